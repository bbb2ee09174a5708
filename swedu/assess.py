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
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

from swedu.i18n import get_language, t
from swedu.systems import (
    NONE, REASONS, REASONS_FOR_SYSTEM, SYSTEM_IDS, resolve_system, suggest, system_name,
)

STATUSES = ("correct", "missing", "extra", "wrong", "not_answered")
"""Verdicts per actor: right, a role missing, a role too many, wrong, or not answered yet."""


class AnswerError(ValueError):
    """An answer the course cannot read (unknown actor or system, wrong type), explained for a learner."""


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

    @property
    def correct(self) -> bool:
        return self.status == "correct"


def _split_systems(value: str) -> list[str]:
    return [part for part in re.split(r"\s*(?:,|;|\+|/|&|\band\b|\bdan\b)\s*", value.strip()) if part]


def _resolve_system_name(actor_label: str, given) -> str:
    if not isinstance(given, str):
        raise AnswerError(t("answer_error.wrong_type", actor=actor_label, given=_describe(given)))
    system = resolve_system(given)
    if system is None:
        choices = [system_name(s) for s in SYSTEM_IDS]
        match = suggest(given, list(SYSTEM_IDS) + choices + [t(f"system.{s}.short") for s in SYSTEM_IDS])
        raise AnswerError(t("answer_error.unknown_system", given=given, choices=", ".join(
            f'"{s}"' for s in SYSTEM_IDS), suggestion=t("answer_error.suggestion", match=match) if match else ""))
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
    raise AnswerError(t("answer_error.unknown_reason", given=str(given), choices=", ".join(REASONS),
                        suggestion=t("answer_error.suggestion", match=match) if match else ""))


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
        raise AnswerError(t("answer_error.not_a_mapping", example_actor=example, given=_describe(answer)))
    out: dict[str, dict] = {}
    original: dict[str, object] = {}
    for key, value in answer.items():
        actor = scenario.actor(str(key) if not hasattr(key, "id") else key)
        if actor.id in out:
            raise AnswerError(t("answer_error.duplicate_actor", actor=str(actor.name),
                                first=str(original[actor.id]), second=str(key)))
        original[actor.id] = key
        label = str(actor.name)
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
            raise AnswerError(t("answer_error.wrong_type", actor=label, given=_describe(value)))
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


def _misconceptions(scenario, stage, actor, expected: frozenset, given: frozenset) -> tuple:
    found: list[str] = []
    extra, missing = given - expected, expected - given
    for pitfall in stage.pitfalls.get(actor.id, ()):
        if pitfall.system in extra:
            found.append(pitfall.misconception)
    previous = scenario.previous_stage(stage)
    if previous is not None and given and given == previous.systems_of(actor.id):
        # The learner kept the earlier stage's roles: that is the misconception, not the others.
        found.append("roles_fixed")
        return tuple(dict.fromkeys(found))
    traits = actor.traits
    if "client" in extra:
        if "target" in expected:
            found.append("client_is_problem_bearer")
        if traits & {"referrer", "payer"}:
            found.append("referrer_is_client")
        if "potential_client" in traits:
            found.append("potential_is_actual_client")
        if "legal_beneficiary" in traits:
            found.append("legal_client_is_client_system")
    if "target" in extra and "client" in expected and "target" not in expected:
        found.append("sasaran_is_beneficiary")
    if {"client", "target"} <= expected and len(given & {"client", "target"}) == 1:
        found.append("client_target_always_differ")
    if "action" in missing and not traits & {"professional", "agency", "worker"}:
        found.append("action_professionals_only")
    if "change_agent" in missing and "agency" in traits:
        found.append("change_agent_worker_only")
    return tuple(dict.fromkeys(found))


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
        given_map = normal.get(actor.id, {})
        given = frozenset(given_map)
        status, credit = _status(expected, given, actor.id in normal)
        reasons = {}
        given_reasons = {system: reason for system, reason in given_map.items() if reason is not None}
        for system, reason in given_reasons.items():
            if system in expected:
                reasons[system] = reason in REASONS_FOR_SYSTEM[system]
        if chosen_stage.ask_reasons and expected and status != "not_answered":
            reason_credit = sum(reasons.values()) / len(expected)
            credit = 0.5 * credit + 0.5 * reason_credit
        misconceptions = _misconceptions(scenario, chosen_stage, actor, expected, given) if status not in (
            "correct", "not_answered") else ()
        verdicts[actor.id] = Verdict(actor.id, status, expected, given, credit, misconceptions,
                                     MappingProxyType(reasons), MappingProxyType(given_reasons))
        total += credit
    score = total / len(scenario.actors) if scenario.actors else 0.0
    return Feedback(scenario, chosen_stage, MappingProxyType(verdicts), score, bool(normal))


@dataclass(frozen=True)
class Feedback:
    """What a learner gets back from a check.

    ``score`` is between 0 and 1; ``verdicts`` maps actor ids to :class:`Verdict`;
    ``str(feedback)`` is exactly the text the learner reads, in the current language.
    """

    scenario: object
    stage: object
    verdicts: Mapping
    score: float
    answered: bool = True

    @property
    def correct(self) -> bool:
        """True when every actor is classified correctly."""
        return all(v.correct for v in self.verdicts.values())

    @property
    def misconceptions(self) -> tuple:
        """Every misconception behind the errors, each once, in the order the actors appear."""
        return tuple(dict.fromkeys(m for v in self.verdicts.values() for m in v.misconceptions))

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
        for system in SYSTEM_IDS:
            if system in v.given and system in v.expected:
                lines.append(t("feedback.role_right", system=_cap(system_name(system)),
                               rationale=str(roles[system].rationale)))
                if system in v.reasons and not v.reasons[system]:
                    lines.append(t("feedback.reason_wrong", system=system_name(system)))
                elif system in v.reasons:  # the learner's own reason, which fits
                    lines.append(t("feedback.reason_right",
                                   reason=t(f"reason.{v.given_reasons.get(system, roles[system].reason)}")))
                elif stage.ask_reasons:
                    lines.append(t("feedback.reason_missing", system=system_name(system)))
        pitfalls = {p.system: p for p in stage.pitfalls.get(actor.id, ())}
        for system in SYSTEM_IDS:
            if system in v.given and system not in v.expected:
                lines.append(t("feedback.role_extra", system=_cap(system_name(system))))
                if system in pitfalls and pitfalls[system].feedback is not None:
                    lines.append(str(pitfalls[system].feedback))
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
        return lines

    @property
    def closing_key(self) -> str | None:
        """The catalog key of the line that closes the summary: all right, or right but reasons still open."""
        if not self.correct:
            return None
        return "feedback.all_correct" if self.score > 0.9999 else "feedback.reasons_still_open"

    @property
    def text(self) -> str:
        """The whole feedback as plain text in the current language."""
        head = [t("feedback.title", scenario=str(self.scenario.title), stage=str(self.stage.title))]
        if not self.answered:
            head.append(t("feedback.nothing_answered"))
            return "\n".join(head)
        correct = sum(v.correct for v in self.verdicts.values())
        head.append(t("feedback.score", score=round(self.score * 100)))
        head.append(t("feedback.summary", correct=correct, total=len(self.verdicts)))
        if self.closing_key:
            head.append(t(self.closing_key))
        blocks = ["\n".join(head)]
        for actor_id in self.verdicts:
            blocks.append("\n".join(self.actor_lines(actor_id)))
        return "\n\n".join(blocks)

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"<Feedback {self.scenario.id}/{self.stage.id}: score {self.score:.2f}>"

    def _repr_html_(self) -> str:
        return feedback_html(self)

    def to_record(self, answer: Mapping | None = None) -> dict:
        """Plain data about this check for the progress store (no free text)."""
        return {
            "kind": "scenario",
            "item": self.scenario.id,
            "stage": self.stage.id,
            "answer": {a: sorted(v.given) for a, v in self.verdicts.items()},
            "verdicts": {a: v.status for a, v in self.verdicts.items()},
            "misconceptions": {a: list(v.misconceptions) for a, v in self.verdicts.items() if v.misconceptions},
            "score": round(self.score, 4),
            "language": get_language(),
        }


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


STATUS_CSS = {"correct": "swedu-ok", "missing": "swedu-partial", "extra": "swedu-partial",
              "wrong": "swedu-wrong", "not_answered": "swedu-empty"}


def feedback_html(feedback: Feedback) -> str:
    """The feedback as escaped HTML: icons and words carry the verdict, colour only repeats it."""
    e = html.escape
    parts = [f'<div class="swedu-feedback" lang="{get_language()}">',
             f"<h4>{e(t('feedback.title', scenario=str(feedback.scenario.title), stage=str(feedback.stage.title)))}</h4>"]
    if not feedback.answered:
        parts.append(f"<p>{e(t('feedback.nothing_answered'))}</p></div>")
        return "".join(parts)
    correct = sum(v.correct for v in feedback.verdicts.values())
    parts.append(f"<p><strong>{e(t('feedback.score', score=round(feedback.score * 100)))}</strong> "
                 f"{e(t('feedback.summary', correct=correct, total=len(feedback.verdicts)))}</p>")
    if feedback.closing_key:
        parts.append(f"<p>{e(t(feedback.closing_key))}</p>")
    parts.append('<ul class="swedu-verdicts">')
    for actor_id, verdict in feedback.verdicts.items():
        first, *rest = feedback.actor_lines(actor_id)
        parts.append(f'<li class="{STATUS_CSS[verdict.status]}" data-actor="{e(actor_id)}" '
                     f'data-status="{verdict.status}"><strong>{e(first)}</strong>')
        if rest:
            parts.append("<ul>" + "".join(f"<li>{e(line)}</li>" for line in rest) + "</ul>")
        parts.append("</li>")
    parts.append("</ul></div>")
    return "".join(parts)


def key_text(scenario, stage) -> str:
    """The answer key of ``stage`` with every rationale, as plain text."""
    lines = [t("feedback.stage_key", scenario=str(scenario.title), stage=str(stage.title))]
    for actor in scenario.actors:
        roles = stage.roles.get(actor.id, ())
        if roles:
            held = "".join("\n  " + t("feedback.key_role", system=system_name(r.system),
                                        reason=t(f"reason.{r.reason}"), rationale=str(r.rationale))
                           for r in roles)
        else:
            rationale = stage.none_rationales.get(actor.id)
            held = t("feedback.key_none", rationale=str(rationale) if rationale else t(
                "feedback.none_default_rationale"))
        lines.append(t("feedback.key_line", actor=str(actor.name), systems=held))
    return "\n".join(lines)
