"""Digital signatures in a batch merge: which certificates sign its rows, and one signer for all.

Each row is signed with the certificate :func:`~desktop.core.services.signing.certificate_for`
picks for it (``--sign``, else the row's signatory's, else the organisation's). Every certificate
the merge needs is opened before the first row, so a wrong password or a missing certificate
stops the merge with nothing issued and no number used.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from desktop.core.errors import SigningError
from desktop.core.i18n import _
from desktop.core.models import Document
from desktop.core.services.context import AppContext
from desktop.core.services.merge import MergePlan, planned_documents, signing_series
from desktop.core.services.signing import AfterWrite, DocumentSigner, certificate_for


def _hint() -> str:
    return _("Pass --sign FILE.p12, or set signing_certificate (or the signatory's certificate).")


def merge_certificates(ctx: AppContext, plan: MergePlan, explicit: Path | None) -> list[Path]:
    """Return the certificates the merge's rows are signed with (empty: nothing is signed).

    With ``explicit`` (``--sign``) every row is signed with it. Otherwise only rows of series
    that require a signature are signed, each with its signatory's certificate or else the
    organisation's.

    Raises:
        SigningError: a row of a series that requires a signature has no certificate.
    """
    if explicit is not None:
        return [explicit.expanduser()]
    required = signing_series(ctx, plan)
    if not required:
        return []
    organisation = certificate_for(ctx)
    if not any(p.certificate for p in ctx.settings.organisation.signatories):
        if organisation is None:
            raise SigningError(
                _("series {series} requires a digital signature, and no certificate is set").format(
                    series=", ".join(required)
                ),
                hint=_hint(),
            )
        return [organisation]
    found: dict[Path, None] = {}
    for row, doc in planned_documents(ctx, plan):
        if (doc.series or ctx.settings.default_series) not in required:
            continue
        certificate = certificate_for(ctx, doc)
        if certificate is None:
            who = doc.signatory.name if doc.signatory else _("no signatory")
            raise SigningError(
                _(
                    "series {series} requires a digital signature, and no certificate is set "
                    "(row {row}, {signatory})"
                ).format(series=doc.series, row=row, signatory=who),
                file=plan.data_path,
                row=row,
                hint=_hint(),
            )
        found[certificate] = None
    return list(found)


def make_merge_signer(
    ctx: AppContext,
    plan: MergePlan,
    signers: Mapping[Path, DocumentSigner],
    explicit: Path | None = None,
) -> DocumentSigner:
    """Return the signer ``run_merge`` calls for each row, dispatching to the row's certificate.

    Args:
        ctx: the application context.
        plan: the planned merge (its series say which rows must be signed).
        signers: one signer per certificate :func:`merge_certificates` returned, each built
            (and so opened and checked) before the first row with ``make_document_signer``.
        explicit: the certificate given with ``--sign`` (signs every row), if any.
    """
    required = set(signing_series(ctx, plan))

    def for_document(doc: Document) -> AfterWrite:
        if explicit is None and (doc.series or ctx.settings.default_series) not in required:
            return lambda _files: None
        certificate = certificate_for(ctx, doc, explicit)
        signer = signers.get(certificate) if certificate is not None else None
        if signer is None:  # the file or the profile changed since the merge was planned
            raise SigningError(
                _("no certificate was opened for {signatory}").format(
                    signatory=doc.signatory.name if doc.signatory else "?"
                ),
                file=certificate,
                hint=_("Run the merge again."),
            )
        return signer(doc)

    return for_document
