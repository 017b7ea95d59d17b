"""A multilayer perceptron with hand-derived backpropagation, on NumPy or CuPy.

Rows are samples: layer ``i`` computes ``z_i = h_{i-1} @ W_i + b_i`` and
``h_i = f(z_i)``. :meth:`MLP.forward` keeps what :meth:`MLP.backward` needs;
``backward(grad_out)`` takes dL/d(output) from *any* loss and returns dL/dθ
for every parameter (and dL/dx on request), so a custom objective only has to
supply the gradient with respect to the network's output.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..validation import check_choice, check_real, check_rng
from ._core import (
    ACTIVATIONS,
    INITS,
    ParameterState,
    activate,
    activation_backward,
    check_batch,
    check_grad_like,
    check_sizes,
    init_weight,
    model_namespace,
    to_device,
)

__all__ = ["MLP"]


class MLP(ParameterState):
    """Fully connected network ``sizes[0] -> ... -> sizes[-1]``.

    Parameters
    ----------
    sizes : sequence of int
        Layer widths, input first, output last (at least two entries).
    activation : {"relu", "tanh", "sigmoid", "softplus", "identity"}, default "relu"
        Non-linearity of the hidden layers.
    output_activation : same choices, default "identity"
        Non-linearity of the last layer (``identity`` gives logits).
    dropout : float in [0, 1), default 0.0
        Inverted dropout on every hidden layer's output, active only in
        ``forward(x, train=True)``. Masks are drawn from the model's own
        generator (seeded from ``seed``), so training is reproducible.
    init : {"auto", "he", "xavier", "lecun"}, default "auto"
        Weight initialisation; ``auto`` is He for ReLU hidden layers, Xavier
        otherwise. Biases start at zero.
    seed : int or numpy.random.Generator, default 0
        Seeds the initial weights and the dropout masks.
    device : {"cpu", "gpu", "auto"}, default "cpu"
        Where parameters live (NumPy or CuPy arrays).
    dtype : {"float64", "float32"}, default "float64"

    Attributes
    ----------
    params : dict[str, array]
        ``W0, b0, W1, b1, ...``; ``W_i`` has shape (sizes[i], sizes[i+1]).
        Optimisers update these arrays in place.

    Notes
    -----
    Gradients are exact (up to floating point) and are checked against
    central finite differences in the tests. The ReLU derivative at exactly
    0 is taken as 0.

    Examples
    --------
    >>> import numpy as np
    >>> net = MLP([4, 8, 3], seed=0)
    >>> out = net.forward(np.ones((5, 4)))
    >>> grads = net.backward(np.ones_like(out) / out.size)
    >>> sorted(grads) == sorted(net.params)
    True
    """

    def __init__(self, sizes, activation: str = "relu", output_activation: str = "identity", *,
                 dropout: float = 0.0, init: str = "auto", seed: Any = 0, device: str = "cpu",
                 dtype: str = "float64"):
        self.sizes = check_sizes(sizes, "sizes", "MLP")
        self.activation = check_choice(activation, "activation", ACTIVATIONS, "MLP")
        self.output_activation = check_choice(output_activation, "output_activation", ACTIVATIONS, "MLP")
        self.dropout = check_real(dropout, "dropout", low=0.0, high=1.0, high_open=True, func="MLP")
        init = check_choice(init, "init", INITS, "MLP")
        self.xp, self.dtype = model_namespace(device, dtype, "MLP")
        rng = check_rng(seed, "seed", "MLP")
        hidden_init = ("he" if self.activation == "relu" else "xavier") if init == "auto" else init
        self.params: dict[str, Any] = {}
        n_layers = len(self.sizes) - 1
        for i, (fan_in, fan_out) in enumerate(zip(self.sizes[:-1], self.sizes[1:], strict=True)):
            last = i == n_layers - 1
            scheme = hidden_init if not last else ("xavier" if init == "auto" else init)
            self.params[f"W{i}"] = to_device(init_weight(rng, fan_in, fan_out, scheme), self.xp, self.dtype)
            self.params[f"b{i}"] = to_device(np.zeros(fan_out), self.xp, self.dtype)
        self._dropout_rng = np.random.default_rng(rng.integers(0, 2**63 - 1))
        self._cache: list | None = None

    @property
    def n_layers(self) -> int:
        return len(self.sizes) - 1

    def _act(self, i: int) -> str:
        return self.output_activation if i == self.n_layers - 1 else self.activation

    def forward(self, x, *, train: bool = False):
        """Output of the network for a batch ``x`` of shape (n, sizes[0]); keeps the cache for backward.

        ``train=True`` applies dropout (if any); evaluation (``train=False``) never does.
        """
        xp = self.xp
        h = check_batch(x, self.sizes[0], xp, self.dtype, "x", "MLP.forward")
        cache = []
        for i in range(self.n_layers):
            z = h @ self.params[f"W{i}"] + self.params[f"b{i}"]
            a = activate(xp, self._act(i), z)
            mask = None
            if train and self.dropout > 0 and i < self.n_layers - 1:
                keep = self._dropout_rng.random(a.shape) >= self.dropout
                mask = to_device(keep / (1.0 - self.dropout), xp, self.dtype)
            cache.append((h, z, a, mask))  # a before dropout: f'(z) is computed from it
            h = a if mask is None else a * mask
        self._cache = cache
        return h

    __call__ = forward

    def hidden_activations(self, x) -> list:
        """Post-activation outputs of every hidden layer (no dropout), first layer first."""
        self.forward(check_batch(x, self.sizes[0], self.xp, self.dtype, "x", "MLP.hidden_activations"))
        hidden = [c[2] for c in self._cache[:-1]]
        self._cache = None
        return hidden

    def backward(self, grad_out, *, return_input_grad: bool = False):
        """Gradients of a loss from its gradient with respect to the last ``forward`` output.

        Parameters
        ----------
        grad_out : array, shape like the last output
            dL/d(output) of any scalar loss L.
        return_input_grad : bool, default False
            Also return dL/dx (for adversarial attacks, or to chain modules).

        Returns
        -------
        grads : dict[str, array]
            dL/dθ for each name in :attr:`params`.
        grad_input : array, only if ``return_input_grad``
        """
        if self._cache is None:
            raise RuntimeError("MLP.backward needs a forward pass first: call forward(x) before backward(grad_out).")
        xp = self.xp
        g = check_grad_like(grad_out, self._cache[-1][2].shape, xp, self.dtype, "grad_out", "MLP.backward")
        grads: dict[str, Any] = {}
        for i in range(self.n_layers - 1, -1, -1):
            h, z, a, mask = self._cache[i]
            if mask is not None:
                g = g * mask
            g = activation_backward(xp, self._act(i), z, a, g)
            grads[f"W{i}"] = h.T @ g
            grads[f"b{i}"] = g.sum(axis=0)
            if i > 0 or return_input_grad:
                g = g @ self.params[f"W{i}"].T
        grads = {k: grads[k] for k in self.params}
        return (grads, g) if return_input_grad else grads

    def predict(self, x, *, batch_size: int = 4096):
        """Evaluation-mode output for many rows, in batches (does not keep a cache)."""
        x = check_batch(x, self.sizes[0], self.xp, self.dtype, "x", "MLP.predict")
        outs = [self.forward(x[i:i + batch_size]) for i in range(0, x.shape[0], batch_size)]
        self._cache = None
        return self.xp.concatenate(outs, axis=0)


    def __repr__(self) -> str:
        return (f"MLP(sizes={self.sizes}, activation={self.activation!r}, output_activation={self.output_activation!r}, "
                f"dropout={self.dropout}, device={'gpu' if self.xp is not np else 'cpu'}, dtype={self.dtype!r})")
