"""Spectra, perturbed paths and an exact Gaussian sampler for notebook 13 (shortest path diffusion).

Everything acts per frequency ξ of the orthonormal 2-D FFT of n × n images, where a stationary Gaussian
image model is a diagonal Gaussian N(0, diag Σ₀(ξ)):

* :func:`frequency_radius`, :func:`power_law_spectrum` (the CIFAR-10 fit of the reference code,
  Σ₀ = c₁/|c₂ + |ξ||^m), :func:`box_downsampled_crops`, :func:`image_power_spectrum` and
  :func:`fit_power_law` (a log–log fit of the periodogram);
* :func:`perturbed_geodesic_variances`, the geodesic Σ_τ = Σ₀^τ bent by a·sin(πτ)·h(ξ) in log-variance;
* :func:`ancestral_sampler_variances` and :func:`ancestral_samples`: the DDPM ancestral sampler run with
  the exact posterior-mean denoiser of Gaussian data, as a variance recursion per frequency and as
  pixel-space samples through FFTs; :func:`diagonal_gaussian_kl` scores its output.

Examples
--------
>>> import numpy as np
>>> frequency_radius(4)[0].tolist()
[0.0, 1.0, 2.0, 1.0]
>>> round(diagonal_gaussian_kl(np.array([2.0]), np.array([1.0])), 12)   # ½(2 − 1 − log 2)
0.15342640972
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..validation import check_choice, check_int, check_real, check_rng

__all__ = ["frequency_radius", "power_law_spectrum", "box_downsampled_crops", "image_power_spectrum",
           "fit_power_law", "perturbed_geodesic_variances", "ancestral_sampler_variances", "ancestral_samples",
           "diagonal_gaussian_kl", "SAMPLER_VARIANCES"]

SAMPLER_VARIANCES = ("small", "large", "exact")


def frequency_radius(n: int) -> np.ndarray:
    """|ξ| in cycles per image on the n × n grid of ``numpy.fft.fft2`` (frequencies from ``fftfreq(n, 1/n)``)."""
    n = check_int(n, "n", low=2, func="frequency_radius")
    f = np.fft.fftfreq(n, d=1.0 / n)
    fx, fy = np.meshgrid(f, f, indexing="ij")
    return np.abs(np.hypot(fx, fy))


def power_law_spectrum(n: int, *, c1: float = 1.59, c2: float = 0.0086, m: float = 2.0) -> np.ndarray:
    """Σ₀(ξ) = c₁ / |c₂ + |ξ||^m on the n × n grid; the defaults are the reference code's CIFAR-10 fit."""
    func = "power_law_spectrum"
    c1 = check_real(c1, "c1", low=0.0, low_open=True, func=func)
    c2 = check_real(c2, "c2", low=0.0, low_open=True, func=func)
    m = check_real(m, "m", low=0.0, func=func)
    return c1 / np.abs(c2 + frequency_radius(n)) ** m


def _grey(image: Any, func: str) -> np.ndarray:
    img = np.asarray(image)
    if img.ndim == 3:                                   # RGB(A) → luminance (ITU-R 601 weights, as skimage)
        img = img[..., :3].astype(np.float64) @ np.array([0.2125, 0.7154, 0.0721])
    if img.ndim != 2:
        raise ValueError(f"The 'images' parameter of {func} must hold 2-D grey or 3-D RGB images. "
                         f"Got shape {np.shape(image)} instead.")
    return img.astype(np.float64)


def box_downsampled_crops(images: Any, n: int, factor: int, count: int, *, seed: Any = 0) -> np.ndarray:
    """``count`` random (n·factor)² crops of each image, box-averaged to n × n and scaled to [−1, 1].

    Box averaging (the mean of each factor × factor block) makes a small image of a scene,
    as CIFAR-10's 32 × 32 images are; grey levels are divided by the image's maximum range
    (255 for uint8, 1 for floats in [0, 1]).

    Returns
    -------
    numpy.ndarray, shape (len(images) · count, n, n)
    """
    func = "box_downsampled_crops"
    n = check_int(n, "n", low=2, func=func)
    factor = check_int(factor, "factor", low=1, func=func)
    count = check_int(count, "count", low=1, func=func)
    rng = check_rng(seed, func=func)
    side = n * factor
    out = []
    for image in images:
        scale = 255.0 if np.asarray(image).dtype == np.uint8 else 1.0
        img = _grey(image, func) / scale
        if min(img.shape) < side:
            raise ValueError(f"The 'factor' parameter of {func} asks for {side}-pixel crops of an image of shape "
                             f"{img.shape}. Got factor={factor} instead.")
        for _ in range(count):
            i = int(rng.integers(0, img.shape[0] - side + 1))
            j = int(rng.integers(0, img.shape[1] - side + 1))
            crop = img[i:i + side, j:j + side].reshape(n, factor, n, factor).mean(axis=(1, 3))
            out.append(2.0 * crop - 1.0)
    return np.asarray(out)


def image_power_spectrum(images: Any) -> np.ndarray:
    """E|X(ξ)|², the mean periodogram of the orthonormal 2-D FFT over a stack of n × n images (no mean removed).

    For real images |X(ξ)| = |X(−ξ)|; the FFT meets this only to rounding, so the result is averaged
    with its reflection ξ → −ξ to make the symmetry exact (equal variances at conjugate frequencies).
    """
    x = np.asarray(images, dtype=np.float64)
    if x.ndim != 3 or x.shape[1] != x.shape[2] or x.shape[0] < 1:
        raise ValueError(f"The 'images' parameter of image_power_spectrum must have shape (N, n, n). "
                         f"Got {x.shape} instead.")
    p = np.mean(np.abs(np.fft.fft2(x, norm="ortho")) ** 2, axis=0)
    return 0.5 * (p + _reflect(p))


def _reflect(a: np.ndarray) -> np.ndarray:
    """a(−ξ) on the FFT grid: index k ↦ (n − k) mod n along both axes."""
    return np.roll(a[::-1, ::-1], 1, axis=(0, 1))


def fit_power_law(spectrum: Any, *, low: float = 1.0, high: float | None = None) -> tuple[float, float]:
    """Least-squares fit of log Σ₀ = log c − m log|ξ| over the frequencies low ≤ |ξ| ≤ high.

    Returns
    -------
    (m, c) : the exponent and the amplitude.
    """
    s = np.asarray(spectrum, dtype=np.float64)
    func = "fit_power_law"
    if s.ndim != 2 or s.shape[0] != s.shape[1] or np.any(~np.isfinite(s)) or np.any(s <= 0):
        raise ValueError(f"The 'spectrum' parameter of {func} must be a square array of positive values. "
                         f"Got shape {s.shape} instead.")
    r = frequency_radius(s.shape[0])
    low = check_real(low, "low", low=0.0, low_open=True, func=func)
    high = float(r.max()) if high is None else check_real(high, "high", low=low, low_open=True, func=func)
    keep = (r >= low) & (r <= high)
    slope, intercept = np.polyfit(np.log(r[keep]), np.log(s[keep]), 1)
    return float(-slope), float(np.exp(intercept))


def perturbed_geodesic_variances(data_variance: Any, tau: Any, amplitude: float, direction: Any) -> np.ndarray:
    """Σ_τ = exp(τ log Σ₀ + a · sin(πτ) · h): the geodesic Σ₀^τ bent in log-variance, same endpoints.

    Returns
    -------
    numpy.ndarray, shape (len(tau),) + Σ₀.shape
    """
    func = "perturbed_geodesic_variances"
    s0 = np.asarray(data_variance, dtype=np.float64)
    h = np.asarray(direction, dtype=np.float64)
    if np.any(~np.isfinite(s0)) or np.any(s0 <= 0):
        raise ValueError(f"The 'data_variance' parameter of {func} must be positive and finite.")
    if h.shape != s0.shape:
        raise ValueError(f"The 'direction' parameter of {func} must have the shape of 'data_variance' {s0.shape}. "
                         f"Got {h.shape} instead.")
    a = check_real(amplitude, "amplitude", func=func)
    t = np.asarray(tau, dtype=np.float64).reshape((-1,) + (1,) * s0.ndim)
    return np.exp(t * np.log(s0) + a * np.sin(np.pi * t) * h)


def _sampler_coefficients(alpha_bar: Any, data_variance: Any, variance: str, func: str):
    s0 = np.asarray(data_variance, dtype=np.float64)
    if s0.size == 0 or np.any(~np.isfinite(s0)) or np.any(s0 <= 0):
        raise ValueError(f"The 'data_variance' parameter of {func} must be non-empty, positive and finite.")
    ab = np.asarray(alpha_bar, dtype=np.float64)
    if ab.ndim == 1:
        ab = ab.reshape((-1,) + (1,) * s0.ndim)
    if ab.shape[0] < 2 or ab.shape[1:] not in {s0.shape, (1,) * s0.ndim}:
        raise ValueError(f"The 'alpha_bar' parameter of {func} must have shape (T + 1,) or (T + 1,) + {s0.shape}, "
                         f"T ≥ 1. Got {np.shape(alpha_bar)} instead.")
    if np.any(~np.isfinite(ab)) or np.any(ab < 0) or np.any(ab > 1) or np.any(ab[0] != 1) or np.any(ab[1:] >= 1):
        raise ValueError(f"The 'alpha_bar' parameter of {func} must start at 1 (t = 0) and lie in [0, 1) after. "
                         "Got other values instead.")
    if np.any(np.diff(ab, axis=0) > 0):
        raise ValueError(f"The 'alpha_bar' parameter of {func} must be non-increasing in t. Got an increase instead.")
    check_choice(variance, "variance", SAMPLER_VARIANCES, func)
    ab = np.broadcast_to(ab, (ab.shape[0],) + s0.shape)
    sig = ab * s0 + 1.0 - ab                                  # marginal variances Σ_t
    coef, noise = [], []
    for t in range(ab.shape[0] - 1, 0, -1):                   # t = T, ..., 1
        a_t, a_prev = ab[t], ab[t - 1]
        alpha = a_t / a_prev
        beta = 1.0 - alpha
        x0_gain = np.sqrt(a_t) * s0 / sig[t]                  # E[x₀ | x_t] = x0_gain · x_t
        c = (np.sqrt(a_prev) * beta * x0_gain + np.sqrt(alpha) * (1.0 - a_prev)) / (1.0 - a_t)
        if variance == "small":
            v = (1.0 - a_prev) * beta / (1.0 - a_t)
        elif variance == "large":
            v = beta
        else:                                                 # the exact reverse kernel of Gaussian data
            v = sig[t - 1] - alpha * sig[t - 1] ** 2 / sig[t]
        coef.append(c)
        noise.append(np.maximum(v, 0.0))                      # exact form is ≥ 0; max() only removes rounding
    return coef, noise


def ancestral_sampler_variances(alpha_bar: Any, data_variance: Any, *, variance: str = "small",
                                return_path: bool = False) -> np.ndarray:
    """Output variance per frequency of the DDPM ancestral sampler with the exact denoiser of N(0, diag Σ₀).

    Starting from white noise x_T ~ N(0, 1), each step is
    x_{t−1} = μ̃_t(x_t, x̂₀) + σ_t z with x̂₀ = E[x₀ | x_t] = √ᾱ_t Σ₀/Σ_t · x_t (exact for Gaussian data) and
    μ̃_t the DDPM posterior mean; it is linear per frequency, so the variance obeys
    v_{t−1} = c_t² v_t + σ_t².

    Parameters
    ----------
    alpha_bar : array_like, shape (T + 1,) or (T + 1,) + Σ₀.shape
        ᾱ_t for t = 0, ..., T, with ᾱ₀ = 1 (scalar schedules broadcast, SPD is per frequency).
    data_variance : array_like
        Σ₀ per frequency.
    variance : {"small", "large", "exact"}
        σ_t²: β̃_t = (1 − ᾱ_{t−1})β_t/(1 − ᾱ_t) ("fixed small"), β_t ("fixed large"), or the exact
        reverse-kernel variance Σ_{t−1} − α_t Σ_{t−1}²/Σ_t, with which the sampler is exact whenever
        the prior N(0, 1) equals the last marginal (ᾱ_T = 0).
    return_path : bool
        Return v_t for t = T, ..., 0 instead of v₀ only.

    Returns
    -------
    numpy.ndarray, shape Σ₀.shape, or (T + 1,) + Σ₀.shape
    """
    func = "ancestral_sampler_variances"
    coef, noise = _sampler_coefficients(alpha_bar, data_variance, variance, func)
    v = np.ones(np.shape(data_variance))
    path = [v]
    for c, s2 in zip(coef, noise, strict=True):
        v = c * c * v + s2
        path.append(v)
    return np.asarray(path) if return_path else v


def ancestral_samples(alpha_bar: Any, data_variance: Any, n_samples: int, *, variance: str = "small",
                      seed: Any = 0) -> np.ndarray:
    """Pixel-space samples of the same sampler: every step filters in the orthonormal 2-D FFT domain.

    ``data_variance`` must be an n × n spectrum symmetric under ξ → −ξ (the spectrum of real images),
    so that each step maps real images to real images. Returns an array of shape (n_samples, n, n).
    """
    func = "ancestral_samples"
    s0 = np.asarray(data_variance, dtype=np.float64)
    if s0.ndim != 2 or s0.shape[0] != s0.shape[1]:
        raise ValueError(f"The 'data_variance' parameter of {func} must be an n × n spectrum. Got shape {s0.shape} instead.")
    if not np.allclose(s0, _reflect(s0), rtol=1e-12, atol=0):
        raise ValueError(f"The 'data_variance' parameter of {func} must be symmetric under ξ → −ξ. Got an asymmetric one.")
    n_samples = check_int(n_samples, "n_samples", low=1, func=func)
    rng = check_rng(seed, func=func)
    coef, noise = _sampler_coefficients(alpha_bar, s0, variance, func)
    x = rng.standard_normal((n_samples,) + s0.shape)
    for c, s2 in zip(coef, noise, strict=True):
        z = rng.standard_normal(x.shape)
        x = np.fft.ifft2(c * np.fft.fft2(x, norm="ortho") + np.sqrt(s2) * np.fft.fft2(z, norm="ortho"),
                         norm="ortho").real
    return x


def diagonal_gaussian_kl(variances: Any, data_variance: Any) -> float:
    """KL(N(0, diag v) ‖ N(0, diag Σ₀)) = ½ Σ_ξ (v/Σ₀ − 1 − log(v/Σ₀)), in nats."""
    v = np.asarray(variances, dtype=np.float64)
    s0 = np.asarray(data_variance, dtype=np.float64)
    if v.shape != s0.shape or np.any(~(v > 0)) or np.any(~(s0 > 0)):
        raise ValueError("The 'variances' and 'data_variance' parameters of diagonal_gaussian_kl must be positive "
                         f"arrays of one shape. Got shapes {v.shape} and {s0.shape} instead.")
    r = v / s0
    return float(0.5 * np.sum(r - 1.0 - np.log(r)))
