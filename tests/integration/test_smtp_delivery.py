"""E-mail against a real SMTP server on loopback (aiosmtpd in the test process).

Covers the transport (plain, STARTTLS with a test certificate, implicit TLS, login), the MIME
message arriving intact (attachment bytes and SHA-256) and clear errors for a server that is
down or refuses the login.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ssl
from collections.abc import Iterator
from dataclasses import dataclass
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from aiosmtpd.smtp import AuthResult, LoginPassword
from smtp_support import Server, free_port, smtp_server

from desktop.core.delivery import (
    Attachment,
    OutgoingMail,
    SmtpConfig,
    SmtpError,
    SmtpTransport,
    build_message,
    check_connection,
    envelope,
    message_bytes,
)
from desktop.core.signing.pki import (
    ENCIPHERMENT_USAGE,
    issue_certificate,
    make_authority,
    write_pem_pair,
)

USER, PASSWORD = "desk@example.org", "p4ss-wörd"


def _authenticator(server, session, envelope, mechanism, auth_data) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and (
        auth_data.login.decode() == USER and auth_data.password.decode() == PASSWORD
    )
    return AuthResult(success=ok, handled=False)


@dataclass
class Tls:
    ca_file: Path
    server_context: ssl.SSLContext


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> Tls:
    folder = tmp_path_factory.mktemp("tls")
    now = dt.datetime.now(dt.UTC)
    authority = make_authority("Loopback Test CA", now=now)
    key, cert = issue_certificate(
        authority,
        "localhost",
        not_before=now - dt.timedelta(days=1),
        not_after=now + dt.timedelta(days=30),
        usage=ENCIPHERMENT_USAGE,
        dns_names=("localhost",),
    )
    key_path, cert_path = write_pem_pair(key, cert, folder, "server")
    ca_file = folder / "ca.pem"
    ca_file.write_bytes(authority.pem())
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_path, key_path)
    return Tls(ca_file, context)


def _serve(**options: object) -> Iterator[Server]:
    with smtp_server(**options) as running:
        yield running


@pytest.fixture()
def plain_server() -> Iterator[Server]:
    yield from _serve()


@pytest.fixture()
def starttls_server(tls: Tls) -> Iterator[Server]:
    yield from _serve(
        tls_context=tls.server_context,
        require_starttls=True,
        authenticator=_authenticator,
        auth_require_tls=True,
    )


@pytest.fixture()
def implicit_tls_server(tls: Tls) -> Iterator[Server]:
    # aiosmtpd does not count implicit TLS as TLS for AUTH; the socket is TLS all the same.
    yield from _serve(
        ssl_context=tls.server_context, authenticator=_authenticator, auth_require_tls=False
    )


PDF = b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"


def _message(**overrides: object) -> bytes:
    mail = OutgoingMail(
        sender_address=USER,
        sender_name="Atendimento Missiva",
        to=("Ana Silva <ana@example.com>",),
        subject="Reembolso aprovado — Silva & Filhos <Ltda>",
        text="Olá, Ana.\n.\nUma linha com ponto.",
        html="<p>Olá, Ana.</p>",
        language="pt-BR",
        attachments=(Attachment("OUT-2026-00001.pdf", PDF),),
    )
    for key, value in overrides.items():
        object.__setattr__(mail, key, value)
    return message_bytes(build_message(mail))


def _send(config: SmtpConfig, data: bytes) -> None:
    sender, recipients = envelope(message_from_bytes(data, policy=policy.default))  # type: ignore[arg-type]
    SmtpTransport(config).send(data, sender, recipients)


def test_smtp_plain_delivers_message(plain_server: Server) -> None:
    """A plain (no TLS) server receives exactly one message with envelope and bytes intact."""
    data = _message()
    _send(SmtpConfig("127.0.0.1", plain_server.port, security="none"), data)
    [(mail_from, rcpts, received)] = plain_server.sink.envelopes
    assert mail_from == USER and rcpts == ["ana@example.com"]
    assert received.replace(b"\r\n", b"\n") == data.replace(b"\r\n", b"\n")


def test_smtp_attachment_bytes_and_hash_intact(plain_server: Server) -> None:
    """The server-side attachment has the same bytes and SHA-256 as the issued PDF."""
    _send(SmtpConfig("127.0.0.1", plain_server.port, security="none"), _message())
    received = message_from_bytes(plain_server.sink.messages[0], policy=policy.default)
    [part] = list(received.iter_attachments())  # type: ignore[attr-defined]
    assert part.get_content_type() == "application/pdf"
    assert part.get_filename() == "OUT-2026-00001.pdf"
    assert hashlib.sha256(part.get_content()).hexdigest() == hashlib.sha256(PDF).hexdigest()


def test_smtp_headers_arrive_literal(plain_server: Server) -> None:
    """Subject with markup characters, Content-Language and both alternatives arrive as sent."""
    _send(SmtpConfig("127.0.0.1", plain_server.port, security="none"), _message())
    received = message_from_bytes(plain_server.sink.messages[0], policy=policy.default)
    assert received["Subject"] == "Reembolso aprovado — Silva & Filhos <Ltda>"
    assert received["Content-Language"] == "pt-BR"
    body = received.get_body(preferencelist=("plain",))  # type: ignore[attr-defined]
    assert body.get_content().replace("\r\n", "\n") == "Olá, Ana.\n.\nUma linha com ponto.\n"
    assert received.get_body(preferencelist=("html",)).get_content().strip() == "<p>Olá, Ana.</p>"  # type: ignore[attr-defined]


def test_smtp_starttls_with_login_delivers(starttls_server: Server, tls: Tls) -> None:
    """STARTTLS with the test CA, then login, then the message is accepted."""
    config = SmtpConfig(
        "127.0.0.1",
        starttls_server.port,
        security="starttls",
        username=USER,
        password=PASSWORD,
        ca_file=tls.ca_file,
    )
    _send(config, _message())
    assert len(starttls_server.sink.messages) == 1


def test_smtp_implicit_tls_with_login_delivers(implicit_tls_server: Server, tls: Tls) -> None:
    """Implicit TLS (SMTPS) with login delivers the message."""
    config = SmtpConfig(
        "127.0.0.1",
        implicit_tls_server.port,
        security="tls",
        username=USER,
        password=PASSWORD,
        ca_file=tls.ca_file,
    )
    _send(config, _message())
    assert len(implicit_tls_server.sink.messages) == 1


def test_smtp_starttls_untrusted_certificate_is_refused(starttls_server: Server) -> None:
    """Without the test CA the server certificate is not trusted and nothing is sent."""
    config = SmtpConfig("127.0.0.1", starttls_server.port, security="starttls")
    with pytest.raises(SmtpError, match=r"TLS .* failed"):
        _send(config, _message())
    assert starttls_server.sink.messages == []


def test_smtp_wrong_password_is_clear(starttls_server: Server, tls: Tls) -> None:
    """A refused login names the user and is permanent; nothing is sent."""
    config = SmtpConfig(
        "127.0.0.1",
        starttls_server.port,
        security="starttls",
        username=USER,
        password="nope",
        ca_file=tls.ca_file,
    )
    with pytest.raises(SmtpError, match="refused the login") as caught:
        _send(config, _message())
    assert caught.value.permanent and caught.value.code == 535
    assert starttls_server.sink.messages == []


def test_smtp_plain_when_starttls_required_is_refused(starttls_server: Server) -> None:
    """Sending without TLS to a server that requires STARTTLS fails with the server's reply."""
    with pytest.raises(SmtpError, match="530"):
        _send(SmtpConfig("127.0.0.1", starttls_server.port, security="none"), _message())


def test_smtp_server_down_is_clear() -> None:
    """A closed port gives 'cannot connect' with host and port, not an uncertain outcome."""
    port = free_port()
    with pytest.raises(
        SmtpError, match=f"cannot connect to the SMTP server 127.0.0.1:{port}"
    ) as caught:
        _send(SmtpConfig("127.0.0.1", port, security="none", timeout=5), _message())
    assert not caught.value.uncertain and not caught.value.permanent


def test_check_connection_reports_login(starttls_server: Server, tls: Tls) -> None:
    """The settings' connection test logs in and describes the server."""
    config = SmtpConfig(
        "127.0.0.1",
        starttls_server.port,
        security="starttls",
        username=USER,
        password=PASSWORD,
        ca_file=tls.ca_file,
    )
    assert f"logged in as {USER}" in check_connection(config)
    assert starttls_server.sink.messages == []
