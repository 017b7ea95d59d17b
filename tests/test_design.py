"""Tests of infolab.measures.design (EIG estimators) and infolab.data.experiment_design (environments)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, stats

from infolab.data import (
    death_process,
    hyperbolic_discounting,
    linear_gaussian_experiment,
    location_finding,
)
from infolab.measures import (
    EIGEstimate,
    ExperimentModel,
    eig_regret,
    linear_gaussian_eig,
    nmc_eig,
    pce_eig,
)


@settings(max_examples=30, deadline=None)
@given(p=st.integers(1, 4), q=st.integers(1, 3), s0=st.floats(0.1, 3.0), s1=st.floats(0.1, 3.0),
       seed=st.integers(0, 2**31))
def test_linear_gaussian_eig_matches_the_entropy_difference(p, q, s0, s1, seed):
    a = np.random.default_rng(seed).normal(size=(q, p))
    cov_y = s0**2 * a @ a.T + s1**2 * np.eye(q)
    h_y = stats.multivariate_normal(np.zeros(q), cov_y).entropy()
    h_noise = stats.multivariate_normal(np.zeros(q), s1**2 * np.eye(q)).entropy()
    assert linear_gaussian_eig(a, s0**2, s1**2) == pytest.approx(h_y - h_noise, rel=1e-10, abs=1e-12)
    assert linear_gaussian_eig(a, s0**2, s1**2, base=2) == pytest.approx((h_y - h_noise) / np.log(2), abs=1e-10)


def test_linear_gaussian_eig_full_covariances_and_scalar_case():
    assert linear_gaussian_eig([2.0], 1.0, 1.0) == pytest.approx(0.5 * np.log(5.0), abs=1e-14)
    prior = np.array([[1.0, 0.5], [0.5, 2.0]])
    a = np.eye(2)
    expected = 0.5 * np.log(np.linalg.det(prior + np.eye(2)))
    assert linear_gaussian_eig(a, prior, np.eye(2)) == pytest.approx(expected, rel=1e-12)


def test_nmc_and_pce_bracket_the_linear_gaussian_truth():
    model = linear_gaussian_experiment(n_params=2, prior_sd=1.0, noise_sd=0.5)
    design = np.array([[1.0, 2.0]])
    truth = linear_gaussian_eig(design, 1.0, 0.25)
    est = pce_eig(model, design, n_outer=3000, n_contrastive=1000, seed=0, return_upper=True)
    assert est.eig <= truth + 3 * est.standard_error
    assert est.upper >= truth - 3 * est.upper_standard_error
    assert abs(est.upper - truth) < 0.1 and abs(est.eig - truth) < 0.1


def test_death_process_grid_eig_against_scipy_quadrature():
    model = death_process()
    prior = stats.truncnorm(-1.0, 1.0, loc=1.0, scale=1.0)
    for xi in (0.1, 1.0):
        def marginal(k, xi=xi):
            return integrate.quad(lambda t: prior.pdf(t) * stats.binom.pmf(k, 50, 1 - np.exp(-t * xi)), 0, 2)[0]

        def cond_entropy(t, xi=xi):
            return prior.pdf(t) * stats.binom(50, 1 - np.exp(-t * xi)).entropy()
        pk = np.array([marginal(k) for k in range(51)])
        cond = integrate.quad(cond_entropy, 0, 2)[0]
        exact = stats.entropy(pk) - cond
        assert model.grid_eig(xi) == pytest.approx(exact, abs=1e-5)
    # known values: the EIG at ξ = 0.05, 0.5, 1.5 (nats), grid-converged
    assert [round(model.grid_eig(x), 3) for x in (0.05, 0.5, 1.5)] == [0.313, 1.024, 1.265]


def test_nmc_bias_decreases_with_inner_samples():
    model = death_process()
    truth = model.grid_eig(1.0)
    bias = [np.mean([nmc_eig(model, 1.0, n_outer=400, n_inner=m, seed=s).eig for s in range(4)]) - truth
            for m in (3, 30, 300)]
    assert bias[0] > bias[1] > abs(bias[2]) - 0.03
    assert bias[0] > 0.3    # biased upward at small M


def test_pce_is_below_the_truth_and_capped_at_log_l_plus_one():
    model = death_process()
    truth = model.grid_eig(1.5)
    for L in (2, 10, 100):
        vals = [pce_eig(model, 1.5, n_outer=300, n_contrastive=L, seed=s).eig for s in range(3)]
        assert max(vals) <= np.log(L + 1) + 1e-12
        assert np.mean(vals) <= truth + 0.05


def test_hyperbolic_eig_is_at_most_ln2_and_known_values():
    model = hyperbolic_discounting()
    assert model.grid_eig([100, 150, 30]) == pytest.approx(0.551, abs=0.005)
    assert model.grid_eig([150, 160, 5]) == pytest.approx(0.441, abs=0.005)
    rng = np.random.default_rng(0)
    for _ in range(20):
        ir = rng.integers(1, 200)
        design = [ir, rng.integers(ir + 1, 300), rng.integers(1, 365)]
        assert 0.0 <= model.grid_eig(design) <= np.log(2) + 1e-12


def test_grid_eig_with_posterior_weights_and_sampler_agreement():
    model = death_process()
    theta, w = model.grid()
    point = np.zeros_like(w)
    point[1000] = 1.0
    assert model.grid_eig(1.0, weights=point) == pytest.approx(0.0, abs=1e-12)   # θ known: nothing to learn
    rng = np.random.default_rng(1)
    draws = model.sample_prior(20000, rng)
    assert 0.0 <= draws.min() and draws.max() <= 2.0
    assert np.mean(draws) == pytest.approx(float(np.sum(w * theta[:, 0])), abs=0.02)
    y = model.sample_outcome(np.full((5, 1), 1.0), 1.0, rng)
    ll = model.log_likelihood(y, np.full((5, 1), 1.0), 1.0)
    assert np.allclose(ll, stats.binom.logpmf(y[:, 0], 50, 1 - np.exp(-1.0)))


def test_estimators_are_deterministic_under_a_seed_and_do_not_mutate_designs():
    model = location_finding()
    design = np.array([0.3, -0.2])
    before = design.copy()
    a = nmc_eig(model, design, n_outer=50, n_inner=20, seed=5)
    b = nmc_eig(model, design, n_outer=50, n_inner=20, seed=5)
    assert a == b and isinstance(a, EIGEstimate) and float(a) == a.eig
    assert np.array_equal(design, before)
    c = pce_eig(model, design, n_outer=50, n_contrastive=20, seed=5, return_upper=True)
    assert c.eig <= c.upper and c.upper == pytest.approx(a.eig)   # same draws: the upper bound is NMC


def test_progress_wraps_the_chunks():
    seen = []

    def prog(it, **kw):
        seen.append(kw.get("desc"))
        return it
    nmc_eig(death_process(), 1.0, n_outer=20, n_inner=5, seed=0, progress=prog)
    assert seen == ["nmc_eig"]


def test_eig_regret():
    assert eig_regret(0.5, [0.1, 0.7, 0.3]) == pytest.approx(0.2)
    assert eig_regret(0.9, [0.1, 0.7]) == pytest.approx(-0.2)


def test_bad_input():
    model = death_process()
    with pytest.raises(ValueError, match="'n_inner' parameter of nmc_eig"):
        nmc_eig(model, 1.0, n_inner=0)
    with pytest.raises(TypeError, match="'n_outer' parameter of nmc_eig"):
        nmc_eig(model, 1.0, n_outer=10.5)
    with pytest.raises(ValueError, match="'n_contrastive' parameter of pce_eig"):
        pce_eig(model, 1.0, n_contrastive=0)
    with pytest.raises(TypeError, match="'model' parameter of pce_eig"):
        pce_eig("death", 1.0)
    with pytest.raises(ValueError, match="'design' parameter of the death process"):
        nmc_eig(model, -1.0)
    with pytest.raises(ValueError, match="'design' parameter of hyperbolic"):
        hyperbolic_discounting().grid_eig([150, 100, 5])
    with pytest.raises(ValueError, match="'design' parameter of location finding"):
        pce_eig(location_finding(), [np.nan, 0.0])
    with pytest.raises(ValueError, match="'base' parameter of nmc_eig"):
        nmc_eig(model, 1.0, base=1)
    with pytest.raises(TypeError, match="'return_upper' parameter of pce_eig"):
        pce_eig(model, 1.0, return_upper="yes")
    with pytest.raises(TypeError, match="'progress' parameter of nmc_eig"):
        nmc_eig(model, 1.0, progress=3)
    with pytest.raises(ValueError, match="'prior_cov' parameter of linear_gaussian_eig"):
        linear_gaussian_eig([1.0, 1.0], -1.0, 1.0)
    with pytest.raises(ValueError, match="'noise_cov' parameter of linear_gaussian_eig"):
        linear_gaussian_eig([1.0], 1.0, [[1.0, 0.0], [0.0, 1.0]])
    with pytest.raises(ValueError, match="'design_matrix' parameter of linear_gaussian_eig"):
        linear_gaussian_eig([np.inf], 1.0, 1.0)
    with pytest.raises(ValueError, match="'candidate_eigs' parameter of eig_regret"):
        eig_regret(0.1, [])
    with pytest.raises(ValueError, match="'chosen_eig' parameter of eig_regret"):
        eig_regret(np.nan, [0.1])
    with pytest.raises(ValueError, match="'weights' parameter of grid_eig"):
        model.grid_eig(1.0, weights=np.ones(3) / 3)
    with pytest.raises(ValueError, match="'prior_sd' parameter of death_process"):
        death_process(prior_sd=0.0)
    broken = ExperimentModel("broken", 1, lambda n, rng: np.zeros((n, 2)), lambda t, d, rng: t, lambda y, t, d: y[..., 0])
    with pytest.raises(ValueError, match="prior sampler of the model 'broken'"):
        nmc_eig(broken, 1.0, n_outer=5, n_inner=2)
