"""Check front matter against its kind's JSON Schema; locate each error at its key or value."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

try:
    import jsonschema_rs
except ImportError:  # optional: the pure-Python validator gives the same answers, slower
    jsonschema_rs = None

from ..core.diagnostics import Diagnostic, Severity, json_path_of
from ..core.entry import Entry
from ..core.hints import did_you_mean
from ..load.schemas import Schemas

if TYPE_CHECKING:  # jsonschema loads only when an entry is invalid and needs its messages
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

_TYPE_NAMES = {"string": "text", "integer": "a whole number", "number": "a number",
               "boolean": "true or false", "array": "a list", "object": "a mapping of fields",
               "null": "empty"}
_SIZE_RULES = {"minItems", "maxItems", "minLength", "maxLength", "uniqueItems", "minimum",
               "maximum", "minProperties"}


@functools.lru_cache(maxsize=16)
def validator_for(schemas: Schemas, kind: str) -> Draft202012Validator:
    from jsonschema import Draft202012Validator, FormatChecker

    return Draft202012Validator(schemas.kind(kind), registry=schemas.registry,
                                format_checker=FormatChecker(["date"]))


@functools.lru_cache(maxsize=16)
def fast_validator_for(schemas: Schemas, kind: str) -> Callable[[object], bool] | None:
    """A compiled validator (jsonschema-rs) that only answers valid or not, about 500 times
    faster; the messages always come from jsonschema. None where it is not installed."""
    if jsonschema_rs is None:
        return None
    registry = jsonschema_rs.Registry([(d["$id"], d) for d in schemas.documents.values()])
    validator = jsonschema_rs.validator_for(schemas.kind(kind), registry=registry,
                                            validate_formats=True)
    return validator.is_valid


def check(entry: Entry, schemas: Schemas, *, fast: bool = True) -> list[Diagnostic]:
    """Every schema error of one entry, each located and worded for a person."""
    if entry.kind is None:
        return []
    is_valid = fast_validator_for(schemas, entry.kind) if fast else None
    if is_valid is not None and is_valid(entry.data):
        return []
    validator = validator_for(schemas, entry.kind)
    found: list[Diagnostic] = []
    for error in validator.iter_errors(entry.data):
        found.extend(_diagnose(entry, error))
    return sorted(found)


def _type_name(value: object) -> str:
    for name, kind in (("true or false", bool), ("a whole number", int), ("a number", float),
                       ("text", str), ("a list", list), ("a mapping of fields", dict)):
        if isinstance(value, kind):
            return name
    return "empty"


def _diagnose(entry: Entry, error: ValidationError) -> Iterator[Diagnostic]:
    path = tuple(error.absolute_path)
    rule = error.validator
    where = json_path_of(path)

    def at(code: str, message: str, hint: str | None = None, *, key_of: tuple = path,
           on_key: bool = False) -> Diagnostic:
        line, col = entry.where(*key_of, key=on_key)
        return Diagnostic(entry.path, line, col, code, Severity.ERROR, message, hint, where)

    name = _field_name(path)
    described = _describe(error.schema)
    if rule == "required":
        for missing in sorted(set(error.validator_value) - set(error.instance)):
            yield at("BV101", f"missing required field '{missing}'{_under(path)}",
                     _describe(error.schema.get("properties", {}).get(missing, {})), on_key=True)
    elif rule == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        for extra in sorted(set(error.instance) - set(allowed)):
            line, col = entry.where(*path, extra, key=True)
            yield Diagnostic(entry.path, line, col, "BV102",
                             Severity.ERROR, f"unknown field '{extra}'{_under(path)}",
                             did_you_mean(extra, allowed)
                             or (f"allowed here: {', '.join(allowed)}" if allowed
                                 else "no fields are allowed here"),
                             json_path_of((*path, extra)))
    elif rule == "const" and path == ("kind",):
        return  # the folder rule (BV203) says this better
    elif rule in ("oneOf", "enum", "const") and _choices(error.schema):
        choices = _choices(error.schema)
        retired = error.schema.get("x-retired", {})
        hint = retired.get(error.instance) if isinstance(error.instance, str) else None
        yield at("BV104", f"{name} {error.instance!r} is not one of: {', '.join(choices)}",
                 hint or did_you_mean(error.instance, choices) or described)
    elif rule == "type":
        expected = error.validator_value
        wanted = _TYPE_NAMES.get(expected, str(expected)) if isinstance(expected, str) else expected
        hint = described
        if expected == "string" and not isinstance(error.instance, (dict, list)):
            hint = "put the value in quotes"
        yield at("BV103", f"{name} should be {wanted}, not {_type_name(error.instance)}", hint)
    elif rule in ("pattern", "format") and _day_month_year(error.instance):
        yield at("BV105", f"{name} {error.instance!r} is not an ISO date (year first)",
                 _day_month_year(error.instance))
    elif rule in ("pattern", "format"):
        yield at("BV105", f"{name} {error.instance!r} is not in the expected form", described)
    elif rule in _SIZE_RULES:
        yield at("BV106", f"{name}: {_plain(error)}", described)
    else:
        yield at("BV100", f"{name}: {error.message}", described)


_LOCAL_DATE = re.compile(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4})")


def _day_month_year(value: object) -> str | None:
    """The hint for a date written day or month first, such as 02/12/2018; else None."""
    match = _LOCAL_DATE.fullmatch(value) if isinstance(value, str) else None
    if not match:
        return None
    first, second, year = int(match.group(1)), int(match.group(2)), match.group(3)
    readings = [f'"{year}-{m:02d}-{d:02d}"' for d, m in ((first, second), (second, first))
                if 1 <= m <= 12 and 1 <= d <= 31]
    if not readings:
        return "write the date as YYYY-MM-DD, as the source gives it"
    unique = list(dict.fromkeys(readings))
    return ("write it as YYYY-MM-DD: " + " or ".join(unique)
            + (" (check in the source which is the day)" if len(unique) > 1 else ""))


def _field_name(path: tuple) -> str:
    names = [p for p in path if isinstance(p, str)]
    return f"'{names[-1]}'" if names else "the front matter"


def _under(path: tuple) -> str:
    return f" in {json_path_of(path)}" if path else ""


def _choices(schema: dict) -> list[str]:
    if "enum" in schema:
        return [str(v) for v in schema["enum"]]
    if "const" in schema:
        return [str(schema["const"])]
    options = schema.get("oneOf", [])
    if options and all("const" in o for o in options):
        return [str(o["const"]) for o in options]
    return []


def _describe(schema: dict) -> str | None:
    return schema.get("description")


def _plain(error: ValidationError) -> str:
    rule, limit, value = error.validator, error.validator_value, error.instance
    if rule == "minItems":
        return f"needs at least {limit} item{'s' if limit != 1 else ''}, has {len(value)}"
    if rule == "maxItems":
        return f"allows at most {limit} items, has {len(value)}"
    if rule == "minLength":
        return f"needs at least {limit} characters, has {len(value)}"
    if rule == "maxLength":
        return f"allows at most {limit} characters, has {len(value)}"
    if rule == "uniqueItems":
        return "lists the same item twice"
    return error.message
