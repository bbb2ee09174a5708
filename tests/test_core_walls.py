"""The walls of the house: the core never imports the drawing, widget or progress layers."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

FORBIDDEN = ["matplotlib", "ipywidgets", "IPython", "swedu.draw", "swedu.widgets", "swedu.progress", "swedu.cli",
             "swedu.report", "swedu.exercises", "swedu.hub", "tornado", "jupyterhub"]

USE_THE_CORE = """
import json, sys
import swedu
from swedu import systems, model, assess, i18n, scenarios
from swedu.scenarios import validate
loaded_by_import = sorted(m for m in ("networkx", "yaml") if m in sys.modules)
youth = swedu.load_scenario("delinquent-youth")
swedu.set_language("id")
feedback = youth.assess({"parents": "klien", "teen": "sasaran"}, stage="reassessment")
text, page, graph = str(feedback), feedback._repr_html_(), youth.graph("reassessment")
try:
    swedu.load_scenario("no-such-case")
except swedu.ScenarioError:
    pass
print(json.dumps({"modules": sorted(sys.modules), "lazy": loaded_by_import}))
"""


@pytest.fixture(scope="module")
def result() -> dict:
    out = subprocess.run([sys.executable, "-c", USE_THE_CORE], capture_output=True, text=True, check=True,
                         timeout=120)
    return json.loads(out.stdout)


def test_core_imports_no_drawing_widgets_or_progress(result):
    loaded = [name for name in result["modules"] if any(name == f or name.startswith(f + ".") for f in FORBIDDEN)]
    assert loaded == []


def test_import_swedu_defers_networkx_and_yaml(result):
    # networkx is needed only for graphs and PyYAML only for reading files: the first import stays light.
    assert result["lazy"] == []
    assert "networkx" in result["modules"] and "yaml" in result["modules"]  # loaded once they were used


def test_a_kernel_sending_to_the_hub_imports_neither_tornado_nor_jupyterhub():
    # The sender runs in every student's kernel: only the service (swedu.hub.service) may import them.
    code = ("import json, sys, swedu.progress, swedu.hub, swedu.hub.sender, swedu.hub.store, swedu.hub.views;"
            "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('tornado', 'jupyterhub'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert json.loads(out.stdout) == []
