"""Property-based tests: a mutated activity file gives an Activity or an ActivityError, never another exception.

The built-in activity files are changed the way a hurried lecturer (or a hostile file) might: a key
deleted or renamed, a value replaced by another scalar, list or block, an entry duplicated, random
characters inserted. Every problem keeps a line and a column. The examples are derandomised so CI
stays stable; raise SWEDU_FUZZ_EXAMPLES to explore more locally.
"""
from __future__ import annotations

import copy
import os
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from swedu.activities import DATA_DIR, KINDS, Activity, ActivityError, read_activity_file
from swedu.systems import APPROACHES, MISCONCEPTIONS

SEEDS = sorted(DATA_DIR.glob("*.yaml"))
TEXTS = [p.read_text(encoding="utf-8") for p in SEEDS]
DATA = [yaml.safe_load(text) for text in TEXTS]

FUZZ = settings(max_examples=int(os.environ.get("SWEDU_FUZZ_EXAMPLES", "120")), deadline=None,
                derandomize="SWEDU_FUZZ_EXAMPLES" not in os.environ, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

_FOLDER = Path(tempfile.mkdtemp(prefix="swedu-activity-fuzz-"))

words = st.sampled_from(list(KINDS) + list(APPROACHES) + list(MISCONCEPTIONS) +
                        ["en", "id", "", "teen", "intake", "delinquent-youth", "preventive", "question"])
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-10**30, max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30), words,
)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.one_of(words, st.text(max_size=8)), inner, max_size=4)),
    max_leaves=8)


def check(content: str) -> None:
    """Load ``content`` as an activity file; anything but an Activity or an ActivityError fails the test."""
    path = _FOLDER / "activity.yaml"
    path.write_bytes(content.encode("utf-8", "surrogatepass"))
    try:
        result = read_activity_file(path)
    except ActivityError as error:
        assert error.problems and str(error)
        for problem in error.problems:
            assert problem.line > 0 and problem.column > 0 and problem.message, problem
    else:
        assert isinstance(result, Activity) and result.kind in KINDS


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
        action = draw(st.sampled_from(["delete", "replace", "replace", "rename", "duplicate"]))
        if action == "delete":
            del parent[last]
        elif action == "replace":
            parent[last] = draw(values)
        elif action == "rename" and isinstance(parent, dict):
            parent[draw(st.one_of(words, st.text(min_size=1, max_size=10)))] = parent.pop(last)
        elif action == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[last]))
    return data


@FUZZ
@given(mutated_data())
def test_mutated_structure(data):
    check(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


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


def test_unchanged_files_load():
    for text in TEXTS:
        check(text)
