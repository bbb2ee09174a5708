"""Without a browser the browser tests are skipped on a developer's machine, but fail in CI."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _run_without_browser(ci: str | None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["SWEDU_CHROMIUM"] = str(HERE / "no-such-chromium")
    if ci is not None:
        env["CI"] = ci
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-rs", "--no-header",
         f"{HERE / 'test_fixture.py'}::test_server_is_private_and_needs_the_token"],
        check=False, cwd=HERE.parents[1], env=env, capture_output=True, text=True, timeout=120,
    )


def test_missing_browser_skips_locally():
    result = _run_without_browser(ci=None)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 skipped" in result.stdout, result.stdout
    assert "chromium" in result.stdout  # the reason says what is missing


def test_missing_browser_fails_in_ci():
    result = _run_without_browser(ci="true")
    assert result.returncode != 0, result.stdout + result.stderr
    assert "CI is set but the browser tests need Debian's chromium" in result.stdout, result.stdout
    assert "skipped" not in result.stdout
