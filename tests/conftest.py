"""Shared test set-up: every test starts in English with the built-in scenarios only."""
from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _english_by_default():
    import swedu

    swedu.set_language("en")
    yield
    swedu.set_language("en")
