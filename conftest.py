"""The set-up every test and every docstring example shares (pytest reads this file first).

The docstring examples of ``swedu`` and ``authoring`` are collected by ``--doctest-modules`` (pyproject's
``testpaths`` and ``addopts``); they run here as the tests do: in English, with progress recorded into an
empty store of their own. A module that starts something when imported is not collected (below).
"""
from __future__ import annotations

import os
import tempfile

import pytest

# Notebook kernels and subprocesses started by tests inherit this: nothing writes to the real user data dir.
os.environ["SWEDU_DATA_DIR"] = tempfile.mkdtemp(prefix="swedu-test-data-")

collect_ignore = [
    "swedu/cli/__main__.py",  # runs the command tree when imported (python -m swedu.cli)
    "swedu/hub/__main__.py",  # starts the hub service when imported (python -m swedu.hub)
    "authoring/__main__.py",  # runs the course builder when imported (python -m authoring)
]


@pytest.fixture(autouse=True)
def _english_by_default():
    import swedu

    swedu.set_language("en")
    yield
    swedu.set_language("en")


@pytest.fixture(autouse=True)
def _progress_in_tmp_dir(tmp_path, monkeypatch):
    """Every test records progress into its own empty store under ``tmp_path``."""
    monkeypatch.setenv("SWEDU_DATA_DIR", str(tmp_path / "swedu-data"))
    monkeypatch.delenv("SWEDU_PROGRESS", raising=False)
    import swedu.progress

    swedu.progress._reset()
    yield
    swedu.progress._reset()


_DOCTESTED = ("swedu", "authoring")
"""The folders whose modules' docstring examples ``--doctest-modules`` runs: the package and the builder.
The tests' own modules (conftest.py files of the same name in several folders among them) are not doctest
modules: collecting them as such would import each conftest.py a second time under one name."""


@pytest.hookimpl(hookwrapper=True)
def pytest_collect_file(file_path, parent):
    outcome = yield
    root = parent.config.rootpath
    if not (file_path.is_relative_to(root) and file_path.relative_to(root).parts[0] in _DOCTESTED):
        outcome.force_result([c for c in outcome.get_result() if type(c).__name__ != "DoctestModule"])
