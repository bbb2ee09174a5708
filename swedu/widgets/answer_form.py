"""An exercise answered by ticking boxes: the same answer a dictionary would give, without typing one.

``answer = swedu.widgets.exercise_form("ex1-classify")`` shows one row per actor (or per question) with a
box for each choice and a Check button; ``swedu.exercises.check("ex1-classify", answer)`` reads the
ticked boxes, so the check, its feedback and the progress record are those of the typed answer.

>>> import swedu
>>> form = AnswerForm("ex1-classify")
>>> form
<AnswerForm ex1-classify>
>>> form.select("bayu", "target")
>>> form.select("wulan", ["client"])
>>> form.value["bayu"], form.value["wulan"], form.value["grandma"]
('target', 'client', Ellipsis)
>>> swedu.exercises.check("ex1-classify", form).status
'partial'
"""
from __future__ import annotations

import html

import ipywidgets as w

from swedu import exercises
from swedu.exercises import checks
from swedu.i18n import get_language, t
from swedu.systems import NONE, REASONS_FOR_SYSTEM, SYSTEM_IDS, system_info
from swedu.widgets._common import (CSS, Displayable, button, check_button, group, language, live_region, serialized,
                                   skip_link, verdict_region)
from swedu.widgets._common import choices as choice_group

CLASSIFY = ("ex1-classify", "ex3-reassess")
REASONS = ("ex2-reasons",)
CHANGED = ("ex3-changed",)
QUESTIONS = {"ex4-map": ("map", "MAP_QUESTIONS"), "ex5-read": ("read", "READ_QUESTIONS")}
TIES = ("ex5-build",)
NO_TIE = ""
"""Exercise 5b: the quality chosen in a row until the student chooses one ("no tie in the story")."""
FORMS = CLASSIFY + REASONS + CHANGED + tuple(QUESTIONS) + TIES
"""The exercises that can be answered with a form."""


def css_string(text: str) -> str:
    r"""``text`` as a CSS string literal that cannot end the string or the ``<style>`` element.

    >>> css_string("Bayu: </style>")
    '"Bayu: \\3c \\2f style\\3e "'
    """
    return '"' + "".join(ch if ch.isalnum() or ch in " .,:;()-'_" else f"\\{ord(ch):x} " for ch in text) + '"'


def row_names_css(form_class: str, rows) -> str:
    """Each box's accessible name carries its row for a screen reader ("Bayu: client system").

    ipywidgets 8 gives a Checkbox no aria attributes and copies its description into ``title``, so
    markup in the description would show (and be read) as markup. Instead the row's name is a
    visually hidden ``::before`` of the box's label text: browsers include it in the accessible name,
    the page shows only the choice under the row's heading, and the tooltip stays the plain choice.
    """
    hidden = ("position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;"
              "clip:rect(0,0,0,0);white-space:nowrap")
    rules = [f".{form_class} .swedu-answer-row-{number} label.widget-label-basic>span::before"
             f"{{content:{css_string(label + ': ')};{hidden}}}"
             for number, (_row_id, label) in enumerate(rows)]
    return "<style>" + "".join(rules) + "</style>"


class AnswerForm(Displayable):
    """Tick boxes for an exercise (see :data:`FORMS`); :attr:`value` is the answer in the typed form."""

    def __init__(self, exercise_id: str):
        if exercise_id not in FORMS:
            raise ValueError(t("exercises.unknown_exercise", given=exercise_id, choices=", ".join(FORMS),
                               suggestion=""))
        self.exercise_id = exercise_id
        self._language = get_language()
        case = exercises.case(exercise_id)
        actors = [(a.id, str(a.name)) for a in case.actors]
        with language(self._language):
            if exercise_id in TIES:
                self._build(*self._tie_rows(case))
                return
            if exercise_id in CLASSIFY:
                rows = actors
                choices = [(s, system_info(s).name) for s in SYSTEM_IDS] + [(NONE, t("system.none.short"))]
            elif exercise_id in REASONS:
                rows = actors
                choices = [(f"{s}:{r}", f"{system_info(s).name}: {t(f'reason.{r}')}")
                           for s in SYSTEM_IDS for r in REASONS_FOR_SYSTEM[s]] + [(NONE, t("system.none.short"))]
            elif exercise_id in CHANGED:
                rows = [("changed", t("exercises.form.changed"))]
                choices = actors
            else:
                prefix, name = QUESTIONS[exercise_id]
                rows = [(q, t(f"exercises.{prefix}.question.{q}")) for q in getattr(checks, name)]
                choices = actors
            self._build(rows, {row: choices for row, _label in rows})

    @staticmethod
    def _tie_rows(case):
        """One numbered row per pair of :data:`checks.BUILD_ROWS`: one quality and one direction to choose
        (each a group of radio buttons: a tie has one quality and one direction)."""
        rows, choices = [], {}
        for number, (a, b) in enumerate(checks.BUILD_ROWS, start=1):
            name_a, name_b = str(case.actor(a).name), str(case.actor(b).name)
            row = f"{a}:{b}"
            rows.append((row, f"{number}. {t('exercises.tie', a=name_a, b=name_b)}"))
            choices[row] = {
                "quality": [(t("exercises.form.no_tie"), NO_TIE)]
                + [(t(f"quality.{q}"), q) for q in checks.QUALITIES],
                "direction": [(t("exercises.form.no_arrow"), "none"),
                              (t("exercises.form.from_to", a=name_a, b=name_b), "forward"),
                              (t("exercises.form.from_to", a=name_b, b=name_a), "backward"),
                              (t("exercises.form.both_ways"), "both")],
            }
        return rows, choices

    def __repr__(self) -> str:
        return f"<AnswerForm {self.exercise_id}>"

    @property
    def _form_class(self) -> str:
        return f"swedu-answer-form-{self.exercise_id}"

    def _build(self, rows, choices) -> None:
        self.boxes: dict[str, dict[str, w.Checkbox]] = {}
        self.radios: dict[str, dict[str, w.RadioButtons]] = {}
        """Exercise 5b: per row, a group of radio buttons for the quality and one for the direction."""
        lines = []
        for row_id, row_label in rows:
            if isinstance(choices[row_id], dict):  # one of many: radio groups
                radios = {part: w.RadioButtons(options=options, value=options[0][1],
                                               description=t(f"exercises.form.{part}"),
                                               style={"description_width": "6em"},
                                               layout=w.Layout(width="auto", margin="0 2em 0 0"))
                          for part, options in choices[row_id].items()}
                self.radios[row_id] = radios
                self.boxes[row_id] = {f"{part}:{value}": radio for part, radio in radios.items()
                                      for _label, value in radio.options if value != NO_TIE}
                inner = w.HBox(list(radios.values()), layout=w.Layout(flex_flow="row wrap"))
            else:
                boxes = {}
                for choice_id, choice_label in choices[row_id]:
                    box = w.Checkbox(value=False, description=choice_label, indent=False,
                                     layout=w.Layout(width="auto", margin="0 1.2em 0 0"))
                    boxes[choice_id] = box
                self.boxes[row_id] = boxes
                inner = choice_group(w.HBox(list(boxes.values()), layout=w.Layout(flex_flow="row wrap")))
            line = group([inner], row_label)
            line.layout = w.Layout(border_bottom="1px solid #cccccc", padding="0.2em 0")
            line.add_class("swedu-answer-row")
            line.add_class(f"swedu-answer-row-{len(lines)}")
            lines.append(line)
        self.check_button = check_button(button("check", "check", "primary"))
        self.check_button.on_click(lambda _b: self.check())
        self.feedback = verdict_region(w.HTML())
        self.feedback_text = ""
        self._cell_view = None
        self.widget = w.VBox([w.HTML(CSS + row_names_css(self._form_class, rows) + skip_link()), *lines, self.check_button, self.feedback])
        self.widget.add_class("swedu-activity")
        self.widget.add_class("swedu-answer-form")
        self.widget.add_class(self._form_class)

    @serialized
    def select(self, row: str, choices) -> None:
        """Tick exactly ``choices`` (one id or a list) in ``row``; the boxes a learner ticks do the same.

        In a row of radio groups (exercise 5b) ``choices`` are ``"quality:strong"``, ``"direction:both"``:
        one per group (nothing for a group leaves it at "no tie" and "no arrow").
        """
        chosen = {choices} if isinstance(choices, str) else set(choices or ())
        if row in self.radios:
            picked = {}
            for choice in chosen:
                part, _, value = choice.partition(":")
                if part not in self.radios[row] or part in picked:
                    raise ValueError(t("exercises.form.one_each", choices=", ".join(sorted(self.boxes[row]))))
                picked[part] = value
            for part, radio in self.radios[row].items():
                radio.value = picked.get(part, radio.options[0][1])
            return
        for choice_id, box in self.boxes[row].items():
            box.value = choice_id in chosen

    def _ticked(self, row: str) -> list:
        if row in self.radios:
            quality, direction = self.radios[row]["quality"].value, self.radios[row]["direction"].value
            if quality in (NO_TIE, None):  # "no tie": an arrow chosen without a quality is still said, not dropped
                return [] if direction == "none" else [f"direction:{direction}"]
            return [f"quality:{quality}", f"direction:{direction}"]
        return [choice for choice, box in self.boxes[row].items() if box.value]

    @property
    def value(self):
        """The answer as the typed exercise expects it (``...`` for a row with nothing ticked)."""
        if self.exercise_id in CHANGED:
            return self._ticked("changed") or ...
        if self.exercise_id in TIES:
            return self._ties()
        out = {}
        for row in self.boxes:
            ticked = self._ticked(row)
            if not ticked:
                out[row] = ...
            elif self.exercise_id in CLASSIFY:
                out[row] = NONE if NONE in ticked else (ticked[0] if len(ticked) == 1 else ticked)
            elif self.exercise_id in REASONS:
                out[row] = NONE if NONE in ticked else dict(choice.split(":") for choice in ticked)
            else:
                out[row] = ticked
        return out

    def _ties(self):
        """Exercise 5b's list of ties, ``...`` in place of an empty row (so tie number N is row N)."""
        ties = []
        for row in self.boxes:
            ticked = self._ticked(row)
            if not ticked:
                ties.append(...)
                continue
            tie = {"between": row.split(":")}
            for part in ("quality", "direction"):
                given = [choice.split(":")[1] for choice in ticked if choice.startswith(part + ":")]
                if given:
                    tie[part] = given[0] if len(given) == 1 else given
            ties.append(tie)
        return ties if any(tie is not ... for tie in ties) else ...

    exercise_answer = value
    """What :func:`swedu.exercises.check` reads from a form."""

    @serialized
    def check(self):
        """Check the ticked answer (as the Check button does); returns the result."""
        with language(self._language):
            result = exercises.check(self.exercise_id, _Ticked(self.value))
            self._show(result)
        return result

    def _show(self, result) -> None:
        """The one verdict: under the Check button, and the same words wherever a check cell shows it."""
        self.feedback_text = str(result)
        self.feedback.value = result._repr_html_()
        if self._cell_view is not None:
            self._cell_view.value = self._pointer(result)

    def _pointer(self, result) -> str:
        key = "exercises.form.see_above" if result.answered else "exercises.form.answer_above"
        words = t(key, status=t(f"exercises.status.{result.status}.label"), score=round(result.score * 100))
        return f'<p class="swedu-check-pointer">{html.escape(words)}</p>'

    def checked_in_cell(self, result):
        """A check cell checked this form (``swedu.exercises.check(id, form)``): the verdict is shown at the
        form, and the cell shows one live line that always agrees with it (never a second, stale verdict).
        Returns that line (a widget), which the result displays in the cell."""
        with language(self._language):
            if result.answered:
                self._show(result)
            if self._cell_view is None:
                self._cell_view = live_region(w.HTML())
            self._cell_view.value = self._pointer(result)
            return self._cell_view


class _Ticked:
    """The ticked answer of a form, as its own Check button gives it to :func:`swedu.exercises.check`."""

    def __init__(self, value):
        self.exercise_answer = value


__all__ = ["FORMS", "AnswerForm"]


def exercise_form(exercise_id: str) -> AnswerForm:
    """Tick boxes for an exercise instead of a typed answer (one of :data:`FORMS`).

    >>> form = exercise_form("ex1-classify")
    >>> form.exercise_id
    'ex1-classify'
    """
    return AnswerForm(exercise_id)
