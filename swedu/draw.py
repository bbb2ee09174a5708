"""Figures of a case: the system map, Hartman's ecomap and the approach map.

This is the only module of swedu that imports matplotlib. Every function returns a
:class:`matplotlib.figure.Figure` that is not registered with ``pyplot`` (so widgets
never leak open figures); a notebook shows it as a PNG. Labels follow
:func:`swedu.set_language`.

One legend serves the whole course and is always drawn beside the map:

* the four systems: Okabe-Ito colour **and** a letter badge (CA, CL, T, AC; in
  Bahasa Indonesia PP, KL, S, KG), so the map reads in greyscale and for
  colour-blind viewers; an actor holding several systems shows several badges;
* persons are circles, collectives (families, groups, organisations,
  communities, institutions) are rounded squares;
* relations: solid = strong, thicker = stronger, dashed = tenuous, zigzag =
  stressful (never dashed for "negative": dashed means tenuous), arrow heads =
  direction of energy or resources (both ends: reciprocal).

Every figure reads the case through its networkx graph, :meth:`swedu.Scenario.graph`
(nodes are actors with their systems in a stage, edges are relations): the graph the
course tells students about is the one behind the pictures. Drawing never grades: a
map of an answer is drawn from a finished :class:`swedu.Feedback`.

The layout is deterministic: the centre actor in the middle, the others on one or
two rings in depth-first order from the centre, so the same case always gives
the same picture. Because it never changes between checks, :func:`system_map_png`
draws the unchanging ground of a map (lines, shapes, names, title, legend) once per
case, stage, language and resolution, and after that only the badges and verdicts.

>>> import swedu
>>> from swedu.draw import system_map, png_bytes
>>> fig = system_map(swedu.load_scenario("delinquent-youth"))
>>> fig
<Figure size 1300x800 with 2 Axes>
>>> png_bytes(fig)[:4]
b'\\x89PNG'
"""
from __future__ import annotations

import functools
import io
import math
import struct
import textwrap
import threading
import weakref
import zlib
from collections.abc import Mapping

import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
import matplotlib.text
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch, Rectangle
from matplotlib.transforms import Bbox

from swedu.assess import STATUSES, Feedback
from swedu.i18n import get_language, t
from swedu.systems import SYSTEM_IDS

__all__ = ["SYSTEM_COLOURS", "approach_map", "ecomap", "ecomap_layout", "household_members", "layout",
           "png_bytes", "prepare_system_map", "system_map", "system_map_layers", "system_map_png"]

# Okabe & Ito (2008), a palette that colour-blind viewers can tell apart.
SYSTEM_COLOURS = {
    "change_agent": "#0072B2",  # blue
    "client": "#E69F00",  # orange
    "target": "#D55E00",  # vermillion
    "action": "#009E73",  # bluish green
}
_BADGE_TEXT = {"change_agent": "white", "client": "black", "target": "black", "action": "black"}
_NODE_FACE = "#F4F4F4"
_EDGE_COLOUR = "#333333"
_HIGHLIGHT = "#CC79A7"  # reddish purple (Okabe-Ito) for the approach map
_NODE_R = 0.085
_FONT = 11
_NAME_BOX = {"boxstyle": "round,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.85}

matplotlib.rcParams.setdefault("svg.hashsalt", "swedu")


def plain_text(figure: Figure) -> Figure:
    """Every text of ``figure`` drawn exactly as written: a ``$`` in a case ("earns $5 a day, owes $10")
    is a dollar sign, never the start of mathematics (which could also fail to draw at all).

    >>> from matplotlib.figure import Figure
    >>> fig = Figure(); _ = fig.text(0, 0, r"$\\undefinedcmd{x}$ costs $5")
    >>> len(png_bytes(plain_text(fig))) > 0
    True
    """
    for text in figure.findobj(matplotlib.text.Text):
        text.set_parse_math(False)
    return figure


def _plain_text(function):
    """Decorator: the figure ``function`` makes shows its texts as plain text (see :func:`plain_text`)."""

    @functools.wraps(function)
    def drawn(*args, **kwargs):
        with matplotlib.rc_context({"text.parse_math": False}):
            return plain_text(function(*args, **kwargs))

    return drawn


def _label(text: str, width: int = 18, lines: int = 3) -> str:
    return "\n".join(textwrap.wrap(str(text), width=width)[:lines]) or str(text)


# ----- layout ---------------------------------------------------------------------------------
def _case_graph(case):
    """The graph of ``case`` (a :class:`swedu.Scenario`, or already its graph)."""
    return case if hasattr(case, "adj") else case.graph()


def layout(case, centre: str | None = None) -> dict:
    """Positions ``{actor_id: (x, y)}``: the centre actor at (0, 0), the others on rings.

    ``case`` is a :class:`swedu.Scenario` or its graph (:meth:`swedu.Scenario.graph`).
    Actors are ordered depth-first from the centre through the graph's edges (ties
    in the order of the scenario file), so each actor's contacts sit beside it, and
    spread evenly: up to 12 on one ring, more alternate between two rings.
    No randomness, so a case always gives the same picture.

    >>> import swedu
    >>> pos = layout(swedu.load_scenario("delinquent-youth"))
    >>> pos["parents"]
    (0.0, 0.0)
    """
    graph = _case_graph(case)
    ids = list(graph.nodes)
    rank = {a: i for i, a in enumerate(ids)}
    default = graph.graph.get("centre")
    centre = centre if centre in rank else (default if default in rank else ids[0])
    order: list[str] = []
    seen = {centre}

    def visit(current):
        # Depth-first: an actor's own contacts sit next to it on the ring, so lines stay short.
        for other in sorted(graph.adj[current], key=rank.__getitem__):
            if other not in seen:
                seen.add(other)
                order.append(other)
                visit(other)

    visit(centre)
    order += [a for a in ids if a not in seen]
    pos = {centre: (0.0, 0.0)}
    count = max(len(order), 1)
    two_rings = len(order) > 12
    for i, actor in enumerate(order):
        inner = i % 2 == 0 and not (count % 2 and i == count - 1)  # the ring closes outer-to-inner
        radius = (0.72 if inner else 1.12) if two_rings else 1.0
        angle = math.pi / 2 - 2 * math.pi * i / count
        pos[actor] = (round(radius * math.cos(angle), 6), round(radius * math.sin(angle), 6))
    return pos


def _relations(graph):
    """``(source, target, data)`` for every edge of a case graph, in the direction the case file gives."""
    for a, b, data in graph.edges(data=True):
        source = data.get("source", a)
        yield source, (b if source == a else a), data


# ----- drawing pieces -------------------------------------------------------------------------
def _node(ax, xy, collective: bool, gid: str, face=_NODE_FACE, edge="#222222", lw=1.6, r=_NODE_R):
    x, y = xy
    if collective:
        patch = FancyBboxPatch((x - r * 0.85, y - r * 0.85), 1.7 * r, 1.7 * r,
                               boxstyle=f"round,pad={r * 0.15},rounding_size={r * 0.35}",
                               facecolor=face, edgecolor=edge, linewidth=lw, zorder=3)
    else:
        patch = Circle((x, y), r, facecolor=face, edgecolor=edge, linewidth=lw, zorder=3)
    patch.set_gid(gid)
    ax.add_patch(patch)
    return patch


def _badge_mark(x, y, system: str, gid: str, size: float = _FONT) -> tuple:
    """A system badge as a mark ``(gid, x, y, text, text options)``; :func:`_put` draws it."""
    return (gid, x, y, t(f"system.{system}.badge"),
            {"ha": "center", "va": "center", "fontsize": size, "fontweight": "bold", "color": _BADGE_TEXT[system],
             "zorder": 6, "bbox": {"boxstyle": "round,pad=0.25", "facecolor": SYSTEM_COLOURS[system],
                                   "edgecolor": "black", "linewidth": 1.0}})


def _put(ax, mark: tuple):
    """Draw one mark ``(gid, x, y, text, text options)`` as a text artist with that gid (plain text, see
    :func:`plain_text`)."""
    gid, x, y, words, options = mark
    text = ax.text(x, y, words, parse_math=False, **options)
    text.set_gid(gid)
    return text


def _badge(ax, x, y, system: str, gid: str, size: float = _FONT):
    return _put(ax, _badge_mark(x, y, system, gid, size))


def _badge_marks(xy, systems, actor_id: str, size: float = _FONT) -> list:
    chosen = [s for s in SYSTEM_IDS if s in systems]
    step = 0.075 * size / _FONT
    x0 = xy[0] - step * (len(chosen) - 1) / 2
    return [_badge_mark(x0 + i * step, xy[1], s, f"badge:{actor_id}:{s}", size) for i, s in enumerate(chosen)]


def _zigzag(p0, p1, amplitude=0.018, step=0.045):
    (x0, y0), (x1, y1) = p0, p1
    length = math.hypot(x1 - x0, y1 - y0)
    if length == 0:
        return [x0, x1], [y0, y1]
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    nx, ny = -uy, ux
    teeth = max(int(length / step), 2)
    xs, ys = [x0], [y0]
    for i in range(1, teeth):
        d = length * i / teeth
        sign = 1 if i % 2 else -1
        xs.append(x0 + ux * d + nx * amplitude * sign)
        ys.append(y0 + uy * d + ny * amplitude * sign)
    xs.append(x1)
    ys.append(y1)
    return xs, ys


def _shrink(p0, p1, by0, by1):
    (x0, y0), (x1, y1) = p0, p1
    length = math.hypot(x1 - x0, y1 - y0) or 1.0
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    return (x0 + ux * by0, y0 + uy * by0), (x1 - ux * by1, y1 - uy * by1)


def _line_width(strength: int) -> float:
    return {1: 1.4, 2: 2.6, 3: 4.2}.get(int(strength), 2.6)


def _relation(ax, p0, p1, quality: str, strength: int, direction: str, gid: str, colour=_EDGE_COLOUR,
              alpha=1.0, radii=(_NODE_R, _NODE_R)):
    """One relation in the course legend's style; returns the line artist."""
    a, b = _shrink(p0, p1, radii[0] * 1.15, radii[1] * 1.15)
    lw = _line_width(strength)
    if quality == "stressful":
        xs, ys = _zigzag(a, b)
        line = Line2D(xs, ys, color=colour, linewidth=min(lw, 2.2), linestyle="-", zorder=2, alpha=alpha)
    else:
        line = Line2D([a[0], b[0]], [a[1], b[1]], color=colour, linewidth=lw, zorder=2, alpha=alpha,
                      linestyle="--" if quality == "tenuous" else "-")
    line.set_gid(gid)
    ax.add_line(line)
    heads = []
    if direction in ("forward", "both"):
        heads.append((a, b))
    if direction in ("backward", "both"):
        heads.append((b, a))
    for start, end in heads:
        tail = (start[0] + (end[0] - start[0]) * 0.8, start[1] + (end[1] - start[1]) * 0.8)
        arrow = FancyArrowPatch(tail, end, arrowstyle="-|>", mutation_scale=22, color=colour,
                                linewidth=1.2, zorder=4, alpha=alpha, shrinkA=0, shrinkB=0)
        arrow.set_gid(gid.replace("edge:", "arrow:", 1))
        ax.add_patch(arrow)
    return line


def _legend(ax, *, systems: bool = True, marks: bool = False, approach: bool = False):
    """The course-wide legend, drawn as text and sample artists (all searchable by gid)."""
    ax.set_axis_off()
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_gid("legend")
    rows = []
    n_rows = 12 + (5 if systems else 0) + (6 if marks else 0) + (2 if approach else 0)
    step = min(0.05, 0.9 / n_rows)
    y = 0.97
    title = ax.text(0.0, y, t("draw.legend.title"), fontsize=_FONT + 3, fontweight="bold", va="top")
    title.set_gid("legend:title")
    y -= step * 1.4

    def head(key):
        nonlocal y
        ax.text(0.0, y, t(key), fontsize=_FONT, fontweight="bold", va="center")
        y -= step

    def row(gid, label):
        """One legend row; long labels wrap onto a second line. Returns the row's centre height."""
        nonlocal y
        lines = textwrap.wrap(str(label), width=30) or [str(label)]
        extra = 0.55 * step * (len(lines) - 1)
        centre = y - extra / 2
        text = ax.text(0.26, centre, "\n".join(lines), fontsize=_FONT - 1, va="center", linespacing=1.0)
        text.set_gid(gid)
        rows.append(text)
        y -= step + extra
        return centre

    if systems:
        head("draw.legend.systems")
        for s in SYSTEM_IDS:
            yy = row(f"legend:system:{s}", t(f"system.{s}.name"))
            _badge(ax, 0.1, yy, s, f"legend:badge:{s}", size=_FONT - 1)
        y -= step * 0.2
    head("draw.legend.shapes")
    yy = row("legend:person", t("draw.legend.person"))
    ax.add_line(Line2D([0.1], [yy], marker="o", markersize=16, markerfacecolor=_NODE_FACE,
                       markeredgecolor="#222222", markeredgewidth=1.4, linestyle="none"))
    yy = row("legend:collective", t("draw.legend.collective"))
    ax.add_line(Line2D([0.1], [yy], marker="s", markersize=15, markerfacecolor=_NODE_FACE,
                       markeredgecolor="#222222", markeredgewidth=1.4, linestyle="none"))
    y -= step * 0.2
    head("draw.legend.lines")
    samples = [("strong", "strong", 1), ("stronger", "strong", 3), ("tenuous", "tenuous", 2),
               ("stressful", "stressful", 2)]
    for key, quality, strength in samples:
        yy = row(f"legend:{key}", t(f"draw.legend.{key}"))
        if quality == "stressful":
            xs, ys = _zigzag((0.02, yy), (0.2, yy), amplitude=0.012, step=0.03)
            ax.add_line(Line2D(xs, ys, color=_EDGE_COLOUR, linewidth=2.0))
        else:
            ax.add_line(Line2D([0.02, 0.2], [yy, yy], color=_EDGE_COLOUR, linewidth=_line_width(strength),
                               linestyle="--" if quality == "tenuous" else "-"))
    yy = row("legend:arrow", t("draw.legend.arrow"))
    ax.add_patch(FancyArrowPatch((0.02, yy), (0.2, yy), arrowstyle="-|>", mutation_scale=18,
                                 color=_EDGE_COLOUR, linewidth=1.4))
    if marks:
        y -= step * 0.2
        head("draw.legend.answer")
        for status in ("correct", "missing", "extra", "wrong", "not_answered"):
            row(f"legend:verdict:{status}", f"{t(f'verdict.{status}.icon')}  {t(f'verdict.{status}.label')}")
    if approach:
        y -= step * 0.2
        yy = row("legend:addressed", t("draw.legend.addressed"))
        ax.add_patch(Rectangle((0.06, yy - 0.015), 0.08, 0.03, facecolor=_HIGHLIGHT, edgecolor="black",
                               hatch="///"))
        yy = row("legend:not_addressed", t("draw.legend.not_addressed"))
        ax.add_patch(Rectangle((0.06, yy - 0.015), 0.08, 0.03, facecolor=_NODE_FACE, edgecolor="#999999"))
    return rows


def _new_figure(width=13.0, height=8.0):
    fig = Figure(figsize=(width, height), dpi=100)
    ax = fig.add_axes((0.01, 0.02, 0.68, 0.9))
    legend_ax = fig.add_axes((0.71, 0.02, 0.28, 0.9))
    return fig, ax, legend_ax


def _prepare(ax, pos):
    ax.set_axis_off()
    ax.set_aspect("equal")
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    pad = 0.32
    ax.set_xlim(min(xs) - pad, max(xs) + pad)
    ax.set_ylim(min(ys) - pad, max(ys) + pad)


def _axes_for(ax):
    if ax is None:
        return _new_figure()
    fig = ax.figure
    legend_ax = ax.inset_axes((1.02, 0.0, 0.4, 1.0))
    return fig, ax, legend_ax


def _font_for(n_actors: int) -> float:
    return _FONT if n_actors <= 14 else _FONT - 2


# ----- public figures ---------------------------------------------------------------------------
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
    return fig


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
    _legend(legend_ax, marks=marks)
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


def _likely_marks(graph, pos) -> list:
    """The marks a first check most often shows, most likely first: per actor "–" and "not answered",
    one badge of each system, then the other verdicts (two or more badges on one actor are drawn when
    first asked for: a few milliseconds each)."""
    size = _font_for(graph.number_of_nodes())
    first, singles, verdicts = [], [], []
    for actor_id in graph.nodes:
        xy = pos[actor_id]
        first += _held_marks(actor_id, xy, (), size) + [_verdict_mark(actor_id, xy, "not_answered", size)]
        singles += [mark for s in SYSTEM_IDS for mark in _held_marks(actor_id, xy, (s,), size)]
        verdicts += [_verdict_mark(actor_id, xy, status, size) for status in STATUSES if status != "not_answered"]
    return first + singles + verdicts


# ----- the map a learner waits for after Check ------------------------------------------------------
class _MapGround:
    """The unchanging layer of one system map at one resolution, and the marks drawn on it so far.

    The ground (lines, shapes, names, title, legend) is rendered once. Each mark (a badge,
    a "–", a verdict) is rendered once, alone on a transparent canvas with the same axes,
    and kept as a small RGBA sprite with its pixel position. A map is the ground with its
    marks laid over it in drawing order ("over" compositing), which gives the pixels of
    the figure drawn whole (to anti-aliasing rounding: at most 2 of 255 per channel).

    The PNG is encoded the same way: its image data is one deflate stream made of
    independently compressed bands of rows (each ends with a full flush, so no band refers
    to another), so the bands of the ground are compressed once and only the bands that
    marks cover are compressed again.
    """

    BAND = 16
    """Rows per band. Fewer flushes make a smaller PNG (16 rows: about 110 kB for a 1248 x 768 map, against
    145 kB with one row per band and 95 kB for one stream) and, measured, a faster check than 1, 8 or 32 rows."""

    def __init__(self, scenario, stage, *, marks: bool, dpi: int):
        fig, self.ax, legend_ax = _new_figure()
        fig.set_dpi(dpi)
        self.dpi = dpi
        self.graph = scenario.graph(stage)
        self.pos = _system_map_ground(scenario, self.graph, self.ax, legend_ax, marks=marks)
        plain_text(fig)  # case text as written: a "$" is a dollar sign
        self.canvas = FigureCanvasAgg(fig)
        self.canvas.draw()
        rgba = np.asarray(self.canvas.buffer_rgba())
        self.height, self.width = rgba.shape[:2]
        # PNG scanlines of the ground: a filter byte (0: none) and the RGB pixels (the ground is opaque).
        self.scanlines = np.zeros((self.height, 1 + 3 * self.width), np.uint8)
        self.scanlines[:, 1:] = rgba[..., :3].reshape(self.height, -1)
        compressor = _band_compressor()
        self.bands = [_deflate_band(compressor, self.scanlines[top:top + self.BAND])
                      for top in range(0, self.height, self.BAND)]
        self.sprites: dict = {}

    def sprite(self, mark: tuple):
        """``(top, left, rgb as float, alpha as float)`` of one mark, rendered on first use."""
        key = repr(mark)
        found = self.sprites.get(key)
        if found is None:
            renderer = self.canvas.get_renderer()
            renderer.clear()  # transparent
            artist = _put(self.ax, mark)
            try:
                artist.draw(renderer)
                # Look for the drawn pixels only around the text and its box (display y runs upwards).
                box = artist.get_window_extent(renderer)
                if artist.get_bbox_patch() is not None:
                    box = Bbox.union([box, artist.get_bbox_patch().get_window_extent(renderer)])
                left0, right0 = max(int(box.x0) - 4, 0), min(int(box.x1) + 5, self.width)
                top0, bottom0 = max(self.height - int(box.y1) - 5, 0), min(self.height - int(box.y0) + 4, self.height)
                pixels = np.asarray(self.canvas.buffer_rgba())[top0:bottom0, left0:right0]
                alpha = pixels[..., 3]
                rows = np.flatnonzero(alpha.any(axis=1))
                cols = np.flatnonzero(alpha.any(axis=0))
            finally:
                artist.remove()
            if rows.size == 0:
                found = (0, 0, np.zeros((0, 0, 3), np.float32), np.zeros((0, 0, 1), np.float32))
            else:
                top, bottom, left, right = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
                patch = pixels[top:bottom, left:right].astype(np.float32)
                found = (int(top0 + top), int(left0 + left), patch[..., :3], patch[..., 3:] / 255.0)
            self.sprites[key] = found
        return found

    def compose(self, marks) -> tuple:
        """``(scanlines, rows changed)``: the ground's PNG scanlines with ``marks`` laid over them."""
        scanlines = self.scanlines.copy()
        image = scanlines[:, 1:].reshape(self.height, self.width, 3)  # a view into the scanlines
        changed: set = set()
        for mark in marks:
            top, left, rgb, alpha = self.sprite(mark)
            if not rgb.size:
                continue
            region = image[top:top + rgb.shape[0], left:left + rgb.shape[1]]
            region[...] = (rgb * alpha + region * (1.0 - alpha) + 0.5).astype(np.uint8)
            changed.update(range(top, top + rgb.shape[0]))
        return scanlines, changed

    def png(self, marks) -> bytes:
        """The map with ``marks`` as PNG bytes (RGB, 8 bits, deflate level 1, no timestamp)."""
        scanlines, changed = self.compose(marks)
        return self._encode(self._rebanded(self.bands, scanlines, changed), zlib.adler32(scanlines), colour=2)

    @functools.cached_property
    def ground_png(self) -> bytes:
        """The ground alone as PNG bytes (RGB): the lower of the two layers, the same bytes for every check."""
        return self._encode(self.bands, zlib.adler32(self.scanlines), colour=2)

    @functools.cached_property
    def _clear_bands(self) -> list:
        """The compressed bands of a fully transparent layer (RGBA scanlines of zeros): compressed once, so
        harder (level 6: about 100 bytes a band, against 370 at level 1)."""
        compressor = _band_compressor(6)
        empty = np.zeros((self.BAND, 1 + 4 * self.width), np.uint8)
        full = _deflate_band(compressor, empty)
        last = self.height % self.BAND
        bands = [full] * (self.height // self.BAND)
        return bands + ([_deflate_band(compressor, empty[:last])] if last else [])

    def marks_png(self, marks) -> bytes:
        """``marks`` alone on a transparent layer of the ground's size, as PNG bytes (RGBA).

        Laid over :attr:`ground_png` (e.g. two stacked images in a page) it shows the map that
        :meth:`png` gives, to rounding: the marks are composed here with the same "over" rule.
        """
        scanlines = np.zeros((self.height, 1 + 4 * self.width), np.uint8)
        layer = scanlines[:, 1:].reshape(self.height, self.width, 4)
        changed: set = set()
        for mark in marks:
            top, left, rgb, alpha = self.sprite(mark)
            if not rgb.size:
                continue
            region = layer[top:top + rgb.shape[0], left:left + rgb.shape[1]]
            below = region[..., 3:].astype(np.float32) / 255.0
            out = alpha + below * (1.0 - alpha)
            colour = (rgb * alpha + region[..., :3] * below * (1.0 - alpha)) / np.maximum(out, 1e-6)
            region[..., :3] = (colour + 0.5).astype(np.uint8)
            region[..., 3:] = (out * 255.0 + 0.5).astype(np.uint8)
            changed.update(range(top, top + rgb.shape[0]))
        bands = self._rebanded(self._clear_bands, scanlines, changed, _MARKS_LEVEL)
        return self._encode(bands, zlib.adler32(scanlines), colour=6)

    def _rebanded(self, bands, scanlines, changed, level: int = 1) -> list:
        """``bands`` with the bands that hold a ``changed`` row compressed again from ``scanlines``."""
        bands = list(bands)
        compressor = _band_compressor(level)
        for band in sorted({row // self.BAND for row in changed}):
            top = band * self.BAND
            bands[band] = _deflate_band(compressor, scanlines[top:top + self.BAND])
        return bands

    def _encode(self, bands, adler: int, colour: int) -> bytes:
        """A PNG of the ground's size from compressed bands (colour type 2: RGB, 6: RGBA)."""
        # zlib stream: header (deflate, 32K window, fastest), the bands, a final empty block, Adler-32.
        data = b"\x78\x01" + b"".join(bands) + b"\x03\x00" + adler.to_bytes(4, "big")
        per_metre = round(self.dpi / 0.0254)
        return (b"\x89PNG\r\n\x1a\n"
                + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", self.width, self.height, 8, colour, 0, 0, 0))
                + _png_chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1))
                + _png_chunk(b"IDAT", data) + _png_chunk(b"IEND", b""))


_MARKS_LEVEL = 1  # measured: 25 kB in 5 ms a check; level 6 gives 18 kB in 13 ms


def _band_compressor(level: int = 1):
    return zlib.compressobj(level, zlib.DEFLATED, -15)  # raw deflate: the bands are joined into one stream


def _deflate_band(compressor, rows) -> bytes:
    # A full flush ends the band on a byte boundary and forgets it: the next band never refers back.
    return compressor.compress(rows.tobytes()) + compressor.flush(zlib.Z_FULL_FLUSH)


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


_STYLE = ("font.family", "font.sans-serif", "font.size", "figure.facecolor", "text.color", "text.antialiased",
          "lines.antialiased", "patch.antialiased", "hatch.color", "hatch.linewidth", "path.sketch")
"""The matplotlib settings (rcParams) a kept ground depends on: a change draws a new ground."""
_GROUNDS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_GROUNDS_LOCK = threading.Lock()


def system_map_png(scenario, stage=None, feedback: Feedback | None = None, dpi: int = 96) -> bytes:
    """The :func:`system_map` as PNG bytes, fast enough to follow every Check.

    The picture is the one :func:`system_map` draws (compare with :func:`png_bytes`),
    without transparency. The unchanging ground of the map is drawn once per case,
    stage, language, resolution and matplotlib style and kept while the case is in use; each call then
    lays the current badges and verdicts over it and compresses again only the bands of
    rows of the PNG they cover. :func:`prepare_system_map` draws the ground (and the marks
    a first check needs) ahead of time, so that even the first check is fast.

    >>> import swedu
    >>> youth = swedu.load_scenario("delinquent-youth")
    >>> system_map_png(youth, feedback=youth.assess({"parents": "client"}))[:4]
    b'\\x89PNG'
    """
    return _on_ground(scenario, stage, feedback, dpi, lambda ground, marks: ground.png(marks))


def system_map_layers(scenario, stage=None, feedback: Feedback | None = None, dpi: int = 96) -> tuple:
    """The :func:`system_map` as two PNG layers of the same size: ``(ground, marks)``.

    ``ground`` is opaque (lines, shapes, names, title, legend) and the same bytes for every
    check of a stage, so a page that already shows it need not receive it again; ``marks`` is
    transparent but for the badges and verdicts. Stacked, marks over ground, they show the
    picture of :func:`system_map_png` (to rounding: at most 1 of 255 per channel).

    >>> import swedu
    >>> youth = swedu.load_scenario("delinquent-youth")
    >>> ground, marks = system_map_layers(youth, feedback=youth.assess({"parents": "client"}))
    >>> ground == system_map_layers(youth, feedback=youth.assess({"teen": "target"}))[0]
    True
    >>> len(marks) < len(ground) / 3
    True
    """
    return _on_ground(scenario, stage, feedback, dpi, lambda ground, marks: (ground.ground_png,
                                                                            ground.marks_png(marks)))


def _on_ground(scenario, stage, feedback: Feedback | None, dpi: int, encode):
    """``encode(ground, marks)`` for the kept ground of the map and the marks of ``feedback`` (the key's
    badges without it), under ``_GROUNDS_LOCK``: the ground's sprites are drawn and kept as they are used."""
    stage_id = _stage_of(scenario, stage, feedback)
    with _GROUNDS_LOCK:
        ground = _ground(scenario, stage_id, marks=feedback is not None, dpi=dpi)
        # The ground's graph is the stage's (the key's badges come from its systems): none is built per check.
        return encode(ground, _system_map_marks(ground.graph, ground.pos, feedback))


def _ground(scenario, stage_id: str, *, marks: bool, dpi: int) -> _MapGround:
    """The kept ground of one map (drawn now if there is none yet); call with ``_GROUNDS_LOCK`` held."""
    style = tuple(str(matplotlib.rcParams[name]) for name in _STYLE)
    key = (stage_id, get_language(), marks, int(dpi), style)
    per_case = _GROUNDS.setdefault(scenario, {})
    ground = per_case.get(key)
    if ground is None:
        ground = per_case[key] = _MapGround(scenario, stage_id, marks=marks, dpi=int(dpi))
    return ground


def prepare_system_map(scenario, stage=None, *, answer: bool = True, dpi: int = 96):
    """Draw ahead of time what :func:`system_map_png` will need, in small steps (a generator).

    The first step draws the map's ground (a few hundred milliseconds); each further step draws
    one mark a first check is likely to show (a few milliseconds). Run the steps when nothing
    else happens, e.g. one per turn of the kernel's event loop after a classifier is shown, so
    a click is never kept waiting for more than one step. Steps draw with matplotlib: run them
    on the thread that draws the maps, never beside it. Each step reads the current language.
    ``answer=False`` prepares the answer key's map (no verdicts) instead of a learner's.

    >>> import swedu
    >>> youth = swedu.load_scenario("delinquent-youth")
    >>> steps = sum(1 for _ in prepare_system_map(youth, "intake"))
    >>> steps > len(youth.actors)
    True
    """
    stage_id = scenario.stage(stage).id
    with _GROUNDS_LOCK:
        ground = _ground(scenario, stage_id, marks=answer, dpi=dpi)
    yield
    with _GROUNDS_LOCK:
        ground.ground_png, ground._clear_bands  # noqa: B018 - encoded now, not at the first check
    yield
    if not answer:
        return
    for mark in _likely_marks(ground.graph, ground.pos):
        with _GROUNDS_LOCK:
            ground.sprite(mark)
        yield


def household_members(case) -> list[str]:
    """The people drawn inside the ecomap's household circle, the centre first.

    ``case`` is a :class:`swedu.Scenario` or its graph (:meth:`swedu.Scenario.graph`).
    Hartman's ecomap draws the household as the circle in the middle. When the centre
    is a person, a family or an actor marked ``household``, the circle holds the centre,
    the actor marked ``household`` and everyone joined to them through ``family`` ties
    (people who live together); relatives who live elsewhere are ``kinship`` ties and
    are drawn outside the circle. A group, organisation or community in the centre has
    no household circle.

    >>> import swedu
    >>> household_members(swedu.load_scenario("delinquent-youth"))
    ['parents', 'teen']
    >>> household_members(swedu.load_scenario("old-man-and-brother").graph())
    ['harjo']
    """
    graph = _case_graph(case)
    ids = list(graph.nodes)
    centre = graph.graph.get("centre")
    centre = centre if centre in graph else ids[0]
    first = graph.nodes[centre]
    if not ("household" in first["traits"] or first["kind"] in ("person", "family")):
        return [centre]  # a group, an organisation or a community in the middle: no home to draw
    seeds = [centre] + [a for a, data in graph.nodes(data=True) if "household" in data["traits"] and a != centre]
    family: dict[str, list[str]] = {a: [] for a in ids}
    for a, b, data in graph.edges(data=True):
        if data["kind"] == "family":
            family[a].append(b)
            family[b].append(a)
    members, queue = [], list(seeds)
    while queue:
        current = queue.pop(0)
        if current not in members:
            members.append(current)
            queue += sorted(family[current], key=ids.index)
    return [centre] + sorted((m for m in members if m != centre), key=ids.index)


_ECOMAP_SEED = 1975  # Hartman's ecomap; any fixed number keeps the search, and so the picture, the same


def _segment_distance(p, a, b) -> float:
    (px, py), (ax_, ay), (bx, by) = p, a, b
    dx, dy = bx - ax_, by - ay
    length2 = dx * dx + dy * dy
    u = 0.0 if length2 == 0 else max(0.0, min(1.0, ((px - ax_) * dx + (py - ay) * dy) / length2))
    return math.hypot(px - (ax_ + u * dx), py - (ay + u * dy))


def _crosses(a, b, c, d) -> bool:
    def orient(p, q, r):
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    if len({a, b, c, d}) < 4:
        return False
    return orient(a, b, c) * orient(a, b, d) < 0 and orient(c, d, a) * orient(c, d, b) < 0


def ecomap_layout(case) -> tuple[dict, float]:
    """Positions for the ecomap and the radius of its household circle (0: no circle).

    ``case`` is a :class:`swedu.Scenario` or its graph (:meth:`swedu.Scenario.graph`).

    The household members sit inside a circle in the middle, the other actors on a
    ring around it. Among many seeded arrangements the one chosen lets no relation line
    pass through a node that is not its end, then has the fewest crossings and the
    shortest lines; the seed is fixed, so a case always gives the same picture.

    >>> import swedu
    >>> pos, radius = ecomap_layout(swedu.load_scenario("delinquent-youth"))
    >>> math.hypot(*pos["teen"]) < radius
    True
    """
    import random

    graph = _case_graph(case)
    members = household_members(graph)
    outer = [a for a in graph.nodes if a not in members]
    k = len(members)
    if k == 1:
        slots, circle = [(0.0, 0.0)], 0.0
    else:
        inner = {2: 0.25, 3: 0.28, 4: 0.3}.get(k, 0.34)
        slots = [(inner * math.cos(math.pi / 2 + 2 * math.pi * i / k), inner * math.sin(math.pi / 2 + 2 * math.pi * i / k))
                 for i in range(k)]
        circle = inner + 0.27
    ring = max(1.0, circle + 0.65)
    m = max(len(outer), 1)
    two_rings = len(outer) > 12

    def ring_slot(i):
        near = i % 2 == 0 and not (m % 2 and i == m - 1)
        radius = (ring * 0.78 if near else ring * 1.12) if two_rings else ring
        angle = math.pi / 2 - 2 * math.pi * i / m
        return (radius * math.cos(angle), radius * math.sin(angle))

    outer_slots = [ring_slot(i) for i in range(len(outer))]
    pairs = [(source, target) for source, target, _data in _relations(graph)]  # the cost is a sum: any order
    node_r = {a: _NODE_R * (1.5 if (k == 1 and a == members[0]) else 1.0) for a in graph.nodes}
    rotations = [2 * math.pi * j / (4 * k) for j in range(4)] if k > 1 else [0.0]

    def place(member_order, rotation, outer_order):
        pos = {}
        for (x, y), actor in zip(slots, member_order):
            c, s_ = math.cos(rotation), math.sin(rotation)
            pos[actor] = (round(x * c - y * s_, 6), round(x * s_ + y * c, 6))
        for xy, actor in zip(outer_slots, outer_order):
            pos[actor] = (round(xy[0], 6), round(xy[1], 6))
        return pos

    def cost(pos):
        through = crossings = near = 0
        length = 0.0
        segments = [(pos[a], pos[b]) for a, b in pairs]
        for (a, b), (pa, pb) in zip(pairs, segments):
            length += math.hypot(pb[0] - pa[0], pb[1] - pa[1])
            for other, xy in pos.items():
                if other not in (a, b):
                    if _segment_distance(xy, pa, pb) < node_r[other] + 0.06:
                        through += 1
                    elif _segment_distance((xy[0], xy[1] - node_r[other] - 0.06), pa, pb) < 0.09:
                        near += 1  # the line would cross the name under the node
            if circle and a in outer and b in outer and _segment_distance((0.0, 0.0), pa, pb) < circle:
                through += 1  # a line between two outside systems should not cross the household
        for i in range(len(segments)):
            for j in range(i + 1, len(segments)):
                crossings += _crosses(*segments[i], *segments[j])
        return (through, crossings, near, round(length, 6))

    rng = random.Random(_ECOMAP_SEED)
    depth_first = [a for a in layout(graph, members[0]) if a in outer]
    best = None
    candidates = [(members, 0.0, depth_first)]
    for _ in range(160):
        shuffled_outer = outer[:]
        rng.shuffle(shuffled_outer)
        shuffled_members = members[:1] + rng.sample(members[1:], len(members) - 1)
        candidates.append((shuffled_members, rng.choice(rotations), shuffled_outer))
    for member_order, rotation, outer_order in candidates:
        score = cost(place(member_order, rotation, outer_order))
        if best is None or score < best[0]:
            best = (score, list(member_order), rotation, list(outer_order))
    # Improve the best arrangement by swapping two outside actors, or two members, while it helps.
    score, member_order, rotation, outer_order = best
    improved = True
    while improved and score[0] + score[1] + score[2] > 0:
        improved = False
        for order in (outer_order, member_order):
            for i in range(len(order)):
                for j in range(i + 1, len(order)):
                    order[i], order[j] = order[j], order[i]
                    new = cost(place(member_order, rotation, outer_order))
                    if new < score:
                        score, improved = new, True
                    else:
                        order[i], order[j] = order[j], order[i]
        for turn in rotations:
            new = cost(place(member_order, turn, outer_order))
            if new < score:
                score, rotation, improved = new, turn, True
    return place(member_order, rotation, outer_order), circle


def _renderer(fig):
    """A renderer that measures text as it will be drawn (attaching an Agg canvas if there is none)."""
    canvas = fig.canvas
    if not hasattr(canvas, "get_renderer"):
        canvas = FigureCanvasAgg(fig)
    return canvas.get_renderer()


class _Placer:
    """Puts each text at the first of its candidate places that overlaps no node and no text.

    Nodes and placed texts are hard obstacles; relation lines are soft ones (a name
    may cross a line if no clear place is left, but a clear place is preferred).
    Boxes are measured by the renderer, in pixels.
    """

    def __init__(self, ax, renderer, pad: float = 3.0):
        self.ax, self.renderer, self.pad = ax, renderer, pad
        self.taken = np.zeros((0, 4))
        self.line_points = np.zeros((0, 2))
        frame = ax.get_window_extent(renderer)
        self.frame = (frame.x0, frame.y0, frame.x1, frame.y1)

    def _box(self, artist, pad):
        box = artist.get_window_extent(self.renderer)
        return (box.x0 - pad, box.y0 - pad, box.x1 + pad, box.y1 + pad)

    def block(self, artist):
        self.taken = np.vstack([self.taken, self._box(artist, self.pad / 2)])

    def avoid_line(self, p0, p1, step: float = 6.0):
        (x0, y0), (x1, y1) = self.ax.transData.transform([p0, p1])
        n = max(int(math.hypot(x1 - x0, y1 - y0) / step), 1)
        u = np.linspace(0.0, 1.0, n + 1)
        self.line_points = np.vstack([self.line_points, np.column_stack([x0 + (x1 - x0) * u, y0 + (y1 - y0) * u])])

    def _badness(self, box):
        x0, y0, x1, y1 = box
        t = self.taken
        w = np.clip(np.minimum(x1, t[:, 2]) - np.maximum(x0, t[:, 0]), 0, None)
        h = np.clip(np.minimum(y1, t[:, 3]) - np.maximum(y0, t[:, 1]), 0, None)
        fx0, fy0, fx1, fy1 = self.frame
        inside = max(min(x1, fx1) - max(x0, fx0), 0) * max(min(y1, fy1) - max(y0, fy0), 0)
        outside = (x1 - x0) * (y1 - y0) - inside
        p = self.line_points
        crossed = int(np.count_nonzero((p[:, 0] >= x0) & (p[:, 0] <= x1) & (p[:, 1] >= y0) & (p[:, 1] <= y1)))
        return (round(float((w * h).sum()) + outside, 3), crossed)

    def put(self, text, places):
        """Try ``places`` ((x, y, ha, va) in data units) in order; keep the first clear one, else the least bad."""
        best = None
        for x, y, ha, va in places:
            text.set_position((x, y))
            text.set_ha(ha)
            text.set_va(va)
            bad = self._badness(self._box(text, self.pad))
            if best is None or bad < best[0]:
                best = (bad, (x, y, ha, va))
            if bad == (0, 0):
                break
        x, y, ha, va = best[1]
        text.set_position((x, y))
        text.set_ha(ha)
        text.set_va(va)
        self.block(text)
        return text


def _label_order(relations, pos) -> list:
    """The labelled relations in the order their labels are placed: the shortest line first (it has the
    fewest places along it), ties by the two actor ids. The order of the case file plays no part, so
    moving a relation in the file never moves a label.

    >>> rels = [("a", "c", {"label": "far"}), ("b", "a", {"label": "near"}), ("a", "b", {"label": ""})]
    >>> [r[2]["label"] for r in _label_order(rels, {"a": (0, 0), "b": (0, 1), "c": (0, 2)})]
    ['near', 'far']
    """
    def key(relation):
        source, target, _data = relation
        (x0, y0), (x1, y1) = pos[source], pos[target]
        return (round(math.hypot(x1 - x0, y1 - y0), 6), tuple(sorted((source, target))))

    return sorted((r for r in relations if r[2].get("label")), key=key)


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
    return fig

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
    return fig


def png_bytes(fig: Figure, dpi: int = 72) -> bytes:
    """The figure as PNG bytes (no timestamp or software metadata, so the bytes are reproducible)."""
    buffer = io.BytesIO()
    plain_text(fig).savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


def _show_in_notebooks() -> None:
    """Let a notebook show a figure returned by the last line of a cell (no pyplot needed)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with Jupyter
        return
    shell = get_ipython()
    if shell is not None and hasattr(shell, "display_formatter"):
        shell.display_formatter.formatters["image/png"].for_type(Figure, lambda fig: png_bytes(fig, dpi=80))


_show_in_notebooks()
