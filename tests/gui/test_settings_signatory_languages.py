"""The signatory editor with titles written per letter language: edits keep the other languages."""

from __future__ import annotations

import tomllib

import pytest

from desktop.core.i18n import set_ui_language
from desktop.core.settings import LocalText


@pytest.fixture
def portuguese_ui():
    """Run the test with the interface in Brazilian Portuguese, then back to English."""
    set_ui_language("pt_BR")
    yield
    set_ui_language("en")


def _dialog(qtbot, ctx):
    from desktop.gui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.show_page(dialog.signatories)
    return dialog


def test_title_shows_the_interface_language_and_keeps_the_others(qtbot, ctx, portuguese_ui) -> None:
    """A pt-BR interface shows and edits the pt-BR title; saving keeps the en and id titles."""
    dialog = _dialog(qtbot, ctx)
    page = dialog.signatories
    page.list.setCurrentRow(0)
    title = page.edits["title"]
    assert title.text() == "Gerente de Atendimento ao Cliente"
    assert "Manajer Layanan Pelanggan" in page.title_languages.text()
    title.setFocus()
    title.selectAll()
    qtbot.keyClicks(title, "Gerente de Relacionamento")
    dialog.save()
    saved = tomllib.loads(ctx.paths.settings_file.read_text(encoding="utf-8"))
    ana = saved["organisation"]["signatories"][0]
    assert ana["title"] == {
        "en": "Customer Care Manager",
        "pt-BR": "Gerente de Relacionamento",
        "id": "Manajer Layanan Pelanggan",
    }
    person = ctx.settings.organisation.signatory("ana")
    assert isinstance(person.title, LocalText)
    assert person.title.text("pt-BR") == "Gerente de Relacionamento"
    assert person.title.text("id") == "Manajer Layanan Pelanggan"


def test_editing_another_field_leaves_the_title_table_whole(qtbot, ctx) -> None:
    """Changing the name (English interface) saves the title table unchanged."""
    dialog = _dialog(qtbot, ctx)
    page = dialog.signatories
    page.list.setCurrentRow(1)
    assert page.edits["title"].text() == "Head of Finance"
    name = page.edits["name"]
    name.setFocus()
    name.selectAll()
    qtbot.keyClicks(name, "Budi S. Santoso")
    dialog.save()
    saved = tomllib.loads(ctx.paths.settings_file.read_text(encoding="utf-8"))
    budi = saved["organisation"]["signatories"][1]
    assert budi["name"] == "Budi S. Santoso"
    assert budi["title"]["id"] == "Kepala Bagian Keuangan"
    assert budi["title"]["en"] == "Head of Finance"
    footer = saved["organisation"]["footer"]
    assert isinstance(footer, dict) and "Layanan Pelanggan" in footer["id"]


def test_organisation_page_keeps_address_and_footer_tables(qtbot, ctx, portuguese_ui) -> None:
    """Editing the pt-BR footer keeps its en and id texts; the address table stays a table."""
    from desktop.gui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    page = dialog.organisation
    assert "Indonésia" in page.address.toPlainText()
    assert "Atendimento ao Cliente" in page.footer.text()
    page.footer.setText("Nusantara · SAC")
    dialog.save()
    saved = tomllib.loads(ctx.paths.settings_file.read_text(encoding="utf-8"))["organisation"]
    assert saved["footer"]["pt-BR"] == "Nusantara · SAC"
    assert "Layanan Pelanggan" in saved["footer"]["id"]
    assert saved["address_lines"][2] == {"en": "Indonesia", "pt-BR": "Indonésia", "id": "Indonesia"}
