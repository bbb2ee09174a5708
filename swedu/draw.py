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

The layout is deterministic: the centre actor in the middle, the others on one or
two rings in depth-first order from the centre, so the same case always gives
the same picture.

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
import textwrap
from collections.abc import Mapping

import matplotlib
import matplotlib.text
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch, Rectangle

from swedu.i18n import t
from swedu.systems import SYSTEM_IDS

__all__ = ["SYSTEM_COLOURS", "approach_map", "ecomap", "layout", "png_bytes", "system_map"]

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


def _label(text: str, width: int = 18) -> str:
    return "\n".join(textwrap.wrap(str(text), width=width)[:3]) or str(text)


# ----- layout ---------------------------------------------------------------------------------
def layout(scenario, centre: str | None = None) -> dict:
    """Positions ``{actor_id: (x, y)}``: the centre actor at (0, 0), the others on rings.

    Actors are ordered depth-first from the centre (ties in the order of the
    scenario file), so each actor's contacts sit beside it, and spread evenly:
    up to 12 on one ring, more alternate between two rings.
    No randomness, so a case always gives the same picture.

    >>> import swedu
    >>> pos = layout(swedu.load_scenario("delinquent-youth"))
    >>> pos["parents"]
    (0.0, 0.0)
    """
    ids = [a.id for a in scenario.actors]
    centre = centre if centre in ids else (scenario.centre if scenario.centre in ids else ids[0])
    neighbours: dict[str, list[str]] = {a: [] for a in ids}
    for r in scenario.relations:
        if r.source in neighbours and r.target in neighbours:
            neighbours[r.source].append(r.target)
            neighbours[r.target].append(r.source)
    order: list[str] = []
    seen = {centre}

    def visit(current):
        # Depth-first: an actor's own contacts sit next to it on the ring, so lines stay short.
        for other in sorted(neighbours[current], key=ids.index):
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


def _badge(ax, x, y, system: str, gid: str, size: float = _FONT):
    text = ax.text(x, y, t(f"system.{system}.badge"), ha="center", va="center", fontsize=size,
                   fontweight="bold", color=_BADGE_TEXT[system], zorder=6,
                   bbox={"boxstyle": "round,pad=0.25", "facecolor": SYSTEM_COLOURS[system],
                             "edgecolor": "black", "linewidth": 1.0})
    text.set_gid(gid)
    return text


def _badges(ax, xy, systems, actor_id: str, size: float = _FONT):
    chosen = [s for s in SYSTEM_IDS if s in systems]
    step = 0.075 * size / _FONT
    x0 = xy[0] - step * (len(chosen) - 1) / 2
    return [_badge(ax, x0 + i * step, xy[1], s, f"badge:{actor_id}:{s}", size) for i, s in enumerate(chosen)]


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
def system_map(scenario, stage=None, answer=None, ax=None) -> Figure:
    """The person-in-environment graph of one stage with the four systems marked.

    Without ``answer`` the badges show the answer key of the stage (for lecturers
    and for the end of an activity). With ``answer`` (a mapping as accepted by
    :meth:`swedu.Scenario.assess`, or a :class:`swedu.Feedback`), the badges show
    the learner's choices and every actor carries its verdict as an icon and words,
    so mistakes are marked without revealing the roles not yet tried.

    >>> import swedu
    >>> youth = swedu.load_scenario("delinquent-youth")
    >>> fig = system_map(youth, "reassessment")
    >>> sorted(a.get_text() for a in fig.axes[0].texts if (a.get_gid() or "").startswith("badge:parents"))
    ['AC', 'T']
    """
    from swedu.assess import Feedback

    chosen = scenario.stage(stage)
    feedback = None
    if answer is not None:
        feedback = answer if isinstance(answer, Feedback) else scenario.assess(answer, chosen)
        chosen = feedback.stage
    fig, ax, legend_ax = _axes_for(ax)
    pos = layout(scenario)
    _prepare(ax, pos)
    size = _font_for(len(scenario.actors))
    for r in scenario.relations:
        _relation(ax, pos[r.source], pos[r.target], r.quality, r.strength, r.direction,
                  f"edge:{r.source}:{r.target}:{r.quality}:{r.strength}")
    for actor in scenario.actors:
        xy = pos[actor.id]
        if feedback is None:
            held = chosen.systems_of(actor.id)
        else:
            held = feedback.verdicts[actor.id].given
        _node(ax, xy, actor.collective, f"node:{actor.id}:{'collective' if actor.collective else 'person'}")
        name = ax.text(xy[0], xy[1] - _NODE_R * 1.3, _label(actor.name), ha="center", va="top",
                       fontsize=size, zorder=5, bbox=_NAME_BOX)
        name.set_gid(f"name:{actor.id}")
        if held:
            _badges(ax, (xy[0], xy[1]), held, actor.id, size)
        else:
            mark = ax.text(xy[0], xy[1], "–", ha="center", va="center", fontsize=size, color="#555555",
                           zorder=5)
            mark.set_gid(f"nobadge:{actor.id}")
        if feedback is not None:
            verdict = feedback.verdicts[actor.id]
            if verdict.status != "correct":
                words = f"{t(f'verdict.{verdict.status}.icon')} {t(f'verdict.{verdict.status}.label')}"
                mark = ax.text(xy[0], xy[1] + _NODE_R * 1.25, words, ha="center", va="bottom",
                               fontsize=size - 1, fontweight="bold", zorder=7,
                               bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "black",
                                         "linewidth": 1.0, "linestyle": "-"})
            else:
                mark = ax.text(xy[0], xy[1] + _NODE_R * 1.25, t(f"verdict.{verdict.status}.icon"),
                               ha="center", va="bottom", fontsize=size, fontweight="bold", zorder=7)
            mark.set_gid(f"verdict:{actor.id}:{verdict.status}")
    key = "draw.answer_map_title" if feedback is not None else "draw.system_map_title"
    ax.set_title(t(key, scenario=str(scenario.title), stage=str(chosen.title)), fontsize=_FONT + 3,
                 fontweight="bold", loc="left")
    _legend(legend_ax, marks=feedback is not None)
    return fig


@_plain_text
def ecomap(scenario, stage=None, ax=None) -> Figure:
    """Hartman's ecomap: the household or client in the centre, the surrounding systems around it.

    Relations use the course legend (solid strong, thicker stronger, dashed
    tenuous, zigzag stressful, arrows for the flow of energy or resources).
    Hartman drew spokes from the centre only; links between outer systems are the
    modern extension and are drawn too. ``stage`` only chooses the title's stage
    (relations do not change between stages).

    >>> import swedu
    >>> fig = ecomap(swedu.load_scenario("delinquent-youth"))
    >>> [a.get_gid() for a in fig.axes[0].patches if (a.get_gid() or "").startswith("node:parents")]
    ['node:parents:centre']
    """
    scenario.stage(stage)  # a clear error for an unknown stage
    fig, ax, legend_ax = _axes_for(ax)
    pos = layout(scenario)
    _prepare(ax, pos)
    size = _font_for(len(scenario.actors))
    def radius(actor_id):
        return _NODE_R * (1.5 if actor_id == scenario.centre else 1.0)

    for r in scenario.relations:
        line = _relation(ax, pos[r.source], pos[r.target], r.quality, r.strength, r.direction,
                         f"edge:{r.source}:{r.target}:{r.quality}:{r.strength}",
                         radii=(radius(r.source), radius(r.target)))
        if r.label is not None:
            (x0, y0), (x1, y1) = pos[r.source], pos[r.target]
            label = ax.text((x0 + x1) / 2, (y0 + y1) / 2, _label(r.label, 22), fontsize=size - 2,
                            ha="center", va="center", style="italic", zorder=5,
                            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"})
            label.set_gid(f"relation_label:{r.source}:{r.target}")
        del line
    for actor in scenario.actors:
        xy = pos[actor.id]
        is_centre = actor.id == scenario.centre
        r = _NODE_R * (1.5 if is_centre else 1.0)
        _node(ax, xy, actor.collective, f"node:{actor.id}:{'centre' if is_centre else 'outer'}",
              face="#FFFFFF" if is_centre else _NODE_FACE, lw=3.0 if is_centre else 1.6, r=r)
        text = ax.text(xy[0], xy[1] - r - 0.02, _label(actor.name), ha="center", va="top",
                       fontsize=size + (1 if is_centre else 0), fontweight="bold" if is_centre else "normal",
                       zorder=5, bbox=_NAME_BOX)
        text.set_gid(f"name:{actor.id}")
    ax.set_title(t("draw.ecomap_title", scenario=str(scenario.title)), fontsize=_FONT + 3,
                 fontweight="bold", loc="left")
    _legend(legend_ax, systems=False)
    return fig


@_plain_text
def approach_map(scenario, approach: str, addressed: Mapping, ax=None) -> Figure:
    """One case graph with what an approach addresses highlighted (colour, hatch and a ◆ mark).

    ``addressed`` is ``{"actors": set of ids, "relations": set of (a, b) pairs}``, as
    computed by :func:`swedu.activities.approach_scope`.
    """
    fig, ax, legend_ax = _axes_for(ax)
    pos = layout(scenario)
    _prepare(ax, pos)
    size = _font_for(len(scenario.actors))
    actors = set(addressed.get("actors", ()))
    pairs = {frozenset(p) for p in addressed.get("relations", ())}
    for r in scenario.relations:
        inside = frozenset((r.source, r.target)) in pairs
        _relation(ax, pos[r.source], pos[r.target], r.quality, r.strength, r.direction,
                  f"edge:{r.source}:{r.target}:{'addressed' if inside else 'outside'}",
                  colour=_EDGE_COLOUR if inside else "#AAAAAA", alpha=1.0 if inside else 0.6)
    for actor in scenario.actors:
        xy = pos[actor.id]
        inside = actor.id in actors
        patch = _node(ax, xy, actor.collective, f"node:{actor.id}:{'addressed' if inside else 'outside'}",
                      face=_HIGHLIGHT if inside else _NODE_FACE, edge="black" if inside else "#999999",
                      lw=2.6 if inside else 1.2)
        if inside:
            patch.set_hatch("///")
            mark = ax.text(xy[0], xy[1] + _NODE_R * 1.25, t("draw.addressed_mark"), ha="center",
                           va="bottom", fontsize=size - 1, fontweight="bold", zorder=7)
            mark.set_gid(f"addressed:{actor.id}")
        text = ax.text(xy[0], xy[1] - _NODE_R * 1.3, _label(actor.name), ha="center", va="top",
                       fontsize=size, zorder=5, color="black" if inside else "#555555", bbox=_NAME_BOX)
        text.set_gid(f"name:{actor.id}")
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
