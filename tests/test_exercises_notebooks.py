"""Proof that exercises/ and solutions/ agree with their sources and do what they promise.

* the committed notebooks are what ``source/exercises/*.yaml`` produces (the ``--check`` of the build);
* every solution notebook runs, and every check in it reports ``correct`` (score 1);
* every exercise notebook runs top to bottom without an error, and every check in it reports
  ``not_answered`` (the equivalent of ``nbgrader validate --invert``);
* no solution markers reach a student, reflections are labelled and carry no check.

The notebooks are executed afresh here with nbclient (hash seed 0, recording off); the checks write
``data-status`` into their HTML, which is what these tests read.
"""
from __future__ import annotations

import copy
import os
import re
from pathlib import Path

import nbformat
import pytest

from authoring import exercises as authoring
from authoring.notebooks import KERNEL_ENV
from swedu.i18n import t

ROOT = Path(__file__).resolve().parents[1]
SOURCES = authoring.exercise_sources(ROOT / "source" / "exercises")
NAMES = [p.stem for p in SOURCES]
"""The exercises' ids; their notebooks carry each language's file name (:func:`notebook`)."""


def notebook(folder: str, lang: str, name: str) -> Path:
    """The committed notebook of exercise ``name`` in ``folder`` (exercises or solutions) and ``lang``."""
    return authoring.exercise_notebook(name, lang, folder, root=ROOT)
CHECK = re.compile(r'<div class="swedu-check [^"]*" lang="(\w+)" data-exercise="([^"]+)" data-status="(\w+)"')
CALL = re.compile(r'check\("([^"]+)"')


def statuses(nb) -> list[tuple[str, str, str]]:
    """``(language, exercise id, status)`` of every check shown in the notebook's outputs."""
    found = []
    for cell in nb.cells:
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            found.extend(CHECK.findall(output.get("data", {}).get("text/html", "")))
    return found


def errors(nb) -> list[str]:
    return [f"cell {i}: {o.get('ename')}: {o.get('evalue')}" for i, cell in enumerate(nb.cells)
            if cell.cell_type == "code" for o in cell.get("outputs", []) if o.get("output_type") == "error"]


def called(nb) -> list[str]:
    return [m for cell in nb.cells if cell.cell_type == "code" for m in CALL.findall(cell.source)]


def run(nb, folder: Path):
    from nbclient import NotebookClient

    fresh = copy.deepcopy(nb)
    for cell in fresh.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    env = dict(os.environ, **KERNEL_ENV, SWEDU_PROGRESS="off")
    NotebookClient(fresh, timeout=120, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(folder)}}).execute(env=env, cwd=str(folder))
    return fresh


def test_there_are_six_sets_and_every_check_is_used():
    from swedu import exercises

    assert len(SOURCES) >= 6
    used = set()
    for path in SOURCES:
        for lang in ("en", "id"):
            nb = nbformat.read(notebook("solutions", lang, path.stem), as_version=4)
            used.update(called(nb))
    assert used == set(exercises.exercise_ids())


def test_committed_notebooks_match_their_sources():
    problems = authoring.build_exercises(check=True, root=ROOT, log=lambda *a: None)
    assert problems == [], "\n".join(problems) + "\nRebuild with: python -m authoring build exercises"


def test_check_mode_notices_a_stale_notebook(tmp_path):
    """The up-to-date test above can fail: an edited committed notebook is reported."""
    import shutil

    for folder in ("source", "exercises", "solutions"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("lessons"))
    target = authoring.exercise_notebook(NAMES[0], "en", root=tmp_path)
    nb = nbformat.read(target, as_version=4)
    answer = next(c for c in nb.cells if "answer" in c.metadata.get("tags", []) and c.cell_type == "code")
    answer.source = answer.source + "\n# edited by hand"
    nbformat.write(nb, target)
    (tmp_path / "solutions" / "id" / "99-orphan.ipynb").write_text(nbformat.writes(nbformat.v4.new_notebook()))
    problems = authoring.build_exercises(check=True, root=tmp_path, log=lambda *a: None)
    assert any(f"exercises/en/{target.name}: cell" in p and "text differs" in p for p in problems)
    assert any("99-orphan.ipynb: no source" in p for p in problems)


@pytest.mark.parametrize("lang", ["en", "id"])
@pytest.mark.parametrize("name", NAMES)
def test_solution_runs_and_passes_every_check(name, lang):
    path = notebook("solutions", lang, name)
    nb = nbformat.read(path, as_version=4)
    assert statuses(nb) and {s for *_, s in statuses(nb)} == {"correct"}, "the stored outputs"
    done = run(nb, path.parent)
    assert errors(done) == []
    found = statuses(done)
    assert [e for _, e, _ in found] == called(nb), "every check cell shows its result"
    assert found and all(status == "correct" and language == lang for language, _, status in found), found


@pytest.mark.parametrize("lang", ["en", "id"])
@pytest.mark.parametrize("name", NAMES)
def test_exercise_runs_and_every_check_says_not_answered(name, lang):
    path = notebook("exercises", lang, name)
    nb = nbformat.read(path, as_version=4)
    assert {s for *_, s in statuses(nb)} == {"not_answered"}, "the stored outputs"
    done = run(nb, path.parent)
    assert errors(done) == []
    found = statuses(done)
    assert [e for _, e, _ in found] == called(nb)
    assert found and all(status == "not_answered" for _, _, status in found), found
    text = "".join(o.get("data", {}).get("text/html", "") for c in done.cells if c.cell_type == "code"
                   for o in c.get("outputs", []))
    assert t("exercises.status.not_answered.label", lang) in text


def test_cells_can_be_moved_copied_and_deleted(tmp_path):
    """Checks depend only on the value they are given: reorder, duplicate and drop cells freely."""
    path = notebook("solutions", "en", "03-reassessment")
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    setup, _show, after, check_after, changed, check_changed = code
    nb.cells = [setup, changed, after, copy.deepcopy(check_changed), check_after, check_changed]
    done = run(nb, tmp_path)
    assert errors(done) == []
    assert [s for *_, s in statuses(done)] == ["correct"] * 3


def test_a_wrong_answer_in_a_solution_is_caught(tmp_path):
    """The solution test can fail: one wrong role makes its check report something else than correct."""
    path = notebook("solutions", "en", "01-classify")
    nb = nbformat.read(path, as_version=4)
    answer = next(c for c in nb.cells if "answer" in c.metadata.get("tags", []))
    answer.source = answer.source.replace('"principal": "action"', '"principal": "client"')
    done = run(nb, tmp_path)
    assert [s for *_, s in statuses(done)] == ["partial"]


@pytest.mark.parametrize("folder", ["exercises", "solutions"])
def test_no_markers_and_reflections_are_labelled(folder):
    for lang in ("en", "id"):
        label = t("exercises.reflection.label", lang)
        for name in NAMES:
            nb = nbformat.read(notebook(folder, lang, name), as_version=4)
            assert not any(authoring.BEGIN in c.source or authoring.END in c.source for c in nb.cells)
            reflections = [c for c in nb.cells if authoring.REFLECTION_TAG in c.metadata.get("tags", [])]
            questions = [c for c in reflections if c.source.startswith(f"**{label}**")]
            assert questions, f"{folder}/{lang}/{name} has no labelled reflection"
            assert all(c.cell_type == "markdown" for c in reflections), "reflections are never code (never graded)"
            if folder == "exercises":
                assert len(reflections) == 2 * len(questions), "each question has an answer cell"
                assert not any("For lecturers" in c.source or "Untuk dosen" in c.source for c in nb.cells)


def test_student_stubs_run_and_solutions_are_clean():
    for name in NAMES:
        for lang in ("en", "id"):
            ex = nbformat.read(notebook("exercises", lang, name), as_version=4)
            sol = nbformat.read(notebook("solutions", lang, name), as_version=4)
            ex_answers = [c.source for c in ex.cells if c.cell_type == "code" and "answer" in c.metadata.get("tags", [])]
            sol_answers = [c.source for c in sol.cells if c.cell_type == "code" and "answer" in c.metadata.get("tags", [])]
            assert ex_answers and len(ex_answers) == len(sol_answers)
            for stub, worked in zip(ex_answers, sol_answers):
                assert stub != worked
                assert ("..." in stub or t("exercises.stub_code", lang) in stub or "# {" in stub
                        or "swedu.widgets.exercise_form(" in stub or "swedu.CaseBuilder()" in stub
                        or stub.startswith("g = nx.Graph()"))
