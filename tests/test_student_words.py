"""No programmer's word reaches a student: every message of the builder, the exercise forms and their
checks, and the activities, rendered with wrong and hostile input in both languages.

A student-facing text may not show a Python value (``None``, a list ``[...]``, a dict ``{...}``, a quoted
repr ``'x'``), an id (``pak_budi_2``, ``gives_to``, snake case in general), a repr (``<CheckResult ...>``)
or, in Indonesian, an English value of the data (``strong``, ``backward``, ``between`` ...). The words
the student typed are taken out before looking: echoing them back is fine.
"""
from __future__ import annotations

import html
import itertools
import re
from html.parser import HTMLParser

import pytest

import swedu
from swedu import activities as act
from swedu import exercises
from swedu.i18n import set_language
from swedu.widgets import CaseBuilder, ConceptCheck, Sorter, exercise_form
from swedu.widgets.activities import ApproachExplorer, TieEditor
from swedu.widgets.answer_form import FORMS

LANGUAGES = ("en", "id")
ENGLISH_VALUES = ("strong", "tenuous", "stressful", "forward", "backward", "both", "none", "between", "quality",
                  "direction", "hub", "weak", "outside", "client", "target", "action", "change agent", "list",
                  "dict", "True", "False")
"""Values of the data and of Python that must never be shown in an Indonesian text."""


class _Text(HTMLParser):
    """The text a reader sees in HTML (tags dropped, entities turned back into characters); the insides of
    ``<style>`` and of attributes are not text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("style", "script")

    def handle_endtag(self, tag):
        self._skip -= tag in ("style", "script") and self._skip > 0

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def seen(markup: str) -> str:
    parser = _Text()
    parser.feed(markup)
    return " ".join(parser.parts)


def programmer_words(text: str, language: str, typed=()) -> list[str]:
    """The tokens of ``text`` a student should never read (empty when the text is clean)."""
    for words in sorted(typed, key=len, reverse=True):
        if words.strip():
            text = text.replace(words.strip(), " ")
    found = []
    found += re.findall(r"\bNone\b(?! of)|\bEllipsis\b|\.\.\.\)", text)  # "None of the four" is English
    found += re.findall(r"[\[\]{}]", re.sub(r"\[(\*|\d+)\]", "", text))  # [*] and [1] are Jupyter's prompts
    found += re.findall(r"'[^'\s]+'", text)  # a quoted repr ('strong'); an apostrophe (actor's) is fine
    found += re.findall(r"\b[a-z]+_[a-z0-9_]+\b", text)  # ids: pak_budi_2, gives_to, change_agent
    found += re.findall(r"<\w[^>]*>", text)  # a repr such as <CheckResult ...>
    found += re.findall(r"\b\w+\[\d+\]", text)  # a path: actors[1]
    if language == "id":  # a quotation of the source (a long text in quotes) keeps its English
        text = re.sub(r'"[^"]{25,}"', " ", text)
        found += [w for w in ENGLISH_VALUES if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text)]
    return found


def _widgets(root):
    yield root
    for child in getattr(root, "children", ()):
        yield from _widgets(child)


def shown_texts(root) -> list[str]:
    """Every text a widget tree shows: HTML values as read, labels, descriptions, options, tooltips."""
    import ipywidgets as w

    texts = []
    for widget in _widgets(root):
        if isinstance(widget, w.HTML):
            texts.append(seen(widget.value))
        for name in ("description", "tooltip", "placeholder"):
            value = getattr(widget, name, None)
            if isinstance(value, str):
                texts.append(value)
        if hasattr(widget, "_options_labels"):
            texts.extend(widget._options_labels)
        texts.extend(getattr(widget, "tooltips", None) or ())
    return texts


def assert_clean(texts, language: str, where: str, typed=()) -> None:
    problems = {}
    for text in texts:
        bad = programmer_words(str(text), language, typed)
        if bad:
            problems[str(text)[:160]] = bad
    assert not problems, f"{where} ({language}) shows programmer's words: {problems}"


@pytest.fixture(params=LANGUAGES)
def lang(request):
    set_language(request.param)
    yield request.param
    set_language("en")


# ----- the detector itself can fail -----------------------------------------------------------------------

@pytest.mark.parametrize("text, language", [
    ("['strong', 'tenuous'] (list) bukan kualitas hubungan", "id"),
    ("None bukan kualitas hubungan", "id"),
    ("actor: actors[1].name seharusnya diisi", "id"),
    ("nama 'Pak Budi' milik 'pak_budi_2'", "id"),
    ('Pertanyaan "gives_to": siapa', "id"),
    ("Arah backward tidak sesuai", "id"),
    ("<ConceptCheck jupyter-first-steps>", "en"),
    ('{"quality": "strong"}', "en"),
])
def test_the_detector_finds_what_the_issue_found(text, language):
    assert programmer_words(text, language)


def test_the_detector_lets_plain_words_and_the_students_own_words_pass():
    assert programmer_words("Type the actor's name first, then press Add actor.", "en") == []
    assert programmer_words("Sudah ada pihak bernama pak_budi [2].", "id", typed=["pak_budi [2]"]) == []


# ----- the case builder ---------------------------------------------------------------------------------------

HOSTILE_NAMES = ["", "   ", "Pak Budi", "pak  budi", "PAK BUDI", "Pak Bùdi", "<b>Bu</b> Sari", "x" * 80, "Rina"]


def test_the_builder_says_nothing_a_programmer_would_say(lang, tmp_path):
    builder = CaseBuilder(folder=tmp_path, show_maps=False)
    texts = [builder._repr_mimebundle_()[0]["text/plain"]] + shown_texts(builder.widget)
    typed = [n for n in HOSTILE_NAMES if n.strip()]
    # every refusal and every message, step by step, as a hurried student would meet them
    builder.remove_actor_button.click()
    builder.update_relation_button.click()
    builder.set_role_button.click()
    builder.add_stage_button.click()
    texts += shown_texts(builder.widget) + [builder.status_text]
    for name in HOSTILE_NAMES:
        builder.actor_name.value = name
        builder.add_actor_button.click()
        texts += shown_texts(builder.widget) + [builder.status_text]
    builder.add_relation_button.click()
    for title in ("", "Penerimaan", "penerimaan"):
        builder.stage_title.value = title
        builder.add_stage_button.click()
        texts += shown_texts(builder.widget)
    builder.role_rationale.value = ""
    builder.set_role_button.click()
    builder.title.value = "Delinquent youth"  # the course's own case
    builder.save_button.click()
    texts += shown_texts(builder.widget) + [builder.status_text]
    builder.title.value, builder.topic.value, builder.summary.value = "A", "B", "C"
    builder.save_button.click()
    texts += shown_texts(builder.widget) + [builder.status_text]
    assert_clean(texts, lang, "the case builder", typed + ["Penerimaan", "Delinquent youth"])


def test_a_restored_draft_with_nameless_actors_is_described_in_words(lang, tmp_path):
    from swedu.scenarios.builder import CaseDraft

    draft = CaseDraft(language=lang)
    draft.actors = [{"id": "actor", "name": "", "kind": "person", "traits": []},
                    {"id": "pak_budi", "name": "Pak Budi", "kind": "person", "traits": []},
                    {"id": "pak_budi_2", "name": "Pak Budi", "kind": "person", "traits": []}]
    draft.stages = [{"id": "stage", "title": "", "narrative": "", "roles": {
        "pak_budi": {"client": {"reason": "asked_or_agreed", "rationale": ""}}}}]
    draft.save_draft(tmp_path / "my-case.draft.json")
    builder = CaseBuilder(folder=tmp_path, show_maps=False)
    texts = shown_texts(builder.widget) + [builder.status_text] + [m.message for m in builder.messages]
    assert builder.messages, "a restored draft says what is missing"
    assert_clean(texts, lang, "a restored draft", ["Pak Budi"])
    messages = [m.message for m in builder.messages]
    assert len(messages) == len(set(messages)), messages  # each problem once


# ----- the exercise forms and their checks ------------------------------------------------------------------------

def _tick_patterns(form):
    """Wrong, partial, doubled and empty answers: nothing, every single box, every box, and pairs."""
    rows = list(form.boxes)
    yield {}
    for row in rows:
        choices = list(form.boxes[row])
        if row in form.radios:
            yield {row: ["direction:forward"]}  # an arrow without a quality
            for quality in (c for c in choices if c.startswith("quality:")):
                for direction in (c for c in choices if c.startswith("direction:")):
                    yield {row: [quality, direction]}
            continue
        for choice in choices:
            yield {row: [choice]}
        yield {row: choices}
        for pair in itertools.islice(itertools.combinations(choices, 2), 6):
            yield {row: list(pair)}
    yield {row: list(form.boxes[row])[:1] for row in rows}


@pytest.mark.parametrize("exercise_id", FORMS)
def test_every_form_and_check_speaks_plain_words(exercise_id, lang):
    form = exercise_form(exercise_id)
    texts = [form._repr_mimebundle_()[0]["text/plain"]] + shown_texts(form.widget)
    result = exercises.check(exercise_id, form)  # a check cell under the untouched form
    bundle, _meta = result._repr_mimebundle_()
    texts += [seen(bundle["text/html"]), bundle["text/plain"], str(result)]
    for pattern in _tick_patterns(form):
        for row in form.boxes:
            form.select(row, pattern.get(row, []))
        form.check_button.click()
        texts += [form.feedback_text, seen(form.feedback.value)]
        in_cell = exercises.check(exercise_id, form)
        texts += [seen(in_cell._repr_mimebundle_()[0]["text/html"]), seen(form._cell_view.value)]
        # one verdict: the line in the check cell says the form's status
        assert html.unescape(form._cell_view.value).count(
            swedu.i18n.t(f"exercises.status.{in_cell.status}.label")) == 1
    assert_clean(texts, lang, f"the form of {exercise_id}")


def test_a_check_cell_never_contradicts_its_form(lang):
    form = exercise_form("ex4-map")
    cell = exercises.check("ex4-map", form)  # run with the notebook: not answered yet
    assert cell.status == "not_answered" and cell.view is not None
    form.select("hub", ["wulan"])
    result = form.check()  # the student ticks and presses Check in the form
    assert result.status == "partial"
    line = html.unescape(cell.view.value)  # the check cell's line, never re-run
    assert swedu.i18n.t("exercises.status.partial.label") in line
    assert swedu.i18n.t("exercises.status.not_answered.label") not in line


# ----- the activities -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("activity_id", act.activity_ids())
def test_every_activity_result_speaks_plain_words(activity_id, lang):
    activity = act.load_activity(activity_id)
    widget_class = {"concept_check": ConceptCheck, "sorter": Sorter, "approach_explorer": ApproachExplorer}[activity.kind]
    widget = (widget_class(activity_id, show_map=False) if widget_class is ApproachExplorer
              else widget_class(activity_id))
    texts = [widget._repr_mimebundle_()[0]["text/plain"]] + shown_texts(widget.widget)
    texts += [widget.check().text, seen(widget._result_html.value)]  # nothing answered
    if activity.kind == "concept_check":
        for question in activity.questions:
            for option in question.options:
                widget.select(question.id, [option.id])
                texts += [widget.check().text, seen(widget._result_html.value)]
    elif activity.kind == "sorter":
        for item in activity.items:
            for group in activity.groups:
                for category in group.categories:
                    widget.select(item.id, {group.id: category.id})
                    texts += [widget.check().text]
    else:
        for approach in ("monolistic", "dualistic", "holistic"):
            widget.show(approach)
            texts.append(widget.view_text)
        widget.select([question.id for question in activity.questions[0].options][:1])
        texts += [widget.check().text, seen(widget._result_html.value)]
    assert_clean(texts, lang, f"the activity {activity_id}")


def test_the_lesson_0_quiz_says_right_once_and_explains_its_score(lang):
    quiz = ConceptCheck("jupyter-first-steps")
    quiz.select("run-a-cell", "shift-enter")
    text = quiz.check().text
    right = swedu.i18n.t("widgets.activity.verdict.correct")
    assert f"{right}: {right}" not in text and f"{right}. {right}" not in text
    assert "33%" in text and swedu.i18n.t("widgets.activity.summary", correct=1, total=3) in text


def test_the_tie_editor_speaks_plain_words(lang):
    editor = TieEditor(swedu.load_scenario("small-business"), show_map=False)
    texts = [editor._repr_mimebundle_()[0]["text/plain"]] + shown_texts(editor.widget)
    for number in range(len(editor.tie.options)):
        editor.tie.value = number
        editor.quality.value = "stressful"
        editor.direction.value = "backward"
        editor.redraw()
        texts += shown_texts(editor.widget) + [editor.status_text]
    editor.reset()
    assert_clean(texts, lang, "the tie editor")


@pytest.mark.parametrize("make", [
    lambda: ConceptCheck("jupyter-first-steps"), lambda: exercise_form("ex5-build"),
    lambda: swedu.Classifier("delinquent-youth", show_map=False),
])
def test_a_widget_that_has_not_run_shows_a_sentence_in_its_language(make, lang):
    text = make()._repr_mimebundle_()[0]["text/plain"]
    assert text == swedu.i18n.t("widgets.placeholder") and "<" not in text


def test_the_key_reveals_speak_plain_words(lang):
    from swedu.widgets import KeyMap, SeveralRoles

    classifier = swedu.Classifier("delinquent-youth", show_map=False)
    key_map = KeyMap(classifier)
    texts = [key_map._repr_mimebundle_()[0]["text/plain"]] + shown_texts(key_map.widget)
    key_map.show()  # before the student checked: it says so
    texts += shown_texts(key_map.widget) + [key_map.status_text]
    roles = SeveralRoles(["delinquent-youth", "small-business"])
    roles.show()
    texts += [roles._repr_mimebundle_()[0]["text/plain"]] + shown_texts(roles.widget)
    assert_clean(texts, lang, "the key reveals")
