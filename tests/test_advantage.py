"""Tests of infolab.models.advantage (GRPO, Dr.GRPO, CANON)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infolab.models import canon_advantage, dr_grpo_advantage, grpo_advantage, metric_halves


def _canon_reference(r, m, mu, alpha, beta, variant, max_length):
    """A readable per-response loop written from the reference code's branches."""
    out = np.empty_like(r, dtype=float)
    for g in range(r.shape[0]):
        order = sorted(range(r.shape[1]), key=lambda i: m[g, i])   # Python's sort is stable
        mid = r.shape[1] // 2
        low, high = order[:mid], order[mid:]
        rl, rh = np.mean(r[g, low]), np.mean(r[g, high])
        for i in range(r.shape[1]):
            ri = r[g, i]
            if i in high:
                inter = (ri - alpha * rl + beta) if variant == "entropy" else (alpha * ri - rl + beta)
                out[g, i] = (mu * inter + (1 - mu) * (ri - rh)) / max_length
            else:
                inter = (alpha * ri - rh - beta) if variant == "entropy" else (ri - alpha * rh - beta)
                out[g, i] = (mu * inter + (1 - mu) * (ri - rl)) / max_length
    return out


groups = st.integers(1, 4).flatmap(lambda n: st.integers(2, 9).flatmap(lambda g: st.tuples(
    st.just(n), st.just(g), st.integers(0, 2**31 - 1))))


def _draw(n, g, seed, binary=True):
    rng = np.random.default_rng(seed)
    r = rng.integers(0, 2, size=(n, g)).astype(float) if binary else rng.normal(size=(n, g))
    m = rng.integers(0, 4, size=(n, g)).astype(float)   # ties are frequent: the stable order matters
    return r, m


@settings(max_examples=60, deadline=None)
@given(shape=groups, mu=st.floats(0, 1), alpha=st.floats(-2, 2), beta=st.floats(-1, 1),
       variant=st.sampled_from(["entropy", "length"]), binary=st.booleans())
def test_canon_matches_a_readable_loop(shape, mu, alpha, beta, variant, binary):
    r, m = _draw(*shape, binary=binary)
    got = canon_advantage(r, m, mu=mu, alpha=alpha, beta=beta, variant=variant, max_length=3.0)
    np.testing.assert_allclose(got, _canon_reference(r, m, mu, alpha, beta, variant, 3.0), atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(shape=groups, variant=st.sampled_from(["entropy", "length"]))
def test_half_weight_canon_is_dr_grpo_for_even_groups(shape, variant):
    n, g, seed = shape
    g = 2 * max(1, g // 2)
    r, m = _draw(n, g, seed, binary=False)
    np.testing.assert_allclose(canon_advantage(r, m, mu=0.5, variant=variant), dr_grpo_advantage(r), atol=1e-12)


def test_half_weight_canon_differs_from_dr_grpo_for_odd_groups():
    r = np.array([[1.0, 0.0, 1.0]])
    m = np.array([[0.0, 1.0, 2.0]])   # C- = {0}, C+ = {1, 2}
    diff = canon_advantage(r, m, mu=0.5) - dr_grpo_advantage(r)
    # mu = 1/2 uses the baseline (r̄+ + r̄-)/2 = 3/4 instead of the group mean 2/3
    np.testing.assert_allclose(diff, -1 / 12, atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(shape=groups)
def test_zero_sum_and_inter_signal_doubling(shape):
    n, g, seed = shape
    r, m = _draw(n, g, seed, binary=False)
    np.testing.assert_allclose(grpo_advantage(r).sum(axis=1), 0.0, atol=1e-9)
    np.testing.assert_allclose(dr_grpo_advantage(r).sum(axis=1), 0.0, atol=1e-12)
    high = metric_halves(m)
    n_high = high.sum(axis=1)
    rh = np.array([r[i, high[i]].mean() for i in range(n)])
    rl = np.array([r[i, ~high[i]].mean() for i in range(n)])
    inter = canon_advantage(r, m, mu=1.0)
    np.testing.assert_allclose(inter.sum(axis=1), (2 * n_high - g) * (rh - rl), atol=1e-12)
    np.testing.assert_allclose(np.where(high, inter, 0).sum(axis=1), n_high * (rh - rl), atol=1e-12)
    intra = canon_advantage(r, m, mu=0.0)
    np.testing.assert_allclose(np.where(high, intra, 0).sum(axis=1), 0.0, atol=1e-12)
    if g % 2 == 0:
        dr = dr_grpo_advantage(r)
        np.testing.assert_allclose(np.where(high, inter, 0).sum(axis=1),
                                   2 * np.where(high, dr, 0).sum(axis=1), atol=1e-12)


def test_known_values_and_grpo_relations():
    r = np.array([[1.0, 0.0, 0.0, 1.0]])
    np.testing.assert_allclose(dr_grpo_advantage(r, max_length=2.0), [[0.25, -0.25, -0.25, 0.25]])
    a = grpo_advantage(r, eps=1e-12)
    np.testing.assert_allclose(a, [[1, -1, -1, 1]] / np.std([1, 0, 0, 1], ddof=1) * 0.5, rtol=1e-9)
    np.testing.assert_allclose(grpo_advantage(3 * r + 7, eps=1e-12), a, rtol=1e-9)
    np.testing.assert_array_equal(grpo_advantage(np.ones((2, 5))), 0.0)
    assert metric_halves([2.0, 2.0, 2.0]).tolist() == [[False, True, True]]


def test_inputs_are_not_mutated_and_one_group_is_1d():
    r, m = np.array([1.0, 0.0, 1.0, 0.0]), np.array([3.0, 2.0, 1.0, 0.0])
    r0, m0 = r.copy(), m.copy()
    out = canon_advantage(r, m, mu=0.3)
    assert out.shape == (1, 4)
    np.testing.assert_array_equal(r, r0)
    np.testing.assert_array_equal(m, m0)


@pytest.mark.parametrize("call, name", [
    (lambda: grpo_advantage([1.0]), "rewards"),
    (lambda: grpo_advantage([[1.0, np.nan]]), "rewards"),
    (lambda: grpo_advantage([1.0, 0.0], eps=0.0), "eps"),
    (lambda: dr_grpo_advantage("abc"), "rewards"),
    (lambda: dr_grpo_advantage([1.0, 0.0], max_length=-1), "max_length"),
    (lambda: canon_advantage([1.0, 0.0], [1.0, 0.0, 2.0]), "metric"),
    (lambda: canon_advantage([1.0, 0.0], [1.0, 0.0], mu=1.5), "mu"),
    (lambda: canon_advantage([1.0, 0.0], [1.0, 0.0], alpha=np.inf), "alpha"),
    (lambda: canon_advantage([1.0, 0.0], [1.0, 0.0], variant="loss"), "variant"),
    (lambda: canon_advantage([1.0, 0.0], [1.0, 0.0], beta="x"), "beta"),
    (lambda: metric_halves([[1.0 + 1j, 2.0]]), "metric"),
    (lambda: metric_halves(np.zeros((2, 2, 2))), "metric"),
])
def test_bad_inputs_name_the_argument(call, name):
    with pytest.raises((ValueError, TypeError), match=f"'{name}'"):
        call()
