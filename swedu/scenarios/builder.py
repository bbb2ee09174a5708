"""A learner's own case, built step by step: the model behind :class:`swedu.CaseBuilder` (no widgets).

A :class:`CaseDraft` holds what the form holds: the case's texts in the one language the student
writes in, the actors, the relations, the stages and, per stage, each actor's systems with a reason
and a rationale. :meth:`CaseDraft.problems` runs exactly the validation of ``swedu validate`` on the
scenario the draft would save and names the field each message concerns; :meth:`CaseDraft.save`
writes a valid file to ``my-scenarios/`` (never over another file unless asked); the draft itself
is kept as JSON so that unsaved work survives a kernel restart.

>>> draft = CaseDraft(language="en", title="Mrs Ani and the landlord")
>>> draft.add_actor("Mrs Lestari", kind="person", traits=["worker"])
'mrs_lestari'
>>> draft.add_actor("Mrs Ani")
'mrs_ani'
>>> draft.add_actor("The landlord")
'the_landlord'
>>> draft.add_relation("mrs_ani", "the_landlord", quality="stressful")
0
>>> stage = draft.add_stage("Intake", "Mrs Ani asks for help: the landlord wants her out.")
>>> draft.set_role(stage, "mrs_lestari", "change_agent", "employs_worker", "She is employed to help.")
>>> draft.set_role(stage, "mrs_ani", "client", "asked_or_agreed", "She asked for help.")
>>> [(m.field, m.message) for m in draft.problems()][:2]
[('topic', 'Give the case a topic (for example: housing, school, work).'), ('summary', 'Sum the case up in a sentence or two.')]
>>> draft.add_actor("mrs ani")
Traceback (most recent call last):
...
swedu.scenarios.builder.FieldRefused: Another actor is called Mrs Ani already: give each actor a name of their own (for example with a first name or a role).
>>> draft.summary, draft.topic = "A tenant about to be evicted.", "Housing"
>>> draft.problems()
[]
>>> draft.scenario().actor("mrs_ani").name["id"]  # one language: the other shows the same text
'Mrs Ani'
"""
from __future__ import annotations

import json
import os
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path

from swedu.i18n import LANGUAGES, t
from swedu.scenarios import BUILTIN_DIR
from swedu.scenarios.validate import ScenarioError, build_scenario
from swedu.systems import ACTOR_KINDS, DIRECTIONS, LEVELS, QUALITIES, REASONS_FOR_SYSTEM, RELATION_KINDS, SYSTEM_IDS, TRAITS

DRAFT_SUFFIX = ".draft.json"
"""A draft sits beside the scenarios as ``<id>.draft.json`` (not ``*.yaml``: the course never loads it)."""
DEFAULT_DRAFT = "my-case" + DRAFT_SUFFIX
DEFAULT_RELATION_KIND = "community"


@dataclass(frozen=True)
class FieldMessage:
    """One validation message and the form field it concerns (``"title"``, ``"actor:ani:name"``,
    ``"relation:0"``, ``"stage:intake:narrative"``, ``"role:intake:ani:client"``, or ``""`` for the whole case)."""

    field: str
    message: str


class FieldRefused(ValueError):
    """A value the form refuses at the field it was typed in (an empty or a second actor name).

    ``field`` names the field (``"name"``, ``"stage_title"``); the message says what to do, in the
    student's words (no ids, no paths).
    """

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


class OverwriteRefused(FileExistsError):
    """The file exists already and was not written by this draft: ask before replacing it."""


def slug(text: str, taken=(), fallback: str = "actor") -> str:
    """A scenario id from a name: small ASCII letters, digits and ``_``, starting with a letter, unique.

    >>> slug("Ibu Wulan"), slug("Pak Harun (kepala sekolah)"), slug("Ibu Wulan", taken={"ibu_wulan"})
    ('ibu_wulan', 'pak_harun_kepala_sekolah', 'ibu_wulan_2')
    >>> slug("  123 "), slug("Ärztin")
    ('actor_123', 'arztin')
    """
    plain = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii").lower()
    base = re.sub(r"[^a-z0-9]+", "_", plain).strip("_")[:40].rstrip("_") or fallback
    if not base[0].isalpha():
        base = f"{fallback}_{base}"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}_{n}", n + 1
    return candidate


@dataclass
class CaseDraft:
    """The case a learner is building (plain data; every change goes through a method)."""

    language: str = "en"
    title: str = ""
    summary: str = ""
    topic: str = ""
    level: str = "micro"
    case_id: str = ""
    actors: list = field(default_factory=list)
    """``{"id", "name", "kind", "traits"}`` per actor."""
    relations: list = field(default_factory=list)
    """``{"between": [a, b], "kind", "quality", "strength", "direction"}`` per relation."""
    stages: list = field(default_factory=list)
    """``{"id", "title", "narrative", "roles": {actor: {system: {"reason", "rationale"}}}}`` per stage."""
    saved_as: str = ""
    """The file this draft last saved (it may replace that file without asking)."""

    def __post_init__(self):
        if self.language not in LANGUAGES:
            raise ValueError(t("language_error.unknown", given=self.language))

    # ----- the case -------------------------------------------------------------------------------
    @property
    def id(self) -> str:
        """The scenario id (and file name): ``case_id`` if given, else made from the title."""
        return self.case_id or slug(self.title, fallback="my_case").replace("_", "-")

    # ----- actors ---------------------------------------------------------------------------------
    def actor(self, actor_id: str) -> dict:
        for actor in self.actors:
            if actor["id"] == actor_id:
                return actor
        raise KeyError(t("builder.error.no_actor", actor=actor_id,
                         choices=", ".join(a["id"] for a in self.actors) or "-"))

    def _check_name(self, name, actor_id: str | None = None) -> str:
        """``name`` stripped; :class:`FieldRefused` when it is empty or another actor has it already."""
        name = str(name).strip()
        if not name:
            raise FieldRefused("name", t("builder.error.name_empty"))
        other = next((a for a in self.actors if a["id"] != actor_id and _same(a["name"]) == _same(name)), None)
        if other is not None:
            raise FieldRefused("name", t("builder.error.name_taken", name=other["name"]))
        return name

    def add_actor(self, name: str, kind: str = "person", traits=()) -> str:
        """Add an actor; returns its id (made from the name). An empty name, or one another actor has
        already, is refused (:class:`FieldRefused`)."""
        name = self._check_name(name)
        _choice(kind, ACTOR_KINDS)
        for trait in traits:
            _choice(trait, TRAITS)
        actor_id = slug(name, {a["id"] for a in self.actors})
        self.actors.append({"id": actor_id, "name": str(name).strip(), "kind": kind, "traits": list(traits)})
        return actor_id

    def edit_actor(self, actor_id: str, name: str | None = None, kind: str | None = None, traits=None) -> None:
        """Change an actor's name, kind or traits (its id, used by relations and roles, stays)."""
        actor = self.actor(actor_id)
        if name is not None:
            actor["name"] = self._check_name(name, actor_id)
        if kind is not None:
            actor["kind"] = _choice(kind, ACTOR_KINDS)
        if traits is not None:
            actor["traits"] = [_choice(trait, TRAITS) for trait in traits]

    def remove_actor(self, actor_id: str) -> None:
        """Remove an actor with its relations and roles."""
        self.actors.remove(self.actor(actor_id))
        self.relations = [r for r in self.relations if actor_id not in r["between"]]
        for stage in self.stages:
            stage["roles"].pop(actor_id, None)

    # ----- relations ------------------------------------------------------------------------------
    def add_relation(self, first: str, second: str, quality: str = "strong", strength: int = 2,
                     direction: str = "none", kind: str = DEFAULT_RELATION_KIND) -> int:
        """Add a relation between two actors; returns its number (from 0). A relation of an actor with
        itself, or a second relation between the same two actors, is refused (:class:`FieldRefused`)."""
        self.actor(first), self.actor(second)
        self._check_pair(first, second)
        self.relations.append({"between": [first, second], "kind": _choice(kind, RELATION_KINDS),
                               "quality": _choice(quality, QUALITIES), "strength": _strength(strength),
                               "direction": _choice(direction, DIRECTIONS)})
        return len(self.relations) - 1

    def edit_relation(self, number: int, **changes) -> None:
        """Change a relation's ``quality``, ``strength``, ``direction``, ``kind`` or ``between``."""
        relation = self.relations[number]
        checks = {"quality": lambda v: _choice(v, QUALITIES), "direction": lambda v: _choice(v, DIRECTIONS),
                  "kind": lambda v: _choice(v, RELATION_KINDS), "strength": _strength,
                  "between": lambda v: self._check_pair(self.actor(v[0])["id"], self.actor(v[1])["id"], number)}
        for key, value in changes.items():
            if key not in checks:
                raise TypeError(t("builder.error.no_field", field=key, choices=", ".join(checks)))
            relation[key] = checks[key](value)

    def _check_pair(self, first: str, second: str, number: int | None = None) -> list:
        if first == second:
            raise FieldRefused("relations", t("builder.error.relation_self"))
        for n, relation in enumerate(self.relations):
            if n != number and set(relation["between"]) == {first, second}:
                raise FieldRefused("relations", t("builder.error.relation_twice", first=self.actor(first)["name"],
                                                  second=self.actor(second)["name"]))
        return [first, second]

    def remove_relation(self, number: int) -> None:
        del self.relations[number]

    # ----- stages and roles -----------------------------------------------------------------------
    def stage(self, stage_id: str) -> dict:
        for stage in self.stages:
            if stage["id"] == stage_id:
                return stage
        raise KeyError(t("builder.error.no_stage", stage=stage_id,
                         choices=", ".join(s["id"] for s in self.stages) or "-"))

    def _check_stage_title(self, title, stage_id: str | None = None) -> str:
        title = str(title).strip()
        if not title:
            raise FieldRefused("stage_title", t("builder.error.stage_title_empty"))
        other = next((s for s in self.stages if s["id"] != stage_id and _same(s["title"]) == _same(title)), None)
        if other is not None:
            raise FieldRefused("stage_title", t("builder.error.stage_title_taken", title=other["title"]))
        return title

    def add_stage(self, title: str, narrative: str = "") -> str:
        """Add a stage (intake, a later reassessment ...); returns its id. A stage needs a title of its own."""
        self._check_stage_title(title)
        stage_id = slug(title, {s["id"] for s in self.stages}, fallback="stage")
        self.stages.append({"id": stage_id, "title": str(title).strip(), "narrative": str(narrative).strip(),
                            "roles": {}})
        return stage_id

    def edit_stage(self, stage_id: str, title: str | None = None, narrative: str | None = None) -> None:
        stage = self.stage(stage_id)
        if title is not None:
            stage["title"] = self._check_stage_title(title, stage_id)
        if narrative is not None:
            stage["narrative"] = str(narrative).strip()

    def remove_stage(self, stage_id: str) -> None:
        self.stages.remove(self.stage(stage_id))

    def set_role(self, stage_id: str, actor_id: str, system: str, reason: str, rationale: str = "") -> None:
        """In ``stage_id``, ``actor_id`` holds ``system`` for ``reason`` (one of the four questions)."""
        stage, _ = self.stage(stage_id), self.actor(actor_id)
        _choice(system, SYSTEM_IDS)
        _choice(reason, REASONS_FOR_SYSTEM[system])
        stage["roles"].setdefault(actor_id, {})[system] = {"reason": reason, "rationale": str(rationale).strip()}

    def remove_role(self, stage_id: str, actor_id: str, system: str) -> None:
        roles = self.stage(stage_id)["roles"]
        roles.get(actor_id, {}).pop(system, None)
        if not roles.get(actor_id, True):
            del roles[actor_id]

    # ----- the scenario file ----------------------------------------------------------------------
    def _text(self, value: str):
        return {self.language: value} if str(value).strip() else None

    def to_data(self) -> dict:
        """The scenario as plain data, in the shape of a scenario file (``languages:`` first)."""
        data = {"languages": [self.language], "id": self.id, "level": self.level,
                "topic": self._text(self.topic), "title": self._text(self.title),
                "summary": self._text(self.summary), "actors": [], "relations": [], "stages": []}
        for actor in self.actors:
            entry = {"id": actor["id"], "kind": actor["kind"], "name": self._text(actor["name"])}
            if actor["traits"]:
                entry["traits"] = list(actor["traits"])
            data["actors"].append(entry)
        data["relations"] = [dict(r, between=list(r["between"])) for r in self.relations]
        for stage in self.stages:
            roles = {actor: {system: {"reason": role["reason"], "rationale": self._text(role["rationale"])}
                             for system, role in systems.items()}
                     for actor, systems in stage["roles"].items() if systems}
            data["stages"].append({"id": stage["id"], "title": self._text(stage["title"]),
                                   "narrative": self._text(stage["narrative"]), "roles": roles})
        if not data["relations"]:
            del data["relations"]
        return data

    def to_yaml(self) -> str:
        """The scenario file's text: a comment that explains the one-language marker, then the data."""
        import yaml

        header = "\n".join(f"# {line}" for line in t("builder.file_header", lang=self.language).splitlines())
        body = yaml.safe_dump(self.to_data(), allow_unicode=True, sort_keys=False, width=100)
        return header + "\n" + body

    def _checked(self):
        """``(scenario or None, problems)``: the validation of ``swedu validate``, each problem with its path."""
        data = self.to_data()
        positions, paths = {}, []

        def walk(value, path):
            paths.append(path)
            positions[path] = (len(paths), 1)
            if isinstance(value, dict):
                for key, item in value.items():
                    paths.append(path + ("<key>", key))
                    positions[path + ("<key>", key)] = (len(paths), 1)
                    walk(item, path + (key,))
            elif isinstance(value, list):
                for i, item in enumerate(value):
                    walk(item, path + (i,))

        walk(data, ())
        try:
            return build_scenario(data, positions, f"{self.id}.yaml"), []
        except ScenarioError as error:
            return None, [(paths[p.line - 1] if 0 < p.line <= len(paths) else (), p.message) for p in error.problems]

    def problems(self) -> list[FieldMessage]:
        """Every problem ``swedu validate`` would report for the saved file, with the field it concerns,
        each said once and in the student's words (no ids, no paths such as ``actors[1].name``)."""
        found = []
        for path, message in self._checked()[1]:
            field_name = self._field(path)
            found.append(FieldMessage(field_name, self._plain(path, field_name, message)))
        if not self.stages:
            found = [m for m in found if m.field != "stages"]
            found.append(FieldMessage("stages", t("builder.error.need_stage")))
        if (BUILTIN_DIR / f"{self.id}.yaml").exists():
            found.append(FieldMessage("title", t("builder.error.builtin_id")))
        return list(dict.fromkeys(found))  # each problem once

    def _plain(self, path: tuple, field_name: str, message: str) -> str:
        """The validator's ``message`` about ``path``, said as the form says it where the form knows the case."""
        path = tuple(p for p in path if p != "<key>")
        parts = field_name.split(":")
        if field_name in ("title", "topic", "summary") and not str(getattr(self, field_name)).strip():
            return t(f"builder.problem.{field_name}_empty")
        if field_name == "actors" and len(self.actors) < 2:
            return t("builder.problem.few_actors")
        if parts[0] == "actor" and len(parts) > 2 and parts[2] == "name":
            actor = next((a for a in self.actors if a["id"] == parts[1]), None)
            if actor is not None and not actor["name"].strip():
                return t("builder.error.name_empty")
            if actor is not None:
                return t("builder.error.name_taken", name=actor["name"])
        if parts[0] == "stage" and len(parts) > 2 and parts[2] in ("title", "narrative"):
            return t(f"builder.problem.stage_{parts[2]}_empty")
        if parts[0] == "role" and path[-1:] == ("rationale",):
            return t("builder.problem.rationale_empty")
        if parts[0] in ("stage", "role") and len(parts) == 2:  # a stage as a whole, or its roles as a whole
            stage = next((s for s in self.stages if s["id"] == parts[1]), None)
            if stage is not None and not any(stage["roles"].values()):
                return t("builder.problem.stage_no_roles")
        if parts[0] == "relation" and len(parts) > 1 and int(parts[1]) < len(self.relations):
            first, second = self.relations[int(parts[1])]["between"]
            if first == second:
                return t("builder.error.relation_self")
            if sum(set(r["between"]) == {first, second} for r in self.relations) > 1:
                return t("builder.error.relation_twice", first=self.actor(first)["name"],
                         second=self.actor(second)["name"])
        return message

    def _field(self, path: tuple) -> str:
        path = tuple(p for p in path if p != "<key>")
        if not path:
            return ""
        head = path[0]
        if head == "actors" and len(path) > 1 and path[1] < len(self.actors):
            actor = self.actors[path[1]]["id"]
            return f"actor:{actor}:{path[2]}" if len(path) > 2 and path[2] in ("name", "kind", "traits") else f"actor:{actor}"
        if head == "relations" and len(path) > 1:
            return f"relation:{path[1]}"
        if head == "stages" and len(path) > 1 and path[1] < len(self.stages):
            stage = self.stages[path[1]]["id"]
            if len(path) > 2 and path[2] == "roles":
                parts = [str(p) for p in path[3:5]]
                return ":".join(["role", stage, *parts])
            return f"stage:{stage}:{path[2]}" if len(path) > 2 else f"stage:{stage}"
        return str(head)

    def scenario(self):
        """The :class:`swedu.Scenario` this draft makes; raises ``ValueError`` with the problems if invalid."""
        scenario, problems = self._checked()
        if scenario is None or not self.stages:
            raise ValueError("\n".join(m.message for m in self.problems()))
        return scenario

    # ----- files ----------------------------------------------------------------------------------
    def path_in(self, folder) -> Path:
        return Path(folder) / f"{self.id}.yaml"

    def save(self, folder, *, replace: bool = False) -> Path:
        """Write the valid scenario to ``folder/<id>.yaml``; returns the path.

        Raises ``ValueError`` (with every problem) for an invalid case, and :class:`OverwriteRefused`
        when the file exists and is not this draft's own earlier save, unless ``replace=True``.
        """
        self.scenario()
        path = self.path_in(folder)
        if path.exists() and not replace and os.path.abspath(path) != self.saved_as:
            raise OverwriteRefused(t("builder.error.exists", file=path.name))
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_atomically(path, self.to_yaml())
        self.saved_as = os.path.abspath(path)
        return path

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> CaseDraft:
        data = json.loads(text)
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        return cls(**known)

    def save_draft(self, path) -> Path:
        """Keep the unfinished work (any state, valid or not) in ``path``."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_atomically(path, self.to_json())
        return path

    @classmethod
    def load_draft(cls, path) -> CaseDraft | None:
        """The draft kept in ``path``, or ``None`` if there is none (or it cannot be read)."""
        try:
            return cls.from_json(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError, TypeError, KeyError):
            return None


def _same(name) -> str:
    """A name as compared for "the same name": case, accents and spaces do not count."""
    plain = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode("ascii") or str(name)
    return " ".join(plain.casefold().split())


def _choice(value, choices):
    if value not in choices:
        raise ValueError(t("builder.error.bad_choice", given=value, choices=", ".join(choices)))
    return value


def _strength(value) -> int:
    if isinstance(value, bool) or value not in (1, 2, 3):
        raise ValueError(t("builder.error.bad_choice", given=value, choices="1, 2, 3"))
    return int(value)


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


__all__ = ["DRAFT_SUFFIX", "CaseDraft", "FieldMessage", "FieldRefused", "OverwriteRefused", "slug"]
