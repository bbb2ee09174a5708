"""The values of an activity as loaded from its file: questions and options, groups and categories, items.

Immutable dataclasses; looking up a question, an option, a category or an item by id or by its
words (English or Indonesian) explains a wrong reference to the learner with the valid choices.

>>> from swedu.model import Option, Text
>>> group = Group("function", Text("Function", "Fungsi"), (Category("preventive", Text("preventive", "preventif")),))
>>> group.category("preventif").id
'preventive'
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from swedu.i18n import t
from swedu.model import Option, Text
from swedu.systems import suggest


class ActivityAnswerError(ValueError):
    """An answer to an activity that cannot be read, explained for a learner."""


def _find(entries, ref, text_of, error_key: str, **values):
    """The entry whose id, English or Indonesian text is ``ref`` (its id only when ``text_of`` is
    ``None``); else a learner-friendly error."""
    wanted = str(ref).strip().lower()
    for entry in entries:
        if entry.id == str(ref) or (text_of and wanted in (text_of(entry).en.lower(), text_of(entry).id.lower())):
            return entry
    ids = [entry.id for entry in entries]
    match = suggest(str(ref), ids)
    raise ActivityAnswerError(t(error_key, given=str(ref), choices=", ".join(ids),
                                suggestion=t("answer_error.suggestion", match=match) if match else "", **values))


@dataclass(frozen=True)
class Question:
    """One question of a concept check: its options, whether more than one may be right (``multiple``),
    and the misconception an answer that leaves a right option out may show (``incomplete_misconception``).

    >>> from swedu.activities import load_activity
    >>> question = load_activity("four-systems-misconceptions").question("who-is-client")
    >>> question.multiple, len(question.correct_ids)
    (False, 1)
    """

    id: str
    prompt: Text
    options: tuple
    multiple: bool = False
    incomplete_misconception: str | None = None

    @property
    def correct_ids(self) -> frozenset:
        return frozenset(o.id for o in self.options if o.correct)

    def option(self, ref) -> Option:
        return _find(self.options, ref, lambda o: o.text, "widgets.error.unknown_option", question=self.id)


@dataclass(frozen=True)
class Category:
    """One box of a sorter's group, with the words the learner sees on it."""

    id: str
    label: Text


@dataclass(frozen=True)
class Group:
    """One way a sorter sorts its items (for instance by function): the boxes (``categories``) it offers."""

    id: str
    label: Text
    categories: tuple

    def category(self, ref) -> Category:
        return _find(self.categories, ref, lambda c: c.label, "widgets.error.unknown_category")


@dataclass(frozen=True)
class Item:
    """One card of a sorter: its words, its right box in each group (``category``: group id to category
    id), the hint shown when it is put in a wrong box (it never names the answer) and the explanation shown
    when it is right.

    >>> from swedu.activities import load_activity
    >>> sorter = load_activity("intervention-functions")
    >>> set(sorter.items[0].category) == {group.id for group in sorter.groups}
    True
    """

    id: str
    text: Text
    category: Mapping
    hint: Text | None = None
    explanation: Text | None = None


@dataclass(frozen=True)
class Activity:
    """One activity as loaded from its YAML file."""

    id: str
    kind: str
    title: Text
    intro: Text | None = None
    questions: tuple = ()
    groups: tuple = ()
    items: tuple = ()
    scenario: str | None = None
    stage: str | None = None
    focus: str | None = None
    source: str = ""

    def question(self, ref) -> Question:
        return _find(self.questions, ref, None, "widgets.error.unknown_question")

    def item(self, ref) -> Item:
        return _find(self.items, ref, lambda i: i.text, "widgets.error.unknown_item")

    def __repr__(self) -> str:
        return f"<Activity {self.id} ({self.kind})>"
