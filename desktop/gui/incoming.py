"""The incoming panel: log a received letter or e-mail, by drag and drop or by hand.

Dropping an ``.eml`` fills sender, e-mail, subject, date and text from the message (Python's
``email`` package); a PDF or DOCX is attached as the item's file. The reply-by date defaults to
the configured number of working days. The list below shows incoming items, overdue ones marked.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import email.utils
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import MissivaError
from desktop.core.i18n import _
from desktop.core.services.context import AppContext
from desktop.gui.formats import qt_date_format
from desktop.gui.register_model import RegisterModel, date_sample, fit_columns
from desktop.gui.tasks import TaskRunner

ACCEPTED_SUFFIXES = (".pdf", ".docx", ".eml")


def parse_eml(path: Path) -> dict[str, Any]:
    """Read sender, address, subject, date and plain text from an ``.eml`` file."""
    with path.open("rb") as handle:
        message = email.message_from_binary_file(handle, policy=email.policy.default)
    name, address = email.utils.parseaddr(str(message.get("From", "")))
    date: dt.date | None = None
    if message.get("Date"):
        try:
            date = email.utils.parsedate_to_datetime(str(message["Date"])).date()
        except (TypeError, ValueError):
            date = None
    body = message.get_body(preferencelist=("plain", "html"))
    text = body.get_content() if body is not None else ""
    return {
        "sender": name or address,
        "email": address,
        "subject": str(message.get("Subject", "")),
        "received": date,
        "text": text.strip(),
    }


class IncomingPanel(QWidget):
    """Record incoming correspondence; drop a file on the panel to fill the form."""

    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("incoming_panel")
        self.setAcceptDrops(True)
        self.ctx = ctx
        self.runner = runner
        self.file: Path | None = None
        self.text = ""
        title = QLabel(_("Incoming correspondence"))
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        title.setFont(font)
        self.drop_label = QLabel(_("Drop a PDF, DOCX or .eml file here to log it."))
        self.drop_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.drop_label.setMinimumHeight(60)
        self.drop_label.setFrameShape(QLabel.Shape.StyledPanel)
        self.sender_edit = QLineEdit()
        self.email_edit = QLineEdit()
        self.subject_edit = QLineEdit()
        self.received_edit = QDateEdit(QDate.currentDate())
        self.received_edit.setCalendarPopup(True)
        self.received_edit.setDisplayFormat(qt_date_format())
        self.reply_by_edit = QDateEdit()
        self.reply_by_edit.setCalendarPopup(True)
        self.reply_by_edit.setDisplayFormat(qt_date_format())
        self.reply_by_edit.setMinimumDate(QDate(2000, 1, 1))
        self.reply_by_edit.setSpecialValueText(_("default"))
        self.reply_by_edit.setDate(QDate(2000, 1, 1))
        self.file_label = QLabel(_("(no file)"))
        form = QFormLayout()
        form.addRow(_("From:"), self.sender_edit)
        form.addRow(_("E-mail:"), self.email_edit)
        form.addRow(_("Subject:"), self.subject_edit)
        form.addRow(_("Received:"), self.received_edit)
        form.addRow(_("Reply by:"), self.reply_by_edit)
        form.addRow(_("File:"), self.file_label)
        self.record_button = QPushButton(_("Record incoming item"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.message, 1)
        row.addWidget(self.record_button)
        self.model = RegisterModel(lambda: ctx.register, runner, ctx.today)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        fit_columns(self.table, {0: 150, 4: 320}, {1: date_sample(), 7: date_sample()})
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.drop_label)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        self.record_button.clicked.connect(self.record)
        self._loaded = False

    def showEvent(self, event) -> None:
        """List incoming items the first time the panel is shown."""
        if not self._loaded:
            self.reload()
        super().showEvent(event)

    def reload(self) -> None:
        """List incoming items, newest first."""
        from desktop.core.register import SearchFilters

        self._loaded = True
        self.model.set_filters(SearchFilters(direction="in"))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Accept files of the kinds we can log."""
        urls = event.mimeData().urls()
        if urls and all(Path(u.toLocalFile()).suffix.lower() in ACCEPTED_SUFFIXES for u in urls):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """Fill the form from the dropped file."""
        urls = event.mimeData().urls()
        if urls:
            self.load_file(Path(urls[0].toLocalFile()))
            event.acceptProposedAction()

    def load_file(self, path: Path) -> None:
        """Take ``path`` as the incoming item's file; read an ``.eml``'s headers and text."""
        self.file = path
        self.file_label.setText(str(path))
        if path.suffix.lower() == ".eml":
            try:
                data = parse_eml(path)
            except (OSError, ValueError) as exc:
                self.message.setText(str(exc))
                return
            self.sender_edit.setText(data["sender"])
            self.email_edit.setText(data["email"])
            self.subject_edit.setText(data["subject"])
            self.text = data["text"]
            if data["received"]:
                d = data["received"]
                self.received_edit.setDate(QDate(d.year, d.month, d.day))
        elif not self.subject_edit.text():
            self.subject_edit.setText(path.stem)

    def record(self) -> None:
        """Log the item in the register (serial pool: a register write)."""
        from desktop.core.services.issuing import record_incoming

        received = self.received_edit.date().toPython()
        reply = self.reply_by_edit.date()
        reply_by = None if reply == QDate(2000, 1, 1) else reply.toPython()

        def done(result: Any, error: BaseException | None) -> None:
            if error is not None:
                self.message.setText(
                    error.describe() if isinstance(error, MissivaError) else str(error)
                )
                return
            self.message.setText(
                _("Recorded {reference}; reply by {date}.").format(
                    reference=result.reference, date=result.reply_by
                )
            )
            for edit in (self.sender_edit, self.email_edit, self.subject_edit):
                edit.clear()
            self.file, self.text = None, ""
            self.file_label.setText(_("(no file)"))
            self.reload()

        self.runner.run(
            record_incoming,
            done,
            serial=True,
            ctx=self.ctx,
            sender=self.sender_edit.text(),
            subject=self.subject_edit.text(),
            received=received,
            reply_by=reply_by,
            file=self.file,
            email=self.email_edit.text(),
            text=self.text,
            channel="email" if self.file and self.file.suffix.lower() == ".eml" else "post",
        )
