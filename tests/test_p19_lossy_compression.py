"""Tests of infolab.papers.p19_lossy_compression (renderers, latent tasks, three-entropy estimator)."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infolab.papers.p19_lossy_compression import (
    autoencoder_codes,
    information_bottleneck_curve,
    information_plane_run,
    latent_gaussian_task,
    maximal_correlation,
    render_gaussian_bumps,
    render_rectangles,
    three_entropy_mutual_information,
)


@pytest.mark.parametrize("mi,dim", [(0.0, 2), (1.0, 2), (6.0, 2), (4.0, 4), (10.0, 4)])
def test_latent_task_has_the_requested_information(mi, dim):
    task = latent_gaussian_task(mi, dim)
    assert task.mutual_information == pytest.approx(mi, abs=1e-9)
    assert task.dim_x == task.dim_y == dim


def test_bump_is_centred_where_asked_and_matches_the_formula():
    img = render_gaussian_bumps([[0.3, 0.8]], size=16, sharpness=10.0).reshape(16, 16)
    g = (np.arange(16) + 0.5) / 16
    expected = np.exp(-10 * ((g[:, None] - 0.3) ** 2 + (g[None, :] - 0.8) ** 2))
    np.testing.assert_allclose(img, expected, rtol=1e-14)


@settings(max_examples=30, deadline=None)
@given(u=st.lists(st.floats(0, 1), min_size=4, max_size=4))
def test_rectangle_area_and_edges_are_recovered(u):
    """The image holds the exact area, and each edge can be read back from the partial coverage."""
    size, delta = 32, 2.0
    img = render_rectangles([u], size=size, min_delta=delta).reshape(size, size)
    span = size / 2 - 1 - delta / 2
    left, right = 1 + span * u[0], size / 2 + delta / 2 + span * u[1]
    top, bottom = 1 + span * u[2], size / 2 + delta / 2 + span * u[3]
    assert img.sum() == pytest.approx((right - left) * (bottom - top), rel=1e-12)
    column_mass = img.sum(axis=1) / (bottom - top)          # coverage profile along the first axis
    assert column_mass.sum() == pytest.approx(right - left, rel=1e-12)
    first = int(np.flatnonzero(column_mass > 0)[0])
    assert first + 1 - column_mass[first] == pytest.approx(left, abs=1e-9)  # injective: the left edge is recovered


def test_three_entropy_estimator_is_close_on_a_gaussian_and_whitening_matters_for_strong_dependence():
    task = latent_gaussian_task(6.0, 2)
    x, y = task.sample(4000, seed=0)
    whitened = three_entropy_mutual_information(x, y, k=5)
    plain = three_entropy_mutual_information(x, y, k=5, rescale=False)
    assert abs(whitened - 6.0) < 0.2
    assert abs(plain - 6.0) > abs(whitened - 6.0)


def test_autoencoder_codes_are_deterministic_and_shaped():
    rng = np.random.default_rng(0)
    train = rng.normal(size=(200, 12))
    data = rng.normal(size=(30, 12))
    a = autoencoder_codes(train, data, 3, hidden=8, epochs=2, seed=1)
    b = autoencoder_codes(train, data, 3, hidden=8, epochs=2, seed=1)
    assert a.shape == (30, 3)
    np.testing.assert_array_equal(a, b)


def test_information_plane_run_is_bounded_and_reproducible():
    r1 = information_plane_run(noise=0.1, epochs=1, eval_samples=300, seed=0)
    r2 = information_plane_run(noise=0.1, epochs=1, eval_samples=300, seed=0)
    for key in r1:
        np.testing.assert_array_equal(r1[key], r2[key])
    assert r1["i_xl"].shape == (1, 3) and r1["i_ly"].shape == (1, 3)
    assert np.all(r1["i_ly"] <= math.log(10) + 0.2)


def test_bad_input_is_rejected():
    with pytest.raises(ValueError, match="'mutual_information'"):
        latent_gaussian_task(-1.0, 2)
    with pytest.raises(ValueError, match="'mutual_information'"):
        latent_gaussian_task(100.0, 1)
    with pytest.raises(ValueError, match="'dim'"):
        latent_gaussian_task(1.0, 0)
    with pytest.raises(ValueError, match="'u'"):
        render_gaussian_bumps([[0.5, 1.5]])
    with pytest.raises(ValueError, match="'u'"):
        render_gaussian_bumps([[0.5, 0.5, 0.5]])
    with pytest.raises(ValueError, match="'size'"):
        render_gaussian_bumps([[0.5, 0.5]], size=1)
    with pytest.raises(ValueError, match="'sharpness'"):
        render_gaussian_bumps([[0.5, 0.5]], sharpness=0.0)
    with pytest.raises(ValueError, match="'u'"):
        render_rectangles([[0.5, 0.5]])
    with pytest.raises(ValueError, match="'min_delta'"):
        render_rectangles([[0.5] * 4], size=8, min_delta=3.0)
    with pytest.raises(ValueError, match="'y'"):
        three_entropy_mutual_information(np.zeros((5, 1)), np.full((5, 1), np.nan))
    with pytest.raises(ValueError, match="'x' and 'y'"):
        three_entropy_mutual_information(np.arange(5.0), np.arange(6.0))
    with pytest.raises(ValueError, match="'code_dim'"):
        autoencoder_codes(np.ones((10, 4)), np.ones((2, 4)), 5)
    with pytest.raises(ValueError, match="'images'"):
        autoencoder_codes(np.ones((10, 4)), np.ones((2, 3)), 2)
    with pytest.raises(ValueError, match="'noise'"):
        information_plane_run(noise=-0.1, epochs=1)
    with pytest.raises(ValueError, match="'epochs'"):
        information_plane_run(noise=0.1, epochs=0)
    with pytest.raises(ValueError, match="'eval_samples'"):
        information_plane_run(noise=0.1, epochs=1, eval_samples=10)


def _soft_labels(n_x=8, n_y=3, width=0.05):
    x = np.linspace(0, 1, n_x)
    logit = -((x[:, None] - np.linspace(0, 1, n_y)[None, :]) ** 2) / width
    p = np.exp(logit - logit.max(axis=1, keepdims=True))
    return p / p.sum(axis=1, keepdims=True) / n_x


def test_information_bottleneck_curve_obeys_data_processing_and_leaves_the_origin_at_one_over_rho_squared():
    joint = _soft_labels()
    beta_c = 1.0 / maximal_correlation(joint) ** 2
    out = information_bottleneck_curve(joint, np.geomspace(0.3, 60, 50), seed=0)
    assert np.all(out.i_ty <= np.minimum(out.i_xt, out.i_xy) + 1e-12)
    assert np.all(np.diff(out.i_xt) >= -1e-9) and np.all(np.diff(out.i_ty) >= -1e-9)
    below, above = out.betas < 0.95 * beta_c, out.betas > 1.1 * beta_c
    assert np.max(out.i_xt[below]) < 1e-6
    assert out.i_xt[above][0] > 0.01
    np.testing.assert_allclose(out.encoders.sum(axis=2), 1.0, atol=1e-12)
    again = information_bottleneck_curve(joint, np.geomspace(0.3, 60, 50), seed=0)
    np.testing.assert_array_equal(out.i_xt, again.i_xt)


def test_information_bottleneck_deterministic_limit_recovers_all_of_i_xy():
    joint = np.array([[0.3, 0.0], [0.0, 0.2], [0.25, 0.25]])
    out = information_bottleneck_curve(joint, [1e3], n_clusters=3)
    assert out.i_ty[0] == pytest.approx(out.i_xy, abs=1e-9)


def test_maximal_correlation_of_a_binary_symmetric_pair_is_its_correlation():
    assert maximal_correlation([[0.45, 0.05], [0.05, 0.45]]) == pytest.approx(0.8, abs=1e-12)
    assert maximal_correlation([[0.25, 0.25], [0.25, 0.25]]) == pytest.approx(0.0, abs=1e-12)


def test_information_bottleneck_rejects_bad_betas_and_empty_rows():
    with pytest.raises(ValueError, match="'betas'"):
        information_bottleneck_curve([[0.5, 0.0], [0.0, 0.5]], [2.0, 1.0])
    with pytest.raises(ValueError, match="'betas'"):
        information_bottleneck_curve([[0.5, 0.0], [0.0, 0.5]], [0.0, 1.0])
    with pytest.raises(ValueError, match="'p_xy'"):
        information_bottleneck_curve([[1.0, 0.0], [0.0, 0.0]], [1.0])
