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

from swedu.i18n import LANGUAGES, catalog, get_language, t
from swedu.progress import ExportProblem, read_export

WRONG = frozenset({"wrong", "missing", "extra"})
"""Verdicts that count as a wrong classification (a role missing or too many is not yet right)."""
OKABE_ITO_BLUE = "#0072B2"


@dataclass(frozen=True)
class Skipped:
    """A file the report did not use, and why (``reason`` is a catalog key under ``report.skipped``)."""

    path: str
    reason: str
    other: str = ""
    pseudonym: str = ""


@dataclass
class ActorStats:
    actor: str
    name: str
    alternatives: Counter = field(default_factory=Counter)
    """Right answers that chose a role the key also accepts, per system: counted apart from errors."""
    answers: int = 0
    wrong: int = 0
    students: set = field(default_factory=set)
    students_wrong: set = field(default_factory=set)
    misconceptions: Counter = field(default_factory=Counter)

    @property
    def share(self) -> float:
        return self.wrong / self.answers if self.answers else 0.0

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
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", metadata={"Software": None})
        self._png = buffer.getvalue()
        return self._png

    # -- the parts, as rows of plain text -----------------------------------------------------
    def _intro(self) -> str:
        return self.t("report.generated", date=self.generated, students=self.students, attempts=self.attempts)

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
        return [self.t("report.skipped.line", file=s.path, reason=self.t(
            f"report.skipped.reason.{s.reason}", other=s.other, pseudonym=s.pseudonym)) for s in self.skipped]

    def _note_lines(self) -> list[str]:
        return [self.t(f"report.notes.{n.reason}", file=n.path, other=n.other, pseudonym=n.pseudonym)
                for n in self.notes]

    # -- Markdown -----------------------------------------------------------------------------
    def markdown(self, image: str | None = None) -> str:
        """The report as Markdown; ``image`` is the file name of the figure placed beside it."""
        out = [f"# {_md(self.t('report.title'))}", "", _md(self._intro()), ""]

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


def _expand(paths) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            out.extend(sorted(q for q in p.iterdir() if q.suffix.lower() == ".json" and q.is_file()))
        else:
            out.append(p)
    return out


def _scenario(item: str):
    try:
        from swedu.scenarios import load_scenario

        return load_scenario(item)
    except Exception:  # noqa: BLE001 - a case this computer does not know is shown by its ids
        return None


def _exercise_case(item: str):
    """The case an exercise is about (from :mod:`swedu.exercises`, when it knows the exercise)."""
    try:
        from swedu import exercises

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
    chosen: dict[tuple[str, str], tuple[str, dict]] = {}
    seen: dict[tuple[str, str], str] = {}
    for path in _expand(paths):
        name = str(path)
        if not path.exists():
            report.skipped.append(Skipped(name, "missing"))
            continue
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

    # 2. count
    stage_actor: dict = {}
    exercise: dict = defaultdict(lambda: {"attempts": 0, "best": {}})
    for student in sorted(chosen, key=labels.get):
        name, data = chosen[student]
        pseudonym = labels[student]
        report.used.append(name)
        report.pseudonyms.append(pseudonym)
        for attempt in data["attempts"]:
            report.attempts += 1
            for ids in attempt["misconceptions"].values():
                for m in ids:
                    report.misconceptions[m] += 1
                    report.misconception_students[m].add(pseudonym)
            kind = attempt["kind"]
            mis = attempt["misconceptions"]
            for actor, status in attempt["verdicts"].items():
                if status == "not_answered":
                    continue
                key = (kind, attempt["item"], attempt["stage"], actor)
                stats = stage_actor.get(key)
                if stats is None:
                    stats = stage_actor[key] = ActorStats(actor, actor)
                stats.answers += 1
                stats.students.add(pseudonym)
                if status in WRONG:
                    stats.wrong += 1
                    stats.students_wrong.add(pseudonym)
                    stats.misconceptions.update(mis.get(actor, ()))
            if kind != "scenario":
                entry = exercise[(kind, attempt["item"])]
                entry["attempts"] += 1
                score = attempt["score"]
                best = entry["best"].get(pseudonym)
                if score is not None and (best is None or score > best):
                    entry["best"][pseudonym] = score
                else:
                    entry["best"].setdefault(pseudonym, best)

    # also accepted roles the students chose: right answers, counted apart from the errors
    for _file, data in chosen.values():
        for attempt in data["attempts"]:
            for actor, systems in attempt.get("alternatives", {}).items():
                stats = stage_actor.get((attempt["kind"], attempt["item"], attempt["stage"], actor))
                if stats is not None and attempt["verdicts"].get(actor) == "correct":
                    stats.alternatives.update(systems)

    # 3. name and order the cases, stages and actors (exercises that classify a case's actors too)
    cache: dict = {}
    grouped: dict = defaultdict(list)
    for (kind, item, stage, actor), stats in stage_actor.items():
        grouped[(kind, item, stage)].append(stats)
    titles = catalog(lang)

    def case_of(kind, item):
        if (kind, item) not in cache:
            cache[(kind, item)] = _scenario(item) if kind == "scenario" else _exercise_case(item)
        return cache[(kind, item)]

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
