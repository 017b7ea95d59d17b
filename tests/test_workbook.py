"""The runner's promises: run folders, manifests, failures, interruption, parameters, report, compare."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timezone
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
import yaml

import infolab.workbook.recording as record_module
import infolab.workbook.runner as runner_module
from infolab.workbook.catalogue import WorkbookError, papers
from infolab.workbook.cli import main
from infolab.workbook.report import write_report
from infolab.workbook.runner import new_run_dir, notebook_parameters, run_paper
from infolab.workbook.runs import compare_runs, find_run, list_runs

pytestmark = pytest.mark.xdist_group("workbook")


def _run(workbook: Path, name: str, **kwargs):
    return run_paper(name, root=workbook, outputs=workbook / "outputs", **kwargs)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_successful_run_folder_has_everything(workbook):
    result = _run(workbook, "01-fixture-ok")
    assert result.ok, result.manifest.get("error")
    run = result.run_dir
    for name in ("notebook.ipynb", "notebook.html", "params.yaml", "results.json", "manifest.json", "run.log",
                 "figures/line.png", "figures/line.svg"):
        assert (run / name).is_file(), name
    m = json.loads((run / "manifest.json").read_text())
    assert m["status"] == "succeeded"
    assert m["seed"] == 0 and m["device"] == "cpu" and m["params_set"] == "quick"
    assert {"started", "finished", "duration_s", "git", "packages", "platform", "cells", "claims"} <= set(m)
    assert {"commit", "dirty"} == set(m["git"])
    assert "numpy" in m["packages"] and "papermill" in m["packages"]
    assert m["claims"] == {"passed": 1, "failed": 0, "not_reproduced": 0, "reproduced_declared_not": 0,
                           "not_run": 0, "failed_names": [], "review_names": [], "not_run_names": []}
    # every file written is hashed, and the hashes are right
    files = {str(p.relative_to(run)) for p in run.rglob("*") if p.is_file() and p.name != "manifest.json"}
    assert set(m["files"]) == files
    assert all(_sha(run / rel) == digest for rel, digest in m["files"].items())
    assert yaml.safe_load((run / "params.yaml").read_text()) == {"seed": 0, "n": 3, "device": "cpu"}
    latest = workbook / "outputs" / "01-fixture-ok" / "latest"
    assert latest.is_symlink() and latest.resolve() == run.resolve()
    assert run.name.endswith("-quick-" + m["params_hash"])


def test_same_second_gets_two_folders(tmp_path):
    now = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    a = new_run_dir(tmp_path, "quick", "abcd1234", now=now)
    b = new_run_dir(tmp_path, "quick", "abcd1234", now=now)
    assert a != b and a.is_dir() and b.is_dir()
    assert sorted([a.name, b.name]) == [a.name, b.name]  # still sorts by time, then order


def test_second_run_leaves_first_untouched_and_is_deterministic(workbook):
    first = _run(workbook, "01-fixture-ok")
    before = {rel: _sha(first.run_dir / rel) for rel in first.manifest["files"]}
    before_manifest = _sha(first.run_dir / "manifest.json")
    second = _run(workbook, "01-fixture-ok")
    assert second.run_dir != first.run_dir
    assert {rel: _sha(first.run_dir / rel) for rel in before} == before
    assert _sha(first.run_dir / "manifest.json") == before_manifest
    rec_a = json.loads((first.run_dir / "results.json").read_text())["records"]
    rec_b = json.loads((second.run_dir / "results.json").read_text())["records"]
    assert rec_a == rec_b  # same parameters and seed: identical recorded values


def test_raising_notebook_is_failed_and_latest_stays(workbook):
    ok = _run(workbook, "01-fixture-ok")
    bad = _run(workbook, "02-fixture-raises")
    assert bad.status == "failed"
    m = bad.manifest
    assert m["error"]["type"] == "ValueError" and "deliberate failure" in m["error"]["message"]
    assert m["cells"]["executed"] >= 2 and m["cells"]["error_cells"]
    assert (bad.run_dir / "notebook.ipynb").is_file()  # the partial notebook is kept
    assert json.loads((bad.run_dir / "results.json").read_text())["records"] == {"before_error": 1}
    assert not (workbook / "outputs" / "02-fixture-raises" / "latest").exists()
    assert (workbook / "outputs" / "01-fixture-ok" / "latest").resolve() == ok.run_dir.resolve()


def test_failed_run_names_the_cell_that_raised(workbook, capsys):
    code = main(["--root", str(workbook), "--outputs", str(workbook / "outputs"), "run", "02-fixture-raises"])
    assert code == 1
    error = list_runs(workbook / "outputs", "02-fixture-raises")[-1].manifest["error"]
    # the fixture raises in its second code cell, whose source starts with this import
    assert error["first_line"] == "from infolab.workbook import record"
    run_dir = list_runs(workbook / "outputs", "02-fixture-raises")[-1].path
    cell = nbformat.read(run_dir / "notebook.ipynb", as_version=4).cells[error["cell_index"]]
    assert cell.cell_type == "code" and "deliberate failure in cell two" in cell.source
    assert cell.id == error["cell_id"] and cell.execution_count == error["execution_count"]
    assert [error["cell_index"]] == list_runs(workbook / "outputs", "02-fixture-raises")[-1].manifest["cells"]["error_cells"]
    assert f'id="cell-id={error["cell_id"]}"' in (run_dir / "notebook.html").read_text()  # the gallery's anchor
    assert f"raised in cell {error['cell_index']}" in capsys.readouterr().out


def test_html_failure_is_recorded_not_swallowed(workbook, monkeypatch, capsys):
    def broken(nb_path, html_path):
        raise RuntimeError("template missing")

    monkeypatch.setattr(runner_module, "_render_html", broken)
    code = main(["--root", str(workbook), "--outputs", str(workbook / "outputs"), "run", "01-fixture-ok"])
    run = list_runs(workbook / "outputs", "01-fixture-ok")[-1]
    assert code == 0 and run.status == "succeeded"  # the claims still stand
    assert run.manifest["html_error"] == {"type": "RuntimeError", "message": "template missing"}
    assert not (run.path / "notebook.html").exists() and "notebook.html" not in run.manifest["files"]
    assert "RuntimeError: template missing" in (run.path / "run.log").read_text()
    assert "warning: notebook.html is missing" in capsys.readouterr().out


def test_failed_claim_fails_the_run_and_the_cli(workbook, capsys):
    code = main(["--root", str(workbook), "--outputs", str(workbook / "outputs"), "run", "03-fixture-claim-fails"])
    assert code == 1
    run = list_runs(workbook / "outputs", "03-fixture-claim-fails")[-1]
    assert run.status == "failed"
    assert run.manifest["error"]["type"] == "ClaimFailed"
    assert "impossible" in run.manifest["error"]["message"]
    assert "failed" in capsys.readouterr().out


def test_ctrl_c_marks_interrupted(workbook, tmp_path):
    from conftest import default_sigint

    release = tmp_path / "release"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "infolab.workbook.cli", "--root", str(workbook), "--outputs",
         str(workbook / "outputs"), "run", "04-fixture-sleeps", "-p", f"release={release}"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=default_sigint,
    )
    paper_dir = workbook / "outputs" / "04-fixture-sleeps"
    try:  # the notebook holds until the release file exists, so the signal cannot arrive too late
        deadline = time.time() + 900  # bounds, for a hung process only: a loaded machine is slow
        started = False
        while time.time() < deadline and not started:
            time.sleep(0.2)
            for results in paper_dir.glob("*/results.json"):
                started = "started" in json.loads(results.read_text())["records"]
        assert started, "the holding notebook never started"
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=900)
    finally:
        release.write_text("")
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130
    (run,) = list_runs(workbook / "outputs", "04-fixture-sleeps")
    assert run.status == "interrupted"
    assert (run.path / "notebook.ipynb").exists()
    assert not (paper_dir / "latest").exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["run", "99-nope"], "Unknown paper '99-nope'. Papers with a notebook: 01-fixture-ok"),
        (["run", "01-fixture-ok", "-p", "nn=3"], "Unknown parameter 'nn' for 01-fixture-ok. Valid: device, n, seed"),
        (["run", "01-fixture-ok", "--params", "BADFILE"], "is not valid YAML"),
        (["run", "01-fixture-ok", "--params", "UNKNOWNFILE"], "Unknown parameter(s) typo"),
        (["run", "02-fixture-raises", "--device", "gpu"], "has no GPU path"),
    ],
)
def test_bad_requests_execute_nothing(workbook, capsys, argv, message):
    bad_yaml = workbook / "bad.yaml"
    bad_yaml.write_text("seed: [1, 2\n")
    unknown = workbook / "unknown.yaml"
    unknown.write_text("typo: 1\n")
    argv = [str(bad_yaml) if a == "BADFILE" else str(unknown) if a == "UNKNOWNFILE" else a for a in argv]
    code = main(["--root", str(workbook), "--outputs", str(workbook / "outputs"), *argv])
    assert code == 2
    assert message in capsys.readouterr().err
    assert not list_runs(workbook / "outputs")


def test_overrides_and_param_files(workbook, tmp_path):
    custom = tmp_path / "mine.yaml"
    custom.write_text("n: 5\n")
    result = _run(workbook, "01", params=str(custom), overrides=["seed=7"])
    assert result.ok
    assert yaml.safe_load((result.run_dir / "params.yaml").read_text()) == {"seed": 7, "n": 5, "device": "cpu"}
    assert "-custom-mine-" in result.run_dir.name
    assert json.loads((result.run_dir / "results.json").read_text())["records"]["n_twice"] == 10


def test_parameters_cell_must_be_literals(tmp_path):
    from conftest import write_notebook

    path = tmp_path / "x.ipynb"
    write_notebook(path, "a = 1\nb = a * 2", "pass")
    with pytest.raises(WorkbookError, match="Parameter 'b'.*must be a literal"):
        notebook_parameters(path)


def test_report_links_all_resolve(workbook):
    _run(workbook, "01-fixture-ok")
    _run(workbook, "02-fixture-raises")
    index = write_report(workbook, workbook / "outputs")

    class Links(HTMLParser):
        def __init__(self):
            super().__init__()
            self.links = []

            self.ids = set()

        def handle_starttag(self, tag, attrs):
            self.links += [v for k, v in attrs if k in ("href", "src")]
            self.ids |= {v for k, v in attrs if k == "id"}

    parser = Links()
    html_text = index.read_text()
    parser.feed(html_text)
    anchors = [link[1:] for link in parser.links if link.startswith("#")]
    local = [link for link in parser.links if not link.startswith(("https://", "#"))]
    assert local, "the report links to no run file"
    for link in local:
        target, _, fragment = link.partition("#")
        assert (index.parent / target).exists(), link
        if fragment:  # a link into a rendered notebook (the cell that raised) names an id of that page
            assert f'id="{fragment}"' in (index.parent / target).read_text(), link
    assert any("#cell-id=" in link for link in local), "the failed run links to the cell that raised"
    assert "01-fixture-ok" in anchors and set(anchors) <= parser.ids
    assert all(link.startswith("https://arxiv.org/abs/") for link in parser.links if link.startswith("https://"))
    assert any(link.endswith("figures/line.png") for link in local)
    assert any(link.endswith("notebook.html") for link in local)
    assert "failed" in html_text and "succeeded" in html_text
    # every paper of the listing is on the page
    assert all(p.slug in html_text for p in papers())


def test_compare_and_list(workbook, capsys):
    a = _run(workbook, "01-fixture-ok")
    b = _run(workbook, "01-fixture-ok", overrides=["n=4"])
    text = compare_runs(find_run(str(a.run_dir), workbook / "outputs"),
                        find_run(f"01-fixture-ok/{b.run_dir.name}", workbook / "outputs"))
    assert "n: 3 -> 4" in text
    assert "n_twice: 6 -> 8" in text
    assert "draws" in text  # the list of draws changed length (n) and is reported
    assert main(["--root", str(workbook), "--outputs", str(workbook / "outputs"), "list"]) == 0
    out = capsys.readouterr().out
    assert "01-fixture-ok" in out and "succeeded" in out


def test_record_refuses_unserialisable_and_keeps_in_memory(monkeypatch):
    monkeypatch.delenv(record_module.RUN_DIR_ENV, raising=False)
    record_module.reset()
    record_module.record("x", 1.5)
    assert record_module.results()["records"] == {"x": 1.5}
    with pytest.raises(TypeError, match="record\\(\\) takes numbers"):
        record_module.record("bad", object())
    record_module.reset()


def test_run_whose_process_died_reads_abandoned(tmp_path):
    import platform

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    run_dir = tmp_path / "01-x" / "20260101T000000Z-quick-00000000"
    run_dir.mkdir(parents=True)
    (run_dir / "manifest.json").write_text(json.dumps({"status": "running", "pid": dead.pid, "host": platform.node()}))
    (run,) = list_runs(tmp_path, "01-x")
    assert run.status == "abandoned"
