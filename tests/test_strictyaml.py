"""The strict YAML reader's rules, pinned one by one: a line of front matter in, the exact
value (or the exact problem, with its code and position) out."""

from __future__ import annotations

import pytest

from buzzvalue.load.strictyaml import MAX_DEPTH, YamlProblem, flow_depth, parse

HINT_SYNTAX = "check the indentation and quote text that contains ': ' or starts with a symbol"
HINT_DEEP = "entries are flat records; remove the deep nesting"
HINT_TAG = "remove the tag; write plain text, numbers, lists and mappings"
DEEP = f"the front matter nests more than {MAX_DEPTH} levels deep"


def value_of(text: str) -> object:
    return parse(f"a: {text}").data["a"]


def problem(text: str, line_offset: int = 0) -> tuple:
    with pytest.raises(YamlProblem) as caught:
        parse(text, line_offset)
    p = caught.value
    assert str(p) == p.message
    return p.code, p.message, p.line, p.col, p.hint


# --- plain scalars: null, booleans, decimal numbers, everything else text -------------------

@pytest.mark.parametrize(("text", "expected"), [
    # null: the empty value, ~ and null, nothing else
    ("", None), ("~", None), ("null", None),
    ("Null", "Null"), ("NULL", "NULL"), ("~~", "~~"), ("none", "none"), ("None", "None"),
    # booleans: true and false in lower case only
    ("true", True), ("false", False),
    ("True", "True"), ("FALSE", "FALSE"), ("yes", "yes"), ("no", "no"), ("on", "on"),
    ("off", "off"), ("y", "y"),
    # integers: decimal, optional sign, no leading zero
    ("0", 0), ("7", 7), ("10", 10), ("120", 120), ("-3", -3), ("+4", 4), ("-0", 0),
    ("00", "00"), ("017", "017"), ("0x1F", "0x1F"), ("0o17", "0o17"), ("1_000", "1_000"),
    ("1:20", "1:20"), ("1 000", "1 000"), ("--1", "--1"), ("12a", "12a"),
    # floats: a decimal point or an exponent
    ("1.5", 1.5), ("0.0", 0.0), ("1.", 1.0), (".5", 0.5), ("+.5", 0.5), ("-.5e-2", -0.005),
    ("1e3", 1000.0), ("1.5E+2", 150.0), ("2E2", 200.0), ("10.25", 10.25), ("-1.5", -1.5),
    (".", "."), ("1e", "1e"), ("e3", "e3"), ("01.5", "01.5"), ("1.5.1", "1.5.1"),
    (".inf", ".inf"), ("-.inf", "-.inf"), (".nan", ".nan"), ("1,5", "1,5"),
    # dates and times stay text
    ("2020-01-01", "2020-01-01"), ("2024-13-45", "2024-13-45"), ("12:30:00", "12:30:00"),
])
def test_a_plain_scalar_is_null_a_boolean_a_decimal_number_or_text(text, expected):
    value = value_of(text)
    assert value == expected
    assert type(value) is type(expected)


@pytest.mark.parametrize(("text", "expected"), [
    ('"true"', "true"), ("'false'", "false"), ('"12"', "12"), ("'1.5'", "1.5"),
    ("'~'", "~"), ('"null"', "null"), ('""', ""), ("''", ""),
    ("|\n  true\n", "true\n"), (">\n  12\n  13\n", "12 13\n"), ("|-\n  ~\n", "~"),
])
def test_quoted_and_block_text_is_always_a_string(text, expected):
    assert value_of(text) == expected


def test_an_empty_document_is_null_with_no_positions():
    for text in ("", "# only a comment\n"):
        parsed = parse(text)
        assert (parsed.data, parsed.values, parsed.keys) == (None, {}, {})


def test_a_lone_tilde_document_is_null():
    assert parse("~").data is None


# --- tags ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("!!str x", "x"), ("!!int 12", 12), ("!!float 1.5", 1.5), ("!!bool true", True),
    ("!!null ~", None), ("!!timestamp 2020-01-01", "2020-01-01"), ("!!seq [x]", ["x"]),
    ("!!map {b: 1}", {"b": 1}), ("!!merge x", "x"), ("!!value x", "x"),
])
def test_core_tags_are_allowed_and_the_value_is_read_by_the_plain_rules(text, expected):
    assert value_of(text) == expected


@pytest.mark.parametrize(("text", "tag"), [
    ("!!binary eA==", "tag:yaml.org,2002:binary"), ("!!set {x}", "tag:yaml.org,2002:set"),
    ("!!omap [x: 1]", "tag:yaml.org,2002:omap"), ("!!pairs [x: 1]", "tag:yaml.org,2002:pairs"),
    ("!!python/none x", "tag:yaml.org,2002:python/none"), ("!local 1", "!local"),
])
def test_other_tags_are_refused_where_the_tagged_value_stands(text, tag):
    assert problem(f"a: {text}", 2) == (
        "BV015", f"the YAML tag '{tag}' is not allowed", 3, 4, HINT_TAG)


# --- keys ---------------------------------------------------------------------------------

def test_a_duplicate_key_points_at_the_second_and_names_the_first():
    assert problem("x: 1\na: 1\nb: 2\na: 3\n") == (
        "BV007", "duplicate key 'a' (first at line 2)", 4, 1,
        "keep one of the two; YAML would silently drop the first")


def test_a_duplicate_key_in_a_nested_mapping_counts_the_line_offset():
    assert problem("a: 1\nb:\n  c: 2\n  c: 3\n", 5)[1:4] == (
        "duplicate key 'c' (first at line 8)", 9, 3)
    assert problem("a: {b: 1, b: 2}")[:4] == (
        "BV007", "duplicate key 'b' (first at line 1)", 1, 11)


def test_the_same_key_in_two_mappings_is_not_a_duplicate():
    assert parse("a: {k: 1}\nb: {k: 2}\n").data == {"a": {"k": 1}, "b": {"k": 2}}


@pytest.mark.parametrize(("text", "line", "col"), [
    ("[b]: 2", 7, 1), ("? [b]\n: 2", 7, 3), ("{b: 1}: 2", 7, 1),
])
def test_a_mapping_key_must_be_plain_text(text, line, col):
    assert problem(f"a: 1\n{text}\n", 5) == (
        "BV006", "a mapping key must be plain text", line, col, None)


# --- anchors and aliases ------------------------------------------------------------------

def test_an_anchor_alone_is_harmless():
    assert parse("a: &x 1\n").data == {"a": 1}


@pytest.mark.parametrize("text", ["a: &x 1\nb: *x\n", "a: &x [1]\nb: *x\n"])
def test_an_alias_is_refused_at_the_anchored_value(text):
    assert problem(text, 5) == (
        "BV008", "anchors and aliases (&name, *name) are not allowed", 6, 4,
        "write the value out in full where it is needed")


# --- syntax errors ------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "message", "line", "col"), [
    ("a: [", "did not find expected node content", 2, 1),
    ("a: b: c", "mapping values are not allowed in this context", 1, 5),
    ("---\na: 1\n---\nb: 2", "but found another document", 3, 1),
])
def test_a_syntax_error_says_where(text, message, line, col):
    assert problem(text) == ("BV006", f"YAML syntax error: {message}", line, col, HINT_SYNTAX)
    assert problem(text, 10)[2:4] == (line + 10, col)


def test_a_control_character_is_a_syntax_error_at_the_start_of_the_front_matter():
    assert problem("a: \x07", 3) == (
        "BV006", "YAML syntax error: unacceptable character #x0007: control characters are "
        'not allowed\n  in "<unicode string>", position 3', 4, 1, None)


# --- depth --------------------------------------------------------------------------------

def nested_blocks(levels: int) -> str:
    """``levels`` mappings, each indented one space more, the innermost holding ``v``."""
    return "".join(" " * i + f"k{i}:\n" for i in range(levels)) + " " * levels + "v\n"


def test_block_nesting_up_to_the_limit_is_read():
    data = parse(nested_blocks(MAX_DEPTH)).data
    for i in range(MAX_DEPTH):
        data = data[f"k{i}"]
    assert data == "v"


def test_block_nesting_one_deeper_is_refused_at_the_deepest_value():
    # k0..k32 on lines 1-33, the value v on line 34 after 33 spaces
    assert problem(nested_blocks(MAX_DEPTH + 1), 2) == ("BV010", DEEP, 36, 34, HINT_DEEP)


def test_nested_block_lists_up_to_the_limit_are_read_one_more_is_refused():
    value = parse("- " * MAX_DEPTH + "x").data
    for _ in range(MAX_DEPTH):
        value = value[0]
    assert value == "x"
    assert problem("- " * (MAX_DEPTH + 1) + "x")[:4] == ("BV010", DEEP, 1, 67)


@pytest.mark.parametrize("levels", [MAX_DEPTH - 1, MAX_DEPTH])
def test_flow_nesting_up_to_the_limit_is_read(levels):
    assert parse("[" * levels + "]" * levels).data is not None
    assert parse("{a: " * levels + "1" + "}" * levels).data is not None


def test_flow_nesting_one_deeper_is_refused_before_parsing():
    levels = MAX_DEPTH + 1
    assert problem("[" * levels + "]" * levels, 4) == ("BV010", DEEP, 5, 1, HINT_DEEP)
    assert problem("{a: " * levels + "1" + "}" * levels)[:4] == ("BV010", DEEP, 1, 1)


@pytest.mark.parametrize(("text", "depth"), [
    ("", 0), ("[" * MAX_DEPTH, 0), ("[X, {Y: z}] " * 20, 2),
    ("[" * (MAX_DEPTH + 1), MAX_DEPTH + 1), ("{" * 20 + "[" * 13, 33),
    ("[X]" * 40, 1), ("[" * 17 + "]" * 17 + "[" * 17, 17),
    ("]" * 40 + "[" * 33, 33), ("]" + "[" * 33, 33), ("[a] " * 30 + "[[[", 3),
    ("X" * 40 + "[" * 33, 33),
])
def test_flow_depth_counts_open_brackets_only_when_there_are_more_than_the_limit(text, depth):
    assert flow_depth(text) == depth


def test_indentation_up_to_the_limit_is_read():
    assert parse("a: |\n" + " " * 8 * MAX_DEPTH + "x\n").data == {"a": "x\n"}


def test_deeper_indentation_is_refused_at_its_line():
    assert problem("a: |\n" + " " * (8 * MAX_DEPTH + 1) + "x\n", 10) == (
        "BV010", DEEP, 12, 257, HINT_DEEP)
    assert problem("a: 1\nb: 2\nc: |\n" + " " * 300 + "x\n")[2:4] == (4, 257)


def test_deep_indentation_of_blanks_alone_is_not_refused():
    assert parse("a: |\n" + " " * 300 + "\n").data == {"a": ""}


# --- positions ----------------------------------------------------------------------------

def test_every_key_and_value_keeps_its_line_and_column():
    parsed = parse("title: T\nlist:\n  - x\n  - {k: 1}\n", 2)
    assert parsed.data == {"title": "T", "list": ["x", {"k": 1}]}
    assert parsed.values == {(): (3, 1), ("title",): (3, 8), ("list",): (5, 3),
                             ("list", 0): (5, 5), ("list", 1): (6, 5),
                             ("list", 1, "k"): (6, 9)}
    assert parsed.keys == {("title",): (3, 1), ("list",): (4, 1), ("list", 1, "k"): (6, 6)}
