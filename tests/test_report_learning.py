"""The concept test's statistics (swedu.report.learning): every number against a worked example computed
by hand below, and a simulated class whose known item difficulties are recovered in order."""
from __future__ import annotations

import math
import random
from pathlib import Path
from types import SimpleNamespace as NS

import pytest

from swedu.progress import Attempt
from swedu.report import learning
from swedu.report.learning import LearningStatistics, groups, kr20, normalized_gain, point_biserial
from swedu.report.statistics import HandIn

ROOT = Path(__file__).resolve().parents[1]


def _item(item_id, key, tags, outcome):
    """An item with options a-d; ``tags`` maps a distractor to its misconception."""
    return NS(id=item_id, key=key, outcome=outcome,
              options=tuple(NS(id=o, misconception=tags.get(o)) for o in "abcd"))


TEST = NS(id="mini", items=(
    _item("q1", "a", {"b": "roles_fixed"}, "o1"),
    _item("q2", "b", {"a": "client_is_problem_bearer"}, "o1"),
    _item("q3", "c", {"d": "referrer_is_client"}, "o2"),
))
SITTINGS = {
    "ana": {"pre": {"q1": "a", "q2": "a", "q3": "d"}, "post": {"q1": "a", "q2": "b", "q3": "c"}},
    "budi": {"pre": {"q1": "b", "q2": "b", "q3": "c"}, "post": {"q1": "a", "q2": "b", "q3": "a"}},
    "citra": {"pre": {"q1": "b", "q2": "a"}, "post": {"q1": "a", "q2": "b", "q3": "c"}},
    "dodi": {"pre": {"q1": "a", "q2": "b", "q3": "c"}, "post": {"q1": "a", "q2": "b", "q3": "b"}},
    "eka": {"pre": {"q1": "c", "q2": "a", "q3": "d"}, "post": {"q1": "b", "q2": "a", "q3": "d"}},
    "fajar": {"post": {"q1": "a", "q2": "c", "q3": "c"}},
    "gita": {"pre": {"q1": "a", "q2": "b", "q3": "a"}},
}
# Worked by hand (3 items, so max = 3):
#   pre  marks: ana 1,0,0 = 1 | budi 0,1,1 = 2 | citra 0,0,- = 0 | dodi 1,1,1 = 3 | eka 0,0,0 = 0 | gita 1,1,0 = 2
#   post marks: ana 1,1,1 = 3 | budi 1,1,0 = 2 | citra 1,1,1 = 3 | dodi 1,1,0 = 2 | eka 0,0,0 = 0 | fajar 1,0,1 = 2
#   both: ana budi citra dodi eka; only pre: gita; only post: fajar
#   g: ana (3-1)/(3-1) = 1 | budi (2-2)/(3-2) = 0 | citra (3-0)/3 = 1 | dodi pre = max: undefined | eka 0/3 = 0
#   class means of the five: pre 6/5 = 1.2, post 10/5 = 2.0; <g> = 0.8 / 1.8 = 4/9
#   pre summary (6 students: 1 2 0 3 0 2): mean 8/6, median (1 + 2)/2 = 1.5,
#     sum of squares about 4/3 = 66/9, sd = sqrt(66/9 / 5); population variance 66/9 / 6 = 11/9
#     p = 3/6, 3/6, 2/6; sum pq = 1/4 + 1/4 + 2/9 = 13/18; KR-20 = 3/2 (1 - (13/18)/(11/9)) = 27/44
#   items on the post test: groups of round(0.27 * 6) = 2: upper ana, citra (3, 3); lower eka (0), budi (2,
#     the first of the 2s by name). q1: p 5/6, upper 1, lower 1/2, D 1/2. q2: p 4/6, D 1 - 1/2. q3: p 3/6, D 1 - 0.
#   point-biserial q1 (people in name order): marks 1 1 1 1 0 1, rest 2 1 2 1 0 1: sxy 7/6, sxx 5/6, syy 17/6,
#     r = 7 / sqrt(85)
#   distractors q1: b upper 0 lower 1/2 (eka); c and d chosen by nobody. q2: a (0, 1/2); c (0, 0) chosen by fajar;
#     d nobody. q3: a (0, 1/2) budi; b (0, 0) dodi; d (0, 1/2) eka.
#   misconceptions, pre (6 students): roles_fixed budi citra = 2/6; client_is_problem_bearer ana citra eka = 3/6;
#     referrer_is_client ana eka = 2/6. post (6): eka alone shows all three = 1/6 each.
#   outcomes: o1 (q1, q2) pre .5 .5 0 1 0 1 -> 1/2; post 1 1 1 1 0 .5 -> 3/4; o2 (q3) pre 2/6, post 3/6.


@pytest.fixture(scope="module")
def stats():
    return LearningStatistics.compute(TEST, SITTINGS)


def test_scores_and_who_took_which(stats):
    assert stats.pre_scores == {"ana": 1, "budi": 2, "citra": 0, "dodi": 3, "eka": 0, "gita": 2}
    assert stats.post_scores == {"ana": 3, "budi": 2, "citra": 3, "dodi": 2, "eka": 0, "fajar": 2}
    assert (stats.both, stats.pre_only, stats.post_only) == (["ana", "budi", "citra", "dodi", "eka"], ["gita"],
                                                             ["fajar"])
    assert stats.students == 7 and stats.max_score == 3


def test_gain_of_each_student_and_of_the_class(stats):
    assert stats.gains == {"ana": 1.0, "budi": 0.0, "citra": 1.0, "dodi": None, "eka": 0.0}
    assert stats.undefined_gains == 1
    assert stats.class_pre == pytest.approx(1.2) and stats.class_post == pytest.approx(2.0)
    assert stats.class_gain == pytest.approx(4 / 9)
    assert stats.mean_student_gain == pytest.approx(0.5)


def test_gain_is_undefined_at_the_maximum_and_can_be_negative():
    assert normalized_gain(3, 3, 3) is None
    assert normalized_gain(2, 1, 3) == -1.0
    assert normalized_gain(0, 0, 3) == 0.0


def test_summaries_and_kr20(stats):
    pre = stats.summaries["pre"]
    assert pre.students == 6
    assert pre.mean == pytest.approx(8 / 6) and pre.median == 1.5
    assert pre.sd == pytest.approx(math.sqrt(66 / 9 / 5))
    assert pre.kr20 == pytest.approx(27 / 44)
    assert kr20([[1, 1], [1, 1]], 2) is None, "no variance: undefined"
    assert kr20([[1]], 1) is None, "one item: undefined"


def test_upper_and_lower_groups(stats):
    assert groups({"ana": 3, "budi": 2, "citra": 3, "dodi": 2, "eka": 0, "fajar": 2}) == (["ana", "citra"],
                                                                                           ["eka", "budi"])
    assert groups({"solo": 1}) == (["solo"], ["solo"])


def test_item_analysis(stats):
    assert stats.items_phase == "post"
    q1, q2, q3 = stats.items
    assert (q1.difficulty, q2.difficulty, q3.difficulty) == pytest.approx((5 / 6, 4 / 6, 3 / 6))
    assert (q1.discrimination, q2.discrimination, q3.discrimination) == pytest.approx((0.5, 0.5, 1.0))
    assert q1.point_biserial == pytest.approx(7 / math.sqrt(85))
    assert q1.distractors == {"b": (0.0, 0.5), "c": (0.0, 0.0), "d": (0.0, 0.0)}
    assert q2.distractors == {"a": (0.0, 0.5), "c": (0.0, 0.0), "d": (0.0, 0.0)}
    assert q3.distractors == {"a": (0.0, 0.5), "b": (0.0, 0.0), "d": (0.0, 0.5)}
    assert q1.chosen == {"a": 5, "b": 1, "c": 0, "d": 0}
    assert q1.flags == (("unused_distractor", "c"), ("unused_distractor", "d"))
    assert q2.flags == (("unused_distractor", "d"),)
    assert q3.flags == ()


def test_flags_for_easy_hard_weak_and_a_distractor_the_upper_group_prefers():
    item = _item("q", "a", {}, "o")
    other = _item("r", "a", {}, "o")
    third = _item("s", "a", {}, "o")
    # ten students: the five best (two of three right) choose b on q, the five weakest (one right) choose a
    sittings = {f"s{n}": {"post": {"q": "b", "r": "a", "s": "a"} if n < 5 else {"q": "a", "r": "c", "s": "c"}}
                for n in range(10)}
    stats = LearningStatistics.compute(NS(id="t", items=(item, other, third)), sittings)
    q = stats.items[0]
    assert q.difficulty == 0.5 and q.discrimination < 0
    assert ("low_discrimination", 0.2) in q.flags and ("upper_prefers", "b") in q.flags
    easy = LearningStatistics.compute(NS(id="t", items=(item,)), {f"s{n}": {"post": {"q": "a"}} for n in range(10)})
    assert ("too_easy", 0.9) in easy.items[0].flags and easy.items[0].point_biserial is None
    hard = LearningStatistics.compute(NS(id="t", items=(item,)), {f"s{n}": {"post": {"q": "c"}} for n in range(10)})
    assert ("too_hard", 0.2) in hard.items[0].flags


def test_point_biserial_is_pearson_on_marks():
    assert point_biserial([1, 0, 1, 0], [3, 1, 3, 1]) == pytest.approx(1.0)
    assert point_biserial([1, 1, 1], [3, 1, 2]) is None


def test_misconception_shares_before_and_after(stats):
    assert stats.misconceptions == {
        "client_is_problem_bearer": {"pre": pytest.approx(3 / 6), "post": pytest.approx(1 / 6)},
        "referrer_is_client": {"pre": pytest.approx(2 / 6), "post": pytest.approx(1 / 6)},
        "roles_fixed": {"pre": pytest.approx(2 / 6), "post": pytest.approx(1 / 6)},
    }


def test_attainment_per_outcome(stats):
    assert stats.outcomes == {"o1": {"pre": pytest.approx(0.5), "post": pytest.approx(0.75)},
                              "o2": {"pre": pytest.approx(2 / 6), "post": pytest.approx(0.5)}}


def test_only_the_test_before_gives_its_item_analysis_and_no_gain():
    stats = LearningStatistics.compute(TEST, {"gita": SITTINGS["gita"], "ana": {"pre": SITTINGS["ana"]["pre"]}})
    assert stats.items_phase == "pre" and stats.class_gain is None and stats.both == []
    assert stats.outcomes["o1"]["post"] is None


def test_first_sitting_of_each_phase_counts_and_foreign_answers_are_left_out():
    attempts = [
        {"kind": "concept_test", "item": "mini", "stage": "pre", "answer": {}},  # Submit before any choice
        {"kind": "concept_test", "item": "mini", "stage": "pre", "answer": {"q9": "a", "q2": "zz"}},  # nothing known
        {"kind": "concept_test", "item": "mini", "stage": "pre", "answer": {"q1": "b", "q9": "a", "q2": "zz"}},
        {"kind": "concept_test", "item": "mini", "stage": "pre", "answer": {"q1": "a"}},
        {"kind": "concept_test", "item": "other", "stage": "post", "answer": {"q1": "a"}},
        {"kind": "concept_test", "item": "mini", "stage": "later", "answer": {"q1": "a"}},
        {"kind": "exercise", "item": "mini", "stage": "post", "answer": None},
    ]
    attempts = [Attempt.sanitised(a) for a in attempts]  # the report counts typed records
    stats = LearningStatistics.from_hand_ins([HandIn("owl-17", "owl.json", attempts),
                                              HandIn("kite-02", "kite.json", attempts[4:])], TEST)
    assert stats.pre_scores == {"owl-17": 0} and stats.post_scores == {}, "the first sitting with an answer"
    assert LearningStatistics.from_hand_ins([HandIn("kite-02", "kite.json", attempts[4:])], TEST) is None


def simulated_class(n_students: int, difficulties: list, shift: float, seed: int = 7):
    """A class answering items of known difficulty (Rasch: P(right) = 1 / (1 + exp(b - ability))); after the
    course each ability rises by ``shift``. Wrong answers pick a distractor at random."""
    rng = random.Random(seed)
    items = tuple(_item(f"i{j:02d}", "a", {"b": "roles_fixed"}, "o") for j in range(len(difficulties)))
    sittings = {}
    for n in range(n_students):
        ability = rng.gauss(0, 1)
        student = {}
        for phase, theta in (("pre", ability), ("post", ability + shift)):
            student[phase] = {it.id: ("a" if rng.random() < 1 / (1 + math.exp(b - theta)) else rng.choice("bcd"))
                              for it, b in zip(items, difficulties)}
        sittings[f"s{n:04d}"] = student
    return NS(id="sim", items=items), sittings


def test_a_simulated_class_recovers_the_order_of_known_difficulties():
    difficulties = [-2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5]
    order = list(range(len(difficulties)))
    shuffled = order[:]
    random.Random(3).shuffle(shuffled)  # the items are not given in order of difficulty
    test, sittings = simulated_class(2000, [difficulties[j] for j in shuffled], shift=1.0)
    stats = LearningStatistics.compute(test, sittings)
    p_post = [i.difficulty for i in stats.items]
    recovered = sorted(range(len(p_post)), key=lambda j: -p_post[j])  # easiest first
    assert [shuffled[j] for j in recovered] == order
    # items of a Rasch test all discriminate, the middle ones best (near the ceiling or the floor, less)
    assert all(i.discrimination > 0.1 and i.point_biserial > 0.1 for i in stats.items)
    by_difficulty = [stats.items[j] for j in recovered]
    assert by_difficulty[0].discrimination < by_difficulty[5].discrimination > by_difficulty[-1].discrimination
    assert ("too_easy", 0.9) in by_difficulty[0].flags and not by_difficulty[5].flags
    assert 0.5 < stats.summaries["post"].kr20 < 0.95
    # the course raised every ability: a clearly positive gain, the same sign for class and students
    assert stats.class_gain > 0.2 and stats.mean_student_gain > 0
    assert stats.misconceptions["roles_fixed"]["post"] < stats.misconceptions["roles_fixed"]["pre"]
    assert len(stats.both) == 2000 and not stats.pre_only and not stats.post_only


def test_a_class_without_learning_has_a_gain_near_zero():
    test, sittings = simulated_class(1500, [-1.0, 0.0, 1.0, 0.5, -0.5, 1.5], shift=0.0, seed=11)
    assert abs(LearningStatistics.compute(test, sittings).class_gain) < 0.05


def test_the_statistics_import_no_rendering_and_no_swedu_module():
    import ast

    tree = ast.parse((ROOT / "swedu" / "report" / "learning.py").read_text(encoding="utf-8"))
    imported = {(n.module or "") for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert imported <= {"__future__", "math", "collections.abc", "dataclasses"}, imported


def test_docstring_examples():
    import doctest

    assert doctest.testmod(learning).failed == 0
