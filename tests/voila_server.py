"""A live presentation (Voila) started by a test: wait until it listens, stop it cleanly.

Shared by ``test_present_token.py`` and the browser tests ``browser/test_present_live.py`` and
``browser/test_slides_fit.py`` (``from voila_server import ...``: pytest puts ``tests/`` on the path).
"""
from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path

START_TIMEOUT = 90  # seconds; two shared cores can make the first start slow


def wait_for_port(process: subprocess.Popen, port: int, log: Path, timeout: float = START_TIMEOUT) -> None:
    """Return once Voila listens on 127.0.0.1:``port``; raise with the end of its ``log`` if it exits or times out."""
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"voila exited with {process.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"voila did not listen within {timeout} s:\n"
                                   f"{log.read_text(errors='replace')[-3000:]}") from None
            time.sleep(0.25)


def stop(process: subprocess.Popen) -> None:
    """Terminate Voila (and its kernels), killing it if it does not end within 20 s."""
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
