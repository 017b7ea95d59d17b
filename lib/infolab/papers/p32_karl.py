"""Paper 32 (KARL, Duggal et al. 2025, arXiv:2507.07995): image patches of controlled complexity, linear tokenizers
and the single-pass token-count predictor of the notebook.

* Patches: grey 32 × 32 tiles of scikit-image photographs (:func:`natural_patches`), checkerboards
  (:func:`checkerboard_patches`), Gaussian white noise (:func:`noise_patches`), upsampled scikit-learn digits
  (:func:`digit_patches`) and Mandelbrot-set windows (:func:`mandelbrot_patches`), all in [0, 1] (noise is not
  clipped).
* Tokenizers: ordered orthonormal bases, a zig-zag DCT (:func:`zigzag_dct_basis`) and a PCA fitted on natural
  patches (:func:`pca_basis`); the measure itself is :func:`infolab.measures.approximate_kolmogorov_complexity`.
* The upside-down training data of KARL (:func:`upside_down_triplets`) and a one-shot regressor that maps
  (patch features, tolerance) to a token count (:func:`fit_token_predictor`, :func:`predict_token_count`).
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import numpy as np
from PIL import Image
from scipy import ndimage

__all__ = [
    "zigzag_order", "zigzag_dct_basis", "pca_basis", "natural_patches", "checkerboard_patches", "noise_patches", "digit_patches",
    "mandelbrot_patches", "match_pixel_std", "to_uint8", "png_size", "upside_down_triplets", "fit_token_predictor",
    "predict_token_count",
]


def _dct_matrix(n: int) -> np.ndarray:
    """Orthonormal DCT-II matrix: row k is the k-th cosine."""
    k = np.arange(n)[:, None]
    j = np.arange(n)[None, :]
    d = np.sqrt(2.0 / n) * np.cos(np.pi * (2 * j + 1) * k / (2 * n))
    d[0] /= np.sqrt(2.0)
    return d


def zigzag_order(size: int) -> list[tuple[int, int]]:
    """Frequency pairs (u, v) of a size × size DCT in JPEG zig-zag order (by u + v, alternating direction)."""
    if not isinstance(size, int) or size < 1:
        raise ValueError(f"The 'size' parameter of zigzag_order must be an int >= 1. Got {size!r} instead.")
    out = []
    for s in range(2 * size - 1):
        diag = [(u, s - u) for u in range(size) if 0 <= s - u < size]
        out.extend(diag if s % 2 else diag[::-1])
    return out


def zigzag_dct_basis(size: int) -> np.ndarray:
    """The 2-D DCT-II basis images of a size × size patch as orthonormal rows, in zig-zag order.

    Row ``r`` is ``outer(D[u], D[v]).ravel()`` for the ``r``-th pair of :func:`zigzag_order`; the coefficients of
    a patch are its ``scipy.fft.dctn(..., norm="ortho")`` in that order.
    """
    d = _dct_matrix(size)
    return np.stack([np.outer(d[u], d[v]).ravel() for u, v in zigzag_order(size)])


def pca_basis(train: np.ndarray, n_tokens: int) -> tuple[np.ndarray, np.ndarray]:
    """Mean and the first ``n_tokens`` principal directions (orthonormal rows, by decreasing variance)."""
    x = np.asarray(train, dtype=np.float64).reshape(len(train), -1)
    if n_tokens < 1 or n_tokens > min(x.shape):
        raise ValueError(f"The 'n_tokens' parameter of pca_basis must be in [1, {min(x.shape)}] (the rank of the "
                         f"training matrix is at most min(n_samples, n_features)). Got {n_tokens} instead.")
    mean = x.mean(axis=0)
    _, _, vt = np.linalg.svd(x - mean, full_matrices=False)
    comps = vt[:n_tokens]
    signs = np.sign(comps[np.arange(n_tokens), np.argmax(np.abs(comps), axis=1)])
    return mean, comps * signs[:, None]


def _grey(img: np.ndarray) -> np.ndarray:
    a = np.asarray(img)
    if a.ndim == 3:
        a = a[..., :3].astype(np.float64) @ np.array([0.2125, 0.7154, 0.0721])
    a = a.astype(np.float64)
    return a / 255.0 if a.max() > 1.0 else a


def natural_patches(names: Sequence[str], size: int) -> tuple[np.ndarray, np.ndarray]:
    """Non-overlapping size × size grey tiles of scikit-image sample images, values in [0, 1].

    Returns the patches, shape (n, size, size), and the name of each patch's source image.
    """
    from skimage import data

    patches, sources = [], []
    for name in names:
        g = _grey(getattr(data, name)())
        rows, cols = g.shape[0] // size, g.shape[1] // size
        tiles = g[:rows * size, :cols * size].reshape(rows, size, cols, size).swapaxes(1, 2).reshape(-1, size, size)
        patches.append(tiles)
        sources.extend([name] * len(tiles))
    return np.concatenate(patches), np.array(sources)


def checkerboard_patches(size: int, squares: Sequence[int], phases: int = 4) -> tuple[np.ndarray, np.ndarray]:
    """Black-and-white checkerboards with square side ``s`` for each ``s`` in ``squares``, at ``phases`` × ``phases``
    offsets (steps of ``s / phases`` pixels, rounded); returns the patches and each one's square side."""
    i, j = np.meshgrid(np.arange(size), np.arange(size), indexing="ij")
    out, side = [], []
    for s in squares:
        for a in range(phases):
            for b in range(phases):
                di, dj = (a * s) // phases, (b * s) // phases
                out.append((((i + di) // s + (j + dj) // s) % 2).astype(np.float64))
                side.append(s)
    return np.stack(out), np.array(side)


def noise_patches(n: int, size: int, *, sigma: float, seed) -> np.ndarray:
    """Gaussian white noise ``0.5 + sigma z`` (not clipped, so that its statistics are exact)."""
    rng = np.random.default_rng(seed)
    return 0.5 + sigma * rng.standard_normal((n, size, size))


def digit_patches(n: int, size: int, *, seed) -> np.ndarray:
    """``n`` scikit-learn 8 × 8 digits drawn without replacement, scaled to [0, 1] and upsampled (bilinear) to size."""
    from sklearn.datasets import load_digits

    imgs = load_digits().images / 16.0
    rng = np.random.default_rng(seed)
    pick = rng.choice(len(imgs), size=n, replace=False)
    return np.clip(np.stack([ndimage.zoom(imgs[k], size / 8, order=1) for k in pick]), 0.0, 1.0)


def mandelbrot_patches(n: int, size: int, *, seed, max_iter: int = 200) -> np.ndarray:
    """Windows of the Mandelbrot set centred on points near its boundary, widths log-uniform in [0.02, 0.5].

    Pixel value: the normalised logarithm of the escape count, ``log(1 + k) / log(1 + max_iter)`` (points that do
    not escape get 1).
    """
    rng = np.random.default_rng(seed)
    out = []
    while len(out) < n:
        c0 = complex(rng.uniform(-2.0, 0.5), rng.uniform(-1.2, 1.2))
        k0 = _escape(np.array([[c0]]), max_iter)[0, 0]
        if not 20 <= k0 < max_iter:                  # keep centres near the boundary: structure at every scale
            continue
        w = float(np.exp(rng.uniform(np.log(0.02), np.log(0.5))))
        grid = np.linspace(-w / 2, w / 2, size)
        c = c0 + grid[None, :] + 1j * grid[:, None]
        out.append(np.log1p(_escape(c, max_iter)) / np.log1p(max_iter))
    return np.stack(out)


def _escape(c: np.ndarray, max_iter: int) -> np.ndarray:
    z = np.zeros_like(c)
    k = np.full(c.shape, max_iter, dtype=np.float64)
    alive = np.ones(c.shape, dtype=bool)
    for it in range(max_iter):
        z[alive] = z[alive] ** 2 + c[alive]
        esc = alive & (np.abs(z) > 2.0)
        k[esc] = it
        alive &= ~esc
        if not alive.any():
            break
    return k


def match_pixel_std(patches: np.ndarray, std: float) -> np.ndarray:
    """Each patch rescaled about its own mean to pixel standard deviation ``std`` (a new array)."""
    x = np.asarray(patches, dtype=np.float64)
    axes = tuple(range(1, x.ndim))
    mu = x.mean(axis=axes, keepdims=True)
    sd = x.std(axis=axes, keepdims=True)
    if np.any(sd == 0):
        raise ValueError("match_pixel_std cannot rescale a constant patch (pixel standard deviation 0).")
    return mu + (x - mu) * (std / sd)


def to_uint8(patch: np.ndarray) -> np.ndarray:
    """8-bit grey levels: ``round(255 x)`` clipped to [0, 255]."""
    return np.clip(np.round(255.0 * np.asarray(patch, dtype=np.float64)), 0, 255).astype(np.uint8)


def png_size(patch: np.ndarray) -> int:
    """Bytes of the 8-bit patch as a PNG (Pillow, compress level 9)."""
    buf = io.BytesIO()
    Image.fromarray(to_uint8(patch)).save(buf, format="PNG", compress_level=9)
    return buf.tell()


def upside_down_triplets(errors: np.ndarray, token_counts: Sequence[int], per_patch: int, *,
                         seed) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """KARL's training data read upside down: for each patch, ``per_patch`` budgets ``T`` drawn from the grid, the
    error ``eps0`` reached with ``T`` tokens, and the label ``T`` ("to reach eps0 you need T tokens").

    Returns (patch index, eps0, T), each of length ``n_patches * per_patch``.
    """
    rng = np.random.default_rng(seed)
    e = np.asarray(errors)
    counts = np.asarray(token_counts)
    idx = np.repeat(np.arange(e.shape[0]), per_patch)
    col = rng.integers(0, counts.size, size=idx.size)
    return idx, e[idx, col], counts[col]


def _design(features: np.ndarray, eps: np.ndarray) -> np.ndarray:
    return np.column_stack([features, np.log(np.maximum(eps, 1e-6))])


def fit_token_predictor(features: np.ndarray, eps0: np.ndarray, tokens: np.ndarray, *, seed):
    """A gradient-boosted regressor of ``log2 T`` on (features, ``log eps0``): one call gives a token count."""
    from sklearn.ensemble import HistGradientBoostingRegressor

    model = HistGradientBoostingRegressor(max_iter=200, learning_rate=0.1, random_state=seed)
    model.fit(_design(features, eps0), np.log2(tokens))
    return model


def predict_token_count(model, features: np.ndarray, epsilon: float, token_counts: Sequence[int]) -> np.ndarray:
    """Predicted token count for tolerance ``epsilon``, rounded up to the next count of the grid (capped at its
    largest)."""
    counts = np.asarray(token_counts)
    t = 2.0 ** model.predict(_design(features, np.full(len(features), float(epsilon))))
    k = np.minimum(np.searchsorted(counts, t - 1e-9), counts.size - 1)
    return counts[k]
