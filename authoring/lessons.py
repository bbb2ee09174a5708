"""The lessons: ``source/lessons/X.yaml`` -> ``notebooks/<lang>/<its file name in lang>.ipynb``, and their lecturer
notes as data (``swedu/presenting/speaker_notes/<lang>/X.json``) for the presentation.

>>> [path.stem for path in lesson_sources()][:1]
['00-welcome']
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from authoring.build import Job, build, selected
from authoring.render import lecturer_notes
from authoring.source import LANGUAGES, ROOT, file_name, load_source


def lesson_sources(folder: Path | None = None) -> list[Path]:
    """The lesson source files, in course order."""
    return sorted(Path(folder or ROOT / "source" / "lessons").glob("*.yaml"))


def lesson_notebook(lesson_id: str, language: str, root: Path | None = None) -> Path:
    """Where the lesson ``lesson_id`` is in ``language``: its ``files:`` name, not its id.

    >>> lesson_notebook("04-delinquent-youth", "id").relative_to(ROOT).as_posix()
    'notebooks/id/04-remaja-nakal.ipynb'
    """
    root = Path(root or ROOT)
    source = load_source(root / "source" / "lessons" / f"{lesson_id}.yaml")
    return root / "notebooks" / language / file_name(source, language)


def lesson_jobs(*, only: Iterable[str] = (), root: Path | None = None) -> list[Job]:
    """One job per lesson source and language: ``source/lessons/X.yaml`` -> ``notebooks/<lang>/<name>.ipynb``, the
    name the source's ``files:`` gives in that language (:func:`authoring.source.file_name`)."""
    root = Path(root or ROOT)
    jobs = []
    for path in selected(lesson_sources(root / "source" / "lessons"), only):
        source = load_source(path)
        for lang in LANGUAGES:
            jobs.append(Job(source, lang, root / "notebooks" / lang / file_name(source, lang), fit_slides=True))
    return jobs


def build_lessons(check: bool = False, *, only: Iterable[str] = (), root: Path | None = None,
                  log=print) -> list[str]:
    """Build (or with ``check``, verify) the lesson notebooks; returns the problems found."""
    root = Path(root or ROOT)
    jobs = lesson_jobs(only=only, root=root)
    managed = [] if only else [root / "notebooks" / lang for lang in LANGUAGES]
    result = build(jobs, check=check, managed_dirs=managed, log=log)
    if not check:
        log(f"lessons: {len(result.written)} notebooks written")
    return result.problems + build_notes(check, only=only, root=root, log=log)


NOTES_FOLDER = Path("swedu", "presenting", "speaker_notes")
"""Where the lecturer notes go as data, under the repository root: ``<language>/<lesson id>.json``. The
presentation (:mod:`swedu.presenting.notes`) reads them there and never imports this builder."""


def notes_text(notes: dict) -> str:
    """The stored form of one lesson's notes in one language: stable JSON (so that an unchanged source
    gives an identical file).

    >>> print(notes_text({"c000": {"minutes": 2, "ask": "Siapa?", "listen": "Diam"}}))
    {
     "c000": {
      "ask": "Siapa?",
      "listen": "Diam",
      "minutes": 2
     }
    }
    <BLANKLINE>
    """
    return json.dumps(notes, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def build_notes(check: bool = False, *, only: Iterable[str] = (), root: Path | None = None,
                log=print) -> list[str]:
    """Write the lecturer notes of every lesson (or with ``check``, verify them); returns the problems.

    One file per lesson and language, ``{cell id: {"minutes", "ask", "listen"}}`` keyed by the ids of
    the cells that open a slide in the generated notebook (:func:`lecturer_notes`). Without ``only``,
    a notes file whose lesson has no source is a problem too (``check``) or is removed (build).
    """
    root = Path(root or ROOT)
    folder = root / NOTES_FOLDER
    expected = {}
    for path in selected(lesson_sources(root / "source" / "lessons"), only):
        source = load_source(path)
        for lang in LANGUAGES:
            expected[folder / lang / f"{source['id']}.json"] = (notes_text(lecturer_notes(source, lang)), path)
    problems, written = [], 0
    for target, (text, path) in expected.items():
        name = target.relative_to(root)
        if check:
            if not target.is_file():
                problems.append(f"{name}: missing; run: python -m authoring build notes")
            elif json.loads(target.read_text(encoding="utf-8")) != json.loads(text):
                problems.append(f"{name}: the speaker notes differ from {path.relative_to(root)}; "
                                "run: python -m authoring build notes")
        elif not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            written += 1
    if not only:
        for stale in sorted(folder.glob("*/*.json")):
            if stale not in expected:
                if check:
                    problems.append(f"{stale.relative_to(root)}: no lesson source gives these speaker notes "
                                    "(delete the file or add its source)")
                else:
                    stale.unlink()
    if not check:
        log(f"speaker notes: {written} of {len(expected)} files written")
    return problems


