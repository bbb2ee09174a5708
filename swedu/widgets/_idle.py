"""Work an activity does while the kernel waits for the learner: one small step per turn of the event loop.

In a Jupyter kernel (and in Voila) the cells and the widget messages are handled by one asyncio
event loop. Work given to :func:`when_idle` runs on that loop, on its own thread, one step per turn:
between two steps the loop reads the messages that arrived, so a click waits for one step at most,
and nothing runs beside the kernel's own work (matplotlib, for one, must not draw on two threads
at once). Without a running loop (a script, a test) nothing is scheduled and :func:`when_idle`
returns ``None``: the work is then done when it is first needed.

>>> import asyncio
>>> done = []
>>> def steps():
...     for n in range(3):
...         done.append(n)
...         yield
>>> when_idle(steps()) is None  # no event loop runs here
True
>>> async def shown():
...     work = when_idle(steps())
...     while not work.done:
...         await asyncio.sleep(0)
...     return work.error
>>> asyncio.run(shown()), done
(None, [0, 1, 2])
"""
from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Iterator


class IdleWork:
    """Steps of a generator run one per turn of an event loop; :meth:`cancel` stops them."""

    def __init__(self, loop: asyncio.AbstractEventLoop, steps: Iterator, around: Callable | None = None):
        self._loop = loop
        self._steps = steps
        self._around = around or contextlib.nullcontext
        self.done = False
        """True once every step ran, the work was cancelled, or a step failed."""
        self.error: BaseException | None = None
        """The exception a step raised (the work stops; whoever needs the result does it again and sees it)."""

    def cancel(self) -> None:
        self.done = True

    def _step(self) -> None:
        if self.done:
            return
        try:
            with self._around():
                next(self._steps)
        except StopIteration:
            self.done = True
            return
        except Exception as error:  # noqa: BLE001 - work ahead of time must never break the kernel
            self.error, self.done = error, True
            return
        self._loop.call_soon(self._step)


def when_idle(steps: Iterator, around: Callable | None = None) -> IdleWork | None:
    """Run ``steps`` (a generator that yields after each small piece of work) on the running event loop,
    one step per turn, each inside the context manager ``around()`` returns. ``None`` without a loop."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return None
    work = IdleWork(loop, steps, around)
    loop.call_soon_threadsafe(work._step)
    return work
