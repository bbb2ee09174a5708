"""Regenerate the hand-in folders of the report's golden test: ``.venv/bin/python tests/data/report/make_hand_ins.py``.

Each folder is a class a lecturer might collect; together they reach every part of the report
(tests/test_report_golden.py renders them and compares with the files in ``golden/``):

``fixture-class/``  the three students of tests/test_report.py plus bad, duplicated, foreign, tampered,
                    newer, badly named and replaced files (every "skipped" line)
``every-kind/``     scenarios with misconceptions and with roles the key also accepts, activities of
                    each kind, exercises (one that classifies a case's actors), the same pseudonym from
                    two stores, ids the course does not know, and a student over the attempt cap
``all-right/``      one student, every answer right: no misconception, no figure
``nothing-usable/`` only a broken file: a report without data

The records are made with the real checks and the real store; times and store ids are then fixed, so
running this again writes the same files.
"""
from __future__ import annotations

import json
import random
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parents[2]))

import swedu  # noqa: E402
from swedu import activities, exercises, progress  # noqa: E402

WRONG_TEEN = {"parents": "client", "teen": "client"}


def _key(stage: str) -> dict:
    case = swedu.load_scenario("delinquent-youth")
    return {a.id: sorted(case.stage(stage).systems_of(a.id)) or "none" for a in case.actors}


def _records(make) -> list[dict]:
    """The attempts ``make()`` records, read back from a fresh store (the store's own sanitising)."""
    with tempfile.TemporaryDirectory() as folder:
        progress.configure(Path(folder) / "store")
        try:
            swedu.set_language("en")
            make()
            return progress.attempts()
        finally:
            progress.configure(None)


def _export(target: Path, pseudonym: str, attempts: list[dict], day: int = 2, store: str | None = None) -> None:
    attempts = [dict(a, time=f"2026-03-{day:02d}T09:{n // 60:02d}:{n % 60:02d}.000000Z") for n, a in enumerate(attempts)]
    payload = {"format": progress.EXPORT_FORMAT, "version": progress.EXPORT_VERSION, "pseudonym": pseudonym,
               "exported": f"2026-03-{day:02d}T12:00:00.000000Z", "swedu": "0.1.0",
               "store": store or f"store-{pseudonym}", "attempts": attempts}
    payload["checksum"] = progress.checksum(payload)
    target.write_text(json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def _scenario(answers, stage="intake"):
    case = swedu.load_scenario("delinquent-youth")
    return lambda: [progress.record(case.assess(a, stage)) for a in answers]


def _fresh(name: str) -> Path:
    folder = HERE / name
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir()
    return folder


def fixture_class() -> None:
    folder = _fresh("fixture-class")

    def owl():
        _scenario([WRONG_TEEN, _key("intake")])()
        progress.record({"kind": "exercise", "item": "ex2-reasons", "score": 0.5})
        progress.record({"kind": "exercise", "item": "ex2-reasons", "score": 0.75})

    def fox():
        _scenario([_key("intake")])()
        progress.record({"kind": "exercise", "item": "ex2-reasons", "score": 1.0})

    _export(folder / "owl-17.json", "owl-17", _records(owl))
    _export(folder / "kite-02.json", "kite-02", _records(_scenario([WRONG_TEEN])))
    _export(folder / "kite-02-later.json", "kite-02", _records(_scenario([WRONG_TEEN, _key("intake")])), day=3)
    _export(folder / "fox-33.json", "fox-33", _records(fox))
    (folder / "junk.json").write_bytes(random.Random(3).randbytes(300))
    (folder / "empty.json").write_bytes(b"")
    (folder / "notes.json").write_text(json.dumps({"hello": "world"}) + "\n", encoding="utf-8")
    (folder / "list.json").write_text("[1, 2, 3]\n", encoding="utf-8")
    (folder / "notes.txt").write_text("collect the rest on Monday\n", encoding="utf-8")
    (folder / "copy-of-owl.json").write_bytes((folder / "owl-17.json").read_bytes())
    (folder / "tampered.json").write_text((folder / "fox-33.json").read_text(encoding="utf-8")
                                          .replace('"fox-33"', '"fox-34"'), encoding="utf-8")
    fox = json.loads((folder / "fox-33.json").read_text(encoding="utf-8"))
    for name, change in (("newer.json", {"version": 99, "pseudonym": "new-99"}),
                         ("real-name.json", {"pseudonym": "Siti Rahma"})):
        payload = dict(fox, **change)
        payload["checksum"] = progress.checksum(payload)
        (folder / name).write_text(json.dumps(payload, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def every_kind() -> None:
    folder = _fresh("every-kind")
    concept = activities.load_activity("four-systems-misconceptions")
    sorter = activities.load_activity("intervention-functions")
    explorer = activities.load_activity("approaches-delinquent-youth")

    def concept_answer(pick):
        return {q.id: pick(q) for q in concept.questions}

    def wrong_option(q):
        return next((o.id for o in q.options if not o.correct and o.misconception), q.options[0].id)

    def right_option(q):
        right = [o.id for o in q.options if o.correct]
        return right if q.multiple else right[0]

    def sort_answer(right: bool):
        categories = [c.id for g in sorter.groups for c in g.categories]
        return {i.id: (i.category[sorter.groups[0].id] if right or n % 2 else
                       next(c for c in categories if c != i.category[sorter.groups[0].id]))
                for n, i in enumerate(sorter.items)}

    def explorer_check():
        options = explorer.questions[0].options
        progress.record(activities.check_approach(explorer, [options[0].id, options[-1].id]))

    def owl():
        _scenario([WRONG_TEEN, {"teen": "target", "worker": "client"}])()
        _scenario([dict(_key("reassessment"), parents=["client", "target", "action"])], "reassessment")()
        progress.record(activities.check_concept(concept, concept_answer(wrong_option)))
        progress.record(activities.check_sort(sorter, sort_answer(False)))
        explorer_check()
        case = exercises.case("ex1-classify")
        exercises.check("ex1-classify", {a.id: "client" for a in case.actors})
        progress.record({"kind": "exercise", "item": "ex5-read", "verdicts": {"relation-1": "wrong"}, "score": 0})
        progress.record({"kind": "exercise", "item": "ex2-reasons", "score": 0.5})

    def kite():
        _scenario([_key("intake")])()
        _scenario([dict(_key("reassessment"), parents=["client"])], "reassessment")()
        progress.record(activities.check_concept(concept, concept_answer(right_option)))
        progress.record(activities.check_sort(sorter, sort_answer(True)))
        progress.record({"kind": "exercise", "item": "ex2-reasons", "score": 1.0})

    def fox():
        _scenario([dict(_key("reassessment"), worker=["change_agent", "action"])], "reassessment")()
        case = exercises.case("ex1-classify")
        exercises.check("ex1-classify", {a.id: "none" for a in case.actors})

    def loud():  # more checks of one stage than the cap counts
        _scenario([WRONG_TEEN] * 55)()

    def owl_elsewhere():  # the same pseudonym on another computer
        _scenario([{"teen": "client", "gang": "target"}])()

    _export(folder / "owl-17.json", "owl-17", _records(owl))
    _export(folder / "kite-02.json", "kite-02", _records(kite))
    _export(folder / "fox-33.json", "fox-33", _records(fox))
    _export(folder / "loud-01.json", "loud-01", _records(loud))
    _export(folder / "owl-17-lab.json", "owl-17", _records(owl_elsewhere), store="store-owl-17-lab")
    unknown = _records(_scenario([WRONG_TEEN]))
    unknown += [dict(unknown[0], item="a-case-from-last-year"),
                dict(unknown[0], misconceptions={"teen": ["client_is_problem_bearer", "not-a-misconception"]}),
                dict(unknown[0], verdicts=dict(unknown[0]["verdicts"], stranger="wrong"))]
    _export(folder / "heron-05.json", "heron-05", unknown)


def all_right() -> None:
    folder = _fresh("all-right")
    _export(folder / "owl-17.json", "owl-17", _records(_scenario([_key("intake")])))


def nothing_usable() -> None:
    folder = _fresh("nothing-usable")
    (folder / "broken.json").write_text("{\n", encoding="utf-8")


def main() -> None:
    fixture_class()
    every_kind()
    all_right()
    nothing_usable()


if __name__ == "__main__":
    main()
