"""Sweeps on Dask: a grid of ordinary runs, gathered; faults, resume, Ctrl-C, an external scheduler.

Every test here shares one embedded cluster (2 single-threaded worker processes, as
``infolab sweep --workers 2`` makes) except the two that test the default cluster and
a ``dask scheduler`` started as a separate process. Waits have generous limits and
never decide an outcome by time.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import write_notebook
from infolab.workbook.catalogue import WorkbookError
from infolab.workbook.cli import main
from infolab.workbook.report import write_report
from infolab.workbook.runs import list_runs
from infolab.workbook.sweep import (
    RECORDS_CSV,
    SWEEP_FILE,
    connect,
    grid_points,
    list_sweeps,
    parse_grid,
    sweep,
)

pytestmark = [pytest.mark.xdist_group("sweep"), pytest.mark.slow]

SLUG = "05-fixture-sweep"
PARAMS = "seed = 0\nn = 2\nfail_seed = -1\nfail_flag = ''\nkill_flag = ''\nkills = 0\nhold_seed = -1\nhold_flag = ''"
BODY = '''
import os, time
import psutil
from infolab.workbook import at_least, claim, record
if seed == fail_seed and (not fail_flag or os.path.exists(fail_flag)):
    raise RuntimeError(f"deliberate failure at seed {seed}")
if seed == hold_seed:  # wait until the test releases this point (or give up after 30 min)
    for _ in range(18000):
        if os.path.exists(hold_flag):
            break
        time.sleep(0.1)
if kill_flag:
    for attempt in range(kills):  # kill the Dask worker running this point, at most `kills` times in all
        try:
            fd = os.open(f"{kill_flag}.{attempt}", os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            continue
        worker = psutil.Process().parent().parent()  # kernel -> run process -> Dask worker
        os.write(fd, str(worker.pid).encode()); os.close(fd)
        worker.kill()
        time.sleep(120)
record("score", seed * 10 + n)
record("summary", {"half": n / 2, "label": "text is not a number"})
record("draws", [seed, n])
claim("n is positive", n, at_least(1), source="exact")
'''


@pytest.fixture(scope="module")
def sweep_workbook(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("sweep-workbook")
    (root / "notebooks").mkdir()
    write_notebook(root / "notebooks" / f"{SLUG}.ipynb", PARAMS, BODY)
    (root / "params" / SLUG).mkdir(parents=True)
    defaults: dict = {}
    exec(PARAMS, {}, defaults)
    text = "".join(f"{k}: {json.dumps(v)}\n" for k, v in defaults.items())
    (root / "params" / SLUG / "quick.yaml").write_text(text)
    (root / "params" / SLUG / "full.yaml").write_text(text)
    return root


@pytest.fixture(scope="module")
def scheduler():
    """The address of a shared embedded cluster: 2 worker processes, a dying worker's run retried once."""
    with connect(workers=2) as client:
        client.wait_for_workers(2, timeout=120)
        yield client.scheduler.address


def _sweep(root: Path, outputs: Path, grid: dict, **kwargs):
    return sweep(SLUG, grid, root=root, outputs=outputs, progress=False, **kwargs)


def _csv_rows(sweep_dir: Path) -> list[dict]:
    with (sweep_dir / RECORDS_CSV).open(newline="") as fh:
        return list(csv.DictReader(fh))


def _expected_rows(outputs: Path, state: dict) -> list[tuple]:
    """Every number each succeeded point recorded, read back from its run's results.json."""
    rows = []
    for point in state["points"]:
        if point["status"] != "succeeded":
            continue
        records = json.loads((outputs / SLUG / point["run"] / "results.json").read_text())["records"]
        rows += [(point["index"], point["run"], "score", float(records["score"])),
                 (point["index"], point["run"], "summary.half", float(records["summary"]["half"]))]
        rows += [(point["index"], point["run"], f"draws[{i}]", float(v)) for i, v in enumerate(records["draws"])]
    return sorted(rows)


def test_four_point_sweep_gives_four_runs_and_their_records(sweep_workbook, tmp_path, scheduler):
    outputs = tmp_path / "outputs"
    result = _sweep(sweep_workbook, outputs, {"seed": [0, 1], "n": [2, 3]}, scheduler=scheduler)
    assert result.ok and result.count("succeeded") == 4
    runs = list_runs(outputs, SLUG)
    assert len(runs) == 4 and all(r.status == "succeeded" for r in runs)
    state = json.loads((result.sweep_dir / SWEEP_FILE).read_text())
    assert sorted(p["run"] for p in state["points"]) == sorted(r.run_id for r in runs)
    assert [p["values"] for p in state["points"]] == [{"seed": 0, "n": 2}, {"seed": 0, "n": 3},
                                                      {"seed": 1, "n": 2}, {"seed": 1, "n": 3}]
    for point in state["points"]:  # each run's own parameters are the point's
        params = (outputs / SLUG / point["run"] / "params.yaml").read_text()
        assert f"seed: {point['values']['seed']}" in params and f"n: {point['values']['n']}" in params
    got = sorted((int(r["point"]), r["run"], r["record"], float(r["value"])) for r in _csv_rows(result.sweep_dir))
    assert got == _expected_rows(outputs, state)
    assert {r[2] for r in got} == {"score", "summary.half", "draws[0]", "draws[1]"}  # strings are not rows
    assert {int(r["seed"]) for r in _csv_rows(result.sweep_dir)} == {0, 1}
    assert sorted(state["records"]["figures"]) == ["figures/n.png", "figures/seed.png"]
    assert all((result.sweep_dir / f).is_file() for f in state["records"]["figures"])
    latest = (outputs / SLUG / "latest").resolve().name
    assert latest == max(r.run_id for r in runs)
    # the gallery shows the sweep beside the runs, with links that resolve
    index = write_report(sweep_workbook, outputs)
    parser = _Links()
    parser.feed(index.read_text())
    assert f"{SLUG}-sweep-{result.sweep_dir.name}" in parser.ids
    sweep_links = [link for link in parser.links if f"sweeps/{result.sweep_dir.name}/" in link]
    assert {Path(link).name for link in sweep_links} >= {"sweep.json", "records.csv", "n.png", "seed.png"}
    assert all((index.parent / link).is_file() for link in sweep_links)


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        self.links += [v for k, v in attrs if k in ("href", "src")]
        self.ids |= {v for k, v in attrs if k == "id"}


def test_a_point_that_raises_fails_and_the_others_succeed(sweep_workbook, tmp_path, scheduler):
    outputs = tmp_path / "outputs"
    result = _sweep(sweep_workbook, outputs, {"seed": [0, 1, 2]}, overrides=["fail_seed=1"], scheduler=scheduler)
    assert result.status == "failed"
    assert [p["status"] for p in result.points] == ["succeeded", "failed", "succeeded"]
    assert "deliberate failure at seed 1" in result.points[1]["error"]
    failed_run = outputs / SLUG / result.points[1]["run"]
    assert json.loads((failed_run / "manifest.json").read_text())["status"] == "failed"
    assert {int(r["point"]) for r in _csv_rows(result.sweep_dir)} == {0, 2}


def test_resume_runs_only_the_points_without_a_successful_run(sweep_workbook, tmp_path, scheduler):
    outputs = tmp_path / "outputs"
    flag = tmp_path / "fail-now"
    flag.write_text("")
    first = _sweep(sweep_workbook, outputs, {"seed": [0, 1, 2]},
                   overrides=["fail_seed=1", f"fail_flag={flag}"], scheduler=scheduler)
    assert [p["status"] for p in first.points] == ["succeeded", "failed", "succeeded"]
    before = {r.run_id for r in list_runs(outputs, SLUG)}
    flag.unlink()
    resumed = sweep(SLUG, resume=first.sweep_dir.name, root=sweep_workbook, outputs=outputs, progress=False,
                    scheduler=scheduler)
    assert resumed.sweep_dir == first.sweep_dir and resumed.ok
    after = {r.run_id for r in list_runs(outputs, SLUG)}
    assert before < after and len(after - before) == 1  # one new run: the failed point only
    assert [p["run"] for p in resumed.points][0::2] == [p["run"] for p in first.points][0::2]
    assert [a["status"] for a in resumed.points[1]["attempts"]] == ["failed", "succeeded"]
    assert {int(r["point"]) for r in _csv_rows(resumed.sweep_dir)} == {0, 1, 2}


def test_a_killed_worker_is_retried_once_then_the_point_fails(sweep_workbook, tmp_path, scheduler):
    from distributed import Client

    with Client(scheduler) as client:
        worker_pids = set(client.run(os.getpid).values())
    outputs = tmp_path / "outputs"
    once, twice = tmp_path / "kill-once", tmp_path / "kill-twice"
    result = _sweep(sweep_workbook, outputs, {"seed": [0, 1]}, overrides=[f"kill_flag={once}", "kills=1"],
                    scheduler=scheduler)
    killed = int(Path(f"{once}.0").read_text())
    assert killed in worker_pids  # the notebook did kill a Dask worker process
    assert result.ok and result.count("succeeded") == 2  # ... and its point was retried and succeeded
    result = _sweep(sweep_workbook, outputs, {"seed": [5]}, overrides=[f"kill_flag={twice}", "kills=2"],
                    scheduler=scheduler)
    assert Path(f"{twice}.0").exists() and Path(f"{twice}.1").exists()
    assert result.status == "failed" and "worker died 2 times" in result.points[0]["error"]


def test_ctrl_c_marks_unfinished_points_interrupted_and_keeps_finished_runs(sweep_workbook, tmp_path, scheduler):
    outputs = tmp_path / "outputs"
    release = tmp_path / "release"
    cmd = [sys.executable, "-m", "infolab.workbook.cli", "--root", str(sweep_workbook), "--outputs", str(outputs),
           "sweep", SLUG, "-g", "seed=0,1", "-p", "hold_seed=1", "-p", f"hold_flag={release}",
           "--scheduler", scheduler]
    from conftest import default_sigint

    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=default_sigint)
    try:
        state = None
        for _ in range(9000):  # until point 0 has finished (point 1 waits for the release file); a bound, not a clock
            sweeps = list_sweeps(outputs / SLUG)
            state = sweeps[0] if sweeps else None
            if state and state["points"][0]["status"] == "succeeded":
                break
            time.sleep(0.1)
        assert state and state["points"][0]["status"] == "succeeded"
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=900)  # a bound for a hung process only; a loaded machine is slow
    finally:
        release.write_text("")
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, err
    assert "--resume" in err
    (state,) = list_sweeps(outputs / SLUG)
    assert state["status"] == "interrupted"
    assert [p["status"] for p in state["points"]] == ["succeeded", "interrupted"]
    run = outputs / SLUG / state["points"][0]["run"]
    assert json.loads((run / "manifest.json").read_text())["status"] == "succeeded"


def test_two_sweeps_started_at_once_never_share_a_folder(sweep_workbook, tmp_path, scheduler):
    outputs = tmp_path / "outputs"
    cmd = [sys.executable, "-m", "infolab.workbook.cli", "--root", str(sweep_workbook), "--outputs", str(outputs),
           "sweep", SLUG, "-g", "seed=0:2", "--scheduler", scheduler]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    sweeps = list_sweeps(outputs / SLUG)
    assert len(sweeps) == 2 and sweeps[0]["folder"] != sweeps[1]["folder"]
    runs = [p["run"] for s in sweeps for p in s["points"]]
    assert len(runs) == len(set(runs)) == 4
    assert {r.run_id for r in list_runs(outputs, SLUG)} == set(runs)


def test_embedded_default_and_a_separate_dask_scheduler_give_the_same_records(sweep_workbook, tmp_path):
    grid = {"seed": [3, 4]}
    embedded = _sweep(sweep_workbook, tmp_path / "a", grid, workers=2)
    dask = shutil.which("dask", path=str(Path(sys.executable).parent)) or shutil.which("dask")
    assert dask, "the dask command comes with dask[distributed]"
    file = tmp_path / "scheduler.json"
    common = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    sched = subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                              "--scheduler-file", str(file)], **common)
    work = None
    try:
        for _ in range(600):
            if file.exists() and file.stat().st_size:
                break
            time.sleep(0.1)
        address = json.loads(file.read_text())["address"]
        assert address.startswith("tcp://127.0.0.1:")
        work = subprocess.Popen([dask, "worker", address, "--nworkers", "1", "--nthreads", "1", "--no-dashboard"],
                                **common)
        from distributed import Client

        with Client(address, timeout="60s") as client:
            client.wait_for_workers(1, timeout=120)
        remote = _sweep(sweep_workbook, tmp_path / "b", grid, scheduler=address)
    finally:
        for proc in (work, sched):
            if proc is not None:
                proc.terminate()
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()
    assert embedded.ok and remote.ok

    def values(result):
        return sorted((r["seed"], r["record"], r["value"]) for r in _csv_rows(result.sweep_dir))

    assert values(embedded) == values(remote) and len(values(remote)) == 8  # four records per seed


def test_run_all_on_a_cluster(tmp_path, scheduler, capsys):
    root = tmp_path / "wb"
    (root / "notebooks").mkdir(parents=True)
    for slug, body in (("01-one", "record('x', seed)"), ("02-two", "raise ValueError('two fails')")):
        src = f"from infolab.workbook import at_least, claim, record\n{body}\nclaim('ok', 1, at_least(0), source='exact')"
        write_notebook(root / "notebooks" / f"{slug}.ipynb", "seed = 0", src)
        (root / "params" / slug).mkdir(parents=True)
        for name in ("quick.yaml", "full.yaml"):
            (root / "params" / slug / name).write_text("seed: 0\n")
    outputs = tmp_path / "outputs"
    code = main(["--root", str(root), "--outputs", str(outputs), "run-all", "--scheduler", scheduler])
    out = capsys.readouterr().out
    assert code == 1
    assert "01-one: succeeded" in out and "02-two: failed" in out and "1 succeeded, 1 failed: 02-two" in out
    assert [r.status for r in list_runs(outputs, "01-one")] == ["succeeded"]
    assert [r.status for r in list_runs(outputs, "02-two")] == ["failed"]


@pytest.mark.parametrize(("specs", "message"), [
    (["seed"], "must read name=values"),
    (["seed=0:10", "seed=1,2"], "names 'seed' twice"),
    (["seed=5:5"], "are empty"),
    (["seed=0:10:0"], "step not 0"),
    (["dims=[1, 2"], "not a valid YAML list"),
    ([], "at least one grid axis"),
])
def test_bad_grids_are_refused(specs, message):
    with pytest.raises(WorkbookError, match=message):
        parse_grid(specs)


def test_grid_points_product_and_zip():
    grid = {"a": [1, 2], "b": ["x", "y"]}
    assert grid_points(grid) == [{"a": 1, "b": "x"}, {"a": 1, "b": "y"}, {"a": 2, "b": "x"}, {"a": 2, "b": "y"}]
    assert grid_points(grid, zipped=True) == [{"a": 1, "b": "x"}, {"a": 2, "b": "y"}]
    with pytest.raises(WorkbookError, match="as many values"):
        grid_points({"a": [1, 2], "b": [1]}, zipped=True)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"grid": {"sead": [0, 1]}}, "Unknown parameter 'sead'"),
    ({"grid": {"seed": [0, 0]}}, "resolve to the same parameters"),
    ({"grid": {"seed": [0]}, "resume": "nope"}, "give no -g"),
    ({"resume": "nope"}, "No sweep 'nope'"),
    ({"grid": {"seed": [0]}, "scheduler": "tcp://127.0.0.1:1", "workers": 2}, "not both"),
])
def test_bad_sweeps_run_nothing(sweep_workbook, tmp_path, kwargs, message):
    outputs = tmp_path / "outputs"
    grid = kwargs.pop("grid", None)
    with pytest.raises(WorkbookError, match=message):
        sweep(SLUG, grid, root=sweep_workbook, outputs=outputs, progress=False, **kwargs)
    assert not list_runs(outputs, SLUG)
