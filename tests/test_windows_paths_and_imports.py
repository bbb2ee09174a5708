"""Paths and modules that also work on Windows.

- A path is built with ``pathlib`` (``folder / name``), never by joining strings with ``/``: every string
  join with ``/`` in the library, the course builder and the launcher is found by reading the code, and
  each one left is a URL, a fraction or a label, listed below with its reason.
- What Windows lacks is never imported when the course starts: swedu's every module imports with the
  POSIX-only modules (fcntl, termios, pwd, grp, resource, pty ...) made unavailable, as on Windows; the hub
  service (POSIX signals) loads only for ``swedu hub-service``, and without signal handlers it still runs.
"""
from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OWN_CODE = sorted((ROOT / "swedu").rglob("*.py")) + sorted((ROOT / "authoring").rglob("*.py")) + [ROOT / "run.py"]

NOT_PATHS = {  # (file, the code as written): why this "/" is no path on disk
    ("swedu/hub/link.py", 'f"{interface}/tree/{folder}/{path}"'): "a URL on the hub",
    ("swedu/hub/link.py", 'f"{interface}/tree/{folder}"'): "a URL on the hub",
    ("swedu/hub/link.py", 'f"{base}/hub/user-redirect/git-pull?"'): "a URL on the hub",
    ("swedu/progress/outbox.py", 'service_url.rstrip("/") + "/api/records"'): "the service's URL",
    ("swedu/presenting/__init__.py", 'f"http://{ip}:{port}/"'): "the presentation's address",
    ("swedu/presenting/slides.py", 'f"../{ASSETS}"'): "a relative URL in a deck's HTML",
    ("swedu/presenting/slides.py", 'f"{prefix}/"'): "a URL in a deck's HTML",
    ("swedu/presenting/slides.py", 'f"{prefix}/{REVEAL}"'): "a URL in a deck's HTML",
    ("swedu/presenting/slides.py", 'f"{prefix}/{REQUIRE}"'): "a URL in a deck's HTML",
    ("swedu/presenting/slides.py", 'f"{prefix}/{JQUERY}"'): "a URL in a deck's HTML",
    ("swedu/presenting/slides.py", 'f"{prefix}/{MATHJAX}"'): "a URL in a deck's HTML",
    ("swedu/presenting/slides.py", 'f"{prefix}/{WIDGETS}"'): "a URL in a deck's HTML",
    ("swedu/presenting/slides.py", 'f"{prefix}/{FONTAWESOME}"'): "a URL in a deck's HTML",
    ("swedu/presenting/slides.py", 'f"{prefix}/{FONTAWESOME_SHIMS}"'): "a URL in a deck's HTML",
    ("swedu/presenting/slides.py", '''f'<li><a href="{html.escape(language)}/{html.escape(deck.name)}">\''''):
        "a link in the decks' index page",
    ("swedu/report/render.py", 'f"{percent(a.student_share)} ({len(a.students_wrong)}/{len(a.students)})"'):
        "a fraction in a table",
    ("swedu/report/render.py", 'f"{percent(a.share)} ({a.wrong}/{a.answers})"'): "a fraction in a table",
    ("swedu/report/render.py", 'f"{x.completed}/{x.students}"'): "a fraction in a table",
    ("swedu/assess.py", 'f"<Feedback {self.scenario.id}/{self.stage.id}: score {self.score:.2f}>"'): "a repr",
    ("authoring/store.py", '''f"{meta.get('source', '')}/{meta.get('language', '')}"'''): "a hash's salt",
    ("authoring/store.py", 'f"{salt}/{i}"'): "a hash's salt",
}


def slash_joins(source: str) -> list[str]:
    """The places in ``source`` where strings are joined with ``/``, as the code reads.

    >>> slash_joins('a = folder + "/" + name\\nb = f"{folder}/{name}"\\nc = "/".join(parts)\\nd = Path(x) / "y"')
    ['folder + "/"', 'f"{folder}/{name}"', '"/".join(parts)']
    """
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            sides = [node.left, node.right]
            if any(isinstance(s, ast.Constant) and isinstance(s.value, str) and (s.value.startswith("/") or
                   s.value.endswith("/")) for s in sides) and not all(isinstance(s, ast.Constant) for s in sides):
                found.append((node.lineno, node.col_offset, ast.get_source_segment(source, node)))
        elif isinstance(node, ast.JoinedStr):
            parts = node.values
            for i, part in enumerate(parts):
                if isinstance(part, ast.Constant) and "/" in part.value:
                    before = i > 0 and isinstance(parts[i - 1], ast.FormattedValue) and part.value.startswith("/")
                    after = i + 1 < len(parts) and isinstance(parts[i + 1], ast.FormattedValue) and \
                        part.value.endswith("/")
                    if before or after:
                        found.append((node.lineno, node.col_offset, ast.get_source_segment(source, node)))
                        break
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "join" \
                and isinstance(node.func.value, ast.Constant) and node.func.value.value == "/":
            found.append((node.lineno, node.col_offset, ast.get_source_segment(source, node)))
    outer = [entry for entry in found if not any(entry is not other and entry[2] in other[2] and
                                                  entry[2] != other[2] for other in found)]
    return [text for _, _, text in sorted(outer)]


@pytest.mark.parametrize("path", OWN_CODE, ids=lambda p: str(p.relative_to(ROOT)))
def test_paths_are_built_with_pathlib_not_slashes(path):
    name = path.relative_to(ROOT).as_posix()
    joins = [text for text in slash_joins(path.read_text(encoding="utf-8"))
             if not any(key[0] == name and key[1] in text for key in NOT_PATHS)]
    assert joins == [], f"{name}: build paths with pathlib (folder / name), not '/':\n" + "\n".join(joins)


def test_every_listed_exception_is_still_there():
    """A listed join that went away is struck from the list, so the list never hides a new one."""
    seen = {(path.relative_to(ROOT).as_posix(), text) for path in OWN_CODE
            for text in slash_joins(path.read_text(encoding="utf-8"))}
    stale = [key for key in NOT_PATHS if not any(key[0] == file and key[1] in text for file, text in seen)]
    assert stale == []


# ----- what Windows lacks ----------------------------------------------------------------------------------------
POSIX_ONLY = ("fcntl", "termios", "pwd", "grp", "resource", "pty", "tty", "syslog", "crypt", "_posixshmem")

AS_ON_WINDOWS = r"""
import importlib, json, pkgutil, sys
for name in %r:
    sys.modules.setdefault(name, None)  # "No module named ...", as on Windows
import swedu, swedu.cli, swedu.progress, swedu.widgets, swedu.activities, swedu.presenting, swedu.hub
started = sorted(name for name in sys.modules if name.startswith("swedu"))
failed = {}
for info in pkgutil.walk_packages(swedu.__path__, "swedu."):
    if not info.name.endswith("__main__"):
        try:
            importlib.import_module(info.name)
        except Exception as error:
            failed[info.name] = repr(error)
print(json.dumps({"started": started, "failed": failed}))
""" % (POSIX_ONLY,)


@pytest.fixture(scope="module")
def as_on_windows() -> dict:
    ran = subprocess.run([sys.executable, "-c", AS_ON_WINDOWS], cwd=ROOT, capture_output=True, text=True,
                         encoding="utf-8", timeout=300, check=False)
    assert ran.returncode == 0, ran.stderr[-3000:]
    return json.loads(ran.stdout.strip().splitlines()[-1])


def test_every_module_imports_without_the_posix_only_modules(as_on_windows):
    assert as_on_windows["failed"] == {}


def test_the_hub_service_is_not_loaded_when_the_course_starts(as_on_windows):
    assert "swedu.hub.service" not in as_on_windows["started"]
    assert "swedu.hub" in as_on_windows["started"]  # the sender is (it only speaks HTTP)


def test_only_the_hub_service_uses_signals_or_posix_modules():
    users = {}
    for path in sorted((ROOT / "swedu").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            for name in names:
                if name.split(".")[0] in POSIX_ONLY + ("signal",):
                    users.setdefault(path.relative_to(ROOT).as_posix(), set()).add(name)
    assert users == {"swedu/hub/service.py": {"signal"}}


def test_the_hub_service_runs_where_the_loop_has_no_signal_handlers():
    pytest.importorskip("jupyterhub", reason="the hub service needs jupyterhub (pip install -e '.[hub]')")
    import asyncio

    from swedu.hub.service import stop_on_signals

    class WindowsLoop:  # asyncio's ProactorEventLoop: add_signal_handler is not implemented
        def add_signal_handler(self, sig, callback):
            raise NotImplementedError

    assert stop_on_signals(WindowsLoop(), lambda: None) is False
    if sys.platform != "win32":
        loop = asyncio.new_event_loop()
        try:
            assert stop_on_signals(loop, lambda: None) is True
        finally:
            import signal

            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.remove_signal_handler(sig)
            loop.close()
