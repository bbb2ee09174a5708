"""The Python side of the activities' keyboard model (the page side is tested in Chromium:
tests/browser/test_student_keyboard_a11y.py): every activity with a Check carries the script, a skip link in
its own language, one marked Check button and one verdict region; its rows of choices are marked as groups."""
from __future__ import annotations

import html
from html.parser import HTMLParser

import ipywidgets as w
import pytest

import swedu
from swedu.i18n import t
from swedu.widgets import ApproachExplorer, ConceptCheck, ConceptTestForm, Sorter
from swedu.widgets._common import ARIA_JS, aria_script
from swedu.widgets.answer_form import AnswerForm


def _all(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _all(child)


def _classes(widget) -> set:
    return set(getattr(widget, "_dom_classes", ()))


ACTIVITIES = {
    "classifier": lambda: swedu.Classifier("delinquent-youth", show_map=False),
    "exercise form": lambda: AnswerForm("ex1-classify"),
    "tie form": lambda: AnswerForm("ex5-build"),
    "concept check": lambda: ConceptCheck("four-systems-misconceptions"),
    "sorter": lambda: Sorter("intervention-dimensions"),
    "approach explorer": lambda: ApproachExplorer("approaches-delinquent-youth", show_map=False),
    "concept test": lambda: ConceptTestForm("pre"),
}


@pytest.mark.parametrize("language", ["en", "id"])
@pytest.mark.parametrize("kind", list(ACTIVITIES))
def test_an_activity_has_the_script_a_skip_link_one_check_and_one_verdict_region(kind, language):
    swedu.set_language(language)
    try:
        activity = ACTIVITIES[kind]()
    finally:
        swedu.set_language("en")
    widgets = list(_all(activity.widget))
    first_html = next(x for x in widgets if isinstance(x, w.HTML))
    assert "swedu-activity" in _classes(activity.widget)
    assert 'class="swedu-script"' in first_html.value
    skip_key = "widgets.keyboard.skip_to_submit" if kind == "concept test" else "widgets.keyboard.skip_to_check"
    assert f'<a class="swedu-skip" href="#">{html.escape(t(skip_key, language))}</a>' in first_html.value
    checks = [x for x in widgets if "swedu-check-button" in _classes(x)]
    words = t("concept_test.form.submit" if kind == "concept test" else "widgets.button.check", language)
    assert [b.description for b in checks] == [words]
    verdicts = [x for x in widgets if "swedu-verdict" in _classes(x)]
    assert len(verdicts) == 1 and "swedu-live" in _classes(verdicts[0])


def test_the_skip_links_speak_both_languages():
    assert t("widgets.keyboard.skip_to_check", "en") == "Go to Check"
    assert t("widgets.keyboard.skip_to_check", "id") == "Ke tombol Periksa"
    assert t("widgets.button.check", "id") in t("widgets.keyboard.skip_to_check", "id")
    assert t("concept_test.form.submit", "id") in t("widgets.keyboard.skip_to_submit", "id")


def test_each_actor_of_the_classifier_is_a_named_row_of_choices():
    classifier = swedu.Classifier("delinquent-youth", show_map=False)
    rows = [x for x in _all(classifier.widget) if "swedu-row" in _classes(x)]
    assert len(rows) == len(classifier.scenario.actors)
    for row, actor in zip(rows, classifier.scenario.actors):
        label, toggles = row.children
        assert "swedu-row-label" in _classes(label) and str(actor.name) in label.value
        assert "swedu-choices" in _classes(toggles)
        assert list(toggles.children) == list(classifier._toggles[actor.id].values())


def test_each_row_of_boxes_of_an_exercise_form_is_one_group_of_choices():
    form = AnswerForm("ex1-classify")
    groups = [x for x in _all(form.widget) if "swedu-choices" in _classes(x)]
    assert [list(g.children) for g in groups] == [list(boxes.values()) for boxes in form.boxes.values()]


class _Attributes(HTMLParser):
    def handle_starttag(self, tag, attrs):
        self.found = (tag, dict(attrs))


def test_the_script_survives_the_html_attribute_whole():
    """The script is an ``onerror`` attribute: the browser reads back exactly the JavaScript (quotes and
    ampersands escaped), on one line."""
    parser = _Attributes()
    parser.feed(aria_script())
    tag, attrs = parser.found
    assert tag == "img" and attrs["class"] == "swedu-script"
    assert attrs["onerror"] == " ".join(line.strip() for line in ARIA_JS.strip().splitlines())
    assert "//" not in ARIA_JS.replace("https://", "")  # no line comment: the lines are joined into one


def test_the_tie_editor_moves_the_focus_to_what_changed_after_drawing():
    from swedu.widgets.activities import TieEditor

    editor = TieEditor("small-business", show_map=False)
    widgets = list(_all(editor.widget))
    assert [x for x in widgets if "swedu-check-button" in _classes(x)] == [editor.draw_button]
    assert [x for x in widgets if "swedu-verdict" in _classes(x)] == [editor._status]
