"""The vocabulary of the course: the four basic systems and the words around them.

Ids are stable and English; names, definitions and questions come from the
message catalogs, so they follow :func:`swedu.set_language`.

>>> from swedu.systems import resolve_system, system_name
>>> resolve_system("Sistem Sasaran")
'target'
>>> resolve_system("change agent")
'change_agent'
>>> system_name("action", language="id")
'sistem kegiatan'
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from swedu.i18n import LANGUAGES, t

SYSTEM_IDS = ("change_agent", "client", "target", "action")
"""The four basic systems of Pincus & Minahan (1973), in the order the course teaches them."""

NONE = "none"
"""The answer for an actor that holds none of the four systems in a stage."""

LEVELS = ("micro", "mezzo", "macro")
DIMENSIONS = (
    "residual", "institutional", "direct", "indirect",
    "preventive", "curative_rehabilitative", "developmental_educative",
)
DIMENSION_GROUPS = {
    "scope": ("residual", "institutional"),
    "contact": ("direct", "indirect"),
    "function": ("preventive", "curative_rehabilitative", "developmental_educative"),
}
APPROACHES = ("monolistic", "dualistic", "holistic")
LIFE_DIMENSIONS = ("family", "education", "health", "mental_health", "income", "housing", "legal", "social",
                   "faith")
"""The dimensions of a person's life a linked problem can belong to (a case's ``linked_problems``): the
seed's holistic approach ties every problem to others and to several dimensions of a life. Their names
are ``life_dimension.<id>`` in the catalogs."""
REASONS = ("asked_or_agreed", "benefits", "must_change", "works_with_worker", "employs_worker")
"""Why an actor holds a role: one of the four questions, in the words of the domain brief."""

REASONS_FOR_SYSTEM = {
    "change_agent": ("employs_worker",),
    "client": ("asked_or_agreed",),
    "target": ("must_change",),
    "action": ("works_with_worker",),
}
"""Which reasons fit which system; a reason outside this set is a wrong reason.

``benefits`` is one of the client's three criteria (asked for or sanctioned the service, expects to
benefit, has a working agreement): part of being a client, but not enough on its own, since many who
benefit (a potential client, the people a programme serves) are not clients. So it completes no role
alone; the feedback says it is part of the client's definition. ``asked_or_agreed`` is the part that
makes a client.

>>> REASONS_FOR_SYSTEM["client"]
('asked_or_agreed',)
"""

MISCONCEPTIONS = (
    "client_is_problem_bearer",
    "referrer_is_client",
    "client_target_always_differ",
    "roles_fixed",
    "action_professionals_only",
    "change_agent_worker_only",
    "sasaran_is_beneficiary",
    "legal_client_is_client_system",
    "potential_is_actual_client",
    "role_outside_plan",
)
"""Misconceptions the feedback recognises (the domain brief, section 3, plus potential clients and the
seed's *selektif*: a role for an actor outside the plan). Each has one written condition:
:data:`swedu.assess.CONDITIONS`."""

ACTOR_KINDS = ("person", "family", "group", "organisation", "community", "institution")
COLLECTIVE_KINDS = frozenset(ACTOR_KINDS) - {"person"}
QUALITIES = ("strong", "tenuous", "stressful")
DIRECTIONS = ("none", "forward", "backward", "both")
"""Direction of energy or resources along a relation ``between: [a, b]``: a to b is forward."""
RELATION_KINDS = (
    "family", "kinship", "friendship", "neighbourhood", "school", "work", "health", "religion",
    "social_service", "legal", "economic", "community", "government", "media",
)
"""Kinds of relation between two actors (labels come from the catalogs)."""
TRAITS = ("worker", "agency", "professional", "referrer", "payer", "potential_client", "legal_beneficiary",
          "household")
"""Facts about an actor that the misconception rules use."""

# Extra spellings learners use, beyond the catalog names (glossary alternatives).
_ALIASES = {
    "change_agent": ("change agent", "change agent system", "agen perubahan", "sistem agen perubahan",
                     "pelaksana perubahan", "sistem pelaksana perubahan", "pelaksana", "ca", "pp"),
    "client": ("client", "client system", "klien", "sistem klien", "cl", "kl"),
    "target": ("target", "target system", "sasaran", "sistem sasaran", "t", "s"),
    "action": ("action", "action system", "kegiatan", "sistem kegiatan", "aksi", "sistem aksi", "ac", "kg"),
    NONE: ("none", "no role", "nothing", "-", "tidak ada", "bukan", "tidak ada peran"),
}


def _normal(text: str) -> str:
    return re.sub(r"[\s_\-]+", " ", str(text).strip().lower())


def _lookup_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for system_id, aliases in _ALIASES.items():
        table[_normal(system_id)] = system_id
        for alias in aliases:
            table[_normal(alias)] = system_id
        for lang in LANGUAGES:
            table[_normal(t(f"system.{system_id}.name", lang))] = system_id
            table[_normal(t(f"system.{system_id}.short", lang))] = system_id
    return table


_TABLE: dict[str, str] = {}


def resolve_system(name: str) -> str | None:
    """The system id for an id, an English or Indonesian name, or a common alias; ``None`` if unknown.

    ``"none"`` (or ``"tidak ada"``) resolves to :data:`NONE`.

    >>> resolve_system("KLIEN"), resolve_system("sistem aksi"), resolve_system("tidak ada")
    ('client', 'action', 'none')
    >>> resolve_system("doctor") is None
    True
    """
    if not _TABLE:
        _TABLE.update(_lookup_table())
    return _TABLE.get(_normal(name))


def suggest(given: str, choices) -> str | None:
    """The closest of ``choices`` to ``given`` (for "did you mean ..."), or ``None``."""
    choices = [str(c) for c in choices]
    lowered = {c.lower(): c for c in choices}
    match = difflib.get_close_matches(str(given).lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[match[0]] if match else None


def system_name(system_id: str, language: str | None = None) -> str:
    """The full name of a system in the current (or given) language."""
    return t(f"system.{system_id}.name", language)


@dataclass(frozen=True)
class SystemInfo:
    """One of the four systems, with its texts in the current language."""

    id: str
    name: str
    short: str
    badge: str
    definition: str
    question: str


def system_info(system_id: str, language: str | None = None) -> SystemInfo:
    """Name, badge, definition and question of one system.

    >>> system_info("target").question
    'Who or what has to change for the goals to be reached?'
    >>> system_info("sistem sasaran", language="id").id  # names work too
    'target'
    """
    if system_id not in SYSTEM_IDS:
        resolved = resolve_system(system_id) if isinstance(system_id, str) else None
        if resolved not in SYSTEM_IDS:
            match = suggest(str(system_id), SYSTEM_IDS)
            raise ValueError(t("system_error.unknown", given=system_id, choices=", ".join(SYSTEM_IDS),
                               suggestion=t("answer_error.suggestion", match=match) if match else ""))
        system_id = resolved
    key = f"system.{system_id}."
    return SystemInfo(system_id, t(key + "name", language), t(key + "short", language),
                      t(key + "badge", language), t(key + "definition", language),
                      t(key + "question", language))


def systems(language: str | None = None) -> list[SystemInfo]:
    """The four systems in teaching order.

    >>> [s.id for s in systems()]
    ['change_agent', 'client', 'target', 'action']
    """
    return [system_info(s, language) for s in SYSTEM_IDS]
