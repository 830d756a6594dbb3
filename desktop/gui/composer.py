"""The composer: template picker, field form, editable body with proofing, live PDF preview.

Field changes regenerate the body from the template as long as the writer has not edited it;
after manual edits a bar asks whether to replace the body or keep the edits, never discarding
them silently. Proofing and the preview run in the task runner on snapshots, after a pause.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import FieldError, MissivaError
from desktop.core.i18n import _
from desktop.core.models import Document, Template
from desktop.core.services.context import AppContext
from desktop.gui.editor import ProofingEditor
from desktop.gui.field_form import FieldFormPanel
from desktop.gui.issue_flow import IssueFlow
from desktop.gui.preview import PreviewPanel
from desktop.gui.proofing_panel import IssuesPanel, check_body, template_fixed_text
from desktop.gui.tasks import TaskRunner
from desktop.gui.template_picker import TemplatePickerPanel

PROOF_DELAY_MS = 300
BODY_DELAY_MS = 200
PREVIEW_DELAY_MS = 250


def render_preview(ctx: AppContext, doc: Document) -> bytes:
    """Render the preview PDF (runs in a worker)."""
    from desktop.core.rendering import render_pdf

    return render_pdf(doc, ctx.settings.organisation)


def compose_here(*args: Any, **kwargs: Any) -> Any:
    """Compose on the GUI thread within the preview's short time budget.

    A letter composes in milliseconds; a runaway template (an endless loop) then costs the
    window at most ``PREVIEW_SECONDS`` before its error is shown, never the full render budget
    (docs/decisions/0016). Issuing composes again in the worker with the full budget.
    """
    from desktop.core.templates import compose
    from desktop.core.templates.limits import PREVIEW_SECONDS, time_limit

    with time_limit(PREVIEW_SECONDS):
        return compose(*args, **kwargs)


class ComposerPanel(QWidget):
    """Compose one document from a template.

    Signals ``entry_issued(reference)`` when it issued one, ``entry_changed(reference)`` when
    an issued entry changed afterwards (printed, e-mailed), ``status_changed(text)``.
    """

    entry_issued = Signal(str)
    entry_changed = Signal(str)
    status_changed = Signal(str)

    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("composer")
        self.ctx = ctx
        self.runner = runner
        self.template: Template | None = None
        self.draft_id: int | None = None  # the register draft this work was opened or saved as
        self.dirty = False
        self.composition_serial = 0  # changes whenever another composition is opened or closed
        self.revision = 0  # changes with every edit of the fields or the body
        self._generated = ""
        self._pending_body: str | None = None
        self._regenerating = False
        self._proof_revision = 0
        self._preview_revision = 0
        self._preview_busy = False
        self.last_notices: tuple[str, ...] = ()
        self._value_notices: tuple[str, ...] = ()  # date-order warnings of the last composition
        self.last_grammar: tuple[str, ...] = ()
        self._last_text = ""
        self.reply_to: tuple[int, str] | None = None  # (incoming entry id, its text)

        self.picker = TemplatePickerPanel()
        self.picker.sample = self._sample_preview
        self.form = FieldFormPanel()
        self.editor = ProofingEditor()
        self.editor.set_suggester(self._suggest)
        self.issues = IssuesPanel()
        self.preview = PreviewPanel()
        self.title_label = QLabel()
        font = self.title_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title_label.setFont(font)
        self.change_button = QPushButton(_("Change template"))
        self.issue_button = QPushButton(_("Issue…"))
        self.issue_button.setObjectName("issue_button")
        self.edits_bar = self._make_edits_bar()
        self.issue_flow = IssueFlow(self)

        header = QHBoxLayout()
        header.addWidget(self.title_label, 1)
        header.addWidget(self.change_button)
        header.addWidget(self.issue_button)
        middle = QSplitter(Qt.Orientation.Vertical)
        body_box = QWidget()
        body_layout = QVBoxLayout(body_box)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addWidget(QLabel(_("Body (you can edit the wording)")))
        body_layout.addWidget(self.edits_bar)
        body_layout.addWidget(self.editor, 1)
        middle.addWidget(body_box)
        middle.addWidget(self.issues)
        middle.setStretchFactor(0, 3)
        middle.setStretchFactor(1, 1)
        self.splitter = QSplitter()
        self.splitter.addWidget(self.form)
        self.splitter.addWidget(middle)
        self.splitter.addWidget(self.preview)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 3)
        page = QWidget()
        page_layout = QVBoxLayout(page)
        page_layout.addLayout(header)
        page_layout.addWidget(self.splitter, 1)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.picker)
        self.stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        self._body_timer = self._timer(BODY_DELAY_MS, self._refresh_body)
        self._proof_timer = self._timer(PROOF_DELAY_MS, self.proof_now)
        self._preview_timer = self._timer(PREVIEW_DELAY_MS, self.refresh_preview)
        self.picker.template_chosen.connect(self._on_picker_template_chosen)
        self.form.values_changed.connect(self._on_form_values_changed)
        self.editor.textChanged.connect(self._on_editor_text_changed)
        self.editor.ignore_requested.connect(self._on_editor_ignore_requested)
        self.editor.add_word_requested.connect(self._on_editor_add_word_requested)
        self.issues.mark_activated.connect(self.editor.jump_to)
        self.change_button.clicked.connect(self.show_picker)
        self.issue_button.clicked.connect(self.issue)

    def _timer(self, msecs: int, slot: Any) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(msecs)
        timer.timeout.connect(slot)
        return timer

    def _make_edits_bar(self) -> QWidget:
        bar = QWidget()
        bar.setObjectName("edits_bar")
        bar.setAutoFillBackground(True)
        bar.setBackgroundRole(bar.backgroundRole().AlternateBase)
        layout = QHBoxLayout(bar)
        layout.setContentsMargins(6, 3, 6, 3)
        self.edits_label = QLabel(_("The fields changed, but the body has your edits."))
        self.replace_button = QPushButton(_("Update the body (discard my edits)"))
        self.keep_button = QPushButton(_("Keep my edits"))
        layout.addWidget(self.edits_label, 1)
        layout.addWidget(self.replace_button)
        layout.addWidget(self.keep_button)
        self.replace_button.clicked.connect(self._on_replace_button_clicked)
        self.keep_button.clicked.connect(lambda: self.edits_bar.hide())
        bar.hide()
        return bar

    # -- choosing a template -------------------------------------------------------------------

    def show_picker(self) -> None:
        """Show the template picker."""
        self.stack.setCurrentIndex(0)
        self.picker.search_edit.setFocus()

    def _on_picker_template_chosen(self, template_id: str, language: str) -> None:
        self.start(template_id, language)

    def start(
        self,
        template_id: str,
        language: str,
        values: dict[str, Any] | None = None,
        body: str | None = None,
        draft_id: str | None = None,
    ) -> None:
        """Open a composition (new, or restored from a draft)."""
        template = self.ctx.catalog.get(template_id, language)
        self.template = template
        self.draft_id = draft_id
        self.composition_serial += 1
        currency = self.ctx.settings.organisation.currency.get(language, "")
        self.form.build(template, currency, self.ctx.settings.organisation.signatories)
        self.title_label.setText(f"{template.title} — {language}")
        # A new composition starts from the template's text: the previous letter's body and
        # any pending "fields changed" offer belong to that letter, not to this one.
        self._pending_body = None
        self.edits_bar.hide()
        self._regenerate_body("")
        if values:
            self.form.set_values(values)
        self._refresh_body()
        if body is not None:
            self.editor.setPlainText(body)
        self.dirty = bool(values) or body is not None
        self.stack.setCurrentIndex(1)
        first = template.fields[0].name if template.fields else None
        if first:
            self.form.widget_for(first).setFocus()
        self.proof_now()
        self._preview_timer.start()

    # -- body ----------------------------------------------------------------------------------

    def body_edited(self) -> bool:
        """Return whether the writer changed the body the template produced."""
        return self.editor.toPlainText() != self._generated

    def _values_with_samples(self) -> dict[str, Any]:
        return self.form.values_with_stand_ins(self.ctx.today())

    def _refresh_body(self) -> None:
        if self.template is None:
            return
        try:
            doc = compose_here(
                self.template,
                self._values_with_samples(),
                self.ctx.settings.organisation,
                today=self.ctx.today(),
            )
        except MissivaError as exc:
            self.status_changed.emit(exc.describe())
            return
        text = doc.body_text()
        if text == self._generated:
            return
        if not self.body_edited() or not self.editor.toPlainText():
            self._regenerate_body(text)
        else:
            self._pending_body = text
            self.edits_bar.show()

    def _regenerate_body(self, text: str) -> None:
        """Set the body the template produced (not a change of the writer's own)."""
        self._regenerating = True
        try:
            self._set_body(text)
        finally:
            self._regenerating = False

    def _set_body(self, text: str) -> None:
        self._generated = text
        cursor = self.editor.textCursor()
        position = cursor.position()
        self.editor.setPlainText(text)
        cursor = self.editor.textCursor()
        cursor.setPosition(min(position, len(text)))
        self.editor.setTextCursor(cursor)

    def _on_replace_button_clicked(self) -> None:
        if self._pending_body is not None:
            self._set_body(self._pending_body)
        self._pending_body = None
        self.edits_bar.hide()

    def _on_form_values_changed(self) -> None:
        self.dirty = True
        self.revision += 1
        self._body_timer.start()
        self._preview_timer.start()

    def _on_editor_text_changed(self) -> None:
        text = self.editor.toPlainText()
        if text == self._last_text:
            return  # a repaint of the marks (rehighlight) also signals textChanged
        self._last_text = text
        if not self._regenerating:
            self.dirty = True
            self.revision += 1
        self._proof_revision += 1
        self._proof_timer.start()
        self._preview_timer.start()

    # -- proofing ------------------------------------------------------------------------------

    def _suggest(self, word: str) -> list[str]:
        language = self.template.language if self.template else "en"
        return list(self.ctx.proofer.suggest(word, language))

    def proof_now(self) -> None:
        """Check the body now, in the background (F7)."""
        if self.template is None:
            return
        revision = self._proof_revision
        text = self.editor.toPlainText()
        displays = self._field_displays()
        value_notices = self._value_notices  # e.g. a refund date not after the letter's
        template = self.template

        def done(result: Any, error: BaseException | None) -> None:
            if error is not None:
                self.issues.summary.setText(_("Proofing failed: {error}").format(error=error))
                return
            if revision != self._proof_revision:
                return  # the text changed meanwhile; a newer check is scheduled
            marks, notices, grammar = result
            notices = (*notices, *value_notices)
            self.last_notices = notices
            self.last_grammar = grammar
            self.editor.set_marks(marks)
            self.issues.show_marks(marks, text, notices, grammar, template.language)

        self.runner.run(
            check_body,
            done,
            proofer=self.ctx.proofer,
            text=text,
            language=template.language,
            kind=template.kind,
            field_values=displays,
            template_text=template_fixed_text(template),
        )

    def _field_displays(self) -> dict[str, str]:
        """Return the displayed field values; keep the composition's warnings for the panel."""
        try:
            doc = self.build_document(strict=False)
        except MissivaError:
            self._value_notices = ()
            return {}
        self._value_notices = doc.notices
        return dict(doc.field_values)

    def _on_editor_ignore_requested(self, word: str) -> None:
        self.ctx.proofer.ignore_all(word, self.template.language if self.template else "en")
        self.proof_now()

    def _on_editor_add_word_requested(self, word: str) -> None:
        self.ctx.proofer.add_to_dictionary(word, self.template.language if self.template else "en")
        self.proof_now()

    # -- document, preview, issue --------------------------------------------------------------

    def build_document(self, *, strict: bool = True) -> Document:
        """Compose the Document as it would be issued (raises FieldError when values are wrong)."""
        if self.template is None:
            raise FieldError(_("Choose a template first."))
        values = self.form.values() if strict else self._values_with_samples()
        body = self.editor.toPlainText() if self.body_edited() else None
        return compose_here(
            self.template,
            values,
            self.ctx.settings.organisation,
            today=self.ctx.today(),
            body_override=body,
        )

    def refresh_preview(self) -> None:
        """Render the preview PDF in the background (only one render at a time)."""
        if self.template is None:
            return
        try:
            doc = self.build_document()
        except MissivaError as exc:
            self.preview.show_message(_("No preview yet: {problem}").format(problem=exc.describe()))
            return
        if self._preview_busy:
            self._preview_timer.start()
            return
        self._preview_busy = True
        self._preview_revision += 1
        revision = self._preview_revision

        def done(result: Any, error: BaseException | None) -> None:
            self._preview_busy = False
            if error is not None:
                self.preview.show_message(str(error))
            elif revision == self._preview_revision:
                self.preview.show_pdf(result)

        self.runner.run(render_preview, done, ctx=self.ctx, doc=doc)

    def issue(self) -> None:
        """Validate, proof the whole document, ask at the gate, then issue it (Ctrl+Return)."""
        self.issue_flow.start()

    # -- drafts --------------------------------------------------------------------------------

    def state(self) -> dict[str, Any] | None:
        """Return a snapshot of the open composition for a draft (``None`` when none is open)."""
        if self.template is None or self.stack.currentIndex() != 1:
            return None
        return {
            "draft_id": self.draft_id,
            "template_id": self.template.id,
            "language": self.template.language,
            "title": f"{self.template.title} ({self.template.language})",
            "values": self.form.values(),
            "body": self.editor.toPlainText() if self.body_edited() else None,
            "reply_to": list(self.reply_to) if self.reply_to else None,
        }

    def restore(self, state: dict[str, Any]) -> None:
        """Open a composition from a draft or recovery snapshot."""
        reply_to = state.get("reply_to")
        draft_id = state.get("draft_id")
        self.start(
            state["template_id"],
            state["language"],
            values=state.get("values") or {},
            body=state.get("body"),
            draft_id=draft_id if isinstance(draft_id, int) else None,
        )
        self.reply_to = (int(reply_to[0]), str(reply_to[1])) if reply_to else None

    def _sample_preview(self, template: Template) -> tuple[str, str]:
        """Return the subject and body of ``template`` filled with sample values (the picker)."""
        from desktop.core.services.sample_values import sample_values

        today = self.ctx.today()
        doc = compose_here(
            template, sample_values(template, today), self.ctx.settings.organisation, today=today
        )
        return doc.subject, doc.body_text()

    def try_template(self, template_id: str, language: str) -> None:
        """Open a template filled with realistic sample values ("Try it" in Templates)."""
        from desktop.core.services.sample_values import sample_values

        template = self.ctx.catalog.get(template_id, language)
        self.reply_to = None
        self.start(template_id, language, values=sample_values(template, self.ctx.today()))
        self.dirty = False  # nothing of the person's own yet: no draft, no recovery snapshot
        self.status_changed.emit(
            _("{title}: filled with sample values to try it.").format(title=template.title)
        )

    def close_composition(self) -> None:
        """Forget the open composition (after issuing or discarding) and show the picker."""
        self.template = None
        self.draft_id = None
        self.dirty = False
        self.composition_serial += 1
        self.editor.clear()
        self.show_picker()
