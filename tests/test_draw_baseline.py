"""Figure regression: rendered PNGs against committed baselines in tests/baseline/.

The layouts are deterministic and the scenario is a fixture owned by these tests, so
a difference means the drawing changed. A missing baseline FAILS (never a silent pass).
After an intended change of the figures, regenerate and review the images:

    SWEDU_WRITE_BASELINES=1 PYTHONHASHSEED=0 MPLBACKEND=Agg .venv/bin/python -m pytest tests/test_draw_baseline.py

(the run that writes them still fails, so that nobody commits unreviewed images by accident).
The baselines were made with matplotlib 3.11.2 and its bundled DejaVu Sans font; text
rendering differs between matplotlib versions, so compare on the pinned version.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import matplotlib
import matplotlib.style
import pytest
from matplotlib.testing.compare import compare_images

import swedu
from swedu import draw
from swedu.activities import approach_scope

HERE = Path(__file__).parent / "baseline"
FIXTURE = HERE / "fixture-village.yaml"
BASELINE_MATPLOTLIB = "3.11.2"  # pinned in pyproject.toml's test extra and in environment.yml
TOLERANCE = 2.0  # RMS difference on a 0-255 scale: anti-aliasing noise passes, a moved line or text does not


def _village():
    return swedu.load_scenario(FIXTURE)


def _system_map_en():
    return draw.system_map(_village(), "first")


def _system_map_answer():
    village = _village()
    feedback = village.assess({"household": "client", "worker": "change_agent", "neighbour": "action",
                               "employer": "none"}, "first")
    return draw.system_map(village, "first", feedback=feedback)


def _system_map_id():
    swedu.set_language("id")
    return draw.system_map(_village(), "second")


def _ecomap_en():
    return draw.ecomap(_village())


def _approach_dualistic():
    village = _village()
    return draw.approach_map(village, "dualistic", approach_scope(village, "dualistic", "household"))


FIGURES = {
    "system_map_en": _system_map_en,
    "system_map_answer": _system_map_answer,
    "system_map_id": _system_map_id,
    "ecomap_en": _ecomap_en,
    "approach_dualistic": _approach_dualistic,
}


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_figure_matches_baseline(name, tmp_path):
    with matplotlib.style.context("default"):
        png = draw.png_bytes(FIGURES[name](), dpi=60)
    actual = tmp_path / f"{name}.png"
    actual.write_bytes(png)
    expected = HERE / f"{name}.png"
    if os.environ.get("SWEDU_WRITE_BASELINES"):
        shutil.copyfile(actual, expected)
        pytest.fail(f"wrote {expected}; review it, then run again without SWEDU_WRITE_BASELINES")
    assert expected.is_file(), (
        f"baseline {expected} is missing; create it with SWEDU_WRITE_BASELINES=1 (see this file's docstring)")
    problem = compare_images(str(expected), str(actual), tol=TOLERANCE)
    assert problem is None, f"{problem} (baselines: matplotlib {BASELINE_MATPLOTLIB}; this is {matplotlib.__version__})"


def test_the_comparison_can_fail(tmp_path):
    """Guard against a comparison that always passes: a different figure must not match."""
    expected = HERE / "system_map_en.png"
    assert expected.is_file()
    with matplotlib.style.context("default"):
        other = draw.png_bytes(draw.system_map(_village(), "second"), dpi=60)
    actual = tmp_path / "other.png"
    actual.write_bytes(other)
    assert compare_images(str(expected), str(actual), tol=TOLERANCE) is not None


def test_a_missing_baseline_fails(tmp_path, monkeypatch):
    """No silent pass: without its baseline image the comparison test fails and says how to make one."""
    import sys

    module = sys.modules[__name__]
    monkeypatch.setattr(module, "HERE", tmp_path / "no-baselines-here")
    monkeypatch.delenv("SWEDU_WRITE_BASELINES", raising=False)
    with pytest.raises(AssertionError, match="is missing; create it with SWEDU_WRITE_BASELINES=1"):
        test_figure_matches_baseline("ecomap_en", tmp_path)
