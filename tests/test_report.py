"""The lecturer's class report: merging exports, skipping bad files, HTML/Markdown, Indonesian, CLI."""
from __future__ import annotations

import base64
import dataclasses
import html
import json
import random
import re
import sqlite3
from pathlib import Path

import pytest

import swedu
from swedu import progress
from swedu.cli import main
from swedu.i18n import t
from swedu.model import Text
from swedu.report import build_report

WRONG_TEEN = {"parents": "client", "teen": "client"}


def _right(scenario="delinquent-youth", stage="intake"):
    case = swedu.load_scenario(scenario)
    return {a.id: sorted(case.stage(stage).systems_of(a.id)) or "none" for a in case.actors}


def _student(folder: Path, pseudonym: str, answers=(), exercises=(), name=None) -> Path:
    """Record one student's checks in their own store and export them to ``folder``."""
    progress.configure(folder.parent / "stores" / pseudonym)
    case = swedu.load_scenario("delinquent-youth")
    for answer in answers:
        progress.record(case.assess(answer, "intake"))
    for item, score in exercises:
        progress.record({"kind": "exercise", "item": item, "score": score})
    target = folder / (name or f"{pseudonym}.json")
    progress.export(target, pseudonym)
    progress.configure(None)
    return target


@pytest.fixture
def hand_ins(tmp_path):
    folder = tmp_path / "hand-ins"
    folder.mkdir()
    _student(folder, "owl-17", [WRONG_TEEN, _right()], [("ex2-reasons", 0.5), ("ex2-reasons", 0.75)])
    _student(folder, "kite-02", [WRONG_TEEN])
    _student(folder, "fox-33", [_right()], [("ex2-reasons", 1.0)])
    return folder


def _png_from_html(page: str) -> bytes:
    match = re.search(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    assert match, "no embedded figure"
    return base64.b64decode(match.group(1))


def test_report_counts_wrong_classifications_and_misconceptions(hand_ins):
    report = build_report([hand_ins], language="en")
    assert (report.students, report.attempts, report.skipped) == (3, 7, [])
    assert report.pseudonyms == ["fox-33", "kite-02", "owl-17"]
    (stage,) = report.stages
    assert stage.title == "Dimas and his parents — Intake: the parents ask for help"
    teen = stage.actors[0]
    assert (teen.actor, teen.name, teen.answers, teen.wrong) == ("teen", "Dimas", 4, 2)
    assert (len(teen.students), len(teen.students_wrong)) == (3, 2)
    assert dict(teen.misconceptions) == {"client_is_problem_bearer": 2}
    parents = next(a for a in stage.actors if a.actor == "parents")
    assert (parents.answers, parents.wrong) == (4, 0)
    gang = next(a for a in stage.actors if a.actor == "gang")
    assert gang.answers == 2  # only the two complete answers said anything about the gang
    assert [(s.title, a.actor) for s, a in report.hardest()] == [(stage.title, "teen")]
    assert report.dominant() == [("client_is_problem_bearer", 2, 2)]
    (ex,) = report.exercises
    assert (ex.item, ex.students, ex.attempts, ex.completed, ex.mean_best) == ("ex2-reasons", 2, 3, 1, 0.875)


def test_html_report_has_table_figure_and_is_self_contained(hand_ins, tmp_path):
    out = tmp_path / "out" / "report.html"
    report = build_report([hand_ins], out, "en", generated="2026-01-01")
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page
    assert "Class report: the four basic systems" in page
    assert "Dimas" in page and "67% (2/3)" in page and "50% (2/4)" in page
    assert "&quot;The client is the person with the problem&quot; (2×)" in page
    assert "88%" in page and "1/2" in page  # the exercise: mean best score, students fully right
    png = _png_from_html(page)
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 2000
    assert f'alt="{t("report.misconceptions.figure_alt")}"' in page
    assert "<script" not in page and "http" not in page.split("<body>")[1]
    assert build_report([hand_ins], None, "en", generated="2026-01-01").html() == page  # deterministic
    assert report._repr_html_().startswith('<div class="swedu-report" lang="en">')


def test_markdown_report_with_png_beside_it(hand_ins, tmp_path):
    out = tmp_path / "report.md"
    written = build_report([hand_ins], language="en").write(out)
    png = tmp_path / "report-misconceptions.png"
    assert written == [out, png]
    text = out.read_text(encoding="utf-8")
    assert "](report-misconceptions.png)" in text
    assert png.read_bytes().startswith(b"\x89PNG")
    assert "| Dimas | 4 | 50% (2/4) | 67% (2/3) |" in text
    assert "## Files skipped (0)" in text and "Every file could be used." in text


def test_no_misconceptions_means_no_figure(tmp_path):
    folder = tmp_path / "all-right"
    folder.mkdir()
    _student(folder, "owl-17", [_right()])
    report = build_report([folder], language="en")
    assert report.figure_png() is None and report.hardest() == []
    page = report.html()
    assert "data:image/png" not in page and t("report.misconceptions.none") in page
    assert report.write(tmp_path / "r.md") == [tmp_path / "r.md"]


def _rewrite(path: Path, change) -> None:
    payload = json.loads(path.read_text(encoding="utf-8"))
    change(payload)
    payload["checksum"] = progress.checksum(payload)
    path.write_text(json.dumps(payload), encoding="utf-8")


def test_bad_duplicate_and_foreign_files_are_listed_and_skipped(hand_ins, tmp_path):
    junk = hand_ins / "junk.json"
    junk.write_bytes(random.Random(3).randbytes(3000))
    (hand_ins / "empty.json").write_bytes(b"")
    (hand_ins / "notes.json").write_text(json.dumps({"hello": "world"}))
    (hand_ins / "list.json").write_text("[1, 2, 3]")
    db = sqlite3.connect(hand_ins / "database.json")
    db.execute("CREATE TABLE t (x)")
    db.commit()
    db.close()
    (hand_ins / "copy-of-owl.json").write_bytes((hand_ins / "owl-17.json").read_bytes())
    tampered = hand_ins / "tampered.json"
    tampered.write_text((hand_ins / "fox-33.json").read_text().replace('"fox-33"', '"fox-34"'))
    newer = hand_ins / "newer.json"
    newer.write_bytes((hand_ins / "fox-33.json").read_bytes())
    _rewrite(newer, lambda p: p.update(version=99, pseudonym="new-99"))
    named = hand_ins / "real-name.json"
    named.write_bytes((hand_ins / "fox-33.json").read_bytes())
    _rewrite(named, lambda p: p.update(pseudonym="Siti Rahma"))
    # kite-02 hands in again later, after more practice: the newer file replaces the older one
    (tmp_path / "later").mkdir()
    later = _student(tmp_path / "later", "kite-02", [WRONG_TEEN, _right()])

    report = build_report([hand_ins, later, tmp_path / "missing.json"], language="en")
    reasons = {Path(s.path).name: s.reason for s in report.skipped}
    assert reasons == {
        "junk.json": "not_json", "empty.json": "not_json", "notes.json": "foreign", "list.json": "foreign",
        "database.json": "not_json", "owl-17.json": "duplicate", "tampered.json": "checksum",
        "newer.json": "newer", "real-name.json": "bad_pseudonym", "kite-02.json": "replaced",
        "missing.json": "missing",
    }
    replaced = next(s for s in report.skipped if s.reason == "replaced")
    assert replaced.path == str(hand_ins / "kite-02.json") and replaced.other == str(later)
    assert report.students == 3 and report.attempts == 4 + 2 + 3  # kite-02: same store, one more session
    assert sorted(Path(p).name for p in report.used) == ["copy-of-owl.json", "fox-33.json", "kite-02.json"]
    page = report.html()
    assert "Files skipped (11)" in page
    assert "the checksum does not match" in page and "is not a swedu progress export" in page
    assert f"the same export of owl-17 as {hand_ins / 'copy-of-owl.json'}; counted once." in page


def test_only_bad_files_still_give_a_report(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    report = build_report([bad], language="en")
    assert report.students == 0 and [s.reason for s in report.skipped] == ["not_json"]
    assert t("report.no_data") in report.html() and t("report.cases.none") in report.markdown()


def test_report_in_indonesian(hand_ins, tmp_path):
    (hand_ins / "notes.json").write_text("{}")
    page = build_report([hand_ins], tmp_path / "laporan.html", "id").html()
    assert '<html lang="id">' in page and "Laporan kelas: empat sistem dasar" in page
    assert "Pihak yang paling banyak salah digolongkan mahasiswa" in page
    assert "Bapak dan Ibu Hartono" in page and "Dimas dan orang tuanya" in page
    assert html.escape(t("misconception.client_is_problem_bearer.name", "id")) in page
    assert "berkas itu bukan berkas kemajuan swedu." in page
    assert "Class report" not in page and "Files skipped" not in page
    assert swedu.get_language() == "en"  # the report's language does not change the session's


def test_every_text_is_escaped(hand_ins, monkeypatch):
    import swedu.scenarios

    real = swedu.scenarios.load_scenario

    def hostile(item):
        case = real(item)
        return dataclasses.replace(case, title=Text(en="<script>alert(1)</script> | A & B", id="x"))

    monkeypatch.setattr(swedu.scenarios, "load_scenario", hostile)
    report = build_report([hand_ins], language="en")
    page = report.html()
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; | A &amp; B" in page
    md = report.markdown()
    assert "<script>" not in md and "&lt;script&gt;alert(1)&lt;/script&gt; \\| A &amp; B" in md


def test_free_text_smuggled_into_an_export_never_reaches_the_report(hand_ins):
    def smuggle(payload):
        payload["attempts"].append({"kind": "scenario", "item": "delinquent-youth", "stage": "intake",
                                    "answer": {"teen": ["Ibu Wati hits Dimas"]}, "note": "Ibu Wati hits Dimas",
                                    "verdicts": {"teen": "wrong", "Ibu Wati": "wrong"},
                                    "misconceptions": {"teen": ["Ibu Wati hits Dimas"]}, "score": 0})
        payload["attempts"].append({"kind": "scenario", "item": "Ibu Wati's story", "score": 1})

    _rewrite(hand_ins / "fox-33.json", smuggle)
    report = build_report([hand_ins], language="en")
    assert report.skipped == [] and report.attempts == 8
    assert "Wati" not in report.html() and "Wati" not in report.markdown()
    teen = report.stages[0].actors[0]
    assert (teen.answers, teen.wrong, len(teen.students_wrong)) == (5, 3, 3)


def test_report_command(hand_ins, tmp_path, monkeypatch, capsys):
    (hand_ins / "notes.json").write_text("{}")
    out = tmp_path / "laporan.md"
    assert main(["report", str(hand_ins), "-o", str(out), "--lang", "id"]) == 0
    said = capsys.readouterr().out
    assert "notes.json: berkas itu bukan berkas kemajuan swedu." in said
    assert "Laporan tentang 3 mahasiswa dan 7 percobaan" in said
    assert out.exists() and (tmp_path / "laporan-misconceptions.png").exists()
    monkeypatch.chdir(tmp_path)
    assert main(["--lang", "en", "report", str(hand_ins / "notes.json")]) == 1
    assert (tmp_path / "report.html").exists() and "0 students" in capsys.readouterr().out
    assert main(["report"]) == 2
    assert "swedu report" in capsys.readouterr().out


def test_unknown_report_language_is_explained(hand_ins):
    with pytest.raises(ValueError, match="Unknown report language 'fr'. Choose one of: en, id"):
        build_report([hand_ins], language="fr")


def test_exercises_that_classify_a_case_join_the_per_actor_tables(tmp_path):
    from swedu import exercises

    folder = tmp_path / "ex"
    folder.mkdir()
    progress.configure(tmp_path / "store")
    case = exercises.case("ex1-classify")
    exercises.check("ex1-classify", {a.id: "client" for a in case.actors})
    progress.record({"kind": "exercise", "item": "ex5-read", "verdicts": {"relation-1": "wrong"}, "score": 0})
    progress.export(folder / "a.json", "owl-17")
    report = build_report([folder], language="en")
    (stage,) = report.stages
    assert stage.title.startswith(t("exercises.title.ex1-classify") + " — " + case.title["en"])
    assert {a.actor for a in stage.actors} == {a.id for a in case.actors}
    assert [x.item for x in report.exercises] == ["ex1-classify", "ex5-read"]


def test_same_pseudonym_from_two_stores_counts_twice_and_is_flagged(hand_ins, tmp_path):
    other = tmp_path / "other-class"
    other.mkdir()
    progress.configure(tmp_path / "a-different-store")
    progress.record(swedu.load_scenario("delinquent-youth").assess(WRONG_TEEN, "intake"))
    progress.export(other / "owl-17-too.json", "owl-17")
    report = build_report([hand_ins, other], language="en")
    assert report.skipped == [] and report.students == 4
    assert report.pseudonyms == ["fox-33", "kite-02", "owl-17", "owl-17 (2)"]
    (note,) = report.notes
    assert (note.reason, note.path, note.other) == ("same_pseudonym", str(other / "owl-17-too.json"),
                                                     str(hand_ins / "owl-17.json"))
    assert "Please check (1)" in report.html() and "counted as a separate student" in report.markdown()
    teen = report.stages[0].actors[0]
    assert (len(teen.students), len(teen.students_wrong)) == (4, 3)
