"""Every misconception label in the activity data, decided by hand from the misconception's written condition.

A wrong option names a misconception only where that misconception describes the choice; where none
does (the monolistic approach, a household member put in the change agent system, the hospital made
client of its own rule), the option explains itself with feedback and names no misconception. The
table below is the decision: an option labelled differently, a new label, or a label removed fails.
"""
from __future__ import annotations

from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parents[1] / "swedu" / "activities" / "data"

DECIDED = {
    # (activity, question, option or "(incomplete)"): misconception     why the condition describes the choice
    ("course-self-assessment", "client-who", "pupil"): "client_is_problem_bearer",  # the pupil has the problem and is the target
    ("course-self-assessment", "sasaran", "beneficiaries"): "sasaran_is_beneficiary",  # target read as the people served
    ("course-self-assessment", "potential", "actual"): "potential_is_actual_client",  # she refused help, still called client
    ("four-systems-misconceptions", "who-is-client", "son"): "client_is_problem_bearer",  # Raka has the problem
    ("four-systems-misconceptions", "who-is-client", "school"): "referrer_is_client",  # "because it reported the fights"
    ("four-systems-misconceptions", "sasaran-meaning", "beneficiaries"): "sasaran_is_beneficiary",
    ("four-systems-misconceptions", "sasaran-meaning", "legal-client"): "legal_client_is_client_system",  # the law's "klien" (issue 22)
    ("four-systems-misconceptions", "same-actor", "(incomplete)"): "client_target_always_differ",  # only one of client/target
    ("four-systems-misconceptions", "action-members", "professionals-only"): "action_professionals_only",
    ("four-systems-misconceptions", "change-agent-members", "worker-only"): "change_agent_worker_only",  # the agency left out
    ("four-systems-misconceptions", "legal-klien", "law-says-klien"): "legal_client_is_client_system",
    ("four-systems-misconceptions", "roles-after-reassessment", "fixed"): "roles_fixed",
    ("four-systems-misconceptions", "potential-client", "actual"): "potential_is_actual_client",
    ("four-systems-misconceptions", "potential-client", "neighbour-client"): "referrer_is_client",  # the reporter made client
    ("four-systems-misconceptions", "outside-the-plan", "target"): "role_outside_plan",  # a role for someone outside the plan
    ("four-systems-misconceptions", "outside-the-plan", "action"): "role_outside_plan",
}

UNLABELLED = [
    # wrong options no misconception describes: they must keep their own feedback and name none
    ("approaches-delinquent-youth", "question", "monolistic"),  # an approach, not a belief about who is client
    ("four-systems-misconceptions", "same-actor", "change-agent"),  # a household member is no "worker alone"
    ("course-self-assessment", "several-roles", "client"),  # the hospital neither referred nor paid
    ("four-systems-misconceptions", "change-agent-members", "worker-and-family"),
    ("four-systems-misconceptions", "legal-klien", "benefits"),
]


def _questions(data: dict):
    if "questions" in data:
        yield from data["questions"]
    if "question" in data:
        yield {"id": "question", **data["question"]}


def labels() -> dict:
    found = {}
    options = {}
    for path in sorted(DATA.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for question in _questions(data):
            if question.get("incomplete_misconception"):
                found[path.stem, question["id"], "(incomplete)"] = question["incomplete_misconception"]
            for option in question.get("options", []):
                options[path.stem, question["id"], option["id"]] = option
                if option.get("misconception"):
                    found[path.stem, question["id"], option["id"]] = option["misconception"]
    return found, options


def test_every_label_is_the_decided_one():
    found, _ = labels()
    assert found == DECIDED


def test_options_no_misconception_describes_explain_themselves():
    _, options = labels()
    for key in UNLABELLED:
        option = options[key]
        assert not option.get("misconception"), key
        assert option.get("correct") is False and option["feedback"]["en"] and option["feedback"]["id"], key
