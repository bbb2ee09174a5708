"""Files are read and written as UTF-8 on every system: on Windows a file opened without an encoding is
read in the computer's own code page (cp1252, or cp936 ...), and "Ṣiti" or "–" break.

- Every ``open()``, ``read_text()``, ``write_text()``, ``os.fdopen()`` and text-mode ``subprocess`` call of
  the library, the course builder and the launcher names its encoding (read from the code, doctests
  included, so this holds however the suite is started).
- The course's own code, run in a real process with ``-X warn_default_encoding`` and every
  ``EncodingWarning`` an error, does a student's and a lecturer's whole round (cases, activities,
  ``swedu new``/``validate``/``list``, the progress store, a hand-in, the class report, JupyterLab's
  language) in a folder named as on a Windows laptop: ``Siti Nurhaliza/Kuliah Pekerjaan Sosial – Ṣiti``.
- ``python3 run.py test`` runs pytest with ``-X warn_default_encoding``, and pyproject.toml makes such a
  warning from the course's own modules an error (only theirs: see the comment there).
"""
from __future__ import annotations

import ast
import doctest
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OWN_CODE = sorted((ROOT / "swedu").rglob("*.py")) + sorted((ROOT / "authoring").rglob("*.py")) + [ROOT / "run.py"]
AWKWARD = Path("Siti Nurhaliza") / "Kuliah Pekerjaan Sosial – Ṣiti"

TEXT_PROCESS = {"run", "Popen", "check_output", "check_call", "call"}


def _mode(call: ast.Call, position: int) -> str | None:
    for keyword in call.keywords:
        if keyword.arg == "mode":
            return keyword.value.value if isinstance(keyword.value, ast.Constant) else None
    if len(call.args) > position:
        value = call.args[position]
        return value.value if isinstance(value, ast.Constant) and isinstance(value.value, str) else None
    return "r"


def calls_without_encoding(source: str) -> list[tuple[int, str]]:
    """The calls in ``source`` that read or write text in the system's own encoding, as (line, what).

    >>> calls_without_encoding("open(p).read()\\nopen(p, 'rb')\\nPath(p).read_text(encoding='utf-8')")
    [(1, 'open')]
    >>> calls_without_encoding("p.write_text(s)\\nos.fdopen(fd, 'w')\\nsubprocess.run(c, text=True)")
    [(1, 'write_text'), (2, 'fdopen'), (3, 'run')]
    >>> calls_without_encoding("os.open(p, os.O_RDONLY)\\nopener.open(request)\\np.open('rb')")
    []
    """
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        keywords = {keyword.arg for keyword in node.keywords}
        if "encoding" in keywords:
            continue
        function = node.func
        name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")
        owner = function.value if isinstance(function, ast.Attribute) else None
        if name in ("read_text", "write_text"):
            found.append((node.lineno, name))
        elif name == "open" and owner is None:  # the built-in open(file, mode)
            mode = _mode(node, 1)
            if mode is None or "b" not in mode:
                found.append((node.lineno, name))
        elif name == "open" and not (isinstance(owner, ast.Name) and owner.id == "os"):
            # Path.open(mode) and io.open(file, mode); an opener's .open(request) takes no mode
            position = 1 if isinstance(owner, ast.Name) and owner.id == "io" else 0
            if not node.args[position:] or isinstance(node.args[position], ast.Constant):
                mode = _mode(node, position)
                if mode is None or "b" not in mode:
                    found.append((node.lineno, name))
        elif name == "fdopen":
            mode = _mode(node, 1)
            if mode is None or "b" not in mode:
                found.append((node.lineno, name))
        elif name in TEXT_PROCESS and keywords & {"text", "universal_newlines"}:
            found.append((node.lineno, name))
    return sorted(found)


def _doctest_sources(source: str) -> list[tuple[int, str]]:
    """The doctest examples in every docstring of ``source``, as (line of the docstring, code)."""
    examples = []
    parser = doctest.DocTestParser()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            docstring = ast.get_docstring(node, clean=False)
            if docstring:
                line = node.body[0].lineno if node.body else 1
                examples += [(line + example.lineno, example.source) for example in parser.get_examples(docstring)]
    return examples


def test_the_reader_finds_what_it_should():
    assert len(OWN_CODE) > 50


@pytest.mark.parametrize("path", OWN_CODE, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_file_access_of_the_course_names_its_encoding(path):
    source = path.read_text(encoding="utf-8")
    missing = [f"{path.relative_to(ROOT)}:{line}: {what}" for line, what in calls_without_encoding(source)]
    for line, example in _doctest_sources(source):
        try:
            missing += [f"{path.relative_to(ROOT)}:{line} (docstring): {what}"
                        for _, what in calls_without_encoding(example)]
        except SyntaxError:  # an example continued over several >>> lines: read as a whole below
            pass
    assert missing == [], "name the encoding (encoding=\"utf-8\"):\n" + "\n".join(missing)


def test_the_suite_makes_the_courses_encoding_warnings_errors():
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    options = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    filters = options["filterwarnings"]
    for module in ("swedu", "authoring", "run$"):
        assert f"error::EncodingWarning:{module}" in filters
    assert filters.index("ignore::EncodingWarning") < filters.index("error::EncodingWarning:swedu")  # later wins


# ----- the whole round, for real, in a folder named as on a Windows laptop ---------------------------------------
ROUND = r"""
import json, sys, warnings
from pathlib import Path

warnings.simplefilter("error", EncodingWarning)  # anyone's: swedu's and the libraries' it calls
import swedu
from swedu import progress
from swedu.activities import activity_ids, load_activity
from swedu.cli import main
from swedu.cli.lab_language import set_lab_language
from swedu.scenarios import scenario_ids

here = Path.cwd()
done = {"python_flag": sys.flags.warn_default_encoding}
(here / "my-scenarios").mkdir()
done["new"] = main(["new", str(Path("my-scenarios") / "kasus-siti.yaml")])
done["validate"] = main(["validate", str(here / "my-scenarios" / "kasus-siti.yaml")])
done["list"] = main(["list"])
done["lecturers_case_found"] = "kasus-siti" in scenario_ids()
done["cases"] = len([swedu.load_scenario(sid) for sid in scenario_ids()])
done["activities"] = len([load_activity(aid) for aid in activity_ids()])
youth = swedu.load_scenario("delinquent-youth")
swedu.set_language("id")
done["feedback"] = bool(str(youth.assess({"parents": "client", "teen": "target"})))
progress.record({"kind": "exercise", "item": "lesson1-who-asked", "score": 1.0, "verdicts": {"q1": "correct"}})
done["store"] = str(progress.store_path())
done["attempts"] = len(progress.attempts())
(here / "hand-ins").mkdir()
done["export"] = main(["progress", "export", "--id", "owl-17", str(Path("hand-ins") / "owl-17.json")])
done["handin_attempts"] = len(progress.read_export(here / "hand-ins" / "owl-17.json").attempts)
done["report_html"] = main(["report", "hand-ins", "-o", "laporan kelas – Ṣiti.html"])
done["report_md"] = main(["report", str(here / "hand-ins"), "-o", str(here / "laporan kelas.md"), "--lang", "id"])
done["lab_language"] = str(set_lab_language("id", str(here / ".venv")))
print("ROUND " + json.dumps(done))
"""


@pytest.fixture(scope="module")
def round_in_an_awkward_folder(tmp_path_factory) -> tuple[Path, dict]:
    folder = tmp_path_factory.mktemp("windows-laptop") / AWKWARD
    folder.mkdir(parents=True)
    env = dict(os.environ, SWEDU_DATA_DIR=str(folder / "data swedu"), PYTHONPATH=str(ROOT), PYTHONIOENCODING="utf-8")
    env.pop("SWEDU_SCENARIOS", None)
    ran = subprocess.run([sys.executable, "-X", "warn_default_encoding", "-c", ROUND], cwd=folder, env=env,
                         capture_output=True, text=True, encoding="utf-8", timeout=300, check=False)
    assert ran.returncode == 0, ran.stderr[-3000:]
    line = next(line for line in ran.stdout.splitlines() if line.startswith("ROUND "))
    return folder, json.loads(line[len("ROUND "):])


def test_the_round_ran_with_encoding_warnings_on(round_in_an_awkward_folder):
    _, done = round_in_an_awkward_folder
    assert done["python_flag"] == 1


def test_a_lecturers_case_in_my_scenarios_is_made_checked_and_found(round_in_an_awkward_folder):
    folder, done = round_in_an_awkward_folder
    assert (done["new"], done["validate"], done["list"]) == (0, 0, 0)
    assert done["lecturers_case_found"] and (folder / "my-scenarios" / "kasus-siti.yaml").is_file()
    assert done["cases"] >= 12 and done["activities"] >= 5 and done["feedback"]


def test_the_store_and_a_hand_in_live_in_the_folder(round_in_an_awkward_folder):
    folder, done = round_in_an_awkward_folder
    assert Path(done["store"]).is_relative_to(folder / "data swedu") and Path(done["store"]).is_file()
    assert done["attempts"] >= 1 and done["export"] == 0 and done["handin_attempts"] == done["attempts"]


def test_the_class_report_is_written_there(round_in_an_awkward_folder):
    folder, done = round_in_an_awkward_folder
    assert done["report_html"] == 0 and done["report_md"] == 0
    page = (folder / "laporan kelas – Ṣiti.html").read_text(encoding="utf-8")
    assert "<html" in page.lower()
    assert (folder / "laporan kelas.md").read_text(encoding="utf-8").strip()
    assert Path(done["lab_language"]).is_file() and Path(done["lab_language"]).is_relative_to(folder)
