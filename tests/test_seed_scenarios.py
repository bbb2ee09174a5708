"""The seed's two cases load, form graphs and assess correctly in both stages and both languages."""
from __future__ import annotations

import pytest

import swedu

FULL_KEYS = {
    ("delinquent-youth", "intake"): {
        "worker": "change_agent", "agency": "change_agent", "parents": "client", "teen": "target",
        "counsellor": "action", "rt_head": "action", "youth_group": "action", "gang": "none"},
    ("delinquent-youth", "reassessment"): {
        "worker": "change_agent", "agency": "change_agent", "parents": ["target", "action"], "teen": "client",
        "counsellor": "action", "rt_head": "action", "youth_group": "action", "gang": []},
    ("small-business", "planning"): {
        "worker": "change_agent", "agency": "change_agent", "small_entrepreneurs": "client",
        "large_entrepreneurs": "target", "village_head": "action", "bumdes": "action",
        "cooperative": "action", "middlemen": "none"},
    ("small-business", "signed"): {
        "worker": "change_agent", "agency": "change_agent", "small_entrepreneurs": "client",
        "large_entrepreneurs": "target, action", "village_head": "action", "bumdes": "action",
        "cooperative": "action", "middlemen": "none"},
}


def test_seed_cases_come_first():
    assert swedu.scenario_ids()[:2] == ["delinquent-youth", "small-business"]


@pytest.mark.parametrize("language", ["en", "id"])
@pytest.mark.parametrize("case", sorted(FULL_KEYS))
def test_full_answer_scores_one(case, language):
    swedu.set_language(language)
    scenario = swedu.load_scenario(case[0])
    feedback = scenario.assess(FULL_KEYS[case], stage=case[1])
    assert feedback.score == 1.0
    assert feedback.correct
    assert all(v.status == "correct" for v in feedback.verdicts.values())
    assert str(feedback).count("\n") > len(scenario.actors)


def test_delinquent_youth_roles_shift_at_reassessment():
    youth = swedu.load_scenario("delinquent-youth")
    intake, reassessment = youth.stages
    assert intake.systems_of("parents") == {"client"} and intake.systems_of("teen") == {"target"}
    assert reassessment.systems_of("teen") == {"client"}
    assert reassessment.systems_of("parents") == {"target", "action"}


def test_small_business_client_and_target_differ_then_firms_join_action():
    firm = swedu.load_scenario("small-business")
    assert firm.stages[0].systems_of("small_entrepreneurs") == {"client"}
    assert firm.stages[0].systems_of("large_entrepreneurs") == {"target"}
    assert firm.stages[1].systems_of("large_entrepreneurs") == {"target", "action"}


def test_graph_nodes_carry_systems_and_edges_relations():
    youth = swedu.load_scenario("delinquent-youth")
    g = youth.graph("reassessment")
    assert set(g.nodes) == {a.id for a in youth.actors}
    assert g.nodes["parents"]["systems"] == frozenset({"target", "action"})
    assert g.nodes["gang"]["systems"] == frozenset()
    edge = g.edges["parents", "teen"]
    assert edge["quality"] == "stressful" and edge["kind"] == "family"
    assert youth.graph(youth.stages[1]).graph["stage"] == "reassessment"
    assert youth.graph(None).graph["stage"] == "intake"


def test_keeping_old_roles_names_the_roles_fixed_misconception():
    youth = swedu.load_scenario("delinquent-youth")
    feedback = youth.assess({"parents": "client", "teen": "target"}, stage="reassessment")
    assert feedback.verdicts["parents"].status == "missing" or feedback.verdicts["parents"].status == "wrong"
    assert "roles_fixed" in feedback.verdicts["parents"].misconceptions
    assert "roles_fixed" in feedback.verdicts["teen"].misconceptions
    swedu.set_language("id")
    assert "Peran tidak pernah berubah" in str(feedback)


def test_partial_answers_get_missing_and_extra_verdicts():
    firm = swedu.load_scenario("small-business")
    feedback = firm.assess({"large_entrepreneurs": "target", "village_head": ["action", "client"]}, stage="signed")
    assert feedback.verdicts["large_entrepreneurs"].status == "missing"
    assert feedback.verdicts["village_head"].status == "extra"
    assert feedback.verdicts["worker"].status == "not_answered"
    assert 0 < feedback.score < 1
