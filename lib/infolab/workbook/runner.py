"""Run a paper's notebook with papermill into a fresh, versioned run folder.

A run folder ``outputs/<paper>/<RUN_ID>/`` holds the executed notebook
(``notebook.ipynb`` and ``notebook.html``), the resolved ``params.yaml``,
``results.json`` (recorded values and claims), ``figures/``, ``run.log`` and
``manifest.json`` (status, timings, git commit, package versions, platform,
device, seed, SHA-256 of every file written; for a failed run the cell that raised;
``html_error`` when the HTML page could not be rendered). RUN_ID sorts by time and names
the parameter set: ``20261128T071203Z-quick-3f9a1c2e``. A run never touches
another run's files; ``outputs/<paper>/latest`` moves only on success.
"""

from __future__ import annotations

import ast
import contextlib
import hashlib
import json
import logging
import os
import platform
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any

import nbformat
import yaml

from .catalogue import Paper, WorkbookError, find_root, resolve_paper
from .claims import COUNT_KEYS, FAIL, NOT_RUN, UNEXPECTED
from .recording import RESULTS_FILE, RUN_DIR_ENV

__all__ = ["RunResult", "format_override", "new_run_dir", "notebook_parameters", "params_hash", "resolve_parameters",
           "run_paper"]

PARAM_SETS = ("quick", "full")
NOTEBOOK_FILE = "notebook.ipynb"
HTML_FILE = "notebook.html"
MANIFEST_FILE = "manifest.json"
PARAMS_FILE = "params.yaml"
LOG_FILE = "run.log"
LATEST = "latest"
KERNEL = "python3"
# A kernel that starts slowly on a loaded machine is waited for, not failed: papermill's default is 60 s.
KERNEL_START_TIMEOUT_S = 600
VERSIONED_PACKAGES = ("infolab", "numpy", "scipy", "matplotlib", "scikit-learn", "papermill", "nbformat",
                      "ipykernel", "pyyaml", "cupy-cuda12x", "cupy")


@dataclass
class RunResult:
    """What ``run_paper`` did: the folder, final status and the manifest written."""

    run_dir: Path
    status: str
    manifest: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status == "succeeded"


# ---------------------------------------------------------------------------
# Parameters
# ---------------------------------------------------------------------------

def _parameters_cell(nb: nbformat.NotebookNode, path: Path):
    cells = [c for c in nb.cells if c.cell_type == "code" and "parameters" in c.get("metadata", {}).get("tags", [])]
    if len(cells) != 1:
        raise WorkbookError(f"{path.name} must have exactly one code cell tagged 'parameters'. Found {len(cells)}.")
    return cells[0]


def notebook_parameters(path: str | os.PathLike) -> dict[str, Any]:
    """The names and literal default values of a notebook's ``parameters`` cell.

    Every statement must be ``name = <literal>`` (numbers, strings, booleans,
    None, lists/tuples/dicts of them): papermill does not recompute derived
    values, so they are not allowed there.
    """
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    cell = _parameters_cell(nb, path)
    try:
        tree = ast.parse(cell.source)
    except SyntaxError as exc:
        raise WorkbookError(f"The parameters cell of {path.name} is not valid Python: {exc}.") from exc
    params: dict[str, Any] = {}
    for stmt in tree.body:
        target = stmt.targets[0] if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 else None
        if isinstance(stmt, ast.AnnAssign):
            target, value = stmt.target, stmt.value
        else:
            value = stmt.value if isinstance(stmt, ast.Assign) else None
        if not isinstance(target, ast.Name) or value is None:
            raise WorkbookError(f"The parameters cell of {path.name} may hold only 'name = literal' lines. "
                                f"Line {stmt.lineno} is not one.")
        try:
            params[target.id] = ast.literal_eval(value)
        except ValueError as exc:
            raise WorkbookError(f"Parameter '{target.id}' of {path.name} must be a literal (no derived values). "
                                f"Line {stmt.lineno} is not.") from exc
    return params


def _load_param_file(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise WorkbookError(f"Parameter file {path} does not exist.")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise WorkbookError(f"Parameter file {path} is not valid YAML: {exc}") from exc
    if data is None:
        return {}
    if not isinstance(data, dict) or not all(isinstance(k, str) for k in data):
        raise WorkbookError(f"Parameter file {path} must be a mapping of parameter names to values. "
                            f"Got {type(data).__name__} instead.")
    return data


def _parse_override(text: str) -> tuple[str, Any]:
    if "=" not in text:
        raise WorkbookError(f"A parameter override must read name=value. Got {text!r}.")
    name, raw = text.split("=", 1)
    name = name.strip()
    try:
        value = yaml.safe_load(raw) if raw.strip() else ""
    except yaml.YAMLError as exc:
        raise WorkbookError(f"The value of override {name!r} is not valid YAML: {exc}") from exc
    return name, value


def resolve_parameters(paper: Paper, root: Path, params: str = "quick", overrides: list[str] | None = None,
                       device: str | None = None, values: dict[str, Any] | None = None) -> tuple[str, dict[str, Any]]:
    """The parameter set's label and the full resolved parameters (defaults, then file, then overrides).

    ``overrides`` are ``"name=value"`` texts (the value parsed as YAML); ``values`` are
    parameter values already parsed (a sweep's point), applied after them. Unknown names
    are an error that lists the valid ones; so is ``device`` for a notebook without a GPU path.
    """
    defaults = notebook_parameters(paper.notebook(root))
    valid = ", ".join(sorted(defaults))
    if params in PARAM_SETS:
        label, file_values = params, _load_param_file(paper.params_dir(root) / f"{params}.yaml")
    else:
        path = Path(params)
        if path.suffix not in (".yaml", ".yml"):
            raise WorkbookError(f"--params must be one of {', '.join(PARAM_SETS)} or a .yaml file. Got {params!r}.")
        label, file_values = "custom-" + "".join(ch if ch.isalnum() else "-" for ch in path.stem), _load_param_file(path)
    unknown = sorted(set(file_values) - set(defaults))
    if unknown:
        raise WorkbookError(f"Unknown parameter(s) {', '.join(unknown)} in {params!r} for {paper.slug}. Valid: {valid}.")
    resolved = {**defaults, **file_values}
    for text in overrides or []:
        name, value = _parse_override(text)
        if name not in defaults:
            raise WorkbookError(f"Unknown parameter {name!r} for {paper.slug}. Valid: {valid}.")
        resolved[name] = value
    for name, value in (values or {}).items():
        if name not in defaults:
            raise WorkbookError(f"Unknown parameter {name!r} for {paper.slug}. Valid: {valid}.")
        resolved[name] = value
    if device is not None:
        if device not in ("cpu", "gpu", "auto"):
            raise WorkbookError(f"--device must be cpu, gpu or auto. Got {device!r}.")
        if "device" in defaults:
            resolved["device"] = device
        elif device != "cpu":
            raise WorkbookError(f"{paper.slug} has no GPU path (no 'device' parameter); run it with --device cpu.")
    return label, resolved


def format_override(name: str, value: Any) -> str:
    """``name=value`` with the value written as YAML, which :func:`resolve_parameters` reads back exactly."""
    text = yaml.safe_dump(value, default_flow_style=True, width=10**9).strip()
    if text.endswith("\n..."):
        text = text[:-4].strip()
    elif text.endswith("..."):
        text = text[:-3].strip()
    return f"{name}={text}"


def params_hash(resolved: dict[str, Any]) -> str:
    """A run's identity: the first 8 hex digits of the SHA-256 of its resolved parameters."""
    blob = json.dumps(resolved, sort_keys=True, default=str).encode()
    return hashlib.sha256(blob).hexdigest()[:8]


# ---------------------------------------------------------------------------
# Run folders and the manifest
# ---------------------------------------------------------------------------

def new_run_dir(paper_outputs: Path, label: str, digest: str, now: datetime | None = None) -> Path:
    """Create a fresh run folder; a second run in the same second gets a numbered suffix."""
    paper_outputs.mkdir(parents=True, exist_ok=True)
    stamp = (now or datetime.now(timezone.utc)).strftime("%Y%m%dT%H%M%SZ")
    base = f"{stamp}-{label}-{digest}"
    for attempt in range(1, 1000):
        candidate = paper_outputs / (base if attempt == 1 else f"{base}-{attempt}")
        try:
            candidate.mkdir()  # atomic: fails if another run took the name
        except FileExistsError:
            continue
        return candidate
    raise WorkbookError(f"Could not create a run folder under {paper_outputs}.")


def _git_info(root: Path) -> dict[str, Any]:
    def git(*args: str) -> str | None:
        try:
            out = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            return None
        return out.stdout.strip() if out.returncode == 0 else None

    commit = git("rev-parse", "HEAD")
    status = git("status", "--porcelain", "--untracked-files=no")
    return {"commit": commit, "dirty": bool(status) if status is not None else None}


def _versions() -> dict[str, str]:
    found = {}
    for name in VERSIONED_PACKAGES:
        with contextlib.suppress(metadata.PackageNotFoundError):
            found[name] = metadata.version(name)
    return found


def _platform() -> dict[str, Any]:
    return {
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "system": platform.system(),
        "release": platform.release(),
        "machine": platform.machine(),
        "cpu_count": os.cpu_count(),
    }


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _file_hashes(run_dir: Path) -> dict[str, str]:
    return {
        str(p.relative_to(run_dir)): _sha256(p)
        for p in sorted(run_dir.rglob("*"))
        if p.is_file() and p.name != MANIFEST_FILE and not p.name.endswith(".tmp")
    }


def _write_json(path: Path, payload: dict[str, Any]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(payload, indent=2), encoding="utf-8")
    os.replace(tmp, path)


def _cells_summary(nb_path: Path) -> dict[str, Any]:
    if not nb_path.exists():
        return {"total": 0, "executed": 0}
    nb = nbformat.read(nb_path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    executed = [c for c in code if c.get("execution_count") is not None]
    failed = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"
              and any(o.get("output_type") == "error" for o in c.get("outputs", []))]
    return {"total": len(code), "executed": len(executed), "error_cells": failed}


def _claims_summary(run_dir: Path) -> dict[str, Any]:
    """Counts of each claim outcome, and the names a reader must look at."""
    path = run_dir / RESULTS_FILE
    results = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    claims = results.get("claims", [])
    checked = {c["name"] for c in claims}
    unchecked = [n for n in results.get("declared", {}) if n not in checked]

    def names(status: str) -> list[str]:
        return [c["name"] for c in claims if c.get("status") == status]

    counts = {key: len(names(status)) for key, status in COUNT_KEYS}
    counts["failed"] += len(unchecked)
    return {
        **counts,
        "failed_names": names(FAIL) + [f"{n} (declared not reproduced, never checked)" for n in unchecked],
        "review_names": names(UNEXPECTED),
        "not_run_names": names(NOT_RUN),
    }


def _render_html(nb_path: Path, html_path: Path) -> None:
    from nbconvert import HTMLExporter  # noqa: PLC0415 - slow import, only when a run ends

    body, _ = HTMLExporter().from_filename(str(nb_path))
    html_path.write_text(body, encoding="utf-8")


def _first_line(source: str) -> str:
    return next((line.strip() for line in source.splitlines() if line.strip()), "")


def _failed_cell(exc, nb_path: Path) -> dict[str, Any]:
    """The cell that raised, as papermill reports it, located in the partial notebook written.

    ``cell_index`` counts the cells of ``notebook.ipynb`` as written (papermill has added its
    parameters cell and two error banners), the numbering of ``cells.error_cells``;
    ``cell_id`` gives the anchor ``notebook.html#cell-id=<cell_id>``.
    """
    where: dict[str, Any] = {"cell_index": exc.cell_index, "cell_id": None,
                             "execution_count": exc.exec_count, "first_line": _first_line(exc.source or "")}
    with contextlib.suppress(OSError, ValueError):  # no readable partial notebook: papermill's index stands
        cells = nbformat.read(nb_path, as_version=4).cells
        for index, cell in enumerate(cells):
            if (cell.cell_type == "code" and cell.get("execution_count") == exc.exec_count
                    and cell.source == exc.source):
                where.update(cell_index=index, cell_id=cell.get("id"))
                break
    return where


def _append_log(path: Path, level: str, text: str) -> None:
    stamp = datetime.now().strftime("%Y-%m-%d %H:%M:%S")
    with path.open("a", encoding="utf-8") as fh:
        fh.write(f"{stamp} {level} {text.rstrip()}\n")


def _point_latest(paper_outputs: Path, run_dir: Path) -> None:
    link = paper_outputs / LATEST
    tmp = paper_outputs / f".{LATEST}.{os.getpid()}"
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    tmp.symlink_to(run_dir.name, target_is_directory=True)
    os.replace(tmp, link)


@contextlib.contextmanager
def _run_environment(run_dir: Path):
    previous = os.environ.get(RUN_DIR_ENV)
    os.environ[RUN_DIR_ENV] = str(run_dir)
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(RUN_DIR_ENV, None)
        else:
            os.environ[RUN_DIR_ENV] = previous


@contextlib.contextmanager
def _kernel_sockets():
    """Kernel configuration that talks over Unix sockets in a private folder, not TCP ports.

    A TCP kernel's ports are picked free by the client and bound later by the kernel: with several
    runs starting at once (a sweep, parallel tests) another process can take one in between, and
    the kernel dies with "Address already in use". Sockets in a folder of our own cannot collide.
    """
    from traitlets.config import Config

    with tempfile.TemporaryDirectory(prefix="infolab-kernel-") as folder:
        yield Config({"KernelManager": {"transport": "ipc", "ip": os.path.join(folder, "kernel")}})


@contextlib.contextmanager
def _log_to(path: Path):
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    logger = logging.getLogger("papermill")
    old_level = logger.level
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
        handler.close()


def run_paper(name: str, params: str = "quick", overrides: list[str] | None = None, device: str | None = None,
              root: str | os.PathLike | None = None, outputs: str | os.PathLike | None = None,
              echo: bool = False, command: str | None = None, values: dict[str, Any] | None = None,
              git: dict[str, Any] | None = None) -> RunResult:
    """Execute a paper's notebook into a new run folder and return the outcome.

    Parameters
    ----------
    name : str
        Paper slug ("11-diffusion-spectral-entropy") or number ("11").
    params : str
        "quick", "full" or the path of a YAML file.
    overrides : list of "name=value"
        Values parsed as YAML, applied last.
    device : {"cpu", "gpu", "auto"}, optional
        Sets the notebook's ``device`` parameter.
    root, outputs : path, optional
        Workbook root (see :func:`find_root`) and outputs folder (default
        ``<root>/outputs``).
    echo : bool
        Also print the notebook's output as it runs (otherwise a terminal shows
        a progress bar over the cells; the output is always in ``run.log``).
    command : str, optional
        The command line that asked for the run, kept in the manifest.
    values : dict, optional
        Parameter values already parsed (a sweep's point), applied after ``overrides``.
    git : dict, optional
        The ``commit`` and ``dirty`` flag to record, when the caller runs a temporary copy
        of the workbook (a sweep's worker); by default they are read from ``root``.

    Raises
    ------
    WorkbookError
        For an unknown paper or bad parameters; nothing is executed then.
    KeyboardInterrupt
        Re-raised after the folder is marked ``interrupted``.
    """
    import papermill as pm  # noqa: PLC0415 - slow import

    root_path = find_root(root)
    paper = resolve_paper(name, root_path)
    label, resolved = resolve_parameters(paper, root_path, params, overrides, device, values)
    out_root = Path(outputs) if outputs is not None else root_path / "outputs"
    paper_outputs = paper.outputs_dir(out_root)
    run_dir = new_run_dir(paper_outputs, label, params_hash(resolved))

    (run_dir / PARAMS_FILE).write_text(yaml.safe_dump(resolved, sort_keys=True), encoding="utf-8")
    started = datetime.now(timezone.utc)
    manifest: dict[str, Any] = {
        "paper": paper.slug,
        "title": paper.title,
        "arxiv": paper.arxiv,
        "run_id": run_dir.name,
        "status": "running",
        "params_set": label,
        "params_hash": params_hash(resolved),
        "seed": resolved.get("seed"),
        "device": resolved.get("device", "cpu"),
        "started": started.isoformat(),
        "git": dict(git) if git is not None else _git_info(root_path),
        "packages": _versions(),
        "platform": _platform(),
        "command": command,
        "overrides": list(overrides or []) + [format_override(k, v) for k, v in (values or {}).items()],
        "pid": os.getpid(),
        "host": platform.node(),
    }
    _write_json(run_dir / MANIFEST_FILE, manifest)

    status, error = "failed", None
    t0 = time.perf_counter()
    nb_out = run_dir / NOTEBOOK_FILE
    interrupted: BaseException | None = None
    try:
        with _run_environment(run_dir), _log_to(run_dir / LOG_FILE), _kernel_sockets() as kernel_config:
            pm.execute_notebook(
                str(paper.notebook(root_path)), str(nb_out), parameters=resolved, kernel_name=KERNEL,
                cwd=str(run_dir), log_output=True, progress_bar=sys.stderr.isatty() and not echo, stdout_file=sys.stdout if echo else None,
                stderr_file=sys.stderr if echo else None, config=kernel_config, start_timeout=KERNEL_START_TIMEOUT_S,
            )
        status = "succeeded"
    except KeyboardInterrupt as exc:
        status, error, interrupted = "interrupted", {"type": "KeyboardInterrupt", "message": "stopped by the user"}, exc
    except pm.PapermillExecutionError as exc:
        error = {"type": exc.ename, "message": exc.evalue, **_failed_cell(exc, nb_out)}
    except Exception as exc:  # kernel died, notebook unreadable, ...
        error = {"type": type(exc).__name__, "message": str(exc)}

    claims = _claims_summary(run_dir)
    if status == "succeeded":
        if claims["failed"]:
            status, error = "failed", {"type": "ClaimFailed", "message": f"claims failed: {', '.join(claims['failed_names'])}"}
        elif claims["passed"] + claims["not_reproduced"] + claims["reproduced_declared_not"] == 0:
            status, error = "failed", {"type": "NoClaims", "message": "the notebook checked no claim"}
    html_error = None
    if nb_out.exists():
        try:
            _render_html(nb_out, run_dir / HTML_FILE)
        except Exception as exc:  # the run's checks stand; the manifest says the HTML is missing
            html_error = {"type": type(exc).__name__, "message": str(exc)}
            with contextlib.suppress(FileNotFoundError):
                (run_dir / HTML_FILE).unlink()  # no half-written page
            _append_log(run_dir / LOG_FILE, "ERROR", f"rendering {HTML_FILE} failed, so the run has no HTML page:\n"
                        + traceback.format_exc())
    finished = datetime.now(timezone.utc)
    manifest.update({
        "status": status,
        "finished": finished.isoformat(),
        "duration_s": round(time.perf_counter() - t0, 3),
        "cells": _cells_summary(nb_out),
        "claims": claims,
        "error": error,
        "html_error": html_error,
        "files": _file_hashes(run_dir),
    })
    _write_json(run_dir / MANIFEST_FILE, manifest)
    if status == "succeeded":
        _point_latest(paper_outputs, run_dir)
    if interrupted is not None:
        raise interrupted
    return RunResult(run_dir=run_dir, status=status, manifest=manifest)
