"""An activity speaks the language it was built in on its own thread only (issue 24): a handler never
changes the learner's global language, not even for a moment, so a map drawn on another thread meanwhile
(or anything else that reads the language there) keeps its own."""
from __future__ import annotations

import threading

import swedu
from swedu.i18n import get_language, t
from swedu.widgets import Classifier, _common
from swedu.widgets import classifier as classifier_module


def _language_elsewhere() -> str:
    seen = []
    other = threading.Thread(target=lambda: seen.append(get_language()))
    other.start()
    other.join(120)
    return seen[0]


def test_a_handler_speaks_its_activitys_language_and_leaves_the_global_one_alone(monkeypatch):
    swedu.set_language("id")
    c = Classifier("delinquent-youth", show_map=False)
    swedu.set_language("en")
    during = []

    def record(outcome):  # called inside the check's handler, with its language in force
        during.append((get_language(), _language_elsewhere(), str(outcome.text).splitlines()[0]))

    monkeypatch.setattr(classifier_module, "record", record)
    c.select("teen", "client")
    c._check_button.click()
    ((here, elsewhere, first_line),) = during
    assert here == "id" and elsewhere == "en"  # this thread speaks Indonesian; the global language stays English
    assert first_line == c.feedback_text.splitlines()[0] and get_language() == "en"


def test_language_blocks_nest_and_restore_on_this_thread():
    with _common.language("id"):
        assert t("system.client.name") == "sistem klien"
        with _common.language("en"):
            assert t("system.client.name") == "client system"
        assert get_language() == "id" and _language_elsewhere() == "en"
    assert get_language() == "en"
