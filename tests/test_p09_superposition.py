"""Tests of infolab.papers.p09_superposition: the feature count, the dictionary overlap and the toy model."""

from __future__ import annotations

import numpy as np
import pytest

from infolab.data import planted_sparse_features
from infolab.models import finite_difference_gradients
from infolab.papers.p09_superposition import (
    ToyModel,
    atom_feature_overlap,
    pgd_attack,
    sae_feature_count,
)


def test_feature_count_is_the_perplexity_of_the_shares():
    h = planted_sparse_features(400, 8, 4, p_active=0.2, seed=0).activations
    res = sae_feature_count(h, expansion=2, l1=1.0, epochs=5, seed=0)
    p = res["shares"]
    assert p.shape == (16,) and np.all(p >= 0) and p.sum() == pytest.approx(1.0, abs=1e-12)
    nz = p[p > 0]
    assert res["F"] == pytest.approx(float(np.exp(-np.sum(nz * np.log(nz)))), abs=1e-9)
    assert res["psi"] == pytest.approx(res["F"] / 8)
    assert res["rms"] == pytest.approx(float(np.sqrt(np.mean(h * h))))


def test_feature_count_does_not_depend_on_the_scale_of_the_activations():
    h = planted_sparse_features(300, 6, 3, p_active=0.3, seed=1).activations
    a = sae_feature_count(h, expansion=2, l1=1.0, epochs=3, seed=0)["F"]
    b = sae_feature_count(10.0 * h, expansion=2, l1=1.0, epochs=3, seed=0)["F"]
    assert a == pytest.approx(b, rel=1e-9)


def test_dead_layer_is_refused():
    with pytest.raises(ValueError, match="all zero"):
        sae_feature_count(np.zeros((10, 4)), epochs=1)


def test_overlap_is_one_for_an_atom_along_a_feature():
    h = planted_sparse_features(50, 4, 2, seed=0).activations
    sae = sae_feature_count(h, expansion=2, l1=1.0, epochs=1, seed=0)["sae"]
    sae.params["W"][:, 0] = [0.0, 3.0, 0.0, 0.0]
    sae.params["W"][:, 1] = 0.0  # a dead atom
    directions = np.array([[0.0, -1.0, 0.0, 0.0], [1.0, 0.0, 0.0, 0.0]])
    ov = atom_feature_overlap(sae, directions)
    assert ov.shape == (2, 8)
    assert ov[0, 0] == pytest.approx(1.0) and ov[1, 0] == pytest.approx(0.0)
    assert np.all(ov[:, 1] == 0.0) and np.all((ov >= 0) & (ov <= 1 + 1e-12))
    with pytest.raises(ValueError, match="shape"):
        atom_feature_overlap(sae, np.ones((2, 3)))


def test_toy_model_gradients_match_finite_differences():
    rng = np.random.default_rng(0)
    model = ToyModel(6, 3, seed=0)
    x = rng.uniform(size=(16, 6)) * (rng.uniform(size=(16, 6)) > 0.5)
    importance = 0.9 ** np.arange(6)
    _, grads = model.loss_and_grads(x, importance)
    numeric = finite_difference_gradients(lambda: model.loss_and_grads(x, importance)[0], model.params)
    for name in grads:
        np.testing.assert_allclose(grads[name], numeric[name], atol=1e-7)


def test_pgd_stays_in_the_ball_and_the_pixel_range():
    from infolab.models import MLP

    rng = np.random.default_rng(0)
    net = MLP([5, 4, 3], seed=0)
    x = rng.uniform(size=(8, 5))
    y = rng.integers(0, 3, size=8)
    adv = pgd_attack(net, x, y, 0.1, steps=3, rng=np.random.default_rng(1))
    assert np.all(np.abs(adv - x) <= 0.1 + 1e-12) and np.all((adv >= 0) & (adv <= 1))
    assert pgd_attack(net, x, y, 0.0) is x
