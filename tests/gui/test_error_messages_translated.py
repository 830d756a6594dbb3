"""Errors raised by the core reach the window in its language, with the values left as typed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from merge_support import open_wizard

DATA = "<b>Silva</b> & Filhos <Ltda>"


@pytest.fixture
def portuguese() -> Iterator[None]:
    """Switch the interface to Portuguese (Brazil); back to English after the test."""
    from desktop.core.i18n import set_ui_language

    set_ui_language("pt_BR")
    try:
        yield
    finally:
        set_ui_language("en")


def test_field_form_shows_the_error_in_portuguese(qtbot, ctx, portuguese) -> None:
    """A wrong e-mail address: a Portuguese message under the field, the value shown literally."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel

    from desktop.app import build_window

    window = build_window(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.catalog_ready, timeout=30_000)
    try:
        window.composer.start("refund-approved", "en")
        form = window.composer.form
        qtbot.keyClicks(form.widget_for("customer_email"), DATA)
        label = form.findChild(QLabel, "error_customer_email")
        qtbot.waitUntil(label.isVisible, timeout=5_000)
        assert "não é um endereço de e-mail válido" in label.text()
        assert f"'{DATA}'" in label.text()
        assert label.textFormat() == Qt.TextFormat.PlainText  # the value is data, never markup
    finally:
        window.runner.wait(30_000)
        window.close()


def test_merge_wizard_says_in_portuguese_that_the_data_file_is_missing(
    qtbot, ctx, runner, portuguese, tmp_path: Path
) -> None:
    """A data file that does not exist is reported in Portuguese, naming the file."""
    missing = tmp_path / "clientes.csv"
    wizard = open_wizard(qtbot, ctx, runner, missing)
    wizard.next()
    qtbot.waitUntil(
        lambda: "o arquivo de dados não existe" in wizard.mapping_status.text(), timeout=30_000
    )
    assert str(missing) in wizard.mapping_status.text()
