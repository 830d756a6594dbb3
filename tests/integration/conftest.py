"""A real PostgreSQL server for the integration tests, started once per test session.

Debian's ``postgresql`` package (installed by ``.ci/run``) provides ``pg_ctl``; the server refuses
to run as root, so when the tests run as root it runs as the ``postgres`` OS user through
``runuser``, in a temporary folder owned by that user, on a free loopback port. Each test that
asks for ``postgres_url`` gets a fresh database (``CREATE DATABASE``), dropped afterwards.
Tests are skipped only when no ``pg_ctl`` exists.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest


def _pg_bin() -> Path | None:
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4])
    )
    if candidates:
        return Path(candidates[-1]).parent
    found = shutil.which("pg_ctl")
    return Path(found).parent if found else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class PostgresServer:
    """A running server: ``base_url`` lacks the database name."""

    host: str
    port: int
    user: str

    def url(self, database: str) -> str:
        """Return the SQLAlchemy URL of ``database`` on this server."""
        return f"postgresql+psycopg://{self.user}@{self.host}:{self.port}/{database}"

    def admin(self, sql: str) -> None:
        """Run one statement outside a transaction on the ``postgres`` database."""
        import psycopg

        with psycopg.connect(
            host=self.host, port=self.port, user=self.user, dbname="postgres", autocommit=True
        ) as conn:
            conn.execute(sql)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """Start a throw-away PostgreSQL server for the session (skip when there is no pg_ctl)."""
    bin_dir = _pg_bin()
    if bin_dir is None:
        pytest.skip("PostgreSQL (pg_ctl) is not installed")
    as_root = hasattr(os, "geteuid") and os.geteuid() == 0
    prefix = ["runuser", "-u", "postgres", "--"] if as_root else []
    base = Path(tempfile.mkdtemp(prefix="missiva-pg-"))
    if as_root:
        shutil.chown(base, "postgres", "postgres")
    data, log = base / "data", base / "server.log"
    port = _free_port()

    def run(*args: str) -> None:
        subprocess.run([*prefix, *args], check=True, capture_output=True, timeout=120)

    try:
        run(
            str(bin_dir / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-sync",
            "--locale=C",
        )
        options = (
            f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=60"
        )
        run(str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log), "-w", "start")
    except subprocess.CalledProcessError as exc:
        shutil.rmtree(base, ignore_errors=True)
        detail = (exc.stderr or b"").decode(errors="replace")
        pytest.fail(f"could not start PostgreSQL: {detail}")
    try:
        yield PostgresServer("127.0.0.1", port, "postgres")
    finally:
        subprocess.run(
            [*prefix, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
            timeout=60,
            check=False,
        )
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """Return the URL of a fresh, empty database, dropped after the test."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    postgres_server.admin(f'CREATE DATABASE "{name}"')
    try:
        yield postgres_server.url(name)
    finally:
        postgres_server.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
