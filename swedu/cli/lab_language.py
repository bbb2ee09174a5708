"""JupyterLab's own language (menus, file browser) for the course environment: ``sh run.sh lab id``.

JupyterLab reads default settings from ``<environment>/share/jupyter/lab/settings/overrides.json``.
Writing the locale there changes only this course's environment (the ``.venv``), never the
learner's own JupyterLab settings in their home folder. The Indonesian language pack
(``jupyterlab-language-pack-id-ID``) translates JupyterLab only in part: the menu bar stays English,
menu items and toolbar tooltips mix the two languages, the file browser is mostly Indonesian (the
README says exactly what; ``tests/browser/test_lab_interface_words.py`` checks it on screen).

>>> import json, tempfile
>>> prefix = tempfile.mkdtemp()
>>> path = set_lab_language("id", prefix)
>>> json.loads(path.read_text(encoding="utf-8"))[PLUGIN]
{'locale': 'id_ID'}
>>> json.loads(set_lab_language("en", prefix).read_text(encoding="utf-8"))[PLUGIN]
{'locale': 'en'}
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

PLUGIN = "@jupyterlab/translation-extension:plugin"
LOCALES = {"en": "en", "id": "id_ID"}
"""The course's language codes and JupyterLab's locale names."""


def overrides_file(prefix: str | None = None) -> Path:
    """``<prefix>/share/jupyter/lab/settings/overrides.json`` (default prefix: this Python's environment)."""
    return Path(prefix or sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"


def set_lab_language(language: str, prefix: str | None = None) -> Path:
    """Make JupyterLab start in ``language`` (``en`` or ``id``); keeps every other override. Returns the file."""
    if language not in LOCALES:
        raise ValueError(f"Unknown language {language!r}. Choose one of: {', '.join(LOCALES)}.")
    path = overrides_file(prefix)
    try:
        settings = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(settings, dict):
            settings = {}
    except (OSError, ValueError):
        settings = {}
    plugin = settings.get(PLUGIN) if isinstance(settings.get(PLUGIN), dict) else {}
    settings[PLUGIN] = dict(plugin, locale=LOCALES[language])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(settings, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    """``python -m swedu.cli.lab_language en|id``."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or args[0] not in LOCALES:
        print("usage: python -m swedu.cli.lab_language en|id", file=sys.stderr)
        return 2
    set_lab_language(args[0])
    return 0


if __name__ == "__main__":
    sys.exit(main())
