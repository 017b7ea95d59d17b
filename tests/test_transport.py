"""Tests of infolab.measures.transport: POT and SciPy as peers, exact cases, properties, bad input, GPU path."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import wasserstein_distance as scipy_w1

from infolab.measures import (
    chamfer_distance,
    sliced_wasserstein_distance,
    triangle_mesh_varifold,
    varifold_sliced_wasserstein_distance,
    wasserstein_distance_1d,
)

try:  # POT: a test-only peer; the GPU machine has no POT, and its GPU test below does not need it
    import ot
except ImportError:
    ot = None
needs_pot = pytest.mark.skipif(ot is None, reason="needs POT (the peer library), not installed here")

RNG = np.random.default_rng(20261202)


def _clouds(n=120, m=90, d=3, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, d)), rng.normal(size=(m, d)) * 1.3 + 0.5


def _probs(n, seed):
    w = np.random.default_rng(seed).random(n) + 0.05
    return w / w.sum()


def _tetrahedron():
    v = np.array([[1.0, 1, 1], [1, -1, -1], [-1, 1, -1], [-1, -1, 1]])
    f = np.array([[0, 1, 2], [0, 3, 1], [0, 2, 3], [1, 3, 2]])
    return v, f


# --- peers -------------------------------------------------------------------------------------------

@needs_pot
@pytest.mark.parametrize("p", [1.0, 2.0, 3.5])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("sizes", [(100, 100), (120, 90)])
def test_sliced_equals_pot_with_shared_projections(p, weighted, sizes):
    x, y = _clouds(*sizes)
    a, b = (_probs(sizes[0], 1), _probs(sizes[1], 2)) if weighted else (None, None)
    proj = ot.sliced.get_random_projections(3, 64, seed=3)
    ours = sliced_wasserstein_distance(x, y, a=a, b=b, projections=proj, p=p)
    theirs = ot.sliced_wasserstein_distance(x, y, a, b, projections=proj, p=p)
    assert ours == pytest.approx(float(theirs), abs=1e-12, rel=1e-12)
    power = sliced_wasserstein_distance(x, y, a=a, b=b, projections=proj, p=p, return_power=True)
    assert power == pytest.approx(float(theirs) ** p, rel=1e-11)


@needs_pot
def test_one_dimensional_weighted_equals_pot_and_scipy():
    u, v = RNG.normal(size=40), RNG.normal(size=55) + 0.7
    a, b = _probs(40, 4), _probs(55, 5)
    assert wasserstein_distance_1d(u, v, a=a, b=b) == pytest.approx(scipy_w1(u, v, a, b), abs=1e-12)
    assert wasserstein_distance_1d(u, v, a=a, b=b, p=2, return_power=True) == pytest.approx(
        float(ot.wasserstein_1d(u, v, a, b, p=2)), abs=1e-12)


@pytest.mark.parametrize("direction", [1.0, -1.0])
def test_sliced_in_one_dimension_is_exact_w1(direction):
    u, v = RNG.exponential(size=(70, 1)), RNG.normal(size=(33, 1))
    sw1 = sliced_wasserstein_distance(u, v, projections=np.array([[direction]]), p=1)
    assert sw1 == pytest.approx(scipy_w1(u[:, 0], v[:, 0]), abs=1e-12)


@needs_pot
def test_varifold_equals_pot_on_the_product_embedding():
    v, f = _tetrahedron()
    c, n, area = triangle_mesh_varifold(v, f)
    c2, n2, area2 = triangle_mesh_varifold(v * [1.0, 1.2, 0.8] + 0.1, f)
    kappa = 0.4
    proj = ot.sliced.get_random_projections(6, 32, seed=0)
    ours = varifold_sliced_wasserstein_distance(c, n, area, c2, n2, area2, normal_weight=kappa, projections=proj)
    theirs = ot.sliced_wasserstein_distance(np.hstack([c, kappa * n]), np.hstack([c2, kappa * n2]),
                                            area / area.sum(), area2 / area2.sum(), projections=proj)
    assert ours == pytest.approx(float(theirs), abs=1e-12)


def test_chamfer_tree_and_brute_agree_with_a_direct_computation():
    x, y = _clouds(50, 70, d=2)
    d2 = ((x[:, None, :] - y[None, :, :]) ** 2).sum(-1)
    direct = d2.min(1).mean() + d2.min(0).mean()
    direct_abs = np.sqrt(d2).min(1).mean() + np.sqrt(d2).min(0).mean()
    assert chamfer_distance(x, y) == pytest.approx(direct, rel=1e-12)
    assert chamfer_distance(x, y, method="brute") == pytest.approx(direct, rel=1e-10)
    assert chamfer_distance(x, y, squared=False) == pytest.approx(direct_abs, rel=1e-12)
    assert chamfer_distance(x, y, squared=False, method="brute") == pytest.approx(direct_abs, rel=1e-8)


# --- known values --------------------------------------------------------------------------------------

@needs_pot
def test_translation_gives_the_closed_form():
    x, _ = _clouds(80, 1)
    t = np.array([0.3, -1.2, 2.0])
    proj = ot.sliced.get_random_projections(3, 25, seed=7)
    expected = np.mean((t @ proj) ** 2)
    assert sliced_wasserstein_distance(x, x + t, projections=proj, return_power=True) == pytest.approx(expected,
                                                                                                      rel=1e-12)


def test_mesh_varifold_of_a_tetrahedron():
    v, f = _tetrahedron()
    c, n, area = triangle_mesh_varifold(v, f)
    np.testing.assert_allclose(area, np.sqrt(3) / 4 * 8)              # equilateral, side 2√2
    np.testing.assert_allclose(np.einsum("ij,ij->i", n, c) > 0, True)  # outward normals
    np.testing.assert_allclose(np.linalg.norm(n, axis=1), 1.0)
    assert np.allclose(c.mean(0), 0.0)


def test_flipped_normals_are_seen_only_with_normal_weight():
    v, f = _tetrahedron()
    c, n, area = triangle_mesh_varifold(v, f)
    assert varifold_sliced_wasserstein_distance(c, n, area, c, -n, area, normal_weight=0.0) == pytest.approx(0, abs=1e-14)
    assert varifold_sliced_wasserstein_distance(c, n, area, c, -n, area, normal_weight=1.0) > 0.1


def test_seed_reproducible_and_projections_drawn_on_the_sphere():
    x, y = _clouds()
    assert sliced_wasserstein_distance(x, y, seed=5) == sliced_wasserstein_distance(x, y, seed=5)
    assert sliced_wasserstein_distance(x, y, seed=5) != sliced_wasserstein_distance(x, y, seed=6)
    gen = np.random.default_rng(5)
    assert sliced_wasserstein_distance(x, y, seed=gen) == sliced_wasserstein_distance(x, y, seed=5)


def test_inputs_are_not_modified():
    x, y = _clouds()
    a, b = _probs(len(x), 0), _probs(len(y), 1)
    copies = [arr.copy() for arr in (x, y, a, b)]
    sliced_wasserstein_distance(x, y, a=a, b=b)
    chamfer_distance(x, y)
    for arr, copy in zip((x, y, a, b), copies, strict=True):
        np.testing.assert_array_equal(arr, copy)


# --- properties ----------------------------------------------------------------------------------------

_cloud = st.integers(min_value=2, max_value=30).flatmap(
    lambda n: st.lists(st.floats(-50, 50, allow_nan=False), min_size=2 * n, max_size=2 * n))


@settings(max_examples=40, deadline=None)
@given(_cloud, _cloud, _cloud, st.integers(0, 10_000))
def test_sliced_is_a_metric_on_the_sampled_clouds(cx, cy, cz, seed):
    x, y, z = (np.asarray(c).reshape(-1, 2) for c in (cx, cy, cz))
    d = {(i, j): sliced_wasserstein_distance(s, t, seed=seed)
         for i, s in enumerate((x, y, z)) for j, t in enumerate((x, y, z))}
    assert d[0, 0] == 0.0
    assert d[0, 1] == pytest.approx(d[1, 0], abs=1e-9)
    assert d[0, 2] <= d[0, 1] + d[1, 2] + 1e-9
    assert d[0, 1] >= 0


@needs_pot
@settings(max_examples=30, deadline=None)
@given(_cloud, _cloud)
def test_sliced_is_at_most_the_exact_wasserstein_distance(cx, cy):
    x, y = np.asarray(cx).reshape(-1, 2), np.asarray(cy).reshape(-1, 2)
    exact = np.sqrt(ot.emd2(np.full(len(x), 1 / len(x)), np.full(len(y), 1 / len(y)), ot.dist(x, y)))
    assert sliced_wasserstein_distance(x, y, n_projections=20, seed=0) <= exact + 1e-7


@settings(max_examples=30, deadline=None)
@given(st.lists(st.floats(-1e3, 1e3, allow_nan=False), min_size=1, max_size=40),
       st.lists(st.floats(-1e3, 1e3, allow_nan=False), min_size=1, max_size=40))
def test_one_dimensional_matches_scipy(u, v):
    assert wasserstein_distance_1d(np.array(u), np.array(v)) == pytest.approx(
        scipy_w1(u, v), abs=1e-9 * (1 + max(map(abs, u + v))))


# --- bad input -----------------------------------------------------------------------------------------

def test_bad_input_sliced():
    x, y = _clouds()
    with pytest.raises(ValueError, match="'x' and 'y'.*same number of columns"):
        sliced_wasserstein_distance(x, y[:, :2])
    with pytest.raises(ValueError, match="'x'.*finite"):
        sliced_wasserstein_distance(np.full((3, 3), np.nan), y)
    with pytest.raises(TypeError, match="'y'.*real numbers"):
        sliced_wasserstein_distance(x, y.astype(complex))
    with pytest.raises(ValueError, match="'p'"):
        sliced_wasserstein_distance(x, y, p=0.5)
    with pytest.raises(ValueError, match="'n_projections'"):
        sliced_wasserstein_distance(x, y, n_projections=0)
    with pytest.raises(ValueError, match="'projections'.*unit-norm"):
        sliced_wasserstein_distance(x, y, projections=np.ones((3, 4)))
    with pytest.raises(ValueError, match="'projections'.*shape"):
        sliced_wasserstein_distance(x, y, projections=np.eye(2))
    with pytest.raises(ValueError, match="'seed'.*projections"):
        sliced_wasserstein_distance(x, y, projections=np.eye(3), seed=1)
    with pytest.raises(ValueError, match="'n_projections'.*projections"):
        sliced_wasserstein_distance(x, y, projections=np.eye(3), n_projections=3)
    with pytest.raises(ValueError, match="'a'.*sum to 1"):
        sliced_wasserstein_distance(x, y, a=np.ones(len(x)))
    with pytest.raises(ValueError, match="'b'.*one entry per point"):
        sliced_wasserstein_distance(x, y, b=np.ones(3) / 3)
    with pytest.raises(ValueError, match="'a'.*non-negative"):
        sliced_wasserstein_distance(x, y, a=np.r_[-1.0, 2.0, np.zeros(len(x) - 2)])
    with pytest.raises(ValueError, match="'device'"):
        sliced_wasserstein_distance(x, y, device="tpu")
    with pytest.raises(ValueError, match="'x'.*non-empty"):
        sliced_wasserstein_distance(np.zeros((0, 3)), y)


def test_bad_input_one_dimensional():
    with pytest.raises(ValueError, match="'u'.*1-D"):
        wasserstein_distance_1d(np.zeros((3, 2)), np.zeros(3))
    with pytest.raises(ValueError, match="'v'.*finite"):
        wasserstein_distance_1d(np.zeros(3), np.array([0.0, np.inf]))
    with pytest.raises(ValueError, match="'p'"):
        wasserstein_distance_1d(np.zeros(3), np.zeros(3), p=np.nan)


def test_bad_input_varifold_and_mesh():
    v, f = _tetrahedron()
    c, n, area = triangle_mesh_varifold(v, f)
    with pytest.raises(ValueError, match="'normals_y'.*unit vectors"):
        varifold_sliced_wasserstein_distance(c, n, area, c, 2 * n, area)
    with pytest.raises(ValueError, match="'normals_x'.*shape"):
        varifold_sliced_wasserstein_distance(c, n[:2], area, c, n, area)
    with pytest.raises(ValueError, match="'areas_x'.*positive sum"):
        varifold_sliced_wasserstein_distance(c, n, np.zeros(4), c, n, area)
    with pytest.raises(TypeError, match="'areas_y'"):
        varifold_sliced_wasserstein_distance(c, n, area, c, n, None)
    with pytest.raises(ValueError, match="'normal_weight'"):
        varifold_sliced_wasserstein_distance(c, n, area, c, n, area, normal_weight=-1.0)
    with pytest.raises(ValueError, match="'faces'.*index vertices"):
        triangle_mesh_varifold(v, f + 1)
    with pytest.raises(ValueError, match="'faces'.*zero area"):
        triangle_mesh_varifold(v, np.array([[0, 1, 1]]))
    with pytest.raises(TypeError, match="'faces'.*integer"):
        triangle_mesh_varifold(v, f.astype(float))
    with pytest.raises(ValueError, match="'vertices'.*shape"):
        triangle_mesh_varifold(v[:, :2], f)


def test_bad_input_chamfer():
    x, y = _clouds()
    with pytest.raises(ValueError, match="'method'"):
        chamfer_distance(x, y, method="fast")
    with pytest.raises(ValueError, match="'x' and 'y'"):
        chamfer_distance(x, y[:, :1])
    with pytest.raises(TypeError, match="'squared'"):
        chamfer_distance(x, y, squared=1)
    with pytest.raises(ValueError, match="'y'.*finite"):
        chamfer_distance(x, np.full((2, 3), np.nan))


def test_gpu_request_without_a_gpu_raises_clearly(monkeypatch):
    import infolab.backend as backend  # noqa: PLC0415

    monkeypatch.setattr(backend, "gpu_available", lambda: False)
    x, y = _clouds()
    with pytest.raises(RuntimeError, match="device='gpu'"):
        sliced_wasserstein_distance(x, y, device="gpu")


# --- GPU path ------------------------------------------------------------------------------------------

@pytest.mark.gpu
def test_gpu_matches_numpy():
    import cupy as cp  # noqa: PLC0415

    x, y = _clouds(3000, 2500)
    a, b = _probs(3000, 1), _probs(2500, 2)
    proj = np.random.default_rng(3).normal(size=(3, 40))
    proj /= np.linalg.norm(proj, axis=0)
    pairs = [
        (sliced_wasserstein_distance(x, y, seed=0), sliced_wasserstein_distance(cp.asarray(x), cp.asarray(y), seed=0)),
        (sliced_wasserstein_distance(x, y, a=a, b=b, projections=proj, p=1),
         sliced_wasserstein_distance(cp.asarray(x), cp.asarray(y), a=cp.asarray(a), b=cp.asarray(b),
                                     projections=cp.asarray(proj), p=1)),
        (sliced_wasserstein_distance(x, x[::-1] + 0.2, seed=1),
         sliced_wasserstein_distance(x, x[::-1] + 0.2, seed=1, device="gpu")),
        (chamfer_distance(x, y), chamfer_distance(cp.asarray(x), cp.asarray(y))),
    ]
    v, f = _tetrahedron()
    c, n, area = triangle_mesh_varifold(v, f)
    pairs.append((varifold_sliced_wasserstein_distance(c, n, area, c, -n, area, seed=2),
                  varifold_sliced_wasserstein_distance(c, n, area, c, -n, area, seed=2, device="gpu")))
    for cpu_value, gpu_value in pairs:
        assert isinstance(gpu_value, float)
        assert gpu_value == pytest.approx(cpu_value, rel=1e-9, abs=1e-12)
