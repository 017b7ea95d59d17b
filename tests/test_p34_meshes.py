"""Tests of infolab.papers.p34_meshes: closed, outward-oriented meshes and uniform surface samples."""

from __future__ import annotations

import numpy as np
import pytest

from infolab.measures import triangle_mesh_varifold
from infolab.papers.p34_meshes import (
    bumpy_sphere,
    ellipsoid,
    icosphere,
    sample_surface,
    uniform_ball,
)


@pytest.mark.parametrize("s", [0, 1, 3])
def test_icosphere_is_a_closed_outward_sphere(s):
    v, f = icosphere(s)
    assert v.shape == (10 * 4 ** s + 2, 3) and f.shape == (20 * 4 ** s, 3)
    np.testing.assert_allclose(np.linalg.norm(v, axis=1), 1.0)
    edges = np.sort(np.vstack([f[:, [0, 1]], f[:, [1, 2]], f[:, [2, 0]]]), axis=1)
    _, counts = np.unique(edges, axis=0, return_counts=True)
    assert np.all(counts == 2)                                       # closed: each edge in two faces
    c, n, a = triangle_mesh_varifold(v, f)
    assert np.all(np.einsum("ij,ij->i", c, n) > 0)                   # outward normals
    assert len(v) - len(edges) // 2 + len(f) == 2                    # Euler characteristic of a sphere


def test_surface_area_converges_to_the_sphere():
    v, f = icosphere(4)
    assert triangle_mesh_varifold(v, f)[2].sum() == pytest.approx(4 * np.pi, rel=5e-3)


def test_deformations_keep_orientation_and_bounds():
    for v, f in (ellipsoid(2), bumpy_sphere(2, amplitude=0.2, seed=1)):
        c, n, _ = triangle_mesh_varifold(v, f)
        assert np.all(np.einsum("ij,ij->i", c, n) > 0)
    v, _ = bumpy_sphere(2, amplitude=0.2, seed=1)
    r = np.linalg.norm(v, axis=1)
    assert r.min() >= 0.8 - 1e-12 and r.max() <= 1.2 + 1e-12


def test_sample_surface_is_uniform_by_area():
    v, f = ellipsoid(3, axes=(2.0, 1.0, 1.0))
    x = sample_surface(v, f, 40_000, seed=0)
    # the mean of a uniform sample of a centred symmetric surface is near 0; points lie on the faces' plane hull
    assert np.abs(x.mean(0)).max() < 0.03
    np.testing.assert_array_equal(x, sample_surface(v, f, 40_000, seed=0))


def test_uniform_ball_radius_law():
    r = np.linalg.norm(uniform_ball(20_000, 3, seed=0), axis=1)
    assert np.mean(r ** 3 <= 0.5) == pytest.approx(0.5, abs=0.02)   # P(|X|^3 <= t) = t


def test_bad_input():
    with pytest.raises(ValueError, match="'subdivisions'"):
        icosphere(9)
    with pytest.raises(ValueError, match="'axes'"):
        ellipsoid(1, axes=(1.0, -1.0, 1.0))
    with pytest.raises(ValueError, match="'amplitude'"):
        bumpy_sphere(1, amplitude=1.5)
    with pytest.raises(ValueError, match="'n'"):
        sample_surface(*icosphere(1), 0)
    with pytest.raises(TypeError, match="'d'"):
        uniform_ball(10, 2.5)
