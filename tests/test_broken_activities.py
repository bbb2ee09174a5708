"""Activity files are checked as scenario files are: a corpus of typical authoring mistakes
(tests/broken-activities/), hostile files, and every built-in activity clean in both languages.

Each corpus file starts with comment lines that say what must be reported, in both languages::

    # expect: line 12: Did you mean 'concept_check'? Choose from: concept_check, sorter, approach_explorer.
    # expect-id: line 12: Apakah maksud Anda 'concept_check'? Pilih dari: concept_check, sorter, approach_explorer.

The test checks that a problem is reported at exactly that line with that fragment, and that no
other line is blamed.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

import swedu
from swedu import activities as act
from swedu._yaml import MAX_BYTES, MAX_DEPTH
from tests._broken_files import expectations

CORPUS = Path(__file__).parent / "broken-activities"
FILES = sorted(CORPUS.glob("*.yaml"))
REPORTED = {"en": re.compile(r"^  .+, line (\d+), column (\d+): (.*)$"),
            "id": re.compile(r"^  .+, baris (\d+), kolom (\d+): (.*)$")}
HEADER = {"en": "problem(s) in the activity", "id": "masalah dalam aktivitas"}


def reported(message: str, language: str) -> dict:
    by_line: dict[int, list[str]] = {}
    for text in message.splitlines():
        match = REPORTED[language].match(text)
        if match:
            assert int(match.group(2)) > 0, text  # a column, not only a line
            by_line.setdefault(int(match.group(1)), []).append(match.group(3))
    return by_line


@pytest.fixture(params=["en", "id"])
def language(request):
    swedu.set_language(request.param)
    yield request.param
    swedu.set_language("en")


def test_the_corpus_is_big_and_every_file_says_what_to_expect():
    assert len(FILES) >= 25
    for path in FILES:
        expected = expectations(path)
        assert expected["en"], f"{path.name} has no '# expect:' line"
        assert len(expected["en"]) == len(expected["id"]), path.name
        assert [line for line, _ in expected["en"]] == [line for line, _ in expected["id"]], path.name
        assert all(fragment for _, fragment in expected["en"] + expected["id"]), path.name


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_each_mistake_is_reported_at_its_line(path, language):
    with pytest.raises(act.ActivityError) as info:
        act.load_activity(path)
    message = str(info.value)
    assert message.splitlines()[0].endswith(f"{HEADER[language]} {path}:"), message
    by_line = reported(message, language)
    for line, fragment in expectations(path)[language]:
        assert line in by_line, f"{path.name}: nothing reported at line {line}:\n{message}"
        assert any(fragment in text for text in by_line[line]), (
            f"{path.name}, line {line}: expected {fragment!r} in:\n{message}")
    # the mistake is the only thing wrong: no other line is blamed, and every problem has a place
    assert set(by_line) == {line for line, _ in expectations(path)[language]}, message
    assert len(message.splitlines()) == 1 + sum(len(v) for v in by_line.values()), message
    assert all(p.line > 0 and p.column > 0 for p in info.value.problems)


@pytest.mark.parametrize("activity_id", act.activity_ids())
def test_every_built_in_activity_validates_clean(activity_id, language):
    activity = act.read_activity_file(act.DATA_DIR / f"{activity_id}.yaml")  # uncached: validated again
    assert activity.id == activity_id


def test_the_template_validates_clean_and_is_no_built_in_activity(language):
    template = act.read_activity_file(act.DATA_DIR.parent / "template.yaml")
    assert template.kind == "concept_check" and template.id not in act.activity_ids()
    assert any(q.multiple for q in template.questions) and any(not q.multiple for q in template.questions)


def test_hostile_files_are_refused_with_a_reason(tmp_path, language):
    huge = tmp_path / "huge.yaml"
    huge.write_text("id: huge\nkind: sorter\nintro: {en: '" + "x" * MAX_BYTES + "', id: x}\n", encoding="utf-8")
    deep = tmp_path / "deep.yaml"
    deep.write_text("id: deep\nkind: sorter\ntitle: " + "[" * (MAX_DEPTH + 2) + "]" * (MAX_DEPTH + 2) + "\n",
                    encoding="utf-8")
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"id: x\nkind: \xff\xfe\n")
    empty = tmp_path / "empty.yaml"
    empty.write_text("# nothing but a comment\n", encoding="utf-8")
    words = {"en": ["larger than 512 KiB", "nested more than 32 levels", "not UTF-8", "the file is empty",
                    "cannot be read"],
             "id": ["lebih besar dari 512 KiB", "lebih dari 32 lapis", "bukan teks UTF-8", "berkas ini kosong",
                    "tidak dapat dibaca"]}[language]
    for path, fragment in zip((huge, deep, binary, empty, tmp_path / "missing.yaml"), words):
        with pytest.raises(act.ActivityError) as info:
            act.load_activity(path)
        assert fragment in str(info.value), str(info.value)
        assert "Traceback" not in str(info.value)
    assert "line 3, column" in str(_error(deep)) or "baris 3, kolom" in str(_error(deep))


def test_an_invisible_control_character_is_found_at_its_line_and_column(tmp_path, language):
    path = tmp_path / "control.yaml"
    path.write_text("id: control\nkind: sorter\ntitle: {en: Sort\x1fing, id: Menyortir}\n", encoding="utf-8")
    problem, = _error(path).problems
    assert (problem.line, problem.column) == (3, 17)  # the character after 'Sort'
    assert {"en": "invisible control character", "id": "karakter kontrol"}[language] in problem.message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")
def test_a_named_pipe_is_never_opened(tmp_path):
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)
    with pytest.raises(act.ActivityError, match="not an ordinary file"):
        act.load_activity(pipe)  # opening it would wait for a writer for ever


def _error(path):
    try:
        act.load_activity(path)
    except act.ActivityError as error:
        return error
    raise AssertionError(f"{path} loaded")


def test_an_error_pickles_and_keeps_its_problems():
    import pickle

    error = _error(CORPUS / "kind-typo.yaml")
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is act.ActivityError and again.problems == error.problems and str(again) == str(error)


def test_data_built_in_code_names_the_field_without_a_line():
    with pytest.raises(act.ActivityError) as info:
        act.parse_activity({"id": "x", "kind": "sorter", "title": {"en": "T"}, "groups": [], "items": []})
    assert all(p.line == 0 for p in info.value.problems)
    assert "title needs both en: and id: text; the id text is missing" in str(info.value)
