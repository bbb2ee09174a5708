"""The course's concept test of the four systems, given before Lesson 1 and after the last lesson.

Eighteen items on short vignettes no lesson uses, each with one best answer and distractors that name
the misconception they show, each tagged with the course learning outcome it measures. Pure values and
functions, no widgets (:class:`swedu.widgets.ConceptTestForm` shows the test) and no statistics
(:mod:`swedu.report.learning` computes the gain and the item analysis from the hand-ins).

The rooms, as the activities have them:

* :mod:`~swedu.concept_test.loader` finds and reads the test and the learning outcomes (a lecturer's
  outcomes file over the course's);
* :mod:`~swedu.concept_test.validate` checks the data (line and column in every problem, the valid
  choices, both languages) and builds the values, or raises :class:`ConceptTestError`;
* :mod:`~swedu.concept_test.model` holds the values;
* :mod:`~swedu.concept_test.check` scores one sitting as an :class:`~swedu.outcome.Outcome`.

>>> test = load_concept_test()
>>> test.id, len(test.items), sorted({item.outcome for item in test.items}) == sorted(default_outcomes())
('four-systems', 18, True)
"""
from __future__ import annotations

from swedu.concept_test.check import ConceptTestAnswerError, TestResult, check_test, normalise_answer
from swedu.concept_test.loader import (
    COURSE_TEST, DATA_DIR, OUTCOMES_FILE, default_outcomes, load_concept_test, load_outcomes, read_concept_test_file,
    test_ids,
)
from swedu.concept_test.model import PHASES, ConceptTest, LearningOutcome, TestItem
from swedu.concept_test.validate import NO_MISCONCEPTION, ConceptTestError, parse_concept_test, parse_outcomes

__all__ = ["COURSE_TEST", "DATA_DIR", "NO_MISCONCEPTION", "OUTCOMES_FILE", "PHASES", "ConceptTest",
           "ConceptTestAnswerError", "ConceptTestError", "LearningOutcome", "TestItem", "TestResult",
           "check_test", "default_outcomes", "load_concept_test", "load_outcomes", "normalise_answer",
           "parse_concept_test", "parse_outcomes", "read_concept_test_file", "test_ids"]
