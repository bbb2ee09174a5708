"""What the repository itself holds: no symbolic links (a link committed once pointed at a folder of one
developer's machine; on every other checkout, and on Windows, it points nowhere)."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def tracked_entries() -> list[tuple[str, str]]:
    """``(mode, path)`` of every file git tracks in this checkout (``git ls-files -s``)."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    run = subprocess.run(["git", "ls-files", "-s", "-z"], cwd=ROOT, capture_output=True, text=True, check=False)
    if run.returncode != 0:
        pytest.skip(f"not a git checkout: {run.stderr.strip()}")
    entries = []
    for line in filter(None, run.stdout.split("\0")):
        meta, path = line.split("\t", 1)
        entries.append((meta.split()[0], path))
    return entries


def test_no_symbolic_links_are_committed():
    entries = tracked_entries()
    assert len(entries) > 100  # really the repository's files
    links = [path for mode, path in entries if mode == "120000"]
    assert links == [], f"committed symbolic links (remove them with git rm --cached): {links}"
