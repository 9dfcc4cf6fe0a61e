"""The rules a decision guide's parts must follow, each broken once in a valid test guide
(tests/fixtures/guide.md) inside the tiny knowledge base: exactly these diagnostics out."""

from __future__ import annotations

from pathlib import Path

import pytest

GUIDE = (Path(__file__).parent / "fixtures" / "guide.md").read_text(encoding="utf-8")
G = "xx-guide.md"
NEITHER_NOR = ("a question needs either its own 'options' or 'choose', not both and not "
               "neither", "use 'choose: pattern|domain|level' for generated options")
NO_FLAG = "add it to an option's 'flags', or remove the rule"


def guide_with(tiny, *changes: tuple[str, str]) -> None:
    text = GUIDE
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    tiny.write(f"guides/{G}", text)


def test_the_test_guide_is_valid(tiny):
    guide_with(tiny)
    assert tiny.seen() == []


# (what is broken, the changes, every diagnostic of the knowledge base)
CASES = [
    ("a question id twice", [("{id: trust, section", "{id: need, section")], [
        (G, "BV217", 14, 10, "error", "the question id 'need' is used twice in this guide",
         "give each question its own id", "$.questions[2].id")]),
    ("a question id three times: each repeat once",
     [("{id: trust, section", "{id: need, section"),
      ("{id: pattern, section", "{id: need, section")],
     [(G, "BV217", 13, 10, "error", "the question id 'need' is used twice in this guide",
       "give each question its own id", "$.questions[1].id"),
      (G, "BV217", 14, 10, "error", "the question id 'need' is used twice in this guide",
       "give each question its own id", "$.questions[2].id")]),
    ("an option id twice in one question",
     [("{id: no, label: No, flags: [need-unclear]}",
       "{id: yes, label: No, flags: [need-unclear]}")],
     [(G, "BV217", 13, 136, "error", "the option id 'yes' is used twice in this question",
       "give each option its own id", "$.questions[1].options[1].id")]),
    ("options and choose both", [("needed., cite", "needed., choose: domain, cite")], [
        (G, "BV219", 13, 5, "error", *NEITHER_NOR, "$.questions[1]")]),
    ("neither options nor choose", [(", choose: pattern}", "}")], [
        (G, "BV219", 12, 5, "error", *NEITHER_NOR, "$.questions[0]")]),
    ("a citation close to a source", [("cite: [law]", "cite: [laws]")], [
        (G, "BV218", 13, 92, "error",
         "the question cites 'laws', which is not among the guide's sources",
         "did you mean 'law'?", "$.questions[1].cite[0]")]),
    ("a citation like no source", [("cite: [audit, law]", "cite: [audit, statute]")], [
        (G, "BV218", 14, 110, "error",
         "the question cites 'statute', which is not among the guide's sources",
         "its sources are: law, audit", "$.questions[2].cite[1]")]),
    ("a rule's flag close to a raised one", [("flag: need-unclear}", "flag: need-unclar}")], [
        (G, "BV218", 16, 29, "error", "the rule tests the flag 'need-unclar', which no answer "
         "raises", "did you mean 'need-unclear'?", "$.rules[0].when.flag")]),
    ("a rule's not_flag like no raised one", [("not_flag: trusted}", "not_flag: zzz}")], [
        (G, "BV218", 17, 34, "error", "the rule tests the flag 'zzz', which no answer raises",
         NO_FLAG, "$.rules[1].when.not_flag")]),
    ("a flag no option raises any more",
     [("{id: yes, label: Yes, flags: [trusted]}", "{id: yes, label: Yes}")],
     [(G, "BV218", 17, 34, "error", "the rule tests the flag 'trusted', which no answer raises",
       NO_FLAG, "$.rules[1].when.not_flag")]),
]


@pytest.mark.parametrize(("changes", "expected"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_a_broken_guide_gets_exactly_these_diagnostics(tiny, changes, expected):
    guide_with(tiny, *changes)
    assert tiny.seen() == expected


def test_option_ids_are_unique_per_question_not_per_guide(tiny):
    # 'yes' and 'no' are options of both questions already; a third 'no' elsewhere is fine
    guide_with(tiny, ("{id: no, label: No}]", "{id: no, label: Not really}]"))
    assert tiny.seen() == []


def test_a_flag_raised_by_an_earlier_question_satisfies_a_rule(tiny):
    # 'trusted' moves from the last question to the first with options: still raised
    guide_with(tiny, ("{id: yes, label: Yes, flags: [trusted]}", "{id: yes, label: Yes}"),
               ("{id: yes, label: Yes}, {id: no, label: No, flags: [need-unclear]}",
                "{id: yes, label: Yes, flags: [trusted]}, "
                "{id: no, label: No, flags: [need-unclear]}"))
    assert tiny.seen() == []


@pytest.mark.parametrize(("thresholds", "message"), [
    ("[0.25, 0.5, 0.75, 0.9]", "allows at most 3 items, has 4"),
    ("[0.25, 0.5]", "needs at least 3 items, has 2"),
])
def test_an_impact_scale_needs_exactly_three_thresholds(tiny, thresholds, message):
    guide_with(tiny, ("thresholds: [0.25, 0.5, 0.75]", f"thresholds: {thresholds}"))
    assert [(f[1], f[5]) for f in tiny.seen()] == [("BV106", f"'thresholds': {message}")]
