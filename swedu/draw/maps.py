"""The three figures of a case: the system map, Hartman's ecomap and the approach map.

Each reads the case through its networkx graph and returns a :class:`matplotlib.figure.Figure` not
registered with ``pyplot``. The system map is its ground (lines, shapes, names, title, legend) and its
marks (badges, "–", verdicts), so that :mod:`swedu.draw.after_check` can keep the one and lay the other.

>>> import swedu
>>> fig = approach_map(swedu.load_scenario("delinquent-youth"), "monolistic", {"actors": {"teen"}})
>>> [m.get_gid() for m in fig.axes[0].texts if (m.get_gid() or "").startswith("addressed:")]
['addressed:teen']
"""
from __future__ import annotations

import math
from collections.abc import Mapping

from matplotlib.figure import Figure
from matplotlib.patches import Circle

from swedu.assess import Feedback
from swedu.draw.labels import _Placer, _renderer
from swedu.draw.geometry import _NODE_R, _label_order, _relations, ecomap_layout, household_members, layout
from swedu.draw.legend import _legend
from swedu.draw.style import (_EDGE_COLOUR, _FONT, _HIGHLIGHT, _NAME_BOX, _NODE_FACE, _axes_for, _badge_marks,
                              _describe, _font_for, _label, _node, _plain_text, _prepare, _put, _relation)
from swedu.i18n import t


@_plain_text
def system_map(scenario, stage=None, feedback: Feedback | None = None, ax=None) -> Figure:
    """The person-in-environment graph of one stage with the four systems marked.

    Drawn from ``scenario.graph(stage)``. Without ``feedback`` the badges show the
    answer key of the stage (for lecturers and for the end of an activity). With a
    finished :class:`swedu.Feedback` (``scenario.assess(answer, stage)``; its stage
    is the one drawn) the badges show the learner's choices and every actor carries
    its verdict as an icon and words, so mistakes are marked without revealing the
    roles not yet tried. Drawing never grades.

    >>> import swedu
    >>> youth = swedu.load_scenario("delinquent-youth")
    >>> fig = system_map(youth, "reassessment")
    >>> sorted(a.get_text() for a in fig.axes[0].texts if (a.get_gid() or "").startswith("badge:parents"))
    ['AC', 'T']
    >>> fig = system_map(youth, feedback=youth.assess({"parents": "client"}))
    >>> [a.get_gid() for a in fig.axes[0].texts if (a.get_gid() or "").startswith("verdict:parents")]
    ['verdict:parents:correct']
    """
    graph = scenario.graph(_stage_of(scenario, stage, feedback))
    fig, ax, legend_ax = _axes_for(ax)
    pos = _system_map_ground(scenario, graph, ax, legend_ax, marks=feedback is not None)
    for mark in _system_map_marks(graph, pos, feedback):
        _put(ax, mark)
    stage = scenario.stage(graph.graph["stage"])
    return _describe(fig, t("draw.alt.answer_map" if feedback is not None else "draw.alt.system_map",
                            scenario=str(scenario.title), stage=str(stage.title), actors=graph.number_of_nodes(),
                            relations=graph.number_of_edges()))


def _stage_of(scenario, stage, feedback) -> str:
    """The id of the stage a map shows: ``feedback``'s (which must be a finished Feedback), else ``stage``."""
    if feedback is None:
        return scenario.stage(stage).id
    if not isinstance(feedback, Feedback):
        raise TypeError(t("draw.error.not_feedback", given=type(feedback).__name__))
    return feedback.stage.id


def _system_map_ground(scenario, graph, ax, legend_ax, *, marks: bool) -> dict:
    """What a system map shows whatever the answer: lines, shapes, names, title and legend.

    Returns the positions of the actors.
    """
    pos = _system_map_picture(scenario, graph, ax, marks=marks)
    _legend(legend_ax, marks=marks)
    return pos


def _system_map_picture(scenario, graph, ax, *, marks: bool) -> dict:
    """The ground of a system map but its legend; returns the positions of the actors."""
    pos = layout(graph)
    _prepare(ax, pos)
    size = _font_for(graph.number_of_nodes())
    for source, target, r in _relations(graph):
        _relation(ax, pos[source], pos[target], r["quality"], r["strength"], r["direction"],
                  f"edge:{source}:{target}:{r['quality']}:{r['strength']}")
    for actor_id, actor in graph.nodes(data=True):
        xy = pos[actor_id]
        collective = actor["collective"]
        _node(ax, xy, collective, f"node:{actor_id}:{'collective' if collective else 'person'}")
        name = ax.text(xy[0], xy[1] - _NODE_R * 1.3, _label(actor["name"]), ha="center", va="top",
                       fontsize=size, zorder=5, bbox=_NAME_BOX)
        name.set_gid(f"name:{actor_id}")
    stage = scenario.stage(graph.graph["stage"])
    key = "draw.answer_map_title" if marks else "draw.system_map_title"
    ax.set_title(t(key, scenario=str(scenario.title), stage=str(stage.title)), fontsize=_FONT + 3,
                 fontweight="bold", loc="left")
    return pos


def _system_map_marks(graph, pos, feedback: Feedback | None) -> list:
    """What changes with the answer: badges (the key's or the learner's), "–" for none, and verdicts.

    Marks are ``(gid, x, y, text, text options)`` in drawing order (all above the ground).
    """
    size = _font_for(graph.number_of_nodes())
    marks = []
    verdict_marks = []
    for actor_id, actor in graph.nodes(data=True):
        xy = pos[actor_id]
        held = actor["systems"] if feedback is None else feedback.verdicts[actor_id].given
        marks += _held_marks(actor_id, xy, held, size)
        if feedback is not None:
            verdict_marks.append(_verdict_mark(actor_id, xy, feedback.verdicts[actor_id].status, size))
    # Badges (zorder 6) lie under every verdict (zorder 7), as in a figure drawn whole.
    return marks + verdict_marks


def _held_marks(actor_id: str, xy, held, size: float) -> list:
    """The badges of the systems an actor holds (or is given), or a "–" when none."""
    if held:
        return _badge_marks(xy, held, actor_id, size)
    return [(f"nobadge:{actor_id}", xy[0], xy[1], "–",
             {"ha": "center", "va": "center", "fontsize": size, "color": "#555555", "zorder": 5})]


def _verdict_mark(actor_id: str, xy, status: str, size: float) -> tuple:
    """An actor's verdict above its node: the icon, and the words unless it is correct."""
    gid = f"verdict:{actor_id}:{status}"
    if status != "correct":
        words = f"{t(f'verdict.{status}.icon')} {t(f'verdict.{status}.label')}"
        return (gid, xy[0], xy[1] + _NODE_R * 1.25, words, {
            "ha": "center", "va": "bottom", "fontsize": size - 1, "fontweight": "bold", "zorder": 7,
            "bbox": {"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "black",
                     "linewidth": 1.0, "linestyle": "-"}})
    return (gid, xy[0], xy[1] + _NODE_R * 1.25, t(f"verdict.{status}.icon"), {
        "ha": "center", "va": "bottom", "fontsize": size, "fontweight": "bold", "zorder": 7})


@_plain_text
def ecomap(scenario, stage=None, ax=None) -> Figure:
    """Hartman's ecomap: the household circle in the centre, the surrounding systems around it.

    The household members (see :func:`household_members`) are drawn inside the circle;
    relations use the course legend (solid strong, thicker stronger, dashed tenuous,
    zigzag stressful, arrows for the flow of energy or resources). Hartman drew spokes
    from the centre only; links between outer systems are the modern extension and are
    drawn too. The layout (:func:`ecomap_layout`) keeps lines off the nodes they do not
    join, and every name and relation label is placed where it covers no node and no
    other text. ``stage`` only chooses the title's stage (relations do not change
    between stages).

    >>> import swedu
    >>> fig = ecomap(swedu.load_scenario("delinquent-youth"))
    >>> [a.get_gid() for a in fig.axes[0].patches if (a.get_gid() or "").startswith("node:")][:3]
    ['node:worker:outer', 'node:agency:outer', 'node:parents:centre']
    """
    graph = scenario.graph(stage)  # a clear error for an unknown stage
    fig, ax, legend_ax = _axes_for(ax)
    pos, circle = ecomap_layout(graph)
    _prepare(ax, pos)
    members = household_members(graph)
    size = _font_for(graph.number_of_nodes())
    alone = circle == 0.0
    centre = members[0]

    def radius(actor_id):
        return _NODE_R * (1.5 if alone and actor_id == centre else 1.0)

    if not alone:
        home = Circle((0.0, 0.0), circle, facecolor="#FFFBF0", edgecolor="#222222", linewidth=3.0, zorder=1)
        home.set_gid("household")
        ax.add_patch(home)
    nodes = {}
    for actor_id, actor in graph.nodes(data=True):
        is_centre = actor_id == centre
        role = "centre" if is_centre else ("household" if actor_id in members else "outer")
        big = alone and is_centre
        nodes[actor_id] = _node(ax, pos[actor_id], actor["collective"], f"node:{actor_id}:{role}",
                                face="#FFFFFF" if big else _NODE_FACE, lw=3.0 if big else 1.6, r=radius(actor_id))
    relations = list(_relations(graph))
    for source, target, r in relations:
        _relation(ax, pos[source], pos[target], r["quality"], r["strength"], r["direction"],
                  f"edge:{source}:{target}:{r['quality']}:{r['strength']}", radii=(radius(source), radius(target)))
    ax.apply_aspect()
    placer = _Placer(ax, _renderer(fig))
    for patch in nodes.values():
        placer.block(patch)
    for source, target, _r in relations:
        placer.avoid_line(pos[source], pos[target])
    for actor_id, actor in graph.nodes(data=True):
        (x, y), r = pos[actor_id], radius(actor_id)
        big = alone and actor_id == centre
        text = ax.text(x, y, _label(actor["name"], 16 if actor_id in members and not alone else 18, lines=4),
                       fontsize=size + (1 if big else 0), fontweight="bold" if big else "normal",
                       zorder=5, bbox=_NAME_BOX, linespacing=1.0)
        text.set_gid(f"name:{actor_id}")
        gap = r + 0.02
        placer.put(text, [(x, y - gap, "center", "top"), (x, y + gap, "center", "bottom"),
                          (x + gap, y, "left", "center"), (x - gap, y, "right", "center"),
                          (x + gap * 0.8, y - gap * 0.8, "left", "top"), (x - gap * 0.8, y - gap * 0.8, "right", "top"),
                          (x + gap * 0.8, y + gap * 0.8, "left", "bottom"), (x - gap * 0.8, y + gap * 0.8, "right", "bottom")])
    if not alone:
        caption = ax.text(0.0, circle, t("draw.household"), fontsize=size - 1, style="italic", zorder=5,
                          color="#333333", bbox=_NAME_BOX)
        caption.set_gid("household_label")
        places = []
        for degrees in (90, 270, 60, 120, 300, 240, 30, 150, 330, 210):
            a = math.radians(degrees)
            x, y = (circle + 0.015) * math.cos(a), (circle + 0.015) * math.sin(a)
            ha = "center" if abs(x) < 0.05 else ("left" if x > 0 else "right")
            va = "bottom" if y > 0.05 else ("top" if y < -0.05 else "center")
            places.append((x, y, ha, va))
        places += [(0.0, circle - 0.02, "center", "top"), (0.0, -circle + 0.02, "center", "bottom")]
        placer.put(caption, places)
    for source, target, r in _label_order(relations, pos):
        (x0, y0), (x1, y1) = pos[source], pos[target]
        label = ax.text((x0 + x1) / 2, (y0 + y1) / 2, _label(r["label"], 22), fontsize=size - 2, style="italic",
                        zorder=5, linespacing=1.0,
                        bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"})
        label.set_gid(f"relation_label:{source}:{target}")
        along = [0.5, 0.38, 0.62, 0.28, 0.72, 0.2, 0.8]
        length = math.hypot(x1 - x0, y1 - y0) or 1.0
        nx, ny = -(y1 - y0) / length, (x1 - x0) / length
        places = [(x0 + (x1 - x0) * u, y0 + (y1 - y0) * u, "center", "center") for u in along]
        places += [(x0 + (x1 - x0) * u + sx * nx, y0 + (y1 - y0) * u + sx * ny, "center", "center")
                   for sx in (0.07, -0.07, 0.13, -0.13) for u in along]
        placer.put(label, places)
    ax.set_title(t("draw.ecomap_title", scenario=graph.graph["title"]), fontsize=_FONT + 3,
                 fontweight="bold", loc="left")
    _legend(legend_ax, systems=False)
    return _describe(fig, ecomap_alt(graph))


def ecomap_alt(case) -> str:
    """What an ecomap of ``case`` (a :class:`swedu.Scenario` or its graph) shows, in words: who is in the
    household, who is around it, and how many ties of each quality join them (in the current language).

    >>> import swedu
    >>> print(ecomap_alt(swedu.load_scenario("delinquent-youth")))  # doctest: +ELLIPSIS +NORMALIZE_WHITESPACE
    Ecomap of Dimas and his parents: in the household circle, Mr and Mrs Hartono, Dimas; around it, ...
    Ties: 7 (3 strong, 3 tenuous, 1 stressful).
    """
    graph = case if hasattr(case, "adj") else case.graph()
    members = household_members(graph)
    qualities = [r["quality"] for _s, _t, r in _relations(graph)]
    names = graph.nodes
    return t("draw.alt.ecomap", scenario=graph.graph["title"],
             household=", ".join(str(names[a]["name"]) for a in members),
             outside=", ".join(str(names[a]["name"]) for a in graph.nodes if a not in members) or "-",
             ties=len(qualities), strong=qualities.count("strong"), tenuous=qualities.count("tenuous"),
             stressful=qualities.count("stressful"))


@_plain_text
def approach_map(scenario, approach: str, addressed: Mapping, ax=None) -> Figure:
    """One case graph with what an approach addresses highlighted (colour, hatch and a ◆ mark).

    ``addressed`` is ``{"actors": set of ids, "relations": set of (a, b) pairs}``, as
    computed by :func:`swedu.activities.approach_scope`. The case is drawn from its graph.
    """
    graph = scenario.graph()
    fig, ax, legend_ax = _axes_for(ax)
    pos = layout(graph)
    _prepare(ax, pos)
    size = _font_for(graph.number_of_nodes())
    actors = set(addressed.get("actors", ()))
    pairs = {frozenset(p) for p in addressed.get("relations", ())}
    for source, target, r in _relations(graph):
        inside = frozenset((source, target)) in pairs
        _relation(ax, pos[source], pos[target], r["quality"], r["strength"], r["direction"],
                  f"edge:{source}:{target}:{'addressed' if inside else 'outside'}",
                  colour=_EDGE_COLOUR if inside else "#AAAAAA", alpha=1.0 if inside else 0.6)
    for actor_id, actor in graph.nodes(data=True):
        xy = pos[actor_id]
        inside = actor_id in actors
        patch = _node(ax, xy, actor["collective"], f"node:{actor_id}:{'addressed' if inside else 'outside'}",
                      face=_HIGHLIGHT if inside else _NODE_FACE, edge="black" if inside else "#999999",
                      lw=2.6 if inside else 1.2)
        if inside:
            patch.set_hatch("///")
            mark = ax.text(xy[0], xy[1] + _NODE_R * 1.25, t("draw.addressed_mark"), ha="center",
                           va="bottom", fontsize=size - 1, fontweight="bold", zorder=7)
            mark.set_gid(f"addressed:{actor_id}")
        text = ax.text(xy[0], xy[1] - _NODE_R * 1.3, _label(actor["name"]), ha="center", va="top",
                       fontsize=size, zorder=5, color="black" if inside else "#555555", bbox=_NAME_BOX)
        text.set_gid(f"name:{actor_id}")
    ax.set_title(t("draw.approach_title", approach=t(f"approach.{approach}.name").capitalize(),
                   scenario=str(scenario.title)), fontsize=_FONT + 3, fontweight="bold", loc="left")
    _legend(legend_ax, systems=False, approach=True)
    return _describe(fig, t("draw.alt.approach_map", approach=t(f"approach.{approach}.name").capitalize(),
                            scenario=str(scenario.title), addressed=len(actors & set(graph.nodes)),
                            actors=graph.number_of_nodes()))

