"""The case builder: a form in which a student makes a case of their own without writing YAML.

The form is a thin face on :class:`swedu.scenarios.builder.CaseDraft`: every button calls one of the
draft's methods, then the form shows the validation messages beside the part they concern, redraws
the system map and the ecomap when the case is complete, and keeps the draft on disk (so a kernel
restart loses nothing). Save writes ``my-scenarios/<id>.yaml``, which opens in the classifier.

>>> import tempfile, swedu
>>> folder = tempfile.mkdtemp()
>>> builder = CaseBuilder(folder=folder, show_maps=False)
>>> builder
<CaseBuilder my-case: 0 actor(s), 0 stage(s)>
>>> builder.title.value = "Mas Andi after the accident"
>>> builder.actor_name.value = "Mas Andi"
>>> builder.add_actor_button.click()
>>> builder.draft.actors[0]["id"]
'mas_andi'
"""
from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as w

from swedu import exercises
from swedu.i18n import get_language, t
from swedu.scenarios import LOCAL_FOLDER, local_scenario_folder
from swedu.scenarios.builder import DEFAULT_DRAFT, DEFAULT_RELATION_KIND, CaseDraft, FieldRefused, OverwriteRefused
from swedu.systems import (
    ACTOR_KINDS, DIRECTIONS, LEVELS, QUALITIES, REASONS_FOR_SYSTEM, RELATION_KINDS, SYSTEM_IDS, TRAITS, system_info,
)
from swedu.widgets._common import (
    CSS, MAP_DPI, Displayable, button, choices, heading, hide_map, language, live_region, map_widget, paragraphs, serialized,
    show_map,
)
from swedu.widgets.classifier import Classifier

NEW = ""
"""The value of the "— a new ... —" entry in each chooser."""

_PARTS = ("title", "topic", "summary", "actors", "relations", "stages", "roles")
"""The parts of the form whose messages wait until the learner has touched them."""
_SHOWN_AT = {"case": "title", "title": "title", "topic": "topic", "summary": "summary", "level": "title",
             "actor": "actors", "actors": "actors", "relation": "relations", "relations": "relations",
             "stage": "stages", "stages": "stages", "role": "roles"}
"""Which part of the form a problem's field belongs to (the place its message is shown)."""

_WIDE = {"description_width": "9em"}


def _button(key: str, icon: str, style: str = "") -> w.Button:
    return button(key, icon, style, catalog="builder.button")


def _edit_buttons(part: str, add, update, remove) -> tuple:
    """The add, update and remove buttons of one part of the case (actor, relation, stage), each calling
    one of the builder's methods."""
    buttons = (_button(f"add_{part}", "plus", "primary"), _button(f"update_{part}", "save"),
               _button(f"remove_{part}", "trash"))
    for pressed, action in zip(buttons, (add, update, remove)):
        pressed.on_click(lambda _b, action=action: action())
    return buttons


def _text(key: str, area: bool = False):
    cls = w.Textarea if area else w.Text
    layout = w.Layout(width="95%", max_width="48em", height="5em" if area else "auto")
    return cls(description=t(f"builder.field.{key}"), style=_WIDE, layout=layout)


def _dropdown(key: str, options) -> w.ToggleButtons:
    """A labelled row of buttons, one per choice.

    Not a drop-down list: in a JupyterLab notebook the arrow and letter keys on a focused ``<select>``
    move between cells (notebook shortcuts), so a keyboard user could not choose; each button is
    reached with Tab and pressed with Space or Enter, as in the classifier.
    """
    return w.ToggleButtons(description=t(f"builder.field.{key}"), options=options,
                           style={"description_width": "9em", "button_width": "auto"},
                           layout=w.Layout(width="auto", flex_flow="row wrap"))


def _field_message() -> w.HTML:
    area = live_region(w.HTML())
    area.add_class("swedu-field-message")
    return area


def _messages_html(messages) -> str:
    if not messages:
        return ""
    items = "".join(f"<li>✘ {html.escape(m)}</li>" for m in messages)
    return f'<ul class="swedu-builder-messages">{items}</ul>'


class CaseBuilder(Displayable):
    """Build a case of one's own: actors, relations, stages and the systems each actor holds.

    ``folder``: where the case is saved (default: the nearest ``my-scenarios/``, made if missing);
    ``draft``: the draft file (default ``<folder>/my-case.draft.json``), reloaded when it exists;
    ``show_maps=False`` leaves out the maps (faster in tests).
    """

    def __init__(self, folder=None, draft=None, show_maps: bool = True):
        self._language = get_language()
        self.folder = Path(folder) if folder is not None else (local_scenario_folder() or Path(LOCAL_FOLDER))
        self.draft_path = Path(draft) if draft is not None else self.folder / DEFAULT_DRAFT
        restored = CaseDraft.load_draft(self.draft_path)
        self.draft = restored or CaseDraft(language=self._language)
        self._show_maps = show_maps
        self.saved_path: Path | None = None
        self.touched: set = set()
        """The parts of the form the learner has used (``"title"``, ``"actors"``, ...): their messages show;
        nothing is said about a part before it is touched (or before Save is pressed)."""
        self.status_text = ""
        """What the status line says (plain text)."""
        self.classifier = None
        with language(self._language):
            self._build()
            self._load_case_fields()
            if restored is not None:  # work done before: say what is still missing everywhere
                self.touched = set(_PARTS)
            self._refresh(keep_draft=False)  # opening the form writes nothing
            if restored is not None:
                self._say(t("builder.status.restored", file=self.draft_path.name))

    def __repr__(self) -> str:
        return (f"<CaseBuilder {self.draft.id}: {len(self.draft.actors)} actor(s), "
                f"{len(self.draft.stages)} stage(s)>")

    not_answered_message = "exercises.not_answered_builder"
    """What a check cell says before the first save (see :func:`swedu.exercises.check`)."""

    def checked_in_cell(self, result):
        """A check cell checked this builder (exercise 6): the cell shows the check of the saved case, and
        each Save checks again, so the cell never shows a verdict older than the file. Returns the live
        area the result displays in the cell."""
        if getattr(self, "_check_view", None) is None:
            self._check_view = live_region(w.HTML())
        self._check_exercise = result.exercise
        self._check_view.value = result.body_html()
        return self._check_view

    def _check_again(self) -> None:
        if getattr(self, "_check_view", None) is None or self.saved_path is None:
            return
        self._check_view.value = exercises.check(self._check_exercise, self.saved_path).body_html()

    @property
    def exercise_answer(self):
        """What :func:`swedu.exercises.check` reads: the saved file (``...`` before the first save)."""
        return self.saved_path if self.saved_path is not None else ...

    # ----- building the form ---------------------------------------------------------------------
    def _build(self) -> None:
        self.title, self.topic = _text("title"), _text("topic")
        self.summary = _text("summary", area=True)
        self.level = _dropdown("level", [(t(f"level.{v}.name"), v) for v in LEVELS])
        self._case_messages = w.HTML()
        self.field_messages = {key: _field_message() for key in ("title", "topic", "summary", "name", "stage_title")}
        """The message next to each field that can be refused or is still empty (plain text in ``.value``)."""
        for key, field in (("title", self.title), ("topic", self.topic), ("summary", self.summary),
                           ("title", self.level)):
            field.observe(lambda _change, key=key: self._case_changed(key), "value")

        self.actor_choice = _dropdown("actor", [])
        self.actor_name = _text("name")
        self.actor_kind = _dropdown("kind", [(t(f"actor_kind.{k}"), k) for k in ACTOR_KINDS])
        self.actor_traits = {trait: w.Checkbox(description=t(f"trait.{trait}"), indent=False,
                                               layout=w.Layout(width="auto", margin="0 1em 0 0"))
                             for trait in TRAITS}
        self.add_actor_button, self.update_actor_button, self.remove_actor_button = _edit_buttons(
            "actor", self.add_actor, self.update_actor, self.remove_actor)
        self._actor_list, self._actor_messages = w.HTML(), w.HTML()
        self.actor_choice.observe(lambda _change: self._actor_chosen(), "value")
        self.actor_name.observe(lambda _change: self._retyped("name"), "value")

        self.relation_choice = _dropdown("relation", [])
        self.relation_first, self.relation_second = _dropdown("first", []), _dropdown("second", [])
        self.relation_kind = _dropdown("relation_kind", [(t(f"relation_kind.{k}"), k) for k in RELATION_KINDS])
        self.relation_kind.value = DEFAULT_RELATION_KIND
        self.relation_quality = _dropdown("quality", [(t(f"quality.{q}"), q) for q in QUALITIES])
        self.relation_strength = _dropdown("strength", [(t(f"builder.strength.{n}"), n) for n in (1, 2, 3)])
        self.relation_strength.value = 2
        self.relation_direction = _dropdown("direction", [(t(f"builder.direction.{d}"), d) for d in DIRECTIONS])
        self.add_relation_button, self.update_relation_button, self.remove_relation_button = _edit_buttons(
            "relation", self.add_relation, self.update_relation, self.remove_relation)
        self._relation_list, self._relation_messages = w.HTML(), w.HTML()
        self.relation_choice.observe(lambda _change: self._relation_chosen(), "value")

        self.stage_choice = _dropdown("stage", [])
        self.stage_title = _text("stage_title")
        self.stage_narrative = _text("narrative", area=True)
        self.add_stage_button, self.update_stage_button, self.remove_stage_button = _edit_buttons(
            "stage", self.add_stage, self.update_stage, self.remove_stage)
        self._stage_list, self._stage_messages = w.HTML(), w.HTML()
        self.stage_choice.observe(lambda _change: self._stage_chosen(), "value")
        self.stage_title.observe(lambda _change: self._retyped("stage_title"), "value")

        self.role_stage = _dropdown("role_stage", [])
        self.role_actor = _dropdown("role_actor", [])
        self.role_system = _dropdown("system", [(f"{system_info(s).badge} · {system_info(s).name}", s)
                                                for s in SYSTEM_IDS])
        self.role_reason = _dropdown("reason", [])
        self.role_rationale = _text("rationale")
        self.set_role_button = _button("set_role", "check", "primary")
        self.remove_role_button = _button("remove_role", "trash")
        self._role_list, self._role_messages = w.HTML(), w.HTML()
        self.role_system.observe(lambda _change: self._system_chosen(), "value")
        self.role_stage.observe(lambda _change: self._show_roles(), "value")
        self.set_role_button.on_click(lambda _b: self.set_role())
        self.remove_role_button.on_click(lambda _b: self.remove_role())
        self._system_chosen()

        self.save_button = _button("save", "floppy-o", "primary")  # "success" green has 4.1:1 contrast
        self.replace_button = _button("replace", "exclamation-triangle")
        self.cancel_button = _button("cancel", "times")
        self.open_button = _button("open", "folder-open")
        for extra in (self.replace_button, self.cancel_button, self.open_button):
            extra.layout.display = "none"
        self.save_button.on_click(lambda _b: self.save())
        self.replace_button.on_click(lambda _b: self.save(replace=True))
        self.cancel_button.on_click(lambda _b: self._ask_replace(False))
        self.open_button.on_click(lambda _b: self.open_in_classifier())
        self._status = w.HTML()
        self._status.add_class("swedu-builder-status")
        for area in (self._case_messages, self._actor_messages, self._relation_messages, self._stage_messages,
                     self._role_messages, self._status):
            live_region(area)
        self._ecomap, self._system_map = map_widget(), map_widget()
        self._maps_note = w.HTML()
        self._classifier_area = w.VBox()

        def row(*children):
            return w.HBox(list(children), layout=w.Layout(flex_flow="row wrap", align_items="center"))

        def section(key, *children):
            box = w.VBox([w.HTML(heading(t(f"builder.section.{key}"), 4)), *children],
                         layout=w.Layout(border_top="1px solid #cccccc", padding="0.3em 0"))
            box.add_class(f"swedu-builder-{key}")
            return box

        self.widget = w.VBox([
            w.HTML(CSS), w.HTML(heading(t("builder.heading"))), w.HTML(paragraphs(t("builder.intro"))),
            w.HTML(paragraphs(t("builder.language_note", lang=self.draft.language))),
            section("case", self.title, self.field_messages["title"], self.topic, self.field_messages["topic"],
                    self.summary, self.field_messages["summary"], self.level, self._case_messages),
            section("actors", self._actor_list, self.actor_choice, self.actor_name, self.field_messages["name"],
                    self.actor_kind,
                    w.HTML(html.escape(t("builder.field.traits"))),
                    choices(row(*self.actor_traits.values())),
                    row(self.add_actor_button, self.update_actor_button, self.remove_actor_button),
                    self._actor_messages),
            section("relations", self._relation_list, self.relation_choice, self.relation_first,
                    self.relation_second, self.relation_kind, self.relation_quality, self.relation_strength,
                    self.relation_direction,
                    row(self.add_relation_button, self.update_relation_button, self.remove_relation_button),
                    self._relation_messages),
            section("stages", self._stage_list, self.stage_choice, self.stage_title, self.field_messages["stage_title"],
                    self.stage_narrative,
                    row(self.add_stage_button, self.update_stage_button, self.remove_stage_button),
                    self._stage_messages),
            section("roles", self.role_stage, self._role_list, self.role_actor, self.role_system,
                    self.role_reason, self.role_rationale, row(self.set_role_button, self.remove_role_button),
                    self._role_messages),
            section("maps", self._maps_note, self._system_map, self._ecomap),
            section("save", row(self.save_button, self.replace_button, self.cancel_button, self.open_button),
                    self._status, self._classifier_area),
        ])
        self.widget.add_class("swedu-activity")
        self.widget.add_class("swedu-case-builder")

    # ----- what the learner does (each button calls one of these) ---------------------------------
    def _act(self, action, part: str) -> bool:
        """Run one change of the draft for a ``part`` of the form (see :data:`_PARTS`).

        A value refused at its field (an empty or a second name) is said next to that field; another
        refusal (nothing chosen) next to the part's buttons. Nothing is changed then.
        """
        with language(self._language):
            self.touched.add(part)
            for area in self.field_messages.values():
                area.value = ""
            self._refused = None
            try:
                action()
            except FieldRefused as refused:
                self._refused = (refused.field, str(refused))
                self._refresh(maps=False, keep_draft=False)
                return False
            except (ValueError, KeyError, IndexError) as error:
                self._refused = (part, error.args[0] if error.args else str(error))
                self._refresh(maps=False, keep_draft=False)
                return False
            self._refresh()
            return True

    def _retyped(self, field: str) -> None:
        """The learner types again in a field whose value was refused: the refusal has been read."""
        if getattr(self, "_refused", None) and self._refused[0] == field:
            self._refused = None
            self.field_messages[field].value = ""

    @serialized
    def _case_changed(self, key: str = "title") -> None:
        if getattr(self, "_loading", False):
            return
        self.touched.add(key)
        self.draft.title, self.draft.topic = self.title.value, self.topic.value
        self.draft.summary, self.draft.level = self.summary.value, self.level.value
        with language(self._language):
            self._refresh(maps=False)

    def _load_case_fields(self) -> None:
        self._loading = True
        try:
            self.title.value, self.topic.value = self.draft.title, self.draft.topic
            self.summary.value, self.level.value = self.draft.summary, self.draft.level
        finally:
            self._loading = False

    def _traits(self) -> list:
        return [trait for trait, box in self.actor_traits.items() if box.value]

    @serialized
    def add_actor(self) -> None:
        """Add the actor filled in; the form is then empty for the next one."""
        if self._act(lambda: self.draft.add_actor(self.actor_name.value, self.actor_kind.value, self._traits()),
                     "actors"):
            self.actor_choice.value = NEW
            self._actor_chosen()

    @serialized
    def update_actor(self) -> None:
        self._act(lambda: self.draft.edit_actor(self._chosen(self.actor_choice), self.actor_name.value,
                                                self.actor_kind.value, self._traits()), "actors")

    @serialized
    def remove_actor(self) -> None:
        self._act(lambda: self.draft.remove_actor(self._chosen(self.actor_choice)), "actors")

    @serialized
    def add_relation(self) -> None:
        self._act(lambda: self.draft.add_relation(
            self.relation_first.value, self.relation_second.value, self.relation_quality.value,
            self.relation_strength.value, self.relation_direction.value, self.relation_kind.value), "relations")

    @serialized
    def update_relation(self) -> None:
        self._act(lambda: self.draft.edit_relation(
            self._chosen(self.relation_choice), between=[self.relation_first.value, self.relation_second.value],
            quality=self.relation_quality.value, strength=self.relation_strength.value,
            direction=self.relation_direction.value, kind=self.relation_kind.value), "relations")

    @serialized
    def remove_relation(self) -> None:
        self._act(lambda: self.draft.remove_relation(self._chosen(self.relation_choice)), "relations")

    @serialized
    def add_stage(self) -> None:
        """Add the stage filled in and choose it for the systems below; the stage form is then empty."""
        added = []
        if self._act(lambda: added.append(self.draft.add_stage(self.stage_title.value, self.stage_narrative.value)),
                     "stages"):
            self.stage_choice.value = NEW
            self._stage_chosen()
            self.role_stage.value = added[0]

    @serialized
    def update_stage(self) -> None:
        self._act(lambda: self.draft.edit_stage(self._chosen(self.stage_choice), self.stage_title.value,
                                                self.stage_narrative.value), "stages")

    @serialized
    def remove_stage(self) -> None:
        self._act(lambda: self.draft.remove_stage(self._chosen(self.stage_choice)), "stages")

    @serialized
    def set_role(self) -> None:
        self._act(lambda: self.draft.set_role(self._chosen(self.role_stage), self._chosen(self.role_actor),
                                              self.role_system.value, self.role_reason.value,
                                              self.role_rationale.value), "roles")

    @serialized
    def remove_role(self) -> None:
        self._act(lambda: self.draft.remove_role(self._chosen(self.role_stage), self._chosen(self.role_actor),
                                                 self.role_system.value), "roles")

    @serialized
    def save(self, replace: bool = False) -> Path | None:
        """Save the case if it is valid; returns the path, or ``None`` (the status line says why)."""
        with language(self._language):
            self.touched = set(_PARTS)  # Save asks about every part: each message now shows at its part
            self._refused = None
            self._refresh(maps=False)
            problems = self.draft.problems()
            if problems:
                self._say(t("builder.status.not_saved", count=len(problems)))
                return None
            try:
                path = self.draft.save(self.folder, replace=replace)
            except OverwriteRefused as refused:
                self._ask_replace(True)
                self._say("✘ " + str(refused))
                return None
            self._ask_replace(False)
            self.draft.save_draft(self.draft_path)
            self.saved_path = path
            self.open_button.layout.display = ""
            self._say(t("builder.status.saved", file=str(Path(self.folder.name) / path.name), id=self.draft.id))
            self._check_again()
            return path

    @serialized
    def open_in_classifier(self):
        """Show the saved case in a :class:`swedu.Classifier` below the form; returns it."""
        if self.saved_path is None:
            return None
        with language(self._language):
            self.classifier = Classifier(str(self.saved_path))
            self._classifier_area.children = [self.classifier.widget]
        return self.classifier

    # ----- choosers ---------------------------------------------------------------------------------
    def _chosen(self, chooser: w.ToggleButtons):
        if chooser.value in (NEW, None):
            raise ValueError(t("builder.status.nothing_chosen"))
        return chooser.value

    def _ask_replace(self, ask: bool) -> None:
        for extra in (self.replace_button, self.cancel_button):
            extra.layout.display = "" if ask else "none"
        if not ask and self.status_text.startswith("✘"):
            self._say("")

    @serialized
    def _actor_chosen(self) -> None:
        if self._syncing:
            return
        chosen = self.actor_choice.value
        if chosen in (NEW, None):
            self.actor_name.value = ""
            for box in self.actor_traits.values():
                box.value = False
            return
        actor = self.draft.actor(chosen)
        self.actor_name.value, self.actor_kind.value = actor["name"], actor["kind"]
        for trait, box in self.actor_traits.items():
            box.value = trait in actor["traits"]

    @serialized
    def _relation_chosen(self) -> None:
        if self._syncing:
            return
        chosen = self.relation_choice.value
        if chosen in (NEW, None):
            return
        relation = self.draft.relations[chosen]
        self.relation_first.value, self.relation_second.value = relation["between"]
        self.relation_kind.value, self.relation_quality.value = relation["kind"], relation["quality"]
        self.relation_strength.value, self.relation_direction.value = relation["strength"], relation["direction"]

    @serialized
    def _stage_chosen(self) -> None:
        if self._syncing:
            return
        chosen = self.stage_choice.value
        if chosen in (NEW, None):
            self.stage_title.value = self.stage_narrative.value = ""
            return
        stage = self.draft.stage(chosen)
        self.stage_title.value, self.stage_narrative.value = stage["title"], stage["narrative"]

    def _system_chosen(self) -> None:
        with language(self._language):
            self.role_reason.options = [(t(f"reason.{r}"), r) for r in REASONS_FOR_SYSTEM[self.role_system.value]]

    # ----- showing the state -----------------------------------------------------------------------
    def _say(self, text: str) -> None:
        self.status_text = text
        self._status.value = f'<p role="status">{html.escape(text)}</p>' if text else ""

    def _name(self, actor_id: str) -> str:
        return next((a["name"] or t("builder.unnamed") for a in self.draft.actors if a["id"] == actor_id),
                    t("builder.unnamed"))

    def _set_options(self, chooser: w.ToggleButtons, options, keep_new: str | None) -> None:
        """New choices for a chooser, keeping the chosen entry (and the form fields it filled) when it stays."""
        options = tuple(([(t(keep_new), NEW)] if keep_new else []) + list(options))
        if tuple(tuple(o) for o in chooser.options) == options:
            return
        value = chooser.value
        values = [v for _, v in options]
        with self._setting_inputs():
            chooser.options = options
            if value in values:
                chooser.value = value
        if value not in values:
            chooser.value = values[0] if values else None
            handler = {id(self.actor_choice): self._actor_chosen, id(self.relation_choice): self._relation_chosen,
                       id(self.stage_choice): self._stage_chosen}.get(id(chooser))
            if handler is not None:
                handler()

    def _refresh(self, maps: bool = True, keep_draft: bool = True) -> None:
        draft = self.draft
        actor_options = [(a["name"] or t("builder.unnamed"), a["id"]) for a in draft.actors]
        self._set_options(self.actor_choice, actor_options, "builder.field.new_actor")
        for chooser in (self.relation_first, self.relation_second, self.role_actor):
            self._set_options(chooser, actor_options, None)
        relation_labels = [(self._relation_label(r), i) for i, r in enumerate(draft.relations)]
        self._set_options(self.relation_choice, relation_labels, "builder.field.new_relation")
        stage_options = [(s["title"] or t("builder.unnamed"), s["id"]) for s in draft.stages]
        self._set_options(self.stage_choice, stage_options, "builder.field.new_stage")
        self._set_options(self.role_stage, stage_options, None)

        self._actor_list.value = self._list([t("builder.actor_line", name=a["name"], kind=t(f"actor_kind.{a['kind']}"))
                                             for a in draft.actors], "builder.status.no_actors")
        self._relation_list.value = self._list([label for label, _ in relation_labels], "builder.status.no_relations")
        self._stage_list.value = self._list([s["title"] for s in draft.stages], "builder.status.no_stages")
        self._show_roles()

        problems = draft.problems()
        self.messages = problems
        """The validation messages now shown (:class:`~swedu.scenarios.builder.FieldMessage`), each once,
        only for the parts the learner has touched."""
        areas = {"title": self.field_messages["title"], "topic": self.field_messages["topic"],
                 "summary": self.field_messages["summary"], "actors": self._actor_messages,
                 "relations": self._relation_messages, "stages": self._stage_messages, "roles": self._role_messages}
        groups = {id(area): [] for area in (*areas.values(), self._case_messages, self.field_messages["name"],
                                            self.field_messages["stage_title"])}
        shown = []
        for problem in problems:
            part = _SHOWN_AT.get(problem.field.split(":")[0], "title")
            if part not in self.touched:
                continue
            shown.append(problem)
            groups[id(areas[part])].append(self._describe(problem))
        self.messages = shown
        refused = getattr(self, "_refused", None)
        if refused is not None:
            where, text = refused
            area = self.field_messages.get(where) or areas.get(where, self._case_messages)
            groups[id(area)].insert(0, text)
        for area in (*areas.values(), self._case_messages, self.field_messages["name"], self.field_messages["stage_title"]):
            area.value = _messages_html(groups[id(area)])
        if not problems and self.touched:
            self._say(t("builder.status.valid"))
        else:  # the count of the messages shown, or nothing while none is shown
            self._say(t("builder.status.invalid", count=len(shown)) if shown else "")
        if keep_draft:
            draft.save_draft(self.draft_path)
        if maps:
            self._draw_maps(problems)

    def _describe(self, problem) -> str:
        parts = problem.field.split(":")
        where = ""
        if parts[0] == "actor" and len(parts) > 2 and parts[2] == "name":
            return problem.message  # the message names the actor itself
        if parts[0] == "actor" and len(parts) > 1:
            where = self._name(parts[1])
        elif parts[0] == "relation" and len(parts) > 1 and int(parts[1]) < len(self.draft.relations):
            where = self._relation_label(self.draft.relations[int(parts[1])])
        elif parts[0] in ("stage", "role") and len(parts) > 1:
            stage = next((s for s in self.draft.stages if s["id"] == parts[1]), None)
            where = (stage["title"] or t("builder.unnamed")) if stage else t("builder.unnamed")
            if parts[0] == "role" and len(parts) > 2:
                where += " / " + self._name(parts[2])
        return t("builder.message_for", where=where, message=problem.message) if where else problem.message

    def _relation_label(self, relation: dict) -> str:
        first, second = relation["between"]
        return t("builder.relation_line", first=self._name(first), second=self._name(second),
                 quality=t(f"quality.{relation['quality']}"), strength=relation["strength"],
                 direction=t(f"builder.direction.{relation['direction']}"))

    @staticmethod
    def _list(lines, empty_key: str) -> str:
        if not lines:
            return f"<p><em>{html.escape(t(empty_key))}</em></p>"
        return "<ul>" + "".join(f"<li>{html.escape(line)}</li>" for line in lines) + "</ul>"

    def _show_roles(self) -> None:
        with language(self._language):
            stage_id = self.role_stage.value
            stage = next((s for s in self.draft.stages if s["id"] == stage_id), None)
            lines = []
            for actor_id, systems in (stage["roles"].items() if stage else ()):
                for system, role in systems.items():
                    line = t("builder.role_line", actor=self._name(actor_id), system=system_info(system).name,
                             reason=t(f"reason.{role['reason']}"))
                    lines.append(line + (f" ({role['rationale']})" if role["rationale"] else ""))
            self._role_list.value = self._list(lines, "builder.status.no_roles")

    def _draw_maps(self, problems) -> None:
        if not self._show_maps:
            return
        try:
            scenario = None if problems else self.draft.scenario()
        except ValueError:
            scenario = None
        if scenario is None:
            hide_map(self._system_map)
            hide_map(self._ecomap)
            self._maps_note.value = paragraphs(t("builder.status.maps_when_valid"))
            return
        from swedu import draw  # deferred: matplotlib loads only when a map is drawn

        self._maps_note.value = ""
        stage = self.role_stage.value or scenario.stages[0].id
        figure = draw.system_map(scenario, stage)
        show_map(self._system_map, draw.png_bytes(figure, dpi=MAP_DPI),
                 t("builder.map_alt_system", stage=str(scenario.stage(stage).title)))
        figure = draw.ecomap(scenario, stage)
        show_map(self._ecomap, draw.png_bytes(figure, dpi=MAP_DPI),
                 t("builder.map_alt_ecomap", count=len(scenario.actors),
                   centre=str(scenario.actor(scenario.centre).name)))


__all__ = ["CaseBuilder"]
