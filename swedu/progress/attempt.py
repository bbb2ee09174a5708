"""The attempt record: what the store keeps of one check, and the cleaning every record goes through.

An :class:`Attempt` holds ids, statuses, scores, a language and a time, never free text. It is made
from a check's outcome (:meth:`Attempt.from_outcome`: the classifier's feedback, an activity's result,
an exercise's check) or from an untrusted mapping (:meth:`Attempt.sanitised`: a hand-in file, a record
sent to the hub); both go through the same cleaning, so text with spaces, unknown keys and oversized
data never reach the disk. Its JSON form is what the store writes and a hand-in carries.

>>> attempt = Attempt.sanitised({"kind": "exercise", "item": "ex1-classify", "score": 0.5,
...                              "verdicts": {"bayu": "wrong"}, "note": "Pak Ujang shouted"})
>>> attempt.item, attempt.score, dict(attempt.verdicts)
('ex1-classify', 0.5, {'bayu': 'wrong'})
>>> "Ujang" in attempt.data_json()
False
"""
from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from types import MappingProxyType

from swedu.i18n import LANGUAGES, get_language

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,79}$")
_TOKEN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,39}$")
TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$")
"""A time as the store writes it (UTC, ISO 8601 with ``Z``)."""
_MAX_ENTRIES = 60
_MAX_LIST = 12
_EMPTY = MappingProxyType({})

_valid: dict = {_TOKEN: {}, _ID: {}}
"""Per pattern, which strings were already checked (ids repeat a lot; bounded in size)."""


def now() -> str:
    """The time now as the store writes it (:data:`TIME`)."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def token(value, pattern=_TOKEN):
    """``value`` if it is a short id for ``pattern``, else ``None``.

    >>> token("client"), token("Pak Hartono"), token(7)
    ('client', None, None)
    """
    seen = _valid[pattern]
    try:
        ok = seen[value]
    except (KeyError, TypeError):  # not seen yet, or not hashable
        if type(value) is not str:
            return None
        ok = pattern.match(value) is not None
        if len(seen) < 20_000:
            seen[value] = ok
    return value if ok else None


def _scalar(value):
    """An id, number or truth value; anything else (free text) is ``None``."""
    if type(value) is str:
        return token(value)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return value if math.isfinite(value) else None
    return None


def _answer_value(value):
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        kept = []
        for v in itertools.islice(items, _MAX_LIST):
            v = _scalar(v)
            if v is not None:
                kept.append(v)
        return tuple(kept)
    return _scalar(value)


def _id_map(value, clean) -> Mapping:
    out: dict = {}
    if not isinstance(value, Mapping):
        return _EMPTY
    for key, item in itertools.islice(value.items(), _MAX_ENTRIES):
        if token(key) is None:
            continue
        item = clean(item)
        if item is not None:
            out[key] = item
    return MappingProxyType(out)


def _id_list(value):
    if isinstance(value, str):
        value = [value]
    if isinstance(value, (set, frozenset)):
        value = sorted(value, key=str)
    if not isinstance(value, (list, tuple)):
        return None
    kept = tuple(v for v in (token(v) for v in value[:_MAX_LIST]) if v)
    return kept or None


def _score(record: Mapping) -> float | None:
    score = record.get("score")
    if isinstance(score, bool):
        score = float(score)
    elif isinstance(score, (int, float)) and math.isfinite(score) and 0 <= score <= 1:
        score = round(float(score), 4)
    else:
        score = None
    if score is None and isinstance(record.get("correct"), bool):
        score = 1.0 if record["correct"] else 0.0
    return score


def _plain(value):
    """JSON-ready: mappings as dicts, tuples as lists."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


@dataclass(frozen=True)
class Attempt:
    """One check as the store keeps it: ids, statuses, a score (0..1 or ``None``), a language, a time.

    ``answer`` is the answer as ids (``{actor: (system, ...)}``, a tuple or one id), ``verdicts`` maps
    an item id (an actor, a question, a tie) to its status, ``misconceptions`` and ``alternatives`` map
    an item id to a tuple of ids. Make one with :meth:`sanitised` or :meth:`from_outcome`.
    """

    kind: str
    item: str
    stage: str = ""
    score: float | None = None
    language: str = "en"
    answer: object = field(default_factory=lambda: _EMPTY)
    verdicts: Mapping = field(default_factory=lambda: _EMPTY)
    misconceptions: Mapping = field(default_factory=lambda: _EMPTY)
    alternatives: Mapping = field(default_factory=lambda: _EMPTY)
    time: str = field(default="", compare=False)
    """When the check was recorded (empty until the store wrote it, or when a hand-in's time was not valid)."""
    possible_misconceptions: Mapping = field(default_factory=lambda: _EMPTY)
    """Like ``misconceptions``, for those the answer only *may* show (kept, and handed in, only when any)."""

    @classmethod
    def sanitised(cls, record, answers: bool = True) -> Attempt | None:
        """The part of an untrusted ``record`` (a mapping) that may be kept, or ``None`` when it names no
        activity. ``answers=False`` leaves the answer out; a well-formed ``time`` is kept."""
        if not isinstance(record, Mapping):
            return None
        item = token(record.get("item"), _ID)
        if item is None:
            return None
        language = record.get("language")
        answer = record.get("answer") if answers else None
        when = record.get("time")
        return cls(
            kind=token(record.get("kind")) or "exercise", item=item,
            stage=token(record.get("stage"), _ID) or "", score=_score(record),
            language=language if language in LANGUAGES else get_language(),
            answer=_id_map(answer, _answer_value) if isinstance(answer, Mapping) else _answer_value(answer),
            verdicts=_id_map(record.get("verdicts"), token),
            misconceptions=_id_map(record.get("misconceptions"), _id_list),
            alternatives=_id_map(record.get("alternatives"), _id_list),
            possible_misconceptions=_id_map(record.get("possible_misconceptions"), _id_list),
            time=when if isinstance(when, str) and TIME.match(when) else "")

    @classmethod
    def from_outcome(cls, outcome) -> Attempt | None:
        """The attempt of a check's outcome (:class:`swedu.outcome.Outcome`: ``kind``, ``item``,
        ``stage_id``, ``score``, ``statuses``, ``misconceptions_by_item``, ``alternatives_by_item``,
        ``answer_ids``, ``status``, ``language``), cleaned like any other record. A check with no
        statuses per item is kept with its overall status under ``answer``."""
        return cls.sanitised({
            "kind": outcome.kind, "item": outcome.item, "stage": outcome.stage_id,
            "answer": outcome.answer_ids,
            "verdicts": dict(outcome.statuses) or {"answer": outcome.status},
            "misconceptions": outcome.misconceptions_by_item,
            "alternatives": outcome.alternatives_by_item,
            "possible_misconceptions": outcome.possible_misconceptions_by_item,
            "score": outcome.score, "language": outcome.language})

    @classmethod
    def from_row(cls, time: str, kind: str, item: str, stage: str, score, language: str, data: str) -> Attempt:
        """An attempt as the store holds it (one row of ``attempts``; ``data`` is :meth:`data_json`)."""
        try:
            extra = json.loads(data)
        except ValueError:
            extra = {}
        if not isinstance(extra, dict):
            extra = {}
        return cls(kind, item, stage, score, language, extra.get("answer", {}), extra.get("verdicts", {}),
                   extra.get("misconceptions", {}), extra.get("alternatives", {}), time,
                   extra.get("possible_misconceptions", {}))

    def data_json(self) -> str:
        """The JSON the store keeps beside the columns: answer, verdicts, misconceptions (and alternatives
        when there are any)."""
        data = {"answer": _plain(self.answer), "verdicts": _plain(self.verdicts),
                "misconceptions": _plain(self.misconceptions)}
        if self.alternatives:
            data["alternatives"] = _plain(self.alternatives)
        if self.possible_misconceptions:
            data["possible_misconceptions"] = _plain(self.possible_misconceptions)
        return json.dumps(data, separators=(",", ":"), sort_keys=True)

    def as_dict(self, time: bool = False) -> dict:
        """The attempt as plain data (the form of :func:`swedu.progress.attempts` and of a hand-in);
        ``alternatives`` only when there are any, ``time`` first when asked for."""
        out = {"time": self.time} if time else {}
        out.update(kind=self.kind, item=self.item, stage=self.stage, score=self.score, language=self.language,
                   answer=_plain(self.answer), verdicts=_plain(self.verdicts),
                   misconceptions=_plain(self.misconceptions))
        if self.alternatives:  # roles the key also accepts, chosen by the learner: counted apart from errors
            out["alternatives"] = _plain(self.alternatives)
        if self.possible_misconceptions:  # misconceptions the answer only may show: counted apart
            out["possible_misconceptions"] = _plain(self.possible_misconceptions)
        return out


def sanitize(record: Mapping, answers: bool = True) -> dict | None:
    """The part of ``record`` the store keeps, or ``None`` when it names no activity.

    Only ids, statuses, scores, a language and (on export) the time survive; text with spaces,
    unknown keys and oversized data are dropped. ``answers=False`` leaves the answer out.

    >>> sanitize({"kind": "scenario", "item": "delinquent-youth", "stage": "intake",
    ...           "answer": {"teen": ["client"], "parents": "Pak Hartono is angry"},
    ...           "verdicts": {"teen": "wrong"}, "score": 0.25, "language": "id", "comment": "hi"})
    ... # doctest: +NORMALIZE_WHITESPACE
    {'kind': 'scenario', 'item': 'delinquent-youth', 'stage': 'intake', 'score': 0.25, 'language': 'id',
     'answer': {'teen': ['client']}, 'verdicts': {'teen': 'wrong'}, 'misconceptions': {}}
    >>> sanitize({"item": "my notes about the family"}) is None
    True
    """
    attempt = Attempt.sanitised(record, answers)
    return None if attempt is None else attempt.as_dict()
