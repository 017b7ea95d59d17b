"""Diffusion spectral entropy and mutual information: limits, the reference package, properties, GPU, bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from infolab.backend import gpu_available
from infolab.measures import (
    diffusion_eigenvalues,
    diffusion_operator,
    diffusion_spectral_entropy,
    diffusion_spectral_mutual_information,
)


def test_limits_are_exact():
    far = np.arange(16.0).reshape(-1, 1) * 1e3
    assert diffusion_spectral_entropy(far, sigma=1.0, base=2) == pytest.approx(4.0, abs=1e-12)
    same = np.zeros((10, 3))
    assert diffusion_spectral_entropy(same, sigma=1.0) == pytest.approx(0.0, abs=1e-9)


def test_operator_is_symmetric_stochastic_spectrum():
    x = np.random.default_rng(0).normal(size=(60, 4))
    k = diffusion_operator(x, sigma=1.5)
    assert np.allclose(k, k.T)
    lam = diffusion_eigenvalues(x, sigma=1.5)
    assert lam[-1] == pytest.approx(1.0, abs=1e-10)
    assert np.all(np.abs(lam) <= 1 + 1e-10)


@pytest.mark.parametrize("n, sigma", [(5, 1.0), (700, 1.5), (700, 20.0)])
def test_operator_is_the_normalised_kernel(n, sigma):
    from scipy.spatial.distance import cdist

    x = np.random.default_rng(n).normal(size=(n, 3))
    x0 = x.copy()
    g = np.exp(-cdist(x, x, "sqeuclidean") / (2 * sigma**2))
    inv = 1.0 / np.sqrt(g.sum(axis=1))
    ref = g * inv[:, None] * inv[None, :]
    k = diffusion_operator(x, sigma=sigma)
    np.testing.assert_allclose(k, ref, rtol=1e-12, atol=1e-15)
    np.testing.assert_array_equal(k, k.T)
    lam_ref = np.linalg.eigvalsh(0.5 * (ref + ref.T))
    np.testing.assert_allclose(diffusion_eigenvalues(x, sigma=sigma), lam_ref, rtol=0, atol=1e-12)
    a = np.abs(lam_ref) ** 2 / np.sum(np.abs(lam_ref) ** 2)
    a = a[a > 0]
    assert diffusion_spectral_entropy(x, sigma=sigma, t=2.0) == pytest.approx(-np.sum(a * np.log(a)), rel=1e-10)
    np.testing.assert_array_equal(x, x0)


def test_matches_reference_package():
    ref = pytest.importorskip("dse_dsmi")
    x = np.random.default_rng(0).normal(size=(200, 10))
    for sigma in (1.0, 3.0, 10.0):
        for t in (1, 3):
            expected = ref.diffusion_spectral_entropy(x, gaussian_kernel_sigma=sigma, t=t)
            # the reference adds 1e-? to each alpha before the log; the difference is ~1e-12 bits
            assert diffusion_spectral_entropy(x, sigma=sigma, t=t, base=2) == pytest.approx(expected, abs=1e-8)


def test_subsample_is_seeded():
    x = np.random.default_rng(0).normal(size=(300, 3))
    a = diffusion_spectral_entropy(x, max_n=100, seed=5)
    assert a == diffusion_spectral_entropy(x, max_n=100, seed=5)
    assert a != diffusion_spectral_entropy(x, max_n=100, seed=6)
    assert diffusion_spectral_entropy(x, max_n=1000) == diffusion_spectral_entropy(x)


def test_dsmi_separated_blobs_and_independent_labels():
    rng = np.random.default_rng(0)
    centers = np.array([[0.0, 0.0], [50.0, 0.0], [0.0, 50.0]])
    y = np.repeat([0, 1, 2], 40)
    x = centers[y] + rng.normal(size=(120, 2))
    informative = diffusion_spectral_mutual_information(x, y, sigma=2.0, seed=0, base=2)
    shuffled = diffusion_spectral_mutual_information(x, rng.permutation(y), sigma=2.0, seed=0, base=2)
    assert informative > 0.5
    assert abs(shuffled) < 0.1
    assert diffusion_spectral_mutual_information(x, y, sigma=2.0, seed=0) == pytest.approx(informative * math.log(2))


@given(st.floats(0.1, 100.0), st.integers(0, 10_000))
def test_dse_bounds_and_invariances(scale, seed):
    x = np.random.default_rng(seed).normal(size=(25, 3))
    s = diffusion_spectral_entropy(x, sigma=1.0)
    assert -1e-12 <= s <= math.log(25) + 1e-12
    # rigid motions do not change pairwise distances; scaling x and sigma together changes nothing
    rot, _ = np.linalg.qr(np.random.default_rng(seed + 1).normal(size=(3, 3)))
    assert diffusion_spectral_entropy(x @ rot + 7.0, sigma=1.0) == pytest.approx(s, abs=1e-8)
    assert diffusion_spectral_entropy(x * scale, sigma=scale) == pytest.approx(s, abs=1e-8)


def test_inputs_not_mutated():
    x = np.random.default_rng(0).normal(size=(30, 2))
    y = np.repeat([0, 1, 2], 10)
    x0, y0 = x.copy(), y.copy()
    diffusion_spectral_mutual_information(x, y)
    assert np.array_equal(x, x0) and np.array_equal(y, y0)


@pytest.mark.parametrize(
    ("call", "exc", "match"),
    [
        (lambda: diffusion_spectral_entropy(np.ones((1, 2))), ValueError, "'x' parameter of diffusion_spectral_entropy needs at least 2"),
        (lambda: diffusion_spectral_entropy(np.array([[np.nan, 1.0], [0.0, 1.0]])), ValueError, "'x' parameter .* finite"),
        (lambda: diffusion_spectral_entropy(np.ones((3, 2, 2))), ValueError, "'x' parameter .* 1-D or 2-D"),
        (lambda: diffusion_spectral_entropy(np.ones((3, 2)), sigma=0.0), ValueError, "'sigma' parameter"),
        (lambda: diffusion_spectral_entropy(np.ones((3, 2)), t=-1), ValueError, "'t' parameter"),
        (lambda: diffusion_spectral_entropy(np.ones((3, 2)), max_n=1), ValueError, "'max_n' parameter"),
        (lambda: diffusion_spectral_entropy(np.ones((3, 2)), seed="x"), TypeError, "'seed' parameter"),
        (lambda: diffusion_spectral_entropy(np.ones((3, 2)), device="tpu"), ValueError, "'device' argument"),
        (lambda: diffusion_spectral_entropy(np.ones((3, 2)), base=0), ValueError, "'base' parameter"),
        (lambda: diffusion_operator("abc"), TypeError, "'x' parameter of diffusion_operator"),
        (lambda: diffusion_spectral_mutual_information(np.ones((4, 2)), [0, 1]), ValueError, "same number of samples"),
        (lambda: diffusion_spectral_mutual_information(np.ones((4, 2)), [0, 0, 0, 1]), ValueError, "at least 2 samples per class"),
        (lambda: diffusion_spectral_mutual_information(np.ones((4, 2)), [0.5, 1, 1, 0]), ValueError, "'y' parameter .* discrete labels"),
        (lambda: diffusion_spectral_mutual_information(np.ones((4, 2)), [0, 0, 1, 1], n_repetitions=0), ValueError, "'n_repetitions'"),
    ],
)
def test_bad_input(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


def test_gpu_request_without_gpu_is_clear():
    if gpu_available():
        pytest.skip("a GPU is present")
    with pytest.raises(RuntimeError, match="device='gpu' was requested but no GPU is usable"):
        diffusion_spectral_entropy(np.ones((3, 2)), device="gpu")


@pytest.mark.gpu
def test_gpu_matches_cpu():
    import cupy as cp

    x = np.random.default_rng(0).normal(size=(400, 8))
    cpu = diffusion_spectral_entropy(x, sigma=2.0, t=2)
    assert diffusion_spectral_entropy(cp.asarray(x), sigma=2.0, t=2) == pytest.approx(cpu, abs=1e-8)
    assert diffusion_spectral_entropy(x, sigma=2.0, t=2, device="gpu") == pytest.approx(cpu, abs=1e-8)
    y = np.repeat(np.arange(4), 100)
    a = diffusion_spectral_mutual_information(x, y, sigma=2.0, seed=0)
    b = diffusion_spectral_mutual_information(cp.asarray(x), y, sigma=2.0, seed=0)
    assert b == pytest.approx(a, abs=1e-8)
    assert isinstance(diffusion_operator(cp.asarray(x)), cp.ndarray)


def test_errors_name_the_function_called():
    x = np.random.default_rng(4).normal(size=(30, 2))
    bad_x = {"nan": np.where(np.eye(30, 2) > 0, np.nan, x), "complex": x + 1j, "string": np.full((30, 2), "a"),
             "empty": x[:0], "ndim": x.reshape(30, 2, 1)}
    for kind, value in bad_x.items():
        with pytest.raises((ValueError, TypeError), match="'x' parameter of diffusion_eigenvalues") as info:
            diffusion_eigenvalues(value)
        assert "diffusion_operator" not in str(info.value), kind
    y = np.repeat([0, 1, 2], 10)
    for func, args in ((diffusion_spectral_entropy, (x,)), (diffusion_spectral_mutual_information, (x, y))):
        name = func.__name__
        for sigma in (-1.0, float("nan"), "x"):
            with pytest.raises((ValueError, TypeError), match=f"'sigma' parameter of {name}"):
                func(*args, sigma=sigma)
        for base in (-1, 0, 1, "x"):
            with pytest.raises((ValueError, TypeError), match=f"'base' parameter of {name}"):
                func(*args, base=base)


def test_entropy_agrees_with_its_eigenvalues_in_any_base():
    x = np.random.default_rng(5).normal(size=(40, 3))
    lam = np.abs(diffusion_eigenvalues(x, sigma=1.5))
    for t in (1.0, 3.0):
        alpha = lam ** t / np.sum(lam ** t)
        expected = -np.sum(alpha * np.log(alpha)) / math.log(2)
        assert diffusion_spectral_entropy(x, sigma=1.5, t=t, base=2) == pytest.approx(expected, rel=1e-12)
