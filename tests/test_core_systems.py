"""The vocabulary: system ids, names in both languages, aliases, suggestions and system info."""
from __future__ import annotations

import pytest

import swedu
from swedu import systems
from swedu.i18n import LANGUAGES, t
from swedu.systems import NONE, SYSTEM_IDS, resolve_system, suggest, system_info, system_name


def test_the_four_systems_in_teaching_order():
    assert SYSTEM_IDS == ("change_agent", "client", "target", "action")
    assert swedu.SYSTEM_IDS is SYSTEM_IDS


@pytest.mark.parametrize("system", SYSTEM_IDS + (NONE,))
def test_every_id_resolves_to_itself(system):
    assert resolve_system(system) == system
    assert resolve_system(system.upper()) == system
    assert resolve_system(f"  {system}  ") == system


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("system", SYSTEM_IDS + (NONE,))
def test_names_and_short_names_in_both_languages(system, lang):
    for part in ("name", "short"):
        name = t(f"system.{system}.{part}", lang)
        assert resolve_system(name) == system
        assert resolve_system(name.upper()) == system
        assert resolve_system(name.title()) == system


@pytest.mark.parametrize("alias, system", [
    ("change agent", "change_agent"), ("change-agent", "change_agent"), ("agen perubahan", "change_agent"),
    ("pelaksana perubahan", "change_agent"), ("Sistem Pelaksana Perubahan", "change_agent"),
    ("klien", "client"), ("Sistem Klien", "client"), ("client system", "client"),
    ("sasaran", "target"), ("sistem sasaran", "target"), ("target system", "target"),
    ("kegiatan", "action"), ("sistem kegiatan", "action"), ("sistem aksi", "action"), ("action system", "action"),
    ("tidak ada", NONE), ("no role", NONE), ("-", NONE), ("bukan", NONE),
    ("target\tsystem", "target"), ("TARGET__SYSTEM", "target"),
])
def test_aliases(alias, system):
    assert resolve_system(alias) == system


@pytest.mark.parametrize("unknown", ["doctor", "klient", "", "   ", "client target", "systems", "0", "None of them"])
def test_unknown_names_give_none(unknown):
    assert resolve_system(unknown) is None


def test_non_text_is_read_as_text_not_an_error():
    assert resolve_system(5) is None
    assert resolve_system(None) == NONE  # Python's None reads as "none", as in answers


@pytest.mark.parametrize("given, choices, expected", [
    ("klient", ["client", "target"], "client"),
    ("TARGT", ["client", "target"], "target"),
    ("delinquent-yuoth", ["delinquent-youth", "small-business"], "delinquent-youth"),
    ("zzzz", ["client", "target"], None),
    ("x", [], None),
    (5, ["5", "6x"], "5"),
])
def test_suggest(given, choices, expected):
    assert suggest(given, choices) == expected


def test_suggest_keeps_the_original_spelling():
    assert suggest("mrs wati", ["Mrs Wati", "Pak Agus"]) == "Mrs Wati"


@pytest.mark.parametrize("system", SYSTEM_IDS)
def test_system_info_in_both_languages(system):
    en, idn = system_info(system, "en"), system_info(system, "id")
    assert en.id == idn.id == system
    for info in (en, idn):
        assert info.name and info.short and info.badge and info.definition and info.question
    assert en.name == system_name(system, "en") and idn.name == system_name(system, "id")
    assert en.definition != idn.definition and en.question.endswith("?") and idn.question.endswith("?")
    swedu.set_language("id")
    assert system_info(system) == idn


def test_system_info_refuses_unknown_ids():
    with pytest.raises(ValueError, match="'doctor' is not one of the four systems. Choose from: change_agent, "
                                         "client, target, action."):
        system_info("doctor")
    with pytest.raises(ValueError, match="Did you mean 'client'"):
        system_info("clint")
    with pytest.raises(ValueError, match="'none' is not one of the four systems"):
        system_info("none")
    swedu.set_language("id")
    with pytest.raises(ValueError, match="bukan salah satu dari empat sistem"):
        system_info(None)


def test_system_info_by_name():
    assert system_info("Sistem Kegiatan").id == "action"
    assert system_info("KLIEN", "en").name == "client system"


def test_systems_listing():
    assert [s.id for s in systems.systems("id")] == list(SYSTEM_IDS)
    assert systems.systems("id")[2].name == "sistem sasaran"


def test_vocabularies_are_consistent():
    assert set(systems.REASONS_FOR_SYSTEM) == set(SYSTEM_IDS)
    # every reason fits a system except "benefits": expecting to benefit alone makes no one a client
    assert {r for rs in systems.REASONS_FOR_SYSTEM.values() for r in rs} == set(systems.REASONS) - {"benefits"}
    assert set(systems.DIMENSIONS) == {d for ds in systems.DIMENSION_GROUPS.values() for d in ds}
    assert systems.COLLECTIVE_KINDS == set(systems.ACTOR_KINDS) - {"person"}
    assert systems.LEVELS == ("micro", "mezzo", "macro")
    assert systems.APPROACHES == ("monolistic", "dualistic", "holistic")
    assert len(systems.MISCONCEPTIONS) == len(set(systems.MISCONCEPTIONS)) >= 8
