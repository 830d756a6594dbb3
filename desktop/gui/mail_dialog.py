"""E-mail an issued entry from the window: address, subject and message, the issued file attached.

The message is composed by the core (the letter's subject and a cover note in its language,
or an e-mail's own text) in the background and shown for editing. Sending goes through the
outbox on the one-thread pool: the message is stored first, then sent; a failure leaves it
queued in the Outbox with the server's answer, never lost. The dialog says what happened.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import DeliveryError, MissivaError
from desktop.core.i18n import _
from desktop.core.services.context import AppContext
from desktop.gui.tasks import TaskRunner


def mail_configured(ctx: AppContext) -> bool:
    """Return whether an SMTP server and a sender address are set."""
    mail = ctx.settings.mail
    return bool(mail.host and (mail.from_address or ctx.settings.organisation.email))


def split_addresses(text: str) -> list[str]:
    """Return the addresses typed in one field (separated by commas or semicolons)."""
    from desktop.core.delivery import split_recipients

    return list(split_recipients([text]))


def address_problem(text: str) -> str:
    """Return why the recipients typed cannot be used (translated), or "" when they can."""
    from desktop.core.delivery import parse_address

    addresses = split_addresses(text)
    if not addresses:
        return _("Enter the recipient's e-mail address.")
    for address in addresses:
        try:
            parse_address(address, field_name="to")
        except DeliveryError:
            local = address.rsplit("@", 1)[0]
            if "@" in address and not local.isascii():
                return _(
                    "“{address}” has accents before the @; such addresses cannot be sent yet."
                ).format(address=address)
            return _("“{address}” is not an e-mail address.").format(address=address)
    return ""


def compose_entry_mail(
    ctx: AppContext, reference: str, attach: Sequence[str]
) -> tuple[str, str, list[str]]:
    """Return the subject, text and attachment names the entry's e-mail would have (worker)."""
    from desktop.core.services.mail_content import mail_for_entry

    entry = ctx.register.get(reference)
    mail = mail_for_entry(ctx, entry, (), attach=attach)
    return mail.subject, mail.text, [a.filename for a in mail.attachments]


class MailDialog(QDialog):
    """Send one issued entry by e-mail; ``mail_finished(status)`` once the outbox answered."""

    mail_finished = Signal(str)

    def __init__(
        self,
        ctx: AppContext,
        runner: TaskRunner,
        reference: str,
        address: str = "",
        *,
        attach: Sequence[str] = ("pdf",),
        on_sent: Callable[[], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mail_dialog")
        self.setWindowTitle(_("E-mail {reference}").format(reference=reference))
        self.setMinimumWidth(560)
        self.ctx, self.runner, self.reference = ctx, runner, reference
        self.attach = tuple(attach)
        self.on_sent = on_sent
        self.outcome: Any = None  # the OutboxItem, or the exception, once the send finished
        self._composed = False
        self._sending = False
        self.notice = QLabel()
        self.notice.setObjectName("mail_notice")
        self.notice.setWordWrap(True)
        self.settings_button = QPushButton(_("Open Settings…"))
        self.settings_button.clicked.connect(self._open_settings)
        self.to_edit = QLineEdit(address)
        self.to_edit.setObjectName("mail_to")
        self.to_edit.setPlaceholderText("name@example.com")
        self.to_error = QLabel()
        self.to_error.setObjectName("mail_to_error")
        self.to_error.setWordWrap(True)
        self.to_error.setStyleSheet("color: palette(link-visited); font-style: italic;")
        self.to_error.hide()
        self.subject_edit = QLineEdit()
        self.subject_edit.setObjectName("mail_subject")
        self.text_edit = QPlainTextEdit()
        self.text_edit.setObjectName("mail_text")
        self.attachments_label = QLabel()
        self.status_label = QLabel()
        self.status_label.setObjectName("mail_status")
        self.status_label.setWordWrap(True)
        self.send_button = QPushButton(_("Send"))
        self.send_button.setObjectName("mail_send")
        self.send_button.setDefault(True)
        self.close_button = QPushButton(_("Close"))
        to_box = QWidget()
        to_layout = QVBoxLayout(to_box)
        to_layout.setContentsMargins(0, 0, 0, 0)
        to_layout.setSpacing(2)
        to_layout.addWidget(self.to_edit)
        to_layout.addWidget(self.to_error)
        form = QFormLayout()
        form.addRow(_("To:"), to_box)
        form.addRow(_("Subject:"), self.subject_edit)
        form.addRow(_("Message:"), self.text_edit)
        form.addRow(_("Attached:"), self.attachments_label)
        notice_row = QHBoxLayout()
        notice_row.addWidget(self.notice, 1)
        notice_row.addWidget(self.settings_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(notice_row)
        layout.addLayout(form, 1)
        layout.addLayout(buttons)
        self.to_edit.textChanged.connect(self._on_to_edit_text_changed)
        self.send_button.clicked.connect(self.send)
        self.close_button.clicked.connect(self.accept)
        self._check_setup()

    # -- setup ---------------------------------------------------------------------------------

    def _check_setup(self) -> None:
        """Show whether e-mail can be sent; compose the message when it can."""
        ready = mail_configured(self.ctx)
        self.notice.setText(
            ""
            if ready
            else _(
                "E-mail is not set up yet. In Settings, on the E-mail page, enter the SMTP "
                "server and the sender's address; then send from here or from the Register."
            )
        )
        self.notice.setVisible(not ready)
        self.settings_button.setVisible(not ready and self._settings_opener() is not None)
        if ready and not self._composed:
            self.status_label.setText(_("Preparing the message…"))
            self.runner.run(
                compose_entry_mail,
                self._on_composed,
                ctx=self.ctx,
                reference=self.reference,
                attach=self.attach,
            )
        self._update_send()

    def _settings_opener(self) -> Callable[[], None] | None:
        """Return the main window's "open settings", found up the parent chain, if any."""
        widget = self.parentWidget()
        while widget is not None:
            opener = getattr(widget, "open_settings", None)
            if callable(opener):
                return opener
            widget = widget.parentWidget()
        return None

    def _open_settings(self) -> None:
        opener = self._settings_opener()
        if opener is not None:
            opener()
            self._check_setup()

    def _on_composed(self, result: Any, error: BaseException | None) -> None:
        if error is not None:
            self.status_label.setText(_describe(error))
            return
        subject, text, names = result
        self._composed = True
        if not self.subject_edit.text():
            self.subject_edit.setText(subject)
        if not self.text_edit.toPlainText():
            self.text_edit.setPlainText(text)
        self.attachments_label.setText(", ".join(names) if names else _("(nothing)"))
        self.status_label.setText("")
        self._update_send()

    # -- address -------------------------------------------------------------------------------

    def _on_to_edit_text_changed(self) -> None:
        self._show_address_problem(
            address_problem(self.to_edit.text()) if self.to_edit.text() else ""
        )
        self._update_send()

    def _show_address_problem(self, message: str) -> None:
        self.to_error.setText(message)
        self.to_error.setVisible(bool(message))

    def _update_send(self) -> None:
        self.send_button.setEnabled(
            mail_configured(self.ctx)
            and self._composed
            and not self._sending
            and self.outcome is None
            and not address_problem(self.to_edit.text())
        )

    # -- sending -------------------------------------------------------------------------------

    def send(self) -> None:
        """Queue the message in the outbox and send it in the background."""
        problem = address_problem(self.to_edit.text())
        if problem:
            self._show_address_problem(problem)
            self.to_edit.setFocus()
            return
        if not mail_configured(self.ctx) or not self._composed or self._sending:
            return
        from desktop.core.services.mail import send_entry

        self._sending = True
        self._update_send()
        self.status_label.setText(_("Sending…"))
        self.runner.run(
            send_entry,
            self._on_sent,
            serial=True,
            ctx=self.ctx,
            ref=self.reference,
            to=split_addresses(self.to_edit.text()),
            attach=self.attach,
            subject=self.subject_edit.text(),
            text=self.text_edit.toPlainText(),
        )

    def _on_sent(self, item: Any, error: BaseException | None) -> None:
        self._sending = False
        if error is not None:
            self.status_label.setText(_("Not sent: {problem}").format(problem=_describe(error)))
            self._update_send()
            self.mail_finished.emit("error")
            return
        self.outcome = item
        if item.status == "sent":
            text = _("Sent to {recipients}.").format(recipients=item.recipients)
        elif item.status == "queued":
            text = _(
                "Not sent yet ({problem}). The message waits in the Outbox and will be retried."
            ).format(problem=item.last_error)
        else:
            text = _("Not sent ({problem}). See the Outbox.").format(problem=item.last_error)
        self.status_label.setText(text)
        self._update_send()
        if item.status == "sent" and self.on_sent is not None:
            self.on_sent()
        self.mail_finished.emit(item.status)


def _describe(error: BaseException) -> str:
    return error.describe() if isinstance(error, MissivaError) else str(error)
