"""A real SMTP server on loopback for the delivery tests (aiosmtpd), shared by their modules."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller


@dataclass
class Sink:
    """aiosmtpd handler that keeps every accepted message with its envelope."""

    envelopes: list[tuple[str, list[str], bytes]] = field(default_factory=list)

    @property
    def messages(self) -> list[bytes]:
        """Return the raw bytes of every accepted message, in arrival order."""
        return [raw for _sender, _rcpts, raw in self.envelopes]

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append(
            (envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content)
        )
        return "250 2.0.0 Message accepted"


@dataclass
class Server:
    """A running loopback server: what it received and where it listens."""

    sink: Sink
    port: int


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def smtp_server(
    port: int | None = None, sink: Sink | None = None, **options: Any
) -> Iterator[Server]:
    """Run an aiosmtpd server on 127.0.0.1 (``options`` go to its Controller) until the block ends."""
    server = Server(sink or Sink(), port or free_port())
    controller = Controller(server.sink, hostname="127.0.0.1", port=server.port, **options)
    controller.start()
    try:
        yield server
    finally:
        controller.stop()


def write_mail_settings(data: Path, port: int) -> None:
    """Create the data folder ``data`` with settings sending mail to the loopback ``port``."""
    data.mkdir()
    (data / "settings.toml").write_text(
        f'[mail]\nhost = "127.0.0.1"\nport = {port}\nsecurity = "none"\n'
        'from_address = "care@nusantara-trading.example"\nfrom_name = "Customer Care"\n'
        "timeout_seconds = 5\n",
        encoding="utf-8",
    )
