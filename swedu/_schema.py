"""The schema checker shared by the validators of files people write (scenarios, activities).

A validator walks the plain data that :func:`swedu._yaml.to_python` built, with the position of
every value, and collects every problem (not only the first) as a :class:`Problem`: line, column
and a message in the learner's language that names the valid choices. Nothing is half-loaded:
a file becomes a complete value or its validator raises a :class:`SchemaError` (``ScenarioError``,
``ActivityError``) listing the problems.

>>> c = Checker({("kind",): (3, 7)})
>>> c.choice("quizz", ("kind",), ("quiz", "sorter"))
>>> [(p.line, p.column, p.message) for p in c.problems]  # doctest: +NORMALIZE_WHITESPACE
[(3, 7, "kind is 'quizz', which is not allowed. Did you mean 'quiz'? Choose from: quiz, sorter.")]
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from swedu._yaml import MAX_BYTES, Located, YamlProblem, compose_checked, to_python
from swedu.i18n import LANGUAGES, t
from swedu.model import Text
from swedu.systems import suggest

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_\-]{0,59}\Z")
"""An id: small letters, digits, '-' and '_', starting with a letter (matched in full: no trailing newline)."""
MAX_TEXT = 4000
"""The longest learner text (characters) a file may give."""


@dataclass(frozen=True)
class Problem:
    """One problem in a file: where it is (1-based line and column; 0 when unknown) and what is wrong."""

    line: int
    column: int
    message: str


class SchemaError(ValueError):
    """A file that cannot be used, with every problem found in it.

    ``problems`` lists :class:`Problem` values; ``str(error)`` is a message ready to show: a header
    (:meth:`header`, which a kind of file may word its own way), then one line per problem with file,
    line and column.
    """

    def __init__(self, file: str, problems: list):
        self.file = str(file)
        self.problems = list(problems)
        super().__init__(self._text())

    def __reduce__(self):
        return (self.__class__, (self.file, self.problems))

    def header(self) -> str:
        """The first line: how many problems, in which file."""
        return t("scenario_error.header", count=len(self.problems), file=self.file)

    def _text(self) -> str:
        lines = [self.header()]
        for p in self.problems:
            if p.line:
                lines.append(t("scenario_error.item", file=self.file, line=p.line, column=p.column,
                               message=p.message))
            else:
                lines.append(t("scenario_error.item_no_position", file=self.file, message=p.message))
        return "\n".join(lines)


def read_located(path: str | os.PathLike, error: type = SchemaError) -> Located:
    """Read a YAML file people write, safely, with positions; raises ``error`` (a :class:`SchemaError`).

    Never opens a named pipe or a device, never reads more than ``_yaml.MAX_BYTES`` into memory,
    accepts UTF-8 with or without a byte-order mark, and refuses what ``_yaml`` refuses (aliases,
    tags, duplicate keys, deep nesting) at its line and column.
    """
    path = Path(path)
    name = str(path)
    try:
        if path.exists() and not path.is_file():  # a named pipe would make open() wait for ever
            reason = t("scenario_error.not_a_file")
            raise error(name, [Problem(0, 0, t("scenario_error.cannot_read", reason=reason))])
        with open(path, "rb") as file:
            raw = file.read(MAX_BYTES + 1)  # never more than the limit into memory, however big the file
    except OSError as err:
        raise error(name, [Problem(0, 0, t("scenario_error.cannot_read", reason=err.strerror or err))]) from None
    if len(raw) > MAX_BYTES:
        too_large = YamlProblem("too_large", values={"limit": MAX_BYTES // 1024})
        raise error(name, [Problem(0, 0, too_large.message)])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise error(name, [Problem(0, 0, t("scenario_error.not_utf8"))]) from None
    try:
        return to_python(compose_checked(text))
    except YamlProblem as problem:
        raise error(name, [Problem(problem.line, problem.column, problem.message)]) from None


def type_name(value: object) -> str:
    """How a value of the wrong kind is described to a lecturer, in the current language."""
    if value is None:
        return t("scenario_error.type.empty")
    if isinstance(value, bool):
        return t("scenario_error.type.yes_no", value=repr(value))
    if isinstance(value, dict):
        return t("scenario_error.type.block")
    if isinstance(value, list):
        return t("scenario_error.type.list")
    if isinstance(value, (int, float)):
        return t("scenario_error.type.number", value=repr(value)[:40])
    return t("scenario_error.type.text", value=repr(str(value)[:40]))


def expected(name: str) -> str:
    """What a field should be, in words (``scenario_error.expected.<name>`` in the catalogs)."""
    return t(f"scenario_error.expected.{name}")


class Checker:
    """Walks the plain data of one file and collects problems with their positions.

    ``positions`` comes from :func:`swedu._yaml.to_python` (``{}`` for data without a file: every
    problem then has line 0). A path such as ``("questions", 0, "options")`` names a value; its
    label for people is ``questions[1].options``.
    """

    missing_translation_key = "scenario_error.missing_translation"
    """The message for a text without one of its languages (a validator may explain it its own way)."""

    def __init__(self, positions: dict | None = None):
        self.positions = positions or {}
        self.problems: list[Problem] = []
        self.languages: tuple = LANGUAGES
        """The languages every text must give."""

    # -- positions and reporting ---------------------------------------------------------------
    def where(self, path: tuple) -> tuple:
        while path and path not in self.positions:
            path = path[:-1]
        return self.positions.get(path, (0, 0))

    def key_where(self, path: tuple, key: str) -> tuple:
        return self.positions.get(path + ("<key>", key)) or self.where(path)

    def add(self, path: tuple, message: str, key: str | None = None) -> None:
        line, col = self.key_where(path, key) if key is not None else self.where(path)
        self.problems.append(Problem(line, col, message))

    def sorted_problems(self) -> list[Problem]:
        """The problems in the order of the file (stable for problems at the same place)."""
        return sorted(self.problems, key=lambda p: (p.line, p.column))

    @staticmethod
    def label(path: tuple) -> str:
        parts = []
        for p in path:
            parts.append(f"[{p + 1}]" if isinstance(p, int) else (("." if parts else "") + str(p)))
        return "".join(parts) or t("scenario_error.the_file")

    @staticmethod
    def suggestion(given, choices) -> str:
        match = suggest(str(given), choices)
        return t("answer_error.suggestion", match=match) if match else ""

    # -- shapes ---------------------------------------------------------------------------------
    def fields(self, data, path: tuple, spec: dict) -> dict | None:
        """Check a block of fields: a mapping with the required keys and no unknown ones."""
        if not isinstance(data, dict):
            self.add(path, t("scenario_error.wrong_type", field=self.label(path),
                             expected=expected("block"), found=type_name(data)))
            return None
        place = t("scenario_error.where", place=self.label(path)) if path else ""
        for key in data:
            if key not in spec:
                self.add(path, t("scenario_error.unknown_field", field=key, where=place,
                                 suggestion=self.suggestion(key, spec), choices=", ".join(spec)), key=key)
        for key, required in spec.items():
            if required and data.get(key) is None:
                if key in data:
                    self.add(path + (key,), t("scenario_error.wrong_type", field=self.label(path + (key,)),
                                              expected=expected("filled"), found=type_name(None)))
                else:
                    self.add(path, t("scenario_error.missing_field", field=key, where=place))
        return data

    def clean(self, value: str) -> str:
        """A text as the learner sees it: one paragraph joins its lines, several keep their breaks."""
        return " ".join(value.split()) if "\n\n" not in value else value.strip()

    def text(self, data, path: tuple) -> Text | None:
        if data is None:
            return None
        if not isinstance(data, dict):
            self.add(path, t("scenario_error.text_not_mapping", field=self.label(path)))
            return None
        ok = True
        for key in data:
            if key not in LANGUAGES:
                # Beside en:/id:, an unknown key is nearly always the rest of a text cut at a comma
                # in the short form {en: Mrs Ani, the neighbour, id: ...}.
                hint = t("scenario_error.comma_hint") if set(data) & set(LANGUAGES) else ""
                self.add(path, t("scenario_error.unknown_field", field=key,
                                 where=t("scenario_error.where", place=self.label(path)),
                                 suggestion=self.suggestion(key, LANGUAGES), choices="en, id") + hint, key=key)
                ok = False
        values = {}
        for lang in LANGUAGES:
            value = data.get(lang)
            if lang not in data and lang not in self.languages:
                continue
            if lang not in data:
                self.add(path, t(self.missing_translation_key, field=self.label(path), lang=lang))
                ok = False
            elif not isinstance(value, (str, int, float)) or isinstance(value, bool):
                self.add(path + (lang,), t("scenario_error.wrong_type", field=self.label(path + (lang,)),
                                           expected=expected("text"), found=type_name(value)))
                ok = False
            elif not str(value).strip():
                self.add(path + (lang,), t("scenario_error.empty_text", field=self.label(path), lang=lang))
                ok = False
            elif len(str(value)) > MAX_TEXT:
                self.add(path + (lang,), t("scenario_error.too_long", field=self.label(path + (lang,)),
                                           limit=MAX_TEXT))
                ok = False
            else:
                values[lang] = self.clean(str(value))
        if ok and values:
            written = next(values[lang] for lang in LANGUAGES if lang in values)
            values = {lang: values.get(lang, written) for lang in LANGUAGES}
        return Text(**values) if ok else None

    def ident(self, data, path: tuple) -> str | None:
        if not isinstance(data, str) or not ID_PATTERN.fullmatch(data):
            self.add(path, t("scenario_error.bad_id", field=self.label(path),
                             given=data if isinstance(data, str) else type_name(data)))
            return None
        return data

    def choice(self, data, path: tuple, choices, default=None):
        if data is None:
            return default
        if not isinstance(data, str) or data not in choices:
            self.add(path, t("scenario_error.bad_choice", field=self.label(path), given=str(data),
                             suggestion=self.suggestion(data, choices), choices=", ".join(choices)))
            return None
        return data

    def yes_no(self, data, path: tuple, default: bool = False) -> bool:
        """A true/false field (``default`` when absent)."""
        if data is None:
            return default
        if not isinstance(data, bool):
            self.add(path, t("scenario_error.wrong_type", field=self.label(path), expected=expected("yes_no"),
                             found=type_name(data)))
            return default
        return data

    def listing(self, data, path: tuple) -> list:
        if data is None:
            return []
        if not isinstance(data, list):
            self.add(path, t("scenario_error.wrong_type", field=self.label(path), expected=expected("list"),
                             found=type_name(data)))
            return []
        return data


__all__ = ["Checker", "ID_PATTERN", "MAX_TEXT", "Problem", "SchemaError", "expected", "read_located", "type_name"]
