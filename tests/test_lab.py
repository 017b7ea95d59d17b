"""``infolab lab`` (``make lab``): the JupyterLab command line, built without starting JupyterLab."""

from __future__ import annotations

import os
import socket
import sys

import pytest

import infolab.workbook.lab as lab
from infolab.workbook.cli import main


@pytest.mark.parametrize(("euid", "allow_root"), [(0, True), (1000, False)])
def test_allow_root_exactly_when_root(monkeypatch, tmp_path, euid, allow_root):
    monkeypatch.setattr(os, "geteuid", lambda: euid, raising=False)
    argv = lab.lab_command(tmp_path / "notebooks", 8899)
    assert argv[:4] == [sys.executable, "-m", "jupyterlab", str(tmp_path / "notebooks")]
    assert "--ServerApp.port=8899" in argv and "--ServerApp.port_retries=0" in argv  # the printed port is the one served
    assert ("--allow-root" in argv) is allow_root


def test_free_port_skips_a_port_in_use():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        taken = busy.getsockname()[1]
        assert lab.free_port(taken, tries=20) != taken


def test_cli_prints_the_address_and_execs_jupyterlab(monkeypatch, capsys):
    calls = []
    monkeypatch.setattr(os, "geteuid", lambda: 0, raising=False)
    monkeypatch.setattr(os, "execve", lambda path, argv, env: calls.append((path, argv, env)))
    monkeypatch.setenv("JUPYTER_TOKEN", "abc123")
    assert main(["lab", "--port", "8899"]) == 0
    (path, argv, env), = calls
    assert path == sys.executable and "--allow-root" in argv and argv[3].endswith("notebooks")
    assert env["JUPYTER_TOKEN"] == "abc123" and "abc123" not in " ".join(argv)  # the token stays out of `ps`
    out = capsys.readouterr().out
    assert "http://localhost:8899/lab?token=abc123" in out and "running as root" in out
