"""The conditions of the misconceptions, restated independently of swedu.assess, over every answer.

This enumerates every actor of every built-in case (and the example in my-scenarios/), in every stage,
with every possible set of systems, and checks that each misconception is only named (shown or only
possible) where its documented condition holds, and that an answer is *shown* to hold a misconception
only where the written "shown or only possible" rules say so (docs/lecturers-guide.md). The old
hand-decided table (tests/data/diagnoses.yaml) restated the code, quirks included, and is retired: the
independently decided table is tests/data/diagnoses-reviewed.yaml (tests/test_diagnoses_reviewed.py).
"""
from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from swedu.scenarios import BUILTIN_DIR, read_scenario_file
from swedu.systems import MISCONCEPTIONS, SYSTEM_IDS

ROOT = Path(__file__).resolve().parents[1]
BUILTINS = sorted(p.stem for p in BUILTIN_DIR.glob("*.yaml"))
EXAMPLE = ROOT / "my-scenarios" / "toddler-nutrition.yaml"
_cache: dict = {}


def case(sid):
    if sid not in _cache:
        path = EXAMPLE if sid == EXAMPLE.stem else BUILTIN_DIR / f"{sid}.yaml"
        _cache[sid] = read_scenario_file(path, sid)
    return _cache[sid]


def test_every_misconception_has_one_condition():
    from swedu.assess import CONDITIONS

    assert list(CONDITIONS) and set(CONDITIONS) == set(MISCONCEPTIONS)


# -- the conditions, restated independently, over every actor x every answer ----------------------
PEOPLE = {"person", "family", "group"}
ANSWERS = [frozenset(c) for n in range(len(SYSTEM_IDS) + 1) for c in itertools.combinations(SYSTEM_IDS, n)]


def _accepted(stage, actor):
    accepted = set(stage.also_accepted_of(actor.id))
    if "worker" in actor.traits and "change_agent" in stage.systems_of(actor.id):
        accepted.add("action")  # the course's convention for the worker
    return accepted - stage.systems_of(actor.id)


@pytest.mark.parametrize("sid", BUILTINS + [EXAMPLE.stem])
def test_selective_and_client_target_misconceptions_fire_only_where_their_condition_holds(sid):
    scenario = case(sid)
    for index, stage in enumerate(scenario.stages):
        for actor in scenario.actors:
            held = stage.systems_of(actor.id)
            accepted = _accepted(stage, actor)
            for given in ANSWERS:
                verdict = scenario.assess({actor.id: sorted(given) or "none"}, stage=stage.id).verdicts[actor.id]
                shown, possible = set(verdict.misconceptions), set(verdict.possible_misconceptions)
                named = shown | possible
                where = (sid, stage.id, actor.id, sorted(given), sorted(shown), sorted(possible))
                wrongly_given = given - held - accepted
                before = None if index == 0 else scenario.stages[index - 1].systems_of(actor.id)
                copied = before is not None and given == before and before != held
                assert not shown & possible, where
                if "role_outside_plan" in named:
                    assert not held and wrongly_given, where
                if "client_is_problem_bearer" in named:
                    assert "client" in wrongly_given and actor.kind in PEOPLE, where
                    assert "target" in held | accepted, where
                if "client_is_problem_bearer" in shown:  # client in place of a target the key holds
                    assert "target" in held and "target" not in given and not copied, where
                if "sasaran_is_beneficiary" in named:
                    assert "target" in wrongly_given and actor.kind != "institution", where
                    assert "client" in held | accepted or "legal_beneficiary" in actor.traits, where
                if "sasaran_is_beneficiary" in shown:  # a swap, never target added to a kept client
                    assert "client" not in given and actor.kind != "organisation" and not copied, where
                if "action_professionals_only" in shown:
                    assert not given, where
                if copied and "roles_fixed" in named:
                    assert shown == {"roles_fixed"}, where
                if "client_target_always_differ" in named:
                    assert {"client", "target"} <= held and len(given & {"client", "target"}) == 1, where
                for misconception, trait in (("referrer_is_client", {"referrer", "payer"}),
                                             ("potential_is_actual_client", {"potential_client"}),
                                             ("legal_client_is_client_system", {"legal_beneficiary"})):
                    if misconception in named:
                        assert "client" in wrongly_given and actor.traits & trait, where
                if "roles_fixed" in named:
                    assert index > 0 and before != held, where
                if "roles_fixed" in shown:
                    assert copied, where
                if "action_professionals_only" in named:
                    assert "action" in held - given and not actor.traits & {"worker", "agency", "professional"}, where
                    assert actor.kind in PEOPLE | {"community"}, where
                if "change_agent_worker_only" in named:
                    assert "change_agent" in held - given and "agency" in actor.traits, where
                # and the other way round for the selective misconception: every role for an actor
                # outside the plan is named, and the stage's reason for "no role" is shown with it
                if not held and wrongly_given:
                    assert named & {"role_outside_plan", "roles_fixed"}, where
                    rationale = stage.none_rationales.get(actor.id)
                    lines = "\n".join(scenario.assess({actor.id: sorted(given)}, stage=stage.id).actor_lines(actor.id))
                    assert rationale is None or str(rationale) in lines, where
                if given <= held | accepted and held <= given:
                    assert verdict.status == "correct" and not named, where


def test_both_guides_list_every_misconception_with_its_condition():
    for guide, column in (("lecturers-guide.md", "Also accepted (right answers)"),
                          ("lecturers-guide.id.md", "Juga diterima (jawaban benar)"),
                          ("authoring.md", "also_accepted"), ("authoring.id.md", "also_accepted")):
        text = (ROOT / "docs" / guide).read_text(encoding="utf-8")
        rows = {line.split("`")[1] for line in text.splitlines() if line.startswith("| `")}
        assert set(MISCONCEPTIONS) <= rows, (guide, set(MISCONCEPTIONS) - rows)
        assert column in text, guide
