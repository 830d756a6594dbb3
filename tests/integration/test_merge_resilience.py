"""Resilience of the batch merge against real failures: kill -9, SMTP down, a locked register."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import os
import random
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.core.register import SearchFilters
from desktop.core.services.context import AppContext
from desktop.core.services.merge import plan_merge, run_merge

pytestmark = pytest.mark.slow


def _orders_csv(path: Path, count: int) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["customer_name", "customer_email", "order_number", "refund_amount", "refund_date"]
        )
        for i in range(1, count + 1):
            writer.writerow(
                [
                    f"Silva & Filhos <Ltda> {i}",
                    f"c{i}@example.com",
                    f"A-{i}",
                    "1250.50",
                    "2026-12-01",
                ]
            )
    return path


def _clock() -> dt.datetime:
    return dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)


def _references(ctx: AppContext) -> list[str]:
    found, _ = ctx.register.search(SearchFilters(), page=1, page_size=10_000)
    return sorted(e.reference for e in found)


def _merge_command(data_dir: Path, data: Path, out: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "desktop.cli",
        "merge",
        "refund-approved",
        "--language",
        "en",
        "--data",
        str(data),
        "--out",
        str(out),
        "--format",
        "pdf",
        "--data-dir",
        str(data_dir),
        "--json",
    ]


def test_merge_killed_at_random_points_resumes_to_exactly_200(tmp_path: Path) -> None:
    """SIGKILL a 200-row merge three times, then finish: 200 entries, 1..200 once, files intact."""
    data = _orders_csv(tmp_path / "orders.csv", 200)
    data_dir, out = tmp_path / "data", tmp_path / "out"
    seed = int(os.environ.get("MISSIVA_KILL_SEED", random.randrange(1_000_000)))
    chance = random.Random(seed)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    for _attempt in range(3):
        process = subprocess.Popen(
            _merge_command(data_dir, data, out),
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(2.0 + chance.random() * 4.0)
        process.send_signal(signal.SIGKILL)
        process.wait()
    final = subprocess.run(
        _merge_command(data_dir, data, out), env=env, capture_output=True, text=True, check=False
    )
    assert final.returncode == 0, f"seed {seed}: {final.stderr}"

    ctx = AppContext.create(str(data_dir))
    year = ctx.today().year  # the subprocesses numbered with the real clock
    assert _references(ctx) == sorted(f"OUT-{year}-{n:05d}" for n in range(1, 201)), f"seed {seed}"
    for reference in _references(ctx):
        entry = ctx.register.get(reference)
        (pdf,) = entry.files
        content = Path(pdf.path).read_bytes()
        assert content.startswith(b"%PDF") and content.rstrip().endswith(b"%%EOF")
        assert hashlib.sha256(content).hexdigest() == pdf.sha256
    assert sorted(p.suffix for p in out.iterdir()) == [".pdf"] * 200, f"seed {seed}: stray files"
    assert ctx.register.verify_chain().ok


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_merge_send_with_smtp_down_queues_then_sends_exactly_once(tmp_path: Path) -> None:
    """Letters are issued while the server is down; mail waits in the outbox and goes out once."""
    from aiosmtpd.controller import Controller

    from desktop.core.services.mail import list_outbox, retry_due

    port = _free_port()
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "settings.toml").write_text(
        f'[mail]\nhost = "127.0.0.1"\nport = {port}\nsecurity = "none"\nfrom_address = "care@example.com"\n'
        "timeout_seconds = 3\n",
        encoding="utf-8",
    )
    ctx = AppContext.create(str(data_dir), clock=_clock)
    rows = tmp_path / "orders.csv"
    with rows.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["customer_name", "customer_email", "order_number", "order_date", "amount"])
        for i in range(1, 5):
            writer.writerow([f"Ana {i}", f"ana{i}@example.com", f"B-{i}", "2026-11-20", "99.90"])
    plan = plan_merge(ctx, "payment-received", "en", rows, formats="html,txt")
    report = run_merge(ctx, plan, send=True)
    assert len(report.issued) == 4 and report.mail_queued == 4 and report.mail_sent == 0
    waiting = list_outbox(ctx)
    assert len(waiting) == 4 and all(item.status != "sent" and item.last_error for item in waiting)

    received: list[bytes] = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            received.append(envelope.original_content or envelope.content)
            return "250 OK"

    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        retry_due(ctx, include_not_due=True)
        retry_due(ctx, include_not_due=True)
        again = run_merge(
            ctx, plan_merge(ctx, "payment-received", "en", rows, formats="html,txt"), send=True
        )
    finally:
        controller.stop()
    assert again.already_issued == 4 and again.mail_queued == 0
    assert len(received) == 4
    assert sorted(item.status for item in list_outbox(ctx)) == ["sent"] * 4


def test_merge_waits_for_a_locked_register_then_stops_with_a_clear_message(tmp_path: Path) -> None:
    """Another process holding the write lock makes the merge wait, then stop; nothing is lost."""
    data = _orders_csv(tmp_path / "orders.csv", 3)
    ctx = AppContext.create(str(tmp_path / "data"), clock=_clock)
    plan = plan_merge(ctx, "refund-approved", "en", data)
    assert ctx.register.preview_next_reference(ctx.settings.series_by_id("OUT")) == "OUT-2026-00001"
    database = ctx.paths.database_file
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3,sys,time; c=sqlite3.connect(sys.argv[1], isolation_level=None); "
            "c.execute('BEGIN IMMEDIATE'); print('locked', flush=True); time.sleep(120)",
            str(database),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        report = run_merge(ctx, plan, out_dir=tmp_path / "out")
    finally:
        holder.kill()
        holder.wait()
    assert "locked by another program" in report.stopped
    assert report.issued == []
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []
    resumed = run_merge(
        ctx, plan_merge(ctx, "refund-approved", "en", data), out_dir=tmp_path / "out"
    )
    assert [e["reference"] for e in resumed.issued] == [
        "OUT-2026-00001",
        "OUT-2026-00002",
        "OUT-2026-00003",
    ]
