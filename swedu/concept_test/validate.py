"""Checking a concept test file and a learning outcomes file, as scenario and activity files are checked.

The same schema checker (:class:`swedu._schema.Checker`) collects every problem with its line and
column, in the learner's language, with the valid choices; nothing is half-loaded: the data becomes a
complete :class:`~swedu.concept_test.model.ConceptTest` or raises :class:`ConceptTestError`.

>>> try:
...     parse_concept_test({"id": "x", "title": {"en": "T", "id": "T"}, "items": []})
... except ConceptTestError as error:
...     print(error)
1 problem(s) in the concept test <data>:
  <data>: items needs at least 1 entries (it has 0).
"""
from __future__ import annotations

import re

from swedu._schema import Checker, SchemaError, expected, type_name
from swedu.concept_test.model import ConceptTest, LearningOutcome, TestItem
from swedu.i18n import t
from swedu.model import Option, Text
from swedu.systems import MISCONCEPTIONS

NO_MISCONCEPTION = "none"
"""What a distractor's ``misconception`` says when it shows none of the catalogued misconceptions."""
TEST_FIELDS = {"id": True, "title": True, "intro": False, "items": True}
ITEM_FIELDS = {"id": True, "outcome": True, "vignette": True, "question": True, "explanation": False,
               "options": True}
OPTION_FIELDS = {"id": True, "text": True, "correct": False, "misconception": False}
OUTCOMES_FIELDS = {"outcomes": True}
OUTCOME_FIELDS = {"code": False, "text": False}
CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-]{0,23}\Z")
"""A learning outcome's code as a report prints it (CPMK-2, LO3, SubCPMK-2.1)."""
MIN_OPTIONS, MAX_OPTIONS = 3, 6


class ConceptTestError(SchemaError):
    """A problem in a concept test file or a learning outcomes file (``problems``: line, column, message)."""

    def header(self) -> str:
        return t("concept_test.error.header", count=len(self.problems), file=self.file)


class _TestFileChecker(Checker):
    missing_translation_key = "concept_test.error.missing_translation"
    def at_least(self, raw, path: tuple, least: int) -> list:
        entries = self.listing(raw, path)
        if isinstance(raw, list) and len(entries) < least:
            self.add(path, t("concept_test.error.too_few", field=self.label(path), least=least, count=len(entries)))
        return entries

    def unique(self, value, path: tuple, seen: dict):
        ident = self.ident(value, path)
        if ident is not None and ident in seen:
            self.add(path, t("concept_test.error.duplicate_id", given=ident, first=seen[ident]))
            return None
        if ident is not None:
            seen[ident] = self.where(path)[0]
        return ident


def parse_concept_test(data, file: str = "<data>", positions: dict | None = None,
                       outcome_ids=None) -> ConceptTest:
    """The :class:`ConceptTest` in ``data`` (plain YAML data), or :class:`ConceptTestError` with every problem.

    ``outcome_ids`` are the learning outcomes an item may name (the loader gives the course's; ``None``
    accepts any id).
    """
    c = _TestFileChecker(positions)
    if c.fields(data, (), TEST_FIELDS) is None:
        raise ConceptTestError(file, c.sorted_problems())
    test_id = c.ident(data.get("id"), ("id",)) if data.get("id") is not None else None
    title = c.text(data.get("title"), ("title",))
    intro = c.text(data.get("intro"), ("intro",))
    items, seen = [], {}
    for n, raw in enumerate(c.at_least(data.get("items"), ("items",), 1)):
        item = _item(c, raw, ("items", n), seen, None if outcome_ids is None else tuple(outcome_ids))
        if item is not None:
            items.append(item)
    if c.problems:
        raise ConceptTestError(file, c.sorted_problems())
    return ConceptTest(test_id, title, intro, tuple(items), file)


def _item(c: _TestFileChecker, raw, path: tuple, seen: dict, outcome_ids: tuple) -> TestItem | None:
    if c.fields(raw, path, ITEM_FIELDS) is None:
        return None
    item_id = c.unique(raw.get("id"), path + ("id",), seen) if raw.get("id") is not None else None
    outcome = c.choice(raw.get("outcome"), path + ("outcome",), outcome_ids) if outcome_ids is not None \
        else c.ident(raw.get("outcome"), path + ("outcome",)) if raw.get("outcome") is not None else None
    vignette = c.text(raw.get("vignette"), path + ("vignette",))
    question = c.text(raw.get("question"), path + ("question",))
    explanation = c.text(raw.get("explanation"), path + ("explanation",))
    options, option_seen, keys, read = [], {}, 0, True
    entries = c.at_least(raw.get("options"), path + ("options",), MIN_OPTIONS)
    if len(entries) > MAX_OPTIONS:
        c.add(path + ("options",), t("concept_test.error.too_many", field=c.label(path + ("options",)),
                                     most=MAX_OPTIONS, count=len(entries)))
    for m, o in enumerate(entries):
        where = path + ("options", m)
        if c.fields(o, where, OPTION_FIELDS) is None:
            read = False
            continue
        option_id = c.unique(o.get("id"), where + ("id",), option_seen) if o.get("id") is not None else None
        correct = c.yes_no(o.get("correct"), where + ("correct",))
        keys += o.get("correct") is True
        misconception = o.get("misconception")
        if not isinstance(o.get("correct", False), bool):
            read = False  # its problem is reported: neither the key count nor the tag is judged on a guess
        elif correct and misconception is not None:
            c.add(where + ("misconception",), t("concept_test.error.key_with_misconception", field=c.label(where)))
        elif not correct:
            if misconception is None:
                c.add(where, t("concept_test.error.distractor_untagged", field=c.label(where),
                               choices=", ".join((NO_MISCONCEPTION,) + MISCONCEPTIONS)))
            else:
                misconception = c.choice(misconception, where + ("misconception",),
                                         (NO_MISCONCEPTION,) + MISCONCEPTIONS)
        text = c.text(o.get("text"), where + ("text",))
        if option_id and text:
            tag = None if misconception in (None, NO_MISCONCEPTION) or correct else misconception
            options.append(Option(option_id, text, correct, misconception=tag))
    if read and isinstance(raw.get("options"), list) and keys != 1:
        c.add(path + ("options",), t("concept_test.error.one_key", item=item_id or c.label(path), count=keys))
    if c.problems or not (item_id and outcome and vignette and question):
        return None
    return TestItem(item_id, outcome, vignette, question, tuple(options), explanation)


def parse_outcomes(data, file: str = "<data>", positions: dict | None = None, base: dict | None = None) -> dict:
    """The learning outcomes ``{id: LearningOutcome}`` of an outcomes file.

    Without ``base`` (the course's own file) every outcome gives its code and its text in both
    languages. With ``base`` (a lecturer's file over the course's outcomes) an outcome is one of
    ``base``'s ids and gives only what changes: its code, its text, or both.
    """
    c = _TestFileChecker(positions)
    if c.fields(data, (), OUTCOMES_FIELDS) is None:
        raise ConceptTestError(file, c.sorted_problems())
    raw = data.get("outcomes")
    out = dict(base or {})
    if not isinstance(raw, dict) or not raw:
        c.add(("outcomes",), t("scenario_error.wrong_type", field="outcomes", expected=expected("block"),
                               found=type_name(raw)))
        raise ConceptTestError(file, c.sorted_problems())
    place = t("scenario_error.where", place="outcomes")
    for ident, entry in raw.items():
        path = ("outcomes", ident)
        if base is not None and ident not in base:
            c.add(("outcomes",), t("scenario_error.unknown_field", field=ident, where=place,
                                   suggestion=c.suggestion(ident, tuple(base)), choices=", ".join(base)), key=ident)
            continue
        if base is None and c.ident(ident, path) is None:
            continue
        if c.fields(entry, path, OUTCOME_FIELDS) is None:
            continue
        code = entry.get("code")
        if code is not None and (not isinstance(code, (str, int)) or isinstance(code, bool)
                                 or not CODE.match(str(code))):
            c.add(path + ("code",), t("concept_test.error.bad_code", field=c.label(path + ("code",)),
                                      given=str(code)[:40]))
            code = None
        text = c.text(entry.get("text"), path + ("text",))
        if base is None and (entry.get("code") is None or entry.get("text") is None):
            c.add(path, t("concept_test.error.outcome_incomplete", field=c.label(path)))
            continue
        old = out.get(ident)
        if code is not None or text is not None:
            out[ident] = LearningOutcome(ident, str(code) if code is not None else old.code,
                                         text if text is not None else old.text)
    if c.problems:
        raise ConceptTestError(file, c.sorted_problems())
    return out


__all__ = ["NO_MISCONCEPTION", "ConceptTestError", "parse_concept_test", "parse_outcomes"]
