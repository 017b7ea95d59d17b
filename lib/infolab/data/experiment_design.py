"""Bayesian experiments as generative models, for expected-information-gain checks.

Each sampler returns an :class:`infolab.measures.ExperimentModel` (prior sampler,
outcome sampler, vectorised log-likelihood). Those whose parameter space is small
(:func:`death_process`, :func:`hyperbolic_discounting`) are :class:`GridExperiment`
models that also carry a quadrature grid over θ and their discrete outcome law, so
their EIG is exact (:meth:`GridExperiment.grid_eig`):

    EIG(ξ) = I(θ; y) = Σ_θ Σ_y w(θ) p(y|θ, ξ) log[p(y|θ, ξ) / Σ_θ' w(θ') p(y|θ', ξ)].

:func:`linear_gaussian_experiment` has the closed form
:func:`infolab.measures.linear_gaussian_eig`; :func:`location_finding` has none (its
EIG is checked between the PCE lower and NMC upper bounds).

The environments and constants follow BoxingGym (Gandhi et al. 2025,
arXiv:2501.01540, environments ``death_process``, ``hyperbolic_temporal_discount``,
``location_finding``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np
from scipy import stats
from scipy.special import gammaln, ndtr

from ..measures.design import ExperimentModel
from ..measures.discrete import mutual_information_pmf
from ..validation import check_int, check_probabilities, check_real

__all__ = [
    "GridExperiment",
    "death_process",
    "hyperbolic_discounting",
    "linear_gaussian_experiment",
    "location_finding",
]


@dataclass(frozen=True)
class GridExperiment(ExperimentModel):
    """An :class:`ExperimentModel` with discrete outcomes and a quadrature grid over θ.

    Extra fields: ``prior_grid(n_grid) -> (theta (G, p), weights (G,))`` (weights sum to
    one) and ``outcome_pmf(theta (G, p), design) -> (G, K)`` (each row the law of the K
    possible outcomes).
    """

    prior_grid: Callable[[Any], tuple[np.ndarray, np.ndarray]] | None = None
    outcome_pmf: Callable[[np.ndarray, Any], np.ndarray] | None = None
    default_grid: Any = None

    def grid(self, n_grid: Any = None) -> tuple[np.ndarray, np.ndarray]:
        """The quadrature nodes θ (G, p) and prior weights (G,)."""
        return self.prior_grid(self.default_grid if n_grid is None else n_grid)

    def grid_eig(self, design: Any, *, n_grid: Any = None, weights: Any = None, base: float | str = "e") -> float:
        """Exact EIG I(θ; y) by quadrature over θ and enumeration of y.

        ``weights`` replaces the prior weights on the grid (e.g. a posterior on the same
        grid, for sequential design); ``n_grid`` sets the grid size (the model's
        default when None). Nats by default.
        """
        design = self.check_design(design)
        theta, w = self.grid(n_grid)
        if weights is not None:
            w = check_probabilities(weights, "weights", func="grid_eig", ndim=1)
            if w.shape[0] != theta.shape[0]:
                raise ValueError(f"The 'weights' parameter of grid_eig must have one entry per grid node "
                                 f"({theta.shape[0]}). Got {w.shape[0]} instead.")
        pmf = self.outcome_pmf(theta, design)
        joint = w[:, None] * pmf
        return mutual_information_pmf(joint / joint.sum(), base=base)


# ----------------------------------------------------------------------------- death process
def death_process(*, n_individuals: int = 50, prior_mean: float = 1.0, prior_sd: float = 1.0,
                  upper: float = 2.0) -> GridExperiment:
    """BoxingGym's death process: how many of N infected individuals have died by time ξ.

    θ ~ N(prior_mean, prior_sd²) truncated to [0, upper]; design ξ > 0 (a time);
    y ~ Binomial(N, 1 − e^{−θ ξ}). Outcomes y ∈ {0, …, N}, so the EIG is exact by
    quadrature over θ (default grid: 2001 midpoints of [0, upper]).

    Parameters
    ----------
    n_individuals : int, default 50
        N, the population observed.
    prior_mean, prior_sd : float, default 1, 1
        The (untruncated) normal prior of the infection rate θ.
    upper : float, default 2
        Truncation point of the prior (its lower end is 0).

    Returns
    -------
    GridExperiment

    Notes
    -----
    The log-likelihood is the binomial log-pmf. BoxingGym's released code uses the mean
    of the N individual Bernoulli log-terms instead (a likelihood tempered to the power
    1/N); that is a different, far less informative quantity.

    References
    ----------
    Gandhi et al. (2025), arXiv:2501.01540 (environment ``death_process``); Cook,
    Gibson, Gilligan (2008), "Optimal observation times in experimental epidemic
    processes", Biometrics 64(3).

    Examples
    --------
    >>> m = death_process()
    >>> round(m.grid_eig(1.0), 2)
    1.21
    """
    func = "death_process"
    n = check_int(n_individuals, "n_individuals", low=1, func=func)
    mu = check_real(prior_mean, "prior_mean", func=func)
    sd = check_real(prior_sd, "prior_sd", low=0.0, low_open=True, func=func)
    hi = check_real(upper, "upper", low=0.0, low_open=True, func=func)
    prior = stats.truncnorm((0.0 - mu) / sd, (hi - mu) / sd, loc=mu, scale=sd)
    log_binom = gammaln(n + 1) - gammaln(np.arange(n + 1) + 1) - gammaln(n - np.arange(n + 1) + 1)

    def check_design(design):
        arr = np.asarray(design, dtype=float) if np.asarray(design).dtype.kind in "biuf" else None
        if arr is None or arr.size != 1 or not np.isfinite(arr).all() or float(arr.reshape(-1)[0]) <= 0:
            raise ValueError(f"The 'design' parameter of the death process must be one positive, finite time. "
                             f"Got {design!r} instead.")
        return float(arr.reshape(-1)[0])

    def sample_prior(size, rng):
        return prior.rvs(size=size, random_state=rng).reshape(size, 1)

    def sample_outcome(theta, xi, rng):
        p = -np.expm1(-theta[:, 0] * xi)
        return rng.binomial(n, p).reshape(-1, 1).astype(float)

    def log_likelihood(y, theta, xi):
        k = y[..., 0]
        rate = theta[..., 0] * xi
        with np.errstate(divide="ignore"):
            log_p = np.log(-np.expm1(-rate))
        # log C(n, k) + k log(1 − e^{−θξ}) − (n − k) θξ; the k log p term is 0 when k = 0 (even where p = 0)
        return log_binom[k.astype(int)] + np.where(k > 0, k * log_p, 0.0) - (n - k) * rate

    def prior_grid(n_grid):
        g = check_int(n_grid, "n_grid", low=2, func="death_process.grid")
        theta = (np.arange(g) + 0.5) * hi / g
        w = prior.pdf(theta)
        return theta.reshape(-1, 1), w / w.sum()

    def outcome_pmf(theta, xi):
        p = -np.expm1(-theta[:, 0] * xi)
        return stats.binom.pmf(np.arange(n + 1)[None, :], n, p[:, None])

    return GridExperiment(
        name="death process", n_params=1, sample_prior=sample_prior, sample_outcome=sample_outcome,
        log_likelihood=log_likelihood, check_design=check_design,
        info={"formula": f"θ ~ TruncN({mu:g}, {sd:g}²; [0, {hi:g}]), y ~ Binomial({n}, 1 − exp(−θ ξ))",
              "n_individuals": n, "upper": hi},
        prior_grid=prior_grid, outcome_pmf=outcome_pmf, default_grid=2001)


# ----------------------------------------------------------------------------- hyperbolic discounting
def hyperbolic_discounting(*, log_k_mean: float = -4.25, log_k_sd: float = 0.5, alpha_scale: float = 2.0,
                           lapse: float = 0.01) -> GridExperiment:
    """BoxingGym's hyperbolic temporal discounting: does a person take the delayed reward?

    θ = (log k, α) with log k ~ N(log_k_mean, log_k_sd²) and α ~ HalfNormal(alpha_scale);
    design ξ = (iR, dR, D): an immediate reward iR, a delayed reward dR > iR after D days;
    y = 1 (delayed chosen) with probability
    ε + (1 − 2ε) Φ((dR / (1 + k D) − iR) / α). Binary outcome, so at most ln 2 nats.

    Parameters
    ----------
    log_k_mean, log_k_sd : float, default −4.25, 0.5
        Normal prior of the log discount rate.
    alpha_scale : float, default 2
        Scale of the half-normal prior of the choice noise α.
    lapse : float, default 0.01
        ε, the lapse probability, in [0, 0.5).

    Returns
    -------
    GridExperiment
        Default grid (301, 400): log k over its mean ± 6 sd, α over (0, 6·alpha_scale].

    References
    ----------
    Gandhi et al. (2025), arXiv:2501.01540 (environment ``hyperbolic_temporal_discount``);
    Mazur (1987), hyperbolic discounting.

    Examples
    --------
    >>> m = hyperbolic_discounting()
    >>> bool(m.grid_eig([100, 150, 30]) <= np.log(2))
    True
    """
    func = "hyperbolic_discounting"
    mu = check_real(log_k_mean, "log_k_mean", func=func)
    sd = check_real(log_k_sd, "log_k_sd", low=0.0, low_open=True, func=func)
    a_scale = check_real(alpha_scale, "alpha_scale", low=0.0, low_open=True, func=func)
    eps = check_real(lapse, "lapse", low=0.0, high=0.5, high_open=True, func=func)

    def check_design(design):
        arr = np.asarray(design)
        ok = arr.dtype.kind in "biuf" and arr.shape == (3,) and np.all(np.isfinite(arr))
        if not ok or not (0 <= arr[0] < arr[1]) or arr[2] <= 0:
            raise ValueError("The 'design' parameter of hyperbolic discounting must be (iR, dR, D) with "
                             f"0 <= iR < dR and D > 0. Got {design!r} instead.")
        return arr.astype(float)

    def p_delayed(log_k, alpha, xi):
        ir, dr, days = xi
        return eps + (1 - 2 * eps) * ndtr((dr / (1 + np.exp(log_k) * days) - ir) / alpha)

    def sample_prior(size, rng):
        log_k = rng.normal(mu, sd, size)
        alpha = np.abs(rng.normal(0.0, a_scale, size))
        return np.column_stack([log_k, alpha])

    def sample_outcome(theta, xi, rng):
        return (rng.random(theta.shape[0]) < p_delayed(theta[:, 0], theta[:, 1], xi)).astype(float)[:, None]

    def log_likelihood(y, theta, xi):
        p = p_delayed(theta[..., 0], theta[..., 1], xi)
        return np.where(y[..., 0] > 0.5, np.log(p), np.log1p(-p))

    def prior_grid(n_grid):
        gk, ga = (check_int(v, "n_grid", low=2, func="hyperbolic_discounting.grid") for v in np.broadcast_to(n_grid, 2))
        lk = mu + sd * np.linspace(-6, 6, gk)
        al = (np.arange(ga) + 0.5) * 6 * a_scale / ga
        w = stats.norm.pdf(lk, mu, sd)[:, None] * stats.halfnorm.pdf(al, scale=a_scale)[None, :]
        tk, ta = np.meshgrid(lk, al, indexing="ij")
        return np.column_stack([tk.ravel(), ta.ravel()]), (w / w.sum()).ravel()

    def outcome_pmf(theta, xi):
        p = p_delayed(theta[:, 0], theta[:, 1], xi)
        return np.column_stack([1 - p, p])

    return GridExperiment(
        name="hyperbolic discounting", n_params=2, sample_prior=sample_prior, sample_outcome=sample_outcome,
        log_likelihood=log_likelihood, check_design=check_design,
        info={"formula": f"log k ~ N({mu:g}, {sd:g}²), α ~ HalfNormal({a_scale:g}), "
                         f"P(delayed) = {eps:g} + {1 - 2 * eps:g}·Φ((dR/(1+kD) − iR)/α)"},
        prior_grid=prior_grid, outcome_pmf=outcome_pmf, default_grid=(301, 400))


# ----------------------------------------------------------------------------- linear Gaussian
def linear_gaussian_experiment(*, n_params: int = 1, prior_sd: float = 1.0, noise_sd: float = 1.0) -> ExperimentModel:
    """y = A θ + ε with θ ~ N(0, prior_sd² I_p) and ε ~ N(0, noise_sd² I_q); the design is A.

    A design is a (q, p) matrix or a (p,) vector (one observation). The exact EIG is
    ``linear_gaussian_eig(A, prior_sd**2, noise_sd**2)``.

    Examples
    --------
    >>> from infolab.measures import linear_gaussian_eig
    >>> m = linear_gaussian_experiment(n_params=2)
    >>> bool(abs(linear_gaussian_eig([[1.0, 0.0], [0.0, 1.0]], 1.0, 1.0) - np.log(2)) < 1e-12)
    True
    """
    func = "linear_gaussian_experiment"
    p = check_int(n_params, "n_params", low=1, func=func)
    s0 = check_real(prior_sd, "prior_sd", low=0.0, low_open=True, func=func)
    s1 = check_real(noise_sd, "noise_sd", low=0.0, low_open=True, func=func)

    def check_design(design):
        a = np.asarray(design)
        if a.dtype.kind not in "biuf":
            raise ValueError(f"The 'design' parameter of the linear-Gaussian experiment must be a real (q, {p}) "
                             f"matrix. Got {design!r} instead.")
        a = np.atleast_2d(a.astype(float))
        if a.ndim != 2 or a.shape[1] != p or not np.all(np.isfinite(a)):
            raise ValueError(f"The 'design' parameter of the linear-Gaussian experiment must be a finite (q, {p}) "
                             f"matrix. Got shape {np.shape(design)} instead.")
        return a

    def sample_prior(size, rng):
        return rng.normal(0.0, s0, (size, p))

    def sample_outcome(theta, a, rng):
        return theta @ a.T + rng.normal(0.0, s1, (theta.shape[0], a.shape[0]))

    def log_likelihood(y, theta, a):
        r = y - theta @ a.T
        return -0.5 * np.sum(r * r, axis=-1) / s1**2 - a.shape[0] * (math.log(s1) + 0.5 * math.log(2 * math.pi))

    return ExperimentModel(name="linear Gaussian", n_params=p, sample_prior=sample_prior,
                           sample_outcome=sample_outcome, log_likelihood=log_likelihood,
                           check_design=check_design,
                           info={"formula": f"y = A θ + ε, θ ~ N(0, {s0:g}² I_{p}), ε ~ N(0, {s1:g}² I)",
                                 "prior_sd": s0, "noise_sd": s1})


# ----------------------------------------------------------------------------- location finding
def location_finding(*, n_sources: int = 3, dim: int = 2, base_signal: float = 0.1, max_signal: float = 1e-4,
                     alpha: float = 1.0, noise_sd: float = 0.5) -> ExperimentModel:
    """BoxingGym's location finding: K hidden sources, a noisy total signal measured at ξ.

    θ = (θ_1, …, θ_K), θ_k ~ N(0, I_dim); design ξ ∈ ℝ^dim; the total signal
    y ~ N(b + Σ_k α / (m + ‖θ_k − ξ‖²), σ²), with b = base_signal, m = max_signal, as in
    BoxingGym's ``location_finding`` environment (Foster et al. 2021, arXiv:2103.02438,
    Sec. 6.1, model the log of the signal instead).

    No closed form: check its EIG between ``pce_eig`` (lower) and ``nmc_eig`` (upper).

    Examples
    --------
    >>> m = location_finding()
    >>> m.n_params
    6
    """
    func = "location_finding"
    k = check_int(n_sources, "n_sources", low=1, func=func)
    d = check_int(dim, "dim", low=1, func=func)
    b = check_real(base_signal, "base_signal", low=0.0, low_open=True, func=func)
    m = check_real(max_signal, "max_signal", low=0.0, low_open=True, func=func)
    a = check_real(alpha, "alpha", low=0.0, low_open=True, func=func)
    s = check_real(noise_sd, "noise_sd", low=0.0, low_open=True, func=func)

    def check_design(design):
        arr = np.asarray(design)
        if arr.dtype.kind not in "biuf" or arr.shape != (d,) or not np.all(np.isfinite(arr)):
            raise ValueError(f"The 'design' parameter of location finding must be a finite point of shape ({d},). "
                             f"Got {design!r} instead.")
        return arr.astype(float)

    def mean_signal(theta, xi):
        src = theta.reshape(theta.shape[:-1] + (k, d))
        sq = np.sum((src - xi) ** 2, axis=-1)
        return b + np.sum(a / (m + sq), axis=-1)

    def sample_prior(size, rng):
        return rng.standard_normal((size, k * d))

    def sample_outcome(theta, xi, rng):
        return (mean_signal(theta, xi) + s * rng.standard_normal(theta.shape[0]))[:, None]

    def log_likelihood(y, theta, xi):
        r = y[..., 0] - mean_signal(theta, xi)
        return -0.5 * (r / s) ** 2 - math.log(s) - 0.5 * math.log(2 * math.pi)

    return ExperimentModel(name="location finding", n_params=k * d, sample_prior=sample_prior,
                           sample_outcome=sample_outcome, log_likelihood=log_likelihood,
                           check_design=check_design,
                           info={"formula": f"{k} sources in ℝ^{d}, y ~ N({b:g} + Σ {a:g}/({m:g} + ‖θ_k − ξ‖²), {s:g}²)"})

