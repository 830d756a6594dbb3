"""The settings dialog: live reference preview, invalid values refused next to the field."""

from __future__ import annotations


def test_settings_dialog_refuses_a_pattern_without_seq(qtbot, ctx) -> None:
    """A pattern with no {seq} shows why under the field and cannot be saved."""
    from desktop.gui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.tabs.setCurrentIndex(1)
    dialog.series_pattern.clear()
    qtbot.keyClicks(dialog.series_pattern, "OUT-{year}")
    assert dialog.series_error.isVisible()
    assert "{seq}" in dialog.series_error.text()
    assert not dialog.ok_button.isEnabled()


def test_settings_dialog_previews_the_next_reference(qtbot, ctx) -> None:
    """Editing a valid pattern shows the reference the next letter would get."""
    from desktop.gui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.series_pattern.clear()
    qtbot.keyClicks(dialog.series_pattern, "LTR/{year}/{seq:04}")
    assert "LTR/2026/0001" in dialog.series_preview.text()
    assert dialog.ok_button.isEnabled()


def test_settings_dialog_saves_and_reloads(qtbot, ctx) -> None:
    """Saving writes settings.toml and the context sees the new values."""
    from desktop.gui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.org_name.setText("Silva & Filhos <Ltda>")
    dialog.series_pattern.setText("OUT/{yy}/{seq:03}")
    dialog.ui_language.setCurrentIndex(dialog.ui_language.findData("pt_BR"))
    dialog.save()
    assert ctx.paths.settings_file.is_file()
    assert ctx.settings.organisation.name == "Silva & Filhos <Ltda>"
    assert ctx.settings.series[0].pattern == "OUT/{yy}/{seq:03}"
    assert ctx.settings.ui_language == "pt_BR"
