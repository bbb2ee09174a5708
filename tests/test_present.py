"""Presenting in class: presenter mode, the reveal button's default, finding a lesson, the Voila command,
the presentation theme for figures, and a slide deck written without any remote script or style."""
from __future__ import annotations

import base64
import html
import json
import re
import struct
from pathlib import Path

import ipywidgets as w
import pytest

import swedu
from swedu.i18n import t
from swedu.presenting import (
    FIGURE_DPI,
    PRESENTER_ENV,
    RC,
    SHARE,
    TEMPLATE_NAME,
    LessonNotFound,
    apply_theme,
    lesson_ids,
    lesson_notebook,
    nav_labels,
    presenter_mode,
    voila_command,
)
from swedu.presenting.slides import build_deck
from tests._remote_references import remote_references

ROOT = Path(__file__).resolve().parents[1]


def _descendants(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _descendants(child)


def _has_reveal_button(classifier) -> bool:
    reveal = t("widgets.button.reveal")
    return any(isinstance(x, w.Button) and x.description == reveal for x in _descendants(classifier.widget))


@pytest.mark.parametrize(("value", "expected"), [("1", True), ("true", True), ("YES", True), (" on ", True),
                                                 ("0", False), ("", False), ("no", False), ("lecturer", False)])
def test_presenter_mode_reads_the_environment(monkeypatch, value, expected):
    monkeypatch.setenv(PRESENTER_ENV, value)
    assert presenter_mode() is expected


def test_presenter_mode_is_off_without_the_variable(monkeypatch):
    monkeypatch.delenv(PRESENTER_ENV, raising=False)
    assert presenter_mode() is False


def test_students_get_no_reveal_button_lecturers_do(monkeypatch):
    monkeypatch.delenv(PRESENTER_ENV, raising=False)
    assert not _has_reveal_button(swedu.Classifier("delinquent-youth", show_map=False))
    monkeypatch.setenv(PRESENTER_ENV, "1")
    lecturer = swedu.Classifier("delinquent-youth", show_map=False)
    assert _has_reveal_button(lecturer)
    # An explicit choice wins over the presentation's default, both ways.
    assert not _has_reveal_button(swedu.Classifier("delinquent-youth", show_reveal_button=False, show_map=False))
    monkeypatch.delenv(PRESENTER_ENV)
    assert _has_reveal_button(swedu.Classifier("delinquent-youth", show_reveal_button=True, show_map=False))


def test_lecturer_reveal_shows_the_key_of_the_current_stage(monkeypatch):
    monkeypatch.setenv(PRESENTER_ENV, "1")
    classifier = swedu.Classifier("delinquent-youth", show_map=False)
    classifier.select("parents", "client")
    classifier.check()
    classifier.next_stage()
    text = classifier.reveal()
    assert text == classifier.scenario.key_text("reassessment")


@pytest.mark.parametrize("asked", ["4", "04", "04-delinquent-youth", " 4 ", "{file name}"])
@pytest.mark.parametrize("language", ["en", "id"])
def test_a_lesson_is_found_by_number_id_or_file_name(asked, language):
    from authoring.notebooks import lesson_notebook as built

    expected = built("04-delinquent-youth", language)
    found = lesson_notebook(ROOT, asked.replace("{file name}", expected.stem), language)
    assert found == expected and found.exists()
    assert found.name == {"en": "04-delinquent-youth.ipynb", "id": "04-remaja-nakal.ipynb"}[language]


def test_every_lesson_exists_in_both_languages():
    numbers = {language: [stem.split("-", 1)[0] for stem in lesson_ids(ROOT, language)] for language in ("en", "id")}
    assert numbers["en"] == numbers["id"]
    assert len(numbers["en"]) >= 10


@pytest.mark.parametrize("asked", ["44", "x", "", "4-wrong-name"])
def test_an_unknown_lesson_lists_the_lessons_there_are(asked):
    with pytest.raises(LessonNotFound) as error:
        lesson_notebook(ROOT, asked)
    message = str(error.value)
    assert repr(asked) in message or asked in message
    assert "00" in message and "04" in message and "10" in message


def test_an_unknown_language_lists_the_languages():
    with pytest.raises(LessonNotFound, match="en, id"):
        lesson_notebook(ROOT, "04", "fr")


def test_the_present_command_refuses_an_unknown_lesson(capsys):
    from swedu.presenting import present

    assert present("99", open_browser=False, root=ROOT) == 2
    assert "99" in capsys.readouterr().err


@pytest.mark.parametrize("lecturer", [False, True])
def test_voila_command_binds_to_loopback_and_sets_presenter_mode_only_for_lecturers(tmp_path, monkeypatch,
                                                                                  lecturer):
    monkeypatch.setenv(PRESENTER_ENV, "1")  # a stray setting must not leak into a student presentation
    notebook = lesson_notebook(ROOT, "04", "id")
    command, env = voila_command(notebook, 8123, tmp_path, lecturer=lecturer, language="id", open_browser=False)
    assert str(notebook) in command
    assert f"--template={TEMPLATE_NAME}" in command
    assert "--Voila.ip=127.0.0.1" in command and "--port=8123" in command and "--no-browser" in command
    assert (env.get(PRESENTER_ENV) == "1") is lecturer
    assert env["JUPYTER_PATH"].split(":")[0] == str(SHARE)
    assert env["SWEDU_PROGRESS"] == "off"
    settings = json.loads((tmp_path / "config" / "voila.json").read_text())
    swedu_resources = settings["VoilaConfiguration"]["resources"]["swedu"]
    assert swedu_resources["lecturer"] is lecturer
    assert swedu_resources["labels"] == nav_labels("id")
    assert swedu_resources["labels"]["next"] == t("present.nav.next", language="id") != t("present.nav.next",
                                                                                         language="en")
    startup = Path(env["IPYTHONDIR"]) / "profile_default" / "startup"
    assert "apply_theme" in "".join(p.read_text() for p in startup.glob("*.py"))


def test_the_voila_template_extends_the_lab_template():
    folder = SHARE / "voila" / "templates" / TEMPLATE_NAME
    assert json.loads((folder / "conf.json").read_text())["base_template"] == "lab"
    template = (folder / "index.html.j2").read_text()
    assert "swedu-slide-types" in template and "swedu-present.js" in template
    assert not remote_references((folder / "static" / "swedu-present.css").read_text())


class _Shell:
    """A shell with IPython's own display formatter (the one a kernel has)."""

    def __init__(self):
        from IPython.core.formatters import DisplayFormatter

        self.display_formatter = DisplayFormatter()


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_the_theme_draws_figures_larger_and_sets_larger_type():
    import matplotlib
    from matplotlib.figure import Figure

    from swedu import draw

    shell = _Shell()
    with matplotlib.rc_context():
        settings = apply_theme(shell)
        assert settings == RC
        assert matplotlib.rcParams["font.size"] == RC["font.size"] > 10
    figure = draw.system_map(swedu.load_scenario("delinquent-youth"), "intake")
    data, _metadata = shell.display_formatter.format(figure)
    assert "image/png" not in data, "the figure is shown once, as an <img> with its alt text"
    shown = re.fullmatch(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)" alt="([^"]+)" .*', data["text/html"])
    assert shown and html.unescape(shown.group(2)) == draw.alt_text(figure)
    big = _png_size(base64.b64decode(shown.group(1)))
    small = _png_size(draw.png_bytes(figure, dpi=80))
    assert big[0] == pytest.approx(small[0] * FIGURE_DPI / 80, rel=0.02)


def test_a_deck_has_code_hidden_widget_state_figures_and_no_remote_reference(tmp_path):
    notebook = lesson_notebook(ROOT, "04", "en")
    deck = build_deck(notebook, tmp_path / "en" / "04.slides.html")
    assert build_deck(lesson_notebook(ROOT, "04", "id"), tmp_path / "id.html", language="id").read_text(
        encoding="utf-8").count('<html lang="id"') == 1
    html = deck.read_text(encoding="utf-8")
    assert remote_references(html) == []
    # Every script and style is local, under ../assets/.
    for reference in re.findall(r"""(?:\bsrc|<link\b[^>]*\bhref)=["']([^"'#][^"']*)["']""", html):
        assert reference.startswith(("../assets/", "data:")), reference
    assert "application/vnd.jupyter.widget-state+json" in html
    assert "application/vnd.jupyter.widget-view+json" in html
    assert "../assets/html-manager/embed-amd.js" in html
    # Lesson 04 draws its key maps only on request (after Check), so its deck carries no figure; the
    # figures saved in a lesson are embedded: lesson 08 has two ecomaps.
    ecomaps = build_deck(lesson_notebook(ROOT, "08", "en"), tmp_path / "en" / "08.slides.html").read_text(
        encoding="utf-8")
    assert len(re.findall(r'<img[^>]*src="data:image/png;base64,', ecomaps)) >= 2
    assert not re.search(r'class="[^"]*jp-InputArea-editor', html)  # no code on the slides
    assert "youth = swedu.load_scenario" not in html
    sources = json.loads(notebook.read_text())["cells"]
    breaks = sum(1 for c in sources if c["metadata"].get("slideshow", {}).get("slide_type") == "slide")
    assert html.count('<section') >= breaks


def test_the_remote_reference_scanner_finds_what_would_load_from_a_host():
    assert remote_references('<script src="https://cdn.example.org/x.js"></script>')
    assert remote_references('<link rel="stylesheet" href="//cdn.example.org/x.css">')
    assert remote_references("<script src='//cdn.example.org/x.js'></script>")
    assert remote_references("import mermaid from 'https://cdnjs.cloudflare.com/mermaid.mjs';")
    assert remote_references('@import "https://example.org/theme.css";')
    assert remote_references('var src = "https://example.org/embed-amd.js";')
    assert not remote_references('<a href="#configuration">docs</a> <img src="data:image/png;base64,AAAA">')
    assert not remote_references("// see https://github.com/hakimel/reveal.js#configuration")
