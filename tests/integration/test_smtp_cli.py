"""The delivery commands end to end: ``missiva send``, ``outbox``, ``smtp test`` and ``print``."""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from reportlab.pdfgen import canvas
from smtp_support import Sink, free_port, smtp_server

from desktop.cli import main
from desktop.core.register import Entry, OutputFile
from desktop.core.services.context import AppContext


@pytest.fixture()
def port() -> int:
    return free_port()


@pytest.fixture()
def data_dir(tmp_path: Path, port: int, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "settings.toml").write_text(
        f'[mail]\nhost = "127.0.0.1"\nport = {port}\nsecurity = "none"\n'
        'from_address = "care@nusantara-trading.example"\ntimeout_seconds = 5\n',
        encoding="utf-8",
    )
    monkeypatch.delenv("MISSIVA_DATABASE_URL", raising=False)
    return folder


@pytest.fixture()
def server(port: int) -> Iterator[Sink]:
    with smtp_server(port) as running:
        yield running.sink


@pytest.fixture()
def reference(data_dir: Path) -> str:
    """Register an issued letter with a PDF (stands in for ``missiva render``)."""
    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer, invariant=1)
    drawing.drawString(72, 720, "Letter")
    drawing.showPage()
    drawing.save()
    pdf = data_dir / "OUT.pdf"
    pdf.write_bytes(buffer.getvalue())
    ctx = AppContext.create(str(data_dir))
    with ctx.register.reserve(ctx.settings.series_by_id("OUT"), kind="letter") as reservation:
        entry = Entry(direction="out", kind="letter", language="en", subject="Refund approved")
        entry.files.append(
            OutputFile(
                format="pdf", path=str(pdf), sha256=hashlib.sha256(pdf.read_bytes()).hexdigest()
            )
        )
        reservation.record(entry, status="issued")
    ctx.register.close()
    return str(entry.reference)


def _outbox(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    capsys.readouterr()
    assert main(["outbox", "list", "--json", "--data-dir", str(data_dir)]) == 0
    return json.loads(capsys.readouterr().out)


def test_cli_send_delivers_and_lists_sent(
    data_dir: Path, reference: str, server: Sink, capsys: pytest.CaptureFixture[str]
) -> None:
    """``send`` exits 0, the server gets one message, and the outbox lists it as sent."""
    code = main(
        [
            "send",
            reference,
            "--to",
            "client@example.com",
            "--attach",
            "pdf",
            "--data-dir",
            str(data_dir),
        ]
    )
    assert code == 0
    assert f"{reference}: sent to client@example.com" in capsys.readouterr().out
    assert len(server.messages) == 1
    [item] = _outbox(data_dir, capsys)
    assert item["status"] == "sent"


def test_cli_send_server_down_exits_3_then_retry_sends_once(
    data_dir: Path, reference: str, port: int, capsys: pytest.CaptureFixture[str]
) -> None:
    """Server down: exit 3 and queued; ``outbox retry`` with the server up sends it once."""
    assert main(["send", reference, "--to", "client@example.com", "--data-dir", str(data_dir)]) == 3
    assert "stays in the outbox" in capsys.readouterr().err
    [item] = _outbox(data_dir, capsys)
    assert item["status"] == "queued" and "cannot connect" in str(item["last_error"])
    with smtp_server(port) as running:
        assert main(["outbox", "retry", "--data-dir", str(data_dir)]) == 0
        assert main(["outbox", "retry", "--data-dir", str(data_dir)]) == 0
    assert len(running.sink.messages) == 1
    assert _outbox(data_dir, capsys)[0]["status"] == "sent"


def test_cli_send_bad_address_exits_1(
    data_dir: Path, reference: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A malformed address is an input error (exit 1) and nothing is queued."""
    assert main(["send", reference, "--to", "not-an-address", "--data-dir", str(data_dir)]) == 1
    assert "not an e-mail address" in capsys.readouterr().err
    assert _outbox(data_dir, capsys) == []


def test_cli_outbox_export_eml(
    data_dir: Path, reference: str, server: Sink, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``outbox export-eml`` writes the message the server received."""
    main(["send", reference, "--to", "client@example.com", "--data-dir", str(data_dir)])
    [item] = _outbox(data_dir, capsys)
    target = tmp_path / "message.eml"
    assert (
        main(
            [
                "outbox",
                "export-eml",
                str(item["id"]),
                "--out",
                str(target),
                "--data-dir",
                str(data_dir),
            ]
        )
        == 0
    )
    assert target.read_bytes().replace(b"\r\n", b"\n") == server.messages[0].replace(b"\r\n", b"\n")


def test_cli_smtp_test_reports_server(
    data_dir: Path, server: Sink, capsys: pytest.CaptureFixture[str]
) -> None:
    """``smtp test`` connects and says so."""
    assert main(["smtp", "test", "--data-dir", str(data_dir)]) == 0
    assert "answered" in capsys.readouterr().out


def test_cli_smtp_test_server_down_exits_3(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``smtp test`` against a closed port exits 3 with the reason."""
    assert main(["smtp", "test", "--data-dir", str(data_dir)]) == 3
    assert "cannot connect to the SMTP server" in capsys.readouterr().err


def test_cli_print_without_cups_exits_3(
    data_dir: Path,
    reference: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Where lp is missing, ``print`` says CUPS is needed and the entry is not marked printed."""
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))
    assert main(["print", reference, "--data-dir", str(data_dir)]) == 3
    assert "needs CUPS" in capsys.readouterr().err
    ctx = AppContext.create(str(data_dir))
    assert ctx.register.get(reference).status == "issued"


def test_cli_smtp_password_without_keyring_says_so(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With no keyring backend, ``smtp password`` explains it before asking for anything."""
    import keyring
    from keyring.backends import fail

    (data_dir / "settings.toml").write_text(
        '[mail]\nhost = "smtp.example.org"\nusername = "desk"\n', encoding="utf-8"
    )
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        assert main(["smtp", "password", "--data-dir", str(data_dir)]) == 3
    finally:
        keyring.set_keyring(previous)
    assert "no keyring backend available; " in capsys.readouterr().err


class _RefusingSink(Sink):
    """A loopback server that refuses recipients whose mailbox starts with ``nobody``."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:  # type: ignore[no-untyped-def]
        if address.startswith("nobody"):
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"


@pytest.mark.parametrize(
    "to",
    [
        ["a@x.example, b@y.example"],
        ["a@x.example; b@y.example"],
        ["a@x.example", "b@y.example"],
        ['"Silva, Ana" <a@x.example>, b@y.example'],
    ],
)
def test_cli_send_to_a_list_sends_to_every_address(
    data_dir: Path, reference: str, server: Sink, capsys: pytest.CaptureFixture[str], to: list[str]
) -> None:
    """A list in one --to (or several --to) reaches every address; the report names each."""
    args = ["send", reference, "--data-dir", str(data_dir)]
    for value in to:
        args += ["--to", value]
    assert main(args) == 0
    [(_sender, rcpts, _raw)] = server.envelopes
    assert sorted(rcpts) == ["a@x.example", "b@y.example"]
    out = capsys.readouterr().out
    assert "a@x.example" in out and "b@y.example" in out
    [item] = _outbox(data_dir, capsys)
    assert item["recipients"] == "a@x.example, b@y.example" or "Silva" in str(item["recipients"])


def test_cli_send_reports_exactly_which_recipients_were_refused(
    data_dir: Path, reference: str, port: int, capsys: pytest.CaptureFixture[str]
) -> None:
    """One refused address: exit 3, the accepted one and the refused one (with the reply) named."""
    with smtp_server(port, _RefusingSink()) as running:
        code = main(
            ["send", reference, "--to", "a@x.example, nobody@y.example", "--json",
             "--data-dir", str(data_dir)]
        )  # fmt: skip
        [(_sender, rcpts, _raw)] = running.sink.envelopes
    captured = capsys.readouterr()
    assert code == 3
    assert rcpts == ["a@x.example"]
    item = json.loads(captured.out)
    assert item["accepted"] == ["a@x.example"]
    assert item["refused"] == ["nobody@y.example"]
    assert "nobody@y.example: 550" in captured.err and "a@x.example" in captured.err
    [row] = _outbox(data_dir, capsys)
    assert row["recipients"] == "a@x.example, nobody@y.example"  # the To of the message sent


def test_cli_send_malformed_item_in_list_sends_nothing(
    data_dir: Path, reference: str, server: Sink, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bad address anywhere in the list stops before anything is queued or sent (exit 1)."""
    code = main(
        ["send", reference, "--to", "a@x.example, not-an-address", "--data-dir", str(data_dir)]
    )
    assert code == 1
    assert "'not-an-address' is not an e-mail address" in capsys.readouterr().err
    assert server.envelopes == []
