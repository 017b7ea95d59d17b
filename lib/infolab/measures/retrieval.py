"""How well an embedding retrieves and clusters labelled points: Recall@K, MAP@R and clustering NMI.

These are the evaluation measures of deep metric learning on a zero-shot split
(train on some classes, evaluate on held-out ones):

* :func:`embedding_recall_at_k`: the fraction of queries whose K nearest other
  points include at least one of the same label (the "Recall@K" of Song et al.
  2016, which is a hit rate, not a recommender recall);
* :func:`map_at_r`: mean average precision at R, with R the number of other
  points of the query's label (Musgrave et al. 2020);
* :func:`clustering_nmi`: k-means on the embeddings, then the normalised mutual
  information between cluster ids and labels, NMI = I(C; Y) / ((H(C) + H(Y)) / 2),
  computed with infolab's discrete measures.

Every point is a query against all the others (leave-one-out). Distances are
Euclidean, cosine (1 − cos) or the SNR distance of
:func:`~infolab.measures.snr_distance_matrix` (query as anchor). Neighbours at
exactly equal distances are ranked by index (a stable sort).

References
----------
.. [1] H. O. Song, Y. Xiang, S. Jegelka, S. Savarese, "Deep metric learning via
   lifted structured feature embedding", CVPR 2016, arXiv:1511.06452.
.. [2] K. Musgrave, S. Belongie, S.-N. Lim, "A metric learning reality check",
   ECCV 2020, arXiv:2003.08505.
.. [3] A. Strehl, J. Ghosh, "Cluster ensembles — a knowledge reuse framework for
   combining multiple partitions", JMLR 3, 583-617 (2002).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..validation import check_choice, check_int, check_labels, check_rng, check_samples
from .discrete import entropy_from_labels, mutual_information_from_labels

__all__ = ["embedding_recall_at_k", "map_at_r", "clustering_nmi"]

_METRICS = ("euclidean", "cosine", "snr")


def _embeddings_and_labels(embeddings: Any, labels: Any, func: str, *, need_pairs: bool):
    x = check_samples(embeddings, "embeddings", min_samples=2, func=func)
    y = check_labels(labels, "labels", func=func)
    if y.ndim != 1 or y.shape[0] != x.shape[0]:
        raise ValueError(f"The 'labels' parameter of {func} must have one label per embedding ({x.shape[0]}). "
                         f"Got shape {np.shape(labels)} instead.")
    if need_pairs:
        counts = np.bincount(y)
        if counts.min() < 2:
            raise ValueError(f"The 'labels' parameter of {func} must give every label at least two points, so that "
                             f"each query has a same-label point to find. Got {int((counts < 2).sum())} label(s) "
                             "with a single point instead.")
    return x, y


def _leave_one_out_distances(x: np.ndarray, metric: str, func: str) -> np.ndarray:
    """Distance matrix with the query in rows and +inf on the diagonal (a point never retrieves itself)."""
    if metric == "euclidean":
        sq = np.sum(x * x, axis=1)
        d = sq[:, None] + sq[None, :] - 2.0 * (x @ x.T)
        np.maximum(d, 0.0, out=d)  # round-off below zero; the ranking of sqrt(d) is that of d
    elif metric == "cosine":
        norms = np.linalg.norm(x, axis=1)
        if np.any(norms == 0):
            raise ValueError(f"The 'embeddings' parameter of {func} must have no all-zero row with metric='cosine'. "
                             f"Got {int((norms == 0).sum())} zero row(s) instead.")
        u = x / norms[:, None]
        d = 1.0 - u @ u.T
    else:
        from .embedding import snr_distance_matrix

        d = snr_distance_matrix(x, x)
    np.fill_diagonal(d, np.inf)
    return d


def _ranked_neighbours(d: np.ndarray, depth: int) -> np.ndarray:
    """Indices of the ``depth`` nearest neighbours of each row, nearest first, ties by index."""
    return np.argsort(d, axis=1, kind="stable")[:, :depth]


def embedding_recall_at_k(embeddings: Any, labels: Any, ks: Any = (1, 2, 4, 8), *,
                          metric: str = "euclidean") -> dict:
    """Recall@K of an embedding: fraction of queries with a same-label point among their K nearest others.

    Parameters
    ----------
    embeddings : array_like, shape (n, d)
        One embedding per row.
    labels : array_like, shape (n,)
        Class of each row; every class needs at least two rows.
    ks : int or sequence of int, default (1, 2, 4, 8)
        Neighbourhood sizes, each in [1, n − 1].
    metric : {"euclidean", "cosine", "snr"}, default "euclidean"
        Distance used to rank the other points. ``"snr"`` ranks by
        d_S(query, x) = Var(x − query) / Var(query), which for one query orders
        like the Euclidean distance between *row-centred* vectors.

    Returns
    -------
    dict[int, float]
        ``{k: recall}``, each in [0, 1], non-decreasing in k.

    Notes
    -----
    Leave-one-out over all n points: each point queries the n − 1 others. This
    is the zero-shot retrieval protocol of CUB/CARS metric learning when the
    embeddings are those of the held-out classes. Memory is O(n²).

    References
    ----------
    .. [1] H. O. Song, Y. Xiang, S. Jegelka, S. Savarese, "Deep metric learning
       via lifted structured feature embedding", CVPR 2016, arXiv:1511.06452.
    .. [2] K. Musgrave, S. Belongie, S.-N. Lim, "A metric learning reality
       check", ECCV 2020, arXiv:2003.08505 (on its saturation).

    Examples
    --------
    >>> import numpy as np
    >>> x = np.array([[0.0], [0.1], [5.0], [5.2], [0.05]])
    >>> embedding_recall_at_k(x, [0, 0, 1, 1, 1], ks=(1, 3))   # the last point sits among class 0
    {1: 0.4, 3: 1.0}
    """
    func = "embedding_recall_at_k"
    x, y = _embeddings_and_labels(embeddings, labels, func, need_pairs=True)
    check_choice(metric, "metric", _METRICS, func)
    n = x.shape[0]
    k_list = [ks] if isinstance(ks, (int, np.integer)) and not isinstance(ks, bool) else ks
    if isinstance(k_list, (str, bytes)) or not hasattr(k_list, "__iter__"):
        raise TypeError(f"The 'ks' parameter of {func} must be an int or a sequence of ints. Got {ks!r} instead.")
    k_list = [check_int(k, "ks", low=1, high=n - 1, func=func) for k in k_list]
    if not k_list:
        raise ValueError(f"The 'ks' parameter of {func} must name at least one k. Got {ks!r} instead.")
    nn = _ranked_neighbours(_leave_one_out_distances(x, metric, func), max(k_list))
    hits = y[nn] == y[:, None]
    first_hit = np.where(hits.any(axis=1), hits.argmax(axis=1), nn.shape[1])
    return {k: float(np.mean(first_hit < k)) for k in k_list}


def map_at_r(embeddings: Any, labels: Any, *, metric: str = "euclidean") -> float:
    """Mean average precision at R (MAP@R) of an embedding.

    For a query with R other points of its label, rank the others by distance
    and take AP@R = (1/R) Σ_{i=1}^{R} P(i)·rel(i), where rel(i) says whether
    the i-th neighbour shares the label and P(i) is the precision among the
    first i. MAP@R is the mean over queries; it is 1 exactly when every query's
    R nearest others are its own class.

    Parameters
    ----------
    embeddings : array_like, shape (n, d)
        One embedding per row.
    labels : array_like, shape (n,)
        Class of each row; every class needs at least two rows.
    metric : {"euclidean", "cosine", "snr"}, default "euclidean"
        Distance used to rank the other points, as in :func:`embedding_recall_at_k`.

    Returns
    -------
    float
        In [0, 1].

    Notes
    -----
    Unlike Recall@K, which saturates once one same-label point is near,
    MAP@R rewards ranking *all* R same-label points first, and in order, so
    it separates embeddings that Recall@1 scores alike. Large classes weigh
    more (every point is a query). Memory O(n²), time O(n² log n).

    References
    ----------
    Musgrave, Belongie, Lim, "A metric learning reality check", ECCV 2020,
    arXiv:2003.08505, §3.2.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.array([[0.0], [1.0], [5.0], [6.0]])
    >>> map_at_r(x, [0, 0, 1, 1])
    1.0
    >>> map_at_r(x, [0, 1, 0, 1])   # each query's nearest other is the wrong class
    0.0
    """
    func = "map_at_r"
    x, y = _embeddings_and_labels(embeddings, labels, func, need_pairs=True)
    check_choice(metric, "metric", _METRICS, func)
    r = np.bincount(y)[y] - 1
    depth = int(r.max())
    nn = _ranked_neighbours(_leave_one_out_distances(x, metric, func), depth)
    rel = (y[nn] == y[:, None]).astype(np.float64)
    ranks = np.arange(1, depth + 1)
    within_r = ranks[None, :] <= r[:, None]
    rel *= within_r
    precision = np.cumsum(rel, axis=1) / ranks[None, :]
    ap = np.sum(precision * rel, axis=1) / r
    return float(np.mean(ap))


def _normalised_mutual_information(a: np.ndarray, b: np.ndarray) -> float:
    """I(A; B) / ((H(A) + H(B)) / 2), plug-in; 1 when both are constant and equal (one cluster, one label)."""
    h = entropy_from_labels(a) + entropy_from_labels(b)
    if h == 0.0:
        return 1.0
    return float(2.0 * mutual_information_from_labels(a, b) / h)


def clustering_nmi(embeddings: Any, labels: Any, *, n_clusters: int | None = None, seed: Any = 0) -> float:
    """Normalised mutual information between k-means clusters of the embeddings and the labels.

    Parameters
    ----------
    embeddings : array_like, shape (n, d)
        One embedding per row; at least ``n_clusters`` distinct rows.
    labels : array_like, shape (n,)
        Class of each row (any hashable labels).
    n_clusters : int, optional
        Number of k-means clusters, in [1, n]; default the number of distinct labels.
    seed : int or numpy.random.Generator, default 0
        Seeds scikit-learn's ``KMeans`` (k-means++ initialisation, 10 restarts).

    Returns
    -------
    float
        NMI = I(C; Y) / ((H(C) + H(Y)) / 2) in [0, 1] (arithmetic-mean
        normalisation, scikit-learn's default), from the plug-in
        :func:`~infolab.measures.mutual_information_from_labels` and
        :func:`~infolab.measures.entropy_from_labels`.

    Notes
    -----
    NMI depends on the k-means solution, so it carries the randomness of the
    initialisation (fixed by ``seed``) and k-means' local optima. With many
    clusters and few points NMI is biased upwards (the plug-in MI is).

    References
    ----------
    .. [1] A. Strehl, J. Ghosh, "Cluster ensembles — a knowledge reuse
       framework for combining multiple partitions", JMLR 3, 583-617 (2002).
    .. [2] N. X. Vinh, J. Epps, J. Bailey, "Information theoretic measures for
       clusterings comparison", JMLR 11, 2837-2854 (2010).

    Examples
    --------
    >>> import numpy as np
    >>> x = np.array([[0.0, 0.0], [0.1, 0.0], [9.0, 9.0], [9.1, 9.0]])
    >>> clustering_nmi(x, [0, 0, 1, 1])
    1.0
    """
    from sklearn.cluster import KMeans

    func = "clustering_nmi"
    x, y = _embeddings_and_labels(embeddings, labels, func, need_pairs=False)
    n = x.shape[0]
    n_clusters = int(y.max()) + 1 if n_clusters is None else check_int(n_clusters, "n_clusters", low=1, high=n, func=func)
    rng = check_rng(seed, "seed", func)
    if np.unique(x, axis=0).shape[0] < n_clusters:
        raise ValueError(f"The 'embeddings' parameter of {func} must hold at least n_clusters={n_clusters} distinct "
                         f"points. Got {np.unique(x, axis=0).shape[0]} instead.")
    km = KMeans(n_clusters=n_clusters, n_init=10, random_state=int(rng.integers(0, 2**31 - 1)))
    clusters = km.fit_predict(x)
    return _normalised_mutual_information(clusters, y)
