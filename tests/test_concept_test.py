"""The concept test of the four systems (issue 27): its items pass their validator, follow the course's
rules (one key, three tagged distractors, both languages, people of their own), a corpus of broken
files is reported at its lines in both languages, a sitting is scored and recorded like any check, and
a hand-in that carries it stays valid for the report."""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

import swedu
from swedu import concept_test as ct
from tests._yaml_text import safe_load_text
from swedu.systems import MISCONCEPTIONS
from tests._broken_files import expectations

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "swedu" / "concept_test" / "data" / "four-systems.yaml"
CORPUS = ROOT / "tests" / "broken-concept-tests"
FILES = sorted(CORPUS.glob("*.yaml"))
OUTCOME_FILES = sorted((CORPUS / "outcomes").glob("*.yaml"))
REPORTED = {"en": re.compile(r"^  .+, line (\d+), column (\d+): (.*)$"),
            "id": re.compile(r"^  .+, baris (\d+), kolom (\d+): (.*)$")}


@pytest.fixture(params=["en", "id"])
def language(request):
    swedu.set_language(request.param)
    yield request.param
    swedu.set_language("en")


@pytest.fixture(scope="module")
def test():
    return ct.read_concept_test_file(DATA)


@pytest.fixture(scope="module")
def raw():
    return safe_load_text(DATA.read_text(encoding="utf-8"), str(DATA))


def test_the_course_test_validates_with_18_items_of_four_options(test, language):
    again = ct.read_concept_test_file(DATA)
    assert again == test and len(test.items) == 18
    for item in test.items:
        assert len(item.options) == 4, item.id
        assert sum(o.correct for o in item.options) == 1, item.id
        assert item.explanation is not None, f"{item.id}: the test after the course explains each item"


def test_every_distractor_says_its_misconception_or_none(raw):
    for item in raw["items"]:
        for option in item["options"]:
            if option.get("correct"):
                assert "misconception" not in option
            else:
                assert option.get("misconception") in ("none",) + MISCONCEPTIONS, (item["id"], option["id"])
    tags = Counter(o.get("misconception") for i in raw["items"] for o in i["options"] if not o.get("correct"))
    # the test reaches most of the course's misconceptions
    assert len(set(tags) - {"none"}) >= 9, tags


def test_every_outcome_has_items_and_every_system_and_theme_is_asked(test):
    outcomes = Counter(item.outcome for item in test.items)
    assert set(outcomes) == set(ct.default_outcomes()) and min(outcomes.values()) >= 3, outcomes
    keys = " ".join(str(i.option(i.key).text.en).lower() + " " + str(i.question.en).lower() for i in test.items)
    for words in ("change agent system", "client system", "target system", "action system", "monolistic",
                  "dualistic", "holistic", "responsive", "obtain resources", "potential client", "reassess",
                  "none of the four"):
        assert words in keys, words


def test_the_keys_are_spread_over_the_positions(test):
    positions = Counter([o.id for o in item.options].index(item.key) for item in test.items)
    assert set(positions) == {0, 1, 2, 3} and max(positions.values()) <= 7, positions


def test_the_indonesian_texts_use_the_glossary(test):
    wrong = ["sistem target", "sistem tindakan", "sistem tujuan", "sistem agen pengubah", "pendekatan dualisme"]
    pairs = [("client system", "sistem klien"), ("target system", "sistem sasaran"),
             ("action system", "sistem kegiatan"), ("change agent system", "sistem pelaksana perubahan"),
             ("dualistic", "dualistik"), ("holistic", "holistik"), ("monolistic", "monolistik"),
             ("potential client", "klien potensial"), ("reassess", "asesmen ulang"),
             ("working agreement", "kesepakatan kerja")]
    for item in test.items:
        for text in [item.vignette, item.question, item.explanation, *(o.text for o in item.options)]:
            english, indonesian = str(text.en).lower(), str(text.id).lower()
            assert english != indonesian or len(english) < 25, (item.id, english)
            for term in wrong:
                assert term not in indonesian, (item.id, term)
            for en, idn in pairs:
                if en in english:
                    assert idn in indonesian, (item.id, en, indonesian)


PEOPLE = ["Darmini", "Wiryo", "Murni", "Nengah", "Sarinah", "Gunawan", "Sumirah", "Yosua", "Baskoro", "Lastri",
          "Paiman", "Rukmini"]


def test_the_vignettes_use_people_no_lesson_exercise_or_case_uses(test):
    texts = " ".join(f"{i.vignette.en} {i.vignette.id}" for i in test.items)
    for name in PEOPLE:
        assert name in texts, name
    titled = set(re.findall(r"\b(?:Bu|Pak|Nenek|Ibu|Mr|Mrs)\s+([A-Z][a-z]+)", texts))
    assert titled <= set(PEOPLE), titled - set(PEOPLE)
    elsewhere = [*(ROOT / "source").rglob("*.yaml"), *(ROOT / "swedu" / "scenarios" / "data").glob("*.yaml"),
                 *(ROOT / "swedu" / "activities" / "data").glob("*.yaml"), *(ROOT / "swedu" / "exercises").glob("*.yaml"),
                 *(ROOT / "my-scenarios").glob("*.yaml")]
    lesson_files = {"00a-concept-test-before.yaml", "09a-concept-test-after.yaml"}
    for path in elsewhere:
        if path.name in lesson_files:
            continue
        text = path.read_text(encoding="utf-8")
        used = [name for name in PEOPLE if re.search(rf"\b{name}\b", text)]
        assert not used, f"{path.relative_to(ROOT)} uses {used}"


def reported(message: str, language: str) -> dict:
    by_line: dict[int, list[str]] = {}
    for text in message.splitlines():
        match = REPORTED[language].match(text)
        if match:
            assert int(match.group(2)) > 0, text
            by_line.setdefault(int(match.group(1)), []).append(match.group(3))
    return by_line


def test_the_corpus_says_what_to_expect():
    assert len(FILES) >= 15 and len(OUTCOME_FILES) >= 3
    for path in FILES + OUTCOME_FILES:
        expected = expectations(path)
        assert expected["en"] and [line for line, _ in expected["en"]] == [line for line, _ in expected["id"]], path


@pytest.mark.parametrize("path", FILES + OUTCOME_FILES, ids=[p.stem for p in FILES + OUTCOME_FILES])
def test_each_mistake_is_reported_at_its_line(path, language):
    load = ct.load_outcomes if path.parent.name == "outcomes" else ct.read_concept_test_file
    with pytest.raises(ct.ConceptTestError) as info:
        load(path)
    message = str(info.value)
    by_line = reported(message, language)
    for line, fragment in expectations(path)[language]:
        assert line in by_line, f"{path.name}: nothing reported at line {line}:\n{message}"
        assert any(fragment in text for text in by_line[line]), f"{path.name}, line {line}: {fragment!r}:\n{message}"
    assert set(by_line) == {line for line, _ in expectations(path)[language]}, message
    assert len(message.splitlines()) == 1 + sum(len(v) for v in by_line.values()), message


def test_a_lecturer_outcomes_file_changes_only_what_it_gives(tmp_path):
    mine = tmp_path / "mine.yaml"
    mine.write_text("outcomes:\n  overlap:\n    code: SubCPMK-4.2\n", encoding="utf-8")
    outcomes = ct.load_outcomes(mine)
    assert outcomes["overlap"].code == "SubCPMK-4.2"
    assert outcomes["overlap"].text == ct.default_outcomes()["overlap"].text
    assert outcomes["client_target"] == ct.default_outcomes()["client_target"]
    template = ct.load_outcomes(ROOT / "swedu" / "concept_test" / "outcomes-template.yaml")
    assert template["client_target"].code == "CPMK-2.1"


def test_scoring_before_shows_no_key_and_after_explains(test, language):
    item = test.items[0]
    wrong = next(o for o in item.options if o.misconception)
    before = ct.check_test(test, {item.id: wrong.id}, "pre")
    assert before.statuses[item.id] == "wrong" and before.misconceptions == (wrong.misconception,)
    shown = before.text
    assert str(item.option(item.key).text) not in shown and str(item.explanation) not in shown
    assert "1" in shown and "18" in shown
    after = ct.check_test(test, {item.id: wrong.id}, "post")
    assert str(item.option(item.key).text) in after.text and str(item.explanation) in after.text
    with pytest.raises(ct.ConceptTestAnswerError):
        ct.check_test(test, {"q99": "a"}, "post")
    with pytest.raises(ct.ConceptTestAnswerError):
        ct.check_test(test, {item.id: "zz"}, "post")
    with pytest.raises(ct.ConceptTestAnswerError):
        ct.check_test(test, {}, "during")


def test_a_sitting_is_recorded_and_handed_in_and_the_report_reads_it(test, tmp_path):
    from swedu import progress
    from swedu.report import build_report

    progress.configure(tmp_path / "store")
    try:
        answers = {i.id: i.key for i in test.items[:9]}
        progress.record(ct.check_test(test, {i.id: i.options[0].id for i in test.items}, "pre"))
        progress.record(ct.check_test(test, answers, "post"))
        stored = [a for a in progress.attempts() if a["kind"] == "concept_test"]
        assert [(a["item"], a["stage"]) for a in stored] == [("four-systems", "pre"), ("four-systems", "post")]
        assert stored[1]["answer"] == answers and stored[1]["score"] == 0.5
        hand_in = progress.export(tmp_path / "hand-in", "owl-17")
    finally:
        progress._reset()
    data = progress.read_export(hand_in)
    assert [a.kind for a in data.attempts] == ["concept_test", "concept_test"]
    report = build_report([hand_in], language="id", generated="now")
    assert report.learning.both == ["owl-17"] and report.learning.post_scores == {"owl-17": 9}
    assert report.exercises == [] and not report.misconceptions, "a sitting is no practice"
    page = report.html()
    assert "Tes konsep" in page and "CPMK-2" in page and "data:image/png" in page
    written = report.write_csv(tmp_path / "csv")
    scores = written[0].read_text(encoding="utf-8").splitlines()
    assert scores[0] == "pseudonym,took,pre_score,post_score,max_score,gain" and scores[1].startswith("owl-17,both,")


def test_an_old_hand_in_without_the_test_gives_the_report_it_always_gave():
    from swedu.report import build_report

    every_kind = ROOT / "tests" / "data" / "report" / "every-kind"
    report = build_report([every_kind], language="en", generated="now")
    assert report.learning is None and "swedu-learning" not in report.html()


def test_a_hand_edited_sitting_brings_in_nothing_foreign(tmp_path):
    from swedu.progress.handin import hand_in_payload
    from swedu.report import build_report

    attempts = [{"kind": "concept_test", "item": "four-systems", "stage": "pre", "time": "2026-12-01T10:00:00Z",
                 "answer": {"q01-who-asked": "Pak Hartono shouted", "q02-referral": "nurse", "q77": "a"},
                 "verdicts": {}, "misconceptions": {"q02-referral": ["referrer_is_client", "not_a_thing"]}},
                {"kind": "concept_test", "item": "../../etc/passwd", "stage": "post", "answer": {}}]
    path = tmp_path / "h.json"
    path.write_text(json.dumps(hand_in_payload("kite-02", "x", attempts)), encoding="utf-8")
    report = build_report([path], language="en", generated="now")
    assert report.learning.pre_scores == {"kite-02": 0} and report.learning.post_only == []
    assert "Hartono" not in report.html() and report.learning.misconceptions == {
        "referrer_is_client": {"pre": 1.0, "post": None}}


def test_the_hub_lecturer_view_shows_the_section_from_the_report_code(test):
    from swedu.hub import views

    def record(phase, answer, n):
        result = ct.check_test(test, answer, phase)
        from swedu.progress import Attempt

        out = Attempt.from_outcome(result).as_dict()
        out.update(id=f"r{n}", time="2026-12-01T10:00:00.000000Z")
        return out

    keys = {i.id: i.key for i in test.items}
    wrong = {test.items[0].id: next(o.id for o in test.items[0].options if not o.correct)}
    records = {"siti": [record("pre", wrong, 1), record("post", keys, 2)],
               "budi": [record("pre", dict(list(keys.items())[:6]), 3)]}
    page = views.live_report_html(records, "en")
    assert 'class="swedu-learning"' in page and "Took both tests: 1. Only the test before: 1." in page
    assert "data:image/png" not in page, "the live page draws no matplotlib chart"
    report = views.class_report(records, "en")
    assert report.learning.gains == {"siti": 1.0}


def test_the_report_command_writes_the_csv_files_and_reads_an_outcomes_file(tmp_path, capsys):
    from swedu.cli import main
    from swedu.progress.handin import hand_in_payload

    test = ct.load_concept_test()
    from swedu.progress import Attempt

    attempts = [Attempt.from_outcome(ct.check_test(test, {i.id: i.key for i in test.items[:k]}, phase)).as_dict()
                for phase, k in (("pre", 4), ("post", 12))]
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "owl.json").write_text(json.dumps(hand_in_payload("owl-17", "s", attempts)), encoding="utf-8")
    mine = tmp_path / "mine.yaml"
    mine.write_text("outcomes:\n  overlap: {code: SubCPMK-9}\n", encoding="utf-8")
    code = main(["report", str(tmp_path / "in"), "-o", str(tmp_path / "r.html"), "--csv", str(tmp_path / "csv"),
                 "--outcomes", str(mine), "--lang", "en"])
    assert code == 0, capsys.readouterr()
    assert "SubCPMK-9" in (tmp_path / "r.html").read_text(encoding="utf-8")
    scores = (tmp_path / "csv" / "concept-test-scores.csv").read_text(encoding="utf-8").splitlines()
    assert scores[1] == "owl-17,both,4,12,18,0.5714"
    items = (tmp_path / "csv" / "concept-test-items.csv").read_text(encoding="utf-8").splitlines()
    assert len(items) == 19 and items[1].startswith("1,q01-who-asked,post,client_target,CPMK-2,B,")
    mine.write_text("outcomes:\n  overlaps: {code: X}\n", encoding="utf-8")
    assert main(["report", str(tmp_path / "in"), "-o", str(tmp_path / "r2.html"), "--outcomes", str(mine)]) == 2
    assert "Did you mean 'overlap'?" in capsys.readouterr().out and not (tmp_path / "r2.html").exists()


def test_the_form_escapes_every_text_and_offers_radio_groups(tmp_path):
    import ipywidgets as w

    from swedu.widgets import ConceptTestForm

    hostile = (DATA.read_text(encoding="utf-8")
               .replace("Bu Darmini goes to a social welfare", "<script>alert(1)</script> Bu Darmini goes to a")
               .replace('text: {en: "Bu Darmini", id: "Bu Darmini"}', 'text: {en: "<b>Bu Darmini</b>", id: "Bu"}'))
    path = tmp_path / "hostile.yaml"
    path.write_text(hostile, encoding="utf-8")
    form = ConceptTestForm("post", str(path))
    html = " ".join(child.value for box in form.widget.children if isinstance(box, w.VBox)
                    for child in box.children if isinstance(child, w.HTML))
    assert "<script>" not in html and "&lt;script&gt;" in html
    radios = [c for box in form.widget.children if isinstance(box, w.VBox) for c in box.children
              if isinstance(c, w.RadioButtons)]
    assert len(radios) == 18 and all(r.value is None for r in radios)  # nothing chosen before the student does
    radios[0].value = "husband"  # what a click (or arrow keys and Space) does
    assert form.answer == {"q01-who-asked": "husband"}
    form.submit()
    assert "&lt;b&gt;Bu Darmini&lt;/b&gt;" in form._result_html.value and "<b>Bu" not in form._result_html.value
    before = ConceptTestForm("pre", str(path))
    before.select("q01-who-asked", "husband")
    before.submit()
    assert "swedu-verdicts" not in before._result_html.value and "Darmini" not in before._result_html.value


def test_swedu_validate_checks_concept_tests_and_outcomes_files(capsys):
    from swedu.cli import main

    good = [str(DATA), str(ROOT / "swedu" / "concept_test" / "outcomes-template.yaml")]
    assert main(["validate", *good]) == 0
    out = capsys.readouterr().out
    assert "concept test of 18 questions" in out and "learning outcomes: 4" in out
    assert main(["validate", str(CORPUS / "two-keys.yaml"), str(CORPUS / "outcomes" / "bad-code.yaml")]) == 1
    out = capsys.readouterr().out
    assert "line 18, column 7" in out and "CPMK 3" in out


def test_the_students_own_summary_keeps_the_first_sitting_sealed(test, tmp_path):
    """No feedback the first time: the summary lists the test before the course as taken, in words, with no
    score (best and last show a dash) and never as 'not yet fully right'; the test after the course shows its."""
    from swedu import progress

    progress.configure(tmp_path / "store")
    try:
        wrong = {i.id: next(o.id for o in i.options if not o.correct) for i in test.items}
        progress.record(ct.check_test(test, wrong, "pre"))
        progress.record(ct.check_test(test, {i.id: i.key for i in test.items}, "post"))
        for language in ("en", "id"):
            summary = progress.summary(language)
            rows = {row.stage: row for row in summary.rows if row.kind == "concept_test"}
            assert set(rows) == {"pre", "post"} and rows["pre"].done and rows["post"].done
            cells = {stage: summary._cells(row) for stage, row in rows.items()}
            assert cells["pre"][3:5] == ["–", "–"] and cells["post"][3:5] == ["100%", "100%"]
            text = str(summary)
            assert "four-systems" not in text and "concept_test" not in text
            pre_line = next(line for line in text.splitlines() if summary._cells(rows["pre"])[1] in line)
            assert "%" not in pre_line
    finally:
        progress._reset()
