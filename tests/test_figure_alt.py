"""Every figure the course shows says in words what it shows (issue 23): an ``alt`` text, in the notebook's
language, on every picture of every committed notebook, exercise and solution.

A picture is an ``image/*`` output, an ``<img>`` in an HTML output, in a widget's saved state or in a
Markdown cell. JupyterLab draws an ``image/png`` output as an ``<img>`` without ``alt``, so such an output
passes only beside an HTML ``<img>`` with an alt text in the same output. An ``<img>`` needs a non-empty
``alt``, except a purely decorative layer (``alt=""``) laid over a picture that carries one (the classifier's
marks over its map), and the hidden carrier of the widgets' accessibility script (``src="data:,"``: no
picture at all).
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

import swedu
from swedu import draw
from swedu.i18n import t

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(p for folder in ("notebooks", "exercises", "solutions") for p in (ROOT / folder).glob("*/*.ipynb"))

_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE | re.DOTALL)
_ALT = re.compile(r"""\balt\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_MARKDOWN_IMAGE = re.compile(r"!\[([^\]]*)\]\(")


def _alt(tag: str) -> str | None:
    """The alt text of one ``<img>`` tag (unescaped), or None when it has no alt attribute."""
    found = _ALT.search(tag)
    return None if found is None else html.unescape(found.group(1) if found.group(1) is not None else found.group(2))


def _no_picture(tag: str) -> bool:
    """The hidden ``<img>`` that only carries a script (empty data URI, not displayed)."""
    return bool(re.search(r'src="data:,"', tag)) and bool(re.search(r"display\s*:\s*none", tag))


def html_problems(page: str) -> list[str]:
    """What is wrong with the pictures of one piece of HTML: each ``<img>`` without an alt text.

    >>> html_problems('<img src="a.png" alt="A map of the Wulan family.">')
    []
    >>> html_problems('<img src="a.png">')
    ['<img src="a.png">: no alt text']
    >>> html_problems('<img src="a.png" alt="A map."><img src="b.png" alt="">')  # a layer over the map
    []
    >>> html_problems('<img src="b.png" alt="">')
    ['<img src="b.png" alt="">: empty alt text and no picture beside it that has one']
    """
    tags = [tag for tag in _IMG.findall(page) if not _no_picture(tag)]
    described = any((_alt(tag) or "").strip() for tag in tags)
    problems = []
    for tag in tags:
        alt = _alt(tag)
        short = re.sub(r'src="data:[^"]{20,}"', 'src="data:..."', tag)[:160]
        if alt is None:
            problems.append(f"{short}: no alt text")
        elif not alt.strip() and not described:
            problems.append(f"{short}: empty alt text and no picture beside it that has one")
    return problems


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def output_problems(output: dict) -> list[str]:
    """What is wrong with the pictures of one output of a code cell.

    >>> output_problems({"output_type": "display_data", "data": {"image/png": "iVBOR", "text/plain": "<Figure>"}})
    ['an image/png output without an <img> with alt text beside it']
    >>> output_problems({"output_type": "display_data", "data": {"image/png": "iVBOR",
    ...                  "text/html": '<img src="data:image/png;base64,iVBOR" alt="Ecomap of a case.">'}})
    []
    """
    data = output.get("data", {})
    page = _text(data.get("text/html", ""))
    problems = html_problems(page)
    described = any((_alt(tag) or "").strip() for tag in _IMG.findall(page))
    for kind in data:
        if kind.startswith("image/") and not described:
            problems.append(f"an {kind} output without an <img> with alt text beside it")
    return problems


def _widget_pages(state) -> list[str]:
    """Every string in a notebook's saved widget state (an HTML widget's value holds its ``<img>``)."""
    if isinstance(state, dict):
        return [text for value in state.values() for text in _widget_pages(value)]
    if isinstance(state, list):
        return [text for value in state for text in _widget_pages(value)]
    return [state] if isinstance(state, str) else []


def notebook_problems(notebook: dict) -> list[str]:
    problems = []
    for number, cell in enumerate(notebook["cells"]):
        where = f"cell {number}"
        if cell["cell_type"] == "markdown":
            source = _text(cell["source"])
            problems += [f"{where}: {p}" for p in html_problems(source)]
            problems += [f"{where}: a Markdown image ![...] without alt text"
                         for alt in _MARKDOWN_IMAGE.findall(source) if not alt.strip()]
        for output in cell.get("outputs", []):
            problems += [f"{where}: {p}" for p in output_problems(output)]
    for page in _widget_pages(notebook.get("metadata", {}).get("widgets", {})):
        problems += [f"widget state: {p}" for p in html_problems(page)]
    return problems


def test_there_are_notebooks_in_both_languages_and_some_show_figures():
    assert {p.parent.name for p in NOTEBOOKS} == {"en", "id"}
    assert {p.parents[1].name for p in NOTEBOOKS} == {"notebooks", "exercises", "solutions"}
    pictures = [p for p in NOTEBOOKS if "<img" in p.read_text(encoding="utf-8")]
    assert len(pictures) >= 10, "the ecomaps of exercises 4 and 5 and lesson 8 are pictures"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_picture_of_a_committed_notebook_has_alt_text(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    assert notebook_problems(notebook) == []


_FIGURE = re.compile(r'<img src="data:image/png;base64,[A-Za-z0-9+/=]+" alt="([^"]+)"')


@pytest.mark.parametrize("language", ["en", "id"])
def test_the_ecomaps_of_the_course_are_shown_with_alt_text_from_their_graph(language):
    """The figures of exercises 4 and 5 and lesson 8, shown as a notebook shows them: one ``<img>`` whose
    alt names the case, its household, and counts the ties of each quality (from the graph), in the language."""
    from IPython.core.formatters import DisplayFormatter

    formatter = DisplayFormatter()
    draw.style._show_in_notebooks(type("Shell", (), {"display_formatter": formatter})())
    swedu.set_language(language)
    try:
        cases = [swedu.exercises.case("ex4-map"), swedu.load_scenario("street-children"),
                 swedu.load_scenario("delinquent-youth"), swedu.load_scenario("small-business")]
        for case in cases:
            graph = case.graph()
            data, _metadata = formatter.format(draw.ecomap(case))
            assert "image/png" not in data, "no second copy of the picture without alt text"
            alt = html.unescape(_FIGURE.fullmatch(data["text/html"].split(" style=")[0]).group(1))
            opening = t("draw.alt.ecomap").split("{household}")[0].format(scenario=graph.graph["title"])
            assert alt.startswith(opening), (alt, opening)
            for member in draw.household_members(graph):
                assert str(graph.nodes[member]["name"]) in alt
            stressful = sum(1 for *_ends, r in draw.geometry._relations(graph) if r["quality"] == "stressful")
            assert f"{stressful} {t('draw.legend.stressful').split(' (')[0]}" in alt
            assert output_problems({"data": data}) == []
    finally:
        swedu.set_language("en")


def test_every_figure_of_swedu_says_what_it_shows_and_a_figure_without_words_falls_back_to_its_title():
    from matplotlib.figure import Figure

    youth = swedu.load_scenario("delinquent-youth")
    figures = {
        "system map": draw.system_map(youth, "intake"),
        "answer map": draw.system_map(youth, feedback=youth.assess({"parents": "client"})),
        "approach map": draw.approach_map(youth, "monolistic", {"actors": {"teen"}}),
        "ecomap": draw.ecomap(youth),
    }
    for name, figure in figures.items():
        assert str(youth.title) in draw.alt_text(figure), name
    assert "1" in draw.alt_text(figures["approach map"]) and "8" in draw.alt_text(figures["approach map"])
    untitled = Figure()
    assert draw.alt_text(untitled) == t("draw.alt.figure")
    assert 'alt=""' not in draw.figure_html(untitled)
