"""Concept checks, sorters and the approach explorer: thin widgets over :mod:`swedu.activities`.

>>> from swedu.widgets import ConceptCheck
>>> quiz = ConceptCheck("four-systems-misconceptions")
>>> quiz.select("who-is-client", "son")
>>> result = quiz.check()
>>> result.statuses["who-is-client"], result.misconceptions
('wrong', ('client_is_problem_bearer',))
"""
from __future__ import annotations

import html

import ipywidgets as w

from swedu import activities as act
from swedu.i18n import get_language, t
from swedu.progress import record
from swedu.scenarios import load_scenario
from swedu.scenarios.reading import with_tie
from swedu.systems import APPROACHES, DIRECTIONS, QUALITIES
from swedu.widgets._common import (
    CSS,
    MAP_DPI,
    Displayable,
    button,
    check_button,
    choices,
    heading,
    language,
    map_widget,
    paragraphs,
    serialized,
    skip_link,
    verdict_region,
)
from swedu.widgets._map_aside import MapAside, ShowsMapAside


class _Activity(Displayable):
    """What the three activities share: data, language, result area, check and reset buttons."""

    kind = ""

    def __init__(self, activity_or_id):
        self.activity = act.load_activity(activity_or_id)
        if self.activity.kind != self.kind:
            raise act.ActivityAnswerError(t("widgets.error.unknown_activity", given=self.activity.id, suggestion="",
                                            choices=", ".join(i for i in act.activity_ids()
                                                              if act.load_activity(i).kind == self.kind)))
        self._language = get_language()
        self.result = None
        self.feedback_text = ""
        """Exactly the feedback text the learner sees (empty before the first check)."""

    def _frame(self, body: list, extra_buttons=()) -> w.VBox:
        self._result_html = verdict_region(w.HTML())  # the focus goes there after Check
        self._check_button = check_button(button("check", "check", "primary"))
        self._reset_button = button("reset", "undo")
        self._check_button.on_click(lambda _: self.check())
        self._reset_button.on_click(lambda _: self.reset())
        intro = paragraphs(str(self.activity.intro)) if self.activity.intro else ""
        root = w.VBox([w.HTML(CSS + skip_link() + heading(str(self.activity.title)) + intro), *body,
                       w.HBox([self._check_button, self._reset_button, *extra_buttons]), self._result_html])
        root.add_class("swedu-activity")
        return root

    _checker = None
    """The pure check of :mod:`swedu.activities` for this kind of activity (set by each subclass)."""

    @serialized
    def check(self) -> act.Result:
        """Check every answer; shows and returns the result."""
        with language(self._language):
            result = self._checker(self.activity, self._answer)
            self._show_result(result)
            return result

    @serialized
    def reset(self) -> None:
        """Clear every choice and the result."""
        with language(self._language):
            self._clear_answer()
            self._clear_result()

    def _clear_answer(self) -> None:
        """Every choice undone, and the inputs showing it."""
        self._answer.clear()
        for input_id in self._inputs:
            self._sync(input_id)

    def _show_result(self, result) -> None:
        self.result = result
        self.feedback_text = result.text
        self._result_html.value = act.result_html(result)
        record(result)

    def _clear_result(self) -> None:
        self.result = None
        self.feedback_text = ""
        self._result_html.value = ""

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.activity.id}>"


class ConceptCheck(_Activity):
    """Single- and multiple-choice questions; every wrong option carries its own feedback.

    ``select(question, option_or_options)`` (or ``select(options)`` when there is one
    question), ``check()`` returns a :class:`swedu.activities.Result`.
    """

    kind = "concept_check"

    def __init__(self, activity_or_id):
        super().__init__(activity_or_id)
        self._answer: dict[str, tuple] = {}
        with language(self._language):
            self._inputs: dict[str, object] = {}
            body = []
            for n, q in enumerate(self.activity.questions, 1):
                prompt = w.HTML(f"<p><strong>{n}.</strong> {html.escape(str(q.prompt))}</p>")
                if q.multiple:
                    boxes = {}
                    for o in q.options:
                        box = w.Checkbox(value=False, description=str(o.text), indent=False,
                                         layout=w.Layout(width="auto"))
                        box.observe(lambda change, q=q.id: self._on_input(q), "value")
                        boxes[o.id] = box
                    self._inputs[q.id] = boxes
                    question = w.VBox([prompt, choices(w.VBox(list(boxes.values())))])
                    choices(question.children[1], prompt, question)  # named by the prompt
                    body.append(question)
                else:
                    radio = w.RadioButtons(options=[(str(o.text), o.id) for o in q.options], value=None,
                                           layout=w.Layout(width="auto"))
                    radio.observe(lambda change, q=q.id: self._on_input(q), "value")
                    self._inputs[q.id] = radio
                    question = w.VBox([prompt, radio])
                    question.add_class("swedu-row")  # the radio group is named by the prompt
                    prompt.add_class("swedu-row-label")
                    body.append(question)
            self.widget = self._frame(body)

    @property
    def answer(self) -> dict:
        """``{question_id: [option ids]}`` for the questions answered so far."""
        return {q.id: list(self._answer[q.id]) for q in self.activity.questions if self._answer.get(q.id)}

    @serialized
    def select(self, question, options=None) -> None:
        """Choose the option(s) of a question (ids or texts); ``None`` or ``[]`` clears it."""
        with language(self._language):
            if options is None and len(self.activity.questions) == 1 and question is not None:
                question, options = self.activity.questions[0].id, question
            elif options is None and isinstance(question, (list, tuple)):
                raise act.ActivityAnswerError(t("widgets.error.which_question",
                                                example=self.activity.questions[0].id))
            q = self.activity.question(question)
            self._answer[q.id] = act.normalise_choice(q, options)
            self._sync(q.id)

    @serialized
    def _on_input(self, question_id: str) -> None:
        if self._syncing:
            return
        widget = self._inputs[question_id]
        if isinstance(widget, dict):
            chosen = [oid for oid, box in widget.items() if box.value]
        else:
            chosen = widget.value
        self.select(question_id, chosen)

    def _sync(self, question_id: str) -> None:
        chosen = self._answer.get(question_id, ())
        widget = self._inputs[question_id]
        with self._setting_inputs():
            if isinstance(widget, dict):
                for oid, box in widget.items():
                    if box.value != (oid in chosen):
                        box.value = oid in chosen
            else:
                value = chosen[0] if chosen else None
                if widget.value != value:
                    widget.value = value

    _checker = staticmethod(act.check_concept)


class Sorter(_Activity):
    """Put each item into its category (one per group); misplaced items get a hint, not the answer.

    ``select(item, category)`` or ``select(item, {group: category})``.
    """

    kind = "sorter"

    def __init__(self, activity_or_id):
        super().__init__(activity_or_id)
        self._answer: dict[str, dict] = {}
        with language(self._language):
            self._inputs: dict[str, dict[str, w.Dropdown]] = {}
            body = [w.HTML(f"<p><em>{html.escape(t('widgets.activity.sort_title'))}</em></p>")]
            for n, item in enumerate(self.activity.items, 1):
                dropdowns = {}
                for g in self.activity.groups:
                    options = [(t("widgets.activity.choose"), "")] + [(str(c.label), c.id) for c in g.categories]
                    dropdown = w.Dropdown(options=options, value="", description=str(g.label),
                                          style={"description_width": "initial"}, layout=w.Layout(width="auto"))
                    dropdown.observe(lambda change, i=item.id: self._on_input(i), "value")
                    dropdowns[g.id] = dropdown
                self._inputs[item.id] = dropdowns
                body.append(w.VBox([w.HTML(f"<p><strong>{n}.</strong> {html.escape(str(item.text))}</p>"),
                                    w.HBox(list(dropdowns.values()), layout=w.Layout(flex_flow="row wrap"))],
                                   layout=w.Layout(border_bottom="1px solid #cccccc")))
            self.widget = self._frame(body)

    @property
    def answer(self) -> dict:
        """``{item_id: category}`` (one group) or ``{item_id: {group: category}}``."""
        single = len(self.activity.groups) == 1
        out = {}
        for item in self.activity.items:
            chosen = self._answer.get(item.id)
            if chosen:
                out[item.id] = next(iter(chosen.values())) if single else dict(chosen)
        return out

    @serialized
    def select(self, item, category) -> None:
        """Put ``item`` (id or text) into ``category`` (id or label; a mapping per group; ``None`` clears)."""
        with language(self._language):
            found = self.activity.item(item)
            if category is None or category == "":
                self._answer.pop(found.id, None)
            else:
                merged = dict(self._answer.get(found.id, {}))
                merged.update(act.normalise_sort(self.activity, {found.id: category}).get(found.id, {}))
                self._answer[found.id] = merged
            self._sync(found.id)

    @serialized
    def _on_input(self, item_id: str) -> None:
        if self._syncing:
            return
        chosen = {g: d.value for g, d in self._inputs[item_id].items() if d.value}
        self._answer.pop(item_id, None)
        self.select(item_id, chosen or None)

    def _sync(self, item_id: str) -> None:
        chosen = self._answer.get(item_id, {})
        with self._setting_inputs():
            for g, dropdown in self._inputs[item_id].items():
                value = chosen.get(g, "")
                if dropdown.value != value:
                    dropdown.value = value

    _checker = staticmethod(act.check_sort)


class ApproachExplorer(ShowsMapAside, _Activity):
    """One case graph; choose an approach and see what it addresses, then answer which fit social work.

    The rule (:func:`swedu.activities.approach_scope`) follows the seed: monolistic = only the person
    with the problem; dualistic = that person and their environment together (not what the case puts
    outside the plan); holistic = that, and the problems linked to the main one, each addressed by
    social work or by referral to a competent profession (listed beside the map).
    ``show(approach)`` highlights; ``select(approaches)`` and ``check()`` answer the question.

    A click on an approach shows its words at once and its map when drawn: a map not drawn before is drawn
    on the widgets' helper thread (:class:`~swedu.widgets._map_aside.MapAside`), each approach's map once.
    """

    kind = "approach_explorer"

    def __init__(self, activity_or_id, show_map: bool = True):
        super().__init__(activity_or_id)
        self.scenario = load_scenario(self.activity.scenario)
        self.approach = None
        self.scope: dict = {}
        self.view_text = ""
        """The description of the approach shown, as the learner reads it."""
        self._show_map = show_map
        self._chosen: tuple = ()
        with language(self._language):
            self._approach_buttons = w.ToggleButtons(
                options=[(t(f"approach.{a}.name"), a) for a in APPROACHES], value=None,
                tooltips=[t(f"widgets.approach_rule.{a}") for a in APPROACHES],
                description="", style={"button_width": "auto"})
            self._approach_buttons.observe(lambda change: self._on_approach(change["new"]), "value")
            self._view_html = w.HTML(paragraphs(t("widgets.activity.approach_focus",
                                                  actor=str(self.scenario.actor(self.activity.focus).name))))
            self._image = map_widget()
            self._image.layout.flex = "1 1 30em"
            self._maps = MapAside(self._image, self._language)
            self._drawn: dict[str, bytes] = {}
            """Each approach's map once drawn (the case, its focus, stage and language never change)."""
            self._linked_view = w.HTML("", layout=w.Layout(display="none", flex="1 1 18em", margin="0 0 0 1em"))
            self._linked_view.add_class("swedu-linked-problems")
            question = self.activity.questions[0]
            self._boxes = {}
            for o in question.options:
                box = w.Checkbox(value=False, description=str(o.text), indent=False, layout=w.Layout(width="auto"))
                box.observe(lambda change: self._on_boxes(), "value")
                self._boxes[o.id] = box
            self._image_row = w.HBox([self._image, self._linked_view],  # the holistic view's list beside the map
                            layout=w.Layout(flex_flow="row wrap", align_items="flex-start"))
            # Each row of choices is a group named by the words above it (a screen reader hears them).
            choose = w.HTML(f"<p>{html.escape(t('widgets.activity.approach_choose'))}</p>")
            approaches = w.VBox([choose, self._approach_buttons])
            choices(self._approach_buttons, choose, approaches)
            prompt = w.HTML(f"<p><strong>{html.escape(t('widgets.activity.question'))}:</strong> "
                            f"{html.escape(str(question.prompt))}</p>")
            answers = w.VBox([prompt, choices(w.VBox(list(self._boxes.values())))])
            choices(answers.children[1], prompt, answers)
            body = [approaches, self._view_html, self._image_row, answers]
            self.widget = self._frame(body)

    @serialized
    def show(self, approach: str) -> dict:
        """Highlight what ``approach`` addresses; returns ``{"actors": ..., "relations": ..., "problems": ...}``.

        The holistic view also lists, beside the map, the problems linked to the main one, who is
        competent for each, and whether social work refers it (:attr:`view_text` holds the same in words).
        The map is drawn before it returns.
        """
        return self._show(approach)

    def _show(self, approach: str, from_click: bool = False) -> dict:
        with language(self._language):
            scope = act.approach_scope(self.scenario, str(approach).strip().lower(), self.activity.focus,
                                       self.activity.stage)
            self.approach = str(approach).strip().lower()
            self.scope = scope
            names = t("feedback.list_separator").join(str(a.name) for a in self.scenario.actors
                                                      if a.id in scope["actors"])
            lines = [t(f"approach.{self.approach}.description"), t(f"widgets.approach_rule.{self.approach}"),
                     t("widgets.activity.approach_addresses", approach=t(f"approach.{self.approach}.name"),
                       actors=names)]
            linked = self._linked_lines() if self.approach == "holistic" else []
            self.view_text = "\n\n".join(lines + linked)
            self._view_html.value = paragraphs("\n\n".join(lines))
            self._linked_view.value = self._linked_html(linked)
            self._linked_view.layout.display = "" if linked else "none"
            with self._setting_inputs():
                if self._approach_buttons.value != self.approach:
                    self._approach_buttons.value = self.approach
            if self._show_map:
                self._show_approach_map(scope, from_click)
            return scope

    def _show_approach_map(self, scope: dict, from_click: bool) -> None:
        """The map of the approach chosen: kept from before, drawn now (a cell), or drawn aside (a click)."""
        approach, scenario = self.approach, self.scenario
        alt = t("widgets.activity.approach_map_alt", approach=t(f"approach.{approach}.name"),
                scenario=str(scenario.title))

        def approach_png() -> bytes:
            from swedu import draw  # deferred: matplotlib loads with the first map (aside after a click)

            png = draw.png_bytes(draw.approach_map(scenario, approach, scope), dpi=MAP_DPI)
            self._drawn[approach] = png
            return png

        if approach in self._drawn:
            self._maps.show(self._drawn[approach], alt)
        else:
            self._maps.draw(approach_png, alt, after_click=from_click)

    def _linked_lines(self) -> list:
        """The holistic view's words: a heading, then one line per linked problem (or a note that the case
        lists none)."""
        problems = self.scope.get("problems", ())
        person = str(self.scenario.actor(self.activity.focus).name)
        if not problems:
            return [t("widgets.activity.linked_none", actor=person)]
        items = [t("widgets.activity.linked_item", dimension=t(f"life_dimension.{p.dimension}").capitalize(),
                   text=str(p.text), competent=str(p.competent),
                   how=t("widgets.activity.linked_referral" if p.referral else "widgets.activity.linked_social_work"))
                 for p in problems]
        return [t("widgets.activity.linked_heading", actor=person)] + items

    @staticmethod
    def _linked_html(lines: list) -> str:
        """The lines of :meth:`_linked_lines` as escaped HTML: a heading and a list (read in order by a
        screen reader; nothing is told by colour)."""
        if not lines:
            return ""
        if len(lines) == 1:
            return paragraphs(lines[0])
        items = "".join(f"<li>{html.escape(line)}</li>" for line in lines[1:])
        return (f'<div class="swedu-linked-problems"><p><strong>{html.escape(lines[0])}</strong></p>'
                f"<ul>{items}</ul></div>")

    @serialized
    def _on_approach(self, value) -> None:
        if not self._syncing and value:
            self._show(value, from_click=True)

    @property
    def answer(self) -> list:
        return list(self._chosen)

    @serialized
    def select(self, approaches) -> None:
        """Answer the question: the approach ids (or names) that fit social work in this case."""
        with language(self._language):
            question = self.activity.questions[0]
            self._chosen = act.normalise_choice(question, approaches)
            with self._setting_inputs():
                for oid, box in self._boxes.items():
                    if box.value != (oid in self._chosen):
                        box.value = oid in self._chosen

    @serialized
    def _on_boxes(self) -> None:
        if not self._syncing:
            self.select([oid for oid, box in self._boxes.items() if box.value])

    _checker = staticmethod(act.check_approach)

    @property
    def _answer(self) -> tuple:
        """The approaches chosen, as the check reads them."""
        return self._chosen

    def _clear_answer(self) -> None:
        self.select([])


class TieEditor(ShowsMapAside, Displayable):
    """Change the ties of an ecomap with a form and draw it again (lesson 8): no code to type.

    Choose a tie, then its quality, strength and direction (one of each: radio buttons), and press
    Draw the map again. The changes add up; Start again returns to the case as it was given. A click on
    Draw the map again says what changed at once and shows the map when drawn (on the widgets' helper
    thread: :class:`~swedu.widgets._map_aside.MapAside`); :meth:`redraw` in a cell draws it before it returns.

    >>> import swedu
    >>> editor = TieEditor(swedu.load_scenario("small-business"), show_map=False)
    >>> editor
    <TieEditor small-business>
    >>> editor.set_tie("middlemen", quality="tenuous")
    >>> [r.quality for r in editor.scenario.relations if "middlemen" in (r.source, r.target)]
    ['tenuous']
    """

    def __init__(self, scenario, show_map: bool = True):
        self._language = get_language()
        self.original = scenario if hasattr(scenario, "relations") else load_scenario(scenario)
        self.scenario = self.original
        self._show_map = show_map
        self.status_text = ""
        with language(self._language):
            names = {a.id: str(a.name) for a in self.original.actors}
            self._pairs = [(r.source, r.target) for r in self.original.relations]
            self.tie = w.RadioButtons(
                options=[(t("widgets.tie_editor.tie_line", a=names[a], b=names[b]), n)
                         for n, (a, b) in enumerate(self._pairs)],
                value=0, description=t("widgets.tie_editor.tie"), style={"description_width": "8em"},
                layout=w.Layout(width="auto"))
            self.quality = w.RadioButtons(options=[(t(f"quality.{q}"), q) for q in QUALITIES],
                                          description=t("widgets.tie_editor.quality"),
                                          style={"description_width": "8em"}, layout=w.Layout(width="auto"))
            self.strength = w.RadioButtons(options=[(t(f"builder.strength.{n}"), n) for n in (1, 2, 3)],
                                           description=t("widgets.tie_editor.strength"),
                                           style={"description_width": "8em"}, layout=w.Layout(width="auto"))
            self.direction = w.RadioButtons(options=[("", d) for d in DIRECTIONS],
                                            description=t("widgets.tie_editor.direction"),
                                            style={"description_width": "8em"}, layout=w.Layout(width="auto"))
            self.draw_button = check_button(button("draw_again", "refresh", "primary"))  # focus: the status after
            self.reset_button = button("start_again", "undo")
            self.draw_button.on_click(lambda _b: self._on_draw_click())
            self.reset_button.on_click(lambda _b: self.reset())
            self.tie.observe(lambda _change: self._tie_chosen(), "value")
            self._status = verdict_region(w.HTML())
            self._map = map_widget()
            self._maps = MapAside(self._map, self._language)
            self._tie_chosen()
            self.widget = w.VBox([
                w.HTML(CSS + heading(t("widgets.tie_editor.heading"))
                       + paragraphs(t("widgets.tie_editor.intro"))),
                self.tie, w.HBox([self.quality, self.strength, self.direction],
                                 layout=w.Layout(flex_flow="row wrap")),
                w.HBox([self.draw_button, self.reset_button]), self._status, self._map])
            self.widget.add_class("swedu-activity")
            self.widget.add_class("swedu-tie-editor")

    def __repr__(self) -> str:
        return f"<TieEditor {self.original.id}>"

    def _relation(self, number: int):
        return self.scenario.relations[number]

    @serialized
    def _tie_chosen(self) -> None:
        """Show the chosen tie's values, and its directions in the names of its two ends."""
        with language(self._language):
            number = self.tie.value
            relation = self._relation(number)
            a, b = (str(self.scenario.actor(x).name) for x in (relation.source, relation.target))
            labels = {"none": t("exercises.form.no_arrow"), "forward": t("exercises.form.from_to", a=a, b=b),
                      "backward": t("exercises.form.from_to", a=b, b=a), "both": t("exercises.form.both_ways")}
            self.direction.options = [(labels[d], d) for d in DIRECTIONS]
            self.quality.value, self.strength.value = relation.quality, relation.strength
            self.direction.value = relation.direction

    @serialized
    def set_tie(self, other_end: str, quality=None, strength=None, direction=None) -> None:
        """Give the tie(s) with ``other_end`` (an actor id or name) new values, as the form does."""
        with language(self._language):
            self.scenario = with_tie(self.scenario, other_end, quality=quality, strength=strength,
                                     direction=direction)

    @serialized
    def redraw(self) -> bytes:
        """Apply the values chosen for the chosen tie and draw the ecomap again; returns the PNG."""
        return self._redraw()

    @serialized
    def _on_draw_click(self) -> None:
        self._redraw(from_click=True)

    def _redraw(self, from_click: bool = False) -> bytes:
        from dataclasses import replace

        with language(self._language):
            number = self.tie.value
            relations = list(self.scenario.relations)
            relations[number] = replace(relations[number], quality=self.quality.value,
                                        strength=self.strength.value, direction=self.direction.value)
            self.scenario = replace(self.scenario, relations=tuple(relations))
            label = dict((v, k) for k, v in self.tie.options)[number]
            self.status_text = t("widgets.tie_editor.changed", tie=label, quality=t(f"quality.{self.quality.value}"))
            self._status.value = paragraphs(self.status_text)
            if self._show_map:
                scenario = self.scenario
                alt = t("widgets.tie_editor.map_alt", case=str(scenario.title), tie=label,
                        quality=t(f"quality.{self.quality.value}"))

                def ecomap_png() -> bytes:
                    from swedu import draw  # deferred: matplotlib loads with the first map (aside after a click)

                    return draw.png_bytes(draw.ecomap(scenario), dpi=MAP_DPI)

                self._maps.draw(ecomap_png, alt, after_click=from_click)
            return self.map_png

    @serialized
    def reset(self) -> None:
        """Back to the case as it was given (no map until the next Draw)."""
        with language(self._language):
            self.scenario = self.original
            self.status_text = ""
            self._status.value = ""
            self._maps.clear()
            self._tie_chosen()


__all__ = ["ApproachExplorer", "ConceptCheck", "Sorter", "TieEditor"]
