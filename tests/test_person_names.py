"""One name, one person: no two people of the course's cases share a name.

A learner who met Bayu the community social worker in Lesson 5 should not meet a different Bayu,
a boy of twelve, in the exercises. This test collects the people of every case (built-in cases,
the exercises' case, the template and ``my-scenarios``): the names of its person and family
actors, and every name with a title (Mr, Mrs, Pak, Ibu, Nenek ...) in its texts. A name must belong
to one case only. Lessons, exercise sources and activity files may speak of a case's people only
when they use that case (name its id); a person they invent has a name of their own, used in that
file only.
"""
from __future__ import annotations

import functools
import re
from collections import defaultdict
from pathlib import Path

import pytest

from tests._yaml_text import safe_load_text

ROOT = Path(__file__).resolve().parents[1]
CASES = sorted([*(ROOT / "swedu" / "scenarios" / "data").glob("*.yaml"), *(ROOT / "swedu" / "exercises").glob("*.yaml"),
                *(ROOT / "my-scenarios").glob("*.yaml"), ROOT / "swedu" / "scenarios" / "template.yaml"])
TEXTS = sorted([*(ROOT / "source" / "lessons").glob("*.yaml"), *(ROOT / "source" / "exercises").glob("*.yaml"),
                *(ROOT / "swedu" / "activities" / "data").glob("*.yaml"),
                ROOT / "swedu" / "activities" / "template.yaml"])
EXERCISES_CASE = ROOT / "swedu" / "exercises" / "wulan-family.yaml"

TITLES = ("Mr", "Mrs", "Ms", "Dr", "dr.", "Pak", "Bu", "Ibu", "Bapak", "Mbak", "Mas", "Kak", "Bang", "Nenek",
          "Kakek", "Grandma", "Grandmother", "Grandpa", "Uncle", "Aunt", "Bibi", "Paman", "Om", "Tante")
NOT_NAMES = {"The", "And", "Dan", "Orang", "Tua", "Para", "Village", "Desa"}
TITLED = re.compile(r"(?<![\w.])(?:%s)\s+((?:[A-Z][a-z]+)(?:\s+(?:dan|and)\s+(?:%s)\s+[A-Z][a-z]+)?)"
                    % ("|".join(map(re.escape, TITLES)), "|".join(map(re.escape, TITLES))))


@functools.lru_cache(maxsize=None)
def load(path: Path):
    return safe_load_text(path.read_text(encoding="utf-8"), str(path))


def texts_of(data) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [t for v in data.values() for t in texts_of(v)]
    if isinstance(data, list):
        return [t for v in data for t in texts_of(v)]
    return []


def titled_names(text: str) -> set[str]:
    names = set()
    for match in TITLED.finditer(text):
        for word in re.findall(r"[A-Z][a-z]+", match.group(1)):
            if word not in NOT_NAMES and word not in TITLES:
                names.add(word)
    return names


def actor_names(actor: dict) -> set[str]:
    """The personal names in a person's or family's English name ("Mrs Yuni (Nadia's teacher)": Yuni)."""
    if actor.get("kind", "person") not in ("person", "family"):
        return set()
    name = actor["name"]["en"] if isinstance(actor["name"], dict) else str(actor["name"])
    outside = re.sub(r"\([^)]*\)", " ", name)  # "(Puskesmas nutritionist)" says what, not who
    words = re.findall(r"[A-Z][a-z]+\b(?!['’]s)", outside)
    return {w for w in words if w not in TITLES and w not in NOT_NAMES} | titled_names(name)


def people_of(path: Path) -> set[str]:
    data = load(path)
    names = set()
    for actor in data.get("actors", ()):
        names |= actor_names(actor)
    for text in texts_of(data):
        names |= titled_names(text)
    return names


@functools.lru_cache(maxsize=None)
def owners() -> dict[str, set[Path]]:
    owner = defaultdict(set)
    for case in CASES:
        for name in people_of(case):
            owner[name].add(case)
    return owner


def test_every_case_has_people():
    for case in CASES:
        assert people_of(case), f"{case.name}: no person found; is the name pattern broken?"


def test_a_name_belongs_to_one_case_only():
    shared = {name: sorted(p.relative_to(ROOT).as_posix() for p in paths)
              for name, paths in owners().items() if len(paths) > 1}
    assert not shared, f"names used for different people in different cases: {shared}"


def uses(text_path: Path, case: Path) -> bool:
    """Does a lesson, exercise or activity file work with this case?"""
    if case == EXERCISES_CASE:
        return text_path.parent.name == "exercises" and text_path.parent.parent.name == "source"
    data = load(case)
    return re.search(rf"(?<![A-Za-z0-9_]){re.escape(str(data.get('id', case.stem)))}(?![A-Za-z0-9_])",
                     text_path.read_text(encoding="utf-8")) is not None


@pytest.mark.parametrize("path", TEXTS, ids=[p.relative_to(ROOT).as_posix() for p in TEXTS])
def test_lessons_and_activities_name_a_case_person_only_with_the_case(path):
    owner = owners()
    text = " ".join(texts_of(load(path)))
    problems = []
    for name in sorted(set(re.findall(r"[A-Z][a-z]+", text)) & set(owner)):
        if not any(uses(path, case) for case in owner[name]):
            problems.append(f"{name} is a person of {sorted(c.name for c in owner[name])}, which this file does not use")
    assert not problems, f"{path.relative_to(ROOT)}: " + "; ".join(problems)


def test_invented_people_have_names_of_their_own():
    """A person a lesson or activity invents (a vignette) has a name no other file uses for someone else."""
    owner = owners()
    introduced = defaultdict(set)
    for path in TEXTS:
        text = " ".join(texts_of(load(path)))
        for name in titled_names(text) - set(owner):
            introduced[name].add(path.relative_to(ROOT).as_posix())
    shared = {name: sorted(paths) for name, paths in introduced.items() if len(paths) > 1}
    assert not shared, f"the same name for people of different vignettes: {shared}"


def test_the_name_patterns_find_titles_and_skip_possessives():
    assert titled_names("Ibu Wulan meminta bantuan; Mr and Mrs Hartono; dr. Bambang") == {"Wulan", "Hartono", "Bambang"}
    assert actor_names({"kind": "person", "name": {"en": "Mrs Yuni (Nadia's teacher)"}}) == {"Yuni"}
    assert actor_names({"kind": "organisation", "name": {"en": "Sejahtera care home"}}) == set()
