"""deploy/ as a hub admin meets it, loaded the way the real systems load it (needs neither a hub nor npm).

- TLJH: its own jupyterhub_config.py builds the configuration (the idle culler ``cull-idle`` among the
  services) and then loads every ``jupyterhub_config.d/*.py`` with ``load_subconfig`` (a fresh ``c``
  merged into its own: see tljh/jupyterhub_config.py and tljh/configurer.py in
  jupyterhub/the-littlest-jupyterhub). The drop-in must add to what is there, never replace it.
- Zero to JupyterHub: deploy/z2jh-values.yaml, merged over the chart's defaults as helm merges values,
  validates against the chart's own values.schema.yaml (tests/data/z2jh-4.4.0, vendored with its license).
"""
from __future__ import annotations

import copy
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import jupyterhub
import pytest
import yaml
from jupyterhub.app import JupyterHub
from jupyterhub.spawner import LocalProcessSpawner
from traitlets.config.loader import PyFileConfigLoader

ROOT = Path(__file__).resolve().parents[2]
DROP_IN = ROOT / "deploy" / "jupyterhub_config.py"
CHART = ROOT / "tests" / "data" / "z2jh-4.4.0"
SCOPE = "access:services!service=swedu"
LECTURER_SCOPE = "custom:swedu:lecturer"

TLJH_SHAPED = """
# what TLJH's jupyterhub_config.py and tljh.configurer build before the drop-ins
c = get_config()
c.JupyterHub.cleanup_servers = False
c.JupyterHub.hub_port = 15001
c.JupyterHub.services = []
c.JupyterHub.services.append({{"name": "cull-idle", "admin": True,
                              "command": ["python3", "-m", "jupyterhub_idle_culler", "--timeout=600"]}})
# an admin's earlier drop-in (sorted before swedu.py): another service, environment entry and role
c.JupyterHub.services.append({{"name": "announcement", "url": "http://127.0.0.1:8888",
                              "command": ["python3", "-m", "announcement"]}})
c.Spawner.environment = {{"TZ": "Asia/Jakarta"}}
c.JupyterHub.load_roles = [{{"name": "teaching-assistants", "scopes": ["admin-ui", "list:users"],
                            "groups": ["assistants"]}}]
{extra}
# TLJH: load arbitrary .py config files if they exist
for ec in sorted([{drop_in!r}]):
    load_subconfig(ec)
"""


def load(tmp_path, extra: str = "", drop_in: Path = DROP_IN):
    """``(JupyterHub, Spawner)`` configured by a TLJH-shaped config and then the drop-in, as the hub
    would see them (traitlets resolves the appends and updates against what was there)."""
    (tmp_path / "jupyterhub_config.py").write_text(TLJH_SHAPED.format(extra=extra, drop_in=str(drop_in)))
    config = PyFileConfigLoader("jupyterhub_config.py", str(tmp_path)).load_config()
    return JupyterHub(config=config), LocalProcessSpawner(config=config)


def test_the_drop_in_adds_to_tljh_and_replaces_nothing(tmp_path):
    hub, spawner = load(tmp_path)
    services = {s["name"]: s for s in hub.services}
    assert list(services) == ["cull-idle", "announcement", "swedu"]  # the idle culler survives
    assert services["cull-idle"]["admin"] is True
    assert spawner.environment["TZ"] == "Asia/Jakarta"
    assert spawner.environment["SWEDU_HUB_SERVICE_URL"] == "http://127.0.0.1:10101/services/swedu/"
    roles = {r["name"]: r for r in hub.load_roles}
    assert roles["teaching-assistants"]["groups"] == ["assistants"]
    assert roles["swedu-lecturer"]["groups"] == ["lecturers"]
    assert LECTURER_SCOPE in roles["swedu-lecturer"]["scopes"] and LECTURER_SCOPE in hub.custom_scopes
    assert hub.cleanup_servers is False and hub.hub_port == 15001
    # the service's own user, its database and every user's access to it
    assert services["swedu"]["user"] == "swedu" and "/srv/swedu/swedu-hub.sqlite3" in services["swedu"]["command"]
    if jupyterhub.version_info >= (6,):
        assert SCOPE in hub.extra_user_scopes and "user" not in roles
    else:
        assert roles["user"]["scopes"] == ["self", SCOPE]
    # the servers' tokens reach the service but never carry the lecturer scope
    assert SCOPE in spawner.server_token_scopes and LECTURER_SCOPE not in spawner.server_token_scopes
    assert {"users:activity!user", "access:servers!server"} <= set(spawner.server_token_scopes)


def test_an_earlier_server_token_choice_is_extended_not_replaced(tmp_path):
    hub, spawner = load(tmp_path, extra='c.Spawner.server_token_scopes = ["users:activity!user", '
                                         '"access:servers!server", "read:users:name!user"]')
    assert "read:users:name!user" in spawner.server_token_scopes and SCOPE in spawner.server_token_scopes


def test_on_jupyterhub_5_every_user_gets_the_scope_through_the_user_role(tmp_path, monkeypatch):
    monkeypatch.setattr(jupyterhub, "version_info", (5, 3, 0, ""))  # TLJH pins jupyterhub<6
    hub, _ = load(tmp_path)
    roles = {r["name"]: r for r in hub.load_roles}
    assert roles["user"]["scopes"] == ["self", SCOPE] and not getattr(hub, "extra_user_scopes", set())
    assert set(roles) == {"teaching-assistants", "user", "swedu-lecturer"}


def test_lecturers_group_from_config_or_from_the_authenticator(tmp_path):
    # as shipped: no load_groups at all, so an authenticator with manage_groups=True starts
    # (JupyterHub refuses load_groups then); the role names the group, the identity provider fills it
    hub, _ = load(tmp_path, extra="c.Authenticator.manage_groups = True")
    assert hub.load_groups == {}
    # managed by the hub's config: the admin lists the lecturers in the drop-in
    edited = tmp_path / "swedu.py"
    edited.write_text(DROP_IN.read_text().replace("SWEDU_LECTURERS: list[str] = []",
                                                  'SWEDU_LECTURERS: list[str] = ["dosen1"]'))
    hub, _ = load(tmp_path, drop_in=edited)
    assert hub.load_groups == {"lecturers": {"users": ["dosen1"]}}


# -- Zero to JupyterHub ------------------------------------------------------------------------------

def values() -> dict:
    return yaml.safe_load((ROOT / "deploy" / "z2jh-values.yaml").read_text())


def helm_merge(defaults: dict, given: dict) -> dict:
    """Values as helm merges them: maps merge key by key, anything else (lists too) is replaced."""
    out = copy.deepcopy(defaults)
    for key, value in given.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = helm_merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def chart_validator():
    schema = yaml.safe_load((CHART / "values.schema.yaml").read_text())
    return jsonschema.Draft7Validator(schema)


def test_the_values_validate_against_the_charts_own_schema():
    merged = helm_merge(yaml.safe_load((CHART / "values.yaml").read_text()), values())
    errors = sorted(chart_validator().iter_errors(merged), key=lambda e: list(e.path))
    assert errors == [], "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


def test_the_schema_check_catches_a_misspelt_key():
    broken = values()
    broken["hub"]["servces"] = broken["hub"].pop("services")
    merged = helm_merge(yaml.safe_load((CHART / "values.yaml").read_text()), broken)
    assert any("servces" in e.message for e in chart_validator().iter_errors(merged))


def test_in_a_pod_the_service_listens_on_every_interface_and_the_network_lets_it_through():
    v = values()
    service = v["hub"]["services"]["swedu"]
    port = urlsplit(service["url"]).port
    assert urlsplit(service["url"]).hostname == "hub"  # the hub's Kubernetes Service: the proxy's route target
    assert service["command"][service["command"].index("--listen") + 1] == "0.0.0.0"
    assert {p["port"]: p["targetPort"] for p in v["hub"]["service"]["extraPorts"]} == {port: port}
    hub_pod = {"app": "jupyterhub", "component": "hub"}  # the chart's legacy matchLabels of the hub pod
    for rules in (v["singleuser"]["networkPolicy"]["egress"], v["proxy"]["chp"]["networkPolicy"]["egress"]):
        assert any(to["podSelector"]["matchLabels"] == hub_pod and {"port": port} in rule["ports"]
                   for rule in rules for to in rule["to"])
    ingress = v["hub"]["networkPolicy"]["ingress"]
    assert any({"port": port} in rule["ports"] for rule in ingress)
    assert urlsplit(v["singleuser"]["extraEnv"]["SWEDU_HUB_SERVICE_URL"]).port == port


def test_tljh_and_z2jh_declare_the_same_service_roles_and_scopes(tmp_path, monkeypatch):
    monkeypatch.setattr(jupyterhub, "version_info", (5, 5, 0, ""))  # the chart 4.4.0 runs JupyterHub 5.5.0
    hub, spawner = load(tmp_path)
    tljh = next(s for s in hub.services if s["name"] == "swedu")
    v = values()
    z2jh = v["hub"]["services"]["swedu"]
    assert urlsplit(tljh["url"]).port == urlsplit(z2jh["url"]).port
    assert tljh["command"][1:4] == z2jh["command"][1:4] == ["-m", "swedu.hub", "--db"]
    for key in ("oauth_no_confirm", "oauth_client_allowed_scopes", "environment"):
        assert tljh[key] == z2jh[key], key
    roles = {r["name"]: r for r in hub.load_roles if r["name"] != "teaching-assistants"}
    assert set(roles) == set(v["hub"]["loadRoles"])
    for name, role in v["hub"]["loadRoles"].items():
        assert sorted(role["scopes"]) == sorted(roles[name]["scopes"]) and role.get("groups") == roles[name].get("groups")
    assert hub.custom_scopes == v["hub"]["config"]["JupyterHub"]["custom_scopes"]
    assert spawner.server_token_scopes == v["hub"]["config"]["Spawner"]["server_token_scopes"]
    assert urlsplit(spawner.environment["SWEDU_HUB_SERVICE_URL"]).path == \
        urlsplit(v["singleuser"]["extraEnv"]["SWEDU_HUB_SERVICE_URL"]).path == "/services/swedu/"


@pytest.mark.parametrize("name", ["hub.Dockerfile", "user.Dockerfile"])
def test_the_image_recipes_install_the_wheel_built_from_the_repository(name):
    text = (ROOT / "deploy" / "docker" / name).read_text()
    assert "dist/swedu-" in text and "pip install" in text
    assert "swedu[hub]" not in text  # never a package name from the index that nobody here owns
    if name == "hub.Dockerfile":
        assert "quay.io/jupyterhub/k8s-hub:4.4.0" in text and "--no-deps" in text
        # the k8s-hub image runs as a non-root user: install as root, then back to that user
        lines = [line.split()[1] for line in text.splitlines() if line.startswith("USER ")]
        assert lines == ["root", "${NB_USER}"]
