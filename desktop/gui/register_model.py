"""A lazy table model over the register: pages fetched in the background as the view scrolls.

Only the rows scrolled into view are ever loaded (``canFetchMore``/``fetchMore``), so a register
of a million entries opens as fast as one of ten. Rows are plain snapshots (:class:`RowData`),
copied from the ORM in the worker, so the GUI thread never touches a database session.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.core.i18n import _
from desktop.gui.formats import ui_date
from desktop.gui.tasks import TaskRunner

PAGE_SIZE = 200
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class RowData:
    """One register entry as the table shows it."""

    id: int
    reference: str
    date: dt.date | None
    direction: str
    kind: str
    subject: str
    correspondent: str
    status: str
    reply_by: dt.date | None
    series: str

    def overdue(self, today: dt.date) -> bool:
        """Return whether an incoming item waits for a reply past its reply-by date."""
        return (
            self.direction == "in"
            and self.reply_by is not None
            and self.reply_by < today
            and self.status not in ("replied", "void", "closed")
        )


def row_of(entry: Any) -> RowData:
    """Copy an ORM entry into a snapshot (runs in the worker)."""
    return RowData(
        id=entry.id,
        reference=entry.reference or "",
        date=entry.entry_date,
        direction=entry.direction,
        kind=entry.kind,
        subject=entry.subject or "",
        correspondent=entry.correspondent_name or "",
        status=entry.status,
        reply_by=entry.reply_by,
        series=entry.series or "",
    )


def fetch_page(register: Any, filters: Any, page: int, page_size: int) -> tuple[list[RowData], int]:
    """Return one page of rows and the total (runs in the worker)."""
    entries, total = register.search(filters, page=page, page_size=page_size)
    return [row_of(e) for e in entries], total


def column_titles() -> list[str]:
    """Return the translated column titles."""
    return [
        _("Reference"),
        _("Date"),
        _("Direction"),
        _("Kind"),
        _("Subject"),
        _("Correspondent"),
        _("Status"),
        _("Reply by"),
    ]


def direction_label(direction: str) -> str:
    """Return the translated direction of one entry ("In"/"Out": "Entrada"/"Saída", "Masuk")."""
    return {"in": _("In"), "out": _("Out")}.get(direction, direction)


def kind_name(kind: str) -> str:
    """Return the translated name of a document kind."""
    return {"letter": _("Letter"), "memo": _("Memo"), "email": _("E-mail"),
            "snippet": _("Chat snippet")}.get(kind, kind)  # fmt: skip


def status_label(status: str) -> str:
    """Return the translated status."""
    return {
        "draft": _("draft"),
        "issued": _("issued"),
        "sent": _("sent"),
        "printed": _("printed"),
        "void": _("void"),
        "received": _("received"),
        "replied": _("replied"),
        "closed": _("closed"),
        "failed": _("failed"),
    }.get(status, status)


def mail_status_label(status: str) -> str:
    """Return the translated status of an outbox message (queued, sending, sent, failed)."""
    return {
        "queued": _("queued"),
        "sending": _("sending"),
        "sent": _("sent"),
        "failed": _("failed"),
    }.get(status, status)


class RegisterModel(QAbstractTableModel):
    """Rows of the register for the current filters, fetched page by page."""

    loaded = Signal(int)  # total matching entries, after the first page arrived
    failed = Signal(str)

    def __init__(self, register_getter: Any, runner: TaskRunner, today: Any) -> None:
        super().__init__()
        self._register = register_getter
        self._runner = runner
        self._today = today
        self._rows: list[RowData] = []
        self._total = 0
        self._filters: Any = None
        self._generation = 0
        self._loading = False
        self.page_size = PAGE_SIZE
        self._titles = column_titles()

    @property
    def total(self) -> int:
        """Return how many entries match the filters (all of them, loaded or not)."""
        return self._total

    @property
    def is_loading(self) -> bool:
        """Return whether a page is being fetched."""
        return self._loading

    def set_filters(self, filters: Any) -> None:
        """Show the entries matching ``filters``, starting again from the first page."""
        self._filters = filters
        self._generation += 1
        self.beginResetModel()
        self._rows = []
        self._total = 0
        self.endResetModel()
        self._fetch(first=True)

    def _fetch(self, *, first: bool = False) -> None:
        if self._filters is None:
            return
        self._loading = True
        generation = self._generation
        page = len(self._rows) // self.page_size + 1

        def done(result: Any, error: BaseException | None) -> None:
            if generation != self._generation:
                return
            self._loading = False
            if error is not None:
                self.failed.emit(str(error))
                return
            rows, total = result
            self._total = total
            if rows:
                start = len(self._rows)
                self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
                self._rows.extend(rows)
                self.endInsertRows()
            if first:
                self.loaded.emit(total)

        self._runner.run(
            fetch_page,
            done,
            register=self._register(),
            filters=self._filters,
            page=page,
            page_size=self.page_size,
        )

    # -- Qt model interface --------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Return the rows loaded so far."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Return the number of columns."""
        return 0 if parent.isValid() else len(self._titles)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        """Return whether more rows exist beyond those loaded."""
        return not parent.isValid() and not self._loading and len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        """Load the next page in the background."""
        if self.canFetchMore(parent):
            self._fetch()

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Return column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._titles[section]
        return None

    def row(self, index: int) -> RowData:
        """Return the snapshot of a loaded row."""
        return self._rows[index]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Return cell text, and the overdue highlight."""
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            column = index.column()
            values = (
                row.reference or _("(draft)"),
                ui_date(row.date, short=True),
                direction_label(row.direction),
                kind_name(row.kind),
                row.subject,
                row.correspondent,
                status_label(row.status),
                ui_date(row.reply_by, short=True),
            )
            return values[column]
        if role == Qt.ItemDataRole.UserRole:
            return row
        overdue = row.overdue(self._today())
        if role == Qt.ItemDataRole.BackgroundRole and overdue:
            return QBrush(QColor(230, 60, 60, 70))  # translucent: readable in light and dark
        if role == Qt.ItemDataRole.FontRole and (overdue or row.status == "void"):
            font = QFont()
            font.setBold(overdue)
            font.setStrikeOut(row.status == "void")
            return font
        if role == Qt.ItemDataRole.ToolTipRole and overdue:
            return _("Overdue: the reply was due on {date}").format(date=row.reply_by)
        return None


def fit_columns(view: Any, widths: dict[int, int], samples: dict[int, str] | None = None) -> None:
    """Size a table's columns so no title (and no sample value) is cut in any language.

    Each column gets the larger of its usual width, its translated title and its sample text
    (a long date, a long status), measured with the view's fonts.
    """
    model = view.model()
    header = view.horizontalHeader()
    title_metrics = header.fontMetrics()
    cell_metrics = view.fontMetrics()
    padding = 2 * title_metrics.horizontalAdvance("M") + 12  # margins and the sort arrow
    for column in range(model.columnCount()):
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        needed = title_metrics.horizontalAdvance(title) + padding
        sample = (samples or {}).get(column, "")
        if sample:
            needed = max(needed, cell_metrics.horizontalAdvance(sample) + padding)
        view.setColumnWidth(column, max(widths.get(column, 0), needed))


def date_sample() -> str:
    """Return the longest table date of the interface language (for column widths)."""
    return max(
        (ui_date(dt.date(2026, month, 28), short=True) for month in range(1, 13)),
        key=len,
    )
