"""The outbox panel: e-mail waiting to be sent, sent, or failed; retry and send again."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.i18n import _, ngettext
from desktop.core.services.context import AppContext
from desktop.gui.register_model import fit_columns, mail_status_label
from desktop.gui.tasks import TaskRunner


class OutboxPanel(QWidget):
    """List the outbox; retry due messages; put a failed one back in the queue."""

    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outbox_panel")
        self.ctx = ctx
        self.runner = runner
        title = QLabel(_("Outbox"))
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        title.setFont(font)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("outbox_table")
        self.table.setHorizontalHeaderLabels(
            [_("Subject"), _("Recipients"), _("Status"), _("Attempts"), _("Last error")]
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        fit_columns(self.table, {0: 320, 1: 220}, {2: mail_status_label("sending")})
        self.status = QLabel()
        self.refresh_button = QPushButton(_("Refresh"))
        self.retry_button = QPushButton(_("Send queued now"))
        self.requeue_button = QPushButton(_("Send again"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        for button in (self.refresh_button, self.retry_button, self.requeue_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._items: list[Any] = []
        self.refresh_button.clicked.connect(self.refresh)
        self.retry_button.clicked.connect(self._retry)
        self.requeue_button.clicked.connect(self._requeue)

    def showEvent(self, event) -> None:
        """Refresh whenever shown."""
        self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        """Read the outbox in the background."""
        from desktop.core.services.mail import list_outbox

        self.runner.run(list_outbox, self._on_listed, ctx=self.ctx)

    def _on_listed(self, items: Any, error: BaseException | None) -> None:
        if error is not None:
            self.status.setText(str(error))
            return
        self._items = list(items)
        self.table.setRowCount(len(self._items))
        for row, item in enumerate(self._items):
            values = (
                item.subject,
                item.recipients,
                mail_status_label(item.status),
                str(item.attempts),
                item.last_error,
            )
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        count = len(self._items)
        self.status.setText(ngettext("{n} message", "{n} messages", count).format(n=count))

    def _retry(self) -> None:
        from desktop.core.services.mail import retry_due

        self.status.setText(_("Sending…"))
        self.runner.run(lambda: retry_due(self.ctx), lambda _r, e: self._after(e), serial=True)

    def _requeue(self) -> None:
        from desktop.core.services.mail import requeue

        row = self.table.currentRow()
        if 0 <= row < len(self._items):
            item_id = self._items[row].id
            self.runner.run(
                lambda: requeue(self.ctx, item_id), lambda _r, e: self._after(e), serial=True
            )

    def _after(self, error: BaseException | None) -> None:
        if error is not None:
            self.status.setText(str(error))
        self.refresh()
