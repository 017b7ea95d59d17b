"""Shannon measures and the information lattice: known values, theorems as properties, peers, bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from infolab.measures import (
    common_information,
    conditional_entropy,
    conditional_entropy_from_labels,
    conditional_mutual_information_from_labels,
    conditional_mutual_information_from_labels_local,
    conditional_mutual_information_pmf,
    contingency_pmf,
    entropy,
    entropy_from_labels,
    entropy_from_labels_local,
    is_function_of,
    join,
    joint_entropy,
    joint_entropy_from_labels,
    meet,
    mutual_information_from_labels,
    mutual_information_from_labels_local,
    mutual_information_pmf,
    rajski_distance,
    reconstructs,
    transfer_entropy_from_series,
    variation_of_information,
)

EXACT = 1e-12

labels = st.lists(st.integers(0, 4), min_size=1, max_size=40)


@st.composite
def paired_labels(draw, k=2):
    n = draw(st.integers(1, 40))
    return [np.array(draw(st.lists(st.integers(0, 4), min_size=n, max_size=n))) for _ in range(k)]


@st.composite
def weighted_space(draw, k=3):
    """k label arrays on the atoms of a random exact law (some atoms may have probability 0)."""
    n = draw(st.integers(1, 12))
    w = np.array(draw(st.lists(st.integers(0, 9), min_size=n, max_size=n)), dtype=float)
    if w.sum() == 0:
        w[0] = 1.0
    w /= w.sum()
    arrays = [np.array(draw(st.lists(st.integers(0, 3), min_size=n, max_size=n))) for _ in range(k)]
    return w, arrays


# --- known values -----------------------------------------------------------------------------------------

def test_entropy_known_values():
    assert entropy([0.5, 0.5], base=2) == pytest.approx(1.0, abs=EXACT)
    assert entropy(np.full(8, 1 / 8), base=2) == pytest.approx(3.0, abs=EXACT)
    assert entropy([1.0, 0.0]) == 0.0
    assert entropy([0.25] * 4) == pytest.approx(math.log(4), abs=EXACT)  # nats by default
    assert joint_entropy(np.full((2, 4), 1 / 8), base=2) == pytest.approx(3.0, abs=EXACT)


def test_table_identities():
    pxy = np.array([[0.3, 0.1], [0.05, 0.55]])
    hx = entropy(pxy.sum(axis=1))
    hy = entropy(pxy.sum(axis=0))
    hxy = joint_entropy(pxy)
    assert conditional_entropy(pxy) == pytest.approx(hxy - hy, abs=EXACT)
    assert mutual_information_pmf(pxy) == pytest.approx(hx + hy - hxy, abs=EXACT)
    assert mutual_information_pmf(np.outer([0.2, 0.8], [0.5, 0.3, 0.2])) == pytest.approx(0.0, abs=1e-15)


def test_labels_known_values():
    assert entropy_from_labels([0, 1, 2, 3], base=2) == pytest.approx(2.0, abs=EXACT)
    assert mutual_information_from_labels([0, 0, 1, 1], [1, 1, 0, 0], base=2) == pytest.approx(1.0, abs=EXACT)
    assert variation_of_information([0, 1, 2, 3], [0, 0, 1, 1], base=2) == pytest.approx(1.0, abs=EXACT)
    assert rajski_distance([0, 1, 2, 3], [0, 0, 1, 1]) == pytest.approx(0.5, abs=EXACT)
    assert rajski_distance([0, 0, 0], [1, 1, 1]) == 0.0
    assert common_information([0, 0, 1, 1], [0, 1, 2, 2], base=2) == pytest.approx(1.0, abs=EXACT)
    # strings and 2-D rows are symbols too
    assert entropy_from_labels(["a", "b", "a", "b"], base=2) == pytest.approx(1.0, abs=EXACT)
    assert entropy_from_labels(np.array([[0, 1], [0, 1], [1, 0], [1, 1]]), base=2) == pytest.approx(1.5, abs=EXACT)


def test_weights_make_values_exact():
    x = np.array([0, 1, 2])
    w = np.array([0.5, 0.25, 0.25])
    assert entropy_from_labels(x, weights=w, base=2) == pytest.approx(1.5, abs=EXACT)
    table = contingency_pmf([0, 0, 1], [0, 1, 1], weights=w)
    assert np.allclose(table, [[0.5, 0.25], [0.0, 0.25]])


def test_meet_is_the_connected_components():
    # x: 0-{0,1}, 1-{1}, 2-{2}: values 0 and 1 of x share y=1, so they merge
    x = [0, 0, 1, 2]
    y = [0, 1, 1, 2]
    m = meet(x, y)
    assert m[0] == m[1] == m[2] != m[3]
    # a zero-weight atom adds no edge
    m2 = meet([0, 1], [0, 0], weights=[1.0, 0.0])
    assert m2[0] != m2[1]


def test_join_and_reconstruction():
    x = np.arange(6)
    assert reconstructs(x, x % 2, x % 3)       # CRT
    assert not reconstructs(x, x % 2)
    assert len(np.unique(join(x % 2, x % 3))) == 6
    assert is_function_of(x % 2, x) and not is_function_of(x, x % 2)


def test_against_scikit_learn():
    from sklearn.metrics import mutual_info_score

    rng = np.random.default_rng(0)
    x = rng.integers(0, 5, 300)
    y = (x + rng.integers(0, 3, 300)) % 6
    assert mutual_information_from_labels(x, y) == pytest.approx(mutual_info_score(x, y), abs=1e-12)


def test_against_dit():
    dit = pytest.importorskip("dit")
    from dit.multivariate import gk_common_information

    rng = np.random.default_rng(1)
    for _ in range(10):
        n = 8
        xs, ys = rng.integers(0, 3, n), rng.integers(0, 3, n)
        w = rng.dirichlet(np.ones(n))
        table = contingency_pmf(xs, ys, weights=w)
        outcomes = [f"{i}{j}" for i in range(table.shape[0]) for j in range(table.shape[1]) if table[i, j] > 0]
        probs = [table[int(o[0]), int(o[1])] for o in outcomes]
        d = dit.Distribution(outcomes, probs)
        assert common_information(xs, ys, weights=w, base=2) == pytest.approx(gk_common_information(d), abs=1e-9)
        assert mutual_information_from_labels(xs, ys, weights=w, base=2) == pytest.approx(
            dit.shannon.mutual_information(d, [0], [1]), abs=1e-9)


# --- theorems as properties ---------------------------------------------------------------------------------

@given(labels)
def test_entropy_bounds(xs):
    h = entropy_from_labels(xs)
    assert -EXACT <= h <= math.log(len(set(xs))) + EXACT


@given(paired_labels())
def test_mi_nonnegative_symmetric_and_bounded(pair):
    x, y = pair
    i_xy = mutual_information_from_labels(x, y)
    assert i_xy >= 0
    assert i_xy == pytest.approx(mutual_information_from_labels(y, x), abs=EXACT)
    assert i_xy <= min(entropy_from_labels(x), entropy_from_labels(y)) + EXACT


@given(paired_labels())
def test_chain_rule(pair):
    x, y = pair
    assert joint_entropy_from_labels(x, y) == pytest.approx(
        entropy_from_labels(y) + conditional_entropy_from_labels(x, y), abs=EXACT)


@given(weighted_space())
def test_distances_are_metrics(space):
    w, (a, b, c) = space
    for d in (lambda u, v: variation_of_information(u, v, weights=w), lambda u, v: rajski_distance(u, v, weights=w)):
        assert d(a, c) <= d(a, b) + d(b, c) + EXACT
        assert d(a, b) == pytest.approx(d(b, a), abs=EXACT)
    r = rajski_distance(a, b, weights=w)
    assert 0.0 <= r <= 1.0 + EXACT
    equivalent = is_function_of(a, b, weights=w) and is_function_of(b, a, weights=w)
    assert (variation_of_information(a, b, weights=w) <= EXACT) == equivalent


@given(weighted_space(k=2))
def test_common_information_below_mutual_information(space):
    w, (a, b) = space
    ci = common_information(a, b, weights=w)
    assert -EXACT <= ci <= mutual_information_from_labels(a, b, weights=w) + EXACT
    m = meet(a, b, weights=w)
    assert is_function_of(m, a, weights=w) and is_function_of(m, b, weights=w)


@given(weighted_space(k=2))
def test_reconstruction_implies_the_condition(space):
    w, comps = space
    x = np.arange(len(w))
    if reconstructs(x, *comps, weights=w):
        total = sum(entropy_from_labels(c, weights=w) for c in comps)
        assert entropy_from_labels(x, weights=w) <= total + EXACT


# --- bad input ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("call", "exc", "match"),
    [
        (lambda: entropy([0.5, 0.6]), ValueError, "'p' parameter of entropy must sum to 1"),
        (lambda: entropy([1.5, -0.5]), ValueError, "'p' parameter of entropy must contain non-negative"),
        (lambda: entropy([np.nan, 1.0]), ValueError, "'p' parameter of entropy must contain only finite"),
        (lambda: entropy([]), ValueError, "'p' parameter of entropy must be non-empty"),
        (lambda: entropy("abc"), TypeError, "'p' parameter of entropy"),
        (lambda: entropy([0.5, 0.5], base=1), ValueError, "'base' parameter of entropy"),
        (lambda: entropy([0.5, 0.5], base="two"), TypeError, "'base' parameter"),
        (lambda: joint_entropy([0.2, 0.2]), ValueError, "'pxy' parameter of joint_entropy must sum to 1"),
        (lambda: conditional_entropy([0.5, 0.5]), ValueError, "'pxy' parameter of conditional_entropy must be a 2-D"),
        (lambda: mutual_information_pmf([[0.5, 0.6]]), ValueError, "'pxy' parameter of mutual_information_pmf"),
        (lambda: contingency_pmf([0, 1], [0]), ValueError, "must have the same length"),
        (lambda: entropy_from_labels([]), ValueError, "'x' parameter of entropy_from_labels needs at least 1"),
        (lambda: entropy_from_labels([0.5, 1.0]), ValueError, "'x' parameter of entropy_from_labels must hold discrete"),
        (lambda: entropy_from_labels([0, np.nan]), ValueError, "'x' parameter of entropy_from_labels must contain only finite"),
        (lambda: entropy_from_labels([0, 1], weights=[0.5, 0.6]), ValueError, "'weights' parameter"),
        (lambda: entropy_from_labels([0, 1], weights=[1.0]), ValueError, "'weights' parameter of entropy_from_labels must have one entry"),
        (lambda: entropy_from_labels([0, 1], method="magic"), ValueError, "'method' parameter of entropy_from_labels"),
        (lambda: joint_entropy_from_labels(), ValueError, "needs at least one label array"),
        (lambda: conditional_entropy_from_labels([0, 1], [0]), ValueError, "same length"),
        (lambda: mutual_information_from_labels([0, 1], None), TypeError, "'y' parameter"),
        (lambda: variation_of_information(np.zeros((2, 2, 2)), [0, 1]), ValueError, "'x' parameter of variation_of_information"),
        (lambda: rajski_distance([0, 1], [0, 1, 2]), ValueError, "same length"),
        (lambda: join(), ValueError, "join needs at least one"),
        (lambda: meet([0, 1], [0, 1], weights=[2.0, -1.0]), ValueError, "'weights' parameter of meet"),
        (lambda: common_information([0], [0, 1]), ValueError, "same length"),
        (lambda: is_function_of([0, 1], [0.5, 1.5]), ValueError, "'y' parameter of is_function_of"),
        (lambda: reconstructs([0, 1]), ValueError, "at least one component"),
    ],
)
def test_bad_input_names_the_argument(call, exc, match):
    with pytest.raises(exc, match=match.replace("(", r"\(").replace(")", r"\)")):
        call()


def test_inputs_are_not_mutated():
    x = np.array([3, 1, 2, 3])
    y = np.array([1.0, 2.0, 2.0, 1.0])
    w = np.array([0.1, 0.2, 0.3, 0.4])
    copies = [a.copy() for a in (x, y, w)]
    variation_of_information(x, y, weights=w)
    meet(x, y, weights=w)
    for a, b in zip((x, y, w), copies, strict=True):
        assert np.array_equal(a, b)


def test_mutual_information_survives_subnormal_marginals():
    tiny = 1e-200  # p(x) p(y) = 1e-400 underflows to 0 in double precision
    pxy = np.array([[tiny, 0.0], [0.0, 1.0 - tiny]])
    value = mutual_information_pmf(pxy)
    assert math.isfinite(value) and value >= 0


# ---------------------------------------------------------------------------
# Local (pointwise) plug-in values: the mean is the global plug-in value
# ---------------------------------------------------------------------------

def _empirical_table(*codes):
    """Empirical joint table of integer label arrays, one axis per array."""
    shape = tuple(int(c.max()) + 1 for c in codes)
    table = np.zeros(shape)
    np.add.at(table, tuple(codes), 1.0 / codes[0].shape[0])
    return table


def test_local_known_values():
    assert np.array_equal(entropy_from_labels_local([0, 0, 1, 2], base=2), [1.0, 1.0, 2.0, 2.0])
    # y = x: the local MI is the local entropy
    x = np.array([0, 0, 1, 2, 2, 2])
    assert np.allclose(mutual_information_from_labels_local(x, x), entropy_from_labels_local(x), rtol=0, atol=EXACT)
    # XOR: each bit is independent of the other alone and determined by it given the third
    a, b = np.array([0, 0, 1, 1]), np.array([0, 1, 0, 1])
    assert np.allclose(mutual_information_from_labels_local(a, a ^ b), 0.0, atol=EXACT)
    assert np.allclose(conditional_mutual_information_from_labels_local(a, a ^ b, b, base=2), 1.0, atol=EXACT)


@given(paired_labels(k=3))
def test_local_means_are_the_plugin_values(xyz):
    x, y, z = xyz
    assert math.isclose(entropy_from_labels_local(x).mean(), entropy_from_labels(x), abs_tol=EXACT)
    assert math.isclose(mutual_information_from_labels_local(x, y).mean(), mutual_information_from_labels(x, y),
                        abs_tol=EXACT)
    assert math.isclose(mutual_information_from_labels_local(x, y, base=2).mean(),
                        mutual_information_from_labels(x, y, base=2), abs_tol=EXACT)
    cmi = conditional_mutual_information_pmf(_empirical_table(x, y, z), 0, 1, 2)
    assert math.isclose(conditional_mutual_information_from_labels_local(x, y, z).mean(), cmi, abs_tol=EXACT)


def test_local_values_match_infomeasure():
    im = pytest.importorskip("infomeasure")
    rng = np.random.default_rng(0)
    x = rng.integers(0, 4, 500)
    peer = im.estimator(x, measure="entropy", approach="discrete")
    assert np.allclose(np.asarray(peer.local_vals()), entropy_from_labels_local(x), rtol=0, atol=EXACT)
    # Its local MI and CMI agree as well (checked once with these data: 1.8e-15), but their first
    # call takes 7 s of warm-up, too long for this module: only the local entropy is checked here.


def test_local_bad_inputs():
    with pytest.raises(ValueError, match="'x' parameter of entropy_from_labels_local must hold discrete"):
        entropy_from_labels_local([0.5, 1.0])
    with pytest.raises(ValueError, match="label arrays passed to mutual_information_from_labels_local must have the same"):
        mutual_information_from_labels_local([0, 1], [0])
    with pytest.raises(ValueError, match="'z' parameter of conditional_mutual_information_from_labels_local"):
        conditional_mutual_information_from_labels_local([0, 1], [0, 1], [np.nan, 1.0])
    with pytest.raises(TypeError, match="'base' parameter of entropy_from_labels_local"):
        entropy_from_labels_local([0, 1], base="2")


# ---------------------------------------------------------------------------
# Grassberger, James–Stein, Chao–Wang–Jost and Zhang estimators
# ---------------------------------------------------------------------------

NEW_METHODS = ("grassberger", "james_stein", "chao_wang_jost", "zhang")
PEER_NAME = {"james_stein": "shrink", "chao_wang_jost": "chao_wang_jost", "zhang": "zhang"}
PEER_TIGHT = 1e-12


def test_new_estimators_known_values():
    # Grassberger 2003: G(1) = −γ − log 2, so two distinct draws give log 2 + γ + log 2
    assert entropy_from_labels([0, 1], method="grassberger") == pytest.approx(
        2 * math.log(2) + np.euler_gamma, abs=EXACT)
    # Zhang: n = 2 distinct draws, Z_1 = 1 exactly; Chao–Wang–Jost adds nothing when A = 1
    assert entropy_from_labels([0, 1], method="zhang") == pytest.approx(1.0, abs=EXACT)
    # one symbol: zero, except Grassberger's log n − G(n), here log 4 − G(4) = log 8 + γ − 8/3 < 0
    for m in ("james_stein", "chao_wang_jost", "zhang"):
        assert entropy_from_labels([3, 3, 3, 3], method=m) == pytest.approx(0.0, abs=EXACT)
    assert entropy_from_labels([3, 3, 3, 3], method="grassberger") == pytest.approx(
        3 * math.log(2) + np.euler_gamma - 8 / 3, abs=EXACT)
    # James–Stein on balanced counts: shrinking toward uniform changes nothing
    assert entropy_from_labels([0, 1, 2, 0, 1, 2], method="james_stein") == pytest.approx(math.log(3), abs=EXACT)
    # with a larger alphabet the target uniform(4) pulls the estimate up, below log 4
    js4 = entropy_from_labels([0, 1, 2, 0, 1, 2], method="james_stein", alphabet_size=4)
    assert math.log(3) < js4 <= math.log(4)


def test_grassberger_recursion():
    from infolab.measures.discrete import _grassberger_g

    g = _grassberger_g(np.arange(1.0, 12.0))
    # G(2m + 1) = G(2m), G(2m + 2) = G(2m) + 2/(2m + 1)  (Grassberger 2003, eq. 31)
    for m in range(1, 5):
        assert g[2 * m] == pytest.approx(g[2 * m - 1], abs=1e-13)
        assert g[2 * m + 1] == pytest.approx(g[2 * m - 1] + 2 / (2 * m + 1), abs=1e-13)


@pytest.mark.parametrize("method", ["james_stein", "chao_wang_jost", "zhang"])
def test_new_estimators_match_infomeasure(method):
    im = pytest.importorskip("infomeasure")
    for seed, (k, n) in enumerate([(10, 40), (30, 25), (5, 300)]):
        x = np.random.default_rng(seed).integers(0, k, n)
        peer = im.entropy(x, approach=PEER_NAME[method])
        assert entropy_from_labels(x, method=method) == pytest.approx(peer, abs=PEER_TIGHT)
        assert entropy_from_labels(x, method=method, base=2) == pytest.approx(
            im.entropy(x, approach=PEER_NAME[method], base=2), abs=PEER_TIGHT)


def test_grassberger_differs_from_infomeasure_as_the_two_formulas_do():
    # infomeasure's "grassberger" uses G(n) = ψ(n) + (−1)^n/(n + 1) (Grassberger 1988);
    # ours is the 2003 G. The gap is exactly the mean difference of the two G's.
    im = pytest.importorskip("infomeasure")
    from scipy.special import digamma

    from infolab.measures.discrete import _grassberger_g

    x = np.random.default_rng(4).integers(0, 8, 60)
    c = np.bincount(x).astype(float)
    g1988 = digamma(c) + (-1.0) ** c / (c + 1)
    gap = float(np.sum(c * (g1988 - _grassberger_g(c))) / c.sum())
    peer = im.entropy(x, approach="grassberger")
    assert entropy_from_labels(x, method="grassberger") - peer == pytest.approx(gap, abs=PEER_TIGHT)


@pytest.mark.parametrize("method", ["miller_madow", "chao_wang_jost", "zhang"])
def test_mi_and_te_match_infomeasure(method):
    im = pytest.importorskip("infomeasure")
    approach = PEER_NAME.get(method, method)
    rng = np.random.default_rng(1)
    x = rng.integers(0, 2, 500)
    y = np.roll(x, 1) ^ (rng.random(500) < 0.1)
    assert transfer_entropy_from_series(x, y, method=method) == pytest.approx(
        im.transfer_entropy(x, y, approach=approach), abs=PEER_TIGHT)
    a, b = rng.integers(0, 4, 200), rng.integers(0, 3, 200)
    assert mutual_information_from_labels(a, b, method=method) == pytest.approx(
        im.mutual_information(a, b, approach=approach), abs=PEER_TIGHT)


def test_bias_corrected_estimators_beat_plugin_at_small_n():
    # p_i ∝ 20, 19, ..., 1 on 20 symbols, n = 30 draws, 60 seeds
    p = np.arange(20, 0, -1, dtype=float)
    p /= p.sum()
    truth = float(-np.sum(p * np.log(p)))
    methods = {"plugin": {}, "grassberger": {}, "james_stein": {"alphabet_size": 20},
               "chao_wang_jost": {}, "zhang": {}}
    est = {m: [] for m in methods}
    for seed in range(60):
        x = np.random.default_rng(seed).choice(20, size=30, p=p)
        for m, kw in methods.items():
            est[m].append(entropy_from_labels(x, method=m, **kw))
    bias = {m: abs(np.mean(v) - truth) for m, v in est.items()}
    assert bias["plugin"] > 0.25  # the plug-in is biased low by about (K − 1)/(2n)
    for m in NEW_METHODS:
        assert bias[m] < 0.5 * bias["plugin"], (m, bias)


def test_new_methods_defaults_unchanged():
    # the plug-in default is the same function as before: a 2-D label input, MI with weights
    x = np.random.default_rng(2).integers(0, 5, 100)
    y = np.random.default_rng(3).integers(0, 3, 100)
    assert entropy_from_labels(x) == entropy_from_labels(x, method="plugin")
    assert mutual_information_from_labels(x, y) == mutual_information_pmf(contingency_pmf(x, y))


@given(xyz=st.integers(0, 10_000))
def test_cmi_from_labels_plugin_equals_pmf(xyz):
    rng = np.random.default_rng(xyz)
    n = int(rng.integers(1, 60))
    x, y, z = rng.integers(0, 3, n), rng.integers(0, 3, n), rng.integers(0, 2, n)
    cmi = conditional_mutual_information_pmf(_empirical_table(x, y, z), 0, 1, 2)
    assert math.isclose(conditional_mutual_information_from_labels(x, y, z), cmi, abs_tol=EXACT)
    for m in NEW_METHODS:
        v = conditional_mutual_information_from_labels(x, y, z, method=m)
        assert math.isfinite(v)
        assert conditional_mutual_information_from_labels(y, x, z, method=m) == pytest.approx(v, abs=1e-12)


def test_te_method_is_the_cmi_of_the_embedding():
    rng = np.random.default_rng(5)
    x = rng.integers(0, 3, 400)
    y = np.roll(x, 1)
    now, past, src = y[1:], y[:-1], x[:-1]
    for m in ("plugin",) + NEW_METHODS:
        assert transfer_entropy_from_series(x, y, method=m) == pytest.approx(
            conditional_mutual_information_from_labels(now, src, past, method=m), abs=1e-12)


def test_new_methods_bad_input():
    with pytest.raises(ValueError, match="'method' parameter of conditional_mutual_information_from_labels"):
        conditional_mutual_information_from_labels([0, 1], [0, 1], [0, 0], method="nsb")
    with pytest.raises(ValueError, match="label arrays passed to conditional_mutual_information_from_labels"):
        conditional_mutual_information_from_labels([0, 1], [0, 1], [0])
    with pytest.raises(ValueError, match="'method' parameter of transfer_entropy_from_series.*zhang"):
        transfer_entropy_from_series([0, 1, 0, 1], [1, 0, 1, 0], method="magic")
    with pytest.raises(ValueError, match="'alphabet_size' parameter of entropy_from_labels"):
        entropy_from_labels([0, 1, 2], method="james_stein", alphabet_size=2)
    with pytest.raises(ValueError, match="'weights' parameter of entropy_from_labels"):
        entropy_from_labels([0, 1], method="zhang", weights=[0.5, 0.5])
    with pytest.raises(ValueError, match="'weights' parameter of mutual_information_from_labels"):
        mutual_information_from_labels([0, 1], [0, 1], method="grassberger", weights=[0.5, 0.5])


def test_maximal_correlation_of_an_independent_table_is_zero():
    from infolab.measures import maximal_correlation

    rng = np.random.default_rng(0)
    px, py = rng.dirichlet(np.ones(4)), rng.dirichlet(np.ones(3))
    assert maximal_correlation(np.outer(px, py)) == pytest.approx(0.0, abs=1e-12)


def test_maximal_correlation_of_a_bijection_is_one():
    from infolab.measures import maximal_correlation

    p = np.array([0.1, 0.2, 0.3, 0.4])
    table = np.zeros((4, 4))
    table[np.arange(4), [2, 0, 3, 1]] = p
    assert maximal_correlation(table) == pytest.approx(1.0, abs=1e-12)
    # A deterministic but non-injective map still has a function of X equal to a function of Y.
    many_to_one = np.zeros((4, 2))
    many_to_one[np.arange(4), [0, 0, 1, 1]] = p
    assert maximal_correlation(many_to_one) == pytest.approx(1.0, abs=1e-12)


def test_maximal_correlation_of_a_two_by_two_table_is_the_closed_form():
    from infolab.measures import maximal_correlation

    rng = np.random.default_rng(1)
    for _ in range(20):
        (a, b), (c, d) = rng.dirichlet(np.ones(4)).reshape(2, 2)
        p1, p2, q1, q2 = a + b, c + d, a + c, b + d
        expected = abs(a * d - b * c) / math.sqrt(p1 * p2 * q1 * q2)
        assert maximal_correlation([[a, b], [c, d]]) == pytest.approx(expected, rel=1e-10, abs=1e-14)


def test_maximal_correlation_ignores_empty_rows_and_is_zero_for_a_constant():
    from infolab.measures import maximal_correlation

    base = np.array([[0.3, 0.1], [0.15, 0.45]])
    padded = np.zeros((3, 3))
    padded[np.ix_([0, 2], [0, 2])] = base
    assert maximal_correlation(padded) == pytest.approx(maximal_correlation(base), abs=1e-14)
    assert maximal_correlation([[0.2, 0.3, 0.5]]) == 0.0
    table = base.copy()
    maximal_correlation(table)
    assert np.array_equal(table, base)


def test_maximal_correlation_bad_input():
    from infolab.measures import maximal_correlation

    with pytest.raises(ValueError, match="'p_xy' parameter of maximal_correlation"):
        maximal_correlation([[0.5, 0.6], [0.0, 0.0]])
    with pytest.raises(ValueError, match="'p_xy' parameter of maximal_correlation"):
        maximal_correlation([0.5, 0.5])


def test_entropy_from_labels_refuses_an_ignored_alphabet_size():
    x = [0, 1, 1, 2]
    for method in ("plugin", "miller_madow", "chao_shen"):
        with pytest.raises(ValueError, match="'alphabet_size' parameter of entropy_from_labels.*ignores"):
            entropy_from_labels(x, method=method, alphabet_size=5)
    # the methods that use it keep it
    assert math.isfinite(entropy_from_labels(x, method="nsb", alphabet_size=5))
    assert entropy_from_labels(x, method="james_stein", alphabet_size=5) != entropy_from_labels(x, method="james_stein")


def test_wrapper_errors_name_the_function_called():
    with pytest.raises(ValueError, match="'x' parameter of mutual_information_from_labels"):
        mutual_information_from_labels([0.5, 1.0], [0, 1])
    with pytest.raises(ValueError, match="'base' parameter of mutual_information_from_labels"):
        mutual_information_from_labels([0, 1], [0, 1], base=1)
    with pytest.raises(ValueError, match="'y' parameter of common_information"):
        common_information([0, 1], [np.nan, 1])
    with pytest.raises(ValueError, match="'components\\[1\\]' parameter of reconstructs"):
        reconstructs([0, 1], [0, 1], [0.5, 1])
    assert reconstructs([0, 1, 2, 3], [0, 0, 1, 1], [0, 1, 0, 1])
    assert not reconstructs([0, 1, 2, 3], [0, 0, 1, 1])


@pytest.mark.parametrize("labels", [
    np.array([3, 1, 3, 0, 3]),                       # small non-negative: the bincount path
    np.array([-2, 5, -2, 7]),                        # negative: counted by sorting
    np.array([10**12, 1, 10**12]),                   # too large for a count array
    np.array([True, False, True]),
    np.array([2, 2, 9], dtype=np.uint64),
    np.array([1.0, 4.0, 4.0]),
    np.array(["b", "a", "b"]),
    np.array([[1, 2], [1, 2], [0, 5]]),              # joint symbols, one per row
])
def test_label_counts_are_the_unique_counts(labels):
    from infolab.validation import check_label_counts

    expected = np.unique(labels, axis=0 if labels.ndim == 2 else None, return_counts=True)[1]
    assert check_label_counts(labels, "x").tolist() == expected.tolist()


def test_mutual_information_with_more_pairs_than_fit_a_table():
    """Many symbols on both sides take the support-only path; it matches scikit-learn's table."""
    from sklearn.metrics import mutual_info_score

    rng = np.random.default_rng(3)
    x = rng.integers(0, 3000, size=2000)
    y = (x + rng.integers(0, 2, size=2000)) % 3000
    assert mutual_information_from_labels(x, y) == pytest.approx(mutual_info_score(x, y), abs=1e-12)
    w = rng.random(2000)
    w /= w.sum()
    dense = mutual_information_pmf(contingency_pmf(x, y, weights=w))
    assert mutual_information_from_labels(x, y, weights=w) == pytest.approx(dense, abs=1e-12)
