"""Tests of infolab.papers.p35_metric_grids: interpolation orders, least-squares grids, the trained grid field."""

from __future__ import annotations

import numpy as np
import pytest

from infolab.papers.p35_metric_grids import (
    fit_least_squares,
    grid_design,
    grid_values,
    linear_interpolant,
    pixel_coordinates,
    predict_least_squares,
    procedural_image,
    psnr,
    second_order_interpolant,
    train_grid_field,
)


def test_linear_error_bound_and_quadratic_exactness():
    x = np.linspace(-1, 1, 4001)
    for n in (5, 9, 17):
        h = 2 / (n - 1)
        err = np.max(np.abs(linear_interpolant(np.exp, n, x) - np.exp(x)))
        assert err <= h ** 2 / 8 * np.e + 1e-15
    # for a quadratic, f'' is constant and the second-order term makes the interpolant exact
    q = lambda t: 1.0 + t - 3.0 * t ** 2            # noqa: E731
    q2 = lambda t: np.full_like(t, -6.0)            # noqa: E731
    np.testing.assert_allclose(second_order_interpolant(q, q2, 5, x), q(x), atol=1e-13)


def test_least_squares_recovers_a_grid_function_exactly():
    coords = pixel_coordinates(20, 20)
    rng = np.random.default_rng(0)
    design = grid_design(coords, [5], ["linear"])
    truth = rng.normal(size=25)
    y = predict_least_squares(design, truth)
    v = fit_least_squares(design, y, damp=0.0)
    np.testing.assert_allclose(predict_least_squares(design, v), y, atol=1e-8)
    assert grid_values([5, 9], ["linear", "sine", "arcsine"], 2) == 3 * (25 + 81)


def test_psnr_and_images():
    assert psnr(np.zeros(4), np.full(4, 0.1)) == pytest.approx(20.0)
    z = procedural_image("zone_plate", 32)
    assert z.shape == (32, 32) and 0 <= z.min() and z.max() <= 1
    with pytest.raises(ValueError, match="'size'"):
        procedural_image("zone_plate", 2)


def test_trained_field_learns_and_is_reproducible():
    img = procedural_image("zone_plate", 24)
    coords = pixel_coordinates(24, 24)
    y = img.ravel()
    kw = dict(resolutions=[4, 8], metrics=["linear", "sine"], n_features=2, hidden=(16,), steps=150, lr=1e-2)
    a = train_grid_field(coords, y, coords, y, seed=0, **kw)
    b = train_grid_field(coords, y, coords, y, seed=0, **kw)
    assert a["loss"] == b["loss"]
    assert a["loss"][-1] < 0.5 * a["loss"][0]
    assert a["n_params"] == 2 * 2 * (16 + 64) + (4 * 16 + 16) + (16 + 1)
    with pytest.raises(ValueError, match="'steps'"):
        train_grid_field(coords, y, coords, y, steps=0, resolutions=[4], metrics=["linear"])
