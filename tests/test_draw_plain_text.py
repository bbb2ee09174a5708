"""Case text is drawn as plain text in every figure: a ``$`` is a dollar sign, never mathematics."""
from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("matplotlib")

import swedu  # noqa: E402
from swedu import draw  # noqa: E402
from swedu.model import Text  # noqa: E402

MATHS_TRAPS = ["earns $5 a day, owes $10", r"$\undefinedcmd{x}$", "$x^2$ and $", r"50% \$ _under_ ^hat^ {}",
               "$$", r"\frac{a}{b} $\alpha$"]


def _with_text(case, texts: list[str]):
    """The case with its titles, names, narratives and relation labels replaced by ``texts`` (cycled)."""
    source = iter(texts * (1 + 40 // max(len(texts), 1)))

    def text():
        value = next(source)
        return Text(en=value, id=value[::-1] or "-")

    actors = tuple(dataclasses.replace(a, name=text()) for a in case.actors)
    stages = tuple(dataclasses.replace(s, title=text(), narrative=text()) for s in case.stages)
    relations = tuple(dataclasses.replace(r, label=text()) for r in case.relations)
    return dataclasses.replace(case, title=text(), actors=actors, stages=stages, relations=relations)


def _every_figure(case):
    stage = case.stages[0]
    answer = case.assess({case.actors[0].id: "client"}, stage.id)
    scope = {"actors": {case.actors[0].id}, "relations": set()}
    return [draw.system_map(case, stage.id), draw.system_map(case, stage.id, feedback=answer), draw.ecomap(case),
            draw.approach_map(case, "dualistic", scope)]


def _texts(fig) -> list[str]:
    import matplotlib.text

    return [t.get_text() for t in fig.findobj(matplotlib.text.Text)]


@pytest.mark.parametrize("language", ["en", "id"])
def test_dollars_and_backslashes_are_drawn_as_written(language):
    swedu.set_language(language)
    case = _with_text(swedu.load_scenario("delinquent-youth"), MATHS_TRAPS)
    for fig in _every_figure(case):
        assert draw.png_bytes(fig, dpi=30).startswith(b"\x89PNG")
        drawn = "\n".join(_texts(fig))
        assert r"$\undefinedcmd{x}$" in drawn or r"}x{dmcdenifednu\$" in drawn
        import matplotlib.text

        assert not any(t.get_parse_math() for t in fig.findobj(matplotlib.text.Text))


def test_a_classifier_check_and_reveal_survive_maths_in_the_case():
    from swedu.widgets import Classifier

    case = _with_text(swedu.load_scenario("delinquent-youth"), MATHS_TRAPS)
    classifier = Classifier(case, show_reveal_button=True)
    classifier.check()
    assert classifier.map_png.startswith(b"\x89PNG")
    classifier.reveal()
    assert classifier.map_png.startswith(b"\x89PNG")


# Letters, digits, punctuation, symbols (with $ \\ ^ _ { }) and spaces of any script; control and private-use
# characters are left out (nobody writes them, and looking for their missing glyphs only costs time).
_CASE_TEXT = st.text(st.characters(categories=["L", "M", "N", "P", "S", "Zs"]) | st.sampled_from("$\\^_{}%"),
                     min_size=1, max_size=40)


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(_CASE_TEXT, min_size=1, max_size=6),
       language=st.sampled_from(["en", "id"]))
def test_every_figure_draws_any_unicode_text(texts, language):
    swedu.set_language(language)
    try:
        case = _with_text(swedu.load_scenario("small-business"), texts)
        for fig in _every_figure(case):
            assert draw.png_bytes(fig, dpi=20).startswith(b"\x89PNG")
    finally:
        swedu.set_language("en")
