"""Loading and validating scenario files: one test per kind of problem, hostile input, folders, the cache.

Each broken file is the fixture with one small change; the test checks the problem's line, its
words, and the "did you mean" where there is one.
"""
from __future__ import annotations

import random
from pathlib import Path

import pytest

import swedu
import swedu.scenarios as scenarios
from swedu import ScenarioError, load_scenario
from swedu._yaml import MAX_BYTES, MAX_DEPTH, MAX_NODES
from swedu.scenarios import read_scenario_file
from swedu.scenarios.validate import MAX_TEXT

FIXTURE = Path(__file__).parent / "data" / "core-fixture.yaml"
GOOD = FIXTURE.read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _only_builtin_folders(monkeypatch, tmp_path):
    monkeypatch.delenv("SWEDU_SCENARIOS", raising=False)
    monkeypatch.setattr(scenarios, "_extra_folders", [])
    monkeypatch.chdir(tmp_path)  # no my-scenarios folder here or above: only the built-in cases


def write(tmp_path: Path, text: str | bytes, name: str = "case.yaml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def refuse(path: Path) -> ScenarioError:
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    error = info.value
    assert isinstance(error, ValueError)
    assert error.problems, "a ScenarioError always names at least one problem"
    header = swedu.i18n.t("scenario_error.header", count=len(error.problems), file=path)
    assert str(error).splitlines()[0] == header
    return error


def mutate(tmp_path: Path, old: str, new: str) -> tuple[ScenarioError, int, Path]:
    """The fixture with ``old`` replaced by ``new``; returns the error and the line where ``new`` starts."""
    assert GOOD.count(old) == 1, f"{old!r} must occur once in the fixture"
    text = GOOD.replace(old, new)
    line = GOOD[:GOOD.index(old)].count("\n") + 1
    path = write(tmp_path, text)
    return refuse(path), line, path


def has(error: ScenarioError, fragment: str, line: int | None = None) -> bool:
    return any(fragment in p.message and (line is None or p.line == line) for p in error.problems)


def line_of(text: str, fragment: str) -> int:
    return text[:text.index(fragment)].count("\n") + 1


# ----- the good file and the error type ----------------------------------------------------------------
def test_fixture_and_builtins_load():
    assert load_scenario(FIXTURE).id == "core-fixture"
    builtin = sorted(p.stem for p in scenarios.BUILTIN_DIR.glob("*.yaml"))
    assert sorted(swedu.scenario_ids()) == builtin
    for sid in builtin:
        assert load_scenario(sid).id == sid


def test_scenario_error_is_a_value_error():
    assert issubclass(ScenarioError, ValueError)
    assert swedu.ScenarioError is ScenarioError


def test_every_problem_is_listed_with_file_line_and_column(tmp_path):
    text = (GOOD.replace("level: micro", "level: mikro")
            .replace("titel", "x")
            .replace("  - id: child\n    kind: person", "  - id: child\n    kind: persn")
            .replace("    quality: stressful", "    quality: stresful")
            .replace("          misconception: referrer_is_client", "          misconception: referrer")
            .replace("    title: {en: Three months later, id: Tiga bulan kemudian}",
                     "    title: {en: Three months later}"))
    path = write(tmp_path, text)
    error = refuse(path)
    expected = {
        line_of(text, "level: mikro"): "Did you mean 'micro'?",
        line_of(text, "kind: persn"): "Did you mean 'person'?",
        line_of(text, "quality: stresful"): "Did you mean 'stressful'?",
        line_of(text, "misconception: referrer\n"): "Did you mean 'referrer_is_client'?",
        line_of(text, "{en: Three months later}"): "has no id text",
    }
    assert len(error.problems) == len(expected)
    assert [p.line for p in error.problems] == sorted(expected)
    for line, fragment in expected.items():
        assert has(error, fragment, line), (line, fragment, error.problems)
    message = str(error)
    for p in error.problems:
        assert f"{path}, line {p.line}, column {p.column}: " in message
        assert p.column >= 1


def test_messages_in_indonesian(tmp_path):
    swedu.set_language("id")
    error, line, path = mutate(tmp_path, "level: micro", "level: mikro")
    assert str(error).startswith(f"1 masalah dalam {path}")
    assert f"baris {line}, kolom 8" in str(error)
    assert "tidak diperbolehkan" in str(error) and "Apakah maksud Anda 'micro'?" in str(error)


# ----- one test per kind of problem ------------------------------------------------------------------
def test_unknown_field(tmp_path):
    error, line, _ = mutate(tmp_path, "summary:\n", "sumary:\n")
    assert has(error, "the field 'sumary' is not known", line)
    assert has(error, "Did you mean 'summary'?") and has(error, "The fields here are: id, title, summary")
    assert has(error, "the field 'summary' is missing")


def test_unknown_field_in_an_actor(tmp_path):
    error, line, _ = mutate(tmp_path, "    traits: [payer]", "    trait: [payer]")
    assert has(error, "the field 'trait' is not known in actors[8]", line)
    assert has(error, "Did you mean 'traits'?", line)


def test_missing_field(tmp_path):
    error, _, _ = mutate(tmp_path, "level: micro\n", "\n")
    assert has(error, "the field 'level' is missing", line_of(GOOD, "id: core-fixture"))  # where the block starts


def test_required_field_left_empty(tmp_path):
    error, line, _ = mutate(tmp_path, "level: micro\n", "level:\n")
    assert has(error, "level should be filled in, but it is empty", line)


@pytest.mark.parametrize("old, new, fragment", [
    ("actors:\n", "actors: everyone\nx_actors:\n", "actors should be a list (lines starting with -), but it is the text 'everyone'"),
    ("  - id: lender\n", "  - lender\n  - id: lender2\n", "actors[5] should be a block of fields (name: value lines), but it is the text 'lender'"),
    ("    ask_reasons: true", "    ask_reasons: maybe", "ask_reasons should be true or false, but it is the text 'maybe'"),
    ("    ask_reasons: true", "    ask_reasons: 1", "should be true or false, but it is a number (1)"),
    ("topic: {en: Household debt, id: Utang rumah tangga}", "topic: {en: [Household debt], id: Utang rumah tangga}",
     "topic.en should be text, but it is a list"),
    ("topic: {en: Household debt, id: Utang rumah tangga}", "topic: Household debt",
     "topic must give the text in both languages"),
    ("      lender:\n        target:\n          reason: must_change\n",
     "      lender: target\n      x:\n        target:\n          reason: must_change\n",
     "roles.lender should be a block naming one or more systems"),
])
def test_wrong_type(tmp_path, old, new, fragment):
    error, _, _ = mutate(tmp_path, old, new)
    assert has(error, fragment), error.problems


def test_wrong_type_in_indonesian(tmp_path):
    swedu.set_language("id")
    error, _, _ = mutate(tmp_path, "    ask_reasons: true", "    ask_reasons: 2")
    assert has(error, "ask_reasons seharusnya true atau false, tetapi isinya sebuah angka (2)")


@pytest.mark.parametrize("bad", ["Core Fixture", "1case", "kasus!", "a" * 61, "[core]", "yes"])
def test_bad_id(tmp_path, bad):
    error, line, _ = mutate(tmp_path, "id: core-fixture\n", f"id: {bad}\n")
    assert has(error, "an id uses only small letters, digits, '-' and '_'", line)


def test_duplicate_actor_id(tmp_path):
    error, line, _ = mutate(tmp_path, "  - id: nurse\n", "  - id: cadre\n")
    first = line_of(GOOD, "  - id: cadre\n")
    assert has(error, f"the id 'cadre' is used twice (first at line {first})", line)


def test_duplicate_stage_id(tmp_path):
    error, line, _ = mutate(tmp_path, "  - id: later\n", "  - id: first\n")
    assert has(error, f"the id 'first' is used twice (first at line {line_of(GOOD, '  - id: first')})", line)


def test_unknown_actor_in_roles(tmp_path):
    error, line, _ = mutate(tmp_path, "      lender:\n        target:", "      lendr:\n        target:")
    assert has(error, "names the actor 'lendr', who is not in the actors list. Did you mean 'lender'?", line)
    assert has(error, "The actors are: worker, agency, mother")


def test_unknown_actor_in_relations(tmp_path):
    error, line, _ = mutate(tmp_path, "between: [mother, child]", "between: [mother, kid]")
    assert has(error, "relations[1].between[2] names the actor 'kid'", line)


def test_unknown_actor_in_pitfalls(tmp_path):
    error, line, _ = mutate(tmp_path, "      teacher:\n        client:\n", "      teachr:\n        client:\n")
    assert has(error, "names the actor 'teachr'", line) and has(error, "Did you mean 'teacher'?")


def test_unknown_actor_in_no_role(tmp_path):
    error, line, _ = mutate(tmp_path, "      teacher: {en: He only", "      teach: {en: He only")
    assert has(error, "names the actor 'teach'", line)


def test_unknown_centre(tmp_path):
    error, line, _ = mutate(tmp_path, "level: micro\n", "level: micro\ncentre: mum\n")
    assert has(error, "centre names the actor 'mum'", line + 1)


def test_missing_translation(tmp_path):
    error, line, _ = mutate(tmp_path, "title: {en: Mrs Wati's debts, id: Utang Ibu Wati}", "title: {en: Mrs Wati's debts}")
    assert has(error, "title has no id text; every learner text needs both en: and id:", line)


def test_translation_in_an_unknown_language(tmp_path):
    error, _, _ = mutate(tmp_path, "title: {en: Mrs Wati's debts, id: Utang Ibu Wati}",
                         "title: {en: Mrs Wati's debts, id: Utang Ibu Wati, ind: Mrs Wati}")
    assert has(error, "the field 'ind' is not known in title") and has(error, "Did you mean 'id'?")


@pytest.mark.parametrize("empty", ['""', "'   '"])
def test_empty_text(tmp_path, empty):
    error, line, _ = mutate(tmp_path, "topic: {en: Household debt, id: Utang rumah tangga}",
                            f"topic: {{en: Household debt, id: {empty}}}")
    assert has(error, "topic has an empty id text", line)


def test_text_too_long(tmp_path):
    error, _, _ = mutate(tmp_path, "topic: {en: Household debt,", f"topic: {{en: {'x' * (MAX_TEXT + 1)},")
    assert has(error, f"topic.en is longer than {MAX_TEXT} characters")


@pytest.mark.parametrize("old, new, fragment", [
    ("level: micro", "level: mikro", "level is 'mikro', which is not allowed. Did you mean 'micro'? Choose from: micro, mezzo, macro."),
    ("    kind: organisation\n", "    kind: organization\n", "actors[2].kind is 'organization'"),
    ("    quality: stressful", "    quality: bad", "Choose from: strong, tenuous, stressful."),
    ("    direction: forward", "    direction: up", "Choose from: none, forward, backward, both."),
    ("kind: economic", "kind: money", "Choose from: family, kinship"),
    ("    traits: [payer]", "    traits: [payr]", "Did you mean 'payer'?"),
    ("reason: asked_or_agreed\n          rationale: {en: Putri agreed", "reason: asked_or_agree\n          rationale: {en: Putri agreed",
     "Did you mean 'asked_or_agreed'?"),
    ("misconception: change_agent_worker_only", "misconception: worker_only", "Choose from: client_is_problem_bearer"),
    ("      lender:\n        target:", "      lender:\n        targte:", "'targte', which is not allowed. Did you mean 'target'?"),
    ("      cadre:\n        change_agent:\n          misconception", "      cadre:\n        agent:\n          misconception",
     "Choose from: change_agent, client, target, action."),
])
def test_bad_choice(tmp_path, old, new, fragment):
    error, line, _ = mutate(tmp_path, old, new)
    assert has(error, fragment), error.problems
    assert any(p.line in (line, line + 1) for p in error.problems)


def test_reason_that_does_not_fit_its_system(tmp_path):
    old = "          reason: must_change\n          rationale: {en: The lender's"
    error, line, _ = mutate(tmp_path, old, old.replace("must_change", "benefits"))
    assert has(error, "the reason 'benefits' does not fit the target. For the target choose from: must_change.", line)


def test_duplicate_relation(tmp_path):
    error, line, _ = mutate(tmp_path, "  - between: [worker, agency]\n",
                            "  - between: [child, mother]\n    kind: family\n  - between: [worker, agency]\n")
    first = line_of(GOOD, "between: [mother, child]")
    assert has(error, f"there are two relations between 'child' and 'mother' (first at line {first})", line)


def test_self_relation(tmp_path):
    error, line, _ = mutate(tmp_path, "between: [worker, agency]", "between: [worker, worker]")
    assert has(error, "a relation joins 'worker' with itself", line)


@pytest.mark.parametrize("pair", ["[worker]", "[worker, agency, mother]", "worker"])
def test_between_must_be_a_pair(tmp_path, pair):
    error, line, _ = mutate(tmp_path, "between: [worker, agency]", f"between: {pair}")
    assert has(error, "must name exactly two different actors", line)


@pytest.mark.parametrize("strength", ["0", "4", "-1", "2.5", "true", "strong", "[2]"])
def test_strength_out_of_range(tmp_path, strength):
    error, line, _ = mutate(tmp_path, "    strength: 3\n", f"    strength: {strength}\n")
    assert has(error, "relations[1].strength must be 1, 2 or 3", line)


def test_pitfall_that_is_a_correct_role(tmp_path):
    error, _, _ = mutate(tmp_path, "      teacher:\n        client:\n          misconception",
                         "      mother:\n        client:\n          misconception")
    assert has(error, "marks client as a pitfall, but it is a correct role of mother")


def test_no_role_for_an_actor_with_a_role(tmp_path):
    error, _, _ = mutate(tmp_path, "      teacher: {en: He only", "      mother: {en: He only")
    assert has(error, "marks none as a pitfall, but it is a correct role of mother")


def test_structure_limits(tmp_path):
    error, _, _ = mutate(tmp_path, "stages:\n", "stages: []\nx:\n")
    assert has(error, "a scenario needs at least one stage")
    error, _, _ = mutate(tmp_path, "      worker:\n        change_agent:\n          reason: employs_worker\n"
                                   "          rationale: {en: Rina is still",
                         "      {}\n      worker:\n        change_agent:\n          reason: employs_worker\n"
                         "          rationale: {en: Rina is still")
    assert error.problems  # a stray block is refused, whatever the parser makes of it


def test_too_many_actors(tmp_path):
    extra = "".join(f"  - id: extra{i}\n    kind: person\n    name: {{en: E{i}, id: E{i}}}\n" for i in range(40))
    error, _, _ = mutate(tmp_path, "relations:\n", extra + "relations:\n")
    assert has(error, "actors has more than 40 entries")


def test_stage_without_roles(tmp_path):
    text = GOOD[:GOOD.index("    roles:\n", GOOD.index("  - id: later"))] + "    roles: {}\n"
    error = refuse(write(tmp_path, text))
    assert has(error, "stage 'later' gives no roles")


# ----- YAML-level problems and hostile input --------------------------------------------------------
def test_duplicate_yaml_key(tmp_path):
    error, line, _ = mutate(tmp_path, "level: micro\n", "level: micro\nlevel: macro\n")
    assert has(error, "the key 'level' appears twice in the same block", line + 1)


def test_yaml_syntax_error(tmp_path):
    error, line, _ = mutate(tmp_path, "    traits: [payer]\n", "    traits: [payer\n")
    assert len(error.problems) == 1
    assert has(error, "this is not valid YAML: a list [ ] or a block { } is not closed")
    assert error.problems[0].line >= line


def test_tab_indentation(tmp_path):
    error, line, _ = mutate(tmp_path, "    traits: [payer]\n", "\ttraits: [payer]\n")
    assert has(error, "this is not valid YAML: a tab character is used for indenting", line)


@pytest.mark.parametrize("old, new, hint", [
    ("topic: {en: Household debt,", "topic: {en: 'Household: debt',", None),  # a quoted colon is fine
    ("  en: A mother asks", "  en: A mother: asks", "a colon (:) stands where YAML does not expect one"),
    ("  en: A mother asks", '  en: "A mother asks', "a quotation mark is not closed"),
    ("  en: A mother asks", "  en: @A mother asks", "a value starts with a character YAML reserves"),
    ("    kind: person\n    name: {en: Putri", "    kind: person\n   name: {en: Putri", "the indentation does not line up"),
])
def test_yaml_hints(tmp_path, old, new, hint):
    text = GOOD.replace(old, new)
    assert text != GOOD
    path = write(tmp_path, text)
    if hint is None:
        load_scenario(path)
        return
    error = refuse(path)
    assert len(error.problems) == 1 and has(error, hint), error.problems


def test_anchor_and_alias(tmp_path):
    error, line, _ = mutate(tmp_path, "title: {en: Mrs Wati's debts, id: Utang Ibu Wati}",
                            "title: &t {en: Mrs Wati's debts, id: Utang Ibu Wati}\nx_title: *t")
    assert has(error, "anchors and aliases (& and *) are not allowed", line)


BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_alias_bomb(tmp_path):
    error = refuse(write(tmp_path, BILLION_LAUGHS))
    assert len(error.problems) == 1 and has(error, "anchors and aliases", 1)


def test_merge_key(tmp_path):
    error, line, _ = mutate(tmp_path, "level: micro\n", "level: micro\n<<: {centre: mother}\n")
    assert has(error, "merge keys (<<) are not allowed", line + 1)


@pytest.mark.parametrize("value", [
    "!!python/object/apply:os.system ['echo hacked']",
    "!!python/name:os.system",
    "!!binary aGVsbG8=",
    "!!str core-fixture",
    "!custom value",
    "!!set {a, b}",
])
def test_tags_are_refused(tmp_path, value):
    error, line, _ = mutate(tmp_path, "id: core-fixture\n", f"id: {value}\n")
    assert has(error, "YAML tags such as", line)


def test_a_tag_never_runs(tmp_path):
    marker = tmp_path / "ran"
    path = write(tmp_path, f"!!python/object/apply:os.system ['touch {marker}']\n")
    refuse(path)
    assert not marker.exists()


def test_huge_file(tmp_path):
    error = refuse(write(tmp_path, GOOD + "# " + "x" * MAX_BYTES + "\n"))
    assert has(error, f"larger than {MAX_BYTES // 1024} KiB")


def test_deep_nesting(tmp_path):
    error = refuse(write(tmp_path, "id: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n"))
    assert has(error, f"nested more than {MAX_DEPTH} levels deep", 1)
    deep_map = "".join("  " * i + f"k{i}:\n" for i in range(MAX_DEPTH + 3)) + "  " * (MAX_DEPTH + 3) + "v\n"
    assert has(refuse(write(tmp_path, deep_map, "map.yaml")), "nested more than")


def test_too_many_entries(tmp_path):
    error = refuse(write(tmp_path, "id: [" + ",".join("1" * 1 for _ in range(MAX_NODES + 10)) + "]\n"))
    assert has(error, f"more than {MAX_NODES} entries")


def test_binary_garbage(tmp_path):
    rng = random.Random(2)
    for i in range(5):
        data = bytes(rng.randrange(256) for _ in range(3000))
        error = refuse(write(tmp_path, data, f"garbage{i}.yaml"))
        assert len(error.problems) == 1


def test_png_header(tmp_path):
    error = refuse(write(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))))
    assert has(error, "not UTF-8 text")


def test_nul_byte(tmp_path):
    error = refuse(write(tmp_path, GOOD.replace("level: micro", "level: mi\x00cro")))
    assert has(error, "binary data (a NUL byte)")


def test_non_utf8_bytes(tmp_path):
    error = refuse(write(tmp_path, GOOD.replace("Putri", "Putr\u00ed").encode("latin-1")))
    assert len(error.problems) == 1 and has(error, "not UTF-8 text")
    assert "line" not in str(error).splitlines()[1]


def test_byte_order_mark_is_fine(tmp_path):
    assert load_scenario(write(tmp_path, b"\xef\xbb\xbf" + GOOD.encode("utf-8"))).id == "core-fixture"


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "---\n", "~\n"])
def test_empty_file(tmp_path, text):
    error = refuse(write(tmp_path, text))
    assert has(error, "the file is empty", 1)


@pytest.mark.parametrize("text, found", [("- a\n- b\n", "a list"), ("just some words\n", "the text 'just some words'"),
                                         ("42\n", "a number (42)"), ("true\n", "yes/no (True)")])
def test_top_level_not_a_block(tmp_path, text, found):
    error = refuse(write(tmp_path, text))
    assert has(error, f"not with {found}", 1)


def test_two_documents(tmp_path):
    error = refuse(write(tmp_path, GOOD + "---\nid: second\n"))
    assert has(error, "this is not valid YAML") and error.problems[0].line > 1


def test_complex_and_odd_keys(tmp_path):
    assert has(refuse(write(tmp_path, "? [a, b]\n: c\n")), "a key must be a plain word")
    error = refuse(write(tmp_path, GOOD.replace("level: micro", "level: micro\n1: x\n~: y"), "keys.yaml"))
    assert has(error, "the field '1' is not known") and has(error, "the field 'None' is not known")


def test_huge_number(tmp_path):
    error, line, _ = mutate(tmp_path, "    strength: 3\n", "    strength: 1" + "0" * 5000 + "\n")
    assert has(error, "this value cannot be read", line)


def test_missing_file_and_folder(tmp_path):
    assert has(refuse(tmp_path / "nothing.yaml"), "the file cannot be read")
    (tmp_path / "dir.yaml").mkdir()
    assert has(refuse(tmp_path / "dir.yaml"), "the file cannot be read")


# ----- ids, folders, the cache ----------------------------------------------------------------------
def test_unknown_id_suggests_and_lists(tmp_path):
    with pytest.raises(ScenarioError) as info:
        load_scenario("small-busines")
    message = str(info.value)
    assert "There is no scenario called 'small-busines'. Did you mean 'small-business'?" in message
    assert "delinquent-youth" in message


@pytest.mark.parametrize("ref", [None, 5, b"delinquent-youth", ["delinquent-youth"]])
def test_ids_of_the_wrong_type(ref):
    with pytest.raises(ScenarioError, match="There is no scenario called"):
        load_scenario(ref)


def test_path_objects_and_strings(tmp_path):
    path = write(tmp_path, GOOD, "core-fixture.yaml")
    assert load_scenario(path) is load_scenario(str(path))


def test_id_must_match_the_file_name_in_a_folder(tmp_path, monkeypatch):
    folder = tmp_path / "cases"
    folder.mkdir()
    write(folder, GOOD, "my-case.yaml")
    monkeypatch.setenv("SWEDU_SCENARIOS", str(folder))
    assert "my-case" in swedu.scenario_ids()
    with pytest.raises(ScenarioError) as info:
        load_scenario("my-case")
    assert has(info.value, "the id 'core-fixture' differs from the file name 'my-case'", line_of(GOOD, "id: core-fixture"))


def test_loading_by_path_first_does_not_hide_the_mismatch(tmp_path):
    folder = tmp_path / "cases"
    folder.mkdir()
    path = write(folder, GOOD, "renamed.yaml")
    assert load_scenario(path).id == "core-fixture"  # by path the id need not match
    swedu.add_scenario_folder(folder)
    with pytest.raises(ScenarioError, match="differs from the file name 'renamed'"):
        load_scenario("renamed")


def test_add_scenario_folder(tmp_path):
    folder = tmp_path / "cases"
    folder.mkdir()
    write(folder, GOOD, "core-fixture.yaml")
    assert "core-fixture" not in swedu.scenario_ids()
    swedu.add_scenario_folder(folder)
    swedu.add_scenario_folder(str(folder))  # twice is harmless
    assert scenarios._extra_folders == [folder.resolve()]
    ids = swedu.scenario_ids()
    assert ids[:2] == ["delinquent-youth", "small-business"] and "core-fixture" in ids
    assert load_scenario("core-fixture").source == str(folder / "core-fixture.yaml")
    with pytest.raises(FileNotFoundError, match="missing is not a folder; give the path of a folder"):
        swedu.add_scenario_folder(tmp_path / "missing")


def test_builtin_wins_over_a_lecturer_file_with_the_same_id(tmp_path, monkeypatch):
    folder = tmp_path / "cases"
    folder.mkdir()
    write(folder, "broken: [\n", "delinquent-youth.yaml")
    monkeypatch.setenv("SWEDU_SCENARIOS", str(folder))
    assert swedu.scenario_ids().count("delinquent-youth") == 1
    assert load_scenario("delinquent-youth").title.en == "Dimas and his parents"


def test_nothing_half_loaded(tmp_path, monkeypatch):
    folder = tmp_path / "cases"
    folder.mkdir()
    path = write(folder, GOOD.replace("id: core-fixture", "id: broken-case").replace("level: micro", "level: mikro"),
                 "broken-case.yaml")
    monkeypatch.setenv("SWEDU_SCENARIOS", str(folder))
    cached = dict(scenarios._cache)
    for _ in range(2):  # refused every time, never from a cache
        with pytest.raises(ScenarioError):
            load_scenario("broken-case")
    assert scenarios._cache == cached
    assert not any(str(path.resolve()) == key[0] for key in scenarios._cache)
    # once fixed, it loads; broken again, it is refused again (the cache never serves the old copy)
    path.write_text(GOOD.replace("id: core-fixture", "id: broken-case"), encoding="utf-8")
    assert load_scenario("broken-case").level == "micro"
    path.write_text(GOOD.replace("id: core-fixture", "id: broken-case").replace("level: micro", "level: macro!"),
                    encoding="utf-8")
    with pytest.raises(ScenarioError):
        load_scenario("broken-case")


def test_cache_returns_the_same_object_until_the_file_changes(tmp_path):
    path = write(tmp_path, GOOD)
    first = load_scenario(path)
    assert load_scenario(path) is first
    path.write_text(GOOD.replace("level: micro", "level: mezzo"), encoding="utf-8")
    assert load_scenario(path).level == "mezzo"


def test_read_scenario_file_directly(tmp_path):
    scenario = read_scenario_file(write(tmp_path, GOOD))
    assert scenario.id == "core-fixture"
    with pytest.raises(ScenarioError, match="differs from the file name 'other'"):
        read_scenario_file(write(tmp_path, GOOD), expected_id="other")


def test_id_with_a_trailing_newline(tmp_path):
    error, line, _ = mutate(tmp_path, "id: core-fixture\n", 'id: "core-fixture\\n"\n')
    assert has(error, "an id uses only small letters", line)


def test_two_actors_with_the_same_name(tmp_path):
    error, line, _ = mutate(tmp_path, "name: {en: Nurse Dewi, id: Perawat Dewi}", "name: {en: Nurse Dewi, id: Ibu Wati}")
    assert has(error, "the name 'Ibu Wati' of 'nurse' is also the id or name of 'mother'", line)


def test_an_actor_named_like_another_actors_id(tmp_path):
    error, line, _ = mutate(tmp_path, "name: {en: Uncle Rudi, id: Paman Rudi}", "name: {en: Teacher, id: Paman Rudi}")
    assert has(error, "the name 'Teacher' of 'uncle' is also the id or name of 'teacher'", line)


def test_file_far_over_the_limit_is_not_read_whole(tmp_path, monkeypatch):
    path = write(tmp_path, "")
    with open(path, "wb") as file:  # a sparse 2 GiB file: reading it whole would exhaust memory
        file.truncate(2 * 1024 ** 3)
    reads = []
    real_open = open

    def counting_open(*args, **kwargs):
        handle = real_open(*args, **kwargs)
        original = handle.read

        def read(size=-1):
            reads.append(size)
            return original(size)

        handle.read = read
        return handle

    monkeypatch.setattr("builtins.open", counting_open)
    error = refuse(path)
    assert has(error, f"larger than {MAX_BYTES // 1024} KiB")
    assert reads and all(0 < size <= MAX_BYTES + 1 for size in reads)


def test_a_comma_in_a_short_text_form_gets_the_quotes_hint():
    broken = Path(__file__).parent / "broken-scenarios" / "comma-in-name.yaml"
    with pytest.raises(swedu.ScenarioError) as error:
        read_scenario_file(broken)
    assert 'put the whole text in quotes, like en: "Mrs Ani, the neighbour"' in str(error.value)
    assert error.value.problems[0].line == 30
