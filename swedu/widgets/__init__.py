"""The interactive activities of the course (the only part of swedu that imports ipywidgets).

* :class:`Classifier`: classify the actors of a scenario into the four systems, stage by stage;
* :class:`ConceptCheck`: single and multiple choice; every wrong option explains itself;
* :class:`Sorter`: put items (interventions, purposes of social work) into categories;
* :class:`CaseBuilder`: build a case of one's own (actors, relations, stages, systems) and save it;
* :class:`CaseGallery` and :func:`case_table`: every case the course finds, to open one;
* :class:`ApproachExplorer`: one case graph seen through the monolistic, dualistic and holistic approach;
* :class:`KeyMap` and :class:`SeveralRoles`: an answer key shown only after Check or on request;
* :class:`ConceptTestForm`: the course's concept test, before Lesson 1 and after the last lesson.

Each widget has a plain programmatic face (``select``, ``check``, ``feedback_text``,
a stable ``repr``) that its buttons call, so tests and exercises drive exactly what a
learner drives. Activity data: :mod:`swedu.activities`.

>>> from swedu.widgets import Sorter
>>> Sorter("intervention-functions")
<Sorter intervention-functions>
"""
from __future__ import annotations

from swedu.widgets.activities import ApproachExplorer, ConceptCheck, Sorter
from swedu.widgets.answer_form import AnswerForm, exercise_form
from swedu.widgets.case_builder import CaseBuilder
from swedu.widgets.classifier import Classifier
from swedu.widgets.concept_test_form import ConceptTestForm
from swedu.widgets.gallery import CaseGallery, case_table
from swedu.widgets.key_reveal import KeyMap, SeveralRoles

__all__ = ["AnswerForm", "ApproachExplorer", "CaseBuilder", "CaseGallery", "Classifier", "ConceptCheck", "ConceptTestForm", "KeyMap", "SeveralRoles",
           "Sorter", "case_table", "exercise_form"]
