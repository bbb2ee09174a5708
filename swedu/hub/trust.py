"""Records the service can trust: every verdict and score recomputed from the answer with the course's own keys.

A record arrives from a student's kernel, but anyone holding that student's token can post anything.
So the service keeps only what it can check itself:

- the ids must be ids the course knows: a case (the course's, or a lecturer's own case registered with
  the service: ``--cases FOLDER``), a stage of that case, its actors, the systems; an exercise; an
  activity. Anything else is refused with a clear reason (no free text hides in an id);
- verdicts, misconceptions, roles the key also accepts and the score are computed again from the answer
  with the case's key (:func:`swedu.assess.assess`), the exercise's check or the activity's check; the
  client's own score, verdicts and misconceptions are never stored. A check whose answer the course
  cannot read again (an answer form the record does not carry) is kept as "done", without score,
  verdicts or answer;
- the student's time must be a real time (ASCII digits, month 1-12 ..., within :data:`YEARS` and not
  in the future); the service stores its own receive time beside it.

>>> verified = verify({"kind": "scenario", "item": "delinquent-youth", "stage": "intake",
...                    "answer": {"teen": ["client"]}, "score": 1.0, "verdicts": {"teen": "correct"}})
>>> verified.record["verdicts"]["teen"], verified.record["score"] < 1.0
('wrong', True)
>>> verify({"kind": "scenario", "item": "Budi_is_stupid", "answer": {}}).refused
'unknown_item'
>>> check_time("2026-13-01T10:00:00Z"), check_time("２０２６-01-01T10:00:00Z"), check_time("0000-01-01T00:00:00Z")
(False, False, False)
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from swedu import activities, scenarios
from swedu.assess import AnswerError, _status, assess
from swedu.exercises import checks
from swedu.progress.attempt import Attempt
from swedu.scenarios import load_scenario, scenario_ids

__all__ = ["YEARS", "Verified", "check_time", "register_cases", "verify"]

YEARS = (2024, 2100)
"""The sane window for a student's time (inclusive first year, exclusive last); never later than now + 1 day."""

_TIME = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]{1,6})?Z$", re.ASCII)


def check_time(text, now: datetime | None = None) -> bool:
    """Whether ``text`` is a real UTC time as the store writes it, in :data:`YEARS` and not in the future.

    >>> check_time("2026-11-29T10:00:00.000000Z"), check_time("2026-02-30T10:00:00Z"), check_time("2099-01-01T00:00:00Z")
    (True, False, False)
    """
    if not isinstance(text, str):
        return False
    match = _TIME.match(text)
    if not match:
        return False
    try:
        when = datetime(*(int(part) for part in match.groups()[:6]), tzinfo=timezone.utc)
    except ValueError:  # month 13, day 30 in February, hour 24 ...
        return False
    now = now or datetime.now(timezone.utc)
    return YEARS[0] <= when.year < YEARS[1] and when <= now + timedelta(days=1)


@dataclass(frozen=True)
class Verified:
    """A record recomputed by the service (``record``), or why it was refused (``refused``: a message key
    under ``hub.error``, with ``detail`` naming the id)."""

    record: dict | None = None
    refused: str = ""
    detail: str = ""


def register_cases(folder) -> list[str]:
    """Let the service accept a lecturer's own cases (the ``.yaml`` files in ``folder``); their ids."""

    before = set(scenarios.scenario_ids())
    scenarios.add_scenario_folder(folder)
    return sorted(set(scenarios.scenario_ids()) - before)


def _refuse(key: str, detail: str = "") -> Verified:
    return Verified(refused=key, detail=str(detail)[:80])


def verify(data: dict) -> Verified:
    """The record the service keeps for ``data`` (already a JSON object), recomputed with the course's keys."""
    kind = data.get("kind")
    item = data.get("item")
    if not isinstance(item, str) or not isinstance(kind, str):
        return _refuse("no_activity")
    language = data.get("language") if data.get("language") in ("en", "id") else "en"
    if kind == "scenario":
        outcome = _scenario(item, data.get("stage"), data.get("answer"), data.get("verdicts"))
    elif kind == "exercise":
        outcome = _exercise(item, data.get("answer"), data.get("verdicts"))
    else:
        outcome = _activity(kind, item, data.get("answer"))
    if isinstance(outcome, Verified):
        return outcome
    record, stage = outcome
    record = dict(record, language=language)
    if stage is not None:
        record["stage"] = stage
    return Verified(record=record)


def _answered(answer: dict, claimed) -> dict:
    """The answer as the check read it: a record lists every actor, an empty list both for "not answered"
    and for "none of the four" (the store keeps no "none"); the sender's verdict tells the two apart.
    Saying "none" is an answer like any other, so believing that one bit grants nothing."""
    claimed = claimed if isinstance(claimed, dict) else {}
    out = {}
    for actor, systems in answer.items():
        if systems in ([], (), None, ""):
            if claimed.get(actor, "not_answered") != "not_answered":
                out[actor] = ["none"]
        else:
            out[actor] = systems
    return out


def _scenario(item: str, stage, answer, claimed=None):

    if item not in scenario_ids():
        return _refuse("unknown_item", item)
    scenario = load_scenario(item)
    stages = [s.id for s in scenario.stages]
    if stage not in stages:
        return _refuse("unknown_stage", stage)
    if not isinstance(answer, dict) or any(not isinstance(a, str) for a in answer):
        return _refuse("unknown_actor", "")
    actors = {a.id for a in scenario.actors}
    unknown = [a for a in answer if a not in actors]
    if unknown:
        return _refuse("unknown_actor", unknown[0])
    answer = _answered(answer, claimed)
    try:
        feedback = assess(scenario, answer, stage)
    except (AnswerError, TypeError, ValueError) as error:
        return _refuse("unknown_system", str(error).splitlines()[0] if str(error) else "")
    attempt = Attempt.from_outcome(feedback)
    record = attempt.as_dict()
    if scenario.stage(stage).ask_reasons:
        # the record carries the roles, never the reasons (the kernel does not send them): the hub's
        # score for such a stage is the roles' part only
        credits = [_status(v.expected | v.alternatives, v.given, a in answer)[1]
                   for a, v in feedback.verdicts.items()]
        record["score"] = round(sum(credits) / len(credits), 4) if credits else 0.0
    return record, stage


def _exercise(item: str, answer, claimed=None):

    spec = checks.CHECKS.get(item)
    if spec is None:
        return _refuse("unknown_item", item)
    if isinstance(answer, dict):
        answer = _answered(answer, claimed)
    try:
        result = spec.function(spec, answer)
        attempt = Attempt.from_outcome(result)
    except Exception:  # noqa: BLE001 - the answer as recorded cannot be checked again: keep it, trust nothing
        attempt = None
    return _kept(attempt, "exercise", item, answer), spec.stage or ""


_ACTIVITY_CHECKS = {"concept_check": "check_concept", "sorter": "check_sort", "approach_explorer": "check_approach"}


def _activity(kind: str, item: str, answer):

    if kind not in _ACTIVITY_CHECKS:
        return _refuse("unknown_kind", kind)
    if item not in activities.activity_ids():
        return _refuse("unknown_item", item)
    activity = activities.load_activity(item)
    if activity.kind != kind:
        return _refuse("unknown_kind", kind)
    try:
        result = getattr(activities, _ACTIVITY_CHECKS[kind])(activity, answer)
        attempt = Attempt.from_outcome(result)
    except Exception:  # noqa: BLE001 - see _exercise
        attempt = None
    return _kept(attempt, kind, item, answer), ""


def _kept(attempt, kind: str, item: str, answer) -> dict:
    """The recomputed attempt, or (when the answer could not be checked again) the activity alone: no
    score, no verdicts and no answer, since none of its ids could be checked against the course."""
    if attempt is not None and attempt.item == item:
        return attempt.as_dict()
    return {"kind": kind, "item": item, "score": None, "answer": {}, "verdicts": {}, "misconceptions": {}}
