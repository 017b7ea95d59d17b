"""Tests of infolab.papers.p13_shortest_path: spectra, perturbed paths and the exact-denoiser sampler."""

import numpy as np
import pytest

from infolab.measures import (
    fisher_rao_path_length,
    gaussian_kl_divergence,
    linear_schedule,
    shortest_path_schedule,
)
from infolab.papers.p13_shortest_path import (
    ancestral_sampler_variances,
    ancestral_samples,
    box_downsampled_crops,
    diagonal_gaussian_kl,
    fit_power_law,
    frequency_radius,
    image_power_spectrum,
    perturbed_geodesic_variances,
    power_law_spectrum,
)


def test_frequency_radius_matches_fftfreq():
    r = frequency_radius(6)
    f = np.fft.fftfreq(6, d=1 / 6)
    assert r.shape == (6, 6)
    assert r[0].tolist() == np.abs(f).tolist()
    assert r[3, 4] == pytest.approx(np.hypot(3, 2))


def test_power_law_spectrum_is_the_reference_formula():
    s = power_law_spectrum(8, c1=2.0, c2=0.5, m=3.0)
    assert s[0, 0] == pytest.approx(2.0 / 0.5 ** 3)
    assert s[0, 1] == pytest.approx(2.0 / 1.5 ** 3)
    with pytest.raises(ValueError, match="'c2'"):
        power_law_spectrum(8, c2=0.0)


def test_fit_power_law_recovers_an_exact_power_law():
    r = frequency_radius(16)
    s = np.where(r > 0, 3.0 * np.maximum(r, 1e-9) ** -2.5, 1.0)
    m, c = fit_power_law(s, low=1.0)
    assert m == pytest.approx(2.5, abs=1e-10) and c == pytest.approx(3.0, rel=1e-10)
    with pytest.raises(ValueError, match="'spectrum'"):
        fit_power_law(-s)


def test_image_power_spectrum_is_parseval_and_symmetric():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((5, 8, 8))
    p = image_power_spectrum(x)
    assert p.sum() == pytest.approx(np.mean(np.sum(x ** 2, axis=(1, 2))), rel=1e-12)   # Parseval, orthonormal FFT
    assert np.array_equal(p, np.roll(p[::-1, ::-1], 1, axis=(0, 1)))
    with pytest.raises(ValueError, match="'images'"):
        image_power_spectrum(np.ones((3, 4, 5)))


def test_box_downsampled_crops_average_blocks():
    img = np.arange(16, dtype=float).reshape(4, 4) / 15.0
    out = box_downsampled_crops([img], 2, 2, 1, seed=0)
    expected = 2 * img.reshape(2, 2, 2, 2).mean(axis=(1, 3)) - 1
    np.testing.assert_allclose(out[0], expected)
    assert out.shape == (1, 2, 2)
    with pytest.raises(ValueError, match="'factor'"):
        box_downsampled_crops([img], 2, 4, 1)


def test_perturbed_geodesic_is_longer_and_keeps_endpoints():
    s0 = np.array([10.0, 0.1, 3.0])
    h = np.array([1.0, 1.0, -2.0])
    tau = np.linspace(1, 0, 501)
    v = perturbed_geodesic_variances(s0, tau, 0.3, h)
    np.testing.assert_allclose(v[0], s0)
    np.testing.assert_allclose(v[-1], 1.0)
    l_star = np.sqrt(0.5 * np.sum(np.log(s0) ** 2))
    assert fisher_rao_path_length(v) > l_star
    assert fisher_rao_path_length(perturbed_geodesic_variances(s0, tau, 0.0, h)) == pytest.approx(l_star, rel=1e-12)
    with pytest.raises(ValueError, match="'direction'"):
        perturbed_geodesic_variances(s0, tau, 0.1, h[:2])


def _spd(s0, n_steps):
    return shortest_path_schedule(s0, 1 - np.arange(n_steps + 1) / n_steps)


def test_exact_reverse_variance_returns_the_data_for_spd():
    s0 = power_law_spectrum(8)
    for n_steps in (1, 3, 50):
        v = ancestral_sampler_variances(_spd(s0, n_steps), s0, variance="exact")
        np.testing.assert_allclose(v, s0, rtol=1e-10)


def test_one_step_sampler_by_hand():
    # T = 1, scalar schedule ᾱ = (1, a): x₀ = E[x₀|x₁] = √a Σ₀/Σ₁ x₁ with x₁ ~ N(0, 1), no noise added
    s0, a = np.array([4.0]), 0.3
    sig1 = a * 4.0 + 1 - a
    v = ancestral_sampler_variances(np.array([1.0, a]), s0)
    assert v[0] == pytest.approx(a * 16.0 / sig1 ** 2)


def test_exact_reverse_variance_walks_back_through_the_marginals():
    # the DDPM posterior mean with the exact x̂₀ is E[x_{t−1} | x_t] = √α_t Σ_{t−1}/Σ_t x_t, so with the exact reverse
    # variance the output variance is Σ_t at every step of any schedule that ends at white noise (ᾱ_T = 0)
    s0 = np.array([50.0, 2.0, 0.05])
    ab = np.linspace(1.0, 0.0, 21) ** 2
    path = ancestral_sampler_variances(ab, s0, variance="exact", return_path=True)
    assert path.shape == (21, 3)
    sig = ab[:, None] * s0 + 1 - ab[:, None]
    np.testing.assert_allclose(path, sig[::-1], rtol=1e-12)


def test_fixed_small_variance_converges_with_steps():
    s0 = power_law_spectrum(8)
    kls = [diagonal_gaussian_kl(ancestral_sampler_variances(_spd(s0, t), s0), s0) for t in (10, 40, 160)]
    assert kls[0] > kls[1] > kls[2] > 0


def test_sampler_bad_inputs():
    s0 = np.array([2.0, 0.5])
    with pytest.raises(ValueError, match="'alpha_bar'"):
        ancestral_sampler_variances(np.array([0.9, 0.5]), s0)
    with pytest.raises(ValueError, match="'variance'"):
        ancestral_sampler_variances(linear_schedule(30), s0, variance="tiny")
    with pytest.raises(ValueError, match="'data_variance'"):
        ancestral_sampler_variances(linear_schedule(30), -s0)


def test_pixel_sampler_matches_the_recursion():
    s0 = power_law_spectrum(8)
    ab = _spd(s0, 10)
    x = ancestral_samples(ab, s0, 4000, seed=1)
    assert np.isrealobj(x) and x.shape == (4000, 8, 8)
    ratio = image_power_spectrum(x) / ancestral_sampler_variances(ab, s0)
    assert np.max(np.abs(ratio - 1)) < 6 * np.sqrt(2 / 4000)
    np.testing.assert_array_equal(ancestral_samples(ab, s0, 3, seed=2), ancestral_samples(ab, s0, 3, seed=2))
    with pytest.raises(ValueError, match="'data_variance'"):
        ancestral_samples(ab, np.arange(1.0, 65.0).reshape(8, 8), 3)


def test_diagonal_gaussian_kl_matches_the_dense_formula():
    v, s = np.array([0.5, 2.0, 3.0]), np.array([1.0, 1.5, 0.2])
    dense = gaussian_kl_divergence(np.zeros(3), np.diag(v), np.zeros(3), np.diag(s))
    assert diagonal_gaussian_kl(v, s) == pytest.approx(dense, rel=1e-12)
    assert diagonal_gaussian_kl(s, s) == 0.0
    with pytest.raises(ValueError, match="'variances'"):
        diagonal_gaussian_kl(v[:2], s)
