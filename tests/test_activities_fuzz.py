"""Property-based tests: a mutated activity file gives an Activity or an ActivityError, never another exception.

The built-in activity files are changed the way a hurried lecturer (or a hostile file) might: a key
deleted or renamed, a value replaced by another scalar, list or block, an entry duplicated, random
characters inserted. Every problem keeps a line and a column. The examples are derandomised so CI
stays stable; raise SWEDU_FUZZ_EXAMPLES to explore more locally.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import given
from hypothesis import strategies as st

from swedu.activities import DATA_DIR, KINDS, Activity, ActivityError, read_activity_file
from swedu.systems import APPROACHES, MISCONCEPTIONS
from tests._fuzzing import fuzz_settings, mutated_data

SEEDS = sorted(DATA_DIR.glob("*.yaml"))
TEXTS = [p.read_text(encoding="utf-8") for p in SEEDS]
DATA = [yaml.safe_load(text) for text in TEXTS]

FUZZ = fuzz_settings(120)

_FOLDER = Path(tempfile.mkdtemp(prefix="swedu-activity-fuzz-"))

words = st.sampled_from(list(KINDS) + list(APPROACHES) + list(MISCONCEPTIONS) +
                        ["en", "id", "", "teen", "intake", "delinquent-youth", "preventive", "question"])


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


@FUZZ
@given(mutated_data(DATA, words, ["delete", "replace", "replace", "rename", "duplicate"]))
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
