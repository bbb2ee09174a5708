"""The exercise checks (swedu.exercises): keys from the case files, feedback, stubs, typos, records."""
from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import swedu
from swedu import exercises
from swedu.exercises import checks
from swedu.exercises.result import OUTCOME_STATUSES
from swedu.i18n import t

ROOT = Path(__file__).resolve().parents[1]
CASE = exercises.case("ex1-classify")


def key_answer(stage: str) -> dict:
    """A correct answer built from the case file's key (never typed in by hand)."""
    st = CASE.stage(stage)
    return {a.id: sorted(st.systems_of(a.id)) or "none" for a in CASE.actors}


def reason_answer(stage: str) -> dict:
    st = CASE.stage(stage)
    return {a.id: {r.system: r.reason for r in st.roles.get(a.id, ())} or "none" for a in CASE.actors}


def key_graph() -> nx.Graph:
    g = nx.Graph()
    g.add_nodes_from(a.id for a in CASE.actors)
    for r in CASE.relations:
        g.add_edge(r.source, r.target, quality=r.quality)
    return g


def key_reading() -> dict:
    return {q: sorted(v) for q, v in checks._read_key(exercises.case("ex5-read")).items()}


def key_ties() -> list:
    return [{"between": [a, b], "quality": q, "direction": d} for a, b, q, d in checks.BUILD_KEY]


OWN_CASE = textwrap.dedent("""\
    id: my-river-case
    level: micro
    topic: {en: A test case, id: Kasus uji}
    title: {en: Pak Ujang and the river, id: Pak Ujang dan sungai}
    summary: {en: A short test case., id: Kasus uji yang pendek.}
    centre: ujang
    actors:
      - {id: worker, kind: person, name: {en: Ana, id: Ana}, traits: [worker]}
      - {id: agency, kind: organisation, name: {en: The office, id: Kantor}, traits: [agency]}
      - {id: ujang, kind: person, name: {en: Pak Ujang, id: Pak Ujang}}
      - {id: factory, kind: organisation, name: {en: The factory, id: Pabrik}}
      - {id: fishers, kind: group, name: {en: Fishers, id: Nelayan}}
    relations:
      - {between: [ujang, factory], kind: economic, quality: stressful}
      - {between: [ujang, fishers], kind: friendship, quality: strong}
    stages:
      - id: intake
        title: {en: Intake, id: Penerimaan}
        narrative: {en: He asks for help., id: Ia meminta bantuan.}
        roles:
          worker: {change_agent: {reason: employs_worker, rationale: {en: a, id: a}}}
          agency: {change_agent: {reason: employs_worker, rationale: {en: b, id: b}}}
          ujang: {client: {reason: asked_or_agreed, rationale: {en: c, id: c}}}
          factory: {target: {reason: must_change, rationale: {en: d, id: d}}}
          fishers: {action: {reason: works_with_worker, rationale: {en: e, id: e}}}
    """)

SOLUTIONS = {
    "ex1-classify": lambda: key_answer("intake"),
    "ex2-reasons": lambda: reason_answer("intake"),
    "ex3-reassess": lambda: key_answer("reassessment"),
    "ex3-changed": lambda: [a.id for a in CASE.actors
                            if CASE.stages[0].systems_of(a.id) != CASE.stages[1].systems_of(a.id)],
    "ex4-map": lambda: {"hub": "wulan", "stressful": ["moneylender"], "weak": ["principal", "puskesmas", "cooperative"],
                        "outside": ["worker", "agency"]},
    "ex4-graph": key_graph,
    "ex5-read": key_reading,
    "ex5-build": key_ties,
    "ex6-scenario": lambda: OWN_CASE,
}


def test_every_exercise_has_a_solution_here_and_a_title_in_both_languages():
    assert sorted(exercises.exercise_ids()) == sorted(SOLUTIONS)
    for exercise_id in exercises.exercise_ids():
        for lang in ("en", "id"):
            assert t(f"exercises.title.{exercise_id}", lang)


@pytest.mark.parametrize("exercise_id", sorted(SOLUTIONS))
@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_key_passes(exercise_id, lang):
    swedu.set_language(lang)
    result = exercises.check(exercise_id, SOLUTIONS[exercise_id]())
    assert (result.status, result.score) == ("correct", 1.0), str(result)
    assert result.correct and result.answered
    assert 'data-status="correct"' in result._repr_html_()
    assert str(result).startswith(t("exercises.status.correct.icon"))
    assert t("exercises.status.correct.label", lang) in str(result)


STUBS = [..., None, {}, [], "", "   ", "...", nx.Graph()]


@pytest.mark.parametrize("exercise_id", sorted(SOLUTIONS))
@pytest.mark.parametrize("stub", STUBS, ids=lambda s: type(s).__name__ + repr(s)[:8])
def test_an_unanswered_task_says_not_answered_yet(exercise_id, stub):
    result = exercises.check(exercise_id, stub)
    assert result.status == "not_answered" and result.score == 0
    assert t("exercises.not_answered") in str(result)
    assert 'data-status="not_answered"' in result._repr_html_()


def test_a_template_with_only_placeholders_is_not_answered_yet():
    template = {a.id: ... for a in CASE.actors}
    assert exercises.check("ex1-classify", template).status == "not_answered"
    assert exercises.check("ex5-read", {q: ... for q in checks.READ_QUESTIONS}).status == "not_answered"
    half = dict(template, bayu="target")
    result = exercises.check("ex1-classify", half)
    assert result.status == "partial"
    assert result.feedback.verdicts["wulan"].status == "not_answered"


def test_unknown_exercise_id_suggests_the_closest():
    result = exercises.check("ex1-clasify", {})
    assert result.status == "invalid"
    assert "ex1-classify" in str(result) and "ex6-scenario" in str(result)
    assert exercises.check(42, {}).status == "invalid"


# ----- exercise 1 to 3 ---------------------------------------------------------------------------

def test_classification_feedback_names_the_misconception_and_does_not_give_the_answer():
    answer = dict(key_answer("intake"), principal="client")
    result = exercises.check("ex1-classify", answer)
    assert result.status == "partial" and 0 < result.score < 1
    text = str(result)
    assert t("misconception.referrer_is_client.name") in text
    assert result.misconceptions_by_item["principal"] == ("referrer_is_client",)
    # The principal's right system (action) is not named in the lines about him.
    lines = result.feedback.actor_lines("principal")
    assert not any("Action system" in line for line in lines)


def test_each_wrong_actor_lowers_the_score():
    scores = []
    for actor in CASE.actors:
        wrong = dict(key_answer("intake"))
        wrong[actor.id] = "target" if wrong[actor.id] != ["target"] else "client"
        scores.append(exercises.check("ex1-classify", wrong).score)
    assert all(score < 1 for score in scores)


@pytest.mark.parametrize("answer, expected", [
    ({"Bayo": "target"}, "Did you mean 'Bayu'?"),
    ({"bayu": "targte"}, "Did you mean"),
    ({"bayu": 3}, "3 (int)"),
    (["bayu", "target"], "dictionary"),
    ("bayu: target", "dictionary"),
    ({"bayu": "target", "Bayu": "client"}, "twice"),
])
def test_typos_and_wrong_types_explain_with_the_valid_choices(answer, expected):
    result = exercises.check("ex1-classify", answer)
    assert result.status == "invalid", str(result)
    assert expected in str(result)
    assert "Traceback" not in str(result)


def test_unknown_actor_lists_every_actor_in_indonesian_too():
    swedu.set_language("id")
    result = exercises.check("ex1-classify", {"Bayo": "target"})
    assert result.status == "invalid"
    assert t("exercises.invalid_intro", "id") in str(result)
    for actor in CASE.actors:
        assert actor.id in str(result)


def test_reasons_count_for_half():
    roles_only = exercises.check("ex2-reasons", key_answer("intake"))
    assert roles_only.status == "partial" and roles_only.score == pytest.approx(1 - 0.5 * 5 / 9)
    assert "Give a reason for" in str(roles_only)
    wrong_reason = reason_answer("intake")
    wrong_reason["wulan"] = {"client": "must_change"}
    result = exercises.check("ex2-reasons", wrong_reason)
    assert result.status == "partial" and result.score == pytest.approx(1 - 0.5 / 9)
    assert exercises.check("ex2-reasons", {"wulan": {"client": "because"}}).status == "invalid"
    assert exercises.check("ex2-reasons", "client").status == "invalid"


def test_keeping_the_intake_roles_is_the_roles_fixed_misconception():
    result = exercises.check("ex3-reassess", key_answer("intake"))
    assert result.status in ("partial", "wrong")
    assert "roles_fixed" in result.feedback.misconceptions
    assert t("misconception.roles_fixed.name") in str(result)


def test_changed_roles():
    key = SOLUTIONS["ex3-changed"]()
    assert "wulan" in key and "worker" not in key
    extra = exercises.check("ex3-changed", [*key, "worker"])
    assert extra.status == "partial"
    assert [i.status for i in extra.items if i.id == "worker"] == ["extra"]
    short = exercises.check("ex3-changed", key[:2])
    assert short.status == "partial" and t("exercises.changed.missing", count=len(key) - 2) in str(short)
    # Names instead of ids, and a single name as text.
    assert exercises.check("ex3-changed", [str(CASE.actor(a).name) for a in key]).status == "correct"
    assert exercises.check("ex3-changed", "Bayu").status == "partial"
    assert exercises.check("ex3-changed", {"bayu": 1}).status == "invalid"
    assert "Did you mean" in str(exercises.check("ex3-changed", ["Wulna"]))


# ----- exercise 4 --------------------------------------------------------------------------------

def test_graph_checks_nodes_ties_and_qualities():
    g = key_graph()
    g.edges["wulan", "moneylender"]["quality"] = "strong"
    del g.edges["wulan", "bayu"]["quality"]
    g.add_edge("bayu", "moneylender", quality="tenuous")
    g.remove_edge("grandma", "puskesmas")
    g.remove_node("cooperative")
    result = exercises.check("ex4-graph", g)
    status = {i.id: i.status for i in result.items}
    assert status["tie:moneylender:wulan"] == "wrong"
    assert status["tie:bayu:wulan"] == "wrong"
    assert status["tie:bayu:moneylender"] == "extra"
    assert status["node:cooperative"] == "missing"
    assert status["node:wulan"] == "correct"
    assert result.status == "partial"
    # Missing ties are counted, not named (their ends would give the answer away).
    assert t("exercises.graph.ties_missing", count=2) in str(result)
    assert "Grandma Ijah and Community health centre" not in str(result)


def test_graph_accepts_names_directed_graphs_and_indonesian_quality_words():
    g = nx.DiGraph()
    for r in CASE.relations:
        quality = t(f"quality.{r.quality}", "id")
        g.add_edge(CASE.actor(r.source).name.en, CASE.actor(r.target).name.en, quality=quality)
    assert {CASE.actor(n).id for n in g} == {a.id for a in CASE.actors}
    assert exercises.check("ex4-graph", g).status == "correct"
    g.add_node("wulan")  # the same actor twice, by id and by name
    result = exercises.check("ex4-graph", g)
    assert result.status == "invalid" and "twice" in str(result)


@pytest.mark.parametrize("graph, expected", [
    ({"wulan": "bayu"}, "networkx"),
    (nx.Graph([("wulan", "Bayo")]), "Did you mean 'Bayu'?"),
    (nx.Graph([("wulan", "bayu", {"quality": "strnog"})]), '"stressful"'),
])
def test_graph_problems_are_explained(graph, expected):
    result = exercises.check("ex4-graph", graph)
    assert result.status == "invalid" and expected in str(result)


# ----- exercise 5 --------------------------------------------------------------------------------

def test_reading_key_comes_from_the_library_case():
    case = exercises.case("ex5-read")
    key = checks._read_key(case)
    stressful = {r.source if r.target == case.centre else r.target for r in case.relations
                 if case.centre in (r.source, r.target) and r.quality == "stressful"}
    assert key["stressful"] == stressful and stressful
    assert all(key[q] for q in checks.READ_QUESTIONS)


def test_reading_answers_partly_right_and_typos():
    answer = key_reading()
    answer["tenuous"] = answer["tenuous"][:1]
    answer["gives_to"] = ["worker"]
    answer["receives_from"] = ...
    result = exercises.check("ex5-read", answer)
    status = {i.id: i.status for i in result.items}
    assert status == {"stressful": "correct", "tenuous": "missing", "gives_to": "wrong",
                      "receives_from": "not_answered"}
    assert result.score == pytest.approx(0.25)
    assert "Did you mean" in str(exercises.check("ex5-read", {"stresful": ["parents"]}))
    assert exercises.check("ex5-read", {"tenuous": 5}).status == "invalid"


def test_building_ties_direction_follows_the_order_of_between():
    ties = key_ties()
    flipped = [{"between": t_["between"][::-1], "quality": t_["quality"],
                "direction": {"forward": "backward", "backward": "forward"}.get(t_["direction"], t_["direction"])}
               for t_ in ties]
    assert exercises.check("ex5-build", flipped).status == "correct"
    wrong = [dict(t_) for t_ in ties]
    wrong[1]["direction"] = "backward"
    wrong[2]["quality"] = "tenuous"
    result = exercises.check("ex5-build", wrong[:4] + [{"between": ["bayu", "agency"], "quality": "strong"}])
    status = [i.status for i in result.items]
    assert status == ["correct", "wrong", "wrong", "correct", "extra"]
    assert t("exercises.graph.ties_missing", count=1) in str(result)


@pytest.mark.parametrize("ties, expected", [
    ({"between": ["wulan", "bayu"]}, "list of ties"),
    (["wulan"], "Tie number 1"),
    ([{"between": ["wulan"]}], "exactly two actors"),
    ([{"between": ["wulan", "bayu"], "quality": "strog"}], "Did you mean 'strong'?"),
    ([{"between": ["wulan", "bayu"], "quality": "strong", "direction": "up"}], '"forward"'),
    ([{"between": ["wulan", "bayu"], "quality": "strong"}, {"between": ["bayu", "wulan"], "quality": "strong"}],
     "twice"),
])
def test_building_problems_are_explained(ties, expected):
    result = exercises.check("ex5-build", ties)
    assert result.status == "invalid" and expected in str(result), str(result)


# ----- exercise 6 --------------------------------------------------------------------------------

def test_own_scenario_problems_point_to_lines():
    broken = OWN_CASE.replace("level: micro", "level: mikro")
    result = exercises.check("ex6-scenario", broken)
    assert result.status == "wrong" and result.score == 0
    assert re.search(r"Line 2, column \d+: .*micro", str(result)), str(result)
    assert result.items[0].status == "wrong"
    assert {i.status for i in result.items[1:]} == {"not_answered"}


def test_own_scenario_criteria():
    no_action = OWN_CASE.replace("fishers: {action: {reason: works_with_worker", "fishers: {target: {reason: must_change")
    result = exercises.check("ex6-scenario", no_action)
    assert result.status == "partial"
    assert t("system.action.name") in str(result)
    builtin = exercises.check("ex6-scenario", "delinquent-youth")
    assert [i.status for i in builtin.items if i.id == "own_id"] == ["wrong"]
    one_tie = OWN_CASE.replace("  - {between: [ujang, fishers], kind: friendship, quality: strong}\n", "")
    assert [i.status for i in exercises.check("ex6-scenario", one_tie).items if i.id == "relations"] == ["missing"]
    assert exercises.check("ex6-scenario", 12).status == "invalid"


def test_own_scenario_from_a_file_and_a_scenario(tmp_path):
    path = tmp_path / "my-river-case.yaml"
    path.write_text(OWN_CASE, encoding="utf-8")
    assert exercises.check("ex6-scenario", path).status == "correct"
    assert exercises.check("ex6-scenario", str(path)).status == "correct"
    assert exercises.check("ex6-scenario", swedu.load_scenario(path)).status == "correct"


# ----- display, language, records, purity ---------------------------------------------------------

def test_html_is_escaped_and_has_a_machine_readable_status():
    result = exercises.check("ex1-classify", {"<script>alert(1)</script>": "client"})
    html = result._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert re.match(r'<div class="swedu-check [^"]+" lang="en" data-exercise="ex1-classify" '
                    r'data-status="invalid" data-score="0.0000">', html)
    assert t("exercises.status.invalid.icon") in html and t("exercises.status.invalid.label") in html
    assert repr(result) == "<CheckResult ex1-classify: invalid, score 0.00>"
    assert result.status in OUTCOME_STATUSES


def test_feedback_is_read_in_the_current_language():
    # The result remembers the language the check ran in (for the record) and speaks the language that
    # is current when it is read: a result shown again after a language switch follows the switch.
    swedu.set_language("id")
    result = exercises.check("ex1-classify", key_answer("intake"))
    assert "Benar" in str(result) and result.language == "id"
    assert CASE.stage("intake").roles["wulan"][0].rationale.id in str(result)
    swedu.set_language("en")
    assert "Benar" not in str(result) and "Correct" in str(result)
    assert CASE.stage("intake").roles["wulan"][0].rationale.en in str(result)
    assert 'lang="en"' in result._repr_html_() and result.language == "id"
    # itemised checks and answers a check cannot read too: every line, label and message
    changed = exercises.check("ex3-changed", ["wulan", "bayu"])
    refused = exercises.check("ex4-graph", "a list of ties")
    english = [str(changed), str(refused)]
    swedu.set_language("id")
    indonesian = [str(changed), str(refused)]
    for before, after, result in zip(english, indonesian, (changed, refused)):
        assert before != after
        assert after == "\n".join(result.lines())
    assert t("exercises.item_status.correct", "id") in indonesian[0] or t(
        "exercises.item_status.extra", "id") in indonesian[0]
    assert t("exercises.invalid_intro", "id") in indonesian[1]


def test_checks_are_recorded_without_free_text():
    from swedu import progress

    exercises.check("ex1-classify", dict(key_answer("intake"), principal="client"))
    exercises.check("ex4-graph", key_graph())
    exercises.check("ex6-scenario", OWN_CASE)
    exercises.check("ex5-read", ...)
    rows = progress.attempts()
    assert [r["item"] for r in rows] == ["ex1-classify", "ex4-graph", "ex6-scenario", "ex5-read"]
    assert {r["kind"] for r in rows} == {"exercise"}
    first = rows[0]
    assert first["stage"] == "intake" and 0 < first["score"] < 1
    assert first["verdicts"]["principal"] == "wrong"
    assert first["misconceptions"]["principal"] == ["referrer_is_client"]
    assert rows[1]["score"] == 1.0 and rows[3]["verdicts"] == {"answer": "not_answered"}
    # Every tie is kept in the store (its id passes the store's filter).
    assert len(rows[1]["verdicts"]) == len(CASE.actors) + len(CASE.relations)
    assert len(rows[1]["answer"]["ties"]) == len(CASE.relations)
    assert "Pak Ujang" not in repr(rows)


def test_a_broken_progress_store_never_breaks_a_check(monkeypatch):
    from swedu import progress

    tried = []

    def broken(attempt):  # the store under progress.record, the one recorder: it never passes this on
        tried.append(attempt)
        raise RuntimeError("disk full")

    monkeypatch.setattr(progress.store, "write", broken)
    assert exercises.check("ex1-classify", key_answer("intake")).status == "correct"
    assert len(tried) == 1  # the check did reach the broken store


def test_recording_off_records_nothing(monkeypatch):
    from swedu import progress

    monkeypatch.setenv("SWEDU_PROGRESS", "off")
    exercises.check("ex1-classify", key_answer("intake"))
    assert progress.attempts() == []


def test_exercises_import_neither_matplotlib_nor_ipywidgets():
    code = ("import sys, swedu.exercises, swedu.exercises.checks; "
            "swedu.exercises.check('ex1-classify', {'bayu': 'target'}); "
            "print(sorted(m for m in ('matplotlib', 'ipywidgets', 'swedu.draw', 'swedu.widgets') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"SWEDU_PROGRESS": "off", "PATH": "/usr/bin:/bin"})
    assert out.stdout.strip() == "[]"


def test_show_lists_the_actors_of_the_stage():
    story = exercises.show("ex3-reassess")
    assert CASE.stage("reassessment").narrative.en in str(story)
    assert all(a.id in str(story) for a in CASE.actors)
    assert "<h4>" in story._repr_html_()


# ----- anything a learner may type ----------------------------------------------------------------

_WORDS = st.sampled_from(["bayu", "Bayu", "wulan", "client", "target", "none", "strong", "forward",
                          "between", "quality", "direction", "stressful", "gives_to", "", "...", "x"])
_LEAF = st.one_of(st.none(), st.just(...), st.booleans(), st.integers(), st.floats(allow_nan=True),
                  _WORDS, st.text(max_size=12))
_ANSWERS = st.recursive(_LEAF, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.tuples(inner, inner), st.dictionaries(_WORDS, inner, max_size=4)),
    max_leaves=12)


@settings(max_examples=60, deadline=None)
@given(exercise_id=st.sampled_from(sorted(SOLUTIONS)), answer=_ANSWERS)
def test_no_answer_raises(exercise_id, answer):
    result = exercises.check(exercise_id, answer)
    assert result.status in OUTCOME_STATUSES
    assert 0 <= result.score <= 1
    assert str(result) and result._repr_html_().startswith('<div class="swedu-check')


def test_the_course_plan_lists_every_exercise_check_in_order():
    """swedu.course.EXERCISE_IDS (which the progress store reads) and the checks agree."""
    from swedu.course import EXERCISE_IDS
    from swedu.exercises import checks

    assert list(checks.CHECKS) == list(EXERCISE_IDS) == exercises.exercise_ids()
