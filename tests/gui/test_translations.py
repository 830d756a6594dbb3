"""The interface in English, Portuguese (Brazil) and Indonesian: no untranslated string shown."""

from __future__ import annotations

import pytest
from babel.messages.pofile import read_po

from desktop.core.paths import resource


def visible_texts(widget) -> set[str]:
    """Collect the texts a person sees in a widget tree (labels, buttons, menus, lists ...)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QComboBox,
        QGroupBox,
        QLabel,
        QLineEdit,
        QListWidget,
        QTabWidget,
        QWidget,
    )

    texts: set[str] = {widget.windowTitle()}
    for child in [widget, *widget.findChildren(QWidget)]:
        if isinstance(child, QLabel | QAbstractButton):
            texts.add(child.text())
        if isinstance(child, QLineEdit):
            texts.add(child.placeholderText())
        if isinstance(child, QComboBox):
            texts.update(child.itemText(i) for i in range(child.count()))
        if isinstance(child, QTabWidget):
            texts.update(child.tabText(i) for i in range(child.count()))
        if isinstance(child, QGroupBox):
            texts.add(child.title())
        if isinstance(child, QListWidget):
            texts.update(child.item(i).text() for i in range(child.count()))
        if isinstance(child, QAbstractItemView) and child.model() is not None:
            header = getattr(child, "horizontalHeader", None)
            if header is not None:
                model = child.model()
                texts.update(
                    str(model.headerData(c, Qt.Orientation.Horizontal))
                    for c in range(header().count())
                )
    for action in widget.findChildren(QAction):
        texts.add(action.text())
    return {t for t in texts if t}


def untranslated(texts: set[str], language: str) -> set[str]:
    """Return shown texts that are English messages with a different translation."""
    with resource("locale", language, "LC_MESSAGES", "missiva.po").open("rb") as handle:
        catalog = read_po(handle, locale=language)
    return {m.id for m in catalog if m.id and m.id in texts and m.string != m.id}


@pytest.mark.parametrize("language", ["pt_BR", "id"])
def test_interface_main_screens_fully_translated(qtbot, ctx, language: str) -> None:
    """Composer, register, incoming, settings and merge show no English text in pt_BR and id."""
    from desktop.app import build_window
    from desktop.core.i18n import set_ui_language
    from desktop.gui.merge_wizard import MergeWizard
    from desktop.gui.settings_dialog import SettingsDialog

    set_ui_language(language)
    try:
        window = build_window(ctx)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: window.catalog_ready, timeout=30_000)
        shown = visible_texts(window)
        window.composer.start("refund-approved", "en")
        shown |= visible_texts(window)
        dialog = SettingsDialog(ctx, window)
        shown |= visible_texts(dialog)
        wizard = MergeWizard(ctx, window.runner, window)
        shown |= visible_texts(wizard)
        for page_id in wizard.pageIds():
            page = wizard.page(page_id)
            shown |= {page.title(), page.subTitle()}
        assert window.windowTitle() != "Missiva — correspondence desk"
        assert untranslated(shown, language) == set()
        window.runner.wait(30_000)
        window.close()
    finally:
        set_ui_language("en")


def source_messages() -> set[str]:
    """Every message the code marks for translation (``_``, ``ngettext``), read from the source."""
    from pathlib import Path

    from babel.messages.extract import extract_from_dir

    import desktop

    found = extract_from_dir(
        Path(desktop.__file__).parent,
        method_map=[("**.py", "python")],
        keywords={"_": None, "ngettext": (1, 2)},
    )
    return {msg if isinstance(msg, str) else msg[0] for _file, _line, msg, _c, _x in found}


def test_template_lists_every_message_of_the_source() -> None:
    """The shipped template (.pot) is current: no message of the code is missing from it."""
    with resource("locale", "missiva.pot").open("rb") as handle:
        template = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    assert source_messages() - template == set()


@pytest.mark.parametrize("language", ["pt_BR", "id"])
def test_interface_catalog_has_every_message(language: str) -> None:
    """Every message the code marks for translation has a translation in the language's catalog.

    Read from the source, not from the .pot, so a new string without a translation fails here
    even when nobody regenerated the template.
    """
    with resource("locale", language, "LC_MESSAGES", "missiva.po").open("rb") as handle:
        catalog = read_po(handle, locale=language)
    translated = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id and m.string}
    assert source_messages() - translated == set()


@pytest.mark.parametrize("language", ["pt_BR", "id"])
def test_interface_language_switch_in_settings_applies_live(qtbot, window, language: str) -> None:
    """Choosing a language in Settings retranslates the open window: no English left, no restart."""
    from PySide6.QtCore import Qt

    from desktop.gui.live_switch import apply_ui_language

    assert "&File" in visible_texts(window)
    try:
        window.settings_action.trigger()
        dialog = window.settings_dialog
        combo = dialog.interface.language
        combo.setCurrentIndex(combo.findData(language))
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "&File" not in visible_texts(window), timeout=30_000)
        assert window.windowTitle() != "Missiva — correspondence desk"
        assert untranslated(visible_texts(window), language) == set()
        window.composer.start("refund-approved", "en")
        assert untranslated(visible_texts(window), language) == set()
    finally:
        apply_ui_language("en")
