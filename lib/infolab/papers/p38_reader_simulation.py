"""A simulated language-model reader for notebook 38 (UDCG): retrievers, a lost-in-the-middle reader, correlations.

No language model runs offline, so the reader of a retrieved context is a
logistic model of answer correctness,

    P(correct | context) = σ(a + b Σ_i w_i rel_i u_i − (c/k) Σ_i w_i (1 − rel_i) d_i),

with w_i = 1 − depth · sin(π (i − 1)/(k − 1)) the U-shaped attention of a
reader that is "lost in the middle" (Liu et al. 2024), u_i the utility of a
relevant passage and d_i the distracting effect of an irrelevant one (Amiraz
et al. 2025). A simulated retriever ranks a pool of candidates per query; the
top k form the context, in rank order. The abstention probability the UDCG
scorer would measure is NR = 1 − u (or 1 − d) plus Gaussian noise, clipped to
[0, 1] (a probability cannot leave it).

Examples
--------
>>> lost_in_the_middle_weights(5, depth=0.5).round(3).tolist()
[1.0, 0.646, 0.5, 0.646, 1.0]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import expit

from ..validation import check_int, check_real, check_rng

__all__ = ["lost_in_the_middle_weights", "reader_probability", "RetrievalRun", "simulate_retrievers",
           "per_query_metrics", "correlation_difference_interval", "fit_position_coefficients"]


def lost_in_the_middle_weights(k: int, depth: float = 0.35) -> np.ndarray:
    """Attention weights w_i = 1 − depth · sin(π (i − 1)/(k − 1)), i = 1..k: 1 at both ends, 1 − depth mid-way."""
    k = check_int(k, "k", low=2, func="lost_in_the_middle_weights")
    depth = check_real(depth, "depth", low=0.0, high=1.0, func="lost_in_the_middle_weights")
    return 1.0 - depth * np.sin(np.pi * np.arange(k) / (k - 1))


def reader_probability(relevant: np.ndarray, effect: np.ndarray, weights: np.ndarray, *, a: float, b: float,
                       c: float) -> np.ndarray:
    """P(correct) of the simulated reader for contexts of k passages (last axis), see the module docstring.

    ``effect`` holds u_i for relevant passages and d_i for irrelevant ones.
    """
    rel = np.asarray(relevant, dtype=bool)
    eff = np.asarray(effect, dtype=np.float64)
    w = np.asarray(weights, dtype=np.float64)
    if rel.shape != eff.shape or rel.shape[-1] != w.size:
        raise ValueError(f"The 'effect' parameter of reader_probability must have the shape of relevant {rel.shape}, "
                         f"whose last axis has the {w.size} weights. Got {eff.shape} instead.")
    k = w.size
    gain = (w * np.where(rel, eff, 0.0)).sum(axis=-1)
    harm = (w * np.where(rel, 0.0, eff)).sum(axis=-1)
    return expit(a + b * gain - (c / k) * harm)


@dataclass(frozen=True)
class RetrievalRun:
    """One simulated evaluation: every system's pool rankings, contexts, abstention scores and reader outcomes.

    Shapes: S systems, Q queries, a pool of P candidates, contexts of k.
    """

    y_true: np.ndarray        # (S, Q, P) 0/1 relevance of the candidates
    y_score: np.ndarray       # (S, Q, P) retriever scores (higher ranks first)
    relevant: np.ndarray      # (S, Q, k) relevance of the context passages, in rank order
    effect: np.ndarray        # (S, Q, k) utility u (relevant) or distracting effect d (irrelevant)
    no_response: np.ndarray   # (S, Q, k) the abstention probability a UDCG scorer would measure
    hard: np.ndarray          # (S, Q, k) whether an irrelevant passage is a hard distractor
    probability: np.ndarray   # (S, Q) P(correct)
    correct: np.ndarray       # (S, Q) one simulated answer per query
    theta: np.ndarray         # (S,) relevance rate of the pool
    hard_rate: np.ndarray     # (S,) fraction of hard distractors among irrelevant candidates
    separation: np.ndarray    # (S,) how far the retriever lifts relevant candidates


def simulate_retrievers(n_systems: int, n_queries: int, *, k: int = 10, pool: int = 30, a: float = -0.5,
                        b: float = 3.0, c: float = 6.0, depth: float = 0.35, theta_range=(0.02, 0.2),
                        hard_range=(0.0, 0.8), separation_range=(0.0, 2.5), hard_lift: float = 0.5,
                        nr_noise: float = 0.05, seed=0) -> RetrievalRun:
    """Simulate ``n_systems`` retrievers on ``n_queries`` queries each and the reader's answers.

    System s has a pool relevance rate θ_s ~ U(theta_range), a hard-distractor
    rate h_s ~ U(hard_range) and a separation μ_s ~ U(separation_range). Each
    of the ``pool`` candidates of a query is relevant with probability θ_s (one
    random candidate is made relevant if none is: every query is answerable);
    an irrelevant candidate is hard with probability h_s. The retriever scores
    μ_s · rel + hard_lift · μ_s · hard + N(0, 1) (hard distractors look relevant)
    and passes its top k in rank order. Utilities u ~ Beta(8, 2); distracting
    effects d ~ Beta(6, 3) (hard) or Beta(1, 9) (easy).
    """
    func = "simulate_retrievers"
    S = check_int(n_systems, "n_systems", low=2, func=func)
    Q = check_int(n_queries, "n_queries", low=1, func=func)
    P = check_int(pool, "pool", low=2, func=func)
    k = check_int(k, "k", low=2, high=P, func=func)
    for name, v in (("a", a), ("b", b), ("c", c), ("hard_lift", hard_lift)):
        check_real(v, name, func=func)
    check_real(nr_noise, "nr_noise", low=0.0, func=func)
    rng = check_rng(seed, func=func)
    theta = rng.uniform(*theta_range, S)
    hard_rate = rng.uniform(*hard_range, S)
    sep = rng.uniform(*separation_range, S)

    rel = rng.random((S, Q, P)) < theta[:, None, None]
    forced = rng.integers(0, P, (S, Q))
    none = ~rel.any(axis=2)
    rel[none, forced[none]] = True
    hard = ~rel & (rng.random((S, Q, P)) < hard_rate[:, None, None])
    score = sep[:, None, None] * (rel + hard_lift * hard) + rng.standard_normal((S, Q, P))
    effect = np.where(rel, rng.beta(8, 2, (S, Q, P)),
                      np.where(hard, rng.beta(6, 3, (S, Q, P)), rng.beta(1, 9, (S, Q, P))))
    nr = np.clip(1.0 - effect + nr_noise * rng.standard_normal((S, Q, P)), 0.0, 1.0)

    top = np.argsort(-score, axis=2, kind="stable")[:, :, :k]
    take = lambda x: np.take_along_axis(x, top, axis=2)          # noqa: E731
    ctx_rel, ctx_eff = take(rel), take(effect)
    prob = reader_probability(ctx_rel, ctx_eff, lost_in_the_middle_weights(k, depth), a=a, b=b, c=c)
    correct = rng.random((S, Q)) < prob
    return RetrievalRun(rel.astype(np.float64), score, ctx_rel, ctx_eff, take(nr), take(hard), prob, correct,
                        theta, hard_rate, sep)


def per_query_metrics(y_true: np.ndarray, y_score: np.ndarray, k: int) -> dict[str, np.ndarray]:
    """P@k, MRR@k, AP@k and nDCG@k of every query (binary gains), by the conventions of infolab.measures.ranking.

    The library functions return means over queries; these are the per-query
    terms of the same means (checked against them in the notebook and tests).
    ``y_true`` and ``y_score`` have shape (..., n_items); every query needs a
    relevant item.
    """
    t = np.asarray(y_true, dtype=np.float64) > 0
    order = np.argsort(-np.asarray(y_score, dtype=np.float64), axis=-1, kind="stable")
    hits = np.take_along_axis(t, order, axis=-1)[..., :k].astype(np.float64)
    ranks = np.arange(1, k + 1)
    n_rel = t.sum(axis=-1)
    if np.any(n_rel == 0):
        raise ValueError("The 'y_true' parameter of per_query_metrics must give every query a relevant item. "
                         "Got a query without one instead.")
    first = np.where(hits.any(axis=-1), hits.argmax(axis=-1) + 1.0, np.inf)
    disc = 1.0 / np.log2(ranks + 1.0)
    ideal = np.cumsum(disc)[np.minimum(n_rel, k) - 1]
    return {"P@k": hits.sum(axis=-1) / k,
            "MRR@k": 1.0 / first,
            "MAP@k": (np.cumsum(hits, axis=-1) / ranks * hits).sum(axis=-1) / n_rel,
            "nDCG@k": (hits * disc).sum(axis=-1) / ideal}


def _pearson_rows(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    xc = x - x.mean(axis=-1, keepdims=True)
    yc = y - y.mean(axis=-1, keepdims=True)
    return (xc * yc).sum(axis=-1) / np.sqrt((xc ** 2).sum(axis=-1) * (yc ** 2).sum(axis=-1))


def correlation_difference_interval(x1, x2, y, *, n_boot: int = 1000, level: float = 0.95, seed=0,
                                    chunk: int = 50) -> tuple[float, tuple[float, float]]:
    """r(x1, y) − r(x2, y) (Pearson; point-biserial for 0/1 y) and its percentile bootstrap interval.

    Queries are resampled with replacement, the same resample for both
    metrics, so the interval is of the paired difference.
    """
    func = "correlation_difference_interval"
    x1, x2, y = (np.asarray(v, dtype=np.float64).ravel() for v in (x1, x2, y))
    if not (x1.size == x2.size == y.size) or y.size < 3:
        raise ValueError(f"The 'y' parameter of {func} must pair with x1 and x2 (same size, at least 3). "
                         f"Got sizes {x1.size}, {x2.size}, {y.size} instead.")
    n_boot = check_int(n_boot, "n_boot", low=10, func=func)
    level = check_real(level, "level", low=0.0, high=1.0, low_open=True, high_open=True, func=func)
    rng = check_rng(seed, func=func)
    point = float(_pearson_rows(x1, y) - _pearson_rows(x2, y))
    diffs = []
    for start in range(0, n_boot, chunk):
        idx = rng.integers(0, y.size, (min(chunk, n_boot - start), y.size))
        diffs.append(_pearson_rows(x1[idx], y[idx]) - _pearson_rows(x2[idx], y[idx]))
    diffs = np.concatenate(diffs)
    lo, hi = np.quantile(diffs, [(1 - level) / 2, (1 + level) / 2])
    return point, (float(lo), float(hi))


def fit_position_coefficients(relevant: np.ndarray, effect: np.ndarray, correct: np.ndarray, *,
                              n_iter: int = 50, tol: float = 1e-10) -> dict[str, np.ndarray | float]:
    """Maximum-likelihood logistic regression of correctness on the 2k slot features, by Newton–IRLS.

    Features: rel_i · u_i (k of them) and (1 − rel_i) · d_i (k more), plus an
    intercept. Under the simulated reader the true coefficients are a, b · w_i
    and −(c/k) · w_i. Returns the intercept, both coefficient vectors and the
    number of Newton steps taken.
    """
    rel = np.asarray(relevant, dtype=bool).reshape(-1, np.shape(relevant)[-1])
    eff = np.asarray(effect, dtype=np.float64).reshape(rel.shape)
    y = np.asarray(correct, dtype=np.float64).ravel()
    if y.size != rel.shape[0]:
        raise ValueError(f"The 'correct' parameter of fit_position_coefficients must have one value per context "
                         f"({rel.shape[0]}). Got {y.size} instead.")
    k = rel.shape[1]
    X = np.column_stack([np.ones(y.size), np.where(rel, eff, 0.0), np.where(rel, 0.0, eff)])
    beta = np.zeros(X.shape[1])
    steps = 0
    for step in range(1, check_int(n_iter, "n_iter", low=1, func="fit_position_coefficients") + 1):
        steps = step
        p = expit(X @ beta)
        grad = X.T @ (y - p)
        hess = (X * (p * (1 - p))[:, None]).T @ X
        delta = np.linalg.solve(hess, grad)
        beta = beta + delta
        if np.max(np.abs(delta)) < tol:
            break
    return {"intercept": float(beta[0]), "relevant": beta[1:k + 1], "irrelevant": beta[k + 1:], "steps": steps}
