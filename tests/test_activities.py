"""Activity data: every built-in file loads; bad data is explained; checks, the approach rule, records."""
from __future__ import annotations

import copy

import pytest

import swedu
from swedu import activities as act
from swedu.systems import MISCONCEPTIONS

MINE = ("four-systems-misconceptions", "intervention-functions", "intervention-dimensions",
        "purposes-of-social-work", "approaches-delinquent-youth")


@pytest.mark.parametrize("activity_id", act.activity_ids())
def test_every_built_in_activity_loads_with_both_languages(activity_id):
    activity = act.load_activity(activity_id)
    assert activity.id == activity_id
    texts = [activity.title] + [q.prompt for q in activity.questions] + [
        o.text for q in activity.questions for o in q.options] + [i.text for i in activity.items]
    for text in texts:
        assert text.en.strip() and text.id.strip() and text.en != "?"


def test_the_required_activities_exist():
    assert set(MINE) <= set(act.activity_ids())
    kinds = {i: act.load_activity(i).kind for i in MINE}
    assert kinds["four-systems-misconceptions"] == "concept_check"
    assert kinds["approaches-delinquent-youth"] == "approach_explorer"


def test_the_concept_check_covers_the_misconceptions_of_the_four_systems():
    quiz = act.load_activity("four-systems-misconceptions")
    named = {o.misconception for q in quiz.questions for o in q.options if o.misconception}
    named |= {q.incomplete_misconception for q in quiz.questions if q.incomplete_misconception}
    assert "sasaran_is_beneficiary" in named
    assert set(MISCONCEPTIONS) <= named
    for q in quiz.questions:
        for o in q.options:
            if not o.correct:
                assert o.feedback is not None  # every wrong option explains itself
    assert any(q.multiple for q in quiz.questions) and any(not q.multiple for q in quiz.questions)


def test_sorters_use_the_seed_categories():
    functions = act.load_activity("intervention-functions")
    assert [c.id for c in functions.groups[0].categories] == [
        "preventive", "curative_rehabilitative", "developmental_educative"]
    dims = act.load_activity("intervention-dimensions")
    assert [[c.id for c in g.categories] for g in dims.groups] == [["residual", "institutional"],
                                                                   ["direct", "indirect"]]
    purposes = act.load_activity("purposes-of-social-work")
    assert len(purposes.groups[0].categories) == 5
    assert "four" in purposes.intro.en and "empat" in purposes.intro.id
    for sorter in (functions, dims, purposes):
        used = {c for item in sorter.items for c in item.category.values()}
        assert used == {c.id for g in sorter.groups for c in g.categories}  # every category is used


def test_concept_check_verdicts_and_credit():
    quiz = act.load_activity("four-systems-misconceptions")
    right = act.check_concept(quiz, {q.id: sorted(q.correct_ids) for q in quiz.questions})
    assert right.score == 1.0 and right.correct
    assert "Everything is right" in right.text
    partial = act.check_concept(quiz, {"same-actor": ["client"]})
    assert partial.statuses["same-actor"] == "missing"
    # a right option left out may be an oversight: the idea is asked about, not asserted
    assert partial.misconceptions == () and partial.possible_misconceptions == ("client_target_always_differ",)
    assert "If you left one of the two out" in partial.text
    assert "at least one more right option" in partial.text
    assert "target system" not in "\n".join(map(str, partial.item_lines["same-actor"]))  # the missing option is not named
    wrong = act.check_concept(quiz, {"sasaran-meaning": "beneficiaries"})
    assert wrong.statuses["sasaran-meaning"] == "wrong"
    assert wrong.misconceptions == ("sasaran_is_beneficiary",)
    assert "sasaran program" in wrong.text
    mixed = act.check_concept(quiz, {"action-members": ["counsellor", "professionals-only"]})
    assert mixed.statuses["action-members"] == "wrong"
    assert mixed.score == 0.0  # one right minus one wrong


def test_concept_answers_are_checked_for_the_learner():
    quiz = act.load_activity("four-systems-misconceptions")
    with pytest.raises(act.ActivityAnswerError, match="Did you mean 'who-is-client'"):
        act.check_concept(quiz, {"who-is-clent": "mother"})
    with pytest.raises(act.ActivityAnswerError, match="Its options are: mother, son, school"):
        act.check_concept(quiz, {"who-is-client": "father"})
    with pytest.raises(act.ActivityAnswerError, match="exactly one option"):
        act.check_concept(quiz, {"who-is-client": ["mother", "son"]})
    assert act.check_concept(quiz, {"who-is-client": "Mrs Nurul"}).statuses["who-is-client"] == "correct"


def test_sorter_checks_each_item_and_hints_without_answers():
    dims = act.load_activity("intervention-dimensions")
    result = act.check_sort(dims, {"flood-food": ["residual", "indirect"], "home-visit": {"scope": "residual",
                                                                                         "contact": "direct"}})
    assert result.statuses["flood-food"] == "wrong"
    assert result.statuses["home-visit"] == "correct"
    assert result.statuses["school-counselling"] == "not_answered"
    assert result.score == pytest.approx((0.5 + 1) / len(dims.items))
    flood = "\n".join(map(str, result.item_lines["flood-food"]))
    assert "Does this help step in" in flood and "indirect" not in flood.split("\n", 1)[1]
    with pytest.raises(act.ActivityAnswerError, match="categories are: residual, institutional, direct"):
        act.check_sort(dims, {"flood-food": "curative"})
    functions = act.load_activity("intervention-functions")
    assert act.check_sort(functions, {"parenting-class": "preventif (pencegahan)"}).statuses[
        "parenting-class"] == "correct"


def test_results_become_plain_records():
    quiz = act.load_activity("four-systems-misconceptions")
    from swedu.progress import Attempt  # the store's typed record, made from the result's outcome fields

    record = Attempt.from_outcome(act.check_concept(quiz, {"who-is-client": "son"})).as_dict()
    assert record["kind"] == "concept_check" and record["item"] == "four-systems-misconceptions"
    assert record["answer"] == {"who-is-client": ["son"]}
    assert record["misconceptions"] == {"who-is-client": ["client_is_problem_bearer"]}
    assert record["verdicts"]["who-is-client"] == "wrong"


def test_the_approach_rule():
    """The seed's approaches: the person only; the person and the environment together (not what the
    case puts outside the plan); and the linked problems of the person's life, with referral."""
    youth = swedu.load_scenario("delinquent-youth")
    mono = act.approach_scope(youth, "monolistic", "Dimas")
    dual = act.approach_scope(youth, "dualistic", "teen")
    holo = act.approach_scope(youth, "holistic", "teen")
    assert mono == {"actors": {"teen"}, "relations": set(), "problems": ()}
    assert dual["actors"] == {"teen", "parents", "counsellor", "youth_group"}
    assert "gang" not in dual["actors"] | holo["actors"]  # lesson 4: the café crowd lies outside the plan
    assert all("teen" in pair for pair in dual["relations"] | holo["relations"])
    assert dual["problems"] == () and holo["problems"] == youth.linked_problems
    assert {p.dimension for p in holo["problems"]} >= {"family", "education", "health"}
    assert any(p.referral for p in holo["problems"]) and not all(p.referral for p in holo["problems"])
    assert {p.actor for p in holo["problems"] if p.actor} <= holo["actors"]
    assert mono["actors"] < dual["actors"] <= holo["actors"]
    with pytest.raises(act.ActivityAnswerError, match="Did you mean 'holistic'"):
        act.approach_scope(youth, "holistik", "teen")


def test_the_approach_rule_reads_the_stage_and_a_case_without_linked_problems():
    village = swedu.load_scenario("small-business")
    planning = act.approach_scope(village, "dualistic", "small_entrepreneurs", "planning")
    assert "middlemen" not in planning["actors"]  # the case says the plan does not work with them
    holo = act.approach_scope(village, "holistic", "small_entrepreneurs", "planning")
    assert holo["problems"] == () and holo["actors"] == planning["actors"]


def test_the_approach_question():
    explorer = act.load_activity("approaches-delinquent-youth")
    assert act.check_approach(explorer, ["dualistic", "holistic"]).correct
    wrong = act.check_approach(explorer, ["monolistic"])
    assert wrong.statuses["question"] == "wrong"
    # the monolistic approach is no belief about who the client is: the choice explains itself, unlabelled
    assert wrong.misconceptions == ()
    assert "misses where his truancy comes from" in wrong.text


GOOD = {
    "id": "tiny", "kind": "concept_check", "title": {"en": "Tiny", "id": "Kecil"},
    "questions": [{"id": "q", "prompt": {"en": "Who?", "id": "Siapa?"}, "options": [
        {"id": "a", "correct": True, "text": {"en": "A", "id": "A"}},
        {"id": "b", "correct": False, "text": {"en": "B", "id": "B"}, "misconception": "roles_fixed",
         "feedback": {"en": "No.", "id": "Bukan."}}]}],
}


def _broken(change):
    data = copy.deepcopy(GOOD)
    change(data)
    with pytest.raises(act.ActivityError) as info:
        act.parse_activity(data, "tiny.yaml")
    return str(info.value)


def test_good_data_parses():
    assert act.parse_activity(copy.deepcopy(GOOD)).questions[0].correct_ids == {"a"}


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d.pop("title"), "the field 'title' is missing"),
    (lambda d: d.update(kind="quiz"),
     "kind is 'quiz', which is not allowed. Choose from: concept_check, sorter, approach_explorer"),
    (lambda d: d.update(colour="red"), "the field 'colour' is not known"),
    (lambda d: d["title"].pop("id"), "title needs both en: and id: text"),
    (lambda d: d["questions"][0]["options"][1].update(correct=True), "single choice but has 2 correct"),
    (lambda d: d["questions"][0]["options"][0].update(correct=False), "has no correct option"),
    (lambda d: d["questions"][0]["options"][1].update(misconception="lazy"),
     "misconception is 'lazy', which is not allowed"),
    (lambda d: d["questions"][0]["options"][1].pop("feedback"), "a wrong option needs its own feedback"),
    (lambda d: d["questions"][0]["options"][1].update(id="a"), "the id 'a' is used twice"),
    (lambda d: d.update(id="Tiny Quiz"), "an id uses only small letters"),
    (lambda d: d["questions"][0].update(multiple="yes"), "should be true or false"),
])
def test_bad_data_is_explained(change, message):
    text = _broken(change)
    assert text.startswith("1 problem(s) in the activity tiny.yaml") or "problem(s)" in text
    assert message in text


def test_bad_sorter_category_and_scenario():
    sorter = {"id": "s", "kind": "sorter", "title": {"en": "S", "id": "S"},
              "groups": [{"id": "g", "label": {"en": "G", "id": "G"}, "categories": [
                  {"id": "x", "label": {"en": "X", "id": "X"}}, {"id": "y", "label": {"en": "Y", "id": "Y"}}]}],
              "items": [{"id": "i1", "text": {"en": "I", "id": "I"}, "category": "x"},
                        {"id": "i2", "text": {"en": "J", "id": "J"}, "category": "z"}]}
    with pytest.raises(act.ActivityError, match="names the category 'z'; the categories are: x, y"):
        act.parse_activity(sorter)
    explorer = {"id": "e", "kind": "approach_explorer", "title": {"en": "E", "id": "E"}, "scenario": "nowhere",
                "focus": "teen", "question": {"prompt": {"en": "P", "id": "P"}, "options": [
                    {"id": "holistic", "correct": True}, {"id": "dualistic", "correct": True}]}}
    with pytest.raises(act.ActivityError, match="There is no scenario called 'nowhere'"):
        act.parse_activity(explorer)


def test_yaml_problems_and_unknown_ids(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("id: x\nkind: sorter\ntitle: [unclosed\n", encoding="utf-8")
    with pytest.raises(act.ActivityError, match="line"):
        act.load_activity(path)
    with pytest.raises(act.ActivityAnswerError, match="Did you mean 'intervention-functions'"):
        act.load_activity("intervention-function")


def test_a_file_from_a_folder_loads(tmp_path):
    import yaml

    path = tmp_path / "tiny.yaml"
    path.write_text(yaml.safe_dump(GOOD, allow_unicode=True), encoding="utf-8")
    assert act.load_activity(path).id == "tiny"


def test_indonesian_texts():
    swedu.set_language("id")
    quiz = act.load_activity("four-systems-misconceptions")
    result = act.check_concept(quiz, {"who-is-client": "son"})
    assert "Skor:" in result.text and "Belum tepat" in result.text
    assert "Rizki memang bermasalah" in result.text
    assert 'lang="id"' in act.result_html(result)


def test_html_result_is_escaped():
    data = copy.deepcopy(GOOD)
    data["questions"][0]["prompt"]["en"] = "Who <script>x</script>?"
    quiz = act.parse_activity(data)
    shown = act.result_html(act.check_concept(quiz, {"q": "b"}))
    assert "<script>" not in shown and "&lt;script&gt;" in shown
    assert 'data-status="wrong"' in shown and "✖" in shown


def test_an_unquoted_comma_in_a_text_is_caught(tmp_path):
    path = tmp_path / "comma.yaml"
    path.write_text(
        "id: comma\nkind: concept_check\ntitle: {en: T, id: T}\nquestions:\n  - id: q\n    prompt: {en: P, id: P}\n"
        "    options:\n      - id: a\n        correct: true\n        text: {en: Raka, his son, id: Raka}\n"
        "      - id: b\n        correct: false\n        text: {en: B, id: B}\n        feedback: {en: F, id: F}\n",
        encoding="utf-8")
    with pytest.raises(act.ActivityError, match="line 10, column 26: the field 'his son' is not known in "
                                                "questions.1..options.1..text.*quotes"):
        act.load_activity(path)
