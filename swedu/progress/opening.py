"""Opening the progress store safely: connecting, checking, upgrading, and setting aside a bad file.

The store is written in transactions with a write-ahead log (:func:`transaction`). Only a file that is
swedu's own (:func:`is_swedus`) is ever set aside: a damaged one, or one of a newer swedu; another
program's file, or one swedu cannot open for a reason that is not the file's fault, is never moved. An
older store is upgraded the first time it is opened for writing (:mod:`swedu.progress.migrations`).
"""
from __future__ import annotations

import logging
import os
import sqlite3
import stat
import time
from datetime import datetime, timezone
from pathlib import Path

from swedu.i18n import t
from swedu.progress import migrations, settings

log = logging.getLogger("swedu.progress")


class ProgressError(ValueError):
    """A problem a student can fix (a pseudonym that is not allowed, a folder that cannot be written)."""


ProgressError.__module__ = "swedu.progress"  # the name students and callers use (tracebacks show it)


last_notice: dict = {"notice": None}
"""The last message about the store (for example that a damaged file was set aside)."""


def _stamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")


def is_swedus(path: Path) -> bool:
    """Whether the file at ``path`` is swedu's to move aside: its SQLite header carries swedu's
    application id, or it has the store's own name in a folder swedu was given. Another program's
    database or a text file that a student pointed swedu at (``notes.db``) is never moved."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False
        if Path(path).name == settings.STORE_NAME:
            return True
        with open(path, "rb") as handle:
            head = handle.read(100)
    except OSError:
        return False
    return (len(head) == 100 and head.startswith(b"SQLite format 3\x00")
            and int.from_bytes(head[68:72], "big") == migrations.APPLICATION_ID)


def connect(path: Path, mode: str = "rw", timeout: float = 10.0) -> sqlite3.Connection:
    """Open ``path``: ``rw`` (create if missing), ``ro`` (read only) or ``immutable`` (a read-only disk)."""
    if mode == "rw":
        conn = sqlite3.connect(str(path), timeout=timeout, isolation_level=None, check_same_thread=False)
    else:
        query = "mode=ro" if mode == "ro" else "mode=ro&immutable=1"
        uri = Path(path).absolute().as_uri() + "?" + query
        conn = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
    return conn


def set_aside(path: Path, why: str) -> Path:
    aside = path.with_name(f"{path.name}.{why}-{_stamp()}")
    try:
        os.replace(path, aside)
    except FileNotFoundError:  # another process already moved it
        pass
    for suffix in ("-wal", "-shm", "-journal"):
        extra = Path(str(path) + suffix)
        if extra.exists():
            try:
                os.replace(extra, Path(str(aside) + suffix))
            except OSError:
                pass
    return aside


def problem_of(conn: sqlite3.Connection) -> str | None:
    """``None`` if ``conn`` is a usable swedu store (or empty, or older), else 'foreign', 'newer' or
    'damaged'. Reads only: a foreign file is never changed."""
    problem = migrations.check(conn)
    if problem is None and conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
        return "damaged"
    return problem


_DAMAGED_WORDS = ("not a database", "malformed", "corrupt", "encrypted")


def says_damaged(error: sqlite3.DatabaseError) -> bool:
    """Whether SQLite's ``error`` says the file itself is bad."""
    return any(word in str(error).lower() for word in _DAMAGED_WORDS)


def says_busy(error: sqlite3.DatabaseError) -> bool:
    """Whether SQLite's ``error`` says another connection holds the store."""
    text = str(error).lower()
    return "locked" in text or "busy" in text


def try_open(path: Path) -> tuple[sqlite3.Connection | None, str | None]:
    """Open and check the store once: ``(connection, None)``, or ``(None, 'busy'|'damaged'|'foreign'|'newer')``."""
    conn = None
    try:
        conn = connect(path)
        problem = problem_of(conn)
        if problem is None:
            if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            if migrations.version(conn) != migrations.SCHEMA_VERSION:
                transaction(conn, migrations.upgrade)  # a new file, or a store of an older swedu
            return conn, None
    except sqlite3.DatabaseError as error:
        if says_busy(error):
            problem = "busy"
        elif says_damaged(error):
            problem = "damaged"
        else:
            # not the file's fault (permissions, a full disk ...): never move the student's file
            if conn is not None:
                conn.close()
            raise ProgressError(t("progress.store.cannot_open", file=str(path)) + f" ({error})") from None
    if conn is not None:
        conn.close()
    return None, problem


def open_store(path: Path) -> sqlite3.Connection:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ProgressError(t("progress.store.no_folder", folder=str(path.parent), error=str(error))) from None
    if os.path.lexists(path) and not os.path.isfile(path):  # a folder, a named pipe, a device
        raise ProgressError(t("progress.store.not_ours", file=str(path)))
    for attempt in range(4):
        conn, problem = try_open(path)
        if conn is not None:
            return conn
        time.sleep(0.1 * (attempt + 1))
        if problem == "busy":
            continue
        # Look twice before moving anything: the file must be just as bad a moment later.
        conn, again = try_open(path)
        if conn is not None:
            return conn
        if again != problem:
            continue
        if not is_swedus(path):
            raise ProgressError(t("progress.store.not_ours", file=str(path)))
        aside = set_aside(path, problem)
        message = t(f"progress.store.{problem}", file=str(path), aside=str(aside))
        last_notice["notice"] = message
        log.warning(message)
    raise ProgressError(t("progress.store.cannot_open", file=str(path)))


def transaction(conn: sqlite3.Connection, work, tries: int = 5):
    """Run ``work(conn)`` in one write transaction, retrying while another process holds the lock."""
    for attempt in range(tries):
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            if says_busy(error):
                if attempt == tries - 1:
                    raise
                time.sleep(0.02 * (attempt + 1))
                continue
            raise
        try:
            result = work(conn)
            conn.execute("COMMIT")
            return result
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return None  # pragma: no cover
