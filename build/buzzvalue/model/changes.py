"""What changed between snapshots: verdicts, claim statuses, new and updated entries."""

from __future__ import annotations

from dataclasses import dataclass

from .history import History, Snapshot

KINDS = ("verdict", "claim", "new", "updated")


@dataclass(frozen=True)
class Change:
    key: str  # stable: the same change always has the same key
    date: str
    commit: str
    kind: str  # one of KINDS
    title: str
    text: str
    page: str  # the site page it is about, such as technologies/blockchain.md


def page_of(source: str) -> str:
    """entries/use-cases/x.md -> use-cases/x.md"""
    return source.removeprefix("entries/")


def between(before: Snapshot | None, after: Snapshot) -> list[Change]:
    """The changes one snapshot makes to the one before it (None: the first snapshot)."""
    found: list[Change] = []

    def add(kind: str, subject: str, title: str, text: str, page: str) -> None:
        found.append(Change(f"{after.commit}:{kind}:{subject}", after.date, after.commit, kind,
                            title, text, page))

    old_techs = before.technologies if before else {}
    for tid, now in after.technologies.items():
        name = after.titles.get(f"entries/technologies/{tid}.md", tid)
        page = f"technologies/{tid}.md"
        was = old_techs.get(tid)
        if was is None or (was.verdict, was.tier) != (now.verdict, now.tier):
            add("verdict", tid, f"{name}: {now.verdict} ({now.tier})",
                (f"Verdict {was.verdict} ({was.tier}) → {now.verdict} ({now.tier})" if was
                 else f"First verdict: {now.verdict} ({now.tier})")
                + f" (value {_n(now.value)}, buzz {_n(now.buzz)}).", page)
        for claim, status in now.claims.items():
            before_status = was.claims.get(claim) if was else None
            if was is not None and before_status != status:
                add("claim", f"{tid}#{claim}", f"{name}: claim '{claim}' is {status}",
                    f"Status {before_status or 'new'} → {status}.", page)
    old_entries = before.entries if before else {}
    for source, blob in after.entries.items():
        title = after.titles.get(source, source)
        if source not in old_entries:
            add("new", source, f"New: {title}", f"Added {source}.", page_of(source))
        elif old_entries[source] != blob:
            add("updated", source, f"Updated: {title}", f"Changed {source}.", page_of(source))
    return found


def all_changes(history: History) -> list[Change]:
    """Every change in the history, newest first."""
    found: list[Change] = []
    previous: Snapshot | None = None
    for snapshot in history.snapshots:
        found += between(previous, snapshot)
        previous = snapshot
    order = {kind: i for i, kind in enumerate(KINDS)}
    return sorted(found, key=lambda c: (c.date, -order[c.kind], c.key), reverse=True)


def _n(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"
