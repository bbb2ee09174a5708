"""One outcome contract: the classifier's feedback, the activities' results and the exercises' checks all
pass the same assertions, and one recorder keeps any of them."""
from __future__ import annotations

import json

import pytest

import swedu
from swedu import activities, exercises, progress
from swedu.outcome import ITEM_STATUSES, OUTCOME_STATUSES, Later, Message, Outcome, blocks_to_lines, render
from swedu.progress import Attempt


def _feedback():
    return swedu.load_scenario("delinquent-youth").assess({"parents": "client", "teen": "client"}, "intake")


def _concept():
    return activities.check_concept(activities.load_activity("four-systems-misconceptions"), {"who-is-client": "son"})


def _sort():
    return activities.check_sort(activities.load_activity("intervention-functions"), {"parenting-class": "preventive"})


def _exercise_from_feedback():
    return exercises.check("ex1-classify", {"bayu": "client", "principal": "client"})


def _exercise_with_items():
    return exercises.check("ex3-changed", ["wulan", "bayu"])


def _exercise_refused():
    return exercises.check("ex4-graph", "a list of ties")


def _exercise_unknown_actor():  # the explanation comes from the scenario's model (swedu.Scenario.actor)
    return exercises.check("ex1-classify", {"Bayo": "target", "wulan": "klien"})


def _exercise_not_answered():
    return exercises.check("ex5-read", ...)


CHECKS = {"feedback": _feedback, "concept": _concept, "sort": _sort, "exercise-feedback": _exercise_from_feedback,
          "exercise-items": _exercise_with_items, "exercise-invalid": _exercise_refused,
          "exercise-unanswered": _exercise_not_answered, "exercise-unknown-actor": _exercise_unknown_actor}


@pytest.mark.parametrize("make", CHECKS.values(), ids=CHECKS.keys())
def test_every_check_result_keeps_the_contract(make):
    outcome = make()
    assert isinstance(outcome, Outcome)
    assert outcome.kind and outcome.item and isinstance(outcome.stage_id, str)
    assert 0.0 <= outcome.score <= 1.0
    assert set(outcome.statuses.values()) <= set(ITEM_STATUSES)
    assert outcome.status in OUTCOME_STATUSES and outcome.correct == (outcome.status == "correct")
    assert isinstance(outcome.answered, bool) and outcome.language == "en"
    flat = tuple(dict.fromkeys(m for ms in outcome.misconceptions_by_item.values() for m in ms))
    assert tuple(outcome.misconceptions) == flat
    assert set(outcome.misconceptions_by_item) <= set(outcome.statuses)
    assert set(outcome.alternatives_by_item) <= set(outcome.statuses)
    json.dumps(dict(outcome.answer_ids) if hasattr(outcome.answer_ids, "items") else outcome.answer_ids)


@pytest.mark.parametrize("make", CHECKS.values(), ids=CHECKS.keys())
def test_the_text_is_rendered_in_the_language_current_when_read(make):
    outcome = make()
    english = outcome.text
    assert english == "\n".join(outcome.lines()) == str(outcome)
    assert all(isinstance(line, str) for line in outcome.lines())
    swedu.set_language("id")
    indonesian = outcome.text
    assert indonesian != english and indonesian == "\n".join(outcome.lines())
    if hasattr(outcome, "_repr_html_"):
        assert 'lang="id"' in outcome._repr_html_()
    swedu.set_language("en")
    assert outcome.text == english and outcome.language == "en"


@pytest.mark.parametrize("make", CHECKS.values(), ids=CHECKS.keys())
def test_one_recorder_keeps_any_outcome_as_an_attempt(make):
    outcome = make()
    attempt = Attempt.from_outcome(outcome)
    assert (attempt.kind, attempt.item, attempt.stage_id) == (outcome.kind, outcome.item, outcome.stage_id)
    assert attempt.score == round(outcome.score, 4) and attempt.language == "en"
    assert dict(attempt.statuses) == (dict(outcome.statuses) or {"answer": outcome.status})
    assert {k: list(v) for k, v in attempt.misconceptions_by_item.items()} == {
        k: list(v) for k, v in outcome.misconceptions_by_item.items()}
    progress.record(outcome)  # (an exercise's check has recorded itself already: the same attempt)
    for stored in progress.attempts():
        assert stored == attempt.as_dict(time=True) | {"time": stored["time"]}
        assert json.loads(json.dumps(stored)) == stored
    assert len(progress.attempts()) == (2 if outcome.kind == "exercise" else 1)


def test_an_answer_error_keeps_its_words_for_later_and_its_text_for_now():
    swedu.set_language("id")
    with pytest.raises(swedu.AnswerError) as raised:
        swedu.load_scenario("delinquent-youth").actor("Dimaz")
    swedu.set_language("en")
    error = raised.value
    assert str(error) == error.args[0] == error.message.render("id")  # the text of the moment it was raised
    assert str(error.message) == error.message.render("en") != str(error)  # the words, read later
    assert "Dimas" in str(error.message)  # the suggestion and the choices name the actors in that language


def test_the_record_language_is_the_language_of_the_check():
    swedu.set_language("id")
    outcome = _concept()
    swedu.set_language("en")
    progress.record(outcome)
    assert progress.attempts()[0]["language"] == "id"


def test_a_mapping_or_an_attempt_is_still_recorded_and_junk_is_not(caplog):
    progress.record({"kind": "exercise", "item": "ex1-classify", "score": 1})
    progress.record(Attempt.sanitised({"item": "ex2-reasons", "score": 0.5}))
    progress.record(object())
    assert [a["item"] for a in progress.attempts()] == ["ex1-classify", "ex2-reasons"]
    assert "does not say which activity" in caplog.text


def test_messages_render_nested_values_and_bilingual_texts_in_one_language():
    name = swedu.load_scenario("delinquent-youth").actor("teen").name
    line = Message("exercises.tie", a=name, b=Later(lambda language: f"<{language}>"))
    assert str(line) == swedu.i18n.t("exercises.tie", a=name.en, b="<en>")
    assert line.render("id") == swedu.i18n.t("exercises.tie", "id", a=name.id, b="<id>")
    assert render(3) == 3 and render(Message("feedback.score", score=50), "id") == "Skor: 50%"
    assert blocks_to_lines([["a", "b"], [], ["c"]]) == ["a", "b", "", "c"]
