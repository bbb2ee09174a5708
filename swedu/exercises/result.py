"""What a check returns: a status, a score, and feedback in words, as text and as escaped HTML.

>>> from swedu.exercises.result import CheckResult, Item
>>> result = CheckResult.build("ex1-classify", [Item("q1", "correct", ("Fine.",))])
>>> result.status, result.score
('correct', 1.0)
>>> result
<CheckResult ex1-classify: correct, score 1.00>
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field

from swedu.i18n import catalog, get_language, t

STATUSES = ("correct", "partial", "wrong", "not_answered", "invalid")
"""Overall verdicts: right, partly right, not yet right, not answered yet, an answer the check cannot read."""

ITEM_STATUSES = ("correct", "missing", "extra", "wrong", "not_answered")
"""Verdicts of the parts of an answer (the core's verdict words)."""

_CSS = {"correct": "swedu-ok", "partial": "swedu-partial", "missing": "swedu-partial",
        "extra": "swedu-partial", "wrong": "swedu-wrong", "not_answered": "swedu-empty",
        "invalid": "swedu-wrong"}


@dataclass(frozen=True)
class Item:
    """One part of an answer (an actor, a tie, a question) with its verdict and its feedback lines."""

    id: str
    status: str
    lines: tuple = ()
    label: str = ""

    @property
    def credit(self) -> float:
        return 1.0 if self.status == "correct" else 0.0


@dataclass(frozen=True, eq=False)
class CheckResult:
    """The outcome of :func:`swedu.exercises.check`.

    ``status`` is one of :data:`STATUSES`, ``score`` is between 0 and 1, ``str(result)`` is the
    feedback in the language that was current when the check ran. Nothing here reveals the key:
    the lines say what is right, what to rethink and why.
    """

    exercise: str
    status: str
    score: float
    lines: tuple = ()
    items: tuple = ()
    feedback: object = None
    language: str = field(default_factory=get_language)
    record: dict = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, exercise: str, items, lines=(), record=None) -> CheckResult:
        """A result from itemised verdicts: the score is the share of correct items."""
        items = tuple(items)
        if not items:
            return cls(exercise, "not_answered", 0.0, tuple(lines), (), record=record or {})
        if all(i.status == "not_answered" for i in items):
            return cls.not_answered(exercise)
        score = sum(i.credit for i in items) / len(items)
        return cls(exercise, status_for(score), score, tuple(lines), items, record=record or {})

    @classmethod
    def not_answered(cls, exercise: str) -> CheckResult:
        return cls(exercise, "not_answered", 0.0, (t("exercises.not_answered"),))

    @classmethod
    def invalid(cls, exercise: str, message: str) -> CheckResult:
        return cls(exercise, "invalid", 0.0, (t("exercises.invalid_intro"), str(message)))

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    @property
    def answered(self) -> bool:
        return self.status not in ("not_answered", "invalid")

    @property
    def title(self) -> str:
        return t(f"exercises.title.{self.exercise}", self.language) if _known(self.exercise) else self.exercise

    @property
    def heading(self) -> str:
        lang = self.language
        head = t("exercises.heading", lang, icon=t(f"exercises.status.{self.status}.icon", lang),
                 title=self.title, label=t(f"exercises.status.{self.status}.label", lang))
        if self.answered:
            head += " " + t("exercises.score", lang, score=round(self.score * 100))
        return head

    @property
    def text(self) -> str:
        """The whole feedback as plain text."""
        blocks = ["\n".join([self.heading, *self.lines])]
        for item in self.items:
            blocks.append("\n".join([_item_head(item, self.language), *item.lines]))
        if self.feedback is not None:
            blocks.append(str(self.feedback))
        return "\n\n".join(b for b in blocks if b)

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"<CheckResult {self.exercise}: {self.status}, score {self.score:.2f}>"

    def _repr_html_(self) -> str:
        e = html.escape
        opening = (f'<div class="swedu-check {_CSS[self.status]}" lang="{e(self.language)}" '
                   f'data-exercise="{e(self.exercise)}" data-status="{e(self.status)}" '
                   f'data-score="{self.score:.4f}">')
        parts = [opening, f"<p><strong>{e(self.heading)}</strong></p>"]
        parts.extend(f"<p>{e(line)}</p>" for line in self.lines)
        if self.items:
            parts.append('<ul class="swedu-verdicts">')
            for item in self.items:
                parts.append(f'<li class="{_CSS[item.status]}" data-item="{e(item.id)}" '
                             f'data-status="{e(item.status)}"><strong>{e(_item_head(item, self.language))}'
                             "</strong>")
                if item.lines:
                    parts.append("<ul>" + "".join(f"<li>{e(line)}</li>" for line in item.lines) + "</ul>")
                parts.append("</li>")
            parts.append("</ul>")
        if self.feedback is not None:
            parts.append(self.feedback._repr_html_())
        parts.append("</div>")
        return "".join(parts)


def status_for(score: float) -> str:
    """``correct`` for a full score, ``wrong`` for none, ``partial`` in between.

    >>> status_for(1.0), status_for(0.5), status_for(0.0)
    ('correct', 'partial', 'wrong')
    """
    if score >= 1 - 1e-9:
        return "correct"
    return "partial" if score > 1e-9 else "wrong"


def _item_head(item: Item, language: str) -> str:
    return t("feedback.actor_line", language, icon=t(f"verdict.{item.status}.icon", language),
             actor=item.label or item.id, label=t(f"exercises.item_status.{item.status}", language))


def _known(exercise: str) -> bool:
    return f"exercises.title.{exercise}" in catalog()
