"""Experiment code for notebook 33: the IB generalisation bound with a fixed stochastic encoder.

Kawaguchi, Deng, Ji, Huang, "How Does Information Bottleneck Help Deep
Learning?", ICML 2023, arXiv:2305.18887. Code: https://github.com/xu-ji/information-bottleneck.

The paper's 2-D toy task is five Gaussian blobs (``make_blobs``, cluster std
0.7). Here the encoder is a fixed random tanh network with Gaussian noise,
Z = mu(X) + sigma * eps, so the encoder learns nothing from the training set
(I(phi; S) = 0) and the noise level sigma sets the unnecessary information
I(X; Z | Y). A linear-softmax head (scikit-learn's logistic regression) is
trained on one code per training input, and the generalisation gap of the
stochastic model is measured on fresh inputs.

* :func:`blob_task` draws the labelled blobs;
* :func:`random_tanh_encoder` builds the fixed encoder mean mu(x);
* :func:`fixed_encoder_gaps` trains the head for each training size and
  returns both gaps: with the training error over fresh encoder noise (the
  expected loss of the stochastic model) and over the very draws the head was
  fitted to (which also counts memorised noise).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import numpy as np
from sklearn.linear_model import LogisticRegression

from ..validation import check_int, check_real, check_rng

__all__ = ["BLOB_STD", "blob_task", "random_tanh_encoder", "GapResult", "fixed_encoder_gaps"]

BLOB_STD = 0.7   # cluster_std of the paper's toy data


def blob_task(n_classes: int = 5, *, box: float = 6.0, seed: Any = 0) -> Callable[[int, Any], tuple[np.ndarray, np.ndarray]]:
    """A sampler of labelled 2-D blobs: uniform labels, x | y ~ N(c_y, 0.7² I), centres uniform in [-box, box]²."""
    func = "blob_task"
    k = check_int(n_classes, "n_classes", low=2, func=func)
    b = check_real(box, "box", low=0.0, low_open=True, func=func)
    centres = check_rng(seed, func=func).uniform(-b, b, size=(k, 2))

    def sample(n: int, rng: Any) -> tuple[np.ndarray, np.ndarray]:
        g = check_rng(rng, "rng", func="blob_task sampler")
        y = g.integers(0, k, size=check_int(n, "n", low=1, func="blob_task sampler"))
        return centres[y] + BLOB_STD * g.standard_normal((len(y), 2)), y

    return sample


def random_tanh_encoder(dim_z: int = 8, hidden: int = 64, *, gain: float = 3.0, seed: Any = 0) -> Callable[[np.ndarray], np.ndarray]:
    """A fixed random encoder mean mu(x) = gain * tanh(x W1 + b) W2 / sqrt(hidden), for 2-D inputs."""
    func = "random_tanh_encoder"
    dz = check_int(dim_z, "dim_z", low=1, func=func)
    h = check_int(hidden, "hidden", low=1, func=func)
    a = check_real(gain, "gain", low=0.0, low_open=True, func=func)
    rng = check_rng(seed, func=func)
    w1 = rng.standard_normal((2, h)) / 1.5
    b1 = rng.uniform(-3.0, 3.0, size=h)
    w2 = rng.standard_normal((h, dz)) / np.sqrt(h)

    def mean(x: np.ndarray) -> np.ndarray:
        return a * np.tanh(np.asarray(x, dtype=float) @ w1 + b1) @ w2

    return mean


@dataclass(frozen=True)
class GapResult:
    """0-1 errors of the trained head, one entry per training size."""

    n_train: np.ndarray
    test_error: np.ndarray
    train_error_fresh_noise: np.ndarray
    train_error_fitted_draws: np.ndarray

    @property
    def gap(self) -> np.ndarray:
        """Test error minus the training error under fresh encoder noise (the stochastic model's gap)."""
        return self.test_error - self.train_error_fresh_noise

    @property
    def gap_fitted_draws(self) -> np.ndarray:
        """Test error minus the training error on the codes the head was fitted to."""
        return self.test_error - self.train_error_fitted_draws


def fixed_encoder_gaps(sample: Callable, mean: Callable, sigma: float, n_train: Any, *, n_test: int = 2000,
                       regularisation: float = 100.0, seed: Any = 0) -> GapResult:
    """Train a logistic head on noisy codes of n training inputs, for each n, and measure its 0-1 errors.

    The head sees one code z_i = mu(x_i) + sigma * eps_i per training input.
    Its test error is measured on ``n_test`` fresh inputs with fresh noise; its
    training error twice: on fresh codes of the training inputs, and on the
    codes it was fitted to. ``regularisation`` is scikit-learn's ``C`` (large: weak).
    """
    func = "fixed_encoder_gaps"
    s = check_real(sigma, "sigma", low=0.0, low_open=True, func=func)
    sizes = [check_int(int(n), "n_train", low=2, func=func) for n in np.atleast_1d(n_train)]
    nt = check_int(n_test, "n_test", low=1, func=func)
    c = check_real(regularisation, "regularisation", low=0.0, low_open=True, func=func)
    rng = check_rng(seed, func=func)
    x_test, y_test = sample(nt, rng)
    mu_test = mean(x_test)
    z_test = mu_test + s * rng.standard_normal(mu_test.shape)
    test, fresh, fitted = [], [], []
    for n in sizes:
        x, y = sample(n, rng)
        mu = mean(x)
        z = mu + s * rng.standard_normal(mu.shape)
        z_fresh = mu + s * rng.standard_normal(mu.shape)
        head = LogisticRegression(C=c, max_iter=5000).fit(z, y)
        test.append(1.0 - head.score(z_test, y_test))
        fresh.append(1.0 - head.score(z_fresh, y))
        fitted.append(1.0 - head.score(z, y))
    return GapResult(np.asarray(sizes), np.asarray(test), np.asarray(fresh), np.asarray(fitted))
