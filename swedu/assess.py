"""Checking a learner's classification and explaining it, actor by actor.

An answer pairs actors with systems: ``{"parents": "client", "teen": ["target"]}``.
Actors may be named by id or displayed name, systems by id or by their English
or Indonesian names. Reasons may be given as ``{"parents": {"client": "asked_or_agreed"}}``.

>>> import swedu
>>> youth = swedu.load_scenario("delinquent-youth")
>>> feedback = youth.assess({"parents": "client", "teen": "client"})
>>> feedback.score, feedback.verdicts["teen"].status  # one of the eight actors is right
(0.125, 'wrong')
>>> feedback.verdicts["teen"].misconceptions
('client_is_problem_bearer',)

A misconception is named for an actor only when its one condition holds (:data:`CONDITIONS`; the
wording for learners and lecturers is ``misconception.<id>.condition`` in the catalogs). In the table,
"held" is the stage's key for the actor, "accepted" what the key also accepts, "before" the key of the
previous stage, "given" the learner's systems and "extra" = given - held - accepted:

=============================  ===========================================================================
misconception                  condition
=============================  ===========================================================================
role_outside_plan              nothing held, and extra is not empty (the seed's *selektif*)
client_is_problem_bearer       client in extra, target held or accepted, kind is person, family or group
referrer_is_client             client in extra, trait referrer or payer
potential_is_actual_client     client in extra, trait potential_client
legal_client_is_client_system  client in extra, trait legal_beneficiary
sasaran_is_beneficiary         target in extra, kind is not institution, and client held or accepted, or
                               trait legal_beneficiary
client_target_always_differ    client and target held, exactly one of them given
roles_fixed                    a previous stage, before != held, the answer not accepted, and given == before
                               or extra contains a system of before - held (alone when given == before)
action_professionals_only      action held but not given, kind is person, family, group or community,
                               none of the traits worker, agency, professional
change_agent_worker_only       change_agent held but not given, trait agency
=============================  ===========================================================================

An answer *shows* a misconception only where no other reasonable reading explains it; else the
misconception is only *possible* (``Verdict.possible_misconceptions``): the feedback asks ("If you
marked them ... because ...") and the class report counts it apart. :func:`diagnose` decides: target
added while client is kept is overlap reasoning (at most possible ``sasaran_is_beneficiary``; a swap
shows it); a repeated earlier answer shows ``roles_fixed`` and leaves the other labels that hold as
possible, never hidden.

>>> teen = youth.assess({"teen": ["client", "target"]}, stage="reassessment").verdicts["teen"]
>>> teen.status, teen.possible_misconceptions  # the convention accepts him as client and target
('correct', ())

A pitfall of the scenario file names its misconception under the same condition. Roles the key also
accepts (``also_accepted`` in the file, and the worker in the action system by the course's
convention) count like the key's own roles: full credit, a line that says why both views hold.

>>> feedback = youth.assess({"gang": "target"})
>>> feedback.verdicts["gang"].misconceptions
('role_outside_plan',)
>>> after = youth.assess({"parents": ["client", "target", "action"]}, stage="reassessment")
>>> after.verdicts["parents"].status, sorted(after.verdicts["parents"].alternatives)
('correct', ['client'])
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

from swedu.i18n import get_language, t
from swedu.model import AnswerError, check_with
from swedu.outcome import STATUS_CSS  # noqa: F401 - re-exported: the classifier widget's name for it
from swedu.outcome import Message, Outcome, feedback_head_html, status_for, verdicts_html
from swedu.systems import (
    NONE, REASONS, REASONS_FOR_SYSTEM, SYSTEM_IDS, resolve_system, suggest, system_name,
)



@dataclass(frozen=True)
class Verdict:
    """The verdict for one actor: what was expected, what was given, and why it went wrong."""

    actor: str
    status: str
    expected: frozenset
    given: frozenset
    credit: float
    misconceptions: tuple = ()
    reasons: Mapping = field(default_factory=lambda: MappingProxyType({}))
    """For each system given with a reason: ``True`` if the reason fits, else ``False``."""
    given_reasons: Mapping = field(default_factory=lambda: MappingProxyType({}))
    """The reason id the learner gave for each system that has one (``{system: reason}``)."""
    alternatives: frozenset = frozenset()
    """Systems the learner gave that the key does not hold but accepts as well (full credit)."""
    also_accepted: frozenset = frozenset()
    """Every system the key accepts as well for this actor, chosen or not."""
    possible_misconceptions: tuple = ()
    """Misconceptions the answer only *may* show (another reasonable reading explains it too): the
    feedback asks about them instead of naming them, and the class report counts them apart."""

    @property
    def correct(self) -> bool:
        return self.status == "correct"


def _split_systems(value: str) -> list[str]:
    return [part for part in re.split(r"\s*(?:,|;|\+|/|&|\band\b|\bdan\b)\s*", value.strip()) if part]


def _resolve_system_name(actor_label: str, given) -> str:
    if not isinstance(given, str):
        raise AnswerError(Message("answer_error.wrong_type", actor=actor_label, given=_describe(given)))
    system = resolve_system(given)
    if system is None:
        choices = [system_name(s) for s in SYSTEM_IDS]
        match = suggest(given, list(SYSTEM_IDS) + choices + [t(f"system.{s}.short") for s in SYSTEM_IDS])
        raise AnswerError(Message("answer_error.unknown_system", given=given, choices=", ".join(
            f'"{s}"' for s in SYSTEM_IDS), suggestion=Message("answer_error.suggestion", match=match) if match else ""))
    return system


def _resolve_reason(given) -> str:
    if isinstance(given, str):
        key = given.strip().lower().replace(" ", "_").replace("-", "_")
        if key in REASONS:
            return key
        for reason in REASONS:
            for lang in ("en", "id"):
                if given.strip().lower() == t(f"reason.{reason}", lang).lower():
                    return reason
    match = suggest(str(given), REASONS)
    raise AnswerError(Message("answer_error.unknown_reason", given=str(given), choices=", ".join(REASONS),
                              suggestion=Message("answer_error.suggestion", match=match) if match else ""))


def _describe(value) -> str:
    if value is None:
        return "None"
    kind = type(value).__name__
    text = repr(value)
    return f"{text[:60]} ({kind})"


def normalise_answer(scenario, answer) -> dict:
    """``{actor_id: {system_id: reason_or_None}}`` from anything a learner may type; raises :class:`AnswerError`."""
    if not isinstance(answer, Mapping):
        example = scenario.actors[0].id if scenario.actors else "actor"
        raise AnswerError(Message("answer_error.not_a_mapping", example_actor=example, given=_describe(answer)))
    out: dict[str, dict] = {}
    original: dict[str, object] = {}
    for key, value in answer.items():
        actor = scenario.actor(str(key) if not hasattr(key, "id") else key)
        if actor.id in out:
            raise AnswerError(Message("answer_error.duplicate_actor", actor=actor.name,
                                      first=str(original[actor.id]), second=str(key)))
        original[actor.id] = key
        label = actor.name
        chosen: dict[str, str | None] = {}
        if value is None:
            pass
        elif isinstance(value, str):
            for part in _split_systems(value):
                chosen[_resolve_system_name(label, part)] = None
        elif isinstance(value, Mapping):
            for system, reason in value.items():
                sid = _resolve_system_name(label, system)
                chosen[sid] = None if reason in (None, "") or sid == NONE else _resolve_reason(reason)
        elif isinstance(value, (list, tuple, set, frozenset)):
            for part in (sorted(value, key=str) if isinstance(value, (set, frozenset)) else value):
                chosen[_resolve_system_name(label, part)] = None
        else:
            raise AnswerError(Message("answer_error.wrong_type", actor=label, given=_describe(value)))
        chosen.pop(NONE, None)
        out[actor.id] = chosen
    return out


def _status(expected: frozenset, given: frozenset, answered: bool) -> tuple[str, float]:
    """The verdict and the credit (0 to 1) for one actor.

    >>> _status(frozenset({"client"}), frozenset(), answered=True)  # "none" for an actor with a role
    ('wrong', 0.0)
    >>> _status(frozenset({"target", "action"}), frozenset({"target"}), answered=True)
    ('missing', 0.5)
    """
    if not answered:
        return "not_answered", 0.0
    if given == expected:
        return "correct", 1.0
    if not given:
        return "wrong", 0.0
    credit = len(given & expected) / len(given | expected)
    if expected and given < expected:
        return "missing", credit
    if expected and given > expected:
        return "extra", credit
    return "wrong", credit


@dataclass(frozen=True)
class Situation:
    """What a misconception condition looks at: one actor in one stage, and the learner's answer for it.

    ``held`` is the key (the systems the actor holds), ``accepted`` the systems also accepted for it,
    ``before`` the systems it held in the previous stage (``None`` in the first stage) and ``given``
    the learner's systems.
    """

    kind: str
    traits: frozenset
    held: frozenset
    accepted: frozenset
    before: frozenset | None
    given: frozenset

    @property
    def extra(self) -> frozenset:
        """Systems the learner gives that are neither held nor also accepted."""
        return self.given - self.held - self.accepted

    @property
    def missing(self) -> frozenset:
        """Systems the actor holds that the learner leaves out."""
        return self.held - self.given


PEOPLE_KINDS = frozenset({"person", "family", "group"})
"""Kinds of actor whose own behaviour can be "the problem": people, not an organisation's practice."""
LAY_KINDS = PEOPLE_KINDS | {"community"}
"""Kinds of actor the "professionals only" idea leaves out: people and communities, not organisations."""
HELPER_TRAITS = frozenset({"worker", "agency", "professional"})


def _outside_plan(s: Situation) -> bool:
    return not s.held and bool(s.extra)


def _problem_bearer(s: Situation) -> bool:
    return "client" in s.extra and "target" in s.held | s.accepted and s.kind in PEOPLE_KINDS


def _referrer(s: Situation) -> bool:
    return "client" in s.extra and bool(s.traits & {"referrer", "payer"})


def _potential(s: Situation) -> bool:
    return "client" in s.extra and "potential_client" in s.traits


def _legal(s: Situation) -> bool:
    return "client" in s.extra and "legal_beneficiary" in s.traits


def _sasaran(s: Situation) -> bool:
    # An institution that asks for or sanctions a service (a court, a contracting office) is nobody's
    # idea of "the one who benefits" ("sasaran program"); an organisation that asked is hardly one.
    return ("target" in s.extra and s.kind != "institution"
            and ("client" in s.held | s.accepted or "legal_beneficiary" in s.traits))


def _always_differ(s: Situation) -> bool:
    return {"client", "target"} <= s.held and len(s.given & {"client", "target"}) == 1


def _roles_fixed(s: Situation) -> bool:
    if s.before is None or s.before == s.held or not (s.missing or s.extra):
        return False
    return s.given == s.before or bool(s.extra & (s.before - s.held))


def _professionals_only(s: Situation) -> bool:
    return "action" in s.missing and s.kind in LAY_KINDS and not s.traits & HELPER_TRAITS


def _worker_only(s: Situation) -> bool:
    return "change_agent" in s.missing and "agency" in s.traits


CONDITIONS = {
    "role_outside_plan": _outside_plan,
    "client_is_problem_bearer": _problem_bearer,
    "referrer_is_client": _referrer,
    "potential_is_actual_client": _potential,
    "legal_client_is_client_system": _legal,
    "sasaran_is_beneficiary": _sasaran,
    "client_target_always_differ": _always_differ,
    "roles_fixed": _roles_fixed,
    "action_professionals_only": _professionals_only,
    "change_agent_worker_only": _worker_only,
}
"""The one condition of each misconception (see the table in the module docstring): the feedback
names a misconception for an actor only when its condition holds, whether a rule or a pitfall of the
scenario file suggests it. Whether the answer *shows* it or only *may* show it is :func:`diagnose`'s."""

def situation(scenario, stage, actor, given) -> Situation:
    """The :class:`Situation` of ``actor`` in ``stage`` of ``scenario`` for the learner's ``given`` systems."""
    previous = scenario.previous_stage(stage)
    return Situation(actor.kind, actor.traits, stage.systems_of(actor.id),
                     frozenset(stage.accepted_roles(actor)),
                     None if previous is None else previous.systems_of(actor.id), frozenset(given))


def condition_holds(misconception: str, s: Situation) -> bool:
    """True when the written condition of ``misconception`` holds in situation ``s``.

    >>> s = Situation("organisation", frozenset(), frozenset({"target"}), frozenset(), None, frozenset({"client"}))
    >>> condition_holds("client_is_problem_bearer", s)  # an organisation's practice is not "the person with the problem"
    False
    """
    return CONDITIONS[misconception](s)


def diagnose(s: Situation, first=()) -> tuple[tuple, tuple]:
    """``(shown, possible)``: the misconceptions whose condition holds in ``s``, split by what the answer
    shows. An answer *shows* a misconception only where no other reasonable reading explains it; where
    another does, the misconception is only *possible* and the feedback asks instead of asserting:

    - the previous stage's answer repeated exactly shows ``roles_fixed``; every other label that holds
      is then possible (the copy explains the answer too), never hidden. A system of the previous stage
      kept beside new ones makes ``roles_fixed`` possible, and the labels that explain that system;
    - ``sasaran_is_beneficiary``: shown by a swap (target given, client not); possible when target is
      added while client is kept (overlap reasoning) and for an organisation that asked (it may be its
      own practice the learner sees as the problem); never for an institution (see the condition);
    - ``client_is_problem_bearer``: shown when client replaces a target the key holds; possible when
      target is kept beside client (overlap reasoning) or target is only also accepted;
    - ``role_outside_plan``: possible for an actor the key also accepts in a role (not wholly outside);
    - ``action_professionals_only``: shown when the answer leaves the lay helper with no role at all;
      possible when it gives another role (read in that role, or roles read as exclusive);
    - ``change_agent_worker_only``: possible when the answer gives the agency its other role.

    ``first`` lists misconceptions to name first (a stage's pitfalls), in their order.

    >>> keep = Situation("person", frozenset(), frozenset({"client"}), frozenset(), None, frozenset({"client", "target"}))
    >>> diagnose(keep)  # target added, client kept: overlap reasoning, not "sasaran = beneficiary"
    ((), ('sasaran_is_beneficiary',))
    >>> swap = Situation("person", frozenset(), frozenset({"client"}), frozenset(), None, frozenset({"target"}))
    >>> diagnose(swap)
    (('sasaran_is_beneficiary',), ())
    >>> court = Situation("institution", frozenset(), frozenset({"client"}), frozenset(), None, frozenset({"target"}))
    >>> diagnose(court)  # a court that sanctions a service is nobody's idea of a beneficiary
    ((), ())
    """
    holding = [m for m in dict.fromkeys([*first, *CONDITIONS]) if m in CONDITIONS and condition_holds(m, s)]
    possible: set = set()
    if "roles_fixed" in holding and s.given == s.before:
        possible.update(m for m in holding if m != "roles_fixed")
    elif "roles_fixed" in holding:
        kept = s.extra & (s.before - s.held)
        possible.add("roles_fixed")
        if "client" in kept:
            possible.update(("client_is_problem_bearer", "referrer_is_client", "potential_is_actual_client",
                             "legal_client_is_client_system"))
        if "target" in kept:
            possible.add("sasaran_is_beneficiary")
        if not s.held:
            possible.add("role_outside_plan")
    if "client" in s.given or s.kind == "organisation":
        possible.add("sasaran_is_beneficiary")
    if "target" in s.given or "target" not in s.held:
        possible.add("client_is_problem_bearer")
    if s.accepted:
        possible.add("role_outside_plan")
    if s.given:
        possible.add("action_professionals_only")
    if s.given & s.held:
        possible.add("change_agent_worker_only")
    shown = tuple(m for m in holding if m not in possible)
    return shown, tuple(m for m in holding if m in possible)


def _misconceptions(scenario, stage, actor, given: frozenset) -> tuple[tuple, tuple]:
    s = situation(scenario, stage, actor, given)
    first = [p.misconception for p in stage.pitfalls.get(actor.id, ()) if p.misconception and p.system in s.extra]
    return diagnose(s, first)


def assess(scenario, answer, stage=None) -> "Feedback":
    """Check ``answer`` against the key of ``stage`` (default: the first) of ``scenario``.

    Raises :class:`AnswerError` (a ``ValueError``) with the valid choices when the
    answer names an unknown actor or system, or is not a dictionary.
    """
    chosen_stage = scenario.stage(stage)
    normal = normalise_answer(scenario, answer)
    verdicts: dict[str, Verdict] = {}
    total = 0.0
    for actor in scenario.actors:
        expected = chosen_stage.systems_of(actor.id)
        accepted = frozenset(chosen_stage.accepted_roles(actor))
        given_map = normal.get(actor.id, {})
        given = frozenset(given_map)
        alternatives = given & accepted
        counted = expected | alternatives  # an alternative the learner chose counts like a role of the key
        status, credit = _status(counted, given, actor.id in normal)
        reasons = {}
        given_reasons = {system: reason for system, reason in given_map.items() if reason is not None}
        for system, reason in given_reasons.items():
            if system in counted:
                reasons[system] = reason in REASONS_FOR_SYSTEM[system]
        if chosen_stage.ask_reasons and counted and status != "not_answered":
            reason_credit = sum(reasons.values()) / len(counted)
            credit = 0.5 * credit + 0.5 * reason_credit
        misconceptions, possible = _misconceptions(scenario, chosen_stage, actor, given) if status not in (
            "correct", "not_answered") else ((), ())
        verdicts[actor.id] = Verdict(actor.id, status, expected, given, credit, misconceptions,
                                     MappingProxyType(reasons), MappingProxyType(given_reasons),
                                     alternatives, accepted, possible)
        total += credit
    score = total / len(scenario.actors) if scenario.actors else 0.0
    return Feedback(scenario, chosen_stage, MappingProxyType(verdicts), score, bool(normal))


@dataclass(frozen=True)
class Feedback(Outcome):
    """What a learner gets back from a check: an :class:`~swedu.outcome.Outcome` of kind ``scenario``.

    ``score`` is between 0 and 1; ``verdicts`` maps actor ids to :class:`Verdict` (``statuses`` to
    their status); ``str(feedback)`` is exactly the text the learner reads, in the current language.
    """

    scenario: object
    stage: object
    verdicts: Mapping
    score: float
    answered: bool = True
    language: str = field(default_factory=get_language, compare=False)
    """The language the check ran in (the text follows the current language when read)."""

    kind = "scenario"

    @property
    def item(self) -> str:
        return self.scenario.id

    @property
    def stage_id(self) -> str:
        return self.stage.id

    @property
    def statuses(self) -> Mapping:
        """``{actor id: status}``, one of :data:`swedu.outcome.ITEM_STATUSES` each."""
        return {a: v.status for a, v in self.verdicts.items()}

    @property
    def misconceptions_by_item(self) -> Mapping:
        return {a: v.misconceptions for a, v in self.verdicts.items() if v.misconceptions}

    @property
    def possible_misconceptions_by_item(self) -> Mapping:
        return {a: v.possible_misconceptions for a, v in self.verdicts.items() if v.possible_misconceptions}

    @property
    def alternatives_by_item(self) -> Mapping:
        return {a: tuple(sorted(v.alternatives)) for a, v in self.verdicts.items() if v.alternatives}

    @property
    def answer_ids(self) -> Mapping:
        """``{actor id: [system ids]}``: the answer as the store keeps it (reasons are not kept)."""
        return {a: sorted(v.given) for a, v in self.verdicts.items()}

    @property
    def correct(self) -> bool:
        """True when every actor is classified correctly."""
        return all(v.correct for v in self.verdicts.values())

    @property
    def status(self) -> str:
        """The whole check (one of :data:`swedu.outcome.OUTCOME_STATUSES`): ``not_answered`` before any answer,
        else by the score (``partial`` when every role is right but reasons are still open)."""
        return status_for(self.score) if self.answered else "not_answered"

    @property
    def alternatives(self) -> dict:
        """``{actor_id: systems}`` for the actors where the learner chose a view the key also accepts."""
        return {a: v.alternatives for a, v in self.verdicts.items() if v.alternatives}

    def actor_lines(self, actor_id: str) -> list[str]:
        """The feedback lines for one actor, first line with icon and verdict words."""
        actor = self.scenario.actor(actor_id)
        v = self.verdicts[actor.id]
        stage = self.stage
        lines = [t("feedback.actor_line", icon=t(f"verdict.{v.status}.icon"), actor=str(actor.name),
                   label=t(f"verdict.{v.status}.label"))]
        if v.status == "not_answered":
            lines.append(t("feedback.nothing_chosen"))
            return lines
        if not v.expected and not v.given:
            rationale = stage.none_rationales.get(actor.id)
            lines.append(t("feedback.none_right", rationale=str(rationale) if rationale else t(
                "feedback.none_default_rationale")))
            return lines
        roles = {r.system: r for r in stage.roles.get(actor.id, ())}
        accepted = stage.accepted_roles(actor)
        for system in SYSTEM_IDS:
            if system in v.given and system in v.expected:
                lines.append(t("feedback.role_right", system=_cap(system_name(system)),
                               rationale=str(roles[system].rationale)))
            elif system in v.alternatives:  # a defensible second view: say why it holds too
                roles[system] = accepted[system]
                lines.append(t("feedback.role_also_accepted", system=_cap(system_name(system)),
                               rationale=str(accepted[system].rationale)))
            if system in v.given and system in roles:
                if system == "client" and v.given_reasons.get(system) == "benefits" and not v.reasons[system]:
                    # expecting to benefit is one of the client's three criteria: part of it, not enough
                    lines.append(t("feedback.reason_benefit_part_of_client"))
                elif system in v.reasons and not v.reasons[system]:
                    lines.append(t("feedback.reason_wrong", system=system_name(system)))
                elif system in v.reasons:  # the learner's own reason, which fits
                    lines.append(t("feedback.reason_right",
                                   reason=t(f"reason.{v.given_reasons.get(system, roles[system].reason)}")))
                elif stage.ask_reasons:
                    lines.append(t("feedback.reason_missing", system=system_name(system)))
        pitfalls = {p.system: p for p in stage.pitfalls.get(actor.id, ())}
        extra = v.given - v.expected - v.alternatives
        for system in SYSTEM_IDS:
            if system in extra:
                lines.append(t("feedback.role_extra", system=_cap(system_name(system))))
                if system in pitfalls and pitfalls[system].feedback is not None:
                    lines.append(str(pitfalls[system].feedback))
        if extra and not v.expected:  # a role for an actor outside the plan: say why it has none
            rationale = stage.none_rationales.get(actor.id)
            lines.append(t("feedback.outside_plan", rationale=str(rationale) if rationale else t(
                "feedback.none_default_rationale")))
        missing = v.expected - v.given
        if missing and not v.given:
            lines.append(t("feedback.none_wrong"))
        elif missing and not v.given & v.expected:
            lines.append(t("feedback.role_other"))
        elif missing:
            lines.append(t("feedback.role_missing") if len(missing) == 1 else
                         t("feedback.role_missing_count", count=len(missing)))
        for m in v.misconceptions:
            lines.append(t("feedback.misconception", name=t(f"misconception.{m}.name"),
                           explanation=t(f"misconception.{m}.explanation")))
        for m in v.possible_misconceptions:  # another reading explains the answer too: ask, do not assert
            lines.append(t("feedback.possible_misconception", question=t(f"possible_misconception.{m}")))
        return lines

    @property
    def closing_key(self) -> str | None:
        """The catalog key of the line that closes the summary: all right, or right but reasons still open."""
        if not self.correct:
            return None
        return "feedback.all_correct" if self.score > 0.9999 else "feedback.reasons_still_open"

    def lines(self) -> list[str]:
        """The whole feedback line by line in the current language: the summary, then each actor's
        lines, an empty line between blocks."""
        head = [t("feedback.title", scenario=str(self.scenario.title), stage=str(self.stage.title))]
        if not self.answered:
            head.append(t("feedback.nothing_answered"))
            return head
        correct = sum(v.correct for v in self.verdicts.values())
        head.append(t("feedback.score", score=round(self.score * 100)))
        head.append(t("feedback.summary", correct=correct, total=len(self.verdicts)))
        if self.closing_key:
            head.append(t(self.closing_key))
        out = head
        for actor_id in self.verdicts:
            out += ["", *self.actor_lines(actor_id)]
        return out

    def __repr__(self) -> str:
        return f"<Feedback {self.scenario.id}/{self.stage.id}: score {self.score:.2f}>"

    def _repr_html_(self) -> str:
        return feedback_html(self)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def feedback_html(feedback: Feedback) -> str:
    """The feedback as escaped HTML: icons and words carry the verdict, colour only repeats it."""
    e = html.escape
    correct = sum(v.correct for v in feedback.verdicts.values())
    head = feedback_head_html(
        t("feedback.title", scenario=str(feedback.scenario.title), stage=str(feedback.stage.title)),
        feedback.answered, t("feedback.nothing_answered"), t("feedback.score", score=round(feedback.score * 100)),
        t("feedback.summary", correct=correct, total=len(feedback.verdicts)))
    if not feedback.answered:
        return head
    parts = [head]
    if feedback.closing_key:
        parts.append(f"<p>{e(t(feedback.closing_key))}</p>")
    parts.append(verdicts_html(((actor_id, verdict.status, feedback.actor_lines(actor_id))
                                for actor_id, verdict in feedback.verdicts.items()), attribute="actor"))
    parts.append("</div>")
    return "".join(parts)


@dataclass(frozen=True)
class KeyRow:
    """One actor in the answer key of a stage, in the current language: ``roles`` holds a line per system
    the actor holds (then per system the key also accepts); an actor that holds none has no roles and
    ``none``, the line that says why. :func:`key_text` writes the rows as text, the classifier's
    :meth:`~swedu.Classifier.reveal` as a list.

    >>> import swedu
    >>> youth = swedu.load_scenario("delinquent-youth")
    >>> worker, *_, crowd = key_rows(youth, youth.stage("intake"))
    >>> worker.heading, worker.roles[0].startswith("change agent system (")
    ('Sari (social worker):', True)
    >>> crowd.roles, crowd.heading.startswith("The crowd at the game café: none of the four systems.")
    ((), True)
    """

    actor: str
    roles: tuple[str, ...] = ()
    none: str = ""

    @property
    def heading(self) -> str:
        """The actor's own line: the name, and why it holds no role when it holds none."""
        return t("feedback.key_line", actor=self.actor, systems=self.none).strip()

    @property
    def text(self) -> str:
        """The row as :func:`key_text` writes it: the actor's line, each role indented on a line below it."""
        return t("feedback.key_line", actor=self.actor,
                 systems="".join("\n  " + role for role in self.roles) if self.roles else self.none)


def key_rows(scenario, stage) -> list[KeyRow]:
    """The answer key of ``stage``, one :class:`KeyRow` per actor of ``scenario`` (in its order)."""
    rows = []
    for actor in scenario.actors:
        roles = stage.roles.get(actor.id, ())
        if roles:
            held = [t("feedback.key_role", system=system_name(r.system), reason=t(f"reason.{r.reason}"),
                      rationale=str(r.rationale)) for r in roles]
            held += [t("feedback.key_also_accepted", system=system_name(r.system), rationale=str(r.rationale))
                     for r in stage.accepted_roles(actor).values()]
            rows.append(KeyRow(str(actor.name), tuple(held)))
        else:
            rationale = stage.none_rationales.get(actor.id)
            rows.append(KeyRow(str(actor.name), none=t("feedback.key_none", rationale=str(rationale) if rationale
                                                     else t("feedback.none_default_rationale"))))
    return rows


def key_title(scenario, stage) -> str:
    """The first line of the answer key of ``stage``: which case and stage it is for."""
    return t("feedback.stage_key", scenario=str(scenario.title), stage=str(stage.title))


def key_text(scenario, stage) -> str:
    """The answer key of ``stage`` with every rationale, as plain text (:func:`key_rows`, one after the other)."""
    return "\n".join([key_title(scenario, stage), *(row.text for row in key_rows(scenario, stage))])


check_with(assess, key_text)  # Scenario.assess and Scenario.key_text check with these (the model never imports them)
