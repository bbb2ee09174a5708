"""Message catalogs: both languages have the same keys and placeholders, no empty entries, and every
key the code asks for exists. Runs over whatever catalog files exist (each area adds its own)."""
from __future__ import annotations

import re
import string
import subprocess
import sys
from pathlib import Path

import pytest

import swedu
from swedu import systems
from swedu.outcome import ITEM_STATUSES
from swedu.i18n import LANGUAGES, _load_catalog, catalog, get_language, set_language, t

PACKAGE = Path(swedu.__file__).parent
CATALOG_DIR = PACKAGE / "i18n"


@pytest.fixture(scope="module")
def catalogs():
    # Read the files afresh (not the cached catalogs), so a file added by another area is included.
    return {lang: _load_catalog(lang) for lang in LANGUAGES}


def placeholders(text: str) -> set:
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(text) if name}


def test_same_catalog_files_in_both_languages():
    en = sorted(p.name for p in (CATALOG_DIR / "en").glob("*.yaml"))
    idn = sorted(p.name for p in (CATALOG_DIR / "id").glob("*.yaml"))
    assert en == idn
    assert "core.yaml" in en


def test_same_keys(catalogs):
    en, idn = set(catalogs["en"]), set(catalogs["id"])
    assert sorted(en - idn) == [], "missing in id"
    assert sorted(idn - en) == [], "missing in en"
    assert len(en) > 150


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_empty_entries(catalogs, lang):
    empty = [key for key, text in catalogs[lang].items() if not str(text).strip()]
    assert empty == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_placeholders_parse(catalogs, lang):
    broken = []
    for key, text in catalogs[lang].items():
        try:
            placeholders(text)
        except ValueError as err:
            broken.append((key, str(err)))
    assert broken == []


def test_same_placeholders_per_key(catalogs):
    differ = {key: (placeholders(catalogs["en"][key]), placeholders(catalogs["id"][key]))
              for key in catalogs["en"] if key in catalogs["id"]
              and placeholders(catalogs["en"][key]) != placeholders(catalogs["id"][key])}
    assert differ == {}


def test_same_keys_per_file():
    # Each area keeps its keys in its own file in both languages (so a missing file is caught here too).
    from tests._yaml_text import safe_load_text
    from swedu.i18n import _flatten

    for path in sorted((CATALOG_DIR / "en").glob("*.yaml")):
        keys = {}
        for lang in LANGUAGES:
            file = CATALOG_DIR / lang / path.name
            flat: dict = {}
            _flatten(safe_load_text(file.read_text(encoding="utf-8"), str(file)) or {}, "", flat, file)
            keys[lang] = set(flat)
        assert keys["en"] == keys["id"], path.name


def test_indonesian_is_a_translation_not_a_copy(catalogs):
    same = [k for k in catalogs["en"] if catalogs["en"][k] == catalogs["id"][k] and len(catalogs["en"][k]) > 25]
    assert len(same) <= len(catalogs["en"]) // 20, same[:20]


# ----- every key the code uses exists ------------------------------------------------------------------
LITERAL = re.compile(r"""\bt\(\s*(?:f?)["']([a-z_][a-z0-9_]*(?:\.[a-z0-9_{}.]+)+)["']""")


def used_literal_keys() -> dict:
    found: dict = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for key in LITERAL.findall(path.read_text(encoding="utf-8")):
            found.setdefault(key, path.relative_to(PACKAGE).as_posix())
    return found


def test_the_code_uses_keys_literally():
    keys = used_literal_keys()
    assert "feedback.title" in keys and "scenario_error.header" in keys and "cli.validate_ok" in keys


def test_every_literal_key_exists(catalogs):
    missing = {}
    for key, where in used_literal_keys().items():
        if "{" in key:  # an f-string: check the families below
            continue
        for lang in LANGUAGES:
            if key not in catalogs[lang]:
                missing[f"{lang}:{key}"] = where
    assert missing == {}


def test_every_family_of_computed_keys_exists(catalogs):
    needed = []
    for s in systems.SYSTEM_IDS:
        needed += [f"system.{s}.{part}" for part in ("name", "short", "badge", "definition", "question")]
    needed += [f"system.{systems.NONE}.name", f"system.{systems.NONE}.short"]
    needed += [f"reason.{r}" for r in systems.REASONS]
    needed += [f"misconception.{m}.{part}" for m in systems.MISCONCEPTIONS for part in ("name", "explanation", "condition")]
    needed += [f"verdict.{s}.{part}" for s in ITEM_STATUSES for part in ("label", "icon")]
    needed += [f"level.{x}.{part}" for x in systems.LEVELS for part in ("name", "description")]
    needed += [f"dimension.{x}.{part}" for x in systems.DIMENSIONS for part in ("name", "description")]
    needed += [f"approach.{x}.{part}" for x in systems.APPROACHES for part in ("name", "description")]
    needed += [f"actor_kind.{x}" for x in systems.ACTOR_KINDS]
    needed += [f"quality.{x}" for x in systems.QUALITIES]
    needed += [f"relation_kind.{x}" for x in systems.RELATION_KINDS]
    needed += [f"trait.{x}" for x in systems.TRAITS]
    for lang in LANGUAGES:
        assert [k for k in needed if k not in catalogs[lang]] == [], lang


def test_yaml_problem_messages_exist(catalogs):
    source = (PACKAGE / "_yaml.py").read_text(encoding="utf-8")
    keys = set(re.findall(r'YamlProblem\(\s*"([a-z_]+)"', source))
    assert {"alias", "tag", "too_deep", "too_large", "nul_byte", "duplicate_key", "invalid"} <= keys
    for lang in LANGUAGES:
        assert [k for k in keys if f"scenario_error.yaml.{k}" not in catalogs[lang]] == []


def test_yaml_hints_exist(catalogs):
    from swedu._yaml import _HINTS

    for lang in LANGUAGES:
        for name in {n for _, n in _HINTS} | {"tab", "general"}:
            assert f"scenario_error.yaml.hint.{name}" in catalogs[lang]


@pytest.mark.parametrize("validator", ["scenarios/validate.py", "activities/validate.py", "_schema.py"])
def test_validation_messages_are_not_hard_coded_english(validator):
    source = (PACKAGE / validator).read_text(encoding="utf-8")
    assert re.findall(r'expected="', source) == []
    for phrase in ("a block of fields", "a list", "yes/no", "the text", "filled in"):
        assert f'"{phrase}' not in source


# ----- the language switch -------------------------------------------------------------------------
def test_set_language_and_t():
    set_language("id")
    assert get_language() == "id" and t("system.client.name") == "sistem klien"
    set_language(" EN ")
    assert get_language() == "en" and t("system.client.name") == "client system"
    assert t("system.target.name", "id") == "sistem sasaran"  # an explicit language wins
    assert t("feedback.score", score=40) == "Score: 40%"


@pytest.mark.parametrize("bad", ["English", "fr", "", None, 1])
def test_unknown_language_is_explained(bad):
    with pytest.raises(ValueError, match="Choose one of: 'en' .English., 'id' .Bahasa Indonesia."):
        set_language(bad)
    assert get_language() == "en"


def test_unknown_language_in_indonesian():
    set_language("id")
    with pytest.raises(ValueError, match="Bahasa 'jawa' tidak dikenal"):
        set_language("jawa")
    assert get_language() == "id"


def test_missing_key_names_the_key():
    with pytest.raises(KeyError, match="no.such.key"):
        t("no.such.key")


def test_catalog_is_a_flat_mapping():
    assert catalog("id")["verdict.correct.label"] == _load_catalog("id")["verdict.correct.label"]


def test_glossary_terms_in_indonesian(catalogs):
    idn = catalogs["id"]
    assert idn["system.change_agent.name"] == "sistem pelaksana perubahan"
    assert idn["system.target.name"] == "sistem sasaran"
    assert idn["system.action.name"] == "sistem kegiatan"
    assert idn["level.micro.name"] == "mikro" and idn["level.macro.name"] == "makro"


@pytest.mark.parametrize("value, expected", [("id", "sistem klien"), ("en", "client system"), ("xx", "client system"),
                                             (" ID ", "sistem klien"), ("", "client system")])
def test_swedu_lang_environment_variable(value, expected):
    code = "import swedu.i18n as i; print(i.t('system.client.name'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"SWEDU_LANG": value, "PATH": "/usr/bin:/bin"})
    assert out.stdout.strip() == expected


def test_no_placeholder_is_named_language(catalogs):
    # t(key, language, **values) takes "language" itself, so a {language} placeholder could never be filled.
    clash = [key for key, text in catalogs["en"].items() if "language" in placeholders(text)]
    assert clash == []
