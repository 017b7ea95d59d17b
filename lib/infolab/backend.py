"""Array namespace selection: NumPy on the CPU, CuPy on a GPU.

A measure never asks for a global setting. It takes the namespace from its
array arguments (NumPy in, NumPy out; CuPy in, CuPy out), or from an explicit
``device="cpu" | "gpu" | "auto"``. Mixing NumPy and CuPy arrays in one call
is an error. CuPy is optional: importing :mod:`infolab` never needs it, and
asking for ``device="gpu"`` without a usable GPU raises a clear error.

Examples
--------
>>> import numpy as np
>>> from infolab.backend import get_namespace
>>> get_namespace(np.zeros(3)).__name__
'numpy'
"""

from __future__ import annotations

import functools
from types import ModuleType
from typing import Any

import numpy as np

__all__ = [
    "DEVICES",
    "cupy_available",
    "gpu_available",
    "get_namespace",
    "resolve_namespace",
    "asarray",
    "to_numpy",
    "to_namespace",
    "to_float",
    "is_cupy_array",
]

DEVICES = ("cpu", "gpu", "auto")


@functools.lru_cache(maxsize=1)
def _import_cupy() -> ModuleType | None:
    try:
        import cupy  # noqa: PLC0415
    except Exception:  # ImportError, or a CUDA runtime error at import
        return None
    return cupy


def cupy_available() -> bool:
    """Whether CuPy can be imported."""
    return _import_cupy() is not None


@functools.lru_cache(maxsize=1)
def gpu_available() -> bool:
    """Whether CuPy is importable and sees at least one CUDA device."""
    cp = _import_cupy()
    if cp is None:
        return False
    try:
        return cp.cuda.runtime.getDeviceCount() > 0
    except Exception:
        return False


def is_cupy_array(x: Any) -> bool:
    """True for a ``cupy.ndarray`` (checked without importing CuPy)."""
    return type(x).__module__.split(".")[0] == "cupy"


def get_namespace(*arrays: Any) -> ModuleType:
    """Return ``numpy`` or ``cupy`` according to the array arguments.

    Non-array arguments (scalars, lists, ``None``) are ignored. Mixing
    NumPy and CuPy arrays raises ``TypeError``: move one of them first.
    """
    kinds = {"cupy" if is_cupy_array(a) else "numpy" for a in arrays if a is not None and hasattr(a, "shape")}
    if len(kinds) > 1:
        raise TypeError(
            "Arrays passed together must live on one device: got both NumPy and CuPy arrays. "
            "Convert with cupy.asarray(x) or cupy.asnumpy(x) first."
        )
    if kinds == {"cupy"}:
        return _import_cupy()
    return np


def resolve_namespace(device: str | None, *arrays: Any) -> ModuleType:
    """Namespace for a computation, from ``device`` or else from the arrays.

    Parameters
    ----------
    device : {"cpu", "gpu", "auto"} or None
        ``None`` follows the input arrays. ``"cpu"`` forces NumPy.
        ``"gpu"`` requires CuPy and a CUDA device. ``"auto"`` uses the GPU
        when one is usable and NumPy otherwise.
    """
    if device is None:
        return get_namespace(*arrays)
    if device not in DEVICES:
        raise ValueError(f"The 'device' argument must be one of {DEVICES} or None. Got {device!r} instead.")
    if device == "cpu":
        return np
    if device == "gpu":
        if not gpu_available():
            raise RuntimeError(
                "device='gpu' was requested but no GPU is usable: "
                + ("CuPy is not installed (pip install 'infolab[gpu]')." if not cupy_available()
                   else "CuPy found no CUDA device.")
            )
        return _import_cupy()
    return _import_cupy() if gpu_available() else np


def asarray(x: Any, xp: ModuleType, dtype: Any = None):
    """Move ``x`` into namespace ``xp`` (copying between devices when needed)."""
    if xp is np:
        return to_numpy(x) if dtype is None else to_numpy(x).astype(dtype, copy=False)
    return xp.asarray(x, dtype=dtype)


def to_namespace(a: Any, xp: ModuleType) -> Any:
    """Move an array argument into ``xp``; anything without a shape (lists, strings) is left for validation."""
    if not hasattr(a, "shape"):
        return a
    if xp is np and is_cupy_array(a):
        return to_numpy(a)
    if xp is not np and not is_cupy_array(a):
        return xp.asarray(a)
    return a


def to_numpy(x: Any) -> np.ndarray:
    """Return ``x`` as a NumPy array, copying from the GPU if it is a CuPy array."""
    if is_cupy_array(x):
        return x.get()
    return np.asarray(x)


def to_float(x: Any) -> float:
    """A 0-d NumPy or CuPy value as a Python float."""
    if is_cupy_array(x):
        x = x.get()
    return float(x)
