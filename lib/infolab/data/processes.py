"""Toy stochastic processes with known laws: Markov chains, hidden Markov models,
vector autoregressions, and exact path laws of causally coupled pairs.

Every sampler knows its ground truth: the stationary law of a Markov chain, the
exact autocovariances of a stable VAR, the predictive (filtering) beliefs of
an HMM, and the exact joint law of two processes built from causal kernels.
Functions that draw take ``seed`` (int or ``numpy.random.Generator``) and are
bit-for-bit reproducible.

References
----------
.. [1] J. L. Massey, "Causality, feedback and directed information", Proc.
   ISITA (1990): the causal factorisation P(x^n, y^n) = P(x^n || y^{n-1})
   P(y^n || x^n) used by :func:`causal_path_law`.
.. [2] H. Lütkepohl, *New Introduction to Multiple Time Series Analysis*,
   Springer (2005), §2.1: stationary moments of a VAR(p) via its companion form.
.. [3] L. R. Rabiner, "A tutorial on hidden Markov models", Proc. IEEE 77(2)
   (1989): the forward recursion.
"""

from __future__ import annotations

import itertools
from typing import Any, Callable

import numpy as np

from ..measures._var_moments import _companion, _noise_cov, _var_coefs, var_autocovariances
from ..validation import check_array, check_int, check_probabilities, check_rng

__all__ = [
    "markov_chain_sample",
    "stationary_distribution",
    "hmm_sample",
    "hmm_predictive_beliefs",
    "var_sample",
    "var_autocovariances",
    "var_is_stable",
    "causal_path_law",
    "hmm_block_law",
]


def _stochastic_matrix(a: Any, name: str, func: str, shape0: int | None = None) -> np.ndarray:
    """A row-stochastic matrix (every row a probability vector), as a float64 copy."""
    arr = check_array(a, name, func=func, allow_inf=True) if a is not None else None
    if arr is None or arr.ndim != 2 or arr.shape[0] == 0 or arr.shape[1] == 0:
        got = "None" if arr is None else f"shape {arr.shape}"
        raise ValueError(f"The '{name}' parameter of {func} must be a non-empty 2-D row-stochastic matrix. Got {got} instead.")
    if shape0 is not None and arr.shape[0] != shape0:
        raise ValueError(f"The '{name}' parameter of {func} must have {shape0} rows. Got {arr.shape[0]} instead.")
    if not np.all(np.isfinite(arr)) or np.any(arr < 0):
        raise ValueError(f"The '{name}' parameter of {func} must hold finite non-negative probabilities. Got min {np.nanmin(arr)!r} instead.")
    sums = arr.sum(axis=1)
    if np.any(np.abs(sums - 1) > 1e-9):
        raise ValueError(
            f"The '{name}' parameter of {func} must have rows summing to 1 (within 1e-9). "
            f"Got row sums in [{sums.min()!r}, {sums.max()!r}] instead."
        )
    return arr


def _initial(initial: Any, k: int, func: str) -> np.ndarray:
    p = np.asarray(check_probabilities(initial, "initial", func=func, ndim=1))
    if p.shape[0] != k:
        raise ValueError(f"The 'initial' parameter of {func} must have {k} entries (one per state). Got {p.shape[0]} instead.")
    return p


def _hmm_parameters(transition: Any, emission: Any, initial: Any, func: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The transition (square, row-stochastic), emission (one row per state) and initial law of an HMM."""
    a = _stochastic_matrix(transition, "transition", func)
    if a.shape[0] != a.shape[1]:
        raise ValueError(f"The 'transition' parameter of {func} must be square. Got shape {a.shape} instead.")
    b = _stochastic_matrix(emission, "emission", func, shape0=a.shape[0])
    return a, b, _initial(initial, a.shape[0], func)


def stationary_distribution(transition: Any) -> np.ndarray:
    """Stationary law π = π P of a row-stochastic matrix (the left eigenvector for eigenvalue 1).

    Parameters
    ----------
    transition : array_like, shape (k, k)
        Row-stochastic transition matrix ``P[i, j] = P(next = j | now = i)``.

    Returns
    -------
    numpy.ndarray, shape (k,)
        The stationary law. For a reducible chain (several stationary laws)
        this raises, since the answer is not unique.

    Examples
    --------
    >>> stationary_distribution([[0.9, 0.1], [0.2, 0.8]]).round(6)
    array([0.666667, 0.333333])
    """
    p = _stochastic_matrix(transition, "transition", "stationary_distribution")
    if p.shape[0] != p.shape[1]:
        raise ValueError(f"The 'transition' parameter of stationary_distribution must be square. Got shape {p.shape} instead.")
    k = p.shape[0]
    # Solve π (P - I) = 0 with Σ π = 1 as a least-squares system.
    a = np.vstack([(p - np.eye(k)).T, np.ones((1, k))])
    b = np.zeros(k + 1)
    b[-1] = 1.0
    pi, *_ = np.linalg.lstsq(a, b, rcond=None)
    if np.linalg.matrix_rank(p - np.eye(k), tol=1e-10) < k - 1:
        raise ValueError("The 'transition' parameter of stationary_distribution must be irreducible (one stationary law). Got a chain with several.")
    return pi


def markov_chain_sample(transition: Any, n_steps: int, *, initial: Any = None, n_paths: int = 1,
                        seed: Any = 0) -> np.ndarray:
    """Sample paths of a finite Markov chain.

    Parameters
    ----------
    transition : array_like, shape (k, k)
        Row-stochastic transition matrix.
    n_steps : int
        Length of each path (≥ 1).
    initial : array_like, shape (k,), optional
        Law of the first state; default the stationary law.
    n_paths : int, default 1
        Number of independent paths.
    seed : int or numpy.random.Generator, default 0

    Returns
    -------
    numpy.ndarray of int64, shape (n_paths, n_steps)

    Examples
    --------
    >>> markov_chain_sample([[0, 1], [1, 0]], 4, initial=[1, 0], seed=0)
    array([[0, 1, 0, 1]])
    """
    func = "markov_chain_sample"
    p = _stochastic_matrix(transition, "transition", func)
    if p.shape[0] != p.shape[1]:
        raise ValueError(f"The 'transition' parameter of {func} must be square. Got shape {p.shape} instead.")
    n_steps = check_int(n_steps, "n_steps", low=1, func=func)
    n_paths = check_int(n_paths, "n_paths", low=1, func=func)
    rng = check_rng(seed, func=func)
    k = p.shape[0]
    p0 = stationary_distribution(p) if initial is None else _initial(initial, k, func)
    cum = np.cumsum(p, axis=1)
    cum[:, -1] = 1.0
    u = rng.random((n_paths, n_steps))
    out = np.empty((n_paths, n_steps), dtype=np.int64)
    c0 = np.cumsum(p0)
    c0[-1] = 1.0
    out[:, 0] = np.searchsorted(c0, u[:, 0], side="right")
    for t in range(1, n_steps):
        out[:, t] = (u[:, t, None] >= cum[out[:, t - 1]]).sum(axis=1)
    return out


def hmm_sample(transition: Any, emission: Any, n_steps: int, *, initial: Any, n_paths: int = 1,
               seed: Any = 0) -> tuple[np.ndarray, np.ndarray]:
    """Sample hidden states and observations of a hidden Markov model.

    Parameters
    ----------
    transition : array_like, shape (k, k)
        Row-stochastic hidden-state transition matrix (the identity gives a
        mixture model whose hidden state is fixed for the whole path).
    emission : array_like, shape (k, v)
        Row-stochastic emission matrix ``B[s, w] = P(W_t = w | S_t = s)``.
    n_steps : int
    initial : array_like, shape (k,)
        Law of the first hidden state.
    n_paths : int, default 1
    seed : int or numpy.random.Generator, default 0

    Returns
    -------
    states, observations : numpy.ndarray of int64, each of shape (n_paths, n_steps)

    Examples
    --------
    >>> s, w = hmm_sample(np.eye(2), np.eye(2), 3, initial=[0, 1], seed=1)
    >>> w.tolist()
    [[1, 1, 1]]
    """
    func = "hmm_sample"
    a, b, p0 = _hmm_parameters(transition, emission, initial, func)
    rng = check_rng(seed, func=func)
    n_steps = check_int(n_steps, "n_steps", low=1, func=func)
    n_paths = check_int(n_paths, "n_paths", low=1, func=func)
    states = markov_chain_sample(a, n_steps, initial=p0, n_paths=n_paths, seed=rng)
    cum = np.cumsum(b, axis=1)
    cum[:, -1] = 1.0
    u = rng.random(states.shape)
    obs = (u[..., None] >= cum[states]).sum(axis=-1).astype(np.int64)
    return states, obs


def hmm_predictive_beliefs(transition: Any, emission: Any, observations: Any, *, initial: Any) -> tuple[np.ndarray, np.ndarray]:
    """Exact forward filter: the predictive law of the hidden state before each observation.

    Parameters
    ----------
    transition, emission : array_like
        As in :func:`hmm_sample`.
    observations : array_like of int, shape (n_paths, n_steps) or (n_steps,)
    initial : array_like, shape (k,)

    Returns
    -------
    beliefs : numpy.ndarray, shape (n_paths, n_steps + 1, k)
        ``beliefs[:, t] = P(S_{t+1} = · | W_1..W_t)`` (0-based t counts the
        observations seen), so ``beliefs[:, 0]`` is ``initial``.
    predictive : numpy.ndarray, shape (n_paths, n_steps + 1, v)
        ``predictive[:, t] = P(W_{t+1} = · | W_1..W_t) = beliefs[:, t] @ emission``.

    Notes
    -----
    The recursion normalises at every step (Rabiner 1989), so long paths do
    not underflow. A path with probability zero under the model raises.

    Examples
    --------
    >>> b, _ = hmm_predictive_beliefs(np.eye(2), [[0.9, 0.1], [0.1, 0.9]], [[0]], initial=[0.5, 0.5])
    >>> b[0, 1].round(3).tolist()
    [0.9, 0.1]
    """
    func = "hmm_predictive_beliefs"
    a, b, p0 = _hmm_parameters(transition, emission, initial, func)
    obs = np.asarray(observations)
    if obs.size == 0:
        raise ValueError(f"The 'observations' parameter of {func} must hold at least one observation. "
                         f"Got shape {obs.shape} instead.")
    if obs.ndim == 1:
        obs = obs[None, :]
    if obs.ndim != 2 or obs.dtype.kind not in "iu":
        raise ValueError(f"The 'observations' parameter of {func} must be a 1-D or 2-D integer array. Got shape {obs.shape} and dtype {obs.dtype} instead.")
    if obs.size and (obs.min() < 0 or obs.max() >= b.shape[1]):
        raise ValueError(f"The 'observations' parameter of {func} must hold symbols in [0, {b.shape[1] - 1}]. Got values in [{obs.min()}, {obs.max()}] instead.")
    n_paths, n_steps = obs.shape
    beliefs = np.empty((n_paths, n_steps + 1, a.shape[0]))
    beliefs[:, 0] = p0
    for t in range(n_steps):
        post = beliefs[:, t] * b[:, obs[:, t]].T
        z = post.sum(axis=1, keepdims=True)
        if np.any(z <= 0):
            raise ValueError(f"The 'observations' parameter of {func} contains a path of probability zero under the model (at step {t}).")
        beliefs[:, t + 1] = (post / z) @ a
    return beliefs, beliefs @ b


def var_is_stable(coefs: Any) -> bool:
    """Whether X_t = Σ_i A_i X_{t-i} + ε_t is stable (companion spectral radius < 1).

    Examples
    --------
    >>> var_is_stable([[0.5, 0.0], [0.3, 0.5]])
    True
    """
    a = _var_coefs(check_array(coefs, "coefs", func="var_is_stable", allow_inf=True), "var_is_stable")
    return bool(np.max(np.abs(np.linalg.eigvals(_companion(a)))) < 1.0)


def var_sample(coefs: Any, noise_cov: Any, n_samples: int, *, burn_in: int = 500, seed: Any = 0) -> np.ndarray:
    """Sample a zero-mean Gaussian VAR(p) path X_t = Σ_i A_i X_{t-i} + ε_t, ε_t ~ N(0, Σ).

    Parameters
    ----------
    coefs : array_like, shape (p, k, k) or (k, k)
    noise_cov : array_like, shape (k, k)
    n_samples : int
        Length of the returned path.
    burn_in : int, default 500
        Steps discarded from a zero start, so the path is close to stationary
        (the start's influence decays like ρ^burn_in, ρ the companion spectral radius).
    seed : int or numpy.random.Generator, default 0

    Returns
    -------
    numpy.ndarray, shape (n_samples, k)

    Examples
    --------
    >>> var_sample([[0.5]], [[1.0]], 3, seed=0).shape
    (3, 1)
    """
    func = "var_sample"
    a = _var_coefs(check_array(coefs, "coefs", func=func, allow_inf=True), func)
    p, k, _ = a.shape
    s = _noise_cov(check_array(noise_cov, "noise_cov", func=func, allow_inf=True), k, func)
    n_samples = check_int(n_samples, "n_samples", low=1, func=func)
    burn_in = check_int(burn_in, "burn_in", low=0, func=func)
    rng = check_rng(seed, func=func)
    if not var_is_stable(a):
        raise ValueError(f"The 'coefs' parameter of {func} must describe a stable VAR. Got an unstable one.")
    total = n_samples + burn_in
    eps = rng.standard_normal((total, k)) @ np.linalg.cholesky(s).T
    x = np.zeros((total + p, k))
    for t in range(total):
        acc = eps[t].copy()
        for i in range(p):
            acc += a[i] @ x[p + t - i - 1]
        x[p + t] = acc
    return x[p + burn_in:].copy()


def causal_path_law(x_kernel: Callable, y_kernel: Callable, n_steps: int, *, x_alphabet: int,
                    y_alphabet: int) -> np.ndarray:
    """Exact joint law of two processes built from causal kernels (Massey's factorisation).

    P(x^n, y^n) = Π_t P(x_t | x^{t-1}, y^{t-1}) · P(y_t | x^t, y^{t-1}):
    at each step X moves first (seeing both pasts, so Y feeds back into X
    with one step of delay), then Y (seeing X up to now).

    Parameters
    ----------
    x_kernel : callable
        ``x_kernel(x_past, y_past)`` with two tuples of ints of length t-1,
        returning the law of x_t (length ``x_alphabet``).
    y_kernel : callable
        ``y_kernel(x_upto_now, y_past)``, tuples of length t and t-1,
        returning the law of y_t (length ``y_alphabet``).
    n_steps : int
        Path length n (the table has (x_alphabet · y_alphabet)^n cells).
    x_alphabet, y_alphabet : int

    Returns
    -------
    numpy.ndarray, shape (x_alphabet,)*n + (y_alphabet,)*n
        ``p[x_1, ..., x_n, y_1, ..., y_n]``, the axis layout every function
        of :mod:`infolab.measures.directed` reads.

    References
    ----------
    J. L. Massey, "Causality, feedback and directed information", ISITA 1990.

    Examples
    --------
    >>> p = causal_path_law(lambda xp, yp: [0.5, 0.5], lambda x, yp: [1 - x[-1], x[-1]], 1,
    ...                     x_alphabet=2, y_alphabet=2)
    >>> p.tolist()
    [[0.5, 0.0], [0.0, 0.5]]
    """
    func = "causal_path_law"
    n = check_int(n_steps, "n_steps", low=1, high=12, func=func)
    kx = check_int(x_alphabet, "x_alphabet", low=1, func=func)
    ky = check_int(y_alphabet, "y_alphabet", low=1, func=func)
    if not callable(x_kernel):
        raise TypeError(f"The 'x_kernel' parameter of {func} must be callable. Got {x_kernel!r} instead.")
    if not callable(y_kernel):
        raise TypeError(f"The 'y_kernel' parameter of {func} must be callable. Got {y_kernel!r} instead.")
    if (kx * ky) ** n > 2**24:
        raise ValueError(f"The 'n_steps' parameter of {func} gives (x_alphabet*y_alphabet)^n = {(kx * ky) ** n} cells; at most 2^24 are allowed.")
    out = np.zeros((kx,) * n + (ky,) * n)

    def law(kernel, args, k, name):
        raw = kernel(*args)
        try:
            q = np.asarray(raw)
            if q.dtype.kind not in "biuf":
                raise TypeError
            q = q.astype(np.float64)
        except (TypeError, ValueError):
            raise TypeError(f"The '{name}' parameter of {func} must return a probability vector of length {k}. "
                            f"Got {raw!r} for the row of histories {args} instead.") from None
        if q.shape != (k,) or not np.all(np.isfinite(q)) or np.any(q < 0) or not abs(q.sum() - 1) <= 1e-12:
            raise ValueError(f"The '{name}' parameter of {func} must return a probability vector of length {k} "
                             f"(finite, non-negative, summing to 1). Got {q.tolist()!r} (sum {float(q.sum())!r}) "
                             f"for the row of histories {args} instead.")
        return q

    def walk(xs: tuple, ys: tuple, prob: float) -> None:
        t = len(xs)
        if t == n:
            out[xs + ys] = prob
            return
        qx = law(x_kernel, (xs, ys), kx, "x_kernel")
        for xv in range(kx):
            if qx[xv] == 0:
                continue
            xs2 = xs + (xv,)
            qy = law(y_kernel, (xs2, ys), ky, "y_kernel")
            for yv in range(ky):
                if qy[yv] > 0:
                    walk(xs2, ys + (yv,), prob * qx[xv] * qy[yv])

    walk((), (), 1.0)
    return out



def hmm_block_law(transition: Any, emission: Any, initial: Any, past_len: int,
                  block_len: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Exact joint law of every past and the next block of observations of a hidden Markov model.

    With W_1, W_2, ... the observations (see :func:`hmm_sample`), t = L + 1
    and K = ``block_len``, the law is p[past, w_t, later] = P(W_{1:L} = past,
    W_t = w_t, W_{t+1:t+K-1} = later), every past of V^L enumerated.

    Parameters
    ----------
    transition : array_like, shape (k, k)
        Row-stochastic hidden-state transition matrix.
    emission : array_like, shape (k, v)
        Row-stochastic emission matrix ``B[s, w] = P(W_t = w | S_t = s)``.
    initial : array_like, shape (k,)
        Law of the first hidden state.
    past_len : int
        L in [0, 8], the number of observed tokens before W_t.
    block_len : int
        K in [2, 6], the number of tokens W_t..W_{t+K-1} in the predicted block.

    Returns
    -------
    law : numpy.ndarray, shape (v^L, v, v^(K-1))
        p[past, w_t, later]; ``later`` indexes W_{t+1:t+K-1} in row-major
        (lexicographic) order; it sums to 1.
    beliefs : numpy.ndarray, shape (v^L, k)
        P(S_t = · | past), the exact belief state of each past (all zeros
        for a past of probability zero, whose rows of ``law`` are zero too).
    pasts : numpy.ndarray of int64, shape (v^L, L)
        The pasts, in lexicographic order (row i of ``law`` and ``beliefs``).

    Notes
    -----
    The beliefs come from the normalised forward recursion of
    :func:`hmm_predictive_beliefs`; the block likelihoods P(w_t..w_{t+K-1} | S_t = s)
    from the backward product of emission and transition matrices. Cost and
    memory grow as v^(L+K) (hence the ranges of ``past_len`` and ``block_len``).

    References
    ----------
    Rabiner, Proc. IEEE 77(2) (1989), doi:10.1109/5.18626.

    Examples
    --------
    Two states, each emitting its own symbol and flipping with probability 0.1;
    the block (W_1, W_2) is (0, 1) with probability ½ · 0.1:

    >>> law, beliefs, pasts = hmm_block_law([[0.9, 0.1], [0.1, 0.9]], np.eye(2), [0.5, 0.5], 0, 2)
    >>> law.shape, round(float(law[0, 0, 1]), 12)
    ((1, 2, 2), 0.05)
    """
    func = "hmm_block_law"
    a, b, p0 = _hmm_parameters(transition, emission, initial, func)
    L = check_int(past_len, "past_len", low=0, high=8, func=func)
    K = check_int(block_len, "block_len", low=2, high=6, func=func)
    n_states, v = b.shape
    pasts = np.array(list(itertools.product(range(v), repeat=L)), dtype=np.int64).reshape(v ** L, L)
    if L == 0:
        beliefs = p0[None, :].copy()
        prob_past = np.ones(1)
    else:
        path = np.empty((pasts.shape[0], L + 1, n_states))
        path[:, 0] = p0
        for t in range(L):
            post = path[:, t] * b[:, pasts[:, t]].T
            z = post.sum(axis=1, keepdims=True)
            path[:, t + 1] = (post / np.where(z > 0, z, 1.0)) @ a
        pred = path @ b
        beliefs = path[:, -1]
        prob_past = np.prod(pred[np.arange(pasts.shape[0])[:, None], np.arange(L)[None, :], pasts], axis=1)
        beliefs[prob_past == 0] = 0.0
    # Block likelihood from each hidden state, built backwards: m[s, w_t, ..., w_{t+K-1}].
    m = b.copy()
    for _ in range(K - 1):
        m = np.einsum("sv,st,t...->sv...", b, a, m).reshape(n_states, -1)
    m = m.reshape(n_states, v, v ** (K - 1))
    law = prob_past[:, None, None] * np.einsum("ns,svl->nvl", beliefs, m)
    return law, beliefs, pasts
