"""The `buzzvalue` command: one module per subcommand, the shared parser and entry point
(main.py), and the mapping of every expected failure to an exit code (exitcodes.py)."""
