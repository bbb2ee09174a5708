"""How fast the classifier answers a check, with and without the system map.

Run: PYTHONHASHSEED=0 MPLBACKEND=Agg .venv/bin/python benchmarks/bench_widgets.py

Prints median times and ratios against a bare ``Scenario.assess`` call. The goal in the
issue: a check responds well under 100 ms, not counting the figure. The check updates the
feedback HTML before it draws the map, so the learner reads the feedback first.
Progress is recorded into a temporary store (as in a lesson), so its cost is included.
"""
from __future__ import annotations

import os
import statistics
import tempfile
import time

os.environ["SWEDU_DATA_DIR"] = tempfile.mkdtemp(prefix="swedu-bench-")

import swedu
from swedu import draw
from swedu.widgets import ConceptCheck, Sorter

ANSWER = {"parents": "client", "teen": ["client", "target"], "worker": "change_agent", "gang": "none"}


def median_ms(action, repeat: int) -> float:
    action()  # warm up (imports, caches, fonts)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    scenario = swedu.load_scenario("delinquent-youth")
    bare = median_ms(lambda: scenario.assess(ANSWER, "intake"), 200)

    classifier = swedu.Classifier("delinquent-youth")
    for actor, systems in ANSWER.items():
        classifier.select(actor, systems)
    no_map = median_ms(lambda: classifier.check(draw=False), 50)
    with_map = median_ms(lambda: classifier.check(draw=True), 10)
    figure_only = median_ms(lambda: draw.png_bytes(draw.system_map(scenario, "intake", answer=ANSWER), dpi=60), 10)
    hint = median_ms(classifier.hint, 50)
    build = median_ms(lambda: swedu.Classifier("delinquent-youth"), 5)

    quiz = ConceptCheck("four-systems-misconceptions")
    quiz.select("who-is-client", "son")
    quiz_check = median_ms(quiz.check, 50)
    sorter = Sorter("purposes-of-social-work")
    sorter.select("health-card", "resources")
    sorter_check = median_ms(sorter.check, 50)

    print(f"bare assess:                 {bare:8.2f} ms")
    print(f"Classifier.check, no map:    {no_map:8.2f} ms  (x{no_map / bare:.1f} of bare assess; goal < 100 ms)")
    print(f"Classifier.check, with map:  {with_map:8.2f} ms  (x{with_map / bare:.1f} of bare assess)")
    print(f"system map + PNG alone:      {figure_only:8.2f} ms  ({figure_only / with_map:.0%} of a check with map)")
    print(f"Classifier.hint:             {hint:8.2f} ms")
    print(f"Classifier() construction:   {build:8.2f} ms")
    print(f"ConceptCheck.check:          {quiz_check:8.2f} ms")
    print(f"Sorter.check:                {sorter_check:8.2f} ms")


if __name__ == "__main__":
    main()
