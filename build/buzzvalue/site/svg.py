"""Build-time pictures as inline SVG: the buzz-vs-value matrix and a technology's ego graph.

Pure functions from data to markup; every label is escaped, every link is relative,
nothing is random (same data, same bytes). Each picture sits on its own white
background so its colours keep their contrast in the dark theme too.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from ..core.verdicts import (
    BORDERLINE,
    DELIVERING_BUT_HYPED,
    FIRM,
    INSUFFICIENT,
    LEANING,
    OVERHYPED,
    PROVEN,
    UNPROVEN,
)
from .mdtext import attr

VERDICT_COLOURS = {
    PROVEN: "#1b7f3b",
    DELIVERING_BUT_HYPED: "#1f5fa8",
    OVERHYPED: "#b3261e",
    UNPROVEN: "#8a5a00",
    INSUFFICIENT: "#5f6368",
}
OUTCOME_COLOURS = {
    "delivered": "#1b7f3b",
    "partly-delivered": "#1f5fa8",
    "no-effect": "#8a5a00",
    "not-delivered": "#b3261e",
    "harmful": "#6d1a7e",
    "unknown": "#5f6368",
}
INK = "#1a1a1a"
GRID = "#9aa0a6"


@dataclass(frozen=True)
class Point:
    label: str
    value: float | None
    buzz: float
    verdict: str
    tier: str
    value_interval: list[float] | None  # 90%: drawn as error bars
    buzz_interval: list[float] | None
    href: str


def _svg(width: int, height: int, title: str, desc: str, ident: str, body: list[str]) -> str:
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="100%" style="max-width:{width}px" aria-labelledby="{ident}-t {ident}-d" '
            f'role="group" font-family="sans-serif" font-size="13">')
    parts = [head, f'<title id="{ident}-t">{attr(title)}</title>',
             f'<desc id="{ident}-d">{attr(desc)}</desc>',
             f'<rect width="{width}" height="{height}" fill="#ffffff"/>', *body, "</svg>"]
    return "\n".join(parts)


def matrix(points: Sequence[Point], value_line: float, buzz_line: float) -> str:
    """Value on x, buzz on y; a point per technology, each a link to its page."""
    width, height, left, right, top, bottom = 680, 500, 60, 20, 20, 50
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(v: float) -> float:
        return round(left + plot_w * v / 100, 1)

    def y(b: float) -> float:
        return round(top + plot_h * (1 - b / 100), 1)

    body = [f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="none" '
            f'stroke="{GRID}"/>',
            f'<line x1="{x(value_line)}" y1="{top}" x2="{x(value_line)}" y2="{top + plot_h}" '
            f'stroke="{GRID}" stroke-dasharray="4 4"/>',
            f'<line x1="{left}" y1="{y(buzz_line)}" x2="{left + plot_w}" y2="{y(buzz_line)}" '
            f'stroke="{GRID}" stroke-dasharray="4 4"/>']
    corners = [(OVERHYPED, left + 8, top + 18, "start"),
               (DELIVERING_BUT_HYPED, left + plot_w - 8, top + 18, "end"),
               (UNPROVEN, left + 8, top + plot_h - 10, "start"),
               (PROVEN, left + plot_w - 8, top + plot_h - 10, "end")]
    for name, cx, cy, anchor in corners:
        body.append(f'<text x="{cx}" y="{cy}" text-anchor="{anchor}" fill="{INK}" '
                    f'font-style="italic">{attr(name)}</text>')
    for tick in range(0, 101, 25):
        body.append(f'<text x="{x(tick)}" y="{top + plot_h + 18}" text-anchor="middle" '
                    f'fill="{INK}">{tick}</text>')
        body.append(f'<text x="{left - 8}" y="{y(tick) + 4}" text-anchor="end" '
                    f'fill="{INK}">{tick}</text>')
    body.append(f'<text x="{left + plot_w / 2}" y="{height - 8}" text-anchor="middle" '
                f'fill="{INK}" font-weight="bold">value (evidence of delivery) →</text>')
    body.append(f'<text x="16" y="{top + plot_h / 2}" text-anchor="middle" fill="{INK}" '
                f'font-weight="bold" transform="rotate(-90 16 {top + plot_h / 2})">'
                'buzz (hype and unbacked claims) →</text>')
    boxes: list[tuple[float, float, float, float]] = []
    spots = [(px_, py_) for px_, py_ in ((x(p.value if p.value is not None else 0), y(p.buzz))
                                         for p in points)]
    boxes += [(sx - 8, sy - 8, sx + 8, sy + 8) for sx, sy in spots]
    radius = 8
    for point in sorted(points, key=lambda p: (p.value is None, -p.buzz, p.label)):
        px = x(point.value if point.value is not None else 0)
        py = y(point.buzz)
        colour = VERDICT_COLOURS.get(point.verdict, GRID)
        bars = []
        if point.value is not None and point.value_interval:
            lo, hi = point.value_interval
            bars.append(f'<line x1="{x(lo)}" y1="{py}" x2="{x(hi)}" y2="{py}" '
                        f'stroke="{colour}" stroke-width="2"/>')
        if point.buzz_interval:
            lo, hi = point.buzz_interval
            bars.append(f'<line x1="{px}" y1="{y(lo)}" x2="{px}" y2="{y(hi)}" '
                        f'stroke="{colour}" stroke-width="2"/>')
        lx, ly, anchor = place_label(point.label, px, py, radius, boxes,
                                     (left, top, left + plot_w, top + plot_h))
        value_text = "no value yet" if point.value is None else f"value {point.value:.0f}"
        label = (f"{point.label}: {point.verdict}, tier {point.tier} ({value_text}, "
                 f"buzz {point.buzz:.0f})")
        body.extend(bars)  # outside the link, so the link's area is its marker and label
        label_w = 7.0 * len(point.label)
        x0 = lx if anchor == "start" else lx - label_w if anchor == "end" else lx - label_w / 2
        hx0, hy0 = min(px - radius, x0), min(py - radius, ly - 11)
        hx1, hy1 = max(px + radius, x0 + label_w), max(py + radius, ly + 3)
        hit = (f'<rect x="{round(hx0, 1)}" y="{round(hy0, 1)}" width="{round(hx1 - hx0, 1)}" '
               f'height="{round(hy1 - hy0, 1)}" fill="transparent"/>')
        body.append(
            f'<a href="{attr(point.href)}"><title>{attr(label)}</title>' + hit
            + tier_marker(px, py, radius, colour, point.tier)
            + f'<text x="{lx}" y="{ly}" text-anchor="{anchor}" fill="{INK}">'
            f'{attr(point.label)}</text></a>')
    return _svg(width, height, "Buzz versus value matrix",
                "Each technology placed by its computed value (across) and buzz (up); "
                "the same data is in the table below.", "matrix", body)


def tier_marker(cx: float, cy: float, r: float, colour: str, tier: str) -> str:
    """How far to trust a verdict, drawn so that it reads without colour: a filled disc is
    firm, a ring with a centre dot leaning, a plain ring borderline, a dashed ring
    insufficient evidence."""
    ring = (f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="{colour if tier == FIRM else "#ffffff"}" '
            f'stroke="{colour}" stroke-width="2.5"'
            + (' stroke-dasharray="3 2"' if tier not in (FIRM, LEANING, BORDERLINE) else "")
            + "/>")
    if tier == LEANING:
        ring += f'<circle cx="{cx}" cy="{cy}" r="{round(r / 3, 1)}" fill="{colour}"/>'
    return ring


def place_label(label: str, px: float, py: float, radius: float,
                boxes: list[tuple[float, float, float, float]],
                frame: tuple[float, float, float, float]) -> tuple[float, float, str]:
    """Greedy placement: the first spot around the point whose box hits no earlier box."""
    width, height = 7.0 * len(label), 14.0
    gap = radius + 4
    candidates = []
    for dy in (0, -14, 14, -28, 28, -42, 42):
        candidates += [(px + gap, py + 4 + dy, "start"), (px - gap, py + 4 + dy, "end")]
    candidates += [(px, py - gap - 4, "middle"), (px, py + gap + 12, "middle")]

    def box(lx: float, ly: float, anchor: str) -> tuple[float, float, float, float]:
        x0 = lx if anchor == "start" else lx - width if anchor == "end" else lx - width / 2
        return (x0, ly - height + 3, x0 + width, ly + 3)

    def clear(b: tuple[float, float, float, float]) -> bool:
        inside = b[0] >= frame[0] and b[2] <= frame[2] + 15 and b[1] >= frame[1] - 15
        return inside and not any(b[0] < o[2] and o[0] < b[2] and b[1] < o[3] and o[1] < b[3]
                                  for o in boxes)

    for lx, ly, anchor in candidates:
        if clear(box(lx, ly, anchor)):
            boxes.append(box(lx, ly, anchor))
            return round(lx, 1), round(ly, 1), anchor
    lx, ly, anchor = candidates[0]
    boxes.append(box(lx, ly, anchor))
    return round(lx, 1), round(ly, 1), anchor


@dataclass(frozen=True)
class Neighbour:
    label: str
    kind: str  # "use-case" or "technology"
    colour_key: str  # outcome, or relation
    href: str


def ego(centre: str, neighbours: Sequence[Neighbour], ident: str) -> str:
    """The technology in the middle; its use cases around it, coloured by outcome."""
    width, height = 820, 460
    cx, cy = width / 2, height / 2 - 10
    cases = [n for n in neighbours if n.kind == "use-case"]
    related = [n for n in neighbours if n.kind == "technology"]
    body: list[str] = []
    nodes: list[str] = []
    for ring, items, radius in ((0, cases, 170), (1, related, 80)):
        count = max(len(items), 1)
        for index, item in enumerate(items):
            angle = 2 * math.pi * index / count - math.pi / 2 + ring * math.pi / count
            nx_ = round(cx + radius * 1.25 * math.cos(angle), 1)
            ny_ = round(cy + radius * math.sin(angle), 1)
            colour = OUTCOME_COLOURS.get(item.colour_key, "#5f6368")
            dash = ' stroke-dasharray="4 3"' if item.kind == "technology" else ""
            body.append(f'<line x1="{cx}" y1="{cy}" x2="{nx_}" y2="{ny_}" stroke="{GRID}"{dash}/>')
            anchor = "start" if nx_ >= cx else "end"
            tx = nx_ + (9 if anchor == "start" else -9)
            shape = (f'<rect x="{nx_ - 7}" y="{ny_ - 7}" width="14" height="14" fill="#ffffff" '
                     f'stroke="{INK}" stroke-width="2"/>' if item.kind == "technology" else
                     f'<circle cx="{nx_}" cy="{ny_}" r="7" fill="{colour}"/>')
            tip = f"{item.label} ({item.colour_key})"
            nodes.append(f'<a href="{attr(item.href)}"><title>{attr(tip)}</title>{shape}'
                         f'<text x="{tx}" y="{ny_ + 4}" text-anchor="{anchor}" fill="{INK}">'
                         f'{attr(_short(item.label))}</text></a>')
    body += nodes
    body.append(f'<circle cx="{cx}" cy="{cy}" r="16" fill="{INK}"/>')
    body.append(f'<text x="{cx}" y="{cy - 24}" text-anchor="middle" fill="{INK}" '
                f'font-weight="bold">{attr(_short(centre, 40))}</text>')
    legend_x = 10
    for outcome, colour in OUTCOME_COLOURS.items():
        body.append(f'<circle cx="{legend_x + 6}" cy="{height - 14}" r="6" fill="{colour}"/>')
        body.append(f'<text x="{legend_x + 16}" y="{height - 10}" fill="{INK}">{outcome}</text>')
        legend_x += 30 + 7 * len(outcome)
    body.append(f'<rect x="{legend_x}" y="{height - 20}" width="12" height="12" fill="#ffffff" '
                f'stroke="{INK}" stroke-width="2"/>')
    body.append(f'<text x="{legend_x + 18}" y="{height - 10}" fill="{INK}">related technology'
                '</text>')
    return _svg(width, height, f"{centre}: use cases and related technologies",
                f"{len(cases)} use cases around {centre}, coloured by outcome, and "
                f"{len(related)} related technologies; the tables on this page list them.",
                ident, body)


def _short(label: str, limit: int = 26) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


@dataclass(frozen=True)
class Moment:
    label: str  # a date
    value: float | None
    buzz: float
    verdict: str


def timeline(moments: Sequence[Moment], title: str, ident: str) -> str:
    """Value and buzz at each snapshot, left to right; verdict changes marked."""
    width, height, left, right, top, bottom = 680, 260, 50, 20, 20, 60
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(moments) - 1, 1)

    def x(i: int) -> float:
        return round(left + (step * i if len(moments) > 1 else plot_w / 2), 1)

    def y(v: float) -> float:
        return round(top + plot_h * (1 - v / 100), 1)

    body = [f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="none" '
            f'stroke="{GRID}"/>']
    for tick in (0, 50, 100):
        body.append(f'<text x="{left - 6}" y="{y(tick) + 4}" text-anchor="end" '
                    f'fill="{INK}">{tick}</text>')
    series = (("value", "#1b7f3b", [m.value for m in moments], ""),
              ("buzz", "#b3261e", [m.buzz for m in moments], ' stroke-dasharray="6 3"'))
    for _name, colour, values, dash in series:
        points = [(x(i), y(v)) for i, v in enumerate(values) if v is not None]
        if len(points) > 1:
            path = " ".join(f"{px},{py}" for px, py in points)
            body.append(f'<polyline points="{path}" fill="none" stroke="{colour}" '
                        f'stroke-width="2"{dash}/>')
        body += [f'<circle cx="{px}" cy="{py}" r="4" fill="{colour}"/>' for px, py in points]
    previous = None
    for i, moment in enumerate(moments):
        if moment.verdict != previous:
            body.append(f'<line x1="{x(i)}" y1="{top}" x2="{x(i)}" y2="{top + plot_h}" '
                        f'stroke="{GRID}" stroke-dasharray="2 3"/>')
            body.append(f'<text x="{x(i) + 3}" y="{top + 12}" fill="{INK}" font-size="11">'
                        f'{attr(moment.verdict)}</text>')
        previous = moment.verdict
        body.append(f'<text x="{x(i)}" y="{top + plot_h + 16}" text-anchor="middle" '
                    f'fill="{INK}" font-size="11">{attr(moment.label)}</text>')
    body.append(f'<line x1="{left}" y1="{height - 14}" x2="{left + 24}" y2="{height - 14}" '
                'stroke="#1b7f3b" stroke-width="2"/>')
    body.append(f'<text x="{left + 30}" y="{height - 10}" fill="{INK}">value</text>')
    body.append(f'<line x1="{left + 90}" y1="{height - 14}" x2="{left + 114}" '
                f'y2="{height - 14}" stroke="#b3261e" stroke-width="2" '
                'stroke-dasharray="6 3"/>')
    body.append(f'<text x="{left + 120}" y="{height - 10}" fill="{INK}">buzz</text>')
    return _svg(width, height, f"{title}: value and buzz over time",
                f"{len(moments)} snapshots from the repository's history; the table below "
                "gives the same figures.", ident, body)


def prisma(identified: int, screened: int, excluded: int, included: int, assessed: int,
           ident: str) -> str:
    """A PRISMA-style flow of how a technology's cases were found and chosen: identified,
    screened, excluded (to the side), included. The page gives the same counts as text."""
    width, height = 560, 300
    box_w, box_h, left, right_x = 260, 46, 30, 320

    def box(x: float, y: float, w: float, lines: list[str]) -> str:
        text = "".join(f'<text x="{x + w / 2}" y="{y + 19 + 16 * i}" text-anchor="middle" '
                       f'fill="{INK}">{attr(line)}</text>' for i, line in enumerate(lines))
        return (f'<rect x="{x}" y="{y}" width="{w}" height="{box_h}" rx="4" fill="#f5f7fa" '
                f'stroke="{GRID}"/>' + text)

    def arrow(x1: float, y1: float, x2: float, y2: float) -> str:
        return (f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{INK}" '
                f'stroke-width="1.5" marker-end="url(#{ident}-arrow)"/>')

    ys = [20, 120, 220]
    body = [f'<defs><marker id="{ident}-arrow" viewBox="0 0 10 10" refX="9" refY="5" '
            f'markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" '
            f'fill="{INK}"/></marker></defs>',
            box(left, ys[0], box_w, ["Identified by the searches", f"{identified} candidates"]),
            box(left, ys[1], box_w, ["Screened against the criteria", f"{screened} candidates"]),
            box(left, ys[2], box_w, ["Included as use cases", f"{included} ({assessed} assessed)"]),
            box(right_x, ys[1], 210, ["Excluded, with reasons", f"{excluded} candidates"]),
            arrow(left + box_w / 2, ys[0] + box_h, left + box_w / 2, ys[1] - 2),
            arrow(left + box_w / 2, ys[1] + box_h, left + box_w / 2, ys[2] - 2),
            arrow(left + box_w, ys[1] + box_h / 2, right_x - 2, ys[1] + box_h / 2)]
    return _svg(width, height, "How the use cases were found",
                f"{identified} candidates identified, {screened} screened, {excluded} excluded "
                f"with reasons, {included} included, of which {assessed} assessed.", ident,
                body)
