"""Step 2 of the course builder: a checked source -> an nbformat v4 notebook in one language (no outputs).

The first code cell is generated (``import swedu`` and ``swedu.set_language(...)``); every other code
cell is the same in both languages. Code is hidden from students unless the source says ``student: true``.

>>> from authoring.source import parse_source
>>> source = parse_source("id: x\\ntitle: {en: X, id: X}\\ncells:\\n  - code: print(1)\\n", "x.yaml")
>>> [cell.source for cell in render(source, "en").cells][1:]
['print(1)']
"""
from __future__ import annotations

import re
from collections.abc import Callable

from authoring.source import HIDE_INPUT_TAG, LANGUAGES, REMOVE_INPUT_TAG, SETUP_TAG, STUDENT_TAG

SETUP_CODE = {
    "en": 'import swedu\nswedu.set_language("en")  # Bahasa Indonesia: swedu.set_language("id")',
    "id": 'import swedu\nswedu.set_language("id")  # bahasa Inggris: swedu.set_language("en")',
}
"""The generated first code cell, the only code that differs between the two languages."""


LANGUAGE_NAMES = {"en": "English", "id": "Bahasa Indonesia"}

Transform = Callable[["object", dict, str], "object"]
"""``transform(cell, spec, language)`` -> a cell, a list of cells, or ``None`` to drop it."""


def render(source: dict, language: str, transform: Transform | None = None, origins: list | None = None,
           fit_slides: bool = False):
    """The notebook (nbformat v4) for ``source`` in ``language``, without outputs.

    ``transform(cell, spec, language)`` may rewrite each rendered cell (``spec`` is the
    cell's entry in the source); it returns the cell, a list of cells, or ``None``.
    The generated setup cell is placed where the source has ``- setup: true`` (else before the
    first code cell) and is not transformed. A list given as ``origins`` receives, for each cell of
    the notebook, the source entry it came from (``None`` for the setup cell).

    With ``fit_slides`` (lessons, which are presented) every slide is made to fit a projector screen:
    a reading longer than a slide continues on the next one (:func:`reading_parts`) and a code cell
    without its own ``slide:`` opens a slide for what it shows (an activity, a figure, a printout).
    """
    import nbformat

    if language not in LANGUAGES:
        raise ValueError(f"Unknown language {language!r}. Choose one of: {', '.join(LANGUAGES)}.")
    nb = nbformat.v4.new_notebook()
    nb.metadata = nbformat.from_dict({
        "kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"},
        "language_info": {"name": "python"},
        "title": source["title"][language],
        "swedu": {"source": source["id"], "language": language},
    })
    cells = []
    sources: list = []
    setup_done = False
    previous = None
    for spec in source["cells"]:
        if "setup" in spec:
            cells.append(_setup_cell(language, spec.get("slide", "skip")))
            sources.append(None)
            setup_done = True
            continue
        if "code" in spec and not setup_done:
            cells.append(_setup_cell(language))
            sources.append(None)
            setup_done = True
        after = previous
        previous = spec
        if "md" in spec:
            # A reading too long for one slide continues on the next (split between paragraphs).
            parts = reading_parts(spec["md"]) if fit_slides else [spec["md"]]
            cell = nbformat.v4.new_markdown_cell(parts[0][language].rstrip("\n"))
            slide = spec.get("slide", "-")
        else:
            parts = [None]
            cell = nbformat.v4.new_code_cell(spec["code"].rstrip("\n"))
            # What a code cell shows (an activity, a figure, a printout) gets a slide of its own,
            # unless the source says where it goes.
            slide = spec.get("slide", "subslide" if fit_slides and after is not None else "-")
        cell.metadata["slideshow"] = {"slide_type": slide}
        if spec.get("tags"):
            cell.metadata["tags"] = list(spec["tags"])
        if cell.cell_type == "code":
            code_visibility(cell, student=bool(spec.get("student")))
        out = transform(cell, spec, language) if transform else cell
        if out is None:
            continue
        out = out if isinstance(out, list) else [out]
        for part in parts[1:]:
            more = nbformat.v4.new_markdown_cell(part[language].rstrip("\n"))
            more.metadata["slideshow"] = {"slide_type": "skip" if slide == "skip" else "subslide"}  # a skipped cell's rest too
            out.append(more)
        cells.extend(out)
        sources.extend([spec] * len(out))
    if not setup_done:
        cells.append(_setup_cell(language))
        sources.append(None)
    if origins is not None:
        origins[:] = sources
    for i, cell in enumerate(cells):
        cell.id = "setup" if SETUP_TAG in cell.metadata.get("tags", []) else f"c{i:03d}"
    nb.cells = cells
    return nb


def lecturer_notes(source: dict, language: str, transform: Transform | None = None) -> dict:
    """The lecturer notes of ``source`` in ``language``: ``{cell id: {"minutes", "ask", "listen"}}``,
    keyed by the id of the notebook cell that opens the slide (the first cell a source entry gives).

    >>> from authoring.source import parse_source
    >>> source = parse_source(
    ...     "id: demo\\ntitle: {en: Demo, id: Demo}\\ncells:\\n"
    ...     "  - md: {en: '# Hello', id: '# Halo'}\\n    slide: slide\\n"
    ...     "    notes:\\n      minutes: 2\\n      ask: {en: Who is here?, id: Siapa yang hadir?}\\n"
    ...     "      listen: {en: Silence, id: Diam}\\n", "demo.yaml")
    >>> lecturer_notes(source, "id")
    {'c000': {'minutes': 2, 'ask': 'Siapa yang hadir?', 'listen': 'Diam'}}
    >>> "Siapa" in str(render(source, "id"))  # never in a notebook
    False
    """
    origins: list = []
    nb = render(source, language, transform, origins=origins, fit_slides=True)
    notes: dict = {}
    seen: set = set()
    for cell, spec in zip(nb.cells, origins):
        if spec is None or id(spec) in seen:
            continue
        seen.add(id(spec))
        if "notes" in spec:
            note = spec["notes"]
            notes[cell.id] = {"minutes": note["minutes"], "ask": note["ask"][language].strip(),
                              "listen": note["listen"][language].strip()}
    return notes


SLIDE_LINES = 17
"""Lines of reading that fit one slide of the decks and the live presentation (960x700 in the decks,
26 px type, 1.35 line height: :data:`SLIDE_LINE_CHARS` characters a line). A longer Markdown cell is
split between paragraphs into slides of its own (:func:`reading_parts`); the browser test
``tests/browser/test_slides_fit.py`` measures that every slide fits."""
SLIDE_LINE_CHARS = 68
_BLOCK_START = re.compile(r"^\s*(?:[-*+]\s|\d+\.\s|\||#|>)")


def reading_lines(text: str) -> float:
    """About how many lines ``text`` (Markdown) takes on a slide: paragraphs, list items and table rows
    wrapped at :data:`SLIDE_LINE_CHARS` characters (fewer in the larger type of headings), half a line
    between blocks.

    >>> reading_lines("## A heading\\n\\nOne short paragraph.")
    3.0
    """
    import math

    total = 0.0
    for block in re.split(r"\n\s*\n", text.strip()):
        logical: list[str] = []
        for line in block.splitlines():
            if not logical or _BLOCK_START.match(line):
                logical.append(line.strip())
            else:
                logical[-1] += " " + line.strip()
        for line in logical:
            if re.match(r"^\|?[\s:|-]+\|?$", line) and "-" in line:
                continue  # a table's separator row
            size = {1: 1.7, 2: 1.5, 3: 1.2}.get(len(line) - len(line.lstrip("#")), 1)  # headings are larger
            total += size * max(1, math.ceil(len(line) * size / SLIDE_LINE_CHARS))
        total += 0.5
    return total - 0.5


def _blocks(text: str) -> list[str]:
    """The paragraphs of a Markdown text, a folded ``<details>`` element kept whole (it opens and closes
    in one cell, or the notebook and the decks would show it broken).

    >>> _blocks("## A\\n\\n<details>\\n<summary>Open</summary>\\n\\nText.\\n\\n</details>\\n\\nAfter.")
    ['## A', '<details>\\n<summary>Open</summary>\\n\\nText.\\n\\n</details>', 'After.']
    """
    merged: list[str] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        if merged and merged[-1].lower().count("<details") > merged[-1].lower().count("</details>"):
            merged[-1] += "\n\n" + block
        else:
            merged.append(block)
    return merged


def reading_parts(md: dict, limit: float = SLIDE_LINES) -> list[dict]:
    """``md`` (``{"en": ..., "id": ...}``) as one or more parts that each fit a slide, split between the
    same paragraphs in both languages (a heading stays with what follows it). Unchanged when it fits,
    or when the two languages do not have the same paragraphs.

    >>> long = {lang: "## Title\\n\\n" + "\\n\\n".join(["word " * 40] * 6) for lang in LANGUAGES}
    >>> [part["en"].count("word") for part in reading_parts(long)]
    [120, 120]
    """
    blocks = {lang: _blocks(md[lang]) for lang in LANGUAGES}
    if len({len(b) for b in blocks.values()}) != 1:
        return [md]
    sizes = [max(reading_lines(blocks[lang][i]) + 0.5 for lang in LANGUAGES) for i in range(len(blocks["en"]))]
    if sum(sizes) - 0.5 <= limit or len(sizes) < 2:
        return [md]
    first = 2 if blocks["en"][0].lstrip().startswith("#") else 1
    if first >= len(sizes):
        return [md]
    cut = min(range(first, len(sizes)), key=lambda k: max(sum(sizes[:k]), sum(sizes[k:])))
    head = {lang: "\n\n".join(blocks[lang][:cut]) + "\n" for lang in LANGUAGES}
    tail = {lang: "\n\n".join(blocks[lang][cut:]) + "\n" for lang in LANGUAGES}
    return reading_parts(head, limit) + reading_parts(tail, limit)


def _setup_cell(language, slide="skip"):
    import nbformat

    cell = nbformat.v4.new_code_cell(SETUP_CODE[language])
    cell.metadata["slideshow"] = {"slide_type": slide}
    cell.metadata["tags"] = [SETUP_TAG]
    return code_visibility(cell, student=False)


def code_visibility(cell, *, student: bool):
    """Mark a code cell as one a student types into (tag ``student``) or hide its input; returns ``cell``.

    A hidden cell gets ``metadata.jupyter.source_hidden`` (JupyterLab and Notebook 7 collapse the input
    to a clickable ellipsis, the output stays) and the ``hide-input`` tag (nbconvert, Voila and the
    slides leave the input out); a cell tagged ``remove-input`` keeps that stronger tag.

    >>> import nbformat
    >>> cell = code_visibility(nbformat.v4.new_code_cell("swedu.Classifier('probation')"), student=False)
    >>> cell.metadata.jupyter.source_hidden, cell.metadata.tags
    (True, ['hide-input'])
    >>> code_visibility(nbformat.v4.new_code_cell("answer = 'client'"), student=True).metadata.tags
    ['student']
    """
    tags = set(cell.metadata.get("tags", []))
    if student:
        tags.add(STUDENT_TAG)
        cell.metadata.pop("jupyter", None)
    else:
        if REMOVE_INPUT_TAG not in tags:
            tags.add(HIDE_INPUT_TAG)
        cell.metadata["jupyter"] = {"source_hidden": True}
    order = [SETUP_TAG] if SETUP_TAG in tags else []
    cell.metadata["tags"] = order + sorted(tags - {SETUP_TAG})
    return cell


def student_code_cells(nb) -> list:
    """The code cells a student sees and types into (those not hidden), in order.

    >>> from authoring.source import parse_source
    >>> nb = render(parse_source("id: x\\ntitle: {en: X, id: X}\\ncells:\\n  - code: swedu.Classifier('probation')\\n"
    ...                          "  - code: answer = ...\\n    student: true\\n", "x.yaml"), "en")
    >>> [cell.source for cell in student_code_cells(nb)]
    ['answer = ...']
    """
    return [cell for cell in nb.cells if cell.cell_type == "code"
            and not cell.metadata.get("jupyter", {}).get("source_hidden")
            and REMOVE_INPUT_TAG not in cell.metadata.get("tags", [])]


