"""The outcome of checking an activity: :class:`Result` (an :class:`~swedu.outcome.Outcome`) and its HTML
(:func:`result_html`). Its words are :class:`~swedu.outcome.Message` objects and the activity's bilingual
texts, rendered when read, in the current language."""
from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from swedu.activities.model import Activity
from swedu.i18n import get_language, t
from swedu.outcome import Outcome, blocks_to_lines, feedback_head_html, status_for, verdicts_html


@dataclass(frozen=True)
class Result(Outcome):
    """The outcome of a check: score (0 to 1), verdict per question or item, and the text shown.

    ``statuses`` maps a question or item id to its status (one of :data:`swedu.outcome.ITEM_STATUSES`);
    ``item_lines`` holds the lines shown for each (rendered when read); ``answer`` is the answer as ids.
    """

    activity: Activity
    score: float
    statuses: Mapping
    item_lines: Mapping = field(default_factory=dict)
    answer: Mapping = field(default_factory=dict)
    misconceptions_by_key: Mapping = field(default_factory=dict)
    """Misconceptions per question or item id (for the progress store)."""
    possible_by_key: Mapping = field(default_factory=dict)
    """Misconceptions the answer only may show, per question id (a right option left out)."""
    language: str = field(default_factory=get_language, compare=False)
    """The language the check ran in (the text follows the current language when read)."""

    @property
    def kind(self) -> str:
        return self.activity.kind

    @property
    def item(self) -> str:
        return self.activity.id

    @property
    def status(self) -> str:
        return status_for(self.score) if self.answered else "not_answered"

    @property
    def correct(self) -> bool:
        return all(v == "correct" for v in self.statuses.values())

    @property
    def misconceptions_by_item(self) -> Mapping:
        return MappingProxyType({k: tuple(v) for k, v in self.misconceptions_by_key.items() if v})

    @property
    def possible_misconceptions_by_item(self) -> Mapping:
        return MappingProxyType({k: tuple(v) for k, v in self.possible_by_key.items() if v})

    @property
    def answer_ids(self) -> Mapping:
        return MappingProxyType({k: list(v) if isinstance(v, (list, tuple, frozenset, set)) else v
                                 for k, v in self.answer.items()})

    def lines(self) -> list[str]:
        """The whole result line by line in the current language (an empty line between blocks)."""
        head = [str(self.activity.title)]
        if not self.answered:
            return head + [t("widgets.activity.nothing_answered")]
        right = sum(v == "correct" for v in self.statuses.values())
        head.append(t("widgets.activity.score", score=round(self.score * 100)))
        head.append(t("widgets.activity.summary", correct=right, total=len(self.statuses)))
        if self.correct:
            head.append(t("widgets.activity.all_correct"))
        return blocks_to_lines([head, *self.item_lines.values()])

    def __repr__(self) -> str:
        return f"<Result {self.activity.id}: score {self.score:.2f}>"

    def _repr_html_(self) -> str:
        return result_html(self)


def result_html(result: Result) -> str:
    """The result as escaped HTML (icons and words carry each verdict; colour only repeats it)."""
    e = html.escape
    right = sum(v == "correct" for v in result.statuses.values())
    head = feedback_head_html(str(result.activity.title), result.answered, t("widgets.activity.nothing_answered"),
                              t("widgets.activity.score", score=round(result.score * 100)),
                              t("widgets.activity.summary", correct=right, total=len(result.statuses)))
    if not result.answered:
        return head
    parts = [head]
    if result.correct:
        parts.append(f"<p>{e(t('widgets.activity.all_correct'))}</p>")
    parts.append(verdicts_html((key, result.statuses[key], lines) for key, lines in result.item_lines.items()))
    parts.append("</div>")
    return "".join(parts)
