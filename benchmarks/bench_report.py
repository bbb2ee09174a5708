"""Benchmark: a class report from 1,000 student exports of 50 attempts each, and record() latency.

Run:  PYTHONHASHSEED=0 MPLBACKEND=Agg .venv/bin/python benchmarks/bench_report.py [--students 1000] [--attempts 50]

Targets: the report in under 2 s (issue 24: typed records read once, every check of the hand-ins kept;
it was 10 s in issue 9), one record() call < 5 ms typical. The machine may be shared: the CPU time of
reading and merging is printed beside the wall time.
The exports are generated with a fixed random seed from real checks (Scenario.assess -> progress.Attempt.from_outcome).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

import swedu
from swedu import progress
from swedu.report import build_report

REPORT_TARGET_S = 2.0
RECORD_TARGET_MS = 5.0


def _pool(rng: random.Random, size: int) -> list[dict]:
    """Records of real checks with random (often wrong) answers, across every built-in case and stage."""
    cases = [swedu.load_scenario(i) for i in swedu.scenario_ids()]
    systems = list(swedu.SYSTEM_IDS)
    pool = []
    for _ in range(size):
        case = rng.choice(cases)
        stage = rng.choice(case.stages)
        answer = {}
        for actor in case.actors:
            right = sorted(stage.systems_of(actor.id))
            answer[actor.id] = (right or "none") if rng.random() < 0.6 else (rng.sample(systems, rng.randint(1, 2)))
        pool.append(progress.Attempt.from_outcome(case.assess(answer, stage.id)).as_dict())
    for n in range(20):
        pool.append({"kind": "exercise", "item": f"lesson{n % 5 + 1}-ex{n}", "stage": "", "answer": "b",
                     "verdicts": {"q1": rng.choice(["correct", "wrong"])}, "misconceptions": {},
                     "score": round(rng.random(), 2), "language": "id"})
    return pool


def generate(folder: Path, students: int, attempts: int, seed: int = 2026) -> list[Path]:
    rng = random.Random(seed)
    pool = _pool(rng, 400)
    paths = []
    for n in range(students):
        items = []
        for k in range(attempts):
            record = dict(rng.choice(pool))
            record["time"] = f"2026-03-{1 + k % 28:02d}T10:{k % 60:02d}:00.000000Z"
            items.append(record)
        payload = {"format": progress.EXPORT_FORMAT, "version": progress.EXPORT_VERSION,
                   "pseudonym": f"student-{n:04d}", "exported": "2026-03-30T12:00:00.000000Z",
                   "swedu": swedu.__version__, "attempts": items}
        payload["checksum"] = progress.checksum(payload)
        path = folder / f"student-{n:04d}.json"
        path.write_text(json.dumps(payload, indent=1, sort_keys=True), encoding="utf-8")
        paths.append(path)
    # a few bad files, as a real hand-in folder has
    (folder / "broken.json").write_text("{", encoding="utf-8")
    (folder / "copy.json").write_bytes(paths[0].read_bytes())
    return paths


def bench_record(folder: Path, count: int) -> list[float]:
    progress.configure(folder / "store")
    case = swedu.load_scenario("delinquent-youth")
    record = progress.Attempt.from_outcome(case.assess({"parents": "client", "teen": "client"})).as_dict()
    progress.record(record)  # open and create the store first
    times = []
    for _ in range(count):
        start = time.perf_counter()
        progress.record(record)
        times.append((time.perf_counter() - start) * 1000)
    assert len(progress.attempts()) == count + 1
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--attempts", type=int, default=50)
    parser.add_argument("--records", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "hand-ins"
        folder.mkdir()
        start = time.perf_counter()
        generate(folder, args.students, args.attempts)
        size = sum(p.stat().st_size for p in folder.iterdir())
        print(f"generated {args.students} exports x {args.attempts} attempts "
              f"({size / 1e6:.1f} MB) in {time.perf_counter() - start:.1f} s")

        start, cpu = time.perf_counter(), time.process_time()
        report = build_report([folder], language="en")
        merged, merged_cpu = time.perf_counter() - start, time.process_time() - cpu
        start, cpu = time.perf_counter(), time.process_time()
        report.write(Path(tmp) / "report.html")
        html_s, html_cpu = time.perf_counter() - start, time.process_time() - cpu
        start = time.perf_counter()
        report.write(Path(tmp) / "report.md")
        md_s = time.perf_counter() - start
        total = merged + html_s
        print(f"report: {report.students} students, {report.attempts} attempts, {len(report.skipped)} skipped, "
              f"{len(report.stages)} case stages, {len(report.dominant())} misconceptions")
        print(f"  read + merge  {merged:6.2f} s (CPU {merged_cpu:.2f} s: the machine may be shared)")
        print(f"  write HTML    {html_s:6.2f} s (CPU {html_cpu:.2f} s; figure included, matplotlib imported)")
        print(f"  write Markdown{md_s:6.2f} s (figure cached)")
        print(f"  total {total:.2f} s (CPU {merged_cpu + html_cpu:.2f} s, load average {os.getloadavg()[0]:.1f}); "
              f"target < {REPORT_TARGET_S:.0f} s: ratio {total / REPORT_TARGET_S:.2f} "
              f"({'OK' if total < REPORT_TARGET_S else 'TOO SLOW'})")

        times = bench_record(Path(tmp), args.records)
        times.sort()
        median = statistics.median(times)
        p95 = times[int(0.95 * len(times)) - 1]
        print(f"record(): {args.records} calls, median {median:.3f} ms, p95 {p95:.3f} ms, max {times[-1]:.2f} ms; "
              f"target < {RECORD_TARGET_MS:.0f} ms: ratio {median / RECORD_TARGET_MS:.3f} "
              f"({'OK' if p95 < RECORD_TARGET_MS else 'TOO SLOW'})")
        progress.configure(None)


if __name__ == "__main__":
    main()
