"""Benchmark of the swedu core: import cost, one assessment, loading the built-in scenarios.

Run:  PYTHONHASHSEED=0 .venv/bin/python benchmarks/bench_core.py [--runs 7] [--number 2000]

Everything is measured in this one run and printed as ratios against a baseline measured alongside,
so the numbers mean the same on a slow CI runner as on a laptop:

* ``import swedu`` against ``import networkx`` in fresh interpreters (median of --runs each, the runs
  interleaved; the cost is the time above a bare ``python -c pass``). Target: under 1.5x.
* ``import swedu; swedu.load_scenario("delinquent-youth")`` against ``import networkx`` (information:
  this is what the first cell of a notebook pays).
* one ``Scenario.assess`` call against a plain dict comparison of the same size (timeit). Target: the
  assessment itself under 1 ms.
* loading every built-in scenario from its file, uncached (read, YAML safety walk, validation, build).

Exit code 0 when every target is met, 1 otherwise.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
import timeit

IMPORT_TARGET = 1.5
ASSESS_TARGET_MS = 1.0

SNIPPETS = {
    "bare": "pass",
    "networkx": "import networkx",
    "swedu": "import swedu",
    "swedu+load": "import swedu; swedu.load_scenario('delinquent-youth')",
}


def fresh_import_times(runs: int) -> dict[str, float]:
    """Median wall time (seconds) of each snippet in a fresh interpreter, runs interleaved."""
    times: dict[str, list[float]] = {name: [] for name in SNIPPETS}
    for code in SNIPPETS.values():  # warm the file-system cache once
        subprocess.run([sys.executable, "-c", code], check=True)
    for _ in range(runs):
        for name, code in SNIPPETS.items():
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True)
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def core_modules_loaded() -> list[str]:
    """Heavy modules that ``import swedu`` pulls in (should be none of these)."""
    code = ("import sys, swedu; heavy = ['networkx', 'matplotlib', 'ipywidgets', 'yaml', 'numpy', 'IPython'];"
            "print(','.join(m for m in heavy if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout.strip()
    return [m for m in out.split(",") if m]


def per_call(statement, number: int, repeat: int = 5) -> float:
    """Best-of-``repeat`` seconds per call (timeit's recommended reading)."""
    return min(timeit.repeat(statement, number=number, repeat=repeat)) / number


def assess_times(number: int) -> dict[str, float]:
    import swedu

    youth = swedu.load_scenario("delinquent-youth")
    stage = youth.stage("reassessment")
    # A realistic, partly wrong answer in mixed spellings, as a learner types it.
    answer = {"worker": "change agent", "Bina Keluarga family service": "client", "parents": ["target", "action"],
              "Dimas": "klien", "counsellor": "action", "rt_head": "none", "youth_group": "sistem kegiatan",
              "gang": "target"}
    youth.assess(answer, stage)  # warm the lookup tables
    key = {actor.id: frozenset(stage.systems_of(actor.id)) for actor in youth.actors}
    plain = {a: frozenset(v if isinstance(v, list) else [v]) for a, v in
             zip(key, answer.values(), strict=True)}

    def baseline():
        return sum(plain[a] == key[a] for a in key) / len(key)

    feedback = youth.assess(answer, stage)
    from swedu.scenarios import BUILTIN_DIR

    builtin = [swedu.load_scenario(p.stem) for p in sorted(BUILTIN_DIR.glob("*.yaml"))]
    largest = max(builtin, key=lambda s: len(s.actors))
    big_answer = {a.id: "client" for a in largest.actors}
    return {
        "assess": per_call(lambda: youth.assess(answer, stage), number),
        "baseline": per_call(baseline, number * 10),
        "text": per_call(lambda: str(feedback), max(1, number // 4)),
        "html": per_call(feedback._repr_html_, max(1, number // 4)),
        "largest": per_call(lambda: largest.assess(big_answer), max(1, number // 2)),
        "largest_actors": len(largest.actors),
        "largest_id": largest.id,
    }


def load_times(repeat: int = 5) -> dict[str, float]:
    from swedu.scenarios import BUILTIN_DIR, read_scenario_file

    files = sorted(BUILTIN_DIR.glob("*.yaml"))
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for path in files:
            read_scenario_file(path, path.stem)  # no cache: read, check and build every time
        best = min(best, time.perf_counter() - start)
    size = sum(p.stat().st_size for p in files)
    return {"files": len(files), "total": best, "per_file": best / len(files), "kib": size / 1024}


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="fresh interpreters per import snippet (median)")
    parser.add_argument("--number", type=int, default=2000, help="assess calls per timeit repeat")
    args = parser.parse_args(argv)

    print(f"python {sys.version.split()[0]} on {sys.platform}")
    imports = fresh_import_times(args.runs)
    bare = imports["bare"]
    cost = {name: max(value - bare, 1e-6) for name, value in imports.items()}
    ratio_import = cost["swedu"] / cost["networkx"]
    ratio_load = cost["swedu+load"] / cost["networkx"]
    heavy = core_modules_loaded()
    print(f"\nImport in a fresh interpreter (median of {args.runs}; cost = time above a bare interpreter, "
          f"{bare * 1000:.1f} ms):")
    for name in ("networkx", "swedu", "swedu+load"):
        print(f"  {SNIPPETS[name]:<60} {imports[name] * 1000:7.1f} ms  cost {cost[name] * 1000:6.1f} ms")
    print(f"  ratio import swedu / import networkx        {ratio_import:5.2f}x  "
          f"(target < {IMPORT_TARGET}x: {verdict(ratio_import < IMPORT_TARGET)})")
    print(f"  ratio swedu + load_scenario / networkx      {ratio_load:5.2f}x  (information)")
    print(f"  heavy modules loaded by 'import swedu': {', '.join(heavy) or 'none'}")

    timing = assess_times(args.number)
    ratio_assess = timing["assess"] / timing["baseline"]
    print("\nOne assessment (delinquent-youth, reassessment, 8 actors, mixed spellings; best of 5 timeit repeats):")
    print(f"  Scenario.assess                              {timing['assess'] * 1e6:8.1f} us")
    print(f"  baseline: dict of 8 sets compared to the key {timing['baseline'] * 1e6:8.2f} us")
    print(f"  ratio assess / baseline                     {ratio_assess:8.0f}x  (information)")
    print(f"  str(feedback) (the text a learner reads)     {timing['text'] * 1e6:8.1f} us")
    print(f"  feedback._repr_html_()                       {timing['html'] * 1e6:8.1f} us")
    print(f"  assess on the largest case ({timing['largest_id']}, {timing['largest_actors']} actors) "
          f"{timing['largest'] * 1e6:8.1f} us")
    assess_ms = timing["assess"] * 1000
    print(f"  assess {assess_ms:.3f} ms (target < {ASSESS_TARGET_MS} ms: {verdict(assess_ms < ASSESS_TARGET_MS)})")

    loads = load_times()
    print(f"\nLoading every built-in scenario uncached ({loads['files']} files, {loads['kib']:.0f} KiB; best of 5):")
    print(f"  total {loads['total'] * 1000:.1f} ms, per file {loads['per_file'] * 1000:.2f} ms "
          f"({loads['per_file'] / cost['networkx']:.2f}x the cost of importing networkx, information)")

    met = ratio_import < IMPORT_TARGET and assess_ms < ASSESS_TARGET_MS
    print(f"\nTargets: import < {IMPORT_TARGET}x networkx: {verdict(ratio_import < IMPORT_TARGET)}; "
          f"assess < {ASSESS_TARGET_MS} ms: {verdict(assess_ms < ASSESS_TARGET_MS)}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
