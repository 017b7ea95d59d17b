"""Experiments of notebook 40 (Zhang, "A Markov categorical framework for language
modeling", arXiv:2507.19247): a synthetic language with known next-token laws, a free
embedding trained on the exact expected NLL with a hand-derived gradient, the
spectral-alignment measurement of Thm. 7.6. The exact block law of an HMM for the
information surplus is :func:`infolab.data.processes.hmm_block_law`, imported here.

References
----------
.. [1] Y. Zhang, arXiv:2507.19247 (2025).
.. [2] D. P. Kingma, J. Ba, "Adam", arXiv:1412.6980 (2015).
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, NamedTuple

import numpy as np
from scipy.linalg import subspace_angles

from .._deprecation import renamed_parameter
from ..data.processes import hmm_block_law
from ..models.losses import softmax
from ..models.optim import Adam, train
from ..validation import check_int, check_real, check_rng

__all__ = ["SyntheticLanguage", "synthetic_language", "expected_nll_and_grads", "FreeEmbedding",
           "train_free_embedding", "spectral_alignment", "hmm_block_law"]


class SyntheticLanguage(NamedTuple):
    """Contexts with exact next-token laws.

    Attributes
    ----------
    p_data : numpy.ndarray, shape (N, V)
        P_data(· | x) for every context x.
    weights : numpy.ndarray, shape (N,)
        Law of the contexts (uniform).
    clusters : numpy.ndarray of int, shape (N,)
    """

    p_data: np.ndarray
    weights: np.ndarray
    clusters: np.ndarray


def synthetic_language(n_contexts: int, n_clusters: int, vocab_size: int, *, sigma: float,
                       logit_scale: float = 3.0, seed: Any = None) -> SyntheticLanguage:
    """P_data(· | x) = softmax(scale · (A_{c(x)} + σ ξ_x)), A and ξ standard normal.

    Examples
    --------
    >>> lang = synthetic_language(10, 2, 5, sigma=0.3, seed=0)
    >>> lang.p_data.shape, bool(np.allclose(lang.p_data.sum(axis=1), 1))
    ((10, 5), True)
    """
    func = "synthetic_language"
    n = check_int(n_contexts, "n_contexts", low=1, func=func)
    k = check_int(n_clusters, "n_clusters", low=1, high=n, func=func)
    v = check_int(vocab_size, "vocab_size", low=2, func=func)
    s = check_real(sigma, "sigma", low=0.0, func=func)
    scale = check_real(logit_scale, "logit_scale", low=0.0, func=func)
    rng = check_rng(seed, func=func)
    centres = rng.standard_normal((k, v))
    clusters = np.arange(n) % k
    noise = rng.standard_normal((n, v))
    return SyntheticLanguage(softmax(scale * (centres[clusters] + s * noise)), np.full(n, 1.0 / n), clusters)


def expected_nll_and_grads(h: np.ndarray, g: np.ndarray, p_data: np.ndarray, weights: np.ndarray):
    """Exact expected NLL L = −Σ_x π_x Σ_w P(w|x) log softmax(g h_x)_w and its gradient.

    With logits Z = H Gᵀ and model laws Q = softmax(Z): ∂L/∂Z = π ⊙ (Q − P),
    ∂L/∂H = (∂L/∂Z) G, ∂L/∂G = (∂L/∂Z)ᵀ H.

    Returns
    -------
    loss : float
    grads : dict with "h" and "g"
    q : numpy.ndarray, the model laws
    """
    z = h @ g.T
    z -= z.max(axis=1, keepdims=True)
    e = np.exp(z)                      # one exponential serves both log q and q
    s = e.sum(axis=1, keepdims=True)
    logq = z - np.log(s)
    q = e / s
    loss = -float(weights @ np.einsum("ij,ij->i", p_data, logq))
    dz = q - p_data
    dz *= weights[:, None]
    return loss, {"h": dz @ g, "g": dz.T @ h}, q


class FreeEmbedding(NamedTuple):
    """A trained free embedding: context vectors, output vectors, loss history."""

    h: np.ndarray
    g: np.ndarray
    losses: np.ndarray


def train_free_embedding(p_data: Any, weights: Any, dim: int, *, steps: int, lr: float = 0.05,
                         unit_norm_outputs: bool = False, init_scale: float = 0.1, seed: Any = None) -> FreeEmbedding:
    """Fit h_x ∈ R^d and g(w) ∈ R^d to the exact expected NLL with full-batch Adam.

    Parameters
    ----------
    p_data : array_like, shape (N, V)
    weights : array_like, shape (N,)
    dim : int
    steps : int
    lr : float, default 0.05
    unit_norm_outputs : bool, default False
        Project every g(w) back onto the unit sphere after each step (the
        ‖g(w)‖ = 1 assumption of Thm. 7.6).
    init_scale : float, default 0.1
    seed : int or numpy.random.Generator

    Examples
    --------
    >>> lang = synthetic_language(20, 2, 4, sigma=0.3, seed=0)
    >>> fit = train_free_embedding(lang.p_data, lang.weights, 4, steps=200, seed=0)
    >>> bool(fit.losses[-1] < fit.losses[0])
    True
    """
    func = "train_free_embedding"
    p = np.asarray(p_data, dtype=np.float64)
    w = np.asarray(weights, dtype=np.float64)
    if p.ndim != 2 or w.shape != (p.shape[0],) or np.any(np.abs(p.sum(axis=1) - 1) > 1e-9) or abs(w.sum() - 1) > 1e-9:
        raise ValueError(f"The 'p_data' and 'weights' parameters of {func} must be (N, V) row-stochastic and (N,) summing to 1. Got {p.shape} and {w.shape} instead.")
    d = check_int(dim, "dim", low=1, func=func)
    steps = check_int(steps, "steps", low=1, func=func)
    rng = check_rng(seed, func=func)
    params = {"h": init_scale * rng.standard_normal((p.shape[0], d)), "g": init_scale * rng.standard_normal((p.shape[1], d))}
    if unit_norm_outputs:
        params["g"] /= np.linalg.norm(params["g"], axis=1, keepdims=True)
    embedding = SimpleNamespace(params=params)

    def project(_step, _loss):
        if unit_norm_outputs:
            params["g"] /= np.linalg.norm(params["g"], axis=1, keepdims=True)

    losses = train(embedding, lambda m: expected_nll_and_grads(m.params["h"], m.params["g"], p, w)[:2],
                   lambda _rng: (), steps=steps, optimizer=Adam(lr=lr), seed=rng, callback=project)
    return FreeEmbedding(params["h"], params["g"], losses)


@renamed_parameter("centre", "center")
def spectral_alignment(h: np.ndarray, g: np.ndarray, p_data: np.ndarray, *, center: bool = True) -> float:
    """Mean cos² of the principal angles between span(H) and the top-d eigenspace of K = Ḡ Ḡᵀ.

    ḡ_x = Σ_w P_data(w|x) g(w) (Thm. 7.6's predictive-similarity operator
    K(x, x') = ⟨ḡ_x, ḡ_x'⟩). Its top-d eigenvectors are the top-d left
    singular vectors of Ḡ (N × d), so no N × N matrix is formed. With
    ``center`` the columns of H and Ḡ are centred first (the whitening
    assumption E h = 0). A random d-dimensional subspace scores about d/N.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> g = rng.standard_normal((5, 2)); p = rng.dirichlet(np.ones(5), size=30)
    >>> round(spectral_alignment(p @ g, g, p), 6)  # H = Ḡ spans the same space
    1.0
    """
    gbar = p_data @ g
    hh = h - h.mean(axis=0) if center else h
    if center:
        gbar = gbar - gbar.mean(axis=0)
    u, _, _ = np.linalg.svd(gbar, full_matrices=False)
    d = h.shape[1]
    angles = subspace_angles(hh, u[:, :d])
    return float(np.mean(np.cos(angles) ** 2))
