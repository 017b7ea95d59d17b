"""Tests of the information-shaped Koopman autoencoder pieces (paper 22)."""

from __future__ import annotations

import numpy as np
import pytest

from infolab.measures import matrix_entropy
from infolab.models import finite_difference_gradients
from infolab.papers.p22_information_koopman import (
    KoopmanAutoencoder,
    latent_vne,
    ridge_koopman,
    temporal_infonce,
)

RNG = np.random.default_rng(7)


def test_infonce_gradient_and_value():
    z = {"z": RNG.normal(size=(2, 9, 4))}
    loss, g = temporal_infonce(z["z"], k=2, tau=0.3)
    num = finite_difference_gradients(lambda: temporal_infonce(z["z"], k=2, tau=0.3)[0], z)
    assert np.max(np.abs(g - num["z"])) < 1e-7
    # direct transcription for one sequence and one anchor set
    zh = z["z"][0] / np.linalg.norm(z["z"][0], axis=1, keepdims=True)
    s = zh @ zh.T / 0.3
    terms = []
    for n in range(2, 7):
        pos = [n - 2, n - 1, n + 1, n + 2]
        others = [m for m in range(9) if m != n]
        terms.append(-np.log(np.exp(s[n, pos]).sum() / np.exp(s[n, others]).sum()))
    assert temporal_infonce(z["z"][0], k=2, tau=0.3)[0] == pytest.approx(np.mean(terms), rel=1e-12)


def test_vne_matches_matrix_entropy_and_gradient():
    z = {"z": RNG.normal(size=(50, 6)) @ RNG.normal(size=(6, 6))}
    s, g = latent_vne(z["z"])
    assert s == pytest.approx(matrix_entropy(z["z"], center=True), abs=1e-6)  # the 1e-8 regulariser only
    num = finite_difference_gradients(lambda: latent_vne(z["z"])[0], z)
    assert np.max(np.abs(g - num["z"])) < 1e-7


def test_ridge_koopman_both_forms_agree():
    z, zn = RNG.normal(size=(5, 8)), RNG.normal(size=(5, 8))  # T < H: the push-through form
    tall = np.linalg.solve(z.T @ z + 0.1 * np.eye(8), z.T @ zn)
    np.testing.assert_allclose(ridge_koopman(z, zn, 0.1), tall, atol=1e-10)


def test_koopman_loss_gradient_with_fixed_operator():
    model = KoopmanAutoencoder(5, 4, 3, seed=0)
    x = RNG.normal(size=(2, 9, 5))
    kw = dict(lambda_id=0.1, lambda_mi=2.0, lambda_vne=-0.1, ridge=0.1, mi_k=3, mi_tau=0.1,
              k_mat=0.4 * RNG.normal(size=(3, 3)))
    _, grads = model.loss_and_grads(x, **kw)
    num = finite_difference_gradients(lambda: model.loss_and_grads(x, **kw)[0]["total"], model.params)
    assert max(float(np.max(np.abs(grads[k] - num[k]))) for k in grads) < 1e-7


def test_infonce_rejects_short_sequences():
    with pytest.raises(ValueError, match="2k\\+1"):
        temporal_infonce(np.ones((4, 3)), k=3)


def test_ridge_koopman_batched_equals_one_fit_per_sequence():
    for n in (5, 12):  # push-through (n < h) and normal-equation forms
        z, zn = RNG.normal(size=(4, n, 8)), RNG.normal(size=(4, n, 8))
        stacked = ridge_koopman(z, zn, 0.1)
        assert stacked.shape == (4, 8, 8)
        for i in range(4):
            np.testing.assert_allclose(stacked[i], ridge_koopman(z[i], zn[i], 0.1), atol=1e-12)
