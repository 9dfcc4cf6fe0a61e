"""Rules no schema can state: identity, folders, references, dates, countries."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence

from ..core.countries import country_name
from ..core.dates import overdue, real_date
from ..core.diagnostics import Diagnostic, Severity, json_path_of
from ..core.entry import KIND_OF_FOLDER, Entry, all_strings, strings
from ..core.hints import did_you_mean
from .locate import Locator


class Rules:
    """Cross-entry rules, run once over every loaded entry."""

    def __init__(self, entries: Sequence[Entry], today: dt.date,
                 locate: Locator | None = None) -> None:
        self.entries = entries
        self.today = today
        self.locate = locate or Locator()
        self.technologies = {e.id: e for e in entries if e.kind == "technology"}
        self._items: dict[tuple[str, str], list[str]] = {}

    def error(self, entry: Entry, path: tuple, code: str, message: str, hint: str | None = None,
              *, on_key: bool = False) -> Diagnostic:
        line, col = self.locate.where(entry, *path, key=on_key)
        return Diagnostic(entry.path, line, col, code, Severity.ERROR, message, hint,
                          json_path_of(path))

    def run(self, only: set[str] | None = None) -> list[Diagnostic]:
        """The rules that need other entries: unique ids and references."""
        found = list(self.unique_ids(only))
        for entry in self.entries:
            if only is not None and entry.path not in only:
                continue
            found.extend(self.references(entry))
            found.extend(self.review(entry))
            if entry.kind == "use-case":
                found.extend(self.claim_references(entry))
                found.extend(self.pattern_references(entry))
                found.extend(self.stale(entry))
        return found

    def stale(self, entry: Entry) -> Iterator[Diagnostic]:
        """A running deployment whose newest source is much older than its reading: the story
        may have moved on. Advisory, like an overdue review."""
        if entry.data.get("stage") not in RUNNING:
            return
        years = [int(s["date"][:4]) for s in _list(entry.data.get("sources"))
                 if isinstance(s, dict) and isinstance(s.get("date"), str)
                 and s["date"][:4].isdigit()]
        if not years:
            return
        newest = max(years)
        as_of = entry.data.get("as_of")
        reference = self.today
        if isinstance(as_of, str) and real_date(as_of):
            reference = min(reference, dt.date.fromisoformat(as_of))
        if reference.year - newest > STALE_AFTER_YEARS:
            line, col = self.locate.where(entry, "as_of")
            yield Diagnostic(entry.path, line, col, "BV502", Severity.WARNING,
                             f"the newest source is from {newest}, more than "
                             f"{STALE_AFTER_YEARS} years before {reference.isoformat()}, yet the "
                             f"deployment is still '{entry.data.get('stage')}'",
                             "search for what happened since and cite it, or change the stage",
                             "$.as_of")

    def pattern_references(self, entry: Entry) -> Iterator[Diagnostic]:
        for index, ref in enumerate(_list(entry.data.get("patterns"))):
            yield from self.member_reference(entry, ("patterns", index), ref, "patterns",
                                             "use pattern", ("BV213", "BV213", "BV213"),
                                             "name another pattern")

    def member_reference(self, entry: Entry, path: tuple, ref: object, key: str, noun: str,
                         codes: tuple[str, str, str], other: str) -> Iterator[Diagnostic]:
        """A `technology#item` reference (a claim, a use pattern): the technology exists, has
        the item under `key`, and the entry lists the technology under 'technologies'.
        ``codes`` are the rule codes for the three failures, in that order."""
        if not isinstance(ref, str) or "#" not in ref:
            return
        tech_id, item_id = ref.split("#", 1)
        technology = self.technologies.get(tech_id)
        if technology is None:
            yield self.error(entry, path, codes[0],
                             f"the {noun} '{ref}' names an unknown technology '{tech_id}'",
                             did_you_mean(tech_id, self.technologies))
            return
        items = self._items.get((tech_id, key))
        if items is None:  # each technology's ids once, not once per reference
            items = self._items[(tech_id, key)] = _ids(technology.data.get(key))
        used = entry.data.get("technologies")
        if item_id not in items:
            yield self.error(entry, path, codes[1],
                             f"the technology '{tech_id}' has no {noun} '{item_id}'",
                             did_you_mean(item_id, items)
                             or f"its {key} are: {', '.join(items) or 'none'}")
        elif tech_id not in (used if isinstance(used, list) else []):
            yield self.error(entry, path, codes[2],
                             f"the {noun} '{ref}' belongs to '{tech_id}', which is not listed "
                             "under 'technologies'",
                             f"add '{tech_id}' to 'technologies' or {other}")

    def review(self, entry: Entry) -> Iterator[Diagnostic]:
        """An overdue review: advisory (it fails --strict only with --strict-reviews)."""
        due = entry.data.get("review_due")
        if overdue(due, self.today):
            line, col = self.locate.where(entry, "review_due")
            yield Diagnostic(entry.path, line, col, "BV501", Severity.WARNING,
                             f"the review was due on {due}",
                             "check the entry against new evidence and sources, then update "
                             "'reviewed' and 'review_due'", "$.review_due")

    def own(self, entry: Entry) -> list[Diagnostic]:
        """The rules one entry can be checked by alone (their results are cached)."""
        found = [*self.identity(entry), *self.markup(entry), *self.dates(entry)]
        if entry.kind == "use-case":
            found.extend(self.use_case(entry))
        if entry.kind == "guide":
            found.extend(self.guide(entry))
        if entry.kind == "technology":
            found.extend(self.claims(entry))
            found.extend(self.patterns(entry))
            found.extend(self.protocol(entry))
        return found

    def patterns(self, entry: Entry) -> Iterator[Diagnostic]:
        claims = _ids(entry.data.get("claims"))
        seen: set[str] = set()
        for index, pattern in enumerate(_list(entry.data.get("patterns"))):
            if not isinstance(pattern, dict):
                continue
            pid = pattern.get("id")
            if isinstance(pid, str):
                if pid in seen:
                    yield self.error(entry, ("patterns", index, "id"), "BV215",
                                     f"the pattern id '{pid}' is used twice in this technology",
                                     "give each pattern its own id")
                seen.add(pid)
            for c_index, claim in enumerate(_list(pattern.get("claims"))):
                if isinstance(claim, str) and claim not in claims:
                    yield self.error(entry, ("patterns", index, "claims", c_index), "BV214",
                                     f"the pattern names the claim '{claim}', which this "
                                     "technology does not have",
                                     did_you_mean(claim, claims)
                                     or f"its claims are: {', '.join(claims) or 'none'}")

    def guide(self, entry: Entry) -> Iterator[Diagnostic]:
        """A guide's parts must fit together: ids unique, citations and flags resolve, and
        each question has its own options or generated ones."""
        sources = _ids(entry.data.get("sources"))
        raised: set[str] = set()
        seen: set[str] = set()
        for index, question in enumerate(_list(entry.data.get("questions"))):
            if not isinstance(question, dict):
                continue
            qid = question.get("id")
            if isinstance(qid, str):
                if qid in seen:
                    yield self.error(entry, ("questions", index, "id"), "BV217",
                                     f"the question id '{qid}' is used twice in this guide",
                                     "give each question its own id")
                seen.add(qid)
            has_options, generated = "options" in question, "choose" in question
            if has_options == generated:
                yield self.error(entry, ("questions", index), "BV219",
                                 "a question needs either its own 'options' or 'choose', "
                                 "not both and not neither",
                                 "use 'choose: pattern|domain|level' for generated options")
            option_ids: set[str] = set()
            for o_index, option in enumerate(_list(question.get("options"))):
                if not isinstance(option, dict):
                    continue
                oid = option.get("id")
                if isinstance(oid, str) and oid in option_ids:
                    yield self.error(entry, ("questions", index, "options", o_index, "id"),
                                     "BV217", f"the option id '{oid}' is used twice in this "
                                     "question", "give each option its own id")
                option_ids.add(str(oid))
                raised.update(f for f in _list(option.get("flags")) if isinstance(f, str))
            for c_index, cited in enumerate(_list(question.get("cite"))):
                if isinstance(cited, str) and cited not in sources:
                    yield self.error(entry, ("questions", index, "cite", c_index), "BV218",
                                     f"the question cites '{cited}', which is not among the "
                                     "guide's sources", did_you_mean(cited, sources)
                                     or f"its sources are: {', '.join(sources) or 'none'}")
        for index, rule in enumerate(_list(entry.data.get("rules"))):
            when = rule.get("when") if isinstance(rule, dict) else None
            for key in ("flag", "not_flag"):
                flag = when.get(key) if isinstance(when, dict) else None
                if isinstance(flag, str) and flag not in raised:
                    yield self.error(entry, ("rules", index, "when", key), "BV218",
                                     f"the rule tests the flag '{flag}', which no answer raises",
                                     did_you_mean(flag, sorted(raised))
                                     or "add it to an option's 'flags', or remove the rule")

    def protocol(self, entry: Entry) -> Iterator[Diagnostic]:
        """The search protocol's counts must add up, PRISMA-style."""
        protocol = entry.data.get("protocol")
        if not isinstance(protocol, dict):
            return
        counts = {k: protocol.get(k) for k in ("identified", "screened", "included")}
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in counts.values()):
            return
        excluded = sum(x["count"] for x in _list(protocol.get("excluded"))
                       if isinstance(x, dict) and isinstance(x.get("count"), int))
        if counts["screened"] > counts["identified"]:
            yield self.error(entry, ("protocol", "screened"), "BV216",
                             f"more candidates screened ({counts['screened']}) than identified "
                             f"({counts['identified']})",
                             "every screened candidate was first identified by a search")
        if excluded + counts["included"] != counts["screened"]:
            yield self.error(entry, ("protocol", "included"), "BV216",
                             f"excluded ({excluded}) and included ({counts['included']}) do not "
                             f"add up to screened ({counts['screened']})",
                             "each screened candidate is either excluded, with a reason, or "
                             "included")

    def identity(self, entry: Entry) -> Iterator[Diagnostic]:
        if entry.kind is None:
            folders = ", ".join(f"entries/{f}/" for f in KIND_OF_FOLDER)
            yield self.error(entry, (), "BV203", "the entry is not in a known folder",
                             f"put it in one of: {folders}")
            return
        kind = entry.data.get("kind")
        if kind != entry.kind:
            yield self.error(entry, ("kind",), "BV203",
                             f"'kind' is {kind!r} but entries/{entry.folder}/ holds "
                             f"'{entry.kind}' entries", f"write 'kind: {entry.kind}'")
        value = entry.data.get("id")
        if isinstance(value, str) and value != entry.stem:
            yield self.error(entry, ("id",), "BV201",
                             f"'id' is '{value}' but the file is named '{entry.stem}.md'",
                             f"rename the file to '{value}.md' or write 'id: {entry.stem}'")

    def markup(self, entry: Entry) -> Iterator[Diagnostic]:
        """Front-matter text is shown as plain text; markup in it is a mistake or an attack."""
        # One search over every value at once (joined by NUL, which the pattern may cross but
        # never needs): no match there means no match in any value.
        if not _may_have_markup("\x00".join(all_strings(entry.data))):
            return
        for path, value in strings(entry.data):
            found = MARKUP.search(value)
            if found:
                yield self.error(entry, path, "BV304",
                                 f"{json_path_of(path).removeprefix('$.')} contains markup or a "
                                 f"script address ('{found.group(0)[:30]}')",
                                 "write plain text; fields are shown exactly as written")

    def unique_ids(self, only: set[str] | None) -> Iterator[Diagnostic]:
        first: dict[str, Entry] = {}
        for entry in self.entries:
            value = entry.data.get("id")
            if not isinstance(value, str):
                continue
            seen = first.setdefault(value.lower(), entry)
            if seen is not entry and (only is None or entry.path in only):
                yield self.error(entry, ("id",), "BV202",
                                 f"the id '{value}' is already used by {seen.path}",
                                 "ids are unique, ignoring case; choose another")

    def references(self, entry: Entry) -> Iterator[Diagnostic]:
        fields: list[tuple] = []
        for name in ("technologies", "part_of"):
            items = entry.data.get(name)
            if isinstance(items, list):
                fields += [((name, i), v) for i, v in enumerate(items)]
        alternatives = entry.data.get("alternatives")
        if isinstance(alternatives, list):
            fields += [(("alternatives", i, "technology"), a.get("technology"))
                       for i, a in enumerate(alternatives)
                       if isinstance(a, dict) and "technology" in a]
        for path, value in fields:
            if isinstance(value, str) and value not in self.technologies:
                yield self.error(entry, path, "BV204", f"no technology has the id '{value}'",
                                 did_you_mean(value, self.technologies)
                                 or "technology ids are the file names in entries/technologies/")

    def claims(self, entry: Entry) -> Iterator[Diagnostic]:
        seen: set[str] = set()
        for index, claim in enumerate(_list(entry.data.get("claims"))):
            cid = claim.get("id") if isinstance(claim, dict) else None
            if isinstance(cid, str):
                if cid in seen:
                    yield self.error(entry, ("claims", index, "id"), "BV206",
                                     f"the claim id '{cid}' is used twice in this technology",
                                     "give each claim its own id")
                seen.add(cid)

    def use_case(self, entry: Entry) -> Iterator[Diagnostic]:
        yield from self.country(entry)
        yield from self.id_prefix(entry)
        yield from self.unlawful(entry)
        urls = {s.get("url") for s in _list(entry.data.get("sources")) if isinstance(s, dict)}
        for index, metric in enumerate(_list(entry.data.get("metrics"))):
            url = metric.get("source") if isinstance(metric, dict) else None
            if isinstance(url, str) and url not in urls:
                yield self.error(entry, ("metrics", index, "source"), "BV209",
                                 "the metric's source is not among this entry's sources",
                                 "use the exact 'url' of one of the entries under 'sources'")

    def claim_references(self, entry: Entry) -> Iterator[Diagnostic]:
        for index, test in enumerate(_list(entry.data.get("tests"))):
            ref = test.get("claim") if isinstance(test, dict) else None
            yield from self.member_reference(entry, ("tests", index, "claim"), ref, "claims",
                                             "claim", ("BV205", "BV205", "BV207"),
                                             "test another claim")

    def country(self, entry: Entry) -> Iterator[Diagnostic]:
        jurisdiction = entry.data.get("jurisdiction")
        code = jurisdiction.get("country") if isinstance(jurisdiction, dict) else None
        if isinstance(code, str) and len(code) == 2 and code.isupper() and not country_name(code):
            hint = {"UK": "did you mean 'GB'?", "EL": "did you mean 'GR'?"}.get(code)
            yield self.error(entry, ("jurisdiction", "country"), "BV208",
                             f"'{code}' is not an ISO 3166-1 alpha-2 country code",
                             hint or "look the code up in ISO 3166-1 (Norway is NO, "
                             "the United Kingdom GB)")

    def id_prefix(self, entry: Entry) -> Iterator[Diagnostic]:
        """A use case's id starts with its country code, lower case (`nl-syri`, `eu-` for the
        European Union). ISO's user-assigned codes (XX, ZZ, ...) are free for examples."""
        value = entry.data.get("id")
        jurisdiction = entry.data.get("jurisdiction")
        code = jurisdiction.get("country") if isinstance(jurisdiction, dict) else None
        if not (isinstance(value, str) and isinstance(code, str) and country_name(code)):
            return
        prefix = value.split("-", 1)[0]
        if prefix == code.lower() or _user_assigned(prefix):
            return
        rest = value.split("-", 1)[1] if "-" in value and country_name(prefix.upper()) else value
        yield self.error(entry, ("id",), "BV220",
                         f"the id '{value}' does not start with '{code.lower()}-', the code of "
                         f"its country {code} ({country_name(code)})",
                         f"rename the file and the id to '{code.lower()}-{rest}', or correct "
                         "'jurisdiction.country'")

    def unlawful(self, entry: Entry) -> Iterator[Diagnostic]:
        """`ruled_unlawful: true` rests on a ruling: a source of type court. Advisory, like
        a stale story: the finding may be right while the ruling itself is not yet cited."""
        if entry.data.get("ruled_unlawful") is not True:
            return
        types = {s.get("type") for s in _list(entry.data.get("sources")) if isinstance(s, dict)}
        if "court" not in types:
            line, col = self.locate.where(entry, "ruled_unlawful")
            yield Diagnostic(entry.path, line, col, "BV503", Severity.WARNING,
                             "'ruled_unlawful' is true but no source has 'type: court'",
                             "cite the judgment or regulator's decision itself among the "
                             "sources, with 'type: court'", "$.ruled_unlawful")

    def dates(self, entry: Entry) -> Iterator[Diagnostic]:
        period = entry.data.get("period")
        if isinstance(period, dict):
            start, end = period.get("start"), period.get("end")
            ints = [v for v in (start, end) if isinstance(v, int) and not isinstance(v, bool)]
            if len(ints) == 2 and start > end:
                yield self.error(entry, ("period", "end"), "BV210",
                                 f"the period ends ({end}) before it starts ({start})",
                                 "swap the years, or correct one of them")
            for name, year in (("start", start), ("end", end)):
                if year in ints and year > self.today.year:
                    yield self.error(entry, ("period", name), "BV211",
                                     f"the period's {name} year {year} is in the future",
                                     "record what has happened; leave out 'end' while it runs")
        for path, text in _partial_dates(entry.data):
            if not real_date(text):
                yield self.error(entry, path, "BV212", f"'{text}' is not a real calendar date",
                                 "check the day and month")


MARKUP = re.compile(r"<\s*/?\s*[A-Za-z!?][^>]*>|\bon[a-z]+\s*=|\b(?:javascript|vbscript)\s*:"
                    r"|\bdata:[a-z]+/[a-z0-9.+-]+[;,]", re.IGNORECASE)


# MARKUP's four alternatives, each searched only where its first character or word occurs.
_MARKUP_PARTS = (("<", re.compile(r"<\s*/?\s*[A-Za-z!?][^>]*>")),
                 ("=", re.compile(r"\bon[a-z]+\s*=", re.IGNORECASE)),
                 ("script", re.compile(r"\b(?:javascript|vbscript)\s*:", re.IGNORECASE)),
                 ("data:", re.compile(r"\bdata:[a-z]+/[a-z0-9.+-]+[;,]", re.IGNORECASE)))


def _may_have_markup(text: str) -> bool:
    """Whether MARKUP can match in ``text``: one of its alternatives does (the same pattern,
    searched in parts, only where each can start: 5 times quicker on entries' text)."""
    lower = text.lower()
    return any(trigger in lower and part.search(text) for trigger, part in _MARKUP_PARTS)


RUNNING = ("pilot", "production")
STALE_AFTER_YEARS = 3


def _user_assigned(prefix: str) -> bool:
    """ISO 3166-1 codes reserved for users (AA, QM-QZ, XA-XZ, ZZ): never a real country."""
    code = prefix.upper()
    return len(code) == 2 and (code in ("AA", "ZZ") or code[0] == "X"
                               or (code[0] == "Q" and code[1] >= "M"))


def _list(value: object) -> list:
    return value if isinstance(value, list) else []


def _ids(items: object) -> list[str]:
    """The ids of the items, each once, in order (a hint lists a repeated id once)."""
    return list(dict.fromkeys(i["id"] for i in _list(items)
                              if isinstance(i, dict) and isinstance(i.get("id"), str)))


def _partial_dates(data: dict) -> Iterator[tuple[tuple, str]]:
    """Every source date in an entry, with its path."""
    groups: list[tuple[tuple, object]] = [(("sources",), data.get("sources"))]
    hype = data.get("hype")
    if isinstance(hype, dict):
        groups.append((("hype", "sources"), hype.get("sources")))
    for index, claim in enumerate(_list(data.get("claims"))):
        if isinstance(claim, dict) and isinstance(claim.get("source"), dict):
            yield from _date_of(("claims", index, "source"), claim["source"])
    for base, sources in groups:
        for index, source in enumerate(_list(sources)):
            if isinstance(source, dict):
                yield from _date_of((*base, index), source)


def _date_of(path: tuple, source: dict) -> Iterator[tuple[tuple, str]]:
    value = source.get("date")
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        yield (*path, "date"), value
