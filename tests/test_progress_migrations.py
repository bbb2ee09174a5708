"""An older store is read as it is and upgraded the first time swedu writes to it; nothing recorded is lost."""
from __future__ import annotations

import sqlite3

from swedu import progress
from swedu.progress import migrations

# The store as swedu wrote it before version 2 (the hub's outbox was made by the sender, if ever).
VERSION_1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE attempts (id INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT NOT NULL, kind TEXT NOT NULL,
    item TEXT NOT NULL, stage TEXT NOT NULL DEFAULT '', score REAL, language TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX attempts_item ON attempts (kind, item, stage);
INSERT INTO meta VALUES ('created', '2025-09-01T08:00:00.000000Z'), ('store', 'f00dfeedf00dfeedf00dfeedf00dfeed');
INSERT INTO attempts (time, kind, item, stage, score, language, data) VALUES
    ('2025-09-01T08:05:00.000000Z', 'scenario', 'delinquent-youth', 'intake', 0.25, 'id',
     '{"answer":{"teen":["client"]},"misconceptions":{"teen":["client_is_problem_bearer"]},"verdicts":{"teen":"wrong"}}');
PRAGMA application_id = 1398228292;
PRAGMA user_version = 1;
"""


def _version_1_store(with_outbox: bool = False):
    path = progress.store_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path)
    conn.executescript(VERSION_1)
    if with_outbox:  # a kernel on a hub had queued a record the service had not acknowledged yet
        conn.execute("CREATE TABLE hub_outbox (record_id TEXT PRIMARY KEY, payload TEXT NOT NULL, "
                     "created TEXT NOT NULL)")
        conn.execute("INSERT INTO hub_outbox VALUES ('r1', '{}', '2025-09-01T08:05:00.000000Z')")
    conn.commit()
    conn.close()
    return path


def _version(path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


def test_the_steps_make_the_current_schema():
    assert migrations.SCHEMA_VERSION == len(migrations.STEPS) == 2
    assert migrations.APPLICATION_ID == 1398228292  # the number in VERSION_1 above


def test_an_older_store_is_read_without_being_changed():
    path = _version_1_store()
    before = path.read_bytes()
    (old,) = progress.attempts()
    assert (old["item"], old["score"], old["language"], old["verdicts"]) == (
        "delinquent-youth", 0.25, "id", {"teen": "wrong"})
    assert old["misconceptions"] == {"teen": ["client_is_problem_bearer"]} and old["time"].startswith("2025-09-01")
    assert progress.summary().rows[0].attempts == 1
    assert _version(path) == 1 and path.read_bytes() == before


def test_an_older_store_is_upgraded_when_a_check_is_recorded(tmp_path):
    path = _version_1_store()
    progress.record({"kind": "exercise", "item": "ex1-classify", "stage": "intake", "score": 1.0})
    assert [a["item"] for a in progress.attempts()] == ["delinquent-youth", "ex1-classify"]
    assert _version(path) == migrations.SCHEMA_VERSION
    conn = sqlite3.connect(path)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"meta", "attempts", "hub_outbox"} <= tables
    assert conn.execute("SELECT value FROM meta WHERE key = 'store'").fetchone() == ("f00dfeedf00dfeedf00dfeedf00dfeed",)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()
    assert not list(path.parent.glob("*.newer-*")) and not list(path.parent.glob("*.damaged-*"))
    # the hand-in of an upgraded store reads as before, with the store's id
    back = progress.read_export(progress.export(tmp_path, "owl-17"))
    assert back.store == "f00dfeedf00dfeedf00dfeedf00dfeed" and len(back.attempts) == 2


def test_records_waiting_for_the_hub_survive_the_upgrade():
    path = _version_1_store(with_outbox=True)
    progress.record({"kind": "exercise", "item": "ex2-reasons", "score": 0.5})
    assert progress.store.settle()  # a check does not wait for its record: read the file once it is written
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT record_id FROM hub_outbox").fetchall() == [("r1",)]
    conn.close()
    assert _version(path) == migrations.SCHEMA_VERSION


def test_a_store_of_a_newer_swedu_is_set_aside_not_downgraded():
    path = _version_1_store()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 1}")
    conn.close()
    progress.record({"kind": "exercise", "item": "ex1-classify", "score": 1.0})
    assert progress.store.settle()  # the writer opened the store (and set the newer one aside)
    (aside,) = path.parent.glob(f"{path.name}.newer-*")
    assert _version(aside) == migrations.SCHEMA_VERSION + 1
    assert [a["item"] for a in progress.attempts()] == ["ex1-classify"]
