"""The packages re-export their family modules' names lazily: every name resolves, none is owned twice,
and importing a package does not import what its caller never uses."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

from infolab._registry import export_submodules

PACKAGES = ["infolab.measures", "infolab.data", "infolab.models"]


@pytest.mark.parametrize("package", PACKAGES)
def test_every_exported_name_resolves_to_its_family_module(package):
    pkg = importlib.import_module(package)
    assert pkg.__all__ == sorted(set(pkg.__all__)) and pkg.__all__
    for name in pkg.__all__:
        value = getattr(pkg, name)
        owner = [m for m in pkg.__dict__.values()
                 if getattr(m, "__name__", "").startswith(package + ".") and name in getattr(m, "__all__", ())]
        assert len(owner) == 1 and getattr(owner[0], name) is value, name
    assert set(pkg.__all__) <= set(dir(pkg))


def test_a_name_a_package_does_not_have_is_an_attribute_error():
    import infolab.measures as measures
    with pytest.raises(AttributeError, match="no attribute 'no_such_measure'"):
        measures.no_such_measure  # noqa: B018


def test_two_modules_exporting_one_name_is_an_import_error(tmp_path):
    pkg = tmp_path / "fam"
    pkg.mkdir()
    (pkg / "a.py").write_text('__all__ = ["shared", "only_a"]\nshared = only_a = 1\n')
    (pkg / "b.py").write_text('__all__ = [\n    "shared",\n]\nshared = 2\n')
    with pytest.raises(ImportError, match="fam.b and fam.a both export 'shared'"):
        export_submodules("fam", [str(pkg)], {})


def test_a_listed_name_that_is_not_defined_is_named(tmp_path, monkeypatch):
    pkg = tmp_path / "fam2"
    pkg.mkdir()
    (pkg / "__init__.py").write_text(
        "from infolab._registry import export_submodules\n"
        "__all__, __getattr__, __dir__ = export_submodules(__name__, __path__, globals())\n")
    (pkg / "a.py").write_text('__all__ = ["defined", "missing"]\ndefined = 3\n')
    monkeypatch.syspath_prepend(str(tmp_path))
    fam = importlib.import_module("fam2")
    assert fam.__all__ == ["defined", "missing"] and fam.defined == 3
    with pytest.raises(ImportError, match="fam2.a lists 'missing' in __all__ but does not define it"):
        fam.missing  # noqa: B018


def test_importing_the_measures_loads_no_family_module_until_a_name_is_used():
    code = ("import sys, infolab.measures as m; "
            "before = sorted(k for k in sys.modules if k.startswith('infolab.measures.') and '._' not in k); "
            "m.entropy_from_labels; "
            "after = sorted(k for k in sys.modules if k.startswith('infolab.measures.') and '._' not in k); "
            "print(before, 'scipy.stats' in sys.modules, 'sklearn' in sys.modules, after)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[] False False ['infolab.measures.discrete']"
