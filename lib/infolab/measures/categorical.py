"""Information measures of categorical (softmax) predictive models.

For a model whose state h gives a law p_h over a vocabulary V:

* **categorical entropy** (Zhang 2025, Def. 4.1) H_D(p) = D(Σ_w p(w) δ_(w,w) ‖ p ⊗ p),
  the divergence between the "copy" coupling of p with itself and the
  independent one. With D = KL it is the Shannon entropy H(p) (Prop. 4.2);
  total variation gives 1 − Σ p², squared Hellinger 1 − Σ p^{3/2}.
* **information surplus** (§4.1) of a representation H about a block of K
  future tokens: by the chain rule I(H; W_t, W_{>t}) = I(H; W_t) +
  I(H; W_{>t} | W_t), and the surplus is the second term, bounded by
  H(W_{>t} | W_t) ≤ (K − 1) log |V|.
* **pullback Fisher metric** (§6) g*(h) = J(h)ᵀ (diag p − p pᵀ) J(h), J the
  Jacobian of the logits in h: the Fisher-Rao metric of the categorical law
  pulled back to representation space, so that
  KL(p_{h+εv} ‖ p_h) = ½ ε² vᵀ g*(h) v + O(ε³) (Thm. 6.1) and
  rank g* ≤ min(d, |V| − 1) (Prop. 6.3).

Values are in nats unless ``base`` says otherwise.

References
----------
.. [1] Y. Zhang, "A Markov categorical framework for language modeling",
   arXiv:2507.19247 (2025), §§4-6.
.. [2] S. Amari, H. Nagaoka, *Methods of Information Geometry*, AMS (2000),
   §2.2: the Fisher metric of the categorical family.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from ..validation import check_array, check_choice, check_probabilities, log_base, public_errors
from .directed import conditional_mutual_information_pmf
from .discrete import _table_mutual_information, conditional_entropy

__all__ = [
    "categorical_entropy",
    "average_categorical_entropy",
    "SurplusDecomposition",
    "information_surplus",
    "softmax_kl_divergence",
    "softmax_fisher_metric",
    "pullback_fisher_metric",
]

_DIVERGENCES = ("kl", "total_variation", "squared_hellinger")


def _rows(probs: Any, name: str, func: str) -> np.ndarray:
    """Probability vectors along the last axis, each summing to 1 (validated row by row)."""
    arr = check_array(probs, name, func=func, allow_inf=True) if probs is not None else None
    if arr is None or arr.ndim == 0 or arr.size == 0:
        raise ValueError(f"The '{name}' parameter of {func} must be an array of probability vectors (last axis). Got {probs!r} instead.")
    flat = arr.reshape(-1, arr.shape[-1])
    if not np.all(np.isfinite(flat)) or np.any(flat < 0):
        raise ValueError(f"The '{name}' parameter of {func} must hold finite non-negative probabilities. Got min {np.nanmin(flat)!r} instead.")
    sums = flat.sum(axis=1)
    if np.any(np.abs(sums - 1) > 1e-9):
        raise ValueError(f"The '{name}' parameter of {func} must have rows summing to 1 (within 1e-9). Got sums in [{sums.min()!r}, {sums.max()!r}] instead.")
    return arr


def categorical_entropy(probs: Any, divergence: str = "kl", *, base: float | str = "e") -> np.ndarray | float:
    """Categorical entropy H_D(p) = D(Σ_w p(w) δ_(w,w) ‖ p ⊗ p) of one or many laws.

    Parameters
    ----------
    probs : array_like, shape (..., V)
        Probability vectors along the last axis.
    divergence : {"kl", "total_variation", "squared_hellinger"}, default "kl"
        D. "kl" (in nats, or ``base``) gives the Shannon entropy (Prop. 4.2);
        total variation (½ Σ|·|) gives 1 − Σ p²; squared Hellinger
        (½ Σ (√a − √b)²) gives 1 − Σ p^{3/2}. The last two are unit-free and
        ignore ``base``.
    base : float or "e", default "e"
        Logarithm base of the "kl" value: "e" gives nats, 2 gives bits.

    Returns
    -------
    float or numpy.ndarray, shape (...)

    Notes
    -----
    The divergence is evaluated literally between the two |V|×|V| couplings
    (cost |V|² per law), so comparing it with a closed form is an
    independent check of Prop. 4.2.

    References
    ----------
    Zhang, arXiv:2507.19247 (2025), Def. 4.1, eqs. (4.3)-(4.4), Prop. 4.2.

    Examples
    --------
    >>> round(float(categorical_entropy([0.5, 0.5], base=2)), 12)
    1.0
    >>> round(float(categorical_entropy([0.5, 0.5], "total_variation")), 12)  # 1 − Σ p²
    0.5
    """
    func = "categorical_entropy"
    check_choice(divergence, "divergence", _DIVERGENCES, func=func)
    p = _rows(probs, "probs", func)
    copy = p[..., :, None] * np.eye(p.shape[-1])          # Σ_w p(w) δ_(w,w)
    indep = p[..., :, None] * p[..., None, :]               # p ⊗ p
    if divergence == "kl":
        mask = copy > 0
        ratio = np.where(mask, copy, 1.0) / np.where(mask, indep, 1.0)
        out = np.sum(np.where(mask, copy * np.log(ratio), 0.0), axis=(-2, -1)) / log_base(base, func)
    elif divergence == "total_variation":
        out = 0.5 * np.sum(np.abs(copy - indep), axis=(-2, -1))
    else:
        out = 0.5 * np.sum((np.sqrt(copy) - np.sqrt(indep)) ** 2, axis=(-2, -1))
    return float(out) if np.ndim(out) == 0 else out


def average_categorical_entropy(probs: Any, weights: Any = None, divergence: str = "kl", *,
                                base: float | str = "e") -> float:
    """Average categorical entropy Σ_h π(h) H_D(p_h); with KL it is H(W | H) (Prop. 4.2).

    Parameters
    ----------
    probs : array_like, shape (n, V)
        One predictive law per state h.
    weights : array_like, shape (n,), optional
        Law π of the states; default uniform.
    divergence : {"kl", "total_variation", "squared_hellinger"}, default "kl"
        D, as in :func:`categorical_entropy`.
    base : float or "e", default "e"
        Logarithm base of the "kl" value: "e" gives nats, 2 gives bits; the other
        divergences are unit-free.

    Returns
    -------
    float
        Σ_h π(h) H_D(p_h); with "kl" the conditional entropy H(W | H) in nats (or ``base``).

    Notes
    -----
    With "kl" this equals :func:`~infolab.measures.conditional_entropy` of the joint
    table π(h) p_h(w), so it is 0 exactly when every p_h is a point mass and at most
    log |V|. Each law costs |V|² (the couplings are built explicitly, as in
    :func:`categorical_entropy`).

    References
    ----------
    Zhang, arXiv:2507.19247 (2025), Def. 4.1, Prop. 4.2; Cover & Thomas, *Elements of
    Information Theory*, 2nd ed., Wiley (2006), §2.2.

    Examples
    --------
    >>> round(average_categorical_entropy([[1.0, 0.0], [0.5, 0.5]], base=2), 12)
    0.5
    """
    func = "average_categorical_entropy"
    p = _rows(probs, "probs", func)
    if p.ndim != 2:
        raise ValueError(f"The 'probs' parameter of {func} must be 2-D (n_states, V). Got shape {p.shape} instead.")
    if weights is None:
        w = np.full(p.shape[0], 1.0 / p.shape[0])
    else:
        w = np.asarray(check_probabilities(weights, "weights", func=func, ndim=1))
        if w.shape[0] != p.shape[0]:
            raise ValueError(f"The 'weights' parameter of {func} must have {p.shape[0]} entries. Got {w.shape[0]} instead.")
    with public_errors(func):
        return float(w @ categorical_entropy(p, divergence, base=base))


class SurplusDecomposition(NamedTuple):
    """Chain-rule decomposition of :func:`information_surplus` (all in the same unit).

    Attributes
    ----------
    total : float
        I(H; W_t, W_{>t}), computed directly on the joint table.
    next_token : float
        I(H; W_t).
    surplus : float
        I(H; W_{>t} | W_t), computed term by term (so total − next_token − surplus
        is a check of the chain rule).
    bound : float
        H(W_{>t} | W_t), the upper bound of the surplus.
    """

    total: float
    next_token: float
    surplus: float
    bound: float


def information_surplus(pmf: Any, *, base: float | str = "e") -> SurplusDecomposition:
    """Information surplus I(H; W_{>t} | W_t) of a representation about later tokens.

    Parameters
    ----------
    pmf : array_like, shape (n_h, V, n_later)
        Joint law p[h, w_t, w_{t+1:t+K-1}] of the representation, the next
        token and the later tokens of the block (flattened into one axis).
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.

    Returns
    -------
    SurplusDecomposition
        With total = next_token + surplus (the chain rule, eq. 4.1) and
        0 ≤ surplus ≤ bound ≤ log n_later.

    Notes
    -----
    Exact for a given joint table (no estimation); each term is a plug-in
    functional of ``pmf``. The surplus is the information H carries beyond the
    next token, which next-token training rewards only indirectly; it vanishes
    when the later tokens are conditionally independent of H given W_t.

    References
    ----------
    Zhang, arXiv:2507.19247 (2025), §4.1.

    Examples
    --------
    >>> p = np.zeros((2, 1, 2)); p[0, 0, 0] = p[1, 0, 1] = 0.5  # W_t constant, later token = h
    >>> d = information_surplus(p, base=2)
    >>> round(d.surplus, 12), round(d.bound, 12)
    (1.0, 1.0)
    """
    func = "information_surplus"
    arr = np.asarray(check_probabilities(pmf, "pmf", func=func, ndim=3))
    lb = log_base(base, func)
    total = _table_mutual_information(arr.reshape(arr.shape[0], -1))
    first = _table_mutual_information(arr.sum(axis=2))
    surplus = conditional_mutual_information_pmf(arr, 0, 2, 1)
    bound = conditional_entropy(arr.sum(axis=0).T)  # table [later, next]: H(later | next)
    return SurplusDecomposition(total / lb, first / lb, surplus / lb, bound / lb)


def _logits(z: Any, name: str, func: str) -> np.ndarray:
    arr = check_array(z, name, func=func, allow_inf=True) if z is not None else None
    if arr is None or arr.ndim == 0 or arr.shape[-1] == 0 or not np.all(np.isfinite(arr)):
        raise ValueError(f"The '{name}' parameter of {func} must be a finite array of logits (last axis = vocabulary). Got {z!r} instead.")
    return arr


def _log_softmax(z: np.ndarray) -> np.ndarray:
    m = z.max(axis=-1, keepdims=True)
    return z - m - np.log(np.sum(np.exp(z - m), axis=-1, keepdims=True))


def softmax_kl_divergence(logits_p: Any, logits_q: Any, *, base: float | str = "e") -> np.ndarray | float:
    """KL(softmax(a) ‖ softmax(b)) along the last axis, from logits (log-sum-exp stable).

    Parameters
    ----------
    logits_p : array_like, shape (..., V)
        Finite logits a of the first law p = softmax(a).
    logits_q : array_like, same shape
        Finite logits b of the second law q = softmax(b).
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.

    Returns
    -------
    float or numpy.ndarray, shape (...)
        Σ_v p_v (log p_v − log q_v) ≥ 0, one value per leading index.

    Notes
    -----
    Working in log-softmax space keeps the value finite and accurate when some
    probabilities underflow (|a_v − b_v| large), where the probability form would
    give 0 · log 0 or inf. Logits are defined up to a constant per row, which the
    value ignores. Rounding below 0 is set to 0; nothing else is clipped.

    References
    ----------
    Cover & Thomas, *Elements of Information Theory*, 2nd ed., Wiley (2006), §2.3.

    Examples
    --------
    >>> round(float(softmax_kl_divergence([0.0, 0.0], [0.0, np.log(3.0)])), 6)  # KL((½,½) ‖ (¼,¾))
    0.143841
    """
    func = "softmax_kl_divergence"
    a = _logits(logits_p, "logits_p", func)
    b = _logits(logits_q, "logits_q", func)
    if a.shape != b.shape:
        raise ValueError(f"The 'logits_p' and 'logits_q' parameters of {func} must have one shape. Got {a.shape} and {b.shape} instead.")
    la, lb_ = _log_softmax(a), _log_softmax(b)
    out = np.sum(np.exp(la) * (la - lb_), axis=-1) / log_base(base, func)
    out = np.maximum(out, 0.0)  # removes rounding below 0 only
    return float(out) if out.ndim == 0 else out


def softmax_fisher_metric(probs: Any) -> np.ndarray:
    """Fisher information of the categorical law in logit coordinates: diag p − p pᵀ.

    Parameters
    ----------
    probs : array_like, shape (..., V)

    Returns
    -------
    numpy.ndarray, shape (..., V, V)
        Positive semi-definite, rank |supp p| − 1 (the all-ones direction,
        a logit shift, is its kernel).

    Notes
    -----
    This is the covariance of the one-hot vector under p and the Hessian of the
    log-partition function log Σ exp(z); :func:`pullback_fisher_metric` pulls it
    back through a logit Jacobian. Second-order term of
    :func:`softmax_kl_divergence`: KL(softmax(z + εv) ‖ softmax(z)) ≈ ½ ε² vᵀ G v.

    References
    ----------
    S. Amari, H. Nagaoka, *Methods of Information Geometry*, AMS (2000), §2.2.

    Examples
    --------
    >>> softmax_fisher_metric([0.5, 0.5]).tolist()
    [[0.25, -0.25], [-0.25, 0.25]]
    """
    p = _rows(probs, "probs", "softmax_fisher_metric")
    return p[..., :, None] * np.eye(p.shape[-1]) - p[..., :, None] * p[..., None, :]


def pullback_fisher_metric(logit_jacobian: Any, probs: Any) -> np.ndarray:
    """Pullback Fisher metric g*(h) = Jᵀ (diag p − p pᵀ) J of a softmax model at state h.

    Parameters
    ----------
    logit_jacobian : array_like, shape (..., V, d)
        J = ∂ logits / ∂ h at h (for a linear head with logits W h + b, J = W).
    probs : array_like, shape (..., V)
        p_h = softmax(logits(h)).

    Returns
    -------
    numpy.ndarray, shape (..., d, d)
        Symmetric positive semi-definite; rank ≤ min(d, |V| − 1) (Prop. 6.3).
        Equals E_{W∼p_h}[∇_h log p_h(W) ∇_h log p_h(W)ᵀ] (Remark 6.2), and
        KL(p_{h+εv} ‖ p_h) = ½ ε² vᵀ g* v + O(ε³) (Thm. 6.1).

    Notes
    -----
    Exact for the given Jacobian; the result is symmetrised to remove rounding
    asymmetry. Directions in the kernel of J, or mapped onto the all-ones logit
    shift, change nothing in p_h and get zero length. Cost O(V d²) per state.

    References
    ----------
    Zhang, arXiv:2507.19247 (2025), §6; Amari & Nagaoka (2000).

    Examples
    --------
    >>> w = np.array([[1.0], [-1.0]])   # two tokens, 1-D state, logits (h, −h)
    >>> pullback_fisher_metric(w, [0.5, 0.5]).tolist()  # 2² · ¼
    [[1.0]]
    """
    func = "pullback_fisher_metric"
    jac = check_array(logit_jacobian, "logit_jacobian", func=func, allow_inf=True)
    p = _rows(probs, "probs", func)
    if jac.ndim < 2 or jac.shape[:-1] != p.shape or not np.all(np.isfinite(jac)):
        raise ValueError(f"The 'logit_jacobian' parameter of {func} must be finite with shape {p.shape} + (d,). Got {jac.shape} instead.")
    pj = np.einsum("...v,...vd->...d", p, jac)                       # pᵀ J
    g = np.einsum("...v,...vd,...ve->...de", p, jac, jac) - pj[..., :, None] * pj[..., None, :]
    return 0.5 * (g + np.swapaxes(g, -1, -2))
