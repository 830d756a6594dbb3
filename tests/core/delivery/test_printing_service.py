"""Printing an issued entry: the PDF goes to lp, the entry becomes 'printed'; changed files are refused."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import pytest

from desktop.core.errors import DeliveryError
from desktop.core.register import Entry, OutputFile
from desktop.core.services.context import AppContext
from desktop.core.services.printing import print_entry


@pytest.fixture()
def ctx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppContext:
    monkeypatch.delenv("MISSIVA_DATABASE_URL", raising=False)
    return AppContext.create(str(tmp_path / "data"))


@pytest.fixture()
def fake_lp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Put an ``lp`` on PATH that records its arguments (CUPS is a boundary we cannot run)."""
    folder = tmp_path / "bin"
    folder.mkdir()
    log = folder / "args.txt"
    script = folder / "lp"
    script.write_text(
        f'#!/bin/sh\nprintf "%s\\n" "$@" > "{log}"\necho "request id is P-1 (1 file(s))"\n'
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", str(folder) + os.pathsep + "/usr/bin:/bin")
    return log


def _issue(ctx: AppContext, folder: Path) -> Entry:
    pdf = folder / "OUT.pdf"
    pdf.write_bytes(b"%PDF-1.7 letter")
    with ctx.register.reserve(ctx.settings.series_by_id("OUT"), kind="letter") as reservation:
        entry = Entry(direction="out", kind="letter", language="en", subject="S")
        entry.files.append(
            OutputFile(
                format="pdf", path=str(pdf), sha256=hashlib.sha256(pdf.read_bytes()).hexdigest()
            )
        )
        reservation.record(entry, status="issued")
    return ctx.register.get(entry.reference)


def test_print_entry_sends_pdf_and_marks_printed(
    ctx: AppContext, fake_lp: Path, tmp_path: Path
) -> None:
    """The registered PDF goes to lp with the reference as title; the entry becomes printed."""
    entry = _issue(ctx, tmp_path)
    assert print_entry(ctx, entry.reference, copies=2) == "request id is P-1 (1 file(s))"
    args = fake_lp.read_text().splitlines()
    assert args[-1] == entry.files[0].path and "2" in args and entry.reference in args
    printed = ctx.register.get(entry.reference)
    assert printed.status == "printed" and printed.printed_at is not None


def test_print_entry_refuses_changed_pdf(ctx: AppContext, fake_lp: Path, tmp_path: Path) -> None:
    """A PDF changed after issue is not printed and the entry keeps its status."""
    entry = _issue(ctx, tmp_path)
    Path(entry.files[0].path).write_bytes(b"%PDF-1.7 forged")
    with pytest.raises(DeliveryError, match="changed since it was issued"):
        print_entry(ctx, entry.reference)
    assert not fake_lp.exists()
    assert ctx.register.get(entry.reference).status == "issued"
