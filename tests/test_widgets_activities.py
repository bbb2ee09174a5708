"""ConceptCheck, Sorter and ApproachExplorer driven through their widgets and their plain methods."""
from __future__ import annotations

import ipywidgets
import pytest

import swedu
from swedu import activities as act
from swedu.widgets import ApproachExplorer, ConceptCheck, Sorter


def test_reprs_are_stable():
    assert repr(ConceptCheck("four-systems-misconceptions")) == "<ConceptCheck four-systems-misconceptions>"
    assert repr(Sorter("purposes-of-social-work")) == "<Sorter purposes-of-social-work>"
    explorer = ApproachExplorer("approaches-delinquent-youth", show_map=False)
    assert repr(explorer) == "<ApproachExplorer approaches-delinquent-youth>"
    # what a notebook shows before the widget runs: a sentence, never the repr
    assert explorer._repr_mimebundle_()[0]["text/plain"] == "Activity: run this cell to open it."


def test_wrong_kind_is_refused():
    with pytest.raises(act.ActivityAnswerError, match="intervention-functions"):
        ConceptCheck("intervention-functions")


def test_concept_check_through_its_widgets():
    quiz = ConceptCheck("four-systems-misconceptions")
    quiz._inputs["who-is-client"].value = "son"
    quiz._inputs["same-actor"]["client"].value = True
    quiz._inputs["same-actor"]["target"].value = True
    assert quiz.answer == {"who-is-client": ["son"], "same-actor": ["client", "target"]}
    quiz._check_button.click()
    assert quiz.result.statuses == {**quiz.result.statuses, "who-is-client": "wrong", "same-actor": "correct"}
    assert quiz.feedback_text == quiz.result.text
    assert "✖" in quiz.feedback_text and "Not yet right" in quiz.feedback_text
    assert 'data-status="wrong"' in quiz._result_html.value


def test_concept_check_select_and_reset():
    quiz = ConceptCheck("four-systems-misconceptions")
    quiz.select("sasaran-meaning", "beneficiaries")
    assert quiz._inputs["sasaran-meaning"].value == "beneficiaries"
    quiz.select("action-members", ["counsellor", "neighbour"])
    assert quiz._inputs["action-members"]["neighbour"].value is True
    result = quiz.check()
    assert result.statuses["action-members"] == "missing"
    assert result.misconceptions == ("sasaran_is_beneficiary",)
    with pytest.raises(act.ActivityAnswerError, match="several questions"):
        quiz.select(["mother"])
    quiz._reset_button.click()
    assert quiz.answer == {} and quiz.feedback_text == ""
    assert quiz._inputs["sasaran-meaning"].value is None


def test_sorter_through_its_widgets():
    sorter = Sorter("intervention-dimensions")
    sorter._inputs["flood-food"]["scope"].value = "residual"
    sorter._inputs["flood-food"]["contact"].value = "direct"
    sorter.select("home-visit", "institutional")
    assert sorter._inputs["home-visit"]["scope"].value == "institutional"
    assert sorter.answer == {"flood-food": {"scope": "residual", "contact": "direct"},
                             "home-visit": {"scope": "institutional"}}
    sorter._check_button.click()
    assert sorter.result.statuses["flood-food"] == "correct"
    assert sorter.result.statuses["home-visit"] == "wrong"
    assert sorter.feedback_text.startswith("Residual or institutional? Direct or indirect?\nScore: ")
    sorter.select("home-visit", None)
    assert "home-visit" not in sorter.answer


def test_sorter_with_one_group_answers_plainly():
    sorter = Sorter("purposes-of-social-work")
    sorter.select("health-card", "resources")
    sorter.select("mediation", "institutions")
    assert sorter.answer == {"health-card": "resources", "mediation": "institutions"}
    result = sorter.check()
    assert result.statuses["health-card"] == "correct"
    assert result.statuses["mediation"] == "wrong"
    assert "Is this between people, or between organisations?" in sorter.feedback_text
    with pytest.raises(act.ActivityAnswerError, match="Did you mean 'resources'"):
        sorter.select("health-card", "resource")


def test_approach_explorer_shows_and_checks():
    explorer = ApproachExplorer("approaches-delinquent-youth")
    explorer._approach_buttons.value = "monolistic"  # a click: the words at once, the map drawn aside
    assert explorer.scope["actors"] == {"teen"}
    assert "Only the person with the problem." in explorer.view_text
    assert explorer._map_aside.result(timeout=120) is True
    assert explorer.map_png[:4] == b"\x89PNG"
    assert ('alt="Map of Dimas and his parents: what the monolistic approach addresses is hatched and marked ◆."'
            in explorer._image.value)
    scope = explorer.show("holistic")
    assert explorer._approach_buttons.value == "holistic"
    assert scope["actors"] == {"teen", "parents", "counsellor", "youth_group"}  # not the café crowd
    assert "Schooling and learning: Weeks away from school" in explorer.view_text
    assert "Social work refers it (referral)." in explorer.view_text
    assert "<ul><li>Family life: At home" in explorer._linked_view.value
    assert explorer._linked_view.layout.display == "" and explorer._linked_view in explorer._image_row.children
    explorer._boxes["dualistic"].value = True
    assert explorer.answer == ["dualistic"]
    explorer._check_button.click()
    assert explorer.result.statuses["question"] == "missing"
    explorer.select(["dualistic", "holistic"])
    assert explorer.check().correct
    assert explorer._approach_buttons.tooltips[0] == "Only the person with the problem."


def test_activity_widgets_follow_the_language_at_construction():
    swedu.set_language("id")
    sorter = Sorter("intervention-functions")
    swedu.set_language("en")
    labels = [label for label, _ in sorter._inputs["parenting-class"]["function"].options]
    assert labels == ["— pilih —", "preventif (pencegahan)", "kuratif-rehabilitatif", "developmental-edukatif"]
    sorter.select("parenting-class", "preventive")
    result = sorter.check()
    # the widget shows the result in its own language; the result itself reads in the current language
    assert "Skor: " in sorter.feedback_text and "Skor: " in sorter._result_html.value
    assert swedu.get_language() == "en" and result.language == "id" and "Score: " in result.text


def test_checks_are_recorded():
    from swedu import progress

    quiz = ConceptCheck("four-systems-misconceptions")
    quiz.select("who-is-client", "son")
    quiz.check()
    sorter = Sorter("intervention-functions")
    sorter.select("parenting-class", "preventive")
    sorter.check()
    rows = progress.attempts()
    assert [(r["kind"], r["item"]) for r in rows] == [("concept_check", "four-systems-misconceptions"),
                                                      ("sorter", "intervention-functions")]


def test_every_input_is_a_focusable_control_with_a_label():
    quiz = ConceptCheck("four-systems-misconceptions")
    for widget in quiz._inputs["same-actor"].values():
        assert isinstance(widget, ipywidgets.Checkbox) and widget.description
    sorter = Sorter("intervention-dimensions")
    for dropdown in sorter._inputs["flood-food"].values():
        assert isinstance(dropdown, ipywidgets.Dropdown) and dropdown.description
    for button in (quiz._check_button, quiz._reset_button):
        assert button.description and button.tooltip and button.icon


def test_approach_explorer_lists_linked_problems_escaped_and_only_when_holistic():
    explorer = ApproachExplorer("approaches-delinquent-youth", show_map=False)
    explorer.show("dualistic")
    assert "Who is competent" not in explorer.view_text and explorer._linked_view.layout.display == "none"
    explorer.show("holistic")
    assert explorer._linked_view.value.count("<li>") == len(explorer.scenario.linked_problems)
    assert "Who is competent: a doctor at the health centre (Puskesmas)." in explorer.view_text
    explorer.show("monolistic")
    assert explorer._linked_view.value == "" and explorer._linked_view.layout.display == "none"
    swedu.set_language("id")
    try:
        explorer = ApproachExplorer("approaches-delinquent-youth", show_map=False)
        explorer.show("holistic")
        assert "Pekerjaan sosial merujuknya (rujukan)." in explorer.view_text
        assert "Kesehatan fisik: " in explorer.view_text
    finally:
        swedu.set_language("en")
    html_lines = ApproachExplorer._linked_html(["<b>heading</b>", "a & <i>b</i>"])
    assert "&lt;b&gt;heading&lt;/b&gt;" in html_lines and "a &amp; &lt;i&gt;b&lt;/i&gt;" in html_lines
