"""Significance of an information estimate: permutation (surrogate) tests whose shuffles respect the null.

An estimate of mutual information, conditional mutual information or transfer entropy
is never exactly zero on finite data, and kNN estimates can be negative. Whether a
small value means "no dependence" is answered by its null distribution: the same
estimator applied to surrogate data in which the dependence under test is destroyed
and everything else is kept. Which shuffle keeps "everything else" depends on the
null hypothesis:

- ``"permute"``: X ⊥ Y for i.i.d. samples; the rows of ``x`` are permuted.
- ``"within_bins"``: X ⊥ Y | Z with Z discrete (or binned): ``x`` is permuted within
  each stratum of ``z``, so the dependence of X on Z is kept.
- ``"local"``: X ⊥ Y | Z with Z continuous; each ``x_i`` is replaced by the ``x`` of one
  of the ``k_perm`` nearest neighbours of ``z_i``, drawn without replacement (Runge
  2018; when all of them are taken, the nearest unused sample, so the shuffle stays a
  permutation and introduces no ties).
- ``"block"`` and ``"circular"``: time series, where a row permutation would also
  destroy the autocorrelation of X; blocks of ``block_length`` consecutive samples are
  shuffled, or ``x`` is shifted circularly by at least ``min_shift`` steps.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.spatial import cKDTree

from .._deprecation import renamed_parameter
from ..validation import check_choice, check_int, check_real, check_rng

__all__ = ["PERMUTATION_SCHEMES", "PermutationTestResult", "permutation_test"]

PERMUTATION_SCHEMES = ("auto", "permute", "within_bins", "local", "block", "circular")
_FUNC = "permutation_test"


@dataclass(frozen=True)
class PermutationTestResult:
    """The estimate, its null distribution under the scheme's shuffles, and the permutation p-value.

    ``p_value = (1 + #{null >= estimate}) / (1 + n_permutations)``: never 0, and exact
    (not conservative beyond the +1) when the shuffles are exchangeable under the null.
    """

    estimate: float
    p_value: float
    null_distribution: np.ndarray
    null_quantiles: dict[float, float]
    scheme: str

    @property
    def n_permutations(self) -> int:
        return int(self.null_distribution.size)


def _rows(a: Any, name: str) -> np.ndarray:
    if a is None or isinstance(a, (str, bytes)):
        raise TypeError(f"The '{name}' parameter of {_FUNC} must be an array of samples (one row per sample). "
                        f"Got {a!r} instead.")
    arr = np.asarray(a)
    if arr.ndim == 0 or arr.shape[0] == 0:
        raise ValueError(f"The '{name}' parameter of {_FUNC} must hold at least one sample. Got shape "
                         f"{arr.shape} instead.")
    if arr.dtype.kind == "c":
        raise TypeError(f"The '{name}' parameter of {_FUNC} must hold real values. Got dtype {arr.dtype} instead.")
    if arr.dtype.kind == "f" and not np.all(np.isfinite(arr)):
        raise ValueError(f"The '{name}' parameter of {_FUNC} must contain only finite values. Got NaN or inf instead.")
    return arr


def _as_float(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, np.floating, np.integer)):
        raise TypeError(f"The 'estimator' of {_FUNC} must return a real number; {what} returned "
                        f"{value!r} ({type(value).__name__}).")
    v = float(value)
    if not np.isfinite(v):
        raise ValueError(f"The 'estimator' of {_FUNC} returned {v} for {what}; a permutation test needs finite "
                         "estimates.")
    return v


def _strata(z: np.ndarray, n_bins: int | None) -> np.ndarray:
    """Integer stratum of each row of z: its distinct value, or its cell of per-column quantile bins."""
    z2 = z.reshape(len(z), -1)
    if n_bins is not None:
        cells = np.empty(z2.shape, dtype=np.int64)
        for j in range(z2.shape[1]):
            edges = np.quantile(z2[:, j], np.linspace(0, 1, n_bins + 1)[1:-1])
            cells[:, j] = np.searchsorted(edges, z2[:, j], side="right")
        z2 = cells
    return np.unique(z2, axis=0, return_inverse=True)[1].reshape(-1)


def _within_strata(strata: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    perm = np.arange(strata.size)
    for s in np.unique(strata):
        members = np.flatnonzero(strata == s)
        perm[members] = rng.permutation(members)
    return perm


def _local_permutation(neighbours: np.ndarray, rng: np.random.Generator, tree: cKDTree | None = None,
                       points: np.ndarray | None = None) -> np.ndarray:
    """Runge's (2018) restricted permutation, kept a true permutation.

    In random order, each i takes a random unused one of the ``k`` nearest neighbours of
    z_i; when all of them are taken, the nearest unused sample beyond them (found with
    ``tree``). Every x value is used exactly once, so estimators that refuse ties (kNN)
    see no duplicated rows.
    """
    n, k = neighbours.shape
    perm = np.empty(n, dtype=np.int64)
    used = np.zeros(n, dtype=bool)
    shuffled = rng.permuted(neighbours, axis=1)
    for i in rng.permutation(n):
        row = shuffled[i]
        free = row[~used[row]]
        if free.size:
            j = free[0]
        else:
            kk = min(2 * k, n)
            while True:
                _, wider = tree.query(points[i], k=kk, p=np.inf)
                wider = np.atleast_1d(wider)
                spare = wider[~used[wider]]
                if spare.size:
                    j = spare[0]
                    break
                kk = min(2 * kk, n)
        perm[i] = j
        used[j] = True
    return perm


def _blocks(n: int, length: int, rng: np.random.Generator) -> np.ndarray:
    starts = np.arange(0, n, length)
    return np.concatenate([np.arange(s, min(s + length, n)) for s in rng.permutation(starts)])


@renamed_parameter("n_neighbours", "k_perm")
def permutation_test(estimator: Callable[..., float], x: Any, y: Any, z: Any = None, *,
                     n_permutations: int = 199, scheme: str = "auto", k_perm: int | None = None,
                     n_bins: int | None = None, block_length: int | None = None, min_shift: int | None = None,
                     quantiles: tuple[float, ...] = (0.05, 0.5, 0.95), seed: Any = 0,
                     progress: Callable | None = None) -> PermutationTestResult:
    """Permutation test of an information estimate: the estimate, its null distribution and a p-value.

    ``estimator(x, y)`` (or ``estimator(x, y, z)`` when ``z`` is given) is applied to the
    data, then to ``n_permutations`` surrogates in which ``x`` is shuffled by ``scheme``
    (see the module docstring); ``y`` and ``z`` are never shuffled. For transfer entropy,
    pass the source as ``x`` and use ``"block"`` or ``"circular"``.

    Parameters
    ----------
    estimator : callable
        Returns a finite real number, e.g. ``lambda a, b: mutual_information(a, b)``.
    x, y : array_like, shape (n, ...)
        Paired samples, one row per sample (labels or continuous values: whatever the
        estimator takes).
    z : array_like, shape (n, ...), optional
        Conditioning samples, for CMI; passed to the estimator as its third argument.
    n_permutations : int, default 199
        Number of surrogates, 1 to 10**6. The smallest p-value possible is 1 / (1 + n_permutations).
    scheme : {"auto", "permute", "within_bins", "local", "block", "circular"}, default "auto"
        "auto" is "permute" without ``z`` and "local" with it.
    k_perm : int, optional
        "local" only: neighbours of z_i among which x_i's replacement is drawn (Runge's k_perm;
        default 5).
    n_bins : int, optional
        "within_bins" only: quantile bins per column of a continuous ``z``; without it the
        strata are the distinct rows of ``z`` (discrete conditioning).
    block_length : int, optional
        "block" only (required): length of the shuffled blocks, e.g. a few autocorrelation times.
    min_shift : int, optional
        "circular" only: the smallest circular shift (default n // 10, at least 1).
    quantiles : tuple of float, default (0.05, 0.5, 0.95)
        Quantiles of the null distribution reported in ``null_quantiles``.
    seed : int or numpy.random.Generator, default 0
        Seeds the shuffles; the same seed gives the same null distribution.
    progress : callable, optional
        Wraps the loop over surrogates (e.g. ``tqdm.auto.tqdm``) for long nulls.

    Returns
    -------
    PermutationTestResult
        ``estimate``, ``p_value``, ``null_distribution``, ``null_quantiles``, ``scheme``.

    Notes
    -----
    The p-value counts surrogates at least as large as the estimate, with the +1
    correction of Phipson & Smyth (2010), so it is valid at any number of permutations.
    Its calibration (uniform p-values under the null) holds when the surrogates are
    exchangeable with the data under the null: "permute" for i.i.d. X ⊥ Y; "within_bins"
    or "local" for X ⊥ Y | Z (a whole-sample permutation would also break X–Z dependence
    and reject a true conditional independence); "block"/"circular" for autocorrelated
    series, approximately. A small or negative estimate with a large p-value is
    consistent with independence; it is not evidence of it at small n.

    References
    ----------
    J. Runge, "Conditional independence testing based on a nearest-neighbor estimator of
    conditional mutual information", AISTATS 2018, arXiv:1709.01447.
    B. Phipson, G. K. Smyth, "Permutation p-values should never be zero", Stat. Appl. Genet.
    Mol. Biol. 9 (2010), doi:10.2202/1544-6115.1585.

    Examples
    --------
    >>> import numpy as np
    >>> from infolab.measures import mutual_information_from_labels, permutation_test
    >>> rng = np.random.default_rng(0)
    >>> x = rng.integers(0, 3, 300)
    >>> dependent = permutation_test(mutual_information_from_labels, x, (x + rng.integers(0, 2, 300)) % 3)
    >>> dependent.p_value == 1 / 200
    True
    >>> independent = permutation_test(mutual_information_from_labels, x, rng.integers(0, 3, 300))
    >>> independent.p_value > 0.05
    True
    """
    if not callable(estimator):
        raise TypeError(f"The 'estimator' parameter of {_FUNC} must be a callable returning a number. "
                        f"Got {estimator!r} instead.")
    xs, ys = _rows(x, "x"), _rows(y, "y")
    zs = None if z is None else _rows(z, "z")
    n = xs.shape[0]
    for name, arr in (("y", ys), ("z", zs)):
        if arr is not None and arr.shape[0] != n:
            raise ValueError(f"The 'x' and '{name}' parameters of {_FUNC} must have the same number of samples. "
                             f"Got {n} and {arr.shape[0]} instead.")
    if n < 2:
        raise ValueError(f"The 'x' parameter of {_FUNC} needs at least 2 samples to permute. Got {n} instead.")
    b = check_int(n_permutations, "n_permutations", low=1, high=10**6, func=_FUNC)
    check_choice(scheme, "scheme", PERMUTATION_SCHEMES, func=_FUNC)
    if scheme == "auto":
        scheme = "permute" if zs is None else "local"
    if scheme in ("within_bins", "local") and zs is None:
        raise ValueError(f"The '{scheme}' scheme of {_FUNC} shuffles x within neighbourhoods of z, so it needs "
                         "'z'. Got z=None instead.")
    options = {"k_perm": (k_perm, "local"), "n_bins": (n_bins, "within_bins"),
               "block_length": (block_length, "block"), "min_shift": (min_shift, "circular")}
    for name, (value, owner) in options.items():
        if value is not None and scheme != owner:
            raise ValueError(f"The '{name}' parameter of {_FUNC} applies only to scheme='{owner}'; the "
                             f"'{scheme}' scheme would ignore it. Got {name}={value!r}.")
    if scheme == "block" and block_length is None:
        raise ValueError(f"The 'block' scheme of {_FUNC} needs 'block_length' (e.g. a few autocorrelation times). "
                         "Got None instead.")
    if isinstance(quantiles, (str, bytes)) or not hasattr(quantiles, "__iter__") or len(tuple(quantiles)) == 0:
        raise TypeError(f"The 'quantiles' parameter of {_FUNC} must be a non-empty tuple of numbers in [0, 1]. "
                        f"Got {quantiles!r} instead.")
    qs = tuple(check_real(q, "quantiles", low=0.0, high=1.0, func=_FUNC) for q in quantiles)
    if progress is not None and not callable(progress):
        raise TypeError(f"The 'progress' parameter of {_FUNC} must be None or a callable wrapping an iterable "
                        f"(e.g. tqdm). Got {type(progress).__name__} instead.")
    rng = check_rng(seed, func=_FUNC)

    if scheme == "local":
        kp = check_int(5 if k_perm is None else k_perm, "k_perm", low=1, high=n, func=_FUNC)
        zf = zs.reshape(n, -1).astype(float)
        tree = cKDTree(zf)
        _, neighbours = tree.query(zf, k=kp, p=np.inf)
        neighbours = np.asarray(neighbours, dtype=np.int64).reshape(n, kp)
        shuffle = lambda: _local_permutation(neighbours, rng, tree, zf)  # noqa: E731
    elif scheme == "within_bins":
        bins = None if n_bins is None else check_int(n_bins, "n_bins", low=2, high=n, func=_FUNC)
        strata = _strata(zs, bins)
        if np.unique(strata).size == n:
            raise ValueError(f"Every sample of 'z' is its own stratum, so the 'within_bins' scheme of {_FUNC} "
                             "could not shuffle anything; give n_bins= for a continuous z, or use scheme='local'.")
        shuffle = lambda: _within_strata(strata, rng)  # noqa: E731
    elif scheme == "block":
        length = check_int(block_length, "block_length", low=1, high=n // 2, func=_FUNC)
        shuffle = lambda: _blocks(n, length, rng)  # noqa: E731
    elif scheme == "circular":
        shift_min = check_int(max(1, n // 10) if min_shift is None else min_shift, "min_shift", low=1,
                              high=n // 2, func=_FUNC)
        shuffle = lambda: np.roll(np.arange(n), int(rng.integers(shift_min, n - shift_min + 1)))  # noqa: E731
    else:
        shuffle = lambda: rng.permutation(n)  # noqa: E731

    def estimate(xv):
        return estimator(xv, ys) if zs is None else estimator(xv, ys, zs)

    observed = _as_float(estimate(xs.copy()), "the data")
    indices = [shuffle() for _ in range(b)]  # all shuffles drawn first: the null is fixed by the seed alone
    loop = progress(range(b), desc="permutation test", total=b) if progress is not None else range(b)
    null = np.empty(b)
    for i in loop:
        null[i] = _as_float(estimate(xs[indices[i]]), f"surrogate {i}")
    p_value = float((1 + np.count_nonzero(null >= observed)) / (1 + b))
    return PermutationTestResult(estimate=observed, p_value=p_value, null_distribution=null,
                                 null_quantiles={q: float(np.quantile(null, q)) for q in qs}, scheme=scheme)
