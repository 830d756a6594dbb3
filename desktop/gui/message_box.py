"""Window-modal message boxes that do not leak.

A ``QMessageBox`` built with a standard icon (Question, Warning, ...) draws that icon anew, and
Qt 6.11 never frees part of what that takes: about 1.5 KB a box in a bare application and about
11 KB in the window (measured with ``malloc_trim`` after each round, 2026-12-04), so a day of
"Delete this draft?" boxes grows the process for good. Boxes here are built without an icon and
get the standard icon's pixmap, drawn once per icon by a throw-away box, which leaks nothing
more.
"""

from __future__ import annotations

from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QMessageBox, QWidget

_PIXMAPS: dict[QMessageBox.Icon, QPixmap] = {}


def icon_pixmap(icon: QMessageBox.Icon) -> QPixmap:
    """Return the shared pixmap of a standard message-box icon."""
    pixmap = _PIXMAPS.get(icon)
    if pixmap is None:
        drawn = QMessageBox(icon, "", "")  # no parent: deleted with this reference
        pixmap = _PIXMAPS[icon] = drawn.iconPixmap()
        del drawn
    return pixmap


def message_box(
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    buttons: QMessageBox.StandardButton,
    parent: QWidget,
) -> QMessageBox:
    """Return a message box over ``parent`` showing ``icon``'s shared pixmap (open it yourself)."""
    box = QMessageBox(QMessageBox.Icon.NoIcon, title, text, buttons, parent)
    if icon != QMessageBox.Icon.NoIcon:
        box.setIconPixmap(icon_pixmap(icon))
    return box
