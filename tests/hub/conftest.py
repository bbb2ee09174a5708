"""The session's real JupyterHub (see hubfixture.py); every test here is marked ``hub``."""
from __future__ import annotations

import secrets
from pathlib import Path

import pytest
from hubfixture import LECTURER, STUDENTS, Hub, find_chp, free_port, missing, write_config

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="session")
def hub(tmp_path_factory) -> Hub:
    """The session's hub (started once; tests that restart it leave it running again)."""
    try:
        import jupyterhub  # noqa: F401
    except ImportError:
        missing("the hub tests need jupyterhub: pip install -e '.[hub,test]'")
    chp = find_chp()
    if chp is None:
        missing("the hub tests need configurable-http-proxy: npm install --prefix .ci/node "
                 "configurable-http-proxy@5 (what .ci/run does)")
    base = tmp_path_factory.mktemp("hub")
    hub = Hub(url=f"http://127.0.0.1:{free_port()}", base=base, config=base / "jupyterhub_config.py",
              admin_token=secrets.token_hex(24), service_port=free_port(), db=base / "class.sqlite3",
              log_path=base / "jupyterhub.log")
    write_config(hub, chp, free_port(), free_port())
    hub.start()
    try:
        yield hub
    finally:
        for user in STUDENTS + (LECTURER,):
            try:
                hub.api("DELETE", f"/users/{user}/server")
            except OSError:
                pass
        hub.stop()


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    for item in items:
        if Path(str(item.fspath)).parent == HERE:
            item.add_marker(pytest.mark.hub)
