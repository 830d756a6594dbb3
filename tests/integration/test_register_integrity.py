"""Tampering with the register is detected by verify_chain (database edits and file changes)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop.core.register import Entry, OutputFile, Register, open_register
from desktop.core.settings import Series

OUT = Series(id="OUT", pattern="OUT-{year}-{seq:05}")


@pytest.fixture
def register(register_url: str, tmp_path: Path) -> Iterator[Register]:
    reg = open_register(register_url, clock=lambda: dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC))
    for number in range(1, 4):
        path = tmp_path / f"letter-{number}.pdf"
        path.write_bytes(f"%PDF-1.7 letter {number}".encode())
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        with reg.reserve(OUT) as reservation:
            entry = Entry(kind="letter", subject=f"Refund {number}", correspondent_name="Ana")
            entry.files.append(OutputFile(format="pdf", path=str(path), sha256=digest, size=20))
            reservation.record(entry)
    yield reg
    reg.close()


def _sql(register: Register, statement: str, **params: object) -> None:
    with register.engine.begin() as conn:
        conn.execute(text(statement), params)


def test_register_verify_clean_chain(register: Register) -> None:
    """An untouched register verifies with no problem."""
    report = register.verify_chain()
    assert report.ok, report.problems
    assert (report.entries_checked, report.files_checked) == (3, 3)


def test_register_verify_detects_edited_subject(register: Register) -> None:
    """Changing a subject directly in the database breaks that entry's hash."""
    _sql(register, "UPDATE entries SET subject = 'Refund 200' WHERE reference = 'OUT-2026-00002'")
    report = register.verify_chain()
    assert not report.ok
    assert report.first_broken is not None
    assert (report.first_broken.kind, report.first_broken.reference) == ("edited", "OUT-2026-00002")


def test_register_verify_detects_deleted_row(register: Register) -> None:
    """Deleting a row in the middle leaves a gap the walk reports."""
    _sql(register, "DELETE FROM status_changes WHERE entry_id = 2")
    _sql(register, "DELETE FROM output_files WHERE entry_id = 2")
    _sql(register, "DELETE FROM entries WHERE id = 2")
    report = register.verify_chain()
    assert report.first_broken is not None
    assert report.first_broken.kind == "deleted"
    assert "OUT-2026-00001" in report.first_broken.detail


def test_register_verify_detects_deleted_newest_row(register: Register) -> None:
    """Deleting the newest row is caught by the chain head."""
    _sql(register, "DELETE FROM entries WHERE id = 3")
    report = register.verify_chain()
    assert [p.kind for p in report.problems] == ["deleted"]


def test_register_verify_detects_changed_file(register: Register, tmp_path: Path) -> None:
    """Changing one byte of an output file is reported as a changed file."""
    path = tmp_path / "letter-2.pdf"
    data = bytearray(path.read_bytes())
    data[3] ^= 0x01
    path.write_bytes(bytes(data))
    report = register.verify_chain()
    assert [(p.kind, p.reference) for p in report.problems] == [("file_changed", "OUT-2026-00002")]


def test_register_verify_detects_missing_file(register: Register, tmp_path: Path) -> None:
    """A deleted output file is reported as missing."""
    (tmp_path / "letter-1.pdf").unlink()
    report = register.verify_chain()
    assert [(p.kind, p.reference) for p in report.problems] == [("file_missing", "OUT-2026-00001")]


def test_register_verify_detects_status_edit(register: Register) -> None:
    """A status changed without a history row is reported."""
    _sql(register, "UPDATE entries SET status = 'void' WHERE id = 1")
    report = register.verify_chain()
    assert [p.kind for p in report.problems] == ["history_edited"]


def test_register_verify_detects_edited_history(register: Register) -> None:
    """Rewriting a void reason in the history is reported."""
    register.void("OUT-2026-00003", "wrong address")
    _sql(register, "UPDATE status_changes SET note = 'customer asked' WHERE note = 'wrong address'")
    report = register.verify_chain()
    assert [p.kind for p in report.problems] == ["history_edited"]


def test_register_verify_accepts_status_changes(register: Register) -> None:
    """Legitimate status changes (sent, void) keep the chain valid."""
    register.set_status("OUT-2026-00001", "sent", "by e-mail")
    register.void("OUT-2026-00002", "duplicate")
    assert register.verify_chain().ok
