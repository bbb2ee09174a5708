"""swedu: the person in the environment and the four basic systems of social work.

A small library under a course of Jupyter notebooks. The core (systems, model,
scenarios, assessment, languages) imports neither matplotlib nor ipywidgets;
figures (:mod:`swedu.draw`) and activities (:mod:`swedu.widgets`) are loaded
only when first used.

>>> import swedu
>>> youth = swedu.load_scenario("delinquent-youth")
>>> print(youth.assess({"parents": "client", "teen": "target"}).verdicts["parents"].status)
correct
>>> swedu.set_language("id")
>>> str(youth.actor("parents").name)
'Bapak dan Ibu Hartono'
>>> swedu.set_language("en")
"""
from __future__ import annotations

from swedu.assess import AnswerError, Feedback, Verdict
from swedu.i18n import get_language, set_language
from swedu.model import Scenario
from swedu.scenarios import ScenarioError, add_scenario_folder, load_scenario, scenario_ids
from swedu.systems import SYSTEM_IDS

__version__ = "0.1.0"

__all__ = [
    "SYSTEM_IDS", "AnswerError", "Feedback", "Scenario", "ScenarioError", "Verdict",
    "add_scenario_folder", "get_language", "load_scenario", "scenario_ids", "set_language",
    "Classifier", "CaseBuilder",
]

_LAZY = {
    # name: (module, attribute or None for the module itself)
    "Classifier": ("swedu.widgets", "Classifier"),
    "CaseBuilder": ("swedu.widgets", "CaseBuilder"),
    "draw": ("swedu.draw", None),
    "widgets": ("swedu.widgets", None),
    "progress": ("swedu.progress", None),
    "exercises": ("swedu.exercises", None),
}


def __getattr__(name: str):
    """Load the drawing and widget layers only when a notebook first asks for them."""
    if name in _LAZY:
        import importlib

        module_name, attribute = _LAZY[name]
        module = importlib.import_module(module_name)
        value = module if attribute is None else getattr(module, attribute)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'swedu' has no attribute {name!r}")
