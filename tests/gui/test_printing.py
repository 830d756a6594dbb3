"""Printing from the window draws the issued PDF's pages with QtPdf onto the chosen printer."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QWidget

from desktop.core import rendering
from desktop.core.rendering.samples import plain_letter, sample_profile
from desktop.gui.printing import print_pdf


def test_print_pdf_draws_every_page_on_the_printer(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the system print dialog accepted (to a PDF file printer), the pages are printed."""
    target = tmp_path / "printed.pdf"

    def accept(dialog: QPrintDialog) -> int:  # the system dialog is the boundary we stand in for
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(target))
        return QPrintDialog.DialogCode.Accepted.value

    monkeypatch.setattr(QPrintDialog, "exec", accept)
    parent = QWidget()
    qtbot.addWidget(parent)
    data = rendering.render_pdf(plain_letter("en"), sample_profile())
    assert print_pdf(parent, data) is True
    assert target.read_bytes().startswith(b"%PDF") and target.stat().st_size > 10_000


def test_print_pdf_cancelled_prints_nothing(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    """Cancelling the print dialog returns False, so the entry is not marked printed."""
    monkeypatch.setattr(QPrintDialog, "exec", lambda dialog: QPrintDialog.DialogCode.Rejected.value)
    parent = QWidget()
    qtbot.addWidget(parent)
    assert print_pdf(parent, b"%PDF-1.4") is False
