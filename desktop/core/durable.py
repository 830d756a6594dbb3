"""Writing new files durably: flushed to disk before anyone relies on them, never over another.

Every file Missiva issues or exports is created exclusively: written under a temporary name,
then given its final name with :func:`link_new` / :func:`place_new` (a hard link, which fails
when the name is taken), never with ``os.replace`` (which would silently replace a file there).

Kept apart from the register package so the merge's rendering workers can write files without
importing the database layer (SQLAlchemy and Alembic cost a worker ~0.27 s to start).
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

TEMP_PREFIX = (
    ".~missiva-"  # in the name of a file being issued: <name>.~missiva-<host>-<pid>-<random>.tmp
)


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


def sync_folder(folder: Path) -> None:
    """Flush a folder's entries (a new or renamed name in it) to disk; a no-op where unsupported.

    Windows cannot open a folder for syncing, and some network file systems refuse it: the
    file itself is synced either way, only the name's durability after a power cut is left to
    the file system there.
    """
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


_NO_HARD_LINKS = {
    errno.EPERM,
    errno.ENOTSUP,
    errno.EOPNOTSUPP,
    errno.EXDEV,
    errno.ENOSYS,
    errno.EMLINK,
}


def link_new(source: Path, target: Path) -> None:
    """Give the written file ``source`` the new name ``target``, never replacing a file there.

    A hard link (it fails when ``target`` exists, atomically, even between machines on one
    file system); where the file system has no hard links (FAT, some network shares) the
    bytes are copied into a file created exclusively and flushed. ``source`` stays: the
    caller removes it once the new name is safe to keep (see :func:`place_new`).

    Raises:
        FileExistsError: ``target`` exists (nothing was changed).
        OSError: the name could not be made (nothing is left at ``target``).
    """
    try:
        os.link(source, target)
        return
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in _NO_HARD_LINKS:
            raise
    created = False
    try:
        with open(source, "rb") as reader, open(target, "xb") as writer:
            created = True
            shutil.copyfileobj(reader, writer, 1 << 20)
            writer.flush()
            os.fsync(writer.fileno())
    except FileExistsError:
        raise
    except OSError:
        if created:
            target.unlink(missing_ok=True)
        raise


def place_new(source: Path, target: Path) -> None:
    """Move the flushed file ``source`` to the new name ``target``, refusing to replace a file.

    Unlike ``os.replace`` a file already at ``target`` (another program's, another register's
    letter) is never overwritten: ``FileExistsError`` is raised and ``source`` stays.
    """
    link_new(source, target)
    source.unlink(missing_ok=True)
    sync_folder(target.parent)
