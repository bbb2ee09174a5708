"""Where the hub service keeps the class's records: one small interface, SQLite by default.

A record is what a student's kernel sent for one check, cleaned by :func:`swedu.progress.sanitize`
(ids, statuses, scores, a language, a time; never free text), filed under the student's hub name
and the client's record id. The pair (user, record id) is unique: a record sent twice is stored once.

>>> import tempfile, os
>>> store = SQLiteRecordStore(os.path.join(tempfile.mkdtemp(), "class.sqlite3"))
>>> record = {"kind": "scenario", "item": "delinquent-youth", "stage": "intake", "score": 0.5,
...           "language": "en", "answer": {}, "verdicts": {"teen": "wrong"},
...           "misconceptions": {"teen": ["target-is-the-bad-one"]}, "time": "2026-11-29T10:00:00.000000Z"}
>>> store.add("siti", ["class-a"], "r-0001-aaaa", record)
True
>>> store.add("siti", ["class-a"], "r-0001-aaaa", record)  # the same record again: stored once
False
>>> [r["item"] for r in store.records_of("siti")], store.groups(), store.count()
(['delinquent-youth'], ['class-a'], 1)

A faculty-wide deployment (several hub replicas, thousands of students) would implement the same
interface on PostgreSQL: concurrent writers from many processes, backups and replication that the
university's database service already runs. SQLite serialises writers in one file on one machine,
which is plenty for one hub and a few hundred students.
"""
from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Iterable
from typing import Protocol

from swedu.i18n import t
from swedu.progress.attempt import now

__all__ = ["RecordStore", "SQLiteRecordStore"]


class RecordStore(Protocol):
    """The interface the service needs; :class:`SQLiteRecordStore` is the default implementation."""

    def add(self, user: str, groups: Iterable[str], record_id: str, record: dict) -> bool:
        """Keep one cleaned record; ``False`` when (user, record_id) was already stored."""

    def records_of(self, user: str) -> list[dict]:
        """One student's records, oldest first."""

    def class_records(self, group: str | None = None, since: str | None = None) -> dict[str, list[dict]]:
        """``{user: records}`` of every student (in ``group``, received at or after ``since``)."""

    def groups(self) -> list[str]:
        """The course groups the students belong to."""

    def count(self) -> int:
        """A number that grows with every new record (a cheap change marker for caches)."""

    def version(self) -> int:
        """A number that changes with every new record and every deletion (the views' cache key)."""

    def close(self) -> None:
        """Release the storage."""


_SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    user TEXT NOT NULL,
    record_id TEXT NOT NULL,
    time TEXT NOT NULL,
    received TEXT NOT NULL,
    kind TEXT NOT NULL,
    item TEXT NOT NULL,
    stage TEXT NOT NULL,
    score REAL,
    language TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (user, record_id)
);
CREATE INDEX IF NOT EXISTS records_received ON records (received);
CREATE TABLE IF NOT EXISTS memberships (user TEXT NOT NULL, grp TEXT NOT NULL, PRIMARY KEY (user, grp));
"""


_DATA_KEYS = ("answer", "verdicts", "misconceptions", "alternatives", "possible_misconceptions")
"""The parts of a cleaned record kept as its JSON data (as the student's own store keeps them)."""


class StoreUnavailable(RuntimeError):
    """The database cannot be opened or written: one sentence saying where and why (no traceback)."""


def _check_folder(path: str) -> None:
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise StoreUnavailable(t("hub.store.no_folder", folder=folder))
    if not os.access(folder, os.W_OK | os.X_OK) or (os.path.exists(path) and not os.access(path, os.R_OK | os.W_OK)):
        raise StoreUnavailable(t("hub.store.read_only", path=path, folder=folder))


class SQLiteRecordStore:
    """:class:`RecordStore` in one SQLite file (write-ahead log, ``synchronous=FULL``: a record the service
    acknowledged survives a power loss, and the kernel deletes its own copy only after that answer; one
    connection, guarded by a lock). Raises :class:`StoreUnavailable` when the file cannot be used."""

    def __init__(self, path: str):
        self.path = str(path)
        self._lock = threading.Lock()
        _check_folder(self.path)
        try:
            self._conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=10)
            self._conn.execute("PRAGMA journal_mode = WAL")
            self._conn.execute("PRAGMA synchronous = FULL")
            self._conn.executescript(_SCHEMA)
        except sqlite3.Error as error:
            raise StoreUnavailable(t("hub.store.cannot_open", path=self.path, detail=str(error))) from None

    def add(self, user, groups, record_id, record) -> bool:
        data = json.dumps({k: record[k] for k in _DATA_KEYS if record.get(k) is not None},
                          separators=(",", ":"), sort_keys=True)
        values = (user, record_id, record.get("time") or now(), now(), record["kind"], record["item"],
                  record.get("stage", ""), record.get("score"), record["language"], data)
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                cursor = self._conn.execute(
                    "INSERT OR IGNORE INTO records (user, record_id, time, received, kind, item, stage, score,"
                    " language, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", values)
                self._conn.execute("DELETE FROM memberships WHERE user = ?", (user,))
                self._conn.executemany("INSERT OR IGNORE INTO memberships (user, grp) VALUES (?, ?)",
                                       [(user, g) for g in groups])
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            return cursor.rowcount == 1

    @staticmethod
    def _row(row) -> dict:
        record_id, time, received, kind, item, stage, score, language, data = row
        extra = json.loads(data)
        row = {"id": record_id, "time": time, "received": received, "kind": kind, "item": item, "stage": stage, "score": score,
               "language": language, "answer": extra.get("answer") or {},
               "verdicts": extra.get("verdicts") or {}, "misconceptions": extra.get("misconceptions") or {}}
        if extra.get("alternatives"):  # roles the key also accepts: the report counts them apart from errors
            row["alternatives"] = extra["alternatives"]
        if extra.get("possible_misconceptions"):  # only possible, not shown: counted apart as well
            row["possible_misconceptions"] = extra["possible_misconceptions"]
        return row

    _COLUMNS = "record_id, time, received, kind, item, stage, score, language, data"

    def records_of(self, user) -> list[dict]:
        with self._lock:
            rows = self._conn.execute(f"SELECT {self._COLUMNS} FROM records WHERE user = ? ORDER BY time, rowid",
                                      (user,)).fetchall()
        return [self._row(r) for r in rows]

    def class_records(self, group=None, since=None) -> dict[str, list[dict]]:
        query = f"SELECT user, {self._COLUMNS} FROM records"
        where, args = [], []
        if group:
            where.append("user IN (SELECT user FROM memberships WHERE grp = ?)")
            args.append(group)
        if since:
            where.append("received >= ?")
            args.append(since)
        if where:
            query += " WHERE " + " AND ".join(where)
        with self._lock:
            rows = self._conn.execute(query + " ORDER BY user, time, rowid", args).fetchall()
        out: dict[str, list[dict]] = {}
        for row in rows:
            out.setdefault(row[0], []).append(self._row(row[1:]))
        return out

    def groups(self) -> list[str]:
        with self._lock:
            return [r[0] for r in self._conn.execute("SELECT DISTINCT grp FROM memberships ORDER BY grp")]

    def count(self) -> int:
        with self._lock:  # the newest row id: changes with every new record, also one written by another process
            return self._conn.execute("SELECT COALESCE(MAX(rowid), 0) FROM records").fetchone()[0]

    def version(self) -> int:
        """The newest row id and the number of rows in one number: it changes with every new record (also
        one written by another process) and with every deletion, where :meth:`count` may not."""
        with self._lock:
            newest, rows = self._conn.execute("SELECT COALESCE(MAX(rowid), 0), COUNT(*) FROM records").fetchone()
        return (newest << 32) | rows

    # -- operations (swedu hub-service backup | restore | forget-student | forget-group) --------------
    def backup_to(self, target: str) -> int:
        """Copy the whole database to ``target`` with SQLite's online backup API (consistent while the
        service keeps writing); the number of records copied."""
        destination = sqlite3.connect(str(target))
        try:
            with self._lock:
                self._conn.backup(destination)
            return destination.execute("SELECT COUNT(*) FROM records").fetchone()[0]
        finally:
            destination.close()

    def restore_from(self, source: str) -> int:
        """Replace every record with those of the backup ``source`` (checked first); the number restored."""
        if not os.path.isfile(source):
            raise StoreUnavailable(t("hub.store.no_backup", path=source))
        origin = sqlite3.connect(f"file:{os.path.abspath(source)}?mode=ro", uri=True)
        try:
            try:
                ok = origin.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
                count = origin.execute("SELECT COUNT(*) FROM records").fetchone()[0]
            except sqlite3.Error:
                ok = False
            if not ok:
                raise StoreUnavailable(t("hub.store.not_a_backup", path=source))
            with self._lock:
                origin.backup(self._conn)
            return count
        finally:
            origin.close()

    def forget_user(self, user: str) -> int:
        """Delete every record of one student (on request) and their memberships; how many records."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                count = self._conn.execute("DELETE FROM records WHERE user = ?", (user,)).rowcount
                self._conn.execute("DELETE FROM memberships WHERE user = ?", (user,))
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
        return count

    def forget_group(self, group: str) -> tuple[int, int]:
        """Delete the records of every student in ``group`` (the end of term): ``(students, records)``.
        A student also in another course group loses those records too: the records are the student's."""
        with self._lock:
            users = [r[0] for r in self._conn.execute("SELECT user FROM memberships WHERE grp = ?", (group,))]
        records = sum(self.forget_user(user) for user in users)
        return len(users), records

    def close(self) -> None:
        with self._lock:
            self._conn.close()
