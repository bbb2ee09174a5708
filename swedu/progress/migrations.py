"""The store's tables and their versions: each version is one step, applied in order to an older store.

A store says its version in ``PRAGMA user_version`` and that it is swedu's in ``PRAGMA application_id``.
A new (empty) file goes through every step; a store of an older swedu goes through the steps it lacks,
in one transaction, the next time it is opened for writing (reading never changes it: the attempts
table reads the same in every version). A store of a newer swedu is not changed (it is set aside).

>>> import sqlite3
>>> conn = sqlite3.connect(":memory:", isolation_level=None)
>>> check(conn) is None and version(conn)
0
>>> upgrade(conn)
>>> version(conn) == SCHEMA_VERSION and check(conn) is None
True
>>> sorted(r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"))
['attempts', 'hub_outbox', 'meta', 'sqlite_sequence']
"""
from __future__ import annotations

import uuid

from swedu.progress.attempt import now

APPLICATION_ID = 0x53574544  # "SWED": marks the SQLite file as a swedu progress store


def _version_1(conn) -> None:
    """The attempts and the store's own facts (when it was made, its random id)."""
    conn.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    conn.execute("""CREATE TABLE IF NOT EXISTS attempts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        time TEXT NOT NULL,
        kind TEXT NOT NULL,
        item TEXT NOT NULL,
        stage TEXT NOT NULL DEFAULT '',
        score REAL,
        language TEXT NOT NULL,
        data TEXT NOT NULL
    )""")
    conn.execute("CREATE INDEX IF NOT EXISTS attempts_item ON attempts (kind, item, stage)")
    conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('created', ?)", (now(),))
    conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('store', ?)", (uuid.uuid4().hex,))


def _version_2(conn) -> None:
    """The outbox to the class's hub service is the store's own table (before, the sender made it on its
    first record; a store that already has it keeps its waiting records)."""
    conn.execute("CREATE TABLE IF NOT EXISTS hub_outbox (record_id TEXT PRIMARY KEY, payload TEXT NOT NULL, "
                 "created TEXT NOT NULL)")


STEPS = (_version_1, _version_2)
"""``STEPS[n - 1]`` makes a store of version ``n - 1`` a store of version ``n``. Never change a step that
was released: add the next one."""
SCHEMA_VERSION = len(STEPS)
"""Version of the store's tables (``PRAGMA user_version``)."""


def version(conn) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def check(conn) -> str | None:
    """``None`` if ``conn`` is a usable swedu store (empty, older or current), else why not: ``foreign``
    (another program's database) or ``newer`` (made by a newer swedu). Reads only."""
    app = conn.execute("PRAGMA application_id").fetchone()[0]
    found = version(conn)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    tables.discard("sqlite_sequence")
    if not tables and app in (0, APPLICATION_ID) and found in (0, SCHEMA_VERSION):
        return None
    if app != APPLICATION_ID or not {"meta", "attempts"} <= tables:
        return "foreign"
    if found > SCHEMA_VERSION:
        return "newer"
    return None


def upgrade(conn) -> None:
    """Apply the steps the store lacks (``conn`` is inside the caller's write transaction, or in autocommit
    for a private connection); a current store is left as it is."""
    found = version(conn)
    if found >= SCHEMA_VERSION:
        return
    for step in STEPS[found:]:
        step(conn)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
