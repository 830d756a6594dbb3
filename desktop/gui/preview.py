"""Live preview of the exact PDF that will be issued, shown with QPdfView.

The composer renders the PDF bytes in the background and hands them here; the bytes are loaded
through a QBuffer (no temporary file). The previous document stays visible until the new one is
ready, so the preview never flashes empty while the person types.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from desktop.core.i18n import _


class PreviewPanel(QWidget):
    """Show PDF bytes; a message instead when there is nothing to show."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preview_panel")
        self._stack = QStackedWidget()
        self._message = QLabel(_("The preview appears here once the required fields are filled."))
        self._message.setWordWrap(True)
        self._message.setMargin(24)
        self._view = QPdfView()
        self._view.setPageMode(QPdfView.PageMode.MultiPage)
        self._view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._documents: list[tuple[QPdfDocument, QBuffer]] = []
        self._stack.addWidget(self._message)
        self._stack.addWidget(self._view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._stack)
        self.generation = 0

    @property
    def page_count(self) -> int:
        """Return the number of pages shown (0 when showing a message)."""
        if not self._documents or self._stack.currentWidget() is not self._view:
            return 0
        return self._documents[-1][0].pageCount()

    def show_pdf(self, data: bytes) -> None:
        """Load PDF bytes and show them (the previous document is released)."""
        buffer = QBuffer()
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        document = QPdfDocument(self)
        document.load(buffer)
        self._view.setDocument(document)
        old = self._documents
        self._documents = [(document, buffer)]
        for doc, buf in old:
            doc.close()
            doc.deleteLater()
            buf.close()
        self._stack.setCurrentWidget(self._view)
        self.generation += 1

    def show_message(self, text: str) -> None:
        """Show a message (why there is no preview) instead of a document."""
        self._message.setText(text)
        self._stack.setCurrentWidget(self._message)
