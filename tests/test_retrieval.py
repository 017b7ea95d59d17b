"""Tests of measures/retrieval.py: Recall@K, MAP@R and clustering NMI of an embedding."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.cluster import KMeans
from sklearn.metrics import normalized_mutual_info_score

from infolab.measures import clustering_nmi, embedding_recall_at_k, map_at_r
from infolab.measures.retrieval import _normalised_mutual_information


def _blobs(seed, n_per=12, n_classes=4, d=5, spread=1.0):
    rng = np.random.default_rng(seed)
    centres = rng.normal(0, 3, size=(n_classes, d))
    y = np.repeat(np.arange(n_classes), n_per)
    return centres[y] + spread * rng.normal(size=(y.size, d)), y


def _brute_recall(x, y, k, dist):
    n = len(y)
    hits = 0
    for i in range(n):
        others = [j for j in range(n) if j != i]
        others.sort(key=lambda j: (dist(x[i], x[j]), j))
        hits += any(y[j] == y[i] for j in others[:k])
    return hits / n


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_recall_matches_brute_force(seed):
    x, y = _blobs(seed, spread=2.5)
    ks = (1, 2, 4, 8)
    got = embedding_recall_at_k(x, y, ks)
    for k in ks:
        assert got[k] == pytest.approx(_brute_recall(x, y, k, lambda a, b: np.linalg.norm(a - b)), abs=1e-15)
    got_cos = embedding_recall_at_k(x, y, (1, 3), metric="cosine")
    cos = lambda a, b: 1 - a @ b / np.linalg.norm(a) / np.linalg.norm(b)  # noqa: E731
    assert got_cos[3] == pytest.approx(_brute_recall(x, y, 3, cos), abs=1e-15)


def test_snr_recall_is_centred_euclidean_recall():
    x, y = _blobs(3, spread=3.0, d=8)
    xc = x - x.mean(axis=1, keepdims=True)
    assert embedding_recall_at_k(x, y, (1, 2, 4), metric="snr") == embedding_recall_at_k(xc, y, (1, 2, 4))


def test_recall_separated_and_monotone():
    x, y = _blobs(4, spread=0.01)
    assert embedding_recall_at_k(x, y, (1, 8)) == {1: 1.0, 8: 1.0}
    x, y = _blobs(5, spread=10.0)
    r = embedding_recall_at_k(x, y, (1, 2, 4, 8, 16))
    assert all(r[a] <= r[b] for a, b in [(1, 2), (2, 4), (4, 8), (8, 16)])


def test_map_at_r_hand_case_and_perfect():
    # class 0 = {0, 1, 3}, class 1 = {1.5, 1.6}. Query 0.0 (R = 2): ranked 1.0 (hit), 1.5 (miss) -> AP = 1/2.
    # Query 1.0: 1.5 (miss), 1.6 (miss) -> 0. Query 3.0: 1.6 (miss), 1.5 (miss) -> 0.
    # Query 1.5 (R = 1): 1.6 (hit) -> 1. Query 1.6: 1.5 (hit) -> 1.
    x = np.array([[0.0], [1.0], [3.0], [1.5], [1.6]])
    y = np.array([0, 0, 0, 1, 1])
    assert map_at_r(x, y) == pytest.approx((0.5 + 0 + 0 + 1 + 1) / 5, abs=1e-15)
    xs, ys = _blobs(6, spread=0.01)
    assert map_at_r(xs, ys) == 1.0


@pytest.mark.parametrize("seed", [0, 1])
def test_map_at_r_matches_brute_force(seed):
    x, y = _blobs(seed, n_per=6, spread=2.5)
    n = len(y)
    aps = []
    for i in range(n):
        r = int(np.sum(y == y[i])) - 1
        order = sorted([j for j in range(n) if j != i], key=lambda j: (np.linalg.norm(x[i] - x[j]), j))[:r]
        rel = [float(y[j] == y[i]) for j in order]
        aps.append(sum(sum(rel[:t + 1]) / (t + 1) * rel[t] for t in range(r)) / r)
    assert map_at_r(x, y) == pytest.approx(np.mean(aps), abs=1e-14)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 4), min_size=2, max_size=40), st.integers(0, 10_000))
def test_nmi_matches_sklearn(a, seed):
    a = np.array(a)
    b = np.random.default_rng(seed).integers(0, 3, size=a.size)
    ours = _normalised_mutual_information(a, b)
    assert ours == pytest.approx(normalized_mutual_info_score(b, a), abs=1e-12)


@pytest.mark.parametrize("seed", [0, 1])
def test_clustering_nmi_equals_sklearn_pipeline(seed):
    x, y = _blobs(seed, spread=2.0)
    rng = np.random.default_rng(seed)
    state = int(rng.integers(0, 2**31 - 1))
    clusters = KMeans(n_clusters=4, n_init=10, random_state=state).fit_predict(x)
    assert clustering_nmi(x, y, seed=seed) == pytest.approx(normalized_mutual_info_score(y, clusters), abs=1e-12)
    assert clustering_nmi(x, y, seed=seed) == clustering_nmi(x, y, seed=seed)


def test_inputs_are_not_mutated():
    x, y = _blobs(0)
    x0, y0 = x.copy(), y.copy()
    embedding_recall_at_k(x, y)
    map_at_r(x, y, metric="snr")
    clustering_nmi(x, y)
    assert np.array_equal(x, x0) and np.array_equal(y, y0)


def test_bad_inputs_name_the_argument():
    x, y = _blobs(0)
    with pytest.raises(ValueError, match="'ks'"):
        embedding_recall_at_k(x, y, (0,))
    with pytest.raises(ValueError, match="'ks'"):
        embedding_recall_at_k(x, y, (len(y),))
    with pytest.raises(TypeError, match="'ks'"):
        embedding_recall_at_k(x, y, "1")
    with pytest.raises(ValueError, match="'metric'"):
        embedding_recall_at_k(x, y, metric="manhattan")
    with pytest.raises(ValueError, match="'labels'"):
        embedding_recall_at_k(x, y[:-1])
    with pytest.raises(ValueError, match="'labels'"):
        map_at_r(x[:3], [0, 0, 1])  # class 1 has no partner
    bad = x.copy()
    bad[0, 0] = np.nan
    with pytest.raises(ValueError, match="'embeddings'"):
        embedding_recall_at_k(bad, y)
    with pytest.raises(ValueError, match="'embeddings'"):
        embedding_recall_at_k(np.zeros_like(x), y, metric="cosine")
    with pytest.raises(ValueError, match="'n_clusters'"):
        clustering_nmi(x, y, n_clusters=0)
    with pytest.raises(ValueError, match="'embeddings'"):
        clustering_nmi(np.zeros((6, 2)), [0, 0, 1, 1, 2, 2])
    with pytest.raises(TypeError, match="'seed'"):
        clustering_nmi(x, y, seed="a")
