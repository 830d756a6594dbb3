"""Issuing through the real PDF writer: number, file, hash, entry — all or nothing."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from gate_support import proofed

from desktop.core.errors import RenderError
from desktop.core.models import Document, Paragraph, Run
from desktop.core.register import SearchFilters, files
from desktop.core.register.files import recover_temp_files, temp_marker, write_temp
from desktop.core.services.compose import render_bytes
from desktop.core.services.context import AppContext
from desktop.core.services.issuing import (
    file_stem,
    issue_document,
    numbered_document,
    record_incoming,
    save_draft,
)

WHEN = dt.datetime(2026, 11, 22, 10, 0, tzinfo=dt.UTC)


def letter(**changes: object) -> Document:
    """Return a small English letter to Silva & Filhos in the OUT series."""
    values: dict[str, object] = {
        "kind": "letter",
        "language": "en",
        "template_id": "refund-approved",
        "title": "Refund approved",
        "subject": "Your refund for order 4471",
        "date": WHEN.date(),
        "body": (Paragraph((Run("We have approved your refund."),)),),
        "recipient": ("Silva & Filhos", "Rua Augusta 12", "São Paulo"),
        "correspondent_name": "Silva & Filhos",
        "series": "OUT",
        "template_hash": "ab" * 32,
    }
    values.update(changes)
    return Document(**values)  # type: ignore[arg-type]


@pytest.fixture
def ctx(register_url: str, tmp_path: Path) -> Iterator[AppContext]:
    context = AppContext.create(
        str(tmp_path / "data"), clock=lambda: WHEN, database_url=register_url
    )
    yield context
    context.register.close()


def _files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def test_issue_writes_numbered_pdf_and_entry(ctx: AppContext) -> None:
    """The PDF lands in issued/<year>/<series>/ under a safe name; its hash is registered."""
    decision = proofed(ctx, letter())
    result = issue_document(ctx, letter(), decision=decision)
    assert result.reference == "OUT-2026-00001"
    (pdf,) = result.files
    assert pdf.path == ctx.paths.output_dir / "2026" / "OUT" / "OUT-2026-00001 Silva & Filhos.pdf"
    assert hashlib.sha256(pdf.path.read_bytes()).hexdigest() == pdf.sha256
    entry = ctx.register.get(result.reference)
    assert (entry.status, entry.correspondent_name, entry.proofing_summary) == (
        "issued",
        "Silva & Filhos",
        decision.summary,
    )
    assert entry.verification_code == result.verification_code
    assert ctx.register.verify_chain().ok


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_issue_prints_reference_and_code_on_the_page(ctx: AppContext) -> None:
    """The attestation (reference and verification code) is on the issued PDF."""
    result = issue_document(ctx, letter(), decision=proofed(ctx, letter()))
    text = subprocess.run(
        ["pdftotext", str(result.files[0].path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert result.reference in text and result.verification_code in text


def test_issue_keeps_override_reason(ctx: AppContext) -> None:
    """An override reason given at the proofing gate is stored with the entry."""
    brand = letter(body=(Paragraph((Run("We have approved your refund for [ORDER NUMBER]."),)),))
    result = issue_document(ctx, brand, decision=proofed(ctx, brand, "brand name"))
    assert ctx.register.get(result.entry_id).override_reason == "brand name"
    assert result.override_reason == "brand name"


@pytest.mark.parametrize("key_is_new", [False, True])
def test_issue_idempotency_key_issues_once(
    ctx: AppContext, tmp_path: Path, key_is_new: bool
) -> None:
    """Issuing twice with one key returns the first entry and consumes one number.

    With ``key_is_new`` (the batch merge's promise that it just looked the key up) the second
    issue is not looked up first: the register refuses the duplicate key, the transaction rolls
    back (its number and temporary files with it) and the first entry is returned.
    """
    out = tmp_path / "o"
    first = issue_document(
        ctx, letter(), idempotency_key="merge:1:row-7", out_dir=out, decision=proofed(ctx, letter())
    )
    again = issue_document(
        ctx,
        letter(),
        idempotency_key="merge:1:row-7",
        out_dir=out,
        key_is_new=key_is_new,
        decision=proofed(ctx, letter()),
    )
    assert again == first
    assert ctx.register.preview_next_reference(ctx.settings.series_by_id("OUT")) == "OUT-2026-00002"
    assert _files_in(out) == sorted(f.path.name for f in first.files)


def test_issue_result_is_what_the_register_holds(ctx: AppContext, tmp_path: Path) -> None:
    """The result built in the issuing transaction equals the committed entry read back."""
    result = issue_document(
        ctx,
        letter(),
        formats=("pdf", "docx"),
        out_dir=tmp_path / "o",
        decision=proofed(ctx, letter()),
    )
    entry = ctx.register.get(result.entry_id)
    assert (result.reference, result.verification_code) == (
        entry.reference,
        entry.verification_code,
    )
    assert [(f.format, str(f.path), f.sha256) for f in result.files] == [
        (f.format, f.path, f.sha256) for f in entry.files
    ]
    for item, stored in zip(result.files, entry.files, strict=True):
        data = item.path.read_bytes()
        assert (hashlib.sha256(data).hexdigest(), len(data)) == (item.sha256, stored.size)


def test_issue_failure_in_after_write_leaves_nothing(ctx: AppContext, tmp_path: Path) -> None:
    """A hook failing after the files are written removes them and consumes no number."""
    out = tmp_path / "out"

    def refuse(_files: object) -> None:
        raise RuntimeError("signing failed")

    with pytest.raises(RuntimeError):
        issue_document(
            ctx, letter(), out_dir=out, after_write=refuse, decision=proofed(ctx, letter())
        )
    assert _files_in(out) == []
    assert ctx.register.search(SearchFilters())[1] == 0
    assert (
        issue_document(ctx, letter(), out_dir=out, decision=proofed(ctx, letter())).reference
        == "OUT-2026-00001"
    )


def test_issue_disk_failure_while_writing_pdf_rolls_back(
    ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk while the PDF is written: a clear error, no file, no entry, no number."""
    out = tmp_path / "out"

    def disk_full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with monkeypatch.context() as patch:
        patch.setattr(os, "fsync", disk_full)
        with pytest.raises(RenderError, match="cannot write the PDF file"):
            issue_document(ctx, letter(), out_dir=out, decision=proofed(ctx, letter()))
    assert _files_in(out) == []
    assert ctx.register.search(SearchFilters())[1] == 0
    assert ctx.register.preview_next_reference(ctx.settings.series_by_id("OUT")) == "OUT-2026-00001"


def test_issue_folder_in_the_way_rolls_back(ctx: AppContext, tmp_path: Path) -> None:
    """A folder where the PDF must go stops issuing before the commit."""
    out = tmp_path / "out"
    (out / "OUT-2026-00001 Silva & Filhos.pdf").mkdir(parents=True)
    with pytest.raises(RenderError, match="in the way"):
        issue_document(ctx, letter(), out_dir=out, decision=proofed(ctx, letter()))
    assert _files_in(out) == []
    assert ctx.register.search(SearchFilters())[1] == 0


def _written_ahead(ctx: AppContext, out: Path, reference: str) -> tuple[files.WrittenFile, bytes]:
    """Write a letter's PDF ahead of numbering, as a merge worker does: path and bytes."""
    out.mkdir(parents=True, exist_ok=True)
    data = render_bytes(ctx, numbered_document(letter(), reference, "ABCD-EFGH"), "pdf")
    data += b"% written ahead\n"  # tells these bytes from a new rendering
    temp = out / f"{file_stem(reference, letter())}.pdf{temp_marker()}"
    return write_temp(temp, data), data


def _never(_doc: Document, _fmt: str) -> bytes:
    raise AssertionError("a file written ahead for this reference was rendered again")


def test_issue_uses_the_file_written_ahead_for_its_reference(
    ctx: AppContext, tmp_path: Path
) -> None:
    """The file written ahead with the reference the register hands out is the issued file."""
    out = tmp_path / "o"
    ahead, data = _written_ahead(ctx, out, "OUT-2026-00001")
    result = issue_document(
        ctx,
        letter(),
        out_dir=out,
        verification_code="ABCD-EFGH",
        render=_never,
        written_ahead={"pdf": ahead},
        ahead_reference="OUT-2026-00001",
        decision=proofed(ctx, letter()),
    )
    (issued,) = result.files
    assert issued.path.read_bytes() == data
    assert issued.sha256 == hashlib.sha256(data).hexdigest()
    assert ctx.register.get(result.entry_id).files[0].size == len(data)
    assert _files_in(out) == [issued.path.name]


def test_issue_deletes_a_file_written_ahead_for_another_reference(
    ctx: AppContext, tmp_path: Path
) -> None:
    """Another desk took the predicted number: the file written ahead goes, a new one is made."""
    out = tmp_path / "o"
    issue_document(ctx, letter(), out_dir=tmp_path / "desk", decision=proofed(ctx, letter()))
    ahead, data = _written_ahead(ctx, out, "OUT-2026-00001")
    result = issue_document(
        ctx,
        letter(),
        out_dir=out,
        verification_code="ABCD-EFGH",
        written_ahead={"pdf": ahead},
        ahead_reference="OUT-2026-00001",
        decision=proofed(ctx, letter()),
    )
    assert result.reference == "OUT-2026-00002"
    (issued,) = result.files
    assert issued.path.read_bytes() != data and not ahead.path.exists()
    assert _files_in(out) == [issued.path.name]


def test_issue_failure_deletes_the_files_written_ahead(ctx: AppContext, tmp_path: Path) -> None:
    """A failure before the commit removes the file written ahead too: no file, no number."""
    out = tmp_path / "o"
    ahead, _data = _written_ahead(ctx, out, "OUT-2026-00001")

    def refuse(_files: object) -> None:
        raise RuntimeError("signing failed")

    with pytest.raises(RuntimeError):
        issue_document(
            ctx,
            letter(),
            out_dir=out,
            after_write=refuse,
            written_ahead={"pdf": ahead},
            ahead_reference="OUT-2026-00001",
            decision=proofed(ctx, letter()),
        )
    assert _files_in(out) == []
    assert ctx.register.preview_next_reference(ctx.settings.series_by_id("OUT")) == "OUT-2026-00001"


def test_issue_reply_marks_incoming_replied(ctx: AppContext) -> None:
    """Answering an incoming item links the letter and takes the item off the overdue list."""
    incoming = record_incoming(
        ctx, sender="Silva & Filhos", subject="Complaint", received=dt.date(2026, 11, 2)
    )
    assert ctx.register.search(SearchFilters(overdue=True))[1] == 1
    reply = issue_document(
        ctx, letter(), in_reply_to=incoming.reference, decision=proofed(ctx, letter())
    )
    assert ctx.register.get(reply.entry_id).in_reply_to_id == incoming.id
    assert ctx.register.get(incoming.id).status == "replied"
    assert ctx.register.search(SearchFilters(overdue=True))[1] == 0
    assert ctx.register.verify_chain().ok


def test_issue_file_name_is_safe(ctx: AppContext, tmp_path: Path) -> None:
    """Slashes in the reference and forbidden characters in the name never reach the file system."""
    doc = letter(series="CS", correspondent_name='Ana: "A/B" <Ltda>?')
    result = issue_document(ctx, doc, out_dir=tmp_path / "o", decision=proofed(ctx, doc))
    assert result.reference == "001/CS/XI/2026"
    assert result.files[0].path.name == "001-CS-XI-2026 Ana A B Ltda.pdf"


def test_issue_several_formats(ctx: AppContext, tmp_path: Path) -> None:
    """PDF and plain text are issued together under one reference."""
    result = issue_document(
        ctx,
        letter(),
        formats=("pdf", "txt"),
        out_dir=tmp_path / "o",
        decision=proofed(ctx, letter()),
    )
    assert sorted(f.format for f in result.files) == ["pdf", "txt"]
    assert _files_in(tmp_path / "o") == [
        "OUT-2026-00001 Silva & Filhos.pdf",
        "OUT-2026-00001 Silva & Filhos.txt",
    ]


def test_issue_verify_file_answers_genuine_then_changed(ctx: AppContext) -> None:
    """check_file finds the issued PDF by hash; one changed byte makes it 'changed'."""
    path = issue_document(ctx, letter(), decision=proofed(ctx, letter())).files[0].path
    assert ctx.register.check_file(path).result == "genuine"
    data = bytearray(path.read_bytes())
    data[-10] ^= 0x01
    path.write_bytes(bytes(data))
    assert ctx.register.check_file(path).result == "changed"
    assert not ctx.register.verify_chain().ok


def test_save_draft_has_no_number(ctx: AppContext) -> None:
    """A draft is stored without reference and updated in place."""
    draft_id = save_draft(ctx, letter())
    save_draft(ctx, letter(subject="Changed subject"), draft_id=draft_id)
    entry = ctx.register.get(draft_id)
    assert (entry.reference, entry.status, entry.subject) == (None, "draft", "Changed subject")
    assert (
        issue_document(ctx, letter(), decision=proofed(ctx, letter())).reference == "OUT-2026-00001"
    )


def test_recover_finishes_rename_after_commit(ctx: AppContext) -> None:
    """A committed file left under its temporary name by a killed process is moved into place."""
    result = issue_document(ctx, letter(), decision=proofed(ctx, letter()))
    final = result.files[0].path
    stale = final.with_name(final.name + ".~missiva-000000-999999999-0badcafe.tmp")
    final.rename(stale)
    os.utime(stale, (time.time() - 2 * 86400,) * 2)
    assert recover_temp_files(ctx.register, final.parent) == [final]
    assert final.is_file() and not stale.exists()
    assert ctx.register.verify_chain().ok


def test_recover_skips_a_temp_file_that_vanishes_meanwhile(
    ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A temp file renamed by its own writer between listing and reading is skipped, not fatal.

    Found by CI: four processes issuing into one folder, one listed another's temp file and
    crashed on it. Here the writer "exits" (os.kill says no such process) right after moving
    its file into place, so recovery hashes a path that no longer exists.
    """
    result = issue_document(ctx, letter(), decision=proofed(ctx, letter()))
    final = result.files[0].path
    racing = final.with_name(f"{final.name}.~missiva-{files._host_tag()}-999999999-0badcafe.tmp")
    final.rename(racing)
    real_kill = os.kill

    def writer_finishes_then_exits(pid: int, sig: int) -> None:
        if pid == 999999999 and racing.exists():
            racing.rename(final)
            raise ProcessLookupError(pid)
        real_kill(pid, sig)

    monkeypatch.setattr(os, "kill", writer_finishes_then_exits)
    assert recover_temp_files(ctx.register, final.parent) == []
    assert final.is_file() and not racing.exists()


_KILLED = r"""
import datetime as dt, sys, time
from pathlib import Path
from desktop.core.models import Document, Paragraph, Run
from desktop.core.services.context import AppContext
from desktop.core.proofing import gate
from desktop.core.services.issuing import issue_document

data_dir, url, ready = sys.argv[1], sys.argv[2], Path(sys.argv[3])
ctx = AppContext.create(data_dir, clock=lambda: dt.datetime(2026, 11, 22, 10, 0, tzinfo=dt.UTC), database_url=url)
doc = Document(kind="letter", language="en", template_id="t", title="T", subject="Killed",
               date=dt.date(2026, 11, 22), body=(Paragraph((Run("x"),)),), series="OUT",
               correspondent_name="Silva & Filhos")

def hang(files):
    ready.write_text("\n".join(str(f.path) for f in files))
    time.sleep(600)

issue_document(ctx, doc, after_write=hang, decision=gate(ctx.proofer.check_document(doc), 'test'))
"""


def test_issue_sigkill_mid_issue_leaves_nothing(
    ctx: AppContext, register_url: str, tmp_path: Path
) -> None:
    """A process killed after writing the PDF but before the commit takes no number and leaves no letter."""
    ready = tmp_path / "ready"
    ctx.register  # noqa: B018 - migrate before the child starts
    child = subprocess.Popen(
        [sys.executable, "-c", _KILLED, str(ctx.paths.data_dir), register_url, str(ready)]
    )
    try:
        deadline = time.monotonic() + 120
        while not ready.exists() and time.monotonic() < deadline and child.poll() is None:
            time.sleep(0.02)
        assert ready.exists(), "the child never reached the write step"
        temp = Path(ready.read_text())
        assert temp.is_file()  # the PDF was written (under its temporary name)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    folder = temp.parent
    assert [p.name for p in folder.iterdir() if ".~missiva-" not in p.name] == []
    assert ctx.register.search(SearchFilters())[1] == 0
    result = issue_document(ctx, letter(), decision=proofed(ctx, letter()))
    assert result.reference == "OUT-2026-00001"
    assert _files_in(folder) == ["OUT-2026-00001 Silva & Filhos.pdf"]  # the stale temp was removed


def test_core_api_refuses_issuing_without_the_gates_decision(ctx: AppContext) -> None:
    """A script calling the core directly cannot skip proofing or reuse another text's decision.

    Refused before a number is taken: a summary dict instead of a decision, a decision made
    for another text, and a decision with blocking findings whose reason was stripped. Then
    the letter issues normally as number 1.
    """
    from dataclasses import replace

    from desktop.core.errors import GateBlocked

    wrong = letter(body=(Paragraph((Run("We have approved your refund for [ORDER NUMBER]."),)),))
    with pytest.raises(GateBlocked, match="proofing gate's decision"):
        issue_document(ctx, letter(), decision={"by_severity": {"error": 0}})  # type: ignore[arg-type]
    with pytest.raises(GateBlocked, match="not the text that was proofed"):
        issue_document(ctx, wrong, decision=proofed(ctx, letter()))
    blocked = proofed(ctx, wrong, "typo in a quoted name")
    assert blocked.blocking == 1
    with pytest.raises(GateBlocked, match="no reason"):
        issue_document(ctx, wrong, decision=replace(blocked, override_reason=None))
    assert ctx.register.search(SearchFilters())[1] == 0
    assert issue_document(ctx, letter(), decision=proofed(ctx, letter())).reference.endswith("1")
