"""The main window opens with its panels, actions and shortcuts."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence


def test_main_window_lists_templates_in_the_picker(window) -> None:
    """The picker shows the shipped templates once the catalog has loaded."""
    assert window.composer.picker.list.count() == len(window.ctx.catalog.items) > 0


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

