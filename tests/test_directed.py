"""Tests of infolab.measures.directed: directed information, transfer entropy, Granger causality."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from infolab.data.processes import causal_path_law, var_sample
from infolab.measures.directed import (
    GrangerResult,
    causally_conditioned_entropy,
    causally_conditioned_entropy_from_paths,
    conditional_mutual_information_pmf,
    directed_information,
    directed_information_from_paths,
    gaussian_transfer_entropy,
    granger_causality,
    path_mutual_information,
    transfer_entropy_from_series,
    var_transfer_entropy,
)
from infolab.measures.discrete import entropy


def random_causal_law(rng, n, feedback=True, kx=2, ky=2):
    """Path law with random first-order kernels; X ignores Y when feedback is False."""
    qx = rng.dirichlet(np.ones(kx), size=(kx + 1, ky + 1))
    qy = rng.dirichlet(np.ones(ky), size=(kx, ky + 1))

    def xk(xp, yp):
        a = xp[-1] if xp else kx
        b = (yp[-1] if yp else ky) if feedback else ky
        return qx[a, b]

    def yk(x, yp):
        return qy[x[-1], yp[-1] if yp else ky]

    return causal_path_law(xk, yk, n, x_alphabet=kx, y_alphabet=ky)


def h2(p):
    return -p * np.log(p) - (1 - p) * np.log(1 - p)


# ---------------------------------------------------------------- known values

def test_bsc_memoryless_directed_information_is_n_times_capacity():
    eps, n = 0.11, 4
    law = causal_path_law(lambda xp, yp: [0.5, 0.5],
                          lambda x, yp: [1 - eps, eps] if x[-1] == 0 else [eps, 1 - eps],
                          n, x_alphabet=2, y_alphabet=2)
    expected = n * (np.log(2) - h2(eps))
    assert directed_information(law) == pytest.approx(expected, abs=1e-12)
    assert path_mutual_information(law) == pytest.approx(expected, abs=1e-12)
    assert directed_information(law, direction="y->x", delay=1) == pytest.approx(0.0, abs=1e-14)
    assert causally_conditioned_entropy(law) == pytest.approx(n * h2(eps), abs=1e-12)


def test_pure_feedback_has_zero_forward_information():
    # Y is fresh noise; X copies the previous Y: all the dependence is feedback.
    law = causal_path_law(lambda xp, yp: [1.0, 0.0] if not yp else [1 - yp[-1], yp[-1]],
                          lambda x, yp: [0.5, 0.5], 3, x_alphabet=2, y_alphabet=2)
    assert directed_information(law) == pytest.approx(0.0, abs=1e-14)
    assert path_mutual_information(law) == pytest.approx(2 * np.log(2), abs=1e-12)
    assert directed_information(law, direction="y->x", delay=1) == pytest.approx(2 * np.log(2), abs=1e-12)


def test_cmi_xor_and_base():
    p = np.zeros((2, 2, 2))
    p[0, 0, 0] = p[1, 1, 0] = p[0, 1, 1] = p[1, 0, 1] = 0.25
    assert conditional_mutual_information_pmf(p, 0, 1, 2, base=2) == pytest.approx(1.0, abs=1e-12)
    assert conditional_mutual_information_pmf(p, [0], [1]) == pytest.approx(0.0, abs=1e-15)
    assert conditional_mutual_information_pmf(p, [0, 1], [2]) == pytest.approx(np.log(2), abs=1e-12)


def test_cmi_equals_entropy_combination():
    rng = np.random.default_rng(3)
    p = rng.dirichlet(np.ones(3 * 2 * 4)).reshape(3, 2, 4)
    h = lambda axes: entropy(p.sum(axis=tuple(a for a in range(3) if a not in axes)))  # noqa: E731
    expected = h((0, 2)) + h((1, 2)) - h((2,)) - h((0, 1, 2))
    assert conditional_mutual_information_pmf(p, 0, 1, 2) == pytest.approx(expected, abs=1e-12)


# ---------------------------------------------------------------- identities

@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**31 - 1), n=st.integers(1, 4), feedback=st.booleans())
def test_massey_conservation_law(seed, n, feedback):
    law = random_causal_law(np.random.default_rng(seed), n, feedback=feedback)
    forward = directed_information(law)
    back = directed_information(law, direction="y->x", delay=1)
    mi = path_mutual_information(law)
    assert forward + back == pytest.approx(mi, abs=1e-12)
    assert -1e-15 <= forward <= mi + 1e-12
    if not feedback:
        assert back == pytest.approx(0.0, abs=1e-12)
        assert forward == pytest.approx(mi, abs=1e-12)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**31 - 1), n=st.integers(1, 4), delay=st.integers(0, 2))
def test_directed_information_two_routes(seed, n, delay):
    law = random_causal_law(np.random.default_rng(seed), n, kx=2, ky=3)
    d = min(delay, n)
    ymarg = law.sum(axis=tuple(range(n)))
    for direction, marg in (("x->y", ymarg), ("y->x", law.sum(axis=tuple(range(n, 2 * n))))):
        di = directed_information(law, delay=d, direction=direction)
        cce = causally_conditioned_entropy(law, delay=d, direction=direction)
        assert di == pytest.approx(entropy(marg) - cce, abs=1e-12)


def test_plugin_paths_equal_exact_on_empirical_law():
    rng = np.random.default_rng(0)
    n = 3
    x = rng.integers(0, 2, size=(400, n))
    y = (x + (rng.random((400, n)) < 0.2)) % 2
    y[:, 1:] = (y[:, 1:] + y[:, :-1] * (rng.random((400, n - 1)) < 0.5)) % 2
    table = np.zeros((2,) * (2 * n))
    np.add.at(table, tuple(x.T) + tuple(y.T), 1 / 400)
    for d in (0, 1):
        for direction in ("x->y", "y->x"):
            assert directed_information_from_paths(x, y, delay=d, direction=direction) == pytest.approx(
                directed_information(table, delay=d, direction=direction), abs=1e-12)
            assert causally_conditioned_entropy_from_paths(x, y, delay=d, direction=direction) == pytest.approx(
                causally_conditioned_entropy(table, delay=d, direction=direction), abs=1e-12)


def test_base_conversion():
    law = random_causal_law(np.random.default_rng(1), 2)
    assert directed_information(law, base=2) == pytest.approx(directed_information(law) / np.log(2), rel=1e-12)
    assert path_mutual_information(law, base=2) == pytest.approx(path_mutual_information(law) / np.log(2), rel=1e-12)


# ---------------------------------------------------------------- transfer entropy

def test_transfer_entropy_plugin_equals_table_cmi():
    rng = np.random.default_rng(5)
    x = rng.integers(0, 3, 3000)
    y = np.empty_like(x)
    y[0] = 0
    for t in range(1, x.size):
        y[t] = x[t - 1] if rng.random() < 0.7 else (y[t - 1] + 1) % 2
    rows = np.array([(y[t], y[t - 1], y[t - 2], x[t - 1]) for t in range(2, x.size)])
    table = np.zeros((3, 3, 3, 3))
    np.add.at(table, tuple(rows.T), 1 / rows.shape[0])
    te = transfer_entropy_from_series(x, y, target_history=2, source_history=1)
    assert te == pytest.approx(conditional_mutual_information_pmf(table, 0, 3, (1, 2)), abs=1e-12)
    assert transfer_entropy_from_series(y, x, target_history=2) < 0.01  # no flow back beyond bias


def test_transfer_entropy_delayed_copy_is_log2():
    x = np.random.default_rng(2).integers(0, 2, 20000)
    y = np.r_[0, 0, x[:-2]]
    assert transfer_entropy_from_series(x, y, delay=2, base=2) == pytest.approx(1.0, abs=1e-3)
    assert transfer_entropy_from_series(x, y, delay=1, base=2) < 1e-3


def test_transfer_entropy_trials_pool():
    rng = np.random.default_rng(4)
    x = rng.integers(0, 2, (5, 200))
    y = np.roll(x, 1, axis=1)
    y[:, 0] = 0
    pooled = transfer_entropy_from_series(x, y)
    assert pooled > 0.6
    assert transfer_entropy_from_series(x[0], y[0]) == pytest.approx(
        transfer_entropy_from_series(x[:1], y[:1]), abs=1e-15)


def _embedded_tuples(x, y, k, l_src, delay):
    """(y_t,), (x_{t-d}, ..., x_{t-d-l+1}), (y_{t-1}, ..., y_{t-k}) as tuples, pooled over trials."""
    t0 = max(k, l_src + delay - 1)
    out = []
    for xi, yi in zip(np.atleast_2d(x).tolist(), np.atleast_2d(y).tolist(), strict=True):
        for t in range(t0, len(yi)):
            out.append(((yi[t],), tuple(xi[t - delay - j] for j in range(l_src)),
                        tuple(yi[t - i] for i in range(1, k + 1))))
    return out


def _counter_te(x, y, k, l_src, delay):
    """Plug-in TE Σ p(a,b,c) log[p(a,b,c) p(c) / (p(a,c) p(b,c))] by counting tuples (a reference)."""
    from collections import Counter

    rows = _embedded_tuples(x, y, k, l_src, delay)
    n = len(rows)
    abc = Counter(rows)
    ac = Counter((a, c) for a, _, c in rows)
    bc = Counter((b, c) for _, b, c in rows)
    cc = Counter(c for _, _, c in rows)
    return sum(m / n * np.log(m * cc[c] / (ac[(a, c)] * bc[(b, c)])) for (a, b, c), m in abc.items())


@pytest.mark.parametrize("symbols, shape, k, l_src, delay", [
    (2, (3000,), 1, 1, 1),
    (4, (3000,), 2, 2, 1),
    (4, (3, 1000), 3, 1, 2),
    (3, (2000,), 0, 2, 1),
    (40, (2000,), 2, 2, 1),      # joint alphabet far above the sample: counted sparsely
    (200, (1500,), 5, 1, 1),     # 200^5 target histories: codes compacted while they are built
])
def test_transfer_entropy_plugin_equals_tuple_counts(symbols, shape, k, l_src, delay):
    rng = np.random.default_rng(symbols)
    x = rng.integers(0, symbols, shape)
    noise = rng.integers(0, symbols, shape) * (rng.random(shape) < 0.3)
    y = (np.roll(x, 1, axis=-1) + noise) % symbols
    labels_x = np.array([f"s{v}" for v in x.ravel()]).reshape(shape)  # any hashable labels
    te = transfer_entropy_from_series(labels_x, y, target_history=k, source_history=l_src, delay=delay)
    assert te == pytest.approx(_counter_te(x, y, k, l_src, delay), abs=1e-12)


@pytest.mark.parametrize("method", ["miller_madow", "chao_shen", "grassberger", "zhang"])
def test_transfer_entropy_methods_equal_cmi_of_embedded_rows(method):
    from infolab.measures.discrete import conditional_mutual_information_from_labels

    rng = np.random.default_rng(9)
    x = rng.integers(0, 3, (2, 600))
    y = (np.roll(x, 1, axis=1) + (rng.random((2, 600)) < 0.2)) % 3
    y[:, :2] = 5  # a symbol seen only before the first embedded step
    rows = _embedded_tuples(x, y, 2, 2, 1)
    a, b, c = (np.array([r[i] for r in rows]) for i in range(3))
    te = transfer_entropy_from_series(x, y, target_history=2, source_history=2, method=method)
    assert te == pytest.approx(conditional_mutual_information_from_labels(a, b, c, method=method), abs=1e-12)


@pytest.mark.parametrize("c", [0.0, 0.3, 0.9])
def test_var_transfer_entropy_closed_form(c):
    # x i.i.d. N(0,1), y_t = c x_{t-1} + e_t: Var(y_t | y_{t-1}) = 1 + c^2, TE = ½ ln(1 + c^2).
    coefs = [[0.0, 0.0], [c, 0.0]]
    for kt, ls in ((1, 1), (3, 2), (0, 1)):
        te = var_transfer_entropy(coefs, np.eye(2), 0, 1, target_history=kt, source_history=ls)
        assert te == pytest.approx(0.5 * np.log1p(c * c), abs=1e-12)
    assert var_transfer_entropy(coefs, np.eye(2), 1, 0, target_history=2, source_history=2) == pytest.approx(0.0, abs=1e-12)


def test_granger_is_twice_gaussian_te_in_sample():
    coefs = [[[0.4, 0.0, 0.1], [0.3, 0.5, 0.0], [0.0, 0.0, 0.2]], [[0.1, 0.0, 0.0], [-0.2, 0.1, 0.0], [0.0, 0.0, 0.0]]]
    x = var_sample(coefs, np.diag([1.0, 0.5, 2.0]), 3000, seed=11)
    for lags in (1, 2, 4):
        g = granger_causality(x[:, [0, 2]], x[:, 1], lags=lags)
        te = gaussian_transfer_entropy(x[:, [0, 2]], x[:, 1], target_history=lags, source_history=lags)
        assert g.statistic == pytest.approx(2 * te, abs=1e-10)


def test_granger_converges_to_population_value():
    coefs = [[0.5, 0.0], [0.4, 0.5]]
    x = var_sample(coefs, np.eye(2), 100_000, seed=2)
    g = granger_causality(x[:, 0], x[:, 1], lags=1)
    truth = 2 * var_transfer_entropy(coefs, np.eye(2), 0, 1)
    assert g.statistic == pytest.approx(truth, rel=0.05)


def test_granger_f_test_equals_squared_t_test():
    rng = np.random.default_rng(8)
    x = rng.standard_normal(300)
    y = np.r_[0.0, 0.1 * x[:-1]] + rng.standard_normal(300)
    g = granger_causality(x, y, lags=1)
    design = np.column_stack([np.ones(299), y[:-1], x[:-1]])
    beta, *_ = np.linalg.lstsq(design, y[1:], rcond=None)
    resid = y[1:] - design @ beta
    s2 = resid @ resid / (299 - 3)
    se = np.sqrt(s2 * np.linalg.inv(design.T @ design)[2, 2])
    t = beta[2] / se
    assert isinstance(g, GrangerResult)
    assert g.f_statistic == pytest.approx(t * t, rel=1e-10)
    assert g.p_value == pytest.approx(2 * stats.t.sf(abs(t), 296), rel=1e-8)
    assert (g.df_num, g.df_den, g.n_obs) == (1, 296, 299)


def test_granger_null_p_values_not_small():
    pv = [granger_causality(*var_sample([[0.5, 0.0], [0.0, 0.5]], np.eye(2), 400, seed=s).T, lags=2).p_value
          for s in range(40)]
    assert 0.2 < np.mean(pv) < 0.8
    assert np.mean(np.array(pv) < 0.01) <= 0.1


def test_inputs_not_mutated():
    law = random_causal_law(np.random.default_rng(0), 2)
    copy = law.copy()
    directed_information(law, direction="y->x", delay=1)
    causally_conditioned_entropy(law)
    assert np.array_equal(law, copy)
    x = np.random.default_rng(0).standard_normal(100)
    xc = x.copy()
    granger_causality(x, x[::-1].copy(), lags=2)
    assert np.array_equal(x, xc)


# ---------------------------------------------------------------- bad input

def test_bad_inputs():
    law = random_causal_law(np.random.default_rng(0), 2)
    with pytest.raises(ValueError, match="'path_pmf'"):
        directed_information(np.full((2, 2, 2), 1 / 8))
    with pytest.raises(ValueError, match="'path_pmf'"):
        directed_information(law * 2)
    with pytest.raises(ValueError, match="'delay'"):
        directed_information(law, delay=3)
    with pytest.raises(ValueError, match="'direction'"):
        directed_information(law, direction="x<-y")
    with pytest.raises(ValueError, match="'path_pmf'"):
        causally_conditioned_entropy(np.ones(3))
    with pytest.raises(ValueError, match="'direction'"):
        causally_conditioned_entropy(law, direction="both")
    with pytest.raises(ValueError, match="'path_pmf'"):
        path_mutual_information(np.full((2, 2, 2), 1 / 8))
    with pytest.raises(ValueError, match="'p'"):
        conditional_mutual_information_pmf(np.ones((2, 2)), 0, 1)
    with pytest.raises(ValueError, match="'x_axes'"):
        conditional_mutual_information_pmf(law, 5, 1)
    with pytest.raises(ValueError, match="'x_axes'"):
        conditional_mutual_information_pmf(law, 0, 0)
    with pytest.raises(ValueError, match="'x'"):
        directed_information_from_paths(np.zeros(5), np.zeros(5))
    with pytest.raises(ValueError, match="'x' and 'y'"):
        directed_information_from_paths(np.zeros((5, 2)), np.zeros((5, 3)))
    with pytest.raises(ValueError, match="'delay'"):
        causally_conditioned_entropy_from_paths(np.zeros((5, 2)), np.zeros((5, 2)), delay=-1)
    with pytest.raises(ValueError, match="'y'"):
        causally_conditioned_entropy_from_paths(np.zeros((5, 2)), np.full((5, 2), 0.5))
    with pytest.raises(ValueError, match="'target_history'"):
        transfer_entropy_from_series([0, 1] * 10, [0, 1] * 10, target_history=-1)
    with pytest.raises(ValueError, match="'source' and 'target'"):
        transfer_entropy_from_series([0, 1] * 10, [0, 1] * 11)
    with pytest.raises(ValueError, match="'source'"):
        transfer_entropy_from_series([0, 1], [0, 1], target_history=3)
    with pytest.raises(ValueError, match="'source_history'"):
        gaussian_transfer_entropy(np.zeros(50), np.zeros(50), source_history=0)
    with pytest.raises(ValueError, match="'source'"):
        gaussian_transfer_entropy(np.r_[np.nan, np.zeros(49)], np.zeros(50))
    with pytest.raises(ValueError, match="'source' and 'target'"):
        var_transfer_entropy([[0.5, 0], [0, 0.5]], np.eye(2), 0, 0)
    with pytest.raises(ValueError, match="'source'"):
        var_transfer_entropy([[0.5, 0], [0, 0.5]], np.eye(2), 2, 0)
    with pytest.raises(ValueError, match="'coefs'"):
        var_transfer_entropy([[1.5, 0], [0, 0.5]], np.eye(2), 1, 0)
    with pytest.raises(ValueError, match="'noise_cov'"):
        var_transfer_entropy([[0.5, 0], [0, 0.5]], -np.eye(2), 1, 0)
    with pytest.raises(ValueError, match="'lags'"):
        granger_causality(np.zeros(50), np.zeros(50), lags=0)
    with pytest.raises(ValueError, match="'target'"):
        granger_causality(np.zeros((50, 1)), np.zeros((50, 2)))
    with pytest.raises(ValueError, match="'target'"):
        granger_causality(np.zeros(4), np.zeros(4), lags=2)


# ---------------------------------------------------------------- notebook-16 helpers

def test_feedback_channel_law_feedback_switch():
    from infolab.papers.p16_token_information import feedback_channel_law

    no_fb = feedback_channel_law(3, flip=0.2, noise=0.1, memory=1, feedback=0.0)
    fb = feedback_channel_law(3, flip=0.2, noise=0.1, memory=1, feedback=0.5)
    assert directed_information(no_fb, direction="y->x", delay=1) == pytest.approx(0.0, abs=1e-14)
    assert directed_information(fb, direction="y->x", delay=1) > 1e-3
    # memoryless noiseless channel: Y = X, so I(X^n -> Y^n) = H(X^n) = log 2 + (n-1) h(flip)
    clean = feedback_channel_law(3, flip=0.2, noise=0.0, memory=0, feedback=0.0)
    assert directed_information(clean) == pytest.approx(np.log(2) + 2 * h2(0.2), abs=1e-12)
    with pytest.raises(ValueError, match="'feedback'"):
        feedback_channel_law(2, flip=0.2, noise=0.1, memory=0, feedback=1.5)


def test_topic_information_exact_and_drift():
    from infolab.data.processes import hmm_sample
    from infolab.papers.p16_token_information import topic_information_exact, topic_log_ratio_paths

    rng = np.random.default_rng(0)
    prior = np.array([0.2, 0.3, 0.5])
    phi = rng.dirichlet(np.ones(4), size=3)
    # t = 1: I(Z; W_1) = mutual information of the table prior[z] phi[z, w]
    from infolab.measures.discrete import mutual_information_pmf

    assert topic_information_exact(prior, phi, 1) == pytest.approx(mutual_information_pmf(prior[:, None] * phi), abs=1e-12)
    vals = [topic_information_exact(prior, phi, t) for t in range(5)]
    assert np.all(np.diff(vals) >= -1e-12)
    z, w = hmm_sample(np.eye(3), phi, 6, initial=prior, n_paths=200, seed=1)
    log_ratio, drift = topic_log_ratio_paths(prior, phi, z[:, 0], w)
    assert drift.min() >= -1e-12
    # the drift at t = 0 is the same for every path: I(Z; W_1)
    assert drift[:, 0] == pytest.approx(np.full(200, vals[1]), abs=1e-12)
    assert log_ratio[:, 0] == pytest.approx(np.zeros(200), abs=1e-15)
    with pytest.raises(ValueError, match="'word_probs'"):
        topic_information_exact(prior, phi[:2], 1)


def test_granger_refuses_a_constant_series():
    """A constant target used to give F = 359 and p = 1.6e-30 from rounding noise."""
    x = np.random.default_rng(0).standard_normal(200)
    with pytest.raises(ValueError, match="'target' parameter of granger_causality must vary"):
        granger_causality(x, np.ones(200))
    with pytest.raises(ValueError, match="'source' parameter of granger_causality must vary"):
        granger_causality(np.full(200, 2.5), x)


def test_gaussian_transfer_entropy_clear_errors():
    x = np.random.default_rng(1).standard_normal(30)
    y = np.random.default_rng(2).standard_normal(30)
    with pytest.raises(ValueError, match="'target_history' parameter of gaussian_transfer_entropy reaches back 40"):
        gaussian_transfer_entropy(x, y, target_history=40)
    with pytest.raises(ValueError, match="'source_history' parameter of gaussian_transfer_entropy"):
        gaussian_transfer_entropy(x, y, source_history=30)
    with pytest.raises(ValueError, match="'target' parameter of gaussian_transfer_entropy must vary"):
        gaussian_transfer_entropy(x, np.zeros(30))
    with pytest.raises(ValueError, match="'source' parameter of gaussian_transfer_entropy must vary"):
        gaussian_transfer_entropy(np.ones(30), y)


def test_var_transfer_entropy_errors_name_its_own_arguments():
    a, s = np.array([[0.5, 0.0], [0.4, 0.5]]), np.eye(2)
    bad = {"nan": np.where(np.eye(2) > 0, np.nan, 0.1), "inf": np.full((2, 2), np.inf), "complex": np.eye(2) + 1j,
           "string": np.full((2, 2), "a"), "empty": np.zeros((0, 2)), "ndim": np.eye(2).reshape(2, 2, 1, 1)}
    for name in ("coefs", "noise_cov"):
        for kind, value in bad.items():
            args = {"coefs": a, "noise_cov": s, name: value}
            with pytest.raises((ValueError, TypeError), match=f"'{name}' parameter of var_transfer_entropy") as info:
                var_transfer_entropy(args["coefs"], args["noise_cov"], 0, 1)
            assert "var_autocovariances" not in str(info.value), kind
