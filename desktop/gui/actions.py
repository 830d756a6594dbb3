"""The main window's actions, menus and toolbar, with the standard shortcuts.

Ctrl+N new, Ctrl+S save draft, Ctrl+P print, F7 proof, Ctrl+Return issue, Ctrl+F find,
undo/redo (in the editor), settings, batch merge, quit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QStyle, QToolBar

from desktop.core.i18n import _

if TYPE_CHECKING:
    from desktop.gui.main_window import MainWindow

KEYS = QKeySequence.StandardKey
ICONS = QStyle.StandardPixmap


def _action(
    window: MainWindow, text: str, slot: Any, shortcut: Any = None, icon: Any = None
) -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    if icon is not None:
        action.setIcon(window.style().standardIcon(icon))
    action.triggered.connect(slot)
    window.addAction(action)
    return action


def build_actions(window: MainWindow) -> None:
    """Create the window's actions (as attributes of the window), menus and toolbar."""
    w = window
    editor = w.composer.editor
    w.new_action = _action(w, _("&New document"), w.new_document, KEYS.New, ICONS.SP_FileIcon)
    w.save_action = _action(w, _("&Save draft"), w.save_draft, KEYS.Save, ICONS.SP_DialogSaveButton)
    w.print_action = _action(w, _("&Print…"), w.print_document, KEYS.Print)
    w.proof_action = _action(
        w, _("&Check proofing"), w.composer.proof_now, "F7", ICONS.SP_DialogApplyButton
    )
    w.issue_action = _action(
        w, _("&Issue…"), w.composer.issue, "Ctrl+Return", ICONS.SP_DialogOkButton
    )
    w.issue_action.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
    w.find_action = _action(w, _("&Find"), w.focus_search, KEYS.Find)
    w.undo_action = _action(w, _("&Undo"), editor.undo, KEYS.Undo)
    w.redo_action = _action(w, _("&Redo"), editor.redo, KEYS.Redo)
    w.settings_action = _action(w, _("Se&ttings…"), w.open_settings, KEYS.Preferences)
    w.merge_action = _action(w, _("Batch &merge…"), w.open_merge)
    w.quit_action = _action(w, _("&Quit"), w.close, KEYS.Quit)
    w.about_action = _action(w, _("&About Missiva"), w.about)
    for action in (w.undo_action, w.redo_action):  # the editor's own, not the window's
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        w.removeAction(action)
        editor.addAction(action)
    bar = w.menuBar()
    menus = (
        (_("&File"), (w.new_action, w.save_action, w.print_action, None, w.merge_action,
                      w.settings_action, None, w.quit_action)),
        (_("&Edit"), (w.undo_action, w.redo_action, None, w.find_action)),
        (_("&Document"), (w.proof_action, w.issue_action)),
    )  # fmt: skip
    for title, actions in menus:
        menu = bar.addMenu(title)
        for action in actions:
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
    view_menu = bar.addMenu(_("&View"))
    for index, label in enumerate(w.page_labels()):
        view_menu.addAction(label, lambda i=index: w.sidebar.setCurrentRow(i))
    help_menu = bar.addMenu(_("&Help"))
    help_menu.addAction(w.about_action)
    tools = QToolBar(_("Main toolbar"))
    tools.setObjectName("main_toolbar")
    tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    for action in (w.new_action, w.save_action, w.proof_action, w.issue_action):
        tools.addAction(action)
    w.addToolBar(tools)
