"""Tests of measures/representation.py: effective feature count and InfoMEC."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infolab.measures import (
    InfoMECResult,
    effective_feature_count,
    feature_activation_shares,
    infomec,
    source_latent_nmi,
    superposition_ratio,
)

# --------------------------------------------------------------------------- effective features


@pytest.mark.parametrize("d", [1, 2, 7, 64])
def test_uniform_mass_gives_d_features(d):
    codes = np.random.default_rng(d).permutation(np.eye(d))  # each feature fires once, equal mass
    assert effective_feature_count(codes) == pytest.approx(d, abs=1e-9)


def test_one_hot_and_k_equal_features():
    codes = np.zeros((10, 5))
    codes[:, 2] = 3.0
    assert effective_feature_count(codes) == pytest.approx(1.0, abs=1e-12)
    k_equal = np.zeros((4, 9))
    k_equal[np.arange(4), [0, 3, 5, 8]] = 2.5
    assert effective_feature_count(k_equal) == pytest.approx(4.0, abs=1e-6)


def test_effective_count_closed_form_and_sign_invariance():
    codes = np.array([[1.0, -2.0, 0.0], [1.0, 2.0, 3.0]])
    p = np.array([2.0, 4.0, 3.0]) / 9.0
    np.testing.assert_allclose(feature_activation_shares(codes), p, rtol=1e-14)
    assert effective_feature_count(codes) == pytest.approx(math.exp(-np.sum(p * np.log(p))), rel=1e-14)
    assert superposition_ratio(codes, 2) == pytest.approx(effective_feature_count(codes) / 2, rel=1e-15)


@settings(max_examples=50, deadline=None)
@given(st.integers(1, 12), st.integers(1, 30), st.floats(0.01, 100.0), st.integers(0, 10**6))
def test_effective_count_bounds_and_scale_invariance(n, d, scale, seed):
    rng = np.random.default_rng(seed)
    codes = np.abs(rng.normal(size=(n, d))) * (rng.random((n, d)) < 0.5)
    if not codes.any():
        codes[0, 0] = 1.0
    f = effective_feature_count(codes)
    assert 1.0 - 1e-12 <= f <= d + 1e-9
    assert effective_feature_count(scale * codes) == pytest.approx(f, rel=1e-10)
    # adding dead features changes nothing
    assert effective_feature_count(np.hstack([codes, np.zeros((n, 3))])) == pytest.approx(f, rel=1e-12)


def test_effective_count_does_not_mutate():
    codes = np.array([[1.0, -1.0]])
    before = codes.copy()
    effective_feature_count(codes)
    np.testing.assert_array_equal(codes, before)


def test_effective_count_bad_input():
    with pytest.raises(ValueError, match="'codes'"):
        effective_feature_count(np.ones(5))
    with pytest.raises(ValueError, match="'codes'"):
        effective_feature_count(np.zeros((3, 2)))
    with pytest.raises(ValueError, match="'codes'"):
        feature_activation_shares(np.array([[np.nan, 1.0]]))
    with pytest.raises(TypeError, match="'codes'"):
        feature_activation_shares("abc")
    with pytest.raises(ValueError, match="'n_neurons'"):
        superposition_ratio(np.eye(3), 0)


@pytest.mark.gpu
def test_effective_count_gpu_matches_cpu():
    import cupy as cp

    codes = np.abs(np.random.default_rng(0).normal(size=(500, 64)))
    assert effective_feature_count(cp.asarray(codes)) == pytest.approx(effective_feature_count(codes), rel=1e-12)


# --------------------------------------------------------------------------- InfoMEC

@pytest.fixture(scope="module")
def sources():
    """The full 6 x 6 x 6 grid, 6 times over: sources exactly independent and uniform (off-diagonal MI = 0)."""
    grid = np.array(np.meshgrid(np.arange(6), np.arange(6), np.arange(6), indexing="ij")).reshape(3, -1).T
    return np.random.default_rng(0).permutation(np.tile(grid, (6, 1)))


def test_discrete_identity_is_perfect(sources):
    r = infomec(sources, sources, discrete_latents=True)
    assert r.infom == pytest.approx(1.0, abs=1e-12)
    assert r.infoc == pytest.approx(1.0, abs=1e-12)
    assert r.infoe > 0.99  # one-hot inputs, 100 L-BFGS steps: nearly perfect prediction
    np.testing.assert_allclose(np.diag(r.nmi), 1.0, atol=1e-12)


def test_discrete_path_needs_no_neighbour_count():
    s = np.array([[0], [1], [0], [1]])
    np.testing.assert_allclose(source_latent_nmi(s, s, discrete_latents=True, k=10), [[1.0]])


def test_discrete_nmi_matches_contingency_table(sources):
    rng = np.random.default_rng(3)
    z = (sources[:, :1] + rng.integers(0, 2, size=(sources.shape[0], 1))) % 4
    nmi = source_latent_nmi(sources[:, :1], z, discrete_latents=True)
    table = np.zeros((6, 4))
    np.add.at(table, (sources[:, 0], z[:, 0]), 1.0)
    p = table / table.sum()
    px, py = p.sum(1, keepdims=True), p.sum(0, keepdims=True)
    nz = p > 0
    mi = np.sum(p[nz] * np.log(p[nz] / (px @ py)[nz]))
    h = -np.sum(px * np.log(px))
    assert nmi[0, 0] == pytest.approx(mi / h, abs=1e-12)


def test_duplicated_latents_give_the_exact_compactness(sources):
    z = np.hstack([sources, sources])
    r = infomec(sources, z, discrete_latents=True)
    n_z = 6
    assert r.infoc == pytest.approx((0.5 - 1 / n_z) / (1 - 1 / n_z), abs=1e-12)
    assert r.infom == pytest.approx(1.0, abs=1e-12)


def test_discrete_nmi_is_invariant_to_relabelling(sources):
    perm = np.random.default_rng(1).permutation(6)
    a = infomec(sources, sources, discrete_latents=True)
    b = infomec(sources, perm[sources] * 7 + 100, discrete_latents=True)
    np.testing.assert_allclose(a.nmi, b.nmi, atol=1e-14)
    assert a.infom == pytest.approx(b.infom, abs=1e-12)
    assert a.infoc == pytest.approx(b.infoc, abs=1e-12)


def test_continuous_latents_identity_vs_rotation(sources):
    rng = np.random.default_rng(2)
    z = sources + rng.normal(0, 0.05, size=sources.shape)
    good = infomec(sources, z)
    assert good.infom > 0.95 and good.infoc > 0.95 and good.infoe > 0.9
    q, _ = np.linalg.qr(rng.normal(size=(3, 3)))
    zs = (z - z.mean(0)) / z.std(0)
    rotated = infomec(sources, zs @ q.T)
    assert rotated.infom < 0.8 and rotated.infoc < 0.8
    assert abs(rotated.infoe - good.infoe) < 0.05  # a linear probe does not care about rotation


def test_inactive_latent_is_pruned(sources):
    rng = np.random.default_rng(4)
    z = np.hstack([sources + rng.normal(0, 0.05, sources.shape), 1e-4 * rng.normal(size=(sources.shape[0], 1))])
    r = infomec(sources, z)
    assert r.active.tolist() == [True, True, True, False]
    assert r.nmi.shape == (3, 4)


def test_infomec_result_is_a_record_and_old_keys_warn(sources):
    r = infomec(sources, sources, discrete_latents=True)
    assert isinstance(r, InfoMECResult)
    assert all(type(v) is float for v in (r.infom, r.infoe, r.infoc))
    for key in ("infom", "infoe", "infoc", "nmi", "active"):
        with pytest.warns(FutureWarning, match=rf"^result\['{key}'\] is deprecated; use result\.{key}$"):
            assert r[key] is getattr(r, key)


def test_balanced_null_model_is_log_k():
    """The shortcut H_i = log K equals the fitted constant-input balanced regression (independent check)."""
    from sklearn.linear_model import LogisticRegression

    y = np.repeat([0, 1, 2], [100, 30, 10])
    model = LogisticRegression(C=np.inf, class_weight="balanced", max_iter=100).fit(np.zeros((140, 1)), y)
    proba = model.predict_proba(np.zeros((140, 1)))
    assert -np.mean(np.log(proba[np.arange(140), y])) == pytest.approx(math.log(3), abs=1e-6)


def test_infomec_bad_input(sources):
    with pytest.raises(ValueError, match="'latents'"):
        infomec(sources, np.ones((10, 2)))
    with pytest.raises(ValueError, match="'latents'"):
        infomec(sources, np.zeros((sources.shape[0], 2)))
    with pytest.raises(ValueError, match="'sources'"):
        infomec(np.zeros((20, 1)), np.random.default_rng(0).normal(size=(20, 1)))
    with pytest.raises(ValueError, match="'sources'"):
        infomec(np.array([[0.5], [1.0]]), np.ones((2, 1)))
    with pytest.raises(ValueError, match="'active_fraction'"):
        infomec(sources, sources, discrete_latents=True, active_fraction=1.0)
    with pytest.raises(ValueError, match="'max_iter'"):
        infomec(sources, sources, discrete_latents=True, max_iter=0)
    with pytest.raises(ValueError, match="'k'"):
        source_latent_nmi(sources, sources.astype(float), k=0)
    with pytest.raises(TypeError, match="'sources'"):
        source_latent_nmi(None, sources)
    with pytest.raises(ValueError, match="'latents'"):
        source_latent_nmi(sources, np.array([[[1.0]]]), discrete_latents=True)
