"""The browser fixture itself: a plain ipywidgets notebook works, and a broken one is caught."""
from __future__ import annotations

from labdriver import NOTEBOOK

PLAIN = "tests/browser/notebooks/plain-widgets.ipynb"
BROKEN = "tests/browser/notebooks/broken-on-purpose.ipynb"


def test_server_is_private_and_needs_the_token(lab_server):
    import urllib.error
    import urllib.request

    assert lab_server.url.startswith("http://127.0.0.1:")
    try:
        urllib.request.urlopen(f"{lab_server.url}/api/sessions", timeout=10)
    except urllib.error.HTTPError as error:
        assert error.code == 403
    else:
        raise AssertionError("the server answered the REST API without a token")


def test_plain_widgets_render_and_respond(notebook, lab_server):
    nb = notebook(PLAIN)
    summary = nb.run_fresh()
    assert nb.problems(summary) == []
    assert [cell["count"] for cell in summary["cells"]] == [1, 2, 3]
    # One fresh kernel, for this notebook only.
    sessions = lab_server.sessions()
    assert [session["path"] for session in sessions] == [PLAIN]

    page = nb.page
    counter = page.locator(f"{NOTEBOOK} .widget-html").first
    assert "clicks: 0" in counter.inner_text()
    page.locator(f"{NOTEBOOK} button.widget-button", has_text="Add one").click()
    page.wait_for_function("(sel) => document.querySelector(sel + ' .widget-html').textContent.includes('clicks: 1')",
                           arg=NOTEBOOK)
    # Keyboard only: the button takes focus with Tab and presses with Enter and Space.
    page.locator(f"{NOTEBOOK} button.widget-button").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("(sel) => document.querySelector(sel + ' .widget-html').textContent.includes('clicks: 2')",
                           arg=NOTEBOOK)
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement && document.activeElement.type")
    assert focused == "checkbox"
    page.keyboard.press("Space")
    assert page.locator(f"{NOTEBOOK} .widget-checkbox input").is_checked()


def test_a_broken_notebook_is_caught(notebook):
    nb = notebook(BROKEN)
    summary = nb.run_fresh(widget_timeout=3_000)
    problems = nb.problems(summary)
    text = "\n".join(problems)
    assert "raised ZeroDivisionError" in text, text
    assert "did not run" in text, text  # the cell after the error
    assert any(p.startswith(("widget failed", "widget never rendered", "a widget output is empty"))
               for p in problems), text

