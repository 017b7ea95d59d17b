"""Tests of infolab.models.grid_encoding: multilinear interpolation matrices and metric-warped coordinates."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.interpolate import RegularGridInterpolator

from infolab.models import grid_interpolation_matrix, metric_coordinates


@pytest.mark.parametrize("resolution", [2, 3, 9, 33])
def test_1d_matches_numpy_interp(resolution):
    rng = np.random.default_rng(resolution)
    x = np.concatenate([rng.uniform(-1, 1, 200), [-1.0, 1.0]])
    vals = rng.normal(size=resolution)
    got = grid_interpolation_matrix(x, resolution) @ vals
    np.testing.assert_allclose(got, np.interp(x, np.linspace(-1, 1, resolution), vals), atol=1e-13)


@pytest.mark.parametrize("dim,resolution", [(2, 5), (2, 12), (3, 4)])
def test_nd_matches_scipy(dim, resolution):
    rng = np.random.default_rng(dim * 100 + resolution)
    pts = rng.uniform(-1, 1, size=(300, dim))
    vals = rng.normal(size=(resolution,) * dim)
    axes = (np.linspace(-1, 1, resolution),) * dim
    got = grid_interpolation_matrix(pts, resolution) @ vals.ravel()
    np.testing.assert_allclose(got, RegularGridInterpolator(axes, vals)(pts), atol=1e-12)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000), st.integers(2, 20))
def test_rows_are_convex_weights_and_affine_functions_are_exact(seed, resolution):
    rng = np.random.default_rng(seed)
    pts = rng.uniform(-1, 1, size=(50, 2))
    m = grid_interpolation_matrix(pts, resolution)
    np.testing.assert_allclose(np.asarray(m.sum(axis=1)).ravel(), 1.0, atol=1e-12)
    assert m.data.min() >= 0
    axis = np.linspace(-1, 1, resolution)
    r, c = np.meshgrid(axis, axis, indexing="ij")
    affine = 0.3 + 2.0 * r - 1.5 * c
    np.testing.assert_allclose(m @ affine.ravel(), 0.3 + 2.0 * pts[:, 0] - 1.5 * pts[:, 1], atol=1e-12)


def test_metric_coordinates_closed_forms_and_no_mutation():
    x = np.linspace(-1, 1, 11)
    before = x.copy()
    np.testing.assert_allclose(metric_coordinates(x, "sine"), np.sin(x) / np.sin(1.0), atol=1e-15)
    np.testing.assert_allclose(metric_coordinates(x, "arcsine"), np.arcsin(x) * 2 / np.pi, atol=1e-15)
    np.testing.assert_array_equal(metric_coordinates(x, "linear"), x)
    np.testing.assert_array_equal(x, before)
    # each metric is a strictly increasing bijection of [-1, 1]
    for m in ("linear", "sine", "arcsine"):
        y = metric_coordinates(x, m)
        assert y[0] == -1.0 and y[-1] == 1.0 and np.all(np.diff(y) > 0)


def test_bad_inputs():
    with pytest.raises(ValueError, match="'coords'"):
        grid_interpolation_matrix([1.5], 4)
    with pytest.raises(ValueError, match="'resolution'"):
        grid_interpolation_matrix([0.0], 1)
    with pytest.raises(TypeError, match="'coords'"):
        grid_interpolation_matrix(np.array(["a"]), 4)
    with pytest.raises(ValueError, match="'metric'"):
        metric_coordinates([0.0], "cosine")
    with pytest.raises(ValueError, match="'coords'"):
        metric_coordinates([np.nan], "sine")
