"""Switching the interface language keeps the Register view's filters, rows, selection and page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt


@pytest.fixture
def english_after() -> Iterator[None]:
    """Put the interface back in English after the test."""
    yield
    from desktop.gui.live_switch import apply_ui_language

    apply_ui_language("en")


def record_mail(ctx: Any) -> None:
    """Log incoming items: three match the filters of the test below, the others do not."""
    from desktop.core.services.issuing import record_incoming

    def incoming(subject: str, received: str, reply_by: str, kind: str = "letter") -> None:
        record_incoming(ctx, sender="Carla Souza", subject=subject, kind=kind,
                        received=dt.date.fromisoformat(received),
                        reply_by=dt.date.fromisoformat(reply_by))  # fmt: skip

    incoming("Entrega atrasada", "2026-11-02", "2026-11-10")
    incoming("Entrega extraviada", "2026-11-04", "2026-11-12")
    incoming("Entrega incompleta", "2026-11-05", "2026-11-13")
    incoming("Entrega parcial", "2026-11-03", "2026-12-01")  # not overdue
    incoming("Entrega antiga", "2026-01-05", "2026-01-12")  # before the date range
    incoming("Entrega por e-mail", "2026-11-06", "2026-11-13", kind="email")  # another kind
    incoming("Fatura em dobro", "2026-11-06", "2026-11-13")  # other words


def filter_data(panel: Any) -> tuple[Any, ...]:
    """Return every filter of the panel by value (never by its translated label)."""
    return (
        panel.search_edit.text(),
        panel.from_date.date(),
        panel.to_date.date(),
        panel.direction_combo.currentData(),
        panel.kind_combo.currentData(),
        panel.status_combo.currentData(),
        panel.series_combo.currentData(),
        panel.overdue_box.isChecked(),
    )


def references(panel: Any) -> list[str]:
    """Return the references of the rows loaded in the panel."""
    return [panel.model.row(n).reference for n in range(panel.model.rowCount())]


def switch_to(window: Any, qtbot, language: str) -> None:
    """Choose ``language`` in Settings › Interface and save (the window switches live)."""
    window.settings_action.trigger()
    dialog = window.settings_dialog
    qtbot.waitUntil(dialog.isVisible)
    combo = dialog.interface.language
    combo.setCurrentIndex(combo.findData(language))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def test_language_switch_keeps_the_register_filters_rows_and_selection(
    window, qtbot, english_after
) -> None:
    """After switching to Portuguese the Register shows the same filters, rows and entry."""
    record_mail(window.ctx)
    window.show_page("register")
    panel = window.register_panel
    panel.search_edit.setText("Entrega")
    panel.direction_combo.setCurrentIndex(panel.direction_combo.findData("in"))
    panel.kind_combo.setCurrentIndex(panel.kind_combo.findData("letter"))
    panel.status_combo.setCurrentIndex(panel.status_combo.findData("received"))
    panel.from_date.setDate(QDate(2026, 11, 1))
    panel.to_date.setDate(QDate(2026, 11, 30))
    panel.overdue_box.setChecked(True)
    qtbot.waitUntil(lambda: not panel._search_timer.isActive(), timeout=10_000)
    qtbot.waitUntil(lambda: not panel.model.is_loading and panel.model.rowCount() == 3)
    before_rows = references(panel)
    before_filters = filter_data(panel)
    panel.table.selectRow(1)
    selected = panel.selected_entry_id()
    qtbot.waitUntil(panel.reply_button.isEnabled, timeout=30_000)

    switch_to(window, qtbot, "pt_BR")
    qtbot.waitUntil(lambda: window.register_panel is not panel, timeout=30_000)
    restored = window.register_panel
    assert window.pages.currentWidget() is restored
    assert window.sidebar.currentItem().text() == "Registro"
    assert filter_data(restored) == before_filters
    qtbot.waitUntil(lambda: restored.selected_entry_id() == selected, timeout=30_000)
    assert references(restored) == before_rows
    assert restored.overdue_box.text() == "Só atrasados"
    assert restored.direction_combo.currentText() == "Entrada"
    qtbot.waitUntil(restored.reply_button.isEnabled, timeout=30_000)
    qtbot.waitUntil(lambda: restored.count_label.text().startswith("3 "), timeout=30_000)


def test_language_switch_keeps_the_register_series_filter_and_selection(
    window, qtbot, english_after
) -> None:
    """A series and kind chosen before switching to Indonesian still filter the Register after."""
    from test_register_mail import issue_refund_letter

    from desktop.core.services.issuing import record_incoming

    reference = issue_refund_letter(window.ctx, ("docx",))
    record_incoming(window.ctx, sender="Carla Souza", subject="Entrega atrasada")
    entry = window.ctx.register.get(reference)
    window.show_page("register")
    panel = window.register_panel
    panel.series_combo.setCurrentIndex(panel.series_combo.findData(entry.series))
    panel.kind_combo.setCurrentIndex(panel.kind_combo.findData("letter"))
    qtbot.waitUntil(lambda: not panel.model.is_loading and references(panel) == [reference])
    panel.table.selectRow(0)
    before_filters = filter_data(panel)
    assert panel.series_combo.currentIndex() > 0

    switch_to(window, qtbot, "id")
    qtbot.waitUntil(lambda: window.register_panel is not panel, timeout=30_000)
    restored = window.register_panel
    assert filter_data(restored) == before_filters
    qtbot.waitUntil(lambda: restored.selected_entry_id() == entry.id, timeout=30_000)
    assert references(restored) == [reference]
    assert restored.kind_combo.currentText() not in ("", "Letter")


def test_register_panel_reselects_an_entry_pages_down(ctx, runner, qtbot) -> None:
    """An entry selected on a later page is selected again: pages load up to where it was."""
    from desktop.gui.register_view import RegisterPanel

    record_mail(ctx)
    panel = RegisterPanel(ctx, runner)
    qtbot.addWidget(panel)
    panel.model.page_size = 2
    panel.reload()
    qtbot.waitUntil(lambda: not panel.model.is_loading and panel.model.rowCount() > 0)
    while panel.model.rowCount() < 7:
        panel.model.fetchMore()
        qtbot.waitUntil(lambda: not panel.model.is_loading)
    wanted = panel.model.row(5).id
    panel.reload()
    panel.select_when_loaded(wanted, 6)
    qtbot.waitUntil(lambda: panel.selected_entry_id() == wanted, timeout=30_000)
