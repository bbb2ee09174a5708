"""The one legend of the course, drawn beside every map: systems, shapes, lines, and the answer's marks.

>>> from matplotlib.figure import Figure
>>> ax = Figure().add_axes((0, 0, 1, 1))
>>> [row.get_gid() for row in _legend(ax, systems=False)][:2]
['legend:person', 'legend:collective']
"""
from __future__ import annotations


from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Rectangle

from swedu.draw.style import _EDGE_COLOUR, _FONT, _HIGHLIGHT, _NODE_FACE, _badge, _line_width, _zigzag, wrapped
from swedu.i18n import t
from swedu.systems import SYSTEM_IDS


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
        lines = wrapped(label, 30) or [str(label)]
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

