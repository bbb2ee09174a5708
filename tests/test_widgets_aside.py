"""The helper thread of the widgets (``swedu.widgets._aside``): one worker, work done in the order it was
handed over, started when an activity is shown, and never holding a kernel's shutdown with work nobody
will see."""
from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from swedu.progress import store
from swedu.widgets import _aside

WAIT = 120  # seconds: only a hang would take that long


def test_work_aside_runs_on_one_helper_thread_in_the_order_it_was_handed_over():
    gate, order = threading.Event(), []
    first = _aside.aside(gate.wait, WAIT)  # holds the one worker
    later = [_aside.aside(lambda n=n: order.append((n, threading.current_thread().name))) for n in range(5)]
    assert not any(future.done() for future in later)  # one worker: nothing overtakes the work under way
    gate.set()
    assert first.result(timeout=WAIT) is True
    for future in later:
        future.result(timeout=WAIT)
    assert [n for n, _ in order] == list(range(5))
    (name,) = {name for _, name in order}  # one thread did them all
    assert name.startswith("swedu-aside")


def test_showing_an_activity_starts_the_helper_and_the_progress_writer():
    assert _aside.started().result(timeout=WAIT) is None
    names = {thread.name for thread in threading.enumerate()}
    assert any(name.startswith("swedu-aside") for name in names)
    assert "swedu-progress-writer" in names and store._writer._thread.is_alive()


EXIT = r"""
import concurrent.futures.thread, sys, threading
from pathlib import Path
gate = threading.Event()
threading._register_atexit(gate.set)  # at exit: after the helper's own hook, before the join of its thread
from swedu.widgets._aside import aside
under_way = aside(gate.wait, 120)  # a map being drawn when the kernel is shut down
waiting = [aside(Path(sys.argv[1]).joinpath(f"ran-{n}").touch) for n in range(3)]  # maps nobody will see
"""


def test_at_exit_the_work_still_waiting_is_cancelled_and_only_the_work_under_way_finishes(tmp_path):
    done = subprocess.run([sys.executable, "-c", EXIT, str(tmp_path)], timeout=WAIT, capture_output=True, text=True,
                          cwd=Path(__file__).parents[1])
    assert done.returncode == 0, done.stderr
    assert list(tmp_path.glob("ran-*")) == []  # cancelled: the shutdown waited for the one piece under way only
