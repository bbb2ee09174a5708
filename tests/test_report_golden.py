"""The class report, unchanged for a reader: its outputs for a few classes, compared byte for byte with
the files in tests/data/report/golden/ (made with the report before it became a package).

The classes (tests/data/report/, written by its make_hand_ins.py, and the hostile corpus
tests/hostile-handins/) reach every part of the report: misconceptions and roles the key also
accepts, activities, exercises, the attempt cap, notes, every reason to skip a file, no data at all.
For each class and language: the page (``html()``), the notebook view (``_repr_html_``), the Markdown
with the figure's file name, the figure, and what ``swedu report`` prints.

The outputs also hold the built-in cases' and the catalogs' words (titles, names, labels), so an
edit of those shows here too. After an intended change, regenerate the golden files, review the
difference (``git diff tests/data/report/golden``) and say why in the commit:

    SWEDU_WRITE_GOLDEN=1 .venv/bin/python -m pytest tests/test_report_golden.py

(the run that writes them still fails, so that nobody commits unreviewed output by accident).
"""
from __future__ import annotations

import base64
import os
import re
from pathlib import Path

import pytest

from swedu.report import build_report, run_cli

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "data" / "report" / "golden"
CLASSES = {  # name: the folder, relative to the repository (a skipped file is shown by that path)
    "fixture-class": "tests/data/report/fixture-class",
    "every-kind": "tests/data/report/every-kind",
    "all-right": "tests/data/report/all-right",
    "nothing-usable": "tests/data/report/nothing-usable",
    "hostile": "tests/hostile-handins",
}
GENERATED = "2026-11-29 12:00 UTC"
WRITE = os.environ.get("SWEDU_WRITE_GOLDEN") == "1"
_EMBEDDED = re.compile(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"')


def _figure_apart(page: str, png_name: str) -> tuple[str, bytes | None]:
    """The page with its embedded figure replaced by the golden figure's file name, and the figure."""
    found = _EMBEDDED.findall(page)
    assert len(found) <= 1
    if not found:
        return page, None
    return _EMBEDDED.sub(f'src="data:image/png;base64,[{png_name}]"', page), base64.b64decode(found[0])


def _outputs(name: str, language: str, tmp_path: Path, capsys) -> dict[str, bytes]:
    """Every output of the report for one class and language, as the golden files hold them."""
    stem = f"{name}.{language}"
    report = build_report([CLASSES[name]], language=language, generated=GENERATED)
    page, png = _figure_apart(report.html(), f"{stem}.png")
    view, view_png = _figure_apart(report._repr_html_(), f"{stem}.png")
    assert view_png == png
    written = report.write(tmp_path / "report.md")
    out = {f"{stem}.html": page, f"{stem}.repr.html": view,
           f"{stem}.md": (tmp_path / "report.md").read_text(encoding="utf-8")
           + "\n<!-- files written: " + ", ".join(p.name for p in written) + " -->\n"}
    out = {k: v.encode("utf-8") for k, v in out.items()}
    if png is not None:
        out[f"{stem}.png"] = png
        assert (tmp_path / "report-misconceptions.png").read_bytes() == png
    capsys.readouterr()
    code = run_cli([CLASSES[name]], str(tmp_path / "cli" / "report.html"), language)
    said = capsys.readouterr().out.replace(str(tmp_path), "<tmp>")
    out[f"{stem}.cli.txt"] = f"{said}exit code: {code}\n".encode("utf-8")
    return out


@pytest.mark.parametrize("language", ["en", "id"])
@pytest.mark.parametrize("name", list(CLASSES))
def test_the_report_is_unchanged_for_a_reader(name, language, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("SWEDU_SCENARIOS", raising=False)  # the course's own cases (and my-scenarios/) only
    outputs = _outputs(name, language, tmp_path, capsys)
    expected = sorted(p.name for p in GOLDEN.glob(f"{name}.{language}.*")) if GOLDEN.exists() else []
    if WRITE:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        for old in expected:
            (GOLDEN / old).unlink()
        for file, data in outputs.items():
            (GOLDEN / file).write_bytes(data)
        pytest.fail(f"wrote the golden files of {name} ({language}): review them, then run without SWEDU_WRITE_GOLDEN")
    assert sorted(outputs) == expected, "the report writes other outputs than the golden files hold"
    for file, data in outputs.items():
        golden = (GOLDEN / file).read_bytes()
        if data != golden and not file.endswith(".png"):
            import difflib

            diff = "".join(difflib.unified_diff(golden.decode("utf-8").splitlines(True),
                                                data.decode("utf-8").splitlines(True), file, "now", n=1))
            pytest.fail(f"{file} differs from its golden file:\n{diff[:4000]}")
        assert data == golden, f"{file}: the figure differs from its golden file"


def test_the_classes_reach_every_part_of_the_report():
    """The golden files are only as good as their inputs: every heading and skip reason appears."""
    assert GOLDEN.exists() and not WRITE
    text = "".join((GOLDEN / f"{name}.en.md").read_text(encoding="utf-8") for name in CLASSES)
    for needed in ("## Please check", "were not counted because a student made more than", "client system (1×)",
                   "Exercise 1: classify the actors — ", "four-systems-misconceptions", "intervention-functions",
                   "approaches-delinquent-youth", "Every file could be used.", "None of the files could be used",
                   "report-misconceptions.png)"):
        assert needed in text, needed
    reasons = set(re.findall(r"^- (?:tests/\S+?): ", text, re.M))
    assert len(reasons) >= 20  # a skipped-file line for each file of the hostile and the fixture class
    assert len(list(GOLDEN.glob("*.png"))) == 6  # fixture-class, every-kind and hostile, in both languages
