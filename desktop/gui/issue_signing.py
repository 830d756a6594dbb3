"""Digital signing for the window's issue flow: the password, the signer, and what was signed.

The worker side (:func:`make_signer`, :func:`issue_and_drop_draft`) is plain Python run in the
serial pool: it takes the certificate password from the OS keyring (or the one typed), loads and
checks the identity with :func:`~desktop.core.services.signing.make_after_write_signer` before
any number is reserved, and hands the signer to ``issue_document`` as its ``after_write`` hook,
so a wrong password or an unusable certificate leaves no entry, no file and no number used.
When no password is stored, or the stored one no longer opens the file, the worker raises
:class:`PasswordNeeded` and the flow asks with :func:`password_dialog` (hidden input; the
password is never logged, stored in settings or written anywhere).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QLabel, QLineEdit, QWidget

from desktop.core.errors import MissivaError, SigningError, WrongPassword
from desktop.core.i18n import _
from desktop.core.models import Document
from desktop.core.services.context import AppContext

logger = logging.getLogger(__name__)

AfterWrite = Callable[[list[Any]], Mapping[str, str] | None]


class PasswordNeeded(SigningError):
    """The certificate's password must be typed: none is kept, or the kept one is wrong."""

    def __init__(self, certificate: Path, *, stale: bool) -> None:
        super().__init__("the certificate password is needed", file=certificate)
        self.certificate = certificate
        self.stale = stale


@dataclass(frozen=True)
class IssuedLetter:
    """What the worker returns: the issue result and the signature facts, if it was signed."""

    result: Any
    signature: Mapping[str, str] | None = None


def document_signer(
    ctx: AppContext, certificate: Path, password: bytes | None
) -> Callable[[Document], AfterWrite]:
    """Return a maker of ``after_write`` hooks signing with ``certificate`` (worker thread).

    Args:
        ctx: the application context.
        certificate: the PKCS#12 file.
        password: the password typed, or ``None`` to take the one kept in the keyring.

    Raises:
        PasswordNeeded: no password was typed and the keyring has none that opens the file.
        SigningError: the file cannot be read or cannot sign (wrong password typed, expired).
    """
    from desktop.core.services.signing import make_document_signer
    from desktop.core.signing import password_from_keyring

    secret = password if password is not None else password_from_keyring(certificate)
    if secret is None:
        raise PasswordNeeded(certificate, stale=False)
    try:
        return make_document_signer(ctx, certificate, secret)
    except WrongPassword:
        if password is None:  # the keyring's password no longer opens it: ask
            raise PasswordNeeded(certificate, stale=True) from None
        raise


def make_signer(
    ctx: AppContext, certificate: Path, password: bytes | None, doc: Document
) -> AfterWrite:
    """Return the ``after_write`` hook that signs ``doc`` with ``certificate`` (worker thread).

    ``doc``'s language gives the signature's reason, its signatory the name; see
    :func:`document_signer` for the password and the errors.
    """
    return document_signer(ctx, certificate, password)(doc)


def merge_with_signature(
    ctx: AppContext,
    plan: Any,
    *,
    passwords: Mapping[Path, bytes] | None = None,
    **merge: Any,
) -> Any:
    """Run a batch merge (worker), signing the rows of series that require a signature.

    Every certificate the rows need (each signatory's, else the organisation's) is opened
    before the first row, with the password typed for it in ``passwords`` or else the one in
    the keyring; so a password problem raises :class:`PasswordNeeded` (naming the certificate)
    or :class:`SigningError` with nothing issued.
    """
    from desktop.core.services.merge import run_merge
    from desktop.core.services.merge_signing import make_merge_signer, merge_certificates

    typed = passwords or {}
    certificates = merge_certificates(ctx, plan, None)
    signers = {path: document_signer(ctx, path, typed.get(path)) for path in certificates}
    signer = make_merge_signer(ctx, plan, signers) if signers else None
    return run_merge(ctx, plan, signer=signer, **merge)


def issue_and_drop_draft(
    ctx: AppContext,
    draft_id: int | None,
    *,
    doc: Document,
    sign_with: Path | None = None,
    password: bytes | None = None,
    **issue: Any,
) -> IssuedLetter:
    """Sign if asked, issue the document (worker), then delete the draft it was saved as.

    The signer is built first, so a certificate problem stops before a number is taken.
    """
    from desktop.core.services.drafts import discard_draft
    from desktop.core.services.issuing import issue_document

    facts: dict[str, str] = {}
    after_write: AfterWrite | None = None
    if sign_with is not None:
        signer = make_signer(ctx, sign_with, password, doc)

        def after_write(files: list[Any]) -> Mapping[str, str] | None:
            found = signer(files)
            facts.update(found or {})
            return found

    result = issue_document(ctx, doc, after_write=after_write, **issue)
    if draft_id is not None:
        try:
            discard_draft(ctx, draft_id)
        except MissivaError as exc:  # the letter is issued all the same; the draft stays listed
            logger.warning(
                "issued %s but draft #%s not deleted: %s", result.reference, draft_id, exc
            )
    return IssuedLetter(result, facts or None)


def signature_line(facts: Mapping[str, str] | None) -> str:
    """Return "Signed digitally by ... (certificate: ...)", or "" when nothing was signed."""
    if not facts:
        return ""
    return _("Signed digitally by {name} (certificate: {subject}).").format(
        name=facts.get("signed_by", ""), subject=facts.get("cert_subject", "")
    )


def password_dialog(parent: QWidget, needed: PasswordNeeded) -> QInputDialog:
    """Return an (unopened) dialog asking for the certificate's password, typed hidden."""
    dialog = QInputDialog(parent)
    dialog.setObjectName("certificate_password_dialog")
    dialog.setWindowTitle(_("Digital signature"))
    dialog.setInputMode(QInputDialog.InputMode.TextInput)
    dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
    name = needed.certificate.name
    if needed.stale:
        text = _(
            "The password kept in the system keyring no longer opens the certificate {file}. "
            "Type its password:"
        )
    else:
        text = _("Password of the certificate {file}:")
    dialog.setLabelText(text.format(file=name))
    label = dialog.findChild(QLabel)
    if label is not None:
        label.setTextFormat(Qt.TextFormat.PlainText)  # the file name is data, never markup
    dialog.setOkButtonText(_("Sign and issue"))
    dialog.setCancelButtonText(_("Cancel"))
    return dialog
