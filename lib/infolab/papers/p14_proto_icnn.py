"""Experiment code for notebook 14: ProtoNet episodes on digits with the Proto-Triplet and ICNN losses.

Mendez-Ruiz, Gonzalez-Zapata, Reyes-Amezcua, Flores-Araiza, Lopez-Tiro,
Mendez-Vazquez, Ochoa-Ruiz, "SuSana Distancia is all you need: enforcing class
separability in metric learning via two novel distance-based loss functions for
few-shot image classification", arXiv:2305.09062 (2023). Code:
https://github.com/maumruiz/FSL-Loss.

* :func:`sample_episode`: an N-way K-shot episode with Q queries per class;
* :func:`episode_objective`: the reference's objective (CE + selected terms) / number of terms;
* :func:`train_protonet` and :func:`evaluate_protonet` (accuracy ± 95 % interval over episodes).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..measures import icnn_score
from ..models import MLP, Adam, icnn_loss, proto_triplet_loss, prototypical_loss, train
from ..validation import check_int, check_rng

__all__ = ["LOSS_TERMS", "sample_episode", "episode_objective", "train_protonet", "evaluate_protonet"]

LOSS_TERMS = ("cross", "suppicnn", "queryicnn", "fullicnn", "prototriplet")


def sample_episode(x: np.ndarray, y: np.ndarray, way: int, shot: int, query: int, rng: np.random.Generator):
    """Rows of ``way`` random classes: ``shot`` support then ``query`` queries each; labels 0..way−1.

    Returns (x_episode, labels, is_query), support rows first (class-major), then queries.
    """
    classes = rng.choice(np.unique(y), size=way, replace=False)
    sup, qry = [], []
    for c in classes:
        rows = rng.choice(np.flatnonzero(y == c), size=shot + query, replace=False)
        sup.append(rows[:shot])
        qry.append(rows[shot:])
    idx = np.concatenate(sup + qry)
    labels = np.concatenate([np.repeat(np.arange(way), shot), np.repeat(np.arange(way), query)])
    return x[idx], labels, np.arange(idx.size) >= way * shot


def _k_for(n_target: int, k: int) -> int:
    """The reference lowers k to n − 2 on small sets; done here explicitly, before calling the score."""
    return min(k, n_target - 2)


def episode_objective(z: np.ndarray, labels: np.ndarray, is_query: np.ndarray, terms, *, shot: int, query: int,
                      k: int = 4, margin: float = 0.5):
    """(CE + Σ selected terms) / len(terms) on one episode's embeddings, with its gradient and query accuracy.

    ``terms`` names from :data:`LOSS_TERMS`; "cross" must be one of them, as in the
    reference's scripts. "suppicnn" scores the support set, "queryicnn" the
    queries against the support, "fullicnn" support ∪ queries with
    ``k_search = shot + query``, "prototriplet" the Proto-Triplet loss.
    """
    terms = tuple(terms)
    if "cross" not in terms or any(t not in LOSS_TERMS for t in terms):
        raise ValueError(f"The 'terms' parameter of episode_objective must include 'cross' and name only {LOSS_TERMS}. "
                         f"Got {terms!r} instead.")
    loss, grad, acc = prototypical_loss(z, labels, is_query)
    s = ~is_query
    if "suppicnn" in terms:
        val, g = icnn_loss(z[s], labels[s], k=_k_for(int(s.sum()), k))
        loss += val
        grad[s] += g
    if "queryicnn" in terms:
        val, g_q, g_s = icnn_loss(z[is_query], labels[is_query], target=z[s], target_labels=labels[s],
                                  k=_k_for(int(s.sum()) + 1, k))
        loss += val
        grad[is_query] += g_q
        grad[s] += g_s
    if "fullicnn" in terms:
        n = z.shape[0]
        kk = _k_for(n, k)
        val, g = icnn_loss(z, labels, k=kk, k_search=min(max(shot + query, kk), n - 1))
        loss += val
        grad += g
    if "prototriplet" in terms:
        val, g = proto_triplet_loss(z, labels, is_query, margin=margin)
        loss += val
        grad += g
    c = len(terms)
    return loss / c, grad / c, acc


def train_protonet(x: np.ndarray, y: np.ndarray, terms=("cross",), *, steps: int = 200, way: int = 5,
                   shot: int = 5, query: int = 5, hidden: int = 64, dim: int = 32, learning_rate: float = 1e-3,
                   k: int = 4, margin: float = 0.5, seed: Any = 0):
    """Episodic training of an MLP ``d → hidden → dim`` embedding; returns (model, per-step objective)."""
    steps = check_int(steps, "steps", low=1, func="train_protonet")
    rng = check_rng(seed, "seed", "train_protonet")
    model = MLP([x.shape[1], hidden, dim], seed=rng)

    def loss_and_grads(m, xe, ye, q):
        loss, g, _ = episode_objective(m.forward(xe, train=True), ye, q, terms, shot=shot, query=query, k=k,
                                       margin=margin)
        return loss, m.backward(g)

    history = train(model, loss_and_grads, lambda r: sample_episode(x, y, way, shot, query, r), steps=steps,
                    optimizer=Adam(learning_rate), seed=rng)
    return model, history


def evaluate_protonet(model: MLP, x: np.ndarray, y: np.ndarray, *, way: int = 5, shot: int = 1, query: int = 15,
                      episodes: int = 200, k: int = 4, seed: Any = 0) -> dict:
    """Nearest-prototype accuracy over test episodes (mean and 95 % half-width 1.96·sd/√n, as the reference
    reports it) and the mean ICNN score of the support ∪ query embeddings."""
    rng = check_rng(seed, "seed", "evaluate_protonet")
    accs, scores = [], []
    for _ in range(episodes):
        xe, ye, q = sample_episode(x, y, way, shot, query, rng)
        z = model.predict(xe)
        _, _, acc = prototypical_loss(z, ye, q)
        accs.append(acc)
        scores.append(icnn_score(z, ye, k=_k_for(z.shape[0], k)).score)
    accs = np.asarray(accs)
    return {"accuracy": float(accs.mean()), "ci95": float(1.96 * accs.std() / np.sqrt(accs.size)),
            "icnn": float(np.mean(scores))}
