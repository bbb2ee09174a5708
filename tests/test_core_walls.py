"""The walls of the house: the core never imports the drawing, widget or progress layers, and no module
of swedu imports itself back through others (no import cycles, deferred imports included)."""
from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

FORBIDDEN = ["matplotlib", "ipywidgets", "IPython", "swedu.draw", "swedu.widgets", "swedu.progress", "swedu.cli",
             "swedu.report", "swedu.exercises", "swedu.hub", "tornado", "jupyterhub"]

USE_THE_CORE = """
import json, sys
import swedu
from swedu import systems, model, assess, i18n, scenarios
from swedu.scenarios import validate
loaded_by_import = sorted(m for m in ("networkx", "yaml") if m in sys.modules)
youth = swedu.load_scenario("delinquent-youth")
swedu.set_language("id")
feedback = youth.assess({"parents": "klien", "teen": "sasaran"}, stage="reassessment")
text, page, graph = str(feedback), feedback._repr_html_(), youth.graph("reassessment")
try:
    swedu.load_scenario("no-such-case")
except swedu.ScenarioError:
    pass
print(json.dumps({"modules": sorted(sys.modules), "lazy": loaded_by_import}))
"""


@pytest.fixture(scope="module")
def result() -> dict:
    out = subprocess.run([sys.executable, "-c", USE_THE_CORE], capture_output=True, text=True, check=True,
                         timeout=120)
    return json.loads(out.stdout)


def test_core_imports_no_drawing_widgets_or_progress(result):
    loaded = [name for name in result["modules"] if any(name == f or name.startswith(f + ".") for f in FORBIDDEN)]
    assert loaded == []


def test_import_swedu_defers_networkx_and_yaml(result):
    # networkx is needed only for graphs and PyYAML only for reading files: the first import stays light.
    assert result["lazy"] == []
    assert "networkx" in result["modules"] and "yaml" in result["modules"]  # loaded once they were used


# ----- no import cycles --------------------------------------------------------------------------
PACKAGE = Path(__file__).resolve().parent.parent / "swedu"


def _module_name(path: Path, package: Path) -> str:
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _type_checking_only(node, parents) -> bool:
    """True inside ``if TYPE_CHECKING:`` (annotations only: never imported when the code runs)."""
    return any(isinstance(p, ast.If) and "TYPE_CHECKING" in ast.unparse(p.test) for p in parents)


def import_graph(package: Path = PACKAGE) -> dict:
    """``{module: {imported swedu module: line}}`` for every module of the package, from its source.

    Every ``import`` counts, at module level and inside functions alike (a deferred import hides
    a cycle, it does not remove it), except those under ``if TYPE_CHECKING:``.
    ``from swedu.x import y`` points at the module ``swedu.x.y`` when there is one, else at ``swedu.x``.
    """
    files = {_module_name(p, package): p for p in sorted(package.rglob("*.py"))}
    graph: dict = {name: {} for name in files}
    for name, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        parents: dict = {}
        for parent in ast.walk(tree):
            for child in ast.iter_child_nodes(parent):
                parents[child] = parent

        def chain(node):
            while node in parents:
                node = parents[node]
                yield node

        is_package = path.name == "__init__.py"
        for node in ast.walk(tree):
            if not isinstance(node, (ast.Import, ast.ImportFrom)) or _type_checking_only(node, chain(node)):
                continue
            targets = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                base = node.module or ""
                if node.level:  # relative: from the module's own package upwards
                    here = name.split(".") if is_package else name.split(".")[:-1]
                    here = here[:len(here) - node.level + 1]
                    base = ".".join(here + ([base] if base else []))
                for alias in node.names:
                    full = f"{base}.{alias.name}"
                    targets.append(full if full in files else base)
            for target in targets:
                if target in files and target != name:
                    graph[name].setdefault(target, node.lineno)
    return graph


def find_cycles(graph: dict) -> list:
    """Every import cycle, each a list of modules with the first repeated at the end (shortest first)."""
    import networkx as nx

    directed = nx.DiGraph((a, b) for a, targets in graph.items() for b in targets)
    cycles = []
    for cycle in nx.simple_cycles(directed):
        start = cycle.index(min(cycle))  # the same cycle always reads from the same module
        cycle = cycle[start:] + cycle[:start]
        cycles.append(cycle + [cycle[0]])
    return sorted(cycles, key=lambda c: (len(c), c))


def package_graph(graph: dict, outside=()) -> dict:
    """The import graph between rooms: each import ``a -> b`` becomes an import between the two rooms that
    hold them side by side (the children of their deepest common package): ``swedu.progress.store ->
    swedu.hub.link`` is ``swedu.progress -> swedu.hub``, ``swedu.model -> swedu.assess`` stays as it is.
    A package importing its own parts (``swedu.progress`` -> ``swedu.progress.store``) is no edge. So a
    cycle here is a cycle between rooms, even when no module imports itself back. The modules in
    ``outside`` (the aliases: no part of the room whose folder holds them) are left out.
    ``{room: {room: "module (line n) -> module"}}``, the first import that makes each edge."""
    rooms: dict = {}
    for a, targets in graph.items():
        if a in outside:
            continue
        for b, line in targets.items():
            left, right = a.split("."), b.split(".")
            common = 0
            while common < min(len(left), len(right)) and left[common] == right[common]:
                common += 1
            if common == len(left) or common == len(right):
                continue  # a package and its own parts
            room_a, room_b = ".".join(left[:common + 1]), ".".join(right[:common + 1])
            rooms.setdefault(room_a, {}).setdefault(room_b, f"{a} (line {line}) -> {b}")
    return rooms


def test_the_package_graph_finds_a_cycle_between_rooms(tmp_path):
    """The checker itself: two rooms importing each other through different modules are a cycle, though
    no module imports itself back; a package importing its own parts is none."""
    pkg = tmp_path / "swedu"
    for room in ("low", "high"):
        (pkg / room).mkdir(parents=True)
        (pkg / room / "__init__.py").write_text(f"from swedu.{room} import a\n")
    (pkg / "__init__.py").write_text("import swedu.low\n")
    (pkg / "low" / "a.py").write_text("")
    (pkg / "low" / "b.py").write_text("from swedu.high import a\n")
    (pkg / "high" / "a.py").write_text("import swedu.low.a\n")
    graph = import_graph(pkg)
    assert find_cycles(graph) == []
    rooms = package_graph(graph)
    assert find_cycles(rooms) == [["swedu.high", "swedu.low", "swedu.high"]]
    assert rooms["swedu.low"]["swedu.high"] == "swedu.low.b (line 1) -> swedu.high.a"


def test_the_import_graph_sees_module_level_and_deferred_imports(tmp_path):
    """The checker itself: a deferred import and a relative import make a cycle it names."""
    pkg = tmp_path / "swedu"
    (pkg / "inner").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "low.py").write_text("def later():\n    from swedu import high\n")
    (pkg / "high.py").write_text("from swedu.low import later\n")
    (pkg / "inner" / "__init__.py").write_text("from . import part\n")
    (pkg / "inner" / "part.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                                           "    from swedu.inner import part\nfrom swedu.inner import x\n")
    graph = import_graph(pkg)
    assert graph["swedu.low"] == {"swedu.high": 2} and graph["swedu.high"] == {"swedu.low": 1}
    assert find_cycles(graph) == [["swedu.high", "swedu.low", "swedu.high"],
                                  ["swedu.inner", "swedu.inner.part", "swedu.inner"]]
    (pkg / "high.py").write_text("import swedu.inner\n")
    assert find_cycles(import_graph(pkg)) == [["swedu.inner", "swedu.inner.part", "swedu.inner"]]


def test_no_import_cycles_in_swedu():
    graph = import_graph()
    assert len(graph) > 20 and graph["swedu.scenarios"]  # the whole package was read
    cycles = find_cycles(graph)
    where = ["  " + "".join(f"{a} (line {graph[a][b]}) -> " for a, b in zip(c, c[1:])) + c[-1] for c in cycles]
    assert not cycles, "import cycles (each module imports the next at that line):\n" + "\n".join(where)


def test_no_import_cycles_between_rooms():
    rooms = package_graph(import_graph(), outside=ALIASES)
    assert {"swedu.progress", "swedu.report", "swedu.widgets"} <= set(rooms)  # the rooms were read
    cycles = find_cycles(rooms)
    where = ["  " + " -> ".join(c) + "\n" + "".join(f"    {rooms[a][b]}\n" for a, b in zip(c, c[1:])) for c in cycles]
    assert not cycles, "rooms that import each other (one import making each step):\n" + "".join(where)


def test_every_deferred_swedu_import_says_why():
    """An import inside a function is kept only for a heavy, optional layer (matplotlib, the report, the
    hub service), and says so in a ``# deferred: ...`` comment on its line or the line above."""
    silent = []
    for path in sorted(PACKAGE.rglob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        tree = ast.parse("\n".join(lines), str(path))
        for function in ast.walk(tree):
            if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(function):
                names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                         else [node.module or "."] if isinstance(node, ast.ImportFrom) else [])
                if any(n == "swedu" or n.startswith("swedu.") or n == "." for n in names):
                    said = " ".join(lines[max(node.lineno - 2, 0):node.lineno])
                    if "# deferred:" not in said:
                        silent.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    assert silent == [], "swedu imports inside functions without a '# deferred: why' comment: " + ", ".join(silent)


# Who may not reach whom, directly or through others (docs/architecture.md draws the same walls).
CORE = ("swedu._yaml", "swedu.i18n", "swedu.outcome", "swedu.systems", "swedu.model", "swedu._schema", "swedu.assess",
        "swedu.scenarios", "swedu.course")
ABOVE_CORE = ("swedu.draw", "swedu.widgets", "swedu.activities", "swedu.exercises", "swedu.progress",
              "swedu.report", "swedu.presenting", "swedu.cli", "swedu.mode", "swedu.concept_test")
WALLS = {
    CORE: ABOVE_CORE,
    ("swedu.draw",): ("swedu.widgets", "swedu.activities", "swedu.exercises", "swedu.progress", "swedu.report",
                      "swedu.presenting", "swedu.cli"),
    ("swedu.progress",): ("swedu.exercises", "swedu.widgets", "swedu.activities", "swedu.draw", "swedu.report",
                          "swedu.presenting", "swedu.cli"),
    # The store and the attempt record know attempts, not the course: only the summary view (above them)
    # reads the course plan for the exercise ids, and the command line sits on top of both.
    ("swedu.progress.settings", "swedu.progress.migrations", "swedu.progress.attempt", "swedu.progress.opening",
     "swedu.progress.writer", "swedu.progress.outbox", "swedu.progress.store", "swedu.progress.handin"): (
        "swedu.course", "swedu.progress.summary_view", "swedu.progress.command"),
    # The store's parts sit below its face: opening the file and the writer never reach the store module.
    ("swedu.progress.opening", "swedu.progress.writer"): ("swedu.progress.store", "swedu.progress.handin"),
    # The model is below the assessment: swedu.assess imports it and hands Scenario.assess its work.
    ("swedu.model",): ("swedu.assess", "swedu._schema", "swedu.scenarios", "swedu.course"),
    # Is this kernel presenting? Two switches the widgets and the presentation read; it imports nothing.
    ("swedu.mode",): ("swedu",),
    # The outcome contract is the bottom of every check: it knows the catalogs and nothing else.
    ("swedu.outcome",): ("swedu.systems", "swedu.model", "swedu.assess", "swedu.scenarios", "swedu.course",
                         "swedu._yaml"),
    # The outbox runs in every kernel and is handed the store (swedu.progress.HUB_STORE): it never imports it.
    ("swedu.progress.outbox",): ("swedu.progress.store", "swedu.progress.attempt", "swedu.progress.handin",
                                 "swedu.hub"),
    # The progress store is below the hub: the hub switches the outbox on and off, never the other way.
    ("swedu.progress",): ("swedu.hub",),
    ("swedu.activities", "swedu.exercises"): ("swedu.widgets", "swedu.draw", "swedu.report", "swedu.presenting",
                                              "swedu.cli"),
    # The widgets read whether a kernel presents from swedu.mode, below them; the presentation is above them.
    ("swedu.widgets", "swedu.report"): ("swedu.cli", "swedu.presenting"),
    # The report's rooms: the class statistics are plain data (no file reading, no rendering; neither jinja2 nor
    # matplotlib: tests/test_report_package.py); reading hand-ins never renders; rendering never reads a file.
    ("swedu.report.statistics",): ("swedu.report", "swedu.progress", "swedu.exercises", "swedu.activities",
                                   "swedu.scenarios", "swedu.draw", "swedu.widgets", "swedu.presenting"),
    ("swedu.report.inputs",): ("swedu.report.render", "swedu.report.figure", "swedu.report.document", "swedu.draw"),
    ("swedu.report.render", "swedu.report.figure"): ("swedu.report.inputs", "swedu.report.document", "swedu.progress",
                                                     "swedu.exercises", "swedu.activities"),
    # The concept test is data and scoring, as the activities are; its statistics (report.learning) are plain
    # arithmetic on plain data, and its section renders as the report's other parts do (issue 27).
    ("swedu.concept_test",): ("swedu.progress", "swedu.widgets", "swedu.draw", "swedu.report", "swedu.activities",
                              "swedu.exercises", "swedu.presenting", "swedu.cli", "swedu.hub"),
    ("swedu.report.learning",): ("swedu",),
    ("swedu.report.learning_render", "swedu.report.learning_figure", "swedu.report.exports"): (
        "swedu.report.inputs", "swedu.report.document", "swedu.report.render", "swedu.progress", "swedu.exercises",
        "swedu.activities", "swedu.concept_test"),
    # The decks and the lecturer's live view read the speaker notes as data (swedu/presenting/speaker_notes,
    # written by the course builder), never the command line.
    ("swedu.presenting",): ("swedu.cli",),
    # The hub's parts (link, sender, store, views, service) never reach the command line either.
    ("swedu.hub",): ("swedu.cli",),
    # The command line (one argparse tree, swedu.cli) may import every room; no room imports it.
}
ALIASES = ("swedu.presenting.__main__", "swedu.hub.__main__")
"""``python -m swedu.presenting ...`` and ``python -m swedu.hub ...``: entry points that only call the
command tree (``swedu present|slides``, ``swedu hub-service``). They sit in a room's folder but are no part
of it: no module imports them, and the walls above do not hold for them."""
OUTSIDE = ("authoring",)
"""Development packages of the repository (the course builder and its nbval plugin, ``authoring/``): not
installed, so nothing under ``swedu`` may import them, not even inside a function."""


def _inside(module: str, rooms) -> bool:
    return any(module == room or module.startswith(room + ".") for room in rooms)


def test_the_walls_between_the_rooms_hold():
    import networkx as nx

    graph = import_graph()
    directed = nx.DiGraph([(a, b) for a, targets in graph.items() for b in targets])
    directed.add_nodes_from(graph)
    breaches = []
    for rooms, forbidden in WALLS.items():
        for module in (m for m in graph if _inside(m, rooms) and m not in ALIASES):
            for reached in sorted(nx.descendants(directed, module)):
                if _inside(reached, forbidden):
                    path = nx.shortest_path(directed, module, reached)
                    breaches.append(" -> ".join(path))
    assert breaches == [], "walls broken (module -> ... -> module it must not import):\n" + "\n".join(breaches)


def test_the_aliases_only_call_the_command_tree_and_nothing_imports_them():
    graph = import_graph()
    for alias in ALIASES:
        assert alias in graph and set(graph[alias]) == {"swedu.cli"}, alias
    importers = [f"{m} (line {targets[t]}) -> {t}" for m, targets in graph.items() for t in targets
                 if t.endswith(".__main__")]
    assert importers == []


def test_nothing_in_swedu_imports_the_course_builder():
    reached = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
            reached += [f"{path.relative_to(PACKAGE.parent)}:{node.lineno} imports {n}" for n in names
                        if n.split(".")[0] in OUTSIDE]
    assert reached == [], "the runtime imports a repository tool:\n" + "\n".join(reached)
    assert not (PACKAGE / "authoring").exists(), "the course builder lives in authoring/ beside swedu/"


def test_a_kernel_sending_to_the_hub_imports_neither_tornado_nor_jupyterhub():
    # The sender runs in every student's kernel: only the service (swedu.hub.service) may import them.
    code = ("import json, sys, swedu.progress, swedu.hub, swedu.progress.outbox, swedu.hub.store, swedu.hub.views;"
            "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('tornado', 'jupyterhub'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert json.loads(out.stdout) == []


def test_no_two_classes_share_a_name():
    """One vocabulary: a class name means one thing in the whole package (issue 24 found two ``Item``s)."""
    import ast

    seen: dict = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                seen.setdefault(node.name, []).append(path.relative_to(PACKAGE).as_posix())
    assert {name: places for name, places in seen.items() if len(places) > 1} == {}
