"""Tests of infolab.measures.graph (structural entropy, KQI) and infolab.data.graphs (generators)."""

import math

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from infolab.data.graphs import planted_partition_graph, price_citation_dag
from infolab.measures.coupling import set_partitions
from infolab.measures.graph import (
    knowledge_quantification_index,
    kqi_volumes,
    structural_entropy_1d,
    structural_entropy_2d,
    structural_entropy_partition,
)

# --- readable twins: plain per-node loops written from the formulas ----------------------


def kqi_loop(edges, n, weights=None):
    """KQI in bits from an edge list (v, u) = 'v cites u', processing papers in reverse topological order."""
    w = [1.0] * n if weights is None else list(weights)
    pred = {v: [] for v in range(n)}  # references
    succ = {u: [] for u in range(n)}  # citers
    for v, u in edges:
        pred[v].append(u)
        succ[u].append(v)
    order, indeg, stack = [], {v: len(pred[v]) for v in range(n)}, [v for v in range(n) if not pred[v]]
    while stack:  # Kahn's algorithm from the papers citing nothing
        u = stack.pop()
        order.append(u)
        for v in succ[u]:
            indeg[v] -= 1
            if indeg[v] == 0:
                stack.append(v)
    volume = {}
    for u in reversed(order):
        volume[u] = sum(w[v] + volume[v] / len(pred[v]) for v in succ[u])
    vol = sum(w[r] + volume[r] for r in range(n) if not pred[r])
    out = []
    for v in range(n):
        if volume[v] == 0:
            out.append(0.0)
        elif not pred[v]:
            out.append(-volume[v] / vol * math.log2(volume[v] / vol))
        else:
            part = volume[v] / len(pred[v])
            out.append(sum(-part / vol * math.log2(part / volume[u]) for u in pred[v]))
    return np.array(out), np.array([volume[v] for v in range(n)]), vol


def partition_entropy_loop(adj, labels):
    """H^P(G) in nats with explicit loops over vertices and modules."""
    adj = np.asarray(adj, dtype=float)
    n = adj.shape[0]
    d = adj.sum(axis=1)
    two_m = d.sum()
    h = 0.0
    for mod in set(labels):
        members = [i for i in range(n) if labels[i] == mod]
        v = sum(d[i] for i in members)
        g = sum(adj[i, j] for i in members for j in range(n) if labels[j] != mod)
        for i in members:
            if d[i] > 0:
                h -= d[i] / two_m * math.log(d[i] / v)
        if v > 0:
            h -= g / two_m * math.log(v / two_m)
    return h


def two_triangles():
    a = np.zeros((6, 6))
    for i, j in [(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5), (2, 3)]:
        a[i, j] = a[j, i] = 1
    return a


# --- structural entropy ---------------------------------------------------------------------

def test_1d_regular_and_star():
    ring = np.roll(np.eye(8), 1, axis=1) + np.roll(np.eye(8), -1, axis=1)
    assert structural_entropy_1d(ring, base=2) == pytest.approx(3.0, abs=1e-12)
    star = np.zeros((5, 5))
    star[0, 1:] = star[1:, 0] = 1
    # degrees 4,1,1,1,1 over 2m = 8: H = -(1/2) log2(1/2) - 4 (1/8) log2(1/8) = 2
    assert structural_entropy_1d(sp.csr_array(star), base=2) == pytest.approx(2.0, abs=1e-12)


def test_partition_trivial_and_singletons_equal_1d():
    a, _ = planted_partition_graph([10, 12, 8], 0.5, 0.05, seed=1)
    h1 = structural_entropy_1d(a)
    assert structural_entropy_partition(a, np.zeros(30, int)) == pytest.approx(h1, abs=1e-12)
    assert structural_entropy_partition(a, np.arange(30)) == pytest.approx(h1, abs=1e-12)


def test_partition_matches_loop_and_hand_value():
    a = two_triangles()
    assert structural_entropy_partition(a, [0, 0, 0, 1, 1, 1]) == pytest.approx(
        partition_entropy_loop(a, [0, 0, 0, 1, 1, 1]), abs=1e-12)
    # by hand: volumes 7 and 7 of 2m = 14, cuts 1 and 1
    hand = -2 * (2 * (2 / 14) * math.log2(2 / 7) + (3 / 14) * math.log2(3 / 7)) - 2 * (1 / 14) * math.log2(0.5)
    assert structural_entropy_partition(a, [0, 0, 0, 1, 1, 1], base=2) == pytest.approx(hand, abs=1e-12)


def test_2d_greedy_never_below_exhaustive_minimum():
    a = two_triangles()
    exact = min(structural_entropy_partition(a, p) for p in set_partitions(6))
    h, labels = structural_entropy_2d(a)
    assert h >= exact - 1e-12
    assert h == pytest.approx(structural_entropy_partition(a, labels), abs=1e-12)
    h_init, labels_init = structural_entropy_2d(a, initial=[0, 0, 0, 1, 1, 1])
    assert h_init == pytest.approx(exact, abs=1e-12) and labels_init.tolist() == [0, 0, 0, 1, 1, 1]


def test_2d_recovers_well_separated_blocks():
    a, labels = planted_partition_graph([15, 15, 15], 0.9, 0.005, seed=3)
    h, found = structural_entropy_2d(a)
    assert h <= structural_entropy_partition(a, labels) + 1e-12
    assert h < structural_entropy_1d(a)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000), st.integers(3, 12))
def test_partition_entropy_properties(seed, n):
    rng = np.random.default_rng(seed)
    upper = np.triu(rng.random((n, n)) < 0.5, 1).astype(float) * rng.uniform(0.5, 2.0, (n, n))
    a = upper + upper.T
    if a.sum() == 0:
        a[0, 1] = a[1, 0] = 1.0
    labels = rng.integers(0, 3, n)
    h = structural_entropy_partition(a, labels)
    assert h == pytest.approx(partition_entropy_loop(a, labels), abs=1e-12)
    # two-level coding never costs more than one level (Li & Pan): H^P ≤ H¹
    assert h <= structural_entropy_1d(a) + 1e-12
    h2, found = structural_entropy_2d(a)
    assert h2 <= structural_entropy_1d(a) + 1e-12


# --- KQI --------------------------------------------------------------------------------------

def test_kqi_small_dag_by_hand():
    cites = np.array([[0, 0, 0], [1, 0, 0], [1, 1, 0]])
    v, vol = kqi_volumes(cites)
    assert v.tolist() == [3.0, 1.0, 0.0] and vol == 4.0
    k = knowledge_quantification_index(cites, base=2)
    np.testing.assert_allclose(k, [-(0.75) * math.log2(0.75), -(0.25) * math.log2(1 / 3), 0.0], atol=1e-15)


def test_kqi_vectorised_matches_loop_on_price_dag():
    a, _ = price_citation_dag(1500, seed=4)
    coo = a.tocoo()
    edges = list(zip(coo.row.tolist(), coo.col.tolist(), strict=True))
    k_loop, v_loop, vol_loop = kqi_loop(edges, 1500)
    v, vol = kqi_volumes(a)
    np.testing.assert_allclose(v, v_loop, rtol=1e-13)
    assert vol == pytest.approx(vol_loop, rel=1e-14)
    np.testing.assert_allclose(knowledge_quantification_index(a, base=2), k_loop, atol=1e-13)


def test_kqi_is_relabelling_equivariant():
    a, _ = price_citation_dag(300, seed=5)
    perm = np.random.default_rng(0).permutation(300)
    b = a[perm][:, perm]  # node order no longer topological
    np.testing.assert_allclose(knowledge_quantification_index(b), knowledge_quantification_index(a)[perm], atol=1e-14)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000), st.integers(2, 40), st.floats(0.1, 0.99))
def test_kqi_properties(seed, n, decay):
    a, years = price_citation_dag(n, seed=seed, first_year_papers=3)
    k = knowledge_quantification_index(a)
    cited = np.asarray(a.sum(axis=0)).ravel() > 0
    assert np.all(k >= 0)
    assert np.all(k[~cited] == 0)
    assert np.all(k[cited] > 0)
    # smaller weights (decay < 1 for older papers) never raise a volume
    w = decay ** ((years.max() - years) / 10)
    v1, _ = kqi_volumes(a)
    vd, _ = kqi_volumes(a, weights=w)
    assert np.all(vd <= v1 * (1 + 1e-12))


def test_kqi_cycle_raises_and_inputs_unchanged():
    cyc = sp.csr_array(np.array([[0, 1], [1, 0]], dtype=float))
    with pytest.raises(ValueError, match="'adjacency'.*acyclic"):
        knowledge_quantification_index(cyc)
    a = sp.csr_array(np.array([[0, 0], [2.0, 0]]))
    knowledge_quantification_index(a)
    assert a.data.tolist() == [2.0]


# --- generators ---------------------------------------------------------------------------

def test_price_dag_properties():
    a, years = price_citation_dag(5000, seed=0)
    assert sp.triu(a).nnz == 0  # cites only earlier papers
    assert a.max() == 1.0  # no duplicate references
    refs = np.asarray(a.sum(axis=1)).ravel()
    assert 0.02 < np.mean(refs[1:] == 0) < 0.08  # ~5% new roots
    # E[1 + floor(Exp(mean 5))] = 1 + 1/(e^(1/5) - 1) ≈ 5.517 (early papers are capped at t references)
    assert np.mean(refs[refs > 0]) == pytest.approx(1 + 1 / math.expm1(0.2), rel=0.05)
    counts = np.bincount(years)
    assert np.all(np.diff(counts[:-1]) >= 0)
    a2, y2 = price_citation_dag(5000, seed=0)
    assert (a2 != a).nnz == 0 and np.array_equal(y2, years)


def test_planted_partition_properties():
    a, labels = planted_partition_graph([4, 5], 1.0, 0.0, seed=0)
    assert a.sum() == 2 * (6 + 10)
    assert (a != a.T).nnz == 0 and not a.diagonal().any()
    assert labels.tolist() == [0] * 4 + [1] * 5


# --- bad input ------------------------------------------------------------------------------

def test_bad_inputs():
    with pytest.raises(ValueError, match="'adjacency'"):
        structural_entropy_1d(np.array([[0, 1], [0, 0]]))
    with pytest.raises(ValueError, match="'adjacency'"):
        structural_entropy_1d(np.zeros((2, 3)))
    with pytest.raises(TypeError, match="'adjacency'"):
        structural_entropy_1d("graph")
    with pytest.raises(ValueError, match="'labels'"):
        structural_entropy_partition(two_triangles(), [0, 1])
    with pytest.raises(ValueError, match="'initial'"):
        structural_entropy_2d(two_triangles(), initial=[0, 1])
    with pytest.raises(ValueError, match="'weights'"):
        kqi_volumes(np.array([[0, 0], [1, 0]]), weights=[1.0, -1.0])
    with pytest.raises(ValueError, match="'adjacency'"):
        knowledge_quantification_index(np.array([[1, 0], [1, 0]]))
    with pytest.raises(ValueError, match="'p_new_root'"):
        price_citation_dag(10, p_new_root=1.5)
    with pytest.raises(TypeError, match="'n_papers'"):
        price_citation_dag(10.5)
    with pytest.raises(ValueError, match="'p_in'"):
        planted_partition_graph([3], 1.2, 0.0)
    with pytest.raises(ValueError, match="'sizes'"):
        planted_partition_graph([0, 3], 0.5, 0.0)
