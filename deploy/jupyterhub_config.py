# swedu on one server (The Littlest JupyterHub style): the swedu hub service, its roles and scopes.
#
# In TLJH copy this file to /opt/tljh/config/jupyterhub_config.d/swedu.py, install the course into
# the hub's and the users' environments (sudo /opt/tljh/hub/bin/pip install "swedu[hub]" and
# sudo -E pip install "swedu[hub]" for the users), then: sudo tljh-config reload hub
# deploy/z2jh-values.yaml declares the same for Zero to JupyterHub (tests/hub/test_deploy.py
# proves the two agree). docs/hub.md explains every line.
import sys

c = get_config()  # noqa: F821 - provided by JupyterHub when it loads this file

SWEDU_PORT = 10101  # the service listens here, on this machine only
SWEDU_DB = "/srv/swedu/swedu-hub.sqlite3"  # the class's records (back this file up)

# The service: started and stopped by the hub, authenticated with the hub's OAuth.
c.JupyterHub.services = [
    {
        "name": "swedu",
        "url": f"http://127.0.0.1:{SWEDU_PORT}",
        "command": [sys.executable, "-m", "swedu.hub", "--db", SWEDU_DB],
        "oauth_no_confirm": True,
        "environment": {"SWEDU_LECTURERS_GROUP": "lecturers", "SWEDU_HUB_REFRESH": "10"},
    },
]

# Lecturers are the members of this hub group (add them in the hub's admin page, or here).
c.JupyterHub.load_groups = {"lecturers": {"users": []}}

# Every user may reach the service; without this the servers' tokens lose the scope and the service
# answers 403 (the hub drops a scope a user's role does not hold).
c.JupyterHub.load_roles = [
    {"name": "user", "scopes": ["self", "access:services!service=swedu"]},
]
c.Spawner.server_token_scopes = [
    "users:activity!user",
    "access:servers!server",
    "access:services!service=swedu",
]

# The students' kernels send their checks here (the service itself, not the user's own server).
c.Spawner.environment = {"SWEDU_HUB_SERVICE_URL": f"http://127.0.0.1:{SWEDU_PORT}/services/swedu/"}
