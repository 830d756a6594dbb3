"""A ZIP writer for members deflated beforehand, and the small cache that keeps them.

``zipfile`` deflates every member each time an archive is written. A DOCX letter repeats most
of its members letter after letter, so :mod:`desktop.core.rendering.docx_package` deflates
them once (:func:`deflate`, kept in a :class:`BoundedCache`) and :func:`zip_archive` writes the
ZIP structure zipfile writes (local headers, central directory, end record; DEFLATE with
zipfile's zlib settings). Tests compare the archive with zipfile's, byte for byte, for the same
members and time.
"""

from __future__ import annotations

import struct
import threading
import zlib
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

_K = TypeVar("_K", bound=Hashable)
_V = TypeVar("_V")

_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")  # zipfile's structFileHeader
_CENTRAL_HEADER = struct.Struct("<4s4B4HL2L5H2L")  # zipfile's structCentralDir
_END_RECORD = struct.Struct("<4s4H2LH")  # zipfile's structEndArchive
_ZIP_VERSION = 20  # "2.0", needed to extract DEFLATE without ZIP64 (zipfile's DEFAULT_VERSION)
_ZIP_MADE_ON_UNIX = 3  # the external attributes below are Unix permissions
_ZIP_DEFLATED = 8
_ZIP_UTF8_NAME = 0x800  # flag bit of a name that is not ASCII
_ZIP_PERMISSIONS = 0o600 << 16  # ?rw------- as zipfile.writestr sets them
_ZIP64_LIMIT = (1 << 31) - 1  # past it zipfile would add ZIP64 records, which we do not write


@dataclass(frozen=True)
class Deflated:
    """A ZIP member's bytes deflated: CRC-32 and size of the bytes, and the raw DEFLATE data."""

    crc: int
    size: int
    data: bytes


def deflate(data: bytes) -> Deflated:
    """Return ``data`` deflated as zipfile's ZIP_DEFLATED does (default level, raw stream)."""
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    return Deflated(zlib.crc32(data), len(data), compressor.compress(data) + compressor.flush())


class BoundedCache(Generic[_K, _V]):
    """Values made from keys, the least recently used dropped past a size (thread-safe)."""

    def __init__(self, size: int) -> None:
        """Keep at most ``size`` values."""
        self._size = size
        self._lock = threading.Lock()
        self._entries: OrderedDict[_K, _V] = OrderedDict()

    def __len__(self) -> int:
        """Return the number of values kept."""
        return len(self._entries)

    def get(self, key: _K, make: Callable[[_K], _V]) -> _V:
        """Return the value kept for ``key``, or ``make(key)`` kept from now on."""
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        value = make(key)  # outside the lock: two threads may both make a new value once
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)
        return value


def zip_archive(members: Iterable[tuple[str, Deflated]], date_time: tuple[int, ...]) -> bytes:
    """Return a ZIP of deflated members, as ``zipfile.ZipFile.writestr`` writes it to a buffer.

    Each member: a local header with CRC and sizes, its name, its data; then the central
    directory and the end record; no data descriptors, extra fields or comments. Every member
    gets the time ``date_time`` (year, month, day, hour, minute, second; DOS time, 2 s steps).

    Raises:
        ValueError: the time is before 1980, or the archive would need ZIP64 records.
    """
    year, month, day, hour, minute, second = date_time[:6]
    if year < 1980:
        raise ValueError("ZIP does not support timestamps before 1980")
    dos_date = (year - 1980) << 9 | month << 5 | day
    dos_time = hour << 11 | minute << 5 | second // 2
    chunks: list[bytes] = []
    directory: list[bytes] = []
    offset = 0
    for name, member in members:
        if member.size * 1.05 > _ZIP64_LIMIT:  # zipfile's rule for a ZIP64 local header
            raise ValueError(f"{name} is too large for a ZIP without ZIP64 records")
        try:
            encoded, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            encoded, flags = name.encode("utf-8"), _ZIP_UTF8_NAME
        # the fields both headers have: flags, method, time, date, CRC, sizes, name length
        stamp = (flags, _ZIP_DEFLATED, dos_time, dos_date)
        sizes = (member.crc, len(member.data), member.size, len(encoded))
        header = _LOCAL_HEADER.pack(b"PK\x03\x04", _ZIP_VERSION, 0, *stamp, *sizes, 0)
        directory.append(
            _CENTRAL_HEADER.pack(
                b"PK\x01\x02",
                _ZIP_VERSION,  # made by: version and system
                _ZIP_MADE_ON_UNIX,
                _ZIP_VERSION,  # needed to extract
                0,  # reserved
                *stamp,
                *sizes,
                0,  # extra field length
                0,  # comment length
                0,  # disk number
                0,  # internal attributes
                _ZIP_PERMISSIONS,
                offset,  # of the local header
            )
            + encoded
        )
        chunks += (header, encoded, member.data)
        offset += len(header) + len(encoded) + len(member.data)
    central = b"".join(directory)
    count = len(directory)
    if count > 0xFFFF or offset + len(central) > _ZIP64_LIMIT:
        raise ValueError("the archive is too large for a ZIP without ZIP64 records")
    end = _END_RECORD.pack(b"PK\x05\x06", 0, 0, count, count, len(central), offset, 0)
    return b"".join(chunks) + central + end
