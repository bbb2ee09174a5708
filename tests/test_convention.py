"""Every key of the course follows its written convention for overlapping roles.

The convention (``/docs/authoring.md``, "The convention for overlapping roles"; decided in the course's
domain brief) says: a client stays client until the story ends, fulfils or hands over its agreement
(the stage says so in ``agreement_ends``, with the reason); a client whose own behaviour must change is
client and target together (the stage lists it in ``client_must_change``; target held or also
accepted), and a client the story gives nothing of its own to change is no target; the worker who is
the change agent is also accepted in the action system. Where the seed names one answer (the
delinquent-youth reversal) that stays the key, and the overlap is also accepted with its reason.

This walks every stage of every built-in case, the example in ``my-scenarios/`` and the exercises'
case and the template, and fails where a key and the convention disagree.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from types import MappingProxyType

import pytest

import swedu
from swedu.scenarios import scenario_ids
from swedu.scenarios.convention import convention_problems

ROOT = Path(__file__).resolve().parents[1]
CASES = ([("builtin", sid) for sid in scenario_ids()]
         + [("my-scenarios", str(p)) for p in sorted((ROOT / "my-scenarios").glob("*.yaml"))]
         + [("exercises", str(p)) for p in sorted((ROOT / "swedu" / "exercises").glob("*.yaml"))]
         + [("template", str(ROOT / "swedu" / "scenarios" / "template.yaml"))])


def _load(where, ref):
    return swedu.load_scenario(ref)


def test_every_case_is_walked():
    ids = {_load(*c).id for c in CASES}
    assert len([c for c in CASES if c[0] == "builtin"]) >= 14
    assert {"toddler-nutrition", "wulan-family", "delinquent-youth"} <= ids


@pytest.mark.parametrize("where, ref", CASES, ids=[Path(r).stem for _, r in CASES])
def test_every_key_follows_the_convention(where, ref):
    assert convention_problems(_load(where, ref)) == []


@pytest.mark.parametrize("where, ref", CASES, ids=[Path(r).stem for _, r in CASES])
def test_every_stage_is_graded_by_the_convention(where, ref):
    """Walk the stages as a learner would: the convention's answers get full credit, every stage."""
    case = _load(where, ref)
    for stage in case.stages:
        for actor in case.actors:
            roles = stage.systems_of(actor.id) | frozenset(stage.accepted_roles(actor))
            if "worker" in actor.traits and "change_agent" in roles:
                verdict = case.assess({actor.id: ["change_agent", "action"]}, stage=stage.id).verdicts[actor.id]
                assert verdict.status == "correct", (case.id, stage.id, actor.id)
            if actor.id in stage.client_must_change:
                verdict = case.assess({actor.id: sorted(roles)}, stage=stage.id).verdicts[actor.id]
                assert verdict.status == "correct" and {"client", "target"} <= verdict.given, (case.id, stage.id)
            if actor.id in stage.agreement_ends:
                assert str(stage.agreement_ends[actor.id]).strip(), (case.id, stage.id, actor.id)


def test_the_seed_reversal_stays_the_key_and_the_overlap_is_accepted():
    youth = swedu.load_scenario("delinquent-youth")
    after = youth.stage("reassessment")
    assert after.systems_of("teen") == {"client"} and after.systems_of("parents") == {"target", "action"}
    assert set(after.accepted_roles(youth.actor("parents"))) >= {"client"}
    assert set(after.accepted_roles(youth.actor("teen"))) >= {"target"}
    for lang in ("en", "id"):
        assert after.also_accepted["teen"][-1].rationale[lang]


@pytest.mark.parametrize("case_id, stage_id, actor, reason_word", [
    ("landslide-shelter", "the-quiet-tents", "committee", "fulfilled"),
    ("old-man-and-brother", "his-own-wish", "brother", "withdraws"),
    ("school-disruptive-child", "reassessment", "school", "closed"),
])
def test_a_client_that_loses_client_has_its_agreement_ended_in_the_story(case_id, stage_id, actor, reason_word):
    case = swedu.load_scenario(case_id)
    stage = case.stage(stage_id)
    assert "client" in case.previous_stage(stage).systems_of(actor)
    assert reason_word in stage.agreement_ends[actor]["en"]


# ----- the check can fail ------------------------------------------------------------------------------
def test_a_client_dropped_without_its_agreement_ending_is_reported():
    case = swedu.load_scenario("landslide-shelter")
    stage = case.stage("the-quiet-tents")
    broken = replace(case, stages=(case.stages[0], replace(stage, agreement_ends=MappingProxyType({}))))
    assert convention_problems(broken) == [
        "landslide-shelter / the-quiet-tents / committee: client in stage 'fair-shares' but not here, and "
        "nothing in the stage ends its agreement (agreement_ends)"]


def test_a_changing_client_without_target_and_a_target_client_without_reason_are_reported():
    case = swedu.load_scenario("probation")
    own = case.stage("own-goal")
    unmarked = replace(case, stages=(case.stages[0], replace(own, client_must_change=frozenset())))
    assert convention_problems(unmarked) == [
        "probation / own-goal / andi: client and target, but the stage does not say that its own behaviour "
        "must change (client_must_change)"]
    court = replace(case, stages=(case.stages[0], replace(own, client_must_change=own.client_must_change | {"court"})))
    assert convention_problems(court) == [
        "probation / own-goal / court: a client whose own behaviour must change, but target is neither held "
        "nor also accepted"]


def test_the_worker_not_accepted_in_action_is_reported(monkeypatch):
    """The worker's action role comes from the code (Stage.accepted_roles), not from each file: without
    it, every stage of every case is reported."""
    from swedu.model import Stage

    case = swedu.load_scenario("probation")
    monkeypatch.setattr(Stage, "accepted_roles", lambda self, actor: {
        r.system: r for r in self.also_accepted.get(actor.id, ())})
    assert convention_problems(case) == [
        f"probation / {stage.id} / worker: the worker (change agent) is not accepted in the action system"
        for stage in case.stages]
