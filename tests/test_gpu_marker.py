"""The one GPU rule of tests/conftest.py: ``@pytest.mark.gpu`` tests skip without CuPy and a device, run with one."""

from __future__ import annotations

import pytest

import infolab.backend
from conftest import ROOT

pytest_plugins = ["pytester"]


@pytest.mark.parametrize("available", [False, True])
def test_gpu_marked_tests_skip_exactly_without_a_gpu(pytester, monkeypatch, available):
    monkeypatch.setattr(infolab.backend, "gpu_available", lambda: available)
    pytester.makeconftest((ROOT / "tests" / "conftest.py").read_text(encoding="utf-8"))
    pytester.makeini("[pytest]\nmarkers =\n    gpu: needs a CUDA GPU with CuPy\n")
    pytester.makepyfile("import pytest\n\n@pytest.mark.gpu\ndef test_on_gpu():\n    pass\n\n"
                        "def test_on_cpu():\n    pass\n")
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "-p", "no:xdist", "-rs")
    if available:
        result.assert_outcomes(passed=2)
    else:
        result.assert_outcomes(passed=1, skipped=1)
        result.stdout.fnmatch_lines(["*needs CuPy and a CUDA device*"])
