"""swedu.hub without a hub: the link, the store, the views, the outbox in the progress store."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

import swedu.hub
import swedu.progress as progress
from swedu.cli import main
from swedu.hub import views
from swedu.progress import outbox
from swedu.hub.link import LinkError, nbgitpuller_link
from swedu.hub.store import SQLiteRecordStore

CHECK = {"kind": "scenario", "item": "delinquent-youth", "stage": "intake", "score": 0.5, "language": "en",
         "verdicts": {"teen": "wrong"}, "misconceptions": {"teen": ["client_is_problem_bearer"]}}


@pytest.fixture(autouse=True)
def _sending_default():
    outbox._state["sending"] = None
    yield
    outbox._state["sending"] = None


def test_the_link_pulls_the_repository_and_opens_the_lesson():
    link = nbgitpuller_link("https://hub.example.edu/", "https://github.com/example/swedu.git", "course",
                            "notebooks/id/04-classifier.ipynb")
    parts = urlsplit(link)
    assert parts.path == "/hub/user-redirect/git-pull"
    assert parse_qs(parts.query) == {"repo": ["https://github.com/example/swedu.git"], "branch": ["course"],
                                     "urlpath": ["lab/tree/swedu/notebooks/id/04-classifier.ipynb"]}


@pytest.mark.parametrize("hub, repo, path", [("hub.example.edu", "https://x/y", "a.ipynb"),
                                             ("https://h", "not a url", "a.ipynb"),
                                             ("https://h", "https://x/y", "../etc/passwd")])
def test_a_link_that_cannot_work_is_refused(hub, repo, path):
    with pytest.raises(LinkError):
        nbgitpuller_link(hub, repo, path=path)


def test_the_command_prints_the_link(capsys):
    assert main(["hub-link", "--hub", "https://hub.example.edu", "--repo", "https://github.com/e/swedu"]) == 0
    assert "git-pull?repo=https%3A%2F%2Fgithub.com%2Fe%2Fswedu" in capsys.readouterr().out
    assert main(["--lang", "id", "hub-link", "--hub", "x", "--repo", "https://github.com/e/swedu"]) == 2
    assert "harus diawali https://" in capsys.readouterr().out


def test_the_store_keeps_a_record_once_and_by_group(tmp_path):
    store = SQLiteRecordStore(tmp_path / "class.sqlite3")
    clean = dict(progress.sanitize(CHECK), time="2026-11-29T10:00:00.000000Z")
    assert store.add("siti", ["class-a"], "id-000001", clean)
    assert not store.add("siti", ["class-a"], "id-000001", clean)
    assert store.add("budi", ["class-b"], "id-000001", clean)  # ids are per student
    assert set(store.class_records()) == {"siti", "budi"} and set(store.class_records("class-a")) == {"siti"}
    assert store.count() == 2 and store.groups() == ["class-a", "class-b"]


def test_the_class_report_and_the_export_agree_with_swedu_report(tmp_path):
    records = {"siti": [dict(progress.sanitize(CHECK), id="r1", time="2026-11-29T10:00:00.000000Z")],
               "someone@uni.ac.id": [dict(progress.sanitize(CHECK), id="r2", time="2026-11-29T10:01:00.000000Z")]}
    report = views.class_report(records, "en")
    assert report.students == 2 and report.skipped == [] and report.dominant()[0][:2] == ("client_is_problem_bearer", 2)
    assert "someone@" not in json.dumps(report.pseudonyms)
    svg = views.projector_svg(records, "id")
    assert svg.startswith("<svg") and "siti" not in svg and "2 (100%)" in svg


def test_the_hub_report_is_the_report_of_its_export_and_its_chart_counts_as_its_table(tmp_path, monkeypatch):
    # One student checks 60 times (only the first MAX_ATTEMPTS_PER_ACTIVITY count) and names a misconception
    # the course does not know (never counted): the chart must show what the table under it shows.
    from swedu.report import MAX_ATTEMPTS_PER_ACTIVITY, build_report

    right = dict(progress.sanitize(dict(CHECK, verdicts={"teen": "correct"}, misconceptions={})))
    wrong = dict(progress.sanitize(CHECK))
    made_up = dict(progress.sanitize(dict(CHECK, misconceptions={"teen": ["made-up-idea"]})))
    loud = [dict(right, time=f"2026-11-29T10:{n // 60:02d}:{n % 60:02d}.000000Z") for n in range(MAX_ATTEMPTS_PER_ACTIVITY)]
    records = {"siti": loud + [dict(wrong, time="2026-11-29T11:00:00.000000Z")] * 10,
               "budi": [dict(wrong, time="2026-11-29T10:00:00.000000Z"), dict(made_up, time="2026-11-29T10:01:00.000000Z")]}
    monkeypatch.setattr("tempfile.mkdtemp", None)  # built in memory: no temporary folder
    monkeypatch.setattr("tempfile.TemporaryDirectory", None)
    report = views.class_report(records, "en", generated="now")
    assert report.dominant() == [("client_is_problem_bearer", 1, 1)] and report.capped == 10
    svg = views.projector_svg(records, "en")
    assert "1 (50%)" in svg and svg.count("<rect") == 1 and "made-up" not in svg
    monkeypatch.undo()
    zipped = tmp_path / "class.zip"
    zipped.write_bytes(views.export_zip(records))
    import zipfile

    zipfile.ZipFile(zipped).extractall(tmp_path / "hand-ins")
    monkeypatch.chdir(tmp_path / "hand-ins")  # the files named as the hub names them
    from_files = build_report(["."], language="en", generated="now")
    assert from_files.markdown() == report.markdown()  # the hub's report is swedu report's of its export
    page = views.live_report_html(records, "en")
    assert page.count("<rect") == 1 and "data:image/png" not in page


def test_roles_the_key_also_accepts_reach_the_class_report_through_the_hub(tmp_path):
    # A student's own hand-in carries them (the report counts them apart from errors); the hub must too.
    check = dict(CHECK, alternatives={"teen": ["action"]})
    store = SQLiteRecordStore(tmp_path / "class.sqlite3")
    assert store.add("siti", ["class-a"], "id-000001", dict(progress.sanitize(check), time="2026-11-29T10:00:00.000000Z"))
    assert store.add("budi", ["class-a"], "id-000001", dict(progress.sanitize(CHECK), time="2026-11-29T10:00:00.000000Z"))
    records = store.class_records()
    assert records["siti"][0]["alternatives"] == {"teen": ["action"]} and "alternatives" not in records["budi"][0]
    handed_in = tmp_path / "siti.json"
    handed_in.write_text(json.dumps(views.export_payload("siti", records["siti"])), encoding="utf-8")
    assert dict(progress.read_export(handed_in).attempts[0].alternatives_by_item) == {"teen": ("action",)}


class _Service(BaseHTTPRequestHandler):
    """A stand-in for the hub service: answers 201 (or what ``codes`` says) and keeps what came."""

    received: list = []
    codes: list = []

    def do_POST(self):  # noqa: N802 - http.server's name
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        code = self.codes.pop(0) if self.codes else 201
        if code == 201:
            self.received.append((self.headers["Authorization"], body))
        self.send_response(code)
        self.send_header("Retry-After", "1")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_service(monkeypatch):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Service)
    _Service.received, _Service.codes = [], []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("SWEDU_HUB_SERVICE_URL", f"http://127.0.0.1:{server.server_port}/services/swedu/")
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "student-token")
    progress._reset()
    yield _Service
    server.shutdown()


def test_a_check_is_queued_in_the_same_store_and_sent_in_the_background(fake_service):
    progress.record(dict(CHECK, note="Pak Hartono"))
    assert progress._hub_outbox().flush(10)
    (auth, body), = fake_service.received
    assert auth == "token student-token" and body["item"] == "delinquent-youth" and "note" not in body
    assert len(body["id"]) == 32 and body["time"] == progress.attempts()[0]["time"]


def test_what_the_service_did_not_acknowledge_stays_pending_and_is_resent(fake_service):
    fake_service.codes[:] = [503, 503]  # the first send may start as soon as the check is written
    progress.record(CHECK)
    box = progress._hub_outbox()
    assert not box.flush(0.5) and len(box.pending()) == 1 and fake_service.received == []
    assert box.flush(10) and len(fake_service.received) == 1


def test_a_rate_limited_record_waits_and_is_sent_once(fake_service):
    fake_service.codes[:] = [429]
    progress.record(CHECK)
    assert progress._hub_outbox().flush(10) and len(fake_service.received) == 1


def test_sending_switched_off_queues_nothing_but_still_records(fake_service, monkeypatch):
    assert main(["hub-sending", "off"]) == 0
    outbox._state["sending"] = None  # a new session: the persisted choice holds
    progress.record(CHECK)
    assert len(progress.attempts()) == 1 and progress._hub_outbox().pending() == []
    assert not swedu.hub.is_sending()
    monkeypatch.setenv("SWEDU_HUB_SENDING", "off")
    swedu.hub.set_sending(True)  # an explicit choice in this session wins over the environment
    progress.record(CHECK)
    assert progress._hub_outbox().flush(10) and len(fake_service.received) == 1


def test_a_check_left_in_a_pending_file_by_an_ended_kernel_still_reaches_the_hub(fake_service):
    import sqlite3
    import subprocess
    import sys
    from pathlib import Path

    progress.record(CHECK)
    assert progress._hub_outbox().flush(10) and len(fake_service.received) == 1
    path = progress.store_path()
    other = sqlite3.connect(str(path), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program holds the store: the kernel below cannot write
    code = ("import swedu.progress as p, os; p.configure(r'%s'); "
            "p.record({'item': 'ex2-reasons', 'score': 1, 'verdicts': {'q1': 'correct'}}); "
            "assert p.pending() == 1; os._exit(0)" % path)  # kept in its pending file, then ended at once
    try:
        done = subprocess.run([sys.executable, "-c", code], timeout=120, capture_output=True, text=True,
                              cwd=Path(__file__).parents[1])
        assert done.returncode == 0, done.stderr
        (kept,) = path.parent.glob(f"{path.name}.pending-*.json")
        assert json.loads(kept.read_text(encoding="utf-8"))["hub"]["item"] == "ex2-reasons"
    finally:
        other.execute("ROLLBACK")
        other.close()
    progress.record(dict(CHECK, item="small-business"))  # this kernel takes the ended kernel's record in
    assert progress._hub_outbox().flush(10)
    assert sorted(body["item"] for _, body in fake_service.received) == [
        "delinquent-youth", "ex2-reasons", "small-business"]
    assert not list(path.parent.glob(f"{path.name}.pending-*.json"))


def test_without_a_hub_nothing_is_queued():
    progress.record(CHECK)
    assert progress._hub_outbox() is None and len(progress.attempts()) == 1


@pytest.mark.parametrize("name", ["swedu.hub.link", "swedu.hub.store", "swedu.hub.views", "swedu.progress.outbox"])
def test_docstring_examples(name):
    import doctest
    import importlib

    module = importlib.import_module(name)
    failures: list[str] = []
    runner = doctest.DocTestRunner(optionflags=0)
    attempted = sum(runner.run(test, out=failures.append).attempted
                    for test in doctest.DocTestFinder().find(module, name))
    assert failures == [] and attempted > 0, "".join(failures)


def test_a_students_own_records_page_speaks_in_titles_and_keeps_the_first_test_sealed():
    from swedu.hub.views import own_records_html

    records = [{"time": "2026-12-07T10:00:00", "kind": "concept_test", "item": "four-systems", "stage": "pre",
                "score": 0.3},
               {"time": "2026-12-07T10:05:00", "kind": "scenario", "item": "delinquent-youth", "stage": "intake",
                "score": 0.5}]
    for language in ("en", "id"):
        page = own_records_html(records, language)
        assert "four-systems" not in page and "delinquent-youth" not in page and "intake<" not in page
        assert "30%" not in page and "50%" in page
