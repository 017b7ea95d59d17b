"""Tests of infolab.papers.p14_proto_icnn (episodes, the reference objective, training and evaluation)."""

import numpy as np
import pytest

from infolab.models import finite_difference_gradients
from infolab.papers.p08_snr import zero_shot_digits
from infolab.papers.p14_proto_icnn import (
    episode_objective,
    evaluate_protonet,
    sample_episode,
    train_protonet,
)


def test_episode_layout():
    x = np.arange(60, dtype=float).reshape(-1, 1)
    y = np.repeat(np.arange(6), 10)
    xe, ye, q = sample_episode(x, y, 3, 2, 4, np.random.default_rng(0))
    assert xe.shape == (18, 1) and q.sum() == 12
    assert list(ye[~q]) == [0, 0, 1, 1, 2, 2]
    # each relabelled class comes from one original class, with no row used twice
    orig = (xe[:, 0] // 10).astype(int)
    assert all(len(set(orig[ye == c])) == 1 for c in range(3))
    assert len(set(xe[:, 0])) == 18


@pytest.mark.parametrize("terms", [("cross",), ("cross", "suppicnn"), ("cross", "queryicnn"),
                                   ("cross", "prototriplet", "fullicnn")])
def test_objective_gradient(terms):
    rng = np.random.default_rng(1)
    xe, ye, q = sample_episode(rng.normal(size=(60, 4)) + np.repeat(np.arange(6), 10)[:, None], np.repeat(np.arange(6), 10),
                               3, 3, 2, rng)
    params = {"z": xe.copy()}
    loss, grad, acc = episode_objective(xe, ye, q, terms, shot=3, query=2, k=2, margin=2.0)
    est = finite_difference_gradients(lambda: episode_objective(params["z"], ye, q, terms, shot=3, query=2, k=2,
                                                                margin=2.0)[0], params)["z"]
    np.testing.assert_allclose(grad, est, rtol=1e-5, atol=1e-7)
    assert 0 <= acc <= 1


def test_objective_rejects_unknown_terms():
    xe, ye, q = sample_episode(np.random.default_rng(0).normal(size=(20, 2)), np.repeat(np.arange(4), 5), 2, 2, 2,
                               np.random.default_rng(0))
    with pytest.raises(ValueError, match="'terms'"):
        episode_objective(xe, ye, q, ("suppicnn",), shot=2, query=2)
    with pytest.raises(ValueError, match="'terms'"):
        episode_objective(xe, ye, q, ("cross", "icnn"), shot=2, query=2)


def test_training_and_evaluation_are_reproducible():
    xtr, ytr, xte, yte = zero_shot_digits()
    m1, h1 = train_protonet(xtr, ytr, ("cross", "suppicnn"), steps=4, hidden=8, dim=4, seed=2)
    m2, h2 = train_protonet(xtr, ytr, ("cross", "suppicnn"), steps=4, hidden=8, dim=4, seed=2)
    assert np.array_equal(h1, h2)
    e = evaluate_protonet(m1, xte, yte, shot=1, query=3, episodes=5, seed=0)
    assert e == evaluate_protonet(m2, xte, yte, shot=1, query=3, episodes=5, seed=0)
    assert 0 <= e["accuracy"] <= 1 and 0 <= e["icnn"] <= 1
