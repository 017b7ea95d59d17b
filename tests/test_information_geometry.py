"""Tests of infolab.measures.information_geometry: closed forms, their numerical twins, MLDS, Fisher–Rao paths."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import linalg, special, stats

from infolab.measures import (
    area_matching_score,
    cosine_schedule,
    diagonal_gaussian_fisher_rao_distance,
    diffusion_marginal_variances,
    fisher_rao_path_length,
    fit_mlds,
    gaussian_fisher_information,
    gaussian_kl_divergence,
    linear_schedule,
    mlds_triads,
    perceptual_scale,
    score_variance_fisher_information,
    shortest_path_schedule,
    simulate_difference_judgements,
    spectral_envelope_fisher_information,
    von_mises_fisher_information,
)

FWHM_TO_LOG_SD = np.sqrt(np.log(2)) / (2 * np.sqrt(2))


# --- Fisher information: closed forms against KL curvature and the score variance -----------------

def test_gaussian_fisher_information_is_the_curvature_of_the_kl_divergence():
    rng = np.random.default_rng(0)
    a = rng.standard_normal((3, 3))
    b = rng.standard_normal((3, 3))
    mu = lambda t: np.array([np.sin(t), t, t ** 2])                      # noqa: E731
    cov = lambda t: (a + t * b) @ (a + t * b).T + np.eye(3)              # noqa: E731
    t, h = 0.3, 1e-3
    dmu = (mu(t + h) - mu(t - h)) / (2 * h)
    dcov = (cov(t + h) - cov(t - h)) / (2 * h)
    fi = gaussian_fisher_information(dmu, cov(t), dcov)
    kl = gaussian_kl_divergence(mu(t), cov(t), mu(t + h), cov(t + h))
    assert fi == pytest.approx(2 * kl / h ** 2, rel=1e-3)


def test_von_mises_fisher_information_is_the_variance_of_the_cosine():
    for kappa in (0.3, 2.0, 40.0):
        x = np.linspace(-np.pi, np.pi, 200001)
        p = np.exp(kappa * (np.cos(x) - 1)) / (2 * np.pi * special.i0e(kappa))
        ec = np.trapezoid(p * np.cos(x), x)
        var = np.trapezoid(p * np.cos(x) ** 2, x) - ec ** 2
        assert von_mises_fisher_information(kappa) == pytest.approx(var, rel=1e-8)
    assert von_mises_fisher_information(1e4) == pytest.approx(1 / (2 * 1e4 ** 2), rel=1e-3)


def _lognormal_log_density(log_sd_of):
    def f(u, theta):                     # u = log z; mode fixed at 1, so the log-mean is s²
        s = log_sd_of(theta)
        return -0.5 * ((u - s * s) / s) ** 2 - np.log(s * np.sqrt(2 * np.pi))
    return f


@pytest.mark.parametrize("power", [1.0, 0.5])
def test_envelope_closed_forms_match_the_score_variance(power):
    u = np.linspace(-14, 14, 20001)
    b = np.linspace(0.25, 3.25, 7)
    num = score_variance_fisher_information(
        _lognormal_log_density(lambda bb: FWHM_TO_LOG_SD * bb / np.sqrt(power)), b, u)
    cf = spectral_envelope_fisher_information("sf_bandwidth", b, envelope_power=power)
    np.testing.assert_allclose(num, cf, rtol=1e-6)

    th = np.linspace(-np.pi / 2, np.pi / 2, 20001)
    sig = np.deg2rad(np.linspace(1.5, 13.5, 7))

    def vm(t, s):
        k = power / (4 * s * s)
        return k * np.cos(2 * t) - k - np.log(np.pi * special.i0e(k))
    num = score_variance_fisher_information(vm, sig, th)
    cf = spectral_envelope_fisher_information("orientation_bandwidth", sig, envelope_power=power)
    np.testing.assert_allclose(num, cf, rtol=1e-6)

    z0 = np.linspace(1, 5, 5)
    s = 0.4
    zgrid = np.linspace(-6, 8, 20001)

    def mode_family(v, z):               # v = log frequency, density over v of the log-normal with mode z
        ss = s / np.sqrt(power)
        return -0.5 * ((v - np.log(z) - ss * ss) / ss) ** 2 - np.log(ss * np.sqrt(2 * np.pi))
    num = score_variance_fisher_information(mode_family, z0, zgrid)
    cf = spectral_envelope_fisher_information("sf_mode", z0, log_sd=s, envelope_power=power)
    np.testing.assert_allclose(num, cf, rtol=1e-6)


def test_orientation_closed_form_of_the_reference():
    sig = np.deg2rad(np.array([2.0, 6.0, 12.0]))
    kappa = 1 / (4 * sig ** 2)
    a = special.i1(kappa) / special.i0(kappa)
    ref = (1 - a * (4 * sig ** 2 + a)) / (4 * sig ** 6)
    np.testing.assert_allclose(spectral_envelope_fisher_information("orientation_bandwidth", sig), ref, rtol=1e-6)


def test_score_variance_refuses_an_unnormalised_density():
    x = np.linspace(-3, 3, 101)                       # too short a grid for N(0, 1)
    with pytest.raises(ValueError, match="'log_density'.*integrate to 1"):
        score_variance_fisher_information(lambda x, t: -0.5 * (x - t) ** 2 - 0.5 * np.log(2 * np.pi), [0.0], x)


# --- perceptual scales ------------------------------------------------------------------------------

def test_perceptual_scale_of_the_frequency_mode_is_logarithmic():
    z = np.geomspace(1, 5, 4001)
    psi = perceptual_scale(z, spectral_envelope_fisher_information("sf_mode", z))
    np.testing.assert_allclose(psi, np.log(z) / np.log(5), atol=1e-7)


def test_perceptual_scale_of_a_variance_interpolation():
    sa, sb = 1.0, 4.0
    t = np.linspace(0, 1, 2001)
    sd = (1 - t) * sa + t * sb                  # N(0, σ_t²), σ_t linear in t: I = 2 (σ'/σ)²
    fi = np.array([gaussian_fisher_information([0.0], [[s * s]], [[2 * s * (sb - sa)]]) for s in sd])
    np.testing.assert_allclose(perceptual_scale(t, fi), np.log(sd / sa) / np.log(sb / sa), atol=1e-6)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.floats(0.01, 10.0), min_size=3, max_size=20), st.floats(0.1, 10.0))
def test_perceptual_scale_is_monotone_and_invariant_to_scaling_the_information(fi, c):
    s = np.arange(len(fi), dtype=float)
    psi = perceptual_scale(s, fi)
    assert psi[0] == 0.0 and psi[-1] == pytest.approx(1.0)
    assert np.all(np.diff(psi) > 0)
    np.testing.assert_allclose(perceptual_scale(s, c * np.asarray(fi)), psi, atol=1e-12)


# --- MLDS -------------------------------------------------------------------------------------------

def _irls_probit(x, k, n, iters=50):
    """A slow, readable twin: Fisher scoring of the probit GLM."""
    u = np.zeros(x.shape[1])
    for _ in range(iters):
        eta = x @ u
        mu = stats.norm.cdf(eta)
        phi = stats.norm.pdf(eta)
        w = n * phi ** 2 / (mu * (1 - mu))
        z = eta + (k / n - mu) / phi
        u = np.linalg.solve(x.T @ (w[:, None] * x), x.T @ (w * z))
    return u


def test_fit_mlds_equals_fisher_scoring_of_the_probit_glm():
    psi = np.log(np.linspace(1, 5, 9)) / np.log(5)
    tri = mlds_triads(9)
    k = simulate_difference_judgements(psi, 0.15, tri, 30, seed=1)
    fit = fit_mlds(tri, k, 30)
    x = np.zeros((len(tri), 9))
    for r, (i, j, kk) in enumerate(tri):
        x[r, j] += 2
        x[r, i] -= 1
        x[r, kk] -= 1
    u = _irls_probit(x[:, 1:], k.astype(float), np.full(len(tri), 30.0))
    np.testing.assert_allclose(fit.raw_scale[1:], u, rtol=1e-5, atol=1e-5)


def test_fit_mlds_recovers_a_simulated_scale_and_noise():
    psi = np.log(np.linspace(1, 5, 13)) / np.log(5)
    tri = mlds_triads(13)
    fit = fit_mlds(tri, simulate_difference_judgements(psi, 0.1, tri, 400, seed=3), 400)
    assert np.max(np.abs(fit.scale - psi)) < 0.02
    assert fit.sigma == pytest.approx(0.1, rel=0.1)


def test_quadruples_and_triads_agree():
    psi = np.linspace(0, 1, 6) ** 2
    tri = mlds_triads(6, max_gap=2)
    k = simulate_difference_judgements(psi, 0.2, tri, 50, seed=0)
    quad = tri[:, [0, 1, 1, 2]]
    assert np.array_equal(simulate_difference_judgements(psi, 0.2, quad, 50, seed=0), k)
    np.testing.assert_allclose(fit_mlds(tri, k, 50).scale, fit_mlds(quad, k, 50).scale, atol=1e-8)


def test_simulation_is_deterministic_under_a_seed():
    psi = np.linspace(0, 1, 5)
    tri = mlds_triads(5)
    a = simulate_difference_judgements(psi, 0.1, tri, 10, seed=7)
    assert np.array_equal(a, simulate_difference_judgements(psi, 0.1, tri, 10, seed=np.random.default_rng(7)))


def test_mlds_triads_counts():
    assert mlds_triads(13).shape == (81, 3)
    tri = mlds_triads(10, min_gap=2, max_gap=2)
    assert np.all(np.diff(tri, axis=1) == 2)


def test_area_matching_score_values():
    s = np.arange(5.0)
    x = s / 4
    f = np.sqrt(x)
    assert area_matching_score(f, f, s) == pytest.approx(1.0)
    assert area_matching_score(f, x, s) == 0.0
    assert area_matching_score(f, x ** 2, s) < 0


# --- Fisher–Rao paths and schedules ------------------------------------------------------------------

def test_diagonal_distance_matches_the_affine_invariant_distance_of_full_matrices():
    rng = np.random.default_rng(2)
    a, b = rng.uniform(0.1, 5, 6), rng.uniform(0.1, 5, 6)
    q = linalg.qr(rng.standard_normal((6, 6)))[0]      # a common rotation changes nothing
    ea = linalg.eigvals(np.linalg.solve(q @ np.diag(a) @ q.T, q @ np.diag(b) @ q.T)).real
    assert diagonal_gaussian_fisher_rao_distance(a, b) == pytest.approx(np.sqrt(0.5 * np.sum(np.log(ea) ** 2)))


def test_distance_is_the_integral_of_the_fisher_speed_on_the_geodesic():
    s0 = np.array([50.0, 3.0, 0.2])
    tau = np.linspace(1, 0, 2001)
    v = diffusion_marginal_variances(shortest_path_schedule(s0, tau), s0)
    np.testing.assert_allclose(v, s0 ** tau[:, None], rtol=1e-12)
    steps = fisher_rao_path_length(v, per_step=True)
    assert np.std(steps) / np.mean(steps) < 1e-10
    assert steps.sum() == pytest.approx(diagonal_gaussian_fisher_rao_distance(s0, np.ones(3)), rel=1e-12)
    # the speed from the Fisher information of the family, integrated, gives the same length
    fi = [gaussian_fisher_information(np.zeros(3), np.diag(s0 ** t), np.diag(np.log(s0) * s0 ** t)) for t in tau]
    assert np.trapezoid(np.sqrt(fi), -tau) == pytest.approx(steps.sum(), rel=1e-10)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.floats(0.05, 20.0), min_size=2, max_size=6), st.integers(3, 40), st.integers(0, 10_000))
def test_no_path_is_shorter_than_the_geodesic(s0, n, seed):
    s0 = np.asarray(s0)
    rng = np.random.default_rng(seed)
    inner = rng.uniform(0.05, 20.0, (n, s0.size))
    path = np.vstack([s0, inner, np.ones_like(s0)])
    assert fisher_rao_path_length(path) >= diagonal_gaussian_fisher_rao_distance(s0, np.ones_like(s0)) - 1e-12


def test_cifar_fit_lengths_and_schedules():
    n = 32
    f = np.fft.fftfreq(n, d=1 / n)
    xi = np.hypot(f[:, None], f[None, :])
    s0 = 1.59 / np.abs(0.0086 + xi) ** 2
    lstar = np.sqrt(0.5 * np.sum(np.log(s0) ** 2))
    v = diffusion_marginal_variances(shortest_path_schedule(s0, np.linspace(1, 0, 401)), s0)
    assert fisher_rao_path_length(v) == pytest.approx(lstar, rel=1e-12)
    for abar in (linear_schedule(1000), cosine_schedule(1000)):
        assert fisher_rao_path_length(diffusion_marginal_variances(abar, s0)) > 1.04 * lstar


def test_schedules_known_values():
    lin = linear_schedule(1000)
    assert lin[1] == pytest.approx(1 - 1e-4) and lin.shape == (1001,)
    assert np.all(np.diff(lin) < 0)
    cos = cosine_schedule(1000)
    ref = np.cos((np.arange(1001) / 1000 + 0.008) / 1.008 * np.pi / 2) ** 2
    np.testing.assert_allclose(cos[:-1], (ref / ref[0])[:-1], rtol=1e-9)
    assert np.all(np.diff(cos) < 0)
    sp = shortest_path_schedule([1.0, 4.0], [0.0, 0.25, 1.0])
    np.testing.assert_allclose(sp[:, 0], [0.0, 0.25, 1.0])


# --- bad input -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("call, match", [
    (lambda: gaussian_fisher_information([0.0, 1.0], [[1.0]], [[1.0]]), "'mean_derivative'"),
    (lambda: gaussian_fisher_information([0.0], [[-1.0]], [[1.0]]), "'cov'"),
    (lambda: von_mises_fisher_information(0.0), "'kappa'"),
    (lambda: von_mises_fisher_information([1.0, np.nan]), "'kappa'"),
    (lambda: spectral_envelope_fisher_information("contrast", [1.0]), "'parameter'"),
    (lambda: spectral_envelope_fisher_information("sf_bandwidth", [1.0], log_sd=0.3), "'log_sd'"),
    (lambda: spectral_envelope_fisher_information("sf_mode", [0.0]), "'values'"),
    (lambda: score_variance_fisher_information("f", [0.0], [0, 1, 2]), "'log_density'"),
    (lambda: score_variance_fisher_information(lambda x, t: x, [0.0], [0, 2, 1]), "'support'"),
    (lambda: perceptual_scale([0, 1, 2], [1, 1]), "'fisher_information'"),
    (lambda: perceptual_scale([0, 1, 1], [1, 1, 1]), "'values'"),
    (lambda: perceptual_scale([0, 1, 2], [0, 0, 0]), "'fisher_information'"),
    (lambda: mlds_triads(2), "'n_levels'"),
    (lambda: mlds_triads(5, min_gap=3, max_gap=2), "'max_gap'"),
    (lambda: simulate_difference_judgements([0, 1, 2], 0.0, [[0, 1, 2]], 5), "'sigma'"),
    (lambda: simulate_difference_judgements([0, 1, 2], 0.1, [[0, 1, 3]], 5), "'comparisons'"),
    (lambda: simulate_difference_judgements([0, 1, 2], 0.1, [[0, 1, 2]], 0), "'n_trials'"),
    (lambda: fit_mlds([[0, 1, 2]], [6], 5), "'n_first'"),
    (lambda: fit_mlds([[0, 1, 2]], [2.5], 5), "'n_first'"),
    (lambda: fit_mlds(mlds_triads(5), np.zeros(len(mlds_triads(5)), int), -1), "'n_trials'"),
    (lambda: fit_mlds([[0, 1, 2], [0, 1, 2]], [1, 2], 5, n_levels=4), "'comparisons'"),
    (lambda: area_matching_score([0, 0.5, 1], [0, 1], [0, 1, 2]), "'measured' and 'predicted'"),
    (lambda: area_matching_score([0, 0.5, 1], [0, 0.7, 1], [0, 1, 2]), "'measured'"),
    (lambda: diagonal_gaussian_fisher_rao_distance([1.0], [1.0, 2.0]), "'variances_a' and 'variances_b'"),
    (lambda: diagonal_gaussian_fisher_rao_distance([0.0], [1.0]), "'variances_a'"),
    (lambda: fisher_rao_path_length([[1.0, 2.0]]), "'variances'"),
    (lambda: fisher_rao_path_length([[1.0], [2.0]], per_step="yes"), "'per_step'"),
    (lambda: diffusion_marginal_variances([1.2, 0.5], [1.0]), "'alpha_bar'"),
    (lambda: diffusion_marginal_variances(np.ones((2, 3)), [1.0, 2.0]), "'alpha_bar'"),
    (lambda: shortest_path_schedule([2.0], [1.5]), "'tau'"),
    (lambda: shortest_path_schedule([-2.0], [0.5]), "'data_variance'"),
    (lambda: linear_schedule(0), "'n_steps'"),
    (lambda: linear_schedule(10), "'n_steps'"),
    (lambda: cosine_schedule(100, max_beta=1.0), "'max_beta'"),
])
def test_bad_input_names_the_argument(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()


def test_fit_mlds_refuses_separable_answers():
    tri = mlds_triads(5)
    psi = np.linspace(0, 1, 5) ** 3
    k = simulate_difference_judgements(psi, 1e-9, tri, 10, seed=0)    # zero noise: infinite likelihood scale
    with pytest.raises(ValueError, match="separable"):
        fit_mlds(tri, k, 10)


def test_inputs_are_not_mutated():
    s0 = np.array([4.0, 2.0])
    tau = np.array([1.0, 0.0])
    shortest_path_schedule(s0, tau)
    assert s0.tolist() == [4.0, 2.0] and tau.tolist() == [1.0, 0.0]


def test_diagonal_covariance_route_equals_the_matrix_route():
    rng = np.random.default_rng(5)
    var, dvar, dmu = rng.uniform(0.5, 3, 4), rng.standard_normal(4), rng.standard_normal(4)
    assert gaussian_fisher_information(dmu, var, dvar) == pytest.approx(
        gaussian_fisher_information(dmu, np.diag(var), np.diag(dvar)), rel=1e-12)
    with pytest.raises(ValueError, match="'cov_derivative'"):
        gaussian_fisher_information(dmu, var, np.diag(dvar))
