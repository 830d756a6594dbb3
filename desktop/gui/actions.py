"""The main window's actions, menus and toolbar, with the standard shortcuts, and drawn icons.

Ctrl+N new, Ctrl+S save draft, Ctrl+P print, F7 proof, Ctrl+Return issue, Ctrl+F find,
undo/redo (in the editor), settings, batch merge, quit. Everything here is built again when
the interface language changes (``MainWindow.rebuild``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import (
    QAction,
    QColor,
    QIcon,
    QKeySequence,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
    QPolygonF,
)
from PySide6.QtWidgets import QStyle, QToolBar

from desktop.core.i18n import _

if TYPE_CHECKING:
    from desktop.gui.main_window import MainWindow

KEYS = QKeySequence.StandardKey
ICONS = QStyle.StandardPixmap


def tray_icon(colour: QColor, *, incoming: bool) -> QIcon:
    """Draw an in-tray (arrow down into a tray) or out-tray icon in ``colour``, sharp at any DPI.

    The style's plain arrows are black on every palette; these follow the text colour, so they
    read on light and dark themes alike.
    """
    icon = QIcon()
    for size in (16, 22, 32, 44, 64):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        unit = size / 16
        pen = QPen(colour, 1.6 * unit)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.drawPolyline(
            QPolygonF([QPointF(2 * unit, 9 * unit), QPointF(2 * unit, 14 * unit),
                       QPointF(14 * unit, 14 * unit), QPointF(14 * unit, 9 * unit)])
        )  # fmt: skip
        painter.drawLine(QPointF(8 * unit, 1.5 * unit), QPointF(8 * unit, 10 * unit))
        tip, back = (10.5, 7.0) if incoming else (1.5, 5.0)
        painter.drawPolyline(
            QPolygonF([QPointF(5 * unit, back * unit), QPointF(8 * unit, tip * unit),
                       QPointF(11 * unit, back * unit)])
        )  # fmt: skip
        painter.end()
        icon.addPixmap(pixmap)
    return icon


def paint_sidebar_icons(window: MainWindow) -> None:
    """Give the sidebar entries their icons; the drawn ones take the palette's text colour."""
    style = window.style()
    pixmaps = QStyle.StandardPixmap
    standard = {0: pixmaps.SP_FileIcon, 1: pixmaps.SP_DialogSaveButton,
                2: pixmaps.SP_FileDialogDetailedView, 5: pixmaps.SP_FileDialogListView}  # fmt: skip
    colour = window.palette().color(QPalette.ColorRole.WindowText)
    for row in range(window.sidebar.count()):
        icon = (
            style.standardIcon(standard[row])
            if row in standard
            else tray_icon(colour, incoming=row == 3)
        )
        window.sidebar.item(row).setIcon(icon)


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
