"""Tests of infolab.measures.categorical (and the notebook-40 helpers that use it)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infolab.measures.categorical import (
    SurplusDecomposition,
    average_categorical_entropy,
    categorical_entropy,
    information_surplus,
    pullback_fisher_metric,
    softmax_fisher_metric,
    softmax_kl_divergence,
)
from infolab.measures.discrete import conditional_entropy, entropy
from infolab.models.optim import finite_difference_gradients
from infolab.papers.p40_markov_categorical import (
    expected_nll_and_grads,
    hmm_block_law,
    spectral_alignment,
    synthetic_language,
)


def softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


# ---------------------------------------------------------------- categorical entropy

@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**31 - 1), v=st.integers(2, 12))
def test_categorical_entropy_closed_forms(seed, v):
    rng = np.random.default_rng(seed)
    p = rng.dirichlet(np.full(v, 0.5), size=3)
    p[0, 0] += p[0, 1]
    p[0, 1] = 0.0  # a zero entry
    assert categorical_entropy(p) == pytest.approx([entropy(r) for r in p], abs=1e-12)
    assert categorical_entropy(p, "total_variation") == pytest.approx(1 - np.sum(p**2, axis=1), abs=1e-12)
    assert categorical_entropy(p, "squared_hellinger") == pytest.approx(1 - np.sum(p**1.5, axis=1), abs=1e-12)


def test_categorical_entropy_known_values_and_average():
    assert categorical_entropy(np.full(8, 1 / 8), base=2) == pytest.approx(3.0, abs=1e-12)
    assert categorical_entropy([1.0, 0.0]) == pytest.approx(0.0, abs=0)
    rows = np.array([[0.5, 0.5], [0.9, 0.1]])
    w = np.array([0.25, 0.75])
    joint = (w[:, None] * rows).T  # table [w, h]
    assert average_categorical_entropy(rows, w) == pytest.approx(conditional_entropy(joint), abs=1e-12)


# ---------------------------------------------------------------- surplus

@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**31 - 1))
def test_surplus_chain_rule_and_bounds(seed):
    rng = np.random.default_rng(seed)
    p = rng.dirichlet(np.full(4 * 3 * 5, 0.3)).reshape(4, 3, 5)
    d = information_surplus(p)
    assert isinstance(d, SurplusDecomposition)
    assert d.total == pytest.approx(d.next_token + d.surplus, abs=1e-12)
    assert -1e-15 <= d.surplus <= d.bound + 1e-12
    assert d.bound <= np.log(5) + 1e-12
    # data processing: a function f(H) of the representation has I(f(H); later | W_t) <= I(H; later | W_t)
    merged = np.stack([p[0] + p[1], p[2] + p[3]])
    assert information_surplus(merged).surplus <= d.surplus + 1e-12


def test_surplus_known_value():
    p = np.zeros((2, 2, 2))
    p[0, 0, 0] = p[1, 0, 1] = p[0, 1, 1] = p[1, 1, 0] = 0.25  # later = h XOR w_t
    d = information_surplus(p, base=2)
    assert d.next_token == pytest.approx(0.0, abs=1e-15)
    assert d.surplus == pytest.approx(1.0, abs=1e-12)
    assert d.total == pytest.approx(1.0, abs=1e-12)


# ---------------------------------------------------------------- Fisher metric

def test_softmax_kl_known_and_small_eps_expansion():
    assert softmax_kl_divergence([0.0, 0.0], [0.0, np.log(3)]) == pytest.approx(0.5 * np.log(2 / 3) + 0.5 * np.log(2), abs=1e-15)
    rng = np.random.default_rng(0)
    w = rng.standard_normal((7, 3))
    h, v = rng.standard_normal(3), rng.standard_normal(3)
    g = pullback_fisher_metric(w, softmax(w @ h))
    eps = 1e-4
    kl = softmax_kl_divergence(w @ (h + eps * v), w @ h)
    assert kl == pytest.approx(0.5 * eps**2 * v @ g @ v, rel=1e-3)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**31 - 1), v=st.integers(2, 9), d=st.integers(1, 12))
def test_pullback_metric_expectation_form_and_rank(seed, v, d):
    rng = np.random.default_rng(seed)
    w = rng.standard_normal((v, d))
    b = rng.standard_normal(v)
    h = rng.standard_normal(d)
    p = softmax(w @ h + b)
    g = pullback_fisher_metric(w, p)
    # Remark 6.2: E[score scoreᵀ], score = ∇_h log p(w) = W_w − pᵀW
    scores = w - p @ w
    assert g == pytest.approx(np.einsum("v,vd,ve->de", p, scores, scores), abs=1e-12)
    assert g == pytest.approx(w.T @ softmax_fisher_metric(p) @ w, abs=1e-12)
    ev = np.linalg.eigvalsh(g)
    assert ev.min() >= -1e-12
    assert np.sum(ev > 1e-10 * max(ev.max(), 1e-300)) <= min(d, v - 1)


def test_pullback_metric_batched():
    rng = np.random.default_rng(1)
    w = rng.standard_normal((4, 5, 3))
    p = softmax(rng.standard_normal((4, 5)))
    g = pullback_fisher_metric(w, p)
    assert g.shape == (4, 3, 3)
    assert g[2] == pytest.approx(pullback_fisher_metric(w[2], p[2]), abs=1e-15)


# ---------------------------------------------------------------- notebook-40 helpers

def test_expected_nll_gradient_matches_finite_differences():
    lang = synthetic_language(6, 2, 5, sigma=0.5, seed=3)
    rng = np.random.default_rng(0)
    params = {"h": rng.standard_normal((6, 3)), "g": rng.standard_normal((5, 3))}
    _, grads, _ = expected_nll_and_grads(params["h"], params["g"], lang.p_data, lang.weights)
    fd = finite_difference_gradients(
        lambda: expected_nll_and_grads(params["h"], params["g"], lang.p_data, lang.weights)[0], params, eps=1e-6)
    for k in ("h", "g"):
        assert grads[k] == pytest.approx(fd[k], abs=1e-8)


def test_nll_decomposition_identity():
    lang = synthetic_language(10, 3, 6, sigma=0.5, seed=1)
    rng = np.random.default_rng(2)
    h, g = rng.standard_normal((10, 4)), rng.standard_normal((6, 4))
    nll, _, q = expected_nll_and_grads(h, g, lang.p_data, lang.weights)
    kl = lang.weights @ np.sum(lang.p_data * (np.log(lang.p_data) - np.log(q)), axis=1)
    h_cond = lang.weights @ np.array([entropy(r) for r in lang.p_data])
    assert nll == pytest.approx(kl + h_cond, abs=1e-12)


def test_spectral_alignment_extremes():
    rng = np.random.default_rng(0)
    g = rng.standard_normal((12, 3))
    p = rng.dirichlet(np.ones(12), size=200)
    assert spectral_alignment(p @ g @ rng.standard_normal((3, 3)), g, p) == pytest.approx(1.0, abs=1e-10)
    random_h = rng.standard_normal((200, 3))
    assert spectral_alignment(random_h, g, p) < 0.2


def test_hmm_block_law_marginals():
    rng = np.random.default_rng(4)
    a = rng.dirichlet(np.ones(3), 3)
    b = rng.dirichlet(np.ones(4), 3)
    p0 = rng.dirichlet(np.ones(3))
    law2, _, _ = hmm_block_law(a, b, p0, 2, 2)
    law3, beliefs, pasts = hmm_block_law(a, b, p0, 2, 3)
    assert law3.sum() == pytest.approx(1.0, abs=1e-12)
    assert law3.reshape(16, 4, 4, 4).sum(axis=3).reshape(16, 4, 4) == pytest.approx(law2, abs=1e-15)
    assert beliefs.sum(axis=1) == pytest.approx(np.ones(16), abs=1e-12)
    assert pasts.shape == (16, 2)


# ---------------------------------------------------------------- bad input

def test_bad_inputs():
    with pytest.raises(ValueError, match="'probs'"):
        categorical_entropy([0.5, 0.6])
    with pytest.raises(ValueError, match="'divergence'"):
        categorical_entropy([0.5, 0.5], "js")
    with pytest.raises(ValueError, match="'probs'"):
        average_categorical_entropy([0.5, 0.5])
    with pytest.raises(ValueError, match="'weights'"):
        average_categorical_entropy([[0.5, 0.5]], [0.5, 0.5])
    with pytest.raises(ValueError, match="'pmf'"):
        information_surplus(np.full((2, 2), 0.25))
    with pytest.raises(ValueError, match="'logits_p' and 'logits_q'"):
        softmax_kl_divergence([0.0, 1.0], [0.0, 1.0, 2.0])
    with pytest.raises(ValueError, match="'logits_q'"):
        softmax_kl_divergence([0.0, 1.0], [0.0, np.nan])
    with pytest.raises(ValueError, match="'probs'"):
        softmax_fisher_metric([-0.1, 1.1])
    with pytest.raises(ValueError, match="'logit_jacobian'"):
        pullback_fisher_metric(np.ones((3, 2)), [0.5, 0.5])
    with pytest.raises(ValueError, match="'sigma'"):
        synthetic_language(10, 2, 4, sigma=-1.0)
    with pytest.raises(ValueError, match="'block_len'"):
        hmm_block_law(np.eye(2), np.eye(2), [0.5, 0.5], 1, 1)
