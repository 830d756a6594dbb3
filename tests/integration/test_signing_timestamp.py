"""PAdES B-T: a signature time-stamped by a time-stamp server over HTTP (RFC 3161) on loopback.

The server is a small HTTP handler around pyHanko's test time-stamp authority, so the real HTTP
client path (``HTTPTimeStamper``) is exercised end to end.
"""

from __future__ import annotations

import datetime as dt
import io
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from asn1crypto import tsp
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.x509.oid import ExtendedKeyUsageOID
from pyhanko.keys.internal import (
    translate_pyca_cryptography_cert_to_asn1,
    translate_pyca_cryptography_key_to_asn1,
)
from pyhanko.sign.timestamps import DummyTimeStamper
from reportlab.pdfgen import canvas

from desktop.core.errors import SigningError
from desktop.core.signing import SigningIdentity, check_pdf_signatures, sign_pdf_bytes
from desktop.core.signing.pki import Authority, issue_certificate, make_authority


@pytest.fixture(scope="module")
def authority() -> Authority:
    return make_authority(now=dt.datetime.now(dt.UTC))


@pytest.fixture(scope="module")
def identity(authority: Authority) -> SigningIdentity:
    now = dt.datetime.now(dt.UTC)
    key, cert = issue_certificate(
        authority,
        "Ana Silva",
        not_before=now - dt.timedelta(days=1),
        not_after=now + dt.timedelta(days=30),
    )
    return SigningIdentity(key=key, certificate=cert, chain=(authority.certificate,))


def _tsa(authority: Authority) -> DummyTimeStamper:
    """Return a test TSA: an RSA key with a critical timeStamping EKU certificate from the test CA."""
    now = dt.datetime.now(dt.UTC)
    key, cert = issue_certificate(
        authority,
        "Loopback TSA",
        not_before=now - dt.timedelta(days=1),
        not_after=now + dt.timedelta(days=30),
        key_kind="rsa",  # pyHanko's test TSA signs with RSA only
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(cert.subject)
        .issuer_name(cert.issuer)
        .public_key(cert.public_key())
        .serial_number(cert.serial_number)
        .not_valid_before(cert.not_valid_before_utc)
        .not_valid_after(cert.not_valid_after_utc)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(authority.key, hashes.SHA256())
    )
    return DummyTimeStamper(
        tsa_cert=translate_pyca_cryptography_cert_to_asn1(cert),
        tsa_key=translate_pyca_cryptography_key_to_asn1(key),
    )


@pytest.fixture(scope="module")
def tsa_url(authority: Authority) -> Iterator[str]:
    stamper = _tsa(authority)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            reply = stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/tsa"
    finally:
        server.shutdown()
        server.server_close()


def _pdf() -> bytes:
    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer, invariant=1)
    drawing.drawString(72, 720, "Time-stamped letter")
    drawing.showPage()
    drawing.save()
    return buffer.getvalue()


def test_sign_pdf_with_timestamp_url_is_pades_bt(
    identity: SigningIdentity, authority: Authority, tsa_url: str
) -> None:
    """With a time-stamp URL the signature carries a valid signature time-stamp (B-T)."""
    signed = sign_pdf_bytes(_pdf(), identity, reason="Issued", timestamp_url=tsa_url)
    [check] = check_pdf_signatures(signed, trust_roots=(authority.certificate,))
    assert check.ok and check.trusted
    assert check.timestamped


def test_sign_pdf_unreachable_timestamp_server_is_clear(identity: SigningIdentity) -> None:
    """A time-stamp server that does not answer is a SigningError naming the URL."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}/tsa"
    with pytest.raises(SigningError, match="time-stamp server"):
        sign_pdf_bytes(_pdf(), identity, reason="Issued", timestamp_url=url)
