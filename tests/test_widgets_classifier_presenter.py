"""The classifier in a lecturer's presentation (presenter mode): compact, and feedback that leads with
what the class should discuss, the full list one click away; every word from the catalogs."""
from __future__ import annotations

import html

import pytest

import swedu
from swedu.i18n import t
from swedu.presenting import PRESENTER_ENV
from swedu.systems import SYSTEM_IDS, system_info
from swedu.widgets.classifier import compact_legend, discussion_html


@pytest.fixture
def presenting(monkeypatch):
    monkeypatch.setenv(PRESENTER_ENV, "1")


@pytest.mark.parametrize("language", ["en", "id"])
def test_presenter_classifier_is_compact_and_leads_with_the_discussion(presenting, language):
    swedu.set_language(language)
    try:
        c = swedu.Classifier("domestic-violence")
        assert "swedu-compact" in c.widget._dom_classes
        assert c._instructions.value == compact_legend()  # the badges explained once, above the rows
        infos = [system_info(s) for s in SYSTEM_IDS]
        assert [x.description for x in c._toggles[c.scenario.actors[0].id].values()][:4] == [i.badge for i in infos]
        assert all(i.name in c._instructions.value for i in infos)
        assert "<details><summary>" in c._narrative.value and t("widgets.classifier.presenter_case") in c._narrative.value
        actors = c.scenario.actors
        stage = c.stage
        right = next(a for a in actors if stage.roles.get(a.id))
        wrong = next(a for a in actors if not stage.roles.get(a.id))
        c.select(right.id, [r.system for r in stage.roles[right.id]])
        c.select(wrong.id, "client")
        c.check()
        page = c._feedback_html.value
        lead, full = page.split("<details>", 1)
        assert t("widgets.classifier.discuss_title") in lead
        assert str(wrong.name) in lead and str(right.name) not in lead
        assert t("widgets.classifier.discuss_waiting", count=len(actors) - 2) in lead
        assert t("feedback.nothing_chosen") not in lead  # "not answered yet" is not what leads
        assert t("widgets.classifier.full_list", count=len(actors)) in full
        assert all(html.escape(str(a.name)) in full for a in actors)
        assert c.map_png == b""  # no map below the feedback on a projector
    finally:
        swedu.set_language("en")


def test_students_classifier_is_unchanged(monkeypatch):
    monkeypatch.delenv(PRESENTER_ENV, raising=False)
    c = swedu.Classifier("delinquent-youth")
    assert "swedu-compact" not in c.widget._dom_classes
    assert c._instructions.value
    c.select("parents", "client")
    c.check()
    assert "swedu-discussion" not in c._feedback_html.value and c.map_png


def test_discussion_names_the_misconception_behind_each_wrong_actor():
    youth = swedu.load_scenario("delinquent-youth")
    feedback = youth.assess({"parents": "client", "teen": "client"}, "intake")
    page = discussion_html(feedback).split("<details>")[0]
    for m in feedback.verdicts["teen"].misconceptions:
        assert html.escape(t(f"misconception.{m}.name")) in page
    everything_right = youth.assess({a: [r.system for r in rs] for a, rs in youth.stage("intake").roles.items()},
                                    "intake")
    assert t("widgets.classifier.discuss_none") in discussion_html(everything_right)
