"""Every lesson, in both languages, runs in JupyterLab in chromium: no cell errors, every widget renders.

The lessons are discovered when the tests are collected, so a lesson added later is tested without
touching this file. A screenshot of each lesson goes to test-artifacts/screenshots/<lang>-<lesson>.png.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from labdriver import (
    COURSE_OUTPUT,
    NOTEBOOK,
    REPO,
    axe_audit,
    serious_violations,
    undecided_contrast_failures,
)

LANGUAGES = ("en", "id")


def lesson_paths() -> list[Path]:
    found = []
    for language in LANGUAGES:
        found.extend(sorted((REPO / "notebooks" / language).glob("*.ipynb")))
    return found


LESSONS = lesson_paths()


def test_lessons_exist_in_both_languages():
    lessons = {language: [json.loads(p.read_text(encoding="utf-8"))["metadata"]["swedu"]["source"]
                          for p in LESSONS if p.parent.name == language] for language in LANGUAGES}
    assert lessons["en"], "no lesson notebooks found in notebooks/en/"
    assert lessons["en"] == lessons["id"], f"the English and Indonesian lessons differ: {lessons}"


@pytest.mark.parametrize("path", LESSONS, ids=[f"{p.parent.name}-{p.stem}" for p in LESSONS])
def test_lesson_runs_in_the_browser(path: Path, notebook):
    relative = path.relative_to(REPO).as_posix()
    before = hashlib.sha256(path.read_bytes()).hexdigest()

    nb = notebook(relative)
    summary = nb.run_fresh()
    problems = nb.problems(summary)
    shot = nb.screenshot(f"{path.parent.name}-{path.stem}")

    assert summary["cells"], f"{relative} has no code cells"
    assert not problems, f"{relative} in the browser (screenshot: {shot}):\n" + "\n".join(problems)
    # The course's widgets and HTML in this lesson, as first shown: no serious or critical axe findings.
    if nb.page.evaluate("(sels) => sels.some(s => document.querySelector(s))",
                        [f"{NOTEBOOK} {selector}" for selector in COURSE_OUTPUT]):
        audit = axe_audit(nb.page)
        violations = serious_violations(audit) + undecided_contrast_failures(nb.page, audit)
        assert not violations, f"{relative}: accessibility:\n" + "\n".join(violations)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before, f"running {relative} changed the file"
