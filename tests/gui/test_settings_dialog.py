"""The settings dialog: values refused next to their field, and saved values reaching the app."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from signing_support import PASSWORD


def open_dialog(qtbot, ctx):
    """Return a shown settings dialog over ``ctx``."""
    from desktop.gui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def type_into(qtbot, widget, text: str) -> None:
    """Replace a line edit's text the way a person does: select all, type."""
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, text)


# -- numbering ---------------------------------------------------------------------------------


def test_settings_dialog_refuses_a_pattern_without_seq(qtbot, ctx) -> None:
    """A pattern with no {seq} shows why under the field and cannot be saved."""
    dialog = open_dialog(qtbot, ctx)
    dialog.show_page(dialog.numbering)
    type_into(qtbot, dialog.numbering.pattern, "OUT-{year}")
    assert dialog.numbering.error.isVisible()
    assert "{seq}" in dialog.numbering.error.text()
    assert not dialog.ok_button.isEnabled()


def test_settings_dialog_previews_the_next_reference(qtbot, ctx) -> None:
    """Editing a valid pattern shows the reference the next letter would get."""
    dialog = open_dialog(qtbot, ctx)
    type_into(qtbot, dialog.numbering.pattern, "LTR/{year}/{seq:04}")
    assert "LTR/2026/0001" in dialog.numbering.preview.text()
    assert dialog.ok_button.isEnabled()


def test_settings_dialog_saves_and_reloads(qtbot, ctx) -> None:
    """Saving writes settings.toml and the context sees the new values."""
    dialog = open_dialog(qtbot, ctx)
    dialog.organisation.name.setText("Silva & Filhos <Ltda>")
    dialog.numbering.pattern.setText("OUT/{yy}/{seq:03}")
    dialog.interface.language.setCurrentIndex(dialog.interface.language.findData("pt_BR"))
    dialog.save()
    assert ctx.paths.settings_file.is_file()
    assert ctx.settings.organisation.name == "Silva & Filhos <Ltda>"
    assert ctx.settings.series[0].pattern == "OUT/{yy}/{seq:03}"
    assert ctx.settings.ui_language == "pt_BR"
    assert dialog.language_changed


# -- signatories -------------------------------------------------------------------------------


def test_settings_dialog_refuses_a_signatory_without_name(qtbot, ctx) -> None:
    """Clearing a signatory's name shows why under the name and disables Save."""
    dialog = open_dialog(qtbot, ctx)
    page = dialog.signatories
    dialog.show_page(page)
    page.edits["name"].setFocus()
    page.edits["name"].selectAll()
    qtbot.keyClick(page.edits["name"], Qt.Key.Key_Delete)
    assert page.errors["name"].isVisible()
    assert "name" in page.errors["name"].text().lower()
    assert not dialog.ok_button.isEnabled()


def test_settings_dialog_refuses_a_duplicate_signatory_id(qtbot, ctx) -> None:
    """A second signatory cannot take an id that is already used."""
    dialog = open_dialog(qtbot, ctx)
    page = dialog.signatories
    dialog.show_page(page)
    qtbot.mouseClick(
        dialog.findChild(type(dialog.ok_button), "add_signatory"), Qt.MouseButton.LeftButton
    )
    qtbot.keyClicks(page.edits["name"], "Carla Souza")
    type_into(qtbot, page.edits["id"], "ana")
    assert page.errors["id"].isVisible()
    assert "ana" in page.errors["id"].text()
    assert not dialog.ok_button.isEnabled()


def test_settings_dialog_refuses_a_staff_number_with_symbols(qtbot, ctx) -> None:
    """A staff number with characters other than letters, digits and separators is refused."""
    dialog = open_dialog(qtbot, ctx)
    page = dialog.signatories
    dialog.show_page(page)
    type_into(qtbot, page.edits["staff_number"], "1987;DROP")
    assert page.errors["staff_number"].isVisible()
    assert not dialog.ok_button.isEnabled()


def test_settings_dialog_refuses_a_signature_image_that_is_not_an_image(
    qtbot, ctx, tmp_path: Path
) -> None:
    """A signature 'image' that is not PNG or JPEG is refused next to the field."""
    fake = tmp_path / "signature.png"
    fake.write_text("not an image", encoding="utf-8")
    dialog = open_dialog(qtbot, ctx)
    page = dialog.signatories
    dialog.show_page(page)
    type_into(qtbot, page.edits["image"], str(fake))
    assert page.errors["image"].isVisible()
    assert "PNG" in page.errors["image"].text()
    assert not dialog.ok_button.isEnabled()


def test_settings_dialog_saved_signatory_reaches_the_context(qtbot, ctx) -> None:
    """A signatory added in Settings is in the context's organisation profile after saving."""
    dialog = open_dialog(qtbot, ctx)
    page = dialog.signatories
    dialog.show_page(page)
    page.add_signatory()
    type_into(qtbot, page.edits["id"], "carla")
    qtbot.keyClicks(page.edits["name"], "Carla Souza")
    qtbot.keyClicks(page.edits["title"], "Ouvidora")
    qtbot.keyClicks(page.edits["staff_number"], "19870512 201001 1 002")
    assert dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    person = ctx.settings.organisation.signatory("carla")
    assert (person.name, person.title, person.staff_number) == (
        "Carla Souza",
        "Ouvidora",
        "19870512 201001 1 002",
    )
    assert ctx.settings.organisation.signatory("ana").name == "Ana Ribeiro"


# -- certificate -------------------------------------------------------------------------------


def test_settings_dialog_refuses_a_missing_certificate_file(qtbot, ctx, tmp_path: Path) -> None:
    """A certificate path with no file behind it is refused under the field."""
    dialog = open_dialog(qtbot, ctx)
    page = dialog.signatories
    dialog.show_page(page)
    type_into(qtbot, page.certificate, str(tmp_path / "nowhere.p12"))
    qtbot.keyClick(page.certificate, Qt.Key.Key_Return)
    assert page.cert_error.isVisible()
    assert "nowhere.p12" in page.cert_error.text()
    assert not dialog.ok_button.isEnabled()


def test_settings_dialog_refuses_a_wrong_certificate_password(
    qtbot, ctx, p12: Path, memory_keyring
) -> None:
    """A password that does not open the PKCS#12 file is refused next to the field."""
    dialog = open_dialog(qtbot, ctx)
    page = dialog.signatories
    dialog.show_page(page)
    type_into(qtbot, page.certificate, str(p12))
    qtbot.keyClicks(page.cert_password, "wrong")
    qtbot.keyClick(page.cert_password, Qt.Key.Key_Return)
    assert page.cert_error.isVisible()
    assert "password" in page.cert_error.text().lower()
    assert not dialog.ok_button.isEnabled()


def test_settings_dialog_keeps_the_certificate_password_in_the_keyring(
    qtbot, ctx, p12: Path, memory_keyring
) -> None:
    """A good certificate is saved by path; its password goes to the keyring, not the file."""
    from desktop.core.signing import keyring_username, password_from_keyring

    dialog = open_dialog(qtbot, ctx)
    page = dialog.signatories
    dialog.show_page(page)
    type_into(qtbot, page.certificate, str(p12))
    qtbot.keyClicks(page.cert_password, PASSWORD)
    qtbot.keyClick(page.cert_password, Qt.Key.Key_Return)
    assert "Ana Ribeiro" in page.cert_info.text()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert ctx.settings.signing_certificate == str(p12)
    assert password_from_keyring(p12) == PASSWORD.encode()
    assert ("missiva", keyring_username(p12)) in memory_keyring
    assert PASSWORD not in ctx.paths.settings_file.read_text(encoding="utf-8")


# -- house style -------------------------------------------------------------------------------


def test_settings_dialog_banned_word_is_flagged_by_proofing(qtbot, ctx) -> None:
    """A word added to the English 'never use' list is a blocking style issue after saving."""
    dialog = open_dialog(qtbot, ctx)
    page = dialog.proofing
    dialog.show_page(page)
    box = page.banned["en"]
    box.setFocus()
    qtbot.keyClicks(box, "synergy")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert ctx.settings.proofing.extra_banned_words == {"en": ("synergy",)}
    report = ctx.proofer.check_text("We believe in synergy with our customers.", "en")
    flagged = [
        i for i in report.blocking if report.text[i.offset : i.offset + i.length] == "synergy"
    ]
    assert flagged


def test_settings_dialog_saved_glossary_reaches_the_context(qtbot, ctx) -> None:
    """Glossary lines typed in Settings are the context's glossary after saving."""
    dialog = open_dialog(qtbot, ctx)
    page = dialog.proofing
    dialog.show_page(page)
    page.glossary.selectAll()
    page.glossary.setFocus()
    qtbot.keyClicks(page.glossary, "CRM = Customer Relationship Management")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert ctx.settings.proofing.glossary == {"CRM": "Customer Relationship Management"}


def test_settings_dialog_refuses_a_glossary_line_without_meaning(qtbot, ctx) -> None:
    """A glossary line with no '= meaning' is refused under the glossary with its line number."""
    dialog = open_dialog(qtbot, ctx)
    page = dialog.proofing
    dialog.show_page(page)
    page.glossary.setFocus()
    page.glossary.moveCursor(page.glossary.textCursor().MoveOperation.End)
    qtbot.keyClick(page.glossary, Qt.Key.Key_Return)
    qtbot.keyClicks(page.glossary, "NIP")
    assert page.glossary_error.isVisible()
    assert str(page.glossary.blockCount()) in page.glossary_error.text()  # the last line
    assert not dialog.ok_button.isEnabled()


# -- data folder -------------------------------------------------------------------------------


def test_settings_dialog_refuses_a_non_empty_folder_without_missiva_data(
    qtbot, ctx, tmp_path: Path
) -> None:
    """A folder holding other files is refused as the new data folder, next to the field."""
    other = tmp_path / "photos"
    other.mkdir()
    (other / "holiday.jpg").write_bytes(b"\xff\xd8\xff")
    dialog = open_dialog(qtbot, ctx)
    dialog.show_page(dialog.interface)
    type_into(qtbot, dialog.interface.new_folder, str(other))
    assert dialog.interface.folder_error.isVisible()
    assert dialog.interface.modes_box.isHidden()
    assert not dialog.ok_button.isEnabled()


def test_settings_dialog_refuses_a_relative_data_folder(qtbot, ctx) -> None:
    """A relative path is refused: the data folder must be given in full."""
    dialog = open_dialog(qtbot, ctx)
    dialog.show_page(dialog.interface)
    type_into(qtbot, dialog.interface.new_folder, "missiva-data")
    assert dialog.interface.folder_error.isVisible()
    assert not dialog.ok_button.isEnabled()


def test_settings_dialog_offers_copy_or_fresh_for_an_empty_folder(
    qtbot, ctx, tmp_path: Path
) -> None:
    """An empty new folder offers to copy the data or start empty, copy chosen by default."""
    dialog = open_dialog(qtbot, ctx)
    dialog.show_page(dialog.interface)
    type_into(qtbot, dialog.interface.new_folder, str(tmp_path / "new-home"))
    page = dialog.interface
    assert not page.folder_error.isVisible()
    assert page.mode_radios["copy"].isVisible() and page.mode_radios["fresh"].isVisible()
    assert not page.mode_radios["use"].isVisible()
    assert page.data_folder_change() == ((tmp_path / "new-home").resolve(), "copy")
