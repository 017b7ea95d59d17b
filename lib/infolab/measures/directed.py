"""Directed information, transfer entropy and Granger causality of discrete and Gaussian processes.

Three ways to say how much the past of one process tells about the next value
of another:

* **Directed information** (Massey 1990) between two paths of length n,
  I(X^n → Y^n) = Σ_t I(X^t; Y_t | Y^{t-1}) = H(Y^n) − H(Y^n ‖ X^n), with the
  causally conditioned entropy H(Y^n ‖ X^n) = Σ_t H(Y_t | Y^{t-1}, X^t).
  Exact from a joint law over paths, or plug-in from sample paths.
  Massey's conservation law I(X^n; Y^n) = I(X^n → Y^n) + I(0*Y^{n-1} → X^n)
  splits mutual information into the forward flow and the feedback.
* **Transfer entropy** (Schreiber 2000) of stationary processes with finite
  histories, TE_{X→Y} = I(Y_t; X_{t-d-l+1..t-d} | Y_{t-k..t-1}): plug-in for
  discrete series, Gaussian closed form from a sample covariance or from the
  exact autocovariances of a vector autoregression.
* **Granger causality** (Geweke 1982): F_{X→Y} = ln(σ²_reduced / σ²_full)
  from two least-squares regressions, with the classical F-test. For jointly
  Gaussian processes F = 2 · TE in nats (Barnett, Barrett & Seth 2009); in a
  sample it holds exactly between the least-squares fit and the Gaussian TE of
  the sample covariance.

Path tables have one axis per time step and per process, laid out
``p[x_1, ..., x_n, y_1, ..., y_n]`` (as built by
:func:`infolab.data.processes.causal_path_law`). Values are in nats unless
``base`` says otherwise.

References
----------
.. [1] J. L. Massey, "Causality, feedback and directed information", Proc.
   ISITA (1990).
.. [2] G. Kramer, "Directed information for channels with feedback", PhD
   thesis, ETH Zürich (1998).
.. [3] T. Schreiber, "Measuring information transfer", Phys. Rev. Lett. 85,
   461 (2000), arXiv:nlin/0001042.
.. [4] L. Barnett, A. B. Barrett, A. K. Seth, "Granger causality and transfer
   entropy are equivalent for Gaussian variables", Phys. Rev. Lett. 103,
   238701 (2009), arXiv:0910.4514.
.. [5] J. Geweke, "Measurement of linear dependence and feedback between
   multiple time series", J. Am. Stat. Assoc. 77, 304-313 (1982).
.. [6] B. Bai, "Forget BIT, it is all about TOKEN: towards semantic
   information theory for LLMs", arXiv:2511.01202 (2025).
"""

from __future__ import annotations

from typing import Any, NamedTuple, Sequence

import numpy as np
from scipy import stats

from ..validation import (
    check_choice,
    check_int,
    check_labels,
    check_probabilities,
    check_samples,
    log_base,
)
from ._var_moments import _autocovariances
from .discrete import (
    _MI_METHODS,
    _cmi_from_codes,
    _table_mutual_information,
    entropy,
    joint_entropy_from_labels,
)

__all__ = [
    "conditional_mutual_information_pmf",
    "path_mutual_information",
    "directed_information",
    "causally_conditioned_entropy",
    "directed_information_from_paths",
    "causally_conditioned_entropy_from_paths",
    "transfer_entropy_from_series",
    "gaussian_transfer_entropy",
    "var_transfer_entropy",
    "GrangerResult",
    "granger_causality",
]

_DIRECTIONS = ("x->y", "y->x")


# ---------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------

def _axes(axes: Any, ndim: int, name: str, func: str) -> tuple[int, ...]:
    if isinstance(axes, (int, np.integer)):
        axes = (int(axes),)
    try:
        out = tuple(int(a) for a in axes)
    except TypeError as exc:
        raise TypeError(f"The '{name}' parameter of {func} must be a sequence of axis numbers. Got {axes!r} instead.") from exc
    if any(a < 0 or a >= ndim for a in out) or len(set(out)) != len(out):
        raise ValueError(f"The '{name}' parameter of {func} must hold distinct axes in [0, {ndim - 1}]. Got {axes!r} instead.")
    return out


def _marginal(p: np.ndarray, keep: Sequence[int]) -> np.ndarray:
    """Marginal table over the axes ``keep`` (in increasing order)."""
    drop = tuple(a for a in range(p.ndim) if a not in set(keep))
    return p.sum(axis=drop) if drop else p


def _cmi_nats(p: np.ndarray, a: Sequence[int], b: Sequence[int], c: Sequence[int]) -> float:
    """I(A; B | C) = Σ p(a,b,c) log[p(a,b,c) p(c) / (p(a,c) p(b,c))], term by term over the support."""
    if not a or not b:
        return 0.0
    keep = tuple(sorted(set(a) | set(b) | set(c)))
    pabc = _marginal(p, keep)
    pos = {ax: i for i, ax in enumerate(keep)}
    ia, ib = [pos[x] for x in a], [pos[x] for x in b]
    pac = pabc.sum(axis=tuple(ib), keepdims=True)
    pbc = pabc.sum(axis=tuple(ia), keepdims=True)
    pc = pabc.sum(axis=tuple(ia + ib), keepdims=True)
    mask = pabc > 0
    num = np.broadcast_to(pc, pabc.shape)[mask] * pabc[mask]
    den = np.broadcast_to(pac, pabc.shape)[mask] * np.broadcast_to(pbc, pabc.shape)[mask]
    val = float(np.sum(pabc[mask] * (np.log(num) - np.log(den))))
    return max(val, 0.0)  # max() only removes rounding below 0


def conditional_mutual_information_pmf(p: Any, x_axes: Any, y_axes: Any, z_axes: Any = (), *,
                                       base: float | str = "e") -> float:
    """Conditional mutual information I(X; Y | Z) of a multi-axis probability table.

    Parameters
    ----------
    p : array_like
        Joint probability table, one axis per elementary variable; summing to
        1 within 1e-9 (never renormalised).
    x_axes, y_axes, z_axes : int or sequence of int
        Disjoint groups of axes forming X, Y and the condition Z (Z may be
        empty, giving I(X; Y)). Axes in no group are summed out.
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.

    Returns
    -------
    float
        I(X; Y | Z) ≥ 0, computed term by term over the support (so
        conditional independence gives 0 up to rounding, never below 0).

    Notes
    -----
    Exact for the given table; I(X; Y | Z) = Σ p(x,y,z) log[p(x,y,z) p(z) /
    (p(x,z) p(y,z))] summed over the support, one pass over the marginal table
    of (X, Y, Z). Conditioning can raise or lower the information (XOR: 0
    without Z, 1 bit with it). Sample labels: use the plug-in estimators of
    :mod:`infolab.measures.discrete`.

    References
    ----------
    T. M. Cover, J. A. Thomas, *Elements of Information Theory*, 2nd ed.,
    Wiley (2006), §2.5.

    Examples
    --------
    >>> p = np.zeros((2, 2, 2)); p[0, 0, 0] = p[1, 1, 0] = p[0, 1, 1] = p[1, 0, 1] = 0.25
    >>> round(conditional_mutual_information_pmf(p, 0, 1, 2, base=2), 12)  # XOR: 1 bit
    1.0
    >>> conditional_mutual_information_pmf(p, 0, 1, base=2)
    0.0
    """
    func = "conditional_mutual_information_pmf"
    arr = np.asarray(check_probabilities(p, "p", func=func))
    xa = _axes(x_axes, arr.ndim, "x_axes", func)
    ya = _axes(y_axes, arr.ndim, "y_axes", func)
    za = _axes(z_axes, arr.ndim, "z_axes", func)
    if set(xa) & set(ya) or set(xa) & set(za) or set(ya) & set(za):
        raise ValueError(f"The 'x_axes', 'y_axes' and 'z_axes' parameters of {func} must be disjoint. Got {xa}, {ya}, {za} instead.")
    if not xa or not ya:
        raise ValueError(f"The 'x_axes' and 'y_axes' parameters of {func} must each name at least one axis. Got {xa} and {ya} instead.")
    return _cmi_nats(arr, xa, ya, za) / log_base(base, func)


def _path_table(path_pmf: Any, func: str) -> tuple[np.ndarray, int]:
    arr = np.asarray(check_probabilities(path_pmf, "path_pmf", func=func))
    if arr.ndim < 2 or arr.ndim % 2:
        raise ValueError(
            f"The 'path_pmf' parameter of {func} must have 2n axes (x_1..x_n, y_1..y_n). "
            f"Got {arr.ndim} axes instead."
        )
    return arr, arr.ndim // 2


def _oriented(arr: np.ndarray, n: int, direction: str, func: str) -> np.ndarray:
    """The table with the source's axes first: swaps the halves for direction 'y->x'."""
    check_choice(direction, "direction", _DIRECTIONS, func=func)
    if direction == "x->y":
        return arr
    return np.transpose(arr, tuple(range(n, 2 * n)) + tuple(range(n)))


def path_mutual_information(path_pmf: Any, *, base: float | str = "e") -> float:
    """Mutual information I(X^n; Y^n) between two whole paths, from their joint law.

    Parameters
    ----------
    path_pmf : array_like, shape (kx,)*n + (ky,)*n
        Joint law ``p[x_1..x_n, y_1..y_n]``.
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.

    Returns
    -------
    float
        I(X^n; Y^n) >= 0.

    Notes
    -----
    Exact: the mutual information of the table read as a two-axis law of the
    whole paths. By Massey's conservation law it is the sum of
    :func:`directed_information` forward and the feedback term
    (``delay=1, direction="y->x"``). The table has (kx·ky)^n cells.

    References
    ----------
    Massey (1990); Cover & Thomas, *Elements of Information Theory*, 2nd ed.,
    Wiley (2006), §2.3.

    Examples
    --------
    >>> p = np.full((2, 2), 0.25)
    >>> path_mutual_information(p)
    0.0
    """
    func = "path_mutual_information"
    arr, n = _path_table(path_pmf, func)
    kx = int(np.prod(arr.shape[:n]))
    return _table_mutual_information(arr.reshape(kx, -1)) / log_base(base, func)


def directed_information(path_pmf: Any, *, delay: int = 0, direction: str = "x->y",
                         base: float | str = "e") -> float:
    """Massey's directed information I(X^n → Y^n) = Σ_t I(X^{t-d}; Y_t | Y^{t-1}), exact.

    Parameters
    ----------
    path_pmf : array_like, shape (kx,)*n + (ky,)*n
        Joint law of the two paths, ``p[x_1..x_n, y_1..y_n]``.
    delay : int, default 0
        d: Y_t sees the source up to time t - d. ``delay=1`` with
        ``direction="y->x"`` gives the feedback term I(0*Y^{n-1} → X^n) =
        Σ_t I(Y^{t-1}; X_t | X^{t-1}) of Massey's conservation law.
    direction : {"x->y", "y->x"}, default "x->y"
        Which process is the source.
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.

    Returns
    -------
    float
        Directed information, 0 ≤ I(X^n → Y^n) ≤ I(X^n; Y^n).

    Notes
    -----
    Each term is a conditional mutual information computed term by term on
    the marginal table of (X^{t-d}, Y^t), so the cost is that of summing the
    table 2n times. Without feedback (X_t independent of Y^{t-1} given
    X^{t-1}) the feedback term vanishes and I(X^n → Y^n) = I(X^n; Y^n).

    References
    ----------
    Massey (1990); Kramer (1998); Bai, arXiv:2511.01202 (2025), the LLM as a
    channel with feedback.

    Examples
    --------
    >>> from infolab.data.processes import causal_path_law
    >>> p = causal_path_law(lambda xp, yp: [0.5, 0.5], lambda x, yp: [1 - x[-1], x[-1]], 2,
    ...                     x_alphabet=2, y_alphabet=2)
    >>> round(directed_information(p, base=2), 12)  # a noiseless binary channel, 2 uses
    2.0
    """
    func = "directed_information"
    arr, n = _path_table(path_pmf, func)
    d = check_int(delay, "delay", low=0, high=n, func=func)
    arr = _oriented(arr, n, direction, func)
    total = 0.0
    for t in range(1, n + 1):
        src = tuple(range(0, t - d))
        total += _cmi_nats(arr, src, (n + t - 1,), tuple(range(n, n + t - 1)))
    return total / log_base(base, func)


def causally_conditioned_entropy(path_pmf: Any, *, delay: int = 0, direction: str = "x->y",
                                 base: float | str = "e") -> float:
    """Causally conditioned entropy H(Y^n ‖ X^{n-d}) = Σ_t H(Y_t | Y^{t-1}, X^{t-d}), exact.

    Parameters
    ----------
    path_pmf : array_like, shape (kx,)*n + (ky,)*n
        Joint law ``p[x_1..x_n, y_1..y_n]``.
    delay : int, default 0
    direction : {"x->y", "y->x"}, default "x->y"
        ``"y->x"`` gives H(X^n ‖ Y^{n-d}).
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.

    Returns
    -------
    float
        H(Y^n ‖ X^n) ≤ H(Y^n), and H(Y^n) − H(Y^n ‖ X^n) = I(X^n → Y^n).

    Notes
    -----
    Computed as Σ_t [H(X^{t-d}, Y^t) − H(X^{t-d}, Y^{t-1})] from marginal
    entropies (:func:`infolab.measures.entropy`), an independent route to
    the same numbers as :func:`directed_information`.

    References
    ----------
    Kramer (1998), §3.2; Massey (1990).

    Examples
    --------
    >>> p = np.full((2, 2), 0.25)  # n = 1, independent fair bits
    >>> round(causally_conditioned_entropy(p, base=2), 12)
    1.0
    """
    func = "causally_conditioned_entropy"
    arr, n = _path_table(path_pmf, func)
    d = check_int(delay, "delay", low=0, high=n, func=func)
    arr = _oriented(arr, n, direction, func)

    def h(keep: tuple[int, ...]) -> float:
        return entropy(_marginal(arr, keep)) if keep else 0.0

    total = 0.0
    for t in range(1, n + 1):
        src = tuple(range(0, t - d))
        total += h(src + tuple(range(n, n + t))) - h(src + tuple(range(n, n + t - 1)))
    return max(total, 0.0) / log_base(base, func)


# ---------------------------------------------------------------------------
# Sample paths (plug-in)
# ---------------------------------------------------------------------------

def _paths(x: Any, y: Any, func: str) -> tuple[np.ndarray, np.ndarray]:
    xs, ys = [], []
    for name, a in (("x", x), ("y", y)):
        arr = np.asarray(a)
        if arr.ndim != 2 or arr.shape[0] == 0 or arr.shape[1] == 0:
            raise ValueError(f"The '{name}' parameter of {func} must be a 2-D array (n_paths, n_steps) of labels. Got shape {arr.shape} instead.")
        cols = np.stack([check_labels(arr[:, j], name, func=func) for j in range(arr.shape[1])], axis=1)
        (xs if name == "x" else ys).append(cols)
    if xs[0].shape != ys[0].shape:
        raise ValueError(f"The 'x' and 'y' parameters of {func} must have the same shape. Got {xs[0].shape} and {ys[0].shape} instead.")
    return xs[0], ys[0]


def _h_cols(*blocks: np.ndarray) -> float:
    blocks = tuple(b for b in blocks if b.shape[1] > 0)
    if not blocks:
        return 0.0
    return joint_entropy_from_labels(np.concatenate(blocks, axis=1))


def _oriented_paths(x: Any, y: Any, delay: Any, direction: str, func: str):
    """Validated paths ordered as (source, target), their length n and the validated delay."""
    xs, ys = _paths(x, y, func)
    n = xs.shape[1]
    d = check_int(delay, "delay", low=0, high=n, func=func)
    check_choice(direction, "direction", _DIRECTIONS, func=func)
    return (ys, xs, n, d) if direction == "y->x" else (xs, ys, n, d)


def directed_information_from_paths(x: Any, y: Any, *, delay: int = 0, direction: str = "x->y",
                                    base: float | str = "e") -> float:
    """Plug-in directed information I(X^n → Y^n) from paired sample paths.

    Parameters
    ----------
    x, y : array_like, shape (n_paths, n)
        Labels; row i is one draw of the pair of paths.
    delay : int, default 0
    direction : {"x->y", "y->x"}, default "x->y"
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.

    Returns
    -------
    float
        The directed information of the empirical law of the paths (equal to
        :func:`directed_information` of that law). Biased upwards: the plug-in
        conditional mutual information of t-step histories needs many more
        paths than (kx·ky)^t to be accurate.

    Notes
    -----
    Each term I(X^{t-d}; Y_t | Y^{t-1}) is a sum of four plug-in joint
    entropies of label columns, so the estimate is exact for the empirical
    law; it is consistent as the number of paths grows for fixed n, and its
    bias grows geometrically with n. The result is clipped at 0 only to
    remove rounding.

    References
    ----------
    Massey (1990); Kramer (1998).

    Examples
    --------
    >>> x = np.array([[0, 1], [1, 0], [0, 0], [1, 1]])
    >>> round(directed_information_from_paths(x, x, base=2), 12)
    2.0
    """
    func = "directed_information_from_paths"
    xs, ys, n, d = _oriented_paths(x, y, delay, direction, func)
    total = 0.0
    for t in range(1, n + 1):
        src, past, now = xs[:, : t - d], ys[:, : t - 1], ys[:, : t]
        if src.shape[1] == 0:
            continue
        total += _h_cols(src, past) + _h_cols(now) - _h_cols(past) - _h_cols(src, now)
    return max(total, 0.0) / log_base(base, func)


def causally_conditioned_entropy_from_paths(x: Any, y: Any, *, delay: int = 0, direction: str = "x->y",
                                            base: float | str = "e") -> float:
    """Plug-in causally conditioned entropy H(Y^n ‖ X^{n-d}) from paired sample paths.

    Parameters
    ----------
    x, y : array_like, shape (n_paths, n)
        Labels; row i is one draw of the pair of paths.
    delay : int, default 0
        d, 0 <= d <= n: Y_t is conditioned on the source up to time t - d.
    direction : {"x->y", "y->x"}, default "x->y"
        ``"y->x"`` gives H(X^n ‖ Y^{n-d}).
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.

    Returns
    -------
    float
        The causally conditioned entropy of the empirical law of the paths
        (equal to :func:`causally_conditioned_entropy` of that law), >= 0.

    Notes
    -----
    Σ_t [H(X^{t-d}, Y^t) − H(X^{t-d}, Y^{t-1})] with plug-in joint entropies
    of label columns. Biased downwards, like plug-in conditional entropies,
    and badly so once (kx·ky)^t approaches the number of paths.
    H(Y^n) − H(Y^n ‖ X^n) is :func:`directed_information_from_paths`.

    References
    ----------
    Kramer (1998), §3.2; Massey (1990).

    Examples
    --------
    >>> x = np.array([[0, 1], [1, 0], [0, 0], [1, 1]])
    >>> causally_conditioned_entropy_from_paths(x, x)
    0.0
    """
    func = "causally_conditioned_entropy_from_paths"
    xs, ys, n, d = _oriented_paths(x, y, delay, direction, func)
    total = 0.0
    for t in range(1, n + 1):
        total += _h_cols(xs[:, : t - d], ys[:, :t]) - _h_cols(xs[:, : t - d], ys[:, : t - 1])
    return max(total, 0.0) / log_base(base, func)


# ---------------------------------------------------------------------------
# Transfer entropy
# ---------------------------------------------------------------------------

def _histories(target_history: int, source_history: int, delay: int, func: str) -> tuple[int, int, int]:
    k = check_int(target_history, "target_history", low=0, func=func)
    l_src = check_int(source_history, "source_history", low=1, func=func)
    delay = check_int(delay, "delay", low=1, func=func)
    return k, l_src, delay


def _embed(series: np.ndarray, k: int, l_src: int, delay: int, source: np.ndarray):
    """Rows (target now, target past k, source past l_src) of one trial, shape (T - t0, ...)."""
    t0 = max(k, l_src + delay - 1)
    steps = series.shape[0]
    now = series[t0:]
    past = [series[t0 - i: steps - i] for i in range(1, k + 1)]
    src = [source[t0 - delay - j: steps - delay - j] for j in range(l_src)]
    return now, past, src


def transfer_entropy_from_series(source: Any, target: Any, *, target_history: int = 1, source_history: int = 1, delay: int = 1,
                                 method: str = "plugin", base: float | str = "e") -> float:
    """Plug-in transfer entropy TE_{X→Y} of discrete series with finite histories.

    TE = I(Y_t; X_{t-d-l+1}, ..., X_{t-d} | Y_{t-k}, ..., Y_{t-1}) under the
    empirical law of the embedded vectors, pooled over time (and over trials
    for 2-D input).

    Parameters
    ----------
    source, target : array_like of labels, shape (T,) or (n_trials, T)
        The series X and Y (same shape).
    target_history : int, default 1
        k, the target history length (0 gives the lagged mutual information).
    source_history : int, default 1
        l, the source history length.
    delay : int, default 1
        Lag d ≥ 1 of the newest source value.
    method : {"plugin", "miller_madow", "chao_shen", "grassberger", \
"james_stein", "chao_wang_jost", "zhang"}, default "plugin"
        Entropy estimator of :func:`entropy_from_labels` used for each term of
        TE = H(Y_t, Y^-) + H(X^-, Y^-) − H(Y^-) − H(Y_t, X^-, Y^-), with the
        embedded vectors read as joint symbols. Only ``"plugin"`` clips at 0;
        the bias-corrected estimates are returned as computed and can be
        slightly negative without coupling.
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.

    Returns
    -------
    float
        TE (≥ 0 for the plug-in). The plug-in estimate is biased upwards by about
        (|X|^l − 1)(|Y| − 1)|Y|^k / (2N) nats for N embedded samples.

    Notes
    -----
    Assumes stationarity (every time step is a draw of the same law). For
    continuous data, bin first (and read the result as the TE of the binned
    processes).

    References
    ----------
    Schreiber, Phys. Rev. Lett. 85, 461 (2000), arXiv:nlin/0001042.

    Examples
    --------
    >>> x = np.array([0, 1, 1, 0, 1, 0, 0, 1] * 50)
    >>> y = np.roll(x, 1)  # y copies x with one step of delay
    >>> transfer_entropy_from_series(x, y, target_history=0) > 0.6
    True
    """
    func = "transfer_entropy_from_series"
    check_choice(method, "method", _MI_METHODS, func=func)
    k, l_src, delay = _histories(target_history, source_history, delay, func)
    xs, ys = np.asarray(source), np.asarray(target)
    if xs.shape != ys.shape or xs.ndim not in (1, 2):
        raise ValueError(f"The 'source' and 'target' parameters of {func} must have one shape, (T,) or (n_trials, T). Got {xs.shape} and {ys.shape} instead.")
    xs2, ys2 = np.atleast_2d(xs), np.atleast_2d(ys)
    cx = check_labels(xs2.reshape(-1), "source", func=func).reshape(xs2.shape)
    cy = check_labels(ys2.reshape(-1), "target", func=func).reshape(ys2.shape)
    t0 = max(k, l_src + delay - 1)
    if cx.shape[1] <= t0 + 1:
        raise ValueError(f"The 'source' parameter of {func} needs more than {t0 + 1} steps per trial for target_history={k}, source_history={l_src}, delay={delay}. Got {cx.shape[1]} instead.")
    lb = log_base(base, func)
    (a, ka), (b, kb), (c, kc) = _te_symbols(cx, cy, k, l_src, delay)
    if method != "plugin":
        return _cmi_from_codes(_compact(a, ka), _compact(b, kb), _compact(c, kc), method) / lb
    return max(_plugin_te_nats(a, ka, b, kb, c, kc), 0.0) / lb


# Embedded vectors are coded as integers by Horner's rule on the symbol codes; a running
# alphabet above this size is compacted first so that codes and their products stay in int64.
_HORNER_MAX = 1 << 31


def _lagged_codes(cz: np.ndarray, lags: Sequence[int], t0: int) -> tuple[np.ndarray, int]:
    """Codes of the vectors (z[t - g] for g in lags), t = t0..T-1, trial by trial, and a bound on their alphabet.

    ``cz`` holds compact symbol codes, shape (n_trials, T). No lags give one code (0) for every step.
    """
    steps = cz.shape[1]
    size = int(cz.max()) + 1
    code = np.zeros((cz.shape[0], steps - t0), dtype=np.int64)
    n_codes = 1
    for g in lags:
        if n_codes * size > _HORNER_MAX:
            code = _compact(code.reshape(-1), n_codes).reshape(code.shape)
            n_codes = int(code.max()) + 1
        code *= size
        code += cz[:, t0 - g: steps - g]
        n_codes *= size
    return code.reshape(-1), n_codes


def _te_symbols(cx: np.ndarray, cy: np.ndarray, k: int, l_src: int, delay: int):
    """(code, alphabet bound) of the target's next value, the source history and the target history.

    One entry per embedded step, trial by trial in time order, for t0 = max(k, l_src + delay - 1).
    """
    t0 = max(k, l_src + delay - 1)
    now = _lagged_codes(cy, (0,), t0)
    src = _lagged_codes(cx, tuple(delay + j for j in range(l_src)), t0)
    past = _lagged_codes(cy, tuple(range(1, k + 1)), t0)
    return now, src, past


def _compact(code: np.ndarray, n_codes: int) -> np.ndarray:
    """Compact codes 0..K-1 of non-negative codes below ``n_codes``, in increasing order of the codes."""
    if n_codes <= max(4 * code.shape[0], 1 << 16):
        present = np.bincount(code, minlength=n_codes) > 0
        return (np.cumsum(present) - 1)[code]
    return np.unique(code, return_inverse=True)[1].reshape(-1).astype(np.int64)


def _nlogn(counts: np.ndarray) -> float:
    """Σ n log n over the non-zero counts."""
    n = counts[counts > 0].astype(np.float64)
    return float(np.dot(n, np.log(n)))


def _counts(code: np.ndarray, n_codes: int) -> np.ndarray:
    """Counts of the observed codes (by one np.bincount when the alphabet is small)."""
    if n_codes <= max(4 * code.shape[0], 1 << 16):
        return np.bincount(code, minlength=n_codes)
    return np.unique(code, return_counts=True)[1]


def _plugin_te_nats(a: np.ndarray, ka: int, b: np.ndarray, kb: int, c: np.ndarray, kc: int) -> float:
    """Plug-in I(A; B | C) = [S(A,B,C) + S(C) − S(A,C) − S(B,C)] / N with S = Σ n log n over joint counts."""
    n = a.shape[0]
    if ka * kb * kc <= max(4 * n, 1 << 16):   # one dense table of counts n[c, b, a]
        n_cba = np.bincount((c * kb + b) * ka + a, minlength=kc * kb * ka).reshape(kc, kb, ka)
        n_cb = n_cba.sum(axis=2)
        s = _nlogn(n_cba) + _nlogn(n_cb.sum(axis=1)) - _nlogn(n_cba.sum(axis=1)) - _nlogn(n_cb)
        return s / n
    b, c = _compact(b, kb), _compact(c, kc)
    kb, kc = int(b.max()) + 1, int(c.max()) + 1
    bc = _compact(c * kb + b, kc * kb)
    s = (_nlogn(_counts(bc * ka + a, (int(bc.max()) + 1) * ka)) + _nlogn(_counts(c, kc))
         - _nlogn(_counts(c * ka + a, kc * ka)) - _nlogn(_counts(bc, int(bc.max()) + 1)))
    return s / n


def _cond_logdet(cov: np.ndarray, target: Sequence[int], given: Sequence[int]) -> float:
    """log det Σ(T | G) = log det(Σ_TT − Σ_TG Σ_GG^{-1} Σ_GT) (Schur complement)."""
    t, g = np.asarray(target), np.asarray(given)
    stt = cov[np.ix_(t, t)]
    if g.size:
        stg = cov[np.ix_(t, g)]
        sgg = cov[np.ix_(g, g)]
        stt = stt - stg @ np.linalg.solve(sgg, stg.T)
    sign, logdet = np.linalg.slogdet((stt + stt.T) / 2)
    if sign <= 0:
        raise ValueError("The conditional covariance is singular: the target is a deterministic linear function of its conditioning history.")
    return float(logdet)


def _gauss_te_from_cov(cov: np.ndarray, dy: int, dx: int, k: int, l_src: int) -> float:
    """TE from the covariance of (Y_t, Y_{t-1..t-k}, X_{t-d..t-d-l+1}) blocks of sizes dy, k·dy, l·dx."""
    now = list(range(dy))
    past = list(range(dy, dy + k * dy))
    src = list(range(dy + k * dy, dy + k * dy + l_src * dx))
    return 0.5 * (_cond_logdet(cov, now, past) - _cond_logdet(cov, now, past + src))


def gaussian_transfer_entropy(source: Any, target: Any, *, target_history: int = 1, source_history: int = 1, delay: int = 1,
                              base: float | str = "e") -> float:
    """Gaussian (linear) transfer entropy from samples: ½ ln[det Σ(Y_t | Y⁻) / det Σ(Y_t | Y⁻, X⁻)].

    Parameters
    ----------
    source, target : array_like, shape (T,) or (T, dx) / (T, dy)
        One realisation of each (multivariate) series, aligned in time.
    target_history, source_history, delay : int
        k, the target history length (≥ 0); l, the source history length
        (≥ 1); and the lag of the newest source value (≥ 1).
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.

    Returns
    -------
    float
        The TE of a Gaussian process with the sample covariance (mean removed)
        of the embedded vectors. It equals half the sample Granger statistic of
        :func:`granger_causality` with ``lags`` = both history lengths, ``delay=1`` exactly
        (Barnett et al. 2009), up to rounding.

    Notes
    -----
    Right for jointly Gaussian processes (then it is the TE); for others it is
    the linear part of the dependence only. Needs more embedded samples than
    dy·(k+1) + dx·l.

    References
    ----------
    Barnett, Barrett & Seth, Phys. Rev. Lett. 103, 238701 (2009), arXiv:0910.4514.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x = rng.standard_normal(5000); y = np.r_[0, 0.8 * x[:-1]] + 0.6 * rng.standard_normal(5000)
    >>> round(gaussian_transfer_entropy(x, y), 2)  # ½ ln(1 / 0.36) = 0.51
    0.51
    """
    func = "gaussian_transfer_entropy"
    k, l_src, delay = _histories(target_history, source_history, delay, func)
    xs = check_samples(source, "source", func=func, min_samples=2)
    ys = check_samples(target, "target", func=func, min_samples=2)
    if xs.shape[0] != ys.shape[0]:
        raise ValueError(f"The 'source' and 'target' parameters of {func} must have the same length. Got {xs.shape[0]} and {ys.shape[0]} instead.")
    scale = log_base(base, func)
    for name, arr in (("source", xs), ("target", ys)):
        constant = np.all(arr == arr[0], axis=0)
        if constant.any():
            raise ValueError(f"The '{name}' parameter of {func} must vary over time. Got a constant column "
                             f"(index {int(np.argmax(constant))}) instead; its conditional variance is zero and the "
                             "Gaussian transfer entropy is undefined.")
    t0 = max(k, l_src + delay - 1)
    dims = ys.shape[1] * (k + 1) + xs.shape[1] * l_src
    if ys.shape[0] - t0 <= dims + 1:
        name = "target_history" if k >= l_src + delay - 1 else "source_history"
        raise ValueError(f"The '{name}' parameter of {func} reaches back {t0} steps, too far for series of "
                         f"{ys.shape[0]} steps: that leaves {max(ys.shape[0] - t0, 0)} embedded samples for "
                         f"{dims} dimensions. Got target_history={k}, source_history={l_src}, delay={delay} instead.")
    now, past, src = _embed(ys, k, l_src, delay, xs)
    z = np.concatenate([now] + past + src, axis=1)
    cov = np.atleast_2d(np.cov(z, rowvar=False, bias=True))
    try:
        te = _gauss_te_from_cov(cov, ys.shape[1], xs.shape[1], k, l_src)
    except (np.linalg.LinAlgError, ValueError):
        raise ValueError(f"The 'target' parameter of {func} is a deterministic linear function of its own history "
                         "and the source history (singular conditional covariance): the Gaussian transfer entropy "
                         "is undefined.") from None
    return te / scale


def _indices(idx: Any, kdim: int, name: str, func: str) -> list[int]:
    if isinstance(idx, (int, np.integer)):
        idx = [int(idx)]
    try:
        out = [int(i) for i in idx]
    except TypeError as exc:
        raise TypeError(f"The '{name}' parameter of {func} must be an int or a sequence of ints. Got {idx!r} instead.") from exc
    if not out or any(i < 0 or i >= kdim for i in out) or len(set(out)) != len(out):
        raise ValueError(f"The '{name}' parameter of {func} must hold distinct component indices in [0, {kdim - 1}]. Got {idx!r} instead.")
    return out


def var_transfer_entropy(coefs: Any, noise_cov: Any, source: Any, target: Any, *, target_history: int = 1,
                         source_history: int = 1, delay: int = 1, base: float | str = "e") -> float:
    """Exact transfer entropy between components of a stationary Gaussian VAR(p), finite histories.

    Parameters
    ----------
    coefs : array_like, shape (p, K, K) or (K, K)
        Lag matrices A_1..A_p of X_t = Σ_i A_i X_{t-i} + ε_t.
    noise_cov : array_like, shape (K, K)
        Innovation covariance (positive definite).
    source, target : int or sequence of int
        Disjoint component indices of the source X and the target Y.
    target_history, source_history, delay : int
        History lengths k of the target (≥ 0) and l of the source (≥ 1), and
        the lag of the newest source value (≥ 1).
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.

    Returns
    -------
    float
        ½ ln[det Σ(Y_t | Y_{t-1..t-k}) / det Σ(Y_t | Y_{t-1..t-k}, X_{t-d..t-d-l+1})],
        from the exact autocovariances (:func:`infolab.data.processes.var_autocovariances`).
        Other components are marginalised (bivariate TE). As k, l → ∞ it tends
        to the infinite-history TE, ½ of Geweke's F_{X→Y}.

    Notes
    -----
    Exact for the model (no sampling error): the Gaussian TE of the
    stationary covariance of the embedded vector, built from the VAR's
    autocovariances. The VAR must be stable (companion spectral radius
    below 1). Compare :func:`gaussian_transfer_entropy`, the same formula on a
    sample covariance.

    References
    ----------
    Barnett, Barrett & Seth (2009), arXiv:0910.4514; Geweke (1982).

    Examples
    --------
    >>> a = [[0.5, 0.0], [0.4, 0.5]]  # x → y with coupling 0.4
    >>> round(var_transfer_entropy(a, np.eye(2), 0, 1), 4)
    0.0921
    """
    func = "var_transfer_entropy"
    k, l_src, delay = _histories(target_history, source_history, delay, func)
    scale = log_base(base, func)
    gam = _autocovariances(coefs, noise_cov, max(k, l_src + delay - 1), func)
    kdim = gam.shape[-1]
    src = _indices(source, kdim, "source", func)
    tgt = _indices(target, kdim, "target", func)
    if set(src) & set(tgt):
        raise ValueError(f"The 'source' and 'target' parameters of {func} must be disjoint. Got {src} and {tgt} instead.")

    def block(i_comp: list[int], lag_i: int, j_comp: list[int], lag_j: int) -> np.ndarray:
        h = lag_j - lag_i  # E[X_{t-lag_i} X_{t-lag_j}ᵀ] = Γ_h (h ≥ 0) or Γ_{-h}ᵀ
        g = gam[h] if h >= 0 else gam[-h].T
        return g[np.ix_(i_comp, j_comp)]

    parts = [(tgt, 0)] + [(tgt, i) for i in range(1, k + 1)] + [(src, delay + j) for j in range(l_src)]
    cov = np.block([[block(ci, li, cj, lj) for (cj, lj) in parts] for (ci, li) in parts])
    return _gauss_te_from_cov(cov, len(tgt), len(src), k, l_src) / scale


# ---------------------------------------------------------------------------
# Granger causality
# ---------------------------------------------------------------------------

class GrangerResult(NamedTuple):
    """Outcome of :func:`granger_causality`.

    Attributes
    ----------
    statistic : float
        Geweke's F_{X→Y} = ln(RSS_reduced / RSS_full) (natural log).
    f_statistic : float
        ((RSS_r − RSS_f) / q) / (RSS_f / (N − m_full)).
    p_value : float
        P(F(q, N − m_full) ≥ f_statistic) under "no Granger causality".
    df_num, df_den : int
        q (number of source coefficients) and N − m_full.
    n_obs : int
        N, the number of regression rows.
    """

    statistic: float
    f_statistic: float
    p_value: float
    df_num: int
    df_den: int
    n_obs: int


def granger_causality(source: Any, target: Any, *, lags: int = 1) -> GrangerResult:
    """Granger causality X → Y from one realisation: log variance ratio and F-test.

    Fits by least squares, with an intercept,
    the full model Y_t ~ 1 + Y_{t-1..t-p} + X_{t-1..t-p} and the reduced
    model Y_t ~ 1 + Y_{t-1..t-p}, over the same N = T − p rows.

    Parameters
    ----------
    source : array_like, shape (T,) or (T, dx)
        The driving series X (may be multivariate).
    target : array_like, shape (T,)
        The driven series Y (univariate: the F-test is for one equation).
    lags : int, default 1
        p, the number of lags of both series in both models.

    Returns
    -------
    GrangerResult
        ``statistic`` = ln(RSS_r / RSS_f) in nats (Geweke 1982), the F-test
        statistic and its p-value from ``scipy.stats.f``, degrees of freedom
        and N.

    Notes
    -----
    For jointly Gaussian processes ``statistic`` estimates 2 × the transfer
    entropy in nats (Barnett et al. 2009), and equals exactly twice
    :func:`gaussian_transfer_entropy` with both history lengths = ``lags`` on the same data.
    The F-test is exact for Gaussian innovations with fixed regressors and
    asymptotically valid for stationary autoregressions; it is the
    "ssr based F test" of the classical Granger test.

    References
    ----------
    C. W. J. Granger, Econometrica 37, 424-438 (1969); Geweke (1982);
    Barnett, Barrett & Seth (2009), arXiv:0910.4514.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> x = rng.standard_normal(2000); y = np.r_[0, 0.5 * x[:-1]] + rng.standard_normal(2000)
    >>> r = granger_causality(x, y, lags=1)
    >>> round(r.statistic, 1), r.p_value < 1e-10  # ln(1.25) = 0.22
    (0.2, True)
    """
    func = "granger_causality"
    p = check_int(lags, "lags", low=1, func=func)
    xs = check_samples(source, "source", func=func, min_samples=2)
    ys = check_samples(target, "target", func=func, min_samples=2)
    if ys.shape[1] != 1:
        raise ValueError(f"The 'target' parameter of {func} must be univariate. Got {ys.shape[1]} columns instead.")
    if xs.shape[0] != ys.shape[0]:
        raise ValueError(f"The 'source' and 'target' parameters of {func} must have the same length. Got {xs.shape[0]} and {ys.shape[0]} instead.")
    steps, dx = xs.shape
    n_obs = steps - p
    m_full = 1 + p + p * dx
    if n_obs <= m_full:
        raise ValueError(f"The 'target' parameter of {func} is too short: {steps} steps leave {n_obs} rows for {m_full} coefficients.")
    for name, arr in (("target", ys), ("source", xs)):
        constant = np.all(arr == arr[0], axis=0)
        if constant.any():
            raise ValueError(f"The '{name}' parameter of {func} must vary over time. Got a constant column "
                             f"(index {int(np.argmax(constant))}) instead; the regression on it is degenerate and "
                             "the F-test is undefined.")
    yv = ys[p:, 0]
    ylags = np.column_stack([ys[p - i: steps - i, 0] for i in range(1, p + 1)])
    xlags = np.column_stack([xs[p - i: steps - i] for i in range(1, p + 1)])
    ones = np.ones((n_obs, 1))

    def rss(design: np.ndarray) -> float:
        coef, *_ = np.linalg.lstsq(design, yv, rcond=None)
        r = yv - design @ coef
        return float(r @ r)

    rss_r = rss(np.hstack([ones, ylags]))
    rss_f = rss(np.hstack([ones, ylags, xlags]))
    if rss_f <= 1e-24 * max(float(np.sum((yv - yv.mean()) ** 2)), 1e-300) or rss_f <= 0:
        raise ValueError(f"The 'target' parameter of {func} is fitted exactly by the full model (zero residual): the statistic is undefined.")
    q = p * dx
    df_den = n_obs - m_full
    f_stat = max((rss_r - rss_f), 0.0) / q / (rss_f / df_den)
    return GrangerResult(
        statistic=float(np.log(rss_r / rss_f)),
        f_statistic=float(f_stat),
        p_value=float(stats.f.sf(f_stat, q, df_den)),
        df_num=q,
        df_den=df_den,
        n_obs=n_obs,
    )
