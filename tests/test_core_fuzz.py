"""Property-based tests: a mutated scenario file gives a Scenario or a ScenarioError, never another exception.

The seed files are changed the way a hurried lecturer (or a hostile file) might: a key deleted, a value
replaced by another scalar, list or block, ids swapped or duplicated, the text cut short, random
characters or bytes inserted. The examples are derandomised so CI stays stable; raise
SWEDU_FUZZ_EXAMPLES to explore more locally.
"""
from __future__ import annotations

import copy
import os
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from swedu import ScenarioError
from swedu.model import Scenario
from swedu.scenarios import BUILTIN_DIR, read_scenario_file
from swedu.systems import REASONS, SYSTEM_IDS

SEEDS = [BUILTIN_DIR / "delinquent-youth.yaml", BUILTIN_DIR / "small-business.yaml"]
TEXTS = [p.read_text(encoding="utf-8") for p in SEEDS]
DATA = [yaml.safe_load(text) for text in TEXTS]
IDS = sorted({a["id"] for d in DATA for a in d["actors"]} | {s["id"] for d in DATA for s in d["stages"]})

FUZZ = settings(max_examples=int(os.environ.get("SWEDU_FUZZ_EXAMPLES", "150")), deadline=None,
                derandomize="SWEDU_FUZZ_EXAMPLES" not in os.environ, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

_FOLDER = Path(tempfile.mkdtemp(prefix="swedu-fuzz-"))

# Values a mutation may put anywhere: the file's own words (so that deeper checks are reached) and
# arbitrary scalars, lists and blocks.
words = st.sampled_from(IDS + list(SYSTEM_IDS) + list(REASONS) + ["en", "id", "none", "", "micro", "strong"])
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-10**30, max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30), words,
)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.one_of(words, st.text(max_size=8)), inner, max_size=4)),
    max_leaves=8)


def check(content: str | bytes) -> None:
    """Load ``content`` as a scenario file; anything but a Scenario or a ScenarioError fails the test."""
    path = _FOLDER / "case.yaml"
    if isinstance(content, str):
        content = content.encode("utf-8", "surrogatepass")
    path.write_bytes(content)
    try:
        result = read_scenario_file(path)
    except ScenarioError as error:
        assert error.problems and str(error)
        for problem in error.problems:
            assert isinstance(problem.line, int) and isinstance(problem.column, int) and problem.message
    else:
        assert isinstance(result, Scenario)
        result.graph(result.stages[-1])


def paths(node, prefix=()):
    """Every path (keys and list positions) in a plain-data tree."""
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from paths(value, prefix + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from paths(value, prefix + (i,))


def get(node, path):
    for part in path:
        node = node[part]
    return node


@st.composite
def mutated_data(draw):
    data = copy.deepcopy(draw(st.sampled_from(DATA)))
    for _ in range(draw(st.integers(1, 3))):
        all_paths = [p for p in paths(data) if p]
        if not all_paths:
            break
        path = draw(st.sampled_from(all_paths))
        parent, last = get(data, path[:-1]), path[-1]
        action = draw(st.sampled_from(["delete", "replace", "replace", "rename", "swap_id", "duplicate"]))
        if action == "delete":
            del parent[last]
        elif action == "replace":
            parent[last] = draw(values)
        elif action == "rename" and isinstance(parent, dict):
            parent[draw(st.one_of(words, st.text(min_size=1, max_size=10)))] = parent.pop(last)
        elif action == "swap_id":
            id_paths = [p for p in all_paths if p[-1] == "id" and isinstance(get(data, p), str)]
            if len(id_paths) >= 2:
                a, b = draw(st.sampled_from(id_paths)), draw(st.sampled_from(id_paths))
                pa, pb = get(data, a[:-1]), get(data, b[:-1])
                pa["id"], pb["id"] = pb["id"], pa["id"]
        elif action == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[last]))
    return data


@FUZZ
@given(mutated_data())
def test_mutated_structure(data):
    check(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


@FUZZ
@given(st.sampled_from(TEXTS), st.data())
def test_truncated_text(text, data):
    check(text[:data.draw(st.integers(0, len(text)))])


@FUZZ
@given(st.sampled_from(TEXTS), st.data())
def test_inserted_characters(text, data):
    where = data.draw(st.integers(0, len(text)))
    noise = data.draw(st.one_of(
        st.text(max_size=20),
        st.text(alphabet=":-[]{}&*!|>'\"#%@`,?\t\n ", max_size=10),
        st.sampled_from(["\x00", "\ufeff", "&a ", "*a ", "!!python/object:os.system ", "<<: ", "---\n", "...\n"]),
    ))
    check(text[:where] + noise + text[where:])


@FUZZ
@given(st.sampled_from(TEXTS), st.data())
def test_inserted_bytes(text, data):
    raw = text.encode("utf-8")
    where = data.draw(st.integers(0, len(raw)))
    check(raw[:where] + data.draw(st.binary(min_size=1, max_size=16)) + raw[where:])


@FUZZ
@given(st.sampled_from(TEXTS), st.data())
def test_swapped_lines(text, data):
    lines = text.splitlines(keepends=True)
    i, j = data.draw(st.integers(0, len(lines) - 1)), data.draw(st.integers(0, len(lines) - 1))
    lines[i], lines[j] = lines[j], lines[i]
    check("".join(lines))


def test_unchanged_seeds_load():
    for text in TEXTS:
        check(text)
