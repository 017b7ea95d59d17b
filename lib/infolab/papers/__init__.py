"""Paper-specific experiment code too long for a notebook, one module per paper (``pNN_slug.py``)."""
