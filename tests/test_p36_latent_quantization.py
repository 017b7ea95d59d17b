"""Tests of the QLAE / AE models of paper 36."""

from __future__ import annotations

import numpy as np

from infolab.models import finite_difference_gradients
from infolab.papers.p36_latent_quantization import LatentAutoencoder, train_latent_autoencoder

RNG = np.random.default_rng(3)


def test_ae_gradients_match_finite_differences():
    model = LatentAutoencoder(8, 6, 3, quantized=False, seed=0)
    x = RNG.uniform(size=(5, 8))
    _, grads = model.loss_and_grads(x)
    num = finite_difference_gradients(lambda: model.loss_and_grads(x)[0], model.params)
    assert max(float(np.max(np.abs(grads[k] - num[k]))) for k in grads) < 1e-7


def test_qlae_decoder_and_codebook_gradients():
    """Away from codebook boundaries z_q is locally constant: decoder gradients are exact, and the codebook
    gradient is the quantisation term's (the decoder path is cut by the straight-through estimator)."""
    model = LatentAutoencoder(8, 6, 3, quantized=True, seed=1)
    x = RNG.uniform(size=(5, 8))
    _, grads = model.loss_and_grads(x)
    dec = [k for k in model.params if k.startswith("decoder")]
    num = finite_difference_gradients(lambda: model.loss_and_grads(x)[0], model.params, names=dec)
    assert max(float(np.max(np.abs(grads[k] - num[k]))) for k in dec) < 1e-7
    z = model.encoder.forward(x)
    idx, zq = model.quantize(z)
    expected = np.zeros_like(model.codebook)
    np.add.at(expected, (np.broadcast_to(np.arange(3), idx.shape), idx), 2 * 0.01 * (zq - z) / z.size)
    np.testing.assert_allclose(grads["codebook"], expected, atol=1e-15)


def test_quantize_picks_the_nearest_value():
    model = LatentAutoencoder(4, 3, 2, quantized=True, seed=0)
    idx, val = model.quantize(np.array([[-0.9, 0.06], [0.2, 0.5]]))
    np.testing.assert_array_equal(idx, [[0, 5], [6, 9]])
    book = np.linspace(-0.5, 0.5, 10)
    np.testing.assert_allclose(val, [[book[0], book[5]], [book[6], book[9]]], atol=1e-15)


def test_training_is_deterministic_and_learns():
    x = RNG.uniform(size=(64, 10))
    a, la = train_latent_autoencoder(x, quantized=True, n_latents=4, hidden=8, steps=60, batch_size=16, seed=2)
    b, lb = train_latent_autoencoder(x, quantized=True, n_latents=4, hidden=8, steps=60, batch_size=16, seed=2)
    np.testing.assert_array_equal(la, lb)
    np.testing.assert_array_equal(a.latents(x), b.latents(x))
    assert la[-10:].mean() < la[:10].mean()
