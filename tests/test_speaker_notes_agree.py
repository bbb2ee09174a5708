"""Speaker notes agree with the answer keys and the catalog (source/lessons/*.yaml ``notes:``).

What a lecturer reads beside a slide must never contradict what the course then marks right:

1. **Misconceptions the lesson can produce.** A note names the misconceptions its "listen for" text is
   about (``misconceptions: [id, ...]``), and every one of them must be producible by the lesson's own
   activities: some answer for some actor in a stage its classifiers reach makes the course name it
   (:meth:`swedu.Scenario.assess`, i.e. the misconceptions' written conditions), or an option of its
   concept checks is tagged with it. A "listen for" that quotes a misconception's catalog name must
   say so in ``misconceptions``.
2. **Never an answer the key gives.** The idea in quotes ('...') is the mistake to listen for: it must
   not state a role that the key (or ``also_accepted``) gives in the stage the next activity asks
   for (the last one asked, for notes after every activity).
3. **Actors of the lesson's case only.** "X as client", "X is the target" ...: X is an actor of the
   lesson's cases, or a referrer or a payer only where the case has one (the actors' traits).
4. **Counts from the catalog.** "eight misconceptions" is wrong when the course has ten: any number of
   misconceptions in a note or a lesson matches :data:`swedu.systems.MISCONCEPTIONS`.
5. **No filler.** "Nothing to correct" gives a lecturer nothing: a note says what to ask next.
"""
from __future__ import annotations

import itertools
import re
from functools import cache
from pathlib import Path

import pytest
import yaml

from swedu.activities import load_activity
from swedu.i18n import t
from swedu.scenarios import load_scenario, scenario_table
from swedu.systems import MISCONCEPTIONS, SYSTEM_IDS
from tests.test_predict_before_reveal import (
    SYSTEM_WORDS, _actor_patterns, activities, source_cells, stated_roles,
)

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted((ROOT / "source" / "lessons").glob("*.yaml"))
LANGUAGES = ("en", "id")
ALL_CASES = tuple(row.id for row in scenario_table())

_ACTIVITY = re.compile(r"swedu\.widgets\.(ConceptCheck|Sorter|ApproachExplorer)\(\s*\"([^\"]+)\"")
_GALLERY = re.compile(r"CaseGallery\(|case_table\(")


def lesson(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# ----- what a lesson's activities can produce -------------------------------------------------------
@cache
def stage_misconceptions(case: str, stage_id: str) -> frozenset:
    """Every misconception the course names for some answer of some actor in one stage of a case."""
    scenario = load_scenario(case)
    found: set = set()
    for actor in scenario.actors:
        for size in range(len(SYSTEM_IDS) + 1):
            for given in itertools.combinations(SYSTEM_IDS, size):
                feedback = scenario.assess({actor.id: list(given) or "none"}, stage_id)
                verdict = feedback.verdicts[actor.id]
                for name in dir(verdict):  # shown and (where the verdict tells them apart) possible ones
                    value = getattr(verdict, name) if "misconception" in name and not name.startswith("_") else ()
                    if isinstance(value, (tuple, list, set, frozenset)):
                        found.update(m for m in value if m in MISCONCEPTIONS)
    return frozenset(found)


def reached_stages(path: Path) -> list[tuple[str, str]]:
    """(case, stage) pairs the lesson's classifiers open or reach with Next stage."""
    pairs = []
    for _, case, stage_id in activities(source_cells(path, "en")):
        order = [s.id for s in load_scenario(case).stages]
        pairs += [(case, s) for s in order[order.index(stage_id):]]
    return list(dict.fromkeys(pairs))


def lesson_cases(path: Path) -> set:
    cells = source_cells(path, "en")
    cases = {case for _, case, _ in activities(cells)}
    for cell in cells:
        if cell["kind"] != "code":
            continue
        if _GALLERY.search(cell["text"]):
            cases |= set(ALL_CASES)
        for kind, activity_id in _ACTIVITY.findall(cell["text"]):
            if kind == "ApproachExplorer":
                cases.add(load_activity(activity_id).scenario)
    return cases


def producible(path: Path) -> set:
    cells = source_cells(path, "en")
    found: set = set()
    for case, stage_id in reached_stages(path):
        found |= stage_misconceptions(case, stage_id)
    for cell in cells:
        if cell["kind"] != "code":
            continue
        if _GALLERY.search(cell["text"]):
            for case in ALL_CASES:
                for stage in load_scenario(case).stages:
                    found |= stage_misconceptions(case, stage.id)
        for kind, activity_id in _ACTIVITY.findall(cell["text"]):
            if kind in ("ConceptCheck", "Sorter"):
                for question in load_activity(activity_id).questions:
                    found |= {o.misconception for o in question.options if o.misconception}
                    if getattr(question, "incomplete_misconception", None):
                        found.add(question.incomplete_misconception)
    return found


# ----- the notes of a lesson, with the stage each one leads to ------------------------------------
def notes_with_stage(path: Path) -> list[tuple[int, dict, tuple | None]]:
    """(cell index, notes, (case, stage) of the next activity, or of the last one before) per note."""
    spec = lesson(path)
    asked = activities(source_cells(path, "en"))  # indices count md and code cells alike, as spec["cells"]
    out = []
    for i, cell in enumerate(spec["cells"]):
        if "notes" not in cell:
            continue
        later = [(c, s) for j, c, s in asked if j > i]
        earlier = [(c, s) for j, c, s in asked if j < i]
        if earlier and not later:
            case = earlier[-1][0]
            order = [s.id for s in load_scenario(case).stages]
            stage = (case, order[-1])  # after every activity: the last stage the classifier reached
        else:
            stage = later[0] if later else None
        out.append((i, cell["notes"], stage))
    return out


NOTES = [(p, i, n, s) for p in SOURCES for i, n, s in notes_with_stage(p)]
IDS = [f"{p.stem}-cell{i}" for p, i, _, _ in NOTES]


def quoted(text: str) -> list[str]:
    """The ideas a note puts in single quotes (apostrophes inside words are no quotes)."""
    return re.findall(r"(?<![\w])'(.+?)'(?![\w])", text)


# ----- 1. misconceptions the lesson can produce ------------------------------------------------------
@pytest.mark.parametrize("path, index, notes, stage", NOTES, ids=IDS)
def test_named_misconceptions_are_ones_the_lesson_can_produce(path, index, notes, stage):
    named = set(notes.get("misconceptions", ()))
    assert named <= set(MISCONCEPTIONS)
    assert named <= producible(path), (
        f"{path.name}, cell {index}: the notes listen for {sorted(named - producible(path))}, which no "
        f"activity of this lesson can produce")
    for language in LANGUAGES:
        listen = notes["listen"][language].lower()
        for m in MISCONCEPTIONS:
            name = t(f"misconception.{m}.name", language).strip("\"'“”").lower().rstrip(".")
            if name in listen:
                assert m in named, f"{path.name}, cell {index}: '{name}' is quoted but {m} is not declared"


# ----- 2. never an answer the key gives ------------------------------------------------------------------
def key_pairs_stated(text: str, case: str, stage_id: str, language: str) -> list[str]:
    scenario = load_scenario(case)
    stage = scenario.stage(stage_id)
    found = stated_roles(text, scenario, stage, language)
    actors = _actor_patterns(scenario, language)
    for actor_id, roles in stage.also_accepted.items():  # a view the key also accepts is no mistake either
        for role in roles:
            words = SYSTEM_WORDS[language][role.system]
            if any(p.search(text) for p in actors[actor_id]) and any(re.search(rf"\b{re.escape(w)}\b", text, re.I)
                                                                       for w in words):
                found.append(f"{actor_id} as {role.system} (also accepted): {text!r}")
    return found


@pytest.mark.parametrize("path, index, notes, stage", [n for n in NOTES if n[3]], ids=[i for i, n in zip(IDS, NOTES) if n[3]])
def test_the_mistake_to_listen_for_is_never_an_answer_of_the_key(path, index, notes, stage):
    case, stage_id = stage
    for language in LANGUAGES:
        for idea in quoted(notes["listen"][language]):
            assert key_pairs_stated(idea, case, stage_id, language) == [], (
                f"{path.name}, cell {index}: the notes warn against '{idea}', which the key of {case}/{stage_id} "
                f"gives")


# ----- 3. actors of the lesson's case only ---------------------------------------------------------------
_SUBJECT = re.compile(r"([\w'-]+(?:\s+[\w'-]+)?)\s+(?:as|is)\s+(?:the\s+)?(?:only\s+)?"
                      r"(client|target|change agent|action system)\b", re.IGNORECASE)
_NOT_ACTORS = {"he", "she", "it", "they", "who", "whoever", "anyone", "everyone", "someone", "one",
               "problem", "benefits", "victim", "person"}
_TRAIT_WORDS = {"referrer": ("refers", "referrer", "referral", "refer"), "payer": ("pays", "payer", "pay")}


def unknown_subjects(text: str, cases: set) -> list[str]:
    words: set = set()
    traits: set = set()
    for case in cases:
        scenario = load_scenario(case)
        for actor in scenario.actors:
            traits |= set(actor.traits)
            for pattern in _actor_patterns(scenario, "en")[actor.id]:
                words |= {w.lower() for w in re.findall(r"[A-Za-z]+", pattern.pattern.replace("\\", " "))}
    allowed_traits = {w for trait, ws in _TRAIT_WORDS.items() if trait in traits for w in ws}
    all_trait_words = {w for ws in _TRAIT_WORDS.values() for w in ws}
    unknown = []
    for subject, system in _SUBJECT.findall(text):
        last = subject.lower().split()[-1].strip("'")  # the head of the phrase: "the bank" -> bank
        if last in _NOT_ACTORS or last in words or last in allowed_traits:
            continue
        if last in all_trait_words:
            unknown.append(f"'{subject} ... {system}': no actor of this lesson's cases is a {last}")
        else:
            unknown.append(f"'{subject} ... {system}': no such actor in {sorted(cases)}")
    return unknown


@pytest.mark.parametrize("path", SOURCES, ids=[p.stem for p in SOURCES])
def test_notes_name_only_actors_of_the_lessons_cases(path):
    cases = lesson_cases(path)
    if not cases:
        pytest.skip("a lesson without a case speaks of examples of its own")
    problems = []
    for i, notes, _ in notes_with_stage(path):
        for key in ("ask", "listen"):
            problems += [f"cell {i} {key}: {p}" for p in unknown_subjects(notes[key]["en"], cases)]
    assert problems == []


# ----- 4. counts from the catalog, 5. no filler --------------------------------------------------------------
NUMBER_WORDS = {"en": ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                       "eleven", "twelve"],
                "id": ["nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan",
                       "sepuluh", "sebelas", "dua belas"]}
COUNT = {"en": re.compile(r"\b(\w+)\s+(?:common\s+)?misconceptions\b", re.I),
         "id": re.compile(r"\b(\w+(?: belas)?)\s+miskonsepsi\b", re.I)}
FILLER = re.compile(r"nothing to correct|belum ada yang perlu dikoreksi|tidak ada yang dikoreksi", re.I)


def counts_of_misconceptions(text: str, language: str) -> list[int]:
    out = []
    for word in COUNT[language].findall(text):
        word = word.lower()
        if word.isdigit():
            out.append(int(word))
        elif word in NUMBER_WORDS[language]:
            out.append(NUMBER_WORDS[language].index(word))
    return [n for n in out if n >= 2]  # "one misconception", "salah satu miskonsepsi" count nothing


@pytest.mark.parametrize("path", SOURCES, ids=[p.stem for p in SOURCES])
def test_counts_of_misconceptions_match_the_catalog_and_no_note_is_filler(path):
    spec = lesson(path)
    for language in LANGUAGES:
        texts = [c["md"][language] for c in spec["cells"] if "md" in c]
        texts += [c["notes"][k][language] for c in spec["cells"] if "notes" in c for k in ("ask", "listen")]
        for text in texts:
            assert all(n == len(MISCONCEPTIONS) for n in counts_of_misconceptions(text, language)), text
        fillers = [c["notes"]["listen"][language] for c in spec["cells"]
                   if "notes" in c and FILLER.search(c["notes"]["listen"][language])]
        assert fillers == []


# ----- the rules can fail ------------------------------------------------------------------------------------------
def test_the_rules_catch_the_notes_of_issue_22():
    # Lesson 6 once warned against what the probation key gives ...
    assert key_pairs_stated("The court is the client", "probation", "court-order", "en")
    assert key_pairs_stated("the brother pays and asks, so he is the only client", "old-man-and-brother",
                            "referral", "en")
    assert not key_pairs_stated("Andi is the client because the law calls him klien", "probation",
                                "court-order", "en")
    # ... Lesson 5 spoke of a bank the case does not have, Lesson 4 of a payer and a referrer ...
    assert unknown_subjects("the bank as client because it pays", {"small-business"})
    assert unknown_subjects("'Whoever refers or pays is the client'", {"delinquent-youth"})
    assert not unknown_subjects("The person with the problem as client; the referrer or payer as client.",
                                set(ALL_CASES))
    assert not unknown_subjects("Dimas as client; Mr Joko in the action system", {"delinquent-youth"})
    # ... and Lesson 9 counted eight misconceptions.
    assert counts_of_misconceptions("Any of the eight misconceptions", "en") == [8]
    assert counts_of_misconceptions("Salah satu dari sepuluh miskonsepsi", "id") == [10]
    assert "potential_is_actual_client" in stage_misconceptions("old-man-and-brother", "referral")
    assert "roles_fixed" not in stage_misconceptions("old-man-and-brother", "referral")  # a first stage
