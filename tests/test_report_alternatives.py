"""Roles the key also accepts: full credit for the learner, kept in the attempt record and the store,
and counted in the class report apart from the errors (issue 12)."""
from __future__ import annotations

from pathlib import Path

import swedu
from swedu import progress
from swedu.progress import Attempt
from swedu.report import build_report


def _reassessment_key():
    case = swedu.load_scenario("delinquent-youth")
    return {a.id: sorted(case.stage("reassessment").systems_of(a.id)) or "none" for a in case.actors}


def _hand_in(folder: Path, pseudonym: str, answers) -> None:
    progress.configure(folder.parent / "stores" / pseudonym)
    case = swedu.load_scenario("delinquent-youth")
    for answer in answers:
        progress.record(case.assess(answer, "reassessment"))
    progress.export(folder / f"{pseudonym}.json", pseudonym)
    progress.configure(None)


def test_an_also_accepted_role_gets_full_credit_and_is_recorded():
    case = swedu.load_scenario("delinquent-youth")
    answer = dict(_reassessment_key(), parents=["client", "target", "action"], worker=["change_agent", "action"])
    feedback = case.assess(answer, "reassessment")
    assert feedback.correct and feedback.score == 1.0
    assert feedback.verdicts["parents"].alternatives == {"client"}
    assert feedback.alternatives == {"worker": {"action"}, "parents": {"client"}}
    record = Attempt.from_outcome(feedback).as_dict()
    assert record["alternatives"] == {"worker": ["action"], "parents": ["client"]}
    assert record["verdicts"]["parents"] == "correct" and "parents" not in record["misconceptions"]
    lines = "\n".join(feedback.actor_lines("parents"))
    assert "Also accepted: Client system. Naming the parents client is also right" in lines
    assert "the service agreement they signed" in lines
    swedu.set_language("id")
    lines = "\n".join(feedback.actor_lines("worker"))
    assert "Juga diterima: Sistem kegiatan." in lines and "works with and through" in lines


def test_the_store_keeps_alternatives_only_when_there_are_some(tmp_path):
    progress.configure(tmp_path / "store")
    try:
        case = swedu.load_scenario("delinquent-youth")
        progress.record(case.assess(dict(_reassessment_key(), teen=["client", "action"]), "reassessment"))
        progress.record(case.assess(_reassessment_key(), "reassessment"))
        first, second = progress.attempts()
        assert first["alternatives"] == {"teen": ["action"]}
        assert "alternatives" not in second
    finally:
        progress.configure(None)


def test_the_class_report_counts_alternatives_apart_from_errors(tmp_path):
    folder = tmp_path / "hand-ins"
    folder.mkdir()
    _hand_in(folder, "owl-17", [dict(_reassessment_key(), parents=["client", "target", "action"])])
    _hand_in(folder, "kite-02", [dict(_reassessment_key(), parents=["client"])])  # kept the intake roles
    _hand_in(folder, "fox-33", [_reassessment_key()])
    report = build_report([folder], language="en")
    (stage,) = report.stages
    parents = next(a for a in stage.actors if a.actor == "parents")
    assert (parents.answers, parents.wrong) == (3, 1)
    assert dict(parents.alternatives) == {"client": 1}
    assert dict(parents.misconceptions) == {"roles_fixed": 1}
    page = report.html()
    assert "Also accepted (right answers)" in page and "client system (1×)" in page
    indonesian = build_report([folder], language="id").markdown()
    assert "Juga diterima (jawaban benar)" in indonesian and "sistem klien (1×)" in indonesian
