"""The workbook machinery: record values and claims in notebooks, run notebooks into run folders.

In a notebook::

    from infolab.workbook import record, claim, finding, save_figure, claims_table, progress
"""

from .recording import claim, claims_table, finding, progress, record, results, run_dir, save_figure

__all__ = ["claim", "claims_table", "finding", "progress", "record", "results", "run_dir", "save_figure"]
