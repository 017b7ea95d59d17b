"""Expected information gain (EIG) of an experiment, for Bayesian experimental design.

An experiment with design ξ, unknown parameters θ ~ p(θ) and outcome y ~ p(y | θ, ξ)
is worth, in expectation, the mutual information between θ and y::

    EIG(ξ) = I(θ; y | ξ) = E_{θ, y} [ log p(y | θ, ξ) − log p(y | ξ) ],

in nats by default. The marginal p(y | ξ) = E_θ p(y | θ, ξ) is rarely available, so
it is estimated by Monte Carlo:

* :func:`nmc_eig`, nested Monte Carlo (Ryan 2003; Rainforth et al. 2018): M fresh
  prior draws per outer sample estimate p(y | ξ). Consistent as M → ∞, biased upward
  for finite M (the bias is about Var/(2M) and shrinks like 1/M).
* :func:`pce_eig`, prior contrastive estimation (Foster et al. 2020): the outer θ
  joins its L contrastive draws in the denominator, which makes it a lower bound of
  the EIG for every L, never above log(L + 1). Its partner without the outer θ in the
  denominator (the NMC estimator with L inner draws) is an upper bound in expectation;
  both come from the same draws with ``return_upper=True``.
* :func:`linear_gaussian_eig`, the closed form for y = A θ + ε with Gaussian prior
  and noise.
* :func:`eig_regret`, the EIG of the best of a set of candidate designs minus that of
  the design chosen (BoxingGym's regret against random designs).

The simulator interface is :class:`ExperimentModel`: a prior sampler, an outcome
sampler and a vectorised log-likelihood. Samplers with known ground truth live in
:mod:`infolab.data.experiment_design`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np
from scipy.special import logsumexp

from ..validation import check_int, check_real, check_rng, log_base

__all__ = [
    "ExperimentModel",
    "EIGEstimate",
    "nmc_eig",
    "pce_eig",
    "linear_gaussian_eig",
    "eig_regret",
]

# Largest number of likelihood evaluations held in memory at once (outer × inner).
_CHUNK_ELEMENTS = 2_000_000


@dataclass(frozen=True)
class ExperimentModel:
    """A Bayesian experiment as a simulator: prior, outcome sampler, log-likelihood.

    Parameters
    ----------
    name : str
        What the model is (shown in messages and figures).
    n_params : int
        Length p of the parameter vector θ.
    sample_prior : callable ``(n, rng) -> ndarray (n, p)``
        Draws n parameter vectors from the prior.
    sample_outcome : callable ``(theta (n, p), design, rng) -> ndarray (n, q)``
        Draws one outcome per parameter vector under ``design``.
    log_likelihood : callable ``(y (..., q), theta (..., p), design) -> ndarray (...)``
        log p(y | θ, ξ), vectorised: the leading shapes of ``y`` and ``theta``
        broadcast against each other (``y[:, None, :]`` against ``theta`` of shape
        (n, m, p) gives an (n, m) array).
    check_design : callable ``(design) -> design``, optional
        Validates a design and returns it in canonical form (raising ``ValueError``
        that names the 'design' parameter); the default accepts any finite array.
    info : dict, optional
        Free-form description (formula, constants) for display.
    """

    name: str
    n_params: int
    sample_prior: Callable[[int, np.random.Generator], np.ndarray]
    sample_outcome: Callable[[np.ndarray, Any, np.random.Generator], np.ndarray]
    log_likelihood: Callable[[np.ndarray, np.ndarray, Any], np.ndarray]
    check_design: Callable[[Any], Any] | None = None
    info: dict | None = None


@dataclass(frozen=True)
class EIGEstimate:
    """A Monte Carlo EIG estimate with its standard error over the outer samples.

    ``float(estimate)`` is ``estimate.eig``. ``upper``/``upper_standard_error`` are set
    only by ``pce_eig(..., return_upper=True)``.
    """

    eig: float
    standard_error: float
    n_outer: int
    n_inner: int
    method: str
    upper: float | None = None
    upper_standard_error: float | None = None

    def __float__(self) -> float:
        return self.eig


def _check_model(model: Any, func: str) -> ExperimentModel:
    if not isinstance(model, ExperimentModel):
        raise TypeError(f"The 'model' parameter of {func} must be an ExperimentModel. "
                        f"Got {type(model).__name__} instead.")
    return model


def _check_design(model: ExperimentModel, design: Any, func: str):
    if model.check_design is not None:
        try:
            return model.check_design(design)
        except (ValueError, TypeError) as exc:
            raise type(exc)(f"The 'design' parameter of {func} is not a design of the model {model.name!r}: "
                            f"{exc}") from None
    arr = np.asarray(design)
    if arr.dtype.kind not in "biuf" or not np.all(np.isfinite(arr)):
        raise ValueError(f"The 'design' parameter of {func} must be a finite real array. Got {design!r} instead.")
    return arr.astype(float)


def _check_progress(progress: Any, func: str):
    if progress is not None and not callable(progress):
        raise TypeError(f"The 'progress' parameter of {func} must be None or a callable wrapping an iterable "
                        f"(e.g. tqdm). Got {type(progress).__name__} instead.")
    return progress if progress is not None else (lambda it, **kw: it)


def _draw_outer(model, design, n, rng, func):
    theta = np.asarray(model.sample_prior(n, rng), dtype=float)
    if theta.shape != (n, model.n_params):
        raise ValueError(f"The prior sampler of the model {model.name!r} passed to {func} must return shape "
                         f"({n}, {model.n_params}). Got {theta.shape} instead.")
    y = np.asarray(model.sample_outcome(theta, design, rng))
    if y.ndim != 2 or y.shape[0] != n:
        raise ValueError(f"The outcome sampler of the model {model.name!r} passed to {func} must return shape "
                         f"({n}, q). Got {y.shape} instead.")
    return theta, y


def _contrastive_terms(model, design, n_outer, n_inner, rng, progress, desc):
    """Per outer sample: log p(y|θ0), and logsumexp of log p(y|θ_m) over M fresh prior draws."""
    theta0, y = _draw_outer(model, design, n_outer, rng, desc)
    ll0 = np.asarray(model.log_likelihood(y, theta0, design), dtype=float)
    lse = np.empty(n_outer)
    step = max(1, _CHUNK_ELEMENTS // n_inner)
    starts = range(0, n_outer, step)
    for s in progress(starts, desc=desc, total=len(starts)):
        e = min(n_outer, s + step)
        inner = np.asarray(model.sample_prior((e - s) * n_inner, rng), dtype=float)
        inner = inner.reshape(e - s, n_inner, model.n_params)
        lse[s:e] = logsumexp(model.log_likelihood(y[s:e, None, :], inner, design), axis=1)
    if not (np.all(np.isfinite(ll0)) and np.all(np.isfinite(lse))):
        raise ValueError(f"The log-likelihood of the model {model.name!r} returned -inf or NaN for outcomes drawn "
                         "from the model itself; check that sample_outcome and log_likelihood agree.")
    return ll0, lse


def _summary(terms: np.ndarray, lb: float) -> tuple[float, float]:
    return float(np.mean(terms) / lb), float(np.std(terms, ddof=1) / math.sqrt(terms.size) / lb)


def nmc_eig(model: ExperimentModel, design: Any, *, n_outer: int = 1000, n_inner: int = 100,
            seed: Any = 0, base: float | str = "e", progress: Callable | None = None) -> EIGEstimate:
    """Expected information gain by nested Monte Carlo (biased upward, consistent).

    .. math::
        \\widehat{EIG}(ξ) = \\frac1N \\sum_n \\Big[\\log p(y_n|θ_n, ξ)
            - \\log \\frac1M \\sum_m p(y_n | θ_{n,m}, ξ)\\Big],

    with θ_n ~ p(θ), y_n ~ p(y | θ_n, ξ) and M fresh prior draws θ_{n,m} per outer sample.

    Parameters
    ----------
    model : ExperimentModel
        The simulator (prior sampler, outcome sampler, log-likelihood).
    design : array-like
        The design ξ, in the form the model accepts.
    n_outer : int, default 1000
        N, outer samples (≥ 2, for the standard error).
    n_inner : int, default 100
        M, inner prior draws per outer sample (≥ 1).
    seed : int or numpy.random.Generator, default 0
        Randomness; same inputs and seed give the same estimate.
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.
    progress : callable, optional
        Wraps the loop over chunks of outer samples (e.g. ``tqdm``), for long runs.

    Returns
    -------
    EIGEstimate
        ``eig`` and the ``standard_error`` of the outer average (which does not include the bias).

    Notes
    -----
    The inner average estimates p(y | ξ) without bias, but its logarithm is biased
    downward (Jensen), so the estimator is biased *upward*: by about
    E[Var(p(y|θ)) / (2 M p(y)²)], which shrinks like 1/M (Rainforth et al. 2018). It is an
    upper bound in expectation for every M, and it is unbounded: where the likelihood
    is sharp, few inner draws land near the outer θ and the estimate can exceed the
    entropy of the prior. BoxingGym's settings (N = 1000, M = 10) are in that regime for
    informative designs. The cost is N (M + 1) likelihood evaluations.

    References
    ----------
    Ryan, K. J. (2003), J. Comput. Graph. Stat. 12(3). Rainforth, Cornish, Yang, Warrington,
    Wood (2018), "On nesting Monte Carlo estimators", ICML, arXiv:1709.06181.

    Examples
    --------
    >>> from infolab.data import linear_gaussian_experiment
    >>> model = linear_gaussian_experiment(n_params=1, prior_sd=1.0, noise_sd=1.0)
    >>> est = nmc_eig(model, [1.0], n_outer=4000, n_inner=400, seed=0)
    >>> bool(abs(est.eig - 0.5 * np.log(2)) < 0.03)    # closed form ½ log(1 + 1)
    True
    """
    func = "nmc_eig"
    model = _check_model(model, func)
    design = _check_design(model, design, func)
    n_outer = check_int(n_outer, "n_outer", low=2, func=func)
    n_inner = check_int(n_inner, "n_inner", low=1, func=func)
    lb = log_base(base, func)
    rng = check_rng(seed, func=func)
    prog = _check_progress(progress, func)
    ll0, lse = _contrastive_terms(model, design, n_outer, n_inner, rng, prog, func)
    eig, se = _summary(ll0 - (lse - math.log(n_inner)), lb)
    return EIGEstimate(eig, se, n_outer, n_inner, "nested Monte Carlo")


def pce_eig(model: ExperimentModel, design: Any, *, n_outer: int = 1000, n_contrastive: int = 100,
            seed: Any = 0, base: float | str = "e", return_upper: bool = False,
            progress: Callable | None = None) -> EIGEstimate:
    """Expected information gain by prior contrastive estimation (a lower bound).

    .. math::
        \\mathcal L_{PCE}(ξ) = \\frac1N \\sum_n \\Big[\\log p(y_n|θ_{n,0}, ξ)
            - \\log \\frac1{L+1} \\sum_{l=0}^{L} p(y_n | θ_{n,l}, ξ)\\Big] \\le EIG(ξ),

    where θ_{n,0} generated y_n and θ_{n,1..L} are fresh prior draws. With
    ``return_upper=True`` the same draws also give the upper bound that leaves
    θ_{n,0} out of the denominator (the sum over l = 1..L divided by L).

    Parameters
    ----------
    model : ExperimentModel
        The simulator.
    design : array-like
        The design ξ.
    n_outer : int, default 1000
        N, outer samples (≥ 2).
    n_contrastive : int, default 100
        L, contrastive prior draws per outer sample (≥ 1).
    seed : int or numpy.random.Generator, default 0
        Randomness.
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.
    return_upper : bool, default False
        Also compute the upper bound from the same draws (free).
    progress : callable, optional
        Wraps the loop over chunks of outer samples.

    Returns
    -------
    EIGEstimate
        ``eig`` is the lower bound; ``upper`` the upper bound when asked.

    Notes
    -----
    The bound holds in expectation for every L and tightens as L grows (Foster et al.
    2020, Theorem 1); every term is at most log(L + 1), so the estimate can never
    exceed log(L + 1): an experiment worth more than that needs L > e^EIG. The two
    bounds differ only in whether θ_{n,0} is counted among the contrasts, so their gap
    shows how far L is from enough.

    References
    ----------
    Foster, Jankowiak, O'Meara, Teh, Rainforth (2020), "A unified stochastic gradient
    approach to designing Bayesian-optimal experiments", AISTATS, arXiv:1911.00294.

    Examples
    --------
    >>> from infolab.data import linear_gaussian_experiment
    >>> model = linear_gaussian_experiment(n_params=1, prior_sd=1.0, noise_sd=0.1)
    >>> est = pce_eig(model, [1.0], n_outer=2000, n_contrastive=5, seed=0)
    >>> bool(est.eig <= np.log(6) < 0.5 * np.log(101))   # capped at log(L + 1), below the truth
    True
    """
    func = "pce_eig"
    model = _check_model(model, func)
    design = _check_design(model, design, func)
    n_outer = check_int(n_outer, "n_outer", low=2, func=func)
    n_contrastive = check_int(n_contrastive, "n_contrastive", low=1, func=func)
    lb = log_base(base, func)
    rng = check_rng(seed, func=func)
    if not isinstance(return_upper, (bool, np.bool_)):
        raise TypeError(f"The 'return_upper' parameter of {func} must be a bool. Got {return_upper!r} instead.")
    prog = _check_progress(progress, func)
    ll0, lse = _contrastive_terms(model, design, n_outer, n_contrastive, rng, prog, func)
    lower = ll0 - (np.logaddexp(ll0, lse) - math.log(n_contrastive + 1))
    eig, se = _summary(lower, lb)
    up = up_se = None
    if return_upper:
        up, up_se = _summary(ll0 - (lse - math.log(n_contrastive)), lb)
    return EIGEstimate(eig, se, n_outer, n_contrastive, "prior contrastive estimation", up, up_se)


def _spd(a: Any, name: str, size: int | None, func: str) -> np.ndarray:
    arr = np.asarray(a)
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"The '{name}' parameter of {func} must be a real number or matrix. Got dtype {arr.dtype} instead.")
    arr = arr.astype(float)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"The '{name}' parameter of {func} must contain only finite values. Got NaN or inf instead.")
    if arr.ndim == 0:
        if size is None or arr <= 0:
            raise ValueError(f"The '{name}' parameter of {func} must be a positive variance or a positive definite "
                             f"matrix. Got {float(arr)!r} instead.")
        return float(arr) * np.eye(size)
    if arr.ndim != 2 or arr.shape[0] != arr.shape[1] or (size is not None and arr.shape[0] != size):
        want = f"({size}, {size})" if size is not None else "square"
        raise ValueError(f"The '{name}' parameter of {func} must be a {want} matrix. Got shape {arr.shape} instead.")
    if np.max(np.abs(arr - arr.T)) > 1e-10 * max(1.0, np.max(np.abs(arr))):
        raise ValueError(f"The '{name}' parameter of {func} must be symmetric. Got a non-symmetric matrix instead.")
    try:
        np.linalg.cholesky(arr)
    except np.linalg.LinAlgError:
        raise ValueError(f"The '{name}' parameter of {func} must be positive definite. "
                         f"Got a matrix with smallest eigenvalue {np.linalg.eigvalsh(arr).min():.3g} instead.") from None
    return arr


def _logdet(a: np.ndarray) -> float:
    return 2.0 * float(np.sum(np.log(np.diag(np.linalg.cholesky(a)))))


def linear_gaussian_eig(design_matrix: Any, prior_cov: Any, noise_cov: Any, *, base: float | str = "e") -> float:
    """Exact EIG of a linear-Gaussian experiment y = A θ + ε.

    .. math::
        EIG = \\tfrac12 \\log\\det(A Σ_θ A^\\top + Σ_ε) - \\tfrac12 \\log\\det Σ_ε,

    for θ ~ N(μ, Σ_θ) and ε ~ N(0, Σ_ε) (the prior mean does not enter).

    Parameters
    ----------
    design_matrix : array-like, shape (q, p) or (p,)
        A; a 1-D array is one observation (q = 1).
    prior_cov : float or array-like, shape (p, p)
        Σ_θ, a positive variance (times the identity) or a positive definite matrix.
    noise_cov : float or array-like, shape (q, q)
        Σ_ε, likewise.
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.

    Returns
    -------
    float
        The mutual information I(θ; y) for this design.

    Notes
    -----
    Exact. It is the D-optimality criterion of classical design: it grows without bound
    as the design is scaled up (‖A‖ → ∞), so a design space must be bounded.

    References
    ----------
    Chaloner, K. and Verdinelli, I. (1995), "Bayesian experimental design: a review",
    Statistical Science 10(3), Sec. 2.

    Examples
    --------
    >>> bool(abs(linear_gaussian_eig([1.0], 1.0, 1.0) - 0.5 * np.log(2)) < 1e-12)
    True
    """
    func = "linear_gaussian_eig"
    a = np.asarray(design_matrix)
    if a.dtype.kind not in "biuf":
        raise TypeError(f"The 'design_matrix' parameter of {func} must be a real array. Got dtype {a.dtype} instead.")
    a = a.astype(float)
    if a.ndim == 1:
        a = a[None, :]
    if a.ndim != 2 or a.size == 0:
        raise ValueError(f"The 'design_matrix' parameter of {func} must be a non-empty (q, p) or (p,) array. "
                         f"Got shape {np.shape(design_matrix)} instead.")
    if not np.all(np.isfinite(a)):
        raise ValueError(f"The 'design_matrix' parameter of {func} must contain only finite values. Got NaN or inf instead.")
    q, p = a.shape
    s_theta = _spd(prior_cov, "prior_cov", p, func)
    s_eps = _spd(noise_cov, "noise_cov", q, func)
    lb = log_base(base, func)
    return 0.5 * (_logdet(a @ s_theta @ a.T + s_eps) - _logdet(s_eps)) / lb


def eig_regret(chosen_eig: Any, candidate_eigs: Any) -> float:
    """EIG regret of a chosen design: the best candidate's EIG minus the chosen one's.

    Parameters
    ----------
    chosen_eig : float
        EIG of the design that was run (nats, or any unit shared with the candidates).
    candidate_eigs : array-like, shape (k,)
        EIGs of the candidate designs it is compared with (BoxingGym: 100 random designs).

    Returns
    -------
    float
        max(candidate_eigs) − chosen_eig, returned as computed: negative when the chosen
        design beats every candidate (an optimiser over a continuous space often does).

    Notes
    -----
    The regret inherits the errors of the EIG estimates: with biased NMC estimates
    (small inner sample) the maximum over many candidates picks up the largest upward
    error, so the regret of a good design is overstated.

    References
    ----------
    Gandhi et al. (2025), "BoxingGym: Benchmarking progress in automated experimental
    design and model discovery", arXiv:2501.01540.

    Examples
    --------
    >>> round(eig_regret(0.5, [0.1, 0.7, 0.3]), 12)
    0.2
    """
    func = "eig_regret"
    chosen = check_real(chosen_eig, "chosen_eig", func=func)
    cand = np.asarray(candidate_eigs)
    if cand.dtype.kind not in "biuf" or cand.ndim != 1 or cand.size == 0:
        raise ValueError(f"The 'candidate_eigs' parameter of {func} must be a non-empty 1-D array of real numbers. "
                         f"Got {np.shape(candidate_eigs)} of dtype {cand.dtype} instead.")
    if not np.all(np.isfinite(cand)):
        raise ValueError(f"The 'candidate_eigs' parameter of {func} must contain only finite values. Got NaN or inf instead.")
    return float(np.max(cand)) - chosen
