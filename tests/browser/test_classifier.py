"""The classifier in a real browser: mouse, then keyboard only; check, feedback on screen, next stage, reveal.

What the screen must say is computed here with the same library (``Scenario.assess``, ``key_text``),
so the test checks that the browser shows exactly the feedback the course promises, in both languages.
"""
from __future__ import annotations

import re

import pytest
from labdriver import IDLE, NOTEBOOK

import swedu
from swedu.systems import NONE, system_info

SCENARIO = "delinquent-youth"
CLASSIFIER = f"{NOTEBOOK} .swedu-classifier"
MAX_KEY_PRESSES = 120


def _expected_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _screen_text(page, selector: str) -> str:
    return page.locator(selector).inner_text()


def _wait_for_lines(page, selector: str, lines: list[str], timeout: float = 20_000) -> None:
    """Wait until every line is shown inside ``selector`` (whitespace-normalised)."""
    page.wait_for_function(
        """([sel, lines]) => {
          const n = document.querySelector(sel);
          if (!n) { return false; }
          const text = n.innerText.replace(/\\s+/g, ' ');
          return lines.every(l => text.includes(l.replace(/\\s+/g, ' ')));
        }""", arg=[selector, lines], timeout=timeout)


def _toggle(page, actor_name: str, system: str):
    """The toggle of one actor and one system (found by its tooltip and its visible words)."""
    title = re.compile("^" + re.escape(actor_name) + ": ")
    toggles = page.locator(f"{CLASSIFIER} button.widget-toggle-button")
    found = [t for t in toggles.all() if title.match(t.get_attribute("title") or "")]
    assert len(found) == 5, f"expected 4 system toggles and 'none' for {actor_name}, found {len(found)}"
    if system == NONE:
        return found[4]  # the last toggle of a row is "none"
    words = f"{system_info(system).badge} · {system_info(system).short}"
    matching = [t for t in found if t.inner_text().strip() == words]
    assert len(matching) == 1, f"no toggle '{words}' for {actor_name}"
    return matching[0]


def _wait_for_map(page) -> None:
    """The system map is on screen: a loaded picture with a text alternative, and the marks of the check
    (a second, decorative picture: alt="") lie exactly over it."""
    page.wait_for_function(
        "(sel) => Array.from(document.querySelectorAll(sel + ' img:not(.swedu-script)')).some(i => i.complete && i.naturalWidth > 0"
        " && i.getBoundingClientRect().height > 0 && (i.alt || i.title || '').trim().length > 0)",
        arg=CLASSIFIER, timeout=60_000)
    boxes = page.eval_on_selector_all(
        f"{CLASSIFIER} .swedu-map img, {CLASSIFIER} .swedu-map-marks img",
        "els => els.map(e => { const r = e.getBoundingClientRect(); return [e.alt, r.x, r.y, r.width, r.height,"
        " e.naturalWidth, e.naturalHeight]; })")
    assert len(boxes) == 2 and boxes[0][0] and boxes[1][0] == "", f"a map and its marks layer: {boxes}"
    assert boxes[0][1:] == boxes[1][1:], f"the marks do not lie over the map: {boxes}"


def _is_pressed(locator) -> bool:
    return "mod-active" in (locator.get_attribute("class") or "").split()


def _focused(page) -> dict:
    return page.evaluate(
        "() => { const a = document.activeElement;"
        " return {tag: a.tagName, title: a.getAttribute('title') || '', text: (a.innerText || '').trim(),"
        " inClassifier: !!a.closest('.swedu-classifier'), disabled: !!a.disabled,"
        " verdict: a.classList.contains('swedu-verdict') && !!a.querySelector('.swedu-feedback')}; }")


def _tab_to(page, wanted, backwards: bool = False) -> dict:
    """Press Tab (or Shift+Tab) until the focused element satisfies ``wanted``; keyboard only."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(MAX_KEY_PRESSES):
        page.keyboard.press(key)
        focused = _focused(page)
        if focused["inClassifier"] and wanted(focused):
            return focused
    raise AssertionError(f"{key} never reached the wanted control; last focus: {_focused(page)}")


def _toggle_is(actor_name: str, words: str):
    return lambda f: f["title"].startswith(actor_name + ": ") and f["text"] == words and f["tag"] == "BUTTON"


def _button_is(words: str):
    return lambda f: f["tag"] == "BUTTON" and f["text"] == words


@pytest.mark.parametrize("language", ["en", "id"])
def test_classifier_with_mouse_then_keyboard(language, notebook):
    swedu.set_language(language)
    t = swedu.i18n.t
    scenario = swedu.load_scenario(SCENARIO)
    intake, reassessment = scenario.stages[0], scenario.stages[1]
    name = {actor.id: str(actor.name) for actor in scenario.actors}

    nb = notebook(f"tests/browser/notebooks/classifier-{language}.ipynb")
    summary = nb.run_fresh()
    assert nb.problems(summary) == []
    page = nb.page
    page.wait_for_selector(CLASSIFIER)
    assert str(intake.title) in _screen_text(page, f"{CLASSIFIER} h3 + p")

    # --- mouse: parents -> client (right), Dimas -> client (wrong at intake), the café crowd -> none.
    for actor, system in (("parents", "client"), ("teen", "client"), ("gang", NONE)):
        toggle = _toggle(page, name[actor], system)
        toggle.click()
        page.wait_for_function("(el) => el.classList.contains('mod-active')", arg=toggle.element_handle())
        assert _is_pressed(toggle)
    page.locator(f"{CLASSIFIER} button.widget-button", has_text=t("widgets.button.check")).click()
    answer = {"parents": "client", "teen": "client", "gang": NONE}
    expected = scenario.assess(answer, intake)
    _wait_for_lines(page, f"{CLASSIFIER} .swedu-feedback", _expected_lines(expected.text))
    statuses = page.eval_on_selector_all(f"{CLASSIFIER} .swedu-feedback li[data-actor]",
                                         "els => Object.fromEntries(els.map(e => [e.dataset.actor, e.dataset.status]))")
    assert statuses == {actor: verdict.status for actor, verdict in expected.verdicts.items()}
    assert statuses["parents"] == "correct" and statuses["teen"] == "wrong"
    assert f"{round(expected.score * 100)}%" in _screen_text(page, f"{CLASSIFIER} .swedu-feedback")
    # The system map appears after a check, with a caption in words.
    _wait_for_map(page)

    # --- keyboard only from here: after Check the focus is on the feedback, which a screen reader reads.
    assert _focused(page)["verdict"], _focused(page)
    client, target = system_info("client"), system_info("target")
    # Each actor's row is one Tab stop (the choice last used: "client", clicked for Dimas).
    _tab_to(page, _toggle_is(name["teen"], f"{client.badge} · {client.short}"), backwards=True)
    page.keyboard.press("Space")  # un-press "client" for Dimas
    page.keyboard.press("ArrowRight")  # the next choice of the same row: "target"
    assert _toggle_is(name["teen"], f"{target.badge} · {target.short}")(_focused(page)), _focused(page)
    page.keyboard.press("Enter")  # press "target" for Dimas
    assert not _is_pressed(_toggle(page, name["teen"], "client"))
    assert _is_pressed(_toggle(page, name["teen"], "target"))
    _tab_to(page, _button_is(t("widgets.button.check")))
    page.keyboard.press("Enter")
    answer = {"parents": "client", "teen": "target", "gang": NONE}
    expected = scenario.assess(answer, intake)
    assert expected.verdicts["teen"].status == "correct"
    _wait_for_lines(page, f"{CLASSIFIER} .swedu-feedback", _expected_lines(expected.text))
    assert page.get_attribute(f"{CLASSIFIER} .swedu-feedback li[data-actor='teen']", "data-status") == "correct"

    assert _focused(page)["verdict"], _focused(page)  # again on the feedback
    # Next stage (enabled by the check), still with the keyboard: just above the feedback.
    _tab_to(page, lambda f: _button_is(t("widgets.button.next"))(f) and not f["disabled"], backwards=True)
    page.keyboard.press("Enter")
    moved_on = t("widgets.classifier.moved_on", title=str(reassessment.title))
    _wait_for_lines(page, CLASSIFIER, [str(reassessment.title), moved_on])
    assert not page.locator(f"{CLASSIFIER} .swedu-feedback").count(), "the old feedback stayed on screen"
    assert not any(_is_pressed(b) for b in page.locator(f"{CLASSIFIER} button.widget-toggle-button").all())
    page.wait_for_selector(f"{NOTEBOOK} {IDLE}")
    left = page.eval_on_selector_all(f"{CLASSIFIER} img:not(.swedu-script)", "els => els.filter(e => e.getBoundingClientRect().height > 0)"
                                     ".map(e => e.outerHTML.slice(0, 60) + ' alt=' + e.alt + ' in ' + e.parentElement.parentElement.className)")
    assert not left, (
        f"a map stayed on screen after moving to the next stage: {left}. If its text names the new stage 'with "
        "your answer marked', check() and next_stage() ran at the same time: JupyterLab 4.6 sends widget "
        "messages to a kernel subshell thread (setting commsOverSubshells, default perCommTarget; ipykernel 7), "
        "while the first clicks, sent before that subshell exists, run on the main thread. Serialize the "
        "activity's callbacks (e.g. one threading.RLock per widget around select/check/hint/reset/next/reveal).")

    # Reveal the key of the new stage.
    _tab_to(page, _button_is(t("widgets.button.reveal")))
    page.keyboard.press("Enter")
    key_lines = _expected_lines(scenario.key_text(reassessment))
    _wait_for_lines(page, f"{CLASSIFIER} .swedu-key", key_lines)
    assert t("widgets.classifier.key_title") in _screen_text(page, f"{CLASSIFIER} .swedu-key")
    # The key's system map, captioned for the new stage.
    caption = t("widgets.classifier.key_map_alt", scenario=str(scenario.title), stage=str(reassessment.title))
    _wait_for_lines(page, CLASSIFIER, [caption])
    page.wait_for_selector(f"{NOTEBOOK} {IDLE}")
    _wait_for_map(page)
    assert nb.browser_errors() == []
    nb.screenshot(f"classifier-{language}")


def test_a_quick_learner_sees_a_consistent_screen(notebook):
    """Check, then Next as soon as it is enabled (before the map is drawn): the new stage starts clean.

    The first widget messages of a fresh kernel run on the main thread, later ones on JupyterLab's comm
    subshell thread (ipykernel 7), so without serialized callbacks the two clicks can run at once.
    """
    t = swedu.i18n.t
    scenario = swedu.load_scenario(SCENARIO)
    nb = notebook("tests/browser/notebooks/classifier-en.ipynb")
    nb.clear_outputs()
    assert nb.problems(nb.run_all()) == []
    nb.wait_for_widgets_rendered()
    page = nb.page
    page.locator(f"{CLASSIFIER} button.widget-button", has_text=t("widgets.button.check")).click()
    next_button = page.locator(f"{CLASSIFIER} button.widget-button", has_text=t("widgets.button.next"))
    page.wait_for_function("(el) => !el.disabled", arg=next_button.element_handle())
    next_button.click()
    moved_on = t("widgets.classifier.moved_on", title=str(scenario.stages[1].title))
    _wait_for_lines(page, CLASSIFIER, [moved_on])
    page.wait_for_selector(f"{NOTEBOOK} {IDLE}")
    page.wait_for_timeout(500)  # let any late update arrive: the assertion is about what stays on screen
    shown = page.eval_on_selector_all(f"{CLASSIFIER} img:not(.swedu-script), {CLASSIFIER} .swedu-feedback",
                                      "els => els.filter(e => e.getBoundingClientRect().height > 0)"
                                      ".map(e => e.alt || e.innerText.slice(0, 80))")
    assert not shown, f"after moving on, the previous stage's results are still shown: {shown}"
    assert nb.browser_errors() == []
