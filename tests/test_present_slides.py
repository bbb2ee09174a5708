"""The offline decks of every lesson in both languages: built by the one command's code, nothing loaded
from another host, every local file they name present, widget state and slide breaks kept.

The assets come from npm once (``slides/package.json``, cached in ``slides/node_modules``). Without npm
this module is skipped locally and fails in CI (``CI`` set), like the browser tests without chromium.
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from swedu.presenting import lesson_ids
from swedu.presenting.slides import (
    ASSETS,
    SlidesError,
    install_assets,
    write_decks,
)
from tests._remote_references import remote_references

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def decks(offline_decks):
    """Every deck, built once per test run (tests/conftest.py: the browser tests read the same)."""
    return offline_decks


def test_every_lesson_has_a_deck_in_both_languages_and_the_index_links_them(decks):
    out, written = decks
    expected = {out / language / f"{stem}.slides.html" for language in ("en", "id")
                for stem in lesson_ids(ROOT, language)}
    assert set(written) == expected
    assert all(path.stat().st_size > 10_000 for path in written)
    index = (out / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', index)
    assert {out / href for href, _ in links} == expected
    title = json.loads((ROOT / "notebooks" / "id" / "04-remaja-nakal.ipynb").read_text())["metadata"]["title"]
    assert ("id/04-remaja-nakal.slides.html", title) in links


def test_nothing_is_loaded_from_another_host(decks):
    out, written = decks
    for path in written:
        assert remote_references(path.read_text(encoding="utf-8")) == [], path.name
    for sheet in (out / ASSETS).rglob("*.css"):
        assert remote_references(sheet.read_text(encoding="utf-8", errors="replace")) == [], sheet


def test_every_local_file_a_deck_names_exists(decks):
    out, written = decks
    for path in written:
        html = path.read_text(encoding="utf-8")
        references = re.findall(r"""(?:\bsrc|<link\b[^>]*\bhref)=["'](\.\./[^"']+)["']""", html)
        references += re.findall(r"""['"](\.\./assets/[^'"]+\.js)['"]""", html)  # loaded by require / the widget script
        assert len(references) >= 6, path.name
        for reference in references:
            target = (path.parent / reference.split("?")[0]).resolve()
            assert target.is_file(), f"{path.name} names {reference}, which is missing"
    # The widget renderer's icon fonts, where it looks for them (next to the decks).
    for language in ("en", "id"):
        assert list((out / language / "@jupyter-widgets").glob("*.woff2"))


def test_widget_state_and_slide_breaks_are_kept(decks):
    _, written = decks
    for path in written:
        language, stem = path.parent.name, path.name.removesuffix(".slides.html")
        notebook = json.loads((ROOT / "notebooks" / language / f"{stem}.ipynb").read_text(encoding="utf-8"))
        html = path.read_text(encoding="utf-8")
        if "widgets" in notebook["metadata"]:
            assert "application/vnd.jupyter.widget-state+json" in html, path
        slides = sum(1 for cell in notebook["cells"]
                     if cell["metadata"].get("slideshow", {}).get("slide_type") in ("slide", "subslide"))
        assert html.count("<section") >= slides, path
        assert html.count(f'<html lang="{language}"') == 1, path


def _deck_widget_state(path: Path) -> dict:
    html = path.read_text(encoding="utf-8")
    found = re.search(r'<script type="application/vnd.jupyter.widget-state\+json">\s*(.*?)\s*</script>', html, re.S)
    return json.loads(found.group(1))["state"]


@pytest.mark.parametrize("language", ["en", "id"])
def test_a_deck_shows_the_classifier_it_builds_itself_in_a_presentation(decks, language):
    """The lesson's notebook keeps the students' classifier; its deck has the compact one the widget builds in a
    presentation (badge toggles, the badges named once above the rows, the case folded), no lecturer controls."""
    from swedu.i18n import t
    from swedu.systems import SYSTEM_IDS, system_info
    from swedu.widgets._common import language as in_language
    from swedu.widgets.classifier import compact_legend

    out, _ = decks
    stem = {"en": "04-delinquent-youth", "id": "04-remaja-nakal"}[language]
    saved = json.loads((ROOT / "notebooks" / language / f"{stem}.ipynb").read_text(encoding="utf-8"))
    saved = saved["metadata"]["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    state = _deck_widget_state(out / language / f"{stem}.slides.html")

    def classifiers(models):
        return [m["state"] for m in models.values()
                if "swedu-classifier" in m["state"].get("_dom_classes", [])]

    def values(models, name):
        return [m["state"].get(name) for m in models.values() if name in m["state"]]

    assert len(classifiers(saved)) == 2 and not any("swedu-compact" in c["_dom_classes"] for c in classifiers(saved))
    assert [("swedu-compact" in c["_dom_classes"]) for c in classifiers(state)] == [True, True]
    with in_language(language):
        badges = [system_info(s).badge for s in SYSTEM_IDS]
        legend, case = compact_legend(), t("widgets.classifier.presenter_case")
        reveal = t("widgets.button.reveal")
    descriptions = values(state, "description")
    assert all(descriptions.count(badge) >= 8 * 2 for badge in badges)  # eight actors, two classifiers
    assert not any(f"{badge} · " in str(d) for badge in badges for d in descriptions)
    html_values = [str(v) for v in values(state, "value")]
    assert html_values.count(legend) == 2
    assert sum(v.startswith(f"<details><summary>{case}") for v in html_values) == 2
    assert reveal not in descriptions  # presenter mode stays off in the deck's kernel


def test_without_npm_the_command_says_what_to_install(tmp_path, monkeypatch, capsys):
    (tmp_path / "slides").mkdir()
    (tmp_path / "slides" / "package.json").write_text('{"name": "x", "private": true}')
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(SlidesError, match="npm"):
        install_assets(tmp_path / "slides")
    assert write_decks([], root=tmp_path) == 2
    assert "apt-get install nodejs npm" in capsys.readouterr().err
