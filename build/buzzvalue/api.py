"""The public API: what the MkDocs plugin (and any other shell) may use, and nothing else.

Everything here is re-exported from the stage that defines it; see ARCHITECTURE.md.
"""

from __future__ import annotations

from pathlib import Path

from . import __version__
from .core import version
from .core.diagnostics import ADVISORY, Diagnostic, Report, Severity
from .core.errors import BuzzvalueError
from .kb import KnowledgeBase, find_root, load
from .model.history import History, load_history
from .site.render import PageSet, SiteBuild, render, site_build


def built_from(root: Path) -> str:
    """Which version the site at ``root`` is built from, for its footer."""
    return version.built_from(root, __version__)

__all__ = ["ADVISORY", "BuzzvalueError", "Diagnostic", "History", "KnowledgeBase", "PageSet",
           "Report", "Severity", "SiteBuild", "built_from", "find_root", "load", "load_history",
           "render", "site_build"]
