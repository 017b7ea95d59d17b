"""The rate/distortion family, by Blahut-Arimoto: rate-distortion, channel capacity, the discrete information bottleneck.

R(D) = min I(X; Y) over test channels W(y|x) with E d(X, Y) ≤ D. For a
slope s ≥ 0 (the negative of dR/dD, in nats per unit distortion) the
alternating minimisation

    W(y|x) ∝ q(y) exp(−s d(x, y)),     q(y) = Σ_x p(x) W(y|x)

converges to the point of the curve where the tangent has slope −s
(Blahut 1972; Arimoto 1972). The capacity C = max_p I(X; Y) of a channel and
the discrete information bottleneck min I(X; T) − β I(T; Y) of a joint table
(Tishby, Pereira, Bialek 1999) are alternating minimisations of the same kind.
All of them run on one core (``infolab.measures._blahut_arimoto``) with one
rule: a computation that does not reach ``tol`` within ``max_iter`` iterations
raises, naming both and the residual reached. Rates are in nats unless
``base`` says otherwise.

For an i.i.d. source with a single-letter distortion the optimal test channel
is memoryless, hence causal, so the non-anticipative (directed-information)
rate-distortion function of such a source equals this R(D).

References
----------
.. [1] R. Blahut, "Computation of channel capacity and rate-distortion
   functions", IEEE Trans. Inf. Theory 18(4), 460-473 (1972), doi:10.1109/TIT.1972.1054855.
.. [2] S. Arimoto, "An algorithm for computing the capacity of arbitrary
   discrete memoryless channels", IEEE Trans. Inf. Theory 18(1), 14-20 (1972),
   doi:10.1109/TIT.1972.1054753.
.. [3] T. M. Cover, J. A. Thomas, *Elements of Information Theory*, 2nd ed.,
   §10.8 and §10.3.1 (Bernoulli source: R(D) = h(p) − h(D)), §7.1 (capacity).
.. [4] N. Tishby, F. C. Pereira, W. Bialek, "The information bottleneck
   method", Allerton (1999), arXiv:physics/0004057.
.. [5] B. Bai, arXiv:2511.01202 (2025): directed rate-distortion as the view
   of pre-training.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from ..validation import (
    check_array,
    check_int,
    check_joint,
    check_probabilities,
    check_real,
    check_rng,
    log_base,
)
from ._blahut_arimoto import (
    capacity_fixed_point,
    iterate,
    joint_information,
    output_law_fixed_point,
)

__all__ = ["RateDistortionPoint", "rate_distortion_point", "rate_distortion_curve",
           "CausalRateDistortionPoint", "causal_rate_distortion_point",
           "ChannelCapacity", "channel_capacity",
           "InformationBottleneckCurve", "information_bottleneck_curve"]


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
    d = check_array(distortion, "distortion", func=func, ndim=2, xp=np)
    if d.shape[0] != nx or d.shape[1] == 0:
        raise ValueError(f"The 'distortion' parameter of {func} must be a ({nx}, n_y) matrix. Got shape {d.shape} instead.")
    if np.any(d < 0):
        raise ValueError(f"The 'distortion' parameter of {func} must hold finite non-negative values. Got min {float(d.min())!r} instead.")
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
        Iterations allowed, at least 1.
    base : float or "e", default "e"
        Unit of the returned rate: "e" gives nats, 2 gives bits.

    Returns
    -------
    RateDistortionPoint
        ``rate`` R(D) in the unit of ``base``, ``distortion`` D = E d(X, Y),
        the test channel and the iteration count.

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
    return _rd_point(px, d, s, tol, max_iter, log_base(base, func), func)


def _rd_point(px: np.ndarray, d: np.ndarray, s: float, tol: float, max_iter: int, scale: float,
              func: str) -> RateDistortionPoint:
    kernel = np.exp(-s * (d - d.min(axis=1, keepdims=True)))  # row shift cancels in the normalisation
    q0 = np.full(d.shape[1], 1.0 / d.shape[1])
    _, w, it = output_law_fixed_point(px, kernel, q0, tol=tol, max_iter=max_iter, func=func,
                                      context=f" at slope {s}")
    joint = px[:, None] * w
    mask = joint > 0
    qq = np.broadcast_to(px @ w, w.shape)
    rate = float(np.sum(joint[mask] * (np.log(w[mask]) - np.log(qq[mask]))))
    return RateDistortionPoint(max(rate, 0.0) / scale, float(np.sum(joint * d)), w, it)


def rate_distortion_curve(p_x: Any, distortion: Any, slopes: Any, *, tol: float = 1e-13,
                          max_iter: int = 100_000, base: float | str = "e") -> tuple[np.ndarray, np.ndarray]:
    """Points (D, R) of the rate-distortion curve at several slopes (see :func:`rate_distortion_point`).

    Parameters
    ----------
    p_x : array_like, shape (n_x,)
        Source law (sums to 1 within 1e-9).
    distortion : array_like, shape (n_x, n_y)
        Distortion d(x, y) ≥ 0.
    slopes : array_like, shape (n_slopes,)
        Slopes s ≥ 0, in nats per unit distortion whatever ``base`` is; any
        order.
    tol : float, default 1e-13
        Stop at each slope when the output law changes by less than ``tol``.
    max_iter : int, default 100000
        Iterations allowed per slope, at least 1.
    base : float or "e", default "e"
        Unit of the returned rates: "e" gives nats, 2 gives bits.

    Returns
    -------
    distortions, rates : numpy.ndarray
        One entry per slope, in the order given.

    Notes
    -----
    Each slope is solved independently by Blahut-Arimoto from a uniform
    output law (no warm start), so the points do not depend on the order of
    ``slopes``. R(D) is convex and non-increasing, and larger slopes give
    smaller distortions; large slopes converge slowly. Raises if some slope
    does not converge within ``max_iter``.

    References
    ----------
    R. E. Blahut, "Computation of channel capacity and rate-distortion
    functions", IEEE Trans. Inf. Theory 18(4), 460-473 (1972); Cover &
    Thomas, Elements of Information Theory, 2nd ed., Wiley (2006), §10.8.

    Examples
    --------
    >>> d, r = rate_distortion_curve([0.5, 0.5], [[0, 1], [1, 0]], [0.0, 50.0], base=2)
    >>> [round(float(v), 6) for v in r]
    [0.0, 1.0]
    """
    func = "rate_distortion_curve"
    arr = check_array(slopes, "slopes", func=func, ndim=1, xp=np)
    if np.any(arr < 0):
        raise ValueError(f"The 'slopes' parameter of {func} must hold finite values ≥ 0. Got {arr.tolist()!r} instead.")
    px = np.asarray(check_probabilities(p_x, "p_x", func=func, ndim=1))
    d = _distortion_matrix(distortion, px.shape[0], func)
    tol = check_real(tol, "tol", low=0.0, low_open=True, func=func)
    max_iter = check_int(max_iter, "max_iter", low=1, func=func)
    scale = log_base(base, func)
    pts = [_rd_point(px, d, float(s), tol, max_iter, scale, func) for s in arr]
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
        Iterations allowed, at least 1.
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.

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
    last: dict[str, np.ndarray] = {}

    def step(r: list[np.ndarray]) -> tuple[list[np.ndarray], float]:
        r = list(r)
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
        last["joint"] = joint
        return r, change

    r0 = [np.full((ky ** (t - 1), ky), 1.0 / ky) for t in range(1, n + 1)]
    it = iterate(step, r0, tol=tol, max_iter=max_iter, func=func,
                 what="the change of the output law (max norm)", context=f" at slope {s}").iterations
    joint = last["joint"]
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
    law = joint.reshape((kx,) * n + (ky,) * n)
    return CausalRateDistortionPoint(max(rate, 0.0) / n / log_base(base, func), dist / n, law, it)


# ---------------------------------------------------------------------------
# Channel capacity
# ---------------------------------------------------------------------------

class ChannelCapacity(NamedTuple):
    """The capacity of a discrete memoryless channel found by Blahut-Arimoto.

    Attributes
    ----------
    capacity : float
        C = max_p I(X; Y) (nats unless ``base`` was given): I(X; Y) at ``input_law``.
    input_law : numpy.ndarray, shape (n_x,)
        A capacity-achieving input distribution (unique when the channel's rows
        are affinely independent; otherwise one of them).
    output_law : numpy.ndarray, shape (n_y,)
        The output distribution it induces (always unique).
    iterations : int
        Iterations used.
    gap : float
        Blahut's upper bound on C − ``capacity``, in the unit of ``capacity``.
    """

    capacity: float
    input_law: np.ndarray
    output_law: np.ndarray
    iterations: int
    gap: float


def _check_channel(channel: Any, func: str) -> np.ndarray:
    if channel is None or isinstance(channel, (str, bytes)):
        raise TypeError(f"The 'channel' parameter of {func} must be a 2-D array W[x, y] = P(y|x). Got {channel!r} instead.")
    arr = check_array(channel, "channel", func=func, ndim=2, xp=np)
    if arr.shape[0] == 0 or arr.shape[1] == 0:
        raise ValueError(f"The 'channel' parameter of {func} must be a non-empty 2-D array W[x, y] = P(y|x). "
                         f"Got shape {arr.shape} instead.")
    if np.any(arr < 0):
        raise ValueError(f"The 'channel' parameter of {func} must contain non-negative probabilities. "
                         f"Got a minimum of {float(arr.min())!r} instead.")
    rows = arr.sum(axis=1)
    if np.max(np.abs(rows - 1.0)) > 1e-9:
        raise ValueError(f"The 'channel' parameter of {func} must have rows summing to 1 (within 1e-09). "
                         f"Got row sums in [{float(rows.min())!r}, {float(rows.max())!r}] instead; "
                         "normalise it yourself if that is what you mean.")
    return arr


def channel_capacity(channel: Any, *, base: float | str = "e", tol: float = 1e-12,
                     max_iter: int = 100_000) -> ChannelCapacity:
    """Capacity C = max_p I(X; Y) of a discrete memoryless channel, and an input law that achieves it.

    Blahut-Arimoto from the uniform input: with q = r W the output law and
    D(x) = KL(W(·|x) ‖ q), the input law is updated as
    r(x) ← r(x) e^{D(x)} / Σ_x' r(x') e^{D(x')}. Every iterate brackets the
    capacity, I(r; W) = Σ_x r(x) D(x) ≤ C ≤ max_x D(x), and the iteration
    stops when the two bounds are within ``tol`` nats.

    Parameters
    ----------
    channel : array_like, shape (n_x, n_y)
        Transition matrix W[x, y] = P(y|x), every row a probability vector
        (sums to 1 within 1e-9).
    base : float or "e", default "e"
        Unit of the capacity (nats by default; 2 for bits).
    tol : float, default 1e-12
        Stop when the upper and lower bounds on C differ by less than ``tol`` nats.
    max_iter : int, default 100000

    Returns
    -------
    ChannelCapacity
        ``capacity``, ``input_law``, ``output_law``, ``iterations``, ``gap``.

    Notes
    -----
    Convergence of the bounds is at least O(1/n) and linear for most channels;
    a channel whose optimal input puts zero mass on some letter approaches it
    more slowly (the mass decays geometrically but never reaches 0). To
    shorten that decay the iteration takes the accelerated step
    r(x) ← r(x) e^{μ D(x)} / Σ_x' r(x') e^{μ D(x')} (Matz and Duhamel) with μ
    growing from 1 to at most 64 while I(r; W) increases, and falls back to
    Blahut's step (μ = 1) from the same iterate when it does not; the bounds,
    and so the stopping rule, hold for every iterate. Raises if ``tol`` is not
    met within ``max_iter`` iterations. The capacity is computed exactly as
    I(X; Y) at the final input law, so it is a lower bound on C within ``gap``.

    References
    ----------
    R. Blahut, IEEE Trans. Inf. Theory 18(4), 460-473 (1972), doi:10.1109/TIT.1972.1054855;
    S. Arimoto, IEEE Trans. Inf. Theory 18(1), 14-20 (1972), doi:10.1109/TIT.1972.1054753;
    G. Matz, P. Duhamel, Proc. IEEE Information Theory Workshop, San Antonio (2004)
    (accelerated Blahut-Arimoto);
    Cover & Thomas, §7.1 and §10.8.

    Examples
    --------
    >>> bsc = [[0.9, 0.1], [0.1, 0.9]]  # binary symmetric channel: C = 1 - h(0.1) bits
    >>> h = -0.1 * np.log2(0.1) - 0.9 * np.log2(0.9)
    >>> out = channel_capacity(bsc, base=2)
    >>> round(float(out.capacity - (1 - h)), 12), out.input_law.tolist()
    (0.0, [0.5, 0.5])
    """
    func = "channel_capacity"
    w = _check_channel(channel, func)
    scale = log_base(base, func)
    tol = check_real(tol, "tol", low=0.0, low_open=True, func=func)
    max_iter = check_int(max_iter, "max_iter", low=1, func=func)
    r, it, gap = capacity_fixed_point(w, tol=tol, max_iter=max_iter, func=func)
    cap = joint_information(r[:, None] * w)
    return ChannelCapacity(cap / scale, r, r @ w, it, max(gap, 0.0) / scale)


# ---------------------------------------------------------------------------
# Discrete information bottleneck
# ---------------------------------------------------------------------------

class InformationBottleneckCurve(NamedTuple):
    """Optimal encoders of the discrete information bottleneck along increasing β.

    Attributes
    ----------
    betas : numpy.ndarray, shape (n_betas,)
        The trade-off values, in the order solved.
    i_xt, i_ty : numpy.ndarray, shape (n_betas,)
        Compression I(X; T) and relevance I(T; Y) of each encoder (nats unless
        ``base`` was given).
    encoders : numpy.ndarray, shape (n_betas, n_x, n_clusters)
        The encoders p(t|x).
    i_xy : float
        I(X; Y), the ceiling of the relevance.
    iterations : numpy.ndarray, shape (n_betas,)
        Fixed-point iterations used at each β.
    """

    betas: np.ndarray
    i_xt: np.ndarray
    i_ty: np.ndarray
    encoders: np.ndarray
    i_xy: float
    iterations: np.ndarray


def information_bottleneck_curve(p_xy: Any, betas: Any, *, n_clusters: int | None = None,
                                 max_iter: int = 100_000, tol: float = 1e-9, perturbation: float = 1e-3,
                                 seed: Any = 0, base: float | str = "e") -> InformationBottleneckCurve:
    """Optimal encoders ``p(t|x)`` of the discrete information bottleneck along increasing ``β``, and their curve.

    Minimises ``I(X; T) - β I(T; Y)`` over encoders of ``X`` into ``n_clusters``
    symbols by the self-consistent equations of Tishby, Pereira and Bialek:
    ``p(t|x) ∝ p(t) exp(-β KL(p(y|x) ‖ p(y|t)))``, ``p(t) = Σ_x p(x) p(t|x)``,
    ``p(y|t) = Σ_x p(y|x) p(t|x) p(x) / p(t)``. The ``betas`` are visited in
    increasing order and each solution starts from the previous one, slightly
    perturbed (deterministic annealing), so that clusters split when a split
    becomes stable. Below ``β = 1/ρ_m²`` (``ρ_m`` the maximal correlation of
    X and Y) the uninformative encoder is stable and the curve sits at the
    origin. Every point obeys data processing, ``I(T; Y) ≤ min(I(X; T), I(X; Y))``,
    and the curve's slope ``dI(T;Y)/dI(X;T)`` is ``1/β``.

    Parameters
    ----------
    p_xy : array_like (n_x, n_y)
        Joint probability table with no zero row.
    betas : array_like, shape (n_betas,)
        Trade-off values, increasing, > 0.
    n_clusters : int, optional
        Size of T's alphabet (default ``n_x``).
    max_iter : int, default 100000
        Fixed-point iterations allowed per ``β``.
    tol : float, default 1e-9
        Stop at a ``β`` when the encoder changes by less than ``tol`` (max norm).
    perturbation : float, default 1e-3
        Relative size of the seeded perturbation applied before each ``β``.
    seed : int or numpy.random.Generator, default 0
        Seed of the perturbations.
    base : float or "e", default "e"
        Unit of the informations: "e" gives nats, 2 gives bits.

    Returns
    -------
    InformationBottleneckCurve
        ``betas``, ``i_xt``, ``i_ty``, ``encoders``, ``i_xy``, ``iterations``.

    Notes
    -----
    The fixed-point iteration is a coordinate descent on a non-convex
    functional: it finds a stationary point, and the annealing path decides
    which. Near a bifurcation (a β where a cluster splits) it slows down
    markedly (thousands of iterations at ``tol = 1e-9``). A cluster whose
    p(t) underflows to 0 never comes back (the perturbation is
    multiplicative), so a coarse β grid with ``n_clusters = n_x`` can end in a
    merged, suboptimal encoder; a finer grid or more clusters avoids it. Raises if ``tol`` is
    not met within ``max_iter`` iterations at some β. As β → ∞ with at least
    as many clusters as distinct rows p(y|x) the relevance tends to I(X; Y);
    as β → 0 the encoder is uninformative and both informations are 0.

    References
    ----------
    N. Tishby, F. C. Pereira, W. Bialek, "The information bottleneck method",
    Allerton (1999), arXiv:physics/0004057; N. Slonim, "The information
    bottleneck: theory and applications", PhD thesis, Hebrew University (2002).

    Examples
    --------
    >>> p = np.array([[0.4, 0.1], [0.1, 0.4]])
    >>> out = information_bottleneck_curve(p, [0.5, 100.0], n_clusters=2)
    >>> bool(out.i_xt[0] < 1e-6), bool(abs(out.i_ty[1] - out.i_xy) < 1e-6)
    (True, True)
    """
    func = "information_bottleneck_curve"
    joint = np.asarray(check_joint(p_xy, "p_xy", func=func), dtype=float)
    p_x = joint.sum(axis=1)
    if np.any(p_x <= 0):
        raise ValueError(f"The 'p_xy' parameter of {func} must have no zero row (every x must be possible). "
                         f"Got a row sum of 0 at x = {int(np.flatnonzero(p_x <= 0)[0])}.")
    b = check_array(betas, "betas", func=func, ndim=1, xp=np)
    if np.any(b <= 0) or np.any(np.diff(b) <= 0):
        raise ValueError(f"The 'betas' parameter of {func} must be positive, finite and strictly increasing. "
                         f"Got {b.tolist()!r} instead.")
    n_x = joint.shape[0]
    n_t = n_x if n_clusters is None else check_int(n_clusters, "n_clusters", low=1, func=func)
    max_iter = check_int(max_iter, "max_iter", low=1, func=func)
    tol = check_real(tol, "tol", low=0.0, low_open=True, func=func)
    perturbation = check_real(perturbation, "perturbation", low=0.0, high=0.5, func=func)
    rng = check_rng(seed, "seed", func)
    scale = log_base(base, func)
    p_y_x = joint / p_x[:, None]
    with np.errstate(divide="ignore"):
        log_p_y_x = np.where(p_y_x > 0, np.log(np.where(p_y_x > 0, p_y_x, 1.0)), 0.0)
    neg_h = np.sum(p_y_x * log_p_y_x, axis=1)      # Σ_y p(y|x) log p(y|x)

    def step_at(beta: float):
        def step(q: np.ndarray) -> tuple[np.ndarray, float]:
            p_t = p_x @ q
            live = p_t > 0
            p_y_t = np.where(live[:, None], (q * p_x[:, None]).T @ p_y_x / np.where(live, p_t, 1.0)[:, None], 1.0)
            with np.errstate(divide="ignore"):
                log_p_y_t = np.log(np.maximum(p_y_t, 1e-300))
                kl = neg_h[:, None] - p_y_x @ log_p_y_t.T          # KL(p(y|x) ‖ p(y|t)), (n_x, n_t)
                logits = np.where(live[None, :], np.log(np.where(live, p_t, 1.0))[None, :] - beta * kl, -np.inf)
            logits -= logits.max(axis=1, keepdims=True)
            new = np.exp(logits)
            new /= new.sum(axis=1, keepdims=True)
            return new, float(np.max(np.abs(new - q)))
        return step

    q = np.full((n_x, n_t), 1.0 / n_t)
    i_xt, i_ty, encoders, iterations = [], [], [], []
    for beta in b:
        q = q * (1.0 + perturbation * rng.uniform(-1.0, 1.0, size=q.shape))
        q /= q.sum(axis=1, keepdims=True)
        out = iterate(step_at(float(beta)), q, tol=tol, max_iter=max_iter, func=func,
                      what="the change of the encoder (max norm)", context=f" at beta {float(beta):g}")
        q = out.state
        iterations.append(out.iterations)
        encoders.append(q.copy())
        i_xt.append(joint_information(p_x[:, None] * q) / scale)
        i_ty.append(joint_information(q.T @ joint) / scale)
    return InformationBottleneckCurve(b, np.array(i_xt), np.array(i_ty), np.stack(encoders),
                                      joint_information(joint) / scale, np.array(iterations))
