"""The scenario library: every built-in case is complete in both languages, its keys score 1.0, its
pitfalls name their misconceptions; lecturers' folders, the gallery table, the template and the
``swedu new`` / ``swedu list`` commands."""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

import swedu
from swedu.cli import main
from swedu.model import Text
from swedu.scenarios import (
    BUILTIN_DIR,
    ScenarioError,
    load_scenario,
    local_scenario_folder,
    read_scenario_file,
    scenario_ids,
    scenario_table,
)
from swedu.systems import LEVELS, MISCONCEPTIONS, SYSTEM_IDS

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "swedu" / "scenarios" / "template.yaml"
EXAMPLE = ROOT / "my-scenarios" / "toddler-nutrition.yaml"
BUILTINS = sorted(p.stem for p in BUILTIN_DIR.glob("*.yaml"))


def builtin(sid):
    return read_scenario_file(BUILTIN_DIR / f"{sid}.yaml", sid)


def full_key(stage, actors, with_reasons=True):
    """The whole answer key of a stage, as a learner would type it (reasons included)."""
    key = {}
    for actor in actors:
        roles = stage.roles.get(actor.id, ())
        if not roles:
            key[actor.id] = "none"
        elif with_reasons:
            key[actor.id] = {r.system: r.reason for r in roles}
        else:
            key[actor.id] = [r.system for r in roles]
    return key


def texts_of(scenario):
    """Every learner text in a scenario with a label saying where it is."""
    yield "title", scenario.title
    yield "summary", scenario.summary
    yield "topic", scenario.topic
    for a in scenario.actors:
        yield f"actor {a.id} name", a.name
        if a.description is not None:
            yield f"actor {a.id} description", a.description
    for r in scenario.relations:
        if r.label is not None:
            yield f"relation {r.source}-{r.target} label", r.label
    for s in scenario.stages:
        yield f"stage {s.id} title", s.title
        yield f"stage {s.id} narrative", s.narrative
        for actor, roles in s.roles.items():
            for role in roles:
                yield f"stage {s.id} {actor} {role.system} rationale", role.rationale
        for actor, text in s.none_rationales.items():
            yield f"stage {s.id} {actor} no_role", text
        for actor, pitfalls in s.pitfalls.items():
            for p in pitfalls:
                if p.feedback is not None:
                    yield f"stage {s.id} {actor} pitfall {p.system}", p.feedback


# -- the library as a whole ---------------------------------------------------------------------------
def test_at_least_twelve_builtins_across_all_levels():
    assert len(BUILTINS) >= 12
    assert set(BUILTINS) <= set(scenario_ids())
    levels = {builtin(sid).level for sid in BUILTINS}
    assert levels == set(LEVELS)
    for level in LEVELS:
        assert sum(builtin(sid).level == level for sid in BUILTINS) >= 3, level


# A pitfall is a wrong *system* for an actor. "Client and target are always different" is the one
# misconception that no wrong system can show: it is leaving out one of two roles the actor holds,
# which the rule names on its own (checked in the next test and in tests/data/diagnoses-reviewed.yaml).
ONLY_BY_OMISSION = {"client_target_always_differ"}


def test_every_misconception_is_taught_somewhere_as_a_pitfall():
    declared = {p.misconception for sid in BUILTINS for s in builtin(sid).stages
                for ps in s.pitfalls.values() for p in ps} - {None}
    assert declared == set(MISCONCEPTIONS) - ONLY_BY_OMISSION


def pitfall_answers(stage, actor, system):
    """The two typical answers a pitfall stands for: the key plus the wrong system, or that system alone."""
    return sorted(stage.systems_of(actor) | {system}), [system]


def test_every_misconception_is_named_by_some_wrong_answer():
    named = set()
    for sid in BUILTINS:
        scenario = builtin(sid)
        for stage in scenario.stages:
            base = full_key(stage, scenario.actors, with_reasons=False)
            for actor, pitfalls in stage.pitfalls.items():
                for p in pitfalls:
                    for given in pitfall_answers(stage, actor, p.system):
                        named.update(scenario.assess(dict(base, **{actor: given}), stage=stage.id).misconceptions)
            for actor in stage.roles:  # leaving out one role the actor holds
                held = sorted(stage.systems_of(actor))
                for left_out in held:
                    answer = dict(base, **{actor: [s for s in held if s != left_out] or "none"})
                    named.update(scenario.assess(answer, stage=stage.id).misconceptions)
    assert named == set(MISCONCEPTIONS)


def test_scenario_ids_are_unique_file_names():
    for sid in BUILTINS:
        assert builtin(sid).id == sid


# -- each built-in scenario ---------------------------------------------------------------------------
@pytest.mark.parametrize("sid", BUILTINS)
def test_loads_by_id_and_texts_are_complete_in_both_languages(sid):
    scenario = load_scenario(sid)
    assert scenario.id == sid
    for where, text in texts_of(scenario):
        assert isinstance(text, Text), where
        assert text.en.strip() and text.id.strip(), where
    # the Indonesian narratives are translations, not the English pasted twice
    for stage in scenario.stages:
        assert stage.narrative.en != stage.narrative.id, stage.id
        assert stage.title.en != stage.title.id or len(stage.title.en) < 12, stage.id


@pytest.mark.parametrize("sid", BUILTINS)
def test_every_stage_has_client_target_change_agent_and_known_actors(sid):
    scenario = builtin(sid)
    actor_ids = {a.id for a in scenario.actors}
    assert any(stage.systems_of(a) == {"action"} for stage in scenario.stages for a in stage.roles)
    for stage in scenario.stages:
        held = {system for actor in stage.roles for system in stage.systems_of(actor)}
        assert {"client", "target", "change_agent"} <= held, stage.id
        assert set(stage.roles) <= actor_ids
        assert set(stage.pitfalls) <= actor_ids
        assert set(stage.none_rationales) <= actor_ids
        # the agency is part of the change agent system, not the worker alone
        agencies = [a.id for a in scenario.actors if "agency" in a.traits]
        workers = [a.id for a in scenario.actors if "worker" in a.traits]
        assert agencies and workers
        for a in agencies + workers:
            assert "change_agent" in stage.systems_of(a), (stage.id, a)
        # every actor without a role is explained (distractors get a no_role rationale)
        for actor in actor_ids - set(stage.roles):
            assert actor in stage.none_rationales, (stage.id, actor)


@pytest.mark.parametrize("sid", BUILTINS)
@pytest.mark.parametrize("language", ["en", "id"])
def test_full_key_of_every_stage_scores_one(sid, language):
    swedu.set_language(language)
    scenario = load_scenario(sid)
    for stage in scenario.stages:
        feedback = scenario.assess(full_key(stage, scenario.actors), stage=stage.id)
        assert feedback.score == 1.0, (stage.id, feedback.text)
        assert feedback.correct
        if stage.ask_reasons:
            # without the reasons a stage that asks for them cannot score full marks
            bare = scenario.assess(full_key(stage, scenario.actors, with_reasons=False), stage=stage.id)
            assert bare.score < 1.0


@pytest.mark.parametrize("sid", BUILTINS)
def test_every_pitfall_names_its_misconception_in_both_languages(sid):
    scenario = load_scenario(sid)
    count = 0
    for stage in scenario.stages:
        base = full_key(stage, scenario.actors, with_reasons=False)
        for actor, pitfalls in stage.pitfalls.items():
            for p in pitfalls:
                # the misconception is named for at least one of the pitfall's two typical answers (its
                # condition decides which: "change agent worker only" needs the change agent role left out)
                named = []
                for given in pitfall_answers(stage, actor, p.system):
                    feedback = scenario.assess(dict(base, **{actor: given}), stage=stage.id)
                    verdict = feedback.verdicts[actor]
                    assert verdict.status in ("extra", "wrong"), (stage.id, actor, p.system)
                    for language in ("en", "id"):
                        swedu.set_language(language)
                        text = "\n".join(feedback.actor_lines(actor))
                        if p.feedback is not None:
                            assert p.feedback[language] in text
                        if p.misconception in verdict.misconceptions:
                            assert swedu.i18n.t(f"misconception.{p.misconception}.name") in text
                        if p.misconception in verdict.possible_misconceptions:  # another reading: asked
                            assert swedu.i18n.t(f"possible_misconception.{p.misconception}") in text
                    swedu.set_language("en")
                    named.append(p.misconception in verdict.misconceptions + verdict.possible_misconceptions)
                assert p.misconception is None or any(named), (stage.id, actor, p.system)
                count += 1
    assert count >= 1


@pytest.mark.parametrize("sid", BUILTINS)
def test_twist_stages_change_at_least_one_role(sid):
    scenario = builtin(sid)
    assert len(scenario.stages) >= 1
    for before, after in zip(scenario.stages, scenario.stages[1:]):
        changed = [a.id for a in scenario.actors if before.systems_of(a.id) != after.systems_of(a.id)]
        assert changed, (before.id, after.id)


@pytest.mark.parametrize("sid", BUILTINS)
def test_ecomap_graph_has_a_centre_with_spokes_and_a_stressful_or_tenuous_tie(sid):
    scenario = load_scenario(sid)
    graph = scenario.graph(scenario.stages[-1].id)
    assert scenario.centre in graph.nodes
    assert graph.degree(scenario.centre) >= 2
    qualities = {r.quality for r in scenario.relations}
    assert qualities & {"tenuous", "stressful"}
    assert any(r.direction != "none" for r in scenario.relations)


@pytest.mark.parametrize("sid", [s for s in BUILTINS if s not in ("delinquent-youth", "small-business")])
def test_each_new_case_has_a_stage_that_asks_for_reasons(sid):
    assert any(stage.ask_reasons for stage in builtin(sid).stages)


def test_one_actor_several_roles_and_client_equals_target_appear():
    both = [(sid, s.id) for sid in BUILTINS for s in builtin(sid).stages
            for a in s.roles if {"client", "target"} <= s.systems_of(a)]
    assert len(both) >= 3
    employer_target = [(sid, s.id) for sid in BUILTINS for s in builtin(sid).stages
                       for a in s.roles if {"change_agent", "target"} <= s.systems_of(a)]
    assert ("hospital-discharge", "discharge-practice") in employer_target


# -- the gallery table --------------------------------------------------------------------------------
def test_scenario_table_rows_in_both_languages():
    rows_en = {r.id: r for r in scenario_table("en")}
    rows_id = {r.id: r for r in scenario_table("id")}
    assert set(BUILTINS) <= set(rows_en)
    hospital = rows_en["hospital-discharge"]
    assert hospital.title == "Mr Slamet goes home too soon"
    assert rows_id["hospital-discharge"].title == "Pak Slamet pulang terlalu cepat"
    assert hospital.level == "mezzo" and hospital.stages == 2 and hospital.actors == 8
    assert hospital.source == "built-in"
    assert [r.id for r in scenario_table()][:2] == ["delinquent-youth", "small-business"]
    swedu.set_language("id")
    assert {r.id: r.topic for r in scenario_table()}["clean-water"] == rows_id["clean-water"].topic


# -- lecturers' folders -------------------------------------------------------------------------------
BROKEN_TEXT = "id: broken-case\nlevel: mikro\ntitle: {en: A, id: B}\n"


@pytest.fixture
def lecturer_folder(tmp_path, monkeypatch):
    folder = tmp_path / "course" / "my-scenarios"
    folder.mkdir(parents=True)
    shutil.copy(EXAMPLE, folder / "toddler-nutrition.yaml")
    (folder / "broken-case.yaml").write_text(BROKEN_TEXT, encoding="utf-8")
    notebooks = tmp_path / "course" / "notebooks" / "en"
    notebooks.mkdir(parents=True)
    monkeypatch.chdir(notebooks)
    monkeypatch.delenv("SWEDU_SCENARIOS", raising=False)
    return folder


def test_my_scenarios_is_found_from_a_notebook_folder(lecturer_folder):
    assert local_scenario_folder() == lecturer_folder.resolve()
    assert lecturer_folder.resolve() in swedu.scenarios.scenario_folders()
    ids = scenario_ids()
    assert "toddler-nutrition" in ids and "broken-case" in ids
    assert ids[:2] == ["delinquent-youth", "small-business"]
    assert load_scenario("toddler-nutrition").level == "micro"


def test_a_broken_lecturer_file_breaks_only_itself(lecturer_folder):
    ids = scenario_ids()
    assert "broken-case" in ids
    for sid in BUILTINS + ["toddler-nutrition"]:
        load_scenario(sid)
    with pytest.raises(ScenarioError) as info:
        load_scenario("broken-case")
    lines = [p.line for p in info.value.problems]
    assert 2 in lines  # level: mikro
    assert "Did you mean 'micro'" in str(info.value)
    rows = {r.id: r for r in scenario_table()}
    assert "broken-case" not in rows
    assert rows["toddler-nutrition"].source == "lecturer"
    assert rows["delinquent-youth"].source == "built-in"


def test_environment_variable_folder_and_builtins_win_on_a_clash(tmp_path, monkeypatch):
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    monkeypatch.chdir(tmp_path)
    text = EXAMPLE.read_text(encoding="utf-8").replace("id: toddler-nutrition", "id: probation")
    (folder / "probation.yaml").write_text(text, encoding="utf-8")
    shutil.copy(EXAMPLE, folder / "toddler-nutrition.yaml")
    monkeypatch.setenv("SWEDU_SCENARIOS", str(folder))
    assert "toddler-nutrition" in scenario_ids()
    assert load_scenario("probation").title.en == "Andi on probation"


def test_the_nearest_my_scenarios_wins_and_siblings_are_not_searched(tmp_path, monkeypatch):
    outer = tmp_path / "course" / "my-scenarios"
    inner = tmp_path / "course" / "unit-2" / "my-scenarios"
    deeper = tmp_path / "course" / "unit-2" / "week-3"
    sibling = tmp_path / "elsewhere" / "notes"
    for folder in (outer, inner, deeper, sibling):
        folder.mkdir(parents=True)
    (tmp_path / "elsewhere" / "my-scenarios").write_text("a file, not a folder", encoding="utf-8")
    assert local_scenario_folder(deeper) == inner.resolve()
    assert local_scenario_folder(tmp_path / "course") == outer.resolve()
    found = local_scenario_folder(sibling)
    assert found is None or tmp_path.resolve() not in found.parents
    monkeypatch.chdir(deeper)
    assert local_scenario_folder() == inner.resolve()
    assert swedu.scenarios.scenario_folders()[-1] == inner.resolve()


# -- the template and the commands --------------------------------------------------------------------
def test_template_validates_and_is_commented_field_by_field(capsys):
    assert main(["validate", str(TEMPLATE)]) == 0
    assert "OK:" in capsys.readouterr().out
    lines = TEMPLATE.read_text(encoding="utf-8").splitlines()
    assert "\t" not in "".join(lines)
    fields = [i for i, line in enumerate(lines) if re.match(r"^[a-z_]+:", line)]
    assert len(fields) >= 8
    for i in fields:
        assert lines[i - 1].startswith("#"), f"no comment above line {i + 1}: {lines[i]}"
    comments = sum(line.lstrip().startswith("#") for line in lines)
    assert comments >= 35


def test_swedu_new_copies_the_template_with_the_file_name_as_id(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["new", "my-scenarios/banjir-rob"]) == 0
    created = tmp_path / "my-scenarios" / "banjir-rob.yaml"
    assert "swedu validate" in capsys.readouterr().out
    assert load_scenario("banjir-rob").id == "banjir-rob"
    assert main(["validate", str(created)]) == 0
    before = created.read_text(encoding="utf-8")
    assert main(["new", str(created)]) == 1
    assert created.read_text(encoding="utf-8") == before
    assert "already exists" in capsys.readouterr().out
    assert main(["--lang", "id", "new", "my-scenarios/Kasus Baru.yaml"]) == 2
    assert "tidak dapat menjadi id skenario" in capsys.readouterr().out
    assert main(["new"]) == 2


def test_swedu_list_prints_every_scenario_and_flags_broken_files(lecturer_folder, capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    for sid in BUILTINS:
        assert f"\n{sid} | " in out
    assert "toddler-nutrition | Little Bagas is not growing | micro |" in out
    assert "! broken-case:" in out and "swedu validate" in out
    assert main(["--lang", "id", "list"]) == 0
    out = capsys.readouterr().out
    assert "Bagas kecil tidak bertambah berat" in out and "dosen" in out and "bawaan" in out


def test_worked_example_is_valid_and_used_in_both_guides():
    scenario = read_scenario_file(EXAMPLE, "toddler-nutrition")
    assert {"client", "target"} <= scenario.stages[0].systems_of("mother")
    for guide in ("authoring.md", "authoring.id.md"):
        text = (ROOT / "docs" / guide).read_text(encoding="utf-8")
        assert "toddler-nutrition" in text
        assert "swedu validate" in text and 'Classifier("toddler-nutrition")' in text
        for word in ("micro", "mezzo", "macro", "asked_or_agreed", "works_with_worker", "legal_beneficiary",
                     *MISCONCEPTIONS, *SYSTEM_IDS):
            assert word in text, (guide, word)
    assert os.path.exists(ROOT / "my-scenarios" / "README.md")


def _messages_the_course_gives(language: str) -> str:
    """Every message ``swedu validate`` gives for the broken corpus, plus two loader messages."""
    from swedu.i18n import set_language

    set_language(language)
    texts = []
    for path in sorted((ROOT / "tests" / "broken-scenarios").glob("*.yaml")):
        try:
            read_scenario_file(path)
        except ScenarioError as error:
            texts.append(str(error))
    try:
        load_scenario("x")
    except ScenarioError as error:
        texts.append(str(error))
    try:
        read_scenario_file(EXAMPLE, "y")
    except ScenarioError as error:
        texts.append(str(error))
    set_language("en")
    return "\n".join(texts)


@pytest.mark.parametrize("guide,language", [("authoring.md", "en"), ("authoring.id.md", "id")])
def test_the_guides_error_table_quotes_real_messages(guide, language):
    text = (ROOT / "docs" / guide).read_text(encoding="utf-8")
    section = text.split("\n## 9.")[1].split("\n## 10.")[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    assert len(rows) >= 18
    said = _messages_the_course_gives(language)
    for row in rows:
        first_cell = row.split(" | ")[0]
        for fragment in re.findall(r"`([^`]+)`", first_cell):
            if fragment in ("kind", "quality", "direction", "traits", "misconception"):
                continue
            pattern = re.escape(fragment)
            pattern = pattern.replace(re.escape("(...)"), r"\(.*?\)").replace(re.escape(" ... "), ".*?")
            pattern = pattern.replace(re.escape("..."), ".*?")
            pattern = re.sub(r"'[xy]'", "'[^']*'", pattern)
            assert re.search(pattern, said), f"{guide}: the course never says {fragment!r}"
