"""Tests of infolab.papers.p08_snr and p17_ecaml (zero-shot digits, triplet training, ECAML wiring)."""

import numpy as np
import pytest

from infolab.models import MLP, energy_confusion_loss
from infolab.papers.p08_snr import (
    class_balanced_batch,
    evaluate_embedding,
    train_triplet_embedding,
    triplet_step_gradients,
    zero_shot_digits,
)
from infolab.papers.p17_ecaml import mean_negative_distance, ordered_confusion_pairs


def test_zero_shot_split_is_disjoint():
    xtr, ytr, xte, yte = zero_shot_digits((0, 1, 2, 3, 4))
    assert set(ytr) == {0, 1, 2, 3, 4} and set(yte) == {5, 6, 7, 8, 9}
    assert xtr.max() <= 1.0 and xtr.shape[1] == 64
    with pytest.raises(ValueError, match="'train_classes'"):
        zero_shot_digits(tuple(range(10)))


def test_class_balanced_batch():
    y = np.repeat(np.arange(6), 10)
    idx = class_balanced_batch(y, 3, 4, np.random.default_rng(0))
    assert len(idx) == 12 and len(set(idx)) == 12
    assert sorted(np.bincount(y[idx], minlength=6)[np.bincount(y[idx], minlength=6) > 0]) == [4, 4, 4]


def test_confusion_gradient_reaches_only_the_last_layer():
    xtr, ytr, _, _ = zero_shot_digits()
    idx = class_balanced_batch(ytr, 5, 4, np.random.default_rng(0))
    model = MLP([64, 16, 8], seed=0)
    pairs = np.array([[0, 5], [1, 9], [2, 17]])
    _, g0 = triplet_step_gradients(model, xtr[idx], ytr[idx])
    _, g1 = triplet_step_gradients(model, xtr[idx], ytr[idx], confusion_weight=0.5, confusion_pairs=pairs)
    assert np.array_equal(g0["W0"], g1["W0"]) and np.array_equal(g0["b0"], g1["b0"])
    out = model.forward(xtr[idx])
    _, g_ec = energy_confusion_loss(out, ytr[idx], pairs=pairs)
    np.testing.assert_allclose(g1["W1"] - g0["W1"], 0.5 * model.backward(g_ec)["W1"], rtol=1e-12, atol=1e-15)


def test_training_is_reproducible_and_evaluates():
    xtr, ytr, xte, yte = zero_shot_digits()
    m1, l1 = train_triplet_embedding(xtr, ytr, steps=5, hidden=16, dim=8, seed=3, distance="snr")
    m2, l2 = train_triplet_embedding(xtr, ytr, steps=5, hidden=16, dim=8, seed=3, distance="snr")
    assert np.array_equal(l1, l2)
    ev = evaluate_embedding(m1, xte[:200], yte[:200], metric="snr")
    assert set(ev) == {"R@1", "R@2", "R@4", "R@8", "NMI", "MAP@R", "ratio"}
    m3, _ = train_triplet_embedding(xtr, ytr, steps=5, hidden=16, dim=8, seed=3, confusion_weight=0.1)
    assert m3.params["W0"].shape == (64, 16)


def test_ordered_sampler_never_pairs_a_class_with_itself():
    n, r = 130, 10
    y = np.repeat(np.arange(65), 2)
    pairs = ordered_confusion_pairs(n, r, seed=0)
    assert len(pairs) == (n - 2 * r) * r
    assert np.all(y[pairs[:, 0]] != y[pairs[:, 1]])
    with pytest.raises(ValueError, match="'random_num'"):
        ordered_confusion_pairs(10, 5)


def test_mean_negative_distance():
    z = np.array([[0.0], [1.0], [4.0]])
    assert mean_negative_distance(z, np.array([0, 0, 1])) == pytest.approx((4 + 3) / 2)
