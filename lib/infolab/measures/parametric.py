"""Gaussian closed forms and the Gaussian and Gaussian-copula estimators of mutual information.

* Closed forms from covariance matrices, the ground truth of Gaussian tasks:
  :func:`gaussian_entropy`, :func:`gaussian_mutual_information`,
  :func:`gaussian_kl_divergence`.
* Estimators from samples: :func:`canonical_correlations`,
  :func:`gaussian_mutual_information_from_samples` (through canonical
  correlation analysis) and :func:`gaussian_copula_mutual_information`
  (rank-normalise each coordinate, then the Gaussian estimate).

Values are in nats unless ``base`` says otherwise.

References
----------
.. [1] T. M. Cover, J. A. Thomas, *Elements of Information Theory*, 2nd ed.,
   Wiley (2006), §8.4-8.5 (Gaussian entropy and mutual information).
.. [2] I. M. Gel'fand, A. M. Yaglom, "Calculation of the amount of information
   about a random function contained in another such function", Uspekhi Mat.
   Nauk 12 (1957) (mutual information via canonical correlations).
.. [3] R. A. A. Ince, B. L. Giordano, C. Kayser, G. A. Rousselet, J. Gross,
   P. G. Schyns, "A statistical framework for neuroimaging data analysis based
   on mutual information estimated via a Gaussian copula", Human Brain
   Mapping 38, 1541-1573 (2017), doi:10.1002/hbm.23471.
.. [4] P. Czyż, F. Grabowski, J. E. Vogt, N. Beerenwinkel, A. Marx, "Beyond
   normality: learning and evaluating mutual information estimators",
   NeurIPS (2023), arXiv:2306.11078.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from scipy.special import digamma, gammaln, ndtri
from scipy.stats import rankdata

from ..validation import (
    check_array,
    check_int,
    check_paired,
    check_samples,
    check_square_matrix,
    log_base,
)

__all__ = [
    "gaussian_entropy",
    "gaussian_mutual_information",
    "gaussian_kl_divergence",
    "canonical_correlations",
    "gaussian_mutual_information_from_samples",
    "gaussian_copula_mutual_information",
    "normal_scores",
]


def _logdet_pd(a: np.ndarray, name: str, func: str) -> float:
    """log det of a symmetric positive-definite matrix (Cholesky); raises naming ``name`` otherwise."""
    try:
        chol = np.linalg.cholesky(a)
    except np.linalg.LinAlgError:
        w = np.linalg.eigvalsh(a)
        raise ValueError(f"The '{name}' parameter of {func} must be a symmetric positive-definite matrix. "
                         f"Got a matrix with smallest eigenvalue {float(w.min())!r} instead.") from None
    return 2.0 * float(np.sum(np.log(np.diag(chol))))


def _covariance(cov: Any, name: str, func: str) -> np.ndarray:
    return np.asarray(check_square_matrix(np.asarray(cov) if not hasattr(cov, "shape") else cov, name,
                                          func=func, symmetric=True))


def gaussian_entropy(cov: Any, *, base: float | str = "e") -> float:
    """Differential entropy h = ½ log det(2πe Σ) of a Gaussian with covariance Σ, nats by default.

    Parameters
    ----------
    cov : array_like, shape (d, d)
        Symmetric positive-definite covariance (a scalar variance is read as 1×1).
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.

    Returns
    -------
    float
        The differential entropy; negative when det(2πe Σ) < 1.

    Notes
    -----
    Exact for a Gaussian; for any other density with covariance Σ it is an
    upper bound on the differential entropy (the Gaussian maximises entropy
    at fixed covariance). The log-determinant is taken from a Cholesky
    factor, O(d³).

    References
    ----------
    Cover & Thomas (2006), Theorem 8.4.1.

    Examples
    --------
    >>> round(gaussian_entropy([[1.0]]), 6)    # ½ log(2πe)
    1.418939
    """
    func = "gaussian_entropy"
    c = _covariance(np.atleast_2d(np.asarray(cov, dtype=float)) if np.ndim(cov) == 0 else cov, "cov", func)
    d = c.shape[0]
    h = 0.5 * (d * math.log(2 * math.pi * math.e) + _logdet_pd(c, "cov", func))
    return h / log_base(base, func)


def gaussian_mutual_information(cov: Any, dim_x: int, *, base: float | str = "e") -> float:
    """I(X; Y) = ½ [log det Σ_XX + log det Σ_YY − log det Σ] of a jointly Gaussian (X, Y), nats by default.

    Parameters
    ----------
    cov : array_like, shape (d_x + d_y, d_x + d_y)
        Joint covariance, the X block first. Symmetric positive-definite.
    dim_x : int
        Number of X coordinates, 1 <= dim_x <= d - 1.
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.

    Returns
    -------
    float
        I(X; Y) >= 0; for one X and one Y coordinate with correlation ρ it is
        −½ log(1 − ρ²).

    Notes
    -----
    Exact for jointly Gaussian (X, Y); for other distributions with the same
    covariance it is the information carried by the linear (second-order)
    dependence only. Grows without bound as Σ approaches singularity; a
    singular Σ is refused. :func:`gaussian_mutual_information_from_samples`
    estimates it from data.

    References
    ----------
    Cover & Thomas (2006), §8.5; Czyż et al. (2023), arXiv:2306.11078, App. A.

    Examples
    --------
    >>> round(gaussian_mutual_information([[1, 0.6], [0.6, 1]], dim_x=1), 6)   # -½ log(1 - 0.36)
    0.223144
    """
    func = "gaussian_mutual_information"
    c = _covariance(cov, "cov", func)
    d = c.shape[0]
    if d < 2:
        raise ValueError(f"The 'cov' parameter of {func} must be at least 2×2 (X and Y). Got shape {c.shape} instead.")
    dim_x = check_int(dim_x, "dim_x", low=1, high=d - 1, func=func)
    ld = _logdet_pd(c, "cov", func)
    mi = 0.5 * (_logdet_pd(c[:dim_x, :dim_x], "cov", func) + _logdet_pd(c[dim_x:, dim_x:], "cov", func) - ld)
    return max(mi, 0.0) / log_base(base, func)  # max() only removes rounding below 0


def gaussian_kl_divergence(mean0: Any, cov0: Any, mean1: Any, cov1: Any, *, base: float | str = "e") -> float:
    """KL divergence D(N(μ0, Σ0) ‖ N(μ1, Σ1)), nats by default.

    .. math:: D = \\tfrac12\\left[\\operatorname{tr}(Σ_1^{-1}Σ_0) + (μ_1-μ_0)^T Σ_1^{-1}(μ_1-μ_0)
              - d + \\log\\det Σ_1 - \\log\\det Σ_0\\right]

    Parameters
    ----------
    mean0, mean1 : array_like, shape (d,)
        Means.
    cov0, cov1 : array_like, shape (d, d)
        Symmetric positive-definite covariances.
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.

    Returns
    -------
    float
        D(N(μ0, Σ0) ‖ N(μ1, Σ1)) >= 0, zero only for equal distributions.

    Notes
    -----
    Closed form, exact; not symmetric in its two arguments. Uses a
    Cholesky log-determinant and one linear solve with Σ1, O(d³); the result
    grows without bound as Σ1 approaches singularity.

    References
    ----------
    S. Kullback, *Information Theory and Statistics*, Wiley (1959); Cover & Thomas (2006).

    Examples
    --------
    >>> gaussian_kl_divergence([0.0], [[1.0]], [1.0], [[1.0]])
    0.5
    """
    func = "gaussian_kl_divergence"
    c0 = _covariance(cov0, "cov0", func)
    c1 = _covariance(cov1, "cov1", func)
    d = c0.shape[0]
    if c1.shape[0] != d:
        raise ValueError(f"The 'cov1' parameter of {func} must have the shape of 'cov0' {c0.shape}. Got {c1.shape} instead.")
    means = []
    for name, m in (("mean0", mean0), ("mean1", mean1)):
        arr = check_array(m, name, func=func, allow_inf=True).reshape(-1) if np.ndim(m) <= 1 else None
        if arr is None or arr.shape[0] != d:
            raise ValueError(f"The '{name}' parameter of {func} must be a vector of length {d}. Got shape {np.shape(m)} instead.")
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"The '{name}' parameter of {func} must contain only finite values. Got NaN or inf instead.")
        means.append(arr)
    ld0 = _logdet_pd(c0, "cov0", func)
    ld1 = _logdet_pd(c1, "cov1", func)
    diff = means[1] - means[0]
    sol = np.linalg.solve(c1, np.column_stack([c0, diff]))
    kl = 0.5 * (np.trace(sol[:, :d]) + float(diff @ sol[:, d]) - d + ld1 - ld0)
    return max(float(kl), 0.0) / log_base(base, func)  # max() only removes rounding below 0


def _orthonormal_basis(a: np.ndarray, name: str, func: str) -> np.ndarray:
    """Orthonormal basis of the centred columns of ``a``; raises if they are linearly dependent."""
    centred = a - a.mean(axis=0)
    q, r = np.linalg.qr(centred)
    diag = np.abs(np.diag(r))
    scale = np.linalg.norm(centred, axis=0)
    bad = diag <= 1e-10 * np.maximum(scale, 1e-300) if scale.max() > 0 else np.ones_like(diag, dtype=bool)
    if np.any(bad) or np.any(scale == 0):
        const = np.flatnonzero(scale == 0)
        detail = (f"column(s) {const.tolist()} are constant" if const.size
                  else "its columns are linearly dependent")
        raise ValueError(f"The '{name}' parameter of {func} must have linearly independent, non-constant "
                         f"columns (the Gaussian estimate is infinite otherwise). Got data where {detail} instead; "
                         "drop the redundant columns.")
    return q


def canonical_correlations(x: Any, y: Any) -> np.ndarray:
    """Sample canonical correlations ρ_1 >= ρ_2 >= ... of paired samples x and y.

    Computed as the singular values of Q_xᵀ Q_y, where Q_x, Q_y are
    orthonormal bases of the centred columns (QR): stable even when the
    correlations are close to 1.

    Parameters
    ----------
    x, y : array_like, shape (n,) or (n, d_x) and (n, d_y)
        Paired samples, n > d_x + d_y, columns linearly independent.

    Returns
    -------
    numpy.ndarray, shape (min(d_x, d_y),)
        Canonical correlations in [0, 1], largest first.

    Notes
    -----
    For jointly Gaussian data the mutual information is −½ Σ log(1 − ρ_i²)
    (:func:`gaussian_mutual_information_from_samples`). Sample correlations
    are biased upwards, strongly when d_x + d_y is not small against n; the
    QR step costs O(n (d_x + d_y)²).

    References
    ----------
    H. Hotelling, "Relations between two sets of variates", Biometrika 28 (1936).

    Examples
    --------
    >>> import numpy as np
    >>> x = np.arange(10.0); y = 2 * x + np.sin(x)
    >>> bool(canonical_correlations(x, y)[0] > 0.99)
    True
    """
    func = "canonical_correlations"
    return _canonical_correlations(x, y, func)


def _canonical_correlations(x: Any, y: Any, func: str) -> np.ndarray:
    xs = check_samples(np.asarray(x) if not hasattr(x, "shape") else _host(x), "x", func=func, xp=np)
    ys = check_samples(np.asarray(y) if not hasattr(y, "shape") else _host(y), "y", func=func, xp=np)
    check_paired(xs, ys, func=func)
    return _sample_canonical_correlations(xs, ys, func)


def _sample_canonical_correlations(xs: np.ndarray, ys: np.ndarray, func: str) -> np.ndarray:
    """Canonical correlations of validated, paired host arrays (the kernel of :func:`_canonical_correlations`)."""
    n, dx, dy = xs.shape[0], xs.shape[1], ys.shape[1]
    if n <= dx + dy:
        raise ValueError(f"The 'x' and 'y' parameters of {func} need more samples than columns "
                         f"(n > d_x + d_y = {dx + dy}). Got {n} instead.")
    qx = _orthonormal_basis(xs, "x", func)
    qy = _orthonormal_basis(ys, "y", func)
    rho = np.linalg.svd(qx.T @ qy, compute_uv=False)
    return np.clip(rho, 0.0, 1.0)  # clip only removes rounding beyond [0, 1]


def _host(a: Any) -> np.ndarray:
    from ..backend import to_numpy  # noqa: PLC0415
    return to_numpy(a)


def _student_t_mutual_information_excess(dof: float, dx: int, dy: int) -> float:
    """I(X; Y) of a Student-t with ν = ``dof`` minus that of the Gaussian with the same dispersion (nats).

    With g(d) = log Γ((ν + d)/2) − log Γ(ν/2) − (ν + d)/2 [ψ((ν + d)/2) − ψ(ν/2)]
    (the ν-dependent part of the entropy of a d-dimensional t), the excess is
    g(d_x + d_y) − g(d_x) − g(d_y) (Arellano-Valle et al. 2013).
    """
    def g(d: int) -> float:
        a = 0.5 * (dof + d)
        return float(gammaln(a) - gammaln(0.5 * dof) - a * (digamma(a) - digamma(0.5 * dof)))
    return g(dx + dy) - g(dx) - g(dy)


def _wishart_logdet_bias(d: int, dof: int) -> float:
    """E[log det S] − log det Σ for S = W/dof, W ~ Wishart_d(dof, Σ)."""
    i = np.arange(1, d + 1)
    return float(np.sum(digamma((dof - i + 1) / 2.0)) + d * math.log(2.0 / dof))


def _gaussian_mi_from_correlations(rho: np.ndarray, n: int, dx: int, dy: int, bias_correction: bool) -> float:
    mi = -0.5 * float(np.sum(np.log1p(-np.minimum(rho, 1.0) ** 2)))
    if bias_correction:
        dof = n - 1
        mi -= 0.5 * (_wishart_logdet_bias(dx, dof) + _wishart_logdet_bias(dy, dof)
                     - _wishart_logdet_bias(dx + dy, dof))
    return mi


def gaussian_mutual_information_from_samples(x: Any, y: Any, *, base: float | str = "e",
                                             bias_correction: bool = False) -> float:
    """Gaussian (CCA) estimate of I(X; Y) = −½ Σ_i log(1 − ρ_i²) from samples, nats by default.

    The mutual information of a Gaussian with the sample covariance; ρ_i are
    the sample canonical correlations (:func:`canonical_correlations`).

    Parameters
    ----------
    x, y : array_like, shape (n,) or (n, d_x) and (n, d_y)
        Paired samples, n > d_x + d_y, columns linearly independent.
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.
    bias_correction : bool, default False
        Subtract the exact finite-sample bias under Gaussianity: for a
        Wishart sample covariance E[log det S] = log det Σ + Σ_i ψ((n−i)/2) +
        d log(2/(n−1)), so the corrected value is unbiased for Gaussian data
        (and can then be negative). The plain estimate is biased upwards by
        about d_x d_y / (2n) nats.

    Returns
    -------
    float
        The estimate (>= 0 without the correction).

    Notes
    -----
    Consistent for jointly Gaussian data. For other data it measures only the
    linear dependence: it changes under nonlinear maps of the coordinates
    (which leave I(X;Y) unchanged), and non-monotone dependence is invisible
    to it. It needs n > d_x + d_y and diverges as a canonical correlation
    approaches 1.

    References
    ----------
    Gel'fand & Yaglom (1957); Czyż et al. (2023), arXiv:2306.11078 (the "CCA"
    baseline).

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> x = rng.standard_normal(20000)
    >>> y = 0.6 * x + 0.8 * rng.standard_normal(20000)
    >>> abs(gaussian_mutual_information_from_samples(x, y) - 0.2231) < 0.01
    True
    """
    func = "gaussian_mutual_information_from_samples"
    lb = log_base(base, func)
    if not isinstance(bias_correction, (bool, np.bool_)):
        raise TypeError(f"The 'bias_correction' parameter of {func} must be a bool. Got {bias_correction!r} instead.")
    rho = _canonical_correlations(x, y, func)
    xs, ys = np.shape(x), np.shape(y)
    dx = 1 if len(xs) == 1 else xs[1]
    dy = 1 if len(ys) == 1 else ys[1]
    return _gaussian_mi_from_correlations(rho, xs[0], dx, dy, bool(bias_correction)) / lb


def normal_scores(x: Any) -> np.ndarray:
    """Rank-normalise each column: Φ⁻¹(rank / (n + 1)), ties sharing their average rank.

    The empirical copula transform followed by the standard normal quantile
    function. Mutual information is invariant under strictly increasing maps
    of each coordinate, which this transform estimates.

    Parameters
    ----------
    x : array_like, shape (n,) or (n, d)
        Samples (not modified).

    Returns
    -------
    numpy.ndarray, shape (n, d)
        Normal scores.

    Notes
    -----
    Ranks use the 1/(n + 1) scaling so the extreme scores stay finite. The
    scores of one column are exactly standard normal quantiles whatever the
    marginal; only the dependence between columns is carried over, which is
    what :func:`gaussian_copula_mutual_information` uses. Costs O(n log n)
    per column.

    References
    ----------
    C. Genest, K. Ghoudi, L.-P. Rivest, "A semiparametric estimation procedure
    of dependence parameters in multivariate families of distributions",
    Biometrika 82(3), 543-552 (1995); R. A. A. Ince et al., "A statistical
    framework for neuroimaging data analysis based on mutual information
    estimated via a gaussian copula", Human Brain Mapping 38(3) (2017).

    Examples
    --------
    >>> normal_scores([10.0, -3.0, 5.0]).ravel().round(3).tolist()
    [0.674, -0.674, 0.0]
    """
    xs = check_samples(np.asarray(x) if not hasattr(x, "shape") else _host(x), "x", func="normal_scores", xp=np)
    return _normal_scores(xs)


def _normal_scores(xs: np.ndarray) -> np.ndarray:
    """Φ⁻¹(rank / (n + 1)) of each column of a validated (n, d) host array (the kernel of :func:`normal_scores`)."""
    return ndtri(rankdata(xs, axis=0) / (xs.shape[0] + 1))


def gaussian_copula_mutual_information(x: Any, y: Any, *, base: float | str = "e",
                                       bias_correction: bool = False) -> float:
    """Gaussian-copula estimate of I(X; Y): rank-normalise each coordinate, then the Gaussian estimate.

    Parameters
    ----------
    x, y : array_like, shape (n,) or (n, d_x) and (n, d_y)
        Paired samples, n > d_x + d_y; no constant column.
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.
    bias_correction : bool, default False
        As in :func:`gaussian_mutual_information_from_samples`.

    Returns
    -------
    float
        The estimate.

    Notes
    -----
    Invariant under strictly increasing maps of each coordinate, so it is
    exact in the limit for every task made of a Gaussian and coordinate-wise
    monotone transforms (half-cube, asinh, normal CDF, wiggly, ...). It sees
    only the Gaussian part of the copula: for a Student-t or any non-Gaussian
    copula it estimates only the Gaussian part of the dependence (it misses tail
    dependence, which a Student-t has) and non-monotone dependence is
    invisible (y = x² gives ≈ 0).

    References
    ----------
    Ince et al., Human Brain Mapping 38 (2017), doi:10.1002/hbm.23471.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> x = rng.standard_normal(20000)
    >>> y = 0.6 * x + 0.8 * rng.standard_normal(20000)
    >>> abs(gaussian_copula_mutual_information(np.exp(x), y ** 3) - 0.2231) < 0.01
    True
    """
    func = "gaussian_copula_mutual_information"
    lb = log_base(base, func)
    if not isinstance(bias_correction, (bool, np.bool_)):
        raise TypeError(f"The 'bias_correction' parameter of {func} must be a bool. Got {bias_correction!r} instead.")
    xs = check_samples(np.asarray(x) if not hasattr(x, "shape") else _host(x), "x", func=func, xp=np)
    ys = check_samples(np.asarray(y) if not hasattr(y, "shape") else _host(y), "y", func=func, xp=np)
    check_paired(xs, ys, func=func)
    for name, a in (("x", xs), ("y", ys)):
        const = np.flatnonzero(np.all(a == a[0], axis=0))
        if const.size:
            raise ValueError(f"The '{name}' parameter of {func} must have no constant column. "
                             f"Got constant column(s) {const.tolist()} instead; drop them (a constant carries no information).")
    rho = _sample_canonical_correlations(_normal_scores(xs), _normal_scores(ys), func)
    return _gaussian_mi_from_correlations(rho, xs.shape[0], xs.shape[1], ys.shape[1], bool(bias_correction)) / lb
