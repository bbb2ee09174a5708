"""Work a click must not wait for (a map not drawn yet, matplotlib not imported yet), done on one helper
thread while the kernel's event loop goes on answering the learner.

The kernel reads every widget message on one event loop: a click whose handler draws for a second keeps
every later click waiting that second. A handler that has its answer at once (the feedback of a Check)
shows it, hands the slow rest to :func:`aside` and returns; the helper thread does the rest and the
handler's own callback shows it, when it is still wanted (a newer click may have made it stale: see the
classifier's map generation). One thread does all such work, one piece after the other: a
:class:`concurrent.futures.ThreadPoolExecutor` with one worker, ``swedu-aside``.

Whatever runs aside must be safe beside the loop: no ``pyplot`` (matplotlib's object-oriented Agg API on
figures of its own, under the lock that guards them), and no change of the global language (see
:func:`swedu.i18n.language_on_this_thread`).

When Python ends (a kernel shut down or restarted), the work still waiting is cancelled: only the piece
under way is finished (one map, a fraction of a second), since the executor's thread is joined at exit.

>>> done = aside(sum, [1, 2, 3])
>>> done.result(timeout=60)
6
>>> aside(int, "not a number").exception(timeout=60)
ValueError("invalid literal for int() with base 10: 'not a number'")
"""
from __future__ import annotations

import os
import threading
from concurrent.futures import Future, ThreadPoolExecutor

from swedu.progress import store

_EXECUTOR = ThreadPoolExecutor(max_workers=1, thread_name_prefix="swedu-aside")


def aside(work, *args) -> Future:
    """Run ``work(*args)`` on the helper thread (after the work handed over before it); its future."""
    return _EXECUTOR.submit(work, *args)


def started() -> Future:
    """Start the helper thread now if it is not running yet (it runs a no-op). Starting a thread waits until
    it runs, which takes long on a busy machine (it needs the interpreter's lock, held meanwhile by an import
    or a drawing on another thread): an activity that may hand work aside starts it when it is shown, not at
    the click. The progress store's writer thread is started with it (a check hands its record to it).

    >>> started().result(timeout=60) is None
    True
    """
    store.start_writer()
    return aside(_nothing)


def _nothing() -> None:
    return None


def _new_executor_in_child() -> None:
    """A forked child has no helper thread (the parent's executor would believe its thread idle)."""
    global _EXECUTOR
    _EXECUTOR = ThreadPoolExecutor(max_workers=1, thread_name_prefix="swedu-aside")


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_new_executor_in_child)


def _cancel_waiting_work() -> None:
    """At Python's exit, before the executor's thread is joined: cancel the work not started (it would run
    first, one map after the other, holding the kernel's shutdown)."""
    _EXECUTOR.shutdown(wait=False, cancel_futures=True)


# Python joins the executor's thread at exit (concurrent.futures registers that with threading's own exit
# hooks, which run before atexit's, in reverse order): this hook, registered later, runs before that join.
_register = getattr(threading, "_register_atexit", None)
if _register is not None:
    _register(_cancel_waiting_work)
