"""The graph of the tiny knowledge base, edge by edge, and the rules on the graph as a whole
(part_of cycles, technologies, claims and patterns no use case reaches, the search protocol),
each broken in the tiny knowledge base: exactly these diagnostics out."""

from __future__ import annotations

import pytest
from conftest import FIXTURES, TODAY, seen

from buzzvalue.check.graphrules import cycles
from buzzvalue.kb import load
from buzzvalue.model import graph

TECH, REC = "technologies/ledger.md", "technologies/records.md"
RECORDS = (FIXTURES / "valid" / "entries" / REC).read_text(encoding="utf-8")
HYPE = "hype:\n  phase: plateau"  # where records.md (and a copy of it) takes a part_of
CYCLE_HINT = "a technology cannot be part of itself; remove one link of the cycle"
UNUSED = ("vault.md", "BV402", 3, 5, "warning",
          "no use case uses this technology yet, so its verdict cannot be computed",
          "add use cases that list it under 'technologies'", "$.id")


def cycle(name: str, line: int, col: int, names: str, json_path: str) -> tuple:
    return (name, "BV401", line, col, "error", f"'part_of' makes a cycle: {names}", CYCLE_HINT,
            json_path)


def vault(part_of: str | None = None) -> str:
    """A copy of records.md as the technology 'vault', which no use case uses."""
    text = RECORDS.replace("id: records", "id: vault")
    return text.replace(HYPE, f"part_of: [{part_of}]\n{HYPE}") if part_of else text


def untested_vault(shift: int = 0) -> list[tuple]:
    """What a vault that no use case reaches gets besides BV402 (lines move with a part_of)."""
    return [("vault.md", "BV403", 15 + shift, 9, "info", "no use case tests the claim 'reliable'",
             "it counts as not substantiated in the buzz score until one does", "$.claims[0].id"),
            ("vault.md", "BV404", 20 + shift, 9, "warning",
             "no use case names the pattern 'registers'", "add 'vault#registers' to the "
             "'patterns' of the use cases that do this job, or remove the pattern",
             "$.patterns[0].id")]


# --- the graph -----------------------------------------------------------------------------

EDGES = sorted([
    "claim:ledger#cuts-costs -cites-> source:https://example.org/strategy",
    "claim:ledger#cuts-costs -claim-of-> technology:ledger",
    "claim:ledger#tamper-evident -cites-> source:https://example.org/brochure",
    "claim:ledger#tamper-evident -claim-of-> technology:ledger",
    "claim:records#reliable -cites-> source:https://example.org/guide",
    "claim:records#reliable -claim-of-> technology:records",
    "technology:ledger -cites-> source:https://example.org/hype",
    "technology:ledger -alternative-to-> technology:records",
    "technology:ledger -part-of-> technology:records",
    "technology:records -cites-> source:https://example.org/plateau",
    "use-case:xx-land-registry -tests-> claim:ledger#tamper-evident",
    "use-case:xx-land-registry -in-country-> country:NO",
    "use-case:xx-land-registry -in-domain-> domain:01",
    "use-case:xx-land-registry -by-> organisation:Example Land Agency",
    "use-case:xx-land-registry -cites-> source:https://example.org/evaluation",
    "use-case:xx-land-registry -uses-> technology:ledger",
    "use-case:xx-ledger-payments -tests-> claim:ledger#cuts-costs",
    "use-case:xx-ledger-payments -in-country-> country:SE",
    "use-case:xx-ledger-payments -in-domain-> domain:04",
    "use-case:xx-ledger-payments -by-> organisation:Example City Council",
    "use-case:xx-ledger-payments -cites-> source:https://example.org/audit",
    "use-case:xx-ledger-payments -cites-> source:https://example.org/news",
    "use-case:xx-ledger-payments -uses-> technology:ledger",
    "use-case:xx-records-archive -tests-> claim:records#reliable",
    "use-case:xx-records-archive -in-country-> country:DE",
    "use-case:xx-records-archive -in-domain-> domain:08",
    "use-case:xx-records-archive -by-> organisation:Example Regional Archive",
    "use-case:xx-records-archive -cites-> source:https://example.org/report",
    "use-case:xx-records-archive -uses-> technology:records",
])
CORE = {"claim-of", "part-of", "alternative-to", "uses", "tests"}  # the edges rules read


def drawn(edges) -> list[str]:
    return sorted(f"{u} -{k}-> {v}" for u, v, k in edges)


@pytest.fixture
def kb():
    # built for each test (not once per module): mutation testing runs only the tests that
    # reach a function, and a shared fixture reaches it in the first test alone
    return load(FIXTURES / "valid", today=TODAY, use_cache=False)


def test_the_full_graph_has_exactly_these_edges(kb):
    assert drawn(kb.graph.edges(keys=True)) == EDGES
    for _, _, k, data in kb.graph.edges(keys=True, data=True):
        assert data["type"] == k
    assert kb.graph.edges["use-case:xx-ledger-payments", "claim:ledger#cuts-costs", "tests"] \
        == {"type": "tests", "finding": "contradicts"}
    assert kb.graph.edges["technology:ledger", "technology:records", "alternative-to"] \
        == {"type": "alternative-to", "label": "A database with an audit log"}


def test_the_core_graph_has_the_same_links_and_no_context(kb):
    core = graph.collect(kb.entries, kb.schemas, kb.rubric.evidence_order, full=False)
    assert drawn(core.edges) == [e for e in EDGES if e.split(" -")[1].split("->")[0] in CORE]
    assert core.edges_of("part-of") == [("technology:ledger", "technology:records")]
    assert sorted(core.nodes) == sorted(n for n in kb.graph.nodes
                                        if n.split(":")[0] in ("technology", "claim", "use-case"))
    assert core.nodes["use-case:xx-land-registry"] == {"type": "use-case",
                                                       "ref": "xx-land-registry"}
    assert core.of_type("technology") == ["technology:ledger", "technology:records"]
    assert core.has_incoming("technology:records", "part-of")
    assert not core.has_incoming("technology:ledger", "part-of")


def test_nodes_carry_their_scalar_attributes(kb):
    nodes = kb.graph.nodes
    assert nodes["technology:ledger"] == {
        "type": "technology", "label": "Shared Ledger", "ref": "ledger",
        "path": "entries/technologies/ledger.md", "hype_phase": "trough", "hype_as_of": 2019}
    assert nodes["claim:ledger#cuts-costs"] == {
        "type": "claim", "label": "A shared ledger lowers the cost of keeping a register.",
        "ref": "ledger#cuts-costs", "technology": "ledger", "made_by": "A national strategy"}
    assert nodes["use-case:xx-records-archive"] == {  # no end year: no period_end
        "type": "use-case", "label": "Example regional archive database",
        "ref": "xx-records-archive", "path": "entries/use-cases/xx-records-archive.md",
        "stage": "scaled", "outcome": "partly-delivered", "ruled_unlawful": False,
        "country": "DE", "level": "regional", "domain": "08", "period_start": 2012,
        "evidence": "official"}
    # an audit and a media report: the audit is the stronger evidence
    assert nodes["use-case:xx-ledger-payments"]["evidence"] == "audit"
    assert nodes["use-case:xx-ledger-payments"]["period_end"] == 2019
    assert nodes["source:https://example.org/news"] == {
        "type": "source", "label": "Example news report", "url": "https://example.org/news",
        "publisher": "Example Times", "date": "2019-12-02", "source_type": "media"}
    assert nodes["country:SE"] == {"type": "country", "label": "Sweden", "code": "SE"}
    assert nodes["domain:08"] == {"type": "domain", "label": "Recreation, culture and religion",
                                  "code": "08"}
    assert nodes["organisation:Example Land Agency"] == {"type": "organisation",
                                                          "label": "Example Land Agency"}
    assert graph.targets_of(kb.graph, "use-case:xx-ledger-payments", "cites") == [
        "source:https://example.org/audit", "source:https://example.org/news"]


def test_the_first_source_with_an_address_names_its_node(tiny):
    tiny.mutate("use-cases/xx-ledger-payments.md", "Example news report", "Example retelling")
    tiny.mutate("use-cases/xx-ledger-payments.md", "https://example.org/news",
                "https://example.org/audit")
    kb = tiny.load()
    assert kb.graph.nodes["source:https://example.org/audit"]["label"] == \
        "Example audit of the payments pilot"
    assert drawn(kb.graph.out_edges("use-case:xx-ledger-payments", keys=True)).count(
        "use-case:xx-ledger-payments -cites-> source:https://example.org/audit") == 1


@pytest.mark.parametrize(("sources", "expected"), [
    ([{"type": "media"}, {"type": "audit"}], "audit"),
    ([{"type": "audit"}, {"type": "evaluation"}], "evaluation"),
    ([{"type": "media"}], "media"),
    ([{"type": "blog"}], None),
    ([], None),
])
def test_the_strongest_source_follows_the_order(sources, expected):
    order = ("evaluation", "audit", "court", "academic", "official", "media")
    assert graph.strongest_source(sources, order) == expected


def test_cycles_follow_their_links_from_the_smallest_node():
    assert cycles([]) == []
    assert cycles([("c", "a"), ("a", "b"), ("b", "c")]) == [["a", "b", "c"]]
    assert cycles([("a", "c"), ("c", "b"), ("b", "a")]) == [["a", "c", "b"]]
    assert cycles([("b", "b"), ("a", "b"), ("b", "a")]) == [["a", "b"], ["b"]]
    assert cycles([("a", "b"), ("b", "c")]) == []


# --- the graph rules -----------------------------------------------------------------------

def test_a_two_technology_part_of_cycle_is_reported_at_both_links(tiny):
    tiny.mutate(REC, HYPE, f"part_of: [ledger]\n{HYPE}")
    names = "ledger -> records -> ledger"
    assert tiny.seen() == [cycle("ledger.md", 10, 11, names, "$.part_of[0]"),
                           cycle("records.md", 9, 11, names, "$.part_of[0]")]


def test_a_technology_part_of_itself_is_reported_at_that_link(tiny):
    tiny.mutate(TECH, "part_of: [records]", "part_of: [records, ledger]")
    assert tiny.seen() == [cycle("ledger.md", 10, 20, "ledger -> ledger", "$.part_of[1]")]


def test_a_three_technology_cycle_is_named_in_the_direction_of_its_links(tiny):
    # ledger is part of vault, vault of records, records of ledger
    tiny.mutate(TECH, "part_of: [records]", "part_of: [vault]")
    tiny.mutate(REC, HYPE, f"part_of: [ledger]\n{HYPE}")
    tiny.write("technologies/vault.md", vault(part_of="records"))
    names = "ledger -> vault -> records -> ledger"
    assert tiny.seen() == [cycle("ledger.md", 10, 11, names, "$.part_of[0]"),
                           cycle("records.md", 9, 11, names, "$.part_of[0]"), UNUSED,
                           cycle("vault.md", 9, 11, names, "$.part_of[0]"),
                           *untested_vault(shift=1)]


def test_each_cycle_is_reported_at_the_link_that_closes_it(tiny):
    # ledger -> vault -> ledger and ledger -> records -> vault -> ledger share ledger's links
    tiny.mutate(TECH, "part_of: [records]", "part_of: [vault, records]")
    tiny.mutate(REC, HYPE, f"part_of: [vault]\n{HYPE}")
    tiny.write("technologies/vault.md", vault(part_of="ledger"))
    long, short = "ledger -> records -> vault -> ledger", "ledger -> vault -> ledger"
    assert tiny.seen() == [cycle("ledger.md", 10, 11, short, "$.part_of[0]"),
                           cycle("ledger.md", 10, 18, long, "$.part_of[1]"),
                           cycle("records.md", 9, 11, long, "$.part_of[0]"), UNUSED,
                           cycle("vault.md", 9, 11, long, "$.part_of[0]"),
                           cycle("vault.md", 9, 11, short, "$.part_of[0]"),
                           *untested_vault(shift=1)]


def test_a_technology_no_use_case_reaches_gets_each_warning_once(tiny):
    tiny.write("technologies/vault.md", vault())
    assert tiny.seen() == [UNUSED, *untested_vault()]


def test_only_the_files_asked_about_are_reported(tiny):
    tiny.mutate(REC, HYPE, f"part_of: [ledger]\n{HYPE}")
    tiny.write("technologies/vault.md", vault())
    names = "ledger -> records -> ledger"
    assert seen(load(tiny.root, only=[tiny.path(REC)], today=TODAY)) == [
        cycle("records.md", 9, 11, names, "$.part_of[0]")]
    assert seen(load(tiny.root, only=[tiny.path("technologies/vault.md")], today=TODAY)) == [
        UNUSED, *untested_vault()]


PROTOCOL = """protocol:
  searched: "2026-01-01"
  sources_searched: [Example audit office]
  queries: [example query]
  inclusion: A deployment with an independent evaluation.
  identified: 5
  screened: 4
  excluded: [{count: 3, reason: no evaluation}]
  included: 1
reviewed:"""
SCREENED = ("records.md", "BV216", 37, 13, "error", "more candidates screened (6) than "
            "identified (5)", "every screened candidate was first identified by a search",
            "$.protocol.screened")


def add_up(excluded: int, included: int, screened: int) -> tuple:
    return ("records.md", "BV216", 39, 13, "error", f"excluded ({excluded}) and included "
            f"({included}) do not add up to screened ({screened})",
            "each screened candidate is either excluded, with a reason, or included",
            "$.protocol.included")


def includes(n: int) -> tuple:
    return ("records.md", "BV405", 39, 13, "warning",
            f"the protocol includes {n} use cases, but 1 use this technology",
            "update the protocol's counts when you add or remove a case", "$.protocol.included")


@pytest.mark.parametrize(("changes", "expected"), [
    ([], []),  # 5 identified >= 4 screened = 3 excluded + 1 included; 1 use case
    ([("identified: 5", "identified: 4")], []),  # screened == identified is fine
    ([("screened: 4", "screened: 6")], [SCREENED, add_up(3, 1, 6)]),
    ([("count: 3", "count: 2")], [add_up(2, 1, 4)]),
    ([("included: 1", "included: 2")], [add_up(3, 2, 4), includes(2)]),
    ([("included: 1", "included: 0"), ("count: 3", "count: 4")], [includes(0)]),
    ([("excluded: [{count: 3, reason: no evaluation}]",
       "excluded: [{count: 2, reason: no evaluation}, {count: 1, reason: a duplicate}]")], []),
], ids=["adds-up", "all-screened", "more-screened", "short", "more-included", "none-included",
        "two-reasons"])
def test_the_search_protocol_adds_up(tiny, changes, expected):
    text = PROTOCOL
    for old, new in changes:
        text = text.replace(old, new, 1)
    tiny.mutate(REC, "reviewed:", text)
    assert tiny.seen() == expected


def test_protocol_counts_that_are_not_numbers_get_only_the_schema_error(tiny):
    tiny.mutate(REC, "reviewed:", PROTOCOL.replace("identified: 5", 'identified: "5"'))
    assert tiny.seen() == [("records.md", "BV103", 36, 15, "error",
                            "'identified' should be a whole number, not text",
                            "Candidate deployments the searches surfaced.",
                            "$.protocol.identified")]



def test_a_hype_that_is_not_a_mapping_is_a_schema_error_and_the_graph_still_builds(tiny):
    text = tiny.path("technologies/ledger.md").read_text()
    start = text.index("hype:\n")
    end = text.index("claims:")
    tiny.write("technologies/ledger.md", text[:start] + "hype: trough\n" + text[end:])
    kb = tiny.load()
    assert [(d.code, d.line) for d in kb.report.diagnostics] == [("BV103", 11)]
    assert kb.graph.nodes["technology:ledger"] == {
        "type": "technology", "label": "Shared Ledger", "ref": "ledger",
        "path": "entries/technologies/ledger.md"}  # no hype attributes, no crash


@pytest.mark.parametrize(("included", "expected"), [
    (0, []),
    (1, [("records.md", "BV405", 39, 13, "warning",
          "the protocol includes 1 use cases, but 0 use this technology",
          "update the protocol's counts when you add or remove a case",
          "$.protocol.included")]),
])
def test_a_technology_no_case_uses_counts_zero_against_its_protocol(tiny, included, expected):
    tiny.mutate(REC, "reviewed:", PROTOCOL.replace("included: 1", f"included: {included}")
                .replace("count: 3", f"count: {4 - included}"))
    tiny.path("use-cases/xx-records-archive.md").unlink()
    assert [d for d in tiny.seen() if d[1] == "BV405"] == expected


@pytest.mark.parametrize(("written", "expected"), [("", False), ("ruled_unlawful: false\n", False),
                                                   ("ruled_unlawful: true\n", True)])
def test_a_use_case_node_says_whether_it_was_ruled_unlawful(tiny, written, expected):
    tiny.mutate("use-cases/xx-land-registry.md", "outcome: delivered\n",
                f"outcome: delivered\n{written}")
    node = tiny.load().graph.nodes["use-case:xx-land-registry"]
    assert node["ruled_unlawful"] is expected
