"""Assessment: verdicts, score, reasons, misconception rules, answer errors, feedback text and HTML."""
from __future__ import annotations

from pathlib import Path

import pytest

import swedu
from swedu.assess import AnswerError, Feedback, normalise_answer
from swedu.outcome import ITEM_STATUSES

FIXTURE = Path(__file__).parent / "data" / "core-fixture.yaml"

# The full key of each fixture stage, as a learner would type it.
FIRST = {"worker": "change_agent", "agency": "change_agent", "mother": ["client", "target"], "child": "client",
         "lender": "target", "cadre": "action", "nurse": "action", "uncle": "action", "teacher": "none",
         "neighbour": "none", "recipient": "none"}
LATER = dict(FIRST, mother="target", lender="none", teacher="action", neighbour="client")


@pytest.fixture(scope="module")
def case():
    return swedu.load_scenario(FIXTURE)


@pytest.fixture(scope="module")
def youth():
    return swedu.load_scenario("delinquent-youth")


def misconceptions(case, actor, answer, stage="first"):
    """Every misconception named for the actor, shown or only possible."""
    verdict = case.assess({actor: answer}, stage=stage).verdicts[actor]
    return verdict.misconceptions + verdict.possible_misconceptions


def shown_and_possible(case, actor, answer, stage="first"):
    verdict = case.assess({actor: answer}, stage=stage).verdicts[actor]
    return verdict.misconceptions, verdict.possible_misconceptions


# ----- verdicts and score --------------------------------------------------------------------------
def test_full_keys_are_correct(case):
    for stage, key in (("first", FIRST), ("later", LATER)):
        answer = key if stage == "first" else REASONED
        feedback = case.assess(answer, stage=stage)
        assert feedback.correct, str(feedback)
        assert feedback.score == 1.0
        assert feedback.misconceptions == ()


REASONED = {  # the "later" key with a fitting reason for every role (the stage asks for reasons)
    "worker": {"change_agent": "employs_worker"}, "agency": {"change_agent": "employs_worker"},
    "mother": {"target": "must_change"}, "child": {"client": "asked_or_agreed"}, "lender": {"none": None},
    "cadre": {"action": "works_with_worker"}, "nurse": {"action": "works_with_worker"},
    "uncle": {"action": "works_with_worker"}, "teacher": {"action": "works_with_worker"},
    "neighbour": {"client": "asked_or_agreed"}, "recipient": {"none": ""},
}


def test_every_status_occurs_with_its_credit(case):
    answer = {"worker": "change_agent",                 # correct
              "mother": "client",                       # missing (client+target expected)
              "child": ["client", "action"],            # extra
              "lender": "action",                       # wrong
              "nurse": "none",                          # wrong: holds a role, answered none
              "teacher": "none"}                        # correct: holds none
    feedback = case.assess(answer)
    status = {a: v.status for a, v in feedback.verdicts.items()}
    assert status == {"worker": "correct", "agency": "not_answered", "mother": "missing", "child": "extra",
                      "lender": "wrong", "cadre": "not_answered", "nurse": "wrong", "uncle": "not_answered",
                      "teacher": "correct", "neighbour": "not_answered", "recipient": "not_answered"}
    assert set(status.values()) == set(ITEM_STATUSES)
    credit = {a: v.credit for a, v in feedback.verdicts.items()}
    assert credit["worker"] == credit["teacher"] == 1.0
    assert credit["mother"] == pytest.approx(0.5)      # 1 of {client, target}
    assert credit["child"] == pytest.approx(0.5)       # {client} of {client, action}
    assert credit["lender"] == credit["nurse"] == credit["agency"] == 0.0
    assert feedback.score == pytest.approx(sum(credit.values()) / len(case.actors))
    assert feedback.verdicts["mother"].expected == {"client", "target"}
    assert feedback.verdicts["mother"].given == {"client"}
    assert not feedback.correct


def test_score_is_between_zero_and_one_and_rises_with_each_right_actor(case):
    answer, scores = {}, []
    for actor, systems in FIRST.items():
        answer[actor] = systems
        scores.append(case.assess(answer).score)
    assert scores == sorted(scores) and len(set(scores)) == len(scores)
    assert 0 < scores[0] < 1 and scores[-1] == 1.0
    wrong = case.assess({a: "target" if s != "target" else "client" for a, s in FIRST.items()})
    assert 0 <= wrong.score < 0.3


def test_empty_answer_is_not_answered(case):
    feedback = case.assess({})
    assert not feedback.answered
    assert feedback.score == 0
    assert all(v.status == "not_answered" for v in feedback.verdicts.values())
    assert "You have not classified any actor yet" in str(feedback)
    swedu.set_language("id")
    assert "Anda belum mengklasifikasikan satu pihak pun" in str(feedback)
    assert "You have not" not in str(feedback)


def test_none_of_several_spellings_means_no_role(case):
    for spelling in ("none", "tidak ada", "NONE", None, [], "", ["none"], {"none": None}):
        verdict = case.assess({"teacher": spelling}).verdicts["teacher"]
        assert verdict.status == "correct", spelling
        assert verdict.given == frozenset()


# ----- reasons --------------------------------------------------------------------------------------
def test_reasons_count_half_when_the_stage_asks_for_them(case):
    no_reason = case.assess({"child": "client"}, stage="later").verdicts["child"]
    assert no_reason.status == "correct" and no_reason.credit == pytest.approx(0.5)
    right = case.assess({"child": {"client": "asked_or_agreed"}}, stage="later").verdicts["child"]
    assert right.credit == 1.0 and dict(right.reasons) == {"client": True}
    benefit_alone = case.assess({"child": {"client": "benefits"}}, stage="later").verdicts["child"]
    assert benefit_alone.credit == pytest.approx(0.5)  # expecting to benefit alone makes no client
    assert dict(benefit_alone.reasons) == {"client": False}
    wrong = case.assess({"child": {"client": "must_change"}}, stage="later").verdicts["child"]
    assert wrong.credit == pytest.approx(0.5) and dict(wrong.reasons) == {"client": False}


def test_reasons_by_catalog_text_in_both_languages(case):
    en = case.assess({"mother": {"target": "has to change for the goals to be reached"}}, stage="later")
    idn = case.assess({"mother": {"target": swedu.i18n.t("reason.must_change", "id").upper()}}, stage="later")
    assert en.verdicts["mother"].credit == idn.verdicts["mother"].credit == 1.0


def test_reason_feedback_lines(case):
    feedback = case.assess({"child": {"client": "must_change"}, "mother": "target",
                            "cadre": {"action": "works_with_worker"}}, stage="later")
    assert "Your reason does not fit this role yet" in "\n".join(feedback.actor_lines("child"))
    assert "Give a reason for target system" in "\n".join(feedback.actor_lines("mother"))
    assert "Your reason fits: works with the worker on the tasks" in "\n".join(feedback.actor_lines("cadre"))


def test_reason_feedback_names_the_learners_own_reason(case):
    feedback = case.assess({"mother": {"client": "benefits", "target": "must_change"}})
    verdict = feedback.verdicts["mother"]
    assert dict(verdict.given_reasons) == {"client": "benefits", "target": "must_change"}
    lines = "\n".join(feedback.actor_lines("mother"))
    # expecting to benefit is part of being the client (one of its three criteria), not enough alone
    assert "Expecting to benefit is part of being the client, but not enough on its own" in lines
    assert "Your reason does not fit this role yet" not in lines
    assert "Your reason fits: has to change for the goals to be reached." in lines
    swedu.set_language("id")
    assert swedu.i18n.t("reason.must_change") in "\n".join(feedback.actor_lines("mother"))


def test_reasons_ignored_without_ask_reasons(case):
    verdict = case.assess({"child": {"client": "must_change"}}, stage="first").verdicts["child"]
    assert verdict.credit == 1.0 and dict(verdict.reasons) == {"client": False}


# ----- misconception rules (swedu/assess.py _misconceptions) -----------------------------------------
@pytest.mark.parametrize("actor, answer, stage, expected", [
    # client_is_problem_bearer: client given where the key says target
    ("lender", "client", "first", "client_is_problem_bearer"),
    # referrer_is_client: the referrer (and, by pitfall, the same) or the payer made client
    ("teacher", "client", "first", "referrer_is_client"),
    ("uncle", ["action", "client"], "first", "referrer_is_client"),
    # potential_is_actual_client
    ("neighbour", "client", "first", "potential_is_actual_client"),
    # legal_client_is_client_system
    ("recipient", "client", "first", "legal_client_is_client_system"),
    # sasaran_is_beneficiary: the one who benefits (client only) made target
    ("child", "target", "first", "sasaran_is_beneficiary"),
    ("child", ["client", "target"], "first", "sasaran_is_beneficiary"),
    # client_target_always_differ: only one of client+target given
    ("mother", "client", "first", "client_target_always_differ"),
    ("mother", "target", "first", "client_target_always_differ"),
    # action_professionals_only: a non-professional helper left out of the action system
    ("cadre", "none", "first", "action_professionals_only"),
    ("uncle", "target", "first", "action_professionals_only"),
    # change_agent_worker_only: the agency left out of the change agent system
    ("agency", "none", "first", "change_agent_worker_only"),
    ("agency", "client", "first", "change_agent_worker_only"),
    # roles_fixed: the earlier stage's roles kept
    ("mother", ["client", "target"], "later", "roles_fixed"),
    ("teacher", "none", "later", "roles_fixed"),   # no role, as before, although he now holds one
    ("mother", "client", "later", "roles_fixed"),  # keeps the client role she no longer holds
    # role_outside_plan: a role for an actor who holds none in this stage
    ("teacher", "target", "first", "role_outside_plan"),
    ("lender", "action", "later", "role_outside_plan"),
])
def test_each_rule_fires(case, actor, answer, stage, expected):
    found = misconceptions(case, actor, answer, stage)
    if expected is None:
        assert "roles_fixed" not in found
    else:
        assert expected in found, (actor, answer, found)


@pytest.mark.parametrize("actor, answer, stage, absent", [
    ("child", "client", "first", "client_is_problem_bearer"),        # correct: no misconception at all
    ("cadre", "client", "first", "client_is_problem_bearer"),        # cadre is not expected as target
    ("cadre", "client", "first", "referrer_is_client"),              # cadre neither refers nor pays
    ("lender", "client", "first", "potential_is_actual_client"),
    ("lender", "client", "first", "legal_client_is_client_system"),
    ("lender", "action", "first", "sasaran_is_beneficiary"),
    ("lender", "client", "first", "sasaran_is_beneficiary"),         # target is expected: not a mix-up
    ("mother", "action", "first", "client_target_always_differ"),    # neither client nor target given
    ("nurse", "none", "first", "action_professionals_only"),         # a professional left out
    ("worker", "none", "first", "change_agent_worker_only"),         # the worker is no agency
    ("mother", ["client", "target"], "first", "roles_fixed"),        # the first stage has no earlier one
    ("cadre", "none", "later", "roles_fixed"),                       # her roles did not change
    ("cadre", ["action", "change_agent"], "first", "change_agent_worker_only"),  # she is no agency
    ("cadre", ["action", "change_agent"], "first", "role_outside_plan"),  # she holds a role
    ("lender", "client", "first", "role_outside_plan"),
])
def test_rule_does_not_fire_where_it_should_not(case, actor, answer, stage, absent):
    assert absent not in misconceptions(case, actor, answer, stage)


def test_roles_fixed_is_shown_and_hides_nothing(case):
    # keeping the earlier roles is what the answer shows; another label that holds is only possible
    assert shown_and_possible(case, "mother", ["client", "target"], "later") == (
        ("roles_fixed",), ("client_is_problem_bearer",))
    assert shown_and_possible(case, "teacher", "none", "later")[0] == ("roles_fixed",)


@pytest.mark.parametrize("actor, answer, stage, shown, possible", [
    # a swap (target instead of client) shows "sasaran = beneficiary"; target added to client only may
    ("child", "target", "first", ("sasaran_is_beneficiary",), ()),
    ("child", ["client", "target"], "first", (), ("sasaran_is_beneficiary",)),
    # one reading of a client the key does not hold: shown
    ("lender", "client", "first", ("client_is_problem_bearer",), ()),
    ("neighbour", "client", "first", ("role_outside_plan", "potential_is_actual_client"), ()),
    # a stage's previous answer kept beside new roles: roles_fixed only possible
    ("mother", ["client", "target", "action"], "later", (), ("client_is_problem_bearer", "roles_fixed")),
])
def test_shown_or_only_possible(case, actor, answer, stage, shown, possible):
    assert shown_and_possible(case, actor, answer, stage) == (shown, possible)


def test_possible_misconception_is_asked_not_asserted(case):
    feedback = case.assess({"child": ["client", "target"]})
    lines = "\n".join(feedback.actor_lines("child"))
    assert "If you marked them target because they benefit" in lines
    assert "Watch out for the misconception" not in lines
    assert feedback.possible_misconceptions == ("sasaran_is_beneficiary",) and feedback.misconceptions == ()
    swedu.set_language("id")
    assert "Jika Anda menandainya sebagai sasaran" in "\n".join(feedback.actor_lines("child"))


def test_correct_and_unanswered_carry_no_misconception(case):
    feedback = case.assess({"mother": ["client", "target"]})
    assert feedback.verdicts["mother"].misconceptions == ()
    assert feedback.verdicts["agency"].misconceptions == ()  # not answered


def test_feedback_misconceptions_are_unique_in_actor_order(case):
    feedback = case.assess({"teacher": "client", "uncle": ["action", "client"], "lender": "client"})
    assert feedback.misconceptions == ("client_is_problem_bearer", "referrer_is_client", "role_outside_plan")


def test_misconception_is_named_in_the_text(case, youth):
    feedback = youth.assess({"teen": "client"})
    assert 'Watch out for the misconception "The client is the person with the problem"' in str(feedback)
    assert "Dimas has the problem, but he did not ask for help" in str(feedback)  # pitfall feedback


# ----- names: actors and systems ---------------------------------------------------------------------
@pytest.mark.parametrize("name", ["mother", "MOTHER", "Mrs Wati", "mrs wati", "Ibu Wati", "IBU WATI", " ibu wati "])
def test_actor_names_in_both_languages_any_case(case, name):
    assert case.assess({name: ["client", "target"]}).verdicts["mother"].status == "correct"


def test_actor_short_name_before_brackets(case):
    assert case.actor("Rina").id == "worker"
    assert case.actor("pak agus").id == "teacher"
    assert case.actor(case.actors[2]).id == "mother"


@pytest.mark.parametrize("system", ["target", "TARGET", "target system", "Target System", "sistem sasaran",
                                    "Sasaran", "sasaran", " target_system "])
def test_system_names_in_both_languages(case, system):
    assert case.assess({"lender": system}).verdicts["lender"].status == "correct"


@pytest.mark.parametrize("answer", ["client, target", "client and target", "klien dan sasaran", "sistem klien + sistem sasaran",
                                    ["client", "sistem sasaran"], ("klien", "target"), {"client", "target"},
                                    frozenset({"klien", "sasaran"}), {"client": None, "target": ""}])
def test_several_systems_in_one_answer(case, answer):
    assert case.assess({"mother": answer}).verdicts["mother"].status == "correct"


def test_normalise_answer_shape(case):
    normal = normalise_answer(case, {"Ibu Wati": {"klien": "asked_or_agreed", "target": None}, "teacher": "none"})
    assert normal == {"mother": {"client": "asked_or_agreed", "target": None}, "teacher": {}}


# ----- answers the course cannot read ----------------------------------------------------------------
def _error(case, answer, stage=None) -> str:
    with pytest.raises(AnswerError) as info:
        case.assess(answer, stage=stage)
    assert isinstance(info.value, ValueError)
    return str(info.value)


def test_unknown_actor_lists_the_actors_and_a_suggestion(case):
    message = _error(case, {"mothr": "client"})
    assert "'mothr'" in message and "Did you mean 'mother'?" in message
    for actor in case.actors:
        assert actor.id in message and actor.name.en in message


def test_unknown_system_lists_the_systems(case):
    message = _error(case, {"mother": "klient"})
    assert "'klient'" in message and "Did you mean" in message
    for system in swedu.SYSTEM_IDS:
        assert system in message
    swedu.set_language("id")
    message = _error(case, {"mother": "dokter"})
    assert "bukan salah satu dari empat sistem" in message and "change_agent" in message


@pytest.mark.parametrize("value", [5, 2.5, True, b"client", object(), [["client"]], ["client", 3], {"client", 3}])
def test_wrong_types_for_a_system(case, value):
    message = _error(case, {"mother": value})
    assert "Mrs Wati" in message and "give a system name" in message


@pytest.mark.parametrize("answer", [None, [], ["mother", "client"], "mother: client", 42, ("mother", "client")])
def test_answer_that_is_not_a_dictionary(case, answer):
    message = _error(case, answer)
    assert "dictionary" in message and '{"worker": "client"}' in message


@pytest.mark.parametrize("key", [5, None, ("mother",), 2.0])
def test_keys_that_are_not_names(case, key):
    message = _error(case, {key: "client"})
    assert "There is no actor called" in message and "mother (Mrs Wati)" in message


def test_duplicate_actor_under_two_names(case):
    message = _error(case, {"mother": "client", "Ibu Wati": "target"})
    assert "appears twice" in message and "'mother'" in message and "'Ibu Wati'" in message


def test_unknown_reason(case):
    message = _error(case, {"mother": {"client": "because"}}, stage="later")
    assert "'because'" in message and "asked_or_agreed" in message
    assert "must_change" in _error(case, {"mother": {"client": 7}})
    assert "give a system name" in _error(case, {"mother": {7: "benefits"}})


def test_errors_are_never_key_or_type_errors(case):
    for answer in ({"x": "y"}, {"mother": "y"}, {"mother": 1}, 1, {"mother": {"client": []}}, {"mother": {None: None}}):
        with pytest.raises(AnswerError):
            case.assess(answer)


# ----- feedback text and HTML -----------------------------------------------------------------------
def test_str_is_text_and_follows_the_language(case):
    feedback = case.assess({"mother": "client", "lender": "client"})
    english = str(feedback)
    assert english == feedback.text
    assert english.startswith("Feedback: Mrs Wati's debts (First visit)")
    assert "Score: " in english and "She asked for help." in english
    swedu.set_language("id")
    indonesian = str(feedback)
    assert indonesian != english
    assert "Utang Ibu Wati" in indonesian and "Ia meminta bantuan." in indonesian
    assert "She asked for help." not in indonesian
    assert "Sistem klien" in indonesian  # the system is named in Indonesian


def test_every_actor_has_a_verdict_line_with_icon_and_word(case):
    feedback = case.assess({"mother": "client", "lender": "action", "cadre": "none", "child": ["client", "action"],
                            "teacher": "none"})
    for actor in case.actors:
        first = feedback.actor_lines(actor.id)[0]
        verdict = feedback.verdicts[actor.id]
        assert first.startswith(swedu.i18n.t(f"verdict.{verdict.status}.icon"))
        assert swedu.i18n.t(f"verdict.{verdict.status}.label") in first
        assert actor.name.en in first
    assert "He only reported the case." in "\n".join(feedback.actor_lines("teacher"))
    assert "holds at least one role here" in "\n".join(feedback.actor_lines("cadre"))
    assert "holds another role as well" in "\n".join(feedback.actor_lines("mother"))
    assert "Action system does not fit this actor here." in "\n".join(feedback.actor_lines("child"))
    assert "holds a different role here" in "\n".join(feedback.actor_lines("lender"))
    assert "You chose nothing for this actor yet." in "\n".join(feedback.actor_lines("agency"))


def test_all_correct_message(case):
    assert "Every actor is classified correctly" in str(case.assess(FIRST))


def test_html_is_escaped_and_marks_each_status(case):
    feedback = case.assess({"cadre": ["action", "change_agent"], "mother": "client"})
    page = feedback._repr_html_()
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'data-actor="cadre"' in page and 'data-status="extra"' in page and 'data-status="missing"' in page
    assert "Mrs Wati&#x27;s debts" in page
    swedu.set_language("id")
    assert 'lang="id"' in feedback._repr_html_() and "Utang Ibu Wati" in feedback._repr_html_()


def test_html_for_an_empty_answer(case):
    page = case.assess({})._repr_html_()
    assert "You have not classified any actor yet" in page and "<li" not in page


def test_the_attempt_record_of_a_feedback_is_plain_data(case):
    import json

    from swedu.progress import Attempt  # the store's typed record, made from the outcome's fields

    feedback = case.assess({"mother": "client", "teacher": "client"})
    record = Attempt.from_outcome(feedback).as_dict()
    assert json.loads(json.dumps(record)) == record
    assert record["item"] == "core-fixture" and record["stage"] == "first" and record["kind"] == "scenario"
    assert record["answer"]["mother"] == ["client"] and record["verdicts"]["mother"] == "missing"
    assert record["misconceptions"]["teacher"] == ["referrer_is_client", "role_outside_plan"]
    assert "alternatives" not in record  # kept only when the learner chose a view the key also accepts
    assert record["score"] == round(feedback.score, 4) and record["language"] == "en"


def test_feedback_repr_and_type(case):
    feedback = case.assess({"mother": "client"}, stage=case.stages[1])
    assert isinstance(feedback, Feedback)
    assert repr(feedback).startswith("<Feedback core-fixture/later: score ")


def test_key_text_lists_every_actor_with_rationale(case):
    text = case.key_text("first")
    for actor in case.actors:
        assert actor.name.en in text
    assert "client system (asked for help or agreed to work with the worker): She asked for help." in text
    assert "none of the four systems. He only reported the case." in text
    swedu.set_language("id")
    assert "Ia hanya melaporkan kasus ini." in case.key_text("first")


def test_seed_assessment_in_both_stages(youth):
    intake = youth.assess({"parents": "client", "teen": "target"})
    assert intake.verdicts["parents"].correct and intake.verdicts["teen"].correct
    later = youth.assess({"parents": ["target", "action"], "teen": "client"}, stage="reassessment")
    assert later.verdicts["parents"].correct and later.verdicts["teen"].correct
    assert youth.assess({"parents": "target"}, stage="reassessment").verdicts["parents"].status == "missing"


def test_right_systems_without_reasons_do_not_read_as_all_done():
    probation = swedu.load_scenario("probation")
    stage = next(s for s in probation.stages if s.ask_reasons)
    systems_only = {a.id: sorted(stage.systems_of(a.id)) for a in probation.actors}
    feedback = probation.assess(systems_only, stage)
    assert feedback.correct and feedback.score < 1
    assert "Now give the reason" in str(feedback) and "Well done" not in str(feedback)
    with_reasons = {a.id: {r.system: r.reason for r in stage.roles.get(a.id, ())} for a in probation.actors}
    done = probation.assess(with_reasons, stage)
    assert done.score == 1 and "Well done" in str(done) and "Well done" in done._repr_html_()
