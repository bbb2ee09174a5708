"""The slide structure the course builder gives the lessons: long readings continue on a slide of their
own, and what a code cell shows gets its own slide; ``--check`` notices a notebook whose slides differ."""
from __future__ import annotations

import copy
from pathlib import Path

import nbformat

from authoring.notebooks import (LANGUAGES, SLIDE_LINES, differences, lesson_sources, load_source, parse_source,
                                       reading_lines, reading_parts, render)

REPO = Path(__file__).resolve().parents[1]
LONG = "\n\n".join(f"Paragraph {n}: " + "a sentence of a reading that goes on. " * 6 for n in range(8))
SOURCE = f"""
id: demo
title: {{en: Demo, id: Demo}}
cells:
  - md: {{en: "# Demo", id: "# Demo"}}
    slide: slide
  - md:
      en: |
        ## A long reading

{"".join("        " + line + chr(10) for line in LONG.splitlines())}
      id: |
        ## Bacaan panjang

{"".join("        " + line.replace("Paragraph", "Paragraf") + chr(10) for line in LONG.splitlines())}
    slide: slide
  - code: print("an activity")
  - code: print("a figure")
"""


def _types(nb):
    return [(c.cell_type, c.metadata["slideshow"]["slide_type"]) for c in nb.cells if "setup" not in c.metadata.get("tags", [])]


def test_a_long_reading_continues_on_the_next_slide_in_both_languages():
    source = parse_source(SOURCE, "demo.yaml")
    en, id_ = (render(source, lang, fit_slides=True) for lang in LANGUAGES)
    assert _types(en) == _types(id_)
    reading = [c for c in en.cells if c.cell_type == "markdown"][1:]
    assert len(reading) >= 2 and reading[0].source.startswith("## A long reading")
    assert [c.metadata["slideshow"]["slide_type"] for c in reading] == ["slide"] + ["subslide"] * (len(reading) - 1)
    assert all(reading_lines(c.source) <= SLIDE_LINES for c in reading)
    assert " ".join(" ".join(c.source for c in reading).split()) == " ".join(source["cells"][1]["md"]["en"].split())
    # What each code cell shows gets a slide of its own.
    assert _types(en)[-2:] == [("code", "subslide"), ("code", "subslide")]


def test_other_notebooks_keep_their_cells_as_written():
    source = parse_source(SOURCE, "demo.yaml")
    plain = render(source, "en")
    assert len(plain.cells) == len(source["cells"]) + 1  # the setup cell
    assert _types(plain)[-2:] == [("code", "-"), ("code", "-")]


def test_a_heading_is_never_left_alone_and_unequal_languages_are_not_split():
    md = {lang: "## Title\n\n" + "word " * 400 for lang in LANGUAGES}
    assert reading_parts(md) == [md]  # one paragraph after its heading: nothing to split
    md = {"en": LONG, "id": LONG.replace("\n\n", " ", 1)}
    assert reading_parts(md) == [md]


def test_check_notices_a_slide_that_was_changed_by_hand():
    source = load_source(REPO / "source" / "lessons" / "04-delinquent-youth.yaml")
    expected = render(source, "en", fit_slides=True)
    committed = nbformat.read(REPO / "notebooks" / "en" / "04-delinquent-youth.ipynb", as_version=4)
    assert differences(expected, committed, "04") == []
    edited = copy.deepcopy(committed)
    classifier = next(c for c in edited.cells if c.cell_type == "code" and "Classifier(youth)" in c.source)
    classifier.metadata["slideshow"]["slide_type"] = "-"
    assert any("metadata differs" in problem for problem in differences(expected, edited, "04"))


def test_every_reading_of_every_lesson_fits_a_slide_or_is_one_block():
    for path in lesson_sources(REPO / "source" / "lessons"):
        source = load_source(path)
        for lang in LANGUAGES:
            for cell in render(source, lang, fit_slides=True).cells:
                if cell.cell_type == "markdown" and reading_lines(cell.source) > SLIDE_LINES:
                    blocks = [b for b in cell.source.split("\n\n") if b.strip()]
                    assert len(blocks) <= 2 and blocks[0].startswith("#"), (path.name, lang, cell.source[:80])


def test_the_lecturers_guide_states_the_minimum_text_size_the_browser_test_holds():
    import re

    minimum = re.search(r"^MIN_TEXT_PX = (\d+)$", (REPO / "tests" / "browser" / "test_slides_fit.py").read_text(),
                        re.MULTILINE).group(1)
    assert f"smaller than {minimum} pixels" in (REPO / "docs" / "lecturers-guide.md").read_text(encoding="utf-8")
    assert f"lebih kecil dari {minimum} piksel" in (REPO / "docs" / "lecturers-guide.id.md").read_text(encoding="utf-8")
