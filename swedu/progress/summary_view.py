"""The summary view: what a student has done, per activity, with the course's exercises still to do.

It sits above the store and the course plan: the store knows attempts, this view adds the titles (from
the scenarios and the catalogs) and lists every exercise of the course (:data:`swedu.course.EXERCISE_IDS`)
as "not started" until it is tried.

>>> import swedu.progress as progress, tempfile
>>> _ = progress.configure(tempfile.mkdtemp())
>>> s = summary("en")
>>> s.done, [row.item for row in s.rows][:2]
(0, ['ex1-classify', 'ex2-reasons'])
"""
from __future__ import annotations

import html
import logging
from dataclasses import dataclass
from pathlib import Path

from swedu.activities import activity_ids, load_activity
from swedu.course import EXERCISE_IDS
from swedu.i18n import catalog, get_language, t
from swedu.progress.store import ProgressError, _reader, is_recording, pending, settle, store_notice, store_path
from swedu.scenarios import load_scenario, scenario_ids

log = logging.getLogger("swedu.progress")


def score_is_sealed(kind: str, stage: str) -> bool:
    """The concept test before the course: taken, but its score is shown nowhere to the student (no feedback
    the first time), neither in this summary nor on the hub's page of the student's own records."""
    return kind == "concept_test" and stage == "pre"


@dataclass(frozen=True)
class Row:
    """One activity in the summary."""

    kind: str
    item: str
    stage: str
    attempts: int
    best: float | None
    last: float | None
    last_time: str

    @property
    def sealed(self) -> bool:
        return score_is_sealed(self.kind, self.stage)

    @property
    def done(self) -> bool:
        if self.kind == "concept_test":  # a test is done once taken, whatever its score
            return self.attempts > 0
        return self.best is not None and self.best >= 0.9999


def activity_title(kind: str, item: str, stage: str, language: str) -> str:
    """What a student reads for one activity of the store (a case and its stage, an exercise, a concept
    check, a sitting of the concept test): never an id where the course has a title for it."""
    if kind == "concept_test" and f"progress.summary.concept_test.{stage}" in catalog(language):
        return t(f"progress.summary.concept_test.{stage}", language)
    if kind == "activity":
        try:
            if item in activity_ids():
                return str(load_activity(item).title[language])
        except Exception:  # noqa: BLE001 - an unknown or removed activity shows its id
            log.debug("no title for %s", item)
    if kind == "scenario":
        try:
            if item not in scenario_ids():  # an id is never used as a path (it may come from an edited store)
                raise LookupError(item)
            scenario = load_scenario(item)
            title = scenario.title[language]
            if stage:
                try:
                    title = f"{title} — {scenario.stage(stage).title[language]}"
                except Exception:  # noqa: BLE001
                    title = f"{title} — {stage}"
            return title
        except Exception:  # noqa: BLE001 - an unknown or removed scenario shows its id
            log.debug("no title for %s", item)
    named = catalog(language).get(f"exercises.title.{item}")  # the exercises' own catalog, when present
    if named:
        return named
    return f"{item} — {stage}" if stage else item


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)}%"


def _when(stamp: str) -> str:
    return stamp[:16].replace("T", " ") + " UTC" if stamp else ""


class Summary:
    """What a student has done: per activity the number of attempts, best and last score, last time.

    ``str()`` is a plain-text table; in a notebook it shows as an (escaped) HTML table.
    """

    def __init__(self, rows, language: str, recording: bool, path: Path, notice: str | None = None):
        self.rows = tuple(rows)
        self.language = language
        self.recording = recording
        self.path = path
        self.notice = notice

    @property
    def done(self) -> int:
        return sum(r.done for r in self.rows)

    def _heading(self) -> str:
        return t("progress.summary.heading", self.language, activities=len(self.rows), done=self.done)

    def _cells(self, row: Row) -> list[str]:
        lang = self.language
        status = "done" if row.done else "started" if row.attempts else "todo"
        return [
            t(f"progress.summary.kind.{row.kind}", lang) if f"progress.summary.kind.{row.kind}" in catalog(lang)
            else row.kind,
            activity_title(row.kind, row.item, row.stage, lang),
            t(f"progress.summary.status.{status}.icon", lang) + " " + t(f"progress.summary.status.{status}.label", lang),
            _percent(None if row.sealed else row.best), _percent(None if row.sealed else row.last),
            str(row.attempts), _when(row.last_time),
        ]

    def _header(self) -> list[str]:
        return [t(f"progress.summary.column.{c}", self.language)
                for c in ("kind", "activity", "status", "best", "last", "attempts", "when")]

    def _footer(self) -> list[str]:
        lines = []
        if self.notice:
            lines.append(self.notice)
        waiting = pending()
        if waiting:
            lines.append(t("progress.summary.pending", self.language, count=waiting))
        if not any(r.attempts for r in self.rows):
            lines.append(t("progress.summary.empty", self.language))
        if not self.recording:
            lines.append(t("progress.summary.off", self.language))
        return lines

    def __str__(self) -> str:
        table = [self._header()] + [self._cells(r) for r in self.rows]
        widths = [max(len(line[i]) for line in table) for i in range(len(table[0]))]
        lines = [self._heading()]
        if self.rows:
            for n, line in enumerate(table):
                lines.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(line)).rstrip())
                if n == 0:
                    lines.append("  ".join("-" * w for w in widths))
        lines.extend(self._footer())
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"<swedu progress summary: {len(self.rows)} activities, {self.done} done>"

    def _repr_html_(self) -> str:
        e = html.escape
        parts = [f'<div class="swedu-progress" lang="{e(self.language)}">', f"<h4>{e(self._heading())}</h4>"]
        if self.rows:
            parts.append("<table><thead><tr>" + "".join(f'<th scope="col">{e(h)}</th>' for h in self._header())
                         + "</tr></thead><tbody>")
            for row in self.rows:
                cells = self._cells(row)
                css = "swedu-ok" if row.done else "swedu-partial" if row.attempts else "swedu-empty"
                parts.append(f'<tr class="{css}" data-item="{e(row.item)}" data-stage="{e(row.stage)}">'
                             + "".join(f"<td>{e(c)}</td>" for c in cells) + "</tr>")
            parts.append("</tbody></table>")
        parts.extend(f"<p>{e(line)}</p>" for line in self._footer())
        parts.append("</div>")
        return "".join(parts)


def summary(language: str | None = None) -> Summary:
    """This student's progress per activity, in the current language (or ``language``)."""
    lang = language or get_language()
    settle()  # the checks handed over just before are in it
    try:
        conn = _reader()
    except ProgressError as error:  # shown in the summary, never as a traceback
        return Summary((), lang, True, store_path(), str(error))
    rows = [] if conn is None else conn.execute(
        """SELECT kind, item, stage, COUNT(*), MAX(score), MAX(time), MIN(id),
                  (SELECT score FROM attempts b WHERE b.kind = a.kind AND b.item = a.item
                      AND b.stage = a.stage ORDER BY b.id DESC LIMIT 1)
           FROM attempts a GROUP BY kind, item, stage ORDER BY MIN(id)""").fetchall()
    items = [Row(kind, item, stage, count, best, last, when)
             for kind, item, stage, count, best, when, _, last in rows]
    tried = {r.item for r in items if r.kind == "exercise"}
    items += [Row("exercise", item, "", 0, None, None, "") for item in EXERCISE_IDS if item not in tried]
    return Summary(items, lang, is_recording(), store_path(), store_notice())

