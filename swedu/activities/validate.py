"""Checking the plain data of an activity file and building an :class:`~swedu.activities.model.Activity`.

Every problem is collected (not only the first) and explained in the learner's language with the
valid choices; nothing is half-loaded: the data becomes a complete Activity or raises
:class:`ActivityError`.
"""
from __future__ import annotations

import re

from swedu.activities.model import Activity, Category, Group, Item, Option, Question
from swedu.i18n import t
from swedu.model import Text
from swedu.scenarios import load_scenario
from swedu.systems import APPROACHES, MISCONCEPTIONS

KINDS = ("concept_check", "sorter", "approach_explorer")
_ID = re.compile(r"^[a-z][a-z0-9_\-]{0,59}$")


class ActivityError(ValueError):
    """A problem in an activity file; ``problems`` lists ``(where, message)`` pairs."""

    def __init__(self, file: str, problems: list):
        self.file = file
        self.problems = list(problems)
        lines = [t("widgets.activity_error.header", count=len(self.problems), file=file)]
        lines += [t("widgets.activity_error.item", where=where, message=message) for where, message in problems]
        super().__init__("\n".join(lines))



class _Checker:
    def __init__(self):
        self.problems: list = []

    def add(self, where: str, key: str, **values):
        self.problems.append((where, t(f"widgets.activity_error.{key}", **values)))

    def block(self, data, where, required, optional=()):
        if not isinstance(data, dict):
            self.add(where, "wrong_type", field=where, expected=t("scenario_error.expected.block"))
            return {}
        for name in required:
            if name not in data:
                self.add(where, "missing", field=name)
        allowed = tuple(required) + tuple(optional)
        for name in data:
            if name not in allowed:
                self.add(where, "unknown_field", field=name, choices=", ".join(allowed))
        return data

    def text(self, data, where) -> Text | None:
        if data is None:
            return None
        if isinstance(data, dict) and set(data) - {"en", "id"}:
            self.add(where, "text_parts", field=where, parts=", ".join(repr(str(k)) for k in data
                                                                        if k not in ("en", "id")))
            return Text("?", "?")
        if not isinstance(data, dict) or set(data) != {"en", "id"} or not all(
                isinstance(data.get(k), str) and data.get(k).strip() for k in ("en", "id")):
            self.add(where, "missing_translation", field=where)
            return Text("?", "?")
        return Text(en=data["en"].strip(), id=data["id"].strip())

    def ident(self, value, where, seen: set) -> str:
        if not isinstance(value, str) or not _ID.match(value):
            self.add(where, "bad_id", field=f"{where}.id", given=str(value))
            return str(value)
        if value in seen:
            self.add(where, "duplicate_id", given=value)
        seen.add(value)
        return value

    def misconception(self, value, where):
        if value is not None and value not in MISCONCEPTIONS:
            self.add(where, "bad_misconception", field=where, given=str(value), choices=", ".join(MISCONCEPTIONS))
            return None
        return value

    def listing(self, value, where, minimum=1) -> list:
        if not isinstance(value, list):
            self.add(where, "wrong_type", field=where, expected=t("scenario_error.expected.list"))
            return []
        if len(value) < minimum:
            self.add(where, "too_few", field=where, count=minimum)
        return value


def parse_activity(data, file: str = "<data>") -> Activity:
    """Check plain data (as read from YAML) and build an :class:`Activity`; raises :class:`ActivityError`.

    >>> try:
    ...     parse_activity({"id": "x", "kind": "quiz"})
    ... except ActivityError as error:
    ...     print(error)
    2 problem(s) in the activity <data>:
      <data>: the field 'title' is missing
      kind: kind is 'quiz'; choose from: concept_check, sorter, approach_explorer
    """
    c = _Checker()
    common = ("id", "kind", "title")
    extra = {"concept_check": ("questions",), "sorter": ("groups", "items"),
             "approach_explorer": ("scenario", "focus", "question")}
    kind = data.get("kind") if isinstance(data, dict) else None
    required = common + extra.get(kind, ())
    optional = ("intro", "stage") if kind == "approach_explorer" else ("intro",)
    top = c.block(data, file, required, optional)
    if kind not in KINDS and isinstance(data, dict):
        c.add("kind", "bad_kind", given=str(kind), choices=", ".join(KINDS))
    activity_id = c.ident(top.get("id"), "id", set()) if "id" in top else "?"
    title = c.text(top.get("title"), "title") or Text("?", "?")
    intro = c.text(top.get("intro"), "intro")
    questions, groups, items = (), (), ()
    scenario = stage = focus = None
    if kind == "concept_check":
        questions = tuple(_questions(c, top.get("questions", [])))
    elif kind == "sorter":
        groups, items = _sorter(c, top)
    elif kind == "approach_explorer":
        scenario, stage, focus, question = _explorer(c, top)
        questions = (question,) if question else ()
    if c.problems:
        raise ActivityError(file, c.problems)
    return Activity(activity_id, kind, title, intro, questions, groups, items, scenario, stage, focus, file)


def _questions(c: _Checker, raw) -> list:
    out, seen = [], set()
    for n, q in enumerate(c.listing(raw, "questions")):
        where = f"questions[{n + 1}]"
        q = c.block(q, where, ("id", "prompt", "options"), ("multiple", "incomplete_misconception"))
        qid = c.ident(q.get("id"), where, seen)
        multiple = q.get("multiple", False)
        if not isinstance(multiple, bool):
            c.add(where, "wrong_type", field=f"{where}.multiple", expected=t("scenario_error.expected.yes_no"))
            multiple = False
        options = _options(c, q.get("options", []), where, need_text=True)
        correct = [o for o in options if o.correct]
        if options and not correct:
            c.add(where, "no_correct", question=qid)
        if options and not multiple and len(correct) > 1:
            c.add(where, "single_many", question=qid, count=len(correct))
        out.append(Question(qid, c.text(q.get("prompt"), f"{where}.prompt") or Text("?", "?"), tuple(options),
                            multiple, c.misconception(q.get("incomplete_misconception"),
                                                      f"{where}.incomplete_misconception")))
    return out


def _options(c: _Checker, raw, where, need_text: bool, ids=None) -> list:
    out, seen = [], set()
    for n, o in enumerate(c.listing(raw, f"{where}.options", minimum=2)):
        w = f"{where}.options[{n + 1}]"
        o = c.block(o, w, ("id", "correct") + (("text",) if need_text else ()),
                    ("feedback", "misconception") + (() if need_text else ("text",)))
        oid = c.ident(o.get("id"), w, seen)
        if ids is not None and oid not in ids:
            c.add(w, "bad_category", field=f"{w}.id", given=oid, choices=", ".join(ids))
        correct = o.get("correct")
        if not isinstance(correct, bool):
            c.add(w, "wrong_type", field=f"{w}.correct", expected=t("scenario_error.expected.yes_no"))
            correct = False
        feedback = c.text(o.get("feedback"), f"{w}.feedback")
        if not correct and feedback is None:
            c.add(w, "wrong_missing_feedback", field=w)
        text = c.text(o.get("text"), f"{w}.text") if need_text or "text" in o else None
        out.append(Option(oid, text or Text(oid, oid), correct, feedback,
                          c.misconception(o.get("misconception"), f"{w}.misconception")))
    return out


def _sorter(c: _Checker, top) -> tuple:
    groups, seen_groups = [], set()
    for n, g in enumerate(c.listing(top.get("groups", []), "groups")):
        where = f"groups[{n + 1}]"
        g = c.block(g, where, ("id", "label", "categories"))
        gid = c.ident(g.get("id"), where, seen_groups)
        cats, seen = [], set()
        for m, cat in enumerate(c.listing(g.get("categories", []), f"{where}.categories", minimum=2)):
            w = f"{where}.categories[{m + 1}]"
            cat = c.block(cat, w, ("id", "label"))
            cats.append(Category(c.ident(cat.get("id"), w, seen), c.text(cat.get("label"), f"{w}.label")
                                 or Text("?", "?")))
        groups.append(Group(gid, c.text(g.get("label"), f"{where}.label") or Text("?", "?"), tuple(cats)))
    items, seen_items = [], set()
    for n, i in enumerate(c.listing(top.get("items", []), "items", minimum=2)):
        where = f"items[{n + 1}]"
        i = c.block(i, where, ("id", "text", "category"), ("hint", "explanation"))
        iid = c.ident(i.get("id"), where, seen_items)
        category = i.get("category")
        if isinstance(category, str) and len(groups) == 1:
            category = {groups[0].id: category}
        if not isinstance(category, dict):
            c.add(where, "wrong_type", field=f"{where}.category", expected=t("scenario_error.expected.block"))
            category = {}
        for g in groups:
            ids = [cat.id for cat in g.categories]
            if category.get(g.id) not in ids:
                c.add(where, "bad_category", field=f"{where}.category.{g.id}", given=str(category.get(g.id)),
                      choices=", ".join(ids))
        for name in category:
            if name not in {g.id for g in groups}:
                c.add(where, "unknown_field", field=name, choices=", ".join(g.id for g in groups))
        items.append(Item(iid, c.text(i.get("text"), f"{where}.text") or Text("?", "?"), dict(category),
                          c.text(i.get("hint"), f"{where}.hint"), c.text(i.get("explanation"), f"{where}.explanation")))
    return tuple(groups), tuple(items)


def _explorer(c: _Checker, top) -> tuple:
    scenario_id, stage, focus = top.get("scenario"), top.get("stage"), top.get("focus")
    try:
        scenario = load_scenario(str(scenario_id))
        chosen = scenario.stage(stage)
        focus = scenario.actor(str(focus)).id
        stage = chosen.id
    except ValueError as error:
        c.add("scenario", "bad_scenario", field="scenario/stage/focus", message=" ".join(line.strip() for line in str(error).splitlines()))
    q = c.block(top.get("question"), "question", ("prompt", "options"))
    options = _options(c, q.get("options", []), "question", need_text=False, ids=APPROACHES)
    options = [Option(o.id, Text(t(f"approach.{o.id}.name", "en"), t(f"approach.{o.id}.name", "id"))
                      if o.id in APPROACHES else o.text, o.correct, o.feedback, o.misconception) for o in options]
    if options and not any(o.correct for o in options):
        c.add("question", "no_correct", question="question")
    question = Question("question", c.text(q.get("prompt"), "question.prompt") or Text("?", "?"),
                        tuple(options), multiple=True)
    return str(scenario_id), stage, focus, question
