"""The diagnosis table decided apart from the code (tests/data/diagnoses-reviewed.yaml), run row by row.

An independent reviewer who had not read the rule code (swedu/assess.py, the activities' checks) nor
these tests decided every row from the seed, the course's definitions and convention, the case
narratives and the misconception conditions as the guides state them; the table was committed
unchanged before it was first run. Each row gives a case, a stage, an answer and, per actor, the
status and the misconceptions the answer shows and only may show. Rows under ``disputed:`` (with both
arguments) are where the course decided otherwise; the lecturers' guide lists them. The rows are never
edited to make the code pass: a row moves, unchanged, into ``disputed:`` or the code or key changes.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import swedu
from swedu.systems import MISCONCEPTIONS, SYSTEM_IDS

ROOT = Path(__file__).resolve().parents[1]
DATA = yaml.safe_load((ROOT / "tests" / "data" / "diagnoses-reviewed.yaml").read_text(encoding="utf-8"))
ROWS = DATA if isinstance(DATA, list) else DATA["rows"]
DISPUTED = [] if isinstance(DATA, list) else DATA.get("disputed", [])
PATHS = {"toddler-nutrition": ROOT / "my-scenarios" / "toddler-nutrition.yaml",
         "wulan-family": ROOT / "swedu" / "exercises" / "wulan-family.yaml"}
_cases: dict = {}


def case(cid):
    if cid not in _cases:
        _cases[cid] = swedu.load_scenario(PATHS.get(cid, cid))
    return _cases[cid]


def systems(value):
    return [] if value in (None, "none", []) else list(value)


def row_id(i, row):
    return f"{i}-{row['case']}/{row['stage']}/" + ",".join(f"{a}={'+'.join(systems(v)) or 'none'}"
                                                         for a, v in row["answer"].items())


REVIEWED_ROWS = 241
"""The number of rows the reviewer wrote (commit 2281361 holds the table as it came): none may vanish."""


def test_the_table_is_big_and_was_decided_apart():
    assert len(ROWS) + len(DISPUTED) == REVIEWED_ROWS >= 120
    assert len(ROWS) >= 120 * 0.8, "most rows must pass as they are"
    for entry in DISPUTED:
        assert entry["row"] and entry["course"].strip() and entry["reviewer"].strip(), entry


@pytest.mark.parametrize("row", ROWS + [d["row"] for d in DISPUTED],
                         ids=[row_id(i, r) for i, r in enumerate(ROWS + [d["row"] for d in DISPUTED])])
def test_every_case_stage_actor_and_misconception_still_exists(row):
    scenario = case(row["case"])
    stage = scenario.stage(row["stage"])
    ids = {a.id for a in scenario.actors}
    for part in ("answer", "expect", "key"):
        assert set(row.get(part, {})) <= ids, (part, set(row.get(part, {})) - ids)
    for actor, value in row["answer"].items():
        assert set(systems(value)) <= set(SYSTEM_IDS), value
    for expected in row["expect"].values():
        assert set(expected["shows"]) | set(expected["may_show"]) <= set(MISCONCEPTIONS), expected
    assert stage.id == row["stage"]


@pytest.mark.parametrize("row", ROWS, ids=[row_id(i, r) for i, r in enumerate(ROWS)])
def test_reviewed_diagnosis(row):
    answer = {actor: systems(value) or "none" for actor, value in row["answer"].items()}
    feedback = case(row["case"]).assess(answer, stage=row["stage"])
    for actor, expected in row["expect"].items():
        verdict = feedback.verdicts[actor]
        got = {"status": verdict.status, "shows": sorted(verdict.misconceptions),
               "may_show": sorted(verdict.possible_misconceptions)}
        want = {"status": expected["status"], "shows": sorted(expected["shows"]),
                "may_show": sorted(expected["may_show"])}
        assert got == want, (actor, row["why"])


@pytest.mark.parametrize("entry", DISPUTED, ids=[row_id(i, d["row"]) for i, d in enumerate(DISPUTED)])
def test_a_disputed_row_really_differs_from_the_course(entry):
    """A row stays under ``disputed:`` only while the code still answers otherwise (else it moves back)."""
    row = entry["row"]
    answer = {actor: systems(value) or "none" for actor, value in row["answer"].items()}
    feedback = case(row["case"]).assess(answer, stage=row["stage"])
    differs = False
    for actor, expected in row["expect"].items():
        verdict = feedback.verdicts[actor]
        differs |= (verdict.status != expected["status"]
                    or sorted(verdict.misconceptions) != sorted(expected["shows"])
                    or sorted(verdict.possible_misconceptions) != sorted(expected["may_show"]))
    assert differs, row["why"]


def test_both_guides_show_every_disputed_row():
    for guide in ("lecturers-guide.md", "lecturers-guide.id.md"):
        text = (ROOT / "docs" / guide).read_text(encoding="utf-8")
        for entry in DISPUTED:
            row = entry["row"]
            assert f"`{row['case']}` / `{row['stage']}`" in text, (guide, row["case"], row["stage"])
