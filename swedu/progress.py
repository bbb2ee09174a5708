"""A student's progress: every check recorded on this computer, a summary, and one file to hand in.

Each check (the classifier, the exercises) calls :func:`record` with plain data:
ids, statuses, scores, the language and the time. Nothing else is kept: free text
(names, notes, stories about clients or families) is dropped before it reaches the
disk. The store is a small SQLite file in the user's data folder, written in
transactions with a write-ahead log, so a kernel that is killed loses nothing that
was already recorded and two notebooks open at once both record. A check never waits more than
:data:`RECORD_WAIT` for the store: when another program holds it, the record is kept in a small pending
file and written a moment later. Reading (the summary, the export) opens the store read-only, and only
a file that is swedu's own is ever set aside.

>>> import swedu.progress as progress, tempfile
>>> _ = progress.configure(tempfile.mkdtemp())
>>> progress.record({"kind": "exercise", "item": "lesson1-who-asked", "score": 1.0,
...                  "verdicts": {"q1": "correct"}, "note": "free text is dropped"})
>>> print(progress.summary())  # doctest: +ELLIPSIS
Your progress (activities: ..., done: 1)
...lesson1-who-asked...
>>> progress.attempts()[0]["score"]
1.0
>>> "note" in progress.attempts()[0]
False

In a notebook, ``swedu.progress.summary()`` (or just ``swedu.progress``) shows the same as a table.
Recording can be switched off (``set_recording(False)``, the environment variable
``SWEDU_PROGRESS=off`` or the command ``swedu progress off``). ``SWEDU_DATA_DIR`` or
:func:`configure` chooses where the store lives.

This module imports neither matplotlib nor ipywidgets.
"""
from __future__ import annotations

import hashlib
import html
import itertools
import json
import logging
import math
import os
import re
import sqlite3
import sys
import threading
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from swedu import __version__
from swedu.course import EXERCISE_IDS
from swedu.i18n import LANGUAGES, catalog, get_language, t
from swedu.hub.sender import outbox_from_environment
from swedu.scenarios import load_scenario, scenario_ids

__all__ = [
    "ProgressError", "Summary", "attempts", "configure", "export", "is_recording", "read_export",
    "record", "sanitize", "set_recording", "store_path", "summary", "validate_pseudonym",
]

log = logging.getLogger("swedu.progress")

SCHEMA_VERSION = 1
"""Version of the store's tables (``PRAGMA user_version``)."""
EXPORT_FORMAT = "swedu-progress-export"
EXPORT_VERSION = 1
"""Version of the hand-in file; :func:`read_export` refuses newer versions with a clear message."""
APPLICATION_ID = 0x53574544  # "SWED": marks the SQLite file as a swedu progress store
STORE_NAME = "progress.sqlite3"

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,79}$")
_TOKEN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,39}$")
_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$")
_PSEUDONYM = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{2,31}$")
_MAX_ENTRIES = 60
_MAX_LIST = 12

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    time TEXT NOT NULL,
    kind TEXT NOT NULL,
    item TEXT NOT NULL,
    stage TEXT NOT NULL DEFAULT '',
    score REAL,
    language TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS attempts_item ON attempts (kind, item, stage);
"""


class ProgressError(ValueError):
    """A problem a student can fix (a pseudonym that is not allowed, a folder that cannot be written)."""


# ---------------------------------------------------------------------------------------------
# Where the store lives, and whether to record


def default_data_dir() -> Path:
    """The per-user data folder: ``$XDG_DATA_HOME/swedu`` (``~/.local/share/swedu``) on Linux,
    ``~/Library/Application Support/swedu`` on macOS, ``%APPDATA%\\swedu`` on Windows."""
    home = Path.home()
    if sys.platform == "darwin":
        return home / "Library" / "Application Support" / "swedu"
    if os.name == "nt":
        return Path(os.environ.get("APPDATA") or home / "AppData" / "Roaming") / "swedu"
    xdg = os.environ.get("XDG_DATA_HOME")
    return (Path(xdg) if xdg and os.path.isabs(xdg) else home / ".local" / "share") / "swedu"


_state = {"configured": None, "recording": None, "warned": False, "notice": None}
_lock = threading.RLock()
_connections: dict = {}


def configure(path: str | os.PathLike | None = None) -> Path:
    """Keep the progress store in ``path`` (a folder, or a ``.sqlite3``/``.db`` file); ``None`` goes back
    to ``SWEDU_DATA_DIR`` or the per-user data folder. Returns the store file."""
    _settle()  # this session's waiting records go to the store they were made for
    with _lock:
        _close_all()
        _state["configured"] = None if path is None else Path(path).expanduser()
        _state["warned"] = False
        _state["notice"] = None
    return store_path()


def _reset() -> None:
    """Forget every choice made in this process (tests use this between cases)."""
    _settle()
    with _lock:
        _close_all()
        _state.update(configured=None, recording=None, warned=False, notice=None, outbox=None)
        _pending.clear()


def store_path() -> Path:
    """The SQLite file that holds this student's attempts."""
    chosen = _state["configured"]
    if chosen is None:
        env = os.environ.get("SWEDU_DATA_DIR")
        chosen = Path(env).expanduser() if env else default_data_dir()
    if chosen.suffix.lower() in (".sqlite3", ".sqlite", ".db"):
        return chosen
    return chosen / STORE_NAME


def set_recording(on: bool, persist: bool = False) -> None:
    """Switch recording on or off for this Python session; with ``persist=True`` also for every later
    session on this computer (what ``swedu progress on|off`` does). An explicit choice here wins over
    the environment variable ``SWEDU_PROGRESS``."""
    with _lock:
        _state["recording"] = bool(on)
    if persist:
        conn = _connection()
        _write(conn, lambda c: c.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('recording', ?)",
                                         ("on" if on else "off",)))


def _env_off() -> bool:
    return os.environ.get("SWEDU_PROGRESS", "").strip().lower() in ("off", "0", "false", "no", "none")


def is_recording() -> bool:
    """Whether :func:`record` writes anything right now."""
    if _state["recording"] is not None:
        return _state["recording"]
    if _env_off():
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


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


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
    import stat

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
            problem = _check(conn)
            if problem is None and conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                problem = "damaged"
        except sqlite3.DatabaseError as error:
            last = error
            problem = "damaged" if any(w in str(error).lower() for w in _DAMAGED_WORDS) else None
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
    import stat

    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False
        if Path(path).name == STORE_NAME:
            return True
        with open(path, "rb") as handle:
            head = handle.read(100)
    except OSError:
        return False
    return (len(head) == 100 and head.startswith(b"SQLite format 3\x00")
            and int.from_bytes(head[68:72], "big") == APPLICATION_ID)


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


def _check(conn: sqlite3.Connection) -> str | None:
    """``None`` if ``conn`` is a usable swedu store (or empty), else why not: 'foreign' or 'newer'."""
    app = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    tables.discard("sqlite_sequence")
    if not tables and app in (0, APPLICATION_ID) and version in (0, SCHEMA_VERSION):
        return None
    if app != APPLICATION_ID or not {"meta", "attempts"} <= tables:
        return "foreign"
    if version > SCHEMA_VERSION:
        return "newer"
    return None


_DAMAGED_WORDS = ("not a database", "malformed", "corrupt", "encrypted")


def _try_open(path: Path) -> tuple[sqlite3.Connection | None, str | None]:
    """Open and check the store once: ``(connection, None)``, or ``(None, 'busy'|'damaged'|'foreign'|'newer')``."""
    conn = None
    try:
        conn = _connect(path)
        problem = _check(conn)  # read-only: a foreign file is never changed
        if problem is None and conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            problem = "damaged"
        if problem is None:
            if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
                _create(conn)
            return conn, None
    except sqlite3.DatabaseError as error:
        text = str(error).lower()
        if "locked" in text or "busy" in text:
            problem = "busy"
        elif any(word in text for word in _DAMAGED_WORDS):
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


def _create(conn: sqlite3.Connection) -> None:
    def create(c):
        if c.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
            return
        for statement in _SCHEMA.split(";"):
            if statement.strip():
                c.execute(statement)
        c.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('created', ?)", (_now(),))
        c.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('store', ?)", (uuid.uuid4().hex,))
        c.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        c.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    _write(conn, create)


def _write(conn: sqlite3.Connection, work, tries: int = 5):
    """Run ``work(conn)`` in one write transaction, retrying while another process holds the lock."""
    for attempt in range(tries):
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            if "locked" in str(error).lower() or "busy" in str(error).lower():
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
# Keeping only ids, statuses, scores, languages and times


_valid: dict = {_TOKEN: {}, _ID: {}}
"""Per pattern, which strings were already checked (ids repeat a lot; bounded in size)."""


def _token(value, pattern=_TOKEN):
    """``value`` if it is a short id for ``pattern``, else ``None``."""
    seen = _valid[pattern]
    try:
        ok = seen[value]
    except (KeyError, TypeError):  # not seen yet, or not hashable
        if type(value) is not str:
            return None
        ok = pattern.match(value) is not None
        if len(seen) < 20_000:
            seen[value] = ok
    return value if ok else None


def _scalar(value):
    """An id, number or truth value; anything else (free text) is ``None``."""
    if type(value) is str:
        return _token(value)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return value if math.isfinite(value) else None
    return None


def _answer_value(value):
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        kept = []
        for v in itertools.islice(items, _MAX_LIST):
            v = _scalar(v)
            if v is not None:
                kept.append(v)
        return kept
    return _scalar(value)


def _id_map(value, clean) -> dict:
    out: dict = {}
    if not isinstance(value, Mapping):
        return out
    for key, item in itertools.islice(value.items(), _MAX_ENTRIES):
        if _token(key) is None:
            continue
        item = clean(item)
        if item is not None:
            out[key] = item
    return out


def _misconception_list(value):
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)):
        return None
    kept = [v for v in (_token(v) for v in value[:_MAX_LIST]) if v]
    return kept or None


def sanitize(record: Mapping, answers: bool = True) -> dict | None:
    """The part of ``record`` the store keeps, or ``None`` when it names no activity.

    Only ids, statuses, scores, a language and (on export) the time survive; text with spaces,
    unknown keys and oversized data are dropped. ``answers=False`` leaves the answer out.

    >>> sanitize({"kind": "scenario", "item": "delinquent-youth", "stage": "intake",
    ...           "answer": {"teen": ["client"], "parents": "Pak Hartono is angry"},
    ...           "verdicts": {"teen": "wrong"}, "score": 0.25, "language": "id", "comment": "hi"})
    ... # doctest: +NORMALIZE_WHITESPACE
    {'kind': 'scenario', 'item': 'delinquent-youth', 'stage': 'intake', 'score': 0.25, 'language': 'id',
     'answer': {'teen': ['client']}, 'verdicts': {'teen': 'wrong'}, 'misconceptions': {}}
    >>> sanitize({"item": "my notes about the family"}) is None
    True
    """
    if not isinstance(record, Mapping):
        return None
    kind = _token(record.get("kind")) or "exercise"
    item = _token(record.get("item"), _ID)
    if item is None:
        return None
    stage = _token(record.get("stage"), _ID) or ""
    score = record.get("score")
    if isinstance(score, bool):
        score = float(score)
    elif isinstance(score, (int, float)) and math.isfinite(score) and 0 <= score <= 1:
        score = round(float(score), 4)
    else:
        score = None
    if score is None and isinstance(record.get("correct"), bool):
        score = 1.0 if record["correct"] else 0.0
    language = record.get("language")
    if language not in LANGUAGES:
        language = get_language()
    answer = record.get("answer") if answers else None
    if isinstance(answer, Mapping):
        answer = _id_map(answer, _answer_value)
    else:
        answer = _answer_value(answer)
    clean = {
        "kind": kind, "item": item, "stage": stage, "score": score, "language": language,
        "answer": answer,
        "verdicts": _id_map(record.get("verdicts"), _token),
        "misconceptions": _id_map(record.get("misconceptions"), _misconception_list),
    }
    alternatives = _id_map(record.get("alternatives"), _misconception_list)
    if alternatives:  # roles the key also accepts, chosen by the learner: counted apart from errors
        clean["alternatives"] = alternatives
    return clean


# ---------------------------------------------------------------------------------------------
# Recording


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


def record(record: Mapping) -> None:
    """Keep one check in the store. Never raises: a problem is logged once as a warning.

    ``record`` is :meth:`swedu.Feedback.to_record` or a similar dictionary with ``kind``,
    ``item``, ``stage``, ``answer``, ``verdicts``, ``misconceptions``, ``score`` and ``language``.
    It never makes the learner wait more than :data:`RECORD_WAIT`: a busy store gets the record later.
    """
    try:
        explicit = _state["recording"]
        if explicit is False or (explicit is None and _env_off()):
            return
        clean = sanitize(record)
        if clean is None:
            _warn_once(t("progress.record.ignored"))
            return
        data = json.dumps({k: clean[k] for k in ("answer", "verdicts", "misconceptions", "alternatives")
                           if k in clean},
                          separators=(",", ":"), sort_keys=True)
        values = (_now(), clean["kind"], clean["item"], clean["stage"], clean["score"], clean["language"],
                  data)
        statement = _INSERT_ALWAYS if explicit is True else _INSERT_UNLESS_OFF
        item = {"path": store_path(), "statement": statement, "values": values, "done": threading.Event(),
                "file": None, "clean": clean, "outbox": _hub_outbox()}
        with _lock:
            _pending.append(item)
        _wake_writer()
        if not item["done"].wait(RECORD_WAIT):
            _keep_pending(item)
    except Exception as error:  # noqa: BLE001 - recording must never break a lesson
        try:
            _warn_once(t("progress.record.failed", file=str(store_path()), error=str(error)))
        except Exception:
            log.debug("recording failed", exc_info=True)


def _hub_outbox():
    """The queue to the class's JupyterHub service when the course runs on a hub that offers it
    (:mod:`swedu.hub.sender`), else ``None``."""
    if _state.get("outbox") is None:
        _state["outbox"] = outbox_from_environment(store=HUB_STORE) or False
    return _state["outbox"] or None


class HUB_STORE:  # noqa: N801 - a namespace, not a class to make instances of
    """What :mod:`swedu.hub.sender` needs of this store (it never imports this module: no cycle)."""

    @staticmethod
    def connection():
        return _connection()

    @staticmethod
    def write(conn, change):
        return _write(conn, change)


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
                                       else "always", "values": item["values"]}), encoding="utf-8")
            os.replace(tmp, target)
            item["file"] = target
        except OSError:
            log.debug("could not keep a pending record in a file", exc_info=True)


def _take_in_pending_files(conn: sqlite3.Connection, path: Path) -> list[Path]:
    """Insert the pending records left by kernels that have ended (inside the caller's transaction)."""
    taken = []
    for file in sorted(path.parent.glob(f"{glob_escape(path.name)}.pending-*.json")):
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
        conn.execute(statement, values)
        taken.append(file)
    return taken


def glob_escape(name: str) -> str:
    import glob

    return glob.escape(name)


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


import atexit  # noqa: E402 - registered beside the writer it waits for

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
        except sqlite3.OperationalError as error:
            if "locked" in str(error).lower() or "busy" in str(error).lower():
                _writer_state["locked"] = True
                pause = min((pause or 0.05) * 2, 2.0)
                continue
            _forget(current)
            _give_up(batch, error)
            pause = 0.05
            continue
        except Exception as error:  # noqa: BLE001 - never a traceback in a lesson
            _forget(current)
            _give_up(batch, error)
            pause = 0.05
            continue
        _writer_state["locked"] = False
        for outbox in {id(i["outbox"]): i["outbox"] for i in batch if i.get("outbox") is not None}.values():
            outbox.wake()  # sent in the background: a Check never waits for the network
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


def attempts() -> list[dict]:
    """Every recorded attempt, oldest first, as plain dictionaries (read only: never waits on a writer)."""
    _settle()
    conn = _reader()
    if conn is None:
        return []
    rows = conn.execute(
        "SELECT time, kind, item, stage, score, language, data FROM attempts ORDER BY id").fetchall()
    out = []
    for time_, kind, item, stage, score, language, data in rows:
        try:
            extra = json.loads(data)
        except ValueError:
            extra = {}
        out.append({"time": time_, "kind": kind, "item": item, "stage": stage, "score": score,
                    "language": language, "answer": extra.get("answer", {}),
                    "verdicts": extra.get("verdicts", {}), "misconceptions": extra.get("misconceptions", {})})
        if extra.get("alternatives"):
            out[-1]["alternatives"] = extra["alternatives"]
    return out


# ---------------------------------------------------------------------------------------------
# Summary


@dataclass(frozen=True)
class Row:
    """One activity in the summary."""

    kind: str
    item: str
    stage: str
    attempts: int
    best: float | None
    last: float | None
    last_time: str

    @property
    def done(self) -> bool:
        return self.best is not None and self.best >= 0.9999


def _titles(kind: str, item: str, stage: str, language: str) -> str:
    if kind == "scenario":
        try:
            if item not in scenario_ids():  # an id is never used as a path (it may come from an edited store)
                raise LookupError(item)
            scenario = load_scenario(item)
            title = scenario.title[language]
            if stage:
                try:
                    title = f"{title} — {scenario.stage(stage).title[language]}"
                except Exception:  # noqa: BLE001
                    title = f"{title} — {stage}"
            return title
        except Exception:  # noqa: BLE001 - an unknown or removed scenario shows its id
            log.debug("no title for %s", item)
    named = _cat(language).get(f"exercises.title.{item}")  # the exercises' own catalog, when present
    if named:
        return named
    return f"{item} — {stage}" if stage else item


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)}%"


def _when(stamp: str) -> str:
    return stamp[:16].replace("T", " ") + " UTC" if stamp else ""


class Summary:
    """What a student has done: per activity the number of attempts, best and last score, last time.

    ``str()`` is a plain-text table; in a notebook it shows as an (escaped) HTML table.
    """

    def __init__(self, rows, language: str, recording: bool, path: Path, notice: str | None = None):
        self.rows = tuple(rows)
        self.language = language
        self.recording = recording
        self.path = path
        self.notice = notice

    @property
    def done(self) -> int:
        return sum(r.done for r in self.rows)

    def _heading(self) -> str:
        return t("progress.summary.heading", self.language, activities=len(self.rows), done=self.done)

    def _cells(self, row: Row) -> list[str]:
        lang = self.language
        status = "done" if row.done else "started" if row.attempts else "todo"
        return [
            t(f"progress.summary.kind.{row.kind}", lang) if f"progress.summary.kind.{row.kind}" in _cat(lang)
            else row.kind,
            _titles(row.kind, row.item, row.stage, lang),
            t(f"progress.summary.status.{status}.icon", lang) + " " + t(f"progress.summary.status.{status}.label", lang),
            _percent(row.best), _percent(row.last), str(row.attempts), _when(row.last_time),
        ]

    def _header(self) -> list[str]:
        return [t(f"progress.summary.column.{c}", self.language)
                for c in ("kind", "activity", "status", "best", "last", "attempts", "when")]

    def _footer(self) -> list[str]:
        lines = []
        if self.notice:
            lines.append(self.notice)
        waiting = pending()
        if waiting:
            lines.append(t("progress.summary.pending", self.language, count=waiting))
        if not any(r.attempts for r in self.rows):
            lines.append(t("progress.summary.empty", self.language))
        if not self.recording:
            lines.append(t("progress.summary.off", self.language))
        return lines

    def __str__(self) -> str:
        table = [self._header()] + [self._cells(r) for r in self.rows]
        widths = [max(len(line[i]) for line in table) for i in range(len(table[0]))]
        lines = [self._heading()]
        if self.rows:
            for n, line in enumerate(table):
                lines.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(line)).rstrip())
                if n == 0:
                    lines.append("  ".join("-" * w for w in widths))
        lines.extend(self._footer())
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"<swedu progress summary: {len(self.rows)} activities, {self.done} done>"

    def _repr_html_(self) -> str:
        e = html.escape
        parts = [f'<div class="swedu-progress" lang="{e(self.language)}">', f"<h4>{e(self._heading())}</h4>"]
        if self.rows:
            parts.append("<table><thead><tr>" + "".join(f'<th scope="col">{e(h)}</th>' for h in self._header())
                         + "</tr></thead><tbody>")
            for row in self.rows:
                cells = self._cells(row)
                css = "swedu-ok" if row.done else "swedu-partial" if row.attempts else "swedu-empty"
                parts.append(f'<tr class="{css}" data-item="{e(row.item)}" data-stage="{e(row.stage)}">'
                             + "".join(f"<td>{e(c)}</td>" for c in cells) + "</tr>")
            parts.append("</tbody></table>")
        parts.extend(f"<p>{e(line)}</p>" for line in self._footer())
        parts.append("</div>")
        return "".join(parts)


def _cat(language: str):
    return catalog(language)


def summary(language: str | None = None) -> Summary:
    """This student's progress per activity, in the current language (or ``language``)."""
    lang = language or get_language()
    _settle()
    try:
        conn = _reader()
    except ProgressError as error:  # shown in the summary, never as a traceback
        return Summary((), lang, True, store_path(), str(error))
    rows = [] if conn is None else conn.execute(
        """SELECT kind, item, stage, COUNT(*), MAX(score), MAX(time), MIN(id),
                  (SELECT score FROM attempts b WHERE b.kind = a.kind AND b.item = a.item
                      AND b.stage = a.stage ORDER BY b.id DESC LIMIT 1)
           FROM attempts a GROUP BY kind, item, stage ORDER BY MIN(id)""").fetchall()
    items = [Row(kind, item, stage, count, best, last, when)
             for kind, item, stage, count, best, when, _, last in rows]
    tried = {r.item for r in items if r.kind == "exercise"}
    items += [Row("exercise", item, "", 0, None, None, "") for item in _course_exercises() if item not in tried]
    return Summary(items, lang, is_recording(), store_path(), store_notice())


def _course_exercises() -> list[str]:
    """The course's exercise ids (listed as 'not started' until tried), from the plan below the course layer."""
    return list(EXERCISE_IDS)


# ---------------------------------------------------------------------------------------------
# Export for hand-in


def validate_pseudonym(pseudonym) -> str:
    """The pseudonym if it is allowed (3 to 32 letters, digits, ``-`` or ``_``), else :class:`ProgressError`.

    >>> validate_pseudonym("owl-17")
    'owl-17'
    >>> validate_pseudonym("Siti Rahma")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    swedu.progress.ProgressError: The pseudonym 'Siti Rahma' cannot be used. ...
    """
    text = pseudonym.strip() if isinstance(pseudonym, str) else pseudonym
    if isinstance(text, str) and _PSEUDONYM.match(text) and "@" not in text:
        return text
    raise ProgressError(t("progress.export.bad_pseudonym", given=str(pseudonym)[:60]))


def checksum(payload: Mapping) -> str:
    """The SHA-256 of the export without its ``checksum`` field, in canonical JSON."""
    body = {k: v for k, v in payload.items() if k != "checksum"}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return "sha256:" + hashlib.sha256(text.encode("ascii")).hexdigest()


def export(path: str | os.PathLike, pseudonym: str) -> Path:
    """Write every recorded attempt to one JSON file to hand in, under a ``pseudonym`` the student chooses.

    ``path`` may be a folder (the file is then ``swedu-progress-<pseudonym>.json``). Returns the file.
    """
    name = validate_pseudonym(pseudonym)
    target = Path(path).expanduser()
    if target.is_dir():
        target = target / f"swedu-progress-{name}.json"
    payload = {
        "format": EXPORT_FORMAT, "version": EXPORT_VERSION, "pseudonym": name, "exported": _now(),
        "swedu": __version__, "store": store_id(), "attempts": attempts(),
    }
    payload["checksum"] = checksum(payload)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "w", encoding="utf-8") as handle:
            json.dump(payload, handle, ensure_ascii=False, indent=1, sort_keys=True)
            handle.write("\n")
        os.replace(tmp, target)
    except OSError as error:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise ProgressError(t("progress.export.cannot_write", file=str(target), error=str(error))) from None
    return target


class ExportProblem(ValueError):
    """Why a file cannot be used as a progress export; ``.reason`` is one of ``missing``, ``not_a_file``,
    ``unreadable``, ``too_big``, ``encoding``, ``not_json``, ``too_deep``, ``foreign``, ``newer``,
    ``checksum``, ``bad_pseudonym``."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(reason if not detail else f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


MAX_EXPORT_BYTES = 16 * 1024 * 1024
"""A real export of thousands of attempts is a few MB; anything larger is not read."""
MAX_EXPORT_DEPTH = 12
"""An export nests five levels deep; deeper JSON is refused before it is walked."""


def _read_regular_file(path, limit: int) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``limit`` bytes, else :class:`ExportProblem`.

    A named pipe, a device or a folder is never opened for reading (a pipe would wait forever, a
    device may never end): the file is checked before it is opened, and again once it is open.
    """
    import stat

    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise ExportProblem("missing") from None
    except OSError as error:
        raise ExportProblem("unreadable", str(error)) from None
    if not stat.S_ISREG(info.st_mode):
        raise ExportProblem("not_a_file")
    if info.st_size > limit:
        raise ExportProblem("too_big", str(info.st_size))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as error:
        raise ExportProblem("unreadable", str(error)) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped for a pipe between the two looks
            raise ExportProblem("not_a_file")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            raw = handle.read(limit + 1)
    except OSError as error:
        raise ExportProblem("unreadable", str(error)) from None
    finally:
        os.close(fd)
    if len(raw) > limit:
        raise ExportProblem("too_big", str(len(raw)))
    return raw


def _depth_ok(value, limit: int) -> bool:
    """Whether ``value`` (parsed JSON) nests at most ``limit`` lists and objects deep (no recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return False
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return True


def read_export(path: str | os.PathLike, answers: bool = True) -> dict:
    """Read and check one hand-in file; raises :class:`ExportProblem` when it cannot be used.

    Only a regular file of at most :data:`MAX_EXPORT_BYTES` is read, as UTF-8 JSON nested at most
    :data:`MAX_EXPORT_DEPTH` deep. The attempts are cleaned with :func:`sanitize` again, so a
    hand-edited file brings in no free text; with ``answers=False`` the answers are left out (the class
    report does not need them). The checksum detects accidental damage (a truncated copy, an editor
    that changed the file); it cannot prove who made the file, since anyone can recompute it.
    """
    raw = _read_regular_file(path, MAX_EXPORT_BYTES)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # JSON saved in another encoding (UTF-16 by a Windows editor, Latin-1) or not text at all
        other = raw.startswith((b"\xff\xfe", b"\xfe\xff")) or raw.lstrip()[:1] in (b"{", b"[")
        raise ExportProblem("encoding" if other else "not_json") from None
    try:
        payload = json.loads(text)
    except RecursionError:
        raise ExportProblem("too_deep") from None
    except ValueError as error:
        raise ExportProblem("not_json", str(error)[:80]) from None
    if not _depth_ok(payload, MAX_EXPORT_DEPTH):
        raise ExportProblem("too_deep")
    if not isinstance(payload, dict) or payload.get("format") != EXPORT_FORMAT:
        raise ExportProblem("foreign")
    version = payload.get("version")
    if type(version) is not int or version < 1:
        raise ExportProblem("foreign")
    if version > EXPORT_VERSION:
        raise ExportProblem("newer", str(version))
    if payload.get("checksum") != checksum(payload):
        raise ExportProblem("checksum")
    try:
        validate_pseudonym(payload.get("pseudonym"))
    except ProgressError:
        raise ExportProblem("bad_pseudonym") from None
    items = payload.get("attempts")
    if not isinstance(items, list):
        raise ExportProblem("foreign")
    clean = []
    for item in items:
        tidy = sanitize(item, answers)
        if tidy is not None:
            when = item.get("time") if isinstance(item, Mapping) else None
            tidy["time"] = when if isinstance(when, str) and _TIME.match(when) else ""
            clean.append(tidy)
    exported = payload.get("exported")
    return {"pseudonym": payload["pseudonym"],
            "exported": exported if isinstance(exported, str) and _TIME.match(exported) else "",
            "checksum": payload["checksum"], "store": _token(payload.get("store")) or "", "attempts": clean,
            "dropped": len(items) - len(clean)}


def run_cli(action: str | None, path: str | None = None, pseudonym: str | None = None) -> int:
    """``swedu progress [summary | export PATH --id PSEUDONYM | on | off | where]``; returns the exit code."""
    try:
        if action in (None, "summary"):
            print(summary())
            return 0
        if action == "where":
            print(t("progress.cli.where", file=str(store_path())))
            return 0
        if action in ("on", "off"):
            set_recording(action == "on", persist=True)
            print(t(f"progress.cli.{action}", file=str(store_path())))
            return 0
        if action == "export":
            if not pseudonym:
                print(t("progress.cli.export_needs_id"))
                return 2
            written = export(path or ".", pseudonym)
            print(t("progress.cli.exported", attempts=len(attempts()), file=str(written)))
            return 0
    except ProgressError as error:
        print(error)
        return 1
    return 2  # pragma: no cover - argparse limits the actions


def _repr_html_() -> str:
    """In a notebook, evaluating ``swedu.progress`` itself shows the summary."""
    return summary()._repr_html_()
