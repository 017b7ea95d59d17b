"""Tests of infolab.measures.alignment (CTC information alignment)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infolab.measures import (
    aggregate_alignment,
    alignment_preservation,
    embedding_alignment,
    ppmi_word_embeddings,
)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**31 - 1))
def test_one_hot_alignment_is_exact_match(seed):
    rng = np.random.default_rng(seed)
    eye = np.eye(20)
    y, x = rng.integers(0, 20, rng.integers(1, 15)), rng.integers(0, 20, rng.integers(1, 15))
    al = embedding_alignment(eye[y], eye[x])
    np.testing.assert_array_equal(al, np.isin(y, x).astype(float))
    assert aggregate_alignment(al) == pytest.approx(np.mean([w in set(x.tolist()) for w in y]), abs=1e-15)


def test_alignment_matches_a_bertscore_style_loop_and_is_scale_invariant():
    rng = np.random.default_rng(1)
    a, b = rng.normal(size=(5, 4)), rng.normal(size=(7, 4))
    loop = [max(float(ai @ bj / np.linalg.norm(ai) / np.linalg.norm(bj)) for bj in b) for ai in a]
    np.testing.assert_allclose(embedding_alignment(a, b), loop, atol=1e-12)
    np.testing.assert_allclose(embedding_alignment(3 * a, 0.5 * b), loop, atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(a=st.floats(0, 1), b=st.floats(0, 1))
def test_preservation_is_a_symmetric_harmonic_mean(a, b):
    if a + b == 0:
        return
    p = alignment_preservation(a, b)
    assert p == pytest.approx(alignment_preservation(b, a))
    assert min(a, b) - 1e-12 <= p <= max(a, b) + 1e-12
    assert alignment_preservation(1.0, 1.0) == 1.0


def test_aggregations_and_keep_mask():
    al = np.array([1.0, 0.5, 0.0, 1.0])
    assert aggregate_alignment(al, aggregate="sum") == 2.5
    assert aggregate_alignment(al, keep=np.array([True, True, False, False])) == 0.75


def test_ppmi_embeddings_separate_topics():
    rng = np.random.default_rng(2)
    docs = [rng.integers(0, 10, 30) if i % 2 else rng.integers(10, 20, 30) for i in range(40)]
    e = ppmi_word_embeddings(docs, 20, dim=4, seed=0)
    e = e / np.linalg.norm(e, axis=1, keepdims=True)
    within, across = e[:10] @ e[:10].T, e[:10] @ e[10:].T
    assert within.mean() > 0.5 and np.abs(across).mean() < 0.05
    np.testing.assert_array_equal(ppmi_word_embeddings(docs, 20, dim=4, seed=0),
                                  ppmi_word_embeddings(docs, 20, dim=4, seed=0))


@pytest.mark.parametrize("call, name", [
    (lambda: embedding_alignment(np.ones((2, 3)), np.ones((2, 4))), "target"),
    (lambda: embedding_alignment(np.zeros((2, 3)), np.ones((2, 3))), "source"),
    (lambda: embedding_alignment(np.full((2, 3), np.nan), np.ones((2, 3))), "source"),
    (lambda: aggregate_alignment(np.ones((2, 2))), "alignment"),
    (lambda: aggregate_alignment(np.ones(3), aggregate="max"), "aggregate"),
    (lambda: aggregate_alignment(np.ones(3), keep=np.zeros(3, bool)), "keep"),
    (lambda: alignment_preservation(1.5, 0.5), "forward"),
    (lambda: alignment_preservation(0.0, 0.0), "forward"),
    (lambda: ppmi_word_embeddings([np.array([0, 1])], 4, dim=1), "documents"),
    (lambda: ppmi_word_embeddings([np.array([0, 9]), np.array([1])], 4, dim=1), "documents"),
    (lambda: ppmi_word_embeddings([np.array([0, 1]), np.array([1, 2])], 4, dim=3), "dim"),
])
def test_bad_inputs_name_the_argument(call, name):
    with pytest.raises((ValueError, TypeError), match=f"'{name}'"):
        call()
