"""Tests of infolab.data.mi_tasks: every ground truth checked by an independent computation."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate
from scipy.linalg import sqrtm
from scipy.stats import multivariate_t

from infolab.data import mi_tasks as mt
from infolab.data.mi_tasks import (
    MI_TRANSFORMS,
    MITask,
    additive_uniform_mutual_information,
    additive_uniform_task,
    dense_interaction_covariance,
    gaussian_task,
    mi_benchmark_tasks,
    mi_task,
    sparse_interaction_covariance,
    student_t_mutual_information_correction,
    student_t_task,
    transformed_task,
)

# ----------------------------------------------------------------------------- Gaussian truth

def _cca_mutual_information(cov, dx):
    """Independent route: canonical correlations of the covariance, I = -1/2 sum log(1 - r_i^2)."""
    sxx, syy, sxy = cov[:dx, :dx], cov[dx:, dx:], cov[:dx, dx:]
    whitened = np.linalg.inv(np.real(sqrtm(sxx))) @ sxy @ np.linalg.inv(np.real(sqrtm(syy)))
    r = np.linalg.svd(whitened, compute_uv=False)
    return -0.5 * np.sum(np.log1p(-r**2))


@pytest.mark.parametrize("dx,dy,rho", [(1, 1, 0.75), (2, 2, 0.5), (3, 3, 0.5), (5, 5, 0.5), (2, 4, 0.3), (4, 1, -0.1)])
def test_dense_gaussian_truth_matches_cca_and_equicorrelation_determinant(dx, dy, rho):
    cov = dense_interaction_covariance(dx, dy, rho)
    truth = gaussian_task(cov, dx).mutual_information
    # det of an m x m equicorrelation matrix: (1 - rho)^(m - 1) (1 + (m - 1) rho)
    logdet = lambda m: (m - 1) * math.log(1 - rho) + math.log(1 + (m - 1) * rho)  # noqa: E731
    closed = 0.5 * (logdet(dx) + logdet(dy) - logdet(dx + dy))
    assert truth == pytest.approx(closed, abs=1e-12)
    assert truth == pytest.approx(_cca_mutual_information(cov, dx), abs=1e-10)


@pytest.mark.parametrize("dx,dy,pairs,rho", [(3, 3, 2, 0.8), (5, 5, 2, 0.8), (2, 3, 2, -0.6), (4, 4, 0, 0.9)])
def test_sparse_gaussian_truth_is_sum_over_pairs(dx, dy, pairs, rho):
    task = gaussian_task(sparse_interaction_covariance(dx, dy, pairs, rho), dx)
    assert task.mutual_information == pytest.approx(-0.5 * pairs * math.log(1 - rho**2), abs=1e-12)


def test_gaussian_sampler_reproduces_its_covariance():
    cov = dense_interaction_covariance(2, 3, 0.4)
    x, y = gaussian_task(cov, 2).sample(200_000, seed=3)
    empirical = np.cov(np.hstack([x, y]), rowvar=False)
    assert np.max(np.abs(empirical - cov)) < 0.015  # ~5 standard errors of a covariance at n = 2e5


# ----------------------------------------------------------------------------- Student-t truth

@pytest.mark.parametrize("name,dof", [("student_t-dof1-1x1", 1.0), ("student_t-dof3-2x2", 3.0),
                                      ("student_t-dense-dof5-2x2-rho0.5", 5.0)])
def test_student_t_truth_matches_monte_carlo_of_the_log_density_ratio(name, dof):
    """I = E[log p(x, y) - log p(x) - log p(y)], the densities from scipy.stats.multivariate_t.

    Tolerance: 5 Monte-Carlo standard errors at n = 60 000 (about 0.008 nat)."""
    task = mi_task(name)
    dx, dy = task.dim_x, task.dim_y
    disp = np.eye(dx + dy) if "dense" not in name else dense_interaction_covariance(dx, dy, 0.5)
    x, y = task.sample(60_000, seed=11)
    joint = multivariate_t(np.zeros(dx + dy), disp, df=dof).logpdf(np.hstack([x, y]))
    px = np.atleast_1d(multivariate_t(np.zeros(dx), disp[:dx, :dx], df=dof).logpdf(x))
    py = np.atleast_1d(multivariate_t(np.zeros(dy), disp[dx:, dx:], df=dof).logpdf(y))
    ratio = joint - px - py
    stderr = ratio.std() / math.sqrt(ratio.size)
    assert abs(ratio.mean() - task.mutual_information) < 5 * stderr


def test_student_t_correction_is_positive_and_vanishes_for_large_dof():
    values = [student_t_mutual_information_correction(v, 2, 3) for v in (1, 2, 5, 20, 1e4)]
    assert all(v > 0 for v in values)
    assert all(a > b for a, b in zip(values, values[1:], strict=False))
    assert values[-1] < 1e-5


# ----------------------------------------------------------------------------- additive uniform truth

@pytest.mark.parametrize("eps", [0.05, 0.1, 0.3, 0.5, 0.75, 1.0, 2.5])
def test_additive_uniform_truth_matches_numeric_integration(eps):
    """h(Y) of the trapezoid density of X + N by quadrature, minus h(Y | X) = log(2 eps)."""
    def density(t):
        return (min(t + eps, 1.0) - max(t - eps, 0.0)) / (2 * eps) if -eps < t < 1 + eps else 0.0

    def integrand(t):
        p = density(t)
        return -p * math.log(p) if p > 0 else 0.0

    breaks = sorted({-eps, eps, 1 - eps, 1 + eps})
    h_y = sum(integrate.quad(integrand, a, b, epsabs=1e-13, epsrel=1e-13)[0] for a, b in zip(breaks, breaks[1:], strict=False))
    assert additive_uniform_mutual_information(eps) == pytest.approx(h_y - math.log(2 * eps), abs=1e-9)


def test_additive_uniform_coordinates_add_and_sampler_has_the_stated_support():
    task = additive_uniform_task([0.1, 0.75])
    assert task.mutual_information == pytest.approx(
        additive_uniform_mutual_information(0.1) + additive_uniform_mutual_information(0.75), abs=1e-14)
    x, y = task.sample(10_000, seed=0)
    assert x.min() >= 0 and x.max() <= 1
    assert np.all(np.abs(y - x) <= np.array([0.1, 0.75]))


# ----------------------------------------------------------------------------- transforms

COORDINATEWISE = ["halfcube", "asinh", "normal_cdf", "wiggly"]


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**31), transform=st.sampled_from(COORDINATEWISE),
       base=st.sampled_from(["normal-dense-2x3-rho0.5", "normal-sparse-3x3-pairs2-rho0.8", "additive_uniform-2x2-eps0.3"]))
def test_coordinatewise_transforms_keep_the_rank_structure_and_the_truth(seed, transform, base):
    task = mi_task(base)
    composed = transformed_task(task, transform)
    x0, y0 = task.sample(300, seed)
    x1, y1 = composed.sample(300, seed)
    np.testing.assert_array_equal(np.argsort(x0, axis=0), np.argsort(x1, axis=0))
    np.testing.assert_array_equal(np.argsort(y0, axis=0), np.argsort(y1, axis=0))
    assert composed.mutual_information == task.mutual_information
    assert composed.name == f"{transform}({base})"


def test_wiggly_maps_are_strictly_increasing():
    grid = np.linspace(-50, 50, 200_001).reshape(-1, 1)
    for terms in (mt._WIGGLY_X, mt._WIGGLY_Y):
        assert np.all(np.diff(mt._wiggly(grid, terms)[:, 0]) > 0)


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 2**31))
def test_spiral_is_inverted_by_the_opposite_rotation(seed):
    task = mi_task("normal-dense-3x3-rho0.5")
    x0, y0 = task.sample(200, seed)
    x1, y1 = transformed_task(task, "spiral").sample(200, seed)
    assert not np.allclose(x0, x1)
    np.testing.assert_allclose(mt._spiral(x1, -mt._SPIRAL_SPEED), x0, atol=1e-12)
    np.testing.assert_allclose(mt._spiral(y1, -mt._SPIRAL_SPEED), y0, atol=1e-12)
    np.testing.assert_allclose(np.linalg.norm(x1, axis=1), np.linalg.norm(x0, axis=1), rtol=1e-13)


def test_swissroll_is_injective_and_keeps_the_order_along_the_roll():
    task = mi_task("swissroll(normal-dense-1x1-rho0.9)")
    base = mi_task("normal-dense-1x1-rho0.9")
    x, y = task.sample(2000, seed=5)
    x0, y0 = base.sample(2000, seed=5)
    radius = 10 * np.linalg.norm(x, axis=1)           # = t, increasing in the base coordinate
    np.testing.assert_array_equal(np.argsort(radius), np.argsort(x0[:, 0]))
    np.testing.assert_array_equal(y, y0)
    assert task.dim_x == 2 and task.mutual_information == base.mutual_information


def test_nested_names_compose_in_order():
    task = mi_task("asinh(halfcube(normal-dense-1x1-rho0.75))")
    assert task.transforms == ("halfcube", "asinh")
    x0, _ = mi_task("normal-dense-1x1-rho0.75").sample(50, 1)
    x1, _ = task.sample(50, 1)
    np.testing.assert_allclose(x1, np.arcsinh(x0 * np.sqrt(np.abs(x0))), rtol=1e-15)


# ----------------------------------------------------------------------------- names, suite, determinism

def test_benchmark_suite_covers_the_families_and_round_trips_names():
    tasks = mi_benchmark_tasks()
    assert len(tasks) == 34
    assert len({t.name for t in tasks}) == len(tasks)
    assert {t.family for t in tasks} == {"normal", "student_t", "additive_uniform"}
    assert {tr for t in tasks for tr in t.transforms} == set(MI_TRANSFORMS)
    assert max(t.dim_x for t in tasks) == 50 and max(t.dim_y for t in tasks) == 50
    mis = [t.mutual_information for t in tasks]
    assert min(mis) == 0.0 and 1.5 < max(mis) <= 2.0
    for t in tasks:
        again = mi_task(t.name)
        assert again.name == t.name and again.mutual_information == t.mutual_information


def test_hard_published_settings_are_in_the_suite_with_independent_truths():
    tasks = {t.name: t for t in mi_benchmark_tasks()}
    # the spiral is an injective map of each variable: the truth is that of two pairs with rho = 0.8
    for d in (3, 5):
        assert tasks[f"spiral(normal-sparse-{d}x{d}-pairs2-rho0.8)"].mutual_information == pytest.approx(
            -math.log(1 - 0.64), rel=1e-12)
    # equicorrelation of d coordinates: eigenvalues 1 + (d - 1) rho (once) and 1 - rho (d - 1 times)
    for d in (25, 50):
        def logdet(m):
            return math.log(1 + (m - 1) * 0.5) + (m - 1) * math.log(0.5)
        truth = 0.5 * (2 * logdet(d) - logdet(2 * d))
        assert tasks[f"normal-dense-{d}x{d}-rho0.5"].mutual_information == pytest.approx(truth, rel=1e-10)
    # identity dispersion: all of the dependence is the t's; entropies from scipy
    def h(m, dof):
        return multivariate_t(np.zeros(m), np.eye(m), df=dof).entropy()

    for dof in (1, 2, 3):
        for d in (3, 5):
            truth = 2 * h(d, dof) - h(2 * d, dof)
            assert tasks[f"student_t-dof{dof}-{d}x{d}"].mutual_information == pytest.approx(truth, rel=1e-9)


def test_aliases_map_to_canonical_names():
    assert mi_task("student_t-identity-2x2-dof3").name == "student_t-dof3-2x2"
    assert mi_task("normal-sparse-3x3-rho0.8-pairs2").name == "normal-sparse-3x3-pairs2-rho0.8"


@pytest.mark.parametrize("name", [t.name for t in mi_benchmark_tasks()])
def test_sampling_is_deterministic_under_seed(name):
    task = mi_task(name)
    x1, y1 = task.sample(64, seed=7)
    x2, y2 = task.sample(64, seed=np.random.default_rng(7))
    x3, _ = task.sample(64, seed=8)
    assert x1.shape == (64, task.dim_x) and y1.shape == (64, task.dim_y)
    assert x1.dtype == np.float64 and np.all(np.isfinite(x1)) and np.all(np.isfinite(y1))
    np.testing.assert_array_equal(x1, x2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.array_equal(x1, x3)


def test_task_is_immutable():
    task = mi_task("normal-dense-2x2-rho0.5")
    with pytest.raises(AttributeError):
        task.mutual_information = 3.0


def test_constructors_do_not_mutate_inputs():
    cov = dense_interaction_covariance(2, 2, 0.5)
    before = cov.copy()
    gaussian_task(cov, 2).sample(10, 0)
    student_t_task(cov, 2, 3.0).sample(10, 0)
    np.testing.assert_array_equal(cov, before)


# ----------------------------------------------------------------------------- bad input

def test_unknown_name_lists_valid_names():
    with pytest.raises(ValueError, match="'name'") as info:
        mi_task("normal-dense-2x2")  # rho missing
    assert "normal-dense-1x1-rho0.75" in str(info.value)  # the suite is listed
    for bad in ["foo-2x2", "normal-dense-rho0.5", "blur(normal-dense-2x2-rho0.5)", "normal-dense-2x2-rho1.5",
                "spiral(normal-dense-1x1-rho0.5)", "additive_uniform-1x2-eps0.1", "normal-dense-2x2-rho0.5)",
                "student_t-dof3-2x2-rho0.5", "normal-dense-2x2-rho0.5-rho0.3"]:
        with pytest.raises(ValueError, match="'name'"):
            mi_task(bad)
    with pytest.raises(TypeError, match="'name'"):
        mi_task(3)


def test_sample_rejects_bad_n_and_seed():
    task = mi_task("normal-dense-1x1-rho0.75")
    with pytest.raises(ValueError, match="'n'"):
        task.sample(0, 1)
    with pytest.raises(TypeError, match="'n'"):
        task.sample(2.5, 1)
    with pytest.raises(TypeError, match="'seed'"):
        task.sample(10, "x")


def test_constructors_reject_bad_input():
    with pytest.raises(ValueError, match="'covariance'"):
        gaussian_task([[1.0, 2.0], [2.0, 1.0]], 1)  # not positive definite
    with pytest.raises(ValueError, match="'covariance'"):
        gaussian_task([[1.0, 0.5], [0.4, 1.0]], 1)  # not symmetric
    with pytest.raises(ValueError, match="'dim_x'"):
        gaussian_task(np.eye(3), 3)
    with pytest.raises(ValueError, match="'covariance'"):
        gaussian_task(np.eye(1), 1)
    with pytest.raises(ValueError, match="'dof'"):
        student_t_task(np.eye(2), 1, 0.0)
    with pytest.raises(ValueError, match="'dispersion'"):
        student_t_task(-np.eye(2), 1, 3.0)
    with pytest.raises(ValueError, match="'dof'"):
        student_t_mutual_information_correction(-1.0, 1, 1)
    with pytest.raises(ValueError, match="'dim_y'"):
        student_t_mutual_information_correction(1.0, 1, 0)
    with pytest.raises(ValueError, match="'epsilon'"):
        additive_uniform_task(0.0)
    with pytest.raises(ValueError, match="'epsilon'"):
        additive_uniform_mutual_information([0.1, -0.2])
    with pytest.raises(ValueError, match="'dim'"):
        additive_uniform_task(0.1, dim=0)
    with pytest.raises(ValueError, match="'rho'"):
        dense_interaction_covariance(2, 2, -0.5)  # below -1/(d - 1)
    with pytest.raises(ValueError, match="'n_pairs'"):
        sparse_interaction_covariance(2, 3, 3, 0.5)
    with pytest.raises(ValueError, match="'rho'"):
        sparse_interaction_covariance(2, 2, 1, 1.0)
    with pytest.raises(ValueError, match="'transform'"):
        transformed_task(mi_task("normal-dense-2x2-rho0.5"), "blur")
    with pytest.raises(TypeError, match="'task'"):
        transformed_task("normal-dense-2x2-rho0.5", "asinh")
    with pytest.raises(ValueError, match="'task'"):
        transformed_task(mi_task("normal-dense-2x2-rho0.5"), "swissroll")
    assert isinstance(mi_task("normal-dense-2x2-rho0.5"), MITask)


def test_a_task_without_a_sampler_is_refused():
    with pytest.raises(TypeError, match="'_draw'"):
        MITask(name="x", dim_x=1, dim_y=1, mutual_information=0.0, family="normal", formula="")
