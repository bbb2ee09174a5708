"""The concept test as a form: one radio group per question, one Submit button, nothing to type.

Given before Lesson 1 (``phase="pre"``): after Submit the student sees only that the answers are
saved; no verdict, no key, no score. Given after the last lesson (``phase="post"``): after Submit each
question shows its verdict, the best answer and why, and the misconception behind a wrong choice.
Each Submit is recorded like any check (:func:`swedu.progress.record`: the store, the hand-in and, on
a hub, the class's service); the report counts each student's first sitting of each phase.

Every text is escaped; each question's options are one radio group, reached with Tab and chosen with the
arrow keys (no key pressed in the form reaches JupyterLab's notebook shortcuts); a link at the top leads to
Submit, and after Submit the focus moves to the result, which a screen reader reads
(``tests/browser/test_concept_test_form.py`` answers and submits the form by keyboard); the verdicts carry
icons and words (colour only repeats them).

>>> from swedu.widgets import ConceptTestForm
>>> form = ConceptTestForm("post")
>>> form.select("q01-who-asked", "darmini")
>>> result = form.submit()
>>> result.statuses["q01-who-asked"], result.right
('correct', 1)
>>> "Bu Darmini" in ConceptTestForm("pre").submit().text
False
"""
from __future__ import annotations

import html

import ipywidgets as w

from swedu import concept_test as ct
from swedu.i18n import get_language, t
from swedu.outcome import feedback_lead_html, verdicts_html
from swedu.progress import record
from swedu.widgets._common import (CSS, Displayable, button, check_button, heading, language, paragraphs,
                                   serialized, skip_link, verdict_region)


class ConceptTestForm(Displayable):
    """The concept test in a lesson: ``select(question, option)`` and ``submit()`` are what the form's
    radio buttons and its button call."""

    def __init__(self, phase: str = "pre", test=ct.COURSE_TEST):
        if phase not in ct.PHASES:
            raise ct.ConceptTestAnswerError(t("concept_test.error.bad_phase", given=str(phase),
                                              choices=", ".join(ct.PHASES)))
        self.test = ct.load_concept_test(test)
        self.phase = phase
        self._language = get_language()
        self._answer: dict[str, str] = {}
        self.result = None
        self.feedback_text = ""
        """Exactly the text the student sees after Submit (empty before)."""
        with language(self._language):
            total = len(self.test.items)
            top = CSS + skip_link("widgets.keyboard.skip_to_submit") + heading(str(self.test.title))
            if self.test.intro:
                top += paragraphs(str(self.test.intro))
            top += f"<p><em>{html.escape(t(f'concept_test.form.{self._instruction}'))}</em></p>"
            body = [w.HTML(top)]
            self._radios: dict[str, w.RadioButtons] = {}
            for n, item in enumerate(self.test.items, 1):
                story = (f"<h4>{html.escape(t('concept_test.form.question', number=n, total=total))}</h4>"
                         f"<p>{html.escape(str(item.vignette))}</p>")
                asked = w.HTML(f"<p><strong>{n}. {html.escape(str(item.question))}</strong></p>")
                radio = w.RadioButtons(options=[(str(o.text), o.id) for o in item.options], value=None,
                                       tooltip=t("concept_test.form.group_label", number=n),
                                       layout=w.Layout(width="auto", margin="0 0 0 2em"))
                radio.observe(lambda change, item_id=item.id: self._on_input(item_id), "value")
                self._radios[item.id] = radio
                row = w.VBox([w.HTML(story), asked, radio])
                row.add_class("swedu-row")  # the options are one radio group named by the question asked
                asked.add_class("swedu-row-label")
                body.append(row)
            self._submit_button = w.Button(description=t("concept_test.form.submit"),
                                           tooltip=t("concept_test.form.submit_tooltip"), icon="paper-plane",
                                           button_style="primary", layout=w.Layout(width="auto", min_width="12em"))
            check_button(self._submit_button)
            self._submit_button.on_click(lambda _: self.submit())
            self._result_html = verdict_region(w.HTML())  # announced, and the focus goes there after Submit
            self.widget = w.VBox([*body, self._submit_button, self._result_html])
            self.widget.add_class("swedu-activity")
            self.widget.add_class("swedu-concept-test")

    @property
    def _instruction(self) -> str:
        return "before" if self.phase == "pre" else "after"

    @property
    def answer(self) -> dict:
        """``{question id: option id}`` for the questions answered so far."""
        return dict(self._answer)

    @serialized
    def select(self, item_id: str, option_id: str | None) -> None:
        """Choose ``option_id`` for question ``item_id`` (``None`` clears it); a wrong id is explained."""
        with language(self._language):
            chosen = ct.normalise_answer(self.test, {item_id: option_id})
            if chosen:
                self._answer.update(chosen)
            else:
                self._answer.pop(str(item_id), None)
            radio = self._radios[str(item_id)]
            value = self._answer.get(str(item_id))
            if radio.value != value:
                with self._setting_inputs():
                    radio.value = value

    @serialized
    def _on_input(self, item_id: str) -> None:
        if not self._syncing:
            self.select(item_id, self._radios[item_id].value)

    @serialized
    def submit(self) -> ct.TestResult:
        """Score and record the answers; shows the result of this phase and returns it."""
        with language(self._language):
            result = ct.check_test(self.test, self._answer, self.phase)
            self.result = result
            self.feedback_text = result.text
            self._result_html.value = self._result_page(result)
            record(result)
            return result

    def _result_page(self, result: ct.TestResult) -> str:
        e = html.escape
        parts = [f'<div class="swedu-feedback" lang="{e(get_language())}">']
        missing = sum(1 for s in result.statuses.values() if s == "not_answered")
        if result.phase == "pre":
            parts.append(paragraphs(result.text.replace("\n", "\n\n")))
        else:
            parts.append(feedback_lead_html(t("concept_test.post.score", right=result.right,
                                              total=result.test.max_score)))
            parts.append(verdicts_html([(i.id, result.statuses[i.id], result.item_lines(i)) for i in result.test.items]))
        if missing and result.phase == "pre":
            parts.append(f"<p>{e(t('concept_test.form.unanswered', count=missing))}</p>")
        parts.append("</div>")
        return "".join(parts)

    def __repr__(self) -> str:
        return f"<ConceptTestForm {self.test.id} ({self.phase})>"


__all__ = ["ConceptTestForm"]
