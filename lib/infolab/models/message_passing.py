"""A small message-passing network for graph classification, with hand-derived backpropagation.

Graphs are given as a padded batch: ``adjacency`` of shape (B, N, N) holds
non-negative, symmetric edge weights (0 = no edge, so an edge is removed by
setting its weight to 0, as explanation masks do), ``features`` of shape
(B, N, F) the node features, and an optional ``node_mask`` (B, N) marks the
real nodes of graphs smaller than N.

Each layer is a graph convolution (Kipf & Welling 2017),
``H' = relu(Â H W + b)`` with ``Â = D^{-1/2} (A + I) D^{-1/2}`` and
``D = diag((A + I) 1)``; the readout concatenates the mean and the maximum
of the last node states over the real nodes, and a linear layer gives the
class logits. The gradient with respect to every weight is exact and checked
against finite differences in the tests; the gradient does not flow into the
adjacency (masks are inputs, not parameters).

References
----------
.. [1] T. N. Kipf, M. Welling, "Semi-supervised classification with graph
   convolutional networks", ICLR 2017, arXiv:1609.02907.
.. [2] J. Gilmer, S. S. Schoenholz, P. F. Riley, O. Vinyals, G. E. Dahl,
   "Neural message passing for quantum chemistry", ICML 2017, arXiv:1704.01212.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..validation import check_int, check_rng
from ._core import ParameterState, init_weight
from .losses import softmax

__all__ = ["GraphConvClassifier", "graph_topology_encoding", "normalized_adjacency"]


def _check_graph_batch(adjacency: Any, features: Any, node_mask: Any, n_features: int | None, func: str):
    a = np.asarray(adjacency)
    if a.dtype.kind not in "biuf":
        raise TypeError(f"The 'adjacency' parameter of {func} must hold real edge weights. Got dtype {a.dtype} instead.")
    if a.ndim == 2:
        a = a[None]
    if a.ndim != 3 or a.shape[1] != a.shape[2] or a.shape[0] == 0 or a.shape[1] == 0:
        raise ValueError(f"The 'adjacency' parameter of {func} must have shape (n_graphs, n_nodes, n_nodes). "
                         f"Got shape {tuple(np.shape(adjacency))} instead.")
    a = a.astype(np.float64)
    if not np.all(np.isfinite(a)) or np.any(a < 0):
        raise ValueError(f"The 'adjacency' parameter of {func} must hold finite, non-negative edge weights. "
                         "Got NaN, inf or a negative weight instead.")
    if np.any(a != np.swapaxes(a, 1, 2)):
        raise ValueError(f"The 'adjacency' parameter of {func} must be symmetric (undirected graphs). "
                         "Got an asymmetric matrix instead.")
    if features is None:
        return a, None, None
    x = np.asarray(features)
    if x.dtype.kind not in "biuf":
        raise TypeError(f"The 'features' parameter of {func} must hold real numbers. Got dtype {x.dtype} instead.")
    if x.ndim == 2 and a.shape[0] == 1:
        x = x[None]
    want = n_features if n_features is not None else (x.shape[-1] if x.ndim == 3 else "F")
    if x.ndim != 3 or x.shape[:2] != a.shape[:2] or (n_features is not None and x.shape[2] != n_features):
        raise ValueError(f"The 'features' parameter of {func} must have shape {a.shape[:2] + (want,)}. "
                         f"Got shape {tuple(np.shape(features))} instead.")
    x = x.astype(np.float64)
    if not np.all(np.isfinite(x)):
        raise ValueError(f"The 'features' parameter of {func} must contain only finite values. Got NaN or inf instead.")
    if node_mask is None:
        m = np.ones(a.shape[:2])
    else:
        m = np.asarray(node_mask)
        if m.shape != a.shape[:2] or m.dtype.kind not in "biu":
            raise ValueError(f"The 'node_mask' parameter of {func} must be a boolean array of shape {a.shape[:2]}. "
                             f"Got shape {m.shape} and dtype {m.dtype} instead.")
        m = m.astype(bool)
        if not np.all(m.any(axis=1)):
            raise ValueError(f"The 'node_mask' parameter of {func} must mark at least one node per graph. "
                             "Got a graph without nodes instead.")
        m = m.astype(np.float64)
    return a, x, m


def _normalise(a: np.ndarray) -> np.ndarray:
    idx = np.arange(a.shape[1])
    a_hat = a.copy()
    a_hat[:, idx, idx] += 1.0
    s = 1.0 / np.sqrt(a_hat.sum(axis=2))
    a_hat *= s[:, :, None]
    a_hat *= s[:, None, :]
    return a_hat


def _rows_times(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """(B, N, d) @ (d, e) as one 2-D product (NumPy loops over the batch otherwise)."""
    return (x.reshape(-1, x.shape[-1]) @ w).reshape(x.shape[:-1] + (w.shape[1],))


def normalized_adjacency(adjacency: Any) -> np.ndarray:
    """The graph-convolution propagation matrix D^{-1/2} (A + I) D^{-1/2} of each graph of a batch.

    Parameters
    ----------
    adjacency : array of shape (B, N, N) or (N, N)
        Symmetric non-negative edge weights.

    Returns
    -------
    numpy.ndarray of shape (B, N, N)

    Examples
    --------
    >>> normalized_adjacency([[0.0, 1.0], [1.0, 0.0]]).round(3).tolist()
    [[[0.5, 0.5], [0.5, 0.5]]]
    """
    a, _, _ = _check_graph_batch(adjacency, None, None, None, "normalized_adjacency")
    return _normalise(a)


class GraphConvClassifier(ParameterState):
    """Graph convolutions, a mean-and-max readout and a linear layer: graph -> class logits.

    Parameters
    ----------
    n_features : int
        Node feature dimension F.
    n_classes : int
        Number of graph classes (>= 2).
    hidden : sequence of int, default (20, 20, 20)
        Widths of the graph-convolution layers.
    seed : int or numpy.random.Generator, default 0
        Seeds the initial weights (He for the convolutions, Xavier for the
        output layer; biases zero).

    Attributes
    ----------
    params : dict[str, numpy.ndarray]
        ``W0, b0, ..., W{L-1}, b{L-1}`` for the convolutions and ``Wout``,
        ``bout`` for the output layer (shape (2 * hidden[-1], n_classes)).

    Notes
    -----
    The maximum readout sends its gradient to the first node that attains
    the maximum (a subgradient where nodes tie); node states are ReLU outputs,
    so they are >= 0 and padded nodes (state 0) never change the maximum of a
    graph's real nodes. Edge weights enter only through Â, so a soft mask in
    [0, 1] acts as in PyG's edge-weighted GCN. Float64, CPU only.

    Examples
    --------
    >>> import numpy as np
    >>> net = GraphConvClassifier(n_features=1, n_classes=2, hidden=(4,), seed=0)
    >>> path = np.array([[[0, 1, 0], [1, 0, 1], [0, 1, 0]]], dtype=float)
    >>> logits = net.forward(path, np.ones((1, 3, 1)))
    >>> logits.shape, sorted(net.backward(np.ones_like(logits))) == sorted(net.params)
    ((1, 2), True)
    """

    def __init__(self, n_features: int, n_classes: int, hidden=(20, 20, 20), *, seed: Any = 0):
        func = "GraphConvClassifier"
        self.n_features = check_int(n_features, "n_features", low=1, func=func)
        self.n_classes = check_int(n_classes, "n_classes", low=2, func=func)
        try:
            self.hidden = [check_int(h, "hidden", low=1, func=func) for h in hidden]
        except TypeError:
            raise TypeError(f"The 'hidden' parameter of {func} must be a sequence of positive ints. "
                            f"Got {hidden!r} instead.") from None
        if not self.hidden:
            raise ValueError(f"The 'hidden' parameter of {func} must name at least one layer. Got {hidden!r} instead.")
        rng = check_rng(seed, "seed", func)
        self.params: dict[str, np.ndarray] = {}
        fan_in = self.n_features
        for i, width in enumerate(self.hidden):
            self.params[f"W{i}"] = init_weight(rng, fan_in, width, "he")
            self.params[f"b{i}"] = np.zeros(width)
            fan_in = width
        self.params["Wout"] = init_weight(rng, 2 * fan_in, self.n_classes, "xavier")
        self.params["bout"] = np.zeros(self.n_classes)
        self._cache: dict | None = None

    def forward(self, adjacency, features, node_mask=None):
        """Class logits (B, n_classes) of a batch of graphs; keeps the cache for :meth:`backward`."""
        a, x, m = _check_graph_batch(adjacency, features, node_mask, self.n_features, "GraphConvClassifier.forward")
        a_hat = _normalise(a)
        full = bool(m.all())   # no padded nodes: skip the masking
        h, layers = x, []
        for i in range(len(self.hidden)):
            p = a_hat @ h
            z = _rows_times(p, self.params[f"W{i}"]) + self.params[f"b{i}"]
            h = np.maximum(z, 0.0)
            if not full:
                h *= m[:, :, None]
            layers.append((p, z))
        n_valid = m.sum(axis=1)
        mean = h.sum(axis=1) / n_valid[:, None]
        arg = h.argmax(axis=1)
        top = np.take_along_axis(h, arg[:, None, :], axis=1)[:, 0, :]
        g = np.concatenate([mean, top], axis=1)
        self._cache = {"a_hat": a_hat, "m": m, "layers": layers, "n_valid": n_valid, "arg": arg, "g": g,
                       "shape": h.shape, "full": full}
        return g @ self.params["Wout"] + self.params["bout"]

    __call__ = forward

    def backward(self, grad_logits) -> dict:
        """dL/dθ for every parameter from dL/d(logits) of the last :meth:`forward`."""
        if self._cache is None:
            raise RuntimeError("GraphConvClassifier.backward needs a forward pass first.")
        c = self._cache
        gl = np.asarray(grad_logits, dtype=np.float64)
        if gl.shape != (c["g"].shape[0], self.n_classes):
            raise ValueError(f"The 'grad_logits' parameter of GraphConvClassifier.backward must have shape "
                             f"{(c['g'].shape[0], self.n_classes)}. Got shape {gl.shape} instead.")
        grads = {"Wout": c["g"].T @ gl, "bout": gl.sum(axis=0)}
        dg = gl @ self.params["Wout"].T
        b, n, d = c["shape"]
        width = d
        dh = np.broadcast_to((dg[:, :width] / c["n_valid"][:, None])[:, None, :], (b, n, d)) * c["m"][:, :, None]
        dh = np.array(dh)
        rows = np.arange(b)[:, None]
        cols = np.arange(d)[None, :]
        dh[rows, c["arg"], cols] += dg[:, width:]
        for i in range(len(self.hidden) - 1, -1, -1):
            p, z = c["layers"][i]
            dz = dh * (z > 0) if c["full"] else dh * c["m"][:, :, None] * (z > 0)
            grads[f"W{i}"] = p.reshape(-1, p.shape[-1]).T @ dz.reshape(-1, dz.shape[-1])
            grads[f"b{i}"] = dz.sum(axis=(0, 1))
            if i > 0:
                dp = _rows_times(dz, self.params[f"W{i}"].T)
                dh = np.swapaxes(c["a_hat"], 1, 2) @ dp
        return {k: grads[k] for k in self.params}

    def predict_proba(self, adjacency, features, node_mask=None, *, batch_size: int = 512) -> np.ndarray:
        """Softmax class probabilities (B, n_classes), in batches; does not keep a cache."""
        a, x, m = _check_graph_batch(adjacency, features, node_mask, self.n_features,
                                     "GraphConvClassifier.predict_proba")
        batch_size = check_int(batch_size, "batch_size", low=1, func="GraphConvClassifier.predict_proba")
        out = [softmax(self.forward(a[i:i + batch_size], x[i:i + batch_size], m[i:i + batch_size] > 0), axis=1)
               for i in range(0, a.shape[0], batch_size)]
        self._cache = None
        return np.concatenate(out, axis=0)

    def __repr__(self) -> str:
        return (f"GraphConvClassifier(n_features={self.n_features}, n_classes={self.n_classes}, "
                f"hidden={tuple(self.hidden)})")


def graph_topology_encoding(interactions: Any, k: int = 3) -> np.ndarray:
    """GTE: learning-free propagation of one-hot item features over a user-item graph [3]_.

    Items start with one-hot features (X_item⁰ = I) and users with zeros; each
    of the ``k`` layers updates both sides at once, with sum aggregation, a
    residual term, no weights, no normalisation and no non-linearity:

        X_user^t = A X_item^{t-1} + X_user^{t-1},   X_item^t = Aᵀ X_user^{t-1} + X_item^{t-1}.

    The score of item i for user u is X_user^k[u, i].

    Parameters
    ----------
    interactions : array or scipy sparse matrix of shape (n_users, n_items)
        Binary interaction matrix A.
    k : int, default 3
        Number of propagation layers (the reference code's default).

    Returns
    -------
    numpy.ndarray of int64, shape (n_users, n_items)
        X_user^k: exact integer scores (training items are *not* masked).

    Notes
    -----
    The state is (I + B)^k [0; I] with B the bipartite adjacency, so
    X_user^k = Σ_{m≥0} C(k, 2m+1) A (AᵀA)^m: a binomially weighted count of
    odd-length walks from u to i. For k = 3 it is 3A + AAᵀA, i.e. item-based
    collaborative filtering with raw co-occurrence counts on unseen items.
    Paper-faithful settings: k = 3, one-hot items, zero users. The dense
    (n_users + n_items) × n_items state limits the graph size; integers
    overflow int64 only for walk counts beyond 9.2e18.

    References
    ----------
    .. [3] X. Cai, L. Xia, X. Ren, C. Huang, "How expressive are graph neural
       networks in recommendation?", CIKM 2023, arXiv:2308.11127.

    Examples
    --------
    >>> graph_topology_encoding([[1, 1, 0], [0, 1, 1]], k=3).tolist()
    [[5, 6, 1], [1, 6, 5]]
    """
    from ..measures.closeness import _check_interactions

    a = _check_interactions(interactions, "graph_topology_encoding")
    k = check_int(k, "k", low=1, func="graph_topology_encoding")
    at = a.T.tocsr()
    x_user = np.zeros(a.shape, dtype=np.int64)
    x_item = np.eye(a.shape[1], dtype=np.int64)
    for _ in range(k):
        x_user, x_item = a @ x_item + x_user, at @ x_user + x_item
    return x_user
