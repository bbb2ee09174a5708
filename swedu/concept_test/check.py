"""Scoring one sitting of a concept test: a :class:`TestResult`, an :class:`~swedu.outcome.Outcome`.

The result is recorded like any check (``progress.record``): kind ``concept_test``, item the test's
id, stage the phase (``pre`` or ``post``), the chosen option per item as the answer, ``correct`` /
``wrong`` / ``not_answered`` per item, and the misconception of each distractor chosen. Its text
depends on the phase: before the course it thanks the student and shows neither the key nor a
verdict; after the course it gives each item's verdict, the explanation and the misconception behind
a wrong choice.

>>> from swedu.concept_test.loader import load_concept_test
>>> test = load_concept_test("four-systems")
>>> result = check_test(test, {"q01-who-asked": "husband", "q02-referral": "wiryo-mother"}, "post")
>>> result.kind, result.item, result.stage_id, result.statuses["q01-who-asked"], result.statuses["q03-not-yet"]
('concept_test', 'four-systems', 'post', 'wrong', 'not_answered')
>>> result.right, round(result.score, 4), result.misconceptions
(1, 0.0556, ('client_is_problem_bearer',))
>>> any("Bu Darmini" in line for line in check_test(test, {"q01-who-asked": "husband"}, "pre").lines())
False
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from swedu.concept_test.model import PHASES, ConceptTest
from swedu.i18n import get_language, t
from swedu.outcome import Message, Outcome, blocks_to_lines, status_for


class ConceptTestAnswerError(ValueError):
    """An answer to a concept test that cannot be read, explained for a learner."""


def normalise_answer(test: ConceptTest, answer: Mapping) -> dict:
    """``{item id: option id}`` for the items answered; an unknown item or option is explained."""
    out = {}
    for item_id, option_id in dict(answer).items():
        item = test.item(str(item_id))
        if item is None:
            raise ConceptTestAnswerError(t("concept_test.error.unknown_item", given=str(item_id),
                                           choices=", ".join(i.id for i in test.items)))
        if option_id is None:
            continue
        if item.option(str(option_id)) is None:
            raise ConceptTestAnswerError(t("concept_test.error.unknown_option", given=str(option_id),
                                           item=item.id, choices=", ".join(o.id for o in item.options)))
        out[item.id] = str(option_id)
    return out


@dataclass(frozen=True)
class TestResult(Outcome):
    """One sitting of a concept test, scored: one point per item answered with its key."""

    test: ConceptTest
    phase: str
    answer: Mapping = field(default_factory=dict)
    language: str = field(default_factory=get_language, compare=False)

    kind = "concept_test"

    @property
    def item(self) -> str:  # the test, as the store names what was checked
        return self.test.id

    @property
    def stage_id(self) -> str:
        return self.phase

    @property
    def statuses(self) -> Mapping:
        out = {}
        for item in self.test.items:
            chosen = self.answer.get(item.id)
            out[item.id] = "not_answered" if chosen is None else ("correct" if chosen == item.key else "wrong")
        return MappingProxyType(out)

    @property
    def right(self) -> int:
        """How many items were answered with their key."""
        return sum(1 for s in self.statuses.values() if s == "correct")

    @property
    def score(self) -> float:
        return self.right / max(self.test.max_score, 1)

    @property
    def status(self) -> str:
        return status_for(self.score) if self.answered else "not_answered"

    @property
    def correct(self) -> bool:
        return self.right == self.test.max_score

    @property
    def misconceptions_by_item(self) -> Mapping:
        out = {}
        for item in self.test.items:
            option = item.option(self.answer.get(item.id, ""))
            if option is not None and not option.correct and option.misconception:
                out[item.id] = (option.misconception,)
        return MappingProxyType(out)

    @property
    def answer_ids(self) -> Mapping:
        return MappingProxyType(dict(self.answer))

    def item_lines(self, item) -> list:
        """The lines shown for one item after the course (verdict, explanation, misconception)."""
        status = self.statuses[item.id]
        icon = {"correct": "correct", "wrong": "wrong"}.get(status, "not_answered")
        lines = [Message("concept_test.item_line", number=self.test.items.index(item) + 1,
                         icon=Message(f"verdict.{icon}.icon"), label=Message(f"concept_test.verdict.{icon}"),
                         question=item.question)]
        if status != "correct":
            lines.append(Message("concept_test.best_answer", answer=item.option(item.key).text))
        if item.explanation is not None:
            lines.append(item.explanation)
        for m in self.misconceptions_by_item.get(item.id, ()):
            lines.append(Message("feedback.misconception", name=Message(f"misconception.{m}.name"),
                                 explanation=Message(f"misconception.{m}.explanation")))
        return lines

    def lines(self) -> list[str]:
        answered = sum(1 for s in self.statuses.values() if s != "not_answered")
        if self.phase == "pre":  # before the course: no verdict, no key, no score
            return blocks_to_lines([[t("concept_test.pre.thanks", answered=answered, total=self.test.max_score),
                                     t("concept_test.pre.later")]])
        head = [t("concept_test.post.score", right=self.right, total=self.test.max_score)]
        return blocks_to_lines([head, *(self.item_lines(i) for i in self.test.items)])

    def __repr__(self) -> str:
        return f"<TestResult {self.test.id} {self.phase}: {self.right} of {self.test.max_score}>"


def check_test(test: ConceptTest, answer: Mapping, phase: str) -> TestResult:
    """Score ``answer`` (``{item id: option id}``) to ``test`` given in ``phase`` (``pre`` or ``post``)."""
    if phase not in PHASES:
        raise ConceptTestAnswerError(t("concept_test.error.bad_phase", given=str(phase), choices=", ".join(PHASES)))
    return TestResult(test, phase, MappingProxyType(normalise_answer(test, answer)))


__all__ = ["ConceptTestAnswerError", "TestResult", "check_test", "normalise_answer"]
