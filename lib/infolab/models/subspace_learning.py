"""Structured similarity functions for cross-modal metric learning, with hand-written gradients.

* :class:`StructuredBilinearSimilarity`: the generalised structural sparse
  similarity of Diao et al. (2024), s(x, y) = x^T (W ⊙ U) y with a structural
  mask U made of a diagonal term (per-channel relevance weights w) and a
  block-diagonal term (D/b blocks W_k of size b × b, cross-channel dependency
  inside groups), either or both. Special cases: b = 1 is a second diagonal, b
  = D is the full bilinear form, w = 1 alone on unit vectors is the cosine.
* :func:`symmetric_infonce_loss`: the symmetric InfoNCE loss of a score matrix
  whose diagonal holds the matching pairs, and its gradient.
* Dynamic subspace learners (Adiga Vasudeva, Dolz, Lombaert 2022): an
  embedding split into K subspaces, each L2-normalised and trained by its own
  triplet loss (:func:`subspace_triplet_loss`); the first-order Taylor
  importance of embedding neurons (:func:`taylor_importance`); and the growth
  rule that splits the last learner into its important neurons and a new
  learner (:func:`split_last_subspace`).

Both follow the model kit's convention (:mod:`infolab.models.losses`): a loss
returns ``(loss, dL/dscores)`` and the similarity's ``backward`` turns that
into parameter gradients, checked against
:func:`~infolab.models.finite_difference_gradients` in the tests.

References
----------
.. [1] H. Diao, Y. Zhang, S. Gao, J. Zhu, L. Chen, H. Lu, "GSSF: Generalized
   structural sparse function for deep cross-modal metric learning", IEEE TIP
   (2024), arXiv:2410.15266.
.. [2] A. van den Oord, Y. Li, O. Vinyals, "Representation learning with
   contrastive predictive coding", arXiv:1807.03748 (2018) (InfoNCE).
.. [3] S. Adiga Vasudeva, J. Dolz, H. Lombaert, "Attention-based dynamic
   subspace learners for medical image analysis", IEEE JBHI 26(9), 4599-4610
   (2022), arXiv:2206.09068.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..validation import check_int, check_real, check_samples, public_errors
from .losses import softmax_cross_entropy
from .metric_learning import triplet_margin_loss

__all__ = ["StructuredBilinearSimilarity", "symmetric_infonce_loss", "subspace_triplet_loss", "taylor_importance",
           "split_last_subspace"]


class StructuredBilinearSimilarity:
    """s(x, y) = sum_m w_m x_m y_m + sum_k x_(k)^T W_k y_(k): diagonal plus block-diagonal bilinear similarity.

    Parameters
    ----------
    dim : int
        Feature dimension D of both modalities.
    diagonal : bool, default True
        Include the diagonal term (D weights ``params["diagonal"]``, initialised to 1).
    block_size : int or None, default None
        Include the block-diagonal term with blocks of this size b (b divides
        D; ``params["blocks"]`` of shape (D/b, b, b), initialised to
        ``block_init`` times the identity). None: no block term.
    block_init : float, default 0.0
        Scale of the identity each block starts from (0 when the diagonal term
        already gives the cosine start; 1 for a block term alone).

    Notes
    -----
    The score matrix of n queries and m candidates costs O((n + m) D b + n m D)
    (a batched matmul over the D/b blocks, then one product); the full bilinear
    form (b = D) costs O(n D^2) for the first part. Diao et al. describe the two
    terms as adapting to the paired features ("dynamically"); how the paper
    generates or gates them could not be checked (its code was not released at
    the time of writing), so here both are static learned parameters combined
    by a sum, the plainest reading of its abstract.

    References
    ----------
    Diao et al. (2024), arXiv:2410.15266.

    Examples
    --------
    With w = 1 and no block term, on unit vectors the score is the cosine:

    >>> import numpy as np
    >>> sim = StructuredBilinearSimilarity(2)
    >>> float(sim.forward(np.array([[1.0, 0.0]]), np.array([[0.6, 0.8]]))[0, 0])
    0.6
    """

    def __init__(self, dim: int, *, diagonal: bool = True, block_size: int | None = None, block_init: float = 0.0):
        func = "StructuredBilinearSimilarity"
        self.dim = check_int(dim, "dim", low=1, func=func)
        if not isinstance(diagonal, bool):
            raise TypeError(f"The 'diagonal' parameter of {func} must be a bool. Got {diagonal!r} instead.")
        if block_size is not None:
            b = check_int(block_size, "block_size", low=1, high=self.dim, func=func)
            if self.dim % b:
                raise ValueError(f"The 'block_size' parameter of {func} must divide dim = {self.dim}. Got {b} instead.")
        else:
            b = None
        if not diagonal and b is None:
            raise ValueError(f"{func} needs at least one term: set 'diagonal' to True or give a 'block_size'. "
                             f"Got diagonal=False and block_size=None instead.")
        init = check_real(block_init, "block_init", func=func)
        self.block_size = b
        self.params: dict[str, np.ndarray] = {}
        if diagonal:
            self.params["diagonal"] = np.ones(self.dim)
        if b is not None:
            self.params["blocks"] = np.tile(init * np.eye(b), (self.dim // b, 1, 1))
        self._cache: tuple[np.ndarray, np.ndarray] | None = None

    @property
    def n_parameters(self) -> int:
        return int(sum(p.size for p in self.params.values()))

    def matrix(self) -> np.ndarray:
        """The D × D matrix W ⊙ U of the bilinear form."""
        m = np.zeros((self.dim, self.dim))
        if "diagonal" in self.params:
            m += np.diag(self.params["diagonal"])
        if "blocks" in self.params:
            b = self.block_size
            for k, blk in enumerate(self.params["blocks"]):
                m[k * b:(k + 1) * b, k * b:(k + 1) * b] += blk
        return m

    def _transform(self, x: np.ndarray) -> np.ndarray:
        """x (W ⊙ U): each query row mapped by the structured matrix."""
        out = np.zeros_like(x)
        if "diagonal" in self.params:
            out += x * self.params["diagonal"]
        if "blocks" in self.params:
            n, b = x.shape[0], self.block_size
            out += np.einsum("nkb,kbc->nkc", x.reshape(n, -1, b), self.params["blocks"]).reshape(n, self.dim)
        return out

    def _inputs(self, x: Any, y: Any, func: str) -> tuple[np.ndarray, np.ndarray]:
        xa = check_samples(x, "x", func=func)
        ya = check_samples(y, "y", func=func)
        for name, a in (("x", xa), ("y", ya)):
            if a.shape[1] != self.dim:
                raise ValueError(f"The '{name}' parameter of {func} must have {self.dim} columns. "
                                 f"Got shape {a.shape} instead.")
        return xa, ya

    def forward(self, x: Any, y: Any) -> np.ndarray:
        """Score matrix S[i, j] = s(x_i, y_j), shape (n, m)."""
        xa, ya = self._inputs(x, y, "StructuredBilinearSimilarity.forward")
        self._cache = (xa, ya)
        return self._transform(xa) @ ya.T

    def backward(self, grad_scores: Any) -> dict[str, np.ndarray]:
        """Parameter gradients from dL/dS of the last ``forward`` (same keys as ``params``)."""
        func = "StructuredBilinearSimilarity.backward"
        if self._cache is None:
            raise RuntimeError(f"{func} needs a forward pass first.")
        xa, ya = self._cache
        g = check_samples(grad_scores, "grad_scores", func=func)
        if g.shape != (xa.shape[0], ya.shape[0]):
            raise ValueError(f"The 'grad_scores' parameter of {func} must have shape {(xa.shape[0], ya.shape[0])}. "
                             f"Got {g.shape} instead.")
        gy = g @ ya                                      # dL/d(x M) rows: sum_j G_ij y_j
        grads = {}
        if "diagonal" in self.params:
            grads["diagonal"] = np.sum(xa * gy, axis=0)
        if "blocks" in self.params:
            n, b = xa.shape[0], self.block_size
            grads["blocks"] = np.einsum("nkb,nkc->kbc", xa.reshape(n, -1, b), gy.reshape(n, -1, b))
        return grads


def symmetric_infonce_loss(scores: Any, temperature: float = 0.05) -> tuple[float, np.ndarray]:
    """Symmetric InfoNCE of a square score matrix whose diagonal holds the matching pairs, and dL/dscores.

    .. math:: L = \\tfrac12\\Big[-\\frac1n\\sum_i \\log\\operatorname{softmax}_j(S_{ij}/\\tau)_{i}
              - \\frac1n\\sum_j \\log\\operatorname{softmax}_i(S_{ij}/\\tau)_{j}\\Big]

    Parameters
    ----------
    scores : array_like, shape (n, n)
        S[i, j] = similarity of query i and candidate j; pair (i, i) matches. n >= 2.
    temperature : float, default 0.05
        tau > 0.

    Returns
    -------
    loss : float
        In nats; log n for a constant score matrix.
    grad : ndarray, shape (n, n)
        dL/dS.

    References
    ----------
    van den Oord, Li, Vinyals (2018), arXiv:1807.03748; the image-to-text and
    text-to-image terms as in CLIP-style cross-modal training.

    Examples
    --------
    >>> import numpy as np
    >>> loss, grad = symmetric_infonce_loss(np.zeros((4, 4)))
    >>> round(loss, 12) == round(float(np.log(4)), 12)
    True
    """
    func = "symmetric_infonce_loss"
    s = check_samples(scores, "scores", min_samples=2, func=func)
    if s.shape[0] != s.shape[1]:
        raise ValueError(f"The 'scores' parameter of {func} must be a square matrix (pair i matches candidate i). "
                         f"Got shape {s.shape} instead.")
    tau = check_real(temperature, "temperature", low=0.0, low_open=True, func=func)
    labels = np.arange(s.shape[0])
    l_row, g_row = softmax_cross_entropy(s / tau, labels)
    l_col, g_col = softmax_cross_entropy(s.T / tau, labels)
    return 0.5 * (l_row + l_col), 0.5 * (g_row + g_col.T) / tau


def _check_sizes(sizes: Any, dim: int, func: str) -> list[int]:
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__") or len(sizes) == 0:
        raise TypeError(f"The 'sizes' parameter of {func} must be a non-empty list of subspace sizes. Got {sizes!r} instead.")
    out = [check_int(v, "sizes", low=1, func=func) for v in sizes]
    if sum(out) != dim:
        raise ValueError(f"The 'sizes' parameter of {func} must add up to the embedding dimension {dim}. "
                         f"Got {out} (sum {sum(out)}) instead.")
    return out


def subspace_triplet_loss(embeddings: Any, labels: Any, sizes: Any, learner: int, *, margin: float = 0.2):
    """Triplet margin loss of one subspace learner, on its L2-normalised slice of the embedding, and dL/dembeddings.

    The embedding's coordinates are split into consecutive subspaces of the
    given ``sizes``; learner k sees only its slice u = e_(k) / ||e_(k)|| and is
    trained with :func:`~infolab.models.triplet_margin_loss` (Euclidean, all
    valid triplets of the batch, mean over the active ones). The gradient is
    zero outside the learner's slice.

    Parameters
    ----------
    embeddings : array_like, shape (n, D)
    labels : array_like, shape (n,)
    sizes : list of int
        Subspace sizes, adding up to D.
    learner : int
        Index k of the learner, 0 <= k < len(sizes).
    margin : float, default 0.2
        The triplet margin (the paper's margin loss uses 0.2).

    Returns
    -------
    loss : float
    grad : ndarray, shape (n, D)

    Notes
    -----
    The paper trains each learner with the margin loss and distance-weighted
    sampling of Wu et al. (2017); the triplet loss here is the model kit's
    (a deviation of the loss, not of the subspace mechanism). Rows whose slice
    is exactly zero have no direction and raise an error.

    References
    ----------
    Adiga Vasudeva, Dolz, Lombaert (2022), arXiv:2206.09068, Sec. II.

    Examples
    --------
    >>> import numpy as np
    >>> e = np.array([[1.0, 0.0, 3.0], [2.0, 0.0, -1.0], [0.0, 1.0, 0.5]])
    >>> loss, grad = subspace_triplet_loss(e, [0, 0, 1], [2, 1], 0)   # the first slice separates the classes
    >>> loss, float(np.abs(grad).sum())
    (0.0, 0.0)
    """
    func = "subspace_triplet_loss"
    e = check_samples(embeddings, "embeddings", min_samples=3, func=func)
    sz = _check_sizes(sizes, e.shape[1], func)
    k = check_int(learner, "learner", low=0, high=len(sz) - 1, func=func)
    lo = sum(sz[:k])
    part = e[:, lo:lo + sz[k]]
    norm = np.linalg.norm(part, axis=1, keepdims=True)
    if np.any(norm == 0):
        raise ValueError(f"The 'embeddings' parameter of {func} has rows whose learner-{k} slice is zero; "
                         "their direction is undefined.")
    u = part / norm
    with public_errors("subspace_triplet_loss"):
        loss, gu = triplet_margin_loss(u, labels, margin=margin)
    grad = np.zeros_like(e)
    # d(u)/d(part): (I - u u^T) / ||part||
    grad[:, lo:lo + sz[k]] = (gu - u * np.sum(gu * u, axis=1, keepdims=True)) / norm
    return float(loss), grad


def taylor_importance(activations: Any, activation_grads: Any) -> np.ndarray:
    """First-order Taylor importance of neurons: |mean_n a_nj dL/da_nj|, L2-normalised, then min-max scaled to [0, 1].

    mean_n a_nj dL/da_nj is the first-order change of the loss when neuron j is
    set to zero (Molchanov et al. 2017, arXiv:1611.06440); the dynamic
    subspace learners rank embedding neurons by it and call those above 0.5
    important.

    Parameters
    ----------
    activations : array_like, shape (n, m)
        Neuron outputs a over a batch (or an epoch).
    activation_grads : array_like, shape (n, m)
        dL/da for the same rows.

    Returns
    -------
    ndarray, shape (m,)
        Scores in [0, 1]: the least important neuron 0, the most important 1.

    Notes
    -----
    All-equal raw scores leave nothing to rank and raise an error (min-max
    scaling would divide by zero). The L2 normalisation does not change the
    min-max result; it is kept to follow the released code.

    References
    ----------
    Adiga Vasudeva, Dolz, Lombaert (2022), arXiv:2206.09068 (``FilterLearner.compute_score``);
    Molchanov et al. (2017), arXiv:1611.06440.

    Examples
    --------
    >>> taylor_importance([[1.0, 2.0, 0.0]], [[1.0, 1.0, 5.0]]).tolist()
    [0.5, 1.0, 0.0]
    """
    func = "taylor_importance"
    a = check_samples(activations, "activations", func=func)
    g = check_samples(activation_grads, "activation_grads", func=func)
    if a.shape != g.shape:
        raise ValueError(f"The 'activation_grads' parameter of {func} must have the shape of 'activations' {a.shape}. "
                         f"Got {g.shape} instead.")
    raw = np.abs(np.mean(a * g, axis=0))
    span = raw.max() - raw.min()
    if span == 0:
        raise ValueError(f"The 'activations' and 'activation_grads' of {func} give the same score to every neuron; "
                         "there is nothing to rank.")
    raw = raw / np.linalg.norm(raw)
    return (raw - raw.min()) / (raw.max() - raw.min())


def split_last_subspace(sizes: Any, importance: Any, *, threshold: float = 0.5, min_neurons: int = 10,
                        min_important: int = 5) -> tuple[list[int], np.ndarray] | None:
    """The growth rule of the dynamic subspace learners: split the last learner into its important neurons and a new learner.

    If the last subspace has more than ``min_neurons`` neurons and at least
    ``min_important`` of them score above ``threshold``, the important neurons
    (in decreasing order of importance) stay in the last learner and the rest
    become a new learner.

    Parameters
    ----------
    sizes : list of int
        Current subspace sizes.
    importance : array_like, shape (sizes[-1],)
        Scores of the last learner's neurons in [0, 1] (:func:`taylor_importance`).
    threshold : float, default 0.5
    min_neurons : int, default 10
    min_important : int, default 5
        The released code's settings.

    Returns
    -------
    (new_sizes, order) or None
        ``order`` lists the last learner's neurons (indices within its slice):
        the kept ones first, then those handed to the new learner (to be
        re-initialised). None when the rule does not split.

    References
    ----------
    Adiga Vasudeva, Dolz, Lombaert (2022), arXiv:2206.09068, Sec. II-C.

    Examples
    --------
    >>> import numpy as np
    >>> split_last_subspace([12], np.r_[np.ones(6), np.zeros(6)])[0]
    [6, 6]
    >>> split_last_subspace([12], np.r_[np.ones(4), np.zeros(8)]) is None
    True
    """
    func = "split_last_subspace"
    sz = [check_int(v, "sizes", low=1, func=func) for v in sizes] if hasattr(sizes, "__len__") and len(sizes) else None
    if sz is None:
        raise TypeError(f"The 'sizes' parameter of {func} must be a non-empty list of subspace sizes. Got {sizes!r} instead.")
    s = check_samples(importance, "importance", func=func).ravel()
    if s.shape[0] != sz[-1]:
        raise ValueError(f"The 'importance' parameter of {func} must have one score per neuron of the last learner "
                         f"({sz[-1]}). Got {s.shape[0]} instead.")
    if np.any((s < 0) | (s > 1)):
        raise ValueError(f"The 'importance' parameter of {func} must hold scores in [0, 1]. "
                         f"Got values from {float(s.min())!r} to {float(s.max())!r} instead.")
    t = check_real(threshold, "threshold", low=0.0, high=1.0, func=func)
    mn = check_int(min_neurons, "min_neurons", low=1, func=func)
    mi = check_int(min_important, "min_important", low=1, func=func)
    order = np.argsort(-s, kind="stable")
    n_important = int(np.sum(s > t))
    if sz[-1] <= mn or n_important < mi or n_important == sz[-1]:
        return None
    return sz[:-1] + [n_important, sz[-1] - n_important], order
