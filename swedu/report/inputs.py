"""The report's inputs: which files to read, reading each hand-in, and the ids this course knows.

A folder gives its ``.json`` files; every other entry is listed with why it was left out. Each file
is read with :func:`swedu.progress.read_export` (checked, sanitised, without answers), one export is
kept per student (the newest of a store), and each attempt keeps only the ids :class:`KnownIds`
knows: an id from a hand-in is looked up, never used as a file name.

>>> import json, tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "notes.json").write_text(json.dumps({"hello": 1}), encoding="utf-8")
>>> _ = (folder / "notes.txt").write_text("see you on Monday", encoding="utf-8")
>>> hand_ins = read_hand_ins([folder], KnownIds("en"))
>>> hand_ins.students, [(pathlib.Path(s.path).name, s.reason) for s in hand_ins.skipped]
([], [('notes.txt', 'not_json_name'), ('notes.json', 'foreign')])
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType

from swedu import exercises, scenarios
from swedu.activities import activity_ids
from swedu.concept_test import test_ids as concept_test_ids
from swedu.i18n import catalog
from swedu.progress import Attempt, ExportProblem, read_export
from swedu.report.learning import KIND as LEARNING_KIND
from swedu.report.statistics import HandIn, Skipped


@dataclass
class HandIns:
    """What the report read: one :class:`HandIn` per student (ordered by pseudonym), the files skipped
    and the notes about files that were used."""

    students: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    notes: list = field(default_factory=list)


def expand(paths) -> tuple[list[Path], list[Skipped]]:
    """The files to read (a folder gives its ``.json`` files), and every entry of a folder left out, with why.

    Nothing is opened here; :func:`swedu.progress.read_export` reads only regular files.
    """
    out: list[Path] = []
    left: list[Skipped] = []
    for p in paths:
        p = Path(p)
        try:
            is_dir = stat.S_ISDIR(os.stat(p).st_mode)
        except OSError:
            is_dir = False
        if not is_dir:
            out.append(p)
            continue
        try:
            entries = sorted(p.iterdir())
        except OSError:
            left.append(Skipped(str(p), "unreadable"))
            continue
        for q in entries:
            try:
                mode = os.stat(q).st_mode
            except OSError:  # a link to nowhere
                left.append(Skipped(str(q), "missing"))
                continue
            if not stat.S_ISREG(mode):
                left.append(Skipped(str(q), "not_a_file"))
            elif q.suffix.lower() != ".json":
                left.append(Skipped(str(q), "not_json_name"))
            else:
                out.append(q)
    return out, left


def read_hand_ins(paths, known: KnownIds) -> HandIns:
    """Read every file in ``paths`` (files or folders of ``.json``) with :func:`swedu.progress.read_export`
    and :func:`choose` what the report counts (``known``: the ids this course knows)."""
    files, skipped = expand(paths)
    return choose(read_files(files), known, skipped)


def read_files(files) -> list:
    """Each file read: a :class:`~swedu.progress.HandInFile` (checked and cleaned, without answers), or a
    :class:`Skipped` saying why it cannot be used, in the order given."""
    out = []
    for path in files:
        try:
            # the report never shows answers; it counts the options chosen in the concept test (ids only)
            out.append(read_export(path, answers=(LEARNING_KIND,)))
        except ExportProblem as problem:
            out.append(Skipped(str(path), problem.reason))
    return out


def choose(hand_ins, known: KnownIds, skipped=()) -> HandIns:
    """What the report counts of ``hand_ins`` (:class:`~swedu.progress.HandInFile`, or :class:`Skipped`
    for a file that could not be read, in the order met; nothing is read here): one export per student
    (pseudonym and store: the newest), the same pseudonym from two stores counted twice and noted, every
    attempt with only the ids ``known`` knows (how many were left out is noted per file)."""
    result = HandIns(skipped=list(skipped))
    chosen: dict = {}
    seen: dict[tuple[str, str], str] = {}
    for data in hand_ins:
        if isinstance(data, Skipped):
            result.skipped.append(data)
            continue
        name = data.file
        key = (data.pseudonym, data.checksum)
        if key in seen:
            result.skipped.append(Skipped(name, "duplicate", seen[key], data.pseudonym))
            continue
        seen[key] = name
        student = (data.pseudonym, data.store)
        earlier = chosen.get(student)
        if earlier is None:
            chosen[student] = data
        elif (data.exported, name) > (earlier.exported, earlier.file):
            result.skipped.append(Skipped(earlier.file, "replaced", name, data.pseudonym))
            chosen[student] = data
        else:
            result.skipped.append(Skipped(name, "replaced", earlier.file, data.pseudonym))

    # the same pseudonym from different stores: two students (or one on two computers); both count
    labels: dict[tuple[str, str], str] = {}
    first: dict[str, str] = {}
    for student in sorted(chosen, key=lambda s: (s[0], chosen[s].file)):
        pseudonym = student[0]
        if pseudonym not in first:
            first[pseudonym] = chosen[student].file
            labels[student] = pseudonym
        else:
            number = sum(1 for s in labels if s[0] == pseudonym) + 1
            labels[student] = f"{pseudonym} ({number})"
            result.notes.append(Skipped(chosen[student].file, "same_pseudonym", first[pseudonym], pseudonym))

    for student in sorted(chosen, key=labels.get):
        data = chosen[student]
        unknown = data.dropped  # attempts that name no activity with a plain id
        attempts = []
        for raw in data.attempts:
            attempt, left_out = known.clean(raw)
            unknown += left_out
            if attempt is not None:
                attempts.append(attempt)
        result.students.append(HandIn(labels[student], data.file, attempts))
        if unknown:
            result.notes.append(Skipped(data.file, "unknown_ids", str(unknown), labels[student]))
    return result


class KnownIds:
    """The ids this course knows: cases (built-in and the lecturer's folders) with their stages and actors,
    exercises, activities and misconceptions. Only these reach a report; an id from a hand-in is looked
    up here and never used as a file name.

    >>> known = KnownIds("en")
    >>> known.case("scenario", "delinquent-youth") is not None, known.case("scenario", "../../../dev/stdin")
    (True, None)
    >>> known.misconception("client_is_problem_bearer"), known.misconception("the lecturer is boring")
    (True, False)
    """

    def __init__(self, language: str):
        self.language = language
        self._cases: dict = {}
        self._places: dict = {}
        self._cleaned: dict = {}
        self._ids: dict = {}
        self._misconceptions = {key.split(".")[1] for key in catalog(language)
                                if key.startswith("misconception.") and key.endswith(".name")
                                and key.count(".") == 2}

    def item(self, kind: str, item: str) -> bool:
        """Whether ``item`` is a case, exercise or activity of this course (for its ``kind``)."""
        listing = {"scenario": scenarios.scenario_ids, "exercise": exercises.exercise_ids,
                   LEARNING_KIND: concept_test_ids}.get(kind, activity_ids)
        if listing not in self._ids:  # each listing once per report
            try:
                self._ids[listing] = set(listing())
            except Exception:  # noqa: BLE001 - a folder that cannot be listed adds no ids
                self._ids[listing] = set()
        return item in self._ids[listing]

    def case(self, kind: str, item: str):
        """The case of a known scenario or exercise (loaded by its id only), else ``None``."""
        if (kind, item) not in self._cases:
            case = None
            if kind == "scenario" and self.item(kind, item):
                case = _scenario(item)
            elif kind == "exercise" and self.item(kind, item):
                case = _exercise_case(item)
            self._cases[(kind, item)] = case
        return self._cases[(kind, item)]

    def misconception(self, ident: str) -> bool:
        return ident in self._misconceptions

    def clean(self, attempt: Attempt) -> tuple[Attempt | None, int]:
        """The attempt with only known ids (``None`` when its case, exercise or activity is unknown), and
        how many unknown ids were left out.

        >>> from swedu.progress import Attempt
        >>> KnownIds("en").clean(Attempt.sanitised({"kind": "scenario", "item": "delinquent-youth",
        ...     "stage": "intake", "verdicts": {"teen": "wrong", "uncle": "wrong"},
        ...     "misconceptions": {"teen": ["client_is_problem_bearer", "made-up"]}}))[1]
        2
        """
        where = (attempt.kind, attempt.item, attempt.stage_id)
        verdicts, misconceptions = attempt.statuses, attempt.misconceptions_by_item
        possible = attempt.possible_misconceptions_by_item
        key = (where, id(verdicts), id(misconceptions), id(possible))
        found = self._cleaned.get(key)
        if found is None:  # worked out once per activity, stage and (shared) mappings of the store's cleaning
            found = self._cleaned[key] = (self._clean(where, verdicts, misconceptions, possible)
                                          + ((verdicts, misconceptions, possible),))
        kept_verdicts, kept_misconceptions, kept_possible, unknown, _ = found
        if kept_verdicts is None:
            return None, unknown
        if kept_verdicts is verdicts and kept_misconceptions is misconceptions and kept_possible is possible:
            return attempt, unknown
        return replace(attempt, statuses=kept_verdicts, misconceptions_by_item=kept_misconceptions,
                       possible_misconceptions_by_item=kept_possible), unknown

    def _clean(self, where: tuple, verdicts, misconceptions, possible) -> tuple:
        """``(verdicts, misconceptions, possible misconceptions, unknown)`` with only known ids (``verdicts``
        is ``None`` when the activity or stage is unknown); the mappings given back as they are when nothing
        was left out. A misconception the answer only may show is left out alike, without being counted."""
        place = self._places.get(where)
        if place is None:
            place = self._places[where] = self._place(*where)
        if place is False:
            return None, None, None, 1
        actors, scenario = place
        # An exercise's or activity's own item ids (q1, relation-1) are never shown: only an actor of a
        # case is named in the report, so only a case's keys must be its actors (any other is unknown).
        # An exercise's own item beside its case's actors is left out too: never a row of the tables.
        known_misconceptions = self._misconceptions
        unknown = 0
        kept_verdicts = verdicts
        if (scenario or actors) and not actors.issuperset(verdicts):
            kept_verdicts = MappingProxyType({key: status for key, status in verdicts.items() if key in actors})
            if scenario:
                unknown += len(verdicts) - len(kept_verdicts)
        kept_misconceptions = misconceptions
        if misconceptions:
            kept_all = {}
            for key, ids in misconceptions.items():
                if scenario and key not in actors:
                    unknown += 1
                    continue
                kept = [m for m in ids if m in known_misconceptions]
                unknown += len(ids) - len(kept)
                if kept:
                    kept_all[key] = tuple(kept)
            if kept_all != misconceptions:
                kept_misconceptions = MappingProxyType(kept_all)
        kept_possible = possible
        if possible:  # only possible, not shown: kept apart, cleaned alike
            maybe = {key: tuple(m for m in ids if m in known_misconceptions)
                     for key, ids in possible.items() if not scenario or key in actors}
            maybe = {key: ids for key, ids in maybe.items() if ids}
            if maybe != possible:
                kept_possible = MappingProxyType(maybe)
        return kept_verdicts, kept_misconceptions, kept_possible, unknown

    def _place(self, kind: str, item: str, stage: str):
        """``(actors, scenario)`` of a known activity and stage: the ids an attempt may name (an empty set
        when any item id may be kept), whether it is a case; ``False`` when the activity or stage is unknown."""
        if not self.item(kind, item):
            return False
        case = self.case(kind, item)
        if case is not None:
            if (stage or kind == "scenario") and stage not in {s.id for s in case.stages}:
                return False
            return frozenset(a.id for a in case.actors), kind == "scenario"
        if kind == "scenario":
            return False  # a lecturer's case that does not load
        return frozenset(), False


def _scenario(item: str):
    """A case by its id; the caller has checked that the id is one of :func:`swedu.scenarios.scenario_ids`."""
    try:
        return scenarios.load_scenario(item)
    except Exception:  # noqa: BLE001 - a broken lecturer's file is shown by its ids
        return None


def _exercise_case(item: str):
    """The case an exercise is about; the caller has checked that the id is one of
    :func:`swedu.exercises.exercise_ids`."""
    try:
        return exercises.case(item)
    except Exception:  # noqa: BLE001 - exercises are optional for the report
        return None
