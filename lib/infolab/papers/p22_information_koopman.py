"""The information-shaped Koopman autoencoder of Cheng et al. (arXiv:2510.13025), in NumPy with hand-derived gradients.

Pieces, each returning a value and its gradient with respect to the latents:

* :func:`temporal_infonce`: the multi-positive InfoNCE of the reference code
  on cosine-normalised latents of each sequence (anchor n ∈ [k, T−k),
  positives n±1..k, negatives every other step of the same sequence),
  averaged over anchors and sequences;
* :func:`latent_vne`: the von Neumann entropy of the trace-normalised
  covariance of all latents, S = −Σ λ log λ, with the reference code's
  regularisation (Σ + 1e-8·I, λ clamped at 1e-8);
* :func:`ridge_koopman`: K = (ZᵀZ + r·I)⁻¹ ZᵀZ′ (the ``batch_pinv`` fit),
  so that ẑ_{t+1} = z_t K.

:func:`train_koopman_autoencoder` combines them:
L = Σ_t MSE(D(z_t K), x_{t+1}) + λ_id Σ_t MSE(D(z_t), x_t) + λ_MI·L_MI + λ_S·S,
with K refitted on every batch, averaged over its sequences and treated as a
constant (detached), as in the reference trainer. λ_S > 0 is the released
code's sign (entropy minimised); λ_S < 0 maximises the entropy, which is what
the paper's text asks of the term (to keep modes alive).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..models import MLP, Adam, train
from ..validation import check_rng

__all__ = ["temporal_infonce", "latent_vne", "ridge_koopman", "KoopmanAutoencoder", "train_koopman_autoencoder",
           "koopman_rollout"]


def temporal_infonce(z: np.ndarray, *, k: int = 3, tau: float = 0.1) -> tuple[float, np.ndarray]:
    """Multi-positive temporal InfoNCE of latents ``z`` (B, T, H) and its gradient (B, T, H).

    L = mean over sequences b and anchors n of
    −log Σ_{m ∈ P(n)} e^{s_nm} + log Σ_{m ≠ n} e^{s_nm}, s_nm = ẑ_n·ẑ_m / τ, ẑ = z/‖z‖.
    """
    z = np.asarray(z, dtype=float)
    if z.ndim == 2:
        loss, g = temporal_infonce(z[None], k=k, tau=tau)
        return loss, g[0]
    b, t, _ = z.shape
    if t < 2 * k + 1:
        raise ValueError(f"temporal_infonce needs sequences of length >= 2k+1 = {2 * k + 1}. Got {t}.")
    norms = np.linalg.norm(z, axis=2, keepdims=True)
    zh = z / norms
    s = np.einsum("bnh,bmh->bnm", zh, zh) / tau
    anchors = np.arange(k, t - k)
    idx = np.arange(t)
    offset = idx[None, :] - anchors[:, None]  # (A, T)
    pos = (np.abs(offset) >= 1) & (np.abs(offset) <= k)
    other = offset != 0
    sa = s[:, anchors, :]  # (B, A, T)

    def masked_softmax(mask):
        logits = np.where(mask[None], sa, -np.inf)
        top = logits.max(axis=2, keepdims=True)
        e = np.exp(logits - top)
        tot = e.sum(axis=2, keepdims=True)
        return e / tot, (np.log(tot) + top)[..., 0]

    p_all, lse_all = masked_softmax(other)
    p_pos, lse_pos = masked_softmax(pos)
    n_terms = b * anchors.size
    loss = float(np.sum(lse_all - lse_pos) / n_terms)
    g_sa = (p_all - p_pos) / n_terms  # dL/ds for the anchor rows
    g_s = np.zeros_like(s)
    g_s[:, anchors, :] = g_sa
    g_zh = (np.einsum("bnm,bmh->bnh", g_s, zh) + np.einsum("bmn,bmh->bnh", g_s, zh)) / tau
    g_z = (g_zh - zh * np.sum(zh * g_zh, axis=2, keepdims=True)) / norms
    return loss, g_z


def latent_vne(z: np.ndarray, *, eps: float = 1e-8) -> tuple[float, np.ndarray]:
    """Von Neumann entropy (nats) of the trace-normalised covariance of latents (N, H), and dS/dz.

    Σ = Z_cᵀZ_c/(N−1) + eps·I, ρ = Σ/tr Σ, S = −Σ_i λ_i log λ_i (λ clamped at eps).
    dS/dΣ = (−log ρ − S·I)/tr Σ and dS/dZ = 2 Z_c (dS/dΣ)/(N−1).
    """
    z = np.asarray(z, dtype=float)
    n, h = z.shape
    zc = z - z.mean(axis=0)
    sigma = zc.T @ zc / (n - 1) + eps * np.eye(h)
    tr = np.trace(sigma)
    lam, vec = np.linalg.eigh(sigma / tr)
    lam = np.maximum(lam, eps)
    s = float(-np.sum(lam * np.log(lam)))
    log_rho = (vec * np.log(lam)) @ vec.T
    g_sigma = (-log_rho - s * np.eye(h)) / tr
    return s, 2.0 * zc @ g_sigma / (n - 1)


def ridge_koopman(z: np.ndarray, z_next: np.ndarray, ridge: float = 0.1) -> np.ndarray:
    """K = (ZᵀZ + r I)⁻¹ Zᵀ Z′ (equivalently Zᵀ(ZZᵀ + r I)⁻¹ Z′), rows as samples.

    ``z`` and ``z_next`` of shape (n, h) give one (h, h) operator; a stack of
    shape (b, n, h) gives b operators (b, h, h), one per sequence, in one
    batched solve. With fewer samples than latents (n < h) the push-through
    form solves the smaller n × n system.
    """
    z = np.asarray(z, dtype=float)
    z_next = np.asarray(z_next, dtype=float)
    n, h = z.shape[-2:]
    zt = np.swapaxes(z, -1, -2)
    if n < h:
        return zt @ np.linalg.solve(z @ zt + ridge * np.eye(n), z_next)
    return np.linalg.solve(zt @ z + ridge * np.eye(h), zt @ z_next)


class KoopmanAutoencoder:
    """Encoder ``d → hidden → H`` and decoder ``H → hidden → d`` (tanh MLPs) around a linear latent step."""

    def __init__(self, n_in: int, hidden: int, n_latent: int, *, seed: Any = 0):
        rng = check_rng(seed)
        self.encoder = MLP([n_in, hidden, n_latent], "tanh", seed=rng)
        self.decoder = MLP([n_latent, hidden, n_in], "tanh", seed=rng)
        self.n_latent = n_latent

    @property
    def params(self) -> dict:
        out = {f"encoder.{k}": v for k, v in self.encoder.params.items()}
        out.update({f"decoder.{k}": v for k, v in self.decoder.params.items()})
        return out

    def encode(self, x: np.ndarray) -> np.ndarray:
        """Latents of states (..., d) → (..., H)."""
        shape = x.shape
        z = self.encoder.forward(x.reshape(-1, shape[-1]))
        return z.reshape(*shape[:-1], self.n_latent)

    def loss_and_grads(self, x: np.ndarray, *, lambda_id: float, lambda_mi: float, lambda_vne: float,
                       ridge: float, mi_k: int, mi_tau: float, k_mat: np.ndarray | None = None) -> tuple[dict, dict]:
        """Losses and gradients on windows x (B, T, d); ``k_mat`` fixes K instead of refitting it (for checks)."""
        b, t, d = x.shape
        h = self.n_latent
        z = self.encoder.forward(x.reshape(-1, d)).reshape(b, t, h)
        if k_mat is None:  # refitted per batch, averaged over its sequences, and treated as a constant
            k_mat = ridge_koopman(z[:, :-1], z[:, 1:], ridge).mean(axis=0)
        z_pred = z[:, :-1] @ k_mat
        dec_in = np.concatenate([z_pred.reshape(-1, h), z.reshape(-1, h)], axis=0)
        out = self.decoder.forward(dec_in)
        n_fwd = b * (t - 1)
        r_fwd = out[:n_fwd].reshape(b, t - 1, d) - x[:, 1:]
        r_id = out[n_fwd:].reshape(b, t, d) - x
        # Σ_t MSE_t = Σ_t mean_{b,d} r² = mean over (b, d) of Σ_t r²
        l_fwd = float(np.sum(r_fwd ** 2) / (b * d))
        l_id = float(np.sum(r_id ** 2) / (b * d))
        g_out = np.concatenate([(2.0 / (b * d)) * r_fwd.reshape(-1, d), (2.0 * lambda_id / (b * d)) * r_id.reshape(-1, d)])
        dec_grads, g_dec_in = self.decoder.backward(g_out, return_input_grad=True)
        g_z = g_dec_in[n_fwd:].reshape(b, t, h)
        g_z[:, :-1] += g_dec_in[:n_fwd].reshape(b, t - 1, h) @ k_mat.T
        l_mi = l_vne = 0.0
        if lambda_mi:
            l_mi, g_mi = temporal_infonce(z, k=mi_k, tau=mi_tau)
            g_z += lambda_mi * g_mi
        if lambda_vne:
            l_vne, g_vne = latent_vne(z.reshape(-1, h))
            g_z += lambda_vne * g_vne.reshape(b, t, h)
        enc_grads = self.encoder.backward(g_z.reshape(-1, h))
        grads = {f"encoder.{k}": v for k, v in enc_grads.items()}
        grads.update({f"decoder.{k}": v for k, v in dec_grads.items()})
        total = l_fwd + lambda_id * l_id + lambda_mi * l_mi + lambda_vne * l_vne
        return {"total": total, "fwd": l_fwd, "id": l_id, "mi": l_mi, "vne": l_vne}, grads


def train_koopman_autoencoder(windows: np.ndarray, *, n_latent: int = 16, hidden: int = 64, steps: int = 500,
                              batch_size: int = 16, lr: float = 1e-3, lambda_id: float = 0.1, lambda_mi: float = 2.0,
                              lambda_vne: float = 0.1, ridge: float = 0.1, mi_k: int = 3, mi_tau: float = 0.1,
                              clip_norm: float = 1.0, seed: Any = 0) -> tuple[KoopmanAutoencoder, list]:
    """Train on windows (n_windows, T, d) with Adam and gradient clipping; returns the model and the loss history."""
    rng = check_rng(seed)
    model = KoopmanAutoencoder(windows.shape[2], hidden, n_latent, seed=rng)
    history = []

    def loss_and_grads(m, batch):
        losses, grads = m.loss_and_grads(batch, lambda_id=lambda_id, lambda_mi=lambda_mi, lambda_vne=lambda_vne,
                                         ridge=ridge, mi_k=mi_k, mi_tau=mi_tau)
        history.append(losses)
        return losses["total"], grads

    train(model, loss_and_grads, windows, steps=steps, batch_size=batch_size, optimizer=Adam(lr, clip_norm=clip_norm),
          seed=rng)
    return model, history


def koopman_rollout(model: KoopmanAutoencoder, k_mat: np.ndarray, x0: np.ndarray, n_steps: int) -> np.ndarray:
    """Decode z_0 K^t for t = 1..n_steps from the initial states x0 (m, d); returns (m, n_steps, d)."""
    z = model.encode(x0)
    outs = []
    for _ in range(n_steps):
        z = z @ k_mat
        outs.append(model.decoder.forward(z))
    return np.stack(outs, axis=1)
