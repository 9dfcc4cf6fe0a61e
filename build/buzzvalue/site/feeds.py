"""Atom and JSON Feed of the changes, with stable ids (uuid5 of each change's key); and an
Atom feed per technology and per country, of the changes that concern it."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from xml.etree import ElementTree as ET

from ..model.changes import Change
from .context import Context, case_page, tech_page
from .mdtext import page_url

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://buzz-vs-value.invalid/changes")
ATOM = "http://www.w3.org/2005/Atom"
LIMIT = 100
TITLE = "Buzz vs Value: what changed"


def change_id(change: Change) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, change.key)}"


def _link(site_url: str, page: str) -> str:
    """An absolute address when the site's address is known, else one relative to the root."""
    page, hash_, anchor = page.partition("#")
    path = (page_url(page) if page.endswith(".md") else page) + hash_ + anchor
    return site_url.rstrip("/") + "/" + path if site_url else path or "./"


def atom(changes: Sequence[Change], site_url: str = "", *, title: str = TITLE,
         home: str = "changes.md", path: str = "feed.xml", feed_id: str = "") -> str:
    """An Atom 1.0 document (RFC 4287) of the newest changes: by default the whole site's;
    a topic feed gives its own title, home page, path and id."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}id").text = feed_id or f"urn:uuid:{NAMESPACE}"
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = changes[0].date if changes else \
        "1970-01-01T00:00:00+00:00"
    ET.SubElement(feed, f"{{{ATOM}}}link", href=_link(site_url, home))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=_link(site_url, path))
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = "Buzz vs Value"
    for change in changes[:LIMIT]:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = change_id(change)
        ET.SubElement(entry, f"{{{ATOM}}}title").text = change.title
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = change.date
        ET.SubElement(entry, f"{{{ATOM}}}link", href=_link(site_url, change.page))
        ET.SubElement(entry, f"{{{ATOM}}}category", term=change.kind)
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = change.text
    ET.indent(feed)
    return ET.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"


def json_feed(changes: Sequence[Change], site_url: str = "") -> str:
    """A JSON Feed 1.1 document of the newest changes."""
    document: dict[str, object] = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": TITLE,
        "items": [{"id": change_id(c), "url": _link(site_url, c.page), "title": c.title,
                   "content_text": c.text, "date_published": c.date, "tags": [c.kind]}
                  for c in changes[:LIMIT]],
    }
    if site_url:
        document["home_page_url"] = _link(site_url, "changes.md")
        document["feed_url"] = _link(site_url, "feed.json")
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


# --- a feed per technology and per country -------------------------------------------


def tech_feed(tech_id: str) -> str:
    return f"feeds/technologies/{tech_id}.xml"


def country_feed(code: str) -> str:
    return f"feeds/countries/{code.lower()}.xml"


def _topic_id(topic: str) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, 'feed:' + topic)}"


def topic_feeds(ctx: Context, changes: Sequence[Change]) -> dict[str, str]:
    """{site path: Atom document}: for each technology, its verdict and claim changes and the
    changes to its own entry and to the use cases that use it (as they are now); for each
    country, the changes to its use cases."""
    of_tech: dict[str, list[Change]] = {t: [] for t in ctx.techs}
    of_country: dict[str, list[Change]] = {
        c.data["jurisdiction"]["country"]: [] for c in ctx.cases.values()}
    cases = {case_page(c.id): c for c in ctx.cases.values()}
    techs = {tech_page(t): t for t in ctx.techs}
    for change in changes:  # newest first, as all_changes gives them
        if change.page in techs:
            of_tech[techs[change.page]].append(change)
        elif change.page in cases:
            case = cases[change.page]
            of_country[case.data["jurisdiction"]["country"]].append(change)
            for tech in case.data.get("technologies", []):
                if tech in of_tech:
                    of_tech[tech].append(change)
    out = {}
    for tech_id, found in of_tech.items():
        out[tech_feed(tech_id)] = atom(
            found, ctx.site_url, title=f"Buzz vs Value: {ctx.title(ctx.techs[tech_id])}",
            home=tech_page(tech_id), path=tech_feed(tech_id),
            feed_id=_topic_id(f"technology:{tech_id}"))
    for code, found in sorted(of_country.items()):
        name = next(ctx.country(c) for c in ctx.cases.values()
                    if c.data["jurisdiction"]["country"] == code)
        out[country_feed(code)] = atom(
            found, ctx.site_url, title=f"Buzz vs Value: use cases in {name}",
            home=f"browse/countries.md#country-{code.lower()}", path=country_feed(code),
            feed_id=_topic_id(f"country:{code}"))
    return out
