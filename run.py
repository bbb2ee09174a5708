# -*- coding: utf-8 -*-
"""The course's commands on Windows, macOS and Linux, with nothing but Python (no sh, no make, no conda).

    python3 run.py lab [en|id]        set up if needed, then open the course in JupyterLab
                                      (Windows: py run.py lab)
    python3 run.py test [pytest ...]  set up if needed, then run the tests
    python3 run.py build [--check]    regenerate the notebooks from source/ (python -m authoring build)
    python3 run.py present 04 [id] [--lecturer]    present lesson 04 in class (swedu present)
    python3 run.py slides [04 ...]    the offline slide decks in build/slides (swedu slides)
    python3 run.py                    this help, in English or Bahasa Indonesia (LANG=id_ID...)

The environment lives in .venv inside the course folder (another folder: SWEDU_VENV). It is made with
the Python that runs this file, and the course is installed into it again whenever pyproject.toml
changes. ``sh run.sh ...`` calls this file.

Standard library only, and only syntax that Python 3.4 can read: an old Python must get as far as the
plain "too old" message below, never a SyntaxError. Every program is started from a list of
arguments, never through a shell, so a folder named ``C:\\Users\\Siti Nurhaliza\\Kuliah`` needs no
quoting.
"""
from __future__ import print_function

import hashlib
import json
import os
import shutil
import subprocess
import sys

MINIMUM = (3, 10)
"""The oldest Python the course runs on (pyproject.toml: requires-python)."""

LAB_LANGUAGE_MODULE = "swedu.cli.lab_language"
"""The module that sets JupyterLab's own language inside the environment: ``python -m <it> en|id``."""

STAMP_NAME = ".swedu-setup"
"""The file in the environment that remembers which pyproject.toml (and which extras) were installed."""

LANGUAGES = ("en", "id")
FIRST_LESSON = {"en": "00-welcome.ipynb", "id": "00-selamat-datang.ipynb"}
"""Lesson 0's notebook in each language (its file names are those of ``source/lessons/00-welcome.yaml``)."""

MESSAGES = {
    "en": {
        "too_old": (
            "The course needs Python {minimum} or newer, but this is Python {version}\n"
            "({python}).\n"
            "Install a newer Python from https://www.python.org/downloads/ (on Windows, tick\n"
            "\"Add python.exe to PATH\" in the first window of the installer), then run again:\n"
            "    {again}"),
        "no_venv_module": (
            "This Python cannot make the course environment (its 'venv' part is missing).\n"
            "On Debian or Ubuntu: sudo apt install python3-venv   Elsewhere: install Python from\n"
            "https://www.python.org/downloads/ and run again:\n"
            "    {again}"),
        "creating": "Making the course environment in {venv} ...",
        "installing": "Installing the course and what it needs (a few minutes the first time) ...",
        "install_failed": (
            "Installing the course did not work (see pip's message above).\n"
            "Check the internet connection and run again:\n"
            "    {again}\n"
            "On Windows, an antivirus may hold a file while pip writes it: wait a minute and run again."),
        "venv_failed": (
            "The course environment could not be made in {venv} (see the message above).\n"
            "Nothing of it was kept. Run again; if it fails again, show this message to your lecturer:\n"
            "    {again}"),
        "not_an_environment": (
            "{venv} exists but is not a Python environment made by this launcher,\n"
            "so it was left untouched. Choose another folder with SWEDU_VENV, or delete it and run again."),
        "no_interpreter": (
            "The course environment {venv} has no working Python at\n"
            "{python}\n"
            "(it was made by another Python, another computer, or an older Python that is gone).\n"
            "Delete the folder {venv} and run again:\n"
            "    {again}"),
        "env_too_old": (
            "The course environment {venv} was made with Python {version}; the course needs {minimum}\n"
            "or newer. Delete the folder {venv} and run again with a newer Python:\n"
            "    {again}"),
        "bad_path": (
            "This folder cannot be used: {path}\n"
            "({reason}). Move the course to a plain folder, for example {example}, and run again."),
        "onedrive": (
            "Note: the course is inside OneDrive ({path}). OneDrive may hold or move files while\n"
            "the course writes them. If something fails, move the course folder out of OneDrive,\n"
            "for example to {example}."),
        "long_path": (
            "Note: the course folder's path is long ({length} characters). Windows may refuse the long\n"
            "file names inside the environment. If installing fails, move the course to a short\n"
            "path, for example {example}."),
        "unknown_command": "Unknown command: {command}",
        "no_program": "Could not start {program}: {error}",
        "interrupted": "Stopped.",
        "unexpected": (
            "Something unexpected went wrong: {error}\n"
            "Nothing was deleted. Show this message to your lecturer."),
        "usage": (
            "The course's commands (run them in the course folder):\n"
            "  {py} run.py lab [en|id]        open the course in JupyterLab\n"
            "      (id: JupyterLab in Bahasa Indonesia, as with LANG=id_ID; en: in English)\n"
            "  {py} run.py test [options]     run the tests (options go to pytest)\n"
            "  {py} run.py build [--check]    regenerate the notebooks from source/\n"
            "  {py} run.py present 04 [id] [--lecturer]   present lesson 04 in class\n"
            "  {py} run.py slides [04 ...]    offline slide decks in build/slides\n"
            "The first time, the course environment is made in .venv (a few minutes).\n"
            "Needs Python {minimum} or newer: https://www.python.org/downloads/"),
    },
    "id": {
        "too_old": (
            "Kursus ini memerlukan Python {minimum} atau yang lebih baru, tetapi ini Python {version}\n"
            "({python}).\n"
            "Pasang Python yang lebih baru dari https://www.python.org/downloads/ (di Windows,\n"
            "centang \"Add python.exe to PATH\" di jendela pertama pemasang), lalu jalankan lagi:\n"
            "    {again}"),
        "no_venv_module": (
            "Python ini tidak dapat membuat lingkungan kursus (bagian 'venv'-nya tidak ada).\n"
            "Di Debian atau Ubuntu: sudo apt install python3-venv   Di tempat lain: pasang Python dari\n"
            "https://www.python.org/downloads/ lalu jalankan lagi:\n"
            "    {again}"),
        "creating": "Membuat lingkungan kursus di {venv} ...",
        "installing": "Memasang kursus dan yang diperlukannya (beberapa menit pada kali pertama) ...",
        "install_failed": (
            "Pemasangan kursus tidak berhasil (lihat pesan pip di atas).\n"
            "Periksa sambungan internet lalu jalankan lagi:\n"
            "    {again}\n"
            "Di Windows, antivirus dapat menahan berkas saat pip menulisnya: tunggu semenit lalu jalankan lagi."),
        "venv_failed": (
            "Lingkungan kursus tidak dapat dibuat di {venv} (lihat pesan di atas).\n"
            "Tidak ada sisanya yang disimpan. Jalankan lagi; bila gagal lagi, tunjukkan pesan ini kepada dosen Anda:\n"
            "    {again}"),
        "not_an_environment": (
            "{venv} sudah ada tetapi bukan lingkungan Python yang dibuat peluncur ini,\n"
            "jadi tidak disentuh. Pilih folder lain dengan SWEDU_VENV, atau hapus folder itu lalu jalankan lagi."),
        "no_interpreter": (
            "Lingkungan kursus {venv} tidak memiliki Python yang berfungsi di\n"
            "{python}\n"
            "(lingkungan itu dibuat oleh Python lain, komputer lain, atau Python lama yang sudah dihapus).\n"
            "Hapus folder {venv} lalu jalankan lagi:\n"
            "    {again}"),
        "env_too_old": (
            "Lingkungan kursus {venv} dibuat dengan Python {version}; kursus memerlukan {minimum}\n"
            "atau yang lebih baru. Hapus folder {venv} lalu jalankan lagi dengan Python yang lebih baru:\n"
            "    {again}"),
        "bad_path": (
            "Folder ini tidak dapat dipakai: {path}\n"
            "({reason}). Pindahkan kursus ke folder biasa, misalnya {example}, lalu jalankan lagi."),
        "onedrive": (
            "Catatan: kursus berada di dalam OneDrive ({path}). OneDrive dapat menahan atau memindahkan\n"
            "berkas saat kursus menulisnya. Bila ada yang gagal, pindahkan folder kursus ke luar OneDrive,\n"
            "misalnya ke {example}."),
        "long_path": (
            "Catatan: jalur folder kursus panjang ({length} karakter). Windows dapat menolak nama berkas\n"
            "yang panjang di dalam lingkungan. Bila pemasangan gagal, pindahkan kursus ke jalur pendek,\n"
            "misalnya {example}."),
        "unknown_command": "Perintah tidak dikenal: {command}",
        "no_program": "Tidak dapat menjalankan {program}: {error}",
        "interrupted": "Dihentikan.",
        "unexpected": (
            "Terjadi kesalahan yang tidak terduga: {error}\n"
            "Tidak ada yang dihapus. Tunjukkan pesan ini kepada dosen Anda."),
        "usage": (
            "Perintah kursus (jalankan di folder kursus):\n"
            "  {py} run.py lab [en|id]        membuka kursus di JupyterLab\n"
            "      (id: JupyterLab berbahasa Indonesia, seperti LANG=id_ID; en: berbahasa Inggris)\n"
            "  {py} run.py test [opsi]        menjalankan tes (opsi diteruskan ke pytest)\n"
            "  {py} run.py build [--check]    membuat ulang notebook dari source/\n"
            "  {py} run.py present 04 [id] [--lecturer]   mempresentasikan pelajaran 04 di kelas\n"
            "  {py} run.py slides [04 ...]    salindia luring di build/slides\n"
            "Pada kali pertama, lingkungan kursus dibuat di .venv (beberapa menit).\n"
            "Memerlukan Python {minimum} atau yang lebih baru: https://www.python.org/downloads/"),
    },
}
"""Every text the launcher prints, in both languages (it runs before the course and its catalogs exist)."""

COMMANDS = ("lab", "test", "build", "present", "slides")
HELP = ("help", "-h", "--help")


class Refusal(Exception):
    """A situation the launcher explains and stops at (exit code ``code``), never with a traceback."""

    def __init__(self, key, code=1, **values):
        Exception.__init__(self, key)
        self.key, self.code, self.values = key, code, values


def is_windows(os_name=None):
    """Whether the launcher runs on Windows (``os_name`` defaults to ``os.name``; tests pass ``"nt"``)."""
    return (os.name if os_name is None else os_name) == "nt"


def python_command(windows=None):
    """What a student types to start Python: ``py`` on Windows, ``python3`` elsewhere."""
    return "py" if (is_windows() if windows is None else windows) else "python3"


def choose_language(args=(), environ=None, windows=None, ui_language=None):
    """``en`` or ``id``: the ``lab en|id`` argument, else LANG/LC_ALL/LC_MESSAGES, else Windows' own language.

    ``ui_language`` is Windows' user interface language id (a number; Indonesian is 0x0421); it is asked
    from Windows when not given.
    """
    args = list(args)
    if len(args) >= 2 and args[0] == "lab" and args[1] in LANGUAGES:
        return args[1]
    environ = os.environ if environ is None else environ
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = environ.get(variable, "")
        if value:
            return "id" if value.lower().startswith(("id", "in_")) else "en"
    if is_windows() if windows is None else windows:
        if ui_language is None:
            ui_language = _windows_ui_language()
        if ui_language is not None and ui_language & 0x3FF == 0x21:  # LANG_INDONESIAN
            return "id"
    return "en"


def _windows_ui_language():
    try:
        import ctypes

        return ctypes.windll.kernel32.GetUserDefaultUILanguage()
    except Exception:  # not Windows, or no ctypes: English
        return None


def say(key, language, stream=None, **values):
    """Print the message ``key`` in ``language``, its ``{placeholders}`` filled from ``values``."""
    text = MESSAGES[language][key].format(**values)
    stream = sys.stderr if stream is None else stream
    try:
        print(text, file=stream)
    except UnicodeEncodeError:  # a folder named "Ṣiti" on an output in cp1252 (Windows, redirected to a file)
        encoding = getattr(stream, "encoding", None) or "ascii"
        print(text.encode(encoding, "replace").decode(encoding), file=stream)


def version_text(version_info):
    return ".".join(str(part) for part in tuple(version_info)[:3])


def check_python(version_info=None, executable=None, language="en", argv=(), windows=None):
    """None when this Python is new enough; else the exit code after printing why, and what to do."""
    version_info = sys.version_info if version_info is None else version_info
    if tuple(version_info)[:2] >= MINIMUM:
        return None
    say("too_old", language, minimum=version_text(MINIMUM), version=version_text(version_info),
        python=executable or sys.executable, again=again_command(argv, windows))
    return 1


def again_command(argv=(), windows=None):
    """The command to type again, for the messages: ``py run.py lab`` or ``python3 run.py test``."""
    return " ".join([python_command(windows), "run.py"] + [str(a) for a in list(argv)[:2]])


def venv_folder(root, environ=None):
    """The environment's folder: SWEDU_VENV (relative to the course folder) or ``.venv``."""
    from pathlib import Path

    environ = os.environ if environ is None else environ
    return Path(root) / (environ.get("SWEDU_VENV") or ".venv")


def venv_python(venv, windows=None):
    """Where the environment's interpreter lives: ``Scripts\\python.exe`` on Windows, ``bin/python`` elsewhere."""
    from pathlib import Path

    if is_windows() if windows is None else windows:
        return Path(venv) / "Scripts" / "python.exe"
    return Path(venv) / "bin" / "python"


def running_as_root(windows=None, geteuid=None):
    """Whether this is the POSIX superuser (JupyterLab then needs ``--allow-root``); never on Windows."""
    if is_windows() if windows is None else windows:
        return False
    geteuid = geteuid or getattr(os, "geteuid", None)
    return geteuid is not None and geteuid() == 0


def example_folder(windows=None):
    """A plain folder to suggest for the course."""
    return "C:\\swedu" if (is_windows() if windows is None else windows) else "~/swedu"


PATH_REASONS = {
    "en": {"letters": "its name has letters this system cannot write: {name}",
           "characters": "its name has one of < > \" | ? *, which Windows does not allow",
           "unwritable": "nothing can be written there: {error}"},
    "id": {"letters": "namanya memuat huruf yang tidak dapat ditulis sistem ini: {name}",
           "characters": "namanya memuat salah satu dari < > \" | ? *, yang tidak diizinkan Windows",
           "unwritable": "tidak ada yang dapat ditulis di sana: {error}"},
}
"""Why a folder is refused (the ``reason`` of the ``bad_path`` message), in both languages."""


def check_path(path, windows=None, language="en"):
    """Refuse a folder the environment cannot live in (a :class:`Refusal`); returns notes to print."""
    windows = is_windows() if windows is None else windows
    text = str(path)
    reason = None
    try:
        text.encode(sys.getfilesystemencoding(), "strict")
    except UnicodeEncodeError:
        reason = PATH_REASONS[language]["letters"].format(name=ascii(text))
    if windows and not reason:
        if any(ch in text[2:] for ch in '<>"|?*'):
            reason = PATH_REASONS[language]["characters"]
    if reason:
        raise Refusal("bad_path", 2, path=text, reason=reason, example=example_folder(windows))
    notes = []
    if windows and "onedrive" in text.lower():
        notes.append(("onedrive", {"path": text, "example": example_folder(windows)}))
    if windows and len(text) > 120:
        notes.append(("long_path", {"length": len(text), "example": example_folder(windows)}))
    return notes


def can_make_environments():
    """Whether this Python has what ``python -m venv`` needs (Debian splits it off into python3-venv)."""
    import importlib.util

    return all(importlib.util.find_spec(name) is not None for name in ("venv", "ensurepip"))


def setup_stamp(pyproject, extras):
    """What the stamp file records: the pyproject.toml it installed and with which extras."""
    digest = hashlib.sha256(pyproject.read_bytes()).hexdigest()
    return {"pyproject": digest, "extras": sorted(extras)}


def needs_install(stamp_file, wanted):
    """Whether pip must run: the pyproject changed, or an extra is wanted that was not installed."""
    try:
        with open(str(stamp_file), encoding="utf-8") as handle:
            done = json.load(handle)
    except (OSError, ValueError):
        return True
    if not isinstance(done, dict) or done.get("pyproject") != wanted["pyproject"]:
        return True
    return not set(wanted["extras"]) <= set(done.get("extras") or [])


def install_commands(python, extras):
    """The pip commands that install the course (editable) into the environment, as argument lists."""
    spec = ".[{}]".format(",".join(sorted(extras))) if extras else "."
    return [
        [str(python), "-m", "pip", "install", "--quiet", "--upgrade", "pip"],
        [str(python), "-m", "pip", "install", "--quiet", "-e", spec],
    ]


def setup(root, extras, language, argv, environ=None, windows=None, runner=None):
    """Make the environment if it is missing and install the course when needed; returns its Python."""
    windows = is_windows() if windows is None else windows
    runner = runner or subprocess.call
    venv = venv_folder(root, environ)
    notes = []
    for folder in (root, venv):
        for note in check_path(folder.resolve() if folder.exists() else folder.absolute(), windows, language):
            if note[0] not in [seen[0] for seen in notes]:
                notes.append(note)
    for key, values in notes:
        say(key, language, **values)
    python = venv_python(venv, windows)
    again = again_command(argv, windows)
    made_now = False
    if not (venv / "pyvenv.cfg").is_file():
        if venv.exists() and (not venv.is_dir() or any(venv.iterdir())):
            raise Refusal("not_an_environment", 2, venv=str(venv))
        if not can_make_environments():
            raise Refusal("no_venv_module", 1, again=again)
        made_now = not venv.exists()
        try:
            venv.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise Refusal("bad_path", 2, path=str(venv), example=example_folder(windows),
                          reason=PATH_REASONS[language]["unwritable"].format(error=error.strerror or error))
        say("creating", language, stream=sys.stdout, venv=str(venv))
        if runner([sys.executable, "-m", "venv", str(venv)]) != 0 or not python.is_file():
            shutil.rmtree(str(venv), ignore_errors=True)  # half made (no pip): next time starts clean
            if not made_now:
                venv.mkdir()  # it was an empty folder before: it is again
            raise Refusal("venv_failed", 1, venv=str(venv), again=again)
    if not python.is_file():
        raise Refusal("no_interpreter", 1, venv=str(venv), python=str(python), again=again)
    check = [str(python), "-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"]
    try:
        version = subprocess.check_output(check, universal_newlines=True, encoding="utf-8").strip()
    except (OSError, subprocess.CalledProcessError):
        raise Refusal("no_interpreter", 1, venv=str(venv), python=str(python), again=again)
    if tuple(int(part) for part in version.split(".")[:2]) < MINIMUM:
        raise Refusal("env_too_old", 1, venv=str(venv), version=version, minimum=version_text(MINIMUM),
                      again=again)
    stamp_file = venv / STAMP_NAME
    wanted = setup_stamp(root / "pyproject.toml", extras)
    if needs_install(stamp_file, wanted):
        say("installing", language, stream=sys.stdout)
        for command in install_commands(python, extras):
            if runner(command) != 0:
                raise Refusal("install_failed", 1, again=again)
        with open(str(stamp_file), "w", encoding="utf-8") as handle:
            json.dump(wanted, handle)
    return python


def lab_commands(python, args, language, windows=None, geteuid=None):
    """``lab [en|id] [jupyter options]``: set JupyterLab's language, then open lesson 0 in that language."""
    from pathlib import Path

    args = list(args)
    if args and args[0] in LANGUAGES:
        args = args[1:]
    root = ["--allow-root"] if running_as_root(windows, geteuid) else []
    first = Path("notebooks") / language / FIRST_LESSON[language]
    return [
        [str(python), "-m", LAB_LANGUAGE_MODULE, language],
        [str(python), "-m", "jupyterlab"] + root + ["--notebook-dir=.", str(first)] + args,
    ]


def command_for(command, python, args, language, windows=None, geteuid=None):
    """The argument lists to run for ``command`` (one after another) and the extra environment variables."""
    python = str(python)
    if command == "lab":
        return lab_commands(python, args, language, windows, geteuid), {}
    if command == "test":
        return [[python, "-X", "warn_default_encoding", "-m", "pytest"] + list(args)], \
            {"PYTHONHASHSEED": "0", "MPLBACKEND": "Agg"}
    if command == "build":
        return [[python, "-m", "authoring", "build"] + list(args)], {"PYTHONHASHSEED": "0"}
    if command in ("present", "slides"):
        return [[python, "-m", "swedu.cli", command] + list(args)], {"PYTHONHASHSEED": "0"}
    raise Refusal("unknown_command", 2, command=command)


def run_program(command, env, replace=False, windows=None):
    """Run one program and wait for it; returns its exit code. Ctrl+C goes to it (JupyterLab asks first).

    With ``replace`` (the last program of a command) on macOS and Linux the launcher becomes the program,
    as ``exec`` in a shell script: signals (a CI runner's SIGTERM) and the exit code reach it directly.
    Windows has no such thing, so there the launcher waits for it.
    """
    if replace and not (is_windows() if windows is None else windows):
        sys.stdout.flush()
        sys.stderr.flush()
        os.execve(command[0], command, env)
    process = subprocess.Popen(command, env=env)
    while True:
        try:
            return process.wait()
        except KeyboardInterrupt:
            continue


def main(argv=None, root=None):
    """Run one launcher command; returns the exit code. Every failure is a message, never a traceback."""
    argv = list(sys.argv[1:] if argv is None else argv)
    language = choose_language(argv)
    try:
        return _main(argv, root, language)
    except Refusal as refusal:
        say(refusal.key, language, **refusal.values)
        return refusal.code
    except KeyboardInterrupt:
        say("interrupted", language)
        return 130
    except BrokenPipeError:  # the output went to a program that stopped reading (python3 run.py | head)
        return 1
    except Exception as error:  # the promise: a student never sees a traceback from the launcher
        say("unexpected", language, error="{}: {}".format(type(error).__name__, error))
        return 1


def _main(argv, root, language):
    too_old = check_python(language=language, argv=argv)
    if too_old is not None:
        return too_old
    from pathlib import Path

    root = Path(root or os.path.dirname(os.path.abspath(__file__)))
    command = argv[0] if argv else "help"
    if command in HELP or command not in COMMANDS:
        if command not in HELP:
            say("unknown_command", language, command=command)
        say("usage", language, stream=sys.stdout if command in HELP else None,
            py=python_command(), minimum=version_text(MINIMUM))
        return 0 if command in HELP else 2
    os.chdir(str(root))
    python = setup(root, ("test",) if command == "test" else (), language, argv)
    commands, extra = command_for(command, python, argv[1:], language)
    env = dict(os.environ, **extra)
    for number, one in enumerate(commands, start=1):
        try:
            code = run_program(one, env, replace=number == len(commands))
        except OSError as error:
            raise Refusal("no_program", 1, program=one[0], error=error)
        if code != 0:
            return code
    return 0


if __name__ == "__main__":
    sys.exit(main())
