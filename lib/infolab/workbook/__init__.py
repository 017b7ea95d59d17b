"""The workbook machinery: record values and claims in notebooks, run notebooks into run folders.

In a notebook::

    from infolab.workbook import (record, save_figure, progress, explore, claim, declare_not_reproduced,
                                  not_run, claims_table, close_to, at_most, at_least, consistently_above)

See :mod:`infolab.workbook.claims` for the claims API: the workbook computes
every outcome from what the run observed and an expectation stated up front.
"""

from .claims import (
    above,
    at_least,
    at_most,
    below,
    between,
    claim,
    claims_table,
    close_to,
    consistently_above,
    consistently_below,
    declare_not_reproduced,
    equal_to,
    interval_above,
    interval_below,
    not_run,
)
from .recording import explore, progress, record, results, run_dir, save_figure

__all__ = [
    "above", "at_least", "at_most", "below", "between", "claim", "claims_table", "close_to",
    "consistently_above", "consistently_below", "declare_not_reproduced", "equal_to", "explore",
    "interval_above", "interval_below", "not_run", "progress", "record", "results", "run_dir", "save_figure",
]
