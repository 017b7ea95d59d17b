"""What a notebook keeps: recorded values, checked claims and figures.

Inside a run started by ``infolab run`` the environment variable
``INFOLAB_RUN_DIR`` names the run folder; :func:`record`, :func:`claim` and
:func:`save_figure` then write ``results.json`` and ``figures/`` there, as
they go, so a run that fails half-way keeps what it had. Run interactively
(JupyterLab, no run folder) they keep values in memory and display them.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any, Iterable

import numpy as np

__all__ = [
    "RUN_DIR_ENV",
    "run_dir",
    "record",
    "claim",
    "finding",
    "save_figure",
    "results",
    "claims_table",
    "progress",
    "reset",
]

RUN_DIR_ENV = "INFOLAB_RUN_DIR"
RESULTS_FILE = "results.json"
FIGURE_FORMATS = ("png", "svg")

_state: dict[str, Any] = {"records": {}, "claims": [], "figures": []}


def run_dir() -> Path | None:
    """The current run folder, or ``None`` when running interactively."""
    value = os.environ.get(RUN_DIR_ENV)
    return Path(value) if value else None


def reset() -> None:
    """Forget every recorded value, claim and figure (interactive use and tests)."""
    _state["records"] = {}
    _state["claims"] = []
    _state["figures"] = []


def to_jsonable(value: Any) -> Any:
    """Convert NumPy scalars/arrays, tuples and nested containers to JSON types.

    Non-finite floats become the strings "nan", "inf", "-inf" so the file stays
    strict JSON and the value is still visible.
    """
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if hasattr(value, "get") and type(value).__module__.split(".")[0] == "cupy":
        value = value.get()
    if isinstance(value, np.ndarray):
        return to_jsonable(value.tolist())
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        v = float(value)
        if math.isfinite(v):
            return v
        return "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf")
    if value is None or isinstance(value, (int, str)):
        return value
    raise TypeError(
        f"record() takes numbers, strings, booleans, arrays and lists/dicts of them. Got {type(value).__name__} instead."
    )


def _write_results() -> None:
    folder = run_dir()
    if folder is None:
        return
    payload = {"records": _state["records"], "claims": _state["claims"], "figures": _state["figures"]}
    tmp = folder / (RESULTS_FILE + ".tmp")
    tmp.write_text(json.dumps(payload, indent=2, sort_keys=False), encoding="utf-8")
    os.replace(tmp, folder / RESULTS_FILE)


def record(name: str, value: Any) -> Any:
    """Keep a named value of the run (written to ``results.json``) and return it unchanged."""
    if not isinstance(name, str) or not name:
        raise TypeError(f"The 'name' parameter of record must be a non-empty string. Got {name!r} instead.")
    _state["records"][name] = to_jsonable(value)
    _write_results()
    return value


def claim(name: str, passed: Any, *, observed: Any = None, expected: Any = None,
          source: str | None = None, note: str | None = None) -> bool:
    """Check one of the paper's claims on this run's data, and keep the verdict.

    Parameters
    ----------
    name : str
        Short name of the claim.
    passed : bool
        The outcome of the check, computed from this run's values against a
        tolerance stated up front (e.g. ``abs(obs - exp) <= 1e-12``).
    observed, expected :
        What this run measured and what the paper (or the exact value) says,
        for the claims table; free-form numbers or strings.
    source : str, optional
        Where the expected value comes from ("paper, Fig. 2", "exact").
    note : str, optional
        The tolerance or anything a reader needs to judge the check.

    Returns
    -------
    bool
        ``passed``. A failed claim does not raise here (the notebook goes on
        and shows every claim); ``infolab run`` marks the run failed.
    """
    if isinstance(passed, np.bool_):
        passed = bool(passed)
    if not isinstance(passed, bool):
        raise TypeError(f"The 'passed' parameter of claim must be a bool. Got {passed!r} ({type(passed).__name__}) instead.")
    entry = {
        "name": name,
        "passed": passed,
        "observed": to_jsonable(observed),
        "expected": to_jsonable(expected),
        "source": source,
        "note": note,
    }
    _state["claims"] = [c for c in _state["claims"] if c["name"] != name] + [entry]
    _write_results()
    mark = "PASS" if passed else "FAIL"
    print(f"[{mark}] {name}: observed {entry['observed']!r}, expected {entry['expected']!r}"
          + (f" ({note})" if note else ""))
    return passed


def finding(name: str, *, observed: Any, expected: Any, source: str, explanation: str) -> None:
    """Record a paper statement that this run does not reproduce, with the reason.

    A finding is not a failed check: it is a documented, honest difference
    between the paper and what the workbook measures (scale, a bug in the
    reference code, a claim the math does not support). It shows in the
    claims table as "not reproduced" and does not fail the run. Use
    :func:`claim` for everything the notebook stands behind.
    """
    if not explanation or not isinstance(explanation, str):
        raise ValueError("The 'explanation' parameter of finding must say why the result differs. Got nothing.")
    entry = {
        "name": name,
        "passed": None,
        "observed": to_jsonable(observed),
        "expected": to_jsonable(expected),
        "source": source,
        "note": explanation,
    }
    _state["claims"] = [c for c in _state["claims"] if c["name"] != name] + [entry]
    _write_results()
    print(f"[NOT REPRODUCED] {name}: observed {entry['observed']!r}, paper {entry['expected']!r} ({explanation})")


def save_figure(fig: Any, name: str, formats: Iterable[str] = FIGURE_FORMATS) -> list[Path]:
    """Save a Matplotlib figure into the run's ``figures/`` folder as PNG and SVG.

    Interactively (no run folder) nothing is written; the figure still shows
    inline. Returns the paths written.
    """
    if not isinstance(name, str) or not name or "/" in name or name.startswith("."):
        raise ValueError(f"The 'name' parameter of save_figure must be a plain file stem such as 'dse_vs_d'. Got {name!r} instead.")
    folder = run_dir()
    written: list[Path] = []
    if folder is not None:
        fig_dir = folder / "figures"
        fig_dir.mkdir(exist_ok=True)
        for fmt in formats:
            path = fig_dir / f"{name}.{fmt}"
            if path.exists():
                raise FileExistsError(f"Figure {path.name} was already saved in this run; give each figure its own name.")
            fig.savefig(path, dpi=120 if fmt == "png" else None, bbox_inches="tight")
            written.append(path)
    if name not in _state["figures"]:
        _state["figures"].append(name)
        _write_results()
    return written


def results() -> dict[str, Any]:
    """Everything recorded so far (a copy): ``{"records", "claims", "figures"}``."""
    return json.loads(json.dumps({k: _state[k] for k in ("records", "claims", "figures")}))


def claims_table():
    """The claims so far as a Markdown table (paper vs. here), rendered in Jupyter."""
    rows = ["| claim | paper / expected | here | source | verdict |", "|---|---|---|---|---|"]
    for c in _state["claims"]:
        rows.append(
            f"| {c['name']} | {_fmt(c['expected'])} | {_fmt(c['observed'])} | {c['source'] or ''} | "
            f"{_verdict(c['passed'])} |"
        )
    text = "\n".join(rows)
    try:
        from IPython.display import Markdown  # noqa: PLC0415
    except ImportError:  # pragma: no cover - IPython ships with ipykernel
        return text
    return Markdown(text)


def _verdict(passed: bool | None) -> str:
    return "not reproduced" if passed is None else ("pass" if passed else "**FAIL**")


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, list) and len(value) > 6:
        return f"[{', '.join(_fmt(v) for v in value[:3])}, …, {_fmt(value[-1])}] ({len(value)})"
    return str(value).replace("|", "\\|") if value is not None else ""


def progress(iterable: Iterable, **kwargs: Any):
    """``tqdm`` progress bar in JupyterLab; silent inside ``infolab run`` (keeps the log clean)."""
    from tqdm.auto import tqdm  # noqa: PLC0415

    kwargs.setdefault("disable", run_dir() is not None)
    return tqdm(iterable, **kwargs)
