"""Accessibility audit (axe-core) of the course's widgets as rendered in JupyterLab: no serious or critical
violations, colour contrast and labels included.

The audit covers the course's own output (activity widgets, checks, feedback, stories), each in a state
with its feedback, hint, key and map on screen; JupyterLab's own interface is not audited. Moderate and
minor findings are printed, not failed. No rule is switched off (see labdriver.EXCLUDED_RULES).
"""
from __future__ import annotations

import pytest
from labdriver import (
    IDLE,
    NOTEBOOK,
    WIDGET_CONSOLE_ERROR,
    axe_audit,
    minor_findings,
    serious_violations,
    undecided_contrast_failures,
)

import swedu
from swedu.activities import load_activity
from swedu.systems import APPROACHES

ACTIVITY = f"{NOTEBOOK} .swedu-activity"


def _click_and_settle(page, locator) -> None:
    locator.click()
    page.wait_for_selector(f"{NOTEBOOK} {IDLE}")


def _audit_or_fail(page, what: str) -> dict:
    errors = [m for m in page.console_errors if WIDGET_CONSOLE_ERROR.search(m)] + page.page_errors
    assert not errors, f"{what}: the widgets failed in the browser: {errors[:3]}"
    result = axe_audit(page)
    # The audit really looked at the text and the controls (an audit of nothing would pass too).
    assert "color-contrast" in _checked(result), f"{what}: axe checked no text contrast"
    minor = minor_findings(result)
    if minor:
        print(f"{what}: reported, not failed: {', '.join(minor)}")
    problems = serious_violations(result) + undecided_contrast_failures(page, result)
    assert not problems, f"{what}: serious or critical accessibility violations:\n" + "\n".join(problems)
    return result


def _checked(result: dict) -> set:
    """The rules axe applied and found passed (the audit asks for every result type)."""
    return {rule["id"] for rule in result["passes"]}


@pytest.mark.parametrize("language", ["en", "id"])
def test_classifier_is_accessible(language, notebook):
    swedu.set_language(language)
    t = swedu.i18n.t
    nb = notebook(f"tests/browser/notebooks/classifier-{language}.ipynb")
    summary = nb.run_fresh()
    assert nb.problems(summary) == []
    page = nb.page
    classifier = f"{NOTEBOOK} .swedu-classifier"
    # Every state at once: a chosen toggle, feedback with its map, a hint and the key (and its map).
    toggle = page.locator(f"{classifier} button.widget-toggle-button").nth(1)
    toggle.click()
    page.wait_for_function("(el) => el.classList.contains('mod-active')", arg=toggle.element_handle())
    for key, shows in (("check", ".swedu-feedback"), ("hint", ".swedu-hint"), ("reveal", ".swedu-key")):
        page.locator(f"{classifier} button.widget-button", has_text=t(f"widgets.button.{key}")).click()
        page.wait_for_selector(f"{classifier} {shows}", state="visible", timeout=60_000)
    scenario = swedu.load_scenario("delinquent-youth")
    caption = t("widgets.classifier.key_map_alt", scenario=str(scenario.title), stage=str(scenario.stages[0].title))
    page.get_by_text(caption).wait_for(timeout=60_000)  # set last, after the key's map
    page.wait_for_selector(f"{classifier} img:not(.swedu-script)", state="visible")
    page.wait_for_selector(f"{NOTEBOOK} {IDLE}")
    result = _audit_or_fail(page, f"classifier ({language})")
    # The audit really looked at the controls and the text (an audit of nothing would pass too).
    assert {"button-name", "color-contrast", "image-alt"} <= _checked(result)


def test_other_course_widgets_are_accessible(notebook):
    t = swedu.i18n.t
    nb = notebook("tests/browser/notebooks/course-widgets.ipynb")
    summary = nb.run_fresh()
    assert nb.problems(summary) == []
    page = nb.page
    activities = page.locator(ACTIVITY)
    assert activities.count() == 3  # concept check, sorter, approach explorer
    # Each question's choices are one group named by its prompt (a radio group, or a group of boxes).
    quiz = load_activity("four-systems-misconceptions")
    page.wait_for_function("(el) => el.dataset.sweduAria === '1'", arg=activities.first.element_handle())
    for n, question in enumerate(quiz.questions, 1):
        role = "group" if question.multiple else "radiogroup"
        named = activities.first.get_by_role(role, name=f"{n}. {question.prompt}", exact=True)
        assert named.count() == 1, (role, n, str(question.prompt))
        assert named.get_by_role("checkbox" if question.multiple else "radio").count() == len(question.options)
    # The approach explorer's two rows of choices are named groups too: the approaches, and the question's boxes.
    explorer = activities.nth(2)
    page.wait_for_function("(el) => el.dataset.sweduAria === '1'", arg=explorer.element_handle())
    approaches = explorer.get_by_role("group", name=t("widgets.activity.approach_choose"), exact=True)
    assert approaches.get_by_role("button").count() == len(APPROACHES)
    asked = load_activity("approaches-delinquent-youth").questions[0]
    named = explorer.get_by_role("group", name=f"{t('widgets.activity.question')}: {asked.prompt}", exact=True)
    assert named.get_by_role("checkbox").count() == len(asked.options)
    for i in range(activities.count()):
        activity = activities.nth(i)
        # Answer something in each, the way a learner would, so the feedback is on screen too.
        for radio in activity.locator(".widget-radio-box input").all()[:1]:
            _click_and_settle(page, radio)
        for box in activity.locator(".widget-checkbox input").all()[:1]:
            _click_and_settle(page, box)
        for option in activity.locator(".widget-toggle-buttons button").all()[:1]:
            _click_and_settle(page, option)
        for select in activity.locator("select:visible").all():
            values = select.locator("option").evaluate_all("os => os.map(o => o.value)")
            if len(values) > 1:
                select.select_option(values[1])
                page.wait_for_selector(f"{NOTEBOOK} {IDLE}")
        result_area = activity.locator(":scope > .widget-html").last  # where an activity shows its result
        assert not result_area.inner_text().strip()
        activity.locator("button.widget-button", has_text=t("widgets.button.check")).click()
        page.wait_for_function("(el) => el.innerText.trim().length > 0", arg=result_area.element_handle(),
                               timeout=60_000)
    page.wait_for_selector(f"{ACTIVITY} img:not(.swedu-script)", state="visible", timeout=60_000)  # the approach map
    page.wait_for_selector(f"{NOTEBOOK} {IDLE}")
    _audit_or_fail(page, "concept check, sorter and approach explorer")
    nb.screenshot("a11y-course-widgets")


def test_exercise_check_output_is_accessible(notebook):
    nb = notebook("exercises/en/01-classify.ipynb")
    nb.clear_outputs()
    summary = nb.run_all()
    assert nb.problems(summary) == []
    page = nb.page
    page.wait_for_selector(f"{NOTEBOOK} .swedu-check-pointer")  # the check cell's one line under the form
    result = _audit_or_fail(page, "exercise 1 (story and check)")
    assert any(".swedu-check" in selector for selector in result["audited"])


def test_a_chosen_toggle_says_so_to_assistive_technology(notebook):
    """ipywidgets' ToggleButton sets no aria-pressed: the toggle's name or title must change instead
    (a visual check icon alone tells a screen reader nothing)."""
    nb = notebook("tests/browser/notebooks/classifier-en.ipynb")
    nb.run_fresh()
    page = nb.page
    toggle = page.locator(f"{NOTEBOOK} .swedu-classifier button.widget-toggle-button").nth(1)

    def announced(locator) -> tuple:
        return locator.evaluate("b => [b.getAttribute('aria-pressed'), b.getAttribute('aria-label'),"
                                " b.title, b.innerText.trim()]")

    before = announced(toggle)
    _click_and_settle(page, toggle)
    page.wait_for_function("(el) => el.classList.contains('mod-active')", arg=toggle.element_handle())
    after = announced(toggle)
    assert after[0] == "true" or after[1:] != before[1:], f"chosen and not chosen read the same: {after}"
