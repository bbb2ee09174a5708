"""Checking a learner's answer to an activity, and the rule of what each approach addresses
(examples: :mod:`swedu.activities`)."""
from __future__ import annotations

from collections.abc import Mapping

from swedu.activities.model import Activity, ActivityAnswerError, Question
from swedu.activities.result import Result
from swedu.i18n import t
from swedu.outcome import Message
from swedu.systems import APPROACHES, suggest


def _icon_line(status: str, text) -> Message:
    """The first line of a question or item: icon, its text (a bilingual text) and the verdict in words."""
    icon_status = {"correct": "correct", "missing": "missing", "wrong": "wrong"}.get(status, "not_answered")
    return Message("widgets.activity.line", icon=Message(f"verdict.{icon_status}.icon"), text=text,
                   label=Message(f"widgets.activity.verdict.{icon_status}"))


def normalise_choice(question: Question, chosen) -> tuple:
    """Option ids from an id, a text, or a list of them; raises :class:`ActivityAnswerError`."""
    if chosen is None:
        return ()
    values = [chosen] if isinstance(chosen, str) else list(chosen)
    ids = tuple(dict.fromkeys(question.option(v).id for v in values))
    if not question.multiple and len(ids) > 1:
        raise ActivityAnswerError(t("widgets.error.single_choice", question=question.id, count=len(ids)))
    return ids


def check_concept(activity: Activity, answer: Mapping) -> Result:
    """Check ``{question_id: option id or list of ids}``; every wrong option explains itself.

    A multiple-choice question is ``correct`` only with exactly the right options,
    ``missing`` when the chosen ones are right but one is missing (the missing
    ones are not named), else ``wrong``. Credit: right options found minus wrong
    options chosen, over the right options (at least 0).
    """
    answer = {activity.question(k).id: normalise_choice(activity.question(k), v) for k, v in dict(answer).items()}
    verdicts, lines, by_key, possible_by_key = {}, {}, {}, {}
    total = 0.0
    for q in activity.questions:
        chosen = answer.get(q.id, ())
        right = q.correct_ids
        block = []
        if not chosen:
            status, credit = "not_answered", 0.0
            block.append(Message("widgets.activity.not_answered"))
        else:
            hits = len(set(chosen) & right)
            wrong = len(set(chosen) - right)
            credit = max(0.0, (hits - wrong) / len(right))
            if set(chosen) == right:
                status = "correct"
            elif not wrong and hits:
                status = "missing"
            else:
                status = "wrong"
            for option in q.options:
                if option.id in chosen and option.feedback is not None:
                    prefix = Message("widgets.activity.right_explanation", explanation=option.feedback) \
                        if option.correct else option.feedback
                    block.append(prefix)
                if option.id in chosen and not option.correct and option.misconception:
                    by_key.setdefault(q.id, []).append(option.misconception)
            if status == "missing":
                block.append(Message("widgets.activity.missing_option"))
                if q.incomplete_misconception:  # a right option left out may be an oversight: ask
                    possible_by_key.setdefault(q.id, []).append(q.incomplete_misconception)
            for m in by_key.get(q.id, []):  # a wrong option chosen says the idea in words: shown
                block.append(Message("feedback.misconception", name=Message(f"misconception.{m}.name"),
                                     explanation=Message(f"misconception.{m}.explanation")))
            for m in possible_by_key.get(q.id, []):
                block.append(Message("feedback.possible_misconception",
                                     question=Message(f"possible_misconception.{m}")))
        verdicts[q.id] = status
        lines[q.id] = [_icon_line(status, q.prompt)] + block
        total += credit
    return Result(activity, total / max(len(activity.questions), 1), verdicts, lines, answer,
                  misconceptions_by_key=by_key, possible_by_key=possible_by_key)


def normalise_sort(activity: Activity, answer: Mapping) -> dict:
    """``{item_id: {group_id: category_id}}`` from ``{item: category}`` or ``{item: {group: category}}``."""
    out = {}
    for key, value in dict(answer).items():
        item = activity.item(key)
        if value is None:
            continue
        if isinstance(value, Mapping):
            pairs = {}
            for group_ref, cat in value.items():
                group = next((g for g in activity.groups if g.id == str(group_ref)), None)
                if group is None:
                    raise ActivityAnswerError(t("widgets.error.unknown_category", given=str(group_ref), suggestion="",
                                                choices=", ".join(g.id for g in activity.groups)))
                if cat is not None:
                    pairs[group.id] = group.category(cat).id
        else:
            values = [value] if isinstance(value, str) else list(value)
            pairs = {}
            for v in values:
                group = next((g for g in activity.groups if any(
                    v in (c.id, c.label.en, c.label.id) for c in g.categories)), None)
                if group is None and len(activity.groups) == 1:
                    group = activity.groups[0]  # its category() explains the valid choices
                if group is None:
                    all_ids = [c.id for g in activity.groups for c in g.categories]
                    match = suggest(str(v), all_ids)
                    raise ActivityAnswerError(t("widgets.error.unknown_category", given=str(v),
                                                suggestion=t("answer_error.suggestion", match=match) if match else "",
                                                choices=", ".join(all_ids)))
                pairs[group.id] = group.category(v).id
        if pairs:
            out[item.id] = pairs
    return out


def check_sort(activity: Activity, answer: Mapping) -> Result:
    """Check ``{item: category}`` (or ``{item: {group: category}}``); misplaced items get their hint only."""
    answer = normalise_sort(activity, answer)
    verdicts, lines, total = {}, {}, 0.0
    for item in activity.items:
        given = answer.get(item.id, {})
        block = []
        if not given:
            status, credit = "not_answered", 0.0
            block.append(Message("widgets.activity.not_answered"))
        else:
            hits = sum(given.get(g.id) == item.category[g.id] for g in activity.groups)
            credit = hits / len(activity.groups)
            status = "correct" if hits == len(activity.groups) else ("missing" if hits and all(
                given.get(g.id) in (None, item.category[g.id]) for g in activity.groups) else "wrong")
            if status == "correct" and item.explanation is not None:
                block.append(Message("widgets.activity.right_explanation", explanation=item.explanation))
            elif status != "correct" and item.hint is not None:
                block.append(item.hint)
        verdicts[item.id] = status
        lines[item.id] = [_icon_line(status, item.text)] + block
        total += credit
    return Result(activity, total / max(len(activity.items), 1), verdicts, lines, answer)


# ----- approaches --------------------------------------------------------------------------------
def approach_scope(scenario, approach: str, focus: str, stage=None) -> dict:
    """What an approach addresses in a case: ``{"actors": set, "relations": set of (a, b), "problems": tuple}``.

    The rule follows the seed text:

    * monolistic: only the person with the problem (``focus``), as a doctor treats only the patient;
    * dualistic: that person *and* their environment at once, because the problem comes from their
      interaction: the person's neighbours in the case's graph (:meth:`swedu.Scenario.graph`) and the
      edges to them, leaving out what the case says lies outside the plan at ``stage`` (its ``no_role``
      actors, such as the café crowd in Dimas's case);
    * holistic: what the dualistic approach addresses, and the problems linked to the main one in other
      dimensions of the person's life (the case's ``linked_problems``), each addressed: by social work
      with the actor named for it, or by referral to the profession that is competent.

    ``problems`` lists the linked problems (:class:`swedu.model.LinkedProblem`); it is empty except in the
    holistic view.

    >>> import swedu
    >>> youth = swedu.load_scenario("delinquent-youth")
    >>> sorted(approach_scope(youth, "monolistic", "teen")["actors"])
    ['teen']
    >>> sorted(approach_scope(youth, "dualistic", "teen")["actors"])
    ['counsellor', 'parents', 'teen', 'youth_group']
    >>> [(p.id, p.referral) for p in approach_scope(youth, "holistic", "teen")["problems"]]
    [('home', False), ('lessons', True), ('belonging', False), ('sleep', True)]
    """
    if approach not in APPROACHES:
        match = suggest(str(approach), APPROACHES)
        raise ActivityAnswerError(t("widgets.error.unknown_approach", given=str(approach),
                                    suggestion=t("answer_error.suggestion", match=match) if match else "",
                                    choices=", ".join(APPROACHES)))
    focus = scenario.actor(focus).id
    graph = scenario.graph()  # the scope is read off the case's person-in-environment graph
    outside = set(scenario.stage(stage).none_rationales)  # what the case says lies outside the plan

    def pair(a, b, data):  # in the direction of the case file
        return (a, b) if data.get("source", a) == a else (b, a)

    if approach == "monolistic":
        return {"actors": {focus}, "relations": set(), "problems": ()}
    around = {other: data for other, data in graph.adj[focus].items() if other not in outside}
    actors = {focus} | set(around)
    relations = {pair(focus, other, data) for other, data in around.items()}
    if approach == "dualistic":
        return {"actors": actors, "relations": relations, "problems": ()}
    problems = tuple(scenario.linked_problems)
    helpers = {p.actor for p in problems if p.actor and p.actor not in outside}
    relations |= {pair(focus, other, graph.adj[focus][other]) for other in helpers if other in graph.adj[focus]}
    return {"actors": actors | helpers, "relations": relations, "problems": problems}


def check_approach(activity: Activity, chosen) -> Result:
    """Check which approaches the learner says fit social work in the explorer's case."""
    question = activity.questions[0]
    return check_concept(activity, {question.id: chosen})
