"""A click on Check never waits behind the map (issue 24): the feedback is shown at once; a map that is not
ready is drawn on a helper thread and shown when done, never over a newer check, stage or reset, and the
map's preparation on the kernel's loop never waits for that drawing.

The tests hold the map's lock themselves (as the helper thread does while it draws) to catch the click
while its map is still coming: no clock is read."""
from __future__ import annotations

import asyncio
import threading
import weakref
from pathlib import Path

import pytest

import swedu
from swedu import draw
from swedu.draw import after_check
from swedu.i18n import t
from swedu.widgets import Classifier

FIXTURE = Path(__file__).parent / "baseline" / "fixture-village.yaml"
WAIT = 120  # seconds: only a hang would take that long


@pytest.fixture(autouse=True)
def fresh_grounds(monkeypatch):
    """No map ground kept yet, as in a fresh kernel (matplotlib itself stays loaded)."""
    monkeypatch.setattr(draw, "_GROUNDS", weakref.WeakKeyDictionary())


def _coming(c: Classifier) -> bool:
    """The map of the last check is on its way: words say so, and no earlier map is on screen."""
    return (t("widgets.classifier.map_pending", c._language) in c._image_caption.value
            and c._marks.value == "" and c._marks.layout.display == "none"
            and c._image.layout.display == "none" and c.map_png == b"")


def _shown(c: Classifier, feedback) -> bool:
    """The map of ``feedback`` (the key's for None) is on screen: ground and marks, and the caption in words."""
    return (c._map_shown == (c.stage, feedback) and c._image.layout.display == "" and c._marks.layout.display == ""
            and c._marks.value.startswith('<img src="data:image/png;base64,') and "alt=" in c._image.value
            and t("widgets.classifier.map_pending", c._language) not in c._image_caption.value)


def test_a_click_shows_the_feedback_before_the_map_is_drawn_and_the_map_when_it_is():
    c = Classifier(FIXTURE)
    c.select("household", "client")
    c.select("worker", "change_agent")
    with after_check._GROUNDS_LOCK:  # the map cannot be drawn yet
        c._check_button.click()
        assert c.feedback_text and "swedu-feedback" in c._feedback_html.value  # the verdict, at once
        assert not c._map_aside.done()
        assert _coming(c)
    assert c._map_aside.result(timeout=WAIT) is True
    assert _shown(c, c._feedback)
    at_once = Classifier(FIXTURE)  # the same picture as the map a check in a cell draws before it returns
    at_once.select("household", "client")
    at_once.select("worker", "change_agent")
    at_once.check()
    assert at_once._map_aside is None and at_once.map_png == c.map_png
    assert at_once._marks.value == c._marks.value and at_once._image.value == c._image.value


def test_a_click_draws_the_map_at_once_when_its_ground_is_ready():
    c = Classifier(FIXTURE)
    c.select("household", "client")
    c.check()  # the ground is drawn and kept
    c.select("worker", "change_agent")
    c._check_button.click()
    assert c._map_aside is None and _shown(c, c._feedback)


def test_a_map_drawn_aside_never_lands_on_a_newer_check():
    c = Classifier(FIXTURE)
    c.select("household", "client")
    with after_check._GROUNDS_LOCK:
        c._check_button.click()
        older = c._map_aside
        c.select("worker", "change_agent")
        c._check_button.click()
        newer = c._map_aside
        assert _coming(c)
    assert older.result(timeout=WAIT) is False and newer.result(timeout=WAIT) is True
    assert _shown(c, c._feedback) and c._feedback.verdicts["worker"].status == "correct"


@pytest.mark.parametrize("then", ["next_stage", "reset", "check(draw=False)"])
def test_a_map_drawn_aside_never_lands_on_a_newer_stage_or_a_reset(then):
    c = Classifier(FIXTURE, stage="first")
    c.select("household", "client")
    with after_check._GROUNDS_LOCK:
        c._check_button.click()
        coming = c._map_aside
        if then == "next_stage":
            c.next_stage()
        elif then == "reset":
            c.reset()
        else:
            c.check(draw=False)
        assert c._image_caption.value == ""  # no "map coming" that never comes
    assert coming.result(timeout=WAIT) is False
    assert c._marks.value == c._image.value == "" and c.map_png == b""
    assert c._image.layout.display == c._marks.layout.display == "none"


def test_a_click_on_reveal_after_a_check_shows_the_keys_map_not_the_checks():
    c = Classifier(FIXTURE, show_reveal_button=True)
    c.select("household", "client")
    with after_check._GROUNDS_LOCK:
        c._check_button.click()
        c._reveal_button.click()
        assert c.key_text and _coming(c)
    assert c._map_aside.result(timeout=WAIT) is True
    assert _shown(c, None) and "answer key" in c._image.value


def test_a_map_drawn_aside_speaks_the_classifiers_language_and_leaves_the_learners_alone():
    swedu.set_language("id")
    c = Classifier(FIXTURE)
    swedu.set_language("en")
    c.select("household", "client")
    with after_check._GROUNDS_LOCK:
        c._check_button.click()
        assert "Peta sistem sedang digambar" in c._image_caption.value
    assert c._map_aside.result(timeout=WAIT) is True
    assert 'alt="Peta sistem' in c._image.value and "Peta sistem" in c._image_caption.value
    assert {key[1] for key in draw._GROUNDS[c.scenario]} == {"id"}
    assert swedu.get_language() == "en"


def test_a_map_that_cannot_be_drawn_says_so_in_words(monkeypatch):
    c = Classifier(FIXTURE)
    c.select("household", "client")

    def broken(*args, **kwargs):
        if kwargs.get("wait", True):  # drawn aside
            raise MemoryError("no room for the picture")
        return None

    monkeypatch.setattr(draw, "system_map_layers", broken)
    c._check_button.click()
    with pytest.raises(MemoryError):
        c._map_aside.result(timeout=WAIT)
    assert c.feedback_text and t("widgets.classifier.map_failed") in c._image_caption.value
    assert c._marks.value == "" and c.map_png == b""


def test_the_preparation_never_waits_for_a_map_drawn_aside():
    """While another thread holds the maps' lock (drawing a map a click sent aside), each step of a shown
    classifier's preparation returns at once, saying when to look again, and the preparation ends once the
    lock is free: the kernel's loop answers meanwhile. A step that waited would hold the loop until the
    helper below gives up."""
    held, free = threading.Event(), threading.Event()
    outcome = {}

    def drawing_aside():
        with after_check._GROUNDS_LOCK:
            held.set()
            outcome["released_by_the_loop"] = free.wait(WAIT)

    async def kernel():
        c = Classifier(FIXTURE)
        c._repr_mimebundle_()
        work = c._map_preparation
        turns = 0
        while not work.done and turns < 5:  # a few steps first: the import, the ground kept
            await asyncio.sleep(0)
            turns += 1
        helper = threading.Thread(target=drawing_aside)
        helper.start()
        held.wait(WAIT)
        for _turn in range(20):  # the loop keeps turning; every step gives way
            await asyncio.sleep(after_check.BUSY_WAIT / 4)
        free.set()
        helper.join(WAIT)
        while not work.done:
            await asyncio.sleep(0)
        return c, work

    outcome_thread = {}

    def run():
        outcome_thread["value"] = asyncio.run(kernel())

    runner = threading.Thread(target=run)  # a loop of its own (Playwright may keep one in the main thread)
    runner.start()
    runner.join()
    c, work = outcome_thread["value"]
    assert outcome["released_by_the_loop"] is True
    assert work.error is None
    (ground,) = draw._GROUNDS[c.scenario].values()
    assert ground.drawn and len(ground.sprites) >= 10 * len(c.scenario.actors)


def test_a_step_of_the_preparation_gives_way_to_a_map_drawn_aside():
    scenario = swedu.load_scenario("delinquent-youth")
    for _step in draw.prepare_system_map(scenario, "intake", dpi=40):
        pass
    (alone,) = draw._GROUNDS.pop(scenario).values()
    steps = draw.prepare_system_map(scenario, "intake", dpi=40)
    with after_check._GROUNDS_LOCK:  # held (here by this thread): a step that waited would never return
        assert [next(steps) for _ in range(3)] == [after_check.BUSY_WAIT] * 3
    assert after_check.BUSY_WAIT not in set(steps)  # then the steps as without the wait, to the end
    (ground,) = draw._GROUNDS[scenario].values()
    assert ground is not alone and ground.drawn and ground.ground_png == alone.ground_png
    assert ground.sprites.keys() == alone.sprites.keys()


def test_a_step_of_the_preparation_lets_a_map_someone_asked_for_go_first(monkeypatch):
    """A lock is not fair: the loop's next step could take it again before a thread waiting for it (to draw a
    click's map aside) wakes up. While such a thread waits, the steps give way even when the lock is free."""
    scenario = swedu.load_scenario("delinquent-youth")
    steps = draw.prepare_system_map(scenario, "intake", dpi=40)
    monkeypatch.setattr(after_check, "_ASKED", [1])  # one thread waits for the lock
    assert [next(steps) for _ in range(3)] == [after_check.BUSY_WAIT] * 3 and not after_check._GROUNDS_LOCK.locked()
    assert scenario not in draw._GROUNDS  # nothing drawn ahead meanwhile
    after_check._ASKED[0] = 0
    assert next(steps) is None and scenario in draw._GROUNDS  # its turn now
