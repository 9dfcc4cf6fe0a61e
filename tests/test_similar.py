"""Similar use cases: what counts, in what order, with which words; the same every time."""

from __future__ import annotations

import random

from buzzvalue.model.similar import LIMIT, similar_cases

from kbmaker import technology, use_case


def entries():
    tech = technology("ai", ["removes-bias", "saves-money"])
    other = technology("iot", ["cuts-energy"])
    cases = [
        use_case("a", "ai", tests={"removes-bias": "supports"}),
        use_case("b", "ai", tests={"removes-bias": "contradicts"}),
        use_case("c", "ai", tests={"saves-money": "supports"}),
        use_case("d", "iot"),
    ]
    cases[3].data["jurisdiction"] = {"country": "NL", "level": "local"}
    cases[3].data["domain"] = "05"
    return [tech, other, *cases]


def test_shared_claims_rank_first_and_say_why():
    found = similar_cases(entries())
    assert [s.other for s in found["a"]] == ["b", "c"]
    assert found["a"][0].reason == ("also tests 'claim removes-bias'; also uses Ai; "
                                    "same domain; same country; same level")
    assert found["a"][1].reason == "also uses Ai; same domain; same country; same level"
    assert found["a"][0].score > found["a"][1].score


def test_a_case_sharing_too_little_is_not_similar():
    found = similar_cases(entries())
    assert found["d"] == ()  # another technology, another place: nothing in common
    assert all(s.other != "d" for s in found["a"])
    assert all(s.other != s.use_case for many in found.values() for s in many)


def test_at_most_five_ties_by_id_whatever_the_order_of_the_entries():
    many = [technology("ai", ["x"])] + [use_case(f"c{i:02}", "ai") for i in range(12)]
    found = similar_cases(many)
    assert [s.other for s in found["c05"]] == ["c00", "c01", "c02", "c03", "c04"]
    assert all(len(v) == LIMIT for v in found.values())
    shuffled = many[:]
    random.Random(4).shuffle(shuffled)
    assert similar_cases(shuffled) == found


def test_long_claims_are_cut_and_the_rest_counted():
    tech = technology("ai", ["one", "two", "three"])
    tech.data["claims"][0]["text"] = "Artificial intelligence " * 6
    both = {"one": "supports", "two": "supports", "three": "supports"}
    found = similar_cases([tech, use_case("a", "ai", tests=both), use_case("b", "ai", tests=both)])
    reason = found["a"][0].reason
    assert reason.startswith("also tests 'Artificial intelligence Artificial")
    assert "…' and 2 more claims;" in reason and len(reason.split(";")[0]) < 100


def test_the_index_adds_up_what_each_pair_shares():
    from buzzvalue.model.similar import _case, score_pair

    found = similar_cases(entries())
    cases = {e.id: _case(e) for e in entries() if e.kind == "use-case"}
    for listed in found.values():
        for s in listed:
            assert s.score == score_pair(cases[s.use_case], cases[s.other])
