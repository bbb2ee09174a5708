"""A case's linked problems (the seed's holistic approach): read, validated, and shown by the explorer."""
from __future__ import annotations

from pathlib import Path

import pytest

import swedu
from swedu.scenarios import ScenarioError, read_scenario_file
from swedu.systems import LIFE_DIMENSIONS

TEMPLATE = Path(swedu.__file__).parent / "scenarios" / "template.yaml"


def test_the_seed_case_lists_linked_problems_in_several_dimensions_with_referral():
    youth = swedu.load_scenario("delinquent-youth")
    problems = youth.linked_problems
    assert len(problems) >= 3
    assert len({p.dimension for p in problems}) == len(problems)  # each in its own dimension of Dimas's life
    assert all(p.dimension in LIFE_DIMENSIONS for p in problems)
    assert {p.referral for p in problems} == {True, False}  # some referred, some taken on by social work
    ids = {a.id for a in youth.actors}
    assert all(p.actor is None or p.actor in ids for p in problems)
    assert all(p.actor != "gang" for p in problems)  # the café crowd stays outside the plan
    for p in problems:
        assert p.text.en and p.text.id and p.competent.en and p.competent.id


def test_the_template_carries_linked_problems():
    template = read_scenario_file(TEMPLATE)
    assert template.linked_problems and any(p.referral for p in template.linked_problems)


def _with(block: str) -> str:
    text = TEMPLATE.read_text(encoding="utf-8")
    start = text.index("linked_problems:")
    end = text.index("# stages: what the worker knows")
    return text[:start] + block + "\n" + text[end:]


@pytest.mark.parametrize("block, fragment", [
    ("linked_problems:\n  - id: a\n    text: {en: A., id: A.}\n    dimension: health\n"
     "    competent: {en: a doctor, id: dokter}\n", "the field 'referral' is missing"),
    ("linked_problems:\n  - id: a\n    text: {en: A., id: A.}\n    dimension: health\n"
     "    competent: {en: a doctor, id: dokter}\n    referral: true\n"
     "  - id: a\n    text: {en: B., id: B.}\n    dimension: family\n"
     "    competent: {en: the worker, id: pekerja sosial}\n    referral: false\n", "the id 'a' is used twice"),
    ("linked_problems:\n  - id: a\n    text: {en: A.}\n    dimension: health\n"
     "    competent: {en: a doctor, id: dokter}\n    referral: true\n", "has no id text"),
    ("linked_problems:\n  id: a\n", "linked_problems should be a list"),
    ("linked_problems:\n  - id: a\n    text: {en: A., id: A.}\n    dimension: health\n"
     "    competent: {en: a doctor, id: dokter}\n    referral: true\n    who: doctor\n", "the field 'who' is not known"),
])
def test_a_broken_linked_problem_is_explained(tmp_path, block, fragment):
    path = tmp_path / "my-first-case.yaml"
    path.write_text(_with(block), encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        read_scenario_file(path)
    assert fragment in str(caught.value), str(caught.value)


def test_a_case_without_linked_problems_has_none():
    assert swedu.load_scenario("small-business").linked_problems == ()
