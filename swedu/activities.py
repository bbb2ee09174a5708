"""Activity definitions (concept checks, sorters, approach explorers): loading, validating, checking.

Pure functions and values, no widgets: :mod:`swedu.widgets` shows them. Lesson
authors only write data: one YAML file per activity with a stable ``id`` and both
languages (``en:`` and ``id:``) for every learner text. The built-in files live
in ``swedu/activity_data/``.

Kinds:

``concept_check``
    ``questions``: each with ``id``, ``prompt``, ``multiple`` (true/false) and
    ``options`` (``id``, ``text``, ``correct``, ``feedback``; a wrong option may
    name the ``misconception`` behind it). ``incomplete_misconception`` names the
    misconception of an answer that misses a right option.
``sorter``
    ``groups`` of ``categories`` and ``items``; each item has a ``category`` per
    group (``{function: preventive}``), a ``hint`` shown when it is misplaced (it
    never names the answer) and an ``explanation`` shown when it is right.
``approach_explorer``
    a ``scenario``, ``stage`` and ``focus`` (the person with the problem) and a
    ``question`` whose options are the approaches. What each approach addresses
    follows one rule (:func:`approach_scope`).

>>> check = load_activity("four-systems-misconceptions")
>>> result = check_concept(check, {"who-is-client": "son"})
>>> result.verdicts["who-is-client"], result.misconceptions
('wrong', ('client_is_problem_bearer',))
>>> sort = load_activity("intervention-functions")
>>> round(check_sort(sort, {"parenting-class": "preventive"}).score, 2)
0.14
"""
from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from swedu._yaml import YamlProblem, compose_checked, to_python
from swedu.i18n import get_language, t
from swedu.model import Text
from swedu.scenarios import load_scenario
from swedu.systems import APPROACHES, MISCONCEPTIONS, suggest

DATA_DIR = Path(__file__).parent / "activity_data"
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


# ----- values ----------------------------------------------------------------------------------
def _find(entries, ref, text_of, error_key: str, **values):
    """The entry whose id, English or Indonesian text is ``ref``; else a learner-friendly error."""
    wanted = str(ref).strip().lower()
    for entry in entries:
        text = text_of(entry)
        if entry.id == str(ref) or wanted in (text.en.lower(), text.id.lower()):
            return entry
    ids = [entry.id for entry in entries]
    match = suggest(str(ref), ids)
    raise ActivityAnswerError(t(error_key, given=str(ref), choices=", ".join(ids),
                                suggestion=t("answer_error.suggestion", match=match) if match else "", **values))


@dataclass(frozen=True)
class Option:
    id: str
    text: Text
    correct: bool
    feedback: Text | None = None
    misconception: str | None = None


@dataclass(frozen=True)
class Question:
    id: str
    prompt: Text
    options: tuple
    multiple: bool = False
    incomplete_misconception: str | None = None

    @property
    def correct_ids(self) -> frozenset:
        return frozenset(o.id for o in self.options if o.correct)

    def option(self, ref) -> Option:
        return _find(self.options, ref, lambda o: o.text, "widgets.error.unknown_option", question=self.id)


@dataclass(frozen=True)
class Category:
    id: str
    label: Text


@dataclass(frozen=True)
class Group:
    id: str
    label: Text
    categories: tuple

    def category(self, ref) -> Category:
        return _find(self.categories, ref, lambda c: c.label, "widgets.error.unknown_category")


@dataclass(frozen=True)
class Item:
    id: str
    text: Text
    category: Mapping
    hint: Text | None = None
    explanation: Text | None = None


@dataclass(frozen=True)
class Activity:
    """One activity as loaded from its YAML file."""

    id: str
    kind: str
    title: Text
    intro: Text | None = None
    questions: tuple = ()
    groups: tuple = ()
    items: tuple = ()
    scenario: str | None = None
    stage: str | None = None
    focus: str | None = None
    source: str = ""

    def question(self, ref) -> Question:
        for q in self.questions:
            if q.id == str(ref):
                return q
        ids = [q.id for q in self.questions]
        match = suggest(str(ref), ids)
        raise ActivityAnswerError(t("widgets.error.unknown_question", given=str(ref),
                                    suggestion=t("answer_error.suggestion", match=match) if match else "",
                                    choices=", ".join(ids)))

    def item(self, ref) -> Item:
        for i in self.items:
            if i.id == str(ref) or str(ref).strip().lower() in (i.text.en.lower(), i.text.id.lower()):
                return i
        ids = [i.id for i in self.items]
        match = suggest(str(ref), ids)
        raise ActivityAnswerError(t("widgets.error.unknown_item", given=str(ref),
                                    suggestion=t("answer_error.suggestion", match=match) if match else "",
                                    choices=", ".join(ids)))

    def __repr__(self) -> str:
        return f"<Activity {self.id} ({self.kind})>"


class ActivityAnswerError(ValueError):
    """An answer to an activity that cannot be read, explained for a learner."""


@dataclass(frozen=True)
class Result:
    """The outcome of a check: score (0 to 1), verdict per question or item, and the text shown."""

    activity: Activity
    score: float
    verdicts: Mapping
    lines: Mapping = field(default_factory=dict)
    misconceptions: tuple = ()
    answer: Mapping = field(default_factory=dict)
    answered: bool = True
    misconceptions_by_key: Mapping = field(default_factory=dict)
    """Misconceptions per question or item id (for the progress store)."""

    @property
    def correct(self) -> bool:
        return all(v == "correct" for v in self.verdicts.values())

    def __post_init__(self):
        # The text is fixed in the language of the check, like the lines above it.
        object.__setattr__(self, "_text", self._make_text())

    @property
    def text(self) -> str:
        """The whole result as plain text, in the language of the check."""
        return self._text

    def _make_text(self) -> str:
        head = [str(self.activity.title)]
        if not self.answered:
            return "\n".join(head + [t("widgets.activity.nothing_answered")])
        right = sum(v == "correct" for v in self.verdicts.values())
        head.append(t("widgets.activity.score", score=round(self.score * 100)))
        head.append(t("widgets.activity.summary", correct=right, total=len(self.verdicts)))
        if self.correct:
            head.append(t("widgets.activity.all_correct"))
        return "\n\n".join(["\n".join(head)] + ["\n".join(lines) for lines in self.lines.values()])

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"<Result {self.activity.id}: score {self.score:.2f}>"

    def _repr_html_(self) -> str:
        return result_html(self)

    def to_record(self) -> dict:
        """Plain data for the progress store (ids and statuses only, no free text)."""
        return {"kind": self.activity.kind, "item": self.activity.id, "stage": "",
                "answer": {k: list(v) if isinstance(v, (list, tuple, frozenset, set)) else v
                           for k, v in self.answer.items()},
                "verdicts": dict(self.verdicts),
                "misconceptions": {k: list(v) for k, v in self.misconceptions_by_key.items() if v},
                "score": round(self.score, 4), "language": get_language()}


_CSS = {"correct": "swedu-ok", "missing": "swedu-partial", "wrong": "swedu-wrong", "not_answered": "swedu-empty"}


def result_html(result: Result) -> str:
    """The result as escaped HTML (icons and words carry each verdict; colour only repeats it)."""
    e = html.escape
    parts = [f'<div class="swedu-feedback" lang="{get_language()}"><h4>{e(str(result.activity.title))}</h4>']
    if not result.answered:
        parts.append(f"<p>{e(t('widgets.activity.nothing_answered'))}</p></div>")
        return "".join(parts)
    right = sum(v == "correct" for v in result.verdicts.values())
    parts.append(f"<p><strong>{e(t('widgets.activity.score', score=round(result.score * 100)))}</strong> "
                 f"{e(t('widgets.activity.summary', correct=right, total=len(result.verdicts)))}</p>")
    if result.correct:
        parts.append(f"<p>{e(t('widgets.activity.all_correct'))}</p>")
    parts.append('<ul class="swedu-verdicts">')
    for key, lines in result.lines.items():
        status = result.verdicts[key]
        first, *rest = lines
        parts.append(f'<li class="{_CSS.get(status, "")}" data-item="{e(key)}" data-status="{e(status)}">'
                     f"<strong>{e(first)}</strong>")
        if rest:
            parts.append("<ul>" + "".join(f"<li>{e(x)}</li>" for x in rest) + "</ul>")
        parts.append("</li>")
    parts.append("</ul></div>")
    return "".join(parts)


# ----- loading and validation --------------------------------------------------------------------
def activity_ids() -> list[str]:
    """The ids of the built-in activities, sorted.

    >>> "purposes-of-social-work" in activity_ids()
    True
    """
    return sorted(p.stem for p in DATA_DIR.glob("*.yaml"))


_CACHE: dict = {}


def load_activity(id_or_path) -> Activity:
    """An activity by built-in id or by the path of a YAML file; raises :class:`ActivityError` for bad data."""
    if isinstance(id_or_path, Activity):
        return id_or_path
    text_ref = str(id_or_path)
    path = Path(text_ref)
    if not (text_ref.endswith((".yaml", ".yml")) or path.is_file()):
        path = DATA_DIR / f"{text_ref}.yaml"
        if not path.is_file():
            ids = activity_ids()
            match = suggest(text_ref, ids)
            raise ActivityAnswerError(t("widgets.error.unknown_activity", given=text_ref,
                                        suggestion=t("answer_error.suggestion", match=match) if match else "",
                                        choices=", ".join(ids)))
    key = (str(path.resolve()), path.stat().st_mtime_ns if path.exists() else 0)
    if key not in _CACHE:
        _CACHE[key] = parse_activity(_read(path), str(path))
    return _CACHE[key]


def _read(path: Path) -> object:
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ActivityError(str(path), [(path.name, t("scenario_error.cannot_read", reason=str(error)))]) from None
    try:
        return _plain(to_python(compose_checked(raw)).data)
    except YamlProblem as problem:
        raise ActivityError(str(path), [(f"line {problem.line}, column {problem.column}", problem.message)]) from None


def _plain(value):
    """Strip the loader's position wrappers, if any, down to dicts, lists and scalars."""
    data = getattr(value, "data", value)
    if isinstance(data, dict):
        return {str(_plain(k)): _plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_plain(v) for v in data]
    return data


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


# ----- checking ----------------------------------------------------------------------------------
def _icon_line(status: str, text: str) -> str:
    icon_status = {"correct": "correct", "missing": "missing", "wrong": "wrong"}.get(status, "not_answered")
    return t("widgets.activity.line", icon=t(f"verdict.{icon_status}.icon"), text=text,
             label=t(f"widgets.activity.verdict.{icon_status}"))


def normalise_choice(question: Question, chosen) -> tuple:
    """Option ids from an id, a text, or a list of them; raises :class:`ActivityAnswerError`."""
    if chosen is None:
        return ()
    values = [chosen] if isinstance(chosen, str) else list(chosen)
    ids = tuple(dict.fromkeys(question.option(v).id for v in values))
    if not question.multiple and len(ids) > 1:
        raise ActivityAnswerError(t("widgets.error.single_choice", question=question.id, count=len(ids)))
    return ids


def check_concept(activity: Activity, answer: Mapping) -> Result:
    """Check ``{question_id: option id or list of ids}``; every wrong option explains itself.

    A multiple-choice question is ``correct`` only with exactly the right options,
    ``missing`` when the chosen ones are right but one is missing (the missing
    ones are not named), else ``wrong``. Credit: right options found minus wrong
    options chosen, over the right options (at least 0).
    """
    answer = {activity.question(k).id: normalise_choice(activity.question(k), v) for k, v in dict(answer).items()}
    verdicts, lines, found, by_key = {}, {}, [], {}
    total = 0.0
    for q in activity.questions:
        chosen = answer.get(q.id, ())
        right = q.correct_ids
        block = []
        if not chosen:
            status, credit = "not_answered", 0.0
            block.append(t("widgets.activity.not_answered"))
        else:
            hits = len(set(chosen) & right)
            wrong = len(set(chosen) - right)
            credit = max(0.0, (hits - wrong) / len(right))
            if set(chosen) == right:
                status = "correct"
            elif not wrong and hits:
                status = "missing"
            else:
                status = "wrong"
            for option in q.options:
                if option.id in chosen and option.feedback is not None:
                    prefix = t("widgets.activity.right_explanation", explanation=str(option.feedback)) \
                        if option.correct else str(option.feedback)
                    block.append(prefix)
                if option.id in chosen and not option.correct and option.misconception:
                    by_key.setdefault(q.id, []).append(option.misconception)
            if status == "missing":
                block.append(t("widgets.activity.missing_option"))
                if q.incomplete_misconception:
                    by_key.setdefault(q.id, []).append(q.incomplete_misconception)
            for m in by_key.get(q.id, []):
                block.append(t("feedback.misconception", name=t(f"misconception.{m}.name"),
                               explanation=t(f"misconception.{m}.explanation")))
        verdicts[q.id] = status
        lines[q.id] = [_icon_line(status, str(q.prompt))] + block
        total += credit
        found += by_key.get(q.id, [])
    return Result(activity, total / max(len(activity.questions), 1), verdicts, lines,
                  tuple(dict.fromkeys(found)), answer, answered=any(answer.values()), misconceptions_by_key=by_key)


def normalise_sort(activity: Activity, answer: Mapping) -> dict:
    """``{item_id: {group_id: category_id}}`` from ``{item: category}`` or ``{item: {group: category}}``."""
    out = {}
    for key, value in dict(answer).items():
        item = activity.item(key)
        if value is None:
            continue
        if isinstance(value, Mapping):
            pairs = {}
            for group_ref, cat in value.items():
                group = next((g for g in activity.groups if g.id == str(group_ref)), None)
                if group is None:
                    raise ActivityAnswerError(t("widgets.error.unknown_category", given=str(group_ref), suggestion="",
                                                choices=", ".join(g.id for g in activity.groups)))
                if cat is not None:
                    pairs[group.id] = group.category(cat).id
        else:
            values = [value] if isinstance(value, str) else list(value)
            pairs = {}
            for v in values:
                group = next((g for g in activity.groups if any(
                    v in (c.id, c.label.en, c.label.id) for c in g.categories)), None)
                if group is None and len(activity.groups) == 1:
                    group = activity.groups[0]  # its category() explains the valid choices
                if group is None:
                    all_ids = [c.id for g in activity.groups for c in g.categories]
                    match = suggest(str(v), all_ids)
                    raise ActivityAnswerError(t("widgets.error.unknown_category", given=str(v),
                                                suggestion=t("answer_error.suggestion", match=match) if match else "",
                                                choices=", ".join(all_ids)))
                pairs[group.id] = group.category(v).id
        if pairs:
            out[item.id] = pairs
    return out


def check_sort(activity: Activity, answer: Mapping) -> Result:
    """Check ``{item: category}`` (or ``{item: {group: category}}``); misplaced items get their hint only."""
    answer = normalise_sort(activity, answer)
    verdicts, lines, total = {}, {}, 0.0
    for item in activity.items:
        given = answer.get(item.id, {})
        block = []
        if not given:
            status, credit = "not_answered", 0.0
            block.append(t("widgets.activity.not_answered"))
        else:
            hits = sum(given.get(g.id) == item.category[g.id] for g in activity.groups)
            credit = hits / len(activity.groups)
            status = "correct" if hits == len(activity.groups) else ("missing" if hits and all(
                given.get(g.id) in (None, item.category[g.id]) for g in activity.groups) else "wrong")
            if status == "correct" and item.explanation is not None:
                block.append(t("widgets.activity.right_explanation", explanation=str(item.explanation)))
            elif status != "correct" and item.hint is not None:
                block.append(str(item.hint))
        verdicts[item.id] = status
        lines[item.id] = [_icon_line(status, str(item.text))] + block
        total += credit
    return Result(activity, total / max(len(activity.items), 1), verdicts, lines, (), answer,
                  answered=bool(answer))


# ----- approaches --------------------------------------------------------------------------------
def approach_scope(scenario, approach: str, focus: str) -> dict:
    """What an approach addresses in a case: ``{"actors": set, "relations": set of (a, b)}``.

    The rule the course uses:

    * monolistic: only the person with the problem (``focus``), as a doctor treats only the patient;
    * dualistic: that person and their direct environment: their neighbours in the case's graph
      (:meth:`swedu.Scenario.graph`), and the edges to them;
    * holistic: the whole network: every actor and every relation, including the links to other
      professions and services.

    >>> import swedu
    >>> youth = swedu.load_scenario("delinquent-youth")
    >>> sorted(approach_scope(youth, "monolistic", "teen")["actors"])
    ['teen']
    >>> sorted(approach_scope(youth, "dualistic", "teen")["actors"])
    ['counsellor', 'gang', 'parents', 'teen', 'youth_group']
    """
    if approach not in APPROACHES:
        match = suggest(str(approach), APPROACHES)
        raise ActivityAnswerError(t("widgets.error.unknown_approach", given=str(approach),
                                    suggestion=t("answer_error.suggestion", match=match) if match else "",
                                    choices=", ".join(APPROACHES)))
    focus = scenario.actor(focus).id
    graph = scenario.graph()  # the scope is read off the case's person-in-environment graph

    def pair(a, b, data):  # in the direction of the case file
        return (a, b) if data.get("source", a) == a else (b, a)

    if approach == "monolistic":
        return {"actors": {focus}, "relations": set()}
    if approach == "dualistic":
        links = {pair(focus, other, data) for other, data in graph.adj[focus].items()}
        return {"actors": {focus} | set(graph.adj[focus]), "relations": links}
    return {"actors": set(graph.nodes), "relations": {pair(a, b, data) for a, b, data in graph.edges(data=True)}}


def check_approach(activity: Activity, chosen) -> Result:
    """Check which approaches the learner says fit social work in the explorer's case."""
    question = activity.questions[0]
    return check_concept(activity, {question.id: chosen})
