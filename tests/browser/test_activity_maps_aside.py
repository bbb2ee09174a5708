"""A click on an approach (the approach explorer) or on Draw the map again (the tie editor) while the kernel's
helper thread is busy (issue 24), in a real browser and kernel: the words are on screen at once, with words
saying the map is coming and no picture, and the map follows, sent by the helper thread, once it is free.

To catch the clicks while their maps are still coming, whatever the machine's speed, the test hands the
kernel's helper thread work of its own first and ends it only after it has seen the words: no clock decides."""
from __future__ import annotations

from labdriver import NOTEBOOK
from test_classifier import _wait_for_lines
from test_classifier_map_aside import _in_kernel

import swedu

EXPLORER = f"{NOTEBOOK} .swedu-activity:not(.swedu-tie-editor)"
EDITOR = f"{NOTEBOOK} .swedu-tie-editor"


def _pictures(page, selector: str) -> list:
    """The alt texts of the pictures on screen in ``selector``'s map area."""
    return page.eval_on_selector_all(f"{selector} .swedu-map img",
                                     "els => els.filter(e => e.getBoundingClientRect().height > 0).map(e => e.alt)")


def _wait_for_picture(page, selector: str, alt: str) -> None:
    page.wait_for_function(
        "([sel, alt]) => Array.from(document.querySelectorAll(sel + ' .swedu-map img')).some(i => i.complete"
        " && i.naturalWidth > 0 && i.getBoundingClientRect().height > 0 && i.alt.startsWith(alt))",
        arg=[selector, alt], timeout=60_000)


def test_the_words_come_at_once_and_the_maps_when_they_can_be_drawn(notebook):
    t = swedu.i18n.t
    swedu.set_language("en")
    nb = notebook("tests/browser/notebooks/activity-maps-en.ipynb")
    assert nb.problems(nb.run_fresh()) == []
    page = nb.page
    page.wait_for_selector(f"{EDITOR} button.widget-button", timeout=60_000)
    _in_kernel(page, "import threading\nfrom swedu.widgets._aside import aside as _aside\n"
                     "_go_on = threading.Event()\n_busy = _aside(_go_on.wait, 120)")
    try:
        page.locator(f"{EXPLORER} .widget-toggle-buttons button", has_text=t("approach.dualistic.name")).click()
        _wait_for_lines(page, EXPLORER, [t("approach.dualistic.description"), t("widgets.activity.map_pending")])
        page.locator(f"{EDITOR} button.widget-button", has_text=t("widgets.button.draw_again")).click()
        _wait_for_lines(page, EDITOR, [t("widgets.tie_editor.changed").split("{")[0],
                                       t("widgets.activity.map_pending")])
        assert _pictures(page, EXPLORER) == [] and _pictures(page, EDITOR) == []  # words, no picture, meanwhile
    finally:
        _in_kernel(page, "_go_on.set()")
    scenario = swedu.load_scenario("delinquent-youth")
    _wait_for_picture(page, EXPLORER, t("widgets.activity.approach_map_alt", approach=t("approach.dualistic.name"),
                                        scenario=str(scenario.title)))
    _wait_for_picture(page, EDITOR, t("widgets.tie_editor.map_alt").split("{")[0])
    for activity in (EXPLORER, EDITOR):
        assert t("widgets.activity.map_pending") not in page.locator(activity).inner_text()
    assert nb.browser_errors() == []
