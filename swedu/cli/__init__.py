"""The ``swedu`` command: one argparse tree for every runtime command.

``swedu validate | list | new | progress | report | hub-link | hub-sending | hub-service | present |
slides``: each command group lives in a module of its own (:mod:`swedu.cli.scenarios`,
:mod:`swedu.cli.handins`, :mod:`swedu.cli.hub`, :mod:`swedu.cli.presenting`) that adds its
subcommands to the tree and gives each one the function it runs. A subcommand's options are parsed
once, here, and the function gets typed arguments. Every help text and message comes from the
catalogs; ``--lang en|id`` (before or after the command) chooses their language. Options may stand
before, between or after a command's positionals (:mod:`swedu.cli.parsing`).
``python -m swedu.presenting ...`` and ``python -m swedu.hub ...`` are aliases of
``swedu present|slides ...`` and ``swedu hub-service ...``. The course builder is not a runtime
command: it lives in the repository (``sh run.sh build``, ``python -m authoring build``).

>>> main(["validate"])
Give one or more scenario files, for example: swedu validate my-case.yaml
2
>>> command_names()  # doctest: +NORMALIZE_WHITESPACE
['validate', 'list', 'new', 'progress', 'report', 'hub-link', 'hub-sending', 'hub-service', 'present',
 'slides']
"""
from __future__ import annotations

import argparse
import sys

from swedu.cli import handins, hub, presenting, scenarios
from swedu.cli.parsing import OptionsAnywhereParser
from swedu.i18n import LANGUAGES, set_language, t

GROUPS = (scenarios, handins, hub, presenting)
"""The command groups, in the order ``swedu --help`` lists their commands."""


def language_option() -> argparse.ArgumentParser:
    """A parent parser with ``--lang``, so that every command also takes it after its name."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS, help=t("cli.help.lang"))
    return common


def build_parser() -> argparse.ArgumentParser:
    """The whole command tree, its help texts in the current language."""
    parser = OptionsAnywhereParser(prog="swedu", description=t("cli.help.description"))
    parser.add_argument("--lang", choices=LANGUAGES, help=t("cli.help.lang"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title=t("cli.help.commands"))
    common = language_option()
    for group in GROUPS:
        group.add_commands(sub, common)
    return parser


def command_names() -> list[str]:
    """Every command of the tree, in the order ``swedu --help`` lists them."""
    tree = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return list(tree.choices)


def _language_asked(argv: list[str]) -> str | None:
    """The ``--lang`` of ``argv`` (wherever it stands), so that the help texts are in that language too."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        value = argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else arg[7:] if arg.startswith("--lang=") else None
        if value in LANGUAGES:
            return value
    return None


def main(argv: list[str] | None = None) -> int:
    """Run one ``swedu`` command; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    language = _language_asked(argv)
    if language:
        set_language(language)
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "run", None) is None:
        parser.print_help()
        return 2
    return args.run(args)


def _entry() -> None:  # pragma: no cover - console script
    sys.exit(main())


__all__ = ["build_parser", "command_names", "main"]
