"""Pending records leave when the kernel starts and on a timer, not only at the student's next check.

A record waits in the student's own progress store while the service is down (or the kernel dies
mid-send). The outbox's thread retries while it runs, but a new kernel only started that thread at
its first check: the last records of a session could wait for a check that never comes. When a kernel
on a hub first loads the progress store (the first activity of a lesson does), the store calls
:func:`on_start` with its outbox (:func:`swedu.progress.store.start_hub_pulse`): a daemon thread wakes
what is pending at once, and looks again every ``interval`` seconds. It needs only ``wake()`` and
``pending()`` of the outbox, and the caller never waits for the store.

>>> class Quiet:  # an outbox with nothing pending: nothing is woken
...     woken = 0
...     def pending(self): return []
...     def wake(self): Quiet.woken += 1
>>> on_start(Quiet(), interval=3600) is not None, Quiet.woken
(True, 0)
"""
from __future__ import annotations

import logging
import threading

__all__ = ["INTERVAL", "on_start"]

INTERVAL = 60.0
"""Seconds between two looks at the outbox (a look is one small query of the student's own store)."""

log = logging.getLogger("swedu.progress.pulse")


def _wake_if_pending(outbox) -> None:
    try:
        if outbox.pending():
            outbox.wake()
    except Exception:  # noqa: BLE001 - a look that fails (store busy, closing) is tried at the next tick
        log.debug("looking at the outbox failed", exc_info=True)


def on_start(outbox, interval: float = INTERVAL) -> threading.Thread:
    """Send what an earlier kernel left pending now, then look again every ``interval`` seconds (a daemon
    thread, one per outbox: a second call returns the first thread). Never raises, never blocks."""
    existing = getattr(outbox, "_swedu_pulse", None)
    if existing is not None and existing.is_alive():
        return existing
    _wake_if_pending(outbox)
    stop = threading.Event()

    def tick() -> None:
        while not stop.wait(interval):
            _wake_if_pending(outbox)

    thread = threading.Thread(target=tick, name="swedu-hub-pulse", daemon=True)
    thread.stop = stop.set  # for tests and a clean shutdown
    try:
        outbox._swedu_pulse = thread
    except AttributeError:  # an outbox with __slots__: it just gets no memory of its pulse
        pass
    thread.start()
    return thread
