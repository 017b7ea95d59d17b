"""Reading run folders back: listing runs, finding one by name, comparing two."""

from __future__ import annotations

import json
import math
import os
import platform
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .catalogue import WorkbookError
from .recording import RESULTS_FILE
from .runner import MANIFEST_FILE, PARAMS_FILE

__all__ = ["Run", "list_runs", "find_run", "compare_runs"]


@dataclass(frozen=True)
class Run:
    """A run folder and its manifest (and results, when written)."""

    path: Path
    manifest: dict[str, Any]

    @property
    def paper(self) -> str:
        return self.path.parent.name

    @property
    def run_id(self) -> str:
        return self.path.name

    @property
    def status(self) -> str:
        """The manifest's status; a 'running' run whose process is gone on this host reads 'abandoned'."""
        status = self.manifest.get("status", "unknown")
        pid = self.manifest.get("pid")
        if status == "running" and isinstance(pid, int) and self.manifest.get("host") == platform.node():
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return "abandoned"
            except PermissionError:
                pass
        return status

    def results(self) -> dict[str, Any]:
        path = self.path / RESULTS_FILE
        if not path.exists():
            return {"records": {}, "claims": [], "figures": []}
        return json.loads(path.read_text(encoding="utf-8"))

    def params_text(self) -> str:
        path = self.path / PARAMS_FILE
        return path.read_text(encoding="utf-8") if path.exists() else ""


def _load(path: Path) -> Run | None:
    manifest_path = path / MANIFEST_FILE
    if not manifest_path.is_file():
        return None
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError:
        manifest = {"status": "unreadable"}
    return Run(path=path, manifest=manifest)


def list_runs(outputs: Path, paper: str | None = None) -> list[Run]:
    """Every run folder under ``outputs`` (optionally one paper's), oldest first."""
    if not outputs.is_dir():
        return []
    papers = [outputs / paper] if paper else sorted(p for p in outputs.iterdir() if p.is_dir())
    runs: list[Run] = []
    for folder in papers:
        if not folder.is_dir():
            continue
        for child in sorted(folder.iterdir()):
            if child.is_dir() and not child.is_symlink():
                run = _load(child)
                if run is not None:
                    runs.append(run)
    return runs


def find_run(spec: str, outputs: Path) -> Run:
    """A run from a folder path, ``paper/RUN_ID``, ``paper/latest`` or a bare RUN_ID."""
    candidates = [Path(spec), outputs / spec]
    for path in candidates:
        if path.is_dir():
            run = _load(path.resolve())
            if run is not None:
                return run
    matches = [r for r in list_runs(outputs) if r.run_id == spec]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise WorkbookError(f"RUN_ID {spec!r} exists for several papers; write it as PAPER/{spec}.")
    raise WorkbookError(f"No run {spec!r} under {outputs}. Give a run folder, PAPER/RUN_ID or a RUN_ID.")


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for k, v in value.items():
            out.update(_flatten(v, f"{prefix}.{k}" if prefix else str(k)))
        return out
    return {prefix: value}


def _number(v: Any) -> float | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return float(v)
    return None


def _describe_change(a: Any, b: Any) -> str | None:
    """A one-line description of how a recorded value moved, or None if unchanged."""
    if a == b:
        return None
    na, nb = _number(a), _number(b)
    if na is not None and nb is not None:
        rel = abs(nb - na) / abs(na) if na not in (0.0,) and math.isfinite(na) else float("inf")
        return f"{na:.6g} -> {nb:.6g} (diff {nb - na:+.3g}, rel {rel:.3g})"
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        pairs = [(_number(x), _number(y)) for x, y in zip(a, b, strict=True)]
        if all(x is not None and y is not None for x, y in pairs):
            worst = max(abs(y - x) for x, y in pairs) if pairs else 0.0
            return f"list of {len(a)}: max |diff| {worst:.3g}"
    return f"{_short(a)} -> {_short(b)}"


def _short(v: Any) -> str:
    text = json.dumps(v)
    return text if len(text) <= 60 else text[:57] + "..."


def compare_runs(a: Run, b: Run) -> str:
    """A plain-text report of how parameters, recorded values and claims moved from run A to run B."""
    lines = [f"A: {a.paper}/{a.run_id} ({a.status})", f"B: {b.paper}/{b.run_id} ({b.status})", ""]
    import yaml  # noqa: PLC0415

    pa, pb = yaml.safe_load(a.params_text()) or {}, yaml.safe_load(b.params_text()) or {}
    changed = sorted(k for k in set(pa) | set(pb) if pa.get(k) != pb.get(k))
    lines.append("Parameters: " + ("same" if not changed else ""))
    lines += [f"  {k}: {_short(pa.get(k))} -> {_short(pb.get(k))}" for k in changed]
    ra, rb = _flatten(a.results().get("records", {})), _flatten(b.results().get("records", {}))
    moved = [(k, _describe_change(ra.get(k), rb.get(k))) for k in sorted(set(ra) | set(rb))]
    moved = [(k, d) for k, d in moved if d is not None]
    lines.append(f"Recorded values: {len(ra)} in A, {len(rb)} in B, {len(moved)} differ")
    lines += [f"  {k}: {d}" for k, d in moved]
    ca = {c["name"]: c for c in a.results().get("claims", [])}
    cb = {c["name"]: c for c in b.results().get("claims", [])}
    lines.append("Claims:")
    for name in sorted(set(ca) | set(cb)):
        va = ca[name]["status"] if name in ca else "absent"
        vb = cb[name]["status"] if name in cb else "absent"
        obs = _describe_change(ca.get(name, {}).get("observed"), cb.get(name, {}).get("observed"))
        lines.append(f"  {name}: {va} -> {vb}" + (f"; observed {obs}" if obs else ""))
    return "\n".join(lines)
