"""Tests of infolab.measures.coupling: greedy and exact minimum-entropy couplings, bounds, EBIM."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infolab.measures import entropy, mutual_information_pmf
from infolab.measures.coupling import (
    GREEDY_MEET_GAP_BITS,
    GREEDY_OPT_GAP_TWO_BITS,
    CouplingEntropyBoundsResult,
    coupling_entropy_bounds,
    ebim_best_partition,
    ebim_frontier,
    ebim_greedy,
    greedy_coupling,
    greedy_coupling_sparse,
    majorization_meet,
    minimum_entropy_coupling_exact,
    set_partitions,
)


def pmf(n_min=1, n_max=6):
    """Hypothesis strategy: a probability vector with rational-ish entries."""
    return st.lists(st.integers(0, 20), min_size=n_min, max_size=n_max).filter(lambda w: sum(w) > 0).map(
        lambda w: np.asarray(w, dtype=float) / sum(w))


def greedy_slow(p, q):
    """Readable twin of the greedy coupling: argmax scans, O(n^2)."""
    p, q = np.array(p, float), np.array(q, float)
    joint = np.zeros((len(p), len(q)))
    while p.max() > 0 and q.max() > 0:
        i, j = int(np.argmax(p)), int(np.argmax(q))
        r = min(p[i], q[j])
        joint[i, j] += r
        p[i] -= r
        q[j] -= r
    return joint


# --- known values -----------------------------------------------------------

def test_greedy_identical_marginals_is_diagonal():
    p = np.array([0.1, 0.4, 0.2, 0.3])
    joint = greedy_coupling(p, p)
    np.testing.assert_allclose(joint, np.diag(p), atol=1e-15)


def test_greedy_matches_slow_twin():
    rng = np.random.default_rng(1)
    for _ in range(50):
        p = rng.dirichlet(np.ones(rng.integers(2, 9)))
        q = rng.dirichlet(np.ones(rng.integers(2, 9)))
        np.testing.assert_allclose(greedy_coupling(p, q), greedy_slow(p, q), atol=1e-14)


def test_greedy_three_marginals_known():
    joint = greedy_coupling([0.5, 0.5], [0.5, 0.5], [1.0])
    assert joint.shape == (2, 2, 1)
    np.testing.assert_allclose(joint[:, :, 0], [[0.5, 0], [0, 0.5]])


def test_greedy_sparse_uniform_vs_dyadic():
    idx, mass = greedy_coupling_sparse(np.full(4, 0.25), [0.5, 0.25, 0.25])
    assert sorted(mass.tolist()) == [0.25] * 4
    # Y is a function of X: each x maps to one y
    assert len(set(idx[:, 0].tolist())) == 4


def test_meet_known():
    np.testing.assert_allclose(majorization_meet([0.6, 0.3, 0.1], [0.5, 0.5]), [0.5, 0.4, 0.1], atol=1e-15)


def test_bounds_constants():
    assert GREEDY_MEET_GAP_BITS == pytest.approx(1.4426950408889634)
    assert GREEDY_OPT_GAP_TWO_BITS == pytest.approx(0.5307378454)
    b = coupling_entropy_bounds([0.5, 0.5], [0.5, 0.5], base=2)
    assert b.meet == pytest.approx(1.0) and b.independent == pytest.approx(2.0)
    assert b.greedy_upper == pytest.approx(1 + math.log2(math.e))
    # in nats the greedy gap bound is exactly 1 nat
    bn = coupling_entropy_bounds([0.3, 0.7], [0.2, 0.8])
    assert bn.greedy_upper - bn.meet == pytest.approx(1.0)


def test_bounds_are_a_record_and_old_keys_warn():
    b = coupling_entropy_bounds([0.5, 0.5], [0.9, 0.1], [0.2, 0.8], base=2)
    assert isinstance(b, CouplingEntropyBoundsResult)
    assert b.opt_gap == pytest.approx((1 + math.log2(math.e)) / 2)  # three marginals
    assert b.max_marginal == pytest.approx(1.0)
    with pytest.warns(FutureWarning, match=r"^result\['meet'\] is deprecated; use result\.meet$"):
        assert b["meet"] == b.meet
    with pytest.warns(FutureWarning):
        assert dict(b) == {"max_marginal": b.max_marginal, "meet": b.meet, "greedy_upper": b.greedy_upper,
                           "independent": b.independent, "opt_gap": b.opt_gap}


def test_exact_coupling_beats_all_pot_vertices():
    ot = pytest.importorskip("ot")
    rng = np.random.default_rng(3)
    for _ in range(4):
        p, q = rng.dirichlet(np.ones(3)), rng.dirichlet(np.ones(3))
        exact = entropy(minimum_entropy_coupling_exact(p, q))
        vertex_h = [entropy(np.clip(ot.emd(p, q, rng.random((3, 3))), 0, None)) for _ in range(150)]
        # every random-cost optimal transport plan is a vertex: none beats the exact optimum,
        # and with 150 random costs one of them hits it
        assert min(vertex_h) >= exact - 1e-9
        assert min(vertex_h) == pytest.approx(exact, abs=1e-9)


def test_exact_coupling_marginals_and_known_value():
    joint = minimum_entropy_coupling_exact([0.5, 0.25, 0.25], [0.75, 0.25])
    np.testing.assert_allclose(joint.sum(1), [0.5, 0.25, 0.25], atol=1e-12)
    np.testing.assert_allclose(joint.sum(0), [0.75, 0.25], atol=1e-12)
    assert entropy(joint, base=2) == pytest.approx(1.5)  # = H(p): q is a merge of p


def test_set_partitions_bell_numbers():
    assert [set_partitions(n).shape[0] for n in range(1, 9)] == [1, 2, 5, 15, 52, 203, 877, 4140]


def test_ebim_known_values():
    g, info = ebim_greedy([0.7, 0.2, 0.1], 0.8, base=2)  # absorbing 0.1 into the mode
    assert g.tolist() == [0, 1, 0] and info == pytest.approx(-(0.8 * math.log2(0.8) + 0.2 * math.log2(0.2)))
    g, info = ebim_greedy([0.7, 0.2, 0.1], 0.9, base=2)  # Huffman merge of 0.2 and 0.1
    assert g.tolist() == [0, 1, 1] and info == pytest.approx(-(0.7 * math.log2(0.7) + 0.3 * math.log2(0.3)))
    g, info = ebim_best_partition([0.7, 0.2, 0.1], 0.9, base=2)
    assert info == pytest.approx(-(0.7 * math.log2(0.7) + 0.3 * math.log2(0.3)))
    g, info = ebim_greedy([0.25] * 4, 10.0, base=2)
    assert info == pytest.approx(2.0) and len(set(g.tolist())) == 4
    assert ebim_greedy([0.25] * 4, 0.0)[1] == 0.0


def test_ebim_frontier_endpoints():
    f = ebim_frontier([0.7, 0.2, 0.1], [0.0, 5.0], base=2)
    assert f[0] == pytest.approx(0.0, abs=1e-12)
    assert f[1] == pytest.approx(entropy([0.7, 0.2, 0.1], base=2), abs=1e-12)


# --- properties ---------------------------------------------------------------

@settings(max_examples=60, deadline=None)
@given(pmf(), pmf())
def test_greedy_is_a_coupling_within_bounds(p, q):
    joint = greedy_coupling(p, q)
    np.testing.assert_allclose(joint.sum(1), p, atol=1e-12)
    np.testing.assert_allclose(joint.sum(0), q, atol=1e-12)
    assert joint.min() >= 0
    h = entropy(joint, base=2)
    b = coupling_entropy_bounds(p, q, base=2)
    assert b.max_marginal - 1e-12 <= b.meet <= h + 1e-12
    assert h <= b.greedy_upper + 1e-12
    assert h <= b.independent + 1e-12


@settings(max_examples=40, deadline=None)
@given(pmf(1, 3), pmf(1, 4))
def test_exact_between_meet_and_greedy(p, q):
    exact = entropy(minimum_entropy_coupling_exact(p, q), base=2)
    greedy = entropy(greedy_coupling(p, q), base=2)
    b = coupling_entropy_bounds(p, q, base=2)
    assert b.meet - 1e-9 <= exact <= greedy + 1e-9
    assert greedy - exact <= GREEDY_OPT_GAP_TWO_BITS + 1e-9


@settings(max_examples=60, deadline=None)
@given(pmf(1, 7), st.floats(0, 3))
def test_ebim_greedy_guarantee(p, rate):
    hx = entropy(p, base=2)
    p2 = np.sort(p)[::-1][1] if len(p) > 1 else 0.0
    h2 = 0.0 if p2 in (0.0, 1.0) else -(p2 * math.log2(p2) + (1 - p2) * math.log2(1 - p2))
    g, info = ebim_greedy(p, rate, base=2)
    _, best = ebim_best_partition(p, rate, base=2)
    # info is H(g(X)) and respects the budget
    cells = np.bincount(g, weights=p)
    assert info == pytest.approx(entropy(cells / cells.sum(), base=2) if cells.sum() > 0 else 0.0, abs=1e-12)
    assert info <= rate + 1e-12 and info <= best + 1e-12
    assert info >= min(rate, hx) - h2 - 1e-12


def test_mutual_information_of_greedy_is_sum_minus_joint():
    rng = np.random.default_rng(5)
    p, q = rng.dirichlet(np.ones(5)), rng.dirichlet(np.ones(6))
    joint = greedy_coupling(p, q)
    assert mutual_information_pmf(joint) == pytest.approx(entropy(p) + entropy(q) - entropy(joint), abs=1e-12)


def test_inputs_not_mutated():
    p = np.array([0.2, 0.8])
    q = np.array([0.5, 0.5])
    greedy_coupling(p, q)
    minimum_entropy_coupling_exact(p, q)
    ebim_greedy(p, 0.3)
    assert p.tolist() == [0.2, 0.8] and q.tolist() == [0.5, 0.5]


# --- bad input ------------------------------------------------------------------

def test_bad_inputs():
    with pytest.raises(ValueError, match="'marginals'"):
        greedy_coupling([1.0])
    with pytest.raises(ValueError, match=r"'marginals\[1\]'"):
        greedy_coupling([0.5, 0.5], [0.5, 0.6])
    with pytest.raises(ValueError, match="'marginals'"):
        greedy_coupling_sparse([1.0])
    with pytest.raises(ValueError, match=r"'marginals\[0\]'"):
        majorization_meet([-0.5, 1.5])
    with pytest.raises(ValueError, match="'marginals'"):
        coupling_entropy_bounds([1.0])
    with pytest.raises(ValueError, match="'q'"):
        minimum_entropy_coupling_exact([0.5, 0.5], [[0.5, 0.5]])
    with pytest.raises(ValueError, match="'max_bases'"):
        minimum_entropy_coupling_exact(np.full(6, 1 / 6), np.full(6, 1 / 6), max_bases=1000)
    with pytest.raises(ValueError, match="'n'"):
        set_partitions(11)
    with pytest.raises(ValueError, match="'rate'"):
        ebim_greedy([0.5, 0.5], -1.0)
    with pytest.raises(ValueError, match="'p_x'"):
        ebim_best_partition(np.full(11, 1 / 11), 1.0)
    with pytest.raises(ValueError, match="'rates'"):
        ebim_frontier([0.5, 0.5], [-1.0])
    with pytest.raises(TypeError, match="'n_steps'"):
        ebim_frontier([0.5, 0.5], [1.0], n_steps=2.5)


def test_greedy_with_ties_matches_slow_twin_and_heap_version():
    rng = np.random.default_rng(7)
    for _ in range(30):
        p = rng.integers(0, 4, size=rng.integers(2, 8)).astype(float)
        q = rng.integers(0, 4, size=rng.integers(2, 8)).astype(float)
        if p.sum() == 0 or q.sum() == 0:
            continue
        p, q = p / p.sum(), q / q.sum()
        two = greedy_coupling(p, q)
        np.testing.assert_allclose(two, greedy_slow(p, q), atol=1e-14)
        # the m-marginal heap code path on (p, q, [1]) gives the same cells
        np.testing.assert_allclose(greedy_coupling(p, q, [1.0])[:, :, 0], two, atol=1e-14)
