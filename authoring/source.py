"""Step 1 of the course builder: read and check a course source (YAML, both languages side by side).

One source file describes one notebook (see ``source/README.md``); errors name the file and line.

>>> parse_source("id: x\\ntitle: {en: X, id: X}\\ncells:\\n  - code: print(1)\\n", "x.yaml")["cells"]
[{'code': 'print(1)'}]
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from swedu._yaml import YamlProblem, compose_checked, to_python

LANGUAGES = ("en", "id")
ROOT = Path(__file__).resolve().parents[1]
"""The repository root (``source/``, ``notebooks/`` ... live here)."""

SLIDE_TYPES = ("slide", "subslide", "fragment", "skip", "notes", "-")
SETUP_TAG = "setup"
HIDE_INPUT_TAG = "hide-input"
REMOVE_INPUT_TAG = "remove-input"
STUDENT_TAG = "student"
"""Code cells are hidden unless the source says ``student: true`` (see :func:`code_visibility`)."""

_TOP_KEYS = ("id", "title", "cells")
FILES_KEY = "files"
"""``files: {en: 04-delinquent-youth, id: 04-remaja-nakal}``: the notebook's file name (without ``.ipynb``) in each
language, so that the Indonesian file browser shows Indonesian names. The id stays the lesson's or exercise's
name in progress records, reports and the hub; only the files follow the language (see :func:`file_name`)."""
INTERFACE_KEY = "interface"
"""``interface: {en: {<place>: [words]}, id: {...}}``: JupyterLab's own words a lesson quotes (menu names, menu
items, tooltips, dialog buttons), by the language JupyterLab runs in, exactly as it shows them. Every word must be
in the lesson's text; ``tests/browser/test_lab_interface_words.py`` opens JupyterLab in each language (the
Indonesian language pack set up as ``run.py lab id`` does) and finds each one at its place."""
INTERFACE_PLACES = ("menu bar", "toolbar", "restart dialog", "left sidebar")
"""Where a quoted word is on screen: the menu bar's labels, the notebook toolbar's tooltips, the buttons of the box
the ⏩ button opens, the left sidebar's tab tooltips; and ``"<label> menu"``: the items of that menu."""
_MENU_PLACE = re.compile(r"^[A-Z][A-Za-z]* menu$")
_FILE_NAME_PATTERN = re.compile(r"^[0-9]{2}[a-z]?(-[a-z0-9]+)+$")
_FILE_NAME_MAX = 40
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
    authoring.source.SourceError: x.yaml, line 4: this Markdown cell has no 'id' text: every Markdown cell needs both 'en' and 'id'
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
    allowed = set(_TOP_KEYS) | {FILES_KEY, INTERFACE_KEY} | set(extra_keys)
    for key in data:
        if key not in allowed:
            fail(("<key>", key), f"unknown key {key!r}; allowed: {', '.join(sorted(allowed))}")
    for key in _TOP_KEYS:
        if key not in data:
            fail((), f"missing {key!r}")
    if not isinstance(data["id"], str) or not _ID_PATTERN.match(data["id"]):
        fail(("id",), "id must be lower-case letters, digits and '-', e.g. 03-four-systems")
    _check_bilingual(data["title"], ("title",), fail, "the title")
    if FILES_KEY in data:
        _check_file_names(data[FILES_KEY], data["id"], (FILES_KEY,), fail)
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
    if INTERFACE_KEY in data:
        _check_interface(data[INTERFACE_KEY], cells, (INTERFACE_KEY,), fail)
    result = dict(data)
    result["_path"] = str(name)
    result["_lines"] = {"id": line("id"), "cells": [line("cells", i) for i in range(len(cells))]}
    return result


def _check_file_names(files, source_id, path, fail):
    """``files`` gives a short, Windows-safe file name in each language, numbered like the id (course order)."""
    example = "files: {en: 04-delinquent-youth, id: 04-remaja-nakal}"
    if not isinstance(files, dict):
        fail(path, f"files must give the notebook's file name in both languages, e.g. {example}")
    for lang in LANGUAGES:
        if lang not in files:
            fail(path, f"files has no {lang!r} file name: every notebook needs an English and an Indonesian "
                       f"file name, e.g. {example}")
    for lang, name in files.items():
        if lang not in LANGUAGES:
            fail(path + ("<key>", lang), f"unknown language {lang!r}; use 'en' and 'id'")
        if not isinstance(name, str) or not _FILE_NAME_PATTERN.match(name) or len(name) > _FILE_NAME_MAX:
            fail(path + (lang,), f"the {lang!r} file name {name!r} must be lower-case letters, digits and '-' "
                 f"(no spaces, no '.ipynb'), at most {_FILE_NAME_MAX} characters, starting with the number, "
                 "e.g. 04-remaja-nakal")
        number = source_id.split("-", 1)[0]
        if name.split("-", 1)[0] != number:
            fail(path + (lang,), f"the {lang!r} file name {name!r} must start with {number + '-'!r} like the id "
                 f"{source_id!r}, so that the files keep the course order")


def _check_interface(interface, cells, path, fail):
    """The quoted JupyterLab words: by JupyterLab's language, a known place, a list of texts the lesson contains."""
    example = 'interface: {id: {Kernel menu: ["Dimulai lagi kernel and Menjalakan Semua Sel…"]}}'
    if not isinstance(interface, dict) or not interface:
        fail(path, f"interface must give JupyterLab's words by its language, e.g. {example}")
    text = " ".join(" ".join(cell["md"][lang].split()) for cell in cells if "md" in cell for lang in LANGUAGES)
    for lang, places in interface.items():
        if lang not in LANGUAGES:
            fail(path + ("<key>", lang), f"unknown language {lang!r}; use 'en' and 'id'")
        if not isinstance(places, dict) or not places:
            fail(path + (lang,), f"interface: {lang}: must map places to lists of words, e.g. {example}")
        for place, words in places.items():
            where = path + (lang, place)
            if place not in INTERFACE_PLACES and not (isinstance(place, str) and _MENU_PLACE.match(place)):
                fail(path + (lang, "<key>", place), f"unknown place {place!r}; use one of: "
                     f"{', '.join(INTERFACE_PLACES)}, or '<label> menu' such as 'Kernel menu'")
            if not isinstance(words, list) or not words or not all(isinstance(w, str) and w.strip() for w in words):
                fail(where, "give a list of the words as JupyterLab shows them")
            for word in words:
                if " ".join(word.split()) not in text:
                    fail(where, f"{word!r} is not in the lesson's text: quote it there exactly as JupyterLab shows it "
                         "(or remove it here)")


def interface_words(source: dict) -> dict:
    """``{JupyterLab language: {place: [words]}}`` the source quotes (empty when it quotes none).

    >>> interface_words(parse_source("id: x\\ntitle: {en: X, id: X}\\n"
    ...                              "interface: {en: {Kernel menu: [Shut Down Kernel]}}\\n"
    ...                              "cells:\\n  - md: {en: Choose Shut Down Kernel, id: Pilih Shut Down Kernel}\\n",
    ...                              "x"))
    {'en': {'Kernel menu': ['Shut Down Kernel']}}
    """
    return source.get(INTERFACE_KEY) or {}


def file_name(source: dict, language: str) -> str:
    """The notebook file of ``source`` in ``language`` (``files:`` in the source), e.g. ``04-remaja-nakal.ipynb``.

    Lessons and exercises must declare both names; a source without them is refused with the fix.

    >>> file_name(parse_source("id: 04-x\\ntitle: {en: X, id: X}\\nfiles: {en: 04-x, id: 04-iks}\\n"
    ...                        "cells:\\n  - code: print(1)\\n", "04-x.yaml"), "id")
    '04-iks.ipynb'
    >>> file_name(parse_source("id: 04-x\\ntitle: {en: X, id: X}\\ncells:\\n  - code: print(1)\\n", "04-x.yaml"), "id")
    Traceback (most recent call last):
    ...
    authoring.source.SourceError: 04-x.yaml, line 1: no file names: add e.g. 'files: {en: 04-x, id: 04-...}' (the notebook's file name in English and in Bahasa Indonesia)
    """
    files = source.get(FILES_KEY)
    if not files:
        raise SourceError(source.get("_path", "<source>"), source.get("_lines", {}).get("id", 0),
                          f"no file names: add e.g. 'files: {{en: {source['id']}, id: "
                          f"{source['id'].split('-', 1)[0]}-...}}' (the notebook's file name in English and in "
                          "Bahasa Indonesia)")
    return f"{files[language]}.ipynb"


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


