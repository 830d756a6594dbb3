"""What the Register view is showing, taken from one panel and put back on a rebuilt one.

Switching the interface language builds every panel again; without this the register would come
back with empty filters and nothing selected. Filters are kept by their data (``"in"``, a series
id), never by their translated labels, so they survive the change of language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QSignalBlocker

if TYPE_CHECKING:
    from desktop.gui.register_view import RegisterPanel


@dataclass(frozen=True)
class RegisterViewState:
    """The Register view's filters, selected entry and how many rows it had loaded."""

    text: str
    date_from: QDate
    date_to: QDate
    direction: str
    kind: str
    status: str
    series: str
    overdue: bool
    selected_id: int | None
    loaded_rows: int
    searched: bool


def capture_view_state(panel: RegisterPanel) -> RegisterViewState:
    """Return what ``panel`` shows now: its filters and the entry selected."""
    return RegisterViewState(
        text=panel.search_edit.text(),
        date_from=QDate(panel.from_date.date()),
        date_to=QDate(panel.to_date.date()),
        direction=panel.direction_combo.currentData() or "",
        kind=panel.kind_combo.currentData() or "",
        status=panel.status_combo.currentData() or "",
        series=panel.series_combo.currentData() or "",
        overdue=panel.overdue_box.isChecked(),
        selected_id=panel.selected_entry_id(),
        loaded_rows=panel.model.rowCount(),
        searched=panel.searched,
    )


def restore_view_state(panel: RegisterPanel, state: RegisterViewState) -> None:
    """Put ``state``'s filters on ``panel``, search once, and select the same entry again.

    The widgets are set with their signals blocked, so the panel searches once, not once per
    filter. A panel never shown before its rebuild is left to search when it is first shown.
    """
    combos = (
        (panel.direction_combo, state.direction),
        (panel.kind_combo, state.kind),
        (panel.status_combo, state.status),
        (panel.series_combo, state.series),
    )
    widgets = [panel.search_edit, panel.from_date, panel.to_date, panel.overdue_box]
    blockers = [QSignalBlocker(w) for w in [*widgets, *(combo for combo, _data in combos)]]
    try:
        panel.search_edit.setText(state.text)
        panel.from_date.setDate(state.date_from)
        panel.to_date.setDate(state.date_to)
        panel.overdue_box.setChecked(state.overdue)
        for combo, data in combos:
            combo.setCurrentIndex(max(0, combo.findData(data)))
    finally:
        for blocker in blockers:
            blocker.unblock()
    if not state.searched and not panel.isVisible():
        return
    panel.reload()
    if state.selected_id is not None:
        panel.select_when_loaded(state.selected_id, state.loaded_rows)
