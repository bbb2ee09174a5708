"""The gallery of cases (lesson 10): a table of every case the course finds, and a row of buttons (one per case) that opens one.

>>> import swedu
>>> gallery = CaseGallery()
>>> gallery
<CaseGallery delinquent-youth>
>>> gallery.choose("small-business")
>>> gallery.classifier
<Classifier small-business, stage planning>
"""
from __future__ import annotations

import html

import ipywidgets as w

from swedu.i18n import get_language, t
from swedu.scenarios import scenario_table
from swedu.widgets._common import CSS, Displayable, language, serialized
from swedu.widgets.classifier import Classifier

COLUMNS = ("case", "level", "topic", "stages", "actors")


def case_table():
    """Every case as an HTML table (title, level, topic, number of stages and actors)."""
    from IPython.display import HTML

    head = "".join(f"<th>{html.escape(t(f'lessons.gallery.{c}'))}</th>" for c in COLUMNS)
    rows = []
    for row in scenario_table():
        cells = [row.title, t(f"level.{row.level}.name"), row.topic, row.stages, row.actors]
        rows.append("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in cells) + "</tr>")
    return HTML(f"<table><tr>{head}</tr>{''.join(rows)}</table>")


class CaseGallery(Displayable):
    """A button per case; choosing one opens it in a :class:`swedu.Classifier` below the buttons.

    >>> gallery = CaseGallery("small-business")
    >>> gallery.choice.value, gallery.classifier
    ('small-business', <Classifier small-business, stage planning>)
    """

    def __init__(self, first: str | None = None):
        self._language = get_language()
        with language(self._language):
            options = [(row.title, row.id) for row in scenario_table()]
            # Buttons, not a drop-down list: one named row of choices, reached with Tab, the arrow keys
            # move between the cases and Space or Enter presses one; no key reaches JupyterLab's notebook
            # shortcuts (the activities' script, in the first HTML widget: see _common.aria_script).
            self.choice = w.ToggleButtons(options=options, value=first or options[0][1],
                                          description=t("lessons.gallery.choose"),
                                          tooltips=[title for title, _id in options],
                                          style={"description_width": "initial", "button_width": "auto"},
                                          layout=w.Layout(width="auto", flex_flow="row wrap"))
            self.choice.add_class("swedu-gallery-choice")
            self.classifier = Classifier(self.choice.value)
        self._style = w.HTML(CSS)
        self.widget = w.VBox([self._style, self.choice, self.classifier.widget])
        self.widget.add_class("swedu-activity")
        self.widget.add_class("swedu-gallery")
        self.choice.observe(lambda change: self.choose(change["new"]), names="value")

    def __repr__(self) -> str:
        return f"<CaseGallery {self.choice.value}>"

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        self.classifier._prepare_map()  # shown: the kernel draws the case's map while the learner reads
        return bundle

    @serialized
    def choose(self, case_id: str) -> None:
        """Open ``case_id`` (as pressing its button does)."""
        with language(self._language):
            if self.choice.value != case_id:
                self.choice.value = case_id  # calls choose again through the observer
                return
            self.classifier = Classifier(case_id)
            self.widget.children = [self._style, self.choice, self.classifier.widget]
            self.classifier._prepare_map()


__all__ = ["CaseGallery", "case_table"]
