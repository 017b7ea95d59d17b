"""Information bottleneck quantities: stochastic-encoder mutual information, the IB generalisation bound,
and the exact Gaussian information bottleneck.

* :func:`gaussian_encoder_mutual_information` and
  :func:`gaussian_encoder_conditional_mutual_information`: the Monte-Carlo
  mixture estimator of I(X; Z) (and I(X; Z | Y)) for a Gaussian encoder
  Z | X = x ~ N(mu(x), diag sigma(x)^2), from the encoder means of M inputs
  drawn from p(x) (Kawaguchi et al. 2023, the estimator of their code). It is the
  InfoNCE bound with the optimal critic: never above log M, biased low in
  expectation; the ``bound="jensen"`` variant is biased high.
* :func:`information_bottleneck_generalization_bound`: the leading term of the
  IB generalisation bound of Kawaguchi et al. (2023), sqrt([I(X;Z|Y) + I(phi;S)
  + G] / n) (information in nats), with its distribution-dependent constants
  left as arguments.
* :func:`gaussian_ib_spectrum`, :func:`gaussian_ib_projection`,
  :func:`gaussian_ib_curve`, :func:`gaussian_ib_relevance`: the exact
  information bottleneck of a jointly Gaussian (X, Y) (Chechik et al. 2005):
  eigenvalues lambda_i of Sigma_{x|y} Sigma_x^{-1}, critical beta_i = 1 / (1 -
  lambda_i), the optimal linear encoder T = A X + xi and the IB curve in closed form.

The discrete (Blahut-Arimoto) information bottleneck of a joint table,
:func:`infolab.measures.information_bottleneck_curve`, lives with the other
alternating minimisations in ``infolab.measures.rate_distortion``.
Values are in nats unless ``base`` says otherwise.

References
----------
.. [1] K. Kawaguchi, Z. Deng, X. Ji, J. Huang, "How does information bottleneck
   help deep learning?", ICML (2023), arXiv:2305.18887.
.. [2] G. Chechik, A. Globerson, N. Tishby, Y. Weiss, "Information bottleneck for
   Gaussian variables", JMLR 6, 165-188 (2005).
.. [3] B. Poole, S. Ozair, A. van den Oord, A. Alemi, G. Tucker, "On variational
   bounds of mutual information", ICML (2019), arXiv:1905.06922.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.linalg
from scipy.special import logsumexp

from ..validation import (
    check_choice,
    check_int,
    check_labels,
    check_real,
    check_rng,
    check_samples,
    check_square_matrix,
    log_base,
)

__all__ = [
    "gaussian_encoder_mutual_information",
    "gaussian_encoder_conditional_mutual_information",
    "information_bottleneck_generalization_bound",
    "GaussianIBSpectrum",
    "GaussianIBCurve",
    "gaussian_ib_spectrum",
    "gaussian_ib_projection",
    "gaussian_ib_curve",
    "gaussian_ib_relevance",
]

_BOUNDS = ("mixture", "jensen")
_UNINFORMATIVE = 1e-12   # eigenvalues this close to 1 are 1 up to rounding (rho² < 1e-12)
_CHUNK_ELEMENTS = 1 << 22   # differences held at once (32 MiB of float64)


# ---------------------------------------------------------------------------
# Stochastic-encoder mutual information
# ---------------------------------------------------------------------------

def _encoder_inputs(means: Any, sigma: Any, noise: Any, func: str, min_samples: int = 2):
    mu = check_samples(means, "means", min_samples=min_samples, func=func)
    m, d = mu.shape
    if isinstance(sigma, (int, float, np.integer, np.floating)) and not isinstance(sigma, bool):
        s = check_real(sigma, "sigma", low=0.0, low_open=True, func=func)
        std = np.full((m, d), s)
    else:
        std = check_samples(sigma, "sigma", func=func)
        if std.shape != (m, d):
            raise ValueError(f"The 'sigma' parameter of {func} must be a positive number or an array of the shape "
                             f"of 'means' {(m, d)}. Got shape {std.shape} instead.")
        if np.any(std <= 0):
            raise ValueError(f"The 'sigma' parameter of {func} must be > 0 everywhere. "
                             f"Got a minimum of {float(std.min())!r} instead.")
    eps = None
    if noise is not None:
        eps = check_samples(noise, "noise", func=func)
        if eps.shape != (m, d):
            raise ValueError(f"The 'noise' parameter of {func} must have the shape of 'means' {(m, d)}. "
                             f"Got shape {eps.shape} instead.")
    return mu, std, eps


def _mixture_terms(mu: np.ndarray, std: np.ndarray, eps: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-sample log p(z_i|x_i), log-sum-exp_j log p(z_i|x_j) and mean_j log p(z_i|x_j), z_i = mu_i + std_i eps_i."""
    z = mu + std * eps
    inv_var = 1.0 / std ** 2
    log_norm = -0.5 * np.sum(np.log(2.0 * math.pi * std ** 2), axis=1)            # (M,)
    own = log_norm - 0.5 * np.sum(eps ** 2, axis=1)
    m, d = mu.shape
    chunk = max(1, _CHUNK_ELEMENTS // (m * d))
    lse = np.empty(m)
    avg = np.empty(m)
    for start in range(0, m, chunk):
        sl = slice(start, start + chunk)
        # direct differences (not an expanded quadratic): no cancellation when codes are far apart
        quad = np.einsum("ijk,jk->ij", (z[sl, None, :] - mu[None, :, :]) ** 2, inv_var)
        logp = log_norm[None, :] - 0.5 * quad
        lse[sl] = logsumexp(logp, axis=1)
        avg[sl] = logp.mean(axis=1)
    return own, lse, avg


def _encoder_mi(mu: np.ndarray, std: np.ndarray, eps: np.ndarray, bound: str) -> float:
    own, lse, avg = _mixture_terms(mu, std, eps)
    if bound == "mixture":
        return float(np.mean(own - lse) + math.log(mu.shape[0]))
    return float(np.mean(own - avg))


def gaussian_encoder_mutual_information(means: Any, sigma: Any, *, bound: str = "mixture", seed: Any = 0,
                                        noise: Any = None, base: float | str = "e") -> float:
    """Monte-Carlo mixture estimate of I(X; Z) for a Gaussian encoder, nats by default.

    For M inputs x_1..x_M drawn from p(x), with encoder means mu_j = mu(x_j)
    and standard deviations sigma_j, one code z_i ~ N(mu_i, diag sigma_i^2) is
    drawn per input and

    .. math:: \\hat I = \\frac1M \\sum_i \\Big[\\log p(z_i|x_i) - \\log \\frac1M \\sum_j p(z_i|x_j)\\Big]

    (``bound="mixture"``), or with the inner log-mean replaced by the mean of
    the logs, :math:`\\frac1M\\sum_j \\log p(z_i|x_j)` (``bound="jensen"``).

    Parameters
    ----------
    means : array_like, shape (M, d_z)
        Encoder means of M inputs drawn independently from p(x); M >= 2.
    sigma : float or array_like, shape (M, d_z)
        Encoder standard deviation: one number for an isotropic encoder, or one
        per input and coordinate (a diagonal encoder). Must be > 0.
    bound : {"mixture", "jensen"}, default "mixture"
        ``"mixture"``: the estimator of Kawaguchi et al. (2023), a lower bound
        in expectation (InfoNCE with the optimal critic), never above log M.
        ``"jensen"``: the upper-bound variant of their code (``jensen=True``).
    seed : int or numpy.random.Generator, default 0
        Draws the codes (ignored when ``noise`` is given).
    noise : array_like, shape (M, d_z), optional
        The standard normal draws eps_i (z_i = mu_i + sigma_i eps_i) to use
        instead of drawing them: makes the estimate a deterministic function.
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.

    Returns
    -------
    float
        The estimate (``"mixture"``: in [0, log M]).

    Notes
    -----
    The mixture estimate is the InfoNCE bound with the true conditional density
    as critic: its expectation is at most I(X; Z) and it can never exceed
    log M, so it saturates when I(X; Z) approaches log M (take M well above
    e^I). The Jensen variant is an upper bound in expectation and is loose by
    roughly the mean pairwise KL divergence between encoder distributions;
    it grows without limit as sigma shrinks. Per sample the Jensen value is
    always at least the mixture value. Cost O(M^2 d_z) time, 32 MiB of working memory.
    Paper-faithful settings: the code of Kawaguchi et al. evaluates it on a fresh
    sample ten times the training size, one draw per input.

    References
    ----------
    Kawaguchi, Deng, Ji, Huang (2023), arXiv:2305.18887; Poole et al. (2019),
    arXiv:1905.06922 (the InfoNCE sandwich).

    Examples
    --------
    A linear encoder Z = X + sigma * eps with X ~ N(0, 1) has I = ½ log(1 + 1/sigma²):

    >>> import numpy as np
    >>> x = np.random.default_rng(0).standard_normal((4000, 1))
    >>> est = gaussian_encoder_mutual_information(x, 0.5, seed=1)
    >>> bool(abs(est - 0.5 * np.log(1 + 1 / 0.25)) < 0.05)
    True
    """
    func = "gaussian_encoder_mutual_information"
    check_choice(bound, "bound", _BOUNDS, func)
    mu, std, eps = _encoder_inputs(means, sigma, noise, func)
    conv = log_base(base, func)
    if eps is None:
        eps = check_rng(seed, func=func).standard_normal(mu.shape)
    return _encoder_mi(mu, std, eps, bound) / conv


def gaussian_encoder_conditional_mutual_information(means: Any, labels: Any, sigma: Any, *, bound: str = "mixture",
                                                    seed: Any = 0, noise: Any = None,
                                                    base: float | str = "e") -> float:
    """Monte-Carlo mixture estimate of I(X; Z | Y) for a Gaussian encoder, nats by default.

    The estimator of :func:`gaussian_encoder_mutual_information` applied within
    each class y (the inputs with that label as the sample of p(x | y)), and
    averaged with the class frequencies: :math:`\\hat I(X;Z|Y) = \\sum_y
    \\hat p(y)\\, \\hat I(X;Z|Y=y)`. This is the "unnecessary information" of
    Kawaguchi et al. (2023): what the representation keeps about the input
    beyond its label.

    Parameters
    ----------
    means : array_like, shape (M, d_z)
        Encoder means of M inputs drawn from p(x, y).
    labels : array_like, shape (M,)
        The label of each input; every class needs at least 2 inputs.
    sigma : float or array_like, shape (M, d_z)
        Encoder standard deviation(s), > 0.
    bound : {"mixture", "jensen"}, default "mixture"
        As in :func:`gaussian_encoder_mutual_information`.
    seed : int or numpy.random.Generator, default 0
        Draws the codes (ignored when ``noise`` is given).
    noise : array_like, shape (M, d_z), optional
        The standard normal draws, row i for input i.
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.

    Returns
    -------
    float
        The estimate; with ``"mixture"`` at most sum_y p(y) log M_y.

    Notes
    -----
    Each class's estimate saturates at the log of its own size M_y, so the
    conditional estimate saturates sooner than the unconditional one: use
    M_y well above e^{I(X;Z|Y=y)}. For an encoder that sees only x (Y - X - Z
    a Markov chain), I(X; Z | Y) <= I(X; Z) exactly; the estimates obey it
    up to their Monte-Carlo error.

    References
    ----------
    Kawaguchi, Deng, Ji, Huang (2023), arXiv:2305.18887 (``est_MI_cond`` in their code).

    Examples
    --------
    If the label is independent of the input, I(X; Z | Y) = I(X; Z):

    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> x, y = rng.standard_normal((4000, 1)), rng.integers(0, 2, 4000)
    >>> est = gaussian_encoder_conditional_mutual_information(x, y, 1.0, seed=1)
    >>> bool(abs(est - 0.5 * np.log(2.0)) < 0.05)
    True
    """
    func = "gaussian_encoder_conditional_mutual_information"
    check_choice(bound, "bound", _BOUNDS, func)
    mu, std, eps = _encoder_inputs(means, sigma, noise, func)
    codes = check_labels(labels, "labels", func=func)
    if codes.shape[0] != mu.shape[0]:
        raise ValueError(f"The 'labels' parameter of {func} must have one label per row of 'means' "
                         f"({mu.shape[0]}). Got {codes.shape[0]} instead.")
    counts = np.bincount(codes)
    if counts.min() < 2:
        raise ValueError(f"The 'labels' parameter of {func} must give every class at least 2 inputs (the "
                         f"estimate within a class compares its inputs). Got a class with {int(counts.min())}.")
    conv = log_base(base, func)
    if eps is None:
        eps = check_rng(seed, func=func).standard_normal(mu.shape)
    total = 0.0
    for c, count in enumerate(counts):
        rows = codes == c
        total += count / mu.shape[0] * _encoder_mi(mu[rows], std[rows], eps[rows], bound)
    return float(total / conv)


# ---------------------------------------------------------------------------
# The IB generalisation bound
# ---------------------------------------------------------------------------

def information_bottleneck_generalization_bound(conditional_information: Any, n_samples: Any, *,
                                                model_information: Any = 0.0, complexity: Any = 0.0,
                                                scale: Any = 1.0, base: float | str = "e") -> float:
    """Leading term of the IB generalisation bound: scale * sqrt((I(X;Z|Y) + I(phi;S) + G) / n).

    Kawaguchi et al. (2023) bound the generalisation gap of a model whose layer-l
    representation Z is computed by an encoder with parameters phi learned from
    the training set S of n samples, with high probability, by a term of the form

    .. math:: \\Delta \\lesssim c\\,\\sqrt{\\frac{[I(X;Z|Y) + I(\\phi;S)]\\ln 2 + G}{n}} + \\frac{G'}{\\sqrt n}

    with the informations in bits (so the product with ln 2 is the information
    in nats). This function returns the first term, with the
    distribution-dependent constants c (``scale``) and G (``complexity``, in
    nats) as arguments.

    Parameters
    ----------
    conditional_information : float
        I(X; Z | Y), the unnecessary information of the representation (>= 0), in ``base``.
    n_samples : int
        Training-set size n >= 1.
    model_information : float, default 0.0
        I(phi; S), the information the encoder parameters hold about the
        training set (>= 0), in ``base``; 0 for an encoder fixed before seeing the data.
    complexity : float, default 0.0
        The additive constant G (>= 0), in nats (it holds the confidence term and
        the typical-set size of the theorem).
    scale : float, default 1.0
        The leading factor c (> 0), e.g. the range of a bounded loss.
    base : float or "e", default "e"
        Unit of ``conditional_information`` and ``model_information``; nats by default.

    Returns
    -------
    float
        The bound term, in units of the loss.

    Notes
    -----
    The theorem's constants depend on the data distribution and are not
    computable from a sample, so the returned value is an order-of-magnitude
    term, not a certified bound; what the theorem fixes is the shape: linear in
    the information under the square root (earlier IB bounds grew like
    2^{I(X;Z)}), decaying like 1/sqrt(n). The constants of the published theorem
    were not checked here against its proof.

    References
    ----------
    Kawaguchi, Deng, Ji, Huang (2023), arXiv:2305.18887, Theorem 1 (paraphrased).

    Examples
    --------
    >>> information_bottleneck_generalization_bound(2.0, 100, complexity=2.0)
    0.2
    """
    func = "information_bottleneck_generalization_bound"
    conv = log_base(base, func)
    i_cond = check_real(conditional_information, "conditional_information", low=0.0, func=func)
    n = check_int(n_samples, "n_samples", low=1, func=func)
    i_model = check_real(model_information, "model_information", low=0.0, func=func)
    g = check_real(complexity, "complexity", low=0.0, func=func)
    c = check_real(scale, "scale", low=0.0, low_open=True, func=func)
    return c * math.sqrt(((i_cond + i_model) * conv + g) / n)


# ---------------------------------------------------------------------------
# The exact Gaussian information bottleneck
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class GaussianIBSpectrum:
    """The spectrum of the Gaussian information bottleneck of (X, Y).

    Attributes
    ----------
    eigenvalues : ndarray, shape (d_x,)
        lambda_1 <= ... <= lambda_{d_x} of Sigma_{x|y} Sigma_x^{-1}, each in (0, 1].
    eigenvectors : ndarray, shape (d_x, d_x)
        Row i is the left eigenvector v_i (v_i^T Sigma_{x|y} Sigma_x^{-1} = lambda_i v_i^T),
        normalised to v_i^T Sigma_x v_i = 1.
    critical_betas : ndarray, shape (d_x,)
        beta_i = 1 / (1 - lambda_i) (inf where lambda_i = 1): the trade-off above
        which direction i enters the optimal encoder.
    """

    eigenvalues: np.ndarray
    eigenvectors: np.ndarray
    critical_betas: np.ndarray


@dataclass(frozen=True)
class GaussianIBCurve:
    """Closed-form IB curve: for each beta, I(T;X), I(T;Y) and the number of active directions."""

    betas: np.ndarray
    information_x: np.ndarray
    information_y: np.ndarray
    n_active: np.ndarray


def _gib_spectrum(c: np.ndarray, dim_x: int, func: str) -> GaussianIBSpectrum:
    sx, sxy, sy = c[:dim_x, :dim_x], c[:dim_x, dim_x:], c[dim_x:, dim_x:]
    try:
        np.linalg.cholesky(c)
    except np.linalg.LinAlgError:
        w = np.linalg.eigvalsh(c)
        raise ValueError(f"The 'cov' parameter of {func} must be a symmetric positive-definite matrix (a "
                         f"singular joint covariance makes Y determine part of X and the IB degenerate). "
                         f"Got a matrix with smallest eigenvalue {float(w.min())!r} instead.") from None
    s_cond = sx - sxy @ np.linalg.solve(sy, sxy.T)
    s_cond = 0.5 * (s_cond + s_cond.T)
    # Sigma_{x|y} v = lambda Sigma_x v: the left eigenvectors of Sigma_{x|y} Sigma_x^{-1},
    # Sigma_x-orthonormal (v^T Sigma_x v = 1)
    lam, vecs = scipy.linalg.eigh(s_cond, sx)
    # Only rounding is removed here: exact values lie in (0, 1] for a positive-definite cov, and a direction
    # within _UNINFORMATIVE of 1 carries less than 1e-12 nat about Y (its exact value is 1 when d_y < d_x).
    lam = np.clip(lam, 0.0, 1.0)
    lam[lam > 1.0 - _UNINFORMATIVE] = 1.0
    with np.errstate(divide="ignore"):
        betas = np.where(lam < 1.0, 1.0 / (1.0 - lam), np.inf)
    return GaussianIBSpectrum(eigenvalues=lam, eigenvectors=vecs.T.copy(), critical_betas=betas)


def _gib_cov(cov: Any, dim_x: Any, func: str) -> tuple[np.ndarray, int]:
    c = check_square_matrix(cov, "cov", func=func, symmetric=True)
    if c.shape[0] < 2:
        raise ValueError(f"The 'cov' parameter of {func} must be at least 2×2 (X and Y). Got shape {c.shape} instead.")
    d = check_int(dim_x, "dim_x", low=1, high=c.shape[0] - 1, func=func)
    return c, d


def gaussian_ib_spectrum(cov: Any, dim_x: int) -> GaussianIBSpectrum:
    """Eigenvalues, left eigenvectors and critical trade-offs of the Gaussian information bottleneck.

    For a jointly Gaussian (X, Y), the optimal IB encoder of X about Y is
    linear, T = A X + xi with xi ~ N(0, I) (Chechik et al. 2005), and its
    structure is set by the eigen-decomposition of Sigma_{x|y} Sigma_x^{-1},
    Sigma_{x|y} = Sigma_x - Sigma_xy Sigma_y^{-1} Sigma_yx.

    Parameters
    ----------
    cov : array_like, shape (d_x + d_y, d_x + d_y)
        Joint covariance, the X block first; symmetric positive-definite.
    dim_x : int
        Number of X coordinates, 1 <= dim_x <= d - 1.

    Returns
    -------
    GaussianIBSpectrum
        Eigenvalues in ascending order (the most informative direction first),
        eigenvectors as rows with v^T Sigma_x v = 1, and critical betas 1/(1 - lambda).

    Notes
    -----
    lambda_i = 1 - rho_i^2 with rho_i the canonical correlations of X and Y, so
    I(X; Y) = -½ sum_i log lambda_i. A direction with lambda_i = 1 carries no
    information about Y and never enters the encoder (critical beta = inf);
    eigenvalues within 1e-12 of 1 are returned as 1 (they are 1 up to rounding,
    e.g. the d_x - d_y directions orthogonal to Y when d_y < d_x).

    References
    ----------
    Chechik, Globerson, Tishby, Weiss (2005), JMLR 6, 165-188, Theorem 3.1.

    Examples
    --------
    One pair with correlation 0.6: lambda = 1 - 0.36, beta_c = 1/0.36:

    >>> s = gaussian_ib_spectrum([[1, 0.6], [0.6, 1]], dim_x=1)
    >>> round(float(s.eigenvalues[0]), 12), round(float(s.critical_betas[0]), 9)
    (0.64, 2.777777778)
    """
    func = "gaussian_ib_spectrum"
    c, d = _gib_cov(cov, dim_x, func)
    return _gib_spectrum(c, d, func)


def _alphas(lam: np.ndarray, beta: float) -> np.ndarray:
    active = beta * (1.0 - lam) > 1.0
    alpha = np.zeros_like(lam)
    alpha[active] = np.sqrt((beta * (1.0 - lam[active]) - 1.0) / lam[active])
    return alpha


def gaussian_ib_projection(cov: Any, dim_x: int, beta: Any) -> np.ndarray:
    """The optimal Gaussian-IB encoder matrix A at trade-off beta (T = A X + xi, xi ~ N(0, I)).

    Row i is alpha_i v_i^T with alpha_i = sqrt((beta (1 - lambda_i) - 1) / (lambda_i v_i^T Sigma_x v_i))
    when beta > 1 / (1 - lambda_i), and zero otherwise (that coordinate of T is pure noise).

    Parameters
    ----------
    cov : array_like, shape (d_x + d_y, d_x + d_y)
        Joint covariance, the X block first; symmetric positive-definite.
    dim_x : int
        Number of X coordinates.
    beta : float
        The trade-off beta >= 0 of the IB Lagrangian I(T; X) - beta I(T; Y).

    Returns
    -------
    ndarray, shape (d_x, d_x)
        A, one row per eigen-direction, in the order of :func:`gaussian_ib_spectrum`.

    Notes
    -----
    The optimum is unique only up to an orthogonal transform of T; this is the
    canonical form of Chechik et al. (2005, Theorem 3.1). Below the first
    critical beta, A = 0 (T independent of X).

    References
    ----------
    Chechik, Globerson, Tishby, Weiss (2005), JMLR 6, 165-188.

    Examples
    --------
    >>> a = gaussian_ib_projection([[1, 0.6], [0.6, 1]], dim_x=1, beta=5.0)
    >>> round(float(a[0, 0]) ** 2, 6)   # (5 * 0.36 - 1) / 0.64
    1.25
    """
    func = "gaussian_ib_projection"
    c, d = _gib_cov(cov, dim_x, func)
    b = check_real(beta, "beta", low=0.0, func=func)
    spec = _gib_spectrum(c, d, func)
    return _alphas(spec.eigenvalues, b)[:, None] * spec.eigenvectors


def _curve_point(lam: np.ndarray, beta: float) -> tuple[float, float, int]:
    active = beta * (1.0 - lam) > 1.0
    la = lam[active]
    ix = 0.5 * float(np.sum(np.log((beta - 1.0) * (1.0 - la) / la)))
    iy = ix - 0.5 * float(np.sum(np.log(beta * (1.0 - la))))
    return ix, iy, int(active.sum())


def gaussian_ib_curve(cov: Any, dim_x: int, betas: Any, *, base: float | str = "e") -> GaussianIBCurve:
    """The Gaussian information-bottleneck curve in closed form, nats by default.

    .. math:: I(T;X) = \\tfrac12 \\sum_{i:\\,\\beta > \\beta_i} \\log\\frac{(\\beta-1)(1-\\lambda_i)}{\\lambda_i},
              \\qquad I(T;Y) = I(T;X) - \\tfrac12 \\sum_{i:\\,\\beta>\\beta_i} \\log\\big(\\beta(1-\\lambda_i)\\big)

    Parameters
    ----------
    cov : array_like, shape (d_x + d_y, d_x + d_y)
        Joint covariance, the X block first; symmetric positive-definite.
    dim_x : int
        Number of X coordinates.
    betas : array_like, shape (k,)
        Trade-offs beta >= 0.
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.

    Returns
    -------
    GaussianIBCurve
        For each beta: I(T; X), I(T; Y) of the optimal encoder and its number of active directions.

    Notes
    -----
    As beta -> inf, I(T; Y) -> I(X; Y) = -½ sum log lambda_i while I(T; X)
    grows without bound. The curve I(T;Y) against I(T;X) is concave and
    increasing; its slope at beta is 1/beta.

    References
    ----------
    Chechik, Globerson, Tishby, Weiss (2005), JMLR 6, 165-188, Eq. (13)-(14).

    Examples
    --------
    >>> cv = gaussian_ib_curve([[1, 0.6], [0.6, 1]], dim_x=1, betas=[1.0, 1e12])
    >>> cv.n_active.tolist(), round(float(cv.information_y[1]), 6)   # -½ log(0.64)
    ([0, 1], 0.223144)
    """
    func = "gaussian_ib_curve"
    c, d = _gib_cov(cov, dim_x, func)
    b = check_samples(betas, "betas", func=func).ravel()
    if np.any(b < 0):
        raise ValueError(f"The 'betas' parameter of {func} must hold values >= 0. Got a minimum of {float(b.min())!r} instead.")
    conv = log_base(base, func)
    lam = _gib_spectrum(c, d, func).eigenvalues
    pts = [_curve_point(lam, float(beta)) for beta in b]
    return GaussianIBCurve(betas=b.copy(), information_x=np.array([p[0] for p in pts]) / conv,
                           information_y=np.array([p[1] for p in pts]) / conv,
                           n_active=np.array([p[2] for p in pts], dtype=np.int64))


def gaussian_ib_relevance(cov: Any, dim_x: int, rate: Any, *, base: float | str = "e") -> float:
    """The Gaussian IB curve as a function of rate: max I(T; Y) over encoders with I(T; X) <= rate.

    Parameters
    ----------
    cov : array_like, shape (d_x + d_y, d_x + d_y)
        Joint covariance, the X block first; symmetric positive-definite.
    dim_x : int
        Number of X coordinates.
    rate : float
        The compression budget I(T; X) >= 0, in ``base``.
    base : float or "e", default "e"
        Unit of ``rate`` and of the result: "e" gives nats, 2 gives bits.

    Returns
    -------
    float
        The largest I(T; Y) any encoder of X with I(T; X) <= rate reaches (for
        jointly Gaussian (X, Y) the optimum over all encoders is the Gaussian one).

    Notes
    -----
    Found by bisection on beta of the closed form of :func:`gaussian_ib_curve`
    (I(T;X) increases continuously with beta), to about 1e-12 relative in beta.
    Any encoder T of X (Y - X - T) lies on or below this curve.

    References
    ----------
    Chechik, Globerson, Tishby, Weiss (2005), JMLR 6, 165-188.

    Examples
    --------
    >>> round(gaussian_ib_relevance([[1, 0.6], [0.6, 1]], dim_x=1, rate=50.0), 6)
    0.223144
    """
    func = "gaussian_ib_relevance"
    c, d = _gib_cov(cov, dim_x, func)
    conv = log_base(base, func)
    r = check_real(rate, "rate", low=0.0, func=func) * conv
    lam = _gib_spectrum(c, d, func).eigenvalues
    lam_min = float(lam.min())
    if lam_min >= 1.0 or r == 0.0:
        return 0.0
    lo = 1.0 / (1.0 - lam_min)
    hi = 2.0 * lo
    while _curve_point(lam, hi)[0] < r:
        hi *= 2.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if _curve_point(lam, mid)[0] < r:
            lo = mid
        else:
            hi = mid
        if hi - lo <= 1e-13 * hi:
            break
    return _curve_point(lam, hi)[1] / conv
