"""One command tree: ``swedu --help`` lists every runtime command in the chosen language, each subcommand
parses its options once and calls its function with typed arguments, and the ``python -m swedu.presenting``
and ``python -m swedu.hub`` aliases go through the same tree."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from swedu import presenting
from swedu.cli import command_names, handins, hub, main
from swedu.cli import presenting as present_commands
from swedu.i18n import set_language, t

REPO = Path(__file__).resolve().parents[1]
COMMANDS = ["validate", "list", "new", "progress", "report", "hub-link", "hub-sending", "hub-service", "present",
            "slides"]


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language("en")


def _help(capsys, *argv) -> str:
    with pytest.raises(SystemExit) as caught:
        main([*argv, "--help"])
    assert caught.value.code == 0
    return capsys.readouterr().out


def test_help_lists_every_command_with_its_catalog_text_in_both_languages(capsys):
    english = _help(capsys)
    indonesian = _help(capsys, "--lang", "id")
    for command in COMMANDS:
        assert f"    {command} " in english and f"    {command} " in indonesian, command
    assert t("cli.help.validate", "en") in english and t("cli.help.validate", "id") in indonesian
    assert command_names() == COMMANDS  # the course builder is no runtime command (python -m authoring build)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_its_own_help_in_indonesian(capsys, command):
    text = _help(capsys, command, "--lang", "id")
    assert f"usage: swedu {command}" in text and "--lang {en,id}" in text and "bahasa" in text  # --lang everywhere


def _calls(monkeypatch, module, name):
    calls = []
    monkeypatch.setattr(module, name, lambda *args, **kwargs: calls.append((args, kwargs)) or 0)
    return calls


def test_present_and_slides_get_typed_arguments(monkeypatch):
    calls = _calls(monkeypatch, present_commands, "present")
    assert main(["present", "04", "id", "--lecturer", "--port", "8123", "--no-browser"]) == 0
    assert calls == [(("04", "id"), {"lecturer": True, "port": 8123, "ip": "127.0.0.1", "token": None,
                                     "open_browser": False})]
    calls = _calls(monkeypatch, present_commands, "slides")
    assert main(["slides", "03", "04", "--out", "decks"]) == 0
    assert calls == [((["03", "04"], Path("decks")), {})]


def test_present_through_the_tree_makes_a_token_for_the_network(monkeypatch, capsys):
    started = []

    class FakeVoila:
        def __init__(self, command, env=None, cwd=None):
            started.append((command, cwd))

        def wait(self):
            return 0

    monkeypatch.setattr(subprocess, "Popen", FakeVoila)
    monkeypatch.chdir(REPO)  # the course in the current folder, as sh run.sh present runs it
    assert main(["present", "4", "--ip", "0.0.0.0", "--port", "8899", "--no-browser"]) == 0
    (command, cwd), = started
    assert Path(cwd) == REPO and any(c.startswith("--Voila.token=") for c in command)
    assert "other computers can reach it" in capsys.readouterr().out


def test_the_hub_service_options_come_from_flags_or_the_environment(monkeypatch):
    calls = _calls(monkeypatch, hub, "hub_service")
    monkeypatch.setenv("SWEDU_HUB_BURST", "5")
    monkeypatch.setenv("SWEDU_HUB_LISTEN", "0.0.0.0")
    assert main(["hub-service", "--db", "class.sqlite3", "--rate", "0.5"]) == 0
    assert calls == [((), {"db": "class.sqlite3", "lecturers_group": "lecturers", "max_bytes": 8192, "rate": 0.5,
                           "burst": 5, "refresh": 10, "window": 20, "auth_cache": 60, "listen": "0.0.0.0",
                           "cases": ""})]


def test_a_wrong_environment_variable_of_the_service_breaks_only_the_service(monkeypatch, capsys):
    monkeypatch.setenv("SWEDU_HUB_RATE", "fast")
    assert main(["validate"]) == 2
    with pytest.raises(SystemExit) as caught:
        main(["hub-service"])
    assert caught.value.code == 2 and "--rate: invalid float value: 'fast'" in capsys.readouterr().err


def test_report_and_progress_keep_their_run_cli(monkeypatch):
    calls = _calls(monkeypatch, handins, "report")
    assert main(["report", "hand-ins", "-o", "r.md", "--lang", "id"]) == 0
    assert calls == [((["hand-ins"], "r.md", "id"), {})]
    calls = _calls(monkeypatch, handins, "progress_cli")
    assert main(["progress", "export", "mine.json", "--id", "owl-17"]) == 0
    assert calls == [(("export", "mine.json", "owl-17"), {})]


def test_no_command_prints_the_help_and_exits_two(capsys):
    assert main([]) == 2
    assert "hub-service" in capsys.readouterr().out


@pytest.mark.parametrize(("alias", "argv", "said"), [
    ("swedu.presenting", ["present", "99", "--no-browser"], "There is no lesson '99'"),
    ("swedu.hub", ["--help"], "usage: swedu hub-service"),
])
def test_the_aliases_call_the_same_tree(alias, argv, said):
    run = subprocess.run([sys.executable, "-m", alias, *argv], cwd=REPO, capture_output=True, text=True,
                         timeout=120, check=False)
    assert said in run.stdout + run.stderr
    assert run.returncode == (0 if "--help" in argv else 2)


def test_the_live_presentation_function_is_typed():
    import inspect

    parameters = inspect.signature(presenting.present).parameters
    assert list(parameters)[:2] == ["lesson", "language"] and parameters["lecturer"].kind is inspect.Parameter.KEYWORD_ONLY
