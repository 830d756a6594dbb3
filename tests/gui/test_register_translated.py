"""The register, its detail pane, history and the incoming panel in pt-BR and Indonesian.

Statuses, kinds and directions are shown translated, dates in the interface language's
format (not ISO), counts with the right plural, and no column title is cut.
"""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

EXPECTED = {
    "pt_BR": {
        "out": "Saída",
        "in": "Entrada",
        "letter": "Carta",
        "issued": "emitido",
        "received": "recebido",
        "month": "20 de nov. de 2026",
        "short": "20/11/2026",
        "kind_label": "Tipo",
        "one": "1 lançamento",
        "two": "2 lançamentos",
    },
    "id": {
        "out": "Keluar",
        "in": "Masuk",
        "letter": "Surat",
        "issued": "diterbitkan",
        "received": "diterima",
        "month": "20 Nov 2026",
        "short": "20/11/26",
        "kind_label": "Jenis",
        "one": "1 entri",
        "two": "2 entri",
    },
}


def issue_and_receive(ctx) -> None:
    """Issue one letter and record one incoming item in the register."""
    from desktop.core.proofing import gate
    from desktop.core.services.compose import compose_document
    from desktop.core.services.issuing import issue_document, record_incoming

    doc = compose_document(ctx, "refund-approved", "en", {
        "customer_name": "Ana Silva", "order_number": "A-9", "refund_amount": "5.00",
        "refund_date": "2026-12-04"})  # fmt: skip
    decision = gate(ctx.proofer.check_document(doc), "sample")
    issue_document(ctx, doc, decision=decision)
    record_incoming(ctx, sender="Bruno Costa", subject="Pedido 77")


def cells(model, row: int) -> list[str]:
    return [str(model.data(model.index(row, c))) for c in range(model.columnCount())]


@pytest.fixture(params=["pt_BR", "id"])
def translated_window(request, qtbot, ctx):
    from window_support import shown_window

    from desktop.core.i18n import set_ui_language

    issue_and_receive(ctx)
    set_ui_language(request.param)
    try:
        for window in shown_window(qtbot, ctx):
            yield window, request.param
    finally:
        set_ui_language("en")


def test_register_rows_details_and_history_are_translated(translated_window, qtbot) -> None:
    """Rows, the detail pane and the history show translated words and local dates."""
    window, language = translated_window
    words = EXPECTED[language]
    window.show_page("register")
    panel = window.register_panel
    model = panel.model
    qtbot.waitUntil(lambda: model.rowCount() == 2, timeout=30_000)
    assert panel.count_label.text() == words["two"]
    rows = {model.row(r).direction: cells(model, r) for r in range(2)}
    assert words["out"] in rows["out"] and words["letter"] in rows["out"]
    assert words["issued"] in rows["out"]
    assert words["in"] in rows["in"] and words["received"] in rows["in"]
    for row in rows.values():
        assert not any(ISO_DATE.search(cell) for cell in row), row
        assert not {"letter", "issued", "received", "in", "out"} & set(row), row
    assert words["short"] in rows["out"]  # the entry's date (the test clock), numeric form

    out_row = next(r for r in range(2) if model.row(r).direction == "out")
    panel.table.selectRow(out_row)
    qtbot.waitUntil(lambda: panel._details is not None, timeout=30_000)
    details = panel.details.toPlainText()
    assert words["kind_label"] in details and words["letter"] in details
    assert f"→ {words['issued']}" in details
    assert "→ issued" not in details and "letter" not in details.lower().split()
    assert not ISO_DATE.search(details), details
    assert words["month"] in details  # date and history written out in the interface language


def test_singular_count_and_incoming_panel(translated_window, qtbot) -> None:
    """One matching entry reads in the singular; the incoming list shows the translated direction."""
    window, language = translated_window
    words = EXPECTED[language]
    window.show_page("register")
    panel = window.register_panel
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2, timeout=30_000)
    combo = panel.direction_combo
    combo.setCurrentIndex(combo.findData("in"))
    assert combo.currentText() == words["in"]
    qtbot.waitUntil(lambda: panel.count_label.text() == words["one"], timeout=30_000)

    window.show_page("incoming")
    incoming = window.incoming_panel
    qtbot.waitUntil(lambda: incoming.model.rowCount() == 1, timeout=30_000)
    row = cells(incoming.model, 0)
    assert words["in"] in row and words["received"] in row


@pytest.mark.parametrize("page", ["register", "incoming"])
def test_no_column_title_is_cut(translated_window, qtbot, page: str) -> None:
    """Every column is at least as wide as its translated title."""
    window, _language = translated_window
    window.resize(1366, 768)
    window.show_page(page)
    panel = window.register_panel if page == "register" else window.incoming_panel
    table = panel.table
    model = table.model()
    metrics = table.horizontalHeader().fontMetrics()
    for column in range(model.columnCount()):
        title = str(model.headerData(column, Qt.Orientation.Horizontal))
        assert table.columnWidth(column) >= metrics.horizontalAdvance(title) + 8, title
