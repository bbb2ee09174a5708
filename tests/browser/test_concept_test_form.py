"""The concept test form in a real browser, by keyboard only: Tab reaches a question's radio buttons, the
arrow keys choose an option, the link at the top leads to Submit and Space presses it; the focus moves to
the result; after the course the verdicts appear, before it only the note that the answers are saved (no
verdict, no key)."""
from __future__ import annotations

import pytest
from labdriver import NOTEBOOK, axe_audit, serious_violations

import swedu
from authoring.notebooks import ROOT as REPO
from authoring.notebooks import lesson_notebook
from swedu import concept_test as ct

FORM = f"{NOTEBOOK} .swedu-concept-test"


@pytest.mark.parametrize(("language", "phase", "lesson"), [("en", "post", "09a-concept-test-after"),
                                                            ("id", "pre", "00a-concept-test-before")])
def test_the_form_is_answered_and_submitted_by_keyboard(language, phase, lesson, notebook):
    swedu.set_language(language)
    test = ct.load_concept_test()
    nb = notebook(lesson_notebook(lesson, language).relative_to(REPO).as_posix())
    summary = nb.run_fresh()
    assert nb.problems(summary) == []
    page = nb.page
    page.wait_for_selector(f"{FORM} .widget-radio-box input")

    # Each question's options are one radio group, named by its number and the question asked (read out).
    page.wait_for_function("(el) => el.dataset.sweduAria === '1'", arg=page.locator(FORM).element_handle())
    for n, item in enumerate(test.items, 1):
        group = page.locator(FORM).get_by_role("radiogroup", name=f"{n}. " + " ".join(str(item.question).split()),
                                               exact=True)
        assert group.count() == 1, str(item.question)
        assert group.get_by_role("radio").count() == len(item.options)
    options = page.locator(f"{FORM} .widget-radio-box").first.locator("input")
    options.first.focus()
    assert options.first.evaluate("e => e === document.activeElement")
    # The options of a question are one radio group (the course's accessibility script names it): the arrow
    # keys move to the next option and choose it, and never move JupyterLab's cells.
    page.keyboard.press("ArrowDown")
    assert options.nth(1).evaluate("e => e === document.activeElement")
    page.wait_for_function("(sel) => document.querySelectorAll(sel).length === 1",
                           arg=f"{FORM} .widget-radio-box input:checked", timeout=10_000)
    assert options.nth(1).is_checked()

    # The link at the top of the form leads to Submit (its words in the form's language).
    skip = page.locator(FORM).get_by_role("link", name=swedu.i18n.t("widgets.keyboard.skip_to_submit"), exact=True)
    assert skip.count() == 1
    skip.focus()
    page.keyboard.press("Enter")
    submit = page.locator(f"{FORM} button.mod-primary")
    assert submit.evaluate("e => e === document.activeElement")
    page.keyboard.press("Space")
    page.wait_for_selector(f"{FORM} .swedu-feedback", timeout=20_000)
    # After Submit the focus is on the result, a polite live region that a screen reader reads.
    page.wait_for_function("() => document.activeElement.classList.contains('swedu-verdict')"
                           " && document.activeElement.innerText.trim().length > 0", timeout=20_000)
    assert page.evaluate("() => [document.activeElement.getAttribute('role'),"
                         " document.activeElement.getAttribute('aria-live')]") == ["status", "polite"]
    feedback = page.locator(f"{FORM} .swedu-feedback").inner_text()
    chosen = test.items[0].options[1]
    if phase == "post":
        verdict = "correct" if chosen.correct else "wrong"
        item = page.locator(f'{FORM} .swedu-verdicts li[data-item="{test.items[0].id}"]')
        assert item.get_attribute("data-status") == verdict
        assert str(test.items[0].explanation[language]).split(".")[0] in feedback
    else:
        assert page.locator(f"{FORM} .swedu-verdicts").count() == 0
        assert str(test.items[0].explanation[language]).split(".")[0] not in feedback
        assert "18" in feedback

    result = axe_audit(page, selectors=(".swedu-concept-test",))
    problems = serious_violations(result)
    assert not problems, "serious or critical accessibility violations:\n" + "\n".join(problems)
