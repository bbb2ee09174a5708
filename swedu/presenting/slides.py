"""Offline slide decks: every lesson in both languages as a reveal.js deck whose scripts and styles
are local files, with the widgets rendered from the state saved in the notebook and figures embedded.
A lesson with a classifier is run again in a presenting kernel first (:func:`run_presenting`), so that the
classifier on its slide is the compact one it builds itself in a presentation.

``sh run.sh slides`` (``swedu slides``) installs the assets once with npm
(``slides/package.json``, into the git-ignored ``slides/node_modules``), copies what the decks need
to ``build/slides/assets`` and writes ``build/slides/<language>/<lesson>.slides.html``. Code is left
out of the decks; slide breaks come from each cell's ``slideshow`` metadata.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from swedu.i18n import LANGUAGES, t
from swedu.mode import PRESENTER_ENV, THEME_ENV
from swedu.presenting import SHARE, lesson_ids
from swedu.presenting.notes import notes_for, with_notes

TEMPLATE = "swedu-slides"
ASSETS = "assets"

# What the decks load, as paths inside build/slides/assets (copied from slides/node_modules).
REVEAL = "reveal.js"
REQUIRE = "requirejs/require.js"
JQUERY = "jquery/jquery.min.js"
MATHJAX = "mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe"
WIDGETS = "html-manager/embed-amd.js"
FONTAWESOME = "fontawesome/css/all.min.css"
FONTAWESOME_SHIMS = "fontawesome/css/v4-shims.min.css"

# (source inside node_modules, target inside assets, parts to leave out)
COPIES = [
    ("reveal.js/dist/reveal.js", "reveal.js/dist/reveal.js", ()),
    ("reveal.js/dist/reveal.css", "reveal.js/dist/reveal.css", ()),
    ("reveal.js/dist/reset.css", "reveal.js/dist/reset.css", ()),
    # Only the theme the decks use: most others import Google Fonts.
    ("reveal.js/dist/theme/white.css", "reveal.js/dist/theme/white.css", ()),
    ("reveal.js/dist/theme/fonts/source-sans-pro", "reveal.js/dist/theme/fonts/source-sans-pro", ()),
    ("reveal.js/plugin/notes", "reveal.js/plugin/notes", ()),
    ("reveal.js/LICENSE", "reveal.js/LICENSE", ()),
    ("requirejs/require.js", REQUIRE, ()),
    ("jquery/dist/jquery.min.js", JQUERY, ()),
    ("jquery/LICENSE.txt", "jquery/LICENSE.txt", ()),
    ("mathjax/MathJax.js", "mathjax/MathJax.js", ()),
    ("mathjax/LICENSE", "mathjax/LICENSE", ()),
    ("mathjax/config", "mathjax/config", ()),
    ("mathjax/extensions", "mathjax/extensions", ()),
    ("mathjax/localization/en", "mathjax/localization/en", ()),
    ("mathjax/jax/input/TeX", "mathjax/jax/input/TeX", ()),
    ("mathjax/jax/output/CommonHTML", "mathjax/jax/output/CommonHTML", ()),
    ("mathjax/jax/element", "mathjax/jax/element", ()),
    ("mathjax/fonts/HTML-CSS/TeX/woff", "mathjax/fonts/HTML-CSS/TeX/woff", ()),
    ("@jupyter-widgets/html-manager/dist", "html-manager", ("*.map",)),
    ("@fortawesome/fontawesome-free/css", "fontawesome/css", ()),
    ("@fortawesome/fontawesome-free/webfonts", "fontawesome/webfonts", ()),
    ("@fortawesome/fontawesome-free/LICENSE.txt", "fontawesome/LICENSE.txt", ()),
]


class SlidesError(RuntimeError):
    """The decks cannot be built (npm missing or failing); the message says what to do."""


def _stamp(folder: Path) -> str:
    lock = folder / "package-lock.json"
    source = lock if lock.exists() else folder / "package.json"
    return hashlib.sha256(source.read_bytes()).hexdigest()


def install_assets(folder: Path, npm: str | None = None) -> Path:
    """Install the npm packages of ``folder/package.json`` into ``folder/node_modules`` unless they
    are there already for the same lock file (a stamp file remembers it). Returns node_modules."""
    folder = Path(folder)
    modules = folder / "node_modules"
    stamp = modules / ".swedu-stamp"
    want = _stamp(folder)
    if stamp.exists() and stamp.read_text(encoding="utf-8") == want:
        return modules
    npm = npm or shutil.which("npm")
    if npm is None:
        raise SlidesError(t("present.error.npm"))
    action = "ci" if (folder / "package-lock.json").exists() else "install"
    result = subprocess.run([npm, action, "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"],
                            cwd=folder, check=False)
    if result.returncode != 0:
        raise SlidesError(t("present.error.npm_failed", code=result.returncode))
    stamp.write_text(_stamp(folder), encoding="utf-8")
    return modules


def copy_assets(modules: Path, target: Path) -> Path:
    """Copy the files the decks load from ``modules`` (node_modules) into ``target``."""
    for source, destination, ignore in COPIES:
        src, dst = Path(modules) / source, Path(target) / destination
        if src.is_dir():
            shutil.copytree(src, dst, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns(*ignore) if ignore else None)
        else:
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)
    return Path(target)


FONT_SUFFIXES = (".woff", ".woff2", ".ttf", ".eot", ".svg")


def copy_widget_fonts(assets: Path, deck_folder: Path) -> None:
    """The widget renderer looks for its icon fonts in ``@jupyter-widgets/`` next to the deck (its
    webpack public path follows the AMD module name): put a copy there."""
    target = Path(deck_folder) / "@jupyter-widgets"
    target.mkdir(parents=True, exist_ok=True)
    for font in (Path(assets) / "html-manager").iterdir():
        if font.suffix in FONT_SUFFIXES:
            shutil.copy2(font, target / font.name)


def exporter(prefix: str = f"../{ASSETS}"):
    """An nbconvert SlidesExporter whose every script and style URL starts with ``prefix``."""
    from nbconvert import SlidesExporter
    from traitlets.config import Config

    config = Config()
    config.SlidesExporter.reveal_url_prefix = f"{prefix}/{REVEAL}"
    config.SlidesExporter.reveal_scroll = False  # a slide never scrolls: every slide fits (tests/browser/test_slides_fit.py)
    config.SlidesExporter.reveal_transition = "none"  # no animation: calm on a projector, cheap on old laptops
    config.SlidesExporter.reveal_theme = "white"  # its fonts are local files (simple.css imports Google Fonts)
    config.SlidesExporter.require_js_url = f"{prefix}/{REQUIRE}"
    config.SlidesExporter.jquery_url = f"{prefix}/{JQUERY}"
    config.SlidesExporter.mathjax_url = f"{prefix}/{MATHJAX}"
    config.SlidesExporter.widget_renderer_url = f"{prefix}/{WIDGETS}"
    config.SlidesExporter.jupyter_widgets_base_url = f"{prefix}/"
    config.SlidesExporter.font_awesome_url = f"{prefix}/{FONTAWESOME}"
    config.SlidesExporter.exclude_input = True
    config.SlidesExporter.exclude_input_prompt = True
    config.SlidesExporter.exclude_output_prompt = True
    config.SlidesExporter.template_name = TEMPLATE
    config.SlidesExporter.extra_template_basedirs = [str(SHARE / "nbconvert" / "templates")]
    return SlidesExporter(config=config)


WIDGET_STATE_MIME = "application/vnd.jupyter.widget-state+json"


def holds_classifier(nb) -> bool:
    """Whether the widget state saved in ``nb`` holds a classifier (a box of class ``swedu-classifier``)."""
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE_MIME, {}).get("state", {})
    return any("swedu-classifier" in model.get("state", {}).get("_dom_classes", ()) for model in state.values())


INLINE_FIGURES = "module://matplotlib_inline.backend_inline"


def run_presenting(nb, folder: Path, timeout: int = 300):
    """Run ``nb`` again, in place, in a fresh kernel started in ``folder`` that presents as a live
    presentation for students does (:data:`swedu.mode.THEME_ENV` on, presenter mode off, nothing recorded),
    and keep the widget state it leaves: every widget builds itself as a presentation shows it, the
    classifier in its compact form (:class:`swedu.Classifier`, ``compact``). Returns ``nb``.

    The theme itself (larger figures) is not applied: it is the live presentation's kernel start-up file,
    and a deck keeps the figures of the notebook."""
    from nbclient import NotebookClient  # deferred: the notebook runner only when a deck is built

    env = dict(os.environ, PYTHONHASHSEED="0", MPLBACKEND=INLINE_FIGURES, SWEDU_PROGRESS="off")
    env[THEME_ENV] = "1"
    env.pop(PRESENTER_ENV, None)  # a deck may be shared with the class: no lecturer controls
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                            store_widget_state=True, resources={"metadata": {"path": str(folder)}})
    with tempfile.TemporaryDirectory(prefix="swedu-deck-data-") as data_dir:
        env["SWEDU_DATA_DIR"] = data_dir
        client.execute(env=env, cwd=str(folder))
    return nb


ACTIVITY_PART = 2
"""Questions (or items) of an activity on one deck slide; a longer activity continues on the next."""
TABLE_PART = 10
"""Rows of a printed table on one deck slide; a longer table continues on the next (header on each)."""
ACTIVITY_PARTS = 5
"""The most slides one activity is spread over (the CSS of the decks hides the rest of each copy)."""


def split_long_activities(nb):
    """Show an activity of more than :data:`ACTIVITY_PART` questions (a concept check, a sorter), or a
    printed table of more than :data:`TABLE_PART` rows, over several slides of the deck: the same saved widget shown again on a new slide, each copy tagged
    ``swedu-part-N`` (``swedu-rows-N``) so that the deck's CSS shows only its questions (title and
    buttons on every one) or its rows (the header on every one)."""
    import copy

    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE_MIME, {}).get("state", {})
    cells = []
    for cell in nb.cells:
        cells.append(cell)
        views = [o.get("data", {}).get("application/vnd.jupyter.widget-view+json", {}).get("model_id")
                 for o in cell.get("outputs", [])] if cell.cell_type == "code" else []
        root = next((state[v]["state"] for v in views if v in state), None)
        classes = (root or {}).get("_dom_classes", [])
        tables = [o.get("data", {}).get("text/html", "") for o in cell.get("outputs", [])] if not any(views) else []
        rows = max((str("".join(h) if isinstance(h, list) else h).count("<tr") - 1 for h in tables), default=0)
        if root and "swedu-activity" in classes and "swedu-classifier" not in classes:
            items = len(root.get("children", [])) - 3  # the title, the questions, then buttons and result
            parts, tag = min(ACTIVITY_PARTS, -(-items // ACTIVITY_PART)), "swedu-part"
        elif rows > TABLE_PART:  # a long table printed by a cell (the gallery of cases)
            parts, tag = min(ACTIVITY_PARTS, -(-rows // TABLE_PART)), "swedu-rows"
        else:
            continue
        if parts < 2:
            continue
        cell.metadata.setdefault("tags", []).append(f"{tag}-1")
        for n in range(2, parts + 1):
            more = copy.deepcopy(cell)
            more.id = f"{cell.get('id', 'cell')}-part{n}"
            more.metadata["slideshow"] = {"slide_type": "subslide"}
            more.metadata["tags"] = [t for t in more.metadata["tags"] if not t.startswith(tag)] + [f"{tag}-{n}"]
            cells.append(more)
    nb.cells = cells
    return nb


def build_deck(notebook: Path, target: Path, slides_exporter=None, prefix: str = f"../{ASSETS}",
               language: str = "en") -> Path:
    """Write the deck of one notebook to ``target`` (an ``.html`` file, ``<html lang=language>``).

    The lecturer notes of the lesson (the data the course builder wrote, :mod:`swedu.presenting.notes`)
    become reveal.js speaker notes: press S in the deck to see them.
    """
    import nbformat

    slides_exporter = slides_exporter or exporter(prefix)
    slides_exporter.language_code = language
    nb = nbformat.read(str(notebook), as_version=4)
    if holds_classifier(nb):  # the one widget with a form of its own in a presentation: let it build that
        run_presenting(nb, Path(notebook).parent)
    nb = with_notes(nb, notes_for(nb, language), language)
    nb.cells = [c for c in nb.cells if c.metadata.get("slideshow", {}).get("slide_type") != "skip"]  # not slides
    split_long_activities(nb)
    resources = {"swedu": {"fontawesome_css": f"{prefix}/{FONTAWESOME}",
                           "fontawesome_shims": f"{prefix}/{FONTAWESOME_SHIMS}"},
                 "metadata": {"name": str(nb.metadata.get("title", Path(notebook).stem))}}
    body, _ = slides_exporter.from_notebook_node(nb, resources=resources)
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(body, encoding="utf-8")
    return target


def build_all(root: Path, out: Path | None = None, lessons: list[str] | None = None,
              languages=LANGUAGES, install: bool = True) -> list[Path]:
    """Every lesson deck in every language (or only ``lessons``, numbers like ``"04"``) under
    ``out`` (default ``root/build/slides``), with the assets next to them. Returns the decks written."""
    root = Path(root)
    out = Path(out) if out is not None else root / "build" / "slides"
    modules = install_assets(root / "slides") if install else root / "slides" / "node_modules"
    copy_assets(modules, out / ASSETS)
    slides_exporter = exporter()
    wanted = {f"{int(x):02d}" if str(x).isdigit() else str(x) for x in lessons} if lessons else None
    written: list[Path] = []
    titles: dict[Path, str] = {}
    for language in languages:
        for stem in lesson_ids(root, language):
            if wanted and stem.split("-", 1)[0] not in wanted and stem not in wanted:
                continue
            notebook = root / "notebooks" / language / f"{stem}.ipynb"
            written.append(build_deck(notebook, out / language / f"{stem}.slides.html", slides_exporter,
                                      language=language))
            titles[written[-1]] = str(json.loads(notebook.read_text(encoding="utf-8"))["metadata"].get("title", ""))
        if (out / language).is_dir():
            copy_widget_fonts(out / ASSETS, out / language)
    write_index(out, written, titles)
    return written


def write_index(out: Path, decks: list[Path], titles: dict[Path, str] | None = None) -> Path:
    """``out/index.html``: for each language, links to its decks under the lessons' titles."""
    import html

    titles = titles or {}
    sections = []
    for language in LANGUAGES:
        items = [f'<li><a href="{html.escape(language)}/{html.escape(deck.name)}">'
                 f"{html.escape(titles.get(deck) or deck.name)}</a></li>"
                 for deck in sorted(d for d in decks if d.parent.name == language)]
        if items:
            heading = t("present.index.heading", language=language)
            sections.append(f'<section lang="{language}"><h2>{html.escape(heading)}</h2><ul>'
                            + "".join(items) + "</ul></section>")
    title = html.escape(t("present.index.title"))
    page = ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f"<title>{title}</title>"
            "<style>body{font-family:sans-serif;font-size:20px;line-height:1.5;max-width:48em;margin:2em auto;"
            "padding:0 1em;color:#000}a{color:#0072B2}</style></head><body>"
            f"<h1>{title}</h1>" + "".join(sections) + "</body></html>\n")
    target = Path(out) / "index.html"
    target.write_text(page, encoding="utf-8")
    return target


def write_decks(lessons: list[str] | None = None, out: Path | None = None, root: Path | None = None) -> int:
    """Build the decks of ``lessons`` (numbers such as ``"04"``; default: all) of the course under ``root``
    (default: the current folder) into ``out`` (default: ``build/slides``); returns the exit code.

    ``swedu slides [--out FOLDER] [LESSON ...]`` (and ``sh run.sh slides``) parses the options and calls this.
    """
    root = Path(root) if root is not None else Path.cwd()
    try:
        written = build_all(root, out, list(lessons or []) or None)
    except SlidesError as error:
        print(error, file=sys.stderr)
        return 2
    out = out or root / "build" / "slides"
    print(t("present.cli.slides_built", count=len(written), folder=out, first=Path(out) / "index.html"))
    return 0
