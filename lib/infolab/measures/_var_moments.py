"""Exact second moments of a stable Gaussian vector autoregression (VAR).

Pure linear algebra shared by the measures that read a VAR's law in closed form
(:func:`infolab.measures.var_transfer_entropy`) and by the samplers of
:mod:`infolab.data.processes`, which re-export :func:`var_autocovariances`.

References
----------
.. [1] H. Lütkepohl, *New Introduction to Multiple Time Series Analysis*,
   Springer (2005), §2.1: stationary moments of a VAR(p) via its companion form.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.linalg import solve_discrete_lyapunov

from ..validation import check_int


def _real_matrix(a: Any, name: str, func: str) -> np.ndarray:
    """A float64 copy of an array of real numbers (bool, int or float); anything else raises, naming ``name``."""
    try:
        arr = np.asarray(a)
    except (TypeError, ValueError):
        raise ValueError(f"The '{name}' parameter of {func} must be an array of real numbers. "
                         f"Got {type(a).__name__} instead.") from None
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"The '{name}' parameter of {func} must hold real numbers. Got dtype {arr.dtype} instead.")
    return np.array(arr, dtype=np.float64, copy=True)


def _var_coefs(coefs: Any, func: str) -> np.ndarray:
    arr = _real_matrix(coefs, "coefs", func)
    if arr.ndim == 2:
        arr = arr[None]
    if arr.ndim != 3 or arr.shape[1] != arr.shape[2] or arr.shape[1] == 0 or arr.shape[0] == 0:
        raise ValueError(f"The 'coefs' parameter of {func} must have shape (p, k, k) (or (k, k) for p = 1). Got shape {np.shape(coefs)} instead.")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"The 'coefs' parameter of {func} must contain only finite values. Got NaN or inf instead.")
    return arr


def _noise_cov(noise_cov: Any, k: int, func: str) -> np.ndarray:
    s = _real_matrix(noise_cov, "noise_cov", func)
    if s.shape != (k, k) or not np.all(np.isfinite(s)):
        raise ValueError(f"The 'noise_cov' parameter of {func} must be a finite ({k}, {k}) matrix. Got shape {s.shape} instead.")
    if np.max(np.abs(s - s.T)) > 1e-10 * max(1.0, np.max(np.abs(s))) or np.linalg.eigvalsh(s).min() <= 0:
        raise ValueError(f"The 'noise_cov' parameter of {func} must be symmetric positive definite. Got eigenvalues {np.linalg.eigvalsh((s + s.T) / 2)!r} instead.")
    return s


def _companion(a: np.ndarray) -> np.ndarray:
    p, k, _ = a.shape
    c = np.zeros((p * k, p * k))
    c[:k] = np.concatenate(list(a), axis=1)
    if p > 1:
        c[k:, :-k] = np.eye((p - 1) * k)
    return c


def var_autocovariances(coefs: Any, noise_cov: Any, max_lag: int) -> np.ndarray:
    """Exact autocovariances Γ_h = E[X_t X_{t-h}ᵀ] of a stable zero-mean VAR(p), h = 0..max_lag.

    Parameters
    ----------
    coefs : array_like, shape (p, k, k) or (k, k)
        Lag matrices A_1..A_p of X_t = Σ_i A_i X_{t-i} + ε_t.
    noise_cov : array_like, shape (k, k)
        Covariance Σ of the i.i.d. Gaussian innovations ε_t (positive definite).
    max_lag : int
        Largest lag h.

    Returns
    -------
    numpy.ndarray, shape (max_lag + 1, k, k)

    Notes
    -----
    Γ_0..Γ_{p-1} come from the discrete Lyapunov equation of the companion
    form, V = C V Cᵀ + Q (Lütkepohl 2005, §2.1.4); later lags from the
    Yule-Walker recursion Γ_h = Σ_i A_i Γ_{h-i}. Raises for an unstable VAR.

    Examples
    --------
    >>> float(var_autocovariances([[0.5]], [[1.0]], 1)[1, 0, 0])  # a / (1 - a^2)
    0.6666666666666666
    """
    return _autocovariances(coefs, noise_cov, max_lag, "var_autocovariances")


def _autocovariances(coefs: Any, noise_cov: Any, max_lag: Any, func: str) -> np.ndarray:
    """:func:`var_autocovariances`, its errors naming the public function ``func`` that was called."""
    a = _var_coefs(coefs, func)
    p, k, _ = a.shape
    s = _noise_cov(noise_cov, k, func)
    max_lag = check_int(max_lag, "max_lag", low=0, func=func)
    c = _companion(a)
    rho = float(np.max(np.abs(np.linalg.eigvals(c))))
    if rho >= 1.0:
        raise ValueError(f"The 'coefs' parameter of {func} must describe a stable VAR (companion spectral radius < 1). Got {rho!r} instead.")
    q = np.zeros((p * k, p * k))
    q[:k, :k] = s
    v = solve_discrete_lyapunov(c, q)
    v = (v + v.T) / 2
    gam = np.empty((max(max_lag, p - 1) + 1, k, k))
    for h in range(p):  # V block (0, h) = E[X_t X_{t-h}ᵀ]
        gam[h] = v[:k, h * k:(h + 1) * k]
    for h in range(p, gam.shape[0]):
        gam[h] = sum(a[i] @ gam[h - i - 1] for i in range(p))
    return gam[: max_lag + 1].copy()
