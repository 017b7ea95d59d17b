"""Estimators and metrics, one module per family of measures (nats by default).

Every public name of the family modules in this package is available here,
e.g. ``from infolab.measures import ...``; each module lists its own in ``__all__``.
"""

from .._registry import export_submodules

__all__, __getattr__, __dir__ = export_submodules(__name__, __path__, globals())
