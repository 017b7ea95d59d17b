"""Synthetic implicit feedback, four simple recommenders and the survey's metric families (notebook 20).

The survey (Jadon & Patil 2023, arXiv:2312.16015) evaluates recommenders on
MovieLens; here the interactions come from a planted latent-factor model with a
Zipf popularity bias, so the probability of every user-item pair is known:

    P(u interacts with i) = σ(strength · ⟨a_u, b_i⟩ / √rank + β_i + offset),
    a_u, b_i ~ N(0, I_rank),   β_i = −zipf_s · log r_i,

where r_1, ..., r_n is a random permutation of 1, ..., n_items (the popularity
rank of each item). Users with fewer than ``min_interactions`` interactions
are dropped.

The recommenders score every user-item pair: uniform random, most popular
(training count), item-kNN (the user's training items summed through the
co-occurrence cosine, Sarwar et al. 2001) and the truncated SVD of the
training matrix ("PureSVD", Cremonesi et al. 2010). :func:`top_k` turns
scores into lists (seen items removed or not). The measures themselves are
those of :mod:`infolab.measures.ranking`; :func:`metrics_from_lists` is a
literal, set-by-set reading of the ranking definitions used to check them,
and :func:`survey_mrr` / :func:`survey_arhr` are the variants of the survey's
released code.

Examples
--------
>>> x, p = planted_interactions(50, 30, seed=0)
>>> x.shape[1], bool(np.all((p > 0) & (p < 1)))
(30, True)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..validation import check_int, check_real, check_rng

__all__ = [
    "planted_interactions", "split_per_user", "item_cosine", "random_scores", "popularity_scores",
    "item_knn_scores", "svd_scores", "novelty_reranked", "top_k", "masked_scores", "metrics_from_lists",
    "survey_mrr", "survey_arhr",
]


def _bool_matrix(x: Any, name: str, func: str) -> np.ndarray:
    a = np.asarray(x)
    if a.ndim != 2 or a.size == 0 or a.dtype.kind not in "biu":
        raise ValueError(f"The '{name}' parameter of {func} must be a non-empty 2-D boolean or 0/1 matrix. "
                         f"Got shape {a.shape} and dtype {a.dtype} instead.")
    if not np.all((a == 0) | (a == 1)):
        raise ValueError(f"The '{name}' parameter of {func} must hold 0/1 values. Got other values instead.")
    return a.astype(bool)


def _score_matrix(x: Any, name: str, func: str) -> np.ndarray:
    a = np.asarray(x, dtype=np.float64)
    if a.ndim != 2 or a.size == 0 or not np.all(np.isfinite(a)):
        raise ValueError(f"The '{name}' parameter of {func} must be a non-empty finite 2-D matrix. "
                         f"Got shape {a.shape} (or non-finite values) instead.")
    return a


# ---------------------------------------------------------------------------------------------- data
def planted_interactions(n_users: int, n_items: int, *, rank: int = 8, strength: float = 3.0, zipf_s: float = 1.1,
                         offset: float = -1.0, min_interactions: int = 5, seed: Any = 0):
    """Implicit feedback from a planted latent-factor model with Zipf popularity (see the module docstring).

    Returns
    -------
    interactions : numpy.ndarray of bool, shape (n_kept_users, n_items)
    probabilities : numpy.ndarray, same shape
        The true interaction probabilities of the kept users.
    """
    func = "planted_interactions"
    n_users = check_int(n_users, "n_users", low=2, func=func)
    n_items = check_int(n_items, "n_items", low=2, func=func)
    rank = check_int(rank, "rank", low=1, func=func)
    strength = check_real(strength, "strength", low=0.0, func=func)
    zipf_s = check_real(zipf_s, "zipf_s", low=0.0, func=func)
    offset = check_real(offset, "offset", func=func)
    min_interactions = check_int(min_interactions, "min_interactions", low=2, high=n_items, func=func)
    rng = check_rng(seed, func=func)
    a = rng.standard_normal((n_users, rank))
    b = rng.standard_normal((n_items, rank))
    beta = -zipf_s * np.log(rng.permutation(n_items) + 1.0)
    logit = strength * (a @ b.T) / np.sqrt(rank) + beta + offset
    p = 1.0 / (1.0 + np.exp(-logit))
    x = rng.random(p.shape) < p
    keep = x.sum(axis=1) >= min_interactions
    if keep.sum() < 2:
        raise ValueError(f"The 'offset' parameter of {func} leaves {int(keep.sum())} user(s) with at least "
                         f"{min_interactions} interactions. Got offset={offset} instead; raise it.")
    return x[keep], p[keep]


def split_per_user(interactions: Any, *, test_fraction: float = 0.25, seed: Any = 0):
    """Hold out a random fraction of every user's interactions; keep the items seen in training.

    Every user keeps max(1, round(test_fraction · n_u)) test items and at least
    one training item. Items without a training interaction are removed (the
    survey's catalogue is the set of training items), and so are users left
    without a test item.

    Returns
    -------
    train, test : numpy.ndarray of bool, shape (n_users', n_items')
    users, items : numpy.ndarray of int
        The rows and columns of ``interactions`` that were kept.
    """
    func = "split_per_user"
    x = _bool_matrix(interactions, "interactions", func)
    frac = check_real(test_fraction, "test_fraction", low=0.0, high=1.0, low_open=True,
                      high_open=True, func=func)
    if np.any(x.sum(axis=1) < 2):
        raise ValueError(f"The 'interactions' parameter of {func} must give every user at least 2 interactions. "
                         "Got a user with fewer instead.")
    rng = check_rng(seed, func=func)
    test = np.zeros_like(x)
    for u in range(x.shape[0]):
        items = np.flatnonzero(x[u])
        n_test = min(max(1, int(round(frac * items.size))), items.size - 1)
        test[u, rng.choice(items, size=n_test, replace=False)] = True
    train = x & ~test
    items = np.flatnonzero(train.any(axis=0))
    train, test = train[:, items], test[:, items]
    users = np.flatnonzero(test.any(axis=1))
    return train[users], test[users], users, items


def item_cosine(train: Any) -> np.ndarray:
    """Co-occurrence cosine c_ij / √(c_i c_j) (c_ij: users with both items); 1 on the diagonal of seen items."""
    x = _bool_matrix(train, "train", "item_cosine").astype(np.float64)
    c = x.T @ x
    d = np.sqrt(np.diag(c))
    with np.errstate(divide="ignore", invalid="ignore"):
        sim = np.where(np.outer(d, d) > 0, c / np.outer(d, d), 0.0)
    return (sim + sim.T) / 2.0


# ---------------------------------------------------------------------------------------------- recommenders
def random_scores(shape: tuple[int, int], *, seed: Any = 0) -> np.ndarray:
    """Independent uniform scores: a uniformly random ranking for every user."""
    rng = check_rng(seed, func="random_scores")
    return rng.random(shape)


def popularity_scores(train: Any) -> np.ndarray:
    """Every user scores an item by its number of training interactions."""
    x = _bool_matrix(train, "train", "popularity_scores")
    return np.broadcast_to(x.sum(axis=0).astype(np.float64), x.shape).copy()


def item_knn_scores(train: Any, similarity: Any) -> np.ndarray:
    """Item-based kNN over all neighbours: score(u, i) = Σ_{j ∈ H_u, j ≠ i} sim(i, j)."""
    x = _bool_matrix(train, "train", "item_knn_scores").astype(np.float64)
    s = _score_matrix(similarity, "similarity", "item_knn_scores")
    if s.shape != (x.shape[1], x.shape[1]):
        raise ValueError(f"The 'similarity' parameter of item_knn_scores must have shape {(x.shape[1],) * 2}. "
                         f"Got {s.shape} instead.")
    s = s.copy()
    np.fill_diagonal(s, 0.0)
    return x @ s


def svd_scores(train: Any, rank: int) -> np.ndarray:
    """PureSVD: the best rank-r approximation (Eckart–Young) of the 0/1 training matrix."""
    x = _bool_matrix(train, "train", "svd_scores").astype(np.float64)
    rank = check_int(rank, "rank", low=1, high=min(x.shape), func="svd_scores")
    u, s, vt = np.linalg.svd(x, full_matrices=False)
    return (u[:, :rank] * s[:rank]) @ vt[:rank]


def novelty_reranked(scores: Any, item_counts: Any, weight: float) -> np.ndarray:
    """Scores standardised per user plus ``weight`` × the standardised self-information −log p(i) of each item."""
    func = "novelty_reranked"
    s = _score_matrix(scores, "scores", func)
    c = np.asarray(item_counts, dtype=np.float64).ravel()
    if c.size != s.shape[1] or np.any(c <= 0):
        raise ValueError(f"The 'item_counts' parameter of {func} must hold {s.shape[1]} positive counts. "
                         "Got another size or a zero count instead.")
    w = check_real(weight, "weight", func=func)
    z = (s - s.mean(axis=1, keepdims=True)) / np.maximum(s.std(axis=1, keepdims=True), 1e-300)
    nov = -np.log(c / c.sum())
    return z + w * (nov - nov.mean()) / max(nov.std(), 1e-300)


# ---------------------------------------------------------------------------------------------- lists
def top_k(scores: Any, k: int, *, exclude: Any = None) -> np.ndarray:
    """The k best items of every user (decreasing score, ties by item index), skipping ``exclude``d items."""
    func = "top_k"
    s = _score_matrix(scores, "scores", func)
    if exclude is not None:
        ex = _bool_matrix(exclude, "exclude", func)
        if ex.shape != s.shape:
            raise ValueError(f"The 'exclude' parameter of {func} must have shape {s.shape}. Got {ex.shape} instead.")
        n_cand = int((~ex).sum(axis=1).min())
    else:
        ex, n_cand = np.zeros(s.shape, bool), s.shape[1]
    k = check_int(k, "k", low=1, high=n_cand, func=func)
    order = np.argsort(np.where(ex, np.inf, -s), axis=1, kind="stable")
    return order[:, :k]


def masked_scores(scores: Any, exclude: Any) -> np.ndarray:
    """Scores with the excluded (seen) items moved below every candidate, so a full ranking matches :func:`top_k`."""
    s = _score_matrix(scores, "scores", "masked_scores")
    ex = _bool_matrix(exclude, "exclude", "masked_scores")
    return np.where(ex, s.min() - 1.0, s)


def _lists_and_relevant(lists: Any, relevant: Any, func: str):
    r = np.asarray(lists)
    rel = _bool_matrix(relevant, "relevant", func)
    if r.ndim != 2 or r.dtype.kind not in "iu" or r.shape[0] != rel.shape[0]:
        raise ValueError(f"The 'lists' parameter of {func} must be an integer matrix with one row per user "
                         f"({rel.shape[0]}). Got shape {r.shape} and dtype {r.dtype} instead.")
    if r.size and (r.min() < 0 or r.max() >= rel.shape[1]):
        raise ValueError(f"The 'lists' parameter of {func} must hold item ids in [0, {rel.shape[1] - 1}]. "
                         "Got an id outside instead.")
    return r, rel


def metrics_from_lists(lists: Any, relevant: Any) -> dict[str, float]:
    """P@k, R@k, HR@k, MRR@k and MAP@k read literally from the lists, one user and one rank at a time.

    AP@k = (1/|Rel_u|) Σ_{i ≤ k, item_i ∈ Rel_u} (hits in the first i) / i, as in trec_eval's ``map_cut``.
    """
    r, rel = _lists_and_relevant(lists, relevant, "metrics_from_lists")
    k = r.shape[1]
    out = {"precision": [], "recall": [], "hit_rate": [], "mrr": [], "map": []}
    for u in range(r.shape[0]):
        truth = set(np.flatnonzero(rel[u]).tolist())
        hits, rr, ap = 0, 0.0, 0.0
        for i, item in enumerate(r[u].tolist(), start=1):
            if item in truth:
                hits += 1
                ap += hits / i
                if rr == 0.0:
                    rr = 1.0 / i
        out["precision"].append(hits / k)
        out["recall"].append(hits / len(truth))
        out["hit_rate"].append(float(hits > 0))
        out["mrr"].append(rr)
        out["map"].append(ap / len(truth))
    return {name: float(np.mean(v)) for name, v in out.items()}


def survey_mrr(lists: Any, relevant: Any) -> float:
    """MRR as the survey's released ``mrr_at_k``: 1/(first hit rank) averaged over the users *with* a hit."""
    r, rel = _lists_and_relevant(lists, relevant, "survey_mrr")
    hit = np.take_along_axis(rel, r, axis=1)
    with_hit = hit.any(axis=1)
    if not with_hit.any():
        raise ValueError("The 'lists' parameter of survey_mrr gives no user a hit, so the measure is 0/0.")
    return float(np.mean(1.0 / (hit[with_hit].argmax(axis=1) + 1.0)))


def survey_arhr(lists: Any, relevant: Any) -> float:
    """ARHR as the survey's released ``arhr_at_k``: the mean of 1/rank over all hits pooled across users."""
    r, rel = _lists_and_relevant(lists, relevant, "survey_arhr")
    hit = np.take_along_axis(rel, r, axis=1)
    if not hit.any():
        raise ValueError("The 'lists' parameter of survey_arhr gives no user a hit, so the measure is 0/0.")
    ranks = np.broadcast_to(np.arange(1, r.shape[1] + 1), hit.shape)[hit]
    return float(np.mean(1.0 / ranks))
