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
    device may never end): the file is checked before it is opened, and again once it is open. It is
    read in one call of the size it has (:func:`_read_at_most`), never more than ``limit`` + 1 bytes.
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
        opened = os.fstat(fd)
        if not stat.S_ISREG(opened.st_mode):  # swapped for a pipe between the two looks
            raise ExportProblem("not_a_file")
        raw = _read_at_most(fd, limit, opened.st_size)
    except OSError as error:
        raise ExportProblem("unreadable", str(error)) from None
    finally:
        os.close(fd)
    if len(raw) > limit:
        raise ExportProblem("too_big", str(len(raw)))
    return raw


def _read_at_most(fd: int, limit: int, size: int) -> bytes:
    """The bytes of the open file ``fd`` up to its end or to ``limit`` + 1 bytes, whichever comes first.

    The first read asks for the ``size`` the file had when opened (and one byte more, to see its end); a
    file that grew since is read on in small steps. A read of ``limit`` + 1 bytes at once would make a
    buffer of that size for every file, however small (16 MB each: a tenth of a class report's time).

    >>> import tempfile
    >>> with tempfile.TemporaryFile() as handle:
    ...     _ = handle.write(b"0123456789"); _ = handle.flush()
    ...     _ = handle.seek(0); whole = _read_at_most(handle.fileno(), 100, 4)  # it grew from 4 to 10 bytes
    ...     _ = handle.seek(0); capped = _read_at_most(handle.fileno(), 5, 10)
    >>> whole, capped
    (b'0123456789', b'012345')
    """
    parts = []
    got = 0
    ask = min(size, limit) + 1
    while got <= limit:
        part = os.read(fd, ask)
        if not part:
            break
        parts.append(part)
        got += len(part)
        ask = min(limit + 1 - got, 1 << 16)
    return b"".join(parts)


_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_ONE_BRACKET_KIND = bytes.maketrans(b"{} \t\n\r", b"[]____")
"""Objects' braces written as brackets (the depth counts both alike), whitespace as ``_``."""
_NOT_IN_OUTLINE = bytes(b for b in range(256) if b not in b'[]{}" \t\n\r')
_NOT_A_BRACKET = bytes(b for b in range(256) if b not in b"[]{}")


@dataclass(frozen=True)
class _Outline:
    """What one pass over a hand-in's bytes finds: its ``brackets`` outside strings (``{}`` written as
    ``[]``), and whether every string is ``plain`` (no escape, bracket or whitespace inside: then all the
    file's whitespace lies between its values, and taking it out changes no value)."""

    brackets: bytes
    plain: bool

    @classmethod
    def of(cls, text: bytes) -> _Outline:
        """The outline of the JSON ``text`` (already parsed once).

        >>> _Outline.of(b'{"a": [1, "b"]}'), _Outline.of(b'{"a b": "[["}')
        (_Outline(brackets=b'[[]]', plain=True), _Outline(brackets=b'[]', plain=False))
        """
        if b"\\" not in text:  # every quote opens or closes a string
            kept = text.translate(_ONE_BRACKET_KIND, _NOT_IN_OUTLINE)
            if kept.count(b'""') * 2 == kept.count(b'"'):
                # every string was left empty by the translation (its two quotes side by side, as counted
                # from the start): it held no bracket or space
                return cls(kept.translate(None, b'"_'), True)
        # a string with an escape (perhaps of a quote), a bracket or a space: the strings taken out one by one
        return cls(_STRING.sub(b"", text).translate(_ONE_BRACKET_KIND, _NOT_A_BRACKET), False)

    def depth_at_most(self, limit: int) -> bool:
        """Whether the lists and objects nest at most ``limit`` deep: each round takes out the innermost
        pairs, one level, so the brackets are gone after ``limit`` rounds (no recursion, no walk in Python
        over every value).

        >>> _Outline(b"[[][[]]]", True).depth_at_most(3), _Outline(b"[[][[]]]", True).depth_at_most(2)
        (True, False)
        """
        brackets = self.brackets
        for _ in range(limit):
            if not brackets:
                return True
            brackets = brackets.replace(b"[]", b"")
        return not brackets


def _depth_ok(text: bytes, limit: int) -> bool:
    """Whether the JSON ``text`` (already parsed once) nests at most ``limit`` lists and objects deep.

    >>> _depth_ok(b'{"a": [[1], {"b": "[[[["}]}', 3), _depth_ok(b'{"a": [[1], {"b": "[[[["}]}', 2)
    (True, False)
    """
    return _Outline.of(text).depth_at_most(limit)


def _checksum_of_text(text: bytes, stated: str) -> str | None:
    """The checksum of a hand-in's own ``text`` (ASCII, every string plain: :class:`_Outline`): its bytes
    without whitespace and without the member ``"checksum": stated``; ``None`` when that member is not
    found exactly once.

    :func:`export` writes the canonical JSON of :func:`checksum`, indented: without the indentation,
    the text *is* what the checksum was computed on, so it is hashed as it is instead of being written
    out again from the parsed values.

    >>> body = {"format": EXPORT_FORMAT, "attempts": [{"item": "ex1"}]}
    >>> stated = checksum(body)
    >>> text = json.dumps(dict(body, checksum=stated), indent=1, sort_keys=True).encode()
    >>> _checksum_of_text(text, stated) == stated
    True
    """
    compact = text.translate(None, b" \t\n\r")
    member = b'"checksum":"' + stated.encode("ascii", "replace") + b'"'
    if compact.count(member) != 1:
        return None
    start = compact.find(member)
    end = start + len(member)
    if compact[end:end + 1] == b",":
        end += 1
    elif compact[start - 1:start] == b",":
        start -= 1
    return "sha256:" + hashlib.sha256(compact[:start] + compact[end:]).hexdigest()


def _checksum_matches(payload: dict, raw: bytes, outline: _Outline) -> bool:
    """Whether the hand-in's stated checksum is right: computed on its own text when its strings are plain
    and it is ASCII (:func:`_checksum_of_text`, as :func:`export` wrote it), else (a re-indented or
    re-encoded file, a file with spaces in its strings, or a text whose own checksum differs) on its
    parsed values in canonical JSON (:func:`checksum`), as always."""
    stated = payload.get("checksum")
    if type(stated) is not str:
        return False
    if outline.plain and raw.isascii() and _checksum_of_text(raw, stated) == stated:
        return True
    return stated == checksum(payload)


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
            attempts = (Attempt.sanitised(r, (type(r) is dict or isinstance(r, Mapping)) and r.get("kind") in answers)
                        for r in records)  # a dict is a mapping without asking the ABC, once per attempt
        attempts = tuple(a for a in attempts if a is not None)
        return cls(file, pseudonym, store, exported, checksum, attempts, len(records) - len(attempts))


def read_export(path: str | os.PathLike, answers=True) -> HandInFile:
    """Read and check one hand-in file; raises :class:`ExportProblem` when it cannot be used.

    Only a regular file of at most :data:`MAX_EXPORT_BYTES` is read, as UTF-8 JSON nested at most
    :data:`MAX_EXPORT_DEPTH` deep. The attempts are cleaned with :meth:`Attempt.sanitised` again, so a
    hand-edited file brings in no free text; with ``answers=False`` the answers are left out, with a
    collection of kinds all but theirs (the class report keeps only the concept test's). The checksum detects accidental damage (a truncated copy, an editor
    that changed the file); it cannot prove who made the file, since anyone can recompute it. Each file
    is parsed once; its depth is checked on its brackets and its checksum, as exported, on its own bytes
    (:func:`_checksum_matches`: the values are written out again only for a file rewritten since).
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
    outline = _Outline.of(raw)
    if not outline.depth_at_most(MAX_EXPORT_DEPTH):
        raise ExportProblem("too_deep")
    if not isinstance(payload, dict) or payload.get("format") != EXPORT_FORMAT:
        raise ExportProblem("foreign")
    version = payload.get("version")
    if type(version) is not int or version < 1:
        raise ExportProblem("foreign")
    if version > EXPORT_VERSION:
        raise ExportProblem("newer", str(version))
    if not _checksum_matches(payload, raw, outline):
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
