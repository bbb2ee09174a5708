"""Every slide fits a projector: 1280x720 and 1024x768, in the offline decks (every lesson, both
languages) and in the live presentation (lessons 04 and 06, the lecturer's view with its compact
classifier), without scrolling or cut-off content, and with no text smaller than :data:`MIN_TEXT_PX`.

One chromium (the session's ``offline_browser``, the decks its ``deck_folder``: tests/browser/conftest.py)
and one page per screen size, reused for every deck. A failure names the deck or lesson, the slide
(number and first words) and the overflow in pixels. The fullest slides of each screen size are saved
as screenshots in ``test-artifacts/`` (``fit-*.png``).
"""
from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest
from voila_server import stop, wait_for_port

from swedu.presenting import free_port, lesson_ids, lesson_notebook, voila_command

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
SCREENS = [(1280, 720), (1024, 768)]
MIN_TEXT_PX = 20
"""The smallest text allowed on a slide, in pixels on the screen (docs/lecturers-guide.md)."""
TOLERANCE_PX = 2  # rounding of scaled layouts
LIVE_LESSONS = ["04", "06"]  # two classifiers of 8 actors; four cases of up to 11 actors
KNOWN_TOO_TALL: frozenset = frozenset()
"""(deck, slide title) of a slide known to be too tall, while it waits for a fix: empty, every slide fits.
The test fails if a listed slide fits again or is gone, so that this list only ever shrinks."""

# For every visible element with its own text: the size of that text on the screen.
_SMALL_TEXT = """(root, scale) => {
  const small = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim()) { continue; }
    const element = node.parentElement;
    if (!element || !(element.offsetWidth || element.offsetHeight || element.getClientRects().length)) { continue; }
    if (element.closest('aside.notes, .swedu-keys-help, summary ~ *, details:not([open]) > :not(summary)')) { continue; }
    const style = getComputedStyle(element);
    if (style.visibility === 'hidden' || style.display === 'none') { continue; }
    const px = parseFloat(style.fontSize) * scale;
    if (px < %d - 0.25) { small.push([Math.round(px * 10) / 10, node.textContent.trim().slice(0, 40)]); }
  }
  return small.slice(0, 3);
}""" % MIN_TEXT_PX

_DECK_SLIDES = """(smallText) => {
  const Reveal = require('../assets/reveal.js/dist/reveal.js');
  const height = Reveal.getConfig().height;
  const check = eval(smallText);
  return Reveal.getSlides().map((slide, n) => {
    const where = Reveal.getIndices(slide);
    Reveal.slide(where.h, where.v);
    const scale = Reveal.getScale();
    const box = slide.getBoundingClientRect();
    const title = (slide.querySelector('h1, h2, h3, h4') || slide.querySelector('p, pre') || {}).textContent || '';
    return {n: n + 1, title: title.replace(/\\s+/g, ' ').replace('\\u00b6', '').trim().slice(0, 50),
            over: Math.round(slide.scrollHeight - height),
            below: Math.round(box.top + slide.scrollHeight * scale - window.innerHeight),
            fill: slide.scrollHeight / height, small: check(slide, scale)};
  });
}"""


def _deck_problems(where: str, slides: list[dict], known=frozenset()) -> list[str]:
    problems = []
    for s in slides:
        label = f"{where}, slide {s['n']} ({s['title']!r})"
        if (where.split()[-1], s["title"]) in known:
            if s["over"] <= TOLERANCE_PX and s["below"] <= TOLERANCE_PX:
                problems.append(f"{label} fits now: remove it from KNOWN_TOO_TALL")
        elif s["over"] > TOLERANCE_PX:
            problems.append(f"{label}: content {s['over']} px taller than the slide")
        elif s["below"] > TOLERANCE_PX:
            problems.append(f"{label}: ends {s['below']} px below the window")
        if s["small"]:
            problems.append(f"{label}: text below {MIN_TEXT_PX} px: {s['small']}")
    return problems


def _screenshot_fullest(page, show, fullest: list, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    for where, n, fill in sorted(fullest, key=lambda x: -x[2])[:3]:
        show(where, n)
        page.screenshot(path=str(ARTIFACTS / f"fit-{name}-{where.replace('/', '-')}-slide{n}.png"))


@pytest.mark.parametrize("screen", SCREENS, ids=[f"{w}x{h}" for w, h in SCREENS])
def test_every_slide_of_every_deck_fits(deck_folder, offline_browser, screen):
    started = time.monotonic()
    page = offline_browser.new_page(viewport={"width": screen[0], "height": screen[1]})
    problems, fullest, seen_known = [], [], set()
    try:
        for language in ("en", "id"):
            for stem in lesson_ids(REPO, language):
                page.goto((deck_folder / language / f"{stem}.slides.html").as_uri())
                page.wait_for_selector(".reveal.ready", state="attached", timeout=30_000)
                views = page.locator('script[type="application/vnd.jupyter.widget-view+json"]').count()
                page.wait_for_function(  # every widget drawn before anything is measured
                    """(n) => Array.from(document.querySelectorAll(
                         'script[type="application/vnd.jupyter.widget-view+json"]'))
                       .filter(s => s.parentElement && s.parentElement.querySelector('.jupyter-widgets')).length === n""",
                    arg=views, timeout=30_000)
                page.evaluate("() => document.fonts.ready")
                slides = page.evaluate(_DECK_SLIDES, _SMALL_TEXT)
                where = f"{language}/{stem[:2]}"
                problems += _deck_problems(f"deck {where}", slides, KNOWN_TOO_TALL)
                seen_known.update((where, s["title"]) for s in slides if (where, s["title"]) in KNOWN_TOO_TALL)
                fullest += [(where, s["n"], s["fill"]) for s in slides]

        def show(where, n):
            language, lesson = where.split("/")
            page.goto((deck_folder / language / f"{lesson_ids(REPO, language)[int(lesson)]}.slides.html").as_uri())
            page.wait_for_selector(".reveal.ready", state="attached", timeout=30_000)
            page.evaluate("(n) => { const R = require('../assets/reveal.js/dist/reveal.js');"
                          " const s = R.getSlides()[n - 1]; const i = R.getIndices(s); R.slide(i.h, i.v); }", n)
            page.wait_for_timeout(300)

        _screenshot_fullest(page, show, fullest, f"deck-{screen[0]}x{screen[1]}")
    finally:
        page.close()
    print(f"\n{len(fullest)} deck slides at {screen[0]}x{screen[1]} measured in {time.monotonic() - started:.0f} s")
    problems += [f"{where}: no slide titled {title!r} any more: remove it from KNOWN_TOO_TALL"
                 for where, title in sorted(KNOWN_TOO_TALL - seen_known)]
    assert not problems, f"{len(problems)} slide(s) do not fit {screen[0]}x{screen[1]}:\n" + "\n".join(problems)


# ----------------------------------------------------------------------------------------- live

_LIVE_SLIDE = """([n, smallText]) => {
  window.sweduSlides.show(n);
  const check = eval(smallText);
  const cells = Array.from(document.querySelectorAll('#rendered_cells [data-slide="' + n + '"]'))
    .filter(c => c.offsetParent !== null);
  let bottom = 0, scroller = null;
  cells.forEach(c => { bottom = Math.max(bottom, c.getBoundingClientRect().bottom); });
  for (let e = cells[0]; e; e = e.parentElement) {
    if (e.scrollHeight > e.clientHeight + 1 && /(auto|scroll)/.test(getComputedStyle(e).overflowY)) { scroller = e; break; }
  }
  const first = cells.map(c => (c.querySelector('h1, h2, h3, h4') || c.querySelector('p, pre') || {}).textContent || '')
    .find(t => t.trim()) || '';
  return {n: n, title: first.replace(/\\s+/g, ' ').replace('\\u00b6', '').trim().slice(0, 50),
          over: scroller ? Math.round(scroller.scrollHeight - scroller.clientHeight) : 0,
          below: Math.round(bottom - window.innerHeight), fill: bottom / window.innerHeight,
          small: cells.map(c => check(c, 1)).flat().slice(0, 3)};
}"""



@pytest.mark.parametrize("lesson", LIVE_LESSONS)
def test_every_slide_of_the_live_presentation_fits(offline_browser, tmp_path, lesson):
    started = time.monotonic()
    port = free_port()
    command, env = voila_command(lesson_notebook(REPO, lesson, "en"), port, tmp_path / "present",
                                 lecturer=True, language="en", open_browser=False)
    env.update(MPLBACKEND="Agg", PYTHONHASHSEED="0", JUPYTER_PLATFORM_DIRS="1")
    log_path = tmp_path / "voila.log"
    problems, fullest = [], []
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL)
        page = offline_browser.new_page(viewport={"width": SCREENS[0][0], "height": SCREENS[0][1]})
        try:
            wait_for_port(process, port, log_path)
            page.goto(f"http://127.0.0.1:{port}/", timeout=120_000)
            page.wait_for_selector("#swedu-nav", timeout=120_000)
            page.wait_for_selector(".swedu-classifier .widget-toggle-button", state="attached", timeout=120_000)
            page.evaluate("() => document.fonts.ready")
            total = page.evaluate("window.sweduSlides.count()")
            for width, height in SCREENS:
                page.set_viewport_size({"width": width, "height": height})
                for n in range(1, total + 1):
                    slide = page.evaluate(_LIVE_SLIDE, [n, _SMALL_TEXT])
                    if slide["n"] == n and page.locator(".swedu-classifier:visible").count():
                        page.wait_for_timeout(200)  # widgets measure themselves when shown
                        slide = page.evaluate(_LIVE_SLIDE, [n, _SMALL_TEXT])
                    problems += _deck_problems(f"live {lesson} at {width}x{height}", [slide])
                    fullest.append((f"{width}x{height}", n, slide["fill"]))
            for size, n, _ in sorted(fullest, key=lambda x: -x[2])[:2]:
                width, height = map(int, size.split("x"))
                page.set_viewport_size({"width": width, "height": height})
                page.evaluate("(n) => window.sweduSlides.show(n)", n)
                ARTIFACTS.mkdir(exist_ok=True)
                page.screenshot(path=str(ARTIFACTS / f"fit-live-{lesson}-{size}-slide{n}.png"))
        finally:
            page.close()
            stop(process)
    print(f"\nlive {lesson}: {len(fullest)} slide views measured in {time.monotonic() - started:.0f} s")
    assert not problems, f"{len(problems)} live slide(s) of lesson {lesson} do not fit:\n" + "\n".join(problems)


@pytest.mark.parametrize("language", ["en", "id"])
def test_the_s_key_opens_the_speaker_view_with_the_lecturer_notes(deck_folder, offline_browser, language):
    """reveal.js's speaker view (a second window) shows the notes of the current slide."""
    from authoring.notebooks import lecturer_notes, load_source
    from swedu.i18n import t

    note = lecturer_notes(load_source(REPO / "source" / "lessons" / "04-delinquent-youth.yaml"), language)["c000"]
    page = offline_browser.new_page(viewport={"width": 1280, "height": 720})
    try:
        deck = lesson_notebook(REPO, "04-delinquent-youth", language).with_suffix(".slides.html").name
        page.goto((deck_folder / language / deck).as_uri())
        page.wait_for_selector(".reveal.ready", state="attached", timeout=30_000)
        assert page.locator(".reveal .slides section.present:not(.stack) > aside.notes").count() == 1
        assert not page.locator(".reveal .slides section.present:not(.stack) > aside.notes").is_visible()  # not on the projector
        with page.context.expect_page(timeout=15_000) as opened:
            page.keyboard.press("s")
        speaker = opened.value
        speaker.wait_for_selector(".speaker-controls-notes", timeout=15_000)
        speaker.wait_for_function("(text) => document.querySelector('.speaker-controls-notes').innerText.includes(text)",
                                  arg=note["ask"], timeout=15_000)
        text = speaker.locator(".speaker-controls-notes").inner_text()
        assert t("present.notes.listen", language=language) in text and note["listen"] in text
        ARTIFACTS.mkdir(exist_ok=True)
        speaker.screenshot(path=str(ARTIFACTS / f"deck-04-{language}-speaker-view.png"))
        speaker.close()
    finally:
        page.close()
