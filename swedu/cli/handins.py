"""Progress and hand-in commands: ``swedu progress [summary | export PATH --id PSEUDONYM | on | off | where]``
(the student's own store) and ``swedu report FILES... [-o report.html]`` (the lecturer's class report).

The work is done by :func:`swedu.progress.run_cli` and :func:`swedu.report.run_cli`; this module only
adds the two commands to the tree.
"""
from __future__ import annotations

import argparse

from swedu.i18n import LANGUAGES, t
from swedu.progress import run_cli as progress_cli

PROGRESS_ACTIONS = ("summary", "export", "on", "off", "where")


def add_commands(sub, common) -> None:
    """``progress`` and ``report`` in the command tree (``common`` gives each its ``--lang``)."""
    command = sub.add_parser("progress", parents=[common], help=t("cli.help.progress"))
    command.add_argument("action", nargs="?", choices=PROGRESS_ACTIONS, help=t("cli.help.progress_action"))
    command.add_argument("path", nargs="?", help=t("cli.help.progress_path"))
    command.add_argument("--id", dest="pseudonym", help=t("cli.help.progress_id"))
    command.set_defaults(run=lambda args: progress_cli(args.action, args.path, args.pseudonym))
    command = sub.add_parser("report", help=t("cli.help.report"))  # its own --lang: the report's language too
    command.add_argument("files", nargs="*", help=t("cli.help.report_files"))
    command.add_argument("-o", "--output", help=t("cli.help.report_output"))
    command.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS, help=t("cli.help.report_lang"))
    command.add_argument("--csv", metavar="DIR", help=t("cli.help.report_csv"))
    command.add_argument("--outcomes", metavar="FILE", help=t("cli.help.report_outcomes"))
    command.set_defaults(run=lambda args: report(args.files, args.output, args.lang, **_concept_test_options(args)))


def _concept_test_options(args) -> dict:
    """``--csv`` and ``--outcomes`` (the concept test's exports and outcome codes), only when given."""
    return {name: getattr(args, name) for name in ("csv", "outcomes") if getattr(args, name) is not None}


def report(files: list[str], output: str | None, language: str | None, csv: str | None = None,
           outcomes: str | None = None) -> int:
    """Merge the students' hand-in files into a class report (HTML, or Markdown with a PNG beside it);
    ``csv`` is a folder for the concept test's CSV exports, ``outcomes`` a lecturer's learning outcomes file."""
    from swedu.report import run_cli  # deferred: the report's layer (Jinja, matplotlib) loads only for `swedu report`

    return run_cli(files, output, language, csv, outcomes)


__all__ = ["add_commands", "report"]
