"""The class statistics: what the report counts, as plain data a test can assert on.

No file is read here and nothing is rendered (no HTML, no Markdown, no figure; neither jinja2 nor
matplotlib, :mod:`tests.test_report_package` checks it). The hand-ins arrive already read and
cleaned by :mod:`swedu.report.inputs`: one :class:`HandIn` per student, with only the ids this course
knows. :meth:`ClassStatistics.count` counts them per case, stage and actor, per misconception and per
exercise or activity, weighing every student equally.

>>> attempt = {"kind": "exercise", "item": "ex2-reasons", "stage": "", "score": 0.5,
...            "verdicts": {}, "misconceptions": {}}
>>> hand_ins = [HandIn("owl-17", "owl-17.json", [attempt, dict(attempt, score=1.0)]),
...             HandIn("kite-02", "kite-02.json", [attempt])]
>>> stats = ClassStatistics.count(hand_ins, lambda kind, item: None, "en", "today")
>>> stats.students, stats.attempts, stats.exercises
(2, 3, [ExerciseStats(item='ex2-reasons', attempts=3, students=2, completed=1, mean_best=0.75)])
>>> percent(2 / 3)
'67%'
"""
from __future__ import annotations

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
    stores share one), the file, and the attempts with only known ids, in the order they were made."""

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
    """pseudonym: [answers, wrong]"""
    possible: Counter = field(default_factory=Counter)
    """Misconceptions the answers only may have shown (another reading explains them): counted apart."""

    def count(self, pseudonym: str, wrong: bool, misconceptions=()) -> None:
        """One check of this actor by one student."""
        mine = self.per_student.setdefault(pseudonym, [0, 0])
        mine[0] += 1
        self.answers += 1
        self.students.add(pseudonym)
        if wrong:
            mine[1] += 1
            self.wrong += 1
            self.students_wrong.add(pseudonym)
            self.misconceptions.update(misconceptions)

    @property
    def share(self) -> float:
        """The mean over students of each student's own share of wrong answers: a student who checked a
        hundred times weighs as much as one who checked once."""
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
        """
        stats = cls(language, generated, list(skipped), list(notes))
        stage_actor: dict = {}
        exercise: dict = defaultdict(lambda: {"attempts": 0, "best": {}})
        for hand_in in hand_ins:
            pseudonym = hand_in.pseudonym
            stats.used.append(hand_in.file)
            stats.pseudonyms.append(pseudonym)
            per_activity: Counter = Counter()
            for attempt in hand_in.attempts:
                kind = attempt["kind"]
                per_activity[(kind, attempt["item"], attempt["stage"])] += 1
                if per_activity[(kind, attempt["item"], attempt["stage"])] > MAX_ATTEMPTS_PER_ACTIVITY:
                    stats.capped += 1
                    continue
                stats.attempts += 1
                _count_attempt(stats, stage_actor, exercise, pseudonym, attempt)
        stats.stages = _stages(stage_actor, case_of, language)
        for (_kind, item), entry in sorted(exercise.items(), key=lambda kv: kv[0][1]):
            scores = [s for s in entry["best"].values() if s is not None]
            stats.exercises.append(ExerciseStats(
                item, entry["attempts"], len(entry["best"]), sum(1 for s in scores if s >= 0.9999),
                sum(scores) / len(scores) if scores else None))
        return stats


def _count_attempt(stats: ClassStatistics, stage_actor: dict, exercise: dict, pseudonym: str, attempt: dict) -> None:
    """One counted attempt: its misconceptions, each actor's verdict, also accepted roles, the score."""
    kind = attempt["kind"]
    if kind == "concept_test":
        return  # a sitting of the concept test is no practice: swedu.report.learning counts it
    for ids in attempt["misconceptions"].values():
        for m in ids:
            stats.misconceptions[m] += 1
            stats.misconception_students[m].add(pseudonym)
    mis = attempt["misconceptions"]
    possible = attempt.get("possible_misconceptions") or {}
    for ids in possible.values():
        for m in ids:
            stats.possible_misconceptions[m] += 1
            stats.possible_students[m].add(pseudonym)
    for actor, status in attempt["verdicts"].items():
        if status == "not_answered":
            continue
        key = (kind, attempt["item"], attempt["stage"], actor)
        actor_stats = stage_actor.get(key)
        if actor_stats is None:
            actor_stats = stage_actor[key] = ActorStats(actor, actor)
        actor_stats.count(pseudonym, status in WRONG, mis.get(actor, ()))
        if status in WRONG:
            actor_stats.possible.update(possible.get(actor, ()))
        if status == "correct":  # also accepted roles: right answers, counted apart from the errors
            actor_stats.alternatives.update(attempt.get("alternatives", {}).get(actor, ()))
    if kind != "scenario":
        entry = exercise[(kind, attempt["item"])]
        entry["attempts"] += 1
        score = attempt["score"]
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
