"""Batch merge through the real pipeline: validation report, issuing, resume, cancel, failures."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import subprocess
import threading
from pathlib import Path

import pytest
from merge_workers_support import workers_started

from desktop.core.errors import MergeError
from desktop.core.register import SearchFilters
from desktop.core.services.context import AppContext
from desktop.core.services.merge import plan_merge, row_key, run_merge

HEADER = [
    "Customer Name",
    "customer_email",
    "order_number",
    "refund_amount",
    "refund_date",
    "idioma",
]


def _csv(path: Path, rows: list[list[str]], delimiter: str = ";") -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, delimiter=delimiter).writerows([HEADER, *rows])
    return path


def _good_rows(count: int, language: str = "en") -> list[list[str]]:
    return [
        [
            f"Silva & Filhos <Ltda> {i}",
            f"c{i}@example.com",
            f"A-{i}",
            "1.250,50",
            "2026-12-01",
            language,
        ]
        for i in range(1, count + 1)
    ]


def _clock() -> dt.datetime:
    return dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def ctx(tmp_path: Path) -> AppContext:
    return AppContext.create(str(tmp_path / "data"), clock=_clock)


def _entries(ctx: AppContext) -> list[str]:
    found, _ = ctx.register.search(SearchFilters(), page=1, page_size=10_000)
    return sorted(e.reference for e in found)


def test_plan_merge_reports_row_column_and_problem(tmp_path: Path, ctx: AppContext) -> None:
    """Every bad row is listed with its spreadsheet row, column and reason; good rows count."""
    rows = _good_rows(2)
    rows.append(["Ana", "not-an-email", "A-9", "10", "2026-12-01", "en"])
    rows.append(["Budi", "b@example.com", "", "10", "31/02/2026", "id"])
    plan = plan_merge(ctx, "refund-approved", "en", _csv(tmp_path / "d.csv", rows))
    assert (plan.total_rows, plan.valid_rows) == (4, 2)
    problems = {(p.row, p.column) for p in plan.problems}
    assert problems == {(4, "customer_email"), (5, "order_number"), (5, "refund_date")}


def test_plan_merge_missing_required_column_is_refused(tmp_path: Path, ctx: AppContext) -> None:
    """A file without a column for a required field stops before any row is read."""
    path = tmp_path / "d.csv"
    path.write_text("customer_name,order_number\nAna,A-1\n", encoding="utf-8")
    with pytest.raises(MergeError) as info:
        plan_merge(ctx, "refund-approved", "en", path)
    assert "refund_amount" in info.value.message and info.value.row == 1


def test_plan_merge_header_only_is_refused(tmp_path: Path, ctx: AppContext) -> None:
    """A header without records is a clear error."""
    with pytest.raises(MergeError, match="no records"):
        plan_merge(ctx, "refund-approved", "en", _csv(tmp_path / "d.csv", []))


def test_run_merge_issues_valid_rows_and_skips_bad_ones(tmp_path: Path, ctx: AppContext) -> None:
    """Good rows get consecutive numbers and files whose hashes match; bad rows are listed."""
    rows = [*_good_rows(3), ["X", "x@example.com", "A-9", "abc", "2026-12-01", "en"]]
    plan = plan_merge(
        ctx, "refund-approved", "en", _csv(tmp_path / "d.csv", rows), formats="pdf,docx"
    )
    report = run_merge(ctx, plan, out_dir=tmp_path / "out")
    assert [e["reference"] for e in report.issued] == [
        "OUT-2026-00001",
        "OUT-2026-00002",
        "OUT-2026-00003",
    ]
    assert [p.row for p in report.failed] == [5]
    files = sorted((tmp_path / "out").iterdir())
    assert len(files) == 6
    for issued in report.issued:
        entry = ctx.register.get(issued["reference"])
        for item in entry.files:
            assert hashlib.sha256(Path(item.path).read_bytes()).hexdigest() == item.sha256


def test_run_merge_language_column_picks_the_variant(tmp_path: Path, ctx: AppContext) -> None:
    """A language column sends each row to its variant and series."""
    rows = [*_good_rows(1, "pt-BR"), *_good_rows(1, "id")]
    rows[1][2] = "B-1"
    plan = plan_merge(ctx, "refund-approved", "en", _csv(tmp_path / "d.csv", rows))
    report = run_merge(ctx, plan, out_dir=tmp_path / "out")
    assert sorted(e["reference"] for e in report.issued) == [
        "001/CS/XI/2026",
        "OFÍCIO Nº 1/2026/SAC",
    ]


def test_run_merge_again_never_issues_a_row_twice(tmp_path: Path, ctx: AppContext) -> None:
    """Running the same merge again issues nothing new and reports the rows done before."""
    path = _csv(tmp_path / "d.csv", _good_rows(3))
    run_merge(ctx, plan_merge(ctx, "refund-approved", "en", path), out_dir=tmp_path / "out")
    again = run_merge(ctx, plan_merge(ctx, "refund-approved", "en", path), out_dir=tmp_path / "out")
    assert again.issued == [] and again.already_issued == 3
    assert _entries(ctx) == ["OUT-2026-00001", "OUT-2026-00002", "OUT-2026-00003"]


def test_run_merge_cancel_stops_after_current_row_and_resumes(
    tmp_path: Path, ctx: AppContext
) -> None:
    """Cancel stops cleanly after the row in hand; the next run finishes the rest exactly once."""
    path = _csv(tmp_path / "d.csv", _good_rows(5))
    cancel = threading.Event()

    def progress(done: int, _total: int) -> None:
        if done == 2:
            cancel.set()

    first = run_merge(
        ctx, plan_merge(ctx, "refund-approved", "en", path), progress=progress, cancel=cancel
    )
    assert first.cancelled and len(first.issued) == 2
    second = run_merge(ctx, plan_merge(ctx, "refund-approved", "en", path))
    assert len(second.issued) == 3 and second.already_issued == 2
    assert _entries(ctx) == [f"OUT-2026-{n:05d}" for n in range(1, 6)]


def test_run_merge_strict_issues_nothing_when_a_row_is_bad(tmp_path: Path, ctx: AppContext) -> None:
    """With strict, one bad row means no entry at all."""
    rows = [*_good_rows(2), ["X", "bad", "A-9", "10", "2026-12-01", "en"]]
    plan = plan_merge(ctx, "refund-approved", "en", _csv(tmp_path / "d.csv", rows))
    with pytest.raises(MergeError, match="strict"):
        run_merge(ctx, plan, strict=True)
    assert _entries(ctx) == []


def test_run_merge_dry_run_issues_nothing(tmp_path: Path, ctx: AppContext) -> None:
    """A dry run shows the references rows would get and consumes none."""
    plan = plan_merge(ctx, "refund-approved", "en", _csv(tmp_path / "d.csv", _good_rows(2)))
    report = run_merge(ctx, plan, dry_run=True)
    assert [e["reference"] for e in report.issued] == ["OUT-2026-00001", "OUT-2026-00002"]
    assert _entries(ctx) == []


def test_run_merge_parallel_jobs_number_in_order(tmp_path: Path, ctx: AppContext) -> None:
    """With two worker processes, rows are numbered gaplessly in file order."""
    path = _csv(tmp_path / "d.csv", _good_rows(6))
    report = run_merge(
        ctx, plan_merge(ctx, "refund-approved", "en", path, formats="pdf,docx"), jobs=2
    )
    assert [e["reference"] for e in report.issued] == [f"OUT-2026-{n:05d}" for n in range(1, 7)]
    assert [e["row"] for e in report.issued] == list(range(2, 8))
    assert ctx.register.verify_chain().ok


@pytest.mark.parametrize(("jobs", "rows", "size"), [(1, 12, "200k"), (2, 40, "2m")])
def test_run_merge_disk_full_stops_cleanly_and_resumes(
    tmp_path: Path, ctx: AppContext, jobs: int, rows: int, size: str
) -> None:
    """A full filesystem stops the merge with the reason; no partial file, no burnt number.

    With two jobs the workers (once started) also write rows ahead into the filling folder:
    what they wrote for rows that are not issued is deleted.
    """
    tiny = tmp_path / "tiny"
    tiny.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(tiny)],
        check=False,
        capture_output=True,
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        path = _csv(tmp_path / "d.csv", _good_rows(rows))
        plan = plan_merge(ctx, "refund-approved", "en", path, formats="pdf,docx")
        started = workers_started if jobs > 1 else None
        report = run_merge(ctx, plan, out_dir=tiny, jobs=jobs, progress=started)
        assert report.stopped and "row" in report.stopped
        issued = len(report.issued)
        assert 0 < issued < rows
        assert (report.written_ahead > 0) == (jobs > 1)
        assert (
            sorted(p.name for p in tiny.iterdir() if ".tmp" in p.name or p.name.startswith("."))
            == []
        )
        assert len(list(tiny.iterdir())) == 2 * issued
        assert _entries(ctx) == [f"OUT-2026-{n:05d}" for n in range(1, issued + 1)]
        resumed = run_merge(
            ctx,
            plan_merge(ctx, "refund-approved", "en", path, formats="pdf,docx"),
            out_dir=tmp_path / "big",
        )
        assert resumed.already_issued == issued and len(resumed.issued) == rows - issued
        assert _entries(ctx) == [f"OUT-2026-{n:05d}" for n in range(1, rows + 1)]
        assert ctx.register.find_by_idempotency_key(row_key(plan.merge_id, rows + 1)) is not None
        assert ctx.register.verify_chain(check_files=False).ok
    finally:
        subprocess.run(["umount", str(tiny)], check=False)
