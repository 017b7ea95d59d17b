"""Tests of infolab.measures.divergence (Rényi, Tsallis, Jensen–Shannon, Hellinger)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, stats
from scipy.spatial.distance import jensenshannon

from infolab.measures.divergence import (
    hellinger_distance,
    jensen_shannon_divergence,
    knn_jensen_shannon_divergence,
    knn_renyi_entropy,
    knn_tsallis_entropy,
    renyi_entropy,
    tsallis_entropy,
)

ORDERS = [0.3, 0.5, 1.0, 2.0, 3.5]


def gaussian_renyi(cov, alpha):
    """h_α of N(μ, Σ) in nats: ½ log((2π)^d |Σ|) + (d/2) log(α)/(α − 1) (the α → 1 limit: +d/2)."""
    cov = np.atleast_2d(cov)
    d = cov.shape[0]
    base = 0.5 * np.log((2 * np.pi) ** d * np.linalg.det(cov))
    return base + (0.5 * d if alpha == 1 else 0.5 * d * np.log(alpha) / (alpha - 1))


def probability_vectors(n_min=2, n_max=6):
    return st.integers(n_min, n_max).flatmap(
        lambda n: st.lists(st.floats(0.0, 1.0), min_size=n, max_size=n).filter(lambda v: sum(v) > 1e-3)
    ).map(lambda v: np.asarray(v) / np.sum(v))


# --- distributions: known values ----------------------------------------------------

@pytest.mark.parametrize("alpha", [0.2, 0.5, 1.0, 2.0, 7.0, 50.0])
def test_renyi_of_a_uniform_law_is_log_n_for_every_order(alpha):
    assert renyi_entropy(np.full(8, 1 / 8), alpha, base=2) == pytest.approx(3.0, abs=1e-12)
    assert renyi_entropy(np.full((2, 3), 1 / 6), alpha) == pytest.approx(np.log(6), abs=1e-12)


def test_renyi_closed_forms_and_the_exact_shannon_limit():
    p = np.array([0.5, 0.25, 0.125, 0.125, 0.0])
    assert renyi_entropy(p, 1.0, base=2) == 1.75                       # Shannon, exactly
    assert renyi_entropy(p, 2.0) == pytest.approx(-np.log(np.sum(p ** 2)), abs=1e-14)  # collision entropy
    assert renyi_entropy(p, 0.5) == pytest.approx(2 * np.log(np.sum(np.sqrt(p))), abs=1e-14)
    assert renyi_entropy(p, 1e4) == pytest.approx(-np.log(0.5), rel=1e-3)   # → min-entropy
    assert renyi_entropy(p, 1 + 1e-6) == pytest.approx(renyi_entropy(p, 1.0), abs=1e-6)


def test_renyi_and_tsallis_match_dit():
    dit = pytest.importorskip("dit")
    from dit.other import renyi_entropy as dit_renyi
    from dit.other import tsallis_entropy as dit_tsallis

    rng = np.random.default_rng(3)
    for _ in range(5):
        p = rng.dirichlet(np.ones(6) * 0.6)
        dist = dit.Distribution([str(i) for i in range(6)], p)
        for a in ORDERS:
            assert renyi_entropy(p, a, base=2) == pytest.approx(dit_renyi(dist, a), abs=1e-10)
            assert tsallis_entropy(p, a) == pytest.approx(dit_tsallis(dist, a), abs=1e-10)


@pytest.mark.parametrize("alpha", [0.5, 1.0, 2.0, 3.0])
def test_tsallis_of_a_uniform_law(alpha):
    n = 5
    expected = np.log(n) if alpha == 1 else (1 - n ** (1 - alpha)) / (alpha - 1)
    assert tsallis_entropy(np.full(n, 1 / n), alpha) == pytest.approx(expected, abs=1e-14)


def test_tsallis_is_pseudo_additive_on_independent_variables():
    a, b = np.array([0.2, 0.8]), np.array([0.1, 0.6, 0.3])
    for q in (0.5, 2.0, 3.0):
        sa, sb = tsallis_entropy(a, q), tsallis_entropy(b, q)
        assert tsallis_entropy(np.outer(a, b), q) == pytest.approx(sa + sb + (1 - q) * sa * sb, abs=1e-14)


@settings(max_examples=40, deadline=None)
@given(probability_vectors(), st.floats(0.05, 20.0), st.floats(0.05, 20.0))
def test_renyi_is_non_increasing_in_the_order_and_bounded(p, a, b):
    lo, hi = min(a, b), max(a, b)
    assert renyi_entropy(p, hi) <= renyi_entropy(p, lo) + 1e-12
    assert -1e-15 <= renyi_entropy(p, lo) <= np.log(len(p)) + 1e-12
    assert tsallis_entropy(p, lo) >= -1e-15


# --- Jensen–Shannon and Hellinger of distributions ----------------------------------

def test_jensen_shannon_matches_scipy_and_its_extremes():
    rng = np.random.default_rng(0)
    for _ in range(10):
        p, q = rng.dirichlet(np.ones(7)), rng.dirichlet(np.ones(7))
        assert jensen_shannon_divergence(p, q, base=2) == pytest.approx(jensenshannon(p, q, base=2) ** 2, abs=1e-12)
        assert jensen_shannon_divergence(p, q) == pytest.approx(jensenshannon(p, q) ** 2, abs=1e-12)
    assert jensen_shannon_divergence([0.5, 0.5, 0, 0], [0, 0, 0.3, 0.7]) == pytest.approx(np.log(2), abs=1e-15)
    p = rng.dirichlet(np.ones(4))
    assert jensen_shannon_divergence(p, p.copy()) == 0.0


def test_weighted_jensen_shannon_matches_dit():
    pytest.importorskip("dit")
    from dit.divergences.jensen_shannon_divergence import jensen_shannon_divergence_pmf

    rng = np.random.default_rng(1)
    p, q = rng.dirichlet(np.ones(5)), rng.dirichlet(np.ones(5))
    for w in ([0.5, 0.5], [0.2, 0.8], [1.0, 0.0]):
        expected = jensen_shannon_divergence_pmf(np.stack([p, q]), np.asarray(w))   # bits
        assert jensen_shannon_divergence(p, q, weights=w, base=2) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize(("a", "b"), [(0.5, 0.5), (0.1, 0.9), (0.3, 0.4), (0.0, 1.0)])
def test_hellinger_of_two_bernoulli_laws(a, b):
    expected = np.sqrt(1 - np.sqrt(a * b) - np.sqrt((1 - a) * (1 - b)))
    assert hellinger_distance([a, 1 - a], [b, 1 - b]) == pytest.approx(expected, abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**31 - 1))
def test_hellinger_is_a_metric_bounded_by_total_variation(seed):
    rng = np.random.default_rng(seed)
    p, q, r = (rng.dirichlet(np.ones(5) * 0.5) for _ in range(3))
    hpq = hellinger_distance(p, q)
    assert hpq == pytest.approx(np.sqrt(max(0.0, 1 - np.sum(np.sqrt(p * q)))), abs=1e-7)   # via Bhattacharyya
    assert hpq <= hellinger_distance(p, r) + hellinger_distance(r, q) + 1e-12
    tv = 0.5 * np.sum(np.abs(p - q))
    assert hpq ** 2 <= tv + 1e-12 and tv <= np.sqrt(2) * hpq + 1e-12
    assert 0 <= jensen_shannon_divergence(p, q) <= np.log(2) + 1e-15


# --- kNN estimators -------------------------------------------------------------------

@pytest.mark.parametrize("alpha", [0.8, 1.0, 1.5, 2.0])
def test_knn_renyi_of_gaussians_against_the_closed_form(alpha):
    cov = np.array([[1.0, 0.6], [0.6, 2.0]])
    x = np.random.default_rng(11).multivariate_normal([0, 0], cov, size=4000)
    assert knn_renyi_entropy(x, alpha, k=5) == pytest.approx(gaussian_renyi(cov, alpha), abs=0.04)
    x1 = np.random.default_rng(12).normal(0, 3.0, size=4000)
    assert knn_renyi_entropy(x1, alpha, k=5, metric="chebyshev") == pytest.approx(gaussian_renyi(9.0, alpha), abs=0.05)


@pytest.mark.parametrize("alpha", [0.8, 2.0, 4.0])
def test_knn_tsallis_of_a_gaussian_against_the_closed_form(alpha):
    cov = np.eye(2) * 0.5
    x = np.random.default_rng(13).multivariate_normal([1, -1], cov, size=4000)
    integral = np.exp((1 - alpha) * gaussian_renyi(cov, alpha))           # ∫ f^α
    assert knn_tsallis_entropy(x, alpha, k=6) == pytest.approx((1 - integral) / (alpha - 1), abs=0.05)


def test_knn_renyi_and_tsallis_of_a_uniform_square():
    u = np.random.default_rng(14).uniform(0, 2, size=(4000, 2))       # h_α = log 4, ∫ f^α = 4^(1-α)
    for a in (0.5, 2.0):
        assert knn_renyi_entropy(u, a, k=5) == pytest.approx(np.log(4), abs=0.05)
        assert knn_tsallis_entropy(u, a, k=5) == pytest.approx((1 - 4 ** (1 - a)) / (a - 1), abs=0.05)


def test_knn_estimators_equal_infomeasure():
    im = pytest.importorskip("infomeasure")
    x = np.random.default_rng(15).standard_normal((800, 3))
    for a in ORDERS:
        assert knn_renyi_entropy(x, a, k=4) == pytest.approx(
            im.entropy(x, approach="renyi", alpha=a, k=4, base="e"), abs=1e-10)
        assert knn_tsallis_entropy(x, a, k=4) == pytest.approx(
            im.entropy(x, approach="tsallis", q=a, k=4, base="e"), abs=1e-10)
    assert knn_renyi_entropy(x, 2.0, k=4, base=2) == pytest.approx(
        im.entropy(x, approach="renyi", alpha=2.0, k=4, base=2), abs=1e-10)


def test_knn_jensen_shannon_of_shifted_uniforms_and_of_equal_laws():
    rng = np.random.default_rng(16)
    x, y = rng.uniform(0, 1, 5000), rng.uniform(0.5, 1.5, 5000)     # JS = ½ log 2 exactly
    assert knn_jensen_shannon_divergence(x, y, k=5) == pytest.approx(0.5 * np.log(2), abs=0.02)
    assert knn_jensen_shannon_divergence(x, y, k=5, base=2) == pytest.approx(0.5, abs=0.03)
    a, b = rng.standard_normal((3000, 2)), rng.standard_normal((3000, 2))
    assert abs(knn_jensen_shannon_divergence(a, b, k=5)) < 0.02


def test_knn_jensen_shannon_of_two_gaussians_against_quadrature():
    mu = 1.5
    p, q = stats.norm(0, 1), stats.norm(mu, 1)

    def integrand(t):
        m = 0.5 * (p.pdf(t) + q.pdf(t))
        return 0.5 * p.pdf(t) * np.log(p.pdf(t) / m) + 0.5 * q.pdf(t) * np.log(q.pdf(t) / m)

    truth = integrate.quad(integrand, -12, 12 + mu, epsabs=1e-12)[0]
    rng = np.random.default_rng(17)
    est = knn_jensen_shannon_divergence(rng.normal(0, 1, 6000), rng.normal(mu, 1, 6000), k=5)
    assert est == pytest.approx(truth, abs=0.02)
    assert knn_jensen_shannon_divergence(rng.normal(0, 1, 6000), rng.normal(mu, 1, 3000), k=5) == pytest.approx(
        jensen_shannon_divergence_of_gaussians_weighted(mu, 2 / 3), abs=0.02)


def jensen_shannon_divergence_of_gaussians_weighted(mu, w):
    p, q = stats.norm(0, 1), stats.norm(mu, 1)

    def integrand(t):
        m = w * p.pdf(t) + (1 - w) * q.pdf(t)
        return w * p.pdf(t) * np.log(p.pdf(t) / m) + (1 - w) * q.pdf(t) * np.log(q.pdf(t) / m)

    return integrate.quad(integrand, -12, 12 + mu, epsabs=1e-12)[0]


def test_inputs_are_not_mutated_and_results_are_deterministic():
    x = np.random.default_rng(18).standard_normal((300, 2))
    y = x + 0.5
    x0, y0 = x.copy(), y.copy()
    a = knn_renyi_entropy(x, 2.0)
    knn_tsallis_entropy(x, 2.0)
    knn_jensen_shannon_divergence(x, y)
    np.testing.assert_array_equal(x, x0)
    np.testing.assert_array_equal(y, y0)
    assert knn_renyi_entropy(x, 2.0) == a
    p = np.array([0.2, 0.8])
    renyi_entropy(p, 2.0)
    hellinger_distance(p, p)
    assert p.tolist() == [0.2, 0.8]


# --- bad input -------------------------------------------------------------------------

def test_renyi_and_tsallis_refuse_bad_input():
    for f in (renyi_entropy, tsallis_entropy):
        with pytest.raises(ValueError, match="'p'"):
            f([0.5, 0.6], 2.0)
        with pytest.raises(ValueError, match="'p'"):
            f([1.2, -0.2], 2.0)
        with pytest.raises(ValueError, match="'alpha'"):
            f([0.5, 0.5], 0.0)
        with pytest.raises(ValueError, match="'alpha'"):
            f([0.5, 0.5], float("inf"))
        with pytest.raises(TypeError, match="'alpha'"):
            f([0.5, 0.5], "2")
    with pytest.raises(ValueError, match="'base'"):
        renyi_entropy([0.5, 0.5], 2.0, base=1)


def test_jensen_shannon_and_hellinger_refuse_bad_input():
    for f in (jensen_shannon_divergence, hellinger_distance):
        with pytest.raises(ValueError, match="'p' and 'q'"):
            f([0.5, 0.5], [0.2, 0.3, 0.5])
        with pytest.raises(ValueError, match="'q'"):
            f([0.5, 0.5], [np.nan, 1.0])
        with pytest.raises(ValueError, match="'p'"):
            f([0.5, 0.6], [0.5, 0.5])
    with pytest.raises(ValueError, match="'weights'"):
        jensen_shannon_divergence([0.5, 0.5], [0.5, 0.5], weights=[0.2, 0.3, 0.5])
    with pytest.raises(ValueError, match="'weights'"):
        jensen_shannon_divergence([0.5, 0.5], [0.5, 0.5], weights=[0.2, 0.3])


def test_knn_estimators_refuse_bad_input():
    x = np.random.default_rng(19).standard_normal((50, 2))
    for f in (knn_renyi_entropy, knn_tsallis_entropy):
        with pytest.raises(ValueError, match="'alpha'"):
            f(x, 5.0, k=3)            # α must stay below k + 1
        with pytest.raises(ValueError, match="'alpha'"):
            f(x, -1.0)
        with pytest.raises(ValueError, match="'k'"):
            f(x, 2.0, k=50)
        with pytest.raises(ValueError, match="'x'"):
            f(np.vstack([x, x[:1]]), 2.0)    # a duplicated row
        with pytest.raises(ValueError, match="'x'"):
            f(np.full((5, 2), np.nan), 2.0)
        with pytest.raises(ValueError, match="'metric'"):
            f(x, 2.0, metric="manhattan")
    with pytest.raises(ValueError, match="'x' and 'y'"):
        knn_jensen_shannon_divergence(x, x[:, :1])
    with pytest.raises(ValueError, match="'x' and 'y'.*share"):
        knn_jensen_shannon_divergence(x, x[:10] + 0.0)
    with pytest.raises(ValueError, match="'k'"):
        knn_jensen_shannon_divergence(x, x[:5] + 1.0, k=5)
    with pytest.raises(ValueError, match="'y'"):
        knn_jensen_shannon_divergence(x, np.full((5, 2), np.inf))
    assert np.isfinite(knn_jensen_shannon_divergence(x, x[:10], jitter=1e-9, seed=1))   # the way out of ties


def test_probability_arrays_are_refused_with_the_same_messages_as_lists():
    bad = ([0.5, np.nan], [0.5, np.inf], [1.2, -0.2], [0.5, 0.6], [])
    for f, args in ((renyi_entropy, (2.0,)), (tsallis_entropy, (2.0,)),
                    (lambda p: jensen_shannon_divergence(p, [0.5, 0.5][:len(p)] or [1.0]), ())):
        for p in bad:
            with pytest.raises(ValueError, match="'p'") as from_list:
                f(p, *args)
            with pytest.raises(ValueError, match="'p'") as from_array:
                f(np.array(p, dtype=np.float64), *args)
            assert str(from_array.value) == str(from_list.value)
    with pytest.raises(TypeError, match="'p'"):
        renyi_entropy(np.array([0.5 + 0.5j, 0.5]), 2.0)


@pytest.mark.parametrize("alpha", [2.0, 3.0, 300.0, 900.0])
def test_renyi_of_a_dyadic_law_at_high_orders(alpha):
    # p = (1/2, 1/4, 1/4): Σ p^α = 2^-α (1 + 2^(1-α)); at α = 900 the sum is below 1e-250 (log-domain branch)
    p = np.array([0.5, 0.25, 0.25])
    expected = (alpha * np.log(2) - np.log1p(2.0 ** (1 - alpha))) / (alpha - 1)
    assert renyi_entropy(p, alpha) == pytest.approx(expected, rel=1e-13)
    assert tsallis_entropy(p, alpha) == pytest.approx(-np.expm1(-(alpha - 1) * expected) / (alpha - 1), rel=1e-13)


def test_knn_duplicate_messages_count_the_tied_rows():
    x = np.random.default_rng(20).standard_normal((60, 2))
    tied = np.vstack([x, x[:3]])
    for f in (knn_renyi_entropy, knn_tsallis_entropy):
        with pytest.raises(ValueError, match="'x' parameter of .* has 3 duplicated rows out of 63"):
            f(tied, 2.0)
        assert np.isfinite(f(tied, 2.0, jitter=1e-9, seed=2))
    with pytest.raises(ValueError, match="'y' parameter of .* has 1 duplicated rows"):
        knn_jensen_shannon_divergence(x, np.vstack([x[:10] + 5.0, x[:1] + 5.0]))
    with pytest.raises(ValueError, match="'x' and 'y'.*share 2 rows"):
        knn_jensen_shannon_divergence(x, np.vstack([x[:2], x[10:20] + 5.0]))


def test_orders_are_refused_alike_whatever_their_float_type():
    p = np.array([0.25, 0.75])
    for f in (renyi_entropy, tsallis_entropy):
        for bad in (float("nan"), -1.0, 0.0, float("inf"), np.float64("nan")):
            with pytest.raises(ValueError, match="'alpha' parameter of .* must be a finite real number in"):
                f(p, bad)
        assert f(p, 2.0) == f(p, np.float64(2.0)) == f(p, 2)


@pytest.mark.parametrize("seed", [-1, 2.5, "foo"])
def test_knn_seed_is_validated_without_jitter(seed):
    rng = np.random.default_rng(11)
    x, y = rng.normal(size=(200, 2)), rng.normal(size=(150, 2))
    calls = [(knn_renyi_entropy, (x, 2.0)), (knn_tsallis_entropy, (x, 2.0)), (knn_jensen_shannon_divergence, (x, y))]
    for func, args in calls:
        with pytest.raises(TypeError, match=f"'seed' parameter of {func.__name__} must be a non-negative int"):
            func(*args, seed=seed)
        assert func(*args, seed=np.random.default_rng(3)) == func(*args, seed=0)   # unused without jitter
