"""Collect the public names of a package's family modules into the package namespace."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any


def export_submodules(package_name: str, package_path: list[str], namespace: dict[str, Any]) -> list[str]:
    """Import every public submodule (name not starting with '_') and re-export its ``__all__``.

    Two modules exporting the same name is an error: a family module owns its names.
    """
    exported: dict[str, str] = {}
    for info in sorted(pkgutil.iter_modules(package_path), key=lambda m: m.name):
        if info.name.startswith("_") or info.ispkg:
            continue
        module = importlib.import_module(f"{package_name}.{info.name}")
        for name in getattr(module, "__all__", []):
            if name in exported:
                raise ImportError(
                    f"{package_name}.{info.name} and {package_name}.{exported[name]} both export {name!r}; "
                    "each public name must live in exactly one module."
                )
            exported[name] = info.name
            namespace[name] = getattr(module, name)
    return sorted(exported)
