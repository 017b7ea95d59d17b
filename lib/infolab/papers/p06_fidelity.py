"""Data and helpers for notebook 06 (robust fidelity of GNN explanations).

* :func:`ba_two_motifs` — the BA-2Motifs benchmark of PGExplainer (Luo et al.
  2020, arXiv:2011.04573): a Barabási–Albert base graph with a house (class 0)
  or a five-cycle (class 1) attached by one edge; the motif edges are the
  ground-truth explanation.
* :func:`perturb_explanation` — explanations at a controlled distance from the
  truth, as in the reference code's ``generate_edit_distance_random.py``:
  remove each true edge with probability r, add each other edge with
  probability a·|truth|/|others| (at most 1).
* :func:`explanation_auc` — the gold standard, the ROC AUC of a binary
  explanation against the true edges: (1 + TPR - FPR) / 2.
* :func:`train_graph_classifier` — a :class:`~infolab.models.GraphConvClassifier`
  trained with Adam on the cross-entropy.
"""

from __future__ import annotations

import networkx as nx
import numpy as np

from ..models import Adam, GraphConvClassifier, softmax_cross_entropy, train

__all__ = ["ba_two_motifs", "perturb_explanation", "explanation_auc", "train_graph_classifier"]


def _motif(label: int) -> nx.Graph:
    return nx.house_graph() if label == 0 else nx.cycle_graph(5)


def ba_two_motifs(n_graphs: int, *, base_nodes: int = 20, seed=0):
    """BA-2Motifs graphs: (adjacency (B, N, N), labels (B,), ground-truth edge masks (B, N, N)), N = base + 5.

    Labels alternate 0, 1, 0, ... so the classes are balanced; the base graph
    is ``networkx.barabasi_albert_graph(base_nodes, 1)`` and the motif is joined
    to a random base node by one edge (not part of the ground truth).
    """
    rng = np.random.default_rng(seed)
    n = base_nodes + 5
    adjacency = np.zeros((n_graphs, n, n))
    truth = np.zeros((n_graphs, n, n), dtype=bool)
    labels = np.arange(n_graphs) % 2
    for g in range(n_graphs):
        base = nx.barabasi_albert_graph(base_nodes, 1, seed=int(rng.integers(2**31)))
        for i, j in base.edges():
            adjacency[g, i, j] = adjacency[g, j, i] = 1.0
        for i, j in _motif(labels[g]).edges():
            i, j = i + base_nodes, j + base_nodes
            adjacency[g, i, j] = adjacency[g, j, i] = 1.0
            truth[g, i, j] = truth[g, j, i] = True
        anchor = int(rng.integers(base_nodes))
        adjacency[g, anchor, base_nodes] = adjacency[g, base_nodes, anchor] = 1.0
    return adjacency, labels.astype(np.int64), truth


def perturb_explanation(adjacency, truth, removed: float, added: float, rng):
    """A random explanation: each true edge dropped with probability ``removed``, each other edge of the
    graph added with probability ``added`` · |truth| / |other edges| (capped at 1); undirected, per graph."""
    out = np.zeros_like(truth)
    upper = np.triu(np.ones(truth.shape[1:], dtype=bool), 1)[None]
    true_up = truth & upper
    other_up = (adjacency > 0) & ~truth & upper
    n_true = true_up.sum(axis=(1, 2), keepdims=True)
    n_other = other_up.sum(axis=(1, 2), keepdims=True)
    p_add = np.minimum(1.0, added * n_true / np.maximum(n_other, 1))
    u = rng.random(truth.shape)
    keep = true_up & (u >= removed)
    add = other_up & (u < p_add)
    out = keep | add
    return out | np.swapaxes(out, 1, 2)


def explanation_auc(adjacency, truth, masks) -> np.ndarray:
    """Per-graph ROC AUC of a binary explanation against the true edges: (1 + TPR - FPR) / 2."""
    upper = np.triu(np.ones(truth.shape[1:], dtype=bool), 1)[None]
    edges = (adjacency > 0) & upper
    t, m = truth & edges, masks & edges
    tpr = (t & m).sum(axis=(1, 2)) / t.sum(axis=(1, 2))
    fpr = (~t & edges & m).sum(axis=(1, 2)) / (~t & edges).sum(axis=(1, 2))
    return 0.5 * (1.0 + tpr - fpr)


def train_graph_classifier(adjacency, features, labels, *, hidden=(20, 20, 20), epochs=100, batch_size=64,
                           lr=0.01, seed=0):
    """A GraphConvClassifier trained on the cross-entropy with Adam; returns (model, loss per epoch)."""
    model = GraphConvClassifier(features.shape[2], int(labels.max()) + 1, hidden=hidden, seed=seed)

    def step(m, a, x, y):
        loss, g = softmax_cross_entropy(m.forward(a, x), y)
        return loss, m.backward(g)

    history = train(model, step, (adjacency, features, labels), epochs=epochs, batch_size=batch_size,
                    optimizer=Adam(lr), seed=seed)
    return model, history
