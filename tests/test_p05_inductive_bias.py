"""Tests of infolab.papers.p05_inductive_bias: tasks, the Monte Carlo estimate, the MLP ensemble."""

from __future__ import annotations

import math

import numpy as np
import pytest

from infolab.models import MLP, Adam, mse_loss
from infolab.papers.p05_inductive_bias import (
    digits_task,
    empirical_inductive_bias,
    halfspace_task,
    train_mlp_ensemble,
)


def test_halfspace_task_scale_and_labels():
    xtr, ytr, xte, yte = halfspace_task(16, 3000, 1000, seed=0)
    assert xtr.shape == (3000, 16) and yte.shape == (1000, 2)
    assert np.mean(np.sum(xtr**2, axis=1)) == pytest.approx(4.0, rel=0.03)      # E‖x‖² = d · 4/d
    np.testing.assert_array_equal(ytr.sum(axis=1), 1.0)
    assert 0.4 < ytr[:, 1].mean() < 0.6                                          # a random half-space through 0
    again = halfspace_task(16, 3000, 1000, seed=0)
    assert np.array_equal(again[0], xtr)


def test_digits_task_is_unit_norm_and_disjoint():
    xtr, ytr, xte, yte = digits_task(100, 300, seed=1)
    assert xtr.shape == (100, 64) and yte.shape == (300, 10)
    np.testing.assert_allclose(np.linalg.norm(xte, axis=1), 1.0, rtol=1e-12)
    rows = {r.tobytes() for r in xtr}
    assert sum(r.tobytes() in rows for r in xte) <= 5          # a few digits are duplicated in the data set
    low = digits_task(100, 300, seed=1, resolution=4)[0]
    assert low.shape == (100, 16)


def test_empirical_inductive_bias_known_values():
    value, se = empirical_inductive_bias(np.arange(1.0, 101.0), 10.0)
    assert value == pytest.approx(math.log(10)) and se == pytest.approx(math.sqrt(0.9 / 10))
    assert empirical_inductive_bias([1.0, 2.0], 0.5) == (math.inf, math.inf)
    assert empirical_inductive_bias([1.0, 2.0], 2.0)[0] == 0.0


def test_ensemble_matches_infolab_mlp_trained_by_adam():
    # an independent implementation of the same training: infolab's MLP, mse_loss and Adam
    xtr, ytr, xte, yte = halfspace_task(5, 40, 30, seed=2)
    train, test = train_mlp_ensemble(xtr, ytr, xte, yte, n_models=3, width=7, depth=2, steps=50, lr=1e-2, seed=4)
    rng = np.random.default_rng(4)
    sizes = [5, 7, 7, 2]
    init = []
    for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:], strict=True)):
        var = 2.0 / a if i < 2 else 2.0 / (a + b)
        init.append(rng.normal(0.0, math.sqrt(var), size=(3, a, b)))
    for k in range(3):
        net = MLP(sizes, seed=0)
        for i in range(3):
            net.params[f"W{i}"] = init[i][k].copy()
        opt = Adam(lr=1e-2)
        for _ in range(50):
            _, g = mse_loss(net.forward(xtr), ytr)
            opt.step(net.params, net.backward(g))
        assert np.mean((net.predict(xte) - yte) ** 2) == pytest.approx(test[k], rel=1e-9)
        assert np.mean((net.predict(xtr) - ytr) ** 2) == pytest.approx(train[k], rel=1e-9)
    assert len(set(test.round(12))) == 3                       # the inits differ


def test_ensemble_fits_the_training_set():
    xtr, ytr, xte, yte = digits_task(50, 50, seed=0)
    train, test = train_mlp_ensemble(xtr, ytr, xte, yte, n_models=4, width=32, steps=300, seed=0)
    assert np.all(train < 1e-3) and np.all(test > train)


def test_bad_input():
    with pytest.raises(ValueError, match="'dim' parameter of halfspace_task"):
        halfspace_task(0, 10, 10)
    with pytest.raises(ValueError, match="'resolution' parameter of digits_task"):
        digits_task(10, 10, resolution=2)
    with pytest.raises(ValueError, match="'n_test' parameter of digits_task"):
        digits_task(1000, 1000)
    with pytest.raises(ValueError, match="'epsilon' parameter of empirical_inductive_bias"):
        empirical_inductive_bias([1.0], math.nan)
    x, y = np.ones((4, 2)), np.eye(2)[[0, 1, 0, 1]]
    with pytest.raises(ValueError, match="'n_models' parameter of train_mlp_ensemble"):
        train_mlp_ensemble(x, y, x, y, n_models=0)
    with pytest.raises(ValueError, match="must agree in shape"):
        train_mlp_ensemble(x, y, x[:, :1], y, n_models=1)
