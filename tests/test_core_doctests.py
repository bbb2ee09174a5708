"""The examples in the core docstrings run and give what they show (no option flags: a docstring that
needs one says so with a ``# doctest:`` directive, so it passes under any runner)."""
from __future__ import annotations

import doctest
import importlib

import pytest

import swedu

CORE = ["swedu", "swedu.systems", "swedu.i18n", "swedu.model", "swedu.assess", "swedu.scenarios",
        "swedu.scenarios.validate", "swedu._yaml", "swedu.cli", "swedu.course", "swedu.outcome"]
CORE.append("swedu._schema")  # the schema checker shared by the scenario and activity validators
# Modules whose docstrings must hold examples (a module that loses them all should be noticed).
MUST_HAVE_EXAMPLES = {"swedu", "swedu.systems", "swedu.i18n", "swedu.model", "swedu.assess", "swedu.scenarios",
                      "swedu.cli", "swedu.outcome"}


@pytest.mark.parametrize("name", CORE)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder()
    runner = doctest.DocTestRunner(optionflags=0)
    failures: list[str] = []
    attempted = 0
    for test in finder.find(module, name):
        swedu.set_language("en")
        result = runner.run(test, out=failures.append)
        attempted += result.attempted
    assert failures == [], "".join(failures)
    if name in MUST_HAVE_EXAMPLES:
        assert attempted > 0
