"""Options before, between or after a command's positionals: ``swedu progress export --id owl-17
my-progress.json`` is the same as the documented ``swedu progress export my-progress.json --id owl-17``
(students type both), for every command of the tree and for the course builder."""
from __future__ import annotations

import argparse

import pytest

from swedu.cli import build_parser, main

# (command line in the documented order, the same words with the options moved): every command with positionals
ORDERS = {
    "validate": (["validate", "a.yaml", "b.yaml", "--lang", "id"], ["validate", "--lang", "id", "a.yaml", "b.yaml"]),
    "new": (["new", "my-case.yaml", "--lang", "id"], ["new", "--lang", "id", "my-case.yaml"]),
    "progress": (["progress", "export", "my-progress.json", "--id", "owl-17"],
                 ["progress", "export", "--id", "owl-17", "my-progress.json"]),
    "report": (["report", "a.json", "b.json", "-o", "report.html", "--lang", "id"],
               ["report", "a.json", "-o", "report.html", "b.json", "--lang", "id"]),
    "hub-sending": (["hub-sending", "off", "--lang", "id"], ["hub-sending", "--lang", "id", "off"]),
    "hub-service": (["hub-service", "backup", "class.sqlite3", "--db", "hub.sqlite3"],
                    ["hub-service", "--db", "hub.sqlite3", "backup", "class.sqlite3"]),
    "present": (["present", "04", "id", "--lecturer", "--port", "8123"],
                ["present", "--lecturer", "04", "--port", "8123", "id"]),
    "slides": (["slides", "03", "04", "--out", "decks"], ["slides", "03", "--out", "decks", "04"]),
}


def _values(argv: list[str]) -> dict:
    values = vars(build_parser().parse_args(argv))
    values.pop("run")
    return values


def _commands_with_positionals() -> list[str]:
    tree = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return [name for name, parser in tree.choices.items()
            if any(not action.option_strings for action in parser._actions)]


def test_every_command_with_positionals_is_tried_in_both_orders():
    assert sorted(_commands_with_positionals()) == sorted(ORDERS)


@pytest.mark.parametrize("command", sorted(ORDERS))
def test_options_may_stand_anywhere(command):
    documented, moved = ORDERS[command]
    assert _values(moved) == _values(documented)


def test_the_progress_export_a_student_typed_reaches_the_export(monkeypatch):
    from swedu.cli import handins

    calls = []
    monkeypatch.setattr(handins, "progress_cli", lambda *args: calls.append(args) or 0)
    assert main(["progress", "export", "--id", "owl-17", "my-progress.json"]) == 0
    assert main(["progress", "export", "my-progress.json", "--id", "owl-17"]) == 0
    assert calls == [("export", "my-progress.json", "owl-17")] * 2


def test_the_progress_export_really_writes_the_file_in_either_order(tmp_path, monkeypatch, capsys):
    import swedu

    swedu.load_scenario("delinquent-youth").assess({"parents": "client"})
    monkeypatch.chdir(tmp_path)
    assert main(["progress", "export", "--id", "owl-17", "first.json"]) == 0
    assert main(["progress", "export", "second.json", "--id", "owl-17"]) == 0
    assert (tmp_path / "first.json").is_file() and (tmp_path / "second.json").is_file()


def test_a_word_too_many_is_still_refused(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["progress", "export", "a.json", "b.json", "--id", "owl-17"])
    assert caught.value.code == 2 and "unrecognized arguments: b.json" in capsys.readouterr().err


def test_the_course_builder_takes_its_options_anywhere(monkeypatch):
    from authoring import cli

    calls = []
    for name in cli.TARGETS:
        monkeypatch.setitem(cli.TARGETS, name, lambda check, only, name=name: calls.append((name, check, only)) or [])
    assert cli.main(["build", "lessons", "--check", "--only", "04"]) == 0
    assert cli.main(["build", "--check", "lessons", "--only", "04"]) == 0
    assert calls == [("lessons", True, ["04"])] * 2
