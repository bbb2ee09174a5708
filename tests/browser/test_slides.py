"""The offline decks in a real browser with every network request blocked: lesson 04 in detail, and every
deck of the course for its widgets.

The deck is built by the slides command's code into a temporary folder and opened from the disk
(``file://``); any request that is not a local file is aborted and recorded. reveal.js must start, the
slides must move with the keyboard, the classifier must be drawn from the notebook's saved widget
state (its toggles on screen), a saved figure (an ecomap of lesson 08: lesson 04 draws its key maps only
after Check) must be visible, and no request may have gone out or failed.
"""
from __future__ import annotations

from pathlib import Path

import pytest

import swedu
from authoring.notebooks import lesson_notebook
from swedu.i18n import t
from swedu.presenting import lesson_ids

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
LOCAL = ("file:", "data:", "blob:")


def _go_to(page, selector: str, limit: int = 60) -> None:
    """Press "n" (reveal.js: next slide, down or right) until the current slide shows ``selector``."""
    for _ in range(limit):
        if page.evaluate("(sel) => !!document.querySelector('.reveal .slides section.present ' + sel)", selector):
            return
        page.keyboard.press("n")
        page.wait_for_timeout(100)
    raise AssertionError(f"no slide shows {selector}")


def _offline_page(browser):
    """A page in a new context where every request outside the deck is aborted; returns the context,
    the page and the lists of outside requests, failed requests and page errors (filled as it runs)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    outside, failed, errors = [], [], []

    def route(request_route):
        url = request_route.request.url
        if url.startswith(LOCAL):
            request_route.continue_()
        else:
            outside.append(url)
            request_route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    return context, page, outside, failed, errors


@pytest.mark.parametrize("language", ["en", "id"])
def test_offline_deck_of_lesson_04(deck_folder, offline_browser, language):
    deck = deck_folder / language / lesson_notebook("04-delinquent-youth", language).with_suffix(".slides.html").name
    context, page, outside, failed, errors = _offline_page(offline_browser)
    try:
        page.goto(deck.as_uri())
        page.wait_for_selector(".reveal.ready", state="attached", timeout=30_000)
        slides = page.locator(".reveal .slides section").count()
        assert slides >= 10
        assert page.locator(".reveal .slides section.present").count() >= 1
        first = page.url
        page.keyboard.press("n")
        page.wait_for_function("(before) => location.href !== before", arg=first)

        # The classifier, rendered by the html-manager from the notebook's saved state.
        page.wait_for_selector(".swedu-classifier button.widget-toggle-button", state="attached", timeout=30_000)
        _go_to(page, ".swedu-classifier")
        current = page.locator(".reveal .slides section.present .swedu-classifier").first
        toggles = current.locator("button.widget-toggle-button")
        actors = swedu.load_scenario("delinquent-youth").actors
        assert toggles.count() == 5 * len(actors)
        assert toggles.first.is_visible()
        swedu.set_language(language)
        try:
            check_words = t("widgets.button.check")
        finally:
            swedu.set_language("en")
        assert current.locator("button.widget-button").filter(has_text=check_words).count() == 1
        ARTIFACTS.mkdir(exist_ok=True)
        toggles.nth(10).scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / f"deck-04-{language}-classifier.png"))

        # A figure, embedded in a deck, visible and decoded (lesson 04 saves no key map: the ecomaps of 08).
        ecomaps = lesson_notebook("08-ecomaps", language).with_suffix(".slides.html").name
        page.goto((deck_folder / language / ecomaps).as_uri())
        page.wait_for_selector(".reveal.ready", state="attached", timeout=30_000)
        # A figure is an <img> in an HTML output, with its alt text (swedu.draw.figure_html).
        figure = ".jp-RenderedHTML img[src^='data:image/png']"
        _go_to(page, figure)
        image = page.locator(f".reveal .slides section.present {figure}").first
        assert image.is_visible()
        assert image.evaluate("(img) => img.complete && img.naturalWidth > 300")
        assert image.get_attribute("alt").startswith(t("draw.alt.ecomap", language).split("{")[0])
        page.screenshot(path=str(ARTIFACTS / f"deck-04-{language}-map.png"))

        assert outside == [], f"requests to other hosts: {outside}"
        assert failed == [], f"failed requests: {failed}"
        assert errors == []
    finally:
        context.close()


DECKS = [(language, stem) for language in ("en", "id") for stem in lesson_ids(REPO, language)]


@pytest.mark.parametrize(("language", "stem"), DECKS, ids=[f"{lang}-{stem[:2]}" for lang, stem in DECKS])
def test_every_deck_draws_every_widget_offline(deck_folder, offline_browser, language, stem):
    """Each widget view saved in the lesson is drawn by the html-manager, with nothing from the network."""
    context, page, outside, failed, errors = _offline_page(offline_browser)
    try:
        page.goto((deck_folder / language / f"{stem}.slides.html").as_uri())
        page.wait_for_selector(".reveal.ready", state="attached", timeout=30_000)
        views = page.locator('script[type="application/vnd.jupyter.widget-view+json"]').count()
        assert views >= 1  # every lesson has at least one activity
        page.wait_for_function(
            """(n) => Array.from(document.querySelectorAll(
                 'script[type="application/vnd.jupyter.widget-view+json"]'))
               .filter(s => s.parentElement && s.parentElement.querySelector('.jupyter-widgets')).length === n""",
            arg=views, timeout=30_000)
        assert outside == [] and failed == [] and errors == [], (outside, failed, errors)
    finally:
        context.close()
