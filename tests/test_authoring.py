"""The lesson builder (authoring/ at the repository root): reading sources, rendering, executing, writing, checking."""
from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from authoring import notebooks as nbmod
from authoring.notebooks import (
    Job,
    NotebookExecutionError,
    SourceError,
    build,
    differences,
    load_source,
    parse_source,
    render,
    write,
)

GOOD = """\
id: demo
title: {en: Demo lesson, id: Pelajaran demo}
cells:
  - md: {en: "# Hello", id: "# Halo"}
    slide: slide
  - md:
      en: |
        ## Reading
        Some text.
      id: |
        ## Bacaan
        Sebuah teks.
  - code: |
      x = 2 + 3
      x
    tags: [remove-input]
  - code: print(x * 2)
    slide: fragment
"""


def source(text=GOOD, name="demo.yaml"):
    return parse_source(text, name)


# ----------------------------------------------------------------------------- reading sources

@pytest.mark.parametrize("text, line, words", [
    (GOOD.replace('id: "# Halo"}', 'fr: "# Salut"}'), 4, "no 'id' text"),
    (GOOD.replace("  - code: print(x * 2)", "  - code: print(x * 2)\n    md: {en: a, id: b}"), 17, "exactly one"),
    (GOOD.replace("slide: fragment", "slide: big"), 18, "slide must be one of"),
    (GOOD.replace("tags: [remove-input]", "tags: remove-input"), 16, "tags must be a list"),
    (GOOD.replace("tags: [remove-input]", "tags: [setup]"), 16, "reserved"),
    (GOOD.replace("cells:", "colour: red\ncells:"), 3, "unknown key 'colour'"),
    (GOOD.replace("  - code: print(x * 2)", "  - code: '  '"), 17, "non-empty Python"),
    (GOOD.replace("    slide: slide", "    slide: slide\n   bad: [indent"), 6, "not valid YAML"),
    (GOOD.replace('title: {en: Demo lesson, id: Pelajaran demo}', 'title: Demo'), 2, "both languages"),
    (GOOD.replace("id: demo", "id: Demo Lesson"), 1, "lower-case"),
    (GOOD + "  - setup: true\n", 19, "before every code cell"),
])
def test_bad_sources_name_the_file_the_line_and_the_fix(text, line, words):
    with pytest.raises(SourceError) as caught:
        parse_source(text, "lessons/demo.yaml")
    error = caught.value
    assert error.path == "lessons/demo.yaml"
    assert error.line == line, str(error)
    assert words in str(error)
    assert str(error).startswith(f"lessons/demo.yaml, line {line}: ")


def test_load_source_requires_the_id_to_match_the_file_name(tmp_path):
    path = tmp_path / "other-name.yaml"
    path.write_text(GOOD, encoding="utf-8")
    with pytest.raises(SourceError, match="must equal the file name 'other-name'"):
        load_source(path)
    good = tmp_path / "demo.yaml"
    good.write_text(GOOD, encoding="utf-8")
    assert load_source(good)["id"] == "demo"
    with pytest.raises(SourceError, match="cannot read"):
        load_source(tmp_path / "missing.yaml")


NUMBERED = GOOD.replace("id: demo", "id: 04-demo")


@pytest.mark.parametrize("files, words", [
    ("{en: 04-demo}", "no 'id' file name"),
    ("04-demo", "both languages"),
    ("{en: 04-demo, id: 04 contoh}", "lower-case letters"),
    ("{en: 04-demo, id: 04-contoh.ipynb}", "no '.ipynb'"),
    ("{en: 04-demo, id: 04-Contoh}", "lower-case letters"),
    ("{en: 04-demo, id: contoh}", "starting with the number"),
    ("{en: 04-demo, id: 05-contoh}", "must start with '04-'"),
    ("{en: 04-demo, id: 04-" + "panjang-" * 6 + "sekali}", "at most 40"),
    ("{en: 04-demo, id: 04-contoh, fr: 04-exemple}", "unknown language 'fr'"),
])
def test_file_names_are_short_safe_numbered_and_in_both_languages(files, words):
    with pytest.raises(SourceError) as caught:
        parse_source(NUMBERED.replace("cells:", f"files: {files}\ncells:"), "lessons/04-demo.yaml")
    assert caught.value.line == 3 and words in str(caught.value), str(caught.value)


def test_a_lesson_or_exercise_without_file_names_is_refused_with_the_fix(tmp_path):
    from authoring.exercises import exercise_jobs
    from authoring.lessons import lesson_jobs

    for folder, jobs in (("lessons", lesson_jobs), ("exercises", exercise_jobs)):
        (tmp_path / "source" / folder).mkdir(parents=True)
        (tmp_path / "source" / folder / "04-demo.yaml").write_text(NUMBERED, encoding="utf-8")
        with pytest.raises(SourceError, match=r"line 1: no file names: add e\.g\. 'files: \{en: 04-demo, id: 04-"):
            jobs(root=tmp_path)


def test_the_builder_writes_each_language_under_its_own_file_name_and_check_finds_a_stale_old_name(tmp_path):
    from authoring.lessons import lesson_jobs, lesson_notebook

    folder = tmp_path / "source" / "lessons"
    folder.mkdir(parents=True)
    (folder / "04-demo.yaml").write_text(NUMBERED.replace("cells:", "files: {en: 04-demo, id: 04-contoh}\ncells:"),
                                         encoding="utf-8")
    jobs = lesson_jobs(root=tmp_path)
    assert [job.name for job in jobs] == [str(tmp_path / "notebooks" / "en" / "04-demo.ipynb"),
                                          str(tmp_path / "notebooks" / "id" / "04-contoh.ipynb")]
    assert lesson_notebook("04-demo", "id", root=tmp_path) == jobs[1].output
    for job in jobs:
        job.execute = False
    written = build(jobs, log=lambda *_: None).written
    assert [nbformat.read(path, as_version=4).metadata.swedu.source for path in written] == ["04-demo", "04-demo"]
    managed = [tmp_path / "notebooks" / "en", tmp_path / "notebooks" / "id"]
    assert build(jobs, check=True, managed_dirs=managed).problems == []
    # the notebook left behind under its old (English) name in the Indonesian folder
    (tmp_path / "notebooks" / "id" / "04-demo.ipynb").write_bytes(written[1].read_bytes())
    problems = build(jobs, check=True, managed_dirs=managed).problems
    assert len(problems) == 1 and "04-demo.ipynb: no source produces this notebook" in problems[0], problems


def test_two_sources_never_write_one_file(tmp_path):
    from authoring.lessons import lesson_jobs

    folder = tmp_path / "source" / "lessons"
    folder.mkdir(parents=True)
    for name, files in (("04-demo", "{en: 04-demo, id: 04-contoh}"), ("04-other", "{en: 04-other, id: 04-contoh}")):
        text = NUMBERED.replace("id: 04-demo", f"id: {name}").replace("cells:", f"files: {files}\ncells:")
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(SourceError, match="04-contoh.ipynb, which .*04-demo.yaml writes too"):
        build(lesson_jobs(root=tmp_path), check=True)


def test_every_course_source_declares_its_file_names_and_the_ids_stay():
    """Ids (progress records, the hub, reports, the concept test) are the source file names; the notebooks
    carry each language's name, and the Indonesian ones are Indonesian."""
    from authoring.exercises import exercise_jobs
    from authoring.lessons import lesson_jobs

    jobs = lesson_jobs() + exercise_jobs()
    for job in jobs:
        assert job.source["_path"].endswith(f"/{job.source['id']}.yaml")
        assert job.output.name == f"{job.source['files'][job.language]}.ipynb"
    indonesian = {job.source["id"]: job.output.stem for job in jobs if job.language == "id"}
    assert indonesian["04-delinquent-youth"] == "04-remaja-nakal"
    assert all(indonesian[i] != i for i in indonesian), "an Indonesian notebook still has its English file name"
    english = {job.source["id"]: job.output.stem for job in jobs if job.language == "en"}
    assert english["04-pie-graph"] == "04-read-a-map", "Exercise 4 reads a map; it is not a pie graph"


@pytest.mark.parametrize("interface, words", [
    ("{en: {Kernel menu: [Shut Down Kernel]}}", "'Shut Down Kernel' is not in the lesson's text"),
    ("{en: {kernel menu: [Hello]}}", "unknown place 'kernel menu'"),
    ("{en: {popup: [Hello]}}", "unknown place 'popup'"),
    ("{fr: {menu bar: [Hello]}}", "unknown language 'fr'"),
    ("{en: {menu bar: Hello}}", "list of the words"),
    ("[Hello]", "by its language"),
])
def test_quoted_jupyterlab_words_must_be_in_the_lesson_and_at_a_known_place(interface, words):
    with pytest.raises(SourceError, match=re.escape(words)):
        parse_source(GOOD.replace("cells:", f"interface: {interface}\ncells:"), "demo.yaml")


def test_quoted_jupyterlab_words_are_read_by_language_and_place():
    from authoring.source import interface_words

    text = GOOD.replace("Sebuah teks.", "Sebuah teks. Pilih menu **Kernel**: **Dimulai lagi\n        kernel…**")
    data = parse_source(text.replace("cells:", "interface: {id: {menu bar: [Kernel], "
                                                 "Kernel menu: [Dimulai lagi kernel…]}}\ncells:"), "demo.yaml")
    assert interface_words(data) == {"id": {"menu bar": ["Kernel"], "Kernel menu": ["Dimulai lagi kernel…"]}}
    assert interface_words(source()) == {}


def test_extra_keys_are_admitted_only_when_asked_for():
    text = GOOD.replace("cells:", "exercise: ex-1\ncells:").replace("    slide: fragment", "    slide: fragment\n    check: c1")
    with pytest.raises(SourceError):
        parse_source(text, "demo.yaml")
    data = parse_source(text, "demo.yaml", extra_keys=["exercise"], extra_cell_keys=["check"])
    assert data["exercise"] == "ex-1"
    assert data["cells"][-1]["check"] == "c1"


# ----------------------------------------------------------------------------- rendering

def test_render_generates_the_language_cell_before_the_first_code_cell():
    for language in ("en", "id"):
        nb = render(source(), language)
        nbformat.validate(nb)
        kinds = [(c.cell_type, c.id) for c in nb.cells]
        assert kinds == [("markdown", "c000"), ("markdown", "c001"), ("code", "setup"), ("code", "c003"),
                         ("code", "c004")]
        setup = nb.cells[2]
        assert setup.source.startswith("import swedu\n")
        assert f'swedu.set_language("{language}")' in setup.source.splitlines()[1].split("#")[0]
        assert setup.metadata.tags == ["setup", "hide-input"]
        assert setup.metadata.jupyter.source_hidden is True
        assert nb.metadata.kernelspec.name == "python3"
        assert nb.metadata.swedu == {"source": "demo", "language": language}
    en, id_ = render(source(), "en"), render(source(), "id")
    assert en.metadata.title == "Demo lesson" and id_.metadata.title == "Pelajaran demo"
    assert en.cells[0].source == "# Hello" and id_.cells[0].source == "# Halo"
    assert [c.source for c in en.cells[3:]] == [c.source for c in id_.cells[3:]] == ["x = 2 + 3\nx", "print(x * 2)"]


def test_an_explicit_setup_cell_places_the_language_cell():
    text = GOOD.replace("  - md:\n      en: |\n        ## Reading", "  - setup: true\n    slide: '-'\n  - md:\n      en: |\n        ## Reading")
    nb = render(parse_source(text, "demo.yaml"), "id")
    assert [c.id for c in nb.cells][:3] == ["c000", "setup", "c002"]
    assert nb.cells[1].metadata.slideshow.slide_type == "-"
    assert sum("set_language" in c.source for c in nb.cells) == 1


def test_slides_and_tags_become_cell_metadata():
    nb = render(source(), "en")
    slides = [c.metadata.slideshow.slide_type for c in nb.cells]
    assert slides == ["slide", "-", "skip", "-", "fragment"]
    assert nb.cells[3].metadata.tags == ["remove-input"]
    assert nb.cells[4].metadata.tags == ["hide-input"]


def test_code_cells_are_hidden_unless_the_source_marks_them_for_students():
    text = GOOD.replace("  - code: print(x * 2)", "  - code: print(x * 2)\n    student: true")
    nb = render(parse_source(text, "demo.yaml"), "en")
    hidden, removed, student = nb.cells[2], nb.cells[3], nb.cells[4]
    assert hidden.metadata.jupyter.source_hidden is True and "hide-input" in hidden.metadata.tags
    assert removed.metadata.jupyter.source_hidden is True and removed.metadata.tags == ["remove-input"]
    assert student.metadata.tags == ["student"] and "jupyter" not in student.metadata
    assert [c.source for c in nbmod.student_code_cells(nb)] == ["print(x * 2)"]


@pytest.mark.parametrize("cell, message", [
    ("  - md: {en: Hi, id: Hai}\n    student: true", "belongs on a code cell"),
    ("  - code: x = 1\n    student: yes please", "student must be true or false"),
    ("  - code: x = 1\n    tags: [student]", "set by the builder"),
    ("  - code: x = 1\n    student: true\n    tags: [remove-input]", "cannot be tagged 'remove-input'"),
])
def test_student_marker_errors_name_the_line(cell, message):
    with pytest.raises(SourceError, match=message):
        parse_source("id: x\ntitle: {en: X, id: X}\ncells:\n" + cell + "\n", "x.yaml")


def test_transform_can_rewrite_drop_and_multiply_cells():
    seen = []

    def transform(cell, spec, language):
        seen.append((cell.cell_type, language))
        if cell.cell_type == "code" and "print" in cell.source:
            return None
        if cell.cell_type == "code":
            twin = nbformat.v4.new_code_cell(cell.source.replace("3", "4"))
            return [cell, twin]
        return cell

    nb = render(source(), "id", transform)
    assert ("code", "id") in seen and len(seen) == 4  # the generated cell is not transformed
    codes = [c.source for c in nb.cells if c.cell_type == "code"]
    assert codes[1:] == ["x = 2 + 3\nx", "x = 2 + 4\nx"]
    assert len({c.id for c in nb.cells}) == len(nb.cells)


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="Choose one of: en, id"):
        render(source(), "fr")


# ----------------------------------------------------------------------------- writing

def _fake_executed(ids):
    nb = render(source(), "en")
    nb.cells[3].outputs = [nbformat.v4.new_output("display_data", data={
        "text/plain": "Box(children=(...))",
        nbmod.WIDGET_VIEW_MIME: {"model_id": ids[0], "version_major": 2, "version_minor": 0}})]
    nb.cells[3].metadata["execution"] = {"iopub.execute_input": "2026-11-27T18:00:00Z"}
    nb.metadata["widgets"] = {nbmod.WIDGET_STATE_MIME: {"state": {
        ids[0]: {"model_name": "BoxModel", "state": {"children": [f"IPY_MODEL_{ids[1]}"], "layout": f"IPY_MODEL_{ids[2]}"}},
        ids[1]: {"model_name": "ButtonModel", "state": {"layout": f"IPY_MODEL_{ids[2]}"}},
        ids[2]: {"model_name": "LayoutModel", "state": {}},
    }, "version_major": 2, "version_minor": 0}}
    nb.metadata["language_info"] = {"name": "python", "version": "3.11.7", "mimetype": "text/x-python"}
    return nb


def test_write_is_deterministic_whatever_the_widget_model_ids(tmp_path):
    first = ["a" * 32, "b" * 32, "c" * 32]
    second = ["0123456789abcdef" * 2, "fedcba9876543210" * 2, "00112233445566778899aabbccddeeff"]
    a = write(_fake_executed(first), tmp_path / "a.ipynb").read_text()
    b = write(_fake_executed(second), tmp_path / "b.ipynb").read_text()
    assert a == b
    for old in first + second:
        assert old not in a
    stored = json.loads(a)
    state = stored["metadata"]["widgets"][nbmod.WIDGET_STATE_MIME]["state"]
    box = stored["cells"][3]["outputs"][0]["data"][nbmod.WIDGET_VIEW_MIME]["model_id"]
    assert box in state
    assert {ref[len("IPY_MODEL_"):] for ref in state[box]["state"]["children"]} <= set(state)
    assert "execution" not in stored["cells"][3]["metadata"]
    assert "version" not in stored["metadata"]["language_info"]
    assert a.endswith("}\n")


def test_ids_differ_between_notebooks_so_two_open_lessons_do_not_collide(tmp_path):
    ids = ["a" * 32, "b" * 32, "c" * 32]
    en = json.loads(write(_fake_executed(ids), tmp_path / "en.ipynb").read_text())
    other = _fake_executed(ids)
    other.metadata["swedu"]["language"] = "id"
    id_ = json.loads(write(other, tmp_path / "id.ipynb").read_text())
    key = ("metadata", "widgets", nbmod.WIDGET_STATE_MIME, "state")
    en_state, id_state = en, id_
    for k in key:
        en_state, id_state = en_state[k], id_state[k]
    assert not set(en_state) & set(id_state)


# ----------------------------------------------------------------------------- checking

def _jobs(root, text=GOOD):
    data = parse_source(text, "demo.yaml")
    return [Job(data, lang, root / "notebooks" / lang / "demo.ipynb", execute=False) for lang in ("en", "id")]


def test_check_passes_for_fresh_notebooks_and_reports_every_kind_of_drift(tmp_path):
    jobs = _jobs(tmp_path)
    written = build(jobs, log=lambda *_: None).written
    assert [p.name for p in written] == ["demo.ipynb", "demo.ipynb"]
    managed = [tmp_path / "notebooks" / "en", tmp_path / "notebooks" / "id"]
    assert build(jobs, check=True, managed_dirs=managed).problems == []

    # the source changes: the committed notebooks are stale
    changed = _jobs(tmp_path, GOOD.replace("Sebuah teks.", "Teks lain."))
    problems = build(changed, check=True, managed_dirs=managed).problems
    assert len(problems) == 1
    assert "notebooks/id/demo.ipynb" in problems[0] or "id/demo.ipynb" in problems[0]
    assert "cell 1 text differs" in problems[0] and "Teks lain." in problems[0]

    # a hand edit of metadata, a missing notebook and a notebook without source
    nb = nbformat.read(written[0], as_version=4)
    nb.cells[0].metadata.slideshow.slide_type = "skip"
    nbformat.write(nb, written[0])
    written[1].unlink()
    (tmp_path / "notebooks" / "en" / "orphan.ipynb").write_text(nbformat.writes(nbformat.v4.new_notebook()))
    problems = build(jobs, check=True, managed_dirs=managed).problems
    text = "\n".join(problems)
    assert "cell 0 metadata differs" in text
    assert "missing" in text
    assert "orphan.ipynb: no source produces this notebook" in text


def test_outputs_and_widget_state_are_not_part_of_the_check():
    nb = render(source(), "en")
    executed = _fake_executed(["a" * 32, "b" * 32, "c" * 32])
    expected = ("demo: cell 3 metadata differs: expected {'jupyter': {'source_hidden': True}, "
                "'slideshow': {'slide_type': '-'}, 'tags': ['remove-input']}, "
                "found {'execution': {'iopub.execute_input': '2026-11-27T18:00:00Z'}, 'jupyter': {'source_hidden': True}, "
                "'slideshow': {'slide_type': '-'}, 'tags': ['remove-input']}")
    assert differences(nb, executed, "demo") == [expected]
    nbmod.clean(executed)
    assert differences(nb, executed, "demo") == []


def test_cli_reports_problems_and_its_targets_are_the_build_functions(tmp_path, capsys, monkeypatch):
    from authoring import cli, exercises, lessons

    assert cli.TARGETS == {"lessons": lessons.build_lessons, "exercises": exercises.build_exercises,
                           "notes": lessons.build_notes}  # plain function references, no "module:function" strings

    def broken(check=False, only=(), log=print):
        return ["x.ipynb: cell 2 text differs"]

    monkeypatch.setitem(cli.TARGETS, "lessons", broken)
    assert nbmod.main(["build", "--check", "lessons"]) == 1
    err = capsys.readouterr().err
    assert "x.ipynb: cell 2 text differs" in err and "sh run.sh build" in err


# ----------------------------------------------------------------------------- executing (one kernel each)

def test_execute_fills_outputs_and_names_the_failing_cell(tmp_path):
    nb = render(source(), "id")
    nbmod.execute(nb, tmp_path)
    assert nb.cells[3].outputs[0]["data"]["text/plain"] == "5"
    assert nb.cells[4].outputs[0]["text"] == "10\n"
    assert all("execution" not in c.metadata for c in nb.cells)

    failing = GOOD.replace("print(x * 2)", "print(undefined_name)")
    with pytest.raises(NotebookExecutionError) as caught:
        nbmod.execute(render(parse_source(failing, "demo.yaml"), "en"), tmp_path, name="lessons/demo")
    error = caught.value
    assert error.cell_index == 4
    assert "lessons/demo: cell 4 failed ('print(undefined_name)')" in str(error)
    assert "NameError" in str(error) and "raises-exception" in str(error)


def test_a_cell_tagged_raises_exception_may_fail_and_kernels_get_the_course_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.setenv("SWEDU_PROGRESS", "off")
    text = GOOD.replace("  - code: print(x * 2)", "  - code: 1 / 0\n    tags: [raises-exception]\n  - code: print(x * 2)\n"
                        "  - code: |\n      import os\n      for key in ('PYTHONHASHSEED', 'MPLBACKEND', 'SWEDU_DATA_DIR', "
                        "'SWEDU_PROGRESS'):\n          print(os.environ.get(key))")
    nb = nbmod.execute(render(parse_source(text, "demo.yaml"), "en"), tmp_path)
    assert nb.cells[4].outputs[0]["output_type"] == "error"
    assert nb.cells[5].outputs[0]["text"] == "10\n"
    seed, backend, data_dir, recording = nb.cells[6].outputs[0]["text"].splitlines()
    assert (seed, backend, recording) == ("0", nbmod.INLINE_BACKEND, "None")
    assert "swedu-build-data-" in data_dir and not Path(data_dir).exists(), "a fresh store, removed afterwards"


# ----------------------------------------------------------------------------- nbval set-up

def test_sanitize_file_rewrites_volatile_parts_only():
    from nbval.plugin import get_sanitize_patterns

    root = Path(__file__).resolve().parents[1]
    patterns = get_sanitize_patterns((root / "tests" / "nbval-sanitize.cfg").read_text())

    def sanitize(text):
        for regex, replace in patterns:
            text = re.sub(regex, replace, text)
        return text

    assert sanitize("<Foo object at 0x7f3a9c0d1e20>") == sanitize("<Foo object at 0x7f00000000ff>")
    assert sanitize("<Figure size 640x480 with 1 Axes>") == "<Figure size 640x480 with 1 Axes>"
    assert sanitize("<dc:date>2026-11-27T18:00:00</dc:date>") == sanitize("<dc:date>2025-01-01T00:00:00</dc:date>")
    assert sanitize('<clipPath id="p1a2b3c4d5e">') == sanitize('<clipPath id="p9f8e7d6c5b">')
    assert sanitize("IPY_MODEL_" + "a" * 32) == sanitize("IPY_MODEL_" + "b" * 32)
    assert sanitize("saved to /tmp/swedu-x1/file.yaml") == sanitize("saved to /tmp/other/file.yaml")
    assert sanitize("Sistem klien: 3 of 4 correct") == "Sistem klien: 3 of 4 correct"


def test_pytest_is_configured_to_check_notebooks_but_not_exercises():
    import tomllib

    root = Path(__file__).resolve().parents[1]
    options = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    assert {"notebooks", "solutions", "tests"} <= set(options["testpaths"])
    assert "exercises" not in options["testpaths"]
    assert "--nbval " in options["addopts"] + " " and "--nbval-lax" not in options["addopts"]
    assert "-p authoring.nbval_plugin" in options["addopts"]
    assert options["pythonpath"] == ["."], "the builder and its plugin are imported from the repository root"


def test_nbval_compares_outputs_strictly_with_the_course_environment(tmp_path):
    """A stored notebook passes nbval even under MPLBACKEND=Agg (the plugin starts kernels like the build),
    a changed stderr text is ignored, and a changed stdout text fails."""
    import os
    import subprocess
    import sys

    text = GOOD.replace("  - code: print(x * 2)", "  - code: |\n      import matplotlib.pyplot as plt\n"
                        "      plt.plot([1, 2]); plt.show()\n  - code: |\n      import sys\n"
                        "      print('careful', file=sys.stderr)\n  - code: print(x * 2)")
    nb = nbmod.execute(render(parse_source(text, "demo.yaml"), "en"), tmp_path)
    figure_outputs = [o for o in nb.cells[4].outputs if "image/png" in o.get("data", {})]
    assert figure_outputs, "the build shows figures inline"
    nb.cells[5].outputs[0]["text"] = "a different warning\n"
    path = write(nb, tmp_path / "demo.ipynb")
    root = Path(__file__).resolve().parents[1]
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval", "--nbval-current-env",
               "-p", "authoring.nbval_plugin", "--nbval-sanitize-with", str(root / "tests" / "nbval-sanitize.cfg"),
               "--rootdir", str(tmp_path), str(path)]
    env = dict(os.environ, MPLBACKEND="Agg", PYTHONPATH=str(root))  # the plugin lives in the repository, not installed
    passed = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert passed.returncode == 0, passed.stdout[-2000:]

    stored = nbformat.read(path, as_version=4)
    stored.cells[6].outputs[0]["text"] = "11\n"
    nbformat.write(stored, path)
    failed = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert failed.returncode == 1
    assert "11" in failed.stdout and "10" in failed.stdout


def test_widget_state_keeps_only_what_differs_from_the_defaults(tmp_path):
    import ipywidgets

    layout = ipywidgets.Layout(width="9em").get_state()
    button = ipywidgets.ToggleButton(description="T · target").get_state()
    nb = render(source(), "en")
    nb.metadata["widgets"] = {nbmod.WIDGET_STATE_MIME: {"state": {
        "1" * 32: {"model_module": "@jupyter-widgets/base", "model_module_version": "2.0.0",
                   "model_name": "LayoutModel", "state": json.loads(json.dumps(layout))},
        "2" * 32: {"model_module": "@jupyter-widgets/controls", "model_module_version": "2.0.0",
                   "model_name": "ToggleButtonModel", "state": json.loads(json.dumps(button))},
        "3" * 32: {"model_module": "my-extension", "model_module_version": "1.0.0",
                   "model_name": "OddModel", "state": {"width": None, "value": 0}},
    }, "version_major": 2, "version_minor": 0}}
    stored = json.loads(write(nb, tmp_path / "w.ipynb").read_text())
    states = [entry["state"] for entry in stored["metadata"]["widgets"][nbmod.WIDGET_STATE_MIME]["state"].values()]
    assert {"width": "9em"} in states
    assert any(set(s) == {"description", "layout", "style"} and s["description"] == "T · target" for s in states)
    assert {"width": None, "value": 0} in states, "an unknown widget keeps its full state"


def test_the_build_command_parses_once_and_all_means_every_notebook_family(capsys, monkeypatch):
    from authoring import cli

    calls = []
    for name in cli.TARGETS:
        monkeypatch.setitem(cli.TARGETS, name, lambda check=False, only=(), log=print, name=name:
                            calls.append((name, check, list(only))) or [])
    assert nbmod.main(["build", "--check", "lessons", "--only", "03"]) == 0
    assert calls == [("lessons", True, ["03"])]
    assert "notebooks match their sources" in capsys.readouterr().out
    calls.clear()
    assert nbmod.main(["build"]) == 0
    assert calls == [("lessons", False, []), ("exercises", False, [])]  # the lessons write their notes too
    with pytest.raises(SystemExit) as caught:
        nbmod.main(["build", "everything"])
    assert caught.value.code == 2
    assert "invalid choice: 'everything'" in capsys.readouterr().err


def test_the_builder_runs_from_the_repository_root_and_is_no_runtime_command(capsys):
    import subprocess
    import sys

    from swedu.cli import main

    root = Path(__file__).resolve().parents[1]
    run = subprocess.run([sys.executable, "-m", "authoring", "build", "--check", "notes"], cwd=root,
                         capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0 and "match their sources" in run.stdout, run.stderr
    with pytest.raises(SystemExit) as caught:  # the installed command line has no builder
        main(["build"])
    assert caught.value.code == 2 and "invalid choice: 'build'" in capsys.readouterr().err
