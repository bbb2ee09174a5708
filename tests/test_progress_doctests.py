"""The examples in the docstrings of swedu.progress (each of its rooms) and swedu.report run and give what they show."""
from __future__ import annotations

import doctest
import importlib

import pytest

import swedu


@pytest.mark.parametrize("name", ["swedu.progress", "swedu.progress.settings", "swedu.progress.migrations",
                                  "swedu.progress.attempt", "swedu.progress.handin", "swedu.progress.summary_view",
                                  "swedu.report"])
def test_docstring_examples(name):
    module = importlib.import_module(name)
    runner = doctest.DocTestRunner(optionflags=0)
    failures: list[str] = []
    attempted = 0
    for test in doctest.DocTestFinder().find(module, name):
        swedu.set_language("en")
        attempted += runner.run(test, out=failures.append).attempted
    assert failures == [], "".join(failures)
    assert attempted >= 3
