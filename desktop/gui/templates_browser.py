"""The templates panel: browse families and their language variants, edit, validate, try.

Editing happens on a copy in the user's template folder (shipped files are never changed): the
text is validated as the person types (front matter and Jinja, with line numbers) by loading it
with the same loader the catalog uses, off a temporary file.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import MissivaError
from desktop.core.i18n import _
from desktop.core.services.context import AppContext
from desktop.gui.tasks import TaskRunner

VALIDATE_DELAY_MS = 400
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
_KEY = re.compile(r"^\s*[A-Za-z_][\w-]*:")


class TemplateHighlighter(QSyntaxHighlighter):
    """Colour front-matter keys and Jinja tags (tokens in bold, palette-friendly hues)."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.jinja = QTextCharFormat()
        self.jinja.setForeground(QColor(160, 90, 200))
        self.jinja.setFontWeight(QFont.Weight.Bold)
        self.key = QTextCharFormat()
        self.key.setForeground(QColor(40, 130, 200))

    def highlightBlock(self, text: str) -> None:
        """Mark keys (front matter) and Jinja tags."""
        match = _KEY.match(text)
        if match and not text.startswith(" " * 6):
            self.setFormat(0, match.end(), self.key)
        for found in _JINJA.finditer(text):
            self.setFormat(found.start(), found.end() - found.start(), self.jinja)


def validate_template_text(text: str, template_id: str, language: str) -> str:
    """Load the template text as the catalog would; return "" or the error with its line."""
    from desktop.core.templates import load_template

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / template_id / f"{language}.md"
        path.parent.mkdir()
        path.write_text(text, encoding="utf-8")
        try:
            load_template(path, shipped=False)
        except MissivaError as exc:
            exc.file = None
            return exc.describe()
    return ""


class TemplatesPanel(QWidget):
    """Browse and edit templates; ``try_requested(id, language)`` opens one in the composer."""

    try_requested = Signal(str, str)

    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("templates_panel")
        self.ctx = ctx
        self.runner = runner
        self._catalog: Any = None
        title = QLabel(_("Templates"))
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        title.setFont(font)
        self.list = QListWidget()
        self.list.setObjectName("templates_list")
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("template_source")
        fixed = QFont("DejaVu Sans Mono")
        fixed.setStyleHint(QFont.StyleHint.Monospace)
        self.editor.setFont(fixed)
        self.highlighter = TemplateHighlighter(self.editor.document())
        self.problem_label = QLabel()
        self.problem_label.setWordWrap(True)
        self.duplicate_button = QPushButton(_("Duplicate to my templates"))
        self.save_button = QPushButton(_("Save"))
        self.try_button = QPushButton(_("Try it"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.problem_label, 1)
        for button in (self.duplicate_button, self.save_button, self.try_button):
            buttons.addWidget(button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.variant_combo = QComboBox()
        self.variant_view = QPlainTextEdit()
        self.variant_view.setObjectName("template_variant")
        self.variant_view.setReadOnly(True)
        self.variant_view.setFont(fixed)
        self.variant_highlighter = TemplateHighlighter(self.variant_view.document())
        variant_box = QWidget()
        variant_layout = QVBoxLayout(variant_box)
        variant_layout.setContentsMargins(0, 0, 0, 0)
        variant_layout.addWidget(self.variant_combo)
        variant_layout.addWidget(self.variant_view, 1)
        sources = QSplitter()
        sources.addWidget(self.editor)
        sources.addWidget(variant_box)
        right_layout.addWidget(sources, 1)
        right_layout.addLayout(buttons)
        split = QSplitter()
        split.addWidget(self.list)
        split.addWidget(right)
        split.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(split, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(VALIDATE_DELAY_MS)
        self._timer.timeout.connect(self.validate_now)
        self.editor.textChanged.connect(self._timer.start)
        self.list.currentItemChanged.connect(self._on_list_current_changed)
        self.try_button.clicked.connect(self._try)
        self.variant_combo.currentIndexChanged.connect(self._show_variant)
        self.duplicate_button.clicked.connect(self._duplicate)
        self.save_button.clicked.connect(self._save)
        self._current: Any = None

    def set_catalog(self, catalog: Any) -> None:
        """List the catalog's templates (and its loading problems)."""
        self._catalog = catalog
        self.list.clear()
        for template in catalog.templates():
            mine = "" if template.shipped else " ✎"
            item = QListWidgetItem(f"{template.title} · {template.language}{mine}")
            item.setData(Qt.ItemDataRole.UserRole, (template.id, template.language))
            self.list.addItem(item)
        if catalog.problems:
            self.problem_label.setText("\n".join(p.describe() for p in catalog.problems[:5]))

    def _on_list_current_changed(self, item: QListWidgetItem | None, _previous: Any) -> None:
        if item is None or self._catalog is None:
            return
        template = self._catalog.get(*item.data(Qt.ItemDataRole.UserRole))
        self._current = template
        text = template.source.read_text(encoding="utf-8") if template.source else ""
        self.editor.setPlainText(text)
        self.editor.setReadOnly(template.shipped)
        self.save_button.setEnabled(not template.shipped)
        self.variant_combo.blockSignals(True)
        self.variant_combo.clear()
        for language in sorted(self._catalog.variants(template.id)):
            if language != template.language:
                self.variant_combo.addItem(
                    _("Variant: {language}").format(language=language), language
                )
        self.variant_combo.blockSignals(False)
        self._show_variant()

    def _show_variant(self) -> None:
        """Show another language variant of the current family next to the editor."""
        language = self.variant_combo.currentData()
        if self._current is None or not language:
            self.variant_view.setPlainText("")
            return
        variant = self._catalog.get(self._current.id, language)
        self.variant_view.setPlainText(
            variant.source.read_text(encoding="utf-8") if variant.source else ""
        )

    def validate_now(self) -> None:
        """Validate the text in the editor (in the background)."""
        if self._current is None:
            return

        def done(message: Any, error: BaseException | None) -> None:
            text = str(error) if error else message
            self.problem_label.setText(text or _("No problems found."))

        self.runner.run(
            validate_template_text,
            done,
            text=self.editor.toPlainText(),
            template_id=self._current.id,
            language=self._current.language,
        )

    def _duplicate(self) -> None:
        if self._current is None:
            return
        target = (
            self.ctx.paths.user_templates_dir
            / f"{self._current.id}-copy"
            / f"{self._current.language}.md"
        )
        target.parent.mkdir(parents=True, exist_ok=True)
        text = self.editor.toPlainText().replace(
            f"id: {self._current.id}", f"id: {self._current.id}-copy", 1
        )
        target.write_text(text, encoding="utf-8")
        self._reload_catalog()

    def _save(self) -> None:
        if self._current is None or self._current.shipped or self._current.source is None:
            return
        tmp = self._current.source.with_suffix(".md.tmp")
        tmp.write_text(self.editor.toPlainText(), encoding="utf-8")
        tmp.replace(self._current.source)
        self._reload_catalog()

    def _reload_catalog(self) -> None:
        self.ctx.__dict__.pop("catalog", None)
        self.runner.run(lambda: self.ctx.catalog, lambda c, e: self.set_catalog(c) if c else None)

    def _try(self) -> None:
        if self._current is not None:
            self.try_requested.emit(self._current.id, self._current.language)
