"""The classifier: read a case, mark each actor's systems, check, get hints, move to the next stage.

All logic lives in plain methods (:meth:`Classifier.select`, :meth:`~Classifier.check`,
:meth:`~Classifier.hint`, :meth:`~Classifier.reset`, :meth:`~Classifier.next_stage`,
:meth:`~Classifier.reveal`); the buttons and toggles only call them, so tests and
exercises drive exactly what a learner drives.

>>> import swedu
>>> c = swedu.Classifier("delinquent-youth", show_map=False)
>>> c
<Classifier delinquent-youth, stage intake>
>>> c.select("parents", "client")
>>> c.select("Dimas", ["client"])
>>> feedback = c.check()
>>> feedback.verdicts["teen"].status
'wrong'
>>> print(c.feedback_text.splitlines()[1])
Score: 12%
"""
from __future__ import annotations

import base64
import contextlib
import html

import ipywidgets as w

from swedu.assess import (STATUS_CSS, AnswerError, Feedback, feedback_html, key_rows, key_title,
                          normalise_answer)
from swedu.i18n import get_language, t
from swedu.model import Scenario
from swedu.mode import presenter_mode, theme_requested
from swedu.outcome import feedback_head_html
from swedu.progress import record
from swedu.scenarios import load_scenario
from swedu.systems import NONE, REASONS, SYSTEM_IDS, system_info
from swedu.widgets._aside import aside, started
from swedu.widgets._common import (
    _ACTIONS,
    CSS,
    MAP_DPI,
    Displayable,
    button,
    check_button,
    choices,
    heading,
    hide_map,
    language,
    map_widget,
    paragraphs,
    serialized,
    show_map,
    skip_link,
    verdict_region,
)
from swedu.widgets._idle import imported, imported_aside, when_idle
from swedu.widgets._map_aside import shown_unless_stale


MAP_PREPARATION_QUIET = 1.0
"""Seconds without a cell running before a shown classifier draws its map ahead of the first Check (in a
kernel): a learner reading the case gives it time; a notebook run from top to bottom does not pay for it."""


class Classifier(Displayable):
    """Classify the actors of a scenario into the four systems, stage by stage.

    ``scenario_or_id``: a :class:`swedu.Scenario`, a built-in id or the path of a
    scenario file. ``stage``: the stage to start with (default: the first).
    ``reveal=True`` shows the answer key at once (for lecturers);
    ``show_reveal_button=True`` adds a button that shows it (default: only in a lecturer's
    presentation, see :func:`swedu.presenting.presenter_mode`). ``show_map=False``
    leaves out the system map after a check.

    ``compact=True`` builds the classifier of a presentation, to fit one projector screen for up to 12
    actors: one row per actor (name, four badge toggles, none; the badges named once above the rows),
    the case text folded away, no map after a check (``show_map=True`` brings it back), and feedback
    that leads with what the class should discuss (:func:`discussion_html`), the full list one click
    away. The default is compact in any presentation (:mod:`swedu.mode`: the lecturer's and the
    students' live view, and the offline decks, whose notebooks run in a presenting kernel).

    >>> compact = Classifier("delinquent-youth", compact=True)
    >>> "swedu-compact" in compact.widget._dom_classes, compact._instructions.value == compact_legend()
    (True, True)
    """

    def __init__(self, scenario_or_id, stage=None, reveal: bool = False, show_reveal_button: bool | None = None,
                 show_map: bool | None = None, compact: bool | None = None):
        self._compact = (presenter_mode() or theme_requested()) if compact is None else compact
        if show_reveal_button is None:
            show_reveal_button = presenter_mode()
        if show_map is None:
            show_map = not self._compact
        self.scenario: Scenario = (scenario_or_id if isinstance(scenario_or_id, Scenario)
                                   else load_scenario(scenario_or_id))
        self._language = get_language()
        self._stage = self.scenario.stage(stage)
        self._answer: dict[str, dict] = {}
        self._checked = False
        self._feedback: Feedback | None = None
        self._hint_state: tuple = (None, 0)
        self._show_map = show_map
        self._map_preparation = None
        """The map's ground being drawn ahead of the first check (see :meth:`_prepare_map`), or None."""
        self._map_generation = 0
        """Counts the maps asked for (each check, reveal, reset, stage): a map drawn aside is shown only if no
        newer one was asked for meanwhile (see :meth:`_render_map`)."""
        self._map_aside = None
        """The future of the last map a click sent to be drawn aside (:mod:`swedu.widgets._aside`), or None."""
        self.feedback_text = ""
        """Exactly the feedback text the learner sees (empty before the first check)."""
        self.hint_text = ""
        self.key_text = ""
        with language(self._language):
            self._build(show_reveal_button or reveal)
            self._show_stage()
            if reveal:
                self.reveal()

    # ----- building ------------------------------------------------------------------------------
    def _build(self, reveal_button: bool) -> None:
        self._title = w.HTML()
        self._narrative = w.HTML()
        self._instructions = w.HTML(paragraphs(t("widgets.classifier.instructions")))
        self._toggles: dict[str, dict[str, w.ToggleButton]] = {}
        # Each toggle's tooltip says whether it is chosen, for screen readers (ipywidgets sets no aria-pressed).
        self._tooltips: dict[tuple, tuple] = {}
        self._reasons: dict[str, dict[str, w.Dropdown]] = {}
        self._reason_boxes: dict[str, w.Box] = {}
        rows = []
        infos = {s: system_info(s) for s in SYSTEM_IDS}
        # Widgets are costly to create (each has a layout and a style model): share the layouts
        # that never change, and make reason menus only for a case that asks for reasons.
        toggle_layout = w.Layout(width="auto", min_width="9em")
        none_layout = w.Layout(width="auto", min_width="6em")
        name_layout = w.Layout(width="15em")
        if self._compact:  # one row per actor on a projector screen: the badges, explained once above
            name_layout = w.Layout(width="24em")
            toggle_layout = w.Layout(width="auto", min_width="3.2em")
            none_layout = w.Layout(width="auto")
        asks_reasons = any(stage.ask_reasons for stage in self.scenario.stages)
        reason_options = [(t("widgets.classifier.reason_choose"), "")] + [(t(f"reason.{r}"), r) for r in REASONS]
        for actor in self.scenario.actors:
            name = str(actor.name)
            label = w.HTML(f"<strong>{html.escape(name)}</strong>{' ' if self._compact else '<br>'}<small>"
                           f"{html.escape(t(f'actor_kind.{actor.kind}'))}</small>",
                           layout=name_layout)
            if self._compact:
                label.add_class("swedu-actor")
            toggles = {}
            for s in SYSTEM_IDS:
                info = infos[s]
                plain = f"{name}: " + t("widgets.classifier.toggle_tooltip", system=info.name,
                                        question=info.question)
                chosen = f"{name}: " + t("widgets.classifier.toggle_tooltip_chosen", system=info.name,
                                         question=info.question)
                self._tooltips[actor.id, s] = (plain, chosen)
                toggle = w.ToggleButton(value=False, tooltip=plain, layout=toggle_layout,
                                        description=info.badge if self._compact else f"{info.badge} · {info.short}")
                toggle.observe(lambda change, a=actor.id, s=s: self._on_toggle(a, s, change["new"]), "value")
                toggles[s] = toggle
            self._tooltips[actor.id, NONE] = (f"{name}: " + t("widgets.classifier.none_tooltip"),
                                              f"{name}: " + t("widgets.classifier.none_tooltip_chosen"))
            none = w.ToggleButton(value=False, description=t("widgets.classifier.none_toggle"),
                                  tooltip=self._tooltips[actor.id, NONE][0],
                                  layout=none_layout)
            none.observe(lambda change, a=actor.id: self._on_toggle(a, NONE, change["new"]), "value")
            toggles[NONE] = none
            self._toggles[actor.id] = toggles
            reasons = {}
            for s in SYSTEM_IDS if asks_reasons else ():
                dropdown = w.Dropdown(options=reason_options, value="",
                                      description=t("widgets.classifier.reason_label", system=infos[s].short),
                                      style={"description_width": "initial"},
                                      layout=w.Layout(width="auto", display="none"))
                dropdown.observe(lambda change, a=actor.id: self._on_reason(a), "value")
                reasons[s] = dropdown
            self._reasons[actor.id] = reasons
            reason_box = w.VBox(list(reasons.values()))
            self._reason_boxes[actor.id] = reason_box
            toggle_row = w.HBox(list(toggles.values()), layout=w.Layout(flex_flow="row wrap"))
            row = w.HBox([label, toggle_row], layout=w.Layout(flex_flow="row wrap", align_items="center"))
            choices(toggle_row, label, row)  # one Tab stop per actor, the arrow keys inside, named by the actor
            rows.append(w.VBox([row, reason_box], layout=w.Layout(border_bottom="1px solid #cccccc",
                                                                  padding="0.2em 0")))
        self._check_button = check_button(button("check", "check", "primary"))
        self._hint_button = button("hint", "lightbulb-o")
        self._reset_button = button("reset", "undo")
        self._next_button = button("next", "arrow-right", disabled=True)
        self._check_button.on_click(lambda _: self._on_check_click())
        self._hint_button.on_click(lambda _: self.hint())
        self._reset_button.on_click(lambda _: self.reset())
        self._next_button.on_click(lambda _: self.next_stage() if self._can_move_on() else None)
        buttons = [self._check_button, self._hint_button, self._reset_button, self._next_button]
        # In students' mode there is no Reveal button at all, so no widget message can reach the key.
        self._reveal_button = None
        if reveal_button:
            self._reveal_button = button("reveal", "key")  # default style: orange "warning" has 2.7:1 contrast
            self._reveal_button.on_click(lambda _: self._on_reveal_click())
            buttons.append(self._reveal_button)
        self._status = w.HTML()
        self._feedback_html = verdict_region(w.HTML())  # a screen reader hears it; the focus goes there after Check
        self._hint_html = w.HTML()
        # The map is two stacked pictures of the same size: the ground (lines, shapes, names, legend; with the
        # map's one text alternative), sent once per stage, and the marks of this check over it (alt="").
        self._image = map_widget()
        self._marks = w.HTML(layout=w.Layout(display="none", max_width="100%", grid_area="map", margin="0"))
        self._marks.add_class("swedu-map-marks")
        self._image.layout.grid_area = "map"
        self._image.layout.margin = "0"
        self._map_stack = w.GridBox([self._image, self._marks], layout=w.Layout(
            grid_template_areas='"map"', grid_template_columns="minmax(0, 1fr)", justify_items="flex-start",
            align_items="flex-start"))
        self._map_shown: tuple | None = None  # (stage, feedback) of the map on screen
        self._ground_shown: tuple | None = None  # (ground PNG, alt) the page has
        self._image_caption = w.HTML()
        self._key_html = w.HTML()
        self.widget = w.VBox(
            [w.HTML(CSS + skip_link()), self._title, self._narrative, self._instructions, w.VBox(rows),
             w.HBox(buttons, layout=w.Layout(flex_flow="row wrap")), self._status, self._hint_html,
             self._feedback_html, self._map_stack, self._image_caption, self._key_html])
        self.widget.add_class("swedu-activity")
        self.widget.add_class("swedu-classifier")
        if self._compact:
            self.widget.add_class("swedu-compact")

    def _show_stage(self) -> None:
        stage = self._stage
        number = self.scenario.stages.index(stage) + 1
        self._title.value = heading(str(self.scenario.title)) + (
            f"<p><strong>{html.escape(t('widgets.classifier.stage_of', number=number, total=len(self.scenario.stages), title=str(stage.title)))}</strong></p>")
        self._narrative.value = paragraphs(str(stage.narrative))
        if self._compact:  # the case was read on the slide before: folded, one click away
            self._narrative.value = (f"<details><summary>{html.escape(t('widgets.classifier.presenter_case'))}"
                                     f"</summary>{self._narrative.value}"
                                     f"{paragraphs(t('widgets.classifier.instructions'))}</details>")
            self._instructions.value = compact_legend()
        self._sync_all()

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        self._prepare_map()  # shown: the learner reads the case now, the kernel draws the map's ground
        return bundle

    def _prepare_map(self) -> None:
        """Draw the map of the current stage (its ground, and the marks a first check shows) while the kernel
        waits for the learner, one small step per turn of its event loop, so that even the first Check
        answers fast. Without an event loop (a script, a test) the first check draws it."""
        if self._map_preparation is not None:
            self._map_preparation.cancel()
        self._map_preparation = None
        if not self._show_map:
            return
        stage = self._stage

        def steps():
            yield from imported_aside("swedu.draw")  # matplotlib, beside the loop: one step could not hold it
            yield from imported_aside("networkx")  # the map's graph (Scenario.graph imports it when first used)
            from swedu import draw  # deferred: matplotlib loads with the first map, not with the widgets

            yield
            if stage is self._stage:
                yield from draw.prepare_system_map(self.scenario, stage, dpi=MAP_DPI)

        # Each step holds the action lock (never beside a check) and draws in the classifier's language.
        self._map_preparation = when_idle(steps(), around=self._acting, quiet=MAP_PREPARATION_QUIET)
        if self._map_preparation is not None:  # in a kernel: a click may send its map aside; no thread to start then
            started()

    @contextlib.contextmanager
    def _acting(self):
        with _ACTIONS, language(self._language):
            yield

    # ----- the learner's answer ----------------------------------------------------------------------
    @property
    def stage(self):
        """The current :class:`swedu.model.Stage`."""
        return self._stage

    @property
    def answer(self) -> dict:
        """The current answer in the form :meth:`swedu.Scenario.assess` takes (actors not chosen are left out)."""
        out = {}
        for actor in self.scenario.actors:
            chosen = self._answer.get(actor.id)
            if chosen is None:
                continue
            if NONE in chosen:
                out[actor.id] = NONE
            elif any(reason for reason in chosen.values()):
                out[actor.id] = {s: chosen[s] for s in SYSTEM_IDS if s in chosen}
            else:
                out[actor.id] = [s for s in SYSTEM_IDS if s in chosen]
        return out

    @serialized
    def select(self, actor, systems) -> None:
        """Choose the systems of one actor: ``"client"``, ``["target", "action"]``, ``"none"``,
        ``{"client": "asked_or_agreed"}`` (with reasons), or ``None`` / ``[]`` to clear.

        Raises :class:`swedu.AnswerError` (with the valid choices) for an unknown actor or system.
        """
        with language(self._language):
            found = self.scenario.actor(actor)
            empty = not systems.strip() if isinstance(systems, str) else not systems
            if systems is None or empty:
                self._answer.pop(found.id, None)
            else:
                normal = normalise_answer(self.scenario, {found.id: systems})[found.id]
                self._answer[found.id] = {NONE: None} if not normal else dict(normal)
            self._sync_row(found.id)
            self._hint_state = (None, 0)

    @serialized
    def _on_toggle(self, actor_id: str, system: str, value: bool) -> None:
        if self._syncing:
            return
        current = dict(self._answer.get(actor_id, {}))
        if system == NONE:
            self.select(actor_id, NONE if value else None)
            return
        current.pop(NONE, None)
        if value:
            current.setdefault(system, None)
        else:
            current.pop(system, None)
        self.select(actor_id, current if any(current.values()) else list(current))

    @serialized
    def _on_reason(self, actor_id: str) -> None:
        if self._syncing:
            return
        current = {s: None for s in self._answer.get(actor_id, {}) if s != NONE}
        if not current:
            return
        for s in current:
            current[s] = self._reasons[actor_id][s].value or None  # only called by an existing menu
        self.select(actor_id, current)

    def _sync_row(self, actor_id: str) -> None:
        chosen = self._answer.get(actor_id, {})
        with self._setting_inputs():
            for s, toggle in self._toggles[actor_id].items():
                on = s in chosen
                if toggle.value != on:
                    toggle.value = on
                icon = "check" if on else ""
                if toggle.icon != icon:
                    toggle.icon = icon
                tooltip = self._tooltips[actor_id, s][1 if on else 0]
                if toggle.tooltip != tooltip:
                    toggle.tooltip = tooltip
                style = "info" if on else ""
                if toggle.button_style != style:
                    toggle.button_style = style
            for s, dropdown in self._reasons[actor_id].items():
                shown = self._stage.ask_reasons and s in chosen
                display = "" if shown else "none"
                if dropdown.layout.display != display:
                    dropdown.layout.display = display
                value = (chosen.get(s) or "") if s in chosen else ""
                if dropdown.value != value:
                    dropdown.value = value

    def _sync_all(self) -> None:
        for actor in self.scenario.actors:
            self._sync_row(actor.id)

    # ----- actions -----------------------------------------------------------------------------------
    @serialized
    def check(self, draw: bool | None = None) -> Feedback:
        """Check the answer of the current stage; shows the feedback (and the system map) and returns it."""
        return self._check(draw)

    @serialized
    def _on_check_click(self) -> Feedback:
        """A click on Check: the feedback at once, and the map now if it is ready, else drawn aside (it never
        keeps the kernel from the learner's next click; see :meth:`_render_map`)."""
        return self._check(None, from_click=True)

    def _check(self, draw: bool | None, from_click: bool = False) -> Feedback:
        with language(self._language):
            feedback = self.scenario.assess(self.answer, self._stage)
            self._feedback = feedback
            self._checked = True
            self.feedback_text = feedback.text
            self._feedback_html.value = discussion_html(feedback) if self._compact else feedback_html(feedback)
            self._status.value = ""
            self._next_button.disabled = not self._has_next()
            try:
                if self._show_map if draw is None else draw:
                    self._render_map(feedback, from_click)
                elif self._map_shown is None and self._map_generation:  # a map drawn aside would be stale
                    self._clear_map()
            finally:
                record(feedback)  # after the map: the learner waits for the map, not for the store
            return feedback

    def _render_map(self, feedback: Feedback | None, from_click: bool = False) -> None:
        """Show the map of ``feedback`` (of the key for None). Called from a cell or a script, it is drawn now,
        whatever that takes (a notebook's output is the same every run). After a click it is shown now when
        its ground is drawn and matplotlib imported (a few milliseconds); otherwise a placeholder says it is
        coming, and it is drawn on the helper thread (matplotlib imported there) and shown when done, unless
        a newer check, reveal, reset or stage came meanwhile (the generation counter)."""
        self._map_generation += 1
        stage = self._stage
        key = "widgets.classifier.map_alt" if feedback is not None else "widgets.classifier.key_map_alt"
        alt = t(key, scenario=str(self.scenario.title), stage=str(stage.title))
        if not from_click:
            from swedu import draw  # deferred: matplotlib loads with the first map, not with the widgets

            layers = draw.system_map_layers(self.scenario, stage, feedback, dpi=MAP_DPI)
        else:
            draw = imported("swedu.draw")  # never waits for matplotlib's import under way on another thread
            layers = draw and draw.system_map_layers(self.scenario, stage, feedback, dpi=MAP_DPI, wait=False)
        if layers is None:
            self._show_map_coming()
            self._map_aside = aside(self._draw_aside, self._map_generation, stage, feedback, alt)
            return
        self._show_layers(stage, feedback, layers, alt)

    def _show_layers(self, stage, feedback: Feedback | None, layers: tuple, alt: str) -> None:
        # Only the badges and verdicts are drawn per check (see draw.system_map_layers), and only they travel:
        # the page keeps the ground it has.
        ground, marks = layers
        if self._ground_shown != (ground, alt):  # first the ground, then the marks over it
            show_map(self._image, ground, alt)
            self._ground_shown = (ground, alt)
        self._image.layout.display = ""
        self._marks.value = ('<img src="data:image/png;base64,' + base64.b64encode(marks).decode("ascii")
                             + '" alt="" style="max-width:100%;height:auto;display:block">')
        self._marks.layout.display = ""
        self._map_shown = (stage, feedback)
        self._image_caption.value = f"<p><small>{html.escape(alt)}</small></p>"

    def _show_map_coming(self) -> None:
        """The map of this check is drawn aside: no earlier map stays on screen meanwhile, and words say so."""
        self._map_shown = None
        self._image.layout.display = "none"  # its ground stays in the page, to be shown again without travelling
        hide_map(self._marks)
        self._image_caption.value = ('<p class="swedu-map-coming"><small>'
                                     f"{html.escape(t('widgets.classifier.map_pending'))}</small></p>")

    def _draw_aside(self, generation: int, stage, feedback: Feedback | None, alt: str) -> bool:
        """On the helper thread: draw the map a click asked for and show it, unless a newer map was asked for
        meanwhile; True when shown. The loop never waits for it: widgets change under the action lock, held
        only to show (never while drawing), and the drawing takes the grounds' lock, which the preparation's
        steps never wait for."""
        def layers() -> tuple:
            # deferred: matplotlib, imported here (off the loop) when the learner clicked before it was
            from swedu import draw

            return draw.system_map_layers(self.scenario, stage, feedback, dpi=MAP_DPI)

        def failed() -> None:
            self._image_caption.value = f"<p><small>{html.escape(t('widgets.classifier.map_failed'))}</small></p>"

        return shown_unless_stale(lambda: generation == self._map_generation, self._language, layers,
                                  lambda drawn: self._show_layers(stage, feedback, drawn, alt), failed)

    @property
    def map_png(self) -> bytes:
        """The map shown as one PNG (the two layers the page stacks, as one picture); empty when none is shown."""
        if self._map_shown is None:
            return b""
        from swedu import draw  # deferred: matplotlib loads with the first map, not with the widgets

        stage, feedback = self._map_shown
        with language(self._language):
            return draw.system_map_png(self.scenario, stage, feedback, dpi=MAP_DPI)

    @serialized
    def hint(self) -> str:
        """One targeted hint about the first actor that is not right yet (call again for the next one)."""
        with language(self._language):
            feedback = self.scenario.assess(self.answer, self._stage)
            actor_id, hints = self._hints(feedback)
            key, count = self._hint_state
            count = count if key == actor_id else 0
            text = hints[count % len(hints)]
            self._hint_state = (actor_id, count + 1)
            self.hint_text = text
            self._hint_html.value = (f'<div class="swedu-hint"><strong>💡 {html.escape(t("widgets.hint.heading"))}:'
                                     f"</strong> {html.escape(text)}</div>")
            return text

    def _hints(self, feedback: Feedback) -> tuple:
        """The hints for the first actor answered wrongly (else the first not answered), in teaching order:
        the misconception, the question of a system chosen wrongly, "look again", and only then the
        question of a system still missing."""
        stage = self._stage
        waiting = None
        for actor in self.scenario.actors:
            v = feedback.verdicts[actor.id]
            name = str(actor.name)
            hints = []
            if v.status == "not_answered":
                waiting = waiting or (actor.id, [t("widgets.hint.not_answered", actor=name)])
                continue
            for m in v.misconceptions:
                hints.append(t("widgets.hint.misconception", actor=name, name=t(f"misconception.{m}.name"),
                               explanation=t(f"misconception.{m}.explanation")))
            for s in SYSTEM_IDS:
                if s in v.given - v.expected - v.alternatives:  # an also accepted role is no slip
                    hints.append(t("widgets.hint.ask_extra", actor=name, question=system_info(s).question))
            if v.expected and not v.given:
                hints.append(t("widgets.hint.none_wrong", actor=name))
            if v.status != "correct":
                hints.append(t("widgets.hint.look_again", actor=name))
                for s in SYSTEM_IDS:
                    if s in v.expected - v.given:
                        hints.append(t("widgets.hint.ask_missing", actor=name, question=system_info(s).question))
            if stage.ask_reasons:
                for s in SYSTEM_IDS:
                    if s in v.given & (v.expected | v.alternatives) and not v.reasons.get(s, False):
                        hints.append(t("widgets.hint.reason", actor=name, question=system_info(s).question))
            if hints:
                return actor.id, hints
        return waiting or (None, [t("widgets.hint.all_correct")])

    @serialized
    def reset(self) -> None:
        """Clear every choice, the feedback, the hint, the map and the key of the current stage."""
        with language(self._language):
            self._answer.clear()
            self._sync_all()
            self._clear_outputs()
            self._checked = False
            self._next_button.disabled = True

    def _clear_outputs(self) -> None:
        self._feedback = None
        self.feedback_text = self.hint_text = self.key_text = ""
        self._hint_state = (None, 0)
        for widget in (self._feedback_html, self._hint_html, self._key_html, self._image_caption, self._status):
            widget.value = ""
        self._clear_map()

    def _clear_map(self) -> None:
        self._map_generation += 1  # a map still drawn aside is stale
        self._image_caption.value = ""
        self._map_shown = self._ground_shown = None
        hide_map(self._image)
        hide_map(self._marks)

    def _has_next(self) -> bool:
        return self.scenario.stages.index(self._stage) + 1 < len(self.scenario.stages)

    def _can_move_on(self) -> bool:
        return self._checked and self._has_next()

    @serialized
    def next_stage(self):
        """Go on to the next stage (after a check); the choices start empty. Returns the new stage."""
        with language(self._language):
            if not self._has_next():
                raise AnswerError(t("widgets.error.no_next_stage"))
            if not self._checked:
                self._status.value = paragraphs(t("widgets.classifier.next_needs_check"))
                raise AnswerError(t("widgets.error.check_first"))
            self._stage = self.scenario.stages[self.scenario.stages.index(self._stage) + 1]
            self.reset()
            self._show_stage()
            self._prepare_map()
            self._status.value = paragraphs(t("widgets.classifier.moved_on", title=str(self._stage.title)))
            return self._stage

    @serialized
    def reveal(self) -> str:
        """Show the answer key of the current stage with every rationale (for lecturers); returns its text."""
        return self._reveal()

    @serialized
    def _on_reveal_click(self) -> str:
        return self._reveal(from_click=True)

    def _reveal(self, from_click: bool = False) -> str:
        with language(self._language):
            text = self.scenario.key_text(self._stage)
            self.key_text = text
            # The same rows the text is written from: one item per actor, its roles nested below it.
            body = "".join(
                f"<li><strong>{html.escape(row.heading)}</strong>"
                + ("<ul>" + "".join(f"<li>{html.escape(role.strip())}</li>" for role in row.roles) + "</ul>"
                   if row.roles else "")
                + "</li>"
                for row in key_rows(self.scenario, self._stage))
            self._key_html.value = (f'<div class="swedu-key">{heading(t("widgets.classifier.key_title"), 4)}'
                                    f"<p><strong>{html.escape(key_title(self.scenario, self._stage))}</strong></p>"
                                    f"<ul>{body}</ul></div>")
            if self._show_map:
                self._render_map(None, from_click)
            return text

    def __repr__(self) -> str:
        return f"<Classifier {self.scenario.id}, stage {self._stage.id}>"


def compact_legend() -> str:
    """The line above a compact classifier that names the system of each badge (its toggles show the badge).

    >>> print(compact_legend())
    <p>CA = change agent system · CL = client system · T = target system · AC = action system</p>
    """
    items = [t("widgets.classifier.legend_item", badge=system_info(s).badge, name=system_info(s).name)
             for s in SYSTEM_IDS]
    return f"<p>{html.escape(' · '.join(items))}</p>"


def discussion_html(feedback: Feedback) -> str:
    """The feedback for a class: first the actors that are wrong (or half right) and the misconception
    behind each, what the class should discuss; then the full feedback in a ``<details>`` (one click).

    >>> import swedu
    >>> youth = swedu.load_scenario("delinquent-youth")
    >>> page = discussion_html(youth.assess({"parents": "client", "teen": "client"}, "intake"))
    >>> page.index("Dimas") < page.index("<details") and "the person with the problem" in page.lower()
    True
    >>> "Mr and Mrs Hartono" in page.split("<details")[0]  # right: not in the discussion
    False
    """
    e = html.escape
    discuss = []
    waiting = 0
    for actor in feedback.scenario.actors:
        verdict = feedback.verdicts[actor.id]
        if verdict.status == "not_answered":
            waiting += 1
            continue
        if verdict.correct:
            continue
        line = t("widgets.classifier.discuss_actor", icon=t(f"verdict.{verdict.status}.icon"),
                 actor=str(actor.name), label=t(f"verdict.{verdict.status}.label"))
        why = [t("widgets.classifier.discuss_misconception", name=t(f"misconception.{m}.name"),
                 explanation=t(f"misconception.{m}.explanation")) for m in verdict.misconceptions]
        why = why or [t("widgets.classifier.discuss_check_roles")]
        discuss.append(f'<li class="{STATUS_CSS[verdict.status]}" data-actor="{e(actor.id)}"><strong>{e(line)}</strong>'
                       + "<ul>" + "".join(f"<li>{e(text)}</li>" for text in why) + "</ul></li>")
    correct = sum(v.correct for v in feedback.verdicts.values())
    parts = [feedback_head_html(t("widgets.classifier.discuss_title"), feedback.answered, None,
                                t("feedback.score", score=round(feedback.score * 100)),
                                t("feedback.summary", correct=correct, total=len(feedback.verdicts)),
                                "swedu-feedback swedu-discussion")]
    parts.append('<ul class="swedu-verdicts">' + "".join(discuss) + "</ul>" if discuss
                 else f"<p>{e(t('widgets.classifier.discuss_none'))}</p>")
    if waiting:
        parts.append(f"<p>{e(t('widgets.classifier.discuss_waiting', count=waiting))}</p>")
    parts.append(f"<details><summary>{e(t('widgets.classifier.full_list', count=len(feedback.verdicts)))}"
                 f"</summary>{feedback_html(feedback)}</details></div>")
    return "".join(parts)


__all__ = ["Classifier", "compact_legend", "discussion_html"]
