"""Information geometry of parametric families: Fisher information, perceptual scales, Fisher–Rao paths.

Three uses of one object, the Fisher information :math:`I(\\theta) = \\mathbb E[(\\partial_\\theta \\log p)^2]`:

* **Closed forms and a numerical twin.** The Fisher information of Gaussian families
  (:func:`gaussian_fisher_information`), of the von Mises concentration
  (:func:`von_mises_fisher_information`) and of the spectral envelopes of Gaussian random-field
  ("MotionCloud") stimuli (:func:`spectral_envelope_fisher_information`), checked against the
  score variance computed by quadrature (:func:`score_variance_fisher_information`).
* **Perceptual scales.** An observer whose internal noise has constant Fisher information perceives
  the stimulus parameter through :math:`\\psi(s) \\propto \\int^s \\sqrt{I(t)}\\,dt`
  (:func:`perceptual_scale`); maximum-likelihood difference scaling (MLDS) measures such a scale
  from judgements of which of two stimulus intervals is larger (:func:`mlds_triads`,
  :func:`simulate_difference_judgements`, :func:`fit_mlds`), and :func:`area_matching_score`
  compares a measured scale with a predicted one.
* **Fisher–Rao length of a diffusion's corruption path.** For zero-mean Gaussians with independent
  coordinates (Fourier frequencies of stationary images) the Fisher–Rao distance is
  :math:`\\sqrt{\\tfrac12\\sum_\\xi \\log^2(v_\\xi/w_\\xi)}` (:func:`diagonal_gaussian_fisher_rao_distance`);
  :func:`fisher_rao_path_length` sums it along the marginals of a schedule
  (:func:`diffusion_marginal_variances`), and :func:`shortest_path_schedule` is the geodesic,
  compared with the DDPM :func:`linear_schedule` and the :func:`cosine_schedule`.

The Fisher metric of a softmax model lives in :mod:`infolab.measures.categorical`
(``softmax_fisher_metric``, ``pullback_fisher_metric``).

Fisher information carries units of 1/θ²; lengths are in nats^(1/2)-free Fisher–Rao units
(the metric is the Hessian of the KL divergence in nats).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import numpy as np
from scipy import linalg, optimize, special

from ..validation import check_choice, check_int, check_real, check_rng, check_samples

__all__ = [
    "gaussian_fisher_information",
    "von_mises_fisher_information",
    "spectral_envelope_fisher_information",
    "score_variance_fisher_information",
    "perceptual_scale",
    "mlds_triads",
    "simulate_difference_judgements",
    "MLDSFit",
    "fit_mlds",
    "area_matching_score",
    "diagonal_gaussian_fisher_rao_distance",
    "fisher_rao_path_length",
    "diffusion_marginal_variances",
    "shortest_path_schedule",
    "linear_schedule",
    "cosine_schedule",
]

ENVELOPE_PARAMETERS = ("sf_mode", "sf_bandwidth", "orientation_bandwidth")


# ---------------------------------------------------------------------------
# small validators of this module
# ---------------------------------------------------------------------------

def _vector(x: Any, name: str, func: str, *, min_len: int = 1, positive: bool = False,
            increasing: bool = False) -> np.ndarray:
    if x is None or isinstance(x, (str, bytes)):
        raise TypeError(f"The '{name}' parameter of {func} must be a 1-D array of real numbers. Got {x!r} instead.")
    arr = np.asarray(x)
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"The '{name}' parameter of {func} must hold real numbers. Got dtype {arr.dtype} instead.")
    arr = np.atleast_1d(arr.astype(np.float64, copy=True))
    if arr.ndim != 1 or arr.shape[0] < min_len:
        raise ValueError(f"The '{name}' parameter of {func} must be a 1-D array of at least {min_len} values. "
                         f"Got shape {arr.shape} instead.")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"The '{name}' parameter of {func} must contain only finite values. Got NaN or inf instead.")
    if positive and np.any(arr <= 0):
        raise ValueError(f"The '{name}' parameter of {func} must be > 0 everywhere. Got a minimum of {arr.min()!r} instead.")
    if increasing and np.any(np.diff(arr) <= 0):
        raise ValueError(f"The '{name}' parameter of {func} must be strictly increasing. Got a non-increasing step instead.")
    return arr


def _positive_array(x: Any, name: str, func: str) -> np.ndarray:
    if x is None or isinstance(x, (str, bytes)):
        raise TypeError(f"The '{name}' parameter of {func} must be an array of positive numbers. Got {x!r} instead.")
    arr = np.asarray(x)
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"The '{name}' parameter of {func} must hold real numbers. Got dtype {arr.dtype} instead.")
    arr = arr.astype(np.float64, copy=True)
    if arr.size == 0:
        raise ValueError(f"The '{name}' parameter of {func} must be non-empty. Got shape {arr.shape} instead.")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"The '{name}' parameter of {func} must contain only finite values. Got NaN or inf instead.")
    if np.any(arr <= 0):
        raise ValueError(f"The '{name}' parameter of {func} must be > 0 everywhere. Got a minimum of {arr.min()!r} instead.")
    return arr


# ---------------------------------------------------------------------------
# Fisher information: closed forms
# ---------------------------------------------------------------------------

def gaussian_fisher_information(mean_derivative: Any, cov: Any, cov_derivative: Any) -> float:
    """Fisher information of a one-parameter Gaussian family N(μ(θ), Σ(θ)) at θ.

    .. math:: I(\\theta) = \\mu'^\\top \\Sigma^{-1} \\mu' + \\tfrac12 \\operatorname{tr}
              (\\Sigma^{-1}\\Sigma'\\Sigma^{-1}\\Sigma')

    Parameters
    ----------
    mean_derivative : array_like, shape (d,)
        dμ/dθ at θ.
    cov : array_like, shape (d, d) or (d,)
        Σ(θ), symmetric positive definite; a 1-D array is a diagonal covariance (the
        variances of independent coordinates, e.g. the Fourier power spectrum of a
        stationary field), computed in O(d).
    cov_derivative : array_like, same shape as ``cov``
        dΣ/dθ at θ, symmetric (diagonal when ``cov`` is).

    Returns
    -------
    float
        I(θ) in units of 1/θ², with the KL divergence in nats:
        KL(p_θ ‖ p_{θ+ε}) = ½ I ε² + O(ε³).

    Notes
    -----
    Exact. Σ is factorised by Cholesky; a covariance that is not positive
    definite raises (no jitter is added).

    References
    ----------
    Vacher & Mamassian, "Perceptual Scales Predicted by Fisher Information Metrics",
    arXiv:2310.11759 (2023), the Fisher information along a Gaussian interpolation path.

    Examples
    --------
    The scale family N(0, σ²) in σ has I = 2/σ²:

    >>> round(gaussian_fisher_information([0.0], [[4.0]], [[4.0]]), 12)  # σ = 2, dΣ/dσ = 2σ
    0.5
    >>> round(gaussian_fisher_information([0.0, 0.0], [4.0, 4.0], [4.0, 4.0]), 12)  # two independent copies
    1.0
    """
    func = "gaussian_fisher_information"
    if np.ndim(cov) == 1:
        var = _positive_array(cov, "cov", func)
        d = var.shape[0]
        dmu = _vector(mean_derivative, "mean_derivative", func)
        if dmu.shape[0] != d:
            raise ValueError(f"The 'mean_derivative' parameter of {func} must have length {d}. Got {dmu.shape[0]} instead.")
        dvar = _vector(cov_derivative, "cov_derivative", func)
        if dvar.shape != (d,):
            raise ValueError(f"The 'cov_derivative' parameter of {func} must have shape {(d,)} like a diagonal 'cov'. "
                             f"Got {dvar.shape} instead.")
        return float(np.sum(dmu * dmu / var) + 0.5 * np.sum((dvar / var) ** 2))
    cov_m = np.asarray(check_samples(cov, "cov", func=func))
    d = cov_m.shape[0]
    if cov_m.shape != (d, d):
        raise ValueError(f"The 'cov' parameter of {func} must be a square matrix. Got shape {cov_m.shape} instead.")
    if not np.allclose(cov_m, cov_m.T, rtol=1e-10, atol=1e-12 * np.abs(cov_m).max()):
        raise ValueError(f"The 'cov' parameter of {func} must be symmetric. Got an asymmetric matrix instead.")
    dmu = _vector(mean_derivative, "mean_derivative", func)
    if dmu.shape[0] != d:
        raise ValueError(f"The 'mean_derivative' parameter of {func} must have length {d}. Got {dmu.shape[0]} instead.")
    dcov = np.asarray(check_samples(cov_derivative, "cov_derivative", func=func))
    if dcov.shape != (d, d):
        raise ValueError(f"The 'cov_derivative' parameter of {func} must have shape {(d, d)}. Got {dcov.shape} instead.")
    if not np.allclose(dcov, dcov.T, rtol=1e-10, atol=1e-12 * max(np.abs(dcov).max(), 1e-300)):
        raise ValueError(f"The 'cov_derivative' parameter of {func} must be symmetric. Got an asymmetric matrix instead.")
    try:
        chol = np.linalg.cholesky(cov_m)
    except np.linalg.LinAlgError:
        raise ValueError(f"The 'cov' parameter of {func} must be positive definite. Got a matrix that is not.") from None
    w = linalg.solve_triangular(chol, dmu, lower=True)
    half = linalg.solve_triangular(chol, dcov, lower=True)            # L⁻¹ Σ'
    m = linalg.solve_triangular(chol, half.T, lower=True)              # L⁻¹ Σ' L⁻ᵀ (symmetric)
    return float(w @ w + 0.5 * np.sum(m * m))


def _mean_resultant(kappa: np.ndarray) -> np.ndarray:
    return special.i1e(kappa) / special.i0e(kappa)


def von_mises_fisher_information(kappa: Any) -> np.ndarray | float:
    """Fisher information of the von Mises law in its concentration κ: 1 − A(κ)/κ − A(κ)².

    Parameters
    ----------
    kappa : float or array_like
        Concentration(s), > 0.

    Returns
    -------
    float or numpy.ndarray
        I(κ) = Var[cos(x − μ)] in units of 1/κ², with A = I₁(κ)/I₀(κ).
        The same for the law on the doubled angle (axial data).

    Notes
    -----
    Computed with exponentially scaled Bessel functions. For large κ the value
    tends to 1/(2κ²) and is the difference of numbers close to 1: the relative
    error grows like κ²·1e-16 (below 1e-6 up to κ ≈ 1e5).

    References
    ----------
    Mardia & Jupp, *Directional Statistics* (2000), §5.3; used for the orientation
    bandwidth in Vacher & Mamassian, arXiv:2310.11759.

    Examples
    --------
    For small κ the law is nearly uniform and I(κ) → Var[cos] = 1/2:

    >>> round(float(von_mises_fisher_information(1e-6)), 6)
    0.5
    """
    func = "von_mises_fisher_information"
    k = _positive_array(kappa, "kappa", func)
    a = _mean_resultant(k)
    out = 1.0 - a / k - a * a
    return float(out) if np.ndim(kappa) == 0 else out


def spectral_envelope_fisher_information(parameter: str, values: Any, *, log_sd: float = 0.5,
                                         mode: float = 1.0, envelope_power: float = 1.0) -> np.ndarray:
    """Fisher information of a Gaussian random field's spectral envelope in one of its parameters.

    The power spectrum of a "MotionCloud" stimulus is read as a density over frequency:
    a log-normal radial profile in |ξ| with mode ``mode`` and log-sd ``log_sd`` (natural log),
    times a von Mises profile on the doubled orientation angle with concentration
    κ = 1/(4σ_θ²). Raising the envelope to ``envelope_power`` (the released stimulus code
    realises the square root, 0.5) multiplies the log-variance by 1/power and κ by power.

    Parameters
    ----------
    parameter : {"sf_mode", "sf_bandwidth", "orientation_bandwidth"}
        Which parameter varies: the spatial-frequency mode z₀ (cycles per unit; ``values``
        are modes, ``log_sd`` fixed), the spatial-frequency bandwidth b (full width at half
        maximum in octaves, mode fixed; ``values`` are bandwidths), or the orientation
        bandwidth σ_θ (radians; ``values`` are bandwidths).
    values : array_like, shape (n,)
        Parameter values, > 0.
    log_sd : float
        Log-sd of the radial profile, used only for ``"sf_mode"``.
    mode : float
        Accepted for documentation of the family; the Fisher information in b and σ_θ does
        not depend on it (a log-scale family). Must be > 0.
    envelope_power : float
        Exponent applied to the envelope before it is read as a density (1: the paper's
        model; 0.5: the spectrum the released stimulus generator realises).

    Returns
    -------
    numpy.ndarray, shape (n,)
        I at each value, in units of 1/parameter².

    Notes
    -----
    Closed forms (envelope power ρ; s = b√(ln 2)/(2√2) is the log-sd of a profile of FWHM b
    octaves, s_ρ = s/√ρ; the mode is fixed, so the log-mean is ln z₀ + s_ρ²):

    * mode: I(z₀) = 1/(s_ρ² z₀²);
    * bandwidth: I(b) = 4 (s_ρ/b)² + 2/b² = (ln 2)/(2ρ) + 2/b²;
    * orientation: κ_ρ = ρ/(4σ²), I(σ) = I_vM(κ_ρ)·(dκ_ρ/dσ)² with dκ_ρ/dσ = −ρ/(2σ³).

    At ρ = 1 the orientation form is (1 − A(4σ² + A))/(4σ⁶), A = I₁(κ)/I₀(κ).

    References
    ----------
    Vacher & Mamassian, "Perceptual Scales Predicted by Fisher Information Metrics",
    arXiv:2310.11759 (2023); code: github.com/JonathanVacher/perceptual_metric.

    Examples
    --------
    >>> round(float(spectral_envelope_fisher_information("sf_bandwidth", [1.0])[0]), 6)  # ln2/2 + 2
    2.346574
    """
    func = "spectral_envelope_fisher_information"
    check_choice(parameter, "parameter", ENVELOPE_PARAMETERS, func)
    v = _vector(values, "values", func, positive=True)
    rho = check_real(envelope_power, "envelope_power", low=0.0, low_open=True, func=func)
    check_real(mode, "mode", low=0.0, low_open=True, func=func)
    if parameter == "sf_mode":
        s = check_real(log_sd, "log_sd", low=0.0, low_open=True, func=func)
        s2 = s * s / rho
        return 1.0 / (s2 * v * v)
    if log_sd != 0.5:
        raise ValueError(f"The 'log_sd' parameter of {func} is used only with parameter='sf_mode'. "
                         f"Got log_sd={log_sd!r} with parameter={parameter!r} instead.")
    if parameter == "sf_bandwidth":
        return np.log(2.0) / (2.0 * rho) + 2.0 / (v * v)
    kappa = rho / (4.0 * v * v)
    dkappa = rho / (2.0 * v ** 3)
    return von_mises_fisher_information(kappa) * dkappa * dkappa


# ---------------------------------------------------------------------------
# Fisher information: the numerical score-variance route
# ---------------------------------------------------------------------------

def score_variance_fisher_information(log_density: Callable[[np.ndarray, float], np.ndarray], theta: Any,
                                      support: Any, *, step: float = 1e-4, relative_step: bool = True,
                                      normalisation_atol: float = 1e-6) -> np.ndarray:
    """Fisher information as the variance of the score, by quadrature on a grid (a numerical twin).

    .. math:: I(\\theta) = \\int p_\\theta(x)\\,(\\partial_\\theta \\log p_\\theta(x))^2\\,dx

    with the score by central differences in θ and the integral by the trapezoid rule.

    Parameters
    ----------
    log_density : callable
        ``log_density(x, theta)`` returns log p_θ(x) (normalised) on the grid ``x``.
    theta : array_like, shape (n,)
        Parameter values.
    support : array_like, shape (m,)
        Strictly increasing grid covering the support (m ≥ 3).
    step : float
        Finite-difference step (relative to |θ| when ``relative_step``).
    relative_step : bool
        Scale the step by max(|θ|, 1e-300).
    normalisation_atol : float
        The density must integrate to 1 within this tolerance on ``support``; otherwise an
        error says so (the grid is too short or too coarse, or the density is not normalised).

    Returns
    -------
    numpy.ndarray, shape (n,)

    Notes
    -----
    The error is O(step²) from the differences plus the quadrature error of the grid,
    which must resolve the density. No renormalisation is done: a density that does not
    integrate to one on the grid raises.

    References
    ----------
    Vacher & Mamassian, arXiv:2310.11759 (2023): the closed forms this route checks.

    Examples
    --------
    N(θ, 1) has I = 1:

    >>> x = np.linspace(-12, 12, 4001)
    >>> f = lambda x, t: -0.5 * (x - t) ** 2 - 0.5 * np.log(2 * np.pi)
    >>> round(float(score_variance_fisher_information(f, [0.5], x)[0]), 6)
    1.0
    """
    func = "score_variance_fisher_information"
    if not callable(log_density):
        raise TypeError(f"The 'log_density' parameter of {func} must be callable. Got {log_density!r} instead.")
    th = _vector(theta, "theta", func)
    x = _vector(support, "support", func, min_len=3, increasing=True)
    h0 = check_real(step, "step", low=0.0, low_open=True, func=func)
    atol = check_real(normalisation_atol, "normalisation_atol", low=0.0, low_open=True, func=func)
    out = np.empty_like(th)
    for i, t in enumerate(th):
        h = h0 * max(abs(t), 1e-300) if relative_step else h0
        lp = np.asarray(log_density(x, t), dtype=np.float64)
        if lp.shape != x.shape or not np.all(np.isfinite(lp)):
            raise ValueError(f"The 'log_density' parameter of {func} must return finite values of shape {x.shape}. "
                             f"Got shape {lp.shape} (or non-finite values) at theta={t!r} instead.")
        p = np.exp(lp)
        mass = float(np.trapezoid(p, x))
        if abs(mass - 1.0) > atol:
            raise ValueError(f"The 'log_density' parameter of {func} must integrate to 1 on 'support' (within "
                             f"{atol:g}). Got {mass!r} at theta={t!r} instead; widen or refine the grid.")
        score = (np.asarray(log_density(x, t + h), dtype=np.float64)
                 - np.asarray(log_density(x, t - h), dtype=np.float64)) / (2.0 * h)
        out[i] = np.trapezoid(p * score * score, x)
    return out


# ---------------------------------------------------------------------------
# Perceptual scales
# ---------------------------------------------------------------------------

def perceptual_scale(values: Any, fisher_information: Any) -> np.ndarray:
    """The perceptual scale ψ(s) = ∫_{s₀}^{s} √I / ∫_{s₀}^{s₁} √I (trapezoid rule), from 0 to 1.

    Parameters
    ----------
    values : array_like, shape (n,)
        Strictly increasing stimulus parameter values s₀ < ... < s₁ (n ≥ 2).
    fisher_information : array_like, shape (n,)
        I(s) ≥ 0 at those values.

    Returns
    -------
    numpy.ndarray, shape (n,)
        The normalised cumulative Fisher–Rao length, ψ(s₀) = 0, ψ(s₁) = 1.

    Notes
    -----
    Assumes the observer's internal noise has constant Fisher information, so the
    discriminability of nearby stimuli is proportional to √I. Trapezoid error O(h²);
    an I that is zero everywhere raises (no scale).

    References
    ----------
    Vacher & Mamassian, arXiv:2310.11759 (2023).

    Examples
    --------
    I ∝ 1/s² gives a logarithmic scale:

    >>> s = np.geomspace(1, 5, 2001)
    >>> round(float(perceptual_scale(s, 1 / s**2)[1000]), 6)   # at √5: log √5 / log 5
    0.5
    """
    func = "perceptual_scale"
    s = _vector(values, "values", func, min_len=2, increasing=True)
    fi = _vector(fisher_information, "fisher_information", func, min_len=2)
    if fi.shape != s.shape:
        raise ValueError(f"The 'fisher_information' parameter of {func} must have one value per stimulus "
                         f"({s.shape[0]}). Got {fi.shape[0]} instead.")
    if np.any(fi < 0):
        raise ValueError(f"The 'fisher_information' parameter of {func} must be >= 0. Got a minimum of {fi.min()!r} instead.")
    r = np.sqrt(fi)
    cum = np.concatenate([[0.0], np.cumsum(0.5 * (r[1:] + r[:-1]) * np.diff(s))])
    if cum[-1] <= 0:
        raise ValueError(f"The 'fisher_information' parameter of {func} is zero over the whole range: no scale.")
    return cum / cum[-1]


def mlds_triads(n_levels: int, *, min_gap: int = 1, max_gap: int = 3) -> np.ndarray:
    """Triads (i, j, k), i < j < k, of stimulus levels whose two gaps j − i and k − j lie in [min_gap, max_gap].

    Parameters
    ----------
    n_levels : int
        Number of stimulus levels (≥ 3).
    min_gap, max_gap : int
        Bounds on both gaps (1 ≤ min_gap ≤ max_gap).

    Returns
    -------
    numpy.ndarray, shape (m, 3), int
        One triad per row, in lexicographic order.

    Notes
    -----
    Paper-faithful settings: 13 levels with gaps in [1, 3] give the 81 triads of the
    experiment of Vacher & Mamassian (arXiv:2310.11759).

    References
    ----------
    L. T. Maloney, J. N. Yang, "Maximum likelihood difference scaling", Journal of
    Vision 3(8), 573-585 (2003); K. Knoblauch, L. T. Maloney, "MLDS: maximum likelihood
    difference scaling in R", Journal of Statistical Software 25(2) (2008).

    Examples
    --------
    >>> mlds_triads(13).shape
    (81, 3)
    """
    func = "mlds_triads"
    n = check_int(n_levels, "n_levels", low=3, func=func)
    lo = check_int(min_gap, "min_gap", low=1, func=func)
    hi = check_int(max_gap, "max_gap", low=lo, func=func)
    rows = [(i, j, k) for i in range(n) for j in range(i + lo, min(i + hi, n - 1) + 1)
            for k in range(j + lo, min(j + hi, n - 1) + 1)]
    if not rows:
        raise ValueError(f"The 'n_levels' parameter of {func} must leave room for two gaps of at least {lo}. "
                         f"Got {n} instead.")
    return np.asarray(rows, dtype=np.int64)


def _comparisons(comparisons: Any, func: str, n_levels: int | None = None) -> np.ndarray:
    """Triads (m, 3) or quadruples (m, 4) as quadruples (i, j, k, l): interval (i, j) against (k, l)."""
    arr = np.asarray(comparisons)
    if arr.ndim != 2 or arr.shape[1] not in (3, 4) or arr.shape[0] == 0:
        raise ValueError(f"The 'comparisons' parameter of {func} must have shape (m, 3) (triads) or (m, 4) "
                         f"(quadruples), m >= 1. Got shape {arr.shape} instead.")
    if arr.dtype.kind not in "iu":
        raise TypeError(f"The 'comparisons' parameter of {func} must hold integer level indices. Got dtype {arr.dtype} instead.")
    q = arr.astype(np.int64)
    if q.shape[1] == 3:
        q = q[:, [0, 1, 1, 2]]
    if np.any(q < 0) or (n_levels is not None and np.any(q >= n_levels)):
        top = "n_levels - 1" if n_levels is None else str(n_levels - 1)
        raise ValueError(f"The 'comparisons' parameter of {func} must hold level indices in [0, {top}]. "
                         f"Got values from {q.min()} to {q.max()} instead.")
    return q


def simulate_difference_judgements(scale: Any, sigma: float, comparisons: Any, n_trials: int, *,
                                   seed: Any = 0) -> np.ndarray:
    """Simulate an observer judging which of two stimulus intervals looks larger (the MLDS observer).

    For the quadruple (i, j, k, l) (a triad (i, j, k) is (i, j, j, k)) the observer answers
    "the first interval is larger" when (ψ_j − ψ_i) − (ψ_l − ψ_k) + σε > 0, ε ~ N(0, 1).

    Parameters
    ----------
    scale : array_like, shape (n_levels,)
        The observer's perceptual scale ψ at each level.
    sigma : float
        Decision noise, > 0, in units of ψ.
    comparisons : array_like of int, shape (m, 3) or (m, 4)
        Triads or quadruples of level indices.
    n_trials : int
        Repetitions of each comparison (≥ 1).
    seed : int or numpy.random.Generator, default 0

    Returns
    -------
    numpy.ndarray, shape (m,), int
        Number of "first interval larger" answers per comparison.

    Notes
    -----
    Each count is Binomial(n_trials, Φ(Δ/σ)) with Δ the difference of the two
    intervals on ψ, the equal-variance Gaussian observer that :func:`fit_mlds`
    assumes; fitting its output is therefore a check of that estimator. Only
    differences of ψ matter, so ψ and ψ + c give the same judgements.

    References
    ----------
    Maloney & Yang, J. Vision 3(8) (2003), MLDS; Vacher & Mamassian, arXiv:2310.11759.

    Examples
    --------
    >>> simulate_difference_judgements([0.0, 0.8, 1.0], 1e-9, [[0, 1, 2]], 4, seed=0).tolist()  # first gap larger
    [4]
    """
    func = "simulate_difference_judgements"
    psi = _vector(scale, "scale", func, min_len=2)
    s = check_real(sigma, "sigma", low=0.0, low_open=True, func=func)
    q = _comparisons(comparisons, func, psi.shape[0])
    n = check_int(n_trials, "n_trials", low=1, func=func)
    rng = check_rng(seed, func=func)
    delta = (psi[q[:, 1]] - psi[q[:, 0]]) - (psi[q[:, 3]] - psi[q[:, 2]])
    noise = rng.standard_normal((q.shape[0], n))
    return np.sum(delta[:, None] + s * noise > 0, axis=1).astype(np.int64)


@dataclass(frozen=True)
class MLDSFit:
    """A maximum-likelihood difference scale.

    Attributes
    ----------
    scale : numpy.ndarray
        ψ at each level, ψ₀ = 0 and ψ_{n−1} = 1.
    sigma : float
        Decision noise in units of the normalised scale.
    raw_scale : numpy.ndarray
        The unnormalised GLM coefficients ψ/σ (ψ₀ = 0).
    log_likelihood : float
        Bernoulli log-likelihood at the optimum (nats).
    n_iterations : int
    """

    scale: np.ndarray
    sigma: float
    raw_scale: np.ndarray
    log_likelihood: float
    n_iterations: int


def _probit_nll(u: np.ndarray, x: np.ndarray, k: np.ndarray, n: np.ndarray) -> tuple[float, np.ndarray]:
    eta = x @ u
    lp, lq = special.log_ndtr(eta), special.log_ndtr(-eta)
    nll = -float(np.sum(k * lp + (n - k) * lq))
    log_phi = -0.5 * eta * eta - 0.5 * np.log(2 * np.pi)
    dl = k * np.exp(log_phi - lp) - (n - k) * np.exp(log_phi - lq)   # d loglik / d eta
    return nll, -(x.T @ dl)


def _separable(x: np.ndarray, k: np.ndarray, n: np.ndarray) -> bool:
    """Whether the likelihood keeps increasing along some direction (no finite maximum).

    Such a direction u keeps the predictor of every mixed comparison fixed (x·u = 0) and
    moves every unanimous one towards its answer, strictly for at least one (an LP).
    """
    sign = np.where(k == n, 1.0, np.where(k == 0, -1.0, 0.0))
    unanimous, mixed = sign != 0, sign == 0
    if not np.any(unanimous):
        return False
    c = -(sign[unanimous, None] * x[unanimous]).sum(axis=0)
    a_ub = -(sign[unanimous, None] * x[unanimous])
    res = optimize.linprog(c, A_ub=a_ub, b_ub=np.zeros(a_ub.shape[0]),
                           A_eq=x[mixed] if np.any(mixed) else None,
                           b_eq=np.zeros(int(mixed.sum())) if np.any(mixed) else None,
                           bounds=[(-1, 1)] * x.shape[1], method="highs")
    return bool(res.status == 0 and -res.fun > 1e-9)


def fit_mlds(comparisons: Any, n_first: Any, n_trials: Any, n_levels: int | None = None, *,
             tol: float = 1e-10, max_iter: int = 10_000) -> MLDSFit:
    """Maximum-likelihood difference scaling: a probit GLM fit of the scale to interval judgements.

    The model is P("first interval larger") = Φ(((ψ_j − ψ_i) − (ψ_l − ψ_k))/σ). With
    u = ψ/σ and u₀ = 0 it is a probit GLM without intercept on the design rows
    (+1 at j, −1 at i, −1 at l, +1 at k); its negative log-likelihood is convex and is
    minimised with L-BFGS and the analytic gradient. The scale is then normalised,
    ψ = u/u_{n−1}, σ = 1/u_{n−1}.

    Parameters
    ----------
    comparisons : array_like of int, shape (m, 3) or (m, 4)
        Triads or quadruples of level indices (every level from 1 to n_levels − 1 must appear).
    n_first : array_like of int, shape (m,)
        "First interval larger" answers per comparison.
    n_trials : int or array_like of int, shape (m,)
        Trials per comparison.
    n_levels : int, optional
        Number of levels (default: the largest index + 1).
    tol : float
        Gradient tolerance of the optimiser.
    max_iter : int

    Returns
    -------
    MLDSFit

    Notes
    -----
    Paper-faithful settings: the reference fits least squares of probit-transformed
    proportions with monotonicity constraints; this is the maximum-likelihood GLM of
    Knoblauch & Maloney (2008), unconstrained, so a non-monotone scale is returned as fitted.
    Raises when the optimiser does not converge (e.g. perfectly separable answers, whose
    MLE is infinite) or when the fitted top level is not above the bottom (σ undefined).

    References
    ----------
    Maloney & Yang, J. Vision 3(8) (2003); Knoblauch & Maloney, J. Stat. Softw. 25(2) (2008);
    Vacher & Mamassian, arXiv:2310.11759 (2023).

    Examples
    --------
    >>> psi = np.linspace(0, 1, 7) ** 0.5
    >>> tri = mlds_triads(7)
    >>> fit = fit_mlds(tri, simulate_difference_judgements(psi, 0.1, tri, 400, seed=0), 400)
    >>> bool(np.max(np.abs(fit.scale - psi)) < 0.05)
    True
    """
    func = "fit_mlds"
    q = _comparisons(comparisons, func)
    m = q.shape[0]
    if n_levels is None:
        nl = int(q.max()) + 1
    else:
        nl = check_int(n_levels, "n_levels", low=2, func=func)
        q = _comparisons(comparisons, func, nl)
    k = np.asarray(n_first)
    if k.shape != (m,) or k.dtype.kind not in "iu":
        raise ValueError(f"The 'n_first' parameter of {func} must be an int array of shape ({m},). "
                         f"Got shape {k.shape} and dtype {k.dtype} instead.")
    nt = np.broadcast_to(np.asarray(n_trials), (m,)) if np.ndim(n_trials) == 0 else np.asarray(n_trials)
    if nt.shape != (m,) or nt.dtype.kind not in "iu" or np.any(nt < 1):
        raise ValueError(f"The 'n_trials' parameter of {func} must be a positive int or an int array of shape ({m},). "
                         f"Got {n_trials!r} instead.")
    if np.any(k < 0) or np.any(k > nt):
        raise ValueError(f"The 'n_first' parameter of {func} must lie in [0, n_trials]. Got values from "
                         f"{k.min()} to {k.max()} instead.")
    gtol = check_real(tol, "tol", low=0.0, low_open=True, func=func)
    iters = check_int(max_iter, "max_iter", low=1, func=func)
    x = np.zeros((m, nl))
    np.add.at(x, (np.arange(m), q[:, 1]), 1.0)
    np.add.at(x, (np.arange(m), q[:, 0]), -1.0)
    np.add.at(x, (np.arange(m), q[:, 3]), -1.0)
    np.add.at(x, (np.arange(m), q[:, 2]), 1.0)
    x = x[:, 1:]
    if np.linalg.matrix_rank(x) < nl - 1:
        raise ValueError(f"The 'comparisons' parameter of {func} does not identify the scale: the design has rank "
                         f"{np.linalg.matrix_rank(x)} < n_levels - 1 = {nl - 1}; add comparisons involving every level.")
    kf, nf = k.astype(np.float64), nt.astype(np.float64)
    if _separable(x, k, nt):
        raise ValueError("fit_mlds cannot fit these answers: they are separable (some scale explains every "
                         "unanimous comparison with certainty), so the maximum-likelihood scale is infinite; "
                         "collect more trials or noisier comparisons.")
    res = optimize.minimize(_probit_nll, np.zeros(nl - 1), args=(x, kf, nf), jac=True, method="L-BFGS-B",
                            options={"maxiter": iters, "gtol": gtol, "ftol": 1e-15, "maxcor": 30})
    grad_norm = float(np.max(np.abs(res.jac)))
    if not np.all(np.isfinite(res.x)) or grad_norm > max(1e3 * gtol, 1e-6) * max(1.0, float(nf.sum())):
        raise ValueError(f"fit_mlds did not converge (max |gradient| {grad_norm:.3g} after {res.nit} iterations): "
                         "the answers may be perfectly separable (zero noise), whose maximum-likelihood scale is infinite.")
    u = np.concatenate([[0.0], res.x])
    if u[-1] <= 0:
        raise ValueError(f"fit_mlds found the top level not above the bottom (ψ/σ = {u[-1]:.3g}): the scale cannot be "
                         "normalised and σ is undefined.")
    return MLDSFit(scale=u / u[-1], sigma=float(1.0 / u[-1]), raw_scale=u, log_likelihood=-float(res.fun),
                   n_iterations=int(res.nit))


def area_matching_score(measured: Any, predicted: Any, stimulus: Any) -> float:
    """Area matching score of a predicted scale against a measured one, relative to the linear scale.

    .. math:: \\mathrm{AMS} = \\frac{\\sum_i \\operatorname{sign}(f_i - x_i)(g_i - x_i)}{\\sum_i |f_i - x_i|}

    with f the measured scale, g the predicted one and x the linear scale (the stimulus
    normalised to [0, 1]).

    Parameters
    ----------
    measured, predicted : array_like, shape (n,)
        Scales normalised to run from 0 to 1 over the levels.
    stimulus : array_like, shape (n,)
        Strictly increasing stimulus values of the levels.

    Returns
    -------
    float
        1 when the prediction deviates from linear exactly as the measurement does, 0 for a
        linear prediction, negative when it deviates the other way. Unitless.

    Notes
    -----
    Undefined (raises) when the measured scale is itself linear.

    References
    ----------
    Vacher & Mamassian, arXiv:2310.11759 (2023), the score of the reference code.

    Examples
    --------
    >>> area_matching_score([0, 0.8, 1], [0, 0.5, 1], [0, 1, 2])   # a linear prediction
    0.0
    """
    func = "area_matching_score"
    s = _vector(stimulus, "stimulus", func, min_len=2, increasing=True)
    f = _vector(measured, "measured", func, min_len=2)
    g = _vector(predicted, "predicted", func, min_len=2)
    if f.shape != s.shape or g.shape != s.shape:
        raise ValueError(f"The 'measured' and 'predicted' parameters of {func} must have one value per stimulus "
                         f"({s.shape[0]}). Got {f.shape[0]} and {g.shape[0]} instead.")
    x = (s - s[0]) / (s[-1] - s[0])
    den = float(np.sum(np.abs(f - x)))
    if den == 0.0:
        raise ValueError(f"The 'measured' parameter of {func} is the linear scale: the score is undefined.")
    return float(np.sum(np.sign(f - x) * (g - x)) / den)


# ---------------------------------------------------------------------------
# Fisher–Rao geometry of zero-mean diagonal Gaussians, and diffusion schedules
# ---------------------------------------------------------------------------

def diagonal_gaussian_fisher_rao_distance(variances_a: Any, variances_b: Any) -> float:
    """Fisher–Rao distance between N(0, diag a) and N(0, diag b): √(½ Σ log²(a_ξ/b_ξ)).

    Parameters
    ----------
    variances_a, variances_b : array_like, same shape
        Positive variances of independent coordinates.

    Returns
    -------
    float
        The geodesic distance of the Fisher metric (the Hessian of the KL divergence in nats).

    Notes
    -----
    Exact: on zero-mean Gaussians the Fisher metric is ½ tr((Σ⁻¹dΣ)²), the affine-invariant
    metric divided by 2, and commuting covariances are joined by Σ_τ = a^{1−τ} b^τ.
    It is not the distance once the means differ.

    References
    ----------
    Skovgaard, Scand. J. Statist. 11 (1984); Das et al., "Image generation with shortest path
    diffusion", arXiv:2306.00501 (2023).

    Examples
    --------
    >>> round(diagonal_gaussian_fisher_rao_distance([np.e**2], [1.0]), 12)   # √(½·4)
    1.414213562373
    """
    func = "diagonal_gaussian_fisher_rao_distance"
    a = _positive_array(variances_a, "variances_a", func)
    b = _positive_array(variances_b, "variances_b", func)
    if a.shape != b.shape:
        raise ValueError(f"The 'variances_a' and 'variances_b' parameters of {func} must have one shape. "
                         f"Got {a.shape} and {b.shape} instead.")
    return float(np.sqrt(0.5 * np.sum(np.log(a / b) ** 2)))


def fisher_rao_path_length(variances: Any, *, per_step: bool = False) -> float | np.ndarray:
    """Fisher–Rao length of a discretised path of zero-mean diagonal Gaussians N(0, diag v_t).

    .. math:: L = \\sum_t \\sqrt{\\tfrac12 \\sum_\\xi (\\log v_{t+1}(\\xi) - \\log v_t(\\xi))^2}

    Parameters
    ----------
    variances : array_like, shape (n_points, ...)
        The variances along the path, the first axis the path parameter (n_points ≥ 2),
        the others the coordinates (frequencies).
    per_step : bool
        Return the length of each step instead of their sum.

    Returns
    -------
    float, or numpy.ndarray of shape (n_points − 1,)

    Notes
    -----
    Each step is the exact Fisher–Rao distance between consecutive points, so the sum is
    the length of the polygon through them: it is at most the length of the continuous
    path, converges to it as the grid is refined, and is exactly the distance between the
    endpoints for points on a geodesic (however spaced). It is invariant to reparametrising
    the path. Never below the endpoints' distance.

    References
    ----------
    Das et al., "Image generation with shortest path diffusion", arXiv:2306.00501 (2023).

    Examples
    --------
    Points on the geodesic v_τ = 4^τ: the length is the distance √(½) log 4:

    >>> round(fisher_rao_path_length(4.0 ** np.linspace(0, 1, 9)[:, None]), 9)
    0.980258143
    """
    func = "fisher_rao_path_length"
    v = _positive_array(variances, "variances", func)
    if v.ndim == 0 or v.shape[0] < 2:
        raise ValueError(f"The 'variances' parameter of {func} must have at least 2 points along its first axis. "
                         f"Got shape {v.shape} instead.")
    if not isinstance(per_step, (bool, np.bool_)):
        raise TypeError(f"The 'per_step' parameter of {func} must be a bool. Got {per_step!r} instead.")
    dl = np.diff(np.log(v.reshape(v.shape[0], -1)), axis=0)
    steps = np.sqrt(0.5 * np.sum(dl * dl, axis=1))
    return steps if per_step else float(np.sum(steps))


def _alpha_bar(alpha_bar: Any, name: str, func: str) -> np.ndarray:
    a = np.asarray(alpha_bar)
    if a.dtype.kind not in "biuf":
        raise TypeError(f"The '{name}' parameter of {func} must hold real numbers. Got dtype {a.dtype} instead.")
    a = a.astype(np.float64, copy=True)
    if a.size == 0 or not np.all(np.isfinite(a)) or np.any(a < 0) or np.any(a > 1):
        raise ValueError(f"The '{name}' parameter of {func} must be non-empty with values in [0, 1]. "
                         f"Got {'an empty array' if a.size == 0 else f'values from {np.nanmin(a)!r} to {np.nanmax(a)!r}'} instead.")
    return a


def diffusion_marginal_variances(alpha_bar: Any, data_variance: Any) -> np.ndarray:
    """Variances of the marginals of x_t = √ᾱ_t x₀ + √(1 − ᾱ_t) ε for x₀ ~ N(0, diag Σ₀): ᾱ_t Σ₀ + 1 − ᾱ_t.

    Parameters
    ----------
    alpha_bar : array_like, shape (T,) or (T, *F)
        ᾱ_t ∈ [0, 1] per step (a scalar schedule broadcasts over the coordinates, a
        per-coordinate schedule such as :func:`shortest_path_schedule` gives one per frequency).
    data_variance : array_like, shape F
        Σ₀ per coordinate (Fourier frequency), > 0.

    Returns
    -------
    numpy.ndarray, shape (T, *F)
        ᾱ_t Σ₀ + 1 − ᾱ_t, between 1 (ᾱ = 0, white noise) and Σ₀ (ᾱ = 1, data).

    Notes
    -----
    Exact for the variance-preserving forward process with Gaussian data of
    diagonal covariance (stationary images in the Fourier basis); for other data
    it gives the second moments only. These are the points that
    :func:`fisher_rao_path_length` measures.

    References
    ----------
    Das et al., arXiv:2306.00501 (2023); Ho, Jain & Abbeel, arXiv:2006.11239 (2020).

    Examples
    --------
    >>> diffusion_marginal_variances([1.0, 0.5, 0.0], [3.0]).ravel().tolist()
    [3.0, 2.0, 1.0]
    """
    func = "diffusion_marginal_variances"
    a = _alpha_bar(alpha_bar, "alpha_bar", func)
    s0 = _positive_array(data_variance, "data_variance", func)
    if a.ndim == 1:
        a = a.reshape((-1,) + (1,) * s0.ndim)
    elif a.shape[1:] != s0.shape:
        raise ValueError(f"The 'alpha_bar' parameter of {func} must have shape (T,) or (T,) + {s0.shape}. "
                         f"Got {a.shape} instead.")
    return a * s0 + (1.0 - a)


def shortest_path_schedule(data_variance: Any, tau: Any) -> np.ndarray:
    """The shortest-path (Fisher–Rao geodesic) schedule ᾱ(ξ, τ) = (Σ₀(ξ)^τ − 1)/(Σ₀(ξ) − 1).

    Along it the marginal variances are Σ_τ = Σ₀^τ: the geodesic from white noise (τ = 0)
    to the data (τ = 1), travelled at constant Fisher–Rao speed when τ is uniform.

    Parameters
    ----------
    data_variance : array_like, shape F
        Σ₀ per coordinate (Fourier frequency), > 0. Where Σ₀ = 1 the limit ᾱ = τ is used
        (the marginal does not move there).
    tau : array_like, shape (T,)
        Values in [0, 1] (1: data, 0: white noise).

    Returns
    -------
    numpy.ndarray, shape (T, *F)
        ᾱ ∈ [0, 1].

    Notes
    -----
    For Σ₀ decreasing with |ξ| (natural images), ᾱ increases with |ξ|: low frequencies
    are noised first, and the data spectrum's power-law exponent shrinks linearly in τ.
    Computed with ``expm1`` for accuracy near Σ₀ = 1 and τ = 0.

    References
    ----------
    Das et al., "Image generation with shortest path diffusion", arXiv:2306.00501 (2023);
    code: github.com/mtkresearch/shortest-path-diffusion.

    Examples
    --------
    >>> shortest_path_schedule([4.0], [1.0, 0.5, 0.0]).ravel().tolist()   # (4^τ − 1)/3
    [1.0, 0.3333333333333333, 0.0]
    """
    func = "shortest_path_schedule"
    s0 = _positive_array(data_variance, "data_variance", func)
    t = _vector(tau, "tau", func)
    if np.any(t < 0) or np.any(t > 1):
        raise ValueError(f"The 'tau' parameter of {func} must lie in [0, 1]. Got values from {t.min()!r} to {t.max()!r} instead.")
    log_s = np.log(s0)
    tt = t.reshape((-1,) + (1,) * s0.ndim)
    flat = log_s == 0
    with np.errstate(invalid="ignore", divide="ignore"):   # the Σ₀ = 1 entries are replaced by their limit
        out = np.expm1(tt * log_s) / np.expm1(log_s)
    return np.where(flat, np.broadcast_to(tt, out.shape), out)


def linear_schedule(n_steps: int, *, beta_start: float = 1e-4, beta_end: float = 0.02,
                    scale_with_steps: bool = True) -> np.ndarray:
    """ᾱ_t of the DDPM linear β schedule, t = 0, ..., T (ᾱ₀ = 1).

    Parameters
    ----------
    n_steps : int
        T ≥ 1.
    beta_start, beta_end : float
        β₁ and β_T for T = 1000 (Ho et al. 2020).
    scale_with_steps : bool
        Multiply both by 1000/T (improved DDPM), so that ᾱ_T hardly depends on T.

    Returns
    -------
    numpy.ndarray, shape (T + 1,)
        ᾱ_t = Π_{s≤t} (1 − β_s), decreasing from 1.

    Notes
    -----
    β_t runs linearly from β₁ to β_T; both must stay in (0, 1) after scaling,
    else ``n_steps`` is refused. Nichol & Dhariwal note that this schedule
    destroys information quickly near the end (ᾱ_t is near 0 for the last part
    of the steps), which :func:`cosine_schedule` avoids.

    References
    ----------
    Ho, Jain & Abbeel, arXiv:2006.11239 (2020); Nichol & Dhariwal, arXiv:2102.09672 (2021).

    Examples
    --------
    >>> float(linear_schedule(1000)[-1]) < 1e-4
    True
    """
    func = "linear_schedule"
    t = check_int(n_steps, "n_steps", low=1, func=func)
    scale = 1000.0 / t if scale_with_steps else 1.0
    b0 = check_real(beta_start, "beta_start", low=0.0, high=1.0, low_open=True, func=func) * scale
    b1 = check_real(beta_end, "beta_end", low=0.0, high=1.0, low_open=True, func=func) * scale
    if b0 >= 1 or b1 >= 1:
        raise ValueError(f"The 'n_steps' parameter of {func} is too small for scale_with_steps: beta reaches "
                         f"{max(b0, b1):g} >= 1. Got {t} instead.")
    betas = np.linspace(b0, b1, t)
    return np.concatenate([[1.0], np.cumprod(1.0 - betas)])


def cosine_schedule(n_steps: int, *, offset: float = 0.008, max_beta: float = 0.999) -> np.ndarray:
    """ᾱ_t of the cosine schedule, f(t) = cos²(π/2 · (t/T + s)/(1 + s)), t = 0, ..., T (ᾱ₀ = 1).

    Parameters
    ----------
    n_steps : int
        T ≥ 1.
    offset : float
        s > 0 (0.008 in the paper), keeps β small near t = 0.
    max_beta : float
        β_t = 1 − ᾱ_t/ᾱ_{t−1} is clipped at this value (0.999 in the paper), so ᾱ_T > 0.

    Returns
    -------
    numpy.ndarray, shape (T + 1,)
        ᾱ_t, decreasing from 1.

    Notes
    -----
    Without the clipping ᾱ_T would be 0 (f(T) = cos²(π/2) = 0) and the last β
    equal to 1; with it the curve follows f(t)/f(0) except at the last steps.
    The clipping is the paper's own rule, part of the schedule's definition.

    References
    ----------
    Nichol & Dhariwal, "Improved denoising diffusion probabilistic models", arXiv:2102.09672 (2021).

    Examples
    --------
    >>> a = cosine_schedule(1000)
    >>> bool(a[0] == 1.0 and 0 < a[-1] < 1e-7)
    True
    """
    func = "cosine_schedule"
    t = check_int(n_steps, "n_steps", low=1, func=func)
    s = check_real(offset, "offset", low=0.0, low_open=True, func=func)
    bmax = check_real(max_beta, "max_beta", low=0.0, high=1.0, low_open=True, high_open=True, func=func)
    f = np.cos((np.arange(t + 1) / t + s) / (1 + s) * np.pi / 2) ** 2
    abar = f / f[0]
    betas = np.minimum(1.0 - abar[1:] / abar[:-1], bmax)
    return np.concatenate([[1.0], np.cumprod(1.0 - betas)])
