"""KeyMap and SeveralRoles: an answer key that waits until the learner has checked, or asks for it."""
from __future__ import annotations

import swedu
from swedu.i18n import t
from swedu.widgets import Classifier, KeyMap, SeveralRoles


def test_key_map_waits_for_a_check_of_its_stage():
    intake = Classifier("delinquent-youth", show_map=False)
    key = KeyMap(intake)
    assert key.stage.id == "intake" and repr(key) == "<KeyMap delinquent-youth, stage intake>"
    assert key.show() is False and key.map_png == b""
    assert key.status_text == t("widgets.key_reveal.check_first")
    assert key._image.layout.display == "none"
    intake.select("parents", "client")
    intake.check()
    assert key.show() is True and key.map_png.startswith(b"\x89PNG")
    alt = t("widgets.classifier.key_map_alt", scenario="Dimas and his parents", stage=str(key.stage.title))
    assert 'alt="' in key._image.value and key.status_text == ""
    assert alt.split(",")[0] in key._caption.value


def test_key_map_of_a_later_stage_waits_for_that_stage():
    youth = Classifier("delinquent-youth", show_map=False)
    later = KeyMap(youth, stage="reassessment")
    youth.check()
    assert later.show() is False  # checked only the intake
    youth.next_stage()
    assert later.show() is False  # on the stage, not yet checked
    youth.check()
    assert later.show() is True
    youth.reset()
    assert KeyMap(youth, stage="intake").show() is True  # moved past the intake


def test_key_map_of_a_scenario_shows_on_request_in_the_language_it_was_made():
    swedu.set_language("id")
    key = KeyMap("small-business", "signed")
    swedu.set_language("en")
    assert key.show() is True
    assert "Peta sistem" in key._caption.value


def test_several_roles_lists_nothing_before_the_button():
    roles = SeveralRoles(["probation", "hospital-discharge"])
    assert roles.rows == [] and roles._table.value == ""
    rows = roles.show()
    assert ("A goal of his own", "Andi", "client system + target system") in [r[1:] for r in rows]
    assert all(row[3].count("+") >= 1 for row in rows)
    assert "<table>" in roles._table.value and "Andi" in roles._table.value
    assert repr(roles) == "<SeveralRoles probation, hospital-discharge>"


def test_several_roles_escapes_html():
    roles = SeveralRoles(["probation"])
    roles.show()
    assert "<td>Mr Rahmat&#x27;s motorbike workshop</td>" in roles._table.value
