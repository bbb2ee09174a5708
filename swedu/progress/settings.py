"""Where the progress store lives and whether to record: the switches, read in this one place.

``SWEDU_DATA_DIR`` (a folder, or a ``.sqlite3``/``.db`` file) or :func:`swedu.progress.configure` chooses
where the store lives; ``SWEDU_PROGRESS=off`` (or ``0``, ``false``, ``no``, ``none``) switches recording
off for a session. An explicit choice in this Python session wins over both.

>>> off_by_environment({"SWEDU_PROGRESS": " Off "}), off_by_environment({"SWEDU_PROGRESS": "on"})
(True, False)
>>> from pathlib import Path
>>> store_file(Path("/data/swedu")).name, store_file(Path("/data/mine.db")).name
('progress.sqlite3', 'mine.db')
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

STORE_NAME = "progress.sqlite3"
"""The store's file name in a data folder."""
ENV_DATA_DIR = "SWEDU_DATA_DIR"
ENV_PROGRESS = "SWEDU_PROGRESS"
_OFF_WORDS = ("off", "0", "false", "no", "none")

_choice: dict = {"location": None, "recording": None}
"""What this Python session chose: a store location (``configure``) and recording on/off (``set_recording``)."""


def default_data_dir() -> Path:
    """The per-user data folder, as platformdirs gives it: ``$XDG_DATA_HOME/swedu`` (``~/.local/share/swedu``)
    on Linux, ``~/Library/Application Support/swedu`` on macOS, ``%LOCALAPPDATA%\\swedu`` on Windows (local,
    not roaming: a database must not travel with a roaming profile). A store in the folder swedu used
    before (:func:`former_data_dir`) is moved here first; see :func:`moved_store`."""
    here = Path(_platform_dirs().user_data_dir)
    former = former_data_dir()
    if not here.is_absolute():  # a relative XDG_DATA_HOME is not valid (the XDG specification): ignored
        here = former
    return moved_store(former, here)


def _platform_dirs():
    """platformdirs' folders of this operating system for swedu (chosen when asked, as ``sys.platform`` says)."""
    if sys.platform == "darwin":
        from platformdirs.macos import MacOS as Folders
    elif sys.platform == "win32":
        from platformdirs.windows import Windows as Folders
    else:
        from platformdirs.unix import Unix as Folders
    return Folders(appname="swedu", appauthor=False)


def former_data_dir() -> Path:
    """The per-user data folder as swedu worked it out before it asked platformdirs: the same folder on
    Linux and macOS, ``%APPDATA%\\swedu`` (roaming) on Windows."""
    home = Path.home()
    if sys.platform == "darwin":
        return home / "Library" / "Application Support" / "swedu"
    if os.name == "nt":
        return Path(os.environ.get("APPDATA") or home / "AppData" / "Roaming") / "swedu"
    xdg = os.environ.get("XDG_DATA_HOME")
    return (Path(xdg) if xdg and os.path.isabs(xdg) else home / ".local" / "share") / "swedu"


def moved_store(former: Path, here: Path) -> Path:
    """``here``, after moving a progress store kept in the folder ``former`` into it (the store, its
    journal and its pending files: everything in that folder). Nothing happens when ``former`` is
    ``here``, holds no store, or ``here`` holds one already. When the move fails (a store open in
    another program, no right to write) the store stays where it is and ``former`` is returned: it is
    used there, and the move is tried again next time. Nothing recorded is lost either way.

    >>> import tempfile
    >>> top = Path(tempfile.mkdtemp())
    >>> (top / "old").mkdir(); _ = (top / "old" / STORE_NAME).write_bytes(b"attempts")
    >>> moved_store(top / "old", top / "new" / "swedu") == top / "new" / "swedu"
    True
    >>> (top / "new" / "swedu" / STORE_NAME).read_bytes(), (top / "old").exists()
    (b'attempts', False)
    """
    if former == here or not (former / STORE_NAME).exists() or (here / STORE_NAME).exists():
        return here
    import shutil

    try:
        here.parent.mkdir(parents=True, exist_ok=True)
        if here.exists():  # an empty folder, or one with other files: the store's files go into it
            for entry in sorted(former.iterdir()):
                shutil.move(str(entry), str(here / entry.name))
            former.rmdir()
        else:
            shutil.move(str(former), str(here))
    except OSError:
        # Another kernel may have moved it at the same moment: then it is here.
        return here if (here / STORE_NAME).exists() else former
    return here


def store_file(chosen: Path) -> Path:
    """The store file for a chosen folder or file."""
    if chosen.suffix.lower() in (".sqlite3", ".sqlite", ".db"):
        return chosen
    return chosen / STORE_NAME


def store_path() -> Path:
    """The SQLite file that holds this student's attempts."""
    chosen = _choice["location"]
    if chosen is None:
        env = os.environ.get(ENV_DATA_DIR)
        chosen = Path(env).expanduser() if env else default_data_dir()
    return store_file(chosen)


def choose_location(path) -> None:
    """Keep the store in ``path`` from now on (``None``: back to the environment or the default)."""
    _choice["location"] = None if path is None else Path(path).expanduser()


def off_by_environment(environ=None) -> bool:
    """Whether ``SWEDU_PROGRESS`` switches recording off."""
    environ = os.environ if environ is None else environ
    return environ.get(ENV_PROGRESS, "").strip().lower() in _OFF_WORDS


def session_choice() -> bool | None:
    """Recording switched on or off in this session (``None``: not chosen here)."""
    return _choice["recording"]


def choose_recording(on: bool | None) -> None:
    _choice["recording"] = None if on is None else bool(on)


def skip_recording() -> bool:
    """Whether a record is dropped before it reaches the store: off in this session, or by the environment
    when the session chose nothing (a switch persisted in the store is checked when writing)."""
    chosen = _choice["recording"]
    return chosen is False or (chosen is None and off_by_environment())


def forget() -> None:
    """Forget this session's choices (tests use this between cases)."""
    _choice.update(location=None, recording=None)
