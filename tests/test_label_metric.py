"""Tests of infolab.measures.label_metric: Fréchet-mean prediction, its locus, the metric-aware loss."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.sparse import csgraph, csr_matrix

from infolab.measures import (
    expected_squared_distance,
    frechet_locus,
    frechet_mean_prediction,
    frechet_objective,
    geodesic_hull,
)


def random_tree_distances(n, seed):
    """Path metric of a random recursive tree (node i attached to a uniform earlier node)."""
    rng = np.random.default_rng(seed)
    parents = [int(rng.integers(0, i)) for i in range(1, n)]
    adj = csr_matrix((np.ones(n - 1), (np.arange(1, n), parents)), shape=(n, n))
    return csgraph.shortest_path(adj, directed=False, unweighted=True)


def test_argmax_is_the_frechet_mean_of_the_discrete_metric():
    rng = np.random.default_rng(0)
    p = rng.dirichlet(np.ones(6), size=50)
    d01 = 1.0 - np.eye(6)
    assert np.array_equal(frechet_mean_prediction(p, d01), np.argmax(p, axis=1))


def test_frechet_mean_on_a_line_is_the_nearest_point_to_the_mean():
    grid = np.linspace(0, 1, 101)
    lam = np.array([0.1, 0.5, 0.9])
    d = np.abs(lam[:, None] - grid[None, :])
    rng = np.random.default_rng(1)
    p = rng.dirichlet(np.ones(3), size=40)
    pred = grid[frechet_mean_prediction(p, d)]
    assert np.all(np.abs(pred - p @ lam) <= 0.005 + 1e-12)


def test_bayes_rule_the_frechet_mean_minimises_expected_squared_distance():
    d = random_tree_distances(30, 3)
    rng = np.random.default_rng(4)
    post = rng.dirichlet(0.3 * np.ones(30), size=200)      # true posteriors over the whole label space
    risk = frechet_objective(post, d)                        # risk[x, y] = E[d²(y, Y) | x]
    loki = frechet_mean_prediction(post, d)
    argmax = np.argmax(post, axis=1)
    rows = np.arange(200)
    assert np.all(risk[rows, loki] <= risk.min(axis=1) + 1e-12)
    assert np.all(risk[rows, loki] <= risk[rows, argmax] + 1e-12)
    # and the sampled loss agrees with the risk on average
    y = np.array([rng.choice(30, p=p) for p in post for _ in range(50)])
    loss = expected_squared_distance(np.repeat(loki, 50), y, d)
    assert loss == pytest.approx(risk[rows, loki].mean(), rel=0.1)


@pytest.mark.parametrize("seed", range(4))
def test_locus_of_a_tree_is_the_union_of_paths_between_observed_nodes(seed):
    d = random_tree_distances(25, seed)
    obs = np.random.default_rng(seed).choice(25, size=5, replace=False)
    assert np.array_equal(frechet_locus(d[obs]), geodesic_hull(d, obs))


def test_locus_contains_every_sampled_frechet_mean():
    d = random_tree_distances(40, 7)
    obs = np.random.default_rng(7).choice(40, size=6, replace=False)
    p = np.random.default_rng(8).dirichlet(0.3 * np.ones(6), size=5000)
    hits = np.unique(frechet_mean_prediction(p, d[obs]))
    assert np.all(frechet_locus(d[obs])[hits])


def test_locus_of_a_star_without_its_centre_leaves_out_nothing_between():
    d = np.array([[0, 1, 1, 1], [1, 0, 2, 2], [1, 2, 0, 2], [1, 2, 2, 0]], float)  # centre 0
    assert frechet_locus(d[[1, 2]]).tolist() == [True, True, True, False]
    assert geodesic_hull(d, [1, 2]).tolist() == [True, True, True, False]


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000), st.integers(2, 6))
def test_prediction_is_invariant_to_scaling_the_metric(seed, k):
    rng = np.random.default_rng(seed)
    d = random_tree_distances(12, seed)
    obs = rng.choice(12, size=k, replace=False)
    p = rng.dirichlet(np.ones(k), size=10)
    assert np.array_equal(frechet_mean_prediction(p, d[obs]), frechet_mean_prediction(p, 3.5 * d[obs]))


def test_expected_squared_distance_known_value_and_per_sample():
    d = np.abs(np.subtract.outer(np.arange(4), np.arange(4))).astype(float)
    assert expected_squared_distance([0, 3], [3, 3], d) == 4.5
    assert expected_squared_distance([0, 3], [3, 3], d, per_sample=True).tolist() == [9.0, 0.0]


def test_single_probability_vector_returns_scalars():
    d = [[0, 1, 2], [2, 1, 0]]
    assert isinstance(frechet_mean_prediction([0.9, 0.1], d), int)
    assert frechet_objective([0.9, 0.1], d).shape == (3,)


@pytest.mark.parametrize("call, match", [
    (lambda: frechet_objective([0.5, 0.4], [[0, 1], [1, 0]]), "'probs'"),
    (lambda: frechet_objective([0.5, 0.5, 0.0], [[0, 1], [1, 0]]), "'probs'"),
    (lambda: frechet_objective([[0.5, 0.5]], [[0, -1], [1, 0]]), "'distances'"),
    (lambda: frechet_mean_prediction([np.nan, 1.0], [[0, 1], [1, 0]]), "'probs'"),
    (lambda: frechet_mean_prediction([0.5, 0.5], [[0, np.inf], [1, 0]]), "'distances'"),
    (lambda: frechet_mean_prediction([0.5, 0.5], "far"), "'distances'"),
    (lambda: frechet_locus([[0, 1], [1, 0]], tol=-1.0), "'tol'"),
    (lambda: frechet_locus(np.zeros((0, 3))), "'distances'"),
    (lambda: geodesic_hull([[0, 1], [2, 0]], [0]), "'distances'"),
    (lambda: geodesic_hull([[0, 1], [1, 0]], [0, 0]), "'observed'"),
    (lambda: geodesic_hull([[0, 1], [1, 0]], [2]), "'observed'"),
    (lambda: expected_squared_distance([0, 1], [1], [[0, 1], [1, 0]]), "'predictions' and 'labels'"),
    (lambda: expected_squared_distance([0.0], [1], [[0, 1], [1, 0]]), "'predictions'"),
    (lambda: expected_squared_distance([0], [5], [[0, 1], [1, 0]]), "'labels'"),
    (lambda: expected_squared_distance([0], [1], [[0, 1], [1, 0]], per_sample=1), "'per_sample'"),
])
def test_bad_input_names_the_argument(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()


def test_inputs_are_not_mutated():
    p = np.array([[0.2, 0.8]])
    d = np.array([[0.0, 1.0, 2.0], [2.0, 1.0, 0.0]])
    frechet_mean_prediction(p, d)
    frechet_locus(d)
    assert p.tolist() == [[0.2, 0.8]] and d.tolist() == [[0.0, 1.0, 2.0], [2.0, 1.0, 0.0]]
