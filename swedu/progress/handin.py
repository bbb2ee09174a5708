"""The hand-in: one JSON file of a student's attempts under a pseudonym, with a checksum.

:func:`export` writes it (``swedu progress export FOLDER --id owl-17``); :func:`read_export` is the one
reader of the format, used by the class report: it reads only a regular file of bounded size, checks the
format, version, checksum and pseudonym, and cleans every attempt again
(:meth:`~swedu.progress.attempt.Attempt.sanitised`), so a hand-edited file brings in no free text.

>>> validate_pseudonym("owl-17")
'owl-17'
>>> checksum({"format": EXPORT_FORMAT, "attempts": []})[:7]
'sha256:'
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from swedu import __version__
from swedu.i18n import t
from swedu.progress.attempt import TIME, Attempt, now, token
from swedu.progress.store import ProgressError, attempts, store_id

EXPORT_FORMAT = "swedu-progress-export"
EXPORT_VERSION = 1
"""Version of the hand-in file; :func:`read_export` refuses newer versions with a clear message."""
PSEUDONYM = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{2,31}$")
"""A pseudonym a hand-in may carry (:func:`validate_pseudonym`)."""


def validate_pseudonym(pseudonym) -> str:
    """The pseudonym if it is allowed (3 to 32 letters, digits, ``-`` or ``_``), else :class:`ProgressError`.

    >>> validate_pseudonym("owl-17")
    'owl-17'
    >>> validate_pseudonym("Siti Rahma")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    swedu.progress.ProgressError: The pseudonym 'Siti Rahma' cannot be used. ...
    """
    text = pseudonym.strip() if isinstance(pseudonym, str) else pseudonym
    if isinstance(text, str) and PSEUDONYM.match(text) and "@" not in text:
        return text
    raise ProgressError(t("progress.export.bad_pseudonym", given=str(pseudonym)[:60]))


def checksum(payload: Mapping) -> str:
    """The SHA-256 of the export without its ``checksum`` field, in canonical JSON."""
    body = {k: v for k, v in payload.items() if k != "checksum"}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return "sha256:" + hashlib.sha256(text.encode("ascii")).hexdigest()


def hand_in_payload(pseudonym: str, store: str, attempts: list) -> dict:
    """A hand-in file's content: the format's header, the ``attempts`` (plain dictionaries with their time)
    and the checksum. ``store`` tells one student's exports from another's (:func:`store_id`)."""
    payload = {"format": EXPORT_FORMAT, "version": EXPORT_VERSION, "pseudonym": pseudonym, "exported": now(),
               "swedu": __version__, "store": store, "attempts": attempts}
    payload["checksum"] = checksum(payload)
    return payload


def export(path: str | os.PathLike, pseudonym: str) -> Path:
    """Write every recorded attempt to one JSON file to hand in, under a ``pseudonym`` the student chooses.

    ``path`` may be a folder (the file is then ``swedu-progress-<pseudonym>.json``). Returns the file.
    """
    name = validate_pseudonym(pseudonym)
    target = Path(path).expanduser()
    if target.is_dir():
        target = target / f"swedu-progress-{name}.json"
    payload = hand_in_payload(name, store_id(), attempts())
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "w", encoding="utf-8") as handle:
            json.dump(payload, handle, ensure_ascii=False, indent=1, sort_keys=True)
            handle.write("\n")
        os.replace(tmp, target)
    except OSError as error:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise ProgressError(t("progress.export.cannot_write", file=str(target), error=str(error))) from None
    return target


class ExportProblem(ValueError):
    """Why a file cannot be used as a progress export; ``.reason`` is one of ``missing``, ``not_a_file``,
    ``unreadable``, ``too_big``, ``encoding``, ``not_json``, ``too_deep``, ``foreign``, ``newer``,
    ``checksum``, ``bad_pseudonym``."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(reason if not detail else f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


ExportProblem.__module__ = "swedu.progress"  # the name the report and tests use


MAX_EXPORT_BYTES = 16 * 1024 * 1024
"""A real export of thousands of attempts is a few MB; anything larger is not read."""
MAX_EXPORT_DEPTH = 12
"""An export nests five levels deep; deeper JSON is refused before it is walked."""


def _read_regular_file(path, limit: int) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``limit`` bytes, else :class:`ExportProblem`.

    A named pipe, a device or a folder is never opened for reading (a pipe would wait forever, a
    device may never end): the file is checked before it is opened, and again once it is open.
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise ExportProblem("missing") from None
    except OSError as error:
        raise ExportProblem("unreadable", str(error)) from None
    if not stat.S_ISREG(info.st_mode):
        raise ExportProblem("not_a_file")
    if info.st_size > limit:
        raise ExportProblem("too_big", str(info.st_size))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as error:
        raise ExportProblem("unreadable", str(error)) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped for a pipe between the two looks
            raise ExportProblem("not_a_file")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            raw = handle.read(limit + 1)
    except OSError as error:
        raise ExportProblem("unreadable", str(error)) from None
    finally:
        os.close(fd)
    if len(raw) > limit:
        raise ExportProblem("too_big", str(len(raw)))
    return raw


_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_PAIR = re.compile(rb"\{\}|\[\]")
_NOT_A_BRACKET = bytes(b for b in range(256) if b not in b"[]{}")
_NOT_A_BRACKET_OR_QUOTE = bytes(b for b in range(256) if b not in b'[]{}"')


def _depth_ok(text: bytes, limit: int) -> bool:
    """Whether the JSON ``text`` (already parsed once) nests at most ``limit`` lists and objects deep.

    Its strings are taken out and only its brackets kept; each round removes the innermost pairs, one
    level, so JSON of a depth at most ``limit`` is empty after ``limit`` rounds (no recursion, no walk in
    Python over every value).

    >>> _depth_ok(b'{"a": [[1], {"b": "[[[["}]}', 3), _depth_ok(b'{"a": [[1], {"b": "[[[["}]}', 2)
    (True, False)
    """
    if b"\\" in text:  # a string with an escape (perhaps of a quote): the strings found one by one
        brackets = _STRING.sub(b"", text).translate(None, _NOT_A_BRACKET)
    else:  # only quotes and brackets kept; every other quote ends a string: outside them, the even pieces
        brackets = b"".join(text.translate(None, _NOT_A_BRACKET_OR_QUOTE).split(b'"')[::2])
    for _ in range(limit):
        if not brackets:
            return True
        brackets = _PAIR.sub(b"", brackets)
    return not brackets


@dataclass(frozen=True)
class HandInFile:
    """One student's hand-in as read: the pseudonym, the store it came from (:func:`store_id`), when it was
    exported, its checksum and the typed attempts, cleaned (``dropped``: how many named no activity).
    ``file`` names where it was read (or, made in memory by the hub, the file it would be)."""

    file: str
    pseudonym: str
    store: str = ""
    exported: str = ""
    checksum: str = ""
    attempts: tuple = ()
    dropped: int = 0

    @classmethod
    def of_records(cls, file: str, pseudonym: str, store: str, records, answers=True,
                   exported: str = "", checksum: str = "") -> HandInFile:
        """The hand-in of untrusted ``records`` (mappings in the hand-in's form), each cleaned with
        :meth:`Attempt.sanitised`. ``answers``: ``True`` keeps every answer, ``False`` none, a collection of
        kinds the answers of those kinds only (the report keeps only the concept test's)."""
        records = list(records)
        if isinstance(answers, bool):
            attempts = (Attempt.sanitised(r, answers) for r in records)
        else:
            attempts = (Attempt.sanitised(r, isinstance(r, Mapping) and r.get("kind") in answers) for r in records)
        attempts = tuple(a for a in attempts if a is not None)
        return cls(file, pseudonym, store, exported, checksum, attempts, len(records) - len(attempts))


def read_export(path: str | os.PathLike, answers=True) -> HandInFile:
    """Read and check one hand-in file; raises :class:`ExportProblem` when it cannot be used.

    Only a regular file of at most :data:`MAX_EXPORT_BYTES` is read, as UTF-8 JSON nested at most
    :data:`MAX_EXPORT_DEPTH` deep. The attempts are cleaned with :meth:`Attempt.sanitised` again, so a
    hand-edited file brings in no free text; with ``answers=False`` the answers are left out, with a
    collection of kinds all but theirs (the class report keeps only the concept test's). The checksum detects accidental damage (a truncated copy, an editor
    that changed the file); it cannot prove who made the file, since anyone can recompute it.
    """
    raw = _read_regular_file(path, MAX_EXPORT_BYTES)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # JSON saved in another encoding (UTF-16 by a Windows editor, Latin-1) or not text at all
        other = raw.startswith((b"\xff\xfe", b"\xfe\xff")) or raw.lstrip()[:1] in (b"{", b"[")
        raise ExportProblem("encoding" if other else "not_json") from None
    try:
        payload = json.loads(text)
    except RecursionError:
        raise ExportProblem("too_deep") from None
    except ValueError as error:
        raise ExportProblem("not_json", str(error)[:80]) from None
    if not _depth_ok(raw, MAX_EXPORT_DEPTH):
        raise ExportProblem("too_deep")
    if not isinstance(payload, dict) or payload.get("format") != EXPORT_FORMAT:
        raise ExportProblem("foreign")
    version = payload.get("version")
    if type(version) is not int or version < 1:
        raise ExportProblem("foreign")
    if version > EXPORT_VERSION:
        raise ExportProblem("newer", str(version))
    if payload.get("checksum") != checksum(payload):
        raise ExportProblem("checksum")
    try:
        validate_pseudonym(payload.get("pseudonym"))
    except ProgressError:
        raise ExportProblem("bad_pseudonym") from None
    items = payload.get("attempts")
    if not isinstance(items, list):
        raise ExportProblem("foreign")
    exported = payload.get("exported")
    return HandInFile.of_records(
        str(path), payload["pseudonym"], token(payload.get("store")) or "", items, answers,
        exported=exported if isinstance(exported, str) and TIME.match(exported) else "",
        checksum=payload["checksum"])
