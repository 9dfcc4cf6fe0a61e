"""MkDocs plugin for Buzz vs Value: a thin adapter over the `buzzvalue` package."""
