"""What the class learned: the concept test's scores, gain, item analysis, reliability and outcomes.

Pure statistics on plain data: no file is read, nothing is rendered, neither jinja2 nor matplotlib is
imported (``tests/test_report_learning.py`` checks it). The hand-ins arrive read and cleaned by
:mod:`swedu.report.inputs`; the test is any object shaped like :class:`swedu.concept_test.ConceptTest`
(``id``, ``items`` with ``id``, ``key``, ``outcome`` and ``options`` with ``id`` and ``misconception``).

Definitions (each tested against a worked example computed by hand):

* a student's **score** is the number of items answered with the key (an item not answered is not
  right); ``max`` is the number of items;
* each student's **normalized gain** ``g = (post - pre) / (max - pre)``, undefined (``None``) when
  ``pre == max``; the class's **<g>** is the same formula on the class means of the students who took
  both tests (Hake 1998), and students with one test only are counted apart, never in a gain;
* per item (on the test after the course when anyone took it, else the test before): **difficulty**
  ``p``, the share who chose the key; **discrimination** ``D = p_upper - p_lower`` in the upper and
  lower 27 % of students by total score (at least one student each; ties at the cut are broken by
  pseudonym, so the groups are reproducible); the **point-biserial** correlation of the item with the
  rest of the test (the total without the item), ``None`` when the item or the rest does not vary;
  each distractor's share in the upper and lower group; and the **flags** of :data:`THRESHOLDS`;
* **KR-20** ``= k / (k - 1) * (1 - sum(p q) / var)``, with ``var`` the population variance of the
  total scores (``None`` with fewer than two items or no variance);
* each **misconception's share** of the students who took a test: those who chose at least one
  distractor tagged with it;
* **attainment** of a learning outcome: the mean over students of the share of its items they answered
  with the key.

>>> from types import SimpleNamespace as NS
>>> def item(i, key="a"):
...     return NS(id=i, key=key, outcome="o1", options=(NS(id="a", misconception=None),
...               NS(id="b", misconception="roles_fixed"), NS(id="c", misconception=None)))
>>> test = NS(id="t", items=(item("q1"), item("q2")))
>>> sittings = {"ana": {"pre": {"q1": "b", "q2": "a"}, "post": {"q1": "a", "q2": "a"}},
...             "budi": {"pre": {"q1": "b"}}}
>>> stats = LearningStatistics.compute(test, sittings)
>>> stats.both, stats.pre_only, stats.post_only, stats.gains["ana"]
(['ana'], ['budi'], [], 1.0)
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

KIND = "concept_test"
"""The kind of attempt a sitting of a concept test is recorded as."""
PHASES = ("pre", "post")
GROUP_SHARE = 0.27
"""The upper and lower groups of the discrimination index: 27 % each (Kelley 1939)."""
THRESHOLDS = {"too_easy": 0.9, "too_hard": 0.2, "low_discrimination": 0.2}
"""When an item is flagged for review: p above 0.9 or below 0.2 (the usual limits of classical item
analysis), D below 0.2 (Ebel and Frisbie 1991: below 0.20 an item is poor and is revised or dropped)."""


def first_sittings(hand_ins, test_id: str, item_ids, option_ids: Mapping) -> dict:
    """``{pseudonym: {phase: {item: option}}}``: each student's first sitting of each phase.

    ``hand_ins`` are :class:`swedu.report.statistics.HandIn` values (their attempts typed
    :class:`swedu.progress.Attempt` records: ``kind``, ``item``, ``stage_id``, ``answer_ids``). Only attempts of this test count; an unknown item or option is
    left out (it counts as not answered), and a sitting with no answer left is none (a Submit pressed
    before choosing anything). A student with no sitting is not listed.
    """
    out: dict = {}
    items = set(item_ids)
    for hand_in in hand_ins:
        mine: dict = {}
        for attempt in hand_in.attempts:
            phase = attempt.stage_id
            if attempt.kind != KIND or attempt.item != test_id or phase not in PHASES or phase in mine:
                continue
            answer = attempt.answer_ids
            answer = answer if isinstance(answer, Mapping) else {}
            kept = {k: v for k, v in answer.items() if k in items and isinstance(v, str) and v in option_ids.get(k, ())}
            if kept:  # a Submit with nothing chosen is no sitting: the student's next one counts
                mine[phase] = kept
        if mine:
            out[hand_in.pseudonym] = mine
    return out


def mean(values) -> float | None:
    values = list(values)
    return sum(values) / len(values) if values else None


def median(values) -> float | None:
    values = sorted(values)
    n = len(values)
    if not n:
        return None
    return float(values[n // 2]) if n % 2 else (values[n // 2 - 1] + values[n // 2]) / 2


def sample_sd(values) -> float | None:
    """The standard deviation with ``n - 1`` (``None`` below two values)."""
    values = list(values)
    if len(values) < 2:
        return None
    m = sum(values) / len(values)
    return math.sqrt(sum((v - m) ** 2 for v in values) / (len(values) - 1))


def population_variance(values) -> float:
    values = list(values)
    if not values:
        return 0.0
    m = sum(values) / len(values)
    return sum((v - m) ** 2 for v in values) / len(values)


def normalized_gain(pre: float, post: float, maximum: float) -> float | None:
    """``(post - pre) / (maximum - pre)``; ``None`` (undefined) when ``pre`` is already the maximum.

    >>> normalized_gain(6, 12, 18), normalized_gain(18, 17, 18)
    (0.5, None)
    """
    if pre >= maximum:
        return None
    return (post - pre) / (maximum - pre)


def kr20(rows: list, k: int) -> float | None:
    """KR-20 of 0/1 ``rows`` (one list of k item marks per student)."""
    if k < 2 or not rows:
        return None
    totals = [sum(r) for r in rows]
    var = population_variance(totals)
    if var == 0:
        return None
    n = len(rows)
    pq = 0.0
    for j in range(k):
        p = sum(r[j] for r in rows) / n
        pq += p * (1 - p)
    return k / (k - 1) * (1 - pq / var)


def point_biserial(marks: list, rest: list) -> float | None:
    """Pearson's correlation of 0/1 ``marks`` with ``rest`` scores (``None`` when either does not vary)."""
    n = len(marks)
    if n < 2:
        return None
    mx, my = sum(marks) / n, sum(rest) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(marks, rest))
    sxx = sum((x - mx) ** 2 for x in marks)
    syy = sum((y - my) ** 2 for y in rest)
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


@dataclass(frozen=True)
class PhaseSummary:
    """The scores of one test: how many took it, mean, median, standard deviation (n - 1), KR-20."""

    phase: str
    students: int
    mean: float | None
    median: float | None
    sd: float | None
    kr20: float | None


@dataclass(frozen=True)
class ItemStats:
    """One item on the analysed test. ``distractors`` maps each wrong option to its share of the upper
    and the lower group, ``(upper, lower)``; ``chosen`` counts every option's choices in the whole group;
    ``flags`` are ``(name, value)`` pairs (:data:`THRESHOLDS`, ``unused_distractor``, ``upper_prefers``)."""

    item: str
    outcome: str
    key: str
    difficulty: float
    discrimination: float
    point_biserial: float | None
    distractors: dict
    chosen: dict
    flags: tuple


@dataclass
class LearningStatistics:
    """The concept test's numbers for one class (see the module's definitions)."""

    test_id: str
    max_score: int
    pre_scores: dict = field(default_factory=dict)
    post_scores: dict = field(default_factory=dict)
    gains: dict = field(default_factory=dict)
    """pseudonym: g (``None`` when undefined), for the students who took both tests."""
    class_pre: float | None = None
    class_post: float | None = None
    class_gain: float | None = None
    """<g> from the class means of the students who took both tests (``None`` when undefined)."""
    mean_student_gain: float | None = None
    summaries: dict = field(default_factory=dict)
    items_phase: str = "post"
    items: list = field(default_factory=list)
    misconceptions: dict = field(default_factory=dict)
    """misconception: {phase: share of the students who took that test}."""
    outcomes: dict = field(default_factory=dict)
    """outcome id: {phase: attainment (None when nobody took that test)}."""
    item_outcomes: dict = field(default_factory=dict)

    @property
    def students(self) -> int:
        return len(set(self.pre_scores) | set(self.post_scores))

    @property
    def both(self) -> list:
        """The pseudonyms of the students who took both tests, sorted (read off the scores)."""
        return sorted(set(self.pre_scores) & set(self.post_scores))

    @property
    def pre_only(self) -> list:
        return sorted(set(self.pre_scores) - set(self.post_scores))

    @property
    def post_only(self) -> list:
        return sorted(set(self.post_scores) - set(self.pre_scores))

    @property
    def undefined_gains(self) -> int:
        return sum(1 for g in self.gains.values() if g is None)

    @classmethod
    def from_hand_ins(cls, hand_ins, test) -> LearningStatistics | None:
        """The statistics of ``test`` in these hand-ins, or ``None`` when nobody took it."""
        item_ids = [i.id for i in test.items]
        options = {i.id: {o.id for o in i.options} for i in test.items}
        sittings = first_sittings(hand_ins, test.id, item_ids, options)
        return cls.compute(test, sittings) if sittings else None

    @classmethod
    def compute(cls, test, sittings: Mapping) -> LearningStatistics:
        """The statistics of ``sittings`` (``{pseudonym: {phase: {item: option}}}``) of ``test``."""
        items = list(test.items)
        k = len(items)
        stats = cls(test.id, k, item_outcomes={i.id: i.outcome for i in items})
        marks: dict = {phase: {} for phase in PHASES}
        for pseudonym in sorted(sittings):
            for phase, answer in sittings[pseudonym].items():
                if phase in PHASES:
                    marks[phase][pseudonym] = [1 if answer.get(i.id) == i.key else 0 for i in items]
        stats.pre_scores = {p: sum(m) for p, m in marks["pre"].items()}
        stats.post_scores = {p: sum(m) for p, m in marks["post"].items()}
        both = stats.both
        stats.gains = {p: normalized_gain(stats.pre_scores[p], stats.post_scores[p], k) for p in both}
        if both:
            stats.class_pre = mean(stats.pre_scores[p] for p in both)
            stats.class_post = mean(stats.post_scores[p] for p in both)
            stats.class_gain = normalized_gain(stats.class_pre, stats.class_post, k)
        stats.mean_student_gain = mean(g for g in stats.gains.values() if g is not None)
        for phase in PHASES:
            scores = [sum(m) for m in marks[phase].values()]
            stats.summaries[phase] = PhaseSummary(phase, len(scores), mean(scores), median(scores), sample_sd(scores),
                                                  kr20(list(marks[phase].values()), k))
        stats.items_phase = "post" if marks["post"] else "pre"
        chosen = {p: sittings[p][stats.items_phase] for p in marks[stats.items_phase]}
        stats.items = _item_analysis(items, marks[stats.items_phase], chosen)
        stats.misconceptions = _misconceptions(items, sittings)
        stats.outcomes = _outcomes(items, marks)
        return stats


def groups(totals: Mapping) -> tuple[list, list]:
    """The upper and lower 27 % of students by total score: ``round(0.27 n)`` each, at least one
    (for n = 1 the one student is both); ties are broken by pseudonym.

    >>> groups({"a": 5, "b": 3, "c": 4, "d": 1, "e": 3, "f": 0, "g": 2, "h": 4})
    (['a', 'c'], ['f', 'd'])
    """
    n = len(totals)
    size = max(1, round(GROUP_SHARE * n)) if n else 0
    order = sorted(totals, key=lambda p: (-totals[p], p))
    return order[:size], sorted(totals, key=lambda p: (totals[p], p))[:size]


def _item_analysis(items: list, marks: Mapping, chosen: Mapping) -> list:
    if not marks:
        return []
    totals = {p: sum(m) for p, m in marks.items()}
    upper, lower = groups(totals)
    out = []
    people = sorted(marks)
    for j, item in enumerate(items):
        column = [marks[p][j] for p in people]
        p_all = sum(column) / len(column)
        p_up = sum(marks[p][j] for p in upper) / len(upper)
        p_low = sum(marks[p][j] for p in lower) / len(lower)
        rest = [totals[p] - marks[p][j] for p in people]
        counts = {o.id: 0 for o in item.options}
        for p in people:
            option = chosen.get(p, {}).get(item.id)
            if option in counts:
                counts[option] += 1
        shares = {}
        for o in item.options:
            if o.id == item.key:
                continue
            up = sum(1 for p in upper if chosen.get(p, {}).get(item.id) == o.id) / len(upper)
            low = sum(1 for p in lower if chosen.get(p, {}).get(item.id) == o.id) / len(lower)
            shares[o.id] = (up, low)
        flags = []
        if p_all > THRESHOLDS["too_easy"]:
            flags.append(("too_easy", THRESHOLDS["too_easy"]))
        if p_all < THRESHOLDS["too_hard"]:
            flags.append(("too_hard", THRESHOLDS["too_hard"]))
        if p_up - p_low < THRESHOLDS["low_discrimination"]:
            flags.append(("low_discrimination", THRESHOLDS["low_discrimination"]))
        for option_id, (up, low) in shares.items():
            if counts[option_id] == 0:
                flags.append(("unused_distractor", option_id))
            elif up > low:
                flags.append(("upper_prefers", option_id))
        out.append(ItemStats(item.id, item.outcome, item.key, p_all, p_up - p_low, point_biserial(column, rest),
                             shares, counts, tuple(flags)))
    return out


def _misconceptions(items: list, sittings: Mapping) -> dict:
    tags = {(i.id, o.id): o.misconception for i in items for o in i.options if o.misconception and o.id != i.key}
    shown: dict = {}
    takers = {phase: 0 for phase in PHASES}
    for pseudonym in sittings:
        for phase, answer in sittings[pseudonym].items():
            if phase not in PHASES:
                continue
            takers[phase] += 1
            for m in {tags.get((item, option)) for item, option in answer.items()} - {None}:
                shown.setdefault(m, {ph: 0 for ph in PHASES})[phase] += 1
    return {m: {ph: (counts[ph] / takers[ph] if takers[ph] else None) for ph in PHASES}
            for m, counts in sorted(shown.items())}


def _outcomes(items: list, marks: Mapping) -> dict:
    out: dict = {}
    for outcome in dict.fromkeys(i.outcome for i in items):
        columns = [j for j, i in enumerate(items) if i.outcome == outcome]
        out[outcome] = {}
        for phase in PHASES:
            shares = [sum(m[j] for j in columns) / len(columns) for m in marks[phase].values()]
            out[outcome][phase] = mean(shares)
    return out


__all__ = ["GROUP_SHARE", "KIND", "PHASES", "THRESHOLDS", "ItemStats", "LearningStatistics", "PhaseSummary",
           "first_sittings", "groups", "kr20", "normalized_gain", "point_biserial"]
