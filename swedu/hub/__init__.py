"""swedu on JupyterHub: the course by link, checks sent to a hub service, the class watched live.

The parts, each in its own file:

- :mod:`swedu.hub.link` writes the nbgitpuller link that puts the course into every student's home
  (``swedu hub-link``);
- the sending itself is the progress store's outbox (:mod:`swedu.progress.outbox`): inside a student's
  kernel every check the store records is also queued and sent to the service in the background (never
  blocking a Check), and what an earlier kernel left pending leaves when the store is first loaded and on
  a timer (:mod:`swedu.progress.pulse`); this package only switches it on and off;
- :mod:`swedu.hub.trust` recomputes every record the service receives with the course's own keys;
- :mod:`swedu.hub.store` keeps the class's records (SQLite behind one small interface);
- :mod:`swedu.hub.views` turns the records into the class report, the projector chart and the export;
- :mod:`swedu.hub.service` is the JupyterHub managed service (tornado, the hub's OAuth): the only
  module here that imports tornado and jupyterhub. Run it with ``python -m swedu.hub``.

Students switch sending off with :func:`set_sending` (``set_sending(False, persist=True)`` for good),
the environment variable ``SWEDU_HUB_SENDING=off`` or the command ``swedu hub-sending off``.
"""
from __future__ import annotations

from swedu import progress
from swedu.progress import outbox
from swedu.hub.link import nbgitpuller_link

__all__ = ["is_sending", "nbgitpuller_link", "set_sending", "status"]


def set_sending(on: bool, persist: bool = False) -> None:
    """Switch sending to the hub service on or off (``persist=True``: for every later session too)."""
    outbox.set_sending(on, persist, store=progress.HUB_STORE)


def is_sending() -> bool:
    """Whether a new check would be queued for the hub service (ignoring whether a service exists)."""
    return outbox.is_sending(store=progress.HUB_STORE)


def status() -> str:
    """One sentence: is sending on, off or unavailable here (``swedu hub-sending``)."""
    return outbox.status(store=progress.HUB_STORE)
