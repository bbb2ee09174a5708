"""No word is broken inside in the printed text of a figure (issue 23: "K / unjungan", "ban / tuan").

For every built-in case (the library, ``my-scenarios`` and the exercises' cases), both languages and the
three figures (system map, ecomap, approach map), every text drawn on more than one line is broken at
spaces only: a name or a relation label reads, line after line, as the first words of its text, and no
line of any text (legend rows included) holds a piece of a word.

The texts of a map the geometry test drew (tests/test_draw_ecomap_geometry.py) are read as it kept them
(tests/_drawn_texts.py); a map no test drew yet is drawn here.
"""
from __future__ import annotations

from pathlib import Path

import matplotlib.style
import pytest

import swedu
from swedu import draw
from swedu.activities import approach_scope
from swedu.i18n import catalog
from tests._drawn_texts import drawing, ecomap_drawing, texts

ROOT = Path(__file__).resolve().parents[1]
CASES = [str(p) for p in sorted([*(ROOT / "swedu" / "scenarios" / "data").glob("*.yaml"),
                                 *(ROOT / "my-scenarios").glob("*.yaml"), *(ROOT / "swedu" / "exercises").glob("*.yaml")])]


def _strings(value):
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [str(value)]


def broken_words(drawn: list, graph, words: set) -> list[str]:
    """The texts of a figure (``drawn``: its ``(gid, text)``, tests/_drawn_texts.py) broken inside a word: as
    ``"gid: line / line"``."""
    sources = {f"name:{a}": str(d["name"]) for a, d in graph.nodes(data=True)}
    sources.update({f"relation_label:{s}:{e}": str(r.get("label", "")) for s, e, r in graph.edges(data=True)})
    sources.update({f"relation_label:{e}:{s}": str(r.get("label", "")) for s, e, r in graph.edges(data=True)})
    found = []
    for gid, text in drawn:
        lines = text.split("\n")
        if len(lines) < 2:
            continue
        shown = " ".join(lines).split()
        source = sources.get(gid or "")
        whole = source is None or source.split()[:len(shown)] == shown
        if not whole or not set(shown) <= words:
            found.append(f"{gid}: {' / '.join(lines)}")
    return found


def test_a_word_is_never_split_however_narrow_the_line():
    assert draw.wrapped("Kunjungan rumah dan bantuan", 5) == ["Kunjungan", "rumah", "dan", "bantuan"]
    assert draw.wrapped("Orang tua anak-anak", 16) == ["Orang tua", "anak-anak"]
    assert draw.wrapped("Village early-childhood centre (PAUD)", 16) == ["Village", "early-childhood", "centre (PAUD)"]


@pytest.mark.parametrize("language", ["en", "id"])
@pytest.mark.parametrize("ref", CASES, ids=lambda ref: Path(ref).stem)
def test_no_figure_of_a_built_in_case_breaks_a_word(ref, language):
    swedu.set_language(language)
    try:
        case = swedu.load_scenario(ref)
        graph = case.graph()
        words = {w for s in _strings(catalog(language)) for w in s.split()}
        words |= {w for _a, d in graph.nodes(data=True) for w in str(d["name"]).split()}
        words |= {w for *_ends, r in graph.edges(data=True) for w in str(r.get("label", "")).split()}
        with matplotlib.style.context("default"):
            figures = {"ecomap": texts(ecomap_drawing(case), lambda: draw.ecomap(case))}
            for stage in case.stages:
                figures[f"system map {stage.id}"] = texts(drawing(case, "system_map", stage.id),
                                                          lambda stage=stage.id: draw.system_map(case, stage))
            centre = graph.graph.get("centre") or next(iter(graph.nodes))
            figures["approach map"] = texts(drawing(case, "approach_map", "dualistic", centre),
                                            lambda: draw.approach_map(case, "dualistic",
                                                                      approach_scope(case, "dualistic", centre)))
        for name, drawn in figures.items():
            assert broken_words(drawn, case.graph(), words) == [], name
    finally:
        swedu.set_language("en")
