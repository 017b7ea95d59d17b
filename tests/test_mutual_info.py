"""Tests of the default estimator (mutual_information), the copula-KSG estimator and the intervals."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import multivariate_t

from infolab.data import mi_task
from infolab.measures import (
    MI_METHODS,
    copula_ksg_mutual_information,
    entropy_from_labels,
    gaussian_mutual_information,
    gaussian_mutual_information_from_samples,
    knn_discrete_continuous_mutual_information,
    ksg_mutual_information,
    mutual_information,
    mutual_information_from_labels,
    mutual_information_interval,
)
from infolab.measures.mutual_info import _calibrated_correlations, _polar, _t_copula_dof


def _gauss(n, rho, seed, d=1):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, d))
    return x, rho * x + math.sqrt(1 - rho ** 2) * rng.standard_normal((n, d))


# ---------------------------------------------------------------------------
# copula_ksg
# ---------------------------------------------------------------------------

def test_copula_ksg_gaussian_truth_high_dimension():
    # 5 + 5 dimensions, I = 5 * 0.51 = 2.55 nats: plain KSG is far too low, copula-KSG is not.
    x, y = _gauss(2000, 0.8, seed=0, d=5)
    truth = 5 * -0.5 * math.log(1 - 0.64)
    assert ksg_mutual_information(x, y) < truth - 0.4
    assert abs(copula_ksg_mutual_information(x, y) - truth) < 0.15  # sd ~0.04 at n = 2000


def test_copula_ksg_is_invariant_under_increasing_maps():
    x, y = _gauss(800, 0.6, seed=1, d=2)
    base = copula_ksg_mutual_information(x, y, seed=3)
    assert copula_ksg_mutual_information(np.exp(x), y ** 3, seed=3) == pytest.approx(base, abs=1e-9)


def test_copula_ksg_reproducible_and_seeded():
    x, y = _gauss(400, 0.5, seed=2)
    a = copula_ksg_mutual_information(x, y, seed=1)
    assert a == copula_ksg_mutual_information(x, y, seed=1)
    assert a != copula_ksg_mutual_information(x, y, seed=2)


def test_copula_ksg_student_t_surrogate_removes_the_tail_dependence_bias():
    # Student-t, nu = 1, identity dispersion, 3 + 3: all of the dependence is in the tails.
    # Truth from scipy's entropy of the multivariate t (independent of the estimator).
    def h(d):
        return multivariate_t(np.zeros(d), np.eye(d), df=1).entropy()
    truth = 2 * h(3) - h(6)
    x, y = mi_task("student_t-dof1-3x3").sample(2000, seed=0)
    assert _t_copula_dof(x, y) == 1.0
    assert copula_ksg_mutual_information(x, y, seed=0) < truth - 0.1          # Gaussian surrogates: far too low
    assert abs(copula_ksg_mutual_information(x, y, seed=0, surrogate="student_t") - truth) < 0.08


def test_t_copula_dof_prefers_the_gaussian_for_gaussian_data():
    x, y = _gauss(2000, 0.5, seed=1, d=3)
    assert _t_copula_dof(np.exp(x), y) is None
    assert _t_copula_dof(*mi_task("student_t-dof2-2x2").sample(2000, seed=0)) == 2.0


def test_copula_ksg_calibrated_surrogates_in_high_dimension():
    # 20 + 20 dense Gaussian at n = 1000: the sample canonical correlations carry spurious mutual
    # information (the CCA estimate is 0.18 nats too high); surrogates built on them would make the
    # correction overshoot by about as much.
    task = mi_task("normal-dense-20x20-rho0.5")
    x, y = task.sample(1000, seed=0)
    truth = gaussian_mutual_information(np.asarray(
        (1 - 0.5) * np.eye(40) + 0.5 * np.ones((40, 40))), 20)
    assert gaussian_mutual_information_from_samples(x, y) > truth + 0.15
    assert abs(copula_ksg_mutual_information(x, y, seed=0) - truth) < 0.12


def test_calibrated_correlations_stay_bounded_for_a_close_pair():
    # two close sample canonical correlations at n = 50 (seen on subsamples of a 3 + 3 task with two
    # pairs at rho = 0.8): sample values repel, so the calibration step alone pushes the smaller one up
    # towards 1 (a surrogate truth near 13 nats); bounded, no value exceeds the largest sample one
    rho = np.array([0.858, 0.85, 0.103])
    info = -0.5 * np.sum(np.log1p(-rho ** 2))
    for s in range(5):
        star = _calibrated_correlations(rho, 3, 3, 50, np.random.default_rng(s), None, "test")
        assert np.all(star >= 0) and star.max() <= rho.max()
        assert -0.5 * np.sum(np.log1p(-star ** 2)) < info


def test_polar_representation_is_invertible_and_skips_degenerate_input():
    rng = np.random.default_rng(2)
    x = rng.standard_normal((300, 3)) @ np.array([[2.0, 0.3, 0.0], [0.0, 1.0, 0.5], [0.0, 0.0, 0.7]])
    p = _polar(x)
    centred = x - x.mean(axis=0)
    values, vectors = np.linalg.eigh(np.cov(centred, rowvar=False))
    w = centred @ vectors / np.sqrt(values)
    np.testing.assert_allclose(p[:, 1:] * np.linalg.norm(w, axis=1, keepdims=True), w, atol=1e-12)
    assert np.array_equal(np.argsort(p[:, 0]), np.argsort(np.linalg.norm(w, axis=1)))  # radius kept in order
    assert _polar(x[:, :1]) is None
    assert _polar(np.hstack([x[:, :1], 2 * x[:, :1]])) is None  # singular covariance


def test_copula_ksg_bad_input():
    x, y = _gauss(50, 0.5, seed=0)
    with pytest.raises(ValueError, match="'n_surrogates'"):
        copula_ksg_mutual_information(x, y, n_surrogates=0)
    with pytest.raises(ValueError, match="'k'"):
        copula_ksg_mutual_information(x, y, k=50)
    with pytest.raises(ValueError, match="'x'.*duplicated rows.*jitter"):
        copula_ksg_mutual_information(np.round(x, 1), y)
    with pytest.raises(ValueError, match="'x' and 'y'.*more samples"):
        copula_ksg_mutual_information(x[:3], y[:3], k=1)
    with pytest.raises(TypeError, match="'seed'"):
        copula_ksg_mutual_information(x, y, seed="a")
    with pytest.raises(ValueError, match="'surrogate'.*student_t.*'cauchy'"):
        copula_ksg_mutual_information(x, y, surrogate="cauchy")


# ---------------------------------------------------------------------------
# The default estimator: what "auto" picks
# ---------------------------------------------------------------------------

def test_auto_continuous_is_the_larger_of_copula_ksg_and_ksg():
    x, y = _gauss(500, 0.5, seed=3, d=2)
    x = x * [1.0, 10.0]  # plain KSG runs on standardised columns
    # Gaussian surrogates; beyond 1 + 1 dimensions KSG also runs on the radius and direction of the
    # whitened vectors
    expected = max(copula_ksg_mutual_information(x, y, seed=4),
                   ksg_mutual_information(x / x.std(axis=0), y / y.std(axis=0)),
                   ksg_mutual_information(_polar(x), _polar(y)))
    assert mutual_information(x, y, seed=4) == expected
    assert mutual_information(x, y, method="copula_ksg_max", seed=4) == expected
    x1, y1 = x[:, :1], y[:, :1]  # 1 + 1: no radius-direction term
    assert mutual_information(x1, y1, seed=4) == max(copula_ksg_mutual_information(x1, y1, seed=4),
                                                     ksg_mutual_information(x1 / x1.std(), y1 / y1.std()))


def test_auto_continuous_gaussian_truth():
    x, y = _gauss(3000, 0.6, seed=5)
    assert abs(mutual_information(x, y) - gaussian_mutual_information([[1, 0.6], [0.6, 1]], 1)) < 0.03


def test_auto_discrete_uses_miller_madow():
    rng = np.random.default_rng(6)
    x = rng.integers(0, 4, 400)
    y = (x + rng.integers(0, 2, 400)) % 4
    assert mutual_information(x, y) == mutual_information_from_labels(x, y, method="miller_madow")


def test_auto_mixed_uses_ross_either_way_round():
    rng = np.random.default_rng(7)
    c = rng.integers(0, 3, 600)
    y = rng.standard_normal(600) + c
    expected = knn_discrete_continuous_mutual_information(c, y)
    assert mutual_information(c, y) == expected
    assert mutual_information(y, c) == expected


def test_discrete_detection():
    rng = np.random.default_rng(8)
    x = rng.integers(0, 3, 300)
    assert mutual_information(x.astype(float) + 1, 2 * x) == mutual_information(x, x)  # whole-number floats
    with pytest.raises(ValueError, match="'x'.*not whole numbers"):
        mutual_information(x + 0.5, x)  # categories coded by 0.5, 1.5, ...: say so with a method
    assert mutual_information(x + 0.5, 0.1 * x, method="miller_madow") == mutual_information(x, x)


def test_identity_and_constants():
    x = np.random.default_rng(9).standard_normal(300)
    assert mutual_information(x, x) == math.inf  # continuous: I(X;X) is infinite
    assert mutual_information(np.exp(x), x ** 3) == math.inf  # increasing maps of each other
    labels = np.random.default_rng(9).integers(0, 5, 300)
    assert mutual_information(labels, labels) == pytest.approx(entropy_from_labels(labels, method="miller_madow"))
    assert mutual_information(np.ones(300), x) == pytest.approx(0.0, abs=1e-12)  # constant X: mixed, 0
    assert mutual_information(np.ones(300), labels) == pytest.approx(0.0, abs=1e-12)


def test_negative_estimates_are_returned():
    rng = np.random.default_rng(10)
    values = [mutual_information(rng.standard_normal(300), rng.standard_normal(300), seed=s) for s in range(6)]
    assert min(values) < 0 < max(values)
    assert all(abs(v) < 0.06 for v in values)


def test_tied_continuous_data_raises_and_jitter_fixes_it():
    rng = np.random.default_rng(11)
    x = np.round(rng.standard_normal(500), 1)  # about 60 distinct values in 500: neither kind
    y = x + rng.standard_normal(500)
    with pytest.raises(ValueError, match="'x'.*duplicated rows.*jitter"):
        mutual_information(x, y)
    value = mutual_information(x, y, jitter=1e-3, seed=1)
    assert value == mutual_information(x, y, jitter=1e-3, seed=1)
    assert abs(value - gaussian_mutual_information([[1, 1], [1, 2]], 1)) < 0.1


def test_explicit_methods_dispatch():
    x, y = _gauss(300, 0.5, seed=12)
    assert mutual_information(x, y, method="ksg", k=4) == ksg_mutual_information(x, y, k=4)
    assert mutual_information(x, y, method="ksg2") == ksg_mutual_information(x, y, variant=2)
    for method in ("gaussian", "gaussian_copula", "copula_ksg"):
        assert mutual_information(x, y, method=method, base=2) == pytest.approx(
            mutual_information(x, y, method=method) / math.log(2), rel=1e-12)


def test_integer_input_is_not_modified():
    x = np.arange(100)
    y = np.arange(100)[::-1] * 3 + np.arange(100) % 7
    x0, y0 = x.copy(), y.copy()
    mutual_information(x, y, method="ksg")
    assert np.array_equal(x, x0) and np.array_equal(y, y0)


def test_front_door_bad_input():
    x, y = _gauss(40, 0.5, seed=0)
    with pytest.raises(ValueError, match="'method'.*copula_ksg"):
        mutual_information(x, y, method="mine")
    with pytest.raises(ValueError, match="'k'"):
        mutual_information(x, y, k=40)
    with pytest.raises(ValueError, match="'x' and 'y'"):
        mutual_information(x, y[:-1])
    with pytest.raises(ValueError, match="'y'"):
        mutual_information(x, np.full(40, np.nan))
    with pytest.raises(ValueError, match="'x'"):
        mutual_information(np.zeros((40, 2, 2)), y)
    with pytest.raises(ValueError, match="'base'"):
        mutual_information(x, y, base=0)
    with pytest.raises(ValueError, match="'x'"):
        mutual_information(x[:1], y[:1])
    assert set(MI_METHODS) >= {"auto", "ksg", "gaussian_copula", "miller_madow", "mixed"}


# ---------------------------------------------------------------------------
# Intervals
# ---------------------------------------------------------------------------

def test_interval_contains_estimate_and_truth():
    x, y = _gauss(1500, 0.6, seed=13)
    r = mutual_information_interval(x, y, n_subsamples=20, seed=1)
    truth = gaussian_mutual_information([[1, 0.6], [0.6, 1]], 1)
    assert r.low < r.estimate < r.high
    assert r.low < truth < r.high
    assert r.method == "copula_ksg_max" and r.subsample_size == 750 and r.replicates.shape == (20,)
    est, low, high = r
    assert (est, low, high) == (r.estimate, r.low, r.high)


def test_interval_reproducible_and_width_grows_with_confidence():
    x, y = _gauss(600, 0.4, seed=14)
    a = mutual_information_interval(x, y, method="ksg", n_subsamples=30, seed=2)
    b = mutual_information_interval(x, y, method="ksg", n_subsamples=30, seed=2)
    assert (a.low, a.high) == (b.low, b.high)
    wide = mutual_information_interval(x, y, method="ksg", n_subsamples=30, seed=2, confidence=0.99)
    assert wide.high - wide.low > a.high - a.low
    assert a.estimate == ksg_mutual_information(x, y)


def test_interval_discrete():
    rng = np.random.default_rng(15)
    x = rng.integers(0, 3, 800)
    y = (x + (rng.random(800) < 0.3)) % 3
    r = mutual_information_interval(x, y, n_subsamples=20)
    assert r.method == "miller_madow" and r.low < r.estimate < r.high


def test_interval_bad_input():
    x, y = _gauss(100, 0.5, seed=0)
    with pytest.raises(ValueError, match="'confidence'"):
        mutual_information_interval(x, y, confidence=1.0)
    with pytest.raises(ValueError, match="'n_subsamples'"):
        mutual_information_interval(x, y, n_subsamples=5)
    with pytest.raises(ValueError, match="'subsample_fraction'"):
        mutual_information_interval(x, y, subsample_fraction=0.05)
    with pytest.raises(ValueError, match="'subsample_fraction'"):
        mutual_information_interval(x, y, subsample_fraction=1.5)
    with pytest.raises(ValueError, match="'method'"):
        mutual_information_interval(x, y, method="bootstrap")
    with pytest.raises(ValueError, match="'k'"):
        mutual_information_interval(x, y, k=50)


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 1000), n=st.integers(30, 80))
def test_front_door_properties(seed, n):
    x, y = _gauss(n, 0.5, seed=seed, d=1)
    v = mutual_information(x, y, seed=0)
    assert math.isfinite(v)
    assert mutual_information(y, x, seed=0) == pytest.approx(v, abs=1e-9)  # symmetric
    perm = np.random.default_rng(seed).permutation(n)
    assert mutual_information(x[perm], y[perm], seed=0) == pytest.approx(v, abs=1e-9)


# ---------------------------------------------------------------------------
# Ties that reduced precision explains
# ---------------------------------------------------------------------------

def _family(name: str, rng: np.random.Generator, n: int = 5000):
    if name == "gaussian":
        x = rng.standard_normal((n, 2))
        return x, 0.6 * x + 0.8 * rng.standard_normal((n, 2))
    if name == "student_t":  # bivariate-t pairs, 2 degrees of freedom: tail dependence
        g = rng.standard_normal((n, 4))
        w = np.sqrt(rng.chisquare(2, size=(n, 1)) / 2)
        return g[:, :2] / w, (0.6 * g[:, :2] + 0.8 * g[:, 2:]) / w
    x = rng.uniform(size=(n, 1))
    return x, x + 0.3 * rng.uniform(size=(n, 1))


@pytest.mark.parametrize("family", ["gaussian", "student_t", "uniform_noise"])
def test_float32_ties_are_broken_by_the_default_and_refused_by_a_named_method(family):
    from infolab.measures import TiesBrokenWarning

    x, y = _family(family, np.random.default_rng(3))
    x32, y32 = x.astype(np.float32), y.astype(np.float32)
    x32[5], y32[7] = x32[6], y32[8]  # duplicated rows, as float32 rounding produces them
    before = (x32.copy(), y32.copy())
    with pytest.warns(TiesBrokenWarning) as caught:
        tied = mutual_information(x32, y32, seed=3)
    names = sorted(w.message.name for w in caught if isinstance(w.message, TiesBrokenWarning))
    assert names == ["x", "y"]
    for w in caught:
        assert w.message.count >= 1 and w.message.dtype == "float32"
        assert 0 < w.message.scale <= 0.5 * float(np.spacing(np.float32(np.abs(x32).max() + np.abs(y32).max())))
    assert np.array_equal(x32, before[0]) and np.array_equal(y32, before[1])  # the input is not changed
    # the same draws in float64 have no ties; the estimates differ by less than the estimator's own spread over
    # seeds at n = 5000 (up to 0.05 nats on these families)
    assert abs(tied - mutual_information(x, y, seed=3)) < 0.05
    with pytest.warns(TiesBrokenWarning):
        assert mutual_information(x32, y32, seed=3) == tied  # seeded
    with pytest.raises(ValueError, match="duplicated rows"):
        mutual_information(x32, y32, method="ksg")


def test_ties_are_refused_when_precision_does_not_explain_them():
    x, y = _family("gaussian", np.random.default_rng(4))
    x[5] = x[6]
    with pytest.raises(ValueError, match="duplicated rows"):  # float64: ties are not rounding
        mutual_information(x, y)
    many = np.round(x, 1).astype(np.float32)  # a coarse grid: far more ties than float32 explains
    with pytest.raises(ValueError, match="duplicated rows"):
        mutual_information(many, y.astype(np.float32))


def test_mutual_information_refuses_options_the_method_ignores():
    rng = np.random.default_rng(0)
    x = rng.standard_normal(200)
    y = x + rng.standard_normal(200)
    with pytest.raises(ValueError, match="'k' parameter of mutual_information.*'gaussian' ignores"):
        mutual_information(x, y, method="gaussian", k=7)
    with pytest.raises(ValueError, match="'jitter' parameter of mutual_information.*'gaussian' ignores"):
        mutual_information(x, y, method="gaussian", jitter=0.1)
    with pytest.raises(ValueError, match="'k' parameter of mutual_information_interval"):
        mutual_information_interval(x, y, method="gaussian_copula", k=3)
    # the kNN methods keep both
    assert mutual_information(x, y, method="ksg", k=7) != mutual_information(x, y, method="ksg", k=3)
    assert math.isfinite(mutual_information(x, y, method="ksg", k=7, jitter=1e-10))


@pytest.mark.parametrize("method", ["auto", "copula_ksg", "ksg", "gaussian_copula"])
def test_mutual_information_validates_each_input_once(monkeypatch, method):
    """mutual_information and its interval check x and y once; the estimators behind them run on the checked arrays."""
    import infolab.validation as validation

    seen = []
    original = validation._real_array

    def counting(x, name, func, xp, what):
        seen.append((name, func))
        return original(x, name, func, xp, what)

    monkeypatch.setattr(validation, "_real_array", counting)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((300, 2))
    y = x + rng.standard_normal((300, 2))
    mutual_information(x, y, method=method)
    assert seen == [("x", "mutual_information"), ("y", "mutual_information")]
    seen.clear()
    mutual_information_interval(x, y, method=method, n_subsamples=10)
    assert seen == [("x", "mutual_information_interval"), ("y", "mutual_information_interval")]
