"""Every notebook: stored clean and to the notebook standard, parameters that match both parameter files,
declared non-reproductions pinned for both parameter sets, and a quick run whose claims pass on a clean page."""

from __future__ import annotations

import ast
import builtins
import json
import re
from pathlib import Path

import nbformat
import pytest
import yaml

from infolab.workbook import claims as claims_api
from infolab.workbook import recording
from infolab.workbook.catalogue import papers
from infolab.workbook.runner import PARAM_SETS, notebook_parameters, run_paper

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
SLUGS = [p.stem for p in NOTEBOOKS]
DETERMINISM_SLUG = "11-diffusion-spectral-entropy"
# Paper statements each notebook declares not reproduced, per parameter set, pinned so that a change to a
# declaration is seen in review (the run itself reports a declared statement that starts to hold).
EXPECTED_FINDINGS = yaml.safe_load((Path(__file__).with_name("expected_findings.yaml")).read_text()) or {}
# Words that mean nothing to a reader of the workbook: how it was made, not what it says.
INTERNAL_WORDS = re.compile(r"\b(cards?|issues? #?\d+|front[- ]doors?)\b", re.IGNORECASE)
# Cell output that is noise on a page: warnings, reprs of objects nobody asked to see.
NOISE = re.compile(r"Warning|PosixPath\(|<threadpoolctl|<matplotlib\.|\bText\(|<Figure size| at 0x[0-9a-f]+>")
KINDS = {"reproduced", "analogue", "theory illustrated"}
CLAIM_CALLS = {"claim", "not_run", "declare_not_reproduced"}
BUILTIN_NAMES = set(dir(builtins))

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


def _read(slug: str):
    return nbformat.read(ROOT / "notebooks" / f"{slug}.ipynb", as_version=4)


@pytest.mark.parametrize("slug", SLUGS)
def test_notebook_teaches(slug):
    """A takeaway after the claims table, at least two "Try it" prompts, a Claims section, a gallery line."""
    nb = _read(slug)
    markdown = [c.source for c in nb.cells if c.cell_type == "markdown"]
    assert nb.cells[-1].cell_type == "markdown" and nb.cells[-1].source.lstrip().startswith("## What this shows"), (
        f"{slug}: the notebook must end with a '## What this shows' Markdown cell")
    assert sum("**Try it**" in m for m in markdown) >= 2, f"{slug}: at least two '**Try it**' prompts"
    assert any(m.lstrip().startswith("## Claims") for m in markdown), f"{slug}: a '## Claims' section"
    meta = nb.metadata.get("infolab", {})
    assert isinstance(meta.get("reproduces"), str) and meta["reproduces"].strip(), (
        f"{slug}: metadata infolab.reproduces must say in one line what the notebook reproduces")
    assert meta.get("kind") in KINDS, f"{slug}: metadata infolab.kind must be one of {sorted(KINDS)}"


@pytest.mark.parametrize("slug", SLUGS)
def test_notebook_speaks_the_projects_own_words(slug):
    for i, cell in enumerate(_read(slug).cells):
        hit = INTERNAL_WORDS.search(cell.source)
        assert hit is None, f"{slug}, cell {i}: {hit.group(0)!r} means nothing to a reader"


def test_library_speaks_the_projects_own_words():
    for path in sorted((ROOT / "lib").rglob("*.py")):
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            hit = INTERNAL_WORDS.search(line)
            assert hit is None, f"{path.relative_to(ROOT)}:{lineno}: {hit.group(0)!r} means nothing to a reader"


def _call_name(node: ast.Call) -> str | None:
    f = node.func
    return f.id if isinstance(f, ast.Name) else (f.attr if isinstance(f, ast.Attribute) else None)


def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}


def _names(expr: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(expr) if isinstance(n, ast.Name)}


def _chosen_claims(source: str, params: set[str]) -> list[str]:
    """Claim calls whose execution is decided by something other than the notebook's parameters."""
    tree = ast.parse(source)
    parent = _parents(tree)
    problems = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and _call_name(node) in CLAIM_CALLS):
            continue
        if _call_name(node) == "claim" and len(node.args) >= 2 and isinstance(node.args[1], ast.Constant) \
                and isinstance(node.args[1].value, bool):
            problems.append(f"line {node.lineno}: claim with a literal {node.args[1].value}")
        child, up = node, parent.get(node)
        loop_vars: set[str] = set()
        chain = []
        while up is not None:
            chain.append((up, child))
            child, up = up, parent.get(up)
        for up, child in reversed(chain):   # outermost first, so loop variables are known when tests use them
            if isinstance(up, ast.For) and child is not up.iter:
                if _names(up.iter) <= params | BUILTIN_NAMES | loop_vars:
                    loop_vars |= _names(up.target)
            elif isinstance(up, (ast.If, ast.While, ast.IfExp)) and child is not up.test:
                bad = _names(up.test) - params - BUILTIN_NAMES - loop_vars
                if bad:
                    problems.append(f"line {node.lineno}: {_call_name(node)}(...) under a condition on "
                                    f"{', '.join(sorted(bad))} (results decide nothing; use parameters)")
            elif isinstance(up, (ast.ExceptHandler, ast.Try)) and child in getattr(up, "handlers", [up]):
                problems.append(f"line {node.lineno}: {_call_name(node)}(...) chosen by an exception")
    return problems


@pytest.mark.parametrize("slug", SLUGS)
def test_no_claim_is_chosen(slug):
    """Outcomes are computed by the workbook: no finding(), no literal verdict, no claim-or-not chosen by a result."""
    params = set(notebook_parameters(ROOT / "notebooks" / f"{slug}.ipynb"))
    problems = []
    for i, cell in enumerate(_read(slug).cells):
        if cell.cell_type != "code":
            continue
        if re.search(r"\bfinding\(", cell.source):
            problems.append(f"cell {i}: finding() is gone; declare the statement up front instead")
        problems += [f"cell {i}, {p}" for p in _chosen_claims(cell.source, params)]
    assert not problems, f"{slug}: " + "; ".join(problems)


def test_the_scan_catches_a_chosen_claim():
    params = {"seed", "train_epochs"}
    chosen = """
if gap <= 0.5:
    claim("resilient", gap, at_most(0.5), source="paper")
else:
    not_run("resilient", reason="it failed")
"""
    fine = """
for d in [d for d in dims if d > 1]:
    claim("x", d, at_least(1), source="exact")
if train_epochs > 0:
    claim("trained", acc, at_least(0.9), source="paper")
else:
    not_run(["trained"], reason="full parameters only")
"""
    assert len(_chosen_claims(chosen, params)) == 2
    assert _chosen_claims("claim('c', True, equal_to(True), source='x')", params)
    assert _chosen_claims(fine, params | {"dims"}) == []


def _declared(slug: str, param_set: str) -> list[str]:
    """The statements the notebook's declarations cell declares not reproduced under a parameter set."""
    nb = _read(slug)
    code = [c for c in nb.cells if c.cell_type == "code"]
    cells = [c for c in code if "declarations" in c.metadata.get("tags", [])]
    if not cells:
        return []
    assert len(cells) == 1 and code[1] is cells[0], (
        f"{slug}: one 'declarations' cell, right after the parameters cell (up front)")
    values = yaml.safe_load((ROOT / "params" / slug / f"{param_set}.yaml").read_text())
    recording.reset()
    try:
        exec(compile(cells[0].source, f"{slug}:declarations", "exec"), dict(values))  # parameters only
        return sorted(recording.results()["declared"])
    finally:
        recording.reset()


@pytest.mark.parametrize("param_set", PARAM_SETS)
@pytest.mark.parametrize("slug", SLUGS)
def test_declared_non_reproductions_are_pinned(slug, param_set, monkeypatch):
    monkeypatch.delenv(recording.RUN_DIR_ENV, raising=False)
    pinned = sorted((EXPECTED_FINDINGS.get(slug) or {}).get(param_set, []))
    assert _declared(slug, param_set) == pinned, (
        f"{slug} ({param_set}): the statements declared not reproduced changed; update "
        "tests/expected_findings.yaml together with the notebook's text if the change is understood")


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
    assert not m["claims"]["review_names"], (
        f"{slug}: declared not reproduced, but they hold in this run: {m['claims']['review_names']}; review the "
        "declaration and tests/expected_findings.yaml")
    results = json.loads((result.run_dir / "results.json").read_text())
    for fig in results["figures"]:
        assert (result.run_dir / "figures" / f"{fig}.png").is_file()
    assert sorted(results["declared"]) == sorted((EXPECTED_FINDINGS.get(slug) or {}).get("quick", []))
    _assert_clean_page(slug, result.run_dir / "notebook.ipynb", results["claims"])
    return results["records"]


def _output_texts(output) -> list[str]:
    if output.get("output_type") == "stream":
        return [output.get("text", "")]
    if output.get("output_type") == "error":
        return [output.get("ename", "") + ": " + output.get("evalue", "")]
    data = output.get("data", {})
    # beside an image, text/plain is only the front end's fallback ("<Figure size 640x480 with 1 Axes>")
    shown = ("text/html",) if any(k.startswith("image/") for k in data) else ("text/plain", "text/html")
    return [data[k] if isinstance(data[k], str) else "".join(data[k]) for k in shown if k in data]


def _assert_clean_page(slug: str, executed: Path, claims: list[dict]) -> None:
    """No warnings or stray reprs in any cell output; the claims table shown once, with a row per claim."""
    nb = nbformat.read(executed, as_version=4)
    tables = 0
    for i, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            for text in _output_texts(output):
                if 'class="infolab-claims"' in text:
                    tables += 1
                    assert text.count('class="claim-row"') == len(claims), f"{slug}: one table row per claim"
                    continue
                hit = NOISE.search(text)
                assert hit is None, f"{slug}, cell {i}: noise in the output: {text[max(0, hit.start() - 80):hit.end() + 80]!r}"
                assert not re.search(r"^\[(PASS|FAIL|NOT REPRODUCED)\]", text, re.M), f"{slug}, cell {i}: claims printed"
    assert tables == 1, f"{slug}: the claims table must be shown exactly once (found {tables})"
    statuses = {c["status"] for c in claims}
    assert statuses <= set(claims_api.STATUSES)


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
    last_code = [c for c in out.cells if c.cell_type == "code"][-1]
    assert "infolab-claims" in json.dumps(last_code.outputs)  # the claims table was shown inline
    after = _workbook_files()
    assert before == after, "an interactive run must not write into the workbook"
