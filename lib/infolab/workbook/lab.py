"""Start JupyterLab on the workbook's notebooks: ``infolab lab`` (what ``make lab`` runs).

JupyterLab refuses to start as root ("Running as root is not recommended. Use --allow-root to
bypass."), and in a container or on a cloud VM the user often is root: the launcher passes
``--allow-root`` exactly when the effective uid is 0. It picks the port and the token itself,
so it can print the address to open before JupyterLab's own log begins.
"""

from __future__ import annotations

import os
import secrets
import socket
import sys
from pathlib import Path

from .catalogue import WorkbookError

__all__ = ["free_port", "lab_command", "launch"]

FIRST_PORT = 8888  # JupyterLab's own default
PORT_TRIES = 50
HOST = "localhost"


def _is_root() -> bool:
    geteuid = getattr(os, "geteuid", None)  # absent on Windows, where there is no root to refuse
    return geteuid is not None and geteuid() == 0


def lab_command(notebooks: str | os.PathLike, port: int) -> list[str]:
    """The command line that starts JupyterLab on ``notebooks`` at ``port`` (and only that port).

    ``--allow-root`` is added when the effective uid is 0, never otherwise.
    """
    argv = [sys.executable, "-m", "jupyterlab", str(notebooks),
            f"--ServerApp.port={port}", "--ServerApp.port_retries=0"]
    if _is_root():
        argv.append("--allow-root")
    return argv


def free_port(first: int = FIRST_PORT, tries: int = PORT_TRIES) -> int:
    """The first port from ``first`` on that nothing listens on at localhost."""
    for port in range(first, first + tries):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
        return port
    raise WorkbookError(f"No free port in {first}-{first + tries - 1} for JupyterLab; pass --port.")


def launch(root: Path, port: int | None = None) -> None:
    """Print the address to open, then replace this process by JupyterLab on ``root/notebooks``.

    A token already set in ``JUPYTER_TOKEN`` is kept; otherwise a fresh one is made. It travels
    in the environment, not on the command line, so other users cannot read it from ``ps``.
    """
    notebooks = Path(root) / "notebooks"
    port = free_port() if port is None else port
    token = os.environ.get("JUPYTER_TOKEN") or secrets.token_hex(24)
    argv = lab_command(notebooks, port)
    note = " (running as root: --allow-root passed)" if "--allow-root" in argv else ""
    print(f"JupyterLab on {notebooks}{note}\n  open http://{HOST}:{port}/lab?token={token}", flush=True)
    os.execve(argv[0], argv, {**os.environ, "JUPYTER_TOKEN": token})
