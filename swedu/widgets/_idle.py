"""Work an activity does while the kernel waits for the learner: one small step per turn of the event loop.

In a Jupyter kernel (and in Voila) the cells and the widget messages are handled by one asyncio
event loop. Work given to :func:`when_idle` runs on that loop, on its own thread, one step per turn:
between two steps the loop reads the messages that arrived, so a click waits for one step at most.
(A click that needs work that is not done yet has it done on a helper thread instead, see
:mod:`swedu.widgets._aside`; steps that share something with that thread must not wait for it.)

In an IPython kernel the work also waits until no cell has run for ``quiet`` seconds, and pauses
again while cells run: a learner who reads gets it done, while a notebook executed from top to
bottom (the course build, nbval, "Run All") is not slowed down by work nobody will use. Without a
running loop (a script, a test) nothing is scheduled and :func:`when_idle` returns ``None``: the
work is then done when it is first needed.

>>> import asyncio
>>> done = []
>>> def steps():
...     for n in range(3):
...         done.append(n)
...         yield
>>> import threading
>>> scheduled = []
>>> helper = threading.Thread(target=lambda: scheduled.append(when_idle(steps())))
>>> helper.start(); helper.join()
>>> scheduled  # no event loop runs in that thread: nothing is scheduled
[None]
>>> async def shown():
...     work = when_idle(steps())
...     while not work.done:
...         await asyncio.sleep(0)
...     return work.error
>>> errors = []  # a loop of its own, in a thread of its own (another loop may run in this thread)
>>> runner = threading.Thread(target=lambda: errors.append(asyncio.run(shown())))
>>> runner.start(); runner.join()
>>> errors, done
([None], [0, 1, 2])

A step may yield a number: the seconds to wait before the next step (the loop runs everything else
meanwhile). An import cannot be cut into steps: :func:`imported_aside` imports a module on a helper
thread while its steps wait.
"""
from __future__ import annotations

import asyncio
import contextlib
import importlib
import sys
import threading
from collections.abc import Callable, Iterator


class IdleWork:
    """Steps of a generator run one per turn of an event loop; :meth:`cancel` stops them."""

    def __init__(self, loop: asyncio.AbstractEventLoop, steps: Iterator, around: Callable | None = None,
                 quiet: float = 0.0, events=None):
        self._loop = loop
        self._steps = steps
        self._around = around or contextlib.nullcontext
        self._quiet = quiet if events is not None else 0.0
        self._events = events
        self._handle: asyncio.Handle | None = None
        self._thread = threading.get_ident()  # the loop's thread: handles are touched only there
        self.done = False
        """True once every step ran, the work was cancelled, or a step failed."""
        self.error: BaseException | None = None
        """The exception a step raised (the work stops; whoever needs the result does it again and sees it)."""
        if events is not None:  # cells run on the kernel's main thread, which may not be the loop's
            events.register("pre_execute", self._on_cell_start)
            events.register("post_execute", self._on_cell_end)

    def cancel(self) -> None:
        self._on_loop_thread(self._finish)
        self.done = True

    def _finish(self) -> None:
        self.done = True
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
        if self._events is not None:
            for event, callback in (("pre_execute", self._on_cell_start), ("post_execute", self._on_cell_end)):
                with contextlib.suppress(ValueError):
                    self._events.unregister(event, callback)
            self._events = None

    def _schedule(self, delay: float) -> None:
        if self._handle is not None:
            self._handle.cancel()
        self._handle = None
        if not self.done:
            self._handle = (self._loop.call_later(delay, self._step) if delay > 0
                            else self._loop.call_soon(self._step))

    def _on_cell_start(self) -> None:
        self._on_loop_thread(self._pause)

    def _on_cell_end(self) -> None:
        self._on_loop_thread(self._resume)

    def _on_loop_thread(self, action: Callable) -> None:
        if threading.get_ident() == self._thread:
            action()
        else:
            self._loop.call_soon_threadsafe(action)

    def _pause(self) -> None:
        """A cell starts: no step until the kernel has been quiet again."""
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

    def _resume(self) -> None:
        self._schedule(self._quiet)

    def _step(self) -> None:
        self._handle = None
        if self.done:
            return
        try:
            with self._around():
                wait = next(self._steps)
        except StopIteration:
            self._finish()
            return
        except Exception as error:  # noqa: BLE001 - work ahead of time must never break the kernel
            self.error = error
            self._finish()
            return
        self._schedule(wait or 0.0)


def _kernel_events():
    """IPython's event hooks when this runs in an IPython shell (a Jupyter kernel), else None."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipywidgets
        return None
    shell = get_ipython()
    return getattr(shell, "events", None)


def when_idle(steps: Iterator, around: Callable | None = None, quiet: float = 0.0, events=None) -> IdleWork | None:
    """Run ``steps`` (a generator that yields after each small piece of work) on the running event loop,
    one step per turn, each inside the context manager ``around()`` returns. In an IPython kernel
    (or with ``events``, an object with IPython's ``register``/``unregister``) the steps wait until no
    cell has run for ``quiet`` seconds. ``None`` without a running loop."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return None
    work = IdleWork(loop, steps, around, quiet, events if events is not None else _kernel_events())
    work._schedule(work._quiet)
    return work


IMPORT_POLL = 0.05
"""Seconds between two looks at an import under way on a helper thread (see :func:`imported_aside`)."""


def imported_aside(name: str) -> Iterator:
    """Steps that import the module ``name`` on a helper thread and wait for it (each step yields
    :data:`IMPORT_POLL`: look again then); nothing when it is imported already.

    An import cannot be cut into small steps (matplotlib's takes about 0.3 s), and it draws nothing, so
    it may run beside the loop: the loop keeps answering clicks meanwhile. An import that fails fails
    again, with its message, where the module is next imported.

    >>> list(imported_aside("json"))  # imported already
    []
    >>> steps = imported_aside("this_module_does_not_exist")
    >>> while next(steps, None) is not None:
    ...     pass
    >>> "this_module_does_not_exist" in sys.modules
    False
    """
    if imported(name) is not None:
        return
    thread = threading.Thread(target=_import_quietly, args=(name,), name=f"swedu-import-{name}", daemon=True)
    thread.start()
    while thread.is_alive():
        yield IMPORT_POLL


def imported(name: str):
    """The module ``name`` once it is wholly imported, else None (never waiting for an import under way).

    A module is in ``sys.modules`` from the moment its import starts; while another thread still runs that
    import, ``import`` here would wait for it to end (matplotlib's: about 0.3 s, on a busy machine more).

    >>> imported("json").__name__, imported("this_module_does_not_exist")
    ('json', None)
    """
    module = sys.modules.get(name)
    if module is None or getattr(getattr(module, "__spec__", None), "_initializing", False):
        return None  # the same look as the import system's own (importlib._bootstrap._find_and_load)
    return module


def _import_quietly(name: str) -> None:
    with contextlib.suppress(Exception):  # reported where the module is next imported, on the loop's thread
        importlib.import_module(name)
