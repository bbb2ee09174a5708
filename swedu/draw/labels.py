"""Texts placed where they cover nothing: each name, label or mark at the first of its places that overlaps
no node, no other text and no relation line or arrowhead, measured in pixels as it will be drawn.

>>> from matplotlib.figure import Figure
>>> fig = Figure(); ax = fig.add_axes((0, 0, 1, 1))
>>> placer = _Placer(ax, _renderer(fig))
>>> first, second = ax.text(0.5, 0.5, "name"), ax.text(0.5, 0.5, "other")
>>> placer.put(first, [(0.5, 0.5, "center", "center")]).get_position()
(0.5, 0.5)
>>> placer.put(second, [(0.5, 0.5, "center", "center"), (0.5, 0.2, "center", "center")]).get_position()
(0.5, 0.2)
>>> placer.avoid_line([(0.1, 0.8), (0.9, 0.8)], width=2.0)
>>> placer.put(ax.text(0, 0, "third"), [(0.5, 0.8, "center", "center"), (0.5, 0.65, "center", "center")]).get_position()
(0.5, 0.65)
"""
from __future__ import annotations

import math

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg

_HEAD = (0.4, 0.2)
"""The arrowheads' length and half width as fractions of their mutation scale (matplotlib's ``-|>``)."""


def _renderer(fig):
    """A renderer that measures text as it will be drawn (attaching an Agg canvas if there is none)."""
    canvas = fig.canvas
    if not hasattr(canvas, "get_renderer"):
        canvas = FigureCanvasAgg(fig)
    return canvas.get_renderer()


def _segments_hit(segments: np.ndarray, box) -> np.ndarray:
    """For each segment ``(x0, y0, x1, y1, half width)`` (pixels), whether it enters ``box`` (x0, y0, x1, y1)
    grown by its half width (Liang-Barsky clipping, all segments at once)."""
    if not len(segments):
        return np.zeros(0, bool)
    px, py, qx, qy, half = segments.T
    dx, dy = qx - px, qy - py
    low, high = np.zeros(len(segments)), np.ones(len(segments))
    keep = np.ones(len(segments), bool)
    for step, room in ((-dx, px - (box[0] - half)), (dx, (box[2] + half) - px),
                       (-dy, py - (box[1] - half)), (dy, (box[3] + half) - py)):
        flat = step == 0
        keep &= ~(flat & (room < 0))
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(flat, 0.0, room / np.where(flat, 1.0, step))
        low = np.where(~flat & (step < 0), np.maximum(low, ratio), low)
        high = np.where(~flat & (step > 0), np.minimum(high, ratio), high)
    return keep & (low <= high)


def _places_around(x: float, y: float, rx: float, ry: float, first: str = "below", further: float = 0.1,
                   rings: int = 5) -> list:
    """Places ``(x, y, ha, va)`` for a text beside a thing at (x, y) that reaches ``rx`` and ``ry`` from its
    centre: ``first`` ("below" or "above") first, the opposite side, the two sides, the four corners, then
    eight directions between them; then all again ``further`` out, ``rings`` times in all.

    >>> [p[2:] for p in _places_around(0, 0, 1, 1)[:4]]
    [('center', 'top'), ('center', 'bottom'), ('left', 'center'), ('right', 'center')]
    """
    down, up = (-90, 90) if first == "below" else (90, -90)
    angles = [down, up, 0, 180, -45, -135, 45, 135, -67.5, -112.5, 67.5, 112.5, -22.5, -157.5, 22.5, 157.5]
    places = []
    for ring in range(rings):
        far = ring * further
        for degrees in angles:
            c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
            k = 1.0 / max(abs(c), abs(s))  # out to the box around the thing, corners included
            ha = "left" if c > 0.3 else ("right" if c < -0.3 else "center")
            va = "bottom" if s > 0.3 else ("top" if s < -0.3 else "center")
            places.append((x + (rx + far) * c * k, y + (ry + far) * s * k, ha, va))
    return places


class _Placer:
    """Puts each text at the first of its candidate places that overlaps no node, no text and no line.

    Nodes and placed texts are boxes; relation lines are segments with their width, arrowheads
    triangles (kept as the segments of their sides and a box around them). A place clear of all is
    taken at once; if none is, the place that crosses the fewest lines, then covers the least box area.
    Boxes are measured by the renderer, in pixels.
    """

    def __init__(self, ax, renderer, pad: float = 3.0):
        self.ax, self.renderer, self.pad = ax, renderer, pad
        self.taken = np.zeros((0, 4))
        self.segments = np.zeros((0, 5))
        self.owners: list = []
        self._spans = np.zeros((0, 4))
        # The room the axes were given (wider than the map's square box when the aspect is equal).
        frame = ax.get_position(original=True).transformed(ax.figure.transFigure)
        self.frame = (frame.x0, frame.y0, frame.x1, frame.y1)

    def _box(self, artist, pad):
        box = artist.get_window_extent(self.renderer)
        x0, y0, x1, y1 = box.x0, box.y0, box.x1, box.y1
        patch = artist.get_bbox_patch() if hasattr(artist, "get_bbox_patch") else None
        if patch is not None:  # a text's box (a badge) is part of what it covers
            artist.update_bbox_position_size(self.renderer)
            outer = patch.get_window_extent(self.renderer)
            x0, y0, x1, y1 = min(x0, outer.x0), min(y0, outer.y0), max(x1, outer.x1), max(y1, outer.y1)
        return (x0 - pad, y0 - pad, x1 + pad, y1 + pad)

    def block(self, artist):
        self.block_box(self._box(artist, self.pad / 2))

    def block_box(self, box):
        """Keep every later text out of ``box`` (pixels)."""
        self.taken = np.vstack([self.taken, box])

    def avoid_line(self, points, width: float = 1.0, owner=None, data: bool = True):
        """Keep texts off the polyline through ``points`` (data units, or pixels with ``data=False``) drawn
        ``width`` points wide; ``owner`` names it for :meth:`put`'s ``ignore``."""
        xy = self.ax.transData.transform(points) if data else np.asarray(points, float)
        half = width * self.ax.figure.dpi / 72.0 / 2 + 1.0
        rows = [(*xy[i], *xy[i + 1], half) for i in range(len(xy) - 1)]
        self.segments = np.vstack([self.segments, np.array(rows).reshape(-1, 5)])
        self.owners += [owner] * len(rows)

    def avoid_head(self, tip, tail, scale: float, owner=None):
        """Keep texts off the arrowhead of ``scale`` (its mutation scale, points) pointing at ``tip`` from
        ``tail`` (data units): its three sides as segments, its inside as their box."""
        (tx, ty), (sx, sy) = self.ax.transData.transform([tip, tail])
        length = np.hypot(tx - sx, ty - sy) or 1.0
        ux, uy = (tx - sx) / length, (ty - sy) / length
        size = scale * self.ax.figure.dpi / 72.0
        bx, by = tx - ux * size * _HEAD[0], ty - uy * size * _HEAD[0]
        w = size * _HEAD[1] + 1.5
        corners = [(tx + ux * 1.5, ty + uy * 1.5), (bx - uy * w, by + ux * w), (bx + uy * w, by - ux * w)]
        self.avoid_line([*corners, corners[0]], width=1.0, owner=owner, data=False)
        xs, ys = [c[0] for c in corners], [c[1] for c in corners]
        inner = ((min(xs) + bx) / 2, (min(ys) + by) / 2, (max(xs) + bx) / 2, (max(ys) + by) / 2)
        self.avoid_line([(inner[0], inner[1]), (inner[2], inner[3])], width=0.0, owner=owner, data=False)

    def _badness(self, box, ignore=()):
        x0, y0, x1, y1 = box
        t = self.taken
        w = np.clip(np.minimum(x1, t[:, 2]) - np.maximum(x0, t[:, 0]), 0, None)
        h = np.clip(np.minimum(y1, t[:, 3]) - np.maximum(y0, t[:, 1]), 0, None)
        fx0, fy0, fx1, fy1 = self.frame
        inside = max(min(x1, fx1) - max(x0, fx0), 0) * max(min(y1, fy1) - max(y0, fy0), 0)
        outside = (x1 - x0) * (y1 - y0) - inside
        seg = self.segments
        if len(seg) != len(self._spans):  # the lines' boxes, grown by their half widths, kept for a quick test
            self._spans = np.column_stack([np.minimum(seg[:, 0], seg[:, 2]) - seg[:, 4],
                                           np.minimum(seg[:, 1], seg[:, 3]) - seg[:, 4],
                                           np.maximum(seg[:, 0], seg[:, 2]) + seg[:, 4],
                                           np.maximum(seg[:, 1], seg[:, 3]) + seg[:, 4]])
        near = np.flatnonzero((self._spans[:, 0] <= x1) & (self._spans[:, 2] >= x0) &
                              (self._spans[:, 1] <= y1) & (self._spans[:, 3] >= y0))
        if ignore:
            near = np.array([i for i in near if self.owners[i] not in ignore], int)
        hits = _segments_hit(seg[near], box)
        return (int(np.count_nonzero(hits)), round(float((w * h).sum()) + outside, 3))

    def put(self, text, places, ignore=(), keep: bool = True):
        """Try ``places`` ((x, y, ha, va) in data units) in order; keep the first clear one, else the least
        bad. Lines whose owner is in ``ignore`` do not count (a relation's label may sit on its own line).
        With ``keep=False`` the place is chosen but not blocked for later texts.

        The text is measured once, as drawn (its glyphs and its box); its box at each place follows from
        where ``ha`` and ``va`` put it (a text is not rotated, so its size does not change with its place).
        """
        text.set_position((0.0, 0.0))
        text.set_ha("left")
        text.set_va("bottom")
        inner = text.get_window_extent(self.renderer)
        outer = self._box(text, self.pad)
        ax_, ay = self.ax.transData.transform((0.0, 0.0))
        w, h = inner.width, inner.height
        grow = (inner.x0 - outer[0], inner.y0 - outer[1], outer[2] - inner.x1, outer[3] - inner.y1)
        ox, oy = inner.x0 - ax_, inner.y0 - ay
        anchors = self.ax.transData.transform([(x, y) for x, y, _ha, _va in places])
        best = None
        for (px, py), (x, y, ha, va) in zip(anchors, places):
            x0 = px + ox - {"left": 0.0, "center": w / 2, "right": w}[ha]
            y0 = py + oy - {"bottom": 0.0, "center": h / 2, "top": h}[va]
            bad = self._badness((x0 - grow[0], y0 - grow[1], x0 + w + grow[2], y0 + h + grow[3]), ignore)
            if best is None or bad < best[0]:
                best = (bad, (x, y, ha, va))
            if bad == (0, 0):
                break
        x, y, ha, va = best[1]
        text.set_position((x, y))
        text.set_ha(ha)
        text.set_va(va)
        if keep:
            self.block(text)
        return text
