"""Exercise 4 in JupyterLab (Bahasa Indonesia): the ecomap is a picture with its alt text, both as saved in
the notebook (opened untrusted, so its HTML output goes through JupyterLab's sanitizer) and as drawn anew."""
from __future__ import annotations

from labdriver import NOTEBOOK

from swedu.i18n import t

FIGURE = f"{NOTEBOOK} .jp-OutputArea-output img[src^='data:image/png']"


def _figures(page) -> list:
    """``[alt, natural width]`` of every figure of the notebook on screen, once each is decoded."""
    page.wait_for_function(
        "(sel) => { const f = document.querySelectorAll(sel);"
        " return f.length > 0 && Array.from(f).every(i => i.complete && i.naturalWidth > 0); }",
        arg=FIGURE, timeout=60_000)
    return page.eval_on_selector_all(FIGURE, "els => els.map(e => [e.alt, e.naturalWidth])")


def test_the_ecomap_of_exercise_4_has_its_alt_text_saved_and_after_a_run(notebook):
    nb = notebook("exercises/id/04-membaca-peta.ipynb")
    opening = t("draw.alt.ecomap", "id").split("{")[0]
    saved = _figures(nb.page)
    assert saved and all(alt.startswith(opening) and width > 300 for alt, width in saved), saved
    assert nb.problems(nb.run_fresh()) == []
    again = _figures(nb.page)
    assert again == saved, "a run draws the same figure with the same alt text"
    assert nb.browser_errors() == []
