"""Tests of the toy data generators: sparse features, dynamical systems, factors of variation."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infolab.data import (
    SHAPES_LITE_FACTORS,
    duffing_equilibrium_eigenvalues,
    duffing_trajectories,
    feature_importance,
    multitask_sparse_parity,
    planted_sparse_features,
    shapes_lite,
    slow_manifold_koopman_eigenvalues,
    slow_manifold_koopman_matrix,
    slow_manifold_observables,
    slow_manifold_trajectories,
    toy_model_features,
    travelling_wave_field,
    uniform_sources,
)

# --------------------------------------------------------------------------- sparse features


def test_planted_features_are_what_they_say():
    s = planted_sparse_features(4000, 16, 32, p_active=0.05, seed=0)
    np.testing.assert_allclose(s.activations, s.codes @ s.directions)
    np.testing.assert_allclose(np.linalg.norm(s.directions, axis=1), 1.0, atol=1e-12)
    assert abs((s.codes > 0).mean() - 0.05) < 0.005
    assert s.codes.max() <= 1.0 and s.codes.min() >= 0.0
    o = planted_sparse_features(10, 8, 5, orthogonal_if_possible=True, seed=1)
    np.testing.assert_allclose(o.directions @ o.directions.T, np.eye(5), atol=1e-12)


def test_generators_are_deterministic_under_a_seed():
    a = planted_sparse_features(50, 4, 6, seed=3)
    b = planted_sparse_features(50, 4, 6, seed=3)
    np.testing.assert_array_equal(a.activations, b.activations)
    np.testing.assert_array_equal(toy_model_features(20, 5, 0.5, seed=1), toy_model_features(20, 5, 0.5, seed=1))
    np.testing.assert_array_equal(slow_manifold_trajectories(3, 4, seed=2).states,
                                  slow_manifold_trajectories(3, 4, seed=2).states)
    np.testing.assert_array_equal(uniform_sources(9, seed=5), uniform_sources(9, seed=5))
    assert not np.array_equal(toy_model_features(20, 5, 0.5, seed=1), toy_model_features(20, 5, 0.5, seed=2))


@settings(max_examples=20, deadline=None)
@given(st.floats(0.0, 0.95))
def test_toy_model_sparsity(sparsity):
    x = toy_model_features(4000, 10, sparsity, seed=0)
    assert abs((x == 0).mean() - sparsity) < 0.03
    assert x.min() >= 0 and x.max() <= 1


def test_feature_importance():
    np.testing.assert_allclose(feature_importance(4, 0.9), [1, 0.9, 0.81, 0.729])


def test_multitask_sparse_parity_labels():
    x, y, task = multitask_sparse_parity(3, 4)
    assert x.shape == (3 * 4096, 15)
    np.testing.assert_array_equal(x[:, :3].argmax(1), task)
    for t in range(3):
        rows = task == t
        np.testing.assert_array_equal(y[rows], x[rows][:, 3 + 4 * t:3 + 4 * (t + 1)].sum(1) % 2)
    # each task sees every bit pattern exactly once
    assert len({tuple(r) for r in x[task == 1, 3:].astype(int)}) == 4096
    assert y.mean() == 0.5


# --------------------------------------------------------------------------- dynamics


def test_slow_manifold_satisfies_its_ode():
    tr = slow_manifold_trajectories(20, 200, mu=-0.1, lam=-2.0, dt=0.01, seed=0)
    x = tr.states
    d = (x[:, 2:] - x[:, :-2]) / (2 * tr.dt)  # central difference
    mid = x[:, 1:-1]
    np.testing.assert_allclose(d[..., 0], -0.1 * mid[..., 0], atol=1e-4)
    np.testing.assert_allclose(d[..., 1], -2.0 * (mid[..., 1] - mid[..., 0] ** 2), atol=1e-3)


def test_slow_manifold_koopman_matrix_is_exact():
    tr = slow_manifold_trajectories(30, 20, seed=1)
    psi = slow_manifold_observables(tr.states)
    k = slow_manifold_koopman_matrix()
    np.testing.assert_allclose(psi[:, :-1] @ k, psi[:, 1:], atol=1e-13)
    np.testing.assert_allclose(np.sort(np.linalg.eigvals(k).real), np.sort(slow_manifold_koopman_eigenvalues()),
                               atol=1e-15)


def test_travelling_wave_eigenvalues_by_exact_dmd():
    tr = travelling_wave_field(120, grid=12, n_modes=3, omega=0.7, dt=0.2, seed=0)
    z = tr.states[0]
    _, s, vt = np.linalg.svd(z[:-1], full_matrices=False)
    assert s[6] < 1e-10 * s[0]  # rank 2K
    basis = vt[:6].T
    a = np.linalg.lstsq(z[:-1] @ basis, z[1:] @ basis, rcond=None)[0]
    np.testing.assert_allclose(np.sort_complex(np.linalg.eigvals(a)), np.sort_complex(tr.koopman_eigenvalues),
                               atol=1e-10)
    m = tr.info["modes"]
    np.testing.assert_allclose(m @ m.T / m.shape[1], np.eye(6), atol=1e-12)


def test_duffing_energy_decays_and_settles_at_a_well():
    tr = duffing_trajectories(8, 400, seed=0)
    x, v = tr.states[..., 0], tr.states[..., 1]
    energy = 0.5 * v**2 - 0.5 * x**2 + 0.25 * x**4  # α = -1, β = 1
    assert np.all(np.diff(energy, axis=1) <= 1e-9)  # damping removes energy
    np.testing.assert_allclose(np.abs(x[:, -1]), 1.0, atol=1e-2)
    lam = duffing_equilibrium_eigenvalues()
    np.testing.assert_allclose(np.abs(lam), np.exp(-0.25 * 0.1), rtol=1e-12)  # Re eig J = -δ/2


# --------------------------------------------------------------------------- factors


def test_shapes_lite_grid_is_complete_and_images_distinct():
    d = shapes_lite()
    assert d.factor_names == SHAPES_LITE_FACTORS
    assert d.images.shape == (3072, 16, 16, 3) and d.factors.shape == (3072, 6)
    assert len({tuple(r) for r in d.factors}) == 3072
    assert len(np.unique(d.images.reshape(3072, -1), axis=0)) == 3072
    assert d.images.min() >= 0 and d.images.max() <= 1
    for j, k in enumerate(d.factor_sizes):
        np.testing.assert_array_equal(np.bincount(d.factors[:, j]), np.full(k, 3072 // k))
    # the wall colour depends on the wall hue only
    top = d.images[:, 0, 0]
    for h in range(4):
        assert len(np.unique(top[d.factors[:, 1] == h], axis=0)) == 1


def test_uniform_sources_range():
    s = uniform_sources(1000, 3, 7, seed=0)
    assert s.min() == 0 and s.max() == 6 and s.shape == (1000, 3)


# --------------------------------------------------------------------------- bad input


def test_bad_input():
    with pytest.raises(ValueError, match="'p_active'"):
        planted_sparse_features(10, 4, 4, p_active=0.0)
    with pytest.raises(ValueError, match="'amplitude'"):
        planted_sparse_features(10, 4, 4, amplitude=(1.0, 0.0))
    with pytest.raises(ValueError, match="'n_features'"):
        planted_sparse_features(10, 4, 0)
    with pytest.raises(ValueError, match="'sparsity'"):
        toy_model_features(10, 4, 1.0)
    with pytest.raises(ValueError, match="'decay'"):
        feature_importance(3, 1.5)
    with pytest.raises(ValueError, match="'bits_per_task'"):
        multitask_sparse_parity(3, 6)
    with pytest.raises(ValueError, match="'mu'"):
        slow_manifold_trajectories(mu=0.1)
    with pytest.raises(ValueError, match="'lam'"):
        slow_manifold_koopman_matrix(mu=-0.5, lam=-1.0)
    with pytest.raises(ValueError, match="'states'"):
        slow_manifold_observables(np.ones((3, 3)))
    with pytest.raises(ValueError, match="'omega'"):
        travelling_wave_field(10, n_modes=3, omega=20.0, dt=0.1)
    with pytest.raises(ValueError, match="'noise'"):
        travelling_wave_field(10, noise=-1.0)
    with pytest.raises(ValueError, match="'alpha'"):
        duffing_equilibrium_eigenvalues(alpha=1.0)
    with pytest.raises(ValueError, match="'dt'"):
        duffing_trajectories(dt=0.0)
    with pytest.raises(ValueError, match="'substeps'"):
        duffing_trajectories(substeps=0)
    with pytest.raises(ValueError, match="'size'"):
        shapes_lite(size=4)
    with pytest.raises(ValueError, match="'noise'"):
        shapes_lite(noise=-0.1)
    with pytest.raises(ValueError, match="'n_values'"):
        uniform_sources(5, 2, 1)
    with pytest.raises(TypeError, match="'seed'"):
        uniform_sources(5, seed="a")
