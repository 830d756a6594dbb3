"""Print a document: render its PDF in memory and draw each page on the chosen printer."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.core.errors import MissivaError
from desktop.core.i18n import _


def print_pdf(parent: QWidget, data: bytes) -> bool:
    """Ask for a printer and print the PDF bytes; return whether it was printed."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    painter = QPainter(printer)
    rect = painter.viewport()
    for page in range(document.pageCount()):
        if page:
            printer.newPage()
        image = document.render(page, QSize(rect.width(), rect.height()))
        painter.drawImage(rect, image)
    painter.end()
    return True


def print_document(parent: QWidget, composer: Any) -> None:
    """Print the open composition as the PDF it would be issued as (a draft mark included)."""
    from desktop.core.rendering import render_pdf

    try:
        doc = composer.build_document()
        data = render_pdf(doc, composer.ctx.settings.organisation)
    except MissivaError as exc:
        QMessageBox.warning(parent, _("Print"), exc.describe())
        return
    print_pdf(parent, data)
