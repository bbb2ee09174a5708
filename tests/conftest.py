"""Shared test set-up of tests/ (the repository root's conftest.py adds what the docstring examples share too:
English, an empty progress store per test, no real user data dir)."""
from __future__ import annotations

import pytest


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
