"""Pieces of the batch merge wizard: the record preview, status lines and problem lists.

Everything here shows data (file names, column names, values): labels are plain text and
tooltips are escaped, so ``<b>x</b>`` in a value shows literally.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as QtText
from PySide6.QtWidgets import QHeaderView, QLabel, QTableWidget, QTableWidgetItem

from desktop.core.errors import MissivaError
from desktop.core.i18n import _

PREVIEW_ROWS = 8
# Problem lists longer than this keep one-line rows: fitting costs about 0.2 s per 1,000 rows.
FIT_ROWS_UP_TO = 1000
PREVIEW_COLUMN_CHARS = 40  # a preview column grows to its contents up to this many characters


def read_preview(
    path: Path, fields: list[Any]
) -> tuple[list[str], list[list[str]], dict[str, str]]:
    """Return headers, the first records and the automatic field -> column match (worker)."""
    from desktop.core.merge import map_columns, open_table

    with open_table(path) as table:
        headers = list(table.headers)
        rows: list[list[str]] = []
        for row in table.rows():
            rows.append([str(row.values.get(h, "")) for h in headers])
            if len(rows) >= PREVIEW_ROWS:
                break
    try:
        column_map = map_columns(headers, fields)
        matched = dict(column_map.shared)
    except MissivaError:
        matched = {}
    return headers, rows, matched


def plain_tip(text: str) -> str:
    """Return ``text`` as a tooltip that shows it literally (Qt guesses rich text otherwise)."""
    return QtText.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal)


def status_label(text: str = "") -> QLabel:
    """Return a status line that wraps (long paths, longer languages) and can be copied."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)  # messages quote file names and values
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def fit_columns(table: QTableWidget) -> None:
    """Widen columns to their title and values, a very long value up to a readable width."""
    table.resizeColumnsToContents()
    widest = table.fontMetrics().averageCharWidth() * PREVIEW_COLUMN_CHARS
    for column in range(table.columnCount()):
        table.setColumnWidth(column, min(table.columnWidth(column), widest))


def problems_table() -> QTableWidget:
    """Return a row/column/problem list whose problem texts wrap and show whole."""
    table = QTableWidget(0, 3)
    table.setHorizontalHeaderLabels([_("Row"), _("Column"), _("Problem")])
    table.verticalHeader().hide()  # its 1, 2, 3 read like data row numbers next to "Row"
    header = table.horizontalHeader()
    for column in (0, 1):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    table.setWordWrap(True)
    header.sectionResized.connect(lambda column, _old, _new: fit_rows(table, column))
    return table


def fit_rows(table: QTableWidget, column: int = 2) -> None:
    """Make rows as tall as their wrapped problem text when the list is short enough."""
    if column == 2 and 0 < table.rowCount() <= FIT_ROWS_UP_TO:
        table.resizeRowsToContents()


def fill_problems(table: QTableWidget, problems: list[Any]) -> None:
    """List ``problems`` (row, column, message) in ``table``; the whole message as tooltip."""
    table.setRowCount(len(problems))
    for index, problem in enumerate(problems):
        table.setItem(index, 0, QTableWidgetItem(str(problem.row)))
        table.setItem(index, 1, QTableWidgetItem(problem.column or ""))
        message = QTableWidgetItem(problem.message)
        message.setToolTip(plain_tip(problem.message))  # whole text even where rows are not fitted
        table.setItem(index, 2, message)
    fit_rows(table)
