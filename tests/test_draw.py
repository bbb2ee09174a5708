"""Figures: system map, ecomap, approach map (cues that read in greyscale, legend, layout, language)."""
from __future__ import annotations

import itertools
import math
from pathlib import Path

import matplotlib
import pytest
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch

import swedu
from swedu import draw
from swedu.activities import approach_scope

FIXTURE = Path(__file__).parent / "baseline" / "fixture-village.yaml"


@pytest.fixture
def village():
    return swedu.load_scenario(FIXTURE)


def _all_axes(fig):
    return [a for ax in fig.axes for a in (ax, *ax.child_axes)]


def _by_gid(fig, prefix, kinds=("texts", "patches", "lines")):
    out = []
    for ax in _all_axes(fig):
        for kind in kinds:
            out += [a for a in getattr(ax, kind) if (a.get_gid() or "").startswith(prefix)]
    return out


def _badges(fig, actor):
    return sorted(a.get_text() for a in _by_gid(fig, f"badge:{actor}:", ("texts",)))


def test_system_map_is_a_figure_not_left_open_in_pyplot(village):
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    fig = draw.system_map(village)
    assert isinstance(fig, Figure)
    assert plt.get_fignums() == before


def test_every_system_has_a_letter_badge_and_several_systems_all_show(village):
    fig = draw.system_map(village, "first")
    assert _badges(fig, "household") == ["CL", "T"]
    assert _badges(fig, "worker") == ["CA"]
    assert _badges(fig, "grandmother") == []
    assert _by_gid(fig, "nobadge:grandmother")
    # Colour repeats the letter: each badge's box has its system's Okabe-Ito colour.
    for text in _by_gid(fig, "badge:", ("texts",)):
        system = text.get_gid().split(":")[2]
        face = text.get_bbox_patch().get_facecolor()
        assert matplotlib.colors.to_hex(face).lower() == draw.SYSTEM_COLOURS[system].lower()


def test_badges_follow_the_stage(village):
    fig = draw.system_map(village, "second")
    assert _badges(fig, "household") == ["CL"]
    assert _badges(fig, "grandmother") == ["AC"]


def test_persons_are_circles_and_collectives_rounded_squares(village):
    fig = draw.system_map(village)
    nodes = {a.get_gid().split(":")[1]: a for a in _by_gid(fig, "node:", ("patches",))}
    assert isinstance(nodes["worker"], Circle)
    assert isinstance(nodes["neighbour"], Circle)
    for collective in ("agency", "household", "school", "mosque"):
        assert isinstance(nodes[collective], FancyBboxPatch)


def test_relation_styles_read_without_colour(village):
    fig = draw.system_map(village)
    lines = {tuple(line.get_gid().split(":")[1:3]): line for line in _by_gid(fig, "edge:", ("lines",))}
    assert len(lines) == len(village.relations)
    tenuous = lines[("household", "school")]
    strong = lines[("household", "clinic")]
    stronger = lines[("worker", "agency")]
    stressful = lines[("household", "employer")]
    assert tenuous.get_linestyle() == "--"
    assert strong.get_linestyle() == "-" and stronger.get_linestyle() == "-"
    assert stronger.get_linewidth() > lines[("household", "mosque")].get_linewidth() > strong.get_linewidth()
    # Stressful is a zigzag, never dashed (dashed means tenuous).
    assert stressful.get_linestyle() == "-"
    assert len(stressful.get_xdata()) > 5


def test_arrows_show_the_direction_of_energy(village):
    fig = draw.system_map(village)
    arrows = _by_gid(fig, "arrow:", ("patches",))
    assert all(isinstance(a, FancyArrowPatch) for a in arrows)
    expected = sum({"none": 0, "forward": 1, "backward": 1, "both": 2}[r.direction] for r in village.relations)
    assert len(arrows) == expected
    assert len(_by_gid(fig, "arrow:household:mosque", ("patches",))) == 2


def test_the_legend_is_always_drawn_with_every_cue(village):
    for fig in (draw.system_map(village), draw.system_map(village, feedback=village.assess({"household": "client"})),
                draw.ecomap(village), draw.approach_map(village, "dualistic",
                                                        approach_scope(village, "dualistic", "household"))):
        legend = [ax for ax in fig.axes if ax.get_gid() == "legend"]
        assert len(legend) == 1
        gids = {a.get_gid() for a in legend[0].texts}
        assert {"legend:title", "legend:person", "legend:collective", "legend:strong", "legend:stronger",
                "legend:tenuous", "legend:stressful", "legend:arrow"} <= gids
    fig = draw.system_map(village)
    legend_texts = {a.get_gid(): a.get_text() for a in fig.axes[1].texts}
    assert legend_texts["legend:system:target"] == "target system"
    assert sorted(a.get_text() for a in _by_gid(fig, "legend:badge:", ("texts",))) == ["AC", "CA", "CL", "T"]


def test_answer_marks_mistakes_with_icon_and_words(village):
    feedback = village.assess({"household": "client", "worker": "change_agent", "neighbour": "action",
                               "school": ["action", "target"]}, "first")
    fig = draw.system_map(village, "first", feedback=feedback)
    marks = {a.get_gid(): a.get_text() for a in _by_gid(fig, "verdict:", ("texts",))}
    assert marks["verdict:household:missing"] == "◐ A role is missing"
    assert marks["verdict:neighbour:wrong"] == "✖ Not yet right"
    assert marks["verdict:school:extra"] == "✚ One role too many"
    assert marks["verdict:worker:correct"] == "✔"
    assert marks["verdict:mosque:not_answered"] == "? Not answered yet"
    # The badges show the learner's choices, not the key (the missing target is not given away).
    assert _badges(fig, "household") == ["CL"]
    assert _badges(fig, "neighbour") == ["AC"]


def test_a_map_of_an_answer_is_drawn_from_its_feedback_and_drawing_never_grades(village, monkeypatch):
    feedback = village.assess({"household": ["client", "target"]}, "first")

    def no_grading(*args, **kwargs):
        raise AssertionError("drawing must not grade")

    monkeypatch.setattr(type(village), "assess", no_grading)
    monkeypatch.setattr("swedu.assess.assess", no_grading)
    monkeypatch.setitem(swedu.model._CHECKING, "assess", no_grading)  # what Scenario.assess hands its work to
    fig = draw.system_map(village, feedback=feedback)
    assert _by_gid(fig, "verdict:household:correct")
    assert draw.system_map_png(village, feedback=feedback)[:4] == b"\x89PNG"
    # An answer is not a feedback: the error says what to pass instead.
    with pytest.raises(TypeError, match=r"case\.assess\(answer"):
        draw.system_map(village, "first", {"household": "client"})


def test_labels_follow_the_language(village):
    swedu.set_language("id")
    fig = draw.system_map(village, "first")
    assert _badges(fig, "household") == ["KL", "S"]
    assert fig.axes[0].get_title(loc="left").startswith("Peta sistem: Rumah tangga Wijaya")
    names = {a.get_gid(): a.get_text() for a in _by_gid(fig, "name:", ("texts",))}
    assert names["name:mosque"] == "Masjid Al-Ikhlas"
    legend = {a.get_gid(): a.get_text() for a in fig.axes[1].texts}
    assert legend["legend:tenuous"] == "renggang (putus-putus)"


def test_layout_is_deterministic_with_the_centre_in_the_middle(village):
    first = draw.layout(village)
    assert first == draw.layout(village)
    assert first["household"] == (0.0, 0.0)
    assert set(first) == {a.id for a in village.actors}


def _big_scenario(tmp_path, n):
    actors = "\n".join(f"  - id: a{i}\n    kind: {'person' if i % 2 else 'group'}\n"
                       f"    name: {{en: Actor number {i}, id: Pelaku nomor {i}}}" for i in range(n))
    relations = "\n".join(f"  - between: [a0, a{i}]\n    kind: community\n    quality: strong\n"
                          f"    strength: 1\n    direction: none" for i in range(1, n))
    text = f"""id: big
level: macro
topic: {{en: Big, id: Besar}}
title: {{en: A big network, id: Jaringan besar}}
summary: {{en: Many actors., id: Banyak pelaku.}}
centre: a0
actors:
{actors}
relations:
{relations}
stages:
  - id: only
    title: {{en: Only, id: Satu-satunya}}
    narrative: {{en: Many actors., id: Banyak pelaku.}}
    roles:
      a1:
        client:
          reason: asked_or_agreed
          rationale: {{en: Asked., id: Meminta.}}
      a2:
        target:
          reason: must_change
          rationale: {{en: Must change., id: Harus berubah.}}
"""
    path = tmp_path / "big.yaml"
    path.write_text(text, encoding="utf-8")
    return swedu.load_scenario(path)


def test_thirty_actors_do_not_overlap(tmp_path):
    big = _big_scenario(tmp_path, 30)
    pos = draw.layout(big)
    closest = min(math.dist(pos[a], pos[b]) for a, b in itertools.combinations(pos, 2))
    assert closest > 2.2 * draw._NODE_R
    fig = draw.system_map(big)
    assert len(_by_gid(fig, "node:", ("patches",))) == 30


def test_ecomap_puts_the_household_in_the_centre(village):
    fig = draw.ecomap(village)
    centre = _by_gid(fig, "node:household:centre", ("patches",))
    assert len(centre) == 1
    outer = _by_gid(fig, "node:", ("patches",))
    assert len(outer) == len(village.actors)
    assert fig.axes[0].get_title(loc="left") == "Ecomap: The Wijaya household"
    labels = {a.get_gid(): a.get_text() for a in _by_gid(fig, "relation_label:", ("texts",))}
    assert labels == {"relation_label:household:employer": "night shifts"}
    # No system badges on an ecomap: it shows relations, not roles.
    assert not _by_gid(fig, "badge:", ("texts",))


def test_ecomap_is_drawn_from_the_graph(village, monkeypatch):
    """The ecomap reads Scenario.graph(stage): what the graph says is what the picture shows."""
    graph = village.graph()
    graph.edges["household", "employer"]["label"] = "from the graph"
    monkeypatch.setattr(type(village), "graph", lambda self, stage=None: graph)
    fig = draw.ecomap(village)
    labels = {a.get_gid(): a.get_text() for a in _by_gid(fig, "relation_label:", ("texts",))}
    assert labels == {"relation_label:household:employer": "from the graph"}


def test_ecomap_does_not_depend_on_the_order_of_relations_in_the_file(tmp_path):
    """Moving relations around in a case file moves no line and no label (four labelled relations)."""
    import yaml

    source = Path(swedu.__file__).parent / "scenarios" / "data" / "old-man-and-brother.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    assert sum(bool(r.get("label")) for r in data["relations"]) >= 3
    data["relations"].reverse()
    moved = tmp_path / "old-man-and-brother.yaml"
    moved.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    original, reordered = swedu.load_scenario(source), swedu.load_scenario(moved)
    assert [(r.source, r.target) for r in original.relations] != [(r.source, r.target) for r in reordered.relations]
    assert draw.png_bytes(draw.ecomap(original)) == draw.png_bytes(draw.ecomap(reordered))

def test_ecomap_labels_are_placed_in_an_order_of_their_own():
    """Labels compete for room; who goes first comes from the lines (shortest first, then ids), never
    from the order of the edges, so every permutation of the relations places them the same way."""
    case = swedu.load_scenario("street-children")
    graph = case.graph()
    pos, _circle = draw.ecomap_layout(graph)
    relations = list(draw._relations(graph))
    orders = {tuple((s, t) for s, t, _ in draw._label_order(list(p), pos))
              for p in itertools.islice(itertools.permutations(relations), 0, None, 997)}
    assert len(orders) == 1
    (order,) = orders
    assert len(order) == sum(bool(d["label"]) for _s, _t, d in relations) >= 3
    lengths = [round(math.dist(pos[s], pos[t]), 6) for s, t in order]
    assert lengths == sorted(lengths)

def test_ecomap_rejects_an_unknown_stage(village):
    with pytest.raises(swedu.AnswerError, match="first, second"):
        draw.ecomap(village, "third")


def test_approach_map_highlights_with_hatch_and_words(village):
    scope = approach_scope(village, "monolistic", "household")
    fig = draw.approach_map(village, "monolistic", scope)
    addressed = _by_gid(fig, "node:household:addressed", ("patches",))
    assert len(addressed) == 1 and addressed[0].get_hatch() == "///"
    assert len(_by_gid(fig, "node:", ("patches",))) == len(village.actors)
    assert [a.get_gid() for a in _by_gid(fig, "addressed:", ("texts",))] == ["addressed:household"]


def test_png_bytes_are_reproducible(village):
    first = draw.png_bytes(draw.system_map(village))
    second = draw.png_bytes(draw.system_map(village))
    assert first[:8] == b"\x89PNG\r\n\x1a\n"
    assert first == second


def test_draw_into_a_given_axes(village):
    fig = Figure(figsize=(8, 6))
    ax = fig.add_subplot()
    result = draw.system_map(village, ax=ax)
    assert result is fig
    assert [a.get_gid() for a in _all_axes(fig)].count("legend") == 1
    assert _badges(fig, "household") == ["CL", "T"]


def _pixels(png: bytes):
    import io

    import numpy as np
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


def test_the_fast_map_after_check_is_the_whole_figure(village):
    """system_map_png (ground drawn once, marks laid over it, rows recompressed) shows what system_map draws."""
    answers = [{"household": "client", "worker": "change_agent", "neighbour": "action", "employer": "none"},
               {"household": ["client", "target"], "school": ["action", "target", "client"]}]
    feedbacks = [village.assess(a, "first") for a in answers]
    for feedback in feedbacks + [None]:
        whole = _pixels(draw.png_bytes(draw.system_map(village, "first", feedback), dpi=60))
        fast = _pixels(draw.system_map_png(village, "first", feedback, dpi=60))
        assert fast.shape == whole.shape
        assert abs(fast - whole).max() <= 3  # anti-aliasing rounding only
    # The first answer's map again, from the kept ground and marks; and different answers differ.
    first = _pixels(draw.system_map_png(village, "first", feedbacks[0], dpi=60))
    assert abs(first - _pixels(draw.png_bytes(draw.system_map(village, "first", feedbacks[0]), dpi=60))).max() <= 3
    assert (first != _pixels(draw.system_map_png(village, "first", feedbacks[1], dpi=60))).any()


def test_the_map_in_two_layers_stacks_to_the_one_picture(village):
    """system_map_layers: an opaque ground, the same bytes for every answer of a stage, and a transparent
    layer of the marks that, laid over it ("over", as a browser stacks two images), is system_map_png."""
    import io

    import numpy as np
    from PIL import Image

    answers = [{"household": "client", "worker": "change_agent", "employer": "none"},
               {"household": ["client", "target"], "school": ["action", "target", "client"]}]
    grounds = set()
    for feedback in [village.assess(a, "first") for a in answers] + [None]:
        ground, marks = draw.system_map_layers(village, "first", feedback, dpi=60)
        grounds.add((ground, feedback is None))
        below = Image.open(io.BytesIO(ground))
        above = Image.open(io.BytesIO(marks))
        assert below.mode == "RGB" and above.mode == "RGBA" and below.size == above.size
        stacked = np.asarray(Image.alpha_composite(below.convert("RGBA"), above).convert("RGB")).astype(int)
        one = _pixels(draw.system_map_png(village, "first", feedback, dpi=60))
        assert abs(stacked - one).max() <= 1
        alpha = np.asarray(above)[..., 3]
        assert 0 < np.count_nonzero(alpha) < alpha.size // 10  # only the marks: transparent elsewhere
        assert len(marks) < len(ground) / 2
    assert len({g for g, key in grounds if not key}) == 1  # one ground for every answer of the stage
    assert len({g for g, _key in grounds}) == 2  # the key's map has its own (no verdicts in its legend)


def test_preparing_a_map_draws_its_ground_and_usual_marks_ahead(village, monkeypatch):
    import weakref

    monkeypatch.setattr(draw, "_GROUNDS", weakref.WeakKeyDictionary())
    steps = draw.prepare_system_map(village, "first", dpi=60)
    next(steps)
    (ground,) = draw._GROUNDS[village].values()  # the first step draws the ground
    assert ground.sprites == {}
    rest = sum(1 for _ in steps)
    assert len(ground.sprites) == 10 * len(village.actors) and rest >= len(ground.sprites)
    feedback = village.assess({"household": "client", "employer": "none"}, "first")
    draw.system_map_layers(village, "first", feedback, dpi=60)
    assert len(ground.sprites) == 10 * len(village.actors)  # nothing new to draw for this first check
