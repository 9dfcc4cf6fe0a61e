"""Assessments are kept between runs under .cache/ (load/memo.py): a run computes only the
assessments whose inputs changed, and a recalled assessment is the computed one, byte for
byte."""

from __future__ import annotations

import json
import marshal
from pathlib import Path

import pytest
from conftest import TODAY

from buzzvalue.kb import load
from buzzvalue.load.memo import Memo
from buzzvalue.model import score as score_module
from buzzvalue.model import verdict

REPO = Path(__file__).resolve().parent.parent


def scores_json(kb) -> str:
    return json.dumps({t: s.to_dict() for t, s in kb.scores.technologies.items()},
                      sort_keys=True)


@pytest.fixture
def computed(monkeypatch):
    """The groups whose assessment was computed (not recalled), in order."""
    groups: list[str] = []
    real = score_module.assess

    def counting(group, *args, **kwargs):
        groups.append(group)
        return real(group, *args, **kwargs)

    monkeypatch.setattr(score_module, "assess", counting)
    return groups


def scored(kb) -> None:
    assert kb.scores.technologies


def memo_file(root: Path) -> Path:
    return root / ".cache" / "buzzvalue" / "assessments.marshal"


def test_a_second_run_recalls_every_assessment_and_gives_the_same_bytes(tiny, computed):
    first = scores_json(load(tiny.root, today=TODAY))
    assert computed == ["ledger", "ledger#land-registry", "ledger#payments", "records",
                        "records#registers"]
    assert memo_file(tiny.root).is_file()
    computed.clear()
    second = scores_json(load(tiny.root, today=TODAY))
    assert computed == []
    assert second == first
    assert second == scores_json(load(tiny.root, today=TODAY, use_cache=False))


def test_an_edited_case_recomputes_only_the_groups_it_belongs_to(tiny, computed):
    scored(load(tiny.root, today=TODAY))
    tiny.mutate("use-cases/xx-land-registry.md", "outcome: delivered",
                "outcome: not-delivered")
    computed.clear()
    kb = load(tiny.root, today=TODAY)
    recalled = scores_json(kb)
    assert computed == ["ledger", "ledger#land-registry"]
    assert recalled == scores_json(load(tiny.root, today=TODAY, use_cache=False))


def test_a_new_year_recomputes_everything(tiny, computed):
    scored(load(tiny.root, today=TODAY))
    computed.clear()
    scored(load(tiny.root, today=TODAY.replace(year=TODAY.year + 1)))
    assert len(computed) == 5


def test_without_the_cache_nothing_is_stored(tiny, computed):
    scored(load(tiny.root, today=TODAY, use_cache=False))
    assert not memo_file(tiny.root).exists()


def test_a_corrupt_store_costs_only_the_work_again(tiny, computed):
    first = scores_json(load(tiny.root, today=TODAY))
    memo_file(tiny.root).write_bytes(b"\x00not marshal")
    computed.clear()
    assert scores_json(load(tiny.root, today=TODAY)) == first
    assert len(computed) == 5
    computed.clear()
    scored(load(tiny.root, today=TODAY))
    assert computed == []  # and it was written again


def test_the_store_keeps_only_the_current_assessments(tiny):
    scored(load(tiny.root, today=TODAY))
    before = marshal.loads(memo_file(tiny.root).read_bytes())["records"]
    tiny.mutate("use-cases/xx-records-archive.md", "outcome: partly-delivered",
                "outcome: not-delivered")
    scored(load(tiny.root, today=TODAY))
    after = marshal.loads(memo_file(tiny.root).read_bytes())["records"]
    assert len(after) == len(before) == 5
    assert len(set(after) - set(before)) == 2  # records and records#registers


def test_a_store_under_another_key_is_not_read(tmp_path):
    Memo(tmp_path / "m.marshal", "one").put("k", (1,))
    memo = Memo(tmp_path / "m.marshal", "one")
    memo.put("k", (1, 2.5))
    memo.save()
    assert Memo(tmp_path / "m.marshal", "one").get("k") == (1, 2.5)
    assert Memo(tmp_path / "m.marshal", "two").get("k") is None


def test_only_plain_data_goes_in(tmp_path):
    with pytest.raises(ValueError):
        Memo(tmp_path / "m.marshal", "one").put("k", (object(),))


def test_every_assessment_of_the_knowledge_base_survives_the_plain_form():
    kb = load(REPO, today=TODAY, use_cache=False)
    assessments = [a for t in kb.scores.technologies.values()
                   for a in (t.assessment, *(p.assessment for p in t.patterns))]
    assert len(assessments) > 50
    for a in assessments:
        plain = marshal.loads(marshal.dumps(verdict.to_plain(a)))
        assert verdict.from_plain(plain) == a
        assert json.dumps(verdict.from_plain(plain).to_dict()) == json.dumps(a.to_dict())


def test_the_key_reads_every_input_and_not_the_order():
    case = verdict.CaseRecord("xx-a", "A", "production", "delivered",
                              (verdict.SourceRecord("audit", "independent", "2024"),),
                              (("t#c", "supports"),))
    other = verdict.CaseRecord("xx-b", "B", "pilot", "mixed", ())
    key = verdict.assessment_key("t", [case, other], ["t#c", "t#d"], "peak", 2026)
    assert key == verdict.assessment_key("t", [other, case], ["t#d", "t#c"], "peak", 2026)
    changed = [
        verdict.assessment_key("u", [case, other], ["t#c", "t#d"], "peak", 2026),
        verdict.assessment_key("t", [case], ["t#c", "t#d"], "peak", 2026),
        verdict.assessment_key("t", [case, other], ["t#c"], "peak", 2026),
        verdict.assessment_key("t", [case, other], ["t#c", "t#d"], "trough", 2026),
        verdict.assessment_key("t", [case, other], ["t#c", "t#d"], "peak", 2027),
        verdict.assessment_key("t", [case, verdict.CaseRecord("xx-b", "B", "pilot", "mixed",
                                                              (), (("t#c", "supports"),))],
                               ["t#c", "t#d"], "peak", 2026),
    ]
    assert len({key, *changed}) == 1 + len(changed)


def test_the_key_depends_on_values_not_on_how_the_strings_were_made():
    """marshal writes an interned string differently from version 3 on; the key uses
    version 2, so a case read from the cache (interned) and one parsed now agree."""
    import sys

    def record(text: str) -> verdict.CaseRecord:
        return verdict.CaseRecord(text, text, "production", "delivered",
                                  (verdict.SourceRecord("audit", "independent", "2024"),))

    made = "".join(["xx-", "a"])
    assert made is not sys.intern("xx-a")
    assert verdict.assessment_key("t", [record(made)], [made], None, 2026) == \
        verdict.assessment_key("t", [record(sys.intern("xx-a"))], [sys.intern("xx-a")],
                               None, 2026)
