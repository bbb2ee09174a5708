"""Self-checking exercises: stable exercise ids and the check behind each one.

A notebook cell passes its answer to :func:`check` with the exercise id; the check
depends on nothing else, so a student may move, copy or delete cells freely. An
unanswered task (``...``, ``None``, an empty dictionary or list) says "not answered
yet"; an answer the check cannot read says what is wrong and lists the valid
choices. Nothing here raises for learner input, and nothing imports ipywidgets or
matplotlib.

>>> import swedu
>>> from swedu import exercises
>>> exercises.check("ex1-classify", ...).status
'not_answered'
>>> result = exercises.check("ex1-classify", {"Bayu": "client"})
>>> result.status, round(result.score, 2)
('wrong', 0.0)
>>> exercises.check("ex1-classify", {"Bayo": "target"}).status
'invalid'
>>> exercises.check("ex1-clasify", {}).status
'invalid'

Every check is recorded with :func:`swedu.progress.record` (ids, statuses and
scores only) when recording is on.
"""
from __future__ import annotations

import dataclasses

from swedu import progress
from swedu.assess import AnswerError, _describe
from swedu.course import EXERCISE_IDS
from swedu.exercises import checks
from swedu.exercises.checks import CASE_FILE
from swedu.exercises.result import CheckResult, CheckedPart
from swedu.outcome import Message
from swedu.systems import suggest

__all__ = ["CASE_FILE", "CheckResult", "CheckedPart", "case", "check", "exercise_ids", "form", "show"]


def exercise_ids() -> list[str]:
    """The stable ids of every exercise, in course order (:data:`swedu.course.EXERCISE_IDS`).

    >>> exercise_ids()[:3]
    ['ex1-classify', 'ex2-reasons', 'ex3-reassess']
    """
    return list(EXERCISE_IDS)


def case(exercise_id: str = "ex1-classify"):
    """The :class:`~swedu.Scenario` an exercise is about (``None`` for exercise 6: the student's own).

    >>> case("ex5-read").id, case("ex6-scenario") is None
    ('street-children', True)
    """
    spec = checks.CHECKS.get(exercise_id) or checks.CHECKS["ex1-classify"]
    return checks.scenario(spec.case) if spec.case else None


def show(exercise_id: str):
    """The story of an exercise's stage and the actors to use in the answer (ids and names).

    >>> print(show("ex1-classify"))  # doctest: +ELLIPSIS
    Bayu, his mother's food stall and the moneylender (Intake: the school reports)
    ...
    - bayu: Bayu
    ...
    """
    return checks.story(exercise_id)


def check(exercise_id: str, answer) -> CheckResult:
    """Check ``answer`` for the exercise ``exercise_id``; never raises for learner input.

    The result (an :class:`~swedu.outcome.Outcome`) reads in the current language, ``status`` is one of
    ``correct``, ``partial``, ``wrong``, ``not_answered`` or ``invalid``, and ``score`` is between
    0 and 1. In a notebook the result shows as HTML with icons and words.
    """
    spec = checks.CHECKS.get(str(exercise_id).strip().lower()) if isinstance(exercise_id, str) else None
    if spec is None:
        match = suggest(str(exercise_id), list(checks.CHECKS))
        return CheckResult.invalid(str(exercise_id), Message(
            "exercises.unknown_exercise", given=str(exercise_id), choices=", ".join(checks.CHECKS),
            suggestion=Message("answer_error.suggestion", match=match) if match else ""))
    given = answer
    form = hasattr(answer, "exercise_answer")
    answer = getattr(answer, "exercise_answer", answer)  # a form of tick boxes gives its answer
    if checks.unanswered(answer):
        how = getattr(given, "not_answered_message", None) or (
            "exercises.not_answered_form" if form else "exercises.not_answered")
        result = CheckResult.not_answered(spec.id, how)
    else:
        try:
            result = spec.function(spec, answer)
        except AnswerError as error:  # its message may be a Message: it follows the language when read
            result = CheckResult.invalid(spec.id, error.message or str(error))
        except Exception:  # noqa: BLE001 - an answer of an unforeseen shape: explain, never a traceback
            result = CheckResult.invalid(spec.id, Message("exercises.unreadable", given=_describe(answer)))
    result = dataclasses.replace(result, stage_id=spec.stage or "")
    shown_at = getattr(given, "checked_in_cell", None)
    if callable(shown_at):  # a check cell checked a form: the form shows the verdict, the cell one live line
        result = dataclasses.replace(result, view=shown_at(result))
    progress.record(result)  # never raises: a broken store never breaks a check
    return result
