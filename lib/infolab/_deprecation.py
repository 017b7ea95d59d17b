"""Renaming public names without breaking callers: old keywords and old function names keep working.

A renamed keyword or function keeps its old spelling for at least one minor release. Using the
old spelling emits a ``FutureWarning`` that names the new one; passing both the old and the new
keyword is an error. The new name is the only one in signatures and docstrings.

Results that used to be plain dicts are records now (frozen dataclasses deriving from
:class:`KeyAccessDeprecated`): ``result["key"]`` still works, with a ``FutureWarning`` that names
the attribute to use instead.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import warnings
from typing import Any, Callable, ClassVar, TypeVar

__all__ = ["renamed_parameter", "deprecated_alias", "KeyAccessDeprecated"]

F = TypeVar("F", bound=Callable[..., Any])


def renamed_parameter(old: str, new: str, since: str = "0.2") -> Callable[[F], F]:
    """Decorator: accept the keyword ``old`` as a deprecated spelling of the parameter ``new``.

    Parameters
    ----------
    old : str
        The former keyword name; it must not be a parameter of the decorated function.
    new : str
        The current name, a parameter of the decorated function.
    since : str, default "0.2"
        Release in which ``old`` was deprecated, quoted in the warning.

    Returns
    -------
    callable
        A decorator. The wrapped function has the signature and docstring of the original;
        ``f(old=v)`` warns with ``FutureWarning`` and calls ``f(new=v)``; ``f(old=v, new=w)``
        raises ``TypeError``.

    Examples
    --------
    >>> import warnings
    >>> @renamed_parameter("n_neighbors", "k")
    ... def count(*, k=3):
    ...     return k
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     count(n_neighbors=5)
    5
    >>> str(caught[0].message)
    "'n_neighbors' of count is deprecated; use 'k' (renamed in 0.2)."
    """
    if not (isinstance(old, str) and old.isidentifier()):
        raise TypeError(f"The 'old' parameter of renamed_parameter must be a keyword name. Got {old!r} instead.")
    if not (isinstance(new, str) and new.isidentifier()) or new == old:
        raise TypeError(f"The 'new' parameter of renamed_parameter must be a keyword name other than {old!r}. "
                        f"Got {new!r} instead.")

    def decorate(func: F) -> F:
        params = inspect.signature(func).parameters
        if new not in params:
            raise TypeError(f"The 'new' parameter of renamed_parameter must name a parameter of "
                            f"{func.__qualname__}. Got {new!r} instead.")
        if old in params:
            raise TypeError(f"The 'old' parameter of renamed_parameter must not be a current parameter of "
                            f"{func.__qualname__}. Got {old!r} instead.")
        name = func.__name__

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if old in kwargs:
                if new in kwargs:
                    raise TypeError(f"The '{old}' parameter of {name} is the deprecated name of '{new}'; give only "
                                    f"'{new}'. Got both {old}={kwargs[old]!r} and {new}={kwargs[new]!r} instead.")
                warnings.warn(f"'{old}' of {name} is deprecated; use '{new}' (renamed in {since}).",
                              FutureWarning, stacklevel=2)
                kwargs[new] = kwargs.pop(old)
            return func(*args, **kwargs)

        renamed = dict(getattr(func, "__renamed_parameters__", {}))
        renamed[old] = new
        wrapper.__renamed_parameters__ = renamed  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate


def deprecated_alias(new_func: Callable[..., Any], old_name: str, since: str = "0.2") -> Callable[..., Any]:
    """A function named ``old_name`` that warns with ``FutureWarning`` and calls ``new_func``.

    Parameters
    ----------
    new_func : callable
        The function under its current name.
    old_name : str
        The former public name.
    since : str, default "0.2"
        Release in which ``old_name`` was deprecated, quoted in the warning.

    Returns
    -------
    callable
        Same signature as ``new_func``; its docstring points to the new name. It carries
        ``__deprecated_alias_of__``, the new name.

    Examples
    --------
    >>> import warnings
    >>> def total(values):
    ...     return sum(values)
    >>> add_up = deprecated_alias(total, "add_up")
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     add_up([1, 2, 3])
    6
    >>> str(caught[0].message)
    "'add_up' is deprecated; use 'total' (renamed in 0.2)."
    """
    if not callable(new_func):
        raise TypeError(f"The 'new_func' parameter of deprecated_alias must be a callable. Got {new_func!r} instead.")
    if not (isinstance(old_name, str) and old_name.isidentifier()):
        raise TypeError(f"The 'old_name' parameter of deprecated_alias must be an identifier. Got {old_name!r} instead.")
    new_name = new_func.__name__
    if old_name == new_name:
        raise ValueError(f"The 'old_name' parameter of deprecated_alias must differ from the new name. "
                         f"Got {old_name!r} instead.")

    @functools.wraps(new_func)
    def alias(*args: Any, **kwargs: Any) -> Any:
        warnings.warn(f"'{old_name}' is deprecated; use '{new_name}' (renamed in {since}).",
                      FutureWarning, stacklevel=2)
        return new_func(*args, **kwargs)

    alias.__name__ = old_name
    alias.__qualname__ = old_name
    alias.__doc__ = (f"Deprecated alias of :func:`{new_name}` (renamed in {since}); use ``{new_name}``.\n\n"
                     f"Calls ``{new_name}`` with the same arguments after a ``FutureWarning``.\n")
    alias.__deprecated_alias_of__ = new_name  # type: ignore[attr-defined]
    return alias


class KeyAccessDeprecated:
    """Base class of a record that used to be a dict: the old ``result["key"]`` warns and still works.

    Derive a frozen dataclass from it. ``result[key]`` returns the field of the same name after a
    ``FutureWarning`` ("result['key'] is deprecated; use result.key"); ``result.keys()`` gives the
    old keys, also with a warning, so ``dict(result)`` and ``**result`` keep working. A former key
    that is not the field's name is listed in the class variable ``_renamed_keys`` (old key ->
    field name). An unknown key raises ``KeyError``, as the dict did.

    Examples
    --------
    >>> import dataclasses, warnings
    >>> @dataclasses.dataclass(frozen=True)
    ... class Fit(KeyAccessDeprecated):
    ...     residual: float
    ...     n_iter: int
    >>> fit = Fit(residual=0.5, n_iter=3)
    >>> fit.residual
    0.5
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     fit["residual"]
    0.5
    >>> str(caught[0].message)
    "result['residual'] is deprecated; use result.residual"
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", FutureWarning)
    ...     dict(fit)
    {'residual': 0.5, 'n_iter': 3}
    """

    __slots__ = ()
    _renamed_keys: ClassVar[dict[str, str]] = {}

    def _old_keys(self) -> tuple[str, ...]:
        by_field = {field: key for key, field in self._renamed_keys.items()}
        return tuple(by_field.get(f.name, f.name) for f in dataclasses.fields(self))  # type: ignore[arg-type]

    def __getitem__(self, key: str) -> Any:
        if not isinstance(key, str):
            raise KeyError(key)
        field = self._renamed_keys.get(key, key)
        if field not in {f.name for f in dataclasses.fields(self)}:  # type: ignore[arg-type]
            raise KeyError(key)
        warnings.warn(f"result[{key!r}] is deprecated; use result.{field}", FutureWarning, stacklevel=2)
        return getattr(self, field)

    def keys(self) -> tuple[str, ...]:
        """The former dict keys, with a ``FutureWarning``: read the fields as attributes instead."""
        warnings.warn("result.keys() is deprecated; read the fields as attributes "
                      "(dataclasses.fields(result) lists them)", FutureWarning, stacklevel=2)
        return self._old_keys()
