"""Sampling tasks whose mutual information is known in closed form.

Each :class:`MITask` owns its ground truth: a sampler of paired data ``(x, y)``
and the exact mutual information ``I(X; Y)`` in nats, with the formula it came
from. The families are those of the "Beyond Normality" benchmark (Czyż,
Grabowski, Otto, Marx, Beerenwinkel, NeurIPS 2023, arXiv:2306.11078),
re-implemented in NumPy from their definitions:

* ``normal``: jointly Gaussian ``(X, Y)`` with a dense (equicorrelated) or a
  sparse (a few correlated coordinate pairs) interaction. Truth:
  ``I = (log det Σ_XX + log det Σ_YY - log det Σ) / 2``.
* ``student_t``: multivariate Student-t with ``ν`` degrees of freedom and
  dispersion ``Σ``. Truth: the Gaussian term of ``Σ`` plus a correction that
  depends only on ``ν`` and the dimensions (Arellano-Valle, Contreras-Reyes and
  Genton 2013, doi:10.1111/j.1467-9469.2011.00774.x), positive even when ``Σ``
  is the identity.
* ``additive_uniform``: ``X_i ~ U(0, 1)``, ``Y_i = X_i + N_i`` with
  ``N_i ~ U(-ε, ε)`` independent per coordinate. Truth per coordinate:
  ``ε - log(2ε)`` if ``2ε <= 1`` and ``1 / (4ε)`` otherwise.

Mutual information is invariant under injective maps of ``X`` and of ``Y``
separately, so the transforms below compose harder tasks with the same truth:
``halfcube`` (``x sqrt|x|``), ``asinh``, ``normal_cdf`` (``Φ``), ``wiggly``
(``x + Σ a_k sin(ω_k x + φ_k)`` with ``Σ |a_k ω_k| < 1``), all coordinate-wise;
``spiral`` (rotate each vector in its first coordinate plane by an angle
proportional to its squared norm); and ``swissroll`` (embed a 1-D ``X`` on a
2-D Swiss roll). A task's name says how it was composed, e.g.
``"asinh(student_t-dof3-2x2)"``.

Examples
--------
>>> from infolab.data import mi_task
>>> task = mi_task("asinh(student_t-dof3-2x2)")
>>> x, y = task.sample(500, seed=0)
>>> x.shape, y.shape
((500, 2), (500, 2))
>>> round(task.mutual_information, 4)
0.1108
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.special import ndtr

from ..measures.parametric import _student_t_mutual_information_excess, gaussian_mutual_information
from ..validation import check_int, check_real, check_rng, check_square_matrix

__all__ = [
    "MITask",
    "MI_TRANSFORMS",
    "mi_task",
    "mi_benchmark_tasks",
    "gaussian_task",
    "student_t_task",
    "additive_uniform_task",
    "transformed_task",
    "dense_interaction_covariance",
    "sparse_interaction_covariance",
    "student_t_mutual_information_correction",
    "additive_uniform_mutual_information",
]

_Draw = Callable[[int, np.random.Generator], "tuple[np.ndarray, np.ndarray]"]


@dataclass(frozen=True, eq=False)
class MITask:
    """A joint distribution of ``(X, Y)`` with known mutual information.

    Attributes
    ----------
    name : str
        How the task was composed, e.g. ``"spiral(normal-dense-3x3-rho0.5)"``.
        ``mi_task(task.name)`` rebuilds the task for every named task.
    dim_x, dim_y : int
        Dimensions of ``X`` and ``Y``.
    mutual_information : float
        The exact ``I(X; Y)`` in nats.
    family : str
        The base family: ``"normal"``, ``"student_t"`` or ``"additive_uniform"``.
    transforms : tuple of str
        The transforms applied to the base task, innermost first.
    formula : str
        Where the truth comes from.

    Examples
    --------
    >>> task = gaussian_task(dense_interaction_covariance(1, 1, 0.75), dim_x=1)
    >>> round(task.mutual_information, 6) == round(-0.5 * math.log(1 - 0.75**2), 6)
    True
    """

    name: str
    dim_x: int
    dim_y: int
    mutual_information: float
    family: str
    formula: str
    transforms: tuple[str, ...] = ()
    _draw: _Draw = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if not callable(self._draw):
            raise TypeError("MITask needs a sampler: build tasks with gaussian_task, student_t_task, "
                            "additive_uniform_task, transformed_task or mi_task. Got no '_draw' callable.")

    def sample(self, n: int, seed: Any = 0) -> tuple[np.ndarray, np.ndarray]:
        """Draw ``n`` independent pairs.

        Parameters
        ----------
        n : int
            Number of samples (>= 1).
        seed : int or numpy.random.Generator, default 0
            Randomness; the same int gives the same arrays bit for bit.

        Returns
        -------
        x : ndarray of shape (n, dim_x)
        y : ndarray of shape (n, dim_y)
        """
        n = check_int(n, "n", low=1, func="MITask.sample")
        rng = check_rng(seed, "seed", func="MITask.sample")
        x, y = self._draw(n, rng)
        return np.ascontiguousarray(x, dtype=np.float64), np.ascontiguousarray(y, dtype=np.float64)

    def __repr__(self) -> str:
        return (f"MITask({self.name!r}, dim_x={self.dim_x}, dim_y={self.dim_y}, "
                f"mutual_information={self.mutual_information:.6g} nats)")


# --------------------------------------------------------------------------- truths

def student_t_mutual_information_correction(dof: float, dim_x: int, dim_y: int) -> float:
    """The non-Gaussian part of the mutual information of a multivariate Student-t, in nats.

    For ``(X, Y)`` multivariate Student-t with ``ν`` degrees of freedom and
    dispersion ``Σ``, ``I(X; Y) = I_Gauss(Σ) + c(ν, d_x, d_y)`` where, with
    ``g(d) = log Γ((ν + d)/2) - log Γ(ν/2) - (ν + d)/2 [ψ((ν + d)/2) - ψ(ν/2)]``,
    ``c = g(d_x + d_y) - g(d_x) - g(d_y)``. It follows from the entropy of the
    multivariate t (Arellano-Valle et al. 2013) because the marginals of a t are
    t with the same ``ν``. ``c > 0`` and ``c -> 0`` as ``ν -> ∞``.

    Parameters
    ----------
    dof : float
        Degrees of freedom ``ν > 0``.
    dim_x, dim_y : int
        Dimensions of ``X`` and ``Y`` (>= 1).

    Returns
    -------
    float
        The correction in nats.

    References
    ----------
    Arellano-Valle, Contreras-Reyes, Genton (2013), Shannon entropy and mutual
    information for multivariate skew-elliptical distributions, Scand. J. Stat.
    Czyż et al. (2023), arXiv:2306.11078, Appendix (Student-t task).

    Examples
    --------
    >>> round(student_t_mutual_information_correction(1.0, 1, 1), 6)
    0.224171
    """
    func = "student_t_mutual_information_correction"
    dof = check_real(dof, "dof", low=0.0, low_open=True, func=func)
    dim_x = check_int(dim_x, "dim_x", low=1, func=func)
    dim_y = check_int(dim_y, "dim_y", low=1, func=func)
    return _student_t_mutual_information_excess(dof, dim_x, dim_y)


def additive_uniform_mutual_information(epsilon: Any) -> float:
    """Mutual information of ``Y = X + N``, ``X ~ U(0, 1)``, ``N ~ U(-ε, ε)``, in nats.

    Per coordinate ``h(Y | X) = log(2ε)`` and ``Y`` has a trapezoidal density, so
    ``I = ε - log(2ε)`` when ``2ε <= 1`` and ``I = 1 / (4ε)`` otherwise
    (Czyż et al. 2023, arXiv:2306.11078, "additive noise" task). Independent
    coordinates add.

    Parameters
    ----------
    epsilon : float or array_like of float
        Noise half-width(s), each > 0; an array gives one coordinate per entry.

    Returns
    -------
    float
        Mutual information in nats.

    Examples
    --------
    >>> round(additive_uniform_mutual_information(0.5), 12)
    0.5
    >>> round(additive_uniform_mutual_information(1.0), 12)
    0.25
    """
    eps = _check_epsilon(epsilon, "additive_uniform_mutual_information")
    return float(sum(e - math.log(2 * e) if 2 * e <= 1 else 1 / (4 * e) for e in eps))


# --------------------------------------------------------------------------- covariances

def dense_interaction_covariance(dim_x: int, dim_y: int, rho: float) -> np.ndarray:
    """Equicorrelation covariance of ``(X, Y)``: unit variances, every pair correlated ``ρ``.

    This is the "dense" interaction of Czyż et al. (2023): every coordinate of
    ``X`` interacts with every coordinate of ``Y`` (and within each block).
    Positive definite for ``-1/(d - 1) < ρ < 1`` with ``d = dim_x + dim_y``.

    Examples
    --------
    >>> dense_interaction_covariance(1, 1, 0.5)
    array([[1. , 0.5],
           [0.5, 1. ]])
    """
    func = "dense_interaction_covariance"
    dim_x = check_int(dim_x, "dim_x", low=1, func=func)
    dim_y = check_int(dim_y, "dim_y", low=1, func=func)
    d = dim_x + dim_y
    rho = check_real(rho, "rho", low=-1.0 / (d - 1), high=1.0, low_open=True, high_open=True, func=func)
    return (1.0 - rho) * np.eye(d) + rho * np.ones((d, d))


def sparse_interaction_covariance(dim_x: int, dim_y: int, n_pairs: int, rho: float) -> np.ndarray:
    """Covariance where only ``n_pairs`` coordinate pairs ``(X_i, Y_i)`` are correlated.

    Unit variances; ``corr(X_i, Y_i) = ρ`` for ``i < n_pairs``; every other pair
    independent: the "sparse" interaction of Czyż et al. (2023). The mutual
    information is ``-n_pairs log(1 - ρ²) / 2``.

    Examples
    --------
    >>> sparse_interaction_covariance(2, 2, 1, 0.5)[0]
    array([1. , 0. , 0.5, 0. ])
    """
    func = "sparse_interaction_covariance"
    dim_x = check_int(dim_x, "dim_x", low=1, func=func)
    dim_y = check_int(dim_y, "dim_y", low=1, func=func)
    n_pairs = check_int(n_pairs, "n_pairs", low=0, high=min(dim_x, dim_y), func=func)
    rho = check_real(rho, "rho", low=-1.0, high=1.0, low_open=True, high_open=True, func=func)
    cov = np.eye(dim_x + dim_y)
    for i in range(n_pairs):
        cov[i, dim_x + i] = cov[dim_x + i, i] = rho
    return cov


# --------------------------------------------------------------------------- base tasks

def gaussian_task(covariance: Any, dim_x: int, name: str | None = None) -> MITask:
    """A jointly Gaussian task with mean zero and the given covariance.

    Parameters
    ----------
    covariance : array_like of shape (d, d)
        Symmetric positive definite covariance of ``(X, Y)``; ``X`` is the first
        ``dim_x`` coordinates.
    dim_x : int
        Dimension of ``X``.
    name : str, optional
        Task name; default ``"normal-custom-{dim_x}x{dim_y}"``.

    Returns
    -------
    MITask
        Truth ``(log det Σ_XX + log det Σ_YY - log det Σ) / 2`` nats.

    Examples
    --------
    >>> task = gaussian_task(sparse_interaction_covariance(2, 2, 2, 0.8), dim_x=2)
    >>> round(task.mutual_information, 6) == round(-math.log(1 - 0.64), 6)
    True
    """
    func = "gaussian_task"
    cov = _check_covariance(covariance, "covariance", func)
    dim_x = check_int(dim_x, "dim_x", low=1, high=cov.shape[0] - 1, func=func)
    dim_y = cov.shape[0] - dim_x
    chol = np.linalg.cholesky(cov)

    def draw(n: int, rng: np.random.Generator):
        z = rng.standard_normal((n, cov.shape[0])) @ chol.T
        return z[:, :dim_x], z[:, dim_x:]

    return MITask(name=name or f"normal-custom-{dim_x}x{dim_y}", dim_x=dim_x, dim_y=dim_y,
                  mutual_information=gaussian_mutual_information(cov, dim_x), family="normal",
                  formula="I = (log det S_xx + log det S_yy - log det S) / 2", _draw=draw)


def student_t_task(dispersion: Any, dim_x: int, dof: float, name: str | None = None) -> MITask:
    """A multivariate Student-t task: ``(X, Y) = Z / sqrt(W / ν)``, ``Z ~ N(0, Σ)``, ``W ~ χ²_ν``.

    Parameters
    ----------
    dispersion : array_like of shape (d, d)
        Symmetric positive definite dispersion ``Σ``.
    dim_x : int
        Dimension of ``X``.
    dof : float
        Degrees of freedom ``ν > 0`` (heavier tails for small ``ν``).
    name : str, optional
        Task name; default ``"student_t-custom-dof{ν}-{dim_x}x{dim_y}"``.

    Returns
    -------
    MITask
        Truth ``I_Gauss(Σ) + c(ν, d_x, d_y)`` nats
        (:func:`student_t_mutual_information_correction`).

    Examples
    --------
    >>> task = student_t_task(np.eye(2), dim_x=1, dof=1.0)
    >>> round(task.mutual_information, 6)
    0.224171
    """
    func = "student_t_task"
    cov = _check_covariance(dispersion, "dispersion", func)
    dim_x = check_int(dim_x, "dim_x", low=1, high=cov.shape[0] - 1, func=func)
    dof = check_real(dof, "dof", low=0.0, low_open=True, func=func)
    dim_y = cov.shape[0] - dim_x
    chol = np.linalg.cholesky(cov)
    truth = gaussian_mutual_information(cov, dim_x) + _student_t_mutual_information_excess(dof, dim_x, dim_y)

    def draw(n: int, rng: np.random.Generator):
        z = rng.standard_normal((n, cov.shape[0])) @ chol.T
        w = rng.chisquare(dof, size=(n, 1))
        t = z / np.sqrt(w / dof)
        return t[:, :dim_x], t[:, dim_x:]

    return MITask(name=name or f"student_t-custom-dof{dof:g}-{dim_x}x{dim_y}", dim_x=dim_x, dim_y=dim_y,
                  mutual_information=float(truth), family="student_t",
                  formula="I = I_Gauss(S) + g(dx+dy) - g(dx) - g(dy) (Arellano-Valle et al. 2013)",
                  _draw=draw)


def additive_uniform_task(epsilon: Any, dim: int = 1, name: str | None = None) -> MITask:
    """``X_i ~ U(0, 1)``, ``Y_i = X_i + N_i``, ``N_i ~ U(-ε_i, ε_i)``, coordinates independent.

    Parameters
    ----------
    epsilon : float or array_like of float
        Noise half-width, one value for every coordinate or one per coordinate (> 0).
    dim : int
        Dimension of ``X`` and of ``Y`` (ignored when ``epsilon`` is an array).
    name : str, optional
        Task name; default ``"additive_uniform-{dim}x{dim}-eps{ε}"``.

    Returns
    -------
    MITask
        Truth :func:`additive_uniform_mutual_information` nats.

    Examples
    --------
    >>> round(additive_uniform_task(0.1).mutual_information, 6)
    1.709438
    """
    func = "additive_uniform_task"
    dim = check_int(dim, "dim", low=1, func=func)
    if np.ndim(epsilon) == 0:
        eps = _check_epsilon(epsilon, func) * dim
        label = f"eps{eps[0]:g}"
    else:
        eps = _check_epsilon(epsilon, func)
        dim = len(eps)
        label = "eps" + "_".join(f"{e:g}" for e in eps)
    eps_arr = np.asarray(eps)

    def draw(n: int, rng: np.random.Generator):
        x = rng.uniform(0.0, 1.0, size=(n, dim))
        noise = rng.uniform(-1.0, 1.0, size=(n, dim)) * eps_arr
        return x, x + noise

    return MITask(name=name or f"additive_uniform-{dim}x{dim}-{label}", dim_x=dim, dim_y=dim,
                  mutual_information=additive_uniform_mutual_information(eps), family="additive_uniform",
                  formula="I = sum_i (eps_i - log 2 eps_i if 2 eps_i <= 1 else 1 / (4 eps_i))", _draw=draw)


# --------------------------------------------------------------------------- transforms

def _halfcube(v: np.ndarray) -> np.ndarray:
    return v * np.sqrt(np.abs(v))


# Two sine sums with sum |a_k w_k| < 1, so that f'(v) >= 1 - sum |a_k w_k| > 0.
_WIGGLY_X = ((0.4, 1.0, 0.0), (0.2, 2.0, 1.0))      # sum a w = 0.8
_WIGGLY_Y = ((0.3, 1.5, 0.5), (0.15, 3.0, -1.0))    # sum a w = 0.9


def _wiggly(v: np.ndarray, terms) -> np.ndarray:
    out = v.copy()
    for a, w, phi in terms:
        out = out + a * np.sin(w * v + phi)
    return out


_SPIRAL_SPEED = 0.5


def _spiral(v: np.ndarray, speed: float = _SPIRAL_SPEED) -> np.ndarray:
    """Rotate (v0, v1) by the angle speed * |v|^2; the norm is kept, so the inverse uses -speed."""
    theta = speed * np.sum(v * v, axis=1)
    c, s = np.cos(theta), np.sin(theta)
    out = v.copy()
    out[:, 0] = c * v[:, 0] - s * v[:, 1]
    out[:, 1] = s * v[:, 0] + c * v[:, 1]
    return out


def _swissroll(v: np.ndarray) -> np.ndarray:
    """Embed a 1-D variable on a 2-D Swiss roll: t = 1.5π(1 + 2Φ(v)), (t cos t, t sin t) / 10."""
    t = 1.5 * np.pi * (1.0 + 2.0 * ndtr(v[:, 0]))
    return np.stack([t * np.cos(t), t * np.sin(t)], axis=1) / 10.0


MI_TRANSFORMS: dict[str, str] = {
    "halfcube": "x sqrt|x| on every coordinate of X and Y",
    "asinh": "asinh on every coordinate of X and Y",
    "normal_cdf": "standard normal CDF on every coordinate of X and Y",
    "wiggly": "x + sum_k a_k sin(w_k x + phi_k) with sum |a_k w_k| < 1, one sum for X, another for Y",
    "spiral": f"rotate each of X and Y in its first coordinate plane by {_SPIRAL_SPEED:g} |v|^2 (dims >= 2)",
    "swissroll": "embed a 1-D X on a 2-D Swiss roll (t cos t, t sin t)/10, t = 1.5 pi (1 + 2 Phi(x)); Y unchanged",
}
"""The MI-preserving transforms by name, with what each does."""


def transformed_task(task: MITask, transform: str) -> MITask:
    """Compose a task with an injective transform; the mutual information is unchanged.

    ``I(f(X); g(Y)) = I(X; Y)`` for injective ``f``, ``g`` (Cover and Thomas,
    *Elements of Information Theory*, §8.6; Czyż et al. 2023, arXiv:2306.11078,
    §2). The new task draws the base sample with the same generator and maps it,
    so ``transformed_task(t, f).sample(n, s)`` is ``f`` applied to
    ``t.sample(n, s)``.

    Parameters
    ----------
    task : MITask
        The base task.
    transform : str
        One of :data:`MI_TRANSFORMS`: ``"halfcube"``, ``"asinh"``,
        ``"normal_cdf"``, ``"wiggly"``, ``"spiral"`` (both dimensions >= 2) or
        ``"swissroll"`` (``dim_x == 1``; ``X`` becomes 2-D).

    Returns
    -------
    MITask
        Named ``"{transform}({task.name})"``.

    Notes
    -----
    ``normal_cdf`` of heavy-tailed data rounds extreme values to exactly 0 or 1
    in float64, which creates ties; the benchmark applies it to Gaussian tasks.

    Examples
    --------
    >>> t = transformed_task(mi_task("normal-dense-2x2-rho0.5"), "wiggly")
    >>> t.name
    'wiggly(normal-dense-2x2-rho0.5)'
    """
    func = "transformed_task"
    if not isinstance(task, MITask):
        raise TypeError(f"The 'task' parameter of {func} must be an MITask. Got {type(task).__name__} instead.")
    if transform not in MI_TRANSFORMS:
        raise ValueError(f"The 'transform' parameter of {func} must be one of {sorted(MI_TRANSFORMS)}. "
                         f"Got {transform!r} instead.")
    base = task._draw
    dim_x = task.dim_x
    if transform == "halfcube":
        fx = fy = _halfcube
    elif transform == "asinh":
        fx = fy = np.arcsinh
    elif transform == "normal_cdf":
        fx = fy = ndtr
    elif transform == "wiggly":
        fx, fy = (lambda v: _wiggly(v, _WIGGLY_X)), (lambda v: _wiggly(v, _WIGGLY_Y))
    elif transform == "spiral":
        if task.dim_x < 2 or task.dim_y < 2:
            raise ValueError(f"The 'task' parameter of {func} must have dim_x >= 2 and dim_y >= 2 for the "
                             f"'spiral' transform. Got {task.dim_x}x{task.dim_y} instead.")
        fx = fy = _spiral
    else:  # swissroll
        if task.dim_x != 1:
            raise ValueError(f"The 'task' parameter of {func} must have dim_x == 1 for the 'swissroll' "
                             f"transform. Got dim_x={task.dim_x} instead.")
        fx, fy, dim_x = _swissroll, (lambda v: v), 2

    def draw(n: int, rng: np.random.Generator):
        x, y = base(n, rng)
        return fx(x), fy(y)

    return MITask(name=f"{transform}({task.name})", dim_x=dim_x, dim_y=task.dim_y,
                  mutual_information=task.mutual_information, family=task.family,
                  formula=task.formula + f"; unchanged by the injective map '{transform}'",
                  transforms=task.transforms + (transform,), _draw=draw)


# --------------------------------------------------------------------------- names

_TOKEN = re.compile(r"^(?:(?P<dims>\d+x\d+)|rho(?P<rho>\d+(?:\.\d+)?)|pairs(?P<pairs>\d+)|"
                    r"dof(?P<dof>\d+(?:\.\d+)?)|eps(?P<eps>\d+(?:\.\d+)?))$")
_STRUCTURES = {"normal": ("dense", "sparse"), "student_t": ("identity", "dense"), "additive_uniform": ()}
_EXAMPLES = ("normal-dense-3x3-rho0.5", "normal-sparse-5x5-pairs2-rho0.8", "student_t-dof3-2x2",
             "student_t-dense-dof5-2x2-rho0.5", "additive_uniform-1x1-eps0.1",
             "asinh(student_t-dof3-2x2)", "spiral(normal-dense-3x3-rho0.5)")


def _canonical(family: str, structure: str, dx: int, dy: int, p: dict[str, Any]) -> str:
    parts = [family]
    if structure and not (family == "student_t" and structure == "identity"):
        parts.append(structure)
    if "dof" in p:
        parts.append(f"dof{p['dof']:g}")
    parts.append(f"{dx}x{dy}")
    if "pairs" in p:
        parts.append(f"pairs{p['pairs']}")
    if "rho" in p:
        parts.append(f"rho{p['rho']:g}")
    if "eps" in p:
        parts.append(f"eps{p['eps']:g}")
    return "-".join(parts)


def _unknown(name: str, why: str) -> ValueError:
    return ValueError(
        f"The 'name' parameter of mi_task must name a task ({why}). Got {name!r} instead. Valid names are a "
        f"base task '{{family}}[-{{structure}}][-dof{{v}}]-{{dx}}x{{dy}}[-pairs{{k}}][-rho{{r}}][-eps{{e}}]' "
        f"with family/structure in {_STRUCTURES}, optionally wrapped in transforms {sorted(MI_TRANSFORMS)}, "
        f"e.g. {list(_EXAMPLES)}; the benchmark suite is {[t.name for t in mi_benchmark_tasks()]}."
    )


def _base_task(name: str, text: str) -> MITask:
    tokens = text.split("-")
    family = tokens[0]
    if family not in _STRUCTURES:
        raise _unknown(name, f"unknown family {family!r}")
    structure = ""
    params: dict[str, Any] = {}
    dims = None
    for tok in tokens[1:]:
        if tok in _STRUCTURES[family] and not structure:
            structure = tok
            continue
        m = _TOKEN.match(tok)
        if not m:
            raise _unknown(name, f"unknown part {tok!r}")
        key, value = next((k, v) for k, v in m.groupdict().items() if v is not None)
        if key == "dims":
            if dims is not None:
                raise _unknown(name, "dimensions given twice")
            dims = tuple(int(v) for v in value.split("x"))
            continue
        if key in params:
            raise _unknown(name, f"{key!r} given twice")
        params[key] = int(value) if key == "pairs" else float(value)
    if dims is None or min(dims) < 1:
        raise _unknown(name, "dimensions '{dx}x{dy}' with dx, dy >= 1 are required")
    dx, dy = dims
    allowed = {("normal", "dense"): {"rho"}, ("normal", "sparse"): {"rho", "pairs"},
               ("student_t", "identity"): {"dof"}, ("student_t", "dense"): {"dof", "rho"},
               ("additive_uniform", ""): {"eps"}}
    if family == "student_t" and not structure:
        structure = "identity"
    if (family, structure) not in allowed:
        raise _unknown(name, f"family {family!r} needs a structure from {_STRUCTURES[family]}")
    if set(params) != allowed[(family, structure)]:
        raise _unknown(name, f"{family}-{structure or family} needs exactly {sorted(allowed[(family, structure)])}")
    canonical = _canonical(family, structure, dx, dy, params)
    try:
        if family == "normal":
            if structure == "dense":
                cov = dense_interaction_covariance(dx, dy, params["rho"])
            else:
                cov = sparse_interaction_covariance(dx, dy, params["pairs"], params["rho"])
            return gaussian_task(cov, dx, name=canonical)
        if family == "student_t":
            cov = np.eye(dx + dy) if structure == "identity" else dense_interaction_covariance(dx, dy, params["rho"])
            return student_t_task(cov, dx, params["dof"], name=canonical)
        if dx != dy:
            raise ValueError(f"additive_uniform needs dx == dy, got {dx}x{dy}")
        return additive_uniform_task(params["eps"], dim=dx, name=canonical)
    except ValueError as exc:
        raise _unknown(name, f"invalid parameters: {exc}") from None


def mi_task(name: str) -> MITask:
    """Build a task from its name.

    A name is a base task, optionally wrapped in transforms (innermost applied
    first). Base tasks:

    * ``normal-dense-{dx}x{dy}-rho{r}``: :func:`dense_interaction_covariance`;
    * ``normal-sparse-{dx}x{dy}-pairs{k}-rho{r}``: :func:`sparse_interaction_covariance`;
    * ``student_t-dof{ν}-{dx}x{dy}``: Student-t with identity dispersion (all of
      the dependence is the tail dependence of the t);
    * ``student_t-dense-dof{ν}-{dx}x{dy}-rho{r}``: Student-t with dense dispersion;
    * ``additive_uniform-{d}x{d}-eps{ε}``: :func:`additive_uniform_task`.

    Transforms: ``halfcube(...)``, ``asinh(...)``, ``normal_cdf(...)``,
    ``wiggly(...)``, ``spiral(...)``, ``swissroll(...)`` (:func:`transformed_task`).

    Parameters
    ----------
    name : str
        E.g. ``"asinh(student_t-dof3-2x2)"``.

    Returns
    -------
    MITask
        With ``.name`` in canonical form (parts in the order above).

    Raises
    ------
    ValueError
        For an unknown name; the message lists the grammar and the benchmark names.

    Examples
    --------
    >>> mi_task("halfcube(normal-sparse-3x3-pairs2-rho0.8)").dim_x
    3
    """
    if not isinstance(name, str):
        raise TypeError(f"The 'name' parameter of mi_task must be a str. Got {name!r} ({type(name).__name__}) instead.")
    text = name.strip()
    wrappers = []
    while True:
        m = re.match(r"^([a-z_]+)\((.*)\)$", text)
        if not m:
            break
        if m.group(1) not in MI_TRANSFORMS:
            raise _unknown(name, f"unknown transform {m.group(1)!r}")
        wrappers.append(m.group(1))
        text = m.group(2)
    if "(" in text or ")" in text:
        raise _unknown(name, "unbalanced parentheses")
    task = _base_task(name, text)
    for transform in reversed(wrappers):
        try:
            task = transformed_task(task, transform)
        except ValueError as exc:
            raise _unknown(name, str(exc)) from None
    return task


_BENCHMARK_NAMES = (
    # Gaussian: 1v1, dense and sparse interaction, and an independent control (I = 0)
    "normal-dense-1x1-rho0.75",
    "normal-dense-2x2-rho0",
    "normal-dense-2x2-rho0.5",
    "normal-dense-3x3-rho0.5",
    "normal-dense-5x5-rho0.5",
    "normal-sparse-3x3-pairs2-rho0.8",
    "normal-sparse-5x5-pairs2-rho0.8",
    # Student-t: tail dependence only (identity dispersion), and dense dispersion
    "student_t-dof1-1x1",
    "student_t-dof2-1x1",
    "student_t-dof3-2x2",
    "student_t-dof5-3x3",
    "student_t-dense-dof5-2x2-rho0.5",
    # additive uniform noise
    "additive_uniform-1x1-eps0.1",
    "additive_uniform-1x1-eps0.75",
    "additive_uniform-2x2-eps0.5",
    # MI-preserving transforms
    "halfcube(normal-dense-1x1-rho0.75)",
    "halfcube(normal-dense-3x3-rho0.5)",
    "asinh(student_t-dof1-1x1)",
    "asinh(student_t-dof3-2x2)",
    "normal_cdf(normal-sparse-3x3-pairs2-rho0.8)",
    "wiggly(normal-dense-2x2-rho0.5)",
    "wiggly(additive_uniform-1x1-eps0.1)",
    "spiral(normal-dense-3x3-rho0.5)",
    "spiral(normal-sparse-5x5-pairs2-rho0.8)",
    "swissroll(normal-dense-1x1-rho0.9)",
    # the hardest published settings: spiral-rotated sparse Gaussians, dense Gaussians in high
    # dimension, and Student-t with few degrees of freedom in 3 + 3 and 5 + 5 dimensions
    "spiral(normal-sparse-3x3-pairs2-rho0.8)",
    "normal-dense-25x25-rho0.5",
    "normal-dense-50x50-rho0.5",
    "student_t-dof1-3x3",
    "student_t-dof2-3x3",
    "student_t-dof3-3x3",
    "student_t-dof1-5x5",
    "student_t-dof2-5x5",
    "student_t-dof3-5x5",
)


def mi_benchmark_tasks() -> list[MITask]:
    """The ground-truth benchmark suite: 34 tasks, dimensions up to 50 + 50, MI from 0 to ~1.7 nats.

    It covers the families of Czyż et al. (2023, arXiv:2306.11078): Gaussian
    (1v1, dense, sparse, independent), Student-t (identity and dense
    dispersion, ν from 1 to 5), additive uniform noise, and the halfcube,
    asinh, normal-CDF, wiggly, spiral and Swiss-roll compositions, with the
    hardest published settings (spiral-rotated sparse Gaussians in 3 + 3 and
    5 + 5 dimensions, dense Gaussians in 25 + 25 and 50 + 50, Student-t with
    ν = 1, 2, 3 in 3 + 3 and 5 + 5) after the 25 workbook-scale tasks. A new
    list of new task objects is returned on every call.

    Examples
    --------
    >>> tasks = mi_benchmark_tasks()
    >>> len(tasks), max(t.dim_x + t.dim_y for t in tasks)
    (34, 100)
    """
    return [mi_task(name) for name in _BENCHMARK_NAMES]


# --------------------------------------------------------------------------- validation

def _check_covariance(cov: Any, name: str, func: str) -> np.ndarray:
    arr = check_square_matrix(cov, name, func=func, symmetric=True, xp=np)
    if arr.shape[0] < 2:
        raise ValueError(f"The '{name}' parameter of {func} must be at least 2x2 (X and Y need a coordinate each). "
                         f"Got shape {arr.shape} instead.")
    arr = 0.5 * (arr + arr.T)
    if np.linalg.eigvalsh(arr)[0] <= 0:
        raise ValueError(f"The '{name}' parameter of {func} must be positive definite. "
                         f"Got a smallest eigenvalue of {np.linalg.eigvalsh(arr)[0]!r} instead.")
    return arr


def _check_epsilon(epsilon: Any, func: str) -> list[float]:
    values = np.atleast_1d(np.asarray(epsilon, dtype=object))
    if values.ndim != 1 or values.size == 0:
        raise ValueError(f"The 'epsilon' parameter of {func} must be a positive number or a 1-D array of them. "
                         f"Got {epsilon!r} instead.")
    return [check_real(e, "epsilon", low=0.0, low_open=True, func=func) for e in values]
