"""Tests of the experiment code of notebook 27."""

from __future__ import annotations

import numpy as np
import pytest

from infolab.models import StructuredBilinearSimilarity
from infolab.papers.p27_structured_similarity import (
    coupled_pairs,
    coupling_matrix,
    cross_modal_recall,
    train_similarity,
)


@pytest.mark.parametrize("kind", ["diagonal", "block", "dense"])
def test_couplings_are_orthogonal_up_to_scale_and_structured(kind):
    r = coupling_matrix(kind, 16, 4, seed=0)
    if kind == "block":
        np.testing.assert_allclose(r @ r.T, np.eye(16), atol=1e-12)
        assert np.all(r[:4, 4:] == 0)
    if kind == "dense":
        np.testing.assert_allclose(r @ r.T, np.eye(16), atol=1e-12)
    if kind == "diagonal":
        assert np.count_nonzero(r - np.diag(np.diag(r))) == 0


def test_pairs_are_unit_vectors():
    x, y = coupled_pairs(np.eye(5), 20, 0.3, seed=1)
    np.testing.assert_allclose(np.linalg.norm(x, axis=1), 1.0)
    np.testing.assert_allclose(np.linalg.norm(y, axis=1), 1.0)


def test_recall_known_values():
    s = np.eye(4)
    assert cross_modal_recall(s, (1,)) == {"x→y": {1: 1.0}, "y→x": {1: 1.0}}
    s = np.array([[0.0, 1.0], [1.0, 0.0]])    # every match ranked second
    rec = cross_modal_recall(s, (1, 2))
    assert rec["x→y"] == {1: 0.0, 2: 1.0}
    with pytest.raises(ValueError, match="'scores'"):
        cross_modal_recall(np.ones((2, 3)))
    with pytest.raises(ValueError, match="'ks'"):
        cross_modal_recall(np.eye(3), (4,))


def test_training_lowers_the_loss_and_recovers_a_block_coupling():
    r = coupling_matrix("block", 8, 4, seed=0)
    x, y = coupled_pairs(r, 600, 0.3, seed=0)
    sim = StructuredBilinearSimilarity(8, diagonal=False, block_size=4, block_init=1.0)
    hist = train_similarity(sim, x, y, epochs=15, batch_size=100, lr=0.05, seed=0)
    assert hist[-1] < hist[0]
    xt, yt = coupled_pairs(r, 200, 0.3, seed=1)
    assert cross_modal_recall(sim.forward(xt, yt), (1,))["x→y"][1] > cross_modal_recall(xt @ yt.T, (1,))["x→y"][1]
    with pytest.raises(ValueError, match="'kind'"):
        coupling_matrix("sparse", 8, 4)
