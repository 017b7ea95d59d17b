"""Experiments of "Superposition as lossy compression" (Bereska et al., arXiv:2512.13568) at workbook scale.

* :func:`sae_feature_count`: normalise activations to unit RMS, train a tied
  sparse autoencoder, return F = exp(H(p)) of its codes.
* :func:`atom_feature_overlap`: |cosine| between a dictionary's atoms and
  known feature directions (what the dictionary found).
* :class:`ToyModel` / :func:`train_toy_model`: Elhage et al.'s ReLU-output
  toy model of superposition x̂ = ReLU(Wᵀ W x + b) with importance-weighted
  MSE, hand-derived gradients.
* :func:`dropout_parity_experiment`: effective features of a one-hidden-layer
  network on multi-task sparse parity, across dropout rates.
* :func:`adversarial_digits_experiment`: PGD adversarial training of an MLP on
  scikit-learn's digits and F of its hidden layer, across ε.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..data.sparse_features import multitask_sparse_parity, toy_model_features
from ..measures.representation import effective_feature_count, feature_activation_shares
from ..models import (
    MLP,
    Adam,
    TiedSparseAutoencoder,
    binary_cross_entropy_with_logits,
    classification_accuracy,
    softmax_cross_entropy,
    train,
)
from ..validation import check_rng

__all__ = [
    "sae_feature_count",
    "atom_feature_overlap",
    "ToyModel",
    "train_toy_model",
    "dropout_parity_experiment",
    "pgd_attack",
    "adversarial_digits_experiment",
]


def sae_feature_count(activations: np.ndarray, *, expansion: int = 4, l1: float = 3.0, epochs: int = 100,
                      batch_size: int = 128, lr: float = 3e-3, seed: Any = 0) -> dict:
    """Effective feature count of a layer: unit-RMS activations → tied SAE → F = exp(H(p)).

    Returns a dict with ``F``, ``psi`` (F / N), ``shares`` (p_i of each atom),
    ``final_loss``, ``rms`` (the scale divided out) and the trained ``sae``.
    Rows that are all zero are kept (they are part of the layer's activity).
    """
    h = np.asarray(activations, dtype=float)
    rms = float(np.sqrt(np.mean(h * h)))
    if rms == 0.0:
        raise ValueError("sae_feature_count: the activations are all zero; the layer is dead.")
    h = h / rms
    n = h.shape[1]
    sae = TiedSparseAutoencoder(n, expansion * n, seed=seed)
    hist = sae.fit(h, l1=l1, epochs=epochs, batch_size=batch_size, lr=lr, seed=seed)
    codes = sae.encode(h)
    f = effective_feature_count(codes)
    return {"F": f, "psi": f / n, "shares": feature_activation_shares(codes), "final_loss": float(hist[-1]),
            "rms": rms, "sae": sae}


def atom_feature_overlap(sae: TiedSparseAutoencoder, directions: np.ndarray) -> np.ndarray:
    """|cos| between every true feature direction (rows) and every dictionary atom (columns).

    The atoms of a tied autoencoder are the columns of ``W`` (N × D): the code
    ``a_i`` reads along ``W[:, i]`` and writes back along it. Returns an array
    of shape (n_features, D) with entries in [0, 1]; a dead atom of zero norm
    gets 0.
    """
    d = np.asarray(directions, dtype=float)
    w = np.asarray(sae.params["W"], dtype=float)
    if d.ndim != 2 or d.shape[1] != w.shape[0]:
        raise ValueError(f"The 'directions' parameter of atom_feature_overlap must have shape (k, {w.shape[0]}). "
                         f"Got {d.shape} instead.")
    dn = d / np.linalg.norm(d, axis=1, keepdims=True)
    norms = np.linalg.norm(w, axis=0)
    wn = np.divide(w, norms, out=np.zeros_like(w), where=norms > 0)
    return np.abs(dn @ wn)


class ToyModel:
    """x̂ = ReLU(x W Wᵀ + b), W of shape (n_features, n_hidden) (Elhage et al., arXiv:2209.10652)."""

    def __init__(self, n_features: int, n_hidden: int, seed: Any = 0):
        rng = check_rng(seed)
        bound = np.sqrt(6.0 / (n_features + n_hidden))
        self.params = {"W": rng.uniform(-bound, bound, size=(n_features, n_hidden)), "b": np.zeros(n_features)}

    def hidden(self, x):
        return x @ self.params["W"]

    def loss_and_grads(self, x, importance):
        W, b = self.params["W"], self.params["b"]
        h = x @ W
        pre = h @ W.T + b
        out = np.maximum(pre, 0)
        r = out - x
        loss = float(np.mean(np.sum(importance * r * r, axis=1)))
        g_pre = (2.0 / x.shape[0]) * importance * r * (pre > 0)
        grad_w = g_pre.T @ h + x.T @ (g_pre @ W)
        return loss, {"W": grad_w, "b": g_pre.sum(axis=0)}


def train_toy_model(n_features: int = 20, n_hidden: int = 5, sparsity: float = 0.9, *, importance_decay: float = 0.9,
                    steps: int = 3000, batch_size: int = 256, lr: float = 1e-2, seed: Any = 0) -> dict:
    """Train a toy model on fresh sparse batches; ground truth = #features with ‖W_i‖ > 0.5."""
    rng = check_rng(seed)
    model = ToyModel(n_features, n_hidden, seed=rng)
    importance = importance_decay ** np.arange(n_features)
    opt = Adam(lr)
    x_all = toy_model_features(steps * batch_size, n_features, sparsity, seed=rng)
    starts = iter(range(0, steps * batch_size, batch_size))

    def next_batch(_rng: np.random.Generator) -> tuple:  # the next block of the pre-drawn features
        start = next(starts)
        return x_all[start:start + batch_size], importance

    history = train(model, lambda m, xb, w: m.loss_and_grads(xb, w), next_batch, steps=steps, optimizer=opt,
                    seed=rng)
    norms = np.linalg.norm(model.params["W"], axis=1)
    return {"model": model, "norms": norms, "represented": int(np.sum(norms > 0.5)), "loss": float(history[-1])}


def dropout_parity_experiment(dropout: float, *, hidden: int = 64, epochs: int = 300, batch_size: int = 64,
                              lr: float = 1e-3, sae_l1: float = 3.0, sae_epochs: int = 100, seed: Any = 0) -> dict:
    """One-hidden-layer ReLU network on multi-task sparse parity (3 tasks × 4 bits), then F of its hidden layer."""
    x, y, _ = multitask_sparse_parity(3, 4)
    net = MLP([x.shape[1], hidden, 1], dropout=dropout, seed=seed)
    targets = y[:, None].astype(float)

    def step(m, xb, yb):
        loss, g = binary_cross_entropy_with_logits(m.forward(xb, train=True), yb)
        return loss, m.backward(g)

    hist = train(net, step, (x, targets), epochs=epochs, batch_size=batch_size, optimizer=Adam(lr), seed=seed)
    acc = float(np.mean((net.predict(x)[:, 0] > 0) == (y == 1)))
    h = net.hidden_activations(x)[0]
    res = sae_feature_count(h, l1=sae_l1, epochs=sae_epochs, seed=seed)
    return {"dropout": dropout, "accuracy": acc, "F": res["F"], "psi": res["psi"], "loss": float(hist[-1])}


def pgd_attack(net: MLP, x: np.ndarray, y: np.ndarray, eps: float, *, steps: int = 10, step_size: float | None = None,
               rng: np.random.Generator | None = None) -> np.ndarray:
    """L∞ projected gradient ascent on the cross-entropy, inputs kept in [0, 1] (Madry et al., arXiv:1706.06083)."""
    if eps == 0:
        return x
    alpha = 2.5 * eps / steps if step_size is None else step_size
    rng = np.random.default_rng(0) if rng is None else rng
    adv = np.clip(x + rng.uniform(-eps, eps, size=x.shape), 0.0, 1.0)
    for _ in range(steps):
        _, g = softmax_cross_entropy(net.forward(adv), y)
        _, g_x = net.backward(g, return_input_grad=True)
        adv = np.clip(np.minimum(np.maximum(adv + alpha * np.sign(g_x), x - eps), x + eps), 0.0, 1.0)
    return adv


def adversarial_digits_experiment(eps: float, *, classes: tuple = (0, 1), hidden: int = 64, epochs: int = 30,
                                  batch_size: int = 64, lr: float = 3e-3, pgd_steps: int = 10, eval_eps: float = 0.1,
                                  sae_l1: float = 3.0, sae_epochs: int = 100, seed: Any = 0) -> dict:
    """PGD-trained MLP on a digits task; F of the hidden layer on clean test inputs, clean and robust accuracy."""
    from sklearn.datasets import load_digits  # noqa: PLC0415

    x, y = load_digits(return_X_y=True)
    keep = np.isin(y, classes)
    x, y = x[keep] / 16.0, np.searchsorted(np.asarray(sorted(classes)), y[keep])
    rng = check_rng(seed)
    order = rng.permutation(len(y))
    n_train = int(0.7 * len(y))
    tr, te = order[:n_train], order[n_train:]
    net = MLP([64, hidden, len(classes)], seed=rng)
    attack_rng = np.random.default_rng(rng.integers(2**32))

    def step(m, xb, yb):
        xa = pgd_attack(m, xb, yb, eps, steps=pgd_steps, rng=attack_rng)
        loss, g = softmax_cross_entropy(m.forward(xa, train=True), yb)
        return loss, m.backward(g)

    train(net, step, (x[tr], y[tr]), epochs=epochs, batch_size=batch_size, optimizer=Adam(lr), seed=rng)
    clean = classification_accuracy(net.predict(x[te]), y[te])
    robust = classification_accuracy(net.predict(pgd_attack(net, x[te], y[te], eval_eps, steps=pgd_steps,
                                                           rng=np.random.default_rng(1))), y[te])
    h = net.hidden_activations(x[te])[0]
    res = sae_feature_count(h, l1=sae_l1, epochs=sae_epochs, seed=seed)
    return {"eps": eps, "clean_accuracy": clean, "robust_accuracy": robust, "F": res["F"], "psi": res["psi"]}
