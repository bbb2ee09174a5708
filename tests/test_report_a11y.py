"""The class report page passes axe (WCAG rules) in a real browser (Debian's chromium, never downloaded).

Without chromium the test is skipped on a developer's machine but fails in CI (``CI`` set).
"""
from __future__ import annotations

import os
import shutil

import pytest

import swedu
from swedu import progress
from swedu.report import build_report


def _chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing on this CI machine: install the Debian package 'chromium'")
        pytest.skip("chromium is not installed")
    return path


@pytest.mark.parametrize("language", ["en", "id"])
def test_report_page_has_no_axe_violations(tmp_path, language, playwright_driver):
    chromium = _chromium()
    from axe_playwright_python.sync_playwright import Axe

    case = swedu.load_scenario("delinquent-youth")
    for n, answer in enumerate([{"parents": "client", "teen": "client"}, {"teen": "client", "worker": "action"}]):
        progress.configure(tmp_path / f"store-{n}")
        progress.record(case.assess(answer, "intake"))
        progress.record({"kind": "exercise", "item": "ex2-reasons", "score": 0.5})
        progress.export(tmp_path / f"s{n}.json", f"student-{n}")
    (tmp_path / "broken.json").write_text("{")
    page_file = tmp_path / "report.html"
    build_report([tmp_path], page_file, language)
    browser = playwright_driver.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
    try:
        page = browser.new_page()
        page.goto(page_file.as_uri())
        assert page.locator("h1").inner_text() == swedu.i18n.t("report.title", language)
        assert page.locator("img").evaluate("img => img.naturalWidth") > 100  # the figure decodes
        results = Axe().run(page)
    finally:
        browser.close()
    assert results.violations_count == 0, results.generate_report()
