"""The main window opens with its panels, actions and shortcuts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from test_composer_flow import open_refund_letter, type_at_end


def test_main_window_lists_templates_in_the_picker(window) -> None:
    """The picker shows the shipped templates once the catalog has loaded."""
    assert len(window.composer.picker.listed()) == len(window.ctx.catalog.items) > 0


def test_main_window_sidebar_switches_pages(window) -> None:
    """Each sidebar entry shows its own panel."""
    for name, panel in (
        ("register", window.register_panel),
        ("drafts", window.drafts_panel),
        ("incoming", window.incoming_panel),
        ("new", window.composer),
    ):
        window.show_page(name)
        assert window.pages.currentWidget() is panel


def test_main_window_has_the_standard_shortcuts(window) -> None:
    """New, save, print, proof, issue and find have their usual keys."""
    keys = {a.shortcut().toString() for a in window.findChildren(type(window.new_action))}
    for key in ("Ctrl+N", "Ctrl+S", "Ctrl+P", "F7", "Ctrl+Return", "Ctrl+F"):
        assert QKeySequence(key).toString() in keys


def test_main_window_releases_freed_memory_every_minute(window) -> None:
    """A running one-minute timer calls the release of freed heap (desktop.core.memory)."""
    from desktop.gui.main_window import RELEASE_MEMORY_MS

    timer = window._memory_timer
    assert timer.isActive() and timer.interval() == RELEASE_MEMORY_MS == 60_000


def test_main_window_remembers_its_geometry(qtbot, ctx) -> None:
    """Closing stores the size in the data folder; the next window opens with it."""
    from desktop.app import build_window

    first = build_window(ctx)
    qtbot.addWidget(first)
    first.show()
    first.resize(first.minimumSizeHint().width(), 520)
    first.close()
    assert (ctx.paths.data_dir / "window.ini").is_file()
    second = build_window(ctx)
    qtbot.addWidget(second)
    assert second.height() == 520
    second.runner.wait(30_000)
    second.close()


# -- settings applied while the window runs ------------------------------------------------------


@pytest.fixture
def english_after() -> Iterator[None]:
    """Put the interface back in English after a test that switches it."""
    yield
    from desktop.gui.live_switch import apply_ui_language

    apply_ui_language("en")


def save_settings(window, qtbot, edit) -> None:
    """Open Settings from the window, let ``edit(dialog)`` change it, press Save."""
    window.settings_action.trigger()
    dialog = window.settings_dialog
    qtbot.waitUntil(dialog.isVisible)
    edit(dialog)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def choose_language(code: str):
    """Return a settings edit choosing an interface language."""

    def edit(dialog) -> None:
        combo = dialog.interface.language
        combo.setCurrentIndex(combo.findData(code))

    return edit


def test_main_window_language_switch_keeps_the_open_composition(
    window, qtbot, english_after
) -> None:
    """Switching the language rebuilds the window with the letter's values, edits and page."""
    composer = open_refund_letter(window, qtbot)
    type_at_end(qtbot, composer.editor, " Personal note.")
    save_settings(window, qtbot, choose_language("pt_BR"))
    qtbot.waitUntil(lambda: window.composer is not composer, timeout=30_000)
    restored = window.composer
    assert restored.template.id == "refund-approved"
    assert restored.form.values()["customer_name"] == "Ana Silva"
    assert restored.editor.toPlainText().endswith(" Personal note.")
    assert restored.dirty
    assert window.pages.currentWidget() is restored


def test_main_window_data_folder_switch_copies_the_register_and_moves_live(
    window, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Copying to a new data folder: the window works on it at once, with the same entries."""
    from desktop.core.paths import chosen_data_dir
    from desktop.core.services.issuing import record_incoming

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    record_incoming(window.ctx, sender="Carla Souza", subject="Entrega atrasada")
    old_folder = window.ctx.paths.data_dir
    new_folder = tmp_path / "moved"
    save_settings(window, qtbot, lambda d: d.interface.new_folder.setText(str(new_folder)))
    qtbot.waitUntil(lambda: window.ctx.paths.data_dir == new_folder.resolve(), timeout=60_000)
    assert chosen_data_dir() == str(new_folder.resolve())
    window.show_page("register")
    qtbot.waitUntil(lambda: window.register_panel.model.rowCount() == 1, timeout=30_000)
    assert (old_folder / "register.sqlite3").is_file()  # the old folder is left as it was


def test_main_window_data_folder_fresh_start_keeps_the_open_work_unsaved(
    window, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Starting empty elsewhere keeps the letter being written open, as new unsaved work."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    open_refund_letter(window, qtbot)

    def fresh(dialog) -> None:
        dialog.interface.new_folder.setText(str(tmp_path / "fresh"))
        dialog.interface.mode_radios["fresh"].setChecked(True)

    save_settings(window, qtbot, fresh)
    qtbot.waitUntil(lambda: window.ctx.paths.data_dir.name == "fresh", timeout=60_000)
    composer = window.composer
    assert composer.form.values()["order_number"] == "A-1001"
    assert composer.draft_id is None and composer.dirty


def test_main_window_language_switches_twice_in_a_row(window, qtbot, english_after) -> None:
    """Two switches rebuild the window twice; the old widgets are gone, the window works."""
    import gc

    save_settings(window, qtbot, choose_language("pt_BR"))
    qtbot.waitUntil(lambda: window.sidebar.item(0).text() != "New", timeout=30_000)
    first = window.sidebar.item(0).text()
    save_settings(window, qtbot, choose_language("id"))
    qtbot.waitUntil(lambda: window.sidebar.item(0).text() not in ("New", first), timeout=30_000)
    gc.collect()
    qtbot.wait(50)
    window.show_page("register")
    assert window.pages.currentWidget() is window.register_panel
    assert len(window.findChildren(type(window.sidebar), "sidebar")) == 1
