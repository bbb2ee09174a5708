"""The classifier driven as a learner drives it: toggles, buttons, feedback text, hints, stages, reveal."""
from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

import swedu
from swedu.widgets import Classifier

SEED = Path(swedu.__file__).parent / "scenarios" / "data" / "delinquent-youth.yaml"
FIXTURE = Path(__file__).parent / "baseline" / "fixture-village.yaml"

INTAKE_KEY = {"worker": "change_agent", "agency": "change_agent", "parents": "client", "teen": "target",
              "counsellor": "action", "rt_head": "action", "youth_group": "action", "gang": "none"}


@pytest.fixture
def youth():
    return Classifier("delinquent-youth", show_map=False)


def _walk(widget):
    stack = [widget]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(getattr(current, "children", ()))


def _html_values(widget):
    """Every value the browser renders as HTML (HTML widgets); labels and tooltips are plain text."""
    import ipywidgets

    return [w.value for w in _walk(widget) if isinstance(w, ipywidgets.HTML)]


def test_repr_is_stable_and_used_for_display(youth):
    assert repr(youth) == "<Classifier delinquent-youth, stage intake>"
    data, _ = youth._repr_mimebundle_()
    assert data["text/plain"] == "Activity: run this cell to open it."  # shown before the cell runs
    assert "application/vnd.jupyter.widget-view+json" in data
    assert not re.search(r"0x[0-9a-f]+", data["text/plain"])


def test_toggles_carry_words_badges_and_tooltips(youth):
    toggle = youth._toggles["parents"]["client"]
    assert toggle.description == "CL · client"
    assert toggle.tooltip.startswith("Mr and Mrs Hartono: client system: Who asked for")
    assert youth._toggles["parents"]["none"].description == "none"
    toggle.value = True
    assert toggle.icon == "check"
    assert youth.answer == {"parents": ["client"]}
    # A screen reader hears the choice too: the tooltip (title) says "chosen".
    assert toggle.tooltip.startswith("Mr and Mrs Hartono: ✔ chosen: client system: Who asked for")
    toggle.value = False
    assert "chosen" not in toggle.tooltip
    youth.select("gang", "none")
    assert "✔ chosen" in youth._toggles["gang"]["none"].tooltip


def test_pressing_toggles_and_check_gives_the_feedback_text(youth):
    youth._toggles["parents"]["client"].value = True
    youth._toggles["teen"]["client"].value = True
    youth._check_button.click()
    expected = swedu.load_scenario("delinquent-youth").assess({"parents": "client", "teen": "client"})
    assert youth.feedback_text == expected.text
    assert "✖ Dimas: Not yet right" in youth.feedback_text
    assert 'data-status="wrong"' in youth._feedback_html.value


def test_select_by_name_list_and_reasons(youth):
    youth.select("Dimas", "target")
    youth.select("PARENTS", ["client"])
    youth.select("gang", "tidak ada")
    youth.select("worker", {"change agent": "employs_worker"})
    assert youth.answer == {"worker": {"change_agent": "employs_worker"}, "parents": ["client"],
                            "teen": ["target"], "gang": "none"}
    assert youth._toggles["gang"]["none"].value is True
    youth.select("teen", None)
    assert "teen" not in youth.answer
    assert youth._toggles["teen"]["target"].value is False


def test_none_and_systems_exclude_each_other(youth):
    youth._toggles["gang"]["target"].value = True
    youth._toggles["gang"]["none"].value = True
    assert youth.answer["gang"] == "none"
    assert youth._toggles["gang"]["target"].value is False
    youth._toggles["gang"]["action"].value = True
    assert youth.answer["gang"] == ["action"]
    assert youth._toggles["gang"]["none"].value is False


def test_a_wrong_actor_or_system_is_explained(youth):
    with pytest.raises(swedu.AnswerError, match="Did you mean 'teen'"):
        youth.select("tene", "client")
    with pytest.raises(swedu.AnswerError, match="not one of the four systems"):
        youth.select("teen", "doctor")


def test_the_whole_key_scores_full_marks(youth):
    for actor, systems in INTAKE_KEY.items():
        youth.select(actor, systems)
    feedback = youth.check()
    assert feedback.correct and feedback.score == 1.0
    assert "Every actor is classified correctly" in youth.feedback_text


def test_reasons_are_asked_only_where_the_stage_asks(tmp_path):
    c = Classifier(FIXTURE, stage="second", show_map=False)
    c._toggles["household"]["client"].value = True
    dropdown = c._reasons["household"]["client"]
    assert dropdown.layout.display == ""
    assert c._reasons["household"]["target"].layout.display == "none"
    dropdown.value = "asked_or_agreed"
    assert c.answer == {"household": {"client": "asked_or_agreed"}}
    feedback = c.check()
    assert feedback.verdicts["household"].reasons == {"client": True}
    first = Classifier(FIXTURE, stage="first", show_map=False)
    first._toggles["household"]["client"].value = True
    assert first._reasons["household"]["client"].layout.display == "none"


def test_hint_is_targeted_and_one_at_a_time(youth):
    youth.select("parents", "client")
    youth.select("teen", "client")
    first = youth.hint()
    assert first.startswith("Look again at Dimas.")
    assert "The client is the person with the problem" in first
    second = youth.hint()
    assert second != first and "Dimas" in second
    assert youth.hint_text == second
    # Hints never name a system the learner has not tried for that actor.
    for _ in range(4):
        assert "target system" not in youth.hint()
    assert "💡" in youth._hint_html.value


def test_hint_points_at_an_unanswered_actor_when_nothing_is_wrong(youth):
    youth.select("worker", "change_agent")
    assert youth.hint().startswith("Bina Keluarga family service has no answer yet")
    for actor, systems in INTAKE_KEY.items():
        youth.select(actor, systems)
    assert youth.hint() == "Everything is right in this stage. No hint needed!"


def test_next_stage_only_after_check(youth):
    assert youth._next_button.disabled
    with pytest.raises(swedu.AnswerError, match="Check"):
        youth.next_stage()
    youth.select("parents", "client")
    youth._check_button.click()
    assert not youth._next_button.disabled
    youth._next_button.click()
    assert youth.stage.id == "reassessment"
    assert repr(youth) == "<Classifier delinquent-youth, stage reassessment>"
    assert youth.answer == {} and youth.feedback_text == ""
    assert "home visit" in youth._narrative.value
    assert youth._next_button.disabled
    youth.check()
    assert youth._next_button.disabled  # the last stage
    with pytest.raises(swedu.AnswerError, match="no further stage"):
        youth.next_stage()


def test_keeping_the_old_roles_names_the_misconception(youth):
    youth.select("parents", "client")
    youth.check()
    youth.next_stage()
    youth.select("parents", "client")
    feedback = youth.check()
    assert "roles_fixed" in feedback.verdicts["parents"].misconceptions


def test_reset_clears_everything(youth):
    youth.select("teen", "client")
    youth.check()
    youth.hint()
    youth._reset_button.click()
    assert youth.answer == {} and youth.feedback_text == "" and youth.hint_text == ""
    assert youth._feedback_html.value == "" and youth._toggles["teen"]["client"].value is False
    assert youth._next_button.disabled


def test_reveal_button_only_when_asked():
    hidden = Classifier("delinquent-youth", show_map=False)
    assert hidden._reveal_button not in hidden.widget.children[5].children
    shown = Classifier("delinquent-youth", show_map=False, show_reveal_button=True)
    assert shown._reveal_button in shown.widget.children[5].children
    shown._reveal_button.click()
    assert shown.key_text == swedu.load_scenario("delinquent-youth").key_text("intake")
    assert "Answer key (for the lecturer)" in shown._key_html.value


def test_reveal_true_shows_the_key_at_once():
    c = Classifier("delinquent-youth", stage="reassessment", reveal=True, show_map=False)
    assert c.key_text.startswith("Answer key: Dimas and his parents (Reassessment")
    assert "employs" in c._key_html.value


def test_map_after_check_is_a_png_in_an_image_widget():
    c = Classifier("delinquent-youth")
    assert c._image.layout.display == "none"
    c.select("teen", "client")
    c.check()
    assert c.map_png[:4] == b"\x89PNG"
    assert c._image.layout.display == ""
    assert "with your answer marked" in c._image_caption.value
    # An <img> with a real text alternative (ipywidgets' Image has no alt attribute).
    assert c._image.value.startswith('<img src="data:image/png;base64,')
    assert 'alt="System map of Dimas and his parents, stage Intake: the parents ask for help, with your answer' \
        in c._image.value
    c.reset()
    assert c._image.value == "" and c._image.layout.display == "none" and c.map_png == b""
    no_map = Classifier("delinquent-youth", show_map=False)
    no_map.check()
    assert no_map._image.value == "" and no_map.map_png == b""


def test_language_is_taken_at_construction():
    swedu.set_language("id")
    c = Classifier("delinquent-youth", show_map=False)
    swedu.set_language("en")
    assert c._toggles["parents"]["client"].description == "KL · klien"
    assert c._check_button.description == "Periksa"
    c.select("teen", "sistem klien")
    c.check()
    assert "Dimas: Belum tepat" in c.feedback_text
    assert swedu.get_language() == "en"  # the learner's choice is restored
    assert "Lihat" in c.hint() or "Perhatikan" in c.hint()


def test_scenario_text_is_escaped(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    text = text.replace("en: Dimas and his parents", "en: Dimas <b>and</b> his parents")
    text = text.replace("Mr and Mrs Hartono come to the", "<script>alert('x')</script> Mr and Mrs Hartono come to the")
    text = text.replace("name: {en: Dimas, id: Dimas}", "name: {en: \"Dimas <img src=x onerror=alert(1)>\", id: Dimas}")
    path = tmp_path / "delinquent-youth.yaml"
    path.write_text(text, encoding="utf-8")
    c = Classifier(str(path), show_map=False, reveal=True)
    c.select("teen", "client")
    c.check()
    c.hint()
    shown = "\n".join(_html_values(c.widget))
    # (the activity's own accessibility script is an <img onerror> of its CSS widget, not scenario text)
    assert "<script>" not in shown and "<img src=x" not in shown and "<b>and</b>" not in shown
    # Descriptions (toggles, dropdowns) are rendered as text, never as HTML.
    assert not any(getattr(w, "description_allow_html", False) for w in _walk(c.widget))
    assert html.escape("<script>alert('x')</script>") in c._narrative.value
    assert "&lt;img src=x onerror=alert(1)&gt;" in c._feedback_html.value
    assert "Dimas <img src=x onerror=alert(1)>" in c.feedback_text  # the plain text keeps the words


def test_each_check_is_recorded_in_progress(youth):
    from swedu import progress

    youth.select("teen", "client")
    youth.check()
    rows = progress.attempts()
    assert [(r["kind"], r["item"], r["stage"]) for r in rows] == [("scenario", "delinquent-youth", "intake")]
    assert rows[0]["verdicts"]["teen"] == "wrong"


def test_a_broken_progress_store_never_breaks_check(youth, monkeypatch):
    from swedu import progress

    tried = []

    def broken(attempt):  # the store under progress.record, the one recorder: it never passes this on
        tried.append(attempt)
        raise RuntimeError("disk full")

    monkeypatch.setattr(progress.store, "write", broken)
    youth.select("teen", "target")
    assert youth.check().verdicts["teen"].status == "correct"
    assert len(tried) == 1  # the check did reach the broken store


def test_hint_asks_for_a_fitting_reason_where_the_stage_asks():
    c = Classifier(FIXTURE, stage="second", show_map=False)
    for actor, systems in {"worker": {"change_agent": "employs_worker"}, "agency": {"change_agent": "employs_worker"},
                           "household": {"client": "must_change"}}.items():
        c.select(actor, systems)
    hint = c.hint()
    assert hint.startswith("Your reason for The Wijaya household does not fit yet. Ask again: Who asked for")
    c.select("household", {"client": "asked_or_agreed"})
    assert c.hint().startswith("Grandmother Wijaya has no answer yet")


def test_display_sends_the_widget_with_the_stable_text(youth, monkeypatch):
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda *args, **kwargs: shown.append((args, kwargs)))
    youth._ipython_display_()
    (data,), options = shown[0]
    assert options["raw"] is True
    assert data["text/plain"] == "Activity: run this cell to open it."
    assert data["application/vnd.jupyter.widget-view+json"]["model_id"] == youth.widget.model_id


def _in_own_thread(function):
    """``function()`` in a thread of its own, where no event loop runs yet (the browser tests' Playwright
    keeps one running in pytest's main thread for the whole session); its result, or its exception."""
    import threading

    outcome = {}

    def target():
        try:
            outcome["value"] = function()
        except BaseException as error:  # noqa: BLE001 - handed back to the test's thread
            outcome["error"] = error

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def _shown_and_idle(make, then=None):
    """Build and show a classifier inside a running event loop (as a kernel does), let the loop run
    until the map's preparation is done, then call ``then(classifier)`` on the loop; returns both."""
    import asyncio

    async def run():
        c = make()
        c._repr_mimebundle_()
        work = c._map_preparation
        assert work is not None
        while not work.done:
            await asyncio.sleep(0)
        assert work.error is None
        result = then(c) if then else None
        if result is not None:
            while not c._map_preparation.done:
                await asyncio.sleep(0)
        return c, result

    return _in_own_thread(lambda: asyncio.run(run()))


def test_a_shown_classifier_draws_its_map_while_the_learner_reads(monkeypatch):
    """Shown in a kernel, the classifier draws the map's ground (and the usual marks) between messages,
    so the first Check draws no ground and, for one badge per actor, no new mark."""
    import weakref

    from swedu import draw

    monkeypatch.setattr(draw, "_GROUNDS", weakref.WeakKeyDictionary())
    c, _ = _shown_and_idle(lambda: Classifier(FIXTURE))
    (ground,) = draw._GROUNDS[c.scenario].values()
    prepared = len(ground.sprites)
    assert prepared >= 10 * len(c.scenario.actors)  # per actor: "–", 4 badges, 5 verdicts

    def no_new_ground(*args, **kwargs):
        raise AssertionError("the first check drew the ground again")

    monkeypatch.setattr(draw, "_MapGround", no_new_ground)
    c.select("household", "client")
    c.select("worker", "change_agent")
    c.check()
    assert c.map_png[:4] == b"\x89PNG"
    assert len(ground.sprites) == prepared  # every mark of this first check was drawn ahead of time
    fresh = Classifier(FIXTURE)  # the same picture as a map drawn at the check
    fresh.select("household", "client")
    fresh.select("worker", "change_agent")
    monkeypatch.undo()
    draw._GROUNDS.clear()
    fresh.check()
    assert fresh.map_png == c.map_png


def test_the_next_stage_is_prepared_too_and_no_loop_means_no_preparation(monkeypatch):
    import weakref

    from swedu import draw

    monkeypatch.setattr(draw, "_GROUNDS", weakref.WeakKeyDictionary())

    def move_on(c):
        c.check()
        c.next_stage()
        return c._map_preparation

    c, work = _shown_and_idle(lambda: Classifier(FIXTURE), move_on)
    assert work.done and work.error is None
    stages = {key[0] for key in draw._GROUNDS[c.scenario]}
    assert stages == {"first", "second"}

    def shown_by_a_script():
        script = Classifier(FIXTURE)
        script._repr_mimebundle_()  # no event loop runs: nothing is drawn ahead, the check draws
        return script

    assert _in_own_thread(shown_by_a_script)._map_preparation is None
    no_map = Classifier(FIXTURE, show_map=False)
    no_map._prepare_map()
    assert no_map._map_preparation is None


def test_the_ground_of_the_map_travels_once_per_stage_and_only_the_marks_per_check():
    """The page keeps the map's ground (with the text alternative); a check sends only its marks (alt="")."""
    c = Classifier(FIXTURE)
    sent = []
    c._image.observe(lambda change: sent.append(change["new"]), "value")
    c.select("household", "client")
    c.check()
    first_marks = c._marks.value
    alt = 'alt="System map of The Wijaya household'
    assert len(sent) == 1 and alt in sent[0] and alt not in first_marks
    assert first_marks.startswith('<img src="data:image/png;base64,') and ' alt="" ' in first_marks
    assert c._marks.layout.display == "" and c._image.layout.display == ""
    assert c._image.layout.grid_area == c._marks.layout.grid_area == "map"  # stacked in one cell
    c.select("worker", "change_agent")
    c.check()
    assert len(sent) == 1 and c._marks.value != first_marks  # the same ground: not sent again
    assert c.map_png[:4] == b"\x89PNG"
    c.reveal()  # the key's map has its own ground (and alt text)
    assert len(sent) == 2 and "answer key" in sent[-1]
    c.reset()
    assert c._marks.value == "" and c._marks.layout.display == "none" and c.map_png == b""
    c.check()
    assert len(sent) == 4  # cleared, then the ground again


def test_map_preparation_waits_while_cells_run():
    """In a kernel the preparation starts only after a quiet moment without cells, and pauses while cells run,
    so a notebook executed from top to bottom does not pay for maps nobody will ask for."""
    import asyncio

    from swedu.widgets._idle import when_idle

    class Events:  # IPython's shell.events, as far as when_idle uses it
        def __init__(self):
            self.callbacks = {"pre_execute": [], "post_execute": []}

        def register(self, event, callback):
            self.callbacks[event].append(callback)

        def unregister(self, event, callback):
            self.callbacks[event].remove(callback)

        def trigger(self, event):
            for callback in list(self.callbacks[event]):
                callback()

    ran = []

    def steps():
        for n in range(3):
            ran.append(n)
            yield

    async def kernel():
        events = Events()
        work = when_idle(steps(), quiet=0.5, events=events)
        await asyncio.sleep(0)
        assert ran == []  # not yet quiet
        for _ in range(5):  # cells keep running: the work waits (turns of the loop, no clock)
            events.trigger("pre_execute")
            for _turn in range(3):  # a cell would block the loop; the pause holds even if it does not
                await asyncio.sleep(0)
            events.trigger("post_execute")
            await asyncio.sleep(0)
        assert ran == []
        while not work.done:
            await asyncio.sleep(0.01)
        assert events.callbacks == {"pre_execute": [], "post_execute": []}  # unregistered when done
        return work

    work = _in_own_thread(lambda: asyncio.run(kernel()))
    assert ran == [0, 1, 2] and work.error is None
