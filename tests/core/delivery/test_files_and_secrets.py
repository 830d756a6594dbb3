"""The .eml export, printing through lp, and the SMTP password in the keyring."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from desktop.core.delivery import (
    KEYRING_SERVICE,
    PASSWORD_ENV,
    delete_smtp_password,
    export_eml,
    print_pdf,
    smtp_password,
    store_smtp_password,
)
from desktop.core.errors import DeliveryError


@pytest.fixture()
def no_keyring(no_keyring: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """No OS keyring and no password in the environment either."""
    monkeypatch.delenv(PASSWORD_ENV, raising=False)


def test_smtp_password_roundtrips_through_keyring(
    memory_keyring: dict[tuple[str, str], str],
) -> None:
    """A stored SMTP password is kept under the missiva-smtp service and read back."""
    store_smtp_password("smtp.example.org", "desk", "pä55")
    assert memory_keyring == {(KEYRING_SERVICE, "desk@smtp.example.org"): "pä55"}
    assert smtp_password("smtp.example.org", "desk") == "pä55"


def test_smtp_password_delete_forgets(
    memory_keyring: dict[tuple[str, str], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """After deleting, no password is found (and the env var is not set)."""
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    store_smtp_password("smtp.example.org", "desk", "x")
    delete_smtp_password("smtp.example.org", "desk")
    delete_smtp_password("smtp.example.org", "desk")  # twice is fine
    with pytest.raises(DeliveryError, match="no SMTP password is stored"):
        smtp_password("smtp.example.org", "desk")


def test_store_smtp_password_without_backend_is_clear(no_keyring: None) -> None:
    """With only the fail backend, storing says no keyring backend is available."""
    with pytest.raises(DeliveryError, match=r"^no keyring backend available; "):
        store_smtp_password("smtp.example.org", "desk", "x")


def test_smtp_password_env_escape_hatch(no_keyring: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a keyring, MISSIVA_SMTP_PASSWORD supplies the password."""
    monkeypatch.setenv(PASSWORD_ENV, "from-env")
    assert smtp_password("smtp.example.org", "desk") == "from-env"


def test_smtp_password_not_needed_without_login(no_keyring: None) -> None:
    """No user name means no login and no password."""
    assert smtp_password("smtp.example.org", "") == ""


def test_export_eml_writes_bytes_atomically(tmp_path: Path) -> None:
    """The .eml holds exactly the message bytes and no temporary file is left behind."""
    data = b"From: a@example.org\r\nSubject: x\r\n\r\nbody\r\n"
    target = export_eml(data, tmp_path / "out" / "message.eml")
    assert target.read_bytes() == data
    assert sorted(p.name for p in target.parent.iterdir()) == ["message.eml"]


def test_export_eml_adds_suffix(tmp_path: Path) -> None:
    """A target without .eml gets the suffix."""
    assert export_eml(b"x", tmp_path / "message").name == "message.eml"


def test_export_eml_unwritable_folder_is_clear(tmp_path: Path) -> None:
    """A folder that cannot be written gives a DeliveryError naming it."""
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(DeliveryError, match="cannot write"):
        export_eml(b"x", blocker / "message.eml")


def test_print_pdf_without_cups_is_clear(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where lp is not installed, printing says CUPS is needed and names the file."""
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(b"%PDF-1.7")
    with pytest.raises(DeliveryError, match="needs CUPS") as caught:
        print_pdf(pdf)
    assert caught.value.file == str(pdf)


def _fake_lp(folder: Path, exit_code: int) -> Path:
    """Write an ``lp`` that records its arguments (CUPS is the boundary we cannot run)."""
    folder.mkdir()
    log = folder / "args.txt"
    script = folder / "lp"
    script.write_text(
        f'#!/bin/sh\nprintf "%s\\n" "$@" > "{log}"\n'
        + (
            'echo "request id is Office-7 (1 file(s))"\nexit 0\n'
            if exit_code == 0
            else 'echo "lp: The printer or class does not exist." >&2\nexit 1\n'
        )
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return log


def test_print_pdf_hands_file_to_lp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The PDF path and the printer go to lp; lp's job line comes back."""
    log = _fake_lp(tmp_path / "bin", 0)
    monkeypatch.setenv("PATH", str(tmp_path / "bin") + os.pathsep + "/usr/bin:/bin")
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(b"%PDF-1.7")
    assert print_pdf(pdf, printer="Office") == "request id is Office-7 (1 file(s))"
    args = log.read_text().split("\n")
    assert "-d" in args and "Office" in args and str(pdf) in args


def test_print_pdf_lp_refusal_is_clear(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Lp's error text is passed on in a DeliveryError."""
    _fake_lp(tmp_path / "bin", 1)
    monkeypatch.setenv("PATH", str(tmp_path / "bin") + os.pathsep + "/usr/bin:/bin")
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(b"%PDF-1.7")
    with pytest.raises(DeliveryError, match="printer or class does not exist"):
        print_pdf(pdf)
