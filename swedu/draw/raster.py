"""The raster compositor: a system map's ground rendered once, each mark as a small sprite laid over it,
and PNGs encoded from independently compressed bands of rows (only the bands marks cover are compressed
again).

>>> import swedu
>>> youth = swedu.load_scenario("delinquent-youth")
>>> ground = _MapGround(youth, "intake", marks=True, dpi=40)
>>> ground.png([])[:4], ground.width, ground.height
(b'\\x89PNG', 520, 320)
"""
from __future__ import annotations

import functools
import struct
import time
import zlib

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.transforms import Bbox

from swedu.draw.legend import _legend
from swedu.draw.maps import _system_map_steps
from swedu.draw.style import _new_figure, _put, plain_text


class _MapGround:
    """The unchanging layer of one system map at one resolution, and the marks drawn on it so far.

    The ground (lines, shapes, names, title, legend) is rendered once. Each mark (a badge,
    a "–", a verdict) is rendered once, alone on a transparent canvas with the same axes,
    and kept as a small RGBA sprite with its pixel position. A map is the ground with its
    marks laid over it in drawing order ("over" compositing), which gives the pixels of
    the figure drawn whole (to anti-aliasing rounding: at most 2 of 255 per channel).

    The PNG is encoded the same way: its image data is one deflate stream made of
    independently compressed bands of rows (each ends with a full flush, so no band refers
    to another), so the bands of the ground are compressed once and only the bands that
    marks cover are compressed again.
    """

    BAND = 16
    """Rows per band. Fewer flushes make a smaller PNG (16 rows: about 110 kB for a 1248 x 768 map, against
    145 kB with one row per band and 95 kB for one stream) and, measured, a faster check than 1, 8 or 32 rows."""

    def __init__(self, scenario, stage, *, marks: bool, dpi: int, in_steps: bool = False):
        self.dpi = dpi
        self.graph = scenario.graph(stage)
        self.sprites: dict = {}
        self.steps = self._draw(scenario, marks)
        """What is left of drawing the ground, a step of at most about :data:`STEP_SECONDS` at a time (a
        generator: each ``next`` is one step); ``in_steps=False`` draws it all now, :meth:`finish` later."""
        if not in_steps:
            self.finish()

    @property
    def drawn(self) -> bool:
        """True once the ground is wholly drawn (its last step done, or :meth:`finish`)."""
        return "bands" in vars(self)

    def finish(self) -> "_MapGround":
        """Draw what is left of the ground at once (nothing once it is drawn); the ground, ready to use."""
        for _step in self.steps:
            pass
        return self

    def _draw(self, scenario, marks: bool):
        """The ground's drawing in steps: the figure, its artists a few at a time, the bands of the PNG."""
        fig, self.ax, legend_ax = _new_figure()
        fig.set_dpi(self.dpi)
        self.canvas = FigureCanvasAgg(fig)
        yield
        self.pos = yield from _system_map_steps(scenario, self.graph, self.ax, marks=marks)  # actors' and marks' places
        yield
        _legend(legend_ax, marks=marks)  # as _system_map_ground, in two steps
        yield
        plain_text(fig)  # case text as written: a "$" is a dollar sign (a step of its own: it walks every artist)
        yield
        clock = _StepClock()
        yield from _drawn_in_steps(fig, self.canvas.get_renderer(), clock)
        rgba = np.asarray(self.canvas.buffer_rgba())
        self.height, self.width = rgba.shape[:2]
        # PNG scanlines of the ground: a filter byte (0: none) and the RGB pixels (the ground is opaque).
        self.scanlines = np.zeros((self.height, 1 + 3 * self.width), np.uint8)
        self.scanlines[:, 1:] = rgba[..., :3].reshape(self.height, -1)
        compressor = _band_compressor()
        bands = []
        for top in range(0, self.height, self.BAND):
            bands.append(_deflate_band(compressor, self.scanlines[top:top + self.BAND]))
            if clock.due():
                yield
        self.bands = bands

    def sprite(self, mark: tuple):
        """``(top, left, rgb as float, alpha as float)`` of one mark, rendered on first use."""
        key = repr(mark)
        found = self.sprites.get(key)
        if found is None:
            renderer = self.canvas.get_renderer()
            renderer.clear()  # transparent
            artist = _put(self.ax, mark)
            try:
                artist.draw(renderer)
                # Look for the drawn pixels only around the text and its box (display y runs upwards).
                box = artist.get_window_extent(renderer)
                if artist.get_bbox_patch() is not None:
                    box = Bbox.union([box, artist.get_bbox_patch().get_window_extent(renderer)])
                left0, right0 = max(int(box.x0) - 4, 0), min(int(box.x1) + 5, self.width)
                top0, bottom0 = max(self.height - int(box.y1) - 5, 0), min(self.height - int(box.y0) + 4, self.height)
                pixels = np.asarray(self.canvas.buffer_rgba())[top0:bottom0, left0:right0]
                alpha = pixels[..., 3]
                rows = np.flatnonzero(alpha.any(axis=1))
                cols = np.flatnonzero(alpha.any(axis=0))
            finally:
                artist.remove()
            if rows.size == 0:
                found = (0, 0, np.zeros((0, 0, 3), np.float32), np.zeros((0, 0, 1), np.float32))
            else:
                top, bottom, left, right = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
                patch = pixels[top:bottom, left:right].astype(np.float32)
                found = (int(top0 + top), int(left0 + left), patch[..., :3], patch[..., 3:] / 255.0)
            self.sprites[key] = found
        return found

    def compose(self, marks) -> tuple:
        """``(scanlines, rows changed)``: the ground's PNG scanlines with ``marks`` laid over them."""
        scanlines = self.scanlines.copy()
        image = scanlines[:, 1:].reshape(self.height, self.width, 3)  # a view into the scanlines
        changed: set = set()
        for region, rgb, alpha in self._under(image, marks, changed):
            region[...] = (rgb * alpha + region * (1.0 - alpha) + 0.5).astype(np.uint8)
        return scanlines, changed

    def _under(self, image, marks, changed: set):
        """``(the region of image under the mark, its rgb, its alpha)`` for each mark that has pixels, in
        drawing order; the rows they cover are added to ``changed``."""
        for mark in marks:
            top, left, rgb, alpha = self.sprite(mark)
            if rgb.size:
                changed.update(range(top, top + rgb.shape[0]))
                yield image[top:top + rgb.shape[0], left:left + rgb.shape[1]], rgb, alpha

    def png(self, marks) -> bytes:
        """The map with ``marks`` as PNG bytes (RGB, 8 bits, deflate level 1, no timestamp)."""
        scanlines, changed = self.compose(marks)
        return self._encode(self._rebanded(self.bands, scanlines, changed), zlib.adler32(scanlines), colour=2)

    @functools.cached_property
    def ground_png(self) -> bytes:
        """The ground alone as PNG bytes (RGB): the lower of the two layers, the same bytes for every check."""
        return self._encode(self.bands, zlib.adler32(self.scanlines), colour=2)

    @functools.cached_property
    def _clear_bands(self) -> list:
        """The compressed bands of a fully transparent layer (RGBA scanlines of zeros): compressed once, so
        harder (level 6: about 100 bytes a band, against 370 at level 1)."""
        compressor = _band_compressor(6)
        empty = np.zeros((self.BAND, 1 + 4 * self.width), np.uint8)
        full = _deflate_band(compressor, empty)
        last = self.height % self.BAND
        bands = [full] * (self.height // self.BAND)
        return bands + ([_deflate_band(compressor, empty[:last])] if last else [])

    def marks_png(self, marks) -> bytes:
        """``marks`` alone on a transparent layer of the ground's size, as PNG bytes (RGBA).

        Laid over :attr:`ground_png` (e.g. two stacked images in a page) it shows the map that
        :meth:`png` gives, to rounding: the marks are composed here with the same "over" rule.
        """
        scanlines = np.zeros((self.height, 1 + 4 * self.width), np.uint8)
        layer = scanlines[:, 1:].reshape(self.height, self.width, 4)
        changed: set = set()
        for region, rgb, alpha in self._under(layer, marks, changed):
            below = region[..., 3:].astype(np.float32) / 255.0
            out = alpha + below * (1.0 - alpha)
            colour = (rgb * alpha + region[..., :3] * below * (1.0 - alpha)) / np.maximum(out, 1e-6)
            region[..., :3] = (colour + 0.5).astype(np.uint8)
            region[..., 3:] = (out * 255.0 + 0.5).astype(np.uint8)
        bands = self._rebanded(self._clear_bands, scanlines, changed, _MARKS_LEVEL)
        return self._encode(bands, zlib.adler32(scanlines), colour=6)

    def _rebanded(self, bands, scanlines, changed, level: int = 1) -> list:
        """``bands`` with the bands that hold a ``changed`` row compressed again from ``scanlines``."""
        bands = list(bands)
        compressor = _band_compressor(level)
        for band in sorted({row // self.BAND for row in changed}):
            top = band * self.BAND
            bands[band] = _deflate_band(compressor, scanlines[top:top + self.BAND])
        return bands

    def _encode(self, bands, adler: int, colour: int) -> bytes:
        """A PNG of the ground's size from compressed bands (colour type 2: RGB, 6: RGBA)."""
        # zlib stream: header (deflate, 32K window, fastest), the bands, a final empty block, Adler-32.
        data = b"\x78\x01" + b"".join(bands) + b"\x03\x00" + adler.to_bytes(4, "big")
        per_metre = round(self.dpi / 0.0254)
        return (b"\x89PNG\r\n\x1a\n"
                + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", self.width, self.height, 8, colour, 0, 0, 0))
                + _png_chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1))
                + _png_chunk(b"IDAT", data) + _png_chunk(b"IEND", b""))


STEP_SECONDS = 0.01
"""How long a step of drawing a ground goes on before it pauses (the artist or band under way is finished
first: a few milliseconds), so that a click waits for little more than that."""


class _StepClock:
    """Says when a step has gone on for :data:`STEP_SECONDS` (and starts timing the next one)."""

    def __init__(self):
        self.start = time.perf_counter()

    def due(self) -> bool:
        now = time.perf_counter()
        if now - self.start < STEP_SECONDS:
            return False
        self.start = now
        return True


def _drawn_in_steps(figure, renderer, clock: _StepClock):
    """Draw ``figure`` with ``renderer`` as ``canvas.draw()`` does, pausing (yielding) when ``clock`` says so.

    First the figure and then each axes lay themselves out (their ``draw`` with drawing switched off:
    aspect, titles, the size of every text), then the figure's background and each artist in matplotlib's drawing order: the figure's children by zorder and,
    for an axes, its own children by zorder. Agg lays artists over each other one by one, so the pixels
    are those of one ``canvas.draw()`` (``tests/test_draw_steps.py`` compares them for every built-in case).

    >>> from matplotlib.figure import Figure
    >>> fig = Figure(figsize=(2, 1), dpi=50)
    >>> ax = fig.add_axes((0.2, 0.2, 0.7, 0.6)); _ = ax.plot([0, 1], [1, 0]); _ = ax.set_title("a title")
    >>> canvas = FigureCanvasAgg(fig)
    >>> steps = sum(1 for _ in _drawn_in_steps(fig, canvas.get_renderer(), _StepClock()))
    >>> stepwise = np.asarray(canvas.buffer_rgba()).copy()
    >>> canvas.draw()
    >>> bool((stepwise == np.asarray(canvas.buffer_rgba())).all())
    True
    """
    children = _in_drawing_order(c for c in figure.get_children() if c is not figure.patch)
    axes = [child for child in children if isinstance(child, Axes)]
    for each in axes:  # the figure's own layout first (each axes' aspect), then each axes' (titles, texts)
        each.set_visible(False)
    try:
        with renderer._draw_disabled():  # what matplotlib's own draw_without_rendering does
            figure.draw(renderer)
    finally:
        for each in axes:
            each.set_visible(True)
    for each in axes:
        yield
        with renderer._draw_disabled():
            each.draw(renderer)
    yield
    renderer.clear()
    figure.patch.draw(renderer)
    for artist in (artist for child in children
                   for artist in (_axes_drawing_order(child) if isinstance(child, Axes) else [child])):
        artist.draw(renderer)
        if clock.due():
            yield


def _in_drawing_order(artists) -> list:
    return sorted((a for a in artists if not a.get_animated()), key=lambda a: a.get_zorder())


def _axes_drawing_order(axes) -> list:
    """What ``axes.draw`` draws, in its order (as matplotlib's ``Axes.draw``: no rasterized group)."""
    children = axes.get_children()
    children.remove(axes.patch)
    framed = axes.axison and axes.get_frame_on()
    if not framed:
        children = [c for c in children if c not in axes.spines.values()]
    if not axes.axison:
        children = [c for c in children if c not in (axes.xaxis, axes.yaxis)]
    return ([axes.patch] if framed else []) + _in_drawing_order(children)


_MARKS_LEVEL = 1  # measured: 25 kB in 5 ms a check; level 6 gives 18 kB in 13 ms


def _band_compressor(level: int = 1):
    return zlib.compressobj(level, zlib.DEFLATED, -15)  # raw deflate: the bands are joined into one stream


def _deflate_band(compressor, rows) -> bytes:
    # A full flush ends the band on a byte boundary and forgets it: the next band never refers back.
    return compressor.compress(rows.tobytes()) + compressor.flush(zlib.Z_FULL_FLUSH)


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

