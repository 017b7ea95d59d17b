"""infolab: a reproducible research workbook for information-theoretic measures.

Measures live in :mod:`infolab.measures` (nats by default everywhere),
samplers with known ground truth in :mod:`infolab.data`, small models in
:mod:`infolab.models`, and the run machinery in :mod:`infolab.workbook`.
Every public function checks its input with the one contract of
:mod:`infolab.validation`.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("infolab")
except PackageNotFoundError:  # running from a source tree with PYTHONPATH=lib
    __version__ = "0.0.0+local"

from . import backend, measures  # noqa: E402

__all__ = ["__version__", "backend", "measures"]
