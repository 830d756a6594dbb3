"""Parallel merge: workers render and write ahead; a killed worker or another desk numbering
meanwhile does not stop the merge or leave a wrong or temporary file.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from gate_support import proofed
from merge_workers_support import workers_started

from desktop.core.services.context import AppContext
from desktop.core.services.issuing import issue_document
from desktop.core.services.merge import plan_merge, planned_documents, run_merge


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


def _pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext")
def test_merge_written_ahead_survives_another_desk_numbering_meanwhile(
    tmp_path: Path, ctx: AppContext
) -> None:
    """Workers write files ahead with predicted references; a desk takes one number mid-merge.

    The rows written ahead with a reference the desk took are written again with their real
    one; every file carries its entry's reference (read back by poppler), matches its stored
    hash, and no temporary file is left in the output folder.
    """
    plan = plan_merge(ctx, "refund-approved", "en", _rows(tmp_path / "d.csv", 40), formats="pdf")
    desk: list[str] = []

    def progress(done: int, total: int) -> None:
        workers_started(done, total)  # so the following rows are written ahead
        if done == 20 and not desk:
            _row, letter = next(iter(planned_documents(ctx, plan)))
            desk.append(
                issue_document(
                    ctx, letter, out_dir=tmp_path / "desk", decision=proofed(ctx, letter)
                ).reference
            )

    out = tmp_path / "out"
    report = run_merge(ctx, plan, out_dir=out, jobs=2, progress=progress)
    assert report.stopped == "" and report.failed == []
    assert report.written_ahead > 0, "no row was written ahead by a worker"
    assert report.written_ahead < 40, "the desk's number did not hit a row written ahead"
    references = [e["reference"] for e in report.issued]
    assert sorted([*references, *desk]) == [f"OUT-2026-{n:05d}" for n in range(1, 42)]
    assert sorted(p.suffix for p in out.iterdir()) == [".pdf"] * 40  # nothing temporary left
    for reference in references:
        (stored,) = ctx.register.get(reference).files
        assert hashlib.sha256(Path(stored.path).read_bytes()).hexdigest() == stored.sha256
        assert reference in _pdf_text(Path(stored.path))
    assert ctx.register.verify_chain().ok


def test_rendering_workers_do_not_load_the_database_layer() -> None:
    """A worker renders and writes files only: importing it must not pull in SQLAlchemy.

    (SQLAlchemy and Alembic made each worker's start ~0.27 s slower, in every parallel merge.)
    """
    probe = (
        "import sys, tempfile\n"
        "from desktop.core.merge.workers import _init, render_row\n"
        "_init(tempfile.mkdtemp())\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'sqlalchemy', 'alembic'}))\n"
    )
    root = Path(__file__).resolve().parents[3]
    found = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=root
    )
    assert found.stdout.strip() == "[]"


def test_files_written_ahead_are_on_disk_before_their_entry_is_written(
    tmp_path: Path, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers leave flushing to the coordinator: every file a worker wrote is flushed
    (``sync_file``, the real one, watched here) before the register entry naming it is written.
    """
    import desktop.core.services.merge as merge_service
    from desktop.core.durable import sync_file
    from desktop.core.register.files import final_path

    events: list[tuple[str, Path]] = []

    def watched_sync(path: Path) -> None:
        sync_file(path)
        events.append(("flushed", final_path(path)))

    append = ctx.register.append

    def watched_append(session, entry, **kwargs):  # type: ignore[no-untyped-def]
        for item in entry.files:
            events.append(("registered", Path(item.path)))
        return append(session, entry, **kwargs)

    monkeypatch.setattr(merge_service, "sync_file", watched_sync)
    monkeypatch.setattr(ctx.register, "append", watched_append)
    plan = plan_merge(
        ctx, "refund-approved", "en", _rows(tmp_path / "d.csv", 24), formats="pdf,docx"
    )
    report = run_merge(ctx, plan, out_dir=tmp_path / "out", jobs=2, progress=workers_started)
    assert report.stopped == "" and report.failed == [] and len(report.issued) == 24
    assert report.written_ahead > 0, "no row was written ahead by a worker"
    flushed: set[Path] = set()
    ahead = 0
    for kind, path in events:
        if kind == "flushed":
            flushed.add(path)
        elif path in flushed:
            ahead += 1
    # every file a worker wrote was flushed first; the others were written here (and flushed
    # as they were written, by write_new)
    assert ahead == 2 * report.written_ahead
    assert not {p for kind, p in events if kind == "flushed"} - {
        p for kind, p in events if kind == "registered"
    }


def test_a_file_that_cannot_be_flushed_is_written_again_here(
    tmp_path: Path, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk refuses to flush a worker's file (an injected EIO): the row is rendered and
    written in the coordinating process instead; every row is issued once and intact.
    """
    import errno

    import desktop.core.services.merge as merge_service
    from desktop.core.durable import sync_file

    refused: list[Path] = []

    def failing_sync(path: Path) -> None:
        if len(refused) < 3:
            refused.append(path)
            raise OSError(errno.EIO, "Input/output error", str(path))
        sync_file(path)

    monkeypatch.setattr(merge_service, "sync_file", failing_sync)
    out = tmp_path / "out"
    plan = plan_merge(ctx, "refund-approved", "en", _rows(tmp_path / "d.csv", 16), formats="pdf")
    report = run_merge(ctx, plan, out_dir=out, jobs=2, progress=workers_started)
    assert len(refused) == 3, "no file written ahead reached the flush"
    assert report.stopped == "" and report.failed == []
    references = [e["reference"] for e in report.issued]
    assert references == [f"OUT-2026-{n:05d}" for n in range(1, 17)]
    assert sorted(p.suffix for p in out.iterdir()) == [".pdf"] * 16  # nothing temporary left
    for reference in references:
        (stored,) = ctx.register.get(reference).files
        assert hashlib.sha256(Path(stored.path).read_bytes()).hexdigest() == stored.sha256
    assert ctx.register.verify_chain().ok
