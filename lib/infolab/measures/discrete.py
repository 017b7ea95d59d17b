"""Shannon measures of discrete variables, and Shannon's information lattice.

Two ways in:

* from a probability table (``entropy``, ``joint_entropy``,
  ``conditional_entropy``, ``mutual_information_pmf``), exact;
* from paired observations of labels (``*_from_labels``,
  ``variation_of_information``, ``rajski_distance``, ``meet``, ``join``),
  where each position is one outcome ω of a finite probability space. With
  ``weights=None`` every position has weight 1/n (the plug-in, empirical
  law); with ``weights=p`` the positions are the atoms of an exact law and the
  results are exact.

The ``*_from_labels_local`` functions give the pointwise (local) plug-in
values, one per observation (surprisal, pointwise mutual information, local
conditional mutual information); their mean is the global plug-in value.

Every value is in nats unless ``base`` says otherwise (``base=2`` for bits).

References
----------
.. [1] C. E. Shannon, "The lattice theory of information", Trans. IRE Prof.
   Group Inf. Theory 1(1), 105-107 (1953).
.. [2] I. Delsol, O. Rioul, J. Béguinot, V. Rabiet, A. Souloumiac, "An
   information theoretic condition for perfect reconstruction", Entropy
   26(1):86 (2024), arXiv:2306.15540.
.. [3] C. Rajski, "A metric space of discrete probability distributions",
   Information and Control 4(4), 371-377 (1961).
.. [4] P. Gács, J. Körner, "Common information is far less than mutual
   information", Problems of Control and Information Theory 2, 149-162 (1973).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from ..validation import (
    check_choice,
    check_int,
    check_joint,
    check_label_counts,
    check_labels,
    check_probabilities,
    check_weights,
    compact_codes,
    log_base,
)

__all__ = [
    "entropy",
    "joint_entropy",
    "conditional_entropy",
    "mutual_information_pmf",
    "contingency_pmf",
    "entropy_from_labels",
    "joint_entropy_from_labels",
    "conditional_entropy_from_labels",
    "mutual_information_from_labels",
    "conditional_mutual_information_from_labels",
    "variation_of_information",
    "rajski_distance",
    "join",
    "meet",
    "common_information",
    "is_function_of",
    "reconstructs",
    "entropy_from_labels_local",
    "mutual_information_from_labels_local",
    "conditional_mutual_information_from_labels_local",
    "maximal_correlation",
]


def _plogp_sum(p: np.ndarray) -> float:
    """-Σ p log p in nats over the positive entries (0 log 0 = 0)."""
    q = p[p > 0]
    return float(-np.sum(q * np.log(q)))


def entropy(p: Any, *, base: float | str = "e") -> float:
    """Shannon entropy H(p) = -Σ p log p of a probability array.

    Parameters
    ----------
    p : array_like
        Probabilities of any shape (a joint table is read as one variable);
        non-negative, summing to 1 within 1e-9. Never renormalised.
    base : float or "e", default "e"
        Logarithm base; the default gives nats, ``base=2`` gives bits.

    Returns
    -------
    float
        H(p) ≥ 0, at most log(number of cells).

    Notes
    -----
    Exact for the given distribution, summed over the positive entries (0 log 0 = 0),
    one pass over the array. For a joint table it equals :func:`joint_entropy`; to
    estimate an entropy from observations use :func:`entropy_from_labels`.

    References
    ----------
    C. E. Shannon, "A mathematical theory of communication", Bell Syst. Tech. J. 27 (1948).

    Examples
    --------
    >>> entropy([0.5, 0.5], base=2)
    1.0
    """
    arr = check_probabilities(p, "p", func="entropy")
    return _plogp_sum(np.asarray(arr).ravel()) / log_base(base, "entropy")


def joint_entropy(pxy: Any, *, base: float | str = "e") -> float:
    """Joint entropy H(X, Y, ...) of a joint probability table (one axis per variable), nats by default.

    Parameters
    ----------
    pxy : array_like
        Joint probability table of any shape, one axis per variable; non-negative,
        summing to 1 within 1e-9. Never renormalised.
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.

    Returns
    -------
    float
        H(X, Y, ...) >= 0, at most log(number of cells).

    Notes
    -----
    Exact; the table read as one variable, so the value equals :func:`entropy` of the
    same array. H(X, Y) <= H(X) + H(Y), with equality exactly under independence.

    References
    ----------
    T. M. Cover, J. A. Thomas, *Elements of Information Theory*, 2nd ed., Wiley (2006), ch. 2.

    Examples
    --------
    >>> joint_entropy([[0.25, 0.25], [0.25, 0.25]], base=2)
    2.0
    """
    arr = check_probabilities(pxy, "pxy", func="joint_entropy")
    return _plogp_sum(np.asarray(arr).ravel()) / log_base(base, "joint_entropy")


def conditional_entropy(pxy: Any, *, base: float | str = "e") -> float:
    """Conditional entropy H(X | Y) = H(X, Y) - H(Y) of a table ``pxy[x, y]``, nats by default.

    Parameters
    ----------
    pxy : array_like, shape (|X|, |Y|)
        Joint probability table p[x, y], the condition Y on the second axis;
        non-negative, summing to 1 within 1e-9. Never renormalised.
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.

    Returns
    -------
    float
        H(X | Y), between 0 (X a function of Y) and H(X) (independence).

    Notes
    -----
    Exact; computed as H(X, Y) − H(Y) from two passes over the table, so a value that
    should be 0 can carry rounding of order 1e-16 (clipped at 0, never below). Swap the
    axes (``pxy.T``) for H(Y | X).

    References
    ----------
    T. M. Cover, J. A. Thomas, *Elements of Information Theory*, 2nd ed., Wiley (2006), ch. 2.

    Examples
    --------
    >>> conditional_entropy([[0.5, 0.0], [0.0, 0.5]])
    0.0
    """
    arr = np.asarray(check_joint(pxy, func="conditional_entropy"))
    h = _plogp_sum(arr.ravel()) - _plogp_sum(arr.sum(axis=0))
    return max(h, 0.0) / log_base(base, "conditional_entropy")  # max() only removes rounding below 0


def mutual_information_pmf(pxy: Any, *, base: float | str = "e") -> float:
    """Mutual information I(X; Y) = Σ p(x,y) log p(x,y) / (p(x) p(y)) of a table ``pxy[x, y]``.

    Computed term by term over the support (not as a difference of
    entropies), so independent variables give 0 up to rounding and the
    value is never negative beyond 1e-15. Nats by default.

    Parameters
    ----------
    pxy : array_like, shape (|X|, |Y|)
        Joint probability table p[x, y]; non-negative, summing to 1 within 1e-9.
        Never renormalised.
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.

    Returns
    -------
    float
        I(X; Y) >= 0, at most min(H(X), H(Y)).

    Notes
    -----
    Exact for the table; symmetric in X and Y, zero exactly under independence.
    log p(x) and log p(y) are subtracted separately, so subnormal masses do not
    underflow. :func:`mutual_information_from_labels` estimates it from observations.

    References
    ----------
    T. M. Cover, J. A. Thomas, *Elements of Information Theory*, 2nd ed., Wiley (2006), ch. 2.

    Examples
    --------
    >>> mutual_information_pmf([[0.5, 0.0], [0.0, 0.5]], base=2)
    1.0
    """
    lb = log_base(base, "mutual_information_pmf")
    return _table_mutual_information(np.asarray(check_joint(pxy, func="mutual_information_pmf"))) / lb


def _table_mutual_information(arr: np.ndarray) -> float:
    """I(X; Y) in nats of a validated joint table ``arr[x, y]`` (the kernel of :func:`mutual_information_pmf`)."""
    px = arr.sum(axis=1, keepdims=True)
    py = arr.sum(axis=0, keepdims=True)
    rows, cols = np.nonzero(arr > 0)
    joint = arr[rows, cols]
    # log p(x) + log p(y) separately: the product p(x) p(y) can underflow to 0 for subnormal masses
    val = float(np.sum(joint * (np.log(joint) - np.log(px[rows, 0]) - np.log(py[0, cols]))))
    return max(val, 0.0)


# ---------------------------------------------------------------------------
# Paired observations (labels), with optional exact weights
# ---------------------------------------------------------------------------

def _weights(weights: Any, n: int, func: str) -> np.ndarray:
    return check_weights(weights, n, func=func)


def _codes(labels: Any, name: str, func: str) -> np.ndarray:
    return check_labels(labels, name, func=func)


def _same_length(func: str, **codes: np.ndarray) -> int:
    lengths = {k: v.shape[0] for k, v in codes.items()}
    if len(set(lengths.values())) > 1:
        detail = ", ".join(f"'{k}' has {n}" for k, n in lengths.items())
        raise ValueError(f"The label arrays passed to {func} must have the same length. Got: {detail}.")
    return next(iter(lengths.values()))


def _pushforward(codes: np.ndarray, w: np.ndarray) -> np.ndarray:
    return np.bincount(codes, weights=w)


def _pair_codes(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Codes of the joint symbol (a, b), compact 0..K-1."""
    joint = a.astype(np.int64) * (int(b.max()) + 1) + b
    return compact_codes(joint)


def contingency_pmf(x: Any, y: Any, weights: Any = None) -> np.ndarray:
    """Joint probability table ``p[i, j]`` of two label arrays (plug-in, or exact with ``weights``).

    Parameters
    ----------
    x, y : array_like, shape (n,) or (n, m)
        Paired labels of the same length (a 2-D array is one joint symbol per row).
    weights : array_like, shape (n,), optional
        Probabilities of the positions, non-negative and summing to 1; default 1/n each.

    Returns
    -------
    numpy.ndarray, shape (K_x, K_y)
        p[i, j], the total weight of the positions with the i-th smallest x and the j-th
        smallest y; it sums to 1.

    Notes
    -----
    Only symbols that occur (with any weight) get a row or column. The table is the
    input of the ``*_pmf`` measures: ``mutual_information_pmf(contingency_pmf(x, y))``
    is the plug-in mutual information. Costs O(n + K_x K_y).

    References
    ----------
    Cover & Thomas, *Elements of Information Theory*, 2nd ed., Wiley (2006), §11.1
    (the empirical distribution, or type, of a sample).

    Examples
    --------
    >>> contingency_pmf([0, 0, 1, 1], [0, 1, 1, 1]).tolist()
    [[0.25, 0.25], [0.0, 0.5]]
    """
    cx, cy = _codes(x, "x", "contingency_pmf"), _codes(y, "y", "contingency_pmf")
    n = _same_length("contingency_pmf", x=cx, y=cy)
    return _joint_table(cx, cy, None if weights is None else _weights(weights, n, "contingency_pmf"))


def _joint_table(cx: np.ndarray, cy: np.ndarray, w: np.ndarray | None) -> np.ndarray:
    """p[i, j] of compact codes, by one ``np.bincount`` of the pair index; ``w=None`` weighs 1/n each."""
    kx, ky = int(cx.max()) + 1, int(cy.max()) + 1
    table = np.bincount(cx * ky + cy, weights=w, minlength=kx * ky).reshape(kx, ky)
    return table / cx.shape[0] if w is None else table


def _plugin_mutual_information(cx: np.ndarray, cy: np.ndarray, w: np.ndarray | None) -> float:
    """Plug-in I(X; Y) in nats of compact codes: a dense joint table when it is small, else its support only."""
    n = cx.shape[0]
    kx, ky = int(cx.max()) + 1, int(cy.max()) + 1
    if kx * ky <= 4 * n + 1024:
        return _table_mutual_information(_joint_table(cx, cy, w))
    pairs, inverse = np.unique(cx * ky + cy, return_inverse=True)
    mass = np.ones(n) / n if w is None else w
    joint = np.bincount(inverse.reshape(-1), weights=mass)
    px, py = np.bincount(cx, weights=mass), np.bincount(cy, weights=mass)
    keep = joint > 0
    joint, pairs = joint[keep], pairs[keep]
    val = float(np.sum(joint * (np.log(joint) - np.log(px[pairs // ky]) - np.log(py[pairs % ky]))))
    return max(val, 0.0)


def _plugin_entropy(codes: np.ndarray, w: np.ndarray) -> float:
    return _plogp_sum(_pushforward(codes, w))


def _counts_plugin(counts: np.ndarray) -> float:
    """Plug-in (maximum-likelihood) entropy of a count vector, nats."""
    return _plogp_sum(counts / counts.sum())


def _counts_miller_madow(counts: np.ndarray) -> float:
    """Miller–Madow: plug-in + (K − 1) / (2n), K the number of observed symbols."""
    observed = int(np.count_nonzero(counts))
    return _counts_plugin(counts) + (observed - 1) / (2.0 * float(counts.sum()))


def _counts_chao_shen(counts: np.ndarray) -> float:
    """Chao–Shen coverage-adjusted Horvitz–Thompson entropy of a count vector, nats."""
    c = counts[counts > 0].astype(np.float64)
    n = c.sum()
    singletons = float(np.count_nonzero(c == 1))
    if singletons == n:  # every symbol seen once: coverage 0; Chao & Shen use n - 1 singletons
        singletons = n - 1
    coverage = 1.0 - singletons / n
    pa = coverage * c / n
    with np.errstate(divide="ignore"):  # pa = 1 (one symbol, full coverage) gives log1p(-1) = -inf, inclusion 1
        inclusion = -np.expm1(n * np.log1p(-pa))  # 1 - (1 - pa)^n, accurate for small pa
    return float(-np.sum(pa * np.log(pa) / inclusion))


def _counts_nsb(counts: np.ndarray, alphabet_size: int) -> float:
    """Nemenman–Shafee–Bialek posterior-mean entropy, nats, by quadrature over log β."""
    from scipy.special import digamma, gammaln, polygamma  # noqa: PLC0415

    c = counts.astype(np.float64)
    n = c.sum()
    k = float(alphabet_size)
    seen = c[c > 0]
    unseen = k - seen.shape[0]
    log_beta = np.linspace(np.log(1e-7), np.log(1e5), 2001)
    beta = np.exp(log_beta)[:, None]
    # log evidence log p(counts | β) up to a constant (unseen bins contribute Γ(β)/Γ(β) = 1)
    log_ev = (gammaln(k * beta[:, 0]) - gammaln(n + k * beta[:, 0])
              + np.sum(gammaln(seen + beta) - gammaln(beta), axis=1))
    # NSB prior: dξ/dβ with ξ(β) = ψ(Kβ + 1) − ψ(β + 1), the prior mean entropy; dβ = β d(log β)
    prior = k * polygamma(1, k * beta[:, 0] + 1.0) - polygamma(1, beta[:, 0] + 1.0)
    log_w = log_ev + np.log(np.maximum(prior, 1e-300)) + log_beta
    w = np.exp(log_w - log_w.max())
    a = n + k * beta[:, 0]
    # posterior mean of H under the symmetric Dirichlet(β) prior (Wolpert & Wolf 1995)
    mean_h = (digamma(a + 1.0) - np.sum((seen + beta) * digamma(seen + beta + 1.0), axis=1) / a
              - unseen * beta[:, 0] * digamma(beta[:, 0] + 1.0) / a)
    return float(np.sum(w * mean_h) / np.sum(w))


def _grassberger_g(c: np.ndarray) -> np.ndarray:
    """Grassberger's G(n) = ψ(n) + ½(−1)^n [ψ((n+1)/2) − ψ(n/2)] (Grassberger 2003, eq. 30)."""
    from scipy.special import digamma  # noqa: PLC0415

    sign = np.where(c % 2 == 0, 1.0, -1.0)
    return digamma(c) + 0.5 * sign * (digamma((c + 1.0) / 2.0) - digamma(c / 2.0))


def _counts_grassberger(counts: np.ndarray) -> float:
    """Grassberger (2003): log n − (1/n) Σ n_i G(n_i), nats."""
    c = counts[counts > 0].astype(np.float64)
    n = c.sum()
    return float(np.log(n) - np.sum(c * _grassberger_g(c)) / n)


def _counts_james_stein(counts: np.ndarray, alphabet_size: int | None = None) -> float:
    """James–Stein shrinkage of the frequencies toward uniform(K) (Hausser & Strimmer 2009), nats."""
    c = counts[counts > 0].astype(np.float64)
    k = c.shape[0] if alphabet_size is None else int(alphabet_size)
    c = np.concatenate([c, np.zeros(k - c.shape[0])])
    n = c.sum()
    p_ml = c / n
    target = 1.0 / k
    gap = float(np.sum((target - p_ml) ** 2))
    if n <= 1 or gap == 0.0:
        lam = 1.0
    else:
        lam = min(1.0, max(0.0, (1.0 - float(np.sum(p_ml ** 2))) / ((n - 1.0) * gap)))
    return _plogp_sum(lam * target + (1.0 - lam) * p_ml)


def _counts_chao_wang_jost(counts: np.ndarray) -> float:
    """Chao–Wang–Jost (2013) entropy from the counts, nats."""
    from scipy.special import digamma  # noqa: PLC0415

    c = counts[counts > 0].astype(np.float64)
    n = c.sum()
    f1 = float(np.count_nonzero(c == 1))
    f2 = float(np.count_nonzero(c == 2))
    part = c[c < n]
    # Σ_{k = n_i}^{n-1} 1/k = ψ(n) − ψ(n_i)
    head = float(np.sum(part / n * (digamma(n) - digamma(part))))
    if f1 == 0:
        return head
    if f2 > 0:
        a = 2.0 * f2 / ((n - 1.0) * f1 + 2.0 * f2)
    else:
        a = 2.0 / ((n - 1.0) * (f1 - 1.0) + 2.0)
    if a == 1.0:
        return head
    r = np.arange(1, int(n), dtype=np.float64)
    tail = -np.log(a) - float(np.sum((1.0 - a) ** r / r))
    return head + f1 / n * (1.0 - a) ** (1.0 - n) * tail


def _counts_zhang(counts: np.ndarray) -> float:
    """Zhang (2012) generalised Simpson-index entropy estimator, nats.

    H = Σ_i (n_i/n) Σ_{v=1}^{n−n_i} (1/v) Π_{j=0}^{v−1} (1 − (n_i − 1)/(n − 1 − j)),
    the form of Zhang's Z_v sum after cancelling n^{v+1}(n−v−1)!/n!.
    """
    c = counts[counts > 0].astype(np.float64)
    n = c.sum()
    if n <= 1:
        return 0.0
    values, mult = np.unique(c, return_counts=True)
    total = 0.0
    j = np.arange(0, int(n) - 1, dtype=np.float64)
    for ci, m in zip(values, mult, strict=True):
        v_max = int(n - ci)
        if v_max == 0:
            continue
        prods = np.cumprod(1.0 - (ci - 1.0) / (n - 1.0 - j[:v_max]))
        total += m * ci / n * float(np.sum(prods / np.arange(1, v_max + 1)))
    return float(total)


_ENTROPY_METHODS = {
    "plugin": _counts_plugin,
    "miller_madow": _counts_miller_madow,
    "chao_shen": _counts_chao_shen,
    "nsb": _counts_nsb,
    "grassberger": _counts_grassberger,
    "james_stein": _counts_james_stein,
    "chao_wang_jost": _counts_chao_wang_jost,
    "zhang": _counts_zhang,
}


def entropy_from_labels(x: Any, *, weights: Any = None, method: str = "plugin",
                        base: float | str = "e", alphabet_size: int | None = None) -> float:
    """Entropy of a discrete variable from its observations, nats by default.

    Parameters
    ----------
    x : array_like, shape (n,) or (n, m)
        Labels; a 2-D array is one joint symbol per row.
    weights : array_like, shape (n,), optional
        Exact probabilities of the positions (then the result is exact);
        default: each observation weighs 1/n (plug-in estimate). Only with
        ``method="plugin"``: the bias corrections assume n independent draws.
    method : {"plugin", "miller_madow", "chao_shen", "nsb", "grassberger", \
"james_stein", "chao_wang_jost", "zhang"}, default "plugin"
        Estimator, from the counts n_i of the K observed symbols:

        * ``"plugin"``: −Σ (n_i/n) log(n_i/n). Biased low by about (K−1)/(2n)
          nats (Miller 1955), much more when many symbols are unseen.
        * ``"miller_madow"``: plug-in + (K − 1)/(2n) (Miller 1955). Removes the
          first-order bias; still low when n is not much larger than K.
        * ``"chao_shen"``: coverage-adjusted Horvitz–Thompson estimator
          (Chao & Shen 2003): p̂_i = C n_i/n with Good–Turing coverage
          C = 1 − f_1/n (f_1 singletons), H = −Σ p̂_i log p̂_i / (1 − (1 − p̂_i)^n).
          Good when many symbols are rare or unseen; needs no alphabet size.
        * ``"nsb"``: Nemenman–Shafee–Bialek Bayesian estimator, the posterior
          mean of H under a mixture of symmetric Dirichlet priors that is flat
          in the prior entropy. Needs ``alphabet_size``. Good in the
          undersampled regime n ≲ K.
        * ``"grassberger"``: log n − (1/n) Σ n_i G(n_i) with
          G(n) = ψ(n) + ½(−1)^n [ψ((n+1)/2) − ψ(n/2)] (Grassberger 2003,
          eq. 30; not the older ψ(n) + (−1)^n/(n+1) of 1988). Less biased
          than Miller–Madow for small counts.
        * ``"james_stein"``: plug-in entropy of the frequencies shrunk toward
          uniform(K), p = λ/K + (1 − λ) n_i/n with the data-driven
          λ = (1 − Σ p̂_i²) / ((n − 1) Σ (1/K − p̂_i)²) clipped to [0, 1]
          (Hausser & Strimmer 2009). K is ``alphabet_size`` when given, else
          the number of observed symbols.
        * ``"chao_wang_jost"``: Chao, Wang & Jost (2013), from the
          Good–Turing discovery curve: Σ_{n_i<n} (n_i/n)(ψ(n) − ψ(n_i)) plus a
          term in the singletons f_1 and doubletons f_2 for unseen symbols.
          Among the least biased when many symbols are unseen.
        * ``"zhang"``: Zhang (2012), Σ_v Z_v/v with Z_v unbiased estimators of
          Σ p_i (1 − p_i)^v; its bias decays faster than any power of 1/n
          when K is finite.
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.
    alphabet_size : int, optional
        Number of possible symbols K (at least the number observed); required
        by ``method="nsb"``, optional for ``method="james_stein"`` (the
        shrinkage target uniform(K)).

    Returns
    -------
    float
        The estimate.

    Notes
    -----
    With ``weights`` the result is the exact entropy of that law. Every estimator is
    consistent for a finite alphabet; they differ in small-sample bias: the plug-in
    underestimates, the corrected ones shrink the bias at a small cost in variance
    (Miller–Madow is the cheapest; Chao–Shen, Chao–Wang–Jost, Zhang and NSB are for
    n not much larger than the number of symbols). NSB integrates numerically over its
    prior and is the slowest.

    References
    ----------
    G. A. Miller, "Note on the bias of information estimates", in Information
    Theory in Psychology, Free Press (1955). A. Chao, T.-J. Shen, "Nonparametric
    estimation of Shannon's index of diversity when there are unseen species in
    sample", Environ. Ecol. Stat. 10, 429-443 (2003). I. Nemenman, F. Shafee,
    W. Bialek, "Entropy and inference, revisited", NIPS 14 (2002),
    arXiv:physics/0108025. D. H. Wolpert, D. R. Wolf, Phys. Rev. E 52, 6841 (1995).
    P. Grassberger, "Entropy estimates from insufficient samplings" (2003),
    arXiv:physics/0307138. J. Hausser, K. Strimmer, "Entropy inference and the
    James-Stein estimator", J. Mach. Learn. Res. 10, 1469-1484 (2009),
    arXiv:0811.3579. A. Chao, Y. T. Wang, L. Jost, "Entropy and the species
    accumulation curve", Methods Ecol. Evol. 4, 1091-1100 (2013),
    doi:10.1111/2041-210X.12108. Z. Zhang, "Entropy estimation in Turing's
    perspective", Neural Computation 24(5), 1368-1389 (2012),
    doi:10.1162/NECO_a_00266.

    Examples
    --------
    >>> entropy_from_labels([0, 1, 2, 3], base=2)
    2.0
    >>> round(entropy_from_labels([0, 0, 1, 1], method="miller_madow"), 4)   # log 2 + 1/8
    0.8181
    >>> round(entropy_from_labels([0, 1], method="zhang"), 12)   # Z_1 = 1 for two distinct draws
    1.0
    """
    func = "entropy_from_labels"
    check_choice(method, "method", _ENTROPY_METHODS, func=func)
    lb = log_base(base, func)
    if alphabet_size is not None and method not in ("nsb", "james_stein"):
        raise ValueError(f"The 'alphabet_size' parameter of {func} is used only by method='nsb' and "
                         f"method='james_stein'; method={method!r} ignores it. Got alphabet_size={alphabet_size!r} "
                         "instead; leave it None.")
    if weights is not None:
        if method != "plugin":
            raise ValueError(f"The 'weights' parameter of {func} must be None with method={method!r}: the bias "
                             "corrections assume n independent draws. Got weights instead; use method='plugin'.")
        codes = _codes(x, "x", func)
        return _plugin_entropy(codes, _weights(weights, codes.shape[0], func)) / lb
    counts = check_label_counts(x, "x", func=func)
    if method == "plugin":
        return _counts_plugin(counts) / lb
    if method == "nsb":
        if alphabet_size is None:
            raise ValueError(f"The 'alphabet_size' parameter of {func} is required with method='nsb' "
                             "(the number of possible symbols). Got None instead.")
        size = check_int(alphabet_size, "alphabet_size", low=int(counts.shape[0]), func=func)
        return _counts_nsb(counts, size) / lb
    if method == "james_stein" and alphabet_size is not None:
        size = check_int(alphabet_size, "alphabet_size", low=int(counts.shape[0]), func=func)
        return _counts_james_stein(counts, size) / lb
    return _ENTROPY_METHODS[method](counts) / lb


def joint_entropy_from_labels(*xs: Any, weights: Any = None, base: float | str = "e") -> float:
    """Joint entropy H(X1, ..., Xm) from paired label arrays (plug-in, or exact with ``weights``).

    Parameters
    ----------
    *xs : array_like, each of shape (n,) or (n, m)
        One or more paired label arrays of the same length.
    weights : array_like, shape (n,), optional
        Exact probabilities of the positions; default 1/n each (plug-in estimate).
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.

    Returns
    -------
    float
        H(X1, ..., Xm) of the empirical law (or of the law given by ``weights``).

    Notes
    -----
    The entropy of :func:`join` of the arrays. As a plug-in estimate it is biased low,
    and badly so once the number of joint symbols is not small against n; use
    :func:`entropy_from_labels` on the joined codes for a bias-corrected estimate.

    References
    ----------
    T. M. Cover, J. A. Thomas, *Elements of Information Theory*, 2nd ed., Wiley (2006), ch. 2.

    Examples
    --------
    >>> joint_entropy_from_labels([0, 0, 1, 1], [0, 1, 0, 1], base=2)
    2.0
    """
    if not xs:
        raise ValueError("The 'xs' parameter of joint_entropy_from_labels needs at least one label array. Got none.")
    codes = [_codes(x, f"xs[{i}]", "joint_entropy_from_labels") for i, x in enumerate(xs)]
    n = _same_length("joint_entropy_from_labels", **{f"xs[{i}]": c for i, c in enumerate(codes)})
    w = _weights(weights, n, "joint_entropy_from_labels")
    joint = codes[0]
    for c in codes[1:]:
        joint = _pair_codes(joint, c)
    return _plugin_entropy(joint, w) / log_base(base, "joint_entropy_from_labels")


def conditional_entropy_from_labels(x: Any, y: Any, *, weights: Any = None, base: float | str = "e") -> float:
    """H(X | Y) = H(X, Y) - H(Y) from paired labels (plug-in, or exact with ``weights``), nats by default.

    Parameters
    ----------
    x, y : array_like, shape (n,) or (n, m)
        Paired labels; Y is the condition.
    weights : array_like, shape (n,), optional
        Exact probabilities of the positions; default 1/n each (plug-in estimate).
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.

    Returns
    -------
    float
        H(X | Y) >= 0 of the empirical law (or of the law given by ``weights``).

    Notes
    -----
    Zero exactly when X is a function of Y on the support (:func:`is_function_of`).
    The plug-in value is biased low: with few observations per value of Y every
    conditional law looks deterministic.

    References
    ----------
    T. M. Cover, J. A. Thomas, *Elements of Information Theory*, 2nd ed., Wiley (2006), ch. 2.

    Examples
    --------
    >>> round(conditional_entropy_from_labels([0, 1, 2, 3], [0, 0, 1, 1], base=2), 12)
    1.0
    """
    cx, cy = _codes(x, "x", "conditional_entropy_from_labels"), _codes(y, "y", "conditional_entropy_from_labels")
    n = _same_length("conditional_entropy_from_labels", x=cx, y=cy)
    w = _weights(weights, n, "conditional_entropy_from_labels")
    h = _plugin_entropy(_pair_codes(cx, cy), w) - _plugin_entropy(cy, w)
    return max(h, 0.0) / log_base(base, "conditional_entropy_from_labels")


_MI_METHODS = ("plugin", "miller_madow", "chao_shen", "grassberger", "james_stein", "chao_wang_jost", "zhang")


def mutual_information_from_labels(x: Any, y: Any, *, weights: Any = None, method: str = "plugin",
                                   base: float | str = "e") -> float:
    """Mutual information I(X; Y) from paired labels, nats by default.

    Parameters
    ----------
    x, y : array_like, shape (n,) or (n, m)
        Paired labels (a 2-D array is one joint symbol per row).
    weights : array_like, shape (n,), optional
        Exact probabilities of the positions (plug-in only); then the result is exact.
    method : {"plugin", "miller_madow", "chao_shen", "grassberger", "james_stein", \
"chao_wang_jost", "zhang"}, default "plugin"
        ``"plugin"`` is Σ p̂(x,y) log p̂(x,y)/(p̂(x)p̂(y)) (equals
        ``sklearn.metrics.mutual_info_score``), biased high by about
        (K_x − 1)(K_y − 1)/(2n) under independence. The others combine the
        bias-corrected entropies of :func:`entropy_from_labels` as
        H(X) + H(Y) − H(X, Y) (each term with the chosen estimator, K the
        observed symbols of that term); they are returned as computed and
        can be slightly negative for independent variables.
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.

    Returns
    -------
    float
        The estimate; the plug-in value is >= 0, the bias-corrected ones are returned
        as computed.

    Notes
    -----
    With ``weights`` the plug-in value is the exact mutual information of that law. The
    plug-in estimate counts sampling noise as dependence; for a test of independence
    compare against shuffled labels, or use a bias-corrected ``method``. No estimator
    here is unbiased when many joint symbols are unseen.

    References
    ----------
    G. A. Miller, "Note on the bias of information estimates", in Information Theory in
    Psychology, Free Press (1955);
    T. M. Cover, J. A. Thomas, *Elements of Information Theory*, 2nd ed., Wiley (2006), ch. 2.

    Examples
    --------
    >>> mutual_information_from_labels([0, 0, 1, 1], [1, 1, 0, 0], base=2)
    1.0
    """
    func = "mutual_information_from_labels"
    check_choice(method, "method", _MI_METHODS, func=func)
    lb = log_base(base, func)
    if weights is not None and method != "plugin":
        raise ValueError(f"The 'weights' parameter of {func} must be None with method={method!r}: the bias "
                         "corrections assume n independent draws. Got weights instead; use method='plugin'.")
    cx, cy = _codes(x, "x", func), _codes(y, "y", func)
    n = _same_length(func, x=cx, y=cy)
    if method == "plugin":
        return _plugin_mutual_information(cx, cy, None if weights is None else _weights(weights, n, func)) / lb
    return _codes_mutual_information(cx, cy, method) / lb


def _codes_mutual_information(cx: np.ndarray, cy: np.ndarray, method: str) -> float:
    """I(X; Y) in nats of paired compact codes with a count estimator (the kernel of :func:`mutual_information_from_labels`)."""
    if method == "plugin":
        return _plugin_mutual_information(cx, cy, None)
    h = _ENTROPY_METHODS[method]
    return float(h(np.bincount(cx)) + h(np.bincount(cy)) - h(np.bincount(_pair_codes(cx, cy))))



def _codes_entropy(codes: np.ndarray, method: str) -> float:
    """Entropy in nats of compact codes with the named count estimator (not NSB)."""
    return float(_ENTROPY_METHODS[method](np.bincount(codes)))


def _cmi_from_codes(a: np.ndarray, b: np.ndarray, c: np.ndarray, method: str) -> float:
    """I(A; B | C) = H(A,C) + H(B,C) − H(C) − H(A,B,C) in nats, each term by ``method``."""
    ac, bc = _pair_codes(a, c), _pair_codes(b, c)
    abc = _pair_codes(_pair_codes(a, b), c)
    h = _codes_entropy
    return h(ac, method) + h(bc, method) - h(c, method) - h(abc, method)


def conditional_mutual_information_from_labels(x: Any, y: Any, z: Any, *, method: str = "plugin",
                                               base: float | str = "e") -> float:
    """Conditional mutual information I(X; Y | Z) from paired labels, nats by default.

    Parameters
    ----------
    x, y, z : array_like, shape (n,) or (n, m)
        Paired labels (a 2-D array is one joint symbol per row).
    method : {"plugin", "miller_madow", "chao_shen", "grassberger", \
"james_stein", "chao_wang_jost", "zhang"}, default "plugin"
        Entropy estimator of :func:`entropy_from_labels` used for each term of
        H(X,Z) + H(Y,Z) − H(Z) − H(X,Y,Z).
    base : float or "e", default "e"
        Nats by default.

    Returns
    -------
    float
        The estimate, returned as computed: bias-corrected estimates can be
        slightly negative under conditional independence (clipping at zero
        would bias averages upward).

    Notes
    -----
    The plug-in value is biased upward by about (K_x − 1)(K_y − 1)K_z/(2n)
    nats under conditional independence; the bias corrections remove most of
    it when n is large against the number of joint symbols.

    References
    ----------
    T. M. Cover, J. A. Thomas, Elements of Information Theory, 2nd ed., Wiley
    (2006), Sec. 2.5.

    Examples
    --------
    >>> x = [0, 0, 1, 1]; z = [0, 1, 0, 1]
    >>> round(conditional_mutual_information_from_labels(x, x, z, base=2), 12)   # H(X | Z) = 1 bit
    1.0
    """
    func = "conditional_mutual_information_from_labels"
    check_choice(method, "method", _MI_METHODS, func=func)
    cx, cy, cz = _codes(x, "x", func), _codes(y, "y", func), _codes(z, "z", func)
    _same_length(func, x=cx, y=cy, z=cz)
    lb = log_base(base, func)
    return _cmi_from_codes(cx, cy, cz, method) / lb

def variation_of_information(x: Any, y: Any, *, weights: Any = None, base: float | str = "e") -> float:
    """Shannon distance (variation of information) d_S(X, Y) = H(X|Y) + H(Y|X).

    A metric on information elements: d_S = 0 exactly when X and Y are
    functions of each other (Shannon 1953). Equals 2 H(X,Y) - H(X) - H(Y).
    Nats by default.

    Parameters
    ----------
    x, y : array_like, shape (n,) or (n, m)
        Paired labels (a 2-D array is one joint symbol per row).
    weights : array_like, shape (n,), optional
        Exact probabilities of the positions; default 1/n each (the empirical law).
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.

    Returns
    -------
    float
        d_S(X, Y), between 0 and H(X, Y).

    Notes
    -----
    Symmetric and satisfies the triangle inequality, so it is a distance between
    partitions of the positions (clusterings); unlike I(X; Y) it is 0 only for
    variables that determine each other. With the empirical law it is a plug-in
    value. :func:`rajski_distance` is its normalised form.

    References
    ----------
    Shannon (1953); Delsol et al., Entropy 26:86 (2024), arXiv:2306.15540, §3;
    M. Meilă, "Comparing clusterings: an information based distance", J. Multivariate
    Anal. 98(5), 873-895 (2007).

    Examples
    --------
    >>> variation_of_information([0, 1, 2, 3], [0, 0, 1, 1], base=2)
    1.0
    """
    cx, cy = _codes(x, "x", "variation_of_information"), _codes(y, "y", "variation_of_information")
    n = _same_length("variation_of_information", x=cx, y=cy)
    w = _weights(weights, n, "variation_of_information")
    hxy = _plugin_entropy(_pair_codes(cx, cy), w)
    d = 2 * hxy - _plugin_entropy(cx, w) - _plugin_entropy(cy, w)
    return max(d, 0.0) / log_base(base, "variation_of_information")


def rajski_distance(x: Any, y: Any, *, weights: Any = None) -> float:
    """Rajski distance d_R(X, Y) = d_S(X, Y) / H(X, Y) = 1 - I(X;Y) / H(X,Y), in [0, 1].

    Unit-free. Defined as 0 when H(X, Y) = 0 (both variables constant).

    Parameters
    ----------
    x, y : array_like, shape (n,) or (n, m)
        Paired labels (a 2-D array is one joint symbol per row).
    weights : array_like, shape (n,), optional
        Exact probabilities of the positions; default 1/n each (the empirical law).

    Returns
    -------
    float
        d_R(X, Y) in [0, 1]: 0 when X and Y determine each other, 1 when they are
        independent.

    Notes
    -----
    A metric on discrete variables (Rajski 1961) that, unlike
    :func:`variation_of_information`, does not grow with the alphabet sizes. The
    ratio does not depend on the logarithm base, hence no ``base``. With the
    empirical law it is a plug-in value.

    References
    ----------
    Rajski (1961); Delsol et al., Entropy 26:86 (2024), arXiv:2306.15540, §3.

    Examples
    --------
    >>> rajski_distance([0, 1, 2, 3], [0, 0, 1, 1])
    0.5
    >>> round(rajski_distance([0, 0, 1, 1], [0, 1, 0, 1]), 12)   # independent
    1.0
    """
    cx, cy = _codes(x, "x", "rajski_distance"), _codes(y, "y", "rajski_distance")
    n = _same_length("rajski_distance", x=cx, y=cy)
    w = _weights(weights, n, "rajski_distance")
    hxy = _plugin_entropy(_pair_codes(cx, cy), w)
    if hxy <= 0:
        return 0.0
    d = (2 * hxy - _plugin_entropy(cx, w) - _plugin_entropy(cy, w)) / hxy
    return max(float(d), 0.0)  # max() only removes rounding below 0


def join(*xs: Any) -> np.ndarray:
    """Join X1 ∨ ... ∨ Xm of the information lattice: codes of the joint variable (X1, ..., Xm).

    Parameters
    ----------
    *xs : array_like, each of shape (n,) or (n, m)
        One or more paired label arrays of the same length.

    Returns
    -------
    numpy.ndarray of int, shape (n,)
        Codes 0..K-1 of the joint symbol at each position, in the lexicographic order
        of the symbols of (x1, ..., xm).

    Notes
    -----
    The join is the coarsest variable of which every X_i is a function, and the
    finest information element the X_i together determine; its entropy is
    :func:`joint_entropy_from_labels`. It needs no law, only the labels. Costs
    O(n) per array for small non-negative integer labels, O(n log n) otherwise.

    References
    ----------
    C. E. Shannon, "The lattice theory of information", Trans. IRE Prof. Group Inf.
    Theory 1(1), 105-107 (1953).

    Examples
    --------
    >>> join([0, 0, 1, 1], [0, 1, 0, 1]).tolist()
    [0, 1, 2, 3]
    """
    if not xs:
        raise ValueError("The 'xs' parameter of join needs at least one label array. Got none.")
    codes = [_codes(x, f"xs[{i}]", "join") for i, x in enumerate(xs)]
    _same_length("join", **{f"xs[{i}]": c for i, c in enumerate(codes)})
    out = codes[0]
    for c in codes[1:]:
        out = _pair_codes(out, c)
    return out


def meet(x: Any, y: Any, *, weights: Any = None) -> np.ndarray:
    """Meet X ∧ Y (the Gács–Körner common part) as codes per observation.

    The values of X ∧ Y are the connected components of the bipartite graph
    joining x to y whenever P(x, y) > 0 (Delsol et al. 2024, Algorithm 1).
    With ``weights``, atoms of probability zero add no edge.

    Parameters
    ----------
    x, y : array_like, shape (n,) or (n, m)
        Paired labels (a 2-D array is one joint symbol per row).
    weights : array_like, shape (n,), optional
        Exact probabilities of the positions; default 1/n each (the empirical law).
        Positions of weight 0 are off the support.

    Returns
    -------
    numpy.ndarray of int, shape (n,)
        Codes 0..K-1 of X ∧ Y at each position (any code at positions of weight 0).

    Notes
    -----
    X ∧ Y is the finest variable that is a function of X and a function of Y. It is
    fragile: under the empirical law one observed pair can merge two components, so
    on noisy samples the meet is usually constant. Costs O(n + K_x + K_y) (one
    connected-components pass).

    References
    ----------
    Shannon (1953); P. Gács, J. Körner, "Common information is far less than mutual
    information", Problems of Control and Information Theory 2, 149-162 (1973);
    Delsol et al., Entropy 26:86 (2024), arXiv:2306.15540.

    Examples
    --------
    >>> meet([0, 0, 1, 1], [0, 1, 2, 2]).tolist()
    [0, 0, 1, 1]
    """
    cx, cy = _codes(x, "x", "meet"), _codes(y, "y", "meet")
    n = _same_length("meet", x=cx, y=cy)
    return _meet_codes(cx, cy, _weights(weights, n, "meet"))


def _meet_codes(cx: np.ndarray, cy: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Codes of the Gács–Körner common part of compact codes under position weights ``w``."""
    keep = w > 0
    nx, ny = int(cx.max()) + 1, int(cy.max()) + 1
    graph = coo_matrix((np.ones(int(keep.sum())), (cx[keep], nx + cy[keep])), shape=(nx + ny, nx + ny))
    _, comp = connected_components(graph, directed=False)
    return np.unique(comp[cx], return_inverse=True)[1].reshape(-1)


def common_information(x: Any, y: Any, *, weights: Any = None, base: float | str = "e") -> float:
    """Gács–Körner common information H(X ∧ Y) ≤ I(X; Y), nats by default.

    Parameters
    ----------
    x, y : array_like, shape (n,) or (n, m)
        Paired labels (a 2-D array is one joint symbol per row).
    weights : array_like, shape (n,), optional
        Exact probabilities of the positions; default 1/n each (the empirical law).
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.

    Returns
    -------
    float
        H(X ∧ Y), the entropy of :func:`meet` under the same law; 0 <= H(X ∧ Y) <= I(X; Y).

    Notes
    -----
    The largest rate of common randomness two parties can extract from X and Y
    without communicating (Gács & Körner 1973). It is 0 whenever every pair (x, y) of
    observed values has positive probability, so it is usually far below I(X; Y);
    with the empirical law it is a plug-in value.

    References
    ----------
    P. Gács, J. Körner, "Common information is far less than mutual information",
    Problems of Control and Information Theory 2, 149-162 (1973).

    Examples
    --------
    >>> common_information([0, 0, 1, 1], [0, 1, 2, 2], base=2)
    1.0
    """
    func = "common_information"
    lb = log_base(base, func)
    cx, cy = _codes(x, "x", func), _codes(y, "y", func)
    w = _weights(weights, _same_length(func, x=cx, y=cy), func)
    return _plugin_entropy(_meet_codes(cx, cy, w), w) / lb


def is_function_of(x: Any, y: Any, *, weights: Any = None) -> bool:
    """Whether X = f(Y) on the support: each value of y (with positive weight) maps to one x.

    Parameters
    ----------
    x, y : array_like, shape (n,) or (n, m)
        Paired labels; the question is whether x is determined by y.
    weights : array_like, shape (n,), optional
        Probabilities of the positions; positions of weight 0 are ignored. Default
        1/n each.

    Returns
    -------
    bool
        True when no value of y occurs (with positive weight) together with two values
        of x.

    Notes
    -----
    Equivalent to H(X | Y) = 0 (X ≤ Y in Shannon's information lattice), but decided
    on the distinct pairs, without floating-point rounding. Not symmetric: X = f(Y)
    and Y = g(X) both hold exactly when :func:`variation_of_information` is 0.

    References
    ----------
    Shannon (1953); Cover & Thomas, *Elements of Information Theory*, 2nd ed., Wiley
    (2006), ch. 2.

    Examples
    --------
    >>> is_function_of([0, 0, 1, 1], [0, 1, 2, 3])
    True
    >>> is_function_of([0, 1, 2, 3], [0, 0, 1, 1])
    False
    """
    cx, cy = _codes(x, "x", "is_function_of"), _codes(y, "y", "is_function_of")
    n = _same_length("is_function_of", x=cx, y=cy)
    keep = _weights(weights, n, "is_function_of") > 0
    pairs = np.unique(np.stack([cy[keep], cx[keep]], axis=1), axis=0)
    return bool(np.unique(pairs[:, 0]).shape[0] == pairs.shape[0])


def reconstructs(x: Any, *components: Any, weights: Any = None) -> bool:
    """Perfect reconstruction: X = X1 ∨ ... ∨ Xm, i.e. x ↦ (x1, ..., xm) is injective on the support.

    Parameters
    ----------
    x : array_like, shape (n,) or (n, m)
        Labels of the variable to reconstruct.
    *components : array_like, each of shape (n,) or (n, m)
        One or more label arrays paired with ``x``.
    weights : array_like, shape (n,), optional
        Probabilities of the positions; positions of weight 0 are ignored. Default
        1/n each.

    Returns
    -------
    bool
        True when x is a function of the joint components, i.e. the components
        together determine x on the support.

    Notes
    -----
    Equivalent to H(X | X1, ..., Xm) = 0, decided on distinct symbols without
    floating-point rounding; :func:`is_function_of` of ``x`` and the
    :func:`join` of the components.

    References
    ----------
    Delsol et al., Entropy 26:86 (2024), arXiv:2306.15540.

    Examples
    --------
    >>> reconstructs([0, 1, 2, 3], [0, 0, 1, 1], [0, 1, 0, 1])
    True
    >>> reconstructs([0, 1, 2, 3], [0, 0, 1, 1])
    False
    """
    func = "reconstructs"
    if not components:
        raise ValueError(f"The 'components' parameter of {func} needs at least one component label array. Got none.")
    cx = _codes(x, "x", func)
    codes = [_codes(c, f"components[{i}]", func) for i, c in enumerate(components)]
    n = _same_length(func, x=cx, **{f"components[{i}]": c for i, c in enumerate(codes)})
    keep = _weights(weights, n, func) > 0
    joint = codes[0]
    for c in codes[1:]:
        joint = _pair_codes(joint, c)
    pairs = np.unique(np.stack([joint[keep], cx[keep]], axis=1), axis=0)
    return bool(np.unique(pairs[:, 0]).shape[0] == pairs.shape[0])


# ---------------------------------------------------------------------------
# Local (pointwise) plug-in values
# ---------------------------------------------------------------------------

def _count_at(codes: np.ndarray) -> np.ndarray:
    """How often each observation's symbol occurs in the sample, at each observation."""
    return np.bincount(codes)[codes].astype(np.float64)


def _local_cmi_nats(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    """log p̂(a,b,c) p̂(c) / (p̂(a,c) p̂(b,c)) at each observation, nats (compact codes 0..K-1)."""
    ac, bc = _pair_codes(a, c), _pair_codes(b, c)
    abc = _pair_codes(ac, b)
    return (np.log(_count_at(abc)) + np.log(_count_at(c))) - (np.log(_count_at(ac)) + np.log(_count_at(bc)))


def entropy_from_labels_local(x: Any, *, base: float | str = "e") -> np.ndarray:
    """Local plug-in entropy (surprisal) h(x_i) = −log p̂(x_i) of each observation, nats by default.

    Parameters
    ----------
    x : array_like, shape (n,) or (n, m)
        Labels; a 2-D array is one joint symbol per row.
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.

    Returns
    -------
    numpy.ndarray, shape (n,)
        −log(n_{x_i} / n) for each observation; the mean is
        :func:`entropy_from_labels` (plug-in) up to rounding.

    Notes
    -----
    Each value lies in [0, log n]; rare symbols have large surprisal. Only the mean is
    an entropy estimate, and it carries the plug-in's downward bias; a symbol's value is
    exact only when its frequency is.

    References
    ----------
    J. T. Lizier, "Measuring the dynamics of information processing on a local
    scale in time and space", in Directed Information Measures in
    Neuroscience, Springer (2014), doi:10.1007/978-3-642-54474-3_7.

    Examples
    --------
    >>> entropy_from_labels_local([0, 0, 1, 2], base=2)
    array([1., 1., 2., 2.])
    """
    func = "entropy_from_labels_local"
    codes = _codes(x, "x", func)
    lb = log_base(base, func)
    return (np.log(codes.shape[0]) - np.log(_count_at(codes))) / lb


def mutual_information_from_labels_local(x: Any, y: Any, *, base: float | str = "e") -> np.ndarray:
    """Local plug-in mutual information i(x_i; y_i) = log p̂(x_i, y_i) / (p̂(x_i) p̂(y_i)), nats by default.

    Parameters
    ----------
    x, y : array_like, shape (n,) or (n, m)
        Paired labels.
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.

    Returns
    -------
    numpy.ndarray, shape (n,)
        One value per observation (negative where the pair is rarer than under
        independence); the mean is :func:`mutual_information_from_labels`
        (plug-in) up to rounding.

    Notes
    -----
    Each value lies in [−log n, log n]; the values are noisy for rare pairs, and their
    mean carries the plug-in's upward bias. Sorting them finds the observations that
    carry the dependence.

    References
    ----------
    R. M. Fano, Transmission of Information, MIT Press (1961), ch. 2 (the
    pointwise mutual information); Lizier (2014), doi:10.1007/978-3-642-54474-3_7.

    Examples
    --------
    >>> mutual_information_from_labels_local([0, 0, 1, 1], [0, 1, 1, 1], base=2)
    array([ 1.       , -0.5849625,  0.4150375,  0.4150375])
    """
    func = "mutual_information_from_labels_local"
    cx, cy = _codes(x, "x", func), _codes(y, "y", func)
    n = _same_length(func, x=cx, y=cy)
    lb = log_base(base, func)
    loc = (np.log(n) + np.log(_count_at(_pair_codes(cx, cy)))) - (np.log(_count_at(cx)) + np.log(_count_at(cy)))
    return loc / lb


def conditional_mutual_information_from_labels_local(x: Any, y: Any, z: Any, *,
                                                     base: float | str = "e") -> np.ndarray:
    """Local plug-in conditional mutual information log p̂(x, y | z) / (p̂(x | z) p̂(y | z)), nats by default.

    Parameters
    ----------
    x, y, z : array_like, shape (n,) or (n, m)
        Paired labels; Z is the condition.
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.

    Returns
    -------
    numpy.ndarray, shape (n,)
        log[n_{xyz} n_z / (n_{xz} n_{yz})] for each observation; the mean is
        the plug-in I(X; Y | Z), i.e.
        :func:`infolab.measures.conditional_mutual_information_pmf` of the
        empirical table, up to rounding.

    Notes
    -----
    Plug-in: the mean carries the upward bias of the plug-in conditional mutual
    information, large once the cells of (X, Y, Z) are sparsely filled. Negative values
    mark observations where X and Y are less likely together, given Z, than under
    conditional independence.

    References
    ----------
    Lizier (2014), doi:10.1007/978-3-642-54474-3_7.

    Examples
    --------
    >>> x = [0, 0, 1, 1]; y = [0, 1, 1, 0]; z = [0, 1, 0, 1]      # y = x xor z
    >>> conditional_mutual_information_from_labels_local(x, y, z, base=2)
    array([1., 1., 1., 1.])
    """
    func = "conditional_mutual_information_from_labels_local"
    cx, cy, cz = _codes(x, "x", func), _codes(y, "y", func), _codes(z, "z", func)
    _same_length(func, x=cx, y=cy, z=cz)
    lb = log_base(base, func)
    return _local_cmi_nats(cx, cy, cz) / lb


def maximal_correlation(p_xy: Any) -> float:
    """Hirschfeld–Gebelein–Rényi maximal correlation ρ_m(X; Y) of a discrete joint table.

    .. math:: \\rho_m = \\max_{f, g} \\operatorname{corr}(f(X), g(Y)),

    the maximum over real functions with finite, non-zero variance. It equals
    the second largest singular value of ``Q[x, y] = p(x, y) / sqrt(p(x) p(y))``
    (the largest is 1, with singular vectors ``sqrt(p(x))`` and ``sqrt(p(y))``).

    Parameters
    ----------
    p_xy : array_like, shape (|X|, |Y|)
        Joint probability table p[x, y] (non-negative, summing to 1). Rows and
        columns of zero mass are outside the support and are left out.

    Returns
    -------
    float
        ρ_m in [0, 1]: 0 exactly when X and Y are independent, 1 when some
        non-constant function of X equals (almost surely) a function of Y,
        e.g. for a bijection. 0 when X or Y is constant.

    Notes
    -----
    Unlike mutual information, ρ_m is not additive, but it bounds it and
    tensorises: ρ_m of n i.i.d. pairs equals ρ_m of one pair. In the
    information bottleneck, ``β = 1/ρ_m²`` is where the uninformative encoder
    stops being a local minimum (Witsenhausen 1975; Kim et al. 2017). For a
    2×2 table [[a, b], [c, d]] with marginals p1, p2 and q1, q2,
    ρ_m = |ad − bc| / sqrt(p1 p2 q1 q2).

    References
    ----------
    Rényi, "On measures of dependence", Acta Math. Hungar. 10 (1959),
    doi:10.1007/BF02024507; Witsenhausen, "On sequences of pairs of dependent
    random variables", SIAM J. Appl. Math. 28(1) (1975), doi:10.1137/0128010.

    Examples
    --------
    A binary symmetric pair with crossover 0.2 has ρ_m = 1 − 2·0.2:

    >>> round(maximal_correlation([[0.4, 0.1], [0.1, 0.4]]), 12)
    0.6
    >>> maximal_correlation([[0.25, 0.25], [0.25, 0.25]]) < 1e-12
    True
    """
    joint = np.asarray(check_joint(p_xy, "p_xy", func="maximal_correlation"), dtype=float)
    px, py = joint.sum(axis=1), joint.sum(axis=0)
    keep_x, keep_y = px > 0, py > 0
    q = joint[np.ix_(keep_x, keep_y)] / np.sqrt(np.outer(px[keep_x], py[keep_y]))
    sv = np.linalg.svd(q, compute_uv=False)
    return float(sv[1]) if sv.size > 1 else 0.0
