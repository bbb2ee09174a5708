"""Shared test set-up of tests/ (the repository root's conftest.py adds what the docstring examples share too:
English, an empty progress store per test, no real user data dir)."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


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


def decks_assets_or_skip() -> None:
    """npm (or assets already installed for the current lock file) is needed; skip locally, fail in CI."""
    stamp = ROOT / "slides" / "node_modules" / ".swedu-stamp"
    if stamp.exists() or shutil.which("npm"):
        return
    reason = "the offline decks need npm once (apt-get install nodejs npm)"
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def offline_decks(tmp_path_factory):
    """``(folder, decks written)``: every lesson's offline deck in both languages, built once per test run by
    the slides command's code (``build_all``) and only read by the tests (tests/test_present_slides.py, the
    browser tests of the decks)."""
    from swedu.presenting.slides import build_all

    decks_assets_or_skip()
    out = tmp_path_factory.mktemp("slides")
    return out, build_all(ROOT, out)  # every lesson, both languages
