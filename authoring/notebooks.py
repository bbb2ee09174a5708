"""Course sources (YAML, both languages side by side) -> executed notebooks in ``en`` and ``id``.

One source file describes one notebook (see ``source/README.md``)::

    id: 03-four-systems
    title: {en: The four basic systems, id: Empat sistem dasar}
    cells:
      - md: {en: "# The four basic systems", id: "# Empat sistem dasar"}
        slide: slide
      - code: swedu.Classifier("delinquent-youth")
        tags: [remove-input]

The pipeline is four small steps, each usable on its own:

* :func:`load_source` reads and checks a source (errors name the file and line);
* :func:`render` turns it into an nbformat v4 notebook for one language; the first code cell is
  generated (``import swedu`` and ``swedu.set_language(...)``), every other code cell is the same
  in both languages;
* :func:`execute` runs it in a fresh kernel (hash seed 0, inline figures), failing with the
  notebook and cell named unless the cell is tagged ``raises-exception``;
* :func:`write` stores it as stable JSON: no timing metadata, widget model ids renumbered
  deterministically so that rebuilding an unchanged lesson gives identical files.

Widget state is kept in the notebook metadata (only what differs from each widget's defaults, as
``ipywidgets.embed`` does): static renderings (``nbconvert --to html`` or ``--to slides`` with a widget
renderer, GitHub-like viewers) then show the activities in their first state without a kernel.
nbval ignores notebook metadata and widget model ids, and compares the widgets' ``text/plain``
reprs, which swedu keeps stable. ``--check`` ignores outputs and widget state (nbval checks outputs).

:func:`build` ties them together for a list of :class:`Job` objects; :func:`build_lessons`
is the job list for ``source/lessons`` -> ``notebooks/<lang>/``. Other notebook families
(exercises, solutions) plug in through :data:`TARGETS` (``"name": "module:function"``), each
function taking ``check`` and returning the list of problems, like :func:`build_lessons`.

>>> source = parse_source('''
... id: demo
... title: {en: Demo, id: Demo}
... cells:
...   - md: {en: "# Hello", id: "# Halo"}
...     slide: slide
...   - code: print(1 + 1)
... ''', "demo.yaml")
>>> nb = render(source, "id")
>>> [cell.source for cell in nb.cells]
['# Halo', 'import swedu\\nswedu.set_language("id")  # bahasa Inggris: swedu.set_language("en")', 'print(1 + 1)']
>>> nb.cells[0].metadata.slideshow.slide_type
'slide'
"""
from __future__ import annotations

import difflib
import hashlib
import json
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from swedu._yaml import YamlProblem, compose_checked, to_python

LANGUAGES = ("en", "id")
ROOT = Path(__file__).resolve().parents[1]
"""The repository root (``source/``, ``notebooks/`` ... live here)."""

SLIDE_TYPES = ("slide", "subslide", "fragment", "skip", "notes", "-")
SETUP_TAG = "setup"
SETUP_CODE = {
    "en": 'import swedu\nswedu.set_language("en")  # Bahasa Indonesia: swedu.set_language("id")',
    "id": 'import swedu\nswedu.set_language("id")  # bahasa Inggris: swedu.set_language("en")',
}
"""The generated first code cell, the only code that differs between the two languages."""

HIDE_INPUT_TAG = "hide-input"
REMOVE_INPUT_TAG = "remove-input"
STUDENT_TAG = "student"
"""Code cells are hidden unless the source says ``student: true`` (see :func:`code_visibility`)."""

LANGUAGE_NAMES = {"en": "English", "id": "Bahasa Indonesia"}
WIDGET_STATE_MIME = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"
KERNEL_ENV = {"PYTHONHASHSEED": "0", "MPLBACKEND": INLINE_BACKEND}
"""Environment of every kernel that runs a course notebook (the build and nbval alike)."""


def kernel_env(data_dir) -> dict:
    """:data:`KERNEL_ENV` plus an empty progress store in ``data_dir``, so that what a notebook shows
    never depends on (and never adds to) the progress recorded on this machine."""
    return dict(KERNEL_ENV, SWEDU_DATA_DIR=str(data_dir))

_TOP_KEYS = ("id", "title", "cells")
_CELL_KEYS = ("md", "code", "setup", "slide", "tags", "student", "notes")
NOTE_KEYS = ("minutes", "ask", "listen")
"""A cell's lecturer notes: minutes the slide usually takes, the question to ask the room, the misconception
to listen for (both texts in both languages). They never go into a notebook: the decks and the lecturer's
live view read them from the data :func:`build_notes` writes (:func:`lecturer_notes`)."""
OPTIONAL_NOTE_KEYS = ("misconceptions",)
"""``misconceptions: [client_is_problem_bearer, ...]``: the course's misconceptions (ids of
:data:`swedu.systems.MISCONCEPTIONS`) that ``listen`` names. It is for checking only (tests/test_speaker_notes_agree.py
proves that the lesson's activities can produce each one) and is not written to the notes data."""
SLIDE_STARTS = ("slide", "subslide")
_ID_PATTERN = re.compile(r"^[0-9a-z][0-9a-z._-]*$")
_TAG_PATTERN = re.compile(r"^[A-Za-z0-9_-]+$")


class SourceError(ValueError):
    """A course source that cannot be turned into a notebook: file, line and what to fix.

    >>> str(SourceError("lesson.yaml", 4, "a cell needs 'md' or 'code'"))
    "lesson.yaml, line 4: a cell needs 'md' or 'code'"
    """

    def __init__(self, path, line: int, message: str):
        self.path = str(path)
        self.line = line
        self.message = message
        super().__init__(f"{self.path}, line {line}: {message}" if line else f"{self.path}: {message}")


class NotebookExecutionError(RuntimeError):
    """A cell failed while a course notebook was being executed."""

    def __init__(self, name: str, cell_index: int, source: str, detail: str):
        self.name = name
        self.cell_index = cell_index
        self.source = source
        self.detail = detail
        first = source.strip().splitlines()[0] if source.strip() else ""
        super().__init__(
            f"{name}: cell {cell_index} failed ({first!r}).\n{detail}\n"
            "Fix the source, or tag the cell 'raises-exception' if the error is the point of the cell."
        )


# --------------------------------------------------------------------------- reading sources

def load_source(path, *, extra_keys: Iterable[str] = (), extra_cell_keys: Iterable[str] = ()) -> dict:
    """Read and check one course source file; returns a plain dict (see :func:`parse_source`)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise SourceError(path, 0, f"cannot read the file ({err.strerror or err})") from None
    except UnicodeDecodeError:
        raise SourceError(path, 0, "the file is not UTF-8 text") from None
    source = parse_source(text, path, extra_keys=extra_keys, extra_cell_keys=extra_cell_keys)
    if source["id"] != path.stem:
        raise SourceError(path, source["_lines"]["id"],
                          f"id {source['id']!r} must equal the file name {path.stem!r}")
    return source


def parse_source(text: str, name="<source>", *, extra_keys: Iterable[str] = (),
                 extra_cell_keys: Iterable[str] = ()) -> dict:
    """Check the text of a source and return ``{"id", "title", "cells", ..., "_path", "_lines"}``.

    Every Markdown cell needs both languages; every cell needs exactly one of ``md`` and
    ``code``. ``extra_keys`` / ``extra_cell_keys`` admit additional keys for other builders
    (the exercise builder), which receive them untouched.

    >>> parse_source("id: x\\ntitle: {en: X, id: X}\\ncells:\\n  - md: {en: Hi}\\n", "x.yaml")
    Traceback (most recent call last):
    ...
    authoring.notebooks.SourceError: x.yaml, line 4: this Markdown cell has no 'id' text: every Markdown cell needs both 'en' and 'id'
    """
    try:
        located = to_python(compose_checked(text))
    except YamlProblem as problem:
        raise SourceError(name, problem.line, f"not valid YAML: {problem.plain()}") from None
    data, pos = located.data, located.positions

    def line(*path) -> int:
        while path and path not in pos:
            path = path[:-1]
        return pos.get(path, (0, 0))[0]

    def fail(path, message):
        raise SourceError(name, line(*path), message)

    if not isinstance(data, dict):
        fail((), "the file must be a mapping with 'id', 'title' and 'cells'")
    allowed = set(_TOP_KEYS) | set(extra_keys)
    for key in data:
        if key not in allowed:
            fail(("<key>", key), f"unknown key {key!r}; allowed: {', '.join(sorted(allowed))}")
    for key in _TOP_KEYS:
        if key not in data:
            fail((), f"missing {key!r}")
    if not isinstance(data["id"], str) or not _ID_PATTERN.match(data["id"]):
        fail(("id",), "id must be lower-case letters, digits and '-', e.g. 03-four-systems")
    _check_bilingual(data["title"], ("title",), fail, "the title")
    cells = data["cells"]
    if not isinstance(cells, list) or not cells:
        fail(("cells",), "'cells' must be a non-empty list of cells")
    allowed_cell = set(_CELL_KEYS) | set(extra_cell_keys)
    for i, cell in enumerate(cells):
        where = ("cells", i)
        if not isinstance(cell, dict):
            fail(where, "each cell must be a mapping with 'md' or 'code'")
        for key in cell:
            if key not in allowed_cell:
                fail(where + ("<key>", key), f"unknown cell key {key!r}; allowed: {', '.join(sorted(allowed_cell))}")
        kinds = [k for k in ("md", "code", "setup") if k in cell]
        if len(kinds) != 1:
            fail(where, "a cell needs exactly one of 'md' (Markdown, both languages) or 'code'")
        if "setup" in cell:
            if cell["setup"] is not True or "tags" in cell:
                fail(where, "'setup: true' marks where the generated first code cell goes (only 'slide' may follow)")
            if any("setup" in other or "code" in other for other in cells[:i]):
                fail(where, "'setup: true' must come before every code cell, once")
        elif "md" in cell:
            _check_bilingual(cell["md"], where + ("md",), fail, "this Markdown cell")
        elif not isinstance(cell["code"], str) or not cell["code"].strip():
            fail(where + ("code",), "'code' must be non-empty Python text (use 'code: |' for several lines)")
        if "slide" in cell:
            slide = "-" if cell["slide"] in ("continue", None) else cell["slide"]
            if slide not in SLIDE_TYPES:
                fail(where + ("slide",), f"slide must be one of: {', '.join(SLIDE_TYPES)} (quote the '-')")
            cell["slide"] = slide
        if "notes" in cell:
            _check_notes(cell, i, where + ("notes",), fail)
        if "tags" in cell:
            tags = cell["tags"]
            if not isinstance(tags, list) or not all(isinstance(t, str) and _TAG_PATTERN.match(t) for t in tags):
                fail(where + ("tags",), "tags must be a list of words, e.g. [remove-input]")
            reserved = {SETUP_TAG, STUDENT_TAG, HIDE_INPUT_TAG} & set(tags)
            if reserved:
                word = sorted(reserved)[0]
                fail(where + ("tags",), f"the {word!r} tag is set by the builder: write 'student: true' "
                     "on a code cell a student types into (every other code cell is hidden)"
                     if word != SETUP_TAG else f"the {SETUP_TAG!r} tag is reserved for the generated first code cell")
        if "student" in cell:
            if "code" not in cell:
                fail(where + ("student",), "'student: true' belongs on a code cell (the cells a student types into)")
            if not isinstance(cell["student"], bool):
                fail(where + ("student",), "student must be true or false")
            if cell["student"] and REMOVE_INPUT_TAG in cell.get("tags", []):
                fail(where + ("student",), f"a cell a student types into cannot be tagged {REMOVE_INPUT_TAG!r}")
    result = dict(data)
    result["_path"] = str(name)
    result["_lines"] = {"id": line("id"), "cells": [line("cells", i) for i in range(len(cells))]}
    return result


def _check_notes(cell, index, path, fail):
    """Lecturer notes sit on the cell that opens a slide: ``{minutes: N, ask: {en, id}, listen: {en, id}}``."""
    notes = cell["notes"]
    if index and cell.get("slide") not in SLIDE_STARTS:
        fail(path, "notes belong on the cell that opens a slide ('slide: slide' or 'slide: subslide')")
    if not isinstance(notes, dict):
        fail(path, "notes must be a mapping: {minutes: 3, ask: {en: ..., id: ...}, listen: {en: ..., id: ...}}")
    for key in notes:
        if key not in NOTE_KEYS + OPTIONAL_NOTE_KEYS:
            allowed = ", ".join(NOTE_KEYS + OPTIONAL_NOTE_KEYS)
            fail(path + ("<key>", key), f"unknown notes key {key!r}; allowed: {allowed}")
    for key in NOTE_KEYS:
        if key not in notes:
            fail(path, f"the notes need {key!r} (minutes, the question to ask the room, what to listen for)")
    minutes = notes["minutes"]
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= 60:
        fail(path + ("minutes",), "minutes must be a whole number from 1 to 60")
    _check_bilingual(notes["ask"], path + ("ask",), fail, "the question to ask")
    _check_bilingual(notes["listen"], path + ("listen",), fail, "what to listen for")
    if "misconceptions" in notes:
        from swedu.systems import MISCONCEPTIONS

        named = notes["misconceptions"]
        if not isinstance(named, list) or not named or any(m not in MISCONCEPTIONS for m in named):
            fail(path + ("misconceptions",), "misconceptions must be a list of the course's misconception ids: "
                 + ", ".join(MISCONCEPTIONS))


def _check_bilingual(value, path, fail, what):
    if not isinstance(value, dict):
        fail(path, f"{what} must give the text in both languages: {{en: ..., id: ...}}")
    for lang in LANGUAGES:
        if lang not in value:
            fail(path, f"{what} has no {lang!r} text: every Markdown cell needs both 'en' and 'id'")
        if not isinstance(value[lang], str) or not value[lang].strip():
            fail(path + (lang,), f"{what} has an empty {lang!r} text")
    for lang in value:
        if lang not in LANGUAGES:
            fail(path + ("<key>", lang), f"unknown language {lang!r}; use 'en' and 'id'")


# --------------------------------------------------------------------------- rendering

Transform = Callable[["object", dict, str], "object"]
"""``transform(cell, spec, language)`` -> a cell, a list of cells, or ``None`` to drop it."""


def render(source: dict, language: str, transform: Transform | None = None, origins: list | None = None,
           fit_slides: bool = False):
    """The notebook (nbformat v4) for ``source`` in ``language``, without outputs.

    ``transform(cell, spec, language)`` may rewrite each rendered cell (``spec`` is the
    cell's entry in the source); it returns the cell, a list of cells, or ``None``.
    The generated setup cell is placed where the source has ``- setup: true`` (else before the
    first code cell) and is not transformed. A list given as ``origins`` receives, for each cell of
    the notebook, the source entry it came from (``None`` for the setup cell).

    With ``fit_slides`` (lessons, which are presented) every slide is made to fit a projector screen:
    a reading longer than a slide continues on the next one (:func:`reading_parts`) and a code cell
    without its own ``slide:`` opens a slide for what it shows (an activity, a figure, a printout).
    """
    import nbformat

    if language not in LANGUAGES:
        raise ValueError(f"Unknown language {language!r}. Choose one of: {', '.join(LANGUAGES)}.")
    nb = nbformat.v4.new_notebook()
    nb.metadata = nbformat.from_dict({
        "kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"},
        "language_info": {"name": "python"},
        "title": source["title"][language],
        "swedu": {"source": source["id"], "language": language},
    })
    cells = []
    sources: list = []
    setup_done = False
    previous = None
    for spec in source["cells"]:
        if "setup" in spec:
            cells.append(_setup_cell(language, spec.get("slide", "skip")))
            sources.append(None)
            setup_done = True
            continue
        if "code" in spec and not setup_done:
            cells.append(_setup_cell(language))
            sources.append(None)
            setup_done = True
        after = previous
        previous = spec
        if "md" in spec:
            # A reading too long for one slide continues on the next (split between paragraphs).
            parts = reading_parts(spec["md"]) if fit_slides else [spec["md"]]
            cell = nbformat.v4.new_markdown_cell(parts[0][language].rstrip("\n"))
            slide = spec.get("slide", "-")
        else:
            parts = [None]
            cell = nbformat.v4.new_code_cell(spec["code"].rstrip("\n"))
            # What a code cell shows (an activity, a figure, a printout) gets a slide of its own,
            # unless the source says where it goes.
            slide = spec.get("slide", "subslide" if fit_slides and after is not None else "-")
        cell.metadata["slideshow"] = {"slide_type": slide}
        if spec.get("tags"):
            cell.metadata["tags"] = list(spec["tags"])
        if cell.cell_type == "code":
            code_visibility(cell, student=bool(spec.get("student")))
        out = transform(cell, spec, language) if transform else cell
        if out is None:
            continue
        out = out if isinstance(out, list) else [out]
        for part in parts[1:]:
            more = nbformat.v4.new_markdown_cell(part[language].rstrip("\n"))
            more.metadata["slideshow"] = {"slide_type": "skip" if slide == "skip" else "subslide"}  # a skipped cell's rest too
            out.append(more)
        cells.extend(out)
        sources.extend([spec] * len(out))
    if not setup_done:
        cells.append(_setup_cell(language))
        sources.append(None)
    if origins is not None:
        origins[:] = sources
    for i, cell in enumerate(cells):
        cell.id = "setup" if SETUP_TAG in cell.metadata.get("tags", []) else f"c{i:03d}"
    nb.cells = cells
    return nb


def lecturer_notes(source: dict, language: str, transform: Transform | None = None) -> dict:
    """The lecturer notes of ``source`` in ``language``: ``{cell id: {"minutes", "ask", "listen"}}``,
    keyed by the id of the notebook cell that opens the slide (the first cell a source entry gives).

    >>> source = parse_source(
    ...     "id: demo\\ntitle: {en: Demo, id: Demo}\\ncells:\\n"
    ...     "  - md: {en: '# Hello', id: '# Halo'}\\n    slide: slide\\n"
    ...     "    notes:\\n      minutes: 2\\n      ask: {en: Who is here?, id: Siapa yang hadir?}\\n"
    ...     "      listen: {en: Silence, id: Diam}\\n", "demo.yaml")
    >>> lecturer_notes(source, "id")
    {'c000': {'minutes': 2, 'ask': 'Siapa yang hadir?', 'listen': 'Diam'}}
    >>> "Siapa" in str(render(source, "id"))  # never in a notebook
    False
    """
    origins: list = []
    nb = render(source, language, transform, origins=origins, fit_slides=True)
    notes: dict = {}
    seen: set = set()
    for cell, spec in zip(nb.cells, origins):
        if spec is None or id(spec) in seen:
            continue
        seen.add(id(spec))
        if "notes" in spec:
            note = spec["notes"]
            notes[cell.id] = {"minutes": note["minutes"], "ask": note["ask"][language].strip(),
                              "listen": note["listen"][language].strip()}
    return notes


SLIDE_LINES = 17
"""Lines of reading that fit one slide of the decks and the live presentation (960x700 in the decks,
26 px type, 1.35 line height: :data:`SLIDE_LINE_CHARS` characters a line). A longer Markdown cell is
split between paragraphs into slides of its own (:func:`reading_parts`); the browser test
``tests/browser/test_slides_fit.py`` measures that every slide fits."""
SLIDE_LINE_CHARS = 68
_BLOCK_START = re.compile(r"^\s*(?:[-*+]\s|\d+\.\s|\||#|>)")


def reading_lines(text: str) -> float:
    """About how many lines ``text`` (Markdown) takes on a slide: paragraphs, list items and table rows
    wrapped at :data:`SLIDE_LINE_CHARS` characters (fewer in the larger type of headings), half a line
    between blocks.

    >>> reading_lines("## A heading\\n\\nOne short paragraph.")
    3.0
    """
    import math

    total = 0.0
    for block in re.split(r"\n\s*\n", text.strip()):
        logical: list[str] = []
        for line in block.splitlines():
            if not logical or _BLOCK_START.match(line):
                logical.append(line.strip())
            else:
                logical[-1] += " " + line.strip()
        for line in logical:
            if re.match(r"^\|?[\s:|-]+\|?$", line) and "-" in line:
                continue  # a table's separator row
            size = {1: 1.7, 2: 1.5, 3: 1.2}.get(len(line) - len(line.lstrip("#")), 1)  # headings are larger
            total += size * max(1, math.ceil(len(line) * size / SLIDE_LINE_CHARS))
        total += 0.5
    return total - 0.5


def _blocks(text: str) -> list[str]:
    """The paragraphs of a Markdown text, a folded ``<details>`` element kept whole (it opens and closes
    in one cell, or the notebook and the decks would show it broken).

    >>> _blocks("## A\\n\\n<details>\\n<summary>Open</summary>\\n\\nText.\\n\\n</details>\\n\\nAfter.")
    ['## A', '<details>\\n<summary>Open</summary>\\n\\nText.\\n\\n</details>', 'After.']
    """
    merged: list[str] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        if merged and merged[-1].lower().count("<details") > merged[-1].lower().count("</details>"):
            merged[-1] += "\n\n" + block
        else:
            merged.append(block)
    return merged


def reading_parts(md: dict, limit: float = SLIDE_LINES) -> list[dict]:
    """``md`` (``{"en": ..., "id": ...}``) as one or more parts that each fit a slide, split between the
    same paragraphs in both languages (a heading stays with what follows it). Unchanged when it fits,
    or when the two languages do not have the same paragraphs.

    >>> long = {lang: "## Title\\n\\n" + "\\n\\n".join(["word " * 40] * 6) for lang in LANGUAGES}
    >>> [part["en"].count("word") for part in reading_parts(long)]
    [120, 120]
    """
    blocks = {lang: _blocks(md[lang]) for lang in LANGUAGES}
    if len({len(b) for b in blocks.values()}) != 1:
        return [md]
    sizes = [max(reading_lines(blocks[lang][i]) + 0.5 for lang in LANGUAGES) for i in range(len(blocks["en"]))]
    if sum(sizes) - 0.5 <= limit or len(sizes) < 2:
        return [md]
    first = 2 if blocks["en"][0].lstrip().startswith("#") else 1
    if first >= len(sizes):
        return [md]
    cut = min(range(first, len(sizes)), key=lambda k: max(sum(sizes[:k]), sum(sizes[k:])))
    head = {lang: "\n\n".join(blocks[lang][:cut]) + "\n" for lang in LANGUAGES}
    tail = {lang: "\n\n".join(blocks[lang][cut:]) + "\n" for lang in LANGUAGES}
    return reading_parts(head, limit) + reading_parts(tail, limit)


def _setup_cell(language, slide="skip"):
    import nbformat

    cell = nbformat.v4.new_code_cell(SETUP_CODE[language])
    cell.metadata["slideshow"] = {"slide_type": slide}
    cell.metadata["tags"] = [SETUP_TAG]
    return code_visibility(cell, student=False)


def code_visibility(cell, *, student: bool):
    """Mark a code cell as one a student types into (tag ``student``) or hide its input; returns ``cell``.

    A hidden cell gets ``metadata.jupyter.source_hidden`` (JupyterLab and Notebook 7 collapse the input
    to a clickable ellipsis, the output stays) and the ``hide-input`` tag (nbconvert, Voila and the
    slides leave the input out); a cell tagged ``remove-input`` keeps that stronger tag.

    >>> import nbformat
    >>> cell = code_visibility(nbformat.v4.new_code_cell("swedu.Classifier('probation')"), student=False)
    >>> cell.metadata.jupyter.source_hidden, cell.metadata.tags
    (True, ['hide-input'])
    >>> code_visibility(nbformat.v4.new_code_cell("answer = 'client'"), student=True).metadata.tags
    ['student']
    """
    tags = set(cell.metadata.get("tags", []))
    if student:
        tags.add(STUDENT_TAG)
        cell.metadata.pop("jupyter", None)
    else:
        if REMOVE_INPUT_TAG not in tags:
            tags.add(HIDE_INPUT_TAG)
        cell.metadata["jupyter"] = {"source_hidden": True}
    order = [SETUP_TAG] if SETUP_TAG in tags else []
    cell.metadata["tags"] = order + sorted(tags - {SETUP_TAG})
    return cell


def student_code_cells(nb) -> list:
    """The code cells a student sees and types into (those not hidden), in order.

    >>> nb = render(parse_source("id: x\\ntitle: {en: X, id: X}\\ncells:\\n  - code: swedu.Classifier('probation')\\n"
    ...                          "  - code: answer = ...\\n    student: true\\n", "x.yaml"), "en")
    >>> [cell.source for cell in student_code_cells(nb)]
    ['answer = ...']
    """
    return [cell for cell in nb.cells if cell.cell_type == "code"
            and not cell.metadata.get("jupyter", {}).get("source_hidden")
            and REMOVE_INPUT_TAG not in cell.metadata.get("tags", [])]


# --------------------------------------------------------------------------- executing

def execute(nb, cwd, *, name: str | None = None, timeout: int = 180):
    """Run every cell of ``nb`` in a fresh python3 kernel started in ``cwd``; returns ``nb``.

    Deterministic set-up: ``PYTHONHASHSEED=0``, inline figures, an empty progress store, no
    timing metadata, widget state stored. A failing cell raises :class:`NotebookExecutionError` naming the notebook
    and the cell, unless the cell is tagged ``raises-exception``.
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    name = name or nb.metadata.get("swedu", {}).get("source", "notebook")
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                            store_widget_state=True, resources={"metadata": {"path": str(cwd)}})
    try:
        with tempfile.TemporaryDirectory(prefix="swedu-build-data-") as data_dir:
            env = dict(os.environ, **kernel_env(data_dir))
            env.pop("SWEDU_PROGRESS", None)
            client.execute(env=env, cwd=str(cwd))
    except CellExecutionError as err:
        index = _failed_cell(nb)
        source = nb.cells[index].source if index is not None else ""
        raise NotebookExecutionError(name, index if index is not None else -1, source,
                                     _short_error(err)) from None
    return nb


def _failed_cell(nb):
    for i, cell in enumerate(nb.cells):
        tags = cell.metadata.get("tags", [])
        outputs = cell.get("outputs", []) if cell.cell_type == "code" else []
        if "raises-exception" not in tags and any(o.get("output_type") == "error" for o in outputs):
            return i
    return None


def _short_error(err) -> str:
    ename = getattr(err, "ename", "") or ""
    evalue = getattr(err, "evalue", "") or ""
    if ename:
        return f"{ename}: {evalue}"
    text = re.sub(r"\x1b\[[0-9;]*m", "", str(err))
    return "\n".join(text.strip().splitlines()[-3:])


# --------------------------------------------------------------------------- writing

def clean(nb):
    """Drop volatile metadata and renumber widget model ids deterministically; returns ``nb``."""
    info = nb.metadata.get("language_info", {})
    nb.metadata["language_info"] = {k: info[k] for k in ("name", "mimetype", "file_extension", "pygments_lexer",
                                                         "codemirror_mode", "nbconvert_exporter") if k in info}
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        cell.metadata.pop("collapsed", None)
        if cell.cell_type == "code":
            for output in cell.get("outputs", []):
                output.get("metadata", {}).pop("execution", None)
    _drop_widget_defaults(nb)
    _renumber_widgets(nb)
    return nb


_WIDGET_DEFAULTS: dict = {}


def _widget_defaults(model_module: str, version: str, model_name: str) -> dict:
    """The state a freshly made ipywidgets model of this kind has (JSON form), or ``{}`` if unknown."""
    key = (model_module, version, model_name)
    if key not in _WIDGET_DEFAULTS:
        _WIDGET_DEFAULTS[key] = {}
        try:
            from ipywidgets.widgets.widget import _registry

            for (module, module_version, name, *_), cls in _registry.items():
                if (module, module_version, name) == key:
                    state = cls().get_state()
                    _WIDGET_DEFAULTS[key] = {k: v for k, v in json.loads(json.dumps(state)).items()
                                             if not (isinstance(v, str) and v.startswith("IPY_MODEL_"))}
                    break
        except Exception:  # noqa: BLE001 - an unknown or odd widget keeps its full state
            _WIDGET_DEFAULTS[key] = {}
    return _WIDGET_DEFAULTS[key]


def _drop_widget_defaults(nb) -> None:
    """Store only what differs from a widget's defaults (as ``ipywidgets.embed`` does with drop_defaults).

    A Classifier has hundreds of small models (layouts, styles); their defaults are most of the
    stored state. Widget front ends fill defaults in when they load the state.
    """
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE_MIME, {}).get("state", {})
    for entry in state.values():
        defaults = _widget_defaults(entry.get("model_module", ""), entry.get("model_module_version", ""),
                                    entry.get("model_name", ""))
        values = entry.get("state", {})
        for name in [k for k, v in values.items() if k in defaults and defaults[k] == v]:
            del values[name]


def _renumber_widgets(nb):
    """Replace random widget model ids by ids derived from the notebook and the order of creation."""
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE_MIME, {}).get("state", {})
    ids = list(state)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get(WIDGET_VIEW_MIME)
            if view and view.get("model_id") and view["model_id"] not in ids:
                ids.append(view["model_id"])
    if not ids:
        return
    meta = nb.metadata.get("swedu", {})
    salt = f"{meta.get('source', '')}/{meta.get('language', '')}"
    mapping = {old: hashlib.sha1(f"{salt}/{i}".encode()).hexdigest()[:32] for i, old in enumerate(ids)}
    pattern = re.compile("|".join(re.escape(old) for old in sorted(ids, key=len, reverse=True)))

    def swap(value):
        if isinstance(value, str):
            return pattern.sub(lambda m: mapping[m.group(0)], value)
        if isinstance(value, list):
            return [swap(v) for v in value]
        if isinstance(value, dict):
            return {swap(k): swap(v) for k, v in value.items()}
        return value

    import nbformat

    if "widgets" in nb.metadata:
        nb.metadata["widgets"] = nbformat.from_dict(swap(nb.metadata["widgets"]))
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.get("outputs"):
            cell.outputs = [nbformat.from_dict(swap(o)) for o in cell.outputs]


def write(nb, path) -> Path:
    """Validate, clean and store ``nb`` at ``path`` (folders created); returns the path."""
    import nbformat

    path = Path(path)
    clean(nb)
    nbformat.validate(nb)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = nbformat.writes(nb)
    if not text.endswith("\n"):
        text += "\n"
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- comparing

def structure(nb) -> list:
    """What ``--check`` compares: per cell its type, source and metadata; plus notebook metadata."""
    meta = {k: v for k, v in nb.metadata.items() if k not in ("widgets", "language_info")}
    cells = [(c.cell_type, c.get("id"), c.source, _plain(c.metadata)) for c in nb.cells]
    return [_plain(meta)] + cells


def _plain(value):
    return json.loads(json.dumps(value, sort_keys=True))


def differences(expected, actual, name: str, limit: int = 12) -> list[str]:
    """A readable summary of how ``actual`` (committed) differs from ``expected`` (from sources)."""
    problems = []
    exp, act = structure(expected), structure(actual)
    if exp[0] != act[0]:
        problems.append(f"{name}: notebook metadata differs: expected {exp[0]}, found {act[0]}")
    e_cells, a_cells = exp[1:], act[1:]
    if len(e_cells) != len(a_cells):
        problems.append(f"{name}: {len(a_cells)} cells, the source gives {len(e_cells)}")
    for i, (e, a) in enumerate(zip(e_cells, a_cells)):
        if e == a:
            continue
        if e[0] != a[0]:
            problems.append(f"{name}: cell {i} is {a[0]}, the source gives {e[0]}")
        elif e[2] != a[2]:
            diff = list(difflib.unified_diff(a[2].splitlines(), e[2].splitlines(), "committed", "source",
                                             lineterm="", n=0))
            problems.append(f"{name}: cell {i} text differs:\n    " + "\n    ".join(diff[2:8]))
        elif e[3] != a[3]:
            problems.append(f"{name}: cell {i} metadata differs: expected {e[3]}, found {a[3]}")
        elif e[1] != a[1]:
            problems.append(f"{name}: cell {i} id is {a[1]!r}, the source gives {e[1]!r}")
        if len(problems) >= limit:
            problems.append(f"{name}: ... (more differences)")
            break
    return problems


# --------------------------------------------------------------------------- building

@dataclass
class Job:
    """One notebook to build: a source, a language, where to write it, and an optional transform."""

    source: dict
    language: str
    output: Path
    transform: Transform | None = None
    execute: bool = True
    fit_slides: bool = False

    @property
    def name(self) -> str:
        try:
            return str(self.output.relative_to(ROOT))
        except ValueError:
            return str(self.output)


@dataclass
class BuildResult:
    """What :func:`build` did: files written and problems found (``--check``)."""

    written: list = field(default_factory=list)
    problems: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def build(jobs: list[Job], *, check: bool = False, expected_files: Iterable[Path] = (),
          managed_dirs: Iterable[Path] = (), log=print) -> BuildResult:
    """Render (and execute) every job; with ``check``, compare with the committed files instead.

    ``managed_dirs`` are folders whose ``*.ipynb`` files must all come from a job: with
    ``check`` a notebook there without a source is reported as stale.
    """
    import nbformat

    result = BuildResult()
    if check:
        with tempfile.TemporaryDirectory(prefix="swedu-check-") as tmp:
            for n, job in enumerate(jobs):
                fresh = write(render(job.source, job.language, job.transform, fit_slides=job.fit_slides),
                              Path(tmp) / f"{n}.ipynb")
                expected = nbformat.read(fresh, as_version=4)
                if not job.output.exists():
                    result.problems.append(f"{job.name}: missing; run: python -m authoring build")
                    continue
                committed = nbformat.read(job.output, as_version=4)
                result.problems.extend(differences(expected, committed, job.name))
        outputs = {job.output.resolve() for job in jobs}
        for folder in managed_dirs:
            for path in sorted(Path(folder).glob("*.ipynb")):
                if path.resolve() not in outputs:
                    result.problems.append(f"{path.relative_to(ROOT) if ROOT in path.parents else path}: "
                                           "no source produces this notebook (delete it or add its source)")
        return result
    for job in jobs:
        nb = render(job.source, job.language, job.transform, fit_slides=job.fit_slides)
        if job.execute:
            log(f"executing {job.name} ...")
            job.output.parent.mkdir(parents=True, exist_ok=True)
            execute(nb, job.output.parent, name=job.name)
        result.written.append(write(nb, job.output))
    return result


def lesson_sources(folder: Path | None = None) -> list[Path]:
    """The lesson source files, in course order."""
    return sorted(Path(folder or ROOT / "source" / "lessons").glob("*.yaml"))


def selected(paths: Iterable[Path], only: Iterable[str] = ()) -> list[Path]:
    """The source files named in ``only`` by file name or its start (``"04"``); all when ``only`` is empty."""
    wanted = set(only)
    return [path for path in paths
            if not wanted or path.stem in wanted or any(path.stem.startswith(w) for w in wanted)]


def lesson_jobs(*, only: Iterable[str] = (), root: Path | None = None) -> list[Job]:
    """One job per lesson source and language: ``source/lessons/X.yaml`` -> ``notebooks/<lang>/X.ipynb``."""
    root = Path(root or ROOT)
    jobs = []
    for path in selected(lesson_sources(root / "source" / "lessons"), only):
        source = load_source(path)
        for lang in LANGUAGES:
            jobs.append(Job(source, lang, root / "notebooks" / lang / f"{source['id']}.ipynb", fit_slides=True))
    return jobs


def build_lessons(check: bool = False, *, only: Iterable[str] = (), root: Path | None = None,
                  log=print) -> list[str]:
    """Build (or with ``check``, verify) the lesson notebooks; returns the problems found."""
    root = Path(root or ROOT)
    jobs = lesson_jobs(only=only, root=root)
    managed = [] if only else [root / "notebooks" / lang for lang in LANGUAGES]
    result = build(jobs, check=check, managed_dirs=managed, log=log)
    if not check:
        log(f"lessons: {len(result.written)} notebooks written")
    return result.problems + build_notes(check, only=only, root=root, log=log)


NOTES_FOLDER = Path("swedu", "presenting", "speaker_notes")
"""Where the lecturer notes go as data, under the repository root: ``<language>/<lesson id>.json``. The
presentation (:mod:`swedu.presenting.notes`) reads them there and never imports this builder."""


def notes_text(notes: dict) -> str:
    """The stored form of one lesson's notes in one language: stable JSON (so that an unchanged source
    gives an identical file).

    >>> print(notes_text({"c000": {"minutes": 2, "ask": "Siapa?", "listen": "Diam"}}))
    {
     "c000": {
      "ask": "Siapa?",
      "listen": "Diam",
      "minutes": 2
     }
    }
    <BLANKLINE>
    """
    return json.dumps(notes, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def build_notes(check: bool = False, *, only: Iterable[str] = (), root: Path | None = None,
                log=print) -> list[str]:
    """Write the lecturer notes of every lesson (or with ``check``, verify them); returns the problems.

    One file per lesson and language, ``{cell id: {"minutes", "ask", "listen"}}`` keyed by the ids of
    the cells that open a slide in the generated notebook (:func:`lecturer_notes`). Without ``only``,
    a notes file whose lesson has no source is a problem too (``check``) or is removed (build).
    """
    root = Path(root or ROOT)
    folder = root / NOTES_FOLDER
    expected = {}
    for path in selected(lesson_sources(root / "source" / "lessons"), only):
        source = load_source(path)
        for lang in LANGUAGES:
            expected[folder / lang / f"{source['id']}.json"] = (notes_text(lecturer_notes(source, lang)), path)
    problems, written = [], 0
    for target, (text, path) in expected.items():
        name = target.relative_to(root)
        if check:
            if not target.is_file():
                problems.append(f"{name}: missing; run: python -m authoring build notes")
            elif json.loads(target.read_text(encoding="utf-8")) != json.loads(text):
                problems.append(f"{name}: the speaker notes differ from {path.relative_to(root)}; "
                                "run: python -m authoring build notes")
        elif not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            written += 1
    if not only:
        for stale in sorted(folder.glob("*/*.json")):
            if stale not in expected:
                if check:
                    problems.append(f"{stale.relative_to(root)}: no lesson source gives these speaker notes "
                                    "(delete the file or add its source)")
                else:
                    stale.unlink()
    if not check:
        log(f"speaker notes: {written} of {len(expected)} files written")
    return problems


TARGETS = {
    "lessons": "authoring.notebooks:build_lessons",
    "exercises": "authoring.exercises:build_exercises",
    "notes": "authoring.notebooks:build_notes",
}
"""What can be built: name -> ``"module:function"``; the function takes ``check`` (and ``only``,
``log``) and returns a list of problems. ``notes`` writes only the lecturer notes (no kernel runs);
``lessons`` writes them too, so ``all`` is :data:`ALL`."""

ALL = ("lessons", "exercises")
"""What ``build all`` (the default) builds: every notebook family, and with the lessons their notes."""


def target_function(name: str):
    """The build function registered under ``name``, or ``None`` when its module does not exist yet."""
    import importlib

    module_name, function = TARGETS[name].split(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as err:
        if err.name == module_name:
            return None
        raise
    return getattr(module, function)


def main(argv: list[str] | None = None) -> int:
    """``python -m authoring build [--check] [lessons|exercises|notes|all] [--only ID ...]``."""
    from swedu.cli.parsing import OptionsAnywhereParser

    parser = OptionsAnywhereParser(prog="python -m authoring",
                                     description="Build the course notebooks from source/ (and execute them).")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="regenerate and execute notebooks; --check only verifies them")
    b.add_argument("what", nargs="?", default="all", choices=sorted(TARGETS) + ["all"])
    b.add_argument("--check", action="store_true",
                   help="do not write: fail if the committed notebooks differ from their sources")
    b.add_argument("--only", nargs="*", default=[], metavar="ID",
                   help="only these notebooks (ids or id prefixes such as 03)")
    args = parser.parse_args(argv)
    names = list(ALL) if args.what == "all" else [args.what]
    problems = []
    for name in names:
        function = target_function(name)
        if function is None:
            print(f"{name}: not available yet (module {TARGETS[name].split(':')[0]} not found)",
                  file=sys.stderr)
            if args.what != "all":
                return 2
            continue
        try:
            problems.extend(function(check=args.check, only=args.only))
        except (SourceError, NotebookExecutionError) as err:
            print(err, file=sys.stderr)
            return 1
    if problems:
        print(f"{len(problems)} problem(s): the notebooks do not match their sources.", file=sys.stderr)
        for problem in problems:
            print(" - " + problem, file=sys.stderr)
        print("Rebuild with: sh run.sh build   (or: python -m authoring build)", file=sys.stderr)
        return 1
    if args.check:
        print("notebooks match their sources")
    return 0


__all__ = [
    "KERNEL_ENV",
    "LANGUAGES",
    "SETUP_CODE",
    "SLIDE_TYPES",
    "TARGETS",
    "BuildResult",
    "Job",
    "NotebookExecutionError",
    "SourceError",
    "build",
    "build_lessons",
    "build_notes",
    "clean",
    "code_visibility",
    "differences",
    "execute",
    "lecturer_notes",
    "lesson_jobs",
    "lesson_sources",
    "notes_text",
    "load_source",
    "main",
    "parse_source",
    "render",
    "structure",
    "student_code_cells",
    "write",
]
