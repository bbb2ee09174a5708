"""An activity's map after a click, drawn without keeping the kernel's loop (issue 24): the approach
explorer's map and the tie editor's ecomap.

A whole figure takes a fraction of a second to a second to draw; a click whose handler drew it would keep
every later click waiting that long. After a click (:meth:`MapAside.later`) the activity shows its words at
once, words in the activity's language say the map is coming (no earlier map stays on screen), and the map
is drawn on the widgets' helper thread (:mod:`swedu.widgets._aside`) and shown by that thread under the
action lock, unless a newer map was asked for or the map was cleared meanwhile (a counter of the maps asked
for: a stale map is never shown). Called in a cell, a script or a test (:meth:`MapAside.now`), the map is
drawn before it returns, so a notebook's outputs are the same every run.

>>> from swedu.widgets._common import map_widget
>>> area = map_widget()
>>> maps = MapAside(area, "en")
>>> maps.now(lambda: b"first", "the first map")
b'first'
>>> 'alt="the first map"' in area.value
True
>>> maps.later(lambda: b"second", "the second map").result(timeout=60)
True
>>> 'alt="the second map"' in area.value, maps.shown
(True, b'second')
"""
from __future__ import annotations

import html
from collections.abc import Callable
from concurrent.futures import Future

import ipywidgets as w

from swedu.i18n import t
from swedu.widgets._aside import aside, started
from swedu.widgets._common import _ACTIONS, hide_map, language, show_map


class MapAside:
    """The map area of one activity: ``area`` (from :func:`~swedu.widgets._common.map_widget`), drawn in the
    language ``language_code``. ``shown`` is the PNG on screen (empty when none is); ``future`` the last
    map sent aside (or None)."""

    def __init__(self, area: w.HTML, language_code: str):
        self._area = area
        self._language = language_code
        self.generation = 0
        """Counts the maps asked for (and the clearings): a map drawn aside is shown only if it is the last."""
        self.future: Future | None = None
        self.shown = b""

    def now(self, draw: Callable[[], bytes], alt: str) -> bytes:
        """Draw the map here and show it (a cell, a script, a test); returns the PNG."""
        self.generation += 1
        png = draw()
        self.show(png, alt)
        return png

    def later(self, draw: Callable[[], bytes], alt: str) -> Future:
        """After a click: say the map is coming, and draw it (``draw()`` gives the PNG; it must hold what it
        draws, not read the activity later) on the helper thread; the future is True when it was shown."""
        self.generation += 1
        self.shown = b""
        self._area.value = ('<p class="swedu-map-coming"><small>'
                            f"{html.escape(t('widgets.activity.map_pending'))}</small></p>")
        self._area.layout.display = ""
        self.future = aside(self._draw_aside, self.generation, draw, alt)
        return self.future

    def draw(self, make_png: Callable[[], bytes], alt: str, after_click: bool) -> None:
        """Draw the map aside after a click (:meth:`later`), else here (:meth:`now`)."""
        if after_click:
            self.later(make_png, alt)
        else:
            self.now(make_png, alt)

    def show(self, png: bytes, alt: str) -> None:
        """Show a map drawn already (e.g. kept from an earlier click)."""
        self.generation += 1  # whatever was still drawn aside is stale now
        self._show(png, alt)

    def clear(self) -> None:
        """No map on screen, and none still drawn aside will come."""
        self.generation += 1
        self.shown = b""
        hide_map(self._area)

    def _show(self, png: bytes, alt: str) -> None:
        show_map(self._area, png, alt)
        self.shown = png

    def _draw_aside(self, generation: int, draw: Callable[[], bytes], alt: str) -> bool:
        """On the helper thread: draw, then show under the action lock if no newer map was asked for."""

        def failed() -> None:
            self._area.value = f"<p><small>{html.escape(t('widgets.activity.map_failed'))}</small></p>"

        return shown_unless_stale(lambda: generation == self.generation, self._language, draw,
                                  lambda png: self._show(png, alt), failed)


def shown_unless_stale(current: Callable[[], bool], language_code: str, draw: Callable, show: Callable,
                       failed: Callable[[], None]) -> bool:
    """On the helper thread: ``draw()`` in ``language_code`` (on this thread only), then ``show`` what it drew
    under the action lock; True when shown. Nothing is drawn or shown once ``current()`` is False (a newer
    map was asked for, or the map was cleared); a drawing that fails calls ``failed()`` (words in place of
    the map) while still current, and raises to the future.

    >>> shown = []
    >>> shown_unless_stale(lambda: True, "en", lambda: b"png", shown.append, lambda: None), shown
    (True, [b'png'])
    >>> shown_unless_stale(lambda: False, "en", lambda: b"png", shown.append, lambda: None), shown
    (False, [b'png'])
    """
    if not current():
        return False  # stale before it started: nothing is drawn for a map nobody will see
    with language(language_code):  # the map's words, on this thread only
        try:
            drawn = draw()
        except Exception:
            with _ACTIONS:
                if current():
                    failed()
            raise
        with _ACTIONS:
            if not current():
                return False
            show(drawn)
            return True


class ShowsMapAside:
    """What an activity with a :class:`MapAside` (its ``_maps``) shows of it: the map on screen and the map
    a click sent aside; once shown with a map (``_show_map``), the helper thread is started."""

    _maps: MapAside
    _show_map: bool

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        if self._show_map:
            started()  # shown: a click may send its map aside (and hands its record over)
        return bundle

    @property
    def map_png(self) -> bytes:
        """The map on screen as a PNG (empty while none is, e.g. while a click's map is still drawn)."""
        return self._maps.shown

    @property
    def _map_aside(self):
        """The future of the last map a click sent to be drawn aside, or None."""
        return self._maps.future
