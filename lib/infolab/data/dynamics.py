"""Small dynamical systems whose Koopman spectrum is known.

* :func:`slow_manifold_trajectories`: ẋ1 = μ x1, ẋ2 = λ (x2 − x1²), sampled from
  its closed-form solution (no integrator error). The dictionary
  (x1, x2, x1²) spans a Koopman-invariant subspace with eigenvalues
  e^{μΔt}, e^{λΔt}, e^{2μΔt}; :func:`slow_manifold_koopman_matrix` gives
  the exact one-step matrix on it.
* :func:`travelling_wave_field`: a 2-D field made of K travelling waves
  u(x, y, t) = Σ_k a_k [φ_k(x, y) cos(kωt + θ_k) + ψ_k(x, y) sin(kωt + θ_k)],
  a "vortex street" stand-in whose Koopman eigenvalues on the field are
  exactly e^{±ikωΔt}.
* :func:`duffing_trajectories`: the damped double-well Duffing oscillator
  ẍ = −δẋ − αx − βx³ (RK4); its principal Koopman eigenvalues at a stable
  equilibrium x* are exp(Δt · eig J(x*)).

References
----------
.. [1] S. L. Brunton, B. W. Brunton, J. L. Proctor, J. N. Kutz, "Koopman
   invariant subspaces and finite linear representations of nonlinear
   dynamical systems for control", PLoS ONE 11(2) (2016), arXiv:1510.03007.
.. [2] B. Lusch, J. N. Kutz, S. L. Brunton, "Deep learning for universal
   linear embeddings of nonlinear dynamics", Nat. Commun. 9, 4950 (2018),
   arXiv:1712.09707.
.. [3] X. Cheng et al., "Information shapes Koopman representation",
   arXiv:2510.13025.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..validation import check_array, check_int, check_real, check_rng

__all__ = [
    "Trajectories",
    "slow_manifold_trajectories",
    "slow_manifold_observables",
    "slow_manifold_koopman_matrix",
    "slow_manifold_koopman_eigenvalues",
    "travelling_wave_field",
    "duffing_trajectories",
    "duffing_equilibrium_eigenvalues",
]


@dataclass(frozen=True)
class Trajectories:
    """Sampled trajectories and the system's known Koopman eigenvalues.

    Attributes
    ----------
    states : ndarray, shape (n_trajectories, n_steps + 1, state_dim)
    dt : float
        Sampling interval.
    koopman_eigenvalues : ndarray (complex)
        Discrete-time eigenvalues (for step ``dt``) that the data must show.
    info : dict
        Parameters and any extra ground truth (modes, matrices).
    """

    states: np.ndarray
    dt: float
    koopman_eigenvalues: np.ndarray
    info: dict = field(default_factory=dict)


def _slow_params(mu, lam, dt, func):
    mu = check_real(mu, "mu", high=0.0, high_open=True, func=func)
    lam = check_real(lam, "lam", high=0.0, high_open=True, func=func)
    if lam == 2 * mu:
        raise ValueError(f"The 'lam' parameter of {func} must differ from 2*mu (resonance). Got lam = {lam} = 2*mu instead.")
    dt = check_real(dt, "dt", low=0.0, low_open=True, func=func)
    return mu, lam, dt


def slow_manifold_koopman_eigenvalues(mu: float = -0.05, lam: float = -1.0, dt: float = 0.1) -> np.ndarray:
    """Eigenvalues (e^{μΔt}, e^{λΔt}, e^{2μΔt}) of the slow-manifold system on (x1, x2, x1²).

    Examples
    --------
    >>> np.round(slow_manifold_koopman_eigenvalues(-0.05, -1.0, 0.1), 6).tolist()
    [0.995012, 0.904837, 0.99005]
    """
    mu, lam, dt = _slow_params(mu, lam, dt, "slow_manifold_koopman_eigenvalues")
    return np.exp(np.array([mu, lam, 2 * mu]) * dt)


def slow_manifold_koopman_matrix(mu: float = -0.05, lam: float = -1.0, dt: float = 0.1) -> np.ndarray:
    """Exact one-step Koopman matrix K on ψ = (x1, x2, x1²), rows as samples: ψ(x_{t+1}) = ψ(x_t) K.

    With a = e^{μΔt}, b = e^{λΔt}, c = λ/(λ − 2μ):
    x1' = a x1, (x1²)' = a² x1², x2' = b x2 + c (a² − b) x1².
    """
    mu, lam, dt = _slow_params(mu, lam, dt, "slow_manifold_koopman_matrix")
    a, b, c = np.exp(mu * dt), np.exp(lam * dt), lam / (lam - 2 * mu)
    return np.array([[a, 0.0, 0.0], [0.0, b, 0.0], [0.0, c * (a * a - b), a * a]])


def slow_manifold_observables(states: Any) -> np.ndarray:
    """The Koopman-invariant dictionary (x1, x2, x1²) of states (..., 2)."""
    x = check_array(states, "states", func="slow_manifold_observables")
    if x.ndim < 1 or x.shape[-1] != 2 or x.size == 0:
        raise ValueError(f"The 'states' parameter of slow_manifold_observables must have a last axis of size 2. "
                         f"Got shape {x.shape} instead.")
    return np.stack([x[..., 0], x[..., 1], x[..., 0] ** 2], axis=-1)


def slow_manifold_trajectories(n_trajectories: int = 200, n_steps: int = 50, *, mu: float = -0.05,
                               lam: float = -1.0, dt: float = 0.1, box: float = 1.0,
                               seed: Any = 0) -> Trajectories:
    """Exact samples of the slow-manifold system from initial states uniform in [-box, box]².

    x1(t) = x1(0) e^{μt}, x2(t) = (x2(0) − c x1(0)²) e^{λt} + c x1(0)² e^{2μt},
    c = λ/(λ − 2μ).

    Examples
    --------
    >>> tr = slow_manifold_trajectories(3, 4, seed=0)
    >>> tr.states.shape
    (3, 5, 2)
    """
    f = "slow_manifold_trajectories"
    n = check_int(n_trajectories, "n_trajectories", low=1, func=f)
    steps = check_int(n_steps, "n_steps", low=1, func=f)
    mu, lam, dt = _slow_params(mu, lam, dt, f)
    box = check_real(box, "box", low=0.0, low_open=True, func=f)
    rng = check_rng(seed, "seed", f)
    x0 = rng.uniform(-box, box, size=(n, 2))
    t = dt * np.arange(steps + 1)
    c = lam / (lam - 2 * mu)
    x1 = x0[:, :1] * np.exp(mu * t)[None, :]
    sq = x0[:, :1] ** 2
    x2 = (x0[:, 1:] - c * sq) * np.exp(lam * t)[None, :] + c * sq * np.exp(2 * mu * t)[None, :]
    return Trajectories(np.stack([x1, x2], axis=-1), dt, slow_manifold_koopman_eigenvalues(mu, lam, dt),
                        {"mu": mu, "lam": lam, "c": c, "koopman_matrix": slow_manifold_koopman_matrix(mu, lam, dt)})


def _smooth_random_field(rng: np.random.Generator, grid: int, max_freq: int) -> np.ndarray:
    xs = np.linspace(0.0, 1.0, grid, endpoint=False)
    xx, yy = np.meshgrid(xs, xs, indexing="ij")
    out = np.zeros((grid, grid))
    for p in range(1, max_freq + 1):
        for q in range(1, max_freq + 1):
            amp = rng.normal() / (p * p + q * q)
            phase = rng.uniform(0, 2 * np.pi, size=2)
            out += amp * np.sin(2 * np.pi * p * xx + phase[0]) * np.sin(2 * np.pi * q * yy + phase[1])
    return out


def travelling_wave_field(n_steps: int = 400, *, grid: int = 32, n_modes: int = 3, omega: float = 0.5,
                          dt: float = 0.1, noise: float = 0.0, seed: Any = 0) -> Trajectories:
    """A field of ``n_modes`` travelling waves with exactly known Koopman eigenvalues.

    u(x, y, t) = Σ_{k=1..K} a_k [φ_k cos(kωt + θ_k) + ψ_k sin(kωt + θ_k)] (+ white noise),
    with smooth random, orthonormalised spatial patterns φ_k, ψ_k and
    a_k = 1/k. Each k contributes the pair e^{±ikωΔt}. Keep Kω·Δt < π (no aliasing).

    Returns
    -------
    Trajectories
        ``states`` of shape (1, n_steps + 1, grid·grid) (the flattened field),
        ``info["modes"]`` of shape (2K, grid·grid) (φ_1, ψ_1, φ_2, ...),
        ``info["clean"]`` the noise-free states.

    Examples
    --------
    >>> tr = travelling_wave_field(10, grid=8, n_modes=2, seed=0)
    >>> tr.states.shape, np.round(np.angle(tr.koopman_eigenvalues), 3).tolist()
    ((1, 11, 64), [0.05, -0.05, 0.1, -0.1])
    """
    f = "travelling_wave_field"
    steps = check_int(n_steps, "n_steps", low=1, func=f)
    grid = check_int(grid, "grid", low=4, func=f)
    k_modes = check_int(n_modes, "n_modes", low=1, func=f)
    if 2 * k_modes > grid * grid:
        raise ValueError(f"The 'n_modes' parameter of {f} must satisfy 2*n_modes <= grid**2. Got {k_modes} instead.")
    omega = check_real(omega, "omega", low=0.0, low_open=True, func=f)
    dt = check_real(dt, "dt", low=0.0, low_open=True, func=f)
    if k_modes * omega * dt >= np.pi:
        raise ValueError(f"The 'omega' parameter of {f} must keep n_modes*omega*dt < pi (no aliasing). "
                         f"Got {k_modes * omega * dt:.3g} instead.")
    noise = check_real(noise, "noise", low=0.0, func=f)
    rng = check_rng(seed, "seed", f)
    raw = np.stack([_smooth_random_field(rng, grid, 3).ravel() for _ in range(2 * k_modes)])
    q, _ = np.linalg.qr(raw.T)
    modes = q.T * np.sqrt(grid * grid)  # orthogonal, unit RMS per pixel
    theta = rng.uniform(0, 2 * np.pi, size=k_modes)
    t = dt * np.arange(steps + 1)
    clean = np.zeros((steps + 1, grid * grid))
    for k in range(1, k_modes + 1):
        arg = k * omega * t + theta[k - 1]
        clean += (1.0 / k) * (np.cos(arg)[:, None] * modes[2 * k - 2] + np.sin(arg)[:, None] * modes[2 * k - 1])
    states = clean + (noise * rng.normal(size=clean.shape) if noise > 0 else 0.0)
    eig = np.concatenate([np.exp(np.array([1j, -1j]) * k * omega * dt) for k in range(1, k_modes + 1)])
    return Trajectories(states[None], dt, eig, {"modes": modes, "clean": clean[None], "omega": omega,
                                                  "theta": theta, "grid": grid})


def duffing_equilibrium_eigenvalues(alpha: float = -1.0, beta: float = 1.0, delta: float = 0.5,
                                    dt: float = 0.1) -> np.ndarray:
    """exp(Δt·eig J) at the stable equilibria x* = ±sqrt(−α/β) of ẍ = −δẋ − αx − βx³ (α < 0 < β).

    These are the principal Koopman eigenvalues in each basin.

    Examples
    --------
    >>> np.round(np.abs(duffing_equilibrium_eigenvalues()), 6).tolist()
    [0.97531, 0.97531]
    """
    f = "duffing_equilibrium_eigenvalues"
    alpha = check_real(alpha, "alpha", high=0.0, high_open=True, func=f)
    beta = check_real(beta, "beta", low=0.0, low_open=True, func=f)
    delta = check_real(delta, "delta", low=0.0, low_open=True, func=f)
    dt = check_real(dt, "dt", low=0.0, low_open=True, func=f)
    x_star_sq = -alpha / beta
    jac = np.array([[0.0, 1.0], [-alpha - 3 * beta * x_star_sq, -delta]])
    return np.exp(dt * np.linalg.eigvals(jac))


def duffing_trajectories(n_trajectories: int = 100, n_steps: int = 100, *, alpha: float = -1.0,
                         beta: float = 1.0, delta: float = 0.5, dt: float = 0.1, box: float = 2.0,
                         substeps: int = 10, seed: Any = 0) -> Trajectories:
    """Damped Duffing oscillator ẍ = −δẋ − αx − βx³ by classical RK4 (``substeps`` per sample).

    States are (x, ẋ) from initial conditions uniform in [-box, box]².
    ``koopman_eigenvalues`` are those of the linearisation at the stable
    equilibria (:func:`duffing_equilibrium_eigenvalues`).

    Examples
    --------
    >>> tr = duffing_trajectories(2, 5, seed=0)
    >>> tr.states.shape
    (2, 6, 2)
    """
    f = "duffing_trajectories"
    n = check_int(n_trajectories, "n_trajectories", low=1, func=f)
    steps = check_int(n_steps, "n_steps", low=1, func=f)
    sub = check_int(substeps, "substeps", low=1, func=f)
    box = check_real(box, "box", low=0.0, low_open=True, func=f)
    alpha = check_real(alpha, "alpha", high=0.0, high_open=True, func=f)
    beta = check_real(beta, "beta", low=0.0, low_open=True, func=f)
    delta = check_real(delta, "delta", low=0.0, low_open=True, func=f)
    dt = check_real(dt, "dt", low=0.0, low_open=True, func=f)
    eig = duffing_equilibrium_eigenvalues(alpha, beta, delta, dt)
    rng = check_rng(seed, "seed", f)
    h = dt / sub

    def rhs(s):
        x, v = s[:, 0], s[:, 1]
        return np.stack([v, -delta * v - alpha * x - beta * x**3], axis=1)

    s = rng.uniform(-box, box, size=(n, 2))
    out = [s]
    for _ in range(steps):
        for _ in range(sub):
            k1 = rhs(s)
            k2 = rhs(s + 0.5 * h * k1)
            k3 = rhs(s + 0.5 * h * k2)
            k4 = rhs(s + h * k3)
            s = s + (h / 6.0) * (k1 + 2 * k2 + 2 * k3 + k4)
        out.append(s)
    return Trajectories(np.stack(out, axis=1), dt, eig, {"alpha": alpha, "beta": beta, "delta": delta})
