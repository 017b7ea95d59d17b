"""Training-dynamics analogue of Liao et al. (arXiv:2312.04823) on scikit-learn's digits.

A small MLP is trained with Adam on the true labels and, separately, on a
fixed random relabelling. Every ``log_every`` epochs (and at the first and last)
the penultimate representation Z of a fixed evaluation subset is summarised by
DSE(Z), DSMI(Z; Y) with the true labels, and DSMI(Z; X) with X summarised by
k-means clusters of the pixels.
"""

from __future__ import annotations

import math
from typing import Any, Callable

import numpy as np
from sklearn.cluster import KMeans
from sklearn.datasets import load_digits

from ..backend import to_numpy
from ..measures.diffusion import diffusion_spectral_entropy, diffusion_spectral_mutual_information
from ..models.losses import classification_accuracy, softmax_cross_entropy
from ..models.mlp import MLP
from ..models.optim import Adam
from ..validation import check_int

__all__ = ["train_and_track"]


def _track(net: MLP, x_eval: np.ndarray, y_eval: np.ndarray, x_clusters: np.ndarray, seed: int) -> dict[str, float]:
    z = to_numpy(net.hidden_activations(x_eval)[-1])
    sigma = math.sqrt(z.shape[1])  # σ = √(feature dim), as in the paper's later experiments
    return {
        "dse_z": diffusion_spectral_entropy(z, sigma=sigma, base=2),
        "dsmi_zy": diffusion_spectral_mutual_information(z, y_eval, sigma=sigma, seed=seed, base=2),
        "dsmi_zx": diffusion_spectral_mutual_information(z, x_clusters, sigma=sigma, seed=seed, base=2),
    }


def train_and_track(*, epochs: int, samples: int, hidden: list[int], lr: float, seed: int,
                    device: str = "cpu", batch_size: int = 64, n_clusters: int = 10, log_every: int = 1,
                    progress: Callable = lambda it, **_: it) -> dict[str, Any]:
    """Train on true and on shuffled labels; return DSE/DSMI (bits), loss and accuracy along training.

    The measures are logged at epoch 0 (the untrained network), every
    ``log_every`` epochs and after the last epoch; ``epoch`` lists the epochs
    logged. Both runs start from the same weights and see the same batches.
    The evaluation (one DSE and two DSMI on ``samples`` points) costs far more
    than an epoch of training, so ``log_every`` sets the run time.
    """
    epochs = check_int(epochs, "epochs", low=0, func="train_and_track")
    log_every = check_int(log_every, "log_every", low=1, func="train_and_track")
    digits = load_digits()
    x = digits.data / 16.0
    y = digits.target.astype(np.int64)
    rng = np.random.default_rng(seed)
    eval_idx = np.sort(rng.choice(x.shape[0], size=min(samples, x.shape[0]), replace=False))
    x_eval, y_eval = x[eval_idx], y[eval_idx]
    x_clusters = KMeans(n_clusters=n_clusters, n_init=10, random_state=seed).fit_predict(x_eval)
    shuffled = rng.permutation(y)
    out: dict[str, Any] = {}
    for name, labels in (("true_labels", y), ("shuffled_labels", shuffled)):
        net = MLP([x.shape[1], *hidden, 10], seed=seed, device=device)
        opt = Adam(lr=lr)
        order_rng = np.random.default_rng(seed + 1)
        hist: dict[str, list[float]] = {"epoch": [], "dse_z": [], "dsmi_zy": [], "dsmi_zx": [], "loss": [],
                                        "train_accuracy": []}

        def log(epoch: int, hist=hist, net=net, labels=labels) -> None:
            hist["epoch"].append(epoch)
            for k, v in _track(net, x_eval, y_eval, x_clusters, seed).items():
                hist[k].append(v)
            logits = net.predict(x)
            hist["loss"].append(softmax_cross_entropy(logits, labels)[0])
            hist["train_accuracy"].append(classification_accuracy(logits, labels))

        log(0)
        for epoch in progress(range(1, epochs + 1), desc=name.replace("_", " ")):
            order = order_rng.permutation(x.shape[0])
            for start in range(0, x.shape[0], batch_size):
                batch = order[start:start + batch_size]
                logits = net.forward(x[batch], train=True)
                _, grad = softmax_cross_entropy(logits, labels[batch])
                opt.step(net.params, net.backward(grad))
            if epoch % log_every == 0 or epoch == epochs:
                log(epoch)
        out[name] = hist
    return out
