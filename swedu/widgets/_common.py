"""Shared pieces of the activity widgets: language scope, buttons, display."""
from __future__ import annotations

import contextlib
import functools
import html
import threading

import ipywidgets as w

from swedu.i18n import language_on_this_thread, t

MAP_DPI = 96
"""Resolution of the maps shown in activities: 11-point labels become about 15 pixels, readable when projected."""


_ACTIONS = threading.RLock()
"""One lock for every learner action on every activity.

JupyterLab 4 with ipykernel 7 may deliver widget messages on a second kernel thread ("comms over
subshells") while the first clicks still arrive on the main thread, so a Check and a Next stage
could run at the same time (the map of the old stage drawn over the new one). Holding one re-entrant
lock makes every action whole. (Actions speak their activity's language on their own thread only:
:func:`language`.)
"""


def serialized(method):
    """Run an activity method while holding the action lock (see :data:`_ACTIONS`)."""

    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        with _ACTIONS:
            return method(*args, **kwargs)

    return wrapper


def language(code: str):
    """Run a block in the language an activity was built in: every text of this thread speaks ``code`` for
    the block (:func:`swedu.i18n.language_on_this_thread`), and the learner's choice, the global language,
    is never changed, not even for a moment (a handler on one thread, a map drawn on another, one
    mechanism for both).

    >>> from swedu.i18n import get_language
    >>> with language("id"):
    ...     print(get_language(), t("system.client.name"))
    id sistem klien
    >>> get_language()
    'en'
    """
    return language_on_this_thread(code)


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
    ".swedu-activity .swedu-skip-line{margin:0}"
    ".swedu-activity a.swedu-skip:not(:focus){position:absolute;width:1px;height:1px;overflow:hidden;"
    "clip:rect(0,0,0,0);white-space:nowrap}"
    ".swedu-activity a.swedu-skip:focus{display:inline-block;padding:0.2em 0.5em;background:#ffffff;color:#000000}"
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


ARIA_JS = r"""
(function (img) {
  var root = img.closest('.swedu-activity');
  if (!root || root.dataset.sweduAria) { return; }
  root.dataset.sweduAria = '1';
  var STEP = {ArrowLeft: -1, ArrowUp: -1, ArrowRight: 1, ArrowDown: 1};
  var GROUPS = '.swedu-choices, .widget-toggle-buttons';
  var checkedAt = 0;
  function options(group) {
    return Array.from(group.querySelectorAll('button, input[type=checkbox]')).filter(function (o) {
      return !o.disabled;
    });
  }
  function groupOf(el) { return el && el.closest ? el.closest(GROUPS) : null; }
  function rove(group, current) {
    var all = options(group);
    if (!all.length) { return; }
    if (all.indexOf(current) < 0) {
      current = all.filter(function (o) { return o.getAttribute('tabindex') === '0'; })[0]
        || all.filter(function (o) { return o.classList.contains('mod-active') || o.checked; })[0] || all[0];
    }
    all.forEach(function (o) {
      var v = o === current ? '0' : '-1';
      if (o.getAttribute('tabindex') !== v) { o.setAttribute('tabindex', v); }
    });
  }
  function name(el, text) {
    if (text && el.getAttribute('aria-label') !== text) { el.setAttribute('role', 'group'); el.setAttribute('aria-label', text); }
  }
  function fix() {
    root.querySelectorAll('.widget-toggle-button').forEach(function (b) {
      var p = b.classList.contains('mod-active') ? 'true' : 'false';
      if (b.getAttribute('aria-pressed') !== p) { b.setAttribute('aria-pressed', p); }
    });
    root.querySelectorAll('.swedu-group').forEach(function (g) {
      var l = g.querySelector('.swedu-group-label'); if (l) { name(g, l.textContent.trim()); }
    });
    root.querySelectorAll('.widget-toggle-buttons').forEach(function (g) {
      var l = g.querySelector('.widget-label'); if (l) { name(g, l.textContent.trim()); }
    });
    root.querySelectorAll('.widget-radio').forEach(function (g) {
      var l = g.querySelector('.widget-label'), t = l && l.textContent.trim(), box = g.querySelector('.widget-radio-box');
      if (!box) { return; }
      if (t && box.getAttribute('aria-label') !== t) { box.setAttribute('role', 'radiogroup'); box.setAttribute('aria-label', t); }
      if (!box.dataset.sweduName) { box.dataset.sweduName = 'swedu-' + Math.random().toString(36).slice(2); }
      box.querySelectorAll('input[type=radio]').forEach(function (r) { if (r.name !== box.dataset.sweduName) { r.name = box.dataset.sweduName; } });
    });
    root.querySelectorAll('.swedu-row').forEach(function (r) {
      var l = r.querySelector('.swedu-row-label'), c = r.querySelector('.swedu-choices, .widget-radio-box');
      if (!l || !c) { return; }
      var words = l.querySelector('small') ? Array.from(l.querySelectorAll('strong, small'))
        .map(function (n) { return n.textContent.trim(); }).join(', ') : l.textContent;
      name(c, words.replace(/\s+/g, ' ').trim());
      if (c.classList.contains('widget-radio-box')) { c.setAttribute('role', 'radiogroup'); }
    });
    root.querySelectorAll('.swedu-live').forEach(function (a) {
      if (a.getAttribute('aria-live') !== 'polite') { a.setAttribute('role', 'status'); a.setAttribute('aria-live', 'polite'); }
    });
    root.querySelectorAll('.swedu-verdict').forEach(function (a) {
      if (a.getAttribute('tabindex') !== '-1') { a.setAttribute('tabindex', '-1'); }
    });
    root.querySelectorAll(GROUPS).forEach(function (g) { rove(g, document.activeElement); });
  }
  root.addEventListener('focusin', function (e) { var g = groupOf(e.target); if (g) { rove(g, e.target); } });
  root.addEventListener('keydown', function (e) {
    if (!(e.target.closest && e.target.closest('.swedu-check-button'))) { checkedAt = 0; }
    if (e.ctrlKey || e.metaKey) { return; }
    var g = groupOf(e.target);
    if (g && !e.altKey && !e.shiftKey) {
      var all = options(g), i = all.indexOf(e.target), to = -1;
      if (i >= 0 && e.key in STEP) { to = (i + STEP[e.key] + all.length) % all.length; }
      else if (i >= 0 && e.key === 'Home') { to = 0; }
      else if (i >= 0 && e.key === 'End') { to = all.length - 1; }
      if (to >= 0) { rove(g, all[to]); all[to].focus(); e.preventDefault(); }
    }
    e.stopPropagation();
  });
  root.addEventListener('click', function (e) {
    var t = e.target;
    if (!t.closest) { return; }
    checkedAt = t.closest('.swedu-check-button') ? Date.now() : 0;
    if (t.closest('.swedu-skip')) {
      e.preventDefault();
      var c = root.querySelector('.swedu-check-button:not([disabled])');
      if (c) { c.focus(); }
    }
  });
  fix();
  new MutationObserver(function (records) {
    fix();
    if (!checkedAt || Date.now() - checkedAt > 15000) { return; }
    var verdict = null;
    records.forEach(function (r) {
      var v = r.target.closest ? r.target.closest('.swedu-verdict') : null;
      if (v && v.innerText.trim()) { verdict = v; }
    });
    if (verdict) { checkedAt = 0; verdict.focus(); }
  }).observe(root, {subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['class']});
})(this)
"""
"""What :func:`aria_script` runs in the page (see there)."""


def aria_script() -> str:
    """A small script (in an HTML widget) that gives the activity's controls what ipywidgets leaves out.

    ipywidgets 8 renders a ToggleButton(s) as a plain ``<button>`` whose state is only the class
    ``mod-active``, no label on a group of choices, no live region and no keyboard model for a row of
    choices. In the page this script:

    * adds ``aria-pressed`` to every toggle (kept in step with ``mod-active``); ``role="group"`` and the
      visible legend as ``aria-label`` to each ``.swedu-group`` and each labelled ToggleButtons; a
      ``radiogroup`` name (and one shared ``name``) to radio boxes; the words of its ``.swedu-row-label``
      to the choices of a ``.swedu-row`` (a row of :func:`choices` or of radio buttons);
      ``role="status" aria-live="polite"`` to each ``.swedu-live``;
    * makes each group of choices (:func:`choices`, ToggleButtons) one stop of the Tab key (a "roving"
      tabindex: the choice last used, else the chosen one, else the first); the arrow keys (and Home,
      End) move between the choices of that group, round at the ends, and never out of it; radio groups
      do the same natively (one shared ``name``);
    * stops every key pressed inside the activity (except with Ctrl or Cmd: save, command palette) from
      reaching JupyterLab's notebook shortcuts, which in command mode would run, move, copy, duplicate or
      delete cells (JupyterLab 4 listens on the document in the bubbling phase, as ipywidgets' own text
      fields rely on: ipywidgets pull request 839);
    * after a Check (a :func:`check_button`), moves the focus to the feedback when it changes
      (a :func:`verdict_region`, focusable with ``tabindex="-1"``), so a screen reader reads the verdict;
      a key or a click elsewhere before then cancels the move (the learner has gone on); a
      :func:`skip_link` moves the focus to the activity's Check button.

    It runs again whenever the activity's DOM changes (a MutationObserver on the activity), and does
    nothing where scripts do not run.
    """
    return ('<img class="swedu-script" src="data:," alt="" style="display:none" onerror="'
            + html.escape(" ".join(line.strip() for line in ARIA_JS.strip().splitlines()), quote=True) + '">')


def choices(box: w.Box, row_label: w.Widget | None = None, row: w.Box | None = None) -> w.Box:
    """Mark ``box`` as one group of choices (toggle buttons or check boxes): one Tab stop, arrow keys
    inside (see :func:`aria_script`). With ``row`` and ``row_label``, the group is named by the label's
    words (a screen reader hears "Rina (social worker), group")."""
    box.add_class("swedu-choices")
    if row is not None and row_label is not None:
        row.add_class("swedu-row")
        row_label.add_class("swedu-row-label")
    return box


def check_button(pressed: w.Button) -> w.Button:
    """Mark the button that checks an activity: the skip link leads to it, and after it is pressed the
    focus moves to the activity's :func:`verdict_region` when that changes."""
    pressed.add_class("swedu-check-button")
    return pressed


def verdict_region(area: w.Widget) -> w.Widget:
    """The area where a check's verdict appears: a polite live region that takes the focus after Check."""
    live_region(area)
    area.add_class("swedu-verdict")
    return area


def skip_link(key: str = "widgets.keyboard.skip_to_check") -> str:
    """A link at the top of an activity that moves the focus to its Check button (shown when focused).

    >>> with language("id"):
    ...     print(skip_link())
    <p class="swedu-skip-line"><a class="swedu-skip" href="#">Ke tombol Periksa</a></p>
    """
    return f'<p class="swedu-skip-line"><a class="swedu-skip" href="#">{html.escape(t(key))}</a></p>'


CSS = CSS + aria_script()
"""The styles and the accessibility script every activity puts in its first HTML widget."""


class Displayable:
    """Display an activity as its root widget, with a readable plain-text stand-in.

    The text/plain of the display is what JupyterLab shows where the widget cannot show yet (a
    notebook opened before its cells run): a sentence in the activity's language, never a repr.
    """

    widget: w.Widget

    _syncing = False
    """True while the code, not the learner, sets the inputs (see :meth:`_setting_inputs`)."""

    @contextlib.contextmanager
    def _setting_inputs(self):
        """Set the inputs from the code: meanwhile their observers see ``_syncing`` and let the change pass
        (it is not the learner's).

        >>> class Form(Displayable):
        ...     pass
        >>> form = Form()
        >>> with form._setting_inputs():
        ...     form._syncing
        True
        >>> form._syncing
        False
        """
        self._syncing = True
        try:
            yield
        finally:
            self._syncing = False

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
