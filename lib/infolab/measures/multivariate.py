"""Information shared among more than two variables: total and dual total correlation, co-information,
interaction information, O-information and S-information (nats by default).

Each measure is a signed sum of entropies of subsets of the variables X_1..X_m:

- total correlation TC = Σ_i H(X_i) − H(X) (Watanabe 1960), the multi-information;
- dual total correlation DTC = H(X) − Σ_i H(X_i | X_{−i}) (Han 1978), the binding information;
- O-information Ω = TC − DTC (Rosas et al. 2019): > 0 redundancy-dominated, < 0 synergy-dominated;
- S-information Σ = TC + DTC;
- co-information CoI = −Σ_{S ≠ ∅} (−1)^{|S|} H(X_S) (Bell 2003): I(X;Y) − I(X;Y|Z) for three variables;
- interaction information II = (−1)^m CoI (the sign convention of dit; McGill's for m = 3).

For two variables TC = DTC = CoI = I(X_1; X_2), and Ω = 0 identically.

``*_pmf`` functions take a joint probability table with one axis per variable and are exact.
``*_from_samples`` functions take continuous samples and estimate by

- ``method="knn"``: every subset's entropy from the same neighbourhoods, the max-norm
  distance ε_i to each point's k-th neighbour in the joint space, with the number of
  points n_S(i) strictly within ε_i in the subspace S (the scheme of Kraskov et al. 2004
  for multi-information): H(X_S) ≈ ψ(n) − ⟨ψ(n_S + 1)⟩ + d_S ⟨log 2ε⟩. In every measure
  above the ⟨log 2ε⟩ terms cancel exactly, so only the digamma terms remain;
- ``method="gaussian"``: the Gaussian value of the sample covariance;
- ``method="gaussian_copula"``: the Gaussian value of the normal scores' covariance (each
  column rank-normalised), a lower bound on TC-like dependence that is invariant under
  increasing maps of each coordinate.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy.special import digamma

from ..validation import (
    check_choice,
    check_int,
    check_probabilities,
    check_rng,
    check_samples,
    log_base,
)
from .knn import _count_cpu, _kth_neighbour_cpu, _untie
from .parametric import normal_scores

__all__ = [
    "MULTIVARIATE_METHODS",
    "co_information_from_samples",
    "co_information_pmf",
    "dual_total_correlation_from_samples",
    "dual_total_correlation_pmf",
    "interaction_information_from_samples",
    "interaction_information_pmf",
    "o_information_from_samples",
    "o_information_pmf",
    "s_information_from_samples",
    "s_information_pmf",
    "total_correlation_from_samples",
    "total_correlation_pmf",
]

MULTIVARIATE_METHODS = ("knn", "gaussian", "gaussian_copula")
MAX_VARIABLES = 16  # co-information sums over 2^m - 1 subsets


# ---------------------------------------------------------------------------
# Each measure as coefficients of subset entropies
# ---------------------------------------------------------------------------

def _coefficients(measure: str, m: int) -> dict[tuple[int, ...], int]:
    full = tuple(range(m))
    coef: dict[tuple[int, ...], int] = {}

    def add(subset, c):
        coef[subset] = coef.get(subset, 0) + c

    if measure in ("tc", "o", "s"):
        for i in range(m):
            add((i,), 1)
        add(full, -1)
    if measure in ("dtc", "o", "s"):
        sign = -1 if measure == "o" else 1
        for i in range(m):
            add(tuple(j for j in range(m) if j != i), sign)
        add(full, -sign * (m - 1))
    if measure in ("coi", "ii"):
        flip = (-1) ** m if measure == "ii" else 1
        for size in range(1, m + 1):
            for subset in itertools.combinations(range(m), size):
                add(subset, flip * (-1) ** (size + 1))
    return {s: c for s, c in coef.items() if c}


def _combine(entropies: dict[tuple[int, ...], float], coef: dict[tuple[int, ...], int]) -> float:
    return float(sum(c * entropies[s] for s, c in coef.items()))


# ---------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------

def _pmf_measure(pmf: Any, base: Any, measure: str, func: str) -> float:
    p = np.asarray(check_probabilities(pmf, "pmf", func=func))
    if p.ndim < 2:
        raise ValueError(f"The 'pmf' parameter of {func} must have one axis per variable, at least 2. "
                         f"Got shape {p.shape} instead.")
    if p.ndim > MAX_VARIABLES:
        raise ValueError(f"The 'pmf' parameter of {func} may have at most {MAX_VARIABLES} axes. Got {p.ndim}.")
    scale = log_base(base, func)
    coef = _coefficients(measure, p.ndim)
    entropies = {}
    for subset in coef:
        marginal = p.sum(axis=tuple(a for a in range(p.ndim) if a not in subset)).ravel()
        q = marginal[marginal > 0]
        entropies[subset] = float(-(q * np.log(q)).sum())
    return _combine(entropies, coef) / scale


# ---------------------------------------------------------------------------
# Samples
# ---------------------------------------------------------------------------

def _variables(variables: Any, func: str) -> list[np.ndarray]:
    if isinstance(variables, np.ndarray):
        if variables.ndim != 2:
            raise ValueError(f"The 'variables' parameter of {func} must be a 2-D array (one column per variable) "
                             f"or a list of arrays. Got shape {variables.shape} instead.")
        parts = [variables[:, j] for j in range(variables.shape[1])]
    elif isinstance(variables, Sequence) and not isinstance(variables, (str, bytes)):
        parts = list(variables)
    else:
        raise TypeError(f"The 'variables' parameter of {func} must be a list of arrays (one per variable) or a 2-D "
                        f"array. Got {type(variables).__name__} instead.")
    if not 2 <= len(parts) <= MAX_VARIABLES:
        raise ValueError(f"The 'variables' parameter of {func} must hold 2 to {MAX_VARIABLES} variables. "
                         f"Got {len(parts)} instead.")
    arrays = [check_samples(v, f"variables[{i}]", func=func, min_samples=2, xp=np) for i, v in enumerate(parts)]
    n = arrays[0].shape[0]
    for i, a in enumerate(arrays):
        if a.shape[0] != n:
            raise ValueError(f"Every variable of {func} needs the same number of samples. variables[0] has {n}, "
                             f"variables[{i}] has {a.shape[0]}.")
    return arrays


def _gaussian_entropies(cov: np.ndarray, columns: list[np.ndarray], subsets, func: str) -> dict:
    entropies = {}
    for subset in subsets:
        idx = np.concatenate([columns[i] for i in subset])
        sign, logdet = np.linalg.slogdet(cov[np.ix_(idx, idx)])
        if sign <= 0 or not np.isfinite(logdet):
            raise ValueError(f"The samples given to {func} have a singular covariance over variables "
                             f"{list(subset)} (a variable is constant or a linear function of others), so the "
                             "Gaussian entropy is -inf. Drop the redundant columns.")
        entropies[subset] = 0.5 * (idx.size * math.log(2 * math.pi * math.e) + logdet)
    return entropies


def _knn_entropies(arrays: list[np.ndarray], k: int, subsets, columns: list[np.ndarray]) -> dict:
    """ψ(n) − ⟨ψ(n_S + 1)⟩ for each subset S, the neighbourhoods taken in the joint space (ε terms dropped)."""
    joint = np.hstack(arrays)
    n = joint.shape[0]
    full = tuple(range(len(arrays)))
    eps = _kth_neighbour_cpu(joint, k, np.inf)
    out = {}
    for subset in subsets:
        if subset == full:
            out[subset] = float(digamma(n) - digamma(k))
            continue
        idx = np.concatenate([columns[i] for i in subset])
        counts = _count_cpu(np.ascontiguousarray(joint[:, idx]), eps, strict=True)
        out[subset] = float(digamma(n) - digamma(counts + 1).mean())
    return out


def _samples_measure(variables: Any, measure: str, func: str, method: str, k: Any, base: Any,
                     jitter: Any, seed: Any) -> float:
    check_choice(method, "method", MULTIVARIATE_METHODS, func=func)
    arrays = _variables(variables, func)
    scale = log_base(base, func)
    seed = check_rng(seed, "seed", func)  # validated whether or not jitter draws from it
    if method != "knn":
        for name, value in (("k", k), ("jitter", jitter)):
            if value is not None:
                raise ValueError(f"The '{name}' parameter of {func} applies only to method='knn'; method="
                                 f"'{method}' would ignore it. Got {name}={value!r}.")
    n = arrays[0].shape[0]
    widths = [a.shape[1] for a in arrays]
    starts = np.cumsum([0, *widths])
    columns = [np.arange(starts[i], starts[i + 1]) for i in range(len(arrays))]
    coef = _coefficients(measure, len(arrays))
    if method == "knn":
        kk = check_int(3 if k is None else k, "k", low=1, high=n - 1, func=func)
        arrays = _untie(arrays, tuple(f"variables[{i}]" for i in range(len(arrays))), jitter, seed, func, np)
        entropies = _knn_entropies(arrays, kk, coef, columns)
    else:
        joint = np.hstack(arrays)
        if method == "gaussian_copula":
            joint = normal_scores(joint)
        if n <= joint.shape[1]:
            raise ValueError(f"The 'variables' of {func} need more samples ({n}) than dimensions ({joint.shape[1]}) "
                             "for a covariance estimate.")
        entropies = _gaussian_entropies(np.atleast_2d(np.cov(joint, rowvar=False)), columns, coef, func)
    return _combine(entropies, coef) / scale


_SAMPLES_DOC = """
    Parameters
    ----------
    variables : list of array_like (each (n,) or (n, d_i)), or array of shape (n, m)
        Paired continuous samples of 2 to 16 variables; a 2-D array is one variable per column.
    method : {"knn", "gaussian", "gaussian_copula"}, default "knn"
        See the module docstring.
    k : int, optional
        Neighbour order for "knn" (default 3, 1 <= k <= n - 1); an error for the other methods.
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.
    jitter, seed
        As in :func:`ksg_mutual_information`: duplicated rows raise unless ``jitter`` adds
        seeded, scale-aware noise ("knn" only).

    Returns
    -------
    float
        The estimate, returned as computed (never clipped, so it can fall on the wrong side
        of 0 when the true value is near 0).

"""


def _samples_doc(func):
    func.__doc__ = func.__doc__.replace("    {samples_parameters}\n", _SAMPLES_DOC)
    return func


def total_correlation_pmf(pmf: Any, *, base: float | str = "e") -> float:
    """Total correlation Σ_i H(X_i) − H(X_1, ..., X_m) of a joint table (one axis per variable), nats by default.

    Parameters
    ----------
    pmf : array_like
        Joint probability table with one axis per variable, 2 to 16 axes; non-negative and
        summing to 1 (never renormalised).
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.

    Returns
    -------
    float
        TC >= 0, zero exactly when the variables are independent.

    Notes
    -----
    Exact, from the m one-variable marginals and the joint entropy. For m = 2 it is
    I(X_1; X_2); it counts every kind of dependence, redundant or synergistic, and is at
    most Σ_i H(X_i) − max_i H(X_i). :func:`dual_total_correlation_pmf` is its dual.

    References
    ----------
    S. Watanabe, "Information theoretical analysis of multivariate correlation", IBM J. Res.
    Dev. 4 (1960), doi:10.1147/rd.41.0066.

    Examples
    --------
    >>> import numpy as np
    >>> copy3 = np.zeros((2, 2, 2)); copy3[0, 0, 0] = copy3[1, 1, 1] = 0.5
    >>> round(total_correlation_pmf(copy3, base=2), 12)
    2.0
    """
    return _pmf_measure(pmf, base, "tc", "total_correlation_pmf")


def dual_total_correlation_pmf(pmf: Any, *, base: float | str = "e") -> float:
    """Dual total correlation H(X) − Σ_i H(X_i | X_{−i}) of a joint table, nats by default.

    Parameters
    ----------
    pmf : array_like
        Joint probability table with one axis per variable, 2 to 16 axes; non-negative and
        summing to 1 (never renormalised).
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.

    Returns
    -------
    float
        DTC >= 0, zero exactly when the variables are independent, at most H(X).

    Notes
    -----
    Exact, from the m marginals that leave one variable out and the joint entropy. For
    m = 2 it equals the total correlation; DTC exceeds TC when synergy dominates (XOR: 2
    bits against 1) and falls below it for redundancy (three copies of a bit: 1 bit
    against 2). :func:`o_information_pmf` is TC − DTC.

    References
    ----------
    T. S. Han, "Nonnegative entropy measures of multivariate symmetric correlations",
    Information and Control 36 (1978), doi:10.1016/S0019-9958(78)90275-9.

    Examples
    --------
    >>> import numpy as np
    >>> xor = np.zeros((2, 2, 2))
    >>> for a in (0, 1):
    ...     for b in (0, 1):
    ...         xor[a, b, a ^ b] = 0.25
    >>> round(dual_total_correlation_pmf(xor, base=2), 12)
    2.0
    """
    return _pmf_measure(pmf, base, "dtc", "dual_total_correlation_pmf")


def o_information_pmf(pmf: Any, *, base: float | str = "e") -> float:
    """O-information TC − DTC of a joint table: positive when redundancy dominates, negative for synergy.

    Parameters
    ----------
    pmf : array_like
        Joint probability table with one axis per variable, 2 to 16 axes; non-negative and
        summing to 1 (never renormalised).
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.

    Returns
    -------
    float
        Ω, positive when redundancy dominates, negative for synergy.

    Notes
    -----
    Exact, from 2m + 1 marginal entropies. Ω = 0 identically for m = 2, so it describes
    only interactions of three or more variables; for m = 3 it equals the co-information.
    A value near 0 can hide redundancy and synergy that cancel.

    References
    ----------
    F. E. Rosas, P. A. M. Mediano, M. Gastpar, H. J. Jensen, "Quantifying high-order
    interdependencies via multivariate extensions of the mutual information", Phys. Rev. E
    100 (2019), arXiv:1902.11239.

    Examples
    --------
    >>> import numpy as np
    >>> xor = np.zeros((2, 2, 2))
    >>> for a in (0, 1):
    ...     for b in (0, 1):
    ...         xor[a, b, a ^ b] = 0.25
    >>> round(o_information_pmf(xor, base=2), 12)  # pure synergy
    -1.0
    """
    return _pmf_measure(pmf, base, "o", "o_information_pmf")


def s_information_pmf(pmf: Any, *, base: float | str = "e") -> float:
    """S-information TC + DTC of a joint table, nats by default (Rosas et al. 2019, arXiv:1902.11239).

    Parameters
    ----------
    pmf : array_like
        Joint probability table with one axis per variable, 2 to 16 axes; non-negative and
        summing to 1 (never renormalised).
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.

    Returns
    -------
    float
        Σ >= 0, zero exactly when the variables are independent.

    Notes
    -----
    Exact, from 2m + 1 marginal entropies. It measures the overall amount of
    interdependence (redundant and synergistic alike), Σ = Σ_i I(X_i; X_{−i}); for m = 2
    it is twice the mutual information.

    References
    ----------
    F. E. Rosas, P. A. M. Mediano, M. Gastpar, H. J. Jensen, "Quantifying high-order
    interdependencies via multivariate extensions of the mutual information", Phys. Rev. E
    100 (2019), arXiv:1902.11239.

    Examples
    --------
    >>> import numpy as np
    >>> copy3 = np.zeros((2, 2, 2)); copy3[0, 0, 0] = copy3[1, 1, 1] = 0.5
    >>> round(s_information_pmf(copy3, base=2), 12)
    3.0
    """
    return _pmf_measure(pmf, base, "s", "s_information_pmf")


def co_information_pmf(pmf: Any, *, base: float | str = "e") -> float:
    """Co-information −Σ_{S ≠ ∅} (−1)^{|S|} H(X_S) of a joint table; I(X;Y) − I(X;Y|Z) for three variables.

    Parameters
    ----------
    pmf : array_like
        Joint probability table with one axis per variable, 2 to 16 axes; non-negative and
        summing to 1 (never renormalised).
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.

    Returns
    -------
    float
        The co-information; for m >= 3 it has either sign (> 0 redundancy, < 0 synergy).

    Notes
    -----
    Exact, from all 2^m − 1 marginal entropies (hence at most 16 variables). For m = 2
    it is I(X_1; X_2); for m = 3 it is I(X;Y) − I(X;Y|Z), symmetric in the three
    variables. :func:`interaction_information_pmf` differs only by the sign (−1)^m.

    References
    ----------
    A. J. Bell, "The co-information lattice", ICA 2003.

    Examples
    --------
    >>> import numpy as np
    >>> xor = np.zeros((2, 2, 2))
    >>> for a in (0, 1):
    ...     for b in (0, 1):
    ...         xor[a, b, a ^ b] = 0.25
    >>> round(co_information_pmf(xor, base=2), 12)
    -1.0
    """
    return _pmf_measure(pmf, base, "coi", "co_information_pmf")


def interaction_information_pmf(pmf: Any, *, base: float | str = "e") -> float:
    """Interaction information (−1)^m × co-information of a joint table of m variables.

    For three variables this is McGill's I(X;Y|Z) − I(X;Y), positive for synergy; the
    sign convention for m variables is that of dit's ``interaction_information``.

    Parameters
    ----------
    pmf : array_like
        Joint probability table with one axis per variable, 2 to 16 axes; non-negative and
        summing to 1 (never renormalised).
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.

    Returns
    -------
    float
        (−1)^m times the co-information; for m = 3 positive for synergy.

    Notes
    -----
    Exact, from all 2^m − 1 marginal entropies (hence at most 16 variables). Sign
    conventions differ between authors; this one equals McGill's for m = 3 and dit's
    for every m, and :func:`co_information_pmf` gives Bell's.

    References
    ----------
    W. J. McGill, "Multivariate information transmission", Psychometrika 19 (1954),
    doi:10.1007/BF02289159.

    Examples
    --------
    >>> import numpy as np
    >>> xor = np.zeros((2, 2, 2))
    >>> for a in (0, 1):
    ...     for b in (0, 1):
    ...         xor[a, b, a ^ b] = 0.25
    >>> round(interaction_information_pmf(xor, base=2), 12)
    1.0
    """
    return _pmf_measure(pmf, base, "ii", "interaction_information_pmf")


@_samples_doc
def total_correlation_from_samples(variables: Any, method: str = "knn", *, k: int | None = None,
                                   base: float | str = "e", jitter: float | None = None, seed: Any = 0) -> float:
    """Total correlation Σ_i H(X_i) − H(X) estimated from continuous samples, nats by default.

    {samples_parameters}
    Notes
    -----
    "knn" is the multi-information estimator of Kraskov et al. (2004), eq. (23):
    ψ(k) + (m − 1) ψ(n) − ⟨Σ_i ψ(n_i + 1)⟩; like KSG it is biased low at strong dependence.

    References
    ----------
    A. Kraskov, H. Stögbauer, P. Grassberger, "Estimating mutual information", Phys. Rev. E
    69 (2004), arXiv:cond-mat/0305641.

    Examples
    --------
    >>> import numpy as np
    >>> cov = np.array([[1.0, 0.6, 0.3], [0.6, 1.0, 0.5], [0.3, 0.5, 1.0]])
    >>> x = np.random.default_rng(0).multivariate_normal(np.zeros(3), cov, size=4000)
    >>> exact = -0.5 * np.log(np.linalg.det(cov))
    >>> bool(abs(total_correlation_from_samples(x) - exact) < 0.05)
    True
    """
    return _samples_measure(variables, "tc", "total_correlation_from_samples", method, k, base, jitter, seed)


@_samples_doc
def dual_total_correlation_from_samples(variables: Any, method: str = "knn", *, k: int | None = None,
                                        base: float | str = "e", jitter: float | None = None,
                                        seed: Any = 0) -> float:
    """Dual total correlation H(X) − Σ_i H(X_i | X_{−i}) estimated from continuous samples, nats by default.

    {samples_parameters}
    Notes
    -----
    "knn" takes every subset entropy from the neighbourhoods of the joint space (the
    scheme of Kraskov et al. 2004), so the distance terms cancel and only digamma terms
    of neighbour counts remain; like KSG it is biased low at strong dependence, and its
    cost is one joint k-neighbour search plus one range count per subset.
    "gaussian" is exact for Gaussian data and otherwise sees only linear dependence;
    "gaussian_copula" is invariant under increasing maps of each coordinate.
    The "knn" value uses m + 1 subsets, as :func:`total_correlation_from_samples`.

    References
    ----------
    A. Kraskov, H. Stögbauer, P. Grassberger, "Estimating mutual information", Phys. Rev. E
    69 (2004), arXiv:cond-mat/0305641;
    T. S. Han, "Nonnegative entropy measures of multivariate symmetric correlations",
    Information and Control 36 (1978), doi:10.1016/S0019-9958(78)90275-9.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.random.default_rng(1).normal(size=(3000, 3))
    >>> bool(abs(dual_total_correlation_from_samples(x, method="gaussian")) < 0.01)  # independent
    True
    """
    return _samples_measure(variables, "dtc", "dual_total_correlation_from_samples", method, k, base, jitter, seed)


@_samples_doc
def o_information_from_samples(variables: Any, method: str = "knn", *, k: int | None = None,
                               base: float | str = "e", jitter: float | None = None, seed: Any = 0) -> float:
    """O-information TC − DTC estimated from continuous samples: > 0 redundancy, < 0 synergy.

    {samples_parameters}
    Notes
    -----
    "knn" takes every subset entropy from the neighbourhoods of the joint space (the
    scheme of Kraskov et al. 2004), so the distance terms cancel and only digamma terms
    of neighbour counts remain; like KSG it is biased low at strong dependence, and its
    cost is one joint k-neighbour search plus one range count per subset.
    "gaussian" is exact for Gaussian data and otherwise sees only linear dependence;
    "gaussian_copula" is invariant under increasing maps of each coordinate.
    The sign is the quantity of interest; near 0 it is decided by the estimator's
    bias, so compare against surrogates (e.g. shuffled columns) before reading it.

    References
    ----------
    A. Kraskov, H. Stögbauer, P. Grassberger, "Estimating mutual information", Phys. Rev. E
    69 (2004), arXiv:cond-mat/0305641;
    F. E. Rosas, P. A. M. Mediano, M. Gastpar, H. J. Jensen, "Quantifying high-order
    interdependencies via multivariate extensions of the mutual information", Phys. Rev. E
    100 (2019), arXiv:1902.11239.

    Examples
    --------
    >>> import numpy as np
    >>> z = np.random.default_rng(2).normal(size=(2000, 1))
    >>> noise = np.random.default_rng(3).normal(size=(2000, 3))
    >>> bool(o_information_from_samples(z + 0.3 * noise, method="gaussian_copula") > 0)  # three copies: redundant
    True
    """
    return _samples_measure(variables, "o", "o_information_from_samples", method, k, base, jitter, seed)


@_samples_doc
def s_information_from_samples(variables: Any, method: str = "knn", *, k: int | None = None,
                               base: float | str = "e", jitter: float | None = None, seed: Any = 0) -> float:
    """S-information TC + DTC estimated from continuous samples, nats by default.

    {samples_parameters}
    Notes
    -----
    "knn" takes every subset entropy from the neighbourhoods of the joint space (the
    scheme of Kraskov et al. 2004), so the distance terms cancel and only digamma terms
    of neighbour counts remain; like KSG it is biased low at strong dependence, and its
    cost is one joint k-neighbour search plus one range count per subset.
    "gaussian" is exact for Gaussian data and otherwise sees only linear dependence;
    "gaussian_copula" is invariant under increasing maps of each coordinate.
    The "knn" value uses 2m + 1 subsets.

    References
    ----------
    A. Kraskov, H. Stögbauer, P. Grassberger, "Estimating mutual information", Phys. Rev. E
    69 (2004), arXiv:cond-mat/0305641;
    F. E. Rosas, P. A. M. Mediano, M. Gastpar, H. J. Jensen, "Quantifying high-order
    interdependencies via multivariate extensions of the mutual information", Phys. Rev. E
    100 (2019), arXiv:1902.11239.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.random.default_rng(4).normal(size=(3000, 4))
    >>> bool(abs(s_information_from_samples(x, method="gaussian")) < 0.02)
    True
    """
    return _samples_measure(variables, "s", "s_information_from_samples", method, k, base, jitter, seed)


@_samples_doc
def co_information_from_samples(variables: Any, method: str = "knn", *, k: int | None = None,
                                base: float | str = "e", jitter: float | None = None, seed: Any = 0) -> float:
    """Co-information −Σ_{S ≠ ∅} (−1)^{|S|} H(X_S) estimated from continuous samples, nats by default.

    {samples_parameters}
    Notes
    -----
    "knn" takes every subset entropy from the neighbourhoods of the joint space (the
    scheme of Kraskov et al. 2004), so the distance terms cancel and only digamma terms
    of neighbour counts remain; like KSG it is biased low at strong dependence, and its
    cost is one joint k-neighbour search plus one range count per subset.
    "gaussian" is exact for Gaussian data and otherwise sees only linear dependence;
    "gaussian_copula" is invariant under increasing maps of each coordinate.
    The "knn" value uses all 2^m − 1 subsets, so its cost grows as 2^m.

    References
    ----------
    A. Kraskov, H. Stögbauer, P. Grassberger, "Estimating mutual information", Phys. Rev. E
    69 (2004), arXiv:cond-mat/0305641;
    A. J. Bell, "The co-information lattice", ICA 2003.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(5)
    >>> a, b = rng.normal(size=(2, 3000))
    >>> co = co_information_from_samples([a, b, a + b], method="gaussian")  # the sum is synergistic
    >>> bool(co < -0.3)
    True
    """
    return _samples_measure(variables, "coi", "co_information_from_samples", method, k, base, jitter, seed)


@_samples_doc
def interaction_information_from_samples(variables: Any, method: str = "knn", *, k: int | None = None,
                                         base: float | str = "e", jitter: float | None = None,
                                         seed: Any = 0) -> float:
    """Interaction information (−1)^m × co-information estimated from continuous samples, nats by default.

    {samples_parameters}
    Notes
    -----
    "knn" takes every subset entropy from the neighbourhoods of the joint space (the
    scheme of Kraskov et al. 2004), so the distance terms cancel and only digamma terms
    of neighbour counts remain; like KSG it is biased low at strong dependence, and its
    cost is one joint k-neighbour search plus one range count per subset.
    "gaussian" is exact for Gaussian data and otherwise sees only linear dependence;
    "gaussian_copula" is invariant under increasing maps of each coordinate.
    The "knn" value uses all 2^m − 1 subsets, so its cost grows as 2^m; the sign
    convention is that of :func:`interaction_information_pmf`.

    References
    ----------
    A. Kraskov, H. Stögbauer, P. Grassberger, "Estimating mutual information", Phys. Rev. E
    69 (2004), arXiv:cond-mat/0305641;
    W. J. McGill, "Multivariate information transmission", Psychometrika 19 (1954),
    doi:10.1007/BF02289159.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(5)
    >>> a, b = rng.normal(size=(2, 3000))
    >>> bool(interaction_information_from_samples([a, b, a + b], method="gaussian") > 0.3)
    True
    """
    return _samples_measure(variables, "ii", "interaction_information_from_samples", method, k, base, jitter, seed)
