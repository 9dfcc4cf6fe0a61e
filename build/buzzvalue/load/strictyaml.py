"""A strict, position-keeping YAML reader for front matter.

PyYAML follows YAML 1.1: it reads ``NO`` as false, ``1:20`` as 80, ``017`` as 15,
keeps the last of two duplicate keys and turns dates into ``datetime.date``. Here the
node tree is composed with libyaml (fast) and turned into plain values by our own
rules: only ``true``/``false`` are booleans, only decimal numbers are numbers,
everything else is a string; duplicate keys, anchors, aliases and custom tags are
errors. Every value keeps its (line, column), so any diagnostic can point at it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from ..core.errors import BuzzvalueError


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's composer with no implicit YAML 1.1 typing: `scalar` below types plain text."""

    yaml_implicit_resolvers: dict = {}  # noqa: RUF012 (PyYAML's class-level table)

    def resolve(self, kind: type, value: object, implicit: object) -> str:
        """The default tag for the node's kind: what PyYAML's resolve returns with no implicit
        and no path resolvers, without its search of the (empty) tables for every node."""
        return _DEFAULT_TAGS[kind]

_DEFAULT_TAGS = {yaml.ScalarNode: _Loader.DEFAULT_SCALAR_TAG,
                 yaml.SequenceNode: _Loader.DEFAULT_SEQUENCE_TAG,
                 yaml.MappingNode: _Loader.DEFAULT_MAPPING_TAG}
MAX_DEPTH = 32
MAX_INDENT = 8 * MAX_DEPTH
_DEEP_INDENT = re.compile(rf"^ {{{MAX_INDENT + 1},}}\S", re.MULTILINE)
_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?((0|[1-9][0-9]*)(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?")
_CORE = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {
    _CORE + name
    for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "merge", "value")
}

Path = tuple[str | int, ...]
Pos = tuple[int, int]


class YamlProblem(BuzzvalueError):
    """A front matter that cannot be read; carries a rule code and a 1-based position."""

    def __init__(self, code: str, message: str, line: int, col: int, hint: str | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
        self.col = col
        self.hint = hint


@dataclass(frozen=True)
class Parsed:
    """Plain values plus where each one stands: ``values[path]`` and ``keys[path]``."""

    data: object
    values: dict[Path, Pos]
    keys: dict[Path, Pos]


def too_deep(line: int, col: int) -> YamlProblem:
    return YamlProblem("BV010", f"the front matter nests more than {MAX_DEPTH} levels deep",
                       line, col, "entries are flat records; remove the deep nesting")


def flow_depth(text: str) -> int:
    """An upper bound on flow nesting (``[`` and ``{``), counted without parsing."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return 0
    depth = deepest = 0
    for ch in text:
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth = max(0, depth - 1)
    return deepest


def parse(text: str, line_offset: int = 0) -> Parsed:
    """Parse one YAML document strictly; positions are shifted by ``line_offset`` lines."""
    if flow_depth(text) > MAX_DEPTH:
        raise too_deep(1 + line_offset, 1)
    deep = _DEEP_INDENT.search(text)
    if deep:
        raise too_deep(text.count("\n", 0, deep.start()) + 1 + line_offset, MAX_INDENT + 1)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 1) + line_offset
        col = mark.column + 1 if mark else 1
        problem = exc.problem or exc.context or "invalid YAML"
        raise YamlProblem(
            "BV006", f"YAML syntax error: {problem}", line, col,
            "check the indentation and quote text that contains ': ' or starts with a symbol",
        ) from None
    except yaml.YAMLError as exc:
        raise YamlProblem("BV006", f"YAML syntax error: {exc}", 1 + line_offset, 1) from None
    builder = _Builder(line_offset)
    data = None if node is None else builder.build(node, (), 0)
    return Parsed(data, builder.values, builder.keys)


class _Builder:
    def __init__(self, line_offset: int) -> None:
        self.offset = line_offset
        self.values: dict[Path, Pos] = {}
        self.keys: dict[Path, Pos] = {}
        self.seen: set[int] = set()

    def pos(self, node: yaml.Node) -> Pos:
        return node.start_mark.line + 1 + self.offset, node.start_mark.column + 1

    def build(self, node: yaml.Node, path: Path, depth: int) -> object:
        line, col = self.pos(node)
        if id(node) in self.seen:
            raise YamlProblem(
                "BV008", "anchors and aliases (&name, *name) are not allowed", line, col,
                "write the value out in full where it is needed",
            )
        self.seen.add(id(node))
        if depth > MAX_DEPTH:
            raise too_deep(line, col)
        if node.tag not in _ALLOWED_TAGS:
            raise YamlProblem("BV015", f"the YAML tag '{node.tag}' is not allowed", line, col,
                              "remove the tag; write plain text, numbers, lists and mappings")
        self.values[path] = (line, col)
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        return scalar(node)

    def mapping(self, node: yaml.MappingNode, path: Path, depth: int) -> dict[str, object]:
        out: dict[str, object] = {}
        for key_node, value_node in node.value:
            line, col = self.pos(key_node)
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlProblem("BV006", "a mapping key must be plain text", line, col)
            key = key_node.value
            if key in out:
                first = self.keys[(*path, key)]
                raise YamlProblem(
                    "BV007", f"duplicate key '{key}' (first at line {first[0]})", line, col,
                    "keep one of the two; YAML would silently drop the first",
                )
            self.keys[(*path, key)] = (line, col)
            out[key] = self.build(value_node, (*path, key), depth + 1)
        return out


def scalar(node: yaml.ScalarNode) -> object:
    """Resolve a scalar by the strict rules: quoted text is always a string."""
    text = node.value
    if node.style not in (None, ""):  # quoted or block text (libyaml marks plain as '')
        return text
    if text in ("true", "false"):
        return text == "true"
    if text in ("", "~", "null"):
        return None
    if _INT.fullmatch(text):
        return int(text)
    if _FLOAT.fullmatch(text):
        return float(text)
    return text

