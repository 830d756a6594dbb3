"""Files of the register on disk: safe names, temporary names while issuing, and recovery.

Safe names are made by :mod:`desktop.core.filenames` (re-exported here).

Issued and incoming files are written under a temporary name in their final folder
(``<name>.~missiva-<host>-<pid>-<random>.tmp``) and renamed only after the register commit.
:func:`recover_temp_files` finishes the rename for a committed entry whose process was killed
in between, and deletes temporary files no committed entry claims once their writer is gone.
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

from desktop.core.durable import WrittenFile as WrittenFile  # re-exported
from desktop.core.durable import write_new as write_new  # re-exported
from desktop.core.durable import write_temp as write_temp  # re-exported
from desktop.core.filenames import MAX_STEM_BYTES as MAX_STEM_BYTES  # re-exported
from desktop.core.filenames import safe_file_stem as safe_file_stem  # re-exported
from desktop.core.register.chain import file_sha256
from desktop.core.register.queries import RegisterReader

TEMP_PREFIX = ".~missiva-"
_TEMP_RE = re.compile(r"\.~missiva-([0-9a-f]{6})-(\d+)-([0-9a-f]{8})\.tmp")
_STALE_SECONDS = 24 * 3600


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

    A temporary file whose final path and SHA-256 belong to a committed entry is renamed into
    place; any other one is deleted, once its writer process is gone (or it is a day old).
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


def _recover_one(register: RegisterReader, temp: Path, match: re.Match[str]) -> Path | None:
    if not temp.is_file():
        return None
    age = time.time() - temp.stat().st_mtime
    if _writer_alive(match.group(1), int(match.group(2))) and age < _STALE_SECONDS:
        return None
    final = final_path(temp)
    digest = file_sha256(temp)
    entry = register.find_by_sha256(digest)
    claimed = entry is not None and any(
        Path(f.path) == final and f.sha256 == digest for f in entry.files
    )
    if claimed and not final.exists():
        os.replace(temp, final)
        return final
    temp.unlink(missing_ok=True)
    return None
