"""Procedural closed triangle meshes and surface sampling for notebook 34 (sliced Wasserstein on meshes).

Genus-0 test surfaces generated in code, consistently oriented with outward
normals: an icosphere, its radial deformations (an ellipsoid, a "bumpy"
sphere), and uniform-by-area point samples of any triangle mesh.

Examples
--------
>>> v, f = icosphere(2)
>>> v.shape, f.shape
((162, 3), (320, 3))
"""

from __future__ import annotations

import numpy as np

from ..validation import check_int, check_real, check_rng

__all__ = ["icosphere", "ellipsoid", "bumpy_sphere", "sample_surface", "uniform_ball"]


def icosphere(subdivisions: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """Unit icosphere: 10·4^s + 2 vertices and 20·4^s faces, counter-clockwise seen from outside.

    Examples
    --------
    >>> v, f = icosphere(0)
    >>> np.allclose(np.linalg.norm(v, axis=1), 1.0), f.shape
    (True, (20, 3))
    """
    s = check_int(subdivisions, "subdivisions", low=0, high=7, func="icosphere")
    t = (1.0 + 5 ** 0.5) / 2.0
    verts = [[-1, t, 0], [1, t, 0], [-1, -t, 0], [1, -t, 0], [0, -1, t], [0, 1, t], [0, -1, -t], [0, 1, -t],
             [t, 0, -1], [t, 0, 1], [-t, 0, -1], [-t, 0, 1]]
    faces = [[0, 11, 5], [0, 5, 1], [0, 1, 7], [0, 7, 10], [0, 10, 11], [1, 5, 9], [5, 11, 4], [11, 10, 2],
             [10, 7, 6], [7, 1, 8], [3, 9, 4], [3, 4, 2], [3, 2, 6], [3, 6, 8], [3, 8, 9], [4, 9, 5], [2, 4, 11],
             [6, 2, 10], [8, 6, 7], [9, 8, 1]]
    v = [np.asarray(p, float) / np.linalg.norm(p) for p in verts]
    f = np.asarray(faces)
    for _ in range(s):
        cache: dict[tuple[int, int], int] = {}

        def midpoint(i: int, j: int, cache: dict = cache) -> int:
            key = (min(i, j), max(i, j))
            if key not in cache:
                m = v[i] + v[j]
                v.append(m / np.linalg.norm(m))
                cache[key] = len(v) - 1
            return cache[key]

        new = []
        for a, b, c in f:
            ab, bc, ca = midpoint(a, b), midpoint(b, c), midpoint(c, a)
            new += [[a, ab, ca], [b, bc, ab], [c, ca, bc], [ab, bc, ca]]
        f = np.asarray(new)
    return np.asarray(v), f


def ellipsoid(subdivisions: int = 3, axes=(1.0, 0.8, 0.6)) -> tuple[np.ndarray, np.ndarray]:
    """The icosphere scaled along the coordinate axes (same faces, still outward-oriented)."""
    v, f = icosphere(subdivisions)
    a = np.asarray(axes, float)
    if a.shape != (3,) or np.any(a <= 0) or not np.all(np.isfinite(a)):
        raise ValueError(f"The 'axes' parameter of ellipsoid must be three positive semi-axes. Got {axes!r} instead.")
    return v * a, f


def bumpy_sphere(subdivisions: int = 3, amplitude: float = 0.15, n_bumps: int = 6,
                 seed=0) -> tuple[np.ndarray, np.ndarray]:
    """A star-shaped surface r(u) = 1 + amplitude · g(u) on the icosphere's directions u.

    g is a random smooth field: a sum of ``n_bumps`` Gaussian bumps exp(-|u - c_k|²/0.3) with random
    centres c_k and signs, scaled to max |g| = 1, so the radius stays in [1 − amplitude, 1 + amplitude].
    """
    amp = check_real(amplitude, "amplitude", low=0.0, high=0.9, func="bumpy_sphere")
    k = check_int(n_bumps, "n_bumps", low=1, func="bumpy_sphere")
    rng = check_rng(seed, func="bumpy_sphere")
    v, f = icosphere(subdivisions)
    centres = rng.normal(size=(k, 3))
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    signs = rng.choice([-1.0, 1.0], size=k)
    g = (signs[None, :] * np.exp(-((v[:, None, :] - centres[None]) ** 2).sum(-1) / 0.3)).sum(1)
    g /= np.max(np.abs(g))
    return v * (1.0 + amp * g)[:, None], f


def sample_surface(vertices: np.ndarray, faces: np.ndarray, n: int, seed=0) -> np.ndarray:
    """n points uniform on the surface: a face drawn with probability ∝ area, then a uniform point in it.

    Examples
    --------
    >>> v, f = icosphere(3)
    >>> x = sample_surface(v, f, 1000, seed=0)
    >>> x.shape, bool(np.all(np.linalg.norm(x, axis=1) <= 1.0))
    ((1000, 3), True)
    """
    n = check_int(n, "n", low=1, func="sample_surface")
    rng = check_rng(seed, func="sample_surface")
    p0, p1, p2 = vertices[faces[:, 0]], vertices[faces[:, 1]], vertices[faces[:, 2]]
    area = np.linalg.norm(np.cross(p1 - p0, p2 - p0), axis=1)
    idx = rng.choice(len(faces), size=n, p=area / area.sum())
    r1, r2 = rng.random(n), rng.random(n)
    s = np.sqrt(r1)  # uniform barycentric coordinates (Osada et al. 2002)
    return ((1 - s)[:, None] * p0[idx] + (s * (1 - r2))[:, None] * p1[idx] + (s * r2)[:, None] * p2[idx])


def uniform_ball(n: int, d: int, seed=0) -> np.ndarray:
    """n points uniform in the unit ball of R^d (direction × radius U^{1/d}).

    Examples
    --------
    >>> x = uniform_ball(500, 6, seed=1)
    >>> x.shape, bool(np.all(np.linalg.norm(x, axis=1) <= 1.0))
    ((500, 6), True)
    """
    n = check_int(n, "n", low=1, func="uniform_ball")
    d = check_int(d, "d", low=1, func="uniform_ball")
    rng = check_rng(seed, func="uniform_ball")
    g = rng.normal(size=(n, d))
    return g / np.linalg.norm(g, axis=1, keepdims=True) * rng.random(n)[:, None] ** (1.0 / d)
