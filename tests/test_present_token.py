"""The live presentation stays on this computer unless a token protects it.

The server test presents a one-cell notebook on all addresses, exactly as ``present --ip 0.0.0.0`` starts
Voila, and checks that a request without the token is refused and one with it is served.
"""
from __future__ import annotations

import json
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from swedu.presenting import PresentRefused, free_port, present, voila_command
from voila_server import stop, wait_for_port

REPO = Path(__file__).resolve().parents[1]


def test_this_computer_needs_no_token(tmp_path):
    command, _ = voila_command(Path("x.ipynb"), 8866, tmp_path, open_browser=False)
    assert "--Voila.ip=127.0.0.1" in command and not [c for c in command if "token" in c]


@pytest.mark.parametrize("ip", ["0.0.0.0", "192.168.1.20", "::", "classroom.local"])
def test_another_address_needs_a_token_and_never_shows_the_key(tmp_path, ip):
    with pytest.raises(PresentRefused, match="needs a token"):
        voila_command(Path("x.ipynb"), 8866, tmp_path, ip=ip, open_browser=False)
    with pytest.raises(PresentRefused, match="only shown on this computer"):
        voila_command(Path("x.ipynb"), 8866, tmp_path, ip=ip, lecturer=True, token="t0ken", open_browser=False)
    command, env = voila_command(Path("x.ipynb"), 8866, tmp_path, ip=ip, token="t0ken", open_browser=False)
    assert "--Voila.token=t0ken" in command and "SWEDU_PRESENTER" not in env


def test_the_present_command_makes_a_token_and_says_so(tmp_path, monkeypatch, capsys):
    started = []

    class FakeVoila:
        def __init__(self, command, env=None, cwd=None):
            started.append(command)

        def wait(self):
            return 0

    monkeypatch.setattr(subprocess, "Popen", FakeVoila)
    assert present("04", ip="0.0.0.0", port=8899, open_browser=False, root=REPO) == 0
    (command,) = started
    token = next(c.split("=", 1)[1] for c in command if c.startswith("--Voila.token="))
    assert len(token) >= 24
    said = capsys.readouterr().out
    assert f"http://0.0.0.0:8899/?token={token}" in said and "other computers can reach it" in said
    assert present("04", ip="0.0.0.0", lecturer=True, open_browser=False, root=REPO) == 2
    assert "only shown on this computer" in capsys.readouterr().err and len(started) == 1


def _tiny_notebook(folder: Path) -> Path:
    path = folder / "tiny.ipynb"
    path.write_text(json.dumps({"cells": [{"cell_type": "markdown", "metadata": {}, "source": ["# Hello"]}],
                                "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                            "language": "python"}},
                                "nbformat": 4, "nbformat_minor": 5}), encoding="utf-8")
    return path


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect to the login page is an answer in itself


def _status(url: str) -> tuple[int, str]:
    """The status of ``url`` (redirects not followed) and what it shows or where it sends the browser."""
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(url, timeout=60) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location", "")


def test_a_presentation_on_the_network_refuses_requests_without_the_token(tmp_path):
    pytest.importorskip("voila")
    port = free_port("0.0.0.0")
    command, env = voila_command(_tiny_notebook(tmp_path), port, tmp_path / "present", ip="0.0.0.0",
                                 token="s3cret-token-for-this-test", open_browser=False)
    log = open(tmp_path / "voila.log", "wb")
    process = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL)
    try:
        wait_for_port(process, port, tmp_path / "voila.log")
        for url in (f"http://127.0.0.1:{port}/", f"http://127.0.0.1:{port}/?token=wrong"):
            status, said = _status(url)
            assert status in (401, 403) or status in (302, 303) and "login" in said, (url, status, said[:300])
        status, page = _status(f"http://127.0.0.1:{port}/?token=s3cret-token-for-this-test")
        assert status == 200 and "Hello" in page
    finally:
        stop(process)
        log.close()
