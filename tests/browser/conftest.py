"""Real-browser fixtures: one JupyterLab server per test session, Debian's chromium driven by Playwright.

No browser is ever downloaded: Playwright launches the system ``chromium``. Without it the browser tests
are skipped locally and fail in CI (when the ``CI`` environment variable is set), so a CI machine that
lost its browser cannot pass silently.

The server listens on 127.0.0.1 only, on a free port, with a random token; its settings, workspaces,
config and runtime folders are temporary, so the developer's own JupyterLab set-up neither leaks in nor
gets changed. Autosave is off, so running a lesson in the browser never rewrites the committed notebook.
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from labdriver import NotebookDriver

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent

# The fixture notebooks here are driven in the browser (one breaks on purpose): not for nbval.
collect_ignore_glob = ["notebooks/*.ipynb"]

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-first-run", "--disable-default-apps", "--disable-extensions",
]

# JupyterLab user settings written into a temporary JUPYTERLAB_SETTINGS_DIR.
LAB_SETTINGS = {
    # No news/update toast covering the page.
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    # Never write the lesson back to the repository while a test runs it.
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    # Render every cell (no virtual scrolling), so the checks and screenshots see the whole notebook.
    # (and no blank space after the last cell, so a screenshot ends where the lesson ends).
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none", "scrollPastEnd": False},
    # English menus whatever `sh run.sh lab id` wrote into the environment's overrides.json.
    "@jupyterlab/translation-extension/plugin": {"locale": "en"},
}

TRANSLATION_PLUGIN = "@jupyterlab/translation-extension/plugin"

# Server / LabApp configuration written into a temporary JUPYTER_CONFIG_DIR.
SERVER_CONFIG = {
    "LabApp": {
        "news_url": None,
        "check_for_updates_class": "jupyterlab.handlers.announcements.NeverCheckForUpdate",
        # window.jupyterapp: lets the tests read the notebook model (cell outputs, execution counts).
        "expose_app_in_browser": True,
    },
}

SERVER_START_TIMEOUT = 90  # seconds; two shared cores can make the first start slow


def find_chromium() -> str | None:
    """The system chromium (Debian package), or None. ``SWEDU_CHROMIUM=/path`` names another one."""
    if os.environ.get("SWEDU_CHROMIUM"):
        chosen = os.environ["SWEDU_CHROMIUM"]
        return chosen if os.access(chosen, os.X_OK) else None
    for candidate in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _jupyter_command() -> list[str]:
    venv_jupyter = Path(sys.executable).with_name("jupyter")
    if venv_jupyter.exists():
        return [str(venv_jupyter), "lab"]
    return [sys.executable, "-m", "jupyterlab"]


@dataclass
class LabServer:
    """A running JupyterLab: base URL, token and a tiny REST client."""

    url: str
    token: str
    root: Path
    log_path: Path
    process: subprocess.Popen = field(repr=False)

    def api(self, method: str, path: str, body: dict | None = None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"{self.url}{path}", data=data, method=method,
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            raw = response.read()
        return json.loads(raw) if raw else None

    def sessions(self) -> list[dict]:
        return self.api("GET", "/api/sessions")

    def kernels(self) -> list[dict]:
        return self.api("GET", "/api/kernels")

    def shutdown_all_kernels(self) -> None:
        """Delete every session (which shuts its kernel down), then any kernel left over."""
        for session in self.sessions():
            try:
                self.api("DELETE", f"/api/sessions/{session['id']}")
            except urllib.error.HTTPError as error:  # already gone
                if error.code != 404:
                    raise
        for kernel in self.kernels():
            try:
                self.api("DELETE", f"/api/kernels/{kernel['id']}")
            except urllib.error.HTTPError as error:
                if error.code != 404:
                    raise

    def lab_url(self, relative_path: str) -> str:
        quoted = urllib.parse.quote(relative_path)
        return f"{self.url}/lab/tree/{quoted}?reset&token={self.token}"

    def log_tail(self, chars: int = 4000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return ""


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Path of the system chromium; skip (locally) or fail (CI) when it is missing."""
    path = find_chromium()
    if path is None:
        reason = ("the browser tests need Debian's chromium (/usr/bin/chromium or `chromium` on PATH): "
                  "install it with `apt-get install chromium`")
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but {reason}", pytrace=False)
        pytest.skip(reason)
    return path


def _write_settings(base: Path, lab_language: str | None = None) -> dict[str, str]:
    settings = base / "lab-settings"
    for plugin, values in LAB_SETTINGS.items():
        if lab_language and plugin == TRANSLATION_PLUGIN:
            continue  # the language comes from the environment's overrides.json, as with run.py lab id
        package, _, name = plugin.rpartition("/")
        target = settings / package / f"{name}.jupyterlab-settings"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values, indent=2))
    config = base / "config"
    config.mkdir()
    # Checkpoints (JupyterLab makes one when it opens a file) go to the temp folder, not into the repository.
    server_config = dict(SERVER_CONFIG, FileCheckpoints={"checkpoint_dir": str(base / "checkpoints")})
    (config / "jupyter_server_config.json").write_text(json.dumps(server_config, indent=2))
    folders = {
        "JUPYTERLAB_SETTINGS_DIR": settings,
        "JUPYTERLAB_WORKSPACES_DIR": base / "workspaces",
        "JUPYTER_CONFIG_DIR": config,
        "JUPYTER_RUNTIME_DIR": base / "runtime",
        "IPYTHONDIR": base / "ipython",
    }
    for folder in folders.values():
        folder.mkdir(parents=True, exist_ok=True)
    return {name: str(folder) for name, folder in folders.items()}


def _wait_until_answering(server: LabServer, deadline: float) -> None:
    while True:
        if server.process.poll() is not None:
            raise RuntimeError(f"JupyterLab exited with code {server.process.returncode}:\n{server.log_tail()}")
        try:
            server.api("GET", "/api/status")
            urllib.request.urlopen(f"{server.url}/lab?token={server.token}", timeout=10).read()
            return
        except (OSError, urllib.error.URLError):
            if time.monotonic() > deadline:
                raise RuntimeError(f"JupyterLab did not answer within {SERVER_START_TIMEOUT} s:\n{server.log_tail()}")
            time.sleep(0.25)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=15)


def start_lab_server(base: Path, lab_language: str | None = None) -> LabServer:
    """JupyterLab on 127.0.0.1:<free port> with a random token, serving the repository, once it answers;
    its settings, log and the kernels' progress store under ``base``. Stop it with ``_stop(server.process)``.
    (Also the set-up of ``benchmarks/bench_browser_map.py``.)

    ``lab_language`` (``en`` or ``id``): JupyterLab's own language, set as ``run.py lab id`` sets it (the locale
    in the environment's ``share/jupyter/lab/settings/overrides.json``, written by
    :func:`swedu.cli.lab_language.set_lab_language`), here in a copy of that folder under ``base`` so that the
    course environment is left alone. Without it JupyterLab is English whatever the environment says."""
    token = secrets.token_hex(24)
    port = _free_port()
    env = dict(os.environ)
    env.update(_write_settings(base, lab_language))
    env.update(PYTHONHASHSEED="0", MPLBACKEND="Agg", JUPYTER_PLATFORM_DIRS="1",
               SWEDU_DATA_DIR=str(base / "swedu-data"))  # the kernels' progress store: never the user's
    command = _jupyter_command() + [
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={REPO}",
        "--ServerApp.open_browser=False",
        "--LabApp.expose_app_in_browser=True",
    ]
    if lab_language:
        from swedu.cli.lab_language import set_lab_language

        overrides = set_lab_language(lab_language, str(base / "environment"))
        command.append(f"--LabApp.app_settings_dir={overrides.parent}")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    log_path = base / "jupyterlab.log"
    with open(log_path, "wb") as log:  # the server keeps its own handle
        process = subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL)
    server = LabServer(url=f"http://127.0.0.1:{port}", token=token, root=REPO, log_path=log_path,
                       process=process)
    try:
        _wait_until_answering(server, time.monotonic() + SERVER_START_TIMEOUT)
    except BaseException:
        _stop(process)
        raise
    return server


@pytest.fixture(scope="session")
def lab_server(chromium_path, tmp_path_factory) -> LabServer:
    """JupyterLab on 127.0.0.1:<free port> with a random token, serving the repository; stopped at the end."""
    server = start_lab_server(tmp_path_factory.mktemp("jupyterlab"))
    try:
        yield server
    finally:
        try:
            if server.process.poll() is None:
                server.shutdown_all_kernels()
        except OSError:  # the server is going away anyway (urllib errors are OSErrors)
            pass
        _stop(server.process)


@pytest.fixture(scope="session")
def browser(chromium_path, lab_server, playwright_driver):
    chromium = playwright_driver.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS,
                                                 headless=True)
    try:
        yield chromium
    finally:
        chromium.close()


@pytest.fixture(scope="session")
def offline_browser(chromium_path, playwright_driver):
    """A chromium of its own, without JupyterLab: for the offline decks and the live presentation."""
    chromium = playwright_driver.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS,
                                                 headless=True)
    try:
        yield chromium
    finally:
        chromium.close()


@pytest.fixture(scope="session")
def deck_folder(chromium_path, offline_decks) -> Path:
    """Every lesson's offline deck in both languages, built once per test run by the slides command's code
    (tests/conftest.py; tests/test_present_slides.py reads the same); the assets need npm once (skipped locally
    without it, a failure in CI)."""
    return offline_decks[0]


@pytest.fixture
def page(browser, lab_server):
    """A fresh browser page (tall viewport for whole-notebook screenshots); page errors are collected."""
    lab_server.shutdown_all_kernels()
    context = browser.new_context(viewport={"width": 1280, "height": 2000}, locale="en-US")
    context.set_default_timeout(30_000)
    new_page = context.new_page()
    new_page.page_errors = []  # uncaught JavaScript exceptions
    new_page.on("pageerror", lambda error: new_page.page_errors.append(str(error)))
    new_page.console_errors = []  # console.error messages (the widget manager reports failures there)
    new_page.on("console", lambda message: new_page.console_errors.append(message.text)
                if message.type == "error" else None)
    try:
        yield new_page
    finally:
        context.close()
        lab_server.shutdown_all_kernels()


@pytest.fixture
def notebook(page, lab_server):
    """``notebook(path)`` opens a repository-relative notebook; its kernel is shut down after the test."""
    opened: list[NotebookDriver] = []

    def open_notebook(relative_path: str) -> NotebookDriver:
        driver = NotebookDriver(page, lab_server, str(relative_path)).open()
        opened.append(driver)
        return driver

    yield open_notebook
    for driver in opened:
        driver.close()
    # Nothing may be left running for the next test.
    deadline = time.monotonic() + 10
    while lab_server.kernels() and time.monotonic() < deadline:
        lab_server.shutdown_all_kernels()
        time.sleep(0.2)
    assert not lab_server.kernels(), "a kernel was left running after the test"


@pytest.hookimpl(tryfirst=True)  # before -m selects
def pytest_collection_modifyitems(config, items):
    """Mark everything in this folder ``browser`` (deselect with ``-m 'not browser'``)."""
    for item in items:
        if HERE in Path(str(item.fspath)).parents or Path(str(item.fspath)).parent == HERE:
            item.add_marker(pytest.mark.browser)
