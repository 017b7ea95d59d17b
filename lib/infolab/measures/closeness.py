"""Topological closeness in a user-item bipartite graph: distances, shortest-path counts, and score agreement.

In the bipartite graph of an interaction matrix A (users × items, 0/1), every
user-item path has odd length. The number of user-item walks of length
2m + 1 is ``A (AᵀA)^m``; the shortest-path distance from u to i is the
smallest odd length with a non-zero walk count, and since any walk of that
length is a shortest path, the walk count there *is* the number of shortest
paths. "i is topologically closer to u than j" is read lexicographically:
a smaller distance, or the same distance and more shortest paths.

References
----------
.. [1] X. Cai, L. Xia, X. Ren, C. Huang, "How expressive are graph neural
   networks in recommendation?", CIKM 2023, arXiv:2308.11127.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sp

from ..validation import check_int

__all__ = ["bipartite_path_profile", "topological_closeness_concordance"]


def _check_interactions(interactions: Any, func: str) -> sp.csr_array:
    """A binary users × items matrix (dense or scipy sparse) as an int64 CSR array (a copy)."""
    if sp.issparse(interactions):
        a = sp.csr_array(interactions, copy=True)
    else:
        arr = np.asarray(interactions)
        if arr.dtype.kind not in "biuf":
            raise TypeError(f"The 'interactions' parameter of {func} must hold 0/1 numbers. "
                            f"Got dtype {arr.dtype} instead.")
        if arr.ndim != 2:
            raise ValueError(f"The 'interactions' parameter of {func} must be a 2-D users × items matrix. "
                             f"Got shape {arr.shape} instead.")
        a = sp.csr_array(arr)
    if a.dtype.kind not in "biuf":
        raise TypeError(f"The 'interactions' parameter of {func} must hold 0/1 numbers. Got dtype {a.dtype} instead.")
    if a.shape[0] == 0 or a.shape[1] == 0:
        raise ValueError(f"The 'interactions' parameter of {func} must have at least one user and one item. "
                         f"Got shape {a.shape} instead.")
    a.eliminate_zeros()
    if a.nnz and not np.all(a.data == 1):
        raise ValueError(f"The 'interactions' parameter of {func} must be binary (0/1). "
                         f"Got values {np.unique(a.data)[:5].tolist()} instead.")
    return sp.csr_array(a.astype(np.int64))


def bipartite_path_profile(interactions: Any, max_length: int = 5) -> tuple[np.ndarray, np.ndarray]:
    """Shortest-path distance and number of shortest paths from every user to every item.

    Parameters
    ----------
    interactions : array or scipy sparse matrix of shape (n_users, n_items)
        Binary interaction matrix A (1 = user interacted with item).
    max_length : int, default 5
        Largest path length examined (odd lengths 1, 3, ..., ≤ max_length).

    Returns
    -------
    distance : ndarray of float64, shape (n_users, n_items)
        Shortest-path length (1, 3, 5, ...), ``inf`` beyond ``max_length``.
    n_shortest : ndarray of int64, same shape
        Number of shortest paths (0 where the distance is ``inf``).

    Notes
    -----
    The walk counts ``W_{2m+1} = A (AᵀA)^m`` are exact integers (int64); the
    dense users × items state limits this to graphs that fit in memory.
    Lexicographic closeness (distance first, then shortest-path count) is the
    reading of the paper's link-level "topological closeness" used here [1]_.

    References
    ----------
    .. [1] X. Cai, L. Xia, X. Ren, C. Huang, "How expressive are graph neural
       networks in recommendation?", CIKM 2023, arXiv:2308.11127.
    .. [2] N. Biggs, Algebraic Graph Theory, 2nd ed., Cambridge University
       Press, 1993 (walk counts as powers of the adjacency matrix).

    Examples
    --------
    >>> d, c = bipartite_path_profile([[1, 1, 0], [0, 1, 1]], max_length=3)
    >>> d.tolist(), c.tolist()
    ([[1.0, 1.0, 3.0], [3.0, 1.0, 1.0]], [[1, 1, 1], [1, 1, 1]])
    """
    func = "bipartite_path_profile"
    a = _check_interactions(interactions, func)
    max_length = check_int(max_length, "max_length", low=1, func=func)
    walks = a.toarray()
    distance = np.where(walks > 0, 1.0, np.inf)
    n_shortest = walks.copy()
    ata = (a.T @ a).tocsr()
    for length in range(3, max_length + 1, 2):
        walks = (ata @ walks.T).T        # W A^T A, kept dense: (n_users, n_items)
        new = np.isinf(distance) & (walks > 0)
        distance[new] = float(length)
        n_shortest[new] = walks[new]
    return distance, n_shortest


def topological_closeness_concordance(scores: Any, distance: Any, n_shortest: Any) -> float:
    """Fraction of strictly ordered item pairs whose scores agree with topological closeness.

    For one user and candidate items, a pair (i, j) is strictly ordered when i
    is at a smaller distance than j, or at the same finite distance with more
    shortest paths. The concordance is the mean over those pairs of
    ``[s_i > s_j] + ½ [s_i = s_j]`` (an AUC of the scores against the
    closeness order). 1 means every closer item scores higher.

    Parameters
    ----------
    scores : array of shape (n_items,)
        A recommender's scores for one user.
    distance, n_shortest : arrays of shape (n_items,)
        From :func:`bipartite_path_profile` (a row, restricted to candidates).
        Items at infinite distance are tied with each other.

    Returns
    -------
    float
        In [0, 1]; NaN when no pair is strictly ordered.

    Notes
    -----
    O(n_items²) memory and time per call: pass one user's candidate items.

    References
    ----------
    X. Cai, L. Xia, X. Ren, C. Huang, "How expressive are graph neural
    networks in recommendation?", CIKM 2023, arXiv:2308.11127; J. A. Hanley,
    B. J. McNeil, "The meaning and use of the area under a receiver operating
    characteristic (ROC) curve", Radiology 143(1), 29-36 (1982) (the AUC as a
    pair-ordering probability).

    Examples
    --------
    >>> topological_closeness_concordance([3.0, 1.0, 0.0], [3, 3, 5], [2, 1, 1])
    1.0
    >>> topological_closeness_concordance([0.0, 1.0], [3, 5], [1, 1])
    0.0
    """
    func = "topological_closeness_concordance"
    arrays = []
    for name, value in (("scores", scores), ("distance", distance), ("n_shortest", n_shortest)):
        v = np.asarray(value)
        if v.dtype.kind not in "biuf":
            raise TypeError(f"The '{name}' parameter of {func} must hold real numbers. Got dtype {v.dtype} instead.")
        if v.ndim != 1:
            raise ValueError(f"The '{name}' parameter of {func} must be 1-D (one user's items). "
                             f"Got shape {v.shape} instead.")
        arrays.append(v.astype(np.float64))
    s, d, c = arrays
    if not (s.shape == d.shape == c.shape):
        raise ValueError(f"The 'scores', 'distance' and 'n_shortest' parameters of {func} must have one shape. "
                         f"Got {s.shape}, {d.shape} and {c.shape} instead.")
    if np.any(np.isnan(s)) or np.any(np.isinf(s)) or np.any(np.isnan(d)) or not np.all(np.isfinite(c)):
        raise ValueError(f"The 'scores', 'distance' and 'n_shortest' parameters of {func} must be finite "
                         "(distance may be inf). Got NaN or inf instead.")
    far = np.isinf(d)
    c = np.where(far, 0.0, c)
    dd = np.where(far, np.finfo(np.float64).max, d)
    closer = (dd[:, None] < dd[None, :]) | ((dd[:, None] == dd[None, :]) & ~far[:, None] & (c[:, None] > c[None, :]))
    n_pairs = int(closer.sum())
    if n_pairs == 0:
        return float("nan")
    agree = (s[:, None] > s[None, :]) + 0.5 * (s[:, None] == s[None, :])
    return float(agree[closer].sum() / n_pairs)
