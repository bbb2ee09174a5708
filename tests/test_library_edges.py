"""Edges of the scenario library: ``swedu new`` never writes through a link or outside the course, a named
pipe in my-scenarios/ never makes ``swedu list`` wait, and an unclosed quote is shown where it opens."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from swedu.cli import main
from swedu.scenarios import ScenarioError, read_scenario_file, scenario_ids

ROOT = Path(__file__).resolve().parents[1]
NEEDS_POSIX = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="links and named pipes need a POSIX system")


@NEEDS_POSIX
def test_swedu_new_refuses_a_link_even_to_nothing(tmp_path, monkeypatch, capsys):
    course = tmp_path / "course"
    (course / "my-scenarios").mkdir(parents=True)
    monkeypatch.chdir(course)
    target = tmp_path / "elsewhere" / "planted.yaml"
    target.parent.mkdir()
    os.symlink(target, course / "my-scenarios" / "water-crisis.yaml")
    assert main(["new", "my-scenarios/water-crisis.yaml"]) == 1
    assert "does not write through links" in capsys.readouterr().out
    assert not target.exists()
    assert main(["--lang", "id", "new", "my-scenarios/water-crisis"]) == 1
    assert "tidak menulis melalui tautan" in capsys.readouterr().out
    assert not target.exists()


def test_swedu_new_refuses_paths_outside_the_course_folder(tmp_path, monkeypatch, capsys):
    course = tmp_path / "course"
    course.mkdir()
    monkeypatch.chdir(course)
    monkeypatch.delenv("SWEDU_SCENARIOS", raising=False)
    for outside in (str(tmp_path / "outside.yaml"), "../outside-too.yaml", "my-scenarios/../../sneaky.yaml"):
        assert main(["new", outside]) == 1
        said = capsys.readouterr().out
        assert "outside the course folder" in said and str(course) in said
    assert sorted(p.name for p in tmp_path.iterdir()) == ["course"]
    assert main(["new", "my-scenarios/fine-case.yaml"]) == 0  # inside is still fine
    assert (course / "my-scenarios" / "fine-case.yaml").exists()


@NEEDS_POSIX
def test_a_named_pipe_in_my_scenarios_is_skipped_and_listed(tmp_path):
    course = tmp_path / "course"
    (course / "my-scenarios").mkdir(parents=True)
    pipe = course / "my-scenarios" / "stuck.yaml"
    os.mkfifo(pipe)
    os.symlink(tmp_path / "nowhere.yaml", course / "my-scenarios" / "dangling.yaml")
    run = subprocess.run([sys.executable, "-m", "swedu.cli", "list"], cwd=course, capture_output=True, text=True,
                         timeout=120, env=dict(os.environ, PYTHONPATH=str(ROOT)))  # a hang guard only
    assert run.returncode == 0, run.stderr
    assert f"! {pipe}: not an ordinary file" in run.stdout
    assert "dangling.yaml: not an ordinary file" in run.stdout
    assert "delinquent-youth | " in run.stdout
    with pytest.raises(ScenarioError, match="not an ordinary file"):
        read_scenario_file(pipe)
    run = subprocess.run([sys.executable, "-m", "swedu.cli", "validate", str(pipe)], cwd=course,
                         capture_output=True, text=True, timeout=120, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert run.returncode == 1 and "not an ordinary file" in run.stdout


@NEEDS_POSIX
def test_scenario_ids_leave_out_what_is_not_a_file(tmp_path, monkeypatch):
    folder = tmp_path / "cases"
    folder.mkdir()
    os.mkfifo(folder / "stuck.yaml")
    monkeypatch.setenv("SWEDU_SCENARIOS", str(folder))
    assert "stuck" not in scenario_ids()


@pytest.mark.parametrize("quote", ['"', "'"])
def test_an_unclosed_quote_is_reported_where_it_opens(tmp_path, quote):
    path = tmp_path / "quote.yaml"
    path.write_text(f"id: quote\ntitle: {{en: A, id: B}}\nsummary: {quote}this text never ends\n"
                    "level: micro\ntopic: {en: a, id: b}\nactors: []\nstages: []\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as error:
        read_scenario_file(path)
    (problem,) = error.value.problems
    assert (problem.line, problem.column) == (3, 10)
    assert "quotation mark is not closed" in problem.message
