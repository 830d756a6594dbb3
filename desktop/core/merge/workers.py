"""Worker processes of a parallel merge: each builds its own context once and renders rows.

Rows reach the workers already numbered (with the reference the register will most likely hand
out) and come back as the bytes of each format; proofing, numbering and register writes stay in
the coordinating process. Workers start with ``spawn`` (no inherited locks or database
connections); each keeps its compiled layouts, fonts and images for the whole merge.
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from typing import Any

from desktop.core.models import Document

# The context of this worker process (ProcessPoolExecutor's initializer pattern).
_WORKER: dict[str, Any] = {}


def _init(data_dir: str) -> None:
    from desktop.core.services.context import AppContext

    _WORKER["ctx"] = AppContext.create(data_dir)


def warm(formats: tuple[str, ...]) -> None:
    """Load the writers of this worker (fonts, compiled layouts, the profile's pictures).

    The coordinator sends rows to the pool once every worker has answered this; until then it
    renders them itself, so the start-up of the workers (imports, fonts) is not waited for.
    """
    from desktop.core.rendering.samples import plain_letter
    from desktop.core.services.compose import render_bytes

    ctx = _WORKER["ctx"]
    for fmt in formats:
        if fmt in ("docx", "pdf"):
            render_bytes(ctx, plain_letter("en"), fmt)


def render_row(numbered: Document, formats: tuple[str, ...]) -> dict[str, bytes]:
    """Render one numbered row in every format (runs in a worker process)."""
    from desktop.core.services.compose import render_bytes

    ctx = _WORKER["ctx"]
    return {fmt: render_bytes(ctx, numbered, fmt) for fmt in formats}


def render_pool(data_dir: str, jobs: int) -> ProcessPoolExecutor:
    """Return a pool of ``jobs`` rendering processes for the data folder ``data_dir``."""
    return ProcessPoolExecutor(
        jobs, mp_context=get_context("spawn"), initializer=_init, initargs=(data_dir,)
    )
