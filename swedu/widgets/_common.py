"""Shared pieces of the activity widgets: language scope, buttons, display."""
from __future__ import annotations

import contextlib
import functools
import html
import threading

import ipywidgets as w

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


FOCUS_RING = ("outline:3px solid #000000 !important;outline-offset:2px !important;"
              "box-shadow:0 0 0 2px #ffffff,0 0 0 7px #ffffff !important")
"""The keyboard focus indicator (WCAG 2.2, 2.4.7 and 2.4.13): a 3 px black ring 2 px outside the control,
with a white halo on both sides of it, so the ring has at least 3:1 against whatever is next to it (the
white or dark page, the blue primary button, the teal chosen button) and never sits on the button's own
colour. JupyterLab's own 1 px light blue line inside the button (about 1.9:1) is replaced."""

_FOCUSABLE = ("button", "input", "textarea", "select", "[tabindex]", "a", "summary")

CSS = (
    "<style>"
    ".swedu-activity h3{margin:0.2em 0}"
    ".swedu-feedback li.swedu-ok{border-left:6px solid #009E73;padding-left:0.4em}"
    ".swedu-feedback li.swedu-partial{border-left:6px dashed #E69F00;padding-left:0.4em}"
    ".swedu-feedback li.swedu-wrong{border-left:6px dotted #D55E00;padding-left:0.4em}"
    ".swedu-feedback li.swedu-empty{border-left:6px double #999999;padding-left:0.4em}"
    ".swedu-feedback ul{list-style:none;padding-left:0.3em}"
    + "".join(f".swedu-activity {tag}:focus-visible{{{FOCUS_RING}}}" for tag in _FOCUSABLE)
    + "".join(f".swedu-activity {tag}:focus:not(:focus-visible){{outline:none}}" for tag in ("button",))
    + ".swedu-activity .widget-radio-box input:focus-visible,.swedu-activity input[type=checkbox]:focus-visible"
    f"{{{FOCUS_RING}}}"
    ".swedu-activity .swedu-field-message{color:#8a1c00;margin:0 0 0.3em 9.5em}"
    ".swedu-activity .swedu-field-message:empty{display:none}"
    "</style>"
)
"""Colour repeats what the icon and the words already say; border styles differ too (greyscale)."""


def placeholder(language_code: str | None = None) -> str:
    """What a notebook shows for an activity that has not run yet (in the activity's language).

    >>> placeholder("id")
    'Aktivitas: jalankan sel ini untuk membukanya.'
    """
    return t("widgets.placeholder", language_code)


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


def live_region(area: w.Widget) -> w.Widget:
    """Mark a feedback area as a polite live region: a screen reader reads its new words when it changes.

    ipywidgets has no aria attributes; the class ``swedu-live`` is turned into ``role="status"`` and
    ``aria-live="polite"`` by :func:`aria_script` (in the page, once the widget is shown).
    """
    area.add_class("swedu-live")
    return area


def group(children, label: str, box=None) -> w.Box:
    """A box of related choices that a screen reader announces as one named group.

    The label is shown (a visible legend) and given to the group as its name by :func:`aria_script`.
    """
    legend = w.HTML(f"<strong class=\"swedu-group-label\">{html.escape(label)}</strong>")
    holder = (box or w.VBox)([legend, *children])
    holder.add_class("swedu-group")
    return holder


def aria_script() -> str:
    """A small script (in an HTML widget) that gives the activity's controls what ipywidgets leaves out.

    ipywidgets 8 renders a ToggleButton(s) as a plain ``<button>`` whose state is only the class
    ``mod-active``, no label on a group of choices and no live region. In the page this adds
    ``aria-pressed`` to every toggle (kept in step with ``mod-active``), ``role="group"`` and the
    visible legend as ``aria-label`` to each ``.swedu-group``, a ``radiogroup`` name to radio boxes, and
    ``role="status" aria-live="polite"`` to each ``.swedu-live``. It runs again whenever the activity's
    DOM changes (a MutationObserver on the activity), and does nothing where scripts do not run.
    """
    return """<img class="swedu-script" src="data:," alt="" style="display:none" onerror="(function(img){
var root=img.closest('.swedu-activity');if(!root||root.dataset.sweduAria)return;root.dataset.sweduAria='1';
function fix(){
root.querySelectorAll('button.widget-toggle-button,button.jupyter-button.widget-toggle-button,.widget-toggle-button').forEach(function(b){var p=b.classList.contains('mod-active')?'true':'false';if(b.getAttribute('aria-pressed')!==p)b.setAttribute('aria-pressed',p);});
root.querySelectorAll('.swedu-group').forEach(function(g){var l=g.querySelector('.swedu-group-label');if(l&&g.getAttribute('aria-label')!==l.textContent){g.setAttribute('role','group');g.setAttribute('aria-label',l.textContent);}});
root.querySelectorAll('.widget-toggle-buttons').forEach(function(g){var l=g.querySelector('.widget-label');var t=l&&l.textContent.trim();if(t&&g.getAttribute('aria-label')!==t){g.setAttribute('role','group');g.setAttribute('aria-label',t);}});
root.querySelectorAll('.widget-radio').forEach(function(g,n){var l=g.querySelector('.widget-label');var t=l&&l.textContent.trim();var box=g.querySelector('.widget-radio-box');if(!box)return;if(t&&box.getAttribute('aria-label')!==t){box.setAttribute('role','radiogroup');box.setAttribute('aria-label',t);}if(!box.dataset.sweduName){box.dataset.sweduName='swedu-'+Math.random().toString(36).slice(2);}box.querySelectorAll('input[type=radio]').forEach(function(r){if(r.name!==box.dataset.sweduName)r.name=box.dataset.sweduName;});});
root.querySelectorAll('.swedu-live').forEach(function(a){if(a.getAttribute('aria-live')!=='polite'){a.setAttribute('role','status');a.setAttribute('aria-live','polite');}});
}
root.addEventListener('keydown',function(e){if(['ArrowLeft','ArrowRight','ArrowUp','ArrowDown'].indexOf(e.key)<0)return;var b=e.target.closest&&e.target.closest('.widget-toggle-buttons button');if(b){var all=Array.from(b.parentNode.querySelectorAll('button'));var i=all.indexOf(b)+((e.key==='ArrowLeft'||e.key==='ArrowUp')?-1:1);all[(i+all.length)%all.length].focus();e.preventDefault();}if(b||e.target.type==='radio')e.stopPropagation();},true);
fix();new MutationObserver(fix).observe(root,{subtree:true,childList:true,attributes:true,attributeFilter:['class']});
})(this)">"""


CSS = CSS + aria_script()
"""The styles and the accessibility script every activity puts in its first HTML widget."""


class Displayable:
    """Display an activity as its root widget, with a readable plain-text stand-in.

    The text/plain of the display is what JupyterLab shows where the widget cannot show yet (a
    notebook opened before its cells run): a sentence in the activity's language, never a repr.
    """

    widget: w.Widget

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        if isinstance(bundle, tuple):
            data, meta = bundle
        else:
            data, meta = bundle, {}
        data = dict(data or {})
        data["text/plain"] = placeholder(getattr(self, "_language", None))
        return data, meta

    def _ipython_display_(self):
        from IPython.display import display

        data, meta = self._repr_mimebundle_()
        display(data, metadata=meta, raw=True)
