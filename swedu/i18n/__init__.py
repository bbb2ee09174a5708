"""Languages and message catalogs.

Every sentence a learner reads comes from a catalog (``swedu/i18n/<lang>/*.yaml``)
or from a scenario file, never from code. The catalog for a language is the
union of the YAML files in its folder, so each part of the library keeps its
own file (``core.yaml``, ``widgets.yaml`` ...) while a test proves that the
English and Indonesian catalogs have exactly the same keys.

>>> import swedu
>>> swedu.set_language("id")
>>> t("system.client.name")
'sistem klien'
>>> swedu.set_language("en")
>>> t("system.client.name")
'client system'
>>> t("verdict.wrong.label")
'Not yet right'
"""
from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path
from typing import Mapping

LANGUAGES = ("en", "id")
"""The languages of the course: English and Bahasa Indonesia."""

_CATALOG_DIR = Path(__file__).parent
_catalogs: dict[str, dict[str, str]] = {}
_from_env = os.environ.get("SWEDU_LANG", "").strip().lower()
_current = [_from_env if _from_env in LANGUAGES else "en"]
_this_thread = threading.local()
"""A language chosen for one thread only (see :func:`language_on_this_thread`), read before ``_current``."""


def set_language(language: str) -> None:
    """Choose the language of every text the course shows: ``"en"`` or ``"id"``.

    >>> set_language("id"); get_language()
    'id'
    >>> set_language("en")
    >>> set_language("English")  # the message comes in the language still chosen
    Traceback (most recent call last):
    ...
    ValueError: Unknown language 'English'. Choose one of: 'en' (English), 'id' (Bahasa Indonesia).
    """
    code = str(language).strip().lower()
    if code not in LANGUAGES:
        raise ValueError(t("language_error.unknown", given=language))
    _current[0] = code


def get_language() -> str:
    """The language chosen with :func:`set_language` (``"en"`` by default), or, inside
    :func:`language_on_this_thread`, the language of that block."""
    return getattr(_this_thread, "code", None) or _current[0]


@contextlib.contextmanager
def language_on_this_thread(language: str):
    """Make every text of this thread in ``language`` for a block, whatever :func:`set_language` chooses
    meanwhile on other threads, and without changing their language (e.g. a map drawn on a helper thread
    while the kernel's own thread goes on with the learner's next click).

    >>> import threading
    >>> seen = []
    >>> def helper():
    ...     with language_on_this_thread("id"):
    ...         seen.append((get_language(), t("system.client.name")))
    >>> thread = threading.Thread(target=helper); thread.start(); thread.join()
    >>> seen, get_language()
    ([('id', 'sistem klien')], 'en')
    """
    code = str(language).strip().lower()
    if code not in LANGUAGES:
        raise ValueError(t("language_error.unknown", given=language))
    before = getattr(_this_thread, "code", None)
    _this_thread.code = code
    try:
        yield
    finally:
        _this_thread.code = before


def catalog(language: str | None = None) -> Mapping[str, str]:
    """All messages of one language as a flat ``{key: text}`` mapping."""
    lang = language or get_language()
    if lang not in _catalogs:
        _catalogs[lang] = _load_catalog(lang)
    return _catalogs[lang]


def t(key: str, language: str | None = None, **values: object) -> str:
    """The message ``key`` in the current language, with ``{placeholders}`` filled in.

    >>> t("feedback.score", score=75)
    'Score: 75%'
    """
    messages = catalog(language)
    try:
        text = messages[key]
    except KeyError:
        raise KeyError(f"No message {key!r} in the {language or get_language()!r} catalog") from None
    return text.format(**values) if values else text


def has(key: str) -> bool:
    """Whether the catalogs have a message ``key``."""
    return key in catalog()


def _load_catalog(language: str) -> dict[str, str]:
    # The catalogs ship with swedu: PyYAML's safe loader reads them, and i18n stays at the bottom of
    # the house (swedu._yaml, the strict reader for files people write, explains its problems with
    # these catalogs). tests/test_core_catalogs.py reads every catalog with that strict reader too,
    # so a duplicate key, an alias or a tag in a catalog still fails the tests.
    import yaml  # deferred: PyYAML is loaded with the first message, not with `import swedu`

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    folder = _CATALOG_DIR / language
    messages: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}  # noqa: S506 - a safe loader
        _flatten(data, "", messages, path)
    return messages


def _flatten(data: object, prefix: str, into: dict[str, str], path: Path) -> None:
    if not isinstance(data, dict):
        raise ValueError(f"{path}: catalog entries must be nested mappings of text (at {prefix or 'top'})")
    for key, value in data.items():
        full = f"{prefix}{key}"
        if isinstance(value, dict):
            _flatten(value, full + ".", into, path)
        else:
            if full in into:
                raise ValueError(f"{path}: message {full!r} is defined twice")
            into[full] = "" if value is None else str(value)
