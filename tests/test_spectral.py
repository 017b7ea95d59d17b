"""Tests of infolab.measures.spectral: known values, invariances, gradients, bad input, CPU vs GPU."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import ortho_group

from infolab.measures import (
    center_unit_rows,
    condition_number,
    effective_rank,
    gram_matrix,
    log_volume,
    matrix_entropy,
    matrix_nuclear_norm_score,
    matrix_renyi_entropy,
    mmcr_objective,
    nuclear_norm,
    nuclear_norm_approx,
    singular_values,
    spectrum_entropy,
    von_neumann_entropy,
)
from infolab.models import mmcr_loss

RNG = np.random.default_rng(20261128)


def random_orthogonal(n: int, seed: int) -> np.ndarray:
    return ortho_group.rvs(n, random_state=seed)


def projector(n: int, r: int, seed: int) -> np.ndarray:
    q = random_orthogonal(n, seed)[:, :r]
    return q @ q.T


# ---------------------------------------------------------------------------------------------
# known values
# ---------------------------------------------------------------------------------------------

class TestEntropies:
    @pytest.mark.parametrize("n", [1, 2, 5, 17])
    def test_identity_is_log_n(self, n):
        assert von_neumann_entropy(np.eye(n)) == pytest.approx(math.log(n), abs=1e-12)
        assert von_neumann_entropy(3.5 * np.eye(n), base=2) == pytest.approx(math.log2(n), abs=1e-12)

    @pytest.mark.parametrize("n,r", [(6, 1), (6, 3), (10, 7)])
    def test_rank_r_projector_is_log_r(self, n, r):
        p = projector(n, r, seed=n + r)
        assert von_neumann_entropy(p) == pytest.approx(math.log(r), abs=1e-10)
        for alpha in (0.5, 2.0, 5.0, np.inf):
            assert matrix_renyi_entropy(p, alpha) == pytest.approx(math.log(r), abs=1e-10)

    def test_closed_form_two_level(self):
        # ρ = diag(p, 1-p): binary entropy; Rényi-2 = -log(p² + (1-p)²).
        p = 0.3
        rho = np.diag([p, 1 - p])
        h = -(p * math.log(p) + (1 - p) * math.log(1 - p))
        assert von_neumann_entropy(rho) == pytest.approx(h, abs=1e-14)
        assert matrix_renyi_entropy(rho, 2.0) == pytest.approx(-math.log(p * p + (1 - p) ** 2), abs=1e-14)
        assert matrix_renyi_entropy(rho, np.inf) == pytest.approx(-math.log(0.7), abs=1e-14)
        assert matrix_renyi_entropy(rho, 0.5) == pytest.approx(2 * math.log(math.sqrt(p) + math.sqrt(1 - p)), abs=1e-14)

    def test_renyi_limit_alpha_to_one_is_von_neumann(self):
        x = RNG.normal(size=(30, 6))
        k = gram_matrix(x, kernel="gaussian", sigma=2.0)
        s1 = von_neumann_entropy(k)
        assert matrix_renyi_entropy(k, 1.0) == s1
        for eps in (1e-3, 1e-5):
            assert matrix_renyi_entropy(k, 1 - eps) == pytest.approx(s1, abs=20 * eps)
            assert matrix_renyi_entropy(k, 1 + eps) == pytest.approx(s1, abs=20 * eps)
        # bracketing: S_α is non-increasing in α
        assert matrix_renyi_entropy(k, 1 - 1e-3) >= s1 >= matrix_renyi_entropy(k, 1 + 1e-3)

    def test_renyi_non_increasing_in_alpha(self):
        k = gram_matrix(RNG.normal(size=(25, 4)), kernel="gaussian", sigma=1.0)
        values = [matrix_renyi_entropy(k, a) for a in (0.25, 0.5, 1.0, 2.0, 4.0, np.inf)]
        assert all(a >= b - 1e-12 for a, b in zip(values[:-1], values[1:], strict=True))
        assert values[0] > values[-1] + 0.1

    def test_matrix_entropy_equals_gram_and_covariance_routes(self):
        x = RNG.normal(size=(7, 12))
        s = matrix_entropy(x)
        assert s == pytest.approx(von_neumann_entropy(x @ x.T), abs=1e-12)
        assert s == pytest.approx(von_neumann_entropy(x.T @ x), abs=1e-12)
        assert matrix_entropy(x.T) == pytest.approx(s, abs=1e-12)
        # independent route: squared singular values
        sv = np.linalg.svd(x, compute_uv=False)
        lam = sv**2 / np.sum(sv**2)
        assert s == pytest.approx(-np.sum(lam * np.log(lam)), abs=1e-12)
        assert matrix_entropy(x, base=2) == pytest.approx(s / math.log(2), abs=1e-12)

    def test_matrix_entropy_center(self):
        x = RNG.normal(size=(40, 5)) + 10.0
        xc = x - x.mean(axis=0)
        assert matrix_entropy(x, center=True) == pytest.approx(matrix_entropy(xc), abs=1e-12)
        assert matrix_entropy(x) < matrix_entropy(xc)  # a large common mean dominates one direction

    def test_gram_matrix_values(self):
        x = np.array([[0.0, 0.0], [3.0, 4.0]])
        np.testing.assert_allclose(gram_matrix(x), x @ x.T)
        k = gram_matrix(x, kernel="gaussian", sigma=5.0)
        np.testing.assert_allclose(k, [[1.0, math.exp(-0.5)], [math.exp(-0.5), 1.0]], atol=1e-15)

    @pytest.mark.parametrize("n, sigma", [(3, 0.7), (700, 2.0), (700, 50.0)])
    def test_gaussian_gram_matches_pairwise_distances(self, n, sigma):
        from scipy.spatial.distance import cdist

        x = np.random.default_rng(n).normal(size=(n, 5)) * 2.0
        x0 = x.copy()
        k = gram_matrix(x, kernel="gaussian", sigma=sigma)
        np.testing.assert_allclose(k, np.exp(-cdist(x, x, "sqeuclidean") / (2 * sigma**2)), rtol=1e-12, atol=1e-15)
        np.testing.assert_array_equal(k, k.T)          # exactly symmetric
        np.testing.assert_array_equal(np.diag(k), 1.0)
        np.testing.assert_array_equal(x, x0)

    def test_inputs_not_mutated(self):
        x = RNG.normal(size=(6, 4))
        k = x @ x.T
        x0, k0 = x.copy(), k.copy()
        matrix_entropy(x, center=True)
        von_neumann_entropy(k)
        center_unit_rows(x)
        mmcr_loss(x.reshape(3, 2, 4), return_grad=True)
        np.testing.assert_array_equal(x, x0)
        np.testing.assert_array_equal(k, k0)


class TestRanksAndNorms:
    @pytest.mark.parametrize("spectrum,expected", [
        ([1.0, 0.0, 0.0], 1.0),
        ([2.0, 2.0, 2.0, 0.0], 3.0),
        ([5.0] * 6, 6.0),
        ([3.0, 1.0], math.exp(-(0.75 * math.log(0.75) + 0.25 * math.log(0.25)))),
    ])
    def test_effective_rank_known_spectra(self, spectrum, expected):
        n = len(spectrum)
        a = random_orthogonal(n, 1) @ np.diag(spectrum) @ random_orthogonal(n, 2)
        assert effective_rank(a) == pytest.approx(expected, rel=1e-10)

    def test_nuclear_norm_vs_numpy(self):
        for shape in [(5, 3), (3, 5), (20, 20)]:
            a = RNG.normal(size=shape)
            assert nuclear_norm(a) == pytest.approx(np.linalg.norm(a, "nuc"), rel=1e-12)
        stack = RNG.normal(size=(4, 6, 3))
        np.testing.assert_allclose(nuclear_norm(stack), [np.linalg.norm(m, "nuc") for m in stack], rtol=1e-12)
        np.testing.assert_allclose(singular_values(stack[0]), np.linalg.svd(stack[0], compute_uv=False))

    @pytest.mark.parametrize("m,n", [(8, 5), (5, 5), (4, 9)])
    def test_approximation_exact_on_orthogonal_columns(self, m, n):
        k = min(m, n)
        q = random_orthogonal(m, m + n)[:, :k]
        scales = RNG.uniform(0.5, 3.0, size=k)
        a = np.zeros((m, n))
        cols = RNG.permutation(n)[:k]  # orthogonal non-zero columns at random positions, zeros elsewhere
        a[:, cols] = q * scales
        exact = np.linalg.norm(a, "nuc")
        assert nuclear_norm_approx(a) == pytest.approx(exact, rel=1e-12)

    def test_approximation_bounds_when_all_columns_kept(self):
        for seed in range(50):
            r = np.random.default_rng(seed)
            a = r.normal(size=(12, 7)) * r.uniform(0.1, 3.0, size=7)
            fro, exact, approx = np.linalg.norm(a), np.linalg.norm(a, "nuc"), nuclear_norm_approx(a)
            assert fro <= exact + 1e-12 and exact <= approx + 1e-12

    def test_approximation_below_frobenius_when_columns_dropped(self):
        # two equal rows spread over n = 100 columns: top-2 columns hold 2/sqrt(100) of ||A||_F
        a = np.tile(np.ones(100) / 10.0, (2, 1))
        assert nuclear_norm_approx(a) == pytest.approx(2 * math.sqrt(2) / 10.0, rel=1e-12)
        assert nuclear_norm_approx(a) < np.linalg.norm(a)

    def test_approximation_keep(self):
        a = np.diag([1.0, 4.0, 2.0, 3.0])
        assert nuclear_norm_approx(a, keep=2) == pytest.approx(7.0)
        assert nuclear_norm_approx(a, keep=4) == pytest.approx(10.0)

    def test_mnn_score(self):
        x = RNG.normal(size=(16, 40))
        a = center_unit_rows(x)
        np.testing.assert_allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-14)
        assert np.linalg.norm(a) ** 2 == pytest.approx(16.0, rel=1e-12)
        manual = np.sort(np.linalg.norm(a, axis=0))[::-1][:16].sum() / 16
        assert matrix_nuclear_norm_score(x) == pytest.approx(manual, rel=1e-12)
        assert 0 < matrix_nuclear_norm_score(x) <= 1


class TestLinearMaps:
    def test_condition_number_known_and_numpy(self):
        w = random_orthogonal(5, 3) @ np.diag([10.0, 4.0, 2.0, 1.0, 0.5]) @ random_orthogonal(5, 4)
        assert condition_number(w) == pytest.approx(20.0, rel=1e-10)
        assert condition_number(w) == pytest.approx(np.linalg.cond(w, 2), rel=1e-12)
        rect = RNG.normal(size=(6, 3))
        s = np.linalg.svd(rect, compute_uv=False)
        assert condition_number(rect) == pytest.approx(s[0] / s[-1], rel=1e-12)
        assert condition_number(np.diag([1.0, 0.0])) == math.inf
        assert math.isnan(condition_number(np.zeros((2, 2))))

    def test_condition_number_invariances(self):
        w = RNG.normal(size=(7, 4))
        kappa = condition_number(w)
        for a in (1e-3, -2.0, 1e4):
            assert condition_number(a * w) == pytest.approx(kappa, rel=1e-12)
        assert condition_number(w.T) == pytest.approx(kappa, rel=1e-12)
        assert condition_number(random_orthogonal(7, 5) @ w @ random_orthogonal(4, 6)) == pytest.approx(kappa, rel=1e-10)

    def test_condition_number_stack(self):
        stack = RNG.normal(size=(5, 4, 4))
        np.testing.assert_allclose(condition_number(stack), [np.linalg.cond(m, 2) for m in stack], rtol=1e-12)

    def test_log_volume(self):
        w = RNG.normal(size=(5, 5))
        assert log_volume(w) == pytest.approx(np.linalg.slogdet(w)[1], abs=1e-12)
        assert log_volume(3.0 * w) == pytest.approx(log_volume(w) + 5 * math.log(3.0), abs=1e-12)
        assert log_volume(w, base=2) == pytest.approx(log_volume(w) / math.log(2), abs=1e-12)
        wide = RNG.normal(size=(3, 8))  # full row rank: log sqrt(det(W Wᵀ))
        assert log_volume(wide) == pytest.approx(0.5 * np.linalg.slogdet(wide @ wide.T)[1], abs=1e-12)
        assert log_volume(np.diag([1.0, 0.0])) == -math.inf

    def test_log_volume_fixed_norm_bound(self):
        # at ||W||_F² = c, Σ log σ ≤ (k/2) log(c/k), equality iff κ = 1
        for seed in range(20):
            w = np.random.default_rng(seed).normal(size=(6, 6))
            c = np.sum(w * w)
            assert log_volume(w) < 3 * math.log(c / 6)
        q = random_orthogonal(6, 9) * 1.7
        assert log_volume(q) == pytest.approx(3 * math.log(np.sum(q * q) / 6), abs=1e-12)


class TestMMCR:
    def test_tight_frame_and_orthonormal_rows_reach_bound(self):
        q = random_orthogonal(32, 0)
        # B = 16 <= d: orthonormal centroids, all views identical
        z = np.repeat(q[:16, None, :], 4, axis=1)
        assert mmcr_objective(z) == pytest.approx(math.sqrt(16 * 16), rel=1e-12)
        # B = 64 >= d = 8: a unit-norm tight frame (the harmonic frame of cos/sin pairs)
        t = 2 * np.pi * np.arange(64) / 64
        harmonic = np.stack([f(k * t) for k in range(1, 5) for f in (np.cos, np.sin)], axis=1) / 2.0
        np.testing.assert_allclose(np.linalg.norm(harmonic, axis=1), 1.0, atol=1e-12)
        zf = np.repeat(harmonic[:, None, :], 3, axis=1)
        assert mmcr_objective(zf) == pytest.approx(math.sqrt(64 * 8), rel=1e-12)

    def test_random_below_bound(self):
        z = RNG.normal(size=(20, 5, 8))
        assert mmcr_objective(z) < math.sqrt(20 * 8)

    def test_loss_matches_definition(self):
        z = RNG.normal(size=(6, 3, 5))
        zhat = z / np.linalg.norm(z, axis=-1, keepdims=True)
        c = zhat.mean(axis=1)
        local = np.mean([np.linalg.norm(m, "nuc") for m in zhat])
        assert mmcr_loss(z) == pytest.approx(-np.linalg.norm(c, "nuc"), rel=1e-12)
        assert mmcr_loss(z, lam=0.3) == pytest.approx(0.3 * local - np.linalg.norm(c, "nuc"), rel=1e-12)
        assert mmcr_loss(z, normalize=False) == pytest.approx(-np.linalg.norm(z.mean(axis=1), "nuc"), rel=1e-12)

    @pytest.mark.parametrize("lam,normalize", [(0.0, True), (0.5, True), (0.2, False)])
    def test_gradient_finite_differences(self, lam, normalize):
        z = np.random.default_rng(7).normal(size=(5, 3, 4))
        loss, grad = mmcr_loss(z, lam=lam, normalize=normalize, return_grad=True)
        assert loss == pytest.approx(mmcr_loss(z, lam=lam, normalize=normalize), rel=1e-12)
        eps = 1e-6
        numeric = np.zeros_like(z)
        for idx in np.ndindex(*z.shape):
            zp, zm = z.copy(), z.copy()
            zp[idx] += eps
            zm[idx] -= eps
            numeric[idx] = (mmcr_loss(zp, lam=lam, normalize=normalize) - mmcr_loss(zm, lam=lam, normalize=normalize)) / (2 * eps)
        np.testing.assert_allclose(grad, numeric, atol=1e-7)

    def test_gradient_scale_invariant_direction(self):
        # with normalisation, the gradient is orthogonal to each embedding
        z = RNG.normal(size=(4, 3, 6))
        _, grad = mmcr_loss(z, return_grad=True)
        np.testing.assert_allclose(np.sum(grad * z, axis=-1), 0.0, atol=1e-12)


# ---------------------------------------------------------------------------------------------
# properties
# ---------------------------------------------------------------------------------------------

matrices = st.tuples(st.integers(2, 8), st.integers(2, 8), st.integers(0, 2**31 - 1)).map(
    lambda t: np.random.default_rng(t[2]).normal(size=(t[0], t[1])) * np.random.default_rng(t[2] + 1).uniform(0.1, 5.0, size=t[1])
)


@settings(max_examples=40, deadline=None)
@given(x=matrices, scale=st.floats(1e-3, 1e3), seed=st.integers(0, 10_000))
def test_entropy_bounds_scale_and_rotation_invariance(x, scale, seed):
    n, d = x.shape
    s = matrix_entropy(x)
    assert -1e-12 <= s <= math.log(min(n, d)) + 1e-12
    assert matrix_entropy(scale * x) == pytest.approx(s, abs=1e-9)
    qn, qd = random_orthogonal(n, seed), random_orthogonal(d, seed + 1)
    assert matrix_entropy(qn @ x @ qd) == pytest.approx(s, abs=1e-9)
    k = x @ x.T
    assert von_neumann_entropy(qn @ k @ qn.T) == pytest.approx(s, abs=1e-9)
    for alpha in (0.5, 2.0):
        r = matrix_renyi_entropy(k, alpha)
        assert -1e-12 <= r <= math.log(n) + 1e-12
        assert matrix_renyi_entropy(scale * k, alpha) == pytest.approx(r, abs=1e-9)


@settings(max_examples=40, deadline=None)
@given(x=matrices, scale=st.floats(1e-3, 1e3), seed=st.integers(0, 10_000))
def test_rank_and_norm_properties(x, scale, seed):
    n, d = x.shape
    er = effective_rank(x)
    assert 1 - 1e-12 <= er <= min(n, d) + 1e-9
    assert effective_rank(scale * x) == pytest.approx(er, rel=1e-9)
    qn, qd = random_orthogonal(n, seed), random_orthogonal(d, seed + 1)
    rotated = qn @ x @ qd
    assert nuclear_norm(rotated) == pytest.approx(nuclear_norm(x), rel=1e-9)
    assert nuclear_norm(scale * x) == pytest.approx(scale * nuclear_norm(x), rel=1e-9)
    fro = np.linalg.norm(x)
    assert fro - 1e-9 <= nuclear_norm(x) <= math.sqrt(min(n, d)) * fro + 1e-9
    if d <= n:
        assert nuclear_norm(x) <= nuclear_norm_approx(x) + 1e-9
    kappa = condition_number(x)
    assert kappa >= 1 - 1e-12
    assert condition_number(rotated) == pytest.approx(kappa, rel=1e-6)
    assert condition_number(scale * x) == pytest.approx(kappa, rel=1e-9)
    assert log_volume(scale * x) == pytest.approx(log_volume(x) + min(n, d) * math.log(scale), abs=1e-8)


@settings(max_examples=30, deadline=None)
@given(b=st.integers(2, 10), k=st.integers(1, 5), d=st.integers(2, 10), seed=st.integers(0, 10_000))
def test_mmcr_bound(b, k, d, seed):
    z = np.random.default_rng(seed).normal(size=(b, k, d))
    value = mmcr_objective(z)
    assert 0 <= value <= math.sqrt(b * min(b, d)) + 1e-9
    assert mmcr_objective(3.0 * z) == pytest.approx(value, rel=1e-12)  # normalised: scale-free
    q = random_orthogonal(d, seed)
    assert mmcr_objective(z @ q) == pytest.approx(value, rel=1e-9)


# ---------------------------------------------------------------------------------------------
# bad input
# ---------------------------------------------------------------------------------------------

class TestBadInput:
    def test_spectrum_entropy(self):
        with pytest.raises(ValueError, match="'eigenvalues'"):
            spectrum_entropy([0.0, 0.0])
        with pytest.raises(ValueError, match="'power'"):
            spectrum_entropy([1.0, 2.0], power=0.0)

    def test_gram_matrix(self):
        x = RNG.normal(size=(4, 2))
        with pytest.raises(ValueError, match="'sigma'"):
            gram_matrix(x, kernel="gaussian")
        with pytest.raises(ValueError, match="'sigma'"):
            gram_matrix(x, sigma=1.0)
        with pytest.raises(ValueError, match="'kernel'"):
            gram_matrix(x, kernel="rbf", sigma=1.0)
        with pytest.raises(ValueError, match="'x'"):
            gram_matrix(np.ones(3))
        with pytest.raises(ValueError, match="'device'"):
            gram_matrix(x, device="tpu")

    def test_von_neumann_entropy(self):
        with pytest.raises(ValueError, match="'gram'"):
            von_neumann_entropy(np.array([[1.0, 2.0], [0.0, 1.0]]))  # not symmetric
        with pytest.raises(ValueError, match="'gram'"):
            von_neumann_entropy(np.diag([1.0, -0.5]))  # not PSD
        with pytest.raises(ValueError, match="'gram'"):
            von_neumann_entropy(np.zeros((3, 3)))
        with pytest.raises(ValueError, match="'gram'"):
            von_neumann_entropy(np.ones((2, 3)))
        with pytest.raises(TypeError, match="'gram'"):
            von_neumann_entropy("eye")
        with pytest.raises(ValueError, match="'base'"):
            von_neumann_entropy(np.eye(2), base=1)

    def test_matrix_renyi_entropy(self):
        with pytest.raises(ValueError, match="'alpha'"):
            matrix_renyi_entropy(np.eye(2), 0.0)
        with pytest.raises(TypeError, match="'alpha'"):
            matrix_renyi_entropy(np.eye(2), "2")
        with pytest.raises(ValueError, match="'gram'"):
            matrix_renyi_entropy(np.array([[1.0, np.nan], [np.nan, 1.0]]), 2.0)

    def test_matrix_entropy(self):
        with pytest.raises(ValueError, match="'x'"):
            matrix_entropy(np.zeros((3, 2)))
        with pytest.raises(ValueError, match="'x'"):
            matrix_entropy(np.ones((2, 2, 2)))
        with pytest.raises(TypeError, match="'x'"):
            matrix_entropy(np.array([["a", "b"]]))
        with pytest.raises(TypeError, match="'center'"):
            matrix_entropy(np.eye(2), center="yes")

    def test_ranks_and_norms(self):
        with pytest.raises(ValueError, match="'a'"):
            effective_rank(np.zeros((2, 2)))
        with pytest.raises(ValueError, match="'a'"):
            nuclear_norm(np.array([1.0, 2.0]))
        with pytest.raises(ValueError, match="'a'"):
            singular_values(np.array([[np.inf]]))
        with pytest.raises(ValueError, match="'keep'"):
            nuclear_norm_approx(np.eye(3), keep=4)
        with pytest.raises(TypeError, match="'keep'"):
            nuclear_norm_approx(np.eye(3), keep=1.5)
        with pytest.raises(ValueError, match="'x'"):
            center_unit_rows(np.ones((1, 3)))  # one row is zero after centring
        with pytest.raises(ValueError, match="'hidden_states'"):
            matrix_nuclear_norm_score(np.ones((3, 3)))
        with pytest.raises(TypeError, match="'normalize'"):
            matrix_nuclear_norm_score(np.eye(3), normalize=1)

    def test_linear_maps(self):
        with pytest.raises(ValueError, match="'w'"):
            condition_number(np.ones(3))
        with pytest.raises(ValueError, match="'w'"):
            log_volume(np.empty((0, 2)))
        with pytest.raises(ValueError, match="'base'"):
            log_volume(np.eye(2), base=-1.0)

    def test_mmcr(self):
        with pytest.raises(ValueError, match="'z'"):
            mmcr_loss(np.ones((3, 4)))
        with pytest.raises(ValueError, match="'z'"):
            mmcr_objective(np.zeros((2, 2, 3)))
        with pytest.raises(ValueError, match="'lam'"):
            mmcr_loss(np.ones((2, 2, 3)), lam=-1.0)
        with pytest.raises(TypeError, match="'return_grad'"):
            mmcr_loss(np.ones((2, 2, 3)), return_grad="yes")


# ---------------------------------------------------------------------------------------------
# GPU path against NumPy
# ---------------------------------------------------------------------------------------------


@pytest.mark.gpu
def test_gpu_matches_numpy():
    import cupy as cp  # noqa: PLC0415

    x = RNG.normal(size=(300, 120))
    xg = cp.asarray(x)
    k = x @ x.T
    pairs = [
        (matrix_entropy(x), matrix_entropy(xg)),
        (matrix_entropy(x, center=True), matrix_entropy(x, center=True, device="gpu")),
        (von_neumann_entropy(k), von_neumann_entropy(cp.asarray(k))),
        (matrix_renyi_entropy(k, 2.0), matrix_renyi_entropy(cp.asarray(k), 2.0)),
        (effective_rank(x), effective_rank(xg)),
        (nuclear_norm(x), nuclear_norm(xg)),
        (nuclear_norm_approx(x), nuclear_norm_approx(xg)),
        (matrix_nuclear_norm_score(x), matrix_nuclear_norm_score(xg)),
        (condition_number(x), condition_number(xg)),
        (log_volume(x), log_volume(xg)),
    ]
    for cpu_value, gpu_value in pairs:
        assert isinstance(gpu_value, float)
        assert gpu_value == pytest.approx(cpu_value, rel=1e-9, abs=1e-12)
    g = gram_matrix(xg, kernel="gaussian", sigma=15.0)
    assert isinstance(g, cp.ndarray)
    np.testing.assert_allclose(g.get(), gram_matrix(x, kernel="gaussian", sigma=15.0), atol=1e-12)
    stack = RNG.normal(size=(6, 20, 10))
    np.testing.assert_allclose(cp.asnumpy(condition_number(cp.asarray(stack))), condition_number(stack), rtol=1e-9)
    np.testing.assert_allclose(cp.asnumpy(nuclear_norm(cp.asarray(stack))), nuclear_norm(stack), rtol=1e-9)
    # numpy input with device="gpu" gives numpy output
    assert isinstance(singular_values(stack, device="gpu"), np.ndarray)
    z = RNG.normal(size=(16, 4, 8))
    loss_c, grad_c = mmcr_loss(z, lam=0.1, return_grad=True)
    loss_g, grad_g = mmcr_loss(cp.asarray(z), lam=0.1, return_grad=True)
    assert loss_g == pytest.approx(loss_c, rel=1e-10)
    assert isinstance(grad_g, cp.ndarray)
    np.testing.assert_allclose(grad_g.get(), grad_c, atol=1e-10)


def test_spectrum_entropy_refuses_non_real_and_non_vector_eigenvalues():
    bad = {"complex": np.array([1.0, 2.0]) + 1j, "string": np.array(["a", "b"]), "ndim": np.ones((2, 2)),
           "scalar": np.float64(1.0), "empty": np.array([]), "nan": np.array([1.0, np.nan])}
    for kind, value in bad.items():
        with pytest.raises((ValueError, TypeError), match="'eigenvalues' parameter of spectrum_entropy") as info:
            spectrum_entropy(value)
        assert "could not convert" not in str(info.value), kind
    with pytest.raises(ValueError, match="'base' parameter of spectrum_entropy"):
        spectrum_entropy([1.0, 2.0], base=1)
