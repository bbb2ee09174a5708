"""The system map fast enough to follow every Check: its ground kept per case, stage, language, resolution
and matplotlib style, and drawn ahead of time (:func:`prepare_system_map`) while the learner reads.

>>> import swedu
>>> youth = swedu.load_scenario("delinquent-youth")
>>> system_map_png(youth, "intake")[:4]
b'\\x89PNG'
"""
from __future__ import annotations

import threading
import weakref

import matplotlib

from swedu.assess import Feedback
from swedu.outcome import ITEM_STATUSES
from swedu.draw.maps import _held_marks, _stage_of, _system_map_marks, _verdict_mark
from swedu.draw.raster import _MapGround
from swedu.i18n import get_language
from swedu.systems import SYSTEM_IDS


def _likely_marks(graph, places) -> list:
    """The marks a first check most often shows, most likely first: per actor "–" and "not answered",
    one badge of each system, then the other verdicts (two or more badges on one actor are drawn when
    first asked for: a few milliseconds each), at the ``places`` chosen with the map's ground."""
    size = places.size
    first, singles, verdicts = [], [], []
    for actor_id in graph.nodes:
        room = places.mark_place(actor_id)
        first += _held_marks(actor_id, places, (), size) + [_verdict_mark(actor_id, room, "not_answered", size)]
        singles += [mark for s in SYSTEM_IDS for mark in _held_marks(actor_id, places, (s,), size)]
        verdicts += [_verdict_mark(actor_id, room, status, size) for status in ITEM_STATUSES if status != "not_answered"]
    return first + singles + verdicts


_STYLE = ("font.family", "font.sans-serif", "font.size", "figure.facecolor", "text.color", "text.antialiased",
          "lines.antialiased", "patch.antialiased", "hatch.color", "hatch.linewidth", "path.sketch")
"""The matplotlib settings (rcParams) a kept ground depends on: a change draws a new ground."""
_GROUNDS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_GROUNDS_LOCK = threading.Lock()
_ASKED = [0]
"""How many threads wait for ``_GROUNDS_LOCK`` to draw a map someone asked for (a click's, drawn aside; a
check in a cell): the steps that draw ahead of time give way to them (see :func:`_locked`)."""
_ASKED_LOCK = threading.Lock()


def system_map_png(scenario, stage=None, feedback: Feedback | None = None, dpi: int = 96) -> bytes:
    """The :func:`system_map` as PNG bytes, fast enough to follow every Check.

    The picture is the one :func:`system_map` draws (compare with :func:`png_bytes`),
    without transparency. The unchanging ground of the map is drawn once per case,
    stage, language, resolution and matplotlib style and kept while the case is in use; each call then
    lays the current badges and verdicts over it and compresses again only the bands of
    rows of the PNG they cover. :func:`prepare_system_map` draws the ground (and the marks
    a first check needs) ahead of time, so that even the first check is fast.

    >>> import swedu
    >>> youth = swedu.load_scenario("delinquent-youth")
    >>> system_map_png(youth, feedback=youth.assess({"parents": "client"}))[:4]
    b'\\x89PNG'
    """
    return _on_ground(scenario, stage, feedback, dpi, lambda ground, marks: ground.png(marks))


def system_map_layers(scenario, stage=None, feedback: Feedback | None = None, dpi: int = 96, *,
                      wait: bool = True) -> tuple | None:
    """The :func:`system_map` as two PNG layers of the same size: ``(ground, marks)``.

    ``ground`` is opaque (lines, shapes, names, title, legend) and the same bytes for every
    check of a stage, so a page that already shows it need not receive it again; ``marks`` is
    transparent but for the badges and verdicts. Stacked, marks over ground, they show the
    picture of :func:`system_map_png` (to rounding: at most 1 of 255 per channel).

    >>> import swedu
    >>> youth = swedu.load_scenario("delinquent-youth")
    >>> ground, marks = system_map_layers(youth, feedback=youth.assess({"parents": "client"}))
    >>> ground == system_map_layers(youth, feedback=youth.assess({"teen": "target"}))[0]
    True
    >>> len(marks) < len(ground) / 3
    True

    ``wait=False`` answers at once: ``None`` instead of drawing a ground that is not drawn yet, or of waiting
    while another thread draws (a click shows the map now when it can, else has it drawn aside).

    >>> system_map_layers(youth, "reassessment", youth.assess({"teen": "target"}, "reassessment"), wait=False)
    >>> system_map_layers(youth, feedback=youth.assess({"teen": "target"}), wait=False)[0] == ground
    True
    """
    return _on_ground(scenario, stage, feedback, dpi, lambda ground, marks: (ground.ground_png,
                                                                            ground.marks_png(marks)), wait=wait)


def _on_ground(scenario, stage, feedback: Feedback | None, dpi: int, encode, wait: bool = True):
    """``encode(ground, marks)`` for the kept ground of the map and the marks of ``feedback`` (the key's
    badges without it), under ``_GROUNDS_LOCK``: the ground's sprites are drawn and kept as they are used.
    ``wait=False``: ``None`` at once when the lock is taken or the ground is not wholly drawn yet."""
    stage_id = _stage_of(scenario, stage, feedback)
    if not _acquired(wait):
        return None
    try:
        ground = _ground(scenario, stage_id, marks=feedback is not None, dpi=dpi, drawn_only=not wait)
        if ground is None:
            return None
        # The ground's graph is the stage's (the key's badges come from its systems): none is built per check.
        return encode(ground, _system_map_marks(ground.graph, ground.pos, feedback))
    finally:
        _GROUNDS_LOCK.release()


def _ground(scenario, stage_id: str, *, marks: bool, dpi: int, in_steps: bool = False,
            drawn_only: bool = False) -> _MapGround | None:
    """The kept ground of one map, drawn; call with ``_GROUNDS_LOCK`` held. A ground not kept yet is drawn
    now, or with ``in_steps`` kept at once and drawn by its steps (``ground.steps``): whoever needs it
    before they are done draws the rest (``ground.finish()``), never the whole again. ``drawn_only``:
    None unless the ground is kept and wholly drawn (nothing is drawn)."""
    style = tuple(str(matplotlib.rcParams[name]) for name in _STYLE)
    key = (stage_id, get_language(), marks, int(dpi), style)
    if drawn_only:
        ground = _GROUNDS.get(scenario, {}).get(key)
        return ground if ground is not None and ground.drawn else None
    per_case = _GROUNDS.setdefault(scenario, {})
    ground = per_case.get(key)
    if ground is None:
        ground = per_case[key] = _MapGround(scenario, stage_id, marks=marks, dpi=int(dpi), in_steps=in_steps)
    return ground if in_steps else ground.finish()


def prepare_system_map(scenario, stage=None, *, answer: bool = True, dpi: int = 96):
    """Draw ahead of time what :func:`system_map_png` will need, in small steps (a generator).

    The first step keeps the map's ground, to be drawn; the next ones draw it (its artists a few at a
    time, then the bands of its PNG: each step ends after about 10 ms of work, see
    ``raster.STEP_SECONDS``); each further step draws one mark a first check is likely to show (a few
    milliseconds). Run the steps when nothing else happens, e.g. one per turn of the kernel's event loop
    after a classifier is shown, so a click is never kept waiting for more than one step (and a check
    that comes before the last step draws only what is left). Each step draws under the grounds' lock,
    never waiting for it: while a map is drawn on another thread (a click's, drawn aside) a step yields
    :data:`BUSY_WAIT`, the seconds after which to try again. Each step reads the current language.
    ``answer=False`` prepares the answer key's map (no verdicts) instead of a learner's.

    >>> import swedu
    >>> youth = swedu.load_scenario("delinquent-youth")
    >>> steps = sum(1 for _ in prepare_system_map(youth, "intake"))
    >>> steps > len(youth.actors)
    True
    """
    stage_id = scenario.stage(stage).id
    ground = yield from _locked(lambda: _ground(scenario, stage_id, marks=answer, dpi=dpi, in_steps=True))
    yield
    while (yield from _locked(lambda: next(ground.steps, "drawn"))) != "drawn":
        yield
    yield from _locked(lambda: (ground.ground_png, ground._clear_bands))  # encoded now, not at the first check
    yield
    if not answer:
        return
    for mark in _likely_marks(ground.graph, ground.pos):
        yield from _locked(lambda mark=mark: ground.sprite(mark))
        yield


BUSY_WAIT = 0.02
"""Seconds a step of :func:`prepare_system_map` lets pass before it tries again, when a map is being drawn on
another thread (the drawing a click has sent aside) or waits to be."""


def _acquired(wait: bool) -> bool:
    """Take ``_GROUNDS_LOCK`` for a map someone asked for: ``wait=False`` only if it is free now; else
    waiting, counted in ``_ASKED`` meanwhile, so that the steps drawing ahead of time let this thread in
    first (a lock is not fair: the loop's next step could take it again and again)."""
    if not wait:
        return _GROUNDS_LOCK.acquire(blocking=False)
    with _ASKED_LOCK:
        _ASKED[0] += 1
    try:
        return _GROUNDS_LOCK.acquire()
    finally:
        with _ASKED_LOCK:
            _ASKED[0] -= 1


def _locked(piece):
    """Steps that run ``piece()`` under ``_GROUNDS_LOCK`` and return its result, never waiting for the lock:
    while another thread holds it or waits for it (``_ASKED``: a map someone asked for goes first), each
    step yields :data:`BUSY_WAIT` (the loop runs everything else meanwhile).

    >>> steps = _locked(lambda: "drawn")
    >>> with _GROUNDS_LOCK:
    ...     next(steps)  # taken (here by this very thread): look again later
    0.02
    >>> next(steps)
    Traceback (most recent call last):
    ...
    StopIteration: drawn
    """
    while _ASKED[0] or not _GROUNDS_LOCK.acquire(blocking=False):
        yield BUSY_WAIT
    try:
        return piece()
    finally:
        _GROUNDS_LOCK.release()
