"""Pick a template: search by title and description, filter by kind, language and category.

Recently used templates come first. A short preview (description, subject, the opening of the
body) is shown for the highlighted template; double-click or Enter chooses it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.core.i18n import _, ui_language
from desktop.core.models import KINDS, Template
from desktop.core.templates.limits import PREVIEW_SECONDS, time_limit

logger = logging.getLogger(__name__)
LANGUAGE_NAMES = {"en": "English", "pt-BR": "Português (Brasil)", "id": "Bahasa Indonesia"}
UI_LETTER_LANGUAGE = {"en": "en", "pt_BR": "pt-BR", "id": "id"}
PREVIEW_CHARS = 320


def kind_label(kind: str) -> str:
    """Return the translated name of a template kind."""
    return {
        "letter": _("Letter"),
        "memo": _("Memo"),
        "email": _("E-mail"),
        "snippet": _("Chat snippet"),
    }.get(kind, kind)


class TemplatePickerPanel(QWidget):
    """List templates with search and filters; emits ``template_chosen(id, language)``."""

    template_chosen = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("template_picker")
        self._templates: list[Template] = []
        self._recent: list[str] = []
        # Returns (subject, body text) of a template filled with sample values; set by the
        # composer. Without it, or when it fails, the preview shows the template's own text.
        self.sample: Callable[[Template], tuple[str, str]] | None = None
        self._samples: dict[str, tuple[str, str]] = {}
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("template_search")
        self.search_edit.setPlaceholderText(_("Search templates by title or description"))
        self.search_edit.setClearButtonEnabled(True)
        self.kind_combo = QComboBox()
        self.kind_combo.addItem(_("All kinds"), "")
        for kind in KINDS:
            self.kind_combo.addItem(kind_label(kind), kind)
        self.language_combo = QComboBox()
        self.language_combo.addItem(_("All languages"), "")
        for code, name in LANGUAGE_NAMES.items():
            self.language_combo.addItem(name, code)
        self.category_combo = QComboBox()
        self.category_combo.addItem(_("All categories"), "")
        self.list = QListWidget()
        self.list.setObjectName("template_list")
        self.list.setUniformItemSizes(True)
        self.preview = QTextBrowser()
        self.preview.setObjectName("template_preview")
        self.use_button = QPushButton(_("Use this template"))
        self.use_button.setDefault(True)
        self.use_button.setEnabled(False)

        filters = QHBoxLayout()
        filters.addWidget(self.search_edit, 3)
        filters.addWidget(self.kind_combo, 1)
        filters.addWidget(self.language_combo, 1)
        filters.addWidget(self.category_combo, 1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.preview, 1)
        right_layout.addWidget(self.use_button, 0, Qt.AlignmentFlag.AlignRight)
        split = QSplitter()
        split.addWidget(self.list)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        title = QLabel(_("New document: choose a template"))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        title.setFont(font)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(filters)
        layout.addWidget(split, 1)

        self.search_edit.textChanged.connect(self._refill)
        for combo in (self.kind_combo, self.language_combo, self.category_combo):
            combo.currentIndexChanged.connect(self._refill)
        self.list.currentItemChanged.connect(self._on_list_current_changed)
        self.list.itemActivated.connect(lambda _item: self._choose())
        self.use_button.clicked.connect(self._choose)

    def set_templates(self, templates: Sequence[Template], recent: Sequence[str] = ()) -> None:
        """Show these templates; ``recent`` holds ``id/language`` keys, most recent first."""
        self._templates = list(templates)
        self._recent = list(recent)
        self._samples.clear()
        current = self.category_combo.currentData()
        self.category_combo.blockSignals(True)
        self.category_combo.clear()
        self.category_combo.addItem(_("All categories"), "")
        for category in sorted({t.category for t in self._templates if t.category}):
            self.category_combo.addItem(category, category)
        self.category_combo.setCurrentIndex(max(0, self.category_combo.findData(current)))
        self.category_combo.blockSignals(False)
        self._refill()

    def set_language_filter(self, language: str) -> None:
        """Preselect a letter language in the filter."""
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(language)))

    def _matches(self, template: Template) -> bool:
        words = self.search_edit.text().casefold().split()
        haystack = f"{template.title} {template.description} {template.id}".casefold()
        return (
            all(word in haystack for word in words)
            and self.kind_combo.currentData() in ("", template.kind)
            and self.language_combo.currentData() in ("", template.language)
            and self.category_combo.currentData() in ("", template.category)
        )

    def _refill(self) -> None:
        rank = {key: index for index, key in enumerate(self._recent)}
        chosen = [t for t in self._templates if self._matches(t)]
        first = UI_LETTER_LANGUAGE.get(ui_language(), "")  # the interface's language first
        chosen.sort(
            key=lambda t: (
                rank.get(t.key, len(rank)),
                t.language != first,
                t.language,
                t.title.casefold(),
            )
        )
        self.list.clear()
        for template in chosen:
            recent = "★ " if template.key in rank else ""
            text = f"{recent}{template.title}  ·  {LANGUAGE_NAMES.get(template.language, template.language)}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, (template.id, template.language))
            item.setToolTip(template.description)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        else:
            self.preview.setPlainText(_("No template matches the search."))
        self.use_button.setEnabled(self.list.count() > 0)

    def _template_of(self, item: QListWidgetItem | None) -> Template | None:
        if item is None:
            return None
        key = item.data(Qt.ItemDataRole.UserRole)
        for template in self._templates:
            if (template.id, template.language) == tuple(key):
                return template
        return None

    def _on_list_current_changed(self, item: QListWidgetItem | None, _previous: object) -> None:
        template = self._template_of(item)
        if template is None:
            return
        subject, body = self._sample_of(template)
        body = " ".join(body.split())
        if len(body) > PREVIEW_CHARS:
            body = body[:PREVIEW_CHARS].rsplit(" ", 1)[0] + " …"
        details = " · ".join(
            _escape(part)
            for part in (
                kind_label(template.kind),
                template.category,
                LANGUAGE_NAMES.get(template.language, template.language),
            )
            if part
        )
        self.preview.setHtml(
            f"<h3>{_escape(template.title)}</h3><p><i>{details}</i></p>"
            f"<p>{_escape(template.description)}</p>"
            f"<p><b>{_escape(_('Subject'))}:</b> {_escape(subject)}</p><p>{_escape(body)}</p>"
        )

    def _sample_of(self, template: Template) -> tuple[str, str]:
        """Return the subject and body with sample values, else the template's own text."""
        if template.key not in self._samples:
            found = (template.subject, template.body)
            if self.sample is not None:
                try:
                    # Rendered on the GUI thread: a runaway template gets the preview's short
                    # budget, not the full one (its error then shows the source instead).
                    with time_limit(PREVIEW_SECONDS):
                        found = self.sample(template)
                except Exception:  # a preview must never break the picker; the source is shown
                    logger.debug("no sample preview for %s", template.key, exc_info=True)
            self._samples[template.key] = found
        return self._samples[template.key]

    def select(self, template_id: str, language: str) -> bool:
        """Highlight a template in the list; return whether it was found."""
        for row in range(self.list.count()):
            if tuple(self.list.item(row).data(Qt.ItemDataRole.UserRole)) == (template_id, language):
                self.list.setCurrentRow(row)
                return True
        return False

    def _choose(self) -> None:
        template = self._template_of(self.list.currentItem())
        if template is not None:
            self.template_chosen.emit(template.id, template.language)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
