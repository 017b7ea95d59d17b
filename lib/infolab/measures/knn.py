"""Nearest-neighbour estimators of entropy, mutual information and divergence.

All estimators here read a continuous sample through the distances to each
point's k-th nearest neighbour, and all use the max-norm (Chebyshev)
neighbourhoods of the original papers unless ``metric="euclidean"`` is asked
for where it is offered. Values are in nats unless ``base`` says otherwise.

* :func:`knn_entropy`: Kozachenko–Leonenko differential entropy.
* :func:`ksg_mutual_information`: Kraskov–Stögbauer–Grassberger mutual
  information, both variants, multivariate ``x`` and ``y``.
* :func:`knn_conditional_mutual_information`: Frenzel–Pompe conditional
  mutual information.
* :func:`knn_kl_divergence`: Wang–Kulkarni–Verdú / Pérez-Cruz two-sample
  Kullback–Leibler divergence.
* :func:`knn_discrete_continuous_mutual_information`: Ross' estimator of
  I(X; Y) for a discrete X and a continuous Y.
* :func:`knn_entropy_local`, :func:`ksg_mutual_information_local`,
  :func:`knn_conditional_mutual_information_local`: the pointwise (local)
  values whose mean is the global estimate.

Ties and duplicates
-------------------
The estimators assume a density: two samples coincide with probability zero.
Duplicated rows (rounded data, discrete coordinates, ReLU zeros, a constant
variable) make a neighbour distance zero and the estimate meaningless, and
tools that carry on regardless give wrong numbers without a word. Here every
input array is checked first, and duplicates raise a ``ValueError`` that says
how many there are and what to do. Passing ``jitter=s`` instead adds seeded
Gaussian noise of standard deviation ``s`` times each column's standard
deviation (scale-aware: rescaling a column rescales its noise; a constant
column gets none), drawn on the CPU from ``seed`` so that CPU and GPU see the
same numbers. The jittered data are checked again.

Backends
--------
On the CPU, k-th neighbour searches use :class:`scipy.spatial.cKDTree` on all
cores; max-norm neighbour counts use a sorted array in one dimension and
scikit-learn's ``KDTree.query_radius(count_only=True)`` above (the timings
behind this rule are in the source and in
``benchmarks/mi_speed.py``). Every backend gives the same distances and
counts. CuPy input (or ``device="gpu"``) takes a tiled brute-force path on the
GPU, which holds one tile of the distance matrix at a time; it gives the same
neighbour distances and counts as the CPU path.

References
----------
.. [1] L. F. Kozachenko, N. N. Leonenko, "Sample estimate of the entropy of a
   random vector", Problems Inform. Transmission 23(2), 95-101 (1987).
.. [2] A. Kraskov, H. Stögbauer, P. Grassberger, "Estimating mutual
   information", Phys. Rev. E 69, 066138 (2004), arXiv:cond-mat/0305641.
.. [3] S. Frenzel, B. Pompe, "Partial mutual information for coupling
   analysis of multivariate time series", Phys. Rev. Lett. 99, 204101 (2007).
.. [4] Q. Wang, S. R. Kulkarni, S. Verdú, "Divergence estimation for
   multidimensional densities via k-nearest-neighbor distances", IEEE Trans.
   Inf. Theory 55(5), 2392-2405 (2009).
.. [5] F. Pérez-Cruz, "Kullback-Leibler divergence estimation of continuous
   distributions", Proc. IEEE ISIT (2008).
.. [6] B. C. Ross, "Mutual information between discrete and continuous data
   sets", PLoS ONE 9(2), e87357 (2014).
"""

from __future__ import annotations

import math
import os
from concurrent.futures import ThreadPoolExecutor
from types import ModuleType
from typing import Any

import numpy as np
from scipy.spatial import cKDTree
from scipy.special import digamma, gammaln

from ..backend import resolve_namespace, to_namespace, to_numpy
from ..validation import (
    check_choice,
    check_int,
    check_labels,
    check_paired,
    check_real,
    check_rng,
    check_samples,
    log_base,
)

__all__ = [
    "knn_entropy",
    "ksg_mutual_information",
    "knn_conditional_mutual_information",
    "knn_kl_divergence",
    "knn_discrete_continuous_mutual_information",
    "knn_entropy_local",
    "ksg_mutual_information_local",
    "knn_conditional_mutual_information_local",
    "knn_three_entropy_mutual_information",
]

METRICS = ("chebyshev", "euclidean")
# CPU backends (max-norm), chosen from timings at n = 10^4, d_x = d_y = d, k = 3, standard normal
# data, on an otherwise idle 2-core machine with one BLAS thread (benchmarks/mi_speed.py prints them;
# milliseconds, best of 3):
#
#   counts in the x marginal           d = 1     2      3      5      10
#   sorted array                          1.3    -      -      -       -
#   sklearn KDTree, one query_radius     -      35     70    185     584
#   sklearn KDTree, blocks on 2 threads  -      43    103    281     487
#   scipy cKDTree (ball query)            8.8   38     99    424    2561
#
#   joint k-th neighbour, 2d columns:   2     4      6     10      20      40
#   scipy cKDTree (all cores)          9.1   12     29    107     300    1324
#   sklearn KDTree (blocks, all cores) 13.3  48     98    168     872    2224
#
# Rule: max-norm counts use the sorted array in one dimension and sklearn's KDTree in two or
# more (a cKDTree ball query enumerates the points it counts), one query_radius call below
# _KDTREE_BLOCKED_MIN_DIM dimensions (its count_only query gains nothing from threads there) and
# blocks on all cores from there on; k-th neighbour searches use the cKDTree (sklearn's KDTree can
# be forced). Euclidean counts keep the cKDTree (d <= 3) and brute-force (d > 3) paths. Every
# backend compares the same floating-point distance with the same radius, so distances and counts
# do not depend on it.
_TREE_MAX_COUNT_DIM = 3  # Euclidean counts above this dimension use tiled brute force
_KDTREE_BLOCKED_MIN_DIM = 8  # max-norm counts in this many dimensions or more query sklearn's KDTree in blocks
_TILE_ELEMENTS = 1 << 25  # distance-matrix entries per GPU tile (256 MiB in float64)


# ---------------------------------------------------------------------------
# Input handling: namespace, validation, duplicates and jitter
# ---------------------------------------------------------------------------

def _samples(a: Any, name: str, func: str, xp: ModuleType, min_samples: int = 2):
    return check_samples(to_namespace(a, xp), name, func=func, xp=xp, min_samples=min_samples)


def _duplicate_rows(a: np.ndarray) -> int:
    """Number of rows equal to an earlier row (0.0 and -0.0 count as equal)."""
    if a.shape[1] == 1:
        s = np.sort(a[:, 0])
        return int(np.count_nonzero(s[1:] == s[:-1]))
    rows = np.ascontiguousarray(a + 0.0)
    view = rows.view(np.dtype((np.void, rows.dtype.itemsize * rows.shape[1]))).ravel()
    return int(rows.shape[0] - np.unique(view).shape[0])


def _duplicate_message(name: str, func: str, count: int, n: int, constant: bool, jittered: bool) -> str:
    head = f"The '{name}' parameter of {func} "
    if constant:
        what = (f"is constant (all {n} rows are equal). A constant variable carries no information "
                "(its mutual information with anything is 0 and its differential entropy is -inf); "
                "kNN estimators cannot be applied to it. Drop it, or use mutual_information(...), "
                "which treats it as discrete.")
        return head + what
    if jittered:
        return (head + f"still has {count} duplicated rows after jitter: the noise is too small for the "
                "magnitude of the values (float64 keeps about 16 significant digits). Pass a larger 'jitter'.")
    return (head + f"has {count} duplicated rows out of {n} (tied samples). kNN estimators assume a "
            "continuous distribution, where ties have probability zero; on tied data they return "
            "meaningless values. If the ties come from rounding, pass jitter=<relative noise> "
            "(seeded Gaussian noise of that many column standard deviations, e.g. jitter=1e-10, or "
            "about the rounding step divided by the column's standard deviation) and a 'seed'. If the "
            "variable is discrete or mixed, use mutual_information(x, y) (method='auto' picks a "
            "discrete or mixed estimator) or mutual_information_from_labels.")


def _untie(arrays: list, names: tuple[str, ...], jitter: Any, seed: Any, func: str, xp: ModuleType,
           check: tuple[bool, ...] | None = None) -> list:
    """Check each array for duplicated rows; with ``jitter``, add seeded scale-aware noise first.

    The noise is drawn on the CPU in the order of ``arrays`` from ``seed`` so
    that the CPU and GPU paths see identical data.
    """
    if check is None:
        check = (True,) * len(arrays)
    out = list(arrays)
    jittered = jitter is not None
    if jittered:
        s = check_real(jitter, "jitter", low=0.0, low_open=True, func=func)
        rng = check_rng(seed, "seed", func)
        for i, a in enumerate(arrays):
            host = to_numpy(a)
            scale = host.std(axis=0)
            noise = rng.standard_normal(host.shape) * (s * scale)
            out[i] = to_namespace(host + noise, xp) if xp is not np else host + noise
    for a, name, do in zip(out, names, check, strict=True):
        if not do:
            continue
        host = to_numpy(a)
        count = _duplicate_rows(host)
        if count:
            constant = count == host.shape[0] - 1
            raise ValueError(_duplicate_message(name, func, count, host.shape[0], constant, jittered))
    return out


def _check_metric(metric: Any, func: str) -> float:
    check_choice(metric, "metric", METRICS, func=func)
    return np.inf if metric == "chebyshev" else 2.0


def _check_spread(a, name: str, func: str, xp: ModuleType) -> None:
    """Refuse data whose differential entropy is -inf: a column with zero spread (all points equal
    included). kNN entropy estimates stay finite there, because the other columns still spread."""
    flat = xp.max(a, axis=0) == xp.min(a, axis=0)
    if not bool(xp.any(flat)):
        return
    cols = np.flatnonzero(to_numpy(flat))
    n, d = a.shape
    if cols.shape[0] == d:
        what = f"a constant sample (all {n} rows are equal)"
    else:
        what = (f"{cols.shape[0]} column(s) with zero spread (column index {int(cols[0])}"
                f"{' and others' if cols.shape[0] > 1 else ''} takes one value)")
    raise ValueError(f"The '{name}' parameter of {func} must vary in every column. Got {what} instead: the "
                     "distribution is degenerate (concentrated on a lower-dimensional set), its differential "
                     "entropy is -inf, and a kNN estimate of it would be a meaningless finite number. Drop the "
                     "constant column(s); jitter does not help, since a column with zero spread gets no noise.")


def _log_unit_ball_volume(d: int, metric: str) -> float:
    """log of the volume of the radius-1 ball in R^d for the metric."""
    if metric == "chebyshev":
        return d * math.log(2.0)
    return 0.5 * d * math.log(math.pi) - float(gammaln(0.5 * d + 1.0))


# ---------------------------------------------------------------------------
# Neighbour searches: CPU (tree, sorted 1-D) and tiled brute force (NumPy or CuPy)
# ---------------------------------------------------------------------------

def _tree(points: np.ndarray) -> cKDTree:
    # Sliding-midpoint splits build about twice as fast as median splits and query as fast.
    return cKDTree(points, balanced_tree=False, compact_nodes=False)


def _kdtree(points: np.ndarray, p: float):
    """scikit-learn's KDTree on the points (imported on first use: scikit-learn takes about a second
    to import, and one-dimensional and low-dimensional estimates never need it)."""
    from sklearn.neighbors import KDTree

    return KDTree(points, metric="chebyshev" if p == np.inf else "euclidean")


def _tree_block(n: int) -> int:
    # Queries to a scikit-learn tree in blocks on all cores, several blocks per core: the points
    # often come sorted by a coordinate, and blocks in the dense centre take longer than the tails.
    return max(1024, -(-n // (4 * (os.cpu_count() or 1))))


def _kth_neighbour_cpu(points: np.ndarray, k: int, p: float, return_index: bool = False,
                       backend: str = "auto"):
    """Distance from each point to its k-th nearest other point (no duplicates assumed).

    ``backend`` is "ckdtree" (scipy, all cores), "kdtree" (scikit-learn, blocks on all cores) or
    "auto": the rule at the top of the module (the cKDTree).
    """
    if backend == "auto":
        backend = "ckdtree"
    if backend == "kdtree":
        tree = _kdtree(points, p)
        n = points.shape[0]
        dist = np.empty((n, k + 1))
        idx = np.empty((n, k + 1), dtype=np.intp)

        def work(start: int, stop: int) -> None:  # sklearn's query releases the GIL
            dist[start:stop], idx[start:stop] = tree.query(points[start:stop], k=k + 1)

        _over_tiles(np, n, _tree_block(n), work)
    else:
        dist, idx = _tree(points).query(points, k=k + 1, p=p, workers=-1)
    # Without duplicates each point is its own unique nearest neighbour (distance 0, column 0).
    if return_index:
        return dist[:, k], idx[:, 1:]
    return dist[:, k]


def _kth_neighbour_cross_cpu(queries: np.ndarray, points: np.ndarray, k: int, p: float) -> np.ndarray:
    """Distance from each query to its k-th nearest point of another sample."""
    dist, _ = _tree(points).query(queries, k=k, p=p, workers=-1)
    return dist if k == 1 else dist[:, k - 1]


def _search_sorted(s: np.ndarray, keys: np.ndarray, side: str) -> np.ndarray:
    """np.searchsorted(s, keys, side), with the keys searched in sorted order (about twice as fast)."""
    order = np.argsort(keys)
    out = np.empty(keys.shape[0], dtype=np.intp)
    out[order] = np.searchsorted(s, keys[order], side=side)
    return out


def _count_1d(values: np.ndarray, radius: np.ndarray, strict: bool) -> np.ndarray:
    """#{j != i : |v_j - v_i| < r_i} (strict) or <= r_i, for one coordinate, exactly.

    Candidates come from binary search in the sorted values (queried in sorted
    order, which keeps memory access local); the ends are then moved one step
    at a time until they agree with the distance |v_j - v_i| computed in
    floating point, the same number the tree and the brute-force paths
    compare, so rounding of v_i ± r_i cannot change a count. Since
    fl(v_j − v_i) is monotone in v_j, the points inside form one run of the
    sorted values, and each end only has to move in one direction.
    """
    order = np.argsort(values)
    s = values[order]
    r = radius[order]
    n = s.shape[0]
    all_rows = np.arange(n)

    def inside(j: np.ndarray, rows: np.ndarray) -> np.ndarray:
        d = np.abs(s[j] - s[rows])
        return d < r[rows] if strict else d <= r[rows]

    def settle(pos: np.ndarray, valid, offset: int, outside: bool, delta: int) -> None:
        # Move pos[i] by delta while valid(pos[i], i) and the value at pos[i] + offset is inside
        # the ball of i (outside=False) or outside it (outside=True). Rows that stop stay put.
        rows = all_rows[valid(pos, all_rows)]
        while rows.size:
            rows = rows[inside(pos[rows] + offset, rows) != outside]
            pos[rows] += delta
            rows = rows[valid(pos[rows], rows)]

    hi = _search_sorted(s, s + r, "right")  # first index past the ball
    lo = _search_sorted(s, s - r, "left")   # first index inside the ball
    settle(hi, lambda h, i: h < n, 0, False, 1)       # extend upwards while the next value is inside
    settle(hi, lambda h, i: h > i + 1, -1, True, -1)  # shrink while the last value taken is outside
    settle(lo, lambda lo_, i: lo_ > 0, -1, False, -1)  # extend downwards
    settle(lo, lambda lo_, i: lo_ < i, 0, True, 1)     # shrink from below
    counts = np.empty(n, dtype=np.int64)
    counts[order] = hi - lo - 1
    return counts


def _count_cpu(points: np.ndarray, radius: np.ndarray, strict: bool, p: float = np.inf,
               backend: str = "auto") -> np.ndarray:
    """#{j != i : ||p_j - p_i|| < r_i} (strict) or <= r_i, in the given norm.

    ``backend`` "auto" follows the rule stated at the top of the module; "sorted"
    (one max-norm coordinate only), "kdtree", "ckdtree" and "brute" force one.
    """
    d = points.shape[1]
    if backend == "auto":
        if p == np.inf:
            backend = "sorted" if d == 1 else "kdtree"
        else:
            backend = "brute" if d > _TREE_MAX_COUNT_DIM else "ckdtree"
    if backend == "sorted":
        if d != 1 or p != np.inf:
            raise ValueError("the sorted-array count needs one coordinate (and the max-norm)")
        return _count_1d(points[:, 0], radius, strict)
    if backend == "brute":
        return _count_brute(np, points, radius, strict, p)
    # The trees count d <= r; the largest float below r turns that into d < r exactly.
    r = np.nextafter(radius, 0.0) if strict else radius
    if backend == "kdtree":
        tree = _kdtree(points, p)
        n = points.shape[0]
        counts = np.empty(n, dtype=np.int64)

        def work(start: int, stop: int) -> None:  # sklearn's query_radius releases the GIL
            counts[start:stop] = tree.query_radius(points[start:stop], r[start:stop], count_only=True)

        if d < _KDTREE_BLOCKED_MIN_DIM:
            work(0, n)
        else:
            _over_tiles(np, n, _tree_block(n), work)
    else:
        counts = _tree(points).query_ball_point(points, r, p=p, return_length=True, workers=-1)
    return np.asarray(counts, dtype=np.int64) - 1


def _tile_rows(xp: ModuleType, n: int) -> int:
    # GPU: large tiles (about 256 MiB of distances); CPU: small tiles that stay in cache.
    budget = _TILE_ELEMENTS if xp is not np else 1 << 18
    return max(1, min(n, budget // max(n, 1)))


def _pairwise_tile(xp: ModuleType, a, ref_t, p: float):
    """Distances between the rows of a (t, d) and the columns of ref_t (d, n): shape (t, n)."""
    out = a[:, 0, None] - ref_t[0][None, :]
    if p == np.inf:
        xp.abs(out, out=out)
    else:
        xp.multiply(out, out, out=out)
    if a.shape[1] > 1:
        buf = xp.empty_like(out)
        for j in range(1, a.shape[1]):
            xp.subtract(a[:, j, None], ref_t[j][None, :], out=buf)
            if p == np.inf:
                xp.abs(buf, out=buf)
                xp.maximum(out, buf, out=out)
            else:
                xp.multiply(buf, buf, out=buf)
                xp.add(out, buf, out=out)
    if p != np.inf:
        xp.sqrt(out, out=out)
    return out


def _over_tiles(xp: ModuleType, n: int, t: int, work) -> None:
    """Run ``work(start, stop)`` over row tiles: on the CPU on all cores (NumPy releases the GIL)."""
    starts = range(0, n, t)
    if xp is np and len(starts) > 1 and (os.cpu_count() or 1) > 1:
        with ThreadPoolExecutor(max_workers=os.cpu_count()) as pool:
            list(pool.map(lambda s: work(s, min(n, s + t)), starts))
    else:
        for start in starts:
            work(start, min(n, start + t))


def _kth_neighbour_brute(xp: ModuleType, points, k: int, p: float, others=None, marginals=()):
    """Tiled brute force: k-th neighbour distance, and for each marginal (column index
    array) the largest marginal distance among the k neighbours (KSG variant 2).

    With ``others`` the neighbours are searched in that sample instead (no self).
    Works with NumPy (CPU) or CuPy (GPU) arrays.
    """
    n = points.shape[0]
    ref = points if others is None else others
    ref_t = xp.ascontiguousarray(ref.T)
    marg_t = [xp.ascontiguousarray(ref[:, cols].T) for cols in marginals]
    t = _tile_rows(xp, ref.shape[0])
    kth = xp.empty(n, dtype=points.dtype)
    marg = [xp.empty(n, dtype=points.dtype) for _ in marginals]

    def work(start: int, stop: int) -> None:
        dist = _pairwise_tile(xp, points[start:stop], ref_t, p)
        if others is None:
            rows = xp.arange(stop - start)
            dist[rows, rows + start] = xp.inf  # exclude the point itself
        if not marginals:
            kth[start:stop] = xp.partition(dist, k - 1, axis=1)[:, k - 1]
            return
        order = xp.argpartition(dist, k - 1, axis=1)[:, :k]
        kth[start:stop] = xp.take_along_axis(dist, order, axis=1).max(axis=1)
        for m, cols in enumerate(marginals):
            sub = _pairwise_tile(xp, points[start:stop][:, cols], marg_t[m], p)
            marg[m][start:stop] = xp.take_along_axis(sub, order, axis=1).max(axis=1)

    _over_tiles(xp, n, t, work)
    return kth, marg


def _count_brute(xp: ModuleType, points, radius, strict: bool, p: float = np.inf):
    """Tiled brute-force version of :func:`_count_cpu` (NumPy or CuPy)."""
    n = points.shape[0]
    ref_t = xp.ascontiguousarray(points.T)
    t = _tile_rows(xp, n)
    counts = xp.empty(n, dtype=xp.int64)

    def work(start: int, stop: int) -> None:
        dist = _pairwise_tile(xp, points[start:stop], ref_t, p)
        r = radius[start:stop, None]
        inside = dist < r if strict else dist <= r
        counts[start:stop] = inside.sum(axis=1) - 1  # the point itself is at distance 0

    _over_tiles(xp, n, t, work)
    return counts


def _neighbour_statistics(xp: ModuleType, joint, spaces: list, k: int, variant: int, p: float = np.inf):
    """Counts n_s(i) in each marginal space for the KSG family, as NumPy int arrays.

    ``spaces`` lists column index arrays of ``joint``. Variant 1 counts points
    strictly inside the joint k-th neighbour distance; variant 2 counts points
    within (<=) the largest marginal distance among the k joint neighbours.
    """
    if xp is np:
        # Query in the order of the first coordinate: neighbouring queries then walk the
        # same tree nodes (faster); the counts are put back in the caller's order.
        # (Any order gives the same counts, so the faster unstable sort is used.)
        order = np.argsort(joint[:, 0])
        joint = joint[order]
        if variant == 1:
            eps = _kth_neighbour_cpu(joint, k, p)
            counts = [_count_cpu(joint[:, cols], eps, strict=True, p=p) for cols in spaces]
        else:
            _, idx = _kth_neighbour_cpu(joint, k, p, return_index=True)
            counts = []
            for cols in spaces:
                sub = joint[:, cols]
                diff = np.abs(sub[idx] - sub[:, None, :]).max(axis=2)  # (n, k) marginal distances
                counts.append(_count_cpu(sub, diff.max(axis=1), strict=False, p=p))
        out = []
        for c in counts:
            back = np.empty_like(c)
            back[order] = c
            out.append(back)
        return out
    spaces = [xp.asarray(cols) for cols in spaces]  # index arrays on the device of the data
    if variant == 1:
        eps, _ = _kth_neighbour_brute(xp, joint, k, p)
        return [to_numpy(_count_brute(xp, joint[:, cols], eps, True, p)) for cols in spaces]
    _, marg = _kth_neighbour_brute(xp, joint, k, p, marginals=spaces)
    return [to_numpy(_count_brute(xp, joint[:, cols], r, False, p)) for cols, r in zip(spaces, marg, strict=True)]


# ---------------------------------------------------------------------------
# Public estimators
# ---------------------------------------------------------------------------

def knn_entropy(x: Any, k: int = 3, *, base: float | str = "e", metric: str = "chebyshev",
                jitter: float | None = None, seed: Any = 0, device: str | None = None) -> float:
    """Kozachenko–Leonenko kNN estimate of the differential entropy h(X), nats by default.

    .. math:: \\hat h = \\psi(n) - \\psi(k) + \\log V_d + \\frac{d}{n}\\sum_i \\log \\varepsilon_i

    where ε_i is the distance from x_i to its k-th nearest other sample and
    V_d the volume of the unit ball of the metric (2^d for the max-norm).

    Parameters
    ----------
    x : array_like, shape (n,) or (n, d)
        Samples of a continuous variable (NumPy or CuPy). Integer input is
        read as float in a copy; the input is never modified.
    k : int, default 3
        Neighbour order, 1 <= k <= n - 1. Small k: less bias, more variance.
    base : float or "e", default "e"
        Logarithm base; nats by default, ``base=2`` for bits.
    metric : {"chebyshev", "euclidean"}, default "chebyshev"
        Norm of the neighbourhoods. The max-norm matches the KSG estimators;
        both are consistent.
    jitter : float, optional
        If given, seeded Gaussian noise of ``jitter`` column standard
        deviations is added before the check for duplicates (module notes).
        Default: duplicated rows raise a ``ValueError``.
    seed : int or numpy.random.Generator, default 0
        Seed of the jitter noise (unused without ``jitter``).
    device : {"cpu", "gpu", "auto"}, optional
        Default: follow the input array type.

    Returns
    -------
    float
        The estimate; differential entropy can be negative.

    Notes
    -----
    Consistent for n → ∞ with k fixed (asymptotically unbiased). The bias is
    small in low dimension and grows with d, and for densities with heavy
    tails or bounded support. Duplicated rows make some ε_i = 0 and the
    estimate -inf, hence the check.

    Paper-faithful settings: ``metric="euclidean"`` is the original
    Kozachenko–Leonenko estimator; ``metric="chebyshev"`` is the form used by
    Kraskov et al. (2004), eq. (20).

    References
    ----------
    Kozachenko & Leonenko (1987); Kraskov, Stögbauer & Grassberger, Phys.
    Rev. E 69, 066138 (2004), arXiv:cond-mat/0305641.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.random.default_rng(0).standard_normal(20000)
    >>> round(knn_entropy(x), 2), round(float(0.5 * np.log(2 * np.pi * np.e)), 2)
    (1.42, 1.42)
    """
    local, lb, _ = _knn_entropy_terms("knn_entropy", x, k, base, metric, jitter, seed, device)
    return float(np.mean(local)) / lb


def _knn_entropy_terms(func: str, x: Any, k: Any, base: Any, metric: Any, jitter: Any, seed: Any, device: Any):
    """Validated Kozachenko–Leonenko local terms ψ(n) − ψ(k) + log V_d + d log ε_i (nats), the base's log, xp."""
    xp = resolve_namespace(device, x)
    xs = _samples(x, "x", func, xp)
    n, d = xs.shape
    k = check_int(k, "k", low=1, high=n - 1, func=func)
    p = _check_metric(metric, func)
    lb = log_base(base, func)
    check_rng(seed, "seed", func)
    _check_spread(xs, "x", func, xp)
    (xs,) = _untie([xs], ("x",), jitter, seed, func, xp)
    if xp is np:
        eps = _kth_neighbour_cpu(xs, k, p)
    else:
        eps = to_numpy(_kth_neighbour_brute(xp, xs, k, p)[0])
    return digamma(n) - digamma(k) + _log_unit_ball_volume(d, metric) + d * np.log(eps), lb, xp


def ksg_mutual_information(x: Any, y: Any, k: int = 3, variant: int = 1, *, base: float | str = "e",
                           jitter: float | None = None, seed: Any = 0, device: str | None = None) -> float:
    """Kraskov–Stögbauer–Grassberger kNN estimate of I(X; Y), nats by default.

    Variant 1 (KSG eq. 8), with ε_i the max-norm distance from (x_i, y_i) to
    its k-th neighbour in the joint space and n_x(i) = #{j ≠ i: ‖x_j − x_i‖ < ε_i}
    (strict), likewise n_y(i):

    .. math:: \\hat I_1 = \\psi(k) + \\psi(n) - \\langle \\psi(n_x + 1) + \\psi(n_y + 1) \\rangle

    Variant 2 (KSG eq. 9), with ε_x(i), ε_y(i) the largest marginal distances
    among the same k neighbours and counts n_x(i) = #{j ≠ i: ‖x_j − x_i‖ ≤ ε_x(i)}:

    .. math:: \\hat I_2 = \\psi(k) - 1/k + \\psi(n) - \\langle \\psi(n_x) + \\psi(n_y) \\rangle

    Parameters
    ----------
    x, y : array_like, shape (n,) or (n, d_x) and (n, d_y)
        Paired samples of two continuous variables (NumPy or CuPy). Integer
        input is read as float in a copy; inputs are never modified.
    k : int, default 3
        Neighbour order, 1 <= k <= n - 1. Kraskov et al. recommend k = 2..4;
        larger k lowers the variance and raises the bias.
    variant : {1, 2}, default 1
        Which of the two Kraskov estimators.
    base : float or "e", default "e"
        Logarithm base; nats by default, ``base=2`` for bits.
    jitter : float, optional
        If given, seeded Gaussian noise of ``jitter`` column standard
        deviations is added to x and y (module notes). Default: duplicated
        rows in x or in y raise a ``ValueError`` that explains the options.
    seed : int or numpy.random.Generator, default 0
        Seed of the jitter noise (unused without ``jitter``).
    device : {"cpu", "gpu", "auto"}, optional
        Default: follow the input array type (CuPy input runs on the GPU).

    Returns
    -------
    float
        The estimate, returned as computed.

    Notes
    -----
    *Negative values are returned as computed.* The true I(X; Y) is never
    negative, but the estimator has variance (and under independence its mean
    is about 0), so estimates near 0 fall below it half of the time. Clipping
    at 0 would bias averages upwards and hide how noisy the estimate is.

    For y = x (the true I(X; X) of a continuous X is infinite) every joint
    neighbour is also a marginal neighbour, n_x = n_y = k − 1, and variant 1
    returns ψ(n) − ψ(k) ≈ log(n/k), its largest possible value: the estimate
    grows with n instead of diverging.

    The estimator is consistent and nearly unbiased for independent variables
    in any dimension, but it underestimates strong dependence, the more so in
    high dimension (the error grows roughly like exp(I / d)); the Gaussian
    copula estimator or :func:`mutual_information` do better there. The max-norm
    makes it depend on the relative scale of the coordinates: shifting them, or
    rescaling x and y by one common factor, leaves it unchanged, but rescaling
    one coordinate alone changes the neighbourhoods (standardise the columns
    first if their units are arbitrary; the copula estimator of
    :func:`mutual_information` does this for you).

    Paper-faithful settings: max-norm, ``variant=1`` or ``2``, k = 3 as in
    Kraskov et al. (2004).

    References
    ----------
    A. Kraskov, H. Stögbauer, P. Grassberger, "Estimating mutual information",
    Phys. Rev. E 69, 066138 (2004), arXiv:cond-mat/0305641.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> x = rng.standard_normal(5000)
    >>> y = 0.6 * x + 0.8 * rng.standard_normal(5000)      # correlation 0.6
    >>> round(float(-0.5 * np.log(1 - 0.6 ** 2)), 3)        # the truth
    0.223
    >>> abs(ksg_mutual_information(x, y) - 0.223) < 0.03
    True
    """
    local, lb, _ = _ksg_terms("ksg_mutual_information", x, y, k, variant, base, jitter, seed, device)
    return float(np.mean(local)) / lb


def _ksg_terms(func: str, x: Any, y: Any, k: Any, variant: Any, base: Any, jitter: Any, seed: Any, device: Any):
    """Validated KSG local terms (nats) of estimator 1 or 2, the base's log, xp."""
    xp = resolve_namespace(device, x, y)
    xs = _samples(x, "x", func, xp)
    ys = _samples(y, "y", func, xp)
    check_paired(xs, ys, func=func)
    n = xs.shape[0]
    k = check_int(k, "k", low=1, high=n - 1, func=func)
    variant = check_choice(variant, "variant", (1, 2), func=func)
    lb = log_base(base, func)
    check_rng(seed, "seed", func)
    xs, ys = _untie([xs, ys], ("x", "y"), jitter, seed, func, xp)
    return _ksg_local(xs, ys, k, variant, xp), lb, xp


def _ksg_local(xs, ys, k: int, variant: int, xp: ModuleType) -> np.ndarray:
    """KSG local terms in nats of validated, tie-free (n, d_x) and (n, d_y) arrays of namespace ``xp``."""
    n, dx, dy = xs.shape[0], xs.shape[1], ys.shape[1]
    joint = xp.concatenate([xs, ys], axis=1)
    nx, ny = _neighbour_statistics(xp, joint, [np.arange(dx), np.arange(dx, dx + dy)], k, variant)
    if variant == 1:
        return digamma(k) + digamma(n) - digamma(nx + 1) - digamma(ny + 1)
    return digamma(k) - 1.0 / k + digamma(n) - digamma(nx) - digamma(ny)


def _ksg(xs, ys, k: int, variant: int = 1, xp: ModuleType = np) -> float:
    """KSG estimate in nats of validated, tie-free arrays (the kernel of :func:`ksg_mutual_information`)."""
    return float(np.mean(_ksg_local(xs, ys, k, variant, xp)))


def knn_conditional_mutual_information(x: Any, y: Any, z: Any, k: int = 3, *, base: float | str = "e",
                                       jitter: float | None = None, seed: Any = 0,
                                       device: str | None = None) -> float:
    """Frenzel–Pompe kNN estimate of the conditional mutual information I(X; Y | Z), nats by default.

    With ε_i the max-norm distance from (x_i, y_i, z_i) to its k-th neighbour
    in the joint space and n_s(i) = #{j ≠ i: ‖s_j − s_i‖ < ε_i} in the
    subspaces s = (x, z), (y, z) and z:

    .. math:: \\hat I = \\psi(k) - \\langle \\psi(n_{xz} + 1) + \\psi(n_{yz} + 1) - \\psi(n_z + 1) \\rangle

    Parameters
    ----------
    x, y, z : array_like, shape (n,) or (n, d_*)
        Paired continuous samples (NumPy or CuPy).
    k : int, default 3
        Neighbour order, 1 <= k <= n - 1.
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.
    jitter, seed, device
        As in :func:`ksg_mutual_information` (duplicates in x, y or z raise
        by default).

    Returns
    -------
    float
        The estimate, returned as computed (it can be slightly negative when
        X and Y are conditionally independent; see
        :func:`ksg_mutual_information`).

    Notes
    -----
    The KSG variant-1 idea applied to the chain rule
    I(X;Y|Z) = H(X,Z) + H(Y,Z) − H(X,Y,Z) − H(Z), so that the biases of the
    four entropy terms largely cancel. Like KSG it underestimates strong
    dependence in high dimension.

    References
    ----------
    S. Frenzel, B. Pompe, "Partial mutual information for coupling analysis
    of multivariate time series", Phys. Rev. Lett. 99, 204101 (2007);
    Kraskov et al. (2004), arXiv:cond-mat/0305641.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(1)
    >>> z = rng.standard_normal(4000)
    >>> x = z + rng.standard_normal(4000)
    >>> y = z + rng.standard_normal(4000)         # X and Y are independent given Z
    >>> abs(knn_conditional_mutual_information(x, y, z)) < 0.03
    True
    """
    local, lb, _ = _knn_cmi_terms("knn_conditional_mutual_information", x, y, z, k, base, jitter, seed, device)
    return float(np.mean(local)) / lb


def _knn_cmi_terms(func: str, x: Any, y: Any, z: Any, k: Any, base: Any, jitter: Any, seed: Any, device: Any):
    """Validated Frenzel–Pompe local terms ψ(k) − ψ(n_xz+1) − ψ(n_yz+1) + ψ(n_z+1) (nats), the base's log, xp."""
    xp = resolve_namespace(device, x, y, z)
    xs = _samples(x, "x", func, xp)
    ys = _samples(y, "y", func, xp)
    zs = _samples(z, "z", func, xp)
    check_paired(xs, ys, func=func)
    check_paired(xs, zs, names=("x", "z"), func=func)
    n = xs.shape[0]
    k = check_int(k, "k", low=1, high=n - 1, func=func)
    lb = log_base(base, func)
    check_rng(seed, "seed", func)
    xs, ys, zs = _untie([xs, ys, zs], ("x", "y", "z"), jitter, seed, func, xp)
    dx, dy, dz = xs.shape[1], ys.shape[1], zs.shape[1]
    joint = xp.concatenate([xs, ys, zs], axis=1)
    zc = np.arange(dx + dy, dx + dy + dz)
    spaces = [np.concatenate([np.arange(dx), zc]), np.concatenate([np.arange(dx, dx + dy), zc]), zc]
    nxz, nyz, nz = _neighbour_statistics(xp, joint, spaces, k, 1)
    return digamma(k) - digamma(nxz + 1) - digamma(nyz + 1) + digamma(nz + 1), lb, xp


def knn_kl_divergence(x: Any, y: Any, k: int = 1, *, base: float | str = "e", metric: str = "chebyshev",
                      jitter: float | None = None, seed: Any = 0, device: str | None = None) -> float:
    """kNN estimate of the Kullback–Leibler divergence D(P ‖ Q) from x ~ P and y ~ Q, nats by default.

    .. math:: \\hat D = \\frac{d}{n}\\sum_{i=1}^n \\log\\frac{\\nu_k(i)}{\\rho_k(i)} + \\log\\frac{m}{n-1}

    where ρ_k(i) is the distance from x_i to its k-th nearest neighbour among
    the other x's and ν_k(i) its distance to the k-th nearest y.

    Parameters
    ----------
    x : array_like, shape (n,) or (n, d)
        Samples of P.
    y : array_like, shape (m,) or (m, d)
        Samples of Q, same number of columns as x.
    k : int, default 1
        Neighbour order, 1 <= k <= min(n - 1, m).
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.
    metric : {"chebyshev", "euclidean"}, default "chebyshev"
        Any norm gives a consistent estimator (the ball volumes cancel).
    jitter, seed, device
        As in :func:`ksg_mutual_information`. Duplicated rows within x, or a
        row of x equal to a row of y, raise by default; jitter is applied to
        x then y.

    Returns
    -------
    float
        The estimate, returned as computed (it can be negative when P ≈ Q).

    Notes
    -----
    Consistent (n, m → ∞, k fixed) for densities; the bias grows with the
    dimension and when the supports differ (where P has mass and Q has none
    the true divergence is infinite and the estimate grows with n).

    References
    ----------
    Q. Wang, S. R. Kulkarni, S. Verdú, IEEE Trans. Inf. Theory 55(5),
    2392-2405 (2009); F. Pérez-Cruz, Proc. IEEE ISIT (2008).

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> x = rng.standard_normal(20000)
    >>> y = 1.0 + rng.standard_normal(20000)      # D = 0.5 nat
    >>> abs(knn_kl_divergence(x, y, k=5) - 0.5) < 0.05
    True
    """
    func = "knn_kl_divergence"
    xp = resolve_namespace(device, x, y)
    xs = _samples(x, "x", func, xp)
    ys = _samples(y, "y", func, xp, min_samples=1)
    if xs.shape[1] != ys.shape[1]:
        raise ValueError(f"The 'x' and 'y' parameters of {func} must have the same number of columns. "
                         f"Got {xs.shape[1]} and {ys.shape[1]} instead.")
    n, d = xs.shape
    m = ys.shape[0]
    k = check_int(k, "k", low=1, high=min(n - 1, m), func=func)
    p = _check_metric(metric, func)
    lb = log_base(base, func)
    check_rng(seed, "seed", func)
    xs, ys = _untie([xs, ys], ("x", "y"), jitter, seed, func, xp, check=(True, False))
    both = np.concatenate([to_numpy(xs), to_numpy(ys)], axis=0)
    overlap = _duplicate_rows(both) - _duplicate_rows(to_numpy(ys))
    if overlap > 0:
        raise ValueError(
            f"The 'x' and 'y' parameters of {func} share {overlap} identical rows: a distance ν_k = 0 "
            "makes the estimate meaningless. Pass jitter=<relative noise> (e.g. 1e-10) and a 'seed' "
            "if the ties come from rounding.")
    if xp is np:
        rho = _kth_neighbour_cpu(xs, k, p)
        nu = _kth_neighbour_cross_cpu(xs, ys, k, p)
    else:
        rho = to_numpy(_kth_neighbour_brute(xp, xs, k, p)[0])
        nu = to_numpy(_kth_neighbour_brute(xp, xs, k, p, others=ys)[0])
    div = d * float(np.mean(np.log(nu) - np.log(rho))) + math.log(m / (n - 1))
    return div / lb


def knn_discrete_continuous_mutual_information(labels: Any, y: Any, k: int = 3, *, base: float | str = "e",
                                               jitter: float | None = None, seed: Any = 0) -> float:
    """Ross' kNN estimate of I(X; Y) for a discrete X and a continuous Y, nats by default.

    For each sample i, d_i is the max-norm distance in y-space to the k-th
    nearest sample with the same label, and m_i the number of samples of any
    label within distance d_i (the point itself excluded); N_{x_i} is the size
    of i's class:

    .. math:: \\hat I = \\psi(n) - \\langle\\psi(N_{x_i})\\rangle + \\psi(k) - \\langle\\psi(m_i)\\rangle

    Parameters
    ----------
    labels : array_like, shape (n,) or (n, m)
        Discrete observations (a 2-D array is one joint symbol per row). Every
        label must occur at least twice.
    y : array_like, shape (n,) or (n, d)
        Paired continuous samples.
    k : int, default 3
        Neighbour order; a class with fewer than k + 1 samples uses
        k_i = size - 1 for its points, as Ross does.
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.
    jitter, seed
        As in :func:`ksg_mutual_information`, for y only.

    Returns
    -------
    float
        The estimate, returned as computed (it can be negative near 0).

    Notes
    -----
    CPU only. Consistent for n → ∞; like KSG it is nearly unbiased under
    independence and underestimates strong dependence in high dimension.

    References
    ----------
    B. C. Ross, "Mutual information between discrete and continuous data
    sets", PLoS ONE 9(2), e87357 (2014), doi:10.1371/journal.pone.0087357.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> c = rng.integers(0, 2, 5000)
    >>> y = rng.standard_normal(5000) + 10 * c       # classes well separated: I = log 2
    >>> abs(knn_discrete_continuous_mutual_information(c, y) - float(np.log(2))) < 0.02
    True
    """
    func = "knn_discrete_continuous_mutual_information"
    codes = check_labels(labels, "labels", func=func)
    ys = _samples(to_namespace(y, np), "y", func, np)
    if codes.shape[0] != ys.shape[0]:
        raise ValueError(f"The 'labels' and 'y' parameters of {func} must have the same number of samples. "
                         f"Got {codes.shape[0]} and {ys.shape[0]} instead.")
    n = ys.shape[0]
    _check_classes(codes, "labels", func)
    k = check_int(k, "k", low=1, high=n - 1, func=func)
    lb = log_base(base, func)
    check_rng(seed, "seed", func)
    (ys,) = _untie([ys], ("y",), jitter, seed, func, np)
    return _ross_mutual_information(codes, ys, k) / lb


def _check_classes(codes: np.ndarray, name: str, func: str) -> None:
    """Refuse labels seen once: Ross' estimator needs a same-label neighbour for every point."""
    sizes = np.bincount(codes)
    if sizes.min() < 2:
        raise ValueError(f"The '{name}' parameter of {func} must have every label at least twice. "
                         f"Got {int((sizes < 2).sum())} labels seen once instead.")


def _ross_mutual_information(codes: np.ndarray, ys: np.ndarray, k: int) -> float:
    """Ross' estimate in nats from compact label codes (each seen twice or more) and tie-free host ``ys``."""
    n = ys.shape[0]
    sizes = np.bincount(codes)
    radius = np.empty(n)
    k_used = np.empty(n, dtype=np.int64)
    for c in range(sizes.shape[0]):
        members = np.flatnonzero(codes == c)
        kc = min(k, members.shape[0] - 1)
        radius[members] = _kth_neighbour_cpu(ys[members], kc, np.inf)
        k_used[members] = kc
    m = _count_cpu(ys, radius, strict=False)
    return float(digamma(n) - np.mean(digamma(sizes[codes])) + np.mean(digamma(k_used)) - np.mean(digamma(m)))


# ---------------------------------------------------------------------------
# Local (pointwise) values
# ---------------------------------------------------------------------------

def _as_input_kind(values: np.ndarray, xp: ModuleType):
    """Local values as an array of the input's kind (NumPy on the CPU, CuPy on the GPU)."""
    return values if xp is np else xp.asarray(values)


def knn_entropy_local(x: Any, k: int = 3, *, base: float | str = "e", metric: str = "chebyshev",
                      jitter: float | None = None, seed: Any = 0, device: str | None = None):
    """Local Kozachenko–Leonenko entropy values h_i = ψ(n) − ψ(k) + log V_d + d log ε_i, nats by default.

    Parameters
    ----------
    x, k, base, metric, jitter, seed, device
        As in :func:`knn_entropy`; ``base`` "e" gives nats, 2 gives bits.

    Returns
    -------
    numpy.ndarray (or CuPy for CuPy input), shape (n,)
        One value per sample, an estimate of −log f(x_i); the mean is
        :func:`knn_entropy` (up to rounding).

    Notes
    -----
    Each value is noisy (it rests on one neighbour distance), and only their
    mean is consistent; large values flag points in sparse regions (outliers).

    References
    ----------
    Kozachenko & Leonenko (1987); J. T. Lizier, "JIDT", Front. Robot. AI 1:11
    (2014), arXiv:1408.3270 (local values of kNN estimators).

    Examples
    --------
    >>> import numpy as np
    >>> x = np.random.default_rng(0).standard_normal(2000)
    >>> bool(np.isclose(knn_entropy_local(x).mean(), knn_entropy(x), rtol=0, atol=1e-12))
    True
    """
    local, lb, xp = _knn_entropy_terms("knn_entropy_local", x, k, base, metric, jitter, seed, device)
    return _as_input_kind(local / lb, xp)


def ksg_mutual_information_local(x: Any, y: Any, k: int = 3, variant: int = 1, *, base: float | str = "e",
                                 jitter: float | None = None, seed: Any = 0, device: str | None = None):
    """Local KSG mutual information values i(x_i; y_i), nats by default.

    Variant 1: ψ(k) + ψ(n) − ψ(n_x(i) + 1) − ψ(n_y(i) + 1); variant 2:
    ψ(k) − 1/k + ψ(n) − ψ(n_x(i)) − ψ(n_y(i)), with the counts of
    :func:`ksg_mutual_information`.

    Parameters
    ----------
    x, y, k, variant, base, jitter, seed, device
        As in :func:`ksg_mutual_information`; ``base`` "e" gives nats, 2 gives
        bits.

    Returns
    -------
    numpy.ndarray (or CuPy for CuPy input), shape (n,)
        One value per sample, an estimate of log f(x_i, y_i) / (f(x_i) f(y_i));
        the mean is :func:`ksg_mutual_information` (up to rounding).

    Notes
    -----
    Local values are negative where the pair is less likely jointly than
    under independence; only their mean is a mutual information.

    References
    ----------
    Kraskov et al. (2004), arXiv:cond-mat/0305641; Lizier (2014), arXiv:1408.3270.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> x = rng.standard_normal(2000); y = x + rng.standard_normal(2000)
    >>> bool(np.isclose(ksg_mutual_information_local(x, y).mean(), ksg_mutual_information(x, y), atol=1e-12))
    True
    """
    local, lb, xp = _ksg_terms("ksg_mutual_information_local", x, y, k, variant, base, jitter, seed, device)
    return _as_input_kind(local / lb, xp)


def knn_conditional_mutual_information_local(x: Any, y: Any, z: Any, k: int = 3, *, base: float | str = "e",
                                             jitter: float | None = None, seed: Any = 0,
                                             device: str | None = None):
    """Local Frenzel–Pompe values ψ(k) − ψ(n_xz(i) + 1) − ψ(n_yz(i) + 1) + ψ(n_z(i) + 1), nats by default.

    Parameters
    ----------
    x, y, z, k, base, jitter, seed, device
        As in :func:`knn_conditional_mutual_information`; ``base`` "e" gives nats,
        2 gives bits.

    Returns
    -------
    numpy.ndarray (or CuPy for CuPy input), shape (n,)
        One value per sample, an estimate of log f(x_i, y_i | z_i) /
        (f(x_i | z_i) f(y_i | z_i)); the mean is
        :func:`knn_conditional_mutual_information` (up to rounding).

    Notes
    -----
    Each value rests on the neighbour counts of one point and is noisy; only
    their mean estimates I(X; Y | Z). Negative values mark points where X and
    Y are less likely together, given Z, than under conditional independence.

    References
    ----------
    Frenzel & Pompe, Phys. Rev. Lett. 99, 204101 (2007); Lizier (2014), arXiv:1408.3270.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(1)
    >>> x, y, z = rng.standard_normal((3, 1000))
    >>> loc = knn_conditional_mutual_information_local(x, x + y, z)
    >>> bool(np.isclose(loc.mean(), knn_conditional_mutual_information(x, x + y, z), atol=1e-12))
    True
    """
    local, lb, xp = _knn_cmi_terms("knn_conditional_mutual_information_local", x, y, z, k, base, jitter, seed,
                                   device)
    return _as_input_kind(local / lb, xp)


def knn_three_entropy_mutual_information(x: Any, y: Any, k: int = 5, *, base: float | str = "e",
                                         rescale: bool = True, metric: str = "chebyshev",
                                         jitter: float | None = None, seed: Any = 0) -> float:
    """Mutual information as ``ĥ(X) + ĥ(Y) - ĥ(X, Y)`` with three Kozachenko–Leonenko entropies, nats by default.

    With ``rescale=True`` each of ``X``, ``Y`` and ``(X, Y)`` is whitened by the
    Cholesky factor ``L`` of its sample covariance before its entropy is
    estimated, and ``log |det L|`` is added back (``h(A Z) = h(Z) + log |det A|``),
    which keeps the three neighbourhoods on a comparable scale.

    Parameters
    ----------
    x, y : array_like, shape (n,) or (n, d)
        Paired samples of two continuous variables (the inputs are never modified).
    k : int, default 5
        Neighbour order of every entropy, 1 <= k <= n - 1.
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.
    rescale : bool, default True
        Whiten each of ``X``, ``Y`` and ``(X, Y)`` before its entropy.
    metric : {"chebyshev", "euclidean"}, default "chebyshev"
        Norm of the neighbourhoods (as in :func:`knn_entropy`).
    jitter : float, optional
        Seeded scale-aware noise added to ``x`` and ``y`` before the check
        for duplicated rows (module notes); default: duplicates raise.
    seed : int or numpy.random.Generator, default 0
        Seed of the jitter noise (unused without ``jitter``).

    Returns
    -------
    float

    Notes
    -----
    Unlike :func:`ksg_mutual_information`, the three entropies use different
    neighbourhood radii, so their biases do not cancel: the estimate is
    consistent but more biased at a given n, and on data near a
    lower-dimensional manifold the joint entropy diverges. ``rescale=True``
    needs each covariance to be non-singular.

    Paper-faithful settings: ``k=5, rescale=True`` is the continuous estimator of
    Butakov et al. (2024); their weighted entropy estimator is not included.

    References
    ----------
    Kozachenko & Leonenko (1987); Butakov et al., "Information bottleneck
    analysis of deep neural networks via lossy compression", ICLR 2024,
    arXiv:2305.08013.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> x = rng.standard_normal(4000)
    >>> y = 0.75 * x + np.sqrt(1 - 0.75**2) * rng.standard_normal(4000)
    >>> exact = -0.5 * np.log(1 - 0.75**2)  # 0.413 nats
    >>> bool(abs(knn_three_entropy_mutual_information(x, y) - exact) < 0.05)
    True
    """
    func = "knn_three_entropy_mutual_information"
    xs = _samples(x, "x", func, np)
    ys = _samples(y, "y", func, np)
    check_paired(xs, ys, func=func)
    n = xs.shape[0]
    k = check_int(k, "k", low=1, high=n - 1, func=func)
    lb = log_base(base, func)
    p = _check_metric(metric, func)
    if not isinstance(rescale, (bool, np.bool_)):
        raise TypeError(f"The 'rescale' parameter of {func} must be a bool. Got {rescale!r} instead.")
    rng = check_rng(seed, "seed", func)
    _check_spread(xs, "x", func, np)  # a column with zero spread: h = -inf, and the difference is undefined
    _check_spread(ys, "y", func, np)
    xs, ys = _untie([xs, ys], ("x", "y"), jitter, rng, func, np)

    def entropy(z: np.ndarray, name: str) -> float:
        shift = 0.0
        if rescale:
            centred = z - z.mean(axis=0)
            cov = np.atleast_2d(np.cov(centred, rowvar=False))
            try:
                chol = np.linalg.cholesky(cov)
            except np.linalg.LinAlgError:
                chol = np.zeros_like(cov)
            if np.min(np.diag(chol)) <= 1e-6 * np.sqrt(np.max(np.diag(cov))):
                raise ValueError(f"The {name} of {func} must have a non-singular sample covariance "
                                 "for rescale=True (linearly dependent columns). Got a singular one instead; "
                                 "drop the redundant columns or pass rescale=False.")
            z = np.linalg.solve(chol, centred.T).T
            shift = float(np.sum(np.log(np.diag(chol))))
        d = z.shape[1]
        eps = _kth_neighbour_cpu(z, k, p)
        return float(np.mean(digamma(n) - digamma(k) + _log_unit_ball_volume(d, metric) + d * np.log(eps))) + shift

    marginals = entropy(xs, "'x' parameter") + entropy(ys, "'y' parameter")
    return (marginals - entropy(np.hstack([xs, ys]), "'x' and 'y' parameters (stacked)")) / lb
