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


def system_map_layers(scenario, stage=None, feedback: Feedback | None = None, dpi: int = 96) -> tuple:
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
    """
    return _on_ground(scenario, stage, feedback, dpi, lambda ground, marks: (ground.ground_png,
                                                                            ground.marks_png(marks)))


def _on_ground(scenario, stage, feedback: Feedback | None, dpi: int, encode):
    """``encode(ground, marks)`` for the kept ground of the map and the marks of ``feedback`` (the key's
    badges without it), under ``_GROUNDS_LOCK``: the ground's sprites are drawn and kept as they are used."""
    stage_id = _stage_of(scenario, stage, feedback)
    with _GROUNDS_LOCK:
        ground = _ground(scenario, stage_id, marks=feedback is not None, dpi=dpi)
        # The ground's graph is the stage's (the key's badges come from its systems): none is built per check.
        return encode(ground, _system_map_marks(ground.graph, ground.pos, feedback))


def _ground(scenario, stage_id: str, *, marks: bool, dpi: int, in_steps: bool = False) -> _MapGround:
    """The kept ground of one map, drawn; call with ``_GROUNDS_LOCK`` held. A ground not kept yet is drawn
    now, or with ``in_steps`` kept at once and drawn by its steps (``ground.steps``): whoever needs it
    before they are done draws the rest (``ground.finish()``), never the whole again."""
    style = tuple(str(matplotlib.rcParams[name]) for name in _STYLE)
    key = (stage_id, get_language(), marks, int(dpi), style)
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
    that comes before the last step draws only what is left). Steps draw with matplotlib: run them on
    the thread that draws the maps, never beside it. Each step reads the current language.
    ``answer=False`` prepares the answer key's map (no verdicts) instead of a learner's.

    >>> import swedu
    >>> youth = swedu.load_scenario("delinquent-youth")
    >>> steps = sum(1 for _ in prepare_system_map(youth, "intake"))
    >>> steps > len(youth.actors)
    True
    """
    stage_id = scenario.stage(stage).id
    with _GROUNDS_LOCK:
        ground = _ground(scenario, stage_id, marks=answer, dpi=dpi, in_steps=True)
    yield
    while True:
        with _GROUNDS_LOCK:
            drawn = next(ground.steps, "drawn")
        if drawn == "drawn":
            break
        yield
    with _GROUNDS_LOCK:
        ground.ground_png, ground._clear_bands  # noqa: B018 - encoded now, not at the first check
    yield
    if not answer:
        return
    for mark in _likely_marks(ground.graph, ground.pos):
        with _GROUNDS_LOCK:
            ground.sprite(mark)
        yield
