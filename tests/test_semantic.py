"""Tests of infolab.measures.semantic (Lu's semantic information G theory)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize

from infolab.measures import mutual_information_pmf
from infolab.measures.semantic import (
    ChannelMatchingResult,
    MixtureDecompositionResult,
    MMIClassificationResult,
    gaussian_mixture_channel_matching,
    logical_probability,
    mixture_information_decomposition,
    mmi_classification,
    rate_fidelity,
    rate_fidelity_curve,
    semantic_bayes,
    semantic_information,
    semantic_mutual_information,
    truth_from_channel,
)


def random_channel(rng, n_x, n_y):
    return rng.dirichlet(np.ones(n_y), size=n_x)


# --- known values and identities ---------------------------------------------

def test_logical_probability_and_bayes():
    px = np.array([0.2, 0.3, 0.5])
    t = np.array([[1.0, 0.0], [0.5, 1.0], [0.0, 1.0]])
    np.testing.assert_allclose(logical_probability(px, t), [0.35, 0.8])
    post = semantic_bayes(px, t)
    np.testing.assert_allclose(post.sum(axis=0), 1.0)
    np.testing.assert_allclose(post[:, 0], [0.2 / 0.35, 0.15 / 0.35, 0.0])
    # semantic information = log P(x|θ)/P(x)
    with np.errstate(divide="ignore"):
        np.testing.assert_allclose(semantic_information(px, t), np.log(post / px[:, None]))


def test_matched_truth_gives_shannon_information():
    rng = np.random.default_rng(0)
    for _ in range(5):
        px = rng.dirichlet(np.ones(20))
        ch = random_channel(rng, 20, 4)
        pxy = px[:, None] * ch
        g = semantic_mutual_information(pxy, truth_from_channel(ch))
        assert g == pytest.approx(mutual_information_pmf(pxy), abs=1e-12)


def test_truth_invariant_to_column_scaling():
    rng = np.random.default_rng(1)
    px = rng.dirichlet(np.ones(6))
    pxy = px[:, None] * random_channel(rng, 6, 3)
    t = rng.random((6, 3))
    assert semantic_mutual_information(pxy, t) == pytest.approx(
        semantic_mutual_information(pxy, t * np.array([0.5, 0.1, 1.0])), abs=1e-13)


def test_false_label_gives_minus_infinity():
    assert semantic_mutual_information([[0.5, 0.0], [0.25, 0.25]], [[0.0, 1.0], [1.0, 1.0]]) == float("-inf")


def test_rate_fidelity_binary_noiseless():
    out = rate_fidelity([0.5, 0.5], [[1.0, 0.0], [0.0, 1.0]], s=5.0, base=2)
    assert out.G == pytest.approx(1.0) and out.R == pytest.approx(1.0)
    zero = rate_fidelity([0.5, 0.5], [[1.0, 0.2], [0.2, 1.0]], s=0.0)
    assert zero.R == pytest.approx(0.0, abs=1e-15)


def test_rate_fidelity_parametric_identities():
    x = np.arange(8)
    px = np.full(8, 1 / 8)
    t = np.exp(-((x[:, None] - np.array([1, 3.5, 6])) ** 2) / 2)
    for s in (0.5, 2.0, 8.0):
        out = rate_fidelity(px, t, s)
        assert out.R == pytest.approx(out.R_parametric, abs=1e-12)  # R = sG - Σ P(x) log λ
        assert out.G <= out.R + 1e-12  # SeMI never exceeds Shannon MI
    s, h = 3.0, 1e-3
    hi, lo = rate_fidelity(px, t, s + h), rate_fidelity(px, t, s - h)
    assert (hi.R - lo.R) / (hi.G - lo.G) == pytest.approx(s, rel=1e-5)


def test_rate_fidelity_matches_direct_convex_solver():
    """Independent computation: SLSQP on P(y|x) with analytic gradients (convex problem)."""
    x = np.arange(5)
    px = np.array([0.1, 0.3, 0.2, 0.25, 0.15])
    t = np.exp(-((x[:, None] - np.array([0.5, 3.5])) ** 2) / 2)
    log_m = np.log(t / (px @ t))
    n_x, n_y = t.shape
    a = np.kron(np.eye(n_x), np.ones(n_y))

    def info(c):
        c = c.reshape(n_x, n_y)
        py = px @ c
        ratio = np.log(np.maximum(c, 1e-300) / py)
        return float(np.sum(px[:, None] * c * ratio)), (px[:, None] * ratio).ravel()

    out = rate_fidelity(px, t, 2.0)
    cons = [{"type": "eq", "fun": lambda c: a @ c - 1, "jac": lambda c: a},
            {"type": "ineq", "fun": lambda c: float(np.sum(px[:, None] * c.reshape(n_x, n_y) * log_m)) - out.G,
             "jac": lambda c: (px[:, None] * log_m).ravel()}]
    res = minimize(info, np.full(n_x * n_y, 1 / n_y), jac=True, method="SLSQP", bounds=[(1e-15, 1)] * (n_x * n_y),
                   constraints=cons, options={"ftol": 1e-15, "maxiter": 2000})
    assert res.fun == pytest.approx(out.R, abs=1e-8)


def test_rate_fidelity_curve_monotone():
    g, r = rate_fidelity_curve([0.25] * 4, np.eye(4) * 0.8 + 0.2 * (1 - np.eye(4)) / 1.0, [0.5, 1, 2, 4, 8])
    assert np.all(np.diff(g) > 0) and np.all(np.diff(r) > 0)


def test_mixture_identity_and_fit():
    x = np.linspace(-8, 8, 400)
    comps = np.exp(-0.5 * (x[:, None] - np.array([-1.5, 1.5])) ** 2)
    comps /= comps.sum(axis=0)
    truth = comps @ np.array([0.9, 0.1])
    rng = np.random.default_rng(2)
    for _ in range(5):
        lik = rng.dirichlet(np.ones(400), size=2).T
        d = mixture_information_decomposition(truth, lik, rng.dirichlet([1, 1]))
        assert abs(d.residual) < 1e-12 and d.kl > 0
    for method in ("cm", "em"):
        fit = gaussian_mixture_channel_matching(x, truth, [-1.0, 1.0], [1.5, 1.5], [0.5, 0.5], method=method,
                                                n_iter=400)
        assert fit.residual < 1e-12
        np.testing.assert_allclose(fit.means, [-1.5, 1.5], atol=1e-3)
        np.testing.assert_allclose(fit.weights, [0.9, 0.1], atol=1e-3)
        assert np.all(np.diff(fit.kl) <= 1e-12)  # both are monotone (EM-type) algorithms


def test_exact_model_has_zero_kl():
    x = np.linspace(-5, 5, 101)
    lik = np.exp(-0.5 * (x[:, None] - np.array([-1.0, 2.0])) ** 2)
    lik /= lik.sum(axis=0)
    w = np.array([0.3, 0.7])
    d = mixture_information_decomposition(lik @ w, lik, w)
    assert d.kl == pytest.approx(0.0, abs=1e-14) and d.kl_weights == pytest.approx(0.0, abs=1e-14)
    # then R = G: the semantic information of the fitted mixture is its Shannon information
    assert d.R == pytest.approx(d.G, abs=1e-13)


def test_mmi_classification_separated_classes():
    # three well separated classes on a line: the iteration finds the perfect partition, I = H(X)
    z = np.arange(60.0)
    lik = np.exp(-((z[:, None] - np.array([10.0, 30.0, 50.0])) ** 2) / 8)
    lik /= lik.sum(axis=0)
    px = np.array([0.5, 0.3, 0.2])
    start = (z // 20).astype(int)[::-1].copy()  # labels in the wrong order
    start[:5] = 1
    out = mmi_classification(px, lik, start, n_iter=5)
    assert np.all(np.diff(out.mutual_information) >= -1e-12)
    # the Gaussian tails overlap a little (about 1e-5 nat of H(X) is lost)
    assert out.mutual_information[-1] == pytest.approx(-np.sum(px * np.log(px)), abs=1e-4)
    assert len(set(out.labels[:20].tolist())) == 1  # the first class keeps one label


def test_results_are_records_and_old_keys_warn():
    d = mixture_information_decomposition([0.5, 0.5], [[0.9, 0.2], [0.1, 0.8]], [0.5, 0.5])
    x = np.linspace(-4, 4, 81)
    fit = gaussian_mixture_channel_matching(x, np.exp(-0.5 * x ** 2) / np.exp(-0.5 * x ** 2).sum(), [-1.0, 1.0],
                                            [1.0, 1.0], [0.5, 0.5], n_iter=3)
    out = mmi_classification([0.5, 0.5], [[0.7, 0.1], [0.2, 0.2], [0.1, 0.7]], [0, 0, 1], n_iter=1)
    assert isinstance(d, MixtureDecompositionResult) and isinstance(fit, ChannelMatchingResult)
    assert isinstance(out, MMIClassificationResult)
    assert d.kl == pytest.approx(d.R - d.G + d.kl_weights, abs=1e-15)
    assert fit.kl.shape == (3,) and isinstance(fit.inner_iterations, int) and fit.collapsed is False
    for record, key in ((d, "residual"), (d, "R"), (fit, "means"), (fit, "iterations_to_tol"), (out, "labels")):
        with pytest.warns(FutureWarning, match=rf"^result\['{key}'\] is deprecated; use result\.{key}$"):
            assert record[key] is getattr(record, key)


# --- properties -----------------------------------------------------------------

@settings(max_examples=50, deadline=None)
@given(st.integers(0, 10_000), st.integers(2, 6), st.integers(2, 4))
def test_semantic_information_never_exceeds_shannon(seed, n_x, n_y):
    rng = np.random.default_rng(seed)
    px = rng.dirichlet(np.ones(n_x))
    pxy = px[:, None] * random_channel(rng, n_x, n_y)
    t = rng.uniform(0.01, 1.0, size=(n_x, n_y))
    g = semantic_mutual_information(pxy, t)
    shannon = mutual_information_pmf(pxy)
    assert g <= shannon + 1e-12
    # the gap is Σ_j P(y_j) KL(P(x|y_j) ‖ P(x|θ_j))
    py = pxy.sum(axis=0)
    post = semantic_bayes(px, t)
    gap = sum(py[j] * np.sum((pxy[:, j] / py[j]) * np.log((pxy[:, j] / py[j]) / post[:, j])) for j in range(n_y))
    assert shannon - g == pytest.approx(gap, abs=1e-12)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000))
def test_mixture_identity_property(seed):
    rng = np.random.default_rng(seed)
    n, k = int(rng.integers(2, 30)), int(rng.integers(1, 5))
    d = mixture_information_decomposition(rng.dirichlet(np.ones(n)), rng.dirichlet(np.ones(n), size=k).T,
                                          rng.dirichlet(np.ones(k)))
    assert abs(d.residual) < 1e-12
    assert d.kl >= -1e-15 and d.kl_weights >= -1e-15
    assert d.p_plus.sum() == pytest.approx(1.0, abs=1e-12)


def test_inputs_not_mutated():
    px = np.array([0.5, 0.5])
    t = np.array([[1.0, 0.2], [0.2, 1.0]])
    rate_fidelity(px, t, 1.0)
    semantic_bayes(px, t)
    assert t.tolist() == [[1.0, 0.2], [0.2, 1.0]] and px.tolist() == [0.5, 0.5]


# --- bad input -------------------------------------------------------------------

def test_bad_inputs():
    good_t = [[1.0, 0.5], [0.5, 1.0]]
    with pytest.raises(ValueError, match="'p_x'"):
        logical_probability([0.5, 0.6], good_t)
    with pytest.raises(ValueError, match="'truth'"):
        logical_probability([0.5, 0.5], [[1.5, 0.5], [0.5, 1.0]])
    with pytest.raises(ValueError, match="'truth'"):
        semantic_bayes([1.0, 0.0], [[0.0, 1.0], [1.0, 1.0]])  # label 0 true only where P(x) = 0
    with pytest.raises(ValueError, match="'channel'"):
        truth_from_channel([[0.5, 0.6], [0.5, 0.5]])
    with pytest.raises(TypeError, match="'truth'"):
        semantic_information([0.5, 0.5], "abc")
    with pytest.raises(ValueError, match="'truth'"):
        semantic_mutual_information([[0.5, 0.5]], [[1.0], [1.0]])
    with pytest.raises(ValueError, match="'s'"):
        rate_fidelity([0.5, 0.5], good_t, -1.0)
    with pytest.raises(ValueError, match="'s_values'"):
        rate_fidelity_curve([0.5, 0.5], good_t, [])
    with pytest.raises(ValueError, match="'max_iter'.*tol=1e-14.*still"):
        rate_fidelity([0.3, 0.7], good_t, 1.0, max_iter=2)
    with pytest.raises(ValueError, match="'max_iter'"):
        rate_fidelity_curve([0.3, 0.7], good_t, [0.5, 1.0], max_iter=2)  # no unconverged point is returned
    with pytest.raises(ValueError, match="'weights'"):
        mixture_information_decomposition([0.5, 0.5], [[0.5], [0.5]], [0.5, 0.5])
    with pytest.raises(ValueError, match="'method'"):
        gaussian_mixture_channel_matching([0.0, 1.0], [0.5, 0.5], [0.0], [1.0], [1.0], method="xx")
    with pytest.raises(ValueError, match="'labels'"):
        mmi_classification([0.5, 0.5], [[0.5, 0.5], [0.5, 0.5]], [0, 1, 2])
    with pytest.raises(ValueError, match="'likelihood'"):
        mmi_classification([0.5, 0.5], [[0.5, 0.6], [0.5, 0.5]], [0, 1])
    with pytest.raises(ValueError, match="'sds'"):
        gaussian_mixture_channel_matching([0.0, 1.0], [0.5, 0.5], [0.0], [0.0], [1.0])
