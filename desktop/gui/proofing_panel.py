"""Proofing as you type: the background check of the body and the side list of issues.

:func:`check_body` is a plain function the task runner calls with a snapshot of the text; it
returns editor marks. :class:`IssuesPanel` lists them; a click jumps to the text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from desktop.core.i18n import _, ngettext, ui_language
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


# Jinja tags of a template's text: statements, comments and expressions (field names).
_JINJA_TAG = re.compile(r"\{%.*?%\}|\{#.*?#\}|\{\{.*?\}\}", re.DOTALL)

# Display names of the grammar engines a report can name (built-in rule sets are "builtin-*").
ENGINE_NAMES = {"languagetool": "LanguageTool", "harper": "Harper"}


class BodyCheck(NamedTuple):
    """What a background check of the body returns to the window."""

    marks: list[Mark]
    notices: tuple[str, ...]
    grammar: tuple[str, ...]  # the grammar engines and built-in rule sets that ran


def template_fixed_text(template: Any) -> str:
    """Return the template's own fixed text (subject, parts, body) without its Jinja tags.

    The words of this text are the template author's, so the window passes it to the proofer
    as declared text: they are never flagged as spelling mistakes in the editor.
    """
    if template is None:
        return ""
    pieces = [str(getattr(template, "subject", "") or ""), str(getattr(template, "body", "") or "")]
    pieces += [str(v) for v in (getattr(template, "parts", None) or {}).values() if v]
    return "\n".join(_JINJA_TAG.sub(" ", piece) for piece in pieces if piece.strip())


def check_body(
    proofer: Any,
    text: str,
    language: str,
    kind: str,
    field_values: Mapping[str, str],
    template_text: str = "",
) -> BodyCheck:
    """Check the editor's text (runs in a worker); return marks, notices and grammar engines.

    ``template_text`` is the template's fixed text (see :func:`template_fixed_text`); its words
    are declared to the proofer so they are never flagged.
    """
    report = proofer.check_text(
        text,
        language,
        spans=field_spans(text, field_values),
        kind=kind,
        field_values=dict(field_values),
        declared=(template_text,) if template_text else (),
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
    return BodyCheck(marks, tuple(report.notices), tuple(getattr(report, "grammar", ()) or ()))


def language_display_name(language: str) -> str:
    """Return a letter language's name in the interface language ("Indonesian", "indonésio")."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(language.replace("-", "_")).get_display_name(
            Locale.parse(ui_language())
        )
    except (ValueError, UnknownLocaleError):
        return language
    return name or language


def grammar_line(grammar: Sequence[str], language: str) -> str:
    """Say which grammar engine checked the letter's language, or that only built-in rules did."""
    engines = [ENGINE_NAMES.get(name, name) for name in grammar if not name.startswith("builtin")]
    builtin = any(name.startswith("builtin") for name in grammar)
    lang = language_display_name(language)
    if engines and builtin:
        return _("Grammar ({language}): {engines}, with Missiva's built-in rules").format(
            language=lang, engines=", ".join(engines)
        )
    if engines:
        return _("Grammar ({language}): {engines}").format(
            language=lang, engines=", ".join(engines)
        )
    if builtin:
        return _(
            "Grammar ({language}): Missiva's built-in rules only — no grammar engine checked "
            "this letter"
        ).format(language=lang)
    return _("Grammar ({language}): not checked").format(language=lang)


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
        self.grammar = QLabel("")
        self.grammar.setObjectName("grammar_engine")
        self.grammar.setWordWrap(True)
        self.grammar.setVisible(False)
        self.list = QListWidget()
        self.list.setObjectName("issues_list")
        self.list.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.grammar)
        layout.addWidget(self.list, 1)
        self.list.itemClicked.connect(self._on_list_item_clicked)
        self.list.itemActivated.connect(self._on_list_item_clicked)

    def show_marks(
        self,
        marks: Sequence[Mark],
        text: str,
        notices: Sequence[str] = (),
        grammar: Sequence[str] | None = None,
        language: str = "",
    ) -> None:
        """List the marks (errors first) with the flagged words, and which grammar engine ran."""
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
            issues = ngettext("{n} issue", "{n} issues", len(marks)).format(n=len(marks))
            self.summary.setText(
                _("Proofing: {issues}, {blocking}").format(
                    issues=issues,
                    blocking=ngettext("{n} blocking", "{n} blocking", errors).format(n=errors),
                )
            )
        else:
            self.summary.setText(_("Proofing: no issues found"))
        if notices:
            self.summary.setText(self.summary.text() + "\n" + "\n".join(notices))
        if grammar is not None:
            self.grammar.setText(grammar_line(grammar, language))
            self.grammar.setVisible(True)

    def _on_list_item_clicked(self, item: QListWidgetItem) -> None:
        self.mark_activated.emit(item.data(Qt.ItemDataRole.UserRole))
