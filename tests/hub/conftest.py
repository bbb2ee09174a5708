"""The session's real JupyterHub (see hubfixture.py); every test here is marked ``hub``."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from hubfixture import LECTURER, STUDENTS, Hub, find_chp, missing, new_hub

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
    hub = new_hub(tmp_path_factory.mktemp("hub"))
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
            if os.name == "nt":
                item.add_marker(pytest.mark.skip(reason="JupyterHub and the swedu hub service run on the hub's "
                                                        "Linux server (POSIX signals, configurable-http-proxy), "
                                                        "never on Windows"))
