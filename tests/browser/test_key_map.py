"""Lesson 4 in a real browser: the key map waits for the learner's Check, then appears with its alt text."""
from __future__ import annotations

import swedu
from labdriver import IDLE, NOTEBOOK

KEY_MAP = f"{NOTEBOOK} .swedu-key-map"
CLASSIFIER = f"{NOTEBOOK} .swedu-classifier"


def test_the_key_map_of_lesson_4_appears_only_after_check(notebook):
    t = swedu.i18n.t
    scenario = swedu.load_scenario("delinquent-youth")
    nb = notebook("notebooks/en/04-delinquent-youth.ipynb")
    assert nb.problems(nb.run_fresh()) == []
    page = nb.page
    key_map = page.locator(KEY_MAP).first
    show = key_map.locator("button.widget-button", has_text=t("widgets.key_reveal.show_map"))
    show.click()
    key_map.get_by_text(t("widgets.key_reveal.check_first").split(";")[0]).wait_for(timeout=20_000)
    assert key_map.locator("img:not(.swedu-script)").count() == 0  # nothing drawn before the check

    page.locator(CLASSIFIER).first.locator("button.widget-button", has_text=t("widgets.button.check")).click()
    page.locator(CLASSIFIER).first.locator(".swedu-feedback").wait_for(timeout=20_000)
    page.wait_for_selector(f"{NOTEBOOK} {IDLE}")
    show.click()
    alt = t("widgets.classifier.key_map_alt", scenario=str(scenario.title), stage=str(scenario.stages[0].title))
    page.wait_for_function(
        "([el, alt]) => Array.from(el.querySelectorAll('img')).some(i => i.complete && i.naturalWidth > 0 && i.alt === alt)",
        arg=[key_map.element_handle(), alt], timeout=60_000)
    assert nb.browser_errors() == []
    nb.screenshot("key-map-04-en")
