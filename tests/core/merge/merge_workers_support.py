"""What the merge tests share: waiting for the merge's rendering workers to run."""

from __future__ import annotations

import multiprocessing
import time


def workers_started(done: int, _total: int) -> None:
    """After the first row, wait until the merge's workers run (later rows are written ahead).

    Use as (or call from) a merge's progress callback.
    """
    if done != 1:
        return
    deadline = time.monotonic() + 30
    while len(multiprocessing.active_children()) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(2.0)  # their start-up: imports, fonts
