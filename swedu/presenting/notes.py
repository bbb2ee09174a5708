"""Lecturer notes for the decks and the live lecturer view, read from data shipped with the package.

The notes are written beside each slide in ``source/lessons/*.yaml`` (``notes: {minutes, ask,
listen}``, see ``source/README.md``). When the course builder (``python -m authoring build``, a
repository tool this package never imports) builds a lesson, it also writes the lesson's notes as data:
``speaker_notes/<language>/<lesson>.json`` beside this module, ``{cell id: {minutes, ask, listen}}``
for the cells of the generated notebook that open a slide; ``build --check`` fails when they drift
from the sources. They never go into a notebook that students open: the offline decks get them as
reveal.js speaker notes (cells of slide type ``notes``, which nbconvert turns into
``<aside class="notes">``; the S key shows them), and the live presentation gets them only with
``--lecturer`` (its notes panel, also the S key). The words around them come from the catalogs.

>>> note = {"minutes": 3, "ask": "Who asked for help?", "listen": "The person with the problem."}
>>> print(note_markdown(note, "en"))
**Ask the room:** Who asked for help?
<BLANKLINE>
**Listen for:** The person with the problem.
<BLANKLINE>
**Time:** about 3 minutes
"""
from __future__ import annotations

import json
from pathlib import Path

from swedu.i18n import t

NOTES_SLIDE_TYPE = "notes"


def note_labels(language: str = "en") -> dict[str, str]:
    """The words of the notes (headings, the time, the panel) in ``language``."""
    keys = ("ask", "listen", "time", "title", "show", "none")
    return {key: t(f"present.notes.{key}", language=language) for key in keys}


def note_parts(note: dict, language: str = "en") -> list[list[str]]:
    """One slide's notes as ``[[label, text], ...]`` (for the live lecturer view, which escapes them)."""
    labels = note_labels(language)
    return [[labels["ask"], note["ask"]], [labels["listen"], note["listen"]],
            [labels["time"], t("present.notes.minutes", language=language, minutes=note["minutes"])]]


def note_markdown(note: dict, language: str = "en") -> str:
    """One slide's notes as Markdown (for a reveal.js speaker view): the same parts, one paragraph each."""
    return "\n\n".join(f"**{label}:** {text}" for label, text in note_parts(note, language))


NOTES_DIR = Path(__file__).resolve().parent / "speaker_notes"
"""``<language>/<lesson id>.json`` for every lesson: written by the course builder, read here."""


def notes_file(lesson: str, language: str, folder: Path = NOTES_DIR) -> Path:
    """Where the notes of ``lesson`` (a lesson id such as ``04-delinquent-youth``) in ``language`` are kept."""
    return Path(folder) / language / f"{lesson}.json"


def read_notes(lesson: str, language: str, folder: Path = NOTES_DIR) -> dict:
    """``{cell id: {"minutes", "ask", "listen"}}`` of one lesson in one language (empty when it has none).

    >>> read_notes("04-delinquent-youth", "en")["c000"]["minutes"] > 0
    True
    >>> read_notes("no-such-lesson", "en")
    {}
    """
    path = notes_file(lesson, language, folder)
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def notes_for(nb, language: str | None = None, folder: Path = NOTES_DIR) -> dict:
    """``{cell id: note}`` for the notebook ``nb`` (empty when it has no lesson source or no notes): the
    notes of the lesson its metadata names (``swedu.source``), in ``language`` (default: the notebook's)."""
    meta = nb.metadata.get("swedu") or {}
    lesson = meta.get("source")
    if not lesson:
        return {}
    return read_notes(lesson, language or meta.get("language", "en"), folder)


def with_notes(nb, notes: dict, language: str = "en"):
    """``nb`` with a Markdown cell of slide type ``notes`` after each cell that has notes (a copy)."""
    import copy

    import nbformat

    nb = copy.deepcopy(nb)
    cells = []
    for cell in nb.cells:
        cells.append(cell)
        note = notes.get(cell.get("id"))
        if note:
            extra = nbformat.v4.new_markdown_cell(note_markdown(note, language))
            extra.metadata["slideshow"] = {"slide_type": NOTES_SLIDE_TYPE}
            extra.id = f"{cell.id}-notes"
            cells.append(extra)
    nb.cells = cells
    return nb


__all__ = ["NOTES_DIR", "NOTES_SLIDE_TYPE", "note_labels", "note_markdown", "note_parts", "notes_file", "notes_for",
           "read_notes", "with_notes"]
