"""The JSON Schemas and vocabularies under schema/: loading them, and reading them."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.errors import BuzzvalueError

if TYPE_CHECKING:
    from referencing import Registry

PACKAGE_DIR = Path(__file__).resolve().parents[1]  # buzzvalue/
KIND_SCHEMAS = {"technology": "technology.schema.json", "use-case": "use-case.schema.json",
                "guide": "guide.schema.json"}


def default_schema_dir() -> Path:
    """The schemas shipped with the package (a wheel), or the repository's (a checkout)."""
    bundled = PACKAGE_DIR / "_schema"
    return bundled if bundled.is_dir() else PACKAGE_DIR.parents[1] / "schema"


def schema_dir_for(root: Path) -> Path:
    """A knowledge base may carry its own schema/; otherwise the default one is used."""
    own = root / "schema"
    return own if (own / "vocabularies.schema.json").is_file() else default_schema_dir()


@dataclass(frozen=True)
class Term:
    value: str
    title: str
    description: str


@dataclass(frozen=True, eq=False)
class Schemas:
    """Every schema document, keyed by file name, and a registry that resolves their $refs."""

    directory: Path
    documents: dict[str, dict]

    @functools.cached_property
    def registry(self) -> Registry:
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT202012

        resources = [
            (doc["$id"], Resource.from_contents(doc, default_specification=DRAFT202012))
            for doc in self.documents.values()
        ]
        return Registry().with_resources(resources)

    def kind(self, kind: str) -> dict:
        return self.documents[KIND_SCHEMAS[kind]]

    def vocabulary(self, name: str) -> tuple[Term, ...]:
        """A controlled list, as the one file that defines it says."""
        definition = self.documents["vocabularies.schema.json"]["$defs"][name]
        return tuple(Term(o["const"], o["title"], o["description"]) for o in definition["oneOf"])

    def values(self, name: str) -> tuple[str, ...]:
        return tuple(term.value for term in self.vocabulary(name))

    def titles(self, name: str) -> dict[str, str]:
        return {term.value: term.title for term in self.vocabulary(name)}

    def body_sections(self, kind: str) -> tuple[str, ...]:
        return tuple(self.kind(kind)["x-body-sections"])

    def fingerprint(self) -> str:
        return json.dumps(self.documents, sort_keys=True)


class SchemaError(BuzzvalueError):
    """A schema file cannot be read, or is not JSON."""


@functools.lru_cache(maxsize=8)
def load_schemas(directory: Path) -> Schemas:
    return Schemas(directory, {path.name: _read(path)
                               for path in sorted(directory.glob("*.schema.json"))})


def _read(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SchemaError(f"{path}: cannot read the schema ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise SchemaError(f"{path}: the schema is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise SchemaError(f"{path}:{exc.lineno}:{exc.colno}: the schema is not valid JSON "
                          f"({exc.msg}); fix the file, or remove the knowledge base's own "
                          "schema/ folder to use the default schemas") from None
