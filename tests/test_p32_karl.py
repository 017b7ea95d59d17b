"""Tests of infolab.papers.p32_karl: patches, linear tokenizers, upside-down triplets and the token predictor."""

import numpy as np
import pytest
from scipy import fft
from threadpoolctl import threadpool_limits

from infolab.measures import approximate_kolmogorov_complexity, truncated_reconstruction_errors
from infolab.papers.p32_karl import (
    checkerboard_patches,
    digit_patches,
    fit_token_predictor,
    mandelbrot_patches,
    match_pixel_std,
    natural_patches,
    noise_patches,
    pca_basis,
    png_size,
    predict_token_count,
    to_uint8,
    upside_down_triplets,
    zigzag_dct_basis,
    zigzag_order,
)


def test_zigzag_order_is_jpeg_order():
    # the first entries of the JPEG zig-zag scan of an 8 x 8 block
    assert zigzag_order(8)[:10] == [(0, 0), (0, 1), (1, 0), (2, 0), (1, 1), (0, 2), (0, 3), (1, 2), (2, 1), (3, 0)]
    assert sorted(zigzag_order(5)) == [(u, v) for u in range(5) for v in range(5)]
    with pytest.raises(ValueError, match="'size'"):
        zigzag_order(0)


def test_dct_basis_matches_scipy_dctn():
    b = zigzag_dct_basis(8)
    assert np.allclose(b @ b.T, np.eye(64), atol=1e-13)
    x = np.random.default_rng(0).random((8, 8))
    c = fft.dctn(x, norm="ortho")
    assert np.allclose(b @ x.ravel(), [c[u, v] for u, v in zigzag_order(8)], atol=1e-13)


def test_pca_basis_orthonormal_and_variance_ordered():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(200, 6)) * np.array([5.0, 4.0, 3.0, 2.0, 1.0, 0.5])
    mean, comps = pca_basis(x, 4)
    assert np.allclose(comps @ comps.T, np.eye(4), atol=1e-12)
    var = np.var((x - mean) @ comps.T, axis=0)
    assert np.all(np.diff(var) < 0)
    with pytest.raises(ValueError, match="'n_tokens'"):
        pca_basis(x, 7)


def test_patch_generators_shapes_ranges_and_seeds():
    nat, src = natural_patches(["camera"], 32)
    assert nat.shape == (256, 32, 32) and set(src) == {"camera"} and 0 <= nat.min() and nat.max() <= 1
    boards, side = checkerboard_patches(16, [4, 8], phases=2)
    assert boards.shape == (8, 16, 16) and side.tolist() == [4] * 4 + [8] * 4
    assert set(np.unique(boards)) == {0.0, 1.0} and np.allclose(boards.mean(axis=(1, 2)), 0.5)
    assert np.array_equal(noise_patches(3, 8, sigma=0.1, seed=5), noise_patches(3, 8, sigma=0.1, seed=5))
    d = digit_patches(4, 32, seed=0)
    assert d.shape == (4, 32, 32) and 0 <= d.min() and d.max() <= 1
    m = mandelbrot_patches(2, 16, seed=0, max_iter=60)
    assert m.shape == (2, 16, 16) and 0 <= m.min() and m.max() <= 1 and np.all(m.std(axis=(1, 2)) > 0)


def test_noise_residual_energy_matches_closed_form():
    # E ||(I - P_t) z||^2 = (d - t) sigma^2 for any orthonormal basis
    x = noise_patches(400, 16, sigma=0.2, seed=3) - 0.5
    b = zigzag_dct_basis(16)
    mse = truncated_reconstruction_errors(x.reshape(400, -1), b, [64], error="mse")[:, 0]
    assert abs(mse.mean() / (0.04 * (256 - 64) / 256) - 1) < 0.02


def test_match_pixel_std_and_uint8():
    x = np.random.default_rng(2).random((3, 5, 5))
    y = match_pixel_std(x, 0.1)
    assert np.allclose(y.std(axis=(1, 2)), 0.1) and np.allclose(y.mean(axis=(1, 2)), x.mean(axis=(1, 2)))
    with pytest.raises(ValueError, match="constant patch"):
        match_pixel_std(np.ones((1, 4, 4)), 0.1)
    assert to_uint8(np.array([[-0.1, 0.5, 1.2]])).tolist() == [[0, 128, 255]]
    assert png_size(np.zeros((32, 32))) < png_size(np.random.default_rng(0).random((32, 32)))


def test_upside_down_triplets_read_the_table():
    errors = np.array([[0.5, 0.2, 0.1], [0.4, 0.3, 0.05]])
    idx, eps0, t = upside_down_triplets(errors, [4, 8, 12], 5, seed=0)
    assert idx.tolist() == [0] * 5 + [1] * 5
    assert np.array_equal(eps0, errors[idx, np.searchsorted([4, 8, 12], t)])


def test_predictor_learns_a_deterministic_map():
    # each feature vector has an error curve e(t) = a / t; the predictor must invert it
    rng = np.random.default_rng(0)
    counts = np.arange(4, 129, 4)
    a = rng.uniform(0.5, 4.0, size=300)
    errors = a[:, None] / counts[None, :]
    feats = np.column_stack([a, rng.normal(size=300)])
    idx, eps0, t = upside_down_triplets(errors, counts, 10, seed=1)
    with threadpool_limits(limits=1):               # small trees: threads only add overhead on a busy machine
        model = fit_token_predictor(feats[idx], eps0, t, seed=0)
    eps = 0.05
    oracle = approximate_kolmogorov_complexity(errors, counts, eps)
    guess = predict_token_count(model, feats, eps, counts)
    assert set(guess) <= set(counts)
    assert np.mean(np.abs(guess - oracle) <= 8) > 0.9
