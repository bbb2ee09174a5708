"""The lessons name JupyterLab's menus and buttons as the student sees them, in each language.

A lesson that quotes JupyterLab's own words (a menu, a menu item, a tooltip, a dialog button) lists them in its
source under ``interface:``, by the language JupyterLab runs in (see ``authoring/source.py``; the builder checks
that the lesson's text contains each one). Here JupyterLab really runs in that language, the Indonesian language
pack set up as ``run.py lab id`` sets it up, and every listed word must be on screen at its place, with that exact
label. The words are read from the sources, so the test follows the lessons.
"""
from __future__ import annotations

import time

import pytest
from conftest import CHROMIUM_ARGS, _stop, start_lab_server

from authoring.notebooks import ROOT, lesson_notebook
from authoring.source import interface_words, load_source

LAB_LANGUAGES = ("en", "id")
MENU_BAR = ["File", "Edit", "View", "Run", "Kernel", "Tabs", "Settings", "Help"]
README_WORDS = {
    # What README.md (both languages) says JupyterLab shows, translated or not, by JupyterLab's language.
    "en": {"menu bar": MENU_BAR},
    "id": {
        "menu bar": MENU_BAR,
        "Run menu": ["Run Selected Cell", "Menjalakan Semua Sel"],
        "Kernel menu": ["Interupsi Kernel", "Dimulai lagi kernel…", "Matikan kernel", "Restart Kernel and Debug…",
                        "Dimulai lagi kernel and Menjalakan Semua Sel…"],
        "File menu": ["Simpan Notebook", "Tutup Tab", "Rename Notebook…", "Open from URL…"],
        "Edit menu": ["Batalkan", "Cari…", "Cut Cell", "Delete Cell"],
        "toolbar": ["Run this cell and advance (Shift+Enter)", "Restart the kernel and run all cells",
                    "Dimulai lagi kernel"],
        "restart dialog": ["Dimulai lagi kernel?", "Batalkan", "Dimulai Lagi"],
        "left sidebar": ["Peramban Berkas"],
        "file browser": ["Nama", "Modified", "Folder baru", "Unggah Berkas"],
    },
}
SOURCES = sorted((ROOT / "source" / "lessons").glob("*.yaml")) + sorted((ROOT / "source" / "exercises").glob("*.yaml"))


def quoted(language: str) -> list[tuple[str, str, str]]:
    """``(source file, place, word)`` of every JupyterLab word a lesson or exercise quotes for ``language``."""
    found = []
    for path in SOURCES:
        source = load_source(path, extra_cell_keys=("stub", "reflection", "solution_only"))
        for place, words in interface_words(source).get(language, {}).items():
            found.extend((path.name, place, word) for word in words)
    return found


def test_lesson_0_quotes_the_restart_and_run_all_command_in_both_languages():
    """Not vacuous: lesson 0 tells students how to run everything again, by the names each language shows."""
    for language in LAB_LANGUAGES:
        places = {place for name, place, _ in quoted(language) if name == "00-welcome.yaml"}
        assert {"menu bar", "Kernel menu", "toolbar", "restart dialog"} <= places, (language, places)


@pytest.fixture(scope="module", params=LAB_LANGUAGES)
def lab_in(request, chromium_path, playwright_driver, tmp_path_factory):
    """``(language, page)``: JupyterLab started in ``language`` with lesson 0 of that language open."""
    language = request.param
    server = start_lab_server(tmp_path_factory.mktemp(f"jupyterlab-{language}"), lab_language=language)
    browser = playwright_driver.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)
    try:
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="en-US")
        page.set_default_timeout(60_000)
        page.goto(server.lab_url(lesson_notebook("00-welcome", language).relative_to(ROOT).as_posix()))
        page.wait_for_selector(".jp-NotebookPanel-toolbar [data-command='notebook:restart-run-all']")
        page.wait_for_selector("#jp-main-statusbar")
        yield language, page
    finally:
        browser.close()
        try:
            server.shutdown_all_kernels()
        except OSError:
            pass
        _stop(server.process)


def screen_words(page, place: str) -> list[str]:
    """The labels JupyterLab shows at ``place`` (see :data:`authoring.source.INTERFACE_PLACES`)."""
    if place == "menu bar":
        return page.locator("#jp-menu-panel .lm-MenuBar-itemLabel").all_inner_texts()
    if place.endswith(" menu"):
        labels = page.locator("#jp-menu-panel .lm-MenuBar-itemLabel").all_inner_texts()
        menu = place.removesuffix(" menu")
        assert menu in labels, f"no menu {menu!r} in the menu bar: {labels}"
        page.locator("#jp-menu-panel .lm-MenuBar-item").nth(labels.index(menu)).click()
        try:
            page.wait_for_selector(".lm-Menu .lm-Menu-itemLabel")
            time.sleep(0.3)  # the menu fills its items as commands report their labels
            return [w for w in page.locator(".lm-Menu .lm-Menu-itemLabel").all_inner_texts() if w]
        finally:
            page.keyboard.press("Escape")
    if place == "toolbar":
        return page.eval_on_selector_all(".jp-NotebookPanel-toolbar [title]", "els => els.map(e => e.title)")
    if place == "restart dialog":
        page.locator(".jp-NotebookPanel-toolbar [data-command='notebook:restart-run-all']").click()
        page.wait_for_selector(".jp-Dialog .jp-Dialog-footer button")
        try:
            return ([page.locator(".jp-Dialog .jp-Dialog-header").inner_text()]
                    + page.locator(".jp-Dialog .jp-Dialog-footer button").all_inner_texts())
        finally:
            page.locator(".jp-Dialog .jp-mod-reject").click()  # Cancel: nothing restarts
            page.wait_for_selector(".jp-Dialog", state="detached")
    if place == "left sidebar":
        titles = page.eval_on_selector_all("#jp-left-stack, .jp-SideBar.jp-mod-left .lm-TabBar-tab",
                                           "els => els.map(e => e.title || '')")
        return [title.split(" (")[0] for title in titles if title]  # "File Browser (Ctrl+Shift+F)"
    if place == "file browser":  # its column headers and its toolbar's tooltips
        headers = page.locator(".jp-FileBrowser .jp-DirListing-headerItemText").all_inner_texts()
        return headers + page.eval_on_selector_all(".jp-FileBrowser-toolbar [title]", "els => els.map(e => e.title)")
    raise AssertionError(f"unknown place {place!r}")


def test_every_quoted_word_is_on_screen_with_that_label(lab_in):
    language, page = lab_in
    wanted = quoted(language)
    assert wanted, f"no lesson quotes JupyterLab's words in {language}"
    shown: dict[str, list[str]] = {}
    missing = []
    for name, place, word in wanted:
        if place not in shown:
            shown[place] = [" ".join(w.split()) for w in screen_words(page, place)]
        if " ".join(word.split()) not in shown[place]:
            missing.append(f"{name}: {word!r} is not in JupyterLab's {place} ({language}): {shown[place]}")
    assert missing == [], "\n".join(missing)
    if language == "id":  # the pack is really active: the file browser speaks Indonesian
        assert "Peramban Berkas" in screen_words(page, "left sidebar")


def test_the_readme_says_exactly_what_the_language_pack_translates(lab_in):
    """Every label the README names (in English and in Indonesian) is in the README and on screen, as written."""
    language, page = lab_in
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    problems = []
    for place, words in README_WORDS[language].items():
        shown = [" ".join(w.split()) for w in screen_words(page, place)]
        for word in words:
            if f'"{word}"' not in readme and word not in readme:
                problems.append(f"README.md does not name {word!r}")
            if word not in shown:
                problems.append(f"{word!r} is not in JupyterLab's {place} ({language}): {shown}")
    assert problems == [], "\n".join(problems)
