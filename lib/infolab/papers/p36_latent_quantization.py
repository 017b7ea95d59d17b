"""Quantised-latent autoencoder (QLAE) and its continuous baseline, after Hsu et al. (arXiv:2305.18378).

QLAE: an MLP encoder gives continuous latents z_c ∈ R^{n_z}; latent j snaps to
the nearest of its own learnable scalar codebook values v_j ∈ R^{n_values}
(initialised to linspace(-0.5, 0.5)); the decoder reads the quantised z_q with
a straight-through gradient. Loss per sample:

    mean_pixels BCE(x, D(z_q))
    + β_q mean_latents (sg(z_c) − z_q)² (moves the codebook)
    + β_c mean_latents (z_c − sg(z_q))² (commits the encoder),

trained with AdamW (weight decay 0.1 in the paper). The AE baseline drops the
quantiser and the two extra terms (weight decay 0 by default).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..models import MLP, Adam, train
from ..models.losses import binary_cross_entropy_with_logits
from ..validation import check_rng

__all__ = ["LatentAutoencoder", "train_latent_autoencoder"]


class LatentAutoencoder:
    """MLP autoencoder ``n_in → hidden → n_latents → hidden → n_in`` with optional per-latent scalar quantisation.

    Parameters
    ----------
    n_in, hidden, n_latents : int
    quantized : bool
        QLAE when True.
    n_values : int, default 10
        Codebook size per latent.
    beta_quantize, beta_commit : float, default 0.01
    seed : int or Generator
    """

    def __init__(self, n_in: int, hidden: int, n_latents: int, *, quantized: bool, n_values: int = 10,
                 beta_quantize: float = 0.01, beta_commit: float = 0.01, seed: Any = 0):
        rng = check_rng(seed)
        self.encoder = MLP([n_in, hidden, n_latents], "relu", "identity", seed=rng)
        self.decoder = MLP([n_latents, hidden, n_in], "relu", "identity", seed=rng)
        self.quantized = quantized
        self.beta_quantize, self.beta_commit = beta_quantize, beta_commit
        self.codebook = np.tile(np.linspace(-0.5, 0.5, n_values), (n_latents, 1)) if quantized else None

    @property
    def params(self) -> dict:
        out = {f"encoder.{k}": v for k, v in self.encoder.params.items()}
        out.update({f"decoder.{k}": v for k, v in self.decoder.params.items()})
        if self.quantized:
            out["codebook"] = self.codebook
        return out

    def quantize(self, z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Nearest codebook value of each latent: (indices, values)."""
        idx = np.argmin(np.abs(z[:, :, None] - self.codebook[None, :, :]), axis=2)
        return idx, np.take_along_axis(self.codebook[None, :, :].repeat(z.shape[0], 0), idx[:, :, None], 2)[:, :, 0]

    def latents(self, x: np.ndarray, batch_size: int = 1024) -> np.ndarray:
        """Continuous latents (AE) or codebook indices (QLAE) of every row of ``x``."""
        zs = []
        for i in range(0, x.shape[0], batch_size):
            z = self.encoder.forward(x[i:i + batch_size])
            zs.append(self.quantize(z)[0] if self.quantized else z)
        return np.concatenate(zs, axis=0)

    def reconstruction_bce(self, x: np.ndarray, batch_size: int = 1024) -> float:
        """Mean BCE per pixel of the reconstructions (nats)."""
        total = 0.0
        for i in range(0, x.shape[0], batch_size):
            xb = x[i:i + batch_size]
            z = self.encoder.forward(xb)
            if self.quantized:
                z = self.quantize(z)[1]
            total += binary_cross_entropy_with_logits(self.decoder.forward(z), xb)[0] * xb.shape[0]
        return total / x.shape[0]

    def loss_and_grads(self, x: np.ndarray) -> tuple[float, dict]:
        z_c = self.encoder.forward(x)
        if self.quantized:
            idx, z_q = self.quantize(z_c)
            dec_in = z_q
        else:
            dec_in = z_c
        logits = self.decoder.forward(dec_in)
        loss, g_logits = binary_cross_entropy_with_logits(logits, x)
        dec_grads, g_dec_in = self.decoder.backward(g_logits, return_input_grad=True)
        g_zc = g_dec_in  # straight-through for QLAE
        grads = {}
        if self.quantized:
            diff = z_c - z_q
            m = diff.size
            loss += (self.beta_quantize + self.beta_commit) * float(np.sum(diff * diff) / m)
            g_zc = g_zc + (2.0 * self.beta_commit / m) * diff
            g_book = np.zeros_like(self.codebook)
            rows = np.broadcast_to(np.arange(self.codebook.shape[0])[None, :], idx.shape)
            np.add.at(g_book, (rows, idx), (2.0 * self.beta_quantize / m) * (-diff))
            grads["codebook"] = g_book
        enc_grads = self.encoder.backward(g_zc)
        grads.update({f"encoder.{k}": v for k, v in enc_grads.items()})
        grads.update({f"decoder.{k}": v for k, v in dec_grads.items()})
        return loss, grads


def train_latent_autoencoder(x: np.ndarray, *, quantized: bool, n_latents: int = 12, hidden: int = 256,
                             steps: int = 1000, batch_size: int = 128, lr: float = 1e-3, weight_decay: float = 0.0,
                             clip_norm: float = 1.0, seed: Any = 0) -> tuple[LatentAutoencoder, np.ndarray]:
    """Train an AE or QLAE for ``steps`` mini-batch steps (batches drawn with replacement of epochs)."""
    rng = check_rng(seed)
    model = LatentAutoencoder(x.shape[1], hidden, n_latents, quantized=quantized, seed=rng)
    opt = Adam(lr, weight_decay=weight_decay, clip_norm=clip_norm)
    epoch = {"order": rng.permutation(x.shape[0]), "pos": 0}

    def draw(r):  # consecutive batches of a permutation, a fresh permutation when it runs out
        if epoch["pos"] + batch_size > x.shape[0]:
            epoch["order"], epoch["pos"] = r.permutation(x.shape[0]), 0
        xb = x[epoch["order"][epoch["pos"]:epoch["pos"] + batch_size]]
        epoch["pos"] += batch_size
        return xb

    losses = train(model, lambda m, xb: m.loss_and_grads(xb), draw, steps=steps, optimizer=opt, seed=rng)
    return model, losses
