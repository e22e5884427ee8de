"""The class bands live in service/workflow/bands.py (the dashboard and its export use them too)."""

from service.workflow.bands import NAMES, Bands, index_of

__all__ = ["NAMES", "Bands", "index_of"]
