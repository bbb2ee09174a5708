"""Rendering the class report: one Jinja2 template per output, ``templates/report.html.j2`` (the page and
the notebook's view) and ``templates/report.md.j2`` (Markdown, the figure beside it as a PNG file).

The rows of the tables are made once here, as plain text, for both templates; every label comes from
the catalogs in the report's language. Each environment escapes every value a template prints, for
its output: HTML with :func:`html.escape` (quotes too) and a Markdown table cell with
:func:`markdown_text`; only a value marked :class:`markupsafe.Markup` (the figure's file name, a
table already rendered) passes as it is. jinja2 loads on the first rendering.

>>> shown_name("owl\\x1b[2J\\n.json")
'owl\\\\x1b[2J\\\\n.json'
>>> markdown_text("A | B <b>\\nC")
'A \\\\| B &lt;b&gt; C'
"""
from __future__ import annotations

import base64
import functools
import html
from collections import Counter, namedtuple

from swedu.i18n import catalog, t
from swedu.report.learning_render import learning_context
from swedu.report.statistics import MAX_ATTEMPTS_PER_ACTIVITY, ClassStatistics, percent

Table = namedtuple("Table", "caption head rows")
"""A table of the report: its caption (for screen readers), column heads and rows of plain text."""


def html_text(text) -> str:
    """Text safe in HTML, as an element's content or a quoted attribute."""
    return html.escape(str(text), quote=True)


def markdown_text(text) -> str:
    """Text safe inside a Markdown table cell (and any other line of the report)."""
    return html.escape(str(text), quote=False).replace("|", "\\|").replace("\n", " ")


def shown_name(name: str) -> str:
    """A file name as it may be printed: control characters (a terminal's escape sequences, line breaks in
    a hand-in's name) are written as ``\\x1b`` instead of acting on the lecturer's terminal."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(name))


@functools.lru_cache(maxsize=None)
def environment(output: str):
    """The Jinja2 environment of ``output`` (``"html"`` or ``"md"``): it escapes every printed value for it."""
    from jinja2 import Environment, PackageLoader, StrictUndefined
    from markupsafe import Markup

    escape = {"html": html_text, "md": markdown_text}[output]

    def finalize(value):
        return value if isinstance(value, Markup) else Markup(escape(value))

    return Environment(loader=PackageLoader("swedu.report", "templates"), autoescape=True, finalize=finalize,
                       trim_blocks=True, lstrip_blocks=True, undefined=StrictUndefined)


def misconception_name(language: str, ident: str) -> str:
    """A misconception's name in ``language`` (its id when the catalog does not know it)."""
    return catalog(language).get(f"misconception.{ident}.name", ident)


def render_html(report: ClassStatistics, figure_png: bytes | None, standalone: bool = True,
                learning_png: bytes | None = None) -> str:
    """The report as one HTML page (or, not ``standalone``, a ``<div>`` for a notebook), the figures embedded."""
    figure = base64.b64encode(figure_png).decode("ascii") if figure_png else None
    learning_figure = base64.b64encode(learning_png).decode("ascii") if learning_png else None
    return environment("html").get_template("report.html.j2").render(
        _context(report), figure=figure, standalone=standalone, learning_figure=learning_figure)


def render_markdown(report: ClassStatistics, image: str | None = None, learning_image: str | None = None) -> str:
    """The report as Markdown; ``image`` (and ``learning_image``) are the file names of the figures beside it."""
    from markupsafe import Markup

    return environment("md").get_template("report.md.j2").render(
        _context(report), image=Markup(image) if image else None,
        learning_image=Markup(learning_image) if learning_image else None)


def skipped_lines(report: ClassStatistics) -> list[str]:
    """One line per file skipped: its name (printable) and why."""
    lang = report.language
    return [t("report.skipped.line", lang, file=shown_name(s.path), reason=t(
        f"report.skipped.reason.{s.reason}", lang, other=shown_name(s.other), pseudonym=s.pseudonym))
        for s in report.skipped]


def note_lines(report: ClassStatistics) -> list[str]:
    """One line per file that was used but deserves a look."""
    return [t(f"report.notes.{n.reason}", report.language, file=shown_name(n.path), other=shown_name(n.other),
              pseudonym=n.pseudonym) for n in report.notes]


# -- what the templates show, as plain text ---------------------------------------------------------
def _context(report: ClassStatistics) -> dict:
    lang = report.language

    def say(key: str, **values) -> str:
        return t(key, lang, **values)

    counting = [say("report.counting", cap=MAX_ATTEMPTS_PER_ACTIVITY)]
    if report.capped:
        counting.append(say("report.capped", count=report.capped, cap=MAX_ATTEMPTS_PER_ACTIVITY))
    return {
        "t": say, "language": lang,
        "intro": say("report.generated", date=report.generated, students=report.students, attempts=report.attempts),
        "counting": counting, "no_data": not report.students,
        "hardest": _hardest_table(report), "dominant": _dominant_table(report),
        "stages": [_stage_table(report, stage) for stage in report.stages],
        "exercises": _exercise_table(report) if report.exercises else None,
        "skipped": skipped_lines(report), "notes": note_lines(report),
        # the concept test's section (None without a sitting: the template then prints nothing of it)
        "learning": learning_context(getattr(report, "learning", None), getattr(report, "concept_test", None),
                                     getattr(report, "outcomes", None) or {}, lang),
    }


def _heads(language: str, *columns: str) -> list[str]:
    return [t(f"report.column.{c}", language) for c in columns]


def _misconception_list(language: str, counter: Counter) -> str:
    if not counter:
        return t("report.none_label", language)
    return "; ".join(t("report.count_item", language, name=misconception_name(language, m), count=n)
                     for m, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:4])


def _possible_list(language: str, counter: Counter) -> str:
    """The misconceptions only possibly shown, after those shown ("" when none: the table is unchanged)."""
    if not counter:
        return ""
    return "; " + t("report.possible_item", language, name=_misconception_list(language, counter))


def _accepted_list(language: str, counter: Counter) -> str:
    """The also accepted roles chosen, e.g. "action system (3×)": right answers, not errors."""
    if not counter:
        return t("report.none_label", language)
    return "; ".join(t("report.count_item", language, name=t(f"system.{system}.name", language), count=n)
                     for system, n in sorted(counter.items()))


def _hardest_table(report: ClassStatistics) -> Table:
    lang = report.language
    rows = [[s.title, a.name, f"{percent(a.student_share)} ({len(a.students_wrong)}/{len(a.students)})",
             f"{percent(a.share)} ({a.wrong}/{a.answers})", _misconception_list(lang, a.misconceptions)]
            for s, a in report.hardest()]
    return Table(t("report.hardest.heading", lang),
                 _heads(lang, "case", "actor", "student_share", "wrong_share", "misconceptions"), rows)


def _dominant_table(report: ClassStatistics) -> Table:
    lang = report.language
    rows = [[misconception_name(lang, m), str(n), percent(n / report.students) if report.students else "0%", str(k)]
            for m, n, k in report.dominant()]
    # Misconceptions the answers only may show: rows of their own, only when there are any.
    rows += [[t("report.possible_item", lang, name=misconception_name(lang, m)), str(n),
              percent(n / report.students) if report.students else "0%", str(k)] for m, n, k in report.possible()]
    return Table(t("report.misconceptions.heading", lang),
                 _heads(lang, "misconception", "students", "share_of_class", "occurrences"), rows)


def _stage_table(report: ClassStatistics, stage) -> Table:
    lang = report.language
    rows = [[a.name, str(a.answers), f"{percent(a.share)} ({a.wrong}/{a.answers})",
             f"{percent(a.student_share)} ({len(a.students_wrong)}/{len(a.students)})",
             _misconception_list(lang, a.misconceptions) + _possible_list(lang, a.possible),
             _accepted_list(lang, a.alternatives)] for a in stage.actors]
    return Table(stage.title, _heads(lang, "actor", "answers", "wrong_share", "student_share", "misconceptions",
                                     "also_accepted"), rows)


def _exercise_table(report: ClassStatistics) -> Table:
    lang = report.language
    titles = catalog(lang)
    rows = [[titles.get(f"exercises.title.{x.item}", x.item), str(x.students), str(x.attempts),
             f"{x.completed}/{x.students}",
             t("report.none_label", lang) if x.mean_best is None else percent(x.mean_best)]
            for x in report.exercises]
    return Table(t("report.exercises.heading", lang),
                 _heads(lang, "exercise", "students", "attempts", "completed", "mean_best"), rows)
