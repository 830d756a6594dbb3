"""The template picker: a readable preview filled with sample values, a predictable order."""

from __future__ import annotations

from PySide6.QtCore import Qt


def _listed(picker) -> list[tuple[str, str]]:
    return picker.listed()


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


def test_list_shows_recent_first_then_groups_with_the_interface_language_first(window) -> None:
    """Recently used first; then, in each kind-and-category group, the interface's language
    first and titles alphabetically.
    """
    from desktop.core.i18n import set_ui_language

    picker = window.composer.picker
    catalog = window.ctx.catalog
    try:
        set_ui_language("pt_BR")
        picker.set_templates(catalog.templates(), ["refund-approved/id"])
        listed = _listed(picker)
        assert listed[0] == ("refund-approved", "id")
        assert picker.headings()[0] == "Usados recentemente"
        groups: dict[tuple[str, str], list[tuple[str, str]]] = {}
        for key in listed[1:]:
            template = catalog.get(*key)
            groups.setdefault((template.kind, template.category), []).append(key)
        for keys in groups.values():
            languages = [language for _id, language in keys]
            count_pt = languages.count("pt-BR")
            assert set(languages[:count_pt]) <= {"pt-BR"}
            titles = [catalog.get(i, lang).title.casefold() for i, lang in keys[:count_pt]]
            assert titles == sorted(titles)
    finally:
        set_ui_language("en")


def test_list_is_grouped_by_kind_and_category_under_headings(window, qtbot) -> None:
    """Each template sits under the heading of its kind and category; headings are not choosable."""
    from desktop.gui.template_picker import kind_label

    picker = window.composer.picker
    picker.set_templates(window.ctx.catalog.templates())
    catalog = window.ctx.catalog
    heading = None
    seen: list[str] = []
    for row in range(picker.list.count()):
        item = picker.list.item(row)
        key = item.data(Qt.ItemDataRole.UserRole)
        if key is None:
            heading = item.text()
            assert not item.flags() & Qt.ItemFlag.ItemIsSelectable
            seen.append(heading)
            continue
        template = catalog.get(*key)
        assert heading == f"{kind_label(template.kind)} · {template.category}"
    assert len(seen) == len(set(seen)) > 1  # each group once, and more than one group
    kinds = {catalog.get(*key).kind for key in picker.listed()}
    assert len(kinds) > 1
    assert picker.list.currentItem().data(Qt.ItemDataRole.UserRole) is not None


def test_preview_keeps_numbered_lists_numbered(window, qtbot) -> None:
    """A numbered list in the body shows one item per line, each with its number."""
    import re

    picker = window.composer.picker
    assert picker.select("information-request-reply", "en")
    lines = [line.strip() for line in picker.preview.toPlainText().splitlines()]
    numbered = [line for line in lines if re.match(r"^\d+\. \S", line)]
    assert [line.split(".")[0] for line in numbered[:2]] == ["1", "2"], lines


def test_preview_html_escapes_and_cuts_between_items() -> None:
    """Values are data, never markup; a long list is cut at an item, never mid-number."""
    from desktop.gui.template_picker import preview_html

    body = "Intro <b>text</b>.\n\n" + "\n".join(f"{n}. item number {n}" for n in range(1, 60))
    html = preview_html(body, limit=120)
    assert "&lt;b&gt;" in html and "<b>" not in html
    assert "1. item number 1<br>2. item number 2" in html
    assert html.endswith("…</p>")
