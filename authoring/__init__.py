"""The course builder: course sources (``source/``) -> the notebooks students open, and the lessons'
lecturer notes as data for the presentation (``swedu/presenting/speaker_notes``).

A development tool of the repository, not part of the installed ``swedu`` package (pyproject installs
``swedu*`` only, and nothing under ``swedu`` imports it): run it from the repository root with
``python -m authoring build [--check]`` (or ``sh run.sh build``). The lesson builder lives in
:mod:`authoring.notebooks`, the exercise builder in :mod:`authoring.exercises`, and the pytest plugin
that checks the notebooks with nbval in :mod:`authoring.nbval_plugin`.
"""
from __future__ import annotations

from authoring.notebooks import (
    LANGUAGES,
    TARGETS,
    BuildResult,
    Job,
    NotebookExecutionError,
    SourceError,
    build,
    build_lessons,
    execute,
    load_source,
    parse_source,
    render,
    write,
)

__all__ = [
    "LANGUAGES", "TARGETS", "BuildResult", "Job", "NotebookExecutionError", "SourceError", "build",
    "build_lessons", "execute", "load_source", "parse_source", "render", "write",
]
