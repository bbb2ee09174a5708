"""The store: one SQLite file per student, opened safely, written by one thread, never waited on.

The store is written in transactions with a write-ahead log, so a kernel that is killed loses nothing
that was already recorded and two notebooks open at once both record. A check never waits more than
:data:`RECORD_WAIT` for the store: when another program holds it, the record is kept in a small pending
file and written a moment later (by this kernel, or by the next one that records if this one ends).
Reading (the summary, the export) opens the store read-only, and only a file that is swedu's own
(:func:`_is_swedus`) is ever set aside: a damaged one, or one of a newer swedu. An older store is
upgraded the first time it is opened for writing (:mod:`swedu.progress.migrations`).

This module knows attempts (:class:`~swedu.progress.attempt.Attempt`), never the course, its exercises
or its checks.
"""
from __future__ import annotations

import atexit
import glob
import json
import logging
import os
import sqlite3
import stat
import threading
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path

from swedu.i18n import t
from swedu.progress import migrations, outbox, settings
from swedu.progress.attempt import Attempt, now

log = logging.getLogger("swedu.progress")


class ProgressError(ValueError):
    """A problem a student can fix (a pseudonym that is not allowed, a folder that cannot be written)."""


ProgressError.__module__ = "swedu.progress"  # the name students and callers use (tracebacks show it)


_state = {"warned": False, "notice": None, "outbox": None}
_lock = threading.RLock()
_connections: dict = {}


def configure(path: str | os.PathLike | None = None) -> Path:
    """Keep the progress store in ``path`` (a folder, or a ``.sqlite3``/``.db`` file); ``None`` goes back
    to ``SWEDU_DATA_DIR`` or the per-user data folder. Returns the store file."""
    _settle()  # this session's waiting records go to the store they were made for
    with _lock:
        _close_all()
        settings.choose_location(path)
        _state["warned"] = False
        _state["notice"] = None
    return store_path()


def reset() -> None:
    """Forget every choice made in this process (tests use this between cases)."""
    _settle()
    with _lock:
        _close_all()
        settings.forget()
        _state.update(warned=False, notice=None, outbox=None)
        _pending.clear()


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
        conn = _connection()
        _write(conn, lambda c: c.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('recording', ?)",
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
# Opening the store safely


def _stamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")


def _connection(path: Path | None = None) -> sqlite3.Connection:
    """The open store for this process (opened, checked and created on first use)."""
    path = store_path() if path is None else path
    key = (str(path), os.getpid(), threading.get_ident())
    conn = _connections.get(key)
    if conn is None:
        with _lock:
            conn = _connections.get(key)
            if conn is None:
                conn = _open(path)
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
            conn = _connect(path, mode)
            problem = _problem(conn)
        except sqlite3.DatabaseError as error:
            last = error
            problem = "damaged" if _damaged(error) else None
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
        if _is_swedus(path):
            return _connection(path)  # swedu's own damaged or newer store: set aside as before
        raise ProgressError(t("progress.store.not_ours", file=str(path)))
    raise ProgressError(t("progress.store.cannot_read", file=str(path), error=str(last)))


def _is_swedus(path: Path) -> bool:
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


def _close_all() -> None:
    with _lock:  # the writer's connection: closed now if it is idle, else as soon as its batch is written
        if _writer_state.get("busy"):
            _writer_state["stale"] = True
        else:
            _forget(_writer_state.get("current", []))
    for key, conn in list(_connections.items()):
        if key[1] == os.getpid():
            try:
                conn.close()
            except Exception:
                log.debug("closing the progress store failed", exc_info=True)
    _connections.clear()


def _connect(path: Path, mode: str = "rw", timeout: float = 10.0) -> sqlite3.Connection:
    """Open ``path``: ``rw`` (create if missing), ``ro`` (read only) or ``immutable`` (a read-only disk)."""
    if mode == "rw":
        conn = sqlite3.connect(str(path), timeout=timeout, isolation_level=None, check_same_thread=False)
    else:
        query = "mode=ro" if mode == "ro" else "mode=ro&immutable=1"
        uri = Path(path).absolute().as_uri() + "?" + query
        conn = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
    return conn


def _set_aside(path: Path, why: str) -> Path:
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


def _problem(conn: sqlite3.Connection) -> str | None:
    """``None`` if ``conn`` is a usable swedu store (or empty, or older), else 'foreign', 'newer' or
    'damaged'. Reads only: a foreign file is never changed."""
    problem = migrations.check(conn)
    if problem is None and conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
        return "damaged"
    return problem


_DAMAGED_WORDS = ("not a database", "malformed", "corrupt", "encrypted")


def _damaged(error: sqlite3.DatabaseError) -> bool:
    """Whether SQLite's ``error`` says the file itself is bad."""
    return any(word in str(error).lower() for word in _DAMAGED_WORDS)


def _busy(error: sqlite3.DatabaseError) -> bool:
    """Whether SQLite's ``error`` says another connection holds the store."""
    text = str(error).lower()
    return "locked" in text or "busy" in text


def _try_open(path: Path) -> tuple[sqlite3.Connection | None, str | None]:
    """Open and check the store once: ``(connection, None)``, or ``(None, 'busy'|'damaged'|'foreign'|'newer')``."""
    conn = None
    try:
        conn = _connect(path)
        problem = _problem(conn)
        if problem is None:
            if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            if migrations.version(conn) != migrations.SCHEMA_VERSION:
                _write(conn, migrations.upgrade)  # a new file, or a store of an older swedu
            return conn, None
    except sqlite3.DatabaseError as error:
        if _busy(error):
            problem = "busy"
        elif _damaged(error):
            problem = "damaged"
        else:
            # not the file's fault (permissions, a full disk ...): never move the student's file
            if conn is not None:
                conn.close()
            raise ProgressError(t("progress.store.cannot_open", file=str(path)) + f" ({error})") from None
    if conn is not None:
        conn.close()
    return None, problem


def _open(path: Path) -> sqlite3.Connection:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ProgressError(t("progress.store.no_folder", folder=str(path.parent), error=str(error))) from None
    if os.path.lexists(path) and not os.path.isfile(path):  # a folder, a named pipe, a device
        raise ProgressError(t("progress.store.not_ours", file=str(path)))
    for attempt in range(4):
        conn, problem = _try_open(path)
        if conn is not None:
            return conn
        time.sleep(0.1 * (attempt + 1))
        if problem == "busy":
            continue
        # Look twice before moving anything: the file must be just as bad a moment later.
        conn, again = _try_open(path)
        if conn is not None:
            return conn
        if again != problem:
            continue
        if not _is_swedus(path):
            raise ProgressError(t("progress.store.not_ours", file=str(path)))
        aside = _set_aside(path, problem)
        message = t(f"progress.store.{problem}", file=str(path), aside=str(aside))
        _state["notice"] = message
        log.warning(message)
    raise ProgressError(t("progress.store.cannot_open", file=str(path)))


def _write(conn: sqlite3.Connection, work, tries: int = 5):
    """Run ``work(conn)`` in one write transaction, retrying while another process holds the lock."""
    for attempt in range(tries):
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            if _busy(error):
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


def store_id() -> str:
    """A random id made when the store was created: it tells a re-export by the same student (same store)
    from another student who chose the same pseudonym. It says nothing about the student."""
    conn = _reader()
    row = conn.execute("SELECT value FROM meta WHERE key = 'store'").fetchone() if conn is not None else None
    if row is None:
        conn = _connection()
        _write(conn, lambda c: c.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('store', ?)",
                                         (uuid.uuid4().hex,)))
        row = conn.execute("SELECT value FROM meta WHERE key = 'store'").fetchone()
    return row[0]


def store_notice() -> str | None:
    """The last message about the store (for example that a damaged file was set aside), or ``None``."""
    return _state["notice"]
# ---------------------------------------------------------------------------------------------
# Writing attempts


def _warn_once(message: str) -> None:
    if not _state["warned"]:
        _state["warned"] = True
        log.warning(message)
    else:
        log.debug(message)


_INSERT_ALWAYS = "INSERT INTO attempts (time, kind, item, stage, score, language, data) VALUES (?, ?, ?, ?, ?, ?, ?)"
_INSERT_UNLESS_OFF = ("INSERT INTO attempts (time, kind, item, stage, score, language, data) "
                      "SELECT ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS "
                      "(SELECT 1 FROM meta WHERE key = 'recording' AND value = 'off')")


RECORD_WAIT = 0.25
"""The longest a check waits for its record to be written (seconds). When another program holds the
store (a long export, a backup tool, a second notebook stuck in a transaction), the record is kept in a
pending file beside the store and written as soon as the store is free."""

_pending: list = []
"""Records waiting for the writer: dicts with path, statement, values, done (an Event), file."""
_writer_state = {"thread": None, "pid": None, "wake": None}


def write(attempt: Attempt) -> None:
    """Keep one attempt in the store (and in the outbox to the class's hub, when there is one).

    Never raises: a problem is logged once as a warning. It never makes the learner wait more than
    :data:`RECORD_WAIT`: a busy store gets the attempt later. Recording switched off in this session or by
    ``SWEDU_PROGRESS`` writes nothing; switched off with ``swedu progress off`` is checked in the store.
    """
    try:
        if settings.skip_recording():
            return
        values = (now(), attempt.kind, attempt.item, attempt.stage_id, attempt.score, attempt.language,
                  attempt.data_json())
        statement = _INSERT_ALWAYS if settings.session_choice() is True else _INSERT_UNLESS_OFF
        item = {"path": store_path(), "statement": statement, "values": values, "done": threading.Event(),
                "file": None, "clean": attempt.as_dict(), "outbox": _hub_outbox()}
        with _lock:
            _pending.append(item)
        _wake_writer()
        if not item["done"].wait(RECORD_WAIT):
            _keep_pending(item)
    except Exception as error:  # noqa: BLE001 - recording must never break a lesson
        warn_failed(error)


def warn_failed(error: Exception) -> None:
    """Say once that a check could not be recorded (never raises)."""
    try:
        _warn_once(t("progress.record.failed", file=str(store_path()), error=str(error)))
    except Exception:  # noqa: BLE001
        log.debug("recording failed", exc_info=True)


def warn_ignored() -> None:
    """Say once that a record named no activity and was not kept."""
    _warn_once(t("progress.record.ignored"))


def _hub_outbox():
    """The queue to the class's JupyterHub service when the course runs on a hub that offers it
    (:mod:`swedu.progress.outbox`), else ``None``."""
    if _state.get("outbox") is None:
        _state["outbox"] = outbox.outbox_from_environment(store=HUB_STORE) or False
    return _state["outbox"] or None


def _hub_connection() -> sqlite3.Connection:
    return _connection()


HUB_STORE = outbox.StoreAccess(connection=_hub_connection, write=_write)
"""What the outbox (:mod:`swedu.progress.outbox`) needs of this store: open it, and run a change in one
write transaction (the outbox never imports the store: no cycle)."""


def _settle(limit: float = 5.0) -> None:
    """Before reading: give this session's own waiting records a moment to be written, so that a summary
    or an export right after a Check includes it. Never waits for a store another program holds."""
    end = time.monotonic() + limit
    while pending() and not _writer_state.get("locked") and time.monotonic() < end:
        time.sleep(0.01)


def pending() -> int:
    """How many checks of this session wait to be written (the store was busy)."""
    with _lock:
        return sum(1 for item in _pending if not item["done"].is_set())


def _keep_pending(item: dict) -> None:
    """Write a record that is still waiting to a small file beside the store, so that it survives the end
    of this kernel; whoever next writes to the store takes it in (:func:`_take_in_pending_files`)."""
    with _lock:
        if item["done"].is_set():
            return
        path = item["path"]
        target = path.with_name(f"{path.name}.pending-{os.getpid()}-{uuid.uuid4().hex[:12]}.json")
        try:
            tmp = target.with_name("." + target.name + ".tmp")
            tmp.write_text(json.dumps({"statement": "unless_off" if item["statement"] == _INSERT_UNLESS_OFF
                                       else "always", "values": item["values"],
                                       "hub": item["clean"] if item.get("outbox") is not None else None}),
                           encoding="utf-8")
            os.replace(tmp, target)
            item["file"] = target
        except OSError:
            log.debug("could not keep a pending record in a file", exc_info=True)


def _take_in_pending_files(conn: sqlite3.Connection, path: Path) -> list[Path]:
    """Insert the pending records left by kernels that have ended (inside the caller's transaction); a
    record its kernel meant for the class's hub service goes into the outbox too, in the same transaction."""
    taken = []
    for file in sorted(path.parent.glob(f"{glob.escape(path.name)}.pending-*.json")):
        try:
            pid = int(file.name.rsplit(".pending-", 1)[1].split("-", 1)[0])
        except ValueError:
            continue
        if pid == os.getpid() or _alive(pid):
            continue  # that kernel's own writer will write it
        try:
            saved = json.loads(file.read_text(encoding="utf-8"))
            values = tuple(saved["values"])
            statement = _INSERT_UNLESS_OFF if saved.get("statement") == "unless_off" else _INSERT_ALWAYS
            if len(values) != 7:
                continue
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if conn.execute(statement, values).rowcount and saved.get("hub") is not None:
            for_hub = Attempt.sanitised(saved["hub"])
            if for_hub is not None:
                outbox.queue_record(conn, for_hub.as_dict(), values[0])
                _state["hub_waiting"] = True
        taken.append(file)
    return taken


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def _after_fork_in_child() -> None:
    """A forked child does not write its parent's waiting records (the parent does) nor use its connections."""
    _pending.clear()
    _writer_state.update(thread=None, pid=None, wake=None, busy=False, current=[])
    _connections.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


def _at_exit() -> None:
    """When Python ends, give the last checks a moment to reach the store (they are safe in their pending
    files either way)."""
    _settle(2.0)


atexit.register(_at_exit)


def _wake_writer() -> None:
    with _lock:
        thread = _writer_state["thread"]
        if thread is None or not thread.is_alive() or _writer_state["pid"] != os.getpid():
            _writer_state["wake"] = threading.Event()
            _writer_state["pid"] = os.getpid()
            thread = threading.Thread(target=_writer_loop, name="swedu-progress-writer", daemon=True)
            _writer_state["thread"] = thread
            thread.start()
        _writer_state["wake"].set()


def _writer_loop() -> None:
    """Write pending records, oldest first, one store at a time; retry a busy store with growing pauses."""
    pause = 0.05
    wake = _writer_state["wake"]
    current: list = _writer_state.setdefault("current", [])  # [path, connection]: the writer's own
    while True:
        wake.wait(timeout=None if pause is None else pause)
        wake.clear()
        with _lock:
            waiting = [item for item in _pending if not item["done"].is_set()]
            _writer_state["busy"] = bool(waiting)
            if _writer_state.pop("stale", False):
                _forget(current)
        if not waiting:
            pause = None
            continue
        path = waiting[0]["path"]
        batch = [item for item in waiting if item["path"] == path]
        try:
            if not current or current[0] != path:
                _forget(current)
                current[:] = [path, _open(path)]
                current[1].execute("PRAGMA busy_timeout = 500")  # a busy store is retried below, not waited on
            conn = current[1]

            def insert(c):
                for item in batch:
                    if c.execute(item["statement"], item["values"]).rowcount and item.get("outbox") is not None:
                        # also for the class's hub service, in the same transaction
                        item["outbox"].queue(c, item["clean"], item["values"][0])
                return _take_in_pending_files(c, path)

            taken = _write(conn, insert, tries=1)
        except Exception as error:  # noqa: BLE001 - never a traceback in a lesson
            if isinstance(error, sqlite3.OperationalError) and _busy(error):
                _writer_state["locked"] = True
                pause = min((pause or 0.05) * 2, 2.0)
                continue
            _forget(current)
            _give_up(batch, error)
            pause = 0.05
            continue
        _writer_state["locked"] = False
        outboxes = {id(i["outbox"]): i["outbox"] for i in batch if i.get("outbox") is not None}
        if _state.pop("hub_waiting", False) and _hub_outbox() is not None:  # taken in from a pending file
            outboxes[id(_hub_outbox())] = _hub_outbox()
        for box in outboxes.values():
            box.wake()  # sent in the background: a Check never waits for the network
        for file in taken or ():
            file.unlink(missing_ok=True)
        with _lock:
            for item in batch:
                if item["file"] is not None:
                    item["file"].unlink(missing_ok=True)
                item["done"].set()
            _pending[:] = [item for item in _pending if not item["done"].is_set()]
            _writer_state["busy"] = False
            if _writer_state.pop("stale", False):
                _forget(current)
        pause = 0.0


def _forget(current: list) -> None:
    """Close the writer's connection (``[path, connection]``), if any."""
    if current:
        try:
            current[1].close()
        except Exception:  # noqa: BLE001
            log.debug("closing the writer's connection failed", exc_info=True)
        current.clear()


def _give_up(batch: list, error: Exception) -> None:
    """A store that cannot be opened at all: warn once; the records stay in their pending files, if any."""
    _warn_once(t("progress.record.failed", file=str(batch[0]["path"]), error=str(error)))
    with _lock:
        for item in batch:
            item["done"].set()
        _pending[:] = [item for item in _pending if not item["done"].is_set()]
        _writer_state["busy"] = False


def read_attempts() -> list[Attempt]:
    """Every recorded attempt, oldest first (read only: never waits on a writer)."""
    _settle()
    conn = _reader()
    if conn is None:
        return []
    rows = conn.execute(
        "SELECT time, kind, item, stage, score, language, data FROM attempts ORDER BY id").fetchall()
    return [Attempt.from_row(*row) for row in rows]


def attempts() -> list[dict]:
    """Every recorded attempt, oldest first, as plain dictionaries (read only: never waits on a writer)."""
    return [attempt.as_dict(time=True) for attempt in read_attempts()]
