"""Experiment code for notebook 26: mutual information estimated by a learned set function.

Gritsai, Richards, Méloux, Cho, Peyrard, "MIST: Mutual Information via
Supervised Training", arXiv:2511.18945 (2025). Code: https://github.com/grgera/mist.

MIST learns an estimator: a permutation-invariant network that maps a sample
``{(x_i, y_i)}`` to ``I(X; Y)``, trained by regression on a meta-data-set of
synthetic distributions whose mutual information is known (the "Beyond
Normality" families, Czyż et al. 2023, arXiv:2306.11078); its quantile variant
(MIST-QR) is trained with the pinball loss and gives intervals. This module
holds the pieces the notebook needs at workbook scale:

* random ground-truth tasks of the meta-data-set (:func:`random_gaussian_task`,
  :func:`sample_meta_task`), built on :mod:`infolab.data.mi_tasks`;
* the input of the learned estimator (:func:`copula_rows`) and the classical
  estimates it is compared with (:func:`baseline_estimates`);
* :func:`build_meta_dataset`, :class:`LearnedMIEstimator` (a
  :class:`~infolab.models.SetEncoder` plus its input scaling) and
  :func:`train_learned_estimator`;
* the naive percentile bootstrap that the paper's baselines use
  (:func:`naive_bootstrap_interval`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..data.mi_tasks import (
    MITask,
    additive_uniform_task,
    gaussian_task,
    student_t_mutual_information_correction,
    student_t_task,
    transformed_task,
)
from ..models.losses import mse_loss
from ..models.optim import Adam, train
from ..models.set_encoder import SetEncoder, pinball_loss
from ..validation import check_choice, check_int, check_real, check_rng

__all__ = [
    "META_SPLITS",
    "random_gaussian_task",
    "sample_meta_task",
    "copula_rows",
    "baseline_estimates",
    "MetaDataset",
    "build_meta_dataset",
    "LearnedMIEstimator",
    "train_learned_estimator",
    "naive_bootstrap_interval",
]

META_SPLITS: dict[str, tuple[str, ...]] = {
    # in-meta-distribution: what the learned estimator is trained on (and tested on, with fresh tasks)
    "imd": ("normal", "halfcube(normal)", "asinh(normal)", "student_t", "halfcube(student_t)", "asinh(student_t)"),
    # out-of-meta-distribution: families and transforms never seen in training
    "oomd": ("additive_uniform", "wiggly(normal)", "wiggly(student_t)", "spiral(normal)"),
}
"""Task families of the meta-data-set splits (base family, optionally wrapped in a transform)."""


def _haar_orthogonal(dim: int, rng: np.random.Generator) -> np.ndarray:
    q, r = np.linalg.qr(rng.standard_normal((dim, dim)))
    return q * np.sign(np.diag(r))


def random_gaussian_task(dim_x: int, dim_y: int, mutual_information: float, seed: Any = None) -> MITask:
    """A Gaussian task with the given mutual information and a random (dense) interaction.

    The information is split over the ``min(dim_x, dim_y)`` canonical pairs
    with Dirichlet(1) weights, pair ``i`` getting correlation
    ``ρ_i = sqrt(1 - exp(-2 I_i))``; then ``X`` and ``Y`` are rotated by
    independent Haar-random orthogonal matrices, which mixes the interaction
    over all coordinates and leaves the mutual information unchanged. The
    truth is recomputed from the covariance by :func:`infolab.data.gaussian_task`.

    Examples
    --------
    >>> task = random_gaussian_task(3, 2, 1.5, seed=0)
    >>> round(task.mutual_information, 10)
    1.5
    """
    func = "random_gaussian_task"
    dim_x = check_int(dim_x, "dim_x", low=1, func=func)
    dim_y = check_int(dim_y, "dim_y", low=1, func=func)
    mi = check_real(mutual_information, "mutual_information", low=0.0, high=20.0, func=func)
    rng = check_rng(seed, "seed", func)
    cov = _random_gaussian_covariance(dim_x, dim_y, mi, rng)
    return gaussian_task(cov, dim_x, name=f"normal-rotated-{dim_x}x{dim_y}-mi{mi:.4g}")


def _random_gaussian_covariance(dim_x: int, dim_y: int, mi: float, rng: np.random.Generator) -> np.ndarray:
    pairs = min(dim_x, dim_y)
    shares = rng.dirichlet(np.ones(pairs)) * mi
    rho = np.sqrt(-np.expm1(-2.0 * shares))
    cov = np.eye(dim_x + dim_y)
    for i in range(pairs):
        cov[i, dim_x + i] = cov[dim_x + i, i] = rho[i]
    rot = np.zeros_like(cov)
    rot[:dim_x, :dim_x] = _haar_orthogonal(dim_x, rng)
    rot[dim_x:, dim_x:] = _haar_orthogonal(dim_y, rng)
    cov = rot @ cov @ rot.T
    return 0.5 * (cov + cov.T)


def sample_meta_task(split: str, seed: Any = None, *, max_dim: int = 4, max_mi: float = 3.0) -> MITask:
    """Draw one random task of a meta-data-set split (:data:`META_SPLITS`).

    A family is drawn uniformly from the split, dimensions ``d_x, d_y`` uniformly
    from ``1..max_dim`` (``2..max_dim`` for ``spiral``; ``d_x = d_y`` for
    additive noise), then the family's parameters:

    * ``normal``: :func:`random_gaussian_task` with ``I ~ U(0, max_mi)``;
    * ``student_t``: the same random dispersion with a Gaussian part
      ``~ U(0, max_mi - c)`` and ``ν ~ U(1, 10)`` (as MIST's generator), ``c``
      the t correction, so that ``I <= max(max_mi, c)``;
    * ``additive_uniform``: ``d_x = d_y ~ U{1..max_dim}``, half-widths
      ``ε_i ~ U(0.1, 2)`` (as MIST's generator).

    Examples
    --------
    >>> t = sample_meta_task("oomd", seed=3, max_dim=3)
    >>> t.dim_x <= 3 and 0 <= t.mutual_information
    True
    """
    func = "sample_meta_task"
    split = check_choice(split, "split", tuple(META_SPLITS), func)
    rng = check_rng(seed, "seed", func)
    max_dim = check_int(max_dim, "max_dim", low=2, high=16, func=func)
    max_mi = check_real(max_mi, "max_mi", low=0.0, low_open=True, high=10.0, func=func)
    family = META_SPLITS[split][int(rng.integers(len(META_SPLITS[split])))]
    transform, _, base = family.rpartition("(")
    base = base.rstrip(")")
    low = 2 if transform == "spiral" else 1
    dx, dy = (int(v) for v in rng.integers(low, max_dim + 1, size=2))
    if base == "normal":
        task = random_gaussian_task(dx, dy, rng.uniform(0.0, max_mi), rng)
    elif base == "student_t":
        dof = float(rng.uniform(1.0, 10.0))
        corr = student_t_mutual_information_correction(dof, dx, dy)
        gauss_mi = rng.uniform(0.0, max(max_mi - corr, 0.0))
        cov = _random_gaussian_covariance(dx, dy, gauss_mi, rng)
        task = student_t_task(cov, dx, dof, name=f"student_t-rotated-dof{dof:.3g}-{dx}x{dy}-mi{gauss_mi + corr:.4g}")
    else:  # additive_uniform
        task = additive_uniform_task(rng.uniform(0.1, 2.0, size=dx))
    return transformed_task(task, transform) if transform else task


def copula_rows(x: Any, y: Any, max_dim: int) -> np.ndarray:
    """The rows the learned estimator reads: normal scores of every coordinate, zero-padded.

    ``[Φ⁻¹(rank(x_i)/(n+1)), 0, ..., Φ⁻¹(rank(y_i)/(n+1)), 0, ...]`` with ``X``
    and ``Y`` each padded to ``max_dim`` columns. Mutual information is
    invariant under increasing maps of each coordinate, and so is this input
    (MIST itself reads the raw values).

    Examples
    --------
    >>> copula_rows(np.arange(3.0), np.arange(3.0)[::-1], 2).round(3).tolist()[0]
    [-0.674, 0.0, 0.674, 0.0]
    """
    from ..measures import normal_scores  # noqa: PLC0415

    zx, zy = normal_scores(x), normal_scores(y)
    max_dim = check_int(max_dim, "max_dim", low=max(zx.shape[1], zy.shape[1]), func="copula_rows")
    out = np.zeros((zx.shape[0], 2 * max_dim))
    out[:, : zx.shape[1]] = zx
    out[:, max_dim: max_dim + zy.shape[1]] = zy
    return out


BASELINES = ("ksg", "cca", "copula")


def baseline_estimates(x: Any, y: Any, k: int = 5, *, default_estimator: bool = True) -> dict[str, float]:
    """The classical estimates of ``I(X; Y)`` in nats: KSG (variant 1, ``k``), Gaussian (CCA), Gaussian copula.

    With ``default_estimator=True``, also the library's default estimator
    ``mutual_information(method="auto")`` under the key ``"auto"``.

    Examples
    --------
    >>> from infolab.data import mi_task
    >>> x, y = mi_task("normal-dense-1x1-rho0.75").sample(400, seed=0)
    >>> sorted(k for k in baseline_estimates(x, y) if k != "auto")
    ['cca', 'copula', 'ksg']
    """
    from .. import measures  # noqa: PLC0415

    out = {
        "ksg": measures.ksg_mutual_information(x, y, k=k),
        "cca": measures.gaussian_mutual_information_from_samples(x, y),
        "copula": measures.gaussian_copula_mutual_information(x, y),
    }
    if default_estimator:
        out["auto"] = float(measures.mutual_information(x, y))
    return out


@dataclass
class MetaDataset:
    """Sets, their context and the true mutual information, ready for :class:`~infolab.models.SetEncoder`.

    Attributes
    ----------
    rows : ndarray (n_tasks, n_max, 2 * max_dim)
        :func:`copula_rows` of each sample, zero-padded to ``n_max`` rows.
    mask : bool ndarray (n_tasks, n_max)
    context : ndarray (n_tasks, 3 + len(BASELINES))
        ``[log n, d_x, d_y, ksg, cca, copula]`` per task (unscaled).
    truth : ndarray (n_tasks,)
    names : list of str
    n : ndarray of int
    baselines : dict[str, ndarray]
        Every classical estimate per task (``ksg``, ``cca``, ``copula`` and ``auto`` if present).
    """

    rows: np.ndarray
    mask: np.ndarray
    context: np.ndarray
    truth: np.ndarray
    names: list[str]
    n: np.ndarray
    baselines: dict[str, np.ndarray]
    samples: list = field(default_factory=list, repr=False)

    def __len__(self) -> int:
        return len(self.truth)


def build_meta_dataset(n_tasks: int, split: str, seed: Any, *, n_range=(25, 200), max_dim: int = 4,
                       max_mi: float = 3.0, k: int = 5, default_estimator: bool = True, keep_samples: bool = False,
                       progress=None) -> MetaDataset:
    """Draw ``n_tasks`` tasks of a split, a sample of random size from each, and its inputs and targets.

    Parameters
    ----------
    n_tasks : int
    split : {"imd", "oomd"}
    seed : int or Generator
    n_range : (int, int)
        Sample sizes are drawn log-uniformly in this range (inclusive).
    max_dim, max_mi : as in :func:`sample_meta_task`
    k : int
        Neighbour order of the KSG baseline.
    default_estimator : bool
        Also compute the default estimator ``mutual_information(method="auto")``
        for every task (for comparison; the learned estimator does not read it).
    keep_samples : bool
        Keep the raw ``(x, y)`` of every task (for bootstrap studies).
    progress : callable, optional
        Wraps the task loop (e.g. :func:`infolab.workbook.progress`).
    """
    func = "build_meta_dataset"
    n_tasks = check_int(n_tasks, "n_tasks", low=1, func=func)
    rng = check_rng(seed, "seed", func)
    lo, hi = (check_int(v, "n_range", low=10, func=func) for v in n_range)
    if hi < lo:
        raise ValueError(f"The 'n_range' parameter of {func} must be (low, high) with low <= high. Got {n_range!r} instead.")
    rows = np.zeros((n_tasks, hi, 2 * max_dim))
    mask = np.zeros((n_tasks, hi), bool)
    context, truth, names, sizes, kept = [], [], [], [], []
    base: dict[str, list[float]] = {}
    loop = range(n_tasks) if progress is None else progress(range(n_tasks), desc=f"{split} tasks")
    for t in loop:
        task = sample_meta_task(split, rng, max_dim=max_dim, max_mi=max_mi)
        n = int(round(math.exp(rng.uniform(math.log(lo), math.log(hi + 0.999)) - 1e-12)))
        n = min(max(n, lo), hi)
        x, y = task.sample(n, rng)
        rows[t, :n] = copula_rows(x, y, max_dim)
        mask[t, :n] = True
        est = baseline_estimates(x, y, k=k, default_estimator=default_estimator)
        for key, v in est.items():
            base.setdefault(key, []).append(v)
        context.append([math.log(n), task.dim_x, task.dim_y] + [est[b] for b in BASELINES])
        truth.append(task.mutual_information)
        names.append(task.name)
        sizes.append(n)
        if keep_samples:
            kept.append((x, y))
    return MetaDataset(rows=rows, mask=mask, context=np.asarray(context), truth=np.asarray(truth), names=names,
                       n=np.asarray(sizes), baselines={k_: np.asarray(v) for k_, v in base.items()}, samples=kept)


@dataclass
class LearnedMIEstimator:
    """A trained :class:`~infolab.models.SetEncoder` with its context scaling.

    ``use_baselines=False``: the network sees only the copula rows and
    ``(log n, d_x, d_y)`` (the MIST setting: learn from the sample itself).
    ``use_baselines=True``: it also sees the KSG, CCA and copula estimates, and
    learns to correct them. ``quantiles`` set: the outputs are those quantiles
    (MIST-QR); otherwise one output, the point estimate (MIST).
    """

    model: SetEncoder
    context_mean: np.ndarray
    context_scale: np.ndarray
    use_baselines: bool
    quantiles: tuple[float, ...] | None
    history: np.ndarray

    def _context(self, data: MetaDataset) -> np.ndarray:
        ctx = data.context if self.use_baselines else data.context[:, :3]
        return (ctx - self.context_mean) / self.context_scale

    def predict(self, data: MetaDataset) -> np.ndarray:
        """Point estimates (n_tasks,) or quantiles (n_tasks, n_quantiles), sorted along the last axis."""
        out = self.model.predict(data.rows, data.mask, self._context(data))
        return np.sort(out, axis=1) if self.quantiles else out[:, 0]


def train_learned_estimator(data: MetaDataset, *, use_baselines: bool, quantiles=None, phi_sizes=(32, 32),
                            rho_sizes=(32,), epochs: int = 30, batch_size: int = 32, lr: float = 3e-3,
                            seed: Any = 0, dtype: str = "float64") -> LearnedMIEstimator:
    """Train the set network on a meta-data-set by MSE (``quantiles=None``) or pinball loss.

    Adam with global-norm clipping at 1 (as MIST), learning rate decayed by half
    at 50 % and 75 % of the epochs. Deterministic under ``seed``.
    """
    func = "train_learned_estimator"
    epochs = check_int(epochs, "epochs", low=1, func=func)
    ctx = data.context if use_baselines else data.context[:, :3]
    mean, scale = ctx.mean(axis=0), ctx.std(axis=0)
    scale = np.where(scale > 0, scale, 1.0)
    taus = None if quantiles is None else tuple(float(q) for q in quantiles)
    model = SetEncoder(data.rows.shape[2], ctx.shape[1], phi_sizes, rho_sizes, n_outputs=1 if taus is None else len(taus),
                       activation="tanh", seed=seed, dtype=dtype)
    est = LearnedMIEstimator(model, mean, scale, bool(use_baselines), taus, np.empty(0))
    context = est._context(data).astype(dtype)
    rows = data.rows.astype(dtype)
    target = data.truth[:, None].astype(dtype)

    def step(m, r, msk, c, t):
        out = m.forward(r, msk, c)
        loss, g = mse_loss(out, t) if taus is None else pinball_loss(out, t, taus)
        return loss, m.backward(g)

    opt = Adam(lr, clip_norm=1.0)
    history = []
    rng = check_rng(seed, "seed", func)
    phases = (epochs // 2 + epochs % 2, epochs // 4, epochs - (epochs // 2 + epochs % 2) - epochs // 4)
    for phase, n_ep in enumerate(phases):
        if n_ep == 0:
            continue
        opt.lr = lr * (0.5 ** phase)
        history.append(train(model, step, (rows, data.mask, context, target), epochs=n_ep, batch_size=batch_size,
                             optimizer=opt, seed=rng))
    est.history = np.concatenate(history)
    return est


def naive_bootstrap_interval(x: Any, y: Any, *, n_boot: int = 30, level: float = 0.9, k: int = 5,
                             seed: Any = 0) -> tuple[float, float]:
    """Percentile bootstrap interval of the KSG estimate, resampling pairs *with replacement*.

    This is the interval the MIST paper gives its baselines (50 resamples there).
    Resampling with replacement duplicates about 37 % of the points; KSG's
    neighbour search assumes distinct points, so each resample is jittered by
    ``1e-10`` column standard deviations (seeded) to break the exact ties,
    which is what makes the interval miss: a duplicated point is its own
    nearest neighbour at distance ~0 in every space.

    Returns
    -------
    (low, high) : the ``(1 - level)/2`` and ``(1 + level)/2`` percentiles, nats.
    """
    from ..measures import ksg_mutual_information  # noqa: PLC0415

    func = "naive_bootstrap_interval"
    n_boot = check_int(n_boot, "n_boot", low=2, func=func)
    level = check_real(level, "level", low=0.0, high=1.0, low_open=True, high_open=True, func=func)
    rng = check_rng(seed, "seed", func)
    x = np.asarray(x).reshape(len(x), -1)
    y = np.asarray(y).reshape(len(y), -1)
    values = []
    for _ in range(n_boot):
        idx = rng.integers(0, len(x), size=len(x))
        values.append(ksg_mutual_information(x[idx], y[idx], k=k, jitter=1e-10, seed=rng))
    a = (1.0 - level) / 2
    return float(np.quantile(values, a)), float(np.quantile(values, 1.0 - a))

