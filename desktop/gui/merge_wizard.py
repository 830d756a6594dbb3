"""The batch merge wizard: template and data file, column mapping, row checks, run, report.

Columns are matched to fields by name automatically (the core's ``map_columns``); the person can
change any match. Every row is validated before anything is issued, with row-level problems
listed. The run goes through the core merge service on the one-thread pool with progress and
cancel; the last page reports how many were issued and which rows failed and why. When the
series requires a digital signature, every row is signed with the certificate (password from
the keyring, or asked once before the run, as the Issue dialog does).
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop.core.errors import MissivaError, SigningError
from desktop.core.i18n import _
from desktop.core.services.context import AppContext
from desktop.gui.merge_tables import (
    fill_problems,
    fit_columns,
    plain_tip,
    problems_table,
    read_preview,
    status_label,
)
from desktop.gui.tasks import TaskRunner


class _Page(QWizardPage):
    """A wizard page whose Next button waits until ``ready()`` says the page is done.

    The wizard emits :attr:`completeChanged` whenever what ``ready`` looks at changes.
    """

    def __init__(self, ready: Callable[[], bool]) -> None:
        super().__init__()
        self._ready = ready

    def isComplete(self) -> bool:
        """Return whether Next may be pressed."""
        return super().isComplete() and self._ready()


def _message(error: BaseException) -> str:
    return error.describe() if isinstance(error, MissivaError) else str(error)


class MergeWizard(QWizard):
    """Guide a batch merge from a data file to a report."""

    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("merge_wizard")
        self.setWindowTitle(_("Batch merge"))
        self.resize(900, 620)
        self.ctx = ctx
        self.runner = runner
        self.headers: list[str] = []
        self.source_ok = False  # a template is chosen and the data file can be opened
        self.preview_ok = False  # the data file's header and first records were read
        self.plan: Any = None
        self.report: Any = None
        self._handle: Any = None
        self.password_dialog: QInputDialog | None = None
        self._passwords: dict[Path, bytes] = {}  # typed for this run only, then forgotten
        self.setButtonText(QWizard.WizardButton.NextButton, _("Next"))
        self.setButtonText(QWizard.WizardButton.BackButton, _("Back"))
        self.setButtonText(QWizard.WizardButton.CancelButton, _("Cancel"))
        self.setButtonText(QWizard.WizardButton.FinishButton, _("Close"))
        self.addPage(self._source_page())
        self.addPage(self._mapping_page())
        self.addPage(self._check_page())
        self.addPage(self._run_page())
        self.currentIdChanged.connect(self._on_current_id_changed)

    # -- pages ---------------------------------------------------------------------------------

    def _source_page(self) -> QWizardPage:
        page = self._source = _Page(lambda: self.source_ok)
        page.setTitle(_("Template and data file"))
        page.setSubTitle(_("One document is issued for every record of a CSV or XLSX file."))
        self.template_combo = QComboBox()
        for template in self.ctx.catalog.templates():
            self.template_combo.addItem(
                f"{template.title} · {template.language}", f"{template.id}|{template.language}"
            )
        self.file_edit = QLineEdit()
        self.file_edit.setObjectName("merge_file")
        browse = QPushButton(_("Choose…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.file_edit, 1)
        row.addWidget(browse)
        self.source_status = status_label()
        self.source_status.setObjectName("merge_source_status")
        self.source_status.hide()
        form = QFormLayout(page)
        form.addRow(_("Template:"), self.template_combo)
        form.addRow(_("Data file:"), row)
        form.addRow(self.source_status)
        self.file_edit.textChanged.connect(self._check_source)
        self.template_combo.currentIndexChanged.connect(self._check_source)
        return page

    def _check_source(self) -> None:
        """Say at once why the data file cannot be used; Next waits for a usable one."""
        from desktop.core.merge import check_data_file

        text = self.file_edit.text().strip()
        problem = ""
        if text:
            try:
                check_data_file(Path(text).expanduser())
            except MissivaError as exc:
                problem = exc.describe()
        self.source_status.setText(problem)
        self.source_status.setVisible(bool(problem))
        self.source_ok = (
            bool(text) and not problem and self.template_combo.currentData() is not None
        )
        self._source.completeChanged.emit()

    def _browse(self) -> None:
        path, _chosen = QFileDialog.getOpenFileName(
            self, _("Data file"), "", _("Data (*.csv *.xlsx)")
        )
        if path:
            self.file_edit.setText(path)

    def _mapping_page(self) -> QWizardPage:
        page = self._mapping = _Page(lambda: self.preview_ok)
        page.setTitle(_("Columns and fields"))
        page.setSubTitle(_("Columns were matched to fields by name; change any match below."))
        self.mapping_table = QTableWidget(0, 2)
        self.mapping_table.setObjectName("merge_mapping")
        self.mapping_table.setHorizontalHeaderLabels([_("Field"), _("Column")])
        self.mapping_table.horizontalHeader().setStretchLastSection(True)
        self.mapping_table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        self.records_table = QTableWidget()
        self.records_table.setObjectName("merge_records")
        self.records_table.verticalHeader().hide()
        self.mapping_table.verticalHeader().hide()
        self.mapping_table.verticalHeader().setDefaultSectionSize(
            QComboBox().sizeHint().height() + 2
        )
        self.mapping_status = status_label()
        # Fields and records side by side: the mapping gets the page's whole height, so a
        # template of a dozen fields shows every row on a 1366×768 screen without scrolling.
        records = QWidget()
        records_layout = QVBoxLayout(records)
        records_layout.setContentsMargins(0, 0, 0, 0)
        records_layout.addWidget(QLabel(_("First records:")))
        records_layout.addWidget(self.records_table, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        split.addWidget(self.mapping_table)
        split.addWidget(records)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(page)
        layout.addWidget(split, 1)
        layout.addWidget(self.mapping_status)
        return page

    def _check_page(self) -> QWizardPage:
        page = self._checking = _Page(lambda: self.plan is not None)
        page.setTitle(_("Check the records"))
        page.setSubTitle(_("Rows with problems are skipped and listed in the report."))
        self.check_status = status_label(_("Checking…"))
        self.problems_table = problems_table()
        self.problems_table.setObjectName("merge_problems")
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText(_("Reason to issue despite proofing errors (optional)"))
        layout = QVBoxLayout(page)
        layout.addWidget(self.check_status)
        layout.addWidget(self.problems_table, 1)
        form = QFormLayout()
        form.addRow(_("Override reason:"), self.reason_edit)
        layout.addLayout(form)
        return page

    def _run_page(self) -> QWizardPage:
        page = QWizardPage()
        page.setTitle(_("Issue"))
        page.setSubTitle(
            _("Ready records are issued one by one; Stop ends the run and a new run continues.")
        )
        self.progress = QProgressBar()
        self.stop_button = QPushButton(_("Stop"))
        self.stop_button.clicked.connect(lambda: self._handle.cancel() if self._handle else None)
        self.result_label = status_label()
        self.failed_table = problems_table()
        self.failed_table.setObjectName("merge_failed")
        row = QHBoxLayout()
        row.addWidget(self.progress, 1)
        row.addWidget(self.stop_button)
        layout = QVBoxLayout(page)
        layout.addLayout(row)
        layout.addWidget(self.result_label)
        layout.addWidget(self.failed_table, 1)
        return page

    # -- flow ----------------------------------------------------------------------------------

    def choose_template(self, template_id: str, language: str) -> None:
        """Select a template in the first page."""
        self.template_combo.setCurrentIndex(
            max(0, self.template_combo.findData(f"{template_id}|{language}"))
        )

    def template_key(self) -> tuple[str, str]:
        """Return the chosen (template id, language)."""
        template_id, _sep, language = str(self.template_combo.currentData()).partition("|")
        return template_id, language

    def _on_current_id_changed(self, page_id: int) -> None:
        if page_id == 1:
            self._load_mapping()
        elif page_id == 2:
            self._check()
        elif page_id == 3:
            self._run()

    def _load_mapping(self) -> None:
        template = self.ctx.catalog.get(*self.template_key())
        path = Path(self.file_edit.text().strip()).expanduser()
        self.mapping_status.setText(_("Reading the file…"))
        self.preview_ok = False
        self._mapping.completeChanged.emit()

        def done(result: Any, error: BaseException | None) -> None:
            if error is not None:
                self.mapping_status.setText(_message(error))
                return
            headers, rows, matched = result
            self.headers = headers
            self.mapping_table.setRowCount(len(template.fields))
            for index, spec in enumerate(template.fields):
                self.mapping_table.setItem(
                    index, 0, QTableWidgetItem(spec.label + (" *" if spec.required else ""))
                )
                combo = QComboBox()
                combo.addItem(_("(not used)"), "")
                for header in headers:
                    combo.addItem(header, header)
                combo.setCurrentIndex(max(0, combo.findData(matched.get(spec.name, ""))))
                combo.setProperty("field", spec.name)
                self.mapping_table.setCellWidget(index, 1, combo)
            self.records_table.setColumnCount(len(headers))
            self.records_table.setHorizontalHeaderLabels(headers)
            self.records_table.setRowCount(len(rows))
            for r, values in enumerate(rows):
                for c, value in enumerate(values):
                    item = QTableWidgetItem(value)
                    item.setToolTip(plain_tip(value))
                    self.records_table.setItem(r, c, item)
            fit_columns(self.records_table)
            self.mapping_status.setText(
                _("{n} of {m} fields matched.").format(n=len(matched), m=len(template.fields))
            )
            self.preview_ok = True
            self._mapping.completeChanged.emit()

        self.runner.run(read_preview, done, path=path, fields=list(template.fields))

    def mapping(self) -> dict[str, str]:
        """Return the chosen ``column: field`` mapping."""
        chosen: dict[str, str] = {}
        for index in range(self.mapping_table.rowCount()):
            combo = self.mapping_table.cellWidget(index, 1)
            if isinstance(combo, QComboBox) and combo.currentData():
                chosen[combo.currentData()] = combo.property("field")
        return chosen

    def _check(self) -> None:
        from desktop.core.services.merge import plan_merge

        folder = Path(tempfile.mkdtemp(prefix="missiva-map-"))
        mapping_file = folder / "mapping.json"
        mapping_file.write_text(json.dumps(self.mapping()), encoding="utf-8")
        template_id, language = self.template_key()
        self.check_status.setText(_("Checking…"))
        self.plan = None  # a plan of an earlier mapping must not be run
        self._checking.completeChanged.emit()

        def done(plan: Any, error: BaseException | None) -> None:
            if error is not None:
                self.check_status.setText(_message(error))
                return
            self.plan = plan
            self._checking.completeChanged.emit()
            self.check_status.setText(
                _("{valid} of {total} records are ready; {bad} have problems.").format(
                    valid=plan.valid_rows,
                    total=plan.total_rows,
                    bad=plan.total_rows - plan.valid_rows,
                )
            )
            fill_problems(self.problems_table, plan.problems)

        self.runner.run(plan_merge, done, ctx=self.ctx, template_id=template_id, language=language,
                        data_path=Path(self.file_edit.text().strip()).expanduser(), mapping_file=mapping_file)  # fmt: skip

    def _certificate_problem(self) -> str:
        """Return why a series that requires a digital signature cannot be signed, or ""."""
        from desktop.core.services.merge import signing_series

        required = signing_series(self.ctx, self.plan)
        settings = self.ctx.settings
        if not required or settings.signing_certificate.strip():
            return ""
        if any(p.certificate for p in settings.organisation.signatories):
            return ""  # the rows' signatories may have theirs: the run checks each row
        return _(
            "Series {series} requires a digital signature, and no certificate is set. "
            "Choose one in Settings › Signatories, then issue."
        ).format(series=", ".join(required))

    def _ask_password(self, needed: Any) -> None:
        """Ask for the certificate's password (hidden, never kept), then run with it."""
        from desktop.gui.issue_signing import password_dialog

        dialog = password_dialog(self, needed)
        self.password_dialog = dialog

        def typed(text: str) -> None:
            dialog.setTextValue("")
            self._passwords[needed.certificate] = text.encode("utf-8")
            self._run()

        def finished() -> None:
            dialog.deleteLater()  # the typed text goes with it
            self.password_dialog = None

        dialog.textValueSelected.connect(typed)
        dialog.rejected.connect(self._on_password_rejected)
        dialog.finished.connect(finished)
        dialog.open()

    def _on_password_rejected(self) -> None:
        self._passwords.clear()
        self.result_label.setText(_("Not issued."))

    def _run(self) -> None:
        from desktop.gui.issue_signing import PasswordNeeded, merge_with_signature

        if self.plan is None:
            self.result_label.setText(
                _("Nothing to issue: go back and fix the file or the mapping.")
            )
            return
        problem = self._certificate_problem()
        if problem:
            self.result_label.setText(problem)
            return
        self.progress.setValue(0)
        self.stop_button.setEnabled(True)

        def on_progress(done: int, total: int) -> None:
            self.progress.setMaximum(max(total, 1))
            self.progress.setValue(done)

        def done(report: Any, error: BaseException | None) -> None:
            self.stop_button.setEnabled(False)
            self._handle = None
            if isinstance(error, PasswordNeeded):  # asked once per certificate, then run again
                self._ask_password(error)
                return
            self._passwords.clear()
            if error is not None:
                text = _message(error)
                if isinstance(error, SigningError):
                    text = _("Not issued: the digital signature could not be made.") + " " + text
                self.result_label.setText(text)
                return
            self.report = report
            text = _("{issued} issued, {failed} failed, {already} already issued before.").format(
                issued=len(report.issued), failed=len(report.failed), already=report.already_issued
            )
            if report.cancelled:
                text += " " + _("Stopped: run the merge again to continue.")
            if report.stopped:
                text += " " + report.stopped
            self.result_label.setText(text)
            fill_problems(self.failed_table, report.failed)

        self._handle = self.runner.run(
            merge_with_signature, done, serial=True, progress=on_progress, with_cancel=True,
            ctx=self.ctx, plan=self.plan, accept_issues=self.reason_edit.text().strip() or None,
            passwords=dict(self._passwords),
        )  # fmt: skip
