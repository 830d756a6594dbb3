"""Parallel merge: workers render ahead; a worker killed mid-merge does not stop the merge."""

from __future__ import annotations

import csv
import datetime as dt
import multiprocessing
import os
import signal
from pathlib import Path

import pytest

from desktop.core.services.context import AppContext
from desktop.core.services.merge import plan_merge, run_merge


def _clock() -> dt.datetime:
    return dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def ctx(tmp_path: Path) -> AppContext:
    return AppContext.create(str(tmp_path / "data"), clock=_clock)


def _rows(path: Path, count: int) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["customer_name", "order_number", "refund_amount", "refund_date"])
        for i in range(1, count + 1):
            writer.writerow([f"Silva & Filhos <Ltda> {i}", f"A-{i}", "10.50", "2026-12-01"])
    return path


def test_merge_finishes_when_a_worker_is_killed(tmp_path: Path, ctx: AppContext) -> None:
    """A rendering worker killed with SIGKILL: every row is still issued once, numbers gapless."""
    plan = plan_merge(ctx, "refund-approved", "en", _rows(tmp_path / "d.csv", 16), formats="pdf")
    killed: list[int] = []

    def progress(done: int, _total: int) -> None:
        workers = multiprocessing.active_children()
        if done >= 6 and not killed and workers:
            killed.append(workers[0].pid or 0)
            os.kill(workers[0].pid or 0, signal.SIGKILL)

    report = run_merge(ctx, plan, out_dir=tmp_path / "out", jobs=2, progress=progress)
    assert killed, "no worker was running to be killed"
    assert report.stopped == "" and report.failed == []
    assert [e["reference"] for e in report.issued] == [f"OUT-2026-{n:05d}" for n in range(1, 17)]
    assert len(list((tmp_path / "out").glob("*.pdf"))) == 16
    assert ctx.register.verify_chain().ok
