"""Tests of infolab.measures.explanation (original and robust fidelity)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infolab.measures import explanation_fidelity, robust_explanation_fidelity


def edge_count_model(adjacency):
    """P(class 1) = (number of undirected edges) / (number of node pairs): a closed-form 'classifier'."""
    n = adjacency.shape[1]
    p1 = (adjacency > 0).sum(axis=(1, 2)) / (n * (n - 1))
    return np.stack([1 - p1, p1], axis=1)


def _graphs(seed, b=5, n=6):
    rng = np.random.default_rng(seed)
    a = np.triu(rng.random((b, n, n)) < 0.5, 1)
    a = (a | np.swapaxes(a, 1, 2)).astype(float)
    m = np.triu((rng.random((b, n, n)) < 0.5) & (a > 0), 1)
    return a, m | np.swapaxes(m, 1, 2), rng.integers(0, 2, b)


def test_closed_form_with_an_edge_counting_model():
    a, m, _ = _graphs(0)
    y = np.ones(a.shape[0], dtype=int)
    pairs = a.shape[1] * (a.shape[1] - 1) / 2
    n_edges, n_exp = np.triu(a > 0, 1).sum((1, 2)), np.triu(m, 1).sum((1, 2))
    s = explanation_fidelity(edge_count_model, a, m, y)
    np.testing.assert_allclose(s.plus_per_graph, n_exp / pairs, atol=1e-12)       # remove the explanation
    np.testing.assert_allclose(s.minus_per_graph, (n_edges - n_exp) / pairs, atol=1e-12)  # keep it alone
    assert s.delta == pytest.approx(s.plus - s.minus)
    # the robust expectation is linear in the edges removed: alpha1 * |exp| and (1 - alpha2) * |rest|
    r = robust_explanation_fidelity(edge_count_model, a, m, y, alpha1=0.3, alpha2=0.6, n_samples=4000, seed=1)
    np.testing.assert_allclose(r.plus_per_graph, 0.3 * n_exp / pairs, atol=0.01)
    np.testing.assert_allclose(r.minus_per_graph, 0.4 * (n_edges - n_exp) / pairs, atol=0.01)
    assert r.plus_se < 0.002 and r.minus_se < 0.002


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**31 - 1), kind=st.sampled_from(["probability", "accuracy"]))
def test_alpha1_one_alpha2_zero_give_the_originals(seed, kind):
    a, m, y = _graphs(seed)
    o = explanation_fidelity(edge_count_model, a, m, y, kind=kind)
    r = robust_explanation_fidelity(edge_count_model, a, m, y, alpha1=1.0, alpha2=0.0, n_samples=2, kind=kind, seed=0)
    np.testing.assert_array_equal(o.plus_per_graph, r.plus_per_graph)
    np.testing.assert_array_equal(o.minus_per_graph, r.minus_per_graph)
    assert r.plus_se == 0.0 and r.minus_se == 0.0


def test_alpha1_zero_alpha2_one_change_nothing_and_seed_reproduces():
    a, m, y = _graphs(2)
    r = robust_explanation_fidelity(edge_count_model, a, m, y, alpha1=0.0, alpha2=1.0, n_samples=3)
    np.testing.assert_array_equal(r.plus_per_graph, 0.0)
    np.testing.assert_array_equal(r.minus_per_graph, 0.0)
    r1 = robust_explanation_fidelity(edge_count_model, a, m, y, seed=5, n_samples=5)
    r2 = robust_explanation_fidelity(edge_count_model, a, m, y, seed=5, n_samples=5)
    np.testing.assert_array_equal(r1.plus_per_graph, r2.plus_per_graph)
    np.testing.assert_array_equal(r1.minus_per_graph, r2.minus_per_graph)


def test_accuracy_version_is_an_indicator_difference():
    a, m, y = _graphs(3)
    s = explanation_fidelity(edge_count_model, a, m, y, kind="accuracy")
    assert set(np.unique(s.plus_per_graph)) <= {-1.0, 0.0, 1.0}


def test_inputs_are_not_mutated():
    a, m, y = _graphs(4)
    a0, m0 = a.copy(), m.copy()
    robust_explanation_fidelity(edge_count_model, a, m, y, n_samples=3)
    np.testing.assert_array_equal(a, a0)
    np.testing.assert_array_equal(m, m0)


A, M, Y = _graphs(6)


@pytest.mark.parametrize("call, name", [
    (lambda: explanation_fidelity("model", A, M, Y), "predict"),
    (lambda: explanation_fidelity(edge_count_model, A[0], M, Y), "adjacency"),
    (lambda: explanation_fidelity(edge_count_model, -A, M, Y), "adjacency"),
    (lambda: explanation_fidelity(edge_count_model, A, M.astype(float), Y), "masks"),
    (lambda: explanation_fidelity(edge_count_model, A, np.ones_like(M), Y), "masks"),
    (lambda: explanation_fidelity(edge_count_model, A, M, Y[:2]), "labels"),
    (lambda: explanation_fidelity(edge_count_model, A, M, Y + 5), "labels"),
    (lambda: explanation_fidelity(edge_count_model, A, M, Y, kind="auc"), "kind"),
    (lambda: explanation_fidelity(lambda a: np.ones((a.shape[0], 2)), A, M, Y), "predict"),
    (lambda: robust_explanation_fidelity(edge_count_model, A, M, Y, alpha1=1.5), "alpha1"),
    (lambda: robust_explanation_fidelity(edge_count_model, A, M, Y, alpha2=-0.1), "alpha2"),
    (lambda: robust_explanation_fidelity(edge_count_model, A, M, Y, n_samples=1), "n_samples"),
    (lambda: robust_explanation_fidelity(edge_count_model, A, M, Y, seed="x"), "seed"),
])
def test_bad_inputs_name_the_argument(call, name):
    with pytest.raises((ValueError, TypeError), match=f"'{name}'"):
        call()
