"""The live presentation works in a classroom without network: no request leaves 127.0.0.1 and every
icon of the widgets is drawn (Font Awesome comes from the swedu-present template, not from a CDN).

The server is started as ``sh run.sh present 04`` starts it (students' view), and every request to
another host is blocked and recorded, as in test_present_live.py.
"""
from __future__ import annotations

from test_present_live import RENDER_TIMEOUT, offline_page, presentation  # noqa: F401 - fixtures

import pytest  # noqa: E402


@pytest.mark.parametrize("presentation", [False], indirect=True, ids=["student"])
def test_the_presentation_asks_nothing_from_another_host_and_draws_every_icon(presentation, offline_page):
    url, _ = presentation
    page = offline_page
    page.goto(url, timeout=RENDER_TIMEOUT)
    page.wait_for_selector(".swedu-classifier", state="attached", timeout=RENDER_TIMEOUT)
    page.locator("#swedu-mode").click()  # the whole lesson: every widget on the page
    page.wait_for_selector(".swedu-classifier button.widget-button i.fa", state="visible", timeout=30_000)
    page.evaluate("() => document.fonts.ready")
    icons = page.evaluate("""() => Array.from(document.querySelectorAll('button i.fa')).map(i => {
        const before = getComputedStyle(i, '::before');
        return {classes: i.className, content: before.content, font: before.fontFamily,
                width: i.getBoundingClientRect().width};
    })""")
    assert icons, "no widget icon on the page"
    missing = [i for i in icons if i["content"] in ("none", "normal", '""') or "Font Awesome" not in i["font"]]
    assert missing == [], missing
    faces = page.evaluate("""() => Array.from(document.fonts).filter(f => f.family.includes('Font Awesome'))
                                 .map(f => [f.family, f.weight, f.status])""")
    # the solid face draws the widgets' icons (check, lightbulb, undo, arrow, key); none failed to load
    assert [f for f in faces if "5 Free" in f[0] and f[1] == "900" and f[2] == "loaded"], faces
    assert not [f for f in faces if f[2] == "error"], faces
    assert page.blocked == [], page.blocked
    assert page.page_errors == []
