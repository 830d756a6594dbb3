"""Drafts of the window: register draft entries (Ctrl+S, close), reopened, issued, discarded."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, Qt
from test_composer_flow import issue_through_gate, open_refund_letter, type_at_end


def register_drafts(ctx) -> list[Any]:
    """Return the outgoing drafts in the register."""
    from desktop.core.register import SearchFilters

    return list(ctx.register.iter_entries(SearchFilters(status="draft")))


def save_and_wait(window, qtbot) -> int:
    """Press Ctrl+S; wait until the draft is in the register; return its id."""
    window.save_action.trigger()
    qtbot.waitUntil(lambda: window.composer.draft_id is not None, timeout=30_000)
    qtbot.waitUntil(lambda: not window.composer.dirty, timeout=30_000)
    return window.composer.draft_id


def open_from_panel(window, qtbot, draft_id: int) -> None:
    """Select the draft in the Drafts panel and press Open."""
    window.show_page("drafts")
    panel = window.drafts_panel
    qtbot.waitUntil(lambda: panel.list.count() >= 1, timeout=30_000)
    [row] = [
        i for i in range(panel.list.count())
        if panel.list.item(i).data(Qt.ItemDataRole.UserRole) == draft_id
    ]  # fmt: skip
    panel.list.setCurrentRow(row)
    qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.composer.draft_id == draft_id, timeout=30_000)


def test_drafts_save_is_a_register_draft_reopened_with_fields_and_body(window, qtbot) -> None:
    """Ctrl+S writes a numberless register draft; the Drafts panel reopens values and edits."""
    composer = open_refund_letter(window, qtbot)
    type_at_end(qtbot, composer.editor, " Personal note.")
    draft_id = save_and_wait(window, qtbot)
    [entry] = register_drafts(window.ctx)
    assert entry.id == draft_id and entry.reference is None and entry.status == "draft"
    assert entry.template_id == "refund-approved" and "A-1001" in entry.subject
    assert entry.correspondent_name == "Ana Silva"
    assert not (window.ctx.paths.drafts_dir / "autosave.json").exists()

    window.new_document()
    assert composer.template is None
    open_from_panel(window, qtbot, draft_id)
    assert window.pages.currentWidget() is composer
    values = composer.form.values()
    assert values["customer_name"] == "Ana Silva" and values["order_number"] == "A-1001"
    assert values["refund_date"].isoformat() == "2026-12-04"
    assert composer.editor.toPlainText().endswith(" Personal note.")
    assert composer.body_edited() and not composer.dirty


def test_drafts_save_again_updates_the_same_entry(window, qtbot) -> None:
    """A second Ctrl+S after more typing updates the draft instead of adding another."""
    composer = open_refund_letter(window, qtbot)
    first = save_and_wait(window, qtbot)
    qtbot.keyClicks(composer.form.widget_for("order_number"), "7")
    assert composer.dirty
    assert save_and_wait(window, qtbot) == first
    [entry] = register_drafts(window.ctx)
    assert "A-10017" in entry.subject
    # the body follows the field a moment later: that is not new work to save
    qtbot.waitUntil(lambda: "A-10017" in composer.editor.toPlainText(), timeout=5000)
    assert not composer.dirty


def test_drafts_issuing_deletes_the_draft(window, qtbot) -> None:
    """A draft that is issued leaves the Drafts list and the register's drafts."""
    open_refund_letter(window, qtbot)
    draft_id = save_and_wait(window, qtbot)
    assert [e.id for e in register_drafts(window.ctx)] == [draft_id]
    reference = issue_through_gate(window, qtbot)
    window.runner.wait(30_000)
    assert register_drafts(window.ctx) == []
    assert window.ctx.register.find(draft_id) is None
    assert window.ctx.register.get(reference).status == "issued"
    window.show_page("drafts")
    qtbot.waitUntil(lambda: window.drafts_panel.empty.isVisible(), timeout=30_000)
    assert window.drafts_panel.list.count() == 0


def test_drafts_deleted_from_the_panel_after_confirming(window, qtbot) -> None:
    """Delete asks first; Cancel keeps the draft, Delete removes it from the register."""
    open_refund_letter(window, qtbot)
    draft_id = save_and_wait(window, qtbot)
    window.show_page("drafts")
    panel = window.drafts_panel
    qtbot.waitUntil(lambda: panel.list.count() == 1, timeout=30_000)
    panel.list.setCurrentRow(0)
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(
        panel.confirm_box.button(panel.confirm_box.StandardButton.No), Qt.MouseButton.LeftButton
    )
    window.runner.wait(30_000)
    assert [e.id for e in register_drafts(window.ctx)] == [draft_id]
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(
        panel.confirm_box.button(panel.confirm_box.StandardButton.Yes), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: panel.list.count() == 0, timeout=30_000)
    assert register_drafts(window.ctx) == []
    assert window.composer.draft_id is None  # the open work is no longer that draft


def test_drafts_confirm_boxes_do_not_pile_up(window, qtbot) -> None:
    """Each Delete question is released once answered: no box is kept per deletion asked."""
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QMessageBox

    open_refund_letter(window, qtbot)
    save_and_wait(window, qtbot)
    window.show_page("drafts")
    panel = window.drafts_panel
    qtbot.waitUntil(lambda: panel.list.count() == 1, timeout=30_000)
    panel.list.setCurrentRow(0)
    for _ in range(5):
        qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
        panel.confirm_box.done(QMessageBox.StandardButton.No)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    assert panel.findChildren(QMessageBox) == []
    assert panel.confirm_box is None
    assert panel.list.count() == 1  # Cancel kept the draft


def test_drafts_closing_the_window_saves_unsaved_work(qtbot, ctx) -> None:
    """Closing with unsaved work puts it in the register as a draft; no recovery file remains."""
    from desktop.app import build_window

    window = build_window(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.catalog_ready, timeout=30_000)
    composer = open_refund_letter(window, qtbot)
    type_at_end(qtbot, composer.editor, " Kind regards from the team.")
    window.autosave()
    assert (ctx.paths.drafts_dir / "autosave.json").exists()
    window.close()
    [entry] = register_drafts(ctx)
    assert entry.content["window"]["values"]["customer_name"] == "Ana Silva"
    assert entry.content["window"]["body"].endswith(" Kind regards from the team.")
    assert not (ctx.paths.drafts_dir / "autosave.json").exists()


def test_drafts_recovered_work_keeps_its_draft_entry(qtbot, ctx) -> None:
    """After a crash, the restored work is still the draft it was saved as (no duplicate)."""
    from desktop.app import build_window

    first = build_window(ctx)
    first.show()
    qtbot.waitUntil(lambda: first.catalog_ready, timeout=30_000)
    composer = open_refund_letter(first, qtbot)
    draft_id = save_and_wait(first, qtbot)
    first.composer.form.widget_for("refund_date").setDate(QDate(2026, 12, 11))
    type_at_end(qtbot, composer.editor, " Written after saving.")
    first.autosave()
    first.runner.wait(30_000)
    first.hide()  # the process "dies": no closeEvent

    second = build_window(ctx)
    qtbot.addWidget(second)
    second.show()
    qtbot.waitUntil(lambda: getattr(second, "recovery_box", None) is not None, timeout=30_000)
    yes = second.recovery_box.button(second.recovery_box.StandardButton.Yes)
    qtbot.mouseClick(yes, Qt.MouseButton.LeftButton)
    assert second.composer.draft_id == draft_id
    assert second.composer.editor.toPlainText().endswith(" Written after saving.")
    assert save_and_wait(second, qtbot) == draft_id
    [entry] = register_drafts(ctx)
    assert entry.content["window"]["values"]["refund_date"] == "2026-12-11"
    second.runner.wait(30_000)
    second.close()
    first.deleteLater()
