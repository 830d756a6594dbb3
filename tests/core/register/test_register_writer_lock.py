"""The SQLite writers' file lock: threads and processes take turns, kept-open files stay right."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from sqlalchemy import create_engine

from desktop.core.register.db import writer_lock


def _holds_while(engine_path: Path, seconds: float) -> float:
    """Hold the lock in another thread for ``seconds``; return when this thread got it."""
    engine = create_engine(f"sqlite:///{engine_path}")
    taken = threading.Event()

    def hold() -> None:
        with writer_lock(engine):
            taken.set()
            time.sleep(seconds)

    other = threading.Thread(target=hold)
    other.start()
    taken.wait(5)
    started = time.monotonic()
    with writer_lock(engine):
        waited = time.monotonic() - started
    other.join()
    return waited


def test_writer_lock_excludes_another_thread_also_when_kept_open(tmp_path: Path) -> None:
    """A second thread waits for the first, on a lock file each thread has kept open before."""
    database = tmp_path / "register.sqlite"
    engine = create_engine(f"sqlite:///{database}")
    with writer_lock(engine):  # this thread's lock file is now kept open
        pass
    assert _holds_while(database, 0.3) >= 0.25


def test_writer_lock_excludes_another_process(tmp_path: Path) -> None:
    """A process holding the lock makes this one wait (this one's file was kept open)."""
    database = tmp_path / "register.sqlite"
    engine = create_engine(f"sqlite:///{database}")
    with writer_lock(engine):
        pass
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from sqlalchemy import create_engine;"
            "from desktop.core.register.db import writer_lock;"
            f"e = create_engine('sqlite:///{database}');"
            "cm = writer_lock(e); cm.__enter__(); print('held', flush=True); time.sleep(0.5);"
            "cm.__exit__(None, None, None)",
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[3],
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    started = time.monotonic()
    with writer_lock(engine):
        waited = time.monotonic() - started
    holder.wait(10)
    assert waited >= 0.3


def test_writer_lock_follows_a_replaced_lock_file(tmp_path: Path) -> None:
    """A lock file deleted and made again: the kept-open one is dropped for the new one."""
    database = tmp_path / "register.sqlite"
    engine = create_engine(f"sqlite:///{database}")
    with writer_lock(engine):
        pass
    lock = Path(f"{database}-writer.lock")
    lock.unlink()
    lock.write_bytes(b"")  # what another process's first lock makes
    assert _holds_while(database, 0.3) >= 0.25


def test_writer_lock_keeps_few_files_open(tmp_path: Path) -> None:
    """Writing to many databases in turn does not keep a lock file open for each."""
    before = len(os.listdir(f"/proc/{os.getpid()}/fd"))
    for number in range(20):
        engine = create_engine(f"sqlite:///{tmp_path / f'r{number}.sqlite'}")
        with writer_lock(engine):
            pass
        engine.dispose()
    assert len(os.listdir(f"/proc/{os.getpid()}/fd")) - before <= 4
