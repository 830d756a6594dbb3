"""Sign PDF bytes PAdES (B-B, or B-T with a time-stamp server) with pyHanko, and validate them.

The signature is an incremental update: the bytes before it are untouched, so the register can
keep the hash of the unsigned rendering for reference while recording the hash of the signed file.
A visible stamp on the last page shows who signed, when and why (optionally over the signature
image of the signatory). Validation reports integrity and, when trust roots are given, trust.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core.errors import SigningError
from desktop.core.i18n import _
from desktop.core.signing.identity import SigningIdentity
from desktop.core.signing.placement import stamp_box

if TYPE_CHECKING:
    from pyhanko.sign.signers import Signer
    from pyhanko.stamp import TextStampStyle

logger = logging.getLogger(__name__)

FIELD_NAME = "MissivaSignature"
STAMP_TEXT = "Digitally signed by %(signer)s\nDate: %(ts)s\nReason: %(reason)s"


@dataclass(frozen=True)
class PdfSignatureCheck:
    """The result of checking one embedded PDF signature."""

    field_name: str
    signer_subject: str
    signer_fingerprint_sha256: str
    signing_time: dt.datetime | None
    intact: bool  # the signed bytes hash to the signed digest
    valid: bool  # the cryptographic signature over the signed attributes is correct
    trusted: bool  # the signer chains up to a given trust root (False without roots)
    covers_whole_file: bool  # nothing was appended after the signature
    timestamped: bool
    summary: str

    @property
    def ok(self) -> bool:
        """Return whether the signature is intact, valid and covers the file."""
        return self.intact and self.valid and self.covers_whole_file


def _pyhanko_signer(identity: SigningIdentity) -> Signer:
    from pyhanko.keys.internal import (
        translate_pyca_cryptography_cert_to_asn1,
        translate_pyca_cryptography_key_to_asn1,
    )
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    store = SimpleCertificateStore()
    store.register_multiple(translate_pyca_cryptography_cert_to_asn1(c) for c in identity.chain)
    return signers.SimpleSigner(
        signing_cert=translate_pyca_cryptography_cert_to_asn1(identity.certificate),
        signing_key=translate_pyca_cryptography_key_to_asn1(identity.key),
        cert_registry=store,
    )


def _stamp_style(image: Path | None) -> TextStampStyle:
    from pyhanko import stamp
    from pyhanko.pdf_utils.images import PdfImage
    from pyhanko.pdf_utils.layout import AxisAlignment, Margins, SimpleBoxLayoutRule

    background = None
    if image is not None:
        try:
            from PIL import Image

            with Image.open(image) as picture:
                picture.load()
                background = PdfImage(picture.copy())
        except (OSError, ValueError, SyntaxError) as exc:
            raise SigningError(
                _("cannot read the signature image: {error}").format(error=exc),
                file=image,
                hint=_("Use a PNG or JPEG file, or remove the image from the signatory."),
            ) from None
    return stamp.TextStampStyle(
        stamp_text=STAMP_TEXT,
        timestamp_format="%Y-%m-%d %H:%M UTC",
        background=background,
        background_opacity=0.35,
        background_layout=SimpleBoxLayoutRule(
            x_align=AxisAlignment.ALIGN_MAX,
            y_align=AxisAlignment.ALIGN_MID,
            margins=Margins.uniform(2),
        ),
        border_width=1,
    )


_STAMP_REPLACEMENTS = str.maketrans(
    {
        "\u2014": "-",
        "\u2013": "-",
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2026": "...",
        "\u00a0": " ",
    }
)


def stamp_safe(text: str) -> str:
    """Return ``text`` drawable by the stamp's built-in font (Latin-1; others approximated).

    pyHanko's standard font cannot show characters outside Latin-1 (an em dash garbles the
    line), and embedding a TrueType font needs fontTools and HarfBuzz, which we do not ship.
    The signature dictionary keeps the full Unicode name and reason.
    """
    out = []
    for char in " ".join(text.translate(_STAMP_REPLACEMENTS).split()):
        if ord(char) < 256:
            out.append(char)
            continue
        base = unicodedata.normalize("NFKD", char).encode("latin-1", "ignore").decode("latin-1")
        out.append(base or "?")
    return "".join(out)


def _reserve(identity: SigningIdentity, *, timestamped: bool) -> int:
    """Return the bytes to reserve for the CMS blob (saves pyHanko a dummy signing pass).

    Certificates dominate the size; an RSA-4096 signature is 512 bytes; a time-stamp token
    brings its own certificates (allow 12 KiB). Unused space is zero padding.
    """
    from cryptography.hazmat.primitives.serialization import Encoding

    certs = sum(len(c.public_bytes(Encoding.DER)) for c in (identity.certificate, *identity.chain))
    return 2 * (certs + 4096 + (12288 if timestamped else 0))  # hex-encoded in the PDF


def _page_count(reader: object) -> int:
    root = reader.root  # type: ignore[attr-defined]
    return int(root["/Pages"]["/Count"])


def sign_pdf_bytes(
    data: bytes,
    identity: SigningIdentity,
    *,
    reason: str,
    signer_name: str = "",
    location: str = "",
    timestamp_url: str | None = None,
    stamp_image: Path | None = None,
    visible: bool = True,
    field_name: str = FIELD_NAME,
) -> bytes:
    """Return ``data`` signed PAdES B-B (B-T if ``timestamp_url``) with a visible stamp.

    Raises:
        SigningError: the PDF cannot be read, the stamp image is unreadable, or the
            time-stamp server failed.
    """
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.sign import fields, signers
    from pyhanko.sign.general import SigningError as HankoSigningError
    from pyhanko.sign.timestamps import HTTPTimeStamper

    style = _stamp_style(stamp_image) if visible else None
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        last_page = _page_count(writer.prev) - 1
    except (PdfError, KeyError, ValueError, TypeError) as exc:
        raise SigningError(_("cannot read the PDF to sign: {error}").format(error=exc)) from None
    name = signer_name or identity.info.common_name
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        reason=reason or None,
        location=location or None,
        name=name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
    )
    box = stamp_box(data, last_page) if visible else None
    spec = fields.SigFieldSpec(sig_field_name=field_name, on_page=last_page, box=box)
    timestamper = HTTPTimeStamper(timestamp_url, timeout=10) if timestamp_url else None
    pdf_signer = signers.PdfSigner(
        meta,
        signer=_pyhanko_signer(identity),
        timestamper=timestamper,
        stamp_style=style,
        new_field_spec=spec,
    )
    try:
        out = pdf_signer.sign_pdf(
            writer,
            bytes_reserved=_reserve(identity, timestamped=timestamper is not None),
            appearance_text_params={
                "signer": stamp_safe(name),
                "reason": stamp_safe(reason or "-"),
            },
        )
    except HankoSigningError as exc:
        raise SigningError(_("the PDF could not be signed: {error}").format(error=exc)) from None
    except Exception as exc:  # time-stamp client errors come in many types (aiohttp, asn1)
        if timestamp_url and "timestamp" in type(exc).__name__.lower() + str(exc).lower():
            raise SigningError(
                _("the time-stamp server {url} failed: {error}").format(
                    url=timestamp_url, error=exc
                ),
                hint=_("Check the time-stamp URL in the settings, or sign without a time-stamp."),
            ) from None
        raise
    return out.getvalue()


def _embedded_certificates(sig: object) -> list[object]:
    try:
        certs = sig.signed_data["certificates"]  # type: ignore[attr-defined]
        return [c.chosen for c in certs if c.name == "certificate"]
    except (KeyError, TypeError, ValueError):
        return []


def check_pdf_signatures(
    data: bytes, *, trust_roots: tuple[object, ...] = ()
) -> list[PdfSignatureCheck]:
    """Check every signature embedded in ``data``; an unsigned PDF gives an empty list.

    Args:
        data: the PDF bytes.
        trust_roots: ``cryptography`` certificates to trust (without them ``trusted`` is False
            and only integrity is judged).
    """
    from pyhanko.keys.internal import translate_pyca_cryptography_cert_to_asn1
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_regular_signatures)
    except (PdfError, KeyError, ValueError) as exc:
        raise SigningError(_("cannot read the PDF: {error}").format(error=exc)) from None
    roots = [translate_pyca_cryptography_cert_to_asn1(c) for c in trust_roots]
    results: list[PdfSignatureCheck] = []
    for sig in embedded:
        # An explicit trust list, never the operating system's by surprise. Without one, the
        # signature's own certificates stand in, so path building succeeds quietly (pyHanko logs
        # a traceback for every failed path) and only integrity is judged: trusted stays False.
        anchors = roots or list(_embedded_certificates(sig))
        context = ValidationContext(trust_roots=anchors, allow_fetching=False)
        try:
            status = validate_pdf_signature(sig, signer_validation_context=context, skip_diff=True)
        except Exception as exc:  # a mangled CMS blob: report it as not valid
            logger.debug("signature %s could not be validated: %s", sig.field_name, exc)
            results.append(
                PdfSignatureCheck(
                    field_name=str(sig.field_name),
                    signer_subject="",
                    signer_fingerprint_sha256="",
                    signing_time=None,
                    intact=False,
                    valid=False,
                    trusted=False,
                    covers_whole_file=False,
                    timestamped=False,
                    summary=f"unreadable signature: {exc}",
                )
            )
            continue
        cert = status.signing_cert
        results.append(
            PdfSignatureCheck(
                field_name=str(sig.field_name),
                signer_subject=cert.subject.human_friendly,
                signer_fingerprint_sha256=cert.sha256.hex(),
                signing_time=status.signer_reported_dt,
                intact=bool(status.intact),
                valid=bool(status.valid),
                trusted=bool(roots) and bool(status.trusted),
                covers_whole_file=status.coverage is not None
                and status.coverage.name == "ENTIRE_FILE",
                timestamped=status.timestamp_validity is not None,
                summary=status.summary(),
            )
        )
    return results
