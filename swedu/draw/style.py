"""The course's visual vocabulary: colours, sizes, plain text, and the pieces every figure is made of.

The four systems have Okabe-Ito colours **and** letter badges (:data:`SYSTEM_COLOURS`); persons are
circles and collectives rounded squares (``_node``); a relation is solid (strong), thicker (stronger),
dashed (tenuous) or a zigzag (stressful), with arrow heads for the flow of energy (``_relation``).

>>> from matplotlib.figure import Figure
>>> ax = Figure().add_axes((0, 0, 1, 1))
>>> _badge(ax, 0.5, 0.5, "client", "badge:x:client").get_text()
'CL'
>>> _relation(ax, (0, 0), (1, 0), "tenuous", 2, "forward", "edge:a:b:tenuous:2").get_linestyle()
'--'
"""
from __future__ import annotations

import base64
import functools
import html
import io
import math
import sys
import textwrap

import matplotlib
import matplotlib.text
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch
from matplotlib.ticker import NullLocator

from swedu.draw.geometry import _NODE_R
from swedu.i18n import t

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


def wrapped(text: str, width: int) -> list[str]:
    """The lines of ``text`` at most ``width`` characters wide, broken at spaces only: a word is never split
    (neither a long one, which keeps a line of its own, nor one with a hyphen such as "anak-anak").

    >>> wrapped("Orang tua anak-anak", 16)
    ['Orang tua', 'anak-anak']
    >>> wrapped("Kunjungan bantuan", 4)
    ['Kunjungan', 'bantuan']
    """
    return textwrap.wrap(str(text), width=width, break_long_words=False, break_on_hyphens=False)


def _label(text: str, width: int = 18, lines: int = 3) -> str:
    return "\n".join(wrapped(text, width)[:lines]) or str(text)


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
              alpha=1.0, radii=(_NODE_R, _NODE_R), ends=None):
    """One relation in the course legend's style; returns the line artist. The line stops a little outside
    the two nodes (``radii``), or ``ends`` (data units) from their centres when given."""
    a, b = _shrink(p0, p1, *(ends or (radii[0] * 1.15, radii[1] * 1.15)))
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


def _new_figure(width=13.0, height=8.0):
    fig = Figure(figsize=(width, height), dpi=100)
    ax = fig.add_axes((0.01, 0.02, 0.68, 0.9))
    legend_ax = fig.add_axes((0.71, 0.02, 0.28, 0.9))
    for axis in (ax.xaxis, ax.yaxis, legend_ax.xaxis, legend_ax.yaxis):
        # No ticks: the maps are drawn without axes, and ticks would only be made (about 15 artists each, a
        # fifth of the time a map takes) to be listed by plain_text and never drawn.
        axis.set_major_locator(NullLocator())
    return fig, ax, legend_ax


def _prepare(ax, pos, pad: float = 0.32):
    ax.set_axis_off()
    ax.set_aspect("equal")
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
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


def png_bytes(fig: Figure, dpi: int = 72) -> bytes:
    """The figure as PNG bytes (no timestamp or software metadata, so the bytes are reproducible)."""
    buffer = io.BytesIO()
    plain_text(fig).savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


_ALT = "_swedu_alt"
"""The attribute of a figure that holds what it shows, in words (one text per map drawn on it)."""


def _describe(fig: Figure, words: str) -> Figure:
    """Say in ``words`` what a map drawn on ``fig`` shows (a figure with several maps keeps each text)."""
    setattr(fig, _ALT, [*getattr(fig, _ALT, []), str(words)])
    return fig


def alt_text(fig: Figure) -> str:
    """What ``fig`` shows, in words, for a screen reader: the texts its maps gave, else its titles.

    >>> from matplotlib.figure import Figure
    >>> fig = Figure(); _ = fig.add_axes((0, 0, 1, 1)).set_title("Scores")
    >>> alt_text(fig)
    'Scores'
    >>> alt_text(_describe(fig, "A map of three people."))
    'A map of three people.'
    """
    said = getattr(fig, _ALT, None)
    if said:
        return " ".join(said)
    titles = [title.get_text() for ax in fig.axes for title in (ax.title, ax._left_title, ax._right_title)
              if title.get_text().strip()]
    return " ".join(titles) or t("draw.alt.figure")


def figure_html(fig: Figure, dpi: int = 80) -> str:
    """The figure as an HTML ``<img>``: the PNG as a data URI and :func:`alt_text` as its ``alt``.

    A notebook shows figures this way: an ``image/png`` output carries no alt text a screen reader
    could read (JupyterLab draws it as an ``<img>`` without ``alt``).

    >>> from matplotlib.figure import Figure
    >>> page = figure_html(_describe(Figure(figsize=(1, 1)), 'A "map" & more'))
    >>> page[:32], page[page.index(' alt='):]
    ('<img src="data:image/png;base64,', ' alt="A &quot;map&quot; &amp; more" style="max-width:100%;height:auto">')
    """
    data = base64.b64encode(png_bytes(fig, dpi=dpi)).decode("ascii")
    return (f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt_text(fig), quote=True)}" '
            'style="max-width:100%;height:auto">')


def _show_in_notebooks(shell=None, dpi: int = 80) -> None:
    """Let a notebook show a figure returned by the last line of a cell (no pyplot needed), as an HTML
    ``<img>`` with its alt text (:func:`figure_html`) at ``dpi``, in ``shell`` (else the running one)."""
    if shell is None:
        ipython = sys.modules.get("IPython")  # a notebook's kernel has imported it; a script need not (swedu report)
        if ipython is None:
            return
        shell = ipython.get_ipython()
    if shell is not None and hasattr(shell, "display_formatter"):
        formatters = shell.display_formatter.formatters
        formatters["image/png"].pop(Figure, None)  # no second copy of the picture, without alt text
        formatters["text/html"].for_type(Figure, lambda fig: figure_html(fig, dpi=dpi))
