"""The check behind each exercise id. Every key comes from a scenario file or from plain data here.

Each check takes ``(spec, answer)``, returns a :class:`~swedu.exercises.result.CheckResult` and may
raise :class:`~swedu.assess.AnswerError`, which :func:`swedu.exercises.check` turns into feedback.
"""
from __future__ import annotations

import dataclasses
import os
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from swedu.assess import AnswerError, _describe
from swedu.exercises.result import CheckResult, CheckedPart, status_for
from swedu.i18n import LANGUAGES, t
from swedu.outcome import Later, Message
from swedu.model import Scenario
from swedu.scenarios import BUILTIN_DIR, ScenarioError, load_scenario
from swedu.systems import DIRECTIONS, QUALITIES, SYSTEM_IDS, suggest, system_name

CASE_FILE = Path(__file__).with_name("wulan-family.yaml")
"""The exercises' own case (not taught in the lessons): Bayu, his mother's stall and the moneylender."""
EXERCISE_CASE = "wulan-family"
ECOMAP_CASE = "street-children"
"""A built-in case from the scenario library whose ecomap exercise 5 asks students to read."""


@dataclass(frozen=True)
class Spec:
    """One exercise: its id, its check, the case and stage it is about."""

    id: str
    function: Callable
    case: str = EXERCISE_CASE
    stage: str | None = None


def scenario(case_id: str):
    """The scenario of a case id; the exercises' own case is read from this package."""
    if case_id == EXERCISE_CASE:
        return load_scenario(CASE_FILE)
    return load_scenario(case_id)


# ----- what counts as "not answered yet" ------------------------------------------------------

def _blank(value) -> bool:
    if value is None or value is Ellipsis:
        return True
    if isinstance(value, str):
        return not value.strip() or value.strip() == "..."
    return False


def unanswered(answer) -> bool:
    """True for a stub: ``...``, ``None``, an empty text, dictionary, list or graph, or only ``...`` inside.

    >>> unanswered(...), unanswered({}), unanswered({"bayu": ...}), unanswered({"bayu": "target"})
    (True, True, True, False)
    """
    if _blank(answer):
        return True
    if isinstance(answer, Mapping):
        return all(v is Ellipsis for v in answer.values())
    if isinstance(answer, (list, tuple, set, frozenset)):
        return all(v is Ellipsis for v in answer)
    if hasattr(answer, "number_of_nodes") and callable(answer.number_of_nodes):
        return answer.number_of_nodes() == 0
    return False


def _drop_placeholders(answer: Mapping) -> dict:
    return {k: v for k, v in answer.items() if v is not Ellipsis}


# ----- exercises 1 to 3: classification, reasons, reassessment --------------------------------

def _from_feedback(spec: Spec, feedback) -> CheckResult:
    if not feedback.answered:
        return CheckResult.not_answered(spec.id)
    score = feedback.score
    status = status_for(score)
    lines = () if status != "correct" else (Message("exercises.well_done"),)
    return CheckResult(spec.id, status, score, lines, (), feedback)


def classify(spec: Spec, answer) -> CheckResult:
    """Exercises 1 and 3: ``{actor: system or systems}`` against one stage of the case."""
    case = scenario(spec.case)
    if not isinstance(answer, Mapping):
        example = case.actors[0].id
        raise AnswerError(Message("answer_error.not_a_mapping", example_actor=example, given=_describe(answer)))
    return _from_feedback(spec, case.assess(_drop_placeholders(answer), spec.stage))


def reasons(spec: Spec, answer) -> CheckResult:
    """Exercise 2: ``{actor: {system: reason}}``: half the credit for the role, half for the reason."""
    case = scenario(spec.case)
    if not isinstance(answer, Mapping):
        raise AnswerError(Message("exercises.reasons.not_a_mapping", given=_describe(answer)))
    stages = tuple(dataclasses.replace(s, ask_reasons=True) for s in case.stages)
    asking = dataclasses.replace(case, stages=stages)
    return _from_feedback(spec, asking.assess(_drop_placeholders(answer), spec.stage))


def changed(spec: Spec, answer) -> CheckResult:
    """Exercise 3b: the actors whose roles changed between the two stages (a list or set of actors)."""
    case = scenario(spec.case)
    if isinstance(answer, str):
        answer = [answer]
    if not isinstance(answer, (list, tuple, set, frozenset)):
        raise AnswerError(Message("exercises.changed.not_a_list", given=_describe(answer)))
    first, second = case.stages[0], case.stages[1]
    key = {a.id for a in case.actors if first.systems_of(a.id) != second.systems_of(a.id)}
    given = []
    for ref in answer:
        if ref is Ellipsis:
            continue
        actor = case.actor(ref)
        if actor.id not in given:
            given.append(actor.id)
    items = []
    for actor_id in given:
        name = case.actor(actor_id).name
        if actor_id in key:
            items.append(CheckedPart(actor_id, "correct", (Message("exercises.changed.right", before=_systems(
                first.systems_of(actor_id)), after=_systems(second.systems_of(actor_id))),), name))
        else:
            items.append(CheckedPart(actor_id, "extra", (Message("exercises.changed.same"),), name))
    missing = len(key - set(given))
    lines = (Message("exercises.changed.missing", count=missing),) if missing else ()
    score = len(key & set(given)) / len(key | set(given))
    return CheckResult(spec.id, status_for(score), score, lines, tuple(items), answer={"changed": sorted(given)})


def _systems(systems) -> Later:
    """The names of ``systems``, joined in the language the feedback is read in."""
    def names(language: str) -> str:
        if not systems:
            return t("system.none.name", language)
        return t("feedback.list_separator", language).join(system_name(s, language) for s in SYSTEM_IDS
                                                            if s in systems)
    return Later(names)


# ----- exercise 4: the person-in-environment graph ----------------------------------------------

def _resolve_quality(value, where: str) -> str:
    if isinstance(value, str):
        key = value.strip().lower()
        if key in QUALITIES:
            return key
        for quality in QUALITIES:
            if any(key == t(f"quality.{quality}", lang).lower() for lang in LANGUAGES):
                return quality
    names = Later(lambda language: ", ".join(f'"{q}" ({t(f"quality.{q}", language)})' for q in QUALITIES))
    match = suggest(str(value), list(QUALITIES) + [t(f"quality.{q}") for q in QUALITIES])
    raise AnswerError(Message("exercises.unknown_quality", given=_describe(value), where=where,
                              choices=names,
                              suggestion=Message("answer_error.suggestion", match=match) if match else ""))


def _resolve_direction(value, where: str) -> str:
    if isinstance(value, str) and value.strip().lower() in DIRECTIONS:
        return value.strip().lower()
    match = suggest(str(value), DIRECTIONS)
    raise AnswerError(Message("exercises.unknown_direction", given=_describe(value), where=where,
                              choices=", ".join(f'"{d}"' for d in DIRECTIONS),
                              suggestion=Message("answer_error.suggestion", match=match) if match else ""))


def _pair_label(case, a: str, b: str) -> Message:
    return Message("exercises.tie", a=case.actor(a).name, b=case.actor(b).name)


def _tie(case, a: str, b: str) -> tuple[str, Message]:
    """A tie's part id (the same whichever way round it was given) and its words, "Mrs Wulan and Bayu"."""
    return "tie:" + ":".join(sorted({a, b})), _pair_label(case, a, b)


def graph(spec: Spec, answer) -> CheckResult:
    """Exercise 4: a networkx graph with the case's actors as nodes and its ties, each with ``quality``."""
    case = scenario(spec.case)
    if not (hasattr(answer, "nodes") and hasattr(answer, "edges") and hasattr(answer, "number_of_nodes")):
        raise AnswerError(Message("exercises.graph.not_a_graph", given=_describe(answer)))
    nodes: dict[str, object] = {}
    for node in answer.nodes:
        actor = case.actor(str(node))
        if actor.id in nodes:
            raise AnswerError(Message("answer_error.duplicate_actor", actor=actor.name, first=str(nodes[actor.id]),
                                      second=str(node)))
        nodes[actor.id] = node
    items = []
    for actor in case.actors:
        if actor.id in nodes:
            items.append(CheckedPart(f"node:{actor.id}", "correct", (), actor.name))
        else:
            items.append(CheckedPart(f"node:{actor.id}", "missing", (Message("exercises.graph.node_missing"),),
                              actor.name))
    # The key is the case's own networkx graph: the graph the students build should have its edges.
    key = {frozenset((a, b)): data for a, b, data in case.graph(spec.stage).edges(data=True)}
    seen = set()
    answer_edges = {}
    for a, b, data in answer.edges(data=True):
        ida, idb = case.actor(str(a)).id, case.actor(str(b)).id
        pair = frozenset((ida, idb))
        if pair in seen:
            continue
        seen.add(pair)
        edge_id, label = _tie(case, ida, idb)
        relation = key.get(pair)
        if relation is None:
            items.append(CheckedPart(edge_id, "extra", (Message("exercises.graph.tie_extra"),), label))
            continue
        if "quality" not in data:
            items.append(CheckedPart(edge_id, "wrong", (Message("exercises.graph.quality_missing", choices=", ".join(
                f'"{q}"' for q in QUALITIES)),), label))
            continue
        quality = _resolve_quality(data["quality"], label)
        answer_edges[edge_id] = quality
        if quality == relation["quality"]:
            items.append(CheckedPart(edge_id, "correct", (), label))
        else:
            items.append(CheckedPart(edge_id, "wrong", (Message("exercises.graph.quality_wrong",
                                                         given=Message(f"quality.{quality}")),), label))
    missing = len(set(key) - seen)
    for _ in range(missing):
        items.append(CheckedPart("tie:missing", "missing", (), Message("exercises.graph.tie_missing_label")))
    lines = (Message("exercises.graph.ties_missing", count=missing),) if missing else ()
    # One summary line for the missing ties instead of one item each (their ends would give the answer away).
    shown = tuple(i for i in items if i.id != "tie:missing")
    score = sum(i.credit for i in items) / len(items)
    return CheckResult(spec.id, status_for(score), score, lines, shown,
                       answer={"nodes": sorted(nodes), "ties": sorted(answer_edges)})


# ----- exercise 5: reading and building an ecomap -----------------------------------------------

READ_QUESTIONS = ("stressful", "tenuous", "gives_to", "receives_from")
"""Questions about the drawn ecomap of :data:`ECOMAP_CASE`, each answered with a list of actors."""


def _read_key(case) -> dict:
    """The key, read off the case's graph: every edge of the actor in the centre (the ecomap's spokes)."""
    graph = case.graph()
    centre = graph.graph["centre"]
    spokes = graph.adj[centre]  # {other end: edge data}; "direction" is relative to the edge's "source"

    def flows(data, away: bool) -> bool:  # energy or resources flow from the centre (away) or to it
        direction = data["direction"]
        if direction in ("both", "none"):
            return direction == "both"
        return ((direction == "forward") == (data["source"] == centre)) == away

    return {
        "stressful": {other for other, data in spokes.items() if data["quality"] == "stressful"},
        "tenuous": {other for other, data in spokes.items() if data["quality"] == "tenuous"},
        "gives_to": {other for other, data in spokes.items() if flows(data, away=True)},
        "receives_from": {other for other, data in spokes.items() if flows(data, away=False)},
    }


def read_ecomap(spec: Spec, answer) -> CheckResult:
    """Exercise 5a: ``{question: actor or list of actors}`` about the drawn ecomap."""
    case = scenario(spec.case)
    return _read_questions(spec, case, answer, READ_QUESTIONS, _read_key(case), "read")


def _read_questions(spec: Spec, case, answer, questions, key: dict, prefix: str) -> CheckResult:
    """``{question: actor or actors}`` against ``key`` (a set of actor ids per question)."""
    if not isinstance(answer, Mapping):
        raise AnswerError(Message("exercises.read.not_a_mapping", given=_describe(answer),
                                  choices=", ".join(f'"{q}"' for q in questions)))
    unknown = [k for k in answer if k not in questions]
    if unknown:
        match = suggest(str(unknown[0]), questions)
        raise AnswerError(Message("exercises.read.unknown_question", given=str(unknown[0]),
                                  choices=", ".join(f'"{q}"' for q in questions),
                                  suggestion=Message("answer_error.suggestion", match=match) if match else ""))
    items, given_ids = [], {}
    for question in questions:
        label = Message(f"exercises.{prefix}.question.{question}")
        value = answer.get(question, ...)
        if _blank(value) or (isinstance(value, (list, tuple, set)) and not value):
            items.append(CheckedPart(question, "not_answered", (), label))
            continue
        refs = [value] if isinstance(value, str) else value
        if not isinstance(refs, (list, tuple, set, frozenset)):
            raise AnswerError(Message("exercises.read.wrong_type", question=question, given=_describe(value)))
        given = {case.actor(str(r)).id for r in refs}
        given_ids[question] = sorted(given)
        if given == key[question]:
            items.append(CheckedPart(question, "correct", (Message(f"exercises.{prefix}.right.{question}"),), label))
        elif given < key[question]:
            items.append(CheckedPart(question, "missing", (Message(f"exercises.{prefix}.hint.{question}"),), label,
                              verdict="exercises.item_status.partly"))
        else:
            items.append(CheckedPart(question, "wrong", (Message(f"exercises.{prefix}.hint.{question}"),), label))
    return CheckResult.build(spec.id, items, answer=given_ids)


MAP_QUESTIONS = ("hub", "stressful", "weak", "outside")
"""Exercise 4: questions about the person-in-environment map of the exercises' case."""


def map_key(case) -> dict:
    """The answers to :data:`MAP_QUESTIONS`, read off the case's graph (:meth:`swedu.Scenario.graph`).

    The family is the actor in the centre and everyone tied to it by a family tie. ``hub``: the
    actor(s) with the most ties; ``stressful``: outsiders with a stressful tie to the family;
    ``weak``: outsiders (resources) with only a tenuous tie to the family; ``outside``: actors with
    no tie to the family at all (often the helpers, before the work begins).
    """
    graph = case.graph()  # the person-in-environment graph the map is drawn from
    centre = graph.graph["centre"]
    family = {centre} | {other for other in graph.adj[centre] if graph.edges[centre, other]["kind"] == "family"}
    degree = dict(graph.degree())
    most = max(degree.values())
    ties = {}  # outsider -> qualities of its ties with the family
    for a, b, data in graph.edges(data=True):
        ends = {a, b}
        if len(ends & family) == 1:
            ties.setdefault((ends - family).pop(), set()).add(data["quality"])
    outsiders = [a for a in graph.nodes if a not in family]
    return {
        "hub": {a for a, n in degree.items() if n == most},
        "stressful": {a for a, q in ties.items() if "stressful" in q},
        "weak": {a for a, q in ties.items() if q == {"tenuous"}},
        "outside": {a for a in outsiders if a not in ties},
    }


def read_map(spec: Spec, answer) -> CheckResult:
    """Exercise 4: ``{question: actor or list of actors}`` about the person-in-environment map."""
    case = scenario(spec.case)
    return _read_questions(spec, case, answer, MAP_QUESTIONS, map_key(case), "map")


BUILD_KEY = (
    # (a, b, quality, direction from a to b): Mrs Wulan's world six months later (the vignette in
    # source/exercises/05-ecomap.yaml tells it in both languages).
    ("wulan", "cooperative", "strong", "both"),
    ("wulan", "moneylender", "tenuous", "forward"),
    ("principal", "bayu", "strong", "forward"),
    ("grandma", "puskesmas", "strong", "backward"),
    ("wulan", "grandma", "stressful", "forward"),
)
BUILD_ROWS = (
    # The pairs the exercise form offers (swedu.widgets.exercise_form("ex5-build")): the five of the key
    # and four the story does not describe, in an order that does not give the key away.
    ("wulan", "bayu"), ("wulan", "grandma"), ("wulan", "cooperative"), ("wulan", "moneylender"),
    ("wulan", "puskesmas"), ("principal", "bayu"), ("bayu", "moneylender"), ("puskesmas", "grandma"),
    ("worker", "wulan"),
)
_FLIP = {"forward": "backward", "backward": "forward", "both": "both", "none": "none"}


def _words(parts) -> Later:
    """Texts joined with "and" in the language the feedback is read in."""
    return Later(lambda language: t("exercises.and", language).join(str(p.render(language)) if hasattr(p, "render")
                                                                     else str(p) for p in parts))


def _arrow(case, a: str, b: str, direction: str) -> Message:
    """A direction in the words of the form: "Mrs Wulan → Bayu", "both ways", "no arrow"."""
    if direction == "forward":
        return Message("exercises.form.from_to", a=case.actor(a).name, b=case.actor(b).name)
    if direction == "backward":
        return Message("exercises.form.from_to", a=case.actor(b).name, b=case.actor(a).name)
    return Message("exercises.form.both_ways" if direction == "both" else "exercises.form.no_arrow")


def build_ecomap(spec: Spec, answer) -> CheckResult:
    """Exercise 5b: a list of ties ``{"between": [a, b], "quality": ..., "direction": ...}``."""
    case = scenario(spec.case)
    if isinstance(answer, Mapping) or not isinstance(answer, (list, tuple)):
        raise AnswerError(Message("exercises.build.not_a_list", given=_describe(answer)))
    key = {frozenset((a, b)): (a, b, q, d) for a, b, q, d in BUILD_KEY}
    given: dict[frozenset, tuple] = {}
    for number, tie in enumerate(answer, start=1):
        if tie is Ellipsis:
            continue
        if not isinstance(tie, Mapping) or "between" not in tie:
            raise AnswerError(Message("exercises.build.not_a_tie", number=number, given=_describe(tie)))
        between = tie["between"]
        if not isinstance(between, (list, tuple)) or len(between) != 2:
            raise AnswerError(Message("exercises.build.between", number=number, given=_describe(between)))
        a, b = (case.actor(str(x)).id for x in between)
        where = Message("exercises.build.where", number=number)
        quality = tie.get("quality")
        if isinstance(quality, (list, tuple, set)) and quality:  # two boxes ticked: say so in words
            raise AnswerError(Message("exercises.build.one_quality", where=where, given=_words(
                [Message(f"quality.{_resolve_quality(q, where)}") for q in quality])))
        quality = None if _blank(quality) else _resolve_quality(quality, where)
        direction = _resolve_direction(tie.get("direction", "none"), where)
        pair = frozenset((a, b))
        if pair in given:
            raise AnswerError(Message("exercises.build.twice", tie=_pair_label(case, a, b)))
        given[pair] = (a, b, quality, direction)
    items = []
    for pair, (a, b, quality, direction) in given.items():
        edge_id, label = _tie(case, a, b)
        expected = key.get(pair)
        if expected is None:
            items.append(CheckedPart(edge_id, "extra", (Message("exercises.build.extra"),), label))
            continue
        chosen_arrow = _arrow(case, a, b, direction)  # in the words of the arrow the learner chose
        if (a, b) != expected[:2]:
            direction = _FLIP[direction]
        problems = []
        if quality is None:
            problems.append(Message("exercises.build.quality_missing"))
        elif quality != expected[2]:
            problems.append(Message("exercises.build.quality_wrong", given=Message(f"quality.{quality}")))
        if direction != expected[3]:
            problems.append(Message("exercises.build.direction_wrong", given=chosen_arrow))
        items.append(CheckedPart(edge_id, "wrong" if problems else "correct",
                          tuple(problems) or (Message("exercises.build.right"),), label))
    missing = len(set(key) - set(given))
    score = sum(i.credit for i in items) / (len(items) + missing) if items or missing else 0.0
    lines = (Message("exercises.graph.ties_missing", count=missing),) if missing else ()
    return CheckResult(spec.id, status_for(score), score, lines, tuple(items),
                       answer={"ties": sorted(":".join(sorted(p)) for p in given)})


# ----- exercise 6: a scenario file of one's own -------------------------------------------------

MIN_ACTORS = 4
MIN_RELATIONS = 2


def _load_own(answer):
    """The scenario in ``answer`` (YAML text, a path or a Scenario) and the problems if it does not load."""
    if isinstance(answer, Scenario):
        return answer, ()
    if isinstance(answer, os.PathLike):
        answer = os.fspath(answer)
    if not isinstance(answer, str):
        raise AnswerError(Message("exercises.own.wrong_type", given=_describe(answer)))
    try:
        if "\n" in answer or ": " in answer:
            with tempfile.TemporaryDirectory(prefix="swedu-") as folder:
                path = Path(folder) / "my-case.yaml"
                path.write_text(answer, encoding="utf-8")
                return load_scenario(path), ()
        return load_scenario(answer.strip()), ()
    except ScenarioError as error:
        return None, tuple(error.problems)


def own_scenario(spec: Spec, answer) -> CheckResult:
    """Exercise 6: YAML text (or a file) that loads as a scenario with all four systems in its first stage."""
    scenario_, problems = _load_own(answer)
    label = {k: Message(f"exercises.own.item.{k}") for k in ("loads", "own_id", "actors", "four_systems", "relations")}
    if scenario_ is None:
        lines = tuple(Message("exercises.own.problem", line=p.line, column=p.column, message=p.message) if p.line
                      else Message("exercises.own.problem_no_position", message=p.message) for p in problems)
        items = [CheckedPart("loads", "wrong", lines, label["loads"])]
        items += [CheckedPart(k, "not_answered", (Message("exercises.own.after_loading"),), label[k])
                  for k in ("own_id", "actors", "four_systems", "relations")]
        score = 0.0
        return CheckResult(spec.id, "wrong", score, (), tuple(items))
    items = [CheckedPart("loads", "correct", (Message("exercises.own.loads", title=scenario_.title,
                                               stages=len(scenario_.stages), actors=len(scenario_.actors)),),
                  label["loads"])]
    builtin = sorted(p.stem for p in BUILTIN_DIR.glob("*.yaml")) + [EXERCISE_CASE]
    items.append(CheckedPart("own_id", "wrong" if scenario_.id in builtin else "correct",
                      (Message("exercises.own.not_own", id=scenario_.id),) if scenario_.id in builtin else (),
                      label["own_id"]))
    count = len(scenario_.actors)
    items.append(CheckedPart("actors", "correct" if count >= MIN_ACTORS else "missing",
                      (Message("exercises.own.actors", count=count, minimum=MIN_ACTORS),), label["actors"]))
    first = scenario_.stages[0]
    held = {s for actor in first.roles for s in first.systems_of(actor)}
    absent = [s for s in SYSTEM_IDS if s not in held]
    items.append(CheckedPart("four_systems", "missing" if absent else "correct",
                      (Message("exercises.own.systems_missing", systems=_systems(absent)),) if absent else (),
                      label["four_systems"]))
    ties = len(scenario_.relations)
    items.append(CheckedPart("relations", "correct" if ties >= MIN_RELATIONS else "missing",
                      (Message("exercises.own.relations", count=ties, minimum=MIN_RELATIONS),), label["relations"]))
    return CheckResult.build(spec.id, items)


# ----- the stories shown above the tasks ---------------------------------------------------------

@dataclass(frozen=True)
class Story:
    """The narrative of an exercise's stage and the list of actors (id and name)."""

    heading: str
    narrative: str
    actors: tuple

    def __str__(self) -> str:
        lines = [self.heading, self.narrative, "", t("exercises.story.actors")]
        lines += [f"- {actor_id}: {name}" for actor_id, name in self.actors]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"<Story {self.heading!r}>"

    def _repr_html_(self) -> str:
        import html

        e = html.escape
        rows = "".join(f"<li>{e(n)}</li>" for _i, n in self.actors)  # what a student reads: names, no ids
        return (f'<div class="swedu-story"><h4>{e(self.heading)}</h4><p>{e(self.narrative)}</p>'
                f"<p>{e(t('exercises.story.actors_shown'))}</p><ul>{rows}</ul></div>")


def story(exercise_id: str) -> Story:
    spec = CHECKS.get(exercise_id) or CHECKS["ex1-classify"]
    case = scenario(spec.case)
    stage = case.stage(spec.stage)
    return Story(t("exercises.story.heading", title=str(case.title), stage=str(stage.title)),
                 str(stage.narrative), tuple((a.id, str(a.name)) for a in case.actors))


CHECKS = {spec.id: spec for spec in (
    Spec("ex1-classify", classify, EXERCISE_CASE, "intake"),
    Spec("ex2-reasons", reasons, EXERCISE_CASE, "intake"),
    Spec("ex3-reassess", classify, EXERCISE_CASE, "reassessment"),
    Spec("ex3-changed", changed, EXERCISE_CASE, "reassessment"),
    Spec("ex4-map", read_map, EXERCISE_CASE, "intake"),
    Spec("ex4-graph", graph, EXERCISE_CASE, "intake"),
    Spec("ex5-read", read_ecomap, ECOMAP_CASE, None),
    Spec("ex5-build", build_ecomap, EXERCISE_CASE, None),
    Spec("ex6-scenario", own_scenario, "", None),
)}
"""Every exercise by its stable id (the ids never change: progress records refer to them)."""
