"""Safe YAML reading shared by the catalogs and the scenario loader.

Only plain YAML is accepted: no anchors or aliases (so no "billion laughs"
alias bombs), no custom tags, no duplicate keys, bounded size and depth.
"""
from __future__ import annotations

from dataclasses import dataclass

MAX_BYTES = 512 * 1024
MAX_DEPTH = 32
MAX_NODES = 50_000


@dataclass(frozen=True)
class YamlProblem(Exception):
    """A problem reading YAML text, with a 1-based line and column (0 when unknown)."""

    message: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:  # pragma: no cover - shown through ScenarioError
        return f"line {self.line}, column {self.column}: {self.message}"


def _loader_class():
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def compose_checked(text: str):
    """Parse ``text`` into a YAML node tree, refusing anything unsafe or oversized.

    Raises :class:`YamlProblem` with the position of the first problem.
    """
    import yaml

    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise YamlProblem(f"the file is larger than {MAX_BYTES // 1024} KiB; a scenario file is much smaller")
    if "\x00" in text:
        raise YamlProblem("the file contains binary data (a NUL byte); save it as plain UTF-8 text")
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
                raise YamlProblem(
                    "anchors and aliases (& and *) are not allowed in scenario files; write the text out in full",
                    line, col,
                )
            tag = getattr(event, "tag", None)
            if tag is not None and tag != "!":
                raise YamlProblem(f"YAML tags such as {tag!r} are not allowed in scenario files", line, col)
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise YamlProblem(f"the file is nested more than {MAX_DEPTH} levels deep", line, col)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            count += 1
            if count > MAX_NODES:
                raise YamlProblem("the file has too many entries to be a scenario", line, col)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        raise YamlProblem(f"this is not valid YAML: {err.problem or err.context}", line, col) from None
    except yaml.YAMLError as err:
        raise YamlProblem(f"this is not valid YAML: {err}") from None
    finally:
        loader.dispose()
    loader = _loader_class()(text)
    try:
        return loader.get_single_node()
    except yaml.YAMLError as err:  # pragma: no cover - the event walk catches these first
        raise YamlProblem(f"this is not valid YAML: {err}") from None
    finally:
        loader.dispose()


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
                    raise YamlProblem("a key must be a plain word", key_node.start_mark.line + 1,
                                      key_node.start_mark.column + 1)
                key = constructor.construct_object(key_node)
                if not isinstance(key, (str, int, bool)) or key is None:
                    key = str(key)
                key = str(key) if not isinstance(key, str) else key
                if key in out:
                    raise YamlProblem(f"the key {key!r} appears twice in the same block",
                                      key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                positions[path + ("<key>", key)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                out[key] = build(value_node, path + (key,))
            return out
        if isinstance(n, yaml.SequenceNode):
            return [build(item, path + (i,)) for i, item in enumerate(n.value)]
        try:
            return constructor.construct_object(n)
        except yaml.YAMLError as err:
            raise YamlProblem(f"this value cannot be read: {err}", n.start_mark.line + 1,
                              n.start_mark.column + 1) from None

    if node is None:
        return Located(None, {})
    return Located(build(node, ()), positions)


def safe_load_text(text: str, name: str = "<text>") -> object:
    """Load trusted-shape YAML text (catalogs) with the same safety rules, without positions."""
    try:
        return to_python(compose_checked(text)).data
    except YamlProblem as problem:
        raise ValueError(f"{name}, line {problem.line}, column {problem.column}: {problem.message}") from None
