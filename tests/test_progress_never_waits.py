"""A Check never waits on the store, reading never writes, and only swedu's own file is ever moved."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from swedu import progress
from swedu.cli import main


def _wait_for(condition, seconds: float = 20.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def _hold_write_lock(path: Path) -> sqlite3.Connection:
    """Another program holding the store's write lock (as a second notebook in a long transaction)."""
    other = sqlite3.connect(str(path), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO meta (key, value) VALUES ('other-program', 'busy')")
    return other


def test_a_check_does_not_wait_for_a_locked_store_and_is_written_later():
    progress.record({"item": "ex1-classify", "score": 0.5})
    assert len(progress.attempts()) == 1  # written (on a slow machine it may take longer than RECORD_WAIT)
    path = progress.store_path()
    other = _hold_write_lock(path)
    try:
        started = time.monotonic()
        progress.record({"item": "ex2-reasons", "score": 1})
        waited = time.monotonic() - started
        # a generous bound: before, the Check waited for the lock (10 s and more, 204 s in the field)
        assert waited < 3.0, waited
        assert progress.pending() == 1
        (kept,) = path.parent.glob(f"{path.name}.pending-*.json")  # safe if this kernel ends now
        started = time.monotonic()
        summary = progress.summary()  # reading takes no write lock, so it does not wait either
        assert time.monotonic() - started < 3.0
        assert [r.item for r in summary.rows if r.attempts] == ["ex1-classify"]
        assert "waiting to be written" in str(summary)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert _wait_for(lambda: [a["item"] for a in progress.attempts()] == ["ex1-classify", "ex2-reasons"])
    assert _wait_for(lambda: not kept.exists()) and progress.pending() == 0


def test_a_check_hands_its_record_over_and_a_reader_waits_for_it(monkeypatch):
    progress.record({"item": "ex1-classify", "score": 0.5})
    assert [a["item"] for a in progress.attempts()] == ["ex1-classify"]  # the store exists, the writer runs
    writer = progress.store._writer
    real_write, writing, go_on = writer._write, threading.Event(), threading.Event()

    def held(path, batch):  # the disk is slow: the writer is inside its write until the test lets it go
        writing.set()
        assert go_on.wait(60)
        return real_write(path, batch)

    monkeypatch.setattr(writer, "_write", held)
    progress.record({"item": "ex2-reasons", "score": 1})  # returns although its record is not written
    assert writing.wait(60)
    assert [record.values[2] for record in writer.waiting] == ["ex2-reasons"]  # handed over, not written
    seen = []
    reader = threading.Thread(target=lambda: seen.append([a["item"] for a in progress.attempts()]))
    reader.start()
    reader.join(0.3)
    assert reader.is_alive() and seen == []  # a reader waits for the record handed over before it
    go_on.set()
    reader.join(60)
    assert seen == [["ex1-classify", "ex2-reasons"]]
    assert progress.pending() == 0 and not writer.waiting


def test_each_check_is_read_right_after_it_was_handed_over():
    for n in range(20):
        progress.record({"item": f"ex-{n}", "score": 1})
        assert [a["item"] for a in progress.attempts()][-1] == f"ex-{n}"  # no wait of its own: read-your-writes
    summary = progress.summary()
    assert sum(row.attempts for row in summary.rows) == 20 and "waiting to be written" not in str(summary)


def test_a_kernel_that_ends_writes_its_waiting_records_first(tmp_path):
    path = progress.store_path()
    code = ("import swedu.progress as p; p.configure(r'%s')\n"
            "for n in range(30): p.record({'item': 'ex-%%d' %% n, 'score': 1})" % path)  # then ends at once
    done = subprocess.run([sys.executable, "-c", code], timeout=120, capture_output=True, text=True,
                          cwd=Path(__file__).parents[1])
    assert done.returncode == 0, done.stderr
    assert [a["item"] for a in progress.attempts()] == [f"ex-{n}" for n in range(30)]


def _run_another_kernel_while_the_store_is_held(path: Path, code: str) -> None:
    """Run ``code`` in another Python while this test holds the store's write lock; it leaves one pending
    file (its record); the lock is let go after."""
    other = _hold_write_lock(path)
    try:
        done = subprocess.run([sys.executable, "-c", code], timeout=120, capture_output=True, text=True,
                              cwd=Path(__file__).parents[1])
        assert done.returncode == 0, done.stderr
        assert len(list(path.parent.glob(f"{path.name}.pending-*.json"))) == 1
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_a_kernel_that_ends_while_the_store_is_held_keeps_its_records_in_pending_files(tmp_path):
    progress.record({"item": "ex1-classify", "score": 0.5})
    assert len(progress.attempts()) == 1
    path = progress.store_path()
    code = ("import swedu.progress as p; p.configure(r'%s'); p.record({'item': 'ex2-reasons', 'score': 1})"
            % path)  # ends at once, normally: its exit keeps what the held store could not take
    _run_another_kernel_while_the_store_is_held(path, code)
    progress.record({"item": "ex3-reassess", "score": 1})  # this kernel takes the ended kernel's record in
    assert sorted(a["item"] for a in progress.attempts()) == ["ex1-classify", "ex2-reasons", "ex3-reassess"]
    assert not list(path.parent.glob(f"{path.name}.pending-*.json"))


def test_records_left_pending_by_an_ended_kernel_are_taken_in(tmp_path):
    progress.record({"item": "ex1-classify", "score": 0.5})
    assert len(progress.attempts()) == 1  # written (on a slow machine it may take longer than RECORD_WAIT)
    path = progress.store_path()
    # the record is handed over; once the writer found the store held, it is in its pending file (what the
    # summary counts as waiting); then the kernel ends at once, without its exit handlers
    code = ("import swedu.progress as p, os; p.configure(r'%s'); p.record({'item': 'ex2-reasons', 'score': 1});"
            "assert p.pending() == 1; os._exit(0)" % path)
    _run_another_kernel_while_the_store_is_held(path, code)
    progress.record({"item": "ex3-reassess", "score": 1})
    assert sorted(a["item"] for a in progress.attempts()) == ["ex1-classify", "ex2-reasons", "ex3-reassess"]
    assert not list(path.parent.glob(f"{path.name}.pending-*.json"))


def _another_programs_database(path: Path) -> bytes:
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE customers (name TEXT)")
    other.execute("INSERT INTO customers VALUES ('someone else''s data')")
    other.commit()
    other.close()
    return path.read_bytes()


@pytest.mark.parametrize("kind", ["database", "text"])
def test_a_file_that_is_not_swedus_is_never_moved(tmp_path, kind, capsys):
    path = tmp_path / "notes.db"
    if kind == "database":
        before = _another_programs_database(path)
    else:
        path.write_text("Shopping: rice, eggs. Call Ibu Sari on Monday.\n", encoding="utf-8")
        before = path.read_bytes()
    progress.configure(path)
    assert main(["progress", "summary"]) == 0
    said = capsys.readouterr().out
    assert "is not a swedu progress file" in said and "untouched" in said
    progress.record({"item": "ex1-classify", "score": 1})  # a check pointed at it does not move it either
    assert progress.attempts.__name__ and _wait_for(lambda: progress.pending() == 0)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]
    assert path.read_bytes() == before


def test_reading_a_store_changes_nothing_and_takes_no_write_lock(tmp_path):
    progress.record({"item": "ex1-classify", "score": 1})
    path = progress.store_path()
    progress._reset()
    files = {p.name: p.stat().st_mtime_ns for p in path.parent.iterdir()}
    other = _hold_write_lock(path)
    try:
        assert [a["item"] for a in progress.attempts()] == ["ex1-classify"]
        assert progress.summary().rows[0].attempts == 1
        target = progress.export(tmp_path / "out.json", "owl-17")
        assert progress.read_export(target).attempts[0].item == "ex1-classify"
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert {p.name: p.stat().st_mtime_ns for p in path.parent.iterdir() if p.name == path.name} == \
        {path.name: files[path.name]}


def test_a_store_on_a_read_only_disk_can_be_read_and_exported(tmp_path, monkeypatch):
    progress.record({"item": "ex1-classify", "score": 1})
    path = progress.store_path()
    progress._reset()
    real = progress.opening.connect

    def read_only_disk(p, mode="rw", *args, **kwargs):
        """What SQLite says on a read-only medium: no writing, and no -shm file for a plain read."""
        if mode != "immutable":
            raise sqlite3.OperationalError("attempt to write a readonly database" if mode == "rw"
                                           else "unable to open database file")
        return real(p, mode, *args, **kwargs)

    monkeypatch.setattr(progress.opening, "connect", read_only_disk)
    assert [a["item"] for a in progress.attempts()] == ["ex1-classify"]
    summary = str(progress.summary())
    assert "done: 1" in summary and "not recorded" not in summary and "cannot" not in summary
    target = progress.export(tmp_path / "out.json", "owl-17")
    assert len(progress.read_export(target).attempts) == 1


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="the superuser can write into a read-only folder")
def test_a_store_in_a_read_only_folder_can_be_read_and_exported(tmp_path):
    progress.record({"item": "ex1-classify", "score": 1})
    path = progress.store_path()
    progress._reset()
    for extra in (Path(str(path) + "-wal"), Path(str(path) + "-shm")):
        extra.unlink(missing_ok=True)
    os.chmod(path, 0o444)
    os.chmod(path.parent, 0o555)
    try:
        assert [a["item"] for a in progress.attempts()] == ["ex1-classify"]
        target = progress.export(tmp_path / "out.json", "owl-17")
        assert len(progress.read_export(target).attempts) == 1
    finally:
        os.chmod(path.parent, 0o755)
        os.chmod(path, 0o644)


def test_a_record_that_was_not_written_in_time_is_kept_and_shown_once(monkeypatch):
    monkeypatch.setattr(progress.store, "RECORD_WAIT", 0.0)  # every check hands its record over at once
    for n in range(5):
        progress.record({"item": "ex1-classify", "score": n / 4})
    assert [a["score"] for a in progress.attempts()] == [0.0, 0.25, 0.5, 0.75, 1.0]  # each once, in order
    path = progress.store_path()
    assert _wait_for(lambda: not list(path.parent.glob(f"{path.name}.pending-*.json")))
