"""environment.yml (conda, Binder) and pyproject.toml (pip) declare the same dependencies."""
from __future__ import annotations

import re
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

import yaml

ROOT = Path(__file__).resolve().parents[1]
CONDA_NAMES = {}  # conda-forge spells a few packages differently; none differ today


def _name_and_spec(requirement: str) -> tuple[str, str]:
    requirement = requirement.split(";")[0].strip()
    match = re.match(r"^([A-Za-z0-9_.\-]+)\s*(.*)$", requirement)
    return match.group(1).lower().replace("_", "-"), match.group(2).replace(" ", "")


def _pyproject() -> dict[str, str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    project = data["project"]
    extras = project["optional-dependencies"]
    reqs = list(project["dependencies"]) + list(extras["test"]) + list(extras["hub"])
    return dict(_name_and_spec(r) for r in reqs if "python_version<" not in r.replace(" ", ""))


def _environment() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    out = {}
    for item in env["dependencies"]:
        entries = item["pip"] if isinstance(item, dict) else [item]
        for entry in entries:
            if entry.startswith("-e") or entry.startswith("python") or entry == "pip":
                continue
            name, spec = _name_and_spec(entry)
            out[CONDA_NAMES.get(name, name)] = spec
    return out


def test_same_packages_and_versions():
    assert _environment() == _pyproject()


def test_python_version_agrees():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda_python = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python"))
    assert conda_python.replace("python", "") == data["project"]["requires-python"]


def test_the_test_extra_holds_what_the_hub_extra_needs():
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    test = dict(_name_and_spec(r) for r in extras["test"])
    assert all(test.get(name) == spec for name, spec in map(_name_and_spec, extras["hub"]))
