"""The class statistics: what the report counts, as plain data a test can assert on.

No file is read here and nothing is rendered (no HTML, no Markdown, no figure; neither jinja2 nor
matplotlib, :mod:`tests.test_report_package` checks it). The hand-ins arrive already read and
cleaned by :mod:`swedu.report.inputs`: one :class:`HandIn` per student, with only the ids this course
knows. :meth:`ClassStatistics.count` counts them per case, stage and actor, per misconception and per
exercise or activity, weighing every student equally.

>>> from swedu.progress import Attempt
>>> attempt = Attempt("exercise", "ex2-reasons", score=0.5)
>>> hand_ins = [HandIn("owl-17", "owl-17.json", [attempt, Attempt("exercise", "ex2-reasons", score=1.0)]),
...             HandIn("kite-02", "kite-02.json", [attempt])]
>>> stats = ClassStatistics.count(hand_ins, lambda kind, item: None, "en", "today")
>>> stats.students, stats.attempts, stats.exercises
(2, 3, [ExerciseStats(item='ex2-reasons', attempts=3, students=2, completed=1, mean_best=0.75)])
>>> percent(2 / 3)
'67%'
"""
from __future__ import annotations

import contextlib
import functools
import gc
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from swedu.i18n import catalog

WRONG = frozenset({"wrong", "missing", "extra"})
"""Verdicts that count as a wrong classification (a role missing or too many is not yet right)."""
MAX_ATTEMPTS_PER_ACTIVITY = 50
"""Of one student, at most this many attempts per case stage, exercise or activity are counted (the first
ones): a student who checked a thousand times cannot outweigh the class."""


def percent(value: float) -> str:
    """A share as the report writes it, in its tables and its figure alike."""
    return f"{round(value * 100)}%"


@contextlib.contextmanager
def collector_paused():
    """Python's cycle collector paused for a bulk read, count or drawing, and restored after (nested: left as
    found).

    Reading a class's hand-ins makes millions of short-lived dicts and lists and keeps tens of thousands
    of records, with no reference cycle among them: the collector, run every 700 new objects, would walk
    every live record again and again (a third of the report's time) and free nothing. Importing matplotlib
    for the report's chart makes a hundred thousand objects that live as long as the process: the collector
    ran over a hundred times meanwhile (a fifth of the chart's time). Memory is still freed as usual (by
    reference counting); a cycle made meanwhile (a figure and its parts) is collected on its next run after.

    >>> import gc
    >>> with collector_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    if not gc.isenabled():  # already paused (a report inside a report, or by the caller): left so
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@dataclass(frozen=True)
class Skipped:
    """A file the report did not use, and why (``reason`` is a catalog key under ``report.skipped``);
    also a note about a file that was used (``reason`` under ``report.notes``)."""

    path: str
    reason: str
    other: str = ""
    pseudonym: str = ""


@dataclass(frozen=True)
class HandIn:
    """One student's hand-in as the statistics count it: the pseudonym shown (``owl-17 (2)`` when two
    stores share one), the file, and the attempts (:class:`swedu.progress.Attempt`) with only known ids,
    in the order they were made."""

    pseudonym: str
    file: str
    attempts: list


@dataclass
class ActorStats:
    """How one actor of one stage was classified. ``answers`` and ``wrong`` count checks (at most
    :data:`MAX_ATTEMPTS_PER_ACTIVITY` per student); :attr:`share` weighs every student equally."""

    actor: str
    name: str
    alternatives: Counter = field(default_factory=Counter)
    """Right answers that chose a role the key also accepts, per system: counted apart from errors."""
    answers: int = 0
    wrong: int = 0
    students: set = field(default_factory=set)
    students_wrong: set = field(default_factory=set)
    misconceptions: Counter = field(default_factory=Counter)
    per_student: dict = field(default_factory=dict)
    """pseudonym: (answers, wrong). Tuples of numbers, not the lists counted in: a class of a thousand
    keeps hundreds of thousands of them, which Python's cycle collector then skips instead of walking on
    each run (a third of the report page's time when the chart imports matplotlib)."""
    possible: Counter = field(default_factory=Counter)
    """Misconceptions the answers only may have shown (another reading explains them): counted apart."""

    @classmethod
    def of_counts(cls, actor: str, per_student: dict, misconceptions: Counter, alternatives: Counter,
                  possible: Counter) -> ActorStats:
        """The statistics of one actor from ``per_student`` (``{pseudonym: (answers, wrong)}``, lists or
        tuples, in the students' order), the misconceptions behind the wrong answers, the also accepted
        roles chosen in the right ones and the misconceptions the wrong answers only may show (each counted
        over the class).

        >>> teen = ActorStats.of_counts("teen", {"owl-17": [2, 1], "kite-02": [1, 0]}, Counter(), Counter(),
        ...                             Counter())
        >>> teen.answers, teen.wrong, sorted(teen.students_wrong), teen.share, teen.per_student["owl-17"]
        (3, 1, ['owl-17'], 0.25, (2, 1))
        """
        kept = dict(zip(per_student, map(tuple, per_student.values())))  # a tuple is kept as it is
        answers = wrong = 0
        students_wrong = set()
        for pseudonym, (mine, mine_wrong) in kept.items():
            answers += mine
            wrong += mine_wrong
            if mine_wrong:
                students_wrong.add(pseudonym)
        return cls(actor, actor, alternatives, answers, wrong, set(kept), students_wrong, misconceptions,
                   kept, possible)

    @functools.cached_property
    def share(self) -> float:
        """The mean over students of each student's own share of wrong answers: a student who checked a
        hundred times weighs as much as one who checked once (worked out once: the tables sort by it)."""
        if not self.per_student:
            return self.wrong / self.answers if self.answers else 0.0
        return sum(w / n for n, w in self.per_student.values()) / len(self.per_student)

    @property
    def student_share(self) -> float:
        return len(self.students_wrong) / len(self.students) if self.students else 0.0


@dataclass
class StageStats:
    """One table of the report: the actors of one stage of a case (or of the case an exercise classifies)."""

    scenario: str
    stage: str
    title: str
    actors: list


@dataclass
class ExerciseStats:
    """One exercise or activity: attempts, students, students fully right, the mean of their best scores."""

    item: str
    attempts: int
    students: int
    completed: int
    mean_best: float | None


@dataclass(eq=False, repr=False)
class ClassStatistics:
    """The merged results of many students (``generated`` is when, as the report prints it)."""

    language: str
    generated: str
    skipped: list = field(default_factory=list)
    """:class:`Skipped` files, in the order they were met."""
    notes: list = field(default_factory=list)
    """Files that were used but deserve a look (the same pseudonym from two stores, unknown ids)."""
    used: list = field(default_factory=list)
    pseudonyms: list = field(default_factory=list)
    attempts: int = 0
    capped: int = 0
    """Attempts not counted because a student had more than MAX_ATTEMPTS_PER_ACTIVITY on one activity."""
    stages: list = field(default_factory=list)
    misconceptions: Counter = field(default_factory=Counter)
    misconception_students: dict = field(default_factory=lambda: defaultdict(set))
    exercises: list = field(default_factory=list)
    possible_misconceptions: Counter = field(default_factory=Counter)
    """Misconceptions the answers only *may* show, counted apart from those they show."""
    possible_students: dict = field(default_factory=lambda: defaultdict(set))

    @property
    def students(self) -> int:
        return len(self.pseudonyms)

    def dominant(self) -> list[tuple[str, int, int]]:
        """``(misconception, students, occurrences)``, most students first."""
        rows = [(m, len(self.misconception_students[m]), n) for m, n in self.misconceptions.items()]
        return sorted(rows, key=lambda r: (-r[1], -r[2], r[0]))

    def possible(self) -> list[tuple[str, int, int]]:
        """Like :meth:`dominant`, for the misconceptions the answers only may show (none: empty)."""
        rows = [(m, len(self.possible_students[m]), n) for m, n in self.possible_misconceptions.items()]
        return sorted(rows, key=lambda r: (-r[1], -r[2], r[0]))

    def hardest(self, limit: int = 10) -> list[tuple[StageStats, ActorStats]]:
        """The actors most students misclassified at least once, across all cases."""
        pairs = [(s, a) for s in self.stages for a in s.actors if a.students_wrong]
        pairs.sort(key=lambda p: (-p[1].student_share, -len(p[1].students_wrong), -p[1].share, p[0].title,
                                  p[1].name))
        return pairs[:limit]

    def __repr__(self) -> str:
        return f"<swedu class report: {self.students} students, {self.attempts} attempts, {len(self.skipped)} skipped>"

    @classmethod
    def count(cls, hand_ins, case_of, language: str, generated: str, skipped=(), notes=()):
        """The statistics of ``hand_ins`` (:class:`HandIn`, in the order the report lists students).

        ``case_of(kind, item)`` is the case a scenario or exercise is about (or ``None``): its titles,
        actor names and order name the tables. ``skipped`` and ``notes`` are kept as they are.

        Each attempt is looked at once (:meth:`_Tally.add_student`); what a distinct check counts
        (:class:`_Check`) is worked out once, and its misconceptions are added once per check with how
        often the class made it.
        """
        stats = cls(language, generated, list(skipped), list(notes))
        tally = _Tally()
        for hand_in in hand_ins:
            stats.used.append(hand_in.file)
            stats.pseudonyms.append(hand_in.pseudonym)
            tally.add_student(hand_in.pseudonym, hand_in.attempts)
        stats.attempts, stats.capped = tally.attempts, tally.capped
        tally.add_misconceptions(stats)
        stats.stages = _stages(tally.actor_stats(), case_of, language)
        for (_kind, item), entry in sorted(tally.exercise.items(), key=lambda kv: kv[0][1]):
            scores = [s for s in entry["best"].values() if s is not None]
            stats.exercises.append(ExerciseStats(
                item, entry["attempts"], len(entry["best"]), sum(1 for s in scores if s >= 0.9999),
                sum(scores) / len(scores) if scores else None))
        return stats


class _Check:
    """What one attempt counts, the same for every attempt with the same verdicts, misconceptions and
    also accepted roles: ``answered``, ``(actor, (answers: 1, wrong: 0 or 1))`` per answered actor; ``rows``,
    those with the misconceptions behind a wrong answer, the also accepted roles of a right one and the
    misconceptions a wrong answer only may show; ``shown`` and ``possible``, every misconception the
    attempt shows and only may show."""

    __slots__ = ("answered", "rows", "shown", "possible", "_mappings")

    def __init__(self, verdicts, mis, alternatives, maybe):
        rows = []
        for actor, status in verdicts.items():
            if status == "not_answered":
                continue
            wrong = status in WRONG
            rows.append((actor, int(wrong), tuple(mis.get(actor, ())) if wrong else (),
                         tuple(alternatives.get(actor, ())) if status == "correct" else (),
                         tuple(maybe.get(actor, ())) if wrong else ()))
            # also accepted roles and possible misconceptions: counted apart from the errors
        self.rows = tuple(rows)
        self.answered = tuple((row[0], _ONE_ANSWER[row[1]]) for row in rows)
        self.shown = tuple(m for ids in mis.values() for m in ids)
        self.possible = tuple(m for ids in maybe.values() for m in ids)
        self._mappings = (verdicts, mis, alternatives, maybe)  # kept: the ids they are known by stay theirs


_PAIRS = tuple(tuple((answers, wrong) for wrong in range(answers + 1))
               for answers in range(MAX_ATTEMPTS_PER_ACTIVITY + 1))
"""``_PAIRS[answers][wrong]``: the ``(answers, wrong)`` of a student at one stage, made once and shared (a class
of a thousand keeps over a hundred thousand: each a new tuple, the cycle collector would walk them all once)."""
_ONE_ANSWER = _PAIRS[1]
"""``(answers, wrong)`` of one right and of one wrong answer."""


def _pair(answers: int, wrong: int) -> tuple:
    """The shared ``(answers, wrong)`` pair (a new one beyond the cap: two hand-ins under one name)."""
    return _PAIRS[answers][wrong] if answers <= MAX_ATTEMPTS_PER_ACTIVITY else (answers, wrong)


class _Checks:
    """The :class:`_Check` of each attempt (a :class:`swedu.progress.Attempt`), made once per distinct set
    of mappings (a class's attempts share the same few: the store's cleaning hands out one read-only
    mapping per distinct content)."""

    def __init__(self):
        self._seen: dict = {}

    def of(self, attempt) -> _Check:
        verdicts, mis, alternatives = attempt.statuses, attempt.misconceptions_by_item, attempt.alternatives_by_item
        maybe = attempt.possible_misconceptions_by_item
        key = (id(verdicts), id(mis), id(alternatives), id(maybe))
        found = self._seen.get(key)
        if found is None:
            found = self._seen[key] = _Check(verdicts, mis, alternatives, maybe)
        return found


class _Tally:
    """The class's counts while the students are added one by one: per case stage each student's answers
    and wrong answers per actor, how often each distinct check was made per stage, the exercises' scores."""

    def __init__(self):
        self.attempts = 0
        self.capped = 0
        self.checks = _Checks()
        self.answered: dict = {}
        """``(kind, item, stage) -> [(pseudonym, ((actor, (answers, wrong)), ...))]``, in the students' order"""
        self.made: dict = {}
        """``(kind, item, stage) -> {check: how often the class made it}`` (after the cap), in the order made"""
        self.students_of: dict = defaultdict(set)
        """``check -> pseudonyms`` of the checks that show a misconception (shown or only possible)"""
        self.exercise: dict = defaultdict(lambda: {"attempts": 0, "best": {}})

    def add_student(self, pseudonym: str, attempts) -> None:
        """One student's attempts: at most :data:`MAX_ATTEMPTS_PER_ACTIVITY` per activity and stage counted
        (the first ones), a sitting of the concept test only counted (:mod:`swedu.report.learning` reads it)."""
        by_place: dict = {}  # (kind, item, stage) -> the student's attempts there, in order
        for attempt in attempts:
            where = (attempt.kind, attempt.item, attempt.stage_id)
            here = by_place.get(where)
            if here is None:
                by_place[where] = [attempt]
            else:
                here.append(attempt)
        of = self.checks.of
        for where, mine in by_place.items():
            if len(mine) > MAX_ATTEMPTS_PER_ACTIVITY:
                self.capped += len(mine) - MAX_ATTEMPTS_PER_ACTIVITY
                mine = mine[:MAX_ATTEMPTS_PER_ACTIVITY]
            self.attempts += len(mine)
            if where[0] == "concept_test":
                continue  # a sitting of the concept test is no practice: swedu.report.learning counts it
            checks = [of(attempt) for attempt in mine]
            if where[0] != "scenario":
                entry = self.exercise[(where[0], where[1])]
                for attempt in mine:
                    _count_score(entry, pseudonym, attempt.score)
            self._add_checks(where, checks, pseudonym)

    def _add_checks(self, where: tuple, checks: list, pseudonym: str) -> None:
        """A student's ``checks`` at one stage: how often each was made, and the student's answers and wrong
        answers per actor there."""
        counter = self.made.get(where)
        if counter is None:
            counter = self.made[where] = {}
        for check in checks:
            counter[check] = counter.get(check, 0) + 1
            if check.shown or check.possible:
                self.students_of[check].add(pseudonym)
        if len(checks) == 1:  # the usual case: one check of a stage, one answer per actor
            answered = checks[0].answered
        else:
            sums: dict = {}
            for check in checks:
                for actor, (_one, wrong) in check.answered:
                    mine = sums.get(actor)
                    if mine is None:
                        sums[actor] = [1, wrong]
                    else:
                        mine[0] += 1
                        mine[1] += wrong
            answered = tuple((actor, _pair(answers, wrong)) for actor, (answers, wrong) in sums.items())
        entries = self.answered.get(where)
        if entries is None:
            self.answered[where] = [(pseudonym, answered)]
        else:
            entries.append((pseudonym, answered))

    def add_misconceptions(self, stats: ClassStatistics) -> None:
        """The misconceptions shown (and only possibly shown) over the class, and by which students."""
        for counter in self.made.values():
            for check, times in counter.items():
                for m in check.shown:
                    stats.misconceptions[m] += times
                for m in check.possible:
                    stats.possible_misconceptions[m] += times
        for check, pseudonyms in self.students_of.items():
            for m in check.shown:
                stats.misconception_students[m].update(pseudonyms)
            for m in check.possible:
                stats.possible_students[m].update(pseudonyms)

    def actor_stats(self) -> dict:
        """``{(kind, item, stage, actor): ActorStats}``: each actor's answers and wrong answers per student (in
        the students' order), its misconceptions, also accepted roles and possible misconceptions added once
        per distinct check, times how often the class made it."""
        out = {}
        for where, entries in self.answered.items():
            per_actor: dict = {}  # actor -> {pseudonym: (answers, wrong)}
            for pseudonym, answered in entries:
                for actor, pair in answered:
                    students = per_actor.get(actor)
                    if students is None:
                        per_actor[actor] = {pseudonym: pair}
                    elif pseudonym in students:  # two hand-ins under one name (the statistics of a list made by hand)
                        mine = students[pseudonym]
                        students[pseudonym] = _pair(mine[0] + pair[0], mine[1] + pair[1])
                    else:
                        students[pseudonym] = pair
            found = {actor: (Counter(), Counter(), Counter()) for actor in per_actor}
            for check, times in self.made[where].items():
                for actor, _wrong, mis, alternatives, maybe in check.rows:
                    counters = found[actor]
                    for counter, ids in zip(counters, (mis, alternatives, maybe)):
                        for ident in ids:
                            counter[ident] += times
            for actor, per_student in per_actor.items():
                mis, alternatives, maybe = found[actor]
                out[(*where, actor)] = ActorStats.of_counts(actor, per_student, mis, alternatives, maybe)
        return out


def _count_score(entry: dict, pseudonym: str, score) -> None:
    """One attempt of an exercise or activity: counted, and its score if it is the student's best."""
    entry["attempts"] += 1
    best = entry["best"].get(pseudonym)
    if score is not None and (best is None or score > best):
        entry["best"][pseudonym] = score
    else:
        entry["best"].setdefault(pseudonym, best)


def _stages(stage_actor: dict, case_of, lang: str) -> list[StageStats]:
    """The tables per case and stage, named and ordered (exercises that classify a case's actors too)."""
    grouped: dict = defaultdict(list)
    for (kind, item, stage, _actor), actor_stats in stage_actor.items():
        grouped[(kind, item, stage)].append(actor_stats)
    titles = catalog(lang)

    def stage_order(key):
        kind, item, stage = key
        scenario = case_of(kind, item)
        title = scenario.title[lang] if scenario else item
        index = 999
        if scenario:
            index = next((i for i, s in enumerate(scenario.stages) if s.id == stage), 999)
        return (kind != "scenario", title.lower(), item, index, stage)

    out = []
    for kind, item, stage in sorted(grouped, key=stage_order):
        scenario = case_of(kind, item)
        actors = grouped[(kind, item, stage)]
        if kind != "scenario" and (scenario is None or not {a.actor for a in actors} <= {
                a.id for a in scenario.actors}):
            continue  # an exercise about something other than classifying a case's actors
        title = f"{item} — {stage}" if stage else item
        order = {}
        if scenario is not None:
            order = {a.id: i for i, a in enumerate(scenario.actors)}
            names = {a.id: a.name[lang] for a in scenario.actors}
            for actor_stats in actors:
                actor_stats.name = names.get(actor_stats.actor, actor_stats.actor)
            try:
                title = f"{scenario.title[lang]} — {scenario.stage(stage).title[lang]}" if stage else \
                    scenario.title[lang]
            except Exception:  # noqa: BLE001 - a stage removed from the case since
                title = f"{scenario.title[lang]} — {stage}"
        if kind != "scenario":
            title = f"{titles.get(f'exercises.title.{item}', item)} — {title}"
        actors.sort(key=lambda a: (-a.share, order.get(a.actor, 999), a.name))
        out.append(StageStats(item, stage, title, actors))
    return out
