"""Tests of the mixed discrete/continuous kNN CMI (infolab.measures.mixed).

Tolerances, stated up front:
* against a slow, readable twin (one point at a time, straight from Mesner & Shalizi's
  definitions) and local means against the global value: 1e-12;
* against exact mixed cases (closed forms, or a numerical integral) at n = 3000, k = 5 and a
  fixed seed: 0.04 nats (measured over 6 seeds: bias up to 0.011, sd up to 0.009);
* purely discrete data against the plug-in CMI: 1e-3 (the digamma smoothing of the counts).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, stats
from scipy.special import digamma

from infolab.measures import (
    conditional_mutual_information_from_labels_local,
    knn_conditional_mutual_information,
    mixed_conditional_mutual_information,
    mixed_conditional_mutual_information_local,
)

TWIN_TOL = 1e-12
STAT_TOL = 0.04


def _twin(parts, kinds, k, far=math.inf):
    """ξ_i point by point: distances to every other point, k-th joint neighbour, counts with ≤."""
    n = parts[0].shape[0]
    out = np.empty(n)
    for i in range(n):
        d = []
        for p, disc in zip(parts, kinds, strict=True):
            p2 = p.reshape(n, -1)
            if disc:
                d.append(np.where(p2[:, 0] == p2[i, 0], 0.0, far))
            else:
                d.append(np.max(np.abs(p2 - p2[i]), axis=1))
        joint = np.max(d, axis=0)
        others = np.delete(joint, i)
        rho = np.sort(others)[k - 1]
        k_tilde = np.sum(others <= rho)

        def count(dist, rho=rho, i=i):
            return np.sum(np.delete(dist, i) <= rho)

        if len(parts) == 2:
            out[i] = digamma(k_tilde) + digamma(n) - digamma(count(d[0])) - digamma(count(d[1]))
        else:
            out[i] = (digamma(k_tilde) - digamma(count(np.maximum(d[0], d[2])))
                      - digamma(count(np.maximum(d[1], d[2]))) + digamma(count(d[2])))
    return out


def _mixture_mi(sigma, m=3):
    """I(X; X + σN) for X uniform on {0..m-1}: h(Y) by quadrature minus ½ ln(2πeσ²)."""
    def f(t):
        return np.mean([stats.norm.pdf(t, c, sigma) for c in range(m)], axis=0)
    hy = integrate.quad(lambda t: -f(t) * np.log(f(t)) if f(t) > 0 else 0.0, -10, m + 9, limit=200)[0]
    return hy - 0.5 * np.log(2 * np.pi * np.e * sigma ** 2)


@pytest.fixture(scope="module")
def channel():
    rng = np.random.default_rng(0)
    n = 3000
    x = rng.integers(0, 3, n)
    return x, x + 0.5 * rng.standard_normal(n), rng.standard_normal(n), rng.integers(0, 3, n)


# ---------------------------------------------------------------------------
# Same algorithm, two implementations
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("far", [math.inf, 1.0])
def test_matches_slow_twin_with_ties(far):
    rng = np.random.default_rng(1)
    n = 80
    x = rng.integers(0, 3, n)
    y = np.round(x + rng.standard_normal(n), 1)                    # continuous with ties
    z = np.where(rng.random(n) < 0.3, 0.0, rng.standard_normal(n))  # an atom at 0
    loc = mixed_conditional_mutual_information_local(x, y, z, discrete="x", k=3, discrete_distance=far)
    twin = _twin([x.astype(float), y, z], [True, False, False], 3, far)
    assert np.allclose(loc, twin, rtol=0, atol=TWIN_TOL)
    loc2 = mixed_conditional_mutual_information_local(y, x, discrete=["y"], k=2, discrete_distance=far)
    assert np.allclose(loc2, _twin([y, x.astype(float)], [False, True], 2, far), rtol=0, atol=TWIN_TOL)
    assert np.isclose(loc.mean(), mixed_conditional_mutual_information(x, y, z, discrete="x", k=3,
                                                                       discrete_distance=far), atol=TWIN_TOL)


# ---------------------------------------------------------------------------
# Exact mixed cases
# ---------------------------------------------------------------------------

def test_discrete_x_continuous_y_against_integral(channel):
    x, y, z, zd = channel
    truth = _mixture_mi(0.5)
    assert truth == pytest.approx(0.6191, abs=1e-4)
    assert abs(mixed_conditional_mutual_information(x, y, z, discrete="x", k=5) - truth) < STAT_TOL
    assert abs(mixed_conditional_mutual_information(x, y, zd, discrete=("x", "z"), k=5) - truth) < STAT_TOL
    assert abs(mixed_conditional_mutual_information(x, y, discrete="x", k=5) - truth) < STAT_TOL


def test_discrete_x_and_y_given_continuous_z():
    rng = np.random.default_rng(2)
    n = 3000
    z = rng.standard_normal(n)
    x = rng.integers(0, 2, n)
    y = x ^ (rng.random(n) < 0.1)
    truth = math.log(2) + 0.1 * math.log(0.1) + 0.9 * math.log(0.9)
    assert abs(mixed_conditional_mutual_information(x, y, z, discrete=("x", "y"), k=5) - truth) < STAT_TOL
    # and when Z carries the dependence: x = 1[z > 0], y a noisy copy of x; given z, x is known
    x2 = (z > 0).astype(int)
    y2 = x2 ^ (rng.random(n) < 0.1)
    assert abs(mixed_conditional_mutual_information(x2, y2, z, discrete=("x", "y"), k=5)) < STAT_TOL
    assert mixed_conditional_mutual_information(x2, y2, discrete=("x", "y"), k=5) == pytest.approx(truth, abs=STAT_TOL)


def test_conditional_independence_given_discrete_z():
    rng = np.random.default_rng(3)
    n = 3000
    z = rng.integers(0, 3, n)
    x = z + rng.standard_normal(n)
    y = z + rng.standard_normal(n)
    assert abs(mixed_conditional_mutual_information(x, y, z, discrete="z", k=5)) < STAT_TOL
    assert mixed_conditional_mutual_information(x, y, k=5) > 0.06  # without z: dependent (about 0.1 nat)


def test_purely_discrete_is_close_to_plugin():
    rng = np.random.default_rng(0)
    n = 3000
    z = rng.integers(0, 3, n)
    x = (z + rng.integers(0, 2, n)) % 3
    y = (x + rng.integers(0, 2, n)) % 3
    plug = conditional_mutual_information_from_labels_local(x, y, z).mean()
    assert mixed_conditional_mutual_information(x, y, z, discrete=("x", "y", "z")) == pytest.approx(plug, abs=1e-3)


def test_purely_continuous_is_close_to_frenzel_pompe():
    rng = np.random.default_rng(4)
    x, e, z = rng.standard_normal((3, 3000))
    y = x + e + z
    truth = 0.5 * math.log(2)
    ms = mixed_conditional_mutual_information(x, y, z, k=5)
    assert abs(ms - truth) < 0.06  # its ≤ counts (no +1) bias it upwards on continuous data
    assert abs(ms - knn_conditional_mutual_information(x, y, z, k=5)) < 0.05


# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------

@settings(max_examples=15)
@given(seed=st.integers(0, 2**16), relabel=st.permutations([0, 1, 2]))
def test_symmetric_and_label_invariant(seed, relabel):
    rng = np.random.default_rng(seed)
    n = 120
    x = rng.integers(0, 3, n)
    y = np.round(x + rng.standard_normal(n), 1)
    z = rng.integers(0, 2, n)
    v = mixed_conditional_mutual_information(x, y, z, discrete=("x", "z"))
    assert math.isclose(mixed_conditional_mutual_information(y, x, z, discrete=("y", "z")), v, abs_tol=1e-12)
    names = np.array(["a", "b", "c"])[np.asarray(relabel)][x]       # any labels, any order
    assert math.isclose(mixed_conditional_mutual_information(names, y, z, discrete=("x", "z")), v, abs_tol=1e-12)
    assert math.isclose(mixed_conditional_mutual_information(x, y, z, discrete=("x", "z"), base=2),
                        v / math.log(2), rel_tol=1e-12)


def test_inputs_unchanged():
    rng = np.random.default_rng(0)
    x, y = rng.integers(0, 3, 100), rng.standard_normal(100)
    keep = x.copy(), y.copy()
    mixed_conditional_mutual_information(x, y, discrete="x")
    assert np.array_equal(x, keep[0]) and np.array_equal(y, keep[1])


# ---------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------

def test_bad_inputs():
    rng = np.random.default_rng(0)
    x, y = rng.integers(0, 3, 50), rng.standard_normal(50)
    func = "mixed_conditional_mutual_information"
    with pytest.raises(ValueError, match=f"'discrete' parameter of {func} must name variables among"):
        mixed_conditional_mutual_information(x, y, discrete="z")
    with pytest.raises(ValueError, match=f"'discrete' parameter of {func} must name"):
        mixed_conditional_mutual_information(x, y, y, discrete="xyz")
    with pytest.raises(TypeError, match=f"'discrete' parameter of {func} must be a collection"):
        mixed_conditional_mutual_information(x, y, discrete=3)
    with pytest.raises(ValueError, match=f"'k' parameter of {func} must be an int"):
        mixed_conditional_mutual_information(x, y, discrete="x", k=50)
    with pytest.raises(ValueError, match=f"'x', 'y' parameters of {func} must have the same number"):
        mixed_conditional_mutual_information(x, y[:20], discrete="x")
    with pytest.raises(ValueError, match=f"'discrete_distance' parameter of {func}"):
        mixed_conditional_mutual_information(x, y, discrete="x", discrete_distance=0.0)
    with pytest.raises(ValueError, match=f"'y' parameter of {func}_local must hold discrete labels"):
        mixed_conditional_mutual_information_local(x, y, discrete=("x", "y"))
    with pytest.raises(ValueError, match=f"'z' parameter of {func}_local must contain only finite"):
        mixed_conditional_mutual_information_local(x, y, np.r_[y[:-1], np.inf], discrete="x")
