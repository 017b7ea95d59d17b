"""Tests of infolab.papers.p21_distortions: the reference code's wrap-around noise and the signed noise."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import norm

from infolab.papers.p21_distortions import (
    center_crop,
    clipped_gaussian_noise,
    gaussian_blur,
    reference_code_noise,
    wrapped_fraction,
)


def test_reference_noise_wraps_negative_draws_into_salt():
    img = np.full((64, 64, 3), 100, np.uint8)
    out = reference_code_noise(img, 10.0, mean=5.0, seed=0)
    draw = np.random.default_rng(0).normal(5.0, 10.0, img.shape)
    wrapped = np.trunc(draw) < 0
    assert np.all(out[wrapped] == 255)                                     # 100 + (256 - k) saturates
    np.testing.assert_array_equal(out[~wrapped], np.minimum(100 + np.trunc(draw[~wrapped]), 255))
    assert wrapped_fraction(10.0, shape=img.shape, seed=0) == pytest.approx(wrapped.mean())


def test_wrapped_fraction_matches_the_normal_law():
    p = norm.cdf((-1 - 5.0) / 6.0)
    assert wrapped_fraction(6.0, shape=(400, 400), seed=1) == pytest.approx(p, abs=4 * np.sqrt(p * (1 - p) / 160000))


def test_clipped_noise_is_signed_and_clipped():
    img = np.full((100, 100), 128, np.uint8)
    out = clipped_gaussian_noise(img, 5.0, seed=0).astype(float)
    assert abs(out.mean() - 128) < 0.2 and out.std() == pytest.approx(5.0, rel=0.05)
    assert clipped_gaussian_noise(np.zeros((10, 10), np.uint8), 50.0, seed=0).min() == 0


def test_blur_and_crop():
    img = (np.arange(64 * 64 * 3) % 256).astype(np.uint8).reshape(64, 64, 3)
    np.testing.assert_array_equal(gaussian_blur(img, 0.0), img)
    assert center_crop(img, 32).shape == (32, 32, 3)
    with pytest.raises(ValueError, match="'size'"):
        center_crop(img, 65)
    with pytest.raises(ValueError, match="'sigma'"):
        gaussian_blur(img, -1.0)
