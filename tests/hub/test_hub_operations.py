"""Operating the class's service: a health endpoint, no crash loop when its database folder is missing,
the listen address of a pod, and backup, restore and deleting records with ``swedu hub-service``.

The service runs here as its own process, as the hub starts it, but without a hub (none of these needs
one: the health endpoint asks for no login, and the operations work on the database file)."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time

import pytest
from hubfixture import free_ports, request

from swedu.hub.store import SQLiteRecordStore

RECORD = {"kind": "scenario", "item": "delinquent-youth", "stage": "intake", "score": 0.5, "language": "en",
          "answer": {"teen": ["client"]}, "verdicts": {"teen": "wrong"}, "misconceptions": {}}


def start_service(db, host_in_url: str = "127.0.0.1", listen: str = ""):
    port = free_ports(1)[0]
    env = dict(os.environ, JUPYTERHUB_API_TOKEN="not-a-hub-token", JUPYTERHUB_SERVICE_PREFIX="/services/swedu/",
               JUPYTERHUB_SERVICE_URL=f"http://{host_in_url}:{port}", JUPYTERHUB_CLIENT_ID="service-swedu",
               JUPYTERHUB_API_URL="http://127.0.0.1:9/hub/api")
    command = [sys.executable, "-m", "swedu.hub", "--db", str(db)] + (["--listen", listen] if listen else [])
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}/services/swedu/"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        try:
            request(url + "health", timeout=2)
            return process, url
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise AssertionError("the service did not answer")


def stop(process) -> str:
    process.terminate()
    _, err = process.communicate(timeout=30)
    return err


def test_a_missing_database_folder_gives_one_clear_line_and_no_crash_loop(tmp_path):
    process, url = start_service(tmp_path / "no-such-folder" / "class.sqlite3")
    try:
        status, answer, _ = request(url + "health")
        assert status == 503 and "does not exist" in answer["problem"] and "install -d" in answer["problem"]
        status, text, _ = request(url + "api/records", "POST", RECORD)
        assert status == 503 and "does not exist" in text
        time.sleep(1)
        assert process.poll() is None  # still running: the hub has nothing to restart
    finally:
        err = stop(process)
    problem_lines = [line for line in err.splitlines() if "does not exist" in line]
    assert len(problem_lines) == 1 and "Traceback" not in err


def test_in_a_pod_the_service_listens_where_told_not_on_the_urls_host(tmp_path):
    # the URL names the hub's Kubernetes Service ("hub"); binding to it fails in the pod (Errno 99)
    process, url = start_service(tmp_path / "class.sqlite3", host_in_url="hub.invalid", listen="127.0.0.1")
    try:
        status, answer, _ = request(url + "health")
        assert status == 200 and answer == {"status": "ok"}
    finally:
        stop(process)


def swedu_hub(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "swedu.hub", *map(str, args)], capture_output=True, text=True,
                          timeout=60)


@pytest.fixture
def class_db(tmp_path):
    path = tmp_path / "class.sqlite3"
    store = SQLiteRecordStore(str(path))
    for n, (user, group) in enumerate([("siti", "kelas-a"), ("budi", "kelas-a"), ("dewi", "kelas-b")]):
        for k in range(3):
            store.add(user, [group], f"record-{n}-{k}-xx", RECORD)
    store.close()
    return path


def users_in(path) -> dict:
    conn = sqlite3.connect(str(path))
    try:
        return dict(conn.execute("SELECT user, COUNT(*) FROM records GROUP BY user").fetchall())
    finally:
        conn.close()


def test_backup_and_restore_with_the_online_backup_api(class_db, tmp_path):
    backup = tmp_path / "backup.sqlite3"
    done = swedu_hub("backup", backup, "--db", class_db)
    assert done.returncode == 0 and "9 records" in done.stdout
    assert users_in(backup) == {"siti": 3, "budi": 3, "dewi": 3}
    assert swedu_hub("forget-group", "kelas-a", "--db", class_db).returncode == 0
    assert users_in(class_db) == {"dewi": 3}
    done = swedu_hub("restore", backup, "--db", class_db)
    assert done.returncode == 0 and "9 records" in done.stdout
    assert users_in(class_db) == {"siti": 3, "budi": 3, "dewi": 3}
    done = swedu_hub("restore", tmp_path / "missing.sqlite3", "--db", class_db)
    assert done.returncode == 2 and "no backup file" in done.stdout and "Traceback" not in done.stderr


def test_a_backup_while_the_service_writes_is_consistent(class_db, tmp_path):
    store = SQLiteRecordStore(str(class_db))
    try:
        writer = subprocess.Popen([sys.executable, "-c", f"""
from swedu.hub.store import SQLiteRecordStore
store = SQLiteRecordStore({str(class_db)!r})
for n in range(300):
    store.add("eko", ["kelas-b"], f"live-{{n:04d}}-record", {RECORD!r})
"""])
        backups = []
        for n in range(3):
            backups.append(tmp_path / f"b{n}.sqlite3")
            assert swedu_hub("backup", backups[-1], "--db", class_db).returncode == 0
        assert writer.wait(60) == 0
        for backup in backups:
            conn = sqlite3.connect(str(backup))
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            conn.close()
        assert users_in(class_db)["eko"] == 300
    finally:
        store.close()


def test_forgetting_one_student_deletes_only_theirs(class_db):
    done = swedu_hub("forget-student", "budi", "--db", class_db)
    assert done.returncode == 0 and "3 records of budi" in done.stdout
    assert users_in(class_db) == {"siti": 3, "dewi": 3}
    assert swedu_hub("forget-student", "--db", class_db).returncode == 2
