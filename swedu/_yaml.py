"""Safe YAML reading shared by the catalogs and the scenario loader.

Only plain YAML is accepted: no anchors or aliases (so no "billion laughs"
alias bombs), no custom tags, no duplicate keys, bounded size and depth.
"""
from __future__ import annotations

from dataclasses import dataclass

from swedu.i18n import t

MAX_BYTES = 512 * 1024
MAX_DEPTH = 32
MAX_NODES = 50_000


class YamlProblem(Exception):
    """A problem reading YAML text, with a 1-based line and column (0 when unknown).

    ``key`` names a message in the ``scenario_error.yaml`` part of the catalogs and
    ``values`` fills its placeholders; :attr:`message` is the text in the current language.

    >>> YamlProblem("too_deep", 3, 5, {"limit": 32}).message
    'the file is nested more than 32 levels deep'
    """

    def __init__(self, key: str, line: int = 0, column: int = 0, values: dict | None = None):
        super().__init__(key, line, column)
        self.key = key
        self.line = line
        self.column = column
        self.values = dict(values or {})

    @property
    def message(self) -> str:
        """The problem in words, in the current language."""
        return t(f"scenario_error.yaml.{self.key}", **self.values)

    def plain(self) -> str:
        """The problem without the catalogs (used while the catalogs themselves are being read)."""
        details = ", ".join(f"{k}={v!r}" for k, v in self.values.items())
        return f"{self.key}" + (f" ({details})" if details else "")

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column}: {self.plain()}"


def _loader_class():
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def compose_checked(text: str):
    """Parse ``text`` into a YAML node tree, refusing anything unsafe or oversized.

    Raises :class:`YamlProblem` with the position of the first problem.
    """
    import yaml

    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise YamlProblem("too_large", values={"limit": MAX_BYTES // 1024})
    if "\x00" in text:
        raise YamlProblem("nul_byte", *_line_column(text, text.index("\x00")))
    loader = _loader_class()(text)
    try:
        depth = 0
        count = 0
        # Walk the events first: aliases, anchors and tags are refused before any node is built.
        while loader.check_event():
            event = loader.get_event()
            mark = getattr(event, "start_mark", None)
            line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise YamlProblem("alias", line, col)
            tag = getattr(event, "tag", None)
            if tag is not None and tag != "!":
                raise YamlProblem("tag", line, col, {"tag": tag})
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise YamlProblem("too_deep", line, col, {"limit": MAX_DEPTH})
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            count += 1
            if count > MAX_NODES:
                raise YamlProblem("too_many_entries", line, col, {"limit": MAX_NODES})
    except yaml.YAMLError as err:
        raise _invalid(err, text) from None
    finally:
        loader.dispose()
    loader = _loader_class()(text)
    try:
        return loader.get_single_node()
    except yaml.YAMLError as err:  # e.g. two documents separated by ---
        raise _invalid(err, text) from None
    finally:
        loader.dispose()


# PyYAML explains in English; these words pick a hint from the catalogs for the usual mistakes.
_HINTS = (
    ("tab character", "tab"),
    ("characters are not allowed", "control"),
    ("mapping values are not allowed", "colon"),
    ("expected ',' or ']'", "bracket"),
    ("expected ',' or '}'", "bracket"),
    ("quoted scalar", "quote"),
    ("single document", "documents"),
    ("cannot start any token", "reserved"),
    ("expected key", "indent"),
    ("expected ':'", "indent"),
    ("expected <block end>", "indent"),
    ("expected '-' indicator", "indent"),
)


def _line_column(text: str, at: int) -> tuple:
    """The 1-based line and column of the character at index ``at`` of ``text``."""
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1


def _refused_character_at(err, text: str) -> int | None:
    """Where in ``text`` the character of a ReaderError (which has no mark) stands, if it can be found.

    LibYAML counts the position in UTF-8 bytes, PyYAML's own reader in characters: the one that
    points at the refused character is right.
    """
    position, character = getattr(err, "position", None), getattr(err, "character", None)
    if not isinstance(position, int) or not isinstance(character, int) or position < 0:
        return None
    from_bytes = len(text.encode("utf-8", "surrogatepass")[:position].decode("utf-8", "ignore"))
    for at in (from_bytes, position):
        if at < len(text) and ord(text[at]) == character:
            return at
    return None


def _invalid(err, text: str = "") -> YamlProblem:
    """A :class:`YamlProblem` for a PyYAML error, at its position when PyYAML knows it.

    >>> import yaml
    >>> try:
    ...     yaml.safe_load("title: {en: Hello")
    ... except yaml.YAMLError as err:
    ...     print(_invalid(err).message)  # doctest: +ELLIPSIS
    this is not valid YAML: a list [ ] or a block { } is not closed; check the indentation, colons and quotes ...
    """
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    if "quoted scalar" in str(getattr(err, "context", "") or "") and getattr(err, "context_mark", None):
        mark = err.context_mark  # an unclosed quote: point at the opening quote, not the end of the file
    line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    at = _refused_character_at(err, text) if not mark else None
    if at is not None:
        line, col = _line_column(text, at)
    detail = " ".join(str(part) for part in (getattr(err, "context", None), getattr(err, "problem", None)) if part)
    detail = detail or str(err).splitlines()[0]
    hint = next((name for words, name in _HINTS if words in detail), "general")
    lines = text.splitlines()
    if mark and 0 < line <= len(lines) and "\t" in lines[line - 1][:col]:
        hint = "tab"  # PyYAML often says only "cannot start any token" for a tab

    return YamlProblem("invalid", line, col, {"detail": detail, "hint": t(f"scenario_error.yaml.hint.{hint}")})


@dataclass
class Located:
    """Plain data built from a node tree, with the position of every value.

    ``positions`` maps a path such as ``("stages", 0, "roles", "parents")`` to
    ``(line, column)``; a key's own position is stored under the path plus ``"<key>"``.
    """

    data: object
    positions: dict


def to_python(node) -> Located:
    """Turn a checked node tree into dicts, lists and scalars, recording positions."""
    import yaml

    constructor = yaml.constructor.SafeConstructor()
    positions: dict = {}

    def build(n, path):
        positions[path] = (n.start_mark.line + 1, n.start_mark.column + 1)
        if isinstance(n, yaml.MappingNode):
            out = {}
            for key_node, value_node in n.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise YamlProblem("key_not_plain", key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                key = scalar(key_node)
                key = key if isinstance(key, str) else str(key)
                if key in out:
                    raise YamlProblem("duplicate_key", key_node.start_mark.line + 1, key_node.start_mark.column + 1,
                                      {"name": key})
                positions[path + ("<key>", key)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                out[key] = build(value_node, path + (key,))
            return out
        if isinstance(n, yaml.SequenceNode):
            return [build(item, path + (i,)) for i, item in enumerate(n.value)]
        return scalar(n)

    def scalar(n):
        line, column = n.start_mark.line + 1, n.start_mark.column + 1
        if str(n.tag).endswith(":merge"):
            raise YamlProblem("merge_key", line, column)
        try:
            return constructor.construct_object(n)
        except Exception as err:  # noqa: BLE001 - e.g. an integer with thousands of digits
            detail = getattr(err, "problem", None) or str(err)
            raise YamlProblem("bad_value", line, column, {"detail": str(detail)[:120]}) from None

    if node is None:
        return Located(None, {})
    return Located(build(node, ()), positions)
