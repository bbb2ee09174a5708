"""Every environment variable swedu reads is documented, in English and in Bahasa Indonesia, on one page
(docs/configuration.md and docs/configuration.id.md), and the pages name no variable the code has dropped."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VARIABLE = re.compile(r"SWEDU_[A-Z_]+")
PAGES = ["docs/configuration.md", "docs/configuration.id.md"]


def variables_in(paths) -> dict[str, list[str]]:
    """``{variable: [files that name it]}``."""
    found: dict[str, list[str]] = {}
    for path in paths:
        for name in set(VARIABLE.findall(path.read_text(encoding="utf-8"))):
            found.setdefault(name, []).append(str(path.relative_to(ROOT)))
    return found


def code_variables() -> dict[str, list[str]]:
    files = [p for p in (ROOT / "swedu").rglob("*") if p.suffix in (".py", ".yaml", ".j2")]
    return variables_in(files + sorted((ROOT / "authoring").glob("*.py")))


def test_the_code_reads_the_variables_the_issue_counted():
    assert len(code_variables()) >= 16


@pytest.mark.parametrize("page", PAGES)
def test_every_variable_the_code_reads_is_documented(page):
    documented = variables_in([ROOT / page])
    missing = {name: files for name, files in code_variables().items() if name not in documented}
    assert missing == {}, f"{page} does not list these variables (named in the files shown): {missing}"


@pytest.mark.parametrize("page", PAGES)
def test_every_documented_variable_still_exists(page):
    gone = sorted(set(variables_in([ROOT / page])) - set(code_variables()))
    assert gone == [], f"{page} lists variables no code reads any more: {gone}"
