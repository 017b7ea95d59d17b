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
