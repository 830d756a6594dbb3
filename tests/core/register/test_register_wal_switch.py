"""Opening a SQLite register while another connection is writing waits instead of failing.

Switching a file to WAL needs the whole file; while another connection holds a write lock,
SQLite answers "database is locked" at once (its busy handler is not used for that upgrade).
CI hit this with four processes opening one new register together. A writer here holds the
lock for half a second; the register must connect after it, in WAL mode.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from desktop.core.register.db import make_engine


def test_connect_waits_for_a_writer_before_switching_to_wal(tmp_path: Path) -> None:
    """A connection made while another holds BEGIN IMMEDIATE succeeds once it commits."""
    path = tmp_path / "register.sqlite3"
    writer = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    writer.execute("CREATE TABLE t (x)")  # a rollback-journal file, as a new one starts
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO t VALUES (1)")
    timer = threading.Timer(0.5, lambda: writer.execute("COMMIT"))
    timer.start()
    engine = make_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as conn:
            mode = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
            rows = conn.exec_driver_sql("SELECT count(*) FROM t").scalar()
    finally:
        timer.join()
        writer.close()
        engine.dispose()
    assert mode == "wal"
    assert rows == 1  # it connected after the writer's commit


def test_connect_keeps_an_existing_wal_file_without_switching(tmp_path: Path) -> None:
    """A file already in WAL mode is opened while a writer holds its lock (no switch needed)."""
    path = tmp_path / "register.sqlite3"
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute("CREATE TABLE t (x)")
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO t VALUES (1)")
    engine = make_engine(f"sqlite:///{path}")
    try:
        # the writer commits only after this block: waiting for it would end in "locked"
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("SELECT count(*) FROM t").scalar() == 0
    finally:
        writer.execute("COMMIT")
        writer.close()
        engine.dispose()
