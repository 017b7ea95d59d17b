"""A permutation-invariant set network (Deep Sets) with hand-derived backpropagation.

A sample ``{r_1, ..., r_n}`` of rows is mapped to a vector by

    f(S) = ρ([ mean_i φ(r_i) , c ])

where ``φ`` is an MLP applied to every row, the mean runs over the rows of the
set (so the output does not depend on their order, and sets of different sizes
share one batch through a mask), ``c`` is an optional per-set context vector
(e.g. the sample size), and ``ρ`` is an MLP head. Zaheer et al. (2017) show that
every continuous permutation-invariant function of a set has this form. MIST
(Gritsai et al. 2025, arXiv:2511.18945) trains such a set function to map a
sample of ``(x, y)`` pairs to its mutual information; its quantile variant
(MIST-QR) is trained with the pinball loss, provided here as
:func:`pinball_loss`.

References
----------
.. [1] M. Zaheer, S. Kottur, S. Ravanbakhsh, B. Póczos, R. Salakhutdinov,
   A. Smola, "Deep Sets", NeurIPS 2017, arXiv:1703.06114.
.. [2] G. Gritsai, M. Richards, M. Méloux, K. Cho, M. Peyrard, "MIST: mutual
   information via supervised training", arXiv:2511.18945 (2025).
.. [3] R. Koenker, G. Bassett, "Regression quantiles", Econometrica 46(1),
   33-50 (1978) (the pinball loss).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..backend import get_namespace, to_float
from ..validation import check_choice, check_int, check_rng
from ._core import (
    ACTIVATIONS,
    ParameterState,
    activate,
    activation_backward,
    check_sizes,
    init_weight,
    model_namespace,
    to_device,
)

__all__ = ["SetEncoder"]


class SetEncoder(ParameterState):
    """Deep-Sets network ``ρ([mean_i φ(r_i), c])`` over a masked batch of sets.

    Parameters
    ----------
    input_dim : int
        Width of one row ``r_i``.
    context_dim : int, default 0
        Width of the per-set context ``c`` concatenated to the pooled vector
        (0: no context).
    phi_sizes : sequence of int, default (32, 32)
        Hidden widths of ``φ``; the last is the width of the pooled vector.
    rho_sizes : sequence of int, default (32,)
        Hidden widths of ``ρ`` (may be empty: a linear head).
    n_outputs : int, default 1
        Width of the output (e.g. one per quantile).
    activation : {"tanh", "relu", "softplus", "sigmoid"}, default "tanh"
        Non-linearity of every hidden layer; the output is linear.
    seed : int or numpy.random.Generator, default 0
        Seeds the initial weights (Xavier for tanh/sigmoid, He for relu/softplus;
        biases zero), drawn on the CPU.
    device : {"cpu", "gpu", "auto"}, default "cpu"
    dtype : {"float64", "float32"}, default "float64"

    Attributes
    ----------
    params : dict[str, array]
        ``phi_W0, phi_b0, ..., rho_W0, rho_b0, ..., out_W, out_b``; ``W`` has
        shape (fan_in, fan_out). Optimisers update these in place.

    Notes
    -----
    Mean pooling makes the output invariant to the order of the rows and
    well defined for any number of rows; masked rows (padding) do not change
    it. Gradients are exact (checked against central finite differences in
    the tests).

    Examples
    --------
    >>> import numpy as np
    >>> net = SetEncoder(input_dim=3, context_dim=1, seed=0)
    >>> rows = np.random.default_rng(0).normal(size=(2, 5, 3))
    >>> out = net.forward(rows, np.ones((2, 5), bool), np.ones((2, 1)))
    >>> out2 = net.forward(rows[:, ::-1], np.ones((2, 5), bool), np.ones((2, 1)))
    >>> bool(np.allclose(out, out2))
    True
    """

    def __init__(self, input_dim: int, context_dim: int = 0, phi_sizes=(32, 32), rho_sizes=(32,),
                 n_outputs: int = 1, activation: str = "tanh", *, seed: Any = 0, device: str = "cpu",
                 dtype: str = "float64"):
        func = "SetEncoder"
        self.input_dim = check_int(input_dim, "input_dim", low=1, func=func)
        self.context_dim = check_int(context_dim, "context_dim", low=0, func=func)
        self.phi_sizes = check_sizes(phi_sizes, "phi_sizes", func, min_len=1)
        self.rho_sizes = check_sizes(rho_sizes, "rho_sizes", func, min_len=0)
        self.n_outputs = check_int(n_outputs, "n_outputs", low=1, func=func)
        self.activation = check_choice(activation, "activation", tuple(a for a in ACTIVATIONS if a != "identity"), func)
        self.xp, self.dtype = model_namespace(device, dtype, func)
        rng = check_rng(seed, "seed", func)
        scheme = "he" if self.activation in ("relu", "softplus") else "xavier"
        self.params: dict[str, Any] = {}

        def add(prefix: str, fan_in: int, fan_out: int, init: str) -> None:
            self.params[f"{prefix}W"] = to_device(init_weight(rng, fan_in, fan_out, init), self.xp, self.dtype)
            self.params[f"{prefix}b"] = to_device(np.zeros(fan_out), self.xp, self.dtype)

        widths = [self.input_dim] + self.phi_sizes
        for i, (a, b) in enumerate(zip(widths[:-1], widths[1:], strict=True)):
            add(f"phi_{i}", a, b, scheme)
        widths = [self.phi_sizes[-1] + self.context_dim] + self.rho_sizes
        for i, (a, b) in enumerate(zip(widths[:-1], widths[1:], strict=True)):
            add(f"rho_{i}", a, b, scheme)
        add("out_", widths[-1], self.n_outputs, "xavier")
        self._cache: dict | None = None

    # ------------------------------------------------------------------ checks
    def _inputs(self, rows, mask, context, func: str):
        xp = self.xp
        if rows is None or not hasattr(rows, "shape") or not hasattr(rows, "dtype"):
            raise TypeError(f"The 'rows' parameter of {func} must be an array of shape (n_sets, n_rows, "
                            f"{self.input_dim}). Got {type(rows).__name__} instead.")
        if get_namespace(rows) is not xp:
            raise TypeError(f"The 'rows' parameter of {func} must live on the model's device ({xp.__name__}).")
        if rows.dtype.kind not in "biuf":
            raise TypeError(f"The 'rows' parameter of {func} must hold real numbers. Got dtype {rows.dtype} instead.")
        if rows.ndim != 3 or rows.shape[2] != self.input_dim or rows.shape[0] == 0 or rows.shape[1] == 0:
            raise ValueError(f"The 'rows' parameter of {func} must have shape (n_sets, n_rows, {self.input_dim}) "
                             f"with n_sets, n_rows >= 1. Got shape {tuple(rows.shape)} instead.")
        rows = rows.astype(self.dtype, copy=False)
        if not bool(xp.all(xp.isfinite(rows))):
            raise ValueError(f"The 'rows' parameter of {func} must contain only finite values. Got NaN or inf instead.")
        b, n = rows.shape[:2]
        if mask is None:
            weights = xp.ones((b, n), dtype=self.dtype)
        else:
            if not hasattr(mask, "shape") or tuple(mask.shape) != (b, n):
                raise ValueError(f"The 'mask' parameter of {func} must have shape ({b}, {n}) (one flag per row). "
                                 f"Got {tuple(getattr(mask, 'shape', ())) or type(mask).__name__} instead.")
            if mask.dtype.kind != "b":
                raise TypeError(f"The 'mask' parameter of {func} must be a boolean array. Got dtype {mask.dtype} instead.")
            weights = xp.asarray(mask).astype(self.dtype)
        counts = weights.sum(axis=1)
        if bool(xp.any(counts == 0)):
            raise ValueError(f"The 'mask' parameter of {func} must keep at least one row of every set. "
                             f"Got {int(to_float((counts == 0).sum()))} empty set(s) instead.")
        if self.context_dim:
            if context is None or not hasattr(context, "shape") or tuple(context.shape) != (b, self.context_dim):
                got = tuple(context.shape) if hasattr(context, "shape") else type(context).__name__
                raise ValueError(f"The 'context' parameter of {func} must have shape ({b}, {self.context_dim}). "
                                 f"Got {got} instead.")
            if context.dtype.kind not in "biuf" or not bool(xp.all(xp.isfinite(context))):
                raise ValueError(f"The 'context' parameter of {func} must hold finite real numbers.")
            context = context.astype(self.dtype, copy=False)
        elif context is not None:
            raise ValueError(f"The 'context' parameter of {func} must be None for a model with context_dim=0. "
                             f"Got an array of shape {tuple(getattr(context, 'shape', ()))} instead.")
        return rows, weights / counts[:, None], context

    # ------------------------------------------------------------------ passes
    def forward(self, rows, mask=None, context=None):
        """Output for a batch of sets; keeps what :meth:`backward` needs.

        Parameters
        ----------
        rows : array of shape (n_sets, n_rows, input_dim)
            Sets padded to a common number of rows.
        mask : bool array of shape (n_sets, n_rows), optional
            True for real rows, False for padding (default: all real).
        context : array of shape (n_sets, context_dim), required iff ``context_dim > 0``

        Returns
        -------
        array of shape (n_sets, n_outputs)
        """
        xp = self.xp
        rows, pool_w, context = self._inputs(rows, mask, context, "SetEncoder.forward")
        phi = []
        h = rows
        for i in range(len(self.phi_sizes)):
            z = h @ self.params[f"phi_{i}W"] + self.params[f"phi_{i}b"]
            a = activate(xp, self.activation, z)
            phi.append((h, z, a))
            h = a
        pooled = xp.einsum("bn,bnh->bh", pool_w, h)
        u = pooled if context is None else xp.concatenate([pooled, context], axis=1)
        rho = []
        for i in range(len(self.rho_sizes)):
            z = u @ self.params[f"rho_{i}W"] + self.params[f"rho_{i}b"]
            a = activate(xp, self.activation, z)
            rho.append((u, z, a))
            u = a
        out = u @ self.params["out_W"] + self.params["out_b"]
        self._cache = {"phi": phi, "rho": rho, "head_in": u, "pool_w": pool_w, "out_shape": out.shape}
        return out

    __call__ = forward

    def backward(self, grad_out) -> dict:
        """dL/dθ for every parameter from dL/d(output) of the last :meth:`forward`.

        The chain rule through the mean pool gives
        ``dL/dφ(r_i) = w_i · dL/d(pooled)`` with ``w_i = mask_i / Σ mask``.
        """
        if self._cache is None:
            raise RuntimeError("SetEncoder.backward needs a forward pass first: call forward(...) before backward(grad_out).")
        xp = self.xp
        cache = self._cache
        if not hasattr(grad_out, "shape") or tuple(grad_out.shape) != tuple(cache["out_shape"]):
            raise ValueError(f"The 'grad_out' parameter of SetEncoder.backward must have shape {tuple(cache['out_shape'])}. "
                             f"Got {tuple(getattr(grad_out, 'shape', ())) or type(grad_out).__name__} instead.")
        g = grad_out.astype(self.dtype, copy=False)
        grads: dict[str, Any] = {
            "out_W": cache["head_in"].T @ g,
            "out_b": g.sum(axis=0),
        }
        g = g @ self.params["out_W"].T
        for i in range(len(self.rho_sizes) - 1, -1, -1):
            u, z, a = cache["rho"][i]
            g = activation_backward(xp, self.activation, z, a, g)
            grads[f"rho_{i}W"] = u.T @ g
            grads[f"rho_{i}b"] = g.sum(axis=0)
            g = g @ self.params[f"rho_{i}W"].T
        g_pooled = g[:, : self.phi_sizes[-1]]
        g = cache["pool_w"][:, :, None] * g_pooled[:, None, :]
        for i in range(len(self.phi_sizes) - 1, -1, -1):
            h, z, a = cache["phi"][i]
            g = activation_backward(xp, self.activation, z, a, g)
            grads[f"phi_{i}W"] = xp.einsum("bnd,bnh->dh", h, g)
            grads[f"phi_{i}b"] = g.sum(axis=(0, 1))
            if i > 0:
                g = g @ self.params[f"phi_{i}W"].T
        return {k: grads[k] for k in self.params}

    def predict(self, rows, mask=None, context=None, *, batch_size: int = 256):
        """Evaluation output for many sets, in batches (keeps no cache)."""
        batch_size = check_int(batch_size, "batch_size", low=1, func="SetEncoder.predict")
        outs = []
        for s in range(0, rows.shape[0], batch_size):
            sl = slice(s, s + batch_size)
            outs.append(self.forward(rows[sl], None if mask is None else mask[sl],
                                     None if context is None else context[sl]))
        self._cache = None
        return self.xp.concatenate(outs, axis=0)


    def __repr__(self) -> str:
        return (f"SetEncoder(input_dim={self.input_dim}, context_dim={self.context_dim}, phi_sizes={self.phi_sizes}, "
                f"rho_sizes={self.rho_sizes}, n_outputs={self.n_outputs}, activation={self.activation!r})")


def pinball_loss(pred, target, quantiles):
    """Mean pinball (quantile) loss over sets and quantiles, and its gradient.

    For a target ``t`` and the prediction ``q_τ`` of its ``τ``-quantile,
    ``ℓ_τ = max(τ (t - q_τ), (τ - 1)(t - q_τ))``; its minimiser over ``q_τ`` is
    the ``τ``-quantile of ``t`` (Koenker and Bassett 1978). The gradient with
    respect to ``q_τ`` is ``-τ`` where ``t > q_τ`` and ``1 - τ`` otherwise (the
    subgradient at the kink), divided by ``pred.size``.

    Parameters
    ----------
    pred : array of shape (n_sets, n_quantiles)
    target : array of shape (n_sets,) or (n_sets, 1)
    quantiles : sequence of float in (0, 1), length n_quantiles

    Returns
    -------
    loss : float
    grad : array shaped like ``pred``

    Examples
    --------
    >>> import numpy as np
    >>> loss, grad = pinball_loss(np.array([[0.0, 0.0]]), np.array([1.0]), [0.1, 0.9])
    >>> round(loss, 6), grad.tolist()
    (0.5, [[-0.05, -0.45]])
    """
    func = "pinball_loss"
    if pred is None or not hasattr(pred, "ndim") or pred.ndim != 2:
        raise ValueError(f"The 'pred' parameter of {func} must be a 2-D array (n_sets, n_quantiles). "
                         f"Got {tuple(getattr(pred, 'shape', ())) or type(pred).__name__} instead.")
    xp = get_namespace(pred)
    taus = np.asarray(quantiles, dtype=float).reshape(-1)
    if taus.size != pred.shape[1] or not np.all((taus > 0) & (taus < 1)):
        raise ValueError(f"The 'quantiles' parameter of {func} must hold {pred.shape[1]} values in (0, 1). "
                         f"Got {list(np.atleast_1d(quantiles))} instead.")
    if target is None or not hasattr(target, "shape") or target.shape[0] != pred.shape[0] or target.size != pred.shape[0]:
        raise ValueError(f"The 'target' parameter of {func} must hold one value per set ({pred.shape[0]}). "
                         f"Got shape {tuple(getattr(target, 'shape', ())) or type(target).__name__} instead.")
    t = xp.reshape(target, (-1, 1)).astype(pred.dtype)
    tau = xp.asarray(taus, dtype=pred.dtype)[None, :]
    diff = t - pred
    loss = xp.maximum(tau * diff, (tau - 1.0) * diff)
    grad = xp.where(diff > 0, -tau, 1.0 - tau) / pred.size
    return to_float(xp.mean(loss)), grad
