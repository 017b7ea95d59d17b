"""The contract every public function of infolab.measures, infolab.data and infolab.models meets.

For each function listed in ``tests/contract_inputs.py``:

* the valid call succeeds; a second call with the same inputs and seed gives the same output, bit
  for bit; no input is mutated; NumPy in gives NumPy arrays / Python floats out (no 0-d arrays,
  no lists where an array is documented); a result of several named parts is a record
  (NamedTuple or frozen dataclass), never a dict, unless it is listed in ``DICT_RESULTS``;
* each array-valued argument with NaN or inf inside, complex dtype, empty, strings, or the wrong
  number of dimensions, and each marked scalar option out of range or of the wrong type, raises
  ``ValueError`` or ``TypeError`` whose message names the public function and the argument in
  quotes, mentions no private helper, and is not one of NumPy's raw messages.

``ComplexWarning`` and ``RuntimeWarning`` are errors inside the checks, so a silent NaN, overflow
or complex-discarding path counts as a failure. Checks listed in ``PENDING_FIXES`` must fail (and
the test fails when one of them starts passing).
"""

from __future__ import annotations

import dataclasses
import inspect
import re
import warnings
from collections.abc import Mapping

import numpy as np
import pytest
import scipy.sparse as sp

import contract_inputs as ci

try:  # NumPy >= 2
    from numpy.exceptions import ComplexWarning
except ImportError:  # pragma: no cover
    from numpy import ComplexWarning

NAMES = ci.public_names()
FUNCTIONS = sorted(n for n, obj in NAMES.items() if n not in ci.EXEMPT)
PENDING = {(f, c): why for f, c, why in ci.PENDING_FIXES}

RAW_NUMPY = ("could not convert string to float", "Singular matrix", "zero-size array",
             "all the input array dimensions", "setting an array element with a sequence",
             "Cannot cast ufunc", "operands could not be broadcast", "is out of bounds for axis",
             "array must not contain infs or NaNs", "Input contains NaN")
# Functions whose result is by nature a mapping keyed by data values (not by a fixed set of field
# names, which is what a record is for), each with the reason. Every other function returns no dict.
DICT_RESULTS = {
    "embedding_recall_at_k": "Recall@k for each k the caller asks for: the keys are the values of 'ks'",
    "finite_difference_gradients": "one gradient per entry of the caller's 'params' dict, under the same keys",
    "ngram_counts": "a collections.Counter: the count of each n-gram observed in 'tokens', keyed by the n-gram",
}

PRIVATE = re.compile(r"(?<![\w.])_[A-Za-z]\w*")
NAMED_FUNC = re.compile(r"parameters? of ([A-Za-z_][\w.]*)")


def _strict():
    ctx = warnings.catch_warnings()
    ctx.__enter__()
    warnings.simplefilter("error", ComplexWarning)
    warnings.simplefilter("error", RuntimeWarning)
    return ctx


def _copy(value):
    """A copy of the arrays and containers in a value; other objects are shared."""
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)) and not hasattr(value, "_fields"):
        return type(value)(_copy(v) for v in value)
    return value


def _call(func, entry, kwargs=None, args=None):
    kwargs = _copy(entry.kwargs if kwargs is None else kwargs)
    kwargs.update({k: make() for k, make in entry.fresh.items()})
    args = _copy(entry.args if args is None else args)
    ctx = _strict()
    try:
        return func(*args, **kwargs)
    finally:
        ctx.__exit__(None, None, None)


def _same(a, b) -> bool:
    """Bit-for-bit equality of two outputs (arrays, floats, records, containers)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, np.ndarray):
        return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()
    if sp.issparse(a):
        return _same(a.toarray(), b.toarray())
    if isinstance(a, (float, np.floating)):
        return np.asarray(a).tobytes() == np.asarray(b).tobytes()
    if isinstance(a, Mapping):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (tuple, list)):
        return len(a) == len(b) and all(_same(u, v) for u, v in zip(a, b, strict=True))
    if dataclasses.is_dataclass(a):
        return all(_same(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a))
    if callable(a):
        return getattr(a, "__qualname__", None) == getattr(b, "__qualname__", None)
    if hasattr(a, "__dict__"):
        return _same(vars(a), vars(b))
    return bool(a == b)


def _bad_output(out, annotation: str, where: str = "output") -> str | None:
    """Why an output breaks the array/float rule, or None."""
    if isinstance(out, np.ndarray):
        if out.ndim == 0:
            return f"{where} is a 0-d array"
        return None
    if isinstance(out, list) and "ndarray" in annotation and "list" not in annotation:
        return f"{where} is a list where an array is documented"
    if isinstance(out, np.generic):
        return f"{where} is a NumPy scalar ({type(out).__name__}) where a Python scalar belongs"
    if annotation.strip() == "float" and type(out) is not float:
        return f"{where} is {type(out).__name__} where a float is documented"
    if isinstance(out, tuple) and not hasattr(out, "_fields"):
        parts = _tuple_annotations(annotation, len(out))
        for i, item in enumerate(out):
            why = _bad_output(item, parts[i], f"{where}[{i}]")
            if why:
                return why
    fields = getattr(type(out), "__annotations__", {}) if (hasattr(out, "_fields") or dataclasses.is_dataclass(out)) else {}
    for fname, ann in fields.items():
        if hasattr(out, fname):
            why = _bad_output(getattr(out, fname), str(ann), f"{where}.{fname}")
            if why:
                return why
    if isinstance(out, dict):
        for key, value in out.items():
            if isinstance(value, np.ndarray) and value.ndim == 0:
                return f"{where}[{key!r}] is a 0-d array"
    return None


def _tuple_annotations(annotation: str, n: int) -> list[str]:
    m = re.fullmatch(r"tuple\[(.*)\]", annotation.strip())
    if not m:
        return [""] * n
    parts = [p.strip() for p in m.group(1).split(",")]
    return parts if len(parts) == n else [""] * n


def _annotation(func) -> str:
    ann = inspect.signature(func).return_annotation
    return "" if ann is inspect.Signature.empty else (ann if isinstance(ann, str) else getattr(ann, "__name__", str(ann)))


def _corruptions(value: np.ndarray) -> dict[str, object]:
    """The bad versions of one valid array argument (NaN, inf and complex only for numbers)."""
    wrong = {"empty": np.empty((0,) + value.shape[1:], dtype=value.dtype),
             "ndim": value.reshape(value.shape + (1, 1))}
    if value.dtype.kind not in "biuf":
        return wrong
    f = np.array(value, dtype=float, copy=True)
    nan = f.copy()
    nan.flat[f.size // 2] = np.nan
    inf = f.copy()
    inf.flat[0] = np.inf
    return {
        "nan": nan,
        "inf": inf,
        "complex": value.astype(complex) + 1j,
        "empty": np.empty((0,) + value.shape[1:], dtype=value.dtype),
        "string": np.full(value.shape, "a"),
        **wrong,
    }


def _takes_symbols(func, entry, arg, value) -> bool:
    """Whether an integer argument is read as labels: the same call with the values as strings succeeds."""
    if np.asarray(value).dtype.kind not in "iub":
        return False
    kwargs, args = dict(entry.kwargs), list(entry.args)
    as_text = np.asarray(value).astype(str)
    if arg.startswith("*"):
        args[int(arg[1:])] = as_text
    else:
        kwargs[arg] = as_text
    try:
        _call(func, entry, kwargs, tuple(args))
    except Exception:  # noqa: BLE001 - any refusal means strings are not accepted
        return False
    return True


def _message_problem(exc: BaseException, func_name: str, arg: str) -> str | None:
    """Why a raised error breaks the message rule, or None."""
    if not isinstance(exc, (ValueError, TypeError)):
        return f"raised {type(exc).__name__}: {exc}"
    msg = str(exc)
    if f"'{arg}'" not in msg and f"'{arg}[" not in msg:
        return f"message does not name '{arg}': {msg}"
    if func_name not in msg:
        return f"message does not name {func_name}: {msg}"
    for named in NAMED_FUNC.findall(msg):
        if named != func_name and not func_name.endswith(named) and named not in ("the", "a"):
            return f"message names {named} instead of {func_name}: {msg}"
    if PRIVATE.search(msg):
        return f"message names a private helper: {msg}"
    for raw in RAW_NUMPY:
        if raw in msg:
            return f"NumPy's raw message: {msg}"
    return None


def _expect_error(func, name, entry, arg, kwargs, args) -> str | None:
    try:
        _call(func, entry, kwargs, args)
    except Exception as exc:  # noqa: BLE001 - which error is what is checked
        return _message_problem(exc, func.__name__, arg)
    return "no error raised"


def valid_checks(name: str) -> dict[str, str | None]:
    """check -> failure text (None when it passes) for the valid call of one function."""
    func = NAMES[name]
    entry = ci.build_entry(name, func)
    results: dict[str, str | None] = {}
    before = (_copy(entry.kwargs), _copy(entry.args))
    kwargs, args = _copy(entry.kwargs), _copy(entry.args)
    kwargs.update({k: make() for k, make in entry.fresh.items()})
    ctx = _strict()
    try:
        first = func(*args, **kwargs)
    except Exception as exc:  # noqa: BLE001
        results["valid"] = f"valid call raised {type(exc).__name__}: {exc}"
        return results
    finally:
        ctx.__exit__(None, None, None)
    results["valid"] = None
    mutated = [k for k in entry.kwargs if not _same(kwargs[k], before[0][k])]
    mutated += [f"args[{i}]" for i in range(len(args)) if not _same(args[i], before[1][i])]
    results["no_mutation"] = f"mutated {mutated}" if mutated else None
    second = _call(func, entry)
    results["deterministic"] = None if _same(first, second) else "two calls with the same seed differ"
    results["output_types"] = _bad_output(first, _annotation(func))
    results["not_a_dict"] = _dict_problem(name, first)
    return results


def _dict_problem(name: str, out) -> str | None:
    """Why an output breaks the records-not-dicts rule (or its exemption went stale), or None."""
    if name in DICT_RESULTS:
        return None if isinstance(out, dict) else (
            f"returns {type(out).__name__}, not a dict: remove {name!r} from DICT_RESULTS")
    if isinstance(out, dict):
        return (f"returns a {type(out).__name__} (keys {sorted(map(str, out))[:5]}): return a record "
                "(NamedTuple or frozen dataclass), or list it in DICT_RESULTS with the reason")
    return None


def bad_checks(name: str) -> dict[str, str | None]:
    """check -> failure text (None when it passes) for the bad-input matrix of one function."""
    func = NAMES[name]
    entry = ci.build_entry(name, func)
    results: dict[str, str | None] = {}
    array_args = entry.arrays
    if array_args is None:
        array_args = tuple(k for k, v in entry.kwargs.items() if isinstance(v, np.ndarray))
        array_args += tuple(f"*{i}" for i, v in enumerate(entry.args) if isinstance(v, np.ndarray))
    for arg in array_args:
        if arg.startswith("*"):
            i = int(arg[1:])
            value = entry.args[i]
            names = ci.VARARG_NAMES.get(name, "args")
            shown = names[i] if isinstance(names, tuple) else f"{names}[{i}]"
        else:
            value = entry.kwargs[arg]
            shown = arg
        corrupted = _corruptions(np.asarray(value))
        if "string" in corrupted and _takes_symbols(func, entry, arg, value):
            del corrupted["string"]  # labels may be any hashable symbols, strings included
        for kind, bad in corrupted.items():
            if kind in entry.skip or f"{arg}:{kind}" in entry.skip:
                continue
            kwargs, args = dict(entry.kwargs), list(entry.args)
            if arg.startswith("*"):
                args[int(arg[1:])] = bad
            else:
                kwargs[arg] = bad
            results[f"{shown}:{kind}"] = _expect_error(func, name, entry, shown, kwargs, tuple(args))
    params = inspect.signature(func).parameters
    scalars = {k: ci.BAD_SCALARS[k] for k in ci.DEFAULT_SCALARS if k in params and k not in entry.no_scalars}
    scalars.update(entry.scalars or {})
    for arg, bads in scalars.items():
        for bad in bads:
            kwargs = dict(entry.kwargs)
            kwargs[arg] = bad
            results[f"{arg}={bad!r}"] = _expect_error(func, name, entry, arg, kwargs, entry.args)
    return results


def _judge(name: str, results: dict[str, str | None]) -> None:
    unexpected = {c: why for c, why in results.items() if why is not None and (name, c) not in PENDING}
    stale = [c for c, why in results.items() if why is None and (name, c) in PENDING]
    lines = [f"{c}: {why}" for c, why in unexpected.items()]
    lines += [f"{c}: passes now; remove ({name!r}, {c!r}, ...) from PENDING_FIXES in tests/contract_inputs.py"
              for c in stale]
    assert not lines, f"{name}:\n  " + "\n  ".join(lines)


def test_every_public_name_has_an_entry():
    missing = []
    for name, obj in NAMES.items():
        if name in ci.EXEMPT:
            continue
        if not callable(obj) or inspect.isclass(obj):
            missing.append(name)
            continue
        try:
            ci.build_entry(name, obj)
        except KeyError:
            missing.append(name)
    assert not missing, ("public names with no valid input: " + ", ".join(sorted(missing))
                         + "; add them to OVERRIDES or EXEMPT in tests/contract_inputs.py")


def test_exempt_and_pending_entries_are_public():
    assert not set(ci.EXEMPT) - set(NAMES)
    assert not set(DICT_RESULTS) - set(FUNCTIONS)
    assert not set(ci.OVERRIDES) - set(NAMES)
    unknown = {f for f, _, _ in ci.PENDING_FIXES} - set(FUNCTIONS)
    assert not unknown


def _listed(name):
    try:
        ci.build_entry(name, NAMES[name])
    except KeyError:
        return False
    return callable(NAMES[name]) and not inspect.isclass(NAMES[name])


CALLABLE = [n for n in FUNCTIONS if _listed(n)]


@pytest.mark.parametrize("name", CALLABLE, ids=CALLABLE)
def test_valid_call(name):
    _judge(name, valid_checks(name))


@pytest.mark.parametrize("name", CALLABLE, ids=CALLABLE)
def test_bad_inputs(name):
    _judge(name, bad_checks(name))


def test_pending_checks_exist():
    """Every pending check names a check the matrix actually runs (a typo would never go stale)."""
    by_func: dict[str, set] = {}
    for f, c, _ in ci.PENDING_FIXES:
        by_func.setdefault(f, set()).add(c)
    for f, checks in by_func.items():
        ran = set(valid_checks(f)) | set(bad_checks(f))
        assert checks <= ran, f"{f}: PENDING_FIXES lists checks that do not run: {sorted(checks - ran)}"



def test_the_dict_check_can_fail():
    assert "returns a dict" in _dict_problem("some_measure", {"value": 1.0})
    assert "remove 'embedding_recall_at_k'" in _dict_problem("embedding_recall_at_k", (1.0,))
    assert _dict_problem("embedding_recall_at_k", {1: 0.5}) is None
    assert _dict_problem("some_measure", (1.0, 2.0)) is None
