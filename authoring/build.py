"""The course builder's pipeline: every notebook goes through the same small steps, in order.

* :mod:`authoring.source` reads and checks a source (errors name the file and line);
* :mod:`authoring.render` turns it into an nbformat v4 notebook for one language;
* :mod:`authoring.execute` runs it in a fresh kernel (hash seed 0, inline figures), failing with the
  notebook and cell named unless the cell is tagged ``raises-exception``;
* :mod:`authoring.store` writes it as stable JSON (``--check`` compares it with the committed file).

:data:`STEPS` lists them as functions; :func:`build` runs them for a list of :class:`Job` objects.
The notebook families (:mod:`authoring.lessons`, :mod:`authoring.exercises`) make the jobs.

Widget state is kept in the notebook metadata (only what differs from each widget's defaults, as
``ipywidgets.embed`` does): static renderings (``nbconvert --to html`` or ``--to slides`` with a widget
renderer, GitHub-like viewers) then show the activities in their first state without a kernel.
nbval ignores notebook metadata and widget model ids, and compares the widgets' ``text/plain``
reprs, which swedu keeps stable. ``--check`` ignores outputs and widget state (nbval checks outputs).

>>> from authoring.source import parse_source
>>> source = parse_source('''
... id: demo
... title: {en: Demo, id: Demo}
... cells:
...   - md: {en: "# Hello", id: "# Halo"}
...     slide: slide
...   - code: print(1 + 1)
... ''', "demo.yaml")
>>> nb = rendered(Job(source, "id", Path("demo.ipynb")))
>>> [cell.source for cell in nb.cells]
['# Halo', 'import swedu\\nswedu.set_language("id")  # bahasa Inggris: swedu.set_language("en")', 'print(1 + 1)']
>>> nb.cells[0].metadata.slideshow.slide_type
'slide'
"""
from __future__ import annotations

import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from authoring.execute import execute
from authoring.render import Transform, render
from authoring.source import ROOT, SourceError
from authoring.store import differences, write


@dataclass
class Job:
    """One notebook to build: a source, a language, where to write it, and an optional transform."""

    source: dict
    language: str
    output: Path
    transform: Transform | None = None
    execute: bool = True
    fit_slides: bool = False

    @property
    def name(self) -> str:
        try:
            return str(self.output.relative_to(ROOT))
        except ValueError:
            return str(self.output)


@dataclass
class BuildResult:
    """What :func:`build` did: files written and problems found (``--check``)."""

    written: list = field(default_factory=list)
    problems: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def rendered(job: Job):
    """Step: the job's notebook, rendered from its source (:func:`authoring.render.render`)."""
    return render(job.source, job.language, job.transform, fit_slides=job.fit_slides)


def executed(job: Job, nb, log=print):
    """Step: ``nb`` with its outputs, run in a fresh kernel beside its output file (unless the job says not)."""
    if job.execute:
        log(f"executing {job.name} ...")
        job.output.parent.mkdir(parents=True, exist_ok=True)
        execute(nb, job.output.parent, name=job.name)
    return nb


def stored(job: Job, nb, log=print) -> Path:
    """Step: ``nb`` written to the job's output as stable JSON (:func:`authoring.store.write`)."""
    return write(nb, job.output)


STEPS = (executed, stored)
"""What :func:`build` does with each job's :func:`rendered` notebook, in order: each step takes the job,
the notebook and ``log``, and hands on what it returns."""


def compared(job: Job, folder: Path) -> list[str]:
    """``--check``: how the job's committed notebook differs from a fresh rendering (structure and sources;
    outputs are nbval's to check), stored in ``folder`` first so that both went through the same writer."""
    import nbformat

    if not job.output.exists():
        return [f"{job.name}: missing; run: python -m authoring build"]
    fresh = nbformat.read(write(rendered(job), folder / "fresh.ipynb"), as_version=4)
    return differences(fresh, nbformat.read(job.output, as_version=4), job.name)


def build(jobs: list[Job], *, check: bool = False, managed_dirs: Iterable[Path] = (), log=print) -> BuildResult:
    """Every job through the pipeline (:func:`rendered`, then :data:`STEPS`); with ``check``, compare with the
    committed files instead (:func:`compared`).

    ``managed_dirs`` are folders whose ``*.ipynb`` files must all come from a job: with
    ``check`` a notebook there without a source is reported as stale.
    """
    _check_one_source_per_file(jobs)
    result = BuildResult()
    if check:
        with tempfile.TemporaryDirectory(prefix="swedu-check-") as tmp:
            for job in jobs:
                result.problems.extend(compared(job, Path(tmp)))
        outputs = {job.output.resolve() for job in jobs}
        for folder in managed_dirs:
            for path in sorted(Path(folder).glob("*.ipynb")):
                if path.resolve() not in outputs:
                    result.problems.append(f"{path.relative_to(ROOT) if ROOT in path.parents else path}: "
                                           "no source produces this notebook (delete it or add its source)")
        return result
    for job in jobs:
        made = rendered(job)
        for step in STEPS:
            made = step(job, made, log)
        result.written.append(made)
    return result


def _check_one_source_per_file(jobs: list[Job]) -> None:
    """Two sources must never write the same notebook (two ``files:`` giving one name)."""
    seen: dict[Path, Job] = {}
    for job in jobs:
        key = job.output.resolve()
        first = seen.setdefault(key, job)
        if first is not job and first.source.get("_path") != job.source.get("_path"):
            raise SourceError(job.source.get("_path", "<source>"), 0,
                              f"writes {job.name}, which {first.source.get('_path')} writes too: "
                              "give each source its own file names under 'files:'")


def selected(paths: Iterable[Path], only: Iterable[str] = ()) -> list[Path]:
    """The source files named in ``only`` by file name or its start (``"04"``); all when ``only`` is empty."""
    wanted = set(only)
    return [path for path in paths
            if not wanted or path.stem in wanted or any(path.stem.startswith(w) for w in wanted)]


