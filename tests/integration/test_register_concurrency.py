"""Several processes issuing at once in one series get every number exactly once."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import text

from desktop.core.register import open_register

PROCESSES = 4
PER_PROCESS = 50

# Each worker opens the register itself, waits for the start signal, then issues its letters.
_WORKER = r"""
import datetime as dt, sys, time
from pathlib import Path
from desktop.core.register import Entry, open_register
from desktop.core.settings import Series

url, go, worker, count = sys.argv[1], Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
open_late = len(sys.argv) > 5
register = None if open_late else open_register(url, clock=lambda: dt.datetime.now(dt.UTC))
series = Series(id="OUT", pattern="OUT-{year}-{seq:05}", reset="never")
(go.parent / f"ready-{worker}").touch()
while not go.exists():
    time.sleep(0.005)
register = register or open_register(url, clock=lambda: dt.datetime.now(dt.UTC))
for n in range(count):
    with register.reserve(series) as reservation:
        reservation.record(Entry(kind="letter", subject=f"worker {worker} letter {n}"))
register.close()
"""

# Each issuer renders and registers real PDFs through the issuing service.
_ISSUER = r"""
import datetime as dt, sys, time
from pathlib import Path
from desktop.core.models import Document, Paragraph, Run
from desktop.core.services.context import AppContext
from desktop.core.proofing import gate
from desktop.core.services.issuing import issue_document

url, go, worker, count, data_dir, out = sys.argv[1], Path(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5], Path(sys.argv[6])
ctx = AppContext.create(data_dir, database_url=url)
ctx.register
docs = [
    Document(kind="letter", language="en", template_id="t", title="T", subject=f"Letter {n}",
             date=dt.date(2026, 11, 22), body=(Paragraph((Run("Hello"),)),), series="OUT",
             correspondent_name=f"Customer {worker}-{n}")
    for n in range(count)
]
decisions = [gate(ctx.proofer.check_document(doc), "test letter") for doc in docs]  # before go
(go.parent / f"ready-{worker}").touch()
while not go.exists():
    time.sleep(0.005)
for doc, decision in zip(docs, decisions):
    issue_document(ctx, doc, out_dir=out, decision=decision)
"""


def _run_workers(
    url: str, tmp_path: Path, script: str, extra: list[str], per_process: int = PER_PROCESS
) -> None:
    go = tmp_path / "go"
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", script, url, str(go), str(i), str(per_process), *extra],
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(PROCESSES)
    ]
    deadline = time.monotonic() + 120
    while len(list(tmp_path.glob("ready-*"))) < PROCESSES and time.monotonic() < deadline:
        time.sleep(0.01)
    go.touch()
    for worker in workers:
        _out, err = worker.communicate(timeout=240)
        assert worker.returncode == 0, err


def test_register_concurrent_issue_numbers_are_unique_and_gapless(
    register_url: str, tmp_path: Path
) -> None:
    """Four processes x 50 issued PDFs -> 200 entries and files numbered 1..200, each once."""
    open_register(register_url, clock=lambda: dt.datetime.now(dt.UTC)).close()  # migrate first
    out = tmp_path / "out"
    _run_workers(register_url, tmp_path, _ISSUER, [str(tmp_path / "data"), str(out)])
    register = open_register(register_url, clock=lambda: dt.datetime.now(dt.UTC))
    try:
        with register.engine.connect() as conn:
            seqs = sorted(
                conn.execute(text("SELECT seq FROM entries WHERE series = 'OUT'")).scalars()
            )
        assert seqs == list(range(1, PROCESSES * PER_PROCESS + 1))
        assert len(list(out.glob("OUT-*.pdf"))) == PROCESSES * PER_PROCESS
        assert not list(out.glob("*.~missiva-*"))
        assert register.verify_chain().ok
    finally:
        register.close()


def test_register_concurrent_first_open_migrates_once(register_url: str, tmp_path: Path) -> None:
    """Four processes opening a new register at once migrate it once; 4 x 5 numbers, each once."""
    _run_workers(register_url, tmp_path, _WORKER, ["open-late"], per_process=5)
    register = open_register(register_url, clock=lambda: dt.datetime.now(dt.UTC))
    try:
        with register.engine.connect() as conn:
            seqs = sorted(conn.execute(text("SELECT seq FROM entries")).scalars())
        assert seqs == list(range(1, PROCESSES * 5 + 1))
    finally:
        register.close()
