"""The template picker: a readable preview filled with sample values, a predictable order."""

from __future__ import annotations

from PySide6.QtCore import Qt


def _listed(picker) -> list[tuple[str, str]]:
    return [
        tuple(picker.list.item(row).data(Qt.ItemDataRole.UserRole))
        for row in range(picker.list.count())
    ]


def test_preview_shows_the_template_filled_with_sample_values(window, qtbot) -> None:
    """No Jinja in the preview: subject and body read as a letter, fields filled with samples."""
    picker = window.composer.picker
    assert picker.select("order-shipped", "en")
    text = picker.preview.toPlainText()
    assert "{{" not in text and "{%" not in text
    assert "1Z999AA10123456784" in text  # the sample tracking number, in the body
    lines = [line for line in text.splitlines() if line.strip()]
    title = window.ctx.catalog.get("order-shipped", "en").title
    assert lines[0] == title  # the title is a line of its own, not run into the details


def test_preview_falls_back_to_the_template_text_when_samples_fail(window, qtbot) -> None:
    """A template the sample values cannot fill still previews (its own text), never an error."""

    def broken(_template):
        raise ValueError("no sample")

    picker = window.composer.picker
    picker.sample = broken
    picker.set_templates(window.ctx.catalog.templates())
    assert picker.select("order-shipped", "en")
    assert "{{" in picker.preview.toPlainText()


def test_list_shows_the_interface_language_first_then_titles_alphabetically(window) -> None:
    """Recently used first; then the letters in the interface's language, by title."""
    from desktop.core.i18n import set_ui_language

    picker = window.composer.picker
    catalog = window.ctx.catalog
    try:
        set_ui_language("pt_BR")
        picker.set_templates(catalog.templates(), ["refund-approved/id"])
        listed = _listed(picker)
        assert listed[0] == ("refund-approved", "id")
        languages = [language for _id, language in listed[1:]]
        count_pt = languages.count("pt-BR")
        assert set(languages[:count_pt]) == {"pt-BR"}
        titles = [catalog.get(i, lang).title.casefold() for i, lang in listed[1 : 1 + count_pt]]
        assert titles == sorted(titles)
    finally:
        set_ui_language("en")
