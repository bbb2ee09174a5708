"""The attempt record: what the store keeps of one check, and the cleaning every record goes through.

An :class:`Attempt` holds ids, statuses, scores, a language and a time, never free text. It is made
from a check's outcome (:meth:`Attempt.from_outcome`: the classifier's feedback, an activity's result,
an exercise's check) or from an untrusted mapping (:meth:`Attempt.sanitised`: a hand-in file, a record
sent to the hub); both go through the same cleaning, so text with spaces, unknown keys and oversized
data never reach the disk. Its JSON form is what the store writes and a hand-in carries.

>>> attempt = Attempt.sanitised({"kind": "exercise", "item": "ex1-classify", "score": 0.5,
...                              "verdicts": {"bayu": "wrong"}, "note": "Pak Ujang shouted"})
>>> attempt.item, attempt.score, dict(attempt.statuses)
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


_maps: dict = {}
"""Cleaned maps of ids to statuses, by their items (a class's attempts repeat the same few; bounded in size)."""


def _id_map(value, clean) -> Mapping:
    """``value``'s entries with an id for a key and a value ``clean`` keeps, as a read-only mapping."""
    if value is None or (type(value) is dict and not value):
        return _EMPTY
    if type(value) is dict and len(value) <= _MAX_ENTRIES:
        try:
            if clean is token:
                key = (clean, tuple(value.items()))
            else:
                key = (clean, tuple((k, tuple(v) if type(v) is list else v) for k, v in value.items()))
            return _maps[key]
        except KeyError:  # not seen yet
            cleaned = _id_map_of(value, clean)
            if len(_maps) < 20_000:
                _maps[key] = cleaned
            return cleaned
        except TypeError:  # a value that cannot be a key: cleaned without remembering
            pass
    return _id_map_of(value, clean)


def _id_map_of(value, clean) -> Mapping:
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
    if (type(score) is float or type(score) is int) and 0 <= score <= 1:  # the usual case (NaN and inf fail)
        return round(float(score), 4)
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


JSON_KEYS = MappingProxyType({"stage_id": "stage", "answer_ids": "answer", "statuses": "verdicts",
                              "misconceptions_by_item": "misconceptions", "alternatives_by_item": "alternatives",
                              "possible_misconceptions_by_item": "possible_misconceptions"})
"""The record's fields whose keys differ in its JSON form (the store's rows, a hand-in, a record sent to the
hub), unchanged since the first store. The one place the two are mapped: :meth:`Attempt.sanitised` and
:meth:`Attempt.from_row` read the JSON keys, :meth:`Attempt.as_dict` and :meth:`Attempt.data_json` write
them."""
_STAGE, _ANSWER, _STATUSES, _MISCONCEPTIONS, _ALTERNATIVES, _POSSIBLE = JSON_KEYS.values()


@dataclass(frozen=True)
class Attempt:
    """One check as the store keeps it: ids, statuses, a score (0..1 or ``None``), a language, a time.

    The fields are the outcome's (:class:`swedu.outcome.Outcome`): ``stage_id``; ``answer_ids``, the
    answer as ids (``{actor: (system, ...)}``, a tuple or one id); ``statuses``, an item id (an actor, a
    question, a tie) to its status; ``misconceptions_by_item`` and ``alternatives_by_item``, an item id
    to a tuple of ids. In JSON they keep their first names (:data:`JSON_KEYS`). Make one with
    :meth:`sanitised` or :meth:`from_outcome`.
    """

    kind: str
    item: str
    stage_id: str = ""
    score: float | None = None
    language: str = "en"
    answer_ids: object = field(default_factory=lambda: _EMPTY)
    statuses: Mapping = field(default_factory=lambda: _EMPTY)
    misconceptions_by_item: Mapping = field(default_factory=lambda: _EMPTY)
    alternatives_by_item: Mapping = field(default_factory=lambda: _EMPTY)
    possible_misconceptions_by_item: Mapping = field(default_factory=lambda: _EMPTY)
    """Like ``misconceptions_by_item``, for those the answer only *may* show (kept, and handed in, only when any)."""
    time: str = field(default="", compare=False)
    """When the check was recorded (empty until the store wrote it, or when a hand-in's time was not valid)."""

    @classmethod
    def sanitised(cls, record, answers: bool = True) -> Attempt | None:
        """The part of an untrusted ``record`` (a mapping in the JSON form) that may be kept, or ``None``
        when it names no activity. ``answers=False`` leaves the answer out; a well-formed ``time`` is kept."""
        if type(record) is not dict and not isinstance(record, Mapping):
            return None
        item = token(record.get("item"), _ID)
        if item is None:
            return None
        language = record.get("language")
        answer = record.get(_ANSWER) if answers else None
        when = record.get("time")
        attempt = object.__new__(cls)  # the fields set at once: a class's hand-ins are read by the ten thousand
        attempt.__dict__.update(
            kind=token(record.get("kind")) or "exercise", item=item,
            stage_id=token(record.get(_STAGE), _ID) or "", score=_score(record),
            language=language if language in LANGUAGES else get_language(),
            answer_ids=(_id_map(answer, _answer_value) if isinstance(answer, Mapping) else _answer_value(answer))
            if answers else None,
            statuses=_id_map(record.get(_STATUSES), token),
            misconceptions_by_item=_id_map(record.get(_MISCONCEPTIONS), _id_list),
            alternatives_by_item=_id_map(record.get(_ALTERNATIVES), _id_list),
            possible_misconceptions_by_item=_id_map(record.get(_POSSIBLE), _id_list),
            time=when if type(when) is str and TIME.match(when) else "")
        return attempt

    @classmethod
    def from_outcome(cls, outcome) -> Attempt | None:
        """The attempt of a check's outcome (:class:`swedu.outcome.Outcome`: ``kind``, ``item``,
        ``stage_id``, ``score``, ``statuses``, ``misconceptions_by_item``, ``alternatives_by_item``,
        ``answer_ids``, ``status``, ``language``), cleaned like any other record. A check with no
        statuses per item is kept with its overall status under ``answer``."""
        return cls.sanitised({
            "kind": outcome.kind, "item": outcome.item, _STAGE: outcome.stage_id,
            _ANSWER: outcome.answer_ids,
            _STATUSES: dict(outcome.statuses) or {"answer": outcome.status},
            _MISCONCEPTIONS: outcome.misconceptions_by_item,
            _ALTERNATIVES: outcome.alternatives_by_item,
            _POSSIBLE: outcome.possible_misconceptions_by_item,
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
        return cls(kind, item, stage, score, language, extra.get(_ANSWER, {}), extra.get(_STATUSES, {}),
                   extra.get(_MISCONCEPTIONS, {}), extra.get(_ALTERNATIVES, {}), extra.get(_POSSIBLE, {}), time)

    def _json_data(self) -> dict:
        """The answer, statuses, misconceptions (and also accepted roles and possible misconceptions, when
        there are any) in JSON form."""
        data = {_ANSWER: _plain(self.answer_ids), _STATUSES: _plain(self.statuses),
                _MISCONCEPTIONS: _plain(self.misconceptions_by_item)}
        if self.alternatives_by_item:  # roles the key also accepts, chosen by the learner: counted apart from errors
            data[_ALTERNATIVES] = _plain(self.alternatives_by_item)
        if self.possible_misconceptions_by_item:  # misconceptions the answer only may show: counted apart
            data[_POSSIBLE] = _plain(self.possible_misconceptions_by_item)
        return data

    def data_json(self) -> str:
        """The JSON the store keeps beside the columns: answer, verdicts, misconceptions (and alternatives
        when there are any)."""
        return json.dumps(self._json_data(), separators=(",", ":"), sort_keys=True)

    def as_dict(self, time: bool = False) -> dict:
        """The attempt as plain data in its JSON form (the form of :func:`swedu.progress.attempts` and of a
        hand-in); ``alternatives`` only when there are any, ``time`` first when asked for."""
        out = {"time": self.time} if time else {}
        out.update({"kind": self.kind, "item": self.item, _STAGE: self.stage_id, "score": self.score,
                    "language": self.language})
        out.update(self._json_data())
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
