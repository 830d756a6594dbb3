"""Writing new files durably: flushed to disk before anyone relies on them.

Kept apart from the register package so the merge's rendering workers can write files without
importing the database layer (SQLAlchemy and Alembic cost a worker ~0.27 s to start).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path


def write_new(path: Path, data: bytes) -> None:
    """Write ``data`` to a new file (never over an existing one) and flush it to disk."""
    with open(path, "xb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


@dataclass(frozen=True)
class WrittenFile:
    """A file written under a temporary name and flushed to disk, with its SHA-256 and size."""

    path: Path
    sha256: str
    size: int


def write_temp(path: Path, data: bytes) -> WrittenFile:
    """Write ``data`` to the new temporary file ``path`` and flush it; remove it if that fails.

    Raises:
        OSError: the file could not be created or written (nothing is left behind).
    """
    try:
        write_new(path, data)
    except FileExistsError:
        raise
    except OSError:
        path.unlink(missing_ok=True)
        raise
    return WrittenFile(path, hashlib.sha256(data).hexdigest(), len(data))
