"""``swedu validate`` on a corpus of typical lecturer mistakes (tests/broken-scenarios/).

Each file starts with comment lines that say what the command must report::

    # expect: line 12: Did you mean 'client'? Choose from: change_agent, client, target, action
    # expect-id: line 12: Apakah maksud Anda 'client'? Pilih dari: change_agent, client, target, action

The test checks, in English and in Indonesian, that a problem is reported at exactly that line with
that fragment, and that no other line is blamed.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from swedu.cli import main
from swedu.scenarios import ScenarioError, read_scenario_file
from tests._broken_files import expectations

CORPUS = Path(__file__).parent / "broken-scenarios"
FILES = sorted(CORPUS.glob("*.yaml"))
REPORTED = {"en": re.compile(r"^  .+, line (\d+), column \d+: (.*)$"),
            "id": re.compile(r"^  .+, baris (\d+), kolom \d+: (.*)$")}


def reported(output: str, language: str) -> dict:
    by_line: dict[int, list[str]] = {}
    for text in output.splitlines():
        match = REPORTED[language].match(text)
        if match:
            by_line.setdefault(int(match.group(1)), []).append(match.group(2))
    return by_line


def test_the_corpus_is_big_and_every_file_says_what_to_expect():
    assert len(FILES) >= 20
    for path in FILES:
        expected = expectations(path)
        assert expected["en"], f"{path.name} has no '# expect:' line"
        assert len(expected["en"]) == len(expected["id"]), path.name
        assert all(fragment for _, fragment in expected["en"] + expected["id"]), path.name


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
@pytest.mark.parametrize("language", ["en", "id"])
def test_validate_reports_the_mistake_at_its_line(path, language, capsys):
    argv = ["validate", str(path)] if language == "en" else ["--lang", "id", "validate", str(path)]
    code = main(argv)
    output = capsys.readouterr().out
    assert code == 1, output
    by_line = reported(output, language)
    expected = expectations(path)[language]
    for line, fragment in expected:
        assert line in by_line, f"{path.name}: nothing reported at line {line}:\n{output}"
        assert any(fragment in message for message in by_line[line]), (
            f"{path.name}, line {line}: expected {fragment!r} in:\n{output}")
    # the mistake is the only thing wrong: no other line is blamed
    assert set(by_line) == {line for line, _ in expected}, output


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_loading_raises_scenario_error_with_positions(path):
    with pytest.raises(ScenarioError) as info:
        read_scenario_file(path)
    assert all(p.line > 0 for p in info.value.problems)
    assert {p.line for p in info.value.problems} == {line for line, _ in expectations(path)["en"]}


def test_the_installed_command_reports_the_whole_corpus_in_one_run():
    script = Path(sys.executable).parent / "swedu"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "swedu.cli"]
    result = subprocess.run(command + ["--lang", "id", "validate", *map(str, FILES)],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 1
    assert result.stdout.count("masalah dalam") == len(FILES)
    assert "Traceback" not in result.stdout + result.stderr
    for path in FILES:
        for line, fragment in expectations(path)["id"]:
            assert f"{path}, baris {line}, kolom" in result.stdout, (path.name, line)
