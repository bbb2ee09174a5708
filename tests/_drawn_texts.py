"""The texts of the maps the tests draw, kept for the test run: a test that reads only a map's texts
(tests/test_draw_whole_words.py) reads those of the same map another test drew to measure it
(tests/test_draw_ecomap_geometry.py) instead of drawing it again, and draws it when no test did.

A map is known by what was drawn: the case (its id and file), the language, the matplotlib style, the
function and its arguments (:func:`drawing`); an ecomap by the graph it draws (:func:`ecomap_drawing`).
"""
from __future__ import annotations

import matplotlib

from swedu.i18n import get_language

_TEXTS: dict = {}


def _style() -> tuple:
    return tuple(sorted((name, str(value)) for name, value in matplotlib.rcParams.items()))


def drawing(case, *what) -> tuple:
    """The key of one map of ``case`` in the current language and style: ``what`` is the function's name and
    its arguments (``"system_map", stage``)."""
    return (case.id, str(case.source), get_language(), _style(), *what)


def ecomap_drawing(case, stage=None) -> tuple:
    """The key of the ecomap of ``case``: its graph but the stage's key and id (``systems``, ``stage``: the
    ecomap reads neither, so every stage of a case draws the same ecomap), in the current language and style."""
    graph = case.graph(stage)
    return (get_language(), _style(), "ecomap",
            repr(sorted((k, v) for k, v in graph.graph.items() if k != "stage")),
            repr([(a, sorted((k, v) for k, v in d.items() if k != "systems")) for a, d in graph.nodes(data=True)]),
            repr([(a, b, sorted(d.items())) for a, b, d in graph.edges(data=True)]))


def texts_of(fig) -> list[tuple]:
    """``(gid, text)`` of every text of every axes of ``fig``, in drawing order."""
    return [(text.get_gid(), text.get_text()) for ax in fig.axes for text in ax.texts]


def keep(key: tuple, fig):
    """Keep the texts of ``fig``, the map ``key`` as drawn; returns ``fig``."""
    _TEXTS[key] = texts_of(fig)
    return fig


def texts(key: tuple, draw) -> list[tuple]:
    """The texts of the map ``key``: those kept, or those of ``draw()`` (kept)."""
    if key not in _TEXTS:
        keep(key, draw())
    return _TEXTS[key]
