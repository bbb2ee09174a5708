"""The store's outbox: checks sent from a student's kernel to the class's hub service, in the background.

When the course runs inside a JupyterHub single-user server (``JUPYTERHUB_API_TOKEN`` is set) and the
lecturer's hub names the service (``SWEDU_HUB_SERVICE_URL``, set through ``c.Spawner.environment``),
every check that :func:`swedu.progress.record` writes is also put in an outbox table *in the same
transaction* of the student's own progress store, with a random record id. A daemon thread sends what
is pending (short timeouts, never blocking a Check) and deletes a record only when the service
acknowledged it. A record whose kernel died mid-send, or that waited while the service was down, is
sent again later: the service keeps each (student, record id) once, so nothing is lost or doubled.

Students switch sending off with :func:`set_sending` (``persist=True`` keeps the choice on this
computer), the command ``swedu hub-sending off`` or the environment variable ``SWEDU_HUB_SENDING=off``.
Off means a check is not queued at all; recording on the student's own computer is unaffected.

The outbox is part of the progress store (its table ``hub_outbox`` is made in
:mod:`swedu.progress.migrations`); :mod:`swedu.hub` only switches it on and off. It is handed the store
(:data:`swedu.progress.HUB_STORE`, a :class:`StoreAccess`) and never imports it, since the store imports
it. It imports neither tornado nor jupyterhub: it runs in every kernel.

>>> outbox_from_environment({}) is None  # not on a hub: nothing is sent
True
"""
from __future__ import annotations

import json
import logging
import os
import threading
import time
import urllib.error
import urllib.request
import uuid
from typing import Callable, NamedTuple

from swedu.i18n import t

__all__ = ["Outbox", "StoreAccess", "is_sending", "outbox_from_environment", "queue_record", "set_sending",
           "status"]

log = logging.getLogger("swedu.progress.outbox")

ENV_URL = "SWEDU_HUB_SERVICE_URL"
ENV_SENDING = "SWEDU_HUB_SENDING"
TIMEOUT = 5.0
"""Seconds one request may take (the thread is a daemon: a Check never waits for it)."""
BATCH = 50
MAX_RETRY = 30.0

_state: dict = {"sending": None}


class StoreAccess(NamedTuple):
    """What the sender needs of the student's progress store (:data:`swedu.progress.HUB_STORE`): open it,
    run ``change(conn)`` in one write transaction, and ``settle()``: wait until the records this process
    handed over before are written (a check does not wait for its record). This module never imports the
    store, which imports it."""

    connection: Callable
    write: Callable
    settle: Callable = lambda: True


def _env_off(environ=None) -> bool:
    environ = os.environ if environ is None else environ
    return environ.get(ENV_SENDING, "").strip().lower() in ("off", "0", "false", "no", "none")


def set_sending(on: bool, persist: bool = False, store=None) -> None:
    """Switch sending to the hub service on or off for this Python session; ``persist=True`` keeps the
    choice in the progress ``store`` for every later session (what ``swedu hub-sending on|off`` does).

    ``store`` is :data:`swedu.progress.HUB_STORE` (a :class:`StoreAccess`): this module never imports the
    progress store, which imports it. :func:`swedu.hub.set_sending` passes it.
    """
    if store is not None:
        store.settle()  # the checks handed over before the switch are queued (or not) as they were made
    _state["sending"] = bool(on)
    if persist:
        conn = store.connection()
        store.write(conn, lambda c: c.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('hub_sending', ?)", ("on" if on else "off",)))


def is_sending(conn=None, store=None) -> bool:
    """Whether a new check would be queued for the hub service (ignoring whether a service exists)."""
    if _state["sending"] is not None:
        return _state["sending"]
    if _env_off():
        return False
    try:
        if conn is None and store is None:
            return True  # no store to ask: the session's choice and the environment decide
        if conn is None:
            conn = store.connection()
        row = conn.execute("SELECT value FROM meta WHERE key = 'hub_sending'").fetchone()
    except Exception:  # noqa: BLE001 - an unreadable store sends nothing
        return False
    return not (row and row[0] == "off")


def queue_record(conn, clean: dict, when: str) -> None:
    """Put one cleaned record in the outbox table of the progress store (``conn`` is inside the store's
    write transaction), unless sending is off. Any kernel on the hub sends it: also a record that a kernel
    left in a pending file when it ended, taken in by the next kernel that records. The table is the
    store's own (:mod:`swedu.progress.migrations`, version 2)."""
    if not is_sending(conn):
        return
    payload = dict(clean, time=when, id=uuid.uuid4().hex)
    conn.execute("INSERT INTO hub_outbox (record_id, payload, created) VALUES (?, ?, ?)",
                 (payload["id"], json.dumps(payload, separators=(",", ":")), when))


def outbox_from_environment(environ=None, store=None) -> "Outbox | None":
    """The outbox when this kernel runs on a hub that offers the swedu service, else ``None``."""
    environ = os.environ if environ is None else environ
    url, token = environ.get(ENV_URL, "").strip(), environ.get("JUPYTERHUB_API_TOKEN", "").strip()
    if not url or not token:
        return None
    return Outbox(url, token, store)


class Outbox:
    """Pending records in the progress store (table ``hub_outbox``) and the thread that sends them."""

    def __init__(self, service_url: str, token: str, store=None):
        self._store = store  # swedu.progress.HUB_STORE (a StoreAccess): the student's own progress store
        self.url = service_url.rstrip("/") + "/api/records"
        self._token = token
        self._wake = threading.Event()
        self._idle = threading.Event()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # the hub is not behind a proxy
        self.sent = 0
        self.last_problem = ""
        self._backoff = 1.0

    # -- called by swedu.progress.record inside its write transaction --------------------------
    def queue(self, conn, clean: dict, when: str) -> None:
        """Put one cleaned record in the outbox (``conn`` is inside the progress store's transaction)."""
        queue_record(conn, clean, when)

    def wake(self) -> None:
        """Ask the sending thread to send what is pending (starting it the first time). Never blocks."""
        self._idle.clear()
        with self._start_lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="swedu-hub-sender", daemon=True)
                self._thread.start()
        self._wake.set()

    # -- the thread ----------------------------------------------------------------------------
    def _run(self) -> None:
        retry = None
        while True:
            self._wake.wait(retry)
            self._wake.clear()
            try:
                retry = self.send_pending()
            except Exception as error:  # noqa: BLE001 - the sender must never die
                self.last_problem = str(error)
                log.debug("sending to the hub service failed", exc_info=True)
                retry = 5.0
            if retry is None:
                self._idle.set()

    def pending(self) -> list[tuple[str, str]]:
        return self._store.connection().execute(
            "SELECT record_id, payload FROM hub_outbox ORDER BY created, rowid LIMIT ?", (BATCH,)).fetchall()

    def _acknowledge(self, record_id: str) -> None:
        self._store.write(self._store.connection(),
                          lambda c: c.execute("DELETE FROM hub_outbox WHERE record_id = ?", (record_id,)))

    def _post(self, payload: str) -> tuple[int, dict]:
        request = urllib.request.Request(self.url, data=payload.encode("utf-8"), method="POST", headers={
            "Authorization": f"token {self._token}", "Content-Type": "application/json"})
        try:
            with self._opener.open(request, timeout=TIMEOUT) as response:
                return response.status, dict(response.headers)
        except urllib.error.HTTPError as error:
            error.read()
            return error.code, dict(error.headers or {})

    def send_pending(self) -> float | None:
        """Send every pending record once; ``None`` when the outbox is empty, else seconds to wait."""
        backoff = self._backoff
        while True:
            rows = self.pending()
            if not rows:
                self._backoff = 1.0
                return None
            for record_id, payload in rows:
                try:
                    code, headers = self._post(payload)
                except (OSError, ValueError) as error:  # service down, refused, timed out
                    self.last_problem = str(error)
                    self._backoff = min(backoff * 2, MAX_RETRY)
                    return backoff
                if code in (200, 201):
                    self._acknowledge(record_id)
                    self.sent += 1
                elif code == 429:
                    try:
                        return min(max(float(headers.get("Retry-After", 1)), 0.2), MAX_RETRY)
                    except ValueError:
                        return 1.0
                elif code in (400, 413, 422):  # the service will never take this record: drop it
                    log.info("the hub service refused record %s (%s)", record_id, code)
                    self._acknowledge(record_id)
                else:  # 401/403 (scopes), 404/5xx (service restarting): keep and try later
                    self.last_problem = f"HTTP {code}"
                    self._backoff = min(backoff * 2, MAX_RETRY)
                    return backoff

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until nothing is pending, the checks this kernel handed to the store just before included
        (tests, the end of a notebook); ``True`` when all was sent."""
        if self._store is not None:
            self._store.settle()  # the writer puts them in the outbox, then wakes the sender
        self.wake()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._idle.wait(0.05) and not self.pending():
                return True
        return not self.pending()


def status(store=None) -> str:
    """One sentence: is sending on, off or unavailable here (``swedu hub-sending``)."""
    outbox = outbox_from_environment(store=store)
    if outbox is None:
        return t("hub.sending.status_unavailable")
    if not is_sending(store=store):
        return t("hub.sending.status_off")
    return t("hub.sending.status_on", url=outbox.url)
