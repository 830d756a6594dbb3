"""The witness (decision 0015): truncation and rollback of the register are detected.

Each case runs on a real SQLite file and on the real PostgreSQL server of
``tests/integration/conftest.py``. The register is tampered with the way someone with write
access would: rows deleted and the chain head and counter moved back so the chain itself is
consistent, or the database replaced by an older copy of itself.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from gate_support import proofed, small_letter
from sqlalchemy import text
from typer.testing import CliRunner

from desktop.cli import build_app
from desktop.core.paths import DATABASE_URL_ENV
from desktop.core.register import WITNESS_NAME, Register, open_register
from desktop.core.services.context import AppContext
from desktop.core.services.issuing import IssueResult, issue_document, record_incoming

WHEN = dt.datetime(2026, 11, 22, 10, 0, tzinfo=dt.UTC)


letter = small_letter


def _context(data: Path, url: str) -> AppContext:
    return AppContext.create(str(data), clock=lambda: WHEN, database_url=url)


@pytest.fixture
def ctx(register_url: str, tmp_path: Path) -> Iterator[AppContext]:
    context = _context(tmp_path / "data", register_url)
    yield context
    context.register.close()


def issue(ctx: AppContext, name: str = "Silva & Filhos") -> IssueResult:
    """Issue a letter as a PDF (it carries its reference and code) into the data folder."""
    return issue_document(ctx, letter(name), formats=("pdf",), decision=proofed(ctx, letter(name)))


def folders(ctx: AppContext) -> tuple[Path, Path]:
    return (ctx.paths.output_dir, ctx.paths.incoming_dir)


def _sql(register: Register, statement: str, **params: object) -> None:
    with register.engine.begin() as conn:
        conn.execute(text(statement), params)


def _scalar(register: Register, statement: str, **params: object) -> object:
    with register.engine.connect() as conn:
        return conn.execute(text(statement), params).scalar()


def drop_newest(register: Register) -> None:
    """Delete the newest entry and move the chain head and its counter back: a clean chain."""
    last = int(_scalar(register, "SELECT max(chain_seq) FROM entries") or 0)
    entry_id = _scalar(register, "SELECT id FROM entries WHERE chain_seq = :s", s=last)
    before = _scalar(register, "SELECT entry_hash FROM entries WHERE chain_seq = :s", s=last - 1)
    _sql(register, "DELETE FROM status_changes WHERE entry_id = :i", i=entry_id)
    _sql(register, "DELETE FROM output_files WHERE entry_id = :i", i=entry_id)
    _sql(register, "DELETE FROM entries WHERE id = :i", i=entry_id)
    _sql(register, "UPDATE chain_head SET last_seq = :s, last_hash = :h", s=last - 1, h=before)
    _sql(register, "UPDATE counters SET value = value - 1 WHERE series = 'OUT'")


def kinds(report: object) -> list[str]:
    return [p.kind for p in report.problems]  # type: ignore[attr-defined]


def test_normal_operation_is_intact(ctx: AppContext, tmp_path: Path) -> None:
    """Issue, void, an incoming item with its file and a reply: intact, every step witnessed."""
    first = issue(ctx)
    issue(ctx, "Ana Souza")
    ctx.register.void(first.reference, "Sent to the wrong customer")
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4 scan")
    incoming = record_incoming(ctx, sender="Budi", subject="Refund request", file=scan)
    issue_document(
        ctx,
        letter("Budi"),
        formats=("pdf",),
        decision=proofed(ctx, letter("Budi")),
        in_reply_to=incoming.reference,
    )
    report = ctx.register.verify_chain(folders=folders(ctx))
    assert report.ok, report.problems
    lines = (ctx.paths.data_dir / WITNESS_NAME).read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["kind"] for r in records] == [
        "start",
        "append",
        "append",
        "seen",  # the void
        "append",  # the incoming item
        "append",  # the reply ...
        "seen",  # ... marking the incoming item replied
        "seen",  # the clean verify
    ]
    assert [r["n"] for r in records] == list(range(1, 9))
    assert max(r["seq"] for r in records) == 4


def test_deleted_newest_entry_with_head_moved_back_fails(ctx: AppContext) -> None:
    """Deleting the newest entry and moving head and counter back is caught, naming seq 3."""
    for name in ("Ana", "Budi", "Citra"):
        issue(ctx, name)
    lost_file = ctx.register.get("OUT-2026-00003").files[0].path
    drop_newest(ctx.register)
    blind = open_register(ctx.database_url, clock=lambda: WHEN)  # no witness: fooled
    try:
        assert blind.verify_chain().ok
    finally:
        blind.close()
    report = ctx.register.verify_chain(folders=folders(ctx))
    assert not report.ok
    lost = [p for p in report.problems if p.kind == "lost"]
    assert [(p.chain_seq, p.reference) for p in lost] == [(3, "OUT-2026-00003")]
    assert "entry 3 (OUT-2026-00003)" in lost[0].detail and "ends at entry 2" in lost[0].detail
    assert report.first_broken is not None and report.first_broken.chain_seq == 3
    orphans = [p for p in report.problems if p.kind == "unregistered_file"]
    assert len(orphans) == 1 and lost_file in orphans[0].detail
    assert "OUT-2026-00003" in orphans[0].detail


def _snapshot(ctx: AppContext, request: pytest.FixtureRequest, copy: Path) -> None:
    """Take a consistent copy of the register database (SQLite file, or PostgreSQL database)."""
    if ctx.register.dialect == "sqlite":
        source = sqlite3.connect(ctx.register.engine.url.database)
        target = sqlite3.connect(copy)
        with target:
            source.backup(target)
        source.close()
        target.close()
        return
    server = request.getfixturevalue("postgres_server")
    ctx.register.engine.dispose()
    name = ctx.register.engine.url.database
    server.admin(f'CREATE DATABASE "{name}_copy" TEMPLATE "{name}"')


def _restore(ctx: AppContext, request: pytest.FixtureRequest, copy: Path) -> None:
    """Put the copy back in place of the register database."""
    ctx.register.close()
    if ctx.register.dialect == "sqlite":
        database = Path(ctx.register.engine.url.database)
        for suffix in ("-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(copy, database)
        return
    server = request.getfixturevalue("postgres_server")
    name = ctx.register.engine.url.database
    server.admin(f'DROP DATABASE "{name}" WITH (FORCE)')
    server.admin(f'CREATE DATABASE "{name}" TEMPLATE "{name}_copy"')
    server.admin(f'DROP DATABASE "{name}_copy"')


def test_restored_older_copy_fails(
    ctx: AppContext, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """Copy the database, issue two more, put the copy back: verify fails on seq 4 and 5."""
    for name in ("Ana", "Budi", "Citra"):
        issue(ctx, name)
    _snapshot(ctx, request, tmp_path / "copy.sqlite3")
    later = [issue(ctx, name) for name in ("Dewi", "Eko")]
    _restore(ctx, request, tmp_path / "copy.sqlite3")
    again = _context(ctx.paths.data_dir, ctx.database_url)
    try:
        report = again.register.verify_chain(folders=folders(again))
        assert not report.ok
        lost = sorted((p.chain_seq, p.reference) for p in report.problems if p.kind == "lost")
        assert lost == [(4, "OUT-2026-00004"), (5, "OUT-2026-00005")]
        orphaned = {p.reference for p in report.problems if p.kind == "unregistered_file"}
        assert orphaned == {"OUT-2026-00004", "OUT-2026-00005"}
        # the restored register numbers on from 3: the next letter never takes a lost file's name
        reissued = issue(again, "Fajar")
        assert reissued.reference == "OUT-2026-00004"
        assert all(f.path.is_file() for r in later for f in r.files)
        assert reissued.files[0].path not in {f.path for r in later for f in r.files}
    finally:
        again.register.close()


def test_missiva_verify_names_the_lost_letter(
    ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``missiva verify FILE`` (and ``--code``) of a letter whose entry was lost says so."""
    issue(ctx, "Ana")
    lost = issue(ctx, "Budi")
    drop_newest(ctx.register)
    monkeypatch.setenv(DATABASE_URL_ENV, ctx.database_url)
    runner, app = CliRunner(), build_app()
    data = ["--data-dir", str(ctx.paths.data_dir)]
    result = runner.invoke(app, ["verify", str(lost.files[0].path), *data])
    assert result.exit_code == 1, result.output
    assert result.output.startswith("lost: this letter was issued as OUT-2026-00002")
    assert "register entry 2" in result.output and "older copy" in result.output
    result = runner.invoke(app, ["verify", "--code", lost.verification_code, "--json", *data])
    answer = json.loads(result.output)
    assert (answer["result"], answer["reference"], answer["chain_seq"]) == (
        "lost",
        "OUT-2026-00002",
        2,
    )
    result = runner.invoke(app, ["register", "verify", *data])
    assert result.exit_code == 1
    assert "lost: the register has lost entry 2 (OUT-2026-00002)" in result.output
    assert "unregistered_file" in result.output


@pytest.mark.parametrize("damage", ["remove_middle", "edit_middle", "edit_last_hash"])
def test_tampered_witness_is_detected(ctx: AppContext, damage: str) -> None:
    """A witness line removed or edited is reported, naming the line."""
    for name in ("Ana", "Budi", "Citra"):
        issue(ctx, name)
    path = ctx.paths.data_dir / WITNESS_NAME
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 4  # start + three letters
    if damage == "remove_middle":
        del lines[2]
    elif damage == "edit_middle":
        record = json.loads(lines[1])
        record["ref"] = "OUT-2026-99999"
        lines[1] = json.dumps(record, separators=(",", ":"))
    else:
        record = json.loads(lines[-1])
        record["hash"] = "0" * 64
        lines[-1] = json.dumps(record, separators=(",", ":"))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = ctx.register.verify_chain()
    assert not report.ok
    if damage == "edit_last_hash":
        (problem,) = report.problems
        assert (problem.kind, problem.chain_seq) == ("witness_mismatch", 3)
    else:
        (problem,) = report.problems
        assert problem.kind == "witness_damaged"
        assert "line 3" in problem.detail


def test_existing_register_starts_its_witness_at_the_head(
    register_url: str, tmp_path: Path
) -> None:
    """A register used before witnesses gets one at its current head on first open."""
    ctx = _context(tmp_path / "data", register_url)
    ctx.__dict__["register"] = open_register(register_url, clock=lambda: WHEN)  # no witness
    for name in ("Ana", "Budi"):
        issue(ctx, name)
    ctx.register.close()
    del ctx.__dict__["register"]
    witness = ctx.paths.data_dir / WITNESS_NAME
    assert not witness.exists()
    try:
        register = ctx.register  # opened as the application does: the witness starts
        (start,) = [json.loads(line) for line in witness.read_text().splitlines()]
        assert (start["kind"], start["seq"], start["n"]) == ("start", 2, 1)
        assert register.verify_chain(folders=folders(ctx)).ok
        issue(ctx, "Citra")
        drop_newest(register)
        assert [(p.kind, p.chain_seq) for p in register.verify_chain().problems] == [("lost", 3)]
    finally:
        ctx.register.close()


def test_concurrent_desks_each_keep_a_witness(register_url: str, tmp_path: Path) -> None:
    """Two desks (data folders) on one register issue at once; each verifies intact.

    Then the newest entry (one desk's) is dropped: the desk that appended it, and the other
    desk once it has seen that head (a clean verify notes it), both report the loss.
    """
    desks = [_context(tmp_path / f"desk{i}", register_url) for i in (1, 2)]
    errors: list[BaseException] = []

    def work(desk: AppContext, tag: str) -> None:
        try:
            for number in range(6):
                issue(desk, f"{tag} {number}")
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(d, f"Desk{i}")) for i, d in enumerate(desks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert errors == []
        for desk in desks:
            assert desk.register.verify_chain().ok
        appended = [
            {json.loads(line)["seq"] for line in (d.paths.data_dir / WITNESS_NAME).open()}
            for d in desks
        ]
        assert appended[0] | appended[1] >= set(range(1, 13))
        drop_newest(desks[0].register)
        for desk in desks:
            problems = desk.register.verify_chain().problems
            assert [(p.kind, p.chain_seq) for p in problems] == [("lost", 12)]
    finally:
        for desk in desks:
            desk.register.close()


def test_merge_rows_are_witnessed_and_intact(ctx: AppContext, tmp_path: Path) -> None:
    """A batch merge appends one checkpoint per row; the register verifies intact."""
    from desktop.core.services.merge import plan_merge, run_merge

    path = tmp_path / "rows.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["customer_name", "order_number", "refund_amount", "refund_date"])
        for i in range(1, 5):
            writer.writerow([f"Silva {i}", f"A-{i}", "1250", "2026-12-01"])
    plan = plan_merge(ctx, "refund-approved", "en", path)
    report = run_merge(ctx, plan, jobs=2, accept_issues="test data")
    assert len(report.issued) == 4, report.failed
    verified = ctx.register.verify_chain(folders=folders(ctx))
    assert verified.ok, verified.problems
    appends = [
        json.loads(line)
        for line in (ctx.paths.data_dir / WITNESS_NAME).open()
        if '"kind":"append"' in line
    ]
    assert sorted(a["ref"] for a in appends) == [f"OUT-2026-0000{i}" for i in range(1, 5)]
