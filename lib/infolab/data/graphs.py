"""Synthetic graphs with known construction: citation DAGs and planted-partition graphs.

References
----------
.. [1] D. J. de S. Price, "A general theory of bibliometric and other
   cumulative advantage processes", J. Am. Soc. Inf. Sci. 27(5), 292-306 (1976).
.. [2] A. Condon, R. M. Karp, "Algorithms for graph partitioning on the planted
   partition model", Random Struct. Algorithms 18(2), 116-140 (2001).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sp

from ..validation import check_int, check_real, check_rng

__all__ = ["price_citation_dag", "planted_partition_graph", "bipartite_block_interactions"]


def price_citation_dag(n_papers: int, *, mean_extra_refs: float = 5.0, p_new_root: float = 0.05,
                       growth: float = 0.05, first_year_papers: int = 20,
                       seed: Any = 0) -> tuple[sp.csr_array, np.ndarray]:
    """A Price (cumulative-advantage) citation DAG with a synthetic publication year per paper.

    Papers arrive in order 0, 1, 2, .... Paper 0 cites nothing. Each later
    paper cites nothing with probability ``p_new_root`` (a new field: real
    data sets have many such roots); otherwise it cites
    min(t, 1 + ⌊E⌋) distinct earlier papers, E ~ Exponential(mean
    ``mean_extra_refs``), each drawn with probability proportional to
    (citations so far + 1) [1]_ (duplicates redrawn). Years: year y has
    ⌈first_year_papers · (1 + growth)^y⌉ papers, in arrival order.

    Parameters
    ----------
    n_papers : int
        Number of papers, ≥ 1.
    mean_extra_refs : float, default 5.0
        Mean of the exponential part of the reference count.
    p_new_root : float, default 0.05
        Probability that a paper cites nothing, in [0, 1].
    growth : float, default 0.05
        Yearly growth of the number of papers, ≥ 0.
    first_year_papers : int, default 20
        Papers in year 0, ≥ 1.
    seed : int or numpy.random.Generator, default 0

    Returns
    -------
    adjacency : scipy.sparse.csr_array, shape (n, n)
        ``adjacency[v, u] = 1`` when paper v cites paper u (always u < v).
    years : ndarray of int64, shape (n,)

    Examples
    --------
    >>> a, years = price_citation_dag(100, seed=0)
    >>> a.shape, bool(sp.triu(a).nnz == 0), int(years[0])
    ((100, 100), True, 0)
    """
    func = "price_citation_dag"
    n = check_int(n_papers, "n_papers", low=1, func=func)
    mean_extra = check_real(mean_extra_refs, "mean_extra_refs", low=0.0, func=func)
    p_root = check_real(p_new_root, "p_new_root", low=0.0, high=1.0, func=func)
    growth = check_real(growth, "growth", low=0.0, func=func)
    first = check_int(first_year_papers, "first_year_papers", low=1, func=func)
    rng = check_rng(seed, func=func)

    roots = rng.random(n) < p_root
    extra = np.floor(rng.exponential(mean_extra, size=n)).astype(np.int64) if mean_extra > 0 else np.zeros(n, np.int64)
    n_refs = np.minimum(np.arange(n), 1 + extra)
    n_refs[roots] = 0
    n_refs[0] = 0
    # urn with one ball per paper plus one per citation received: uniform draws from it are
    # draws proportional to (citations + 1)
    urn = np.empty(n + int(n_refs.sum()), dtype=np.int64)
    size = 0
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    for t in range(n):
        k = int(n_refs[t])
        if k:
            if k == t:  # cites every earlier paper
                chosen = np.arange(t)
            else:
                chosen = np.unique(urn[rng.integers(0, size, size=k)])
                while chosen.size < k:
                    more = urn[rng.integers(0, size, size=k - chosen.size)]
                    chosen = np.unique(np.concatenate([chosen, more]))
            rows.append(np.full(k, t, dtype=np.int64))
            cols.append(chosen)
        urn[size] = t
        size += 1
        if k:
            urn[size:size + k] = chosen
            size += k
    r = np.concatenate(rows) if rows else np.zeros(0, np.int64)
    c = np.concatenate(cols) if cols else np.zeros(0, np.int64)
    adjacency = sp.csr_array((np.ones(r.size), (r, c)), shape=(n, n))
    years = np.empty(n, dtype=np.int64)
    start, year = 0, 0
    while start < n:
        count = int(np.ceil(first * (1.0 + growth) ** year))
        years[start:start + count] = year
        start += count
        year += 1
    return adjacency, years


def planted_partition_graph(sizes: Any, p_in: float, p_out: float, *,
                            seed: Any = 0) -> tuple[sp.csr_array, np.ndarray]:
    """An undirected planted-partition (stochastic block) graph and its blocks [2]_.

    Each pair of vertices is joined independently, with probability
    ``p_in`` inside a block and ``p_out`` between blocks.

    Parameters
    ----------
    sizes : sequence of int
        Block sizes (each ≥ 1).
    p_in, p_out : float
        Edge probabilities in [0, 1].
    seed : int or numpy.random.Generator, default 0

    Returns
    -------
    adjacency : scipy.sparse.csr_array
        Symmetric 0/1 matrix without self-loops.
    labels : ndarray of int64
        The block of each vertex.

    Examples
    --------
    >>> a, labels = planted_partition_graph([3, 3], 1.0, 0.0, seed=0)
    >>> int(a.sum()) // 2, labels.tolist()
    (6, [0, 0, 0, 1, 1, 1])
    """
    func = "planted_partition_graph"
    try:
        size_list = [check_int(s, "sizes", low=1, func=func) for s in sizes]
    except TypeError as exc:
        raise TypeError(f"The 'sizes' parameter of {func} must be a sequence of ints ≥ 1. Got {sizes!r} instead.") from exc
    if not size_list:
        raise ValueError(f"The 'sizes' parameter of {func} must name at least one block. Got {sizes!r} instead.")
    p_in = check_real(p_in, "p_in", low=0.0, high=1.0, func=func)
    p_out = check_real(p_out, "p_out", low=0.0, high=1.0, func=func)
    rng = check_rng(seed, func=func)
    labels = np.repeat(np.arange(len(size_list)), size_list)
    n = labels.size
    iu, ju = np.triu_indices(n, k=1)
    prob = np.where(labels[iu] == labels[ju], p_in, p_out)
    keep = rng.random(iu.size) < prob
    r, c = iu[keep], ju[keep]
    adjacency = sp.csr_array((np.ones(2 * r.size), (np.concatenate([r, c]), np.concatenate([c, r]))), shape=(n, n))
    return adjacency, labels


def bipartite_block_interactions(n_users: int, n_items: int, n_blocks: int, p_in: float, p_out: float, *,
                                 item_tilt: float = 0.0,
                                 seed: Any = 0) -> tuple[sp.csr_array, np.ndarray, np.ndarray]:
    """A user-item interaction matrix from a bipartite stochastic block model with known preferences.

    Users and items are split into ``n_blocks`` communities of near-equal size
    (user u in block u mod n_blocks, item i in block i mod n_blocks). User u
    interacts with item i independently with probability
    ``min(1, p · w_i)``, where p = ``p_in`` inside the user's community and
    ``p_out`` outside, and the item weights ``w_i ∝ (rank_i + 1)^(-item_tilt)``
    (a Zipf tilt over a random item order, normalised to mean 1) make some
    items popular. The ground-truth preference of u for i is that probability.

    Parameters
    ----------
    n_users, n_items : int
        Numbers of users and items (≥ 1).
    n_blocks : int
        Number of communities, in [1, min(n_users, n_items)].
    p_in, p_out : float
        Base interaction probabilities in [0, 1].
    item_tilt : float, default 0.0
        Zipf exponent of the item popularity (0: all items alike).
    seed : int or numpy.random.Generator, default 0

    Returns
    -------
    interactions : scipy.sparse.csr_array of int64, shape (n_users, n_items)
    user_blocks, item_blocks : ndarray of int64

    Examples
    --------
    >>> a, ub, ib = bipartite_block_interactions(4, 4, 2, 1.0, 0.0, seed=0)
    >>> a.toarray().tolist(), ub.tolist()
    ([[1, 0, 1, 0], [0, 1, 0, 1], [1, 0, 1, 0], [0, 1, 0, 1]], [0, 1, 0, 1])
    """
    func = "bipartite_block_interactions"
    n_users = check_int(n_users, "n_users", low=1, func=func)
    n_items = check_int(n_items, "n_items", low=1, func=func)
    n_blocks = check_int(n_blocks, "n_blocks", low=1, high=min(n_users, n_items), func=func)
    p_in = check_real(p_in, "p_in", low=0.0, high=1.0, func=func)
    p_out = check_real(p_out, "p_out", low=0.0, high=1.0, func=func)
    tilt = check_real(item_tilt, "item_tilt", low=0.0, func=func)
    rng = check_rng(seed, func=func)
    user_blocks = np.arange(n_users, dtype=np.int64) % n_blocks
    item_blocks = np.arange(n_items, dtype=np.int64) % n_blocks
    rank = rng.permutation(n_items)
    w = (rank + 1.0) ** (-tilt)
    w /= w.mean()
    prob = np.where(user_blocks[:, None] == item_blocks[None, :], p_in, p_out) * w[None, :]
    hits = rng.random((n_users, n_items)) < np.minimum(prob, 1.0)
    return sp.csr_array(hits.astype(np.int64)), user_blocks, item_blocks
