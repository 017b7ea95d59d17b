"""Tests of infolab.papers.p03_reconstruction: F_2 words and ranks, the sorting bounds, merge insertion, the stress trial."""

from __future__ import annotations

import math
from itertools import permutations

import numpy as np
import pytest

from infolab.papers.p03_reconstruction import (
    ceil_log2_factorial,
    ford_johnson_comparisons,
    gf2_rank,
    gf2_words,
    linear_form_views,
    merge_insertion_sort,
    stress_trial,
)


def test_gf2_words_are_every_word_once():
    w = gf2_words(3)
    assert w.shape == (8, 3)
    assert len({tuple(r) for r in w}) == 8


@pytest.mark.parametrize("rows,rank", [
    ([[1, 0, 0], [0, 1, 0], [0, 0, 1]], 3),
    ([[1, 1, 0], [0, 1, 1], [1, 0, 1]], 2),  # the third row is the sum of the first two over F_2
    ([[0, 0, 0]], 0),
    ([[1, 1], [1, 1]], 1),
])
def test_gf2_rank_known_values(rows, rank):
    assert gf2_rank(np.array(rows)) == rank


def test_linear_form_views_are_inner_products_mod_2():
    words = gf2_words(3)
    (v,) = linear_form_views(words, np.array([[1, 1, 1]]))
    np.testing.assert_array_equal(v, words.sum(axis=1) % 2)


def test_sorting_bound_and_ford_johnson_known_values():
    # ⌈log2 n!⌉ and F(n) for n = 1..12 (Knuth, TAOCP vol. 3, §5.3.1): equal up to n = 11, 29 vs 30 at n = 12.
    assert [ceil_log2_factorial(n) for n in range(1, 13)] == [0, 1, 3, 5, 7, 10, 13, 16, 19, 22, 26, 29]
    assert [ford_johnson_comparisons(n) for n in range(1, 13)] == [0, 1, 3, 5, 7, 10, 13, 16, 19, 22, 26, 30]
    for n in range(1, 20):
        assert ceil_log2_factorial(n) == math.ceil(math.log2(math.factorial(n)) - 1e-12)


def test_merge_insertion_sorts_and_counts_as_ford_johnson():
    for n in range(1, 7):
        worst = 0
        for perm in permutations(range(n)):
            count = [0]

            def less(a, b, count=count):
                count[0] += 1
                return a < b

            assert merge_insertion_sort(perm, less) == sorted(perm)
            worst = max(worst, count[0])
        assert worst == ford_johnson_comparisons(n)


def test_merge_insertion_keeps_equal_values():
    # Equal small integers are one object in CPython: an identity-based pairing once lost one and doubled another.
    items = [3, 1, 3, 2, 1]
    assert merge_insertion_sort(items, lambda a, b: a < b) == sorted(items)
    rng = np.random.default_rng(0)
    for n in range(2, 30):
        xs = rng.integers(0, 4, size=n).tolist()
        assert merge_insertion_sort(xs, lambda a, b: a < b) == sorted(xs)


def test_stress_trial_is_deterministic_and_consistent():
    a = stress_trial(np.random.default_rng(4), 16, 4, 0.5)
    b = stress_trial(np.random.default_rng(4), 16, 4, 0.5)
    assert a == b
    assert 2 <= a.alphabet <= 16 and 2 <= a.n_components <= 4
    if a.injective:
        assert a.sum_component_entropies >= a.entropy_x - 1e-12
    assert a.rajski_identity_error <= 1e-12
    assert a.triangle_violation_shannon <= 1e-12 and a.triangle_violation_rajski <= 1e-12
    assert not a.zero_distance_mismatch
