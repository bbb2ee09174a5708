"""The per-user data folder comes from platformdirs; a store in the folder swedu used before is moved there on
first use, with everything recorded in it, and a move that cannot happen loses nothing."""
from __future__ import annotations

import sys

import pytest

import swedu
from swedu import progress
from swedu.progress import settings


@pytest.fixture
def no_data_dir_variable(monkeypatch, tmp_path):
    """The default folder, as a student without SWEDU_DATA_DIR has it (the folders under ``tmp_path``)."""
    monkeypatch.delenv("SWEDU_DATA_DIR", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    progress._reset()
    yield
    progress._reset()


def _record_two_checks():
    case = swedu.load_scenario("delinquent-youth")
    progress.record(case.assess({"parents": "client"}))
    progress.record(case.assess({"teen": "target"}))
    progress._reset()  # the session ends: its writer has written everything


def test_the_folder_is_platformdirs_and_on_linux_and_macos_it_is_where_it_was(no_data_dir_variable, tmp_path,
                                                                                monkeypatch):
    import platformdirs.unix

    monkeypatch.setattr(sys, "platform", "linux")
    assert progress.default_data_dir() == tmp_path / "xdg" / "swedu"
    assert progress.default_data_dir() == settings.former_data_dir()  # nothing to move here
    assert str(progress.default_data_dir()) == platformdirs.unix.Unix("swedu", appauthor=False).user_data_dir
    monkeypatch.setenv("XDG_DATA_HOME", "relative/path")  # not valid in the XDG specification: ignored
    assert progress.default_data_dir() == tmp_path / "home" / ".local" / "share" / "swedu"


def test_a_store_in_the_former_folder_moves_with_everything_recorded(no_data_dir_variable, tmp_path, monkeypatch):
    former = tmp_path / "roaming" / "swedu"  # %APPDATA%\swedu, where swedu kept it on Windows before
    monkeypatch.setattr(settings, "former_data_dir", lambda: former)
    progress.configure(former)
    _record_two_checks()
    before = progress.attempts()
    assert len(before) == 2
    progress.configure(None)

    assert progress.store_path() == tmp_path / "xdg" / "swedu" / "progress.sqlite3"  # moved on first use
    assert not former.exists()
    assert progress.attempts() == before
    case = swedu.load_scenario("delinquent-youth")
    progress.record(case.assess({"worker": "change_agent"}))
    progress._reset()
    assert len(progress.attempts()) == 3  # the moved store goes on


def test_a_move_that_fails_leaves_the_store_where_it_is_and_uses_it(no_data_dir_variable, tmp_path, monkeypatch):
    former = tmp_path / "roaming" / "swedu"
    monkeypatch.setattr(settings, "former_data_dir", lambda: former)
    progress.configure(former)
    _record_two_checks()
    (tmp_path / "xdg").write_text("a file where the new folder's parent should be")  # the move cannot happen
    progress.configure(None)

    assert progress.store_path() == former / "progress.sqlite3"
    assert len(progress.attempts()) == 2


def test_a_store_already_in_the_new_folder_is_never_replaced(no_data_dir_variable, tmp_path, monkeypatch):
    former = tmp_path / "roaming" / "swedu"
    monkeypatch.setattr(settings, "former_data_dir", lambda: former)
    _record_two_checks()  # into the new folder
    progress.configure(former)
    case = swedu.load_scenario("delinquent-youth")
    progress.record(case.assess({"gang": "target"}))
    progress._reset()
    progress.configure(None)

    assert progress.store_path() == tmp_path / "xdg" / "swedu" / "progress.sqlite3"
    assert len(progress.attempts()) == 2 and (former / "progress.sqlite3").exists()
