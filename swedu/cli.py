"""The ``swedu`` command: ``swedu validate FILE...`` and friends.

>>> main(["validate"])
Give one or more scenario files, for example: swedu validate my-case.yaml
2
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from swedu import hub
from swedu.hub.link import LinkError, nbgitpuller_link
from swedu.progress import run_cli as progress_cli
from swedu.i18n import set_language, t
from swedu.scenarios import (
    BUILTIN_DIR, ScenarioError, _index, read_scenario_file, scenario_folders, scenario_table, skipped_files,
)
from swedu.scenarios.validate import ID_PATTERN


def _validate(files: list[str]) -> int:
    if not files:
        print(t("cli.validate_usage"))
        return 2
    failed = 0
    for name in files:
        try:
            scenario = read_scenario_file(name)
        except ScenarioError as error:
            failed += 1
            print(error)
        else:
            print(t("cli.validate_ok", file=name, title=str(scenario.title), stages=len(scenario.stages),
                    actors=len(scenario.actors)))
    return 1 if failed else 0


COMMANDS = {"validate": _validate}


def main(argv: list[str] | None = None) -> int:
    """Run one ``swedu`` command; returns the exit code."""
    parser = argparse.ArgumentParser(prog="swedu", description="swedu courseware tools")
    parser.add_argument("--lang", choices=["en", "id"], help="language of the messages (default: en)")
    sub = parser.add_subparsers(dest="command")
    validate = sub.add_parser("validate", help="check scenario files and explain every problem")
    validate.add_argument("files", nargs="*", help="scenario .yaml files")
    # Also accept the language after the command: swedu validate --lang id FILE
    validate.add_argument("--lang", choices=["en", "id"], default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    report = sub.add_parser("report", help="merge students' progress files into a class report")
    report.add_argument("files", nargs="*", help="progress .json files or folders holding them")
    report.add_argument("-o", "--output", help="report.html (default) or report.md (with a PNG beside it)")
    report.add_argument("--lang", choices=["en", "id"], default=argparse.SUPPRESS, help="language of the report")
    progress = sub.add_parser("progress", help="your recorded progress: summary, export, on, off")
    progress.add_argument("action", nargs="?", choices=["summary", "export", "on", "off", "where"])
    progress.add_argument("path", nargs="?", help="export: the file (or folder) to write")
    progress.add_argument("--id", dest="pseudonym", help="export: the pseudonym you choose, e.g. owl-17")
    progress.add_argument("--lang", choices=["en", "id"], default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    for name, (register, _) in _EXTRA.items():
        register(sub)
    args = parser.parse_args(argv)
    if args.lang:
        set_language(args.lang)
    if args.command == "validate":
        return _validate(args.files)
    if args.command == "report":
        from swedu.report import run_cli  # deferred: the report's layer loads only for `swedu report`

        return run_cli(args.files, args.output, args.lang)
    if args.command == "progress":
        return progress_cli(args.action, args.path, args.pseudonym)
    if args.command in _EXTRA:
        return _EXTRA[args.command][1](args)
    parser.print_help()
    return 2


_EXTRA: dict = {}
"""Further commands register here as ``name: (add_parser, run)``."""


# -- scenario library: swedu new FILE, swedu list --------------------------------------------------
def _course_folders() -> list:
    """Where ``swedu new`` may write: the current (course) folder and the lecturer's scenario folders."""
    folders = [Path.cwd().resolve()]
    for folder in scenario_folders():
        if folder != BUILTIN_DIR and folder.is_dir():
            folders.append(folder.resolve())
    return folders


def _new(args) -> int:
    """Copy the commented template to a new file whose id is the file name."""
    import os
    import re
    from pathlib import Path


    if not args.file:
        print(t("library.new_usage"))
        return 2
    path = Path(args.file if args.file.endswith((".yaml", ".yml")) else args.file + ".yaml")
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
    template = (Path(__file__).parent / "scenarios" / "template.yaml").read_text(encoding="utf-8")
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


def _list(args) -> int:
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


_EXTRA["new"] = (lambda sub: sub.add_parser("new", help="start a new scenario file from the template")
                 .add_argument("file", nargs="?", help="the new .yaml file, e.g. my-scenarios/x.yaml"), _new)
_EXTRA["list"] = (lambda sub: sub.add_parser("list", help="list every scenario the course can find"), _list)



# -- JupyterHub: swedu hub-link, swedu hub-sending (swedu.hub, docs/hub.md) -------------------------
def _add_hub_link(sub) -> None:
    link = sub.add_parser("hub-link", help="write the nbgitpuller link that puts the course on a JupyterHub")
    link.add_argument("--hub", required=True, help="the hub's address, e.g. https://hub.example.edu")
    link.add_argument("--repo", required=True, help="the course repository, e.g. https://github.com/you/swedu")
    link.add_argument("--branch", default="main", help="the branch (default: main)")
    link.add_argument("--path", default="notebooks/en/00-welcome.ipynb", help="the notebook to open first")
    link.add_argument("--interface", choices=["lab", "tree"], default="lab", help="JupyterLab (default) or tree")


def _hub_link(args) -> int:
    try:
        url = nbgitpuller_link(args.hub, args.repo, args.branch, args.path, args.interface)
    except LinkError as error:
        print(error)
        return 2
    print(t("hub.link.done", path=args.path, repo=args.repo, branch=args.branch))
    print(url)
    return 0


def _hub_sending(args) -> int:
    if args.action in ("on", "off"):
        hub.set_sending(args.action == "on", persist=True)
        print(t(f"hub.sending.{args.action}"))
    else:
        print(hub.status())
    return 0


_EXTRA["hub-link"] = (_add_hub_link, _hub_link)
_EXTRA["hub-sending"] = (lambda sub: sub.add_parser("hub-sending", help="send your checks to the class's hub "
                                                    "service: on, off, or show the status")
                         .add_argument("action", nargs="?", choices=["on", "off", "status"]), _hub_sending)


def _entry() -> None:  # pragma: no cover - console script
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
