"""Delivery: MIME messages, SMTP sending, the SMTP password in the keyring, .eml export, printing.

Plain pieces only; the outbox that combines them with the register lives in
``desktop.core.services.mail``.
"""

from __future__ import annotations

from desktop.core.delivery.files import atomic_write_bytes, export_eml, print_pdf
from desktop.core.delivery.mime import (
    Attachment,
    OutgoingMail,
    build_message,
    envelope,
    message_bytes,
    new_message_id,
    parse_address,
    parse_eml,
    split_recipients,
)
from desktop.core.delivery.secrets import (
    KEYRING_SERVICE,
    PASSWORD_ENV,
    delete_smtp_password,
    smtp_password,
    store_smtp_password,
)
from desktop.core.delivery.smtp import (
    SECURITY_MODES,
    MailTransport,
    SendResult,
    SmtpConfig,
    SmtpError,
    SmtpTransport,
    check_connection,
)

__all__ = [
    "KEYRING_SERVICE",
    "PASSWORD_ENV",
    "SECURITY_MODES",
    "Attachment",
    "MailTransport",
    "OutgoingMail",
    "SendResult",
    "SmtpConfig",
    "SmtpError",
    "SmtpTransport",
    "atomic_write_bytes",
    "build_message",
    "check_connection",
    "delete_smtp_password",
    "envelope",
    "export_eml",
    "message_bytes",
    "new_message_id",
    "parse_address",
    "parse_eml",
    "print_pdf",
    "smtp_password",
    "split_recipients",
    "store_smtp_password",
]
