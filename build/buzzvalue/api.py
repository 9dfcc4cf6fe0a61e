"""The public API: what the MkDocs plugin (and any other shell) may use, and nothing else.

Everything here is re-exported from the stage that defines it; see ARCHITECTURE.md.
"""

from __future__ import annotations

from .core.diagnostics import ADVISORY, Diagnostic, Report, Severity
from .core.errors import BuzzvalueError
from .kb import KnowledgeBase, find_root, load
from .model.history import History, load_history
from .site.render import PageSet, render

__all__ = ["ADVISORY", "BuzzvalueError", "Diagnostic", "History", "KnowledgeBase", "PageSet",
           "Report", "Severity", "find_root", "load", "load_history", "render"]
