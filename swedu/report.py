"""A class report for lecturers, merged from the students' progress exports.

Per case (scenario), stage and actor: how often the classification was wrong and which
misconceptions were behind it; which misconceptions dominate overall (a table and a bar
figure); how the exercises went. Bad, duplicated or foreign files are listed and skipped,
never fatal. Every sentence comes from the catalogs; every text in HTML is escaped.

>>> import json, tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "notes.json").write_text(json.dumps({"hello": 1}))
>>> report = build_report([folder / "notes.json"], language="en")
>>> report.students, [s.reason for s in report.skipped]
(0, ['foreign'])

matplotlib is imported only when a figure is drawn.
"""
from __future__ import annotations

import base64
import html
import io
import os
import textwrap
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from swedu import exercises, scenarios
from swedu.activities import activity_ids
from swedu.i18n import LANGUAGES, catalog, get_language, t
from swedu.progress import ExportProblem, read_export

WRONG = frozenset({"wrong", "missing", "extra"})
"""Verdicts that count as a wrong classification (a role missing or too many is not yet right)."""
OKABE_ITO_BLUE = "#0072B2"
MAX_ATTEMPTS_PER_ACTIVITY = 50
"""Of one student, at most this many attempts per case stage, exercise or activity are counted (the first
ones): a student who checked a thousand times cannot outweigh the class."""


@dataclass(frozen=True)
class Skipped:
    """A file the report did not use, and why (``reason`` is a catalog key under ``report.skipped``)."""

    path: str
    reason: str
    other: str = ""
    pseudonym: str = ""


@dataclass
class ActorStats:
    """How one actor of one stage was classified. ``answers`` and ``wrong`` count checks (at most
    :data:`MAX_ATTEMPTS_PER_ACTIVITY` per student); :attr:`share` weighs every student equally."""

    actor: str
    name: str
    alternatives: Counter = field(default_factory=Counter)
    """Right answers that chose a role the key also accepts, per system: counted apart from errors."""
    answers: int = 0
    wrong: int = 0
    students: set = field(default_factory=set)
    students_wrong: set = field(default_factory=set)
    misconceptions: Counter = field(default_factory=Counter)
    per_student: dict = field(default_factory=dict)
    """pseudonym: [answers, wrong]"""

    def count(self, pseudonym: str, wrong: bool, misconceptions=()) -> None:
        """One check of this actor by one student."""
        mine = self.per_student.setdefault(pseudonym, [0, 0])
        mine[0] += 1
        self.answers += 1
        self.students.add(pseudonym)
        if wrong:
            mine[1] += 1
            self.wrong += 1
            self.students_wrong.add(pseudonym)
            self.misconceptions.update(misconceptions)

    @property
    def share(self) -> float:
        """The mean over students of each student's own share of wrong answers: a student who checked a
        hundred times weighs as much as one who checked once."""
        if not self.per_student:
            return self.wrong / self.answers if self.answers else 0.0
        return sum(w / n for n, w in self.per_student.values()) / len(self.per_student)

    @property
    def student_share(self) -> float:
        return len(self.students_wrong) / len(self.students) if self.students else 0.0


@dataclass
class StageStats:
    scenario: str
    stage: str
    title: str
    actors: list


@dataclass
class ExerciseStats:
    item: str
    attempts: int
    students: int
    completed: int
    mean_best: float | None


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def _md(text) -> str:
    """Text safe inside a Markdown table cell."""
    return html.escape(str(text), quote=False).replace("|", "\\|").replace("\n", " ")


def _shown(name: str) -> str:
    """A file name as it may be printed: control characters (a terminal's escape sequences, line breaks in
    a hand-in's name) are written as ``\\x1b`` instead of acting on the lecturer's terminal.

    >>> _shown("owl\\x1b[2J\\n.json")
    'owl\\\\x1b[2J\\\\n.json'
    """
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(name))


def _pct(value: float) -> str:
    return f"{round(value * 100)}%"


class ClassReport:
    """The merged results of many students. ``markdown()``, ``html()`` and ``write(path)`` render it."""

    def __init__(self, language: str, generated: str):
        self.language = language
        self.generated = generated
        self.skipped: list[Skipped] = []
        self.notes: list[Skipped] = []
        """Files that were used but deserve a look (the same pseudonym from two different stores)."""
        self.used: list[str] = []
        self.pseudonyms: list[str] = []
        self.attempts = 0
        self.capped = 0
        """Attempts not counted because a student had more than MAX_ATTEMPTS_PER_ACTIVITY on one activity."""
        self.stages: list[StageStats] = []
        self.misconceptions: Counter = Counter()
        self.misconception_students: dict = defaultdict(set)
        self.exercises: list[ExerciseStats] = []
        self._png: bytes | None = None

    @property
    def students(self) -> int:
        return len(self.pseudonyms)

    def t(self, key: str, **values) -> str:
        return t(key, self.language, **values)

    def misconception_name(self, ident: str) -> str:
        key = f"misconception.{ident}.name"
        return catalog(self.language).get(key, ident)

    def dominant(self) -> list[tuple[str, int, int]]:
        """``(misconception, students, occurrences)``, most students first."""
        rows = [(m, len(self.misconception_students[m]), n) for m, n in self.misconceptions.items()]
        return sorted(rows, key=lambda r: (-r[1], -r[2], r[0]))

    def hardest(self, limit: int = 10) -> list[tuple[StageStats, ActorStats]]:
        """The actors most students misclassified at least once, across all cases."""
        pairs = [(s, a) for s in self.stages for a in s.actors if a.students_wrong]
        pairs.sort(key=lambda p: (-p[1].student_share, -len(p[1].students_wrong), -p[1].share, p[0].title,
                                  p[1].name))
        return pairs[:limit]

    # -- the figure -------------------------------------------------------------------------
    def figure_png(self) -> bytes | None:
        """A horizontal bar chart of the dominant misconceptions as PNG bytes (``None`` if there are none)."""
        rows = self.dominant()[:12]
        if not rows:
            return None
        if self._png is not None:
            return self._png
        from matplotlib.figure import Figure  # no pyplot: a notebook's own backend is left alone

        labels = ["\n".join(textwrap.wrap(self.misconception_name(m).strip('"'), 38)) for m, _, _ in rows]
        values = [students for _, students, _ in rows]
        fig = Figure(figsize=(8.5, 0.75 * len(rows) + 1.4), dpi=100)
        ax = fig.add_subplot()
        positions = list(range(len(rows)))[::-1]
        bars = ax.barh(positions, values, color=OKABE_ITO_BLUE, edgecolor="black")
        ax.set_yticks(positions, labels, fontsize=9)
        for bar, value in zip(bars, values):
            ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2,
                    f" {value} ({_pct(value / self.students) if self.students else '0%'})",
                    va="center", fontsize=9)
        ax.set_xlabel(self.t("report.misconceptions.x_label"))
        ax.set_title(self.t("report.misconceptions.figure_title"))
        ax.set_xlim(0, max(values) * 1.25 + 0.5)
        from matplotlib.ticker import MaxNLocator

        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.spines[["top", "right"]].set_visible(False)
        fig.tight_layout()
        from swedu.draw import plain_text  # deferred: matplotlib only for a report with figures

        buffer = io.BytesIO()
        plain_text(fig).savefig(buffer, format="png", metadata={"Software": None})
        self._png = buffer.getvalue()
        return self._png

    # -- the parts, as rows of plain text -----------------------------------------------------
    def _intro(self) -> str:
        return self.t("report.generated", date=self.generated, students=self.students, attempts=self.attempts)

    def _counting(self) -> list[str]:
        """How every figure counts a student (and how many attempts the cap left out)."""
        lines = [self.t("report.counting", cap=MAX_ATTEMPTS_PER_ACTIVITY)]
        if self.capped:
            lines.append(self.t("report.capped", count=self.capped, cap=MAX_ATTEMPTS_PER_ACTIVITY))
        return lines

    def _hardest_table(self):
        head = [self.t(f"report.column.{c}") for c in ("case", "actor", "student_share", "wrong_share",
                                                        "misconceptions")]
        body = [[s.title, a.name, f"{_pct(a.student_share)} ({len(a.students_wrong)}/{len(a.students)})",
                 f"{_pct(a.share)} ({a.wrong}/{a.answers})", self._mis_list(a.misconceptions)]
                for s, a in self.hardest()]
        return head, body

    def _mis_list(self, counter: Counter) -> str:
        if not counter:
            return self.t("report.none_label")
        return "; ".join(self.t("report.count_item", name=self.misconception_name(m), count=n)
                         for m, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:4])

    def _stage_table(self, stage: StageStats):
        head = [self.t(f"report.column.{c}") for c in ("actor", "answers", "wrong_share", "student_share",
                                                        "misconceptions", "also_accepted")]
        body = [[a.name, str(a.answers), f"{_pct(a.share)} ({a.wrong}/{a.answers})",
                 f"{_pct(a.student_share)} ({len(a.students_wrong)}/{len(a.students)})",
                 self._mis_list(a.misconceptions), self._accepted_list(a.alternatives)] for a in stage.actors]
        return head, body

    def _accepted_list(self, counter: Counter) -> str:
        """The also accepted roles chosen, e.g. "action system (3×)": right answers, not errors."""
        if not counter:
            return self.t("report.none_label")
        return "; ".join(self.t("report.count_item", name=t(f"system.{system}.name", self.language), count=n)
                         for system, n in sorted(counter.items()))

    def _dominant_table(self):
        head = [self.t(f"report.column.{c}") for c in ("misconception", "students", "share_of_class",
                                                        "occurrences")]
        body = [[self.misconception_name(m), str(n), _pct(n / self.students) if self.students else "0%", str(k)]
                for m, n, k in self.dominant()]
        return head, body

    def _exercise_table(self):
        head = [self.t(f"report.column.{c}") for c in ("exercise", "students", "attempts", "completed",
                                                        "mean_best")]
        titles = catalog(self.language)
        body = [[titles.get(f"exercises.title.{x.item}", x.item), str(x.students), str(x.attempts),
                 f"{x.completed}/{x.students}",
                 self.t("report.none_label") if x.mean_best is None else _pct(x.mean_best)]
                for x in self.exercises]
        return head, body

    def _skipped_lines(self) -> list[str]:
        return [self.t("report.skipped.line", file=_shown(s.path), reason=self.t(
            f"report.skipped.reason.{s.reason}", other=_shown(s.other), pseudonym=s.pseudonym))
            for s in self.skipped]

    def _note_lines(self) -> list[str]:
        return [self.t(f"report.notes.{n.reason}", file=_shown(n.path), other=_shown(n.other),
                       pseudonym=n.pseudonym) for n in self.notes]

    # -- Markdown -----------------------------------------------------------------------------
    def markdown(self, image: str | None = None) -> str:
        """The report as Markdown; ``image`` is the file name of the figure placed beside it."""
        out = [f"# {_md(self.t('report.title'))}", "", _md(self._intro()), ""]
        for line in self._counting():
            out += [_md(line), ""]

        def table(head, body):
            out.append("| " + " | ".join(_md(h) for h in head) + " |")
            out.append("|" + "|".join("---" for _ in head) + "|")
            out.extend("| " + " | ".join(_md(c) for c in row) + " |" for row in body)
            out.append("")

        if not self.students:
            out += [_md(self.t("report.no_data")), ""]
        out += [f"## {_md(self.t('report.hardest.heading'))}", "", _md(self.t("report.hardest.intro")), ""]
        head, body = self._hardest_table()
        if body:
            table(head, body)
        else:
            out += [_md(self.t("report.hardest.none")), ""]
        out += [f"## {_md(self.t('report.misconceptions.heading'))}", ""]
        head, body = self._dominant_table()
        if body:
            out += [_md(self.t("report.misconceptions.intro")), ""]
            if image:
                out += [f"![{_md(self.t('report.misconceptions.figure_alt'))}]({image})", ""]
            table(head, body)
        else:
            out += [_md(self.t("report.misconceptions.none")), ""]
        out += [f"## {_md(self.t('report.cases.heading'))}", "", _md(self.t("report.cases.intro")), ""]
        if not self.stages:
            out += [_md(self.t("report.cases.none")), ""]
        for stage in self.stages:
            out += [f"### {_md(stage.title)}", ""]
            table(*self._stage_table(stage))
        out += [f"## {_md(self.t('report.exercises.heading'))}", ""]
        if self.exercises:
            table(*self._exercise_table())
        else:
            out += [_md(self.t("report.exercises.none")), ""]
        out += [f"## {_md(self.t('report.skipped.heading', count=len(self.skipped)))}", ""]
        lines = self._skipped_lines()
        out += [f"- {_md(line)}" for line in lines] if lines else [_md(self.t("report.skipped.none"))]
        out.append("")
        if self.notes:
            out += [f"## {_md(self.t('report.notes.heading', count=len(self.notes)))}", ""]
            out += [f"- {_md(line)}" for line in self._note_lines()] + [""]
        return "\n".join(out)

    # -- HTML ---------------------------------------------------------------------------------
    def html(self, standalone: bool = True) -> str:
        """The report as one HTML page (figure embedded as a base64 PNG); every text is escaped."""
        out = []

        def table(head, body, caption):
            out.append(f"<table><caption>{_e(caption)}</caption><thead><tr>"
                       + "".join(f'<th scope="col">{_e(h)}</th>' for h in head) + "</tr></thead><tbody>")
            for row in body:
                out.append(f'<tr><th scope="row">{_e(row[0])}</th>'
                           + "".join(f"<td>{_e(c)}</td>" for c in row[1:]) + "</tr>")
            out.append("</tbody></table>")

        out.append(f"<h1>{_e(self.t('report.title'))}</h1><p>{_e(self._intro())}</p>")
        out.extend(f'<p class="swedu-counting">{_e(line)}</p>' for line in self._counting())
        if not self.students:
            out.append(f"<p><strong>{_e(self.t('report.no_data'))}</strong></p>")
        out.append(f"<h2>{_e(self.t('report.hardest.heading'))}</h2><p>{_e(self.t('report.hardest.intro'))}</p>")
        head, body = self._hardest_table()
        if body:
            table(head, body, self.t("report.hardest.heading"))
        else:
            out.append(f"<p>{_e(self.t('report.hardest.none'))}</p>")
        out.append(f"<h2>{_e(self.t('report.misconceptions.heading'))}</h2>")
        head, body = self._dominant_table()
        if body:
            out.append(f"<p>{_e(self.t('report.misconceptions.intro'))}</p>")
            png = self.figure_png()
            if png:
                data = base64.b64encode(png).decode("ascii")
                out.append(f'<figure><img src="data:image/png;base64,{data}" '
                           f'alt="{_e(self.t("report.misconceptions.figure_alt"))}">'
                           f"<figcaption>{_e(self.t('report.misconceptions.figure_title'))}</figcaption></figure>")
            table(head, body, self.t("report.misconceptions.heading"))
        else:
            out.append(f"<p>{_e(self.t('report.misconceptions.none'))}</p>")
        out.append(f"<h2>{_e(self.t('report.cases.heading'))}</h2><p>{_e(self.t('report.cases.intro'))}</p>")
        if not self.stages:
            out.append(f"<p>{_e(self.t('report.cases.none'))}</p>")
        for stage in self.stages:
            out.append(f"<h3>{_e(stage.title)}</h3>")
            table(*self._stage_table(stage), stage.title)
        out.append(f"<h2>{_e(self.t('report.exercises.heading'))}</h2>")
        if self.exercises:
            table(*self._exercise_table(), self.t("report.exercises.heading"))
        else:
            out.append(f"<p>{_e(self.t('report.exercises.none'))}</p>")
        out.append(f"<h2>{_e(self.t('report.skipped.heading', count=len(self.skipped)))}</h2>")
        lines = self._skipped_lines()
        if lines:
            out.append('<ul class="swedu-skipped">' + "".join(f"<li>{_e(x)}</li>" for x in lines) + "</ul>")
        else:
            out.append(f"<p>{_e(self.t('report.skipped.none'))}</p>")
        if self.notes:
            out.append(f"<h2>{_e(self.t('report.notes.heading', count=len(self.notes)))}</h2>")
            out.append('<ul class="swedu-notes">' + "".join(f"<li>{_e(x)}</li>" for x in self._note_lines())
                       + "</ul>")
        body_html = "\n".join(out)
        if not standalone:
            return f'<div class="swedu-report" lang="{self.language}">{body_html}</div>'
        return (f'<!DOCTYPE html>\n<html lang="{self.language}">\n<head>\n<meta charset="utf-8">\n'
                f"<title>{_e(self.t('report.title'))}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
                f"{body_html}\n</main>\n</body>\n</html>\n")

    def _repr_html_(self) -> str:
        return self.html(standalone=False)

    def __repr__(self) -> str:
        return f"<swedu class report: {self.students} students, {self.attempts} attempts, {len(self.skipped)} skipped>"

    def write(self, output: str | os.PathLike) -> list[Path]:
        """Write the report: ``.html`` (one self-contained page) or ``.md`` (with a PNG beside it)."""
        path = Path(output)
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix.lower() in (".md", ".markdown"):
            png = self.figure_png()
            written = []
            image = None
            if png:
                image_path = path.with_name(f"{path.stem}-misconceptions.png")
                image_path.write_bytes(png)
                image = image_path.name
                written.append(image_path)
            path.write_text(self.markdown(image), encoding="utf-8")
            return [path] + written
        path.write_text(self.html(), encoding="utf-8")
        return [path]


_CSS = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #111; }
table { border-collapse: collapse; margin: 1rem 0; width: 100%; }
caption { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
th, td { border: 1px solid #777; padding: .3rem .5rem; text-align: left; vertical-align: top; }
thead th { background: #e8e8e8; }
img { max-width: 100%; height: auto; }
"""


def _expand(paths) -> tuple[list[Path], list[Skipped]]:
    """The files to read (a folder gives its ``.json`` files), and every entry of a folder left out, with why.

    Nothing is opened here; :func:`swedu.progress.read_export` reads only regular files.
    """
    import stat

    out: list[Path] = []
    left: list[Skipped] = []
    for p in paths:
        p = Path(p)
        try:
            is_dir = stat.S_ISDIR(os.stat(p).st_mode)
        except OSError:
            is_dir = False
        if not is_dir:
            out.append(p)
            continue
        try:
            entries = sorted(p.iterdir())
        except OSError:
            left.append(Skipped(str(p), "unreadable"))
            continue
        for q in entries:
            try:
                mode = os.stat(q).st_mode
            except OSError:  # a link to nowhere
                left.append(Skipped(str(q), "missing"))
                continue
            if not stat.S_ISREG(mode):
                left.append(Skipped(str(q), "not_a_file"))
            elif q.suffix.lower() != ".json":
                left.append(Skipped(str(q), "not_json_name"))
            else:
                out.append(q)
    return out, left


class KnownIds:
    """The ids this course knows: cases (built-in and the lecturer's folders) with their stages and actors,
    exercises, activities and misconceptions. Only these reach a report; an id from a hand-in is looked
    up here and never used as a file name.

    >>> known = KnownIds("en")
    >>> known.case("scenario", "delinquent-youth") is not None, known.case("scenario", "../../../dev/stdin")
    (True, None)
    >>> known.misconception("client_is_problem_bearer"), known.misconception("the lecturer is boring")
    (True, False)
    """

    def __init__(self, language: str):
        self.language = language
        self._cases: dict = {}
        self._scenario_ids: set | None = None
        self._exercise_ids: set | None = None
        self._activity_ids: set | None = None
        self._misconceptions = {key.split(".")[1] for key in catalog(language)
                                if key.startswith("misconception.") and key.endswith(".name")
                                and key.count(".") == 2}

    def scenario_ids(self) -> set:
        if self._scenario_ids is None:
            try:
                self._scenario_ids = set(scenarios.scenario_ids())
            except Exception:  # noqa: BLE001 - a folder that cannot be listed adds no ids
                self._scenario_ids = set()
        return self._scenario_ids

    def exercise_ids(self) -> set:
        if self._exercise_ids is None:
            try:
                self._exercise_ids = set(exercises.exercise_ids())
            except Exception:  # noqa: BLE001 - exercises are optional for the report
                self._exercise_ids = set()
        return self._exercise_ids

    def activity_ids(self) -> set:
        if self._activity_ids is None:
            try:
                self._activity_ids = set(activity_ids())
            except Exception:  # noqa: BLE001
                self._activity_ids = set()
        return self._activity_ids

    def item(self, kind: str, item: str) -> bool:
        """Whether ``item`` is a case, exercise or activity of this course (for its ``kind``)."""
        if kind == "scenario":
            return item in self.scenario_ids()
        if kind == "exercise":
            return item in self.exercise_ids()
        return item in self.activity_ids()

    def case(self, kind: str, item: str):
        """The case of a known scenario or exercise (loaded by its id only), else ``None``."""
        if (kind, item) not in self._cases:
            case = None
            if kind == "scenario" and item in self.scenario_ids():
                case = _scenario(item)
            elif kind == "exercise" and item in self.exercise_ids():
                case = _exercise_case(item)
            self._cases[(kind, item)] = case
        return self._cases[(kind, item)]

    def misconception(self, ident: str) -> bool:
        return ident in self._misconceptions

    def clean(self, attempt: dict) -> tuple[dict | None, int]:
        """The attempt with only known ids (``None`` when its case, exercise or activity is unknown), and
        how many unknown ids were left out."""
        kind, item, stage = attempt["kind"], attempt["item"], attempt["stage"]
        if not self.item(kind, item):
            return None, 1
        unknown = 0
        case = self.case(kind, item)
        if case is not None:
            if (stage or kind == "scenario") and stage not in {s.id for s in case.stages}:
                return None, 1
            actors = {a.id for a in case.actors}
        elif kind == "scenario":
            return None, 1  # a lecturer's case that does not load
        else:
            actors = set()
        # An exercise's or activity's own item ids (q1, relation-1) are never shown: only an actor of a
        # case is named in the report, so only a case's keys must be its actors.
        keep = (lambda key: key in actors) if kind == "scenario" else (lambda key: True)
        verdicts = {}
        for key, status in attempt["verdicts"].items():
            if keep(key) and (kind == "scenario" or not actors or key in actors):
                verdicts[key] = status
            elif not keep(key):
                unknown += 1
            # else: an exercise's own item (relation-1) beside its case's actors: never a row of the tables
        misconceptions = {}
        for key, ids in attempt["misconceptions"].items():
            if not keep(key):
                unknown += 1
                continue
            kept = [m for m in ids if self.misconception(m)]
            unknown += len(ids) - len(kept)
            if kept:
                misconceptions[key] = kept
        return dict(attempt, verdicts=verdicts, misconceptions=misconceptions), unknown


def _scenario(item: str):
    """A case by its id; the caller has checked that the id is one of :func:`swedu.scenarios.scenario_ids`."""
    try:
        return scenarios.load_scenario(item)
    except Exception:  # noqa: BLE001 - a broken lecturer's file is shown by its ids
        return None


def _exercise_case(item: str):
    """The case an exercise is about (from :mod:`swedu.exercises`, when it knows the exercise)."""
    try:
        if item not in exercises.exercise_ids():
            return None
        return exercises.case(item)
    except Exception:  # noqa: BLE001 - exercises are optional for the report
        return None


def build_report(paths, output: str | os.PathLike | None = None, language: str | None = None,
                 generated: str | None = None) -> ClassReport:
    """Merge the progress exports in ``paths`` (files or folders of ``.json``) into a :class:`ClassReport`.

    With ``output`` (``report.html`` or ``report.md``) the report is also written there. Files that
    cannot be used are listed in ``report.skipped`` and never stop the report.
    """
    lang = language or get_language()
    if lang not in LANGUAGES:
        raise ValueError(t("report.bad_language", given=str(language), choices=", ".join(LANGUAGES)))
    report = ClassReport(lang, generated or datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"))

    # 1. read every file; keep one export per student (pseudonym and store: the newest), list the rest
    known = KnownIds(lang)
    chosen: dict[tuple[str, str], tuple[str, dict]] = {}
    seen: dict[tuple[str, str], str] = {}
    files, report.skipped = _expand(paths)
    for path in files:
        name = str(path)
        try:
            data = read_export(path, answers=False)  # the report never shows answers
        except ExportProblem as problem:
            report.skipped.append(Skipped(name, problem.reason))
            continue
        key = (data["pseudonym"], data["checksum"])
        if key in seen:
            report.skipped.append(Skipped(name, "duplicate", seen[key], data["pseudonym"]))
            continue
        seen[key] = name
        student = (data["pseudonym"], data["store"])
        earlier = chosen.get(student)
        if earlier is None:
            chosen[student] = (name, data)
        elif (data["exported"], name) > (earlier[1]["exported"], earlier[0]):
            report.skipped.append(Skipped(earlier[0], "replaced", name, data["pseudonym"]))
            chosen[student] = (name, data)
        else:
            report.skipped.append(Skipped(name, "replaced", earlier[0], data["pseudonym"]))

    # the same pseudonym from different stores: two students (or one on two computers); both count
    labels: dict[tuple[str, str], str] = {}
    first: dict[str, str] = {}
    for student in sorted(chosen, key=lambda s: (s[0], chosen[s][0])):
        pseudonym = student[0]
        if pseudonym not in first:
            first[pseudonym] = chosen[student][0]
            labels[student] = pseudonym
        else:
            number = sum(1 for s in labels if s[0] == pseudonym) + 1
            labels[student] = f"{pseudonym} ({number})"
            report.notes.append(Skipped(chosen[student][0], "same_pseudonym", first[pseudonym], pseudonym))

    # 2. count: only known ids; each student's first MAX_ATTEMPTS_PER_ACTIVITY attempts per activity and stage
    stage_actor: dict = {}
    exercise: dict = defaultdict(lambda: {"attempts": 0, "best": {}})
    for student in sorted(chosen, key=labels.get):
        name, data = chosen[student]
        pseudonym = labels[student]
        report.used.append(name)
        report.pseudonyms.append(pseudonym)
        unknown = data.get("dropped", 0)  # attempts that name no activity with a plain id
        per_activity: Counter = Counter()
        for raw in data["attempts"]:
            attempt, left_out = known.clean(raw)
            unknown += left_out
            if attempt is None:
                continue
            kind = attempt["kind"]
            per_activity[(kind, attempt["item"], attempt["stage"])] += 1
            if per_activity[(kind, attempt["item"], attempt["stage"])] > MAX_ATTEMPTS_PER_ACTIVITY:
                report.capped += 1
                continue
            report.attempts += 1
            for ids in attempt["misconceptions"].values():
                for m in ids:
                    report.misconceptions[m] += 1
                    report.misconception_students[m].add(pseudonym)
            mis = attempt["misconceptions"]
            for actor, status in attempt["verdicts"].items():
                if status == "not_answered":
                    continue
                key = (kind, attempt["item"], attempt["stage"], actor)
                stats = stage_actor.get(key)
                if stats is None:
                    stats = stage_actor[key] = ActorStats(actor, actor)
                stats.count(pseudonym, status in WRONG, mis.get(actor, ()))
            if kind != "scenario":
                entry = exercise[(kind, attempt["item"])]
                entry["attempts"] += 1
                score = attempt["score"]
                best = entry["best"].get(pseudonym)
                if score is not None and (best is None or score > best):
                    entry["best"][pseudonym] = score
                else:
                    entry["best"].setdefault(pseudonym, best)
        if unknown:
            report.notes.append(Skipped(name, "unknown_ids", str(unknown), pseudonym))

    # also accepted roles the students chose: right answers, counted apart from the errors
    for _file, data in chosen.values():
        for attempt in data["attempts"]:
            for actor, systems in attempt.get("alternatives", {}).items():
                stats = stage_actor.get((attempt["kind"], attempt["item"], attempt["stage"], actor))
                if stats is not None and attempt["verdicts"].get(actor) == "correct":
                    stats.alternatives.update(systems)

    # 3. name and order the cases, stages and actors (exercises that classify a case's actors too)
    grouped: dict = defaultdict(list)
    for (kind, item, stage, actor), stats in stage_actor.items():
        grouped[(kind, item, stage)].append(stats)
    titles = catalog(lang)

    case_of = known.case

    def stage_order(key):
        kind, item, stage = key
        scenario = case_of(kind, item)
        title = scenario.title[lang] if scenario else item
        index = 999
        if scenario:
            index = next((i for i, s in enumerate(scenario.stages) if s.id == stage), 999)
        return (kind != "scenario", title.lower(), item, index, stage)

    for kind, item, stage in sorted(grouped, key=stage_order):
        scenario = case_of(kind, item)
        actors = grouped[(kind, item, stage)]
        if kind != "scenario" and (scenario is None or not {a.actor for a in actors} <= {
                a.id for a in scenario.actors}):
            continue  # an exercise about something other than classifying a case's actors
        title = f"{item} — {stage}" if stage else item
        order = {}
        if scenario is not None:
            order = {a.id: i for i, a in enumerate(scenario.actors)}
            names = {a.id: a.name[lang] for a in scenario.actors}
            for stats in actors:
                stats.name = names.get(stats.actor, stats.actor)
            try:
                title = f"{scenario.title[lang]} — {scenario.stage(stage).title[lang]}" if stage else \
                    scenario.title[lang]
            except Exception:  # noqa: BLE001 - a stage removed from the case since
                title = f"{scenario.title[lang]} — {stage}"
        if kind != "scenario":
            title = f"{titles.get(f'exercises.title.{item}', item)} — {title}"
        actors.sort(key=lambda a: (-a.share, order.get(a.actor, 999), a.name))
        report.stages.append(StageStats(item, stage, title, actors))

    for (kind, item), entry in sorted(exercise.items(), key=lambda kv: kv[0][1]):
        scores = [s for s in entry["best"].values() if s is not None]
        report.exercises.append(ExerciseStats(
            item, entry["attempts"], len(entry["best"]), sum(1 for s in scores if s >= 0.9999),
            sum(scores) / len(scores) if scores else None))

    if output is not None:
        report.write(output)
    return report


def run_cli(files, output: str | None, language: str | None) -> int:
    """``swedu report FILES... [-o report.html] [--lang id]``: write the report, say what was skipped."""
    lang = language or get_language()
    if not files:
        print(t("report.cli.usage", lang))
        return 2
    target = output or "report.html"
    try:
        report = build_report(files, None, lang)
        written = report.write(target)
    except OSError as error:
        print(t("report.cli.cannot_write", lang, file=target, error=str(error)))
        return 1
    for line in report._skipped_lines() + report._note_lines():
        print(line)
    print(t("report.cli.done", lang, students=report.students, attempts=report.attempts,
            skipped=len(report.skipped), files=", ".join(str(p) for p in written)))
    return 0 if report.students else 1
