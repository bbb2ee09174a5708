"""Authoring tools: course sources (``source/``) -> the notebooks students open.

The lesson builder lives in :mod:`swedu.authoring.notebooks`; run it with
``python -m swedu.authoring build`` (or ``sh run.sh build``).
"""
from __future__ import annotations

from swedu.authoring.notebooks import (
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
