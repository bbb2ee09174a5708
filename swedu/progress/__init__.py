"""A student's progress: every check recorded on this computer, a summary, and one file to hand in.

Each check (the classifier, the activities, the exercises) hands its outcome to :func:`record`, which
keeps an :class:`~swedu.progress.attempt.Attempt`: ids, statuses, scores, the language and the time.
Nothing else is kept: free text (names, notes, stories about clients or families) is dropped before it
reaches the disk. The store is a small SQLite file in the user's data folder, written in transactions
with a write-ahead log, so a kernel that is killed loses nothing that was already recorded and two
notebooks open at once both record. A check never waits for the store: :func:`record` hands the record
to the store's writer thread and returns at once; reading in the same kernel (the summary, the export)
first waits for the records handed over before it, and Python's exit writes (or keeps) what still waits.
A record not written within :data:`RECORD_WAIT` (another program holds the store) is kept in a small
pending file and written a moment later. A kernel killed outright (SIGKILL) right after a check can lose
that check's record if the writer had not written it yet (it takes a few milliseconds; up to
:data:`RECORD_WAIT` while another program holds the store). Reading opens the store read-only, and only
a file that is swedu's own is ever set aside.

>>> import swedu.progress as progress, tempfile
>>> _ = progress.configure(tempfile.mkdtemp())
>>> progress.record({"kind": "exercise", "item": "lesson1-who-asked", "score": 1.0,
...                  "verdicts": {"q1": "correct"}, "note": "free text is dropped"})
>>> print(progress.summary())  # doctest: +ELLIPSIS
Your progress (activities: ..., done: 1)
...lesson1-who-asked...
>>> progress.attempts()[0]["score"]
1.0
>>> "note" in progress.attempts()[0]
False

In a notebook, ``swedu.progress.summary()`` (or just ``swedu.progress``) shows the same as a table.
Recording can be switched off (``set_recording(False)``, the environment variable
``SWEDU_PROGRESS=off`` or the command ``swedu progress off``). ``SWEDU_DATA_DIR`` or
:func:`configure` chooses where the store lives.

The rooms of this package (none imports matplotlib or ipywidgets, nor anything above the core):

- :mod:`~swedu.progress.settings`: where the store lives, and the switches ``SWEDU_DATA_DIR`` and
  ``SWEDU_PROGRESS`` (read there only);
- :mod:`~swedu.progress.migrations`: the store's tables and their versions;
- :mod:`~swedu.progress.attempt`: the typed attempt record and the cleaning of untrusted records;
- :mod:`~swedu.progress.store`: the store's face: where it is, recording on or off, reading, handing a
  record to the writer, its part in sending to the hub; its parts are
  :mod:`~swedu.progress.opening` (opening, checking, upgrading and setting aside the file) and
  :mod:`~swedu.progress.writer` (the writer thread, :class:`~swedu.progress.writer.PendingRecord`, the
  pending files);
- :mod:`~swedu.progress.outbox`: the outbox to the class's hub service (its table is the store's own);
- :mod:`~swedu.progress.handin`: the hand-in format (:func:`export`, :func:`read_export`);
- :mod:`~swedu.progress.summary_view`: the summary, above the course plan (the exercise ids);
- :mod:`~swedu.progress.command`: ``swedu progress ...``.
"""
from __future__ import annotations

from collections.abc import Mapping

from swedu.outcome import Outcome
from swedu.progress import settings, store
from swedu.progress.attempt import Attempt, sanitize
from swedu.progress.attempt import now as _now  # noqa: F401 - the time as the store writes it (benchmarks)
from swedu.progress.command import run_cli
from swedu.progress.handin import (
    EXPORT_FORMAT, EXPORT_VERSION, MAX_EXPORT_BYTES, MAX_EXPORT_DEPTH, ExportProblem, HandInFile, checksum, export,
    read_export, validate_pseudonym,
)
from swedu.progress.migrations import APPLICATION_ID, SCHEMA_VERSION
from swedu.progress.settings import STORE_NAME, default_data_dir
from swedu.progress.store import (
    HUB_STORE, RECORD_WAIT, ProgressError, attempts, configure, is_recording, pending, read_attempts,
    set_recording, store_id, store_notice, store_path,
)
from swedu.progress.summary_view import Row, Summary, summary

__all__ = [
    "APPLICATION_ID", "EXPORT_FORMAT", "EXPORT_VERSION", "HUB_STORE", "MAX_EXPORT_BYTES", "MAX_EXPORT_DEPTH",
    "RECORD_WAIT", "SCHEMA_VERSION", "STORE_NAME", "Attempt", "ExportProblem", "HandInFile", "ProgressError", "Row", "Summary",
    "attempts", "checksum", "configure", "default_data_dir", "export", "is_recording", "pending",
    "read_attempts", "read_export", "record", "run_cli", "sanitize", "set_recording", "store_id",
    "store_notice", "store_path", "summary", "validate_pseudonym",
]


def record(outcome) -> None:
    """Keep one check in the store: the one recorder of the course. Never raises, whatever fails under it
    (a full disk, a store replaced by a broken one): the problem is logged once as a warning, so callers
    call it with no ``try`` of their own. Checks once whether recording is on, and never makes the
    learner wait for the disk: the record is handed to the store's writer thread, which writes it a few
    milliseconds later (or, while another program holds the store, keeps it in a pending file within
    :data:`RECORD_WAIT`). Whatever reads the store in this process (:func:`attempts`, :func:`summary`,
    :func:`export`, :func:`pending`, the hub's outbox) sees it; at Python's exit it is written or kept.
    Only a kernel killed outright in the few milliseconds before it is written loses it.

    ``outcome`` is a check's :class:`~swedu.outcome.Outcome` (a :class:`~swedu.Feedback`, an activity's
    result, an exercise's :class:`~swedu.exercises.CheckResult`), an :class:`Attempt`, or a mapping
    with ``kind``, ``item``, ``stage``, ``answer``, ``verdicts``, ``misconceptions``, ``score`` and
    ``language`` (cleaned like a hand-in).

    >>> import swedu, tempfile
    >>> _ = configure(tempfile.mkdtemp())
    >>> record(swedu.load_scenario("delinquent-youth").assess({"teen": "client"}))
    >>> stored = attempts()[-1]
    >>> stored["kind"], stored["item"], stored["verdicts"]["teen"], stored["misconceptions"]["teen"]
    ('scenario', 'delinquent-youth', 'wrong', ['client_is_problem_bearer'])
    """
    try:
        if settings.skip_recording():
            return
        if isinstance(outcome, Attempt):
            attempt = outcome
        elif isinstance(outcome, Outcome):
            attempt = Attempt.from_outcome(outcome)
        else:
            attempt = Attempt.sanitised(outcome) if isinstance(outcome, Mapping) else None
        if attempt is None:
            store.warn_ignored()
            return
        store.write(attempt)
    except Exception as error:  # noqa: BLE001 - recording must never break a lesson
        store.warn_failed(error)


def _reset() -> None:
    """Forget every choice made in this process (tests use this between cases)."""
    store.reset()


def _hub_outbox():
    """The outbox to the class's hub service in this kernel, or ``None`` (tests look at it)."""
    return store._hub_outbox()


def _repr_html_() -> str:
    """In a notebook, evaluating ``swedu.progress`` itself shows the summary."""
    return summary()._repr_html_()
