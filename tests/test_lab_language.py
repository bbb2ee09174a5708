"""JupyterLab in the student's language: the Indonesian pack is installed, ``run.sh lab`` sets the locale
inside the course environment only, and one command goes back to English."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

from swedu.cli.lab_language import PLUGIN, overrides_file, set_lab_language

ROOT = Path(__file__).resolve().parents[1]


def test_the_indonesian_language_pack_is_installed():
    from jupyterlab_server.translation_utils import get_language_packs

    packs, problems = get_language_packs("en")
    assert "id_ID" in packs, problems


def test_the_locale_goes_into_the_environment_and_keeps_other_overrides(tmp_path):
    path = overrides_file(str(tmp_path))
    assert path == tmp_path / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    path.parent.mkdir(parents=True)
    other = {"@jupyterlab/apputils-extension:notification": {"fetchNews": "false"}}
    path.write_text(json.dumps(other))
    set_lab_language("id", str(tmp_path))
    assert json.loads(path.read_text()) == dict(other, **{PLUGIN: {"locale": "id_ID"}})
    set_lab_language("en", str(tmp_path))
    assert json.loads(path.read_text())[PLUGIN] == {"locale": "en"}


def test_a_broken_overrides_file_is_replaced(tmp_path):
    path = overrides_file(str(tmp_path))
    path.parent.mkdir(parents=True)
    path.write_text("{not json")
    set_lab_language("id", str(tmp_path))
    assert json.loads(path.read_text()) == {PLUGIN: {"locale": "id_ID"}}


def test_run_sh_lab_chooses_the_language_from_the_argument_or_lang():
    text = (ROOT / "run.sh").read_text()
    lab = text[text.index("    lab)"):text.index("    build)")]
    assert 'case "${LANG:-}" in id*) lab_lang=id' in lab
    assert 'case "${1:-}" in en|id) lab_lang="$1"; shift' in lab
    assert '"$VENV/bin/python" -m swedu.cli.lab_language "$lab_lang"' in lab
    shell = subprocess.run(["sh", "-n", str(ROOT / "run.sh")], capture_output=True, text=True)
    assert shell.returncode == 0, shell.stderr


def test_the_command_line_refuses_other_languages(capsys):
    from swedu.cli.lab_language import main

    assert main(["fr"]) == 2
    assert "en|id" in capsys.readouterr().err
