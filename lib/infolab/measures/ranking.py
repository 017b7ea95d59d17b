"""How well a ranked list serves its reader: top-k accuracy, beyond-accuracy and LLM-utility measures.

Three families, all on one input convention:

* **ranking accuracy** from a matrix of true gains ``y_true`` and scores
  ``y_score`` (one row per query or user, one column per candidate item, as in
  :func:`sklearn.metrics.ndcg_score`): :func:`precision_at_k`,
  :func:`recall_at_k`, :func:`hit_rate_at_k`, :func:`mean_reciprocal_rank`,
  :func:`mean_average_precision`, :func:`ndcg_at_k`, and the pairwise
  :func:`roc_auc`;
* **beyond accuracy** from the recommended lists (an integer matrix of item
  ids, one row per user): :func:`catalogue_coverage`,
  :func:`recommendation_entropy` (distributional coverage), :func:`novelty`,
  :func:`intra_list_diversity`, :func:`serendipity`;
* **utility for a language-model reader**: :func:`udcg`.

Items are ranked by decreasing score; equal scores are ranked by column index
(a stable sort), so a score matrix with ties has one definite ranking. A
query's relevant items are those with ``y_true > 0``.

These measures rank *candidate items for queries*. The embedding measures of
:mod:`infolab.measures.retrieval` (``embedding_recall_at_k``, ``map_at_r``)
instead rank every labelled point against all the others (leave-one-out) and
call "Recall@K" what is here :func:`hit_rate_at_k`.

References
----------
.. [1] A. Jadon, A. Patil, "A comprehensive survey of evaluation techniques for
   recommendation systems", ICCAIML 2024, arXiv:2312.16015.
.. [2] K. Järvelin, J. Kekäläinen, "Cumulated gain-based evaluation of IR
   techniques", ACM TOIS 20(4), 422-446 (2002), doi:10.1145/582415.582418.
.. [3] P. Castells, S. Vargas, J. Wang, "Novelty and diversity metrics for
   recommender systems", DDR workshop, ECIR 2011.
.. [4] G. Shani, A. Gunawardana, "Evaluating recommendation systems",
   Recommender Systems Handbook, Springer 2011, doi:10.1007/978-0-387-85820-3_8.
.. [5] G. Trappolini, F. Cuconasu, S. Filice, Y. Maarek, F. Silvestri,
   "Redefining retrieval evaluation in the era of LLMs", EACL 2026,
   arXiv:2510.21440.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..validation import check_int, check_real, log_base

__all__ = [
    "precision_at_k", "recall_at_k", "hit_rate_at_k", "mean_reciprocal_rank", "mean_average_precision",
    "ndcg_at_k", "roc_auc", "catalogue_coverage", "recommendation_entropy", "novelty",
    "intra_list_diversity", "serendipity", "udcg",
]


# ---------------------------------------------------------------------------------------------- validation
def _matrix(x: Any, name: str, func: str, *, kind: str = "biuf") -> np.ndarray:
    if x is None or isinstance(x, (str, bytes)):
        raise TypeError(f"The '{name}' parameter of {func} must be an array of numbers. Got {type(x).__name__} instead.")
    arr = np.array(x, copy=True)
    if arr.dtype.kind not in kind:
        raise TypeError(f"The '{name}' parameter of {func} must hold numbers of kind {kind!r}. "
                        f"Got dtype {arr.dtype} instead.")
    if arr.ndim == 1:
        arr = arr.reshape(1, -1)
    if arr.ndim != 2 or arr.size == 0:
        raise ValueError(f"The '{name}' parameter of {func} must be a non-empty 1-D or 2-D array. "
                         f"Got shape {np.shape(x)} instead.")
    if arr.dtype.kind == "f" and not np.all(np.isfinite(arr)):
        raise ValueError(f"The '{name}' parameter of {func} must contain only finite values. Got NaN or inf instead.")
    return arr


def _ranking_inputs(y_true: Any, y_score: Any, k: Any, func: str, *, need_relevant: bool):
    t = _matrix(y_true, "y_true", func).astype(np.float64)
    s = _matrix(y_score, "y_score", func).astype(np.float64)
    if t.shape != s.shape:
        raise ValueError(f"The 'y_score' parameter of {func} must have the shape of y_true {t.shape}. "
                         f"Got shape {s.shape} instead.")
    if np.any(t < 0):
        raise ValueError(f"The 'y_true' parameter of {func} must hold non-negative gains. Got a negative value instead.")
    if need_relevant and np.any((t > 0).sum(axis=1) == 0):
        raise ValueError(f"The 'y_true' parameter of {func} must give every row at least one relevant item "
                         f"(y_true > 0), or the measure is 0/0. Got {int(np.sum((t > 0).sum(axis=1) == 0))} "
                         "row(s) without one instead.")
    n = t.shape[1]
    k = n if k is None else check_int(k, "k", low=1, high=n, func=func)
    return t, s, k


def _ranked_gains(t: np.ndarray, s: np.ndarray) -> np.ndarray:
    """Gains in ranked order: decreasing score, ties by column index."""
    order = np.argsort(-s, axis=1, kind="stable")
    return np.take_along_axis(t, order, axis=1)


def _lists(recommended: Any, n_items: Any, func: str):
    n_items = check_int(n_items, "n_items", low=1, func=func)
    r = _matrix(recommended, "recommended", func, kind="iu").astype(np.int64)
    if r.min() < 0 or r.max() >= n_items:
        raise ValueError(f"The 'recommended' parameter of {func} must hold item ids in [0, {n_items - 1}]. "
                         f"Got ids in [{r.min()}, {r.max()}] instead.")
    if any(len(np.unique(row)) < len(row) for row in r):
        raise ValueError(f"The 'recommended' parameter of {func} must not repeat an item within a list. "
                         "Got a repeated id instead.")
    return r, n_items


def _similarity(item_similarity: Any, n_items: int, func: str) -> np.ndarray:
    sim = _matrix(item_similarity, "item_similarity", func).astype(np.float64)
    if sim.shape != (n_items, n_items) or not np.allclose(sim, sim.T, rtol=0, atol=1e-12):
        raise ValueError(f"The 'item_similarity' parameter of {func} must be a symmetric ({n_items}, {n_items}) "
                         f"matrix. Got shape {sim.shape} (or an asymmetric matrix) instead.")
    return sim


# ---------------------------------------------------------------------------------------------- ranking accuracy
def precision_at_k(y_true: Any, y_score: Any, k: int) -> float:
    """Precision at k: the mean over queries of the fraction of relevant items among the top k.

    Parameters
    ----------
    y_true : array_like, shape (n_queries, n_items) or (n_items,)
        Non-negative gains; an item is relevant when its gain is positive.
    y_score : array_like, same shape
        Scores; higher ranks first, ties broken by column index.
    k : int
        Cut-off in [1, n_items].

    Returns
    -------
    float
        P@k = mean_q |top_k(q) ∩ Rel(q)| / k, in [0, 1].

    Notes
    -----
    The denominator is k even when a query has fewer than k relevant items, so
    P@k of a perfect ranking is min(1, R_q / k) (the textbook and trec_eval
    ``P_k`` convention).

    References
    ----------
    .. [1] C. D. Manning, P. Raghavan, H. Schütze, *Introduction to Information
       Retrieval*, Cambridge University Press, 2008, ch. 8.

    Examples
    --------
    >>> precision_at_k([[1, 0, 1, 0]], [[0.9, 0.8, 0.7, 0.1]], k=2)
    0.5
    """
    t, s, k = _ranking_inputs(y_true, y_score, k, "precision_at_k", need_relevant=False)
    return float(np.mean((_ranked_gains(t, s)[:, :k] > 0).sum(axis=1) / k))


def recall_at_k(y_true: Any, y_score: Any, k: int) -> float:
    """Recall at k: the mean over queries of the fraction of a query's relevant items found in its top k.

    Parameters
    ----------
    y_true, y_score : array_like, shape (n_queries, n_items)
        As in :func:`precision_at_k`; every row needs a relevant item.
    k : int
        Cut-off in [1, n_items].

    Returns
    -------
    float
        R@k = mean_q |top_k(q) ∩ Rel(q)| / |Rel(q)|, in [0, 1].

    Notes
    -----
    This is the recommender recall (a fraction of the relevant set), not the
    hit rate that metric learning calls "Recall@K" (:func:`hit_rate_at_k`,
    :func:`~infolab.measures.embedding_recall_at_k`).

    References
    ----------
    .. [1] C. D. Manning, P. Raghavan, H. Schütze, *Introduction to Information
       Retrieval*, Cambridge University Press, 2008, ch. 8.

    Examples
    --------
    >>> recall_at_k([[1, 0, 1, 1]], [[0.9, 0.8, 0.7, 0.1]], k=2)   # one of three relevant items found
    0.3333333333333333
    """
    t, s, k = _ranking_inputs(y_true, y_score, k, "recall_at_k", need_relevant=True)
    rel = t > 0
    return float(np.mean((_ranked_gains(t, s)[:, :k] > 0).sum(axis=1) / rel.sum(axis=1)))


def hit_rate_at_k(y_true: Any, y_score: Any, k: int) -> float:
    """Hit rate at k: the fraction of queries with at least one relevant item in their top k.

    Parameters
    ----------
    y_true, y_score : array_like, shape (n_queries, n_items)
        As in :func:`precision_at_k`.
    k : int
        Cut-off in [1, n_items].

    Returns
    -------
    float
        HR@k in [0, 1]; it equals R@k when every query has exactly one relevant item.

    Notes
    -----
    A query counts as a hit however many relevant items its top k holds, so HR@k
    ignores their number and order; HR@k ≥ P@k, and HR@k = R@k when every query has
    one relevant item (leave-one-out recommender evaluation). Queries without any
    relevant item count as misses.

    References
    ----------
    .. [1] A. Jadon, A. Patil, "A comprehensive survey of evaluation techniques for
       recommendation systems", ICCAIML 2024, arXiv:2312.16015.

    Examples
    --------
    >>> hit_rate_at_k([[0, 0, 1], [1, 0, 0]], [[3, 2, 1], [3, 2, 1]], k=2)
    0.5
    """
    t, s, k = _ranking_inputs(y_true, y_score, k, "hit_rate_at_k", need_relevant=False)
    return float(np.mean((_ranked_gains(t, s)[:, :k] > 0).any(axis=1)))


def mean_reciprocal_rank(y_true: Any, y_score: Any, k: int | None = None) -> float:
    """Mean reciprocal rank: the mean over *all* queries of 1 / (rank of the first relevant item).

    Parameters
    ----------
    y_true, y_score : array_like, shape (n_queries, n_items)
        As in :func:`precision_at_k`.
    k : int, optional
        Cut-off; a query with no relevant item in its top k scores 0. Default: the whole ranking.

    Returns
    -------
    float
        MRR@k in [0, 1].

    Notes
    -----
    Queries without a hit count as 0 in the mean. The survey's released
    ``mrr_at_k`` averages over the queries *with* a hit only, which inflates the
    value by the factor 1 / HR@k (ref. [1] of the module).

    References
    ----------
    .. [1] E. M. Voorhees, "The TREC-8 question answering track report", Proc. TREC-8,
       NIST Special Publication 500-246, 1999.

    Examples
    --------
    >>> mean_reciprocal_rank([[0, 1, 0], [0, 0, 0]], [[3, 2, 1], [3, 2, 1]])   # (1/2 + 0) / 2
    0.25
    """
    t, s, k = _ranking_inputs(y_true, y_score, k, "mean_reciprocal_rank", need_relevant=False)
    hits = _ranked_gains(t, s)[:, :k] > 0
    first = np.where(hits.any(axis=1), hits.argmax(axis=1) + 1.0, np.inf)
    return float(np.mean(1.0 / first))


def mean_average_precision(y_true: Any, y_score: Any, k: int | None = None) -> float:
    """Mean average precision: the mean over queries of AP@k = (1/|Rel|) Σ_{i≤k} P@i · rel_i.

    Parameters
    ----------
    y_true, y_score : array_like, shape (n_queries, n_items)
        As in :func:`precision_at_k`; every row needs a relevant item.
    k : int, optional
        Cut-off. Default: the whole ranking (then AP is the area under the
        query's precision–recall step curve).

    Returns
    -------
    float
        MAP@k in [0, 1].

    Notes
    -----
    The normaliser is the number of relevant items |Rel(q)|, as in trec_eval's
    ``map_cut_k``; a query with more than k relevant items therefore cannot
    reach AP@k = 1. The precision at the i-th rank is (hits in the first i) / i;
    the survey's released ``average_precision_at_k`` uses (hits before i) / (i − 1)
    instead, which is off by one and 0/0 at the first rank.

    References
    ----------
    .. [1] C. D. Manning, P. Raghavan, H. Schütze, *Introduction to Information
       Retrieval*, Cambridge University Press, 2008, sec. 8.4.

    Examples
    --------
    >>> mean_average_precision([[1, 0, 1]], [[3, 2, 1]])    # (1/1 + 2/3) / 2
    0.8333333333333333
    """
    t, s, k = _ranking_inputs(y_true, y_score, k, "mean_average_precision", need_relevant=True)
    hits = (_ranked_gains(t, s)[:, :k] > 0).astype(np.float64)
    prec = np.cumsum(hits, axis=1) / np.arange(1, k + 1)
    return float(np.mean((prec * hits).sum(axis=1) / (t > 0).sum(axis=1)))


def ndcg_at_k(y_true: Any, y_score: Any, k: int | None = None, *, gain: str = "linear") -> float:
    """Normalised discounted cumulative gain at k.

    DCG@k = Σ_{i=1}^{k} g(rel_i) / log2(i + 1), and nDCG@k = DCG@k / IDCG@k with
    IDCG@k the DCG of the query's gains sorted in decreasing order.

    Parameters
    ----------
    y_true, y_score : array_like, shape (n_queries, n_items)
        As in :func:`precision_at_k`; every row needs a relevant item.
    k : int, optional
        Cut-off. Default: the whole ranking.
    gain : {"linear", "exponential"}, default "linear"
        g(r) = r (Järvelin & Kekäläinen, scikit-learn) or g(r) = 2^r − 1 (Burges et al.).
        They agree for binary relevance.

    Returns
    -------
    float
        Mean nDCG@k over queries, in [0, 1].

    Notes
    -----
    The base of the logarithm in the discount cancels in the ratio: the survey's
    released code discounts by 1/ln(1 + i) and reports the same nDCG, though its
    raw DCG differs by the factor ln 2. Ties in ``y_score`` are broken by index
    here, whereas :func:`sklearn.metrics.ndcg_score` averages over tied items;
    the two agree whenever scores are distinct.

    References
    ----------
    .. [1] K. Järvelin, J. Kekäläinen, "Cumulated gain-based evaluation of IR
       techniques", ACM TOIS 20(4), 422-446 (2002), doi:10.1145/582415.582418.
    .. [2] C. Burges, T. Shaked, E. Renshaw, A. Lazier, M. Deeds, N. Hamilton,
       G. Hullender, "Learning to rank using gradient descent", ICML 2005.

    Examples
    --------
    >>> round(ndcg_at_k([[0, 1]], [[2, 1]]), 12)     # (1/log2 3) / 1
    0.630929753571
    """
    func = "ndcg_at_k"
    if gain not in ("linear", "exponential"):
        raise ValueError(f"The 'gain' parameter of {func} must be one of ['exponential', 'linear']. "
                         f"Got {gain!r} instead.")
    t, s, k = _ranking_inputs(y_true, y_score, k, func, need_relevant=True)
    g = t if gain == "linear" else np.expm1(t * np.log(2.0))
    disc = 1.0 / np.log2(np.arange(2, k + 2))
    dcg = (_ranked_gains(g, s)[:, :k] * disc).sum(axis=1)
    idcg = (-np.sort(-g, axis=1)[:, :k] * disc).sum(axis=1)
    return float(np.mean(dcg / idcg))


def roc_auc(y_true: Any, y_score: Any) -> float:
    """Area under the ROC curve: the probability that a positive outscores a negative (ties count one half).

    Parameters
    ----------
    y_true : array_like of {0, 1} or bool, shape (n,)
        Labels; both classes must occur.
    y_score : array_like, shape (n,)
        Scores, higher meaning "more likely positive".

    Returns
    -------
    float
        AUC = (1/(n₊n₋)) Σ_{i∈+} Σ_{j∈−} [1(s_i > s_j) + ½ 1(s_i = s_j)], in [0, 1].

    Notes
    -----
    Computed from mid-ranks (the Mann–Whitney U statistic), O(n log n).
    AUC(−s) = 1 − AUC(s) exactly, so a *distance* used as a score gives the
    complement of the AUC of the similarity it measures; the survey's released
    similarity experiment scores edges by un-negated distances and reports
    AUCs below one half for them.

    References
    ----------
    .. [1] J. A. Hanley, B. J. McNeil, "The meaning and use of the area under a
       receiver operating characteristic (ROC) curve", Radiology 143(1), 29-36 (1982).
    .. [2] T. Fawcett, "An introduction to ROC analysis", Pattern Recognition
       Letters 27(8), 861-874 (2006).

    Examples
    --------
    >>> roc_auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    0.75
    """
    from scipy.stats import rankdata

    func = "roc_auc"
    y = _matrix(y_true, "y_true", func, kind="biuf").ravel()
    s = _matrix(y_score, "y_score", func).astype(np.float64).ravel()
    if not np.all((y == 0) | (y == 1)):
        raise ValueError(f"The 'y_true' parameter of {func} must hold binary labels 0/1. Got other values instead.")
    if s.shape != y.shape:
        raise ValueError(f"The 'y_score' parameter of {func} must have one score per label ({y.size}). "
                         f"Got {s.size} instead.")
    pos = y == 1
    n_pos, n_neg = int(pos.sum()), int((~pos).sum())
    if n_pos == 0 or n_neg == 0:
        raise ValueError(f"The 'y_true' parameter of {func} must contain both classes. "
                         f"Got {n_pos} positive(s) and {n_neg} negative(s) instead.")
    r = rankdata(s)
    return float((r[pos].sum() - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg))


# ---------------------------------------------------------------------------------------------- beyond accuracy
def catalogue_coverage(recommended: Any, n_items: int) -> float:
    """Catalogue coverage: the fraction of the n_items catalogue that appears in at least one list.

    Parameters
    ----------
    recommended : array_like of int, shape (n_users, k)
        Item ids in [0, n_items − 1], no repeats within a row.
    n_items : int
        Size of the catalogue (the survey's code uses the number of distinct training items).

    Returns
    -------
    float
        |∪_u R_u| / n_items, in [k/n_items, 1].

    Notes
    -----
    Coverage only counts whether an item is ever shown, not how often: one user
    receiving every long-tail item gives the same value as all users sharing them.
    :func:`recommendation_entropy` measures how evenly the slots are spread.

    References
    ----------
    .. [1] M. Ge, C. Delgado-Battenfeld, D. Jannach, "Beyond accuracy: evaluating
       recommender systems by coverage and serendipity", RecSys 2010.
    .. [2] G. Shani, A. Gunawardana, "Evaluating recommendation systems",
       Recommender Systems Handbook, Springer 2011, doi:10.1007/978-0-387-85820-3_8.

    Examples
    --------
    >>> catalogue_coverage([[0, 1], [1, 2]], n_items=10)
    0.3
    """
    r, n = _lists(recommended, n_items, "catalogue_coverage")
    return float(np.unique(r).size / n)


def recommendation_entropy(recommended: Any, n_items: int, *, base: Any = "e") -> float:
    """Distributional coverage: the Shannon entropy of how often each item is recommended.

    Parameters
    ----------
    recommended : array_like of int, shape (n_users, k)
        Item ids in [0, n_items − 1], no repeats within a row.
    n_items : int
        Size of the catalogue.
    base : float or "e", default "e"
        Logarithm base; the default gives nats, ``base=2`` the bits of the survey.

    Returns
    -------
    float
        H = −Σ_i p_R(i) log p_R(i), with p_R(i) = (times i is recommended) / (n_users · k);
        between log k and log min(n_items, n_users · k).

    Notes
    -----
    The plug-in entropy of the slot counts (Shani & Gunawardana 2011, eq. 21). When
    lists are drawn at random it underestimates log n_items by about
    (n_items − 1) / (2N) nats for N slots (the Miller–Madow bias).

    References
    ----------
    .. [1] G. Shani, A. Gunawardana, "Evaluating recommendation systems",
       Recommender Systems Handbook, Springer 2011, doi:10.1007/978-0-387-85820-3_8.

    Examples
    --------
    >>> recommendation_entropy([[0, 1], [2, 3]], n_items=4, base=2)   # four items used equally often
    2.0
    """
    func = "recommendation_entropy"
    r, n = _lists(recommended, n_items, func)
    lb = log_base(base, func)
    p = np.bincount(r.ravel(), minlength=n) / r.size
    p = p[p > 0]
    return float(-(p * np.log(p)).sum() / lb)


def novelty(recommended: Any, item_counts: Any, *, base: Any = "e") -> float:
    """Mean self-information of the recommended items under the training popularity.

    Parameters
    ----------
    recommended : array_like of int, shape (n_users, k)
        Item ids, no repeats within a row.
    item_counts : array_like, shape (n_items,)
        Training interactions per item; every recommended item needs a positive count.
    base : float or "e", default "e"
        Logarithm base (nats by default; the survey reports bits).

    Returns
    -------
    float
        mean over slots of −log p(i), p(i) = item_counts[i] / Σ item_counts.

    Notes
    -----
    Castells et al. (2011): popular items carry little information. An item never
    seen in training has infinite novelty, which is refused rather than clipped.

    References
    ----------
    .. [1] P. Castells, S. Vargas, J. Wang, "Novelty and diversity metrics for
       recommender systems", DDR workshop, ECIR 2011.
    .. [2] T. Zhou, Z. Kuscsik, J.-G. Liu, M. Medo, J. R. Wakeling, Y.-C. Zhang,
       "Solving the apparent diversity-accuracy dilemma of recommender systems",
       PNAS 107(10), 4511-4515 (2010).

    Examples
    --------
    >>> novelty([[0], [1]], [2, 1, 1], base=2)       # (1 + 2) / 2 bits
    1.5
    """
    func = "novelty"
    c = _matrix(item_counts, "item_counts", func).astype(np.float64).ravel()
    if np.any(c < 0):
        raise ValueError(f"The 'item_counts' parameter of {func} must be non-negative. Got a negative count instead.")
    r, n = _lists(recommended, c.size, func)
    if np.any(c[r] == 0):
        raise ValueError(f"The 'item_counts' parameter of {func} must be positive for every recommended item "
                         "(its self-information is infinite otherwise). Got a zero count instead.")
    lb = log_base(base, func)
    return float(np.mean(-np.log(c[r] / c.sum())) / lb)


def intra_list_diversity(recommended: Any, item_similarity: Any) -> float:
    """Intra-list diversity: 1 − the mean pairwise similarity inside each list, averaged over lists.

    Parameters
    ----------
    recommended : array_like of int, shape (n_users, k), k ≥ 2
        Item ids, no repeats within a row.
    item_similarity : array_like, shape (n_items, n_items)
        Symmetric item–item similarity (e.g. co-occurrence cosine).

    Returns
    -------
    float
        mean_u [1 − (2 / (k(k−1))) Σ_{i<j ∈ R_u} sim(i, j)].

    Notes
    -----
    The diagonal of ``item_similarity`` is never used, so the value is in [0, 1]
    when similarities are in [0, 1]. It depends only on which items share a list,
    not on their order or relevance; cost O(n_users · k²).

    References
    ----------
    .. [1] C.-N. Ziegler, S. M. McNee, J. A. Konstan, G. Lausen, "Improving
       recommendation lists through topic diversification", WWW 2005.

    Examples
    --------
    >>> intra_list_diversity([[0, 1, 2]], [[1, .5, 0], [.5, 1, 0], [0, 0, 1]])   # 1 − (0.5 + 0 + 0)/3
    0.8333333333333334
    """
    func = "intra_list_diversity"
    r0 = _matrix(recommended, "recommended", func, kind="iu")
    sim = _matrix(item_similarity, "item_similarity", func).astype(np.float64)
    r, n = _lists(r0, sim.shape[0], func)
    sim = _similarity(sim, n, func)
    k = r.shape[1]
    if k < 2:
        raise ValueError(f"The 'recommended' parameter of {func} must have lists of at least 2 items. Got {k} instead.")
    block = sim[r[:, :, None], r[:, None, :]]
    off = (block.sum(axis=(1, 2)) - np.trace(block, axis1=1, axis2=2)) / (k * (k - 1))
    return float(np.mean(1.0 - off))


def serendipity(recommended: Any, history: Any, relevant: Any, item_similarity: Any) -> float:
    """Serendipity: relevant recommendations weighted by how unlike the user's history they are.

    Parameters
    ----------
    recommended : array_like of int, shape (n_users, k)
        Item ids, no repeats within a row.
    history : array_like of bool, shape (n_users, n_items)
        Training interactions; every user needs at least one.
    relevant : array_like of bool, shape (n_users, n_items)
        Which items are relevant to each user (e.g. held-out interactions).
    item_similarity : array_like, shape (n_items, n_items)
        Symmetric item–item similarity.

    Returns
    -------
    float
        mean over users and slots of (1 − mean_{j ∈ H_u} sim(i, j)) · rel_u(i).

    Notes
    -----
    The definition of Zhang et al. (2012) as implemented by the recommenders
    library the survey builds on; an irrelevant recommendation contributes 0,
    however unexpected.

    References
    ----------
    .. [1] Y. C. Zhang, D. Ó Séaghdha, D. Quercia, T. Jambor, "Auralist: introducing
       serendipity into music recommendation", WSDM 2012.

    Examples
    --------
    >>> sim = [[1, .5, 0], [.5, 1, 0], [0, 0, 1]]
    >>> serendipity([[1, 2]], [[1, 0, 0]], [[0, 1, 1]], sim)   # ((1 − .5) + (1 − 0)) / 2
    0.75
    """
    func = "serendipity"
    sim0 = _matrix(item_similarity, "item_similarity", func).astype(np.float64)
    r, n = _lists(recommended, sim0.shape[0], func)
    sim = _similarity(sim0, n, func)
    h = _matrix(history, "history", func, kind="biuf") != 0
    rel = _matrix(relevant, "relevant", func, kind="biuf") != 0
    for name, a in (("history", h), ("relevant", rel)):
        if a.shape != (r.shape[0], n):
            raise ValueError(f"The '{name}' parameter of {func} must have shape ({r.shape[0]}, {n}). "
                             f"Got {a.shape} instead.")
    if np.any(h.sum(axis=1) == 0):
        raise ValueError(f"The 'history' parameter of {func} must give every user at least one item. "
                         "Got an empty history instead.")
    mean_sim = (h.astype(np.float64) @ sim) / h.sum(axis=1, keepdims=True)      # (users, items)
    unexp = 1.0 - np.take_along_axis(mean_sim, r, axis=1)
    return float(np.mean(unexp * np.take_along_axis(rel, r, axis=1)))


# ---------------------------------------------------------------------------------------------- LLM utility
def udcg(relevant: Any, no_response: Any, *, w_relevant: float = 1.0, w_irrelevant: float = -1.0 / 3.0,
         position_weights: Any = None) -> Any:
    """Utility and distraction-aware cumulative gain (UDCG) of the passages given to a language model.

    Each passage p of a context of k gets the utility u_p = 1 − NR(q, p), where
    NR is the model's probability of abstaining when it reads q with p alone;
    then UDCG = σ((1/k) Σ_i d_i · w(rel_i) · u_i), with w = w_relevant for a
    relevant passage and w_irrelevant for an irrelevant one, d_i the positional
    weights and σ the logistic function.

    Parameters
    ----------
    relevant : array_like of bool or {0, 1}, shape (n_queries, k) or (k,)
        Relevance labels of the passages, in context order.
    no_response : array_like, same shape
        Abstention probabilities NR in [0, 1].
    w_relevant, w_irrelevant : float, default 1 and −1/3
        Signed weights; the defaults are the paper's (a related but irrelevant
        passage distracts the reader).
    position_weights : array_like, shape (k,), optional
        Non-negative d_i, one per context position. Default: all ones, the
        released scorer (no positional term).

    Returns
    -------
    float or numpy.ndarray
        A float for one context (1-D input), else one value per query, in (0, 1).

    Notes
    -----
    Paper-faithful settings: ``w_relevant=1``, ``w_irrelevant=-1/3``, uniform
    positions, NR from the first token of "NO-RESPONSE". The sum is divided by
    the number of passages k (not by Σ d_i), so with uniform weights the score
    is a plain mean over the context and does not depend on the order of the
    passages. Unlike nDCG, an irrelevant passage lowers the score, by an amount
    that grows with its distracting effect 1 − NR; relevance enters only
    through the labels, so nothing is learnt about passages the labels miss.
    The logistic map is monotone: it changes no rank correlation with accuracy.

    References
    ----------
    G. Trappolini, F. Cuconasu, S. Filice, Y. Maarek, F. Silvestri, "Redefining
    retrieval evaluation in the era of LLMs", EACL 2026, arXiv:2510.21440.

    Examples
    --------
    The first example of the released ``data/dataset_with_udcg.json`` stores
    0.5553808928170055. It is reproduced with the weight −0.333 that the
    released README and command-line help print; the −1/3 default of the
    released function gives 0.555337:

    >>> nr = [2.086162567138672e-06, 1.341104507446289e-05, 0.1318359375, 0.1812744140625, 0.02081298828125]
    >>> udcg([1, 1, 0, 0, 0], nr, w_irrelevant=-0.333)
    0.5553808928170055
    >>> round(udcg([1, 1, 0, 0, 0], nr), 6)
    0.555337
    """
    from scipy.special import expit

    func = "udcg"
    one = np.ndim(relevant) == 1
    labels = _matrix(relevant, "relevant", func, kind="biuf")
    if not np.all((labels == 0) | (labels == 1)):
        raise ValueError(f"The 'relevant' parameter of {func} must hold relevance labels 0/1 or booleans. "
                         "Got another value instead.")
    rel = labels != 0
    nr = _matrix(no_response, "no_response", func).astype(np.float64)
    if nr.shape != rel.shape:
        raise ValueError(f"The 'no_response' parameter of {func} must have the shape of relevant {rel.shape}. "
                         f"Got {nr.shape} instead.")
    if np.any((nr < 0) | (nr > 1)):
        raise ValueError(f"The 'no_response' parameter of {func} must hold probabilities in [0, 1]. "
                         "Got a value outside instead.")
    wr = check_real(w_relevant, "w_relevant", func=func)
    wi = check_real(w_irrelevant, "w_irrelevant", func=func)
    k = rel.shape[1]
    if position_weights is None:
        d = np.ones(k)
    else:
        d = _matrix(position_weights, "position_weights", func).astype(np.float64)
        if np.ndim(position_weights) != 1 or d.size != k or np.any(d < 0):
            raise ValueError(f"The 'position_weights' parameter of {func} must be a 1-D array of {k} non-negative "
                             f"weights. Got shape {np.shape(position_weights)} (or a negative weight) instead.")
        d = d.ravel()
    z = (d * np.where(rel, wr, wi) * (1.0 - nr)).sum(axis=1) / k
    out = expit(z)
    return float(out[0]) if one else out
