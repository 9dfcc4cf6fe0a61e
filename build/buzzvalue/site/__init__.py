"""The page set: one module per page family, each a set of functions of a render context."""
