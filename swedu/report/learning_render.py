"""The concept test's section of the class report, as plain text rows for both templates.

:func:`learning_context` turns :class:`swedu.report.learning.LearningStatistics` into the paragraphs
and tables the templates print (``templates/learning.html.j2``, ``learning.md.j2``); the templates
include the section only when a class took the test, so a report without it is unchanged byte for
byte. Options are named by their letter (A, B, C ...) in the order the test gives them, items by their
number and question. Every label comes from the catalogs in the report's language; the templates'
environments escape every value.

>>> number(0.4444, "en"), number(0.4444, "id"), number(None, "en"), number(-0.001, "en"), number(-0.25, "id")
('0.44', '0,44', '–', '0.00', '-0,25')
"""
from __future__ import annotations

import string
from collections import namedtuple

from swedu.i18n import t
from swedu.report.learning import PHASES, LearningStatistics
from swedu.report.statistics import percent

SMALL_CLASS = 30
"""Below this many students with both tests the report says the numbers are a rough picture."""
LETTERS = string.ascii_uppercase
Table = namedtuple("Table", "caption head rows")
"""A table as the report's templates print it (the shape of :data:`swedu.report.render.Table`)."""


def number(value, language: str, places: int = 2) -> str:
    """A decimal as the report writes it (a comma in Indonesian); ``–`` for an undefined value."""
    if value is None:
        return "–"
    text = f"{value:.{places}f}"
    if text.startswith("-") and not text.strip("-0."):
        text = text[1:]  # -0.00 is 0.00
    return text.replace(".", ",") if language == "id" else text


def share(value) -> str:
    return "–" if value is None else percent(value)


def letters(item) -> dict:
    """``{option id: letter}`` in the order the test gives the options."""
    return {o.id: LETTERS[n] for n, o in enumerate(item.options)}


def _table(caption: str, head: list, rows: list) -> Table:
    return Table(caption, head, rows)


def learning_context(stats: LearningStatistics | None, test, outcomes: dict, language: str) -> dict | None:
    """What the templates print of the concept test, or ``None`` when nobody took it."""
    if stats is None:
        return None
    lang = language

    def say(key: str, **values) -> str:
        return t(f"report.learning.{key}", lang, **values)

    def heads(*columns: str) -> list:
        return [say(f"column.{c}") for c in columns]

    paragraphs = [say("intro", items=stats.max_score),
                  say("took", both=len(stats.both), pre_only=len(stats.pre_only), post_only=len(stats.post_only))]
    if stats.class_gain is not None:
        paragraphs.append(say("gain_line", pre=number(stats.class_pre, lang), post=number(stats.class_post, lang),
                              max=stats.max_score, gain=number(stats.class_gain, lang), both=len(stats.both)))
    else:
        paragraphs.append(say("gain_undefined"))
    if stats.gains:
        paragraphs.append(say("gain_students", mean=number(stats.mean_student_gain, lang), count=len(stats.gains),
                              undefined=stats.undefined_gains))
    if len(stats.both) < SMALL_CLASS:
        paragraphs.append(say("small_class"))

    pre, post = stats.summaries["pre"], stats.summaries["post"]
    maximum = stats.max_score
    score_rows = [
        [say("row.students"), str(pre.students), str(post.students)],
        [say("row.mean", max=maximum), number(pre.mean, lang), number(post.mean, lang)],
        [say("row.mean_percent"), share(None if pre.mean is None else pre.mean / maximum),
         share(None if post.mean is None else post.mean / maximum)],
        [say("row.median"), number(pre.median, lang, 1), number(post.median, lang, 1)],
        [say("row.sd"), number(pre.sd, lang), number(post.sd, lang)],
        [say("row.kr20"), number(pre.kr20, lang), number(post.kr20, lang)],
    ]
    scores = _table(say("scores_caption"), heads("measure", "pre", "post"), score_rows)

    items_by_id = {i.id: i for i in test.items}
    item_rows = []
    for n, row in enumerate(stats.items, 1):
        item = items_by_id[row.item]
        letter = letters(item)
        distractors = "; ".join(f"{letter[o]} {percent(up)} / {percent(low)}" for o, (up, low) in row.distractors.items())
        flags = "; ".join(say(f"flag.{name}", limit=number(value, lang, 1) if isinstance(value, float) else value,
                              option=letter.get(value, value)) for name, value in row.flags) or say("flag.none")
        outcome = outcomes.get(row.outcome)
        item_rows.append([f"{n}. {item.question[lang]}", outcome.code if outcome else row.outcome, letter[row.key],
                          number(row.difficulty, lang), number(row.discrimination, lang),
                          number(row.point_biserial, lang), distractors, flags])
    items = _table(say("items_caption"), heads("item", "outcome", "key", "difficulty", "discrimination",
                                               "point_biserial", "distractors", "review"), item_rows)
    if stats.items_phase == "post":
        basis = say("items_basis", students=post.students, kr20_pre=number(pre.kr20, lang),
                    kr20_post=number(post.kr20, lang))
    else:
        basis = say("items_basis_pre", students=pre.students)

    names = {m: t(f"misconception.{m}.name", lang).strip('"') for m in stats.misconceptions}
    misconception_rows = [[names[m], share(v["pre"]), share(v["post"])]
                          for m, v in sorted(stats.misconceptions.items(),
                                             key=lambda kv: (-(kv[1]["pre"] or 0), names[kv[0]]))]
    misconceptions = _table(say("misconceptions_caption"), heads("misconception", "pre", "post"), misconception_rows)

    outcome_rows = []
    order = [o for o in outcomes if o in stats.outcomes] + [o for o in stats.outcomes if o not in outcomes]
    for ident in order:  # in the order of the outcomes file (CPMK-1, CPMK-2 ...)
        values = stats.outcomes[ident]
        outcome = outcomes.get(ident)
        outcome_rows.append([outcome.code if outcome else ident, outcome.text[lang] if outcome else ident,
                             share(values["pre"]), share(values["post"])])
    attainment = _table(say("outcomes_caption"), heads("code", "wording", "attainment_pre", "attainment_post"),
                        outcome_rows)
    return {"paragraphs": paragraphs, "score_table": scores, "item_table": items, "items_basis": basis,
            "misconception_table": misconceptions if misconception_rows else None, "outcome_table": attainment}


__all__ = ["PHASES", "SMALL_CLASS", "learning_context", "letters", "number", "share"]
