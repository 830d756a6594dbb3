"""Send stored message bytes over SMTP (STARTTLS, implicit TLS or plain) with smtplib.

The transaction is driven step by step (MAIL, RCPT, DATA) so that a failure can say whether the
server might already hold the message: only a connection lost *after* the end-of-data marker was
sent leaves the outcome unknown (:attr:`SmtpError.uncertain`). The outbox uses that to avoid
sending a message twice.
"""

from __future__ import annotations

import base64
import re
import smtplib
import socket
import ssl
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from desktop.core.errors import DeliveryError
from desktop.core.i18n import _

SECURITY_MODES = ("starttls", "tls", "none")
_LEADING_DOT = re.compile(rb"(?m)^\.")


class SmtpError(DeliveryError):
    """An SMTP failure, with the server's reply code and whether the outcome is unknown."""

    def __init__(
        self,
        message: str,
        *,
        code: int | None = None,
        permanent: bool = False,
        uncertain: bool = False,
        hint: str | None = None,
    ) -> None:
        super().__init__(message, hint=hint)
        self.code = code
        self.permanent = permanent  # a 5xx reply: retrying the same message will not help
        self.uncertain = uncertain  # the server may have accepted the message


@dataclass(frozen=True)
class SmtpConfig:
    """How to reach the SMTP server (the password is passed in, never read from settings)."""

    host: str
    port: int = 587
    security: str = "starttls"  # starttls | tls | none
    username: str = ""
    password: str = field(default="", repr=False)
    timeout: float = 20.0
    ca_file: Path | None = None  # extra trust anchor (a company CA, or a test server's)
    local_hostname: str | None = None

    def ssl_context(self) -> ssl.SSLContext:
        """Return a verifying TLS context (system CAs, plus ``ca_file`` if given)."""
        context = ssl.create_default_context()
        if self.ca_file is not None:
            try:
                context.load_verify_locations(cafile=str(self.ca_file))
            except (OSError, ssl.SSLError) as exc:
                raise DeliveryError(
                    _("cannot read the CA file: {error}").format(error=exc), file=self.ca_file
                ) from None
        return context


@dataclass(frozen=True)
class SendResult:
    """What the server said when it accepted a message."""

    code: int
    reply: str
    refused: dict[str, tuple[int, str]] = field(default_factory=dict)  # recipients refused


class MailTransport(Protocol):
    """Anything that can send message bytes to recipients (SMTP here; fakes are not used)."""

    def send(self, data: bytes, sender: str, recipients: Sequence[str]) -> SendResult:
        """Send ``data`` from ``sender`` to ``recipients``; raise DeliveryError on failure."""
        ...


def _reply_text(raw: bytes | str) -> str:
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    return " ".join(text.split())


def _from_reply(action: str, code: int, raw: bytes | str) -> SmtpError:
    reply = _reply_text(raw)
    return SmtpError(
        _("the server refused {action}: {code} {reply}").format(
            action=action, code=code, reply=reply
        ),
        code=code,
        permanent=500 <= code < 600,
    )


class SmtpTransport:
    """An SMTP client that opens one connection per :meth:`send` (mail volumes are small)."""

    def __init__(self, config: SmtpConfig) -> None:
        if config.security not in SECURITY_MODES:
            raise DeliveryError(
                _("unknown SMTP security '{security}'").format(security=config.security),
                field="mail.security",
                hint=_("Use starttls, tls or none."),
            )
        if not config.host:
            raise DeliveryError(
                _("no SMTP server is configured"),
                field="mail.host",
                hint=_("Set [mail] host, port and security in settings.toml."),
            )
        self.config = config

    def connect(self) -> smtplib.SMTP:
        """Open, secure and authenticate a connection; the caller must ``quit()`` it."""
        cfg = self.config
        where = f"{cfg.host}:{cfg.port}"
        try:
            if cfg.security == "tls":
                server: smtplib.SMTP = smtplib.SMTP_SSL(
                    cfg.host,
                    cfg.port,
                    timeout=cfg.timeout,
                    context=cfg.ssl_context(),
                    local_hostname=cfg.local_hostname,
                )
            else:
                server = smtplib.SMTP(
                    cfg.host, cfg.port, timeout=cfg.timeout, local_hostname=cfg.local_hostname
                )
        except ssl.SSLError as exc:
            raise SmtpError(
                _("TLS with {server} failed: {error}").format(server=where, error=exc.reason or exc)
            ) from None
        except (OSError, smtplib.SMTPException) as exc:
            raise SmtpError(
                _("cannot connect to the SMTP server {server}: {error}").format(
                    server=where, error=_os_text(exc)
                )
            ) from None
        try:
            server.ehlo()
            if cfg.security == "starttls":
                if not server.has_extn("starttls"):
                    raise SmtpError(
                        _("the SMTP server {server} does not offer STARTTLS").format(server=where),
                        permanent=True,
                        hint=_("Use security 'tls' (port 465) or ask for STARTTLS support."),
                    )
                server.starttls(context=cfg.ssl_context())
                server.ehlo()
            if cfg.username:
                _login(server, cfg.username, cfg.password)
        except smtplib.SMTPAuthenticationError as exc:
            _close(server)
            raise SmtpError(
                _("the SMTP server {server} refused the login for '{user}': {code} {reply}").format(
                    server=where,
                    user=cfg.username,
                    code=exc.smtp_code,
                    reply=_reply_text(exc.smtp_error),
                ),
                code=exc.smtp_code,
                permanent=True,
                hint=_("Check the user name and the password stored in the keyring."),
            ) from None
        except smtplib.SMTPNotSupportedError as exc:
            _close(server)
            raise SmtpError(
                _("the SMTP server {server}: {error}").format(server=where, error=exc),
                permanent=True,
            ) from None
        except smtplib.SMTPResponseException as exc:
            _close(server)
            raise _from_reply(_("the session"), exc.smtp_code, exc.smtp_error) from None
        except ssl.SSLError as exc:
            _close(server)
            raise SmtpError(
                _("TLS with {server} failed: {error}").format(server=where, error=exc.reason or exc)
            ) from None
        except SmtpError:
            _close(server)
            raise
        except (OSError, smtplib.SMTPException) as exc:
            _close(server)
            raise SmtpError(
                _("the connection to {server} failed: {error}").format(
                    server=where, error=_os_text(exc)
                )
            ) from None
        return server

    def send(self, data: bytes, sender: str, recipients: Sequence[str]) -> SendResult:
        """Send ``data`` (CRLF message bytes) and return the server's acceptance.

        Raises:
            SmtpError: the server refused or the connection failed; ``uncertain`` is set when
                the connection was lost after the whole message had been sent.
        """
        server = self.connect()
        data_sent = False
        try:
            code, reply = server.mail(sender)
            if code != 250:
                raise _from_reply(_("the sender {sender}").format(sender=sender), code, reply)
            refused: dict[str, tuple[int, str]] = {}
            for rcpt in recipients:
                code, reply = server.rcpt(rcpt)
                if code not in (250, 251):
                    refused[rcpt] = (code, _reply_text(reply))
            if len(refused) == len(recipients):
                first = next(iter(refused.values()))
                server.rset()
                raise SmtpError(
                    _("the server refused every recipient: {replies}").format(
                        replies="; ".join(f"{r}: {c} {t}" for r, (c, t) in refused.items())
                    ),
                    code=first[0],
                    permanent=500 <= first[0] < 600,
                )
            server.putcmd("data")
            code, reply = server.getreply()
            if code != 354:
                raise _from_reply(_("the message data"), code, reply)
            payload = _LEADING_DOT.sub(b"..", data)
            if not payload.endswith(b"\r\n"):
                payload += b"\r\n"
            server.send(payload + b".\r\n")
            data_sent = True
            code, reply = server.getreply()
            if code != 250:
                raise _from_reply(_("the message"), code, reply)
            return SendResult(code=code, reply=_reply_text(reply), refused=refused)
        except SmtpError:
            raise
        except (OSError, smtplib.SMTPException) as exc:
            if data_sent:
                raise SmtpError(
                    _(
                        "the connection was lost after the message was sent ({error}); "
                        "the server may have accepted it"
                    ).format(error=_os_text(exc)),
                    uncertain=True,
                ) from None
            raise SmtpError(_("sending failed: {error}").format(error=_os_text(exc))) from None
        finally:
            _close(server)


def _login(server: smtplib.SMTP, username: str, password: str) -> None:
    """Log in; non-ASCII credentials go as UTF-8 (RFC 4616), which smtplib cannot do itself."""
    if (username + password).isascii():
        server.login(username, password)
        return
    if not server.has_extn("auth"):
        raise smtplib.SMTPNotSupportedError("SMTP AUTH extension not supported by server.")
    methods = server.esmtp_features["auth"].upper().split()
    user, secret = username.encode("utf-8"), password.encode("utf-8")
    if "PLAIN" in methods:
        token = base64.b64encode(b"\0" + user + b"\0" + secret).decode("ascii")
        code, reply = server.docmd("AUTH", "PLAIN " + token)
    elif "LOGIN" in methods:
        code, reply = server.docmd("AUTH", "LOGIN " + base64.b64encode(user).decode("ascii"))
        if code == 334:
            code, reply = server.docmd(base64.b64encode(secret).decode("ascii"))
    else:
        raise smtplib.SMTPNotSupportedError(
            "the server offers no login method that accepts a non-ASCII password"
        )
    if code not in (235, 503):
        raise smtplib.SMTPAuthenticationError(code, reply)


def _os_text(exc: BaseException) -> str:
    if isinstance(exc, socket.timeout | TimeoutError):
        return _("timed out")
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


def _close(server: smtplib.SMTP) -> None:
    try:
        server.quit()
    except (OSError, smtplib.SMTPException):
        server.close()


def check_connection(config: SmtpConfig) -> str:
    """Connect, secure, log in and quit; return a one-line description of the server.

    Raises:
        SmtpError: any step failed (the message says which).
    """
    transport = SmtpTransport(config)
    server = transport.connect()
    try:
        tls = config.security if config.security != "none" else _("no TLS")
        if config.username:
            login = _("logged in as {user}").format(user=config.username)
        else:
            login = _("no login")
        return _("{server} answered ({tls}, {login})").format(
            server=f"{config.host}:{config.port}", tls=tls, login=login
        )
    finally:
        _close(server)
