"""``python -m authoring build [--check] [lessons|exercises|notes|all] [--only ID ...]``: the builder's command.

>>> sorted(TARGETS), ALL
(['exercises', 'lessons', 'notes'], ('lessons', 'exercises'))
"""
from __future__ import annotations

import sys

from authoring.exercises import build_exercises
from authoring.execute import NotebookExecutionError
from authoring.lessons import build_lessons, build_notes
from authoring.source import SourceError

TARGETS = {"lessons": build_lessons, "exercises": build_exercises, "notes": build_notes}
"""What can be built: name -> its build function, which takes ``check`` (and ``only``, ``log``) and returns a
list of problems. ``notes`` writes only the lecturer notes (no kernel runs); ``lessons`` writes them too, so
``all`` is :data:`ALL`."""

ALL = ("lessons", "exercises")
"""What ``build all`` (the default) builds: every notebook family, and with the lessons their notes."""


def main(argv: list[str] | None = None) -> int:
    """``python -m authoring build [--check] [lessons|exercises|notes|all] [--only ID ...]``."""
    from swedu.cli.parsing import OptionsAnywhereParser

    parser = OptionsAnywhereParser(prog="python -m authoring",
                                   description="Build the course notebooks from source/ (and execute them).")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="regenerate and execute notebooks; --check only verifies them")
    b.add_argument("what", nargs="?", default="all", choices=sorted(TARGETS) + ["all"])
    b.add_argument("--check", action="store_true",
                   help="do not write: fail if the committed notebooks differ from their sources")
    b.add_argument("--only", nargs="*", default=[], metavar="ID",
                   help="only these notebooks (ids or id prefixes such as 03)")
    args = parser.parse_args(argv)
    names = list(ALL) if args.what == "all" else [args.what]
    problems = []
    for name in names:
        try:
            problems.extend(TARGETS[name](check=args.check, only=args.only))
        except (SourceError, NotebookExecutionError) as err:
            print(err, file=sys.stderr)
            return 1
    if problems:
        print(f"{len(problems)} problem(s): the notebooks do not match their sources.", file=sys.stderr)
        for problem in problems:
            print(" - " + problem, file=sys.stderr)
        print("Rebuild with: sh run.sh build   (or: python -m authoring build)", file=sys.stderr)
        return 1
    if args.check:
        print("notebooks match their sources")
    return 0
