"""Shared pieces of the model kit: activations, initialisers, input checks.

Everything here works on the array namespace ``xp`` of the model (NumPy or
CuPy). Initial weights are always drawn with a NumPy ``Generator`` and then
moved to the model's device, so a seed gives the same starting point on the
CPU and on a GPU.
"""

from __future__ import annotations

import numbers
from types import ModuleType
from typing import Any

import numpy as np

from ..backend import asarray, get_namespace, resolve_namespace

ACTIVATIONS = ("identity", "relu", "tanh", "sigmoid", "softplus")
INITS = ("auto", "he", "xavier", "lecun")
DTYPES = ("float64", "float32")


def sigmoid(xp: ModuleType, z):
    """Logistic function, computed without overflow for large |z|."""
    e = xp.exp(-xp.abs(z))
    return xp.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def activate(xp: ModuleType, name: str, z):
    """f(z) for a named activation."""
    if name == "identity":
        return z
    if name == "relu":
        return xp.maximum(z, 0)
    if name == "tanh":
        return xp.tanh(z)
    if name == "sigmoid":
        return sigmoid(xp, z)
    if name == "softplus":
        return xp.logaddexp(0.0, z)
    raise AssertionError(name)  # validated at construction


def activation_backward(xp: ModuleType, name: str, z, a, grad):
    """grad * f'(z) for a named activation, given z and a = f(z)."""
    if name == "identity":
        return grad
    if name == "relu":
        return grad * (z > 0)
    if name == "tanh":
        return grad * (1.0 - a * a)
    if name == "sigmoid":
        return grad * a * (1.0 - a)
    if name == "softplus":
        return grad * sigmoid(xp, z)
    raise AssertionError(name)


def init_weight(rng: np.random.Generator, fan_in: int, fan_out: int, scheme: str) -> np.ndarray:
    """A (fan_in, fan_out) weight matrix drawn on the CPU.

    ``he``: N(0, 2/fan_in) (ReLU layers); ``lecun``: N(0, 1/fan_in);
    ``xavier``: U(-a, a) with a = sqrt(6 / (fan_in + fan_out)).
    """
    if scheme == "he":
        return rng.normal(0.0, np.sqrt(2.0 / fan_in), size=(fan_in, fan_out))
    if scheme == "lecun":
        return rng.normal(0.0, np.sqrt(1.0 / fan_in), size=(fan_in, fan_out))
    if scheme == "xavier":
        bound = np.sqrt(6.0 / (fan_in + fan_out))
        return rng.uniform(-bound, bound, size=(fan_in, fan_out))
    raise AssertionError(scheme)


def check_sizes(sizes: Any, name: str, func: str, min_len: int = 2) -> list[int]:
    """A list of positive layer widths with at least ``min_len`` entries."""
    msg = (f"The '{name}' parameter of {func} must be a sequence of at least {min_len} positive ints "
           f"(input width, ..., output width). Got {sizes!r} instead.")
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__"):
        raise TypeError(msg)
    out = []
    for s in sizes:
        if isinstance(s, bool) or not isinstance(s, (numbers.Integral, np.integer)):
            raise TypeError(msg)
        if int(s) < 1:
            raise ValueError(msg)
        out.append(int(s))
    if len(out) < min_len:
        raise ValueError(msg)
    return out


def model_namespace(device: Any, dtype: Any, func: str) -> tuple[ModuleType, str]:
    """Namespace and dtype name of a new model (device 'cpu', 'gpu' or 'auto')."""
    if device is None:
        raise ValueError(f"The 'device' parameter of {func} must be one of ('cpu', 'gpu', 'auto'). Got None instead.")
    xp = resolve_namespace(device)
    if dtype not in DTYPES:
        raise ValueError(f"The 'dtype' parameter of {func} must be one of {DTYPES}. Got {dtype!r} instead.")
    return xp, dtype


def to_device(x: np.ndarray, xp: ModuleType, dtype: str):
    """A CPU array moved to the model's device with the model's dtype (a new array)."""
    return asarray(np.asarray(x, dtype=dtype), xp)


def check_batch(x: Any, n_features: int, xp: ModuleType, dtype: str, name: str, func: str):
    """A (n_samples, n_features) real batch on the model's device, in the model's dtype.

    Returns the array itself when it already has the right dtype (it is never
    written to), otherwise a converted copy.
    """
    if x is None or isinstance(x, (str, bytes)) or not hasattr(x, "shape") or not hasattr(x, "dtype"):
        raise TypeError(f"The '{name}' parameter of {func} must be an array of shape (n_samples, {n_features}). "
                        f"Got {type(x).__name__} instead.")
    if get_namespace(x) is not xp:
        raise TypeError(f"The '{name}' parameter of {func} must live on the model's device ({xp.__name__}). "
                        f"Got a {type(x).__module__.split('.')[0]} array instead; move it first.")
    if x.dtype.kind not in "biuf":
        raise TypeError(f"The '{name}' parameter of {func} must hold real numbers. Got dtype {x.dtype} instead.")
    if x.ndim != 2 or x.shape[1] != n_features:
        raise ValueError(f"The '{name}' parameter of {func} must have shape (n_samples, {n_features}). "
                         f"Got shape {tuple(x.shape)} instead.")
    if x.shape[0] == 0:
        raise ValueError(f"The '{name}' parameter of {func} must hold at least one sample. Got shape {tuple(x.shape)} instead.")
    x = x.astype(dtype, copy=False)
    if not bool(xp.all(xp.isfinite(x))):
        raise ValueError(f"The '{name}' parameter of {func} must contain only finite values. Got NaN or inf instead.")
    return x


def check_grad_like(g: Any, shape: tuple, xp: ModuleType, dtype: str, name: str, func: str):
    """A gradient array of a given shape on the model's device."""
    if g is None or not hasattr(g, "shape"):
        raise TypeError(f"The '{name}' parameter of {func} must be an array of shape {shape}. Got {type(g).__name__} instead.")
    if get_namespace(g) is not xp:
        raise TypeError(f"The '{name}' parameter of {func} must live on the model's device ({xp.__name__}).")
    if tuple(g.shape) != tuple(shape):
        raise ValueError(f"The '{name}' parameter of {func} must have shape {tuple(shape)} (that of the last forward "
                         f"output). Got shape {tuple(g.shape)} instead.")
    return g.astype(dtype, copy=False)


class ParameterState:
    """Bookkeeping shared by models that keep their arrays in ``self.params``."""

    params: dict[str, Any]

    def state(self) -> dict[str, np.ndarray]:
        """A NumPy copy of the parameters (for saving or comparing runs)."""
        from ..backend import to_numpy  # noqa: PLC0415

        return {k: to_numpy(v).copy() for k, v in self.params.items()}

    def n_parameters(self) -> int:
        return int(sum(v.size for v in self.params.values()))
