"""One source per exercise set -> a student notebook in ``exercises/`` and a worked one in ``solutions/``.

An exercise source is a course source (see ``source/README.md``) whose code cells may hold
nbgrader-style markers::

    answer = {
    ### BEGIN SOLUTION
        "bayu": "target",
    ### END SOLUTION
    }

The solution notebook keeps the lines between the markers and drops the marker lines. The student
notebook replaces each block by a stub that runs without error: the cell's ``stub:`` (text, or
``{en: ..., id: ...}``), or by default ``name = ...  # your answer here`` when the block starts with
an assignment, else a ``# your code here`` comment. Extra cell keys:

* ``stub`` - the replacement for the block(s) of a code cell in the student notebook;
* ``reflection: true`` on a Markdown cell - an open question, labelled from the catalog as not
  auto-graded; the student notebook gets an empty answer cell below it;
* ``solution_only: true`` - the cell appears only in the solution notebook (notes for lecturers).

>>> to_solution("x = 1\\n### BEGIN SOLUTION\\ny = 2\\n### END SOLUTION")
'x = 1\\ny = 2'
>>> to_exercise("### BEGIN SOLUTION\\nanswer = {'bayu': 'target'}\\n### END SOLUTION\\ncheck(answer)", "en")
'answer = ...  # your answer here\\ncheck(answer)'

``python -m authoring build exercises`` writes both trees (and executes them);
``--check`` fails when a committed notebook differs from what its source gives.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path

from authoring.build import Job, build, selected
from authoring.source import LANGUAGES, ROOT, SourceError, file_name, load_source
from swedu.i18n import t

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
EXTRA_CELL_KEYS = ("stub", "reflection", "solution_only")
REFLECTION_TAG = "reflection"
ANSWER_TAG = "answer"
_ASSIGNMENT = re.compile(r"^(\s*)([A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)")


def has_markers(code: str) -> bool:
    return any(line.strip() in (BEGIN, END) for line in code.splitlines())


def _blocks(code: str, name: str = "<cell>"):
    """Split ``code`` into ``("text", lines)`` and ``("solution", lines)`` parts; checks the markers."""
    parts, current, inside = [], [], False
    for number, line in enumerate(code.splitlines(), start=1):
        marker = line.strip()
        if marker == BEGIN:
            if inside:
                raise SourceError(name, 0, f"line {number} of a code cell: {BEGIN} inside another solution block")
            parts.append(("text", current))
            current, inside = [], True
        elif marker == END:
            if not inside:
                raise SourceError(name, 0, f"line {number} of a code cell: {END} without {BEGIN}")
            parts.append(("solution", current))
            current, inside = [], False
        else:
            current.append(line)
    if inside:
        raise SourceError(name, 0, f"a code cell opens {BEGIN} but never closes it with {END}")
    parts.append(("text", current))
    return [(kind, lines) for kind, lines in parts if lines or kind == "solution"]


def to_solution(code: str) -> str:
    """The worked version: the marker lines removed, everything else kept."""
    return "\n".join(line for kind, lines in _blocks(code) for line in lines)


def default_stub(solution_lines: list, language: str) -> str:
    """``name = ...  # your answer here`` for a block that starts with an assignment, else a comment."""
    first = next((line for line in solution_lines if line.strip()), "")
    match = _ASSIGNMENT.match(first)
    if match:
        return f"{match.group(1)}{match.group(2)} = ...  # {t('exercises.stub', language)}"
    indent = re.match(r"\s*", first).group(0)
    return f"{indent}# {t('exercises.stub_code', language)}"


def to_exercise(code: str, language: str, stub=None, name: str = "<cell>") -> str:
    """The student version: each solution block replaced by ``stub`` (or :func:`default_stub`)."""
    out = []
    for kind, lines in _blocks(code, name):
        if kind == "text":
            out.extend(lines)
        elif stub is None:
            out.append(default_stub(lines, language))
        else:
            out.append((stub[language] if isinstance(stub, dict) else str(stub)).rstrip("\n"))
    return "\n".join(out)


def make_transform(source: dict, version: str):
    """The cell transform for ``version`` ``"exercise"`` or ``"solution"`` (see :func:`render`)."""
    import nbformat


    first = source["cells"][0]

    def note(language: str):
        key = "exercises.notebook.solution_note" if version == "solution" else "exercises.notebook.exercise_note"
        cell = nbformat.v4.new_markdown_cell(f"*{t(key, language)}*")
        cell.metadata["slideshow"] = {"slide_type": "-"}
        return cell

    def transform(cell, spec, language):
        if spec.get("solution_only") and version == "exercise":
            return None
        cells = [cell]
        if cell.cell_type == "code" and has_markers(cell.source):
            cell.source = (to_solution(cell.source) if version == "solution" else
                           to_exercise(cell.source, language, spec.get("stub"), source["_path"]))
            cell.metadata["tags"] = sorted(set(cell.metadata.get("tags", [])) | {ANSWER_TAG})
        if spec.get("reflection"):
            cell.source = f"**{t('exercises.reflection.label', language)}**\n\n{cell.source}"
            cell.metadata["tags"] = sorted(set(cell.metadata.get("tags", [])) | {REFLECTION_TAG})
            if version == "exercise":
                answer = nbformat.v4.new_markdown_cell(f"*{t('exercises.reflection.answer_here', language)}*")
                answer.metadata["slideshow"] = {"slide_type": "-"}
                answer.metadata["tags"] = [REFLECTION_TAG, ANSWER_TAG]
                cells.append(answer)
        if spec is first:
            cells.append(note(language))
        return cells

    return transform


def exercise_sources(folder: Path | None = None) -> list[Path]:
    """The exercise sources, in course order."""
    return sorted(Path(folder or ROOT / "source" / "exercises").glob("*.yaml"))


def load_exercise_source(path) -> dict:
    """Read one exercise source and check its markers (errors name the file and the cell's line)."""
    source = load_source(path, extra_cell_keys=EXTRA_CELL_KEYS)
    for spec, line in zip(source["cells"], source["_lines"]["cells"]):
        if "code" in spec:
            try:
                _blocks(spec["code"], source["_path"])
            except SourceError as err:
                raise SourceError(source["_path"], line, err.message) from None
        stub = spec.get("stub")
        if stub is not None and not (isinstance(stub, str) or (
                isinstance(stub, dict) and set(stub) == set(LANGUAGES) and all(isinstance(v, str) for v in stub.values()))):
            raise SourceError(source["_path"], line, "stub must be code text, or {en: ..., id: ...}")
        if stub is not None and not ("code" in spec and has_markers(spec["code"])):
            raise SourceError(source["_path"], line, f"a stub needs a code cell with {BEGIN} ... {END}")
        if spec.get("reflection") and "md" not in spec:
            raise SourceError(source["_path"], line, "reflection: true belongs on a Markdown (md) cell")
    return source


def exercise_notebook(exercise_id: str, language: str, folder: str = "exercises", root: Path | None = None) -> Path:
    """Where the exercise ``exercise_id`` is in ``language`` (``folder``: ``exercises`` or ``solutions``).

    >>> exercise_notebook("04-pie-graph", "id", "solutions").relative_to(ROOT).as_posix()
    'solutions/id/04-membaca-peta.ipynb'
    """
    root = Path(root or ROOT)
    source = load_source(root / "source" / "exercises" / f"{exercise_id}.yaml", extra_cell_keys=EXTRA_CELL_KEYS)
    return root / folder / language / file_name(source, language)


def exercise_jobs(*, only: Iterable[str] = (), root: Path | None = None) -> list[Job]:
    """Two jobs per source and language: ``exercises/<lang>/<name>.ipynb`` and ``solutions/<lang>/<name>.ipynb``,
    the name the source's ``files:`` gives in that language (:func:`authoring.source.file_name`)."""
    root = Path(root or ROOT)
    jobs = []
    for path in selected(exercise_sources(root / "source" / "exercises"), only):
        source = load_exercise_source(path)
        for lang in LANGUAGES:
            for version, folder in (("solution", "solutions"), ("exercise", "exercises")):
                jobs.append(Job(source, lang, root / folder / lang / file_name(source, lang),
                                make_transform(source, version)))
    return jobs


@contextmanager
def _no_progress():
    """Executing the course must not write into the builder's own progress store."""
    old = os.environ.get("SWEDU_PROGRESS")
    os.environ["SWEDU_PROGRESS"] = "off"
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("SWEDU_PROGRESS", None)
        else:
            os.environ["SWEDU_PROGRESS"] = old


def build_exercises(check: bool = False, *, only: Iterable[str] = (), root: Path | None = None,
                    log=print) -> list[str]:
    """Build (or with ``check``, verify) the exercise and solution notebooks; returns the problems."""
    root = Path(root or ROOT)
    jobs = exercise_jobs(only=only, root=root)
    managed = [] if only else [root / folder / lang for folder in ("exercises", "solutions") for lang in LANGUAGES]
    with _no_progress():
        result = build(jobs, check=check, managed_dirs=managed, log=log)
    if not check:
        log(f"exercises: {len(result.written)} notebooks written")
    return result.problems
