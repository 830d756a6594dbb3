"""The form generated from a template's fields: one fitting widget per type, inline errors.

Widgets follow the declared order (tab order top to bottom); required fields carry a mark; each
value is checked with the template engine's own parser as the person types, and the message of
the :class:`~desktop.core.errors.FieldError` is shown right under the field.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import FieldError
from desktop.core.i18n import _
from desktop.core.models import FieldSpec, Template
from desktop.core.settings import Signatory

NO_DATE = QDate(1900, 1, 1)
SIGNATORY_FIELD = "signatory"
MONEY_SAMPLE = 1234.5


class _FieldRow:
    """One field: its widget, its error label and how to read and write its value."""

    def __init__(
        self,
        spec: FieldSpec,
        language: str,
        currency: str,
        signatories: tuple[Signatory, ...] = (),
    ) -> None:
        self.spec = spec
        if spec.name == SIGNATORY_FIELD and spec.type == "text" and signatories:
            self.widget: QWidget = _signatory_picker(spec, signatories)
        else:
            self.widget = self._make_widget(spec, language, currency)
        self.widget.setObjectName(f"field_{spec.name}")
        self.error = QLabel()
        self.error.setObjectName(f"error_{spec.name}")
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)  # messages quote values: data, not markup
        self.error.setVisible(False)
        font = self.error.font()
        font.setPointSizeF(font.pointSizeF() * 0.9)
        self.error.setFont(font)
        self.error.setStyleSheet("color: palette(link-visited); font-style: italic;")

    @staticmethod
    def _make_widget(spec: FieldSpec, language: str, currency: str) -> QWidget:
        if spec.type in ("multiline", "list"):
            edit = QPlainTextEdit()
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 4 + 12)
            if spec.type == "list":
                edit.setPlaceholderText(_("One item per line"))
            return edit
        if spec.type == "date":
            edit = QDateEdit()
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setMinimumDate(NO_DATE)
            edit.setSpecialValueText(_("(no date)"))
            edit.setDate(NO_DATE if not spec.required else QDate.currentDate())
            return edit
        if spec.type == "choice":
            combo = QComboBox()
            if not spec.required and spec.default is None:
                combo.addItem("", "")
            for choice in spec.choices:
                label = spec.choice_label(choice)
                combo.addItem(label if label != choice else choice.replace("_", " "), choice)
            if spec.default is not None:
                combo.setCurrentIndex(max(0, combo.findData(str(spec.default))))
            return combo
        if spec.type == "bool":
            box = QCheckBox()
            box.setChecked(bool(spec.default))
            return box
        line = QLineEdit()
        if spec.type == "money":
            from desktop.core.templates import format_value

            sample = format_value(
                spec, MONEY_SAMPLE, language=language, currency=spec.currency or currency
            )
            line.setPlaceholderText(_("e.g. {sample}").format(sample=sample))
        elif spec.type == "email":
            line.setPlaceholderText("name@example.com")
        elif spec.help:
            line.setPlaceholderText(spec.help)
        if spec.default is not None and spec.type != "money":
            line.setText(str(spec.default))
        return line

    def raw(self) -> Any:
        """Return the value as the widget holds it (string, date, bool or list)."""
        w = self.widget
        if isinstance(w, QPlainTextEdit):
            text = w.toPlainText()
            if self.spec.type == "list":
                return [line.strip() for line in text.splitlines() if line.strip()]
            return text
        if isinstance(w, QDateEdit):
            date = w.date()
            return None if date == NO_DATE else dt.date(date.year(), date.month(), date.day())
        if isinstance(w, QComboBox):
            return w.currentData() or ""
        if isinstance(w, QCheckBox):
            return w.isChecked()
        assert isinstance(w, QLineEdit)
        return w.text()

    def set_raw(self, value: Any) -> None:
        """Put a saved value back into the widget."""
        w = self.widget
        if isinstance(w, QPlainTextEdit):
            w.setPlainText("\n".join(value) if isinstance(value, list) else str(value or ""))
        elif isinstance(w, QDateEdit):
            if value:
                date = dt.date.fromisoformat(str(value)) if isinstance(value, str) else value
                w.setDate(QDate(date.year, date.month, date.day))
            else:
                w.setDate(NO_DATE)
        elif isinstance(w, QComboBox):
            wanted = str(value or "")
            if self.spec.type == "choice" and wanted and w.findData(wanted) < 0:
                wanted = _choice_code(self.spec, wanted)
            if w.findData(wanted) < 0 and wanted and w.objectName() == f"field_{SIGNATORY_FIELD}":
                w.addItem(wanted, wanted)  # a draft names someone no longer in the profile
            w.setCurrentIndex(max(0, w.findData(wanted)))
        elif isinstance(w, QCheckBox):
            w.setChecked(bool(value))
        elif isinstance(w, QLineEdit):
            w.setText(str(value or ""))

    def changed_signal(self) -> Any:
        """Return the widget's "value changed" signal."""
        w = self.widget
        if isinstance(w, QPlainTextEdit):
            return w.textChanged
        if isinstance(w, QDateEdit):
            return w.dateChanged
        if isinstance(w, QComboBox):
            return w.currentIndexChanged
        if isinstance(w, QCheckBox):
            return w.toggled
        return w.textChanged  # type: ignore[union-attr]


def _choice_code(spec: FieldSpec, value: str) -> str:
    """Return the code a saved choice value names (it may be a label); else the value itself."""
    from desktop.core.templates.fields import resolve_choice

    try:
        return resolve_choice(spec, value)
    except FieldError:
        return value


def _signatory_picker(spec: FieldSpec, signatories: tuple[Signatory, ...]) -> QComboBox:
    """Offer the organisation's signatories by name and title; the value stays their id."""
    combo = QComboBox()
    if not spec.required and spec.default is None:
        combo.addItem(_("(first signatory)"), "")
    for person in signatories:
        shown = " — ".join(part for part in (person.name, person.title) if part)
        combo.addItem(shown, person.id)
        combo.setItemData(combo.count() - 1, person.unit or person.id, Qt.ItemDataRole.ToolTipRole)
    default = str(spec.default or "")
    if default and combo.findData(default) < 0:
        combo.addItem(default, default)  # unknown to the profile: composing will name it
    combo.setCurrentIndex(max(0, combo.findData(default)))
    return combo


def stand_in(spec: FieldSpec, today: dt.date) -> Any:
    """Return a stand-in for a missing value, so the body can be shown while filling."""
    if spec.type == "date":
        return today
    if spec.type in ("money", "number"):
        return "0"
    if spec.type == "choice":
        return spec.choices[0] if spec.choices else ""
    if spec.type == "bool":
        return False
    if spec.type == "email":
        return "name@example.com"
    return f"[{spec.label}]"


def _is_empty(value: Any) -> bool:
    return (
        value is None
        or value == ""
        or value == []
        or (isinstance(value, str) and not value.strip())
    )


class FieldFormPanel(QScrollArea):
    """The generated form for one template; emits ``values_changed`` as the person types."""

    values_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self._rows: list[_FieldRow] = []
        self._template: Template | None = None
        self._touched: set[str] = set()
        self.setWidget(QWidget())

    @property
    def template(self) -> Template | None:
        """Return the template the form was built for."""
        return self._template

    def build(
        self, template: Template, currency: str, signatories: tuple[Signatory, ...] = ()
    ) -> None:
        """Replace the form with one for ``template``'s fields.

        A text field named ``signatory`` becomes a list of ``signatories`` (the organisation
        profile's) showing name and title; its value is still the signatory's id.
        """
        self._template = template
        self._rows = []
        self._touched = set()
        inner = QWidget()
        outer = QVBoxLayout(inner)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for spec in template.fields:
            row = _FieldRow(spec, template.language, currency, signatories)
            label = QLabel(spec.label + (" *" if spec.required else ""))
            label.setBuddy(row.widget)
            if spec.help:
                label.setToolTip(spec.help)
                row.widget.setToolTip(spec.help)
            box = QWidget()
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(0, 0, 0, 0)
            box_layout.setSpacing(2)
            box_layout.addWidget(row.widget)
            box_layout.addWidget(row.error)
            form.addRow(label, box)
            row.changed_signal().connect(lambda *_a, name=spec.name: self._on_row_changed(name))
            self._rows.append(row)
        outer.addLayout(form)
        note = QLabel(_("* required"))
        note.setEnabled(False)
        outer.addWidget(note)
        outer.addStretch(1)
        self.setWidget(inner)
        for before, after in zip(self._rows, self._rows[1:], strict=False):
            QWidget.setTabOrder(before.widget, after.widget)

    def _on_row_changed(self, name: str) -> None:
        self._touched.add(name)
        self._check_row(self._row(name), show_required=False)
        self.values_changed.emit()

    def _row(self, name: str) -> _FieldRow:
        for row in self._rows:
            if row.spec.name == name:
                return row
        raise KeyError(name)

    def widget_for(self, name: str) -> QWidget:
        """Return the input widget of field ``name`` (tests and focus)."""
        return self._row(name).widget

    def values(self) -> dict[str, Any]:
        """Return the raw values of every non-empty field."""
        return {r.spec.name: r.raw() for r in self._rows if not _is_empty(r.raw())}

    def values_with_stand_ins(self, today: dt.date) -> dict[str, Any]:
        """Return the values with stand-ins where a required one is missing or any is invalid."""
        assert self._template is not None
        from desktop.core.templates import parse_value

        values = self.values()
        template = self._template
        for spec in template.fields:
            raw = values.get(spec.name)
            if raw is None:
                if spec.required and spec.default is None:
                    values[spec.name] = stand_in(spec, today)
                continue
            try:
                parse_value(spec, raw, language=template.language, template_key=template.key)
            except FieldError:
                values[spec.name] = stand_in(spec, today)
        return values

    def set_values(self, values: dict[str, Any]) -> None:
        """Fill the form from saved values (unknown names are ignored)."""
        for row in self._rows:
            if row.spec.name in values:
                blocker = row.widget.blockSignals(True)
                row.set_raw(values[row.spec.name])
                row.widget.blockSignals(blocker)
        self.values_changed.emit()

    def _check_row(self, row: _FieldRow, *, show_required: bool) -> str:
        assert self._template is not None
        raw = row.raw()
        message = ""
        if _is_empty(raw):
            if row.spec.required and row.spec.default is None and show_required:
                message = _("This field is required.")
        else:
            from desktop.core.templates import parse_value

            try:
                parse_value(
                    row.spec, raw, language=self._template.language, template_key=self._template.key
                )
            except FieldError as exc:
                message = exc.message
        row.error.setText(message)
        row.error.setVisible(bool(message))
        return message

    def validate(self) -> bool:
        """Check every field, show the messages, focus the first wrong one; return all good."""
        first: QWidget | None = None
        for row in self._rows:
            if self._check_row(row, show_required=True) and first is None:
                first = row.widget
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)
        return first is None

    def show_error(self, error: FieldError) -> None:
        """Show a FieldError from the engine next to its field(s) (if it names any).

        An error naming several fields (every required field left empty) marks each of them
        and focuses the first.
        """
        names = error.fields or ((error.field,) if error.field else ())
        first: QWidget | None = None
        for name in names:
            try:
                row = self._row(name)
            except KeyError:
                continue
            text = _("This field is required.") if len(names) > 1 else error.message
            row.error.setText(text)
            row.error.setVisible(True)
            first = first or row.widget
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)
