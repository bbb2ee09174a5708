"""Package data ships: a wheel built from the source holds the catalogs and the built-in scenarios, and
an installed copy (not the editable one) loads a scenario in both languages.

Builds a wheel once per session with pip (build isolation: setuptools comes from pip's cache or PyPI).
The source is copied to a temporary folder first, so the build leaves nothing in the working tree.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "swedu"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    for extra in ROOT.glob("LICENSE*"):
        shutil.copy2(extra, source / extra.name)
    shutil.copytree(PACKAGE, source / "swedu", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    # The course builder sits beside the package in the repository; the wheel must leave it out.
    shutil.copytree(ROOT / "authoring", source / "authoring", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(source)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    wheels = list(out.glob("swedu-*.whl"))
    assert len(wheels) == 1
    return wheels[0]


@pytest.fixture(scope="module")
def names(wheel) -> set:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def package_files(pattern: str) -> list[str]:
    return sorted(p.relative_to(ROOT).as_posix() for p in PACKAGE.rglob(pattern) if "__pycache__" not in p.parts)


def test_catalogs_ship(names):
    catalogs = package_files("i18n/*/*.yaml")
    assert "swedu/i18n/en/core.yaml" in catalogs and "swedu/i18n/id/core.yaml" in catalogs
    assert [c for c in catalogs if c not in names] == []


def test_builtin_scenarios_ship(names):
    scenarios = package_files("scenarios/data/*.yaml")
    assert "swedu/scenarios/data/delinquent-youth.yaml" in scenarios
    assert "swedu/scenarios/data/small-business.yaml" in scenarios
    assert [s for s in scenarios if s not in names] == []


def test_every_yaml_and_module_ships(names):
    files = package_files("*.yaml") + package_files("*.py")
    assert [f for f in files if f not in names] == []
    assert not any(n.startswith(("tests/", "notebooks/", "benchmarks/")) for n in names)


def test_the_course_builder_does_not_ship_but_the_speaker_notes_do(names):
    assert not [n for n in names if n.startswith("authoring/") or "/authoring/" in n]
    notes = package_files("presenting/speaker_notes/*/*.json")
    assert "swedu/presenting/speaker_notes/en/04-delinquent-youth.json" in notes
    assert [n for n in notes if n not in names] == []


def test_tracked_data_files_ship(names):
    # Any other data file a part of the library keeps beside its code (css, json, templates ...)
    # must be declared as package data too, or an installed course would miss it.
    tracked = subprocess.run(["git", "ls-files", "swedu"], cwd=ROOT, capture_output=True, text=True)
    if tracked.returncode == 0 and tracked.stdout.strip():
        files = tracked.stdout.split()
    else:  # not a git checkout (an unpacked archive): every file in the package
        files = [p.relative_to(ROOT).as_posix() for p in PACKAGE.rglob("*")
                 if p.is_file() and "__pycache__" not in p.parts]
    data = [f for f in files if not f.endswith(".py") and (ROOT / f).exists()]
    assert [f for f in data if f not in names] == []


def test_console_script_is_declared(wheel):
    with zipfile.ZipFile(wheel) as archive:
        entry = next(n for n in archive.namelist() if n.endswith(".dist-info/entry_points.txt"))
        text = archive.read(entry).decode()
    assert "[console_scripts]" in text and "swedu = swedu.cli:_entry" in text


def test_installed_copy_loads_scenarios(wheel, tmp_path):
    target = tmp_path / "site"
    install = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
                              "--target", str(target), str(wheel)], capture_output=True, text=True, timeout=300)
    assert install.returncode == 0, install.stderr
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import swedu\n"
        "assert swedu.__file__.startswith(sys.argv[1]), swedu.__file__\n"
        "s = swedu.load_scenario('delinquent-youth'); swedu.set_language('id')\n"
        "print(len(swedu.scenario_ids()), s.title, s.assess({'parents': 'klien'}).verdicts['parents'].status)\n"
    )
    run = subprocess.run([sys.executable, "-I", "-c", code, str(target)], capture_output=True, text=True,
                         cwd=tmp_path, timeout=120)
    assert run.returncode == 0, run.stderr
    count, rest = run.stdout.strip().split(" ", 1)
    assert int(count) == len(package_files("scenarios/data/*.yaml"))
    assert rest == "Dimas dan orang tuanya correct"
