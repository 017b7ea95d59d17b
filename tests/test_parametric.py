"""Tests of the Gaussian closed forms and the Gaussian / Gaussian-copula estimators."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infolab.measures import (
    canonical_correlations,
    gaussian_copula_mutual_information,
    gaussian_entropy,
    gaussian_kl_divergence,
    gaussian_mutual_information,
    gaussian_mutual_information_from_samples,
    normal_scores,
)

# ---------------------------------------------------------------------------
# Closed forms: known values
# ---------------------------------------------------------------------------

def test_entropy_known_values():
    assert gaussian_entropy([[1.0]]) == pytest.approx(0.5 * math.log(2 * math.pi * math.e), rel=1e-14)
    assert gaussian_entropy(4.0) == pytest.approx(0.5 * math.log(2 * math.pi * math.e * 4.0), rel=1e-14)
    cov = np.diag([1.0, 2.0, 3.0])
    expected = sum(0.5 * math.log(2 * math.pi * math.e * v) for v in (1, 2, 3))
    assert gaussian_entropy(cov) == pytest.approx(expected, rel=1e-14)
    assert gaussian_entropy(cov, base=2) == pytest.approx(expected / math.log(2), rel=1e-14)


@pytest.mark.parametrize("rho", [0.0, 0.3, -0.6, 0.99])
def test_mutual_information_bivariate(rho):
    assert gaussian_mutual_information([[1, rho], [rho, 1]], 1) == pytest.approx(-0.5 * math.log(1 - rho ** 2), abs=1e-14)


def test_mutual_information_independent_blocks_and_sum_of_pairs():
    cov = np.eye(4)
    cov[0, 2] = cov[2, 0] = 0.5
    cov[1, 3] = cov[3, 1] = 0.8
    expected = -0.5 * (math.log(1 - 0.25) + math.log(1 - 0.64))
    assert gaussian_mutual_information(cov, 2) == pytest.approx(expected, abs=1e-14)
    block = np.eye(5)
    block[:2, :2] = [[2, 1], [1, 2]]
    assert gaussian_mutual_information(block, 2) == pytest.approx(0.0, abs=1e-14)


def test_kl_known_values():
    assert gaussian_kl_divergence([0.0], [[1.0]], [1.0], [[1.0]]) == pytest.approx(0.5, abs=1e-15)
    s0, s1, m = 1.5, 0.7, 0.4
    expected = 0.5 * (s0 ** 2 / s1 ** 2 + m ** 2 / s1 ** 2 - 1 + math.log(s1 ** 2 / s0 ** 2))
    assert gaussian_kl_divergence([0], [[s0 ** 2]], [m], [[s1 ** 2]]) == pytest.approx(expected, rel=1e-13)
    cov = np.array([[2, 0.3], [0.3, 1]])
    assert gaussian_kl_divergence([1, 2], cov, [1, 2], cov) == pytest.approx(0.0, abs=1e-14)


def test_mi_equals_kl_from_product():
    # I(X;Y) = D(p_XY || p_X p_Y): two closed forms agree
    cov = np.array([[1.0, 0.2, 0.5], [0.2, 1.5, -0.3], [0.5, -0.3, 2.0]])
    prod = cov.copy()
    prod[:2, 2:] = 0
    prod[2:, :2] = 0
    assert gaussian_kl_divergence(np.zeros(3), cov, np.zeros(3), prod) == pytest.approx(
        gaussian_mutual_information(cov, 2), rel=1e-12)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), dx=st.integers(1, 3), dy=st.integers(1, 3))
def test_mi_properties(seed, dx, dy):
    rng = np.random.default_rng(seed)
    a = rng.standard_normal((dx + dy, dx + dy + 2))
    cov = a @ a.T + 0.1 * np.eye(dx + dy)
    mi = gaussian_mutual_information(cov, dx)
    assert mi >= 0
    # symmetric: swap the blocks
    order = list(range(dx, dx + dy)) + list(range(dx))
    assert gaussian_mutual_information(cov[np.ix_(order, order)], dy) == pytest.approx(mi, abs=1e-9)
    # invariant under invertible linear maps of X and Y separately
    t = np.zeros((dx + dy, dx + dy))
    t[:dx, :dx] = rng.standard_normal((dx, dx)) + 3 * np.eye(dx)
    t[dx:, dx:] = rng.standard_normal((dy, dy)) + 3 * np.eye(dy)
    assert gaussian_mutual_information(t @ cov @ t.T, dx) == pytest.approx(mi, abs=1e-8)
    # I = h(X) + h(Y) - h(X, Y)
    h = gaussian_entropy(cov[:dx, :dx]) + gaussian_entropy(cov[dx:, dx:]) - gaussian_entropy(cov)
    assert mi == pytest.approx(h, abs=1e-9)


def test_closed_form_bad_input():
    with pytest.raises(ValueError, match="'cov'.*positive-definite"):
        gaussian_entropy([[1, 2], [2, 1]])
    with pytest.raises(ValueError, match="'cov'.*symmetric"):
        gaussian_entropy([[1, 0.5], [0.1, 1]])
    with pytest.raises(ValueError, match="'cov'"):
        gaussian_entropy([[np.nan]])
    with pytest.raises(ValueError, match="'cov'"):
        gaussian_mutual_information([[1.0]], 1)
    with pytest.raises(ValueError, match="'dim_x'"):
        gaussian_mutual_information(np.eye(3), 3)
    with pytest.raises(TypeError, match="'dim_x'"):
        gaussian_mutual_information(np.eye(3), 1.5)
    with pytest.raises(ValueError, match="'cov1'"):
        gaussian_kl_divergence([0, 0], np.eye(2), [0], np.eye(1))
    with pytest.raises(ValueError, match="'mean1'"):
        gaussian_kl_divergence([0, 0], np.eye(2), [0], np.eye(2))
    with pytest.raises(ValueError, match="'mean0'"):
        gaussian_kl_divergence([0, np.inf], np.eye(2), [0, 0], np.eye(2))
    with pytest.raises(ValueError, match="'cov0'.*positive-definite"):
        gaussian_kl_divergence([0, 0], np.zeros((2, 2)), [0, 0], np.eye(2))
    with pytest.raises(ValueError, match="'base'"):
        gaussian_entropy(1.0, base=-2)


# ---------------------------------------------------------------------------
# Estimators from samples
# ---------------------------------------------------------------------------

def _sample(n, cov, dx, seed):
    z = np.random.default_rng(seed).multivariate_normal(np.zeros(cov.shape[0]), cov, size=n)
    return z[:, :dx], z[:, dx:]


COV = np.array([[1.0, 0.3, 0.5, 0.0],
                [0.3, 1.0, 0.2, 0.4],
                [0.5, 0.2, 1.0, 0.1],
                [0.0, 0.4, 0.1, 1.0]])


def test_estimate_equals_logdet_of_sample_covariance():
    # independent implementation: log-determinants of the sample covariance
    x, y = _sample(300, COV, 2, 0)
    s = np.cov(np.hstack([x, y]).T)
    ld = lambda a: np.linalg.slogdet(a)[1]  # noqa: E731
    expected = 0.5 * (ld(s[:2, :2]) + ld(s[2:, 2:]) - ld(s))
    assert gaussian_mutual_information_from_samples(x, y) == pytest.approx(expected, abs=1e-10)


def test_canonical_correlations_one_dimensional_is_abs_correlation():
    rng = np.random.default_rng(1)
    x = rng.standard_normal(200)
    y = -0.4 * x + rng.standard_normal(200)
    assert canonical_correlations(x, y)[0] == pytest.approx(abs(np.corrcoef(x, y)[0, 1]), abs=1e-12)


def test_estimator_converges_to_truth():
    x, y = _sample(20000, COV, 2, 2)
    truth = gaussian_mutual_information(COV, 2)
    assert abs(gaussian_mutual_information_from_samples(x, y) - truth) < 0.02  # sd ~0.005 at n=20000


def test_bias_correction_removes_the_small_sample_bias():
    # n = 30, 2 + 2 dimensions: the plain estimate is biased up by about dx*dy/(2n) = 0.067 nats.
    truth = gaussian_mutual_information(COV, 2)
    plain, corrected = [], []
    for seed in range(400):
        x, y = _sample(30, COV, 2, 100 + seed)
        plain.append(gaussian_mutual_information_from_samples(x, y))
        corrected.append(gaussian_mutual_information_from_samples(x, y, bias_correction=True))
    assert np.mean(plain) - truth > 0.04
    assert abs(np.mean(corrected) - truth) < 0.02  # standard error of the mean ~0.006


def test_copula_is_invariant_under_increasing_maps():
    x, y = _sample(500, COV, 2, 3)
    base = gaussian_copula_mutual_information(x, y)
    warped = gaussian_copula_mutual_information(np.exp(x), np.column_stack([y[:, 0] ** 3, np.arcsinh(y[:, 1])]))
    assert warped == pytest.approx(base, abs=1e-12)


def test_copula_recovers_gaussian_truth_through_transforms():
    x, y = _sample(20000, COV, 2, 4)
    truth = gaussian_mutual_information(COV, 2)
    assert abs(gaussian_copula_mutual_information(x * np.sqrt(np.abs(x)), np.tanh(y)) - truth) < 0.02


def test_normal_scores():
    assert normal_scores([10.0, -3.0, 5.0]).ravel() == pytest.approx([0.6744897501960817, -0.6744897501960817, 0.0])
    ties = normal_scores([1.0, 1.0, 2.0, 3.0]).ravel()
    assert ties[0] == ties[1]


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(8, 60))
def test_estimators_symmetric_and_nonnegative(seed, n):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, 2))
    y = rng.standard_normal((n, 1)) + x[:, :1]
    for f in (gaussian_mutual_information_from_samples, gaussian_copula_mutual_information):
        v = f(x, y)
        assert v >= 0
        assert f(y, x) == pytest.approx(v, abs=1e-10)


def test_estimator_bad_input():
    x = np.random.default_rng(0).standard_normal((10, 2))
    for f in (gaussian_mutual_information_from_samples, gaussian_copula_mutual_information, canonical_correlations):
        with pytest.raises(ValueError, match="'x' and 'y'"):
            f(x, x[:9])
        with pytest.raises(ValueError, match="'x'"):
            f(np.column_stack([x[:, 0], np.ones(10)]), x)  # constant column
        with pytest.raises(ValueError, match="'y'"):
            f(x, np.column_stack([x[:, 0], 2 * x[:, 0]]))  # linearly dependent columns
        with pytest.raises(ValueError, match="'x'"):
            f(np.full((10, 1), np.nan), x)
        with pytest.raises(ValueError, match="'x' and 'y'.*more samples"):
            f(x[:4], x[:4, ::-1] + np.arange(4)[:, None] ** 2)
    with pytest.raises(TypeError, match="'bias_correction'"):
        gaussian_mutual_information_from_samples(x[:, :1], x[:, 1:], bias_correction="yes")
    with pytest.raises(ValueError, match="'base'"):
        gaussian_copula_mutual_information(x[:, :1], x[:, 1:], base=1)
    with pytest.raises(TypeError, match="'x'"):
        normal_scores("abc")
