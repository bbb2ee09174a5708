"""Finding and reading activity files: the built-in ones in ``swedu/activities/data/`` or any ``.yaml`` path."""
from __future__ import annotations

from pathlib import Path

from swedu._yaml import YamlProblem, compose_checked, to_python
from swedu.activities.model import Activity, ActivityAnswerError
from swedu.activities.validate import ActivityError, parse_activity
from swedu.i18n import t
from swedu.systems import suggest

DATA_DIR = Path(__file__).parent / "data"
"""The folder of the built-in activity files (one ``<id>.yaml`` each)."""


def activity_ids() -> list[str]:
    """The ids of the built-in activities, sorted.

    >>> "purposes-of-social-work" in activity_ids()
    True
    """
    return sorted(p.stem for p in DATA_DIR.glob("*.yaml"))


_CACHE: dict = {}


def load_activity(id_or_path) -> Activity:
    """An activity by built-in id or by the path of a YAML file; raises :class:`ActivityError` for bad data."""
    if isinstance(id_or_path, Activity):
        return id_or_path
    text_ref = str(id_or_path)
    path = Path(text_ref)
    if not (text_ref.endswith((".yaml", ".yml")) or path.is_file()):
        path = DATA_DIR / f"{text_ref}.yaml"
        if not path.is_file():
            ids = activity_ids()
            match = suggest(text_ref, ids)
            raise ActivityAnswerError(t("widgets.error.unknown_activity", given=text_ref,
                                        suggestion=t("answer_error.suggestion", match=match) if match else "",
                                        choices=", ".join(ids)))
    key = (str(path.resolve()), path.stat().st_mtime_ns if path.exists() else 0)
    if key not in _CACHE:
        _CACHE[key] = parse_activity(_read(path), str(path))
    return _CACHE[key]


def _read(path: Path) -> object:
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ActivityError(str(path), [(path.name, t("scenario_error.cannot_read", reason=str(error)))]) from None
    try:
        return _plain(to_python(compose_checked(raw)).data)
    except YamlProblem as problem:
        raise ActivityError(str(path), [(f"line {problem.line}, column {problem.column}", problem.message)]) from None


def _plain(value):
    """Strip the loader's position wrappers, if any, down to dicts, lists and scalars."""
    data = getattr(value, "data", value)
    if isinstance(data, dict):
        return {str(_plain(k)): _plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_plain(v) for v in data]
    return data
