"""The report's rooms (issue 14): class statistics as plain data, inputs apart, one template per output
with escaping no template can forget, and the package's public names and data in place."""
from __future__ import annotations

import ast
import html
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import swedu
from swedu import report as report_module
from swedu.report import build_report, render
from swedu.progress import Attempt
from swedu.report.statistics import MAX_ATTEMPTS_PER_ACTIVITY, ClassStatistics, HandIn

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "swedu" / "report"
EVERY_KIND = ROOT / "tests" / "data" / "report" / "every-kind"
RENDERING = ("jinja2", "markupsafe", "matplotlib")


def _third_party_imports(path: Path) -> set:
    """Top-level names of every module ``path`` imports, at module level or inside functions."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and not node.level:
            names.add((node.module or "").split(".")[0])
    return names


def test_the_statistics_import_neither_jinja2_nor_matplotlib():
    from test_core_walls import import_graph

    graph = import_graph()
    reached = {"swedu.report.statistics"}
    todo = ["swedu.report.statistics"]
    while todo:
        for target in graph[todo.pop()]:
            if target not in reached:
                reached.add(target)
                todo.append(target)
    files = {m: ROOT / (m.replace(".", "/") + ".py") for m in reached}
    files = {m: p if p.exists() else p.with_suffix("") / "__init__.py" for m, p in files.items()}
    found = {m: sorted(_third_party_imports(p) & set(RENDERING)) for m, p in files.items()}
    assert {m: names for m, names in found.items() if names} == {}
    assert "swedu.i18n" in reached and not any(m.startswith("swedu.report.") and m != "swedu.report.statistics"
                                               for m in reached)


def test_counting_a_class_loads_neither_jinja2_nor_matplotlib():
    code = ("import json, sys; from swedu.report import build_report; "
            f"r = build_report([{str(EVERY_KIND)!r}], language='en', generated='now'); "
            "assert r.students == 6 and r.stages and r.dominant(); "
            f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {RENDERING!r})))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120,
                         cwd=ROOT)
    assert json.loads(out.stdout) == []


def _attempt(actor_verdicts, misconceptions=None, alternatives=None, stage="intake", item="delinquent-youth"):
    return Attempt("scenario", item, stage, 0.5, statuses=actor_verdicts,
                   misconceptions_by_item={k: tuple(v) for k, v in (misconceptions or {}).items()},
                   alternatives_by_item={k: tuple(v) for k, v in (alternatives or {}).items()})


def test_statistics_count_plain_data_without_any_file():
    case = swedu.load_scenario("delinquent-youth")
    hand_ins = [
        HandIn("owl-17", "a.json", [_attempt({"teen": "wrong", "parents": "correct"},
                                             {"teen": ["client_is_problem_bearer"]}),
                                    _attempt({"teen": "correct"})]),
        HandIn("kite-02", "b.json", [_attempt({"teen": "wrong", "parents": "not_answered"},
                                              {"teen": ["client_is_problem_bearer"]})]),
    ]
    stats = ClassStatistics.count(hand_ins, lambda kind, item: case, "en", "today")
    assert (stats.students, stats.attempts, stats.used) == (2, 3, ["a.json", "b.json"])
    (stage,) = stats.stages
    assert stage.title == f"{case.title['en']} — {case.stage('intake').title['en']}"
    teen, parents = stage.actors
    assert (teen.name, teen.answers, teen.wrong, teen.share, teen.student_share) == ("Dimas", 3, 2, 0.75, 1.0)
    assert (parents.answers, parents.wrong) == (1, 0)  # "not answered" is no answer
    assert stats.dominant() == [("client_is_problem_bearer", 2, 2)]
    assert [a.actor for _, a in stats.hardest()] == ["teen"] and stats.exercises == []


def test_alternatives_beyond_the_attempt_cap_are_not_counted():
    right = _attempt({"parents": "correct"}, alternatives={"parents": ["client"]}, stage="reassessment")
    hand_in = HandIn("loud-01", "a.json", [right] * (MAX_ATTEMPTS_PER_ACTIVITY + 7))
    stats = ClassStatistics.count([hand_in], lambda kind, item: None, "en", "today")
    (stage,) = stats.stages
    assert stats.capped == 7 and dict(stage.actors[0].alternatives) == {"client": MAX_ATTEMPTS_PER_ACTIVITY}


@pytest.mark.parametrize("output, expected", [
    ("html", html.escape("<b>\"A\" & 'B' | C</b>\n", quote=True)),
    ("md", "&lt;b&gt;\"A\" &amp; 'B' \\| C&lt;/b&gt; "),
])
def test_every_value_a_template_prints_is_escaped_for_its_output(output, expected):
    environment = render.environment(output)
    hostile = "<b>\"A\" & 'B' | C</b>\n"
    assert environment.from_string("{{ x }}").render(x=hostile) == expected
    assert environment.from_string("{{ t(x) }}").render(x=hostile, t=str.upper) == render.environment(
        output).finalize(hostile.upper())  # a label from a function is escaped too
    with pytest.raises(Exception, match="undefined"):
        environment.from_string("{{ missing }}").render()  # a misspelt name fails, never prints nothing


def test_one_template_per_output_ships_with_the_package():
    assert sorted(p.name for p in (PACKAGE / "templates").iterdir()) == ["report.html.j2", "report.md.j2"]
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"swedu.report" = ["templates/*.j2"]' in text
    for template in (PACKAGE / "templates").iterdir():
        source = template.read_text(encoding="utf-8")
        assert "|safe" not in source.replace(" ", "") and "autoescape false" not in source  # no way around escaping


def test_the_live_page_can_leave_the_figure_out():
    report = build_report([EVERY_KIND], language="en", generated="now")
    page = render.render_html(report, None, standalone=False)  # what swedu.hub.views does: it draws its own chart
    assert "data:image/png" not in page and "<table>" in page
    with_figure = report.html(standalone=False)
    assert "data:image/png" in with_figure
    assert page == re.sub(r"<figure>.*?</figure>\n?", "", with_figure, flags=re.S)  # only the figure is left out


def test_public_names_stay():
    for name in ("build_report", "build_report_from", "run_cli", "ClassReport", "KnownIds", "Skipped", "ActorStats", "StageStats",
                 "ExerciseStats", "MAX_ATTEMPTS_PER_ACTIVITY", "WRONG", "OKABE_ITO_BLUE"):
        assert hasattr(report_module, name), name
    report = build_report([EVERY_KIND], language="id", generated="now")
    assert isinstance(report, ClassStatistics) and report.t("report.title") == swedu.i18n.t("report.title", "id")
    assert repr(report) == "<swedu class report: 6 students, 70 attempts, 0 skipped>"
