"""The answer key stays with the lecturer: in students' mode no widget message reaches it.

The attacker here does what a student's browser can do in a live presentation: send a "click" (or any
custom message) over the widget channel to every widget model the kernel knows, then read every
widget's state. Nothing of the key may come back.
"""
from __future__ import annotations

import json

import pytest

pytest.importorskip("ipywidgets")

import swedu  # noqa: E402
from swedu.widgets import Classifier  # noqa: E402


def _instances() -> dict:
    from ipywidgets.widgets.widget import _instances

    return _instances


def _send_click_to_every_widget(older=frozenset()) -> None:
    message = {"content": {"data": {"method": "custom", "content": {"event": "click"}}}, "buffers": []}
    for model_id, widget in list(_instances().items()):
        if model_id not in older:
            widget._handle_msg(message)


def _every_state(older=frozenset()) -> str:
    """Every widget's state, except widgets made before (by other tests in this process: a live
    presentation's kernel holds only the widgets of its own page)."""
    return "\n".join(json.dumps(widget.get_state(), default=str, ensure_ascii=False)
                     for model_id, widget in list(_instances().items()) if model_id not in older)


def _key_lines(case, stage: str) -> list[str]:
    """The rationales of the key (actor names are on the screen anyway)."""
    return [line.split(": ", 1)[1] for line in case.key_text(stage).splitlines()[1:] if line.startswith("  ")]


@pytest.mark.parametrize("stage", ["intake", "reassessment"])
def test_no_widget_message_reveals_the_key_in_students_mode(stage, monkeypatch):
    monkeypatch.delenv("SWEDU_PRESENTER", raising=False)
    case = swedu.load_scenario("delinquent-youth")
    older = frozenset(_instances())
    classifier = Classifier("delinquent-youth", stage=stage, show_map=False)
    _send_click_to_every_widget(older)
    state = _every_state(older)
    assert classifier.key_text == ""
    lines = _key_lines(case, stage)
    assert lines and not [line for line in lines if line in state]
    assert "Answer key" not in state
    assert classifier._reveal_button is None


def test_the_lecturers_presentation_still_reveals_over_the_widget_channel(monkeypatch):
    monkeypatch.setenv("SWEDU_PRESENTER", "1")
    case = swedu.load_scenario("delinquent-youth")
    classifier = Classifier("delinquent-youth", show_map=False)
    message = {"content": {"data": {"method": "custom", "content": {"event": "click"}}}, "buffers": []}
    classifier._reveal_button._handle_msg(message)
    assert _key_lines(case, "intake")[0] in _every_state()
