"""What a check returns: a status, a score, and feedback in words, as text and as escaped HTML.

A :class:`CheckResult` is an :class:`~swedu.outcome.Outcome` of kind ``exercise``: its words are
:class:`~swedu.outcome.Message` objects (or a scenario's bilingual texts), rendered when read, in the
current language.

>>> from swedu.exercises.result import CheckResult, CheckedPart
>>> result = CheckResult.build("ex1-classify", [CheckedPart("q1", "correct", ("Fine.",))])
>>> result.status, result.score, dict(result.statuses)
('correct', 1.0, {'q1': 'correct'})
>>> result
<CheckResult ex1-classify: correct, score 1.00>
"""
from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from swedu.i18n import catalog, get_language, t
from swedu.outcome import (
    ITEM_STATUSES, OUTCOME_STATUSES, Message, Outcome, blocks_to_lines, feedback_lead_html, status_for,
    verdicts_html,
)
from swedu.outcome import STATUS_CSS as _CSS

__all__ = ["ITEM_STATUSES", "OUTCOME_STATUSES", "CheckResult", "CheckedPart", "status_for"]


@dataclass(frozen=True)
class CheckedPart:
    """One part of an answer (an actor, a tie, a question) with its verdict and its feedback lines."""

    id: str
    status: str
    lines: tuple = ()
    """Feedback lines: :class:`~swedu.outcome.Message` objects or text, rendered when read."""
    label: object = ""
    """What the learner calls this part (text, or a scenario's bilingual text); the id when empty."""
    verdict: str = ""
    """The catalog key of the verdict's words when the status's usual words do not fit (a question
    answered in part is "partly right", not "not there yet")."""

    @property
    def credit(self) -> float:
        return 1.0 if self.status == "correct" else 0.0


@dataclass(frozen=True, eq=False)
class CheckResult(Outcome):
    """The outcome of :func:`swedu.exercises.check` (an :class:`~swedu.outcome.Outcome`).

    ``status`` is one of :data:`OUTCOME_STATUSES`, ``score`` is between 0 and 1, ``str(result)`` is the
    feedback in the current language. Nothing here reveals the key: the lines say what is right, what
    to rethink and why. ``notes`` are the lines under the heading, ``items`` the verdicts per part of
    the answer, ``answer`` the answer as ids (what the progress store keeps).
    """

    exercise: str
    status: str
    score: float
    notes: tuple = ()
    items: tuple = ()
    feedback: object = None
    language: str = field(default_factory=get_language)
    answer: object = field(default_factory=dict, repr=False)
    stage_id: str = ""
    view: object = field(default=None, repr=False, compare=False)
    """Set when a check cell checked a form: the form's live line that the cell shows instead of a
    second verdict (any object with ``value`` (HTML) and ``_repr_mimebundle_``; see
    :meth:`swedu.widgets.AnswerForm.checked_in_cell`)."""

    kind = "exercise"

    @classmethod
    def build(cls, exercise: str, items, notes=(), answer=None) -> CheckResult:
        """A result from itemised verdicts: the score is the share of correct items."""
        items = tuple(items)
        if not items:
            return cls(exercise, "not_answered", 0.0, tuple(notes), (), answer=answer or {})
        if all(i.status == "not_answered" for i in items):
            return cls.not_answered(exercise)
        score = sum(i.credit for i in items) / len(items)
        return cls(exercise, status_for(score), score, tuple(notes), items, answer=answer or {})

    @classmethod
    def not_answered(cls, exercise: str, message: str = "exercises.not_answered") -> CheckResult:
        """Nothing answered yet; ``message``: the catalog key that says how to answer (typing an answer,
        ticking a form, saving a case)."""
        return cls(exercise, "not_answered", 0.0, (Message(message),))

    @classmethod
    def invalid(cls, exercise: str, message) -> CheckResult:
        """A result for an answer the check cannot read; ``message`` (a :class:`~swedu.outcome.Message`
        or text) says why."""
        return cls(exercise, "invalid", 0.0, (Message("exercises.invalid_intro"), message))

    @property
    def item(self) -> str:
        return self.exercise

    @property
    def statuses(self) -> Mapping:
        """``{part id: status}``: the feedback's actors for exercises 1 to 3, else the items."""
        if self.feedback is not None:
            return self.feedback.statuses
        return MappingProxyType({i.id: i.status for i in self.items})

    @property
    def misconceptions_by_item(self) -> Mapping:
        return self.feedback.misconceptions_by_item if self.feedback is not None else MappingProxyType({})

    @property
    def possible_misconceptions_by_item(self) -> Mapping:
        return (self.feedback.possible_misconceptions_by_item if self.feedback is not None
                else MappingProxyType({}))

    @property
    def alternatives_by_item(self) -> Mapping:
        return self.feedback.alternatives_by_item if self.feedback is not None else MappingProxyType({})

    @property
    def answer_ids(self):
        return self.feedback.answer_ids if self.feedback is not None else self.answer

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    @property
    def answered(self) -> bool:
        return self.status not in ("not_answered", "invalid")

    @property
    def title(self) -> str:
        return t(f"exercises.title.{self.exercise}") if _known(self.exercise) else self.exercise

    @property
    def heading(self) -> str:
        head = t("exercises.heading", icon=t(f"exercises.status.{self.status}.icon"),
                 title=self.title, label=t(f"exercises.status.{self.status}.label"))
        if self.answered and self.feedback is None:  # the feedback of exercises 1 to 3 says its score itself
            head += " " + t("exercises.score", score=round(self.score * 100))
        return head

    def lines(self) -> list[str]:
        """The whole feedback line by line in the current language (an empty line between blocks)."""
        blocks = [[self.heading, *self.notes]]
        for item in self.items:
            blocks.append([_item_head(item), *item.lines])
        if self.feedback is not None:
            blocks.append(self.feedback.lines())
        return blocks_to_lines(blocks)

    def __repr__(self) -> str:
        return f"<CheckResult {self.exercise}: {self.status}, score {self.score:.2f}>"

    def _repr_mimebundle_(self, include=None, exclude=None):
        """A check cell that checked a form shows the form's live line (one verdict, at the form)."""
        if self.view is None:
            return {"text/html": self._repr_html_(), "text/plain": self.text}
        data = self.view._repr_mimebundle_()
        data, meta = data if isinstance(data, tuple) else (data, {})
        data = dict(data or {})
        data["text/html"] = self._opening() + str(getattr(self.view, "value", "")) + "</div>"  # where widgets cannot show
        data["text/plain"] = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", str(getattr(self.view, "value", "")))).split())
        return data, meta

    def _opening(self) -> str:
        e = html.escape
        return (f'<div class="swedu-check {_CSS[self.status]}" lang="{e(get_language())}" '
                f'data-exercise="{e(self.exercise)}" data-status="{e(self.status)}" '
                f'data-score="{self.score:.4f}">')

    def _repr_html_(self) -> str:
        return self._opening() + self.body_html() + "</div>"

    def body_html(self) -> str:
        """The feedback as escaped HTML, without the element that carries the status."""
        e = html.escape
        parts = [feedback_lead_html(self.heading)]
        parts.extend(f"<p>{e(str(line))}</p>" for line in self.notes)
        if self.items:
            parts.append(verdicts_html((item.id, item.status, (_item_head(item), *item.lines))
                                       for item in self.items))
        if self.feedback is not None:
            parts.append(self.feedback._repr_html_())
        return "".join(parts)


def _item_head(item: CheckedPart) -> str:
    return t("exercises.item_line", icon=t(f"verdict.{item.status}.icon"),
             actor=str(item.label) or item.id, label=t(item.verdict or f"exercises.item_status.{item.status}"))


def _known(exercise: str) -> bool:
    return f"exercises.title.{exercise}" in catalog()
