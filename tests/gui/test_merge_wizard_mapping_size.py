"""The mapping page shows every field of a 12-field template on a 1366×768 screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from merge_support import open_wizard

CSV = """customer_name,customer_email,order_number,refund_amount,refund_date
Ana Silva,ana.silva@example.com,A-1,10.00,2026-12-01
Budi Santoso,budi@example.com,A-2,20.00,2026-12-02
"""

# 1366×768, less a title bar and a task bar: the room a maximised dialog really gets.
SCREEN = (1366, 768 - 68)


def hidden_rows(table) -> list[int]:
    """Return the rows not wholly inside the table's viewport (label or column choice cut)."""
    viewport = table.viewport().rect()
    hidden = []
    for row in range(table.rowCount()):
        for column in range(table.columnCount()):
            rect = table.visualRect(table.model().index(row, column))
            if rect.isEmpty() or not viewport.contains(rect):
                hidden.append(row)
                break
        widget = table.cellWidget(row, 1)
        if widget is not None and not widget.isVisible():
            hidden.append(row)
    return sorted(set(hidden))


@pytest.mark.parametrize("language", ["en", "pt_BR", "id"])
def test_mapping_page_shows_all_twelve_fields_at_1366x768(
    qtbot, ctx, runner, tmp_path: Path, language: str
) -> None:
    """No mapping row is hidden or needs scrolling on a laptop screen, in any interface language."""
    from desktop.core.i18n import set_ui_language

    set_ui_language(language)
    try:
        template = ctx.catalog.get("refund-approved", "en")
        assert len(template.fields) == 12
        data = tmp_path / "refunds.csv"
        data.write_text(CSV, encoding="utf-8")
        wizard = open_wizard(qtbot, ctx, runner, data)
        wizard.resize(*SCREEN)
        wizard.next()
        table = wizard.mapping_table
        qtbot.waitUntil(lambda: table.rowCount() == 12 and wizard.preview_ok, timeout=30_000)
        qtbot.wait(50)
        assert wizard.width() <= SCREEN[0] and wizard.height() <= SCREEN[1]
        assert hidden_rows(table) == []
        assert not table.verticalScrollBar().isVisible()
        assert wizard.records_table.isVisible()
    finally:
        set_ui_language("en")
