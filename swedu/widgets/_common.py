"""Shared pieces of the activity widgets: language scope, buttons, progress recording, display."""
from __future__ import annotations

import contextlib
import functools
import html
import threading

import ipywidgets as w

from swedu import progress
from swedu.i18n import get_language, set_language, t

MAP_DPI = 96
"""Resolution of the maps shown in activities: 11-point labels become about 15 pixels, readable when projected."""


_ACTIONS = threading.RLock()
"""One lock for every learner action on every activity.

JupyterLab 4 with ipykernel 7 may deliver widget messages on a second kernel thread ("comms over
subshells") while the first clicks still arrive on the main thread, so a Check and a Next stage
could run at the same time (the map of the old stage drawn over the new one). Actions also switch
the global language for a moment. Holding one re-entrant lock makes every action whole.
"""


def serialized(method):
    """Run an activity method while holding the action lock (see :data:`_ACTIONS`)."""

    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        with _ACTIONS:
            return method(*args, **kwargs)

    return wrapper


@contextlib.contextmanager
def language(code: str):
    """Run a block in the language an activity was built in, then restore the learner's choice."""
    before = get_language()
    if before == code:
        yield
        return
    set_language(code)
    try:
        yield
    finally:
        set_language(before)


def button(key: str, icon: str, style: str = "", disabled: bool = False, catalog: str = "widgets.button",
           **layout) -> w.Button:
    """A button with words, an icon and a tooltip (screen readers read description and tooltip): the
    words are ``<catalog>.<key>`` and ``<catalog>.<key>_tooltip``; ``layout`` adds to its layout."""
    return w.Button(description=t(f"{catalog}.{key}"), tooltip=t(f"{catalog}.{key}_tooltip"),
                    icon=icon, button_style=style, disabled=disabled,
                    layout=w.Layout(width="auto", min_width="8em", **layout))


def heading(text: str, level: int = 3) -> str:
    return f"<h{level}>{html.escape(text)}</h{level}>"


def paragraphs(text: str) -> str:
    return "".join(f"<p>{html.escape(p)}</p>" for p in str(text).split("\n\n") if p.strip())


def record(result) -> None:
    """Keep the check (an :class:`~swedu.outcome.Outcome`) in the learner's progress store; never break
    the check, even when the recorder itself was replaced by a broken one."""
    try:
        progress.record(result)
    except Exception:  # noqa: BLE001, S110 - recording must never break a lesson
        pass


CSS = (
    "<style>"
    ".swedu-activity h3{margin:0.2em 0}"
    ".swedu-feedback li.swedu-ok{border-left:6px solid #009E73;padding-left:0.4em}"
    ".swedu-feedback li.swedu-partial{border-left:6px dashed #E69F00;padding-left:0.4em}"
    ".swedu-feedback li.swedu-wrong{border-left:6px dotted #D55E00;padding-left:0.4em}"
    ".swedu-feedback li.swedu-empty{border-left:6px double #999999;padding-left:0.4em}"
    ".swedu-feedback ul{list-style:none;padding-left:0.3em}"
    "</style>"
)
"""Colour repeats what the icon and the words already say; border styles differ too (greyscale)."""


def map_widget() -> w.HTML:
    """The area that shows a map: an HTML ``<img>`` with a real ``alt`` text.

    ipywidgets' ``Image`` renders no alt or title (an axe "image-alt" critical finding), so the
    PNG goes into an ``<img>`` as a data URI. The element also carries the ``widget-image`` class
    so that tests and styles written for an Image widget keep finding the map.
    """
    area = w.HTML(layout=w.Layout(display="none", max_width="100%"))
    area.add_class("swedu-map")
    area.add_class("widget-image")
    return area


def show_map(area: w.HTML, png: bytes, alt: str) -> None:
    import base64

    data = base64.b64encode(png).decode("ascii")
    area.value = (f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt, quote=True)}" '
                  'style="max-width:100%;height:auto">')
    area.layout.display = ""


def hide_map(area: w.HTML) -> None:
    area.value = ""
    area.layout.display = "none"


class Displayable:
    """Display an activity as its root widget, with a stable plain-text fallback."""

    widget: w.Widget

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        if isinstance(bundle, tuple):
            data, meta = bundle
        else:
            data, meta = bundle, {}
        data = dict(data or {})
        data["text/plain"] = repr(self)
        return data, meta

    def _ipython_display_(self):
        from IPython.display import display

        data, meta = self._repr_mimebundle_()
        display(data, metadata=meta, raw=True)
