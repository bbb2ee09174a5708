"""The activity data written for lessons 08 and 09 agree with the cases they talk about.

The ecomap-reading check (lesson 8) asks about the links of the Hartono family, and the closing
self-assessment (lesson 9) asks about the hospital in the discharge case. If a scenario file changes,
these tests say which answer key no longer matches the map or the key the student sees.
"""
from __future__ import annotations

import pytest

import swedu
from swedu.activities import load_activity

# option id -> the two actors whose link the option names (delinquent-youth)
LINKS = {
    "parents-teen": ("parents", "teen"),
    "teen-gang": ("teen", "gang"),
    "parents-agency": ("parents", "agency"),
    "teen-counsellor": ("teen", "counsellor"),
    "parents-rt": ("parents", "rt_head"),
    "teen-youth-group": ("teen", "youth_group"),
}


def relation(scenario, a, b):
    for r in scenario.relations:
        if {r.source, r.target} == {a, b}:
            return r
    raise AssertionError(f"no link between {a} and {b} in {scenario.id}")


def correct(activity, question_id):
    return set(activity.question(question_id).correct_ids)


@pytest.fixture(scope="module")
def youth():
    return swedu.load_scenario("delinquent-youth")


@pytest.fixture(scope="module")
def reading():
    return load_activity("ecomap-reading")


@pytest.mark.parametrize("question, quality", [("stressful", "stressful"), ("tenuous", "tenuous")])
def test_line_questions_match_the_qualities_on_the_map(reading, youth, question, quality):
    options = [o.id for o in reading.question(question).options]
    expected = {o for o in options if relation(youth, *LINKS[o]).quality == quality}
    assert expected, f"no option of '{question}' names a {quality} link"
    assert correct(reading, question) == expected


def test_resources_question_matches_the_arrows_towards_the_parents(reading, youth):
    towards_parents = set()
    for r in youth.relations:
        if "parents" not in (r.source, r.target):
            continue
        other = r.target if r.source == "parents" else r.source
        flows_in = (r.direction == "both" or (r.direction == "backward" and r.source == "parents")
                    or (r.direction == "forward" and r.target == "parents"))
        if flows_in:
            towards_parents.add(other)
    names = {"agency": "agency", "rt-head": "rt_head", "teen": "teen"}
    options = {o.id for o in reading.question("resources").options}
    assert {names[o] for o in correct(reading, "resources")} == towards_parents & {names[o] for o in options}
    assert towards_parents, "the map no longer shows any flow towards the parents"


def test_self_assessment_hospital_roles_match_the_discharge_case():
    check = load_activity("course-self-assessment")
    hospital = swedu.load_scenario("hospital-discharge")
    last = hospital.stages[-1]
    ids = {"change-agent": "change_agent", "target": "target", "client": "client"}
    assert {ids[o] for o in correct(check, "several-roles")} == set(last.systems_of("hospital"))


def test_every_option_explains_itself_in_both_languages():
    for activity_id in ("ecomap-reading", "course-self-assessment"):
        activity = load_activity(activity_id)
        for question in activity.questions:
            assert correct(activity, question.id), f"{activity_id}/{question.id} has no right option"
            for option in question.options:
                assert option.feedback is not None, f"{activity_id}/{question.id}/{option.id}: no feedback"
                assert option.feedback["en"].strip() and option.feedback["id"].strip()
                assert option.text["en"].strip() and option.text["id"].strip()
