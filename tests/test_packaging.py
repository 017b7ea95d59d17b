"""The project's promises about itself: dependencies in step, optional CuPy, CLI wiring, clean public API."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

import infolab
from infolab import backend

ROOT = Path(__file__).resolve().parents[1]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_name(r) for r in project["dependencies"]}
    for extra in ("lab", "dev", "peers"):
        wanted |= {_name(r) for r in project["optional-dependencies"][extra]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda, pip = set(), set()
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip |= {_name(r) for r in dep["pip"] if not r.startswith("-e")}
        else:
            conda.add(_name(dep))
    conda -= {"python", "pip"}
    assert wanted == conda | pip, f"only in pyproject: {wanted - conda - pip}; only in environment.yml: {(conda | pip) - wanted}"


def test_cupy_is_optional():
    code = ("import sys; sys.modules['cupy'] = None; import infolab, infolab.measures; "
            "from infolab.backend import gpu_available; assert not gpu_available(); print('ok')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ok"


def test_cli_entry_point_installed():
    out = subprocess.run([sys.executable, "-m", "infolab.workbook.cli", "--help"], capture_output=True, text=True)
    assert out.returncode == 0 and "run" in out.stdout and "report" in out.stdout


def test_public_measures_are_documented():
    from infolab import measures

    for name in measures.__all__:
        func = getattr(measures, name)
        doc = func.__doc__ or ""
        assert doc.strip(), f"{name} has no docstring"


def test_backend_refuses_mixed_arrays():
    class FakeCupy:
        __module__ = "cupy._core"
        shape = (2,)

    import numpy as np
    import pytest

    with pytest.raises(TypeError, match="must live on one device"):
        backend.get_namespace(np.zeros(2), FakeCupy())
    assert backend.get_namespace(np.zeros(2), None, 3.0) is np
    assert backend.resolve_namespace("cpu") is np
    with pytest.raises(ValueError, match="'device' argument"):
        backend.resolve_namespace("tpu")
    assert infolab.__version__


def _submodules(package: str) -> list[str]:
    folder = ROOT / "lib" / Path(*package.split("."))
    return sorted(p.stem for p in folder.glob("*.py") if p.stem != "__init__")


def _imported_modules(path: Path, package: str) -> set[str]:
    """Absolute names of every module that ``path`` (a module of ``package``) imports, anywhere in it."""
    import ast

    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parent + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return found


def test_every_measures_and_data_module_imports_first_in_a_fresh_interpreter():
    for package in ("infolab.measures", "infolab.data"):
        names = _submodules(package)
        assert names, package
        code = ("import importlib, sys\n"
                f"for name in {names!r}:\n"
                "    for loaded in [m for m in sys.modules if m.startswith('infolab')]:\n"
                "        del sys.modules[loaded]\n"
                f"    importlib.import_module('{package}.' + name)\n"
                "print('ok')\n")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr[-2000:]


def test_measures_never_import_data_or_models():
    # The layering is one-way: data and models build on measures, measures build on neither.
    offenders = []
    for name in _submodules("infolab.measures"):
        path = ROOT / "lib" / "infolab" / "measures" / f"{name}.py"
        for module in _imported_modules(path, "infolab.measures"):
            if module.split(".")[:2] in (["infolab", "data"], ["infolab", "models"]):
                offenders.append(f"infolab.measures.{name} imports {module}")
    assert not offenders, offenders


def test_the_import_scan_sees_relative_and_absolute_imports(tmp_path):
    source = tmp_path / "mod.py"
    source.write_text("from ..data.processes import var_sample\nimport infolab.data\n"
                      "def f():\n    from .. import models\n")
    found = _imported_modules(source, "infolab.measures")
    assert {"infolab.data.processes", "infolab.data.processes.var_sample", "infolab.data", "infolab.models"} <= found
    assert not any(m.startswith("infolab.measures.data") for m in found)
