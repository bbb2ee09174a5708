"""Scenario commands: ``swedu validate FILE...``, ``swedu list``, ``swedu new FILE``.

``swedu validate`` checks scenario files and activity files alike (a file with a top-level ``kind:`` is
an activity), so a lecturer meets the same line-and-column messages for both; a concept test (top-level
``items:``) and a learning outcomes file (top-level ``outcomes:``) are checked the same way.

>>> validate([])
Give one or more scenario files, for example: swedu validate my-case.yaml
2
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from swedu.activities import ActivityError, read_activity_file
from swedu.concept_test import ConceptTestError, load_outcomes, read_concept_test_file
from swedu.i18n import t
from swedu.scenarios import (
    BUILTIN_DIR, ScenarioError, _index, read_scenario_file, scenario_folders, scenario_table, skipped_files,
)
from swedu.scenarios.validate import ID_PATTERN


def add_commands(sub, common) -> None:
    """``validate``, ``list`` and ``new`` in the command tree (``common`` gives each its ``--lang``)."""
    command = sub.add_parser("validate", parents=[common], help=t("cli.help.validate"))
    command.add_argument("files", nargs="*", help=t("cli.help.validate_files"))
    command.set_defaults(run=lambda args: validate(args.files))
    command = sub.add_parser("list", parents=[common], help=t("cli.help.list"))
    command.set_defaults(run=lambda args: list_scenarios())
    command = sub.add_parser("new", parents=[common], help=t("cli.help.new"))
    command.add_argument("file", nargs="?", help=t("cli.help.new_file"))
    command.set_defaults(run=lambda args: new(args.file))


def validate(files: list[str]) -> int:
    """Check each scenario file and explain every problem; 0 when all are fine, 1 if not, 2 without files."""
    if not files:
        print(t("cli.validate_usage"))
        return 2
    failed = 0
    for name in files:
        try:
            shape = _concept_test_shape(name)
            if shape == "items":  # a concept test (issue 27)
                test = read_concept_test_file(name)
                print(t("cli.validate_concept_test_ok", file=name, title=str(test.title), items=len(test.items)))
            elif shape == "outcomes":  # a lecturer's learning outcomes over the course's
                outcomes = load_outcomes(name)
                print(t("cli.validate_outcomes_ok", file=name, count=len(outcomes)))
            elif _is_activity_file(name):
                activity = read_activity_file(name)
                print(t("cli.validate_activity_ok", file=name, title=str(activity.title), kind=activity.kind))
            else:
                scenario = read_scenario_file(name)
                print(t("cli.validate_ok", file=name, title=str(scenario.title), stages=len(scenario.stages),
                        actors=len(scenario.actors)))
        except (ScenarioError, ActivityError, ConceptTestError) as error:
            failed += 1
            print(error)
    return 1 if failed else 0


_TOP_LEVEL_KIND = re.compile(r"^kind\s*:", re.MULTILINE)
_TOP_LEVEL_TEST = re.compile(r"^(items|outcomes)\s*:", re.MULTILINE)


def _concept_test_shape(name: str) -> str | None:
    """``"items"`` for a concept test file, ``"outcomes"`` for a learning outcomes file (their top-level
    key, in a regular file of a modest size without a top-level ``kind:``), else ``None``."""
    try:
        if not os.path.isfile(name) or os.path.getsize(name) > 1_000_000:
            return None
        with open(name, encoding="utf-8", errors="replace") as handle:
            text = handle.read()
    except OSError:
        return None
    found = _TOP_LEVEL_TEST.search(text)
    return found.group(1) if found and not _TOP_LEVEL_KIND.search(text) else None


def _is_activity_file(name: str) -> bool:
    """Whether ``name`` is an activity file: a regular file whose YAML has a top-level ``kind:`` key.

    Only a regular file of a modest size is peeked at (a pipe or a huge file goes to the scenario reader,
    which explains what is wrong with it).

    >>> from swedu.activities.loader import DATA_DIR
    >>> _is_activity_file(str(DATA_DIR / "intervention-functions.yaml"))
    True
    >>> from swedu.scenarios import BUILTIN_DIR
    >>> _is_activity_file(str(BUILTIN_DIR / "delinquent-youth.yaml"))
    False
    """
    try:
        if not os.path.isfile(name) or os.path.getsize(name) > 1_000_000:
            return False
        with open(name, encoding="utf-8", errors="replace") as handle:
            return bool(_TOP_LEVEL_KIND.search(handle.read()))
    except OSError:
        return False


def _course_folders() -> list:
    """Where ``swedu new`` may write: the current (course) folder and the lecturer's scenario folders."""
    folders = [Path.cwd().resolve()]
    for folder in scenario_folders():
        if folder != BUILTIN_DIR and folder.is_dir():
            folders.append(folder.resolve())
    return folders


def new(file: str | None) -> int:
    """Copy the commented template to a new file whose id is the file name."""
    if not file:
        print(t("library.new_usage"))
        return 2
    path = Path(file if file.endswith((".yaml", ".yml")) else file + ".yaml")
    if not ID_PATTERN.match(path.stem):
        print(t("library.new_bad_name", stem=path.stem))
        return 2
    if os.path.islink(path):  # also a link to nothing: writing through it would land elsewhere
        print(t("library.new_symlink", file=path))
        return 1
    if path.exists():
        print(t("library.new_exists", file=path))
        return 1
    allowed = _course_folders()
    where = path.absolute().parent.resolve() / path.name
    if not any(where.is_relative_to(folder) for folder in allowed):
        print(t("library.new_outside", file=path, folders=", ".join(str(f) for f in allowed)))
        return 1
    template = (BUILTIN_DIR.parent / "template.yaml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^id: \S+", f"id: {path.stem}", template, count=1)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:  # O_EXCL refuses any file or link that appeared meanwhile; O_NOFOLLOW never follows a link
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    except FileExistsError:
        print(t("library.new_exists", file=path))
        return 1
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    print(t("library.new_done", file=path))
    return 0


def list_scenarios() -> int:
    """Print every scenario the course finds, and the files that do not load."""
    rows = scenario_table()
    print(t("library.list_columns"))
    for r in rows:
        source = t("library.source_builtin") if r.source == "built-in" else t("library.source_lecturer")
        print(" | ".join([r.id, r.title, r.level, r.topic, str(r.stages), str(r.actors), source]))
    loaded = {r.id for r in rows}
    for sid, path in _index().items():
        if sid not in loaded:
            print(t("library.list_broken", id=sid, file=path))
    for path in skipped_files():
        print(t("library.list_not_a_file", file=path))
    print(t("library.list_folders", folders=", ".join(str(f) for f in scenario_folders())))
    return 0


__all__ = ["add_commands", "list_scenarios", "new", "validate"]
