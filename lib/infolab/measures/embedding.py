"""Geometry of a labelled embedding: the SNR distance, the ICNN class-separability score, class spreads.

* :func:`snr_distance`, :func:`snr_distance_matrix`: the signal-to-noise-ratio
  distance of Yuan et al. (2019), d_S(a, x) = Var(x − a) / Var(a), where the
  variance is over the D coordinates of one vector. It is 1/SNR when the anchor
  ``a`` is the signal and ``x − a`` the noise. With σ_a, σ_x the per-vector
  standard deviations and ρ the Pearson correlation of the coordinates,
  d_S = 1 + σ_x²/σ_a² − 2ρ σ_x/σ_a, so for vectors of equal spread it is
  2(1 − ρ), twice SciPy's correlation distance.
* :func:`icnn_score`: the inter/intra-class nearest-neighbour score of
  Mendez-Ruiz et al. (2023), in [0, 1], high when same-class neighbours are
  close relative to the nearest other-class point and other-class neighbours
  are far; its negative log is the ICNN loss
  (:func:`~infolab.models.icnn_loss`).
* :func:`class_distance_ratio`: mean same-class over mean different-class
  pair distance.

References
----------
.. [1] T. Yuan, W. Deng, J. Tang, Y. Tang, B. Chen, "Signal-to-noise ratio: a
   robust distance metric for deep metric learning", CVPR 2019, arXiv:1904.02616.
.. [2] M. Mendez-Ruiz, J. Gonzalez-Zapata, I. Reyes-Amezcua, D. Flores-Araiza,
   F. Lopez-Tiro, A. Mendez-Vazquez, G. Ochoa-Ruiz, "SuSana Distancia is all you
   need: enforcing class separability in metric learning via two novel
   distance-based loss functions for few-shot image classification", 2023,
   arXiv:2305.09062.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from .._deprecation import renamed_parameter
from ..validation import check_choice, check_int, check_labels, check_real, check_samples

__all__ = ["snr_distance", "snr_distance_matrix", "ICNNScore", "icnn_score", "class_distance_ratio"]


# --------------------------------------------------------------------------- SNR distance

def _centred_with_variance(x: np.ndarray):
    c = x - x.mean(axis=1, keepdims=True)
    ss = np.sum(c * c, axis=1)
    return c, ss


def _check_anchor_spread(ss: np.ndarray, name: str, func: str) -> None:
    if np.any(ss == 0):
        raise ValueError(f"The '{name}' parameter of {func} must have rows with non-zero variance across coordinates "
                         f"(d_S divides by Var(anchor)). Got {int((ss == 0).sum())} constant row(s) instead.")


def _rows(x: Any, name: str, func: str) -> tuple[np.ndarray, bool]:
    arr = np.asarray(x) if not hasattr(x, "shape") else x
    one = getattr(arr, "ndim", 0) == 1
    out = check_samples(np.reshape(arr, (1, -1)) if one else arr, name, func=func)
    if out.shape[1] < 2:
        raise ValueError(f"The '{name}' parameter of {func} must have at least 2 coordinates per vector (the variance "
                         f"is over coordinates). Got {out.shape[1]} instead.")
    return out, one


def snr_distance(anchor: Any, other: Any):
    """SNR distance d_S(a, x) = Var(x − a) / Var(a), variance over the coordinates of each vector.

    Parameters
    ----------
    anchor : array_like, shape (d,) or (n, d)
        The "signal" vector(s); each needs non-zero variance across coordinates.
    other : array_like, same shape as ``anchor``
        The compared vector(s), read as signal + noise; rows are paired with ``anchor``.

    Returns
    -------
    float or numpy.ndarray of shape (n,)
        d_S ≥ 0 (a float for 1-D input).

    Notes
    -----
    Not symmetric: d_S(a, x) ≠ d_S(x, a) unless Var(a) = Var(x). Invariant to
    scaling both vectors by one c ≠ 0 and to adding a constant to every
    coordinate of either. The normalisation of the variance (1/D or 1/(D−1))
    cancels in the ratio. If x = a + n with n independent zero-mean noise,
    d_S → σ_n²/σ_a² as D grows and ρ(a, x) → 1/√(1 + d_S).

    References
    ----------
    T. Yuan, W. Deng, J. Tang, Y. Tang, B. Chen, "Signal-to-noise ratio: a
    robust distance metric for deep metric learning", CVPR 2019,
    arXiv:1904.02616.

    Examples
    --------
    >>> snr_distance([1.0, -1.0, 1.0, -1.0], [2.0, -2.0, 2.0, -2.0])
    1.0
    >>> snr_distance([1.0, 2.0, 3.0], [11.0, 12.0, 13.0])   # a shift is not noise
    0.0
    """
    func = "snr_distance"
    a, one = _rows(anchor, "anchor", func)
    x, _ = _rows(other, "other", func)
    if a.shape != x.shape:
        raise ValueError(f"The 'other' parameter of {func} must have the shape of 'anchor' {a.shape}. "
                         f"Got shape {x.shape} instead.")
    _, ss_a = _centred_with_variance(a)
    _check_anchor_spread(ss_a, "anchor", func)
    _, ss_n = _centred_with_variance(x - a)
    d = ss_n / ss_a
    return float(d[0]) if one else d


def snr_distance_matrix(anchors: Any, others: Any = None):
    """All SNR distances D[i, j] = d_S(anchors[i], others[j]) with one matrix product.

    With a_c, x_c the row-centred vectors, D[i, j] = (‖x_c,j‖² + ‖a_c,i‖² − 2 a_c,i·x_c,j) / ‖a_c,i‖².

    Parameters
    ----------
    anchors : array_like, shape (n, d)
        Rows with non-zero variance across coordinates.
    others : array_like, shape (m, d), optional
        Default: ``anchors`` (then the diagonal is 0 up to round-off).

    Returns
    -------
    numpy.ndarray, shape (n, m)
        Entry [i, j] is d_S(anchors[i], others[j]).

    Notes
    -----
    Round-off can make an entry a few ulps below 0 for near-identical rows;
    entries are returned as computed. Memory is O(nm), not the O(nmd) of a
    broadcast difference.

    References
    ----------
    T. Yuan, W. Deng, J. Tang, Y. Tang, B. Chen, "Signal-to-noise ratio: a
    robust distance metric for deep metric learning", CVPR 2019,
    arXiv:1904.02616.

    Examples
    --------
    >>> import numpy as np
    >>> a = np.array([[1.0, -1.0, 0.0], [0.0, 2.0, -2.0]])
    >>> np.allclose(snr_distance_matrix(a)[0, 1], snr_distance(a[0], a[1]))
    True
    """
    func = "snr_distance_matrix"
    a, _ = _rows(anchors, "anchors", func)
    if a.ndim != 2:
        raise ValueError(f"The 'anchors' parameter of {func} must be 2-D. Got shape {a.shape} instead.")
    x = a if others is None else _rows(others, "others", func)[0]
    if x.shape[1] != a.shape[1]:
        raise ValueError(f"The 'others' parameter of {func} must have {a.shape[1]} coordinates per row like "
                         f"'anchors'. Got {x.shape[1]} instead.")
    ac, ss_a = _centred_with_variance(a)
    _check_anchor_spread(ss_a, "anchors", func)
    xc, ss_x = _centred_with_variance(x)
    return (ss_x[None, :] + ss_a[:, None] - 2.0 * (ac @ xc.T)) / ss_a[:, None]


# --------------------------------------------------------------------------- ICNN score

class ICNNScore(NamedTuple):
    """The ICNN score and its parts: score = ((lambda_same + lambda_diff)/2 + gamma)/2."""

    score: float
    lambda_same: float
    lambda_diff: float
    gamma: float


def _smoothed_distances(x: np.ndarray, t: np.ndarray, smoothing: float) -> np.ndarray:
    sq = np.sum(x * x, axis=1)[:, None] + np.sum(t * t, axis=1)[None, :] - 2.0 * (x @ t.T)
    return np.sqrt(np.maximum(sq, 0.0) + smoothing)


def _icnn_from_distances(dist: np.ndarray, y_o: np.ndarray, y_t: np.ndarray, k: int, ipc: int,
                         drop_first: bool, need_grad: bool):
    """ICNN score from a distance matrix whose excluded entries (self pairs) are +inf.

    Returns (ICNNScore, grad) with grad = d score / d dist (zeros where unused) or None.
    """
    n = dist.shape[0]
    width = ipc + 1 if drop_first else ipc
    order = np.argsort(dist, axis=1, kind="stable")[:, :width]
    if drop_first:
        order = order[:, 1:]
    rows = np.arange(n)[:, None]
    d = dist[rows, order]                       # (n, ipc) neighbour distances, nearest first
    same = y_t[order] == y_o[:, None]
    diff = ~same

    # lambda_same: same-class distances over the nearest other-class distance, column-normalised by max(1, max)
    d_diff = np.where(diff, d, np.inf)
    j_nn = np.argmin(d_diff, axis=1)
    q = d_diff[np.arange(n), j_nn]              # inf where no other-class neighbour among the ipc
    has_q = np.isfinite(q)
    r = np.zeros((n, k))
    r[has_q] = d[has_q, :k] / q[has_q, None]
    col_arg = np.argmax(r, axis=0)
    col_max = r[col_arg, np.arange(k)]
    m = np.maximum(1.0, col_max)
    nd = r / m[None, :]
    s_k = same[:, :k]
    c_s = s_k.sum(axis=1)
    has_s = c_s > 0
    a_count = int(has_s.sum())
    per_s = np.zeros(n)
    per_s[has_s] = np.sum(nd * s_k, axis=1)[has_s] / c_s[has_s]
    lam_same = 1.0 - (per_s.sum() / a_count if a_count else 0.0)

    # lambda_diff: other-class distances among the first k over their global maximum
    c_k = diff[:, :k]
    c_c = c_k.sum(axis=1)
    has_c = c_c > 0
    b_count = int(has_c.sum())
    e = np.where(c_k, d[:, :k], 0.0)
    if b_count:
        g_flat = int(np.argmax(e))
        g = e.flat[g_flat]
        per_c = np.zeros(n)
        per_c[has_c] = e[has_c].sum(axis=1) / (g * c_c[has_c])
        lam_diff = per_c.sum() / b_count
    else:
        lam_diff = 1.0
    gamma = float(np.mean(c_s / k))
    score = 0.5 * (0.5 * (lam_same + lam_diff) + gamma)
    parts = ICNNScore(float(score), float(lam_same), float(lam_diff), gamma)
    if not need_grad:
        return parts, None

    g_d = np.zeros((n, ipc))
    if a_count:
        g_nd = np.zeros((n, k))
        g_nd[has_s] = -0.25 * s_k[has_s] / (a_count * c_s[has_s, None])
        g_r = g_nd / m[None, :]
        for j in range(k):
            if col_max[j] > 1.0:
                g_r[col_arg[j], j] -= np.sum(g_nd[:, j] * r[:, j]) / m[j] ** 2
        g_d[has_q, :k] += g_r[has_q] / q[has_q, None]
        g_q = np.zeros(n)
        g_q[has_q] = -np.sum(g_r[has_q] * d[has_q, :k], axis=1) / q[has_q] ** 2
        g_d[np.arange(n)[has_q], j_nn[has_q]] += g_q[has_q]
    if b_count:
        g_e = np.zeros((n, k))
        g_e[has_c] = 0.25 * c_k[has_c] / (b_count * c_c[has_c, None])
        g_d[:, :k] += g_e / g
        i_g, j_g = np.unravel_index(g_flat, e.shape)
        g_d[i_g, j_g] -= np.sum(g_e * e) / g ** 2
    grad = np.zeros_like(dist)
    np.add.at(grad, (np.repeat(np.arange(n), ipc), order.reshape(-1)), g_d.reshape(-1))
    return parts, grad


def _icnn_setup(embeddings, labels, target, target_labels, k, k_search, drop_nearest_target,
                smoothing, func):
    x = check_samples(embeddings, "embeddings", min_samples=1, func=func)
    y_raw = np.asarray(labels)
    if y_raw.ndim != 1 or y_raw.shape[0] != x.shape[0]:
        raise ValueError(f"The 'labels' parameter of {func} must have one label per embedding ({x.shape[0]}). "
                         f"Got shape {y_raw.shape} instead.")
    smoothing = check_real(smoothing, "smoothing", low=0.0, func=func)
    if target is None:
        if target_labels is not None:
            raise ValueError(f"The 'target_labels' parameter of {func} needs 'target'. Got target=None instead.")
        if drop_nearest_target:
            raise ValueError(f"The 'drop_nearest_target' parameter of {func} applies only with a separate 'target' "
                             "set (a point is never its own neighbour here). Got True with target=None instead.")
        t = x
        codes = check_labels(y_raw, "labels", func=func)
        y_o = y_t = codes
        available = x.shape[0] - 1
    else:
        t = check_samples(target, "target", func=func)
        if t.shape[1] != x.shape[1]:
            raise ValueError(f"The 'target' parameter of {func} must have {x.shape[1]} coordinates per row. "
                             f"Got {t.shape[1]} instead.")
        if target_labels is None:
            raise ValueError(f"The 'target_labels' parameter of {func} is required with 'target'. Got None instead.")
        yt_raw = np.asarray(target_labels)
        if yt_raw.ndim != 1 or yt_raw.shape[0] != t.shape[0]:
            raise ValueError(f"The 'target_labels' parameter of {func} must have one label per target row "
                             f"({t.shape[0]}). Got shape {yt_raw.shape} instead.")
        both = check_labels(np.concatenate([y_raw, yt_raw]), "labels", func=func)
        y_o, y_t = both[: x.shape[0]], both[x.shape[0]:]
        available = t.shape[0] - (1 if drop_nearest_target else 0)
    if available < 2:
        raise ValueError(f"The 'embeddings' parameter of {func} leaves {available} neighbour(s) per point; "
                         "the score needs at least 2. Got too few rows instead.")
    k = check_int(k, "k", low=1, high=available - 1, func=func)
    ipc = k + 1 if k_search is None else check_int(k_search, "k_search", low=k, high=available, func=func)
    return x, t, y_o, y_t, k, ipc, target is None, smoothing


@renamed_parameter("n_neighbours", "k_search")
def icnn_score(embeddings: Any, labels: Any, *, k: int = 4, target: Any = None, target_labels: Any = None,
               k_search: int | None = None, drop_nearest_target: bool = False,
               smoothing: float = 1e-6) -> ICNNScore:
    """Inter/intra-class nearest-neighbour (ICNN) score of a labelled embedding, in [0, 1].

    For each point i take its ``k_search`` (default k + 1) nearest points of
    the target set (the embedding itself, i excluded, by default), with
    distances d_i1 ≤ d_i2 ≤ …, and let q_i be the distance to the nearest
    other-class one among them. Then, over the first k neighbours,

    * λ_same = 1 − mean_i [ mean_{j same class} r_ij / max(1, max_i' r_i'j) ],
      with r_ij = d_ij / q_i (r = 0 when no other-class neighbour is found), the
      outer mean over points with a same-class neighbour;
    * λ_diff = mean_i [ mean_{j other class} d_ij / G ], G the largest such
      distance in the set, over points with an other-class neighbour
      (λ_diff = 1 if no point has one);
    * γ = mean_i (number of same-class points among the k nearest) / k;
    * score = ((λ_same + λ_diff)/2 + γ)/2, and the ICNN loss is −log(score).

    Parameters
    ----------
    embeddings : array_like, shape (n, d)
    labels : array_like, shape (n,)
    k : int, default 4
        Neighbours scored, in [1, available − 1].
    target, target_labels : array_like, optional
        A separate set to find neighbours in (e.g. queries against support
        points or prototypes); then no point is excluded.
    k_search : int, optional
        Neighbours searched for q_i, in [k, available]; default k + 1.
    drop_nearest_target : bool, default False
        Only with ``target``: also discard each point's nearest target, as the
        released code does (it drops the first neighbour column, meant to be
        the point itself, even when the target set is a different set).
    smoothing : float, default 1e-6
        Distances are sqrt(‖u − v‖² + smoothing), as in the reference
        implementation (it keeps the gradient finite at coincident points).

    Returns
    -------
    ICNNScore
        ``(score, lambda_same, lambda_diff, gamma)``.

    Notes
    -----
    Defined from the reference implementation's ``modified_score``
    (github.com/maumruiz/FSL-Loss, ``algorithms/icnn_loss.py``), with two
    deliberate differences: no 1e-7 added to denominators (a ratio is only
    taken where its count is positive), and a too-large k is an error rather
    than being silently reduced to n − 2 (the code then also forces γ = 1).
    γ is the mean uniform-kNN probability of the true class, not kNN accuracy.
    The score is piecewise smooth: it changes only through the distances, with
    the neighbour sets and the arg-max/arg-min held fixed.

    References
    ----------
    Mendez-Ruiz et al., arXiv:2305.09062 (2023), the ICNN loss.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.array([[0.0], [0.1], [0.2], [10.0], [10.1], [10.2]])
    >>> s = icnn_score(x, [0, 0, 0, 1, 1, 1], k=2, smoothing=0.0)
    >>> round(s.gamma, 12), round(s.lambda_diff, 12)
    (1.0, 1.0)
    """
    func = "icnn_score"
    x, t, y_o, y_t, k, ipc, same_set, smoothing = _icnn_setup(
        embeddings, labels, target, target_labels, k, k_search, drop_nearest_target, smoothing, func)
    dist = _smoothed_distances(x, t, smoothing)
    if same_set:
        np.fill_diagonal(dist, np.inf)
    parts, _ = _icnn_from_distances(dist, y_o, y_t, k, ipc, drop_nearest_target, need_grad=False)
    return parts


# --------------------------------------------------------------------------- class spreads

def class_distance_ratio(embeddings: Any, labels: Any, *, metric: str = "euclidean") -> float:
    """Mean distance of same-class pairs over mean distance of different-class pairs.

    Parameters
    ----------
    embeddings : array_like, shape (n, d)
        One embedding per row, n ≥ 2.
    labels : array_like, shape (n,)
        At least one class with two points and at least two classes.
    metric : {"euclidean", "snr"}, default "euclidean"
        ``"snr"`` averages d_S over ordered pairs (it is not symmetric).

    Returns
    -------
    float
        Below 1 when classes are tighter than the space between them.

    Notes
    -----
    Every pair counts once per order (i ≠ j), so large classes dominate both
    means. It is a ratio of means, not a margin: a few far outliers in one
    class can raise it above 1 while nearest-neighbour retrieval stays
    perfect. Memory is O(n²). :func:`icnn_score` looks at neighbours instead.

    References
    ----------
    .. [1] T. Yuan, W. Deng, J. Tang, Y. Tang, B. Chen, "Signal-to-noise ratio:
       a robust distance metric for deep metric learning", CVPR 2019,
       arXiv:1904.02616 (intra/inter-class distance comparisons).
    .. [2] R. O. Duda, P. E. Hart, D. G. Stork, Pattern Classification, 2nd
       ed., Wiley, 2001 (within- and between-class scatter).

    Examples
    --------
    >>> import numpy as np
    >>> x = np.array([[0.0], [1.0], [10.0], [11.0]])
    >>> round(class_distance_ratio(x, [0, 0, 1, 1]), 12)   # 1 / mean(10, 11, 9, 10)
    0.1
    """
    func = "class_distance_ratio"
    check_choice(metric, "metric", ("euclidean", "snr"), func)
    x = check_samples(embeddings, "embeddings", min_samples=2, func=func)
    y = check_labels(labels, "labels", func=func)
    if y.ndim != 1 or y.shape[0] != x.shape[0]:
        raise ValueError(f"The 'labels' parameter of {func} must have one label per embedding ({x.shape[0]}). "
                         f"Got shape {np.shape(labels)} instead.")
    if y.max() == 0 or np.bincount(y).max() < 2:
        raise ValueError(f"The 'labels' parameter of {func} must give at least two classes and one class with two "
                         "points. Got a labelling without same- or different-class pairs instead.")
    if metric == "snr":
        d = snr_distance_matrix(x)
    else:
        d = _smoothed_distances(x, x, 0.0)
    same = y[:, None] == y[None, :]
    off = ~np.eye(x.shape[0], dtype=bool)
    return float(d[same & off].mean() / d[~same].mean())
