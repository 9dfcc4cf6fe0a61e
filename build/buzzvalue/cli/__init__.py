"""The `buzzvalue` command: one module per subcommand, the shared parser (main.py) and the
mapping of every expected failure to an exit code (exitcodes.py)."""

from .main import main

__all__ = ["main"]
