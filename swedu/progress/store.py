"""The store: one SQLite file per student, opened safely, written by one thread, never waited on.

The store is written in transactions with a write-ahead log, so a kernel that is killed loses nothing
that was already recorded and two notebooks open at once both record. A check never waits for the
store: it hands its record to the writer's thread and goes on (:func:`write`); whatever reads the store
in this process first waits for the records handed over before it (read-your-writes, :func:`settle`),
and the records still waiting when Python ends are written or kept first (at exit, within
:data:`EXIT_WAIT`). A record not written within :data:`RECORD_WAIT` (another program holds the store)
is kept in a small pending file and written a moment later (by this kernel, or by the next one that
records if this one ends). A kernel killed outright (SIGKILL) can lose only the records handed over in
about its last few milliseconds (up to :data:`RECORD_WAIT` while another program holds the store): those
neither written nor in a pending file yet. Reading (the summary, the export) opens the store read-only,
and only a file that is swedu's own is ever set aside: a damaged one, or one of a newer swedu.

This module is the store's face (where it is, recording on or off, reading, handing a record to the
writer, the store's part in sending to the hub); its parts are :mod:`swedu.progress.opening` (opening,
checking, upgrading and setting aside the file) and :mod:`swedu.progress.writer` (the writer thread and
the pending files). It knows attempts (:class:`~swedu.progress.attempt.Attempt`), never the course, its
exercises or its checks.
"""
from __future__ import annotations

import atexit
import logging
import os
import sqlite3
import stat
import threading
import uuid
from pathlib import Path

from swedu.i18n import t
from swedu.progress import opening, outbox, pulse, settings
from swedu.progress.attempt import Attempt, now
from swedu.progress.opening import ProgressError
from swedu.progress.writer import INSERT_ALWAYS, INSERT_UNLESS_OFF, PendingRecord, Writer

log = logging.getLogger("swedu.progress")

__all__ = ["EXIT_WAIT", "HUB_STORE", "RECORD_WAIT", "ProgressError", "attempts", "configure", "is_recording",
           "pending", "read_attempts", "reset", "set_recording", "settle", "start_writer", "store_id",
           "store_notice", "store_path", "warn_failed", "warn_ignored", "write"]

_state = {"warned": False, "outbox": None}
_lock = threading.RLock()
_connections: dict = {}

RECORD_WAIT = 0.25
"""The longest a record waits in memory only (seconds): a record not written by then (another program
holds the store: a long export, a backup tool, a second notebook stuck in a transaction) is kept in a
pending file beside the store and written as soon as the store is free. The check itself never waits."""

SETTLE_WAIT = 5.0
"""The longest a reader in this process waits for the records handed over before it (seconds)."""

EXIT_WAIT = 2.0
"""The longest Python's exit waits for the records still waiting (seconds); any left are kept in their
pending files."""


def configure(path: str | os.PathLike | None = None) -> Path:
    """Keep the progress store in ``path`` (a folder, or a ``.sqlite3``/``.db`` file); ``None`` goes back
    to ``SWEDU_DATA_DIR`` or the per-user data folder. Returns the store file."""
    settle()  # this session's waiting records go to the store they were made for
    with _lock:
        _close_all()
        settings.choose_location(path)
        _state["warned"] = False
        opening.last_notice["notice"] = None
    return store_path()


def reset() -> None:
    """Forget every choice made in this process (tests use this between cases)."""
    settle()
    with _lock:
        _close_all()
        settings.forget()
        _state.update(warned=False, outbox=None)
        opening.last_notice["notice"] = None
        _writer.forget_waiting()


def store_path() -> Path:
    """The SQLite file that holds this student's attempts."""
    return settings.store_path()


def set_recording(on: bool, persist: bool = False) -> None:
    """Switch recording on or off for this Python session; with ``persist=True`` also for every later
    session on this computer (what ``swedu progress on|off`` does). An explicit choice here wins over
    the environment variable ``SWEDU_PROGRESS``."""
    with _lock:
        settings.choose_recording(on)
    if persist:
        settle()  # the checks handed over before the switch are written as they were made
        conn = _connection()
        opening.transaction(conn, lambda c: c.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('recording', ?)",
                                         ("on" if on else "off",)))


def is_recording() -> bool:
    """Whether :func:`swedu.progress.record` writes anything right now."""
    chosen = settings.session_choice()
    if chosen is not None:
        return chosen
    if settings.off_by_environment():
        return False
    try:
        conn = _reader()
        if conn is None:
            return True  # no store yet: the first check creates it
        row = conn.execute("SELECT value FROM meta WHERE key = 'recording'").fetchone()
    except Exception:  # noqa: BLE001 - a store that cannot be read does not record either
        return False
    return not (row and row[0] == "off")


# ---------------------------------------------------------------------------------------------
# Connections


def _connection(path: Path | None = None) -> sqlite3.Connection:
    """The open store for this process (opened, checked and created on first use)."""
    path = store_path() if path is None else path
    key = (str(path), os.getpid(), threading.get_ident())
    conn = _connections.get(key)
    if conn is None:
        with _lock:
            conn = _connections.get(key)
            if conn is None:
                conn = opening.open_store(path)
                _connections[key] = conn
    return conn


def _reader() -> sqlite3.Connection | None:
    """A connection for reading only (``None`` when there is no store yet: nothing is created).

    It never takes a write lock and never changes the file: the store is opened read-only (on a
    read-only disk, as an immutable file). Only a damaged store that is swedu's own goes through
    :func:`_connection`, which may set it aside.
    """
    path = store_path()
    key = (str(path), os.getpid(), threading.get_ident())
    conn = _connections.get(key) or _connections.get(key + ("ro",))
    if conn is not None:
        return conn
    if not os.path.lexists(path):
        return None
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise ProgressError(t("progress.store.not_ours", file=str(path)))
    except OSError as error:
        raise ProgressError(t("progress.store.cannot_read", file=str(path), error=str(error))) from None
    last = None
    for mode in ("ro", "immutable"):
        conn = None
        try:
            conn = opening.connect(path, mode)
            problem = opening.problem_of(conn)
        except sqlite3.DatabaseError as error:
            last = error
            problem = "damaged" if opening.says_damaged(error) else None
            if conn is not None:
                conn.close()
                conn = None
            if problem is None:
                continue  # cannot be opened read-only here (a read-only disk): try as an immutable file
        if problem is None:
            if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'attempts'").fetchone() \
                    is None:
                conn.close()
                return None  # an empty file, or a store being created right now: nothing recorded yet
            with _lock:
                _connections[key + ("ro",)] = conn
            return conn
        if conn is not None:
            conn.close()
        if opening.is_swedus(path):
            return _connection(path)  # swedu's own damaged or newer store: set aside as before
        raise ProgressError(t("progress.store.not_ours", file=str(path)))
    raise ProgressError(t("progress.store.cannot_read", file=str(path), error=str(last)))


def _close_all() -> None:
    _writer.close_connection()  # now if it is idle, else as soon as its batch is written
    for key, conn in list(_connections.items()):
        if key[1] == os.getpid():
            try:
                conn.close()
            except Exception:
                log.debug("closing the progress store failed", exc_info=True)
    _connections.clear()


def store_id() -> str:
    """A random id made when the store was created: it tells a re-export by the same student (same store)
    from another student who chose the same pseudonym. It says nothing about the student."""
    conn = _reader()
    row = conn.execute("SELECT value FROM meta WHERE key = 'store'").fetchone() if conn is not None else None
    if row is None:
        conn = _connection()
        opening.transaction(conn, lambda c: c.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('store', ?)",
                                         (uuid.uuid4().hex,)))
        row = conn.execute("SELECT value FROM meta WHERE key = 'store'").fetchone()
    return row[0]


def store_notice() -> str | None:
    """The last message about the store (for example that a damaged file was set aside), or ``None``."""
    return opening.last_notice["notice"]
# ---------------------------------------------------------------------------------------------
# Writing attempts


def _warn_once(message: str) -> None:
    if not _state["warned"]:
        _state["warned"] = True
        log.warning(message)
    else:
        log.debug(message)


def write(attempt: Attempt) -> None:
    """Hand one attempt to the writer (and, on a hub, to the outbox in the same transaction) and return at
    once: the writer's thread writes it a moment later, or keeps it in a pending file when it is not
    written within :data:`RECORD_WAIT` (a busy store gets it later). :func:`swedu.progress.record` is the
    one caller: it checks whether recording is on and keeps a problem from reaching the lesson. Recording
    switched off with ``swedu progress off`` is checked in the store, in the same statement."""
    values = (now(), attempt.kind, attempt.item, attempt.stage_id, attempt.score, attempt.language,
              attempt.data_json())
    statement = INSERT_ALWAYS if settings.session_choice() is True else INSERT_UNLESS_OFF
    _writer.submit(PendingRecord(store_path(), statement, values, attempt.as_dict(), _hub_outbox()), RECORD_WAIT)


def start_writer() -> None:
    """Start the writer's thread now (unless recording is off in this session), so that a first check does
    not: starting a thread waits until it runs, which takes long on a busy machine. An activity calls this
    when it is shown (:func:`swedu.widgets._aside.started`). Opens nothing."""
    if not settings.skip_recording():
        _writer.start()


def warn_failed(error: Exception, path=None) -> None:
    """Say once that a check could not be recorded (never raises)."""
    try:
        _warn_once(t("progress.record.failed", file=str(store_path() if path is None else path), error=str(error)))
    except Exception:  # noqa: BLE001
        log.debug("recording failed", exc_info=True)


def warn_ignored() -> None:
    """Say once that a record named no activity and was not kept."""
    _warn_once(t("progress.record.ignored"))


def pending() -> int:
    """How many checks of this session wait to be written because another program holds the store (those
    just handed over are given their moment first, as for reading: :func:`settle`)."""
    settle()
    return _writer.pending()


def settle(limit: float | None = None) -> bool:
    """Before reading: wait until the records this process handed over before are written (at most
    ``limit`` seconds, :data:`SETTLE_WAIT` by default), so that a summary or an export right after a Check
    includes it (read-your-writes). Never waits for a store another program holds: those records are then
    kept in their pending files and counted by :func:`pending`. ``True`` when nothing is left to wait for.

    >>> import swedu.progress as progress, tempfile
    >>> _ = progress.configure(tempfile.mkdtemp())
    >>> progress.record({"item": "ex1-classify", "score": 1})  # returns at once
    >>> settle(), progress.pending()
    (True, 0)
    """
    return _writer.settle(SETTLE_WAIT if limit is None else limit)


# ---------------------------------------------------------------------------------------------
# The store's part in sending to the class's hub (the outbox is handed the store, never imports it)


def _hub_outbox():
    """The queue to the class's JupyterHub service when the course runs on a hub that offers it
    (:mod:`swedu.progress.outbox`), else ``None``."""
    if _state.get("outbox") is None:
        _state["outbox"] = outbox.outbox_from_environment(store=HUB_STORE) or False
    return _state["outbox"] or None


def start_hub_pulse() -> None:
    """On a hub that offers the swedu service: send what an earlier kernel left pending now, and look again
    on a timer (:mod:`swedu.progress.pulse`), without waiting for the student's next check. Elsewhere (no
    service address in the environment) it does nothing and opens nothing. Called once, when this module
    is first loaded in a kernel."""
    if not os.environ.get(outbox.ENV_URL, "").strip():
        return
    box = _hub_outbox()
    if box is not None:
        pulse.on_start(box)


def _hub_connection() -> sqlite3.Connection:
    return _connection()


HUB_STORE = outbox.StoreAccess(connection=_hub_connection, write=opening.transaction, settle=settle)
"""What the outbox (:mod:`swedu.progress.outbox`) needs of this store: open it, run a change in one write
transaction, and wait for the records handed over before (the outbox never imports the store: no cycle)."""

_writer = Writer(hub_outbox=_hub_outbox, failed=lambda path, error: warn_failed(error, path), busy_wait=RECORD_WAIT)
"""This process's writer (:class:`~swedu.progress.writer.Writer`)."""


def _after_fork_in_child() -> None:
    """A forked child does not write its parent's waiting records (the parent does) nor use its connections."""
    _writer.after_fork_in_child()
    _connections.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


def _at_exit() -> None:
    """When Python ends, give the last checks a moment (:data:`EXIT_WAIT`) to reach the store, and keep those
    still waiting then in their pending files (the next kernel that records writes them)."""
    _writer.drain(EXIT_WAIT)


atexit.register(_at_exit)


def read_attempts() -> list[Attempt]:
    """Every recorded attempt, oldest first, those this process handed over just before included (read
    only: never waits for another program's writer)."""
    settle()
    conn = _reader()
    if conn is None:
        return []
    rows = conn.execute(
        "SELECT time, kind, item, stage, score, language, data FROM attempts ORDER BY id").fetchall()
    return [Attempt.from_row(*row) for row in rows]


def attempts() -> list[dict]:
    """Every recorded attempt, oldest first, as plain dictionaries (as :func:`read_attempts`)."""
    return [attempt.as_dict(time=True) for attempt in read_attempts()]


start_hub_pulse()  # a kernel on a hub sends what an earlier one left pending, without waiting for a check
