"""How fast the classifier answers a check, with and without the system map.

Run: PYTHONHASHSEED=0 MPLBACKEND=Agg .venv/bin/python benchmarks/bench_widgets.py

Prints median times and ratios against a bare ``Scenario.assess`` call measured in the same run,
then the targets with "met" or "MISSED"; exits with 1 when a target is missed.

Targets (issue 14):

* a check answers well under 100 ms, not counting the figure;
* the map a learner waits for follows Check in under 50 ms (median, in the kernel): a
  ``Classifier.check`` that also draws the map, the first check of a case included. The map's
  ground (lines, shapes, names, legend) is drawn once per case, stage and language, and each check
  lays the badges and verdicts over it (see ``swedu.draw.system_map_png``). A classifier that is
  shown draws its ground while the kernel waits for the learner (``swedu.draw.prepare_system_map``,
  one small step per turn of the kernel's event loop): the first check of each built-in case is
  timed that way (an asyncio loop stands in for the kernel's; the learner reads for a moment, the
  loop runs the steps), and also cold, as a script without an event loop meets it (reported, no target).
  Two later sequences are timed: the same answer again, and a learner's sequence of changing
  answers in which some badges and verdicts are new (drawn once, then kept).
* no step of that preparation keeps the loop longer than 50 ms (what a click could wait, issue 24):
  the longest turn of the loop while it runs, in this process (matplotlib loaded) and in a fresh
  one (matplotlib is imported beside the loop, on a helper thread: an import cannot be cut);
* reported, no target: a check whose click lands while the map is being prepared (after 0, 1, 2, ...
  steps): it draws what is left of the ground (never the whole again), so it is at most a cold check.
* a click on Check in a fresh kernel while the map is prepared (issue 24; each in a fresh process,
  matplotlib not yet imported, clicked 0 to 2 s after the classifier was shown): the feedback is set, and
  the click handled (the loop free for the next message), in under 50 ms (p95); the map follows, drawn
  on a helper thread (reported: click to map, and the CPU the process spent meanwhile), and a message
  arriving meanwhile waits for the loop little (reported: the lateness of a probe every 20 ms).

The check updates the feedback HTML before it draws the map, so the learner reads the feedback
first. Progress is recorded into a temporary store (as in a lesson), so its cost is included: handing the
record to the store's writer thread (a check never waits for the disk, issue 24).
"""
from __future__ import annotations

import asyncio
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

os.environ["SWEDU_DATA_DIR"] = tempfile.mkdtemp(prefix="swedu-bench-")

import swedu
from swedu import draw
from swedu.widgets import ConceptCheck, Sorter
from swedu.widgets._common import MAP_DPI

ANSWER = {"parents": "client", "teen": ["client", "target"], "worker": "change_agent", "gang": "none"}
MAP_TARGET_MS = 50.0
CHECK_TARGET_MS = 100.0
STEP_TARGET_MS = 50.0


def median_ms(action, repeat: int) -> float:
    action()  # warm up (imports, caches, fonts)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def learner_answers(scenario, count: int) -> list:
    """``count`` different answers, as a learner changes one actor at a time between checks."""
    choices = [[], "client", "target", ["client", "target"], "action", "change_agent", ["target", "action"], "none"]
    actors = [a.id for a in scenario.actors]
    answer: dict = {}
    out = []
    for step, choice in zip(range(count), itertools.cycle(choices)):
        actor = actors[(step * 3) % len(actors)]
        answer[actor] = choice
        out.append({k: v for k, v in answer.items() if v != []})
    return out


def first_answer(scenario) -> dict:
    """A first answer: one actor as client, one as target and action (two badges), one as none."""
    actors = [a.id for a in scenario.actors]
    return {actors[0]: "client", actors[1]: ["target", "action"], actors[-1]: "none"}


class GarbageClock:
    """The time CPython's cyclic garbage collector has taken so far (ms): a full collection (about 0.1 to
    0.2 s here, mostly freeing figures no longer used) lands in whatever code allocates at that moment, a
    step of the preparation or a click alike, so a turn is reported with and without it."""

    def __init__(self):
        import gc

        self.total = 0.0
        self._started = 0.0
        gc.callbacks.append(self._on_collection)

    def _on_collection(self, phase, _info):
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.total += (time.perf_counter() - self._started) * 1000


def first_checks() -> tuple:
    """First check of each built-in case: ``(cold ms, shown ms, idle work ms, longest idle step ms, longest
    turn ms)`` lists. A step is the loop thread's own work (its CPU time, without garbage collection: on a
    busy machine the wall time of a turn also counts the time other processes held the processors).

    Cold: a classifier checked at once, with no event loop (the check draws the ground). Shown: the
    classifier is displayed inside a running event loop, as in a kernel, the loop runs the map's
    preparation while the learner chooses, then the first check is timed.
    """
    cold, shown, idle, longest, longest_wall = [], [], [], [], []
    for case in swedu.scenario_ids():
        scenario = swedu.load_scenario(case)
        draw._GROUNDS.clear()  # as in a fresh kernel: no ground kept yet (matplotlib itself stays loaded)
        classifier = swedu.Classifier(case)
        for actor, systems in first_answer(scenario).items():
            classifier.select(actor, systems)
        start = time.perf_counter()
        classifier.check(draw=True)
        cold.append((time.perf_counter() - start) * 1000)

        draw._GROUNDS.clear()

        async def show_then_check():
            classifier = swedu.Classifier(case)
            classifier._repr_mimebundle_()  # what the kernel does to show it
            work = classifier._map_preparation
            steps, walls = [], []
            while not work.done:
                start, cpu, collected = time.perf_counter(), time.thread_time(), GARBAGE.total
                await asyncio.sleep(0)  # one turn of the loop: at most one step of the preparation
                walls.append((time.perf_counter() - start) * 1000)
                steps.append((time.thread_time() - cpu) * 1000 - (GARBAGE.total - collected))
            assert work.error is None, work.error
            for actor, systems in first_answer(scenario).items():
                classifier.select(actor, systems)
            start = time.perf_counter()
            classifier.check(draw=True)
            return (time.perf_counter() - start) * 1000, sum(steps), max(steps), max(walls)

        first, work_ms, step_ms, wall_ms = asyncio.run(show_then_check())
        shown.append(first)
        idle.append(work_ms)
        longest.append(step_ms)
        longest_wall.append(wall_ms)
    return cold, shown, idle, longest, longest_wall


def checks_during_preparation() -> list:
    """ms of a check (with its map) whose click lands after 0, 1, 2, ... turns of a map's preparation."""
    times = []
    for case in swedu.scenario_ids():
        scenario = swedu.load_scenario(case)
        for turns in (0, 1, 2, 3, 4, 6, 8, 12, 20, 40):
            draw._GROUNDS.clear()

            async def click_after(turns=turns, case=case, scenario=scenario):
                classifier = swedu.Classifier(case)
                classifier._repr_mimebundle_()
                for _ in range(turns):
                    await asyncio.sleep(0)
                for actor, systems in first_answer(scenario).items():
                    classifier.select(actor, systems)
                start = time.perf_counter()
                classifier.check(draw=True)
                return (time.perf_counter() - start) * 1000

            times.append(asyncio.run(click_after()))
    return times


_FRESH_KERNEL = """
import asyncio, gc, json, sys, time
collected = [0.0, 0.0]
def on_collection(phase, info):
    if phase == "start":
        collected[1] = time.perf_counter()
    else:
        collected[0] += (time.perf_counter() - collected[1]) * 1000
gc.callbacks.append(on_collection)
import swedu
from swedu.widgets import Classifier
assert "matplotlib" not in sys.modules

async def shown():
    classifier = Classifier("delinquent-youth")
    classifier._repr_mimebundle_()
    work, turns = classifier._map_preparation, []
    while not work.done:
        start, cpu, before = time.perf_counter(), time.thread_time(), collected[0]
        await asyncio.sleep(0)
        turns.append(((time.perf_counter() - start) * 1000, (time.thread_time() - cpu) * 1000, collected[0] - before))
    return {"error": repr(work.error) if work.error else None, "turns": turns}

print(json.dumps(asyncio.run(shown())))
"""


_CLICK_IN_A_FRESH_KERNEL = """
import asyncio, gc, json, sys, threading, time
import swedu
from swedu.widgets import Classifier
assert "matplotlib" not in sys.modules
AFTER = float(sys.argv[1])
PROBE = 0.02
LOOP = threading.get_ident()
collected = [0.0, 0.0]  # ms of garbage collection on the loop's thread so far, start of the one under way
def on_collection(phase, info):
    if threading.get_ident() == LOOP:
        if phase == "start":
            collected[1] = time.perf_counter()
        else:
            collected[0] += (time.perf_counter() - collected[1]) * 1000
gc.callbacks.append(on_collection)

async def probe(late):
    # A message arriving now: how long after its time does the loop get to it (wall, and the loop's CPU
    # without garbage collection, which lands in whatever allocates)?
    while True:
        due, cpu, gc_ms = time.perf_counter() + PROBE, time.thread_time(), collected[0]
        await asyncio.sleep(PROBE)
        late.append(((time.perf_counter() - due) * 1000, (time.thread_time() - cpu) * 1000 - (collected[0] - gc_ms)))

async def click():
    loop = asyncio.get_running_loop()
    classifier = Classifier("delinquent-youth")
    classifier._repr_mimebundle_()  # shown: the map's preparation starts (matplotlib imported beside the loop)
    work = classifier._map_preparation
    await asyncio.sleep(AFTER)  # the learner reads; the loop runs the preparation's steps meanwhile
    preparing = not work.done
    for actor, systems in {"parents": "client", "teen": ["target", "action"], "gang": "none"}.items():
        classifier.select(actor, systems)
    seen, arrived = {}, asyncio.Event()
    classifier._feedback_html.observe(lambda change: seen.setdefault("feedback", time.perf_counter()), "value")
    def shown(change):  # on whichever thread shows the map
        if change["new"] and "map" not in seen:
            seen["map"], seen["map_cpu"] = time.perf_counter(), time.process_time()
            loop.call_soon_threadsafe(arrived.set)
    classifier._marks.observe(shown, "value")
    late = []
    prober = asyncio.ensure_future(probe(late))
    await asyncio.sleep(0)
    start, cpu = time.perf_counter(), time.process_time()
    classifier._check_button.click()  # what a click on Check runs in the kernel
    handled = time.perf_counter()
    try:
        await asyncio.wait_for(arrived.wait(), 120)
    finally:
        prober.cancel()
    ms = lambda at: (at - start) * 1000 if at else -1.0
    return {"preparing": preparing, "feedback": ms(seen.get("feedback")), "handled": ms(handled),
            "map": ms(seen.get("map")), "map_cpu": (seen["map_cpu"] - cpu) * 1000 if seen else -1.0,
            "longest_turn": max([wall for wall, _cpu in late], default=0.0),
            "longest_turn_cpu": max([cpu for _wall, cpu in late], default=0.0)}

print(json.dumps(asyncio.run(click())))
"""


def clicks_in_a_fresh_kernel(afters=(0.0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.6, 0.8, 1.0, 1.3, 1.6, 2.0)) -> list:
    """A click on Check (the button's own handler, as the kernel runs it for a click) ``after`` seconds after a
    classifier was shown in a fresh process (an asyncio loop stands in for the kernel's), each in a process of
    its own: most land while matplotlib is imported or the map's ground drawn. Per click: ms to the feedback
    set, to the click handled (the loop free for the next message), to the map shown, the longest a message
    arriving while the map was pending would wait for the loop (a probe every 20 ms: its lateness, wall and
    the loop thread's CPU without garbage collection; a click handled inline counts in "handled"), and the
    CPU time of the whole process from the click to the map (all threads: the work the map took)."""
    out = []
    for after in afters:
        done = subprocess.run([sys.executable, "-c", _CLICK_IN_A_FRESH_KERNEL, str(after)], capture_output=True,
                              text=True, check=True, env=dict(os.environ, MPLBACKEND="Agg"))
        out.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return out


def p95(values: list) -> float:
    """The 95th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def fresh_kernel_turns() -> list:
    """The loop's turns ``(wall ms, the loop thread's CPU ms, ms of garbage collection in it, on either thread)``
    while a classifier shown
    in a fresh process prepares its map (matplotlib not yet imported: the import runs on a helper thread)."""
    out = subprocess.run([sys.executable, "-c", _FRESH_KERNEL], capture_output=True, text=True, check=True,
                         env=dict(os.environ, MPLBACKEND="Agg"))
    found = json.loads(out.stdout.strip().splitlines()[-1])
    assert found["error"] is None, found["error"]
    return found["turns"]


GARBAGE = GarbageClock()


def main() -> int:
    scenario = swedu.load_scenario("delinquent-youth")
    bare = median_ms(lambda: scenario.assess(ANSWER, "intake"), 200)

    classifier = swedu.Classifier("delinquent-youth")
    for actor, systems in ANSWER.items():
        classifier.select(actor, systems)
    no_map = median_ms(lambda: classifier.check(draw=False), 50)
    with_map = median_ms(lambda: classifier.check(draw=True), 30)

    learner = swedu.Classifier("delinquent-youth")
    answers = iter(learner_answers(learner.scenario, 40))

    def next_check():
        for actor in list(learner.answer):
            learner.select(actor, None)
        for actor, systems in next(answers).items():
            learner.select(actor, systems)
        start = time.perf_counter()
        learner.check(draw=True)
        return (time.perf_counter() - start) * 1000

    changing = statistics.median([next_check() for _ in range(40)])

    feedback = scenario.assess(ANSWER, "intake")
    layers = median_ms(lambda: draw.system_map_layers(scenario, "intake", feedback, dpi=MAP_DPI), 30)
    map_only = median_ms(lambda: draw.system_map_png(scenario, "intake", feedback, dpi=MAP_DPI), 30)
    whole = median_ms(lambda: draw.png_bytes(draw.system_map(scenario, "intake", feedback), dpi=MAP_DPI), 5)
    hint = median_ms(classifier.hint, 50)
    build = median_ms(lambda: swedu.Classifier("delinquent-youth"), 5)

    quiz = ConceptCheck("four-systems-misconceptions")
    quiz.select("who-is-client", "son")
    quiz_check = median_ms(quiz.check, 50)
    sorter = Sorter("purposes-of-social-work")
    sorter.select("health-card", "resources")
    sorter_check = median_ms(sorter.check, 50)
    cold, shown, idle, longest, longest_wall = first_checks()
    first = statistics.median(shown)
    during = sorted(checks_during_preparation())
    during_p95 = during[max(0, round(0.95 * len(during)) - 1)]
    fresh = fresh_kernel_turns()
    fresh_longest = max(wall for wall, _cpu, _gc in fresh)
    fresh_own = max(cpu - gc_ms for _wall, cpu, gc_ms in fresh)
    clicks = clicks_in_a_fresh_kernel()
    preparing = [c for c in clicks if c["preparing"]] or clicks
    click_feedback = p95([c["feedback"] for c in preparing])
    click_handled = p95([c["handled"] for c in preparing])

    print(f"bare assess:                         {bare:8.2f} ms")
    print(f"Classifier.check, no map:            {no_map:8.2f} ms  (x{no_map / bare:.1f} of bare assess)")
    print(f"Classifier.check, with map:          {with_map:8.2f} ms  (x{with_map / bare:.1f} of bare assess; "
          "same answer again)")
    print(f"  ... a learner's changing answers:  {changing:8.2f} ms  (x{changing / bare:.1f} of bare assess; "
          "median of 40 checks)")
    print(f"  ... first check of a case:         {first:8.2f} ms  (x{first / bare:.1f} of bare assess; median of "
          f"{len(shown)} cases, shown first: the ground was drawn while the learner read)")
    print(f"      the same, cold (no event loop): {statistics.median(cold):7.2f} ms  (the check draws the ground; "
          "a script or test)")
    print(f"      preparation while shown:       {statistics.median(idle):7.2f} ms of idle work per case (median), "
          f"longest single step {max(longest):.1f} ms (what a click could wait; without garbage collection)")
    print(f"      longest turn of the loop:      {max(longest_wall):7.2f} ms of wall time (with garbage collection and "
          f"whatever else ran on the machine; `uptime`: {os.getloadavg()[0]:.1f})")
    print(f"      ... in a fresh process:        longest step {fresh_own:.1f} ms of the loop's own work, longest turn "
          f"{fresh_longest:.1f} ms of wall time ({len(fresh)} turns; matplotlib imported on a helper thread meanwhile)")
    print(f"      garbage collection:            {GARBAGE.total:7.2f} ms during this whole run (not counted in the "
          "steps above: a full collection lands in whatever allocates, a click too)")
    print(f"  ... a click during preparation:    {statistics.median(during):8.2f} ms median, p95 {during_p95:.2f} ms "
          f"({len(during)} checks, after 0 to 40 steps: the check draws what is left)")
    print(f"  ... a click in a fresh kernel:    {len(preparing)} of {len(clicks)} clicks landed during the preparation "
          "(matplotlib imported aside, the ground drawn in steps); p95 / median:")
    for what, words in (("feedback", "click -> feedback set"), ("handled", "click -> handled (loop free)"),
                        ("map", "click -> map shown"), ("map_cpu", "... CPU of the process meanwhile"),
                        ("longest_turn", "a message's wait while pending"),
                        ("longest_turn_cpu", "... its loop-thread CPU")):
        values = [c[what] for c in preparing]
        print(f"      {words:29s} {p95(values):8.2f} ms / {statistics.median(values):8.2f} ms   "
              f"(every one: {', '.join(f'{v:.0f}' for v in values)})")
    print(f"system_map_layers alone:             {layers:8.2f} ms  ({layers / with_map:.0%} of a check with map; "
          "what a check draws: the marks layer)")
    print(f"system_map_png alone:                {map_only:8.2f} ms  (the same map as one picture, Classifier.map_png)")
    print(f"whole figure + PNG (system_map):     {whole:8.2f} ms  (x{whole / map_only:.1f} of system_map_png)")
    print(f"Classifier.hint:                     {hint:8.2f} ms")
    print(f"Classifier() construction:           {build:8.2f} ms")
    print(f"ConceptCheck.check:                  {quiz_check:8.2f} ms")
    print(f"Sorter.check:                        {sorter_check:8.2f} ms")
    print()
    targets = [
        (f"check without the map < {CHECK_TARGET_MS:.0f} ms", no_map < CHECK_TARGET_MS),
        (f"map after Check < {MAP_TARGET_MS:.0f} ms (first check of a case, shown)", first < MAP_TARGET_MS),
        (f"map after Check < {MAP_TARGET_MS:.0f} ms (same answer again)", with_map < MAP_TARGET_MS),
        (f"map after Check < {MAP_TARGET_MS:.0f} ms (a learner's changing answers)", changing < MAP_TARGET_MS),
        (f"longest preparation step < {STEP_TARGET_MS:.0f} ms (matplotlib loaded)", max(longest) < STEP_TARGET_MS),
        (f"longest preparation step < {STEP_TARGET_MS:.0f} ms (fresh process, matplotlib imported aside)",
         fresh_own < STEP_TARGET_MS),
        (f"click during preparation -> feedback < {MAP_TARGET_MS:.0f} ms (p95, fresh process)",
         click_feedback < MAP_TARGET_MS),
        (f"click during preparation -> handled < {MAP_TARGET_MS:.0f} ms (p95, fresh process)",
         click_handled < MAP_TARGET_MS),
    ]
    for name, met in targets:
        print(f"target: {name:60s} {'met' if met else 'MISSED'}")
    return 0 if all(met for _, met in targets) else 1


if __name__ == "__main__":
    sys.exit(main())
