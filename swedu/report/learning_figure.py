"""The concept test's chart for a slide: the scores before and after, and each student's gain, as PNG.

Colour-blind-safe (Okabe-Ito orange and blue, and the bars before are hatched, so the two tests differ
without colour), labelled axes, a title, a legend, and the report gives it a text alternative.
matplotlib is imported only when the chart is drawn.
"""
from __future__ import annotations

import io

from swedu.i18n import t
from swedu.report.learning import LearningStatistics
from swedu.report.learning_render import number

OKABE_ITO_ORANGE = "#E69F00"
OKABE_ITO_BLUE = "#0072B2"
OKABE_ITO_GREEN = "#009E73"
GAIN_BINS = [(-float("inf"), 0.0)] + [(n / 10, (n + 1) / 10) for n in range(10)]
"""The ranges of g in the gain histogram: below 0 (a lower score after), then tenths up to 1."""


def gain_counts(gains) -> list[int]:
    """How many defined gains fall into each range of :data:`GAIN_BINS` (g = 1 is in the last).

    >>> gain_counts([-0.5, 0.0, 0.05, 0.5, 1.0, None])
    [1, 2, 0, 0, 0, 0, 1, 0, 0, 0, 1]
    """
    counts = [0] * len(GAIN_BINS)
    for g in gains:
        if g is None:
            continue
        for n, (low, high) in enumerate(GAIN_BINS):
            if low <= g < high or (n == len(GAIN_BINS) - 1 and g >= high):
                counts[n] += 1
                break
    return counts


def learning_chart(stats: LearningStatistics, language: str) -> bytes:
    """Two panels side by side: the score distributions before and after, and the gain of each student
    who took both tests (with the class's <g> as a dashed line)."""
    from matplotlib.figure import Figure  # no pyplot: a notebook's own backend is left alone
    from matplotlib.ticker import MaxNLocator

    from swedu.draw import plain_text  # deferred: matplotlib only for a report with figures

    def say(key: str, **values) -> str:
        return t(f"report.learning.{key}", language, **values)

    fig = Figure(figsize=(11, 4.6), dpi=100)
    left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.25, 1]})
    scores = list(range(stats.max_score + 1))
    width = 0.42
    for offset, values, colour, hatch, label in (
            (-width / 2, stats.pre_scores.values(), OKABE_ITO_ORANGE, "//", say("figure_pre")),
            (width / 2, stats.post_scores.values(), OKABE_ITO_BLUE, "", say("figure_post"))):
        values = list(values)
        counts = [values.count(s) for s in scores]
        left.bar([s + offset for s in scores], counts, width, color=colour, hatch=hatch, edgecolor="black",
                 label=f"{label} (n = {len(values)})")
    left.set_xlabel(say("figure_score"))
    left.set_ylabel(say("figure_students"))
    left.set_xticks(scores[::2] if stats.max_score > 12 else scores)
    left.yaxis.set_major_locator(MaxNLocator(integer=True))
    left.legend(frameon=False)
    left.spines[["top", "right"]].set_visible(False)

    counts = gain_counts(stats.gains.values())
    labels = ["< 0"] + [f"{number(low, language, 1)}–{number(high, language, 1)}" for low, high in GAIN_BINS[1:]]
    right.bar(range(len(counts)), counts, 0.8, color=OKABE_ITO_GREEN, edgecolor="black")
    right.set_xticks(range(len(counts)), labels, fontsize=8, rotation=45, ha="right")
    right.set_xlabel(say("figure_gain"))
    right.set_ylabel(say("figure_students"))
    right.yaxis.set_major_locator(MaxNLocator(integer=True))
    right.set_title(say("figure_gain_title", count=len(stats.both)), fontsize=10)
    if stats.class_gain is not None:
        position = 0 if stats.class_gain < 0 else 1 + min(stats.class_gain, 0.999) * 10 - 0.5
        right.axvline(position, color="black", linestyle="--", linewidth=1.5)
        right.text(position, max(counts + [1]) * 1.02, f"<g> = {number(stats.class_gain, language)}", fontsize=9,
                   va="bottom", ha="center", bbox={"facecolor": "white", "edgecolor": "black", "pad": 2})
        right.set_ylim(0, max(counts + [1]) * 1.15)
    right.spines[["top", "right"]].set_visible(False)
    fig.suptitle(say("figure_title"))
    fig.tight_layout()
    buffer = io.BytesIO()
    plain_text(fig).savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


__all__ = ["GAIN_BINS", "gain_counts", "learning_chart"]
