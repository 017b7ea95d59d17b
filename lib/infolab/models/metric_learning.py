"""Metric-learning losses on a batch of embeddings, each returning ``(loss, dL/d embeddings)``.

Feed the gradient to the embedding network's ``backward`` (as with
:mod:`infolab.models.losses`). All losses take the whole batch's embeddings
(rows) with its labels, so one forward pass serves every term.

* :func:`triplet_margin_loss`: mean of [d(a, p) − d(a, n) + m]_+ over
  triplets, with the Euclidean distance or the SNR distance
  d_S(a, x) = Var(x − a)/Var(a) (Yuan et al. 2019);
  :func:`batch_triplets` lists every valid triplet of a batch;
  :func:`zero_mean_penalty` is the SNR paper's regulariser mean_i |Σ_k h_ik|.
* :func:`prototypical_loss` (ProtoNet cross-entropy over −‖q − c‖²),
  :func:`proto_triplet_loss` and :func:`icnn_loss` (Mendez-Ruiz et al. 2023)
  on a few-shot episode whose rows are support and query points.
* :func:`energy_confusion_loss` and :func:`sample_negative_pairs`: the energy
  confusion term log E of ECAML (Chen & Deng 2019), which *pulls
  different-class embeddings together*.

Gradients are exact almost everywhere (hinges, nearest-neighbour selections
and maxima are held fixed, as in automatic differentiation) and are checked
against :func:`~infolab.models.finite_difference_gradients` in the tests.

References
----------
.. [1] T. Yuan, W. Deng, J. Tang, Y. Tang, B. Chen, "Signal-to-noise ratio: a
   robust distance metric for deep metric learning", CVPR 2019, arXiv:1904.02616.
.. [2] M. Mendez-Ruiz et al., "SuSana Distancia is all you need", 2023,
   arXiv:2305.09062.
.. [3] B. Chen, W. Deng, "Energy confused adversarial metric learning for
   zero-shot image retrieval and clustering", AAAI 2019, arXiv:1901.07169.
.. [4] J. Snell, K. Swersky, R. Zemel, "Prototypical networks for few-shot
   learning", NeurIPS 2017, arXiv:1703.05175.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._deprecation import renamed_parameter
from ..measures.embedding import _icnn_from_distances, _icnn_setup, _smoothed_distances
from ..validation import (
    check_choice,
    check_int,
    check_labels,
    check_real,
    check_rng,
    check_samples,
)

__all__ = [
    "batch_triplets",
    "triplet_margin_loss",
    "zero_mean_penalty",
    "prototypical_loss",
    "proto_triplet_loss",
    "icnn_loss",
    "sample_negative_pairs",
    "energy_confusion_loss",
]


def _embeddings(embeddings: Any, func: str, min_rows: int = 2) -> np.ndarray:
    if not hasattr(embeddings, "shape") or getattr(embeddings, "ndim", 0) != 2:
        raise ValueError(f"The 'embeddings' parameter of {func} must be a 2-D array (n, d). "
                         f"Got {type(embeddings).__name__} of shape {getattr(embeddings, 'shape', None)} instead.")
    return check_samples(embeddings, "embeddings", min_samples=min_rows, func=func)


def _labels(labels: Any, n: int, func: str) -> np.ndarray:
    y = check_labels(labels, "labels", func=func)
    if np.ndim(labels) != 1 or y.shape[0] != n:
        raise ValueError(f"The 'labels' parameter of {func} must have one label per embedding ({n}). "
                         f"Got shape {np.shape(labels)} instead.")
    return y


# --------------------------------------------------------------------------- triplets

def batch_triplets(labels: Any) -> np.ndarray:
    """Every valid triplet (anchor, positive, negative) of a batch: y_a = y_p, a ≠ p, y_n ≠ y_a.

    Examples
    --------
    >>> batch_triplets([0, 0, 1]).tolist()
    [[0, 1, 2], [1, 0, 2]]
    """
    y = check_labels(labels, "labels", func="batch_triplets")
    same = y[:, None] == y[None, :]
    np.fill_diagonal(same, False)
    a, p = np.nonzero(same)
    out = [np.column_stack([np.full(int((y != y[i]).sum()), i), np.full(int((y != y[i]).sum()), j),
                            np.flatnonzero(y != y[i])]) for i, j in zip(a, p, strict=True)]
    if not out or sum(len(o) for o in out) == 0:
        raise ValueError("The 'labels' parameter of batch_triplets must contain a class with two points and a "
                         "second class. Got no valid triplet instead.")
    return np.concatenate(out).astype(np.int64)


def _pair_distance(x: np.ndarray, i: np.ndarray, j: np.ndarray, distance: str):
    """d(x_i, x_j) for index arrays, with the gradient factors (dd/dx_i, dd/dx_j)."""
    diff = x[j] - x[i]
    if distance == "euclidean":
        d = np.sqrt(np.sum(diff * diff, axis=1))
        unit = np.divide(diff, d[:, None], out=np.zeros_like(diff), where=d[:, None] > 0)  # subgradient 0 at d = 0
        return d, -unit, unit
    if distance == "squared_euclidean":
        return np.sum(diff * diff, axis=1), -2.0 * diff, 2.0 * diff
    a = x[i]
    ac = a - a.mean(axis=1, keepdims=True)
    na = np.sum(ac * ac, axis=1)
    uc = diff - diff.mean(axis=1, keepdims=True)
    d = np.sum(uc * uc, axis=1) / na
    g_other = 2.0 * uc / na[:, None]
    g_anchor = -g_other - 2.0 * d[:, None] * ac / na[:, None]
    return d, g_anchor, g_other


_DISTANCES = ("euclidean", "squared_euclidean", "snr")


def triplet_margin_loss(embeddings: Any, labels: Any, *, margin: float = 0.2, distance: str = "euclidean",
                        triplets: Any = None, reduction: str = "mean_nonzero"):
    """Triplet margin loss over a batch, and its gradient with respect to the embeddings.

    L = reduce_t [d(a_t, p_t) − d(a_t, n_t) + margin]_+ over triplets t.

    Parameters
    ----------
    embeddings : array, shape (n, d)
        The batch's embeddings (float).
    labels : array_like, shape (n,)
    margin : float, default 0.2
        m ≥ 0 (0.2 is the SNR paper's triplet setting).
    distance : {"euclidean", "squared_euclidean", "snr"}, default "euclidean"
        ``"snr"`` is d_S(a, x) = Var(x − a)/Var(a), variance over coordinates
        (anchor rows need non-zero variance).
    triplets : int array, shape (t, 3), optional
        (anchor, positive, negative) row indices; default
        :func:`batch_triplets` (all valid triplets).
    reduction : {"mean_nonzero", "mean"}, default "mean_nonzero"
        Mean over triplets with a positive hinge (0 if none), as in
        pytorch-metric-learning's default reducer, or over all triplets.

    Returns
    -------
    loss : float
    grad : numpy.ndarray, shape (n, d)
        dL/d embeddings (the hinge's derivative at exactly 0 is taken as 0;
        the Euclidean distance's at coincident points too).

    Examples
    --------
    >>> import numpy as np
    >>> x = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 2.0]])
    >>> loss, grad = triplet_margin_loss(x, [0, 0, 1], margin=1.5)
    >>> bool(round(loss, 12) == round((0.5 + (2.5 - np.sqrt(5))) / 2, 12))   # hinges 1 − 2 + 1.5 and 1 − √5 + 1.5
    True
    """
    func = "triplet_margin_loss"
    x = _embeddings(embeddings, func, min_rows=3)
    y = _labels(labels, x.shape[0], func)
    margin = check_real(margin, "margin", low=0.0, func=func)
    check_choice(distance, "distance", _DISTANCES, func)
    check_choice(reduction, "reduction", ("mean_nonzero", "mean"), func)
    if triplets is None:
        t = batch_triplets(y)
    else:
        t = np.asarray(triplets)
        if t.ndim != 2 or t.shape[1] != 3 or t.shape[0] == 0 or t.dtype.kind not in "iu":
            raise ValueError(f"The 'triplets' parameter of {func} must be a non-empty int array of shape (t, 3). "
                             f"Got {t.dtype} array of shape {t.shape} instead.")
        if t.min() < 0 or t.max() >= x.shape[0]:
            raise ValueError(f"The 'triplets' parameter of {func} must index rows in [0, {x.shape[0] - 1}]. "
                             f"Got values in [{t.min()}, {t.max()}] instead.")
        if np.any(y[t[:, 0]] != y[t[:, 1]]) or np.any(y[t[:, 0]] == y[t[:, 2]]) or np.any(t[:, 0] == t[:, 1]):
            raise ValueError(f"The 'triplets' parameter of {func} must hold (anchor, same-class positive, "
                             "other-class negative) rows with anchor ≠ positive. Got an invalid triplet instead.")
    if distance == "snr":
        xc = x[t[:, 0]] - x[t[:, 0]].mean(axis=1, keepdims=True)
        if np.any(np.sum(xc * xc, axis=1) == 0):
            raise ValueError(f"The 'embeddings' parameter of {func} must have anchor rows with non-zero variance "
                             "across coordinates for distance='snr'. Got a constant anchor row instead.")
    d_ap, ga_p, gp = _pair_distance(x, t[:, 0], t[:, 1], distance)
    d_an, ga_n, gn = _pair_distance(x, t[:, 0], t[:, 2], distance)
    hinge = d_ap - d_an + margin
    active = hinge > 0
    count = int(active.sum()) if reduction == "mean_nonzero" else t.shape[0]
    grad = np.zeros_like(x)
    if count == 0:
        return 0.0, grad
    loss = float(np.sum(hinge[active]) / count)
    w = active[:, None] / count
    np.add.at(grad, t[:, 0], w * (ga_p - ga_n))
    np.add.at(grad, t[:, 1], w * gp)
    np.add.at(grad, t[:, 2], -w * gn)
    return loss, grad


def zero_mean_penalty(embeddings: Any):
    """Mean over rows of |Σ_k h_ik| and its (sub)gradient: pushes each embedding's coordinates to sum to 0.

    With zero-sum rows Var(h) ∝ ‖h‖², so the SNR distance becomes a ratio of
    squared norms (Yuan et al. 2019, the regulariser weighted by λ).

    Examples
    --------
    >>> import numpy as np
    >>> loss, grad = zero_mean_penalty(np.array([[1.0, 2.0], [-1.0, 1.0]]))
    >>> loss, grad.tolist()
    (1.5, [[0.5, 0.5], [0.0, 0.0]])
    """
    x = _embeddings(embeddings, "zero_mean_penalty", min_rows=1)
    s = x.sum(axis=1)
    return float(np.mean(np.abs(s))), np.repeat(np.sign(s)[:, None] / x.shape[0], x.shape[1], axis=1)


# --------------------------------------------------------------------------- few-shot episodes

def _episode(embeddings, labels, is_query, func):
    x = _embeddings(embeddings, func)
    y = _labels(labels, x.shape[0], func)
    q = np.asarray(is_query)
    if q.dtype != bool or q.shape != (x.shape[0],):
        raise ValueError(f"The 'is_query' parameter of {func} must be a boolean array of shape ({x.shape[0]},). "
                         f"Got {q.dtype} array of shape {q.shape} instead.")
    s_cls = np.unique(y[~q])
    if s_cls.size < 2 or not np.any(q) or not np.all(np.isin(y[q], s_cls)):
        raise ValueError(f"The 'is_query' parameter of {func} must leave support points of at least two classes "
                         "and queries whose classes all have support. Got an episode without that instead.")
    return x, y, q, s_cls


def _prototypes(x, y, q, s_cls):
    """Prototype of each support class (mean of its support rows) and the averaging matrix P (c, n)."""
    p = np.zeros((s_cls.size, x.shape[0]))
    for c, cls in enumerate(s_cls):
        rows = np.flatnonzero((y == cls) & ~q)
        p[c, rows] = 1.0 / rows.size
    return p @ x, p


def prototypical_loss(embeddings: Any, labels: Any, is_query: Any):
    """ProtoNet cross-entropy of the queries under logits −‖q − c_k‖², and dL/d embeddings (all rows).

    Prototypes c_k are the means of each class's support rows (``is_query`` False).

    Returns
    -------
    loss : float
        Mean cross-entropy over queries, nats.
    grad : numpy.ndarray, shape (n, d)
    accuracy : float
        Fraction of queries whose nearest prototype is their class.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.array([[0.0], [4.0], [0.0], [4.0]])
    >>> loss, grad, acc = prototypical_loss(x, [0, 1, 0, 1], np.array([False, False, True, True]))
    >>> round(loss, 6), acc       # log(1 + e^{-16})
    (0.0, 1.0)
    """
    func = "prototypical_loss"
    x, y, q, s_cls = _episode(embeddings, labels, is_query, func)
    protos, p = _prototypes(x, y, q, s_cls)
    xq = x[q]
    target = np.searchsorted(s_cls, y[q])
    diff = xq[:, None, :] - protos[None, :, :]
    logits = -np.sum(diff * diff, axis=2)
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    nq = xq.shape[0]
    loss = -float(np.mean(log_p[np.arange(nq), target]))
    g_logits = np.exp(log_p)
    g_logits[np.arange(nq), target] -= 1.0
    g_logits /= nq
    # logits = -||q - c||^2: d/dq = -2 (q - c), d/dc = 2 (q - c)
    g_q = -2.0 * np.sum(g_logits[:, :, None] * diff, axis=1)
    g_c = 2.0 * np.sum(g_logits[:, :, None] * diff, axis=0)
    grad = p.T @ g_c
    grad[q] += g_q
    acc = float(np.mean(np.argmax(logits, axis=1) == target))
    return loss, grad, acc


def proto_triplet_loss(embeddings: Any, labels: Any, is_query: Any, *, margin: float = 0.5,
                       smoothing: float = 1e-6):
    """Proto-Triplet loss: mean over queries of [d(q, c_y) − min_{k≠y} d(q, c_k) + margin]_+, and its gradient.

    d is the Euclidean distance sqrt(‖q − c‖² + smoothing) to the class
    prototypes c_k (means of the support rows); the gradient reaches the
    queries and, through the prototypes, the support rows.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.array([[0.0], [1.0], [0.25]])    # prototypes 0 and 1, one query of class 0 at 0.25
    >>> loss, _ = proto_triplet_loss(x, [0, 1, 0], np.array([False, False, True]), smoothing=0.0)
    >>> round(loss, 12)                          # 0.25 − 0.75 + 0.5
    0.0
    """
    func = "proto_triplet_loss"
    x, y, q, s_cls = _episode(embeddings, labels, is_query, func)
    margin = check_real(margin, "margin", low=0.0, func=func)
    smoothing = check_real(smoothing, "smoothing", low=0.0, func=func)
    protos, p = _prototypes(x, y, q, s_cls)
    xq = x[q]
    nq = xq.shape[0]
    target = np.searchsorted(s_cls, y[q])
    dist = _smoothed_distances(xq, protos, smoothing)
    d_pos = dist[np.arange(nq), target]
    other = dist.copy()
    other[np.arange(nq), target] = np.inf
    j_neg = np.argmin(other, axis=1)
    d_neg = other[np.arange(nq), j_neg]
    hinge = d_pos - d_neg + margin
    active = (hinge > 0).astype(np.float64) / nq
    loss = float(np.mean(np.maximum(hinge, 0.0)))
    g_dist = np.zeros_like(dist)
    g_dist[np.arange(nq), target] += active
    g_dist[np.arange(nq), j_neg] -= active
    diff = xq[:, None, :] - protos[None, :, :]
    with np.errstate(invalid="ignore", divide="ignore"):
        w = np.where(dist > 0, g_dist / dist, 0.0)
    g_q = np.sum(w[:, :, None] * diff, axis=1)
    g_c = -np.sum(w[:, :, None] * diff, axis=0)
    grad = p.T @ g_c
    grad[q] += g_q
    return loss, grad


@renamed_parameter("n_neighbours", "k_search")
def icnn_loss(embeddings: Any, labels: Any, *, k: int = 4, target: Any = None, target_labels: Any = None,
              k_search: int | None = None, drop_nearest_target: bool = False, smoothing: float = 1e-6):
    """ICNN loss −log(ICNN score) and its gradient with respect to ``embeddings`` (and ``target``).

    The score is :func:`~infolab.measures.icnn_score` (same parameters). The
    neighbour sets, nearest other-class neighbours and maxima are held fixed
    in the gradient; γ (a count) has zero gradient.

    Returns
    -------
    loss : float
    grad : numpy.ndarray, shape like ``embeddings``
    grad_target : numpy.ndarray, shape like ``target`` (only when ``target`` is given)

    Examples
    --------
    >>> import numpy as np
    >>> x = np.array([[0.0], [0.1], [0.2], [10.0], [10.1], [10.2]])
    >>> loss, grad = icnn_loss(x, [0, 0, 0, 1, 1, 1], k=2)
    >>> bool(0.0 < loss < 0.3), grad.shape
    (True, (6, 1))
    """
    func = "icnn_loss"
    x, t, y_o, y_t, k, ipc, same_set, smoothing = _icnn_setup(
        embeddings, labels, target, target_labels, k, k_search, drop_nearest_target, smoothing, func)
    dist = _smoothed_distances(x, t, smoothing)
    if same_set:
        np.fill_diagonal(dist, np.inf)
    parts, g_dist = _icnn_from_distances(dist, y_o, y_t, k, ipc, drop_nearest_target, need_grad=True)
    if parts.score <= 0:
        raise ValueError(f"The 'embeddings' parameter of {func} gives an ICNN score of {parts.score}; "
                         "−log is undefined. Got a degenerate embedding instead.")
    g_dist = -g_dist / parts.score
    finite = np.isfinite(dist)
    w = np.where(finite, g_dist / np.where(finite, dist, 1.0), 0.0)
    # d_ij = sqrt(||x_i - t_j||^2 + s): dd/dx_i = (x_i - t_j)/d, dd/dt_j = -(x_i - t_j)/d
    g_x = w.sum(axis=1)[:, None] * x - w @ t
    g_t = w.sum(axis=0)[:, None] * t - w.T @ x
    loss = float(-np.log(parts.score))
    if same_set:
        return loss, g_x + g_t
    return loss, g_x, g_t


# --------------------------------------------------------------------------- energy confusion

def sample_negative_pairs(labels: Any, per_anchor: int = 10, *, seed: Any = 0) -> np.ndarray:
    """For each row, ``per_anchor`` different-class partners drawn uniformly (with replacement).

    ECAML's layer draws its partners from the rows after the anchor in a batch
    ordered two images per class, which makes every pair a negative one; this
    sampler gives negatives for any batch order.

    Returns
    -------
    numpy.ndarray, shape (n · per_anchor, 2)
        (anchor, partner) row indices with different labels.

    Examples
    --------
    >>> pairs = sample_negative_pairs([0, 0, 1, 1], 3, seed=0)
    >>> pairs.shape, bool(all(([0, 0, 1, 1][i] != [0, 0, 1, 1][j]) for i, j in pairs))
    ((12, 2), True)
    """
    func = "sample_negative_pairs"
    y = check_labels(labels, "labels", func=func)
    per_anchor = check_int(per_anchor, "per_anchor", low=1, func=func)
    rng = check_rng(seed, "seed", func)
    if y.max() == 0:
        raise ValueError(f"The 'labels' parameter of {func} must contain at least two classes. Got one instead.")
    out = []
    for i in range(y.size):
        cand = np.flatnonzero(y != y[i])
        out.append(np.column_stack([np.full(per_anchor, i), rng.choice(cand, size=per_anchor)]))
    return np.concatenate(out).astype(np.int64)


def energy_confusion_loss(embeddings: Any, labels: Any, *, pairs: Any = None):
    """Energy-confusion term L_EC = log E with E = Σ_{(i,j)} ½‖f_i − f_j‖² / W, and dL/d embeddings.

    Minimising it pulls different-class embeddings together (the "confusion"
    that ECAML weighs against the discriminative metric loss). W is the number
    of different-class pairs i < j in the batch; it only shifts log E, but is
    kept so that E is the mean negative-pair energy when ``pairs`` lists them all.

    Parameters
    ----------
    embeddings : array, shape (n, d)
    labels : array_like, shape (n,)
    pairs : int array, shape (p, 2), optional
        Different-class (i, j) pairs to sum over (e.g. from
        :func:`sample_negative_pairs`); default every different-class pair i < j.

    Returns
    -------
    loss : float
        log E (nats of energy; E in squared embedding units).
    grad : numpy.ndarray, shape (n, d)
        (1/E) dE/df.

    Notes
    -----
    Over *all* pairs, Σ_{i<j} ‖f_i − f_j‖² = n Σ_i ‖f_i − f̄‖², so E over every
    pair is a dispersion; over negatives only it is the spread between classes.

    Examples
    --------
    >>> import numpy as np
    >>> loss, grad = energy_confusion_loss(np.array([[0.0], [2.0]]), [0, 1])
    >>> round(float(np.exp(loss)), 12), grad.ravel().tolist()   # E = ½·4/1
    (2.0, [-1.0, 1.0])
    """
    func = "energy_confusion_loss"
    x = _embeddings(embeddings, func)
    y = _labels(labels, x.shape[0], func)
    neg = y[:, None] != y[None, :]
    w_neg = int(np.triu(neg, 1).sum())
    if w_neg == 0:
        raise ValueError(f"The 'labels' parameter of {func} must contain at least two classes. Got one instead.")
    if pairs is None:
        i, j = np.nonzero(np.triu(neg, 1))
    else:
        pr = np.asarray(pairs)
        if pr.ndim != 2 or pr.shape[1] != 2 or pr.shape[0] == 0 or pr.dtype.kind not in "iu":
            raise ValueError(f"The 'pairs' parameter of {func} must be a non-empty int array of shape (p, 2). "
                             f"Got {pr.dtype} array of shape {pr.shape} instead.")
        if pr.min() < 0 or pr.max() >= x.shape[0] or np.any(y[pr[:, 0]] == y[pr[:, 1]]):
            raise ValueError(f"The 'pairs' parameter of {func} must index rows in [0, {x.shape[0] - 1}] with "
                             "different labels. Got an out-of-range or same-class pair instead.")
        i, j = pr[:, 0], pr[:, 1]
    diff = x[i] - x[j]
    energy = float(0.5 * np.sum(diff * diff) / w_neg)
    if energy <= 0:
        raise ValueError(f"The 'embeddings' parameter of {func} gives zero energy (all paired rows coincide); "
                         "log E is undefined. Got coincident embeddings instead.")
    grad = np.zeros_like(x)
    np.add.at(grad, i, diff)
    np.add.at(grad, j, -diff)
    return float(np.log(energy)), grad / (w_neg * energy)
