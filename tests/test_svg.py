"""The pictures read for every reader: a palette that stays distinguishable under the two
common colour-vision deficiencies (computed, not eyeballed), outcome coded by shape as well
as colour, and label layouts that keep every label inside the picture and apart from the
others. The browser tests check the same on the rendered pages."""

from __future__ import annotations

import itertools
import re

import pytest
from colourmath import contrast, difference

from buzzvalue.load.schemas import default_schema_dir, load_schemas
from buzzvalue.site import svg

MIN_DIFFERENCE = 12.0  # CIEDE2000: clearly different as small marks on white


def smallest_difference(colours: dict[str, str], vision: str) -> tuple[float, str, str]:
    return min((difference(colours[a], colours[b], vision), a, b)
               for a, b in itertools.combinations(colours, 2))


@pytest.mark.parametrize("vision", ["normal", "protanopia", "deuteranopia"])
@pytest.mark.parametrize("palette", ["outcomes", "verdicts"])
def test_every_pair_of_colours_stays_apart_under_colour_vision_deficiency(palette, vision):
    colours = svg.OUTCOME_COLOURS if palette == "outcomes" else svg.VERDICT_COLOURS
    delta, a, b = smallest_difference(colours, vision)
    assert delta >= MIN_DIFFERENCE, f"{a} and {b}: ΔE00 {delta:.1f} under {vision}"


def test_the_measure_rejects_the_palette_the_issue_found_confusing():
    """The old green and red both became olive under deuteranopia (issue 20)."""
    assert difference("#1b7f3b", "#b3261e") > 40  # far apart for normal vision
    assert difference("#1b7f3b", "#b3261e", "deuteranopia") < MIN_DIFFERENCE
    assert difference("#8a5a00", "#b3261e", "deuteranopia") < MIN_DIFFERENCE


def test_every_colour_has_3_to_1_contrast_on_the_white_of_the_pictures():
    for colour in {*svg.OUTCOME_COLOURS.values(), *svg.VERDICT_COLOURS.values()}:
        assert contrast(colour, "#ffffff") >= 3.0, colour


def test_each_outcome_has_its_own_shape_and_the_legend_says_so():
    outcomes = load_schemas(default_schema_dir()).values("outcome")
    assert set(svg.OUTCOME_SHAPES) == set(svg.OUTCOME_COLOURS) == set(outcomes)
    assert len(set(svg.OUTCOME_SHAPES.values())) == len(svg.OUTCOME_SHAPES)
    picture = svg.ego("Ledger", [svg.Neighbour(f"Case {o}", "use-case", o, "#")
                                 for o in svg.OUTCOME_SHAPES], "e")
    assert "Outcome (shape and colour):" in picture
    marks = {"circle": "<circle", "square": "<rect", "diamond": "<path", "triangle": "<path",
             "cross": "<path", "ring": "<circle"}
    for outcome, kind in svg.OUTCOME_SHAPES.items():
        assert marks[kind] in svg.shape(kind, 10, 10, 6, "#000000"), outcome
        assert f"outcome: {outcome.replace('-', ' ')}" in picture


def boxes(picture: str) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Estimated boxes of the labels an SVG draws (its one rotated axis title aside)."""
    out = []
    for match in re.finditer(r'<text x="([\d.]+)" y="([\d.]+)"(?: text-anchor="(\w+)")?'
                             r'(?![^>]*transform)[^>]*>([^<]*)</text>', picture):
        x, y, anchor, label = float(match[1]), float(match[2]), match[3] or "start", match[4]
        label = re.sub(r"&\w+;", "x", label)
        out.append((label, svg.text_box(label, x, y, anchor)))
    return out


def assert_laid_out(picture: str) -> None:
    width, height = (float(v) for v in re.search(r'viewBox="0 0 (\S+) (\S+)"', picture).groups())
    found = boxes(picture)
    assert found
    for label, (x0, y0, x1, y1) in found:
        assert x0 >= 0 and y0 >= 0 and x1 <= width and y1 <= height, label
    for (a, box_a), (b, box_b) in itertools.combinations(found, 2):
        assert not svg._overlaps(box_a, box_b), (a, b)


@pytest.mark.parametrize("cases", [1, 7, 40, 90])
def test_ego_labels_stay_inside_and_apart_however_many_cases(cases):
    outcomes = list(svg.OUTCOME_SHAPES)
    nodes = [svg.Neighbour(f"A rather long use-case title number {i} with more words",
                           "use-case", outcomes[i % len(outcomes)], f"c{i}/")
             for i in range(cases)]
    nodes += [svg.Neighbour("Related technology", "technology", "alternative", "t/")]
    picture = svg.ego("A technology with a long name", nodes, "e")
    assert_laid_out(picture)
    # every node keeps its full name in its tooltip, and a number that the list repeats
    for i, node in enumerate(nodes, 1):
        assert f"<title>{i}. {node.label} (" in picture


def test_matrix_labels_stay_inside_and_apart_even_when_points_crowd():
    points = [svg.Point(f"Technology {i} with a name", 50 + (i % 3), 50 + (i % 4), "proven",
                        "firm", None, None, f"t{i}/") for i in range(12)]
    assert_laid_out(svg.matrix(points, 50, 50))


def test_the_timeline_thins_its_dates_and_keeps_the_newest_inside():
    moments = [svg.Moment(f"2026-{1 + i // 28:02d}-{1 + i % 28:02d}", 40 + i % 5, 60,
                          "proven" if i % 7 else "unproven") for i in range(60)]
    picture = svg.timeline(moments, "T", "t")
    assert_laid_out(picture)
    assert ">2026-03-04</text>" in picture  # the last date is drawn


def test_spread_keeps_the_gap_and_the_bounds():
    placed = svg.spread([10, 10, 10, 95, 96], 0, 100, 18)
    assert all(b - a >= 18 - 1e-9 for a, b in itertools.pairwise(placed))
    assert placed[0] >= 0 and placed[-1] <= 100
