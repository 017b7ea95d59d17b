"""Tests of the information-bottleneck measures: stochastic-encoder MI, the IB bound, the Gaussian IB."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infolab.measures import (
    gaussian_encoder_conditional_mutual_information,
    gaussian_encoder_mutual_information,
    gaussian_ib_curve,
    gaussian_ib_projection,
    gaussian_ib_relevance,
    gaussian_ib_spectrum,
    gaussian_mutual_information,
    information_bottleneck_generalization_bound,
)


def linear_encoder(d, dz, sigma, m, seed):
    rng = np.random.default_rng(seed)
    w = rng.standard_normal((dz, d)) / math.sqrt(d)
    x = rng.standard_normal((m, d))
    cov = np.block([[np.eye(d), w.T], [w, w @ w.T + sigma ** 2 * np.eye(dz)]])
    return x @ w.T, gaussian_mutual_information(cov, d)


def random_joint_cov(dx, dy, seed):
    rng = np.random.default_rng(seed)
    a = rng.standard_normal((dx + dy, dx + dy + 2))
    return a @ a.T / (dx + dy + 2) + 0.05 * np.eye(dx + dy)


# --------------------------------------------------------------------------- encoder MI

def test_closed_form_matches_logdet_of_identity_plus_signal():
    # I = ½ log det(I + W Wᵀ / σ²) for X ~ N(0, I): peer check of the truth used in the notebook
    rng = np.random.default_rng(3)
    w = rng.standard_normal((3, 5))
    sigma = 0.7
    cov = np.block([[np.eye(5), w.T], [w, w @ w.T + sigma ** 2 * np.eye(3)]])
    expected = 0.5 * np.linalg.slogdet(np.eye(3) + w @ w.T / sigma ** 2)[1]
    assert gaussian_mutual_information(cov, 5) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("d, dz, sigma", [(5, 2, 1.0), (5, 2, 0.3), (10, 4, 0.5)])
def test_mixture_estimate_close_to_linear_gaussian_truth(d, dz, sigma):
    means, truth = linear_encoder(d, dz, sigma, 2000, seed=d + dz)
    est = gaussian_encoder_mutual_information(means, sigma, seed=1)
    jensen = gaussian_encoder_mutual_information(means, sigma, seed=1, bound="jensen")
    assert abs(est - truth) < 0.1
    assert est <= math.log(2000)
    assert jensen >= truth


def test_mixture_saturates_at_log_m():
    means = np.arange(50.0)[:, None] * 100.0   # perfectly separated codes: I(X;Z) is huge
    est = gaussian_encoder_mutual_information(means, 0.01, seed=0)
    assert est == pytest.approx(math.log(50), abs=1e-9)
    assert est <= math.log(50) + 1e-9   # rounding only


def test_identical_means_give_zero():
    means = np.ones((30, 2))
    assert gaussian_encoder_mutual_information(means, 1.0, seed=0) == pytest.approx(0.0, abs=1e-12)
    assert gaussian_encoder_mutual_information(means, 1.0, seed=0, bound="jensen") == pytest.approx(0.0, abs=1e-12)


def test_two_point_exact_with_given_noise():
    # M = 2 by hand: log p(z1|x1) - log ½ (p(z1|x1) + p(z1|x2)), z = mu + eps
    means = np.array([[0.0], [1.0]])
    eps = np.array([[0.3], [-0.2]])
    z = means + eps
    lp = lambda zz, m: -0.5 * (zz - m) ** 2 - 0.5 * math.log(2 * math.pi)  # noqa: E731
    terms = [lp(z[i, 0], means[i, 0]) - math.log(0.5 * (math.exp(lp(z[i, 0], 0.0)) + math.exp(lp(z[i, 0], 1.0))))
             for i in range(2)]
    est = gaussian_encoder_mutual_information(means, 1.0, noise=eps)
    assert est == pytest.approx(np.mean(terms), abs=1e-14)
    assert gaussian_encoder_mutual_information(means, 1.0, noise=eps, base=2) == pytest.approx(np.mean(terms) / math.log(2))


def test_diagonal_sigma_equals_scalar_when_constant():
    means, _ = linear_encoder(4, 3, 0.5, 300, seed=0)
    a = gaussian_encoder_mutual_information(means, 0.5, seed=4)
    b = gaussian_encoder_mutual_information(means, np.full(means.shape, 0.5), seed=4)
    assert a == pytest.approx(b, abs=1e-12)


def test_chunking_does_not_change_the_result():
    means, _ = linear_encoder(3, 2, 0.4, 1100, seed=2)
    eps = np.random.default_rng(0).standard_normal(means.shape)
    full = gaussian_encoder_mutual_information(means, 0.4, noise=eps)
    first = gaussian_encoder_mutual_information(means[:400], 0.4, noise=eps[:400])
    assert np.isfinite(full) and np.isfinite(first)
    assert gaussian_encoder_mutual_information(means, 0.4, noise=eps) == full


@settings(max_examples=25, deadline=None)
@given(st.integers(2, 40), st.integers(1, 3), st.floats(0.05, 3.0), st.integers(0, 10 ** 6))
def test_sandwich_per_draw(m, dz, sigma, seed):
    rng = np.random.default_rng(seed)
    means = rng.standard_normal((m, dz))
    mix = gaussian_encoder_mutual_information(means, sigma, seed=seed)
    jen = gaussian_encoder_mutual_information(means, sigma, seed=seed, bound="jensen")
    assert -1e-9 <= mix <= math.log(m) + 1e-9
    assert jen >= mix - 1e-12


def test_deterministic_and_no_mutation():
    means, _ = linear_encoder(3, 2, 0.5, 200, seed=1)
    copy = means.copy()
    a = gaussian_encoder_mutual_information(means, 0.5, seed=7)
    b = gaussian_encoder_mutual_information(means, 0.5, seed=np.random.default_rng(7))
    assert a == b
    np.testing.assert_array_equal(means, copy)


def test_conditional_independent_labels_and_markov_inequality():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((3000, 1))
    y = rng.integers(0, 3, 3000)
    truth = 0.5 * math.log(1 + 1 / 0.5 ** 2)
    assert abs(gaussian_encoder_conditional_mutual_information(x, y, 0.5, seed=1) - truth) < 0.08
    # labels that are a function of x: the conditional information is smaller
    y2 = (x[:, 0] > 0).astype(int)
    cond = gaussian_encoder_conditional_mutual_information(x, y2, 0.5, seed=1)
    full = gaussian_encoder_mutual_information(x, 0.5, seed=1)
    assert cond < full


def test_conditional_one_class_equals_unconditional():
    means, _ = linear_encoder(3, 2, 0.5, 200, seed=1)
    eps = np.random.default_rng(0).standard_normal(means.shape)
    a = gaussian_encoder_conditional_mutual_information(means, np.zeros(200, int), 0.5, noise=eps)
    assert a == pytest.approx(gaussian_encoder_mutual_information(means, 0.5, noise=eps), abs=1e-14)


def test_encoder_bad_inputs():
    means = np.zeros((10, 2))
    with pytest.raises(ValueError, match="'sigma'"):
        gaussian_encoder_mutual_information(means, 0.0)
    with pytest.raises(ValueError, match="'sigma'"):
        gaussian_encoder_mutual_information(means, np.ones((9, 2)))
    with pytest.raises(ValueError, match="'sigma'"):
        gaussian_encoder_mutual_information(means, -np.ones((10, 2)))
    with pytest.raises(ValueError, match="'means'"):
        gaussian_encoder_mutual_information(np.zeros((1, 2)), 1.0)
    with pytest.raises(ValueError, match="'means'"):
        gaussian_encoder_mutual_information(np.full((5, 2), np.nan), 1.0)
    with pytest.raises(TypeError, match="'means'"):
        gaussian_encoder_mutual_information(np.zeros((5, 2)) + 1j, 1.0)
    with pytest.raises(ValueError, match="'bound'"):
        gaussian_encoder_mutual_information(means, 1.0, bound="upper")
    with pytest.raises(ValueError, match="'noise'"):
        gaussian_encoder_mutual_information(means, 1.0, noise=np.zeros((10, 3)))
    with pytest.raises(TypeError, match="'seed'"):
        gaussian_encoder_mutual_information(means, 1.0, seed=-1)
    with pytest.raises(ValueError, match="'labels'"):
        gaussian_encoder_conditional_mutual_information(means, np.zeros(9, int), 1.0)
    with pytest.raises(ValueError, match="'labels'"):
        gaussian_encoder_conditional_mutual_information(means, np.r_[np.zeros(9, int), 1], 1.0)
    with pytest.raises(ValueError, match="'bound'"):
        gaussian_encoder_conditional_mutual_information(means, np.zeros(10, int), 1.0, bound="x")


# --------------------------------------------------------------------------- bound

def test_bound_values_and_units():
    assert information_bottleneck_generalization_bound(2.0, 100, complexity=2.0) == pytest.approx(0.2)
    # bits times ln 2 are nats
    assert information_bottleneck_generalization_bound(1.0, 50, base=2) == pytest.approx(
        information_bottleneck_generalization_bound(math.log(2), 50))
    assert information_bottleneck_generalization_bound(1.0, 50, model_information=3.0, scale=2.0) == pytest.approx(
        2.0 * math.sqrt(4.0 / 50))
    vals = [information_bottleneck_generalization_bound(1.0, n) for n in (10, 40, 160)]
    assert vals[0] == pytest.approx(2 * vals[1]) and vals[1] == pytest.approx(2 * vals[2])


def test_bound_bad_inputs():
    f = information_bottleneck_generalization_bound
    with pytest.raises(ValueError, match="'conditional_information'"):
        f(-0.1, 10)
    with pytest.raises(ValueError, match="'n_samples'"):
        f(1.0, 0)
    with pytest.raises(TypeError, match="'n_samples'"):
        f(1.0, 10.5)
    with pytest.raises(ValueError, match="'model_information'"):
        f(1.0, 10, model_information=-1.0)
    with pytest.raises(ValueError, match="'complexity'"):
        f(1.0, 10, complexity=float("nan"))
    with pytest.raises(ValueError, match="'scale'"):
        f(1.0, 10, scale=0.0)
    with pytest.raises(ValueError, match="'base'"):
        f(1.0, 10, base=1.0)


# --------------------------------------------------------------------------- Gaussian IB

def test_spectrum_is_one_minus_squared_canonical_correlations():
    cov = random_joint_cov(4, 2, seed=0)
    spec = gaussian_ib_spectrum(cov, 4)
    sx, sxy, sy = cov[:4, :4], cov[:4, 4:], cov[4:, 4:]
    lx, ly = np.linalg.cholesky(sx), np.linalg.cholesky(sy)
    rho = np.linalg.svd(np.linalg.solve(lx, sxy) @ np.linalg.inv(ly).T, compute_uv=False)
    expected = np.sort(np.r_[1 - rho ** 2, np.ones(4 - len(rho))])
    np.testing.assert_allclose(spec.eigenvalues, expected, atol=1e-10)
    assert np.all(spec.critical_betas[-2:] > 1e9)   # d_y = 2: two directions never enter
    # left eigenvectors and normalisation
    s_cond = sx - sxy @ np.linalg.solve(sy, sxy.T)
    m = s_cond @ np.linalg.inv(sx)
    for lam, v in zip(spec.eigenvalues, spec.eigenvectors, strict=True):
        np.testing.assert_allclose(v @ m, lam * v, atol=1e-10)
        assert v @ sx @ v == pytest.approx(1.0, abs=1e-10)
    assert -0.5 * np.sum(np.log(spec.eigenvalues)) == pytest.approx(gaussian_mutual_information(cov, 4), abs=1e-10)


def encoder_informations(cov, dx, a):
    """I(T;X), I(T;Y) of T = A X + xi by log-dets of the joint covariance (independent of the closed form)."""
    sx = cov[:dx, :dx]
    k = a.shape[0]
    st = a @ sx @ a.T + np.eye(k)
    joint_tx = np.block([[st, a @ sx], [sx @ a.T, sx]])
    joint_ty = np.block([[st, a @ cov[:dx, dx:]], [cov[dx:, :dx] @ a.T, cov[dx:, dx:]]])
    return gaussian_mutual_information(joint_tx, k), gaussian_mutual_information(joint_ty, k)


@pytest.mark.parametrize("beta", [1.5, 3.0, 10.0, 100.0])
def test_closed_form_curve_matches_logdets_of_the_projection(beta):
    cov = random_joint_cov(5, 3, seed=1)
    a = gaussian_ib_projection(cov, 5, beta)
    ix, iy = encoder_informations(cov, 5, a)
    cv = gaussian_ib_curve(cov, 5, [beta])
    assert cv.information_x[0] == pytest.approx(ix, abs=1e-9)
    assert cv.information_y[0] == pytest.approx(iy, abs=1e-9)


def test_dimension_jumps_at_critical_betas_and_limit():
    cov = random_joint_cov(5, 3, seed=2)
    spec = gaussian_ib_spectrum(cov, 5)
    crit = spec.critical_betas[np.isfinite(spec.critical_betas) & (spec.critical_betas < 1e8)]
    below = gaussian_ib_curve(cov, 5, crit * (1 - 1e-9)).n_active
    above = gaussian_ib_curve(cov, 5, crit * (1 + 1e-9)).n_active
    np.testing.assert_array_equal(above - below, np.ones(len(crit), int))
    assert gaussian_ib_curve(cov, 5, [crit[0] * 0.999]).information_x[0] == 0.0
    big = gaussian_ib_curve(cov, 5, [1e10]).information_y[0]
    assert big == pytest.approx(gaussian_mutual_information(cov, 5), abs=1e-8)


def test_ib_lagrangian_beats_random_encoders():
    cov = random_joint_cov(4, 2, seed=3)
    beta = 6.0
    cv = gaussian_ib_curve(cov, 4, [beta])
    best = cv.information_x[0] - beta * cv.information_y[0]
    rng = np.random.default_rng(0)
    for _ in range(200):
        a = rng.standard_normal((rng.integers(1, 5), 4)) * rng.uniform(0.1, 3.0)
        ix, iy = encoder_informations(cov, 4, a)
        assert ix - beta * iy >= best - 1e-9
        assert iy <= gaussian_ib_relevance(cov, 4, ix) + 1e-9


def test_relevance_inverts_the_curve():
    cov = random_joint_cov(4, 2, seed=4)
    cv = gaussian_ib_curve(cov, 4, [2.0, 5.0, 40.0])
    for ix, iy in zip(cv.information_x, cv.information_y, strict=True):
        if ix > 0:
            assert gaussian_ib_relevance(cov, 4, ix) == pytest.approx(iy, abs=1e-9)
    assert gaussian_ib_relevance(cov, 4, 0.0) == 0.0
    assert gaussian_ib_relevance(cov, 4, 1.0, base=2) == pytest.approx(
        gaussian_ib_relevance(cov, 4, math.log(2)) / math.log(2), rel=1e-9)


@settings(max_examples=20, deadline=None)
@given(st.integers(1, 4), st.integers(1, 3), st.integers(0, 10 ** 6), st.floats(1.01, 200.0))
def test_curve_properties(dx, dy, seed, beta):
    cov = random_joint_cov(dx, dy, seed)
    cv = gaussian_ib_curve(cov, dx, [beta, beta * 1.5])
    assert np.all(cv.information_y >= -1e-12)
    assert np.all(cv.information_y <= cv.information_x + 1e-9)          # data processing: I(T;Y) <= I(T;X)
    assert np.all(cv.information_y <= gaussian_mutual_information(cov, dx) + 1e-9)
    assert np.all(np.diff(cv.information_x) >= -1e-12) and np.all(np.diff(cv.information_y) >= -1e-12)


def test_gaussian_ib_bad_inputs():
    cov = random_joint_cov(2, 1, seed=0)
    for f, extra in ((gaussian_ib_spectrum, ()), (gaussian_ib_projection, (2.0,)), (gaussian_ib_curve, ([2.0],)),
                     (gaussian_ib_relevance, (1.0,))):
        with pytest.raises(ValueError, match="'dim_x'"):
            f(cov, 3, *extra)
        with pytest.raises(ValueError, match="'cov'"):
            f(np.ones((3, 3)), 2, *extra)          # singular
        with pytest.raises(ValueError, match="'cov'"):
            f(cov[:2], 1, *extra)                   # not square
        with pytest.raises(ValueError, match="'cov'"):
            f(cov + np.triu(np.ones((3, 3)), 1), 2, *extra)   # not symmetric
    with pytest.raises(ValueError, match="'beta'"):
        gaussian_ib_projection(cov, 2, -1.0)
    with pytest.raises(ValueError, match="'betas'"):
        gaussian_ib_curve(cov, 2, [1.0, -2.0])
    with pytest.raises(ValueError, match="'rate'"):
        gaussian_ib_relevance(cov, 2, -1.0)
    with pytest.raises(ValueError, match="'base'"):
        gaussian_ib_curve(cov, 2, [2.0], base=0)
