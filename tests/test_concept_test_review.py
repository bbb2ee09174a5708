"""Every key of the concept test is the answer an independent reviewer decided, apart from the code.

The reviewer saw only the items without their keys (vignette, question, options A-D, in both
languages), the seed text and the course's convention for overlapping roles, and decided the best
answer of each item and which answers are defensible at all. Their decisions are committed unchanged
as ``tests/data/concept-test-reviewed.yaml``. A key that differs from the reviewer's decision would be
listed in :data:`DISPUTES` with both arguments; there is none.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from swedu import concept_test as ct
from tests._yaml_text import safe_load_text

ROOT = Path(__file__).resolve().parents[1]
REVIEWED = ROOT / "tests" / "data" / "concept-test-reviewed.yaml"
LETTERS = "abcdef"
DISPUTES: dict = {}
"""item id: (the key's argument, the reviewer's argument), for a key the course keeps against the review."""


def decisions() -> dict:
    entries = safe_load_text(REVIEWED.read_text(encoding="utf-8"), str(REVIEWED))
    return {entry["item"]: entry for entry in entries}


TEST = ct.load_concept_test()


def test_the_reviewer_decided_every_item_and_nothing_else():
    assert sorted(decisions()) == sorted(item.id for item in TEST.items)


@pytest.mark.parametrize("item", TEST.items, ids=[i.id for i in TEST.items])
def test_the_key_is_the_reviewers_decision(item):
    entry = decisions()[item.id]
    decided = item.options[LETTERS.index(entry["answer"])].id
    if item.id in DISPUTES:
        key_argument, reviewer_argument = DISPUTES[item.id]
        assert key_argument and reviewer_argument and decided != item.key
    else:
        assert decided == item.key, f"{item.id}: the reviewer chose {entry['answer']} ({decided}), the key is {item.key}"


@pytest.mark.parametrize("item", TEST.items, ids=[i.id for i in TEST.items])
def test_one_defensible_answer_each(item):
    entry = decisions()[item.id]
    assert entry["defensible"] == [entry["answer"]], f"{item.id}: the reviewer found {entry['defensible']} defensible"
    assert entry["why"].strip()
