"""Tests of infolab.measures.image: scikit-image as the peer for SSIM/PSNR, a loop oracle for CSIM, invariances."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import ndtri

from infolab.measures import (
    copula_similarity,
    mean_squared_error,
    peak_signal_noise_ratio,
    structural_similarity,
)

skm = pytest.importorskip("skimage.metrics")  # scikit-image: a test-only peer

RNG = np.random.default_rng(20261202)


def _smooth_field(shape, seed=0):
    from scipy.ndimage import gaussian_filter  # noqa: PLC0415

    f = gaussian_filter(np.random.default_rng(seed).normal(size=shape), sigma=(3, 3, 0)[:len(shape)])
    f = (f - f.min()) / (f.max() - f.min())
    return f


def _uint8(img):
    return np.round(255 * img).astype(np.uint8)


def csim_loop_oracle(a, b, p, winitzki=False):
    """A literal per-patch reading of the CSIM definition (ranks via a stable sort, ties in raster order)."""
    a = a[:, :, None] if a.ndim == 2 else a
    b = b[:, :, None] if b.ndim == 2 else b
    n = p * p
    out = np.zeros((a.shape[0] // p, a.shape[1] // p))
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            zs = []
            for img in (a, b):
                patch = img[i * p:(i + 1) * p, j * p:(j + 1) * p, :].reshape(n, -1)
                ranks = np.zeros(patch.shape)
                for c in range(patch.shape[1]):
                    order = np.argsort(patch[:, c], kind="stable")
                    ranks[order, c] = np.arange(1, n + 1)
                u = ranks.mean(axis=1) / (n + 1)
                if winitzki:
                    x = 2 * u - 1
                    lg = np.log(1 - x * x)
                    t = 2 / (math.pi * 0.147) + lg / 2
                    zs.append(math.sqrt(2) * np.sign(x) * np.sqrt(np.sqrt(t * t - lg / 0.147) - t))
                else:
                    zs.append(ndtri(u))
            out[i, j] = max(0.0, 1.0 - np.linalg.norm(zs[0] - zs[1]) / math.sqrt(n))
    return out


# --- peers ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("channels", [None, 3])
def test_ssim_equals_scikit_image(channels):
    shape = (48, 40) if channels is None else (48, 40, channels)
    ref = _uint8(_smooth_field(shape, 1))
    test = np.clip(ref + RNG.normal(0, 12, shape), 0, 255).astype(np.uint8)
    axis = None if channels is None else -1
    paper = skm.structural_similarity(ref, test, channel_axis=axis, gaussian_weights=True, sigma=1.5,
                                      use_sample_covariance=False, data_range=255)
    assert structural_similarity(ref, test) == pytest.approx(paper, abs=1e-13)
    uniform = skm.structural_similarity(ref, test, channel_axis=axis)
    assert structural_similarity(ref, test, gaussian_weights=False, use_sample_covariance=True) == pytest.approx(
        uniform, abs=1e-13)
    f_ref, f_test = ref / 255.0, test / 255.0
    assert structural_similarity(f_ref, f_test, data_range=1.0, gaussian_weights=False, window_size=5) == pytest.approx(
        skm.structural_similarity(f_ref, f_test, channel_axis=axis, data_range=1.0, win_size=5,
                                  use_sample_covariance=False), abs=1e-13)


def test_ssim_map_and_identity():
    ref = _uint8(_smooth_field((30, 30), 2))
    value, s_map = structural_similarity(ref, ref, return_map=True)
    assert value == 1.0 and s_map.shape == ref.shape


def test_psnr_and_mse_equal_scikit_image():
    ref = _uint8(_smooth_field((32, 32, 3), 3))
    test = np.clip(ref + RNG.normal(0, 5, ref.shape), 0, 255).astype(np.uint8)
    assert peak_signal_noise_ratio(ref, test) == pytest.approx(skm.peak_signal_noise_ratio(ref, test), abs=1e-12)
    assert mean_squared_error(ref, test) == pytest.approx(skm.mean_squared_error(ref, test), abs=1e-12)
    f_ref, f_test = ref / 255.0, test / 255.0
    assert peak_signal_noise_ratio(f_ref, f_test, data_range=1.0) == pytest.approx(
        skm.peak_signal_noise_ratio(f_ref, f_test, data_range=1.0), abs=1e-10)
    assert peak_signal_noise_ratio(ref, ref) == math.inf


# --- CSIM: oracle, exact cases --------------------------------------------------------------------------

@pytest.mark.parametrize("winitzki", [False, True])
@pytest.mark.parametrize("shape,p", [((20, 27, 3), 4), ((16, 16), 8), ((19, 13), 3)])
def test_csim_equals_the_loop_oracle(shape, p, winitzki):
    a = _uint8(_smooth_field(shape, 4))
    b = np.clip(a + RNG.normal(0, 8, shape), 0, 255).astype(np.uint8)
    value, s_map = copula_similarity(a, b, patch_size=p, inverse_cdf="winitzki" if winitzki else "exact",
                                     return_map=True)
    oracle = csim_loop_oracle(a, b, p, winitzki)
    np.testing.assert_allclose(s_map, oracle, rtol=0, atol=1e-14)   # the same sums, up to summation order
    assert value == pytest.approx(oracle.mean(), abs=1e-15)


def test_csim_identical_images_give_a_map_of_ones():
    a = _uint8(_smooth_field((40, 40, 3), 5))
    _, s_map = copula_similarity(a, a, return_map=True)
    assert np.all(s_map == 1.0)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000), st.floats(0.1, 10), st.floats(-100, 100), st.floats(0.2, 5),
       st.sampled_from([2, 4, 8]))
def test_csim_is_one_under_strictly_increasing_maps(seed, gain, offset, gamma, p):
    img = np.random.default_rng(seed).random((24, 24, 3)) + 0.01
    for mapped in (gain * img + offset, img ** gamma, np.exp(img) * gain, np.log(img)):
        assert copula_similarity(img, mapped, patch_size=p) == 1.0


def test_csim_with_ties_in_uint8_shift():
    a = _uint8(_smooth_field((64, 64, 3), 6) * 0.9)   # values <= 230: +10 does not clip
    assert copula_similarity(a, a + np.uint8(10)) == 1.0
    assert copula_similarity(a, a + np.uint8(10), ties="average") == 1.0


def test_csim_is_local():
    a = _uint8(_smooth_field((64, 64), 7))
    b = a.copy()
    b[8:16, 16:24] = np.clip(b[8:16, 16:24] + RNG.normal(0, 10, (8, 8)), 0, 255).astype(np.uint8)
    _, s_map = copula_similarity(a, b, patch_size=8, return_map=True)
    assert s_map[1, 2] < 1.0
    mask = np.ones_like(s_map, bool)
    mask[1, 2] = False
    assert np.all(s_map[mask] == 1.0)


def test_csim_reversed_patch_is_zero():
    a = RNG.random((8, 8))
    assert copula_similarity(a, -a, patch_size=8) == 0.0
    assert 0.0 <= copula_similarity(a, RNG.random((8, 8)), patch_size=4) <= 1.0


def test_csim_winitzki_is_close_to_exact():
    a = _uint8(_smooth_field((64, 64, 3), 8))
    b = np.clip(a + RNG.normal(0, 10, a.shape), 0, 255).astype(np.uint8)
    _, exact = copula_similarity(a, b, return_map=True)
    _, approx = copula_similarity(a, b, inverse_cdf="winitzki", return_map=True)
    assert np.max(np.abs(exact - approx)) < 1e-3


def test_inputs_are_not_modified():
    a = _uint8(_smooth_field((32, 32, 3), 9))
    b = a[::-1].copy()
    copies = a.copy(), b.copy()
    copula_similarity(a, b)
    structural_similarity(a, b)
    peak_signal_noise_ratio(a, b)
    np.testing.assert_array_equal(a, copies[0])
    np.testing.assert_array_equal(b, copies[1])


# --- bad input -----------------------------------------------------------------------------------------

def test_bad_input_csim():
    a = RNG.random((16, 16))
    with pytest.raises(ValueError, match="'reference' and 'test'.*same shape"):
        copula_similarity(a, a[:8])
    with pytest.raises(ValueError, match="'patch_size'"):
        copula_similarity(a, a, patch_size=1)
    with pytest.raises(ValueError, match="'patch_size'"):
        copula_similarity(a, a, patch_size=17)
    with pytest.raises(ValueError, match="'inverse_cdf'"):
        copula_similarity(a, a, inverse_cdf="erf")
    with pytest.raises(ValueError, match="'ties'"):
        copula_similarity(a, a, ties="dense")
    with pytest.raises(ValueError, match="'test'.*finite"):
        copula_similarity(a, np.full_like(a, np.nan))
    with pytest.raises(TypeError, match="'reference'.*real numbers"):
        copula_similarity(a.astype(complex), a)
    with pytest.raises(ValueError, match="'reference'.*2-D"):
        copula_similarity(np.zeros(16), np.zeros(16))
    with pytest.raises(TypeError, match="'reference'.*real numbers"):
        copula_similarity(a > 0.5, a > 0.5)


def test_bad_input_ssim_psnr_mse():
    a = RNG.random((16, 16))
    with pytest.raises(ValueError, match="'data_range'.*floating-point"):
        structural_similarity(a, a)
    with pytest.raises(ValueError, match="'data_range'.*floating-point"):
        peak_signal_noise_ratio(a, a)
    with pytest.raises(ValueError, match="'data_range'"):
        peak_signal_noise_ratio(a, a, data_range=0.0)
    with pytest.raises(ValueError, match="'window_size'.*gaussian_weights=True"):
        structural_similarity(a, a, data_range=1.0, window_size=7)
    with pytest.raises(ValueError, match="'sigma'.*gaussian_weights=False"):
        structural_similarity(a, a, data_range=1.0, gaussian_weights=False, sigma=2.0)
    with pytest.raises(ValueError, match="'window_size'.*odd"):
        structural_similarity(a, a, data_range=1.0, gaussian_weights=False, window_size=6)
    with pytest.raises(ValueError, match="at least 11"):
        structural_similarity(a[:8, :8], a[:8, :8], data_range=1.0)
    with pytest.raises(ValueError, match="'data_range'.*different dtypes"):
        structural_similarity(np.zeros((16, 16), np.uint8), np.zeros((16, 16), np.uint16))
    with pytest.raises(ValueError, match="'reference' and 'test'"):
        mean_squared_error(a, a.T[:3])
    with pytest.raises(TypeError, match="'test'"):
        mean_squared_error(a, "image")
