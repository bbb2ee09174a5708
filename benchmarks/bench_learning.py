"""Benchmark: the class report of a concept test given before and after the course to 1,000 students.

Run:  PYTHONHASHSEED=0 MPLBACKEND=Agg .venv/bin/python benchmarks/bench_learning.py [--students 1000]

Target (issue 27): the report with its concept test section (reading the hand-ins, the statistics, the
HTML page with its chart, the CSV exports) in under 2 s, in a process that has made one report before
(as bench_report.py measures: importing matplotlib, about 0.5-1 s, is paid once per process). The hand-ins hold real sittings
(concept_test.check_test -> progress.Attempt.from_outcome) with answers drawn from a fixed random
seed: each student's chance of the best answer rises from before to after; 5 % took only one test.
"""
from __future__ import annotations

import argparse
import os
import json
import random
import tempfile
import time
from pathlib import Path

from swedu import concept_test, progress
from swedu.progress.handin import hand_in_payload
from swedu.report import build_report

TARGET_S = 2.0


def generate(folder: Path, students: int, seed: int = 27) -> None:
    rng = random.Random(seed)
    test = concept_test.load_concept_test()
    for n in range(students):
        ability = rng.random()
        attempts = []
        for phase, chance in (("pre", 0.2 + 0.4 * ability), ("post", 0.45 + 0.5 * ability)):
            if (phase == "post" and n % 40 == 1) or (phase == "pre" and n % 40 == 2):
                continue  # a student who took only one of the two tests
            answer = {item.id: item.key if rng.random() < chance else rng.choice(
                [o.id for o in item.options if not o.correct]) for item in test.items}
            record = progress.Attempt.from_outcome(concept_test.check_test(test, answer, phase)).as_dict()
            record["time"] = f"2026-0{3 if phase == 'pre' else 6}-01T10:00:00.000000Z"
            attempts.append(record)
        payload = hand_in_payload(f"student-{n:04d}", f"bench-store-{n:04d}", attempts)
        (folder / f"student-{n:04d}.json").write_text(json.dumps(payload), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp, "hand-ins")
        folder.mkdir()
        generate(folder, args.students)
        build_report([folder], language="en").html()  # warm: catalogs, templates, matplotlib and its fonts
        start, cpu = time.perf_counter(), time.process_time()
        report = build_report([folder], language="en", generated="now")
        counted = time.perf_counter() - start
        page = report.html()
        rendered = time.perf_counter() - start
        report.write_csv(Path(tmp, "csv"))
        total, total_cpu = time.perf_counter() - start, time.process_time() - cpu
    learning = report.learning
    print(f"students {report.students}, both tests {len(learning.both)}, only before {len(learning.pre_only)}, "
          f"only after {len(learning.post_only)}, <g> {learning.class_gain:.3f}, KR-20 after "
          f"{learning.summaries['post'].kr20:.3f}, page {len(page) // 1024} kB")
    print(f"load average {os.getloadavg()[0]:.1f}; read + statistics {counted:.2f} s, + HTML with chart {rendered:.2f} s, + CSV {total:.2f} s "
          f"(CPU {total_cpu:.2f} s; target < {TARGET_S:.0f} s): {'OK' if total < TARGET_S else 'TOO SLOW'}")
    return 0 if total < TARGET_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
