"""Small trainable models written against the array backend (NumPy or CuPy).

Every public name of the family modules in this package is available here,
e.g. ``from infolab.models import ...``; each module lists its own in ``__all__``.
"""

from .._registry import export_submodules

__all__, __getattr__, __dir__ = export_submodules(__name__, __path__, globals())
