"""Texts placed where they cover nothing: each name or label at the first of its places that overlaps
no node and no other text, measured in pixels as it will be drawn.

>>> from matplotlib.figure import Figure
>>> fig = Figure(); ax = fig.add_axes((0, 0, 1, 1))
>>> placer = _Placer(ax, _renderer(fig))
>>> first, second = ax.text(0.5, 0.5, "name"), ax.text(0.5, 0.5, "other")
>>> placer.put(first, [(0.5, 0.5, "center", "center")]).get_position()
(0.5, 0.5)
>>> placer.put(second, [(0.5, 0.5, "center", "center"), (0.5, 0.2, "center", "center")]).get_position()
(0.5, 0.2)
"""
from __future__ import annotations

import math

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg


def _renderer(fig):
    """A renderer that measures text as it will be drawn (attaching an Agg canvas if there is none)."""
    canvas = fig.canvas
    if not hasattr(canvas, "get_renderer"):
        canvas = FigureCanvasAgg(fig)
    return canvas.get_renderer()


class _Placer:
    """Puts each text at the first of its candidate places that overlaps no node and no text.

    Nodes and placed texts are hard obstacles; relation lines are soft ones (a name
    may cross a line if no clear place is left, but a clear place is preferred).
    Boxes are measured by the renderer, in pixels.
    """

    def __init__(self, ax, renderer, pad: float = 3.0):
        self.ax, self.renderer, self.pad = ax, renderer, pad
        self.taken = np.zeros((0, 4))
        self.line_points = np.zeros((0, 2))
        frame = ax.get_window_extent(renderer)
        self.frame = (frame.x0, frame.y0, frame.x1, frame.y1)

    def _box(self, artist, pad):
        box = artist.get_window_extent(self.renderer)
        return (box.x0 - pad, box.y0 - pad, box.x1 + pad, box.y1 + pad)

    def block(self, artist):
        self.taken = np.vstack([self.taken, self._box(artist, self.pad / 2)])

    def avoid_line(self, p0, p1, step: float = 6.0):
        (x0, y0), (x1, y1) = self.ax.transData.transform([p0, p1])
        n = max(int(math.hypot(x1 - x0, y1 - y0) / step), 1)
        u = np.linspace(0.0, 1.0, n + 1)
        self.line_points = np.vstack([self.line_points, np.column_stack([x0 + (x1 - x0) * u, y0 + (y1 - y0) * u])])

    def _badness(self, box):
        x0, y0, x1, y1 = box
        t = self.taken
        w = np.clip(np.minimum(x1, t[:, 2]) - np.maximum(x0, t[:, 0]), 0, None)
        h = np.clip(np.minimum(y1, t[:, 3]) - np.maximum(y0, t[:, 1]), 0, None)
        fx0, fy0, fx1, fy1 = self.frame
        inside = max(min(x1, fx1) - max(x0, fx0), 0) * max(min(y1, fy1) - max(y0, fy0), 0)
        outside = (x1 - x0) * (y1 - y0) - inside
        p = self.line_points
        crossed = int(np.count_nonzero((p[:, 0] >= x0) & (p[:, 0] <= x1) & (p[:, 1] >= y0) & (p[:, 1] <= y1)))
        return (round(float((w * h).sum()) + outside, 3), crossed)

    def put(self, text, places):
        """Try ``places`` ((x, y, ha, va) in data units) in order; keep the first clear one, else the least bad."""
        best = None
        for x, y, ha, va in places:
            text.set_position((x, y))
            text.set_ha(ha)
            text.set_va(va)
            bad = self._badness(self._box(text, self.pad))
            if best is None or bad < best[0]:
                best = (bad, (x, y, ha, va))
            if bad == (0, 0):
                break
        x, y, ha, va = best[1]
        text.set_position((x, y))
        text.set_ha(ha)
        text.set_va(va)
        self.block(text)
        return text


