"""Tests of infolab.measures.sequences (token-stream entropy, cosine, Jensen–Shannon divergence)."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.spatial.distance import jensenshannon
from scipy.stats import entropy as scipy_entropy

from infolab.measures import (
    ngram_counts,
    token_cosine_similarity,
    token_entropy,
    token_jensen_shannon_divergence,
)

streams = st.lists(st.sampled_from(["mov", "add", "sub", "jmp", "nop", "xor"]), min_size=2, max_size=40)


@settings(max_examples=50, deadline=None)
@given(a=streams, b=streams, n=st.integers(1, 2))
def test_against_scipy_peers(a, b, n):
    ca, cb = ngram_counts(a, n), ngram_counts(b, n)
    keys = sorted(set(ca) | set(cb))
    p = np.array([ca[k] for k in keys], float)
    q = np.array([cb[k] for k in keys], float)
    assert token_entropy(a, n=n) == pytest.approx(scipy_entropy(p[p > 0]), abs=1e-12)
    assert token_jensen_shannon_divergence(a, b, n=n) == pytest.approx(jensenshannon(p, q) ** 2, abs=1e-12)
    assert token_jensen_shannon_divergence(a, b, n=n, base=2) == pytest.approx(
        jensenshannon(p, q, base=2) ** 2, abs=1e-12)
    cos = p @ q / np.linalg.norm(p) / np.linalg.norm(q)
    assert token_cosine_similarity(a, b, n=n) == pytest.approx(cos, abs=1e-12)


@settings(max_examples=30, deadline=None)
@given(a=streams)
def test_entropy_is_invariant_under_renaming_and_jsd_bounds(a):
    renamed = [t.upper() for t in a]
    assert token_entropy(renamed) == pytest.approx(token_entropy(a), abs=1e-15)
    assert 0 <= token_jensen_shannon_divergence(a, renamed) <= math.log(2) + 1e-12
    assert token_jensen_shannon_divergence(a, renamed, base=2) == pytest.approx(1.0)
    assert token_jensen_shannon_divergence(a, a) == 0.0


def test_known_values():
    assert token_entropy(["a", "b", "c", "d"], base=2) == pytest.approx(2.0)
    assert token_entropy(["a", "a", "a"]) == 0.0
    assert token_entropy(["a", "b", "a", "b"], n=2, base=2) == pytest.approx(math.log2(3) - 2 / 3)  # ab, ba, ab
    assert token_cosine_similarity(["a", "a", "b"], ["a", "b", "b"]) == pytest.approx(0.8)


@pytest.mark.parametrize("call, name", [
    (lambda: token_entropy("mov add"), "tokens"),
    (lambda: token_entropy(["a"], n=2), "tokens"),
    (lambda: token_entropy(["a", "b"], n=0), "n"),
    (lambda: token_entropy(["a", "b"], base=1), "base"),
    (lambda: token_entropy([["a"], ["b"]]), "tokens"),
    (lambda: token_cosine_similarity([], ["a"]), "a"),
    (lambda: token_jensen_shannon_divergence(["a"], None), "b"),
    (lambda: ngram_counts(5), "tokens"),
])
def test_bad_inputs_name_the_argument(call, name):
    with pytest.raises((ValueError, TypeError), match=f"'{name}'"):
        call()
