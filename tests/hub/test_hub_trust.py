"""swedu.hub.trust without a hub: what a kernel records is exactly what the service recomputes (the same
check in a lesson and on the hub), a forged claim is not, and a lecturer's own case is accepted once
registered with the service (``--cases FOLDER``)."""
from __future__ import annotations

import pytest

from swedu import activities, scenarios
from swedu.assess import assess
from swedu.hub import trust
from swedu.progress.attempt import Attempt
from swedu.scenarios import BUILTIN_DIR, load_scenario, scenario_ids

ANSWERS = ({"teen": ["client"], "parents": ["client"]}, {"teen": "none", "gang": "none", "worker": ["change_agent"]},
           {"parents": ["client", "target"], "counsellor": ["action"]})


@pytest.mark.parametrize("answer", ANSWERS)
@pytest.mark.parametrize("stage", ["intake", "reassessment"])
def test_a_kernels_scenario_record_is_recomputed_to_the_same(stage, answer):
    recorded = Attempt.from_outcome(assess(load_scenario("delinquent-youth"), answer, stage)).as_dict()
    kept = trust.verify(recorded).record
    for key in ("score", "verdicts", "misconceptions", "answer"):
        assert kept[key] == recorded[key], key
    assert kept.get("alternatives") == recorded.get("alternatives")


def test_a_kernels_concept_check_is_recomputed_to_the_same():
    activity = next(activities.load_activity(i) for i in activities.activity_ids()
                    if activities.load_activity(i).kind == "concept_check")
    answer = {q.id: q.options[0].id for q in activity.questions}
    recorded = Attempt.from_outcome(activities.check_concept(activity, answer)).as_dict()
    kept = trust.verify(recorded).record
    assert (kept["score"], kept["verdicts"]) == (recorded["score"], recorded["verdicts"])


def test_a_claimed_score_is_never_stored_as_given():
    claim = {"kind": "exercise", "item": "ex4-graph", "score": 1.0, "verdicts": {"answer": "correct"},
             "answer": "everything is right"}
    kept = trust.verify(claim).record
    assert kept["score"] != 1.0 and kept["verdicts"] != {"answer": "correct"}


def test_an_answer_the_course_cannot_check_again_keeps_none_of_its_ids():
    invented = {"kind": "exercise", "item": "ex1-classify", "answer": {"Budi_is_stupid": ["client"]},
                "verdicts": {"Budi_is_stupid": "correct"}, "misconceptions": {"x": ["LECTURER-IS-BORING"]}}
    kept = trust.verify(invented).record
    assert "Budi_is_stupid" not in str(kept) and "LECTURER" not in str(kept) and kept["item"] == "ex1-classify"


def test_a_lecturers_own_case_is_accepted_once_registered(tmp_path, monkeypatch):
    monkeypatch.setattr(scenarios, "_extra_folders", [])  # the registration ends with this test
    own = (BUILTIN_DIR / "delinquent-youth.yaml").read_text().replace("id: delinquent-youth", "id: my-own-case", 1)
    (tmp_path / "my-own-case.yaml").write_text(own)
    record = {"kind": "scenario", "item": "my-own-case", "stage": "intake", "answer": {"teen": ["client"]},
              "verdicts": {"teen": "wrong"}}
    assert trust.verify(record).refused == "unknown_item"
    assert trust.register_cases(tmp_path) == ["my-own-case"] and "my-own-case" in scenario_ids()
    assert trust.verify(record).record["verdicts"]["teen"] == "wrong"
