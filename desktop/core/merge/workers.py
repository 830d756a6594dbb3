"""Worker processes of a parallel merge: each builds its own context once and renders rows.

Rows reach the workers already numbered (with the reference the register will most likely hand
out). Each format is written under the temporary name the coordinator chose in the output
folder (the coordinator flushes it to disk before registering it), and comes back as its path,
SHA-256 and size (or as bytes, when it could not be written: the coordinator then writes it and
reports the error); proofing, numbering, register writes and the final renames stay in the
coordinating process. Workers start with ``spawn`` (no inherited locks or database connections);
each loads its writers with its first row and keeps its compiled layouts, fonts and images for
the whole merge.
"""

from __future__ import annotations

import contextlib
import os
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from desktop.core.durable import WrittenFile, write_temp
from desktop.core.models import Document

# The context of this worker process (ProcessPoolExecutor's initializer pattern).
_WORKER: dict[str, Any] = {}


def _init(data_dir: str) -> None:
    from desktop.core.services.context import AppContext

    _WORKER["ctx"] = AppContext.create(data_dir)


def render_row(
    numbered: Document,
    formats: tuple[str, ...],
    temps: dict[str, str] | None = None,
    owner: int = 0,
    sync: bool = True,
) -> dict[str, bytes | WrittenFile]:
    """Render one numbered row in every format (runs in a worker process).

    With ``temps`` (a temporary path by format, named for process ``owner``, the coordinator)
    each format is written there and returned as a :class:`WrittenFile`; a format that cannot
    be written (or whose coordinator is gone) comes back as bytes and leaves no file. With
    ``sync=False`` the files are not flushed to disk here: the coordinator flushes them
    (:func:`~desktop.core.durable.sync_file`) before it registers them, while this process
    renders the next row instead of waiting for the disk.
    """
    from desktop.core.services.compose import render_bytes

    ctx = _WORKER["ctx"]
    result: dict[str, bytes | WrittenFile] = {}
    for fmt in formats:
        data = render_bytes(ctx, numbered, fmt)
        temp = (temps or {}).get(fmt)
        result[fmt] = data
        if temp is not None and os.getppid() == owner:  # not for a killed coordinator
            # if it cannot be written, the coordinator writes it itself and says why it cannot
            with contextlib.suppress(OSError):
                result[fmt] = write_temp(Path(temp), data, sync=sync)
    return result


def render_pool(data_dir: str, jobs: int) -> ProcessPoolExecutor:
    """Return a pool of ``jobs`` rendering processes for the data folder ``data_dir``."""
    return ProcessPoolExecutor(
        jobs, mp_context=get_context("spawn"), initializer=_init, initargs=(data_dir,)
    )
