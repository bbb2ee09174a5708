"""Checking the data of an activity file and building an :class:`~swedu.activities.model.Activity`.

Activity files are checked as scenario files are, with the same schema checker
(:class:`swedu._schema.Checker`): every problem is collected (not only the first) with its line
and column, in the learner's language, with the valid choices. Nothing is half-loaded: the data
becomes a complete Activity or raises :class:`ActivityError`.

>>> try:
...     parse_activity({"id": "x", "kind": "quiz"})
... except ActivityError as error:
...     print(error)
2 problem(s) in the activity <data>:
  <data>: the field 'title' is missing
  <data>: kind is 'quiz', which is not allowed. Choose from: concept_check, sorter, approach_explorer.
"""
from __future__ import annotations

from swedu._schema import Checker, Problem, SchemaError, expected, type_name
from swedu.activities.model import Activity, Category, Group, Item, Option, Question
from swedu.i18n import t
from swedu.model import Text
from swedu.scenarios import load_scenario
from swedu.systems import APPROACHES, MISCONCEPTIONS

KINDS = ("concept_check", "sorter", "approach_explorer")

COMMON_FIELDS = {"id": True, "kind": True, "title": True, "intro": False}
KIND_FIELDS = {
    "concept_check": {"questions": True},
    "sorter": {"groups": True, "items": True},
    "approach_explorer": {"scenario": True, "stage": False, "focus": True, "question": True},
}
"""The fields of each kind, beside the common ones."""
QUESTION_FIELDS = {"id": True, "prompt": True, "options": True, "multiple": False, "incomplete_misconception": False}
OPTION_FIELDS = {"id": True, "text": True, "correct": True, "feedback": False, "misconception": False}
APPROACH_QUESTION_FIELDS = {"prompt": True, "options": True}
APPROACH_OPTION_FIELDS = {"id": True, "correct": True, "text": False, "feedback": False, "misconception": False}
"""An approach explorer's options are the approaches: their names come from the catalogs."""
GROUP_FIELDS = {"id": True, "label": True, "categories": True}
CATEGORY_FIELDS = {"id": True, "label": True}
ITEM_FIELDS = {"id": True, "text": True, "category": True, "hint": False, "explanation": False}


class ActivityError(SchemaError):
    """A problem in an activity file: ``problems`` lists :class:`~swedu._schema.Problem` values (line,
    column, message); ``str(error)`` names the file, and each problem with its line and column."""

    def header(self) -> str:
        return t("widgets.activity_error.header", count=len(self.problems), file=self.file)


class _ActivityChecker(Checker):
    """The schema checker with the words of activity files."""

    missing_translation_key = "widgets.activity_error.missing_translation"

    def clean(self, value: str) -> str:
        return value.strip()  # an activity's text is shown as written (a literal block keeps its lines)

    def unique(self, value, path: tuple, seen: dict) -> str | None:
        """An id, once among its siblings (``seen`` maps ids to the path where each first stood)."""
        ident = self.ident(value, path)
        if ident is None:
            return None
        if ident in seen:
            first_line = self.where(seen[ident])[0]
            if first_line:
                self.add(path, t("scenario_error.duplicate_id", given=ident, first_line=first_line))
            else:
                self.add(path, t("widgets.activity_error.duplicate_id", given=ident))
            return None
        seen[ident] = path
        return ident

    def at_least(self, data, path: tuple, minimum: int) -> list:
        """A list of at least ``minimum`` entries (a missing one is reported by its block)."""
        entries = self.listing(data, path)
        if isinstance(data, list) and len(data) < minimum:
            self.add(path, t("widgets.activity_error.too_few", field=self.label(path), count=minimum))
        return entries


def parse_activity(data, file: str = "<data>", positions: dict | None = None) -> Activity:
    """Check plain data (as read from YAML) and build an :class:`Activity`; raises :class:`ActivityError`.

    ``positions`` (from :func:`swedu._yaml.to_python`) gives every problem its line and column;
    without it (data built in code) the problems name their field only.
    """
    c = _ActivityChecker(positions)
    top = positions.get((), (1, 1)) if positions is not None else (0, 0)  # the first field's place
    if data is None:
        raise ActivityError(file, [Problem(*top, t("widgets.activity_error.empty"))])
    if not isinstance(data, dict):
        raise ActivityError(file, [Problem(*top, t("widgets.activity_error.top_not_mapping", found=type_name(data)))])
    kind = data.get("kind")
    if isinstance(kind, str) and kind in KIND_FIELDS:
        spec = {**COMMON_FIELDS, **KIND_FIELDS[kind]}
    else:  # the kind is wrong or missing: say so once, and blame no field of any kind
        spec = {**COMMON_FIELDS, **{name: False for fields in KIND_FIELDS.values() for name in fields}}
    c.fields(data, (), spec)
    kind = c.choice(kind, ("kind",), KINDS)
    activity_id = c.ident(data.get("id"), ("id",)) if data.get("id") is not None else None
    title = c.text(data.get("title"), ("title",))
    intro = c.text(data.get("intro"), ("intro",))
    questions, groups, items = (), (), ()
    scenario = stage = focus = None
    if kind == "concept_check":
        questions = tuple(_questions(c, data.get("questions")))
    elif kind == "sorter":
        groups, items = _sorter(c, data)
    elif kind == "approach_explorer":
        scenario, stage, focus, question = _explorer(c, data)
        questions = (question,) if question else ()
    if c.problems:
        raise ActivityError(file, c.sorted_problems())
    return Activity(activity_id, kind, title, intro, questions, groups, items, scenario, stage, focus, file)


def _questions(c: _ActivityChecker, raw) -> list:
    out, seen = [], {}
    for n, q in enumerate(c.at_least(raw, ("questions",), 1)):
        path = ("questions", n)
        if c.fields(q, path, QUESTION_FIELDS) is None:
            continue
        qid = c.unique(q.get("id"), path + ("id",), seen) if q.get("id") is not None else None
        multiple = c.yes_no(q.get("multiple"), path + ("multiple",))
        options, marked = _options(c, q.get("options"), path, OPTION_FIELDS)
        if marked is not None and not marked:
            c.add(path, t("widgets.activity_error.no_correct", question=qid or c.label(path)))
        if marked and marked > 1 and q.get("multiple", False) is False:  # (a broken multiple is reported)
            c.add(path, t("widgets.activity_error.single_many", question=qid or c.label(path), count=marked))
        prompt = c.text(q.get("prompt"), path + ("prompt",))
        incomplete = c.choice(q.get("incomplete_misconception"), path + ("incomplete_misconception",),
                              MISCONCEPTIONS)
        if qid and prompt:
            out.append(Question(qid, prompt, tuple(options), multiple, incomplete))
    return out


def _options(c: _ActivityChecker, raw, path: tuple, spec: dict) -> tuple:
    """The options that could be built, and how many are marked correct (``None`` when none could be read).

    The count comes from the file, so an option with a broken text still counts as the right one.
    """
    out, seen, marked, read = [], {}, 0, False
    approaches = spec is APPROACH_OPTION_FIELDS
    for n, o in enumerate(c.at_least(raw, path + ("options",), 2)):
        where = path + ("options", n)
        if c.fields(o, where, spec) is None:
            continue
        oid = None
        if o.get("id") is not None:
            oid = c.choice(o.get("id"), where + ("id",), APPROACHES) if approaches else c.ident(o.get("id"),
                                                                                                 where + ("id",))
            if oid is not None:
                oid = c.unique(oid, where + ("id",), seen)
        correct = c.yes_no(o.get("correct"), where + ("correct",))
        read = read or isinstance(o.get("correct"), bool)
        marked += o.get("correct") is True
        feedback = c.text(o.get("feedback"), where + ("feedback",))
        if o.get("correct") is False and o.get("feedback") is None and set(o) <= set(spec):
            # (beside an unknown field, such as a misspelt feedback, that field's problem says it all)
            c.add(where, t("widgets.activity_error.wrong_missing_feedback", field=c.label(where)))
        text = c.text(o.get("text"), where + ("text",))
        misconception = c.choice(o.get("misconception"), where + ("misconception",), MISCONCEPTIONS)
        if approaches and oid:
            text = Text(t(f"approach.{oid}.name", "en"), t(f"approach.{oid}.name", "id"))
        if oid and text:
            out.append(Option(oid, text, correct, feedback, misconception))
    return out, (marked if read else None)


def _sorter(c: _ActivityChecker, top: dict) -> tuple:
    groups, seen_groups, unread = [], {}, set()
    for n, g in enumerate(c.at_least(top.get("groups"), ("groups",), 1)):
        path = ("groups", n)
        if c.fields(g, path, GROUP_FIELDS) is None:
            continue
        gid = c.unique(g.get("id"), path + ("id",), seen_groups) if g.get("id") is not None else None
        categories, seen = [], {}
        for m, cat in enumerate(c.at_least(g.get("categories"), path + ("categories",), 2)):
            where = path + ("categories", m)
            if c.fields(cat, where, CATEGORY_FIELDS) is None:
                continue
            cid = c.unique(cat.get("id"), where + ("id",), seen) if cat.get("id") is not None else None
            label = c.text(cat.get("label"), where + ("label",))
            if cid and label:
                categories.append(Category(cid, label))
        label = c.text(g.get("label"), path + ("label",))
        if gid and label:
            groups.append(Group(gid, label, tuple(categories)))
        raw_categories = g.get("categories")
        if gid and not (isinstance(raw_categories, list) and len(categories) == len(raw_categories)):
            unread.add(gid)  # a broken category is reported once, not again by every item sorted into it
    items, seen_items = [], {}
    for n, i in enumerate(c.at_least(top.get("items"), ("items",), 2)):
        path = ("items", n)
        if c.fields(i, path, ITEM_FIELDS) is None:
            continue
        iid = c.unique(i.get("id"), path + ("id",), seen_items) if i.get("id") is not None else None
        category = _item_category(c, i.get("category"), path + ("category",), groups, unread)
        text = c.text(i.get("text"), path + ("text",))
        hint = c.text(i.get("hint"), path + ("hint",))
        explanation = c.text(i.get("explanation"), path + ("explanation",))
        if iid and text and category is not None:
            items.append(Item(iid, text, category, hint, explanation))
    return tuple(groups), tuple(items)


def _item_category(c: _ActivityChecker, raw, path: tuple, groups: list, unread: set) -> dict | None:
    """``{group id: category id}`` of an item (``category: x`` is short for the only group's).

    The categories of a group in ``unread`` (not all read) are not judged: their problem is reported.
    """
    if raw is None:
        return None  # reported as a missing field
    short = isinstance(raw, str) and len(groups) == 1
    if short:
        raw = {groups[0].id: raw}
    if not isinstance(raw, dict):
        c.add(path, t("scenario_error.wrong_type", field=c.label(path), expected=expected("block"),
                      found=type_name(raw)))
        return None
    chosen, ok = {}, True
    group_ids = [g.id for g in groups]
    place = t("scenario_error.where", place=c.label(path))
    for name in raw:
        if name not in group_ids:
            c.add(path, t("scenario_error.unknown_field", field=name, where=place,
                          suggestion=c.suggestion(name, group_ids), choices=", ".join(group_ids)), key=name)
            ok = False
    for group in groups:
        ids = [cat.id for cat in group.categories]
        where = path if short else path + (group.id,)
        if group.id not in raw:
            c.add(path, t("scenario_error.missing_field", field=group.id, where=place))
            ok = False
        elif group.id in unread:
            ok = False
        elif raw[group.id] not in ids:
            c.add(where, t("widgets.activity_error.bad_category", field=c.label(path + (group.id,)),
                           given=str(raw[group.id]), choices=", ".join(ids)))
            ok = False
        else:
            chosen[group.id] = raw[group.id]
    return chosen if ok else None


def _explorer(c: _ActivityChecker, top: dict) -> tuple:
    scenario_id, stage, focus = top.get("scenario"), top.get("stage"), top.get("focus")
    if scenario_id is not None:
        try:
            scenario = load_scenario(str(scenario_id))
        except ValueError as error:  # a ScenarioError: its problems without the header
            problems = getattr(error, "problems", None) or [Problem(0, 0, str(error))]
            c.add(("scenario",), t("widgets.activity_error.bad_scenario", field="scenario",
                                   message=" ".join(_one_line(p.message) for p in problems)))
        else:
            try:
                stage = scenario.stage(stage).id
            except ValueError as error:
                c.add(("stage",), t("widgets.activity_error.bad_scenario", field="stage", message=_one_line(error)))
            if focus is not None:
                try:
                    focus = scenario.actor(str(focus)).id
                except ValueError as error:
                    c.add(("focus",), t("widgets.activity_error.bad_scenario", field="focus",
                                        message=_one_line(error)))
    question = None
    raw = top.get("question")
    if raw is not None and c.fields(raw, ("question",), APPROACH_QUESTION_FIELDS) is not None:
        options, marked = _options(c, raw.get("options"), ("question",), APPROACH_OPTION_FIELDS)
        if marked is not None and not marked:
            c.add(("question",), t("widgets.activity_error.no_correct", question="question"))
        prompt = c.text(raw.get("prompt"), ("question", "prompt"))
        if prompt:
            question = Question("question", prompt, tuple(options), multiple=True)
    return None if scenario_id is None else str(scenario_id), stage, focus, question


def _one_line(text) -> str:
    return " ".join(str(text).split())


__all__ = ["KINDS", "ActivityError", "parse_activity"]
