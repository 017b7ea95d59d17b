"""Tests of infolab.papers.p20_recsys: the planted generator, the split, the recommenders and the list readings."""

from __future__ import annotations

import numpy as np
import pytest

from infolab.measures import (
    mean_average_precision,
    mean_reciprocal_rank,
    precision_at_k,
    recall_at_k,
)
from infolab.papers.p20_recsys import (
    item_cosine,
    item_knn_scores,
    masked_scores,
    metrics_from_lists,
    novelty_reranked,
    planted_interactions,
    popularity_scores,
    random_scores,
    split_per_user,
    survey_arhr,
    survey_mrr,
    svd_scores,
    top_k,
)


def test_generator_is_seeded_and_follows_its_probabilities():
    x, p = planted_interactions(400, 60, seed=3)
    x2, p2 = planted_interactions(400, 60, seed=3)
    np.testing.assert_array_equal(x, x2)
    np.testing.assert_array_equal(p, p2)
    assert x.sum(axis=1).min() >= 5
    # the kept users are selected on their counts, so compare per item only loosely: mean rate vs mean probability
    assert abs(x.mean() - p.mean()) < 0.02
    # the Zipf offset makes the most popular item far more frequent than the median item
    counts = np.sort(x.sum(axis=0))[::-1]
    assert counts[0] > 3 * np.median(counts)


def test_split_holds_out_a_quarter_and_keeps_the_training_catalogue():
    x, _ = planted_interactions(300, 80, seed=1)
    train, test, users, items = split_per_user(x, test_fraction=0.25, seed=0)
    assert not np.any(train & test)
    assert np.all(train.any(axis=0)) and np.all(test.any(axis=1)) and np.all(train.any(axis=1))
    np.testing.assert_array_equal(train, x[users][:, items] & ~test)    # every kept interaction not held out
    assert np.all(x[users][:, items] | ~test)                          # test items are interactions
    n = x[users].sum(axis=1)
    expected = np.minimum(np.maximum(1, np.round(0.25 * n)), n - 1)
    assert np.all(test.sum(axis=1) <= expected)       # fewer only where a test item's column was dropped


def test_item_cosine_closed_form():
    x = np.array([[1, 1, 0], [1, 0, 1], [1, 1, 0]], bool)
    sim = item_cosine(x)
    # c = [[3,2,1],[2,2,0],[1,0,1]]: sim01 = 2/sqrt(6), sim02 = 1/sqrt(3), sim12 = 0
    np.testing.assert_allclose(sim, [[1, 2 / np.sqrt(6), 1 / np.sqrt(3)], [2 / np.sqrt(6), 1, 0],
                                     [1 / np.sqrt(3), 0, 1]], atol=1e-15)


def test_recommenders():
    x = np.array([[1, 1, 0, 0], [1, 0, 1, 0], [0, 1, 1, 1]], bool)
    np.testing.assert_array_equal(popularity_scores(x), np.tile([2.0, 2.0, 2.0, 1.0], (3, 1)))
    sim = item_cosine(x)
    knn = item_knn_scores(x, sim)
    assert knn[0, 2] == pytest.approx(sim[2, 0] + sim[2, 1])
    assert knn[0, 0] == pytest.approx(sim[0, 1])                    # the item itself does not count
    full = svd_scores(x, 3)
    np.testing.assert_allclose(full, x.astype(float), atol=1e-12)   # full rank reproduces the matrix
    r1 = svd_scores(x, 1)
    assert np.linalg.matrix_rank(r1) == 1
    s = np.linalg.svd(x.astype(float), compute_uv=False)
    assert np.linalg.norm(x - r1) == pytest.approx(np.sqrt((s[1:] ** 2).sum()))   # Eckart–Young
    np.testing.assert_array_equal(random_scores((2, 3), seed=4), random_scores((2, 3), seed=4))


def test_top_k_excludes_and_breaks_ties_by_index():
    s = np.array([[1.0, 3.0, 3.0, 0.0], [2.0, 2.0, 2.0, 2.0]])
    np.testing.assert_array_equal(top_k(s, 2), [[1, 2], [0, 1]])
    ex = np.array([[0, 1, 0, 0], [1, 0, 0, 0]], bool)
    np.testing.assert_array_equal(top_k(s, 2, exclude=ex), [[2, 0], [1, 2]])
    m = masked_scores(s, ex)
    assert m[0, 1] < m[0].min() + 1e-12 and m[1, 0] < 0.0


def test_list_reading_matches_the_library_and_the_survey_variants():
    rng = np.random.default_rng(0)
    rel = rng.random((40, 30)) < 0.2
    rel[np.arange(40), rng.integers(0, 30, 40)] = True
    scores = rng.random((40, 30))
    lists = top_k(scores, 5)
    lit = metrics_from_lists(lists, rel)
    assert lit["precision"] == pytest.approx(precision_at_k(rel, scores, 5), abs=1e-12)
    assert lit["recall"] == pytest.approx(recall_at_k(rel, scores, 5), abs=1e-12)
    assert lit["mrr"] == pytest.approx(mean_reciprocal_rank(rel, scores, 5), abs=1e-12)
    assert lit["map"] == pytest.approx(mean_average_precision(rel, scores, 5), abs=1e-12)
    assert survey_mrr(lists, rel) == pytest.approx(lit["mrr"] / lit["hit_rate"], abs=1e-12)
    # hand case: user 0 hits at ranks 2 and 3, user 1 has no hit
    lists2 = np.array([[0, 1, 2], [0, 1, 2]])
    rel2 = np.array([[0, 1, 1, 0], [0, 0, 0, 1]], bool)
    assert survey_mrr(lists2, rel2) == pytest.approx(0.5)           # MRR would be 0.25
    assert survey_arhr(lists2, rel2) == pytest.approx((1 / 2 + 1 / 3) / 2)
    assert metrics_from_lists(lists2, rel2)["map"] == pytest.approx((1 / 2 + 2 / 3) / 2 / 2)


def test_novelty_reranking_moves_towards_rare_items():
    s = np.array([[3.0, 2.0, 1.0]])
    counts = np.array([100.0, 10.0, 1.0])
    np.testing.assert_array_equal(top_k(novelty_reranked(s, counts, 0.0), 1), [[0]])
    np.testing.assert_array_equal(top_k(novelty_reranked(s, counts, 10.0), 1), [[2]])


def test_bad_inputs_name_the_argument():
    with pytest.raises(ValueError, match="'n_users'"):
        planted_interactions(1, 10)
    with pytest.raises(ValueError, match="'offset'"):
        planted_interactions(20, 10, offset=-40.0)
    with pytest.raises(ValueError, match="'test_fraction'"):
        split_per_user(np.ones((3, 4), bool), test_fraction=1.0)
    with pytest.raises(ValueError, match="'interactions'"):
        split_per_user(np.eye(3, dtype=bool))
    with pytest.raises(ValueError, match="'train'"):
        item_cosine(np.full((2, 2), 0.5))
    with pytest.raises(ValueError, match="'similarity'"):
        item_knn_scores(np.ones((2, 3), bool), np.eye(2))
    with pytest.raises(ValueError, match="'rank'"):
        svd_scores(np.ones((2, 3), bool), 3)
    with pytest.raises(TypeError, match="'seed'"):
        random_scores((2, 2), seed=-1)
    with pytest.raises(ValueError, match="'train'"):
        popularity_scores(np.zeros((0, 2), bool))
    with pytest.raises(ValueError, match="'item_counts'"):
        novelty_reranked(np.ones((1, 2)), [1.0, 0.0], 1.0)
    with pytest.raises(ValueError, match="'k'"):
        top_k(np.ones((1, 3)), 3, exclude=np.array([[1, 0, 0]], bool))
    with pytest.raises(ValueError, match="'scores'"):
        masked_scores(np.array([[np.nan]]), np.array([[0]], bool))
    with pytest.raises(ValueError, match="'lists'"):
        metrics_from_lists(np.array([[5]]), np.ones((1, 3), bool))
    with pytest.raises(ValueError, match="'lists'"):
        survey_mrr(np.array([[0]]), np.array([[0, 1]], bool))
    with pytest.raises(ValueError, match="'lists'"):
        survey_arhr(np.array([[0]]), np.array([[0, 1]], bool))
