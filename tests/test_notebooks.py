"""Every notebook: stored clean, parameters that match both parameter files, and a quick run whose claims pass."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
import yaml

from infolab.workbook.catalogue import papers
from infolab.workbook.runner import notebook_parameters, run_paper

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
SLUGS = [p.stem for p in NOTEBOOKS]
DETERMINISM_SLUG = "11-diffusion-spectral-entropy"
# Paper statements that a quick run reports as not reproduced (finding), pinned so that a claim
# which starts failing, or a finding which starts passing, is noticed and explained.
EXPECTED_FINDINGS = yaml.safe_load((Path(__file__).with_name("expected_findings.yaml")).read_text()) or {}

_quick_records: dict[str, dict] = {}


def test_there_are_notebooks():
    assert {"03-perfect-reconstruction-lattice", "11-diffusion-spectral-entropy"} <= set(SLUGS)


@pytest.mark.parametrize("slug", SLUGS)
def test_notebook_is_stored_clean(slug):
    nb = nbformat.read(ROOT / "notebooks" / f"{slug}.ipynb", as_version=4)
    nbformat.validate(nb)
    assert slug in {p.slug for p in papers()}, "the name must be a paper's slug from the listing"
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.get("outputs") == [], f"stored outputs in a code cell of {slug}"
            assert cell.get("execution_count") is None, f"stored execution count in {slug}"
    first = nb.cells[0]
    assert first.cell_type == "markdown" and "arxiv" in first.source.lower(), "title cell must cite the paper"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert "parameters" in code[0].metadata.get("tags", []), "the first code cell must be the parameters cell"
    assert "claims_table()" in code[-1].source, "the last code cell must show the claims table"


@pytest.mark.parametrize("slug", SLUGS)
def test_parameter_files_match_the_notebook(slug):
    defaults = notebook_parameters(ROOT / "notebooks" / f"{slug}.ipynb")
    assert "seed" in defaults
    quick = yaml.safe_load((ROOT / "params" / slug / "quick.yaml").read_text())
    full = yaml.safe_load((ROOT / "params" / slug / "full.yaml").read_text())
    assert set(quick) == set(defaults), "quick.yaml must name exactly the notebook's parameters"
    assert set(full) == set(defaults), "full.yaml must name exactly the notebook's parameters"
    assert quick == defaults, "quick.yaml must hold the notebook's own defaults"


def _quick_run(slug: str, outputs: Path):
    result = run_paper(slug, params="quick", root=ROOT, outputs=outputs)
    m = result.manifest
    assert result.status == "succeeded", f"{slug}: {m.get('error')}"
    assert m["claims"]["failed"] == 0 and m["claims"]["passed"] >= 1
    results = json.loads((result.run_dir / "results.json").read_text())
    for fig in results["figures"]:
        assert (result.run_dir / "figures" / f"{fig}.png").is_file()
    findings = sorted(c["name"] for c in results["claims"] if c["passed"] is None)
    assert findings == sorted(EXPECTED_FINDINGS.get(slug, [])), (
        f"{slug}: the statements reported as not reproduced changed; update tests/expected_findings.yaml "
        "and the notebook's text only if the change is understood")
    return results["records"]


@pytest.mark.notebook
@pytest.mark.parametrize(
    "slug", [pytest.param(s, marks=pytest.mark.xdist_group(f"nb-{s}")) for s in SLUGS])
def test_quick_run_passes_every_claim(slug, tmp_path):
    records = _quick_run(slug, tmp_path)
    if slug == DETERMINISM_SLUG:
        _quick_records[slug] = records


@pytest.mark.notebook
@pytest.mark.xdist_group(f"nb-{DETERMINISM_SLUG}")
def test_same_parameters_and_seed_give_identical_records(tmp_path):
    first = _quick_records.get(DETERMINISM_SLUG) or _quick_run(DETERMINISM_SLUG, tmp_path / "a")
    second = _quick_run(DETERMINISM_SLUG, tmp_path / "b")
    assert first == second


def _workbook_files() -> list[Path]:
    """The files of the workbook itself (no hidden folders, caches, or run outputs)."""
    files = []
    for path in ROOT.rglob("*"):
        parts = path.relative_to(ROOT).parts
        if parts[0] == "outputs" or any(p.startswith(".") or p == "__pycache__" for p in parts):
            continue
        files.append(path)
    return sorted(files)


@pytest.mark.notebook
def test_papermill_runs_a_notebook_directly_without_a_run_folder(tmp_path, monkeypatch):
    import papermill as pm

    slug = "30-acemap-structural-entropy-kqi"
    monkeypatch.delenv("INFOLAB_RUN_DIR", raising=False)
    before = _workbook_files()
    pm.execute_notebook(str(ROOT / "notebooks" / f"{slug}.ipynb"), str(tmp_path / "out.ipynb"),
                        parameters=yaml.safe_load((ROOT / "params" / slug / "quick.yaml").read_text()),
                        kernel_name="python3", cwd=str(tmp_path), progress_bar=False)
    out = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    assert "pass" in json.dumps(out.cells[-1].outputs)  # the claims table was shown inline
    after = _workbook_files()
    assert before == after, "an interactive run must not write into the workbook"
