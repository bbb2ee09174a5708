"""The gallery of cases in a real browser: the table lists every case, a button per case opens it in the classifier.

The buttons' callback lives in the notebook, so nbval cannot exercise it; this test does, in both
languages, by keyboard (Tab to the row of cases, the arrow keys, Space), and compares what the screen says with the library's
own scenario table.
"""
from __future__ import annotations

import pytest
from labdriver import NOTEBOOK, axe_audit, serious_violations

import swedu
from authoring.notebooks import ROOT as REPO
from authoring.notebooks import lesson_notebook
from swedu.scenarios import scenario_table

CLASSIFIER = f"{NOTEBOOK} .swedu-classifier"


@pytest.mark.parametrize("language", ["en", "id"])
def test_gallery_lists_every_case_and_opens_the_chosen_one(language, notebook):
    swedu.set_language(language)
    rows = scenario_table(language)
    assert len(rows) >= 3
    nb = notebook(lesson_notebook("10-gallery", language).relative_to(REPO).as_posix())
    summary = nb.run_fresh()
    assert nb.problems(summary) == []
    page = nb.page

    # The table: one line per case, in the library's order, with its title.
    titles = page.eval_on_selector_all(f"{NOTEBOOK} .jp-OutputArea-output table tr td:first-child",
                                       "cells => cells.map(c => c.innerText.trim())")
    assert titles == [row.title for row in rows]

    # The first case is open when the notebook starts.
    page.wait_for_selector(CLASSIFIER)
    assert rows[0].title in page.locator(f"{CLASSIFIER} h3").first.inner_text()

    # Choosing another case replaces the classifier with that case's.
    chosen = rows[-1]
    assert page.locator(f"{NOTEBOOK} .widget-dropdown").count() == 0  # a <select> loses its keys to JupyterLab
    buttons = page.locator(f"{NOTEBOOK} .swedu-gallery-choice button")
    assert buttons.all_inner_texts() == [row.title for row in rows]
    button = page.get_by_role("button", name=chosen.title, exact=True)
    # The buttons are one named group and one Tab stop; the arrow keys move between the cases, never out.
    group = page.locator(NOTEBOOK).get_by_role("group", name=swedu.i18n.t("lessons.gallery.choose"), exact=True)
    assert group.get_by_role("button").count() == len(rows)
    buttons.first.focus()
    before = page.evaluate("() => window.jupyterapp.shell.currentWidget.content.activeCellIndex")
    for _ in range(len(rows) - 1):  # from the first case's button to the last one's
        page.keyboard.press("ArrowRight")
        assert page.evaluate("() => !!document.activeElement.closest('.swedu-gallery-choice')")
    assert button.evaluate("b => b === document.activeElement")
    assert page.evaluate("() => window.jupyterapp.shell.currentWidget.content.activeCellIndex") == before
    page.keyboard.press("Space")
    page.wait_for_function(
        "([sel, title]) => { const h = document.querySelector(sel + ' h3'); return h && h.innerText.includes(title); }",
        arg=[CLASSIFIER, chosen.title], timeout=20_000)
    assert page.locator(CLASSIFIER).count() == 1, "the old case's classifier is gone"
    first_stage = swedu.load_scenario(chosen.id).stages[0]
    assert str(first_stage.title) in page.locator(CLASSIFIER).inner_text()

    # The table, the buttons and the classifier pass the accessibility audit (no serious or critical findings).
    result = axe_audit(page, selectors=(".jp-OutputArea-output table", ".swedu-gallery-choice", ".swedu-activity"))
    assert len(result["audited"]) == 3
    problems = serious_violations(result)
    assert not problems, "serious or critical accessibility violations:\n" + "\n".join(problems)
