"""The swedu hub service on a real JupyterHub: who may send and see what, and what survives faults.

A "student process" below is a Python process with exactly what a student's kernel on the hub has
(JUPYTERHUB_API_TOKEN with the service's scope, SWEDU_HUB_SERVICE_URL, its own progress store) and
records checks through swedu.progress.record: the same code path as a Check in a lesson.
"""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import uuid

from hubfixture import LECTURER, STUDENTS, request

RECORD = {"kind": "scenario", "item": "delinquent-youth", "stage": "intake", "score": 0.5, "language": "en",
          "answer": {"teen": ["client"]}, "verdicts": {"teen": "wrong", "parents": "correct"},
          "misconceptions": {"teen": ["client_is_problem_bearer"]}}


def post(hub, token, body=None, raw=None):
    return request(hub.service_url + "api/records", "POST", body, token=token, raw=raw)


def records_of(hub, user):
    status, data, _ = request(hub.service_url + "api/records", token=hub.token_for(user))
    assert status == 200, data
    return data["records"]


def live_part(page: str) -> str:
    return page.split('id="swedu-live"', 1)[1]


def names_in(text: str) -> set:
    return {name for name in STUDENTS if re.search(rf"\b{name}\b", text)}


def add_student(hub, name: str, group: str) -> None:
    from urllib.parse import quote

    hub.api("POST", f"/users/{quote(name, safe='')}")
    hub.api("POST", f"/groups/{quote(group, safe='')}")  # 201, or 409 when it is there already
    status, model, _ = hub.api("POST", f"/groups/{quote(group, safe='')}/users", {"users": [name]})
    assert status == 200, model


def new_record(**changes):
    return dict(RECORD, id=uuid.uuid4().hex, **changes)


STUDENT_SCRIPT = """
import os, sys, json
import swedu.progress as progress
items = json.loads(sys.argv[1])
for item in items:
    progress.record({"kind": "exercise", "item": item, "score": 1.0, "language": "en",
                     "verdicts": {"answer": "correct"}, "misconceptions": {}})
mode = sys.argv[2]
outbox = progress._hub_outbox()
if mode == "die-before-send":
    # the kernel is killed right after its checks were written (a check hands its record to the store's
    # writer and goes on; a kernel killed in the few milliseconds before it is written loses it)
    progress.store.settle()
    os._exit(9)
if mode == "die-after-store":
    original = outbox._acknowledge
    def die(record_id):  # the service stored the record, the kernel dies before it hears so
        os._exit(9)
    outbox._acknowledge = die
    outbox.wake()
    import time; time.sleep(20)
ok = outbox.flush(float(sys.argv[3]))
print(json.dumps({"sent_all": ok, "pending": len(outbox.pending())}))
"""


def student_process(hub, user, folder, items, mode="flush", wait=20.0):
    env = dict(os.environ, JUPYTERHUB_API_TOKEN=hub.token_for(user), SWEDU_HUB_SERVICE_URL=hub.service_url,
               SWEDU_DATA_DIR=str(folder))
    env.pop("SWEDU_HUB_SENDING", None)
    done = subprocess.run([sys.executable, "-c", STUDENT_SCRIPT, json.dumps(items), mode, str(wait)],
                          env=env, capture_output=True, text=True, timeout=wait + 40)
    if mode == "flush":
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout.strip().splitlines()[-1])
    return done.returncode


def items_of(hub, user):
    return sorted(r["item"] for r in records_of(hub, user))


# -- who may send and see what -----------------------------------------------------------------

def test_record_is_filed_under_the_token_owner_never_the_body(hub):
    forged = new_record(user="budi", name="budi", pseudonym="budi")
    status, answer, _ = post(hub, hub.token_for("siti"), forged)
    assert status == 201, answer
    assert forged["id"] in [r["id"] for r in records_of(hub, "siti")]
    assert forged["id"] not in [r["id"] for r in records_of(hub, "budi")]


def test_no_token_gets_nothing(hub):
    for path in ("api/records", "class", "projector", "export", ""):
        status, body, headers = request(hub.service_url + path)
        assert status in (302, 403), (path, status)
        assert "delinquent" not in str(body)
    status, answer, _ = request(hub.service_url + "api/records", "POST", new_record())
    assert status == 403 and "Log in" in answer["error"]


def test_a_token_without_the_service_scope_is_refused(hub):
    token = hub.token_for("siti", scopes=("read:users:name!user",))
    status, _, _ = post(hub, token, new_record())
    assert status == 403
    status, _, _ = request(hub.service_url + "api/records", token=token)
    assert status == 403


def test_another_users_token_only_ever_reaches_that_users_records(hub):
    marker = new_record()
    assert post(hub, hub.token_for("budi"), marker)[0] == 201
    mine = request(hub.service_url + "api/records", token=hub.token_for("siti"))[1]
    assert mine["user"] == "siti" and marker["id"] not in [r["id"] for r in mine["records"]]


def test_a_student_is_refused_the_lecturers_pages(hub):
    token = hub.token_for("siti")
    for path in ("class", "projector", "export"):
        status, body, _ = request(hub.service_url + path, token=token)
        assert status == 403, path
        assert "Only lecturers" in str(body) and "delinquent" not in str(body)


def test_a_lecturers_server_token_cannot_see_the_class(hub):
    """Group membership is not enough: the lecturer scope is a role's, and server tokens never carry it
    (code in a lecturer's notebook cannot download the class's records)."""
    server_token = hub.token_for(LECTURER, scopes=("users:activity!user", "access:servers!server",
                                                   "access:services!service=swedu"))
    for path in ("class", "projector", "export"):
        status, body, _ = request(hub.service_url + path, token=server_token)
        assert status == 403, path
    # the hub itself refuses to put the scope into a token of someone without the role
    status, answer, _ = hub.api("POST", "/users/siti/tokens", {"scopes": ["custom:swedu:lecturer"]})
    assert status == 400 and "custom:swedu:lecturer" in answer["message"], answer


def test_the_lecturer_sees_the_class_report_per_group_and_the_projector(hub):
    assert post(hub, hub.token_for("siti"), new_record())[0] == 201
    assert post(hub, hub.token_for("budi"), new_record())[0] == 201
    # A group of its own (the hub is shared by the session's tests: class-a may hold others' records by now)
    add_student(hub, "wati", "class-solo")
    assert post(hub, hub.token_for("wati"), new_record())[0] == 201
    status, page, _ = request(hub.service_url + "projector?group=class-solo", token=hub.token_for(LECTURER))
    assert status == 200 and "<svg" not in page and "Fewer than 3 students" in page  # wati alone
    add_student(hub, "carla", "class-b")
    assert post(hub, hub.token_for("carla"), new_record())[0] == 201
    token = hub.token_for(LECTURER)
    status, page, _ = request(hub.service_url + "class?group=class-solo", token=token)
    assert status == 200 and "Class report" in page
    assert "from 1 student files" in live_part(page)  # class-solo is wati alone
    status, page, _ = request(hub.service_url + "class?fragment=1", token=token)
    assert status == 200 and re.search(r"from [2-9] student files", page) and "<html" not in page
    assert "Dimas and his parents" in page  # the case's table, as swedu report shows it
    status, page, _ = request(hub.service_url + "projector?lang=id", token=token)
    assert status == 200 and "<svg" in page and "Miskonsepsi" in page and names_in(page) == set()
    status, page, _ = request(hub.service_url + "class?group=no-such-group", token=token)
    assert status == 404 and "class-a" in page


def test_the_export_is_what_swedu_report_reads(hub, tmp_path):
    import io
    import zipfile

    from swedu.report import build_report

    assert post(hub, hub.token_for("budi"), new_record())[0] == 201
    url = hub.service_url + "export"
    req = __import__("urllib.request").request.Request(url, headers={"Authorization": f"token {hub.token_for(LECTURER)}"})
    with __import__("urllib.request").request.urlopen(req, timeout=20) as response:
        data = response.read()
    zipfile.ZipFile(io.BytesIO(data)).extractall(tmp_path)
    report = build_report([tmp_path], language="en")
    assert report.skipped == [] and {"siti", "budi"} <= set(report.pseudonyms)


def test_a_record_over_the_size_limit_is_refused_clearly(hub):
    big = new_record(answer={f"actor{n}": ["client"] for n in range(2000)})
    status, answer, _ = post(hub, hub.token_for("budi"), big)
    assert status == 413 and "too big" in answer["error"] and "8192" in answer["error"]


def test_malformed_json_gets_400_with_a_clear_message(hub):
    add_student(hub, "fajar", "class-a")  # a student of their own: every post takes from a student's budget
    status, answer, _ = post(hub, hub.token_for("fajar"), raw=b'{"kind": "scenario", "item": ')
    assert status == 400 and "not valid JSON" in answer["error"]
    status, answer, _ = post(hub, hub.token_for("fajar"), raw=b"[1, 2]")
    assert status == 400 and "one JSON object" in answer["error"]
    status, answer, _ = post(hub, hub.token_for("fajar"), {k: v for k, v in new_record().items() if k != "id"})
    assert status == 400 and "id" in answer["error"]


def test_free_text_in_a_record_is_dropped(hub):
    story = new_record(note="Pak Hartono hits his son", answer={"teen": "Pak Hartono is angry", "parents": ["client"]})
    assert post(hub, hub.token_for("budi"), story)[0] == 201
    kept = next(r for r in records_of(hub, "budi") if r["id"] == story["id"])
    assert "Hartono" not in json.dumps(kept) and kept["answer"]["parents"] == ["client"]
    assert kept["answer"]["teen"] == [] and kept["verdicts"]["teen"] == "not_answered"
    # free text where an id belongs (the stage) is refused as a whole: nothing of it is stored
    told = new_record(stage="the family of Pak Hartono")
    status, answer, _ = post(hub, hub.token_for("budi"), told)
    assert status == 400 and "Hartono" not in json.dumps(records_of(hub, "budi"))


def test_a_record_sent_twice_is_kept_once(hub):
    # a student of their own: the burst (10 records) of a student the earlier tests used may be spent when
    # they ran fast (a 429 here once, in CI)
    add_student(hub, "gita", "class-b")
    record = new_record()
    assert post(hub, hub.token_for("gita"), record)[0] == 201
    status, answer, _ = post(hub, hub.token_for("gita"), record)
    assert status == 200 and "already stored" in answer["message"]
    assert [r["id"] for r in records_of(hub, "gita")].count(record["id"]) == 1


def test_a_flood_from_one_student_is_rate_limited_with_a_clear_answer(hub):
    token = hub.token_for("lecturer")  # a user of their own: the other tests' students keep their budget
    answers = []
    flood = [threading.Thread(target=lambda: answers.append(post(hub, token, new_record()))) for _ in range(40)]
    for thread in flood:
        thread.start()
    for thread in flood:
        thread.join()
    codes = [a[0] for a in answers]
    assert set(codes) == {201, 429} and codes.count(201) >= 10  # the burst (10) gets through, then 429
    limited = next(a for a in answers if a[0] == 429)
    assert int(limited[2]["Retry-After"]) >= 1 and "Wait" in limited[1]["error"]
    assert post(hub, hub.token_for("siti"), new_record())[0] == 201  # another student is not slowed down
    time.sleep(3)
    assert post(hub, token, new_record())[0] == 201  # and the flooder may send again after the wait


# -- records the service can trust ---------------------------------------------------------------

def test_the_service_recomputes_verdicts_and_scores_with_the_courses_key(hub):
    forged = new_record(answer={"teen": ["client"]}, score=1.0, verdicts={"teen": "correct"},
                        misconceptions={"teen": ["LECTURER-IS-BORING"]})
    assert post(hub, hub.token_for("siti"), forged)[0] == 201
    kept = next(r for r in records_of(hub, "siti") if r["id"] == forged["id"])
    assert kept["score"] < 1.0 and kept["verdicts"]["teen"] == "wrong"
    assert kept["misconceptions"] == {"teen": ["client_is_problem_bearer"]}  # the course's own, not the sender's
    assert re.match(r"^20[0-9]{2}-", kept["received"])  # the service's own receive time beside the student's


def test_impossible_times_are_refused(hub):
    add_student(hub, "dewi", "class-a")
    token = hub.token_for("dewi")
    for when in ("2026-13-01T10:00:00Z", "0000-01-01T00:00:00Z", "\u0662\u0660\u0662\u0666-01-01T10:00:00Z",
                 "2099-01-01T10:00:00Z", "2020-01-01T10:00:00Z", "2026-02-30T10:00:00Z", 20260101):
        status, answer, _ = post(hub, token, new_record(time=when))
        assert status == 400 and "not a real time" in answer["error"], (when, answer)
    status, _, _ = post(hub, token, new_record(time=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())))
    assert status == 201


def test_only_ids_the_course_knows_are_accepted(hub):
    add_student(hub, "eko", "class-a")
    token = hub.token_for("eko")
    refused = {
        "Budi_is_stupid": new_record(item="Budi_is_stupid"),
        "no-such-stage": new_record(stage="no-such-stage"),
        "Budi_is_lazy": new_record(answer={"Budi_is_lazy": ["client"]}),
        "chatter": new_record(kind="chatter"),
    }
    for given, record in refused.items():
        status, answer, _ = post(hub, token, record)
        assert status == 400 and given in answer["error"], (given, answer)
    assert records_of(hub, "eko") == []


def test_a_lecturers_own_case_is_refused_until_registered(hub):
    """The test hub's service runs without --cases (tests/hub/test_hub_trust.py registers one)."""
    add_student(hub, "fitri", "class-b")
    status, answer, _ = post(hub, hub.token_for("fitri"), new_record(item="my-own-case"))
    assert status == 400 and "--cases" in answer["error"]


# -- sending from a student's kernel and faults ------------------------------------------------

def test_checks_recorded_in_a_kernel_arrive_once(hub, tmp_path):
    result = student_process(hub, "siti", tmp_path / "siti", ["ex1-classify", "ex2-reasons"])
    assert result == {"sent_all": True, "pending": 0}
    assert items_of(hub, "siti").count("ex1-classify") == 1 and items_of(hub, "siti").count("ex2-reasons") == 1


def test_sending_switched_off_sends_nothing(hub, tmp_path):
    env_off = dict(os.environ, SWEDU_HUB_SENDING="off")
    folder = tmp_path / "quiet"
    done = subprocess.run([sys.executable, "-c", STUDENT_SCRIPT, json.dumps(["ex1-classify"]), "flush", "5"],
                          env=dict(env_off, JUPYTERHUB_API_TOKEN=hub.token_for("budi"),
                                   SWEDU_HUB_SERVICE_URL=hub.service_url, SWEDU_DATA_DIR=str(folder)),
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "ex1-classify" not in items_of(hub, "budi")


def test_a_kernel_killed_mid_send_loses_nothing_and_doubles_nothing(hub, tmp_path):
    folder = tmp_path / "budi"
    assert student_process(hub, "budi", folder, ["ex4-map"], mode="die-before-send") == 9
    assert "ex4-map" not in items_of(hub, "budi")
    assert student_process(hub, "budi", folder, ["ex4-graph"], mode="die-after-store") == 9
    # the next kernel sends what is still pending; the record the service already has is not doubled
    assert student_process(hub, "budi", folder, ["ex5-read"]) == {"sent_all": True, "pending": 0}
    items = items_of(hub, "budi")
    for item in ("ex4-map", "ex4-graph", "ex5-read"):
        assert items.count(item) == 1, (item, items)


def test_service_killed_and_restarted_mid_class(hub, tmp_path):
    folder = tmp_path / "siti-offline"
    os.kill(hub.service_pid(), signal.SIGKILL)
    result = student_process(hub, "siti", folder, ["ex3-reassess"], wait=2)
    assert result["pending"] == 1  # kept in the student's own store
    hub.wait_for_service(timeout=60)  # the hub restarts its managed service (it polls every 30 s)
    assert student_process(hub, "siti", folder, ["ex3-changed"]) == {"sent_all": True, "pending": 0}
    items = items_of(hub, "siti")
    assert items.count("ex3-reassess") == 1 and items.count("ex3-changed") == 1


def test_hub_restarted_mid_class(hub, tmp_path):
    folder = tmp_path / "budi-hub-down"
    hub.stop()
    result = student_process(hub, "budi", folder, ["ex5-build"], wait=2)
    assert result["pending"] == 1
    hub.start()
    assert student_process(hub, "budi", folder, ["ex6-scenario"]) == {"sent_all": True, "pending": 0}
    items = items_of(hub, "budi")
    assert items.count("ex5-build") == 1 and items.count("ex6-scenario") == 1


# -- faults ------------------------------------------------------------------------------------------

def test_json_nested_thousands_deep_gets_400(hub):
    status, answer, _ = post(hub, hub.token_for("budi"), raw=b"[" * 3000 + b"]" * 3000)
    assert status == 400 and "nested too deeply" in answer["error"]


def test_the_export_of_a_group_with_any_name_downloads(hub):
    from urllib.parse import quote

    for name, group in (("gala", "кл-1"), ("hana", "kelas-€")):
        add_student(hub, name, group)
        assert post(hub, hub.token_for(name), new_record())[0] == 201
        status, data, headers = request(hub.service_url + "export?group=" + quote(group), token=hub.token_for(LECTURER))
        assert status == 200, data
        assert f"filename*=UTF-8''swedu-class-{quote(group, safe='')}-" in headers["Content-Disposition"]


def test_two_names_that_look_alike_stay_two_students_in_the_export(hub, tmp_path):
    import io
    import urllib.request
    import zipfile

    from swedu.hub.views import pseudonym_for
    from swedu.report import build_report

    twins = ("siti.rahma@uni.ac.id", pseudonym_for("siti.rahma@uni.ac.id"))
    for name in twins:
        add_student(hub, name, "class-b")
        assert post(hub, hub.token_for(name), new_record())[0] == 201
    req = urllib.request.Request(hub.service_url + "export?group=class-b",
                                 headers={"Authorization": f"token {hub.token_for(LECTURER)}"})
    with urllib.request.urlopen(req, timeout=30) as response:
        zipfile.ZipFile(io.BytesIO(response.read())).extractall(tmp_path)
    report = build_report([tmp_path], language="en")
    assert len({pseudonym_for(name) for name in twins}) == 2 and report.skipped == []
    assert {pseudonym_for(name) for name in twins} <= set(report.pseudonyms)


def test_a_large_body_without_a_login_is_refused_before_it_is_read(hub):
    import socket
    from urllib.parse import urlsplit

    where = urlsplit(hub.service_url)
    with socket.create_connection((where.hostname, where.port), timeout=10) as sock:
        sock.sendall(f"POST {where.path}api/records HTTP/1.1\r\nHost: {where.netloc}\r\n"
                     "Content-Type: application/json\r\nContent-Length: 900000\r\n\r\n".encode())
        sock.sendall(b"{" * 1000)  # a small part of what it announced: the answer must not wait for the rest
        answer = sock.recv(200).decode("latin-1")
    assert answer.startswith("HTTP/1.1 403")
    # a logged-in student announcing too much is refused at once too
    with socket.create_connection((where.hostname, where.port), timeout=10) as sock:
        sock.sendall(f"POST {where.path}api/records HTTP/1.1\r\nHost: {where.netloc}\r\nAuthorization: token "
                     f"{hub.token_for('budi')}\r\nContent-Length: 900000\r\n\r\n".encode())
        answer = sock.recv(200).decode("latin-1")
    assert answer.startswith("HTTP/1.1 413")


def test_the_health_endpoint_through_the_proxy(hub):
    status, answer, _ = request(hub.public_service_url + "health")
    assert status == 200 and answer == {"status": "ok"}


PULSE_SCRIPT = """
import json, sys, time
import swedu.progress as progress  # loading the store on a hub starts the pulse: no check is run here
outbox = progress._hub_outbox()
left = len(outbox.pending())
assert outbox._swedu_pulse.is_alive(), "the store did not start the pulse"
deadline = time.monotonic() + float(sys.argv[1])
while outbox.pending() and time.monotonic() < deadline:
    time.sleep(0.2)
print(json.dumps({"left_by_earlier_kernel": left, "pending": len(outbox.pending())}))
"""


def test_records_left_pending_leave_when_the_next_kernel_starts_without_a_check(hub, tmp_path):
    folder = tmp_path / "ika-offline"
    add_student(hub, "ika", "class-a")
    os.kill(hub.service_pid(), signal.SIGKILL)
    assert student_process(hub, "ika", folder, ["ex2-reasons"], wait=2)["pending"] == 1
    # a new kernel, the service still down or restarting (the hub restarts it within about 30 s)
    env = dict(os.environ, JUPYTERHUB_API_TOKEN=hub.token_for("ika"), SWEDU_HUB_SERVICE_URL=hub.service_url,
               SWEDU_DATA_DIR=str(folder))
    env.pop("SWEDU_HUB_SENDING", None)
    done = subprocess.run([sys.executable, "-c", PULSE_SCRIPT, "75"], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {"left_by_earlier_kernel": 1, "pending": 0}
    hub.wait_for_service()
    assert items_of(hub, "ika") == ["ex2-reasons"]


def test_the_class_view_is_not_rendered_again_for_every_record(hub):
    """Within the refresh interval (2 s on the test hub) a new record does not make the view render again;
    after it, the next request shows the new student."""
    token = hub.token_for(LECTURER)

    def students_shown() -> int:
        status, page, _ = request(hub.service_url + "class?fragment=1&group=class-b", token=token)
        assert status == 200, page
        return int(re.search(r"from (\d+) student files", page).group(1))

    add_student(hub, "joko", "class-b")
    assert post(hub, hub.token_for("joko"), new_record())[0] == 201
    time.sleep(2.2)
    shown = students_shown()  # rendered now: the cache entry is fresh
    add_student(hub, "kartika", "class-b")
    assert post(hub, hub.token_for("kartika"), new_record())[0] == 201
    assert students_shown() == shown  # the same rendering, not made again for one record
    time.sleep(2.2)
    assert students_shown() == shown + 1
