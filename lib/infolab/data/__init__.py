"""Samplers and toy data with known ground truth, and loaders for data shipped in packages.

Every public name of the family modules in this package is available here,
e.g. ``from infolab.data import ...``; each module lists its own in ``__all__``.
"""

from .._registry import export_submodules

__all__, __getattr__, __dir__ = export_submodules(__name__, __path__, globals())
