"""A class report for lecturers, merged from the students' progress exports.

Per case (scenario), stage and actor: how often the classification was wrong and which
misconceptions were behind it; which misconceptions dominate overall (a table and a bar
figure); how the exercises went. Bad, duplicated or foreign files are listed and skipped,
never fatal. Every sentence comes from the catalogs; every text in HTML is escaped.

>>> import json, tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "notes.json").write_text(json.dumps({"hello": 1}), encoding="utf-8")
>>> report = build_report([folder / "notes.json"], language="en")
>>> report.students, [s.reason for s in report.skipped]
(0, ['foreign'])

The rooms of the report, in the order a report is made:

* :mod:`swedu.report.inputs` finds the files, reads each with :func:`swedu.progress.read_export` and
  keeps only the ids the course knows (:class:`KnownIds`);
* :mod:`swedu.report.statistics` counts them: plain data classes, nothing rendered;
* :mod:`swedu.report.render` and its templates (``templates/report.html.j2``, ``report.md.j2``) write
  the HTML and the Markdown, :mod:`swedu.report.figure` draws the chart (matplotlib only then);
* :mod:`swedu.report.document` is the :class:`ClassReport` a notebook shows and ``write`` saves;
* the concept test given before and after the course (issue 27) has its own rooms:
  :mod:`swedu.report.learning` (its statistics: plain arithmetic on plain data),
  :mod:`swedu.report.learning_render` (its section's rows), :mod:`swedu.report.learning_figure` (its
  chart) and :mod:`swedu.report.exports` (its CSV files); the section appears only when a hand-in
  holds a sitting of the test.
"""
from __future__ import annotations

import os
from datetime import datetime, timezone

from swedu.concept_test import COURSE_TEST, ConceptTestError, load_concept_test, load_outcomes
from swedu.i18n import LANGUAGES, get_language, t
from swedu.report.document import ClassReport
from swedu.report.figure import OKABE_ITO_BLUE
from swedu.report.inputs import HandIns, KnownIds, choose, expand, read_files, read_hand_ins
from swedu.report.learning import KIND as LEARNING_KIND
from swedu.report.learning import LearningStatistics
from swedu.report.statistics import (MAX_ATTEMPTS_PER_ACTIVITY, WRONG, ActorStats, ClassStatistics,
                                     ExerciseStats, HandIn, Skipped, StageStats, collector_paused)

__all__ = ["MAX_ATTEMPTS_PER_ACTIVITY", "OKABE_ITO_BLUE", "WRONG", "ActorStats", "ClassReport", "ClassStatistics",
           "ExerciseStats", "HandIn", "HandIns", "KnownIds", "Skipped", "StageStats", "build_report", "build_report_from",
           "read_hand_ins", "run_cli"]


def build_report(paths, output: str | os.PathLike | None = None, language: str | None = None,
                 generated: str | None = None, outcomes: str | os.PathLike | None = None) -> ClassReport:
    """Merge the progress exports in ``paths`` (files or folders of ``.json``) into a :class:`ClassReport`.

    With ``output`` (``report.html`` or ``report.md``) the report is also written there. Files that
    cannot be used are listed in ``report.skipped`` and never stop the report. ``outcomes`` is a
    lecturer's learning outcomes file (codes and wording) over the course's, for the concept test's
    section (raises :class:`swedu.concept_test.ConceptTestError` when it has problems).
    """
    lang = _language(language)
    files, skipped = expand(paths)
    with collector_paused():  # reading and counting make no reference cycles (see collector_paused)
        report = build_report_from(read_files(files), lang, generated, skipped, outcomes)
    if output is not None:
        report.write(output)
    return report


def build_report_from(hand_ins, language: str | None = None, generated: str | None = None,
                      skipped=(), outcomes: str | os.PathLike | None = None) -> ClassReport:
    """The :class:`ClassReport` of hand-ins already read (nothing is read or written here): each a
    :class:`swedu.progress.HandInFile` (from :func:`swedu.progress.read_export`, or made in memory, as the
    hub's class view does), or a :class:`Skipped` file, in the order met. ``skipped`` lists entries left
    out before reading; ``outcomes`` as for :func:`build_report`. The report counts what
    :func:`build_report` counts of the same files.

    >>> from swedu.progress import Attempt, HandInFile
    >>> check = Attempt("scenario", "delinquent-youth", "intake", 0.5, statuses={"teen": "wrong"},
    ...                 misconceptions_by_item={"teen": ("client_is_problem_bearer",)})
    >>> report = build_report_from([HandInFile("owl-17.json", "owl-17", attempts=(check,))], "en")
    >>> report.students, report.dominant()
    (1, [('client_is_problem_bearer', 1, 1)])
    """
    lang = _language(language)
    known = KnownIds(lang)
    with collector_paused():
        chosen = choose(hand_ins, known, skipped)
        report = ClassReport.count(chosen.students, known.case, lang,
                                   generated or datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                                   chosen.skipped, chosen.notes)
        _add_learning(report, chosen.students, outcomes)
    return report


def _language(language: str | None) -> str:
    lang = language or get_language()
    if lang not in LANGUAGES:
        raise ValueError(t("report.bad_language", given=str(language), choices=", ".join(LANGUAGES)))
    return lang


def _add_learning(report: ClassReport, students, outcomes) -> None:
    """The concept test's statistics, when any student took it (the course's test and learning outcomes,
    or the lecturer's outcomes file over them)."""
    if not any(a.kind == LEARNING_KIND for s in students for a in s.attempts):
        return
    test = load_concept_test(COURSE_TEST)
    report.concept_test = test
    report.outcomes = load_outcomes(outcomes)
    report.learning = LearningStatistics.from_hand_ins(students, test)


def run_cli(files, output: str | None, language: str | None, csv: str | None = None,
            outcomes: str | None = None) -> int:
    """``swedu report FILES... [-o report.html] [--lang id] [--csv DIR] [--outcomes FILE]``: write the report
    (and the concept test's CSV exports into DIR), say what was skipped."""
    lang = language or get_language()
    if not files:
        print(t("report.cli.usage", lang))
        return 2
    target = output or "report.html"
    try:
        report = build_report(files, None, lang, outcomes=outcomes)
    except ConceptTestError as error:  # the lecturer's outcomes file: every problem with its line
        print(error)
        return 2
    try:
        written = report.write(target)
        if csv:
            written += report.write_csv(csv)
    except OSError as error:
        print(t("report.cli.cannot_write", lang, file=target, error=str(error)))
        return 1
    for line in report._skipped_lines() + report._note_lines():
        print(line)
    print(t("report.cli.done", lang, students=report.students, attempts=report.attempts,
            skipped=len(report.skipped), files=", ".join(str(p) for p in written)))
    return 0 if report.students else 1
