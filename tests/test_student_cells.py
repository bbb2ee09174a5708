"""A lesson or exercise reads as a page with activities, not as a program.

For every lesson and exercise notebook in both languages (as committed, and as the sources give
them) every code cell a student sees is one the source marks ``student: true`` and is at most
:data:`MAX_LINES` lines; every other code cell is hidden (collapsed input in JupyterLab, left out of
the presentation and the decks).
"""
from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from authoring.exercises import exercise_sources, load_exercise_source, make_transform
from authoring.notebooks import (
    HIDE_INPUT_TAG,
    LANGUAGES,
    REMOVE_INPUT_TAG,
    ROOT,
    STUDENT_TAG,
    lesson_sources,
    load_source,
    render,
    student_code_cells,
)

MAX_LINES = 3
"""What a student types is one short line; a few lines (an answer and its check) at most."""

COMMITTED = sorted([*(ROOT / "notebooks").glob("*/*.ipynb"), *(ROOT / "exercises").glob("*/*.ipynb")])


def _rendered():
    for path in lesson_sources():
        source = load_source(path)
        for lang in LANGUAGES:
            yield pytest.param(render(source, lang), id=f"lesson-{source['id']}-{lang}")
    for path in exercise_sources():
        source = load_exercise_source(path)
        for lang in LANGUAGES:
            yield pytest.param(render(source, lang, make_transform(source, "exercise")),
                               id=f"exercise-{source['id']}-{lang}")


def _problems(nb, name: str) -> list[str]:
    problems = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        tags = cell.metadata.get("tags", [])
        hidden = cell.metadata.get("jupyter", {}).get("source_hidden") is True
        if cell in student_code_cells(nb):
            first = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
            if STUDENT_TAG not in tags:
                problems.append(f"{name} {cell.id}: a visible code cell not marked 'student: true' ({first!r})")
            lines = [line for line in cell.source.splitlines() if line.strip()]
            if len(lines) > MAX_LINES:
                problems.append(f"{name} {cell.id}: a student sees {len(lines)} lines of code ({first!r}); "
                                f"at most {MAX_LINES}: move the code into the library or hide the cell")
        elif "answer" in tags:
            problems.append(f"{name} {cell.id}: a student's answer cell is hidden (mark it 'student: true')")
        elif not (hidden and (HIDE_INPUT_TAG in tags or REMOVE_INPUT_TAG in tags)):
            problems.append(f"{name} {cell.id}: hidden only half-way (needs source_hidden and hide-input)")
    return problems


@pytest.mark.parametrize("nb", list(_rendered()))
def test_sources_give_students_only_short_marked_cells(nb):
    assert _problems(nb, nb.metadata.swedu["source"]) == []


@pytest.mark.parametrize("path", COMMITTED, ids=lambda p: f"{p.parent.parent.name}/{p.parent.name}/{p.stem}")
def test_committed_notebooks_give_students_only_short_marked_cells(path: Path):
    nb = nbformat.read(path, as_version=4)
    assert _problems(nb, str(path.relative_to(ROOT))) == []


def test_the_check_catches_a_long_or_unmarked_visible_cell():
    nb = nbformat.v4.new_notebook()
    long = nbformat.v4.new_code_cell("for x in range(3):\n    y = x\n    print(y)\n    print(x)")
    long.metadata["tags"] = [STUDENT_TAG]
    unmarked = nbformat.v4.new_code_cell("answer = 1")
    half = nbformat.v4.new_code_cell("secret = 2")
    half.metadata["jupyter"] = {"source_hidden": True}
    answer = nbformat.v4.new_code_cell("answer = ...")
    answer.metadata["tags"] = ["answer", HIDE_INPUT_TAG]
    answer.metadata["jupyter"] = {"source_hidden": True}
    nb.cells = [long, unmarked, half, answer]
    for i, cell in enumerate(nb.cells):
        cell.id = f"c{i}"
    problems = "\n".join(_problems(nb, "demo"))
    assert "c0: a student sees 4 lines" in problems
    assert "c1: a visible code cell not marked" in problems
    assert "c2: hidden only half-way" in problems
    assert "c3: a student's answer cell is hidden" in problems


@pytest.mark.parametrize("path", sorted((ROOT / "exercises").glob("*/*.ipynb")),
                         ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_a_form_in_an_answer_cell_is_shown(path: Path):
    """``answer = swedu.widgets.exercise_form(...)`` alone shows nothing: the cell must end by showing the form."""
    nb = nbformat.read(path, as_version=4)
    for cell in student_code_cells(nb):
        if "swedu.widgets.exercise_form(" in cell.source or "swedu.CaseBuilder(" in cell.source:
            mimes = {m for output in cell.get("outputs", []) for m in output.get("data", {})}
            assert "application/vnd.jupyter.widget-view+json" in mimes, f"{path.name} {cell.id}: no form on screen"
