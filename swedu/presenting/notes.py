"""Lecturer notes for the decks and the live lecturer view, taken from the lesson sources.

The notes are written beside each slide in ``source/lessons/*.yaml`` (``notes: {minutes, ask,
listen}``, see ``source/README.md``). They never go into a notebook that students open: the offline
decks get them as reveal.js speaker notes (cells of slide type ``notes``, which nbconvert turns into
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

from pathlib import Path

from swedu.i18n import t

NOTES_SLIDE_TYPE = "notes"


def note_labels(language: str = "en") -> dict[str, str]:
    """The words of the notes (headings, the time, the panel) in ``language``."""
    keys = ("ask", "listen", "time", "title", "show", "none")
    return {key: t(f"present.notes.{key}", language=language) for key in keys}


def note_markdown(note: dict, language: str = "en") -> str:
    """One slide's notes as Markdown (for a reveal.js speaker view)."""
    labels = note_labels(language)
    minutes = t("present.notes.minutes", language=language, minutes=note["minutes"])
    return (f"**{labels['ask']}:** {note['ask']}\n\n**{labels['listen']}:** {note['listen']}\n\n"
            f"**{labels['time']}:** {minutes}")


def note_parts(note: dict, language: str = "en") -> list[list[str]]:
    """One slide's notes as ``[[label, text], ...]`` (for the live lecturer view, which escapes them)."""
    labels = note_labels(language)
    return [[labels["ask"], note["ask"]], [labels["listen"], note["listen"]],
            [labels["time"], t("present.notes.minutes", language=language, minutes=note["minutes"])]]


def source_of(notebook_metadata: dict, root: Path) -> Path | None:
    """The lesson source a generated notebook came from (``None`` for a notebook without one)."""
    source_id = (notebook_metadata.get("swedu") or {}).get("source")
    if not source_id:
        return None
    path = Path(root) / "source" / "lessons" / f"{source_id}.yaml"
    return path if path.exists() else None


def notes_for(nb, root: Path, language: str | None = None) -> dict:
    """``{cell id: note}`` for the notebook ``nb`` (empty when it has no lesson source or no notes)."""
    # deferred: the course builder (a repository tool) maps the lesson source's notes to cell ids
    from swedu.authoring.notebooks import lecturer_notes, load_source

    path = source_of(nb.metadata, root)
    if path is None:
        return {}
    language = language or (nb.metadata.get("swedu") or {}).get("language", "en")
    return lecturer_notes(load_source(path), language)


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


__all__ = ["NOTES_SLIDE_TYPE", "note_labels", "note_markdown", "note_parts", "notes_for", "source_of",
           "with_notes"]
