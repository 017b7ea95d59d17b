"""Tests of infolab.papers.p38_reader_simulation: the simulated reader, retrievers, per-query metrics, fits."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.special import expit
from scipy.stats import pearsonr

from infolab.measures import mean_average_precision, mean_reciprocal_rank, ndcg_at_k, precision_at_k
from infolab.papers.p38_reader_simulation import (
    correlation_difference_interval,
    fit_position_coefficients,
    lost_in_the_middle_weights,
    per_query_metrics,
    reader_probability,
    simulate_retrievers,
)


def test_weights_closed_form():
    w = lost_in_the_middle_weights(11, depth=0.4)
    assert w[0] == 1.0 and w[-1] == pytest.approx(1.0, abs=1e-15)
    assert w[5] == pytest.approx(0.6, abs=1e-15)                          # sin(π/2) in the middle
    np.testing.assert_allclose(w, w[::-1], atol=1e-15)                    # symmetric U
    assert np.all(lost_in_the_middle_weights(7, depth=0.0) == 1.0)


def test_reader_probability_known_value():
    rel = np.array([[True, False, False]])
    eff = np.array([[0.8, 0.5, 0.2]])
    w = np.array([1.0, 0.5, 1.0])
    got = reader_probability(rel, eff, w, a=-0.5, b=3.0, c=6.0)
    assert got[0] == pytest.approx(expit(-0.5 + 3 * 0.8 - 2.0 * (0.5 * 0.5 + 0.2)), abs=1e-15)
    assert reader_probability(rel, eff, w, a=0.0, b=0.0, c=0.0)[0] == 0.5


def test_distraction_lowers_and_relevance_raises_accuracy():
    rng = np.random.default_rng(0)
    rel = rng.random((200, 10)) < 0.3
    eff = rng.random((200, 10))
    w = lost_in_the_middle_weights(10)
    p0 = reader_probability(rel, eff, w, a=0, b=3, c=0)
    p6 = reader_probability(rel, eff, w, a=0, b=3, c=6)
    assert np.all(p6 <= p0) and np.any(p6 < p0)


def test_simulation_is_deterministic_and_well_formed():
    a = simulate_retrievers(4, 50, k=5, pool=12, seed=3)
    b = simulate_retrievers(4, 50, k=5, pool=12, seed=3)
    np.testing.assert_array_equal(a.correct, b.correct)
    np.testing.assert_array_equal(a.no_response, b.no_response)
    assert a.relevant.shape == (4, 50, 5) and a.y_true.shape == (4, 50, 12)
    assert np.all(a.y_true.sum(axis=2) >= 1)                              # every query answerable
    assert np.all((a.no_response >= 0) & (a.no_response <= 1))
    assert not np.any(a.hard & a.relevant)
    # the context is the retriever's top k in rank order
    top = np.argsort(-a.y_score, axis=2, kind="stable")[:, :, :5]
    np.testing.assert_array_equal(np.take_along_axis(a.y_true, top, axis=2) > 0, a.relevant)


def test_noise_free_scorer_sees_the_effects():
    run = simulate_retrievers(3, 20, k=4, pool=8, nr_noise=0.0, seed=1)
    np.testing.assert_allclose(run.no_response, 1 - run.effect, atol=1e-15)


@pytest.mark.parametrize("seed", [0, 1])
def test_per_query_metrics_average_to_the_library(seed):
    run = simulate_retrievers(2, 200, k=10, pool=25, seed=seed)
    t, s = run.y_true[1], run.y_score[1]
    m = per_query_metrics(t, s, 10)
    assert m["P@k"].mean() == pytest.approx(precision_at_k(t, s, 10), abs=1e-12)
    assert m["MRR@k"].mean() == pytest.approx(mean_reciprocal_rank(t, s, 10), abs=1e-12)
    assert m["MAP@k"].mean() == pytest.approx(mean_average_precision(t, s, 10), abs=1e-12)
    assert m["nDCG@k"].mean() == pytest.approx(ndcg_at_k(t, s, 10), abs=1e-12)


def test_correlation_difference_matches_scipy_and_brackets_the_point():
    rng = np.random.default_rng(0)
    y = (rng.random(2000) < 0.4).astype(float)
    x1 = y + rng.normal(0, 1.0, 2000)
    x2 = y + rng.normal(0, 3.0, 2000)
    point, (lo, hi) = correlation_difference_interval(x1, x2, y, n_boot=400, seed=1)
    assert point == pytest.approx(pearsonr(x1, y)[0] - pearsonr(x2, y)[0], abs=1e-12)
    assert lo < point < hi and lo > 0                                     # x1 is the better predictor
    again = correlation_difference_interval(x1, x2, y, n_boot=400, seed=1)
    assert again == (point, (lo, hi))


def test_fit_matches_sklearn_and_recovers_the_truth():
    sklearn = pytest.importorskip("sklearn.linear_model")
    run = simulate_retrievers(10, 600, k=6, pool=15, c=6.0, seed=2)
    fit = fit_position_coefficients(run.relevant, run.effect, run.correct)
    rel = run.relevant.reshape(-1, 6)
    eff = run.effect.reshape(-1, 6)
    X = np.column_stack([np.where(rel, eff, 0.0), np.where(rel, 0.0, eff)])
    ref = sklearn.LogisticRegression(C=np.inf, tol=1e-12, max_iter=5000).fit(X, run.correct.ravel())
    np.testing.assert_allclose(np.concatenate([fit["relevant"], fit["irrelevant"]]), ref.coef_[0], atol=1e-4)
    assert fit["intercept"] == pytest.approx(ref.intercept_[0], abs=1e-4)
    w = lost_in_the_middle_weights(6)
    assert fit["relevant"].mean() == pytest.approx(3.0 * w.mean(), rel=0.15)


def test_bad_inputs_name_the_argument():
    with pytest.raises(ValueError, match="'k' parameter of lost_in_the_middle_weights"):
        lost_in_the_middle_weights(1)
    with pytest.raises(ValueError, match="'depth' parameter of lost_in_the_middle_weights"):
        lost_in_the_middle_weights(5, depth=1.5)
    with pytest.raises(ValueError, match="'effect' parameter of reader_probability"):
        reader_probability(np.ones((2, 3), bool), np.ones((2, 4)), np.ones(3), a=0, b=1, c=1)
    with pytest.raises(ValueError, match="'k' parameter of simulate_retrievers"):
        simulate_retrievers(3, 10, k=20, pool=10)
    with pytest.raises(ValueError, match="'y_true' parameter of per_query_metrics"):
        per_query_metrics([[0, 0, 0]], [[1, 2, 3]], 2)
    with pytest.raises(ValueError, match="'y' parameter of correlation_difference_interval"):
        correlation_difference_interval([1, 2, 3], [1, 2, 3], [0, 1])
    with pytest.raises(ValueError, match="'correct' parameter of fit_position_coefficients"):
        fit_position_coefficients(np.ones((4, 3), bool), np.ones((4, 3)), np.ones(5))
