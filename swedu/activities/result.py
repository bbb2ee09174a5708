"""The outcome of checking an activity: :class:`Result` and its HTML (:func:`result_html`)."""
from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field

from swedu.activities.model import Activity
from swedu.i18n import get_language, t


@dataclass(frozen=True)
class Result:
    """The outcome of a check: score (0 to 1), verdict per question or item, and the text shown."""

    activity: Activity
    score: float
    verdicts: Mapping
    lines: Mapping = field(default_factory=dict)
    misconceptions: tuple = ()
    answer: Mapping = field(default_factory=dict)
    answered: bool = True
    misconceptions_by_key: Mapping = field(default_factory=dict)
    """Misconceptions per question or item id (for the progress store)."""

    @property
    def correct(self) -> bool:
        return all(v == "correct" for v in self.verdicts.values())

    def __post_init__(self):
        # The text is fixed in the language of the check, like the lines above it.
        object.__setattr__(self, "_text", self._make_text())

    @property
    def text(self) -> str:
        """The whole result as plain text, in the language of the check."""
        return self._text

    def _make_text(self) -> str:
        head = [str(self.activity.title)]
        if not self.answered:
            return "\n".join(head + [t("widgets.activity.nothing_answered")])
        right = sum(v == "correct" for v in self.verdicts.values())
        head.append(t("widgets.activity.score", score=round(self.score * 100)))
        head.append(t("widgets.activity.summary", correct=right, total=len(self.verdicts)))
        if self.correct:
            head.append(t("widgets.activity.all_correct"))
        return "\n\n".join(["\n".join(head)] + ["\n".join(lines) for lines in self.lines.values()])

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"<Result {self.activity.id}: score {self.score:.2f}>"

    def _repr_html_(self) -> str:
        return result_html(self)

    def to_record(self) -> dict:
        """Plain data for the progress store (ids and statuses only, no free text)."""
        return {"kind": self.activity.kind, "item": self.activity.id, "stage": "",
                "answer": {k: list(v) if isinstance(v, (list, tuple, frozenset, set)) else v
                           for k, v in self.answer.items()},
                "verdicts": dict(self.verdicts),
                "misconceptions": {k: list(v) for k, v in self.misconceptions_by_key.items() if v},
                "score": round(self.score, 4), "language": get_language()}


_CSS = {"correct": "swedu-ok", "missing": "swedu-partial", "wrong": "swedu-wrong", "not_answered": "swedu-empty"}


def result_html(result: Result) -> str:
    """The result as escaped HTML (icons and words carry each verdict; colour only repeats it)."""
    e = html.escape
    parts = [f'<div class="swedu-feedback" lang="{get_language()}"><h4>{e(str(result.activity.title))}</h4>']
    if not result.answered:
        parts.append(f"<p>{e(t('widgets.activity.nothing_answered'))}</p></div>")
        return "".join(parts)
    right = sum(v == "correct" for v in result.verdicts.values())
    parts.append(f"<p><strong>{e(t('widgets.activity.score', score=round(result.score * 100)))}</strong> "
                 f"{e(t('widgets.activity.summary', correct=right, total=len(result.verdicts)))}</p>")
    if result.correct:
        parts.append(f"<p>{e(t('widgets.activity.all_correct'))}</p>")
    parts.append('<ul class="swedu-verdicts">')
    for key, lines in result.lines.items():
        status = result.verdicts[key]
        first, *rest = lines
        parts.append(f'<li class="{_CSS.get(status, "")}" data-item="{e(key)}" data-status="{e(status)}">'
                     f"<strong>{e(first)}</strong>")
        if rest:
            parts.append("<ul>" + "".join(f"<li>{e(x)}</li>" for x in rest) + "</ul>")
        parts.append("</li>")
    parts.append("</ul></div>")
    return "".join(parts)
