"""One exercise check in a real browser: tick the answer in the exercise's form, check, read the feedback;
then run the (folded) check cell with Shift+Enter, as the exercise text also allows."""
from __future__ import annotations

import hashlib
import re

from labdriver import IDLE, NOTEBOOK, REPO, axe_audit, serious_violations, undecided_contrast_failures

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


def _wait_for_pointer(page, words: str) -> None:
    """The check cell under the form shows one line, which always agrees with the form's own verdict."""
    page.wait_for_function(
        """([sel, words]) => Array.from(document.querySelectorAll(sel + ' .swedu-check-pointer'))
             .some(n => !n.closest('.swedu-answer-form')
                        && n.innerText.replace(/\\s+/g, ' ').includes(words.replace(/\\s+/g, ' ')))""",
        arg=[NOTEBOOK, words], timeout=20_000)


def _pointer_words(key: str, status: str, score: float) -> str:
    t = swedu.i18n.t
    return t(f"exercises.form.{key}", status=t(f"exercises.status.{status}.label"), score=round(score * 100))


def _assert_form_accessible(page, form: str, case) -> None:
    """Every box is named by its row and its choice, the page shows only the choice; axe finds nothing serious."""
    names = page.eval_on_selector_all(
        f"{form} input[type=checkbox]",
        "els => els.map(e => { const span = e.closest('label').querySelector('span');"
        " const before = getComputedStyle(span, '::before');"
        " return [before.content, before.position, before.clip, span.innerText.trim(), e.title]; })")
    actors = [str(a.name) for a in case.actors]
    assert len(names) == len(actors) * (len(swedu.systems.SYSTEM_IDS) + 1)
    for hidden, position, clip, seen, title in names:
        assert hidden[1:-1] in [f"{actor}: " for actor in actors], hidden  # heard before the choice ...
        assert position == "absolute" and clip.startswith("rect(0px"), (hidden, clip)  # ... not seen
        assert seen and ": " not in seen and title in ("", seen), (seen, title)  # no markup in a tooltip
    page.wait_for_selector(f"{NOTEBOOK} {IDLE}")
    result = axe_audit(page, selectors=(".swedu-answer-form",))
    problems = serious_violations(result) + undecided_contrast_failures(page, result)
    assert not problems, "serious or critical accessibility violations:\n" + "\n".join(problems)
    assert "label" in {rule["id"] for rule in result["passes"]}


def test_exercise_check_in_the_browser(notebook):
    path = REPO / EXERCISE
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    nb = notebook(EXERCISE)
    summary = nb.run_fresh()
    assert nb.problems(summary) == []
    page = nb.page

    # As handed out: the check cell under the form says "not answered yet" and points to the form.
    _wait_for_pointer(page, _pointer_words("answer_above", "not_answered", 0))

    # Tick the answer in the form (the answer cell is one short line: swedu.widgets.exercise_form(...)).
    answer = {"worker": "change_agent", "agency": "change_agent", "wulan": "client", "bayu": "client"}
    case = swedu.exercises.case(EXERCISE_ID)
    answer_cell = _code_cells(page).filter(has_text='swedu.widgets.exercise_form("ex1-classify")').first
    assert answer_cell.locator(".cm-content").inner_text().split() == ['answer', '=', 'swedu.widgets.exercise_form("ex1-classify")', 'answer']
    form = f"{NOTEBOOK} .swedu-answer-form"
    page.wait_for_selector(form)
    for actor, system in answer.items():
        name = str(case.actor(actor).name)
        row = page.locator(f"{form} .swedu-answer-row").filter(
            has=page.locator("strong", has_text=re.compile("^" + re.escape(name) + "$")))
        # The box's accessible name carries its row (a screen reader hears "Bayu: client system").
        box = row.get_by_role("checkbox", name=f"{name}: {swedu.systems.system_info(system).name}", exact=True)
        assert box.count() == 1
        box.check()
        assert box.is_checked()
    page.locator(f"{form} button.widget-button", has_text=swedu.i18n.t("widgets.button.check")).click()
    _assert_form_accessible(page, form, case)
    expected = swedu.exercises.check(EXERCISE_ID, answer)
    assert expected.status == "partial"
    _wait_for_check(page, expected.status, [line for line in str(expected).splitlines() if line.strip()])
    statuses = page.eval_on_selector_all(f"{CHECK} li[data-actor]",
                                         "els => Object.fromEntries(els.map(e => [e.dataset.actor, e.dataset.status]))")
    assert statuses["bayu"] == "wrong" and statuses["wulan"] == "correct"
    assert statuses == {actor: verdict.status for actor, verdict in expected.feedback.verdicts.items()}
    # The check cell's line now agrees with the form (one verdict, never a second, stale one).
    _wait_for_pointer(page, _pointer_words("see_above", expected.status, expected.score))
    # The folded check cell reads the same form: run it with Shift+Enter (no need to open its code).
    check_cell = _code_cells(page).filter(has_text="swedu.exercises.check").first
    check_cell.locator(".jp-InputPlaceholder, .jp-InputArea").first.click()
    page.keyboard.press("Escape")
    page.keyboard.press("Shift+Enter")
    _wait_for_pointer(page, _pointer_words("see_above", expected.status, expected.score))
    page.wait_for_selector(f"{NOTEBOOK} {IDLE}")
    assert nb.browser_errors() == []
    nb.screenshot("exercise-en-01-classify")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before, "the browser test changed the exercise file"
