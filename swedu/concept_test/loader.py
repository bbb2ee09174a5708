"""Finding and reading concept test files and learning outcomes files.

The built-in test lives in ``swedu/concept_test/data/<id>.yaml``, the course's learning outcomes in
``data/outcomes.yaml``. A lecturer's own outcomes file (codes and wording of their curriculum) is read
over the course's with :func:`load_outcomes`. Files are read as scenario files are
(:func:`swedu._schema.read_located`: safe YAML, positions kept).

>>> test = load_concept_test("four-systems")
>>> len(test.items), test.max_score
(18, 18)
>>> default_outcomes()["client_target"].code
'CPMK-2'
"""
from __future__ import annotations

import functools
from pathlib import Path

from swedu._schema import Problem, read_located
from swedu.concept_test.model import ConceptTest
from swedu.concept_test.validate import ConceptTestError, parse_concept_test, parse_outcomes
from swedu.i18n import t
from swedu.systems import suggest

DATA_DIR = Path(__file__).parent / "data"
"""The built-in concept tests (one ``<id>.yaml`` each) and ``outcomes.yaml``."""
OUTCOMES_FILE = DATA_DIR / "outcomes.yaml"
COURSE_TEST = "four-systems"
"""The concept test the lessons give before Lesson 1 and after the last lesson."""


def test_ids() -> list[str]:
    """The ids of the built-in concept tests.

    >>> test_ids()
    ['four-systems']
    """
    return sorted(p.stem for p in DATA_DIR.glob("*.yaml") if p.name != OUTCOMES_FILE.name)


@functools.lru_cache(maxsize=None)
def default_outcomes() -> dict:
    """The course's learning outcomes ``{id: LearningOutcome}`` (``data/outcomes.yaml``)."""
    located = read_located(OUTCOMES_FILE, ConceptTestError)
    return parse_outcomes(located.data, str(OUTCOMES_FILE), located.positions)


def load_outcomes(path=None) -> dict:
    """The learning outcomes: the course's, with a lecturer's file (``path``) over them when given.

    Raises :class:`ConceptTestError` naming every problem of the lecturer's file.
    """
    base = default_outcomes()
    if path is None:
        return dict(base)
    located = read_located(path, ConceptTestError)
    return parse_outcomes(located.data, str(path), located.positions, base=base)


@functools.lru_cache(maxsize=8)
def _builtin(test_id: str) -> ConceptTest:
    return read_concept_test_file(DATA_DIR / f"{test_id}.yaml")


def load_concept_test(id_or_path=COURSE_TEST) -> ConceptTest:
    """A concept test by built-in id or by the path of a YAML file; raises :class:`ConceptTestError`."""
    if isinstance(id_or_path, ConceptTest):
        return id_or_path
    ref = str(id_or_path)
    if ref in test_ids():
        return _builtin(ref)
    if ref.endswith((".yaml", ".yml")) or Path(ref).is_file():
        return read_concept_test_file(ref)
    match = suggest(ref, test_ids())
    raise ConceptTestError(ref, [_problem(t("concept_test.error.unknown_test", given=ref,
                                            suggestion=t("answer_error.suggestion", match=match) if match else "",
                                            choices=", ".join(test_ids())))])


def _problem(message: str) -> Problem:
    return Problem(0, 0, message)


def read_concept_test_file(path) -> ConceptTest:
    """Read and check one concept test file, uncached; raises :class:`ConceptTestError` naming every problem.

    >>> read_concept_test_file(DATA_DIR / "four-systems.yaml").id
    'four-systems'
    """
    located = read_located(path, ConceptTestError)
    return parse_concept_test(located.data, str(path), located.positions, tuple(default_outcomes()))


__all__ = ["COURSE_TEST", "DATA_DIR", "OUTCOMES_FILE", "default_outcomes", "load_concept_test", "load_outcomes",
           "read_concept_test_file", "test_ids"]
