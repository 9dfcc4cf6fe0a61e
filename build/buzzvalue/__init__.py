"""Buzz vs Value: load, validate, link, score and render a technology knowledge base."""

__version__ = "0.1.0"
