"""The live presentation in a real browser: ``sh run.sh present 04 [--lecturer]`` (Voila, swedu-present template).

The server is started exactly as the command starts it (``swedu.presenting.voila_command``), on a free
loopback port. The page must show no code, one slide at a time with working controls (buttons and
keys), and a live classifier: a toggle and Check give the feedback ``Scenario.assess`` computes. Only a
lecturer's presentation has the "Reveal key" button, and it shows ``Scenario.key_text``. Every request
to another host is blocked (a classroom without network): the lesson must work all the same.
"""
from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path

import pytest
from voila_server import stop, wait_for_port

import swedu
from authoring.notebooks import lecturer_notes, load_source
from swedu.i18n import t
from swedu.presenting import free_port, lesson_notebook, voila_command
from swedu.systems import system_info

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
RENDER_TIMEOUT = 120_000  # ms: the first page load runs the whole lesson in a new kernel
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--disable-default-apps", "--disable-extensions"]



@pytest.fixture(params=[False, True], ids=["student", "lecturer"])
def presentation(request, chromium_path, tmp_path):
    """Voila presenting lesson 04 (English) as the present command does; yields (url, lecturer)."""
    lecturer = request.param
    port = free_port()
    command, env = voila_command(lesson_notebook(REPO, "04", "en"), port, tmp_path / "present",
                                 lecturer=lecturer, language="en", open_browser=False)
    env.update(MPLBACKEND="Agg", PYTHONHASHSEED="0", JUPYTER_PLATFORM_DIRS="1")
    log_path = tmp_path / "voila.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL)
        try:
            wait_for_port(process, port, log_path)
            yield f"http://127.0.0.1:{port}/", lecturer
        finally:
            stop(process)


@pytest.fixture
def offline_page(chromium_path, playwright_driver):
    """A chromium page whose requests to any host but 127.0.0.1 are aborted (and recorded)."""
    browser = playwright_driver.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-US")
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.blocked = []
    page.page_errors = []

    def route(request_route):
        url = request_route.request.url
        if url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")):
            request_route.continue_()
        else:
            page.blocked.append(url)
            request_route.abort()

    context.route("**/*", route)
    page.on("pageerror", lambda error: page.page_errors.append(str(error)))
    try:
        yield page
    finally:
        context.close()
        browser.close()


def _toggle(page, actor_name: str, system: str):
    """The visible toggle of ``system`` for an actor: a presentation's compact classifier shows the
    system's badge (explained in the line above the rows); its title names the actor and the system."""
    info = system_info(system)
    toggles = page.locator(".swedu-classifier.swedu-compact button.widget-toggle-button").filter(has_text=info.badge)
    found = [x for x in toggles.all() if (x.get_attribute("title") or "").startswith(f"{actor_name}: {info.name}:")
             and x.inner_text().strip() == info.badge and x.is_visible()]
    assert len(found) == 1, f"no visible toggle '{info.badge}' for {actor_name}"
    return found[0]


def _wait_for_lines(page, selector: str, lines: list[str], timeout: float = 30_000) -> None:
    page.wait_for_function(
        """([sel, lines]) => {
          const nodes = Array.from(document.querySelectorAll(sel)).filter(n => n.offsetParent !== null);
          const text = nodes.map(n => n.innerText).join(' ').replace(/\\s+/g, ' ');
          return lines.every(l => text.includes(l.replace(/\\s+/g, ' ')));
        }""", arg=[selector, lines], timeout=timeout)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def test_live_presentation_of_lesson_04(presentation, offline_page):
    url, lecturer = presentation
    page = offline_page
    mode = "lecturer" if lecturer else "student"
    youth = swedu.load_scenario("delinquent-youth")
    page.goto(url, timeout=RENDER_TIMEOUT)
    page.wait_for_selector("#swedu-nav", timeout=RENDER_TIMEOUT)
    page.wait_for_selector(".swedu-classifier", state="attached", timeout=RENDER_TIMEOUT)

    # No code anywhere on the page (Voila strips the sources), and one slide at a time.
    assert page.locator(".jp-InputArea-editor, .jp-CodeMirrorEditor").count() == 0
    assert "youth = swedu.load_scenario" not in page.content()
    total = page.evaluate("window.sweduSlides.count()")
    assert total >= 8
    counter = page.locator("#swedu-nav .swedu-counter")
    assert counter.inner_text() == t("present.nav.slide_of", number=1, total=total)
    assert page.locator("#swedu-previous").is_disabled()
    assert page.get_by_role("heading", name=re.compile("Lesson 4")).is_visible()
    assert not page.locator(".swedu-classifier").first.is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"present-04-{mode}-title.png"))

    # The lecturer notes: only in the lecturer's page, in a panel the S key opens and closes.
    source = load_source(REPO / "source" / "lessons" / "04-delinquent-youth.yaml")
    notes = lecturer_notes(source, "en")
    first_note = notes["c000"]["ask"]
    if lecturer:
        panel = page.locator("#swedu-notes")
        assert panel.is_hidden()
        page.keyboard.press("s")
        assert panel.is_visible() and first_note in panel.inner_text()
        assert t("present.notes.listen") in panel.inner_text()
        page.screenshot(path=str(ARTIFACTS / "present-04-lecturer-notes.png"))
        page.keyboard.press("s")
        assert panel.is_hidden()
    else:
        assert page.locator("#swedu-notes, #swedu-notes-button").count() == 0
        html_text = page.content()
        assert not [n for n in notes.values() if n["ask"] in html_text or n["listen"] in html_text]

    # Keys and buttons move between slides.
    page.keyboard.press("ArrowRight")
    assert counter.inner_text() == t("present.nav.slide_of", number=2, total=total)
    page.keyboard.press("ArrowLeft")
    assert counter.inner_text() == t("present.nav.slide_of", number=1, total=total)
    # The controls come first in the tab order (Previous is disabled on the first slide): Tab, Enter.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "swedu-next"
    page.keyboard.press("Enter")
    assert counter.inner_text() == t("present.nav.slide_of", number=2, total=total)
    page.keyboard.press("Home")
    assert counter.inner_text() == t("present.nav.slide_of", number=1, total=total)
    for _ in range(total):
        if page.locator(".swedu-classifier").first.is_visible():
            break
        page.locator("#swedu-next").click()
    classifier = page.locator(".swedu-classifier").first
    assert classifier.is_visible(), "no slide shows the classifier"
    # The theme: large type in the widgets.
    size = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector("
                         "'.swedu-classifier button.widget-toggle-button')).fontSize)")
    assert size >= 20
    spacing = page.evaluate("() => { const s = getComputedStyle(document.querySelector("
                            "'.swedu-classifier .widget-html-content p'));"
                            " return parseFloat(s.lineHeight) / parseFloat(s.fontSize); }")
    assert 1.2 <= spacing <= 1.8, f"text in the activity is spaced {spacing:.2f} lines apart"

    # The classifier is live: a toggle and Check give the feedback the library computes.
    parents = str(youth.actor("parents").name)
    toggle = _toggle(page, parents, "client")
    toggle.click()
    page.wait_for_function("(el) => el.classList.contains('mod-active')", arg=toggle.element_handle())
    classifier.locator("button.widget-button").filter(has_text=t("widgets.button.check")).first.click()
    expected = youth.assess({"parents": "client"}, "intake")
    # A presentation's feedback leads with what the class should discuss (here: nothing is wrong yet) ...
    _wait_for_lines(page, ".swedu-classifier", [t("widgets.classifier.discuss_title"),
                                                t("widgets.classifier.discuss_none"), _lines(expected.text)[1]])
    assert t("feedback.nothing_chosen") not in classifier.locator(".swedu-discussion").first.inner_text()
    # ... and the full feedback is one click (or Enter on its summary) away.
    summary = classifier.locator(".swedu-discussion details > summary").first
    summary.focus()
    page.keyboard.press("Enter")
    _wait_for_lines(page, ".swedu-classifier", _lines(expected.text)[:4])

    reveal = page.locator(".swedu-classifier button.widget-button").filter(has_text=t("widgets.button.reveal"))
    if lecturer:
        assert reveal.count() == 2  # one per classifier of the lesson
        assert page.locator("#swedu-nav .swedu-lecturer").is_visible()
        reveal.first.click()
        key = _lines(youth.key_text("intake"))
        _wait_for_lines(page, ".swedu-classifier .swedu-key", [key[0], key[1], key[-1]])
    else:
        assert reveal.count() == 0
        assert page.locator("#swedu-nav .swedu-lecturer").count() == 0
        assert page.locator(".swedu-key").count() == 0
    # The slide scrolls below the controls: bring the feedback (and the key) into view for the pictures.
    page.locator(".swedu-classifier .swedu-feedback").first.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"present-04-{mode}-feedback.png"))
    if lecturer:
        page.locator(".swedu-classifier .swedu-key").first.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / f"present-04-{mode}-key.png"))

    # The slide controls pass an axe-core audit (no serious or critical finding).
    from axe_playwright_python.base import AXE_SCRIPT
    from labdriver import serious_violations

    page.evaluate(AXE_SCRIPT)
    audit = page.evaluate("() => axe.run({include: [['#swedu-nav']]})")
    assert audit["passes"], "axe audited nothing"
    assert serious_violations(audit) == []

    # "Show the whole lesson" lifts the paging; every slide's content is then on the page.
    page.locator("#swedu-mode").click()
    assert page.locator(".swedu-classifier").nth(1).is_visible()
    assert page.locator("#swedu-next").is_disabled()
    assert page.page_errors == []
    # Nothing was asked from another host (the icon font is the template's own copy).
    assert page.blocked == [], page.blocked
