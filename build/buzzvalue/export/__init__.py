"""Open data: the knowledge base, its graph and tables as files; bundled schemas."""
