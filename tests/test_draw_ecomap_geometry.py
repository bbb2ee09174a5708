"""Every built-in ecomap reads cleanly, measured on the drawn figure.

For every built-in case (the library, ``my-scenarios`` and the exercises' case), every stage
and both languages: the household members are drawn inside the household circle, no relation
line runs through a node that is not one of its ends, and no name or relation label overlaps
another text or a node. Sizes come from the renderer (text bounding boxes in pixels), so a
longer Indonesian name that would collide is caught.
"""
from __future__ import annotations

import math
from pathlib import Path

import matplotlib
import matplotlib.style
import pytest
from matplotlib.lines import Line2D

import swedu
from swedu import draw

ROOT = Path(__file__).resolve().parents[1]
CASES = [str(p) for p in sorted([*(ROOT / "swedu" / "scenarios" / "data").glob("*.yaml"),
                                 *(ROOT / "my-scenarios").glob("*.yaml"), *(ROOT / "swedu" / "exercises").glob("*.yaml")])]
TOUCH = 1.0  # pixels: boxes that share less than this in width or height do not overlap


def _case_id(ref: str) -> str:
    return Path(ref).stem


def _boxes_overlap(a, b) -> bool:
    return min(a.x1, b.x1) - max(a.x0, b.x0) > TOUCH and min(a.y1, b.y1) - max(a.y0, b.y0) > TOUCH


def measure(fig):
    """(members outside the circle, lines through nodes, overlapping labels) of one drawn ecomap."""
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


@pytest.mark.parametrize("language", ["en", "id"])
@pytest.mark.parametrize("ref", CASES, ids=[_case_id(c) for c in CASES])
def test_ecomap_reads_cleanly_in_every_stage(ref, language):
    swedu.set_language(language)
    try:
        case = swedu.load_scenario(ref)
        for stage in case.stages:
            with matplotlib.style.context("default"):
                fig = draw.ecomap(case, stage.id)
            problems = measure(fig)
            assert not problems, f"{case.id} ({language}, {stage.id}): " + "; ".join(problems)
    finally:
        swedu.set_language("en")


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


def test_the_measures_catch_a_bad_drawing():
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
