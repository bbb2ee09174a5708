"""Helpers for the browser tests: drive a notebook in JupyterLab and read what happened on screen.

Kept out of conftest.py so test files can import them by a unique module name.
"""
from __future__ import annotations

import re
import urllib.error
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"

# ---------------------------------------------------------------------------------------------------

NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden)"
IDLE = ".jp-Notebook-ExecutionIndicator[data-status='idle']"
# Console errors that mean a widget did not render or did not update (e.g. ipywidgets' "Error setting
# state: ..." when a trait the front end cannot apply is sent).
WIDGET_CONSOLE_ERROR = re.compile(r"Error setting state|Error displaying widget|Could not (create|instantiate)"
                                  r"|[Mm]odel not found|widget", re.IGNORECASE)
STATE_ERROR_HINT = (" (the front end could not apply a trait sent by the kernel, and the other traits of that"
                    " update may be lost too; e.g. ipywidgets 8.1's Image cannot take a tooltip: its"
                    " DOMWidgetView.updateTooltip reads the description an Image does not have)")

# Called in the page: a summary of the current notebook's model (outputs the kernel sent).
_MODEL_SUMMARY_JS = """
() => {
  const panel = window.jupyterapp.shell.currentWidget;
  if (!panel || !panel.content || !panel.content.model) { return null; }
  const cells = [];
  const model = panel.content.model;
  for (let i = 0; i < model.cells.length; i++) {
    const cell = model.cells.get(i);
    if (cell.type !== 'code') { continue; }
    const outputs = [];
    for (let j = 0; j < cell.outputs.length; j++) {
      const out = cell.outputs.get(j).toJSON();
      outputs.push({type: out.output_type, name: out.name || null, ename: out.ename || null,
                    evalue: out.evalue || null, text: out.text ? [].concat(out.text).join('') : null,
                    mimes: out.data ? Object.keys(out.data) : []});
    }
    cells.push({index: i, count: cell.executionCount, source: cell.sharedModel.getSource().slice(0, 200),
                outputs: outputs});
  }
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  return {cells: cells, kernelStatus: kernel ? kernel.status : null, path: panel.context.path};
}
"""


def fit_viewport_to_notebook(page) -> dict:
    """Grow the viewport to the whole notebook's height (JupyterLab scrolls inside its panel, and both a
    screenshot and axe's contrast check see only what is on screen). Returns the previous size."""
    measure = ("(sel) => { const n = document.querySelector(sel + ' .jp-WindowedPanel-outer')"
               " || document.querySelector(sel + ' .jp-Notebook');"
               " return n ? [n.scrollHeight, n.clientHeight] : [0, 0]; }")
    content, visible = page.evaluate(measure, NOTEBOOK)
    size = page.viewport_size
    height = int(min(size["height"] + max(content - visible, 0) + 40, 16000))
    page.set_viewport_size({"width": size["width"], "height": height})
    try:  # JupyterLab lays the panel out again for the new size
        page.wait_for_function(f"(sel) => ({measure})(sel)[0] <= ({measure})(sel)[1] + 2",
                               arg=NOTEBOOK, timeout=5_000)
    except PlaywrightTimeout:  # longer than 16000 px: the top part
        pass
    page.evaluate("(sel) => { const n = document.querySelector(sel + ' .jp-WindowedPanel-outer');"
                  " if (n) { n.scrollTop = 0; } }", NOTEBOOK)
    return size


class NotebookDriver:
    """Drive one notebook in JupyterLab: open it, run everything, read what happened.

    ``page`` is a Playwright page, ``server`` the session's ``LabServer`` (conftest.py).
    """

    def __init__(self, page, server, relative_path: str):
        self.page = page
        self.server = server
        self.path = relative_path

    # -- opening and running ------------------------------------------------------------------------
    def open(self) -> NotebookDriver:
        self.page.goto(self.server.lab_url(self.path))
        return self.wait_until_ready()

    def wait_until_ready(self) -> NotebookDriver:
        """Wait until the notebook on screen (opened by ``open()`` or reached by a link) has an idle kernel."""
        page = self.page
        page.wait_for_selector(f"{NOTEBOOK} .jp-Notebook", state="visible", timeout=60_000)
        page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget "
                               "&& window.jupyterapp.shell.currentWidget.context "
                               "&& window.jupyterapp.shell.currentWidget.context.isReady", timeout=60_000)
        # Wait for this page's own (fresh) kernel to be ready.
        page.wait_for_function(
            "() => { const p = window.jupyterapp.shell.currentWidget;"
            " const k = p.sessionContext.session && p.sessionContext.session.kernel;"
            " return k && k.status === 'idle'; }", timeout=60_000)
        page.wait_for_selector(f"{NOTEBOOK} {IDLE}", timeout=60_000)
        return self

    def clear_outputs(self) -> None:
        """Clear the stored outputs and execution counts, so what remains afterwards comes from this run."""
        self.page.evaluate("() => window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs')")
        self.page.wait_for_function(
            "() => window.jupyterapp.shell.currentWidget.content.model.cells.length > 0 && "
            "Array.from({length: window.jupyterapp.shell.currentWidget.content.model.cells.length},"
            " (_, i) => window.jupyterapp.shell.currentWidget.content.model.cells.get(i))"
            ".every(c => c.type !== 'code' || (c.executionCount === null && c.outputs.length === 0))")

    def run_all(self, timeout: float = 120_000) -> dict:
        """Run all cells through the Run menu, as a learner would; return the model summary when done."""
        page = self.page
        page.click("#jp-MainMenu .lm-MenuBar-itemLabel:text-is('Run')")
        page.click("li[data-command='runmenu:run-all']")
        # Done when the kernel is idle and every code cell either ran or was skipped after an error.
        page.wait_for_function(
            """() => {
              const p = window.jupyterapp.shell.currentWidget;
              const k = p.sessionContext.session && p.sessionContext.session.kernel;
              if (!k || k.status !== 'idle') { return false; }
              if (p.content.node.querySelector('.jp-InputPrompt') &&
                  Array.from(p.content.node.querySelectorAll('.jp-InputPrompt'))
                       .some(n => n.textContent.includes('*'))) { return false; }
              const m = p.content.model;
              let errored = false;
              for (let i = 0; i < m.cells.length; i++) {
                const c = m.cells.get(i);
                if (c.type !== 'code') { continue; }
                for (let j = 0; j < c.outputs.length; j++) {
                  if (c.outputs.get(j).type === 'error') { errored = true; }
                }
                if (c.executionCount === null && !errored && c.sharedModel.getSource().trim()) {
                  return false;
                }
              }
              return true;
            }""", timeout=timeout, polling=200)
        page.wait_for_selector(f"{NOTEBOOK} {IDLE}")
        return self.summary()

    def run_fresh(self, widget_timeout: float = 15_000) -> dict:
        """Clear the stored outputs, run all cells and wait for the widgets: a learner's "run all"."""
        self.clear_outputs()
        summary = self.run_all()
        self.wait_for_widgets_rendered(timeout=widget_timeout)
        return summary

    def summary(self) -> dict:
        return self.page.evaluate(_MODEL_SUMMARY_JS)

    # -- what is on screen ---------------------------------------------------------------------------
    def wait_for_widgets_rendered(self, timeout: float = 15_000) -> None:
        """Wait until no widget output still says 'Loading widget...' (fails with a clear message)."""
        try:
            self.page.wait_for_function(
                "(sel) => !Array.from(document.querySelectorAll(sel + ' .jp-OutputArea-output'))"
                ".some(n => n.textContent.trim().startsWith('Loading widget'))", arg=NOTEBOOK,
                timeout=timeout)
        except PlaywrightTimeout:
            pass  # reported by problems()

    def problems(self, summary: dict) -> list[str]:
        """Every error output, failed widget and unexecuted cell, as readable lines (empty: all good)."""
        found = []
        executed = []
        for cell in summary["cells"]:
            where = f"cell {cell['index']} ({cell['source'][:60]!r})"
            if not cell["source"].strip():
                continue
            executed.append(cell["count"])
            if cell["count"] is None:
                found.append(f"{where} did not run")
            for out in cell["outputs"]:
                if out["type"] == "error":
                    found.append(f"{where} raised {out['ename']}: {out['evalue']}")
                elif out["type"] == "stream" and out["name"] == "stderr" and \
                        re.search(r"Traceback|\w+Error\b|Exception", out["text"] or ""):
                    found.append(f"{where} printed an error on stderr: {(out['text'] or '')[:300]}")
        ran = [count for count in executed if count is not None]
        if ran and ran != list(range(1, len(ran) + 1)):
            found.append(f"cells did not run once each, in order, in a fresh kernel: execution counts {ran}")
        dom = self.page.evaluate(
            """(sel) => {
              const root = document.querySelector(sel);
              const out = [];
              if (!root) { return ['no notebook panel on screen']; }
              root.querySelectorAll('.jp-OutputArea-output').forEach(n => {
                const text = n.textContent.trim();
                if (text.startsWith('Error displaying widget')) { out.push('widget failed: ' + text.slice(0, 200)); }
                if (text.startsWith('Loading widget')) { out.push('widget never rendered: ' + text.slice(0, 80)); }
                if (n.getAttribute('data-mime-type') === 'application/vnd.jupyter.stderr' &&
                    /Traceback|Error\\b/.test(text)) { out.push('error output on screen: ' + text.slice(0, 300)); }
              });
              root.querySelectorAll('.jp-RenderedText').forEach(n => {
                if (n.textContent.includes('Traceback (most recent call last)')) {
                  out.push('traceback on screen: ' + n.textContent.trim().slice(0, 300));
                }
              });
              root.querySelectorAll(
                  '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.widget-view+json"]'
              ).forEach(n => {
                if (n.classList.contains('lm-mod-hidden')) { return; }
                if (!n.querySelector('.jupyter-widgets, .widget-box, .widget-inline-hbox, .widget-html, canvas, img, svg, button, input')) {
                  out.push('a widget output is empty: ' + n.outerHTML.slice(0, 200));
                }
              });
              return out;
            }""", NOTEBOOK)
        return found + dom + self.browser_errors()

    def browser_errors(self) -> list[str]:
        """Widget errors on the browser console and uncaught JavaScript errors so far (empty: all good).

        The widget manager reports a failed state update or view only on the console, so a button that
        silently does nothing shows up here.
        """
        found = [f"widget error in the browser console: {message[:300]}"
                 + (STATE_ERROR_HINT if "Error setting state" in message else "")
                 for message in getattr(self.page, "console_errors", []) if WIDGET_CONSOLE_ERROR.search(message)]
        found += [f"uncaught JavaScript error: {error[:300]}" for error in getattr(self.page, "page_errors", [])]
        return found

    def screenshot(self, name: str) -> Path:
        """Save a screenshot of the whole notebook to test-artifacts/screenshots/<name>.png."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        target = SCREENSHOTS / f"{name}.png"
        # The notebook scrolls inside its panel: grow the viewport to the notebook's full height first.
        page = self.page
        size = fit_viewport_to_notebook(page)
        page.screenshot(path=str(target))
        page.set_viewport_size(size)
        return target

    def close(self) -> None:
        """Shut this notebook's kernel down through the REST API."""
        for session in self.server.sessions():
            if session.get("path") == self.path:
                try:
                    self.server.api("DELETE", f"/api/sessions/{session['id']}")
                except urllib.error.HTTPError as error:
                    if error.code != 404:
                        raise




# ---------------------------------------------------------------------------------------------------
# Accessibility audit (axe-core, bundled with axe-playwright-python: no network)
# ---------------------------------------------------------------------------------------------------

# What the course itself puts on screen: its widgets and the HTML of its checks, stories and reports.
# JupyterLab's own interface (menus, toolbars, file browser) is not the course's to fix, so it is left out.
COURSE_OUTPUT = (".swedu-activity", ".swedu-check", ".swedu-check-pointer", ".swedu-story", ".swedu-feedback",
                 ".swedu-progress", ".swedu-notes", ".swedu-key", ".swedu-hint")
FAILING_IMPACTS = ("serious", "critical")
# Rules switched off: none. (Moderate and minor findings, e.g. heading-order, are reported, not failed.)
EXCLUDED_RULES: dict[str, str] = {}


def axe_audit(page, selectors=COURSE_OUTPUT, scope: str = NOTEBOOK) -> dict:
    """Run axe-core on the course's output inside ``scope``; returns axe's result (violations, incomplete).

    Raises AssertionError when none of ``selectors`` is on screen (an audit of nothing proves nothing).
    """
    from axe_playwright_python.base import AXE_SCRIPT

    present = page.evaluate(
        "([scope, sels]) => sels.map(s => scope + ' ' + s).filter(s => document.querySelector(s))",
        [scope, list(selectors)])
    assert present, f"nothing of the course's output ({', '.join(selectors)}) is on screen to audit"
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    previous = fit_viewport_to_notebook(page)  # everything on screen, or contrast is not checked at all
    # JupyterLab's <body> is 0 px high with overflow hidden (the shell is positioned absolutely), so axe
    # would take every text for clipped, off screen, and skip its contrast: give the body the window's height.
    page.evaluate("() => { document.body.dataset.sweduMinHeight = document.body.style.minHeight;"
                  " document.body.style.minHeight = '100vh'; }")
    options = {
               "rules": {rule: {"enabled": False} for rule in EXCLUDED_RULES}}
    result = page.evaluate("([context, options]) => axe.run(context, options)",
                           [{"include": present}, options])
    page.evaluate("() => { document.body.style.minHeight = document.body.dataset.sweduMinHeight || '';"
                  " delete document.body.dataset.sweduMinHeight; }")
    page.set_viewport_size(previous)
    result["audited"] = present
    return result


def serious_violations(result: dict) -> list[str]:
    """The serious and critical violations as readable lines (rule, impact, element, why)."""
    lines = []
    for violation in result["violations"]:
        if violation["impact"] not in FAILING_IMPACTS:
            continue
        for node in violation["nodes"]:
            why = "; ".join(check["message"] for kind in ("any", "all", "none") for check in node.get(kind, []))
            lines.append(f"{violation['id']} ({violation['impact']}): {node['html'][:160]} -- {why[:300]}")
    return lines


def minor_findings(result: dict) -> list[str]:
    """Moderate/minor violations and undecided contrast checks: reported, not failed."""
    lines = [f"{v['id']} ({v['impact']}) x{len(v['nodes'])}" for v in result["violations"]
             if v["impact"] not in FAILING_IMPACTS]
    lines += [f"undecided {v['id']} x{len(v['nodes'])}" for v in result["incomplete"]
              if v["id"] == "color-contrast"]
    return lines


_CONTRAST_JS = """
(targets) => {
  const parse = c => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) { return null; }
    const p = m[1].split(',').map(Number); return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; };
  const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
  const out = [];
  for (const sel of targets) {
    const el = document.querySelector(sel);
    if (!el) { continue; }
    let bg = null;
    for (let a = el; a && !bg; a = a.parentElement) {
      const c = parse(getComputedStyle(a).backgroundColor);
      if (c && c.a > 0) { bg = c; }
    }
    bg = bg || {r: 255, g: 255, b: 255, a: 1};
    let fg = parse(getComputedStyle(el).color);
    fg = {r: fg.r * fg.a + bg.r * (1 - fg.a), g: fg.g * fg.a + bg.g * (1 - fg.a), b: fg.b * fg.a + bg.b * (1 - fg.a)};
    const [hi, lo] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    out.push({target: sel, html: el.outerHTML.slice(0, 120), ratio: (hi + 0.05) / (lo + 0.05)});
  }
  return out;
}
"""


def undecided_contrast_failures(page, result: dict, minimum: float = 4.5) -> list[str]:
    """axe leaves contrast undecided over a background image (ipywidgets' dropdown arrow): compare the text
    colour with the element's background colour ourselves (the arrow sits beside the text, not under it)."""
    targets = [node["target"][-1] for rule in result["incomplete"] if rule["id"] == "color-contrast"
               for node in rule["nodes"] if isinstance(node["target"][-1], str)]
    ratios = page.evaluate(_CONTRAST_JS, targets) if targets else []
    return [f"color-contrast (undecided by axe, measured {item['ratio']:.2f}:1 < {minimum}:1): {item['html']}"
            for item in ratios if item["ratio"] < minimum]
