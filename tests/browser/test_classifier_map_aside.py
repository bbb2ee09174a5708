"""A click on Check while the kernel cannot draw the map yet (issue 24), in a real browser and kernel: the
feedback is on screen at once with words saying the map is coming, and the map follows, sent by the
kernel's helper thread, once it can be drawn.

To catch the click while its map is still coming, whatever the machine's speed, the test holds the maps'
lock in the kernel itself (as the helper thread does while it draws) and lets it go only after it has seen
the feedback: no clock decides."""
from __future__ import annotations

from test_classifier import CLASSIFIER, SCENARIO, _wait_for_lines, _wait_for_map

import swedu

_EXECUTE = """async (code) => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  const future = kernel.requestExecute({code: code, silent: true, store_history: false});
  const said = [];
  future.onIOPub = (msg) => { if (msg.header.msg_type === 'error') { said.push(msg.content.ename + ': ' + msg.content.evalue); } };
  const reply = await future.done;
  return {status: reply.content.status, said: said};
}"""


def _in_kernel(page, code: str) -> None:
    done = page.evaluate(_EXECUTE, code)
    assert done["status"] == "ok" and not done["said"], done


def _visible_pictures(page) -> list:
    return page.eval_on_selector_all(f"{CLASSIFIER} .swedu-map img, {CLASSIFIER} .swedu-map-marks img",
                                     "els => els.filter(e => e.getBoundingClientRect().height > 0).map(e => e.alt)")


def test_the_feedback_comes_at_once_and_the_map_when_it_can_be_drawn(notebook):
    t = swedu.i18n.t
    swedu.set_language("en")
    scenario = swedu.load_scenario(SCENARIO)
    nb = notebook("tests/browser/notebooks/classifier-en.ipynb")
    assert nb.problems(nb.run_fresh()) == []
    page = nb.page
    _in_kernel(page, "from swedu.draw import after_check as _maps\nassert _maps._GROUNDS_LOCK.acquire(timeout=60)")
    try:
        page.locator(f"{CLASSIFIER} button.widget-button", has_text=t("widgets.button.check")).click()
        _wait_for_lines(page, f"{CLASSIFIER} .swedu-feedback", [str(scenario.assess({}, scenario.stages[0]).text)
                                                                .splitlines()[0]])
        _wait_for_lines(page, CLASSIFIER, [t("widgets.classifier.map_pending")])
        assert _visible_pictures(page) == []  # words, and no earlier picture, while the map is coming
    finally:
        _in_kernel(page, "_maps._GROUNDS_LOCK.release()")
    _wait_for_map(page)
    caption = t("widgets.classifier.map_alt", scenario=str(scenario.title), stage=str(scenario.stages[0].title))
    _wait_for_lines(page, CLASSIFIER, [caption])
    assert t("widgets.classifier.map_pending") not in page.locator(CLASSIFIER).inner_text()
    assert nb.browser_errors() == []
