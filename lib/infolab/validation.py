"""The input contract of every public function of infolab, as code.

One module for every layer (``measures``, ``data``, ``models``, ``papers``):
each public function validates its arguments with these checks once, before
any arithmetic, and then calls private kernels on the validated arrays. The
checks never modify their inputs; array-likes (lists, integer arrays) come in
where a float array makes sense and leave as new float arrays; complex and
text input is refused by name. A failed check raises ``ValueError`` (bad
value) or ``TypeError`` (bad type) with one message shape::

    The 'k' parameter of ksg_mutual_information must be an int in [1, 99]. Got 0 instead.

Nothing here clips, renormalises or jitters: an estimator that must do so
exposes it as a documented, seeded option.
"""

from __future__ import annotations

import math
import numbers
import re
from contextlib import contextmanager
from types import ModuleType
from typing import Any

import numpy as np

from .backend import get_namespace

__all__ = [
    "log_base",
    "check_base",
    "check_int",
    "check_real",
    "check_choice",
    "check_samples",
    "check_paired",
    "check_labels",
    "check_label_counts",
    "compact_codes",
    "check_probabilities",
    "check_joint",
    "check_weights",
    "check_square_matrix",
    "check_rng",
    "check_array",
    "public_errors",
]

PROB_ATOL = 1e-9


def _where(func: str | None) -> str:
    return f" of {func}" if func else ""


def _describe(x: Any) -> str:
    if hasattr(x, "shape") and hasattr(x, "dtype"):
        return f"an array of shape {tuple(x.shape)} and dtype {x.dtype}"
    return f"{x!r} ({type(x).__name__})"


def check_base(base: Any, func: str | None = None) -> float:
    """Validate a logarithm base: a real number > 0 and != 1, or the string 'e'."""
    if isinstance(base, str) and base == "e":
        return math.e
    if isinstance(base, bool) or not isinstance(base, numbers.Real):
        raise TypeError(f"The 'base' parameter{_where(func)} must be a real number > 0 and != 1 (or 'e'). Got {base!r} instead.")
    b = float(base)
    if not (math.isfinite(b) and b > 0 and b != 1):
        raise ValueError(f"The 'base' parameter{_where(func)} must be a real number > 0 and != 1 (or 'e'). Got {base!r} instead.")
    return b


def log_base(base: Any, func: str | None = None) -> float:
    """Natural log of a validated base: divide a value in nats by it to convert."""
    return math.log(check_base(base, func))


def check_int(value: Any, name: str, *, low: int | None = None, high: int | None = None,
              func: str | None = None) -> int:
    """An integer in [low, high] (either bound optional)."""
    rng = f"[{low if low is not None else '-inf'}, {high if high is not None else 'inf'}]"
    if isinstance(value, bool) or not isinstance(value, (numbers.Integral, np.integer)):
        raise TypeError(f"The '{name}' parameter{_where(func)} must be an int in the range {rng}. Got {value!r} instead.")
    v = int(value)
    if (low is not None and v < low) or (high is not None and v > high):
        raise ValueError(f"The '{name}' parameter{_where(func)} must be an int in the range {rng}. Got {v} instead.")
    return v


def check_real(value: Any, name: str, *, low: float | None = None, high: float | None = None,
               low_open: bool = False, high_open: bool = False, func: str | None = None) -> float:
    """A finite real number in the interval given (open or closed ends)."""
    lo = ("(" if low_open else "[") + (f"{low}" if low is not None else "-inf")
    hi = (f"{high}" if high is not None else "inf") + (")" if high_open else "]")
    msg = f"The '{name}' parameter{_where(func)} must be a finite real number in {lo}, {hi}. Got {value!r} instead."
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, np.floating, np.integer)):
        raise TypeError(msg)
    v = float(value)
    if not math.isfinite(v):
        raise ValueError(msg)
    if low is not None and (v < low or (low_open and v == low)):
        raise ValueError(msg)
    if high is not None and (v > high or (high_open and v == high)):
        raise ValueError(msg)
    return v


def check_choice(value: Any, name: str, choices, func: str | None = None):
    """One of a fixed set of options."""
    if value not in choices:
        raise ValueError(f"The '{name}' parameter{_where(func)} must be one of {sorted(choices)}. Got {value!r} instead.")
    return value


def _real_array(x: Any, name: str, func: str | None, xp: ModuleType, what: str):
    """``xp.asarray(x)`` if it holds booleans, integers or reals; a TypeError saying ``what`` was expected otherwise."""
    if x is None or isinstance(x, (str, bytes)):
        raise TypeError(f"The '{name}' parameter{_where(func)} must be {what}. Got {_describe(x)} instead.")
    try:
        arr = xp.asarray(x)
    except Exception as exc:
        raise TypeError(f"The '{name}' parameter{_where(func)} must be {what}. Got {_describe(x)} instead.") from exc
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"The '{name}' parameter{_where(func)} must hold real numbers. Got dtype {arr.dtype} instead.")
    return arr


def check_samples(x: Any, name: str, *, min_samples: int = 1, func: str | None = None,
                  xp: ModuleType | None = None, dtype=np.float64):
    """Samples as a 2-D float array of shape (n_samples, n_features).

    A 1-D input is one feature. Integer and boolean input are converted to
    float in a copy; the caller's array is never changed. Raises on empty
    input, NaN or inf, more than 2 dimensions, or fewer than ``min_samples``
    rows.
    """
    if xp is None:
        xp = get_namespace(x)
    arr = _real_array(x, name, func, xp, "an array of numbers")
    if arr.ndim == 1:
        arr = arr.reshape(-1, 1)
    if arr.ndim != 2:
        raise ValueError(f"The '{name}' parameter{_where(func)} must be 1-D or 2-D (n_samples, n_features). Got shape {tuple(arr.shape)} instead.")
    if arr.shape[0] == 0 or arr.shape[1] == 0:
        raise ValueError(f"The '{name}' parameter{_where(func)} must be non-empty. Got shape {tuple(arr.shape)} instead.")
    arr = arr.astype(dtype, copy=True)
    if not bool(xp.all(xp.isfinite(arr))):
        raise ValueError(f"The '{name}' parameter{_where(func)} must contain only finite values. Got NaN or inf instead.")
    if arr.shape[0] < min_samples:
        raise ValueError(f"The '{name}' parameter{_where(func)} needs at least {min_samples} samples. Got {arr.shape[0]} instead.")
    return arr


def check_array(x: Any, name: str, *, func: str | None = None, ndim: int | tuple[int, ...] | None = None,
                min_size: int = 1, allow_inf: bool = False, xp: ModuleType | None = None, dtype=np.float64):
    """A real array of any shape (or of the given number of dimensions) as a new float array.

    For parameters that are arrays of numbers but not samples (coefficients, grids, schedules,
    logits, ...). Scalars are 0-D arrays. Refuses ``None``, strings, non-numeric and complex
    dtypes, the wrong number of dimensions, fewer than ``min_size`` entries, NaN, and inf unless
    ``allow_inf``. The caller's array is never changed.
    """
    if xp is None:
        xp = get_namespace(x)
    arr = _real_array(x, name, func, xp, "an array of real numbers")
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if arr.ndim not in allowed:
            want = " or ".join(f"{d}-D" for d in allowed)
            raise ValueError(f"The '{name}' parameter{_where(func)} must be {want}. Got shape {tuple(arr.shape)} instead.")
    if arr.size < min_size:
        raise ValueError(f"The '{name}' parameter{_where(func)} must hold at least {min_size} value(s). Got shape {tuple(arr.shape)} instead.")
    arr = arr.astype(dtype, copy=True)
    bad = xp.isnan(arr) if allow_inf else ~xp.isfinite(arr)
    if bool(xp.any(bad)):
        what = "NaN" if allow_inf else "NaN or inf"
        raise ValueError(f"The '{name}' parameter{_where(func)} must not contain {what}. Got {what} instead.")
    return arr


_NAMED = re.compile(r"(parameters? of )([A-Za-z_][\w.]*)")


@contextmanager
def public_errors(func: str):
    """Inside, a library function called on the caller's behalf reports its bad input as ``func``'s.

    A public function that hands its arguments on to another public function (with the same
    argument names) wraps the call, so that "The 'x' parameter of contingency_pmf ..." reaches the
    user as "The 'x' parameter of mutual_information_from_labels ...", the function they called.
    """
    try:
        yield
    except (ValueError, TypeError) as exc:
        msg = str(exc)
        match = _NAMED.search(msg)
        if match is None or match.group(2) == func or len(exc.args) != 1:
            raise
        new = msg[:match.start(2)] + func + msg[match.end(2):]
        try:
            renamed = type(exc)(new)
        except Exception:  # an exception class with a richer constructor: keep it as it is
            raise exc from None
        raise renamed from None


def check_paired(x, y, names=("x", "y"), func: str | None = None) -> None:
    """Two sample arrays describe the same draws: equal number of rows."""
    if x.shape[0] != y.shape[0]:
        raise ValueError(
            f"The '{names[0]}' and '{names[1]}' parameters{_where(func)} must have the same number of samples. "
            f"Got {x.shape[0]} and {y.shape[0]} instead."
        )


def _label_array(labels: Any, name: str, func: str | None, min_samples: int) -> np.ndarray:
    """The checks of :func:`check_labels`, returning the host array as given (not coded)."""
    if labels is None or isinstance(labels, (str, bytes)):
        raise TypeError(f"The '{name}' parameter{_where(func)} must be a 1-D array of labels. Got {_describe(labels)} instead.")
    arr = np.asarray(labels.get() if hasattr(labels, "get") and hasattr(labels, "device") else labels)
    if arr.ndim == 0:
        raise ValueError(f"The '{name}' parameter{_where(func)} must be a 1-D array of labels. Got a scalar instead.")
    if arr.ndim > 2:
        raise ValueError(f"The '{name}' parameter{_where(func)} must be 1-D (or 2-D, one joint symbol per row). Got shape {arr.shape} instead.")
    if arr.shape[0] < max(min_samples, 1):
        raise ValueError(f"The '{name}' parameter{_where(func)} needs at least {max(min_samples, 1)} observations. Got {arr.shape[0]} instead.")
    if arr.dtype.kind == "f":
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"The '{name}' parameter{_where(func)} must contain only finite values. Got NaN or inf instead.")
        if not np.all(arr == np.round(arr)):
            raise ValueError(
                f"The '{name}' parameter{_where(func)} must hold discrete labels. Got non-integer floats instead; "
                "for continuous data use a kNN or parametric estimator."
            )
    if arr.dtype.kind == "c":
        raise TypeError(f"The '{name}' parameter{_where(func)} must hold discrete labels. Got complex values instead.")
    return arr


def check_labels(labels: Any, name: str, *, func: str | None = None, min_samples: int = 1) -> np.ndarray:
    """Discrete observations as a 1-D array of hashable symbols (ints, strings, bools).

    A 2-D array is read row-wise: each row is one joint symbol. Returns an
    integer code array 0..K-1 (a new array; the input is not changed).
    Floats are accepted only if they are whole numbers, since a continuous
    variable passed as labels is a common mistake.
    """
    return _symbol_codes(_label_array(labels, name, func, min_samples))


def _symbol_codes(arr: np.ndarray) -> np.ndarray:
    """Codes 0..K-1 of checked labels: of each value (1-D) or of each row (2-D, one joint symbol)."""
    if arr.ndim == 2:
        _, codes = np.unique(arr, axis=0, return_inverse=True)
        return codes.reshape(-1).astype(np.int64)
    return compact_codes(arr)


def check_label_counts(labels: Any, name: str, *, func: str | None = None) -> np.ndarray:
    """How often each distinct symbol of ``labels`` occurs, in sorted symbol order.

    The checks are those of :func:`check_labels`. Small non-negative integers, the
    usual labels, are counted by one ``max`` and one ``np.bincount`` pass without
    coding them first, which is what an entropy from labels costs at its floor.
    """
    arr = _label_array(labels, name, func, 1)
    if arr.ndim == 1 and arr.dtype.kind in "biu":
        ints = arr.view(np.uint8) if arr.dtype.kind == "b" else arr
        if int(ints.max()) <= _count_array_limit(ints.size):
            try:
                counts = np.bincount(ints if ints.dtype != np.uint64 else ints.astype(np.int64))
            except ValueError:                 # a negative label: count by sorting below
                counts = None
            if counts is not None:
                return counts[counts > 0]
    return np.bincount(_symbol_codes(arr))


def _count_array_limit(n: int) -> int:
    """Largest label that small non-negative integer labels may reach to be counted by ``np.bincount``
    (a count array at most about four times the number of labels)."""
    return 4 * n + 1024


def compact_codes(values: np.ndarray) -> np.ndarray:
    """Codes 0..K-1 of a 1-D array's distinct values, in sorted order (``np.unique``'s inverse).

    Small non-negative integers, the usual labels, are coded by one ``np.bincount`` pass,
    O(n + max); anything else by sorting. Both give the same codes.
    """
    if values.dtype.kind in "biu" and values.size:
        lo, hi = int(values.min()), int(values.max())
        if lo >= 0 and hi <= _count_array_limit(values.size):
            ints = values.astype(np.int64, copy=False)
            present = np.bincount(ints, minlength=hi + 1) > 0
            if present.all():                       # the labels are already 0..K-1
                return ints.copy() if ints is values else ints
            return (np.cumsum(present) - 1)[ints]
    _, codes = np.unique(values, return_inverse=True)
    return codes.reshape(-1).astype(np.int64)


def check_probabilities(p: Any, name: str, *, func: str | None = None, atol: float = PROB_ATOL,
                        ndim: int | None = None, xp: ModuleType | None = None):
    """A probability array: finite, non-negative, summing to one (within ``atol``).

    The array is returned as float64 (a copy); it is never renormalised.
    """
    if xp is None:
        xp = get_namespace(p)
    if p is None or isinstance(p, (str, bytes)):
        raise TypeError(f"The '{name}' parameter{_where(func)} must be an array of probabilities. Got {_describe(p)} instead.")
    try:
        arr = xp.asarray(p)
        if arr.dtype.kind not in "biufO":  # object arrays of numbers convert below; complex and text do not
            raise TypeError(arr.dtype)
        arr = arr.astype(xp.float64, copy=False)
    except Exception as exc:
        raise TypeError(f"The '{name}' parameter{_where(func)} must be an array of probabilities. Got {_describe(p)} instead.") from exc
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"The '{name}' parameter{_where(func)} must be a {ndim}-D array of probabilities. Got shape {tuple(arr.shape)} instead.")
    if arr.size == 0:
        raise ValueError(f"The '{name}' parameter{_where(func)} must be non-empty. Got shape {tuple(arr.shape)} instead.")
    if not bool(xp.all(xp.isfinite(arr))):
        raise ValueError(f"The '{name}' parameter{_where(func)} must contain only finite probabilities. Got NaN or inf instead.")
    if bool(xp.any(arr < 0)):
        raise ValueError(f"The '{name}' parameter{_where(func)} must contain non-negative probabilities. Got a minimum of {float(arr.min())!r} instead.")
    total = float(arr.sum())
    if abs(total - 1.0) > atol:
        raise ValueError(
            f"The '{name}' parameter{_where(func)} must sum to 1 (within {atol:g}). Got a sum of {total!r} instead; "
            "normalise it yourself if that is what you mean."
        )
    return arr.copy() if arr is p else arr


def check_joint(pxy: Any, name: str = "pxy", *, func: str | None = None, atol: float = PROB_ATOL):
    """A joint distribution of two variables as a 2-D probability table p[x, y]."""
    return check_probabilities(pxy, name, func=func, atol=atol, ndim=2)


def check_weights(weights: Any, n: int, *, func: str | None = None, name: str = "weights",
                  unit: str = "observation") -> np.ndarray:
    """Probabilities of n atoms (one per observation, input, ...); ``None`` means uniform, 1/n each."""
    if weights is None:
        return np.full(n, 1.0 / n)
    w = np.asarray(check_probabilities(weights, name, func=func, ndim=1))
    if w.shape[0] != n:
        raise ValueError(f"The '{name}' parameter{_where(func)} must have one entry per {unit} ({n}). "
                         f"Got {w.shape[0]} instead.")
    return w


def check_square_matrix(a: Any, name: str, *, func: str | None = None, symmetric: bool = False,
                        xp: ModuleType | None = None, atol: float = 1e-8):
    """A finite square 2-D float matrix (optionally symmetric within ``atol`` relative)."""
    if xp is None:
        xp = get_namespace(a)
    arr = xp.asarray(a)
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"The '{name}' parameter{_where(func)} must be a real matrix. Got dtype {arr.dtype} instead.")
    arr = arr.astype(xp.float64, copy=True)
    if arr.ndim != 2 or arr.shape[0] != arr.shape[1] or arr.shape[0] == 0:
        raise ValueError(f"The '{name}' parameter{_where(func)} must be a non-empty square matrix. Got shape {tuple(arr.shape)} instead.")
    if not bool(xp.all(xp.isfinite(arr))):
        raise ValueError(f"The '{name}' parameter{_where(func)} must contain only finite values. Got NaN or inf instead.")
    if symmetric:
        scale = max(float(xp.max(xp.abs(arr))), 1e-300)
        if float(xp.max(xp.abs(arr - arr.T))) > atol * scale:
            raise ValueError(f"The '{name}' parameter{_where(func)} must be symmetric. Got a matrix with max |A - A.T| = {float(xp.max(xp.abs(arr - arr.T)))!r} instead.")
    return arr


def check_rng(seed: Any, name: str = "seed", func: str | None = None) -> np.random.Generator:
    """A ``numpy.random.Generator`` from an int seed, a Generator, or None (fresh entropy)."""
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None:
        return np.random.default_rng()
    if isinstance(seed, bool) or not isinstance(seed, (numbers.Integral, np.integer)) or int(seed) < 0:
        raise TypeError(f"The '{name}' parameter{_where(func)} must be a non-negative int or a numpy.random.Generator. Got {seed!r} instead.")
    return np.random.default_rng(int(seed))
