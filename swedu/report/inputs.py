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
from dataclasses import dataclass, field
from pathlib import Path

from swedu import exercises, scenarios
from swedu.activities import activity_ids
from swedu.concept_test import test_ids as concept_test_ids
from swedu.i18n import catalog
from swedu.progress import ExportProblem, read_export
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
    """Read every file in ``paths`` (files or folders of ``.json``): one export per student (pseudonym and
    store: the newest), the same pseudonym from two stores counted twice and noted, every attempt with
    only the ids ``known`` knows (how many were left out is noted per file)."""
    result = HandIns()
    chosen: dict[tuple[str, str], tuple[str, dict]] = {}
    seen: dict[tuple[str, str], str] = {}
    files, result.skipped = expand(paths)
    for path in files:
        name = str(path)
        try:
            # the report never shows answers; it counts the options chosen in the concept test (ids only)
            data = read_export(path, answers=True)
        except ExportProblem as problem:
            result.skipped.append(Skipped(name, problem.reason))
            continue
        key = (data["pseudonym"], data["checksum"])
        if key in seen:
            result.skipped.append(Skipped(name, "duplicate", seen[key], data["pseudonym"]))
            continue
        seen[key] = name
        student = (data["pseudonym"], data["store"])
        earlier = chosen.get(student)
        if earlier is None:
            chosen[student] = (name, data)
        elif (data["exported"], name) > (earlier[1]["exported"], earlier[0]):
            result.skipped.append(Skipped(earlier[0], "replaced", name, data["pseudonym"]))
            chosen[student] = (name, data)
        else:
            result.skipped.append(Skipped(name, "replaced", earlier[0], data["pseudonym"]))

    # the same pseudonym from different stores: two students (or one on two computers); both count
    labels: dict[tuple[str, str], str] = {}
    first: dict[str, str] = {}
    for student in sorted(chosen, key=lambda s: (s[0], chosen[s][0])):
        pseudonym = student[0]
        if pseudonym not in first:
            first[pseudonym] = chosen[student][0]
            labels[student] = pseudonym
        else:
            number = sum(1 for s in labels if s[0] == pseudonym) + 1
            labels[student] = f"{pseudonym} ({number})"
            result.notes.append(Skipped(chosen[student][0], "same_pseudonym", first[pseudonym], pseudonym))

    for student in sorted(chosen, key=labels.get):
        name, data = chosen[student]
        unknown = data.get("dropped", 0)  # attempts that name no activity with a plain id
        attempts = []
        for raw in data["attempts"]:
            if raw["kind"] != LEARNING_KIND:
                raw = dict(raw, answer=None)  # as read_export(answers=False) leaves it
            attempt, left_out = known.clean(raw)
            unknown += left_out
            if attempt is not None:
                attempts.append(attempt)
        result.students.append(HandIn(labels[student], name, attempts))
        if unknown:
            result.notes.append(Skipped(name, "unknown_ids", str(unknown), labels[student]))
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

    def clean(self, attempt: dict) -> tuple[dict | None, int]:
        """The attempt with only known ids (``None`` when its case, exercise or activity is unknown), and
        how many unknown ids were left out."""
        kind, item, stage = attempt["kind"], attempt["item"], attempt["stage"]
        if not self.item(kind, item):
            return None, 1
        case = self.case(kind, item)
        if case is not None:
            if (stage or kind == "scenario") and stage not in {s.id for s in case.stages}:
                return None, 1
            actors = {a.id for a in case.actors}
        elif kind == "scenario":
            return None, 1  # a lecturer's case that does not load
        else:
            actors = set()
        # An exercise's or activity's own item ids (q1, relation-1) are never shown: only an actor of a
        # case is named in the report, so only a case's keys must be its actors (any other is unknown).
        # An exercise's own item beside its case's actors is left out too: never a row of the tables.
        scenario = kind == "scenario"
        verdicts = {key: status for key, status in attempt["verdicts"].items()
                    if key in actors or not (scenario or actors)}
        unknown = sum(1 for key in attempt["verdicts"] if scenario and key not in actors)
        misconceptions = {}
        for key, ids in attempt["misconceptions"].items():
            if scenario and key not in actors:
                unknown += 1
                continue
            kept = [m for m in ids if self.misconception(m)]
            unknown += len(ids) - len(kept)
            if kept:
                misconceptions[key] = kept
        clean = dict(attempt, verdicts=verdicts, misconceptions=misconceptions)
        if attempt.get("possible_misconceptions"):  # only possible, not shown: kept apart, cleaned alike
            possible = {key: [m for m in ids if self.misconception(m)]
                        for key, ids in attempt["possible_misconceptions"].items() if not scenario or key in actors}
            clean["possible_misconceptions"] = {key: ids for key, ids in possible.items() if ids}
        return clean, unknown


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
