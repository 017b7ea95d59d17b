"""Tests of models/metric_learning.py: values of each loss and its gradient against finite differences."""

from __future__ import annotations

import numpy as np
import pytest

from infolab.measures import icnn_score, snr_distance
from infolab.models import (
    batch_triplets,
    energy_confusion_loss,
    finite_difference_gradients,
    icnn_loss,
    proto_triplet_loss,
    prototypical_loss,
    sample_negative_pairs,
    triplet_margin_loss,
    zero_mean_penalty,
)


def _batch(seed, n_per=3, n_classes=3, d=5, spread=1.0):
    rng = np.random.default_rng(seed)
    y = np.repeat(np.arange(n_classes), n_per)
    x = rng.normal(0, 1.5, size=(n_classes, d))[y] + spread * rng.normal(size=(y.size, d))
    return x, y


def _check_grad(loss_of, x, grad, rtol=1e-6, atol=1e-8):
    params = {"x": x}
    est = finite_difference_gradients(lambda: loss_of(params["x"]), params, eps=1e-6)["x"]
    np.testing.assert_allclose(grad, est, rtol=rtol, atol=atol)


def test_batch_triplets_are_valid_and_complete():
    y = np.array([0, 0, 1, 1, 1, 2])
    t = batch_triplets(y)
    assert np.all(y[t[:, 0]] == y[t[:, 1]]) and np.all(t[:, 0] != t[:, 1]) and np.all(y[t[:, 0]] != y[t[:, 2]])
    # 2 anchors of class 0 x 1 positive x 4 negatives + 3 x 2 x 3 for class 1
    assert len(t) == 2 * 1 * 4 + 3 * 2 * 3


@pytest.mark.parametrize("distance", ["euclidean", "squared_euclidean", "snr"])
@pytest.mark.parametrize("reduction", ["mean_nonzero", "mean"])
def test_triplet_gradient(distance, reduction):
    x, y = _batch(1, spread=1.2)
    margin = {"euclidean": 0.5, "squared_euclidean": 1.0, "snr": 0.2}[distance]
    loss, grad = triplet_margin_loss(x, y, margin=margin, distance=distance, reduction=reduction)
    assert loss > 0
    _check_grad(lambda z: triplet_margin_loss(z, y, margin=margin, distance=distance, reduction=reduction)[0],
                x.copy(), grad)


def test_triplet_value_by_hand_with_snr():
    x, y = _batch(2)
    t = batch_triplets(y)
    d_ap = snr_distance(x[t[:, 0]], x[t[:, 1]])
    d_an = snr_distance(x[t[:, 0]], x[t[:, 2]])
    h = np.maximum(d_ap - d_an + 0.2, 0)
    loss, _ = triplet_margin_loss(x, y, margin=0.2, distance="snr", reduction="mean")
    assert loss == pytest.approx(h.mean(), rel=1e-13)
    loss_nz, _ = triplet_margin_loss(x, y, margin=0.2, distance="snr")
    assert loss_nz == pytest.approx(h[h > 0].mean(), rel=1e-13)


def test_triplet_zero_when_separated():
    x, y = _batch(3, spread=0.001)
    x *= 100
    loss, grad = triplet_margin_loss(x, y, margin=0.2)
    assert loss == 0.0 and not grad.any()


def test_zero_mean_penalty_gradient():
    x, _ = _batch(4)
    loss, grad = zero_mean_penalty(x)
    assert loss == pytest.approx(np.mean(np.abs(x.sum(axis=1))))
    _check_grad(lambda z: zero_mean_penalty(z)[0], x.copy(), grad)


def _episode(seed, way=3, shot=2, query=2, d=4):
    rng = np.random.default_rng(seed)
    y = np.concatenate([np.repeat(np.arange(way), shot), np.repeat(np.arange(way), query)])
    is_query = np.arange(y.size) >= way * shot
    x = rng.normal(0, 1.0, size=(way, d))[y] + 0.8 * rng.normal(size=(y.size, d))
    return x, y, is_query


def test_prototypical_loss_gradient_and_value():
    x, y, q = _episode(0)
    loss, grad, acc = prototypical_loss(x, y, q)
    protos = np.stack([x[(y == c) & ~q].mean(axis=0) for c in range(3)])
    logits = -((x[q][:, None] - protos[None]) ** 2).sum(-1)
    ref = -np.mean(logits[np.arange(q.sum()), y[q]] - np.log(np.exp(logits).sum(1)))
    assert loss == pytest.approx(ref, rel=1e-12)
    assert 0 <= acc <= 1
    _check_grad(lambda z: prototypical_loss(z, y, q)[0], x.copy(), grad)


def test_proto_triplet_hand_case_and_gradient():
    # prototypes 0 and 1 (one support point each), query of class 0 at 0.4: 0.4 - 0.6 + 0.5 = 0.3
    x = np.array([[0.0], [1.0], [0.4]])
    loss, _ = proto_triplet_loss(x, [0, 1, 0], np.array([False, False, True]), smoothing=0.0)
    assert loss == pytest.approx(0.3, abs=1e-14)
    # zero when every query is more than the margin closer to its own prototype
    x0 = np.array([[0.0], [1.0], [0.1]])
    assert proto_triplet_loss(x0, [0, 1, 0], np.array([False, False, True]), smoothing=0.0)[0] == 0.0
    x, y, q = _episode(1)
    loss, grad = proto_triplet_loss(x, y, q, margin=2.0)
    assert loss > 0
    _check_grad(lambda z: proto_triplet_loss(z, y, q, margin=2.0)[0], x.copy(), grad)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_icnn_loss_gradient_same_set(seed):
    x, y = _batch(seed, n_per=4, spread=1.5)
    loss, grad = icnn_loss(x, y, k=3)
    assert loss == pytest.approx(-np.log(icnn_score(x, y, k=3).score), rel=1e-13)
    _check_grad(lambda z: icnn_loss(z, y, k=3)[0], x.copy(), grad, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("drop", [False, True])
def test_icnn_loss_gradient_with_target(drop):
    x, y, q = _episode(3, shot=3, query=3)
    xs, ys, xq, yq = x[~q], y[~q], x[q], y[q]
    loss, g_q, g_s = icnn_loss(xq, yq, k=2, target=xs, target_labels=ys, drop_nearest_target=drop)
    _check_grad(lambda z: icnn_loss(z, yq, k=2, target=xs, target_labels=ys, drop_nearest_target=drop)[0],
                xq.copy(), g_q, rtol=1e-5, atol=1e-7)
    _check_grad(lambda z: icnn_loss(xq, yq, k=2, target=z, target_labels=ys, drop_nearest_target=drop)[0],
                xs.copy(), g_s, rtol=1e-5, atol=1e-7)


def test_energy_confusion_dispersion_identity_and_gradient():
    x, y = _batch(5, n_per=2, n_classes=4)
    n = len(y)
    # over all pairs: sum_{i<j} ||f_i - f_j||^2 = n sum_i ||f_i - mean||^2
    i, j = np.triu_indices(n, 1)
    all_pairs = np.sum((x[i] - x[j]) ** 2)
    assert all_pairs == pytest.approx(n * np.sum((x - x.mean(0)) ** 2), rel=1e-12)
    loss, grad = energy_confusion_loss(x, y)
    neg = y[i] != y[j]
    assert np.exp(loss) == pytest.approx(0.5 * np.sum((x[i[neg]] - x[j[neg]]) ** 2) / neg.sum(), rel=1e-12)
    _check_grad(lambda z: energy_confusion_loss(z, y)[0], x.copy(), grad)
    pairs = sample_negative_pairs(y, 3, seed=1)
    assert np.all(y[pairs[:, 0]] != y[pairs[:, 1]])
    loss_s, grad_s = energy_confusion_loss(x, y, pairs=pairs)
    _check_grad(lambda z: energy_confusion_loss(z, y, pairs=pairs)[0], x.copy(), grad_s)
    assert np.array_equal(pairs, sample_negative_pairs(y, 3, seed=1))


def test_inputs_not_mutated():
    x, y = _batch(6)
    x0 = x.copy()
    triplet_margin_loss(x, y, distance="snr")
    icnn_loss(x, y, k=2)
    energy_confusion_loss(x, y)
    assert np.array_equal(x, x0)


def test_bad_inputs_name_the_argument():
    x, y = _batch(7)
    with pytest.raises(ValueError, match="'margin'"):
        triplet_margin_loss(x, y, margin=-1.0)
    with pytest.raises(ValueError, match="'distance'"):
        triplet_margin_loss(x, y, distance="cosine")
    with pytest.raises(ValueError, match="'reduction'"):
        triplet_margin_loss(x, y, reduction="sum")
    with pytest.raises(ValueError, match="'triplets'"):
        triplet_margin_loss(x, y, triplets=np.array([[0, 3, 6]]))
    const = x.copy()
    const[0] = 1.0
    with pytest.raises(ValueError, match="'embeddings'"):
        triplet_margin_loss(const, y, distance="snr")
    with pytest.raises(ValueError, match="'labels'"):
        batch_triplets([0, 1, 2])
    with pytest.raises(ValueError, match="'embeddings'"):
        zero_mean_penalty(np.ones(3))
    xe, ye, q = _episode(0)
    with pytest.raises(ValueError, match="'is_query'"):
        prototypical_loss(xe, ye, q.astype(int))
    with pytest.raises(ValueError, match="'is_query'"):
        proto_triplet_loss(xe, ye, np.zeros_like(q))
    with pytest.raises(ValueError, match="'k'"):
        icnn_loss(x, y, k=len(y))
    with pytest.raises(ValueError, match="'drop_nearest_target'"):
        icnn_loss(x, y, drop_nearest_target=True)
    with pytest.raises(ValueError, match="'per_anchor'"):
        sample_negative_pairs(y, 0)
    with pytest.raises(ValueError, match="'labels'"):
        energy_confusion_loss(x, np.zeros(len(y), dtype=int))
    with pytest.raises(ValueError, match="'pairs'"):
        energy_confusion_loss(x, y, pairs=np.array([[0, 1]]))
