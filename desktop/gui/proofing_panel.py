"""Proofing as you type: the background check of the body and the side list of issues.

:func:`check_body` is a plain function the task runner calls with a snapshot of the text; it
returns editor marks. :class:`IssuesPanel` lists them; a click jumps to the text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from desktop.core.i18n import _
from desktop.gui.editor import Mark

# Whole-letter rules about parts the editor does not hold (salutation, closing): the gate
# checks them on the full document; as-you-type they would only be noise.
EDITOR_SKIPPED_RULES = frozenset({"style.missing_salutation", "style.missing_closing"})


def field_spans(text: str, field_values: Mapping[str, str]) -> list[tuple[int, int, str]]:
    """Return ``(start, end, "field:<name>")`` for each occurrence of a field's value."""
    spans: list[tuple[int, int, str]] = []
    taken: list[tuple[int, int]] = []
    ordered = sorted(
        ((n, v) for n, v in field_values.items() if v and v.strip()), key=lambda i: -len(i[1])
    )
    for name, value in ordered:
        index = text.find(value)
        while index >= 0:
            span = (index, index + len(value))
            if not any(a < span[1] and span[0] < b for a, b in taken):
                taken.append(span)
                spans.append((span[0], span[1], f"field:{name}"))
            index = text.find(value, index + len(value))
    return sorted(spans)


def check_body(
    proofer: Any, text: str, language: str, kind: str, field_values: Mapping[str, str]
) -> tuple[list[Mark], tuple[str, ...]]:
    """Check the editor's text (runs in a worker); return marks and the report's notices."""
    report = proofer.check_text(
        text,
        language,
        spans=field_spans(text, field_values),
        kind=kind,
        field_values=dict(field_values),
    )
    marks = [
        Mark(
            i.offset,
            i.offset + i.length,
            i.category,
            i.severity,
            i.rule_id,
            i.message,
            tuple(i.suggestions),
        )
        for i in report.issues
        if i.rule_id not in EDITOR_SKIPPED_RULES and i.length > 0
    ]
    return marks, tuple(report.notices)


def category_label(category: str) -> str:
    """Return the translated name of an issue category."""
    return {
        "spelling": _("Spelling"),
        "grammar": _("Grammar"),
        "style": _("Style"),
        "typography": _("Typography"),
        "placeholder": _("Placeholder"),
    }.get(category, category)


class IssuesPanel(QWidget):
    """Side list of proofing issues; emits ``mark_activated`` when one is clicked."""

    mark_activated = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("issues_panel")
        self.summary = QLabel(_("Proofing: not checked yet"))
        self.summary.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("issues_list")
        self.list.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        self.list.itemClicked.connect(self._on_list_item_clicked)
        self.list.itemActivated.connect(self._on_list_item_clicked)

    def show_marks(self, marks: Sequence[Mark], text: str, notices: Sequence[str] = ()) -> None:
        """List the marks (errors first) with the flagged words."""
        self.list.clear()
        rank = {"error": 0, "warning": 1, "hint": 2}
        for mark in sorted(marks, key=lambda m: (rank.get(m.severity, 3), m.start)):
            flagged = text[mark.start : mark.end].replace("\n", " ")
            if len(flagged) > 30:
                flagged = flagged[:29] + "…"
            item = QListWidgetItem(f"{category_label(mark.category)}: «{flagged}» — {mark.message}")
            item.setData(Qt.ItemDataRole.UserRole, mark)
            item.setToolTip(mark.message)
            self.list.addItem(item)
        errors = sum(1 for m in marks if m.severity == "error")
        if marks:
            self.summary.setText(
                _("Proofing: {n} issue(s), {e} blocking").format(n=len(marks), e=errors)
            )
        else:
            self.summary.setText(_("Proofing: no issues found"))
        if notices:
            self.summary.setText(self.summary.text() + "\n" + "\n".join(notices))

    def _on_list_item_clicked(self, item: QListWidgetItem) -> None:
        self.mark_activated.emit(item.data(Qt.ItemDataRole.UserRole))
