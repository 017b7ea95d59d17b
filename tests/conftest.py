"""Shared fixtures: hypothesis profile, and a throwaway workbook with tiny notebooks for the runner tests."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import nbformat
import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("infolab", deadline=None, max_examples=60, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("explore", deadline=None, max_examples=500)  # HYPOTHESIS_PROFILE=explore hunts for new cases
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "infolab"))

ROOT = Path(__file__).resolve().parents[1]


def pytest_collection_modifyitems(config, items):
    """Skip every test marked ``@pytest.mark.gpu`` unless CuPy sees a CUDA device; the one GPU rule.

    On a GPU machine they all run (``make gpu-check`` selects them with ``-m gpu``); elsewhere
    they are reported as skipped with the reason.
    """
    gpu_items = [item for item in items if item.get_closest_marker("gpu") is not None]
    if not gpu_items:
        return
    from infolab.backend import gpu_available  # noqa: PLC0415 - probes CuPy; only when a GPU test is collected

    if gpu_available():
        return
    skip = pytest.mark.skip(reason="needs CuPy and a CUDA device")
    for item in gpu_items:
        item.add_marker(skip)

FIXTURE_NOTEBOOKS = {
    "01-fixture-ok": (
        "seed = 0\nn = 3\ndevice = 'cpu'",
        """
import numpy as np
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
from infolab.workbook import at_least, claim, record, save_figure
rng = np.random.default_rng(seed)
record("draws", rng.normal(size=n))
record("n_twice", n * 2)
fig, ax = plt.subplots(); ax.plot([0, 1], [0, n]); save_figure(fig, "line")
claim("n is positive", n, at_least(1), source="exact")
""",
    ),
    "02-fixture-raises": (
        "seed = 0",
        """
from infolab.workbook import record
record("before_error", 1)
raise ValueError("deliberate failure in cell two")
""",
    ),
    "03-fixture-claim-fails": (
        "seed = 0",
        """
from infolab.workbook import claim, equal_to
claim("impossible", 1 + 1, equal_to(3), source="exact")
""",
    ),
    "04-fixture-sleeps": (
        "seed = 0\nrelease = ''",
        """
import os, time
from infolab.workbook import record
record("started", True)
for _ in range(18000):  # hold until the test creates the release file (gives up after 30 min)
    if release and os.path.exists(release):
        break
    time.sleep(0.1)
""",
    ),
}


def default_sigint() -> None:
    """``preexec_fn`` for a child that a Ctrl-C test interrupts: SIGINT back to its default disposition.

    A test suite started in the background of a non-interactive shell inherits SIGINT *ignored*, and
    Python then installs no KeyboardInterrupt handler in the children, so the signal would be lost.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def write_notebook(path: Path, params_src: str, body_src: str) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    title = nbformat.v4.new_markdown_cell(f"# {path.stem}")
    params = nbformat.v4.new_code_cell(params_src)
    params.metadata["tags"] = ["parameters"]
    nb.cells = [title, params, nbformat.v4.new_code_cell(body_src.strip())]
    nbformat.write(nb, path)


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    """A workbook root with the fixture notebooks and their quick/full parameter files."""
    (tmp_path / "notebooks").mkdir()
    for slug, (params_src, body) in FIXTURE_NOTEBOOKS.items():
        write_notebook(tmp_path / "notebooks" / f"{slug}.ipynb", params_src, body)
        pdir = tmp_path / "params" / slug
        pdir.mkdir(parents=True)
        defaults = {}
        exec(params_src, {}, defaults)  # the fixture's own literal defaults
        (pdir / "quick.yaml").write_text("".join(f"{k}: {v!r}\n" for k, v in defaults.items()))
        (pdir / "full.yaml").write_text("".join(f"{k}: {v!r}\n" for k, v in defaults.items()))
    return tmp_path
