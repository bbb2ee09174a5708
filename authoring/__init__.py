"""The course builder: course sources (``source/``) -> the notebooks students open, and the lessons'
lecturer notes as data for the presentation (``swedu/presenting/speaker_notes``).

A development tool of the repository, not part of the installed ``swedu`` package (pyproject installs
``swedu*`` only, and nothing under ``swedu`` imports it): run it from the repository root with
``python -m authoring build [--check]`` (or ``sh run.sh build``). The pipeline every notebook goes through
is :mod:`authoring.build` (source -> render -> execute -> store: :mod:`authoring.source`,
:mod:`authoring.render`, :mod:`authoring.execute`, :mod:`authoring.store`); the notebook families make its
jobs (:mod:`authoring.lessons`, :mod:`authoring.exercises`); :mod:`authoring.cli` is the command, and the
pytest plugin that checks the notebooks with nbval is :mod:`authoring.nbval_plugin`.
"""
from __future__ import annotations

from authoring.build import BuildResult, Job, build
from authoring.cli import TARGETS
from authoring.execute import NotebookExecutionError, execute
from authoring.lessons import build_lessons
from authoring.render import render
from authoring.source import LANGUAGES, SourceError, load_source, parse_source
from authoring.store import write

__all__ = [
    "LANGUAGES", "TARGETS", "BuildResult", "Job", "NotebookExecutionError", "SourceError", "build",
    "build_lessons", "execute", "load_source", "parse_source", "render", "write",
]
