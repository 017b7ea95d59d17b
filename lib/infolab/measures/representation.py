"""What a learned representation holds: effective feature counts and InfoMEC disentanglement.

* :func:`feature_activation_shares`, :func:`effective_feature_count`,
  :func:`superposition_ratio`: the number of "virtual neurons" of a layer
  read from the codes of a sparse dictionary (Bereska et al.,
  arXiv:2512.13568): p_i = E|a_i| / Σ_j E|a_j|, F = exp(H(p)), ψ = F / N.
* :func:`source_latent_nmi`, :func:`infomec`: InfoM (modularity), InfoE
  (explicitness) and InfoC (compactness) of latents against discrete ground
  truth sources (Hsu et al., arXiv:2305.18378).

Entropies and mutual informations are in nats; the InfoMEC scores and F are
dimensionless.

References
----------
.. [1] L. Bereska, Z. Tzifa-Kratira, R. Samavi, E. Gavves, "Superposition as
   lossy compression", TMLR 2025, arXiv:2512.13568.
.. [2] K. Hsu, W. Dorrell, J. C. R. Whittington, J. Wu, C. Finn,
   "Disentanglement via latent quantization", NeurIPS 2023, arXiv:2305.18378.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np

from .._deprecation import KeyAccessDeprecated, renamed_parameter
from ..backend import get_namespace, to_numpy
from ..validation import (
    check_int,
    check_labels,
    check_real,
    check_rng,
    check_samples,
    public_errors,
)
from .discrete import entropy, entropy_from_labels, mutual_information_from_labels
from .knn import knn_discrete_continuous_mutual_information

__all__ = [
    "feature_activation_shares",
    "effective_feature_count",
    "superposition_ratio",
    "source_latent_nmi",
    "InfoMECResult",
    "infomec",
]


# --------------------------------------------------------------------------- effective features

def feature_activation_shares(codes: Any):
    """Share of activation mass of each dictionary feature: p_i = E_x|a_i(x)| / Σ_j E_x|a_j(x)|.

    Parameters
    ----------
    codes : array, shape (n_samples, n_features)
        Feature activations (e.g. sparse-autoencoder codes), NumPy or CuPy.

    Returns
    -------
    numpy.ndarray, shape (n_features,)
        Non-negative shares summing to one (dead features get exactly 0).

    Notes
    -----
    The sign of an activation is ignored (|a_i| is used), so the shares
    measure how much each feature is used, not its direction. The shares are
    a plug-in estimate over the given samples: rare features are missed by a
    small sample. :func:`effective_feature_count` is exp of their entropy.

    References
    ----------
    Bereska, Tzifa-Kratira, Samavi, Gavves, "Superposition as lossy
    compression", TMLR 2025, arXiv:2512.13568.

    Examples
    --------
    >>> import numpy as np
    >>> feature_activation_shares(np.array([[1.0, 0.0], [1.0, -2.0]])).tolist()
    [0.5, 0.5]
    """
    func = "feature_activation_shares"
    if codes is None or isinstance(codes, (str, bytes)):
        raise TypeError(f"The 'codes' parameter of {func} must be a 2-D array of activations. Got {codes!r} instead.")
    xp = get_namespace(codes)
    ndim = codes.ndim if hasattr(codes, "ndim") else np.ndim(codes)
    if ndim != 2:
        raise ValueError(f"The 'codes' parameter of {func} must be 2-D (n_samples, n_features). "
                         f"Got shape {tuple(np.shape(codes))} instead.")
    a = check_samples(codes, "codes", func=func, xp=xp)
    mass = to_numpy(xp.mean(xp.abs(a), axis=0))
    total = float(mass.sum())
    if total == 0.0:
        raise ValueError(f"The 'codes' parameter of {func} must have some non-zero activation. Got all zeros instead.")
    return mass / total


def effective_feature_count(codes: Any) -> float:
    """Effective number of features F = exp(H(p)) of activation shares p (the perplexity of p).

    F equals k when k features carry equal mass and the rest none; it lies in
    [1, n_features].

    Parameters
    ----------
    codes : array, shape (n_samples, n_features)
        Sparse codes of the activations of a layer.

    Returns
    -------
    float

    Notes
    -----
    F is a property of the dictionary as much as of the layer: it moves with
    the sparsity penalty relative to the activation scale, with the
    expansion factor and with training length (Bereska et al. include a
    dictionary-scaling study for this reason). Normalise activations (e.g. to
    unit RMS) before training the dictionary. The reference code adds 1e-10
    to p and renormalises; here p is used as is (dead features contribute
    exactly 0 to H), which changes F by < 1e-8 for dictionaries of < 10^4 features.

    Paper-faithful settings: tied ReLU SAE with expansion 4, λ = 0.1, Adam 1e-3,
    batch 128 (:class:`infolab.models.TiedSparseAutoencoder`).

    References
    ----------
    Bereska et al., arXiv:2512.13568, "effective features".

    Examples
    --------
    >>> import numpy as np
    >>> round(effective_feature_count(np.eye(4)), 12)
    4.0
    """
    with public_errors("effective_feature_count"):
        return math.exp(entropy(feature_activation_shares(codes)))


def superposition_ratio(codes: Any, n_neurons: int) -> float:
    """ψ = F / N: effective features per neuron (ψ > 1: more features than neurons).

    Parameters
    ----------
    codes : array, shape (n_samples, n_features)
        Sparse codes of the activations of a layer (see
        :func:`effective_feature_count`).
    n_neurons : int
        N ≥ 1, the width of the layer the dictionary was trained on.

    Returns
    -------
    float
        F / N in [1 / N, n_features / N].

    Notes
    -----
    ψ > 1 reads as superposition (more effectively used features than
    neurons), ψ < 1 as an under-used layer. It inherits every dependence of
    F on the dictionary (sparsity penalty, expansion factor), so compare ψ
    only across layers analysed with the same dictionary settings.

    References
    ----------
    Bereska et al., arXiv:2512.13568; M. O. Hill, "Diversity and evenness: a
    unifying notation and its consequences", Ecology 54(2), 427-432 (1973)
    (exp of the entropy as an effective number).

    Examples
    --------
    >>> import numpy as np
    >>> round(superposition_ratio(np.eye(8), 4), 12)
    2.0
    """
    n = check_int(n_neurons, "n_neurons", low=1, func="superposition_ratio")
    with public_errors("superposition_ratio"):
        return effective_feature_count(codes) / n


# --------------------------------------------------------------------------- InfoMEC

def _sources(sources: Any, func: str) -> np.ndarray:
    if sources is None or isinstance(sources, (str, bytes)):
        raise TypeError(f"The 'sources' parameter of {func} must be a 2-D array of discrete labels. Got {sources!r} instead.")
    arr = np.asarray(to_numpy(sources))
    if arr.ndim == 1:
        arr = arr[:, None]
    if arr.ndim != 2:
        raise ValueError(f"The 'sources' parameter of {func} must be 2-D (n_samples, n_sources). Got shape {arr.shape} instead.")
    cols = [check_labels(arr[:, i], "sources", func=func, min_samples=2) for i in range(arr.shape[1])]
    for i, c in enumerate(cols):
        if c.max() == 0:
            raise ValueError(f"The 'sources' parameter of {func} must vary: source {i} takes a single value.")
    return np.stack(cols, axis=1)


def _latents(latents: Any, n: int, discrete: bool, func: str) -> np.ndarray:
    if discrete:
        arr = np.asarray(to_numpy(latents))
        if arr.ndim == 1:
            arr = arr[:, None]
        if arr.ndim != 2:
            raise ValueError(f"The 'latents' parameter of {func} must be 2-D (n_samples, n_latents). Got shape {arr.shape} instead.")
        z = np.stack([check_labels(arr[:, j], "latents", func=func) for j in range(arr.shape[1])], axis=1)
    else:
        z = check_samples(to_numpy(latents), "latents", func=func, xp=np)
    if z.shape[0] != n:
        raise ValueError(f"The 'sources' and 'latents' parameters of {func} must have the same number of samples. "
                         f"Got {n} and {z.shape[0]} instead.")
    return z


def _standardise(z: np.ndarray) -> np.ndarray:
    sd = z.std(axis=0)
    return (z - z.mean(axis=0)) / np.where(sd > 0, sd, 1.0)


@renamed_parameter("n_neighbors", "k")
def source_latent_nmi(sources: Any, latents: Any, *, discrete_latents: bool = False, k: int = 10,
                      jitter: float | None = None, seed: Any = 0) -> np.ndarray:
    """Normalised mutual information NMI[i, j] = I(s_i; z_j) / H(s_i) of every source–latent pair.

    Parameters
    ----------
    sources : array, shape (n_samples, n_sources)
        Discrete ground-truth factors (any hashable labels).
    latents : array, shape (n_samples, n_latents)
        Continuous latents (default) or discrete ones (``discrete_latents=True``).
    discrete_latents : bool, default False
        Discrete latents use the plug-in MI of the contingency table
        (exact for the empirical law; invariant to any relabelling).
    k : int, default 10
        Neighbour count of Ross' discrete–continuous kNN estimator for continuous latents
        (each latent standardised first), the paper's setting.
    jitter, seed :
        Passed to :func:`knn_discrete_continuous_mutual_information` for
        latents with tied values (off by default: ties raise).

    Returns
    -------
    numpy.ndarray, shape (n_sources, n_latents)
        Entries in [0, 1] up to estimation error (kNN estimates can exceed 1
        slightly); 1 when z_j determines s_i.

    Notes
    -----
    Negative kNN estimates (possible near independence) are set to 0, as the
    reference implementation does through scikit-learn's
    ``mutual_info_classif``; H(s_i) is the plug-in entropy of the labels.

    References
    ----------
    K. Hsu, W. Dorrell, J. C. R. Whittington, J. Wu, C. Finn, "Disentanglement
    via latent quantization", NeurIPS 2023, arXiv:2305.18378; B. C. Ross,
    "Mutual information between discrete and continuous data sets", PLoS ONE
    9(2), e87357 (2014).

    Examples
    --------
    >>> import numpy as np
    >>> s = np.array([[0], [0], [1], [1]])
    >>> source_latent_nmi(s, np.array([[5, 0], [5, 1], [7, 0], [7, 1]]), discrete_latents=True).tolist()
    [[1.0, 0.0]]
    """
    func = "source_latent_nmi"
    check_rng(seed, "seed", func)  # validated whether or not jitter draws from it
    s = _sources(sources, func)
    z = _latents(latents, s.shape[0], bool(discrete_latents), func)
    k = None if discrete_latents else check_int(k, "k", low=1, high=s.shape[0] - 1, func=func)
    nmi = np.empty((s.shape[1], z.shape[1]))
    zs = z if discrete_latents else _standardise(z)
    for i in range(s.shape[1]):
        h = entropy_from_labels(s[:, i])
        for j in range(z.shape[1]):
            if discrete_latents:
                mi = mutual_information_from_labels(s[:, i], z[:, j])
            elif np.ptp(z[:, j]) == 0:
                mi = 0.0  # a constant latent carries no information
            else:
                mi = max(0.0, knn_discrete_continuous_mutual_information(s[:, i], zs[:, j], k=k, jitter=jitter,
                                                                         seed=seed))
            nmi[i, j] = mi / h
    return nmi


def _ratio_score(nmi: np.ndarray, axis: int) -> float:
    """mean over the other axis of max/sum along ``axis``, rescaled so that 1/m ↦ 0 and 1 ↦ 1."""
    m = nmi.shape[axis]
    if m == 1:
        return 1.0
    totals = nmi.sum(axis=axis)
    peaks = nmi.max(axis=axis)
    ratio = np.where(totals > 0, peaks / np.where(totals > 0, totals, 1.0), 1.0 / m)
    return float((ratio.mean() - 1.0 / m) / (1.0 - 1.0 / m))


def _balanced_log_loss_fit(x: np.ndarray, y: np.ndarray, max_iter: int) -> float:
    """In-sample log loss (nats) of an unregularised, class-balanced multinomial logistic regression."""
    from sklearn.exceptions import ConvergenceWarning  # noqa: PLC0415
    from sklearn.linear_model import LogisticRegression  # noqa: PLC0415

    model = LogisticRegression(C=np.inf, solver="lbfgs", max_iter=max_iter, class_weight="balanced", tol=1e-4)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(x, y)
    proba = np.clip(model.predict_proba(x), 1e-15, 1.0)  # scikit-learn's log_loss convention
    return float(-np.mean(np.log(proba[np.arange(y.shape[0]), y])))


@dataclass(frozen=True, eq=False)
class InfoMECResult(KeyAccessDeprecated):
    """InfoM, InfoE and InfoC of latents against sources, from :func:`infomec`.

    Attributes
    ----------
    infom : float
        Modularity InfoM in [0, 1] (dimensionless, 1 best): each active latent informs about one source.
    infoe : float
        Explicitness InfoE in [0, 1] (dimensionless, 1 best): the fraction of each source's
        entropy a linear probe on all latents recovers, averaged over sources.
    infoc : float
        Compactness InfoC in [0, 1] (dimensionless, 1 best): each source is held by one active latent.
    nmi : numpy.ndarray, shape (n_sources, n_latents)
        Normalised mutual information I(s_i; z_j) / H(s_i) (dimensionless), all latents.
    active : numpy.ndarray of bool, shape (n_latents,)
        Which latents count as active (those InfoM and InfoC use).
    """

    infom: float
    infoe: float
    infoc: float
    nmi: np.ndarray
    active: np.ndarray


@renamed_parameter("n_neighbors", "k")
def infomec(sources: Any, latents: Any, *, discrete_latents: bool = False, k: int = 10,
            active_fraction: float = 1 / 20, max_iter: int = 100, jitter: float | None = None,
            seed: Any = 0) -> InfoMECResult:
    """InfoM, InfoE and InfoC of latents against discrete sources (Hsu et al. 2023).

    With NMI from :func:`source_latent_nmi` restricted to the n_z active latents:

    .. math::

        \\mathrm{InfoM} = \\frac{\\frac1{n_z}\\sum_j \\max_i \\mathrm{NMI}_{ij} / \\sum_i \\mathrm{NMI}_{ij} - 1/n_s}{1 - 1/n_s},\\quad
        \\mathrm{InfoC} = \\frac{\\frac1{n_s}\\sum_i \\max_j \\mathrm{NMI}_{ij} / \\sum_j \\mathrm{NMI}_{ij} - 1/n_z}{1 - 1/n_z},

    and InfoE = mean_i (H_i − CE_i) / H_i, where CE_i is the in-sample log loss
    (nats) of an unregularised multinomial logistic regression predicting s_i
    from all latents (standardised if continuous, one-hot if discrete) and
    H_i the log loss of the same regression on a constant input.

    Parameters
    ----------
    sources : array, shape (n_samples, n_sources)
    latents : array, shape (n_samples, n_latents)
    discrete_latents : bool, default False
    k : int, default 10
    active_fraction : float, default 1/20
        A continuous latent is active when its range exceeds this fraction
        of the largest range; a discrete one when it takes more than one value.
    max_iter : int, default 100
        L-BFGS iterations of the logistic regressions (the paper's 100; the
        fit may stop before convergence, which lowers InfoE slightly).
    jitter, seed :
        For tied continuous latents, see :func:`source_latent_nmi`.

    Returns
    -------
    InfoMECResult
        ``infom``, ``infoe``, ``infoc`` (floats in [0, 1], 1 best), ``nmi``
        (n_sources × n_latents, all latents), ``active`` (bool mask). Read the
        fields as attributes (``r.infom``); ``r["infom"]`` is deprecated.

    Notes
    -----
    * InfoE's logistic regressions use ``class_weight="balanced"`` as the
      paper does; the constant-input model then predicts the uniform law, so
      H_i = log K_i whatever the source's frequencies (equal to H(s_i) for
      uniform sources, as in the benchmarks).
    * A latent whose NMI with every source is 0 counts as uninformative
      (ratio 1/n_s) in InfoM instead of the reference code's 0/0 = NaN.
    * With one source (or one active latent) the corresponding score is 1.
    * CPU only (kNN estimator and scikit-learn's logistic regression): CuPy
      input is copied to the host.

    Paper-faithful settings: ``k=10``, ``active_fraction=1/20``,
    ``max_iter=100`` (the repo's ``mutual_information.py`` prunes at 1/8).

    References
    ----------
    Hsu et al., "Disentanglement via latent quantization", arXiv:2305.18378, Sec. 4.

    Examples
    --------
    >>> import numpy as np
    >>> s = np.array([[a, b] for a in range(3) for b in range(3)] * 20)  # exactly independent sources
    >>> r = infomec(s, s, discrete_latents=True)
    >>> round(r.infom, 6), round(r.infoc, 6)
    (1.0, 1.0)
    """
    func = "infomec"
    s = _sources(sources, func)
    disc = bool(discrete_latents)
    z = _latents(latents, s.shape[0], disc, func)
    frac = check_real(active_fraction, "active_fraction", low=0.0, high=1.0, high_open=True, func=func)
    max_iter = check_int(max_iter, "max_iter", low=1, func=func)
    with public_errors(func):
        nmi = source_latent_nmi(s, z, discrete_latents=disc, k=k, jitter=jitter, seed=seed)
    ranges = np.ptp(z, axis=0).astype(float)
    active = ranges > 0 if disc else ranges > frac * ranges.max()
    if not active.any():
        raise ValueError(f"The 'latents' parameter of {func} must have at least one latent that varies. Got none instead.")
    pruned = nmi[:, active]
    infom = _ratio_score(pruned, axis=0)
    infoc = _ratio_score(pruned, axis=1)
    if disc:
        x = np.concatenate([(z[:, j][:, None] == np.unique(z[:, j])[None, :]).astype(float) for j in range(z.shape[1])],
                           axis=1)
    else:
        x = _standardise(z)
    parts = []
    for i in range(s.shape[1]):
        # The class-balanced fit on a constant input predicts the uniform law: its log loss is log K exactly.
        h = math.log(int(s[:, i].max()) + 1)
        ce = _balanced_log_loss_fit(x, s[:, i], max_iter)
        parts.append((h - ce) / h)
    return InfoMECResult(infom=infom, infoe=float(np.mean(parts)), infoc=infoc, nmi=nmi, active=active)
