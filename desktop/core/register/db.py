"""Engine set-up and migrations of the register database (SQLite or PostgreSQL).

SQLite: the file's folder is created, WAL mode and a busy timeout are set on every connection,
and write transactions start with ``BEGIN IMMEDIATE`` (ask for it with the execution option
``sqlite_begin="IMMEDIATE"``) so two processes never both read a counter before one writes it.
PostgreSQL: write transactions lock rows (``SELECT ... FOR UPDATE``). Migrations run to head on
open, under a lock (an immediate transaction or an advisory lock) so several processes opening a
new register at once migrate it once.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

try:
    import fcntl
except ImportError:  # Windows: rely on SQLite's busy timeout alone
    fcntl = None  # type: ignore[assignment]

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DisconnectionError, SQLAlchemyError

from desktop.core.errors import RegisterError
from desktop.core.i18n import _

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_MS = 30_000
SQLITE_BEGIN = "sqlite_begin"
_PG_MIGRATION_LOCK = 0x4D495353  # "MISS": advisory lock key for migrations
PING_AFTER_IDLE_S = 5.0  # PostgreSQL: check a pooled connection idle longer than this


def _sqlite_events(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (see _on_begin)
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            _until_not_busy(lambda: _use_wal(cursor))
            cursor.execute("PRAGMA synchronous = NORMAL")
            cursor.execute("PRAGMA foreign_keys = ON")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get(SQLITE_BEGIN, "")
        conn.exec_driver_sql(f"BEGIN {mode}".strip())


def _use_wal(cursor: Any) -> None:
    """Put the database in WAL mode unless it is already (the mode is kept in the file)."""
    (mode,) = cursor.execute("PRAGMA journal_mode").fetchone()
    if str(mode).lower() != "wal":
        cursor.execute("PRAGMA journal_mode = WAL")


def _until_not_busy(step: Callable[[], None], timeout_s: float = BUSY_TIMEOUT_MS / 1000) -> None:
    """Run ``step``, again while SQLite answers busy or locked, for at most ``timeout_s``.

    Switching a new file to WAL needs the whole file for a moment, and SQLite may answer
    "database is locked" at once, without its busy handler, while other processes open the same
    new register (seen in CI with four processes opening it together).
    """
    deadline = time.monotonic() + timeout_s
    delay = 0.005
    while True:
        try:
            step()
            return
        except sqlite3.OperationalError as exc:
            code = getattr(exc, "sqlite_errorcode", None)
            busy = code is not None and code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
            if not busy or time.monotonic() + delay > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.2)


def _ping_when_idle(engine: Engine) -> None:
    """Check a pooled connection before use, unless it was in use moments ago.

    SQLAlchemy's ``pool_pre_ping`` costs a round trip on every checkout, one in eight of the
    round trips of issuing a letter; a connection used within the last seconds is alive. A dead
    one is replaced (``DisconnectionError`` makes the pool connect afresh).
    """

    @event.listens_for(engine, "checkin")
    def _on_checkin(_dbapi_connection: Any, record: Any) -> None:
        record.info["missiva_used_at"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        used_at = record.info.get("missiva_used_at")
        if used_at is not None and time.monotonic() - used_at < PING_AFTER_IDLE_S:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)  # what pool_pre_ping runs
        except Exception as exc:  # any failure here means "do not use this connection"
            raise DisconnectionError(str(exc)) from exc


def make_engine(url: str) -> Engine:
    """Create the engine for ``url``; for SQLite create the file's folder first."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise RegisterError(
            f"not a database URL: {url!r}", hint="Check MISSIVA_DATABASE_URL."
        ) from exc
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            parsed, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
        )
        _sqlite_events(engine)
        return engine
    if parsed.drivername == "postgres":  # the short scheme some hosts hand out
        parsed = parsed.set(drivername="postgresql")
    if parsed.get_backend_name() == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        engine = create_engine(parsed)
        _ping_when_idle(engine)
        return engine
    raise RegisterError(
        f"unsupported database '{parsed.get_backend_name()}'",
        hint="Use a sqlite:/// file or a postgresql:// URL.",
    )


@contextmanager
def writer_lock(engine: Engine) -> Iterator[None]:
    """Queue SQLite writers on an OS file lock beside the database (no-op elsewhere).

    SQLite's busy handler polls with growing sleeps, so a process that commits and at once
    begins again can starve the others for longer than the busy timeout. A blocking ``flock``
    lets waiting processes (and threads) take turns; the busy timeout stays as a backstop.
    Each thread keeps its lock file open for the few databases it wrote last (an ``flock`` is
    held per open file, so threads still exclude each other).
    """
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if fcntl is None or not database or database == ":memory:" or database.startswith("file:"):
        yield
        return
    handle = _lock_file(f"{database}-writer.lock")
    fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _same_file(handle: BinaryIO, path: str) -> bool:
    try:
        return os.path.samestat(os.fstat(handle.fileno()), os.stat(path))
    except OSError:
        return False


_LOCK_FILES = threading.local()
_LOCK_FILES_KEPT = 4


def _lock_file(path: str) -> BinaryIO:
    """Return this thread's open lock file ``path`` (the last few stay open, the rest close)."""
    files: OrderedDict[str, BinaryIO] | None = getattr(_LOCK_FILES, "files", None)
    if files is None or _LOCK_FILES.pid != os.getpid():  # new thread, or a forked child
        for inherited in (files or {}).values():
            inherited.close()  # a child must not share its parent's lock
        files = _LOCK_FILES.files = OrderedDict()
        _LOCK_FILES.pid = os.getpid()
    handle = files.pop(path, None)
    if handle is not None and _same_file(handle, path):
        files[path] = handle  # now the most recent
        return handle
    if handle is not None:
        handle.close()  # the lock file was replaced: lock the one others open
    handle = open(path, "a+b")  # noqa: SIM115 - kept open on purpose, closed when evicted
    files[path] = handle
    while len(files) > _LOCK_FILES_KEPT:
        _old_path, old = files.popitem(last=False)
        old.close()
    return handle


def alembic_config(connection: Connection | None = None) -> Config:
    """Return an Alembic config for the packaged migrations (works from an installed wheel)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """Return the newest schema revision."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """Return the database's schema revision, or ``None`` for an empty database."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def migrate(engine: Engine, revision: str = "head") -> None:
    """Upgrade the database to ``revision`` under a lock (no-op when already there)."""
    target = head_revision() if revision == "head" else revision
    try:
        if current_revision(engine) == target:
            return
        options = {SQLITE_BEGIN: "IMMEDIATE"} if engine.dialect.name == "sqlite" else {}
        with engine.connect().execution_options(**options) as conn, conn.begin():
            if engine.dialect.name == "postgresql":
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_MIGRATION_LOCK})")
            if MigrationContext.configure(conn).get_current_revision() != target:
                logger.info("migrating the register to %s", target)
                command.upgrade(alembic_config(conn), target)
    except SQLAlchemyError as exc:
        raise RegisterError(
            _("cannot open or migrate the register database: {error}").format(error=exc)
        ) from exc
