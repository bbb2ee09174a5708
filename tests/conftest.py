"""Shared test set-up: every test starts in English with the built-in scenarios only."""
from __future__ import annotations

import os
import tempfile

import pytest

# Notebook kernels and subprocesses started by tests inherit this: nothing writes to the real user data dir.
os.environ["SWEDU_DATA_DIR"] = tempfile.mkdtemp(prefix="swedu-test-data-")


@pytest.fixture(scope="session")
def playwright_driver():
    """The one Playwright driver of a test run.

    Playwright's sync API runs an event loop of its own: a second ``sync_playwright()`` started
    while the first is still open fails ("Sync API inside the asyncio loop"). Every browser test
    (JupyterLab, presentation, decks, report) launches its chromium from this one driver.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver


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
