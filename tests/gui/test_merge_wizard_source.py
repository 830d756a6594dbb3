"""The merge wizard's Next waits for a usable data file; paths and values show as plain text."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

HOSTILE = "<b>Silva & Filhos</b>"
CSV = f"""customer_name,customer_email,order_number,refund_amount,refund_date
{HOSTILE},ana@example.com,A-1,10.00,2026-12-01
Budi Santoso,{HOSTILE},A-2,20.00,2026-12-02
"""


def open_wizard(qtbot, ctx, runner):
    from desktop.gui.merge_wizard import MergeWizard

    wizard = MergeWizard(ctx, runner)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.choose_template("refund-approved", "en")
    return wizard


def can_go_on(wizard) -> bool:
    return wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def test_merge_wizard_next_waits_for_a_readable_data_file(
    qtbot, ctx, runner, tmp_path: Path
) -> None:
    """No file, a missing file, a folder or another type: Next is off and the reason is shown."""
    wizard = open_wizard(qtbot, ctx, runner)
    assert not can_go_on(wizard)
    assert not wizard.source_status.isVisible()

    missing = tmp_path / "<b>x</b>.csv"  # a folder "<b>x<" and a file "b>.csv"
    wizard.file_edit.setText(str(missing))
    assert not can_go_on(wizard)
    assert wizard.source_status.isVisible()
    assert "the data file does not exist" in wizard.source_status.text()
    assert str(missing) in wizard.source_status.text()
    assert wizard.source_status.textFormat() == Qt.TextFormat.PlainText

    wizard.file_edit.setText(str(tmp_path))
    assert not can_go_on(wizard)
    other = tmp_path / "letter.pdf"
    other.write_bytes(b"%PDF-1.7")
    wizard.file_edit.setText(str(other))
    assert not can_go_on(wizard) and "'.pdf'" in wizard.source_status.text()

    data = tmp_path / "refunds.csv"
    data.write_text(CSV, encoding="utf-8")
    wizard.file_edit.setText(str(data))
    assert can_go_on(wizard)
    assert not wizard.source_status.isVisible()


def test_merge_wizard_next_waits_for_the_preview_and_the_check(
    qtbot, ctx, runner, tmp_path: Path
) -> None:
    """The mapping page goes on once the file was read, the check page once the rows were checked."""
    data = tmp_path / "refunds.csv"
    data.write_text(CSV, encoding="utf-8")
    wizard = open_wizard(qtbot, ctx, runner)
    wizard.file_edit.setText(str(data))
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    assert wizard.currentId() == 1 and not can_go_on(wizard)
    qtbot.waitUntil(lambda: bool(wizard.headers), timeout=30_000)
    assert can_go_on(wizard)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    assert wizard.currentId() == 2 and not can_go_on(wizard)
    qtbot.waitUntil(lambda: wizard.plan is not None, timeout=60_000)
    assert can_go_on(wizard)


def test_merge_wizard_unreadable_data_file_keeps_the_mapping_page(
    qtbot, ctx, runner, tmp_path: Path
) -> None:
    """A file that exists but cannot be read as data (empty): its error shows and Next stays off."""
    empty = tmp_path / "empty.csv"
    empty.write_text("\n", encoding="utf-8")
    wizard = open_wizard(qtbot, ctx, runner)
    wizard.file_edit.setText(str(empty))
    assert can_go_on(wizard)  # the file exists; reading it tells more
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "the file is empty" in wizard.mapping_status.text(), timeout=30_000)
    assert wizard.currentId() == 1 and not can_go_on(wizard)


def test_merge_wizard_tooltips_show_values_literally(qtbot, ctx, runner, tmp_path: Path) -> None:
    """A value like <b>x</b> in the preview and in a row's problem is escaped in its tooltip."""
    data = tmp_path / "refunds.csv"
    data.write_text(CSV, encoding="utf-8")
    wizard = open_wizard(qtbot, ctx, runner)
    wizard.file_edit.setText(str(data))
    wizard.next()
    qtbot.waitUntil(lambda: wizard.records_table.rowCount() == 2, timeout=30_000)
    assert wizard.records_table.item(0, 0).text() == HOSTILE
    assert "&lt;b&gt;Silva &amp; Filhos&lt;/b&gt;" in wizard.records_table.item(0, 0).toolTip()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.plan is not None, timeout=60_000)
    message = wizard.problems_table.item(0, 2)
    assert HOSTILE in message.text()
    assert "&lt;b&gt;Silva &amp; Filhos&lt;/b&gt;" in message.toolTip()
