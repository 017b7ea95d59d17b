"""Tests of infolab.measures.closeness: bipartite distances, shortest-path counts, closeness concordance."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from infolab.measures import bipartite_path_profile, topological_closeness_concordance


def _random_interactions(seed, n_users=12, n_items=10, p=0.2):
    return (np.random.default_rng(seed).random((n_users, n_items)) < p).astype(int)


def _networkx_profile(a):
    n_u, n_i = a.shape
    g = nx.Graph()
    g.add_nodes_from(range(n_u + n_i))
    r, c = np.nonzero(a)
    g.add_edges_from(zip(r.tolist(), (n_u + c).tolist(), strict=True))
    d = np.full(a.shape, np.inf)
    cnt = np.zeros(a.shape, dtype=np.int64)
    for u in range(n_u):
        for i in range(n_i):
            if nx.has_path(g, u, n_u + i):
                paths = list(nx.all_shortest_paths(g, u, n_u + i))
                d[u, i] = len(paths[0]) - 1
                cnt[u, i] = len(paths)
    return d, cnt


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_profile_matches_networkx_shortest_paths(seed):
    a = _random_interactions(seed)
    d, c = bipartite_path_profile(a, max_length=21)      # longer than any path in the graph
    d_nx, c_nx = _networkx_profile(a)
    np.testing.assert_array_equal(d, d_nx)
    np.testing.assert_array_equal(c, c_nx)


def test_profile_horizon_and_sparse_input_and_no_mutation():
    a = _random_interactions(4)
    before = a.copy()
    d3, c3 = bipartite_path_profile(sp.csr_matrix(a), max_length=3)
    d, c = bipartite_path_profile(a, max_length=21)
    np.testing.assert_array_equal(d3, np.where(d <= 3, d, np.inf))
    np.testing.assert_array_equal(c3, np.where(d <= 3, c, 0))
    np.testing.assert_array_equal(a, before)
    # a path graph u0 - i0 - u1 - i1 - u2 - i2: distance 5 from u0 to i2, one path
    path = np.array([[1, 0, 0], [1, 1, 0], [0, 1, 1]])
    dp, cp = bipartite_path_profile(path, max_length=5)
    assert dp[0, 2] == 5 and cp[0, 2] == 1


def test_concordance_known_values():
    # closeness order: item0 (d3, 2 paths) > item1 (d3, 1 path) > item2 (d5) ; item3 unreachable
    d = [3, 3, 5, np.inf]
    c = [2, 1, 7, 0]
    assert topological_closeness_concordance([4.0, 3.0, 2.0, 1.0], d, c) == 1.0
    assert topological_closeness_concordance([1.0, 2.0, 3.0, 4.0], d, c) == 0.0
    assert topological_closeness_concordance([1.0, 1.0, 1.0, 1.0], d, c) == 0.5
    # 5 ordered pairs: (0,1) (0,2) (0,3) (1,2) (1,3) (2,3); swap items 0 and 1 only -> 5/6
    assert topological_closeness_concordance([3.0, 4.0, 2.0, 1.0], d, c) == pytest.approx(5 / 6)
    assert np.isnan(topological_closeness_concordance([1.0, 2.0], [np.inf, np.inf], [0, 0]))


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000))
def test_concordance_of_reversed_scores_is_one_minus(seed):
    rng = np.random.default_rng(seed)
    d = rng.choice([1.0, 3.0, 5.0, np.inf], size=15)
    c = rng.integers(1, 4, size=15)
    s = rng.normal(size=15)                       # no ties almost surely
    v = topological_closeness_concordance(s, d, c)
    w = topological_closeness_concordance(-s, d, c)
    if not np.isnan(v):
        assert v + w == pytest.approx(1.0)
        assert 0.0 <= v <= 1.0


def test_bad_inputs():
    with pytest.raises(ValueError, match="'interactions'"):
        bipartite_path_profile([[0, 2], [1, 0]])
    with pytest.raises(ValueError, match="'interactions'"):
        bipartite_path_profile([1, 0, 1])
    with pytest.raises(TypeError, match="'interactions'"):
        bipartite_path_profile(np.array([["a", "b"]]))
    with pytest.raises(ValueError, match="'max_length'"):
        bipartite_path_profile([[1, 0]], max_length=0)
    with pytest.raises(ValueError, match="'scores'"):
        topological_closeness_concordance([1.0, 2.0], [1, 3, 5], [1, 1, 1])
    with pytest.raises(ValueError, match="'scores'"):
        topological_closeness_concordance([[1.0, 2.0]], [1, 3], [1, 1])
    with pytest.raises(ValueError, match="finite"):
        topological_closeness_concordance([np.nan, 2.0], [1, 3], [1, 1])
