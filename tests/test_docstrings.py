"""Every public measure documents itself the same way (CONTRIBUTING.md, "Measures").

Each function exported by ``infolab.measures`` has the NumPy-style sections Parameters, Returns,
Notes, References and Examples, and one that takes a logarithm ``base`` says its unit (nats by
default, bits with ``base=2``). The Examples themselves run as doctests in ``make test``.
"""

import inspect
import re

import pytest

import infolab.measures as measures

SECTIONS = ("Parameters", "Returns", "Notes", "References", "Examples")


def _public_functions():
    return sorted(name for name in measures.__all__ if inspect.isfunction(getattr(measures, name)))


def _sections(doc: str) -> set[str]:
    """Section titles of a NumPy docstring: a line followed by a line of dashes of the same length."""
    lines = doc.splitlines()
    return {lines[i].strip() for i in range(len(lines) - 1)
            if re.fullmatch(r"-{3,}", lines[i + 1].strip()) and len(lines[i + 1].strip()) == len(lines[i].strip())}


def test_the_scan_sees_the_whole_package():
    assert len(_public_functions()) > 200


@pytest.mark.parametrize("name", _public_functions())
def test_public_measure_has_every_section(name):
    doc = inspect.getdoc(getattr(measures, name)) or ""
    missing = [s for s in SECTIONS if s not in _sections(doc)]
    assert not missing, f"{name} lacks the docstring section(s) {missing}"


@pytest.mark.parametrize("name", [n for n in _public_functions()
                                  if "base" in inspect.signature(getattr(measures, n)).parameters])
def test_measure_with_a_base_says_its_unit(name):
    doc = inspect.getdoc(getattr(measures, name)) or ""
    assert re.search(r"\bnats?\b", doc) and re.search(r"\bbits?\b", doc), (
        f"{name} takes 'base' but its docstring does not say the unit (nats by default, bits with base=2)")


def test_the_section_scan_can_fail():
    doc = "Summary.\n\nParameters\n----------\nx : array\n\nReturns\n-------\nfloat\n"
    assert _sections(doc) == {"Parameters", "Returns"}
