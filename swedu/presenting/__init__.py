"""Presenting a lesson in class: presenter mode, a larger-type theme, the live presentation (Voila).

``sh run.sh present 04 [en|id] [--lecturer]`` runs :func:`present`: Voila shows the lesson notebook
with its code hidden and its widgets live, one slide at a time (the slide breaks of the notebook's
``slideshow`` metadata), in large type. With ``--lecturer`` the kernel runs in *presenter mode*
(``SWEDU_PRESENTER=1``): every :class:`swedu.Classifier` gets its "Reveal key" button, which the
students' own copies do not show. ``sh run.sh slides`` builds the offline decks
(:mod:`swedu.presenting.slides`).

This module imports nothing heavy (no matplotlib, no ipywidgets): the widgets ask it
:func:`presenter_mode` when they are built.

>>> import os
>>> os.environ.pop(PRESENTER_ENV, None) and None
>>> presenter_mode()
False
>>> os.environ[PRESENTER_ENV] = "1"
>>> presenter_mode()
True
>>> del os.environ[PRESENTER_ENV]
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from swedu.i18n import LANGUAGES, t
from swedu.presenting import notes
from swedu.mode import PRESENTER_ENV, THEME_ENV, presenter_mode, theme_requested

TEMPLATE_NAME = "swedu-present"
"""The Voila template (it extends Voila's ``lab`` template) that paginates and enlarges a lesson."""

SHARE = Path(__file__).resolve().parent / "share"
"""A Jupyter data folder (``voila/templates``, ``nbconvert/templates``) shipped with the package."""

FIGURE_DPI = 120
"""Resolution of figures in a presentation (notebooks use 80): the same figure about 1.5 times larger."""

RC = {
    "font.size": 15,
    "axes.titlesize": 18,
    "axes.labelsize": 16,
    "xtick.labelsize": 14,
    "ytick.labelsize": 14,
    "legend.fontsize": 14,
    "figure.titlesize": 20,
}
"""matplotlib settings of the presentation theme, for figures that do not set their own sizes."""


def apply_theme(shell=None) -> dict:
    """Larger type for figures in this kernel: matplotlib's font sizes (:data:`RC`) and every
    :class:`matplotlib.figure.Figure` shown as a PNG (an ``<img>`` with its alt text) at :data:`FIGURE_DPI`.
    Returns the rc settings.

    The presentation runs it at kernel start (an IPython startup file); it is harmless elsewhere.
    """
    import matplotlib

    matplotlib.rcParams.update(RC)
    # Importing draw registers its own (smaller) formatter first, so ours below wins.
    from swedu import draw  # deferred: matplotlib only when a presentation starts

    draw.style._show_in_notebooks(shell, dpi=FIGURE_DPI)  # an <img> with its alt text, larger
    return dict(RC)


STARTUP = (
    "# Written by swedu's present command: the presentation theme for this kernel.\n"
    "import swedu.presenting\n"
    "if swedu.presenting.theme_requested():\n"
    "    swedu.presenting.apply_theme()\n"
)


class LessonNotFound(ValueError):
    """The lesson asked for does not exist; the message lists the lessons there are."""


def lesson_ids(root: Path, language: str = "en") -> list[str]:
    """The lesson notebooks of one language, by file name without ``.ipynb`` (sorted)."""
    folder = Path(root) / "notebooks" / language
    return sorted(p.stem for p in folder.glob("[0-9][0-9]-*.ipynb"))


def lesson_notebook(root: Path, lesson: str, language: str = "en") -> Path:
    """The notebook of ``lesson`` (``"4"``, ``"04"``, its file name such as ``"04-remaja-nakal"`` or its id
    ``"04-delinquent-youth"``, which the notebook's metadata carries in every language) in ``language``.

    >>> from pathlib import Path
    >>> lesson_notebook(Path(__file__).parents[2], "4").name
    '04-delinquent-youth.ipynb'
    >>> lesson_notebook(Path(__file__).parents[2], "04-delinquent-youth", "id").name
    '04-remaja-nakal.ipynb'
    """
    if language not in LANGUAGES:
        raise LessonNotFound(t("present.error.language", code=language, choices=", ".join(LANGUAGES)))
    lessons = lesson_ids(root, language)
    wanted = str(lesson).strip()
    if wanted.isdigit():
        wanted = f"{int(wanted):02d}"
    matches = [s for s in lessons if s == wanted or s.split("-", 1)[0] == wanted]
    if not matches:  # the lesson's id, whatever the language's file name
        matches = [s for s in lessons if s.split("-", 1)[0] == wanted.split("-", 1)[0]
                   and _lesson_id(Path(root) / "notebooks" / language / f"{s}.ipynb") == wanted]
    if len(matches) != 1:
        raise LessonNotFound(t("present.error.lesson", lesson=lesson,
                               choices=", ".join(s.split("-", 1)[0] for s in lessons) or "-"))
    return Path(root) / "notebooks" / language / f"{matches[0]}.ipynb"


def _lesson_id(notebook: Path) -> str:
    """The id of the lesson a notebook was built from (its metadata's ``swedu.source``), or ``""``."""
    import json

    try:
        return str(json.loads(notebook.read_text(encoding="utf-8"))["metadata"]["swedu"]["source"])
    except (OSError, ValueError, KeyError, TypeError):
        return ""


def nav_labels(language: str = "en") -> dict[str, str]:
    """The words of the slide controls in ``language`` (given to the Voila template)."""
    keys = ("previous", "next", "slide_of", "all_slides", "one_slide", "controls", "keys_help", "lecturer")
    return {key: t(f"present.nav.{key}", language=language) for key in keys}


def lecturer_notes_of(notebook: Path, language: str = "en") -> dict:
    """``{cell id: [[label, text], ...]}``: the lecturer notes of a lesson notebook for the live view."""
    import nbformat

    nb = nbformat.read(str(notebook), as_version=4)
    return {cell_id: notes.note_parts(note, language) for cell_id, note in notes.notes_for(nb, language).items()}


def is_loopback(ip: str) -> bool:
    """Whether ``ip`` is reachable from this computer only (127.0.0.1, ::1, localhost).

    >>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("0.0.0.0"), is_loopback("192.168.1.5")
    (True, True, False, False)
    """
    import ipaddress

    if ip.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(ip.strip()).is_loopback
    except ValueError:
        return False  # a host name: other computers may reach it


class PresentRefused(ValueError):
    """A presentation that would be open to other computers without protection; the message says why."""


def voila_command(notebook: Path, port: int, folder: Path, *, lecturer: bool = False, language: str = "en",
                  open_browser: bool = True, ip: str = "127.0.0.1",
                  token: str | None = None) -> tuple[list[str], dict[str, str]]:
    """The Voila command line and environment that present ``notebook`` on ``ip:port``.

    On this computer only (``127.0.0.1``, the default) no token is needed. Any other address is open to
    the network: it needs a ``token`` (the address the students open then carries it), and the
    lecturer's view, which can reveal the answer key, is refused there (:class:`PresentRefused`).

    ``folder`` (a temporary folder) receives Voila's settings (``voila.json``: the words of the slide
    controls, lecturer or not) and an IPython startup file that applies the theme in the kernel.
    Presenter mode (:func:`presenter_mode`) is on in the kernel when ``lecturer`` is true; then, and
    only then, the page also gets the lecturer notes of the lesson (the data the course builder
    wrote from its source, see :mod:`swedu.presenting.notes`), shown in a panel that the S key opens.
    """
    if not is_loopback(ip):
        if lecturer:
            raise PresentRefused(t("present.error.lecturer_remote", language=language, ip=ip))
        if not token:
            raise PresentRefused(t("present.error.needs_token", language=language, ip=ip))
    folder = Path(folder)
    config = folder / "config"
    config.mkdir(parents=True, exist_ok=True)
    resources = {"swedu": {"labels": nav_labels(language), "language": language, "lecturer": lecturer}}
    if lecturer:
        resources["swedu"]["notes"] = lecturer_notes_of(notebook, language)
        resources["swedu"]["note_labels"] = notes.note_labels(language)
    settings = {"VoilaConfiguration": {"resources": resources, "show_tracebacks": False}}
    (config / "voila.json").write_text(json.dumps(settings, indent=1), encoding="utf-8")
    startup = folder / "ipython" / "profile_default" / "startup"
    startup.mkdir(parents=True, exist_ok=True)
    (startup / "50-swedu-present.py").write_text(STARTUP, encoding="utf-8")

    voila = Path(sys.executable).with_name("voila")
    command = [str(voila)] if voila.exists() else [sys.executable, "-m", "voila"]
    command += [
        str(notebook),
        f"--template={TEMPLATE_NAME}",
        "--theme=light",
        f"--Voila.ip={ip}",
        f"--port={port}",
        "--Voila.port_retries=0",
        "--no-browser" if not open_browser else "--Voila.open_browser=True",
    ]
    if token:
        command.append(f"--Voila.token={token}")
    env = dict(os.environ)
    env["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(SHARE), env.get("JUPYTER_PATH", "")]))
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(filter(None, [str(config), env.get("JUPYTER_CONFIG_PATH", "")]))
    env["IPYTHONDIR"] = str(folder / "ipython")
    env[THEME_ENV] = "1"
    env["PYTHONHASHSEED"] = env.get("PYTHONHASHSEED", "0")
    # The lecturer's demonstration checks are not anyone's learning progress.
    env["SWEDU_PROGRESS"] = "off"
    if lecturer:
        env[PRESENTER_ENV] = "1"
    else:
        env.pop(PRESENTER_ENV, None)
    return command, env


def free_port(ip: str = "127.0.0.1") -> int:
    """A TCP port on ``ip`` that nothing listens on right now."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((ip, 0))
        return sock.getsockname()[1]


def present(lesson: str, language: str = "en", *, lecturer: bool = False, port: int = 0, ip: str = "127.0.0.1",
            token: str | None = None, open_browser: bool = True, root: Path | None = None) -> int:
    """Present ``lesson`` (``"04"``) of the course under ``root`` (default: the current folder) with Voila
    until Ctrl+C; returns the exit code (2 and why, on stderr, for an unknown lesson or a refused address).

    ``swedu present LESSON [en|id] [--lecturer] [--port N] [--ip IP] [--token T] [--no-browser]`` (and
    ``sh run.sh present``) parses the options and calls this. Another address than this computer's gets
    a random ``token`` unless one is given (:func:`voila_command`).
    """
    import secrets
    import subprocess
    import tempfile

    root = Path(root) if root is not None else Path.cwd()
    try:
        notebook = lesson_notebook(root, lesson, language)
    except LessonNotFound as error:
        print(error, file=sys.stderr)
        return 2
    token = token or (None if is_loopback(ip) else secrets.token_urlsafe(24))
    port = port or free_port(ip)
    with tempfile.TemporaryDirectory(prefix="swedu-present-") as folder:
        try:
            command, env = voila_command(notebook, port, Path(folder), lecturer=lecturer, language=language,
                                         open_browser=open_browser, ip=ip, token=token)
        except PresentRefused as error:
            print(error, file=sys.stderr)
            return 2
        # The messages in the language of the presentation.
        mode = t("present.cli.mode_lecturer" if lecturer else "present.cli.mode_student",
                 language=language, code=language)
        print(t("present.cli.starting", language=language, lesson=notebook.stem, mode=mode), flush=True)
        url = f"http://{ip}:{port}/" + (f"?token={token}" if token else "")
        print(t("present.cli.url", language=language, url=url), flush=True)
        if token:
            print(t("present.cli.token_notice", language=language, ip=ip), flush=True)
        process = subprocess.Popen(command, env=env, cwd=root)
        try:
            return process.wait()
        except KeyboardInterrupt:
            process.terminate()
            return process.wait()


__all__ = ["FIGURE_DPI", "PRESENTER_ENV", "RC", "TEMPLATE_NAME", "THEME_ENV", "LessonNotFound", "PresentRefused",
           "apply_theme", "is_loopback",
           "lesson_ids", "lesson_notebook", "nav_labels", "present", "presenter_mode", "theme_requested",
           "voila_command"]
