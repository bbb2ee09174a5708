"""The examples in the docstrings run: pytest collects them with ``--doctest-modules`` over the whole of
``swedu`` and ``authoring`` (pyproject's ``testpaths`` and ``addopts``), in English and with an empty progress
store (the root ``conftest.py``), with no option flags (an example that needs one says so with a
``# doctest:`` directive, so it passes under any runner). No hand-kept list says which modules run."""
from __future__ import annotations

import doctest
import importlib
import sys
from pathlib import Path

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]

# Modules whose docstrings must hold examples (a module that loses them all should be noticed).
MUST_HAVE_EXAMPLES = [
    "swedu", "swedu.systems", "swedu.i18n", "swedu.model", "swedu.assess", "swedu.scenarios", "swedu.cli",
    "swedu.outcome", "swedu.course", "swedu._yaml", "swedu._schema",
    "swedu.scenarios.builder", "swedu.scenarios.reading",
    "swedu.progress", "swedu.progress.settings", "swedu.progress.migrations", "swedu.progress.attempt",
    "swedu.progress.handin", "swedu.progress.summary_view",
    "swedu.report", "swedu.report.statistics", "swedu.report.inputs", "swedu.report.render",
    "swedu.activities", "swedu.activities.checks", "swedu.activities.loader", "swedu.activities.model",
    "swedu.activities.validate",
    "swedu.draw", "swedu.draw.geometry", "swedu.draw.style", "swedu.draw.legend", "swedu.draw.labels",
    "swedu.draw.maps", "swedu.draw.raster", "swedu.draw.after_check",
    "swedu.widgets", "swedu.widgets._idle", "swedu.widgets._aside", "swedu.widgets.classifier",
    "swedu.widgets.activities",
    "swedu.widgets.key_reveal", "swedu.widgets.case_builder", "swedu.widgets.answer_form", "swedu.widgets.gallery",
    "swedu.cli.scenarios", "swedu.cli.hub", "swedu.hub.link", "swedu.hub.store", "swedu.hub.views",
    "authoring.source", "authoring.render", "authoring.execute", "authoring.store", "authoring.build",
    "authoring.lessons", "authoring.exercises", "authoring.cli",
]


def test_pytest_collects_the_examples_of_every_module():
    options = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    assert "--doctest-modules" in options["addopts"].split()
    assert {"swedu", "authoring"} <= set(options["testpaths"])


def test_only_modules_that_start_something_when_imported_are_left_out():
    namespace: dict = {}
    exec(compile((ROOT / "conftest.py").read_text(encoding="utf-8"), "conftest.py", "exec"), namespace)
    assert sorted(namespace["collect_ignore"]) == ["authoring/__main__.py", "swedu/cli/__main__.py",
                                                   "swedu/hub/__main__.py"]


@pytest.mark.parametrize("name", MUST_HAVE_EXAMPLES)
def test_the_module_keeps_examples(name):
    module = importlib.import_module(name)
    assert sum(len(test.examples) for test in doctest.DocTestFinder().find(module, name)) > 0
