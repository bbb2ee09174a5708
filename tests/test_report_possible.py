"""Misconceptions an answer only *may* show: asked in the feedback, kept in the attempt record and the
hand-in only when there are any (older hand-ins stay readable, unchanged reports stay byte for byte),
and counted in the class report apart from the misconceptions shown (issue 22)."""
from __future__ import annotations

import json
from pathlib import Path

import swedu
from swedu import progress
from swedu.progress import Attempt
from swedu.progress.handin import read_export
from swedu.report import build_report

# Dimas at intake: client added while target is kept is overlap reasoning, so "the client is the person
# with the problem" is only possible; client instead of target shows it.
OVERLAP = {"teen": ["client", "target"]}
SWAP = {"teen": ["client"]}


def _hand_in(folder: Path, pseudonym: str, answers) -> Path:
    progress.configure(folder.parent / "stores" / pseudonym)
    try:
        case = swedu.load_scenario("delinquent-youth")
        for answer in answers:
            progress.record(case.assess(answer, "intake"))
        return progress.export(folder / f"{pseudonym}.json", pseudonym)
    finally:
        progress.configure(None)


def test_the_attempt_record_keeps_possible_misconceptions_only_when_there_are_some():
    case = swedu.load_scenario("delinquent-youth")
    overlap = Attempt.from_outcome(case.assess(OVERLAP)).as_dict()
    assert overlap["possible_misconceptions"] == {"teen": ["client_is_problem_bearer"]}
    assert overlap["misconceptions"] == {}
    swap = Attempt.from_outcome(case.assess(SWAP)).as_dict()
    assert "possible_misconceptions" not in swap
    assert swap["misconceptions"] == {"teen": ["client_is_problem_bearer"]}
    assert Attempt.from_outcome(case.assess(OVERLAP)).possible_misconceptions_by_item == {
        "teen": ("client_is_problem_bearer",)}


def test_hand_ins_carry_them_and_older_hand_ins_stay_readable(tmp_path):
    folder = tmp_path / "hand-ins"
    folder.mkdir()
    path = _hand_in(folder, "owl-17", [OVERLAP, SWAP])
    first, second = read_export(path).attempts
    assert first.possible_misconceptions_by_item == {"teen": ("client_is_problem_bearer",)}
    assert not second.possible_misconceptions_by_item and "possible_misconceptions" not in second.as_dict()
    payload = json.loads(path.read_text(encoding="utf-8"))
    assert "possible_misconceptions" in payload["attempts"][0]  # additive, optional: the format's version stays
    assert all("possible_misconceptions" not in a for a in payload["attempts"][1:])


def test_the_class_report_counts_possible_apart_from_shown(tmp_path):
    folder = tmp_path / "hand-ins"
    folder.mkdir()
    _hand_in(folder, "owl-17", [OVERLAP])
    _hand_in(folder, "kite-02", [SWAP])
    report = build_report([folder], language="en")
    assert dict(report.misconceptions) == {"client_is_problem_bearer": 1}
    assert dict(report.possible_misconceptions) == {"client_is_problem_bearer": 1}
    assert report.possible() == [("client_is_problem_bearer", 1, 1)]
    (stage,) = report.stages
    teen = next(a for a in stage.actors if a.actor == "teen")
    assert dict(teen.misconceptions) == {"client_is_problem_bearer": 1} and dict(teen.possible) == {
        "client_is_problem_bearer": 1}
    page = report.markdown()
    assert 'possibly: "The client is the person with the problem"' in page
    assert 'mungkin: "Klien adalah orang yang bermasalah"' in build_report([folder], language="id").markdown()


def test_without_possible_misconceptions_the_report_has_no_trace_of_them(tmp_path):
    folder = tmp_path / "hand-ins"
    folder.mkdir()
    _hand_in(folder, "kite-02", [SWAP])
    report = build_report([folder], language="en")
    assert report.possible() == []
    assert "possibly" not in report.markdown() and "possibly" not in report.html()
