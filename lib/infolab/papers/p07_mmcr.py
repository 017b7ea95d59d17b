"""Paper 07 (MMCR): augmentations of digits, an MMCR-trained encoder, and a simulated manifold capacity.

* :func:`augment_digits` draws random views of 8 × 8 digit images (rotation,
  one-pixel shifts, pixel noise, a random erased patch), vectorised.
* :func:`train_mmcr_encoder` trains an :class:`~infolab.models.MLP` encoder by
  Adam on the MMCR loss (:func:`~infolab.models.mmcr_loss`, gradient by
  hand through normalisation, centroids and the nuclear norm).
* :func:`separable_fraction` and :func:`capacity_curve` estimate manifold
  capacity by simulation: the fraction of random dichotomies of P point
  clouds in R^N that a hyperplane through the origin separates (a linear
  program), and the load α = P/N at which that fraction crosses 1/2.
  :func:`cover_fraction` is Cover's exact answer for single points.

References
----------
.. [1] T. Yerxa, Y. Kuang, E. Simoncelli, S. Chung, "Learning efficient coding
   of natural images with maximum manifold capacity representations",
   NeurIPS 2023, arXiv:2303.03307.
.. [2] T. M. Cover, "Geometrical and statistical properties of systems of
   linear inequalities with applications in pattern recognition", IEEE
   Trans. Electron. Comput. EC-14(3), 326-334 (1965).
.. [3] S. Chung, D. D. Lee, H. Sompolinsky, "Classification and geometry of
   general perceptual manifolds", Phys. Rev. X 8, 031003 (2018),
   arXiv:1710.06487.
"""

from __future__ import annotations

import math
from typing import Any, Callable

import numpy as np
from scipy.optimize import linprog
from scipy.special import gammaln
from threadpoolctl import threadpool_limits

from ..models import MLP, Adam, train
from ..models.losses import mmcr_loss
from ..validation import check_int, check_real, check_rng

__all__ = ["augment_digits", "train_mmcr_encoder", "embed", "separable_fraction", "capacity_curve",
           "cover_fraction", "critical_load"]


def augment_digits(images: np.ndarray, seed: Any = 0, *, max_rotation_deg: float = 12.0, max_shift: int = 1,
                   noise_std: float = 0.1, erase_size: int = 2) -> np.ndarray:
    """One random view of each 8 × 8 image (values in [0, 1]); returns shape (n, 64).

    Each view rotates by an angle uniform in ±``max_rotation_deg`` about the
    image centre and shifts by an integer in [-max_shift, max_shift] along
    each axis (bilinear interpolation, zero outside), adds Gaussian noise of
    standard deviation ``noise_std`` and sets a random ``erase_size`` square
    to zero.
    """
    rng = check_rng(seed, "seed", "augment_digits")
    imgs = np.asarray(images, dtype=np.float64).reshape(-1, 8, 8)
    n = imgs.shape[0]
    theta = np.deg2rad(rng.uniform(-max_rotation_deg, max_rotation_deg, size=n))
    shift = rng.integers(-max_shift, max_shift + 1, size=(n, 2))
    rows, cols = np.meshgrid(np.arange(8.0), np.arange(8.0), indexing="ij")
    centre = 3.5
    r0 = rows[None] - centre - shift[:, 0, None, None]
    c0 = cols[None] - centre - shift[:, 1, None, None]
    cos, sin = np.cos(theta)[:, None, None], np.sin(theta)[:, None, None]
    src_r = cos * r0 + sin * c0 + centre  # inverse rotation: where each output pixel comes from
    src_c = -sin * r0 + cos * c0 + centre
    r_lo, c_lo = np.floor(src_r).astype(int), np.floor(src_c).astype(int)
    fr, fc = src_r - r_lo, src_c - c_lo
    out = np.zeros_like(imgs)
    idx = np.arange(n)[:, None, None]
    for dr, dc, weight in ((0, 0, (1 - fr) * (1 - fc)), (1, 0, fr * (1 - fc)), (0, 1, (1 - fr) * fc), (1, 1, fr * fc)):
        rr, cc = r_lo + dr, c_lo + dc
        inside = (rr >= 0) & (rr < 8) & (cc >= 0) & (cc < 8)
        out += weight * inside * imgs[idx, np.clip(rr, 0, 7), np.clip(cc, 0, 7)]
    out += noise_std * rng.normal(size=out.shape)
    top = rng.integers(0, 8 - erase_size + 1, size=n)
    left = rng.integers(0, 8 - erase_size + 1, size=n)
    for dr in range(erase_size):
        for dc in range(erase_size):
            out[np.arange(n), top + dr, left + dc] = 0.0
    return out.reshape(n, 64)


def _views(images: np.ndarray, n_views: int, rng: np.random.Generator) -> np.ndarray:
    """Shape (B, k, 64): k independent views of each image."""
    b = images.shape[0]
    return augment_digits(np.repeat(images, n_views, axis=0), rng).reshape(b, n_views, 64)


def embed(net: MLP, x: np.ndarray) -> np.ndarray:
    """Unit-norm embeddings of the rows of ``x`` (shape (..., 64) → (..., d))."""
    shape = x.shape[:-1]
    z = net.predict(x.reshape(-1, 64))
    z = z / np.linalg.norm(z, axis=1, keepdims=True)
    return z.reshape(*shape, -1)


def train_mmcr_encoder(images: np.ndarray, *, hidden: int = 256, dim: int = 32, n_views: int = 8,
                       batch_size: int = 64, steps: int = 300, lr: float = 1e-3, lam: float = 0.0,
                       seed: Any = 0, callback: Callable[[int, MLP], None] | None = None,
                       callback_every: int = 0) -> tuple[MLP, np.ndarray]:
    """Train a 64 → hidden (ReLU) → dim encoder on the MMCR loss with Adam.

    Each step draws ``batch_size`` images, ``n_views`` augmentations of each,
    and minimises λ·mean_b ||Z_b||_* - ||C||_* (embeddings L2-normalised).

    Returns
    -------
    net : MLP
    losses : ndarray, shape (steps,)
        The loss of every step (-||C||_* when λ = 0).
    """
    func = "train_mmcr_encoder"
    steps = check_int(steps, "steps", low=1, func=func)
    n_views = check_int(n_views, "n_views", low=1, func=func)
    batch_size = check_int(batch_size, "batch_size", low=1, func=func)
    lr = check_real(lr, "lr", low=0.0, low_open=True, func=func)
    rng = check_rng(seed, "seed", func)
    images = np.asarray(images, dtype=np.float64).reshape(-1, 64)
    net = MLP([64, hidden, dim], seed=int(rng.integers(2**31)))

    def draw(r):
        return _views(images[r.integers(0, images.shape[0], size=batch_size)], n_views, r)

    def loss_and_grads(m, views):
        out = m.forward(views.reshape(-1, 64), train=True)
        loss, grad = mmcr_loss(out.reshape(batch_size, n_views, dim), lam=lam, return_grad=True)
        return loss, m.backward(grad.reshape(-1, dim))

    def after_step(step, _loss):
        if callback is not None and callback_every and (step + 1) % callback_every == 0:
            callback(step + 1, net)

    with threadpool_limits(limits=1, user_api="blas"):  # small matrices: threads only add contention
        if callback is not None:
            callback(0, net)
        losses = train(net, loss_and_grads, draw, steps=steps, optimizer=Adam(lr), seed=rng, callback=after_step)
    return net, losses


#: A labeling counts as separable when the best margin t (with |w_j| ≤ 1) exceeds this.
MARGIN_TOL = 1e-7


def _separable(points: np.ndarray, labels: np.ndarray) -> bool:
    """Is there w with labels_i · (w · points_i) > 0 for all i? (a linear program, HiGHS).

    Maximises the margin t subject to labels_i · (w · points_i) ≥ t, |w_j| ≤ 1, t ≤ 1. This
    program is always feasible and bounded (w = 0, t = 0), which keeps the solver away from
    the ill-posed feasibility problems met near the separability threshold; the labeling is
    separable iff the optimal t exceeds ``MARGIN_TOL``.
    """
    n_dim = points.shape[1]
    a_ub = np.hstack([-(labels[:, None] * points), np.ones((points.shape[0], 1))])
    cost = np.zeros(n_dim + 1)
    cost[-1] = -1.0
    res = linprog(cost, A_ub=a_ub, b_ub=np.zeros(points.shape[0]),
                  bounds=[(-1.0, 1.0)] * n_dim + [(None, 1.0)], method="highs")
    if res.status != 0:
        raise RuntimeError(f"linprog did not solve the margin problem (status {res.status}): {res.message}")
    return bool(-res.fun > MARGIN_TOL)


def separable_fraction(manifolds: np.ndarray, n_dichotomies: int, seed: Any = 0) -> float:
    """Fraction of random ±1 labelings of the P manifolds that a hyperplane through 0 separates.

    Parameters
    ----------
    manifolds : array, shape (P, k, N)
        P point clouds of k points each in R^N (k = 1 for single points).
    n_dichotomies : int
    seed : int or Generator
    """
    rng = check_rng(seed, "seed", "separable_fraction")
    manifolds = np.asarray(manifolds, dtype=np.float64)
    p, k, _ = manifolds.shape
    points = manifolds.reshape(p * k, -1)
    hits = 0
    for _ in range(n_dichotomies):
        labels = np.repeat(rng.choice([-1.0, 1.0], size=p), k)
        hits += _separable(points, labels)
    return hits / n_dichotomies


def capacity_curve(sample_manifolds: Callable[[int, np.random.Generator], np.ndarray], loads: list[int],
                   n_dichotomies: int, seed: Any = 0) -> np.ndarray:
    """Separable fraction for each number of manifolds P in ``loads``.

    ``sample_manifolds(P, rng)`` returns a fresh (P, k, N) array for each
    dichotomy, so both the manifolds and the labels are random.
    """
    rng = check_rng(seed, "seed", "capacity_curve")
    fractions = []
    for p in loads:
        hits = 0
        for _ in range(n_dichotomies):
            hits += separable_fraction(sample_manifolds(p, rng), 1, rng) == 1.0
        fractions.append(hits / n_dichotomies)
    return np.asarray(fractions)


def cover_fraction(p: int, n: int) -> float:
    """Cover's fraction of the 2^P dichotomies of P points in general position in R^N that are
    separable by a hyperplane through the origin: 2^{1-P} Σ_{k=0}^{N-1} C(P-1, k)."""
    p = check_int(p, "p", low=1, func="cover_fraction")
    n = check_int(n, "n", low=1, func="cover_fraction")
    ks = np.arange(min(n, p))
    log_terms = gammaln(p) - gammaln(ks + 1) - gammaln(p - ks) - (p - 1) * math.log(2.0)
    top = log_terms.max()
    return float(min(1.0, math.exp(top) * np.sum(np.exp(log_terms - top))))


def critical_load(loads, fractions, n: int) -> float:
    """α = P/N where the separable fraction first crosses 1/2 (linear interpolation in P)."""
    loads = np.asarray(loads, dtype=np.float64)
    fractions = np.asarray(fractions, dtype=np.float64)
    below = np.nonzero(fractions < 0.5)[0]
    if below.size == 0 or below[0] == 0:
        raise ValueError("The 'fractions' parameter of critical_load must start above 1/2 and cross it. "
                         f"Got {fractions.tolist()} instead; widen the loads.")
    i = below[0]
    p0, p1, f0, f1 = loads[i - 1], loads[i], fractions[i - 1], fractions[i]
    return float((p0 + (f0 - 0.5) / (f0 - f1) * (p1 - p0)) / n)
