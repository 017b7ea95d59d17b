"""Experiment code for notebook 39: dynamic subspace learners on synthetic multi-attribute data.

Adiga Vasudeva, Dolz, Lombaert, "Attention-based Dynamic Subspace Learners for
Medical Image Analysis", IEEE JBHI 26(9), 2022, arXiv:2206.09068. Code:
https://github.com/adigasu/Dynamic_subspace_learners.

* :func:`attribute_task`: samples with two attributes (a "shape" A and a
  "colour" B, four values each) and nuisance inputs; the class is (A, B);
* :func:`subspace_embed`: the network's embedding with each subspace L2-normalised;
* :func:`train_subspace_learners`: divide-and-conquer training (K-means of the
  penultimate features assigns each sample to a learner every few epochs;
  learner k is trained on its cluster's batches with its own triplet loss),
  with the dynamic growth rule (patience on validation NMI, Taylor importance,
  split of the last learner) or a fixed number of learners.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sklearn.cluster import KMeans

from ..measures import clustering_nmi
from ..models import MLP, Adam, split_last_subspace, subspace_triplet_loss, taylor_importance
from ..validation import check_int, check_real, check_rng

__all__ = ["attribute_task", "subspace_embed", "SubspaceRun", "train_subspace_learners"]


def attribute_task(n_per_class: int, *, noise: float = 0.5, n_values: int = 4, n_nuisance: int = 16,
                   seed: Any = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """x = [onehot(A) + noise | onehot(B) + noise | N(0, I) nuisance]; returns x, class = A * n_values + B, A, B."""
    func = "attribute_task"
    n = check_int(n_per_class, "n_per_class", low=1, func=func)
    s = check_real(noise, "noise", low=0.0, func=func)
    v = check_int(n_values, "n_values", low=2, func=func)
    m = check_int(n_nuisance, "n_nuisance", low=0, func=func)
    rng = check_rng(seed, func=func)
    a = np.repeat(np.arange(v), v * n)
    b = np.tile(np.repeat(np.arange(v), n), v)
    eye = np.eye(v)
    x = np.hstack([eye[a] + s * rng.standard_normal((len(a), v)), eye[b] + s * rng.standard_normal((len(a), v)),
                   rng.standard_normal((len(a), m))])
    return x, a * v + b, a, b


def subspace_embed(net: MLP, x: np.ndarray, sizes: list[int]) -> np.ndarray:
    """The embedding with each subspace L2-normalised (what retrieval and clustering see)."""
    e = np.asarray(net.forward(x))
    out, lo = np.empty_like(e), 0
    for s in sizes:
        part = e[:, lo:lo + s]
        out[:, lo:lo + s] = part / np.maximum(np.linalg.norm(part, axis=1, keepdims=True), 1e-300)
        lo += s
    return out


@dataclass
class SubspaceRun:
    net: MLP
    sizes: list[int]
    nmi_history: list[float] = field(default_factory=list)
    k_history: list[int] = field(default_factory=list)
    splits: list[int] = field(default_factory=list)


def train_subspace_learners(x: np.ndarray, y: np.ndarray, x_val: np.ndarray, y_val: np.ndarray, *,
                            n_learners: int = 1, dynamic: bool = False, embedding_dim: int = 32, hidden: int = 64,
                            epochs: int = 40, batch_size: int = 64, lr: float = 1e-3, margin: float = 0.2,
                            patience: int = 5, recluster_every: int = 2, seed: Any = 0) -> SubspaceRun:
    """Train an MLP embedding with K subspace learners (fixed K, or K grown from ``n_learners`` by the dynamic rule)."""
    func = "train_subspace_learners"
    k0 = check_int(n_learners, "n_learners", low=1, func=func)
    e_dim = check_int(embedding_dim, "embedding_dim", low=k0, func=func)
    ep = check_int(epochs, "epochs", low=1, func=func)
    bs = check_int(batch_size, "batch_size", low=3, func=func)
    pat = check_int(patience, "patience", low=1, func=func)
    every = check_int(recluster_every, "recluster_every", low=1, func=func)
    rng = check_rng(seed, func=func)
    net = MLP([x.shape[1], hidden, e_dim], seed=rng)
    opt = Adam(lr=lr)
    base = e_dim // k0
    sizes = [base] * (k0 - 1) + [e_dim - base * (k0 - 1)]
    run = SubspaceRun(net, sizes)
    assign = np.zeros(len(x), dtype=int)
    best, best_epoch = -np.inf, 0
    last = net.n_layers - 1
    for epoch in range(ep):
        k = len(run.sizes)
        if k > 1 and epoch % every == 0:
            feats = np.asarray(net.hidden_activations(x)[-1])
            assign = KMeans(k, n_init=3, random_state=int(rng.integers(2 ** 31))).fit_predict(feats)
        elif k == 1:
            assign[:] = 0
        acts, grads = [], []
        lo_last = sum(run.sizes[:-1])
        batches = []
        for learner in range(k):
            idx = rng.permutation(np.flatnonzero(assign == learner))
            batches += [(learner, idx[s:s + bs]) for s in range(0, len(idx) - 2, bs)]
        for j in rng.permutation(len(batches)):
            learner, idx = batches[j]
            _, counts = np.unique(y[idx], return_counts=True)
            if len(counts) < 2 or counts.max() < 2:   # no valid triplet in this batch
                continue
            e = np.asarray(net.forward(x[idx], train=True))
            _, g = subspace_triplet_loss(e, y[idx], run.sizes, learner, margin=margin)
            acts.append(e[:, lo_last:])
            grads.append(g[:, lo_last:])
            opt.step(net.params, net.backward(g))
        nmi = clustering_nmi(subspace_embed(net, x_val, run.sizes), y_val, seed=0)
        run.nmi_history.append(nmi)
        run.k_history.append(len(run.sizes))
        if nmi > best:
            best, best_epoch = nmi, epoch
        elif dynamic and epoch - best_epoch >= pat and acts:
            a, g = np.vstack(acts), np.vstack(grads)
            if np.ptp(np.abs(np.mean(a * g, axis=0))) > 0:
                out = split_last_subspace(run.sizes, taylor_importance(a, g))
                if out is not None:
                    new_sizes, order = out
                    w, b = net.params[f"W{last}"], net.params[f"b{last}"]
                    cols = lo_last + order
                    w[:, lo_last:] = w[:, cols]
                    b[lo_last:] = b[cols]
                    start = lo_last + new_sizes[-2]
                    w[:, start:] = rng.standard_normal((w.shape[0], w.shape[1] - start)) * np.sqrt(2.0 / (w.shape[0] + e_dim))
                    b[start:] = 0.0
                    opt = Adam(lr=lr)   # fresh moments for the re-arranged layer
                    run.sizes = new_sizes
                    run.splits.append(epoch)
            best_epoch = epoch   # at most one split per cycle of patience
    return run
