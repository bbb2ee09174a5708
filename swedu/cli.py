"""The ``swedu`` command: ``swedu validate FILE...`` and friends.

>>> main(["validate"])
Give one or more scenario files, for example: swedu validate my-case.yaml
2
"""
from __future__ import annotations

import argparse
import sys

from swedu.i18n import set_language, t


def _validate(files: list[str]) -> int:
    from swedu.scenarios import ScenarioError, read_scenario_file

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
    for name, (register, _) in _EXTRA.items():
        register(sub)
    args = parser.parse_args(argv)
    if args.lang:
        set_language(args.lang)
    if args.command == "validate":
        return _validate(args.files)
    if args.command in _EXTRA:
        return _EXTRA[args.command][1](args)
    parser.print_help()
    return 2


_EXTRA: dict = {}
"""Further commands (report, build, present) register here as ``name: (add_parser, run)``."""


def _entry() -> None:  # pragma: no cover - console script
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
