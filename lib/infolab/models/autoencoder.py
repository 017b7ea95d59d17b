"""Autoencoders with hand-derived gradients: an MLP autoencoder and a tied sparse autoencoder.

The tied sparse autoencoder is the dictionary model used to count the
effective features of a layer (Bereska et al., arXiv:2512.13568): codes
a = ReLU(h W + b), reconstruction ĥ = a Wᵀ (one weight matrix, no decoder
bias), loss MSE(ĥ, h) + λ·mean|a|.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..validation import check_int, check_real, check_rng, public_errors
from ._core import (
    check_batch,
    check_grad_like,
    init_weight,
    model_namespace,
    to_device,
)
from .losses import l1_penalty, mse_loss
from .mlp import MLP
from .optim import Adam, train

__all__ = ["Autoencoder", "TiedSparseAutoencoder"]


class Autoencoder:
    """MLP encoder ``sizes`` and its mirror-image decoder.

    ``sizes = [64, 32, 8]`` gives an encoder 64→32→8 and a decoder 8→32→64.

    Parameters
    ----------
    sizes : sequence of int
        Encoder widths, input first, code last.
    activation : str, default "relu"
        Hidden-layer non-linearity of both halves.
    code_activation : str, default "identity"
        Non-linearity of the code layer.
    output_activation : str, default "identity"
        Non-linearity of the reconstruction (``identity`` for MSE; use
        ``identity`` and :func:`binary_cross_entropy_with_logits` for a
        Bernoulli decoder).
    seed, device, dtype :
        As for :class:`MLP`.

    Attributes
    ----------
    encoder, decoder : MLP
    params : dict
        ``"encoder.W0"``, ..., ``"decoder.b{L}"`` (the halves' own arrays).

    Examples
    --------
    >>> import numpy as np
    >>> ae = Autoencoder([6, 4, 2], seed=0)
    >>> x = np.ones((3, 6))
    >>> recon = ae.forward(x)
    >>> ae.code.shape, recon.shape
    ((3, 2), (3, 6))
    """

    def __init__(self, sizes, activation: str = "relu", code_activation: str = "identity",
                 output_activation: str = "identity", *, seed: Any = 0, device: str = "cpu",
                 dtype: str = "float64"):
        rng = check_rng(seed, "seed", "Autoencoder")
        self.encoder = MLP(sizes, activation, code_activation, seed=rng, device=device, dtype=dtype)
        self.decoder = MLP(list(sizes)[::-1], activation, output_activation, seed=rng, device=device, dtype=dtype)
        self.xp, self.dtype = self.encoder.xp, self.encoder.dtype
        self.code = None

    @property
    def params(self) -> dict:
        out = {f"encoder.{k}": v for k, v in self.encoder.params.items()}
        out.update({f"decoder.{k}": v for k, v in self.decoder.params.items()})
        return out

    def encode(self, x):
        """Codes of a batch (keeps the encoder cache)."""
        with public_errors("Autoencoder.encode"):
            return self.encoder.forward(x)

    def decode(self, z):
        """Reconstructions of codes (keeps the decoder cache)."""
        with public_errors("Autoencoder.decode"):
            return self.decoder.forward(z)

    def forward(self, x, *, train: bool = False):
        """Reconstruction of ``x``; the code is kept in :attr:`code`."""
        with public_errors("Autoencoder.forward"):
            self.code = self.encoder.forward(x, train=train)
        return self.decoder.forward(self.code, train=train)

    __call__ = forward

    def backward(self, grad_recon, grad_code=None, *, return_input_grad: bool = False):
        """Gradients from dL/d(reconstruction) and, optionally, an extra dL/d(code) (e.g. a code penalty)."""
        dec_grads, g_code = self.decoder.backward(grad_recon, return_input_grad=True)
        if grad_code is not None:
            g_code = g_code + check_grad_like(grad_code, g_code.shape, self.xp, self.dtype, "grad_code",
                                              "Autoencoder.backward")
        enc = self.encoder.backward(g_code, return_input_grad=return_input_grad)
        enc_grads, g_in = enc if return_input_grad else (enc, None)
        grads = {f"encoder.{k}": v for k, v in enc_grads.items()}
        grads.update({f"decoder.{k}": v for k, v in dec_grads.items()})
        return (grads, g_in) if return_input_grad else grads


class TiedSparseAutoencoder:
    """Tied ReLU sparse autoencoder: a = ReLU(h W + b), ĥ = a Wᵀ.

    Parameters
    ----------
    n_inputs : int
        Width N of the activations it reads.
    n_features : int
        Dictionary size D (expansion factor × N).
    seed : int or Generator, default 0
        Xavier-uniform initial W (as the reference implementation), b = 0.
    device, dtype :
        As for :class:`MLP`.

    Attributes
    ----------
    params : dict
        ``"W"`` of shape (N, D) and ``"b"`` of shape (D,).

    Notes
    -----
    Loss (:meth:`loss_and_grads`): ``mean((ĥ - h)²) + l1 * mean(|a|)``, both
    means over every element, as in the reference code of Bereska et al.
    The effective feature count it feeds (:func:`infolab.measures.effective_feature_count`)
    depends on ``l1`` relative to the scale of h; normalise h first.

    References
    ----------
    .. [1] L. Bereska, Z. Tzifa-Kratira, R. Samavi, E. Gavves, "Superposition as
       lossy compression", TMLR 2025, arXiv:2512.13568.

    Examples
    --------
    >>> import numpy as np
    >>> sae = TiedSparseAutoencoder(4, 16, seed=0)
    >>> h = np.random.default_rng(0).normal(size=(32, 4))
    >>> loss, grads = sae.loss_and_grads(h, l1=0.1)
    >>> sorted(grads)
    ['W', 'b']
    """

    def __init__(self, n_inputs: int, n_features: int, *, seed: Any = 0, device: str = "cpu",
                 dtype: str = "float64"):
        self.n_inputs = check_int(n_inputs, "n_inputs", low=1, func="TiedSparseAutoencoder")
        self.n_features = check_int(n_features, "n_features", low=1, func="TiedSparseAutoencoder")
        self.xp, self.dtype = model_namespace(device, dtype, "TiedSparseAutoencoder")
        rng = check_rng(seed, "seed", "TiedSparseAutoencoder")
        self.params = {
            "W": to_device(init_weight(rng, self.n_inputs, self.n_features, "xavier"), self.xp, self.dtype),
            "b": to_device(np.zeros(self.n_features), self.xp, self.dtype),
        }
        self._cache = None

    def encode(self, h):
        """Codes a = ReLU(h W + b), shape (n, D) (no cache kept)."""
        h = check_batch(h, self.n_inputs, self.xp, self.dtype, "h", "TiedSparseAutoencoder.encode")
        return self.xp.maximum(h @ self.params["W"] + self.params["b"], 0)

    def decode(self, a):
        """Reconstruction a Wᵀ, shape (n, N)."""
        a = check_batch(a, self.n_features, self.xp, self.dtype, "a", "TiedSparseAutoencoder.decode")
        return a @ self.params["W"].T

    def forward(self, h):
        """Reconstruction of ``h``; the code is kept in :attr:`code`."""
        h = check_batch(h, self.n_inputs, self.xp, self.dtype, "h", "TiedSparseAutoencoder.forward")
        z = h @ self.params["W"] + self.params["b"]
        a = self.xp.maximum(z, 0)
        self._cache = (h, z, a)
        self.code = a
        return a @ self.params["W"].T

    __call__ = forward

    def backward(self, grad_recon, grad_code=None):
        """Gradients of W and b from dL/dĥ and, optionally, an extra dL/da.

        With g = dL/dĥ: dL/dW = gᵀa (decoder path) + hᵀ[(g W + dL/da) ⊙ 1(z > 0)] (encoder path).
        """
        if self._cache is None:
            raise RuntimeError("TiedSparseAutoencoder.backward needs a forward pass first.")
        h, z, a = self._cache
        W = self.params["W"]
        g = check_grad_like(grad_recon, h.shape, self.xp, self.dtype, "grad_recon", "TiedSparseAutoencoder.backward")
        g_a = g @ W
        if grad_code is not None:
            g_a = g_a + check_grad_like(grad_code, a.shape, self.xp, self.dtype, "grad_code",
                                        "TiedSparseAutoencoder.backward")
        g_z = g_a * (z > 0)
        return {"W": g.T @ a + h.T @ g_z, "b": g_z.sum(axis=0)}

    def loss_and_grads(self, h, l1: float):
        """``mean((ĥ-h)²) + l1·mean|a|`` on a batch and its gradients (for :func:`train`)."""
        l1 = check_real(l1, "l1", low=0.0, func="TiedSparseAutoencoder.loss_and_grads")
        recon = self.forward(h)
        rec_loss, g_rec = mse_loss(recon, self._cache[0])
        sp_loss, g_code = l1_penalty(self.code)
        return rec_loss + l1 * sp_loss, self.backward(g_rec, l1 * g_code)

    def fit(self, h, *, l1: float, epochs: int = 200, batch_size: int = 128, lr: float = 1e-3,
            seed: Any = 0, optimizer: Any = None) -> np.ndarray:
        """Train on activations ``h`` with Adam; returns the per-epoch mean loss.

        Paper-faithful settings (Bereska et al.): expansion 4, ``l1=0.1``,
        ``lr=1e-3``, ``batch_size=128``, up to 800 epochs.
        """
        l1 = check_real(l1, "l1", low=0.0, func="TiedSparseAutoencoder.fit")
        h = check_batch(h, self.n_inputs, self.xp, self.dtype, "h", "TiedSparseAutoencoder.fit")
        opt = optimizer if optimizer is not None else Adam(lr)
        return train(self, lambda m, hb: m.loss_and_grads(hb, l1), h, epochs=epochs, batch_size=batch_size,
                     optimizer=opt, seed=seed)

    def mean_abs_activation(self, h, *, batch_size: int = 8192):
        """E_x|a_i(x)| for each feature i (a NumPy array of length D)."""
        from ..backend import to_numpy  # noqa: PLC0415

        h = check_batch(h, self.n_inputs, self.xp, self.dtype, "h", "TiedSparseAutoencoder.mean_abs_activation")
        total = 0.0
        for i in range(0, h.shape[0], batch_size):
            total = total + self.xp.abs(self.encode(h[i:i + batch_size])).sum(axis=0)
        return to_numpy(total) / h.shape[0]
