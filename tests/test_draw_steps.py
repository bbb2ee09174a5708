"""The map's ground drawn in small steps (while the learner reads) is the ground drawn at once, to the byte,
and a check that comes before the last step draws only what is left."""
from __future__ import annotations

import weakref

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

import swedu
from swedu import draw
from swedu.draw import maps, raster, style


def _drawn_at_once(scenario, stage: str, marks: bool, dpi: int) -> np.ndarray:
    """The ground's pixels as one ``canvas.draw()`` gives them (how the ground was drawn before the steps)."""
    fig, ax, legend_ax = style._new_figure()
    fig.set_dpi(dpi)
    maps._system_map_ground(scenario, scenario.graph(stage), ax, legend_ax, marks=marks)
    canvas = FigureCanvasAgg(style.plain_text(fig))
    canvas.draw()
    return np.asarray(canvas.buffer_rgba())[..., :3]


@pytest.mark.parametrize("case", swedu.scenario_ids())
def test_a_ground_drawn_in_steps_is_the_ground_drawn_at_once(case):
    scenario = swedu.load_scenario(case)
    for language, stage, marks in [("en", scenario.stages[0].id, True), ("id", scenario.stages[-1].id, False)]:
        swedu.set_language(language)
        try:
            ground = raster._MapGround(scenario, stage, marks=marks, dpi=60, in_steps=True)
            steps = sum(1 for _ in ground.steps)
            assert steps > 3  # really in steps
            pixels = ground.scanlines[:, 1:].reshape(ground.height, ground.width, 3)
            assert np.array_equal(pixels, _drawn_at_once(scenario, stage, marks, dpi=60))
            assert ground.ground_png == raster._MapGround(scenario, stage, marks=marks, dpi=60).ground_png
        finally:
            swedu.set_language("en")


def test_a_check_between_the_steps_finishes_the_ground_and_never_draws_it_again(monkeypatch):
    scenario = swedu.load_scenario("delinquent-youth")
    monkeypatch.setattr(draw, "_GROUNDS", weakref.WeakKeyDictionary())
    steps = draw.prepare_system_map(scenario, "intake", dpi=60)
    next(steps)
    next(steps)  # the ground is kept, partly drawn
    (ground,) = draw._GROUNDS[scenario].values()
    assert not hasattr(ground, "bands")
    made = []
    monkeypatch.setattr(draw, "_MapGround", lambda *a, **k: made.append(a))
    feedback = scenario.assess({"parents": "client"}, "intake")
    picture = draw.system_map_png(scenario, "intake", feedback, dpi=60)
    assert made == [] and len(ground.bands) > 0
    assert sum(1 for _ in steps) >= 10 * len(scenario.actors)  # the rest of the preparation: the marks
    assert draw.system_map_png(scenario, "intake", feedback, dpi=60) == picture
    monkeypatch.undo()
    draw._GROUNDS.clear()
    assert draw.system_map_png(scenario, "intake", feedback, dpi=60) == picture  # as a ground drawn at once
