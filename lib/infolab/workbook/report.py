"""A static HTML gallery of every paper and its runs: ``outputs/index.html``."""

from __future__ import annotations

import html
from datetime import datetime, timezone
from pathlib import Path

from .catalogue import available, listing, papers
from .recording import RESULTS_FILE
from .runner import HTML_FILE, MANIFEST_FILE, NOTEBOOK_FILE, PARAMS_FILE
from .runs import Run, list_runs

__all__ = ["write_report"]

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; color: #222; }
h1 { margin-bottom: 0.2rem; } h2 { margin-top: 2.2rem; font-size: 1.15rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.3rem 0.5rem; text-align: left; }
.succeeded { color: #17693a; } .failed { color: #b3261e; font-weight: bold; }
.interrupted, .running { color: #a15c00; } .muted { color: #777; }
.thumbs img { height: 150px; margin: 0.3rem; border: 1px solid #ddd; }
"""


def _link(run: Run, name: str, text: str, base: Path) -> str:
    target = run.path / name
    if not target.exists():
        return ""
    return f'<a href="{html.escape(str(target.relative_to(base)))}">{html.escape(text)}</a>'


def _claims_cell(run: Run) -> str:
    c = run.manifest.get("claims") or {}
    if not c:
        return '<span class="muted">-</span>'
    text = f"{c.get('passed', 0)} passed, {c.get('failed', 0)} failed"
    if c.get("not_reproduced"):
        text += f", {c['not_reproduced']} not reproduced"
    return html.escape(text)


def _run_row(run: Run, base: Path) -> str:
    m = run.manifest
    duration = f"{m['duration_s']:.1f} s" if isinstance(m.get("duration_s"), (int, float)) else "-"
    links = " · ".join(
        x for x in (
            _link(run, HTML_FILE, "notebook", base),
            _link(run, NOTEBOOK_FILE, ".ipynb", base),
            _link(run, PARAMS_FILE, "params", base),
            _link(run, RESULTS_FILE, "results", base),
            _link(run, MANIFEST_FILE, "manifest", base),
        ) if x
    )
    status = html.escape(run.status)
    return (f"<tr><td>{html.escape(run.run_id)}</td><td class=\"{status}\">{status}</td>"
            f"<td>{html.escape(str(m.get('params_set', '')))}</td><td>{_claims_cell(run)}</td>"
            f"<td>{duration}</td><td>{links}</td></tr>")


def _thumbnails(run: Run, base: Path) -> str:
    pngs = sorted((run.path / "figures").glob("*.png")) if (run.path / "figures").is_dir() else []
    if not pngs:
        return ""
    imgs = "".join(
        f'<a href="{html.escape(str(p.relative_to(base)))}"><img src="{html.escape(str(p.relative_to(base)))}" '
        f'alt="{html.escape(p.stem)}" title="{html.escape(p.stem)}"></a>'
        for p in pngs
    )
    return f'<div class="thumbs">{imgs}</div>'


def write_report(root: Path, outputs: Path | None = None) -> Path:
    """Write ``outputs/index.html`` with every paper, its runs, figures and links; return its path."""
    outputs = outputs or root / "outputs"
    outputs.mkdir(parents=True, exist_ok=True)
    with_notebook = set(available(root))
    parts = [
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">",
        "<title>infolab runs</title>", f"<style>{STYLE}</style></head><body>",
        "<h1>infolab: runs of the workbook</h1>",
        f"<p class=\"muted\">Written {datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}. "
        f"{len(with_notebook)} of {len(papers())} papers have a notebook.</p>",
    ]
    summary = ["<table><tr><th>paper</th><th>last run</th><th>claims</th><th>runs</th></tr>"]
    for paper in listing(root):
        if paper.slug not in with_notebook:
            continue
        runs = list_runs(outputs, paper.slug)
        last = runs[-1] if runs else None
        status = html.escape(last.status) if last else "never run"
        summary.append(f'<tr><td><a href="#{paper.slug}">{html.escape(paper.slug)}</a></td>'
                       f'<td class="{status}">{status}</td><td>{_claims_cell(last) if last else ""}</td>'
                       f"<td>{len(runs)}</td></tr>")
    parts += summary + ["</table>"]
    for paper in listing(root):
        runs = list(reversed(list_runs(outputs, paper.slug)))
        arxiv = (f' · <a href="https://arxiv.org/abs/{paper.arxiv}">arXiv:{paper.arxiv}</a>'
                 if paper.arxiv else "")
        parts.append(f"<h2 id=\"{paper.slug}\">{html.escape(paper.slug)}: {html.escape(paper.title)}{arxiv}</h2>")
        if paper.slug not in with_notebook:
            parts.append('<p class="muted">No notebook yet.</p>')
            continue
        if not runs:
            parts.append(f'<p class="muted">No runs yet: <code>infolab run {paper.slug}</code>.</p>')
            continue
        parts.append(_thumbnails(runs[0], outputs))
        parts.append("<table><tr><th>run</th><th>status</th><th>parameters</th><th>claims</th>"
                     "<th>duration</th><th>files</th></tr>")
        parts.extend(_run_row(r, outputs) for r in runs)
        parts.append("</table>")
    parts.append("</body></html>")
    index = outputs / "index.html"
    tmp = index.with_name("index.html.tmp")
    tmp.write_text("\n".join(parts), encoding="utf-8")
    tmp.replace(index)
    return index
