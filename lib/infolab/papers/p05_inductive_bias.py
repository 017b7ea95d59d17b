"""Tasks and hypothesis spaces for notebook 05 (exact computation of inductive bias).

* :func:`halfspace_task`: x ~ N(0, (4/d) I_d), label 1[w·x > 0] with a random direction w,
  one-hot targets; the input norm stays near 2 whatever d, so an RBF kernel of length 1
  sees the same scale of distances at every dimension.
* :func:`digits_task`: scikit-learn's 8 × 8 digits (shipped with the package), each image
  scaled to unit Euclidean norm, one-hot targets, a seeded train/test split.
* :func:`empirical_inductive_bias`: the direct Monte Carlo estimate −log(fraction of losses
  ≤ ε) with its delta-method standard error.
* :func:`train_mlp_ensemble`: many ReLU MLPs trained at once (stacked weights, full-batch
  Adam on the mean squared error to one-hot targets); returns each network's test MSE,
  the losses of a neural-network hypothesis space.

Examples
--------
>>> xtr, ytr, xte, yte = halfspace_task(8, 20, 10, seed=0)
>>> xtr.shape, ytr.shape, xte.shape
((20, 8), (20, 2), (10, 8))
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..validation import check_int, check_real, check_rng, check_samples

__all__ = ["halfspace_task", "digits_task", "empirical_inductive_bias", "train_mlp_ensemble"]


def halfspace_task(dim: int, n_train: int, n_test: int, *, seed: Any = 0):
    """(x_train, y_train, x_test, y_test) of the half-space task in ``dim`` dimensions, one-hot labels."""
    func = "halfspace_task"
    d = check_int(dim, "dim", low=1, func=func)
    ntr = check_int(n_train, "n_train", low=1, func=func)
    nte = check_int(n_test, "n_test", low=1, func=func)
    rng = check_rng(seed, func=func)
    w = rng.normal(size=d)
    x = rng.normal(0.0, math.sqrt(4.0 / d), size=(ntr + nte, d))
    y = np.eye(2)[(x @ w > 0).astype(int)]
    return x[:ntr], y[:ntr], x[ntr:], y[ntr:]


def digits_task(n_train: int, n_test: int, *, seed: Any = 0, resolution: int = 8):
    """(x_train, y_train, x_test, y_test) from scikit-learn's digits, unit-norm images, one-hot labels.

    ``resolution=4`` averages 2 × 2 blocks (16 inputs) before the scaling; 8 keeps the 64 pixels.
    """
    from sklearn.datasets import load_digits

    func = "digits_task"
    ntr = check_int(n_train, "n_train", low=1, func=func)
    nte = check_int(n_test, "n_test", low=1, high=1797 - ntr, func=func)
    if resolution not in (4, 8):
        raise ValueError(f"The 'resolution' parameter of {func} must be 4 or 8. Got {resolution!r} instead.")
    rng = check_rng(seed, func=func)
    x, labels = load_digits(return_X_y=True)
    if resolution == 4:
        x = x.reshape(-1, 4, 2, 4, 2).mean(axis=(2, 4)).reshape(-1, 16)
    x = x / np.linalg.norm(x, axis=1, keepdims=True)
    y = np.eye(10)[labels]
    perm = rng.permutation(x.shape[0])
    te, tr = perm[:nte], perm[nte:nte + ntr]
    return x[tr], y[tr], x[te], y[te]


def empirical_inductive_bias(losses: Any, epsilon: float) -> tuple[float, float]:
    """Direct Monte Carlo: I = −log p̂ with p̂ the fraction of losses ≤ ε, and its standard error.

    The delta method gives se(−log p̂) = √((1 − p̂) / (N p̂)); with no loss ≤ ε, p̂ = 0 and
    I = inf (se inf): Monte Carlo alone cannot see below its smallest sample.

    Examples
    --------
    >>> empirical_inductive_bias([1.0, 2.0, 3.0, 4.0], 2.5)
    (0.6931471805599453, 0.5)
    """
    func = "empirical_inductive_bias"
    arr = check_samples(losses, "losses", min_samples=1, func=func)[:, 0]
    eps = check_real(epsilon, "epsilon", func=func)
    hits = int(np.sum(arr <= eps))
    if hits == 0:
        return math.inf, math.inf
    p = hits / arr.size
    return -math.log(p), math.sqrt((1.0 - p) / (arr.size * p))


def train_mlp_ensemble(x_train: Any, y_train: Any, x_test: Any, y_test: Any, *, n_models: int, width: int = 64,
                       depth: int = 2, steps: int = 300, lr: float = 1e-2, seed: Any = 0):
    """Train ``n_models`` ReLU MLPs at once on (x_train, y_train); their train and test MSEs.

    Each network has ``depth`` hidden ReLU layers of ``width`` units and a linear output,
    He-initialised weights (normal, variance 2/fan_in; Xavier, 2/(fan_in + fan_out), on
    the output layer) and zero biases, and is trained by full-batch Adam (β = 0.9, 0.999,
    ε = 1e-8) on the mean squared error over every output entry. The networks differ only
    in their random initialisation, drawn from ``seed``.

    Returns
    -------
    (train_mse, test_mse) : two arrays of shape (n_models,)
    """
    func = "train_mlp_ensemble"
    xtr = check_samples(x_train, "x_train", func=func)
    ytr = check_samples(y_train, "y_train", func=func)
    xte = check_samples(x_test, "x_test", func=func)
    yte = check_samples(y_test, "y_test", func=func)
    if xtr.shape[1] != xte.shape[1] or ytr.shape[1] != yte.shape[1] or ytr.shape[0] != xtr.shape[0] \
            or yte.shape[0] != xte.shape[0]:
        raise ValueError(f"The 'x_train', 'y_train', 'x_test' and 'y_test' parameters of {func} must agree in shape. "
                         f"Got {xtr.shape}, {ytr.shape}, {xte.shape}, {yte.shape} instead.")
    h = check_int(n_models, "n_models", low=1, func=func)
    w = check_int(width, "width", low=1, func=func)
    dep = check_int(depth, "depth", low=1, func=func)
    t_max = check_int(steps, "steps", low=1, func=func)
    rate = check_real(lr, "lr", low=0.0, low_open=True, func=func)
    rng = check_rng(seed, func=func)
    sizes = [xtr.shape[1]] + [w] * dep + [ytr.shape[1]]
    params = []
    for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:], strict=True)):
        var = 2.0 / a if i < len(sizes) - 2 else 2.0 / (a + b)
        params += [rng.normal(0.0, math.sqrt(var), size=(h, a, b)), np.zeros((h, 1, b))]
    m1 = [np.zeros_like(p) for p in params]
    m2 = [np.zeros_like(p) for p in params]
    b1, b2, tiny = 0.9, 0.999, 1e-8

    def forward(x):
        acts, z = [np.broadcast_to(x, (h,) + x.shape)], None
        for i in range(0, len(params), 2):
            z = acts[-1] @ params[i] + params[i + 1]
            acts.append(np.maximum(z, 0.0) if i < len(params) - 2 else z)
        return acts

    scale = 2.0 / ytr.size
    for t in range(1, t_max + 1):
        acts = forward(xtr)
        g = scale * (acts[-1] - ytr)
        grads = [None] * len(params)
        for i in range(len(params) - 2, -1, -2):
            grads[i] = np.swapaxes(acts[i // 2], 1, 2) @ g
            grads[i + 1] = g.sum(axis=1, keepdims=True)
            if i > 0:
                g = (g @ np.swapaxes(params[i], 1, 2)) * (acts[i // 2] > 0)
        c1, c2 = 1.0 - b1**t, 1.0 - b2**t
        for p, gr, m, v in zip(params, grads, m1, m2, strict=True):
            m *= b1
            m += (1.0 - b1) * gr
            v *= b2
            v += (1.0 - b2) * gr * gr
            p -= rate * (m / c1) / (np.sqrt(v / c2) + tiny)
    train_mse = np.mean((forward(xtr)[-1] - ytr) ** 2, axis=(1, 2))
    test_mse = np.mean((forward(xte)[-1] - yte) ** 2, axis=(1, 2))
    return train_mse, test_mse
