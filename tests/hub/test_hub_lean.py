"""The hub service needs only swedu's core: what it imports while it serves a class (the class view, the
projector, the export, every kind of record checked again) is in deploy/requirements-service.txt, the
same list as the ``hub-service`` extra, and never JupyterLab, Voila, ipywidgets or matplotlib."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]
HEAVY = {"matplotlib", "ipywidgets", "jupyterlab", "voila", "nbformat", "nbclient", "numpy", "IPython", "PIL",
         "jupyter_server"}
SERVE_A_CLASS = """
import json, sys
from swedu.hub import service, trust, views
records = {"siti": [{"id": "r1", "time": "2026-11-29T10:00:00.000000Z", "received": "2026-11-29T10:00:01.000000Z",
    "kind": "scenario", "item": "delinquent-youth", "stage": "intake", "score": 0.5, "language": "en",
    "answer": {"teen": ["client"]}, "verdicts": {"teen": "wrong"}, "misconceptions": {"teen": ["client_is_problem_bearer"]}}]}
views.live_report_html(records, "en"); views.projector_svg(records, "id"); views.export_zip(records)
for kind, item in (("scenario", "delinquent-youth"), ("exercise", "ex4-graph"), ("exercise", "ex1-classify"),
                   ("concept_check", "ecomap-reading")):
    trust.verify({"kind": kind, "item": item, "stage": "intake", "answer": {"teen": ["client"]}})
print(json.dumps(sorted({m.split(".")[0] for m in sys.modules})))
"""


def _names(requirements) -> set:
    return {r.split(">")[0].split("=")[0].split("<")[0].strip().lower() for r in requirements}


def test_the_service_imports_no_lesson_layer():
    done = subprocess.run([sys.executable, "-c", SERVE_A_CLASS], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    loaded = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert loaded & HEAVY == set()
    needed = {"jupyterhub", "yaml", "jinja2", "markupsafe"} & loaded
    assert needed == {"jupyterhub", "yaml", "jinja2", "markupsafe"}


def test_the_service_requirements_are_the_extra():
    extra = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]["hub-service"]
    lines = [line.split("#")[0].strip() for line in (ROOT / "deploy" / "requirements-service.txt").read_text().splitlines()]
    assert sorted(filter(None, lines)) == sorted(extra)
    assert _names(extra) & {h.lower() for h in HEAVY} == set() and "jupyterlab" not in _names(extra)
