"""Experiment code for notebooks 08 and 17: zero-shot metric learning on scikit-learn's digits.

Yuan, Deng, Tang, Tang, Chen, "Signal-to-noise ratio: a robust distance metric
for deep metric learning", CVPR 2019, arXiv:1904.02616 (notebook 08), and
Chen, Deng, "Energy confused adversarial metric learning for zero-shot image
retrieval and clustering", AAAI 2019, arXiv:1901.07169 (notebook 17), share one
protocol here: train an MLP embedding with a triplet loss on some digit classes,
evaluate Recall@K and NMI on the held-out classes.

* :func:`zero_shot_digits`: the split (pixels scaled to [0, 1]);
* :func:`class_balanced_batch`: P classes × K images per batch;
* :func:`train_triplet_embedding`: triplet training with Euclidean or SNR
  distance, the zero-mean regulariser, and optionally the energy-confusion
  term applied to the last (embedding) layer only, as in ECAML;
* :func:`evaluate_embedding`: Recall@K, NMI, MAP@R and class-distance ratios.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.datasets import load_digits

from ..measures import class_distance_ratio, clustering_nmi, embedding_recall_at_k, map_at_r
from ..models import (
    MLP,
    Adam,
    energy_confusion_loss,
    sample_negative_pairs,
    train,
    triplet_margin_loss,
    zero_mean_penalty,
)
from ..validation import check_choice, check_int, check_real, check_rng

__all__ = ["zero_shot_digits", "class_balanced_batch", "train_triplet_embedding", "triplet_step_gradients",
           "evaluate_embedding"]


def zero_shot_digits(train_classes=(0, 1, 2, 3, 4)):
    """Digits split by class: (x_train, y_train, x_test, y_test), pixels in [0, 1], test classes disjoint."""
    x, y = load_digits(return_X_y=True)
    x = x / 16.0
    train = np.isin(y, list(train_classes))
    if train.all() or not train.any():
        raise ValueError("The 'train_classes' parameter of zero_shot_digits must leave classes on both sides. "
                         f"Got {train_classes!r} instead.")
    return x[train], y[train], x[~train], y[~train]


def class_balanced_batch(y: np.ndarray, n_classes: int, per_class: int, rng: np.random.Generator) -> np.ndarray:
    """Row indices of ``n_classes`` random classes × ``per_class`` random rows each (without replacement)."""
    classes = np.unique(y)
    n_classes = check_int(n_classes, "n_classes", low=2, high=classes.size, func="class_balanced_batch")
    chosen = rng.choice(classes, size=n_classes, replace=False)
    return np.concatenate([rng.choice(np.flatnonzero(y == c), size=per_class, replace=False) for c in chosen])


def train_triplet_embedding(x: np.ndarray, y: np.ndarray, *, distance: str = "euclidean", margin: float = 0.2,
                            zero_mean_weight: float = 0.0, confusion_weight: float = 0.0,
                            confusion_per_anchor: int = 10, steps: int = 300, hidden: int = 128,
                            dim: int = 32, learning_rate: float = 1e-3, classes_per_batch: int = 5,
                            per_class: int = 4, seed: Any = 0, history_every: int = 0):
    """Train an MLP ``d → hidden → dim`` with the triplet loss over every triplet of class-balanced batches.

    ``zero_mean_weight`` weighs :func:`~infolab.models.zero_mean_penalty` (the SNR
    paper's λ); ``confusion_weight`` weighs ECAML's energy confusion
    log E over sampled negative pairs, whose gradient is applied to the last
    layer (W1, b1) only, as the released Caffe model does (the backbone does not
    receive it). Returns ``(model, losses)`` with the per-step metric loss.
    """
    func = "train_triplet_embedding"
    check_choice(distance, "distance", ("euclidean", "snr"), func)
    zero_mean_weight = check_real(zero_mean_weight, "zero_mean_weight", low=0.0, func=func)
    confusion_weight = check_real(confusion_weight, "confusion_weight", low=0.0, func=func)
    steps = check_int(steps, "steps", low=1, func=func)
    rng = check_rng(seed, "seed", func)
    model = MLP([x.shape[1], hidden, dim], seed=rng)

    def draw(r):
        idx = class_balanced_batch(y, classes_per_batch, per_class, r)
        pairs = sample_negative_pairs(y[idx], confusion_per_anchor, seed=r) if confusion_weight else None
        return x[idx], y[idx], pairs

    def loss_and_grads(m, xb, yb, pairs):
        return triplet_step_gradients(m, xb, yb, distance=distance, margin=margin, zero_mean_weight=zero_mean_weight,
                                      confusion_weight=confusion_weight, confusion_pairs=pairs)

    losses = train(model, loss_and_grads, draw, steps=steps, optimizer=Adam(learning_rate), seed=rng)
    return model, losses


def triplet_step_gradients(model: MLP, xb: np.ndarray, yb: np.ndarray, *, distance: str = "euclidean",
                           margin: float = 0.2, zero_mean_weight: float = 0.0, confusion_weight: float = 0.0,
                           confusion_pairs: Any = None):
    """Metric loss of one batch and the parameter gradients of the whole objective.

    The triplet loss (plus ``zero_mean_weight`` × the zero-mean penalty) reaches
    every layer; ``confusion_weight`` × the energy confusion over
    ``confusion_pairs`` reaches only the last layer, ECAML's shared embedding
    layer (the backbone is cut off from it, ``propagate_down: 0``).
    """
    out = model.forward(xb, train=True)
    loss, g = triplet_margin_loss(out, yb, margin=margin, distance=distance)
    if zero_mean_weight:
        g = g + zero_mean_weight * zero_mean_penalty(out)[1]
    grads = model.backward(g)
    if confusion_weight:
        _, g_ec = energy_confusion_loss(out, yb, pairs=confusion_pairs)
        g_last = model.backward(confusion_weight * g_ec)
        last = model.n_layers - 1
        for name in (f"W{last}", f"b{last}"):
            grads[name] = grads[name] + g_last[name]
    return loss, grads


def evaluate_embedding(model: MLP, x: np.ndarray, y: np.ndarray, *, metric: str = "euclidean", seed: Any = 0,
                       ks=(1, 2, 4, 8)) -> dict:
    """Recall@K, NMI (k-means, k = number of classes), MAP@R and the same/different class distance ratio."""
    z = model.predict(x)
    out = {f"R@{k}": v for k, v in embedding_recall_at_k(z, y, ks, metric=metric).items()}
    out["NMI"] = clustering_nmi(z, y, seed=seed)
    out["MAP@R"] = map_at_r(z, y, metric=metric)
    out["ratio"] = class_distance_ratio(z, y, metric="snr" if metric == "snr" else "euclidean")
    return out
