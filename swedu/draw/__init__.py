"""Figures of a case: the system map, Hartman's ecomap and the approach map.

This is the only module of swedu that imports matplotlib. Every function returns a
:class:`matplotlib.figure.Figure` that is not registered with ``pyplot`` (so widgets
never leak open figures); a notebook shows it as a PNG in an ``<img>`` whose ``alt`` says what it
shows (:func:`alt_text`, :func:`figure_html`). Labels follow
:func:`swedu.set_language`.

One legend serves the whole course and is always drawn beside the map:

* the four systems: Okabe-Ito colour **and** a letter badge (CA, CL, T, AC; in
  Bahasa Indonesia PP, KL, S, KG), so the map reads in greyscale and for
  colour-blind viewers; an actor holding several systems shows several badges;
* persons are circles, collectives (families, groups, organisations,
  communities, institutions) are rounded squares;
* relations: solid = strong, thicker = stronger, dashed = tenuous, zigzag =
  stressful (never dashed for "negative": dashed means tenuous), arrow heads =
  direction of energy or resources (both ends: reciprocal).

Every figure reads the case through its networkx graph, :meth:`swedu.Scenario.graph`
(nodes are actors with their systems in a stage, edges are relations): the graph the
course tells students about is the one behind the pictures. Drawing never grades: a
map of an answer is drawn from a finished :class:`swedu.Feedback`.

The layout is deterministic: the centre actor in the middle, the others on one or
two rings in depth-first order from the centre (two swapped where a line would pass a node
it does not join), so the same case always gives the same picture. A map reads cleanly:
an actor's badges sit in cells on its node and lines stop outside them, so no badge is
under a line or an arrowhead; names, relation labels and verdicts take the first place
around their node or line that no line, arrowhead, node or other text covers. Because it never changes between checks, :func:`system_map_png`
draws the unchanging ground of a map (lines, shapes, names, title, legend) once per
case, stage, language and resolution, and after that only the badges and verdicts.

The package has a room per part: :mod:`~swedu.draw.geometry` (where things go: the layouts),
:mod:`~swedu.draw.style` (colours, sizes, plain text, the pieces of every figure),
:mod:`~swedu.draw.legend`, :mod:`~swedu.draw.labels` (texts placed where they cover nothing),
:mod:`~swedu.draw.maps` (the three figures), :mod:`~swedu.draw.raster` (the compositor of the map after
Check) and :mod:`~swedu.draw.after_check` (its kept grounds, prepared ahead). Every public name is here.

>>> import swedu
>>> from swedu.draw import system_map, png_bytes
>>> fig = system_map(swedu.load_scenario("delinquent-youth"))
>>> fig
<Figure size 1300x800 with 2 Axes>
>>> png_bytes(fig)[:4]
b'\\x89PNG'
"""
from __future__ import annotations

import sys
import types

from swedu.draw import after_check, geometry, labels, legend, maps, raster, style
from swedu.draw.after_check import prepare_system_map, system_map_layers, system_map_png
from swedu.draw.geometry import ecomap_layout, household_members, layout
from swedu.draw.maps import approach_map, ecomap, ecomap_alt, system_map
from swedu.draw.style import SYSTEM_COLOURS, _show_in_notebooks, alt_text, figure_html, plain_text, png_bytes, wrapped

# Inner names the tests and benchmarks reach through the package (it was one module).
from swedu.draw.after_check import _GROUNDS  # noqa: E402,F401
from swedu.draw.geometry import _NODE_R, _label_order, _relations, _segment_distance  # noqa: E402,F401
from swedu.draw.labels import _renderer  # noqa: E402,F401
from swedu.draw.raster import _MapGround  # noqa: E402,F401

__all__ = ["SYSTEM_COLOURS", "alt_text", "approach_map", "ecomap", "ecomap_alt", "ecomap_layout", "figure_html",
           "household_members", "layout", "png_bytes", "prepare_system_map", "system_map", "system_map_layers",
           "system_map_png", "wrapped"]

_ROOMS = (after_check, geometry, labels, legend, maps, raster, style)


class _Package(types.ModuleType):
    """``swedu.draw`` was one module: a name replaced here is replaced in every room that uses it too, as
    it was (a test gives the maps fresh kept grounds with ``monkeypatch.setattr(draw, "_GROUNDS", ...)``)."""

    def __setattr__(self, name, value):
        for room in _ROOMS:
            if name in vars(room):
                setattr(room, name, value)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
_show_in_notebooks()
