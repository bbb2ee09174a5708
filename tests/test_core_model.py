"""The model: texts, actors, stages (by element, id, position or None) and the person-in-environment graph."""
from __future__ import annotations

import pickle
from pathlib import Path

import networkx as nx
import pytest

import swedu
from swedu.assess import AnswerError
from swedu.model import Scenario, Stage, Text

FIXTURE = Path(__file__).parent / "data" / "core-fixture.yaml"


@pytest.fixture(scope="module")
def case():
    return swedu.load_scenario(FIXTURE)


def test_text_follows_the_language():
    text = Text(en="Hello", id="Halo")
    assert str(text) == "Hello"
    swedu.set_language("id")
    assert str(text) == "Halo" and text["en"] == "Hello" and text["id"] == "Halo"


def test_scenario_fields(case):
    assert isinstance(case, Scenario)
    assert case.id == "core-fixture" and case.level == "micro"
    assert case.title.en == "Mrs Wati's debts" and case.title.id == "Utang Ibu Wati"
    assert [a.id for a in case.actors][:3] == ["worker", "agency", "mother"]
    assert case.centre == "mother"  # the household trait puts her at the centre
    assert case.source.endswith("core-fixture.yaml")
    assert "core-fixture" in repr(case) and "11 actors" in repr(case)


def test_scenario_is_immutable_and_hashable(case):
    with pytest.raises(AttributeError):
        case.id = "other"
    with pytest.raises(TypeError):
        case.stages[0].roles["x"] = ()
    assert {case: 1}[case] == 1 and len({case.stages[0], case.stages[1]}) == 2
    assert swedu.load_scenario(FIXTURE) == case


# ----- stages ----------------------------------------------------------------------------------------
def test_stage_by_element_id_position_and_none(case):
    first, later = case.stages
    assert case.stage(None) is first
    assert case.stage(first) is first and case.stage(later) is later
    assert case.stage("later") is later and case.stage(" LATER ") is later
    assert case.stage(0) is first and case.stage(1) is later
    assert case.previous_stage("later") is first and case.previous_stage() is None


def test_stage_from_an_equal_copy_is_found_by_id(case):
    other = swedu.load_scenario(FIXTURE)
    assert case.stage(other.stages[1]).id == "later"


@pytest.mark.parametrize("ref", ["latr", "intake", 2, -1, True, 1.0, ["later"]])
def test_unknown_stage_is_a_friendly_error(case, ref):
    with pytest.raises(AnswerError) as info:
        case.stage(ref)
    message = str(info.value)
    assert "This scenario has no stage" in message and "first, later" in message
    assert isinstance(info.value, ValueError)


def test_unknown_stage_suggests_and_speaks_indonesian(case):
    with pytest.raises(AnswerError, match="Did you mean 'later'"):
        case.assess({}, stage="latr")
    swedu.set_language("id")
    with pytest.raises(AnswerError, match="tidak punya tahap"):
        case.graph("latr")


def test_stage_key_and_systems_of(case):
    first = case.stage("first")
    assert isinstance(first, Stage)
    assert first.systems_of("mother") == {"client", "target"}
    assert first.systems_of("teacher") == frozenset()
    assert first.key["mother"] == {"client", "target"} and "teacher" not in first.key
    assert first.ask_reasons is False and case.stage("later").ask_reasons is True
    assert str(first.none_rationales["teacher"]) == "He only reported the case."
    roles = first.roles["mother"]
    assert [r.system for r in roles] == ["client", "target"]  # teaching order
    assert roles[0].reason == "asked_or_agreed" and roles[0].rationale.id == "Ia meminta bantuan."
    assert [(p.system, p.misconception) for p in first.pitfalls["teacher"]] == [("client", "referrer_is_client")]


# ----- actors ----------------------------------------------------------------------------------------
def test_actor_lookup_and_collective(case):
    assert case.actor("LKS Harapan").id == "agency"
    assert case.actor("agency").collective is True
    assert case.actor("neighbour").collective is True  # a family
    assert case.actor("mother").collective is False
    assert case.actor("teacher").traits == {"referrer"}


def test_unknown_actor_lists_choices(case):
    with pytest.raises(AnswerError, match=r"There is no actor called 'Wati Senior'.*mother \(Mrs Wati\)"):
        case.actor("Wati Senior")


# ----- graph ----------------------------------------------------------------------------------------
def test_graph_nodes(case):
    g = case.graph("first")
    assert isinstance(g, nx.Graph) and not g.is_directed()
    assert list(g.nodes) == [a.id for a in case.actors]
    node = g.nodes["mother"]
    assert node == {"name": "Mrs Wati", "kind": "person", "collective": False, "traits": frozenset({"household"}),
                    "systems": frozenset({"client", "target"})}
    assert g.nodes["agency"]["collective"] is True and g.nodes["agency"]["kind"] == "organisation"
    assert g.nodes["teacher"]["systems"] == frozenset()
    assert g.nodes["neighbour"]["collective"] is True


def test_graph_systems_follow_the_stage(case):
    assert case.graph("later").nodes["mother"]["systems"] == {"target"}
    assert case.graph("later").nodes["neighbour"]["systems"] == {"client"}
    assert case.graph(case.stages[1]).graph["stage"] == "later"
    assert case.graph().graph["stage"] == "first"


def test_graph_edges_carry_relations(case):
    g = case.graph()
    assert g.number_of_edges() == len(case.relations) == 4
    edge = g.edges["lender", "mother"]
    assert edge == {"source": "mother", "kind": "economic", "quality": "stressful", "strength": 2,
                    "direction": "backward", "label": "weekly repayments"}
    defaults = g.edges["worker", "agency"]
    assert (defaults["quality"], defaults["strength"], defaults["direction"], defaults["label"]) == \
           ("strong", 2, "none", "")


def test_graph_attributes_and_language(case):
    g = case.graph()
    assert g.graph == {"scenario": "core-fixture", "stage": "first", "centre": "mother", "title": "Mrs Wati's debts"}
    swedu.set_language("id")
    g = case.graph()
    assert g.graph["title"] == "Utang Ibu Wati" and g.nodes["mother"]["name"] == "Ibu Wati"
    assert g.edges["mother", "lender"]["label"] == "cicilan mingguan"


def test_graph_is_a_fresh_copy(case):
    g = case.graph()
    g.remove_node("mother")
    assert "mother" in case.graph()


def test_seed_graphs_are_connected():
    for sid in ("delinquent-youth", "small-business"):
        scenario = swedu.load_scenario(sid)
        for stage in scenario.stages:
            g = scenario.graph(stage)
            assert set(g.nodes) == {a.id for a in scenario.actors}
            assert scenario.centre in g


def test_scenario_error_pickles():
    with pytest.raises(swedu.ScenarioError) as info:
        swedu.load_scenario("no-such-case")
    copy = pickle.loads(pickle.dumps(info.value))
    assert str(copy) == str(info.value) and copy.problems == info.value.problems


def test_short_names_that_two_actors_share_are_not_guessed(tmp_path):
    text = FIXTURE.read_text(encoding="utf-8").replace(
        "name: {en: Nurse Dewi, id: Perawat Dewi}", "name: {en: Rina (nurse), id: Rina (perawat)}")
    path = tmp_path / "two-rinas.yaml"
    path.write_text(text, encoding="utf-8")
    case = swedu.load_scenario(path)
    assert case.actor("Rina (nurse)").id == "nurse" and case.actor("Rina (social worker)").id == "worker"
    with pytest.raises(AnswerError, match="There is no actor called 'Rina'"):
        case.actor("Rina")


def test_actor_names_ignore_extra_spaces(case):
    assert case.actor("  Mrs   Wati ").id == "mother"
    assert case.actor("Pak  Agus\t(wali kelas)").id == "teacher"


def test_a_relation_changed_in_a_notebook_is_checked_like_one_from_a_file():
    from dataclasses import replace

    link = swedu.load_scenario("small-business").relations[0]
    assert replace(link, quality="stressful", strength=3).quality == "stressful"
    with pytest.raises(ValueError, match="Choose from: strong, tenuous, stressful"):
        replace(link, quality="kuat")
    with pytest.raises(ValueError, match="Did you mean 'both'"):
        replace(link, direction="bothh")
    with pytest.raises(ValueError, match="1, 2, 3"):
        replace(link, strength=True)
