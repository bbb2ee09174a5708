"""JupyterLab in the student's language: the Indonesian pack is installed, ``python3 run.py lab id`` sets the locale
inside the course environment only, and one command goes back to English."""
from __future__ import annotations

import importlib.util
import json
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
    path.write_text(json.dumps(other), encoding="utf-8")
    set_lab_language("id", str(tmp_path))
    assert json.loads(path.read_text(encoding="utf-8")) == dict(other, **{PLUGIN: {"locale": "id_ID"}})
    set_lab_language("en", str(tmp_path))
    assert json.loads(path.read_text(encoding="utf-8"))[PLUGIN] == {"locale": "en"}


def test_a_broken_overrides_file_is_replaced(tmp_path):
    path = overrides_file(str(tmp_path))
    path.parent.mkdir(parents=True)
    path.write_text("{not json", encoding="utf-8")
    set_lab_language("id", str(tmp_path))
    assert json.loads(path.read_text(encoding="utf-8")) == {PLUGIN: {"locale": "id_ID"}}


def test_the_launcher_chooses_the_language_from_the_argument_or_lang():
    spec = importlib.util.spec_from_file_location("run", ROOT / "run.py")
    run = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run)
    assert run.choose_language(["lab", "id"], {"LANG": "en_US.UTF-8"}) == "id"
    assert run.choose_language(["lab"], {"LANG": "id_ID.UTF-8"}) == "id"
    assert run.choose_language(["lab", "en"], {"LANG": "id_ID.UTF-8"}) == "en"
    (language, lab), _ = run.command_for("lab", "python", ["id"], "id", windows=False, geteuid=lambda: 1000)
    assert language == ["python", "-m", "swedu.cli.lab_language", "id"]  # JupyterLab's own language, in .venv only
    assert str(Path("notebooks") / "id" / "00-selamat-datang.ipynb") in lab and "id" not in lab[-1:]


def test_the_command_line_refuses_other_languages(capsys):
    from swedu.cli.lab_language import main

    assert main(["fr"]) == 2
    assert "en|id" in capsys.readouterr().err
