"""Experiment code for notebook 27: structured bilinear similarities on synthetic cross-modal pairs.

Diao, Zhang, Gao, Zhu, Chen, Lu, "GSSF: Generalized Structural Sparse Function
for Deep Cross-modal Metric Learning", IEEE TIP 2024, arXiv:2410.15266.
Code: https://github.com/Paranioar/GSSF (not released at the time of writing).

* :func:`coupled_pairs`: two "modalities" x = normalize(z + noise) and
  y = normalize(R z + noise) of one latent z, with a coupling R that is
  diagonal (channel relevance), block-diagonal (dependency inside groups of
  channels) or a dense rotation;
* :func:`cross_modal_recall`: Recall@K of a query-by-candidate score matrix
  whose diagonal holds the matches, in both directions;
* :func:`train_similarity`: Adam on the symmetric InfoNCE loss over minibatches of pairs.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.stats import ortho_group

from ..models import Adam, StructuredBilinearSimilarity, symmetric_infonce_loss
from ..validation import check_choice, check_int, check_real, check_rng, check_samples

__all__ = ["COUPLINGS", "coupling_matrix", "coupled_pairs", "cross_modal_recall", "train_similarity"]

COUPLINGS = ("diagonal", "block", "dense")


def coupling_matrix(kind: str, dim: int, block_size: int, seed: Any = 0) -> np.ndarray:
    """R: diagonal with random signs and scales in [0.5, 1.5], block-diagonal random orthogonal blocks, or a dense rotation."""
    func = "coupling_matrix"
    check_choice(kind, "kind", COUPLINGS, func)
    d = check_int(dim, "dim", low=1, func=func)
    b = check_int(block_size, "block_size", low=1, high=d, func=func)
    rng = check_rng(seed, func=func)
    if kind == "diagonal":
        return np.diag(rng.choice([-1.0, 1.0], d) * rng.uniform(0.5, 1.5, d))
    if kind == "dense":
        return ortho_group.rvs(d, random_state=rng)
    if d % b:
        raise ValueError(f"The 'block_size' parameter of {func} must divide dim = {d}. Got {b} instead.")
    r = np.zeros((d, d))
    for k in range(d // b):
        r[k * b:(k + 1) * b, k * b:(k + 1) * b] = ortho_group.rvs(b, random_state=rng) if b > 1 else rng.choice([-1.0, 1.0])
    return r


def _unit(a: np.ndarray) -> np.ndarray:
    return a / np.linalg.norm(a, axis=1, keepdims=True)


def coupled_pairs(coupling: np.ndarray, n: int, noise: float, seed: Any = 0) -> tuple[np.ndarray, np.ndarray]:
    """n pairs x = normalize(z + noise eps1), y = normalize(R z + noise eps2), z ~ N(0, I)."""
    func = "coupled_pairs"
    r = np.asarray(coupling, dtype=float)
    k = check_int(n, "n", low=1, func=func)
    s = check_real(noise, "noise", low=0.0, func=func)
    rng = check_rng(seed, func=func)
    z = rng.standard_normal((k, r.shape[0]))
    x = _unit(z + s * rng.standard_normal(z.shape))
    y = _unit(z @ r.T + s * rng.standard_normal(z.shape))
    return x, y


def cross_modal_recall(scores: Any, ks: Any = (1, 5, 10)) -> dict[str, dict[int, float]]:
    """Recall@K of a square score matrix (row i matches column i): query rows ("x→y") and query columns ("y→x").

    A match counts at K if fewer than K candidates score strictly higher (ties favour the match).
    """
    func = "cross_modal_recall"
    s = check_samples(scores, "scores", func=func)
    if s.shape[0] != s.shape[1]:
        raise ValueError(f"The 'scores' parameter of {func} must be square. Got shape {s.shape} instead.")
    ks = [check_int(int(k), "ks", low=1, high=s.shape[0], func=func) for k in ks]
    out = {}
    for name, m in (("x→y", s), ("y→x", s.T)):
        rank = np.sum(m > np.diag(m)[:, None], axis=1)
        out[name] = {k: float(np.mean(rank < k)) for k in ks}
    return out


def train_similarity(sim: StructuredBilinearSimilarity, x: np.ndarray, y: np.ndarray, *, epochs: int = 20,
                     batch_size: int = 250, lr: float = 0.01, temperature: float = 0.05,
                     seed: Any = 0) -> list[float]:
    """Adam on the symmetric InfoNCE loss of minibatches of pairs; returns the mean loss of each epoch."""
    func = "train_similarity"
    e = check_int(epochs, "epochs", low=0, func=func)
    bs = check_int(batch_size, "batch_size", low=2, func=func)
    rng = check_rng(seed, func=func)
    opt = Adam(lr=lr)
    history = []
    for _ in range(e):
        order = rng.permutation(x.shape[0])
        losses = []
        for start in range(0, len(order) - bs + 1, bs):
            idx = order[start:start + bs]
            loss, grad = symmetric_infonce_loss(sim.forward(x[idx], y[idx]), temperature)
            opt.step(sim.params, sim.backward(grad))
            losses.append(loss)
        history.append(float(np.mean(losses)))
    return history
