"""``missiva merge`` exit codes: a merge with any failed row, or that issued nothing, is not 0.

Runs the real command (shipped ``order-shipped`` template, real CSV files, a SQLite register in
a temporary data folder, HTML and text output) and reads the register it wrote.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.cli.merge import EXIT_ROWS_FAILED

HEADER = "customer_name,customer_email,order_number,carrier,tracking_number,delivery_date\n"
GOOD = "Emily Carter,emily@example.com,ORD-{n},UPS,1Z{n},2026-12-20\n"
BAD = "Paulo Mendes,not-an-address,ORD-{n},UPS,1Z{n},2026-12-20\n"  # invalid e-mail field


def _merge(tmp_path: Path, rows: str, capsys: pytest.CaptureFixture[str], *extra: str) -> int:
    data = tmp_path / "rows.csv"
    data.write_text(HEADER + rows, encoding="utf-8")
    capsys.readouterr()
    return main(
        ["merge", "order-shipped", "--language", "en", "--data", str(data), "--out",
         str(tmp_path / "out"), "--format", "txt", "--json", "--data-dir", str(tmp_path / "d"),
         *extra]
    )  # fmt: skip


def _issued(capsys: pytest.CaptureFixture[str]) -> int:
    return int(json.loads(capsys.readouterr().out)["issued"])


@pytest.fixture(autouse=True)
def _sqlite(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MISSIVA_DATABASE_URL", raising=False)


def test_all_rows_issued_exits_0_and_rerun_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every row issued: 0; the same command again has nothing left to do: still 0."""
    rows = GOOD.format(n=1) + GOOD.format(n=2)
    assert _merge(tmp_path, rows, capsys) == 0
    assert _merge(tmp_path, rows, capsys) == 0
    assert _issued(capsys) == 0


def test_some_rows_failed_exits_4(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """One bad row among good ones: the good ones are issued and the exit code says rows failed."""
    code = _merge(tmp_path, GOOD.format(n=1) + BAD.format(n=2) + GOOD.format(n=3), capsys)
    assert code == EXIT_ROWS_FAILED == 4
    report = json.loads(capsys.readouterr().out)
    assert report["issued"] == 2 and [p["row"] for p in report["failed"]] == [3]


def test_every_row_failed_exits_4(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """No row issued because every row failed: not success."""
    assert _merge(tmp_path, BAD.format(n=1) + BAD.format(n=2), capsys) == 4
    assert _issued(capsys) == 0


def test_dry_run_with_problems_exits_4(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A dry run that finds row problems says so in its exit code too (for scripts)."""
    assert _merge(tmp_path, GOOD.format(n=1) + BAD.format(n=2), capsys, "--dry-run") == 4


def test_no_rows_is_not_success(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file with a header and no record issues nothing: exit 1 (input error)."""
    assert _merge(tmp_path, "", capsys) == 1
