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
from typing import Any, Callable, Iterable

import numpy as np

__all__ = [
    "RUN_DIR_ENV",
    "run_dir",
    "record",
    "save_figure",
    "results",
    "progress",
    "explore",
    "reset",
]

RUN_DIR_ENV = "INFOLAB_RUN_DIR"
RESULTS_FILE = "results.json"
FIGURE_FORMATS = ("png", "svg")

_state: dict[str, Any] = {"records": {}, "claims": [], "declared": {}, "figures": []}
RESULT_KEYS = ("records", "claims", "declared", "figures")


def run_dir() -> Path | None:
    """The current run folder, or ``None`` when running interactively."""
    value = os.environ.get(RUN_DIR_ENV)
    return Path(value) if value else None


def reset() -> None:
    """Forget every recorded value, claim and figure (interactive use and tests)."""
    _state["records"] = {}
    _state["claims"] = []
    _state["declared"] = {}
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
    payload = {k: _state[k] for k in RESULT_KEYS}
    tmp = folder / (RESULTS_FILE + ".tmp")
    tmp.write_text(json.dumps(payload, indent=2, sort_keys=False), encoding="utf-8")
    os.replace(tmp, folder / RESULTS_FILE)


def record(name: str, value: Any) -> None:
    """Keep a named value of the run (written to ``results.json``).

    Returns nothing, so a cell that ends with ``record(...)`` shows no echo.
    """
    if not isinstance(name, str) or not name:
        raise TypeError(f"The 'name' parameter of record must be a non-empty string. Got {name!r} instead.")
    _state["records"][name] = to_jsonable(value)
    _write_results()


def save_figure(fig: Any, name: str, formats: Iterable[str] = FIGURE_FORMATS) -> None:
    """Save a Matplotlib figure into the run's ``figures/`` folder as PNG and SVG.

    Interactively (no run folder) nothing is written; the figure still shows
    inline. Returns nothing (the files are listed in ``results.json``).
    """
    if not isinstance(name, str) or not name or "/" in name or name.startswith("."):
        raise ValueError(f"The 'name' parameter of save_figure must be a plain file stem such as 'dse_vs_d'. Got {name!r} instead.")
    folder = run_dir()
    if folder is not None:
        fig_dir = folder / "figures"
        fig_dir.mkdir(exist_ok=True)
        for fmt in formats:
            path = fig_dir / f"{name}.{fmt}"
            if path.exists():
                raise FileExistsError(f"Figure {path.name} was already saved in this run; give each figure its own name.")
            fig.savefig(path, dpi=120 if fmt == "png" else None, bbox_inches="tight")
    if name not in _state["figures"]:
        _state["figures"].append(name)
        _write_results()


def results() -> dict[str, Any]:
    """Everything recorded so far (a copy): ``{"records", "claims", "declared", "figures"}``."""
    return json.loads(json.dumps({k: _state[k] for k in RESULT_KEYS}))


def _widgets_available() -> bool:
    try:
        import ipywidgets  # noqa: F401, PLC0415
    except ImportError:
        return False
    return True


def _in_jupyter_frontend() -> bool:
    """True in a kernel that a Jupyter server started for a person (JupyterLab, Notebook), not under papermill."""
    if run_dir() is not None:
        return False
    try:
        from IPython import get_ipython  # noqa: PLC0415
    except ImportError:  # pragma: no cover - IPython ships with ipykernel
        return False
    shell = get_ipython()
    return (shell is not None and type(shell).__name__ == "ZMQInteractiveShell"
            and bool(os.environ.get("JPY_SESSION_NAME")))


def progress(iterable: Iterable, **kwargs: Any):
    """A ``tqdm`` progress bar: a widget in JupyterLab, text in a terminal, silent inside ``infolab run``.

    Without ipywidgets it falls back to the text bar instead of warning.
    """
    kwargs.setdefault("disable", run_dir() is not None)
    if _in_jupyter_frontend() and _widgets_available():
        from tqdm.notebook import tqdm  # noqa: PLC0415
    else:
        from tqdm.std import tqdm  # noqa: PLC0415
    return tqdm(iterable, **kwargs)


def explore(draw: Callable[..., Any], **knobs: tuple[float, float, float]) -> None:
    """Sliders for a figure's continuous knobs in JupyterLab; the static figure everywhere else.

    ``draw(**values)`` draws one figure from the knob values. Each knob is
    ``name=(low, high, default)``. In a JupyterLab kernel with ipywidgets, one
    slider per knob redraws the figure as it moves; under papermill, ``infolab
    run`` or a plain Python kernel, ``draw`` runs once at the defaults, so the
    run folder keeps the static version.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> def draw(sigma):
    ...     fig, ax = plt.subplots(); ax.set_title(f"σ = {sigma:g}"); plt.close(fig)
    >>> explore(draw, sigma=(1.0, 20.0, 10.0))
    """
    if not callable(draw):
        raise TypeError(f"The 'draw' parameter of explore must be a function. Got {type(draw).__name__} instead.")
    if not knobs:
        raise ValueError("explore needs at least one knob, as name=(low, high, default).")
    defaults = {}
    for name, spec in knobs.items():
        ok = isinstance(spec, tuple) and len(spec) == 3 and all(
            isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in spec)
        if not ok or not spec[0] <= spec[2] <= spec[1] or spec[0] == spec[1]:
            raise ValueError(f"The knob '{name}' of explore must be (low, high, default) finite numbers with "
                             f"low <= default <= high and low < high. Got {spec!r} instead.")
        defaults[name] = spec[2]
    if _in_jupyter_frontend() and _widgets_available():
        import ipywidgets  # noqa: PLC0415

        sliders = {name: ipywidgets.FloatSlider(value=hi_lo_def[2], min=hi_lo_def[0], max=hi_lo_def[1],
                                                step=(hi_lo_def[1] - hi_lo_def[0]) / 100, continuous_update=False,
                                                description=name)
                   for name, hi_lo_def in knobs.items()}
        ipywidgets.interact(draw, **sliders)
        return
    draw(**defaults)
