"""Step 4 of the course builder: store a notebook as stable JSON, and compare a notebook with the stored one.

No timing metadata; widget state only where it differs from the widgets' defaults; widget model ids
renumbered deterministically, so that rebuilding an unchanged lesson gives identical files.

>>> import nbformat
>>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Hi")])
>>> differences(nb, nb, "x.ipynb")
[]
"""
from __future__ import annotations

import difflib
import hashlib
import json
import re
from pathlib import Path

WIDGET_STATE_MIME = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"


def clean(nb):
    """Drop volatile metadata and renumber widget model ids deterministically; returns ``nb``."""
    info = nb.metadata.get("language_info", {})
    nb.metadata["language_info"] = {k: info[k] for k in ("name", "mimetype", "file_extension", "pygments_lexer",
                                                         "codemirror_mode", "nbconvert_exporter") if k in info}
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        cell.metadata.pop("collapsed", None)
        if cell.cell_type == "code":
            for output in cell.get("outputs", []):
                output.get("metadata", {}).pop("execution", None)
    _drop_widget_defaults(nb)
    _renumber_widgets(nb)
    return nb


_WIDGET_DEFAULTS: dict = {}


def _widget_defaults(model_module: str, version: str, model_name: str) -> dict:
    """The state a freshly made ipywidgets model of this kind has (JSON form), or ``{}`` if unknown."""
    key = (model_module, version, model_name)
    if key not in _WIDGET_DEFAULTS:
        _WIDGET_DEFAULTS[key] = {}
        try:
            from ipywidgets.widgets.widget import _registry

            for (module, module_version, name, *_), cls in _registry.items():
                if (module, module_version, name) == key:
                    state = cls().get_state()
                    _WIDGET_DEFAULTS[key] = {k: v for k, v in json.loads(json.dumps(state)).items()
                                             if not (isinstance(v, str) and v.startswith("IPY_MODEL_"))}
                    break
        except Exception:  # noqa: BLE001 - an unknown or odd widget keeps its full state
            _WIDGET_DEFAULTS[key] = {}
    return _WIDGET_DEFAULTS[key]


def _drop_widget_defaults(nb) -> None:
    """Store only what differs from a widget's defaults (as ``ipywidgets.embed`` does with drop_defaults).

    A Classifier has hundreds of small models (layouts, styles); their defaults are most of the
    stored state. Widget front ends fill defaults in when they load the state.
    """
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE_MIME, {}).get("state", {})
    for entry in state.values():
        defaults = _widget_defaults(entry.get("model_module", ""), entry.get("model_module_version", ""),
                                    entry.get("model_name", ""))
        values = entry.get("state", {})
        for name in [k for k, v in values.items() if k in defaults and defaults[k] == v]:
            del values[name]


def _renumber_widgets(nb):
    """Replace random widget model ids by ids derived from the notebook and the order of creation."""
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE_MIME, {}).get("state", {})
    ids = list(state)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get(WIDGET_VIEW_MIME)
            if view and view.get("model_id") and view["model_id"] not in ids:
                ids.append(view["model_id"])
    if not ids:
        return
    meta = nb.metadata.get("swedu", {})
    salt = f"{meta.get('source', '')}/{meta.get('language', '')}"
    mapping = {old: hashlib.sha1(f"{salt}/{i}".encode()).hexdigest()[:32] for i, old in enumerate(ids)}
    pattern = re.compile("|".join(re.escape(old) for old in sorted(ids, key=len, reverse=True)))

    def swap(value):
        if isinstance(value, str):
            return pattern.sub(lambda m: mapping[m.group(0)], value)
        if isinstance(value, list):
            return [swap(v) for v in value]
        if isinstance(value, dict):
            return {swap(k): swap(v) for k, v in value.items()}
        return value

    import nbformat

    if "widgets" in nb.metadata:
        nb.metadata["widgets"] = nbformat.from_dict(swap(nb.metadata["widgets"]))
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.get("outputs"):
            cell.outputs = [nbformat.from_dict(swap(o)) for o in cell.outputs]


def write(nb, path) -> Path:
    """Validate, clean and store ``nb`` at ``path`` (folders created); returns the path."""
    import nbformat

    path = Path(path)
    clean(nb)
    nbformat.validate(nb)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = nbformat.writes(nb)
    if not text.endswith("\n"):
        text += "\n"
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- comparing

def structure(nb) -> list:
    """What ``--check`` compares: per cell its type, source and metadata; plus notebook metadata."""
    meta = {k: v for k, v in nb.metadata.items() if k not in ("widgets", "language_info")}
    cells = [(c.cell_type, c.get("id"), c.source, _plain(c.metadata)) for c in nb.cells]
    return [_plain(meta)] + cells


def _plain(value):
    return json.loads(json.dumps(value, sort_keys=True))


def differences(expected, actual, name: str, limit: int = 12) -> list[str]:
    """A readable summary of how ``actual`` (committed) differs from ``expected`` (from sources)."""
    problems = []
    exp, act = structure(expected), structure(actual)
    if exp[0] != act[0]:
        problems.append(f"{name}: notebook metadata differs: expected {exp[0]}, found {act[0]}")
    e_cells, a_cells = exp[1:], act[1:]
    if len(e_cells) != len(a_cells):
        problems.append(f"{name}: {len(a_cells)} cells, the source gives {len(e_cells)}")
    for i, (e, a) in enumerate(zip(e_cells, a_cells)):
        if e == a:
            continue
        if e[0] != a[0]:
            problems.append(f"{name}: cell {i} is {a[0]}, the source gives {e[0]}")
        elif e[2] != a[2]:
            diff = list(difflib.unified_diff(a[2].splitlines(), e[2].splitlines(), "committed", "source",
                                             lineterm="", n=0))
            problems.append(f"{name}: cell {i} text differs:\n    " + "\n    ".join(diff[2:8]))
        elif e[3] != a[3]:
            problems.append(f"{name}: cell {i} metadata differs: expected {e[3]}, found {a[3]}")
        elif e[1] != a[1]:
            problems.append(f"{name}: cell {i} id is {a[1]!r}, the source gives {e[1]!r}")
        if len(problems) >= limit:
            problems.append(f"{name}: ... (more differences)")
            break
    return problems


