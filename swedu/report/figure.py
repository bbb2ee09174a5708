"""The report's figure: a horizontal bar chart of the dominant misconceptions, as PNG bytes.

matplotlib is imported only when a figure is drawn (a report without misconceptions never loads it).
"""
from __future__ import annotations

import io

from swedu.i18n import t
from swedu.report.statistics import percent

OKABE_ITO_BLUE = "#0072B2"
MAX_BARS = 12
"""The chart shows the misconceptions most students showed; the table beside it lists them all."""


def misconception_chart(rows, name_of, students: int, language: str) -> bytes | None:
    """The chart of ``rows`` (``(misconception, students, occurrences)``, most students first; the first
    :data:`MAX_BARS`) as PNG bytes, each bar named by ``name_of(misconception)``; ``None`` without rows."""
    rows = list(rows)[:MAX_BARS]
    if not rows:
        return None
    from matplotlib.figure import Figure  # no pyplot: a notebook's own backend is left alone
    from matplotlib.ticker import MaxNLocator

    from swedu.draw import plain_text, wrapped  # deferred: matplotlib only for a report with figures

    labels = ["\n".join(wrapped(name_of(m).strip('"'), 38)) for m, _, _ in rows]  # at spaces only
    values = [count for _, count, _ in rows]
    fig = Figure(figsize=(8.5, 0.75 * len(rows) + 1.4), dpi=100)
    ax = fig.add_subplot()
    positions = list(range(len(rows)))[::-1]
    bars = ax.barh(positions, values, color=OKABE_ITO_BLUE, edgecolor="black")
    ax.set_yticks(positions, labels, fontsize=9)
    for bar, value in zip(bars, values):
        ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2,
                f" {value} ({percent(value / students) if students else '0%'})",
                va="center", fontsize=9)
    ax.set_xlabel(t("report.misconceptions.x_label", language))
    ax.set_title(t("report.misconceptions.figure_title", language))
    ax.set_xlim(0, max(values) * 1.25 + 0.5)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    buffer = io.BytesIO()
    plain_text(fig).savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()
