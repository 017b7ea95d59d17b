"""Transfer entropy and active information storage of continuous time series, by nearest neighbours.

For a target process Y, a source X and (optionally) further processes Z, with
explicit embeddings

* target past  Y⁻_t = (Y_{t-1}, Y_{t-1-τ_y}, ..., Y_{t-1-(k-1)τ_y})  (k = ``target_history``,
  τ_y = ``target_delay``),
* source past  X⁻_t = (X_{t-u}, X_{t-u-τ_x}, ..., X_{t-u-(l-1)τ_x})  (l = ``source_history``,
  τ_x = ``source_delay``, u = ``lag``, the source–target lag),
* condition past Z⁻_t, built like the source past with its own (m, τ_z, u_z),

the measures are conditional mutual informations of the embedded vectors,
pooled over time (stationarity is assumed):

* transfer entropy TE_{X→Y} = I(Y_t; X⁻_t | Y⁻_t) (Schreiber 2000);
* conditional transfer entropy TE_{X→Y|Z} = I(Y_t; X⁻_t | Y⁻_t, Z⁻_t);
* active information storage A_Y = I(Y_t; Y⁻_t) (Lizier, Prokopenko & Zomaya 2012).

The kNN values use the Frenzel–Pompe / Kraskov (variant 1) estimator of
:mod:`infolab.measures.knn` on the embedded vectors, with max-norm
neighbourhoods. Each ``*_local`` function returns the pointwise (local)
values, one per embedded time step t; their mean is the global estimate. The
plug-in local TE of discrete series, :func:`transfer_entropy_from_series_local`,
has mean :func:`infolab.measures.transfer_entropy_from_series`.
:func:`select_embedding` picks history lengths by maximising the
bias-corrected AIS and TE, with a circular-shift (or block) permutation test
as the stop rule.

Ties in a raw series raise (or are broken by seeded ``jitter``) exactly as in
:mod:`infolab.measures.knn`; they are checked on the series before embedding,
since a repeated value repeats in every embedded coordinate. Values are in
nats unless ``base`` says otherwise. CPU only.

References
----------
.. [1] T. Schreiber, "Measuring information transfer", Phys. Rev. Lett. 85,
   461 (2000), arXiv:nlin/0001042.
.. [2] S. Frenzel, B. Pompe, "Partial mutual information for coupling
   analysis of multivariate time series", Phys. Rev. Lett. 99, 204101 (2007).
.. [3] A. Kraskov, H. Stögbauer, P. Grassberger, "Estimating mutual
   information", Phys. Rev. E 69, 066138 (2004), arXiv:cond-mat/0305641.
.. [4] J. T. Lizier, M. Prokopenko, A. Y. Zomaya, "Local measures of
   information storage in complex distributed computation", Inf. Sci. 208,
   39-54 (2012), doi:10.1016/j.ins.2012.04.016.
.. [5] J. T. Lizier, "JIDT: an information-theoretic toolkit for studying the
   dynamics of complex systems", Front. Robot. AI 1:11 (2014), arXiv:1408.3270.
.. [6] R. Vicente, M. Wibral, M. Lindner, G. Pipa, "Transfer entropy—a
   model-free measure of effective connectivity for the neurosciences",
   J. Comput. Neurosci. 30, 45-67 (2011), doi:10.1007/s10827-010-0262-3.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.special import digamma

from ..validation import check_choice, check_int, check_labels, check_real, check_rng, log_base
from .directed import _compact, _te_symbols
from .discrete import _local_cmi_nats
from .knn import _neighbour_statistics, _samples, _untie
from .significance import permutation_test

__all__ = [
    "ksg_transfer_entropy",
    "ksg_transfer_entropy_local",
    "ksg_conditional_transfer_entropy",
    "ksg_conditional_transfer_entropy_local",
    "active_information_storage",
    "active_information_storage_local",
    "transfer_entropy_from_series_local",
    "EmbeddingSelection",
    "select_embedding",
]

_SEARCH_SCHEMES = ("circular", "block")


# ---------------------------------------------------------------------------
# Embedding
# ---------------------------------------------------------------------------

def _lags(history: int, delay: int, lag: int) -> list[int]:
    """Lags (steps back from t) of an embedding: lag, lag + delay, ..., lag + (history - 1) delay."""
    return [lag + j * delay for j in range(history)]


def _embed_rows(series: np.ndarray, lags: list[int], t0: int) -> np.ndarray:
    """Columns series[t - lag] for t = t0..T-1, one block of series.shape[1] columns per lag."""
    steps = series.shape[0]
    if not lags:
        return np.empty((steps - t0, 0))
    return np.concatenate([series[t0 - g: steps - g] for g in lags], axis=1)


def _first_step(*lag_lists: list[int]) -> int:
    return max([0] + [max(g) for g in lag_lists if g])


def _series(a: Any, name: str, func: str) -> np.ndarray:
    return _samples(a, name, func, np, min_samples=2)


def _same_length(func: str, **arrays: np.ndarray) -> int:
    lengths = {k: v.shape[0] for k, v in arrays.items()}
    if len(set(lengths.values())) > 1:
        names = list(lengths)
        raise ValueError(f"The {', '.join(repr(n) for n in names)} parameters of {func} must have the same length. "
                         f"Got {', '.join(str(lengths[n]) for n in names)} instead.")
    return next(iter(lengths.values()))


def _check_embedding_ints(func: str, **values: tuple[Any, int]) -> dict[str, int]:
    return {name: check_int(v, name, low=low, func=func) for name, (v, low) in values.items()}


def _neighbour_order(func: str, k: Any, steps: int, t0: int) -> int:
    """Check that the embedding leaves at least 2 embedded steps, then k in [1, steps - t0 - 1]."""
    rows = steps - t0
    if rows < 2:
        raise ValueError(f"The 'target' parameter of {func} is too short for this embedding: {steps} steps leave "
                         f"{max(rows, 0)} embedded samples, and a kNN estimate needs at least 2. "
                         f"Got {steps} steps instead.")
    return check_int(k, "k", low=1, high=rows - 1, func=func)


# ---------------------------------------------------------------------------
# kNN kernels (no validation: the public functions validate once)
# ---------------------------------------------------------------------------

def _fp_local(a: np.ndarray, b: np.ndarray, c: np.ndarray, k: int) -> np.ndarray:
    """Frenzel–Pompe local terms ψ(k) − ψ(n_ac + 1) − ψ(n_bc + 1) + ψ(n_c + 1) of I(A; B | C), nats.

    An empty C gives the KSG (variant 1) local mutual information, n_c + 1 = n.
    """
    n = a.shape[0]
    da, db, dc = a.shape[1], b.shape[1], c.shape[1]
    joint = np.concatenate([a, b, c], axis=1)
    cc = np.arange(da + db, da + db + dc)
    spaces = [np.concatenate([np.arange(da), cc]), np.concatenate([np.arange(da, da + db), cc])]
    if dc:
        n_ac, n_bc, n_c = _neighbour_statistics(np, joint, spaces + [cc], k, 1)
        psi_c = digamma(n_c + 1)
    else:
        n_ac, n_bc = _neighbour_statistics(np, joint, spaces, k, 1)
        psi_c = np.full(n, digamma(n))
    return digamma(k) - digamma(n_ac + 1) - digamma(n_bc + 1) + psi_c


def _ksg_mi_local(a: np.ndarray, b: np.ndarray, k: int, variant: int) -> np.ndarray:
    """KSG local mutual information terms of I(A; B), variant 1 or 2, nats."""
    n = a.shape[0]
    joint = np.concatenate([a, b], axis=1)
    spaces = [np.arange(a.shape[1]), np.arange(a.shape[1], joint.shape[1])]
    na, nb = _neighbour_statistics(np, joint, spaces, k, variant)
    if variant == 1:
        return digamma(k) + digamma(n) - digamma(na + 1) - digamma(nb + 1)
    return digamma(k) - 1.0 / k + digamma(n) - digamma(na) - digamma(nb)


def _te_parts(source: np.ndarray, target: np.ndarray, cond: np.ndarray | None, e: dict[str, int]):
    """Embedded (future, source past, target past + condition past) of validated series."""
    tl = _lags(e["target_history"], e["target_delay"], 1)
    sl = _lags(e["source_history"], e["source_delay"], e["lag"])
    cl = _lags(e["condition_history"], e["condition_delay"], e["condition_lag"]) if cond is not None else []
    t0 = _first_step(tl, sl, cl)
    future = target[t0:]
    src = _embed_rows(source, sl, t0)
    given = [_embed_rows(target, tl, t0)]
    if cond is not None:
        given.append(_embed_rows(cond, cl, t0))
    return future, src, np.concatenate(given, axis=1)


def _te_validate(func: str, source: Any, target: Any, condition: Any, k: Any, base: Any, jitter: Any, seed: Any,
                 **embedding: tuple[Any, int]):
    """Validate once: series, embedding integers, k, base; ties (or jitter) on the raw series."""
    xs = _series(source, "source", func)
    ys = _series(target, "target", func)
    arrays = {"source": xs, "target": ys}
    zs = None
    if condition is not None:
        zs = _series(condition, "condition", func)
        arrays["condition"] = zs
    steps = _same_length(func, **arrays)
    e = _check_embedding_ints(func, **embedding)
    lb = log_base(base, func)
    lists = [_lags(e["target_history"], e["target_delay"], 1), _lags(e["source_history"], e["source_delay"], e["lag"])]
    if zs is not None:
        lists.append(_lags(e["condition_history"], e["condition_delay"], e["condition_lag"]))
    t0 = _first_step(*lists)
    kk = _neighbour_order(func, k, steps, t0)
    check_rng(seed, "seed", func)
    untied = _untie(list(arrays.values()), tuple(arrays), jitter, seed, func, np)
    xs, ys = untied[0], untied[1]
    zs = untied[2] if zs is not None else None
    return xs, ys, zs, e, kk, lb


def _te_local(func, source, target, condition, k, base, jitter, seed, embedding):
    xs, ys, zs, e, kk, lb = _te_validate(func, source, target, condition, k, base, jitter, seed, **embedding)
    future, src, given = _te_parts(xs, ys, zs, e)
    return _fp_local(future, src, given, kk) / lb


def _te_embedding(target_history, source_history, target_delay, source_delay, lag) -> dict[str, tuple[Any, int]]:
    return {"target_history": (target_history, 0), "source_history": (source_history, 1),
            "target_delay": (target_delay, 1), "source_delay": (source_delay, 1), "lag": (lag, 1)}


# ---------------------------------------------------------------------------
# Transfer entropy
# ---------------------------------------------------------------------------

def ksg_transfer_entropy_local(source: Any, target: Any, *, target_history: int = 1, source_history: int = 1,
                               target_delay: int = 1, source_delay: int = 1, lag: int = 1, k: int = 4,
                               base: float | str = "e", jitter: float | None = None, seed: Any = 0) -> np.ndarray:
    """Local (pointwise) KSG transfer entropy t_{X→Y}(t), one value per embedded step, nats by default.

    With ε_t the max-norm distance from (Y_t, X⁻_t, Y⁻_t) to its k-th
    neighbour and n_s(t) the number of other points strictly within ε_t in the
    subspace s,

    .. math:: t_{X\\to Y}(t) = \\psi(k) - \\psi(n_{Y_t Y^-} + 1) - \\psi(n_{X^- Y^-} + 1) + \\psi(n_{Y^-} + 1)

    Parameters
    ----------
    source, target, target_history, source_history, target_delay, source_delay, lag
        As in :func:`ksg_transfer_entropy`, with the same ranges and defaults.
    k, jitter, seed
        As in :func:`ksg_transfer_entropy`.
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.

    Returns
    -------
    numpy.ndarray, shape (T - t0,)
        Local values for t = t0..T-1, where t0 = max(1 + (k_y - 1) τ_y, u + (l - 1) τ_x)
        is the first step with a full embedding. Their mean is
        :func:`ksg_transfer_entropy` (up to rounding).

    Notes
    -----
    Local values are often negative: the source can be misinformative about
    the next target value at a step (Lizier, Prokopenko & Zomaya 2008). Only
    their average is a (conditional) mutual information.

    References
    ----------
    J. T. Lizier, M. Prokopenko, A. Y. Zomaya, "Local information transfer as
    a spatiotemporal filter for complex systems", Phys. Rev. E 77, 026110
    (2008), arXiv:0809.3275; Frenzel & Pompe (2007).

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> x = rng.standard_normal(1000)
    >>> y = np.r_[0.0, 0.8 * x[:-1]] + 0.6 * rng.standard_normal(1000)
    >>> loc = ksg_transfer_entropy_local(x, y)
    >>> loc.shape, bool(np.isclose(loc.mean(), ksg_transfer_entropy(x, y), rtol=0, atol=1e-12))
    ((999,), True)
    """
    func = "ksg_transfer_entropy_local"
    emb = _te_embedding(target_history, source_history, target_delay, source_delay, lag)
    return _te_local(func, source, target, None, k, base, jitter, seed, emb)


def ksg_transfer_entropy(source: Any, target: Any, *, target_history: int = 1, source_history: int = 1,
                         target_delay: int = 1, source_delay: int = 1, lag: int = 1, k: int = 4,
                         base: float | str = "e", jitter: float | None = None, seed: Any = 0) -> float:
    """KSG (Frenzel–Pompe) estimate of the transfer entropy TE_{X→Y} = I(Y_t; X⁻_t | Y⁻_t), nats by default.

    Parameters
    ----------
    source, target : array_like, shape (T,) or (T, d)
        One realisation of the source X and the target Y, aligned in time
        (continuous values; a multivariate series has one column per component).
    target_history : int, default 1
        k_y ≥ 0, the number of past target values conditioned on (0 gives the
        lagged mutual information I(Y_t; X⁻_t)).
    source_history : int, default 1
        l ≥ 1, the number of past source values.
    target_delay, source_delay : int, default 1
        τ_y, τ_x ≥ 1, the spacing of the past values in each embedding.
    lag : int, default 1
        u ≥ 1, the source–target lag: the newest source value is X_{t-u}.
    k : int, default 4
        Neighbour order in the joint space, 1 <= k < number of embedded steps.
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.
    jitter : float, optional
        Seeded Gaussian noise of ``jitter`` column standard deviations added to
        the raw series before embedding (see :mod:`infolab.measures.knn`).
        Default: repeated values in a series raise a ``ValueError``.
    seed : int or numpy.random.Generator, default 0
        Seed of the jitter noise.

    Returns
    -------
    float
        The estimate, returned as computed (it can be slightly negative when
        the true TE is 0; see :func:`infolab.measures.ksg_mutual_information`).

    Notes
    -----
    The Frenzel–Pompe conditional mutual information of
    :func:`infolab.measures.knn_conditional_mutual_information` applied to the
    embedded vectors of T - t0 steps, so its biases are those of that
    estimator: nearly unbiased at TE = 0, an underestimate of strong transfer,
    growing with the embedding dimension k_y + l + 1. With an embedding shorter
    than the true memory of Y the value includes information the source only
    duplicates from the target's older past; choose ``target_history`` with
    :func:`select_embedding` (or from knowledge of the process) first. For a
    Gaussian vector autoregression it estimates
    :func:`infolab.measures.var_transfer_entropy` with the same histories.

    Paper-faithful settings: max-norm, k = 4 and the embedding arguments of
    JIDT's ``TransferEntropyCalculatorKraskov`` (k, k_tau, l, l_tau, delay),
    Lizier (2014).

    References
    ----------
    Schreiber (2000), arXiv:nlin/0001042; Frenzel & Pompe (2007); Kraskov et
    al. (2004), arXiv:cond-mat/0305641; Vicente et al. (2011),
    doi:10.1007/s10827-010-0262-3; Lizier (2014), arXiv:1408.3270.

    Examples
    --------
    >>> import numpy as np
    >>> from infolab.data.processes import var_sample
    >>> from infolab.measures import var_transfer_entropy
    >>> a = [[0.5, 0.0], [0.6, 0.3]]                      # x drives y
    >>> xy = var_sample(a, np.eye(2), 3000, seed=0)
    >>> round(var_transfer_entropy(a, np.eye(2), 0, 1), 3)  # the truth
    0.181
    >>> abs(ksg_transfer_entropy(xy[:, 0], xy[:, 1]) - 0.181) < 0.03
    True
    """
    func = "ksg_transfer_entropy"
    emb = _te_embedding(target_history, source_history, target_delay, source_delay, lag)
    return float(np.mean(_te_local(func, source, target, None, k, base, jitter, seed, emb)))


def _cte_embedding(target_history, source_history, condition_history, target_delay, source_delay,
                   condition_delay, lag, condition_lag):
    emb = _te_embedding(target_history, source_history, target_delay, source_delay, lag)
    emb.update(condition_history=(condition_history, 1), condition_delay=(condition_delay, 1),
               condition_lag=(condition_lag, 1))
    return emb


def ksg_conditional_transfer_entropy_local(source: Any, target: Any, condition: Any, *, target_history: int = 1,
                                           source_history: int = 1, condition_history: int = 1,
                                           target_delay: int = 1, source_delay: int = 1, condition_delay: int = 1,
                                           lag: int = 1, condition_lag: int = 1, k: int = 4,
                                           base: float | str = "e", jitter: float | None = None,
                                           seed: Any = 0) -> np.ndarray:
    """Local conditional transfer entropy t_{X→Y|Z}(t), one value per embedded step, nats by default.

    Parameters
    ----------
    source, target, condition, target_history, source_history, condition_history
        As in :func:`ksg_conditional_transfer_entropy`.
    target_delay, source_delay, condition_delay, lag, condition_lag, k, jitter, seed
        As in :func:`ksg_conditional_transfer_entropy`, same ranges and defaults.
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.

    Returns
    -------
    numpy.ndarray, shape (T - t0,)
        ψ(k) − ψ(n_{Y_t Y⁻ Z⁻} + 1) − ψ(n_{X⁻ Y⁻ Z⁻} + 1) + ψ(n_{Y⁻ Z⁻} + 1) for
        each embedded step; the mean is :func:`ksg_conditional_transfer_entropy`.

    Notes
    -----
    As for :func:`ksg_transfer_entropy_local`, single values can be negative
    (the source misinforms about the next target value given the target's and
    the condition's pasts); only their mean estimates a conditional mutual
    information, with the bias of the Frenzel–Pompe estimator.

    References
    ----------
    Lizier, Prokopenko & Zomaya, Phys. Rev. E 77, 026110 (2008), arXiv:0809.3275.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> x, y, z = rng.standard_normal((3, 500))
    >>> ksg_conditional_transfer_entropy_local(x, y, z).shape
    (499,)
    """
    func = "ksg_conditional_transfer_entropy_local"
    emb = _cte_embedding(target_history, source_history, condition_history, target_delay, source_delay,
                         condition_delay, lag, condition_lag)
    return _te_local(func, source, target, condition, k, base, jitter, seed, emb)


def ksg_conditional_transfer_entropy(source: Any, target: Any, condition: Any, *, target_history: int = 1,
                                     source_history: int = 1, condition_history: int = 1, target_delay: int = 1,
                                     source_delay: int = 1, condition_delay: int = 1, lag: int = 1,
                                     condition_lag: int = 1, k: int = 4, base: float | str = "e",
                                     jitter: float | None = None, seed: Any = 0) -> float:
    """KSG estimate of the conditional transfer entropy TE_{X→Y|Z} = I(Y_t; X⁻_t | Y⁻_t, Z⁻_t), nats by default.

    Parameters
    ----------
    source, target : array_like, shape (T,) or (T, d)
        The source X and target Y, as in :func:`ksg_transfer_entropy`.
    condition : array_like, shape (T,) or (T, d_z)
        The other process(es) Z conditioned on; a 2-D array is one
        multivariate process, all components with the same embedding.
    target_history, source_history, target_delay, source_delay, lag
        As in :func:`ksg_transfer_entropy`.
    condition_history : int, default 1
        m ≥ 1, the number of past values of Z.
    condition_delay : int, default 1
        τ_z ≥ 1, their spacing.
    condition_lag : int, default 1
        u_z ≥ 1: the newest condition value is Z_{t-u_z}.
    k, jitter, seed
        As in :func:`ksg_transfer_entropy` (jitter is drawn for source,
        target, condition, in that order).
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.

    Returns
    -------
    float
        The estimate, returned as computed.

    Notes
    -----
    Conditioning on a common driver Z removes the transfer that X only
    appears to have because both follow Z; conditioning on a process that
    relays X to Y removes the indirect part. It costs embedding dimension, and
    with it the bias of every kNN estimator (Frenzel & Pompe 2007).

    References
    ----------
    Lizier, Prokopenko & Zomaya, Phys. Rev. E 77, 026110 (2008), arXiv:0809.3275;
    Frenzel & Pompe (2007); Vicente et al. (2011).

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(2)
    >>> z = rng.standard_normal(3001)
    >>> x = z[1:] + 0.5 * rng.standard_normal(3000)            # z drives x now ...
    >>> y = np.r_[0.0, z[1:-1]] + 0.5 * rng.standard_normal(3000)  # ... and y one step later
    >>> ksg_transfer_entropy(x, y) > 0.2                       # x looks like it drives y
    True
    >>> abs(ksg_conditional_transfer_entropy(x, y, z[1:])) < 0.03  # not given z
    True
    """
    func = "ksg_conditional_transfer_entropy"
    emb = _cte_embedding(target_history, source_history, condition_history, target_delay, source_delay,
                         condition_delay, lag, condition_lag)
    return float(np.mean(_te_local(func, source, target, condition, k, base, jitter, seed, emb)))


# ---------------------------------------------------------------------------
# Active information storage
# ---------------------------------------------------------------------------

def _ais_validate(func: str, target: Any, history: Any, delay: Any, k: Any, variant: Any, base: Any,
                  jitter: Any, seed: Any):
    ys = _series(target, "target", func)
    h = check_int(history, "history", low=1, func=func)
    tau = check_int(delay, "delay", low=1, func=func)
    t0 = 1 + (h - 1) * tau
    kk = _neighbour_order(func, k, ys.shape[0], t0)
    v = check_choice(variant, "variant", (1, 2), func=func)
    lb = log_base(base, func)
    check_rng(seed, "seed", func)
    (ys,) = _untie([ys], ("target",), jitter, seed, func, np)
    return ys, h, tau, t0, kk, v, lb


def active_information_storage_local(target: Any, *, history: int = 1, delay: int = 1, k: int = 4, variant: int = 1,
                                     base: float | str = "e", jitter: float | None = None,
                                     seed: Any = 0) -> np.ndarray:
    """Local active information storage a_Y(t) = i(Y_t; Y⁻_t), one value per embedded step, nats by default.

    Parameters
    ----------
    target, history, delay, k, variant, jitter, seed
        As in :func:`active_information_storage`, with the same ranges and defaults.
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.

    Returns
    -------
    numpy.ndarray, shape (T - 1 - (history - 1) delay,)
        KSG local mutual information terms, ψ(k) + ψ(N) − ψ(n_{Y_t} + 1) − ψ(n_{Y⁻} + 1)
        (variant 1) or ψ(k) − 1/k + ψ(N) − ψ(n_{Y_t}) − ψ(n_{Y⁻}) (variant 2); the mean is
        :func:`active_information_storage`.

    Notes
    -----
    A local value is negative at a step where the past made the observed next
    value less likely than its marginal frequency. Only the mean is a mutual
    information; single values are noisy and carry the KSG bias.

    References
    ----------
    Lizier, Prokopenko & Zomaya, Inf. Sci. 208, 39-54 (2012), doi:10.1016/j.ins.2012.04.016.

    Examples
    --------
    >>> import numpy as np
    >>> y = np.random.default_rng(0).standard_normal(300)
    >>> active_information_storage_local(y, history=2).shape
    (298,)
    """
    func = "active_information_storage_local"
    ys, h, tau, t0, kk, v, lb = _ais_validate(func, target, history, delay, k, variant, base, jitter, seed)
    return _ksg_mi_local(ys[t0:], _embed_rows(ys, _lags(h, tau, 1), t0), kk, v) / lb


def active_information_storage(target: Any, *, history: int = 1, delay: int = 1, k: int = 4, variant: int = 1,
                               base: float | str = "e", jitter: float | None = None, seed: Any = 0) -> float:
    """KSG estimate of the active information storage A_Y = I(Y_t; Y_{t-1}, ..., Y_{t-1-(h-1)τ}), nats by default.

    Parameters
    ----------
    target : array_like, shape (T,) or (T, d)
        One realisation of the process Y (continuous values).
    history : int, default 1
        h ≥ 1, the number of past values.
    delay : int, default 1
        τ ≥ 1, their spacing.
    k : int, default 4
        Neighbour order, 1 <= k < number of embedded steps.
    variant : {1, 2}, default 1
        KSG estimator (as in :func:`infolab.measures.ksg_mutual_information`).
    jitter, seed
        As in :func:`ksg_transfer_entropy`.
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.

    Returns
    -------
    float
        The estimate, returned as computed.

    Notes
    -----
    The information in the past of Y that is in use to predict its next value.
    It grows with h to the full AIS of the process; for a Markov process of
    order p it is constant for h ≥ p (an AR(1), Y_t = a Y_{t-1} + ε_t, has
    A = −½ ln(1 − a²) for every h), while the estimator's bias grows with h, so
    an estimate that keeps rising with h beyond the true order is bias. A
    strongly autocorrelated series gives a large AIS and the KSG estimator
    underestimates it (as it does any strong dependence).

    Paper-faithful settings: ``variant=1``, k = 4, as in JIDT's
    ``ActiveInfoStorageCalculatorKraskov`` (Lizier 2014).

    References
    ----------
    Lizier, Prokopenko & Zomaya, Inf. Sci. 208, 39-54 (2012),
    doi:10.1016/j.ins.2012.04.016; Kraskov et al. (2004), arXiv:cond-mat/0305641.

    Examples
    --------
    >>> import numpy as np
    >>> from infolab.data.processes import var_sample
    >>> y = var_sample([[0.6]], [[1.0]], 3000, seed=0)[:, 0]      # AR(1), a = 0.6
    >>> round(float(-0.5 * np.log(1 - 0.6 ** 2)), 3)               # the truth
    0.223
    >>> abs(active_information_storage(y) - 0.223) < 0.03
    True
    """
    func = "active_information_storage"
    ys, h, tau, t0, kk, v, lb = _ais_validate(func, target, history, delay, k, variant, base, jitter, seed)
    return float(np.mean(_ksg_mi_local(ys[t0:], _embed_rows(ys, _lags(h, tau, 1), t0), kk, v))) / lb


# ---------------------------------------------------------------------------
# Plug-in local TE of discrete series
# ---------------------------------------------------------------------------

def transfer_entropy_from_series_local(source: Any, target: Any, *, target_history: int = 1,
                                       source_history: int = 1, delay: int = 1,
                                       base: float | str = "e") -> np.ndarray:
    """Local plug-in transfer entropy of discrete series: log p̂(y_t | y⁻, x⁻) / p̂(y_t | y⁻) at each step.

    Parameters
    ----------
    source, target : array_like of labels, shape (T,) or (n_trials, T)
        As in :func:`infolab.measures.transfer_entropy_from_series`, with the
        same embedding arguments (target history k, source history l, lag d).
    target_history, source_history, delay : int
        k ≥ 0, l ≥ 1, d ≥ 1.
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.

    Returns
    -------
    numpy.ndarray, shape (n_trials · (T − t0),)
        One value per embedded step (trial by trial, in time order), with
        t0 = max(k, l + d − 1). The mean is
        :func:`infolab.measures.transfer_entropy_from_series` of the same
        arguments (up to rounding).

    Notes
    -----
    The probabilities are the empirical frequencies of the embedded vectors
    pooled over time and trials; a local value is negative where the source
    made the observed next value less likely than the target's past alone did.

    References
    ----------
    Lizier, Prokopenko & Zomaya, Phys. Rev. E 77, 026110 (2008), arXiv:0809.3275.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.array([0, 1, 1, 0, 1, 0, 0, 1] * 50)
    >>> y = np.roll(x, 1)
    >>> loc = transfer_entropy_from_series_local(x, y, target_history=0)
    >>> loc.shape, round(float(loc.mean()), 4)            # y copies x: log 2 nats
    ((399,), 0.6931)
    """
    func = "transfer_entropy_from_series_local"
    kk = check_int(target_history, "target_history", low=0, func=func)
    ll = check_int(source_history, "source_history", low=1, func=func)
    dd = check_int(delay, "delay", low=1, func=func)
    lb = log_base(base, func)
    xs, ys = np.asarray(source), np.asarray(target)
    if xs.shape != ys.shape or xs.ndim not in (1, 2):
        raise ValueError(f"The 'source' and 'target' parameters of {func} must have one shape, (T,) or (n_trials, T). "
                         f"Got {xs.shape} and {ys.shape} instead.")
    xs2, ys2 = np.atleast_2d(xs), np.atleast_2d(ys)
    cx = check_labels(xs2.reshape(-1), "source", func=func).reshape(xs2.shape)
    cy = check_labels(ys2.reshape(-1), "target", func=func).reshape(ys2.shape)
    t0 = max(kk, ll + dd - 1)
    if cx.shape[1] <= t0 + 1:
        raise ValueError(f"The 'source' parameter of {func} needs more than {t0 + 1} steps per trial for "
                         f"target_history={kk}, source_history={ll}, delay={dd}. Got {cx.shape[1]} instead.")
    (a, ka), (b, kb), (c, kc) = _te_symbols(cx, cy, kk, ll, dd)
    return _local_cmi_nats(_compact(a, ka), _compact(b, kb), _compact(c, kc)) / lb


# ---------------------------------------------------------------------------
# Embedding search
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class EmbeddingSelection:
    """Outcome of :func:`select_embedding`.

    Attributes
    ----------
    target_history : int
        Chosen k_y (0: no significant storage found).
    source_history : int or None
        Chosen l (0: no significant transfer found); None without a source.
    ais : dict[int, float]
        Bias-corrected AIS, estimate minus the mean of its surrogates, for each
        target history tried.
    ais_p_values : dict[int, float]
        Permutation p-value of the increment that history h adds (for h = 1,
        of the AIS itself).
    te : dict[int, float]
        Bias-corrected TE for each source history tried (empty without a source).
    te_p_values : dict[int, float]
        Permutation p-value of the increment of each source history.
    """

    target_history: int
    source_history: int | None
    ais: dict
    ais_p_values: dict
    te: dict
    te_p_values: dict


def _search(columns, future, base_given, k, test, alpha, max_history):
    """Greedy search over added columns; returns (chosen h, bias-corrected values, p-values).

    For h = 1, 2, ...: the value I(future; columns[:h] | base_given) is
    bias-corrected by the mean of surrogates in which the block columns[:h] is
    circularly shifted (or block-shuffled) against the rest, and the increment
    I(future; columns[h-1] | base_given, columns[:h-1]) is tested the same way.
    The search stops at the first increment that is not significant; the
    chosen h maximises the bias-corrected value among the accepted ones.
    """
    def cmi(a, b, c):
        return float(np.mean(_fp_local(b, a, c, k)))

    values, p_values = {}, {}
    accepted = 0
    for h in range(1, max_history + 1):
        new = columns[h - 1]
        older = np.concatenate([base_given] + columns[: h - 1], axis=1)
        inc = test(cmi, new, future, older)
        full = inc if h == 1 else test(cmi, np.concatenate(columns[:h], axis=1), future, base_given)
        values[h] = full.estimate - float(np.mean(full.null_distribution))
        p_values[h] = inc.p_value
        if inc.p_value > alpha:
            break
        accepted = h
    if accepted == 0:
        return 0, values, p_values
    best = max(range(1, accepted + 1), key=lambda h: values[h])
    return best, values, p_values


def select_embedding(target: Any, source: Any = None, *, max_history: int = 5, target_delay: int = 1,
                     source_delay: int = 1, lag: int = 1, k: int = 4, n_permutations: int = 49,
                     alpha: float = 0.05, scheme: str = "circular", block_length: int | None = None,
                     jitter: float | None = None, seed: Any = 0) -> EmbeddingSelection:
    """Choose the target history by bias-corrected AIS, then the source history by bias-corrected TE.

    Target history h = 1, 2, ...: the increment I(Y_t; Y_{t-1-(h-1)τ_y} | Y_{t-1}, ...)
    of the new past value is tested with :func:`infolab.measures.permutation_test`
    (the new value's column shifted circularly, or block-shuffled, against the
    rest); the search stops at the first increment with p-value above
    ``alpha``, and the history kept is the one, among those accepted, that
    maximises the bias-corrected AIS (estimate minus the mean of its
    surrogates). With a source, the source history l = 1, 2, ... is chosen the
    same way, conditioning on the chosen target past: the increments are
    I(Y_t; X_{t-u-(l-1)τ_x} | Y⁻, X_{t-u}, ...) and the value maximised is the
    bias-corrected TE.

    Parameters
    ----------
    target : array_like, shape (T,) or (T, d)
        The target process Y.
    source : array_like, shape (T,) or (T, d), optional
        The source process X; without it only the target history is chosen.
    max_history : int, default 5
        Largest history tried for each, 1 to 50.
    target_delay, source_delay, lag : int, default 1
        τ_y, τ_x and u of :func:`ksg_transfer_entropy` (fixed, not searched).
    k : int, default 4
        kNN neighbour order.
    n_permutations : int, default 49
        Surrogates per test (the smallest p-value is 1 / (1 + n_permutations)).
    alpha : float, default 0.05
        Significance level of the stop rule, in (0, 1).
    scheme : {"circular", "block"}, default "circular"
        Surrogates that keep each column's autocorrelation; ``"block"`` needs
        ``block_length``.
    block_length : int, optional
        Block length of the ``"block"`` scheme.
    jitter, seed
        Jitter of the raw series as in :func:`ksg_transfer_entropy`, and the
        seed of the jitter and of the surrogates.

    Returns
    -------
    EmbeddingSelection
        The chosen histories, and the bias-corrected values and p-values of
        every step tried.

    Notes
    -----
    A greedy, non-uniform-embedding style search (Faes, Nollo & Porta 2011;
    Lizier 2014's bias-corrected AIS criterion, with a surrogate-test stop
    rule as in IDTxl, Wollstadt et al. 2019). The surrogates shift the tested column against the
    future *and* the conditioning past, so they also break its dependence on
    that past: the null is approximate, as for any time-shift surrogate, and
    the p-values are approximate, not exact. The search is a model-selection
    heuristic; a TE computed on the same data with the selected embedding is
    biased upwards by the selection.

    References
    ----------
    L. Faes, G. Nollo, A. Porta, "Information-based detection of nonlinear
    Granger causality in multivariate processes via a nonuniform embedding
    technique", Phys. Rev. E 83, 051112 (2011), doi:10.1103/PhysRevE.83.051112.
    Lizier (2014), arXiv:1408.3270. P. Wollstadt et al., "IDTxl: the
    information dynamics toolkit xl", J. Open Source Softw. 4(34), 1081 (2019),
    doi:10.21105/joss.01081.

    Examples
    --------
    >>> import numpy as np
    >>> from infolab.data.processes import var_sample
    >>> y = var_sample([[[0.4]], [[0.4]]], [[1.0]], 1000, seed=0)[:, 0]   # AR(2)
    >>> select_embedding(y, max_history=4, n_permutations=19).target_history
    2
    """
    func = "select_embedding"
    ys = _series(target, "target", func)
    arrays = {"target": ys}
    if source is not None:
        arrays["source"] = _series(source, "source", func)
    steps = _same_length(func, **arrays)
    hmax = check_int(max_history, "max_history", low=1, high=50, func=func)
    tau_y = check_int(target_delay, "target_delay", low=1, func=func)
    tau_x = check_int(source_delay, "source_delay", low=1, func=func)
    u = check_int(lag, "lag", low=1, func=func)
    b = check_int(n_permutations, "n_permutations", low=1, high=10**6, func=func)
    a_lvl = check_real(alpha, "alpha", low=0.0, high=1.0, low_open=True, high_open=True, func=func)
    check_choice(scheme, "scheme", _SEARCH_SCHEMES, func=func)
    if scheme == "block" and block_length is None:
        raise ValueError(f"The 'block' scheme of {func} needs 'block_length' (e.g. a few autocorrelation times). "
                         "Got None instead.")
    if scheme == "circular" and block_length is not None:
        raise ValueError(f"The 'block_length' parameter of {func} applies only to scheme='block'. "
                         f"Got block_length={block_length!r}.")
    t0 = _first_step(_lags(hmax, tau_y, 1), _lags(hmax, tau_x, u) if source is not None else [])
    kk = _neighbour_order(func, k, steps, t0)
    untied = _untie(list(arrays.values()), tuple(arrays), jitter, seed, func, np)
    rng = check_rng(seed, func=func)
    if scheme == "block":
        rows = steps - t0
        bl = check_int(block_length, "block_length", low=1, high=rows // 2, func=func)
        opts = {"scheme": "block", "block_length": bl}
    else:
        opts = {"scheme": "circular"}

    def test(estimator, x, y, z):
        return permutation_test(estimator, x, y, z, n_permutations=b, seed=rng, **opts)

    ys = untied[0]
    future = ys[t0:]
    tcols = [_embed_rows(ys, [g], t0) for g in _lags(hmax, tau_y, 1)]
    empty = np.empty((future.shape[0], 0))
    h_y, ais, ais_p = _search(tcols, future, empty, kk, test, a_lvl, hmax)
    te, te_p, h_x = {}, {}, None
    if source is not None:
        xs = untied[1]
        given = np.concatenate([empty] + tcols[:h_y], axis=1)
        scols = [_embed_rows(xs, [g], t0) for g in _lags(hmax, tau_x, u)]
        h_x, te, te_p = _search(scols, future, given, kk, test, a_lvl, hmax)
    return EmbeddingSelection(target_history=h_y, source_history=h_x, ais=ais, ais_p_values=ais_p,
                              te=te, te_p_values=te_p)
