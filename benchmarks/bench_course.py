"""Time to execute the whole course against its floor: bare kernel starts with the library imported.

For every lesson notebook (both languages) the script renders the lesson from its source and
executes it in a fresh kernel, exactly as ``sh run.sh build`` does (nothing is written). The floor
is the same number of fresh kernels that each run one cell, ``import swedu`` and
``swedu.set_language(...)``: what any course notebook costs before its first real cell.

    PYTHONHASHSEED=0 MPLBACKEND=Agg .venv/bin/python benchmarks/bench_course.py
    PYTHONHASHSEED=0 MPLBACKEND=Agg .venv/bin/python benchmarks/bench_course.py --only 03 04

Target: course / floor < 1.5x. Prints the time per notebook (slowest first) so that a slow lesson
stands out; exits 0 when the target is met and 1 otherwise.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from authoring.notebooks import LANGUAGES, execute, lesson_jobs, render

TARGET = 1.5


def floor_notebook(language: str):
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(f'import swedu\nswedu.set_language("{language}")')]
    return nb


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=[], metavar="ID", help="only these lessons (ids or prefixes)")
    args = parser.parse_args(argv)
    jobs = lesson_jobs(only=args.only)
    if not jobs:
        print("no lessons found")
        return 1
    timings = []
    floor = 0.0
    with tempfile.TemporaryDirectory(prefix="swedu-bench-") as tmp:
        execute(floor_notebook("en"), tmp, name="warm-up")  # first kernel start fills the disk caches
        # Lesson and floor alternate, so that both see the same load on a shared machine.
        for job in jobs:
            nb = render(job.source, job.language)
            start = time.perf_counter()
            # run in a scratch folder: a lesson that writes files must not touch the repository
            execute(nb, tmp, name=job.name)
            timings.append((time.perf_counter() - start, job.name))
            start = time.perf_counter()
            execute(floor_notebook(job.language), tmp, name="floor")
            floor += time.perf_counter() - start
        course = sum(t for t, _ in timings)
    print(f"{len(jobs)} notebooks ({len(jobs) // len(LANGUAGES)} lessons x {len(LANGUAGES)} languages)")
    for seconds, name in sorted(timings, reverse=True):
        print(f"  {seconds:6.2f} s  {name}")
    ratio = course / floor
    print(f"course: {course:.1f} s; floor ({len(jobs)} kernels with import swedu): {floor:.1f} s")
    print(f"ratio: {ratio:.2f}x (target < {TARGET}x): {'met' if ratio < TARGET else 'MISSED'}")
    return 0 if ratio < TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
