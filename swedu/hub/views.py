"""What the hub service shows: the class report, the projector chart, a student's own records, the export.

Everything here is rendered from the records in the store; nothing imports tornado. The class report
is ``swedu report``'s (:func:`swedu.report.build_report_from`) of the students' hand-ins made in memory
(:func:`hand_in`), and its chart is drawn from the same statistics as its tables, so the page, the
projector, the export and a report made from students' files all agree.

>>> records = {"siti": [{"id": "r1", "time": "2026-11-29T10:00:00.000000Z", "kind": "scenario",
...     "item": "delinquent-youth", "stage": "intake", "score": 0.5, "language": "en", "answer": {},
...     "verdicts": {"teen": "wrong"}, "misconceptions": {"teen": ["target-is-the-bad-one"]}}]}
>>> payload = export_payload("siti", records["siti"])
>>> payload["format"], payload["pseudonym"], len(payload["attempts"])
('swedu-progress-export', 'siti', 1)
>>> "siti" in projector_svg(records, "en")  # the projector never shows names
False
"""
from __future__ import annotations

import hashlib
import html
import io
import json
import re
import zipfile

from swedu.i18n import t
from swedu.progress.handin import PSEUDONYM, HandInFile, hand_in_payload
from swedu.progress.summary_view import activity_title, score_is_sealed
from swedu.report import build_report_from, render
from swedu.report.learning import KIND as LEARNING_KIND
from swedu.report.statistics import percent

__all__ = ["chart_svg", "class_report", "export_payload", "export_zip", "hand_in", "live_report_html",
           "own_records_html", "projector_svg", "pseudonym_for"]

def pseudonym_for(user: str) -> str:
    """The hub name as the report's pseudonym. A name the hand-in format does not allow (an e-mail
    address, dots, too short or long), or one that contains ``--``, becomes a safe base, ``--`` and 12
    hex digits of its hash. A name kept as it is never contains ``--`` and every changed one does, so a
    changed name never meets a kept one, and two changed names would need the same 48-bit hash.

    >>> pseudonym_for("siti"), pseudonym_for("siti.rahma@uni.ac.id")
    ('siti', 'siti-rahma-uni-a--0c44d5133d61')
    >>> pseudonym_for("siti-rahma-uni-a--0c44d5133d61")  # a hub name shaped like a changed one is changed too
    'siti-rahma-uni-a--26f342379147'
    """
    if PSEUDONYM.match(user) and "@" not in user and "--" not in user:
        return user
    base = re.sub(r"-{2,}", "-", re.sub(r"[^A-Za-z0-9_-]+", "-", user)).strip("-_")[:16].strip("-_") or "student"
    return f"{base}--{hashlib.sha256(user.encode('utf-8')).hexdigest()[:12]}"


def _store_of(user: str) -> str:
    """The store id of a student's hand-ins from the hub (one per hub name; it says nothing about them)."""
    return "hub-" + hashlib.sha256(user.encode("utf-8")).hexdigest()[:32]


def export_payload(user: str, records: list[dict]) -> dict:
    """One student's records as a hand-in file (the format ``swedu report`` reads)."""
    attempts = [{k: r[k] for k in ("time", "kind", "item", "stage", "score", "language", "answer", "verdicts",
                                   "misconceptions", "alternatives", "possible_misconceptions") if k in r}
                for r in records]
    return hand_in_payload(pseudonym_for(user), _store_of(user), attempts)


def export_zip(class_records: dict[str, list[dict]]) -> bytes:
    """A zip of one hand-in file per student: unzip it and run ``swedu report`` on the folder."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for user in sorted(class_records):
            payload = export_payload(user, class_records[user])
            archive.writestr(f"swedu-progress-{payload['pseudonym']}.json",
                             json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    return buffer.getvalue()


def hand_in(user: str, records: list[dict]) -> HandInFile:
    """One student's records as the hand-in :func:`export_payload` would write, made in memory (no file, no
    checksum: the records come from the class's own store), each cleaned into a typed attempt with no
    answer but the concept test's, as :func:`swedu.report.inputs.read_files` reads a hand-in."""
    pseudonym = pseudonym_for(user)
    return HandInFile.of_records(f"swedu-progress-{pseudonym}.json", pseudonym, _store_of(user), records,
                                 answers=(LEARNING_KIND,))


def class_report(class_records: dict[str, list[dict]], language: str, generated: str | None = None):
    """The :class:`swedu.report.ClassReport` of these records: what ``swedu report`` makes of
    :func:`export_zip`'s files, counted in memory (:func:`swedu.report.build_report_from`)."""
    return build_report_from([hand_in(user, class_records[user]) for user in sorted(class_records)], language,
                             generated)


def live_report_html(class_records: dict[str, list[dict]], language: str) -> str:
    """The class report for the live page: ``swedu report``'s tables, with the misconception chart drawn
    as inline SVG from the same statistics instead of a matplotlib PNG (a page refreshed every few seconds
    should not redraw a figure each time)."""
    report = class_report(class_records, language)
    chart = chart_svg(report, language, limit=12) if report.misconceptions else ""
    return f'<figure class="swedu-live-chart">{chart}</figure>' + render.render_html(report, None, standalone=False)


def projector_svg(class_records: dict[str, list[dict]], language: str, limit: int = 8) -> str:
    """An inline SVG bar chart: how many students showed each misconception (no names, no CDN), counted
    as the class report counts (:func:`class_report`)."""
    return chart_svg(class_report(class_records, language), language, limit)


def chart_svg(report, language: str, limit: int = 8) -> str:
    """The report's dominant misconceptions (:meth:`~swedu.report.ClassStatistics.dominant`: the same
    counting rule as its table) as an inline SVG bar chart."""
    e = html.escape
    rows = report.dominant()[:limit]
    title = t("hub.projector.chart_title", language, students=report.students)
    width, bar_left, row_height = 960, 420, 54
    height = 70 + row_height * max(len(rows), 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
             f'width="100%" aria-labelledby="swedu-chart-title"><title id="swedu-chart-title">{e(title)}</title>',
             f'<text x="10" y="34" font-size="26" font-weight="bold">{e(title)}</text>']
    if not rows:
        parts.append(f'<text x="10" y="100" font-size="24">{e(t("hub.projector.none", language))}</text>')
    top = max((r[1] for r in rows), default=1)
    for n, (ident, count, _) in enumerate(rows):
        name = render.misconception_name(language, ident).strip('"')
        y = 60 + n * row_height
        length = (width - bar_left - 150) * count / top
        label = name if len(name) <= 34 else name[:33] + "…"
        parts.append(f'<text x="10" y="{y + 32}" font-size="22">{e(label)}</text>'
                     f'<rect x="{bar_left}" y="{y + 8}" width="{length:.1f}" height="{row_height - 16}" '
                     f'fill="#0072B2" stroke="#000"/>'
                     f'<text x="{bar_left + length + 10:.1f}" y="{y + 32}" font-size="22">'
                     f'{count} ({percent(count / report.students) if report.students else "0%"})</text>')
    parts.append("</svg>")
    return "".join(parts)


def own_records_html(records: list[dict], language: str) -> str:
    """A student's own records as an escaped HTML table, each activity by its title (as in the student's own
    summary), the concept test before the course without its score."""
    e = html.escape
    head = [t(f"hub.mine.column.{c}", language) for c in ("time", "activity", "score")]
    out = [f"<p>{e(t('hub.mine.count', language, count=len(records)))}</p>"]
    if records:
        out.append("<table><thead><tr>" + "".join(f'<th scope="col">{e(h)}</th>' for h in head)
                   + "</tr></thead><tbody>")
        for r in records:
            sealed = score_is_sealed(r["kind"], r["stage"])
            score = "–" if sealed or r["score"] is None else f"{round(r['score'] * 100)}%"
            out.append("<tr>" + "".join(f"<td>{e(str(c))}</td>" for c in (
                r["time"][:19].replace("T", " "), activity_title(r["kind"], r["item"], r["stage"], language),
                score)) + "</tr>")
        out.append("</tbody></table>")
    return "".join(out)
