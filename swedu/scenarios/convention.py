"""The course's convention for overlapping roles, checked on a case's keys.

Pincus & Minahan's systems are "selective, cumulative and even overlapping", so every key of the course
follows one written convention (``docs/authoring.md``, "The convention for overlapping roles"):

1. **Client until the agreement ends.** A client of the previous stage (held or also accepted) stays
   client (held or also accepted) unless the stage lists it under ``agreement_ends`` with the reason
   from the story (the agreement ended, was fulfilled or handed over).
2. **Client and target together** where the client's own behaviour has to change: the stage lists such
   a client under ``client_must_change``, and the key holds or also accepts target for exactly those
   clients (a client the story gives nothing of its own to change is no target).
3. **The change agent is also in the action system**: the worker who is change agent is accepted in
   the action system (:meth:`swedu.model.Stage.accepted_roles` does it for every case).

:func:`convention_problems` lists where a case's keys and the convention disagree (``[]``: none).

>>> import swedu
>>> convention_problems(swedu.load_scenario("delinquent-youth"))
[]
"""
from __future__ import annotations


def _roles(stage, actor) -> frozenset:
    """What the key counts as right for ``actor`` in ``stage``: held and also accepted systems."""
    return stage.systems_of(actor.id) | frozenset(stage.accepted_roles(actor))


def convention_problems(scenario) -> list[str]:
    """Every place where ``scenario``'s keys break the convention, as ``"stage / actor: what"`` lines."""
    problems = []
    previous = None
    for stage in scenario.stages:
        for actor in scenario.actors:
            now = _roles(stage, actor)
            where = f"{scenario.id} / {stage.id} / {actor.id}"
            if previous is not None and "client" in _roles(previous, actor) and "client" not in now \
                    and actor.id not in stage.agreement_ends:
                problems.append(f"{where}: client in stage {previous.id!r} but not here, and nothing in the "
                                f"stage ends its agreement (agreement_ends)")
            if actor.id in stage.agreement_ends and "client" in now:
                problems.append(f"{where}: agreement_ends, yet still client")
            if "client" in now:
                changes = actor.id in stage.client_must_change
                if changes and "target" not in now:
                    problems.append(f"{where}: a client whose own behaviour must change, but target is "
                                    f"neither held nor also accepted")
                if not changes and "target" in now:
                    problems.append(f"{where}: client and target, but the stage does not say that its own "
                                    f"behaviour must change (client_must_change)")
            elif actor.id in stage.client_must_change:
                problems.append(f"{where}: client_must_change names an actor that is no client here")
            if "worker" in actor.traits and "change_agent" in stage.systems_of(actor.id) and "action" not in now:
                problems.append(f"{where}: the worker (change agent) is not accepted in the action system")
        previous = stage
    return problems


__all__ = ["convention_problems"]
