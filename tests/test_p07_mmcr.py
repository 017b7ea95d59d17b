"""Tests of infolab.papers.p07_mmcr: augmentations, Cover's formula, separability, capacity, training."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.special import comb
from sklearn.datasets import load_digits

from infolab.papers.p07_mmcr import (
    augment_digits,
    capacity_curve,
    cover_fraction,
    critical_load,
    embed,
    separable_fraction,
    train_mmcr_encoder,
)

IMAGES = load_digits().data[:40] / 16.0


def test_augmentation_identity_and_determinism():
    same = augment_digits(IMAGES, 0, max_rotation_deg=0.0, max_shift=0, noise_std=0.0, erase_size=0)
    np.testing.assert_allclose(same, IMAGES, atol=1e-12)
    a, b = augment_digits(IMAGES, 5), augment_digits(IMAGES, 5)
    np.testing.assert_array_equal(a, b)
    assert a.shape == (40, 64)
    assert not np.allclose(a, augment_digits(IMAGES, 6))


def test_augmentation_shift_moves_pixels():
    img = np.zeros((1, 8, 8))
    img[0, 3, 4] = 1.0
    out = augment_digits(img, 0, max_rotation_deg=0.0, max_shift=1, noise_std=0.0, erase_size=0).reshape(8, 8)
    assert out.sum() == pytest.approx(1.0)  # an interior pixel shifted by at most one stays inside
    r, c = np.unravel_index(np.argmax(out), (8, 8))
    assert abs(r - 3) <= 1 and abs(c - 4) <= 1


@pytest.mark.parametrize("p,n", [(1, 3), (5, 5), (10, 3), (80, 40), (7, 1)])
def test_cover_fraction_against_binomial_sum(p, n):
    exact = sum(comb(p - 1, k, exact=True) for k in range(n)) / 2 ** (p - 1)
    assert cover_fraction(p, n) == pytest.approx(min(1.0, exact), rel=1e-12)


def test_cover_fraction_half_at_twice_n():
    for n in (1, 5, 40):
        assert cover_fraction(2 * n, n) == pytest.approx(0.5, abs=1e-12)


def test_separable_fraction_simple_cases():
    # two points on opposite sides of the origin of a line: the labelings (+,-) and (-,+) are
    # separable, (+,+) and (-,-) are not, so half of all labelings.
    points = np.array([[[1.0]], [[-1.0]]])
    frac = separable_fraction(points, 100, seed=0)
    assert 0.35 < frac < 0.65
    # P <= N points in general position: every labeling is separable
    assert separable_fraction(np.random.default_rng(0).normal(size=(5, 1, 8)), 20, seed=1) == 1.0
    # a manifold that contains both a point and its negative can never be on one side
    bad = np.array([[[1.0, 0.0], [-1.0, 0.0]], [[0.0, 1.0], [0.0, 2.0]]])
    assert separable_fraction(bad, 10, seed=0) == 0.0


def test_capacity_curve_and_critical_load():
    fr = capacity_curve(lambda p, r: r.normal(size=(p, 1, 4)), [2, 4, 8, 12, 16], 15, seed=0)
    assert fr[0] == 1.0 and fr[1] == 1.0 and fr[-1] < 0.5
    assert critical_load([10, 20], [1.0, 0.0], 10) == pytest.approx(1.5)
    assert critical_load([10, 20, 30], [0.9, 0.7, 0.3], 10) == pytest.approx(2.5)


def test_training_raises_the_objective():
    net, losses = train_mmcr_encoder(IMAGES, hidden=32, dim=8, n_views=4, batch_size=16, steps=60, lr=1e-2, seed=0)
    assert np.mean(losses[-10:]) < np.mean(losses[:10])
    assert np.all(losses >= -math.sqrt(16 * 8) - 1e-9)
    z = embed(net, IMAGES)
    np.testing.assert_allclose(np.linalg.norm(z, axis=1), 1.0, atol=1e-12)
    _, again = train_mmcr_encoder(IMAGES, hidden=32, dim=8, n_views=4, batch_size=16, steps=60, lr=1e-2, seed=0)
    np.testing.assert_array_equal(losses, again)


def test_bad_input():
    with pytest.raises(ValueError, match="'p'"):
        cover_fraction(0, 3)
    with pytest.raises(TypeError, match="'n'"):
        cover_fraction(3, 2.5)
    with pytest.raises(ValueError, match="'fractions'"):
        critical_load([1, 2], [0.9, 0.8], 1)
    with pytest.raises(ValueError, match="'steps'"):
        train_mmcr_encoder(IMAGES, steps=0)
    with pytest.raises(TypeError, match="'seed'"):
        augment_digits(IMAGES, seed="a")
    with pytest.raises(TypeError, match="'seed'"):
        separable_fraction(np.ones((2, 1, 2)), 3, seed=-1.5)
