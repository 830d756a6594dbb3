"""Files of the register on disk: safe names, temporary names while issuing, and recovery.

Safe names are made by :mod:`desktop.core.filenames` (re-exported here).

Issued and incoming files are written under a temporary name in their final folder
(``<name>.~missiva-<host>-<pid>-<random>.tmp``). Inside the register transaction, just before
the commit, each is given its final name by a hard link that fails when the name is taken
(:func:`claim_names`): a name already used (another program's file, another register's letter
with the same reference) is never overwritten; the letter gets the next free name
``<stem> (2).pdf``, ``<stem> (3).pdf`` ..., recorded in its entry. The temporary name is
removed after the commit. While it exists, the final name is not yet a letter:
:func:`recover_temp_files` removes both names of a killed issuer's file when no committed
entry claims it (the final name only when it is the same file, never another one), and only
the temporary name when one does.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import secrets
import socket
import sys
import time
from pathlib import Path

from desktop.core.durable import TEMP_PREFIX as TEMP_PREFIX  # re-exported
from desktop.core.durable import WrittenFile as WrittenFile  # re-exported
from desktop.core.durable import link_new, sync_folder
from desktop.core.durable import write_new as write_new  # re-exported
from desktop.core.durable import write_temp as write_temp  # re-exported
from desktop.core.filenames import MAX_STEM_BYTES as MAX_STEM_BYTES  # re-exported
from desktop.core.filenames import safe_file_stem as safe_file_stem  # re-exported
from desktop.core.register.chain import file_sha256
from desktop.core.register.queries import RegisterReader

_TEMP_RE = re.compile(r"\.~missiva-([0-9a-f]{6})-(\d+)-([0-9a-f]{8})\.tmp")
_STALE_SECONDS = 24 * 3600
MAX_NAME_NUMBER = 10_000  # "<stem> (10000).pdf" is the last distinct name tried


@functools.cache
def _host_tag() -> str:
    return hashlib.sha256(socket.gethostname().encode()).hexdigest()[:6]


def temp_marker(pid: int | None = None) -> str:
    """Return a fresh temporary-name suffix naming this host and process (or process ``pid``).

    Recovery leaves a temporary file alone while the process it names is alive: a process
    that has files written for it by helpers (the batch merge's workers) gives its own pid.
    """
    writer = os.getpid() if pid is None else pid
    return f"{TEMP_PREFIX}{_host_tag()}-{writer}-{secrets.token_hex(4)}.tmp"


def final_path(temp: Path) -> Path:
    """Return the final path of a temporary file (the marker removed wherever it is)."""
    return temp.with_name(_TEMP_RE.sub("", temp.name, count=1))


def numbered_name(name: str, stem: str, number: int) -> str:
    """Return ``name`` (which starts with ``stem``) as its ``number``-th distinct variant.

    ``numbered_name("A 1.pdf", "A 1", 2) == "A 1 (2).pdf"``; number 1 is the name itself.
    """
    if number <= 1:
        return name
    if not name.startswith(stem):
        stem = name.partition(".")[0]
    return f"{stem} ({number}){name[len(stem) :]}"


def claim_names(temps: list[tuple[Path, Path]], stem: str) -> list[Path]:
    """Give each written temporary file its final name, never replacing an existing file.

    ``temps`` pairs each temporary file with the final path it wants. All files of one letter
    get the same distinct number: the first ``n`` for which every ``numbered_name`` is free
    (a letter and its ``.p7s`` stay together). Each name is made by a hard link (atomic; it
    fails when the name exists, from any process or machine), so the temporary names still
    exist when this returns; the caller removes them after the commit, or calls
    :func:`release_names` when the commit does not happen.

    Returns:
        The final paths, in the order of ``temps``.

    Raises:
        FileExistsError: no free name up to :data:`MAX_NAME_NUMBER`.
        OSError: a name could not be made (none of them is left).
    """
    for number in range(1, MAX_NAME_NUMBER + 1):
        made: list[Path] = []
        try:
            for temp, final in temps:
                target = final.with_name(numbered_name(final.name, stem, number))
                link_new(temp, target)
                made.append(target)
        except FileExistsError:
            release_names(list(zip([t for t, _f in temps], made, strict=False)))
            continue
        except OSError:
            release_names(list(zip([t for t, _f in temps], made, strict=False)))
            raise
        for folder in {target.parent for target in made}:
            sync_folder(folder)
        return made
    raise FileExistsError(temps[0][1] if temps else stem)


def release_names(pairs: list[tuple[Path, Path]]) -> None:
    """Remove final names made by :func:`claim_names` (only those still naming our file)."""
    for temp, final in pairs:
        try:
            if os.path.samefile(temp, final):
                final.unlink()
        except OSError:
            continue


def _writer_alive(host: str, pid: int) -> bool:
    if host != _host_tag() or sys.platform == "win32":
        return True  # cannot tell: rely on the file's age
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover_temp_files(
    register: RegisterReader, folder: Path, *, recursive: bool = False
) -> list[Path]:
    """Finish or discard temporary files left by a killed issuer; return the files renamed.

    Once its writer process is gone (or it is a day old), a temporary file whose SHA-256 and
    folder belong to a committed entry gets the entry's file name if that name is missing
    (never replacing a file), and is then removed; any other one is removed, with the final
    name it was linked to (the same file only) when no committed entry claims that name.
    """
    renamed: list[Path] = []
    if not folder.is_dir():
        return renamed
    pattern = f"**/*{TEMP_PREFIX}*" if recursive else f"*{TEMP_PREFIX}*"
    for temp in sorted(folder.glob(pattern)):
        match = _TEMP_RE.search(temp.name)
        if match is None:
            continue
        try:
            finished = _recover_one(register, temp, match)
        except FileNotFoundError:
            continue  # its writer (or another recovering process) renamed it meanwhile
        if finished is not None:
            renamed.append(finished)
    return renamed


def _linked_name(temp: Path) -> Path | None:
    """Return the non-temporary name in ``temp``'s folder that is the same file, if any."""
    try:
        info = temp.stat()
    except OSError:
        return None
    if info.st_nlink < 2:
        return None
    for other in temp.parent.iterdir():
        if TEMP_PREFIX in other.name:
            continue
        try:
            if os.path.samestat(info, other.stat()):
                return other
        except OSError:
            continue
    return None


def _recover_one(register: RegisterReader, temp: Path, match: re.Match[str]) -> Path | None:
    if not temp.is_file():
        return None
    age = time.time() - temp.stat().st_mtime
    if _writer_alive(match.group(1), int(match.group(2))) and age < _STALE_SECONDS:
        return None
    digest = file_sha256(temp)
    entry = register.find_by_sha256(digest)
    claimed = [
        Path(f.path)
        for f in (entry.files if entry is not None else ())
        if f.sha256 == digest and Path(f.path).parent == temp.parent
    ]
    linked = _linked_name(temp)
    if linked is not None:  # killed between claiming its name and removing the temporary one
        if linked not in claimed:
            linked.unlink(missing_ok=True)  # never committed: not a letter
        temp.unlink(missing_ok=True)
        return linked if linked in claimed else None
    target = next((p for p in claimed if not p.exists()), None)
    if target is not None:  # committed, its name never made (killed in between)
        link_new(temp, target)
        temp.unlink(missing_ok=True)
        sync_folder(target.parent)
        return target
    temp.unlink(missing_ok=True)
    return None
