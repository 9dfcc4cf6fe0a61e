"""Hostile or malformed files each get one precise diagnostic, never a traceback."""

from __future__ import annotations

import os

import pytest

from buzzvalue.load import strictyaml

UC = "use-cases/xx-land-registry.md"
GOOD = "---\nid: xx-new\nkind: use-case\n---\n"

# (file content, code, line, col)
FILES = [
    (b"---\nid: caf\xe9\n---\n", "BV001", 2, 8),
    (b"---\nid: a\x00b\n---\n", "BV002", 2, 6),
    (b"", "BV003", 1, 1),
    (b"  \n\n", "BV003", 1, 1),
    (b"# Just a heading\n", "BV004", 1, 1),
    (b"---\nid: xx-new\n", "BV005", 1, 1),
    (b"---\nid: [unclosed\n---\n", "BV006", 3, 1),
    (b"---\nid: xx-new\ntitle: a\nid: xx-new\n---\n", "BV007", 4, 1),
    (b"---\na: &x [1, 2]\nb: *x\n---\n", "BV008", 2, 4),
    (b"---\n- a list\n- not a mapping\n---\n", "BV009", 2, 1),
    (b"---\nid: " + b"[" * 100 + b"]" * 100 + b"\n---\n", "BV010", 2, 1),
    (b"---\nid: x\n" + b"#" * (1024 * 1024) + b"\n---\n", "BV011", 1, 1),
    (b"---\nid: x\nperiod:\n\tstart: 2020\n---\n", "BV012", 4, 1),
    ("---\nid: x\ntitle: a\u2028b\n---\n".encode(), "BV013", 3, 9),
    (b"---\nid: !!python/object:os.system x\n---\n", "BV015", 2, 5),
    (b"---\nid: !custom x\n---\n", "BV015", 2, 5),
]


@pytest.mark.parametrize(("content", "code", "line", "col"), FILES,
                         ids=[f"{f[1]}-{i}" for i, f in enumerate(FILES)])
def test_bad_file_gets_one_precise_diagnostic(tiny, content, code, line, col):
    tiny.write("use-cases/xx-new.md", content)
    found = {(c, li, co) for n, c, li, co in tiny.found() if n == "xx-new.md"}
    assert found == {(code, line, col)}


def test_non_markdown_file_in_entries(tiny):
    tiny.write("use-cases/notes.txt", "hello")
    assert ("notes.txt", "BV016", 1, 1) in tiny.found()


def test_symlink_out_of_the_tree_is_refused(tiny, tmp_path):
    outside = tmp_path / "secret.md"
    outside.write_text(GOOD)
    os.symlink(outside, tiny.path("use-cases/xx-new.md"))
    assert ("xx-new.md", "BV014", 1, 1) in tiny.found()


def test_bom_and_crlf_are_accepted(tiny):
    text = tiny.path(UC).read_text()
    tiny.path(UC).write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    assert tiny.found() == set()


def test_only_true_and_false_are_booleans():
    data = strictyaml.parse("a: NO\nb: yes\nc: true\nd: off\ne: False").data
    assert data == {"a": "NO", "b": "yes", "c": True, "d": "off", "e": "False"}


def test_yaml_11_numbers_and_dates_stay_text():
    data = strictyaml.parse("a: 1:20\nb: 017\nc: 2024-13-45\nd: 2020-01-01\ne: 12\nf: 1.5").data
    assert data == {"a": "1:20", "b": "017", "c": "2024-13-45", "d": "2020-01-01", "e": 12,
                    "f": 1.5}


def test_alias_bomb_is_refused_fast():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9))
    with pytest.raises(strictyaml.YamlProblem) as caught:
        strictyaml.parse(bomb)
    assert caught.value.code == "BV008"


def test_deep_block_nesting_is_refused():
    deep = "".join(" " * i + f"k{i}:\n" for i in range(200)) + " " * 200 + "v: 1\n"
    with pytest.raises(strictyaml.YamlProblem) as caught:
        strictyaml.parse(deep)
    assert caught.value.code == "BV010"


def test_positions_are_kept_for_keys_and_values():
    parsed = strictyaml.parse("a:\n  - b: 1\n    c: [x, y]\n", line_offset=1)
    assert parsed.keys[("a", 0, "c")] == (4, 5)
    assert parsed.values[("a", 0, "c", 1)] == (4, 12)


def test_an_entry_is_immutable_and_never_reads_its_file(tmp_path):
    import dataclasses

    from buzzvalue.core.entry import Entry
    from buzzvalue.load.files import located

    path = tmp_path / "entries" / "technologies" / "x.md"
    path.parent.mkdir(parents=True)
    path.write_text("---\nid: x\ntitle: X\n---\nBody\n", encoding="utf-8")
    bare = Entry("x.md", "technologies", {"id": "x", "title": "X"}, "Body\n", 5,
                 source="entries/technologies/x.md", origin=str(path))
    with pytest.raises(dataclasses.FrozenInstanceError):
        bare.positions = None  # type: ignore[misc]
    assert bare.where("title") == (1, 1)  # no positions kept, and none read behind its back
    assert bare.positions is None
    found = located(bare)  # the loader reads them, into a new entry
    assert found.where("title") == (3, 8) and found.where("title", key=True) == (3, 1)
    assert bare.positions is None


# --- the front-matter split, found with str.find: the same as the line-by-line reference ---

def _reference_split(text: str):
    """The split as it was written first, line by line (frontmatter.split must agree)."""
    from buzzvalue.load import frontmatter

    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        raise frontmatter.YamlProblem("BV004", "", 1, 1)
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            front = "\n".join(lines[1:index])
            frontmatter.check_front_text(front, 2)
            return frontmatter.Split(front, 2, "\n".join(lines[index + 1:]), index + 2)
    raise frontmatter.YamlProblem("BV005", "", 1, 1)


def _outcome(split, text):
    from buzzvalue.load.strictyaml import YamlProblem

    try:
        return split(text)
    except YamlProblem as problem:
        return (problem.code, problem.line, problem.col)


_PIECES = ["---", "...", "--", "----", "\n", " ", "\t", "\xa0", "\x0c", "\x1c", "a: b",
           "-", ".", "\u2028", "x", "\n---\n", "\n...\n", "--- ", "... x"]


@pytest.mark.parametrize("text", [
    "", "---", "---\n", "---\n---", "---\n---\n", "---\n...\n", "--- \t\na: 1\n---  \nbody",
    "---\na: 1\n----\n---\nbody\n", "---\na: 1\n...x\n... \nbody", "x\n---\n---\n",
    "---\na: 1\n--- x\n\xa0---\n---\xa0\nrest", "---\na\n\t---\n---\x0c\n",
    "---\na: 1\n...\n---\n", "---\n\n\n---\n\n\n",
])
def test_the_split_agrees_with_the_line_by_line_reference_on_edge_cases(text):
    from buzzvalue.load import frontmatter

    assert _outcome(frontmatter.split, text) == _outcome(_reference_split, text)


def test_the_split_agrees_with_the_line_by_line_reference_on_random_texts():
    import random

    from buzzvalue.load import frontmatter

    rnd = random.Random(22)
    for _ in range(20000):
        text = "---\n" * rnd.randrange(2) + "".join(
            rnd.choice(_PIECES) for _ in range(rnd.randrange(0, 12)))
        assert _outcome(frontmatter.split, text) == _outcome(_reference_split, text), repr(text)
