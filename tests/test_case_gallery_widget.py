"""Lesson 10's gallery: a button per case (keyboard-usable in JupyterLab), texts from the catalogs."""
from __future__ import annotations

import ipywidgets as w
import pytest

import swedu
from swedu.i18n import t
from swedu.scenarios import scenario_table
from swedu.widgets.gallery import CaseGallery


@pytest.mark.parametrize("language", ["en", "id"])
def test_the_gallery_offers_one_button_per_case_and_opens_the_one_pressed(language):
    swedu.set_language(language)
    try:
        gallery = CaseGallery()
        rows = scenario_table(language)
        assert isinstance(gallery.choice, w.ToggleButtons)  # not a <select>: notebook shortcuts take its keys
        assert not any(isinstance(c, w.Dropdown) for c in gallery.widget.children)
        assert list(gallery.choice.options) == [(row.title, row.id) for row in rows]
        assert gallery.choice.description == t("lessons.gallery.choose", language)
        assert list(gallery.choice.tooltips) == [row.title for row in rows]
        assert gallery.classifier.scenario.id == rows[0].id
        gallery.choice.value = rows[-1].id  # what pressing the last button does
        assert gallery.classifier.scenario.id == rows[-1].id
        assert gallery.widget.children == (gallery._style, gallery.choice, gallery.classifier.widget)
        assert "swedu-script" in gallery._style.value  # the keyboard script: no key reaches the notebook
    finally:
        swedu.set_language("en")
