"""Options anywhere: ``swedu progress export --id owl-17 my-progress.json`` means the same as
``swedu progress export my-progress.json --id owl-17``. Students type both.

Plain argparse hands out a command's positionals in one go: ``export`` fills ``action`` and leaves the
optional ``path`` empty before it has seen ``--id``, so a file name after an option is "unrecognized".
:class:`OptionsAnywhereParser` parses each command (a parser without subcommands) with argparse's
intermixed parsing: the options first, wherever they stand, then the positionals in their order.

>>> import argparse
>>> parser = OptionsAnywhereParser(prog="progress")
>>> _ = parser.add_argument("action", nargs="?")
>>> _ = parser.add_argument("path", nargs="?")
>>> _ = parser.add_argument("--id")
>>> args = parser.parse_args(["export", "--id", "owl-17", "my-progress.json"])
>>> args.action, args.path, args.id
('export', 'my-progress.json', 'owl-17')
>>> parser.parse_args(["export", "my-progress.json", "--id", "owl-17"]) == args
True
"""
from __future__ import annotations

import argparse


class OptionsAnywhereParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose commands take their options before, between or after the positionals.

    A parser with subcommands (the top of the tree) parses as usual, and hands the rest to the chosen
    command's parser, which is again an ``OptionsAnywhereParser`` (``add_subparsers`` makes them so).
    """

    _intermixing = False

    def add_subparsers(self, **kwargs):
        kwargs.setdefault("parser_class", OptionsAnywhereParser)
        return super().add_subparsers(**kwargs)

    def parse_known_args(self, args=None, namespace=None):
        has_subcommands = any(isinstance(action, argparse._SubParsersAction) for action in self._actions)
        if self._intermixing or has_subcommands:
            return super().parse_known_args(args, namespace)
        self._intermixing = True  # parse_known_intermixed_args calls parse_known_args itself, twice
        try:
            return self.parse_known_intermixed_args(args, namespace)
        finally:
            self._intermixing = False


__all__ = ["OptionsAnywhereParser"]
