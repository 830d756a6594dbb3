"""From the template picker to an issued letter, found in the register and exported."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QTextCursor


def open_refund_letter(window, qtbot) -> object:
    """Choose refund-approved/en in the picker and fill its required fields."""
    composer = window.composer
    picker = composer.picker
    qtbot.keyClicks(picker.search_edit, "refund approved")
    assert picker.select("refund-approved", "en")
    qtbot.mouseClick(picker.use_button, Qt.MouseButton.LeftButton)
    assert composer.stack.currentIndex() == 1
    form = composer.form
    qtbot.keyClicks(form.widget_for("customer_name"), "Ana Silva")
    qtbot.keyClicks(form.widget_for("order_number"), "A-1001")
    qtbot.keyClicks(form.widget_for("refund_amount"), "125.50")
    form.widget_for("refund_date").setDate(QDate(2026, 12, 4))
    qtbot.waitUntil(lambda: "A-1001" in composer.editor.toPlainText(), timeout=5000)
    return composer


def type_at_end(qtbot, editor, text: str) -> None:
    """Move the cursor to the end of the body and type ``text`` key by key."""
    cursor = editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    qtbot.keyClicks(editor, text)


def spelling_mark(editor, word: str):
    """Return the spelling mark over ``word``, if any."""
    for mark in editor.marks():
        if mark.category == "spelling" and editor.mark_text(mark) == word:
            return mark
    return None


def issue_through_gate(window, qtbot, reason: str | None = None) -> str:
    """Press Issue, confirm the gate dialog (with a reason if given); return the reference."""
    composer = window.composer
    with qtbot.waitSignal(composer.entry_issued, timeout=60_000) as issued:
        composer.issue()
        qtbot.waitUntil(
            lambda: (
                composer.issue_flow.gate_dialog is not None
                and composer.issue_flow.gate_dialog.isVisible()
            ),
            timeout=60_000,
        )
        dialog = composer.issue_flow.gate_dialog
        if reason is not None:
            assert not dialog.issue_button.isEnabled()
            qtbot.keyClicks(dialog.reason_edit, reason)
        assert dialog.issue_button.isEnabled()
        qtbot.mouseClick(dialog.issue_button, Qt.MouseButton.LeftButton)
    return issued.args[0]


def test_composer_issues_a_letter_found_in_register_and_exported(
    window, qtbot, tmp_path: Path
) -> None:
    """Fill, see a misspelling underlined, take a suggestion, issue, find and export it."""
    composer = open_refund_letter(window, qtbot)
    editor = composer.editor
    type_at_end(qtbot, editor, " We recieved your letter.")
    qtbot.waitUntil(lambda: spelling_mark(editor, "recieved") is not None, timeout=30_000)
    mark = spelling_mark(editor, "recieved")
    menu = editor.build_context_menu(mark.start + 1)
    [take] = [a for a in menu.actions() if a.text() == "received"]
    take.trigger()
    assert "We received your letter." in editor.toPlainText()
    qtbot.waitUntil(
        lambda: spelling_mark(editor, "received") is None and not composer._proof_timer.isActive(),
        timeout=30_000,
    )

    reference = issue_through_gate(window, qtbot)
    assert composer.issue_flow.gate_dialog.blocking_count == 0
    entry = window.ctx.register.get(reference)
    assert entry.override_reason is None
    assert any(Path(f.path).is_file() for f in entry.files)

    window.show_page("register")
    panel = window.register_panel
    qtbot.keyClicks(panel.search_edit, "A-1001")
    qtbot.waitUntil(
        lambda: panel.model.rowCount() == 1 and panel.model.row(0).reference == reference,
        timeout=30_000,
    )
    target = tmp_path / "register.csv"
    panel.export(path=str(target))
    qtbot.waitUntil(lambda: getattr(panel, "last_export", None) == target, timeout=30_000)
    assert reference in target.read_text(encoding="utf-8-sig")
    exported = target.read_bytes()
    panel.export(path=str(target))  # the same name again: refused, the file stays as it was
    assert "never replaces" in panel.count_label.text()
    assert target.read_bytes() == exported


def test_composer_gate_blocks_until_a_reason_is_given(window, qtbot) -> None:
    """A misspelling blocks issuing; the override reason typed reaches the register."""
    composer = open_refund_letter(window, qtbot)
    type_at_end(qtbot, composer.editor, " Thankk yuo for writting.")
    reference = issue_through_gate(window, qtbot, reason="Customer's own spelling quoted")
    assert composer.issue_flow.gate_dialog.blocking_count > 0
    assert window.ctx.register.get(reference).override_reason == "Customer's own spelling quoted"


def test_composer_keeps_manual_edits_when_fields_change(window, qtbot) -> None:
    """After editing the body, a field change asks instead of replacing the text."""
    composer = open_refund_letter(window, qtbot)
    type_at_end(qtbot, composer.editor, " Personal note.")
    qtbot.keyClicks(composer.form.widget_for("order_number"), "9")
    qtbot.waitUntil(composer.edits_bar.isVisible, timeout=5000)
    assert "Personal note." in composer.editor.toPlainText()
    assert "A-10019" not in composer.editor.toPlainText()
    qtbot.mouseClick(composer.replace_button, Qt.MouseButton.LeftButton)
    assert "A-10019" in composer.editor.toPlainText()


def test_composer_shows_field_errors_next_to_the_field(window, qtbot) -> None:
    """A wrong e-mail address gets its message right under the field."""
    composer = open_refund_letter(window, qtbot)
    qtbot.keyClicks(composer.form.widget_for("customer_email"), "not-an-address")
    label = composer.form.findChild(type(composer.title_label), "error_customer_email")
    assert label.isVisible() and "e-mail" in label.text()


def test_composer_preview_shows_the_pdf(window, qtbot) -> None:
    """Once required fields are filled, the preview shows the rendered pages."""
    composer = open_refund_letter(window, qtbot)
    qtbot.waitUntil(lambda: composer.preview.page_count >= 1, timeout=30_000)


def test_composer_draft_is_recovered_after_a_crash(qtbot, ctx) -> None:
    """Autosaved work of a session that never closed is offered and restored at next start."""
    from desktop.app import build_window

    first = build_window(ctx)
    first.show()
    qtbot.waitUntil(lambda: first.catalog_ready, timeout=30_000)
    open_refund_letter(first, qtbot)
    first.autosave()
    first.runner.wait(30_000)
    first.hide()  # the process "dies": no closeEvent, the recovery file stays
    second = build_window(ctx)
    qtbot.addWidget(second)
    second.show()
    qtbot.waitUntil(lambda: getattr(second, "recovery_box", None) is not None, timeout=30_000)
    yes = second.recovery_box.button(second.recovery_box.StandardButton.Yes)
    qtbot.mouseClick(yes, Qt.MouseButton.LeftButton)
    assert second.composer.form.values()["customer_name"] == "Ana Silva"
    assert second.composer.form.values()["refund_date"] == dt.date(2026, 12, 4)
    second.runner.wait(30_000)
    second.close()
    assert not (ctx.paths.drafts_dir / "autosave.json").exists()
    first.deleteLater()


def test_composer_accepts_non_ascii_typed_key_by_key(window, qtbot) -> None:
    """Accented names and emoji typed as key events come out literally in the body."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    composer = open_refund_letter(window, qtbot)
    name = composer.form.widget_for("customer_name")
    name.clear()
    for char in "João & Filhos <Ltda> 😀":
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(name, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))
    assert name.text() == "João & Filhos <Ltda> 😀"


def test_composer_reply_links_the_incoming_item(window, qtbot) -> None:
    """Replying from the register links the issued letter and marks the incoming item replied."""
    from desktop.core.services.issuing import record_incoming

    incoming = record_incoming(
        window.ctx,
        sender="Ana Silva",
        subject="Where is my refund?",
        text="When will I get my refund?",
    )
    window.show_page("register")
    panel = window.register_panel
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=30_000)
    panel.table.selectRow(0)
    qtbot.waitUntil(lambda: panel.reply_button.isEnabled(), timeout=30_000)
    qtbot.mouseClick(panel.reply_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.composer
    assert window.composer.reply_to == (incoming.id, "When will I get my refund?")
    open_refund_letter(window, qtbot)
    reference = issue_through_gate(window, qtbot)
    assert window.ctx.register.get(reference).in_reply_to_id == incoming.id
    assert window.ctx.register.get(incoming.id).status == "replied"


def test_a_new_letter_starts_from_the_template_not_the_previous_body(window, qtbot) -> None:
    """Starting another letter drops the previous letter's edits (no carried-over text, no offer)."""
    composer = open_refund_letter(window, qtbot)
    type_at_end(qtbot, composer.editor, " Personal note.")
    assert "Personal note." in composer.editor.toPlainText()
    composer.start("refund-approved", "en", values={"order_number": "B-77"})
    text = composer.editor.toPlainText()
    assert "Personal note." not in text
    assert "B-77" in text
    assert not composer.body_edited()
    assert not composer.edits_bar.isVisible()
