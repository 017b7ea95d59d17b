"""Tests of infolab.measures.inductive_bias (sampled-hypothesis inductive bias, closed-form complexity)."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from scipy.spatial.distance import cdist

from infolab.measures import (
    bandlimited_eigenfunction_count,
    class_margin,
    fit_noncentral_chi2,
    gaussian_process_test_losses,
    generalized_chi2_log_cdf,
    inductive_bias_complexity,
    inductive_bias_from_losses,
    intrinsic_dimension,
)


@pytest.mark.parametrize("df, x", [(5, 1.0), (10, 2.0), (20, 1.0), (50, 5.0), (10, 12.0), (10, 25.0)])
def test_saddlepoint_matches_the_central_chi2_far_into_both_tails(df, x):
    exact = stats.chi2.logcdf(x, df)
    approx = generalized_chi2_log_cdf(x, np.ones(df))
    assert approx == pytest.approx(exact, abs=0.02 * max(1.0, abs(exact)))


@pytest.mark.parametrize("nc, x", [(4.0, 2.0), (10.0, 3.0), (10.0, 0.5)])
def test_saddlepoint_matches_the_noncentral_chi2(nc, x):
    df = 8
    offsets = np.zeros(df)
    offsets[0] = math.sqrt(nc)
    exact = stats.ncx2.logcdf(x, df, nc)
    assert generalized_chi2_log_cdf(x, np.ones(df), offsets) == pytest.approx(exact, rel=0.02)
    assert generalized_chi2_log_cdf(x + 1.0, np.ones(df), offsets, shift=1.0) == pytest.approx(exact, rel=0.02)
    assert generalized_chi2_log_cdf(0.5, np.ones(df), offsets, shift=1.0) == -math.inf


def test_saddlepoint_matches_monte_carlo_for_unequal_weights():
    rng = np.random.default_rng(0)
    w, mu = rng.random(25), rng.normal(size=25)
    q = np.sum(w * (rng.standard_normal((200_000, 25)) + mu) ** 2, axis=1)
    for level in (0.5, 0.05, 0.002):
        x = np.quantile(q, level)
        assert generalized_chi2_log_cdf(x, w, mu) == pytest.approx(np.log(level), abs=0.05)


def test_inductive_bias_from_chi2_losses_and_the_sankaran_fallback():
    x = 0.01 * np.random.default_rng(1).noncentral_chisquare(40, 3.0, 10_000)
    df, nc, scale = fit_noncentral_chi2(x)
    assert scale * (df + nc) == pytest.approx(x.mean(), rel=0.02)
    eps = np.quantile(x, 0.05)
    est = inductive_bias_from_losses(x, eps)
    assert est.approximation == "logcdf" and est.value == pytest.approx(-np.log(0.05), abs=0.15)
    sank = inductive_bias_from_losses(x, eps, approximation="sankaran")
    assert sank.value == pytest.approx(est.value, rel=0.05)
    assert inductive_bias_from_losses(x, eps, base=2).value == pytest.approx(est.value / np.log(2))
    far = inductive_bias_from_losses(x, 0.05 * x.min(), approximation="sankaran")
    assert far.approximation == "sankaran" and math.isfinite(far.value) and far.value > 50


def test_gaussian_process_losses_follow_their_generalised_chi2_law():
    rng = np.random.default_rng(2)
    x = rng.normal(0, 0.7, size=(120, 4))
    y = np.eye(2)[(x[:, 0] + x[:, 1] > 0).astype(int)]
    gp = gaussian_process_test_losses(x[:60], y[:60], x[60:], y[60:], n_samples=20_000, seed=3)
    mean = gp.shift + np.sum(gp.weights * (1 + gp.offsets**2))
    assert gp.losses.mean() == pytest.approx(mean, rel=0.01)
    med = np.median(gp.losses)
    assert gp.log_cdf(med) == pytest.approx(np.log(0.5), abs=0.03)
    again = gaussian_process_test_losses(x[:60], y[:60], x[60:], y[60:], n_samples=20_000, seed=3)
    assert np.array_equal(gp.losses, again.losses)
    # the posterior mean interpolates: testing on the training points leaves (almost) no randomness
    on_train = gaussian_process_test_losses(x[:60], y[:60], x[:60], y[:60], n_samples=100, seed=0)
    assert on_train.losses.max() < 1e-3


def test_eigenfunction_count_on_the_two_sphere_is_k_plus_one_squared():
    for degree in range(1, 8):
        k, e = bandlimited_eigenfunction_count(2, math.sqrt(degree * (degree + 1)))
        assert k == pytest.approx(degree) and e == pytest.approx((degree + 1) ** 2)


@pytest.mark.parametrize("args, bits", [
    ((1e-3, 60000, 14, 17.179045827183984, 2.3987084824335305, 10), 1.485e16),
    ((0.01, 73257, 19, 53.86932485133339, 1.5766998174969105, 10), 1.213e31),
    ((0.01, 50000, 27, 54.9156786783691, 2.7506414616587023, 10), 3.438e32),
    ((0.1, 1280901, 48, 943.5923, 65, 1000), 3.583e41),
])
def test_complexity_reproduces_the_published_image_tasks(args, bits):
    err, n, m, r, delta, classes = args
    value = inductive_bias_complexity(err, n, m, r, delta, n_classes=classes, base=2)
    assert value == pytest.approx(bits, rel=1e-3)
    nats = inductive_bias_complexity(err, n, m, r, delta, n_classes=classes)
    assert nats == pytest.approx(value * math.log(2), rel=1e-12)
    same = inductive_bias_complexity(err, n, m, r, delta, output_dim=classes - 1, n_discrete=classes, base=2)
    assert same == value


@pytest.mark.parametrize("m", [2, 4])
def test_intrinsic_dimension_of_a_linearly_embedded_cube(m):
    rng = np.random.default_rng(m)
    basis = np.linalg.qr(rng.normal(size=(20, m)))[0]
    x = rng.random((2000, m)) @ basis.T
    assert intrinsic_dimension(x, k=10) == pytest.approx(m, rel=0.1)
    assert intrinsic_dimension(x, method="twonn") == pytest.approx(m, rel=0.1)
    rotated = x @ np.linalg.qr(rng.normal(size=(20, 20)))[0]
    assert intrinsic_dimension(rotated, k=10) == pytest.approx(intrinsic_dimension(x, k=10), rel=1e-9)


@settings(max_examples=25, deadline=None)
@given(n=st.integers(4, 40), d=st.integers(1, 4), seed=st.integers(0, 2**31))
def test_class_margin_equals_the_brute_force_minimum(n, d, seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, d))
    labels = rng.integers(0, 3, n)
    labels[:2] = [0, 1]
    dist = cdist(x, x)
    brute = dist[labels[:, None] != labels[None, :]].min()
    assert class_margin(x, labels) == pytest.approx(brute, rel=1e-12)


def test_bad_input():
    with pytest.raises(ValueError, match="'losses' parameter of inductive_bias_from_losses"):
        inductive_bias_from_losses(np.r_[np.ones(20), -1.0], 0.5)
    with pytest.raises(ValueError, match="'losses' parameter of fit_noncentral_chi2"):
        fit_noncentral_chi2(np.ones(30))
    with pytest.raises(ValueError, match="'epsilon' parameter of inductive_bias_from_losses"):
        inductive_bias_from_losses(np.arange(1.0, 30.0), 0.0)
    with pytest.raises(ValueError, match="'approximation' parameter of inductive_bias_from_losses"):
        inductive_bias_from_losses(np.arange(1.0, 30.0), 1.0, approximation="imhof")
    with pytest.raises(ValueError, match="'weights' parameter of generalized_chi2_log_cdf"):
        generalized_chi2_log_cdf(1.0, [1.0, 0.0])
    with pytest.raises(ValueError, match="'offsets' parameter of generalized_chi2_log_cdf"):
        generalized_chi2_log_cdf(1.0, [1.0, 1.0], [0.0])
    x = np.random.default_rng(0).normal(size=(10, 2))
    y = np.eye(2)[np.arange(10) % 2]
    with pytest.raises(ValueError, match="'x_train' and 'x_test' parameters of gaussian_process_test_losses"):
        gaussian_process_test_losses(x, y, x[:, :1], y)
    with pytest.raises(ValueError, match="'y_train' and 'y_test' parameters"):
        gaussian_process_test_losses(x, y[:5], x, y)
    with pytest.raises(ValueError, match="'jitter' parameter of gaussian_process_test_losses"):
        gaussian_process_test_losses(np.vstack([x, x]), np.vstack([y, y]), x, y, jitter=0.0)
    with pytest.raises(ValueError, match="'max_frequency' parameter of bandlimited_eigenfunction_count"):
        bandlimited_eigenfunction_count(3, 0.0)
    with pytest.raises(ValueError, match="'error' parameter of inductive_bias_complexity"):
        inductive_bias_complexity(1.5, 100, 3, 1.0, 0.1, n_classes=2)
    with pytest.raises(ValueError, match="'output_dim' and 'n_discrete' parameters"):
        inductive_bias_complexity(0.1, 100, 3, 1.0, 0.1)
    with pytest.raises(ValueError, match="'n_classes' parameter of inductive_bias_complexity"):
        inductive_bias_complexity(0.1, 100, 3, 1.0, 0.1, n_classes=3, output_dim=2)
    with pytest.raises(ValueError, match="'x' parameter of intrinsic_dimension has 2 points with an exact duplicate"):
        intrinsic_dimension(np.vstack([x, x[:1]]), k=3)
    with pytest.raises(ValueError, match="'k' parameter of intrinsic_dimension"):
        intrinsic_dimension(x, k=10)
    with pytest.raises(ValueError, match="'k' parameter of intrinsic_dimension is not used"):
        intrinsic_dimension(x, k=3, method="twonn")
    with pytest.raises(ValueError, match="'method' parameter of intrinsic_dimension"):
        intrinsic_dimension(x, method="pca")
    with pytest.raises(ValueError, match="'labels' parameter of class_margin must hold at least two classes"):
        class_margin(x, np.zeros(10))
    with pytest.raises(ValueError, match="'x' and 'labels' parameters of class_margin"):
        class_margin(x, np.arange(9) % 2)
