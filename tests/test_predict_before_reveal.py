"""Predict, then check: no lesson gives away a case's roles before the activity that asks for them.

For every lesson, in both languages, in the sources (``source/lessons``) and in the committed
notebooks (``notebooks/en|id``), three rules:

1. **No reading states the roles before the activity.** The activity that asks for the roles of a
   case at a stage is the first classifier (``swedu.Classifier``) of that case opened at that stage
   (else the first one opened at an earlier stage, whose *Next stage* reaches it). Before it, no
   statement (a sentence, a list item or a table row of a Markdown cell, or a line of a cell's stored
   output) may name an actor of the case together with a system that actor holds in that stage.
   Once the activity of the previous stage is behind the learner, only the roles new in this stage
   count (the others were checked already). Questions (ending in "?") ask rather than state, so
   they are allowed.
2. **No code cell reads the answer key directly** (``stage.key``, ``.roles``, ``systems_of``,
   ``key_text``, ``reveal=True``, ``.reveal()``, or ``swedu.draw.system_map`` without an
   ``answer=``): key maps and key tables come only from the widgets that show them after Check or
   on request (``swedu.widgets.KeyMap``, ``swedu.widgets.SeveralRoles``).
3. **The committed notebooks carry no answer key** in their outputs or their saved widget state:
   no rationale of a built-in key, no "Answer key" title, no alt text of a key map.

Names of actors are matched as written in the case file (the whole name, or the part before a
bracket) and by the everyday words the lessons use for them (``ALIASES`` below).
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

import nbformat
import pytest
import yaml

from authoring.notebooks import lesson_notebook
from swedu.i18n import t
from swedu.scenarios import load_scenario, scenario_table
from swedu.systems import SYSTEM_IDS

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted((ROOT / "source" / "lessons").glob("*.yaml"))
LANGUAGES = ("en", "id")
BUILT_IN = {row.id for row in scenario_table()}

ALIASES = {
    # case: {actor id: words the lessons use for that actor, both languages}
    "delinquent-youth": {
        "parents": ["parents", "Hartono", "orang tua"], "teen": ["Dimas", "son", "child", "teenager", "anak", "remaja"],
        "agency": ["agency", "Bina Keluarga", "lembaga"], "counsellor": ["counsellor", "guru BK"],
        "rt_head": ["neighbourhood head", "ketua RT"], "youth_group": ["Karang Taruna"],
        "gang": ["café crowd", "warnet"],
    },
    "small-business": {
        "small_entrepreneurs": ["small entrepreneurs", "chip makers", "households", "pengusaha kecil", "perajin",
                                "rumah tangga"],
        "large_entrepreneurs": ["large entrepreneurs", "firms", "pengusaha besar", "perusahaan"],
        "agency": ["office", "dinas"], "village_head": ["village head", "kepala desa"],
        "bumdes": ["village-owned enterprise", "BUMDes"], "cooperative": ["cooperative", "koperasi"],
        "middlemen": ["middlemen", "tengkulak"],
    },
    "old-man-and-brother": {"harjo": ["old man", "older brother", "lelaki tua", "kakak"],
                            "brother": ["his brother", "the brother", "younger brother", "adik"]},
    "probation": {"andi": ["young man", "pemuda"], "court": ["court", "pengadilan"]},
    "hospital-discharge": {"hospital": ["hospital", "rumah sakit"], "family": ["family", "keluarga"]},
    "domestic-violence": {"sri": ["mother", "sang ibu"], "husband": ["father", "ayah"],
                          "children": ["girl", "children", "anak perempuan"]},
}

SYSTEM_WORDS = {
    "en": {"change_agent": ["change agent"], "client": ["client"], "target": ["target"],
           "action": ["action system", "action"]},
    "id": {"change_agent": ["pelaksana perubahan", "agen perubahan"], "client": ["klien"], "target": ["sasaran"],
           "action": ["sistem kegiatan", "kegiatan"]},
}

KEY_READING_CODE = [
    (re.compile(r"\.key\b"), "stage.key"),
    (re.compile(r"\.roles\b"), ".roles"),
    (re.compile(r"systems_of\("), "systems_of()"),
    (re.compile(r"key_text\("), "key_text()"),
    (re.compile(r"reveal\s*=\s*True"), "reveal=True"),
    (re.compile(r"\.reveal\("), ".reveal()"),
    (re.compile(r"system_map\((?![^\n]*answer)"), "system_map() without answer="),
]


def _words(phrase: str) -> re.Pattern:
    return re.compile(r"(?<![\w-])" + re.escape(phrase) + r"(?![\w])", re.IGNORECASE)


def _actor_patterns(scenario, language):
    """{actor id: [patterns]} for the actors of a case, in one language."""
    found = {}
    for actor in scenario.actors:
        name = getattr(actor.name, language)
        names = {name, name.split(" (")[0]}
        names.update(ALIASES.get(scenario.id, {}).get(actor.id, []))
        found[actor.id] = [_words(n) for n in names if len(n) > 2]
    return found


def statements(markdown: str) -> list[str]:
    """Sentences, list items and table rows of a Markdown text (questions left out)."""
    out = []
    for block in re.split(r"\n\s*\n", markdown):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        items: list[str] = []
        for line in lines:
            if line.startswith(("|", "- ", "* ", "#")) or re.match(r"^\d+\.\s", line) or not items:
                items.append(line)
            else:
                items[-1] += " " + line
        for item in items:
            if item.startswith("|"):
                out.append(item)
            else:
                out.extend(s for s in re.split(r"(?<=[.!?])\s+", item) if s)
    return [s for s in out if not s.rstrip(" *_`)\"").endswith("?")]


def stated_roles(text: str, scenario, stage, language, known=frozenset()) -> list[str]:
    """The statements of ``text`` that name an actor with a system it holds in ``stage``
    (leaving out the (actor, system) pairs in ``known``)."""
    actors = _actor_patterns(scenario, language)
    found = []
    for sentence in statements(text):
        for actor_id, patterns in actors.items():
            if not any(p.search(sentence) for p in patterns):
                continue
            for system in stage.systems_of(actor_id):
                if (actor_id, system) not in known and any(_words(w).search(sentence) for w in SYSTEM_WORDS[language][system]):
                    found.append(f"{actor_id} as {system}: {sentence.strip()!r}")
    return found


# ----- reading a lesson: its cells in one language ----------------------------------------------------
def source_cells(path: Path, language: str) -> list[dict]:
    """The cells of a lesson source as {"kind": "md"|"code", "text": ..., "outputs": ""}."""
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    cells = []
    for cell in spec["cells"]:
        if "md" in cell:
            cells.append({"kind": "md", "text": cell["md"][language], "outputs": ""})
        elif "code" in cell:
            cells.append({"kind": "code", "text": cell["code"], "outputs": ""})
    return cells


def _joined(text) -> str:
    return text if isinstance(text, str) else "".join(text)


def output_text(outputs) -> str:
    parts = []
    for output in outputs:
        if output.get("output_type") == "stream":
            parts.append(_joined(output.get("text", "")))
        for mime, value in (output.get("data") or {}).items():
            if mime.startswith("text/"):
                parts.append(_joined(value))
    return html.unescape("\n".join(parts))


def notebook_cells(path: Path) -> list[dict]:
    nb = nbformat.read(path, as_version=4)
    return [{"kind": "md" if c.cell_type == "markdown" else "code", "text": c.source,
             "outputs": output_text(c.get("outputs", [])) if c.cell_type == "code" else ""}
            for c in nb.cells if c.cell_type in ("markdown", "code")]


_CLASSIFIER = re.compile(r"Classifier\(\s*(?:\"([^\"]+)\"|(\w+))(?P<rest>[^\n]*)")
_LOADED = re.compile(r"(\w+)\s*=\s*swedu\.load_scenario\(\s*\"([^\"]+)\"")


def activities(cells) -> list[tuple[int, str, str]]:
    """(cell index, case id, stage id) of every classifier in a lesson, in order."""
    names: dict[str, str] = {}
    found = []
    for i, cell in enumerate(cells):
        if cell["kind"] != "code":
            continue
        names.update({var: case for var, case in _LOADED.findall(cell["text"])})
        for m in _CLASSIFIER.finditer(cell["text"]):
            case = m.group(1) or names.get(m.group(2))
            if case not in BUILT_IN:  # a learner's own case (lesson 9) has no key written by the course
                continue
            scenario = load_scenario(case)
            stage = re.search(r"stage\s*=\s*\"([^\"]+)\"", m.group("rest"))
            found.append((i, case, scenario.stage(stage.group(1) if stage else None).id))
    return found


def asking_cell(found, case, stage_id) -> int | None:
    """The index of the activity that asks for ``case`` at ``stage_id`` (see the module's rule 1)."""
    scenario = load_scenario(case)
    order = [s.id for s in scenario.stages]
    exact = [i for i, c, s in found if c == case and s == stage_id]
    if exact:
        return exact[0]
    earlier = [i for i, c, s in found if c == case and order.index(s) <= order.index(stage_id)]
    return earlier[0] if earlier else None


def early_statements(cells, language) -> list[str]:
    """Rule 1 for one lesson in one language."""
    found = activities(cells)
    problems = []
    for case in sorted({c for _, c, _ in found}):
        scenario = load_scenario(case)
        previous_limit, previous_pairs = None, frozenset()
        for stage in scenario.stages:
            limit = asking_cell(found, case, stage.id)
            pairs = frozenset((a, s) for a in stage.roles for s in stage.systems_of(a))
            if limit is not None:
                for i, cell in enumerate(cells[:limit]):
                    text = cell["text"] if cell["kind"] == "md" else cell["outputs"]
                    known = previous_pairs if previous_limit is not None and i > previous_limit else frozenset()
                    problems += [f"cell {i} (before the activity in cell {limit}), {case}/{stage.id}: {p}"
                                 for p in stated_roles(text, scenario, stage, language, known)]
            previous_limit, previous_pairs = limit, pairs
    return problems


def key_reading_code(cells) -> list[str]:
    """Rule 2 for one lesson."""
    return [f"cell {i} reads the answer key ({what}): {cell['text'].strip()[:80]!r}"
            for i, cell in enumerate(cells) if cell["kind"] == "code"
            for pattern, what in KEY_READING_CODE if pattern.search(cell["text"])]


def key_markers(language) -> list[str]:
    """Texts that appear only where an answer key is shown (rule 3)."""
    markers = {t("widgets.classifier.key_title", language),
               t("feedback.stage_key", language, scenario="", stage="").split("(")[0].strip()}
    for row in scenario_table():
        scenario = load_scenario(row.id)
        for stage in scenario.stages:
            markers.add(t("widgets.classifier.key_map_alt", language, scenario=getattr(scenario.title, language),
                          stage=getattr(stage.title, language)))
            texts = [r.rationale for roles in stage.roles.values() for r in roles]
            texts += list(stage.none_rationales.values())
            markers.update(getattr(text, language) for text in texts)
    return sorted(m for m in markers if len(m) > 12)


# ----- the tests --------------------------------------------------------------------------------------
LESSONS = [(p, lang) for p in SOURCES for lang in LANGUAGES]
IDS = [f"{p.stem}-{lang}" for p, lang in LESSONS]


@pytest.mark.parametrize("path, language", LESSONS, ids=IDS)
def test_source_states_no_roles_before_the_activity(path, language):
    cells = source_cells(path, language)
    assert early_statements(cells, language) == []
    assert key_reading_code(cells) == []


@pytest.mark.parametrize("path, language", LESSONS, ids=IDS)
def test_notebook_states_no_roles_before_the_activity(path, language):
    notebook = lesson_notebook(path.stem, language)
    cells = notebook_cells(notebook)
    assert early_statements(cells, language) == []
    assert key_reading_code(cells) == []


@pytest.mark.parametrize("path, language", LESSONS, ids=IDS)
def test_committed_notebook_shows_no_answer_key(path, language):
    notebook = lesson_notebook(path.stem, language)
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    outputs = "\n".join(output_text(c.get("outputs", [])) for c in nb["cells"] if c["cell_type"] == "code")
    state = html.unescape(json.dumps(nb.get("metadata", {}).get("widgets", {}), ensure_ascii=False))
    shown = [m for m in key_markers(language) if m in outputs or m in state]
    assert shown == []


# ----- the rules themselves can fail ------------------------------------------------------------------
def test_rule_finds_roles_stated_before_the_activity():
    cells = [{"kind": "md", "text": "After the visit Dimas becomes the client and his parents the target.",
              "outputs": ""},
             {"kind": "code", "text": 'youth = swedu.load_scenario("delinquent-youth")', "outputs": ""},
             {"kind": "code", "text": 'swedu.Classifier(youth, stage="reassessment")', "outputs": ""},
             {"kind": "md", "text": "Now that you have checked: Dimas is the client.", "outputs": ""}]
    problems = early_statements(cells, "en")
    assert len(problems) == 2 and all("cell 0" in p for p in problems), problems
    assert early_statements(cells[1:], "en") == []
    questions = [{"kind": "md", "text": "Is Dimas now the client?", "outputs": ""}] + cells[1:3]
    assert early_statements(questions, "en") == []


def test_rule_counts_only_new_roles_once_the_earlier_stage_was_asked():
    cells = [{"kind": "code", "text": 'youth = swedu.load_scenario("delinquent-youth")', "outputs": ""},
             {"kind": "code", "text": "intake = swedu.Classifier(youth)\nintake", "outputs": ""},
             {"kind": "md", "text": "You have checked: the counsellor is in the action system.", "outputs": ""},
             {"kind": "md", "text": "Then the parents' neglect makes them the target.", "outputs": ""},
             {"kind": "code", "text": 'again = swedu.Classifier(youth, stage="reassessment")', "outputs": ""}]
    problems = early_statements(cells, "en")
    assert len(problems) == 1 and "cell 3" in problems[0] and "parents as target" in problems[0], problems


def test_rule_finds_code_that_reads_the_key():
    assert key_reading_code([{"kind": "code", "text": 'swedu.draw.system_map(youth, "intake")', "outputs": ""}])
    assert key_reading_code([{"kind": "code", "text": "for a, s in stage.key.items(): print(a, s)", "outputs": ""}])
    assert not key_reading_code([{"kind": "code", "text": "swedu.draw.system_map(youth, answer=feedback)",
                                  "outputs": ""}])
    assert not key_reading_code([{"kind": "code", "text": "swedu.widgets.KeyMap(intake)", "outputs": ""}])


def test_markers_include_every_rationale_and_the_key_title():
    youth = load_scenario("delinquent-youth")
    for language in LANGUAGES:
        markers = key_markers(language)
        assert getattr(youth.stages[0].roles["parents"][0].rationale, language) in markers
        assert t("widgets.classifier.key_title", language) in markers
    assert all(s in SYSTEM_WORDS["en"] for s in SYSTEM_IDS)


# ----- across lessons: a case's roles wait for the lesson that asks for them (issue 22) ---------------
def first_asked() -> dict:
    """{(case, stage id): position of the first lesson (in SOURCES) whose activity asks for it}."""
    found: dict = {}
    for position, path in enumerate(SOURCES):
        cells = source_cells(path, "en")
        asked = activities(cells)
        for case in {c for _, c, _ in asked}:
            for stage in load_scenario(case).stages:
                if asking_cell(asked, case, stage.id) is not None:
                    found.setdefault((case, stage.id), position)
    return found


GENERIC_TRAITS = frozenset({"worker", "agency"})
"""The worker and the agency are in the change agent system in every case: a definition says so, and that
gives no later activity away, so the rule across lessons leaves them out."""
SEED_CASES = ("delinquent-youth", "small-business")
"""The seed text tells these two cases with their roles, so a lesson can give them away in everyday words
(the parents, the child, the large entrepreneurs): across lessons they are matched by the lessons' words
for them (``ALIASES``); every other case by the names in its file only."""
NEAR = 4
"""Across lessons an actor and a system count as stated together when at most this many words part them
("the parents are the client system"), not merely in one long sentence."""


def _near(sentence: str, actor_patterns, system_words) -> bool:
    def words_before(index):
        return len(re.findall(r"[\w-]+", sentence[:index]))

    actor_at = [(words_before(m.start()), words_before(m.end())) for p in actor_patterns for m in p.finditer(sentence)]
    system_at = [(words_before(m.start()), words_before(m.end()))
                 for w in system_words for m in _words(w).finditer(sentence)]
    return any(max(a0 - s1, s0 - a1) <= NEAR for a0, a1 in actor_at for s0, s1 in system_at)


def stated_near(text: str, scenario, stage, language) -> list[str]:
    """Like :func:`stated_roles`, with the case's own names (and the lessons' words for a seed case) and the
    actor no more than :data:`NEAR` words from the system."""
    found = []
    for actor in scenario.actors:
        if actor.traits & GENERIC_TRAITS:
            continue
        name = getattr(actor.name, language)
        names = {name, name.split(" (")[0]}
        if scenario.id in SEED_CASES:
            names.update(ALIASES.get(scenario.id, {}).get(actor.id, []))
        patterns = [_words(n) for n in names if len(n) > 2]
        for sentence in statements(text):
            for system in stage.systems_of(actor.id):
                if _near(sentence, patterns, SYSTEM_WORDS[language][system]):
                    found.append(f"{actor.id} as {system}: {sentence.strip()!r}")
    return found


def earlier_lesson_statements(cells, language, position, asked_later) -> list[str]:
    """Statements of a lesson (at ``position``) that give a role of a case a *later* lesson asks for."""
    problems = []
    for (case, stage_id), where in asked_later.items():
        if where <= position:
            continue
        scenario = load_scenario(case)
        stage = scenario.stage(stage_id)
        for i, cell in enumerate(cells):
            text = cell["text"] if cell["kind"] == "md" else cell["outputs"]
            problems += [f"cell {i}, {case}/{stage_id} (asked in {SOURCES[where].stem}): {p}"
                         for p in stated_near(text, scenario, stage, language)]
    return problems


_DETAILS = re.compile(r"<details>.*?</details>", re.DOTALL | re.IGNORECASE)


def unfolded_readings_under_activities(cells, language) -> list[str]:
    """The readings right under an activity (the Markdown cells after it, up to the next code cell) may give
    that stage's roles only inside a folded ``<details>`` element, with a ``<summary>`` that says to open it
    after checking, and opened and closed in one cell."""
    problems = []
    for index, case, stage_id in activities(cells):
        scenario = load_scenario(case)
        stage = scenario.stage(stage_id)
        previous = scenario.previous_stage(stage)
        known = frozenset() if previous is None else frozenset(
            (a, s) for a in previous.roles for s in previous.systems_of(a))
        for under in range(index + 1, len(cells)):  # every reading up to the next code cell
            if cells[under]["kind"] != "md":
                break
            text = cells[under]["text"]
            if text.lower().count("<details") != text.lower().count("</details>"):
                problems.append(f"cell {under}: a <details> element opens and closes in different cells")
            for block in _DETAILS.findall(text):
                if "<summary>" not in block.lower():
                    problems.append(f"cell {under}: a <details> without <summary>")
            open_text = _DETAILS.sub(" ", text)
            problems += [f"cell {under} (under the activity in cell {index}), {case}/{stage_id}: {p}"
                         for p in stated_roles(open_text, scenario, stage, language, known)]
    return problems


ASKED = first_asked()


@pytest.mark.parametrize("path, language", LESSONS, ids=IDS)
def test_no_lesson_gives_the_roles_a_later_lesson_asks_for(path, language):
    position = SOURCES.index(path)
    assert earlier_lesson_statements(source_cells(path, language), language, position, ASKED) == []
    notebook = lesson_notebook(path.stem, language)
    assert earlier_lesson_statements(notebook_cells(notebook), language, position, ASKED) == []


@pytest.mark.parametrize("path, language", LESSONS, ids=IDS)
def test_a_reading_under_an_activity_folds_the_roles_it_gives(path, language):
    assert unfolded_readings_under_activities(source_cells(path, language), language) == []
    notebook = lesson_notebook(path.stem, language)
    assert unfolded_readings_under_activities(notebook_cells(notebook), language) == []


def test_the_rules_across_lessons_and_under_activities_can_fail():
    lesson_3 = SOURCES.index(next(p for p in SOURCES if p.stem.startswith("03-")))
    told = [{"kind": "md", "outputs": "",
             "text": "The seed's example: the parents are the client system and the child the target system."}]
    assert len(earlier_lesson_statements(told, "en", lesson_3, ASKED)) >= 2
    assert ASKED[("delinquent-youth", "intake")] > lesson_3 and ASKED[("small-business", "planning")] > lesson_3
    asked = [{"kind": "code", "outputs": "", "text": 'again = swedu.Classifier("delinquent-youth", stage="reassessment")'},
             {"kind": "md", "outputs": "", "text": "## What the seed says\n\nThe child becomes the client system."}]
    assert len(unfolded_readings_under_activities(asked, "en")) == 1
    asked[1]["text"] = ("## What the seed says\n\n<details>\n<summary>Open it after you have checked.</summary>\n\n"
                        "The child becomes the client system.\n\n</details>\n")
    assert unfolded_readings_under_activities(asked, "en") == []
    split = asked[:1] + [{"kind": "md", "outputs": "", "text": "## What the seed says\n\n<details>\n<summary>Open.</summary>"},
                         {"kind": "md", "outputs": "", "text": "The child becomes the client system.\n\n</details>"}]
    assert len(unfolded_readings_under_activities(split, "en")) == 3  # both halves broken, and the roles open
