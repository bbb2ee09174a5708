"""The launcher ``run.py``: the course's commands with Python alone, on Windows, macOS and Linux.

Windows cannot be started here, so its choices (where the environment's Python lives, never
``--allow-root``, arguments as lists, never a shell) are tested by giving the launcher's own functions a
Windows ``os`` (``FakeOS``); everything else runs for real: the too-old message from an old version
check, the refusals, the thin ``run.sh``, the help."""
from __future__ import annotations

import ast
import importlib.util
import os
import re
import shutil
import string
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RUN_PY = ROOT / "run.py"
AWKWARD = Path("Siti Nurhaliza") / "Kuliah Pekerjaan Sosial – Ṣiti"
"""A student's course folder as Windows names it (C:\\Users\\Siti Nurhaliza\\...), spaces and non-ASCII letters."""


def _load():
    spec = importlib.util.spec_from_file_location("run", RUN_PY)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


run = _load()


class FakeOS:
    """The ``os`` module as the launcher sees it on another system (``name``, and no ``geteuid`` on Windows)."""

    def __init__(self, name: str, euid: int | None = None):
        self.name = name
        if euid is not None:
            self.geteuid = lambda: euid

    def __getattr__(self, attribute):
        if attribute == "geteuid":  # Windows has none
            raise AttributeError(attribute)
        return getattr(os, attribute)


@pytest.fixture
def windows(monkeypatch):
    monkeypatch.setattr(run, "os", FakeOS("nt"))


@pytest.fixture
def posix_root(monkeypatch):
    monkeypatch.setattr(run, "os", FakeOS("posix", euid=0))


def _launch(argv, cwd, env=None, prelude=""):
    """Run ``run.py`` as a student would (``python run.py ...``), ``prelude`` first (to fake an old Python)."""
    code = (f"import runpy, sys\n{prelude}\nsys.argv = ['run.py'] + {argv!r}\n"
            f"runpy.run_path({str(cwd / 'run.py')!r}, run_name='__main__')\n")
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "SWEDU_VENV"))}
    environment.update(env or {})
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, encoding="utf-8",
                          env=environment, timeout=120, check=False)


@pytest.fixture
def course(tmp_path) -> Path:
    """A course folder with the launcher, a pyproject.toml and a name as awkward as a student's."""
    folder = tmp_path / AWKWARD
    folder.mkdir(parents=True)
    shutil.copy(RUN_PY, folder / "run.py")
    shutil.copy(ROOT / "pyproject.toml", folder / "pyproject.toml")
    return folder


# ----- an old Python reads it and explains itself ---------------------------------------------------------
def test_the_launcher_is_written_in_syntax_an_old_python_reads():
    ast.parse(RUN_PY.read_text(encoding="utf-8"), feature_version=(3, 4))  # no f-strings, walrus, match ...


@pytest.mark.parametrize(("env", "argv", "words"), [
    ({}, ["lab"], ["needs Python 3.10 or newer", "Python 3.6.9", "python.org", "Add python.exe to PATH",
                   "python3 run.py lab"]),
    ({"LANG": "id_ID.UTF-8"}, ["test"], ["memerlukan Python 3.10 atau yang lebih baru", "Python 3.6.9",
                                          "python.org", "Add python.exe to PATH", "python3 run.py test"]),
    ({"LANG": "C.UTF-8"}, ["lab", "id"], ["memerlukan Python 3.10", "python3 run.py lab id"]),
])
def test_a_too_old_python_gets_a_plain_message_in_the_students_language(course, env, argv, words):
    ran = _launch(argv, course, env, prelude="sys.version_info = (3, 6, 9, 'final', 0)")
    assert ran.returncode == 1
    for word in words:
        assert word in ran.stderr, (word, ran.stderr)
    assert "Traceback" not in ran.stderr + ran.stdout
    assert not (course / ".venv").exists()  # nothing was made with the old Python


def test_python_2_style_version_info_is_read_too():
    assert run.check_python(version_info=(2, 7, 18), executable="python", language="en") == 1
    assert run.check_python(version_info=(3, 10, 0)) is None


# ----- the help, and words it does not know ---------------------------------------------------------------
def test_no_command_is_the_help_in_either_language(course):
    english = _launch([], course)
    assert english.returncode == 0 and "python3 run.py lab [en|id]" in english.stdout
    indonesian = _launch([], course, {"LANG": "id_ID.UTF-8"})
    assert indonesian.returncode == 0 and "membuka kursus di JupyterLab" in indonesian.stdout


def test_an_unknown_command_is_named_with_the_help(course):
    ran = _launch(["lba"], course)
    assert ran.returncode == 2 and "Unknown command: lba" in ran.stderr and "run.py test" in ran.stderr
    assert "Traceback" not in ran.stderr


def test_the_help_on_windows_says_py(windows, capsys):
    assert run.main(["help"]) == 0
    assert "py run.py lab [en|id]" in capsys.readouterr().out


def test_a_message_naming_a_folder_reaches_an_output_that_cannot_write_its_letters():
    import io

    raw = io.BytesIO()
    output = io.TextIOWrapper(raw, encoding="cp1252")  # Windows' code page, the output redirected to a file
    run.say("creating", "en", stream=output, venv=str(AWKWARD / ".venv"))
    output.flush()
    written = raw.getvalue().decode("cp1252")
    assert written.startswith("Making the course environment in Siti Nurhaliza") and "– ?iti" in written


def test_every_message_exists_in_both_languages_with_the_same_blanks():
    blanks = {language: {key: sorted(name for _, name, _, _ in string.Formatter().parse(text) if name)
                         for key, text in messages.items()}
              for language, messages in run.MESSAGES.items()}
    assert set(blanks) == {"en", "id"} and blanks["en"] == blanks["id"]


# ----- the language ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("argv", "environ", "ui", "expected"), [
    (["lab", "id"], {"LANG": "en_US.UTF-8"}, None, "id"),
    (["lab", "en"], {"LANG": "id_ID.UTF-8"}, None, "en"),
    (["lab"], {"LANG": "id_ID.UTF-8"}, None, "id"),
    (["test"], {"LC_ALL": "id_ID.UTF-8", "LANG": "en_US.UTF-8"}, None, "id"),
    (["lab"], {}, 0x0421, "id"),  # Windows in Bahasa Indonesia, no LANG (as on every Windows)
    (["lab"], {}, 0x0409, "en"),
])
def test_the_language_comes_from_the_argument_lang_or_windows(argv, environ, ui, expected):
    assert run.choose_language(argv, environ, windows=True, ui_language=ui) == expected


# ----- Windows' choices, by simulating the platform -------------------------------------------------------
def test_the_environments_python_is_where_each_platform_puts_it(monkeypatch):
    venv = Path("C:/Users/Siti Nurhaliza/Kuliah/.venv")
    monkeypatch.setattr(run, "os", FakeOS("nt"))
    assert run.venv_python(venv).parts[-2:] == ("Scripts", "python.exe")
    assert run.python_command() == "py"
    monkeypatch.setattr(run, "os", FakeOS("posix"))
    assert run.venv_python(venv).parts[-2:] == ("bin", "python")
    assert run.python_command() == "python3"


def test_windows_never_gets_allow_root(windows):
    assert run.running_as_root() is False
    lab = run.lab_commands(Path("py.exe"), ["id"], "id")
    assert not any("--allow-root" in command for command in lab)


def test_posix_root_gets_allow_root_and_others_do_not(monkeypatch, posix_root):
    assert "--allow-root" in run.lab_commands(Path("python"), [], "en")[1]
    monkeypatch.setattr(run, "os", FakeOS("posix", euid=1000))
    assert "--allow-root" not in run.lab_commands(Path("python"), [], "en")[1]


def test_a_folder_with_spaces_stays_one_argument_and_no_shell_is_used(windows, monkeypatch):
    python = Path("C:\\Users\\Siti Nurhaliza\\Kuliah Pekerjaan Sosial – Ṣiti\\.venv\\Scripts\\python.exe")
    started = []

    class Recorder:
        def __init__(self, command, **options):
            started.append((command, options))

        def wait(self):
            return 0

    monkeypatch.setattr(run.subprocess, "Popen", Recorder)
    for command in ("lab", "test", "build", "present", "slides"):
        commands, extra = run.command_for(command, python, ["04", "--x y"], "en")
        for one in commands:
            assert isinstance(one, list) and one[0] == str(python)  # the whole path, one argument
            assert run.run_program(one, dict(os.environ, **extra), replace=one is commands[-1]) == 0  # no exec
    assert started and all(options.get("shell") in (None, False) for _, options in started)
    assert all(isinstance(command, list) for command, _ in started)
    source = RUN_PY.read_text(encoding="utf-8")
    assert "shell=True" not in source and "os.system" not in source and "os.popen" not in source


def test_on_posix_the_last_program_replaces_the_launcher_as_exec_did(monkeypatch):
    replaced, started = [], []

    class Replaced(Exception):
        """execve never returns: the process is the program now."""

    def execve(path, argv, env):
        replaced.append((path, argv))
        raise Replaced

    fake = FakeOS("posix")
    fake.execve = execve
    monkeypatch.setattr(run, "os", fake)
    monkeypatch.setattr(run.subprocess, "Popen", lambda command, **options: started.append(command))
    with pytest.raises(Replaced):
        run.run_program(["/course/.venv/bin/python", "-m", "pytest"], {}, replace=True)
    assert replaced == [("/course/.venv/bin/python", ["/course/.venv/bin/python", "-m", "pytest"])]
    assert started == []


def test_the_commands_are_those_of_run_sh(tmp_path):
    python = tmp_path / "python"
    (lang, lab), _ = run.command_for("lab", python, ["id", "--port", "9999"], "id", windows=False,
                                     geteuid=lambda: 1000)
    assert lang == [str(python), "-m", run.LAB_LANGUAGE_MODULE, "id"]
    assert lab == [str(python), "-m", "jupyterlab", "--notebook-dir=.",
                   str(Path("notebooks") / "id" / "00-selamat-datang.ipynb"), "--port", "9999"]
    (test,), env = run.command_for("test", python, ["-q", "tests/x.py"], "en")
    assert test == [str(python), "-X", "warn_default_encoding", "-m", "pytest", "-q", "tests/x.py"]
    assert env == {"PYTHONHASHSEED": "0", "MPLBACKEND": "Agg"}
    assert run.command_for("build", python, ["--check"], "en")[0] == [[str(python), "-m", "authoring", "build",
                                                                         "--check"]]
    assert run.command_for("present", python, ["04", "id"], "en")[0] == [[str(python), "-m", "swedu.cli",
                                                                          "present", "04", "id"]]
    assert run.command_for("slides", python, [], "en")[1] == {"PYTHONHASHSEED": "0"}


def test_lab_opens_lesson_0_under_its_file_name_in_each_language():
    from authoring.notebooks import lesson_notebook

    for language in run.LANGUAGES:
        notebook = lesson_notebook("00-welcome", language)
        assert notebook.is_file() and run.FIRST_LESSON[language] == notebook.name
        (_, lab), _ = run.command_for("lab", "python", [language], language, windows=False, geteuid=lambda: 1000)
        assert str(Path("notebooks") / language / notebook.name) in lab


def test_the_lab_language_module_is_the_one_that_sets_it():
    # `python -m <LAB_LANGUAGE_MODULE> en|id` is how the launcher calls it: a wrong language is refused there
    ran = subprocess.run([sys.executable, "-m", run.LAB_LANGUAGE_MODULE, "fr"], capture_output=True, text=True,
                         encoding="utf-8", check=False)
    assert ran.returncode == 2 and "en|id" in ran.stderr


# ----- the environment: made once, installed when pyproject.toml changes -----------------------------------
def test_the_install_runs_again_only_when_needed(tmp_path):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text("[project]\nname = 'x'\n", encoding="utf-8")
    stamp = tmp_path / ".swedu-setup"
    with_tests = run.setup_stamp(pyproject, ("test",))
    assert run.needs_install(stamp, with_tests)
    stamp.write_text(__import__("json").dumps(with_tests), encoding="utf-8")
    assert not run.needs_install(stamp, with_tests)
    assert not run.needs_install(stamp, run.setup_stamp(pyproject, ()))  # lab after test: nothing to add
    pyproject.write_text("[project]\nname = 'x'\nversion = '2'\n", encoding="utf-8")
    assert run.needs_install(stamp, run.setup_stamp(pyproject, ()))
    stamp.write_text("damaged", encoding="utf-8")
    assert run.needs_install(stamp, with_tests)


def test_the_install_commands(tmp_path):
    python = tmp_path / ".venv" / "bin" / "python"
    assert run.install_commands(python, ("test",))[-1] == [str(python), "-m", "pip", "install", "--quiet", "-e",
                                                            ".[test]"]
    assert run.install_commands(python, ())[-1][-1] == "."


def _fake_venv(folder: Path, windows: bool) -> Path:
    """What ``python -m venv`` leaves: pyvenv.cfg and the interpreter (here: a link to this one)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pyvenv.cfg").write_text("home = x\n", encoding="utf-8")
    python = run.venv_python(folder, windows)
    python.parent.mkdir(parents=True)
    python.symlink_to(sys.executable)
    return python


@pytest.mark.skipif(os.name == "nt", reason="the stand-in interpreter is a symbolic link (POSIX), the platform simulated")
def test_setup_makes_the_environment_and_installs_once(course, capsys, monkeypatch):
    calls = []

    def runner(command):
        calls.append(command)
        if command[1:3] == ["-m", "venv"]:
            _fake_venv(Path(command[3]), windows=False)
        return 0

    monkeypatch.setattr(run, "os", FakeOS("posix"))
    python = run.setup(course, ("test",), "en", ["test"], environ={}, runner=runner)
    assert python == course / ".venv" / "bin" / "python"
    assert [c[1:3] for c in calls] == [["-m", "venv"], ["-m", "pip"], ["-m", "pip"]]
    assert calls[0][3] == str(course / ".venv")  # the folder with spaces and Ṣ as one argument
    calls.clear()
    run.setup(course, (), "en", ["lab"], environ={}, runner=runner)
    assert calls == []  # made and installed: nothing to do


def test_a_python_without_venv_gets_told_what_to_install(course, monkeypatch):
    monkeypatch.setattr(run, "can_make_environments", lambda: False)  # Debian's python3 without python3-venv
    with pytest.raises(run.Refusal) as refused:
        run.setup(course, (), "en", ["lab"], environ={}, runner=lambda command: pytest.fail("nothing may run"))
    assert refused.value.key == "no_venv_module" and not (course / ".venv").exists()
    assert "sudo apt install python3-venv" in run.MESSAGES["en"]["no_venv_module"]


def test_this_python_can_make_environments():
    assert run.can_make_environments()


def test_an_environment_that_fails_half_way_leaves_nothing_half_made(course):
    def runner(command):
        if command[1:3] == ["-m", "venv"]:
            (Path(command[3]) / "bin").mkdir(parents=True)  # stopped before pip was in
            return 1
        return 0

    with pytest.raises(run.Refusal) as refused:
        run.setup(course, (), "en", ["lab"], environ={}, runner=runner)
    assert refused.value.key == "venv_failed" and not (course / ".venv").exists()


def test_a_folder_where_nothing_can_be_written_is_refused_with_a_message(course):
    ran = _launch(["lab"], course, {"SWEDU_VENV": str(Path("run.py") / "env")})  # inside a file
    assert ran.returncode == 2 and "This folder cannot be used" in ran.stderr and "nothing can be written" in ran.stderr
    assert "Traceback" not in ran.stderr


@pytest.mark.parametrize("kind", ["a file", "a folder of something else"])
def test_swedu_venv_pointing_at_something_else_is_refused_untouched(course, kind):
    target = course / "my things"
    if kind == "a file":
        target.write_text("not an environment", encoding="utf-8")
    else:
        target.mkdir()
        (target / "essay.docx").write_bytes(b"...")
    ran = _launch(["lab"], course, {"SWEDU_VENV": "my things"})
    assert ran.returncode == 2 and "is not a Python environment" in ran.stderr and "Traceback" not in ran.stderr
    assert target.exists() and (target.is_file() or (target / "essay.docx").is_file())


def test_an_environment_without_its_python_says_to_delete_it(course):
    (course / ".venv").mkdir()
    (course / ".venv" / "pyvenv.cfg").write_text("home = gone\n", encoding="utf-8")
    ran = _launch(["test"], course, {"LANG": "id_ID.UTF-8"})
    assert ran.returncode == 1 and "tidak memiliki Python yang berfungsi" in ran.stderr
    assert "Traceback" not in ran.stderr


@pytest.mark.skipif(os.name == "nt", reason="a name the file system cannot write is made with POSIX bytes")
def test_a_folder_name_this_system_cannot_write_is_refused_with_a_message(tmp_path):
    folder = Path(os.fsdecode(bytes(tmp_path) + b"/kuliah-\xff"))
    folder.mkdir()
    shutil.copy(RUN_PY, folder / "run.py")
    shutil.copy(ROOT / "pyproject.toml", folder / "pyproject.toml")
    ran = subprocess.run([sys.executable, str(folder / "run.py"), "lab"], cwd=tmp_path, capture_output=True,
                         text=True, encoding="utf-8", errors="replace", check=False, timeout=120,
                         env=dict(os.environ, PYTHONUTF8="0", LC_ALL="C", LANG="C"))
    assert ran.returncode == 2 and "This folder cannot be used" in ran.stderr and "Traceback" not in ran.stderr
    assert not (folder / ".venv").exists()


def test_onedrive_and_long_paths_are_noted_on_windows():
    notes = run.check_path("C:\\Users\\Siti\\OneDrive\\Documents\\swedu\\.venv", windows=True)
    assert [key for key, _ in notes] == ["onedrive"]
    notes = run.check_path("C:\\" + "kuliah\\" * 20, windows=True)
    assert [key for key, _ in notes] == ["long_path"]
    assert run.check_path("/home/siti/OneDrive/swedu", windows=False) == []
    with pytest.raises(run.Refusal):
        run.check_path("C:\\kuliah|swedu", windows=True)


def test_an_unexpected_error_is_a_message_not_a_traceback(monkeypatch, capsys):
    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(run, "setup", broken)
    monkeypatch.chdir(ROOT)  # the launcher goes to the course folder; back where the test was afterwards
    assert run.main(["lab"], root=ROOT) == 1
    err = capsys.readouterr().err
    assert "disk on fire" in err and "Show this message to your lecturer" in err and "Traceback" not in err


# ----- run.sh is a thin wrapper, and CI goes through the launcher -------------------------------------------
def test_run_sh_only_hands_over_to_run_py():
    text = (ROOT / "run.sh").read_text(encoding="utf-8")
    assert 'exec "$PYTHON" run.py "$@"' in text
    assert "pip install" not in text and "jupyter" not in text  # the work is in run.py only
    shell = subprocess.run(["sh", "-n", str(ROOT / "run.sh")], capture_output=True, text=True, encoding="utf-8")
    assert shell.returncode == 0, shell.stderr


def test_sh_run_sh_gives_the_same_help():
    ran = subprocess.run(["sh", str(ROOT / "run.sh")], capture_output=True, text=True, encoding="utf-8",
                         env=dict(os.environ, PYTHON=sys.executable, LANG="C.UTF-8"), timeout=60)
    assert ran.returncode == 0 and "run.py lab [en|id]" in ran.stdout


@pytest.mark.parametrize(("lang", "said"), [("C.UTF-8", "was not found"), ("id_ID.UTF-8", "tidak ditemukan")])
def test_sh_run_sh_without_python_says_where_to_get_it(lang, said):
    ran = subprocess.run(["sh", str(ROOT / "run.sh"), "lab"], capture_output=True, text=True, encoding="utf-8",
                         env=dict(os.environ, PYTHON="python-that-is-not-there", LANG=lang, LC_ALL=""), timeout=60)
    assert ran.returncode == 1 and said in ran.stderr and "python.org" in ran.stderr


def test_ci_runs_the_tests_through_the_launcher():
    lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    assert "python3 run.py test" in lines
    assert not any(re.match(r"sh run\.sh", line) for line in lines)


# ----- what students and lecturers read ------------------------------------------------------------------------
def test_the_readmes_first_commands_need_no_posix_shell():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    english, indonesian = readme.split("## Mulai cepat (Bahasa Indonesia)")[:2]
    for part in (english, indonesian):
        block = part.split("```sh\n", 1)[1].split("```", 1)[0]
        commands = [line.split("#")[0].split() for line in block.splitlines() if line.strip()]
        assert commands == [["python3", "run.py", "lab"], ["python3", "run.py", "test"]]
        assert all(command[2] in run.COMMANDS for command in commands)
        assert "`py run.py lab`" in part and "python.org" in part and "Add python.exe to PATH" in part


@pytest.mark.parametrize(("guide", "words"), [
    ("lecturers-guide.md", ["## Students' own Windows laptops", "py run.py lab", "py run.py test", "python.org",
                            "Add python.exe to PATH", "not recognized", "antivirus", "OneDrive"]),
    ("lecturers-guide.id.md", ["## Laptop Windows milik mahasiswa", "py run.py lab", "py run.py test", "python.org",
                               "Add python.exe to PATH", "not recognized", "Antivirus", "OneDrive"]),
])
def test_the_lecturers_guide_has_a_windows_section(guide, words):
    text = (ROOT / "docs" / guide).read_text(encoding="utf-8")
    for word in words:
        assert word in text, word
