"""Pick a template: search by title and description, filter by kind, language and category.

Recently used templates come first, then the list is grouped under headings by kind and
category ("Letter · Refunds"). A short preview (description, subject, the opening of the body,
with its paragraphs and numbered lists kept) is shown for the highlighted template;
double-click or Enter chooses it.
"""

from __future__ import annotations

import logging
import re
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
PREVIEW_CHARS = 480
HEADING_ROLE = Qt.ItemDataRole.UserRole + 1  # set on group headings (not templates)


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
        kinds = {kind: index for index, kind in enumerate(KINDS)}

        def group(t: Template) -> tuple[int, int, str]:
            if t.key in rank:
                return (0, 0, "")
            return (1, kinds.get(t.kind, len(kinds)), (t.category or "").casefold())

        chosen.sort(
            key=lambda t: (
                group(t),
                rank.get(t.key, len(rank)),
                t.language != first,
                t.language,
                t.title.casefold(),
            )
        )
        self.list.clear()
        heading = None
        for template in chosen:
            if group(template) != heading:
                heading = group(template)
                self._add_heading(self._heading_text(template, recent=template.key in rank))
            recent = "★ " if template.key in rank else ""
            text = f"{recent}{template.title}  ·  {LANGUAGE_NAMES.get(template.language, template.language)}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, (template.id, template.language))
            item.setToolTip(template.description)
            self.list.addItem(item)
        rows = self._template_rows()
        if rows:
            self.list.setCurrentRow(rows[0])
        else:
            self.preview.setPlainText(_("No template matches the search."))
        self.use_button.setEnabled(bool(rows))

    def _heading_text(self, template: Template, *, recent: bool) -> str:
        if recent:
            return _("Recently used")
        category = template.category or _("Other")
        return f"{kind_label(template.kind)} · {category}"

    def _add_heading(self, text: str) -> None:
        """Add a group heading: bold, not selectable, skipped by the keyboard."""
        item = QListWidgetItem(text)
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        item.setData(HEADING_ROLE, True)
        font = item.font()
        font.setBold(True)
        item.setFont(font)
        self.list.addItem(item)

    def _template_rows(self) -> list[int]:
        """Return the list rows that hold templates (not group headings)."""
        return [
            row
            for row in range(self.list.count())
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) is not None
        ]

    def listed(self) -> list[tuple[str, str]]:
        """Return ``(id, language)`` of the listed templates, in the order shown."""
        return [
            tuple(self.list.item(row).data(Qt.ItemDataRole.UserRole))
            for row in self._template_rows()
        ]

    def headings(self) -> list[str]:
        """Return the group headings shown, in order."""
        return [
            self.list.item(row).text()
            for row in range(self.list.count())
            if self.list.item(row).data(HEADING_ROLE)
        ]

    def _template_of(self, item: QListWidgetItem | None) -> Template | None:
        if item is None:
            return None
        key = item.data(Qt.ItemDataRole.UserRole)
        if key is None:
            return None  # a group heading
        for template in self._templates:
            if (template.id, template.language) == tuple(key):
                return template
        return None

    def _on_list_current_changed(self, item: QListWidgetItem | None, _previous: object) -> None:
        template = self._template_of(item)
        if template is None:
            return
        subject, body = self._sample_of(template)
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
            f"<p><b>{_escape(_('Subject'))}:</b> {_escape(subject)}</p>{preview_html(body)}"
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
        for row in self._template_rows():
            if tuple(self.list.item(row).data(Qt.ItemDataRole.UserRole)) == (template_id, language):
                self.list.setCurrentRow(row)
                return True
        return False

    def _choose(self) -> None:
        template = self._template_of(self.list.currentItem())
        if template is not None:
            self.template_chosen.emit(template.id, template.language)


_LIST_ITEM = re.compile(r"^\s*(?:\d+[.)]|[-*•])\s")


def preview_html(body: str, limit: int = PREVIEW_CHARS) -> str:
    """Return the opening of a body as HTML paragraphs, one line per list item.

    Paragraphs stay paragraphs and each item of a numbered or bulleted list stays on its own
    line with its number, so "1. … 2. …" never runs together. About ``limit`` characters are
    shown; a cut ends with "…". Text is escaped: field values are data, never markup.
    """
    out: list[str] = []
    used = 0
    for paragraph in re.split(r"\n\s*\n", body.strip()):
        lines = [" ".join(line.split()) for line in paragraph.splitlines() if line.strip()]
        if not lines:
            continue
        if not any(_LIST_ITEM.match(line) for line in lines):
            lines = [" ".join(lines)]  # a paragraph wrapped over several source lines
        kept: list[str] = []
        for line in lines:
            room = limit - used
            if len(line) > room:
                if room > 40 and not _LIST_ITEM.match(line):
                    kept.append(line[:room].rsplit(" ", 1)[0] + " …")
                else:
                    kept.append("…")
                out.append("<p>" + "<br>".join(_escape(k) for k in kept) + "</p>")
                return "".join(out)
            kept.append(line)
            used += len(line)
        out.append("<p>" + "<br>".join(_escape(k) for k in kept) + "</p>")
    return "".join(out)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
