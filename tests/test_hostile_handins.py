"""The class report survives any hand-in (the corpus in tests/hostile-handins/ plus links and pipes).

Links, named pipes, devices and a file over the size limit cannot be committed: they are made here.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

import swedu
from swedu import progress, report as report_module
from swedu.i18n import t
from swedu.report import MAX_ATTEMPTS_PER_ACTIVITY, build_report

CORPUS = Path(__file__).parent / "hostile-handins"
ROOT = Path(__file__).parents[1]
FREE_TEXT = ("HIV", "idiot", "beats", "stdin", "passwd", "dev/zero", "no-such", "invented", "caf")

# what the report must say about every file of the corpus (None: the file is used)
EXPECTED = {
    "good-owl-17.json": None, "duplicate-a.json": None, "wrong-types.json": None, "path-ids.json": None,
    "unknown-ids.json": None, "free-text-ids.json": None,
    "deep-nesting.json": "too_deep", "deep-inside-export.json": "too_deep", "binary.json": "not_json",
    "empty.json": "not_json", "utf-16.json": "encoding", "latin-1.json": "encoding",
    "newer-version.json": "newer", "version-as-text.json": "foreign", "wrong-top-types.json": "bad_pseudonym",
    "tampered.json": "checksum", "duplicate-b.json": "duplicate",
    "not-a-hand-in.txt": "not_json_name", "make_corpus.py": "not_json_name", "README.md": "not_json_name",
}
NEEDS_POSIX = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")


def _hand_ins(tmp_path: Path) -> tuple[Path, dict]:
    """The corpus copied into a hand-in folder, plus what cannot be committed; returns the expectations."""
    folder = tmp_path / "hand-ins"
    shutil.copytree(CORPUS, folder, ignore=shutil.ignore_patterns("__pycache__"))
    expected = dict(EXPECTED)
    os.mkfifo(folder / "pipe.json")
    os.symlink("/dev/zero", folder / "zeros.json")
    os.symlink(folder / "nowhere.json", folder / "dangling.json")
    (folder / "a-folder.json").mkdir()
    with open(folder / "huge.json", "wb") as handle:  # sparse: no disk space used
        handle.truncate(progress.MAX_EXPORT_BYTES + 1)
    expected.update({"pipe.json": "not_a_file", "zeros.json": "not_a_file", "dangling.json": "missing",
                     "a-folder.json": "not_a_file", "huge.json": "too_big"})
    return folder, expected


@NEEDS_POSIX
def test_report_command_over_every_hostile_hand_in_at_once(tmp_path):
    folder, expected = _hand_ins(tmp_path)
    files = sorted(str(p) for p in folder.iterdir())  # what the shell makes of hand-ins/*
    out = tmp_path / "report.html"
    # stdin stays open and empty: an id that reached /dev/stdin would wait on it for ever
    read_end, write_end = os.pipe()
    started = time.monotonic()
    try:
        process = subprocess.Popen([sys.executable, "-m", "swedu.cli", "--lang", "en", "report", *files,
                                    "-o", str(out)], stdin=read_end, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True, cwd=tmp_path,
                                   env=dict(os.environ, PYTHONPATH=str(ROOT)))
        try:
            said, errors = process.communicate(timeout=120)  # a hang guard, not a speed assertion
        except subprocess.TimeoutExpired:
            process.kill()
            pytest.fail("swedu report hung on a hostile hand-in")
    finally:
        os.close(read_end)
        os.close(write_end)
    elapsed = time.monotonic() - started
    # named one by one, a file is read whatever its name (only the folder form picks .json files)
    expected.update({"not-a-hand-in.txt": "not_json", "make_corpus.py": "not_json", "README.md": "not_json"})
    del expected["a-folder.json"]  # a folder named on the command line is read as a folder (an empty one)
    assert "Traceback" not in errors, errors
    assert process.returncode == 0, (said, errors)
    assert out.exists()
    page = out.read_text(encoding="utf-8")
    for name, reason in expected.items():
        if reason is None:
            assert f"{folder / name}: " not in said, name
            continue
        line = t("report.skipped.line", "en", file=str(folder / name), reason=t(
            f"report.skipped.reason.{reason}", "en", other="", pseudonym="")).split(";")[0]
        assert line.split(";")[0] in said or reason == "duplicate" and f"{folder / name}: the same export" in said, \
            (name, reason, said)
    for word in FREE_TEXT:
        assert word not in page.split("<h2>", 1)[1].split(t("report.skipped.heading", "en", count=0)[:12])[0], word
    for name in ("free-text-ids.json", "path-ids.json", "unknown-ids.json"):
        assert f"{folder / name} (" in said  # "holds ids this course does not know"
    print(f"report over {len(files)} hostile files in {elapsed:.1f} s")


@NEEDS_POSIX
def test_the_folder_form_lists_every_file_it_does_not_read(tmp_path):
    folder, expected = _hand_ins(tmp_path)
    report = build_report([folder], language="en")
    reasons = {Path(s.path).name: s.reason for s in report.skipped}
    assert reasons == {name: reason for name, reason in expected.items() if reason}
    assert report.students == 6
    text = report.markdown() + report.html()
    for word in FREE_TEXT:
        assert word not in text.split("## Files skipped")[0], word


def test_deep_json_is_refused_without_a_recursion_error(tmp_path):
    for depth in (30, 1000, 100_000):
        deep = tmp_path / f"deep-{depth}.json"
        deep.write_text("[" * depth + "]" * depth)
        with pytest.raises(progress.ExportProblem) as problem:
            progress.read_export(deep)
        assert problem.value.reason == "too_deep"


@pytest.mark.parametrize("text, depth", [
    ('{"a": [[1], {"b": "[[[[ {{ ]]"}]}', 3),
    ('{"a\\\\": [[1], {"b\\"[": "[\\"[[[\\\\"}]}', 3),  # escaped quotes and backslashes in strings
    ('[[[["\\\\"]]]]', 4),
    ('{"x": "]]]]", "y": [[[[[[[[[[[[[]]]]]]]]]]]]]}', 14),  # brackets in a string hide no depth
])
def test_the_depth_check_counts_only_brackets_outside_strings(text, depth):
    from swedu.progress.handin import _depth_ok

    assert json.loads(text) is not None  # valid JSON, as the check is only run on JSON that parsed
    assert _depth_ok(text.encode("utf-8"), depth) and not _depth_ok(text.encode("utf-8"), depth - 1)


def test_ids_from_hand_ins_are_never_opened(monkeypatch):
    opened = []
    real = swedu.scenarios.load_scenario

    def spy(ref):
        opened.append(ref)
        return real(ref)

    monkeypatch.setattr(swedu.scenarios, "load_scenario", spy)
    report = build_report([CORPUS / "path-ids.json", CORPUS / "unknown-ids.json", CORPUS / "free-text-ids.json"],
                          language="en")
    assert set(opened) <= set(swedu.scenarios.scenario_ids()) and opened
    assert {n.reason for n in report.notes} == {"unknown_ids"}
    assert sorted(int(n.other) for n in report.notes) == [4, 4, 6]


def test_an_id_the_course_knows_from_the_lecturers_folder_is_used(tmp_path, monkeypatch):
    mine = tmp_path / "cases"
    mine.mkdir()
    (mine / "my-own-case.yaml").write_bytes((ROOT / "swedu/scenarios/data/delinquent-youth.yaml").read_bytes()
                                            .replace(b"id: delinquent-youth", b"id: my-own-case"))
    monkeypatch.setenv("SWEDU_SCENARIOS", str(mine))
    payload = json.loads((CORPUS / "good-owl-17.json").read_text(encoding="utf-8"))
    for attempt in payload["attempts"]:
        if attempt["kind"] == "scenario":
            attempt["item"] = "my-own-case"
    payload["checksum"] = progress.checksum(payload)
    (tmp_path / "h.json").write_text(json.dumps(payload), encoding="utf-8")
    report = build_report([tmp_path / "h.json"], language="en")
    assert report.notes == [] and [s.scenario for s in report.stages] == ["my-own-case"]


def _export(path: Path, pseudonym: str, attempts: list) -> None:
    payload = json.loads((CORPUS / "good-owl-17.json").read_text(encoding="utf-8"))
    payload.update(pseudonym=pseudonym, store=f"store-{pseudonym}", attempts=attempts)
    payload["checksum"] = progress.checksum(payload)
    path.write_text(json.dumps(payload), encoding="utf-8")


def test_one_student_with_thousands_of_attempts_cannot_dominate(tmp_path):
    case = swedu.load_scenario("delinquent-youth")
    wrong = dict(progress.Attempt.from_outcome(case.assess({"teen": "client"}, "intake")).as_dict(),
                 time="2026-03-02T09:00:00Z")
    right = dict(progress.Attempt.from_outcome(case.assess(
        {"teen": sorted(case.stage("intake").systems_of("teen")) or "none"}, "intake")).as_dict(),
        time="2026-03-02T09:00:00Z")
    _export(tmp_path / "loud.json", "loud-01", [wrong] * 3000)
    for n in range(3):
        _export(tmp_path / f"quiet-{n}.json", f"quiet-0{n}", [right])
    report = build_report([tmp_path], language="en")
    teen = next(a for a in report.stages[0].actors if a.actor == "teen")
    assert teen.share == pytest.approx(0.25)  # each student counts once, not 3000/3003
    assert teen.answers == MAX_ATTEMPTS_PER_ACTIVITY + 3
    assert report.capped == 3000 - MAX_ATTEMPTS_PER_ACTIVITY
    (_, students, occurrences), = report.dominant()
    assert (students, occurrences) == (1, MAX_ATTEMPTS_PER_ACTIVITY)
    for language in ("en", "id"):
        text = build_report([tmp_path], language=language).markdown()
        assert t("report.counting", language, cap=MAX_ATTEMPTS_PER_ACTIVITY) in text
        assert t("report.capped", language, count=report.capped, cap=MAX_ATTEMPTS_PER_ACTIVITY) in text


def test_the_checksum_message_is_honest():
    for language in ("en", "id"):
        message = t("report.skipped.reason.checksum", language)
        assert "SHA" not in message
    assert "changed after export" not in t("report.skipped.reason.checksum", "en")
    assert "cannot prove" in t("report.skipped.reason.checksum", "en")
    assert "cannot prove" in (progress.read_export.__doc__ or "")
    assert report_module.KnownIds.__doc__


@pytest.mark.parametrize("guide, words", [
    ("docs/lecturers-guide.md", ("What a local hand-in can and cannot prove", "SHA-256", "accidental",
                                 "cannot show", "it needs a token")),
    ("docs/lecturers-guide.id.md", ("Apa yang dapat dan tidak dapat dibuktikan", "SHA-256", "tidak disengaja",
                                    "tidak dapat menunjukkan", "diperlukan token")),
    ("README.md", ("What is protected, and what is not", "SHA-256", "accidental damage only")),
])
def test_the_guides_say_what_is_and_is_not_protected(guide, words):
    text = (ROOT / guide).read_text(encoding="utf-8")
    for word in words:
        assert word in " ".join(text.split()), (guide, word)


@NEEDS_POSIX
def test_a_file_name_cannot_send_escape_sequences_to_the_lecturers_terminal(tmp_path, capsys):
    from swedu.cli import main

    folder = tmp_path / "hand-ins"
    folder.mkdir()
    (folder / "owl\x1b[2J\x1b]0;pwned\x07\n.json").write_text("{")
    assert main(["report", str(folder), "-o", str(tmp_path / "r.html")]) == 1
    said = capsys.readouterr().out
    assert "\x1b" not in said and "\x07" not in said and "owl\\x1b[2J" in said
    assert "\x1b" not in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_the_students_own_summary_never_opens_an_id_as_a_path(monkeypatch):
    opened = []
    real = swedu.scenarios.load_scenario
    monkeypatch.setattr(progress.summary_view, "load_scenario",  # the name the summary uses
                        lambda ref: opened.append(ref) or real(ref))
    progress.record({"kind": "scenario", "item": "hand-ins/../../../../dev/stdin", "stage": "intake"})
    progress.record({"kind": "scenario", "item": "delinquent-youth", "stage": "intake"})
    text = str(progress.summary())
    assert "Dimas and his parents" in text and "hand-ins/../../../../dev/stdin" in text
    assert opened == ["delinquent-youth"]


def test_a_stray_key_in_one_exercise_attempt_does_not_hide_the_class_table(tmp_path):
    from swedu import exercises

    case = exercises.case("ex1-classify")
    stage = case.stages[0].id
    honest = {"kind": "exercise", "item": "ex1-classify", "stage": stage, "score": 0.5,
              "verdicts": {case.actors[0].id: "wrong"}, "misconceptions": {}, "language": "en",
              "time": "2026-03-02T09:00:00Z"}
    stray = dict(honest, verdicts={case.actors[0].id: "correct", "Bu-Sari-is-ill": "wrong"})
    _export(tmp_path / "a.json", "honest-01", [honest])
    _export(tmp_path / "b.json", "stray-02", [stray])
    report = build_report([tmp_path], language="en")
    (table,) = report.stages
    assert [a.actor for a in table.actors] == [case.actors[0].id] and table.actors[0].answers == 2
    assert "Bu-Sari" not in report.markdown()
