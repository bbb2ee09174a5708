"""Every data file loads the same as Windows may hand it over: with CRLF line endings (as git checks files
out on Windows with ``core.autocrlf``), with a UTF-8 byte-order mark (as Notepad saves them), and both.

The files: every built-in case, every activity, every lecturer's case in ``my-scenarios/``, the template
``swedu new`` copies, and every message catalog. A broken file keeps its messages (the same lines and
columns) too."""
from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from swedu import i18n
from swedu.activities import ActivityError, read_activity_file
from swedu.activities.loader import DATA_DIR as ACTIVITY_DIR
from swedu.scenarios import BUILTIN_DIR, ScenarioError, read_scenario_file

ROOT = Path(__file__).resolve().parents[1]
LECTURERS = ROOT / "my-scenarios"
BOM = b"\xef\xbb\xbf"

VARIANTS = {
    "crlf": lambda raw: raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"),
    "bom": lambda raw: BOM + raw,
    "bom+crlf": lambda raw: BOM + raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"),
}

CASES = sorted(BUILTIN_DIR.glob("*.yaml")) + sorted(LECTURERS.glob("*.yaml")) + [BUILTIN_DIR.parent / "template.yaml"]
ACTIVITIES = sorted(ACTIVITY_DIR.glob("*.yaml"))
BROKEN = sorted((ROOT / "tests" / "broken-scenarios").glob("*.yaml"))


def _variant(path: Path, variant: str, folder: Path) -> Path:
    """``path`` written again in ``folder`` (same name) the way ``variant`` says."""
    raw = path.read_bytes()
    changed = VARIANTS[variant](raw)
    assert changed != raw, f"{path.name}: the {variant} copy is no different (the test would prove nothing)"
    copy = folder / variant / path.name
    copy.parent.mkdir(parents=True, exist_ok=True)
    copy.write_bytes(changed)
    return copy


def test_every_kind_of_data_file_is_tried():
    assert len(list(BUILTIN_DIR.glob("*.yaml"))) >= 10 and list(LECTURERS.glob("*.yaml")) and len(ACTIVITIES) >= 5


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_case_loads_the_same(path, variant, tmp_path):
    copy = read_scenario_file(_variant(path, variant, tmp_path))
    assert replace(copy, source=str(path)) == read_scenario_file(path)  # all but where it was read from


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("path", ACTIVITIES, ids=lambda p: p.name)
def test_every_activity_loads_the_same(path, variant, tmp_path):
    copy = read_activity_file(_variant(path, variant, tmp_path))
    assert replace(copy, source=str(path)) == read_activity_file(path)


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.name)
def test_a_broken_case_keeps_its_lines_and_columns(path, variant, tmp_path):
    def problems(file: Path) -> list:
        try:
            read_scenario_file(file)
        except ScenarioError as error:
            return [(p.line, p.column, p.message) for p in error.problems]
        except ActivityError:  # pragma: no cover - not an activity corpus
            raise
        return []

    expected = problems(path)
    assert expected, f"{path.name} should be broken"
    assert problems(_variant(path, variant, tmp_path)) == expected


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_every_message_catalog_loads_the_same(variant, tmp_path, monkeypatch):
    for language in i18n.LANGUAGES:
        expected = i18n._load_catalog(language)
        folder = tmp_path / "catalogs" / language
        folder.mkdir(parents=True)
        for path in sorted((i18n._CATALOG_DIR / language).glob("*.yaml")):
            shutil.copy(_variant(path, variant, tmp_path / language), folder / path.name)
        monkeypatch.setattr(i18n, "_CATALOG_DIR", tmp_path / "catalogs")
        assert i18n._load_catalog(language) == expected
        monkeypatch.undo()
