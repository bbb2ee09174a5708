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
  region next to it;
* in the course's own notebooks (lesson 4's classifier and exercise 1's form, in Bahasa Indonesia): each
  actor's row is a named group and one Tab stop, the arrow keys (and Home, End) go round its choices and
  never leave it, Tab goes from the first choice to Check in one press per row, the skip link "Ke tombol
  Periksa" leads to Check, Check moves the focus to the feedback (a polite live region) whose words are the
  verdict, and keys pressed inside a widget (arrows, Space, the command-mode letters) never change the
  notebook's cells, their order or the active cell.
"""
from __future__ import annotations

import shutil

from labdriver import NOTEBOOK

import swedu
from authoring.notebooks import ROOT as REPO
from authoring.notebooks import exercise_notebook, lesson_notebook

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


# ----- the course's own notebooks, by keyboard: groups, arrows, Tab stops, Check, the notebook untouched --------

LESSON = lesson_notebook("04-delinquent-youth", "id").relative_to(REPO).as_posix()  # its file name is Indonesian
EXERCISE = exercise_notebook("01-classify", "id").relative_to(REPO).as_posix()

_NOTEBOOK_STATE = """() => { const p = window.jupyterapp.shell.currentWidget; const m = p.content.model;
  return {active: p.content.activeCellIndex, mode: p.content.mode,
          cells: Array.from({length: m.cells.length}, (_, i) => m.cells.get(i))
                      .map(c => c.type + ':' + c.sharedModel.getSource().length)}; }"""

_FOCUS = """() => { const a = document.activeElement; const g = a.closest('[role=group], [role=radiogroup]');
  const act = a.closest('.swedu-activity');
  return {tag: a.tagName, type: a.type || '', text: (a.innerText || '').trim(), name: a.getAttribute('aria-label'),
          group: g ? g.getAttribute('aria-label') : null, role: a.getAttribute('role'),
          activity: act ? Array.from(document.querySelectorAll('.swedu-activity')).indexOf(act) : -1,
          check: a.classList.contains('swedu-check-button'), verdict: a.classList.contains('swedu-verdict'),
          live: a.getAttribute('aria-live'), pressed: a.getAttribute('aria-pressed'), checked: !!a.checked}; }"""

# Keys that, in JupyterLab's command mode, add (a, b), cut (x), paste (v), delete (d d), change (m, y, r) or
# select (Shift+arrows) cells, run them (Shift+Enter is not pressed: on a button it presses the button), undo (z).
NOTEBOOK_KEYS = ("ArrowDown", "ArrowUp", "a", "b", "m", "y", "r", "x", "c", "v", "d", "d", "z", "Shift+ArrowDown",
                 "Shift+ArrowUp", "Shift+M", "Escape", "ArrowDown")


def _focus(page) -> dict:
    return page.evaluate(_FOCUS)


def _open_course_notebook(notebook, path: str, selector: str):
    swedu.set_language("id")
    nb = notebook(path)
    summary = nb.run_fresh()
    assert nb.problems(summary) == []
    nb.page.wait_for_selector(selector)
    nb.page.wait_for_function("(sel) => document.querySelector(sel).dataset.sweduAria === '1'", arg=selector,
                              timeout=20_000)
    return nb


def _arrows_stay_in_the_group(page, group_name: str, options: int) -> list[str]:
    """Arrow keys (and Home, End) from the first option: the focus goes round the group and never leaves it."""
    start = _focus(page)
    seen = []
    for key in ("ArrowRight",) * options + ("ArrowLeft", "ArrowDown", "ArrowUp", "End", "Home"):
        page.keyboard.press(key)
        now = _focus(page)
        assert now["group"] == group_name and now["activity"] == start["activity"], (key, start, now)
        seen.append(now["text"] or now["type"])
    return seen


def _keys_never_reach_the_notebook(page) -> None:
    before = page.evaluate(_NOTEBOOK_STATE)
    start = _focus(page)
    for key in NOTEBOOK_KEYS:
        page.keyboard.press(key)
    page.wait_for_timeout(300)  # a command would have run by now
    after = page.evaluate(_NOTEBOOK_STATE)
    assert after == before, f"keys pressed in a widget reached the notebook: {before} -> {after}"
    assert _focus(page)["activity"] == start["activity"], _focus(page)


def _tabs_to_check(page, limit: int = 40) -> int:
    for count in range(1, limit + 1):
        page.keyboard.press("Tab")
        if _focus(page)["check"]:
            return count
    raise AssertionError(f"{limit} Tabs from the first option never reached Check; focus: {_focus(page)}")


def _check_moves_the_focus_to_the_verdict(page) -> dict:
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.classList.contains('swedu-verdict')"
                           " && document.activeElement.innerText.trim().length > 0", timeout=30_000)
    focus = _focus(page)
    assert focus["role"] == "status" and focus["live"] == "polite", focus
    return focus


def test_the_lesson_classifier_by_keyboard_rows_arrows_few_tabs_skip_link_and_the_verdict(notebook, lab_server):
    nb = _open_course_notebook(notebook, LESSON, CLASSIFIER)
    page = nb.page
    classifier = page.locator(CLASSIFIER).first
    scenario = swedu.load_scenario("delinquent-youth")
    names = [f"{actor.name}, {t(f'actor_kind.{actor.kind}')}" for actor in scenario.actors]
    rows = [classifier.get_by_role("group", name=name, exact=True) for name in names]
    assert [row.count() for row in rows] == [1] * len(names)  # each actor's row is a named group
    first = rows[0].get_by_role("button")
    assert first.count() == 5  # four systems and "none", each a toggle that says whether it is pressed
    assert {b.get_attribute("aria-pressed") for b in first.all()} == {"false"}
    first.first.focus()
    seen = _arrows_stay_in_the_group(page, names[0], 5)
    words = [b.inner_text().strip() for b in first.all()]
    assert seen[:5] == words[1:] + words[:1]  # round the row, in order
    assert seen[5:] == [words[-1], words[0], words[-1], words[-1], words[0]]  # Left, Down, Up, End, Home
    # Space presses the focused toggle; its pressed state is in the accessibility tree
    page.keyboard.press("Space")
    page.wait_for_function("() => document.activeElement.getAttribute('aria-pressed') === 'true'")
    assert rows[0].get_by_role("button", pressed=True).count() == 1
    _keys_never_reach_the_notebook(page)
    assert rows[0].get_by_role("button", pressed=True).count() == 1  # and they changed no choice either
    # One Tab stop per actor's row: from the first choice to Check, one Tab per row.
    first.first.focus()
    assert _tabs_to_check(page) == len(scenario.actors)
    # The skip link at the top of the classifier leads to Check too (words from the catalog).
    skip = classifier.get_by_role("link", name=t("widgets.keyboard.skip_to_check"), exact=True)
    assert skip.count() == 1 and t("widgets.keyboard.skip_to_check") == "Ke tombol Periksa"
    first.first.focus()
    page.keyboard.press("Shift+Tab")
    assert _focus(page)["tag"] == "A" and _focus(page)["text"] == "Ke tombol Periksa", _focus(page)
    page.keyboard.press("Enter")
    assert _focus(page)["check"] and _focus(page)["text"] == t("widgets.button.check"), _focus(page)
    # Check: the focus moves to the feedback, which begins with the verdict of the answer given.
    expected = scenario.assess({scenario.actors[0].id: swedu.systems.SYSTEM_IDS[0]}, scenario.stages[0])
    focus = _check_moves_the_focus_to_the_verdict(page)
    assert t("feedback.score", score=round(expected.score * 100)) in focus["text"], focus
    verdict = expected.verdicts[scenario.actors[0].id]
    assert t(f"verdict.{verdict.status}.label") in focus["text"]
    _keys_never_reach_the_notebook(page)  # from the feedback as well
    assert nb.browser_errors() == []


def test_the_exercise_form_by_keyboard_rows_of_boxes_arrows_few_tabs_and_the_verdict(notebook, lab_server):
    form_selector = f"{NOTEBOOK} .swedu-answer-form-ex1-classify"
    nb = _open_course_notebook(notebook, EXERCISE, form_selector)
    page = nb.page
    form = page.locator(form_selector)
    case = swedu.exercises.case("ex1-classify")
    rows = [form.get_by_role("group", name=str(actor.name), exact=True) for actor in case.actors]
    assert [row.count() for row in rows] == [1] * len(rows)
    boxes = rows[0].get_by_role("checkbox")
    assert boxes.count() == 5
    boxes.first.focus()
    _arrows_stay_in_the_group(page, str(case.actors[0].name), 5)
    assert boxes.first.evaluate("e => e === document.activeElement")  # Home: back on the first box
    page.keyboard.press("Space")  # ticks it
    page.wait_for_function("(el) => el.checked", arg=boxes.first.element_handle())
    _keys_never_reach_the_notebook(page)
    assert [b.is_checked() for b in boxes.all()] == [True, False, False, False, False]
    boxes.first.focus()
    assert _tabs_to_check(page) == len(rows)  # one Tab stop per row of boxes
    assert form.get_by_role("link", name=t("widgets.keyboard.skip_to_check"), exact=True).count() == 1
    expected = swedu.widgets.exercise_form("ex1-classify")
    expected.select(case.actors[0].id, swedu.systems.SYSTEM_IDS[0])
    result = swedu.exercises.check("ex1-classify", expected)
    focus = _check_moves_the_focus_to_the_verdict(page)
    assert t(f"exercises.status.{result.status}.label") in focus["text"], focus
    _keys_never_reach_the_notebook(page)
    assert nb.browser_errors() == []
