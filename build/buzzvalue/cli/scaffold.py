"""`buzzvalue new`: write a fresh entry with every required field and a prompt for each.

Every value the contributor must supply is a placeholder starting with ``FILL IN``
(see :mod:`buzzvalue.check.placeholders`), so the new file fails validation with one BV901
error per placeholder, each at its own line and column, and with nothing else.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
import textwrap
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from string import Template

from ..check.placeholders import MARKER
from ..core.countries import country_name
from ..core.diagnostics import Diagnostic
from ..core.entry import KIND_OF_FOLDER
from ..load.files import display, load
from ..load.schemas import Schemas
from .exitcodes import DraftError, Taken

FOLDER_OF_KIND = {kind: folder for folder, kind in KIND_OF_FOLDER.items()}
MAX_ID = 80  # the slug's maxLength in schema/common.schema.json


@dataclass(frozen=True)
class Draft:
    kind: str
    id: str
    path: Path
    text: str
    problems: tuple[Diagnostic, ...] = ()  # files read for the draft that could not be read


def slugify(title: str) -> str:
    """An id from a title: ASCII lower case, digits and single hyphens, at most 80 long."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > MAX_ID:
        slug = slug[:MAX_ID].rsplit("-", 1)[0] if "-" in slug[:MAX_ID] else slug[:MAX_ID]
    return slug


def entry_id(kind: str, title: str, country: str | None) -> str:
    """The id for a new entry; a use case's starts with its country code, such as nl-syri."""
    slug = slugify(title)
    if not slug:
        raise DraftError(f"cannot make an id from the title {title!r}; use letters or digits, "
                         "or pass --id")
    if kind == "use-case" and country:
        prefix = country.lower()
        if slug != prefix and not slug.startswith(prefix + "-"):
            slug = slugify(f"{prefix} {slug}")
    return slug


def check_country(country: str | None) -> str:
    if country is None:
        raise DraftError("a use case needs the country it ran in: pass --country with its "
                         "ISO 3166-1 alpha-2 code, such as --country NL (EU for the European "
                         "Union); the id starts with it")
    code = country.strip().upper()
    if not re.fullmatch(r"[A-Z]{2}", code) or country_name(code) is None:
        hint = {"UK": " (the United Kingdom is GB)", "EL": " (Greece is GR)"}.get(code, "")
        raise DraftError(f"'{country}' is not an ISO 3166-1 alpha-2 country code{hint}")
    return code


def draft(root: Path, schemas: Schemas, kind: str, title: str, *, today: dt.date,
          country: str | None = None, technologies: tuple[str, ...] = (),
          part_of: tuple[str, ...] = (), wanted_id: str | None = None) -> Draft:
    """The new entry's file and text; nothing is written."""
    title = " ".join(title.split())
    technologies, part_of = tuple(dict.fromkeys(technologies)), tuple(dict.fromkeys(part_of))
    if not title:
        raise DraftError("the title is empty")
    entries_dir = root / "entries"
    known = _known_ids(entries_dir)
    if kind == "use-case":
        country = check_country(country)
        _check_references(technologies, known["technology"], "--technology")
    elif technologies:
        raise DraftError("--technology is for use cases; for a broader technology this one "
                         "belongs to, use --part-of")
    _check_references(part_of, known["technology"], "--part-of")
    new_id = slugify(wanted_id) if wanted_id else entry_id(kind, title, country)
    if wanted_id and new_id != wanted_id:
        raise DraftError(f"'{wanted_id}' is not an id: use lower-case letters, digits and single "
                         f"hyphens, such as '{new_id or 'nl-syri'}'")
    path = entries_dir / FOLDER_OF_KIND[kind] / f"{new_id}.md"
    _check_free(path, new_id, known)
    problems: tuple[Diagnostic, ...] = ()
    if kind == "use-case":
        offer, problems = _offer_of(entries_dir, technologies)
        text = use_case_text(schemas, new_id, title, country or "", technologies, offer, today)
    else:
        text = technology_text(schemas, new_id, title, part_of, today)
    return Draft(kind, new_id, path, text, problems)


def write(new: Draft) -> None:
    """Create the file; Taken if it appeared meanwhile (never overwrite)."""
    new.path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with new.path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(new.text)
    except FileExistsError:
        raise Taken(f"{display(new.path)} already exists; 'buzzvalue new' never overwrites an "
                    "entry") from None


def _known_ids(entries_dir: Path) -> dict[str, dict[str, Path]]:
    """Every id in use (a file's stem, lower-cased), by kind, and the file that has it."""
    known: dict[str, dict[str, Path]] = {kind: {} for kind in FOLDER_OF_KIND}
    for folder, kind in KIND_OF_FOLDER.items():
        for path in sorted((entries_dir / folder).glob("*.md")):
            known[kind][path.stem.lower()] = path
    return known


def _check_references(ids: tuple[str, ...], technologies: dict[str, Path], option: str) -> None:
    for value in ids:
        if value not in technologies:
            raise DraftError(f"{option}: no technology has the id '{value}'; "
                             f"{technology_hint(value, sorted(technologies))}")


def technology_hint(value: str, ids: list[str]) -> str:
    """The ids close to ``value`` (a typo, an abbreviation such as 'ai' or 'iot', one word of
    the id), or else every id there is."""
    wanted = value.strip().lower()
    close = [i for i in ids if wanted and (wanted == "".join(w[0] for w in i.split("-"))
                                           or wanted in i.split("-"))]
    close += [i for i in difflib.get_close_matches(wanted, ids, n=3, cutoff=0.6)
              if i not in close]
    if close:
        return "did you mean " + " or ".join(f"'{i}'" for i in close) + "?"
    if not ids:
        return "there are no technologies yet: create one with 'buzzvalue new technology'"
    return "the technology ids are: " + ", ".join(ids)


def _check_free(path: Path, new_id: str, known: dict[str, dict[str, Path]]) -> None:
    if path.exists():
        raise Taken(f"{display(path)} already exists; 'buzzvalue new' never overwrites an "
                    "entry: edit that file, or choose another title or --id")
    for files in known.values():
        if new_id.lower() in files:
            raise Taken(f"the id '{new_id}' is already used by "
                        f"{display(files[new_id.lower()])}; ids are unique, ignoring case: "
                        "choose another title or --id")


@dataclass(frozen=True)
class Offer:
    """What the chosen technologies offer a new use case: their claims (reference and text)
    and their use patterns (reference and title)."""

    claims: tuple[tuple[str, str], ...] = ()
    patterns: tuple[tuple[str, str], ...] = ()


def _offer_of(entries_dir: Path,
              technologies: tuple[str, ...]) -> tuple[Offer, tuple[Diagnostic, ...]]:
    """The claims and patterns a use case of these technologies can name, and the diagnostic
    of each technology file that cannot be read (never dropped silently)."""
    folder = entries_dir / FOLDER_OF_KIND["technology"]
    claims: list[tuple[str, str]] = []
    patterns: list[tuple[str, str]] = []
    problems: list[Diagnostic] = []
    for tech in technologies:
        loaded = load(folder / f"{tech}.md", entries_dir)
        if loaded.problem is not None:
            problems.append(loaded.problem)
        if loaded.entry is None:
            continue
        data = loaded.entry.data
        for key, found, label in (("claims", claims, "text"), ("patterns", patterns, "title")):
            items = data.get(key)
            for item in items if isinstance(items, list) else []:
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    found.append((f"{loaded.entry.id}#{item['id']}",
                                  " ".join(str(item.get(label, "")).split())))
    return Offer(tuple(claims), tuple(patterns)), tuple(problems)


def next_steps(shown: str, todo: list[Diagnostic]) -> str:
    """What `buzzvalue new` prints once the file is written."""
    lines = [f"Created {shown}", "",
             f"Next, replace each of its {len(todo)} 'FILL IN' placeholders with what your "
             "sources say:"]
    lines += [f"  {d.path}:{d.line}:{d.col}  {d.message.removesuffix(' is not filled in yet')}"
              for d in todo]
    lines += ["", f"Then run: buzzvalue validate {shown}",
              "It names every placeholder left (BV901) and any other problem at file:line:col.",
              "Sources must be real, public documents you have read: see CONTRIBUTING.md."]
    return "\n".join(lines)


# --- the text ---------------------------------------------------------------------------


def fill(prompt: str) -> str:
    """A placeholder value: quoted text that says what goes there."""
    assert '"' not in prompt and "\\" not in prompt, prompt
    return f'"{MARKER}: {prompt}"'


def quoted(text: str) -> str:
    """YAML double-quoted text (a JSON string is one)."""
    return json.dumps(text, ensure_ascii=False)


def one_of(schemas: Schemas, vocabulary: str) -> str:
    return "one of " + ", ".join(schemas.values(vocabulary))


def comment(text: str, indent: int = 0) -> str:
    """A YAML comment, wrapped to stay readable."""
    pad = " " * indent
    return "\n".join(textwrap.wrap(text, 92 - indent, initial_indent=pad + "# ",
                                   subsequent_indent=pad + "#   ", break_on_hyphens=False))


def source_fields(schemas: Schemas) -> list[tuple[str, str]]:
    return [
        ("title", fill("the title the document gives itself")),
        ("publisher", fill("who published it: a court, audit office, ministry, journal")),
        ("date", fill("the date the source shows: YYYY-MM-DD, or YYYY-MM or YYYY")),
        ("url", fill("the https:// address of the public page")),
        ("type", fill(one_of(schemas, "source_type"))),
    ]


def case_source_fields(schemas: Schemas) -> list[tuple[str, str]]:
    """A use case's source also says who wrote it, relative to the deployment."""
    return [*source_fields(schemas), ("by", fill(one_of(schemas, "source_by")))]


def mapping_lines(fields: list[tuple[str, str]], indent: int, *, item: bool = False) -> str:
    """A block mapping, optionally as the first item of a list ('- ')."""
    pad = " " * indent
    lines = [f"{pad}  {key}: {value}" if item else f"{pad}{key}: {value}"
             for key, value in fields]
    if item:
        lines[0] = f"{pad}- {lines[0].lstrip()}"
    return "\n".join(lines)


def review_lines(today: dt.date) -> str:
    try:
        due = today.replace(year=today.year + 1)
    except ValueError:  # 29 February
        due = today.replace(year=today.year + 1, day=28)
    return "\n".join([
        comment("When you last checked the entry against its sources (today), and who you are."),
        "reviewed:",
        f'  date: "{today.isoformat()}"',
        f"  by: {fill('your name or GitHub handle')}",
        comment("When to look for new evidence: a year from now unless you have a reason."),
        f'review_due: "{due.isoformat()}"',
    ])


def body_text(sections: list[tuple[str, str]]) -> str:
    return "".join(f"\n## {heading}\n\n{MARKER}: {prompt}\n" for heading, prompt in sections)


USE_CASE = Template("""\
---
# A use case: one real public-sector deployment, told from public sources.
# Replace every "FILL IN" value (keep the quotes around dates and the domain code).
# `buzzvalue validate` reports each one left as BV901 at its line and column.
# Lines starting with '#' are optional fields: remove the '#' to use one.
# Evidence standards: CONTRIBUTING.md. Field reference: schema/use-case.schema.json.
id: ${id}
kind: use-case
title: ${title}
# One or two sentences: who did what with which technology, and what came of it.
summary: ${summary}
# Ids of the technologies it used: the file names in entries/technologies/.
technologies: [${technologies}]
jurisdiction:
  country: ${country}
  level: ${level}
  # place: the region or city, for regional and local deployments
organisation: ${organisation}
${domain_comment}
domain: ${domain}
period:
  start: ${start}
  # end: the year it ended, or of the latest evidence (leave out while it runs)
stage: ${stage}
${outcome_comment}
outcome: ${outcome}
outcome_note: ${outcome_note}
# The date up to which this reading is current: you searched for later events until then.
as_of: "${today}"
${patterns_comment}
patterns: [${pattern}]
# ruled_unlawful: true   (only when a court or regulator found it unlawful; cite the ruling)
${claims_comment}
tests:
  - claim: ${claim}
    finding: ${finding}
    note: ${note}
# metrics:   figures the sources give, each tied by its url to one of the sources below
#   - measure: Applications handled
#     value: "12,000 a year"
#     source: https://the.same/address/as/under/sources
# The public documents this entry rests on: add one item per source. `type` is what kind
# of document it is; `by` who wrote it: independent (no stake), implementer (the deploying
# body or its contractors), vendor (the supplier), advocate (litigants, campaigners, rivals).
sources:
${sources}
${review}
---
${body}""")


def use_case_text(schemas: Schemas, new_id: str, title: str, country: str,
                  technologies: tuple[str, ...], offer: Offer, today: dt.date) -> str:
    domains = ", ".join(f'"{code}" {name}' for code, name in schemas.titles("domain").items())
    claims_comment = "\n".join(
        ["# The claims it tests, as technology#claim, and what it shows. The claims:"]
        + [comment(f"{ref}: {text}", 2) for ref, text in offer.claims]) if offer.claims else \
        comment("The claims it tests, as technology#claim, and what it shows.")
    patterns_comment = "\n".join(
        ["# The jobs it applied the technology to, as technology#pattern. The patterns:"]
        + [comment(f"{ref}: {text}", 2) for ref, text in offer.patterns]) if offer.patterns \
        else comment("The jobs it applied the technology to, as technology#pattern.")
    outcomes = "; ".join(f"{t.value} ({t.description.rstrip('.')})"
                         for t in schemas.vocabulary("outcome"))
    claims = [ref for ref, _ in offer.claims]
    values = {
        "id": new_id,
        "title": quoted(title),
        "summary": fill("one or two sentences on who did what, and what came of it"),
        "technologies": ", ".join(technologies) or fill(
            "the id of a technology it used (a file name in entries/technologies/)"),
        "country": country,
        "level": fill(one_of(schemas, "jurisdiction_level")),
        "organisation": fill("the public body that ran it"),
        "domain_comment": comment(f"The public-service domain, a COFOG code in quotes: {domains}."),
        "domain": fill("the two-digit code from the list above, kept in quotes"),
        "start": fill("the year it started or was announced, such as 2019"),
        "stage": fill(one_of(schemas, "stage")),
        "outcome_comment": comment(f"What the sources show came of it: {outcomes}."),
        "outcome": fill(one_of(schemas, "outcome")),
        "outcome_note": fill("one line on what in the sources puts it at this outcome"),
        "today": today.isoformat(),
        "patterns_comment": patterns_comment,
        "pattern": fill("one of the patterns listed above" if offer.patterns
                        else "technology-id#pattern-id"),
        "claims_comment": claims_comment,
        "claim": fill("one of the claims listed above" if claims else "technology-id#claim-id"),
        "finding": fill(one_of(schemas, "finding")),
        "note": fill("one or two sentences on what in the evidence supports or contradicts it"),
        "sources": mapping_lines(case_source_fields(schemas), 2, item=True),
        "review": review_lines(today),
        "body": body_text([
            ("What happened", "what was deployed, by whom, when and at what scale, in your own "
                              "words and citing the sources"),
            ("Outcome", "what the sources show came of it, with their figures"),
            ("Lessons", "what another public body should take from it"),
        ]),
    }
    return USE_CASE.substitute(values)


TECHNOLOGY = Template("""\
---
# A technology assessment. No verdict is written here: it is computed from the use
# cases that test this technology's claims.
# Replace every "FILL IN" value (keep the quotes around dates).
# `buzzvalue validate` reports each one left as BV901 at its line and column.
# Lines starting with '#' are optional fields: remove the '#' to use one.
# Evidence standards: CONTRIBUTING.md. Field reference: schema/technology.schema.json.
id: ${id}
kind: technology
title: ${title}
# aliases: [other names, abbreviations, marketing terms]
# One paragraph for a busy reader: what it is and what it is good for.
summary: ${summary}
${part_of}
# Where it stood on the hype cycle, as of a year, and the sources that place it there.
hype:
  phase: ${phase}
  as_of: ${as_of}
  sources:
${hype_sources}
# What vendors, strategies and press promise for it; use cases test these claims.
claims:
  - id: ${claim_id}
    text: ${claim_text}
    made_by: ${made_by}
    source:
${claim_source}
# The jobs it is applied to (use patterns), each judged on its own cases: such as land
# registries for blockchain, or chatbots answering citizens for generative AI.
patterns:
  - id: ${pattern_id}
    title: ${pattern_title}
    description: ${pattern_description}
    claims: [${pattern_claim}]
# prerequisites:
#   - what must be in place before it can deliver
${risk_comment}
risks:
  - category: ${risk_category}
    text: ${risk_text}
# Other ways to reach the same goal, and when to prefer them. Write 'alternatives: []'
# if there are none; add 'technology: ID' when the alternative has its own entry.
alternatives:
  - name: ${alternative}
    prefer_when: ${prefer_when}
# What a decision maker should ask a vendor or a team before committing (three or more).
questions:
  - ${question_1}
  - ${question_2}
  - ${question_3}
${review}
---
${body}""")


def technology_text(schemas: Schemas, new_id: str, title: str, part_of: tuple[str, ...],
                    today: dt.date) -> str:
    values = {
        "id": new_id,
        "title": quoted(title),
        "summary": fill("one paragraph on what it is and what it is good for"),
        "part_of": (f"part_of: [{', '.join(part_of)}]" if part_of else
                    "# part_of: [ids of broader technologies it belongs to]"),
        "phase": fill(one_of(schemas, "hype_phase")),
        "as_of": fill("the year of the placement, such as 2024"),
        "hype_sources": mapping_lines(source_fields(schemas), 4, item=True),
        "claim_id": fill("a short id for the claim, such as cuts-costs"),
        "claim_text": fill("the promise, stated so that evidence can support or contradict it"),
        "made_by": fill("who makes it: a vendor, a strategy, an official, the press"),
        "claim_source": mapping_lines(source_fields(schemas), 6),
        "pattern_id": fill("a short id for the job, such as land-registry"),
        "pattern_title": fill("what readers call the job, such as Land registries"),
        "pattern_description": fill("one line on what the technology is asked to do there"),
        "pattern_claim": fill("the id of a claim above that decides whether it is worth it"),
        "risk_comment": comment("What can go wrong, by category: "
                                f"{one_of(schemas, 'risk_category')}."),
        "risk_category": fill("one of the categories listed above"),
        "risk_text": fill("what can go wrong, and for whom"),
        "alternative": fill("what to use instead, such as a database with an audit log"),
        "prefer_when": fill("the situation in which the alternative is the better choice"),
        "question_1": fill("a question to ask a vendor or a team before committing"),
        "question_2": fill("a second question"),
        "question_3": fill("a third question"),
        "review": review_lines(today),
        "body": body_text([
            ("What it is", "what it is and how it works, for a reader who is not a specialist"),
            ("Where it delivers", "where the use cases show it delivering, and why"),
            ("Where it falls short", "where the use cases show it failing or not needed"),
            ("Before you commit", "what to check before buying or building it"),
        ]),
    }
    return TECHNOLOGY.substitute(values)

