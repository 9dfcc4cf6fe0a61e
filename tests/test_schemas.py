"""The schemas help editors: every property has a title and a description, and every
vocabulary is defined once, in vocabularies.schema.json."""

from __future__ import annotations

import json
import re

import pytest

from buzzvalue.load.schemas import default_schema_dir, load_schemas

SCHEMAS = load_schemas(default_schema_dir())


def resolve(schema: dict, document: str) -> tuple[dict, str]:
    """Follow a $ref (relative file + JSON pointer) once."""
    ref = schema.get("$ref")
    if not ref:
        return schema, document
    name, _, pointer = ref.partition("#")
    name = name or document
    target = SCHEMAS.documents[name]
    for part in pointer.strip("/").split("/"):
        if part:
            target = target[part]
    return target, name


def properties(schema: dict, document: str, path: str = ""):
    schema, document = resolve(schema, document)
    for key, sub in schema.get("properties", {}).items():
        yield f"{path}.{key}", sub, document
        yield from properties(sub, document, f"{path}.{key}")
    items = schema.get("items")
    if isinstance(items, dict):
        yield from properties(items, document, f"{path}[]")


@pytest.mark.parametrize("kind", ["technology", "use-case", "guide"])
def test_every_property_has_a_title_and_a_description(kind):
    name = f"{kind}.schema.json"
    missing = []
    for where, sub, document in properties(SCHEMAS.documents[name], name):
        target, _ = resolve(sub, document)
        title = sub.get("title") or target.get("title")
        description = sub.get("description") or target.get("description")
        if not (title and description):
            missing.append(where)
    assert missing == []


def test_no_vocabulary_is_typed_twice():
    vocabularies = SCHEMAS.documents["vocabularies.schema.json"]["$defs"]
    others = json.dumps({n: d for n, d in SCHEMAS.documents.items()
                         if n != "vocabularies.schema.json"})
    assert '"enum"' not in others and '"oneOf"' not in others
    for name in vocabularies:
        values = SCHEMAS.values(name)
        assert len(values) == len(set(values)) >= 3
    python = "".join(p.read_text() for p in (default_schema_dir().parent / "build").rglob("*.py"))
    # A subset of a vocabulary may be named once in code (NEGATIVE_OUTCOMES); no full list is.
    for value in ("not-delivered", "discontinued", "Social protection", "trough", "audit"):
        assert len(re.findall(rf"[\[(,]\s*\"{value}\"\s*,\s*\"", python)) <= 1, value
