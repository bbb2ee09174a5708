"""Lecturer notes: in every lesson source for every slide in both languages; in the decks' speaker
view and the lecturer's live page; never in a notebook students open, an exercise or the students' page."""
from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from authoring.notebooks import (LANGUAGES, NOTES_FOLDER, SLIDE_STARTS, SourceError, build_notes, lecturer_notes,
                                 lesson_notebook, lesson_sources, load_source, parse_source)
from swedu.presenting import voila_command
from swedu.presenting.notes import note_markdown, notes_for, with_notes

REPO = Path(__file__).resolve().parents[1]
SOURCES = lesson_sources(REPO / "source" / "lessons")


def _note_texts(source) -> list[str]:
    return [text for spec in source["cells"] if "notes" in spec
            for part in ("ask", "listen") for text in spec["notes"][part].values()]


@pytest.mark.parametrize("path", SOURCES, ids=[p.stem[:2] for p in SOURCES])
def test_every_slide_of_every_lesson_has_notes_in_both_languages(path):
    source = load_source(path)
    for index, spec in enumerate(source["cells"]):
        opens = index == 0 or spec.get("slide") in SLIDE_STARTS
        line = source["_lines"]["cells"][index]
        assert opens == ("notes" in spec), f"{path.name}, line {line}: a slide without notes (or notes inside a slide)"
    for language in LANGUAGES:
        notes = lecturer_notes(source, language)
        assert len(notes) == sum(1 for s in source["cells"] if "notes" in s)
        assert all(n["ask"] and n["listen"] and 1 <= n["minutes"] <= 60 for n in notes.values())


@pytest.mark.parametrize("path", SOURCES, ids=[p.stem[:2] for p in SOURCES])
def test_no_notes_in_the_students_notebooks(path):
    """The committed notebooks have no notes cells and none of the notes' text."""
    source = load_source(path)
    texts = _note_texts(source)
    for language in LANGUAGES:
        notebook = lesson_notebook(source["id"], language)
        raw = notebook.read_text(encoding="utf-8")
        nb = nbformat.reads(raw, as_version=4)
        assert not [c for c in nb.cells if c.metadata.get("slideshow", {}).get("slide_type") == "notes"]
        leaked = [text for text in texts if json.dumps(text)[1:-1] in raw or text in raw]
        assert leaked == [], f"{notebook.name} contains lecturer notes: {leaked[:2]}"


def test_no_notes_in_exercises_or_solutions():
    texts = [text for path in SOURCES for text in _note_texts(load_source(path))]
    for folder in ("exercises", "solutions"):
        for notebook in sorted((REPO / folder).glob("*/*.ipynb")):
            raw = notebook.read_text(encoding="utf-8")
            assert '"slide_type": "notes"' not in raw, notebook
            assert not [t for t in texts if t in raw], notebook


def test_the_deck_gets_the_notes_as_reveal_speaker_notes(tmp_path):
    from swedu.presenting.slides import exporter

    notebook = REPO / "notebooks" / "id" / "04-remaja-nakal.ipynb"  # notes follow the id, not the file name
    nb = nbformat.read(notebook, as_version=4)
    notes = notes_for(nb, "id")
    assert len(notes) >= 10
    deck_nb = with_notes(nb, notes, "id")
    assert len(deck_nb.cells) == len(nb.cells) + len(notes)
    assert len(nb.cells) == len(nbformat.read(notebook, as_version=4).cells)  # the notebook is left alone
    body, _ = exporter().from_notebook_node(deck_nb, resources={
        "swedu": {"fontawesome_css": "x.css", "fontawesome_shims": "y.css"}, "metadata": {"name": "04"}})
    assert body.count('<aside class="notes">') == len(notes)
    first = next(iter(notes.values()))
    assert "Tanyakan kepada kelas" in body and first["ask"] in body.replace("&#39;", "'")
    assert "RevealNotes" in body  # the S key opens the speaker view


def test_the_notes_data_the_presentation_reads_match_the_lesson_sources():
    assert build_notes(check=True, root=REPO, log=lambda *a: None) == []
    nb = nbformat.read(REPO / "notebooks" / "en" / "04-delinquent-youth.ipynb", as_version=4)
    source = load_source(REPO / "source" / "lessons" / "04-delinquent-youth.yaml")
    assert notes_for(nb) == lecturer_notes(source, "en") and notes_for(nb, "id") == lecturer_notes(source, "id")
    assert set(notes_for(nb)) <= {cell.id for cell in nb.cells}, "keyed by the notebook's cell ids"


def test_check_finds_notes_that_drifted_from_their_source(tmp_path):
    lessons = tmp_path / "source" / "lessons"
    lessons.mkdir(parents=True)
    (lessons / "x.yaml").write_text(
        "id: x\ntitle: {en: X, id: X}\ncells:\n  - md: {en: '# A', id: '# A'}\n    slide: slide\n"
        "    notes: {minutes: 2, ask: {en: Who?, id: Siapa?}, listen: {en: a, id: b}}\n", encoding="utf-8")
    quiet = {"log": lambda *a: None, "root": tmp_path}
    assert build_notes(check=True, **quiet) == [f"{NOTES_FOLDER}/en/x.json: missing; run: python -m authoring build notes",
                                                f"{NOTES_FOLDER}/id/x.json: missing; run: python -m authoring build notes"]
    assert build_notes(**quiet) == [] and build_notes(check=True, **quiet) == []
    stored = tmp_path / NOTES_FOLDER / "id" / "x.json"
    assert json.loads(stored.read_text(encoding="utf-8")) == {"c000": {"minutes": 2, "ask": "Siapa?", "listen": "b"}}
    (lessons / "x.yaml").write_text((lessons / "x.yaml").read_text(encoding="utf-8").replace("Siapa?", "Siapa dia?"),
                                    encoding="utf-8")
    (tmp_path / NOTES_FOLDER / "en" / "gone.json").write_text("{}", encoding="utf-8")
    problems = build_notes(check=True, **quiet)
    assert problems == [f"{NOTES_FOLDER}/id/x.json: the speaker notes differ from source/lessons/x.yaml; "
                        "run: python -m authoring build notes",
                        f"{NOTES_FOLDER}/en/gone.json: no lesson source gives these speaker notes "
                        "(delete the file or add its source)"]
    assert build_notes(**quiet) == [] and build_notes(check=True, **quiet) == []
    assert "Siapa dia?" in stored.read_text(encoding="utf-8") and not (tmp_path / NOTES_FOLDER / "en" / "gone.json").exists()


def test_the_presentation_reads_the_notes_without_the_course_builder():
    import subprocess
    import sys

    code = ("import sys, swedu.presenting as p, swedu.presenting.slides\n"
            "notes = p.lecturer_notes_of(p.lesson_notebook(sys.argv[1], '04', 'id'), 'id')\n"
            "print(len(notes), sorted(m for m in sys.modules if m.split('.')[0] == 'authoring'))")
    out = subprocess.run([sys.executable, "-c", code, str(REPO)], cwd=REPO, capture_output=True, text=True,
                         check=True, timeout=120).stdout.split(" ", 1)
    assert int(out[0]) >= 10 and out[1].strip() == "[]"


def test_only_the_lecturers_live_page_gets_the_notes(tmp_path):
    notebook = REPO / "notebooks" / "en" / "04-delinquent-youth.ipynb"
    source = load_source(REPO / "source" / "lessons" / "04-delinquent-youth.yaml")
    ask = lecturer_notes(source, "en")["c000"]["ask"]
    for lecturer in (False, True):
        folder = tmp_path / str(lecturer)
        voila_command(notebook, 8999, folder, lecturer=lecturer, language="en", open_browser=False)
        settings = (folder / "config" / "voila.json").read_text(encoding="utf-8")
        resources = json.loads(settings)["VoilaConfiguration"]["resources"]["swedu"]
        assert ("notes" in resources) is lecturer
        if lecturer:
            assert resources["notes"]["c000"][0] == ["Ask the room", ask]
        assert (ask in settings or json.dumps(ask)[1:-1] in settings) is lecturer


def test_note_markdown_words_come_from_the_catalogs():
    note = {"minutes": 4, "ask": "Siapa kliennya?", "listen": "Dimas sebagai klien."}
    text = note_markdown(note, "id")
    assert text.startswith("**Tanyakan kepada kelas:** Siapa kliennya?") and "sekitar 4 menit" in text


@pytest.mark.parametrize(("notes", "message"), [
    ("    notes: {minutes: 3, ask: {en: a, id: b}}\n", "need 'listen'"),
    ("    notes: {minutes: 0, ask: {en: a, id: b}, listen: {en: a, id: b}}\n", "minutes must be"),
    ("    notes: {minutes: 3, ask: {en: a}, listen: {en: a, id: b}}\n", "no 'id' text"),
    ("    notes: {minutes: 3, ask: {en: a, id: b}, listen: {en: a, id: b}, say: x}\n", "unknown notes key 'say'"),
])
def test_broken_notes_are_explained_with_the_line(notes, message):
    text = ("id: x\ntitle: {en: X, id: X}\ncells:\n  - md: {en: '# A', id: '# A'}\n    slide: slide\n"
            "  - md: {en: B, id: B}\n    slide: slide\n" + notes)
    with pytest.raises(SourceError) as error:
        parse_source(text, "x.yaml")
    assert message in str(error.value) and "x.yaml, line" in str(error.value)


def test_notes_belong_on_the_cell_that_opens_a_slide():
    text = ("id: x\ntitle: {en: X, id: X}\ncells:\n  - md: {en: '# A', id: '# A'}\n    slide: slide\n"
            "  - md: {en: B, id: B}\n    notes: {minutes: 1, ask: {en: a, id: b}, listen: {en: a, id: b}}\n")
    with pytest.raises(SourceError, match="opens a slide"):
        parse_source(text, "x.yaml")
