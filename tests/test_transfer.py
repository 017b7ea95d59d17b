"""Tests of kNN transfer entropy, active information storage and embedding search (infolab.measures.transfer).

Tolerances, stated up front:
* local values against their global estimate, and the kNN TE against the kNN CMI kernel on
  the same embedded vectors: 1e-12 (the same numbers summed in another order);
* against infomeasure's KSG TE (same k, same embedding, its noise switched off): 1e-12, values
  and local values (the same estimator, written independently);
* against the exact TE of a Gaussian VAR (``var_transfer_entropy``) and the closed-form AIS
  of an AR(1), at n = 3000-4000 and a fixed seed: 0.03 nats, about 3 standard deviations of
  the estimator plus its bias there (measured over 10 seeds: bias 0.005-0.007, sd 0.008-0.009).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infolab.data.processes import var_autocovariances, var_sample
from infolab.measures import (
    EmbeddingSelection,
    active_information_storage,
    active_information_storage_local,
    entropy_from_labels_local,
    knn_conditional_mutual_information,
    ksg_conditional_transfer_entropy,
    ksg_conditional_transfer_entropy_local,
    ksg_mutual_information,
    ksg_transfer_entropy,
    ksg_transfer_entropy_local,
    select_embedding,
    transfer_entropy_from_series,
    transfer_entropy_from_series_local,
    var_transfer_entropy,
)

STAT_TOL = 0.03
EXACT_TOL = 1e-12
A2 = [[0.5, 0.0], [0.6, 0.3]]  # x drives y; the exact TE x→y with k = l = 1 is 0.1809


@pytest.fixture(scope="module")
def var2():
    return var_sample(A2, np.eye(2), 4000, seed=0)


def _embed(series, lags, t0):
    return np.column_stack([series[t0 - g: series.shape[0] - g] for g in lags])


def _gauss_cmi(cov, a, b, c):
    """½ ln det Σ(A | C) / det Σ(A | B, C) of a Gaussian with covariance cov (index lists)."""
    def cond(t, g):
        s = cov[np.ix_(t, t)]
        if g:
            s = s - cov[np.ix_(t, g)] @ np.linalg.solve(cov[np.ix_(g, g)], cov[np.ix_(g, t)])
        return np.linalg.slogdet(s)[1]
    return 0.5 * (cond(a, c) - cond(a, b + c))


# ---------------------------------------------------------------------------
# Known values: Gaussian VAR and AR(1)
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("hist", [(1, 1), (2, 2)])
def test_ksg_te_matches_exact_var_te(var2, hist):
    kx, lx = hist
    exact = var_transfer_entropy(A2, np.eye(2), 0, 1, target_history=kx, source_history=lx)
    est = ksg_transfer_entropy(var2[:, 0], var2[:, 1], target_history=kx, source_history=lx)
    assert abs(est - exact) < STAT_TOL


def test_ksg_te_reverse_direction_is_zero(var2):
    assert var_transfer_entropy(A2, np.eye(2), 1, 0) == pytest.approx(0.0, abs=1e-12)
    assert abs(ksg_transfer_entropy(var2[:, 1], var2[:, 0])) < STAT_TOL


def test_ksg_te_with_lag_and_delays_matches_exact():
    # y_t = 0.7 x_{t-2} + noise: only lag 2 carries the transfer
    a = np.zeros((2, 2, 2))
    a[0] = [[0.4, 0.0], [0.0, 0.3]]
    a[1] = [[0.0, 0.0], [0.7, 0.0]]
    xy = var_sample(a, np.eye(2), 4000, seed=1)
    exact = var_transfer_entropy(a, np.eye(2), 0, 1, delay=2)
    assert exact > 0.1
    est = ksg_transfer_entropy(xy[:, 0], xy[:, 1], lag=2)
    assert abs(est - exact) < STAT_TOL
    assert abs(ksg_transfer_entropy(xy[:, 0], xy[:, 1], lag=1, source_delay=3, source_history=1)
               - var_transfer_entropy(a, np.eye(2), 0, 1, delay=1)) < STAT_TOL


def test_conditional_te_matches_exact_gaussian_cte():
    # z drives x and y, x drives y weakly: order (x, y, z)
    a = np.array([[0.2, 0.0, 0.9], [0.2, 0.2, 0.9], [0.0, 0.0, 0.6]])
    xyz = var_sample(a, np.eye(3), 4000, seed=2)
    g = var_autocovariances(a, np.eye(3), 1)
    # (Y_t, X_{t-1}, Y_{t-1}, Z_{t-1}): E[V_t V_{t-1}ᵀ] = Γ_1
    cov = np.block([[g[0], g[1]], [g[1].T, g[0]]])  # rows (x_t, y_t, z_t, x_{t-1}, y_{t-1}, z_{t-1})
    exact = _gauss_cmi(cov, [1], [3], [4, 5])
    est = ksg_conditional_transfer_entropy(xyz[:, 0], xyz[:, 1], xyz[:, 2])
    assert abs(est - exact) < STAT_TOL
    bivariate = _gauss_cmi(cov, [1], [3], [4])
    assert bivariate == pytest.approx(var_transfer_entropy(a, np.eye(3), 0, 1), abs=1e-12)
    assert bivariate > exact + 0.02  # the common driver inflates the bivariate TE
    assert abs(ksg_transfer_entropy(xyz[:, 0], xyz[:, 1]) - bivariate) < STAT_TOL


@pytest.mark.parametrize("a", [0.6, 0.9])
def test_ais_of_ar1_matches_closed_form(a):
    y = var_sample([[a]], [[1.0]], 3000, seed=1)[:, 0]
    truth = -0.5 * np.log(1 - a * a)
    for h in (1, 2):
        assert abs(active_information_storage(y, history=h) - truth) < STAT_TOL
    assert abs(active_information_storage(y, variant=2) - truth) < STAT_TOL


def test_plugin_local_te_known_value_and_mean():
    x = np.array([0, 1, 1, 0, 1, 0, 0, 1, 2, 2] * 40)
    y = np.roll(x, 1)
    loc = transfer_entropy_from_series_local(x, y, target_history=0)
    # y_t = x_{t-1} at every embedded step: the local lagged MI is the local entropy -log p̂(y_t)
    assert np.allclose(loc, entropy_from_labels_local(y[1:]), rtol=0, atol=1e-12)
    rng = np.random.default_rng(0)
    xs = rng.integers(0, 3, (4, 300))
    ys = np.roll(xs, 1, axis=1) ^ (rng.random((4, 300)) < 0.2)
    for emb in ({}, {"target_history": 2}, {"source_history": 2, "delay": 2}, {"target_history": 0}):
        loc = transfer_entropy_from_series_local(xs, ys, **emb)
        assert np.isclose(loc.mean(), transfer_entropy_from_series(xs, ys, **emb), rtol=0, atol=EXACT_TOL)
    assert np.isclose(transfer_entropy_from_series_local(xs, ys, base=2).mean(),
                      transfer_entropy_from_series(xs, ys, base=2), rtol=0, atol=EXACT_TOL)


@pytest.mark.parametrize("symbols, k, l_src", [(3, 2, 2), (40, 2, 2), (200, 5, 1)])
def test_plugin_local_te_equals_tuple_counts(symbols, k, l_src):
    from collections import Counter

    rng = np.random.default_rng(symbols)
    xs = rng.integers(0, symbols, (2, 800))
    ys = (np.roll(xs, 1, axis=1) + rng.integers(0, symbols, (2, 800)) * (rng.random((2, 800)) < 0.3)) % symbols
    t0 = max(k, l_src)
    rows = [((yi[t],), tuple(xi[t - 1 - j] for j in range(l_src)), tuple(yi[t - i] for i in range(1, k + 1)))
            for xi, yi in zip(xs.tolist(), ys.tolist(), strict=True) for t in range(t0, len(yi))]
    abc, cc = Counter(rows), Counter(c for _, _, c in rows)
    ac, bc = Counter((a, c) for a, _, c in rows), Counter((b, c) for _, b, c in rows)
    ref = np.array([np.log(abc[r] * cc[r[2]] / (ac[(r[0], r[2])] * bc[(r[1], r[2])])) for r in rows])
    loc = transfer_entropy_from_series_local(xs, ys, target_history=k, source_history=l_src)
    assert np.allclose(loc, ref, rtol=0, atol=EXACT_TOL)
    glob = transfer_entropy_from_series(xs, ys, target_history=k, source_history=l_src)
    assert np.isclose(loc.mean(), glob, rtol=0, atol=EXACT_TOL)


# ---------------------------------------------------------------------------
# Locals, kernel identities, properties
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("emb", [{}, {"target_history": 2, "source_history": 3}, {"target_history": 0, "lag": 2},
                                 {"target_history": 2, "target_delay": 2, "source_history": 2, "source_delay": 3}])
def test_te_local_mean_and_cmi_kernel(var2, emb):
    x, y = var2[:1500, 0], var2[:1500, 1]
    loc = ksg_transfer_entropy_local(x, y, **emb)
    assert np.isclose(loc.mean(), ksg_transfer_entropy(x, y, **emb), rtol=0, atol=EXACT_TOL)
    k_y, tau_y = emb.get("target_history", 1), emb.get("target_delay", 1)
    l_x, tau_x, u = emb.get("source_history", 1), emb.get("source_delay", 1), emb.get("lag", 1)
    tl = [1 + j * tau_y for j in range(k_y)]
    sl = [u + j * tau_x for j in range(l_x)]
    t0 = max(tl + sl)
    assert loc.shape == (1500 - t0,)
    src = _embed(x, sl, t0)
    if k_y:
        ref = knn_conditional_mutual_information(y[t0:], src, _embed(y, tl, t0), k=4)
    else:
        ref = ksg_mutual_information(y[t0:], src, k=4)  # lagged mutual information
    assert np.isclose(loc.mean(), ref, rtol=0, atol=EXACT_TOL)


def test_cte_and_ais_local_means(var2):
    x, y = var2[:1000, 0], var2[:1000, 1]
    z = np.sin(np.arange(1000) * 0.37) + 0.1 * x
    emb = {"target_history": 2, "condition_history": 2, "condition_lag": 2}
    loc = ksg_conditional_transfer_entropy_local(x, y, z, **emb)
    assert np.isclose(loc.mean(), ksg_conditional_transfer_entropy(x, y, z, **emb), rtol=0, atol=EXACT_TOL)
    for variant in (1, 2):
        loc = active_information_storage_local(y, history=3, delay=2, variant=variant)
        assert loc.shape == (1000 - 5,)
        assert np.isclose(loc.mean(), active_information_storage(y, history=3, delay=2, variant=variant),
                          rtol=0, atol=EXACT_TOL)
        ref = ksg_mutual_information(y[5:], _embed(y, [1, 3, 5], 5), k=4, variant=variant)
        assert np.isclose(loc.mean(), ref, rtol=0, atol=EXACT_TOL)


@settings(max_examples=10)
@given(seed=st.integers(0, 2**16), power=st.integers(-8, 8))
def test_te_invariant_to_common_power_of_two_scaling_and_bits(seed, power):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(300)
    y = np.r_[0.0, 0.5 * x[:-1]] + rng.standard_normal(300)
    te = ksg_transfer_entropy(x, y, target_history=2)
    assert ksg_transfer_entropy(x * 2.0 ** power, y * 2.0 ** power, target_history=2) == te
    assert np.isclose(ksg_transfer_entropy(x, y, target_history=2, base=2), te / np.log(2), rtol=1e-14)


def test_deterministic_and_inputs_unchanged(var2):
    x, y = var2[:800, 0].copy(), var2[:800, 1].copy()
    xr, yr = np.round(x, 1), np.round(y, 1)
    keep = xr.copy(), yr.copy()
    a = ksg_transfer_entropy(xr, yr, jitter=1e-6, seed=3)
    assert ksg_transfer_entropy(xr, yr, jitter=1e-6, seed=3) == a
    assert np.array_equal(xr, keep[0]) and np.array_equal(yr, keep[1])
    assert ksg_transfer_entropy(x.tolist(), y.tolist()) == ksg_transfer_entropy(x, y)


# ---------------------------------------------------------------------------
# Peer: infomeasure's KSG TE and CTE (same estimator, same embedding)
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("kh,lh,prop", [(1, 1, 0), (3, 1, 0), (1, 3, 0), (2, 2, 0), (1, 2, 1), (2, 3, 2)])
def test_matches_infomeasure_ksg_te(var2, kh, lh, prop):
    im = pytest.importorskip("infomeasure")
    x, y = var2[:1500, 0], var2[:1500, 1]
    est = im.estimator(x, y, measure="te", approach="ksg", k=4, noise_level=0, src_hist_len=lh,
                       dest_hist_len=kh, prop_time=prop)
    # infomeasure's prop_time p puts the newest source value at t - 1 - p; its first step equals
    # ours when the target history is not the longest one (kh <= lh, or p = 0)
    loc = ksg_transfer_entropy_local(x, y, target_history=kh, source_history=lh, lag=prop + 1)
    assert abs(est.result() - loc.mean()) < EXACT_TOL
    assert np.allclose(np.asarray(est.local_vals()), loc, rtol=0, atol=EXACT_TOL)


def test_ais_matches_infomeasure_ksg_mi_of_the_embedding(var2):
    # infomeasure has no AIS; A_Y is the KSG MI between Y_t and its embedded past
    im = pytest.importorskip("infomeasure")
    y = var2[:1500, 1]
    past = _embed(y, [1, 3], 3)
    peer = im.estimator(y[3:], past, measure="mi", approach="ksg", k=4, noise_level=0)
    loc = active_information_storage_local(y, history=2, delay=2)
    assert abs(peer.result() - loc.mean()) < EXACT_TOL
    assert np.allclose(np.asarray(peer.local_vals()), loc, rtol=0, atol=EXACT_TOL)


def test_multivariate_source_and_target_use_all_components(var2):
    rng = np.random.default_rng(7)
    x = np.column_stack([var2[:1000, 0], rng.standard_normal(1000)])
    y = np.column_stack([var2[:1000, 1], rng.standard_normal(1000)])
    loc = ksg_transfer_entropy_local(x, y, target_history=1, source_history=2)
    ref = knn_conditional_mutual_information(y[2:], _embed(x, [1, 2], 2), _embed(y, [1], 2), k=4)
    assert loc.shape == (998,) and np.isclose(loc.mean(), ref, rtol=0, atol=EXACT_TOL)


def test_matches_infomeasure_ksg_cte(var2):
    im = pytest.importorskip("infomeasure")
    x, y = var2[:1500, 0], var2[:1500, 1]
    z = var_sample([[0.5]], [[1.0]], 1500, seed=5)[:, 0]
    est = im.estimator(x, y, cond=z, measure="cte", approach="ksg", k=4, noise_level=0, src_hist_len=2,
                       dest_hist_len=2, cond_hist_len=2)
    loc = ksg_conditional_transfer_entropy_local(x, y, z, target_history=2, source_history=2, condition_history=2)
    assert abs(est.result() - loc.mean()) < EXACT_TOL
    assert np.allclose(np.asarray(est.local_vals()), loc, rtol=0, atol=EXACT_TOL)


# ---------------------------------------------------------------------------
# Embedding search
# ---------------------------------------------------------------------------

def test_select_embedding_finds_ar_orders():
    ar2 = var_sample([[[0.4]], [[0.4]]], [[1.0]], 1000, seed=0)[:, 0]
    sel = select_embedding(ar2, max_history=4, n_permutations=19)
    assert isinstance(sel, EmbeddingSelection)
    assert sel.target_history == 2 and sel.source_history is None
    assert sel.ais_p_values[3] > 0.05 and set(sel.ais) == {1, 2, 3}
    noise = np.random.default_rng(1).standard_normal(1000)
    assert select_embedding(noise, max_history=3, n_permutations=19).target_history == 0
    blk = select_embedding(ar2, max_history=3, n_permutations=19, scheme="block", block_length=20)
    assert blk.target_history == 2


def test_select_embedding_finds_source_history():
    # y_t = 0.5 y_{t-1} + 0.5 x_{t-1} + 0.5 x_{t-2} + noise, x white: target order 1, source history 2
    a = np.zeros((2, 2, 2))
    a[0] = [[0.0, 0.0], [0.5, 0.5]]
    a[1] = [[0.0, 0.0], [0.5, 0.0]]
    xy = var_sample(a, np.eye(2), 1000, seed=3)
    sel = select_embedding(xy[:, 1], xy[:, 0], max_history=3, n_permutations=19, seed=1)
    assert sel.source_history == 2
    assert sel.te[2] > sel.te[1] > 0


# ---------------------------------------------------------------------------
# Bad input: every public function names the argument
# ---------------------------------------------------------------------------

def test_bad_inputs_te():
    rng = np.random.default_rng(0)
    x, y = rng.standard_normal((2, 100))
    with pytest.raises(ValueError, match="'k' parameter of ksg_transfer_entropy must be an int"):
        ksg_transfer_entropy(x, y, k=0)
    with pytest.raises(ValueError, match="'source_history' parameter of ksg_transfer_entropy_local"):
        ksg_transfer_entropy_local(x, y, source_history=0)
    with pytest.raises(ValueError, match="'lag' parameter of ksg_transfer_entropy"):
        ksg_transfer_entropy(x, y, lag=0)
    with pytest.raises(ValueError, match="'source', 'target' parameters of ksg_transfer_entropy must have the same length"):
        ksg_transfer_entropy(x, y[:50])
    with pytest.raises(ValueError, match="'target' parameter of ksg_transfer_entropy is too short"):
        ksg_transfer_entropy(x[:10], y[:10], target_history=9)
    with pytest.raises(ValueError, match="'source' parameter of ksg_transfer_entropy has 1 duplicated rows"):
        ksg_transfer_entropy(np.r_[x[:-1], x[0]], y)
    with pytest.raises(ValueError, match="'target' parameter of ksg_transfer_entropy must contain only finite"):
        ksg_transfer_entropy(x, np.r_[y[:-1], np.nan])
    with pytest.raises(ValueError, match="'condition_history' parameter of ksg_conditional_transfer_entropy "):
        ksg_conditional_transfer_entropy(x, y, x + y, condition_history=0)
    with pytest.raises(ValueError, match="'source', 'target', 'condition' parameters of ksg_conditional_transfer_entropy_local"):
        ksg_conditional_transfer_entropy_local(x, y, y[:20])
    with pytest.raises(TypeError, match="'base' parameter of ksg_transfer_entropy"):
        ksg_transfer_entropy(x, y, base="two")


def test_bad_inputs_ais_plugin_and_search():
    y = np.random.default_rng(0).standard_normal(100)
    with pytest.raises(ValueError, match="'history' parameter of active_information_storage must be an int"):
        active_information_storage(y, history=0)
    with pytest.raises(ValueError, match="'variant' parameter of active_information_storage_local must be one of"):
        active_information_storage_local(y, variant=3)
    with pytest.raises(ValueError, match="'delay' parameter of transfer_entropy_from_series_local"):
        transfer_entropy_from_series_local([0, 1, 0, 1], [1, 0, 1, 0], delay=0)
    with pytest.raises(ValueError, match="'source' and 'target' parameters of transfer_entropy_from_series_local"):
        transfer_entropy_from_series_local([0, 1, 0, 1], [1, 0, 1])
    with pytest.raises(ValueError, match="'target' parameter of transfer_entropy_from_series_local must hold discrete"):
        transfer_entropy_from_series_local([0, 1, 0, 1], [0.5, 0.1, 0.2, 0.3])
    with pytest.raises(ValueError, match="'scheme' parameter of select_embedding must be one of"):
        select_embedding(y, scheme="permute")
    with pytest.raises(ValueError, match="'block' scheme of select_embedding needs 'block_length'"):
        select_embedding(y, scheme="block")
    with pytest.raises(ValueError, match="'alpha' parameter of select_embedding"):
        select_embedding(y, alpha=1.5)
    with pytest.raises(ValueError, match="'max_history' parameter of select_embedding"):
        select_embedding(y, max_history=0)


@pytest.mark.parametrize("seed", [-1, 2.5, "foo"])
def test_seed_is_validated_without_jitter(seed):
    rng = np.random.default_rng(7)
    x, y, z = rng.normal(size=(3, 200))
    calls = {
        ksg_transfer_entropy: (x, y),
        ksg_transfer_entropy_local: (x, y),
        ksg_conditional_transfer_entropy: (x, y, z),
        ksg_conditional_transfer_entropy_local: (x, y, z),
        active_information_storage: (y,),
        active_information_storage_local: (y,),
    }
    for func, args in calls.items():
        with pytest.raises(TypeError, match=f"'seed' parameter of {func.__name__} must be a non-negative int"):
            func(*args, seed=seed)


def test_seed_without_jitter_does_not_change_the_estimate():
    rng = np.random.default_rng(8)
    x, y = rng.normal(size=(2, 300))
    gen = np.random.default_rng(5)
    state = gen.bit_generator.state
    assert ksg_transfer_entropy(x, y, seed=gen) == ksg_transfer_entropy(x, y, seed=123)
    assert active_information_storage(y, seed=gen) == active_information_storage(y, seed=1)
    assert gen.bit_generator.state == state   # no draw without jitter
