"""Entries to diagnostics: schema checks, rules, body, graph rules, placeholders."""
