"""A real JupyterHub for the hub tests (the fixture itself is in conftest.py): JupyterHub from PyPI, configurable-http-proxy from npm.

One hub per test session on 127.0.0.1 (free ports), configured by deploy/jupyterhub_config.py loaded
as TLJH loads a drop-in (load_subconfig), with only the machine-specific parts replaced: the shared-password authenticator, the simple local-process
spawner (homes in a temporary folder), and a token-only "test-admin" service that drives the hub's
REST API. The swedu service runs as the hub's managed service, exactly as deployed.

configurable-http-proxy is looked up in .ci/node (``npm install --prefix .ci/node
configurable-http-proxy@5``, which .ci/run does), then ``SWEDU_CHP``, then PATH. Without it (or
without jupyterhub) the tests are skipped locally and fail in CI (``CI`` set).
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
import textwrap
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DEPLOY_CONFIG = REPO / "deploy" / "jupyterhub_config.py"
PASSWORD = "swedu-class-2026"
STUDENTS = ("siti", "budi")
LECTURER = "lecturer"
START_TIMEOUT = 60


def find_chp() -> str | None:
    for candidate in (REPO / ".ci" / "node" / "node_modules" / ".bin" / "configurable-http-proxy",
                      os.environ.get("SWEDU_CHP"), shutil.which("configurable-http-proxy")):
        if candidate and os.access(str(candidate), os.X_OK):
            return str(candidate)
    return None


def missing(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but {reason}", pytrace=False)
    pytest.skip(reason)


def free_ports(count: int) -> list[int]:
    """``count`` different free ports (all held open while choosing, so none is handed out twice)."""
    sockets = [socket.socket() for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def new_hub(base: Path) -> Hub:
    """A hub configured in ``base`` (not started yet): public, hub, proxy-API and service ports all differ."""
    chp = find_chp()
    public, hub_port, proxy_api, service = free_ports(4)
    hub = Hub(url=f"http://127.0.0.1:{public}", base=base, config=base / "jupyterhub_config.py",
              admin_token=secrets.token_hex(24), service_port=service, db=base / "class.sqlite3",
              log_path=base / "jupyterhub.log")
    write_config(hub, chp, hub_port, proxy_api)
    return hub


def request(url: str, method: str = "GET", body=None, token: str | None = None, raw: bytes | None = None,
            headers: dict | None = None, timeout: float = 20):
    """``(status, parsed JSON or text, headers)``; never raises for an HTTP error status."""
    data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
    all_headers = {"Content-Type": "application/json", **(headers or {})}
    if token:
        all_headers["Authorization"] = f"token {token}"
    req = urllib.request.Request(url, data=data, method=method, headers=all_headers)
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())
    try:
        with opener.open(req, timeout=timeout) as response:
            status, text, head = response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        status, text, head = error.code, error.read(), error.headers
    try:
        parsed = json.loads(text) if text else None
    except ValueError:
        parsed = text.decode("utf-8", "replace")
    return status, parsed, head


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Hub:
    """The running hub: its address, the admin token, and helpers for students and the service."""

    url: str
    base: Path
    config: Path
    admin_token: str
    service_port: int
    db: Path
    log_path: Path
    process: subprocess.Popen | None = None
    tokens: dict = field(default_factory=dict)

    @property
    def service_url(self) -> str:
        """The address the kernels use (SWEDU_HUB_SERVICE_URL): the service itself."""
        return f"http://127.0.0.1:{self.service_port}/services/swedu/"

    @property
    def public_service_url(self) -> str:
        return f"{self.url}/services/swedu/"

    def api(self, method: str, path: str, body=None, timeout: float = 20):
        return request(f"{self.url}/hub/api{path}", method, body, token=self.admin_token, timeout=timeout)

    def token_for(self, user: str, scopes=None) -> str:
        """A fresh API token of ``user`` (what a student's server gets, with the service's scope)."""
        if scopes is None:  # what the user's server gets (never the lecturer scope), or a lecturer's own token
            scopes = ("access:services!service=swedu",) + (("custom:swedu:lecturer",) if user == LECTURER else ())
        key = (user, tuple(scopes))
        if key not in self.tokens:
            status, model, _ = self.api("POST", f"/users/{user}/tokens",
                                        {"scopes": list(scopes), "note": "swedu test", "expires_in": 3600})
            assert status in (200, 201), model
            self.tokens[key] = model["token"]
        return self.tokens[key]

    def service_pid(self) -> int:
        status, model, _ = self.api("GET", "/services/swedu")
        assert status == 200, model
        return model["pid"]

    def wait_for_service(self, timeout: float = 60) -> None:
        token = self.token_for(STUDENTS[0])
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                status, _, _ = request(self.service_url + "api/records", token=token, timeout=3)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"the swedu service did not answer within {timeout} s:\n{self.log_tail()}")

    def log_tail(self, chars: int = 5000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    # -- start and stop --------------------------------------------------------------------
    def start(self) -> None:
        log = open(self.log_path, "ab")  # noqa: SIM115 - the hub's log for failures
        env = dict(os.environ, PYTHONHASHSEED="0", MPLBACKEND="Agg")
        env.pop("SWEDU_DATA_DIR", None)  # each student's server keeps progress in their own home
        self.process = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(self.config)],
                                        cwd=self.base, env=env, stdout=log, stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the hub exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                if request(f"{self.url}/hub/api/", timeout=3)[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.3)
        else:
            raise RuntimeError(f"the hub did not answer within {START_TIMEOUT} s:\n{self.log_tail()}")
        self.wait_for_service()

    def stop(self) -> None:
        """SIGTERM to the hub's own PID: it stops the proxy and the service (and, here, the servers)."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


def lab_environment(base: Path) -> dict:
    """JupyterLab settings for the students' servers: no news toast, no autosave, every cell rendered,
    and window.jupyterapp for the browser test (as tests/browser does for its own server)."""
    settings = {
        "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
        "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
        "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    }
    for plugin, values in settings.items():
        package, _, name = plugin.rpartition("/")
        target = base / "lab-settings" / package / f"{name}.jupyterlab-settings"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values))
    config = base / "jupyter-config"
    config.mkdir(exist_ok=True)
    (config / "jupyter_server_config.json").write_text(json.dumps({"LabApp": {
        "news_url": None, "expose_app_in_browser": True,
        "check_for_updates_class": "jupyterlab.handlers.announcements.NeverCheckForUpdate"}}))
    return {"JUPYTERLAB_SETTINGS_DIR": str(base / "lab-settings"), "JUPYTER_CONFIG_DIR": str(config)}


def write_config(hub: Hub, chp: str, hub_port: int, proxy_api_port: int) -> None:
    singleuser = Path(sys.executable).with_name("jupyterhub-singleuser")
    hub.config.write_text(textwrap.dedent(f"""
        # Shaped like TLJH's own jupyterhub_config.py: its configuration first (services = [...] with
        # the idle culler there), then the drop-ins of jupyterhub_config.d loaded with load_subconfig,
        # as TLJH loads them; then only this machine's parts.
        import sys
        c.JupyterHub.services = []
        load_subconfig({str(DEPLOY_CONFIG)!r})
        c.JupyterHub.bind_url = {hub.url!r}
        c.JupyterHub.hub_ip = "127.0.0.1"
        c.JupyterHub.hub_port = {hub_port}
        c.ConfigurableHTTPProxy.command = [{chp!r}]
        c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api_port}"
        c.ConfigurableHTTPProxy.pid_file = {str(hub.base / "proxy.pid")!r}
        c.JupyterHub.db_url = "sqlite:///{hub.base / 'jupyterhub.sqlite'}"
        c.JupyterHub.cookie_secret_file = {str(hub.base / "cookie_secret")!r}
        c.JupyterHub.authenticator_class = "shared-password"
        c.SharedPasswordAuthenticator.user_password = {PASSWORD!r}
        c.Authenticator.allow_all = True
        c.JupyterHub.spawner_class = "simple"
        c.SimpleLocalProcessSpawner.home_dir_template = {str(hub.base / "homes" / "{username}")!r}
        c.Spawner.cmd = [{str(singleuser)!r}]
        c.Spawner.args = ["--allow-root"]
        c.Spawner.default_url = "/lab"
        c.JupyterHub.cleanup_servers = False  # the servers outlive a hub restart, as in TLJH
        service = next(s for s in c.JupyterHub.services if s["name"] == "swedu")
        service.pop("user", None)  # the tests run the service as the hub's own user
        service["url"] = "http://127.0.0.1:{hub.service_port}"
        service["command"] = [sys.executable, "-m", "swedu.hub", "--db", {str(hub.db)!r},
                              "--auth-cache", "2", "--refresh", "2", "--rate", "5", "--burst", "10"]
        c.Spawner.environment.update({{"SWEDU_HUB_SERVICE_URL": {hub.service_url!r}, "MPLBACKEND": "Agg",
                                       "PYTHONHASHSEED": "0", **{lab_environment(hub.base)!r}}})
        c.JupyterHub.services.append({{"name": "test-admin", "api_token": {hub.admin_token!r}}})
        c.JupyterHub.load_roles.append({{"name": "test-admin", "services": ["test-admin"], "scopes": [
            "admin:users", "admin:servers", "admin:groups", "tokens", "read:services", "read:roles"]}})
        c.JupyterHub.load_groups = {{"lecturers": {{"users": [{LECTURER!r}]}},
                                     "class-a": {{"users": [{STUDENTS[0]!r}]}},
                                     "class-b": {{"users": [{STUDENTS[1]!r}]}}}}
        """))
