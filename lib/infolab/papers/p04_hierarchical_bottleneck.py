"""Experiment code for notebook 04: the exact Gaussian version of a hierarchical information bottleneck.

Xiao, Liu, Gupta, Cao, Li, Li, Fang, Cheng, Bogdan, "Neuro-Inspired
Information-Theoretic Hierarchical Perception for Multimodal Learning" (ITHP),
ICLR 2024, arXiv:2404.09403. Code: https://github.com/joshuaxiao98/ITHP.

ITHP compresses a prime modality X0 into a latent B0 that must stay informative
about a second modality X1, then compresses B0 into B1 that must stay
informative about a third modality X2:

    min I(X0; B0) - beta I(B0; X1)   and   min I(B0; B1) - gamma I(B1; X2).

For jointly Gaussian modalities each stage is a Gaussian information
bottleneck with a closed-form optimum (``infolab.measures.gaussian_ib_projection``),
and every information of the chain is an exact log-determinant. This module
holds:

* :class:`LinearGaussianSystem`: variables built as linear maps of independent
  standard normal sources, with their exact joint covariance and mutual informations;
* :func:`multimodal_gaussian_system`: the three modalities and the label from shared
  latent factors (the label factor z_y seen by every modality, a factor shared
  by X0 and X1 only, one by X0 and X2 only, and one private to X0);
* :func:`hierarchical_gaussian_ib`: both stages at (beta, gamma) appended to a system.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np

from ..measures import gaussian_ib_projection, gaussian_mutual_information
from ..validation import check_int, check_real, check_rng

__all__ = ["LinearGaussianSystem", "multimodal_gaussian_system", "hierarchical_gaussian_ib"]


class LinearGaussianSystem:
    """Jointly Gaussian variables, each a linear map of independent N(0, I) sources (zero mean).

    ``add_latent(name, dim)`` adds fresh sources; ``add(name, parents, noise_std)``
    adds ``sum_p M_p @ parent_p + noise_std * fresh noise``. Covariances and
    mutual informations are exact (nats).
    """

    def __init__(self) -> None:
        self._loads: dict[str, np.ndarray] = {}
        self._n_sources = 0

    def _fresh(self, dim: int) -> np.ndarray:
        self._n_sources += dim
        for k, v in self._loads.items():
            self._loads[k] = np.hstack([v, np.zeros((v.shape[0], dim))])
        return np.hstack([np.zeros((dim, self._n_sources - dim)), np.eye(dim)])

    def dim(self, name: str) -> int:
        return self._loads[name].shape[0]

    def add_latent(self, name: str, dim: int) -> None:
        check_int(dim, "dim", low=1, func="LinearGaussianSystem.add_latent")
        self._loads[name] = self._fresh(dim)

    def add(self, name: str, parents: Mapping[str, Any], noise_std: float = 0.0) -> None:
        func = "LinearGaussianSystem.add"
        s = check_real(noise_std, "noise_std", low=0.0, func=func)
        mats = {p: np.asarray(m, dtype=float) for p, m in parents.items()}
        if not mats:
            raise ValueError(f"The 'parents' parameter of {func} must name at least one variable.")
        rows = {m.shape[0] for m in mats.values()}
        if len(rows) != 1:
            raise ValueError(f"The 'parents' matrices of {func} must have the same number of rows. Got {sorted(rows)}.")
        d = rows.pop()
        for p, m in mats.items():
            if p not in self._loads or m.shape[1] != self.dim(p):
                raise ValueError(f"The 'parents' parameter of {func}: {p!r} must be a known variable with a matrix of "
                                 f"{self.dim(p) if p in self._loads else '?'} columns. Got shape {m.shape}.")
        load = sum(m @ self._loads[p] for p, m in mats.items())
        if s > 0:
            noise = self._fresh(d)
            load = np.hstack([load, np.zeros((d, noise.shape[1] - load.shape[1]))]) + s * noise
        self._loads[name] = load

    def covariance(self, names: Sequence[str]) -> np.ndarray:
        load = np.vstack([self._loads[n] for n in names])
        return load @ load.T

    def mutual_information(self, a: Sequence[str], b: Sequence[str]) -> float:
        """I(A; B) in nats, A and B lists of variable names."""
        return gaussian_mutual_information(self.covariance([*a, *b]), sum(self.dim(n) for n in a))


def multimodal_gaussian_system(d0: int = 8, d1: int = 3, d2: int = 3, factor_dim: int = 2, *,
                               noise_std: float = 0.5, label_noise_std: float = 0.5,
                               seed: Any = 0) -> LinearGaussianSystem:
    """Three Gaussian modalities and a label from shared latent factors.

    Factors z_y (the label's), z_a (shared by X0 and X1), z_v (shared by X0 and
    X2) and z_n (private to X0), each ``factor_dim``-dimensional, N(0, I):

    * X0 = W0 [z_y, z_a, z_v, z_n] + noise (the prime modality, ``d0``-dim);
    * X1 = W1 [z_y, z_a] + noise, X2 = W2 [z_y, z_v] + noise (the detectors);
    * Y = mean of z_y's coordinates + noise (1-dim).

    Weights are standard normal scaled by 1/sqrt(fan-in).
    """
    func = "multimodal_gaussian_system"
    d0, d1, d2 = (check_int(v, n, low=1, func=func) for v, n in ((d0, "d0"), (d1, "d1"), (d2, "d2")))
    k = check_int(factor_dim, "factor_dim", low=1, func=func)
    rng = check_rng(seed, func=func)
    sys = LinearGaussianSystem()
    for f in ("z_y", "z_a", "z_v", "z_n"):
        sys.add_latent(f, k)

    def w(rows: int, n_factors: int) -> np.ndarray:
        return rng.standard_normal((rows, k)) / np.sqrt(n_factors * k)

    sys.add("X0", {f: 2.0 * w(d0, 4) for f in ("z_y", "z_a", "z_v", "z_n")}, noise_std)
    sys.add("X1", {"z_y": 1.5 * w(d1, 2), "z_a": 1.5 * w(d1, 2)}, noise_std)
    sys.add("X2", {"z_y": 1.5 * w(d2, 2), "z_v": 1.5 * w(d2, 2)}, noise_std)
    sys.add("Y", {"z_y": np.full((1, k), 1.0 / k)}, label_noise_std)
    return sys


def hierarchical_gaussian_ib(system: LinearGaussianSystem, beta: float, gamma: float, *,
                             names: tuple[str, str, str] = ("X0", "X1", "X2"),
                             latents: tuple[str, str] = ("B0", "B1")) -> tuple[np.ndarray, np.ndarray]:
    """Append the two optimal Gaussian-IB stages to ``system``: B0 from X0 about X1 at beta, B1 from B0 about X2 at gamma.

    B0 = A0 X0 + xi0 and B1 = A1 B0 + xi1 with xi ~ N(0, I); returns (A0, A1).
    """
    x0, x1, x2 = names
    b0, b1 = latents
    d0 = system.dim(x0)
    a0 = gaussian_ib_projection(system.covariance([x0, x1]), d0, beta)
    system.add(b0, {x0: a0}, 1.0)
    a1 = gaussian_ib_projection(system.covariance([b0, x2]), system.dim(b0), gamma)
    system.add(b1, {b0: a1}, 1.0)
    return a0, a1
