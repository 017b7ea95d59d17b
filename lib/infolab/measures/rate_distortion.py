"""Rate-distortion function of a discrete memoryless source, by Blahut-Arimoto.

R(D) = min I(X; Y) over test channels W(y|x) with E d(X, Y) ≤ D. For a
slope s ≥ 0 (the negative of dR/dD, in nats per unit distortion) the
alternating minimisation

    W(y|x) ∝ q(y) exp(−s d(x, y)),     q(y) = Σ_x p(x) W(y|x)

converges to the point of the curve where the tangent has slope −s
(Blahut 1972; Arimoto 1972). Rates are in nats unless ``base`` says otherwise.

For an i.i.d. source with a single-letter distortion the optimal test channel
is memoryless, hence causal, so the non-anticipative (directed-information)
rate-distortion function of such a source equals this R(D).

References
----------
.. [1] R. Blahut, "Computation of channel capacity and rate-distortion
   functions", IEEE Trans. Inf. Theory 18(4), 460-473 (1972).
.. [2] T. M. Cover, J. A. Thomas, *Elements of Information Theory*, 2nd ed.,
   §10.8 and §10.3.1 (Bernoulli source: R(D) = h(p) − h(D)).
.. [3] B. Bai, arXiv:2511.01202 (2025): directed rate-distortion as the view
   of pre-training.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from ._validate import check_int, check_probabilities, check_real, log_base

__all__ = ["RateDistortionPoint", "rate_distortion_point", "rate_distortion_curve",
           "CausalRateDistortionPoint", "causal_rate_distortion_point"]


class RateDistortionPoint(NamedTuple):
    """One point of the rate-distortion curve found by Blahut-Arimoto.

    Attributes
    ----------
    rate : float
        I(X; Y) of the test channel (nats unless ``base`` was given).
    distortion : float
        E d(X, Y).
    channel : numpy.ndarray, shape (|X|, |Y|)
        The optimal test channel W(y|x).
    iterations : int
        Iterations used.
    """

    rate: float
    distortion: float
    channel: np.ndarray
    iterations: int


def _distortion_matrix(distortion: Any, nx: int, func: str) -> np.ndarray:
    d = np.array(distortion, dtype=np.float64, copy=True)
    if d.ndim != 2 or d.shape[0] != nx or d.shape[1] == 0:
        raise ValueError(f"The 'distortion' parameter of {func} must be a ({nx}, n_y) matrix. Got shape {d.shape} instead.")
    if not np.all(np.isfinite(d)) or np.any(d < 0):
        raise ValueError(f"The 'distortion' parameter of {func} must hold finite non-negative values. Got min {np.nanmin(d)!r} instead.")
    return d


def rate_distortion_point(p_x: Any, distortion: Any, slope: float, *, tol: float = 1e-13,
                          max_iter: int = 100_000, base: float | str = "e") -> RateDistortionPoint:
    """Blahut-Arimoto: the point (D, R(D)) of the curve with tangent slope −``slope``.

    Parameters
    ----------
    p_x : array_like, shape (n_x,)
        Source law (sums to 1 within 1e-9).
    distortion : array_like, shape (n_x, n_y)
        Distortion d(x, y) ≥ 0.
    slope : float
        s ≥ 0, in nats per unit distortion whatever ``base`` is. s = 0 gives
        R = 0 at the largest useful distortion; larger s gives smaller D.
    tol : float, default 1e-13
        Stop when the output law q changes by less than ``tol`` (max norm).
    max_iter : int, default 100000
    base : float or "e", default "e"
        Unit of the returned rate.

    Returns
    -------
    RateDistortionPoint

    Notes
    -----
    Convergence is linear and slows down as s grows (small D); the
    iteration count is returned so a caller can see it. Raises if ``tol`` is
    not met within ``max_iter`` iterations.

    References
    ----------
    Blahut (1972); Cover & Thomas, §10.8.

    Examples
    --------
    >>> p, dd = 0.3, 0.1  # Bernoulli(0.3), Hamming distortion: R(D) = h(0.3) − h(D)
    >>> s = np.log((1 - dd) / dd)
    >>> pt = rate_distortion_point([0.7, 0.3], [[0, 1], [1, 0]], s, base=2)
    >>> h = lambda u: -u * np.log2(u) - (1 - u) * np.log2(1 - u)
    >>> round(pt.distortion, 9), round(float(pt.rate - (h(0.3) - h(0.1))), 9)
    (0.1, 0.0)
    """
    func = "rate_distortion_point"
    px = np.asarray(check_probabilities(p_x, "p_x", func=func, ndim=1))
    d = _distortion_matrix(distortion, px.shape[0], func)
    s = check_real(slope, "slope", low=0.0, func=func)
    tol = check_real(tol, "tol", low=0.0, low_open=True, func=func)
    max_iter = check_int(max_iter, "max_iter", low=1, func=func)
    kernel = np.exp(-s * (d - d.min(axis=1, keepdims=True)))  # row shift cancels in the normalisation
    q = np.full(d.shape[1], 1.0 / d.shape[1])
    it = 0
    for it in range(1, max_iter + 1):  # noqa: B007 (the count is returned)
        w = kernel * q
        w /= w.sum(axis=1, keepdims=True)
        q_new = px @ w
        if np.max(np.abs(q_new - q)) < tol:
            q = q_new
            break
        q = q_new
    else:
        raise ValueError(f"The 'max_iter' parameter of {func} ({max_iter}) was too small to reach tol={tol:g} at slope {s}.")
    w = kernel * q
    w /= w.sum(axis=1, keepdims=True)
    joint = px[:, None] * w
    mask = joint > 0
    qq = np.broadcast_to(px @ w, w.shape)
    rate = float(np.sum(joint[mask] * (np.log(w[mask]) - np.log(qq[mask]))))
    return RateDistortionPoint(max(rate, 0.0) / log_base(base, func), float(np.sum(joint * d)), w, it)


def rate_distortion_curve(p_x: Any, distortion: Any, slopes: Any, *, tol: float = 1e-13,
                          max_iter: int = 100_000, base: float | str = "e") -> tuple[np.ndarray, np.ndarray]:
    """Points (D, R) of the rate-distortion curve at several slopes (see :func:`rate_distortion_point`).

    Returns
    -------
    distortions, rates : numpy.ndarray
        One entry per slope, in the order given.

    Examples
    --------
    >>> d, r = rate_distortion_curve([0.5, 0.5], [[0, 1], [1, 0]], [0.0, 50.0], base=2)
    >>> [round(float(v), 6) for v in r]
    [0.0, 1.0]
    """
    func = "rate_distortion_curve"
    arr = np.asarray(slopes, dtype=np.float64)
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"The 'slopes' parameter of {func} must be a non-empty 1-D array. Got shape {arr.shape} instead.")
    pts = [rate_distortion_point(p_x, distortion, float(s), tol=tol, max_iter=max_iter, base=base) for s in arr]
    return np.array([p.distortion for p in pts]), np.array([p.rate for p in pts])


class CausalRateDistortionPoint(NamedTuple):
    """One point of the finite-horizon non-anticipative rate-distortion curve.

    Attributes
    ----------
    rate : float
        (1/n) I(X^n → Y^n) per letter (nats unless ``base`` was given).
    distortion : float
        (1/n) Σ_t E d(X_t, Y_t).
    path_law : numpy.ndarray, shape (kx,)*n + (ky,)*n
        The joint law p[x_1..x_n, y_1..y_n] of source and causal reproduction,
        the layout read by :mod:`infolab.measures.directed`.
    iterations : int
    """

    rate: float
    distortion: float
    path_law: np.ndarray
    iterations: int


def causal_rate_distortion_point(source_pmf: Any, distortion: Any, slope: float, *, tol: float = 1e-13,
                                 max_iter: int = 100_000, base: float | str = "e") -> CausalRateDistortionPoint:
    """Non-anticipative (directed) rate-distortion of a finite-horizon source, by alternating minimisation.

    Minimises (1/n)[I(X^n → Y^n) + s Σ_t E d(X_t, Y_t)] over causal
    reproduction kernels Q(y_t | y^{t-1}, x^t). For a fixed output law
    R(y_t | y^{t-1}) the best causal kernel comes from a backward (soft
    Bellman) recursion,

        Q_t ∝ R_t(y_t | y^{t-1}) exp(−s d(x_t, y_t) − V_t(x^t, y^t)),
        V_{t-1}(x^{t-1}, y^{t-1}) = E[−log Σ_{y_t} R_t exp(−s d − V_t) | x^{t-1}],

    and for a fixed Q the best R is the output law Q induces: the causal
    analogue of Blahut-Arimoto. Since the source does not see the
    reproduction, I(X^n → Y^n) = I(X^n; Y^n) at every iterate.

    Parameters
    ----------
    source_pmf : array_like, shape (kx,)*n
        Law of the source block X^n (any memory), summing to 1.
    distortion : array_like, shape (kx, ky)
        Single-letter distortion, applied at every step.
    slope : float
        s ≥ 0, nats per unit of per-letter distortion.
    tol : float, default 1e-13
        Stop when the output law R changes by less than ``tol`` (max norm).
    max_iter : int, default 100000
    base : float or "e", default "e"

    Returns
    -------
    CausalRateDistortionPoint

    Notes
    -----
    Cost per iteration is O(n (kx·ky)^n): exact enumeration of histories, for
    short horizons. For an i.i.d. source the optimal causal kernel is
    memoryless and the curve is the classical R(D).

    References
    ----------
    C. D. Charalambous, P. A. Stavrou, N. U. Ahmed, "Nonanticipative rate
    distortion function and relations to filtering theory", IEEE Trans.
    Autom. Control 59(4) (2014), arXiv:1210.1266; I. Naiss, H. Permuter,
    "Extension of the Blahut-Arimoto algorithm for maximizing directed
    information", IEEE Trans. Inf. Theory 59(1) (2013), arXiv:1012.5071.

    Examples
    --------
    >>> src = np.full((2, 2), 0.25)  # two i.i.d. fair bits
    >>> pt = causal_rate_distortion_point(src, [[0, 1], [1, 0]], np.log(9.0), base=2)
    >>> h = lambda u: -u * np.log2(u) - (1 - u) * np.log2(1 - u)
    >>> round(pt.distortion, 9), round(float(pt.rate - (1 - h(0.1))), 9)
    (0.1, 0.0)
    """
    func = "causal_rate_distortion_point"
    src = np.asarray(check_probabilities(source_pmf, "source_pmf", func=func))
    n = src.ndim
    kx = src.shape[0]
    if any(k != kx for k in src.shape):
        raise ValueError(f"The 'source_pmf' parameter of {func} must have one alphabet size on every axis. Got shape {src.shape} instead.")
    d = _distortion_matrix(distortion, kx, func)
    ky = d.shape[1]
    s = check_real(slope, "slope", low=0.0, func=func)
    tol = check_real(tol, "tol", low=0.0, low_open=True, func=func)
    max_iter = check_int(max_iter, "max_iter", low=1, func=func)
    if (kx * ky) ** n > 2**22:
        raise ValueError(f"The 'source_pmf' parameter of {func} gives (kx*ky)^n = {(kx * ky) ** n} histories; at most 2^22 are allowed.")
    # P(x_t | x^{t-1}) as arrays (kx^{t-1}, kx); zero-probability histories get a uniform row (never reached)
    cond = []
    prev = np.ones(1)
    for t in range(1, n + 1):
        marg = src.sum(axis=tuple(range(t, n))).reshape(-1) if t < n else src.reshape(-1)
        m2 = marg.reshape(-1, kx)
        with np.errstate(invalid="ignore", divide="ignore"):
            c = np.where(prev[:, None] > 0, m2 / np.where(prev[:, None] > 0, prev[:, None], 1.0), 1.0 / kx)
        cond.append(c)
        prev = marg
    cost = np.exp(-s * (d - d.min()))          # e^{-s d}, shifted (the shift is added back below)
    r = [np.full((ky ** (t - 1), ky), 1.0 / ky) for t in range(1, n + 1)]
    for it in range(1, max_iter + 1):  # noqa: B007 (the count is returned)
        # backward pass: best causal kernels for the current output law
        q = [None] * n
        v_next = np.zeros((kx ** n, ky ** n))
        for t in range(n, 0, -1):
            # shapes: x^t index (kx^t), y^{t-1} index (ky^{t-1}), y_t (ky)
            vt = v_next.reshape(kx ** t, ky ** (t - 1), ky)
            xt = np.arange(kx ** t) % kx
            w = r[t - 1][None, :, :] * cost[xt][:, None, :] * np.exp(-(vt - vt.min(axis=2, keepdims=True)))
            z = w.sum(axis=2, keepdims=True)
            q[t - 1] = w / z
            neg_log_z = -np.log(z[..., 0]) + vt.min(axis=2)             # (kx^t, ky^{t-1})
            v_next = np.einsum("ax,axb->ab", cond[t - 1], neg_log_z.reshape(kx ** (t - 1), kx, ky ** (t - 1)))
        # forward pass: joint law and the output law it induces
        joint = np.ones((1, 1))
        change = 0.0
        for t in range(1, n + 1):
            qt = q[t - 1].reshape(kx ** (t - 1), kx, ky ** (t - 1), ky)
            joint = (joint[:, None, :, None] * cond[t - 1][:, :, None, None] * qt).reshape(kx ** t, ky ** t)
            py = joint.sum(axis=0).reshape(ky ** (t - 1), ky)
            tot = py.sum(axis=1, keepdims=True)
            r_new = np.where(tot > 0, py / np.where(tot > 0, tot, 1.0), 1.0 / ky)
            change = max(change, float(np.max(np.abs(r_new - r[t - 1]))))
            r[t - 1] = r_new
        xs_last = np.arange(kx ** n)
        dist = 0.0
        for t in range(n):
            xt = (xs_last // kx ** (n - 1 - t)) % kx
            yt = (np.arange(ky ** n) // ky ** (n - 1 - t)) % ky
            dist += float(np.sum(joint * d[xt][:, yt]))
        mask = joint > 0
        py_full = joint.sum(axis=0, keepdims=True)
        px_full = joint.sum(axis=1, keepdims=True)
        rate = float(np.sum(joint[mask] * (np.log(joint[mask]) - np.log((px_full * py_full)[mask]))))
        if change < tol:
            break
    else:
        raise ValueError(f"The 'max_iter' parameter of {func} ({max_iter}) was too small to reach tol={tol:g} at slope {s}.")
    law = joint.reshape((kx,) * n + (ky,) * n)
    return CausalRateDistortionPoint(max(rate, 0.0) / n / log_base(base, func), dist / n, law, it)
