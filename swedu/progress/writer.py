"""The store's writer: one thread per process writes the records of every check, oldest first.

A check hands its record over as a :class:`PendingRecord` (:meth:`Writer.submit`) and never waits for
it: the click goes on at once, and the writer's thread writes it a few milliseconds later. Whoever reads
the store in this process waits for the records handed over before (:meth:`Writer.settle`). A record
not written within :data:`swedu.progress.store.RECORD_WAIT` of its handing over (another program holds
the store, or the disk is slow) is kept in a small pending file beside the store
(:meth:`Writer.keep_pending`) and written later, by this kernel or by the next one that records if this
one ends (:meth:`Writer.take_in_pending_files`). A record meant for the class's hub service goes into
the store's outbox in the same transaction.

What a process killed outright (SIGKILL, a crash) can lose: the records handed over in about its last
write (a few milliseconds; at most about :data:`~swedu.progress.store.RECORD_WAIT` while another
program holds the store) that are neither written nor yet in a pending file. Everything written before
is kept (SQLite's write-ahead log), and a process that ends normally writes or keeps every record first
(:meth:`Writer.drain`, at exit).
"""
from __future__ import annotations

import glob
import json
import logging
import os
import sqlite3
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from swedu.progress import opening, outbox
from swedu.progress.attempt import Attempt

log = logging.getLogger("swedu.progress")

INSERT_ALWAYS = "INSERT INTO attempts (time, kind, item, stage, score, language, data) VALUES (?, ?, ?, ?, ?, ?, ?)"
INSERT_UNLESS_OFF = ("INSERT INTO attempts (time, kind, item, stage, score, language, data) "
                     "SELECT ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS "
                     "(SELECT 1 FROM meta WHERE key = 'recording' AND value = 'off')")


@dataclass(eq=False)
class PendingRecord:
    """One record on its way to the store: where, the statement and its values (one row of ``attempts``),
    the record in its JSON form and the outbox it also goes to (``None`` off a hub), the pending file it
    is kept in while the store is busy, ``done`` once it is written (or given up), and ``settled`` once
    a reader need not wait for it any longer: written, given up, or kept in its pending file because
    another program holds the store."""

    path: Path
    statement: str
    values: tuple
    clean: dict
    outbox: object = None
    file: Path | None = None
    done: threading.Event = field(default_factory=threading.Event)
    settled: threading.Event = field(default_factory=threading.Event)
    keep_at: float = 0.0
    """When (``time.monotonic()``) a record still waiting is kept in a pending file."""
    kept: bool = False
    """Whether keeping it in a pending file was tried (once: a file that cannot be written is not tried again)."""


class Writer:
    """The writer of this process: its waiting records, its thread and its own connection.

    ``hub_outbox()`` is the outbox to the class's hub service in this kernel (or ``None``); ``failed(path,
    error)`` says once that a store cannot be written; ``busy_wait`` is how long one try waits for a store
    another program holds (seconds) before the records are kept in pending files and tried again later.

    ``lock`` guards the waiting records and the writer's state, and is never held while the disk is used
    (a check that hands a record over takes it, and must never wait for the disk).
    """

    def __init__(self, hub_outbox, failed, busy_wait: float = 0.25):
        self._hub_outbox = hub_outbox
        self._failed = failed
        self._busy_wait = busy_wait
        self.lock = threading.RLock()
        self.waiting: list[PendingRecord] = []
        self._thread: threading.Thread | None = None
        self._pid: int | None = None
        self._wake: threading.Event | None = None
        self._current: tuple | None = None
        """``(path, connection)``: the writer's own connection, while it has one."""
        self._busy = False
        self._stale = False
        self.locked = False
        """Whether another program held the store at the last try."""
        self._hub_waiting = False

    # -- handing records over --------------------------------------------------------------------
    def submit(self, record: PendingRecord, keep_after: float) -> None:
        """Queue ``record`` and wake the thread; never waits for the disk. A record still waiting
        ``keep_after`` seconds from now is kept in a pending file (by the writer's thread)."""
        record.keep_at = time.monotonic() + keep_after
        with self.lock:
            self.waiting.append(record)
        try:
            self.start()
        except RuntimeError:  # no new thread now (the interpreter is ending): kept for the next kernel
            self.keep_pending(record)
            if record.file is None:
                raise

    def settle(self, limit: float) -> bool:
        """Wait, at most ``limit`` seconds, until every record handed over before this call is written, or
        kept in its pending file because another program holds the store (a reader never waits for another
        program). ``True`` when none is left to wait for."""
        with self.lock:
            waiting = [record for record in self.waiting if not record.settled.is_set()]
        end = time.monotonic() + limit
        return all(record.settled.wait(max(0.0, end - time.monotonic())) for record in waiting)

    def drain(self, limit: float) -> None:
        """At the end of the process: wait at most ``limit`` seconds for the waiting records to be written,
        then keep every record still waiting in a pending file (the next kernel that records writes it)."""
        self.settle(limit)
        with self.lock:
            waiting = [record for record in self.waiting if not record.done.is_set()]
        for record in waiting:
            self.keep_pending(record)

    def pending(self) -> int:
        """How many records of this session wait to be written."""
        with self.lock:
            return sum(1 for record in self.waiting if not record.done.is_set())

    def keep_pending(self, record: PendingRecord) -> None:
        """Write a record that is still waiting to a small file beside the store, so that it survives the end
        of this kernel; whoever next writes to the store takes it in (:meth:`take_in_pending_files`). Tried
        once per record; a record written meanwhile leaves no file behind."""
        with self.lock:
            if record.done.is_set() or record.kept:
                return
            record.kept = True
        path = record.path
        target = path.with_name(f"{path.name}.pending-{os.getpid()}-{uuid.uuid4().hex[:12]}.json")
        try:
            tmp = target.with_name("." + target.name + ".tmp")
            tmp.write_text(json.dumps({"statement": "unless_off" if record.statement == INSERT_UNLESS_OFF
                                       else "always", "values": record.values,
                                       "hub": record.clean if record.outbox is not None else None}),
                           encoding="utf-8")
            os.replace(tmp, target)
        except OSError:
            log.debug("could not keep a pending record in a file", exc_info=True)
            return
        with self.lock:
            written = record.done.is_set()
            if not written:
                record.file = target  # unlinked by whoever finishes the record
        if written:
            target.unlink(missing_ok=True)  # written while its file was made: no second copy for a later kernel

    def take_in_pending_files(self, conn: sqlite3.Connection, path: Path) -> list[Path]:
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
                statement = INSERT_UNLESS_OFF if saved.get("statement") == "unless_off" else INSERT_ALWAYS
                if len(values) != 7:
                    continue
            except (OSError, ValueError, KeyError, TypeError):
                continue
            if conn.execute(statement, values).rowcount and saved.get("hub") is not None:
                for_hub = Attempt.sanitised(saved["hub"])
                if for_hub is not None:
                    outbox.queue_record(conn, for_hub.as_dict(), values[0])
                    self._hub_waiting = True
            taken.append(file)
        return taken

    # -- the connection ----------------------------------------------------------------------------
    def close_connection(self) -> None:
        """Close the writer's connection: now if it is idle, else as soon as its batch is written."""
        with self.lock:
            if self._busy:
                self._stale = True
                return
            current, self._current = self._current, None
        _close(current)

    def _forget(self) -> None:
        """Close the connection (on the writer's thread)."""
        with self.lock:
            current, self._current = self._current, None
        _close(current)

    def after_fork_in_child(self) -> None:
        """A forked child does not write its parent's waiting records (the parent does) nor use its connection."""
        self.waiting.clear()
        self._thread = self._pid = self._wake = self._current = None
        self._busy = self._stale = False

    def forget_waiting(self) -> None:
        """Forget the records of this session that still wait (tests, between cases)."""
        with self.lock:
            self.waiting.clear()

    # -- the thread --------------------------------------------------------------------------------
    def start(self) -> None:
        """Start the thread if it is not running in this process, and wake it. Starting a thread waits until
        it runs, which takes long on a busy machine: an activity starts it when it is shown, not at the click."""
        with self.lock:
            thread = self._thread
            if thread is None or not thread.is_alive() or self._pid != os.getpid():
                self._wake = threading.Event()
                self._pid = os.getpid()
                self._thread = threading.Thread(target=self._run, args=(self._wake,), name="swedu-progress-writer",
                                                daemon=True)
                self._thread.start()
            self._wake.set()

    def _run(self, wake: threading.Event) -> None:
        """Write waiting records, oldest first, one store at a time; retry a busy store with growing pauses,
        keeping its records in pending files meanwhile (and any record waiting longer than it may)."""
        pause: float | None = 0.05
        while True:
            wake.wait(timeout=pause)
            wake.clear()
            with self.lock:
                waiting = [record for record in self.waiting if not record.done.is_set()]
                self._busy = bool(waiting)
                stale, self._stale = self._stale, False
            if stale:
                self._forget()
            if not waiting:
                pause = None
                continue
            late = time.monotonic()
            for record in waiting:
                if record.keep_at <= late:
                    self.keep_pending(record)  # waited too long already: safe on the disk before the next try
            path = waiting[0].path
            batch = [record for record in waiting if record.path == path]
            try:
                taken = self._write(path, batch)
            except Exception as error:  # noqa: BLE001 - never a traceback in a lesson
                if isinstance(error, sqlite3.OperationalError) and opening.says_busy(error):
                    self.locked = True
                    for record in batch:  # another program holds the store: keep them; readers go on
                        self.keep_pending(record)
                        record.settled.set()
                    pause = min((pause or 0.05) * 2, 2.0)
                    continue
                self._forget()
                self._give_up(batch, error)
                pause = 0.05
                continue
            self.locked = False
            self._wake_outboxes(batch)
            for file in taken or ():
                file.unlink(missing_ok=True)
            self._finish(batch)
            pause = 0.0

    def _write(self, path: Path, batch: list[PendingRecord]) -> list[Path]:
        """One transaction: the batch (and into the outbox what is meant for the hub) and the pending files
        of kernels that have ended."""
        current = self._current
        if current is None or current[0] != path:
            self._forget()
            current = (path, opening.open_store(path))
            # a busy store is retried later (its records kept in pending files meanwhile), not waited on
            current[1].execute(f"PRAGMA busy_timeout = {int(self._busy_wait * 1000)}")
            with self.lock:
                self._current = current
        conn = current[1]

        def insert(c):
            for record in batch:
                if c.execute(record.statement, record.values).rowcount and record.outbox is not None:
                    record.outbox.queue(c, record.clean, record.values[0])  # for the hub, in the same transaction
            return self.take_in_pending_files(c, path)

        return opening.transaction(conn, insert, tries=1)

    def _wake_outboxes(self, batch: list[PendingRecord]) -> None:
        """Ask each outbox that received records to send them (in the background: a Check never waits for
        the network), the kernel's own too when a pending file brought some in."""
        boxes = {id(r.outbox): r.outbox for r in batch if r.outbox is not None}
        if self._hub_waiting:
            self._hub_waiting = False
            box = self._hub_outbox()
            if box is not None:
                boxes[id(box)] = box
        for box in boxes.values():
            box.wake()

    def _finish(self, batch: list[PendingRecord]) -> None:
        """The batch is written: its pending files go, and whoever waits for it goes on."""
        with self.lock:
            files = [record.file for record in batch if record.file is not None]
            for record in batch:
                record.file = None
                record.done.set()
                record.settled.set()
            self.waiting[:] = [record for record in self.waiting if not record.done.is_set()]
            self._busy = False
            stale, self._stale = self._stale, False
        for file in files:
            file.unlink(missing_ok=True)
        if stale:
            self._forget()

    def _give_up(self, batch: list[PendingRecord], error: Exception) -> None:
        """A store that cannot be opened at all: say so once; the records stay in their pending files, if any."""
        self._failed(batch[0].path, error)
        with self.lock:
            for record in batch:
                record.done.set()
                record.settled.set()
            self.waiting[:] = [record for record in self.waiting if not record.done.is_set()]
            self._busy = False


def _close(current: tuple | None) -> None:
    if current is not None:
        try:
            current[1].close()
        except Exception:  # noqa: BLE001
            log.debug("closing the writer's connection failed", exc_info=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True
