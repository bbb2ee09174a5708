"""One exercise check in a real browser: type an answer into the cell, run it, read the check's feedback."""
from __future__ import annotations

import hashlib

from labdriver import IDLE, NOTEBOOK, REPO

import swedu

EXERCISE = "exercises/en/01-classify.ipynb"
EXERCISE_ID = "ex1-classify"
CHECK = f"{NOTEBOOK} .swedu-check[data-exercise='{EXERCISE_ID}']"


def _code_cells(page):
    return page.locator(f"{NOTEBOOK} .jp-CodeCell")


def _wait_for_check(page, status: str, lines: list[str]) -> None:
    page.wait_for_function(
        """([sel, status, lines]) => {
          const n = document.querySelector(sel);
          if (!n || n.dataset.status !== status) { return false; }
          const text = n.innerText.replace(/\\s+/g, ' ');
          return lines.every(l => text.includes(l.replace(/\\s+/g, ' ')));
        }""", arg=[CHECK, status, lines], timeout=20_000)


def test_exercise_check_in_the_browser(notebook):
    path = REPO / EXERCISE
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    nb = notebook(EXERCISE)
    summary = nb.run_fresh()
    assert nb.problems(summary) == []
    page = nb.page

    # As handed out: the check says "not answered yet".
    not_answered = swedu.exercises.check(EXERCISE_ID, ...)
    _wait_for_check(page, "not_answered", [line for line in str(not_answered).splitlines() if line.strip()])

    # Type an answer into the answer cell (replacing the stub), then run it and the check with Shift+Enter.
    answer = {"worker": "change_agent", "agency": "change_agent", "wulan": "client", "bayu": "client"}
    source = "answer = " + repr(answer)
    answer_cell = _code_cells(page).filter(has_text="answer = {").first
    answer_cell.locator(".cm-content").click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(source)
    assert answer_cell.locator(".cm-content").inner_text().strip() == source
    page.keyboard.press("Shift+Enter")  # run the answer cell, go on to the explanation
    page.keyboard.press("Shift+Enter")  # past the (rendered) explanation, on to the check cell
    active = page.locator(f"{NOTEBOOK} .jp-Cell.jp-mod-active")
    assert "swedu.exercises.check" in active.inner_text()
    page.keyboard.press("Shift+Enter")  # run the check

    expected = swedu.exercises.check(EXERCISE_ID, answer)
    assert expected.status == "partial"
    _wait_for_check(page, expected.status, [line for line in str(expected).splitlines() if line.strip()])
    statuses = page.eval_on_selector_all(f"{CHECK} li[data-actor]",
                                         "els => Object.fromEntries(els.map(e => [e.dataset.actor, e.dataset.status]))")
    assert statuses["bayu"] == "wrong" and statuses["wulan"] == "correct"
    assert statuses == {actor: verdict.status for actor, verdict in expected.feedback.verdicts.items()}
    page.wait_for_selector(f"{NOTEBOOK} {IDLE}")
    assert nb.browser_errors() == []
    nb.screenshot("exercise-en-01-classify")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before, "the browser test changed the exercise file"
