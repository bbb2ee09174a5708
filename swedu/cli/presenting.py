"""Presenting commands: ``swedu present LESSON [en|id] [--lecturer] ...`` (the live presentation, Voila) and
``swedu slides [--out FOLDER] [LESSON ...]`` (the offline decks). ``sh run.sh present`` and
``sh run.sh slides`` call them; ``python -m swedu.presenting present|slides`` is an alias.
"""
from __future__ import annotations

from pathlib import Path

from swedu.i18n import t
from swedu.presenting import present


def add_commands(sub, common) -> None:
    """``present`` and ``slides`` in the command tree (their texts: ``present.cli.*`` in the catalogs)."""
    command = sub.add_parser("present", parents=[common], help=t("cli.help.present"),
                             description=t("present.cli.description"))
    command.add_argument("lesson", help=t("present.cli.lesson"))
    command.add_argument("language", nargs="?", default="en", help=t("present.cli.language"))
    command.add_argument("--lecturer", action="store_true", help=t("present.cli.lecturer"))
    command.add_argument("--port", type=int, default=0, help=t("present.cli.port"))
    command.add_argument("--ip", default="127.0.0.1", help=t("present.cli.ip"))
    command.add_argument("--token", default=None, help=t("present.cli.token"))
    command.add_argument("--no-browser", action="store_true", help=t("present.cli.no_browser"))
    command.set_defaults(run=lambda args: present(args.lesson, args.language, lecturer=args.lecturer, port=args.port,
                                                  ip=args.ip, token=args.token, open_browser=not args.no_browser))

    command = sub.add_parser("slides", parents=[common], help=t("cli.help.slides"),
                             description=t("present.cli.slides_description"))
    command.add_argument("lessons", nargs="*", help=t("present.cli.slides_lessons"))
    command.add_argument("--out", type=Path, default=None, help=t("present.cli.slides_out"))
    command.set_defaults(run=lambda args: slides(args.lessons, args.out))


def slides(lessons: list[str], out: Path | None = None) -> int:
    """Build the offline decks of the course in the current folder (all lessons when ``lessons`` is empty)."""
    # deferred: the decks' exporter (nbconvert, the widgets) loads only for `swedu slides`
    from swedu.presenting.slides import write_decks

    return write_decks(lessons, out)


__all__ = ["add_commands", "slides"]
