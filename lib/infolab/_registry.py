"""Collect the public names of a package's family modules into the package namespace, lazily.

A family module is imported the first time one of its names is used, so ``import infolab.measures``
does not pay for SciPy's statistics, scikit-learn or a model kit that the caller never touches.
The names are read from each module's literal ``__all__`` without importing it.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from pathlib import Path
from typing import Any, Callable

_ALL = re.compile(r"^__all__ = \[", re.MULTILINE)


def _declared_names(path: Path) -> list[str]:
    """The names in a module's top-level ``__all__ = [...]`` literal, read from its source."""
    source = path.read_text(encoding="utf-8")
    match = _ALL.search(source)
    if match is None:
        return []
    start = match.end() - 1
    depth = 0
    for end in range(start, len(source)):
        depth += {"[": 1, "]": -1}.get(source[end], 0)
        if depth == 0:
            break
    names = ast.literal_eval(source[start:end + 1])
    if not all(isinstance(n, str) for n in names):
        raise ImportError(f"{path}: __all__ must be a literal list of names")
    return list(names)


def export_submodules(package_name: str, package_path: list[str],
                      namespace: dict[str, Any]) -> tuple[list[str], Callable[[str], Any], Callable[[], list[str]]]:
    """Map every public name of the package's public submodules to its module, to be imported on first use.

    Returns ``(__all__, __getattr__, __dir__)`` for the package's ``__init__``. Two modules exporting
    the same name is an error: a family module owns its names.
    """
    owner: dict[str, str] = {}
    submodules: set[str] = set()
    for info in sorted(pkgutil.iter_modules(package_path), key=lambda m: m.name):
        if info.name.startswith("_") or info.ispkg:
            continue
        submodules.add(info.name)
        for name in _declared_names(Path(info.module_finder.path) / f"{info.name}.py"):
            if name in owner:
                raise ImportError(
                    f"{package_name}.{info.name} and {package_name}.{owner[name]} both export {name!r}; "
                    "each public name must live in exactly one module."
                )
            owner[name] = info.name

    def __getattr__(name: str) -> Any:
        if name in owner:
            module = importlib.import_module(f"{package_name}.{owner[name]}")
            try:
                value = getattr(module, name)
            except AttributeError:
                raise ImportError(f"{package_name}.{owner[name]} lists {name!r} in __all__ but does not define it"
                                  ) from None
            namespace[name] = value
            return value
        if name in submodules:
            return importlib.import_module(f"{package_name}.{name}")
        raise AttributeError(f"module {package_name!r} has no attribute {name!r}")

    def __dir__() -> list[str]:
        return sorted(set(namespace) | set(owner) | submodules)

    return sorted(owner), __getattr__, __dir__
