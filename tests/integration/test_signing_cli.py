"""End to end on the command line: ``render --sign``, ``verify``, then ``send`` to a loopback server.

Uses a user template in the data folder, a PKCS#12 from a throw-away CA, the real writers,
proofing, register and SMTP transport (aiosmtpd on 127.0.0.1).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from smtp_support import Sink, smtp_server

from desktop.cli import main
from desktop.core.signing.pki import issue_certificate, make_authority, pkcs12_bytes

TEMPLATE = """---
id: thanks
kind: letter
language: en
title: Thank you
description: Thank a customer for their order.
category: Orders
series: OUT
subject: "Your order {{ order_number }}"
parts:
  recipient: |
    {{ customer_name }}
  salutation: "Dear {{ customer_name }},"
  closing: "Yours sincerely,"
  correspondent_name: "{{ customer_name }}"
fields:
  customer_name: {label: Customer name, type: text, required: true}
  order_number: {label: Order number, type: text, required: true}
---
Thank you for your order. We will send it to you this week.
"""


@pytest.fixture()
def server_port() -> Iterator[tuple[Sink, int]]:
    with smtp_server() as running:
        yield running.sink, running.port


@pytest.fixture()
def setup(
    tmp_path: Path, server_port: tuple[Sink, int], monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, Path]:
    data = tmp_path / "data"
    (data / "templates" / "thanks").mkdir(parents=True)
    (data / "templates" / "thanks" / "en.md").write_text(TEMPLATE, encoding="utf-8")
    (data / "settings.toml").write_text(
        f'[mail]\nhost = "127.0.0.1"\nport = {server_port[1]}\nsecurity = "none"\n'
        'from_address = "care@nusantara-trading.example"\n',
        encoding="utf-8",
    )
    now = dt.datetime.now(dt.UTC)
    authority = make_authority(now=now)
    key, cert = issue_certificate(
        authority,
        "Ana Ribeiro",
        not_before=now - dt.timedelta(days=1),
        not_after=now + dt.timedelta(days=30),
    )
    p12 = tmp_path / "ana.p12"
    p12.write_bytes(pkcs12_bytes(key, cert, b"pw-\xc3\xa7", (authority.certificate,)))
    monkeypatch.delenv("MISSIVA_DATABASE_URL", raising=False)
    monkeypatch.setenv("CERT_PASSWORD", "pw-ç")
    return data, p12


def _render(data: Path, p12: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> int:
    capsys.readouterr()
    return main(
        [
            "render",
            "thanks",
            "--language",
            "en",
            "--set",
            "customer_name=Silva & Filhos <Ltda>",
            "--set",
            "order_number=A-1",
            "--format",
            "pdf,docx",
            "--sign",
            str(p12),
            "--sign-password-env",
            "CERT_PASSWORD",
            "--json",
            "--data-dir",
            str(data),
            *extra,
        ]
    )


def test_cli_render_sign_verify_and_send(
    setup: tuple[Path, Path], server_port: tuple[Sink, int], capsys: pytest.CaptureFixture[str]
) -> None:
    """A signed letter verifies as genuine with a valid signature and is e-mailed with its files."""
    data, p12 = setup
    assert _render(data, p12, capsys) == 0
    issued = json.loads(capsys.readouterr().out)
    files = {f["format"]: Path(f["path"]) for f in issued["files"]}
    assert set(files) == {"pdf", "docx", "p7s"}
    for fmt in ("pdf", "docx"):
        assert main(["verify", str(files[fmt]), "--json", "--data-dir", str(data)]) == 0
        report = json.loads(capsys.readouterr().out)
        assert report["result"] == "genuine"
        assert report["signatures"]["signed"] and report["signatures"]["valid"]
    code = main(
        [
            "send",
            issued["reference"],
            "--to",
            "client@example.com",
            "--attach",
            "pdf",
            "--attach",
            "docx",
            "--data-dir",
            str(data),
        ]
    )
    assert code == 0
    [raw] = server_port[0].messages
    names = sorted(
        p.get_filename() for p in message_from_bytes(raw, policy=policy.default).iter_attachments()
    )  # type: ignore[attr-defined]
    assert names == sorted(f.name for f in files.values())


def test_cli_render_sign_wrong_password_issues_nothing(
    setup: tuple[Path, Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A wrong certificate password exits 1 with a clear message and registers nothing."""
    data, p12 = setup
    monkeypatch.setenv("CERT_PASSWORD", "wrong")
    assert _render(data, p12, capsys) == 1
    assert "wrong password for the certificate file" in capsys.readouterr().err
    assert main(["register", "list", "--json", "--data-dir", str(data)]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == 0
    assert not (data / "issued").exists() or not any((data / "issued").rglob("*.*"))


def test_cli_render_sign_rsa1024_refused_before_numbering(
    setup: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An RSA-1024 certificate is refused with its key size; no number is taken, no file left."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    data, _ = setup
    now = dt.datetime.now(dt.UTC)
    authority = make_authority(now=now)
    key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Weak Key")]))
        .issuer_name(authority.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False), True
        )
        .sign(authority.key, hashes.SHA256())
    )
    weak = tmp_path / "weak.p12"
    weak.write_bytes(pkcs12_bytes(key, cert, b"pw-\xc3\xa7", (authority.certificate,)))
    assert _render(data, weak, capsys) == 1
    assert "1024-bit RSA key" in capsys.readouterr().err
    assert main(["register", "list", "--json", "--data-dir", str(data)]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == 0
    assert not (data / "issued").exists() or not any((data / "issued").rglob("*.*"))
    assert _render(data, setup[1], capsys) == 0  # the next letter gets the first number
    assert json.loads(capsys.readouterr().out)["reference"].endswith("-00001")
