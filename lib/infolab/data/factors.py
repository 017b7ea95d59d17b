"""Factors of variation with known ground truth, for disentanglement metrics.

* :func:`uniform_sources`: independent discrete sources, uniform on {0..K-1}.
* :func:`shapes_lite`: a procedural, Shapes3D-like image set: every
  combination of floor hue, wall hue, object hue, object scale, object shape
  and horizontal position, rendered as a small RGB image. The factor grid is
  exact and complete (no sampling), so every factor is independent and
  uniform.

References
----------
.. [1] C. Burgess, H. Kim, "3D Shapes dataset" (2018), the layout this
   imitates at a small size.
.. [2] K. Hsu, W. Dorrell, J. C. R. Whittington, J. Wu, C. Finn,
   "Disentanglement via latent quantization", NeurIPS 2023, arXiv:2305.18378.
"""

from __future__ import annotations

import colorsys
import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..validation import check_int, check_rng

__all__ = ["FactorImages", "uniform_sources", "shapes_lite", "SHAPES_LITE_FACTORS"]

SHAPES_LITE_FACTORS = ("floor_hue", "wall_hue", "object_hue", "scale", "shape", "x_position")
_SHAPES = ("square", "disc", "triangle")


@dataclass(frozen=True)
class FactorImages:
    """Images and the factor values that generated them.

    Attributes
    ----------
    images : ndarray, shape (n, size, size, 3), values in [0, 1]
    factors : ndarray of int, shape (n, n_factors)
    factor_names : tuple of str
    factor_sizes : tuple of int
    """

    images: np.ndarray
    factors: np.ndarray
    factor_names: tuple
    factor_sizes: tuple


def uniform_sources(n_samples: int, n_sources: int = 4, n_values: int = 10, *, seed: Any = 0) -> np.ndarray:
    """Independent discrete sources, each uniform on {0, ..., n_values - 1}; shape (n, n_sources).

    Examples
    --------
    >>> uniform_sources(5, 2, 3, seed=0).shape
    (5, 2)
    """
    n = check_int(n_samples, "n_samples", low=1, func="uniform_sources")
    m = check_int(n_sources, "n_sources", low=1, func="uniform_sources")
    k = check_int(n_values, "n_values", low=2, func="uniform_sources")
    return check_rng(seed, "seed", "uniform_sources").integers(0, k, size=(n, m))


def _hues(k: int, offset: float) -> np.ndarray:
    return np.array([colorsys.hsv_to_rgb((offset + i / k) % 1.0, 0.75, 0.9) for i in range(k)])


def shapes_lite(size: int = 16, *, n_hues: int = 4, n_scales: int = 4, n_positions: int = 4,
                noise: float = 0.0, seed: Any = 0) -> FactorImages:
    """Every image of a small procedural Shapes3D-like world, with its factors.

    Layout of a ``size``×``size`` RGB image: the top 40% is the wall, the rest
    the floor; an object (square, disc or triangle) sits on the floor line.
    Factors, in the order of :data:`SHAPES_LITE_FACTORS`: floor hue, wall hue,
    object hue (``n_hues`` values each, distinct palettes), scale
    (``n_scales`` sizes), shape (3), x-position (``n_positions`` columns).
    The default grid has 4·4·4·4·3·4 = 3,072 images.

    Parameters
    ----------
    size : int, default 16
    n_hues, n_scales, n_positions : int, default 4
    noise : float, default 0.0
        Standard deviation of optional Gaussian pixel noise (then clipped to
        [0, 1]; documented, not silent). ``seed`` draws it.
    seed : int or Generator

    Returns
    -------
    FactorImages

    Examples
    --------
    >>> d = shapes_lite()
    >>> d.images.shape, d.factors.shape
    ((3072, 16, 16, 3), (3072, 6))
    """
    f = "shapes_lite"
    size = check_int(size, "size", low=8, high=128, func=f)
    n_hues = check_int(n_hues, "n_hues", low=1, high=16, func=f)
    n_scales = check_int(n_scales, "n_scales", low=1, high=8, func=f)
    n_positions = check_int(n_positions, "n_positions", low=1, high=8, func=f)
    if not isinstance(noise, (int, float)) or isinstance(noise, bool) or not np.isfinite(noise) or noise < 0:
        raise ValueError(f"The 'noise' parameter of {f} must be a finite real number >= 0. Got {noise!r} instead.")
    rng = check_rng(seed, "seed", f)
    floor_c, wall_c, obj_c = _hues(n_hues, 0.0), _hues(n_hues, 0.5 / n_hues), _hues(n_hues, 0.25 / n_hues)
    horizon = int(round(0.4 * size))
    ground = int(round(0.85 * size))  # where objects stand
    yy, xx = np.mgrid[0:size, 0:size] + 0.5
    scales = np.linspace(0.25, 0.5, n_scales) * size if n_scales > 1 else np.array([0.27 * size])
    centres = np.linspace(0.25, 0.75, n_positions) * size if n_positions > 1 else np.array([0.5 * size])
    masks = {}
    for si, s in enumerate(scales):
        for pi, cx in enumerate(centres):
            cy = ground - s / 2
            for shi, shape in enumerate(_SHAPES):
                if shape == "square":
                    m = (np.abs(xx - cx) <= s / 2) & (np.abs(yy - cy) <= s / 2)
                elif shape == "disc":
                    m = (xx - cx) ** 2 + (yy - cy) ** 2 <= (s / 2) ** 2
                else:  # apex up, base on the ground
                    rel = (yy - (cy - s / 2)) / s
                    m = (rel >= 0) & (rel <= 1) & (np.abs(xx - cx) <= rel * s / 2)
                masks[si, pi, shi] = m
    grid = list(itertools.product(range(n_hues), range(n_hues), range(n_hues), range(n_scales), range(3),
                                  range(n_positions)))
    images = np.empty((len(grid), size, size, 3))
    wall_rows = yy < horizon
    for idx, (fh, wh, oh, sc, sh, px) in enumerate(grid):
        img = np.where(wall_rows[..., None], wall_c[wh], floor_c[fh])
        img = np.where(masks[sc, px, sh][..., None], obj_c[oh], img)
        images[idx] = img
    if noise > 0:
        images = np.clip(images + noise * rng.normal(size=images.shape), 0.0, 1.0)
    sizes = (n_hues, n_hues, n_hues, n_scales, 3, n_positions)
    return FactorImages(images, np.array(grid, dtype=np.int64), SHAPES_LITE_FACTORS, sizes)
