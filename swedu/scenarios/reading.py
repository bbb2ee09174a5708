"""Reading cases as text, and changing a tie: what the lessons show without asking students for code.

>>> import swedu
>>> family = swedu.load_scenario("delinquent-youth")
>>> print(relation_lines(family).splitlines()[0])  # doctest: +ELLIPSIS
Mr and Mrs Hartono ... Dimas: ...
>>> village = swedu.load_scenario("small-business")
>>> later = with_tie(village, "middlemen", quality="tenuous", strength=1)
>>> [(r.quality, r.strength) for r in later.relations if "middlemen" in (r.source, r.target)]
[('tenuous', 1)]
"""
from __future__ import annotations

from dataclasses import replace

from swedu.i18n import t
from swedu.model import Scenario
from swedu.scenarios import load_scenario
from swedu.systems import DIRECTIONS, QUALITIES, SYSTEM_IDS, system_info

ARROWS = {"none": "—", "forward": "→", "backward": "←", "both": "↔"}
"""How the direction of a tie is written between two names."""


def _case(case) -> Scenario:
    if isinstance(case, Scenario):
        return case
    return load_scenario(case)


def relation_lines(case) -> str:
    """One line per tie of a case: the two names, the direction, the quality and the strength (1-3)."""
    case = _case(case)
    lines = []
    for link in case.relations:
        one, other = case.actor(link.source).name, case.actor(link.target).name
        lines.append(f"{one} {ARROWS[link.direction]} {other}: {t('quality.' + link.quality)} ({link.strength})")
    return "\n".join(lines)


def overlapping_roles(cases) -> str:
    """Every actor that holds two or more systems, stage by stage, in the given cases (ids or scenarios).

    >>> print(overlapping_roles(["probation"]).splitlines()[0])  # doctest: +ELLIPSIS
    Andi on probation (A goal of his own) | Andi: client system + target system
    """
    lines = []
    for case in map(_case, cases):
        for stage in case.stages:
            for actor, systems in stage.key.items():
                if len(systems) > 1:
                    roles = " + ".join(system_info(s).name for s in SYSTEM_IDS if s in systems)
                    lines.append(f"{case.title} ({stage.title}) | {case.actor(actor).name}: {roles}")
    return "\n".join(lines)


def with_tie(case, other_end: str, quality: str | None = None, strength: int | None = None,
             direction: str | None = None) -> Scenario:
    """A copy of ``case`` whose tie(s) with ``other_end`` (an actor id or name) have new values.

    ``quality``: strong, tenuous or stressful; ``strength``: 1 to 3; ``direction``: none, forward,
    backward or both. Values left out stay as they were. Unknown values raise ``ValueError`` with
    the valid choices.
    """
    case = _case(case)
    actor = case.actor(other_end).id
    for value, choices, name in ((quality, QUALITIES, "quality"), (direction, DIRECTIONS, "direction"),
                                 (strength, (1, 2, 3), "strength")):
        if value is not None and value not in choices:
            raise ValueError(t("builder.error.bad_choice", given=value, choices=", ".join(map(str, choices))))
    changes = {k: v for k, v in (("quality", quality), ("strength", strength), ("direction", direction))
               if v is not None}
    relations = tuple(replace(r, **changes) if actor in (r.source, r.target) else r for r in case.relations)
    return replace(case, relations=relations)


__all__ = ["overlapping_roles", "relation_lines", "with_tie"]
