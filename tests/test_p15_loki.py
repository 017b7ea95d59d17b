"""Tests of infolab.papers.p15_loki: random trees, MDS, label sampling, the uniform-hull expectation, selection."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from infolab.measures import geodesic_hull
from infolab.papers.p15_loki import (
    active_selection,
    classical_mds,
    expected_uniform_hull_size,
    gaussian_posterior,
    label_sampling,
    paired_bootstrap_interval,
    random_labeled_tree,
    random_selection,
    tree_distances,
)


def test_random_tree_is_a_tree_and_uniform_on_four_nodes():
    counts = {}
    for s in range(3200):
        e = random_labeled_tree(4, seed=s)
        d = tree_distances(e, 4)                       # raises if disconnected
        assert np.isfinite(d).all()
        key = tuple(sorted(tuple(sorted(r)) for r in e.tolist()))
        counts[key] = counts.get(key, 0) + 1
    assert len(counts) == 16                           # Cayley: 4^(4-2) labelled trees
    assert max(counts.values()) - min(counts.values()) < 120   # each about 200 ± 14


def test_expected_hull_size_equals_enumeration():
    e = random_labeled_tree(9, seed=3)
    d = tree_distances(e, 9)
    for m in (1, 2, 4):
        sizes = [geodesic_hull(d, list(c)).sum() for c in itertools.combinations(range(9), m)]
        assert expected_uniform_hull_size(e, 9, m) == pytest.approx(np.mean(sizes), abs=1e-12)


def test_mds_reproduces_euclidean_distances():
    x = np.random.default_rng(0).normal(size=(7, 3))
    d = np.linalg.norm(x[:, None] - x[None], axis=2)
    y = classical_mds(d, 3)
    assert np.allclose(np.linalg.norm(y[:, None] - y[None], axis=2), d, atol=1e-9)


def test_posterior_rows_sum_to_one_and_peak_at_the_nearest_centre():
    c = np.array([[0.0, 0.0], [3.0, 0.0], [0.0, 3.0]])
    p = gaussian_posterior(c + 0.1, c, 1.0)
    assert np.allclose(p.sum(1), 1.0) and np.array_equal(p.argmax(1), [0, 1, 2])


def test_label_sampling_concentrates_at_the_median():
    d = np.abs(np.subtract.outer(np.arange(21), np.arange(21))).astype(float)
    obs = label_sampling(d, 3, 20.0, seed=0)
    assert sorted(obs.tolist()) == [9, 10, 11] and np.unique(label_sampling(d, 21, 0.0, seed=1)).size == 21


def test_active_selection_covers_with_the_leaves_only():
    e = random_labeled_tree(15, seed=2)
    d = tree_distances(e, 15)
    sel, sizes = active_selection(d, [0])
    leaves = np.flatnonzero(np.bincount(e.ravel(), minlength=15) == 1)
    assert set(sel[1:].tolist()) <= set(leaves.tolist()) and sizes[-1] == 15
    assert np.all(np.diff(sizes) > 0)
    _, rs = random_selection(d, [0], seed=0)
    assert rs[-1] == 15 and np.all(np.diff(rs) >= 0)


def test_bootstrap_interval_contains_the_mean_difference():
    a = np.random.default_rng(0).normal(1.0, 1.0, 400)
    lo, hi = paired_bootstrap_interval(a, np.zeros(400), seed=0)
    assert lo < a.mean() < hi and lo > 0.7


@pytest.mark.parametrize("call, match", [
    (lambda: random_labeled_tree(1), "'n'"),
    (lambda: tree_distances([[0, 1]], 3), "'edges'"),
    (lambda: tree_distances([[0, 1], [0, 1]], 3), "'edges'"),
    (lambda: classical_mds([[0, 1], [1, 0]], 3), "'dim'"),
    (lambda: gaussian_posterior([[0.0]], [[1.0]], 0.0), "'sd'"),
    (lambda: label_sampling(np.zeros((3, 3)), 4, 1.0), "'m'"),
    (lambda: label_sampling(np.zeros((3, 3)), 2, -1.0), "'theta'"),
    (lambda: expected_uniform_hull_size([[0, 1], [1, 2]], 3, 4), "'m'"),
    (lambda: active_selection(np.zeros((3, 3)), [5]), "'initial'"),
    (lambda: random_selection(np.zeros((3, 3)), [0, 0]), "'initial'"),
    (lambda: paired_bootstrap_interval([1.0], [1.0]), "'a' and 'b'"),
])
def test_bad_input_names_the_argument(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()
