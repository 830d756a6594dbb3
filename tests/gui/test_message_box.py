"""Message boxes share their icon pixmap instead of drawing a standard icon each time."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.gui.message_box import icon_pixmap, message_box


def test_message_box_shows_the_standard_icon_from_one_shared_pixmap(qtbot) -> None:
    """Two boxes show the same (non-empty) pixmap object's image, built once per icon."""
    parent = QWidget()
    qtbot.addWidget(parent)
    first = message_box(
        QMessageBox.Icon.Question, "Delete draft", "Delete?", QMessageBox.StandardButton.Yes, parent
    )
    second = message_box(
        QMessageBox.Icon.Question, "Delete draft", "Delete?", QMessageBox.StandardButton.Yes, parent
    )
    shared = icon_pixmap(QMessageBox.Icon.Question)
    assert not shared.isNull()
    assert shared is icon_pixmap(QMessageBox.Icon.Question)
    assert first.iconPixmap().cacheKey() == second.iconPixmap().cacheKey() == shared.cacheKey()
    assert first.text() == "Delete?" and first.parent() is parent


def test_message_box_without_icon_has_no_pixmap(qtbot) -> None:
    """NoIcon stays without a picture."""
    parent = QWidget()
    qtbot.addWidget(parent)
    box = message_box(QMessageBox.Icon.NoIcon, "t", "x", QMessageBox.StandardButton.Ok, parent)
    assert box.iconPixmap().isNull()
