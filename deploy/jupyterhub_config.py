# swedu on one server (The Littlest JupyterHub): the swedu hub service, its roles and scopes.
#
# A drop-in: it ADDS to the hub's configuration and never replaces what is there. TLJH builds its own
# configuration (the idle culler "cull-idle", the authenticator, limits) and then loads every
# /opt/tljh/config/jupyterhub_config.d/*.py with a fresh `c` that it merges into its own (traitlets'
# load_subconfig). So this file only appends (services, roles), updates (environment) and extends
# (scopes): the hub's other services, environment entries and roles survive
# (tests/hub/test_deploy.py loads it after a TLJH-shaped configuration and checks that).
#
# Copy it to /opt/tljh/config/jupyterhub_config.d/swedu.py, then: sudo tljh-config reload hub
# docs/hub.md explains every step (installing swedu, the service's own user, the lecturers group).
# deploy/z2jh-values.yaml declares the same for Zero to JupyterHub.
import sys

import jupyterhub

c = get_config()  # noqa: F821 - provided by JupyterHub when it loads this file

# -- what an admin may change --------------------------------------------------------------------
SWEDU_PORT = 10101  # the service listens here, on this machine only (127.0.0.1)
SWEDU_DB = "/srv/swedu/swedu-hub.sqlite3"  # the class's records (swedu hub-service backup copies it)
SWEDU_RUN_AS = "swedu"  # the service's own Unix user (docs/hub.md creates it); "" = the hub's user
SWEDU_LECTURERS_GROUP = "lecturers"  # its members get the lecturer role below
# Lecturers listed here join the group when the hub starts. Leave it empty when the authenticator
# manages groups (manage_groups = True, e.g. groups from the university's single sign-on): JupyterHub
# then refuses load_groups, and the identity provider's group named SWEDU_LECTURERS_GROUP is used.
SWEDU_LECTURERS: list[str] = []

SCOPE = "access:services!service=swedu"
LECTURER_SCOPE = "custom:swedu:lecturer"

# -- the service: started and stopped by the hub, authenticated with the hub's OAuth ---------------
service = {
    "name": "swedu",
    "url": f"http://127.0.0.1:{SWEDU_PORT}",
    "command": [sys.executable, "-m", "swedu.hub", "--db", SWEDU_DB],
    "oauth_no_confirm": True,
    # the class view and the export need the lecturer scope in the browser's OAuth token too
    "oauth_client_allowed_scopes": [LECTURER_SCOPE],
    "environment": {"SWEDU_LECTURERS_GROUP": SWEDU_LECTURERS_GROUP, "SWEDU_HUB_REFRESH": "10"},
}
if SWEDU_RUN_AS:
    service["user"] = SWEDU_RUN_AS
c.JupyterHub.services.append(service)

# -- who may do what ---------------------------------------------------------------------------------
# Every user may reach the service; without this the servers' tokens lose the scope and the service
# answers 403 (the hub drops a scope a user's roles do not hold).
if jupyterhub.version_info >= (6,):
    c.JupyterHub.extra_user_scopes.add(SCOPE)  # adds to the default user role
else:  # JupyterHub 5 (TLJH pins jupyterhub<6): the user role with one more scope
    c.JupyterHub.load_roles.append({"name": "user", "scopes": ["self", SCOPE]})
# The lecturers' own scope: the class view, the projector and the export. Only the lecturer role holds
# it; the servers' tokens never carry it (server_token_scopes below), so code running in a lecturer's
# notebook cannot download the class's records.
c.JupyterHub.custom_scopes.update({LECTURER_SCOPE: {
    "description": "See the swedu class view, the projector view and download the class's records."}})
c.JupyterHub.load_roles.append({"name": "swedu-lecturer", "description": "swedu lecturers",
                                "scopes": [LECTURER_SCOPE, SCOPE], "groups": [SWEDU_LECTURERS_GROUP]})
if SWEDU_LECTURERS:
    c.JupyterHub.load_groups.update({SWEDU_LECTURERS_GROUP: {"users": SWEDU_LECTURERS}})
c.Spawner.server_token_scopes.extend(["users:activity!user", "access:servers!server", SCOPE])

# -- the students' kernels send their checks to the service itself (not to the user's own server) ----
c.Spawner.environment.update({"SWEDU_HUB_SERVICE_URL": f"http://127.0.0.1:{SWEDU_PORT}/services/swedu/"})
