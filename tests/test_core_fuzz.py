"""Property-based tests: a mutated scenario file gives a Scenario or a ScenarioError, never another exception.

The seed files are changed the way a hurried lecturer (or a hostile file) might: a key deleted, a value
replaced by another scalar, list or block, ids swapped or duplicated, the text cut short, random
characters or bytes inserted. The examples are derandomised so CI stays stable; raise
SWEDU_FUZZ_EXAMPLES to explore more locally.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import given
from hypothesis import strategies as st

from swedu import ScenarioError
from swedu.model import Scenario
from swedu.scenarios import BUILTIN_DIR, read_scenario_file
from swedu.systems import REASONS, SYSTEM_IDS
from tests._fuzzing import fuzz_settings, mutated_data

SEEDS = [BUILTIN_DIR / "delinquent-youth.yaml", BUILTIN_DIR / "small-business.yaml"]
TEXTS = [p.read_text(encoding="utf-8") for p in SEEDS]
DATA = [yaml.safe_load(text) for text in TEXTS]
IDS = sorted({a["id"] for d in DATA for a in d["actors"]} | {s["id"] for d in DATA for s in d["stages"]})

FUZZ = fuzz_settings(150)

_FOLDER = Path(tempfile.mkdtemp(prefix="swedu-fuzz-"))

# The files' own words, for the mutations (so that deeper checks are reached).
words = st.sampled_from(IDS + list(SYSTEM_IDS) + list(REASONS) + ["en", "id", "none", "", "micro", "strong"])


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


@FUZZ
@given(mutated_data(DATA, words, ["delete", "replace", "replace", "rename", "swap_id", "duplicate"]))
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
