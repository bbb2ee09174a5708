"""What the repository itself holds: no symbolic links (a link committed once pointed at a folder of one
developer's machine; on every other checkout, and on Windows, it points nowhere)."""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
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


_SHARED_FOLDERS = {"/tmp", "/var/tmp", "/home", "/Users", "/private/tmp", "/private/var/tmp"}
"""Folders every machine has and that docs and tools name for their own reasons: never 'this machine's'."""


def _own_paths() -> list[str]:
    """Folders of the machine running this test that no committed file may name: where this checkout
    lies (and the folder around it, unless it is a shared one such as /tmp) and the user's home folder."""
    shared = _SHARED_FOLDERS | {Path(tempfile.gettempdir()).as_posix()}
    found = []
    for folder in (ROOT, ROOT.parent, Path.home()):
        posix = folder.as_posix().rstrip("/")
        if len(folder.parts) > 1 and posix not in shared:  # never the root folder or a shared one
            found.append(posix + "/")
    return sorted(set(found))


def test_a_shared_folder_is_never_taken_for_this_machine(monkeypatch):
    temporary = Path(tempfile.gettempdir())
    monkeypatch.setattr(sys.modules[__name__], "ROOT", temporary / "some-checkout")  # a CI clone, say
    assert temporary.as_posix() + "/" not in _own_paths()
    assert (temporary / "some-checkout").as_posix() + "/" in _own_paths()


def test_no_committed_file_names_a_folder_of_this_machine():
    """A path of one developer's machine (a venv, a work tree, a home folder) means nothing on another
    checkout. Checked on whichever machine runs the tests, with its own folders."""
    own = _own_paths()
    offenders = []
    for mode, path in tracked_entries():
        file = ROOT / path
        if mode == "120000" or not file.is_file() or file.stat().st_size > 5_000_000:
            continue
        text = file.read_bytes().decode("utf-8", errors="replace")
        offenders += [f"{path}: {folder}" for folder in own if folder in text]
    assert offenders == [], f"files that name a folder of this machine: {offenders}"
