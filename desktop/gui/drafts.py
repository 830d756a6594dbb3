"""Drafts of the window: register draft entries (Ctrl+S), a crash-recovery file, and their panel.

"Save draft" writes the open composition to the register as a draft entry (no number) on the
one-thread pool, so it is listed in the Drafts panel and the Register, and reopens in the
composer with its field values and edited body; issuing deletes it, and so does discarding
it from the panel. Independently, while a composition has unsaved changes the window writes
``<data>/drafts/autosave.json`` every few seconds (a local file: fast, no register lock); it is
removed once the work is safely in the register or the window closes cleanly, so finding it at
start-up means the last session ended without closing. See docs/decisions/0011-window-drafts.md.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import FieldError, MissivaError
from desktop.core.i18n import _
from desktop.core.services.context import AppContext
from desktop.gui.formats import ui_datetime
from desktop.gui.message_box import message_box
from desktop.gui.tasks import TaskRunner

if TYPE_CHECKING:
    from desktop.core.models import Document
    from desktop.core.services.drafts import DraftSummary
    from desktop.gui.composer import ComposerPanel

logger = logging.getLogger(__name__)

AUTOSAVE_NAME = "autosave.json"
CLOSE_WAIT_MS = 10_000


def _json_value(value: Any) -> str:
    """Return dates and amounts of the form values as text (``json.dumps`` default)."""
    if isinstance(value, (dt.date, dt.datetime, decimal.Decimal)):
        return str(value) if isinstance(value, decimal.Decimal) else value.isoformat()
    raise TypeError(f"cannot store {type(value).__name__} in a recovery snapshot")


# The register's services import SQLAlchemy and Alembic (about a second): the window imports
# them in the workers that use them, never on the GUI thread at start-up.


def _save_draft(**kwargs: Any) -> int:
    from desktop.core.services.drafts import save_window_draft

    return save_window_draft(**kwargs)


def _list_drafts(ctx: AppContext) -> list[DraftSummary]:
    from desktop.core.services.drafts import list_window_drafts

    return list_window_drafts(ctx)


def _load_draft(ctx: AppContext, draft_id: int) -> dict[str, Any]:
    from desktop.core.services.drafts import load_window_draft

    return load_window_draft(ctx, draft_id)


def _discard_draft(ctx: AppContext, draft_id: int) -> bool:
    from desktop.core.services.drafts import discard_draft

    return discard_draft(ctx, draft_id)


class RecoveryFile:
    """The crash-recovery snapshot of the open composition (one JSON file, written atomically)."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / AUTOSAVE_NAME

    def write(self, state: dict[str, Any]) -> None:
        """Write the snapshot (a temporary file renamed over the old one)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        text = json.dumps(state, ensure_ascii=False, indent=1, default=_json_value)
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, self.path)

    def read(self) -> dict[str, Any] | None:
        """Return the snapshot left by a session that did not close cleanly, if any."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) and data.get("template_id") else None

    def clear(self) -> None:
        """Remove the snapshot."""
        self.path.unlink(missing_ok=True)


def _draft_document(composer: ComposerPanel) -> Document:
    """Compose the open work for the register: as it stands, or with stand-ins for gaps."""
    try:
        return composer.build_document()
    except FieldError:
        return composer.build_document(strict=False)


class DraftKeeper(QObject):
    """Save, reopen and discard the composer's drafts; keep its crash-recovery snapshot."""

    drafts_changed = Signal()

    def __init__(
        self, ctx: AppContext, runner: TaskRunner, composer: ComposerPanel, folder: Path
    ) -> None:
        super().__init__(composer)
        self.ctx, self.runner, self.composer = ctx, runner, composer
        self.recovery_file = RecoveryFile(folder)
        self._saving = False
        self._save_again = False
        self.last_error: str = ""

    # -- saving --------------------------------------------------------------------------------

    def save(self) -> bool:
        """Save the open composition as a register draft in the background (Ctrl+S)."""
        state = self.composer.state()
        if state is None:
            return False
        if self._saving:  # a save is on its way: save again after it, with its draft id
            self._save_again = True
            return True
        try:
            doc = _draft_document(self.composer)
        except MissivaError as exc:
            self._report_error(exc)
            return False
        self._saving = True
        serial, revision = self.composer.composition_serial, self.composer.revision
        self.composer.status_changed.emit(_("Saving the draft…"))
        self.runner.run(
            _save_draft,
            lambda r, e: self._on_saved(serial, revision, r, e),
            serial=True,
            ctx=self.ctx,
            doc=doc,
            values=state["values"],
            body=state["body"],
            title=state["title"],
            draft_id=state["draft_id"],
            reply_to_id=state["reply_to"][0] if state.get("reply_to") else None,
        )
        return True

    def _on_saved(
        self, serial: int, revision: int, draft_id: Any, error: BaseException | None
    ) -> None:
        self._saving = False
        again, self._save_again = self._save_again, False
        if error is not None:
            self._report_error(error)
            return
        composer = self.composer
        if composer.composition_serial == serial:
            composer.draft_id = int(draft_id)
            if composer.revision == revision:  # nothing typed since: the register has it all
                composer.dirty = False
                self.recovery_file.clear()
        self.last_error = ""
        composer.status_changed.emit(_("Draft saved."))
        self.drafts_changed.emit()
        if again and composer.composition_serial == serial:
            self.save()

    def _report_error(self, error: BaseException) -> None:
        text = error.describe() if isinstance(error, MissivaError) else str(error)
        self.last_error = text
        logger.warning("draft not saved: %s", text)
        self.composer.status_changed.emit(
            _("The draft could not be saved: {problem}").format(problem=text)
        )

    def autosave(self) -> None:
        """Write the crash-recovery snapshot if the open work has unsaved changes."""
        state = self.composer.state()
        if state is not None and self.composer.dirty:
            try:
                self.recovery_file.write(state)
            except OSError as exc:
                logger.warning("recovery snapshot not written: %s", exc)

    def save_on_close(self) -> None:
        """Put unsaved work in the register before the window closes (this waits).

        If the register cannot take it, the recovery snapshot stays and the next start offers it.
        """
        self.runner.wait(CLOSE_WAIT_MS)
        QCoreApplication.sendPostedEvents()  # deliver a save that just finished (its draft id)
        state = self.composer.state()
        if state is None or not self.composer.dirty:
            self.recovery_file.clear()
            return
        self.autosave()
        try:
            draft_id = _save_draft(
                ctx=self.ctx,
                doc=_draft_document(self.composer),
                values=state["values"],
                body=state["body"],
                title=state["title"],
                draft_id=state["draft_id"],
                reply_to_id=state["reply_to"][0] if state.get("reply_to") else None,
            )
        except Exception as exc:  # the snapshot stays: offered at the next start
            logger.warning("draft not saved at close, recovery snapshot kept: %s", exc)
            return
        self.composer.draft_id = draft_id
        self.composer.dirty = False
        self.recovery_file.clear()

    # -- recovery ------------------------------------------------------------------------------

    def recovery(self) -> dict[str, Any] | None:
        """Return the snapshot of a session that did not close cleanly, if any."""
        return self.recovery_file.read()

    def clear_recovery(self) -> None:
        """Forget the snapshot (restored, declined, or the work was issued)."""
        self.recovery_file.clear()

    # -- listing, opening, discarding ----------------------------------------------------------

    def list(self, on_done: Any) -> None:
        """Read the drafts in the background; ``on_done(summaries, error)``."""
        self.runner.run(_list_drafts, on_done, ctx=self.ctx)

    def open(self, draft_id: int) -> None:
        """Load a draft in the background and open it in the composer."""

        def done(state: Any, error: BaseException | None) -> None:
            if error is not None:
                self._report_error(error)
                self.drafts_changed.emit()
                return
            try:
                self.composer.restore(state)
            except MissivaError as exc:  # e.g. its template was deleted meanwhile
                self._report_error(exc)
                return
            self.composer.dirty = False  # as saved
            self.composer.status_changed.emit(_("Draft opened."))

        self.runner.run(_load_draft, done, ctx=self.ctx, draft_id=draft_id)

    def discard(self, draft_id: int) -> None:
        """Delete a draft from the register (in the background)."""
        if self.composer.draft_id == draft_id:
            self.composer.draft_id = None  # the open work, if saved again, becomes a new draft

        def done(_result: Any, error: BaseException | None) -> None:
            if error is not None:
                self._report_error(error)
            self.drafts_changed.emit()

        self.runner.run(_discard_draft, done, serial=True, ctx=self.ctx, draft_id=draft_id)


def _local_time(iso: str) -> str:
    """Return a stored UTC time in local time, written as the interface language writes it."""
    return ui_datetime(iso)


class DraftsPanel(QWidget):
    """List the register's drafts; open or delete them."""

    open_requested = Signal(int)

    def __init__(self, keeper: DraftKeeper, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("drafts_panel")
        self.keeper = keeper
        self.drafts: list[DraftSummary] = []
        self.confirm_box: QMessageBox | None = None
        title = QLabel(_("Drafts"))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        title.setFont(font)
        self.list = QListWidget()
        self.list.setObjectName("drafts_list")
        self.open_button = QPushButton(_("Open"))
        self.delete_button = QPushButton(_("Delete"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.open_button)
        self.empty = QLabel(_("No drafts. Drafts are saved with Ctrl+S and when you close."))
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.empty)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.open_button.clicked.connect(self._open_current)
        self.list.itemActivated.connect(lambda _i: self._open_current())
        self.delete_button.clicked.connect(self._delete_current)
        keeper.drafts_changed.connect(self._on_keeper_drafts_changed)

    def _on_keeper_drafts_changed(self) -> None:
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        """Read the drafts again (in the background)."""
        self.keeper.list(self._on_listed)

    def _on_listed(self, drafts: Any, error: BaseException | None) -> None:
        if error is not None:
            self.empty.setText(str(error))
            self.empty.show()
            return
        self.drafts = list(drafts)
        self.list.clear()
        for info in self.drafts:
            saved = _local_time(info.saved_at)
            text = f"{info.title} — {info.subject}" if info.subject else info.title
            item = QListWidgetItem(f"{text}    ({saved})")
            item.setData(Qt.ItemDataRole.UserRole, info.id)
            item.setToolTip(info.correspondent)
            self.list.addItem(item)
        self.empty.setText(_("No drafts. Drafts are saved with Ctrl+S and when you close."))
        self.empty.setVisible(self.list.count() == 0)

    def _current(self) -> int | None:
        item = self.list.currentItem()
        return int(item.data(Qt.ItemDataRole.UserRole)) if item else None

    def _open_current(self) -> None:
        draft_id = self._current()
        if draft_id is not None:
            self.open_requested.emit(draft_id)

    def _delete_current(self) -> None:
        draft_id = self._current()
        if draft_id is None:
            return
        box = message_box(
            QMessageBox.Icon.Question,
            _("Delete draft"),
            _("Delete this draft? It cannot be recovered."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setObjectName("delete_draft_box")
        box.button(QMessageBox.StandardButton.Yes).setText(_("Delete"))
        box.button(QMessageBox.StandardButton.No).setText(_("Cancel"))
        self.confirm_box = box

        def finished(result: int) -> None:
            # The box is a child of the panel: without this every deletion would keep one
            # (with its buttons, labels and layouts) until the window closes.
            box.deleteLater()
            if self.confirm_box is box:
                self.confirm_box = None
            if result == QMessageBox.StandardButton.Yes:
                self.keeper.discard(draft_id)

        box.finished.connect(finished)
        box.open()

    def showEvent(self, event) -> None:
        """Refresh whenever the panel is shown."""
        self.refresh()
        super().showEvent(event)
