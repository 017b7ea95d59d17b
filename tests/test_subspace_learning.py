"""Tests of the structured similarity functions and the symmetric InfoNCE loss."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics.pairwise import cosine_similarity

from infolab.models import (
    StructuredBilinearSimilarity,
    finite_difference_gradients,
    symmetric_infonce_loss,
)


def unit_rows(n, d, seed):
    x = np.random.default_rng(seed).standard_normal((n, d))
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def randomise(sim, seed):
    rng = np.random.default_rng(seed)
    for k in sim.params:
        sim.params[k] = rng.standard_normal(sim.params[k].shape)
    return sim


def test_cosine_at_initialisation_matches_sklearn():
    x, y = unit_rows(7, 6, 0), unit_rows(5, 6, 1)
    np.testing.assert_allclose(StructuredBilinearSimilarity(6).forward(x, y), cosine_similarity(x, y), atol=1e-12)


def test_block_size_one_is_a_diagonal_and_block_size_d_is_full_bilinear():
    x, y = unit_rows(6, 8, 2), unit_rows(4, 8, 3)
    w = np.random.default_rng(0).standard_normal(8)
    diag = StructuredBilinearSimilarity(8)
    diag.params["diagonal"] = w.copy()
    blocks = StructuredBilinearSimilarity(8, diagonal=False, block_size=1)
    blocks.params["blocks"] = w.reshape(8, 1, 1).copy()
    np.testing.assert_allclose(diag.forward(x, y), blocks.forward(x, y), atol=1e-12)
    m = np.random.default_rng(1).standard_normal((8, 8))
    full = StructuredBilinearSimilarity(8, diagonal=False, block_size=8)
    full.params["blocks"] = m[None].copy()
    np.testing.assert_allclose(full.forward(x, y), x @ m @ y.T, atol=1e-12)


def test_scores_equal_the_structured_matrix():
    sim = randomise(StructuredBilinearSimilarity(8, block_size=4), 5)
    x, y = unit_rows(5, 8, 0), unit_rows(3, 8, 1)
    m = sim.matrix()
    np.testing.assert_allclose(sim.forward(x, y), x @ m @ y.T, atol=1e-12)
    assert np.all(m[:4, 4:] == 0) and np.all(m[4:, :4] == 0)   # the mask: nothing across blocks
    assert sim.n_parameters == 8 + 2 * 16


@pytest.mark.parametrize("kwargs", [dict(), dict(diagonal=False, block_size=2), dict(block_size=4),
                                    dict(diagonal=False, block_size=8)])
def test_gradient_matches_finite_differences(kwargs):
    sim = randomise(StructuredBilinearSimilarity(8, **kwargs), 3)
    x, y = unit_rows(6, 8, 4), unit_rows(6, 8, 5)

    def loss():
        return symmetric_infonce_loss(sim.forward(x, y), temperature=0.3)[0]

    _, g = symmetric_infonce_loss(sim.forward(x, y), temperature=0.3)
    grads = sim.backward(g)
    numeric = finite_difference_gradients(loss, sim.params)
    for k in sim.params:
        np.testing.assert_allclose(grads[k], numeric[k], rtol=1e-6, atol=1e-8)


def test_infonce_gradient_and_known_values():
    s = np.random.default_rng(0).standard_normal((5, 5))
    p = {"s": s.copy()}
    loss, grad = symmetric_infonce_loss(p["s"], 0.5)
    numeric = finite_difference_gradients(lambda: symmetric_infonce_loss(p["s"], 0.5)[0], p)
    np.testing.assert_allclose(grad, numeric["s"], rtol=1e-6, atol=1e-9)
    assert symmetric_infonce_loss(np.zeros((6, 6)))[0] == pytest.approx(math.log(6), abs=1e-12)
    assert symmetric_infonce_loss(10.0 * np.eye(6), 0.05)[0] < 1e-12


@settings(max_examples=25, deadline=None)
@given(st.integers(2, 8), st.floats(0.01, 2.0), st.integers(0, 10 ** 6))
def test_infonce_properties(n, tau, seed):
    s = np.random.default_rng(seed).standard_normal((n, n))
    loss, grad = symmetric_infonce_loss(s, tau)
    assert loss >= 0
    # adding a constant to every score changes nothing; each row's and column's gradient sums to zero
    assert symmetric_infonce_loss(s + 3.0, tau)[0] == pytest.approx(loss, abs=1e-9)
    np.testing.assert_allclose(grad.sum(), 0.0, atol=1e-9)
    assert loss == symmetric_infonce_loss(s.copy(), tau)[0]


def test_no_input_mutation():
    x, y = unit_rows(4, 4, 0), unit_rows(4, 4, 1)
    xc, yc = x.copy(), y.copy()
    sim = StructuredBilinearSimilarity(4, block_size=2)
    sim.forward(x, y)
    sim.backward(np.ones((4, 4)))
    np.testing.assert_array_equal(x, xc)
    np.testing.assert_array_equal(y, yc)


def test_bad_inputs():
    with pytest.raises(ValueError, match="'block_size'"):
        StructuredBilinearSimilarity(8, block_size=3)
    with pytest.raises(ValueError, match="'block_size'"):
        StructuredBilinearSimilarity(8, block_size=9)
    with pytest.raises(ValueError, match="'diagonal'"):
        StructuredBilinearSimilarity(8, diagonal=False)
    with pytest.raises(TypeError, match="'diagonal'"):
        StructuredBilinearSimilarity(8, diagonal=1)
    with pytest.raises(ValueError, match="'dim'"):
        StructuredBilinearSimilarity(0)
    sim = StructuredBilinearSimilarity(4)
    with pytest.raises(RuntimeError, match="forward"):
        sim.backward(np.ones((2, 2)))
    with pytest.raises(ValueError, match="'x'"):
        sim.forward(np.ones((2, 3)), np.ones((2, 4)))
    with pytest.raises(ValueError, match="'y'"):
        sim.forward(np.ones((2, 4)), np.full((2, 4), np.nan))
    sim.forward(np.ones((2, 4)), np.ones((3, 4)))
    with pytest.raises(ValueError, match="'grad_scores'"):
        sim.backward(np.ones((3, 2)))
    with pytest.raises(ValueError, match="'scores'"):
        symmetric_infonce_loss(np.ones((2, 3)))
    with pytest.raises(ValueError, match="'temperature'"):
        symmetric_infonce_loss(np.ones((2, 2)), 0.0)


# --------------------------------------------------------------------------- dynamic subspace learners

from infolab.models import split_last_subspace, subspace_triplet_loss, taylor_importance  # noqa: E402


@pytest.mark.parametrize("learner", [0, 1, 2])
def test_subspace_triplet_gradient(learner):
    rng = np.random.default_rng(learner)
    p = {"e": rng.standard_normal((9, 10))}
    labels = np.repeat([0, 1, 2], 3)
    sizes = [4, 3, 3]
    loss, grad = subspace_triplet_loss(p["e"], labels, sizes, learner, margin=0.5)
    numeric = finite_difference_gradients(lambda: subspace_triplet_loss(p["e"], labels, sizes, learner, margin=0.5)[0], p)
    np.testing.assert_allclose(grad, numeric["e"], rtol=1e-5, atol=1e-8)
    lo = sum(sizes[:learner])
    outside = np.ones(10, bool)
    outside[lo:lo + sizes[learner]] = False
    assert np.all(grad[:, outside] == 0)
    # scale invariance of the normalised slice
    p2 = p["e"].copy()
    p2[:, lo:lo + sizes[learner]] *= 3.0
    assert subspace_triplet_loss(p2, labels, sizes, learner, margin=0.5)[0] == pytest.approx(loss, abs=1e-12)


def test_taylor_importance_known_values_and_first_order_meaning():
    np.testing.assert_allclose(taylor_importance([[1.0, 2.0, 0.0]], [[1.0, 1.0, 5.0]]), [0.5, 1.0, 0.0])
    # for a linear loss L = sum_j c_j a_j, zeroing neuron j changes L by exactly -mean(a_j c_j) per row
    rng = np.random.default_rng(0)
    a, c = rng.standard_normal((50, 6)), rng.standard_normal(6)
    raw = np.abs(np.mean(a * c, axis=0))
    np.testing.assert_allclose(taylor_importance(a, np.tile(c, (50, 1))), (raw - raw.min()) / (raw.max() - raw.min()))


def test_split_rule():
    s = np.r_[np.linspace(1, 0.6, 6), np.linspace(0.4, 0, 6)]
    new, order = split_last_subspace([4, 12], s[::-1])
    assert new == [4, 6, 6]
    np.testing.assert_array_equal(order[:6], np.arange(11, 5, -1))
    assert split_last_subspace([10], np.r_[np.ones(6), np.zeros(4)]) is None      # not more than 10 neurons
    assert split_last_subspace([12], np.ones(12)) is None                          # nothing left for a new learner


def test_dynamic_bad_inputs():
    with pytest.raises(ValueError, match="'sizes'"):
        subspace_triplet_loss(np.ones((3, 4)), [0, 0, 1], [2, 1], 0)
    with pytest.raises(ValueError, match="'learner'"):
        subspace_triplet_loss(np.ones((3, 4)), [0, 0, 1], [2, 2], 2)
    with pytest.raises(ValueError, match="'embeddings'"):
        subspace_triplet_loss(np.zeros((3, 4)), [0, 0, 1], [2, 2], 0)
    with pytest.raises(ValueError, match="'activation_grads'"):
        taylor_importance(np.ones((2, 3)), np.ones((2, 2)))
    with pytest.raises(ValueError, match="'activations'"):
        taylor_importance(np.ones((2, 3)), np.ones((2, 3)))
    with pytest.raises(ValueError, match="'importance'"):
        split_last_subspace([12], np.ones(11))
    with pytest.raises(ValueError, match="'importance'"):
        split_last_subspace([3], [0.5, 2.0, 0.1])
    with pytest.raises(TypeError, match="'sizes'"):
        split_last_subspace([], [0.5])
