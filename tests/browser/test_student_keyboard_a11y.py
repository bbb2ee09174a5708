"""A student's widgets in JupyterLab, read through Chromium's accessibility tree and driven by the keyboard.

axe passes a page whose toggles say nothing about their state, whose groups of choices have no name and
whose feedback is never announced; this test asks for what a screen reader actually reads (roles, names,
states: Playwright's role selectors query the accessibility tree) and presses keys:

* every toggle of the classifier exposes ``aria-pressed``, and it follows a click;
* the rows of exercise 5b are named groups of radio buttons; an arrow key chooses within its group and
  never moves the focus out of the form; Enter on Check gives one verdict, in a polite live region, and
  the check cell below says the same (no second, stale verdict);
* the focus ring is at least 2 px and has at least 3:1 against what is next to it, on the blue primary
  button and on a chosen (teal) toggle too;
* the case builder names its groups of choices and refuses an empty name at the Name field, in a live
  region next to it.
"""
from __future__ import annotations

import shutil

from labdriver import NOTEBOOK

import swedu

t = swedu.i18n.t
FIXTURE = "tests/browser/notebooks/student-widgets-id.ipynb"
FORM = f"{NOTEBOOK} .swedu-answer-form-ex5-build"
BUILDER = f"{NOTEBOOK} .swedu-case-builder"
CLASSIFIER = f"{NOTEBOOK} .swedu-classifier"


def _open(notebook, lab_server):
    shutil.rmtree(lab_server.log_path.parent / "swedu-data" / "a11y-test", ignore_errors=True)
    swedu.set_language("id")
    nb = notebook(FIXTURE)
    summary = nb.run_fresh()
    assert nb.problems(summary) == []
    for selector in (FORM, BUILDER, CLASSIFIER):
        nb.page.wait_for_selector(selector)
    # the accessibility script of the widgets has run (it marks each activity once)
    nb.page.wait_for_function(
        "(sel) => Array.from(document.querySelectorAll(sel + ' .swedu-activity')).length >= 3 &&"
        " Array.from(document.querySelectorAll(sel + ' .swedu-activity')).every(a => a.dataset.sweduAria === '1')",
        arg=NOTEBOOK, timeout=20_000)
    return nb


_LUMINANCE = """
(colour) => {
  const m = colour.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
  const [r, g, b] = m[1].split(',').slice(0, 3).map(v => parseFloat(v) / 255)
    .map(c => c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
"""


def _focus_ring(page) -> dict:
    """The focused element's outline and its contrast with the halo around it and with what those pixels
    show without focus (the page behind the control: WCAG 2.4.13 compares the same pixels focused and not).
    The ring sits outside the control, so the control's own colour (blue, teal) is never its neighbour."""
    return page.evaluate(
        "(lum) => { const L = eval(lum); const a = document.activeElement; const s = getComputedStyle(a);"
        " const ratio = (x, y) => { const [hi, lo] = [L(x), L(y)].sort((p, q) => q - p); return (hi + 0.05) / (lo + 0.05); };"
        " const halo = (s.boxShadow.match(/rgba?\\([^)]*\\)/) || ['rgb(255, 255, 255)'])[0];"
        " return {width: parseFloat(s.outlineWidth), style: s.outlineStyle, offset: parseFloat(s.outlineOffset),"
        "   colour: s.outlineColor, halo: halo, background: s.backgroundColor,"
        "   against_halo: ratio(s.outlineColor, halo),"
        "   against_page: ratio(s.outlineColor, (() => { let n = a.parentElement;"
        "     while (n && getComputedStyle(n).backgroundColor.startsWith('rgba(0, 0, 0, 0)')) n = n.parentElement;"
        "     return n ? getComputedStyle(n).backgroundColor : 'rgb(255, 255, 255)'; })()),"
        "   text: (a.innerText || a.value || '').trim(), tag: a.tagName}; }", _LUMINANCE)


def _assert_visible_ring(ring: dict) -> None:
    assert ring["style"] == "solid" and ring["width"] >= 2, ring
    assert ring["offset"] >= 1, ring  # outside the control, never drawn on the button's own colour,
    assert ring["offset"] + ring["width"] <= 7, ring  # and inside the 7 px white halo (FOCUS_RING)
    assert ring["against_halo"] >= 3 and ring["against_page"] >= 3, ring


def test_toggles_expose_their_state_and_the_focus_ring_is_visible(notebook, lab_server):
    nb = _open(notebook, lab_server)
    page = nb.page
    classifier = page.locator(CLASSIFIER)
    toggles = classifier.locator("button.widget-toggle-button")
    assert toggles.count() > 4
    assert all(b.get_attribute("aria-pressed") == "false" for b in toggles.all())
    first = toggles.first
    first.click()
    page.wait_for_function("(el) => el.getAttribute('aria-pressed') === 'true'", arg=first.element_handle())
    pressed = classifier.get_by_role("button", pressed=True)  # the accessibility tree's state
    assert pressed.count() == 1 and pressed.first.inner_text() == first.inner_text()
    # the focus ring on the chosen (teal) toggle, reached by the keyboard
    first.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    _assert_visible_ring(_focus_ring(page))
    # and on the blue primary Check button of the form
    check = page.locator(FORM).get_by_role("button", name=t("widgets.button.check"))
    check.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    ring = _focus_ring(page)
    assert ring["text"] == t("widgets.button.check"), ring
    _assert_visible_ring(ring)


def test_the_ties_form_is_named_radio_groups_the_arrows_stay_inside_and_one_verdict_is_announced(
        notebook, lab_server):
    nb = _open(notebook, lab_server)
    page = nb.page
    form = page.locator(FORM)
    first_row = form.get_by_role("group", name="1. Ibu Wulan dan Bayu")
    assert first_row.count() == 1
    qualities = first_row.get_by_role("radiogroup", name=t("exercises.form.quality"))
    assert qualities.count() == 1
    radios = qualities.get_by_role("radio")
    names = [r.get_attribute("value") for r in radios.all()]
    assert len(names) == 4
    assert radios.first.is_checked()  # "no tie in the story" until the student chooses
    radios.first.focus()
    cells_before = page.evaluate("() => window.jupyterapp.shell.currentWidget.content.activeCellIndex")
    page.keyboard.press("ArrowDown")
    page.wait_for_function("(el) => el.checked", arg=radios.nth(1).element_handle(), timeout=10_000)
    focus = page.evaluate("() => ({inForm: !!document.activeElement.closest('.swedu-answer-form'),"
                          " type: document.activeElement.type})")
    assert focus == {"inForm": True, "type": "radio"}, focus
    cells_after = page.evaluate("() => window.jupyterapp.shell.currentWidget.content.activeCellIndex")
    assert cells_after == cells_before  # the arrow chose; it did not move to another cell
    # Check by the keyboard: one verdict under the button, in a polite live region
    check = form.get_by_role("button", name=t("widgets.button.check"))
    check.focus()
    page.keyboard.press("Enter")
    feedback = form.locator(".swedu-live")
    page.wait_for_function("(el) => el.innerText.trim().length > 0", arg=feedback.element_handle(), timeout=30_000)
    assert feedback.get_attribute("role") == "status" and feedback.get_attribute("aria-live") == "polite"
    verdict = feedback.inner_text()
    assert t("exercises.status.wrong.label") in verdict
    # the check cell under the form says the same, live (never "not answered" beside a verdict)
    pointer = page.locator(f"{NOTEBOOK} .swedu-check-pointer")
    page.wait_for_function("([el, words]) => el.innerText.includes(words)",
                           arg=[pointer.element_handle(), t("exercises.status.wrong.label")], timeout=30_000)
    said = pointer.inner_text()
    assert t("exercises.status.wrong.label") in said and t("exercises.status.not_answered.label") not in said
    for token in ("None", "['", "strong", "tenuous", "backward", "forward", "between"):
        assert token not in verdict and token not in said, (token, verdict)


def test_the_builder_names_its_groups_and_refuses_an_empty_name_at_the_field(notebook, lab_server):
    """Also: an arrow key moves between the choices of a group and never leaves it for the notebook."""
    nb = _open(notebook, lab_server)
    page = nb.page
    builder = page.locator(BUILDER)
    assert builder.locator(".swedu-builder-status").inner_text().strip() == ""  # nothing said before a touch
    for label in (t("builder.field.kind"), t("builder.field.first"), t("builder.field.second"),
                  t("builder.field.role_actor")):
        assert builder.get_by_role("group", name=label, exact=True).count() == 1, label
    kinds = builder.get_by_role("group", name=t("builder.field.kind"), exact=True).get_by_role("button")
    kinds.first.focus()
    cell = page.evaluate("() => window.jupyterapp.shell.currentWidget.content.activeCellIndex")
    for key, expected in (("ArrowRight", 1), ("ArrowRight", 2), ("ArrowLeft", 1)):
        page.keyboard.press(key)
        assert page.evaluate("(el) => document.activeElement === el", kinds.nth(expected).element_handle())
    assert page.evaluate("() => window.jupyterapp.shell.currentWidget.content.activeCellIndex") == cell
    page.keyboard.press("Space")  # Space chooses the focused choice
    page.wait_for_function("(el) => el.getAttribute('aria-pressed') === 'true'", arg=kinds.nth(1).element_handle())
    add = builder.get_by_role("button", name=t("builder.button.add_actor"))
    add.focus()
    page.keyboard.press("Enter")
    message = builder.locator(".swedu-field-message").filter(has_text=t("builder.error.name_empty"))
    message.wait_for(timeout=30_000)
    assert message.get_attribute("aria-live") == "polite"
    # the message sits right under the Name field (next in the page), not under the buttons
    follows = page.evaluate(
        "([sel, label]) => { const b = document.querySelector(sel);"
        " const name = Array.from(b.querySelectorAll('.widget-text'))"
        "   .find(n => n.querySelector('.widget-label').innerText.trim() === label);"
        " const msg = Array.from(b.querySelectorAll('.swedu-field-message')).find(n => n.innerText.trim());"
        " return !!name && !!msg && name.nextElementSibling === msg; }", [BUILDER, t("builder.field.name")])
    assert follows
    assert t("builder.status.no_actors") in builder.locator(".swedu-builder-actors").inner_text()  # none added
