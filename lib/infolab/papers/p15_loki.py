"""Label spaces with a metric for notebook 15 (Loki): random trees, their embeddings, observed-class selection.

Roberts et al., "Geometry-Aware Adaptation for Pretrained Models", arXiv:2307.12226 (2023), predict
the Fréchet mean of a classifier's probabilities over a metric label space
(:func:`infolab.measures.frechet_mean_prediction`). This module builds the synthetic label spaces of
its experiments and the two ways it grows the set of observed classes:

- :func:`random_labeled_tree`: a uniformly random labelled tree (Prüfer sequence), and
  :func:`tree_distances`, its path metric;
- :func:`classical_mds`: class embeddings whose Euclidean distances approximate the metric, and
  :func:`gaussian_posterior`, the exact posterior of Gaussian classes around them;
- :func:`frechet_median` and :func:`label_sampling`: the paper's label-sampling model, observed
  classes drawn with probability ∝ exp(−θ d(v, median));
- :func:`expected_uniform_hull_size`: the exact mean size of the locus (smallest subtree) of m
  uniformly drawn nodes, the θ = 0 end of that model;
- :func:`active_selection` and :func:`random_selection`: growing the observed set one class at a
  time, farthest-from-the-locus first or at random, with the locus size after each step;
- :func:`paired_bootstrap_interval`: an interval for the mean of paired differences.

Examples
--------
>>> edges = random_labeled_tree(5, seed=0)
>>> edges.shape
(4, 2)
>>> d = tree_distances(edges, 5)
>>> bool(np.all(d == d.T)), int(d.max()) <= 4
(True, True)
"""

from __future__ import annotations

import heapq
import math
from typing import Any

import numpy as np
from scipy.sparse import coo_matrix, csgraph

from ..measures.label_metric import geodesic_hull
from ..validation import check_int, check_real, check_rng

__all__ = [
    "random_labeled_tree",
    "tree_distances",
    "classical_mds",
    "gaussian_posterior",
    "frechet_median",
    "label_sampling",
    "expected_uniform_hull_size",
    "active_selection",
    "random_selection",
    "paired_bootstrap_interval",
]


def _edges(edges: Any, n: int, func: str) -> np.ndarray:
    e = np.asarray(edges)
    if e.ndim != 2 or e.shape != (n - 1, 2) or e.dtype.kind not in "iu":
        raise ValueError(f"The 'edges' parameter of {func} must be an int array of shape ({n - 1}, 2) "
                         f"(the n - 1 edges of a tree on n nodes). Got shape {e.shape} and dtype {e.dtype} instead.")
    if n > 1 and (e.min() < 0 or e.max() >= n):
        raise ValueError(f"The 'edges' parameter of {func} must hold node indices in [0, {n - 1}]. "
                         f"Got values from {e.min()} to {e.max()} instead.")
    return e.astype(np.int64)


def random_labeled_tree(n: int, *, seed: Any = None) -> np.ndarray:
    """Edges of a tree drawn uniformly from the n^(n-2) labelled trees on n nodes.

    A uniform Prüfer sequence of length n − 2 over {0, ..., n − 1} is decoded into its tree
    (each labelled tree has exactly one sequence, Cayley's formula), so the draw is uniform.

    Parameters
    ----------
    n : int
        Number of nodes, ≥ 2.
    seed : int or numpy.random.Generator, optional

    Returns
    -------
    numpy.ndarray of int, shape (n - 1, 2)
        The edges, one per row.

    Notes
    -----
    The paper draws its trees with ``networkx.random_tree``, which was removed in networkx 3.4;
    ``networkx.random_labeled_tree`` is the same uniform law.

    References
    ----------
    H. Prüfer, "Neuer Beweis eines Satzes über Permutationen", Arch. Math. Phys. 27, 742-744 (1918).

    Examples
    --------
    >>> random_labeled_tree(2, seed=0).tolist()
    [[0, 1]]
    """
    func = "random_labeled_tree"
    n = check_int(n, "n", low=2, func=func)
    rng = check_rng(seed, func=func)
    seq = rng.integers(0, n, size=n - 2)
    degree = np.ones(n, dtype=np.int64)
    np.add.at(degree, seq, 1)
    leaves = [int(v) for v in np.flatnonzero(degree == 1)]
    heapq.heapify(leaves)
    edges = []
    for v in seq:
        leaf = heapq.heappop(leaves)
        edges.append((leaf, int(v)))
        degree[v] -= 1
        if degree[v] == 1:
            heapq.heappush(leaves, int(v))
    edges.append((heapq.heappop(leaves), heapq.heappop(leaves)))
    return np.array(edges, dtype=np.int64)


def tree_distances(edges: Any, n: int) -> np.ndarray:
    """All-pairs path lengths (number of edges) of a tree or graph given by its edges.

    Parameters
    ----------
    edges : array_like of int, shape (n - 1, 2)
    n : int
        Number of nodes.

    Returns
    -------
    numpy.ndarray, shape (n, n)

    Examples
    --------
    >>> tree_distances([[0, 1], [1, 2]], 3).tolist()
    [[0.0, 1.0, 2.0], [1.0, 0.0, 1.0], [2.0, 1.0, 0.0]]
    """
    func = "tree_distances"
    n = check_int(n, "n", low=2, func=func)
    e = _edges(edges, n, func)
    adj = coo_matrix((np.ones(len(e)), (e[:, 0], e[:, 1])), shape=(n, n)).tocsr()
    d = csgraph.shortest_path(adj, directed=False, unweighted=True)
    if not np.all(np.isfinite(d)):
        raise ValueError(f"The 'edges' parameter of {func} must connect all {n} nodes. Got a disconnected graph.")
    return d


def classical_mds(distances: Any, dim: int) -> np.ndarray:
    """Classical (Torgerson) multidimensional scaling: points whose Euclidean distances approximate a metric.

    With B = −½ J D² J (J the centring matrix), the embedding is the top ``dim`` eigenvectors of B
    scaled by the square roots of their (positive) eigenvalues.

    Parameters
    ----------
    distances : array_like, shape (M, M)
        A symmetric matrix with a zero diagonal.
    dim : int
        Embedding dimension, in [1, M].

    Returns
    -------
    numpy.ndarray, shape (M, dim)
        Coordinates; columns for non-positive eigenvalues are zero.

    Notes
    -----
    Exact (distances reproduced) when the metric is Euclidean of dimension ≤ ``dim``; a tree metric
    is not Euclidean, so the embedding distorts it.

    References
    ----------
    W. S. Torgerson, "Multidimensional scaling: I. Theory and method", Psychometrika 17, 401-419 (1952).

    Examples
    --------
    >>> x = classical_mds([[0, 3, 5], [3, 0, 4], [5, 4, 0]], 2)          # a 3-4-5 triangle
    >>> round(float(np.linalg.norm(x[0] - x[2])), 9)
    5.0
    """
    func = "classical_mds"
    d = np.asarray(distances, dtype=np.float64)
    if d.ndim != 2 or d.shape[0] != d.shape[1] or d.shape[0] < 1 or not np.all(np.isfinite(d)):
        raise ValueError(f"The 'distances' parameter of {func} must be a finite square matrix. "
                         f"Got shape {d.shape} instead.")
    if np.max(np.abs(d - d.T)) > 1e-9 * max(float(np.abs(d).max()), 1e-300) or np.any(np.diag(d) != 0):
        raise ValueError(f"The 'distances' parameter of {func} must be symmetric with a zero diagonal.")
    m = d.shape[0]
    k = check_int(dim, "dim", low=1, high=m, func=func)
    j = np.eye(m) - 1.0 / m
    b = -0.5 * j @ (d * d) @ j
    w, v = np.linalg.eigh((b + b.T) / 2)
    order = np.argsort(w)[::-1][:k]
    return v[:, order] * np.sqrt(np.clip(w[order], 0.0, None))


def gaussian_posterior(x: Any, centres: Any, sd: float) -> np.ndarray:
    """P(y | x) for classes y with equal priors and x | y ~ N(centre_y, sd² I).

    Parameters
    ----------
    x : array_like, shape (n, p)
    centres : array_like, shape (M, p)
    sd : float
        Noise standard deviation, > 0.

    Returns
    -------
    numpy.ndarray, shape (n, M)
        Rows sum to 1 (a softmax of −‖x − centre_y‖² / (2 sd²)).

    Examples
    --------
    >>> gaussian_posterior([[0.0]], [[-1.0], [1.0]], 1.0).tolist()
    [[0.5, 0.5]]
    """
    func = "gaussian_posterior"
    xa = np.atleast_2d(np.asarray(x, dtype=np.float64))
    c = np.atleast_2d(np.asarray(centres, dtype=np.float64))
    if xa.shape[1] != c.shape[1]:
        raise ValueError(f"The 'x' and 'centres' parameters of {func} must have the same number of columns. "
                         f"Got {xa.shape[1]} and {c.shape[1]} instead.")
    s = check_real(sd, "sd", low=0.0, low_open=True, func=func)
    sq = (xa * xa).sum(1)[:, None] - 2 * xa @ c.T + (c * c).sum(1)[None, :]
    logits = -sq / (2 * s * s)
    logits -= logits.max(axis=1, keepdims=True)
    p = np.exp(logits)
    return p / p.sum(axis=1, keepdims=True)


def frechet_median(distances: Any) -> int:
    """The node minimising the sum of distances to all nodes (the 1-median; smallest index on ties).

    Examples
    --------
    >>> frechet_median([[0, 1, 2], [1, 0, 1], [2, 1, 0]])
    1
    """
    d = np.asarray(distances, dtype=np.float64)
    if d.ndim != 2 or d.shape[0] != d.shape[1] or d.shape[0] == 0:
        raise ValueError(f"The 'distances' parameter of frechet_median must be a square matrix. Got shape {d.shape}.")
    return int(np.argmin(d.sum(axis=1)))


def label_sampling(distances: Any, m: int, theta: float, *, seed: Any = None) -> np.ndarray:
    """Draw m observed classes without replacement, with probability ∝ exp(−θ · d(v, median)).

    The paper's label-sampling model: θ = 0 draws uniformly; large θ concentrates the observed
    classes around the label space's Fréchet median (:func:`frechet_median`).

    Parameters
    ----------
    distances : array_like, shape (M, M)
    m : int
        Number of observed classes, in [1, M].
    theta : float
        Concentration, ≥ 0.
    seed : int or numpy.random.Generator, optional

    Returns
    -------
    numpy.ndarray of int, shape (m,)

    Examples
    --------
    >>> d = np.abs(np.subtract.outer(np.arange(5), np.arange(5)))
    >>> sorted(label_sampling(d, 5, 1.0, seed=0).tolist())
    [0, 1, 2, 3, 4]
    """
    func = "label_sampling"
    d = np.asarray(distances, dtype=np.float64)
    if d.ndim != 2 or d.shape[0] != d.shape[1] or d.shape[0] == 0:
        raise ValueError(f"The 'distances' parameter of {func} must be a square matrix. Got shape {d.shape}.")
    k = check_int(m, "m", low=1, high=d.shape[0], func=func)
    t = check_real(theta, "theta", low=0.0, func=func)
    rng = check_rng(seed, func=func)
    w = np.exp(-t * d[frechet_median(d)])
    return rng.choice(d.shape[0], size=k, replace=False, p=w / w.sum()).astype(np.int64)


def expected_uniform_hull_size(edges: Any, n: int, m: int) -> float:
    """Exact mean size of the smallest subtree spanning m nodes drawn uniformly without replacement.

    Node v is outside the subtree exactly when v is not drawn and all m draws fall in one
    component of the tree with v removed: P(v outside) = Σ_c C(s_c, m) / C(n, m) over those
    components' sizes s_c. The mean size is n − Σ_v P(v outside).

    Parameters
    ----------
    edges : array_like of int, shape (n - 1, 2)
    n : int
    m : int
        In [1, n].

    Returns
    -------
    float

    Examples
    --------
    On a path 0 − 1 − 2 with 2 nodes drawn the subtree has 2, 2 or 3 nodes ({0, 1}, {1, 2},
    {0, 2}), a mean of 7/3.

    >>> round(expected_uniform_hull_size([[0, 1], [1, 2]], 3, 2), 12)
    2.333333333333
    """
    func = "expected_uniform_hull_size"
    n = check_int(n, "n", low=2, func=func)
    m = check_int(m, "m", low=1, high=n, func=func)
    e = _edges(edges, n, func)
    nbrs: list[list[int]] = [[] for _ in range(n)]
    for a, b in e:
        nbrs[a].append(int(b))
        nbrs[b].append(int(a))
    parent = [-1] * n
    order, seen = [0], [False] * n
    seen[0] = True
    for v in order:
        for w in nbrs[v]:
            if not seen[w]:
                seen[w] = True
                parent[w] = v
                order.append(w)
    if len(order) != n:
        raise ValueError(f"The 'edges' parameter of {func} must form a tree (connected). Got a disconnected graph.")
    size = [1] * n
    for v in reversed(order[1:]):
        size[parent[v]] += size[v]
    total = math.comb(n, m)
    outside = 0.0
    for v in range(n):
        comps = [size[w] for w in nbrs[v] if parent[w] == v]
        if parent[v] >= 0:
            comps.append(n - size[v])
        outside += sum(math.comb(s, m) for s in comps) / total
    return float(n - outside)


def _check_initial(initial: Any, n: int, func: str) -> list[int]:
    obs = np.asarray(initial)
    if obs.ndim != 1 or obs.size == 0 or obs.dtype.kind not in "iu" or np.any(obs < 0) or np.any(obs >= n) \
            or np.unique(obs).size != obs.size:
        raise ValueError(f"The 'initial' parameter of {func} must hold distinct int indices in [0, {n - 1}]. "
                         f"Got {initial!r} instead.")
    return [int(v) for v in obs]


def active_selection(distances: Any, initial: Any) -> tuple[np.ndarray, np.ndarray]:
    """Grow the observed set by the node farthest from the current locus until the locus covers the tree.

    At each step the unselected node with the largest distance to the locus (the geodesic hull of
    the selected nodes, :func:`infolab.measures.geodesic_hull`) is added, smallest index on ties.

    Parameters
    ----------
    distances : array_like, shape (M, M)
        A tree's path metric.
    initial : array_like of int
        The first observed nodes.

    Returns
    -------
    selected : numpy.ndarray of int
        The nodes in the order they were observed (the initial ones first).
    locus_sizes : numpy.ndarray of int
        The locus size after the initial set and after each added node.

    Examples
    --------
    >>> d = np.abs(np.subtract.outer(np.arange(5), np.arange(5))).astype(float)   # a path
    >>> sel, sizes = active_selection(d, [2])
    >>> sel.tolist(), sizes.tolist()
    ([2, 0, 4], [1, 3, 5])
    """
    func = "active_selection"
    d = np.asarray(distances, dtype=np.float64)
    sel = _check_initial(initial, d.shape[0], func)
    locus = geodesic_hull(d, sel)
    sizes = [int(locus.sum())]
    while not locus.all():
        gap = d[:, locus].min(axis=1)
        gap[sel] = -1.0
        sel.append(int(np.argmax(gap)))
        locus = geodesic_hull(d, sel)
        sizes.append(int(locus.sum()))
    return np.array(sel, dtype=np.int64), np.array(sizes, dtype=np.int64)


def random_selection(distances: Any, initial: Any, *, seed: Any = None) -> tuple[np.ndarray, np.ndarray]:
    """Grow the observed set by a uniformly random unselected node until the locus covers the tree.

    Same returns as :func:`active_selection`.

    Examples
    --------
    >>> d = np.abs(np.subtract.outer(np.arange(3), np.arange(3))).astype(float)
    >>> random_selection(d, [0, 2], seed=0)[1].tolist()
    [3]
    """
    func = "random_selection"
    d = np.asarray(distances, dtype=np.float64)
    sel = _check_initial(initial, d.shape[0], func)
    rng = check_rng(seed, func=func)
    locus = geodesic_hull(d, sel)
    sizes = [int(locus.sum())]
    while not locus.all():
        rest = np.setdiff1d(np.arange(d.shape[0]), sel)
        sel.append(int(rng.choice(rest)))
        locus = geodesic_hull(d, sel)
        sizes.append(int(locus.sum()))
    return np.array(sel, dtype=np.int64), np.array(sizes, dtype=np.int64)


def paired_bootstrap_interval(a: Any, b: Any, *, n_boot: int = 2000, level: float = 0.95,
                              seed: Any = None) -> tuple[float, float]:
    """Percentile bootstrap interval for mean(a − b) over paired samples.

    Examples
    --------
    >>> paired_bootstrap_interval([1.0, 2.0, 3.0], [1.0, 2.0, 3.0], seed=0)
    (0.0, 0.0)
    """
    func = "paired_bootstrap_interval"
    x, y = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if x.ndim != 1 or x.shape != y.shape or x.size < 2:
        raise ValueError(f"The 'a' and 'b' parameters of {func} must be 1-D arrays of the same length (≥ 2). "
                         f"Got shapes {x.shape} and {y.shape} instead.")
    k = check_int(n_boot, "n_boot", low=10, func=func)
    lv = check_real(level, "level", low=0.0, high=1.0, low_open=True, high_open=True, func=func)
    rng = check_rng(seed, func=func)
    diff = x - y
    idx = rng.integers(0, diff.size, size=(k, diff.size))
    means = diff[idx].mean(axis=1)
    lo, hi = np.quantile(means, [(1 - lv) / 2, (1 + lv) / 2])
    return float(lo), float(hi)
