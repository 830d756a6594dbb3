"""The batch merge wizard shows its texts whole: dark palette, the longer interface languages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from merge_support import open_wizard

CSV = """Customer name,Customer e-mail,order_number,refund_amount,refund_date
Ana Silva,ana.silva@example.com,A-1,10.00,2026-12-01
Budi Santoso,not-an-address,A-2,20.00,2026-12-02
"""

DARK = {
    "Window": "#2A2E32",
    "WindowText": "#FCFCFC",
    "Base": "#1B1E20",
    "AlternateBase": "#232629",
    "Text": "#FCFCFC",
    "Button": "#31363B",
    "ButtonText": "#FCFCFC",
    "Highlight": "#3DAEE9",
    "HighlightedText": "#FCFCFC",
    "PlaceholderText": "#8A8E92",
}


@pytest.fixture
def dark(qapp) -> Iterator[None]:
    """Give the application Fusion and a dark palette (as a dark desktop theme does); restore."""
    from PySide6.QtGui import QColor, QPalette

    style, palette = qapp.style().name(), QPalette(qapp.palette())
    dark_palette = QPalette()
    for role, colour in DARK.items():
        dark_palette.setColor(getattr(QPalette.ColorRole, role), QColor(colour))
    qapp.setStyle("Fusion")
    qapp.setPalette(dark_palette)
    yield
    qapp.setStyle(style)
    qapp.setPalette(palette)


@pytest.fixture(params=["pt_BR", "id"])
def language(request, ctx) -> Iterator[str]:
    """Switch the interface to one of the languages with longer texts than English."""
    from desktop.core.i18n import set_ui_language

    set_ui_language(request.param)
    yield request.param
    set_ui_language("en")


def clipped_labels(widget) -> list[str]:
    """Return the texts of visible labels whose text needs more room than the label has."""
    from PySide6.QtWidgets import QLabel

    clipped = []
    for label in widget.findChildren(QLabel):
        if not label.isVisible() or not label.text():
            continue
        room = label.contentsRect()
        if label.wordWrap():
            fits = label.heightForWidth(label.width()) <= label.height()
            fits = fits and label.minimumSizeHint().width() <= label.width()
        else:
            hint = label.sizeHint()
            fits = hint.width() <= label.width() and hint.height() <= label.height()
        if not fits or room.isEmpty():
            clipped.append(label.text())
    return clipped


def clipped_columns(table) -> list[int]:
    """Return the columns narrower than their header title or their widest cell."""
    header = table.horizontalHeader()
    return [
        column
        for column in range(table.columnCount())
        if not (header.stretchLastSection() and column == table.columnCount() - 1)
        and table.columnWidth(column)
        < max(header.sectionSizeHint(column), table.sizeHintForColumn(column))
    ]


def short_rows(table) -> list[int]:
    """Return the rows lower than their wrapped contents need."""
    return [
        row for row in range(table.rowCount()) if table.rowHeight(row) < table.sizeHintForRow(row)
    ]


def test_merge_wizard_pages_show_every_text_whole(
    qtbot, ctx, runner, dark, language: str, tmp_path: Path
) -> None:
    """Page headers, status lines, record preview and problem lists are not cut on any page."""
    data = tmp_path / "refunds.csv"
    data.write_text(CSV, encoding="utf-8")
    wizard = open_wizard(qtbot, ctx, runner, data)
    assert clipped_labels(wizard) == []
    wizard.next()
    qtbot.waitUntil(lambda: wizard.records_table.rowCount() == 2, timeout=30_000)
    qtbot.wait(50)
    assert clipped_labels(wizard) == []
    assert clipped_columns(wizard.records_table) == []
    wizard.next()
    qtbot.waitUntil(lambda: wizard.plan is not None, timeout=60_000)
    qtbot.wait(50)
    assert clipped_labels(wizard) == []
    assert clipped_columns(wizard.problems_table) == []
    assert short_rows(wizard.problems_table) == []
    assert wizard.page(wizard.currentId()).subTitle()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.report is not None, timeout=120_000)
    qtbot.wait(50)
    assert wizard.page(wizard.currentId()).subTitle(), "the run page has a header like the others"
    assert clipped_labels(wizard) == []
    assert clipped_columns(wizard.failed_table) == []
    assert short_rows(wizard.failed_table) == []


def test_merge_wizard_long_error_wraps_inside_the_page(
    qtbot, ctx, runner, dark, language: str, tmp_path: Path
) -> None:
    """An error naming a long path wraps in the status line instead of running off the page."""
    folder = tmp_path / "dados-de-reembolso-do-segundo-semestre-de-2026-versao-final-revisada"
    wizard = open_wizard(
        qtbot, ctx, runner, folder / "pedidos-de-reembolso-aprovados-pela-equipe.csv"
    )
    wizard.next()
    qtbot.waitUntil(lambda: folder.name in wizard.mapping_status.text(), timeout=30_000)
    qtbot.wait(50)
    assert clipped_labels(wizard) == []
    wizard.next()
    qtbot.waitUntil(lambda: folder.name in wizard.check_status.text(), timeout=30_000)
    qtbot.wait(50)
    assert clipped_labels(wizard) == []
