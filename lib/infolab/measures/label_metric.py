"""Predictions over a metric label space: Fréchet means of a classifier's probabilities.

A classifier outputs probabilities p_1..p_K over the K classes it was trained on,
λ_1..λ_K, which sit in a larger label space 𝒴 with a metric d (a tree or graph
shortest-path distance, or distances between label embeddings). Instead of the argmax,
predict the Fréchet mean

.. math:: \\hat y = \\arg\\min_{y \\in \\mathcal Y} \\sum_{i=1}^K p_i\\, d^2(y, \\lambda_i),

which can be a label never observed in training (:func:`frechet_mean_prediction`,
:func:`frechet_objective`). The labels that are the Fréchet mean of *some* probability
vector form the locus of the observed set (:func:`frechet_locus`, exact by linear
programming; on trees it is the union of the paths between observed labels,
:func:`geodesic_hull`). The matching loss is the expected squared distance
(:func:`expected_squared_distance`): under the true posterior over 𝒴 the Fréchet mean is
the Bayes rule for it, as the argmax is for the 0-1 loss.

Distances are in the label space's own units; squared distances in those units squared.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import optimize

from ..validation import check_real

__all__ = [
    "frechet_objective",
    "frechet_mean_prediction",
    "frechet_locus",
    "geodesic_hull",
    "expected_squared_distance",
]


def _distances(d: Any, name: str, func: str, *, square: bool = False) -> np.ndarray:
    if d is None or isinstance(d, (str, bytes)):
        raise TypeError(f"The '{name}' parameter of {func} must be a 2-D array of distances. Got {d!r} instead.")
    arr = np.asarray(d)
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"The '{name}' parameter of {func} must hold real distances. Got dtype {arr.dtype} instead.")
    arr = arr.astype(np.float64, copy=True)
    if arr.ndim != 2 or arr.shape[0] == 0 or arr.shape[1] == 0:
        raise ValueError(f"The '{name}' parameter of {func} must be a non-empty 2-D array. Got shape {arr.shape} instead.")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"The '{name}' parameter of {func} must contain only finite distances. Got NaN or inf instead.")
    if np.any(arr < 0):
        raise ValueError(f"The '{name}' parameter of {func} must contain non-negative distances. "
                         f"Got a minimum of {arr.min()!r} instead.")
    if square:
        if arr.shape[0] != arr.shape[1]:
            raise ValueError(f"The '{name}' parameter of {func} must be a square matrix over the label space. "
                             f"Got shape {arr.shape} instead.")
        scale = max(float(arr.max()), 1e-300)
        if np.max(np.abs(arr - arr.T)) > 1e-9 * scale or np.max(np.abs(np.diag(arr))) > 1e-9 * scale:
            raise ValueError(f"The '{name}' parameter of {func} must be symmetric with a zero diagonal (a metric). "
                             "Got a matrix that is not.")
    return arr


def _probability_rows(p: Any, k: int, func: str) -> tuple[np.ndarray, bool]:
    if p is None or isinstance(p, (str, bytes)):
        raise TypeError(f"The 'probs' parameter of {func} must be an array of probabilities. Got {p!r} instead.")
    arr = np.asarray(p)
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"The 'probs' parameter of {func} must hold real probabilities. Got dtype {arr.dtype} instead.")
    arr = arr.astype(np.float64, copy=True)
    single = arr.ndim == 1
    arr = np.atleast_2d(arr)
    if arr.ndim != 2 or arr.shape[1] != k or arr.shape[0] == 0:
        raise ValueError(f"The 'probs' parameter of {func} must have shape (n, {k}) (one column per row of "
                         f"'distances'). Got shape {np.shape(p)} instead.")
    if not np.all(np.isfinite(arr)) or np.any(arr < 0):
        raise ValueError(f"The 'probs' parameter of {func} must contain finite, non-negative probabilities. "
                         "Got NaN, inf or a negative value instead.")
    dev = float(np.max(np.abs(arr.sum(axis=1) - 1.0)))
    if dev > 1e-6:
        raise ValueError(f"The 'probs' parameter of {func} must have rows summing to 1 (within 1e-6). "
                         f"Got a row off by {dev!r} instead; normalise it yourself if that is what you mean.")
    return arr, single


def _objective(p: np.ndarray, d: np.ndarray) -> np.ndarray:
    return p @ (d * d)


def frechet_objective(probs: Any, distances: Any) -> np.ndarray:
    """The Fréchet objective F(y) = Σ_i p_i d²(y, λ_i) for every candidate label y.

    Parameters
    ----------
    probs : array_like, shape (n, K) or (K,)
        Probabilities over the K observed classes, rows summing to 1.
    distances : array_like, shape (K, M)
        d(λ_i, y): rows the observed classes, columns the candidate labels (all of 𝒴).

    Returns
    -------
    numpy.ndarray, shape (n, M) (or (M,) for a single probability vector)
        Expected squared distance to y if the true class were drawn from ``probs``.

    Notes
    -----
    F is linear in ``probs`` and needs no structure of the label space beyond
    the distances; its minimiser over the columns is
    :func:`frechet_mean_prediction`, which can be a label never observed in
    training. Cost O(n K M), one matrix product with the squared distances.

    References
    ----------
    Roberts et al., "Geometry-Aware Adaptation for Pretrained Models", arXiv:2307.12226 (2023).

    Examples
    --------
    Two observed ends of a path 0 − 1 − 2, half each: the middle is best.

    >>> frechet_objective([0.5, 0.5], [[0, 1, 2], [2, 1, 0]]).tolist()
    [2.0, 1.0, 2.0]
    """
    func = "frechet_objective"
    d = _distances(distances, "distances", func)
    p, single = _probability_rows(probs, d.shape[0], func)
    out = _objective(p, d)
    return out[0] if single else out


def frechet_mean_prediction(probs: Any, distances: Any) -> np.ndarray | int:
    """Predict the Fréchet mean argmin_y Σ_i p_i d²(y, λ_i) instead of the argmax (the Loki rule).

    Parameters
    ----------
    probs : array_like, shape (n, K) or (K,)
        Probabilities over the K observed classes.
    distances : array_like, shape (K, M)
        Distances from the observed classes (rows) to every candidate label (columns).

    Returns
    -------
    numpy.ndarray of int, shape (n,) (or an int for one probability vector)
        Column index of the predicted label. Ties go to the smallest index.

    Notes
    -----
    With ``distances`` the square metric of 𝒴 restricted to rows Λ, the prediction can be
    any label of the locus of Λ (:func:`frechet_locus`), also one never trained on. With
    the 0-1 metric (d = 1 off the diagonal) it is the argmax. Paper-faithful settings: the
    reference computes ``argmax(-probs @ dists**2)``, the same rule.

    References
    ----------
    Roberts et al., "Geometry-Aware Adaptation for Pretrained Models", arXiv:2307.12226 (2023).

    Examples
    --------
    >>> int(frechet_mean_prediction([0.5, 0.5], [[0, 1, 2], [2, 1, 0]]))   # an unobserved label
    1
    """
    func = "frechet_mean_prediction"
    d = _distances(distances, "distances", func)
    p, single = _probability_rows(probs, d.shape[0], func)
    pred = np.argmin(_objective(p, d), axis=1).astype(np.int64)
    return int(pred[0]) if single else pred


def frechet_locus(distances: Any, *, tol: float = 1e-9) -> np.ndarray:
    """Which labels are the unique Fréchet mean of some probability vector over the observed classes.

    Label y is in the locus when a p in the simplex makes it the strict minimiser:
    max over p, t of t subject to Σ_i p_i (d²(y, λ_i) − d²(y', λ_i)) + t ≤ 0 for all y' ≠ y
    has optimum t > ``tol`` (one linear program per label, solved with HiGHS).

    Parameters
    ----------
    distances : array_like, shape (K, M)
        Distances from the observed classes (rows) to every candidate label (columns).
        Duplicate columns (two labels at the same distances from all observed classes)
        can never be strict minimisers.
    tol : float
        Margin (in squared-distance units) above which a minimiser counts as strict.

    Returns
    -------
    numpy.ndarray of bool, shape (M,)

    Notes
    -----
    Exact up to the LP solver's tolerance, for any finite metric (the paper characterises
    the locus of trees as the union of paths between observed nodes, :func:`geodesic_hull`).
    Cost: M linear programs with K + 1 variables and M − 1 constraints.

    References
    ----------
    Roberts et al., "Geometry-Aware Adaptation for Pretrained Models", arXiv:2307.12226 (2023),
    the locus Π(Λ) and locus covers.

    Examples
    --------
    On the path 0 − 1 − 2 − 3 with the ends observed every node is reachable:

    >>> d = np.abs(np.subtract.outer([0, 3], np.arange(4)))
    >>> frechet_locus(d).tolist()
    [True, True, True, True]
    """
    func = "frechet_locus"
    d = _distances(distances, "distances", func)
    margin = check_real(tol, "tol", low=0.0, func=func)
    d2 = d * d
    k, m = d2.shape
    out = np.zeros(m, dtype=bool)
    c = np.zeros(k + 1)
    c[-1] = -1.0                                   # maximise t
    a_eq = np.concatenate([np.ones(k), [0.0]])[None, :]
    bounds = [(0, None)] * k + [(None, None)]
    for y in range(m):
        others = np.delete(np.arange(m), y)
        if others.size == 0:
            out[y] = True
            continue
        a_ub = np.concatenate([(d2[:, [y]] - d2[:, others]).T, np.ones((others.size, 1))], axis=1)
        res = optimize.linprog(c, A_ub=a_ub, b_ub=np.zeros(others.size), A_eq=a_eq, b_eq=[1.0],
                               bounds=bounds, method="highs")
        if res.status != 0:
            raise RuntimeError(f"frechet_locus: the linear program for label {y} failed ({res.message}).")
        out[y] = -res.fun > margin
    return out


def geodesic_hull(distances: Any, observed: Any, *, atol: float = 1e-9) -> np.ndarray:
    """Labels that lie on a shortest path between two observed labels: d(a, v) + d(v, b) = d(a, b).

    Parameters
    ----------
    distances : array_like, shape (M, M)
        The metric of the label space (symmetric, zero diagonal).
    observed : array_like of int, shape (K,)
        Indices of the observed labels (distinct).
    atol : float
        Tolerance of the equality, relative to the largest distance.

    Returns
    -------
    numpy.ndarray of bool, shape (M,)
        True for the observed labels and every label between two of them.

    Notes
    -----
    On a tree with its path metric this is the smallest subtree containing the observed
    nodes, which the paper shows is the Fréchet locus; on other metrics it is only a
    comparison point for :func:`frechet_locus`.

    References
    ----------
    Roberts et al., arXiv:2307.12226 (2023).

    Examples
    --------
    >>> d = np.abs(np.subtract.outer(np.arange(5), np.arange(5)))   # a path of 5 nodes
    >>> geodesic_hull(d, [1, 3]).tolist()
    [False, True, True, True, False]
    """
    func = "geodesic_hull"
    d = _distances(distances, "distances", func, square=True)
    obs = np.asarray(observed)
    if obs.ndim != 1 or obs.size == 0 or obs.dtype.kind not in "iu":
        raise ValueError(f"The 'observed' parameter of {func} must be a non-empty 1-D array of int indices. "
                         f"Got {observed!r} instead.")
    if np.any(obs < 0) or np.any(obs >= d.shape[0]) or np.unique(obs).size != obs.size:
        raise ValueError(f"The 'observed' parameter of {func} must hold distinct indices in [0, {d.shape[0] - 1}]. "
                         f"Got {obs.tolist()} instead.")
    tol = check_real(atol, "atol", low=0.0, func=func) * max(float(d.max()), 1e-300)
    da = d[obs]                                                  # (K, M)
    total = da[:, None, :] + da[None, :, :]                      # d(a, v) + d(v, b)
    between = np.abs(total - d[np.ix_(obs, obs)][:, :, None]) <= tol
    return np.any(between, axis=(0, 1))


def expected_squared_distance(predictions: Any, labels: Any, distances: Any, *,
                              per_sample: bool = False) -> float | np.ndarray:
    """Mean squared distance E[d²(ŷ, y)] between predicted and true labels, the metric-aware loss.

    Parameters
    ----------
    predictions, labels : array_like of int, shape (n,)
        Indices into the label space.
    distances : array_like, shape (M, M)
        The metric of the label space (symmetric, zero diagonal).
    per_sample : bool
        Return d²(ŷ_i, y_i) for every sample instead of the mean.

    Returns
    -------
    float or numpy.ndarray of shape (n,)
        In the squared units of ``distances``.

    Notes
    -----
    The Fréchet mean under the true posterior P(y | x) over all of 𝒴 minimises the
    conditional expectation of this loss for every x, hence its expectation: a Bayes-rule
    identity, checked by the tests.

    References
    ----------
    Roberts et al., arXiv:2307.12226 (2023), the mean squared distance of the experiments.

    Examples
    --------
    >>> d = np.abs(np.subtract.outer(np.arange(3), np.arange(3)))
    >>> expected_squared_distance([0, 1], [2, 1], d)
    2.0
    """
    func = "expected_squared_distance"
    d = _distances(distances, "distances", func, square=True)
    out = []
    for name, v in (("predictions", predictions), ("labels", labels)):
        a = np.asarray(v)
        if a.ndim != 1 or a.size == 0 or a.dtype.kind not in "iu":
            raise ValueError(f"The '{name}' parameter of {func} must be a non-empty 1-D array of int indices. "
                             f"Got {v!r} instead." if a.size < 20 else
                             f"The '{name}' parameter of {func} must be a non-empty 1-D array of int indices. "
                             f"Got shape {a.shape} and dtype {a.dtype} instead.")
        if np.any(a < 0) or np.any(a >= d.shape[0]):
            raise ValueError(f"The '{name}' parameter of {func} must hold indices in [0, {d.shape[0] - 1}]. "
                             f"Got values from {a.min()} to {a.max()} instead.")
        out.append(a.astype(np.int64))
    pred, lab = out
    if pred.shape != lab.shape:
        raise ValueError(f"The 'predictions' and 'labels' parameters of {func} must have the same length. "
                         f"Got {pred.size} and {lab.size} instead.")
    if not isinstance(per_sample, (bool, np.bool_)):
        raise TypeError(f"The 'per_sample' parameter of {func} must be a bool. Got {per_sample!r} instead.")
    sq = d[pred, lab] ** 2
    return sq if per_sample else float(sq.mean())

