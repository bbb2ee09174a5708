"""deploy/jupyterhub_config.py (one server) and deploy/z2jh-values.yaml (Kubernetes) declare the same
swedu service, roles, scopes, groups and environment. Needs neither a hub nor npm."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parents[2]


class _Section(dict):
    def __getattr__(self, name):
        return self.setdefault(name, _Section())

    def __setattr__(self, name, value):
        self[name] = value


def one_server() -> _Section:
    c = _Section()
    code = (ROOT / "deploy" / "jupyterhub_config.py").read_text()
    exec(compile(code, "jupyterhub_config.py", "exec"), {"get_config": lambda: c})  # noqa: S102 - our own file
    return c


def kubernetes() -> dict:
    return yaml.safe_load((ROOT / "deploy" / "z2jh-values.yaml").read_text())


def test_the_same_service():
    services = {s["name"]: s for s in one_server().JupyterHub.services}
    assert set(services) == set(kubernetes()["hub"]["services"]) == {"swedu"}
    tljh, z2jh = services["swedu"], kubernetes()["hub"]["services"]["swedu"]
    assert urlsplit(tljh["url"]).port == urlsplit(z2jh["url"]).port
    assert tljh["command"][1:4] == z2jh["command"][1:4] == ["-m", "swedu.hub", "--db"]
    assert tljh["oauth_no_confirm"] is z2jh["oauth_no_confirm"] is True
    assert tljh["environment"] == z2jh["environment"]


def test_the_same_roles_scopes_and_groups():
    c, values = one_server(), kubernetes()
    roles = {r["name"]: sorted(r["scopes"]) for r in c.JupyterHub.load_roles}
    assert roles == {name: sorted(r["scopes"]) for name, r in values["hub"]["loadRoles"].items()}
    assert "access:services!service=swedu" in roles["user"]
    assert c.Spawner.server_token_scopes == values["hub"]["config"]["Spawner"]["server_token_scopes"]
    assert c.JupyterHub.load_groups == values["hub"]["config"]["JupyterHub"]["load_groups"]
    lecturers = c.JupyterHub.services[0]["environment"]["SWEDU_LECTURERS_GROUP"]
    assert lecturers in c.JupyterHub.load_groups


def test_the_kernels_reach_the_service_the_same_way():
    c, values = one_server(), kubernetes()
    tljh = urlsplit(c.Spawner.environment["SWEDU_HUB_SERVICE_URL"])
    z2jh = urlsplit(values["singleuser"]["extraEnv"]["SWEDU_HUB_SERVICE_URL"])
    service_port = urlsplit(c.JupyterHub.services[0]["url"]).port
    assert tljh.path == z2jh.path == "/services/swedu/"
    assert tljh.port == z2jh.port == service_port
    assert {p["port"] for p in values["hub"]["service"]["extraPorts"]} == {service_port}
