"""Full-reference image similarity: copula-based (CSIM), structural (SSIM), PSNR and MSE.

Every function compares a reference image with a test image of the same
shape: 2-D (grey, H × W) or 3-D (H × W × C, channels last).

* :func:`copula_similarity`: CSIM of El Ghazouali et al. 2024, the rank
  (Gaussian-copula) similarity of non-overlapping patches; a similarity map
  and its mean.
* :func:`structural_similarity`: SSIM of Wang et al. 2004 (mean SSIM map).
* :func:`peak_signal_noise_ratio`: PSNR in decibels.
* :func:`mean_squared_error`: the mean squared difference of the pixels.

References
----------
.. [1] S. El Ghazouali, U. Michelucci, Y. El Hillali, H. Nouira, "CSIM: a
   copula-based similarity index sensitive to local changes for image
   quality assessment", arXiv:2410.01411 (2024). Code:
   https://github.com/safouaneelg/copulasimilarity
.. [2] Z. Wang, A. C. Bovik, H. R. Sheikh, E. P. Simoncelli, "Image quality
   assessment: from error visibility to structural similarity", IEEE Trans.
   Image Process. 13(4), 600-612 (2004).
.. [3] S. Winitzki, "A handy approximation for the error function and its
   inverse" (2008), the closed form the CSIM reference code uses for erf^{-1}.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..validation import check_choice, check_int, check_real

__all__ = [
    "copula_similarity",
    "structural_similarity",
    "peak_signal_noise_ratio",
    "mean_squared_error",
]

_WINITZKI_A = 0.147


# ---------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------

def _image(x: Any, name: str, func: str) -> np.ndarray:
    """A 2-D or 3-D (channels last) finite real image, returned as given (not copied, never written)."""
    if x is None or isinstance(x, (str, bytes)):
        raise TypeError(f"The '{name}' parameter of {func} must be an image array. Got {x!r} instead.")
    arr = np.asarray(x.get() if hasattr(x, "get") and hasattr(x, "device") else x)
    if arr.dtype.kind not in "iuf":
        raise TypeError(f"The '{name}' parameter of {func} must hold real numbers (int, uint or float). "
                        f"Got dtype {arr.dtype} instead.")
    if arr.ndim not in (2, 3):
        raise ValueError(f"The '{name}' parameter of {func} must be 2-D (H, W) or 3-D (H, W, C). "
                         f"Got shape {arr.shape} instead.")
    if arr.size == 0:
        raise ValueError(f"The '{name}' parameter of {func} must be non-empty. Got shape {arr.shape} instead.")
    if arr.dtype.kind == "f" and not np.all(np.isfinite(arr)):
        raise ValueError(f"The '{name}' parameter of {func} must contain only finite values. Got NaN or inf instead.")
    return arr


def _pair(reference: Any, test: Any, func: str) -> tuple[np.ndarray, np.ndarray]:
    ref, tst = _image(reference, "reference", func), _image(test, "test", func)
    if ref.shape != tst.shape:
        raise ValueError(f"The 'reference' and 'test' parameters of {func} must have the same shape. "
                         f"Got {ref.shape} and {tst.shape} instead.")
    return ref, tst


def _data_range(data_range: Any, ref: np.ndarray, tst: np.ndarray, func: str) -> float:
    """The dynamic range: given, or the integer dtype's full range; floats must say."""
    if data_range is not None:
        return check_real(data_range, "data_range", low=0.0, low_open=True, func=func)
    if ref.dtype.kind == "f" or tst.dtype.kind == "f":
        raise ValueError(f"The 'data_range' parameter of {func} must be given for floating-point images "
                         "(the range cannot be read from the dtype: 1.0 for images in [0, 1], 255.0 for [0, 255]). "
                         "Got None instead.")
    if ref.dtype != tst.dtype:
        raise ValueError(f"The 'data_range' parameter of {func} must be given when the two images have different "
                         f"dtypes. Got None with {ref.dtype} and {tst.dtype} instead.")
    info = np.iinfo(ref.dtype)
    return float(info.max) - float(info.min)


# ---------------------------------------------------------------------------
# CSIM
# ---------------------------------------------------------------------------

def _patches(img: np.ndarray, p: int) -> np.ndarray:
    """Non-overlapping p × p patches as (n_patches, p*p, C), row-major over the patch grid; borders dropped."""
    if img.ndim == 2:
        img = img[:, :, None]
    h, w, c = img.shape[0] // p, img.shape[1] // p, img.shape[2]
    grid = img[:h * p, :w * p].reshape(h, p, w, p, c).transpose(0, 2, 1, 3, 4)
    return grid.reshape(h * w, p * p, c)


def _patch_ranks(patches: np.ndarray, ties: str) -> np.ndarray:
    """Ranks 1..n of each pixel within its patch, per channel."""
    if ties == "ordinal":
        order = np.argsort(patches, axis=1, kind="stable")
        ranks = np.empty_like(order)
        np.put_along_axis(ranks, order, np.arange(1, patches.shape[1] + 1)[None, :, None], axis=1)
        return ranks.astype(np.float64)
    from scipy.stats import rankdata  # noqa: PLC0415

    return rankdata(patches, method="average", axis=1)


def _winitzki_erfinv(x: np.ndarray) -> np.ndarray:
    """Winitzki's closed-form approximation of erf^{-1} (a = 0.147), |error| < 5e-3 on (-1, 1)."""
    log_term = np.log1p(-x * x)
    first = 2.0 / (math.pi * _WINITZKI_A) + log_term / 2.0
    return np.sign(x) * np.sqrt(np.sqrt(first * first - log_term / _WINITZKI_A) - first)


def _copula_scores(patches: np.ndarray, ties: str, inverse_cdf: str) -> np.ndarray:
    """Gaussian-copula scores z = Φ^{-1}(r̄ / (n + 1)) of each pixel (ranks averaged over channels)."""
    n = patches.shape[1]
    u = _patch_ranks(patches, ties).mean(axis=2) / (n + 1)
    if inverse_cdf == "exact":
        from scipy.special import ndtri  # noqa: PLC0415

        return ndtri(u)
    return math.sqrt(2.0) * _winitzki_erfinv(2.0 * u - 1.0)


def copula_similarity(reference: Any, test: Any, *, patch_size: int = 8, inverse_cdf: str = "exact",
                      ties: str = "ordinal", return_map: bool = False):
    """CSIM: the copula-based similarity index of two images.

    Parameters
    ----------
    reference, test : array_like, shape (H, W) or (H, W, C)
        The two images (any real dtype; only the order of the values matters).
    patch_size : int, default 8
        Side P of the non-overlapping square patches, 2 <= P <= min(H, W).
        Pixels beyond the last whole patch (right and bottom borders) are not scored.
    inverse_cdf : {"exact", "winitzki"}
        The standard normal quantile Φ^{-1}: exact (``scipy.special.ndtri``) or
        ``√2 · erf^{-1}(2u − 1)`` with Winitzki's closed-form erf^{-1}, as the
        paper's reference code does (error below 5e-3 in z).
    ties : {"ordinal", "average"}
        Ranks of equal values within a patch: ``"ordinal"`` ranks them in raster
        order (a stable sort), ``"average"`` gives each the mean of their ranks.
    return_map : bool, default False
        Also return the (H // P, W // P) map of patch similarities.

    Returns
    -------
    float, or (float, ndarray)
        CSIM in [0, 1], the mean of the patch map; with ``return_map`` the map too.

    Notes
    -----
    In each P × P patch (n = P² pixels) every pixel gets its rank r_ic in
    1..n in each channel c; the ranks are averaged over channels,
    r̄_i = (1/C) Σ_c r_ic, and mapped to Gaussian-copula scores
    z_i = Φ^{-1}(r̄_i / (n + 1)). The patch similarity is
    ``s = max(0, 1 − ‖z^A − z^B‖₂ / √n)`` (the max is part of the index:
    two unrelated patches have ‖z^A − z^B‖₂ ≈ √(2n) and score 0), and CSIM is
    the mean of s over the patches.

    Consequences of the construction: CSIM depends on each patch only through
    the ranks of its pixels, so a strictly increasing intensity map (gain,
    offset, gamma on a float image) leaves it at exactly 1, while anything
    that reorders pixels inside a patch (noise, blur, compression) lowers it.
    On integer images an increasing map that merges values (clipping at 255,
    gamma rounded to uint8) creates ties and lowers it slightly. Each patch is
    scored on its own, so a local change moves only its own entries of the map.

    Paper-faithful settings (the reference code): ``patch_size=8``,
    ``inverse_cdf="winitzki"``. The reference code breaks ties with NumPy's
    default (unstable) sort, i.e. in an unspecified order; ``ties="ordinal"``
    is its deterministic counterpart. The reference code needs a channel axis;
    here a 2-D image is one channel.

    References
    ----------
    .. [1] S. El Ghazouali, U. Michelucci, Y. El Hillali, H. Nouira,
       arXiv:2410.01411 (2024).

    Examples
    --------
    An increasing map of the intensities leaves CSIM at 1:

    >>> import numpy as np
    >>> img = np.random.default_rng(0).random((32, 32))
    >>> copula_similarity(img, 2.0 * img ** 3 + 5.0)
    1.0
    """
    func = "copula_similarity"
    ref, tst = _pair(reference, test, func)
    p = check_int(patch_size, "patch_size", low=2, high=min(ref.shape[0], ref.shape[1]), func=func)
    check_choice(inverse_cdf, "inverse_cdf", {"exact", "winitzki"}, func=func)
    check_choice(ties, "ties", {"ordinal", "average"}, func=func)
    za = _copula_scores(_patches(ref, p), ties, inverse_cdf)
    zb = _copula_scores(_patches(tst, p), ties, inverse_cdf)
    n = p * p
    scores = np.maximum(0.0, 1.0 - np.sqrt(np.sum((za - zb) ** 2, axis=1)) / math.sqrt(n))
    similarity_map = scores.reshape(ref.shape[0] // p, ref.shape[1] // p)
    value = float(similarity_map.mean())
    return (value, similarity_map) if return_map else value


# ---------------------------------------------------------------------------
# SSIM, PSNR, MSE
# ---------------------------------------------------------------------------

def structural_similarity(reference: Any, test: Any, *, data_range: float | None = None,
                          gaussian_weights: bool = True, sigma: float | None = None,
                          window_size: int | None = None, use_sample_covariance: bool = False,
                          k1: float = 0.01, k2: float = 0.03, return_map: bool = False):
    """SSIM: the mean structural similarity of two images (Wang et al. 2004).

    Parameters
    ----------
    reference, test : array_like, shape (H, W) or (H, W, C)
        The two images; a 3-D image is scored channel by channel and the
        channel scores are averaged.
    data_range : float, optional
        The dynamic range L of the pixel values. Required for float images;
        for integer images the dtype's full range (255 for uint8) by default.
    gaussian_weights : bool, default True
        Local statistics with a Gaussian window (standard deviation ``sigma``,
        default 1.5, truncated at 3.5 σ: an 11 × 11 window) or, when False, a
        uniform ``window_size`` × ``window_size`` window (odd, default 7).
        ``sigma`` is refused with a uniform window and ``window_size`` with a
        Gaussian one, since each would be ignored.
    use_sample_covariance : bool, default False
        Normalise the local (co)variances by N − 1 instead of N.
    k1, k2 : float
        The stabilising constants C1 = (k1 L)², C2 = (k2 L)².
    return_map : bool, default False
        Also return the SSIM map (H, W) or (H, W, C).

    Returns
    -------
    float, or (float, ndarray)
        Mean SSIM (at most 1, equal to 1 for identical images), averaged over
        the map with a border of half a window dropped.

    Notes
    -----
    ``SSIM = (2 μ_x μ_y + C1)(2 σ_xy + C2) / ((μ_x² + μ_y² + C1)(σ_x² + σ_y² + C2))``
    with local means, variances and covariance under the window (reflected at
    the image border). SSIM compares local luminance, contrast and structure;
    it is nearly blind to changes that keep local means and variances (it
    barely moves under mild blur of a textured image).

    Paper-faithful settings (Wang et al. 2004): the defaults, i.e. Gaussian
    window with σ = 1.5, population covariance, k1 = 0.01, k2 = 0.03. With the
    same options the value equals scikit-image's
    ``skimage.metrics.structural_similarity``.

    References
    ----------
    .. [1] Z. Wang, A. C. Bovik, H. R. Sheikh, E. P. Simoncelli, IEEE Trans.
       Image Process. 13(4), 600-612 (2004).

    Examples
    --------
    >>> import numpy as np
    >>> img = np.random.default_rng(0).integers(0, 256, (32, 32)).astype(np.uint8)
    >>> structural_similarity(img, img)
    1.0
    """
    from scipy.ndimage import gaussian_filter, uniform_filter  # noqa: PLC0415

    func = "structural_similarity"
    ref, tst = _pair(reference, test, func)
    rng_ = _data_range(data_range, ref, tst, func)
    if not isinstance(gaussian_weights, bool):
        raise TypeError(f"The 'gaussian_weights' parameter of {func} must be a bool. Got {gaussian_weights!r} instead.")
    if gaussian_weights:
        if window_size is not None:
            raise ValueError(f"The 'window_size' parameter of {func} must be None with gaussian_weights=True "
                             f"(the window is set by sigma). Got {window_size!r} instead.")
        s = 1.5 if sigma is None else check_real(sigma, "sigma", low=0.0, low_open=True, func=func)
        win = 2 * int(3.5 * s + 0.5) + 1

        def smooth(a):
            return gaussian_filter(a, s, mode="reflect", truncate=3.5)
    else:
        if sigma is not None:
            raise ValueError(f"The 'sigma' parameter of {func} must be None with gaussian_weights=False "
                             f"(the window is uniform). Got {sigma!r} instead.")
        win = 7 if window_size is None else check_int(window_size, "window_size", low=3, func=func)
        if win % 2 == 0:
            raise ValueError(f"The 'window_size' parameter of {func} must be an odd int >= 3. Got {win} instead.")

        def smooth(a):
            return uniform_filter(a, size=win)
    if min(ref.shape[0], ref.shape[1]) < win:
        raise ValueError(f"The 'reference' and 'test' parameters of {func} must be at least {win} × {win} pixels "
                         f"(the window). Got {ref.shape[:2]} instead.")
    c1 = (check_real(k1, "k1", low=0.0, low_open=True, func=func) * rng_) ** 2
    c2 = (check_real(k2, "k2", low=0.0, low_open=True, func=func) * rng_) ** 2
    cov_norm = win * win / (win * win - 1.0) if use_sample_covariance else 1.0
    x3 = ref.astype(np.float64).reshape(ref.shape[0], ref.shape[1], -1)
    y3 = tst.astype(np.float64).reshape(tst.shape[0], tst.shape[1], -1)
    pad = (win - 1) // 2
    maps, means = [], []
    for ch in range(x3.shape[2]):
        x, y = x3[:, :, ch], y3[:, :, ch]
        ux, uy = smooth(x), smooth(y)
        vx = cov_norm * (smooth(x * x) - ux * ux)
        vy = cov_norm * (smooth(y * y) - uy * uy)
        vxy = cov_norm * (smooth(x * y) - ux * uy)
        s_map = ((2 * ux * uy + c1) * (2 * vxy + c2)) / ((ux * ux + uy * uy + c1) * (vx + vy + c2))
        maps.append(s_map)
        means.append(float(s_map[pad:s_map.shape[0] - pad, pad:s_map.shape[1] - pad].mean(dtype=np.float64)))
    value = float(np.mean(means))
    if not return_map:
        return value
    full = np.stack(maps, axis=2)
    return value, (full[:, :, 0] if ref.ndim == 2 else full)


def mean_squared_error(reference: Any, test: Any) -> float:
    """Mean squared difference of the pixel values.

    Parameters
    ----------
    reference, test : array_like, shape (H, W) or (H, W, C)
        The two images (computed in float64, so uint8 differences do not wrap).

    Returns
    -------
    float
        ``(1/N) Σ (reference − test)²`` over all N pixel values, in squared intensity units.

    Notes
    -----
    Symmetric and zero only for identical images; it weighs every pixel
    equally, so it ignores where an error falls and how it changes local
    structure (a small shift of the whole image can give a large MSE).
    :func:`peak_signal_noise_ratio` is a logarithmic rescaling of it.

    References
    ----------
    Z. Wang, A. C. Bovik, "Mean squared error: love it or leave it? A new
    look at signal fidelity measures", IEEE Signal Process. Mag. 26(1),
    98-117 (2009).

    Examples
    --------
    >>> import numpy as np
    >>> mean_squared_error(np.zeros((4, 4), np.uint8), np.full((4, 4), 3, np.uint8))
    9.0
    """
    ref, tst = _pair(reference, test, "mean_squared_error")
    return float(np.mean((ref.astype(np.float64) - tst.astype(np.float64)) ** 2))


def peak_signal_noise_ratio(reference: Any, test: Any, *, data_range: float | None = None) -> float:
    """Peak signal-to-noise ratio in decibels.

    Parameters
    ----------
    reference, test : array_like, shape (H, W) or (H, W, C)
        Reference image and distorted image.
    data_range : float, optional
        Peak value range L; required for float images, the dtype's full range
        for integer images (255 for uint8) by default.

    Returns
    -------
    float
        ``10 log10(L² / MSE)`` in dB; ``inf`` for identical images (MSE = 0).

    Notes
    -----
    PSNR reads only the MSE: it ranks distortions by energy, not by where
    they fall or what they do to local structure.

    References
    ----------
    R. C. Gonzalez, R. E. Woods, Digital Image Processing, 3rd ed., Prentice
    Hall, 2008; Z. Wang, A. C. Bovik, "Mean squared error: love it or leave
    it? A new look at signal fidelity measures", IEEE Signal Process. Mag.
    26(1), 98-117 (2009).

    Examples
    --------
    >>> import numpy as np
    >>> a = np.zeros((8, 8), np.uint8)
    >>> round(peak_signal_noise_ratio(a, a + 1), 6)  # MSE = 1: 20 log10(255)
    48.130804
    """
    func = "peak_signal_noise_ratio"
    ref, tst = _pair(reference, test, func)
    peak = _data_range(data_range, ref, tst, func)
    mse = float(np.mean((ref.astype(np.float64) - tst.astype(np.float64)) ** 2))
    return math.inf if mse == 0.0 else 10.0 * math.log10(peak * peak / mse)
