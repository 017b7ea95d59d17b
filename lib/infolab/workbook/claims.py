"""Claims whose outcome the workbook computes, never the notebook.

A notebook states what it expects before it looks, as an *expectation*
(``close_to(1.0, atol=1e-9)``, ``at_least(0.95)``, ``consistently_above(b)``),
and hands the workbook what the run observed::

    claim("DSE(I) = log2 n", observed=err, expected=close_to(0.0, atol=1e-9),
          source="paper, Sec. IV")

The workbook evaluates the expectation and keeps the verdict. A paper statement
the notebook does not reproduce under some parameters is declared up front,
before any experiment runs, with the reason::

    if sweep_ambient_dim > 512:
        declare_not_reproduced("DSE is resilient to noise", reason="...")

and its claim is still evaluated with the paper's tolerance. The five outcomes:

``pass``
    the expectation holds;
``fail``
    it does not, and nothing was declared: ``infolab run`` fails the run;
``not reproduced``
    it does not hold, as declared up front (the reason is shown);
``reproduced, declared not``
    it was declared not reproduced but holds: a change to review (reported by
    the runner and the gallery, and a test fails on it for pinned parameters);
``not run``
    the experiment behind the claim is skipped by these parameters
    (:func:`not_run`, always with the reason).
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping

import numpy as np

from . import recording

__all__ = [
    "Expectation",
    "PASS",
    "FAIL",
    "NOT_REPRODUCED",
    "UNEXPECTED",
    "NOT_RUN",
    "STATUSES",
    "COUNT_KEYS",
    "claim",
    "declare_not_reproduced",
    "not_run",
    "claims_table",
    "claims_summary_text",
    "close_to",
    "equal_to",
    "at_most",
    "at_least",
    "below",
    "above",
    "between",
    "consistently_above",
    "consistently_below",
    "interval_above",
    "interval_below",
]

PASS = "pass"
FAIL = "fail"
NOT_REPRODUCED = "not reproduced"
UNEXPECTED = "reproduced, declared not"
NOT_RUN = "not run"
STATUSES = (PASS, FAIL, NOT_REPRODUCED, UNEXPECTED, NOT_RUN)
# The key under which a run manifest counts each outcome, in display order.
COUNT_KEYS = (("passed", PASS), ("failed", FAIL), ("not_reproduced", NOT_REPRODUCED),
              ("reproduced_declared_not", UNEXPECTED), ("not_run", NOT_RUN))
MIN_SEEDS = 3


# ---------------------------------------------------------------------------
# Expectations
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Expectation:
    """A check stated before the run: ``holds(observed)`` and a reader's description.

    Scalar expectations (:func:`close_to`, :func:`at_most`, ...) applied to a
    list or array of observed values must hold for every element. Build them
    with the functions of this module rather than directly.
    """

    describe: str
    test: Callable[[Any], bool]
    elementwise: bool = True

    def holds(self, observed: Any) -> bool:
        if self.elementwise and _is_sequence(observed):
            values = _as_float_list(observed, "observed")
            if not values:
                raise ValueError("The 'observed' parameter of claim is an empty sequence; there is nothing to check.")
            return all(self.test(v) for v in values)
        return bool(self.test(observed))

    def text(self, observed: Any) -> str:
        if self.elementwise and _is_sequence(observed):
            return f"each {self.describe}"
        return self.describe


def _is_sequence(value: Any) -> bool:
    if hasattr(value, "get") and type(value).__module__.split(".")[0] == "cupy":
        return True
    return isinstance(value, (list, tuple, np.ndarray))


def _as_float_list(value: Any, name: str) -> list[float]:
    if hasattr(value, "get") and type(value).__module__.split(".")[0] == "cupy":
        value = value.get()
    arr = np.asarray(value)
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"The '{name}' values of claim must be real numbers. Got dtype {arr.dtype} instead.")
    return [float(v) for v in arr.ravel()]


def _real(value: Any, name: str, where: str) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"The '{name}' parameter of {where} must be a real number. Got {value!r} instead.")
    v = float(value)
    if math.isnan(v):
        raise ValueError(f"The '{name}' parameter of {where} must not be NaN.")
    return v


def _observed_real(value: Any) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"The 'observed' value of claim must be a real number for this expectation. "
                        f"Got {value!r} ({type(value).__name__}) instead.")
    return float(value)  # NaN compares false everywhere, so a NaN observation fails the check


def _g(x: float) -> str:
    return f"{x:.6g}"


def close_to(value: float, *, atol: float = 0.0, rtol: float = 0.0) -> Expectation:
    """``|observed - value| <= atol + rtol * |value|``; at least one tolerance must be given."""
    v = _real(value, "value", "close_to")
    a, r = _real(atol, "atol", "close_to"), _real(rtol, "rtol", "close_to")
    if a < 0 or r < 0 or (a == 0 and r == 0):
        raise ValueError(f"close_to needs a tolerance: 'atol' or 'rtol' must be > 0 and neither negative. "
                         f"Got atol={atol!r}, rtol={rtol!r} instead (use equal_to for exact equality).")
    bound = a + r * abs(v)
    tol = " + ".join(x for x in ((f"{_g(a)}" if a else ""), (f"{_g(r)}·|{_g(v)}|" if r else "")) if x)
    return Expectation(f"{_g(v)} ± {tol}", lambda o: abs(_observed_real(o) - v) <= bound)


def equal_to(value: Any) -> Expectation:
    """Exact equality (integers, strings, booleans, lists of them)."""
    if isinstance(value, float) and math.isnan(value):
        raise ValueError("The 'value' parameter of equal_to must not be NaN (NaN equals nothing).")
    plain = recording.to_jsonable(value)
    return Expectation(f"= {plain!r}", lambda o: recording.to_jsonable(o) == plain, elementwise=False)


def at_most(bound: float) -> Expectation:
    """``observed <= bound``."""
    b = _real(bound, "bound", "at_most")
    return Expectation(f"≤ {_g(b)}", lambda o: _observed_real(o) <= b)


def at_least(bound: float) -> Expectation:
    """``observed >= bound``."""
    b = _real(bound, "bound", "at_least")
    return Expectation(f"≥ {_g(b)}", lambda o: _observed_real(o) >= b)


def below(bound: float) -> Expectation:
    """``observed < bound``."""
    b = _real(bound, "bound", "below")
    return Expectation(f"< {_g(b)}", lambda o: _observed_real(o) < b)


def above(bound: float) -> Expectation:
    """``observed > bound``."""
    b = _real(bound, "bound", "above")
    return Expectation(f"> {_g(b)}", lambda o: _observed_real(o) > b)


def between(low: float, high: float) -> Expectation:
    """``low <= observed <= high``."""
    lo, hi = _real(low, "low", "between"), _real(high, "high", "between")
    if lo > hi:
        raise ValueError(f"between needs low <= high. Got low={low!r}, high={high!r} instead.")
    return Expectation(f"in [{_g(lo)}, {_g(hi)}]", lambda o: lo <= _observed_real(o) <= hi)


def _paired(other: Any, where: str, min_seeds: int) -> list[float]:
    if not _is_sequence(other):
        raise TypeError(f"The 'other' parameter of {where} must be the per-seed values of the method compared "
                        f"against (a list or array). Got {type(other).__name__} instead.")
    values = _as_float_list(other, "other")
    if len(values) < min_seeds:
        raise ValueError(f"{where} compares methods across seeds: it needs at least {min_seeds} paired values. "
                         f"Got {len(values)}. Run more seeds, or state the claim with an interval of the difference.")
    if not all(math.isfinite(v) for v in values):
        raise ValueError(f"The 'other' values of {where} must be finite. Got {values!r}.")
    return values


def _direction(other: Any, sign: int, where: str, margin: float, min_seeds: int) -> Expectation:
    ref = _paired(other, where, min_seeds)
    m = _real(margin, "margin", where)
    if m < 0:
        raise ValueError(f"The 'margin' parameter of {where} must be >= 0. Got {margin!r} instead.")

    def test(observed: Any) -> bool:
        if not _is_sequence(observed):
            raise TypeError(f"{where} needs the per-seed values as 'observed' (a list or array). "
                            f"Got {type(observed).__name__} instead.")
        obs = _as_float_list(observed, "observed")
        if len(obs) != len(ref):
            raise ValueError(f"{where}: 'observed' has {len(obs)} seeds and 'other' {len(ref)}; they must be paired.")
        return all(sign * (o - r) > m for o, r in zip(obs, ref, strict=True))

    word = "above" if sign > 0 else "below"
    extra = f" by more than {_g(m)}" if m else ""
    return Expectation(f"{word} the other in each of {len(ref)} seeds{extra}", test, elementwise=False)


def consistently_above(other: Any, *, margin: float = 0.0, min_seeds: int = MIN_SEEDS) -> Expectation:
    """Per-seed values that exceed ``other`` (paired by seed) in every seed, by more than ``margin``.

    A direction claim ("A beats B") rests on at least ``min_seeds`` (default 3)
    paired seeds; fewer is an error, so a single lucky draw cannot pass.
    """
    return _direction(other, +1, "consistently_above", margin, min_seeds)


def consistently_below(other: Any, *, margin: float = 0.0, min_seeds: int = MIN_SEEDS) -> Expectation:
    """Per-seed values below ``other`` (paired by seed) in every seed, by more than ``margin``."""
    return _direction(other, -1, "consistently_below", margin, min_seeds)


def _interval(bound: float, sign: int, where: str) -> Expectation:
    b = _real(bound, "bound", where)

    def test(observed: Any) -> bool:
        if not _is_sequence(observed) or len(_as_float_list(observed, "observed")) != 2:
            raise TypeError(f"{where} needs an interval (low, high) as 'observed'. Got {observed!r} instead.")
        lo, hi = _as_float_list(observed, "observed")
        if lo > hi:
            raise ValueError(f"{where}: the interval's low end {lo} is above its high end {hi}.")
        return lo > b if sign > 0 else hi < b

    word = "above" if sign > 0 else "below"
    return Expectation(f"interval entirely {word} {_g(b)}", test, elementwise=False)


def interval_above(bound: float = 0.0) -> Expectation:
    """An interval ``(low, high)`` (e.g. of a difference) that lies entirely above ``bound``."""
    return _interval(bound, +1, "interval_above")


def interval_below(bound: float = 0.0) -> Expectation:
    """An interval ``(low, high)`` that lies entirely below ``bound``."""
    return _interval(bound, -1, "interval_below")


# ---------------------------------------------------------------------------
# Claims
# ---------------------------------------------------------------------------

def _check_name(name: Any, where: str) -> str:
    if not isinstance(name, str) or not name.strip():
        raise TypeError(f"The 'name' parameter of {where} must be a non-empty string. Got {name!r} instead.")
    return name


def _check_text(value: Any, param: str, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"The '{param}' parameter of {where} must say, in words, {_WHY[param]}. Got {value!r}.")
    return value


_WHY = {
    "reason": "why the paper's statement is not reproduced here",
    "source": "where the expected value comes from (e.g. 'paper, Fig. 3' or 'exact')",
}


def _evaluate(observed: Any, expected: Any) -> tuple[bool, Any]:
    """Whether the expectation(s) hold, and their description for the table."""
    if isinstance(expected, Expectation):
        return expected.holds(observed), expected.text(observed)
    if isinstance(expected, Mapping):
        if not isinstance(observed, Mapping) or set(observed) != set(expected):
            got = sorted(observed) if isinstance(observed, Mapping) else type(observed).__name__
            raise ValueError(f"With a dict of expectations, 'observed' must be a dict with the same keys "
                             f"{sorted(expected)}. Got {got} instead.")
        verdicts = {k: _evaluate(observed[k], e) for k, e in expected.items()}
        return all(v for v, _ in verdicts.values()), {k: d for k, (_, d) in verdicts.items()}
    raise TypeError("The 'expected' parameter of claim must be an expectation stated before the run "
                    "(close_to, at_most, at_least, below, above, between, equal_to, consistently_above, "
                    "interval_above, ...) or a dict of them. "
                    f"Got {expected!r} ({type(expected).__name__}) instead.")


def _store(entry: dict[str, Any]) -> None:
    claims = recording._state["claims"]
    recording._state["claims"] = [c for c in claims if c["name"] != entry["name"]] + [entry]
    recording._write_results()


def declare_not_reproduced(name: str, *, reason: str) -> None:
    """Declare, before any experiment runs, a paper statement that this run will not reproduce.

    The claim of the same name is still evaluated later with the paper's
    tolerance: if it fails it shows as "not reproduced" with ``reason``; if it
    holds it shows as "reproduced, declared not", a change to review. A
    condition around the declaration may use the notebook's parameters only
    (the statement fails at one scale and holds at another), never a result.
    """
    name = _check_name(name, "declare_not_reproduced")
    reason = _check_text(reason, "reason", "declare_not_reproduced")
    if any(c["name"] == name for c in recording._state["claims"]):
        raise ValueError(f"The claim {name!r} was already checked or marked not run; declare it not reproduced "
                         "up front, before its experiment runs.")
    declared = recording._state["declared"]
    if name in declared:
        raise ValueError(f"The claim {name!r} is already declared not reproduced.")
    declared[name] = reason
    recording._write_results()


def claim(name: str, observed: Any, expected: Any, *, source: str, note: str | None = None) -> None:
    """Check one of the paper's statements on this run's data; the workbook computes the outcome.

    Parameters
    ----------
    name : str
        The statement, in words a reader understands.
    observed :
        What this run measured: a number, a list or array (a scalar
        expectation must then hold for each element), or a dict of them.
    expected : Expectation or dict of Expectation
        The check, stated before the run: ``close_to(0.0, atol=1e-9)``,
        ``at_least(0.95)``, ``consistently_above(baseline_per_seed)``, ... A dict
        must have the keys of ``observed``; every entry must hold.
    source : str
        Where the statement or the expected value comes from ("paper, Fig. 3",
        "exact", "paper, Table 2").
    note : str, optional
        Anything a reader needs to judge the check (the scale, the seeds).

    Notes
    -----
    Nothing is printed: ``claims_table()`` shows every claim once. A failed
    claim does not raise here (the notebook goes on and shows every claim);
    ``infolab run`` marks the run failed.
    """
    name = _check_name(name, "claim")
    source = _check_text(source, "source", "claim")
    if note is not None and not isinstance(note, str):
        raise TypeError(f"The 'note' parameter of claim must be a string or None. Got {note!r} instead.")
    if isinstance(observed, (bool, np.bool_)):
        raise TypeError(f"The 'observed' parameter of claim {name!r} is a bare boolean: pass the measured values "
                        "and state the check as an expectation (e.g. at_most(1e-9)), so the workbook computes it.")
    holds, described = _evaluate(observed, expected)
    reason = recording._state["declared"].get(name)
    if reason is None:
        status = PASS if holds else FAIL
    else:
        status = UNEXPECTED if holds else NOT_REPRODUCED
    _store({"name": name, "status": status, "observed": recording.to_jsonable(observed),
            "expected": recording.to_jsonable(described), "source": source, "note": note, "reason": reason})


def not_run(names: str | Iterable[str], *, reason: str) -> None:
    """Mark the claims of an experiment that these parameters skip as "not run", with the reason.

    Call it in the ``else`` branch of a condition on the notebook's parameters
    (``if train_epochs > 0: ... else: not_run([...], reason="full parameters only")``).
    """
    reason = _check_text(reason, "reason", "not_run")
    items = [names] if isinstance(names, str) else list(names)
    if not items:
        raise ValueError("The 'names' parameter of not_run must name at least one claim. Got none.")
    for n in items:
        n = _check_name(n, "not_run")
        _store({"name": n, "status": NOT_RUN, "observed": None, "expected": None, "source": None, "note": None,
                "reason": reason, "declared": recording._state["declared"].get(n)})


def unchecked_declarations() -> list[str]:
    """Names declared not reproduced whose claim was never evaluated nor marked not run."""
    seen = {c["name"] for c in recording._state["claims"]}
    return [n for n in recording._state["declared"] if n not in seen]


# ---------------------------------------------------------------------------
# The table
# ---------------------------------------------------------------------------

def format_value(value: Any) -> str:
    """A short, readable rendering of an observed or expected value."""
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {format_value(v)}" for k, v in value.items())
    if isinstance(value, list):
        if len(value) > 6:
            return f"[{', '.join(format_value(v) for v in value[:3])}, …, {format_value(value[-1])}] ({len(value)} values)"
        return "[" + ", ".join(format_value(v) for v in value) + "]"
    return "" if value is None else str(value)


def _remark(c: dict[str, Any]) -> str:
    return " ".join(x for x in (c.get("reason"), c.get("note")) if x)


class ClaimsTable:
    """Every claim of the run, once: an HTML table in Jupyter, plain text elsewhere."""

    columns = ("claim", "expected", "observed", "source", "outcome", "why / note")

    def __init__(self, claims: list[dict[str, Any]], unchecked: list[str]):
        self.claims = claims
        self.unchecked = unchecked

    def rows(self) -> list[tuple[str, ...]]:
        rows = [(c["name"], format_value(c["expected"]), format_value(c["observed"]), c.get("source") or "",
                 c["status"], _remark(c)) for c in self.claims]
        rows += [(n, "", "", "", "declared, never checked", "") for n in self.unchecked]
        return rows

    def counts(self) -> dict[str, int]:
        return {s: sum(c["status"] == s for c in self.claims) for s in STATUSES}

    def _summary(self) -> str:
        return ", ".join(f"{n} {s}" for s, n in self.counts().items() if n) or "no claims"

    def _repr_html_(self) -> str:
        head = "".join(f"<th style=\"text-align:left\">{html.escape(h)}</th>" for h in self.columns)
        body = []
        for row in self.rows():
            cells = "".join(f"<td style=\"text-align:left\">{html.escape(v)}</td>" for v in row[:4])
            outcome = row[4]
            style = {"fail": "color:#b3261e;font-weight:bold", "reproduced, declared not": "color:#a15c00"}.get(outcome, "")
            cells += f"<td style=\"text-align:left;{style}\" class=\"claim-outcome\">{html.escape(outcome)}</td>"
            cells += f"<td style=\"text-align:left\">{html.escape(row[5])}</td>"
            body.append(f"<tr class=\"claim-row\">{cells}</tr>")
        return (f"<p><b>Claims</b>: {html.escape(self._summary())}.</p>"
                f"<table class=\"infolab-claims\"><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>")

    def __repr__(self) -> str:
        lines = [f"Claims: {self._summary()}."]
        for row in self.rows():
            lines.append(f"[{row[4]}] {row[0]}: expected {row[1]}, observed {row[2]}"
                         + (f" ({row[5]})" if row[5] else ""))
        return "\n".join(lines)


def claims_table() -> ClaimsTable:
    """The claims of this run so far, each once, for the last cell of a notebook."""
    return ClaimsTable([dict(c) for c in recording._state["claims"]], unchecked_declarations())


_SHORT_WORDS = {PASS: "pass", FAIL: "fail", NOT_REPRODUCED: "n.r.", UNEXPECTED: "to review", NOT_RUN: "not run"}
_LONG_WORDS = {PASS: "passed", FAIL: "failed", NOT_REPRODUCED: "not reproduced",
               UNEXPECTED: "reproduced though declared not", NOT_RUN: "not run"}


def claims_summary_text(counts: Mapping[str, Any], short: bool = False) -> str:
    """One line from a run manifest's claim counts: "9 passed, 0 failed, 2 not reproduced, 1 not run"."""
    words = _SHORT_WORDS if short else _LONG_WORDS
    parts = []
    for key, status in COUNT_KEYS:
        n = int(counts.get(key, 0) or 0)
        if n or status in (PASS, FAIL):
            parts.append(f"{n} {words[status]}")
    return ", ".join(parts)
