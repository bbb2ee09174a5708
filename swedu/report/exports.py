"""CSV exports of the concept test for the university's own systems: the scores per student (by
pseudonym) and the item table. Plain ids and numbers (a dot for decimals, UTF-8), one header row.

``swedu report hand-ins/ -o report.html --csv exports/`` writes ``concept-test-scores.csv`` and
``concept-test-items.csv`` into ``exports/`` (nothing when no student took the test).
"""
from __future__ import annotations

import csv
import io
import os
from pathlib import Path

from swedu.report.learning import LearningStatistics
from swedu.report.learning_render import letters

SCORES_FILE = "concept-test-scores.csv"
ITEMS_FILE = "concept-test-items.csv"


def _value(x, places: int = 4) -> str:
    if x is None:
        return ""
    return str(x) if isinstance(x, int) else f"{x:.{places}f}"


def scores_csv(stats: LearningStatistics) -> str:
    """One row per student: pseudonym, which tests (both, pre_only, post_only), the scores, max, gain."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["pseudonym", "took", "pre_score", "post_score", "max_score", "gain"])
    took = {**{p: "both" for p in stats.both}, **{p: "pre_only" for p in stats.pre_only},
            **{p: "post_only" for p in stats.post_only}}
    for pseudonym in sorted(took):
        writer.writerow([pseudonym, took[pseudonym], _value(stats.pre_scores.get(pseudonym)),
                         _value(stats.post_scores.get(pseudonym)), stats.max_score,
                         _value(stats.gains.get(pseudonym))])
    return buffer.getvalue()


def items_csv(stats: LearningStatistics, test, outcomes: dict) -> str:
    """One row per item: number, id, outcome code, key letter, p, D, point-biserial, per option (A, B ...)
    how many chose it and its share of the upper and lower groups (distractors), and the review flags."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    width = max((len(i.options) for i in test.items), default=0)
    head = ["number", "item", "phase", "outcome", "outcome_code", "key", "difficulty", "discrimination",
            "point_biserial"]
    for n in range(width):
        letter = chr(ord("A") + n)
        head += [f"{letter}_chosen", f"{letter}_upper", f"{letter}_lower"]
    writer.writerow(head + ["flags"])
    items = {i.id: i for i in test.items}
    for n, row in enumerate(stats.items, 1):
        item = items[row.item]
        outcome = outcomes.get(row.outcome)
        cells = [n, row.item, stats.items_phase, row.outcome, outcome.code if outcome else "",
                 letters(item)[row.key], _value(row.difficulty), _value(row.discrimination),
                 _value(row.point_biserial)]
        for option in item.options:
            up, low = row.distractors.get(option.id, (None, None))
            cells += [row.chosen.get(option.id, 0), _value(up), _value(low)]
        cells += [""] * (3 * (width - len(item.options)))
        flags = " ".join(f"{name}:{letters(item).get(value, value) if isinstance(value, str) else value}"
                         for name, value in row.flags)
        writer.writerow(cells + [flags])
    return buffer.getvalue()


def write_csv(stats: LearningStatistics | None, test, outcomes: dict, folder: str | os.PathLike) -> list[Path]:
    """Write both CSV files into ``folder`` (made if needed); nothing when nobody took the test."""
    if stats is None:
        return []
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in ((SCORES_FILE, scores_csv(stats)), (ITEMS_FILE, items_csv(stats, test, outcomes))):
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


__all__ = ["ITEMS_FILE", "SCORES_FILE", "items_csv", "scores_csv", "write_csv"]
