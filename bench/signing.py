"""Benchmark signing and delivery: PAdES sign/verify, detached CMS, QR, one e-mail over loopback.

Run with ``uv run python bench/signing.py``; prints one JSON object (medians in milliseconds,
after warm-up). Targets from issue 5: sign one PDF <= 100 ms with an EC P-256 key; send one
e-mail to a loopback SMTP server <= 50 ms.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import socket
import statistics
import sys
import time
from collections.abc import Callable

from reportlab.pdfgen import canvas

from desktop.core.delivery import (
    Attachment,
    OutgoingMail,
    SmtpConfig,
    SmtpTransport,
    build_message,
    envelope,
    message_bytes,
)
from desktop.core.signing import (
    SigningIdentity,
    check_pdf_signatures,
    qr_png,
    sign_detached,
    sign_pdf_bytes,
)
from desktop.core.signing.pki import issue_certificate, make_authority

WARMUP = 3
RUNS = 25


def median_ms(
    func: Callable[[], object], runs: int = RUNS, clock: Callable[[], float] = time.perf_counter
) -> float:
    """Return the median time of ``func`` in milliseconds (wall clock by default), after warm-up."""
    for _ in range(WARMUP):
        func()
    samples = []
    for _ in range(runs):
        start = clock()
        func()
        samples.append((clock() - start) * 1000)
    return round(statistics.median(samples), 2)


def load_average() -> float | None:
    """Return the 1-minute load average (wall times inflate when other work shares the CPUs)."""
    try:
        return round(os.getloadavg()[0], 2)
    except (OSError, AttributeError):
        return None


def letter_pdf(pages: int = 2) -> bytes:
    """Return a small letter-like PDF (reportlab, like the PDF writer)."""
    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer, invariant=1)
    for page in range(pages):
        for line in range(40):
            drawing.drawString(
                72, 760 - 16 * line, f"Line {line} of page {page + 1}: Silva & Filhos"
            )
        drawing.showPage()
    drawing.save()
    return buffer.getvalue()


def identity(key_kind: str) -> SigningIdentity:
    """Return a fresh signing identity from a throw-away CA."""
    now = dt.datetime.now(dt.UTC)
    authority = make_authority(now=now)
    key, cert = issue_certificate(
        authority,
        "Bench Signer",
        not_before=now - dt.timedelta(days=1),
        not_after=now + dt.timedelta(days=30),
        key_kind=key_kind,
    )
    return SigningIdentity(key=key, certificate=cert, chain=(authority.certificate,))


def bench_mail() -> float:
    """Return the median ms to send one e-mail with a PDF attached to a loopback aiosmtpd."""
    from aiosmtpd.controller import Controller

    class Sink:
        count = 0

        async def handle_DATA(self, server, session, env) -> str:
            Sink.count += 1
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Sink(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        message = build_message(
            OutgoingMail(
                "care@nusantara-trading.example",
                ("client@example.com",),
                "Refund approved",
                "Please find attached our letter.",
                "<p>Please find attached our letter.</p>",
                language="en",
                attachments=(Attachment("OUT-2026-00001.pdf", letter_pdf()),),
            )
        )
        data = message_bytes(message)
        sender, recipients = envelope(message)
        transport = SmtpTransport(SmtpConfig("127.0.0.1", port, security="none"))
        return median_ms(lambda: transport.send(data, sender, recipients))
    finally:
        controller.stop()


def main() -> int:
    """Run every measurement and print the JSON report."""
    pdf = letter_pdf()
    ec, rsa = identity("ec"), identity("rsa")
    signed = sign_pdf_bytes(pdf, ec, reason="Bench")
    docx = bytes(range(256)) * 200
    report = {
        "pdf_bytes": len(pdf),
        "sign_pdf_ec_p256_ms": median_ms(lambda: sign_pdf_bytes(pdf, ec, reason="Bench")),
        "sign_pdf_ec_p256_invisible_ms": median_ms(
            lambda: sign_pdf_bytes(pdf, ec, reason="Bench", visible=False)
        ),
        "sign_pdf_rsa_2048_ms": median_ms(lambda: sign_pdf_bytes(pdf, rsa, reason="Bench"), runs=9),
        "sign_pdf_ec_p256_cpu_ms": median_ms(
            lambda: sign_pdf_bytes(pdf, ec, reason="Bench"), clock=time.process_time
        ),
        "verify_pdf_ms": median_ms(lambda: check_pdf_signatures(signed)),
        "verify_pdf_cpu_ms": median_ms(
            lambda: check_pdf_signatures(signed), clock=time.process_time
        ),
        "sign_cms_p7s_ms": median_ms(lambda: sign_detached(docx, ec)),
        "qr_png_ms": median_ms(lambda: qr_png("OUT-2026-00001|K7Q2-9XZD-44MA")),
        "send_email_loopback_ms": bench_mail(),
        "cpu_count": os.cpu_count(),
        "load_average_1min": load_average(),
        "targets": {"sign_pdf_ec_p256_ms": 100, "send_email_loopback_ms": 50},
    }
    sys.stdout.write(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
