"""Tests of GTE (infolab.models.graph_topology_encoding), the bipartite block sampler and infolab.papers.p41_gte."""

from __future__ import annotations

from math import comb

import numpy as np
import pytest

from infolab.data import bipartite_block_interactions
from infolab.models import graph_topology_encoding
from infolab.papers.p41_gte import (
    bpr_mf_scores,
    cooccurrence_by_sets,
    gte_closed_form,
    leave_one_out,
    leave_one_out_metrics,
    lightgcn_random_scores,
    popularity_scores,
)


def _a(seed=0, shape=(15, 12), p=0.25):
    return (np.random.default_rng(seed).random(shape) < p).astype(int)


@pytest.mark.parametrize("k", [1, 2, 3, 4, 5, 6, 7])
def test_gte_equals_matrix_power_of_the_bipartite_adjacency(k):
    a = _a(k)
    n_u, n_i = a.shape
    b = np.block([[np.zeros((n_u, n_u), int), a], [a.T, np.zeros((n_i, n_i), int)]])
    state = np.linalg.matrix_power(np.eye(n_u + n_i, dtype=np.int64) + b, k)[:, n_u:]   # (I + B)^k [0; I]
    np.testing.assert_array_equal(graph_topology_encoding(a, k), state[:n_u])
    np.testing.assert_array_equal(gte_closed_form(a, k), state[:n_u])


def test_gte_k3_is_cooccurrence_on_unseen_items():
    a = _a(3)
    s = graph_topology_encoding(a, 3)
    users = np.arange(a.shape[0])
    np.testing.assert_array_equal(np.where(a == 1, 0, s), np.where(a == 1, 0, cooccurrence_by_sets(a, users)))
    np.testing.assert_array_equal(s - 3 * a, a @ a.T @ a)


def test_gte_binomial_weights_on_a_single_edge():
    # one user, one item: A (AᵀA)^m = 1 for every m, so the score is Σ_m C(k, 2m+1) = 2^(k-1)
    for k in range(1, 9):
        assert graph_topology_encoding([[1]], k)[0, 0] == sum(comb(k, j) for j in range(1, k + 1, 2)) == 2 ** (k - 1)


def test_gte_bad_inputs():
    with pytest.raises(ValueError, match="'k'"):
        graph_topology_encoding([[1, 0]], 0)
    with pytest.raises(ValueError, match="'interactions'"):
        graph_topology_encoding([[0.5, 1.0]], 3)


def test_block_sampler_probabilities_and_validation():
    a, ub, ib = bipartite_block_interactions(400, 300, 4, 0.3, 0.02, seed=1)
    dense = a.toarray()
    same = ub[:, None] == ib[None, :]
    n_in, n_out = same.sum(), (~same).sum()
    assert dense[same].mean() == pytest.approx(0.3, abs=4 * np.sqrt(0.3 * 0.7 / n_in))
    assert dense[~same].mean() == pytest.approx(0.02, abs=4 * np.sqrt(0.02 * 0.98 / n_out))
    a1, _, _ = bipartite_block_interactions(50, 40, 2, 0.3, 0.02, item_tilt=1.0, seed=3)
    a2, _, _ = bipartite_block_interactions(50, 40, 2, 0.3, 0.02, item_tilt=1.0, seed=3)
    assert (a1 != a2).nnz == 0
    with pytest.raises(ValueError, match="'n_blocks'"):
        bipartite_block_interactions(3, 5, 4, 0.5, 0.1)
    with pytest.raises(ValueError, match="'p_in'"):
        bipartite_block_interactions(3, 5, 1, 1.5, 0.1)


def test_leave_one_out_and_metrics():
    a = _a(5, (30, 20), 0.3)
    train, test = leave_one_out(a, seed=0)
    for u in range(a.shape[0]):
        if a[u].sum() >= 2:
            assert a[u, test[u]] == 1 and train[[u]].toarray()[0, test[u]] == 0
            assert train[[u]].sum() == a[u].sum() - 1
        else:
            assert test[u] == -1
    # a score that puts the test item first everywhere: recall = ndcg = 1
    s = np.zeros(a.shape)
    users = np.flatnonzero(test >= 0)
    s[users, test[users]] = 1.0
    m = leave_one_out_metrics(s, train, test, k=1)
    assert m["recall"].mean() == 1.0 and m["ndcg"].mean() == 1.0
    # the test item ranked third (two unseen items above it): hit at k=3 with NDCG 1/log2(4) = 0.5, miss at k=2
    u = users[0]
    s2 = np.zeros(a.shape)
    unseen = [i for i in range(a.shape[1]) if train[[u]].toarray()[0, i] == 0 and i != test[u]]
    s2[u, unseen[:2]] = 2.0
    s2[u, test[u]] = 1.0
    one = np.full_like(test, -1)
    one[u] = test[u]
    assert leave_one_out_metrics(s2, train, one, k=3)["ndcg"][0] == pytest.approx(0.5)
    assert leave_one_out_metrics(s2, train, one, k=2)["recall"][0] == 0.0
    with pytest.raises(ValueError, match="'scores'"):
        leave_one_out_metrics(s[:, :3], train, test)
    with pytest.raises(ValueError, match="'k'"):
        leave_one_out_metrics(s, train, test, k=0)


def test_baselines_shapes_and_learning():
    a, _, _ = bipartite_block_interactions(120, 80, 4, 0.25, 0.01, seed=2)
    train, test = leave_one_out(a, seed=2)
    pop = popularity_scores(train)
    np.testing.assert_array_equal(pop[0], np.asarray(train.sum(axis=0)))
    assert lightgcn_random_scores(train, dim=8, seed=0).shape == a.shape
    trained = leave_one_out_metrics(bpr_mf_scores(train, epochs=30, seed=0), train, test, k=10)["recall"].mean()
    untrained = leave_one_out_metrics(bpr_mf_scores(train, epochs=0, seed=0), train, test, k=10)["recall"].mean()
    assert trained > untrained + 0.1             # BPR learns the community structure
    with pytest.raises(ValueError, match="'lr'"):
        bpr_mf_scores(train, lr=0.0)
    with pytest.raises(ValueError, match="'dim'"):
        lightgcn_random_scores(train, dim=0)
