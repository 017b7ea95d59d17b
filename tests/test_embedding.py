"""Tests of measures/embedding.py: SNR distance identities and the ICNN score against its definition."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.spatial.distance import correlation
from sklearn.neighbors import NearestNeighbors

from infolab.measures import class_distance_ratio, icnn_score, snr_distance, snr_distance_matrix


def test_snr_matrix_equals_direct_formula():
    rng = np.random.default_rng(0)
    a, x = rng.normal(size=(30, 128)), rng.normal(size=(20, 128)) * 2 + 1
    m = snr_distance_matrix(a, x)
    direct = np.array([[np.var(xj - ai) / np.var(ai) for xj in x] for ai in a])
    np.testing.assert_allclose(m, direct, rtol=1e-10)
    np.testing.assert_allclose(snr_distance(a[:5], x[:5]), np.diag(direct[:5, :5]), rtol=1e-12)


def test_snr_equals_twice_correlation_distance_at_equal_spread_and_closed_form():
    rng = np.random.default_rng(1)
    for _ in range(50):
        a, x = rng.normal(size=64), rng.normal(size=64) + 0.7 * rng.normal(size=64)
        x = (x - x.mean()) / x.std() * a.std() + 3.0  # same spread, any offset
        assert snr_distance(a, x) == pytest.approx(2 * correlation(a, x), rel=1e-10)
        b = rng.normal(size=64) * 3
        rho = np.corrcoef(a, b)[0, 1]
        s = b.std() / a.std()
        assert snr_distance(a, b) == pytest.approx((s - rho) ** 2 + 1 - rho**2, rel=1e-10)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.floats(0.1, 10.0), st.floats(-5, 5), st.floats(-5, 5))
def test_snr_scale_and_shift_invariance(seed, c, s1, s2):
    rng = np.random.default_rng(seed)
    a, x = rng.normal(size=16), rng.normal(size=16)
    base = snr_distance(a, x)
    assert snr_distance(c * a + s1, c * x + s2) == pytest.approx(base, rel=1e-9)
    assert snr_distance(a, x) >= 0


def test_snr_is_asymmetric_and_noise_model():
    a = np.array([1.0, -1.0, 2.0, -2.0])
    assert snr_distance(a, 3 * a) != pytest.approx(snr_distance(3 * a, a))
    rng = np.random.default_rng(2)
    sig = rng.normal(size=20000)
    noisy = sig + np.sqrt(0.3) * rng.normal(size=20000)
    assert snr_distance(sig, noisy) == pytest.approx(0.3, rel=0.05)


def _icnn_reference(x, y, k, t=None, yt=None, drop=False, s=1e-6):
    """The score written out loop by loop from its definition."""
    same_set = t is None
    t, yt = (x, y) if same_set else (t, yt)
    n = len(x)
    ipc = k + 1
    neigh = []
    for i in range(n):
        cand = [j for j in range(len(t)) if not (same_set and j == i)]
        cand.sort(key=lambda j: (np.sqrt(np.sum((x[i] - t[j]) ** 2) + s), j))
        if drop:
            cand = cand[1:]
        neigh.append([(np.sqrt(np.sum((x[i] - t[j]) ** 2) + s), yt[j] == y[i]) for j in cand[:ipc]])
    r = np.zeros((n, k))
    for i in range(n):
        dq = [d for d, same in neigh[i] if not same]
        if dq:
            r[i] = [neigh[i][j][0] / min(dq) for j in range(k)]
    col = np.maximum(1.0, r.max(axis=0))
    per_same, per_diff, g_all = [], [], 0.0
    for i in range(n):
        sv = [r[i, j] / col[j] for j in range(k) if neigh[i][j][1]]
        if sv:
            per_same.append(np.mean(sv))
    gmax = max([neigh[i][j][0] for i in range(n) for j in range(k) if not neigh[i][j][1]], default=0.0)
    for i in range(n):
        dv = [neigh[i][j][0] / gmax for j in range(k) if not neigh[i][j][1]]
        if dv:
            per_diff.append(np.mean(dv))
    lam_same = 1 - (np.mean(per_same) if per_same else 0.0)
    lam_diff = np.mean(per_diff) if per_diff else 1.0
    gamma = np.mean([sum(neigh[i][j][1] for j in range(k)) / k for i in range(n)])
    g_all = ((lam_same + lam_diff) / 2 + gamma) / 2
    return g_all, lam_same, lam_diff, gamma


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_icnn_score_matches_its_definition(seed):
    rng = np.random.default_rng(seed)
    y = np.repeat(np.arange(4), 5)
    x = rng.normal(0, 2, size=(4, 3))[y] + rng.normal(size=(20, 3))
    for k in (1, 3, 6):
        np.testing.assert_allclose(tuple(icnn_score(x, y, k=k)), _icnn_reference(x, y, k), rtol=1e-12)
    q = rng.normal(size=(7, 3))
    yq = rng.integers(0, 4, size=7)
    for drop in (False, True):
        got = icnn_score(q, yq, k=3, target=x, target_labels=y, drop_nearest_target=drop)
        np.testing.assert_allclose(tuple(got), _icnn_reference(q, yq, 3, x, y, drop), rtol=1e-12)


def test_gamma_is_mean_knn_same_label_fraction():
    rng = np.random.default_rng(4)
    y = np.repeat(np.arange(5), 20)
    x = rng.normal(0, 3, size=(5, 16))[y] + 2.0 * rng.normal(size=(100, 16))
    k = 4
    idx = NearestNeighbors(n_neighbors=k + 1).fit(x).kneighbors(x, return_distance=False)[:, 1:]
    assert icnn_score(x, y, k=k).gamma == pytest.approx(np.mean(y[idx] == y[:, None]), abs=1e-12)


def test_icnn_separated_classes_score_high_and_overlap_lower():
    rng = np.random.default_rng(5)
    y = np.repeat(np.arange(5), 20)
    centres = rng.uniform(-10, 10, size=(5, 16))
    tight = icnn_score(centres[y] + 0.1 * rng.normal(size=(100, 16)), y).score
    loose = icnn_score(centres[y] + 20 * rng.normal(size=(100, 16)), y).score
    assert tight >= 0.95 and loose < tight
    assert 0 <= loose <= 1


def test_class_distance_ratio():
    x = np.array([[0.0], [1.0], [10.0], [12.0]])
    # same pairs: 1, 2; different: 10, 12, 9, 11 -> mean 10.5
    assert class_distance_ratio(x, [0, 0, 1, 1]) == pytest.approx(1.5 / 10.5, rel=1e-12)
    xs = np.array([[1.0, -1.0, 0.0], [2.0, -2.0, 0.1], [0.0, 1.0, -1.0], [0.0, 2.0, -2.2]])
    assert class_distance_ratio(xs, [0, 0, 1, 1], metric="snr") > 0


def test_bad_inputs_name_the_argument():
    with pytest.raises(ValueError, match="'anchor'"):
        snr_distance([1.0, 1.0, 1.0], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="'other'"):
        snr_distance([1.0, 2.0, 3.0], [1.0, 2.0])
    with pytest.raises(ValueError, match="'anchor'"):
        snr_distance([1.0], [2.0])
    with pytest.raises(ValueError, match="'anchors'"):
        snr_distance_matrix(np.ones((2, 3)))
    with pytest.raises(ValueError, match="'others'"):
        snr_distance_matrix(np.eye(3), np.eye(2))
    with pytest.raises(ValueError, match="'anchor'"):
        snr_distance([np.nan, 1.0, 2.0], [1.0, 2.0, 3.0])
    x = np.random.default_rng(0).normal(size=(6, 2))
    y = [0, 0, 0, 1, 1, 1]
    with pytest.raises(ValueError, match="'k'"):
        icnn_score(x, y, k=5)
    with pytest.raises(ValueError, match="'k_search'"):
        icnn_score(x, y, k=2, k_search=1)
    with pytest.raises(ValueError, match="'labels'"):
        icnn_score(x, y[:-1])
    with pytest.raises(ValueError, match="'target_labels'"):
        icnn_score(x, y, target=x)
    with pytest.raises(ValueError, match="'smoothing'"):
        icnn_score(x, y, smoothing=-1.0)
    with pytest.raises(ValueError, match="'metric'"):
        class_distance_ratio(x, y, metric="cosine")
    with pytest.raises(ValueError, match="'labels'"):
        class_distance_ratio(x, [0, 1, 2, 3, 4, 5])
