"""Files to entries: strict YAML, front matter, the schemas, the per-file cache."""
