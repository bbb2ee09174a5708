"""Every figure the course draws reads cleanly, measured on the drawn artists.

For every built-in case (the library, ``my-scenarios`` and the exercises' case), every stage and
both languages, on the system map (the answer key's, and after Check with answers that give
every badge and every verdict), the approach maps, the ecomap and the ecomaps the lessons and
exercises draw (Lesson 8's ``with_tie`` variants):

* no badge or mark (badge, "–", verdict, ◆) overlaps another, or a name or relation label;
* no badge or mark sits under an arrowhead or on a relation line;
* no relation line or arrowhead crosses a name, the household's caption or another relation's label
  (a relation's own label sits on its own line, the ecomap's convention);
* no relation line runs through a node that is not one of its ends;
* no name or label overlaps another text or a node.

Extents come from the renderer after the figure is drawn (text boxes, badge boxes, the arrowheads'
polygons, the lines' vertices and widths in pixels), never from the layout's own formulas.

Each picture is drawn and measured once. The system map after Check is one ground (lines, shapes, names,
the room kept for the marks, title, legend) for every answer of a stage: the ground is drawn and measured
once and each answer's marks are laid on it, as :func:`swedu.draw.system_map` lays them (and as the map
a student sees after Check is composed, :mod:`swedu.draw.after_check`), then measured with it;
:func:`test_an_answer_laid_on_its_ground_is_measured_as_the_map_drawn_whole` proves the two the same.
An ecomap reads its case's names, ties and title, never a stage's key: it is drawn once for each
different drawing (the stages of a case, the lessons' and exercises' ecomaps of a built-in case).

And on every ecomap the household members are drawn inside the household circle.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from pathlib import Path

import matplotlib
import matplotlib.style
import numpy as np
import pytest
from matplotlib.patches import FancyArrowPatch
from matplotlib.lines import Line2D
from matplotlib.path import Path as Polygon

import swedu
from swedu import draw
from swedu.activities import approach_scope
from swedu.draw.maps import _system_map_ground, _system_map_marks
from swedu.draw.style import _new_figure, _put, plain_text
from swedu.scenarios.reading import with_tie
from swedu.systems import APPROACHES, SYSTEM_IDS
from tests._drawn_texts import drawing, ecomap_drawing, keep

ROOT = Path(__file__).resolve().parents[1]
CASES = [str(p) for p in sorted([*(ROOT / "swedu" / "scenarios" / "data").glob("*.yaml"),
                                 *(ROOT / "my-scenarios").glob("*.yaml"), *(ROOT / "swedu" / "exercises").glob("*.yaml")])]
TOUCH = 1.0  # pixels: boxes that share less than this in width or height do not overlap
MARKS = ("badge:", "nobadge:", "verdict:", "addressed:")
LABELS = ("name:", "relation_label:", "household_label")


def _case_id(ref: str) -> str:
    return Path(ref).stem


def _overlap(a, b) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > TOUCH and min(a[3], b[3]) - max(a[1], b[1]) > TOUCH


def _segment_hits_box(p, q, box, grow: float) -> bool:
    """Whether the segment p–q (pixels), ``grow`` pixels thick on each side, enters ``box`` by more than TOUCH."""
    x0, y0, x1, y1 = box[0] - grow + TOUCH, box[1] - grow + TOUCH, box[2] + grow - TOUCH, box[3] + grow - TOUCH
    if x0 >= x1 or y0 >= y1:
        return False
    # Liang-Barsky clipping: does any part of the segment lie inside the box?
    t0, t1 = 0.0, 1.0
    dx, dy = q[0] - p[0], q[1] - p[1]
    for step, room in ((-dx, p[0] - x0), (dx, x1 - p[0]), (-dy, p[1] - y0), (dy, y1 - p[1])):
        if step == 0:
            if room < 0:
                return False
        else:
            u = room / step
            if step < 0:
                t0 = max(t0, u)
            else:
                t1 = min(t1, u)
            if t0 > t1:
                return False
    return True


def _polygon_hits_box(polygon, box) -> bool:
    """Whether a filled polygon (an arrowhead, pixels) and ``box`` share more than a touch."""
    edges = zip(polygon, np.roll(polygon, -1, axis=0))
    if any(_segment_hits_box(p, q, box, 0.0) for p, q in edges):
        return True
    centre = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
    return bool(Polygon(polygon).contains_point(centre))


def _box(extent) -> tuple:
    return (extent.x0, extent.y0, extent.x1, extent.y1)


def _text_box(text, renderer) -> tuple:
    """A text's visible box: its bounding box patch (badge, name box) if it has one, else its glyphs."""
    patch = text.get_bbox_patch()
    box = _box(text.get_window_extent(renderer))
    if patch is not None:
        outer = _box(patch.get_window_extent(renderer))
        box = (min(box[0], outer[0]), min(box[1], outer[1]), max(box[2], outer[2]), max(box[3], outer[3]))
    return box


def measure_map(fig) -> list[str]:
    """Everything that does not read cleanly on the map of ``fig`` (its first axes), in words."""
    return problems_in(read_map(fig))


@dataclass(frozen=True)
class Reading:
    """What a drawn map shows, measured in pixels: nodes ``{actor: box}``, relation lines ``(gid, a, b,
    points, half width)``, arrowheads ``(gid, a, b, polygon)``, marks and labels ``(gid, box)``."""

    nodes: dict
    lines: list
    heads: list
    marks: list
    labels: list


def _marks_and_labels(texts, renderer) -> tuple[list, list]:
    """The ``(gid, box)`` of the marks and of the labels among ``texts`` (drawn)."""
    marks, labels = [], []
    for text in texts:
        gid = text.get_gid() or ""
        if not text.get_text().strip():
            continue
        if gid.startswith(MARKS):
            marks.append((gid, _text_box(text, renderer)))
        elif gid.startswith(LABELS):
            # A name's white box may touch a line; the words (the glyphs' box) may not.
            labels.append((gid, _box(text.get_window_extent(renderer))))
    return marks, labels


def read_map(fig) -> Reading:
    """The map of ``fig`` (its first axes), drawn whole and measured."""
    ax = fig.axes[0]
    renderer = draw._renderer(fig)
    fig.draw(renderer)  # extents as drawn: arrowheads and text boxes exist only after a draw
    px = fig.dpi / 72.0
    nodes = {}
    for patch in ax.patches:
        gid = patch.get_gid() or ""
        if gid.startswith("node:"):
            nodes[gid.split(":")[1]] = _box(patch.get_window_extent(renderer))
    lines = []  # (gid, a, b, points in pixels, half width in pixels)
    for line in ax.lines:
        gid = line.get_gid() or ""
        if gid.startswith("edge:"):
            _, a, b = gid.split(":")[:3]
            xy = ax.transData.transform(np.column_stack([line.get_xdata(), line.get_ydata()]))
            lines.append((gid, a, b, xy, line.get_linewidth() * px / 2))
    heads = []  # (gid, a, b, the filled head's polygon in pixels)
    for patch in ax.patches:
        gid = patch.get_gid() or ""
        if gid.startswith("arrow:") and isinstance(patch, FancyArrowPatch):
            paths, filled = patch._get_path_in_displaycoord()
            for path, fill in zip(paths, filled):
                if fill:
                    _, a, b = gid.split(":")[:3]
                    corners = path.vertices if path.codes is None else path.vertices[path.codes != Polygon.CLOSEPOLY]
                    heads.append((gid, a, b, corners))
    marks, labels = _marks_and_labels(ax.texts, renderer)
    return Reading(nodes, lines, heads, marks, labels)


def problems_in(reading: Reading) -> list[str]:
    """Everything that does not read cleanly on a measured map, in words."""
    nodes, lines, heads, marks, labels = reading.nodes, reading.lines, reading.heads, reading.marks, reading.labels
    problems = []
    for i, (gid, box) in enumerate(marks):
        for other, other_box in marks[i + 1:]:
            if _overlap(box, other_box):
                problems.append(f"{gid} overlaps {other}")
        for other, other_box in labels:
            if _overlap(box, other_box):
                problems.append(f"{gid} overlaps {other}")
        for head, _a, _b, polygon in heads:
            if _polygon_hits_box(polygon, box):
                problems.append(f"{gid} is under the arrowhead {head}")
        for edge, _a, _b, xy, half in lines:
            if any(_segment_hits_box(p, q, box, half) for p, q in zip(xy[:-1], xy[1:])):
                problems.append(f"{gid} is on the line {edge}")
    for i, (gid, box) in enumerate(labels):
        for other, other_box in labels[i + 1:]:
            if _overlap(box, other_box):
                problems.append(f"{gid} overlaps {other}")
        for actor, node_box in nodes.items():
            if _overlap(box, node_box):
                problems.append(f"{gid} overlaps the node of {actor}")
        own = gid.split(":")[1:3] if gid.startswith("relation_label:") else None
        for edge, a, b, xy, half in lines:
            if own == [a, b]:
                continue  # a relation's label sits on its own line
            if any(_segment_hits_box(p, q, box, half) for p, q in zip(xy[:-1], xy[1:])):
                problems.append(f"the line {edge} crosses {gid}")
        for head, a, b, polygon in heads:
            if own != [a, b] and _polygon_hits_box(polygon, box):
                problems.append(f"the arrowhead {head} covers {gid}")
    for edge, a, b, xy, _half in lines:
        for actor, node_box in nodes.items():
            if actor not in (a, b) and any(_segment_hits_box(p, q, node_box, 0.0) for p, q in zip(xy[:-1], xy[1:])):
                problems.append(f"the line {edge} runs through the node of {actor}")
    return problems


def _feedbacks(case, stage):
    """Answers whose maps after Check show every kind of mark at every place: the key, nothing, every system
    on everyone (four badges), one and two badges on everyone."""
    actors = [a.id for a in case.actors]
    answers = [{a: sorted(SYSTEM_IDS) for a in actors}, {}, {a: "target" for a in actors},
               {a: ["change_agent", "action"] for a in actors}]
    answers.append({a: sorted(systems) for a, systems in case.stage(stage).key.items()})
    return [case.assess(answer, stage) for answer in answers]


def _readings_after_check(case, stage: str):
    """``(i, Reading)`` of the system map after Check for each answer ``i`` of :func:`_feedbacks`.

    The ground is what :func:`swedu.draw.system_map` draws for every answer (``marks=True``), drawn and
    measured once; each answer's marks are laid on it as ``system_map`` lays them, drawn, measured and taken
    off again before the next answer's."""
    graph = case.graph(stage)
    fig, ax, legend_ax = _new_figure()
    with matplotlib.rc_context({"text.parse_math": False}):
        places = _system_map_ground(case, graph, ax, legend_ax, marks=True)
    ground = read_map(plain_text(fig))
    renderer = draw._renderer(fig)
    for i, feedback in enumerate(_feedbacks(case, stage)):
        with matplotlib.rc_context({"text.parse_math": False}):
            laid = [_put(ax, mark) for mark in _system_map_marks(graph, places, feedback)]
        for text in laid:
            text.draw(renderer)  # its box is placed when it is drawn
        marks, labels = _marks_and_labels(laid, renderer)
        yield i, replace(ground, marks=ground.marks + marks, labels=ground.labels + labels)
        for text in laid:
            text.remove()


_ECOMAPS: dict = {}
"""What :func:`_ecomap_problems` found, per drawing: an ecomap is measured once however often it is asked for."""


def _ecomap_problems(case, stage=None) -> list[str]:
    """Everything that does not read cleanly on the ecomap of ``case`` (:func:`measure_map` and :func:`measure`).

    The ecomap draws the case's graph but the stage's key and id (``systems``, ``stage``: it reads neither), in
    the current language and matplotlib style (tests/_drawn_texts.py): the same drawing is measured once. Its
    texts are kept for the test of whole words."""
    drawn = ecomap_drawing(case, stage)
    if drawn not in _ECOMAPS:
        fig = keep(drawn, draw.ecomap(case, stage))
        _ECOMAPS[drawn] = measure_map(fig) + measure(fig)
    return _ECOMAPS[drawn]


def _maps(case):
    """(what, its problems) for every map of ``case`` the course draws (the texts of those the test of whole
    words reads are kept for it: tests/_drawn_texts.py)."""
    for stage in case.stages:
        yield f"ecomap {stage.id}", _ecomap_problems(case, stage.id)
        yield f"system map {stage.id}", measure_map(keep(drawing(case, "system_map", stage.id),
                                                         draw.system_map(case, stage.id)))
        for i, reading in _readings_after_check(case, stage.id):
            yield f"system map {stage.id} after check {i}", problems_in(reading)
    graph = case.graph()
    centre = graph.graph.get("centre") or next(iter(graph.nodes))
    for approach in APPROACHES:
        yield f"approach map {approach}", measure_map(keep(drawing(case, "approach_map", approach, centre),
                                                           draw.approach_map(case, approach,
                                                                             approach_scope(case, approach, centre))))
    yield "approach map, everyone addressed", measure_map(draw.approach_map(case, "holistic",
                                                                            {"actors": set(graph.nodes)}))


def _check(what: str, maps, language: str):
    problems = [f"{what} ({language}, {name}): " + "; ".join(found) for name, found in maps if found]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", ["en", "id"])
@pytest.mark.parametrize("ref", CASES, ids=[_case_id(c) for c in CASES])
def test_every_map_of_a_case_reads_cleanly(ref, language):
    swedu.set_language(language)
    try:
        case = swedu.load_scenario(ref)
        with matplotlib.style.context("default"):
            _check(case.id, _maps(case), language)
    finally:
        swedu.set_language("en")


LESSON_TIES = [("large_entrepreneurs", {"quality": "strong", "strength": 3, "direction": "both"}),
               ("middlemen", {"quality": "tenuous", "strength": 1, "direction": "none"})]


def _lesson_8_ecomaps():
    """Lesson 8's ecomaps: the village three months later, and the ties a student may change on it."""
    later = swedu.load_scenario("small-business")
    for other_end, change in LESSON_TIES:
        later = with_tie(later, other_end, **change)
    yield "later", _ecomap_problems(later)
    for other_end in ("middlemen", "large_entrepreneurs"):
        for quality in ("strong", "tenuous", "stressful"):
            for direction in ("both", "forward", "backward"):
                changed = with_tie(later, other_end, quality=quality, strength=2, direction=direction)
                yield f"{other_end} {quality} {direction}", _ecomap_problems(changed)


@pytest.mark.parametrize("language", ["en", "id"])
def test_the_lessons_and_exercises_figures_read_cleanly(language):
    swedu.set_language(language)
    try:
        with matplotlib.style.context("default"):
            _check("lesson 8", _lesson_8_ecomaps(), language)
            _check("exercise 4", [("ex4-map", _ecomap_problems(swedu.exercises.case("ex4-map")))], language)
            _check("exercise 5", [("street-children", _ecomap_problems(swedu.load_scenario("street-children")))],
                   language)
    finally:
        swedu.set_language("en")


def _in_pixels(reading: Reading) -> tuple:
    """A reading as plain values rounded to a hundredth of a pixel, in an order of its own (to compare two)."""
    def rounded(values):
        return np.round(np.asarray(values, float), 2).tolist()

    return (sorted((actor, rounded(box)) for actor, box in reading.nodes.items()),
            sorted((gid, rounded(xy), round(half, 2)) for gid, _a, _b, xy, half in reading.lines),
            sorted((gid, rounded(polygon)) for gid, _a, _b, polygon in reading.heads),
            sorted((gid, rounded(box)) for gid, box in reading.marks),
            sorted((gid, rounded(box)) for gid, box in reading.labels))


def test_an_answer_laid_on_its_ground_is_measured_as_the_map_drawn_whole():
    """The maps after Check above are measured on one ground per stage with each answer's marks laid on it:
    every answer gives the measures of ``swedu.draw.system_map(case, stage, feedback=...)`` drawn whole."""
    swedu.set_language("id")  # the longer names
    try:
        case = swedu.load_scenario("domestic-violence")  # the most actors of the built-in cases
        stage = case.stages[-1].id
        with matplotlib.style.context("default"):
            laid = [_in_pixels(reading) for _i, reading in _readings_after_check(case, stage)]
            whole = [_in_pixels(read_map(draw.system_map(case, stage, feedback=feedback)))
                     for feedback in _feedbacks(case, stage)]
        assert len(laid) == len(whole) == 5
        for i, (one, other) in enumerate(zip(laid, whole)):
            assert one[3], "every answer shows marks"
            assert one == other, f"answer {i}"
    finally:
        swedu.set_language("en")


def test_the_ecomap_of_every_stage_is_the_same_picture():
    """An ecomap is measured once for all the stages of its case (:func:`_ecomap_problems`): it is one picture."""
    case = swedu.load_scenario("domestic-violence")
    with matplotlib.style.context("default"):
        pictures = {draw.png_bytes(draw.ecomap(case, stage.id)) for stage in case.stages}
    assert len(case.stages) > 1 and len(pictures) == 1


def test_every_figure_of_the_lessons_and_exercises_is_measured():
    """The figures the lessons and exercises draw in their code cells are the ones measured above: a new
    ``swedu.draw`` call in a lesson or exercise must be added to this test."""
    calls = set()
    for source in sorted([*(ROOT / "source" / "lessons").glob("*.yaml"), *(ROOT / "source" / "exercises").glob("*.yaml")]):
        calls |= {f"{source.stem}: {m}" for m in re.findall(r"swedu\.draw\.\w+\([^\n]*", source.read_text(encoding="utf-8"))}
    assert calls == {
        "04-pie-graph: swedu.draw.ecomap(swedu.exercises.case(\"ex4-map\"))",
        "05-ecomap: swedu.draw.ecomap(crossroads)",  # street-children, measured above and with every case
        "08-ecomaps: swedu.draw.ecomap(family)",  # delinquent-youth, measured with every case
        "08-ecomaps: swedu.draw.ecomap(later)",
    }


def test_the_measures_catch_a_bad_drawing():
    """Guard against a measure that cannot fail: badges on badges, a mark under an arrowhead, a line through a
    name and through a node."""
    case = swedu.load_scenario("delinquent-youth")
    fig = draw.system_map(case, "reassessment")
    ax = fig.axes[0]
    texts = {t.get_gid(): t for t in ax.texts if t.get_gid()}
    arrow = next(p for p in ax.patches if (p.get_gid() or "").startswith("arrow:"))
    badge = texts["badge:parents:target"]
    texts["badge:parents:action"].set_position(badge.get_position())
    end = arrow._posA_posB[1]
    texts["badge:teen:client"].set_position(end)
    name = texts["name:gang"]
    edge = next(line for line in ax.lines if (line.get_gid() or "").startswith("edge:"))
    name.set_position((np.mean(edge.get_xdata()), np.mean(edge.get_ydata())))
    agency = next(p for p in ax.patches if p.get_gid() == "node:agency:collective")
    bbox = agency.get_bbox()
    from matplotlib.lines import Line2D
    through = Line2D([bbox.x0 - 0.3, bbox.x1 + 0.3], [(bbox.y0 + bbox.y1) / 2] * 2)
    through.set_gid("edge:worker:nowhere:strong:1")
    ax.add_line(through)
    problems = " ".join(measure_map(fig))
    assert "badge:parents:target overlaps badge:parents:action" in problems or \
        "badge:parents:action overlaps badge:parents:target" in problems
    assert "badge:teen:client is under the arrowhead" in problems
    assert "crosses name:gang" in problems
    assert "the line edge:worker:nowhere:strong:1 runs through the node of agency" in problems


def _boxes_overlap(a, b) -> bool:
    return min(a.x1, b.x1) - max(a.x0, b.x0) > TOUCH and min(a.y1, b.y1) - max(a.y0, b.y0) > TOUCH


def measure(fig):
    """(members outside the circle, lines through nodes, overlapping labels) of one drawn ecomap; every
    ecomap above is measured with it too."""
    ax = fig.axes[0]
    renderer = draw._renderer(fig)
    nodes = {}
    circle = None
    for patch in ax.patches:
        gid = patch.get_gid() or ""
        if gid.startswith("node:"):
            _, actor, role = gid.split(":")
            nodes[actor] = (patch.get_window_extent(renderer), role)
        elif gid == "household":
            centre = ax.transData.transform(patch.center)
            edge = ax.transData.transform((patch.center[0] + patch.radius, patch.center[1]))
            circle = (centre, edge[0] - centre[0])
    problems = []
    for actor, (box, role) in nodes.items():
        if role in ("household", "centre") and circle is not None:
            (cx, cy), radius = circle
            corners = [(box.x0, box.y0), (box.x0, box.y1), (box.x1, box.y0), (box.x1, box.y1)]
            if max(math.hypot(x - cx, y - cy) for x, y in corners) > radius:
                problems.append(f"household member {actor} is not inside the household circle")
        if role == "household" and circle is None:
            problems.append(f"{actor} is a household member but there is no household circle")
    for line in ax.lines:
        gid = line.get_gid() or ""
        if not gid.startswith("edge:"):
            continue
        _, a, b = gid.split(":")[:3]
        xy = ax.transData.transform(list(zip(line.get_xdata(), line.get_ydata())))
        start, end = tuple(xy[0]), tuple(xy[-1])
        for other, (box, _role) in nodes.items():
            if other in (a, b):
                continue
            centre = ((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2)
            if draw._segment_distance(centre, start, end) < max(box.width, box.height) / 2:
                problems.append(f"the line {a}–{b} runs through the node of {other}")
    texts = [(t.get_gid(), t.get_window_extent(renderer)) for t in ax.texts
             if (t.get_gid() or "").startswith(("name:", "relation_label:", "household_label")) and t.get_text()]
    for i, (gid, box) in enumerate(texts):
        for other_gid, other in texts[i + 1:]:
            if _boxes_overlap(box, other):
                problems.append(f"{gid} overlaps {other_gid}")
        for actor, (node_box, _role) in nodes.items():
            if _boxes_overlap(box, node_box):
                problems.append(f"{gid} overlaps the node of {actor}")
    return problems


def test_the_delinquent_youth_household_holds_the_teenager():
    members = draw.household_members(swedu.load_scenario("delinquent-youth"))
    assert members == ["parents", "teen"]
    fig = draw.ecomap(swedu.load_scenario("delinquent-youth"))
    gids = {p.get_gid() for p in fig.axes[0].patches}
    assert {"household", "node:parents:centre", "node:teen:household"} <= gids


def test_a_relative_elsewhere_is_drawn_outside_the_household():
    """Kinship ties (relatives living elsewhere) stay outside; family ties (living together) are inside."""
    members = draw.household_members(swedu.load_scenario("old-man-and-brother"))
    assert "brother" not in members


def test_the_ecomap_measures_catch_a_bad_drawing():
    """Guard against a measure that cannot fail: a line through a node, overlapping labels, a member outside."""
    case = swedu.load_scenario("delinquent-youth")
    fig = draw.ecomap(case)
    ax = fig.axes[0]
    nodes = {p.get_gid().split(":")[1]: p for p in ax.patches if (p.get_gid() or "").startswith("node:")}
    # A line from the worker straight through the agency and on to the gang's node.
    worker, gang = nodes["worker"], nodes["gang"]
    agency = nodes["agency"]
    wx, wy = worker.center
    ax_, ay = agency.get_bbox().x0 + agency.get_bbox().width / 2, agency.get_bbox().y0 + agency.get_bbox().height / 2
    far = (wx + (ax_ - wx) * 2, wy + (ay - wy) * 2)
    line = Line2D([wx, far[0]], [wy, far[1]])
    line.set_gid("edge:worker:nowhere:strong:1")
    ax.add_line(line)
    # A label printed over another, and a member moved out of the household.
    names = [t for t in ax.texts if (t.get_gid() or "").startswith("name:")]
    names[1].set_position(names[0].get_position())
    names[1].set_ha(names[0].get_ha())
    names[1].set_va(names[0].get_va())
    nodes["teen"].set_center((5.0, 5.0))
    problems = " ".join(measure(fig))
    assert "runs through the node of agency" in problems
    assert f"{names[1].get_gid()} overlaps {names[0].get_gid()}" in problems or \
        f"{names[0].get_gid()} overlaps {names[1].get_gid()}" in problems
    assert "household member teen is not inside the household circle" in problems


def test_the_layout_is_deterministic():
    case = swedu.load_scenario("street-children")
    assert draw.ecomap_layout(case) == draw.ecomap_layout(case)
