"""Tests of the kNN estimators (infolab.measures.knn).

Two tolerances, stated up front:
* against the slow, readable twins below (same algorithm, loops over points): 1e-10;
* against closed forms (Gaussian truths) at a fixed seed: the stated statistical
  tolerance in each test, about 4 standard deviations of the estimator at that n.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import digamma, gammaln

from infolab.measures import (
    gaussian_entropy,
    gaussian_kl_divergence,
    gaussian_mutual_information,
    knn_conditional_mutual_information,
    knn_conditional_mutual_information_local,
    knn_discrete_continuous_mutual_information,
    knn_entropy,
    knn_entropy_local,
    knn_kl_divergence,
    ksg_mutual_information,
    ksg_mutual_information_local,
)
from infolab.measures import knn as K

TWIN_TOL = 1e-10


# ---------------------------------------------------------------------------
# Slow readable twins: one point at a time, straight from the papers
# ---------------------------------------------------------------------------

def _cheb(a, i):
    return np.max(np.abs(a - a[i]), axis=1)


def ksg_twin(x, y, k, variant):
    x = np.asarray(x, float).reshape(len(x), -1)
    y = np.asarray(y, float).reshape(len(y), -1)
    n = len(x)
    acc = 0.0
    for i in range(n):
        dx, dy = _cheb(x, i), _cheb(y, i)
        dz = np.maximum(dx, dy)
        dz[i] = np.inf
        neighbours = np.argsort(dz, kind="stable")[:k]
        if variant == 1:
            eps = dz[neighbours[-1]]
            nx = np.sum(dx < eps) - 1  # the point itself has dx = 0
            ny = np.sum(dy < eps) - 1
            acc += digamma(nx + 1) + digamma(ny + 1)
        else:
            ex, ey = dx[neighbours].max(), dy[neighbours].max()
            nx = np.sum(dx <= ex) - 1
            ny = np.sum(dy <= ey) - 1
            acc += digamma(nx) + digamma(ny)
    if variant == 1:
        return digamma(k) + digamma(n) - acc / n
    return digamma(k) - 1 / k + digamma(n) - acc / n


def entropy_twin(x, k, metric):
    x = np.asarray(x, float).reshape(len(x), -1)
    n, d = x.shape
    logs = []
    for i in range(n):
        dist = _cheb(x, i) if metric == "chebyshev" else np.sqrt(np.sum((x - x[i]) ** 2, axis=1))
        dist[i] = np.inf
        logs.append(math.log(np.sort(dist)[k - 1]))
    log_volume = d * math.log(2) if metric == "chebyshev" else d / 2 * math.log(math.pi) - gammaln(d / 2 + 1)
    return digamma(n) - digamma(k) + log_volume + d * np.mean(logs)


def cmi_twin(x, y, z, k):
    x, y, z = (np.asarray(a, float).reshape(len(a), -1) for a in (x, y, z))
    n = len(x)
    acc = 0.0
    for i in range(n):
        dx, dy, dz = _cheb(x, i), _cheb(y, i), _cheb(z, i)
        d = np.maximum(np.maximum(dx, dy), dz)
        d[i] = np.inf
        eps = np.sort(d)[k - 1]
        nxz = np.sum(np.maximum(dx, dz) < eps) - 1
        nyz = np.sum(np.maximum(dy, dz) < eps) - 1
        nz = np.sum(dz < eps) - 1
        acc += digamma(nxz + 1) + digamma(nyz + 1) - digamma(nz + 1)
    return digamma(k) - acc / n


def kl_twin(x, y, k):
    x = np.asarray(x, float).reshape(len(x), -1)
    y = np.asarray(y, float).reshape(len(y), -1)
    n, d = x.shape
    m = len(y)
    acc = 0.0
    for i in range(n):
        rho = _cheb(x, i)
        rho[i] = np.inf
        nu = np.max(np.abs(y - x[i]), axis=1)
        acc += math.log(np.sort(nu)[k - 1]) - math.log(np.sort(rho)[k - 1])
    return d * acc / n + math.log(m / (n - 1))


def ross_twin(labels, y, k):
    y = np.asarray(y, float).reshape(len(y), -1)
    labels = np.asarray(labels)
    n = len(y)
    terms = []
    for i in range(n):
        same = np.flatnonzero(labels == labels[i])
        kk = min(k, len(same) - 1)
        d_all = _cheb(y, i)
        d_same = d_all[same]
        d_same = d_same[same != i]
        radius = np.sort(d_same)[kk - 1]
        m = np.sum(d_all <= radius) - 1
        terms.append(digamma(n) - digamma(len(same)) + digamma(kk) - digamma(m))
    return float(np.mean(terms))


def _gauss_pair(n, rho, seed, dx=1):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, dx))
    y = rho * x + math.sqrt(1 - rho ** 2) * rng.standard_normal((n, dx))
    return x, y


# ---------------------------------------------------------------------------
# Same algorithm, two implementations (tight)
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("variant", [1, 2])
@pytest.mark.parametrize("dims", [(1, 1), (2, 1), (2, 3)])
@pytest.mark.parametrize("k", [1, 3, 6])
def test_ksg_matches_twin(variant, dims, k):
    rng = np.random.default_rng(7 + k)
    n = 120
    x = rng.standard_normal((n, dims[0]))
    y = x[:, :1] + rng.standard_normal((n, dims[1]))
    assert ksg_mutual_information(x, y, k=k, variant=variant) == pytest.approx(ksg_twin(x, y, k, variant), abs=TWIN_TOL)


def test_ksg_strict_inequality_on_a_grid():
    # Points on a grid have many neighbours at exactly distance eps: a count with <= instead of < differs.
    rng = np.random.default_rng(3)
    x = rng.permutation(60).astype(float)
    y = (x * 7) % 13 + 0.01 * rng.permutation(60)
    got = ksg_mutual_information(x, y, k=3)
    assert got == pytest.approx(ksg_twin(x, y, 3, 1), abs=TWIN_TOL)


def test_count_1d_handles_rounding_at_the_boundary():
    # Large offsets make v +- r inexact; the counts must still follow |v_j - v_i| < r_i exactly.
    rng = np.random.default_rng(0)
    v = 1e6 + np.round(rng.standard_normal(500) * 1000) / 7 + np.arange(500) * 1e-9
    r = np.abs(v - np.roll(v, 3))  # radii equal to actual distances: ties at the boundary
    for strict in (True, False):
        brute = np.array([np.sum((np.abs(v - v[i]) < r[i]) if strict else (np.abs(v - v[i]) <= r[i])) - 1
                          for i in range(len(v))])
        assert np.array_equal(K._count_1d(v, r, strict), brute)


@pytest.mark.parametrize("metric", ["chebyshev", "euclidean"])
@pytest.mark.parametrize("d", [1, 3])
def test_entropy_matches_twin(metric, d):
    x = np.random.default_rng(d).standard_normal((150, d))
    assert knn_entropy(x, k=4, metric=metric) == pytest.approx(entropy_twin(x, 4, metric), abs=TWIN_TOL)


def test_cmi_matches_twin():
    rng = np.random.default_rng(5)
    z = rng.standard_normal((100, 2))
    x = z[:, :1] + rng.standard_normal((100, 1))
    y = z[:, 1:] + x + rng.standard_normal((100, 1))
    assert knn_conditional_mutual_information(x, y, z, k=3) == pytest.approx(cmi_twin(x, y, z, 3), abs=TWIN_TOL)


def test_kl_matches_twin():
    rng = np.random.default_rng(6)
    x = rng.standard_normal((90, 2))
    y = 0.5 + rng.standard_normal((130, 2))
    assert knn_kl_divergence(x, y, k=2) == pytest.approx(kl_twin(x, y, 2), abs=TWIN_TOL)


def test_ross_matches_twin():
    rng = np.random.default_rng(8)
    labels = rng.integers(0, 3, 150)
    labels[:2] = 3  # a class with 2 members uses k_i = 1
    y = rng.standard_normal((150, 2)) + labels[:, None]
    got = knn_discrete_continuous_mutual_information(labels, y, k=3)
    assert got == pytest.approx(ross_twin(labels, y, 3), abs=TWIN_TOL)


@pytest.mark.parametrize("variant", [1, 2])
def test_brute_force_path_matches_tree_path(variant):
    # The tiled brute-force code is the GPU path; run it with NumPy here.
    rng = np.random.default_rng(11)
    joint = rng.standard_normal((700, 5))
    spaces = [np.arange(2), np.arange(2, 5), np.arange(4, 5)]
    tree = K._neighbour_statistics(np, joint, spaces, 4, variant)
    if variant == 1:
        eps, _ = K._kth_neighbour_brute(np, joint, 4, np.inf)
        brute = [K._count_brute(np, joint[:, c], eps, True) for c in spaces]
    else:
        _, marg = K._kth_neighbour_brute(np, joint, 4, np.inf, marginals=spaces)
        brute = [K._count_brute(np, joint[:, c], r, False) for c, r in zip(spaces, marg, strict=True)]
    for a, b in zip(tree, brute, strict=True):
        assert np.array_equal(a, b)


def test_high_dimensional_counts_agree_with_twin():
    rng = np.random.default_rng(12)
    x = rng.standard_normal((200, 6))
    y = x[:, :3] + rng.standard_normal((200, 3))
    assert ksg_mutual_information(x, y, k=3) == pytest.approx(ksg_twin(x, y, 3, 1), abs=TWIN_TOL)


def _tied_points(n, d, seed):
    # Distinct rows on a coarse dyadic grid far from 0 (v +- r is inexact there), so that many
    # distances are exactly equal; radii equal to the distance to another point put ties at the boundary.
    rng = np.random.default_rng(seed)
    pts = np.unique(rng.integers(0, 40, (3 * n, d)) / 8.0 + 1e6, axis=0)
    pts = pts[rng.permutation(pts.shape[0])[:n]]
    radius = np.max(np.abs(pts - pts[(np.arange(len(pts)) + 1 + rng.integers(0, 5)) % len(pts)]), axis=1)
    return pts, radius


@pytest.mark.parametrize("d", [1, 2, 3, 5])
@pytest.mark.parametrize("strict", [True, False])
def test_count_backends_agree_with_ties_at_the_radius(d, strict):
    pts, radius = _tied_points(300, d, seed=d)
    assert radius.min() > 0
    brute = np.array([np.sum((_cheb(pts, i) < radius[i]) if strict else (_cheb(pts, i) <= radius[i])) - 1
                      for i in range(len(pts))])
    on_boundary = sum(np.sum(_cheb(pts, i) == radius[i]) for i in range(len(pts)))
    assert on_boundary > len(pts)  # the test exercises ties, not only generic radii
    backends = ["kdtree", "ckdtree", "brute"] + (["sorted"] if d == 1 else [])
    for backend in backends:
        assert np.array_equal(K._count_cpu(pts, radius, strict, backend=backend), brute), backend
    assert np.array_equal(K._count_cpu(pts, radius, strict), brute)  # the automatic choice


@pytest.mark.parametrize("d", [1, 2, 4, 10])
def test_kth_neighbour_backends_agree(d):
    rng = np.random.default_rng(30 + d)
    pts = rng.standard_normal((400, d))
    pts[:, 0] = np.round(pts[:, 0] * 4) / 4 + np.arange(400) * 2.0 ** -20  # near-ties in one coordinate
    ref = K._kth_neighbour_cpu(pts, 3, np.inf, backend="ckdtree")
    assert np.array_equal(K._kth_neighbour_cpu(pts, 3, np.inf, backend="kdtree"), ref)
    assert np.array_equal(K._kth_neighbour_cpu(pts, 3, np.inf), ref)  # the automatic choice
    assert np.array_equal(K._kth_neighbour_brute(np, pts, 3, np.inf)[0], ref)


@pytest.mark.parametrize("dims", [(1, 1), (2, 2), (3, 1), (5, 5)])
def test_ksg_values_do_not_depend_on_the_count_backend(dims, monkeypatch):
    # End to end on tied data (a grid in x), each backend forced in turn: same counts, same values.
    rng = np.random.default_rng(40 + dims[0])
    n = 500
    x = rng.standard_normal((n, dims[0]))
    x[:, 0] = rng.permutation(n) / 8.0
    y = x[:, :1] + np.round(rng.standard_normal((n, dims[1])) * 8) / 8 + rng.permutation(n)[:, None] * 2.0 ** -12
    original = K._count_cpu
    values = {}
    for backend in ("auto", "kdtree", "ckdtree", "brute"):
        monkeypatch.setattr(K, "_count_cpu", lambda *a, b=backend, **kw: original(*a, **kw, backend=b))
        values[backend] = (ksg_mutual_information(x, y, k=3), ksg_mutual_information_local(x, y, k=3, variant=2),
                           knn_conditional_mutual_information(x[:, :1], y[:, :1], x[:, 1:] if dims[0] > 1 else y))
    monkeypatch.setattr(K, "_count_cpu", original)
    assert values["auto"][0] == pytest.approx(ksg_twin(x, y, 3, 1), abs=TWIN_TOL)
    for backend, (mi, local, cmi) in values.items():
        assert mi == pytest.approx(values["auto"][0], abs=1e-12), backend
        assert np.allclose(local, values["auto"][1], rtol=0, atol=1e-12), backend
        assert cmi == pytest.approx(values["auto"][2], abs=1e-12), backend


@pytest.mark.parametrize("seed", ["foo", -1, 2.5, True])
def test_seed_is_validated_even_without_jitter(seed):
    rng = np.random.default_rng(0)
    x, y, z = rng.standard_normal((3, 40))
    calls = {
        "knn_entropy": lambda: knn_entropy(x, seed=seed),
        "knn_entropy_local": lambda: knn_entropy_local(x, seed=seed),
        "ksg_mutual_information": lambda: ksg_mutual_information(x, y, seed=seed),
        "ksg_mutual_information_local": lambda: ksg_mutual_information_local(x, y, seed=seed),
        "knn_conditional_mutual_information": lambda: knn_conditional_mutual_information(x, y, z, seed=seed),
        "knn_conditional_mutual_information_local":
            lambda: knn_conditional_mutual_information_local(x, y, z, seed=seed),
        "knn_kl_divergence": lambda: knn_kl_divergence(x, y, seed=seed),
        "knn_discrete_continuous_mutual_information":
            lambda: knn_discrete_continuous_mutual_information(np.arange(40) % 2, y, seed=seed),
    }
    for func, call in calls.items():
        with pytest.raises(TypeError, match=f"The 'seed' parameter of {func} must be a non-negative int"):
            call()


def test_entropy_refuses_a_column_with_zero_spread():
    rng = np.random.default_rng(0)
    x = np.column_stack([rng.standard_normal(200), np.full(200, 4.0), rng.standard_normal(200)])
    for func in (knn_entropy, knn_entropy_local):
        name = func.__name__
        with pytest.raises(ValueError, match=f"'x' parameter of {name} must vary in every column. Got 1 column"
                                             r"\(s\) with zero spread \(column index 1 .*-inf"):
            func(x)
        with pytest.raises(ValueError, match=f"'x' parameter of {name}.*zero spread"):
            func(x, jitter=1e-6, seed=1)  # a column with zero spread gets no noise
        with pytest.raises(ValueError, match=f"'x' parameter of {name}.*constant sample \\(all 30 rows"):
            func(np.full((30, 2), 1.5))
        with pytest.raises(ValueError, match=f"'x' parameter of {name}.*constant sample"):
            func(np.full(30, -2.0))
    assert np.isfinite(knn_entropy(x[:, [0, 2]]))  # the same data without the constant column
    from infolab.measures import knn_three_entropy_mutual_information

    with pytest.raises(ValueError, match="'x' parameter of knn_three_entropy_mutual_information.*zero spread"):
        knn_three_entropy_mutual_information(x, x[:, 0] ** 3, rescale=False)


# ---------------------------------------------------------------------------
# Closed forms (statistical tolerance, fixed seed)
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("variant", [1, 2])
def test_ksg_gaussian_truth(variant):
    x, y = _gauss_pair(4000, 0.6, seed=1)
    truth = gaussian_mutual_information([[1, 0.6], [0.6, 1]], dim_x=1)
    assert abs(ksg_mutual_information(x, y, variant=variant) - truth) < 0.03  # sd ~0.007 at n=4000


def test_ksg_multivariate_gaussian_truth():
    x, y = _gauss_pair(4000, 0.5, seed=2, dx=2)
    cov = np.block([[np.eye(2), 0.5 * np.eye(2)], [0.5 * np.eye(2), np.eye(2)]])
    truth = gaussian_mutual_information(cov, dim_x=2)
    assert abs(ksg_mutual_information(x, y) - truth) < 0.04


def test_ksg_independence_near_zero_and_can_be_negative():
    rng = np.random.default_rng(4)
    values = [ksg_mutual_information(rng.standard_normal(2000), rng.standard_normal(2000)) for _ in range(6)]
    assert all(abs(v) < 0.03 for v in values)
    assert min(values) < 0  # negative estimates are returned as computed, not clipped


def test_ksg_of_x_with_itself():
    # y = x: every joint neighbour is also an x- and y-neighbour, so n_x = n_y = k - 1 and the
    # estimate is psi(n) - psi(k), finite (the true I(X;X) of a continuous X is infinite).
    x = np.random.default_rng(0).standard_normal(500)
    assert ksg_mutual_information(x, x, k=3) == pytest.approx(digamma(500) - digamma(3), abs=1e-12)


@pytest.mark.parametrize("d,metric", [(1, "chebyshev"), (2, "chebyshev"), (2, "euclidean")])
def test_entropy_gaussian_truth(d, metric):
    rng = np.random.default_rng(d)
    cov = np.array([[1.0, 0.3], [0.3, 2.0]])[:d, :d]
    x = rng.multivariate_normal(np.zeros(d), cov, size=5000)
    assert abs(knn_entropy(x, metric=metric) - gaussian_entropy(cov)) < 0.05


def test_entropy_base():
    x = np.random.default_rng(0).standard_normal(300)
    assert knn_entropy(x, base=2) == pytest.approx(knn_entropy(x) / math.log(2), rel=1e-12)


def test_cmi_gaussian_truth():
    rng = np.random.default_rng(9)
    n = 4000
    z = rng.standard_normal(n)
    x = z + rng.standard_normal(n)
    y = z + 0.5 * x + rng.standard_normal(n)
    cov = np.cov(np.vstack([x, y, z]), bias=True)  # only to build the truth's shape: use the model
    a = np.array([[1, 0, 1], [0.5, 1, 1.5], [0, 0, 1]])  # (x, y, z) = A (e_x, e_y, z)
    cov = a @ a.T
    truth = gaussian_mutual_information(cov, dim_x=1) - gaussian_mutual_information(cov[np.ix_([0, 2], [0, 2])], 1)
    assert abs(knn_conditional_mutual_information(x, y, z) - truth) < 0.04


def test_kl_gaussian_truth_and_self():
    rng = np.random.default_rng(10)
    x = rng.standard_normal((6000, 2))
    y = rng.standard_normal((6000, 2)) * 1.5 + 0.5
    truth = gaussian_kl_divergence(np.zeros(2), np.eye(2), 0.5 * np.ones(2), 2.25 * np.eye(2))
    assert abs(knn_kl_divergence(x, y, k=5) - truth) < 0.05
    assert abs(knn_kl_divergence(x, rng.standard_normal((6000, 2)), k=5)) < 0.04


def test_ross_known_value():
    rng = np.random.default_rng(0)
    c = rng.integers(0, 4, 4000)
    y = rng.standard_normal(4000) + 20 * c  # separated classes: I = H(C) = log 4
    assert abs(knn_discrete_continuous_mutual_information(c, y) - math.log(4)) < 0.02


# ---------------------------------------------------------------------------
# Traps: integer input, constant columns, duplicates, small n, non-finite, shapes
# ---------------------------------------------------------------------------

def test_integer_input_equals_float_input():
    rng = np.random.default_rng(0)
    xi = rng.permutation(300)
    yi = xi * 1000 + rng.permutation(300)  # distinct integers
    assert ksg_mutual_information(xi, yi) == ksg_mutual_information(xi.astype(float), yi.astype(float))


def test_integer_input_with_ties_raises_and_names_jitter():
    x = np.arange(200) % 10
    y = np.random.default_rng(0).standard_normal(200)
    with pytest.raises(ValueError, match="'x'.*duplicated rows.*jitter"):
        ksg_mutual_information(x, y)


def test_inputs_are_not_modified():
    rng = np.random.default_rng(0)
    x = rng.integers(0, 5, (100, 2))
    y = rng.standard_normal(100)
    x0, y0 = x.copy(), y.copy()
    ksg_mutual_information(x, y, jitter=1e-6)
    knn_entropy(y, jitter=1e-6)
    assert np.array_equal(x, x0) and np.array_equal(y, y0) and x.dtype == x0.dtype


def test_constant_variable_raises_clearly():
    with pytest.raises(ValueError, match="'x'.*is constant"):
        ksg_mutual_information(np.ones(50), np.arange(50.0))
    with pytest.raises(ValueError, match="'x'.*is constant"):
        ksg_mutual_information(np.ones(50), np.arange(50.0), jitter=1e-8)  # no noise for a zero-spread column


def test_constant_column_changes_nothing():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((300, 1))
    y = x + rng.standard_normal((300, 1))
    padded = np.hstack([x, np.full((300, 1), 4.0)])
    assert ksg_mutual_information(padded, y) == ksg_mutual_information(x, y)


def test_jitter_is_seeded_and_scale_aware():
    rng = np.random.default_rng(0)
    x = np.round(rng.standard_normal(400), 1)
    y = x + rng.standard_normal(400)
    a = ksg_mutual_information(x, y, jitter=1e-3, seed=5)
    assert a == ksg_mutual_information(x, y, jitter=1e-3, seed=5)
    assert a != ksg_mutual_information(x, y, jitter=1e-3, seed=6)
    # rescaling the data rescales the noise: the same points up to the factor
    assert ksg_mutual_information(1000 * x, 1000 * y, jitter=1e-3, seed=5) == pytest.approx(a, abs=1e-9)


def test_jitter_too_small_raises():
    x = np.repeat(np.arange(50.0) + 1e8, 2)
    with pytest.raises(ValueError, match="still has .* duplicated rows after jitter"):
        knn_entropy(x, jitter=1e-30)


def test_kl_shared_rows_raise():
    x = np.arange(20.0)
    with pytest.raises(ValueError, match="'x' and 'y'.*identical rows"):
        knn_kl_divergence(x, np.concatenate([x[:3], x[:3] + 0.5]))


@pytest.mark.parametrize("k", [0, 10, 11])
def test_k_out_of_range(k):
    x, y = _gauss_pair(10, 0.5, 0)
    with pytest.raises(ValueError, match="'k'"):
        ksg_mutual_information(x, y, k=k)


def test_too_few_samples():
    with pytest.raises(ValueError, match="'x'"):
        knn_entropy([1.0])


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_input(bad):
    x = np.arange(10.0)
    x[3] = bad
    for call in (lambda: ksg_mutual_information(x, np.arange(10.0)),
                 lambda: ksg_mutual_information(np.arange(10.0), x)):
        with pytest.raises(ValueError, match="finite"):
            call()
    with pytest.raises(ValueError, match="'x'"):
        knn_entropy(x)


def test_shapes():
    with pytest.raises(ValueError, match="'x'"):
        ksg_mutual_information(np.zeros((4, 2, 2)), np.zeros(4))
    with pytest.raises(ValueError, match="'x' and 'y'"):
        ksg_mutual_information(np.arange(10.0), np.arange(11.0))
    with pytest.raises(ValueError, match="'x' and 'y'"):
        knn_kl_divergence(np.zeros((10, 2)) + np.arange(10)[:, None], np.arange(10.0) + 0.5)
    with pytest.raises(TypeError, match="'x'"):
        knn_entropy("abc")


@pytest.mark.parametrize("func,args", [
    (knn_entropy, ()),
    (ksg_mutual_information, ("Y",)),
    (knn_conditional_mutual_information, ("Y", "Z")),
    (knn_kl_divergence, ("Y",)),
])
def test_bad_arguments_name_themselves(func, args):
    rng = np.random.default_rng(0)
    data = {"Y": rng.standard_normal(30), "Z": rng.standard_normal(30)}
    x = rng.standard_normal(30)
    call_args = [x] + [data[a] for a in args]
    with pytest.raises(ValueError, match="'base'"):
        func(*call_args, base=1)
    with pytest.raises(TypeError, match="'k'"):
        func(*call_args, k=2.5)
    with pytest.raises(ValueError, match="'jitter'"):
        func(*call_args, jitter=-1.0)
    with pytest.raises(ValueError, match="'device'"):
        func(*call_args, device="tpu")


def test_bad_variant_and_metric():
    x, y = _gauss_pair(20, 0.5, 0)
    with pytest.raises(ValueError, match="'variant'"):
        ksg_mutual_information(x, y, variant=3)
    with pytest.raises(ValueError, match="'metric'"):
        knn_entropy(x, metric="manhattan")


def test_ross_bad_input():
    y = np.random.default_rng(0).standard_normal(10)
    with pytest.raises(ValueError, match="'labels'.*at least twice"):
        knn_discrete_continuous_mutual_information(np.arange(10) % 9, y)
    with pytest.raises(ValueError, match="'labels' and 'y'"):
        knn_discrete_continuous_mutual_information(np.arange(8) % 2, y)
    with pytest.raises(ValueError, match="'labels'"):
        knn_discrete_continuous_mutual_information([0.5] * 10, y)


# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------

_finite = st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(8, 60), k=st.integers(1, 5),
       shift=_finite, scale=st.floats(0.01, 100))
def test_ksg_properties(seed, n, k, shift, scale):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(n)
    y = x + rng.standard_normal(n)
    k = min(k, n - 1)
    base = ksg_mutual_information(x, y, k=k)
    assert ksg_mutual_information(y, x, k=k) == pytest.approx(base, abs=1e-12)  # symmetric
    perm = rng.permutation(n)
    assert ksg_mutual_information(x[perm], y[perm], k=k) == pytest.approx(base, abs=1e-12)
    # shifts, and one common rescaling of x and y, keep every max-norm neighbourhood
    assert ksg_mutual_information(scale * x + shift, scale * y - shift, k=k) == pytest.approx(base, abs=1e-9)
    assert base <= digamma(n) - digamma(k) + 1e-12  # the largest value, reached by y = x


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(5, 50), scale=st.floats(0.01, 100))
def test_entropy_scaling_property(seed, n, scale):
    # h(aX) = h(X) + d log a holds exactly for the estimator too
    x = np.random.default_rng(seed).standard_normal((n, 2))
    assert knn_entropy(scale * x, k=2) == pytest.approx(knn_entropy(x, k=2) + 2 * math.log(scale), abs=1e-9)


# ---------------------------------------------------------------------------
# GPU (CuPy) against the CPU
# ---------------------------------------------------------------------------


@pytest.mark.gpu
@pytest.mark.parametrize("variant", [1, 2])
def test_gpu_ksg_matches_cpu(variant):
    import cupy as cp
    x, y = _gauss_pair(3000, 0.7, seed=3, dx=2)
    cpu = ksg_mutual_information(x, y, variant=variant)
    assert ksg_mutual_information(cp.asarray(x), cp.asarray(y), variant=variant) == pytest.approx(cpu, abs=1e-10)
    assert ksg_mutual_information(x, y, variant=variant, device="gpu") == pytest.approx(cpu, abs=1e-10)


@pytest.mark.gpu
def test_gpu_other_estimators_match_cpu():
    import cupy as cp
    rng = np.random.default_rng(0)
    x, y, z = (rng.standard_normal((2000, 2)) for _ in range(3))
    assert knn_entropy(cp.asarray(x)) == pytest.approx(knn_entropy(x), abs=1e-10)
    assert knn_kl_divergence(cp.asarray(x), cp.asarray(y + 0.3)) == pytest.approx(knn_kl_divergence(x, y + 0.3), abs=1e-10)
    assert knn_conditional_mutual_information(cp.asarray(x), cp.asarray(y + x), cp.asarray(z)) == pytest.approx(
        knn_conditional_mutual_information(x, y + x, z), abs=1e-10)
    xr = np.round(x, 1)
    assert ksg_mutual_information(cp.asarray(xr), cp.asarray(y), jitter=1e-6, seed=3) == pytest.approx(
        ksg_mutual_information(xr, y, jitter=1e-6, seed=3), abs=1e-10)


# ---------------------------------------------------------------------------
# Local (pointwise) values: their mean is the global estimate; peers' local values
# ---------------------------------------------------------------------------

LOCAL_TOL = 1e-12


@pytest.mark.parametrize("metric", ["chebyshev", "euclidean"])
def test_entropy_local_mean_is_global(metric):
    x = np.random.default_rng(0).standard_normal((1500, 2))
    loc = knn_entropy_local(x, k=4, metric=metric)
    assert loc.shape == (1500,)
    assert np.isclose(loc.mean(), knn_entropy(x, k=4, metric=metric), rtol=0, atol=LOCAL_TOL)
    assert np.isclose(knn_entropy_local(x, base=2).mean(), knn_entropy(x, base=2), rtol=0, atol=LOCAL_TOL)


@pytest.mark.parametrize("variant", [1, 2])
def test_ksg_local_mean_is_global_and_twin(variant):
    x, y = _gauss_pair(800, 0.6, seed=4, dx=2)
    loc = ksg_mutual_information_local(x, y, variant=variant)
    assert np.isclose(loc.mean(), ksg_mutual_information(x, y, variant=variant), rtol=0, atol=LOCAL_TOL)
    # the pointwise terms themselves, against a point-by-point evaluation of KSG eq. 8 / 9
    xy = np.hstack([x, y])
    i = 17
    dj, dx_, dy_ = _cheb(xy, i), _cheb(x, i), _cheb(y, i)
    dj[i] = np.inf
    nb = np.argsort(dj)[:3]
    if variant == 1:
        eps = dj[nb].max()
        nx, ny = np.sum(dx_ < eps) - 1, np.sum(dy_ < eps) - 1
        term = digamma(3) + digamma(800) - digamma(nx + 1) - digamma(ny + 1)
    else:
        nx, ny = np.sum(dx_ <= dx_[nb].max()) - 1, np.sum(dy_ <= dy_[nb].max()) - 1
        term = digamma(3) - 1 / 3 + digamma(800) - digamma(nx) - digamma(ny)
    assert loc[i] == pytest.approx(term, abs=TWIN_TOL)


def test_cmi_local_mean_is_global():
    rng = np.random.default_rng(5)
    x, y, z = rng.standard_normal((3, 1000))
    loc = knn_conditional_mutual_information_local(x, x + y + z, z, k=4)
    assert np.isclose(loc.mean(), knn_conditional_mutual_information(x, x + y + z, z, k=4), rtol=0, atol=LOCAL_TOL)


def test_local_values_match_infomeasure():
    im = pytest.importorskip("infomeasure")
    rng = np.random.default_rng(0)
    a = rng.standard_normal((800, 2))
    b = a[:, :1] + rng.standard_normal((800, 1))
    c = rng.standard_normal(800)
    peer = im.estimator(a, b, measure="mi", approach="ksg", k=3, noise_level=0)
    assert np.allclose(np.asarray(peer.local_vals()), ksg_mutual_information_local(a, b), rtol=0, atol=LOCAL_TOL)
    peer = im.estimator(a[:, 0], b[:, 0], cond=c, measure="cmi", approach="ksg", k=3, noise_level=0)
    assert np.allclose(np.asarray(peer.local_vals()), knn_conditional_mutual_information_local(a[:, 0], b[:, 0], c),
                       rtol=0, atol=LOCAL_TOL)
    # infomeasure's Kozachenko-Leonenko uses the max-norm here too; it computes in another order (1e-8)
    peer = im.estimator(a, measure="entropy", approach="kl", k=3, noise_level=0)
    assert np.allclose(np.asarray(peer.local_vals()), knn_entropy_local(a), rtol=0, atol=1e-7)


def test_local_bad_inputs():
    x = np.random.default_rng(0).standard_normal(50)
    with pytest.raises(ValueError, match="'k' parameter of knn_entropy_local must be an int"):
        knn_entropy_local(x, k=50)
    with pytest.raises(ValueError, match="'variant' parameter of ksg_mutual_information_local"):
        ksg_mutual_information_local(x, x + 1, variant=3)
    with pytest.raises(ValueError, match="'x' parameter of knn_conditional_mutual_information_local has 1 duplicated"):
        knn_conditional_mutual_information_local(np.r_[x[:-1], x[0]], x ** 3, x + 2)
    with pytest.raises(ValueError, match="'x' and 'z' parameters of knn_conditional_mutual_information_local"):
        knn_conditional_mutual_information_local(x, x ** 3, x[:20])


@pytest.mark.gpu
def test_gpu_local_values_match_cpu():
    import cupy as cp
    rng = np.random.default_rng(0)
    x, y, z = (rng.standard_normal((2000, 2)) for _ in range(3))
    assert np.allclose(cp.asnumpy(knn_entropy_local(cp.asarray(x))), knn_entropy_local(x), rtol=0, atol=1e-10)
    for variant in (1, 2):
        gpu = ksg_mutual_information_local(cp.asarray(x), cp.asarray(x + y), variant=variant)
        assert isinstance(gpu, cp.ndarray)
        assert np.allclose(cp.asnumpy(gpu), ksg_mutual_information_local(x, x + y, variant=variant), rtol=0, atol=1e-10)
    gpu = knn_conditional_mutual_information_local(cp.asarray(x), cp.asarray(y + x), cp.asarray(z))
    assert np.allclose(cp.asnumpy(gpu), knn_conditional_mutual_information_local(x, y + x, z), rtol=0, atol=1e-10)


def test_three_entropy_mutual_information_on_a_correlated_gaussian():
    from infolab.measures import knn_three_entropy_mutual_information

    rng = np.random.default_rng(3)
    cov = np.array([[1.0, 0.6, 0.0], [0.6, 1.0, 0.3], [0.0, 0.3, 1.0]])
    z = rng.multivariate_normal(np.zeros(3), cov, size=4000)
    x, y = z[:, :1] * 10.0, z[:, 1:]
    exact = 0.5 * np.log(np.linalg.det(cov[:1, :1]) * np.linalg.det(cov[1:, 1:]) / np.linalg.det(cov))
    whitened = knn_three_entropy_mutual_information(x, y)
    assert abs(whitened - exact) < 0.05
    assert knn_three_entropy_mutual_information(x, y, base=2) == pytest.approx(whitened / np.log(2), rel=1e-12)
    # Whitening makes the estimate invariant to an invertible linear map of each side.
    assert knn_three_entropy_mutual_information(x / 10.0, y @ [[2.0, 1.0], [0.0, 1.0]]) == pytest.approx(
        whitened, abs=1e-9)
    assert knn_three_entropy_mutual_information(x, y) == whitened


def test_three_entropy_mutual_information_bad_input():
    from infolab.measures import knn_three_entropy_mutual_information as f

    x = np.random.default_rng(0).standard_normal((50, 2))
    with pytest.raises(ValueError, match="'x' and 'y' parameters of knn_three_entropy_mutual_information"):
        f(x, x[:40])
    with pytest.raises(ValueError, match="'k' parameter of knn_three_entropy_mutual_information"):
        f(x, x[:, :1], k=50)
    with pytest.raises(TypeError, match="'rescale' parameter of knn_three_entropy_mutual_information"):
        f(x, x[:, :1], rescale="yes")
    with pytest.raises(ValueError, match="'y' parameter of knn_three_entropy_mutual_information"):
        f(x, np.ones(50))
    with pytest.raises(ValueError, match="'x' parameter of knn_three_entropy_mutual_information.*singular"):
        f(np.column_stack([x[:, 0], 2 * x[:, 0]]), x[:, 1])
    assert np.isfinite(f(x, np.round(x[:, 0], 1), jitter=1e-6, seed=1))
