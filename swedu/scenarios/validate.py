"""Checking a scenario file and building an immutable :class:`~swedu.model.Scenario` from it.

Every problem is collected (not only the first) with its line and column, in
words a lecturer who does not program can act on. Nothing is half-loaded: a
file either becomes a complete Scenario or raises :class:`ScenarioError`.
"""
from __future__ import annotations

from types import MappingProxyType

# ID_PATTERN and MAX_TEXT stay importable from here (swedu.cli and the tests use them).
from swedu._schema import ID_PATTERN, MAX_TEXT, Checker, Problem, SchemaError  # noqa: F401
from swedu._schema import expected as _expected
from swedu._schema import type_name as _type_name
from swedu.assess import Situation, condition_holds
from swedu.i18n import LANGUAGES, t
from swedu.model import Actor, LinkedProblem, Pitfall, Relation, Role, Scenario, Stage, Text
from swedu.systems import (
    ACTOR_KINDS, DIRECTIONS, LEVELS, LIFE_DIMENSIONS, MISCONCEPTIONS, QUALITIES, REASONS, REASONS_FOR_SYSTEM,
    RELATION_KINDS, SYSTEM_IDS, TRAITS, system_name,
)

MAX_ACTORS = 40
MAX_STAGES = 10
MAX_LINKED_PROBLEMS = 12

TOP_FIELDS = {"id": True, "title": True, "summary": True, "level": True, "topic": True,
              "centre": False, "actors": True, "relations": False, "stages": True, "languages": False,
              "linked_problems": False}
"""``languages: [id]`` (or ``[en]``) marks a learner's own case written in one language only; without it
every text needs both ``en:`` and ``id:`` (the course's own cases always give both)."""
ACTOR_FIELDS = {"id": True, "name": True, "kind": True, "description": False, "traits": False}
RELATION_FIELDS = {"between": True, "kind": True, "quality": False, "strength": False,
                   "direction": False, "label": False}
STAGE_FIELDS = {"id": True, "title": True, "narrative": True, "roles": True, "also_accepted": False,
                "pitfalls": False, "no_role": False, "ask_reasons": False, "agreement_ends": False,
                "client_must_change": False}
ROLE_FIELDS = {"reason": True, "rationale": True}
PITFALL_FIELDS = {"misconception": False, "feedback": False}
LINKED_PROBLEM_FIELDS = {"id": True, "text": True, "dimension": True, "competent": True, "referral": True,
                         "actor": False}
"""A linked problem (the holistic view): what it is, which dimension of the person's life, who is competent
to address it, whether social work refers it (``referral: true``) or takes it on, and optionally the actor
of the case who addresses it."""


class ScenarioError(SchemaError):
    """A scenario file that cannot be used, with every problem found in it.

    ``problems`` lists :class:`Problem` values; ``str(error)`` is a message
    ready to show: one line per problem, with file, line and column.
    """


class _Checker(Checker):
    """Walks the plain data of one scenario file and collects problems with their positions."""

    def entries(self, data, field: str, most: int) -> list:
        """The entries of the top-level list ``field`` (``data`` is its value): the first ``most`` of
        them, and a problem when there are more."""
        found = self.listing(data, (field,))
        if len(found) > most:
            self.add((field,), t("scenario_error.too_many", field=field, limit=most))
        return found[:most]

    def unique_id(self, entry: dict, path: tuple, seen: dict) -> str | None:
        """The ``id`` of the entry at ``path`` (a list's name and the entry's index), once in its list:
        ``seen`` maps each id to the index of the entry that gave it first. A missing id is left to
        :meth:`fields` to report."""
        if entry.get("id") is None:
            return None
        ident = self.ident(entry["id"], path + ("id",))
        if ident is not None and ident in seen:
            self.add(path + ("id",), t("scenario_error.duplicate_id", given=ident,
                                       first_line=self.where((path[0], seen[ident], "id"))[0]))
            return None
        if ident is not None:
            seen[ident] = path[1]
        return ident

    def each_entry(self, data, field: str, most: int, spec: dict, ids: dict):
        """``(path, entry, id)`` for each entry of the top-level list ``field`` (as :meth:`entries`) whose
        fields fit ``spec``; the id as :meth:`unique_id` gives it (``ids`` collects them)."""
        for i, entry in enumerate(self.entries(data, field, most)):
            path = (field, i)
            if self.fields(entry, path, spec) is not None:
                yield path, entry, self.unique_id(entry, path, ids)

    def actor_ref(self, data, path: tuple, actor_ids: dict, key: str | None = None) -> str | None:
        if isinstance(data, str) and data in actor_ids:
            return data
        self.add(path, t("scenario_error.unknown_actor", field=self.label(path), given=str(data),
                         suggestion=self.suggestion(data, actor_ids), choices=", ".join(actor_ids)), key=key)
        return None


def build_scenario(data, positions: dict, file: str) -> Scenario:
    """Validate plain data read from ``file`` and build a Scenario, or raise :class:`ScenarioError`."""
    c = _Checker(positions)
    if data is None:
        raise ScenarioError(file, [Problem(1, 1, t("scenario_error.empty"))])
    if not isinstance(data, dict):
        raise ScenarioError(file, [Problem(1, 1, t("scenario_error.top_not_mapping", found=_type_name(data)))])
    c.fields(data, (), TOP_FIELDS)
    c.languages = written_languages(c, data.get("languages"))
    scenario_id = c.ident(data.get("id"), ("id",)) if data.get("id") is not None else None
    title = c.text(data.get("title"), ("title",))
    summary = c.text(data.get("summary"), ("summary",))
    topic = c.text(data.get("topic"), ("topic",))
    level = c.choice(data.get("level"), ("level",), LEVELS)

    # actors
    actors: list[Actor] = []
    actor_ids: dict[str, int] = {}
    for path, raw, aid in c.each_entry(data.get("actors"), "actors", MAX_ACTORS, ACTOR_FIELDS, actor_ids):
        name = c.text(raw.get("name"), path + ("name",))
        kind = c.choice(raw.get("kind"), path + ("kind",), ACTOR_KINDS)
        description = c.text(raw.get("description"), path + ("description",))
        traits = []
        for j, trait in enumerate(c.listing(raw.get("traits"), path + ("traits",))):
            value = c.choice(trait, path + ("traits", j), TRAITS)
            if value:
                traits.append(value)
        if aid is not None and name is not None and kind is not None:
            actors.append(Actor(aid, name, kind, description, frozenset(traits)))
    # Learners name actors by id or by name: two actors answering to the same words cannot be told apart.
    owners: dict[str, str] = {actor.id: actor.id for actor in actors}  # ids first: a name clashes with an id
    for actor in actors:
        for label in (actor.name.en, actor.name.id):
            other = owners.setdefault(" ".join(label.lower().split()), actor.id)
            if other != actor.id:
                c.add(("actors", actor_ids[actor.id], "name"),
                      t("scenario_error.ambiguous_name", name=label, actor=actor.id, other=other))
    if isinstance(data.get("actors"), list) and len(data["actors"]) < 2:
        c.add(("actors",), t("scenario_error.no_actors"))

    # relations
    relations: list[Relation] = []
    seen_pairs: dict = {}
    for i, raw in enumerate(c.listing(data.get("relations"), ("relations",))):
        path = ("relations", i)
        if c.fields(raw, path, RELATION_FIELDS) is None:
            continue
        pair = raw.get("between")
        ends = None
        if pair is not None:
            if not isinstance(pair, list) or len(pair) != 2:
                c.add(path + ("between",), t("scenario_error.between_pair", field=c.label(path + ("between",))))
            else:
                a = c.actor_ref(pair[0], path + ("between", 0), actor_ids)
                b = c.actor_ref(pair[1], path + ("between", 1), actor_ids)
                if a and b and a == b:
                    c.add(path + ("between",), t("scenario_error.self_relation", actor=a))
                elif a and b:
                    key = frozenset((a, b))
                    if key in seen_pairs:
                        c.add(path + ("between",), t("scenario_error.duplicate_relation", first=a, second=b,
                                                     first_line=c.where(("relations", seen_pairs[key]))[0]))
                    else:
                        seen_pairs[key] = i
                        ends = (a, b)
        kind = c.choice(raw.get("kind"), path + ("kind",), RELATION_KINDS)
        quality = c.choice(raw.get("quality"), path + ("quality",), QUALITIES, default="strong")
        direction = c.choice(raw.get("direction"), path + ("direction",), DIRECTIONS, default="none")
        strength = raw.get("strength", 2)
        if isinstance(strength, bool) or strength not in (1, 2, 3):
            c.add(path + ("strength",), t("scenario_error.strength_range", field=c.label(path + ("strength",))))
            strength = None
        label = c.text(raw.get("label"), path + ("label",))
        if ends and kind and quality and direction and strength:
            relations.append(Relation(ends[0], ends[1], kind, quality, strength, direction, label))

    # stages
    stages: list[Stage] = []
    stage_ids: dict[str, int] = {}
    raw_stages = c.entries(data.get("stages"), "stages", MAX_STAGES)
    if isinstance(data.get("stages"), list) and not raw_stages:
        c.add(("stages",), t("scenario_error.no_stages"))
    by_id = {actor.id: actor for actor in actors}
    before = None  # the roles of the previous stage, for the conditions of the pitfalls' misconceptions
    for i, raw in enumerate(raw_stages):
        stage = _build_stage(c, raw, ("stages", i), actor_ids, stage_ids)
        if stage is not None:
            stages.append(stage)
            _check_pitfalls_fit(c, raw, ("stages", i), stage, by_id, before)
            _check_convention_fields(c, raw, ("stages", i), stage, by_id, before, i)
        before = stage

    linked = _build_linked_problems(c, data.get("linked_problems"), actor_ids)

    centre = None
    if data.get("centre") is not None:
        centre = c.actor_ref(data.get("centre"), ("centre",), actor_ids)
    elif actors:
        centre = next((a.id for a in actors if "household" in a.traits), None)
        if centre is None and stages:
            first = stages[0]
            centre = next((a.id for a in actors if "client" in first.systems_of(a.id)), actors[0].id)
        centre = centre or actors[0].id

    if c.problems:
        c.problems.sort(key=lambda p: (p.line, p.column))
        raise ScenarioError(file, c.problems)
    return Scenario(scenario_id, title, summary, level, topic, tuple(actors), tuple(relations),
                    tuple(stages), centre, file, linked_problems=linked)


def _build_linked_problems(c: _Checker, raw, actor_ids: dict) -> tuple:
    """The optional ``linked_problems:`` list (see :data:`LINKED_PROBLEM_FIELDS`), checked entry by entry."""
    found, seen = [], {}
    for path, entry, pid in c.each_entry(raw, "linked_problems", MAX_LINKED_PROBLEMS, LINKED_PROBLEM_FIELDS, seen):
        text = c.text(entry.get("text"), path + ("text",))
        dimension = c.choice(entry.get("dimension"), path + ("dimension",), LIFE_DIMENSIONS)
        competent = c.text(entry.get("competent"), path + ("competent",))
        referral = entry.get("referral")
        if referral is not None and not isinstance(referral, bool):
            c.add(path + ("referral",), t("scenario_error.wrong_type", field=c.label(path + ("referral",)),
                                          expected=_expected("yes_no"), found=_type_name(referral)))
            referral = None
        actor = None
        if entry.get("actor") is not None:
            actor = c.actor_ref(entry.get("actor"), path + ("actor",), actor_ids)
            if actor is None:
                continue
        if None not in (pid, text, dimension, competent, referral):
            found.append(LinkedProblem(pid, text, dimension, competent, referral, actor))
    return tuple(found)


def written_languages(c: _Checker, declared) -> tuple:
    """The languages a file's texts must give: both, or those listed in ``languages:`` (one suffices).

    A text in the other language then shows the written one.
    """
    if declared is None:
        return LANGUAGES
    if (not isinstance(declared, list) or not declared
            or not all(isinstance(lang, str) and lang in LANGUAGES for lang in declared)):
        c.add(("languages",), t("scenario_error.bad_languages", given=str(declared), choices=", ".join(LANGUAGES)))
        return LANGUAGES
    return tuple(lang for lang in LANGUAGES if lang in declared)


def _build_stage(c: _Checker, raw, path: tuple, actor_ids: dict, stage_ids: dict) -> Stage | None:
    if c.fields(raw, path, STAGE_FIELDS) is None:
        return None
    sid = c.unique_id(raw, path, stage_ids)
    title = c.text(raw.get("title"), path + ("title",))
    narrative = c.text(raw.get("narrative"), path + ("narrative",))
    ask_reasons = raw.get("ask_reasons", False)
    if not isinstance(ask_reasons, bool):
        c.add(path + ("ask_reasons",), t("scenario_error.wrong_type", field=c.label(path + ("ask_reasons",)),
                                         expected=_expected("yes_no"), found=_type_name(ask_reasons)))
    roles: dict[str, tuple] = {}
    if raw.get("roles") == {}:
        c.add(path + ("roles",), t("scenario_error.no_roles", stage=sid or path[1] + 1))
    for actor, systems, aid in _by_actor(c, raw, path, "roles", actor_ids):
        held = _build_roles(c, systems, path + ("roles", actor))
        if aid and held is not None:
            roles[aid] = held
    accepted: dict[str, tuple] = {}
    for actor, systems, aid in _by_actor(c, raw, path, "also_accepted", actor_ids, shaped_as="roles"):
        apath = path + ("also_accepted", actor)
        extra = _build_roles(c, systems, apath)
        if aid and extra is not None:
            held = {r.system for r in roles.get(aid, ())}
            for r in extra:
                if r.system in held:
                    c.add(apath, t("scenario_error.accepted_is_role", field=c.label(apath),
                                   system=r.system, actor=aid), key=r.system)
            accepted[aid] = tuple(r for r in extra if r.system not in held)
    pitfalls: dict[str, tuple] = {}
    for actor, systems, aid in _by_actor(c, raw, path, "pitfalls", actor_ids):
        ppath = path + ("pitfalls", actor)
        items = _build_pitfalls(c, systems, ppath)
        if aid and items is not None:
            held = frozenset(r.system for r in roles.get(aid, ()))
            also = frozenset(r.system for r in accepted.get(aid, ()))
            for p in items:
                if p.system in held:
                    c.add(ppath, t("scenario_error.pitfall_is_role", field=c.label(ppath),
                                   system=p.system, actor=aid), key=p.system)
                elif p.system in also:
                    c.add(ppath, t("scenario_error.pitfall_is_accepted", field=c.label(ppath),
                                   system=p.system, actor=aid), key=p.system)
            pitfalls[aid] = items
    none_rationales: dict[str, Text] = {}
    for actor, text, aid in _by_actor(c, raw, path, "no_role", actor_ids):
        value = c.text(text, path + ("no_role", actor))
        if aid and aid in roles:
            c.add(path + ("no_role",), t("scenario_error.pitfall_is_role", field=c.label(path + ("no_role",)),
                                         system=t("system.none.short"), actor=aid), key=actor)
        elif aid and value:
            none_rationales[aid] = value
    ends: dict[str, Text] = {}
    for actor, text, aid in _by_actor(c, raw, path, "agreement_ends", actor_ids, shaped_as="no_role"):
        value = c.text(text, path + ("agreement_ends", actor))
        if aid and value:
            ends[aid] = value
    changing = []
    for j, actor in enumerate(c.listing(raw.get("client_must_change"), path + ("client_must_change",))):
        aid = c.actor_ref(actor, path + ("client_must_change", j), actor_ids)
        if aid:
            changing.append(aid)
    if None in (sid, title, narrative):
        return None
    return Stage(sid, title, narrative, MappingProxyType(roles), MappingProxyType(pitfalls),
                 ask_reasons is True, MappingProxyType(none_rationales), MappingProxyType(accepted),
                 MappingProxyType(ends), frozenset(changing))


def _by_actor(c: _Checker, raw: dict, path: tuple, field: str, actor_ids: dict, shaped_as: str | None = None):
    """The entries of a stage's block keyed by actor (``roles``, ``pitfalls`` ...): ``(name, value, actor id
    or None)`` each, the name checked as it is reached; a block that is no mapping is reported (as
    the block ``shaped_as`` expects, default ``field``) and gives none."""
    block, where = raw.get(field), path + (field,)
    if block is None:
        return
    if not isinstance(block, dict):
        c.add(where, t("scenario_error.wrong_type", field=c.label(where), expected=_expected(shaped_as or field),
                       found=_type_name(block)))
        return
    for actor, value in block.items():
        yield actor, value, c.actor_ref(actor, where, actor_ids, key=actor)


def _read_in_full(raw_block, built: dict, actors: dict) -> set:
    """The actors whose entries under ``roles`` (or ``also_accepted``) were all read without a problem."""
    if not isinstance(raw_block, dict):
        return set(actors) if raw_block is None else set()
    if any(name not in actors for name in raw_block):  # a misspelt actor leaves the real one without roles
        return set()
    return {name for name, systems in raw_block.items()
            if isinstance(systems, dict) and len(systems) == len(built.get(name, ()))} | (set(actors) - set(raw_block))


def _check_pitfalls_fit(c: _Checker, raw: dict, path: tuple, stage: Stage, actors: dict, before: Stage | None) -> None:
    """A pitfall's misconception must be one the feedback can name: its condition has to hold when a
    learner adds the pitfall's system to the key, or gives only that system. Judged only for actors
    whose roles were read in full (a broken role is reported once, not again through its pitfalls)."""
    judged = (_read_in_full(raw.get("roles"), stage.roles, actors)
              & _read_in_full(raw.get("also_accepted"), stage.also_accepted, actors))
    for aid, pitfalls in stage.pitfalls.items():
        if aid not in judged or aid not in actors:
            continue
        actor = actors[aid]
        held, also = stage.systems_of(aid), stage.also_accepted_of(aid)
        earlier = None if before is None else before.systems_of(aid)
        for pitfall in pitfalls:
            if not pitfall.misconception or pitfall.system in held | also:
                continue
            if any(condition_holds(pitfall.misconception, Situation(actor.kind, actor.traits, held, also, earlier, given))
                   for given in (held | {pitfall.system}, frozenset({pitfall.system}))):
                continue
            where = path + ("pitfalls", aid, pitfall.system)
            c.add(where + ("misconception",), t("scenario_error.pitfall_does_not_fit", field=c.label(where),
                                                misconception=pitfall.misconception, actor=aid,
                                                condition=t(f"misconception.{pitfall.misconception}.condition")))


def _check_convention_fields(c: _Checker, raw: dict, path: tuple, stage: Stage, actors: dict,
                             before: Stage | None, index: int) -> None:
    """``agreement_ends`` names clients of the previous stage that are no client here; ``client_must_change``
    names clients of this stage (held or also accepted). Whether every key follows the convention is
    :func:`swedu.scenarios.convention.convention_problems`'s to say."""
    for aid in stage.agreement_ends:
        where = path + ("agreement_ends",)
        was = set() if before is None else before.systems_of(aid) | before.also_accepted_of(aid)
        if "client" not in was:
            c.add(where, t("scenario_error.agreement_not_client_before", field=c.label(where), actor=aid),
                  key=aid)
        elif "client" in stage.systems_of(aid) | stage.also_accepted_of(aid):
            c.add(where, t("scenario_error.agreement_still_client", field=c.label(where), actor=aid), key=aid)
    for j, aid in enumerate(raw.get("client_must_change") or ()):
        if aid in actors and "client" not in stage.systems_of(aid) | stage.also_accepted_of(aid):
            c.add(path + ("client_must_change", j), t("scenario_error.must_change_not_client",
                                                      field=c.label(path + ("client_must_change", j)), actor=aid))


def _build_roles(c: _Checker, systems, path: tuple) -> tuple | None:
    held = _by_system(c, systems, path, "systems", ROLE_FIELDS, _role)
    return None if held is None else tuple(sorted(held, key=lambda r: SYSTEM_IDS.index(r.system)))


def _build_pitfalls(c: _Checker, systems, path: tuple) -> tuple | None:
    return _by_system(c, systems, path, "wrong_systems", PITFALL_FIELDS, _pitfall)


def _by_system(c: _Checker, systems, path: tuple, shaped_as: str, spec: dict, build) -> tuple | None:
    """An actor's block keyed by system (its roles, its pitfalls): what ``build(c, system, detail, path)``
    makes of each entry (``None``: nothing kept), in the file's order; ``None`` when the block is no mapping
    with an entry (reported as the block ``shaped_as`` expects). An entry whose system is not one of the
    four, or whose fields do not fit ``spec``, is reported and left out."""
    if not isinstance(systems, dict) or not systems:
        c.add(path, t("scenario_error.wrong_type", field=c.label(path), expected=_expected(shaped_as),
                      found=_type_name(systems)))
        return None
    built = []
    for system, detail in systems.items():
        if system not in SYSTEM_IDS:
            c.add(path, t("scenario_error.bad_choice", field=c.label(path), given=str(system),
                          suggestion=c.suggestion(system, SYSTEM_IDS), choices=", ".join(SYSTEM_IDS)), key=system)
        elif c.fields(detail, path + (system,), spec) is not None:
            built.append(build(c, system, detail, path + (system,)))
    return tuple(value for value in built if value is not None)


def _role(c: _Checker, system: str, detail: dict, path: tuple) -> Role | None:
    reason = c.choice(detail.get("reason"), path + ("reason",), REASONS)
    if reason and reason not in REASONS_FOR_SYSTEM[system]:
        c.add(path + ("reason",), t("scenario_error.reason_mismatch", field=c.label(path + ("reason",)),
                                    reason=reason, system=system, choices=", ".join(REASONS_FOR_SYSTEM[system])))
        reason = None
    rationale = c.text(detail.get("rationale"), path + ("rationale",))
    return Role(system, reason, rationale) if reason and rationale else None


def _pitfall(c: _Checker, system: str, detail: dict, path: tuple) -> Pitfall | None:
    misconception = c.choice(detail.get("misconception"), path + ("misconception",), MISCONCEPTIONS)
    feedback = c.text(detail.get("feedback"), path + ("feedback",))
    if detail.get("misconception") is None and detail.get("feedback") is None:
        c.add(path, t("scenario_error.pitfall_needs_text", field=c.label(path)))
        return None
    if (misconception or detail.get("misconception") is None) and (feedback or detail.get("feedback") is None):
        return Pitfall(system, misconception, feedback)
    return None


__all__ = ["ScenarioError", "Problem", "build_scenario", "system_name"]
