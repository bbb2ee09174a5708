"""Activity definitions (concept checks, sorters, approach explorers): loading, validating, checking.

Pure functions and values, no widgets: :mod:`swedu.widgets` shows them. Lesson
authors only write data: one YAML file per activity with a stable ``id`` and both
languages (``en:`` and ``id:``) for every learner text. The built-in files live
in ``swedu/activities/data/``; ``swedu/activities/template.yaml`` starts a new one.

The rooms, as the scenarios have them:

* :mod:`~swedu.activities.loader` finds and reads activity files (safe YAML, positions kept);
* :mod:`~swedu.activities.validate` checks the data and builds an :class:`Activity`, or raises
  :class:`ActivityError` naming every problem;
* :mod:`~swedu.activities.model` holds the values (questions, options, groups, categories, items);
* :mod:`~swedu.activities.checks` checks a learner's answer, and holds the approach rule;
* :mod:`~swedu.activities.result` is the outcome of a check and its HTML.

Kinds:

``concept_check``
    ``questions``: each with ``id``, ``prompt``, ``multiple`` (true/false) and
    ``options`` (``id``, ``text``, ``correct``, ``feedback``; a wrong option may
    name the ``misconception`` behind it). ``incomplete_misconception`` names the
    misconception of an answer that misses a right option.
``sorter``
    ``groups`` of ``categories`` and ``items``; each item has a ``category`` per
    group (``{function: preventive}``), a ``hint`` shown when it is misplaced (it
    never names the answer) and an ``explanation`` shown when it is right.
``approach_explorer``
    a ``scenario``, ``stage`` and ``focus`` (the person with the problem) and a
    ``question`` whose options are the approaches. What each approach addresses
    follows one rule (:func:`approach_scope`).

>>> check = load_activity("four-systems-misconceptions")
>>> result = check_concept(check, {"who-is-client": "son"})
>>> result.statuses["who-is-client"], result.misconceptions
('wrong', ('client_is_problem_bearer',))
>>> sort = load_activity("intervention-functions")
>>> round(check_sort(sort, {"parenting-class": "preventive"}).score, 2)
0.14
"""
from __future__ import annotations

from swedu.activities.checks import (
    approach_scope, check_approach, check_concept, check_sort, normalise_choice, normalise_sort,
)
from swedu.activities.loader import DATA_DIR, activity_ids, load_activity, read_activity_file
from swedu.activities.model import Activity, ActivityAnswerError, Category, Group, Item, Option, Question
from swedu.activities.result import Result, result_html
from swedu.activities.validate import KINDS, ActivityError, parse_activity

__all__ = ["DATA_DIR", "KINDS", "Activity", "ActivityAnswerError", "ActivityError", "Category", "Group", "Item",
           "Option", "Question", "Result", "activity_ids", "approach_scope", "check_approach", "check_concept",
           "check_sort", "load_activity", "normalise_choice", "normalise_sort", "parse_activity",
           "read_activity_file", "result_html"]
