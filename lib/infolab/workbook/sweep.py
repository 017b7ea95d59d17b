"""Sweeps: many ordinary runs of one notebook over a grid of parameters, on Dask.

``infolab sweep 11 -g seed=0:10 -g sigma=5,10,20`` runs every point of the grid
(the product of the values, or ``--zip`` to pair them) as an ordinary run with its
own run folder and manifest, on a ``dask.distributed`` cluster: an embedded
``LocalCluster`` by default, or any running Dask scheduler by address
(``--scheduler tcp://HOST:8786``: a ``dask scheduler`` on another machine, a
``dask-jobqueue`` SLURM cluster, Kubernetes; for one worker per GPU, a
``dask-cuda`` ``LocalCUDACluster``).

Workers need not share a filesystem with the client. The client sends each worker
the notebook and its parameter files; the worker executes the notebook in a
temporary workbook, in a fresh Python process, and returns the run folder's files;
the client alone writes ``outputs/`` (a new folder per run, never an existing one).

A sweep folder ``outputs/<paper>/sweeps/<SWEEP_ID>/`` holds ``sweep.json`` (the
grid, each point's parameters hash, status and run folder, every attempt),
``records.csv`` (every number ``record``-ed by the succeeded points, nested dicts
flattened and short lists element by element, one row per point and number, by the
swept parameters; ``records.parquet`` too when pyarrow is installed) and ``figures/``: each record against each swept parameter, the mean
and the 5-95% range over the other parameters and seeds.

Faults: a point whose notebook raises or fails a claim is marked failed and the
sweep goes on; a point whose worker dies (a killed process) is retried once, then
marked failed; Ctrl-C stops the sweep, marks the unfinished points interrupted and
keeps every finished run. ``--resume SWEEP_ID`` runs only the points without a
successful run, matched by their parameters hash.
"""

from __future__ import annotations

import contextlib
import csv
import itertools
import json
import logging
import math
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from .catalogue import Paper, WorkbookError, find_root, resolve_paper
from .recording import RESULTS_FILE
from .runner import (
    LATEST,
    MANIFEST_FILE,
    PARAM_SETS,
    _git_info,
    _write_json,
    new_run_dir,
    params_hash,
    resolve_parameters,
)
from .runs import _flatten

__all__ = ["PointOutcome", "RunRequest", "SweepResult", "connect", "parse_grid", "run_requests", "sweep"]

SWEEPS_DIR = "sweeps"
SWEEP_FILE = "sweep.json"
RECORDS_CSV = "records.csv"
RECORDS_PARQUET = "records.parquet"
FIGURES_DIR = "figures"
PANELS_PER_FIGURE = 12
LIST_ELEMENTS = 16  # numeric list records up to this length are gathered element by element
# A point whose worker dies is retried once on a fresh worker, then marked failed.
ALLOWED_WORKER_DEATHS = 1
SUCCEEDED, FAILED, INTERRUPTED, PENDING = "succeeded", "failed", "interrupted", "pending"


# ---------------------------------------------------------------------------
# The grid
# ---------------------------------------------------------------------------

def _parse_values(name: str, spec: str) -> list[Any]:
    """``0:10`` (a range, as Python's), ``5,10,20`` or a YAML list ``[[1, 2], [3]]``."""
    spec = spec.strip()
    if not spec:
        raise WorkbookError(f"The grid values of {name!r} are empty; write e.g. {name}=0:10 or {name}=5,10,20.")
    if spec.startswith("["):
        try:
            values = yaml.safe_load(spec)
        except yaml.YAMLError as exc:
            raise WorkbookError(f"The grid values of {name!r} are not a valid YAML list: {exc}") from exc
        if not isinstance(values, list):
            raise WorkbookError(f"The grid values of {name!r} must be a YAML list. Got {spec!r}.")
    elif ":" in spec and all(part.strip().lstrip("-").isdigit() for part in spec.split(":")):
        parts = [int(part) for part in spec.split(":")]
        if len(parts) not in (2, 3) or (len(parts) == 3 and parts[2] == 0):
            raise WorkbookError(f"The range of {name!r} must read start:stop or start:stop:step (step not 0). "
                                f"Got {spec!r}.")
        values = list(range(*parts))
    else:
        try:
            values = [yaml.safe_load(part) for part in spec.split(",")]
        except yaml.YAMLError as exc:
            raise WorkbookError(f"A grid value of {name!r} is not valid YAML: {exc}") from exc
    if not values:
        raise WorkbookError(f"The grid values of {name!r} are empty ({spec!r} gives no value).")
    return values


def parse_grid(specs: Iterable[str]) -> dict[str, list[Any]]:
    """The swept parameters and their values, in order, from ``name=values`` texts.

    Examples
    --------
    >>> parse_grid(["seed=0:3", "sigma=5,10.5", "dims=[[1, 2], [3]]"])
    {'seed': [0, 1, 2], 'sigma': [5, 10.5], 'dims': [[1, 2], [3]]}
    """
    grid: dict[str, list[Any]] = {}
    for text in specs:
        if "=" not in text:
            raise WorkbookError(f"A grid axis must read name=values (e.g. seed=0:10 or sigma=5,10,20). Got {text!r}.")
        name, spec = (part.strip() for part in text.split("=", 1))
        if not name:
            raise WorkbookError(f"A grid axis needs a parameter name before '='. Got {text!r}.")
        if name in grid:
            raise WorkbookError(f"The grid names {name!r} twice; give each parameter one -g.")
        grid[name] = _parse_values(name, spec)
    if not grid:
        raise WorkbookError("A sweep needs at least one grid axis: -g name=values (e.g. -g seed=0:10).")
    return grid


def grid_points(grid: dict[str, list[Any]], zipped: bool = False) -> list[dict[str, Any]]:
    """The points of the grid: the product of the values, or the values paired in order (``zipped``)."""
    names = list(grid)
    if zipped:
        lengths = {name: len(values) for name, values in grid.items()}
        if len(set(lengths.values())) != 1:
            raise WorkbookError(f"--zip pairs the values in order, so every axis needs as many values. Got {lengths}.")
        rows = zip(*grid.values(), strict=True)
    else:
        rows = itertools.product(*grid.values())
    return [dict(zip(names, row, strict=True)) for row in rows]


# ---------------------------------------------------------------------------
# One run on a worker
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class RunRequest:
    """Everything a worker needs to execute one run, with no access to the client's files."""

    slug: str
    notebook: bytes
    param_files: dict[str, bytes]
    params: str
    values: dict[str, Any] = field(default_factory=dict)
    overrides: tuple[str, ...] = ()
    device: str | None = None
    git: dict[str, Any] | None = None
    command: str | None = None

    @classmethod
    def for_paper(cls, paper: Paper, root: Path, params: str, *, values: dict[str, Any] | None = None,
                  overrides: Iterable[str] = (), device: str | None = None, command: str | None = None,
                  git: dict[str, Any] | None = None) -> RunRequest:
        files = {p.name: p.read_bytes() for p in sorted(paper.params_dir(root).glob("*.yaml"))}
        if params not in PARAM_SETS:  # a custom YAML file travels under its own name
            path = Path(params)
            files[f"custom/{path.name}"] = path.read_bytes()
            params = f"custom/{path.name}"
        return cls(slug=paper.slug, notebook=paper.notebook(root).read_bytes(), param_files=files, params=params,
                   values=dict(values or {}), overrides=tuple(overrides), device=device,
                   git=git if git is not None else _git_info(root), command=command)


def _safe_relative(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise WorkbookError(f"A worker returned a file outside its run folder: {name!r}.")
    return path


def execute_request(request: RunRequest) -> dict[str, Any]:
    """Run one request in a temporary workbook (a fresh Python process) and return its run folder's files.

    This is what a Dask worker executes. The notebook runs in its own process, so
    runs never share environment variables, matplotlib state or memory, and a
    multi-threaded worker may run several at once.
    """
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="infolab-point-") as tmp:
        root = Path(tmp) / "workbook"
        (root / "notebooks").mkdir(parents=True)
        (root / "notebooks" / f"{request.slug}.ipynb").write_bytes(request.notebook)
        params_dir = root / "params" / request.slug
        for name, blob in request.param_files.items():
            target = params_dir / _safe_relative(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(blob)
        params = request.params if request.params in PARAM_SETS else str(params_dir / request.params)
        outputs = Path(tmp) / "outputs"
        job = {"slug": request.slug, "params": params, "values": request.values,
               "overrides": list(request.overrides), "device": request.device, "root": str(root),
               "outputs": str(outputs), "git": request.git, "command": request.command}
        env = {**os.environ, "INFOLAB_ROOT": str(root)}
        done = subprocess.run([sys.executable, "-c", "from infolab.workbook.sweep import _run_job; _run_job()"],
                              input=json.dumps(job), capture_output=True, text=True, env=env, cwd=tmp)
        folders = [p for p in (outputs / request.slug).glob("*") if p.is_dir() and not p.is_symlink()] \
            if (outputs / request.slug).is_dir() else []
        if len(folders) != 1:
            tail = (done.stderr or done.stdout or "").strip().splitlines()[-5:]
            return {"run_id": None, "files": {}, "error": " / ".join(tail) or f"exit status {done.returncode}",
                    "worker_seconds": time.perf_counter() - started}
        folder = folders[0]
        files = {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
        return {"run_id": folder.name, "files": files, "error": None, "worker_seconds": time.perf_counter() - started}


def _watch_parent() -> None:
    """Exit when the worker that started this process dies, instead of running on as an orphan."""
    parent = os.getppid()

    def watch() -> None:
        while True:
            threading.Event().wait(1.0)
            if os.getppid() != parent:
                os._exit(3)

    threading.Thread(target=watch, daemon=True).start()


def _run_job() -> None:
    """Entry point of the worker's child process: one run, described as JSON on stdin."""
    from .runner import run_paper  # noqa: PLC0415

    _watch_parent()
    job = json.loads(sys.stdin.read())
    result = run_paper(job["slug"], params=job["params"], overrides=job["overrides"], device=job["device"],
                       root=job["root"], outputs=job["outputs"], command=job["command"], values=job["values"],
                       git=job["git"])
    sys.exit(0 if result.ok else 1)


# ---------------------------------------------------------------------------
# The client: the one writer of outputs/
# ---------------------------------------------------------------------------

@dataclass
class PointOutcome:
    """What became of one request: its status, the run folder written by the client, and any error."""

    status: str
    run_dir: Path | None = None
    manifest: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    worker_seconds: float | None = None  # the worker's whole time on it: process start, run, HTML, packing


def _point_latest_if_newer(paper_outputs: Path, run_dir: Path) -> None:
    link = paper_outputs / LATEST
    current = os.readlink(link) if link.is_symlink() else None
    if current is not None and current > run_dir.name:
        return  # points finish out of order: latest names the newest successful run
    tmp = paper_outputs / f".{LATEST}.{os.getpid()}.{threading.get_ident()}"
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    tmp.symlink_to(run_dir.name, target_is_directory=True)
    os.replace(tmp, link)


def adopt_run(outputs: Path, slug: str, payload: dict[str, Any]) -> PointOutcome:
    """Write a run folder returned by a worker under ``outputs/<slug>/``, never into an existing folder."""
    if payload.get("run_id") is None:
        return PointOutcome(status=FAILED, error=f"no run folder was written: {payload.get('error')}")
    paper_outputs = outputs / slug
    paper_outputs.mkdir(parents=True, exist_ok=True)
    name = payload["run_id"]
    for attempt in range(1, 1000):
        run_dir = paper_outputs / (name if attempt == 1 else f"{name}-{attempt}")
        try:
            run_dir.mkdir()  # atomic: another run with that name is never touched
            break
        except FileExistsError:
            continue
    else:  # pragma: no cover - a thousand runs of one point in one second
        raise WorkbookError(f"Could not create a run folder for {name} under {paper_outputs}.")
    for rel, blob in payload["files"].items():
        target = run_dir / _safe_relative(rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(blob)
    manifest_path = run_dir / MANIFEST_FILE
    manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
    if manifest and manifest.get("run_id") != run_dir.name:
        manifest["run_id"] = run_dir.name
        _write_json(manifest_path, manifest)
    status = manifest.get("status", FAILED)
    if status == SUCCEEDED:
        _point_latest_if_newer(paper_outputs, run_dir)
    error = manifest.get("error") or {}
    return PointOutcome(status=status, run_dir=run_dir, manifest=manifest,
                        error=f"{error.get('type')}: {error.get('message')}" if error else None,
                        worker_seconds=payload.get("worker_seconds"))


def _bokeh_available() -> bool:
    import importlib.util  # noqa: PLC0415

    return importlib.util.find_spec("bokeh") is not None


@contextlib.contextmanager
def connect(scheduler: str | None = None, workers: int | None = None):
    """A ``dask.distributed`` client: to the scheduler at ``scheduler``, or to an embedded ``LocalCluster``.

    The embedded cluster has ``workers`` single-threaded worker processes (default:
    the number of CPU cores), each restarted by its nanny if it dies; a run that was
    on a dying worker is retried once, then reported failed. With ``scheduler``, the
    retry count is that scheduler's ``distributed.scheduler.allowed-failures``.
    """
    import dask  # noqa: PLC0415 - slow import, only when sweeping
    from distributed import Client, LocalCluster  # noqa: PLC0415

    if scheduler is not None and workers is not None:
        raise WorkbookError("Give either --scheduler (an existing Dask cluster) or --workers (an embedded one), "
                            "not both.")
    if workers is not None and (isinstance(workers, bool) or not isinstance(workers, int) or workers < 1):
        raise WorkbookError(f"--workers must be a positive number of worker processes. Got {workers!r}.")
    if scheduler is not None:
        try:
            client = Client(scheduler, timeout="30s")
        except OSError as exc:
            raise WorkbookError(f"No Dask scheduler answers at {scheduler}: {exc}") from exc
        try:
            yield client
        finally:
            client.close()
        return
    n = workers or os.cpu_count() or 1
    try:
        with dask.config.set({"distributed.scheduler.allowed-failures": ALLOWED_WORKER_DEATHS}):
            cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                   dashboard_address=":0",  # a free port, so two clusters never collide
                                   silence_logs=logging.ERROR)
    except Exception as exc:  # e.g. worker processes cannot re-import a __main__ read from stdin
        raise WorkbookError(f"Could not start a local Dask cluster of {n} worker processes: {exc}. From a script, "
                            "call sweep() under `if __name__ == '__main__':`.") from exc
    client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def dashboard_line(client) -> str:
    if _bokeh_available():
        with contextlib.suppress(Exception):
            return f"Dask dashboard: {client.dashboard_link}"
    return "Dask dashboard: not available (install bokeh to watch the workers in a browser)"


def run_requests(client, requests: list[RunRequest], outputs: Path, *,
                 on_done: Callable[[int, PointOutcome], None] | None = None,
                 progress: bool = True, desc: str = "runs") -> list[PointOutcome]:
    """Execute the requests on the cluster; write each returned run folder as it arrives.

    Returns one outcome per request, in order. ``on_done(index, outcome)`` is called as
    each finishes. On Ctrl-C the remaining runs are cancelled and marked interrupted
    (every finished run is already written), then ``KeyboardInterrupt`` is re-raised.
    """
    from distributed import as_completed  # noqa: PLC0415
    from distributed.scheduler import KilledWorker  # noqa: PLC0415
    from tqdm.auto import tqdm  # noqa: PLC0415

    outcomes: list[PointOutcome | None] = [None] * len(requests)
    futures = {client.submit(execute_request, request, pure=False, key=f"infolab-run-{request.slug}-{i}-"
                             f"{os.urandom(4).hex()}"): i for i, request in enumerate(requests)}
    bar = tqdm(total=len(requests), desc=desc, unit="run", disable=not progress or not sys.stderr.isatty())
    try:
        for future in as_completed(futures):
            i = futures[future]
            try:
                outcome = adopt_run(outputs, requests[i].slug, future.result())
            except KilledWorker:
                outcome = PointOutcome(status=FAILED, error=f"its worker died {ALLOWED_WORKER_DEATHS + 1} times "
                                                            "(killed or out of memory); not retried again")
            except Exception as exc:  # the worker function itself raised: the point fails, the rest go on
                outcome = PointOutcome(status=FAILED, error=f"{type(exc).__name__}: {exc}")
            outcomes[i] = outcome
            bar.update(1)
            if on_done is not None:
                on_done(i, outcome)
    except KeyboardInterrupt:
        client.cancel(list(futures))
        for i, outcome in enumerate(outcomes):
            if outcome is None:
                outcomes[i] = PointOutcome(status=INTERRUPTED, error="stopped by the user")
                if on_done is not None:
                    on_done(i, outcomes[i])
        raise
    finally:
        bar.close()
    return [o for o in outcomes if o is not None]


# ---------------------------------------------------------------------------
# A sweep
# ---------------------------------------------------------------------------

@dataclass
class SweepResult:
    """A finished (or interrupted) sweep: its folder, overall status and its points (as in ``sweep.json``)."""

    sweep_dir: Path
    status: str
    points: list[dict[str, Any]]

    @property
    def ok(self) -> bool:
        return self.status == SUCCEEDED

    def count(self, status: str) -> int:
        return sum(p["status"] == status for p in self.points)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat()


def _plain(value: Any) -> Any:
    """A value as JSON keeps it (tuples become lists), so a resumed sweep resolves it the same."""
    return json.loads(json.dumps(value))


def _resolve_points(paper: Paper, root: Path, params: str, overrides: list[str], device: str | None,
                    points: list[dict[str, Any]]) -> list[str]:
    hashes = []
    for values in points:
        _, resolved = resolve_parameters(paper, root, params, overrides, device, values)
        hashes.append(params_hash(resolved))
    seen: dict[str, int] = {}
    for i, digest in enumerate(hashes):
        if digest in seen:
            raise WorkbookError(f"Grid points {seen[digest] + 1} and {i + 1} resolve to the same parameters "
                                f"({points[i]}); every point must differ.")
        seen[digest] = i
    return hashes


def sweep(paper_name: str, grid: dict[str, list[Any]] | None = None, *, params: str = "quick",
          overrides: list[str] | None = None, zipped: bool = False, device: str | None = None,
          scheduler: str | None = None, workers: int | None = None, resume: str | None = None,
          root: str | os.PathLike | None = None, outputs: str | os.PathLike | None = None,
          command: str | None = None, progress: bool = True,
          echo: Callable[[str], None] | None = None) -> SweepResult:
    """Run a grid of ordinary runs of one paper's notebook on Dask and gather their records.

    Parameters
    ----------
    paper_name : str
        Paper slug or number.
    grid : dict of name -> list of values
        The swept parameters (see :func:`parse_grid`); not given with ``resume``.
    params, overrides, device
        As for ``infolab run``: the parameter set, fixed ``name=value`` overrides, the device.
    zipped : bool
        Pair the axes' values in order instead of taking their product.
    scheduler, workers
        An existing Dask scheduler's address, or the number of worker processes of the
        embedded ``LocalCluster`` (default: one per CPU core).
    resume : str, optional
        A SWEEP_ID of this paper: run only its points without a successful run.
    echo : callable, optional
        Receives one-line messages (the sweep folder, the dashboard address).

    Raises
    ------
    WorkbookError
        For an unknown paper, parameter or sweep, or a bad grid; nothing runs then.
    KeyboardInterrupt
        After the unfinished points are marked interrupted in ``sweep.json``.
    """
    say = echo or (lambda text: None)
    if scheduler is not None and workers is not None:
        raise WorkbookError("Give either --scheduler (an existing Dask cluster) or --workers (an embedded one), "
                            "not both.")
    root_path = find_root(root)
    paper = resolve_paper(paper_name, root_path)
    out_root = Path(outputs) if outputs is not None else root_path / "outputs"
    sweeps_dir = paper.outputs_dir(out_root) / SWEEPS_DIR

    if resume is not None:
        if grid:
            raise WorkbookError("--resume continues a sweep with its own grid; give no -g with it.")
        sweep_dir = sweeps_dir / resume
        if not (sweep_dir / SWEEP_FILE).is_file():
            have = sorted(p.name for p in sweeps_dir.glob("*") if (p / SWEEP_FILE).is_file()) if sweeps_dir.is_dir() else []
            raise WorkbookError(f"No sweep {resume!r} of {paper.slug}. Sweeps: {', '.join(have) or 'none'}.")
        state = json.loads((sweep_dir / SWEEP_FILE).read_text(encoding="utf-8"))
        params, overrides, device = state["params"], state["overrides"], state["device"]
        points = [p["values"] for p in state["points"]]
        hashes = _resolve_points(paper, root_path, params, overrides, device, points)
        changed = [i + 1 for i, (p, h) in enumerate(zip(state["points"], hashes, strict=True)) if p["params_hash"] != h]
        if changed:
            raise WorkbookError(f"The notebook's parameters changed since sweep {resume} started (points "
                                f"{', '.join(map(str, changed))} now resolve differently); start a new sweep.")
    else:
        if not grid:
            raise WorkbookError("A sweep needs at least one grid axis: -g name=values (e.g. -g seed=0:10).")
        overrides = list(overrides or [])
        points = [{k: _plain(v) for k, v in point.items()} for point in grid_points(grid, zipped)]
        hashes = _resolve_points(paper, root_path, params, overrides, device, points)
        sweep_dir, state = None, None

    with contextlib.ExitStack() as stack:
        client = stack.enter_context(connect(scheduler, workers))  # a cluster that cannot start leaves no folder
        if sweep_dir is None:
            label = params if params in PARAM_SETS else "custom"
            sweep_dir = new_run_dir(sweeps_dir, label, params_hash({"grid": grid, "zip": zipped, "params": params,
                                                                   "overrides": overrides, "device": device}))
            state = {
                "paper": paper.slug, "sweep_id": sweep_dir.name, "params": params, "overrides": overrides,
                "device": device, "grid": {k: [_plain(v) for v in vs] for k, vs in grid.items()},
                "mode": "zip" if zipped else "product", "command": command, "created": _now(),
                "points": [{"index": i, "values": values, "params_hash": digest, "status": PENDING, "run": None,
                            "attempts": []} for i, (values, digest) in enumerate(zip(points, hashes, strict=True))],
            }
        state.update({"status": "running", "started": _now(), "finished": None, "error": None,
                      "scheduler": scheduler or "LocalCluster"})
        _write_json(sweep_dir / SWEEP_FILE, state)
        say(f"sweep folder: {sweep_dir}")
        say(dashboard_line(client))

        todo = [p for p in state["points"] if p["status"] != SUCCEEDED]
        git = _git_info(root_path)
        requests = [RunRequest.for_paper(paper, root_path, params, values=p["values"], overrides=overrides,
                                         device=device, command=command, git=git) for p in todo]
        lock = threading.Lock()

        def on_done(i: int, outcome: PointOutcome) -> None:
            point = todo[i]
            run = outcome.run_dir.name if outcome.run_dir is not None else None
            with lock:
                point["status"] = outcome.status
                point["run"] = run if run is not None else point["run"]
                point["error"] = outcome.error
                point["attempts"].append({"run": run, "status": outcome.status, "error": outcome.error,
                                          "finished": _now()})
                _write_json(sweep_dir / SWEEP_FILE, state)

        interrupted = None
        try:
            run_requests(client, requests, out_root, on_done=on_done, progress=progress, desc=f"{paper.slug} sweep")
        except KeyboardInterrupt as exc:
            interrupted = exc
        except Exception as exc:  # the cluster itself failed: say so in sweep.json, keep every finished run
            state.update({"status": FAILED, "finished": _now(), "error": f"{type(exc).__name__}: {exc}"})
            _write_json(sweep_dir / SWEEP_FILE, state)
            raise
    statuses = {p["status"] for p in state["points"]}
    overall = INTERRUPTED if interrupted is not None else (SUCCEEDED if statuses == {SUCCEEDED} else FAILED)
    state.update({"status": overall, "finished": _now()})
    state["records"] = gather_records(sweep_dir, state, out_root / paper.slug)
    _write_json(sweep_dir / SWEEP_FILE, state)
    if interrupted is not None:
        raise interrupted
    return SweepResult(sweep_dir=sweep_dir, status=overall, points=state["points"])


# ---------------------------------------------------------------------------
# Records and figures
# ---------------------------------------------------------------------------

def _numeric(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def record_rows(state: dict[str, Any], paper_outputs: Path) -> list[dict[str, Any]]:
    """One row per succeeded point and number recorded (see :func:`scalar_records`): point, run, swept parameters,
    record, value."""
    names = list(state["grid"])
    rows = []
    for point in state["points"]:
        if point["status"] != SUCCEEDED or point["run"] is None:
            continue
        results = json.loads((paper_outputs / point["run"] / RESULTS_FILE).read_text(encoding="utf-8"))
        swept = {n: json.dumps(point["values"][n]) if isinstance(point["values"][n], (list, dict))
                 else point["values"][n] for n in names}
        for record, value in sorted(scalar_records(results.get("records", {})).items()):
            rows.append({"point": point["index"], "run": point["run"], **swept, "record": record, "value": value})
    return rows


def scalar_records(records: dict[str, Any]) -> dict[str, float]:
    """The numbers among a run's records: nested dicts flattened with dots, short numeric lists as ``name[i]``.

    Strings, booleans and lists longer than ``LIST_ELEMENTS`` are left out (a curve of a
    hundred points is a figure of its run, not a column of a sweep).
    """
    out: dict[str, float] = {}
    for name, value in _flatten(records).items():
        if _numeric(value):
            out[name] = value
        elif (isinstance(value, list) and 0 < len(value) <= LIST_ELEMENTS and all(_numeric(v) for v in value)):
            out.update({f"{name}[{i}]": v for i, v in enumerate(value)})
    return out


def gather_records(sweep_dir: Path, state: dict[str, Any], paper_outputs: Path) -> dict[str, Any]:
    """Write ``records.csv`` (and ``records.parquet`` with pyarrow) and the summary figures; say what was written."""
    rows = record_rows(state, paper_outputs)
    columns = ["point", "run", *state["grid"], "record", "value"]
    tmp = sweep_dir / (RECORDS_CSV + ".tmp")
    with tmp.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    os.replace(tmp, sweep_dir / RECORDS_CSV)
    written = {"csv": RECORDS_CSV, "rows": len(rows)}
    with contextlib.suppress(ImportError):
        import pyarrow as pa  # noqa: PLC0415
        import pyarrow.parquet as pq  # noqa: PLC0415

        table = pa.Table.from_pylist([{k: (str(v) if k in state["grid"] else v) for k, v in r.items()} for r in rows])
        pq.write_table(table, sweep_dir / RECORDS_PARQUET)
        written["parquet"] = RECORDS_PARQUET
    written["figures"] = summary_figures(sweep_dir / FIGURES_DIR, rows, state["grid"])
    return written


def _spread(values: list[float]) -> tuple[float, float, float]:
    import numpy as np  # noqa: PLC0415

    arr = np.asarray(values, dtype=float)
    return float(arr.mean()), float(np.quantile(arr, 0.05)), float(np.quantile(arr, 0.95))


def summary_figures(folder: Path, rows: list[dict[str, Any]], grid: dict[str, list[Any]]) -> list[str]:
    """Each record against each swept parameter: mean and 5-95% range over the other points (seeds too).

    A parameter swept alone with one value per point (a seed sweep) shows each record's
    values over the points instead. Records are drawn twelve to a figure.
    """
    if not rows:
        return []
    import matplotlib  # noqa: PLC0415

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt  # noqa: PLC0415

    folder.mkdir(parents=True, exist_ok=True)
    records = sorted({r["record"] for r in rows})
    written = []
    for name, axis_values in grid.items():
        labels = [json.dumps(v) if isinstance(v, (list, dict)) else v for v in axis_values]
        numeric_axis = all(_numeric(v) for v in labels)
        for page in range(math.ceil(len(records) / PANELS_PER_FIGURE)):
            chunk = records[page * PANELS_PER_FIGURE:(page + 1) * PANELS_PER_FIGURE]
            ncols = min(3, len(chunk))
            nrows = math.ceil(len(chunk) / ncols)
            fig, axes = plt.subplots(nrows, ncols, figsize=(4.2 * ncols, 3.2 * nrows), squeeze=False)
            for ax, record in zip(axes.flat, chunk, strict=False):
                xs, means, lows, highs, counts = [], [], [], [], []
                for position, label in enumerate(labels):
                    vals = [r["value"] for r in rows if r["record"] == record and r[name] == label]
                    if not vals:
                        continue
                    mean, low, high = _spread(vals)
                    xs.append(label if numeric_axis else position)
                    means.append(mean)
                    lows.append(low)
                    highs.append(high)
                    counts.append(len(vals))
                    ax.scatter([xs[-1]] * len(vals), vals, s=10, color="0.55", zorder=2,
                               label="one run" if position == 0 else None)
                if max(counts, default=0) > 1:
                    ax.fill_between(xs, lows, highs, color="tab:blue", alpha=0.2, label="5-95% of runs")
                ax.plot(xs, means, "o-", color="tab:blue", zorder=3, label="mean over runs")
                ax.set_title(record, fontsize=9)
                ax.set_xlabel(name)
                ax.set_ylabel("recorded value")
                if not numeric_axis:
                    ax.set_xticks(range(len(labels)), [str(v) for v in labels], rotation=30, fontsize=7)
            for ax in list(axes.flat)[len(chunk):]:
                ax.set_visible(False)
            axes.flat[0].legend(fontsize=7)
            pages = math.ceil(len(records) / PANELS_PER_FIGURE)
            others = "seeds and the other swept parameters" if len(grid) > 1 else "runs"
            fig.suptitle(f"Recorded values against {name}: mean and 5-95% range over {others}"
                         + (f" ({page + 1} of {pages})" if pages > 1 else ""))
            fig.tight_layout()
            file = f"{name}.png" if pages == 1 else f"{name}-{page + 1}.png"
            fig.savefig(folder / file, dpi=90)
            plt.close(fig)
            written.append(f"{FIGURES_DIR}/{file}")
    return written


def list_sweeps(paper_outputs: Path) -> list[dict[str, Any]]:
    """Every sweep of a paper (the content of its ``sweep.json``, with its folder), oldest first."""
    folder = paper_outputs / SWEEPS_DIR
    if not folder.is_dir():
        return []
    found = []
    for child in sorted(folder.iterdir()):
        path = child / SWEEP_FILE
        if path.is_file():
            with contextlib.suppress(json.JSONDecodeError):
                found.append({**json.loads(path.read_text(encoding="utf-8")), "folder": child})
    return found
