"""The register panel: filters, the lazy table, a detail pane and the register's actions.

Actions: open files, print, e-mail (the e-mail dialog: address checked, the PDF or else the
DOCX attached, sent through the outbox), void with a reason, reply to an incoming item, export
the current filter (CSV, XLSX, PDF) with progress and cancel, verify the integrity of the chain.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QModelIndex, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.core.i18n import _, ngettext, ui_language
from desktop.core.services.context import AppContext
from desktop.gui.formats import qt_date_format, ui_count, ui_date, ui_datetime
from desktop.gui.mail_dialog import MailDialog
from desktop.gui.message_box import message_box
from desktop.gui.register_model import (
    RegisterModel,
    date_sample,
    direction_label,
    fit_columns,
    kind_name,
    mail_status_label,
    status_label,
)
from desktop.gui.tasks import TaskRunner

NO_DATE = QDate(2000, 1, 1)
SEARCH_DELAY_MS = 250


def entry_details(register: Any, entry_id: int) -> dict[str, Any]:
    """Return everything the detail pane shows about one entry (runs in a worker)."""
    from desktop.core.register.queries import entry_record

    entry = register.get(entry_id)
    data = entry_record(entry)
    data["files"] = [(f.format, f.path, f.sha256, f.role) for f in entry.files]
    data["history"] = [
        (
            h.changed_at,
            h.from_status,
            h.to_status,
            h.note,
        )
        for h in entry.history
    ]
    data["text"] = (entry.content or {}).get("text", "") if entry.content else ""
    data["proofing_blocking"] = (entry.proofing_summary or {}).get("blocking", 0)
    return data


def mail_attachments(files: list[tuple[str, str, str, str]]) -> list[str]:
    """Return what an entry's e-mail attaches: its PDF, else its DOCX, else nothing (own body)."""
    formats = {fmt for fmt, _path, _sha, _role in files}
    return next(([fmt] for fmt in ("pdf", "docx") if fmt in formats), [])


class RegisterPanel(QWidget):
    """Search, read and act on the register; ``reply_requested(entry_id, text)`` for replies."""

    reply_requested = Signal(int, str)

    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("register_panel")
        self.ctx = ctx
        self.runner = runner
        self.model = RegisterModel(lambda: ctx.register, runner, ctx.today)
        self._details: dict[str, Any] | None = None
        self._wanted: tuple[int, int] | None = None  # (entry id, rows to load at most) to select
        self.mail_dialog: MailDialog | None = None
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("register_search")
        self.search_edit.setPlaceholderText(_("Search reference, subject or correspondent"))
        self.search_edit.setClearButtonEnabled(True)
        self.direction_combo = self._combo(
            [("", _("Any direction"))] + [(d, direction_label(d)) for d in ("out", "in")]
        )
        self.kind_combo = self._combo(
            [
                ("", _("Any kind")),
                ("letter", _("Letter")),
                ("memo", _("Memo")),
                ("email", _("E-mail")),
                ("snippet", _("Chat snippet")),
            ]
        )
        self.status_combo = self._combo(
            [("", _("Any status"))]
            + [
                (s, status_label(s))
                for s in ("draft", "issued", "sent", "printed", "received", "replied", "void")
            ]
        )
        self.series_combo = self._combo(
            [("", _("Any series"))] + [(s.id, s.id) for s in ctx.settings.series]
        )
        self.from_date = self._date_edit()
        self.to_date = self._date_edit()
        self.overdue_box = QCheckBox(_("Overdue only"))
        filters = QHBoxLayout()
        filters.addWidget(self.search_edit, 3)
        for widget in (self.direction_combo, self.kind_combo, self.status_combo, self.series_combo):
            filters.addWidget(widget, 1)
        filters.addWidget(QLabel(_("From")))
        filters.addWidget(self.from_date)
        filters.addWidget(QLabel(_("To")))
        filters.addWidget(self.to_date)
        filters.addWidget(self.overdue_box)

        self.table = QTableView()
        self.table.setObjectName("register_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)  # a narrow window scrolls; no column is squeezed
        statuses = [status_label(s) for s in ("issued", "printed", "received", "replied", "void")]
        fit_columns(
            self.table,
            {0: 140, 1: 80, 2: 60, 3: 60, 4: 170, 5: 140, 6: 70, 7: 80},
            {1: date_sample(), 2: max((direction_label(d) for d in ("in", "out")), key=len),
             3: max((kind_name(k) for k in ("letter", "memo", "email")), key=len),
             6: max(statuses, key=len), 7: date_sample()},
        )  # fmt: skip
        self.details = QTextBrowser()
        self.details.setObjectName("register_details")
        self.details.setOpenLinks(False)
        self.details.anchorClicked.connect(lambda url: QDesktopServices.openUrl(url))
        self.count_label = QLabel()
        self.open_button = QPushButton(_("Open file"))
        self.print_button = QPushButton(_("Print…"))
        self.mail_button = QPushButton(_("E-mail…"))
        self.reply_button = QPushButton(_("Reply…"))
        self.void_button = QPushButton(_("Void…"))
        self.export_button = QPushButton(_("Export…"))
        self.verify_button = QPushButton(_("Verify integrity"))
        actions = QHBoxLayout()
        actions.addWidget(self.count_label, 1)
        for button in (
            self.open_button,
            self.print_button,
            self.mail_button,
            self.reply_button,
            self.void_button,
            self.export_button,
            self.verify_button,
        ):
            actions.addWidget(button)
        split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(self.details)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([900, 300])
        title = QLabel(_("Correspondence register"))
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        title.setFont(font)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(filters)
        layout.addWidget(split, 1)
        layout.addLayout(actions)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.reload)
        self.search_edit.textChanged.connect(self._search_timer.start)
        for combo in (self.direction_combo, self.kind_combo, self.status_combo, self.series_combo):
            combo.currentIndexChanged.connect(self.reload)
        for edit in (self.from_date, self.to_date):
            edit.dateChanged.connect(self.reload)
        self.overdue_box.toggled.connect(self.reload)
        self.model.loaded.connect(self._on_model_loaded)
        self.model.rowsInserted.connect(lambda *_args: self._select_wanted())
        self.model.failed.connect(lambda text: self.count_label.setText(text))
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_changed)
        self.open_button.clicked.connect(self.open_file)
        self.reply_button.clicked.connect(self._reply)
        self.print_button.clicked.connect(self.print_current)
        self.mail_button.clicked.connect(lambda: self.mail_current())
        self.void_button.clicked.connect(self.void_current)
        self.export_button.clicked.connect(self.export)
        self.verify_button.clicked.connect(self.verify)
        self._update_buttons()
        self._shown_once = False

    @staticmethod
    def _combo(items: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox()
        for data, label in items:
            combo.addItem(label, data)
        return combo

    @staticmethod
    def _date_edit() -> QDateEdit:
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(qt_date_format())
        edit.setMinimumDate(NO_DATE)
        edit.setSpecialValueText(_("any"))
        edit.setDate(NO_DATE)
        return edit

    def showEvent(self, event) -> None:
        """Load the first page the first time the panel is shown."""
        if not self._shown_once:
            self._shown_once = True
            self.reload()
        super().showEvent(event)

    @property
    def searched(self) -> bool:
        """Return whether the panel has searched yet (it searches when first shown)."""
        return self._shown_once

    def filters(self) -> Any:
        """Return the SearchFilters for the current filter widgets."""
        from desktop.core.register import SearchFilters

        def date_of(edit: QDateEdit) -> dt.date | None:
            value = edit.date()
            return None if value == NO_DATE else dt.date(value.year(), value.month(), value.day())

        return SearchFilters(
            date_from=date_of(self.from_date),
            date_to=date_of(self.to_date),
            direction=self.direction_combo.currentData(),
            kind=self.kind_combo.currentData(),
            status=self.status_combo.currentData(),
            series=self.series_combo.currentData(),
            text=self.search_edit.text().strip(),
            overdue=self.overdue_box.isChecked(),
        )

    def reload(self) -> None:
        """Search again with the current filters."""
        self._shown_once = True
        self._wanted = None
        self.count_label.setText(_("Searching…"))
        self.details.clear()
        self._details = None
        self._update_buttons()
        self.model.set_filters(self.filters())

    def _on_model_loaded(self, total: int) -> None:
        counted = self.model.total  # a register Total: "10,000+" when counting stopped early
        self.count_label.setText(
            ngettext("{n} entry", "{n} entries", int(counted)).format(n=ui_count(counted))
        )
        self._select_wanted()

    def select_when_loaded(self, entry_id: int, rows: int) -> None:
        """Select entry ``entry_id`` once the search shows it, loading up to ``rows`` rows."""
        self._wanted = (entry_id, max(rows, 1))
        self._select_wanted()

    def selected_entry_id(self) -> int | None:
        """Return the id of the entry selected in the table, if any."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0].row()).id if rows else None

    def _select_wanted(self) -> None:
        if self._wanted is None or self.model.is_loading:
            return  # nothing asked, or the next page is on its way
        entry_id, rows = self._wanted
        for number in range(self.model.rowCount()):
            if self.model.row(number).id == entry_id:
                self._wanted = None
                self.table.selectRow(number)
                self.table.scrollTo(self.model.index(number, 0))
                return
        if self.model.rowCount() < rows and self.model.canFetchMore():
            self.model.fetchMore()
        else:
            self._wanted = None  # no longer listed where it was (deleted, changed, filtered out)

    def _on_table_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        row = self.model.row(current.row())
        register = self.ctx.register

        def done(result: Any, error: BaseException | None) -> None:
            if error is not None:
                self.details.setPlainText(str(error))
                return
            self._details = result
            self._show_details(result)
            self._update_buttons()

        self.runner.run(entry_details, done, register=register, entry_id=row.id)

    def _show_details(self, data: dict[str, Any]) -> None:
        def esc(value: Any) -> str:
            return html.escape(str(value or ""))

        parts = [
            f"<h3>{esc(data['reference'] or _('(draft)'))}</h3>",
            f"<p><b>{esc(data['subject'])}</b></p>",
        ]
        rows = [
            (_("Direction"), direction_label(data["direction"])),
            (_("Kind"), kind_name(data["kind"])),
            (_("Status"), status_label(data["status"])),
            (_("Date"), ui_date(data["date"])),
            (_("Correspondent"), data["correspondent"]),
            (_("Organisation"), data["organisation"]),
            (_("E-mail"), data["email"]),
            (_("Series"), data["series"]),
            (_("Reply by"), ui_date(data["reply_by"])),
            (_("Verification code"), data["verification_code"]),
            (_("Proofing override"), data["override_reason"]),
        ]
        parts.append("<table>")
        for label, value in rows:
            if value:
                parts.append(f"<tr><td><i>{esc(label)}</i>&nbsp;</td><td>{esc(value)}</td></tr>")
        parts.append("</table>")
        if data["files"]:
            files_title = _("Files")
            parts.append(f"<p><b>{esc(files_title)}</b></p><ul>")
            for fmt, path, _sha, _role in data["files"]:
                url = QUrl.fromLocalFile(path).toString()
                parts.append(
                    f"<li><a href='{esc(url)}'>{esc(Path(path).name)}</a> ({esc(fmt)})</li>"
                )
            parts.append("</ul>")
        if data["history"]:
            history_title = _("History")
            parts.append(f"<p><b>{esc(history_title)}</b></p><ul>")
            for when, old, new, note in data["history"]:
                before = status_label(old) if old else "—"
                line = f"{ui_datetime(when)}: {before} → {status_label(new)} {note or ''}"
                parts.append(f"<li>{esc(line.rstrip())}</li>")
            parts.append("</ul>")
        self.details.setHtml("".join(parts))

    def _update_buttons(self) -> None:
        data = self._details
        self.open_button.setEnabled(bool(data and data["files"]))
        has_pdf = bool(data and any(f[0] == "pdf" for f in data["files"]))
        self.print_button.setEnabled(has_pdf)
        self.mail_button.setEnabled(
            bool(data and data["direction"] == "out" and data["status"] != "void")
        )
        self.void_button.setEnabled(
            bool(data and data["status"] not in ("void", "draft") and data["direction"] == "out")
        )
        self.reply_button.setEnabled(bool(data and data["direction"] == "in"))

    def open_file(self) -> None:
        """Open the selected entry's first file."""
        if self._details and self._details["files"]:
            QDesktopServices.openUrl(QUrl.fromLocalFile(self._details["files"][0][1]))

    def print_current(self) -> None:
        """Print the selected entry's PDF."""
        from desktop.gui.printing import print_pdf

        if self._details:
            pdf = next((Path(f[1]) for f in self._details["files"] if f[0] == "pdf"), None)
            if pdf is not None and pdf.is_file() and print_pdf(self, pdf.read_bytes()):
                reference = self._details["reference"]
                self.ctx.register.set_status(reference, "printed", "printed from the window")
                self.reload()

    def mail_current(self, address: str | None = None) -> None:
        """E-mail the selected entry: open the e-mail dialog, or send straight to ``address``.

        The dialog starts with the correspondent's address, the letter's subject and a cover
        note, and attaches the entry's PDF (else its DOCX); it checks the address and sends
        through the outbox in the background. An ``address`` given here (scripts, tests) skips
        the dialog: the message is queued and sent the same way.
        """
        if not self._details:
            return
        reference = self._details["reference"]
        attach = mail_attachments(self._details["files"])
        if address:
            self._send_directly(reference, address.strip(), attach)
            return
        self._retire_mail_dialog()
        entry_id = int(self._details["id"])
        dialog = MailDialog(
            self.ctx,
            self.runner,
            reference,
            self._details.get("email") or "",
            attach=attach,
            on_sent=lambda: self._refresh_keeping(entry_id),
            parent=self,
        )
        self.mail_dialog = dialog
        dialog.mail_finished.connect(lambda _status: self._show_mail_outcome(dialog))
        dialog.open()

    def _send_directly(self, reference: str, address: str, attach: list[str]) -> None:
        from desktop.core.services.mail import send_entry

        entry_id = int(self._details["id"]) if self._details else None

        def done(item: Any, error: BaseException | None) -> None:
            text = (
                str(error)
                if error is not None
                else _("E-mail {status}: {subject}").format(
                    status=mail_status_label(item.status), subject=item.subject
                )
            )
            self.count_label.setText(text)
            self.last_mail = text
            if error is None and item.status == "sent" and entry_id is not None:
                self._refresh_keeping(entry_id)

        self.runner.run(
            send_entry, done, serial=True, ctx=self.ctx, ref=reference, to=[address], attach=attach
        )

    def _show_mail_outcome(self, dialog: MailDialog) -> None:
        self.last_mail = dialog.status_label.text()
        self.count_label.setText(self.last_mail)

    def _retire_mail_dialog(self) -> None:
        """Delete the previous e-mail dialog, unless a task of it may still call back."""
        old, self.mail_dialog = self.mail_dialog, None
        if old is not None and old.isHidden() and not self.runner.pending():
            old.deleteLater()

    def _refresh_keeping(self, entry_id: int) -> None:
        """Search again (a status changed) and select the same entry again."""
        rows = max(self.model.rowCount(), 1)
        self.reload()
        self.select_when_loaded(entry_id, rows)

    def _reply(self) -> None:
        if self._details:
            self.reply_requested.emit(
                int(self._details["id"]), str(self._details.get("text") or self._details["subject"])
            )

    def void_current(self, reason: str | None = None) -> None:
        """Void the selected entry, asking for the reason (kept in the register)."""
        if not self._details:
            return
        reference = self._details["reference"]
        if not reason:
            reason, ok = QInputDialog.getText(
                self, _("Void entry"), _("Why is {reference} void?").format(reference=reference)
            )
            if not ok or not reason.strip():
                return
        register = self.ctx.register

        def done(_result: Any, error: BaseException | None) -> None:
            if error is not None:
                QMessageBox.warning(self, _("Void entry"), str(error))
                return
            self.reload()

        self.runner.run(register.void, done, serial=True, ref=reference, reason=reason.strip())

    def export(self, path: str | None = None) -> None:
        """Export the current filter to CSV, XLSX or PDF, with progress and cancel."""
        if not path:
            path, _chosen = QFileDialog.getSaveFileName(
                self,
                _("Export register"),
                str(Path.home() / "register.csv"),
                _("CSV (*.csv);;Excel workbook (*.xlsx);;PDF report (*.pdf)"),
                options=QFileDialog.Option.DontConfirmOverwrite,  # never replaced: see below
            )
            if not path:
                return
        target = Path(path)
        if target.exists():
            self.count_label.setText(
                _(
                    "Not exported: a file named “{name}” already exists there, and Missiva never "
                    "replaces a file. Choose another name."
                ).format(name=target.name)
            )
            return
        register = self.ctx.register
        method = {".xlsx": register.export_xlsx, ".pdf": register.export_pdf}.get(
            target.suffix.lower(), register.export_csv
        )
        progress = QProgressDialog(_("Exporting…"), _("Cancel"), 0, 100, self)
        progress.setObjectName("export_progress")
        progress.setWindowTitle(_("Export register"))
        progress.setMinimumDuration(400)
        self.export_progress = progress

        def on_progress(done: int, total: int) -> None:
            progress.setMaximum(max(total, 1))
            progress.setValue(done)

        def finished(result: Any, error: BaseException | None) -> None:
            progress.reset()
            progress.close()
            if error is not None:
                self.count_label.setText(_("Export failed: {error}").format(error=error))
                return
            self.count_label.setText(
                ngettext(
                    "Exported {n} entry to {path}", "Exported {n} entries to {path}", int(result)
                ).format(n=ui_count(int(result)), path=target)
            )
            self.last_export = target

        handle = self.runner.run(
            method,
            finished,
            progress=on_progress,
            with_cancel=True,
            filters=self.filters(),
            path=target,
            language=ui_language(),
            profile=self.ctx.settings.organisation,
        )
        progress.canceled.connect(handle.cancel)

    def verify(self) -> None:
        """Check the hash chain and every file; show the result."""
        self.count_label.setText(_("Verifying the register…"))
        register = self.ctx.register

        def done(report: Any, error: BaseException | None) -> None:
            if error is not None:
                text = str(error)
            elif report.ok:
                entries = ngettext("{n} entry", "{n} entries", report.entries_checked)
                files = ngettext("{n} file", "{n} files", report.files_checked)
                text = _("The register is intact: {entries} and {files} checked.").format(
                    entries=entries.format(n=ui_count(report.entries_checked)),
                    files=files.format(n=ui_count(report.files_checked)),
                )
            else:
                lines = [
                    f"{p.reference or p.entry_id}: {p.kind} — {p.detail}"
                    for p in report.problems[:20]
                ]
                text = (
                    ngettext(
                        "The register has {n} problem:",
                        "The register has {n} problems:",
                        len(report.problems),
                    ).format(n=len(report.problems))
                    + "\n"
                    + "\n".join(lines)
                )
            self.last_verification = text
            self.count_label.setText(text.splitlines()[0])
            box = message_box(
                QMessageBox.Icon.Information,
                _("Verify integrity"),
                text,
                QMessageBox.StandardButton.Ok,
                self,
            )
            self.verify_box = box
            box.open()

        self.runner.run(register.verify_chain, done)
