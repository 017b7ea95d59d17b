"""Lu's semantic information G theory: truth functions, semantic mutual information, R(G), channel matching.

G theory replaces Shannon's channel P(y|x) by a *semantic channel*: one truth
(membership) function T(θ_j|x) ∈ [0, 1] per label y_j. With a prior P(x):

* logical probability  T(θ_j) = Σ_i P(x_i) T(θ_j|x_i);
* semantic Bayes       P(x|θ_j) = P(x) T(θ_j|x) / T(θ_j);
* semantic information I(x_i; θ_j) = log[T(θ_j|x_i) / T(θ_j)] = log[P(x_i|θ_j) / P(x_i)];
* semantic mutual information (SeMI)
  G = I(X;Θ) = Σ_ij P(x_i, y_j) log[T(θ_j|x_i) / T(θ_j)].

G ≤ I(X;Y) (Shannon), because I(X;Y) - G = Σ_j P(y_j) KL(P(x|y_j) ‖ P(x|θ_j));
equality holds when the truth functions match the channel,
T*(θ_j|x) = P(y_j|x) / max_x P(y_j|x) (channel matching I).

The rate-fidelity function R(G) = min I(X;Y) over P(y|x) subject to G ≥ G_0
is the rate-distortion function of the distortion d_ij = -log m_ij with
m_ij = T(θ_j|x_i)/T(θ_j); its parametric form, by the Blahut-Arimoto
argument, is P(y_j|x_i) = P(y_j) m_ij^s / λ_i, λ_i = Σ_j P(y_j) m_ij^s,
G(s) = Σ_ij P(x_i) P(y_j|x_i) log m_ij, R(s) = s G(s) - Σ_i P(x_i) log λ_i,
and dR/dG = s.

For mixture models, the channels-matching EM (CM-EM) rests on the identity
KL(P‖Q) = R - G + KL(P⁺_Y ‖ P_Y) for Q(x) = Σ_j P(y_j) P(x|θ_j),
P(y_j|x) = P(y_j) P(x|θ_j)/Q(x), P⁺(y_j) = Σ_x P(x) P(y_j|x),
R = I(X;Y) under P(x) P(y|x) and G = Σ_ij P(x_i) P(y_j|x_i) log[P(x_i|θ_j)/P(x_i)].

Every value is in nats unless ``base`` says otherwise.

References
----------
.. [1] C. Lu, "A semantic generalization of Shannon's information theory and
   applications", Entropy 27(5):461 (2025), doi:10.3390/e27050461, arXiv:2510.15871.
.. [2] C. Lu, "Semantic information G theory and logical Bayesian inference for
   machine learning", Information 10(8):261 (2019), doi:10.3390/info10080261.
.. [3] C. Lu, "Using the semantic information G measure to explain and extend
   rate-distortion functions and maximum entropy distributions", Entropy 23(8):1050 (2021).
.. [4] C. Lu, "Channels' matching algorithm for mixture models", IFIP ICIS 2017,
   arXiv:1706.07918.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from .._deprecation import KeyAccessDeprecated
from ..validation import (
    check_array,
    check_choice,
    check_int,
    check_joint,
    check_probabilities,
    check_real,
    log_base,
)
from ._blahut_arimoto import joint_information, output_law_fixed_point
from .discrete import _table_mutual_information

__all__ = [
    "logical_probability",
    "semantic_bayes",
    "truth_from_channel",
    "semantic_information",
    "semantic_mutual_information",
    "RateFidelityPoint",
    "rate_fidelity",
    "rate_fidelity_curve",
    "MixtureDecompositionResult",
    "mixture_information_decomposition",
    "ChannelMatchingResult",
    "gaussian_mixture_channel_matching",
    "MMIClassificationResult",
    "mmi_classification",
]


def _check_truth(truth: Any, func: str, n_x: int | None = None) -> np.ndarray:
    if truth is None or isinstance(truth, (str, bytes)):
        raise TypeError(f"The 'truth' parameter of {func} must be a 2-D array T[x, j] in [0, 1]. Got {truth!r} instead.")
    arr = np.asarray(truth)
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"The 'truth' parameter of {func} must hold real numbers. Got dtype {arr.dtype} instead.")
    arr = arr.astype(np.float64, copy=True)
    if arr.ndim != 2 or arr.size == 0:
        raise ValueError(f"The 'truth' parameter of {func} must be a non-empty 2-D array T[x, j]. Got shape {arr.shape} instead.")
    if n_x is not None and arr.shape[0] != n_x:
        raise ValueError(f"The 'truth' parameter of {func} must have one row per x ({n_x}). Got shape {arr.shape} instead.")
    if not np.all(np.isfinite(arr)) or arr.min() < 0 or arr.max() > 1:
        raise ValueError(f"The 'truth' parameter of {func} must hold finite values in [0, 1]. "
                         f"Got values in [{np.nanmin(arr)!r}, {np.nanmax(arr)!r}] instead.")
    if np.any(arr.max(axis=0) == 0):
        raise ValueError(f"The 'truth' parameter of {func} must have a positive value in every column "
                         "(a label true of nothing has no logical probability). Got an all-zero column instead.")
    return arr


def _check_px(p_x: Any, func: str) -> np.ndarray:
    return np.asarray(check_probabilities(p_x, "p_x", func=func, ndim=1), dtype=np.float64)


def _logical(p: np.ndarray, t: np.ndarray, func: str) -> np.ndarray:
    lp = p @ t
    if np.any(lp <= 0):
        raise ValueError(f"The 'truth' parameter of {func} gives a label with logical probability 0 under 'p_x' "
                         f"(labels {np.flatnonzero(lp <= 0).tolist()}): it is true only where P(x) = 0.")
    return lp


def logical_probability(p_x: Any, truth: Any) -> np.ndarray:
    """Logical probability T(θ_j) = Σ_i P(x_i) T(θ_j|x_i) of every label.

    Parameters
    ----------
    p_x : array_like, shape (n_x,)
        Prior of the instances x.
    truth : array_like, shape (n_x, n_y)
        Truth functions T(θ_j|x) in [0, 1], one column per label.

    Returns
    -------
    ndarray, shape (n_y,)
        T(θ_j). Unlike P(y_j) these need not sum to 1 (labels may overlap).

    Notes
    -----
    T(θ_j) is the probability that label j is true of a random instance; it
    reduces to P(y_j) only when the labels partition the instances (crisp,
    disjoint truth functions). A label with T(θ_j) = 0 makes the semantic
    Bayes formula and the semantic information undefined downstream.

    References
    ----------
    C. Lu, Entropy 27(5):461 (2025), arXiv:2510.15871.

    Examples
    --------
    >>> logical_probability([0.5, 0.5], [[1.0, 1.0], [0.0, 1.0]]).tolist()
    [0.5, 1.0]
    """
    p = _check_px(p_x, "logical_probability")
    t = _check_truth(truth, "logical_probability", len(p))
    return p @ t


def semantic_bayes(p_x: Any, truth: Any) -> np.ndarray:
    """Semantic Bayes: P(x|θ_j) = P(x) T(θ_j|x) / T(θ_j), one column per label.

    Parameters
    ----------
    p_x : array_like, shape (n_x,)
        Prior of the instances x.
    truth : array_like, shape (n_x, n_y)
        Truth functions T(θ_j|x) in [0, 1]; every label needs T(θ_j) > 0.

    Returns
    -------
    ndarray, shape (n_x, n_y)
        Each column is a probability vector over x.

    Notes
    -----
    Bayes' rule with the truth function in place of the likelihood; scaling a
    column of ``truth`` by a positive constant leaves its column unchanged. A
    label true only where P(x) = 0 raises instead of dividing by 0.

    References
    ----------
    C. Lu, Information 10(8):261 (2019).

    Examples
    --------
    >>> semantic_bayes([0.5, 0.5], [[1.0], [0.5]]).ravel().round(4).tolist()
    [0.6667, 0.3333]
    """
    func = "semantic_bayes"
    p = _check_px(p_x, func)
    t = _check_truth(truth, func, len(p))
    return p[:, None] * t / _logical(p, t, func)[None, :]


def truth_from_channel(channel: Any) -> np.ndarray:
    """Truth functions matched to a Shannon channel: T*(θ_j|x) = P(y_j|x) / max_x P(y_j|x).

    With these truth functions the semantic mutual information equals the
    Shannon mutual information of the channel (for any prior).

    Parameters
    ----------
    channel : array_like, shape (n_x, n_y)
        P(y|x): rows are probability vectors (sum 1 within 1e-9).

    Returns
    -------
    ndarray, shape (n_x, n_y)
        T*, with column maxima 1. A label never emitted raises.

    Notes
    -----
    T* is the channel up to a constant per label, so semantic Bayes with T*
    gives back the Shannon posterior P(x|y_j) and G = I(X;Y) (channel matching
    I). Dividing by the column maximum makes the truth value of the most typical
    instance 1, the normalisation of a membership function.

    References
    ----------
    C. Lu, Information 10(8):261 (2019), Eq. for T*(θ_j|x).

    Examples
    --------
    >>> truth_from_channel([[0.8, 0.2], [0.4, 0.6]]).round(4).tolist()
    [[1.0, 0.3333], [0.5, 1.0]]
    """
    func = "truth_from_channel"
    ch = _check_channel(channel, "channel", func)
    peak = ch.max(axis=0)
    if np.any(peak == 0):
        raise ValueError(f"The 'channel' parameter of {func} never emits labels {np.flatnonzero(peak == 0).tolist()}; "
                         "their truth function is undefined.")
    return ch / peak[None, :]


def _check_channel(channel: Any, name: str, func: str, n_x: int | None = None) -> np.ndarray:
    if channel is None or isinstance(channel, (str, bytes)):
        raise TypeError(f"The '{name}' parameter of {func} must be a 2-D array P(y|x). Got {channel!r} instead.")
    arr = check_array(channel, name, func=func, allow_inf=True)
    if arr.ndim != 2 or arr.size == 0:
        raise ValueError(f"The '{name}' parameter of {func} must be a non-empty 2-D array P(y|x). Got shape {arr.shape} instead.")
    if n_x is not None and arr.shape[0] != n_x:
        raise ValueError(f"The '{name}' parameter of {func} must have {n_x} rows. Got shape {arr.shape} instead.")
    if not np.all(np.isfinite(arr)) or arr.min() < 0:
        raise ValueError(f"The '{name}' parameter of {func} must hold finite non-negative values. Got a minimum of {np.nanmin(arr)!r} instead.")
    rows = arr.sum(axis=1)
    if np.max(np.abs(rows - 1)) > 1e-9:
        raise ValueError(f"The '{name}' parameter of {func} must have rows summing to 1 (within 1e-9). "
                         f"Got row sums in [{rows.min()!r}, {rows.max()!r}] instead.")
    return arr


def semantic_information(p_x: Any, truth: Any, *, base: float | str = "e") -> np.ndarray:
    """Semantic information I(x_i; θ_j) = log[T(θ_j|x_i) / T(θ_j)] of every (instance, label) pair.

    Negative where the label is less true of x_i than on average; -inf where
    T(θ_j|x_i) = 0 (a false statement). Nats by default.

    Parameters
    ----------
    p_x : array_like, shape (n_x,)
        Prior of the instances x.
    truth : array_like, shape (n_x, n_y)
        Truth functions T(θ_j|x) in [0, 1]; every label needs T(θ_j) > 0.
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.

    Returns
    -------
    ndarray, shape (n_x, n_y)
        I(x_i; θ_j), at most −log T(θ_j) (reached where T(θ_j|x_i) = 1).

    Notes
    -----
    The value equals log[P(x_i|θ_j) / P(x_i)], the semantic analogue of Shannon's
    pointwise information; averaging it over P(x, y) gives
    :func:`semantic_mutual_information`. A label that is true everywhere carries
    0 information about every instance.

    References
    ----------
    C. Lu, Entropy 27(5):461 (2025), arXiv:2510.15871.

    Examples
    --------
    >>> semantic_information([0.5, 0.5], [[1.0], [0.0]], base=2).ravel().tolist()
    [1.0, -inf]
    """
    func = "semantic_information"
    p = _check_px(p_x, func)
    t = _check_truth(truth, func, len(p))
    scale = log_base(base, func)
    with np.errstate(divide="ignore"):
        return (np.log(t) - np.log(_logical(p, t, func))[None, :]) / scale


def semantic_mutual_information(pxy: Any, truth: Any, *, base: float | str = "e") -> float:
    """Semantic mutual information G = Σ_ij P(x_i, y_j) log[T(θ_j|x_i) / T(θ_j)].

    The prior P(x) is the row sum of ``pxy``; T(θ_j) is computed from it.

    Parameters
    ----------
    pxy : array_like, shape (n_x, n_y)
        Joint law of instances and the labels actually used (sums to 1).
    truth : array_like, shape (n_x, n_y)
        Truth functions, one column per label.
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.

    Returns
    -------
    float
        G ≤ I(X;Y), with equality iff each column of ``truth`` is
        proportional to P(y_j|x) on the support; G may be negative
        (misleading labels) and is -inf when a label is used where its truth
        value is 0.

    Notes
    -----
    I(X;Y) − G = Σ_j P(y_j) KL(P(x|y_j) ‖ P(x|θ_j)) ≥ 0, so G measures how well
    the truth functions explain the observed use of the labels;
    :func:`truth_from_channel` gives the truth functions that close the gap.
    An exact plug-in functional of the table; no estimation error.

    References
    ----------
    C. Lu, Information 10(8):261 (2019); Entropy 27(5):461 (2025), arXiv:2510.15871.

    Examples
    --------
    >>> pxy = [[0.4, 0.1], [0.1, 0.4]]
    >>> round(semantic_mutual_information(pxy, [[1.0, 0.25], [0.25, 1.0]]), 6)  # matched: = I(X;Y)
    0.192745
    """
    func = "semantic_mutual_information"
    joint = np.asarray(check_joint(pxy, func=func), dtype=np.float64)
    t = _check_truth(truth, func)
    if t.shape != joint.shape:
        raise ValueError(f"The 'truth' parameter of {func} must have the shape of 'pxy' {joint.shape}. Got {t.shape} instead.")
    p = joint.sum(axis=1)
    lp = _logical(p, t, func)
    mask = joint > 0
    if np.any(t[mask] == 0):
        return float("-inf")
    cols = np.nonzero(mask)[1]
    val = float(np.sum(joint[mask] * (np.log(t[mask]) - np.log(lp[cols]))))
    return val / log_base(base, func)


class RateFidelityPoint(NamedTuple):
    """One point (G(s), R(s)) of the rate-fidelity function found by Blahut-Arimoto.

    Attributes
    ----------
    G : float
        Semantic mutual information of the channel (unit of ``base``).
    R : float
        Shannon rate I(X; Y) of the channel, computed term by term.
    R_parametric : float
        s G − Σ_i P(x_i) log λ_i, equal to ``R`` at the fixed point.
    p_y : numpy.ndarray, shape (n_y,)
        The output law P(y).
    channel : numpy.ndarray, shape (n_x, n_y)
        The optimal channel P(y|x).
    iterations : int
        Iterations used.
    """

    G: float
    R: float
    R_parametric: float
    p_y: np.ndarray
    channel: np.ndarray
    iterations: int


def _rf_inputs(p_x: Any, truth: Any, tol: Any, max_iter: Any, base: Any, func: str):
    p = _check_px(p_x, func)
    t = _check_truth(truth, func, len(p))
    tol = check_real(tol, "tol", low=0.0, low_open=True, func=func)
    max_iter = check_int(max_iter, "max_iter", low=1, func=func)
    scale = log_base(base, func)
    m = t / _logical(p, t, func)[None, :]
    with np.errstate(divide="ignore"):
        log_m = np.log(m)
    return p, m, log_m, tol, max_iter, scale


def _rf_point(p: np.ndarray, m: np.ndarray, log_m: np.ndarray, s: float, py: np.ndarray, tol: float,
              max_iter: int, scale: float, func: str) -> RateFidelityPoint:
    ms = np.where(m > 0, np.exp(s * np.where(m > 0, log_m, 0.0)), 0.0) if s > 0 else np.ones_like(m)
    py, ch, it = output_law_fixed_point(p, ms, py, tol=tol, max_iter=max_iter, func=func, context=f" at s = {s}")
    lam = ms @ py
    mask = ch > 0
    g = float(np.sum((p[:, None] * ch)[mask] * log_m[mask]))
    r = joint_information(p[:, None] * ch)
    r_par = s * g - float(p[p > 0] @ np.log(lam[p > 0]))
    return RateFidelityPoint(g / scale, r / scale, r_par / scale, py, ch, it)


def rate_fidelity(p_x: Any, truth: Any, s: float, *, p_y_init: Any = None, tol: float = 1e-14,
                  max_iter: int = 100_000, base: float | str = "e") -> RateFidelityPoint:
    """One point (G(s), R(s)) of the rate-fidelity function R(G), by Blahut-Arimoto iteration.

    With m_ij = T(θ_j|x_i)/T(θ_j) fixed by the truth functions and the prior,
    P(y) is iterated to self-consistency:
    P(y_j|x_i) = P(y_j) m_ij^s / λ_i, λ_i = Σ_j P(y_j) m_ij^s,
    P(y_j) ← Σ_i P(x_i) P(y_j|x_i). Then G(s) = Σ_ij P(x_i) P(y_j|x_i) log m_ij,
    R(s) = I(X;Y) = s G(s) - Σ_i P(x_i) log λ_i and dR/dG = s. This is the
    rate-distortion iteration of :func:`infolab.measures.rate_distortion_point`
    with the kernel m_ij^s in place of e^{-s d_ij}, and runs on the same core.

    Parameters
    ----------
    p_x : array_like, shape (n_x,)
    truth : array_like, shape (n_x, n_y)
    s : float
        Slope parameter s ≥ 0 (s = 0 gives R = 0).
    p_y_init : array_like, optional
        Start of the iteration (default uniform); must be positive.
    tol : float, default 1e-14
        Stop when max |ΔP(y)| < tol.
    max_iter : int, default 100_000
    base : float or "e", default "e"
        Unit of G and R: "e" gives nats, 2 gives bits.

    Returns
    -------
    RateFidelityPoint
        ``G``, ``R``, ``R_parametric`` (unit of ``base``), ``p_y``,
        ``channel`` (P(y|x)) and ``iterations``.

    Notes
    -----
    Iteration is linear-rate; labels whose P(y_j) tends to 0 slow it down.
    Raises if ``tol`` is not met within ``max_iter`` iterations (the error
    names both and the change of P(y) reached).
    The parametric form follows the rate-distortion analogy of [1]_ with
    distortion -log m_ij; the notation of [1]_ was not checked line by line.

    References
    ----------
    .. [1] C. Lu, "Using the semantic information G measure to explain and
       extend rate-distortion functions and maximum entropy distributions",
       Entropy 23(8):1050 (2021).

    Examples
    --------
    >>> out = rate_fidelity([0.5, 0.5], [[1.0, 0.0], [0.0, 1.0]], s=5.0, base=2)
    >>> round(out.G, 6), round(out.R, 6)
    (1.0, 1.0)
    """
    func = "rate_fidelity"
    p, m, log_m, tol, max_iter, scale = _rf_inputs(p_x, truth, tol, max_iter, base, func)
    s = check_real(s, "s", low=0.0, func=func)
    n_y = m.shape[1]
    if p_y_init is None:
        py = np.full(n_y, 1.0 / n_y)
    else:
        py = np.asarray(check_probabilities(p_y_init, "p_y_init", func=func, ndim=1), dtype=np.float64)
        if py.shape != (n_y,) or np.any(py <= 0):
            raise ValueError(f"The 'p_y_init' parameter of {func} must be a positive probability vector of length {n_y}. Got {py!r} instead.")
    return _rf_point(p, m, log_m, s, py, tol, max_iter, scale, func)


def rate_fidelity_curve(p_x: Any, truth: Any, s_values: Any, *, tol: float = 1e-14,
                        max_iter: int = 100_000, base: float | str = "e") -> tuple[np.ndarray, np.ndarray]:
    """The rate-fidelity curve (G(s), R(s)) over a list of slopes s ≥ 0 (warm-started in order).

    Parameters
    ----------
    p_x, truth : see :func:`rate_fidelity`
    s_values : array_like
        Slopes s ≥ 0.
    tol : float, default 1e-14
        Stop each slope when max |ΔP(y)| < tol, as in :func:`rate_fidelity`.
    max_iter : int, default 100_000
        Iterations allowed per slope.
    base : float or "e", default "e"
        Unit of G and R: "e" gives nats, 2 gives bits.

    Returns
    -------
    G, R : ndarray
        One value per slope, in the unit of ``base``.

    Notes
    -----
    Each slope starts from the previous output law while it is positive
    (uniform otherwise). A slope that does not converge raises, as in
    :func:`rate_fidelity`; no point is returned unconverged.

    References
    ----------
    C. Lu, Entropy 23(8):1050 (2021).

    Examples
    --------
    >>> g, r = rate_fidelity_curve([0.5, 0.5], [[1.0, 0.5], [0.5, 1.0]], [0.0, 1.0, 10.0])
    >>> bool(np.all(np.diff(r) >= 0))
    True
    """
    func = "rate_fidelity_curve"
    s_arr = check_array(s_values, "s_values", func=func, allow_inf=True)
    if s_arr.ndim != 1 or s_arr.size == 0 or not np.all(np.isfinite(s_arr)) or np.any(s_arr < 0):
        raise ValueError(f"The 's_values' parameter of {func} must be a non-empty 1-D array of finite values ≥ 0. "
                         f"Got {np.asarray(s_values)!r} instead.")
    p, m, log_m, tol, max_iter, scale = _rf_inputs(p_x, truth, tol, max_iter, base, func)
    g_out, r_out = np.empty(s_arr.size), np.empty(s_arr.size)
    n_y = m.shape[1]
    py = np.full(n_y, 1.0 / n_y)
    for k, s in enumerate(s_arr):
        out = _rf_point(p, m, log_m, float(s), py, tol, max_iter, scale, func)
        g_out[k], r_out[k] = out.G, out.R
        py = out.p_y if np.all(out.p_y > 0) else np.full(n_y, 1.0 / n_y)
    return g_out, r_out


@dataclass(frozen=True, eq=False)
class MixtureDecompositionResult(KeyAccessDeprecated):
    """The terms of KL(P‖Q) = R - G + KL(P⁺_Y‖P_Y), from :func:`mixture_information_decomposition`.

    Attributes
    ----------
    kl : float
        KL(P‖Q) of the mixture Q from the sampling distribution P (unit of ``base``).
    R : float
        Shannon mutual information I(X;Y) under P(x) P(y|x), P(y|x) = P(y) P(x|θ) / Q(x)
        (unit of ``base``).
    G : float
        Semantic mutual information Σ P(x) P(y|x) log[P(x|θ_j) / P(x)] (unit of ``base``).
    kl_weights : float
        KL(P⁺_Y‖P_Y) of the mixture ratios P(y) from P⁺(y) (unit of ``base``).
    residual : float
        kl - (R - G + kl_weights): zero up to rounding, the identity holds exactly (unit of ``base``).
    posterior : numpy.ndarray, shape (n_x, k)
        P(y|x), a probability vector over the components in each row where P(x) > 0 (0 elsewhere).
    p_plus : numpy.ndarray, shape (k,)
        P⁺(y) = Σ_x P(x) P(y|x), a probability vector.
    """

    kl: float
    R: float
    G: float
    kl_weights: float
    residual: float
    posterior: np.ndarray
    p_plus: np.ndarray


def mixture_information_decomposition(p_x: Any, likelihoods: Any, weights: Any,
                                      *, base: float | str = "e") -> MixtureDecompositionResult:
    """KL(P‖Q) = R - G + KL(P⁺_Y‖P_Y) for a mixture Q = Σ_j P(y_j) P(x|θ_j) fitted to P(x).

    Parameters
    ----------
    p_x : array_like, shape (n_x,)
        The sampling distribution P(x).
    likelihoods : array_like, shape (n_x, k)
        P(x|θ_j): each column a probability vector over x.
    weights : array_like, shape (k,)
        Mixture ratios P(y_j).
    base : float or "e", default "e"
        Logarithm base of the information terms: "e" gives nats, 2 gives bits.

    Returns
    -------
    MixtureDecompositionResult
        ``kl`` = KL(P‖Q); ``R`` = I(X;Y) under P(x)P(y|x) with
        P(y|x) = P(y)P(x|θ)/Q(x); ``G`` = Σ P(x)P(y|x) log[P(x|θ_j)/P(x)];
        ``kl_weights`` = KL(P⁺_Y‖P_Y); ``residual`` = kl - (R - G + kl_weights)
        (zero up to rounding: an identity); ``posterior`` P(y|x), ``p_plus`` P⁺(y).
        Read the fields as attributes (``d.residual``); ``d["residual"]`` is deprecated.

    Notes
    -----
    Requires Q(x) > 0 wherever P(x) > 0.

    References
    ----------
    C. Lu, "Channels' matching algorithm for mixture models", arXiv:1706.07918;
    Entropy 27(5):461 (2025), arXiv:2510.15871.

    Examples
    --------
    >>> d = mixture_information_decomposition([0.5, 0.5], [[0.9, 0.2], [0.1, 0.8]], [0.5, 0.5])
    >>> abs(d.residual) < 1e-15
    True
    """
    func = "mixture_information_decomposition"
    p = _check_px(p_x, func)
    lik = check_array(likelihoods, "likelihoods", func=func, allow_inf=True)
    if lik.ndim != 2 or lik.shape[0] != len(p) or not np.all(np.isfinite(lik)) or lik.min() < 0 \
            or np.max(np.abs(lik.sum(axis=0) - 1)) > 1e-9:
        raise ValueError(f"The 'likelihoods' parameter of {func} must be a ({len(p)}, k) array whose columns are "
                         f"probability vectors. Got shape {lik.shape} instead.")
    w = np.asarray(check_probabilities(weights, "weights", func=func, ndim=1), dtype=np.float64)
    if w.shape[0] != lik.shape[1]:
        raise ValueError(f"The 'weights' parameter of {func} must have {lik.shape[1]} entries. Got {w.shape[0]} instead.")
    scale = log_base(base, func)
    q = lik @ w
    on = p > 0
    if np.any(q[on] <= 0):
        raise ValueError(f"The 'likelihoods' parameter of {func} gives Q(x) = 0 where P(x) > 0.")
    post = np.zeros_like(lik)
    post[on] = lik[on] * w[None, :] / q[on, None]
    p_plus = p @ post
    joint = p[:, None] * post
    mask = joint > 0
    rows, cols = np.nonzero(mask)
    kl = float(np.sum(p[on] * (np.log(p[on]) - np.log(q[on]))))
    r = float(np.sum(joint[mask] * (np.log(post[mask]) - np.log(p_plus[cols]))))
    g = float(np.sum(joint[mask] * (np.log(lik[mask]) - np.log(p[rows]))))
    pos = p_plus > 0
    kl_w = float(np.sum(p_plus[pos] * (np.log(p_plus[pos]) - np.log(w[pos]))))
    return MixtureDecompositionResult(kl=kl / scale, R=r / scale, G=g / scale, kl_weights=kl_w / scale,
                                      residual=(kl - (r - g + kl_w)) / scale, posterior=post, p_plus=p_plus)


def _gauss_columns(grid: np.ndarray, means: np.ndarray, sds: np.ndarray) -> np.ndarray:
    z = (grid[:, None] - means[None, :]) / sds[None, :]
    dens = np.exp(-0.5 * z * z) / sds[None, :]
    return dens / dens.sum(axis=0, keepdims=True)


@dataclass(frozen=True, eq=False)
class ChannelMatchingResult(KeyAccessDeprecated):
    """A 1-D Gaussian mixture fitted by :func:`gaussian_mixture_channel_matching`, with its trace.

    Attributes
    ----------
    means : numpy.ndarray, shape (k,)
        Final component means (unit of ``grid``).
    sds : numpy.ndarray, shape (k,)
        Final component standard deviations (unit of ``grid``).
    weights : numpy.ndarray, shape (k,)
        Final mixture ratios P(y), a probability vector.
    kl : numpy.ndarray, shape (n_outer,)
        KL(P‖Q) in nats after each outer iteration's update.
    residual : float
        Largest |KL(P‖Q) - (R - G + KL(P⁺_Y‖P_Y))| over the run, in nats (zero up to rounding).
    iterations_to_tol : int or None
        First outer iteration with KL(P‖Q) < ``kl_tol``; None if none reached it.
    inner_iterations : int
        Total count of weight updates P(y) ← P⁺(y).
    collapsed : bool
        Whether the fit stopped because a component's standard deviation fell below ``min_sd``.
    """

    means: np.ndarray
    sds: np.ndarray
    weights: np.ndarray
    kl: np.ndarray
    residual: float
    iterations_to_tol: int | None
    inner_iterations: int
    collapsed: bool


def gaussian_mixture_channel_matching(grid: Any, p_x: Any, means: Any, sds: Any, weights: Any, *,
                                      method: str = "cm", n_iter: int = 200, kl_tol: float = 1e-4,
                                      inner_tol: float = 1e-12, max_inner: int = 10_000,
                                      min_sd: float = 1e-3, stop_at_tol: bool = False) -> ChannelMatchingResult:
    """Fit a 1-D Gaussian mixture to a distribution on a grid by CM-EM or by EM.

    Components are Gaussians discretised on ``grid`` (each normalised over
    the grid). One outer iteration of either method:

    * ``method="cm"`` (channels-matching EM of [1]_): matching I, repeat
      P(y) ← P⁺(y) with the components fixed until max |ΔP(y)| < ``inner_tol``
      (this drives KL(P⁺_Y‖P_Y) to 0); then matching II, move every
      component to maximise G: μ_j, σ_j are the P(x)P(y_j|x)-weighted mean
      and standard deviation;
    * ``method="em"``: one E-step and one M-step (weights P(y) ← P⁺(y) once).

    Parameters
    ----------
    grid : array_like, shape (n,)
        Sorted points where P(x) lives.
    p_x : array_like, shape (n,)
        Target distribution on the grid.
    means, sds, weights : array_like, shape (k,)
        Starting parameters (sds > 0; weights a probability vector > 0).
    method : {"cm", "em"}
    n_iter : int, default 200
        Outer iterations (all of them unless ``stop_at_tol``).
    kl_tol : float, default 1e-4
        ``iterations_to_tol`` is the first outer iteration with KL(P‖Q) < kl_tol.
    inner_tol, max_inner : float, int
        Stopping rule of the weight loop (``method="cm"``).
    min_sd : float, default 1e-3
        A component whose standard deviation would fall below ``min_sd``
        stops the fit with ``collapsed=True`` (it never is floored silently).
    stop_at_tol : bool, default False
        Stop at the first outer iteration with KL(P‖Q) < ``kl_tol``.

    Returns
    -------
    ChannelMatchingResult
        ``means``, ``sds``, ``weights`` (final), ``kl`` (per outer iteration,
        after its update, nats), ``residual`` (max |identity residual| over the
        run, nats), ``iterations_to_tol`` (or None), ``inner_iterations`` (total
        weight updates), ``collapsed``. Read the fields as attributes
        (``fit.means``); ``fit["means"]`` is deprecated.

    Notes
    -----
    Both methods decrease KL(P‖Q) in practice; CM-EM's inner loop settles the
    weights before each move of the components; [1]_ reports fewer outer
    iterations than EM, paid for by more weight updates (``inner_iterations``).
    Like EM it finds a local optimum that depends on the start, and the grid
    discretisation biases σ for components narrower than the grid spacing.

    References
    ----------
    .. [1] C. Lu, "Channels' matching algorithm for mixture models",
       arXiv:1706.07918; Information 10(8):261 (2019).

    Examples
    --------
    >>> x = np.linspace(-6, 6, 401)
    >>> truth = _gauss_columns(x, np.array([-1.5, 1.5]), np.ones(2)) @ np.array([0.9, 0.1])
    >>> fit = gaussian_mixture_channel_matching(x, truth, [-1, 1], [1.5, 1.5], [0.5, 0.5])
    >>> np.round(fit.means, 3).tolist()
    [-1.5, 1.5]
    """
    func = "gaussian_mixture_channel_matching"
    x = check_array(grid, "grid", func=func, allow_inf=True)
    if x.ndim != 1 or x.size < 2 or not np.all(np.isfinite(x)) or np.any(np.diff(x) <= 0):
        raise ValueError(f"The 'grid' parameter of {func} must be a strictly increasing 1-D array of finite values. "
                         f"Got shape {x.shape} instead.")
    p = _check_px(p_x, func)
    if p.shape != x.shape:
        raise ValueError(f"The 'p_x' parameter of {func} must have the shape of 'grid' {x.shape}. Got {p.shape} instead.")
    mu = check_array(means, "means", func=func, allow_inf=True)
    sd = check_array(sds, "sds", func=func, allow_inf=True)
    w = np.asarray(check_probabilities(weights, "weights", func=func, ndim=1), dtype=np.float64).copy()
    k = w.shape[0]
    if mu.shape != (k,) or not np.all(np.isfinite(mu)):
        raise ValueError(f"The 'means' parameter of {func} must be {k} finite values. Got {np.asarray(means)!r} instead.")
    if sd.shape != (k,) or not np.all(np.isfinite(sd)) or np.any(sd <= 0):
        raise ValueError(f"The 'sds' parameter of {func} must be {k} positive values. Got {np.asarray(sds)!r} instead.")
    if np.any(w <= 0):
        raise ValueError(f"The 'weights' parameter of {func} must be positive. Got {w!r} instead.")
    check_choice(method, "method", {"cm", "em"}, func=func)
    n_iter = check_int(n_iter, "n_iter", low=1, func=func)
    kl_tol = check_real(kl_tol, "kl_tol", low=0.0, low_open=True, func=func)
    inner_tol = check_real(inner_tol, "inner_tol", low=0.0, low_open=True, func=func)
    max_inner = check_int(max_inner, "max_inner", low=1, func=func)
    min_sd = check_real(min_sd, "min_sd", low=0.0, low_open=True, func=func)
    if not isinstance(stop_at_tol, (bool, np.bool_)):
        raise TypeError(f"The 'stop_at_tol' parameter of {func} must be a bool. Got {stop_at_tol!r} instead.")

    kls: list[float] = []
    residual = 0.0
    first = None
    inner_total = 0
    collapsed = False
    for it in range(1, n_iter + 1):
        lik = _gauss_columns(x, mu, sd)
        if method == "cm":
            for _ in range(max_inner):
                post = lik * w[None, :] / (lik @ w)[:, None]
                new = p @ post
                inner_total += 1
                done = float(np.max(np.abs(new - w))) < inner_tol
                w = new
                if done:
                    break
        post = lik * w[None, :] / (lik @ w)[:, None]
        p_plus = p @ post
        if method == "em":
            w = p_plus
            inner_total += 1
        resp = p[:, None] * post
        mu = (resp * x[:, None]).sum(axis=0) / p_plus
        var = (resp * (x[:, None] - mu[None, :]) ** 2).sum(axis=0) / p_plus
        if np.any(var < min_sd ** 2) or np.any(p_plus <= 0):
            collapsed = True
            break
        sd = np.sqrt(var)
        dec = mixture_information_decomposition(p, _gauss_columns(x, mu, sd), w)
        residual = max(residual, abs(dec.residual))
        kls.append(dec.kl)
        if first is None and dec.kl < kl_tol:
            first = it
            if stop_at_tol:
                break
    return ChannelMatchingResult(means=mu, sds=sd, weights=w, kl=np.asarray(kls), residual=residual,
                                 iterations_to_tol=first, inner_iterations=inner_total, collapsed=collapsed)


@dataclass(frozen=True, eq=False)
class MMIClassificationResult(KeyAccessDeprecated):
    """The trace and final partition of :func:`mmi_classification`.

    Attributes
    ----------
    mutual_information : numpy.ndarray, shape (n_iter + 1,)
        I(X;Y) in nats of the partition before each iteration and after the last.
    labels : numpy.ndarray of int64, shape (n_z,)
        The final partition: the label of each feature point.
    """

    mutual_information: np.ndarray
    labels: np.ndarray


def mmi_classification(p_x: Any, likelihood: Any, labels: Any, *, n_iter: int = 10) -> MMIClassificationResult:
    """Maximum-mutual-information classification by Lu's channels-matching iteration.

    Instances x (classes) have prior P(x); each produces a feature z with
    likelihood P(z|x). A classifier is a partition of the feature space:
    label y = f(z). One iteration:

    * matching I: the Shannon channel P(y_j|x) = Σ_{z: f(z)=j} P(z|x) gives the
      truth functions T(θ_j|x) = P(y_j|x)/max_x P(y_j|x) and the semantic
      information I(x; θ_j) = log T(θ_j|x)/T(θ_j);
    * matching II: every z gets the label of largest expected semantic
      information, f(z) = argmax_j Σ_x P(x|z) I(x; θ_j).

    Parameters
    ----------
    p_x : array_like, shape (n_x,)
        Prior of the classes.
    likelihood : array_like, shape (n_z, n_x)
        P(z|x): each column a probability vector over the feature points.
    labels : array_like of int, shape (n_z,)
        Initial partition, labels in 0..n_y-1.
    n_iter : int, default 10

    Returns
    -------
    MMIClassificationResult
        ``mutual_information``: I(X;Y) in nats before each iteration and after
        the last (length n_iter + 1); ``labels``: the final partition. Read the
        fields as attributes (``out.labels``); ``out["labels"]`` is deprecated.

    Notes
    -----
    A label that no feature point carries has no truth function; it stays
    empty. Ties in the argmax go to the smaller label.

    References
    ----------
    C. Lu, "Semantic information G theory and logical Bayesian inference for
    machine learning", Information 10(8):261 (2019), Sect. on MMI classification.

    Examples
    --------
    >>> lik = np.array([[0.7, 0.1], [0.2, 0.2], [0.1, 0.7]])
    >>> out = mmi_classification([0.5, 0.5], lik, [0, 0, 1], n_iter=2)
    >>> out.labels.tolist()
    [0, 0, 1]
    """
    func = "mmi_classification"
    p = _check_px(p_x, func)
    lik = check_array(likelihood, "likelihood", func=func, allow_inf=True)
    if lik.ndim != 2 or lik.shape[1] != len(p) or not np.all(np.isfinite(lik)) or (lik.size and lik.min() < 0) \
            or np.max(np.abs(lik.sum(axis=0) - 1)) > 1e-9:
        raise ValueError(f"The 'likelihood' parameter of {func} must be an (n_z, {len(p)}) array whose columns are "
                         f"probability vectors P(z|x). Got shape {lik.shape} instead.")
    lab = np.asarray(labels)
    if lab.shape != (lik.shape[0],) or lab.dtype.kind not in "iu" or lab.min() < 0:
        raise ValueError(f"The 'labels' parameter of {func} must be {lik.shape[0]} non-negative ints. "
                         f"Got shape {lab.shape} and dtype {lab.dtype} instead.")
    n_iter = check_int(n_iter, "n_iter", low=0, func=func)
    n_y = int(lab.max()) + 1
    joint_zx = lik * p[None, :]
    p_z = joint_zx.sum(axis=1)
    post = np.divide(joint_zx, p_z[:, None], out=np.zeros_like(joint_zx), where=p_z[:, None] > 0)  # P(x|z)
    lab = lab.astype(np.int64).copy()

    def channel(current: np.ndarray) -> np.ndarray:
        onehot = np.zeros((lik.shape[0], n_y))
        onehot[np.arange(lik.shape[0]), current] = 1.0
        return lik.T @ onehot  # P(y|x), shape (n_x, n_y)

    history = []
    for _ in range(n_iter):
        ch = channel(lab)
        history.append(_table_mutual_information(p[:, None] * ch))
        peak = ch.max(axis=0)
        used = peak > 0
        truth = np.divide(ch, peak[None, :], out=np.zeros_like(ch), where=used[None, :])
        logical = p @ truth
        with np.errstate(divide="ignore"):
            info = np.where(used[None, :], np.log(truth) - np.log(np.where(used, logical, 1.0))[None, :], -np.inf)
        # Σ_x P(x|z) I(x; θ_j), with 0 · (-inf) = 0 where P(x|z) = 0
        score = np.zeros((lik.shape[0], n_y))
        for j in range(n_y):
            col = info[:, j]
            finite = np.isfinite(col)
            score[:, j] = post[:, finite] @ col[finite]
            bad = (post[:, ~finite] > 0).any(axis=1) if (~finite).any() else np.zeros(lik.shape[0], bool)
            score[bad, j] = -np.inf
        lab = np.argmax(score, axis=1).astype(np.int64)
    history.append(_table_mutual_information(p[:, None] * channel(lab)))
    return MMIClassificationResult(mutual_information=np.asarray(history), labels=lab)
