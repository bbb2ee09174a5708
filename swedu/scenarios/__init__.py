"""Finding and loading scenarios: built-in cases and lecturers' own files.

Built-in scenarios live in ``swedu/scenarios/data``. A lecturer's own files
are found in any folder named by the ``SWEDU_SCENARIOS`` environment variable
(several folders separated by ``:``, or ``;`` on Windows), in folders added with
:func:`add_scenario_folder`, and, without any configuration, in the nearest
``my-scenarios`` folder (the current folder or any parent). A file's name
(without ``.yaml``) is its id; see :func:`scenario_folders` for the order.

>>> import swedu
>>> swedu.scenario_ids()[:2]
['delinquent-youth', 'small-business']
>>> swedu.load_scenario("small-business").level
'macro'
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from swedu._schema import read_located
from swedu.i18n import get_language, t
from swedu.scenarios.validate import Problem, ScenarioError, build_scenario
from swedu.systems import suggest

BUILTIN_DIR = Path(__file__).parent / "data"
SEED_FIRST = ("delinquent-youth", "small-business")
_extra_folders: list[Path] = []
_cache: dict = {}


def add_scenario_folder(folder: str | os.PathLike) -> None:
    """Let :func:`scenario_ids` and :func:`load_scenario` find the ``*.yaml`` files in ``folder``."""
    path = Path(folder).expanduser().resolve()
    if not path.is_dir():
        raise FileNotFoundError(t("folder_error.not_a_folder", folder=folder))
    if path not in _extra_folders:
        _extra_folders.append(path)


LOCAL_FOLDER = "my-scenarios"
"""The conventional folder for a lecturer's own files, found without any configuration."""


def local_scenario_folder(start: str | os.PathLike | None = None) -> Path | None:
    """The nearest ``my-scenarios`` folder in ``start`` (default: the current folder) or any parent.

    A notebook running in ``notebooks/en/`` thus finds ``<repo>/my-scenarios/``.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as home:
    ...     (Path(home) / "my-scenarios").mkdir()
    ...     (Path(home) / "notebooks" / "en").mkdir(parents=True)
    ...     found = local_scenario_folder(Path(home) / "notebooks" / "en")
    ...     found == (Path(home) / "my-scenarios").resolve()
    True
    """
    try:
        here = Path(start if start is not None else os.getcwd()).expanduser().resolve()
    except OSError:
        return None
    for folder in (here, *here.parents):
        candidate = folder / LOCAL_FOLDER
        if candidate.is_dir():
            return candidate
    return None


def scenario_folders() -> list[Path]:
    """The folders searched for scenarios, in this order (the first file with a given id wins):

    1. the built-in cases (``swedu/scenarios/data``);
    2. the folders in the ``SWEDU_SCENARIOS`` environment variable;
    3. folders added with :func:`add_scenario_folder`;
    4. the nearest ``my-scenarios`` folder in the current folder or any parent.
    """
    folders = [BUILTIN_DIR]
    for part in os.environ.get("SWEDU_SCENARIOS", "").split(os.pathsep):
        if part.strip():
            folders.append(Path(part.strip()).expanduser())
    folders.extend(_extra_folders)
    local = local_scenario_folder()
    if local is not None and local not in folders:
        folders.append(local)
    return folders


def _index() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for folder in scenario_folders():
        if folder.is_dir():
            for path in sorted(folder.glob("*.yaml")):
                if path.is_file():  # never a named pipe, a device or a folder (see skipped_files)
                    found.setdefault(path.stem, path)
    return found


def skipped_files() -> list[Path]:
    """The ``*.yaml`` entries of the scenario folders that are not ordinary files (a named pipe, a device,
    a folder, a link to nothing): never opened, and listed by ``swedu list``."""
    return [path for folder in scenario_folders() if folder.is_dir()
            for path in sorted(folder.glob("*.yaml")) if not path.is_file()]


def scenario_ids() -> list[str]:
    """Ids of every scenario the course can find: the seed's two cases first, then the rest by name."""
    ids = list(_index())
    return [i for i in SEED_FIRST if i in ids] + sorted(i for i in ids if i not in SEED_FIRST)


def read_scenario_file(path: str | os.PathLike, expected_id: str | None = None):
    """Read, check and build the scenario in ``path``; raises :class:`ScenarioError`."""
    path = Path(path)
    name = str(path)
    located = read_located(path, ScenarioError)
    scenario = build_scenario(located.data, located.positions, name)
    if expected_id is not None and scenario.id != expected_id:
        line, col = located.positions.get(("id",), (1, 1))
        raise ScenarioError(name, [Problem(line, col, t("scenario_error.id_mismatch", given=scenario.id,
                                                        stem=expected_id))])
    return scenario


def load_scenario(id_or_path: str | os.PathLike):
    """A :class:`~swedu.model.Scenario` by id (see :func:`scenario_ids`) or from a ``.yaml`` path.

    >>> import swedu
    >>> swedu.load_scenario("delinquent-yuoth")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    swedu.scenarios.validate.ScenarioError: 1 problem(s) in delinquent-yuoth:
      delinquent-yuoth: There is no scenario called 'delinquent-yuoth'. Did you mean 'delinquent-youth'? ...
    """
    ref = os.fspath(id_or_path) if isinstance(id_or_path, (str, os.PathLike)) else None
    if not isinstance(ref, str):  # None, a number, bytes ...: explain instead of a TypeError
        ids = scenario_ids()
        raise ScenarioError(repr(id_or_path), [Problem(0, 0, t(
            "scenario_error.unknown_scenario", given=repr(id_or_path), suggestion="", choices=", ".join(ids)))])
    index = _index()
    if ref in index:
        path, expected = index[ref], ref
    elif ref.endswith((".yaml", ".yml")) or os.sep in ref or "/" in ref:
        path, expected = Path(ref), None
    else:
        ids = scenario_ids()
        match = suggest(ref, ids)
        raise ScenarioError(ref, [Problem(0, 0, t(
            "scenario_error.unknown_scenario", given=ref,
            suggestion=t("answer_error.suggestion", match=match) if match else "", choices=", ".join(ids)))])
    try:
        stat = path.stat()
        # The expected id is part of the key: a file loaded by path must still be checked when loaded by id.
        stamp = (str(path.resolve()), stat.st_mtime_ns, stat.st_size, expected)
    except OSError:
        stamp = None
    if stamp in _cache:
        return _cache[stamp]
    scenario = read_scenario_file(path, expected)
    if stamp is not None:
        _cache[stamp] = scenario
    return scenario


class ScenarioRow(NamedTuple):
    """One line of the scenario gallery (plain data: no widgets, no drawing)."""

    id: str
    title: str
    level: str
    topic: str
    stages: int
    actors: int
    source: str
    """``"built-in"`` for the course's own cases, ``"lecturer"`` for files from other folders."""


def scenario_table(language: str | None = None) -> list[ScenarioRow]:
    """One row per scenario that loads, in the order of :func:`scenario_ids`, texts in ``language``.

    A broken file in a lecturer's folder is left out here (it raises
    :class:`ScenarioError` only when it is loaded or validated itself).

    >>> rows = scenario_table("id")
    >>> rows[0].id, rows[0].level, rows[0].source
    ('delinquent-youth', 'mezzo', 'built-in')
    >>> rows[0].title
    'Dimas dan orang tuanya'
    >>> rows[0].stages, rows[0].actors
    (2, 8)
    """
    lang = language or get_language()
    index = _index()
    rows = []
    for sid in scenario_ids():
        try:
            scenario = load_scenario(sid)
        except ScenarioError:
            continue
        builtin = index[sid].parent == BUILTIN_DIR
        rows.append(ScenarioRow(sid, scenario.title[lang], scenario.level, scenario.topic[lang],
                                len(scenario.stages), len(scenario.actors),
                                "built-in" if builtin else "lecturer"))
    return rows


__all__ = ["ScenarioError", "ScenarioRow", "add_scenario_folder", "load_scenario", "local_scenario_folder",
           "read_scenario_file", "scenario_folders", "scenario_ids", "scenario_table", "skipped_files"]
