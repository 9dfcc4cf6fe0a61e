"""The one base type of every expected failure; the CLI maps each to an exit code in one
place (cli/exitcodes.py), the MkDocs plugin to a PluginError."""

from __future__ import annotations


class BuzzvalueError(Exception):
    """Something the person running buzzvalue can fix: the input, the command line, the
    environment. Anything else that escapes is a bug."""
