"""Writing new files durably: flushed to disk before anyone relies on them.

Kept apart from the register package so the merge's rendering workers can write files without
importing the database layer (SQLAlchemy and Alembic cost a worker ~0.27 s to start).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path


def write_new(path: Path, data: bytes, *, sync: bool = True) -> None:
    """Write ``data`` to a new file (never over an existing one) and flush it to disk.

    With ``sync=False`` the bytes are handed to the operating system but not yet flushed to
    disk: whoever relies on the file must call :func:`sync_file` first.
    """
    with open(path, "xb") as handle:
        handle.write(data)
        handle.flush()
        if sync:
            os.fsync(handle.fileno())


def sync_file(path: Path) -> None:
    """Flush a written file's data to disk (from any process: it is the file that is flushed).

    Raises:
        OSError: the file is gone, or the disk refused the data (such as a full disk found
            only now, when the file system allocates the blocks it had delayed).
    """
    descriptor = os.open(path, os.O_RDWR)  # write access: some systems sync only those
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


@dataclass(frozen=True)
class WrittenFile:
    """A file written under a temporary name and flushed to disk, with its SHA-256 and size."""

    path: Path
    sha256: str
    size: int


def write_temp(path: Path, data: bytes, *, sync: bool = True) -> WrittenFile:
    """Write ``data`` to the new temporary file ``path`` and flush it; remove it if that fails.

    ``sync=False``: see :func:`write_new` (the caller flushes it with :func:`sync_file`).

    Raises:
        OSError: the file could not be created or written (nothing is left behind).
    """
    try:
        write_new(path, data, sync=sync)
    except FileExistsError:
        raise
    except OSError:
        path.unlink(missing_ok=True)
        raise
    return WrittenFile(path, hashlib.sha256(data).hexdigest(), len(data))
