"""The main window: a sidebar of panels, menus, toolbar and shortcuts. It assembles; panels work.

Window geometry, the sidebar page and recently used templates are remembered in
``<data>/window.ini`` (QSettings in INI format inside the data folder, never the registry).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QByteArray,
    QCoreApplication,
    QEvent,
    QObject,
    QSettings,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import QAction, QCloseEvent, QIcon
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenuBar,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QToolBar,
)

from desktop.core.errors import MissivaError
from desktop.core.i18n import _, ngettext
from desktop.core.memory import release_free_memory
from desktop.core.paths import resource
from desktop.core.services.context import AppContext
from desktop.gui.actions import build_actions, paint_sidebar_icons
from desktop.gui.composer import ComposerPanel
from desktop.gui.drafts import DraftKeeper, DraftsPanel
from desktop.gui.message_box import message_box
from desktop.gui.tasks import TaskRunner

AUTOSAVE_MS = 5000
RELEASE_MEMORY_MS = 60_000
CATALOG_DELAY_MS = 30
RECENT_MAX = 8
PAGES = ("new", "drafts", "register", "incoming", "outbox", "templates")


class MainWindow(QMainWindow):
    """Missiva's window: sidebar (New, Drafts, Register, Incoming, Outbox, Templates)."""

    def __init__(self, ctx: AppContext, runner: TaskRunner) -> None:
        super().__init__()
        self.ctx = ctx
        self.runner = runner
        self.setObjectName("main_window")
        self.setWindowIcon(QIcon(str(resource("icons", "missiva.svg"))))
        self.state_store = QSettings(
            str(ctx.paths.data_dir / "window.ini"), QSettings.Format.IniFormat
        )
        self.catalog_ready = False
        self._retired: list[QObject] = []
        self.status_label = QLabel()
        self.statusBar().addWidget(self.status_label, 1)
        self._build()
        self._autosave = QTimer(self)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self.autosave)
        self._autosave.start()
        # hand memory freed by finished letters and background tasks back to the system
        self._memory_timer = QTimer(self)
        self._memory_timer.setInterval(RELEASE_MEMORY_MS)
        self._memory_timer.timeout.connect(release_free_memory)
        self._memory_timer.start()
        self._restore_window_state()
        self.show_status(_("Loading templates…"))
        # after the first paint: the import of the template engine must not delay the window
        QTimer.singleShot(CATALOG_DELAY_MS, self, self._load_catalog)

    def _build(self) -> None:
        """Create the panels, sidebar, menus and actions in the current interface language."""
        from desktop.gui.incoming import IncomingPanel
        from desktop.gui.outbox import OutboxPanel
        from desktop.gui.register_view import RegisterPanel
        from desktop.gui.templates_browser import TemplatesPanel

        ctx, runner = self.ctx, self.runner
        self.setWindowTitle(_("Missiva — correspondence desk"))
        self.composer = ComposerPanel(ctx, runner)
        self.drafts = DraftKeeper(ctx, runner, self.composer, ctx.paths.drafts_dir)
        self.drafts_panel = DraftsPanel(self.drafts)
        self.register_panel = RegisterPanel(ctx, runner)
        self.incoming_panel = IncomingPanel(ctx, runner)
        self.outbox_panel = OutboxPanel(ctx, runner)
        self.templates_panel = TemplatesPanel(ctx, runner)
        self.pages = QStackedWidget()
        for panel in (
            self.composer,
            self.drafts_panel,
            self.register_panel,
            self.incoming_panel,
            self.outbox_panel,
            self.templates_panel,
        ):
            self.pages.addWidget(panel)
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setIconSize(QSize(22, 22))
        self.sidebar.setMaximumWidth(190)
        for label in self.page_labels():
            QListWidgetItem(label, self.sidebar)
        paint_sidebar_icons(self)
        split = QSplitter()
        split.addWidget(self.sidebar)
        split.addWidget(self.pages)
        split.setStretchFactor(1, 1)
        split.setCollapsible(1, False)
        split.setSizes([180, 1200])
        self.setCentralWidget(split)
        build_actions(self)
        self.sidebar.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.sidebar.setCurrentRow(0)
        self.composer.status_changed.connect(self.show_status)
        self.composer.entry_issued.connect(self._on_composer_entry_issued)
        self.composer.entry_changed.connect(lambda _ref: self.register_panel.reload())
        self.composer.picker.template_chosen.connect(self._remember_template)
        self.drafts_panel.open_requested.connect(self._on_drafts_open_requested)
        self.register_panel.reply_requested.connect(self._on_register_reply_requested)
        self.templates_panel.try_requested.connect(self._on_templates_try_requested)

    def changeEvent(self, event: QEvent) -> None:
        """Repaint the drawn icons when the system switches between light and dark palettes."""
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "sidebar"):
            paint_sidebar_icons(self)
        super().changeEvent(event)

    def settle(self) -> None:
        """Wait for background work and deliver its results (before panels are replaced)."""
        for _round in range(20):
            self.runner.wait(30_000)
            QCoreApplication.sendPostedEvents()
            QCoreApplication.processEvents()
            if not self.runner.pending():
                return

    def rebuild(self, composition: dict[str, Any] | None = None, *, dirty: bool = False) -> None:
        """Build every panel, menu and action again (new language or context).

        ``composition`` (a composer snapshot) is reopened with its unsaved state; the page shown
        and the toolbar's place are kept.
        """
        page = self.sidebar.currentRow()
        self.settle()
        layout = self.saveState()
        self._retired = []  # deleted by Qt by now (deleteLater below, one rebuild ago)
        central = self.takeCentralWidget()
        old_objects: list[QObject] = [central, *self.findChildren(QToolBar)]
        old_objects += self.findChildren(QAction, options=Qt.FindChildOption.FindDirectChildrenOnly)
        old_objects += [d for d in self.findChildren(QDialog) if d.isHidden()]
        for item in old_objects:
            if isinstance(item, QAction):
                self.removeAction(item)
            elif isinstance(item, QToolBar):
                self.removeToolBar(item)
            item.setParent(None)  # gone from the window now; Qt deletes it after this event
            item.deleteLater()
        self._retired = old_objects
        self.setMenuBar(QMenuBar())  # Qt deletes the old menu bar
        self._build()
        self.restoreState(layout)
        if self.catalog_ready:
            self._fill_catalog(self.ctx.catalog)
        if composition is not None:
            try:
                self.composer.restore(composition)
            except MissivaError as exc:
                self.show_status(exc.describe())
            else:
                self.composer.dirty = dirty
        self.sidebar.setCurrentRow(max(0, page))

    def use_context(
        self, ctx: AppContext, composition: dict[str, Any] | None, *, dirty: bool
    ) -> None:
        """Move the window to another context (data folder): window state, panels, catalog."""
        self.ctx = ctx
        self.state_store.sync()
        self.state_store = QSettings(
            str(ctx.paths.data_dir / "window.ini"), QSettings.Format.IniFormat
        )
        self.catalog_ready = "catalog" in ctx.__dict__
        self.rebuild(composition, dirty=dirty)
        if not self.catalog_ready:
            self._load_catalog()

    @staticmethod
    def page_labels() -> list[str]:
        """Return the sidebar labels, translated."""
        return [_("New"), _("Drafts"), _("Register"), _("Incoming"), _("Outbox"), _("Templates")]

    # -- slots ---------------------------------------------------------------------------------

    def show_page(self, name: str) -> None:
        """Show a sidebar page by name (new, drafts, register, incoming, outbox, templates)."""
        self.sidebar.setCurrentRow(PAGES.index(name))

    def show_status(self, text: str) -> None:
        """Show a message in the status bar."""
        self.status_label.setText(text)

    def _load_catalog(self) -> None:
        self.runner.run(lambda: self.ctx.catalog, self._on_catalog_loaded)

    def _on_catalog_loaded(self, catalog: Any, error: BaseException | None) -> None:
        if error is not None:
            self.show_status(_("Templates could not be loaded: {error}").format(error=error))
            return
        self.catalog_ready = True
        self._fill_catalog(catalog)
        problems = len(catalog.problems)
        self.show_status(
            ngettext("{n} template ready.", "{n} templates ready.", len(catalog.items)).format(
                n=len(catalog.items)
            )
            + (
                " "
                + ngettext(
                    "{p} template problem: see Templates.",
                    "{p} template problems: see Templates.",
                    problems,
                ).format(p=problems)
                if problems
                else ""
            )
        )
        self.offer_recovery()
        self.runner.run(lambda: (self.ctx.register, self.ctx.proofer), None)  # warm up

    def _fill_catalog(self, catalog: Any) -> None:
        recent = self.state_store.value("recent_templates", []) or []
        self.composer.picker.set_templates(catalog.templates(), list(recent))
        self.templates_panel.set_catalog(catalog)

    def _remember_template(self, template_id: str, language: str) -> None:
        key = f"{template_id}/{language}"
        recent = [k for k in (self.state_store.value("recent_templates", []) or []) if k != key]
        self.state_store.setValue("recent_templates", [key, *recent][:RECENT_MAX])

    def new_document(self) -> None:
        """Start a new document (Ctrl+N): save the open one as a draft first."""
        if self.composer.dirty:
            self.save_draft()
        self.composer.close_composition()
        self.show_page("new")

    def save_draft(self) -> None:
        """Save the open composition as a register draft (Ctrl+S)."""
        self.drafts.save()

    def autosave(self) -> None:
        """Write the open composition to the crash-recovery file if it changed."""
        self.drafts.autosave()

    def offer_recovery(self) -> None:
        """Offer to restore the composition of a session that did not close cleanly."""
        state = self.drafts.recovery()
        if state is None:
            return
        box = message_box(
            QMessageBox.Icon.Question,
            _("Restore unsaved work?"),
            _(
                "Missiva was not closed properly last time. Restore the document you were writing ({title})?"
            ).format(title=state.get("title", "")),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setObjectName("recovery_box")
        box.button(QMessageBox.StandardButton.Yes).setText(_("Restore"))
        box.button(QMessageBox.StandardButton.No).setText(_("Discard"))
        self.recovery_box = box

        def finished(result: int) -> None:
            if result == QMessageBox.StandardButton.Yes:
                try:
                    self.composer.restore(state)
                    self.show_page("new")
                except Exception as exc:
                    self.show_status(str(exc))
            self.drafts.clear_recovery()

        box.finished.connect(finished)
        box.open()

    def _on_drafts_open_requested(self, draft_id: int) -> None:
        if self.composer.dirty:
            self.save_draft()
        self.drafts.open(draft_id)
        self.show_page("new")

    def _on_composer_entry_issued(self, reference: str) -> None:
        self.drafts.clear_recovery()
        self.register_panel.reload()

    def _on_register_reply_requested(self, entry_id: int, text: str) -> None:
        self.composer.reply_to = (entry_id, text)
        self.composer.close_composition()
        self.show_page("new")
        self.show_status(_("Choose a template for the reply."))

    def _on_templates_try_requested(self, template_id: str, language: str) -> None:
        if self.composer.dirty:
            self.save_draft()
        self.composer.try_template(template_id, language)
        self.show_page("new")

    def focus_search(self) -> None:
        """Put the cursor in the current page's search box (Ctrl+F)."""
        page = self.pages.currentWidget()
        target = getattr(page, "search_edit", None) or getattr(
            getattr(page, "picker", None), "search_edit", None
        )
        if page is self.composer and self.composer.stack.currentIndex() == 0:
            target = self.composer.picker.search_edit
        if target is not None:
            target.setFocus()
            target.selectAll()

    def print_document(self) -> None:
        """Print the open document's preview PDF (Ctrl+P)."""
        from desktop.gui.printing import print_document

        print_document(self, self.composer)

    def open_settings(self) -> None:
        """Open the settings dialog; apply a new language or data folder at once when saved."""
        from desktop.gui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.ctx, self)
        self.settings_dialog = dialog
        dialog.accepted.connect(lambda: self._on_settings_saved(dialog))
        dialog.open()

    def _on_settings_saved(self, dialog: Any) -> None:
        from desktop.gui import live_switch

        self.show_status(_("Settings saved."))
        change = dialog.data_folder_change
        if change is not None:  # after the dialog has closed: the panels are rebuilt
            QTimer.singleShot(0, self, lambda: live_switch.switch_data_folder(self, *change))
        elif dialog.language_changed:
            QTimer.singleShot(0, self, lambda: live_switch.switch_language(self))

    def open_merge(self) -> None:
        """Open the batch merge wizard."""
        from desktop.gui.merge_wizard import MergeWizard

        wizard = MergeWizard(self.ctx, self.runner, self)
        self.merge_wizard = wizard
        wizard.open()

    def about(self) -> None:
        """Show the About box."""
        QMessageBox.about(
            self,
            _("About Missiva"),
            _(
                "Missiva: letters, memos and e-mails from templates, proofed, numbered and registered."
            ),
        )

    # -- state ---------------------------------------------------------------------------------

    def _restore_window_state(self) -> None:
        geometry = self.state_store.value("geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1360, 860)
        state = self.state_store.value("state")
        if isinstance(state, QByteArray):
            self.restoreState(state)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Save the open work as a draft, remember the window, wait for background work."""
        self._autosave.stop()
        self.drafts.save_on_close()
        self.state_store.setValue("geometry", self.saveGeometry())
        self.state_store.setValue("state", self.saveState())
        self.state_store.sync()
        self._autosave.stop()
        self.runner.wait(10_000)
        event.accept()
