"""Drafts: saved compositions in the data folder, the crash-recovery file, and their panel.

A draft is a small JSON file (template, language, field values, the edited body if any) in
``<data>/drafts/``. While a composition is open the window also writes ``autosave.json`` every few
seconds; a clean close removes it, so finding it at start-up means the last session ended
without closing and its work can be restored. Files are written atomically.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.i18n import _

AUTOSAVE_NAME = "autosave.json"


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


@dataclass(frozen=True)
class DraftInfo:
    """A saved draft as listed in the Drafts panel."""

    draft_id: str
    path: Path
    title: str
    saved_at: str


class DraftStore:
    """Read and write draft files in one folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _write(self, path: Path, state: dict[str, Any]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        data = dict(_plain(state))
        data["saved_at"] = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, path)

    def save(self, state: dict[str, Any]) -> str:
        """Save a composition as a draft; return its id (new one when the state has none)."""
        draft_id = state.get("draft_id") or uuid.uuid4().hex[:12]
        self._write(self.folder / f"{draft_id}.json", {**state, "draft_id": draft_id})
        return draft_id

    def load(self, draft_id: str) -> dict[str, Any]:
        """Return a saved draft's state."""
        return json.loads((self.folder / f"{draft_id}.json").read_text(encoding="utf-8"))

    def delete(self, draft_id: str) -> None:
        """Remove a draft (after it was issued or discarded)."""
        (self.folder / f"{draft_id}.json").unlink(missing_ok=True)

    def list(self) -> list[DraftInfo]:
        """Return the saved drafts, newest first (unreadable files are skipped)."""
        found: list[DraftInfo] = []
        if not self.folder.is_dir():
            return found
        for path in self.folder.glob("*.json"):
            if path.name == AUTOSAVE_NAME:
                continue
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            found.append(
                DraftInfo(
                    path.stem,
                    path,
                    str(data.get("title", path.stem)),
                    str(data.get("saved_at", "")),
                )
            )
        return sorted(found, key=lambda d: d.saved_at, reverse=True)

    # -- crash recovery ------------------------------------------------------------------------

    @property
    def autosave_path(self) -> Path:
        """Return the crash-recovery file."""
        return self.folder / AUTOSAVE_NAME

    def autosave(self, state: dict[str, Any]) -> None:
        """Write the open composition to the recovery file."""
        self._write(self.autosave_path, state)

    def recovery(self) -> dict[str, Any] | None:
        """Return the composition left by a session that did not close cleanly, if any."""
        try:
            return json.loads(self.autosave_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def clear_recovery(self) -> None:
        """Forget the recovery file (clean close, or the person declined to restore)."""
        self.autosave_path.unlink(missing_ok=True)


class DraftsPanel(QWidget):
    """List saved drafts; open or delete them."""

    open_requested = Signal(str)

    def __init__(self, store: DraftStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("drafts_panel")
        self.store = store
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

    def refresh(self) -> None:
        """Re-read the drafts folder."""
        self.list.clear()
        for info in self.store.list():
            item = QListWidgetItem(f"{info.title}    ({info.saved_at.replace('T', ' ')[:16]})")
            item.setData(Qt.ItemDataRole.UserRole, info.draft_id)
            self.list.addItem(item)
        self.empty.setVisible(self.list.count() == 0)

    def _current(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _open_current(self) -> None:
        draft_id = self._current()
        if draft_id:
            self.open_requested.emit(draft_id)

    def _delete_current(self) -> None:
        draft_id = self._current()
        if draft_id:
            self.store.delete(draft_id)
            self.refresh()

    def showEvent(self, event) -> None:
        """Refresh whenever the panel is shown."""
        self.refresh()
        super().showEvent(event)
