"""The batch merge wizard: automatic column matching, row problems, run and report."""

from __future__ import annotations

from pathlib import Path

from merge_support import open_wizard

CSV = """customer_name,customer_email,order_number,refund_amount,refund_date
Ana Silva,ana@example.com,A-1,10.00,2026-12-01
Budi Santoso,not-an-address,A-2,20.00,2026-12-02
Carla Souza,carla@example.com,A-3,30.00,2026-12-03
"""


def test_merge_wizard_issues_valid_rows_and_lists_the_bad_one(
    qtbot, ctx, runner, tmp_path: Path
) -> None:
    """Two good rows are issued; the row with a wrong e-mail is reported with its row number."""
    data = tmp_path / "refunds.csv"
    data.write_text(CSV, encoding="utf-8")
    wizard = open_wizard(qtbot, ctx, runner, data)
    wizard.next()
    qtbot.waitUntil(
        lambda: wizard.mapping_table.rowCount() > 0 and bool(wizard.headers), timeout=30_000
    )
    assert wizard.mapping()["customer_email"] == "customer_email"
    wizard.next()
    qtbot.waitUntil(lambda: wizard.plan is not None, timeout=60_000)
    assert (wizard.plan.total_rows, wizard.plan.valid_rows) == (3, 2)
    wizard.reason_edit.setText("Batch approved by the team lead")
    wizard.next()
    qtbot.waitUntil(lambda: wizard.report is not None, timeout=120_000)
    assert len(wizard.report.issued) == 2
    assert [p.row for p in wizard.report.failed] == [3]
