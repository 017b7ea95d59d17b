"""Tests of the experiment code of notebook 39."""

from __future__ import annotations

import numpy as np
import pytest

from infolab.papers.p39_dynamic_subspaces import (
    attribute_task,
    subspace_embed,
    train_subspace_learners,
)


def test_attribute_task_structure():
    x, y, a, b = attribute_task(5, noise=0.0, n_nuisance=3, seed=0)
    assert x.shape == (80, 11) and len(np.unique(y)) == 16
    np.testing.assert_array_equal(x[:, :4].argmax(1), a)
    np.testing.assert_array_equal(x[:, 4:8].argmax(1), b)
    np.testing.assert_array_equal(y, 4 * a + b)


def test_training_runs_and_embeddings_are_unit_per_subspace():
    x, y, a, b = attribute_task(8, seed=0)
    run = train_subspace_learners(x, y, x, y, n_learners=2, embedding_dim=8, hidden=16, epochs=3, batch_size=32,
                                  seed=0)
    assert run.sizes == [4, 4] and len(run.nmi_history) == 3
    emb = subspace_embed(run.net, x, run.sizes)
    np.testing.assert_allclose(np.linalg.norm(emb[:, :4], axis=1), 1.0)
    np.testing.assert_allclose(np.linalg.norm(emb[:, 4:], axis=1), 1.0)


def test_dynamic_run_keeps_the_embedding_whole():
    x, y, a, b = attribute_task(10, seed=1)
    run = train_subspace_learners(x, y, x, y, dynamic=True, embedding_dim=32, epochs=8, patience=1, lr=0.01, seed=0)
    assert sum(run.sizes) == 32 and min(run.sizes) >= 5
    assert len(run.sizes) == 1 + len(run.splits)


def test_bad_inputs():
    with pytest.raises(ValueError, match="'n_per_class'"):
        attribute_task(0)
    x, y, _, _ = attribute_task(2, seed=0)
    with pytest.raises(ValueError, match="'batch_size'"):
        train_subspace_learners(x, y, x, y, batch_size=2)
