"""The lesson builder's names in one place, for the tests and the nbval plugin: the pipeline's rooms are
:mod:`authoring.source`, :mod:`authoring.render`, :mod:`authoring.execute`, :mod:`authoring.store` and
:mod:`authoring.build` (see there); :mod:`authoring.lessons` and :mod:`authoring.exercises` make the jobs,
:mod:`authoring.cli` is the command."""
from __future__ import annotations

from authoring.build import STEPS, BuildResult, Job, build, compared, executed, rendered, selected, stored
from authoring.cli import ALL, TARGETS, main
from authoring.execute import INLINE_BACKEND, KERNEL_ENV, NotebookExecutionError, execute, kernel_env
from authoring.exercises import exercise_notebook
from authoring.lessons import (NOTES_FOLDER, build_lessons, build_notes, lesson_jobs, lesson_notebook, lesson_sources,
                               notes_text)
from authoring.render import (SETUP_CODE, SLIDE_LINES, Transform, code_visibility, lecturer_notes, reading_lines,
                              reading_parts, render, student_code_cells)
from authoring.source import (FILES_KEY, HIDE_INPUT_TAG, LANGUAGES, NOTE_KEYS, OPTIONAL_NOTE_KEYS, REMOVE_INPUT_TAG,
                              ROOT, SETUP_TAG, SLIDE_STARTS, SLIDE_TYPES, STUDENT_TAG, SourceError, file_name, load_source,
                              parse_source)
from authoring.store import WIDGET_STATE_MIME, WIDGET_VIEW_MIME, clean, differences, structure, write

__all__ = [
    "ALL", "FILES_KEY", "HIDE_INPUT_TAG", "INLINE_BACKEND", "KERNEL_ENV", "LANGUAGES", "NOTES_FOLDER", "NOTE_KEYS",
    "OPTIONAL_NOTE_KEYS",
    "REMOVE_INPUT_TAG", "ROOT", "SETUP_CODE", "SETUP_TAG", "SLIDE_LINES", "SLIDE_STARTS", "SLIDE_TYPES", "STEPS",
    "STUDENT_TAG", "TARGETS", "WIDGET_STATE_MIME", "WIDGET_VIEW_MIME",
    "BuildResult", "Job", "NotebookExecutionError", "SourceError", "Transform", "build", "build_lessons",
    "build_notes", "clean", "code_visibility", "compared", "differences", "execute", "executed", "exercise_notebook",
    "file_name", "kernel_env",
    "lecturer_notes", "lesson_jobs", "lesson_notebook", "lesson_sources", "load_source", "main", "notes_text",
    "parse_source",
    "reading_lines", "reading_parts", "render", "rendered", "selected", "stored", "structure",
    "student_code_cells", "write",
]
