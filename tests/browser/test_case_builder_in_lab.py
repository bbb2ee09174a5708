"""The case builder in a real browser: a student builds a three-actor case by mouse, then by keyboard only,
saves it, opens it in the classifier and checks it; the axe audit of the builder finds nothing serious.

The case is saved in a folder of the test server (``SWEDU_DATA_DIR``), never in the repository.
"""
from __future__ import annotations

import shutil

import pytest
from labdriver import (
    IDLE, NOTEBOOK, SCREENSHOTS, WIDGET_CONSOLE_ERROR, PlaywrightTimeout, axe_audit, serious_violations,
    undecided_contrast_failures,
)

import swedu
from swedu.scenarios import load_scenario

t = swedu.i18n.t
BUILDER = f"{NOTEBOOK} .swedu-case-builder"
CLASSIFIER = f"{BUILDER} .swedu-classifier"
FIXTURE = "tests/browser/notebooks/case-builder-en.ipynb"
MAX_KEY_PRESSES = 200

CASE = {"title": "Mas Andi after the accident", "topic": "Injury at work",
        "summary": "An ojek driver hurt in an accident asks for help."}
ACTORS = [("Mrs Lestari", "person", "worker"), ("Mas Andi", "person", None), ("The company", "organisation", None)]
ROLES = [("Mrs Lestari", "change_agent", "employs_worker"), ("Mas Andi", "client", "asked_or_agreed"),
         ("The company", "target", "must_change")]
CASE_ID = "mas-andi-after-the-accident"


def _folder(lab_server):
    return lab_server.log_path.parent / "swedu-data" / "builder-test"


def _open(notebook, lab_server):
    shutil.rmtree(_folder(lab_server), ignore_errors=True)  # no draft from another test
    swedu.set_language("en")
    nb = notebook(FIXTURE)
    summary = nb.run_fresh()
    assert nb.problems(summary) == []
    nb.page.wait_for_selector(BUILDER)
    return nb


def _field(page, label: str):
    return page.locator(BUILDER).get_by_label(label, exact=True)


def _button(page, key: str):
    return page.locator(f"{BUILDER} button.widget-button", has_text=t(f"builder.button.{key}")).first


def _wait_text(page, selector: str, text: str, timeout: float = 30_000) -> None:
    try:
        page.wait_for_function(
            "([sel, text]) => Array.from(document.querySelectorAll(sel)).some(n => n.innerText.includes(text))",
            arg=[selector, text], timeout=timeout)
    except PlaywrightTimeout:
        # Say what the builder showed instead (its status line names a refused step) and keep a picture.
        shown = page.evaluate("(sel) => Array.from(document.querySelectorAll(sel)).map(n => n.innerText)", selector)
        status = page.evaluate(f"() => Array.from(document.querySelectorAll('{BUILDER} .swedu-builder-status'))"
                               ".map(n => n.innerText)")
        focus = _focused(page)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "case-builder-timeout.png"), full_page=True)
        raise AssertionError(f"{text!r} never appeared in {selector}: it shows {shown!r}; the builder's status: "
                             f"{status!r}; focus: {focus!r} (screenshot case-builder-timeout.png)") from None


def _status(page) -> str:
    return page.locator(f"{BUILDER} .swedu-builder-status").inner_text()


def _group(page, label: str):
    """The row of choice buttons labelled ``label``."""
    groups = page.locator(f"{BUILDER} .widget-toggle-buttons").filter(
        has=page.locator(".widget-label", has_text=label))
    for i in range(groups.count()):
        if groups.nth(i).locator(".widget-label").first.inner_text().strip() == label:
            return groups.nth(i)
    raise AssertionError(f"no choice labelled {label!r}")


def _select(page, label: str, option_label: str) -> None:
    button = _group(page, label).locator("button", has_text=option_label).first
    button.click()
    page.wait_for_function("(el) => el.classList.contains('mod-active')", arg=button.element_handle())


# ----- the mouse --------------------------------------------------------------------------------------

def _build_by_mouse(page) -> None:
    for key, value in CASE.items():
        _field(page, t(f"builder.field.{key}")).fill(value)
    for name, kind, trait in ACTORS:
        _field(page, t("builder.field.name")).fill(name)
        _select(page, t("builder.field.kind"), t(f"actor_kind.{kind}"))
        if trait:
            page.locator(BUILDER).get_by_label(t(f"trait.{trait}"), exact=True).check()
        _button(page, "add_actor").click()
        _wait_text(page, f"{BUILDER} .swedu-builder-actors", f"{name} ({t(f'actor_kind.{kind}')})")
    _select(page, t("builder.field.first"), "Mas Andi")
    _select(page, t("builder.field.second"), "The company")
    _select(page, t("builder.field.quality"), t("quality.stressful"))
    _button(page, "add_relation").click()
    _wait_text(page, f"{BUILDER} .swedu-builder-relations", "Mas Andi — The company: stressful")
    _field(page, t("builder.field.stage_title")).fill("Intake")
    _field(page, t("builder.field.narrative")).fill("Mas Andi asks Mrs Lestari for help: the company will not pay.")
    _button(page, "add_stage").click()
    _wait_text(page, f"{BUILDER} .swedu-builder-stages", "Intake")
    for name, system, reason in ROLES:
        _select(page, t("builder.field.role_actor"), name)
        _select(page, t("builder.field.system"), f"{swedu.systems.system_info(system).badge} · "
                                                 f"{swedu.systems.system_info(system).name}")
        _select(page, t("builder.field.reason"), t(f"reason.{reason}"))
        _field(page, t("builder.field.rationale")).fill("The story says so.")
        _button(page, "set_role").click()
        _wait_text(page, f"{BUILDER} .swedu-builder-roles", f"{name}: {swedu.systems.system_info(system).name}")


# ----- the keyboard only ------------------------------------------------------------------------------

def _focused(page) -> dict:
    return page.evaluate(
        "() => { const a = document.activeElement;"
        " const group = a.closest('.widget-toggle-buttons');"
        " const row = a.closest('.swedu-choices, .widget-toggle-buttons');"
        " const label = a.labels && a.labels.length ? a.labels[0].innerText.trim()"
        " : (group ? group.querySelector('.widget-label').innerText.trim() : '');"
        " return {tag: a.tagName, type: a.type || '', label: label, text: (a.innerText || '').trim(),"
        " choice: !!group, group: row ? Array.from(document.querySelectorAll('.swedu-choices, .widget-toggle-buttons'))"
        ".indexOf(row) : -1,"
        " inBuilder: !!a.closest('.swedu-case-builder')}; }")


def _tab_to(page, wanted, backwards: bool = False) -> dict:
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(MAX_KEY_PRESSES):
        page.keyboard.press(key)
        focused = _focused(page)
        if focused["inBuilder"] and wanted(focused):
            return focused
    raise AssertionError(f"{key} never reached the wanted control; last focus: {_focused(page)}")


def _labelled(label: str):
    return lambda f: f["label"] == label and f["tag"] in ("INPUT", "TEXTAREA") and not f["choice"]


def _button_named(words: str):
    return lambda f: f["tag"] == "BUTTON" and f["text"] == words and not f["choice"]


def _key_type(page, label: str, text: str, backwards: bool = False) -> None:
    _tab_to(page, _labelled(label), backwards)
    page.keyboard.type(text)


def _key_choose(page, label: str, option_label: str, backwards: bool = False) -> None:
    """Tab to the choice button ``option_label`` of the row ``label`` and press Space."""
    # The choices may change after the previous answer (the reasons follow the system): wait for them.
    page.wait_for_function(
        "([sel, label, option]) => Array.from(document.querySelectorAll(sel + ' .widget-toggle-buttons')).some(g =>"
        " g.querySelector('.widget-label').innerText.trim() === label"
        " && Array.from(g.querySelectorAll('button')).some(b => b.innerText.trim() === option))",
        arg=[BUILDER, label, option_label], timeout=20_000)
    # A row of choices is one Tab stop; the arrow keys move between its choices (never out of the row).
    _tab_to(page, lambda f: f["choice"] and f["label"] == label, backwards)
    _arrow_to(page, lambda f: f["choice"] and f["label"] == label and f["text"] == option_label)
    page.keyboard.press("Space")
    page.wait_for_function("() => document.activeElement.classList.contains('mod-active')", timeout=10_000)


def _arrow_to(page, wanted) -> dict:
    """Press the right arrow until the focused choice satisfies ``wanted`` (at most once round the row)."""
    start = _focused(page)
    for _ in range(MAX_KEY_PRESSES):
        if wanted(_focused(page)):
            return _focused(page)
        page.keyboard.press("ArrowRight")
        focused = _focused(page)
        assert focused["group"] == start["group"], f"an arrow key left the row of choices: {start} -> {focused}"
        if focused == start:
            break
    raise AssertionError(f"the arrow keys never reached the wanted choice; last focus: {_focused(page)}")


def _key_press(page, words: str, backwards: bool = False) -> None:
    _tab_to(page, _button_named(words), backwards)
    page.keyboard.press("Enter")


def _build_by_keyboard(page) -> None:
    page.locator(f"{NOTEBOOK} .jp-Notebook").focus()
    _key_type(page, t("builder.field.title"), CASE["title"])
    _key_type(page, t("builder.field.topic"), CASE["topic"])
    _key_type(page, t("builder.field.summary"), CASE["summary"])
    for name, kind, trait in ACTORS:
        _key_type(page, t("builder.field.name"), name, backwards=True)
        _key_choose(page, t("builder.field.kind"), t(f"actor_kind.{kind}"))
        if trait:
            words = t(f"trait.{trait}")
            traits = [t(f"trait.{other}") for other in swedu.systems.TRAITS]
            _tab_to(page, lambda f: f["type"] == "checkbox" and f["label"] in traits)  # the row of facts
            _arrow_to(page, lambda f, words=words: f["type"] == "checkbox" and f["label"] == words)
            page.keyboard.press("Space")
        _key_press(page, t("builder.button.add_actor"))
        _wait_text(page, f"{BUILDER} .swedu-builder-actors", f"{name} ({t(f'actor_kind.{kind}')})")
    _key_choose(page, t("builder.field.first"), "Mas Andi")
    _key_choose(page, t("builder.field.second"), "The company")
    _key_choose(page, t("builder.field.quality"), t("quality.stressful"))
    _key_press(page, t("builder.button.add_relation"))
    _wait_text(page, f"{BUILDER} .swedu-builder-relations", "Mas Andi — The company: stressful")
    _key_type(page, t("builder.field.stage_title"), "Intake")
    _key_type(page, t("builder.field.narrative"), "Mas Andi asks Mrs Lestari for help.")
    _key_press(page, t("builder.button.add_stage"))
    _wait_text(page, f"{BUILDER} .swedu-builder-stages", "Intake")
    for i, (name, system, reason) in enumerate(ROLES):
        info = swedu.systems.system_info(system)
        _key_choose(page, t("builder.field.role_actor"), name, backwards=i > 0)
        _key_choose(page, t("builder.field.system"), f"{info.badge} · {info.name}")
        _key_choose(page, t("builder.field.reason"), t(f"reason.{reason}"))
        _key_type(page, t("builder.field.rationale"), "The story says so.")
        _key_press(page, t("builder.button.set_role"))
        _wait_text(page, f"{BUILDER} .swedu-builder-roles", f"{name}: {info.name}")


# ----- save, open in the classifier, check ------------------------------------------------------------

def _save_open_and_check(page, lab_server, by_keyboard: bool) -> None:
    _wait_text(page, f"{BUILDER} .swedu-builder-status", t("builder.status.valid"))
    if by_keyboard:
        _key_press(page, t("builder.button.save"))
    else:
        _button(page, "save").click()
    _wait_text(page, f"{BUILDER} .swedu-builder-status", f"Saved as builder-test/{CASE_ID}.yaml")
    path = _folder(lab_server) / f"{CASE_ID}.yaml"
    scenario = load_scenario(str(path))
    assert [a.id for a in scenario.actors] == ["mrs_lestari", "mas_andi", "the_company"]
    assert "languages:\n- en" in path.read_text(encoding="utf-8")
    if by_keyboard:
        _key_press(page, t("builder.button.open"))
    else:
        _button(page, "open").click()
    page.wait_for_selector(CLASSIFIER, timeout=60_000)
    # Classify the own case in the classifier: every actor right.
    for name, system, _reason in ROLES:
        words = f"{swedu.systems.system_info(system).badge} · {swedu.systems.system_info(system).short}"
        toggles = page.locator(f"{CLASSIFIER} button.widget-toggle-button")
        toggle = next(b for b in toggles.all()
                      if (b.get_attribute("title") or "").startswith(name + ": ") and b.inner_text().strip() == words)
        toggle.click()
        page.wait_for_function("(el) => el.classList.contains('mod-active')", arg=toggle.element_handle())
    page.locator(f"{CLASSIFIER} button.widget-button", has_text=t("widgets.button.check")).click()
    page.wait_for_selector(f"{CLASSIFIER} .swedu-feedback li[data-actor]", timeout=60_000)
    statuses = page.eval_on_selector_all(f"{CLASSIFIER} .swedu-feedback li[data-actor]",
                                         "els => Object.fromEntries(els.map(e => [e.dataset.actor, e.dataset.status]))")
    assert statuses == {"mrs_lestari": "correct", "mas_andi": "correct", "the_company": "correct"}


def test_a_student_builds_saves_and_classifies_a_case_by_mouse(notebook, lab_server):
    nb = _open(notebook, lab_server)
    page = nb.page
    _build_by_mouse(page)
    # the maps appear once the case is complete
    page.wait_for_function(
        "(sel) => Array.from(document.querySelectorAll(sel + ' .swedu-builder-maps img'))"
        ".filter(i => i.complete && i.naturalWidth > 0 && i.alt).length === 2", arg=BUILDER, timeout=60_000)
    _save_open_and_check(page, lab_server, by_keyboard=False)
    nb.screenshot("case-builder-mouse")
    errors = [m for m in page.console_errors if WIDGET_CONSOLE_ERROR.search(m)] + page.page_errors
    assert not errors, errors[:3]


def test_a_student_builds_saves_and_classifies_a_case_by_keyboard_only(notebook, lab_server):
    nb = _open(notebook, lab_server)
    page = nb.page
    _build_by_keyboard(page)
    _save_open_and_check(page, lab_server, by_keyboard=True)
    nb.screenshot("case-builder-keyboard")


def test_the_case_builder_is_accessible(notebook, lab_server):
    nb = _open(notebook, lab_server)
    page = nb.page
    _build_by_mouse(page)
    _field(page, t("builder.field.title")).fill("")  # a message beside the case's fields
    _wait_text(page, f"{BUILDER} .swedu-builder-case", t("builder.problem.title_empty"))
    page.wait_for_selector(f"{NOTEBOOK} {IDLE}")
    result = axe_audit(page)
    problems = serious_violations(result) + undecided_contrast_failures(page, result)
    assert not problems, "serious or critical accessibility violations:\n" + "\n".join(problems)
    checked = {rule["id"] for rule in result["passes"]}
    assert {"button-name", "color-contrast", "label"} <= checked, checked
    nb.screenshot("case-builder-audit")


@pytest.mark.parametrize("lesson", ["notebooks/en/09-model-your-own-case.ipynb"])
def test_hidden_code_stays_hidden_after_run_all(lesson, notebook):
    nb = notebook(lesson)
    summary = nb.run_fresh()
    assert nb.problems(summary) == []
    page = nb.page
    page.wait_for_selector(BUILDER)
    cells = page.eval_on_selector_all(
        f"{NOTEBOOK} .jp-CodeCell",
        "cells => cells.map(c => { const p = c.querySelector('.jp-InputPlaceholder');"
        " const e = c.querySelector('.jp-InputArea .jp-Editor');"
        " return {placeholder: !!p && p.offsetHeight > 0, editor: !!e && e.offsetHeight > 0}; })")
    # Every code cell of the lesson is folded to its "…" (none is typed into), after Run All too.
    assert cells and all(c["placeholder"] and not c["editor"] for c in cells), cells
    nb.screenshot("lesson-09-hidden-code")
