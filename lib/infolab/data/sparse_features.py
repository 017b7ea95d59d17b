"""Synthetic sparse features with a known number of features, for superposition studies.

Three generators, each owning its ground truth:

* :func:`planted_sparse_features`: k sparse features written along k known
  unit directions in an N-neuron layer (k > N is superposition by
  construction);
* :func:`toy_model_features`: the input distribution of Elhage et al.'s toy
  models of superposition (features zero with probability S, else U(0, 1)),
  with :func:`feature_importance` weights;
* :func:`multitask_sparse_parity`: every input of the multi-task sparse
  parity task (a one-hot task code and the data bits; the label is the
  parity of the task's own bits).

References
----------
.. [1] N. Elhage et al., "Toy models of superposition", Transformer Circuits
   Thread (2022), arXiv:2209.10652.
.. [2] L. Bereska, Z. Tzifa-Kratira, R. Samavi, E. Gavves, "Superposition as
   lossy compression", TMLR 2025, arXiv:2512.13568.
.. [3] E. J. Michaud, Z. Liu, U. Girit, M. Tegmark, "The quantization model of
   neural scaling", NeurIPS 2023, arXiv:2303.13506 (multi-task sparse parity).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..validation import check_int, check_real, check_rng

__all__ = [
    "PlantedFeatures",
    "planted_sparse_features",
    "toy_model_features",
    "feature_importance",
    "multitask_sparse_parity",
]


@dataclass(frozen=True)
class PlantedFeatures:
    """Activations made of known sparse features.

    Attributes
    ----------
    activations : ndarray, shape (n_samples, n_neurons)
        ``codes @ directions``.
    codes : ndarray, shape (n_samples, n_features)
        Feature amplitudes (zero when the feature is off).
    directions : ndarray, shape (n_features, n_neurons)
        Unit-norm feature directions.
    """

    activations: np.ndarray
    codes: np.ndarray
    directions: np.ndarray

    @property
    def n_features(self) -> int:
        return int(self.directions.shape[0])

    @property
    def n_neurons(self) -> int:
        return int(self.directions.shape[1])


def planted_sparse_features(n_samples: int, n_neurons: int, n_features: int, *, p_active: float = 0.05,
                            amplitude: tuple[float, float] = (0.0, 1.0), orthogonal_if_possible: bool = False,
                            seed: Any = 0) -> PlantedFeatures:
    """Activations h = Σ_i c_i d_i of ``n_features`` sparse features in ``n_neurons`` dimensions.

    Each feature is on independently with probability ``p_active``; when on,
    its amplitude is U(amplitude). Directions are uniform on the unit sphere
    (or orthonormal when ``orthogonal_if_possible`` and k ≤ N). With k ≤ N an
    interference-free code needs exactly k dictionary atoms; with k > N the
    layer holds more features than neurons (superposition).

    Parameters
    ----------
    n_samples, n_neurons, n_features : int
    p_active : float in (0, 1], default 0.05
    amplitude : (low, high), default (0, 1)
    orthogonal_if_possible : bool, default False
    seed : int or Generator

    Returns
    -------
    PlantedFeatures

    Examples
    --------
    >>> s = planted_sparse_features(100, 16, 32, seed=0)
    >>> s.activations.shape, s.n_features
    ((100, 16), 32)
    """
    f = "planted_sparse_features"
    n = check_int(n_samples, "n_samples", low=1, func=f)
    n_neurons = check_int(n_neurons, "n_neurons", low=1, func=f)
    k = check_int(n_features, "n_features", low=1, func=f)
    p = check_real(p_active, "p_active", low=0.0, high=1.0, low_open=True, func=f)
    if not isinstance(amplitude, (tuple, list)) or len(amplitude) != 2:
        raise TypeError(f"The 'amplitude' parameter of {f} must be a pair (low, high). Got {amplitude!r} instead.")
    lo = check_real(amplitude[0], "amplitude", func=f)
    hi = check_real(amplitude[1], "amplitude", func=f)
    if not lo < hi:
        raise ValueError(f"The 'amplitude' parameter of {f} must satisfy low < high. Got {amplitude!r} instead.")
    rng = check_rng(seed, "seed", f)
    if orthogonal_if_possible and k <= n_neurons:
        q, _ = np.linalg.qr(rng.normal(size=(n_neurons, n_neurons)))
        directions = q[:, :k].T.copy()
    else:
        directions = rng.normal(size=(k, n_neurons))
        directions /= np.linalg.norm(directions, axis=1, keepdims=True)
    on = rng.random((n, k)) < p
    codes = np.where(on, rng.uniform(lo, hi, size=(n, k)), 0.0)
    return PlantedFeatures(activations=codes @ directions, codes=codes, directions=directions)


def feature_importance(n_features: int, decay: float = 0.9) -> np.ndarray:
    """Importance weights decay**i, i = 0..n-1 (Elhage et al.'s toy models).

    Examples
    --------
    >>> feature_importance(3, 0.5).tolist()
    [1.0, 0.5, 0.25]
    """
    n = check_int(n_features, "n_features", low=1, func="feature_importance")
    d = check_real(decay, "decay", low=0.0, high=1.0, low_open=True, func="feature_importance")
    return d ** np.arange(n, dtype=float)


def toy_model_features(n_samples: int, n_features: int, sparsity: float, *, seed: Any = 0) -> np.ndarray:
    """Inputs of the toy models of superposition: x_i = 0 w.p. ``sparsity``, else U(0, 1), independently.

    Examples
    --------
    >>> x = toy_model_features(1000, 20, 0.9, seed=0)
    >>> x.shape, bool(abs((x > 0).mean() - 0.1) < 0.02)
    ((1000, 20), True)
    """
    f = "toy_model_features"
    n = check_int(n_samples, "n_samples", low=1, func=f)
    k = check_int(n_features, "n_features", low=1, func=f)
    s = check_real(sparsity, "sparsity", low=0.0, high=1.0, high_open=True, func=f)
    rng = check_rng(seed, "seed", f)
    on = rng.random((n, k)) >= s
    return np.where(on, rng.uniform(0.0, 1.0, size=(n, k)), 0.0)


def multitask_sparse_parity(n_tasks: int = 3, bits_per_task: int = 4) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every input of multi-task sparse parity, with its label and task.

    The data bits are n_tasks × bits_per_task; task t reads bits
    [t·b, (t+1)·b). An input is a one-hot task code followed by all the data
    bits; its label is the parity of the task's own bits. All 2^(n_tasks·b)
    bit patterns appear once per task, so there is no sampling.

    Returns
    -------
    x : ndarray, shape (n_tasks · 2^(n_tasks·b), n_tasks + n_tasks·b), values 0/1
    y : ndarray of int, the parity labels
    task : ndarray of int, the task of each row

    Examples
    --------
    >>> x, y, task = multitask_sparse_parity(2, 2)
    >>> x.shape, int(y.sum())
    ((32, 6), 16)
    """
    t = check_int(n_tasks, "n_tasks", low=1, high=8, func="multitask_sparse_parity")
    b = check_int(bits_per_task, "bits_per_task", low=1, high=8, func="multitask_sparse_parity")
    n_bits = t * b
    if n_bits > 16:
        raise ValueError("The 'bits_per_task' parameter of multitask_sparse_parity must keep n_tasks * bits_per_task "
                         f"<= 16 (all patterns are enumerated). Got {n_bits} bits instead.")
    patterns = ((np.arange(2**n_bits)[:, None] >> np.arange(n_bits)[None, :]) & 1).astype(float)
    xs, ys, tasks = [], [], []
    for task in range(t):
        code = np.zeros((patterns.shape[0], t))
        code[:, task] = 1.0
        xs.append(np.hstack([code, patterns]))
        ys.append(patterns[:, task * b:(task + 1) * b].sum(axis=1).astype(int) % 2)
        tasks.append(np.full(patterns.shape[0], task))
    return np.vstack(xs), np.concatenate(ys), np.concatenate(tasks)
