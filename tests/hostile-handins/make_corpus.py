"""Regenerate the hostile hand-ins in this folder: ``.venv/bin/python tests/hostile-handins/make_corpus.py``.

Every file is written from here so that its checksum is right where the attack needs it to be (a
checksum anyone can recompute is no protection, and the report must not rely on it). Links, named
pipes, devices and a file over the size limit cannot be committed: tests/test_hostile_handins.py
makes those at run time.
"""
from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parents[1]))

import swedu  # noqa: E402
from swedu import progress  # noqa: E402


def good_export() -> dict:
    """A real export of one student (two checks of the intake stage, one exercise)."""
    with tempfile.TemporaryDirectory() as folder:
        progress.configure(Path(folder) / "store")
        case = swedu.load_scenario("delinquent-youth")
        progress.record(case.assess({"parents": "client", "teen": "client"}, "intake"))
        progress.record(case.assess({"parents": "client", "worker": "change_agent"}, "intake"))
        progress.record({"kind": "exercise", "item": "ex2-reasons", "score": 0.5})
        target = progress.export(Path(folder) / "x.json", "owl-17")
        payload = json.loads(target.read_text(encoding="utf-8"))
        progress.configure(None)
    for n, attempt in enumerate(payload["attempts"]):
        attempt["time"] = f"2026-03-02T09:0{n}:00.000000Z"
    payload["exported"], payload["swedu"] = "2026-03-02T09:30:00.000000Z", "0"
    return payload


def sealed(payload: dict) -> dict:
    payload = dict(payload)
    payload["checksum"] = progress.checksum(payload)
    return payload


def write(name: str, payload, **dump) -> None:
    (HERE / name).write_text(json.dumps(payload, ensure_ascii=False, **dump) + "\n", encoding="utf-8")


def main() -> None:
    good = sealed(good_export())
    write("good-owl-17.json", good, indent=1)

    def variant(pseudonym: str, attempts: list, **extra) -> dict:
        return sealed(dict(good, pseudonym=pseudonym, store=f"store-{pseudonym}", attempts=attempts, **extra))

    intake = good["attempts"][0]
    (HERE / "deep-nesting.json").write_text("[" * 1000 + "]" * 1000 + "\n", encoding="utf-8")
    write("deep-inside-export.json", variant("deep-01", [dict(intake, answer={"teen": [[[[[[[[[[[[[[[[[[[[
        "client"]]]]]]]]]]]]]]]]]]]]})]))
    write("wrong-types.json", variant("types-02", [
        7, "attempt", None, [intake], {"kind": 3, "item": ["delinquent-youth"], "stage": {"a": 1}},
        dict(intake, verdicts=["teen", "wrong"], misconceptions="client_is_problem_bearer", score="1",
             time=12),
        dict(intake, verdicts={"teen": 5, "parents": None}, misconceptions={"teen": [1, None, {}]}),
    ]))
    write("wrong-top-types.json", sealed(dict(good, pseudonym=17, attempts="all of them")))
    write("version-as-text.json", sealed(dict(good, version="1")))
    write("path-ids.json", variant("path-03", [
        dict(intake, item="hand-ins/../../../../../../../../../dev/stdin"),
        dict(intake, item="../../../../../../../../../dev/zero"),
        dict(intake, kind="exercise", item="/dev/stdin"),
        dict(intake, stage="../../../../etc/passwd"),
    ]))
    write("unknown-ids.json", variant("unknown-04", [
        dict(intake, item="no-such-case"),
        dict(intake, kind="exercise", item="ex99-invented"),
        dict(intake, kind="quiz", item="no-such-activity"),
        dict(intake, stage="no-such-stage"),
        dict(intake, verdicts={"teen": "wrong", "no-such-actor": "wrong"},
             misconceptions={"teen": ["no_such_misconception", "client_is_problem_bearer"]}),
    ]))
    write("free-text-ids.json", variant("gossip-05", [
        dict(intake, verdicts={"teen": "wrong", "Bu-Sari-is-HIV-positive-and-hides-it": "wrong"},
             misconceptions={"teen": ["the-lecturer-is-an-idiot"],
                             "Bu-Sari-is-HIV-positive-and-hides-it": ["client_is_problem_bearer"]}),
        dict(intake, item="Pak-Hartono-beats-his-son"),
    ]))
    write("duplicate-a.json", variant("twin-06", good["attempts"]))
    write("duplicate-b.json", variant("twin-06", good["attempts"]))
    write("newer-version.json", sealed(dict(good, pseudonym="future-07", version=2)))
    write("tampered.json", dict(variant("edit-08", good["attempts"]), pseudonym="edit-09"))
    text = json.dumps(variant("encoded-10", good["attempts"]), ensure_ascii=False)
    (HERE / "utf-16.json").write_bytes(text.encode("utf-16"))
    latin = variant("encoded-11", [dict(intake, item="café-é")])
    (HERE / "latin-1.json").write_bytes(json.dumps(latin, ensure_ascii=False).encode("latin-1"))
    (HERE / "binary.json").write_bytes(bytes(range(256)) * 4)
    (HERE / "empty.json").write_bytes(b"")
    (HERE / "not-a-hand-in.txt").write_text("Notes about Dimas's family: not for the report.\n", encoding="utf-8")


if __name__ == "__main__":
    main()
