"""Pages about the site itself: what changed, reviews due (the methodology has its own
module)."""

from __future__ import annotations

from ..core.dates import overdue
from ..model.changes import Change
from . import mdtext
from .context import Context, case_page, tech_page
from .mdtext import relative, table, text


def changes_page(ctx: Context, changes: list[Change]) -> str:
    here = "changes.md"
    parts = [ctx.front("What changed", "Verdict changes, claim status changes and new or "
                                        "updated entries, newest first.", listing=True),
             "# What changed", "",
             "Verdict changes, claim status changes and new or updated entries, newest "
             "first, from the repository's history. Follow them as a feed: "
             "[Atom](feed.xml) or [JSON Feed](feed.json).", ""]
    if not ctx.history.available:
        return "\n".join([*parts, f"History is unavailable: "
                                  f"{text(ctx.history.unavailable)}.", ""])
    current = None
    for change in changes:
        day = change.date[:10]
        if day != current:
            parts += ["", f"## {day}", ""]
            current = day
        target = relative(here, change.page) if change.page in ctx.known_pages else None
        label = mdtext.link(change.title, target) if target else text(change.title)
        parts.append(f"- **{change.kind}** {label}: {text(change.text)}")
    return "\n".join([*parts, ""])


def reviews_page(ctx: Context) -> str:
    here = "reviews.md"
    today = ctx.kb.today.isoformat()
    rows = []
    for entry in sorted((*ctx.techs.values(), *ctx.cases.values()),
                        key=lambda e: (str(e.data.get("review_due")), e.id)):
        due = str(entry.data.get("review_due"))
        page = tech_page(entry.id) if entry.kind == "technology" else case_page(entry.id)
        reviewed = entry.data.get("reviewed", {})
        late = "**overdue**" if overdue(due, ctx.kb.today) else ""
        rows.append([mdtext.link(ctx.title(entry), relative(here, page)), text(due), late,
                     text(reviewed.get("date")), text(reviewed.get("by"))])
    count = sum(1 for r in rows if r[2])
    return "\n".join([ctx.front("Reviews due", "Entries whose review is due, for "
                                                 "maintainers.", listing=True),
                       "# Reviews due", "",
                       f"For maintainers: every entry by review date, soonest first. "
                       f"{count} overdue as of {today}. The validator warns of overdue "
                       "reviews (BV501).", "",
                       table(["Entry", "Review due", "", "Last reviewed", "By"], rows), ""])
