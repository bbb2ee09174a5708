"""The class report as a document: the class statistics with their renderings and the files they go to.

:class:`ClassReport` is :class:`~swedu.report.statistics.ClassStatistics` (every count stays an
attribute a test can read) plus ``html()``, ``markdown()``, ``figure_png()`` and ``write(path)``; in a
notebook it shows itself as HTML.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from swedu.i18n import t
from swedu.report import render
from swedu.report.exports import write_csv
from swedu.report.figure import misconception_chart
from swedu.report.learning import LearningStatistics
from swedu.report.learning_figure import learning_chart
from swedu.report.statistics import ClassStatistics, collector_paused


@dataclass(eq=False, repr=False)
class ClassReport(ClassStatistics):
    """The merged results of many students. ``markdown()``, ``html()`` and ``write(path)`` render it."""

    _png: bytes | None = field(default=None, init=False)
    learning: LearningStatistics | None = field(default=None, init=False)
    """The concept test's statistics (:mod:`swedu.report.learning`), ``None`` when nobody took it."""
    concept_test: object = field(default=None, init=False)
    outcomes: dict = field(default_factory=dict, init=False)
    """The learning outcomes ``{id: LearningOutcome}`` the report names (the course's or a lecturer's)."""
    _learning_png: bytes | None = field(default=None, init=False)

    def t(self, key: str, **values) -> str:
        """A catalog text in the report's language."""
        return t(key, self.language, **values)

    def misconception_name(self, ident: str) -> str:
        return render.misconception_name(self.language, ident)

    def figure_png(self) -> bytes | None:
        """A horizontal bar chart of the dominant misconceptions as PNG bytes (``None`` if there are none)."""
        if self._png is None:
            with collector_paused():  # importing matplotlib and drawing (see collector_paused)
                self._png = misconception_chart(self.dominant(), self.misconception_name, self.students,
                                                self.language)
        return self._png

    def learning_png(self) -> bytes | None:
        """The concept test's chart (scores before and after, and the gain) as PNG bytes, or ``None``."""
        if self._learning_png is None and self.learning is not None:
            with collector_paused():
                self._learning_png = learning_chart(self.learning, self.language)
        return self._learning_png

    def write_csv(self, folder: str | os.PathLike) -> list[Path]:
        """Write the concept test's CSV exports (scores per student, the item table) into ``folder``."""
        return write_csv(self.learning, self.concept_test, self.outcomes, folder)

    def markdown(self, image: str | None = None, learning_image: str | None = None) -> str:
        """The report as Markdown; ``image`` (and ``learning_image``) are the file names of the figures beside it."""
        return render.render_markdown(self, image, learning_image)

    def html(self, standalone: bool = True) -> str:
        """The report as one HTML page (figures embedded as base64 PNGs); every text is escaped."""
        return render.render_html(self, self.figure_png(), standalone, self.learning_png())

    def _repr_html_(self) -> str:
        return self.html(standalone=False)

    def _skipped_lines(self) -> list[str]:
        return render.skipped_lines(self)

    def _note_lines(self) -> list[str]:
        return render.note_lines(self)

    def write(self, output: str | os.PathLike) -> list[Path]:
        """Write the report: ``.html`` (one self-contained page) or ``.md`` (with a PNG beside it)."""
        path = Path(output)
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix.lower() in (".md", ".markdown"):
            png = self.figure_png()
            written = []
            image = None
            if png:
                image_path = path.with_name(f"{path.stem}-misconceptions.png")
                image_path.write_bytes(png)
                image = image_path.name
                written.append(image_path)
            learning_image = None
            learning_png = self.learning_png()
            if learning_png:
                learning_path = path.with_name(f"{path.stem}-concept-test.png")
                learning_path.write_bytes(learning_png)
                learning_image = learning_path.name
                written.append(learning_path)
            path.write_text(self.markdown(image, learning_image), encoding="utf-8")
            return [path] + written
        path.write_text(self.html(), encoding="utf-8")
        return [path]
