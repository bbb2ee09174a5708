"""The progress store: recording, summary, export, recording off, privacy, damaged and foreign files."""
from __future__ import annotations

import itertools
import json
import logging
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import swedu
from swedu import progress
from swedu.cli import main

ROOT = Path(__file__).resolve().parents[1]


def _feedback(answer, stage=None, scenario="delinquent-youth"):
    return swedu.load_scenario(scenario).assess(answer, stage)


def _right_answer(scenario="delinquent-youth", stage="intake"):
    case = swedu.load_scenario(scenario)
    return {a.id: sorted(case.stage(stage).systems_of(a.id)) or "none" for a in case.actors}


def _raw_bytes(path: Path) -> bytes:
    """The store file and its write-ahead log, as they lie on disk."""
    data = b""
    for p in (path, Path(str(path) + "-wal")):
        if p.exists():
            data += p.read_bytes()
    return data


# -- recording and the summary ----------------------------------------------------------------------


def test_store_lives_in_the_configured_data_dir(tmp_path):
    assert progress.store_path() == tmp_path / "swedu-data" / "progress.sqlite3"
    assert progress.configure(tmp_path / "elsewhere") == tmp_path / "elsewhere" / "progress.sqlite3"
    assert progress.configure(tmp_path / "mine.sqlite3") == tmp_path / "mine.sqlite3"


def test_default_data_dir_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert progress.default_data_dir() == tmp_path / "xdg" / "swedu"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert progress.default_data_dir() == tmp_path / "home" / ".local" / "share" / "swedu"
    monkeypatch.setattr(sys, "platform", "darwin")
    assert progress.default_data_dir() == tmp_path / "home" / "Library" / "Application Support" / "swedu"


def test_record_summary_round_trip():
    wrong = _feedback({"parents": "client", "teen": "client"})
    right = _feedback(_right_answer())
    assert right.correct and not wrong.correct
    progress.record(wrong)
    progress.record(right)
    progress.record({"kind": "exercise", "item": "lesson2-levels", "stage": None, "score": 0.5,
                     "answer": "b", "verdicts": {"q1": "wrong"}, "language": "id"})
    stored = progress.attempts()
    assert [a["item"] for a in stored] == ["delinquent-youth", "delinquent-youth", "lesson2-levels"]
    assert stored[0]["verdicts"]["teen"] == "wrong"
    assert stored[0]["misconceptions"] == {"teen": ["client_is_problem_bearer"]}
    assert stored[0]["answer"]["teen"] == ["client"]
    assert stored[0]["score"] == pytest.approx(wrong.score, abs=1e-4)
    assert stored[2] | {"time": ""} == {"time": "", "kind": "exercise", "item": "lesson2-levels", "stage": "",
                                        "score": 0.5, "language": "id", "answer": "b",
                                        "verdicts": {"q1": "wrong"}, "misconceptions": {}}
    s = progress.summary()
    tried = [r for r in s.rows if r.attempts]
    assert (len(tried), s.done) == (2, 1)
    case = s.rows[0]
    assert (case.item, case.stage, case.attempts, case.best, case.last) == (
        "delinquent-youth", "intake", 2, 1.0, 1.0)
    assert (s.rows[1].best, s.rows[1].done) == (0.5, False)
    text = str(s)
    assert "Dimas and his parents" in text and "100%" in text and "50%" in text and "✔ done" in text
    assert repr(s) == f"<swedu progress summary: {len(s.rows)} activities, 1 done>"
    page = s._repr_html_()
    assert page.count("<tr") == len(s.rows) + 1 and 'data-item="lesson2-levels"' in page
    swedu.set_language("id")
    assert "Kemajuan belajar Anda" in str(progress.summary()) and "selesai" in str(progress.summary())


def test_summary_is_escaped(monkeypatch):
    progress.record({"kind": "exercise", "item": "ex-1", "score": 1})
    monkeypatch.setattr(progress.summary_view, "activity_title", lambda *a: "<script>alert(1)</script> & co")
    page = progress.summary()._repr_html_()
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in page


def test_empty_summary_says_so_and_lists_the_exercises_to_do():
    from swedu.exercises import exercise_ids

    s = progress.summary()
    assert [r.item for r in s.rows] == exercise_ids() and s.done == 0
    assert all(r.attempts == 0 and r.best is None for r in s.rows)
    assert "Nothing recorded yet" in str(s) and "Nothing recorded yet" in s._repr_html_()
    assert str(s).count("○ not started") == len(exercise_ids())
    progress.record({"kind": "exercise", "item": exercise_ids()[0], "score": 1.0})
    s = progress.summary()
    assert [r.item for r in s.rows] == exercise_ids() and s.rows[0].done and s.done == 1
    assert "Nothing recorded yet" not in str(s)


def test_record_keeps_only_ids_statuses_scores_and_languages():
    secret = "Ibu Wati drinks and hits Dimas"
    progress.record({
        "kind": "scenario", "item": "delinquent-youth", "stage": "intake",
        "answer": {"teen": ["client", secret], "parents": secret, secret: ["client"], "worker": ["change_agent"]},
        "verdicts": {"teen": secret, "parents": "wrong"},
        "misconceptions": {"teen": [secret, "roles_fixed"]},
        "score": 0.5, "language": "id", "note": secret, "reflection": {"text": secret},
    })
    (stored,) = progress.attempts()
    assert set(stored) == {"time", "kind", "item", "stage", "score", "language", "answer", "verdicts",
                           "misconceptions"}
    assert stored["answer"] == {"teen": ["client"], "worker": ["change_agent"]}
    assert stored["verdicts"] == {"parents": "wrong"}
    assert stored["misconceptions"] == {"teen": ["roles_fixed"]}
    raw = _raw_bytes(progress.store_path())
    assert b"Wati" not in raw and b"drinks" not in raw
    assert b"roles_fixed" in raw  # the check above reads the real bytes


@pytest.mark.parametrize("bad", [None, "text", {}, {"item": "has spaces in it"}, {"item": ""},
                                 {"item": "<b>"}, {"item": 5}])
def test_records_without_an_activity_are_ignored(bad, caplog):
    with caplog.at_level(logging.WARNING, "swedu.progress"):
        progress.record(bad)
    assert progress.attempts() == []
    assert "does not say which activity" in caplog.text


def test_scores_outside_zero_to_one_are_not_kept():
    for score in (1.5, -0.1, float("nan"), "0.5"):
        progress.record({"item": "ex", "score": score})
    progress.record({"item": "ex", "correct": True})
    assert [a["score"] for a in progress.attempts()] == [None, None, None, None, 1.0]


def test_record_never_raises_and_warns_once(tmp_path, caplog):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    progress.configure(blocker / "store")
    with caplog.at_level(logging.WARNING, "swedu.progress"):
        assert progress.record(_feedback({"teen": "target"})) is None
        assert progress.record(_feedback({"teen": "target"})) is None
        assert progress.store.settle()  # the writer tried both (a check does not wait for it)
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "could not be recorded" in warnings[0].getMessage()


# -- recording on and off ---------------------------------------------------------------------------


def test_recording_off_in_this_session():
    progress.set_recording(False)
    progress.record({"item": "ex-1", "score": 1})
    assert not progress.is_recording() and progress.attempts() == []
    assert "switched off" in str(progress.summary())
    progress.set_recording(True)
    progress.record({"item": "ex-1", "score": 1})
    assert len(progress.attempts()) == 1


def test_recording_off_by_environment(monkeypatch):
    monkeypatch.setenv("SWEDU_PROGRESS", "off")
    progress.record({"item": "ex-1", "score": 1})
    assert progress.attempts() == [] and not progress.is_recording()
    monkeypatch.setenv("SWEDU_PROGRESS", "on")
    progress.record({"item": "ex-1", "score": 1})
    assert len(progress.attempts()) == 1


def test_recording_off_persists_across_sessions(capsys):
    assert main(["progress", "off"]) == 0
    assert "off" in capsys.readouterr().out
    progress._reset()  # a new session
    progress.record({"item": "ex-1", "score": 1})
    assert progress.attempts() == [] and not progress.is_recording()
    assert main(["progress", "on"]) == 0
    progress._reset()
    progress.record({"item": "ex-1", "score": 1})
    assert len(progress.attempts()) == 1 and progress.is_recording()


# -- damaged and foreign files ------------------------------------------------------------------------


def _aside(path: Path, why: str) -> list[Path]:
    return sorted(path.parent.glob(f"{path.name}.{why}-*"))


def test_corrupt_file_is_kept_aside_and_a_fresh_store_started(caplog):
    import random

    path = progress.store_path()
    path.parent.mkdir(parents=True)
    junk = random.Random(7).randbytes(5000)
    path.write_bytes(junk)
    with caplog.at_level(logging.WARNING, "swedu.progress"):
        progress.record({"item": "ex-1", "score": 1})
    assert [a["item"] for a in progress.attempts()] == ["ex-1"]
    (kept,) = _aside(path, "damaged")
    assert kept.read_bytes() == junk
    assert "is damaged and cannot be read" in caplog.text and str(kept) in caplog.text
    assert str(kept) in str(progress.summary())


def test_damaged_sqlite_pages_are_kept_aside(caplog):
    progress.record({"item": "ex-1", "score": 1})
    path = progress.store_path()
    progress._reset()
    for extra in (Path(str(path) + "-wal"), Path(str(path) + "-shm")):
        extra.unlink(missing_ok=True)
    data = bytearray(path.read_bytes())
    data[100:] = b"\xff" * (len(data) - 100)  # a valid header, garbage after it
    path.write_bytes(bytes(data))
    with caplog.at_level(logging.WARNING, "swedu.progress"):
        s = progress.summary()
    assert not any(r.attempts for r in s.rows) and len(_aside(path, "damaged")) == 1
    progress.record({"item": "ex-2", "score": 1})
    assert [a["item"] for a in progress.attempts()] == ["ex-2"]


def test_foreign_sqlite_file_is_kept_aside(caplog):
    path = progress.store_path()
    path.parent.mkdir(parents=True)
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE customers (name TEXT)")
    other.execute("INSERT INTO customers VALUES ('someone else''s data')")
    other.commit()
    other.close()
    with caplog.at_level(logging.WARNING, "swedu.progress"):
        progress.record({"item": "ex-1", "score": 1})
    assert len(progress.attempts()) == 1
    (kept,) = _aside(path, "foreign")
    assert sqlite3.connect(kept).execute("SELECT name FROM customers").fetchone() == ("someone else's data",)
    assert "is not a swedu progress file" in caplog.text


def test_store_from_a_newer_version_is_kept_aside(caplog):
    progress.record({"item": "ex-1", "score": 1})
    path = progress.store_path()
    progress._reset()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with caplog.at_level(logging.WARNING, "swedu.progress"):
        assert progress.attempts() == []
    assert len(_aside(path, "newer")) == 1 and "newer version of swedu" in caplog.text


def test_store_schema_is_versioned():
    progress.record({"item": "ex-1", "score": 1})
    assert progress.store.settle()  # a check does not wait for its record: read the file once it is written
    conn = sqlite3.connect(progress.store_path())
    assert conn.execute("PRAGMA user_version").fetchone()[0] == progress.SCHEMA_VERSION
    assert conn.execute("PRAGMA application_id").fetchone()[0] == progress.APPLICATION_ID
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


# -- several processes ------------------------------------------------------------------------------

WRITER = r"""
import sys, time
from pathlib import Path
import swedu.progress as progress
name, count, sync = sys.argv[1], int(sys.argv[2]), sys.argv[3]
settle = sys.argv[4:] == ["settle"]  # say a record is done only once it is written (record() does not wait)
progress.is_recording()  # open the store before the start signal
if sync != "-":
    (Path(sync) / f"ready-{name}").touch()
    while not (Path(sync) / "go").exists():
        time.sleep(0.002)
for i in range(count):
    progress.record({"kind": "exercise", "item": f"{name}-{i}", "score": 1.0, "verdicts": {"q": "correct"}})
    if settle:
        assert progress.store.settle()
    if i % 25 == 0:
        time.sleep(0.002)
    print(i, flush=True)
"""


def _env(store: Path) -> dict:
    env = dict(os.environ)
    env["SWEDU_DATA_DIR"] = str(store)
    env.pop("SWEDU_PROGRESS", None)
    return env


def test_concurrent_writers_all_record(tmp_path):
    import time

    store, sync = tmp_path / "shared", tmp_path / "sync"
    sync.mkdir()
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, f"w{n}", "200", str(sync)],
                                env=_env(store), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
               for n in range(3)]
    deadline = time.time() + 120
    while len(list(sync.glob("ready-*"))) < 3 and time.time() < deadline:
        time.sleep(0.01)
    (sync / "go").touch()  # all three start writing at the same moment
    results = [w.communicate(timeout=120) for w in writers]
    assert [w.returncode for w in writers] == [0, 0, 0], [r[1][-500:] for r in results]
    assert all(b"could not be recorded" not in r[1] for r in results)
    progress.configure(store)
    items = [a["item"] for a in progress.attempts()]
    assert sorted(items) == sorted(f"w{n}-{i}" for n in range(3) for i in range(200))
    writers_in_order = [item.split("-")[0] for item in items]
    switches = sum(a != b for a, b in itertools.pairwise(writers_in_order))
    assert switches > 2, "the writers did not overlap, so this test proved nothing"


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX (Windows ends a process with TerminateProcess)")
def test_killed_writer_loses_nothing_committed(tmp_path):
    import signal

    store = tmp_path / "killed"
    committed: set[str] = set()
    for round_ in range(3):
        # each record is printed once written: record() hands it over and returns (see the next test)
        writer = subprocess.Popen([sys.executable, "-c", WRITER, f"r{round_}", "1000000", "-", "settle"],
                                  env=_env(store), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for seen, line in enumerate(writer.stdout, start=1):
            committed.add(f"r{round_}-{int(line)}")
            if seen >= 150 + 37 * round_:
                break
        writer.send_signal(signal.SIGKILL)
        rest = writer.stdout.read()  # what the writer printed before it died, buffered lines included
        writer.wait(timeout=60)
        writer.stderr.close()
        committed.update(f"r{round_}-{int(x)}" for x in rest.split())
        assert writer.returncode == -signal.SIGKILL
    progress.configure(store)
    stored = {a["item"] for a in progress.attempts()}
    assert committed <= stored
    assert len(stored - committed) <= 3  # at most the attempt in flight when each writer died
    conn = sqlite3.connect(progress.store_path())
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert not list(store.glob("*.damaged-*"))


def test_progress_and_report_load_no_matplotlib_or_widgets():
    code = ("import sys, swedu.progress, swedu.report; "
            "print(sorted(m for m in ('matplotlib', 'ipywidgets') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# -- export -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["Siti Rahma", "ab", "x" * 33, "siti@campus.ac.id", "", None, 17, "-owl", "owl/17"])
def test_pseudonym_must_be_a_short_token(bad, tmp_path):
    with pytest.raises(progress.ProgressError, match="cannot be used. Choose 3 to 32 letters"):
        progress.export(tmp_path / "out.json", bad)
    assert not (tmp_path / "out.json").exists()


def test_export_round_trip(tmp_path):
    progress.record(_feedback({"parents": "client", "teen": "client"}))
    progress.record({"item": "ex-1", "score": 0.25})
    written = progress.export(tmp_path, "owl-17")
    assert written == tmp_path / "swedu-progress-owl-17.json"
    payload = json.loads(written.read_text(encoding="utf-8"))
    assert payload["format"] == "swedu-progress-export" and payload["version"] == progress.EXPORT_VERSION
    assert payload["pseudonym"] == "owl-17" and len(payload["attempts"]) == 2
    assert payload["checksum"] == progress.checksum(payload) and payload["checksum"].startswith("sha256:")
    back = progress.read_export(written)
    assert back.pseudonym == "owl-17" and back.file == str(written)
    assert [a.item for a in back.attempts] == ["delinquent-youth", "ex-1"]
    assert back.attempts[0].statuses["teen"] == "wrong"
    payload["attempts"][1]["score"] = 1.0  # a student "improves" the file by hand
    written.write_text(json.dumps(payload), encoding="utf-8")
    with pytest.raises(progress.ExportProblem) as problem:
        progress.read_export(written)
    assert problem.value.reason == "checksum"


def test_the_checksum_holds_for_the_file_as_exported_and_as_rewritten_but_not_edited(tmp_path):
    """An export is checked on its own text (without its whitespace it is the canonical JSON that was
    hashed); a copy an editor re-indented, re-ordered or re-encoded is checked on its values; an edit is
    refused either way, a space put into a string too (taking whitespace out would hide it)."""
    progress.record(_feedback({"parents": "client", "teen": "client"}))
    progress.record({"item": "ex-1", "score": 0.25})
    written = progress.export(tmp_path, "owl-17")
    text = written.read_text(encoding="utf-8")
    payload = json.loads(text)
    assert '"score": 0.25' in text and '"ex-1"' in text
    rewritten = {"as exported": text, "compact": json.dumps(payload),
                 "re-ordered": json.dumps(dict(reversed(payload.items())), indent=4),
                 "escaped": text.replace('"ex-1"', '"ex\\u002d1"'), "crlf": text.replace("\n", "\r\n")}
    for name, variant in rewritten.items():
        written.write_text(variant, encoding="utf-8", newline="")
        assert [a.item for a in progress.read_export(written).attempts] == ["delinquent-youth", "ex-1"], name
    edited = {"score": text.replace('"score": 0.25', '"score": 1.0'),
              "a space in an id": text.replace('"ex-1"', '"ex- 1"'),
              "a line break in a string": text.replace('"ex-1"', '"ex-\\n1"')}
    for name, variant in edited.items():
        assert variant != text, name
        written.write_text(variant, encoding="utf-8", newline="")
        with pytest.raises(progress.ExportProblem) as problem:
            progress.read_export(written)
        assert problem.value.reason == "checksum", name


def test_progress_command(tmp_path, capsys, monkeypatch):
    progress.record({"item": "ex-1", "score": 1})
    assert main(["progress"]) == 0
    assert "ex-1" in capsys.readouterr().out
    assert main(["progress", "export", str(tmp_path / "mine.json")]) == 2
    assert "--id" in capsys.readouterr().out
    assert main(["progress", "export", str(tmp_path / "mine.json"), "--id", "my name"]) == 1
    assert "cannot be used" in capsys.readouterr().out
    assert main(["--lang", "id", "progress", "export", str(tmp_path / "mine.json"), "--id", "owl-17"]) == 0
    assert "Kumpulkan berkas ini" in capsys.readouterr().out
    assert progress.read_export(tmp_path / "mine.json").pseudonym == "owl-17"
    monkeypatch.chdir(tmp_path)
    assert main(["progress", "export", "--id", "kite-02"]) == 0
    assert (tmp_path / "swedu-progress-kite-02.json").exists()
    assert main(["progress", "where"]) == 0
    assert str(progress.store_path()) in capsys.readouterr().out


def test_a_store_that_cannot_be_opened_is_explained_not_moved(tmp_path, monkeypatch):
    progress.record({"item": "ex-1", "score": 1})
    path = progress.store_path()
    progress._reset()
    real_connect = progress.opening.connect

    def failing(p, *args, **kwargs):
        conn = real_connect(p, *args, **kwargs)
        conn.close()
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(progress.opening, "connect", failing)
    s = progress.summary()
    assert s.rows == () and "cannot be opened" in str(s) and "disk I/O error" in str(s)
    assert "switched off" not in str(s)
    assert progress.record({"item": "ex-2", "score": 1}) is None
    assert progress.store.settle()  # the writer tried it (and gave it up: the store cannot be opened)
    assert path.exists() and not list(path.parent.glob("*.damaged-*"))
    monkeypatch.setattr(progress.opening, "connect", real_connect)
    progress._reset()
    assert [a["item"] for a in progress.attempts()] == ["ex-1"]


def test_exercises_show_their_catalog_title(monkeypatch):
    from swedu.i18n import catalog

    monkeypatch.setitem(catalog("en"), "exercises.title.my-ex", "Exercise 9: who must change?")
    progress.record({"kind": "exercise", "item": "my-ex", "stage": "intake", "score": 1})
    progress.record({"kind": "exercise", "item": "untitled-ex", "stage": "intake", "score": 1})
    text = str(progress.summary())
    assert "Exercise 9: who must change?" in text and "untitled-ex — intake" in text


def test_exports_keep_only_well_formed_times(tmp_path):
    progress.record({"item": "ex-1", "score": 1})
    path = progress.export(tmp_path, "owl-17")
    payload = json.loads(path.read_text(encoding="utf-8"))
    assert re.match(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$", payload["attempts"][0]["time"])
    payload["attempts"][0]["time"] = "Ibu Wati, Tuesday"
    payload["exported"] = "after the fight"
    payload["checksum"] = progress.checksum(payload)
    path.write_text(json.dumps(payload), encoding="utf-8")
    back = progress.read_export(path)
    assert back.attempts[0].time == "" and back.exported == ""


def test_oversized_records_are_cut_down():
    progress.record({"item": "ex-1", "answer": {f"a{i}": ["client"] * 100 for i in range(10_000)},
                     "verdicts": (f"v{i}" for i in range(5))})
    (stored,) = progress.attempts()
    assert len(stored["answer"]) == 60 and all(len(v) == 12 for v in stored["answer"].values())
    assert stored["verdicts"] == {}


def test_the_module_itself_shows_the_summary_in_a_notebook():
    from IPython.core.formatters import DisplayFormatter

    progress.record({"kind": "exercise", "item": "ex-1", "score": 1})
    data, _ = DisplayFormatter().format(progress)
    assert data["text/html"] == progress.summary()._repr_html_()
    assert 'data-item="ex-1"' in data["text/html"]
