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

# One palette for outcomes and verdicts, chosen by computation: every pair stays at least
# 12 CIEDE2000 apart under normal vision, protanopia and deuteranopia (tests/test_svg.py
# simulates both), and each colour has at least 3:1 contrast on the pictures' white. Shape
# carries the same code, so no reader depends on colour.
TEAL, BLUE, BROWN, ORANGE, VIOLET, GREY = ("#4499aa", "#225588", "#664411", "#cc6600",
                                           "#bb22ff", "#6b6b6b")
VERDICT_COLOURS = {
    PROVEN: TEAL,
    DELIVERING_BUT_HYPED: BLUE,
    OVERHYPED: ORANGE,
    UNPROVEN: BROWN,
    INSUFFICIENT: GREY,
}
OUTCOME_COLOURS = {
    "delivered": TEAL,
    "partly-delivered": BLUE,
    "no-effect": BROWN,
    "not-delivered": ORANGE,
    "harmful": VIOLET,
    "unknown": GREY,
}
# Each outcome's shape: what the legend names and what a reader without colour reads.
OUTCOME_SHAPES = {
    "delivered": "circle",
    "partly-delivered": "square",
    "no-effect": "diamond",
    "not-delivered": "triangle",
    "harmful": "cross",
    "unknown": "ring",
}
# A claim's status, in the same language: what the evidence says of the promise.
STATUS_STYLE = {
    "substantiated": ("circle", TEAL),
    "contested": ("diamond", BROWN),
    "inconclusive": ("square", BLUE),
    "refuted": ("triangle", ORANGE),
    "untested": ("ring", GREY),
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
            f'width="100%" style="max-width:{width}px;--bv-w:{width}px" '
            f'aria-labelledby="{ident}-t {ident}-d" '
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
    boxes: list[Box] = []
    for name, cx, cy, anchor in corners:
        body.append(f'<text x="{cx}" y="{cy}" text-anchor="{anchor}" fill="{INK}" '
                    f'font-style="italic">{attr(name)}</text>')
        boxes.append(text_box(name, cx, cy, anchor))
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
    radius = 8
    boxes += [(sx - radius - 1, sy - radius - 1, sx + radius + 1, sy + radius + 1)
              for sx, sy in ((x(p.value if p.value is not None else 0), y(p.buzz))
                             for p in points)]
    frame = (left + 2, top + 2, left + plot_w - 2, top + plot_h - 2)
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
        lx, ly, anchor = place_label(point.label, px, py, radius, boxes, frame)
        value_text = "no value yet" if point.value is None else f"value {point.value:.0f}"
        label = (f"{point.label}: {point.verdict}, tier {point.tier} ({value_text}, "
                 f"buzz {point.buzz:.0f})")
        body.extend(bars)  # outside the link, so the link's area is its marker and label
        x0, y0, x1, y1 = text_box(point.label, lx, ly, anchor)
        hx0, hy0 = min(px - radius, x0), min(py - radius, y0)
        hx1, hy1 = max(px + radius, x1), max(py + radius, y1)
        hit = (f'<rect x="{round(hx0, 1)}" y="{round(hy0, 1)}" width="{round(hx1 - hx0, 1)}" '
               f'height="{round(hy1 - hy0, 1)}" fill="transparent"/>')
        body.append(
            f'<a href="{attr(point.href)}"><title>{attr(label)}</title>' + hit
            + leader(px, py, radius, (x0, y0, x1, y1))
            + tier_marker(px, py, radius, colour, point.tier)
            + f'<text x="{lx}" y="{ly}" text-anchor="{anchor}" fill="{INK}" '
            f'class="bv-label">{attr(point.label)}</text></a>')
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


Box = tuple[float, float, float, float]
CHAR_W = 7.6  # a generous width of one character at the pictures' 13 px (DejaVu Sans: about 7)


def text_box(label: str, lx: float, ly: float, anchor: str, size: float = 13) -> Box:
    """The box a label's text takes (estimated generously), for placement and tests."""
    width = CHAR_W * size / 13 * len(label)
    x0 = lx if anchor == "start" else lx - width if anchor == "end" else lx - width / 2
    return (x0, ly - size + 2, x0 + width, ly + 4 * size / 13)


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def leader(px: float, py: float, radius: float, box: Box) -> str:
    """A thin line from a point to its label when the label sits away from it."""
    nx = min(max(px, box[0]), box[2])
    ny = min(max(py, box[1]), box[3])
    if math.hypot(nx - px, ny - py) <= radius + 6:
        return ""
    return (f'<line x1="{px}" y1="{py}" x2="{round(nx, 1)}" y2="{round(ny, 1)}" '
            f'stroke="{INK}" stroke-width="0.8"/>')


def place_label(label: str, px: float, py: float, radius: float, boxes: list[Box],
                frame: Box) -> tuple[float, float, str]:
    """Greedy placement: the nearest spot around the point whose box stays in the frame and
    hits no earlier box; further spots get a leader line (see leader())."""
    gap = radius + 4
    candidates = []
    for step in range(0, 12):
        for dy in ((0,) if step == 0 else (-14 * step, 14 * step)):
            candidates += [(px + gap, py + 4 + dy, "start"), (px - gap, py + 4 + dy, "end")]
        if step == 1:
            candidates += [(px, py - gap - 4, "middle"), (px, py + gap + 12, "middle")]

    def clear(b: Box) -> bool:
        inside = b[0] >= frame[0] and b[2] <= frame[2] and b[1] >= frame[1] and b[3] <= frame[3]
        return inside and not any(_overlaps(b, o) for o in boxes)

    for lx, ly, anchor in candidates:
        if clear(text_box(label, lx, ly, anchor)):
            boxes.append(text_box(label, lx, ly, anchor))
            return round(lx, 1), round(ly, 1), anchor
    lx, ly, anchor = candidates[0] if px < (frame[0] + frame[2]) / 2 else candidates[1]
    boxes.append(text_box(label, lx, ly, anchor))
    return round(lx, 1), round(ly, 1), anchor


def shape(kind: str, cx: float, cy: float, r: float, colour: str) -> str:
    """An outcome's (or a claim status's) mark: circle, square, diamond, triangle, cross or
    ring, so the code reads in greyscale and for every colour vision."""
    cx, cy = round(cx, 1), round(cy, 1)
    if kind == "square":
        s = round(r * 0.9, 1)
        return (f'<rect x="{cx - s}" y="{cy - s}" width="{2 * s}" height="{2 * s}" '
                f'fill="{colour}"/>')
    if kind == "diamond":
        d = round(r * 1.2, 1)
        return (f'<path d="M{cx},{cy - d} L{cx + d},{cy} L{cx},{cy + d} L{cx - d},{cy} Z" '
                f'fill="{colour}"/>')
    if kind == "triangle":
        return (f'<path d="M{cx - r},{round(cy - r * 0.8, 1)} L{cx + r},{round(cy - r * 0.8, 1)} '
                f'L{cx},{round(cy + r, 1)} Z" fill="{colour}"/>')
    if kind == "cross":
        return (f'<path d="M{cx - r},{cy - r} L{cx + r},{cy + r} M{cx + r},{cy - r} '
                f'L{cx - r},{cy + r}" stroke="{colour}" stroke-width="{round(r * 0.6, 1)}"/>')
    if kind == "ring":
        return (f'<circle cx="{cx}" cy="{cy}" r="{round(r * 0.8, 1)}" fill="#ffffff" '
                f'stroke="{colour}" stroke-width="2.5"/>')
    if kind == "hexagon":
        pts = " ".join(f"{round(cx + r * math.cos(math.pi / 3 * i), 1)},"
                       f"{round(cy + r * math.sin(math.pi / 3 * i), 1)}" for i in range(6))
        return (f'<polygon points="{pts}" fill="#ffffff" stroke="{colour}" '
                'stroke-width="2"/>')
    return f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="{colour}"/>'


def legend(items: Sequence[tuple[str, str, str]], heading: str, width: int,
           y: float) -> tuple[list[str], float]:
    """A legend of (shape, colour, words) in rows that fit the width; returns the markup
    and the y below it."""
    body = [f'<text x="10" y="{y}" fill="{INK}" font-weight="bold">{attr(heading)}</text>']
    lx = 10 + CHAR_W * len(heading) + 12
    for kind, colour, words in items:
        item_w = 22 + CHAR_W * len(words) + 14
        if lx + item_w > width - 6:
            lx, y = 10, y + 22
        body.append(shape(kind, lx + 7, y - 4, 6, colour))
        body.append(f'<text x="{round(lx + 18, 1)}" y="{y}" fill="{INK}">{attr(words)}</text>')
        lx += item_w
    return body, y + 12


def outcome_words(outcome: str) -> str:
    return outcome.replace("-", " ")


@dataclass(frozen=True)
class Neighbour:
    label: str
    kind: str  # "use-case" or "technology"
    colour_key: str  # outcome, or relation
    href: str


def ego(centre: str, neighbours: Sequence[Neighbour], ident: str) -> str:
    """The technology in the middle, its use cases around it (outcome by shape and colour)
    and its related technologies (hexagons). Each node is numbered; its label stands in a
    column at the side, joined by a leader line, so labels never overlap; the full name is
    in the node's tooltip and in the numbered list the page gives next to the picture."""
    width, label_w, row = 880, 270, 18
    cases = [n for n in neighbours if n.kind == "use-case"]
    related = [n for n in neighbours if n.kind == "technology"]
    ordered = [*cases, *related]
    count = max(len(cases), 1)
    angles = [2 * math.pi * (i + 0.5) / count - math.pi / 2 for i in range(len(cases))]
    angles += [2 * math.pi * (i + 0.5) / max(len(related), 1) for i in range(len(related))]
    sides = {"right": [i for i, a in enumerate(angles) if math.cos(a) >= 0],
             "left": [i for i, a in enumerate(angles) if math.cos(a) < 0]}
    rows = max(len(v) for v in sides.values()) if ordered else 0
    plot_h = max(360, row * rows + 20)
    top = 44
    height = top + plot_h + 70
    cx, cy = width / 2, top + plot_h / 2
    rx, ry = 120, plot_h / 2 - 16
    spots = []
    for i, angle in enumerate(angles):
        scale = 1.0 if i < len(cases) else 0.5
        spots.append((round(cx + rx * scale * math.cos(angle), 1),
                      round(cy + ry * scale * math.sin(angle), 1)))
    body: list[str] = []
    labels: dict[int, tuple[float, str]] = {}
    for side, members in sides.items():
        members.sort(key=lambda i: spots[i][1])
        ys = spread([spots[i][1] for i in members], top + 10, top + plot_h - 4, row)
        for i, ly in zip(members, ys, strict=True):
            labels[i] = (ly, side)
    for i, item in enumerate(ordered):
        nx_, ny_ = spots[i]
        dash = ' stroke-dasharray="4 3"' if item.kind == "technology" else ""
        body.append(f'<line x1="{cx}" y1="{cy}" x2="{nx_}" y2="{ny_}" stroke="{GRID}"{dash}/>')
    for i, item in enumerate(ordered):
        nx_, ny_ = spots[i]
        ly, side = labels[i]
        number = f"{i + 1}"
        words = _short(item.label, int(label_w / CHAR_W) - len(number) - 2)
        lx = width - label_w - 6 if side == "right" else label_w + 6
        anchor = "start" if side == "right" else "end"
        end_x = lx - 4 if side == "right" else lx + 4
        if item.kind == "technology":
            mark = shape("hexagon", nx_, ny_, 8, INK)
            tip = f"{number}. {item.label} (related technology: {item.colour_key})"
        else:
            mark = shape(OUTCOME_SHAPES.get(item.colour_key, "circle"), nx_, ny_, 7,
                         OUTCOME_COLOURS.get(item.colour_key, GREY))
            tip = f"{number}. {item.label} (outcome: {outcome_words(item.colour_key)})"
        body.append(
            f'<a href="{attr(item.href)}"><title>{attr(tip)}</title>'
            f'<polyline points="{nx_},{ny_} {end_x},{round(ly - 4, 1)}" fill="none" '
            f'stroke="{GRID}" stroke-width="0.8"/>{mark}'
            f'<text x="{round(lx, 1)}" y="{round(ly, 1)}" text-anchor="{anchor}" fill="{INK}" '
            f'class="bv-label">{attr(number)}. {attr(words)}</text></a>')
    body.append(f'<circle cx="{cx}" cy="{cy}" r="14" fill="{INK}"/>')
    body.append(f'<text x="{cx}" y="{top - 18}" text-anchor="middle" fill="{INK}" '
                f'font-weight="bold">{attr(_short(centre, 40))}</text>')
    items = [(OUTCOME_SHAPES[o], OUTCOME_COLOURS[o], outcome_words(o)) for o in OUTCOME_SHAPES]
    items.append(("hexagon", INK, "related technology"))
    legend_body, _ = legend(items, "Outcome (shape and colour):", width, top + plot_h + 28)
    body += legend_body
    return _svg(width, height, f"{centre}: use cases and related technologies",
                f"{len(cases)} use cases around {centre}, each marked by its outcome (shape "
                f"and colour), and {len(related)} related technologies; the numbered list "
                "after the picture names each one.", ident, body)


def spread(wanted: Sequence[float], low: float, high: float, gap: float) -> list[float]:
    """Positions as near the wanted ones (sorted) as the gap between them allows, all within
    [low, high] when they fit: the classic label-column layout."""
    out: list[float] = []
    for w in wanted:
        out.append(max(w, low, out[-1] + gap if out else low))
    overflow = (out[-1] - high) if out else 0
    if overflow > 0:
        out[-1] = high
        for i in range(len(out) - 2, -1, -1):
            out[i] = min(out[i], out[i + 1] - gap)
    return [round(v, 1) for v in out]


def _short(label: str, limit: int = 26) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class Moment:
    label: str  # a date
    value: float | None
    buzz: float
    verdict: str


def timeline(moments: Sequence[Moment], title: str, ident: str) -> str:
    """Value and buzz at each snapshot, left to right; verdict changes marked. Date and
    verdict labels that would collide are thinned (the table beside it has every row)."""
    width, height, left, right, top, bottom = 680, 280, 50, 20, 48, 60
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
    series = (("value", TEAL, [m.value for m in moments], ""),
              ("buzz", ORANGE, [m.buzz for m in moments], ' stroke-dasharray="6 3"'))
    for name, colour, values, dash in series:
        points = [(x(i), y(v)) for i, v in enumerate(values) if v is not None]
        if len(points) > 1:
            path = " ".join(f"{px},{py}" for px, py in points)
            body.append(f'<polyline points="{path}" fill="none" stroke="{colour}" '
                        f'stroke-width="2"{dash}/>')
        kind = "circle" if name == "value" else "square"
        body += [shape(kind, px, py, 4, colour) for px, py in points]
    boxes: list[Box] = []
    previous = None
    for i, moment in enumerate(moments):
        if moment.verdict != previous:
            body.append(f'<line x1="{x(i)}" y1="{top}" x2="{x(i)}" y2="{top + plot_h}" '
                        f'stroke="{GRID}" stroke-dasharray="2 3"/>')
            for ly in (top - 8, top - 24):
                anchor = "end" if x(i) > width / 2 else "start"
                box = text_box(moment.verdict, x(i), ly, anchor)
                if box[0] >= 0 and box[2] <= width and not any(_overlaps(box, b) for b in boxes):
                    boxes.append(box)
                    body.append(f'<text x="{x(i)}" y="{ly}" text-anchor="{anchor}" '
                                f'fill="{INK}">{attr(moment.verdict)}</text>')
                    break
        previous = moment.verdict
    dates: list[tuple[int, str, Box]] = []
    last = len(moments) - 1
    for i in range(last, -1, -1):  # the newest date always shows
        anchor = "end" if i == last and last else "start" if i == 0 and last else "middle"
        box = text_box(moments[i].label, x(i), top + plot_h + 18, anchor)
        if box[0] >= 0 and box[2] <= width and not any(_overlaps(box, b) for *_, b in dates):
            dates.append((i, anchor, box))
    for i, anchor, _box in sorted(dates):
        body.append(f'<text x="{x(i)}" y="{top + plot_h + 18}" text-anchor="{anchor}" '
                    f'fill="{INK}">{attr(moments[i].label)}</text>')
    body.append(f'<line x1="{left}" y1="{height - 14}" x2="{left + 24}" y2="{height - 14}" '
                f'stroke="{TEAL}" stroke-width="2"/>')
    body.append(shape("circle", left + 12, height - 14, 4, TEAL))
    body.append(f'<text x="{left + 30}" y="{height - 10}" fill="{INK}">value</text>')
    body.append(f'<line x1="{left + 90}" y1="{height - 14}" x2="{left + 114}" '
                f'y2="{height - 14}" stroke="{ORANGE}" stroke-width="2" '
                'stroke-dasharray="6 3"/>')
    body.append(shape("square", left + 102, height - 14, 4, ORANGE))
    body.append(f'<text x="{left + 120}" y="{height - 10}" fill="{INK}">buzz (dashed)</text>')
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


@dataclass(frozen=True)
class Mark:
    label: str  # the full name, for the tooltip
    key: str  # an outcome or a claim status
    href: str


@dataclass(frozen=True)
class Row:
    label: str
    href: str
    claims: Sequence[Mark]
    cases: Sequence[Mark]


def overview(rows: Sequence[Row], ident: str) -> str:
    """The graph at a glance: a row per technology, its claims marked by status and its use
    cases by outcome (shape and colour), every mark a link with its full name as tooltip."""
    width, name_w, pitch, line = 820, 250, 14, 20
    claims_x, claims_n = name_w + 20, 10
    cases_x = claims_x + claims_n * pitch + 24
    cases_n = int((width - 10 - cases_x) / pitch)
    top = 40
    body = [f'<text x="10" y="24" fill="{INK}" font-weight="bold">Technology</text>',
            f'<text x="{claims_x - 6}" y="24" fill="{INK}" font-weight="bold">Claims</text>',
            f'<text x="{cases_x - 6}" y="24" fill="{INK}" font-weight="bold">Use cases</text>']
    y = top
    for row in rows:
        lines = max(math.ceil(len(row.claims) / claims_n), math.ceil(len(row.cases) / cases_n),
                    1)
        mid = y + 14
        body.append(f'<a href="{attr(row.href)}"><title>{attr(row.label)}</title>'
                    f'<text x="10" y="{mid + 4}" fill="{INK}" class="bv-label">'
                    f'{attr(_short(row.label, int(name_w / CHAR_W)))}</text></a>')
        for marks, x0, per_line, style in (
                (row.claims, claims_x, claims_n, lambda k: STATUS_STYLE.get(k, ("ring", GREY))),
                (row.cases, cases_x, cases_n,
                 lambda k: (OUTCOME_SHAPES.get(k, "ring"), OUTCOME_COLOURS.get(k, GREY)))):
            for i, mark in enumerate(marks):
                kind, colour = style(mark.key)
                mx = x0 + pitch * (i % per_line)
                my = mid + line * (i // per_line)
                body.append(f'<a href="{attr(mark.href)}"><title>{attr(mark.label)} '
                            f'({attr(outcome_words(mark.key))})</title>'
                            f'{shape(kind, mx, my, 5, colour)}</a>')
        y += line * lines + 10
        body.append(f'<line x1="6" y1="{y - 3}" x2="{width - 6}" y2="{y - 3}" stroke="{GRID}" '
                    'stroke-width="0.5"/>')
    statuses = [(k, c, w) for w, (k, c) in STATUS_STYLE.items()]
    part, y = legend(statuses, "Claims:", width, y + 22)
    body += part
    outcomes = [(OUTCOME_SHAPES[o], OUTCOME_COLOURS[o], outcome_words(o)) for o in OUTCOME_SHAPES]
    part, y = legend(outcomes, "Use cases:", width, y + 14)
    body += part
    return _svg(width, round(y + 6), "Technologies with their claims and use cases",
                f"{len(rows)} technologies, each with its claims marked by status and its use "
                "cases by outcome; the lists below give the same.", ident, body)
