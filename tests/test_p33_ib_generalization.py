"""Tests of the experiment code of notebook 33."""

from __future__ import annotations

import numpy as np
import pytest

from infolab.papers.p33_ib_generalization import (
    BLOB_STD,
    blob_task,
    fixed_encoder_gaps,
    random_tanh_encoder,
)


def test_blob_task_shapes_and_spread():
    sample = blob_task(5, seed=0)
    x, y = sample(3000, np.random.default_rng(1))
    assert x.shape == (3000, 2) and set(np.unique(y)) == set(range(5))
    # within-class spread is the paper's cluster std
    resid = np.concatenate([x[y == c] - x[y == c].mean(0) for c in range(5)])
    assert resid.std() == pytest.approx(BLOB_STD, rel=0.05)
    x2, y2 = sample(3000, np.random.default_rng(1))
    np.testing.assert_array_equal(x, x2)


def test_encoder_is_fixed_and_deterministic():
    mean = random_tanh_encoder(4, 16, seed=3)
    x = np.random.default_rng(0).standard_normal((10, 2))
    np.testing.assert_array_equal(mean(x), random_tanh_encoder(4, 16, seed=3)(x))
    assert mean(x).shape == (10, 4)


def test_gaps_shapes_and_large_noise_limit():
    sample, mean = blob_task(3, seed=0), random_tanh_encoder(4, seed=0)
    res = fixed_encoder_gaps(sample, mean, 0.2, [30, 300], n_test=500, seed=0)
    assert res.gap.shape == (2,) and np.all((res.test_error >= 0) & (res.test_error <= 1))
    assert np.all(res.train_error_fitted_draws <= res.train_error_fresh_noise + 0.2)
    # with overwhelming noise the head is at chance everywhere: no gap beyond sampling noise
    res = fixed_encoder_gaps(sample, mean, 1e3, [400], n_test=2000, seed=1)
    assert abs(res.gap[0]) < 0.1


def test_bad_inputs():
    sample, mean = blob_task(3, seed=0), random_tanh_encoder(4, seed=0)
    with pytest.raises(ValueError, match="'sigma'"):
        fixed_encoder_gaps(sample, mean, 0.0, [30])
    with pytest.raises(ValueError, match="'n_train'"):
        fixed_encoder_gaps(sample, mean, 0.1, [1])
    with pytest.raises(ValueError, match="'n_classes'"):
        blob_task(1)
    with pytest.raises(ValueError, match="'dim_z'"):
        random_tanh_encoder(0)
