"""The outcome of a check: one contract for the classifier's feedback, the activities and the exercises.

Every check result (:class:`swedu.Feedback`, an activity's :class:`~swedu.activities.Result`, an
exercise's :class:`~swedu.exercises.CheckResult`) is an :class:`Outcome` and offers the same fields:

============================  ==================================================================
``kind``, ``item``            what was checked: ``scenario`` and its id, ``exercise`` and its id,
                              an activity's kind and id
``stage_id``                  the stage checked (``""`` when the check has none)
``score``                     between 0 and 1
``statuses``                  ``{item id: status}`` per part of the answer (an actor, a question,
                              a tie), each one of :data:`ITEM_STATUSES`
``status``                    the whole check, one of :data:`OUTCOME_STATUSES`
``misconceptions``            every misconception the answer shows, each once
                              (``misconceptions_by_item`` says for which part)
``possible_misconceptions``   every misconception the answer only *may* show (another reading
                              explains it too; the feedback asks), each once
                              (``possible_misconceptions_by_item`` says for which part)
``alternatives_by_item``      ``{item id: ids}`` the learner chose that the key also accepts
``answer_ids``                the answer as ids (what the progress store may keep)
``language``                  the language the check ran in
``lines()``, ``text``         the feedback, rendered **when read**, in the current language
============================  ==================================================================

The words of an outcome are kept as :class:`Message` (a catalog key and its values) and rendered when
read, so a result shown after a language switch speaks the new language:

>>> from swedu.i18n import set_language
>>> note = Message("feedback.score", score=75)
>>> set_language("id"); str(note)
'Skor: 75%'
>>> set_language("en"); str(note)
'Score: 75%'
>>> status_for(1.0), status_for(0.5), status_for(0.0)
('correct', 'partial', 'wrong')

:func:`swedu.progress.record` turns any outcome into the progress store's attempt record. This module
imports only :mod:`swedu.i18n`.
"""
from __future__ import annotations

import html
from collections.abc import Mapping
from types import MappingProxyType

from swedu.i18n import get_language, t

ITEM_STATUSES = ("correct", "missing", "extra", "wrong", "not_answered")
"""Verdicts of the parts of an answer: right, a part missing, a part too many, wrong, not answered yet."""
OUTCOME_STATUSES = ("correct", "partial", "wrong", "not_answered", "invalid")
"""Verdicts of a whole check: right, partly right, not yet right, not answered yet, an answer the check
cannot read (exercises only: the classifier and the activities refuse such an answer before checking)."""

STATUS_CSS = {"correct": "swedu-ok", "partial": "swedu-partial", "missing": "swedu-partial",
              "extra": "swedu-partial", "wrong": "swedu-wrong", "not_answered": "swedu-empty",
              "invalid": "swedu-wrong"}
"""The class of a status in HTML: colour only repeats what the icon and the words already say."""

_EMPTY = MappingProxyType({})


def status_for(score: float) -> str:
    """``correct`` for a full score, ``wrong`` for none, ``partial`` in between."""
    if score >= 1 - 1e-9:
        return "correct"
    return "partial" if score > 1e-9 else "wrong"


class Message:
    """A catalog message with its values, rendered when read (``str()``) in the current language.

    Values may be messages themselves, or the bilingual texts of a scenario: both render in the same
    language as the message around them.
    """

    __slots__ = ("key", "values")

    def __init__(self, key: str, **values):
        self.key = key
        self.values = values

    def render(self, language: str | None = None) -> str:
        """The message in ``language`` (default: the current language)."""
        return t(self.key, language, **{k: render(v, language) for k, v in self.values.items()})

    def __str__(self) -> str:
        return self.render()

    def __repr__(self) -> str:
        return f"Message({self.key!r}, {self.values!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, Message) and (self.key, self.values) == (other.key, other.values)

    def __hash__(self) -> int:
        return hash(self.key)


class Later:
    """A text computed when read: ``function(language)`` (for a list of names joined in a language).

    >>> str(Later(lambda language: f"in {language}"))
    'in en'
    """

    __slots__ = ("function",)

    def __init__(self, function):
        self.function = function

    def render(self, language: str | None = None) -> str:
        return self.function(language or get_language())

    def __str__(self) -> str:
        return self.render()


def render(value, language: str | None = None):
    """A message or a bilingual text in ``language`` (default: current); a number stays a number (for
    format specs such as ``{score:.0f}``), anything else becomes its ``str()``."""
    if isinstance(value, (Message, Later)):
        return value.render(language)
    if isinstance(value, (int, float)):
        return value
    if language is not None and hasattr(value, "en") and hasattr(value, "id"):  # a scenario's bilingual text
        try:
            return value[language]
        except (KeyError, TypeError):
            pass
    return str(value)


class Outcome:
    """What every check returns (see the table above). Subclasses set or compute ``kind``, ``item``,
    ``score``, ``statuses``, ``status``, ``correct``, ``language`` and ``lines()``; the rest has
    defaults that fit most checks."""

    kind: str = ""
    item: str = ""
    statuses: Mapping
    """``{item id: status}``: a subclass's field (an activity's result) or property (the classifier's
    feedback, an exercise's check)."""

    @property
    def stage_id(self) -> str:
        return ""

    @property
    def answered(self) -> bool:
        return any(s != "not_answered" for s in self.statuses.values())

    # ``status`` (one of OUTCOME_STATUSES) and ``correct`` are the subclasses' own: an exercise's check keeps its
    # status as a field (a default here would become the dataclass field's default).

    @property
    def misconceptions_by_item(self) -> Mapping:
        return _EMPTY

    @property
    def misconceptions(self) -> tuple:
        """Every misconception named, each once, in the order of the items."""
        return tuple(dict.fromkeys(m for ms in self.misconceptions_by_item.values() for m in ms))

    @property
    def possible_misconceptions_by_item(self) -> Mapping:
        """``{item id: ids}`` of the misconceptions the answer only *may* show (none by default)."""
        return _EMPTY

    @property
    def possible_misconceptions(self) -> tuple:
        """Every misconception the answer only may show, each once, in the order of the items."""
        return tuple(dict.fromkeys(m for ms in self.possible_misconceptions_by_item.values() for m in ms))

    @property
    def alternatives_by_item(self) -> Mapping:
        return _EMPTY

    @property
    def answer_ids(self):
        return _EMPTY

    def lines(self) -> list[str]:
        """The feedback line by line in the current language (an empty line between blocks)."""
        raise NotImplementedError

    @property
    def text(self) -> str:
        """The whole feedback as plain text, in the current language."""
        return "\n".join(self.lines())

    def __str__(self) -> str:
        return self.text


def blocks_to_lines(blocks) -> list[str]:
    """Blocks of lines as one list of lines with an empty line between blocks (``"\\n".join`` of the
    result is the blocks joined by blank lines); empty blocks are left out."""
    out: list[str] = []
    for block in blocks:
        block = [str(line) for line in block]
        if not block:
            continue
        if out:
            out.append("")
        out.extend(block)
    return out


def verdicts_html(rows, attribute: str = "item") -> str:
    """The escaped ``<ul class="swedu-verdicts">`` of a check: one entry per ``(id, status, lines)`` row,
    its first line in bold, the others in a list under it; the id is ``data-<attribute>``.

    >>> verdicts_html([("q1", "correct", ["Q1: right"])])
    '<ul class="swedu-verdicts"><li class="swedu-ok" data-item="q1" data-status="correct"><strong>Q1: right</strong></li></ul>'
    """
    e = html.escape
    parts = ['<ul class="swedu-verdicts">']
    for key, status, lines in rows:
        first, *rest = (str(line) for line in lines)
        parts.append(f'<li class="{STATUS_CSS.get(status, "")}" data-{attribute}="{e(key)}" '
                     f'data-status="{e(status)}"><strong>{e(first)}</strong>')
        if rest:
            parts.append("<ul>" + "".join(f"<li>{e(line)}</li>" for line in rest) + "</ul>")
        parts.append("</li>")
    parts.append("</ul>")
    return "".join(parts)


def feedback_lead_html(lead: str, summary: str = "") -> str:
    """The first line of a check's feedback as escaped HTML: the ``lead`` (the score, or an exercise's
    whole verdict) in bold, then the ``summary`` when there is one.

    >>> feedback_lead_html("Score: 80%", "4 of 5 right.")
    '<p><strong>Score: 80%</strong> 4 of 5 right.</p>'
    >>> feedback_lead_html("Exercise 1 & 2: right")
    '<p><strong>Exercise 1 &amp; 2: right</strong></p>'
    """
    e = html.escape
    return f"<p><strong>{e(lead)}</strong>" + (f" {e(summary)}" if summary else "") + "</p>"


def feedback_head_html(title: str, answered: bool, nothing: str | None, score: str, summary: str,
                       classes: str = "swedu-feedback") -> str:
    """The opening of a check's feedback as escaped HTML: ``<div class="swedu-feedback">`` (or the
    ``classes`` given) in the current language with the ``title``; then, not ``answered``, the line
    ``nothing`` and the closed ``</div>`` (with ``nothing=None``, no line and the ``div`` left open), else
    the ``score`` in bold and the ``summary`` (:func:`feedback_lead_html`); the caller adds the rest and
    closes the ``div``.

    >>> feedback_head_html("Quiz", False, "Nothing answered yet.", "", "")
    '<div class="swedu-feedback" lang="en"><h4>Quiz</h4><p>Nothing answered yet.</p></div>'
    >>> feedback_head_html("Talk", True, None, "50%", "1 of 2.", "swedu-feedback swedu-discussion")
    '<div class="swedu-feedback swedu-discussion" lang="en"><h4>Talk</h4><p><strong>50%</strong> 1 of 2.</p>'
    """
    e = html.escape
    head = f'<div class="{e(classes)}" lang="{get_language()}"><h4>{e(title)}</h4>'
    if not answered:
        return head if nothing is None else head + f"<p>{e(nothing)}</p></div>"
    return head + feedback_lead_html(score, summary)
