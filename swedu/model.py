"""Persons, environments and stages of a case, as immutable values.

A :class:`Scenario` is built by the loader (:func:`swedu.load_scenario`) from a
validated YAML file. It never changes after loading; everything a learner does
happens in answers and feedback objects.

>>> import swedu
>>> youth = swedu.load_scenario("delinquent-youth")
>>> [stage.id for stage in youth.stages]
['intake', 'reassessment']
>>> sorted(youth.graph("intake").nodes["parents"]["systems"])
['client']
>>> sorted(youth.graph("reassessment").nodes["parents"]["systems"])
['action', 'target']
"""
from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Mapping

from swedu.i18n import get_language, t
from swedu.outcome import Later, Message
from swedu.systems import COLLECTIVE_KINDS, DIRECTIONS, QUALITIES, RELATION_KINDS, suggest

if TYPE_CHECKING:  # pragma: no cover
    import networkx

    from swedu.assess import Feedback


class AnswerError(ValueError):
    """An answer the course cannot read (unknown actor or system, wrong type, unknown stage), explained for
    a learner. Raised here (an actor or stage that is not in the case) and by :mod:`swedu.assess`.

    ``str(error)`` is the explanation in the language of the moment it was raised; ``error.message``
    keeps it as a :class:`~swedu.outcome.Message` when it was given as one, so an exercise's check
    that shows it later speaks the language current then.
    """

    def __init__(self, message=""):
        super().__init__(str(message))
        self.message = message


AnswerError.__module__ = "swedu.assess"  # the name learners, callers and tracebacks have always used

_CHECKING: dict = {}
"""How an answer is checked and a key written out: :func:`swedu.assess.assess` and
:func:`swedu.assess.key_text`, handed over by :mod:`swedu.assess` when it is imported
(:func:`check_with`). The assessment sits above the model and imports it; the model never imports the
assessment. ``swedu/__init__.py`` imports :mod:`swedu.assess`, and Python runs it before any
``swedu.model`` import, so every :class:`Scenario` can check an answer."""


def check_with(assess, key_text) -> None:
    """Called once by :mod:`swedu.assess`: the functions :meth:`Scenario.assess` and
    :meth:`Scenario.key_text` hand their work to."""
    _CHECKING.update(assess=assess, key_text=key_text)


@dataclass(frozen=True)
class Text:
    """A learner text in English and Bahasa Indonesia; ``str()`` gives the current language.

    >>> greeting = Text(en="Hello", id="Halo")
    >>> str(greeting)
    'Hello'
    >>> greeting["id"]
    'Halo'
    """

    en: str
    id: str

    def __str__(self) -> str:
        return self[get_language()]

    def __getitem__(self, language: str) -> str:
        return self.id if language == "id" else self.en


@dataclass(frozen=True)
class Option:
    """One choice of a question, as an activity or the concept test offers it: its id, its words and
    whether it is right.

    >>> wrong = Option("b", Text("The law decides", "Hukum yang menentukan"), False, misconception="roles_fixed")
    >>> wrong.correct, wrong.feedback, wrong.misconception
    (False, None, 'roles_fixed')
    """

    id: str
    text: Text
    correct: bool
    feedback: Text | None = None
    """What a learner reads after choosing it (``None``: the question's explanation says it all)."""
    misconception: str | None = None
    """The misconception choosing it shows: an id of :data:`swedu.systems.MISCONCEPTIONS`, or ``None``."""


@dataclass(frozen=True)
class Actor:
    """A person or collective in a case (family, group, organisation, community, institution)."""

    id: str
    name: Text
    kind: str = "person"
    description: Text | None = None
    traits: frozenset = frozenset()

    @property
    def collective(self) -> bool:
        """True for families, groups, organisations, communities and institutions."""
        return self.kind in COLLECTIVE_KINDS


@dataclass(frozen=True)
class Relation:
    """A link between two actors: its kind, quality, strength and the direction of energy.

    ``direction`` is ``forward`` (from ``source`` to ``target``), ``backward``, ``both`` or ``none``.
    """

    source: str
    target: str
    kind: str
    quality: str = "strong"
    strength: int = 2
    direction: str = "none"
    label: Text | None = None

    def __post_init__(self) -> None:
        # A relation changed in a notebook (dataclasses.replace) is checked like one read from a file.
        for field_name, value, choices in (("kind", self.kind, RELATION_KINDS), ("quality", self.quality, QUALITIES),
                                           ("direction", self.direction, DIRECTIONS),
                                           ("strength", self.strength, (1, 2, 3))):
            if value not in choices or isinstance(value, bool):
                match = suggest(str(value), [str(c) for c in choices])
                raise ValueError(t("scenario_error.bad_choice", field=field_name, given=str(value),
                                   suggestion=t("answer_error.suggestion", match=match) if match else "",
                                   choices=", ".join(str(c) for c in choices)))


@dataclass(frozen=True)
class Role:
    """One system held by one actor in one stage, with the reason and the rationale that explains it."""

    system: str
    reason: str
    rationale: Text


@dataclass(frozen=True)
class LinkedProblem:
    """A problem tied to the case's main problem, in one dimension of the person's life (the seed's
    holistic approach: no problem stands alone).

    ``competent`` says who is competent to address it; ``referral`` is ``True`` when social work is not
    and refers it to that profession, ``False`` when the worker takes it on. ``actor`` is the actor of
    the case who addresses it, if the case has one (``None`` otherwise).

    >>> import swedu
    >>> [(p.dimension, p.referral) for p in swedu.load_scenario("delinquent-youth").linked_problems][:2]
    [('family', False), ('education', True)]
    """

    id: str
    text: Text
    dimension: str
    competent: Text
    referral: bool
    actor: str | None = None


@dataclass(frozen=True)
class Pitfall:
    """A typical wrong choice (an actor put in a system it does not hold), the misconception behind it
    (``None`` when no misconception of the course describes it) and a sentence for the learner.

    The feedback names the misconception only when its condition holds (:data:`swedu.assess.CONDITIONS`).
    """

    system: str
    misconception: str | None
    feedback: Text | None = None


@dataclass(frozen=True)
class Stage:
    """What the worker knows at one moment: the narrative and the answer key.

    ``roles`` maps each actor id to the tuple of :class:`Role` it holds (absent: no role);
    ``pitfalls`` maps actor ids to typical wrong choices; ``also_accepted`` maps actor ids to the
    tuple of :class:`Role` a learner may give *as well* (a defensible second view, full credit),
    each with the rationale that says why both views hold.
    """

    id: str
    title: Text
    narrative: Text
    roles: Mapping[str, tuple] = field(default_factory=lambda: MappingProxyType({}))
    pitfalls: Mapping[str, tuple] = field(default_factory=lambda: MappingProxyType({}))
    ask_reasons: bool = False
    none_rationales: Mapping[str, Text] = field(default_factory=lambda: MappingProxyType({}))
    also_accepted: Mapping[str, tuple] = field(default_factory=lambda: MappingProxyType({}))
    agreement_ends: Mapping[str, Text] = field(default_factory=lambda: MappingProxyType({}))
    """Actors whose working agreement (client role) of the previous stage ends, is fulfilled or is handed
    over in this stage, each with the reason from the story (the course's convention: a client stays
    client until its agreement ends)."""
    client_must_change: frozenset = frozenset()
    """Clients of this stage whose own behaviour has to change for the goals: the key holds or also
    accepts them as target too (the convention: client and target together)."""

    def __hash__(self) -> int:
        return hash((self.id, self.title))

    def systems_of(self, actor_id: str) -> frozenset:
        """The set of system ids ``actor_id`` holds in this stage (empty if none)."""
        return frozenset(role.system for role in self.roles.get(actor_id, ()))

    def also_accepted_of(self, actor_id: str) -> frozenset:
        """The systems the file marks as also accepted for ``actor_id`` in this stage (see :attr:`also_accepted`)."""
        return frozenset(role.system for role in self.also_accepted.get(actor_id, ()))

    def accepted_roles(self, actor) -> dict:
        """``{system: Role}`` a learner may give *as well* for ``actor`` (an :class:`Actor`), full credit.

        What the file marks as :attr:`also_accepted`, and the course's convention: the worker, who is
        the change agent, may also be named in the action system (Pincus & Minahan: the action system
        is the change agent "and the people he works with and through").

        >>> import swedu
        >>> youth = swedu.load_scenario("delinquent-youth")
        >>> sorted(youth.stage("intake").accepted_roles(youth.actor("worker")))
        ['action']
        """
        held = self.systems_of(actor.id)
        found = {role.system: role for role in self.also_accepted.get(actor.id, ()) if role.system not in held}
        if "worker" in actor.traits and "change_agent" in held and "action" not in held:
            rationale = Text(en=t("convention.worker_in_action", "en"), id=t("convention.worker_in_action", "id"))
            found.setdefault("action", Role("action", "works_with_worker", rationale))
        return found

    @property
    def key(self) -> dict:
        """The answer key as ``{actor_id: set of system ids}`` for the actors that hold a role."""
        return {actor: set(self.systems_of(actor)) for actor in self.roles}


@dataclass(frozen=True)
class Scenario:
    """A teaching case: actors, their relations, and one or more stages with answer keys."""

    id: str
    title: Text
    summary: Text
    level: str
    topic: Text
    actors: tuple
    relations: tuple
    stages: tuple
    centre: str
    source: str = ""
    linked_problems: tuple = ()
    """The problems linked to the case's main problem (:class:`LinkedProblem`), for the holistic view;
    empty when the case file lists none."""

    # ----- finding things by what a learner types -------------------------------------------
    def actor(self, ref: str | Actor) -> Actor:
        """An actor by id or displayed name (either language, any case).

        >>> import swedu
        >>> swedu.load_scenario("delinquent-youth").actor("PARENTS").id
        'parents'
        """
        if isinstance(ref, Actor):
            ref = ref.id
        found = self._actor_index().get(" ".join(str(ref).lower().split()))
        if found is None:
            names = [str(a.name) for a in self.actors]
            choices = [a.id for a in self.actors] + names
            match = suggest(str(ref), choices)
            actors = self.actors
            raise AnswerError(Message("answer_error.unknown_actor", given=str(ref),
                                      suggestion=Message("answer_error.suggestion", match=match) if match else "",
                                      choices=Later(lambda language: ", ".join(
                                          f"{a.id} ({a.name[language]})" for a in actors))))
        return found

    def _actor_index(self) -> dict:
        index = self.__dict__.get("_index")
        if index is None:
            index = {}
            for a in self.actors:
                for key in (a.id, a.name.en, a.name.id):
                    index.setdefault(" ".join(key.lower().split()), a)
            # "Sari (social worker)" is also found as "Sari", unless two actors share that short name.
            shorts: dict = {}
            for a in self.actors:
                for key in (a.name.en, a.name.id):
                    short = " ".join(key.split(" (")[0].lower().split())
                    if short:
                        shorts.setdefault(short, set()).add(a)
            for short, owners in shorts.items():
                if len(owners) == 1:
                    index.setdefault(short, next(iter(owners)))
            object.__setattr__(self, "_index", index)
        return index

    def stage(self, ref: "Stage | str | int | None" = None) -> Stage:
        """A stage from an element of :attr:`stages`, its id, its position, or ``None`` (the first)."""
        if ref is None:
            return self.stages[0]
        if isinstance(ref, Stage):
            if ref in self.stages:
                return ref
            ref = ref.id
        if isinstance(ref, int) and not isinstance(ref, bool):
            if 0 <= ref < len(self.stages):
                return self.stages[ref]
        for stage in self.stages:
            if stage.id == str(ref).strip().lower():
                return stage
        ids = [s.id for s in self.stages]
        match = suggest(str(ref), ids)
        raise AnswerError(t("stage_error.unknown_stage", given=str(ref),
                            suggestion=t("answer_error.suggestion", match=match) if match else "",
                            choices=", ".join(ids)))

    def previous_stage(self, ref=None) -> Stage | None:
        """The stage before ``ref``, or ``None`` for the first."""
        index = self.stages.index(self.stage(ref))
        return self.stages[index - 1] if index else None

    # ----- the person-in-environment graph ----------------------------------------------------
    def graph(self, stage: "Stage | str | None" = None) -> "networkx.Graph":
        """The person-in-environment graph of one stage as a :class:`networkx.Graph`.

        Nodes are actor ids with attributes ``name`` (current language), ``kind``,
        ``collective``, ``traits`` and ``systems`` (the frozenset of system ids the
        actor holds in that stage). Edges carry ``kind``, ``quality``, ``strength``,
        ``direction`` (relative to ``source``), ``source`` and ``label``.

        >>> import swedu
        >>> g = swedu.load_scenario("small-business").graph()
        >>> g.nodes["small_entrepreneurs"]["systems"]
        frozenset({'client'})
        """
        import networkx as nx

        chosen = self.stage(stage)
        g = nx.Graph(scenario=self.id, stage=chosen.id, centre=self.centre, title=str(self.title))
        for a in self.actors:
            g.add_node(a.id, name=str(a.name), kind=a.kind, collective=a.collective,
                       traits=a.traits, systems=chosen.systems_of(a.id))
        for r in self.relations:
            g.add_edge(r.source, r.target, source=r.source, kind=r.kind, quality=r.quality,
                       strength=r.strength, direction=r.direction,
                       label=str(r.label) if r.label else "")
        return g

    # ----- assessment -------------------------------------------------------------------------
    def assess(self, answer: Mapping, stage: "Stage | str | None" = None) -> "Feedback":
        """Check a learner's answer ``{actor: system or systems}`` against one stage's key.

        >>> import swedu
        >>> youth = swedu.load_scenario("delinquent-youth")
        >>> feedback = youth.assess({"parents": "client", "Dimas": "client"})
        >>> feedback.verdicts["parents"].status, feedback.verdicts["teen"].status
        ('correct', 'wrong')
        """
        return _CHECKING["assess"](self, answer, stage)

    def key_text(self, stage: "Stage | str | None" = None) -> str:
        """The answer key of a stage with every rationale, for lecturers (current language)."""
        return _CHECKING["key_text"](self, self.stage(stage))

    def __hash__(self) -> int:
        # Stages hold read-only mappings, which cannot be hashed; id and file identify a scenario.
        return hash((self.id, self.source))

    def __repr__(self) -> str:
        return f"<Scenario {self.id!r}: {self.title.en!r}, {len(self.actors)} actors, {len(self.stages)} stage(s)>"
