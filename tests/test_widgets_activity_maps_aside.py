"""A click on an approach (the approach explorer) or on Draw the map again (the tie editor) never waits for
the map (issue 24): the words come at once, words say the map is coming (no earlier map stays on screen),
and the map is drawn on the widgets' helper thread and shown when done, never over a newer choice or after
Start again. Called in a cell, the same map is drawn before the call returns.

The tests keep the helper thread busy themselves (with work of their own handed over first) to catch the
click while its map is still coming: no clock is read."""
from __future__ import annotations

import threading

import pytest

import swedu
from swedu import draw
from swedu.i18n import t
from swedu.systems import QUALITIES
from swedu.widgets import ApproachExplorer
from swedu.widgets._aside import aside
from swedu.widgets.activities import TieEditor

WAIT = 120  # seconds: only a hang would take that long
EXPLORER = "approaches-delinquent-youth"


@pytest.fixture
def helper_busy():
    """The helper thread busy with work handed over before the click, until the test sets the event."""
    go_on = threading.Event()
    busy = aside(go_on.wait, WAIT)
    yield go_on
    go_on.set()
    busy.result(timeout=WAIT)


def _coming(area, language: str = "en") -> bool:
    return t("widgets.activity.map_pending", language) in area.value and "<img" not in area.value


def test_a_click_on_an_approach_shows_its_words_at_once_and_its_map_when_drawn(helper_busy):
    explorer = ApproachExplorer(EXPLORER)
    explorer._approach_buttons.value = "dualistic"
    assert explorer.scope["actors"] and t("approach.dualistic.description") in explorer.view_text
    assert _coming(explorer._image) and explorer.map_png == b"" and not explorer._map_aside.done()
    helper_busy.set()
    assert explorer._map_aside.result(timeout=WAIT) is True
    in_a_cell = ApproachExplorer(EXPLORER)
    in_a_cell.show("dualistic")  # drawn before it returns
    assert in_a_cell._map_aside is None and in_a_cell.map_png[:4] == b"\x89PNG"
    assert explorer.map_png == in_a_cell.map_png and explorer._image.value == in_a_cell._image.value


def test_a_map_drawn_aside_never_lands_on_a_newer_approach(helper_busy):
    explorer = ApproachExplorer(EXPLORER)
    explorer._approach_buttons.value = "monolistic"
    older = explorer._map_aside
    explorer._approach_buttons.value = "holistic"
    newer = explorer._map_aside
    assert _coming(explorer._image)
    helper_busy.set()
    assert older.result(timeout=WAIT) is False and newer.result(timeout=WAIT) is True
    holistic = t("widgets.activity.approach_map_alt", approach=t("approach.holistic.name"),
                 scenario=str(explorer.scenario.title))
    assert f'alt="{holistic}"' in explorer._image.value


def test_an_approach_whose_map_was_drawn_shows_it_at_once(helper_busy):
    explorer = ApproachExplorer(EXPLORER)
    first = explorer.show("monolistic")
    assert first and explorer.map_png
    monolistic = explorer.map_png
    explorer.show("holistic")
    explorer._approach_buttons.value = "monolistic"  # the helper is busy: shown without it
    assert explorer.map_png == monolistic and not _coming(explorer._image)


def _changed_editor(language: str = "en") -> TieEditor:
    swedu.set_language(language)
    editor = TieEditor("small-business")
    swedu.set_language("en")
    editor.quality.value = next(q for q in QUALITIES if q != editor.quality.value)
    return editor


def test_draw_the_map_again_says_what_changed_at_once_and_shows_the_map_when_drawn(helper_busy):
    editor = _changed_editor()
    editor.draw_button.click()
    assert editor.status_text and editor.status_text in editor._status.value.replace("&#x27;", "'")
    assert _coming(editor._map) and editor.map_png == b"" and not editor._map_aside.done()
    helper_busy.set()
    assert editor._map_aside.result(timeout=WAIT) is True
    in_a_cell = _changed_editor()
    assert in_a_cell.redraw() == editor.map_png and editor.map_png[:4] == b"\x89PNG"
    assert in_a_cell._map_aside is None and in_a_cell._map.value == editor._map.value


def test_start_again_drops_a_map_still_drawn_aside(helper_busy):
    editor = _changed_editor()
    editor.draw_button.click()
    coming = editor._map_aside
    editor.reset_button.click()
    assert editor._map.value == "" and editor._map.layout.display == "none"
    helper_busy.set()
    assert coming.result(timeout=WAIT) is False
    assert editor._map.value == "" and editor.map_png == b""


def test_a_map_drawn_aside_speaks_the_activitys_language_and_leaves_the_learners_alone(helper_busy):
    editor = _changed_editor("id")
    editor.draw_button.click()
    assert _coming(editor._map, "id")
    helper_busy.set()
    assert editor._map_aside.result(timeout=WAIT) is True
    assert 'alt="Ekomap' in editor._map.value and swedu.get_language() == "en"
    assert editor.map_png == _changed_editor("id").redraw()  # the map's own words in Indonesian too


def test_a_map_that_cannot_be_drawn_says_so_in_words(monkeypatch):
    editor = _changed_editor()

    def broken(*args, **kwargs):
        raise MemoryError("no room for the picture")

    monkeypatch.setattr(draw, "ecomap", broken)
    editor.draw_button.click()
    with pytest.raises(MemoryError):
        editor._map_aside.result(timeout=WAIT)
    assert t("widgets.activity.map_failed") in editor._map.value and editor.map_png == b""
    assert editor.status_text  # the words of the change stay
