"""The workbook's front page, ``outputs/index.html``: what the workbook is, every paper, its runs.

The page is rendered from ``templates/index.html.j2`` with Jinja2 (autoescaped).
This module only gathers plain data for it: the papers with a notebook (their
``nb.metadata["infolab"]`` of ``reproduces`` and ``kind`` when present), each
one's latest run (figures, claim outcomes with their reasons), every run and
every sweep, then the papers without a notebook. Every link on the page is relative to the
outputs folder and points at a file that exists; the page loads nothing from
the network (arXiv links are plain links).
"""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import nbformat
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .catalogue import Paper, available, listing
from .claims import (
    COUNT_KEYS,
    FAIL,
    NOT_REPRODUCED,
    NOT_RUN,
    PASS,
    STATUSES,
    UNEXPECTED,
    claims_summary_text,
    format_value,
)
from .recording import RESULTS_FILE
from .runner import (
    HTML_FILE,
    LOG_FILE,
    MANIFEST_FILE,
    NOTEBOOK_FILE,
    PARAM_SETS,
    PARAMS_FILE,
)
from .runs import Run, list_runs
from .sweep import list_sweeps

__all__ = ["write_report", "notebook_info"]

TEMPLATE = "index.html.j2"
KINDS = ("reproduced", "analogue", "theory illustrated")
RUN_STATUSES = ("succeeded", "failed", "interrupted", "running", "abandoned")
RUNS_SHOWN = 8  # newest runs in a paper's table; older ones fold into a <details>
RUN_FILES = ((HTML_FILE, "notebook"), (NOTEBOOK_FILE, ".ipynb"), (PARAMS_FILE, "params"),
             (RESULTS_FILE, "results"), (MANIFEST_FILE, "manifest"), (LOG_FILE, "log"))
# Outcome -> CSS class.
OUTCOME_CLASS = {PASS: "pass", FAIL: "fail", NOT_REPRODUCED: "nr", UNEXPECTED: "review", NOT_RUN: "notrun"}


def notebook_info(path: Path) -> dict[str, str]:
    """``reproduces`` and ``kind`` from a notebook's ``metadata["infolab"]``; what is missing or malformed is left out."""
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception:  # unreadable or invalid notebook: the page shows the paper without its line
        return {}
    meta = nb.metadata.get("infolab")
    if not isinstance(meta, dict):
        return {}
    info = {}
    for key in ("reproduces", "kind"):
        value = meta.get(key)
        if isinstance(value, str) and value.strip():
            info[key] = value.strip()
    return info


# ---------------------------------------------------------------------------
# One run
# ---------------------------------------------------------------------------

def _rel(path: Path, base: Path) -> str:
    return Path(os.path.relpath(path, base)).as_posix()


def _duration(value: Any) -> str:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return ""
    if value < 60:
        return f"{value:.1f} s"
    minutes, seconds = divmod(round(value), 60)
    return f"{minutes} min {seconds:02d} s" if minutes < 60 else f"{minutes // 60} h {minutes % 60:02d} min"


def _started(run: Run) -> str:
    text = run.manifest.get("started")
    try:
        when = datetime.fromisoformat(str(text))
    except ValueError:
        return ""
    return when.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def _params(run: Run) -> dict[str, Any]:
    """The run's parameter set: kind (quick/full/custom), label and the ``-p`` overrides given on top of it."""
    label = str(run.manifest.get("params_set") or "")
    kind = label if label in PARAM_SETS else ("custom" if label else "")
    given = run.manifest.get("overrides") or []
    changed = [str(c) if len(str(c)) <= 40 else str(c)[:39] + "…" for c in given]
    return {"kind": kind, "label": label or "?", "changed": changed,
            "title": f"parameters: {label}" + (f"; {', '.join(changed)} (given with -p)" if changed else "")}


def _counts(run: Run, claims: list[dict[str, Any]]) -> dict[str, Any]:
    """The manifest's claim counts; for a run still going, counted from results.json."""
    counts = run.manifest.get("claims")
    if isinstance(counts, dict) and counts:
        return counts
    by = {s: sum(c.get("status") == s for c in claims) for s in STATUSES}
    return {key: by[status] for key, status in COUNT_KEYS}


def _claim_view(c: dict[str, Any]) -> dict[str, str]:
    return {"name": str(c.get("name", "")), "status": str(c.get("status", "")),
            "cls": OUTCOME_CLASS.get(c.get("status"), "other"),
            "expected": format_value(c.get("expected")), "observed": format_value(c.get("observed")),
            "source": str(c.get("source") or ""), "note": str(c.get("note") or ""),
            "reason": str(c.get("reason") or "")}


def _run_view(run: Run, base: Path) -> dict[str, Any]:
    m = run.manifest
    status = run.status
    try:
        results = run.results()
    except (OSError, ValueError):
        results = {}
    claims = [c for c in results.get("claims", []) if isinstance(c, dict)]
    counts = _counts(run, claims)
    any_claims = any(int(counts.get(key, 0) or 0) for key, _ in COUNT_KEYS)
    error = m.get("error") if isinstance(m.get("error"), dict) else None
    return {
        "id": run.run_id,
        "status": status,
        "status_cls": status if status in RUN_STATUSES else "other",
        "started": _started(run),
        "params": _params(run),
        "duration": _duration(m.get("duration_s")),
        "counts": counts,
        "claims_text": claims_summary_text(counts) if any_claims else "",
        "claims_short": claims_summary_text(counts, short=True) if any_claims else "",
        "error": f"{error.get('type', '')}: {error.get('message', '')}".strip(": ") if error else "",
        "error_type": str(error.get("type", "")) if error else "",
        "error_cell": _error_cell(run, error, base),
        "html_error": _html_error(m),
        "links": [{"href": _rel(run.path / name, base), "text": text}
                  for name, text in RUN_FILES if (run.path / name).is_file()],
        "claims": claims,
        "declared": results.get("declared") if isinstance(results.get("declared"), dict) else {},
        "run": run,
    }


def _error_cell(run: Run, error: dict[str, Any] | None, base: Path) -> dict[str, str] | None:
    """The cell that raised, as a link into the rendered notebook when there is one."""
    if not error or error.get("cell_index") is None:
        return None
    text = f"raised in cell {error['cell_index']}"
    if error.get("first_line"):
        text += f": {error['first_line']}"
    page = run.path / HTML_FILE
    href = _rel(page, base) + f"#cell-id={error['cell_id']}" if error.get("cell_id") and page.is_file() else ""
    return {"text": text, "href": href}


def _html_error(m: dict[str, Any]) -> str:
    err = m.get("html_error")
    if not isinstance(err, dict):
        return ""
    return f"the notebook could not be rendered to HTML ({err.get('type', '')}: {err.get('message', '')})"


def _claims_panel(view: dict[str, Any]) -> dict[str, Any]:
    """The latest run's claims: counts by outcome, what to look at, and the reasons."""
    claims = [_claim_view(c) for c in view["claims"]]
    checked = {c["name"] for c in claims}
    # a finished run whose declared non-reproduction was never checked: the runner counts it failed
    never = [] if view["status"] == "running" else [
        {"name": n, "status": "declared, never checked", "cls": "fail", "expected": "", "observed": "",
         "source": "", "note": "", "reason": str(r)}
        for n, r in view["declared"].items() if n not in checked]
    counts = view["counts"]
    chips = [{"n": int(counts.get(key, 0) or 0), "label": status, "cls": OUTCOME_CLASS[status]}
             for key, status in COUNT_KEYS]
    return {
        "text": view["claims_text"],
        "chips": [c for c in chips if c["n"]],
        "failed": [c for c in claims if c["status"] == FAIL] + never,
        "review": [c for c in claims if c["status"] == UNEXPECTED],
        "not_reproduced": [c for c in claims if c["status"] == NOT_REPRODUCED],
        "not_run": [c for c in claims if c["status"] == NOT_RUN],
        "all": claims + never,
    }


def _figures(run: Run, base: Path) -> list[dict[str, str]]:
    folder = run.path / "figures"
    if not folder.is_dir():
        return []
    return [{"src": _rel(p, base), "name": p.stem.replace("_", " ")} for p in sorted(folder.glob("*.png"))]


# ---------------------------------------------------------------------------
# The page
# ---------------------------------------------------------------------------

def _sweep_view(state: dict[str, Any], base: Path) -> dict[str, Any]:
    """One sweep: what it swept, how its points ended, its records and summary figures."""
    folder = state["folder"]
    points = [p for p in state.get("points", []) if isinstance(p, dict)]
    by = {s: sum(p.get("status") == s for p in points) for s in ("succeeded", "failed", "interrupted", "pending")}
    grid = state.get("grid") if isinstance(state.get("grid"), dict) else {}
    axes = [f"{name} × {len(values)}" for name, values in grid.items() if isinstance(values, list)]
    files = [{"href": _rel(folder / name, base), "text": text}
             for name, text in (("sweep.json", "sweep.json"), ("records.csv", "records"),
                                ("records.parquet", "parquet")) if (folder / name).is_file()]
    figures = [{"src": _rel(f, base), "name": f.stem.replace("_", " ")}
               for f in sorted((folder / "figures").glob("*.png"))] if (folder / "figures").is_dir() else []
    status = str(state.get("status", "unknown"))
    return {"id": folder.name, "status": status, "status_cls": status if status in RUN_STATUSES else "other",
            "params": str(state.get("params", "")), "mode": str(state.get("mode", "")), "axes": axes,
            "n": len(points), "counts": {k: v for k, v in by.items() if v}, "files": files, "figures": figures}


def _paper_view(paper: Paper, root: Path, outputs: Path) -> dict[str, Any]:
    info = notebook_info(paper.notebook(root))
    kind = info.get("kind", "")
    runs = [_run_view(r, outputs) for r in reversed(list_runs(outputs, paper.slug))]
    # the latest run is the newest one that has finished (one still going is listed in the table)
    latest = next((v for v in runs if v["status"] != "running"), runs[0] if runs else None)
    # the latest run's figures, else those of the newest older run that has any (a failed run may stop before them)
    figures, figures_run = [], None
    for view in runs[runs.index(latest):] if latest else []:
        figures = _figures(view["run"], outputs)
        if figures:
            figures_run = view
            break
    return {
        "slug": paper.slug, "number": f"{paper.number:02d}", "title": paper.title, "arxiv": paper.arxiv,
        "reproduces": info.get("reproduces", ""), "kind": kind,
        "kind_cls": kind.replace(" ", "-") if kind in KINDS else "other",
        "runs": runs[:RUNS_SHOWN], "older_runs": runs[RUNS_SHOWN:], "n_runs": len(runs),
        "latest": latest, "claims": _claims_panel(latest) if latest else None,
        "figures": figures,
        "figures_run": figures_run if figures_run is not latest else None,
        "sweeps": [_sweep_view(state, outputs) for state in reversed(list_sweeps(paper.outputs_dir(outputs)))],
    }


def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(Path(__file__).with_name("templates")), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def render_report(root: Path, outputs: Path) -> str:
    """The front page's HTML for the workbook at ``root`` and the runs under ``outputs``."""
    with_notebook = set(available(root))
    papers = listing(root)
    shown = [_paper_view(p, root, outputs) for p in papers if p.slug in with_notebook]
    pending = [{"slug": p.slug, "number": f"{p.number:02d}", "title": p.title, "arxiv": p.arxiv}
               for p in papers if p.slug not in with_notebook]
    return _environment().get_template(TEMPLATE).render(
        papers=shown, pending=pending, n_listed=len(papers), n_run=sum(1 for p in shown if p["runs"]),
        written=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    )


def write_report(root: Path, outputs: Path | None = None) -> Path:
    """Write ``outputs/index.html``, the workbook's front page, and return its path."""
    outputs = outputs or root / "outputs"
    outputs.mkdir(parents=True, exist_ok=True)
    text = render_report(root, outputs)
    index = outputs / "index.html"
    tmp = index.with_name("index.html.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(index)
    return index
