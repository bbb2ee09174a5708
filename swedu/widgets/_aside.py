"""Work a click must not wait for (a map not drawn yet, matplotlib not imported yet), done on one helper
thread while the kernel's event loop goes on answering the learner.

The kernel reads every widget message on one event loop: a click whose handler draws for a second keeps
every later click waiting that second. A handler that has its answer at once (the feedback of a Check)
shows it, hands the slow rest to :func:`aside` and returns; the helper thread does the rest and the
handler's own callback shows it, when it is still wanted (a newer click may have made it stale: see the
classifier's map generation). One thread does all such work, one piece after the other.

Whatever runs aside must be safe beside the loop: no ``pyplot`` (matplotlib's object-oriented Agg API on
figures of its own, under the lock that guards them), and no change of the global language (see
:func:`swedu.i18n.language_on_this_thread`).

>>> done = aside(sum, [1, 2, 3])
>>> done.result(timeout=60)
6
>>> aside(int, "not a number").exception(timeout=60)
ValueError("invalid literal for int() with base 10: 'not a number'")
"""
from __future__ import annotations

import queue
import threading
from concurrent.futures import Future

_JOBS: "queue.SimpleQueue" = queue.SimpleQueue()
_STARTED = threading.Lock()
_worker: threading.Thread | None = None


def aside(work, *args) -> Future:
    """Run ``work(*args)`` on the helper thread (after the work handed over before it); its future."""
    future: Future = Future()
    _JOBS.put((future, work, args))
    started()
    return future


def started() -> threading.Thread:
    """The helper thread, started now if it is not running yet. Starting a thread waits until it runs, which
    takes long on a busy machine (it needs the interpreter's lock, held meanwhile by an import or a drawing
    on another thread): an activity that may hand work aside starts it when it is shown, not at the click.

    >>> started() is started()
    True
    """
    global _worker
    with _STARTED:
        if _worker is None or not _worker.is_alive():
            _worker = threading.Thread(target=_run, name="swedu-aside", daemon=True)
            _worker.start()
        return _worker


def _run() -> None:
    while True:
        future, work, args = _JOBS.get()
        if not future.set_running_or_notify_cancel():
            continue
        try:
            future.set_result(work(*args))
        except BaseException as error:  # noqa: BLE001 - handed to whoever looks at the future
            future.set_exception(error)
