"""What `buzzvalue links` found, with the date of each check, under .cache/buzzvalue/
(safe to delete): a run reuses answers younger than ``max_age`` days."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from ..core.atomic import write_text
from .linkprobe import Probe

VERSION = 1


def cache_path(root: Path) -> Path:
    return root / ".cache" / "buzzvalue" / "links.json"


def read(root: Path) -> dict[str, Probe]:
    """The cached answers; nothing when the file is missing, unreadable or of another version."""
    try:
        data = json.loads(cache_path(root).read_text(encoding="utf-8"))
        if data.get("version") != VERSION:
            return {}
        return {url: Probe.from_dict(item) for url, item in data["links"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def fresh(cached: dict[str, Probe], today: dt.date, max_age: int) -> dict[str, Probe]:
    """The answers checked less than ``max_age`` days before ``today``."""
    kept = {}
    for url, found in cached.items():
        try:
            age = (today - dt.date.fromisoformat(found.checked)).days
        except (TypeError, ValueError):
            continue
        if 0 <= age < max_age:
            kept[url] = found
    return kept


def write(root: Path, probes: dict[str, Probe]) -> None:
    """Save the answers; a read-only checkout still checks, just without the cache."""
    path = cache_path(root)
    document = {"version": VERSION,
                "links": {url: probes[url].to_dict() for url in sorted(probes)}}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        gitignore = path.parent / ".gitignore"
        if not gitignore.exists():
            gitignore.write_text("# buzzvalue's cache: safe to delete\n*\n", encoding="utf-8")
        write_text(path, json.dumps(document, indent=1, ensure_ascii=False) + "\n")
    except OSError:
        pass
