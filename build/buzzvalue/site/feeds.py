"""Atom and JSON Feed of the changes, with stable ids (uuid5 of each change's key)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from xml.etree import ElementTree as ET

from ..model.changes import Change
from .mdtext import page_url

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://buzz-vs-value.invalid/changes")
ATOM = "http://www.w3.org/2005/Atom"
LIMIT = 100
TITLE = "Buzz vs Value: what changed"


def change_id(change: Change) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, change.key)}"


def _link(site_url: str, page: str) -> str:
    """An absolute address when the site's address is known, else one relative to the root."""
    path = page_url(page) if page.endswith(".md") else page
    return site_url.rstrip("/") + "/" + path if site_url else path or "./"


def atom(changes: Sequence[Change], site_url: str = "") -> str:
    """An Atom 1.0 document (RFC 4287) of the newest changes."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}id").text = f"urn:uuid:{NAMESPACE}"
    ET.SubElement(feed, f"{{{ATOM}}}title").text = TITLE
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = changes[0].date if changes else \
        "1970-01-01T00:00:00+00:00"
    ET.SubElement(feed, f"{{{ATOM}}}link", href=_link(site_url, "changes.md"))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=_link(site_url, "feed.xml"))
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
