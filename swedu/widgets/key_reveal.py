"""Answer keys that wait for the learner: a key map shown only after Check, a roles table on request.

A lesson never prints a key before the learner has tried (``tests/test_predict_before_reveal.py``):
these widgets are saved in a notebook as a button, and draw the key only when pressed.

>>> import swedu
>>> intake = swedu.Classifier("delinquent-youth", show_map=False)
>>> key = KeyMap(intake)
>>> key.show()                       # not yet: the learner has not checked
False
>>> key.status_text.startswith("First classify")
True
>>> _ = intake.check()
>>> key.show(), len(key.map_png) > 0
(True, True)
"""
from __future__ import annotations

import html

import ipywidgets as w

from swedu.i18n import get_language, t
from swedu.model import Scenario
from swedu.scenarios import load_scenario
from swedu.systems import SYSTEM_IDS, system_name
from swedu.widgets.classifier import Classifier
from swedu.widgets._common import (
    MAP_DPI,
    Displayable,
    button,
    language,
    map_widget,
    paragraphs,
    serialized,
    show_map,
)


def _button(key: str, icon: str) -> w.Button:
    return button(key, icon, catalog="widgets.key_reveal", align_self="flex-start")


class KeyMap(Displayable):
    """The system map of a stage's answer key, drawn when the learner asks for it after checking.

    ``source``: a :class:`swedu.Classifier` (the key waits until that classifier has been checked at
    ``stage``, or has moved past it), or a scenario / built-in id (the key is shown on request).
    ``stage``: default the classifier's stage when this is made (or the scenario's first stage).
    """

    def __init__(self, source, stage=None):
        self.classifier = source if isinstance(source, Classifier) else None
        if self.classifier is not None:
            self.scenario: Scenario = self.classifier.scenario
            stage = stage if stage is not None else self.classifier.stage.id
        else:
            self.scenario = source if isinstance(source, Scenario) else load_scenario(source)
        self.stage = self.scenario.stage(stage)
        self._language = get_language()
        self.status_text = ""
        self.map_png = b""
        """The PNG bytes of the key map (empty until it is shown)."""
        with language(self._language):
            self._button = _button("show_map", "map-o")
            self._button.on_click(lambda _: self.show())
            self._status = w.HTML()
            self._image = map_widget()
            self._caption = w.HTML()
            intro = w.HTML(paragraphs(t("widgets.key_reveal.map_intro", stage=str(self.stage.title))))
            self.widget = w.VBox([intro, self._button, self._status, self._image, self._caption])
        self.widget.add_class("swedu-activity")
        self.widget.add_class("swedu-key-map")

    def attempted(self) -> bool:
        """True when there is no classifier to wait for, or it has been checked at (or moved past) the stage."""
        if self.classifier is None:
            return True
        stages = list(self.scenario.stages)
        now, wanted = stages.index(self.classifier.stage), stages.index(self.stage)
        return now > wanted or (now == wanted and bool(self.classifier.feedback_text))

    @serialized
    def show(self) -> bool:
        """Draw the key map if the learner has checked; otherwise say what to do first. Returns whether shown."""
        from swedu import draw  # deferred: matplotlib loads only when a key map is drawn

        with language(self._language):
            if not self.attempted():
                self.status_text = t("widgets.key_reveal.check_first")
                self._status.value = paragraphs(self.status_text)
                return False
            self.status_text = ""
            self._status.value = ""
            figure = draw.system_map(self.scenario, self.stage)
            self.map_png = draw.png_bytes(figure, dpi=MAP_DPI)
            alt = t("widgets.classifier.key_map_alt", scenario=str(self.scenario.title), stage=str(self.stage.title))
            show_map(self._image, self.map_png, alt)
            self._caption.value = f"<p><small>{html.escape(alt)}</small></p>"
            return True

    def __repr__(self) -> str:
        return f"<KeyMap {self.scenario.id}, stage {self.stage.id}>"


class SeveralRoles(Displayable):
    """On request, a table of every actor that holds more than one system, case by case and stage by stage.

    >>> roles = SeveralRoles(["probation"])
    >>> roles.rows
    []
    >>> [(r[1], r[2], r[3]) for r in roles.show()][:1]
    [('A goal of his own', 'Andi', 'client system + target system')]
    """

    def __init__(self, cases):
        self.scenarios = [case if isinstance(case, Scenario) else load_scenario(case) for case in cases]
        self._language = get_language()
        self.rows: list[tuple] = []
        """(case, stage, actor, systems) of the table shown (empty until it is shown)."""
        with language(self._language):
            self._button = _button("show_roles", "table")
            self._button.on_click(lambda _: self.show())
            self._table = w.HTML()
            self.widget = w.VBox([w.HTML(paragraphs(t("widgets.key_reveal.roles_intro"))), self._button,
                                  self._table])
        self.widget.add_class("swedu-activity")
        self.widget.add_class("swedu-several-roles")

    @serialized
    def show(self) -> list[tuple]:
        """Show the table and return its rows."""
        with language(self._language):
            rows = []
            for scenario in self.scenarios:
                for stage in scenario.stages:
                    for actor in scenario.actors:
                        held = [s for s in SYSTEM_IDS if s in stage.systems_of(actor.id)]
                        if len(held) > 1:
                            rows.append((str(scenario.title), str(stage.title), str(actor.name),
                                         " + ".join(system_name(s) for s in held)))
            self.rows = rows
            head = "".join(f"<th>{html.escape(t(f'widgets.key_reveal.column_{c}'))}</th>"
                           for c in ("case", "stage", "actor", "systems"))
            body = "".join("<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>"
                           for row in rows)
            self._table.value = f"<table><tr>{head}</tr>{body}</table>"
            return rows

    def __repr__(self) -> str:
        return f"<SeveralRoles {', '.join(s.id for s in self.scenarios)}>"


__all__ = ["KeyMap", "SeveralRoles"]
