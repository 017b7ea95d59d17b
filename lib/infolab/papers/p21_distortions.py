"""Image distortions for notebook 21 (CSIM): Gaussian noise two ways, Gaussian blur, centre crops.

The CSIM reference code adds "Gaussian" noise by casting the float draws to
uint8 *before* a saturating add (OpenCV's ``cv2.add``): a draw d becomes
``trunc(d) mod 256``, so every draw at or below -1 wraps to a large value
(-3 → 253) and its pixel saturates at 255 — salt, not Gaussian noise.
:func:`reference_code_noise` reproduces that arithmetic without OpenCV;
:func:`clipped_gaussian_noise` is the signed noise the text describes
(added in float, rounded, clipped to [0, 255]).

Examples
--------
>>> import numpy as np
>>> img = np.full((2, 2), 100, np.uint8)
>>> reference_code_noise(img, mean=0.0, sigma=0.0, seed=0).tolist()
[[100, 100], [100, 100]]
"""

from __future__ import annotations

import numpy as np

from ..validation import check_int, check_real, check_rng

__all__ = ["center_crop", "clipped_gaussian_noise", "reference_code_noise", "gaussian_blur", "wrapped_fraction"]


def center_crop(img: np.ndarray, size: int) -> np.ndarray:
    """The central size × size window of an image (a view)."""
    s = check_int(size, "size", low=1, high=min(img.shape[:2]), func="center_crop")
    h, w = img.shape[:2]
    top, left = (h - s) // 2, (w - s) // 2
    return img[top:top + s, left:left + s]


def clipped_gaussian_noise(img: np.ndarray, sigma: float, *, mean: float = 0.0, seed=0) -> np.ndarray:
    """uint8 image + N(mean, sigma²) per value, added in float, rounded and clipped to [0, 255]."""
    sigma = check_real(sigma, "sigma", low=0.0, func="clipped_gaussian_noise")
    rng = check_rng(seed, func="clipped_gaussian_noise")
    noisy = img.astype(np.float64) + rng.normal(mean, sigma, img.shape)
    return np.clip(np.round(noisy), 0, 255).astype(np.uint8)


def _reference_draw_to_uint8(draw: np.ndarray) -> np.ndarray:
    """C's float → uint8 conversion as NumPy/OpenCV do it on x86: truncate toward zero, then wrap mod 256."""
    return np.mod(np.trunc(draw).astype(np.int64), 256)


def reference_code_noise(img: np.ndarray, sigma: float, *, mean: float = 5.0, seed=0) -> np.ndarray:
    """The reference code's noise: N(mean, sigma²) draws cast to uint8 (wrapping), then a saturating add."""
    sigma = check_real(sigma, "sigma", low=0.0, func="reference_code_noise")
    rng = check_rng(seed, func="reference_code_noise")
    wrapped = _reference_draw_to_uint8(rng.normal(mean, sigma, img.shape))
    return np.minimum(img.astype(np.int64) + wrapped, 255).astype(np.uint8)


def wrapped_fraction(sigma: float, *, mean: float = 5.0, shape=(256, 256, 3), seed=0) -> float:
    """Fraction of the reference code's noise values that wrapped (draw <= -1), for the same draws as above."""
    rng = check_rng(seed, func="wrapped_fraction")
    draw = rng.normal(mean, check_real(sigma, "sigma", low=0.0, func="wrapped_fraction"), shape)
    return float(np.mean(np.trunc(draw) < 0))


def gaussian_blur(img: np.ndarray, sigma: float) -> np.ndarray:
    """Gaussian blur of each channel (scipy.ndimage, reflected borders), rounded back to uint8."""
    from scipy.ndimage import gaussian_filter  # noqa: PLC0415

    sigma = check_real(sigma, "sigma", low=0.0, func="gaussian_blur")
    spec = (sigma, sigma, 0.0)[:img.ndim]
    return np.clip(np.round(gaussian_filter(img.astype(np.float64), spec)), 0, 255).astype(np.uint8)
