"""Experiment code for notebook 41 (GTE): closed form, independent twins, baselines and leave-one-out metrics.

:func:`infolab.models.graph_topology_encoding` is the layerwise GTE; this
module holds what the notebook compares it with: the binomial closed form
(sparse products), a set-based item co-occurrence count, popularity, random
scores, a learning-free LightGCN-style propagation of random embeddings, a
small BPR matrix factorisation trained with NumPy, and Recall@k / NDCG@k
under a leave-one-out split.

Examples
--------
>>> import numpy as np
>>> a = np.array([[1, 1, 0], [0, 1, 1]])
>>> gte_closed_form(a, 3).tolist()
[[5, 6, 1], [1, 6, 5]]
"""

from __future__ import annotations

from math import comb
from typing import Any

import numpy as np
import scipy.sparse as sp

from ..measures.closeness import _check_interactions
from ..validation import check_int, check_real, check_rng

__all__ = ["leave_one_out", "gte_closed_form", "cooccurrence_by_sets", "popularity_scores", "random_scores",
           "lightgcn_random_scores", "bpr_mf_scores", "leave_one_out_metrics"]


def leave_one_out(interactions: Any, *, seed: Any = 0) -> tuple[sp.csr_array, np.ndarray]:
    """Hold out one random interaction of every user with at least two; -1 marks users without a test item."""
    a = _check_interactions(interactions, "leave_one_out")
    rng = check_rng(seed, func="leave_one_out")
    a = a.tolil()
    test = np.full(a.shape[0], -1, dtype=np.int64)
    for u in range(a.shape[0]):
        items = a.rows[u]
        if len(items) >= 2:
            i = items[rng.integers(len(items))]
            test[u] = i
            a[u, i] = 0
    out = sp.csr_array(a)
    out.eliminate_zeros()
    return out, test


def gte_closed_form(interactions: Any, k: int) -> np.ndarray:
    """Σ_{m ≥ 0} C(k, 2m+1) A (AᵀA)^m with sparse products (the closed form of GTE's k layers)."""
    a = _check_interactions(interactions, "gte_closed_form")
    k = check_int(k, "k", low=1, func="gte_closed_form")
    ata = (a.T @ a).tocsr()
    term = a.copy()
    total = sp.csr_array(a.shape, dtype=np.int64)
    for m in range((k - 1) // 2 + 1):
        total = total + comb(k, 2 * m + 1) * term
        term = (term @ ata).tocsr()
    return total.toarray().astype(np.int64)


def cooccurrence_by_sets(interactions: Any, users: Any) -> np.ndarray:
    """s(u, i) = Σ_{i' ∈ N(u)} |N(i') ∩ N(i)| from Python sets, for the listed users (an independent twin)."""
    a = _check_interactions(interactions, "cooccurrence_by_sets")
    users = np.asarray(users, dtype=np.int64)
    item_users = [set(a.T.tocsr()[[i]].indices.tolist()) for i in range(a.shape[1])]
    out = np.zeros((users.size, a.shape[1]), dtype=np.int64)
    for row, u in enumerate(users):
        for i_prime in a[[u]].indices:
            neigh = item_users[i_prime]
            for i in range(a.shape[1]):
                out[row, i] += len(neigh & item_users[i])
    return out


def popularity_scores(interactions: Any) -> np.ndarray:
    """Every user scores an item by its number of training interactions."""
    a = _check_interactions(interactions, "popularity_scores")
    return np.broadcast_to(np.asarray(a.sum(axis=0), dtype=np.float64), a.shape).copy()


def random_scores(shape: tuple[int, int], *, seed: Any = 0) -> np.ndarray:
    """Uniform random scores (a ranking by chance)."""
    return check_rng(seed, func="random_scores").random(shape)


def _bipartite_normalised(a: sp.csr_array) -> tuple[sp.csr_array, sp.csr_array]:
    du = np.asarray(a.sum(axis=1), dtype=np.float64)
    di = np.asarray(a.sum(axis=0), dtype=np.float64)
    su = sp.diags_array(1.0 / np.sqrt(np.maximum(du, 1.0)))
    si = sp.diags_array(1.0 / np.sqrt(np.maximum(di, 1.0)))
    n = sp.csr_array(su @ a.astype(np.float64) @ si)
    return n, sp.csr_array(n.T)


def lightgcn_random_scores(interactions: Any, *, dim: int = 64, layers: int = 3, seed: Any = 0) -> np.ndarray:
    """LightGCN propagation (symmetric normalisation, layer mean) of random Gaussian embeddings, no training."""
    a = _check_interactions(interactions, "lightgcn_random_scores")
    dim = check_int(dim, "dim", low=1, func="lightgcn_random_scores")
    layers = check_int(layers, "layers", low=0, func="lightgcn_random_scores")
    rng = check_rng(seed, func="lightgcn_random_scores")
    n, nt = _bipartite_normalised(a)
    eu = rng.normal(size=(a.shape[0], dim)) / np.sqrt(dim)
    ei = rng.normal(size=(a.shape[1], dim)) / np.sqrt(dim)
    su, si = eu.copy(), ei.copy()
    for _ in range(layers):
        eu, ei = n @ ei, nt @ eu
        su += eu
        si += ei
    return (su / (layers + 1)) @ (si / (layers + 1)).T


def bpr_mf_scores(interactions: Any, *, dim: int = 32, epochs: int = 30, lr: float = 0.05, reg: float = 1e-3,
                  batch_size: int = 256, seed: Any = 0) -> np.ndarray:
    """Matrix factorisation trained with the BPR loss −log σ(s_ui − s_uj) by minibatch SGD (a learned baseline).

    Each epoch draws, for every training interaction (u, i), one item j the user
    has not interacted with; scores are e_u · e_i.
    """
    func = "bpr_mf_scores"
    a = _check_interactions(interactions, func)
    dim = check_int(dim, "dim", low=1, func=func)
    epochs = check_int(epochs, "epochs", low=0, func=func)
    lr = check_real(lr, "lr", low=0.0, low_open=True, func=func)
    reg = check_real(reg, "reg", low=0.0, func=func)
    batch_size = check_int(batch_size, "batch_size", low=1, func=func)
    rng = check_rng(seed, func=func)
    n_users, n_items = a.shape
    pu = rng.normal(scale=0.1, size=(n_users, dim))
    qi = rng.normal(scale=0.1, size=(n_items, dim))
    coo = a.tocoo()
    users, items = coo.row.astype(np.int64), coo.col.astype(np.int64)
    dense = a.toarray().astype(bool)
    for _ in range(epochs):
        order = rng.permutation(users.size)
        neg = rng.integers(0, n_items, size=users.size)
        bad = dense[users, neg]
        while bad.any():                       # redraw negatives the user has seen
            neg[bad] = rng.integers(0, n_items, size=int(bad.sum()))
            bad = dense[users, neg]
        for start in range(0, users.size, batch_size):
            b = order[start:start + batch_size]
            u, i, j = users[b], items[b], neg[b]
            eu, ei, ej = pu[u], qi[i], qi[j]
            x = np.sum(eu * (ei - ej), axis=1)
            g = 1.0 / (1.0 + np.exp(np.clip(x, -30, 30)))     # σ(−x): d(−log σ(x))/dx = −σ(−x)
            gu = g[:, None] * (ei - ej) - reg * eu
            gi = g[:, None] * eu - reg * ei
            gj = -g[:, None] * eu - reg * ej
            np.add.at(pu, u, lr * gu)
            np.add.at(qi, i, lr * gi)
            np.add.at(qi, j, lr * gj)
    return pu @ qi.T


def leave_one_out_metrics(scores: Any, train: Any, test_items: Any, *, k: int = 20,
                          seed: Any = 0) -> dict[str, np.ndarray]:
    """Per-user Recall@k (= hit rate with one test item) and NDCG@k, training items masked.

    The rank of the test item counts the unseen items that score higher, and
    ties are broken by one seeded random order of the items (the same for
    every method). With one relevant item, NDCG@k = 1 / log2(rank + 2) when
    rank < k, else 0. Users without a test item are skipped.
    """
    func = "leave_one_out_metrics"
    a = _check_interactions(train, func)
    s = np.asarray(scores, dtype=np.float64)
    if s.shape != a.shape:
        raise ValueError(f"The 'scores' parameter of {func} must have shape {a.shape}. Got shape {s.shape} instead.")
    test = np.asarray(test_items, dtype=np.int64)
    if test.shape != (a.shape[0],):
        raise ValueError(f"The 'test_items' parameter of {func} must have shape ({a.shape[0]},). "
                         f"Got shape {test.shape} instead.")
    k = check_int(k, "k", low=1, func=func)
    tie = check_rng(seed, func=func).permutation(a.shape[1]).astype(np.float64)
    users = np.flatnonzero(test >= 0)
    seen = a.toarray().astype(bool)[users]
    su = np.where(seen, -np.inf, s[users])
    st = su[np.arange(users.size), test[users]][:, None]
    tt = tie[test[users]][:, None]
    rank = np.sum((su > st) | ((su == st) & (tie[None, :] > tt)), axis=1)
    hit = rank < k
    ndcg = np.where(hit, 1.0 / np.log2(rank + 2.0), 0.0)
    return {"recall": hit.astype(np.float64), "ndcg": ndcg, "rank": rank}
