"""The values of a concept test as loaded from its file: items, their options, the learning outcomes.

Immutable dataclasses, nothing rendered. An option's ``misconception`` is a misconception id of
:data:`swedu.systems.MISCONCEPTIONS` or ``None`` (the file says ``none``: the distractor shows no
catalogued misconception). ``outcome`` of an item is the id of the course learning outcome it measures.

>>> from swedu.model import Option, Text
>>> right = Option("a", Text("yes", "ya"), True)
>>> wrong = Option("b", Text("no", "tidak"), False, misconception="roles_fixed")
>>> item = TestItem("q1", "overlap", Text("v", "v"), Text("q", "q"), (right, wrong))
>>> item.key, item.option("b").misconception
('a', 'roles_fixed')
"""
from __future__ import annotations

from dataclasses import dataclass

from swedu.model import Option, Text

PHASES = ("pre", "post")
"""When a test is given: before the first lesson (no feedback, no key) and after the last (feedback)."""


@dataclass(frozen=True)
class TestItem:
    """One question on one vignette, with one best answer (the key) and its distractors."""

    id: str
    outcome: str
    vignette: Text
    question: Text
    options: tuple
    explanation: Text | None = None

    @property
    def key(self) -> str:
        """The id of the one right option."""
        return next(o.id for o in self.options if o.correct)

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True)
class ConceptTest:
    """A concept test: its id, title, introduction and items, in the order they are given."""

    id: str
    title: Text
    intro: Text | None
    items: tuple
    source: str = ""

    def item(self, item_id: str) -> TestItem | None:
        return next((i for i in self.items if i.id == item_id), None)

    @property
    def max_score(self) -> int:
        """The most a student can score: one point per item."""
        return len(self.items)

    def __repr__(self) -> str:
        return f"<ConceptTest {self.id}: {len(self.items)} items>"


@dataclass(frozen=True)
class LearningOutcome:
    """A course learning outcome: its stable id (items name it), the code a report prints, its wording."""

    id: str
    code: str
    text: Text


__all__ = ["PHASES", "ConceptTest", "LearningOutcome", "TestItem"]
