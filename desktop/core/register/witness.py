"""The register's witness: an append-only file of checkpoints of the hash chain, outside the database.

Like a transparency log's witness, each desk keeps in its own data folder a note of every
chain head it appended or saw: the chain sequence number and the entry hash there (which,
through the hash chain, commits to every earlier entry). A database that later lacks a
witnessed sequence, or holds a different hash at it, was truncated, rolled back or restored
from an older copy, even when its own chain head was moved back to match.

One JSON object per line (``<data>/register.witness``)::

    {"n": 7, "seq": 42, "hash": "…", "at": "2026-11-22T09:00:00+00:00", "kind": "append",
     "ref": "OUT-2026-00042", "files": ["<sha256>", …], "code": "<sha256 of the code>",
     "prev": "<sha256 of line 6>"}

``n`` counts lines from 1; ``prev`` is the SHA-256 of the previous line's bytes, so a line
removed or edited in the middle breaks the link of the next one. ``kind`` is ``start`` (the
first line: the head when the witness began, for an existing register too), ``append`` (an
entry this desk wrote: its reference, file hashes and code hash let ``missiva verify FILE`` name
a letter whose entry was lost) or ``seen`` (a head this desk read: after a void, a clean
verify). Lines are appended under an exclusive ``flock`` and flushed to disk (``fsync``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

try:
    import fcntl
except ImportError:  # Windows: appends are not locked between processes
    fcntl = None  # type: ignore[assignment]

from desktop.core.durable import sync_folder

logger = logging.getLogger(__name__)

WITNESS_NAME = "register.witness"
_TAIL_BYTES = 1 << 16  # a line is far shorter: the last line is within this many bytes
_MAX_LINE = 1 << 20  # a longer "line" is damage, not a checkpoint


def code_digest(code: str) -> str:
    """Return the SHA-256 of a verification code as the witness keeps it."""
    return hashlib.sha256(code.strip().upper().encode("utf-8")).hexdigest()


def _line_hash(raw: bytes) -> str:
    return hashlib.sha256(raw.rstrip(b"\n")).hexdigest()


@dataclass(frozen=True)
class Checkpoint:
    """One witness line: the chain's sequence and hash there, and what the desk knew of it."""

    line: int
    seq: int
    hash: str
    at: str
    kind: str
    reference: str = ""
    files: tuple[str, ...] = ()
    code: str = ""


@dataclass
class WitnessProblem:
    """A damaged witness line: where, and what is wrong."""

    line: int
    detail: str


@dataclass
class WitnessReading:
    """Every checkpoint of a witness file, and what is wrong with the file itself."""

    checkpoints: list[Checkpoint] = field(default_factory=list)
    problems: list[WitnessProblem] = field(default_factory=list)


def _parse(raw: bytes, number: int) -> tuple[dict[str, Any] | None, str]:
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None, "not a checkpoint (unreadable)"
    if not isinstance(data, dict):
        return None, "not a checkpoint"
    if not isinstance(data.get("seq"), int) or not isinstance(data.get("hash"), str):
        return None, "a checkpoint without a sequence number and hash"
    if data.get("n") != number:
        return data, f"numbered {data.get('n')!r}, expected {number}: lines were removed or added"
    return data, ""


class Witness:
    """The append-only checkpoint file of one data folder."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def exists(self) -> bool:
        """Return whether the witness file exists."""
        return self.path.is_file()

    # -- writing -----------------------------------------------------------------------------

    def append(self, records: Iterable[dict[str, Any]], *, at: dt.datetime) -> None:
        """Append checkpoints (``seq``, ``hash``, ``kind`` and details), linked and flushed.

        Raises:
            OSError: the file could not be written or flushed.
        """
        records = list(records)
        if not records:
            return
        new = not self.path.exists()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        flags = os.O_RDWR | os.O_CREAT | os.O_APPEND | getattr(os, "O_BINARY", 0)
        descriptor = os.open(self.path, flags, 0o644)
        try:
            if fcntl is not None:
                fcntl.flock(descriptor, fcntl.LOCK_EX)
            number, prev = self._tail(descriptor)
            lines = []
            for record in records:
                number += 1
                data = {"n": number, **record, "at": at.astimezone(dt.UTC).isoformat()}
                data["prev"] = prev
                raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
                prev = _line_hash(raw)
                lines.append(raw + b"\n")
            os.write(descriptor, b"".join(lines))
            os.fsync(descriptor)
        finally:
            os.close(descriptor)  # releases the lock
        if new:
            sync_folder(self.path.parent)

    @staticmethod
    def _tail(descriptor: int) -> tuple[int, str]:
        """Return the last line's number and hash (0 and "" for an empty file)."""
        size = os.fstat(descriptor).st_size
        if size == 0:
            return 0, ""
        start = max(0, size - _TAIL_BYTES)
        os.lseek(descriptor, start, os.SEEK_SET)  # appends still go to the end (O_APPEND)
        block = b""
        while len(block) < size - start:
            chunk = os.read(descriptor, size - start - len(block))
            if not chunk:
                break
            block += chunk
        lines = [line for line in block.split(b"\n") if line.strip()]
        if not lines:
            return 0, ""
        raw = lines[-1]
        try:
            number = int(json.loads(raw.decode("utf-8")).get("n", 0))
        except (UnicodeDecodeError, json.JSONDecodeError, AttributeError, TypeError, ValueError):
            number = 0  # a damaged last line: verify reports it; keep appending after it
        return number, _line_hash(raw)

    # -- reading -----------------------------------------------------------------------------

    def _raw_lines(self) -> Iterator[bytes]:
        with self.path.open("rb") as handle:
            while True:
                raw = handle.readline(_MAX_LINE)
                if not raw:
                    return
                yield raw

    def scan(self) -> Iterator[Checkpoint | WitnessProblem]:
        """Yield every checkpoint in file order, and a problem wherever the file's links break.

        Streams the file (bounded memory for any length). A line is linked to the one before
        by its number ``n`` and by ``prev``, the SHA-256 of the line before.
        """
        if not self.path.is_file():
            return
        prev, number = "", 0
        for raw in self._raw_lines():
            if not raw.strip():
                continue
            number += 1
            data, problem = _parse(raw.rstrip(b"\n"), number)
            if data is not None and data.get("prev", "") != prev and not problem:
                problem = "does not follow the line before it: that line was edited or removed"
            if problem:
                yield WitnessProblem(number, problem)
            if data is not None and isinstance(data.get("seq"), int):
                yield _checkpoint(data, number)
                if isinstance(data.get("n"), int):
                    number = data["n"]  # report a gap once, not on every line after it
            prev = _line_hash(raw)

    def read(self) -> WitnessReading:
        """Read the whole witness (small files; :meth:`scan` streams)."""
        reading = WitnessReading()
        for item in self.scan():
            if isinstance(item, Checkpoint):
                reading.checkpoints.append(item)
            else:
                reading.problems.append(item)
        return reading

    def find_file(self, sha256: str) -> Checkpoint | None:
        """Return the newest checkpoint of an entry with a file of this SHA-256, or ``None``."""
        return self._find("files", sha256.strip().lower())

    def find_code(self, code: str) -> Checkpoint | None:
        """Return the newest checkpoint of an entry with this verification code, or ``None``."""
        return self._find("code", code_digest(code))

    def _find(self, key: str, value: str) -> Checkpoint | None:
        if not self.path.is_file():
            return None
        needle = value.encode()
        found: Checkpoint | None = None
        number = 0
        for raw in self._raw_lines():
            number += 1
            if needle not in raw:  # cheap filter before parsing
                continue
            data, _problem = _parse(raw.rstrip(b"\n"), number)
            if data is None:
                continue
            held = data.get(key)
            if held == value or (isinstance(held, list) and value in held):
                found = _checkpoint(data, number)
        return found


def _checkpoint(data: dict[str, Any], number: int) -> Checkpoint:
    files = data.get("files")
    return Checkpoint(
        line=number,
        seq=int(data["seq"]),
        hash=str(data["hash"]),
        at=str(data.get("at", "")),
        kind=str(data.get("kind", "")),
        reference=str(data.get("ref", "")),
        files=tuple(str(f) for f in files) if isinstance(files, list) else (),
        code=str(data.get("code", "")),
    )
