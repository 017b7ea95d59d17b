"""Tests of infolab.measures.ranking: closed forms, scikit-learn and ir-measures peers, properties, bad input."""

import numpy as np
import pytest
from sklearn.metrics import ndcg_score, roc_auc_score

from infolab.measures import (
    catalogue_coverage,
    hit_rate_at_k,
    intra_list_diversity,
    mean_average_precision,
    mean_reciprocal_rank,
    ndcg_at_k,
    novelty,
    precision_at_k,
    recall_at_k,
    recommendation_entropy,
    roc_auc,
    serendipity,
    udcg,
)


def _random_case(seed, n_q=30, n_items=25, graded=False):
    rng = np.random.default_rng(seed)
    t = rng.integers(0, 4 if graded else 2, size=(n_q, n_items)).astype(float)
    t[np.arange(n_q), rng.integers(0, n_items, n_q)] = 1.0           # every row has a relevant item
    s = rng.normal(size=(n_q, n_items))                                # distinct scores: no ties
    return t, s


# ---------------------------------------------------------------------------------------------- known values
def test_hand_computed_ranking():
    t = [[1, 0, 1, 0, 1]]
    s = [[5, 4, 3, 2, 1]]                                              # ranking = columns in order
    assert precision_at_k(t, s, 3) == pytest.approx(2 / 3)
    assert recall_at_k(t, s, 3) == pytest.approx(2 / 3)
    assert hit_rate_at_k(t, s, 1) == 1.0
    assert mean_reciprocal_rank([[0, 0, 1, 0, 0]], s) == pytest.approx(1 / 3)
    assert mean_average_precision(t, s) == pytest.approx((1 + 2 / 3 + 3 / 5) / 3)
    dcg = 1 + 1 / np.log2(4) + 1 / np.log2(6)
    idcg = 1 + 1 / np.log2(3) + 1 / np.log2(4)
    assert ndcg_at_k(t, s) == pytest.approx(dcg / idcg, abs=1e-15)


def test_perfect_ranking_is_one_and_ties_by_index():
    t = np.array([[0, 2, 0, 1]])
    assert ndcg_at_k(t, t) == 1.0 and mean_average_precision(t, t) == 1.0
    assert mean_reciprocal_rank([[0, 1]], [[1.0, 1.0]]) == 0.5         # tie: column 0 ranks first


def test_mrr_counts_queries_without_a_hit():
    t, s = [[1, 0, 0], [0, 0, 1]], [[3, 2, 1], [3, 2, 1]]
    assert mean_reciprocal_rank(t, s, k=2) == 0.5                      # survey's hits-only variant gives 1


# ---------------------------------------------------------------------------------------------- peers
@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("k", [1, 5, None])
def test_ndcg_matches_sklearn(seed, k):
    t, s = _random_case(seed, graded=True)
    assert ndcg_at_k(t, s, k) == pytest.approx(ndcg_score(t, s, k=k), abs=1e-12)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_auc_matches_sklearn_with_ties(seed):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, 200)
    s = rng.integers(0, 8, 200).astype(float)                          # many ties
    assert roc_auc(y, s) == pytest.approx(roc_auc_score(y, s), abs=1e-12)
    assert roc_auc(y, s) + roc_auc(y, -s) == pytest.approx(1.0, abs=1e-12)


@pytest.mark.parametrize("seed", [0, 3])
def test_trec_measures_match_ir_measures(seed):
    ir_measures = pytest.importorskip("ir_measures")
    from ir_measures import AP, RR, P, R, nDCG

    t, s = _random_case(seed, n_q=12, n_items=20)
    qrels = [ir_measures.Qrel(str(q), str(i), int(t[q, i])) for q in range(t.shape[0]) for i in range(t.shape[1])]
    run = [ir_measures.ScoredDoc(str(q), str(i), float(s[q, i])) for q in range(t.shape[0]) for i in range(t.shape[1])]
    got = ir_measures.calc_aggregate([P @ 5, R @ 5, AP @ 10, AP, RR, nDCG @ 10], qrels, run)
    assert precision_at_k(t, s, 5) == pytest.approx(got[P @ 5], abs=1e-9)
    assert recall_at_k(t, s, 5) == pytest.approx(got[R @ 5], abs=1e-9)
    assert mean_average_precision(t, s, 10) == pytest.approx(got[AP @ 10], abs=1e-9)
    assert mean_average_precision(t, s) == pytest.approx(got[AP], abs=1e-9)
    assert mean_reciprocal_rank(t, s) == pytest.approx(got[RR], abs=1e-9)
    assert ndcg_at_k(t, s, 10) == pytest.approx(got[nDCG @ 10], abs=1e-9)


# ---------------------------------------------------------------------------------------------- properties
@pytest.mark.parametrize("seed", range(5))
def test_bounds_monotonicity_and_invariance(seed):
    t, s = _random_case(seed)
    before = (t.copy(), s.copy())
    rec = [recall_at_k(t, s, k) for k in range(1, 26)]
    assert np.all(np.diff(rec) >= 0) and rec[-1] == 1.0
    assert hit_rate_at_k(t, s, 3) >= recall_at_k(t, s, 3) * 0          # defined
    assert mean_reciprocal_rank(t, s) <= hit_rate_at_k(t, s, 25)
    for f in (ndcg_at_k, mean_average_precision):
        assert 0.0 <= f(t, s) <= 1.0
        assert f(t, 3 * s + 1) == f(t, s)                              # depends on the ranking only
    assert np.array_equal(before[0], t) and np.array_equal(before[1], s)


def test_beyond_accuracy_closed_forms():
    top = np.tile(np.arange(10), (50, 1))                               # same list for everyone
    assert recommendation_entropy(top, 400, base=2) == pytest.approx(np.log2(10), abs=1e-12)
    assert catalogue_coverage(top, 400) == 10 / 400
    counts = np.arange(1, 401, dtype=float)
    assert novelty(top, counts) == pytest.approx(np.mean(-np.log(counts[:10] / counts.sum())), abs=1e-12)
    assert intra_list_diversity(top, np.eye(400)) == 1.0
    assert intra_list_diversity(top, np.ones((400, 400))) == 0.0
    hist = np.zeros((50, 400), bool)
    hist[:, 20] = True
    rel = np.zeros((50, 400), bool)
    rel[:, :10] = True
    assert serendipity(top, hist, rel, np.eye(400)) == 1.0
    assert serendipity(top, hist, ~rel, np.eye(400)) == 0.0


def test_udcg_released_examples_and_order_invariance():
    nr = [5.960464477539063e-08, 6.616115570068359e-06, 0.00018215179443359375, 0.006114959716796875,
          0.0093536376953125]
    assert udcg([1, 1, 0, 0, 0], nr, w_irrelevant=-0.333) == pytest.approx(0.5501411475208001, abs=1e-15)
    rel = np.array([[1, 0, 0, 1, 0]])
    p = np.array([[0.1, 0.5, 0.9, 0.2, 0.3]])
    perm = [4, 2, 0, 1, 3]
    assert udcg(rel, p)[0] == pytest.approx(udcg(rel[:, perm], p[:, perm])[0], abs=1e-15)
    assert udcg([0, 0], [0.0, 0.0]) < 0.5 < udcg([1, 1], [0.0, 0.0])
    assert udcg([1, 0], [0.0, 0.0], position_weights=[0, 1]) == pytest.approx(1 / (1 + np.exp(1 / 6)))


# ---------------------------------------------------------------------------------------------- bad input
@pytest.mark.parametrize("f", [precision_at_k, recall_at_k, hit_rate_at_k])
def test_bad_k(f):
    with pytest.raises(ValueError, match="'k' parameter of " + f.__name__):
        f([[1, 0]], [[1, 0]], 3)


@pytest.mark.parametrize("f", [recall_at_k, mean_average_precision, ndcg_at_k])
def test_row_without_relevant(f):
    with pytest.raises(ValueError, match="'y_true' parameter of " + f.__name__):
        f([[0, 0]], [[1, 0]], 1)


def test_bad_inputs_name_the_argument():
    with pytest.raises(ValueError, match="'y_score' parameter of mean_reciprocal_rank"):
        mean_reciprocal_rank([[1, 0]], [[1, 0, 0]])
    with pytest.raises(ValueError, match="'gain' parameter of ndcg_at_k"):
        ndcg_at_k([[1, 0]], [[1, 0]], gain="log")
    with pytest.raises(ValueError, match="'y_true' parameter of roc_auc"):
        roc_auc([1, 1], [0.2, 0.3])
    with pytest.raises(ValueError, match="'recommended' parameter of catalogue_coverage"):
        catalogue_coverage([[0, 5]], 5)
    with pytest.raises(ValueError, match="'recommended' parameter of recommendation_entropy"):
        recommendation_entropy([[1, 1]], 5)
    with pytest.raises(ValueError, match="'item_counts' parameter of novelty"):
        novelty([[0]], [0, 1])
    with pytest.raises(ValueError, match="'item_similarity' parameter of intra_list_diversity"):
        intra_list_diversity([[0, 1]], [[1, 0.2], [0.3, 1]])
    with pytest.raises(ValueError, match="'history' parameter of serendipity"):
        serendipity([[0, 1]], [[0, 0]], [[1, 1]], np.eye(2))
    with pytest.raises(ValueError, match="'no_response' parameter of udcg"):
        udcg([1, 0], [0.5, 1.5])
    with pytest.raises(TypeError, match="'w_irrelevant' parameter of udcg"):
        udcg([1, 0], [0.5, 0.5], w_irrelevant="a")


# ---------------------------------------------------------------------------------------------- udcg, continued
def test_udcg_released_definition_by_hand():
    # the released compute_udcg_score: sigmoid of the mean over all k passages of the signed utilities
    rel = np.array([[1, 0, 0, 1], [0, 0, 0, 0]])
    nr = np.array([[0.1, 0.2, 0.9, 0.4], [0.5, 0.5, 0.5, 0.5]])
    z = np.array([(0.9 - 0.8 / 3 - 0.1 / 3 + 0.6) / 4, -0.5 / 3])
    np.testing.assert_allclose(udcg(rel, nr), 1 / (1 + np.exp(-z)), atol=1e-15)
    assert udcg([True, False], [0.0, 1.0], w_relevant=2.0, w_irrelevant=-5.0) == pytest.approx(1 / (1 + np.exp(-1.0)))


def test_udcg_monotone_in_utility_and_extreme_weights_stay_finite():
    rel = np.array([1, 0, 1, 0])
    lo, hi = udcg(rel, [0.5, 0.5, 0.5, 0.5]), udcg(rel, [0.2, 0.5, 0.5, 0.5])
    assert hi > lo                                                     # a more useful relevant passage helps
    assert udcg(rel, [0.5, 0.2, 0.5, 0.5]) < lo                        # a more distracting irrelevant one hurts
    with np.errstate(over="raise"):
        assert udcg([0, 0], [0.0, 0.0], w_irrelevant=-1e6) == 0.0      # stable logistic, no overflow


def test_udcg_rejects_non_binary_labels_and_bad_position_weights():
    with pytest.raises(ValueError, match="'relevant' parameter of udcg"):
        udcg([2, 0], [0.5, 0.5])
    with pytest.raises(ValueError, match="'position_weights' parameter of udcg"):
        udcg(np.ones((1, 4)), np.zeros((1, 4)), position_weights=[[1, 1], [1, 1]])
    with pytest.raises(ValueError, match="'position_weights' parameter of udcg"):
        udcg([1, 0], [0.5, 0.5], position_weights=[1, -1])
    with pytest.raises(ValueError, match="'no_response' parameter of udcg"):
        udcg([1, 0], [0.5, 0.5, 0.5])
